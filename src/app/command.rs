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
    Close(u64),
    /// Show the native file dialog.
    OpenDialog,
    OpenPath(PathBuf),
    /// Open the "Paste as new dispatch" modal.
    ShowPaste,
    NewDispatch {
        name: String,
        text: String,
    },
    /// Set the active dispatch's date hint and re-run its analysis.
    SetDate(DateHint),
    /// Add a correction to the active dispatch (and re-run it).
    Correct(Correction),
    Undo,
    Redo,
    FitMap,
    FitTimeline,
    ToggleTheme,
    DismissBanner,
    /// Ask where to export the open dispatches in this format (save dialog).
    ExportDialog(Format),
    /// Export the open dispatches (corrections applied) to this file.
    Export {
        format: Format,
        path: PathBuf,
    },
    /// Ask where to save a PNG of the current view (save dialog).
    CaptureDialog,
    /// Save the current view, as the app paints it, to this PNG file.
    Capture(PathBuf),
}
