//! The map panel: a Web Mercator view of the dispatch's places. Drag to pan,
//! wheel to zoom around the cursor, double-click to zoom in, +/− buttons and
//! keys, "Fit". Markers are sized by mention count and coloured by their
//! events' family; a province the dispatch names is drawn as its shape, tinted by
//! its events (hollow when only named adjectivally or metonymically); low confidence
//! is dashed. Markers that overlap on screen merge into one cluster circle with a
//! count: hover lists its places, a click zooms in around it (at the highest zoom it
//! selects the cluster's most mentioned place).
//!
//! The basemap (relief, countries, regions, rivers, names) is drawn by
//! [`super::basemap`]. Here: [`marks`] (markers, clusters, their labels), [`areas`]
//! (countries and provinces named, arrows), [`overlay`] (controls, scale bar,
//! attribution).

mod areas;
mod marks;
mod overlay;

use egui::{Align2, Color32, FontId, Painter, Pos2, Rect, Sense, Shape, Stroke, Vec2, pos2, vec2};

use crate::gazetteer::{PlaceId, PlaceKind};
use crate::map::LatLon;
use crate::map::marks::{
    LabelCandidate, LabelOptions, PointMark, ScreenRect, cluster_points, place_labels,
};
use crate::map::view::{Insets, MapView, ScaleBar, ScreenPoint, Viewport};
use crate::view::Item;
use crate::view::map::{Area, Marker};

use super::basemap::{Basemap as _, Frame, paint_region, screen_rect};
use super::{Command, Shared};

pub(crate) use areas::paint_arrow;
use areas::*;
use marks::*;
use overlay::*;

/// The room a fit and a pan into view keep free at the map's edges: the zoom buttons and
/// "Fit" (top right), the scale bar (bottom left) and the attribution (bottom right), with
/// a marker's radius to spare.
pub const FIT_INSETS: Insets = Insets {
    left: 36.0,
    right: 68.0,
    top: 36.0,
    bottom: 52.0,
};

#[must_use]
pub fn show(
    ui: &mut egui::Ui,
    s: &Shared<'_>,
    view: &mut MapView,
    last_size: &mut [f32; 2],
) -> Vec<Command> {
    let mut out = Vec::new();
    let (rect, resp) = ui.allocate_exact_size(ui.available_size(), Sense::click_and_drag());
    super::label_widget(&resp, egui::Role::Group, "Map");
    let size = [rect.width().max(1.0), rect.height().max(1.0)];
    *last_size = size;
    let vp = Viewport::new(size[0], size[1]);
    if rect.width() < 8.0 || rect.height() < 8.0 {
        return out;
    }
    // Navigation.
    if resp.dragged() {
        let d = resp.drag_delta();
        view.pan_by(d.x, d.y);
    }
    let pointer = resp.hover_pos();
    if let Some(p) = pointer {
        let (scroll, zoom) = ui.input(|i| (i.smooth_scroll_delta.y, i.zoom_delta()));
        let local = ScreenPoint::new(p.x - rect.min.x, p.y - rect.min.y);
        let by = f64::from(scroll) / 120.0 + f64::from(zoom).log2();
        if by.abs() > 1e-4 {
            view.zoom_at(local, vp, by);
        }
        if resp.double_clicked() {
            view.zoom_at(local, vp, 1.0);
        }
    }
    if resp.hovered() && !ui.ctx().egui_wants_keyboard_input() {
        let (plus, minus) = ui.input(|i| {
            (
                i.key_pressed(egui::Key::Plus) || i.key_pressed(egui::Key::Equals),
                i.key_pressed(egui::Key::Minus),
            )
        });
        let c = ScreenPoint::new(size[0] / 2.0, size[1] / 2.0);
        if plus {
            view.zoom_at(c, vp, 1.0);
        }
        if minus {
            view.zoom_at(c, vp, -1.0);
        }
    }

    let painter = ui.painter_at(rect);
    let pal = s.palette;
    // Countries the dispatch names (not only adjectivally) are filled on the basemap.
    let mentioned: Vec<&str> = s
        .shown
        .as_ref()
        .map(|m| {
            m.map
                .areas
                .iter()
                .filter(|a| a.kind == PlaceKind::Country && !a.figurative)
                .filter_map(|a| s.gaz.get(a.place).and_then(|p| p.country))
                .collect()
        })
        .unwrap_or_default();
    let frame = Frame {
        rect,
        view,
        palette: &pal,
        mentioned: &mentioned,
        moving: false,
    };
    let shapes = s.basemap.paint(&painter, &frame);
    let to = |lat: f64, lon: f64| {
        let p = view.to_screen(LatLon::new(lat, lon), vp);
        rect.min + vec2(p.x, p.y)
    };

    // The markers a time window keeps (they outlive the marks built on them).
    let shown: Vec<Marker>;
    let mut hovered: Option<(Item, Pos2)> = None;
    let mut hovered_cluster: Option<Mark<'_>> = None;
    let mut clicked_cluster: Option<Mark<'_>> = None;
    if let Some(m) = s.shown.as_ref() {
        for a in &m.map.areas {
            // With country shapes on the basemap, a country needs no box.
            if shapes && a.kind == PlaceKind::Country {
                paint_country_label(&painter, s, a, &to);
            } else {
                paint_area(&painter, s, a, &to, &frame);
            }
        }
        let kept = |id: PlaceId| s.kept_places.as_ref().is_none_or(|k| k.contains(&id));
        for arrow in m.map.arrows.iter().filter(|a| kept(a.from) || kept(a.to)) {
            let (Some(f), Some(t)) = (s.gaz.get(arrow.from), s.gaz.get(arrow.to)) else {
                continue;
            };
            paint_arrow(
                &painter,
                to(f.lat, f.lon),
                to(t.lat, t.lon),
                pal.event(Some(arrow.kind)),
            );
        }
        // Markers: overlapping ones merge into a cluster; biggest first so
        // small ones stay clickable on top.
        // A time window shows only the places with events in it.
        let markers = if s.kept_places.is_some() {
            shown = m
                .map
                .markers
                .iter()
                .filter(|mk| kept(mk.place))
                .cloned()
                .collect();
            &shown
        } else {
            &m.map.markers
        };
        let mut marks = marks(markers, &to);
        marks.sort_by(|a, b| b.radius.total_cmp(&a.radius));
        let singles: Vec<&Marker> = marks
            .iter()
            .filter(|mark| mark.members.len() == 1)
            .flat_map(|mark| mark.members.iter().copied())
            .collect();
        let clusters: Vec<Rect> = marks
            .iter()
            .filter(|mark| mark.members.len() > 1)
            .map(|mark| Rect::from_center_size(mark.pos, Vec2::splat(2.0 * mark.radius)))
            .collect();
        // The dispatch's names first; the basemap's names fill the room left.
        let (marker_labels, mut taken) = labels(&painter, s, &singles, &clusters, &to, rect);
        s.basemap.paint_names(&painter, &frame, s.gaz, &mut taken);
        for mark in &marks {
            let c = mark.pos;
            let r = mark.radius;
            let [leader, ..] = mark.members.as_slice() else {
                continue;
            };
            if mark.members.len() == 1 {
                paint_marker(&painter, s, leader, c, r);
            } else {
                let hot = mark
                    .members
                    .iter()
                    .any(|mk| s.hovered(Item::place(mk.place)));
                let sel = mark
                    .members
                    .iter()
                    .any(|mk| s.selected(Item::place(mk.place)));
                if sel || hot {
                    painter.circle_filled(
                        c,
                        r + 5.0,
                        if hot { pal.hover_bg } else { pal.selected_bg },
                    );
                }
                painter.circle(
                    c,
                    r,
                    pal.panel,
                    Stroke::new(2.5, pal.event(leader.event_type)),
                );
                painter.text(
                    c,
                    Align2::CENTER_CENTER,
                    mark.members.len().to_string(),
                    FontId::proportional(12.5),
                    pal.text,
                );
            }
            if let Some(p) = pointer
                && p.distance(c) <= r + 3.0
            {
                hovered = Some((Item::place(leader.place), c));
                hovered_cluster = (mark.members.len() > 1).then(|| mark.clone());
            }
        }
        for (spot, galley) in marker_labels {
            painter.rect_filled(spot.expand(1.5), 3.0, s.palette.halo);
            painter.galley(spot.min, galley, s.palette.text);
        }
        // Accessible handles for the top markers and clusters (screen readers, tests).
        for mark in marks.iter().take(30) {
            let c = mark.pos;
            let [leader, ..] = mark.members.as_slice() else {
                continue;
            };
            if !rect.contains(c) {
                continue;
            }
            let id = resp.id.with(("marker", leader.place.0));
            let h = ui.interact(
                Rect::from_center_size(c, Vec2::splat(2.0 * mark.radius)),
                id,
                Sense::click(),
            );
            if mark.members.len() == 1 {
                super::label_widget(&h, egui::Role::Button, &format!("Map: {}", leader.name));
                if h.clicked() {
                    out.push(Command::Select(Some(Item::place(leader.place))));
                }
            } else {
                let names: Vec<&str> = mark.members.iter().map(|mk| mk.name.as_str()).collect();
                super::label_widget(
                    &h,
                    egui::Role::Button,
                    &format!("Map: {} places: {}", names.len(), names.join(", ")),
                );
                if h.clicked() {
                    clicked_cluster = Some(mark.clone());
                }
            }
            if h.hovered() {
                hovered = Some((Item::place(leader.place), c));
                hovered_cluster = (mark.members.len() > 1).then(|| mark.clone());
            }
        }
        if hovered.is_none()
            && let Some(p) = pointer
        {
            for a in m.map.areas.iter().rev() {
                if let Some(b) = a.bbox
                    && Rect::from_two_pos(to(b[0], b[1]), to(b[2], b[3])).contains(p)
                    && !a.figurative
                {
                    hovered = Some((Item::place(a.place), p));
                    break;
                }
            }
        }
    } else {
        s.basemap
            .paint_names(&painter, &frame, s.gaz, &mut Vec::new());
    }
    let at_max_zoom = view.zoom >= MapView::MAX_ZOOM - 1e-6;
    if let Some((item, _)) = hovered
        && let Some(mark) = &hovered_cluster
    {
        out.push(Command::Hover(item));
        resp.clone()
            .on_hover_text_at_pointer(cluster_tooltip(mark, at_max_zoom));
    } else if let Some((item, _)) = hovered {
        out.push(Command::Hover(item));
        if let Some(m) = s.shown.as_ref()
            && let Item::Place(id) = item
        {
            let id = crate::gazetteer::PlaceId(id);
            let text = if let Some(mk) = m.map.marker(id) {
                let mut t = format!("{}\n{} · {}", mk.name, mk.kind.label(), mk.country);
                if mk.population > 0 {
                    t.push_str(&format!(
                        " · pop. {}",
                        crate::gazetteer::group_thousands(mk.population)
                    ));
                }
                t.push_str(&format!(
                    "\n{} mention{}",
                    mk.mentions,
                    if mk.mentions == 1 { "" } else { "s" }
                ));
                if mk.events > 0 {
                    t.push_str(&format!(
                        ", {} event{}",
                        mk.events,
                        if mk.events == 1 { "" } else { "s" }
                    ));
                }
                let first: String = mk.first_sentence.chars().take(160).collect();
                t.push_str(&format!(
                    "\n“{first}{}”",
                    if mk.first_sentence.len() > first.len() {
                        "…"
                    } else {
                        ""
                    }
                ));
                t
            } else if let Some(a) = m.map.areas.iter().find(|a| a.place == id) {
                format!(
                    "{}\n{} · {} mention{}",
                    a.name,
                    a.kind.label(),
                    a.mentions,
                    if a.mentions == 1 { "" } else { "s" }
                )
            } else {
                String::new()
            };
            if !text.is_empty() {
                resp.clone().on_hover_text_at_pointer(text);
            }
        }
    }
    if resp.clicked() && !resp.double_clicked() {
        if hovered_cluster.is_some() {
            clicked_cluster = hovered_cluster;
        } else {
            out.push(Command::Select(hovered.map(|(i, _)| i)));
        }
    }
    if let Some(mark) = clicked_cluster {
        if at_max_zoom {
            if let Some(leader) = mark.members.first() {
                out.push(Command::Select(Some(Item::place(leader.place))));
            }
        } else {
            let local = mark.pos - rect.min;
            view.zoom_at(ScreenPoint::new(local.x, local.y), vp, mark.zoom_to_split());
        }
    }
    overlay(ui, s, view, rect, size, &mut out);
    out
}
