//! The panels. Each takes the frame's view context ([`Shared`]), its own state and the view
//! models it paints, and returns [`Command`]s; none changes app state itself, and none
//! knows the app (`crate::app` lays them out and owns their state).
//!
//! Must not: import `crate::app`, run analyses, touch files, or make colours outside
//! [`theme`].

pub mod basemap;
pub mod command;
pub mod dispatches;
pub mod file_dialog;
pub mod inspector;
pub mod map;
pub mod paste;
pub mod present;
pub mod text;
pub mod theme;
pub mod timeline;
pub mod top_bar;

use std::sync::Arc;

use crate::analysis::Analysis;
use crate::gazetteer::Gazetteer;
use crate::view::{Item, Models, Related, Selection};

pub use command::{Capture, Command};
pub use theme::Palette;

/// What every panel reads this frame.
pub struct Shared<'a> {
    pub gaz: &'a Gazetteer,
    pub analysis: Option<Arc<Analysis>>,
    pub models: Option<Arc<Models>>,
    /// What the map and timeline draw: `models`, or with all dispatches
    /// shown, every shown dispatch's combined.
    pub shown: Option<Arc<Models>>,
    /// With all dispatches shown: the dispatch of each timeline bar.
    pub bar_dispatch: Option<Arc<Vec<u64>>>,
    /// The active dispatch's id (0: none).
    pub active_id: u64,
    pub selection: &'a Selection,
    /// Last frame's hover.
    pub hover: Option<Item>,
    pub hover_related: Related,
    pub palette: Palette,
    pub analysing: bool,
    /// Work in progress, in words ("opening 12 of 500", "analysed 40 of 500").
    pub status: Option<String>,
    /// The brushed time window (first and last day), if any.
    pub window: Option<(chrono::NaiveDate, chrono::NaiveDate)>,
    pub playing: bool,
    /// The places the map shows while a filter is on (`None`: all).
    pub kept_places: Option<std::collections::HashSet<crate::gazetteer::PlaceId>>,
    pub basemap: std::rc::Rc<basemap::NaturalEarth>,
    /// The analysed dispatches without an article date (ids), for the prompt that sets one.
    pub undated_dispatches: Vec<u64>,
    /// The top bar's search, across every open dispatch (`None`: no query).
    pub search: Option<Arc<crate::view::search::Results>>,
}

impl Shared<'_> {
    /// Whether `item` is hovered (directly or through what the hover brings along).
    #[must_use]
    pub fn hovered(&self, item: Item) -> bool {
        self.hover == Some(item) || related_has(&self.hover_related, item)
    }

    /// Whether `item` is selected (directly or through what the selection brings along).
    #[must_use]
    pub fn selected(&self, item: Item) -> bool {
        self.selection.item == Some(item) || related_has(&self.selection.related, item)
    }
}

fn related_has(r: &Related, item: Item) -> bool {
    match item {
        Item::Mention(i) => r.mentions.contains(&i),
        Item::Time(i) => r.times.contains(&i),
        Item::Event(i) => r.events.contains(&i),
        Item::Place(id) => r.place.is_some_and(|p| p.0 == id),
        Item::Dispatch(_) => false,
    }
}

/// Gives a painted-only area an AccessKit label so screen readers and tests find it.
pub fn label_widget(response: &egui::Response, kind: egui::Role, label: &str) {
    let label = label.to_owned();
    response.widget_info(move || egui::WidgetInfo::labeled(kind, true, &label));
}
