//! The top bar: open, paste, the article date (detected or set), search,
//! theme, the Export menu.

use chrono::NaiveDate;

use crate::analysis::DateHint;
use crate::view::DispatchRow;

use super::Command;
use crate::export::Format;
use crate::text::DateSource;
use crate::view::search::Hit;

use super::Shared;

/// Text fields of the top bar.
#[derive(Default)]
pub struct TopBarState {
    /// The date field's text while it is being edited.
    pub date: Option<String>,
    /// The search's query, and where its results were shown last frame.
    pub search: String,
    pub results_rect: Option<egui::Rect>,
}

fn source_label(s: DateSource) -> &'static str {
    match s {
        DateSource::User => "set by you",
        DateSource::Dateline => "from the dateline",
        DateSource::Published => "from the published line",
        DateSource::Metadata => "from the file's metadata",
        DateSource::Unknown => "unknown",
    }
}

#[must_use]
pub fn show(
    ui: &mut egui::Ui,
    s: &Shared<'_>,
    current: Option<DispatchRow<'_>>,
    state: &mut TopBarState,
    dark: bool,
) -> Vec<Command> {
    let mut out = Vec::new();
    ui.horizontal(|ui| {
        ui.label(egui::RichText::new("sitrep").strong().size(16.0));
        ui.separator();
        if ui
            .button("Open…")
            .on_hover_text("Open a text, Markdown or HTML file (or drop files on the window)")
            .clicked()
        {
            out.push(Command::OpenDialog);
        }
        if ui.button("Paste as new dispatch").clicked() {
            out.push(Command::ShowPaste);
        }
        ui.menu_button("Project", |ui| {
            if ui
                .button("Open project…")
                .on_hover_text("Replace the open dispatches with a saved project's")
                .clicked()
            {
                out.push(Command::OpenProjectDialog);
            }
            if ui
                .button("Save project as…")
                .on_hover_text("Save the dispatches, dates, corrections and view to share them")
                .clicked()
            {
                out.push(Command::SaveProjectDialog);
            }
        });
        ui.separator();
        date_field(ui, s, current, state, &mut out);
        ui.separator();
        search(ui, s, state, &mut out);
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            export_menu(ui, s, &mut out);

            if ui
                .button(if dark { "Light theme" } else { "Dark theme" })
                .on_hover_text("Switch between the light and the dark theme")
                .clicked()
            {
                out.push(Command::ToggleTheme);
            }
            if s.analysing {
                ui.spinner().on_hover_text("analysing…");
            }
            if let Some(status) = &s.status {
                ui.label(egui::RichText::new(status).color(s.palette.muted));
            }
        });
    });
    out
}

/// How the Export menu names a format.
#[must_use]
pub fn format_label(f: Format) -> &'static str {
    match f {
        Format::GeoJson => "GeoJSON",
        Format::Csv => "CSV (one row per event)",
        Format::Kml => "KML (Google Earth)",
        Format::Gpkg => "GeoPackage",
        Format::TimelineJs => "TimelineJS",
        Format::Svg => "SVG map",
        Format::Html => "Briefing page (HTML)",
        Format::Story => "Story page, one slide per event (HTML)",
    }
}

/// The PNG entries of the Export menu: the window, and the map alone.
pub const CAPTURE_LABEL: &str = "Current view as PNG";
pub const CAPTURE_MAP_LABEL: &str = "The map alone as PNG";

fn export_menu(ui: &mut egui::Ui, s: &Shared<'_>, out: &mut Vec<Command>) {
    ui.menu_button("Export…", |ui| {
        let any = s.analysis.is_some();
        for f in Format::ALL {
            let r = ui
                .add_enabled(any, egui::Button::new(format_label(f)))
                .on_hover_text(format!(
                    "Every open dispatch, corrections applied, as .{}",
                    f.extension()
                ));
            if r.clicked() {
                out.push(Command::ExportDialog(f));
                ui.close();
            }
        }
        ui.separator();
        for (label, what, tip) in [
            (
                CAPTURE_LABEL,
                super::Capture::Window,
                "The window as you see it, as a PNG image",
            ),
            (
                CAPTURE_MAP_LABEL,
                super::Capture::Map,
                "The map as you see it (its legend and scale too), without the panels",
            ),
        ] {
            if ui.button(label).on_hover_text(tip).clicked() {
                out.push(Command::CaptureDialog(what));
                ui.close();
            }
        }
    })
    .response
    .on_hover_text("Export the open dispatches, or save the view as an image");
}

fn date_field(
    ui: &mut egui::Ui,
    s: &Shared<'_>,
    current: Option<DispatchRow<'_>>,
    state: &mut TopBarState,
    out: &mut Vec<Command>,
) {
    let date = s.analysis.as_ref().map(|a| a.date);
    let shown = date
        .and_then(|d| d.date)
        .map_or_else(String::new, |d| d.to_string());
    ui.label("Article date");
    let mut text = state.date.clone().unwrap_or_else(|| shown.clone());
    let resp = ui.add(
        egui::TextEdit::singleline(&mut text)
            .hint_text("YYYY-MM-DD")
            .desired_width(92.0)
            .id_salt("article_date"),
    );
    crate::ui::label_widget(&resp, egui::Role::TextInput, "Article date");
    if resp.changed() {
        state.date = Some(text.clone());
    }
    let submitted = resp.lost_focus();
    let valid = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok();
    if submitted {
        if let Some(d) = valid
            && text.trim() != shown
        {
            out.push(Command::SetDate(DateHint::User(d)));
        }
        state.date = None;
    } else if state.date.is_some() && valid.is_none() && !text.trim().is_empty() {
        ui.colored_label(s.palette.reported, "YYYY-MM-DD");
    }
    if let Some(d) = date {
        ui.label(
            egui::RichText::new(source_label(d.source))
                .color(s.palette.muted)
                .small(),
        );
    }
    if current.is_some_and(|c| matches!(c.hint, DateHint::User(_)))
        && ui
            .small_button("detect")
            .on_hover_text("Use the date found in the dispatch")
            .clicked()
    {
        out.push(Command::SetDate(DateHint::Detect));
    }
}

fn search(ui: &mut egui::Ui, s: &Shared<'_>, state: &mut TopBarState, out: &mut Vec<Command>) {
    let resp = ui.add(
        egui::TextEdit::singleline(&mut state.search)
            .hint_text("Search all dispatches…")
            .desired_width(200.0)
            .id_salt("search"),
    );
    crate::ui::label_widget(&resp, egui::Role::TextInput, "Search");
    if resp.has_focus() && ui.input(|i| i.key_pressed(egui::Key::Escape)) {
        state.search.clear();
        state.results_rect = None;
        return;
    }
    let Some(results) = s.search.as_deref() else {
        state.results_rect = None;
        return;
    };
    let pick = |hit: &Hit| {
        if hit.dispatch == s.active_id {
            Command::Select(Some(hit.item))
        } else {
            Command::SelectIn(hit.dispatch, hit.item)
        }
    };
    if resp.lost_focus()
        && ui.input(|i| i.key_pressed(egui::Key::Enter))
        && let Some(first) = results.hits.first()
    {
        out.push(pick(first));
        state.search.clear();
        state.results_rect = None;
        return;
    }
    // The results show while the field has the keyboard or the pointer is on
    // them: a click on the map puts them away (the query stays in the field).
    let pointer_on = state
        .results_rect
        .zip(ui.input(|i| i.pointer.hover_pos()))
        .is_some_and(|(r, p)| r.contains(p));
    if !(resp.has_focus() || pointer_on) {
        state.results_rect = None;
        return;
    }
    let popup_id = ui.make_persistent_id("search_results");
    let area = egui::Area::new(popup_id)
        .order(egui::Order::Foreground)
        .fixed_pos(resp.rect.left_bottom() + egui::vec2(0.0, 4.0))
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.set_min_width(340.0);
                ui.set_max_width(420.0);
                if results.hits.is_empty() {
                    ui.label(
                        egui::RichText::new("Nothing matches in the open dispatches")
                            .color(s.palette.muted),
                    );
                    return;
                }
                egui::ScrollArea::vertical()
                    .max_height(420.0)
                    .show(ui, |ui| {
                        for (id, name, count) in &results.dispatches {
                            ui.label(
                                egui::RichText::new(format!("{name} · {count}"))
                                    .small()
                                    .strong()
                                    .color(s.palette.muted),
                            );
                            for hit in results.of(*id) {
                                let on = hit.dispatch == s.active_id
                                    && s.selection.item == Some(hit.item);
                                let r = ui.selectable_label(on, &hit.label);
                                ui.label(
                                    egui::RichText::new(&hit.snippet)
                                        .small()
                                        .color(s.palette.muted),
                                );
                                if r.hovered() && hit.dispatch == s.active_id {
                                    out.push(Command::Hover(hit.item));
                                }
                                if r.clicked() {
                                    out.push(pick(hit));
                                    state.search.clear();
                                }
                            }
                            ui.add_space(4.0);
                        }
                        if results.more > 0 {
                            ui.label(
                                egui::RichText::new(format!(
                                    "{} more not listed: add a word to narrow the search",
                                    results.more
                                ))
                                .small()
                                .color(s.palette.muted),
                            );
                        }
                    });
            });
        });
    state.results_rect = (!state.search.is_empty()).then_some(area.response.rect);
}
