//! What the panels ask for. Panels never change app state: they return
//! commands, and the app applies them once, at the end of the frame.

use std::path::PathBuf;

use crate::analysis::DateHint;
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
}
