//! The dispatch's places on the map: markers sized by mentions and coloured by their
//! events, clusters of markers that overlap, and the labels of the most mentioned.

use super::*;

pub(super) fn marker_radius(m: &Marker) -> f32 {
    4.0 + 3.0 * (m.mentions as f32).sqrt().min(4.0)
}

/// Paints one marker: sized by mentions, coloured by its events' main type.
pub(super) fn paint_marker(painter: &Painter, s: &Shared<'_>, mk: &Marker, c: Pos2, r: f32) {
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
pub(super) struct Mark<'a> {
    pub(super) members: Vec<&'a Marker>,
    /// The leader's position.
    pub(super) pos: Pos2,
    pub(super) radius: f32,
    /// The cluster members' positions (for zooming them apart).
    pub(super) spots: Vec<Pos2>,
    /// The clustering radius in pixels.
    pub(super) within: f32,
}

impl Mark<'_> {
    /// Zoom levels to add so the cluster's nearest member moves out of the
    /// clustering radius (1 to 4).
    pub(super) fn zoom_to_split(&self) -> f64 {
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

pub(super) fn cluster_radius(count: usize) -> f32 {
    (8.0 + 4.0 * (count as f32).sqrt()).min(22.0)
}

/// Groups the markers that overlap on screen (within about two marker radii,
/// importance = mention count); a lone marker is a one-member mark.
pub(super) fn marks<'a>(markers: &'a [Marker], to: &impl Fn(f64, f64) -> Pos2) -> Vec<Mark<'a>> {
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
pub(super) fn cluster_tooltip(mark: &Mark<'_>, at_max_zoom: bool) -> String {
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

/// Labels for the most mentioned places, without collisions, placed by the map core's
/// label placer (`map::marks::place_labels`, as the basemap's names and the print map's).
/// Returns the labels placed (drawn after the markers) and every rectangle taken: markers,
/// clusters and labels.
pub(super) fn labels(
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
