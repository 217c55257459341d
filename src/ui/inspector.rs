//! The inspector: what the selected item is and why, and the corrections the
//! user can make to it (another candidate, any gazetteer entry, not a place,
//! a time's value, an event's type or status).

use super::Command;
use crate::analysis::Analysis;
use crate::events::EventType;
use crate::gazetteer::{Gazetteer, Place, PlaceId};
use crate::view::Item;
use crate::view::corrections::{Correction, STATUSES, char_span, status_name};

use super::Shared;

/// Edit buffers of the inspector.
#[derive(Default)]
pub struct InspectorState {
    pub lookup: String,
    pub time_value: Option<String>,
    /// "Mark words as a place": the exact words, and the entry searched for.
    pub add_words: String,
    pub add_lookup: String,
    /// A place correction for this mention only, not every mention of its name.
    pub only_here: bool,
}

impl InspectorState {
    /// Forgets the edit buffers (the selection changed).
    pub fn reset(&mut self) {
        *self = Self::default();
    }
}

fn row(ui: &mut egui::Ui, key: &str, value: impl Into<egui::WidgetText>) {
    ui.label(egui::RichText::new(key).weak());
    ui.label(value);
    ui.end_row();
}

fn place_grid(ui: &mut egui::Ui, gaz: &Gazetteer, p: &Place<'_>, id: &str) {
    egui::Grid::new(id)
        .num_columns(2)
        .spacing([10.0, 4.0])
        .show(ui, |ui| {
            row(
                ui,
                "kind",
                if p.capital { "capital" } else { p.kind.label() },
            );
            let country = p
                .country
                .and_then(|c| gaz.country(c))
                .map_or("—", |c| c.name);
            row(ui, "country", country);
            row(ui, "admin-1", p.admin1.unwrap_or("—"));
            row(ui, "coordinates", format!("{:.4}, {:.4}", p.lat, p.lon));
            row(
                ui,
                "population",
                if p.population > 0 {
                    p.population.to_string()
                } else {
                    "—".into()
                },
            );
            if let Some(g) = p.geonameid {
                row(ui, "GeoNames", g.to_string());
            }
        });
}

#[must_use]
pub fn show(ui: &mut egui::Ui, s: &Shared<'_>, state: &mut InspectorState) -> Vec<Command> {
    let mut out = Vec::new();
    ui.add_space(4.0);
    ui.strong("Inspector");
    ui.separator();
    let Some(a) = s.analysis.as_ref() else {
        return out;
    };
    egui::ScrollArea::vertical()
        .id_salt("inspector")
        .auto_shrink([false, false])
        .show(ui, |ui| match s.selection.item {
            None => {
                overview(ui, s, a);
                add_place(ui, s, a, state, &mut out);
            }
            Some(Item::Mention(i)) => mention(ui, s, a, i, state, &mut out),
            Some(Item::Place(id)) => {
                let first = a
                    .places
                    .mentions
                    .iter()
                    .position(|m| m.place == Some(PlaceId(id)));
                match first {
                    Some(i) => mention(ui, s, a, i, state, &mut out),
                    None => {
                        ui.label("This place is not mentioned any more.");
                    }
                }
            }
            Some(Item::Time(i)) => time(ui, s, a, i, state, &mut out),
            Some(Item::Event(i)) => event(ui, s, a, i, &mut out),
            Some(Item::Dispatch(_)) => overview(ui, s, a),
        });
    out
}

fn overview(ui: &mut egui::Ui, s: &Shared<'_>, a: &Analysis) {
    let resolved = a
        .places
        .mentions
        .iter()
        .filter(|m| m.place.is_some())
        .count();
    ui.label(format!(
        "{} place mentions ({} resolved), {} time expressions, {} events.",
        a.places.mentions.len(),
        resolved,
        a.times.len(),
        a.events.len()
    ));
    if let Some((c, n)) = a.places.focus.countries.first() {
        let name = s.gaz.country(c).map_or(c.as_str(), |p| p.name);
        ui.label(format!("Focus: {name} ({n} mentions)."));
    }
    ui.add_space(8.0);
    ui.label(egui::RichText::new("Click a place, a time or an event — in the text, on the map or on the timeline — to see how it was read and to correct it. Tab steps through the places, Left and Right through the events in time order, Esc clears. Ctrl+Z undoes a correction.").color(s.palette.muted));
}

/// Byte span of the first occurrence of `words` in the text that is not
/// already a resolved place mention.
fn find_words(a: &Analysis, words: &str) -> Option<crate::span::Span> {
    if words.is_empty() {
        return None;
    }
    a.doc
        .text
        .match_indices(words)
        .map(|(at, w)| crate::span::Span::new(at, at + w.len()))
        .find(|sp| {
            !a.places
                .mentions
                .iter()
                .any(|m| m.span == *sp && m.place.is_some())
        })
}

/// "Mark words as a place": words the analysis missed, and the gazetteer
/// entry they mean, become a place mention (Ctrl+Z undoes it).
fn add_place(
    ui: &mut egui::Ui,
    s: &Shared<'_>,
    a: &Analysis,
    state: &mut InspectorState,
    out: &mut Vec<Command>,
) {
    ui.add_space(10.0);
    ui.strong("Mark words as a place");
    let r = ui.add(
        egui::TextEdit::singleline(&mut state.add_words)
            .hint_text("the exact words in the text")
            .desired_width(f32::INFINITY),
    );
    super::label_widget(&r, egui::Role::TextInput, "Words to mark as a place");
    let words = state.add_words.trim();
    if words.is_empty() {
        return;
    }
    let Some(span) = find_words(a, words) else {
        ui.label(egui::RichText::new("not found in this dispatch").color(s.palette.muted));
        return;
    };
    let r = ui.add(
        egui::TextEdit::singleline(&mut state.add_lookup)
            .hint_text(format!("gazetteer entry (default: {words})"))
            .desired_width(f32::INFINITY),
    );
    super::label_widget(&r, egui::Role::TextInput, "Gazetteer entry for the words");
    let query = if state.add_lookup.trim().is_empty() {
        words
    } else {
        state.add_lookup.trim()
    };
    if let Some((place, name)) = pick_entry(ui, s, query, "Mark as ") {
        out.push(Command::Correct(Correction::AddPlace {
            span: char_span(a, span),
            place,
            name,
        }));
        state.add_words.clear();
        state.add_lookup.clear();
    }
}

/// The gazetteer's first entries for `query`, one button each ("name ·
/// kind · country", after `prefix`); the entry clicked, as id and name.
fn pick_entry(
    ui: &mut egui::Ui,
    s: &Shared<'_>,
    query: &str,
    prefix: &str,
) -> Option<(u32, String)> {
    let hits = s.gaz.lookup(query);
    if hits.is_empty() {
        ui.label(egui::RichText::new("no entry by that name").color(s.palette.muted));
    }
    let mut picked = None;
    for c in hits.iter().take(8) {
        let p = &c.place;
        let country = p
            .country
            .and_then(|cc| s.gaz.country(cc))
            .map_or("", |cc| cc.name);
        let label = format!("{prefix}{} · {} · {}", p.name, p.kind.label(), country);
        if ui.button(label).clicked() {
            picked = Some((p.id.0, p.name.to_owned()));
        }
    }
    picked
}

fn mention(
    ui: &mut egui::Ui,
    s: &Shared<'_>,
    a: &Analysis,
    i: usize,
    state: &mut InspectorState,
    out: &mut Vec<Command>,
) {
    let Some(m) = a.places.mentions.get(i) else {
        return;
    };
    let span = char_span(a, m.span);
    ui.label(egui::RichText::new(format!("“{}”", &a.doc.text[m.span])).size(16.0));
    let mut flags = Vec::new();
    if m.adjectival {
        flags.push("adjectival");
    }
    if m.metonymy {
        flags.push("metonymy");
    }
    if m.fuzzy {
        flags.push("fuzzy match");
    }
    ui.label(
        egui::RichText::new(format!(
            "place mention{}{} · confidence {:.0}%",
            if flags.is_empty() { "" } else { " · " },
            flags.join(", "),
            m.confidence * 100.0
        ))
        .color(s.palette.muted),
    );
    ui.add_space(6.0);
    match m.place.and_then(|id| s.gaz.get(id)) {
        Some(p) => {
            ui.heading(p.name);
            place_grid(ui, s.gaz, &p, "resolved");
        }
        None => {
            ui.label(egui::RichText::new("Not resolved to a place").strong());
        }
    }
    // The chain the sentence puts it in, as a reader follows it: "Kingston › Luzerne
    // County › Pennsylvania › United States".
    if let Some(p) = m.place.and_then(|id| s.gaz.get(id))
        && !m.qualified_by.is_empty()
    {
        let chain: Vec<&str> = std::iter::once(p.name)
            .chain(
                m.qualified_by
                    .iter()
                    .filter_map(|&q| s.gaz.get(q).map(|q| q.name)),
            )
            .collect();
        ui.add_space(4.0);
        ui.label(format!("Placed by the text: {}", chain.join(" › ")))
            .on_hover_text("Each name after the first says where the one before it is; each narrows the candidates");
    }
    ui.add_space(4.0);
    ui.label(egui::RichText::new(format!("Why: {}", m.reason)).color(s.palette.muted));
    let terms = m.evidence.evidence().strongest(4);
    if m.place.is_some() && !terms.is_empty() {
        let list: Vec<String> = terms
            .iter()
            .map(|(label, c)| {
                format!(
                    "{label} {}{:.1}",
                    if *c >= 0.0 { "+" } else { "−" },
                    c.abs()
                )
            })
            .collect();
        ui.label(
            egui::RichText::new(format!("Confidence from: {}", list.join(", ")))
                .color(s.palette.muted),
        );
    }
    ui.add_space(8.0);
    // A correction is for the name: every mention written the same way, unless ticked.
    let same = crate::view::corrections::mentions_of_name(a, m.span);
    let only_here = same > 1 && state.only_here;
    if same > 1 {
        ui.horizontal_wrapped(|ui| {
            ui.checkbox(&mut state.only_here, "Only this mention")
                .on_hover_text("Without it, a choice below applies to every mention of the name");
            let words = a.doc.text[m.span]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            ui.label(
                egui::RichText::new(if state.only_here {
                    format!("the other {} mentions of “{words}” keep theirs", same - 1)
                } else {
                    format!("a choice applies to all {same} mentions of “{words}”")
                })
                .color(s.palette.muted),
            );
        });
    }
    if !m.alternatives.is_empty() {
        ui.strong("Candidates");
        // One wrapped row per candidate: a long name must not widen the
        // panel (and squeeze the map).
        for alt in &m.alternatives {
            let Some(p) = s.gaz.get(alt.place) else {
                continue;
            };
            let country = p
                .country
                .and_then(|c| s.gaz.country(c))
                .map_or("", |c| c.name);
            ui.horizontal_wrapped(|ui| {
                ui.label(format!("{} ({}, {})", p.name, p.kind.label(), country));
                ui.label(egui::RichText::new(format!("{:.2}", alt.score)).color(s.palette.muted));
                let chosen = m.place == Some(alt.place);
                if ui
                    .add_enabled(
                        !chosen,
                        egui::Button::new(if chosen { "chosen" } else { "choose" }).small(),
                    )
                    .clicked()
                {
                    out.push(Command::Correct(Correction::Place {
                        span,
                        place: alt.place.0,
                        name: p.name.to_owned(),
                        only_here,
                    }));
                }
            });
        }
        ui.add_space(6.0);
    }
    ui.strong("Another place");
    let r = ui.add(
        egui::TextEdit::singleline(&mut state.lookup)
            .hint_text("search the gazetteer")
            .desired_width(f32::INFINITY),
    );
    super::label_widget(&r, egui::Role::TextInput, "Gazetteer lookup");
    if !state.lookup.trim().is_empty()
        && let Some((place, name)) = pick_entry(ui, s, &state.lookup, "")
    {
        out.push(Command::Correct(Correction::Place {
            span,
            place,
            name,
            only_here,
        }));
        state.lookup.clear();
    }
    ui.add_space(6.0);
    if m.place.is_some()
        && ui
            .button("Not a place")
            .on_hover_text("Ctrl+Z undoes it")
            .clicked()
    {
        out.push(Command::Correct(Correction::NotAPlace { span, only_here }));
    }
    events_here(ui, s, a, |e| e.place == Some(i), out);
}

fn events_here(
    ui: &mut egui::Ui,
    s: &Shared<'_>,
    a: &Analysis,
    pred: impl Fn(&crate::events::Event) -> bool,
    out: &mut Vec<Command>,
) {
    let evs: Vec<_> = a.events.iter().filter(|e| pred(e)).collect();
    if evs.is_empty() {
        return;
    }
    ui.add_space(8.0);
    ui.strong("Events");
    for e in evs {
        let label = format!(
            "{} · “{}”",
            e.kind.id().replace('_', " "),
            &a.doc.text[e.trigger]
        );
        let r = ui.selectable_label(false, label);
        if r.hovered() {
            out.push(Command::Hover(Item::Event(e.id)));
        }
        if r.clicked() {
            out.push(Command::Select(Some(Item::Event(e.id))));
        }
    }
    let _ = s;
}

fn time(
    ui: &mut egui::Ui,
    s: &Shared<'_>,
    a: &Analysis,
    i: usize,
    state: &mut InspectorState,
    out: &mut Vec<Command>,
) {
    let Some(t) = a.times.get(i) else { return };
    ui.label(egui::RichText::new(format!("“{}”", &a.doc.text[t.span])).size(16.0));
    ui.label(
        egui::RichText::new(format!("time expression · {:?}", t.kind).to_lowercase())
            .color(s.palette.muted),
    );
    ui.add_space(6.0);
    egui::Grid::new("time")
        .num_columns(2)
        .spacing([10.0, 4.0])
        .show(ui, |ui| {
            row(ui, "value", t.value.as_str());
            let interval = match (t.begin, t.end) {
                (Some(b), Some(e)) if b == e => b.to_string(),
                (Some(b), Some(e)) => format!("{b} – {e}"),
                (Some(b), None) => format!("from {b}"),
                _ => "—".into(),
            };
            row(ui, "interval", interval);
            row(ui, "precision", format!("{:?}", t.precision).to_lowercase());
            row(ui, "anchor", format!("{:?}", t.anchor).to_lowercase());
            if t.approximate {
                row(ui, "approximate", "yes");
            }
        });
    ui.label(egui::RichText::new(format!("Why: {}", t.reason)).color(s.palette.muted));
    ui.add_space(8.0);
    ui.strong("Set the value");
    let mut v = state.time_value.clone().unwrap_or_else(|| t.value.clone());
    ui.horizontal(|ui| {
        let r = ui.add(
            egui::TextEdit::singleline(&mut v)
                .hint_text("YYYY-MM-DD, YYYY-MM or YYYY")
                .desired_width(140.0),
        );
        super::label_widget(&r, egui::Role::TextInput, "Time value");
        if r.changed() {
            state.time_value = Some(v.clone());
        }
        let ok = crate::view::corrections::parse_value(&v).is_some() && v.trim() != t.value;
        if ui.add_enabled(ok, egui::Button::new("Set")).clicked() {
            out.push(Command::Correct(Correction::TimeValue {
                span: char_span(a, t.span),
                value: v.trim().to_owned(),
            }));
            state.time_value = None;
        }
    });
    events_here(ui, s, a, |e| e.time == Some(i), out);
}

fn event(ui: &mut egui::Ui, s: &Shared<'_>, a: &Analysis, i: usize, out: &mut Vec<Command>) {
    let Some(e) = a.events.get(i) else { return };
    let span = char_span(a, e.trigger);
    ui.label(
        egui::RichText::new(e.kind.id().replace('_', " "))
            .size(16.0)
            .color(s.palette.event(Some(e.kind))),
    );
    ui.label(
        egui::RichText::new(format!(
            "event · trigger “{}” · confidence {:.0}%",
            &a.doc.text[e.trigger],
            e.confidence * 100.0
        ))
        .color(s.palette.muted),
    );
    ui.add_space(6.0);
    egui::Grid::new("event")
        .num_columns(2)
        .spacing([10.0, 4.0])
        .show(ui, |ui| {
            ui.label(egui::RichText::new("type").weak());
            let mut kind = e.kind;
            egui::ComboBox::from_id_salt("event_type")
                .selected_text(kind.id().replace('_', " "))
                .show_ui(ui, |ui| {
                    for t in EventType::ALL {
                        ui.selectable_value(&mut kind, t, t.id().replace('_', " "));
                    }
                });
            if kind != e.kind {
                out.push(Command::Correct(Correction::EventType {
                    span,
                    event_type: kind.id().to_owned(),
                }));
            }
            ui.end_row();
            ui.label(egui::RichText::new("status").weak());
            let mut status = e.status;
            egui::ComboBox::from_id_salt("event_status")
                .selected_text(status_name(status))
                .show_ui(ui, |ui| {
                    for (st, name) in STATUSES {
                        ui.selectable_value(&mut status, st, name);
                    }
                });
            if status != e.status {
                out.push(Command::Correct(Correction::EventStatus {
                    span,
                    status: status_name(status).to_owned(),
                }));
            }
            ui.end_row();
            let place = e.place.and_then(|p| a.places.mentions.get(p));
            let place_name = place
                .and_then(|m| m.place)
                .and_then(|id| s.gaz.get(id))
                .map_or("—".to_owned(), |p| p.name.to_owned());
            ui.label(egui::RichText::new("place").weak());
            if let Some(pi) = e.place {
                if ui
                    .link(
                        format!("{place_name} ({:?})", e.place_source)
                            .to_lowercase()
                            .replace(&place_name.to_lowercase(), &place_name),
                    )
                    .clicked()
                {
                    out.push(Command::Select(Some(Item::Mention(pi))));
                }
            } else {
                ui.label("—");
            }
            ui.end_row();
            let when = match (e.begin, e.end) {
                (Some(b), Some(x)) if b == x => b.to_string(),
                (Some(b), Some(x)) => format!("{b} – {x}"),
                (Some(b), None) => b.to_string(),
                _ => "—".into(),
            };
            ui.label(egui::RichText::new("time").weak());
            if let Some(ti) = e.time {
                if ui
                    .link(format!("{when} ({:?})", e.time_source).to_lowercase())
                    .clicked()
                {
                    out.push(Command::Select(Some(Item::Time(ti))));
                }
            } else {
                ui.label(when);
            }
            ui.end_row();
        });
    if !e.actors.is_empty() {
        ui.add_space(6.0);
        ui.strong("Actors");
        for actor in &e.actors {
            ui.label(
                format!("{} — {:?}, {:?}", actor.text, actor.role, actor.kind)
                    .to_lowercase()
                    .replacen(&actor.text.to_lowercase(), &actor.text, 1),
            );
        }
    }
    ui.add_space(6.0);
    ui.strong("Sentence");
    ui.label(egui::RichText::new(&a.doc.text[e.sentence]).italics());
}
