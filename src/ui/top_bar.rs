//! The top bar: open, paste, the article date (detected or set), search,
//! theme, the Export menu.

use chrono::NaiveDate;

use crate::analysis::DateHint;
use crate::view::DispatchRow;

use super::Command;
use crate::export::Format;
use crate::gazetteer::PlaceId;
use crate::text::DateSource;
use crate::view::Item;

use super::Shared;

/// Text fields of the top bar.
#[derive(Default)]
pub struct TopBarState {
    /// The date field's text while it is being edited.
    pub date: Option<String>,
    pub search: String,
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

/// The PNG entry of the Export menu.
pub const CAPTURE_LABEL: &str = "Current view as PNG";

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
        if ui
            .button(CAPTURE_LABEL)
            .on_hover_text("The window as you see it, as a PNG image")
            .clicked()
        {
            out.push(Command::CaptureDialog);
            ui.close();
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
            .hint_text("Search places, events…")
            .desired_width(200.0)
            .id_salt("search"),
    );
    crate::ui::label_widget(&resp, egui::Role::TextInput, "Search");
    let q = state.search.trim().to_lowercase();
    if q.is_empty() {
        return;
    }
    let Some(a) = s.analysis.as_ref() else { return };
    let mut hits: Vec<(String, Item)> = Vec::new();
    let mut seen: Vec<PlaceId> = Vec::new();
    for m in &a.places.mentions {
        let Some(id) = m.place else { continue };
        if seen.contains(&id) {
            continue;
        }
        let name = s.gaz.get(id).map_or("", |p| p.name);
        if name.to_lowercase().contains(&q) || a.doc.text[m.span].to_lowercase().contains(&q) {
            seen.push(id);
            hits.push((format!("place · {name}"), Item::place(id)));
        }
    }
    for e in &a.events {
        if e.kind.id().contains(&q) || a.doc.text[e.trigger].to_lowercase().contains(&q) {
            hits.push((
                format!(
                    "{} · “{}”",
                    e.kind.id().replace('_', " "),
                    &a.doc.text[e.trigger]
                ),
                Item::Event(e.id),
            ));
        }
    }
    if resp.has_focus() && ui.input(|i| i.key_pressed(egui::Key::Escape)) {
        state.search.clear();
        return;
    }
    // The results stay open while there is a query; picking one clears it.
    let popup_id = ui.make_persistent_id("search_results");
    egui::Area::new(popup_id)
        .order(egui::Order::Foreground)
        .fixed_pos(resp.rect.left_bottom() + egui::vec2(0.0, 4.0))
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.set_min_width(260.0);
                if hits.is_empty() {
                    ui.label(
                        egui::RichText::new("nothing in this dispatch").color(s.palette.muted),
                    );
                }
                for (label, item) in hits.into_iter().take(12) {
                    let r = ui.selectable_label(s.selection.item == Some(item), label);
                    if r.hovered() {
                        out.push(Command::Hover(item));
                    }
                    if r.clicked() {
                        out.push(Command::Select(Some(item)));
                        state.search.clear();
                    }
                }
            });
        });
}
