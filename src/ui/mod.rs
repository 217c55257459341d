//! The panels. Each paints view models and the app's view state, and returns
//! [`Command`]s; none changes app state itself. [`show`] lays them out: top
//! bar, dispatches and text on the left, inspector on the right, timeline at
//! the bottom, map in the centre.
//!
//! Must not: run analyses, touch files, or make colours outside [`theme`].

pub mod basemap;
pub mod dispatches;
pub mod inspector;
pub mod map;
pub mod paste;
pub mod text;
pub mod theme;
pub mod timeline;
pub mod top_bar;

use std::sync::Arc;

use crate::analysis::Analysis;
use crate::app::{Command, Models, Selection, SitrepApp};
use crate::gazetteer::Gazetteer;
use crate::view::{Item, Related};

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

/// The whole window, one frame.
#[must_use]
pub fn show(ui: &mut egui::Ui, app: &mut SitrepApp) -> Vec<Command> {
    let mut out = Vec::new();
    let palette = Palette::get(ui.visuals().dark_mode);
    // First-start panel sizes follow the window, so the map keeps room on a
    // 1024-wide laptop and the text is not a narrow strip on a 2560 screen
    // (after that, the sizes the user drags to are remembered).
    let width = ui.available_width();
    let left_width = (width * 0.3).clamp(260.0, 560.0);
    let right_width = (width * 0.22).clamp(230.0, 420.0);
    let (analysis, models, analysing, active_id) = match app.dispatches.get(app.active) {
        Some(d) => (d.analysis.clone(), d.models.clone(), d.analysing(), d.id),
        None => (None, None, false, 0),
    };
    let (shown, bar_dispatch) = app.shown();
    let hover_related = match &analysis {
        Some(a) => Related::of(app.hover, a),
        None => Related::default(),
    };
    let gaz = app.gazetteer().clone();
    let selection = app.selection.clone();
    // The time window (and types) hide places; the dispatch filter is
    // applied by leaving hidden dispatches out of the combination.
    let kept_places = crate::view::map::filters_places(&app.filter).then(|| {
        let time = crate::export::Filter {
            sources: None,
            ..app.filter.clone()
        };
        let mut kept = std::collections::HashSet::new();
        for d in &app.dispatches {
            let here = if app.show_all {
                !d.hidden
            } else {
                d.id == active_id
            };
            if here && let Some(a) = &d.analysis {
                kept.extend(crate::view::map::places_kept(a, &time));
            }
        }
        kept
    });
    let shared = Shared {
        gaz: &gaz,
        analysis,
        models,
        shown,
        bar_dispatch,
        active_id,
        selection: &selection,
        hover: app.hover,
        hover_related,
        palette,
        analysing: analysing || app.busy(),
        status: status(app),
        window: app.filter.from.zip(app.filter.to),
        playing: app.playing,
        kept_places,
        basemap: app.basemap.clone(),
    };

    egui::Panel::top("top_bar")
        .frame(egui::Frame::side_top_panel(ui.style()).inner_margin(egui::Margin::symmetric(8, 6)))
        .show(ui, |ui| {
            out.extend(top_bar::show(
                ui,
                &shared,
                app.dispatches.get(app.active),
                &mut app.panels.top,
                app.dark,
            ));
        });
    if let Some(b) = app.banner.clone() {
        egui::Panel::top("banner")
            .frame(
                egui::Frame::new()
                    .fill(if b.error {
                        palette.error_bg
                    } else {
                        palette.warn_bg
                    })
                    .inner_margin(6),
            )
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.label(egui::RichText::new(&b.text).color(palette.text));
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        if ui.button("Dismiss").clicked() {
                            out.push(Command::DismissBanner);
                        }
                    });
                });
            });
    }
    egui::Panel::left("dispatch_panel")
        .resizable(true)
        .default_size(left_width)
        .size_range(220.0..=900.0)
        .show(ui, |ui| {
            out.extend(dispatches::show(
                ui,
                &shared,
                &app.dispatches,
                app.active,
                app.show_all,
            ));
            ui.separator();
            out.extend(text::show(
                ui,
                &shared,
                app.dispatches.get(app.active),
                &mut app.panels.text,
            ));
        });
    egui::Panel::right("inspector")
        .resizable(true)
        .default_size(right_width)
        .size_range(220.0..=600.0)
        .show(ui, |ui| {
            out.extend(inspector::show(ui, &shared, &mut app.panels.inspector));
        });
    egui::Panel::bottom("timeline")
        .resizable(true)
        .default_size(210.0)
        .size_range(90.0..=600.0)
        .show(ui, |ui| {
            out.extend(timeline::show(ui, &shared, &mut app.timeline));
            // Keep the panel's size while it has little to show (an analysis
            // still running): a panel that shrinks to its content would be
            // remembered at its minimum.
            ui.set_min_height(ui.available_height());
        });
    egui::CentralPanel::default()
        .frame(egui::Frame::new().fill(palette.map_water))
        .show(ui, |ui| {
            out.extend(map::show(ui, &shared, &mut app.map, &mut app.map_size));
        });
    out.extend(paste::show(ui.ctx(), &mut app.panels.paste));
    out
}

/// "opening 12 of 500", "analysed 40 of 500", or nothing when idle.
fn status(app: &SitrepApp) -> Option<String> {
    let p = app.opening;
    if p.total > 1 {
        return Some(format!("opening {} of {}", p.done, p.total));
    }
    let waiting = app.dispatches.iter().filter(|d| d.analysing()).count();
    let total = app.dispatches.len();
    (waiting > 1).then(|| format!("analysed {} of {total}", total - waiting))
}

/// Gives a painted-only area an AccessKit label so screen readers and tests find it.
pub fn label_widget(response: &egui::Response, kind: egui::Role, label: &str) {
    let label = label.to_owned();
    response.widget_info(move || egui::WidgetInfo::labeled(kind, true, &label));
}
