//! sitrep: places, times and events from conflict reporting, for a map and a
//! timeline. This library is the analysis core; it never imports egui (the
//! `gui` feature adds the desktop app on top, in `app`).
//!
//! See `ARCHITECTURE.md` for the module map and what may depend on what.

pub mod analysis;
pub mod events;
pub mod export;
pub mod files;
pub mod gazetteer;
pub mod jsonl;
pub mod lang;
pub mod lexicon;
pub mod map;
pub mod output;
pub mod places;
pub mod project;
pub mod span;
pub mod text;
pub mod time;
pub mod view;

pub use span::{CharOffsets, Span};
pub mod cli;

#[cfg(feature = "gui")]
pub mod app;
#[cfg(feature = "gui")]
pub mod ui;
