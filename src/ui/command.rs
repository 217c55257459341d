//! What the panels ask for. Panels never change app state: they return
//! commands, and the app applies them once, at the end of the frame.

use std::path::PathBuf;

use crate::analysis::DateHint;
use crate::export::Format;
use crate::view::Item;
use crate::view::corrections::Correction;

/// One request from a panel.
#[must_use]
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// The pointer is over this item (this frame).
    Hover(Item),
    /// Select an item of the active dispatch, or clear the selection.
    Select(Option<Item>),
    /// Make this dispatch the active one.
    Activate(u64),
    /// Make this dispatch active, then select one of its items (a click on
    /// another dispatch's event with all dispatches shown).
    SelectIn(u64, Item),
    /// Show this dispatch's marks only, or every (unhidden) dispatch's.
    ShowAll(bool),
    /// Leave a dispatch out of "all dispatches" (the filter by dispatch).
    SetHidden(u64, bool),
    Close(u64),
    /// Ask which files to open (several may be picked).
    OpenDialog,
    OpenPath(PathBuf),
    /// Open several files (a dialog's or a drop's); progress shows as "n of m".
    OpenPaths(Vec<PathBuf>),
    /// Ask where to save the project / which project to open.
    SaveProjectDialog,
    OpenProjectDialog,
    /// Write the session to this project file (atomically).
    SaveProject(PathBuf),
    /// Replace the session with this project file's; a file that cannot be
    /// read changes nothing and shows a banner.
    OpenProject(PathBuf),
    /// Open the "Paste as new dispatch" modal.
    ShowPaste,
    NewDispatch {
        name: String,
        text: String,
    },
    /// Set the active dispatch's date hint and re-run its analysis.
    SetDate(DateHint),
    /// Set the same article date for several dispatches (each undoable) and re-run them.
    SetDateFor(Vec<u64>, chrono::NaiveDate),
    /// Add a correction to the active dispatch (and re-run it).
    Correct(Correction),
    Undo,
    Redo,
    /// Set the timeline's time window (first and last day, inclusive), or
    /// clear it: the map then shows only places with events in it.
    SetWindow(Option<(chrono::NaiveDate, chrono::NaiveDate)>),
    /// Sweep the window through the data's time range, or pause.
    Play(bool),
    FitMap,
    FitTimeline,
    ToggleTheme,
    DismissBanner,
    /// Enter present mode (full screen, one event at a time) on what the map shows, or
    /// leave it.
    Present(bool),
    /// Step through present mode's slides.
    PresentGo(crate::view::present::Go),
    /// Advance present mode's slides by themselves, or stop.
    PresentPlay(bool),
    /// How long play stays on each slide, in seconds.
    PresentPause(f32),
    /// Ask where to export the open dispatches in this format (save dialog).
    ExportDialog(Format),
    /// Export the open dispatches (corrections applied) to this file.
    Export {
        format: Format,
        path: PathBuf,
    },
    /// Ask where to save a PNG of the window or the map (save dialog).
    CaptureDialog(Capture),
    /// Save the window or the map, as the app paints it, to this PNG file.
    Capture(PathBuf, Capture),
    /// Show this folder in sitrep's own file dialog (or, for a file, its
    /// folder with the file picked).
    Browse(PathBuf),
}

/// What "as PNG" saves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Capture {
    /// The whole window as it is painted (in present mode: the slide).
    Window,
    /// The map alone, with its legend and scale.
    Map,
}

impl Capture {
    /// "the view", "the map": for titles and banners.
    #[must_use]
    pub fn noun(self) -> &'static str {
        match self {
            Self::Window => "the view",
            Self::Map => "the map",
        }
    }
}
