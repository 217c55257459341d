//! The project file: the dispatches a user has open, their dates and
//! corrections, and the view, as JSON. The app autosaves its session in this
//! format and "Save project as" writes the same thing elsewhere; `sitrep
//! export --project` reads it. Egui-free, so the CLI and tests use it too.
//!
//! Writes are atomic ([`crate::files`]: a temporary file in the same
//! folder, flushed, then renamed over the target), so a crash or a kill
//! never leaves half a file;
//! a file that cannot be read is a typed error naming it, never a default.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::analysis::{Analysis, DateHint};
use crate::gazetteer::Gazetteer;
use crate::map::MapView;
use crate::text::DateSource;
use crate::view::corrections::{Correction, apply};
use crate::view::timeline::TimelineView;

/// The newest project format this build writes and reads.
pub const VERSION: u32 = 1;

/// One dispatch as saved in the session file.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SavedDispatch {
    pub name: String,
    pub text: String,
    /// The date the file's metadata carried, if any.
    pub meta_date: Option<NaiveDate>,
    /// The date the user set, if any (else detected).
    pub user_date: Option<NaiveDate>,
    pub corrections: Vec<Correction>,
    pub warnings: Vec<String>,
    /// Where the map was looking when this dispatch was last shown (absent: fit it to its
    /// places when it is opened).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub map: Option<MapView>,
}

/// Everything saved between runs (except the layout, which egui's memory keeps).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Session {
    pub version: u32,
    pub dispatches: Vec<SavedDispatch>,
    /// Index of the open dispatch.
    pub active: usize,
    pub map: MapView,
    pub timeline: TimelineView,
    pub dark: bool,
}

impl Default for Session {
    fn default() -> Self {
        Self {
            version: VERSION,
            dispatches: Vec::new(),
            active: 0,
            map: MapView::default(),
            timeline: TimelineView::default(),
            dark: false,
        }
    }
}

impl SavedDispatch {
    /// How the article date is chosen for this dispatch.
    #[must_use]
    pub fn hint(&self) -> DateHint {
        self.user_date.map_or(DateHint::Detect, DateHint::User)
    }

    /// The analysis of this dispatch with its corrections applied: what the
    /// app shows and what exports write.
    #[must_use]
    pub fn analyse(&self, gaz: &Gazetteer) -> Analysis {
        let meta = self.meta_date.map(|d| (d, DateSource::Metadata));
        let mut a = Analysis::run(self.name.clone(), self.text.clone(), self.hint(), meta, gaz);
        apply(&mut a, &self.corrections, gaz);
        a
    }
}

/// Why a project file could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum ProjectError {
    #[error("{path}: cannot read the project file: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: not a sitrep project file (line {line}, column {column}: {message})")]
    Corrupt {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error(
        "{path}: the project was written by a newer sitrep (format {found}, this one reads up to {VERSION})"
    )]
    TooNew { path: PathBuf, found: u32 },
    #[error("{path}: cannot write the project file: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl Session {
    /// Reads a project file.
    ///
    /// # Errors
    /// When the file cannot be read, is not a project, or is too new.
    pub fn load(path: &Path) -> Result<Session, ProjectError> {
        let bytes = crate::files::read(path).map_err(|source| ProjectError::Read {
            path: path.to_owned(),
            source,
        })?;
        Self::from_json(&bytes, path)
    }

    /// Parses a project from bytes; `path` names it in errors.
    ///
    /// # Errors
    /// When the bytes are not a project, or one that is too new.
    pub fn from_json(bytes: &[u8], path: &Path) -> Result<Session, ProjectError> {
        let session: Session =
            serde_json::from_slice(bytes).map_err(|e| ProjectError::Corrupt {
                path: path.to_owned(),
                line: e.line(),
                column: e.column(),
                message: e.to_string(),
            })?;
        if session.version > VERSION {
            return Err(ProjectError::TooNew {
                path: path.to_owned(),
                found: session.version,
            });
        }
        Ok(session)
    }

    /// Writes the project to `path` atomically, creating its folder.
    ///
    /// # Errors
    /// When the folder or file cannot be written; `path` is then untouched.
    pub fn save(&self, path: &Path) -> Result<(), ProjectError> {
        let json = serde_json::to_vec_pretty(self).expect("a session always serializes");
        crate::files::write(path, &json).map_err(|source| ProjectError::Write {
            path: path.to_owned(),
            source,
        })
    }
}
