//! View models: what the app's panels show, computed from an
//! [`Analysis`](crate::analysis::Analysis) without egui, so they can be tested
//! and benchmarked headless. Also the shared [`Item`] type for selection and
//! hover, the [`Filter`] the views and exports share, the bundle of view models, the selection and what panels read of a dispatch
//! ([`models`]), timeline scales
//! ([`timeline`]), present mode's story of slides ([`present`]), user corrections ([`corrections`]), search across dispatches ([`search`]) and the reference towns the basemap
//! names ([`reference`]).
//!
//! Must not: import egui, read the clock, or hold state between frames.

pub mod corrections;
pub mod filter;
pub mod item;
pub mod map;
pub mod models;
pub mod palette;
pub mod present;
pub mod reference;
pub mod search;
pub mod text;
pub mod timeline;

pub use filter::Filter;
pub use item::{Item, Related};
pub use models::{DispatchRow, Models, Selection};
