//! Typed errors of the gazetteer.

use std::path::PathBuf;

/// Why a gazetteer or overlay file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum GazetteerError {
    #[error("cannot read gazetteer file {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("gazetteer file {file} is corrupt: {what}")]
    Corrupt { file: String, what: String },
    #[error(
        "gazetteer file {file} has format version {found}, this sitrep reads version {expected}: rebuild it with `cargo run --release --features builder --bin build-gazetteer`"
    )]
    Version {
        file: String,
        found: u32,
        expected: u32,
    },
    #[error("cannot build the gazetteer: {what}")]
    Build { what: String },
    #[error("overlay file {}: {what}", path.display())]
    Overlay { path: PathBuf, what: String },
}

/// One overlay row that could not be loaded; the other rows still load.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}:{line}: {what}", path.display())]
pub struct OverlayRowError {
    pub path: PathBuf,
    /// 1-based line number in the file.
    pub line: u64,
    pub what: String,
}
