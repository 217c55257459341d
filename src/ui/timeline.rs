//! The timeline panel: events on a day axis with adaptive ticks, lanes by
//! event type (or place), wheel zoom, drag pan, Fit, and a "reported" line at
//! the article date. Day-precise events are points, longer ones bars;
//! planned/hypothetical ones are hollow, negated ones crossed out.
//!
//! Brushing: a drag on the dates strip (or Shift+drag anywhere) picks a time
//! window, which filters the map; "Play" sweeps it through the data.

use egui::{Align2, FontId, Rect, Sense, Stroke, pos2, vec2};

use super::Command;
use crate::view::Item;
use crate::view::timeline::{LaneBy, TimelineView, date, day, ticks};

use super::Shared;
use super::theme::{AXIS_HEIGHT, LANE_HEIGHT};

/// Width of the lane labels column.
const LABEL_W: f32 = 110.0;

#[must_use]
pub fn show(ui: &mut egui::Ui, s: &Shared<'_>, view: &mut TimelineView) -> Vec<Command> {
    let mut out = Vec::new();
    ui.horizontal(|ui| {
        ui.strong("Timeline");
        ui.label("lanes by");
        let mut lanes = view.lanes;
        ui.selectable_value(&mut lanes, LaneBy::Type, "type");
        ui.selectable_value(&mut lanes, LaneBy::Family, "family");
        ui.selectable_value(&mut lanes, LaneBy::Place, "place");
        if lanes != view.lanes {
            view.lanes = lanes;
        }
        if ui
            .button("Fit")
            .on_hover_text("Show all dated events")
            .clicked()
        {
            out.push(Command::FitTimeline);
        }
        ui.separator();
        let (play, hint) = if s.playing {
            ("Pause", "Stop the sweep")
        } else {
            (
                "Play",
                "Sweep the time window through the events; the map follows",
            )
        };
        if ui.button(play).on_hover_text(hint).clicked() {
            out.push(Command::Play(!s.playing));
        }
        if ui
            .button("Present")
            .on_hover_text("Tell the events one by one, full screen, the map flying to each (F5)")
            .clicked()
        {
            out.push(Command::Present(true));
        }
        if let Some((from, to)) = s.window {
            ui.label(format!(
                "window {} – {}",
                from.format("%-d %b %Y"),
                to.format("%-d %b %Y")
            ));
            if ui
                .button("Clear window")
                .on_hover_text("Show every place on the map again")
                .clicked()
            {
                out.push(Command::SetWindow(None));
            }
        }
        if let Some(m) = s.shown.as_ref()
            && m.timeline.undated > 0
        {
            // Cut short like the hint below: in a narrow panel the row
            // must not widen the timeline past the window.
            ui.add(
                egui::Label::new(
                    egui::RichText::new(match m.timeline.undated {
                        1 => "1 undated event not shown".to_owned(),
                        n => format!("{n} undated events not shown"),
                    })
                    .color(s.palette.muted)
                    .small(),
                )
                .truncate(),
            );
        }
        // The hint goes last and gives way: in a narrow panel it is cut
        // short rather than widening the panel past the window.
        if s.window.is_none() {
            ui.add(
                egui::Label::new(
                    egui::RichText::new("drag on the dates (or Shift+drag) to pick a window")
                        .color(s.palette.muted)
                        .small(),
                )
                .truncate(),
            );
        }
    });
    undated_prompt(ui, s, &mut out);
    let Some(models) = s.shown.as_ref() else {
        return out;
    };
    // Lanes by place are built on demand (the cached model is by type).
    let owned;
    let model = if view.lanes == models.lanes || s.bar_dispatch.is_some() {
        &models.timeline
    } else if let Some(a) = s.analysis.as_ref() {
        owned = crate::view::timeline::TimelineModel::build(a, s.gaz, view.lanes);
        &owned
    } else {
        &models.timeline
    };
    let pal = s.palette;
    egui::ScrollArea::vertical()
        .id_salt("timeline_lanes")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let height = (model.lanes.len().max(1) as f32 * LANE_HEIGHT + AXIS_HEIGHT + 6.0)
                .max(ui.available_height());
            let (rect, resp) =
                ui.allocate_exact_size(vec2(ui.available_width(), height), Sense::click_and_drag());
            super::label_widget(&resp, egui::Role::Group, "Timeline");
            if rect.width() < LABEL_W + 20.0 {
                return;
            }
            let plot = Rect::from_min_max(pos2(rect.left() + LABEL_W, rect.top()), rect.max);
            let w = plot.width();
            brush_or_pan(ui, &resp, plot, view, &mut out);
            let pointer = resp.hover_pos();
            if let Some(p) = pointer
                && plot.contains(p)
            {
                let (scroll, zoom) = ui.input(|i| (i.smooth_scroll_delta, i.zoom_delta()));
                let dy = if scroll.x.abs() > scroll.y.abs() {
                    0.0
                } else {
                    scroll.y
                };
                let factor = (-f64::from(dy) / 200.0).exp2() / f64::from(zoom);
                if (factor - 1.0).abs() > 1e-4 {
                    view.zoom_at(factor, p.x - plot.left(), w);
                }
                if scroll.x.abs() > 0.0 {
                    view.pan(scroll.x, w);
                }
            }
            let painter = ui.painter_at(rect);
            let axis_y = rect.top() + AXIS_HEIGHT;
            // Lanes.
            for (i, lane) in model.lanes.iter().enumerate() {
                let y = axis_y + i as f32 * LANE_HEIGHT;
                if i % 2 == 1 {
                    painter.rect_filled(
                        Rect::from_min_size(pos2(rect.left(), y), vec2(rect.width(), LANE_HEIGHT)),
                        0.0,
                        pal.map_area,
                    );
                }
                let label: String = lane.chars().take(16).collect();
                painter.text(
                    pos2(rect.left() + 4.0, y + LANE_HEIGHT / 2.0),
                    Align2::LEFT_CENTER,
                    label,
                    FontId::proportional(12.0),
                    pal.muted,
                );
            }
            // Ticks.
            for t in ticks(view, w, 64.0) {
                let x = plot.left() + view.x(t.day, w);
                let c = if t.major { pal.muted } else { pal.map_grid };
                painter.line_segment(
                    [pos2(x, axis_y - 4.0), pos2(x, rect.bottom())],
                    Stroke::new(1.0, c.gamma_multiply(0.6)),
                );
                // A label that would be cut at the right edge is left out.
                let galley = painter.layout_no_wrap(
                    t.label,
                    FontId::proportional(11.5),
                    if t.major { pal.text } else { pal.muted },
                );
                if x + 3.0 + galley.size().x <= rect.right() {
                    painter.galley(pos2(x + 3.0, rect.top() + 4.0), galley, pal.text);
                }
            }
            painter.line_segment(
                [pos2(plot.left(), axis_y), pos2(plot.right(), axis_y)],
                Stroke::new(1.0, pal.muted),
            );
            // The reported line.
            if let Some(r) = model.reported {
                let x = plot.left() + view.x(r + 0.5, w);
                painter.line_segment(
                    [pos2(x, axis_y), pos2(x, rect.bottom())],
                    Stroke::new(1.5, pal.reported),
                );
                painter.text(
                    pos2(x + 3.0, rect.bottom() - 3.0),
                    Align2::LEFT_BOTTOM,
                    "reported",
                    FontId::proportional(11.0),
                    pal.reported,
                );
            }
            // The brushed window.
            if let Some((from, to)) = s.window {
                let x0 = plot.left() + view.x(day(from), w);
                let x1 = plot.left() + view.x(day(to) + 1.0, w);
                let band = Rect::from_x_y_ranges(
                    x0.max(plot.left())..=x1.min(plot.right()),
                    rect.y_range(),
                );
                if band.width() > 0.0 {
                    painter.rect_filled(band, 0.0, pal.selected_bg.gamma_multiply(0.45));
                    for x in [x0, x1] {
                        if plot.x_range().contains(x) {
                            painter.line_segment(
                                [pos2(x, rect.top()), pos2(x, rect.bottom())],
                                Stroke::new(1.0, pal.accent),
                            );
                        }
                    }
                }
            }
            // Events.
            let mut hovered = None;
            // Accessible handles (widgets) for at most this many events a frame: with
            // thousands of dispatches shown, one widget per event is most of the frame.
            const MAX_HANDLES: usize = 300;
            let mut handles = 0;
            for (j, b) in model.bars.iter().enumerate() {
                // With all dispatches shown, a bar may be another dispatch's:
                // it is not highlighted by this one's selection, and a click
                // switches to its dispatch.
                let from = s
                    .bar_dispatch
                    .as_ref()
                    .and_then(|d| d.get(j).copied())
                    .filter(|&d| d != s.active_id);
                let y = axis_y + b.lane as f32 * LANE_HEIGHT + LANE_HEIGHT / 2.0;
                let x0 = plot.left() + view.x(b.start, w);
                let x1 = plot.left() + view.x(b.end, w);
                if x1 < plot.left() - 10.0 || x0 > plot.right() + 10.0 {
                    continue;
                }
                let item = Item::Event(b.event);
                let color = if from.is_some() {
                    pal.event(Some(b.kind)).gamma_multiply(0.75)
                } else {
                    pal.event(Some(b.kind))
                };
                let hot = from.is_none() && s.hovered(item);
                let sel = from.is_none() && s.selected(item);
                let shape = if b.point || x1 - x0 < 8.0 {
                    Rect::from_center_size(pos2((x0 + x1) / 2.0, y), vec2(11.0, 11.0))
                } else {
                    Rect::from_min_max(pos2(x0, y - 5.0), pos2(x1, y + 5.0))
                };
                if hot || sel {
                    painter.rect_filled(
                        shape.expand(4.0),
                        6.0,
                        if hot { pal.hover_bg } else { pal.selected_bg },
                    );
                }
                let round = if b.point || x1 - x0 < 8.0 { 6.0 } else { 3.0 };
                if b.hollow || b.negated {
                    painter.rect_stroke(
                        shape,
                        round,
                        Stroke::new(1.8, color),
                        egui::StrokeKind::Inside,
                    );
                } else {
                    painter.rect_filled(shape, round, color);
                }
                if b.negated {
                    painter.line_segment(
                        [shape.left_bottom(), shape.right_top()],
                        Stroke::new(1.5, color),
                    );
                }
                let hit = shape.expand(3.0);
                if let Some(p) = pointer
                    && hit.contains(p)
                {
                    hovered = Some((from.is_none().then_some(item), b.label.clone()));
                }
                // An accessible handle per event (screen readers, tests).
                if plot.contains(shape.center()) && handles < MAX_HANDLES {
                    handles += 1;
                    let h = ui.interact(hit, resp.id.with(("event", j)), Sense::click());
                    super::label_widget(&h, egui::Role::Button, &format!("Event: {}", b.label));
                    if h.clicked() {
                        out.push(match from {
                            Some(d) => Command::SelectIn(d, item),
                            None => Command::Select(Some(item)),
                        });
                    }
                    if h.hovered() {
                        hovered = Some((from.is_none().then_some(item), b.label.clone()));
                    }
                }
            }
            if let Some((item, label)) = hovered {
                out.extend(item.map(Command::Hover));
                // A bar past the handles' limit is clicked through the plot itself.
                if resp.clicked() {
                    out.extend(item.map(|it| Command::Select(Some(it))));
                }
                resp.clone().on_hover_text_at_pointer(label);
            } else if resp.clicked() {
                out.push(Command::Select(None));
            }
            if model.bars.is_empty() {
                painter.text(
                    plot.center(),
                    Align2::CENTER_CENTER,
                    "No dated events",
                    FontId::proportional(13.0),
                    pal.muted,
                );
            }
        });
    out
}

/// For a dispatch without an article date: what is missing and the fix, right there (a
/// date field, "Set", and "Set for all" when other dispatches lack theirs too).
fn undated_prompt(ui: &mut egui::Ui, s: &Shared<'_>, out: &mut Vec<Command>) {
    let Some(undated) = s
        .analysis
        .as_ref()
        .and_then(|a| crate::view::timeline::Undated::of(a))
    else {
        return;
    };
    let id = ui.scope_id().with("undated_date");
    let mut text: String = ui.data(|d| d.get_temp(id)).unwrap_or_default();
    egui::Frame::new()
        .fill(s.palette.warn_bg)
        .inner_margin(4)
        .corner_radius(3)
        .show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.label(egui::RichText::new(undated.message()).color(s.palette.text));
                let resp = ui.add(
                    egui::TextEdit::singleline(&mut text)
                        .hint_text("YYYY-MM-DD")
                        .desired_width(92.0)
                        .id_salt("undated_date_field"),
                );
                super::label_widget(&resp, egui::Role::TextInput, "Undated article date");
                let date = chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok();
                let enter = resp.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                let set = ui
                    .add_enabled(date.is_some(), egui::Button::new("Set"))
                    .on_hover_text("Set this dispatch's article date")
                    .clicked();
                if (set || enter)
                    && let Some(d) = date
                {
                    out.push(Command::SetDate(crate::analysis::DateHint::User(d)));
                    text.clear();
                }
                let others = s.undated_dispatches.len();
                if others > 1
                    && ui
                        .add_enabled(
                            date.is_some(),
                            egui::Button::new(format!("Set for all {others} without a date")),
                        )
                        .on_hover_text("The same article date for every dispatch that has none")
                        .clicked()
                    && let Some(d) = date
                {
                    out.push(Command::SetDateFor(s.undated_dispatches.clone(), d));
                    text.clear();
                }
                if undated.undated_events > 0 {
                    ui.label(
                        egui::RichText::new(format!(
                            "{} undated event{} until then",
                            undated.undated_events,
                            if undated.undated_events == 1 { "" } else { "s" }
                        ))
                        .color(s.palette.muted)
                        .small(),
                    );
                }
            });
        });
    ui.data_mut(|d| d.insert_temp(id, text));
}

/// A drag that starts on the dates strip (above the axis), or with Shift
/// held, brushes a time window; any other drag pans.
fn brush_or_pan(
    ui: &egui::Ui,
    resp: &egui::Response,
    plot: Rect,
    view: &mut TimelineView,
    out: &mut Vec<Command>,
) {
    let w = plot.width();
    let origin_id = resp.id.with("brush_origin");
    if resp.drag_started()
        && let Some(p) = resp.interact_pointer_pos()
    {
        let brushing = ui.input(|i| i.modifiers.shift) || p.y < plot.top() + AXIS_HEIGHT;
        let origin =
            (brushing && plot.x_range().contains(p.x)).then(|| view.day_at(p.x - plot.left(), w));
        ui.data_mut(|d| d.insert_temp(origin_id, origin));
    }
    if !resp.dragged() {
        return;
    }
    let origin = ui.data(|d| d.get_temp::<Option<f64>>(origin_id)).flatten();
    match (origin, resp.interact_pointer_pos()) {
        (Some(a), Some(p)) => {
            let b = view.day_at(p.x.clamp(plot.left(), plot.right()) - plot.left(), w);
            if let (Some(from), Some(to)) = (date(a.min(b)), date(a.max(b))) {
                out.push(Command::SetWindow(Some((from, to))));
            }
        }
        _ => view.pan(resp.drag_delta().x, w),
    }
}
