//! The window's layout, one frame: the top bar, dispatches and text on the left, the
//! inspector on the right, the timeline at the bottom, the map in the centre. Builds the
//! panels' view context from the app's state, hands each panel its own state, and gathers
//! the commands they return.

use crate::ui::{self, Command, Palette, Shared};
use crate::view::{DispatchRow, Related};

use super::SitrepApp;

/// The whole window, one frame.
#[must_use]
pub(super) fn show(ui: &mut egui::Ui, app: &mut SitrepApp) -> Vec<Command> {
    let mut out = Vec::new();
    let palette = Palette::get(ui.visuals().dark_mode);
    if let Some(p) = &app.present {
        let view = ui::present::PresentView {
            story: &p.story,
            index: p.index,
            playing: p.playing,
            pause: p.pause,
            gaz: &app.gaz,
            palette,
            basemap: &app.basemap,
            stage_cleared: app.stage_cleared,
            flying: p.flight.is_some(),
        };
        let (mut out, map_rect) = ui::present::show(ui, &view, &app.map, &mut app.map_size);
        app.map_rect = map_rect;
        if let Some(p) = &mut app.present {
            p.measured = true;
        }
        out.extend(ui::file_dialog::show(
            ui.ctx(),
            &mut app.panels.files,
            palette.muted,
        ));
        return out;
    }
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
        let time = crate::view::Filter {
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
        undated_dispatches: app
            .dispatches
            .iter()
            .filter(|d| d.analysis.as_ref().is_some_and(|a| a.date.date.is_none()))
            .map(|d| d.id)
            .collect(),
        search: app.search.as_ref().map(|(_, r)| r.clone()),
    };
    let rows: Vec<DispatchRow<'_>> = app.dispatches.iter().map(super::Dispatch::row).collect();
    let current = rows.get(app.active).copied();

    egui::Panel::top("top_bar")
        .frame(egui::Frame::side_top_panel(ui.style()).inner_margin(egui::Margin::symmetric(8, 6)))
        .show(ui, |ui| {
            out.extend(ui::top_bar::show(
                ui,
                &shared,
                current,
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
            out.extend(ui::dispatches::show(
                ui,
                &shared,
                &rows,
                app.active,
                app.show_all,
            ));
            ui.separator();
            out.extend(ui::text::show(ui, &shared, current, &mut app.panels.text));
        });
    egui::Panel::right("inspector")
        .resizable(true)
        .default_size(right_width)
        .size_range(220.0..=600.0)
        .show(ui, |ui| {
            out.extend(ui::inspector::show(ui, &shared, &mut app.panels.inspector));
        });
    egui::Panel::bottom("timeline")
        .resizable(true)
        .default_size(210.0)
        .size_range(90.0..=600.0)
        .show(ui, |ui| {
            out.extend(ui::timeline::show(ui, &shared, &mut app.timeline));
            // Keep the panel's size while it has little to show (an analysis
            // still running): a panel that shrinks to its content would be
            // remembered at its minimum.
            ui.set_min_height(ui.available_height());
        });
    // No fill: the basemap paints the sea itself, only where the relief leaves it showing.
    app.map_rect = egui::CentralPanel::default()
        .frame(egui::Frame::NONE)
        .show(ui, |ui| {
            out.extend(ui::map::show(ui, &shared, &mut app.map, &mut app.map_size));
        })
        .response
        .rect;
    out.extend(ui::paste::show(ui.ctx(), &mut app.panels.paste));
    out.extend(ui::file_dialog::show(
        ui.ctx(),
        &mut app.panels.files,
        palette.muted,
    ));
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
