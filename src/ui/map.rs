//! The map panel: a Web Mercator view of the dispatch's places. Drag to pan,
//! wheel to zoom around the cursor, double-click to zoom in, +/− buttons and
//! keys, "Fit". Markers are sized by mention count and coloured by their
//! events' main type; countries and regions are tinted boxes (hollow when only
//! named adjectivally or metonymically); low confidence is dashed. Markers
//! that overlap on screen merge into one cluster circle with a count: hover
//! lists its places, a click zooms in around it (at the highest zoom it
//! selects the cluster's most mentioned place).
//!
//! The basemap (relief, countries, regions, rivers, names) is drawn by
//! [`super::basemap`]; a region the dispatch names is drawn as its shape.

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

/// The room a fit and a pan into view keep free at the map's edges: the zoom buttons and
/// "Fit" (top right), the scale bar (bottom left) and the attribution (bottom right), with
/// a marker's radius to spare.
pub const FIT_INSETS: Insets = Insets {
    left: 36.0,
    right: 68.0,
    top: 36.0,
    bottom: 52.0,
};

fn marker_radius(m: &Marker) -> f32 {
    4.0 + 3.0 * (m.mentions as f32).sqrt().min(4.0)
}

/// Paints one marker: sized by mentions, coloured by its events' main type.
fn paint_marker(painter: &Painter, s: &Shared<'_>, mk: &Marker, c: Pos2, r: f32) {
    let pal = s.palette;
    let item = Item::place(mk.place);
    let hot = s.hovered(item);
    let sel = s.selected(item);
    let fill = pal.event(mk.event_type);
    if sel || hot {
        painter.circle_filled(c, r + 5.0, if hot { pal.hover_bg } else { pal.selected_bg });
    }
    if mk.figurative {
        painter.circle_stroke(c, r, Stroke::new(2.0, fill));
    } else {
        painter.circle(c, r, fill.gamma_multiply(0.85), Stroke::new(1.5, pal.halo));
    }
    if mk.low_confidence {
        dashed_circle(painter, c, r + 3.0, Stroke::new(1.2, pal.muted));
    }
}

/// What is drawn for one or more markers: a marker, or a cluster of
/// markers that overlap on screen (leader, the most mentioned, first).
#[derive(Clone)]
struct Mark<'a> {
    members: Vec<&'a Marker>,
    /// The leader's position.
    pos: Pos2,
    radius: f32,
    /// The cluster members' positions (for zooming them apart).
    spots: Vec<Pos2>,
    /// The clustering radius in pixels.
    within: f32,
}

impl Mark<'_> {
    /// Zoom levels to add so the cluster's nearest member moves out of the
    /// clustering radius (1 to 4).
    fn zoom_to_split(&self) -> f64 {
        let nearest = self
            .spots
            .iter()
            .skip(1)
            .map(|p| p.distance(self.pos))
            .fold(f32::INFINITY, f32::min);
        if nearest.is_finite() && nearest > 0.5 {
            f64::from(self.within * 1.25 / nearest)
                .log2()
                .ceil()
                .clamp(1.0, 4.0)
        } else {
            3.0
        }
    }
}

fn cluster_radius(count: usize) -> f32 {
    (8.0 + 4.0 * (count as f32).sqrt()).min(22.0)
}

/// Groups the markers that overlap on screen (within about two marker radii,
/// importance = mention count); a lone marker is a one-member mark.
fn marks<'a>(markers: &'a [Marker], to: &impl Fn(f64, f64) -> Pos2) -> Vec<Mark<'a>> {
    let spots: Vec<Pos2> = markers.iter().map(|mk| to(mk.lat, mk.lon)).collect();
    let points: Vec<PointMark> = spots
        .iter()
        .zip(markers)
        .enumerate()
        .map(|(i, (c, mk))| PointMark {
            id: i as u64,
            pos: ScreenPoint::new(c.x, c.y),
            importance: mk.mentions as f32,
        })
        .collect();
    let mean = markers.iter().map(marker_radius).sum::<f32>() / markers.len().max(1) as f32;
    let within = 2.0 * mean;
    cluster_points(&points, within)
        .into_iter()
        .filter_map(|cl| {
            let idx: Vec<usize> = cl
                .members
                .iter()
                .filter_map(|&id| usize::try_from(id).ok())
                .filter(|&i| i < markers.len())
                .collect();
            let first = *idx.first()?;
            let members: Vec<&Marker> = idx.iter().map(|&i| &markers[i]).collect();
            let radius = if members.len() == 1 {
                marker_radius(members[0])
            } else {
                cluster_radius(members.len())
            };
            Some(Mark {
                members,
                pos: spots[first],
                radius,
                spots: idx.iter().map(|&i| spots[i]).collect(),
                within,
            })
        })
        .collect()
}

/// The tooltip of a cluster: its members' names, and what a click does.
fn cluster_tooltip(mark: &Mark<'_>, at_max_zoom: bool) -> String {
    const SHOWN: usize = 12;
    let mut t = format!("{} places", mark.members.len());
    for mk in mark.members.iter().take(SHOWN) {
        t.push_str(&format!(
            "\n{} · {} mention{}",
            mk.name,
            mk.mentions,
            if mk.mentions == 1 { "" } else { "s" }
        ));
    }
    if mark.members.len() > SHOWN {
        t.push_str(&format!("\n… and {} more", mark.members.len() - SHOWN));
    }
    match (at_max_zoom, mark.members.first()) {
        (true, Some(leader)) => t.push_str(&format!("\nClick to select {}", leader.name)),
        _ => t.push_str("\nClick to zoom in"),
    }
    t
}

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
    painter.rect_filled(rect, 0.0, pal.map_water);
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
                    t.push_str(&format!(" · pop. {}", group(mk.population)));
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

fn group(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A country named by the dispatch, on a basemap that fills its shape: the basemap names
/// it (on the part in view); here it is only marked when hovered or selected, with a ring
/// at its point.
fn paint_country_label(
    painter: &Painter,
    s: &Shared<'_>,
    a: &Area,
    to: &impl Fn(f64, f64) -> Pos2,
) {
    let item = Item::place(a.place);
    if s.hovered(item) || s.selected(item) {
        painter.circle_stroke(to(a.lat, a.lon), 10.0, Stroke::new(2.0, s.palette.accent));
    }
}

fn paint_area(
    painter: &Painter,
    s: &Shared<'_>,
    a: &Area,
    to: &impl Fn(f64, f64) -> Pos2,
    frame: &Frame<'_>,
) {
    let pal = s.palette;
    let item = Item::place(a.place);
    let hot = s.hovered(item) || s.selected(item);
    let stroke_c = if hot {
        pal.accent
    } else {
        pal.place(Some(a.kind)).gamma_multiply(0.7)
    };
    // A province or governorate the layers know: its shape, never a box.
    if a.kind == PlaceKind::Admin1
        && let Some(p) = s.gaz.get(a.place)
        && let Some(country) = p.country
    {
        let fill = if a.figurative {
            Color32::TRANSPARENT
        } else if hot {
            pal.selected_bg
        } else {
            a.event_type
                .map_or(pal.map_area, |t| pal.event(Some(t)).gamma_multiply(0.22))
        };
        let width = if hot { 2.0 } else { 1.3 };
        if paint_region(
            painter,
            frame,
            country,
            p.admin1_code,
            crate::map::LatLon::new(p.lat, p.lon),
            fill,
            Stroke::new(width, a.event_type.map_or(stroke_c, |t| pal.event(Some(t)))),
        ) {
            let c = to(a.lat, a.lon);
            painter.text(
                c,
                Align2::CENTER_CENTER,
                &a.name,
                FontId::proportional(11.5),
                if hot { pal.accent } else { pal.text },
            );
            return;
        }
    }
    match a.bbox {
        Some(b) => {
            let r = Rect::from_two_pos(to(b[0], b[1]), to(b[2], b[3]));
            if a.figurative {
                dashed_rect(painter, r, Stroke::new(1.2, stroke_c));
            } else {
                painter.rect_filled(r, 2.0, if hot { pal.selected_bg } else { pal.map_area });
                if a.low_confidence {
                    dashed_rect(painter, r, Stroke::new(1.0, stroke_c));
                } else {
                    painter.rect_stroke(
                        r,
                        2.0,
                        Stroke::new(1.0, stroke_c),
                        egui::StrokeKind::Inside,
                    );
                }
            }
            if r.width() > 60.0 {
                painter.text(
                    r.left_top() + vec2(4.0, 3.0),
                    Align2::LEFT_TOP,
                    &a.name,
                    FontId::proportional(11.0),
                    pal.muted,
                );
            }
        }
        None => {
            let c = to(a.lat, a.lon);
            painter.circle_stroke(c, 14.0, Stroke::new(1.5, stroke_c));
        }
    }
}

fn dashed_rect(painter: &Painter, r: Rect, stroke: Stroke) {
    let pts = [
        r.left_top(),
        r.right_top(),
        r.right_bottom(),
        r.left_bottom(),
        r.left_top(),
    ];
    painter.extend(Shape::dashed_line(&pts, stroke, 6.0, 4.0));
}

fn dashed_circle(painter: &Painter, c: Pos2, r: f32, stroke: Stroke) {
    let n = 24;
    for i in (0..n).step_by(2) {
        let a0 = i as f32 / n as f32 * std::f32::consts::TAU;
        let a1 = (i + 1) as f32 / n as f32 * std::f32::consts::TAU;
        painter.line_segment([c + r * Vec2::angled(a0), c + r * Vec2::angled(a1)], stroke);
    }
}

fn paint_arrow(painter: &Painter, from: Pos2, to: Pos2, color: Color32) {
    let d = to - from;
    let len = d.length();
    if len < 12.0 {
        return;
    }
    let dir = d / len;
    let (a, b) = (from + dir * 8.0, to - dir * 10.0);
    // A gentle curve: a quadratic bezier bowed to the left.
    let normal = vec2(-dir.y, dir.x);
    let ctrl = a + (b - a) * 0.5 + normal * (len * 0.15);
    let stroke = Stroke::new(2.5, color.gamma_multiply(0.8));
    let pts: Vec<Pos2> = (0..=16)
        .map(|i| {
            let t = i as f32 / 16.0;
            let u = 1.0 - t;
            pos2(
                u * u * a.x + 2.0 * u * t * ctrl.x + t * t * b.x,
                u * u * a.y + 2.0 * u * t * ctrl.y + t * t * b.y,
            )
        })
        .collect();
    painter.add(Shape::line(pts, stroke));
    let tip_dir = (b - ctrl).normalized();
    let n = vec2(-tip_dir.y, tip_dir.x);
    painter.add(Shape::convex_polygon(
        vec![
            b + tip_dir * 4.0,
            b - tip_dir * 8.0 + n * 5.0,
            b - tip_dir * 8.0 - n * 5.0,
        ],
        color,
        Stroke::NONE,
    ));
}

/// Labels for the most mentioned places, without collisions, placed by the map core's
/// label placer (`map::marks::place_labels`, as the basemap's names and the print map's).
/// Returns the labels placed (drawn after the markers) and every rectangle taken: markers,
/// clusters and labels.
fn labels(
    painter: &Painter,
    s: &Shared<'_>,
    order: &[&Marker],
    clusters: &[Rect],
    to: &impl Fn(f64, f64) -> Pos2,
    rect: Rect,
) -> (Vec<(Rect, std::sync::Arc<egui::Galley>)>, Vec<Rect>) {
    const MOST: usize = 14;
    let mut out = Vec::new();
    let mut by_rank: Vec<&&Marker> = order.iter().collect();
    by_rank.sort_by(|a, b| {
        b.mentions
            .cmp(&a.mentions)
            .then(b.population.cmp(&a.population))
    });
    let mut taken: Vec<Rect> = order
        .iter()
        .map(|m| Rect::from_center_size(to(m.lat, m.lon), Vec2::splat(2.0 * marker_radius(m))))
        .chain(clusters.iter().copied())
        .collect();
    let font = FontId::proportional(12.5);
    let bounds = screen_rect(rect);
    for m in by_rank {
        if out.len() >= MOST {
            break;
        }
        let c = to(m.lat, m.lon);
        if !rect.contains(c) {
            continue;
        }
        let galley = painter.layout_no_wrap(m.name.clone(), font.clone(), s.palette.text);
        let sz = galley.size();
        // Markers differ in size: each label keeps clear of its own marker's edge.
        let opts = LabelOptions {
            gap: marker_radius(m) + 3.0,
            margin: 0.0,
            bounds: Some(bounds),
            ..LabelOptions::default()
        };
        let candidate = LabelCandidate {
            id: 0,
            anchor: ScreenPoint::new(c.x, c.y),
            width: sz.x,
            height: sz.y,
            priority: 0.0,
        };
        let obstacles: Vec<ScreenRect> = taken.iter().map(|r| screen_rect(*r)).collect();
        let Some(spot) = place_labels(&[candidate], &obstacles, &opts)
            .first()
            .map(|p| {
                Rect::from_min_max(
                    pos2(p.rect.min_x, p.rect.min_y),
                    pos2(p.rect.max_x, p.rect.max_y),
                )
            })
        else {
            continue;
        };
        out.push((spot, galley));
        taken.push(spot);
    }
    (out, taken)
}

/// Zoom buttons, Fit, the scale bar and the attribution.
fn overlay(
    ui: &mut egui::Ui,
    s: &Shared<'_>,
    view: &mut MapView,
    rect: Rect,
    size: [f32; 2],
    out: &mut Vec<Command>,
) {
    let pal = s.palette;
    let painter = ui.painter_at(rect);
    // Scale bar, bottom left.
    if let Some(bar) = ScaleBar::fitting(view.meters_per_px(), 110.0)
        && bar.px > 4.0
    {
        let px = bar.px;
        let y = rect.bottom() - 30.0;
        let x0 = rect.left() + 12.0;
        let label = bar.label();
        painter.rect_filled(
            Rect::from_min_size(pos2(x0 - 4.0, y - 16.0), vec2(px as f32 + 8.0, 24.0)),
            3.0,
            pal.halo,
        );
        let stroke = Stroke::new(1.5, pal.text);
        painter.line_segment([pos2(x0, y), pos2(x0 + px as f32, y)], stroke);
        painter.line_segment([pos2(x0, y - 4.0), pos2(x0, y)], stroke);
        painter.line_segment(
            [pos2(x0 + px as f32, y - 4.0), pos2(x0 + px as f32, y)],
            stroke,
        );
        painter.text(
            pos2(x0, y - 5.0),
            Align2::LEFT_BOTTOM,
            label,
            FontId::proportional(11.0),
            pal.text,
        );
    }
    // Attribution, bottom right.
    let attr = painter.layout_no_wrap(
        "GeoNames CC BY 4.0 · Natural Earth".to_owned(),
        FontId::proportional(10.5),
        pal.muted,
    );
    let pos = rect.right_bottom() - galley_size(&attr) - vec2(6.0, 4.0);
    painter.rect_filled(
        Rect::from_min_size(pos, galley_size(&attr)).expand(2.0),
        2.0,
        pal.halo,
    );
    painter.galley(pos, attr, pal.muted);
    // Basemap layers that could not be read: said once, above the attribution.
    let mut y = pos.y - 6.0;
    for problem in s.basemap.problems() {
        let g = painter.layout(
            problem,
            FontId::proportional(11.0),
            pal.text,
            rect.width() * 0.6,
        );
        let p = pos2(
            rect.right() - galley_size(&g).x - 8.0,
            y - galley_size(&g).y,
        );
        painter.rect_filled(
            Rect::from_min_size(p, galley_size(&g)).expand(3.0),
            3.0,
            pal.warn_bg,
        );
        y = p.y - 8.0;
        painter.galley(p, g, pal.text);
    }
    // Controls, top right.
    let controls = Rect::from_min_size(rect.right_top() + vec2(-44.0, 8.0), vec2(36.0, 96.0));
    if rect.width() > 80.0 && rect.height() > 110.0 {
        let mut child = ui.new_child(
            egui::UiBuilder::new()
                .max_rect(controls)
                .layout(egui::Layout::top_down(egui::Align::Center)),
        );
        let c = ScreenPoint::new(size[0] / 2.0, size[1] / 2.0);
        let vp = Viewport::new(size[0], size[1]);
        if child.button(" + ").on_hover_text("Zoom in (+)").clicked() {
            view.zoom_at(c, vp, 1.0);
        }
        if child.button(" − ").on_hover_text("Zoom out (−)").clicked() {
            view.zoom_at(c, vp, -1.0);
        }
        if child
            .button("Fit")
            .on_hover_text("Show all the dispatch's places")
            .clicked()
        {
            out.push(Command::FitMap);
        }
    }
    if s.shown
        .as_ref()
        .is_some_and(|m| m.map.markers.is_empty() && m.map.areas.is_empty())
    {
        painter.text(
            rect.center(),
            Align2::CENTER_CENTER,
            "No places resolved in this dispatch",
            FontId::proportional(14.0),
            pal.muted,
        );
    }
}

fn galley_size(g: &std::sync::Arc<egui::Galley>) -> Vec2 {
    g.size()
}
