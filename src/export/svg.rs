//! The map as a standalone SVG for print: Web Mercator fitted to the
//! table's places, Natural Earth countries (mentioned ones tinted), place
//! markers sized by mentions and coloured by their events' type, labels
//! without collisions, a legend, a scale bar and the attribution line.
//!
//! Output is deterministic (fixed decimals, sorted inputs) and valid XML;
//! every piece of text goes through [`escape`]. Must not read the clock or
//! any file: the basemap is passed in.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::events::{EventType, Family};
use crate::map::marks::{LabelCandidate, LabelOptions, ScreenRect, place_labels};
use crate::map::{
    Basemap, GeoBounds, Insets, LatLon, Lod, MapView, MercatorRect, ScaleBar, ScreenPoint,
    ScreenTransform, Viewport, estimate_text_size,
};
use crate::view::palette::{event_rgb, hex};

use super::{Table, escape};

/// The attribution every map and briefing carries.
pub const ATTRIBUTION: &str = "Places: GeoNames (CC BY 4.0) · Basemap: Natural Earth";

/// Size and look of the map.
#[derive(Clone, Debug, PartialEq)]
pub struct SvgOptions {
    /// Width and height in CSS pixels (the SVG also scales to its container).
    pub width: f64,
    pub height: f64,
    /// Pixels kept free around the places when fitting.
    pub margin: f64,
    /// At most this many place labels.
    pub max_labels: usize,
}

impl Default for SvgOptions {
    fn default() -> Self {
        SvgOptions {
            width: 960.0,
            height: 640.0,
            margin: 60.0,
            max_labels: 30,
        }
    }
}

/// One marker: a place aggregated over the table's dispatches.
#[derive(Clone, Debug)]
pub(crate) struct Marker {
    pub name: String,
    pub country: Option<String>,
    pub lat: f64,
    pub lon: f64,
    pub kind: crate::gazetteer::PlaceKind,
    pub mentions: usize,
    pub indirect: usize,
    /// Event counts by type.
    pub kinds: BTreeMap<EventType, usize>,
}

impl Marker {
    /// The most frequent event type here (ties: the first in taxonomy order).
    pub fn main_kind(&self) -> Option<EventType> {
        let mut best: Option<(EventType, usize)> = None;
        for (&k, &n) in &self.kinds {
            if best.is_none_or(|(_, b)| n > b) {
                best = Some((k, n));
            }
        }
        best.map(|(k, _)| k)
    }

    fn events(&self) -> usize {
        self.kinds.values().sum()
    }
}

/// Places of the table merged by (geonameid, name), in a stable order.
pub(crate) fn markers(table: &Table) -> Vec<Marker> {
    let mut by_key: BTreeMap<(Option<u32>, String), Marker> = BTreeMap::new();
    for row in &table.places {
        let p = &row.place;
        if !(p.lat.is_finite() && p.lon.is_finite()) {
            continue;
        }
        let m = by_key
            .entry((p.geonameid, p.name.clone()))
            .or_insert_with(|| Marker {
                name: p.name.clone(),
                country: p.country.clone(),
                lat: p.lat,
                lon: p.lon,
                kind: p.kind,
                mentions: 0,
                indirect: 0,
                kinds: BTreeMap::new(),
            });
        m.mentions += row.mentions;
        m.indirect += row.indirect;
    }
    for e in &table.events {
        if let Some(p) = &e.place
            && let Some(m) = by_key.get_mut(&(p.geonameid, p.name.clone()))
        {
            *m.kinds.entry(e.kind).or_default() += 1;
        }
    }
    by_key.into_values().collect()
}

/// Height of the attribution strip along the bottom edge.
const ATTRIBUTION_H: f64 = 18.0;

/// The print map's view: the map core's [`MapView`], fitted the way the app fits its map
/// ([`GeoBounds::fit_tiers`]), and its screen transform.
#[derive(Clone, Copy, Debug)]
struct Fit {
    view: MapView,
    t: ScreenTransform,
    w: f64,
    h: f64,
}

impl Fit {
    /// Fitted like the app: to the places events happen at, named literally (not only as an
    /// adjective or a metonym), towns and provinces before countries and macro-regions,
    /// whose centre points would stretch the map; then every literal town, every literal
    /// place, everything. The box is grown by an eighth on each side and `margin` pixels are
    /// kept free around it; never closer than zoom 8.
    fn new(markers: &[Marker], o: &SvgOptions) -> Fit {
        use crate::gazetteer::PlaceKind;
        let literal = |m: &&Marker| m.mentions > m.indirect;
        let local = |m: &&Marker| !matches!(m.kind, PlaceKind::Country | PlaceKind::Region);
        let with_events = |m: &&Marker| m.events() > 0;
        let point = |m: &Marker| [m.lat, m.lon, m.lat, m.lon];
        let tiers = [
            markers
                .iter()
                .filter(literal)
                .filter(local)
                .filter(with_events)
                .map(point)
                .collect(),
            markers
                .iter()
                .filter(literal)
                .filter(local)
                .map(point)
                .collect(),
            markers.iter().filter(literal).map(point).collect(),
            markers.iter().map(point).collect(),
        ];
        let (w, h) = (o.width.max(50.0), o.height.max(50.0));
        let vp = Viewport::new(w as f32, h as f32);
        let m = o.margin.clamp(0.0, w.min(h) / 3.0) as f32;
        let insets = Insets {
            bottom: m + ATTRIBUTION_H as f32,
            ..Insets::all(m)
        };
        // Room around the places for what orients a reader (neighbours, seas, rivers);
        // no place: the inhabited latitudes of the whole world.
        let bounds = GeoBounds::fit_tiers(&tiers).map_or(
            GeoBounds {
                south: -50.0,
                west: -180.0,
                north: 70.0,
                east: 180.0,
            },
            |b| b.grown(0.12),
        );
        let view = MapView::fit_bounds_within(bounds, vp, insets, MapView::FIT_MAX_ZOOM);
        Fit::with_view(view, w, h)
    }

    fn with_view(view: MapView, w: f64, h: f64) -> Fit {
        Fit {
            view,
            t: view.transform(Viewport::new(w as f32, h as f32)),
            w,
            h,
        }
    }

    fn viewport(&self) -> Viewport {
        Viewport::new(self.w as f32, self.h as f32)
    }

    /// A Mercator point in pixels.
    fn px(&self, x: f64, y: f64) -> (f64, f64) {
        (
            x * self.t.scale + self.t.offset_x,
            y * self.t.scale + self.t.offset_y,
        )
    }

    /// A geographic point in pixels (the world copy nearest the map's centre).
    fn point(&self, lat: f64, lon: f64) -> (f64, f64) {
        let s = self.view.to_screen(LatLon::new(lat, lon), self.viewport());
        (f64::from(s.x), f64::from(s.y))
    }

    fn zoom(&self) -> f64 {
        self.view.zoom
    }

    /// Where labels may go: 4 pixels in from the edges, `bottom` from the bottom one.
    fn label_bounds(&self, bottom: f64) -> ScreenRect {
        ScreenRect {
            min_x: 4.0,
            min_y: 4.0,
            max_x: (self.w - 4.0) as f32,
            max_y: (self.h - bottom) as f32,
        }
    }

    /// The map's area in Mercator units.
    fn view_rect(&self) -> MercatorRect {
        self.view.visible_mercator(self.viewport())
    }
}

fn marker_radius(m: &Marker) -> f64 {
    (3.0 + 2.2 * (m.mentions.max(1) as f64).sqrt()).min(14.0)
}

/// Appends one country's polygons as a path `d`, in pixels, with points
/// closer than half a pixel merged. Returns false when nothing was visible.
fn polygon_path(d: &mut String, polys: &[geo::Polygon<f64>], fit: &Fit) -> bool {
    let (w, h) = (fit.w, fit.h);
    let mut any = false;
    for poly in polys {
        let rings = std::iter::once(poly.exterior()).chain(poly.interiors());
        for (ri, ring) in rings.enumerate() {
            let pts: Vec<(f64, f64)> = ring.0.iter().map(|c| fit.px(c.x, c.y)).collect();
            let (mut a, mut b, mut c, mut e) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
            for &(x, y) in &pts {
                a = a.min(x);
                b = b.max(x);
                c = c.min(y);
                e = e.max(y);
            }
            // Cull rings outside the view (exteriors; holes follow their ring).
            if ri == 0 && (b < -2.0 || a > w + 2.0 || e < -2.0 || c > h + 2.0) {
                break;
            }
            if ri > 0 && (b < -2.0 || a > w + 2.0 || e < -2.0 || c > h + 2.0) {
                continue;
            }
            if b - a < 0.6 && e - c < 0.6 {
                continue;
            }
            let mut last: Option<(f64, f64)> = None;
            let mut n = 0;
            for &(x, y) in &pts {
                // Clamp far-away points to a band just outside the view, so
                // huge countries do not carry their whole outline.
                let (x, y) = (x.clamp(-20.0, w + 20.0), y.clamp(-20.0, h + 20.0));
                if last.is_some_and(|(lx, ly)| (lx - x).abs() < 0.5 && (ly - y).abs() < 0.5) {
                    continue;
                }
                let _ = write!(d, "{}{:.1} {:.1}", if n == 0 { 'M' } else { 'L' }, x, y);
                last = Some((x, y));
                n += 1;
            }
            if n > 0 {
                d.push('Z');
                any = true;
            }
        }
    }
    any
}

/// Lakes, rivers and (closer than continent scale) admin-1 boundaries, from the map core's
/// layers; nothing when they cannot be read (the countries still are drawn).
fn reference_layers(s: &mut String, fit: &Fit) {
    let Ok(layers) = crate::map::layers::Layers::bundled() else {
        return;
    };
    let zoom = fit.zoom();
    let lod = layers.lod(Lod::for_zoom(zoom).max(Lod::Continent));
    let view = fit.view_rect();
    let shows = |b: Option<MercatorRect>| b.is_some_and(|b| b.intersects(&view));
    let mut lakes = String::new();
    for shape in lod.lakes.iter().filter(|sh| shows(sh.bounds)) {
        for line in &shape.outlines {
            line_path(&mut lakes, line, fit, true, 0.5);
        }
    }
    if !lakes.is_empty() {
        let _ = write!(
            s,
            r##"<path class="lakes" d="{lakes}" fill="#dfe9f1" stroke="#9dbbd3" stroke-width="0.6" fill-rule="evenodd"/>"##
        );
    }
    let mut rivers = String::new();
    for shape in lod.rivers.iter().filter(|sh| shows(sh.bounds)) {
        for line in &shape.outlines {
            line_path(&mut rivers, line, fit, false, 0.5);
        }
    }
    if !rivers.is_empty() {
        let width = (0.6 + 0.2 * (zoom - 2.0)).clamp(0.6, 1.8);
        let _ = write!(
            s,
            r##"<path class="rivers" d="{rivers}" fill="none" stroke="#7ea7c9" stroke-width="{width:.1}" stroke-linejoin="round" stroke-linecap="round"/>"##
        );
    }
    if zoom >= 4.0 {
        let mut regions = String::new();
        for shape in lod.regions.iter().filter(|sh| shows(sh.bounds)) {
            for line in &shape.outlines {
                // Faint dashed boundaries need no sub-pixel detail.
                line_path(&mut regions, line, fit, false, 2.0);
            }
        }
        if !regions.is_empty() {
            let _ = write!(
                s,
                r##"<path class="provinces" d="{regions}" fill="none" stroke="#a39a8c" stroke-width="0.5" stroke-dasharray="3 2" stroke-opacity="0.8"/>"##
            );
        }
    }
}

/// A polyline of Mercator points as path data in pixels (closed with `Z` when `close`),
/// with points closer than `step` pixels merged. An open line (a river, a boundary) keeps
/// only its parts on the map: a run of points beyond the map's edge is left out and the
/// line starts again where it comes back, so a province half in view costs its visible
/// half. A closed ring (a lake) is kept whole, clamped to the edge, so it still fills.
fn line_path(d: &mut String, line: &[[f32; 2]], fit: &Fit, close: bool, step: f64) {
    const PAD: f64 = 20.0;
    let px: Vec<(f64, f64)> = line
        .iter()
        .map(|p| fit.px(f64::from(p[0]), f64::from(p[1])))
        .collect();
    let inside = |&(x, y): &(f64, f64)| {
        (-PAD..=fit.w + PAD).contains(&x) && (-PAD..=fit.h + PAD).contains(&y)
    };
    let mut last: Option<(f64, f64)> = None;
    let mut n = 0;
    let mut pen_up = true;
    for (i, &(x, y)) in px.iter().enumerate() {
        // A point beyond the edge is kept only as the end of a segment that crosses it.
        let near =
            inside(&(x, y)) || (i > 0 && inside(&px[i - 1])) || px.get(i + 1).is_some_and(inside);
        if !close && !near {
            pen_up = true;
            continue;
        }
        let (x, y) = (x.clamp(-PAD, fit.w + PAD), y.clamp(-PAD, fit.h + PAD));
        if !pen_up && last.is_some_and(|(lx, ly)| (lx - x).abs() < step && (ly - y).abs() < step) {
            continue;
        }
        let cmd = if pen_up { 'M' } else { 'L' };
        // Coarse lines in whole pixels, the rest to a tenth.
        let _ = if step >= 1.0 {
            write!(d, "{cmd}{x:.0} {y:.0}")
        } else {
            write!(d, "{cmd}{x:.1} {y:.1}")
        };
        pen_up = false;
        last = Some((x, y));
        n += 1;
    }
    if close && n > 0 {
        d.push('Z');
    }
}

/// One name of the basemap to place.
struct BaseName {
    text: String,
    x: f64,
    y: f64,
    font: f32,
    class: &'static str,
    /// Degrees, for rivers.
    angle: f64,
    priority: f32,
}

impl BaseName {
    /// The name as a label to place (a rotated river name: its bounding box).
    fn candidate(&self, id: usize) -> LabelCandidate {
        let (w, h) = estimate_text_size(&self.text, self.font);
        let (w, h) = if self.angle == 0.0 {
            (w, h)
        } else {
            let (sn, cs) = (self.angle.to_radians() as f32).sin_cos();
            (w * cs.abs() + h * sn.abs(), w * sn.abs() + h * cs.abs())
        };
        LabelCandidate {
            id: id as u64,
            anchor: ScreenPoint::new(self.x as f32, self.y as f32),
            width: w,
            height: h,
            priority: self.priority,
        }
    }
}

/// What the basemap's names keep clear of and orient by.
struct Around<'a> {
    /// Markers, their labels, the locator inset.
    taken: &'a [ScreenRect],
    /// The drawn markers' centres.
    places: &'a [(f64, f64)],
    legend: Option<ScreenRect>,
}

/// Names of the countries in view (on the part in view), of seas, lakes, rivers and
/// physical regions at the map's zoom, placed without covering the places, their labels
/// or the legend; returns the boxes they take.
fn basemap_names(
    s: &mut String,
    basemap: &Basemap,
    fit: &Fit,
    mentioned: &std::collections::BTreeSet<usize>,
    around: &Around<'_>,
) -> Vec<ScreenRect> {
    use geo::{Area, BooleanOps, BoundingRect, InteriorPoint};
    let places = around.places;
    let zoom = fit.zoom();
    let view = fit.view_rect();
    let view_poly = geo::Rect::new(
        geo::coord! { x: view.min_x, y: view.min_y },
        geo::coord! { x: view.max_x, y: view.max_y },
    )
    .to_polygon();
    let mut names: Vec<BaseName> = Vec::new();
    let mut small: Vec<BaseName> = Vec::new();
    let polys = basemap.all_polygons(Lod::for_zoom(zoom).max(Lod::Continent));
    for (i, (c, lp)) in basemap
        .countries()
        .iter()
        .zip(basemap.label_points())
        .enumerate()
    {
        let Some(lp) = lp else { continue };
        let named = mentioned.contains(&i);
        let font = if named { 12.0 } else { 10.5 };
        let text = c.name.to_uppercase();
        let (tw, _) = estimate_text_size(&text, font);
        let (hx, hy) = fit.px(lp.at[0], lp.at[1]);
        let inside = hx > 10.0 && hx < fit.w - 10.0 && hy > 10.0 && hy < fit.h - 10.0;
        let at = if inside {
            let width_px = lp.width * fit.t.scale;
            if width_px < f64::from(tw) * 0.6 {
                // Too small for its name (Lebanon, Qatar at a region's scale): named beside
                // it with a leader line, if it shows at all.
                let near = places
                    .iter()
                    .map(|p| (p.0 - hx).hypot(p.1 - hy))
                    .fold(f64::INFINITY, f64::min);
                if width_px >= SMALL_COUNTRY_PX && (named || near <= SMALL_COUNTRY_NEAR) {
                    small.push(BaseName {
                        text: c.name.clone(),
                        x: hx,
                        y: hy,
                        font: 9.5,
                        class: if named {
                            "country small named"
                        } else {
                            "country small"
                        },
                        angle: 0.0,
                        // The story's own first, then the nearest to its places.
                        priority: if named { 1e3 } else { 0.0 }
                            + (SMALL_COUNTRY_NEAR - near.min(SMALL_COUNTRY_NEAR)) as f32,
                    });
                }
                None
            } else {
                Some((hx, hy))
            }
        } else {
            // The largest piece of the country inside the map, if it has room for the name.
            let Some(country) = polys.get(i) else {
                continue;
            };
            let mut best: Option<(f64, geo::Polygon<f64>)> = None;
            for p in country {
                if !p.bounding_rect().is_some_and(|b| {
                    b.max().x > view.min_x
                        && b.min().x < view.max_x
                        && b.max().y > view.min_y
                        && b.min().y < view.max_y
                }) {
                    continue;
                }
                for piece in p.intersection(&view_poly) {
                    let a = piece.unsigned_area();
                    if best.as_ref().is_none_or(|(b, _)| a > *b) {
                        best = Some((a, piece));
                    }
                }
            }
            best.and_then(|(area, piece)| {
                let w = piece.bounding_rect()?.width() * fit.t.scale;
                let px_area = area * fit.t.scale * fit.t.scale;
                if w < f64::from(tw) || px_area < f64::from(tw) * 30.0 {
                    return None;
                }
                let p = piece.interior_point()?;
                Some(fit.px(p.x(), p.y()))
            })
        };
        let Some((x, y)) = at else { continue };
        names.push(BaseName {
            text,
            x,
            y,
            font,
            class: if named { "country named" } else { "country" },
            angle: 0.0,
            // The story's countries, then its neighbours (named before the rivers through
            // its places), then the rest by size.
            priority: if named {
                7e3
            } else if places
                .iter()
                .any(|p| (p.0 - x).hypot(p.1 - y) <= NEIGHBOUR_PX)
            {
                6e3
            } else {
                1e3
            } + (lp.area * 1e4) as f32,
        });
    }
    if let Ok(curated) = crate::map::layers::bundled_names() {
        use crate::map::layers::NameKind;
        let angles = crate::map::layers::bundled_river_angles();
        for (i, n) in curated.iter().enumerate() {
            if zoom < n.min_zoom || zoom >= n.max_zoom {
                continue;
            }
            let angle = angles.get(i).copied().flatten();
            let (class, font, priority) = match n.kind {
                NameKind::Sea => ("sea", 11.5, 900.0),
                NameKind::Lake => ("lake", 10.0, 500.0),
                NameKind::River if angle.is_some() => ("river", 10.0, 700.0),
                NameKind::River => continue,
                NameKind::Physical => ("physical", 10.0, 400.0),
            };
            let (x, y) = fit.point(n.at.lat, n.at.lon);
            // A river through the story's places orients its reader before any country
            // beyond them: "Raqqa on the Euphrates".
            let near = places
                .iter()
                .map(|p| (p.0 - x).hypot(p.1 - y))
                .fold(f64::INFINITY, f64::min);
            let priority = if class == "river" && near <= 200.0 {
                5e3 - near as f32
            } else {
                priority
            };
            names.push(BaseName {
                text: n.name.clone(),
                x,
                y,
                font,
                class,
                angle: f64::from(angle.unwrap_or(0.0)).to_degrees(),
                priority,
            });
        }
    }
    let candidates: Vec<LabelCandidate> = names
        .iter()
        .enumerate()
        .map(|(i, n)| n.candidate(i))
        .collect();
    let mut obstacles = around.taken.to_vec();
    // The legend and the attribution strip.
    obstacles.extend(around.legend);
    obstacles.push(ScreenRect {
        min_x: 0.0,
        min_y: (fit.h - 22.0) as f32,
        max_x: fit.w as f32,
        max_y: fit.h as f32,
    });
    obstacles.push(ScreenRect {
        min_x: (fit.w - 170.0) as f32,
        min_y: (fit.h - 52.0) as f32,
        max_x: fit.w as f32,
        max_y: fit.h as f32,
    });
    let opts = LabelOptions {
        sides: vec![
            crate::map::LabelSide::Center,
            crate::map::LabelSide::Below,
            crate::map::LabelSide::Above,
        ],
        gap: 6.0,
        margin: 3.0,
        bounds: Some(fit.label_bounds(4.0)),
    };
    // Greedily by priority, one name at a time, so a river with several name points keeps
    // the first that fits and its twins (within 300 pixels) take no room from others.
    let mut order: Vec<usize> = (0..candidates.len()).collect();
    order.sort_by(|&a, &b| candidates[b].priority.total_cmp(&candidates[a].priority));
    let mut taken_here = obstacles.clone();
    let mut placed: Vec<crate::map::PlacedLabel> = Vec::new();
    for i in order {
        let n = &names[i];
        let twin = |p: &crate::map::PlacedLabel| {
            let m = &names[p.id as usize];
            m.text == n.text && (m.x - n.x).hypot(m.y - n.y) < 300.0
        };
        if n.class == "river" && placed.iter().any(twin) {
            continue;
        }
        if let Some(p) = place_labels(&candidates[i..=i], &taken_here, &opts).pop() {
            taken_here.push(p.rect);
            placed.push(p);
        }
    }
    placed.sort_by_key(|p| p.id);
    let leaders = small_country_names(&small, &obstacles, &placed, &opts);
    s.push_str(r##"<g class="basemap-names" text-anchor="middle" stroke="#ffffff" stroke-width="2.5" stroke-opacity="0.8" stroke-linejoin="round" paint-order="stroke">"##);
    for p in &placed {
        let n = &names[p.id as usize];
        let (cx, cy) = (
            f64::from(p.rect.min_x + p.rect.max_x) / 2.0,
            f64::from(p.rect.min_y + p.rect.max_y) / 2.0,
        );
        let (fill, style) = match n.class {
            "sea" | "lake" | "river" => ("#3f6f98", r#" font-style="italic""#),
            "physical" => ("#7a7264", r#" font-style="italic""#),
            "country named" => ("#1f2328", r#" font-weight="bold" letter-spacing="0.5""#),
            _ => ("#6a6459", r#" letter-spacing="0.5""#),
        };
        let rotate = if n.angle == 0.0 {
            String::new()
        } else {
            format!(r#" transform="rotate({:.1} {cx:.1} {cy:.1})""#, n.angle)
        };
        let _ = write!(
            s,
            r#"<text class="{}" x="{cx:.1}" y="{:.1}" font-size="{}" fill="{fill}"{style}{rotate}>{}</text>"#,
            n.class,
            cy + f64::from(n.font) * 0.35,
            n.font,
            escape(&n.text)
        );
    }
    for (n, rect) in &leaders {
        // The leader runs from the country to the nearest point of its name's box.
        let (lx, ly) = (
            n.x.clamp(f64::from(rect.min_x), f64::from(rect.max_x)),
            n.y.clamp(f64::from(rect.min_y), f64::from(rect.max_y)),
        );
        let (cx, cy) = (
            f64::from(rect.min_x + rect.max_x) / 2.0,
            f64::from(rect.min_y + rect.max_y) / 2.0,
        );
        let _ = write!(
            s,
            r##"<path class="leader" d="M{:.1} {:.1}L{lx:.1} {ly:.1}" fill="none" stroke="#8a8378" stroke-width="0.7"/><text class="{}" x="{cx:.1}" y="{:.1}" font-size="{}" fill="#5d574d" letter-spacing="0.3">{}</text>"##,
            n.x,
            n.y,
            n.class,
            cy + f64::from(n.font) * 0.35,
            n.font,
            escape(&n.text)
        );
    }
    s.push_str("</g>");
    placed
        .iter()
        .map(|p| p.rect)
        .chain(leaders.iter().map(|(_, r)| *r))
        .collect()
}

/// At most this many reference towns on a print map.
const MAX_TOWNS: usize = 24;

/// The capitals and large cities a reader orients by (the app's reference towns, by the
/// same zoom rule), faint, each a dot and a name beside it where both fit clear of what
/// is drawn; none where the story has a place of its own.
fn reference_towns(s: &mut String, fit: &Fit, markers: &[Marker], taken: &[ScreenRect]) {
    use crate::view::reference::{bundled_towns, shown_at};
    const FONT: f32 = 9.5;
    let zoom = fit.zoom();
    let mut taken = taken.to_vec();
    let mut out = String::new();
    let mut n = 0;
    for t in bundled_towns().iter().filter(|t| shown_at(t, zoom)) {
        if n >= MAX_TOWNS {
            break;
        }
        let (x, y) = fit.point(t.lat, t.lon);
        if !(12.0..=fit.w - 12.0).contains(&x) || !(12.0..=fit.h - 30.0).contains(&y) {
            continue;
        }
        let ours = markers.iter().any(|m| {
            let (mx, my) = fit.point(m.lat, m.lon);
            m.name == t.name || (mx - x).hypot(my - y) < 8.0
        });
        let dot = ScreenRect {
            min_x: (x - 3.0) as f32,
            min_y: (y - 3.0) as f32,
            max_x: (x + 3.0) as f32,
            max_y: (y + 3.0) as f32,
        };
        if ours || taken.iter().any(|r| r.overlaps(&dot)) {
            continue;
        }
        let (w, h) = estimate_text_size(&t.name, FONT);
        let candidate = LabelCandidate {
            id: 0,
            anchor: ScreenPoint::new(x as f32, y as f32),
            width: w,
            height: h,
            priority: 0.0,
        };
        let opts = LabelOptions {
            gap: 4.0,
            margin: 2.0,
            bounds: Some(fit.label_bounds(22.0)),
            ..LabelOptions::default()
        };
        let Some(p) = place_labels(&[candidate], &taken, &opts).pop() else {
            continue;
        };
        taken.push(dot);
        taken.push(p.rect);
        n += 1;
        let (tx, anchor) = match p.side {
            crate::map::LabelSide::Left => (p.rect.max_x, "end"),
            crate::map::LabelSide::Right => (p.rect.min_x, "start"),
            _ => ((p.rect.min_x + p.rect.max_x) / 2.0, "middle"),
        };
        let shape = if t.capital {
            format!(
                r##"<rect x="{:.1}" y="{:.1}" width="5" height="5" fill="#ffffff" stroke="#5d574d" stroke-width="1.2"/>"##,
                x - 2.5,
                y - 2.5
            )
        } else {
            format!(r##"<circle cx="{x:.1}" cy="{y:.1}" r="2" fill="#5d574d"/>"##)
        };
        let _ = write!(
            out,
            r#"{shape}<text x="{tx:.1}" y="{:.1}" text-anchor="{anchor}">{}</text>"#,
            p.rect.max_y - FONT * 0.3,
            escape(&t.name)
        );
    }
    if !out.is_empty() {
        let _ = write!(
            s,
            r##"<g class="towns" font-size="{FONT}" fill="#5d574d" stroke="#ffffff" stroke-width="2.5" stroke-opacity="0.8" stroke-linejoin="round" paint-order="stroke">{out}</g>"##
        );
    }
}

/// A country whose name lies within this many pixels of one of the map's places is a
/// neighbour of the story: named before the rest.
const NEIGHBOUR_PX: f64 = 250.0;

/// A country narrower than this many pixels is too small to name even beside it.
const SMALL_COUNTRY_PX: f64 = 2.5;

/// A small country is named beside itself when the story names it or when it lies within
/// this many pixels of one of the map's places.
const SMALL_COUNTRY_NEAR: f64 = 250.0;

/// At most this many small countries are named beside themselves.
const MAX_SMALL_NAMES: usize = 8;

/// Places the names of countries too small for their name beside them (right, left, above,
/// below, clear of everything placed so far), the largest first.
fn small_country_names<'a>(
    small: &'a [BaseName],
    obstacles: &[ScreenRect],
    placed: &[crate::map::PlacedLabel],
    opts: &LabelOptions,
) -> Vec<(&'a BaseName, ScreenRect)> {
    let mut taken = obstacles.to_vec();
    taken.extend(placed.iter().map(|p| p.rect));
    let mut order: Vec<usize> = (0..small.len()).collect();
    order.sort_by(|&a, &b| small[b].priority.total_cmp(&small[a].priority));
    order.truncate(MAX_SMALL_NAMES);
    let candidates: Vec<LabelCandidate> = order.iter().map(|&i| small[i].candidate(i)).collect();
    // Beside the country, then further out with a longer leader where that is crowded.
    let mut out: Vec<(&BaseName, ScreenRect)> = Vec::new();
    let mut left = candidates;
    for gap in [9.0, 22.0, 38.0] {
        let beside = LabelOptions {
            sides: vec![
                crate::map::LabelSide::Right,
                crate::map::LabelSide::Left,
                crate::map::LabelSide::Above,
                crate::map::LabelSide::Below,
            ],
            gap,
            ..opts.clone()
        };
        let placed = place_labels(&left, &taken, &beside);
        taken.extend(placed.iter().map(|p| p.rect));
        left.retain(|c| !placed.iter().any(|p| p.id == c.id));
        out.extend(placed.into_iter().map(|p| (&small[p.id as usize], p.rect)));
    }
    out.sort_by(|a, b| a.0.text.cmp(&b.0.text));
    out
}

/// Where points (latitude, longitude) fall on [`map_svg`]'s map of `table` drawn with
/// `o`, in its pixels (the story page marks an event's place on the one map).
#[must_use]
pub fn map_points(table: &Table, o: &SvgOptions, points: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let fit = Fit::new(&markers(table), o);
    points
        .iter()
        .map(|&(lat, lon)| {
            if lat.is_finite() && lon.is_finite() {
                fit.point(lat, lon)
            } else {
                (f64::NAN, f64::NAN)
            }
        })
        .collect()
}

/// The map of `table` as a standalone SVG document (no XML declaration, so
/// it can also be put inline in HTML as is).
#[must_use]
pub fn map_svg(table: &Table, basemap: &Basemap, o: &SvgOptions) -> String {
    let markers = markers(table);
    let fit = Fit::new(&markers, o);
    let (w, h) = (fit.w, fit.h);
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w:.0}" height="{h:.0}" viewBox="0 0 {w:.0} {h:.0}" font-family="Helvetica, Arial, sans-serif" role="img" aria-label="Map of the places in the dispatches">"#
    );
    let _ = write!(
        s,
        r#"<defs><clipPath id="map-clip"><rect width="{w:.0}" height="{h:.0}"/></clipPath></defs>"#
    );
    s.push_str(r#"<g clip-path="url(#map-clip)">"#);
    let _ = write!(
        s,
        r##"<rect width="{w:.0}" height="{h:.0}" fill="#dfe9f1"/>"##
    );

    // Countries: land first, then the mentioned ones tinted.
    let mentioned: std::collections::BTreeSet<usize> = markers
        .iter()
        .filter_map(|m| m.country.as_deref())
        .filter_map(|c| basemap.find_alpha2(c))
        .collect();
    let polys = basemap.all_polygons(Lod::for_zoom(fit.zoom()));
    let mut land = String::new();
    let mut tinted = String::new();
    for (i, p) in polys.iter().enumerate() {
        let target = if mentioned.contains(&i) {
            &mut tinted
        } else {
            &mut land
        };
        polygon_path(target, p, &fit);
    }
    let _ = write!(
        s,
        r##"<path d="{land}" fill="#f4f1ea" stroke="#b9b4a8" stroke-width="0.6" stroke-linejoin="round" fill-rule="evenodd"/>"##
    );
    if !tinted.is_empty() {
        let _ = write!(
            s,
            r##"<path d="{tinted}" fill="#f0dfc4" stroke="#a99a80" stroke-width="0.8" stroke-linejoin="round" fill-rule="evenodd"/>"##
        );
    }

    reference_layers(&mut s, &fit);

    // Markers, big ones first so small ones stay visible on top.
    let mut order: Vec<usize> = (0..markers.len()).collect();
    order.sort_by(|&a, &b| {
        markers[b]
            .mentions
            .cmp(&markers[a].mentions)
            .then_with(|| markers[a].name.cmp(&markers[b].name))
    });
    let mut obstacles = Vec::new();
    let mut drawn = Vec::new();
    s.push_str(r#"<g class="places">"#);
    for &i in &order {
        let m = &markers[i];
        let (x, y) = fit.point(m.lat, m.lon);
        // Off the fitted map (a far country's centre, an adjective's capital): not drawn;
        // the country itself is tinted and named where it shows.
        if !((0.0..=fit.w).contains(&x) && (0.0..=fit.h).contains(&y)) {
            continue;
        }
        let r = marker_radius(m);
        let colour = hex(event_rgb(m.main_kind(), false));
        let hollow = m.mentions > 0 && m.indirect >= m.mentions;
        let (fill, op) = if hollow {
            ("#ffffff".to_owned(), "0.9")
        } else {
            (colour.clone(), "0.85")
        };
        let _ = write!(
            s,
            r##"<circle cx="{x:.1}" cy="{y:.1}" r="{r:.1}" fill="{fill}" fill-opacity="{op}" stroke="{stroke}" stroke-width="{sw}"><title>{t}</title></circle>"##,
            stroke = if hollow { colour.as_str() } else { "#ffffff" },
            sw = if hollow { "2" } else { "1.2" },
            t = escape(&format!(
                "{}: {} mention{}, {} event{}",
                m.name,
                m.mentions,
                if m.mentions == 1 { "" } else { "s" },
                m.events(),
                if m.events() == 1 { "" } else { "s" }
            )),
        );
        drawn.push((x, y));
        obstacles.push(ScreenRect {
            min_x: (x - r) as f32,
            min_y: (y - r) as f32,
            max_x: (x + r) as f32,
            max_y: (y + r) as f32,
        });
    }
    s.push_str("</g>");

    // Labels for the main places.
    const FONT: f32 = 12.0;
    let mut by_weight = order.clone();
    by_weight.sort_by(|&a, &b| {
        let wa = markers[a].mentions + 2 * markers[a].events();
        let wb = markers[b].mentions + 2 * markers[b].events();
        wb.cmp(&wa)
            .then_with(|| markers[a].name.cmp(&markers[b].name))
    });
    let candidates: Vec<LabelCandidate> = by_weight
        .iter()
        .take(o.max_labels)
        .map(|&i| {
            let m = &markers[i];
            let (x, y) = fit.point(m.lat, m.lon);
            let (tw, th) = estimate_text_size(&m.name, FONT);
            LabelCandidate {
                id: i as u64,
                anchor: ScreenPoint::new(x as f32, y as f32),
                width: tw,
                height: th,
                priority: (m.mentions + 2 * m.events()) as f32,
            }
        })
        .collect();
    let legend_h = legend_height(table);
    let opts = LabelOptions {
        bounds: Some(fit.label_bounds(22.0)),
        // Clear of the biggest marker (markers are obstacles too).
        gap: 16.0,
        ..LabelOptions::default()
    };
    let legend_box = legend_rect(table, &fit);
    // A close-up gets a locator inset, in a corner the legend leaves free.
    let locator_box = (fit.zoom() >= LOCATOR_FROM_ZOOM).then(|| {
        let taken = if legend_h > 0.0 {
            vec![legend_box]
        } else {
            Vec::new()
        };
        corner_box(
            &fit,
            LOCATOR.0,
            LOCATOR.1,
            &marker_points(&markers, &fit),
            &taken,
        )
    });
    let mut with_legend = obstacles.clone();
    with_legend.push(legend_box);
    with_legend.extend(locator_box);
    let mut placed = place_labels(&candidates, &with_legend, &opts);
    placed.sort_by_key(|p| p.id);
    // The basemap's names (countries, seas, rivers) where the places leave room.
    let mut taken = obstacles.clone();
    taken.extend(placed.iter().map(|p| p.rect));
    taken.extend(locator_box);
    let around_legend = (legend_h > 0.0).then_some(legend_box);
    let around = Around {
        taken: &taken,
        places: &drawn,
        legend: around_legend,
    };
    let base_taken = basemap_names(&mut s, basemap, &fit, &mentioned, &around);
    taken.extend(base_taken);
    taken.extend(around_legend);
    reference_towns(&mut s, &fit, &markers, &taken);
    s.push_str(r##"<g class="labels" font-size="12" fill="#1f2328" stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke">"##);
    for p in &placed {
        let m = &markers[p.id as usize];
        let (x, anchor) = match p.side {
            crate::map::LabelSide::Left => (p.rect.max_x, "end"),
            crate::map::LabelSide::Right => (p.rect.min_x, "start"),
            _ => ((p.rect.min_x + p.rect.max_x) / 2.0, "middle"),
        };
        let y = p.rect.max_y - FONT * 0.3;
        let _ = write!(
            s,
            r#"<text x="{x:.1}" y="{y:.1}" text-anchor="{anchor}">{}</text>"#,
            escape(&m.name)
        );
    }
    s.push_str("</g></g>");

    if let Some(at) = locator_box {
        locator(&mut s, basemap, &fit, &mentioned, at);
    }
    legend(&mut s, table, &fit);
    scale_bar(&mut s, &fit);
    let _ = write!(
        s,
        r##"<rect x="0" y="{:.0}" width="{w:.0}" height="18" fill="#ffffff" fill-opacity="0.8"/><text x="{:.0}" y="{:.0}" font-size="10" fill="#555b61" text-anchor="end">{}</text>"##,
        h - ATTRIBUTION_H,
        w - 8.0,
        h - 5.0,
        escape(ATTRIBUTION)
    );
    let _ = write!(
        s,
        r##"<rect width="{w:.0}" height="{h:.0}" fill="none" stroke="#8c959f" stroke-width="1"/>"##
    );
    s.push_str("</svg>");
    s
}

/// Event types present in the table, in taxonomy order.
pub(crate) fn kinds_present(table: &Table) -> Vec<EventType> {
    let mut kinds: Vec<EventType> = table.events.iter().map(|e| e.kind).collect();
    kinds.sort();
    kinds.dedup();
    kinds
}

/// The legend's width in pixels.
const LEGEND_W: f64 = 236.0;

/// A family of the legend: its colour (the map's markers take their family's), its label
/// and the types present, wrapped into lines that fit the legend.
struct LegendRow {
    family: Family,
    types: Vec<String>,
}

/// One row per family present, in taxonomy order, each listing its types present.
fn legend_rows(table: &Table) -> Vec<LegendRow> {
    let kinds = kinds_present(table);
    Family::ALL
        .iter()
        .filter_map(|&family| {
            let labels: Vec<&str> = kinds
                .iter()
                .filter(|k| k.family() == family)
                .map(|k| k.label())
                .collect();
            (!labels.is_empty()).then(|| LegendRow {
                family,
                types: wrap_list(&labels, 9.5, (LEGEND_W - 34.0) as f32),
            })
        })
        .collect()
}

/// `items` joined with commas into lines no wider than `max_w` at `font` (an item wider
/// than that has a line of its own).
fn wrap_list(items: &[&str], font: f32, max_w: f32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for (i, item) in items.iter().enumerate() {
        let piece = if i + 1 < items.len() {
            format!("{item},")
        } else {
            (*item).to_string()
        };
        let candidate = if line.is_empty() {
            piece.clone()
        } else {
            format!("{line} {piece}")
        };
        if !line.is_empty() && estimate_text_size(&candidate, font).0 > max_w {
            lines.push(std::mem::replace(&mut line, piece));
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Pixels of one family's heading and of each line of its types.
const LEGEND_HEAD: f64 = 15.0;
const LEGEND_LINE: f64 = 12.0;

fn legend_height(table: &Table) -> f64 {
    let rows = legend_rows(table);
    if rows.is_empty() {
        return 0.0;
    }
    let lines: usize = rows.iter().map(|r| r.types.len()).sum();
    26.0 + rows.len() as f64 * (LEGEND_HEAD + 3.0) + lines as f64 * LEGEND_LINE
}

/// Where a box of `bw` × `bh` pixels goes: of the map's four corners (clear of the
/// attribution strip and the scale bar) whose box does not meet one of `taken`, the one
/// covering the fewest places (ties: bottom left, bottom right, top left, top right).
fn corner_box(
    fit: &Fit,
    bw: f64,
    bh: f64,
    places: &[(f64, f64)],
    taken: &[ScreenRect],
) -> ScreenRect {
    let corners = [
        (8.0, fit.h - ATTRIBUTION_H - 4.0 - bh),
        (fit.w - 8.0 - bw, fit.h - 56.0 - bh),
        (8.0, 8.0),
        (fit.w - 8.0 - bw, 8.0),
    ];
    let rect = |&(x, y): &(f64, f64)| ScreenRect {
        min_x: x as f32,
        min_y: y as f32,
        max_x: (x + bw) as f32,
        max_y: (y + bh) as f32,
    };
    let covered = |&(x, y): &(f64, f64)| {
        places
            .iter()
            .filter(|p| {
                p.0 >= x - 16.0 && p.0 <= x + bw + 16.0 && p.1 >= y - 16.0 && p.1 <= y + bh + 16.0
            })
            .count()
    };
    let free = |c: &&(f64, f64)| !taken.iter().any(|t| t.overlaps(&rect(c)));
    let best = corners
        .iter()
        .filter(free)
        .min_by_key(|c| covered(c))
        .unwrap_or(&corners[0]);
    rect(best)
}

/// The places' marker centres in pixels.
fn marker_points(markers: &[Marker], fit: &Fit) -> Vec<(f64, f64)> {
    markers.iter().map(|m| fit.point(m.lat, m.lon)).collect()
}

/// Where the legend goes ([`corner_box`]).
fn legend_rect(table: &Table, fit: &Fit) -> ScreenRect {
    let bh = legend_height(table);
    corner_box(fit, LEGEND_W, bh, &marker_points(&markers(table), fit), &[])
}

/// The locator inset's size in pixels.
const LOCATOR: (f64, f64) = (200.0, 130.0);

/// From this zoom (a map some 4,000 km across or less at the default size) the print map
/// carries a locator inset: a reader may not know where a close-up lies.
const LOCATOR_FROM_ZOOM: f64 = 5.0;

/// The locator inset: the countries at a zoom 4.5 levels out (at least the world at zoom
/// 1, at most zoom 3.5), the mentioned ones tinted, and the main map's extent as a red
/// frame, drawn in `at` (a corner the legend leaves free: see [`corner_box`]).
fn locator(
    s: &mut String,
    basemap: &Basemap,
    fit: &Fit,
    mentioned: &std::collections::BTreeSet<usize>,
    at: ScreenRect,
) {
    let (w, h) = LOCATOR;
    let zoom = (fit.zoom() - 4.5).clamp(1.0, 3.5);
    let inset = Fit::with_view(MapView::new(fit.view.center, zoom), w, h);
    let (x0, y0) = (f64::from(at.min_x), f64::from(at.min_y));
    let _ = write!(
        s,
        r##"<g class="locator" transform="translate({x0:.0} {y0:.0})"><clipPath id="locator-clip"><rect width="{w:.0}" height="{h:.0}"/></clipPath><g clip-path="url(#locator-clip)"><rect width="{w:.0}" height="{h:.0}" fill="#dfe9f1"/>"##
    );
    let polys = basemap.all_polygons(Lod::World);
    let (mut land, mut tinted) = (String::new(), String::new());
    for (i, p) in polys.iter().enumerate() {
        polygon_path(
            if mentioned.contains(&i) {
                &mut tinted
            } else {
                &mut land
            },
            p,
            &inset,
        );
    }
    let _ = write!(
        s,
        r##"<path d="{land}" fill="#f4f1ea" stroke="#b9b4a8" stroke-width="0.5" fill-rule="evenodd"/>"##
    );
    if !tinted.is_empty() {
        let _ = write!(
            s,
            r##"<path d="{tinted}" fill="#f0dfc4" stroke="#a99a80" stroke-width="0.5" fill-rule="evenodd"/>"##
        );
    }
    // The main map's extent, at least a few pixels so it shows.
    let r = fit.view_rect();
    let (ax, ay) = inset.px(r.min_x, r.min_y);
    let (bx, by) = inset.px(r.max_x, r.max_y);
    let (cx, cy) = (f64::midpoint(ax, bx), f64::midpoint(ay, by));
    let (fw, fh) = ((bx - ax).max(6.0), (by - ay).max(6.0));
    let _ = write!(
        s,
        r##"<rect class="extent" x="{:.1}" y="{:.1}" width="{fw:.1}" height="{fh:.1}" fill="none" stroke="#c0392b" stroke-width="1.5"/></g><rect width="{w:.0}" height="{h:.0}" fill="none" stroke="#8c959f" stroke-width="1"/></g>"##,
        cx - fw / 2.0,
        cy - fh / 2.0,
    );
}

/// The legend: the event families present, in their marker colours, each with the types
/// it holds here.
fn legend(s: &mut String, table: &Table, fit: &Fit) {
    let rows = legend_rows(table);
    if rows.is_empty() {
        return;
    }
    let r = legend_rect(table, fit);
    let (bw, bh) = (f64::from(r.max_x - r.min_x), f64::from(r.max_y - r.min_y));
    let (x0, y0) = (f64::from(r.min_x), f64::from(r.min_y));
    let _ = write!(
        s,
        r##"<g class="legend" font-size="11" fill="#1f2328"><rect x="{x0:.0}" y="{y0:.0}" width="{bw:.0}" height="{bh:.0}" rx="4" fill="#ffffff" fill-opacity="0.9" stroke="#c8ccd0"/><text x="{:.0}" y="{:.0}" font-weight="bold">Events</text>"##,
        x0 + 8.0,
        y0 + 16.0
    );
    let mut y = y0 + 22.0;
    for row in &rows {
        y += LEGEND_HEAD;
        let colour = EventType::ALL
            .into_iter()
            .find(|k| k.family() == row.family)
            .map(|k| hex(event_rgb(Some(k), false)));
        let _ = write!(
            s,
            r##"<circle cx="{:.0}" cy="{:.0}" r="5" fill="{}" stroke="#1f2328" stroke-width="0.6"/><text x="{:.0}" y="{y:.0}" font-weight="bold">{}</text>"##,
            x0 + 14.0,
            y - 4.0,
            colour.unwrap_or_default(),
            x0 + 24.0,
            escape(row.family.label())
        );
        for line in &row.types {
            y += LEGEND_LINE;
            let _ = write!(
                s,
                r##"<text x="{:.0}" y="{y:.0}" font-size="9.5" fill="#4a4f55">{}</text>"##,
                x0 + 24.0,
                escape(line)
            );
        }
        y += 3.0;
    }
    s.push_str("</g>");
}

/// The map core's scale bar, at most 120 pixels, above the attribution at the right.
fn scale_bar(s: &mut String, fit: &Fit) {
    let Some(bar) = ScaleBar::fitting(fit.view.meters_per_px(), 120.0) else {
        return;
    };
    let len_px = bar.px;
    let (x1, y) = (fit.w - 16.0, fit.h - 30.0);
    let x0 = x1 - len_px;
    let _ = write!(
        s,
        r##"<g class="scale" font-size="11" fill="#1f2328"><rect x="{:.1}" y="{:.1}" width="{:.1}" height="26" rx="3" fill="#ffffff" fill-opacity="0.8"/><path d="M{x0:.1} {:.1}V{y:.1}H{x1:.1}V{:.1}" fill="none" stroke="#1f2328" stroke-width="1.5"/><text x="{:.1}" y="{:.1}" text-anchor="middle">{}</text></g>"##,
        x0 - 8.0,
        y - 18.0,
        len_px + 16.0,
        y - 5.0,
        y - 5.0,
        f64::midpoint(x0, x1),
        y - 8.0,
        escape(&bar.label())
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(escape(r#"A<b>&"c'"#), "A&lt;b&gt;&amp;&quot;c&#39;");
    }
}
