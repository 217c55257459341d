//! The dispatch text with its places, times and event triggers marked. One
//! layout job per paragraph, and only the paragraphs in view are laid out
//! (heights of the others are estimated until they are first seen), so long
//! texts scroll smoothly. Each visible mark is a small clickable widget with
//! an AccessKit label (its text), so hover, click and tests work per mark.

use std::sync::Arc;

use egui::text::{LayoutJob, TextFormat};
use egui::{Color32, FontId, Rect, Sense, Stroke, pos2, vec2};

use crate::view::DispatchRow;

use super::Command;
use crate::span::Span;
use crate::view::Item;
use crate::view::text::{Mark, Paragraph, paragraph_at};

use super::Shared;

/// Space between paragraphs, in points.
const PARAGRAPH_GAP: f32 = 10.0;

/// Scroll position bookkeeping of the text panel.
#[derive(Default)]
pub struct TextState {
    /// Scroll so this span is in view (set when something is selected elsewhere).
    pub scroll_to: Option<Span>,
    /// Measured paragraph heights (with the gap) for `key`.
    heights: Vec<Option<f32>>,
    /// Estimated heights, computed once per `key` (a 50 MB text has too many
    /// characters to count every frame).
    estimates: Vec<f32>,
    /// Analysis identity and wrap width the heights belong to.
    key: (usize, u32),
    /// The visible part of the content last frame.
    viewport: Option<Rect>,
}

fn font(ui: &egui::Ui) -> FontId {
    FontId::proportional(
        ui.style()
            .text_styles
            .get(&egui::TextStyle::Body)
            .map_or(14.0, |f| f.size)
            + 1.0,
    )
}

#[must_use]
pub fn show(
    ui: &mut egui::Ui,
    s: &Shared<'_>,
    current: Option<DispatchRow<'_>>,
    state: &mut TextState,
) -> Vec<Command> {
    let mut out = Vec::new();
    let Some(d) = current else {
        return out;
    };
    ui.horizontal_wrapped(|ui| {
        ui.strong(d.name);
        for w in d.warnings {
            ui.colored_label(s.palette.reported, format!("⚠ {w}"));
        }
    });
    legend(ui, s);
    let (Some(a), Some(m)) = (s.analysis.as_ref(), s.models.as_ref()) else {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label("Analysing…");
        });
        return out;
    };
    let text = &a.doc.text;
    let paragraphs = &m.paragraphs;
    let font = font(ui);
    let width = (ui.available_width() - 14.0).max(60.0);
    let key = (Arc::as_ptr(a) as usize, width.round() as u32);
    if state.key != key || state.heights.len() != paragraphs.len() {
        let row_h = ui.fonts_mut(|f| f.row_height(&font));
        let char_w = font.size * 0.5;
        let estimate = |p: &Paragraph| {
            let chars = text[p.span].chars().count() as f32;
            (chars * char_w / width).ceil().max(1.0) * row_h + PARAGRAPH_GAP
        };
        state.key = key;
        state.heights = vec![None; paragraphs.len()];
        state.estimates = paragraphs.iter().map(estimate).collect();
    }
    let estimates = std::mem::take(&mut state.estimates);
    let estimate = |i: usize| estimates.get(i).copied().unwrap_or(PARAGRAPH_GAP);

    let mut area = egui::ScrollArea::vertical()
        .id_salt("dispatch_text")
        .auto_shrink([false, false]);
    if let Some(span) = state.scroll_to.take()
        && let Some(target) = paragraph_at(paragraphs, span.start)
    {
        // Measure everything above the target so the offset is exact.
        for (h, p) in state.heights.iter_mut().zip(paragraphs).take(target) {
            if h.is_none() {
                let g = ui.fonts_mut(|f| f.layout_job(job(text, p, s, &font, width)));
                *h = Some(g.size().y + PARAGRAPH_GAP);
            }
        }
        let top: f32 = (0..target)
            .map(|i| state.heights[i].unwrap_or_else(|| estimate(i)))
            .sum();
        let h = state.heights[target].unwrap_or_else(|| estimate(target));
        let visible = state
            .viewport
            .is_some_and(|v| v.min.y <= top && top + h <= v.max.y);
        if !visible {
            area = area.vertical_scroll_offset((top - 24.0).max(0.0));
        }
    }
    area.show_viewport(ui, |ui, viewport| {
        state.viewport = Some(viewport);
        let total: f32 = (0..paragraphs.len())
            .map(|i| state.heights[i].unwrap_or_else(|| estimate(i)))
            .sum();
        let (content, _) =
            ui.allocate_exact_size(vec2(width, total.max(viewport.height())), Sense::hover());
        let origin = content.min;
        let mut y = 0.0;
        for (i, p) in paragraphs.iter().enumerate() {
            let h = state.heights[i].unwrap_or_else(|| estimate(i));
            if y + h >= viewport.min.y && y <= viewport.max.y {
                let galley = ui.fonts_mut(|f| f.layout_job(job(text, p, s, &font, width)));
                let pos = origin + vec2(0.0, y);
                ui.painter().galley(pos, galley.clone(), s.palette.text);
                state.heights[i] = Some(galley.size().y + PARAGRAPH_GAP);
                interact(ui, s, text, p, &galley, pos, &mut out);
            }
            y += state.heights[i].unwrap_or(h);
        }
    });
    state.estimates = estimates;
    out
}

fn legend(ui: &mut egui::Ui, s: &Shared<'_>) {
    use crate::gazetteer::PlaceKind as K;
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 10.0;
        let small = |t: &str, c: Color32| egui::RichText::new(t).small().color(c);
        for (k, n) in [
            (K::Populated, "town"),
            (K::Admin1, "province"),
            (K::Country, "country"),
            (K::Region, "region"),
        ] {
            ui.label(small(n, s.palette.place(Some(k))).underline());
        }
        ui.label(small("italic: adjectival / metonymy", s.palette.muted));
        ui.label(small("time", s.palette.time));
        ui.label(small("event", s.palette.trigger));
    });
}

/// Whether `item` is an event outside the brushed time window (undated ones are outside).
fn outside_window(s: &Shared<'_>, item: crate::view::Item) -> bool {
    let (Some((from, to)), crate::view::Item::Event(i)) = (s.window, item) else {
        return false;
    };
    let Some(e) = s.analysis.as_ref().and_then(|a| a.events.get(i)) else {
        return false;
    };
    match (e.begin, e.end.or(e.begin)) {
        (Some(b), Some(end)) => b > to || end < from,
        _ => true,
    }
}

/// The layout job of one paragraph.
fn job(text: &str, p: &Paragraph, s: &Shared<'_>, font: &FontId, width: f32) -> LayoutJob {
    let mut job = LayoutJob::default();
    job.wrap.max_width = width;
    let plain = TextFormat {
        font_id: font.clone(),
        color: s.palette.text,
        ..Default::default()
    };
    let mut at = p.span.start;
    for r in &p.runs {
        if r.span.start > at {
            job.append(&text[at..r.span.start], 0.0, plain.clone());
        }
        let mut f = plain.clone();
        match r.mark {
            Mark::Place {
                kind,
                adjectival,
                metonymy,
                low_confidence,
            } => {
                let mut c = s.palette.place(kind);
                if low_confidence {
                    c = c.gamma_multiply(0.45);
                }
                f.underline = Stroke::new(if adjectival || metonymy { 1.0 } else { 2.0 }, c);
                f.italics = adjectival || metonymy;
            }
            Mark::Unresolved => f.color = s.palette.muted,
            Mark::Time => {
                f.color = s.palette.time;
                f.background = s.palette.time_bg;
            }
            // An event outside the brushed time window is dimmed, as the map leaves
            // its place out.
            Mark::Trigger if outside_window(s, r.item) => f.color = s.palette.muted,
            Mark::Trigger => f.color = s.palette.trigger,
        }
        if s.hovered(r.item) {
            f.background = s.palette.hover_bg;
        } else if s.selected(r.item) {
            f.background = s.palette.selected_bg;
        }
        job.append(&text[r.span], 0.0, f);
        at = r.span.end;
    }
    if at < p.span.end {
        job.append(&text[at..p.span.end], 0.0, plain);
    }
    job
}

/// The rectangles (one per row) of chars `[start, end)` of `galley`.
fn char_rects(galley: &egui::Galley, start: usize, end: usize) -> Vec<Rect> {
    let mut out = Vec::new();
    let mut c = 0;
    for row in &galley.rows {
        let n = row.glyphs.len();
        let (a, b) = (start.max(c), end.min(c + n));
        if a < b {
            let g0 = &row.glyphs[a - c];
            let g1 = &row.glyphs[b - 1 - c];
            out.push(Rect::from_min_max(
                pos2(row.pos.x + g0.pos.x, row.pos.y),
                pos2(
                    row.pos.x + g1.pos.x + g1.advance_width,
                    row.pos.y + row.size.y,
                ),
            ));
        }
        c += n + usize::from(row.ends_with_newline);
        if c >= end {
            break;
        }
    }
    out
}

fn interact(
    ui: &mut egui::Ui,
    s: &Shared<'_>,
    text: &str,
    p: &Paragraph,
    galley: &egui::Galley,
    pos: egui::Pos2,
    out: &mut Vec<Command>,
) {
    let mut chars = 0;
    let mut at = p.span.start;
    for r in &p.runs {
        chars += text[at..r.span.start].chars().count();
        let len = text[r.span].chars().count();
        let label = &text[r.span];
        for (k, rect) in char_rects(galley, chars, chars + len)
            .into_iter()
            .enumerate()
        {
            let id = ui.scope_id().with(("mark", r.span.start, k));
            let resp = ui.interact(rect.translate(pos.to_vec2()), id, Sense::click());
            if k == 0 {
                super::label_widget(&resp, egui::Role::Button, label);
            }
            if resp.hovered() {
                out.push(Command::Hover(r.item));
            }
            let resp = resp.on_hover_text(hint(s, r.item));
            if resp.clicked() {
                let again = s.selection.item == Some(r.item);
                out.push(Command::Select(if again { None } else { Some(r.item) }));
            }
        }
        chars += len;
        at = r.span.end;
    }
}

/// A one-line tooltip for a mark.
fn hint(s: &Shared<'_>, item: Item) -> String {
    let Some(a) = s.analysis.as_ref() else {
        return String::new();
    };
    match item {
        Item::Mention(i) => a.places.mentions.get(i).map_or_else(String::new, |m| {
            let name = m
                .place
                .and_then(|id| s.gaz.get(id))
                .map_or("unresolved".to_owned(), |p| {
                    let country = p
                        .country
                        .and_then(|c| s.gaz.country(c))
                        .map(|c| c.name)
                        .unwrap_or("");
                    format!(
                        "{} ({}{}{})",
                        p.name,
                        p.kind.label(),
                        if country.is_empty() { "" } else { ", " },
                        country
                    )
                });
            let mut extra = Vec::new();
            if m.adjectival {
                extra.push("adjectival");
            }
            if m.metonymy {
                extra.push("metonymy");
            }
            format!(
                "{name}{}{} · confidence {:.0}%",
                if extra.is_empty() { "" } else { " · " },
                extra.join(", "),
                m.confidence * 100.0
            )
        }),
        Item::Time(i) => a
            .times
            .get(i)
            .map_or_else(String::new, |t| format!("{} · {}", t.value, t.reason)),
        Item::Event(i) => a.events.get(i).map_or_else(String::new, |e| {
            format!(
                "{} · {}",
                e.kind.id().replace('_', " "),
                crate::view::corrections::status_name(e.status)
            )
        }),
        Item::Place(_) | Item::Dispatch(_) => String::new(),
    }
}
