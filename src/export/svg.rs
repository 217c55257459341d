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

use crate::events::EventType;
use crate::map::marks::{LabelCandidate, LabelOptions, ScreenRect, place_labels};
use crate::map::{Basemap, LatLon, Lod, ScreenPoint, estimate_text_size, project};
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

/// Mercator unit square → SVG pixels.
#[derive(Clone, Copy, Debug)]
struct Fit {
    cx: f64,
    cy: f64,
    scale: f64,
    w: f64,
    h: f64,
}

impl Fit {
    /// Fitted like the app: to the places named literally (not only as an adjective or a
    /// metonym), towns and provinces before countries and macro-regions, whose centre
    /// points would stretch the map; the next tier only when a tier is empty.
    fn new(markers: &[Marker], o: &SvgOptions) -> Fit {
        use crate::gazetteer::PlaceKind;
        let literal = |m: &&Marker| m.mentions > m.indirect;
        let local = |m: &&Marker| !matches!(m.kind, PlaceKind::Country | PlaceKind::Region);
        let tiers: [Vec<&Marker>; 3] = [
            markers.iter().filter(literal).filter(local).collect(),
            markers.iter().filter(literal).collect(),
            markers.iter().collect(),
        ];
        let chosen = tiers
            .into_iter()
            .find(|t| !t.is_empty())
            .unwrap_or_default();
        let pts: Vec<_> = chosen
            .iter()
            .map(|m| project(LatLon::new(m.lat, m.lon)))
            .collect();
        let (w, h) = (o.width.max(50.0), o.height.max(50.0));
        // World view: the inhabited latitudes.
        let (mut x0, mut x1, mut y0, mut y1) = (0.0, 1.0, 0.2, 0.8);
        if !pts.is_empty() {
            x0 = pts.iter().map(|p| p.x).fold(f64::INFINITY, f64::min);
            x1 = pts.iter().map(|p| p.x).fold(f64::NEG_INFINITY, f64::max);
            y0 = pts.iter().map(|p| p.y).fold(f64::INFINITY, f64::min);
            y1 = pts.iter().map(|p| p.y).fold(f64::NEG_INFINITY, f64::max);
        }
        // Room around the places for what orients a reader: neighbours, seas, rivers.
        if !pts.is_empty() {
            let (ex, ey) = ((x1 - x0) * 0.12, (y1 - y0) * 0.12);
            (x0, x1, y0, y1) = (x0 - ex, x1 + ex, y0 - ey, y1 + ey);
        }
        // Never closer than about zoom 8 (a few hundred kilometres across).
        let min_span = w / (256.0 * 2f64.powi(8));
        let (dx, dy) = ((x1 - x0).max(min_span), (y1 - y0).max(min_span));
        let m = o.margin.clamp(0.0, w.min(h) / 3.0);
        let scale = ((w - 2.0 * m) / dx).min((h - 2.0 * m) / dy);
        Fit {
            cx: f64::midpoint(x0, x1),
            cy: f64::midpoint(y0, y1),
            scale,
            w,
            h,
        }
    }

    fn px(&self, x: f64, y: f64) -> (f64, f64) {
        (
            (x - self.cx) * self.scale + self.w / 2.0,
            (y - self.cy) * self.scale + self.h / 2.0,
        )
    }

    fn point(&self, lat: f64, lon: f64) -> (f64, f64) {
        let m = project(LatLon::new(lat, lon));
        self.px(m.x, m.y)
    }

    fn zoom(&self) -> f64 {
        (self.scale / 256.0).log2()
    }

    /// The map's area in Mercator units.
    fn view_rect(&self) -> crate::map::MercatorRect {
        let half = (self.w / 2.0 / self.scale, self.h / 2.0 / self.scale);
        crate::map::MercatorRect {
            min_x: self.cx - half.0,
            min_y: self.cy - half.1,
            max_x: self.cx + half.0,
            max_y: self.cy + half.1,
        }
    }

    /// Metres per pixel at the centre.
    fn metres_per_px(&self) -> f64 {
        let lat = crate::map::unproject(crate::map::Mercator {
            x: self.cx,
            y: self.cy,
        })
        .lat;
        crate::map::meters_per_pixel(lat, self.zoom())
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
    let shows = |b: Option<crate::map::MercatorRect>| b.is_some_and(|b| b.intersects(&view));
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
    if zoom >= 3.5 {
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

/// Names of the countries in view (on the part in view), of seas, lakes, rivers and
/// physical regions at the map's zoom, placed without covering the places, their labels
/// or the legend.
fn basemap_names(
    s: &mut String,
    basemap: &Basemap,
    fit: &Fit,
    mentioned: &std::collections::BTreeSet<usize>,
    taken: &[ScreenRect],
    legend_h: f64,
    legend: ScreenRect,
) {
    use geo::{Area, BooleanOps, BoundingRect, InteriorPoint};
    let zoom = fit.zoom();
    let view = fit.view_rect();
    let view_poly = geo::Rect::new(
        geo::coord! { x: view.min_x, y: view.min_y },
        geo::coord! { x: view.max_x, y: view.max_y },
    )
    .to_polygon();
    let mut names: Vec<BaseName> = Vec::new();
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
            (lp.width * fit.scale >= f64::from(tw) * 0.6).then_some((hx, hy))
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
                let w = piece.bounding_rect()?.width() * fit.scale;
                let px_area = area * fit.scale * fit.scale;
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
            priority: if named { 2e3 } else { 1e3 } + (lp.area * 1e4) as f32,
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
        .map(|(i, n)| {
            let (w, h) = estimate_text_size(&n.text, n.font);
            let (w, h) = if n.angle == 0.0 {
                (w, h)
            } else {
                let (sn, cs) = (n.angle.to_radians() as f32).sin_cos();
                (w * cs.abs() + h * sn.abs(), w * sn.abs() + h * cs.abs())
            };
            LabelCandidate {
                id: i as u64,
                anchor: ScreenPoint::new(n.x as f32, n.y as f32),
                width: w,
                height: h,
                priority: n.priority,
            }
        })
        .collect();
    let mut obstacles = taken.to_vec();
    // The legend and the attribution strip.
    if legend_h > 0.0 {
        obstacles.push(legend);
    }
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
        bounds: Some(ScreenRect {
            min_x: 4.0,
            min_y: 4.0,
            max_x: (fit.w - 4.0) as f32,
            max_y: (fit.h - 4.0) as f32,
        }),
    };
    let mut placed = place_labels(&candidates, &obstacles, &opts);
    placed.sort_by_key(|p| p.id);
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
    s.push_str("</g>");
}

/// A round length for the scale bar: 1, 2 or 5 × 10ⁿ metres.
fn nice_length(max_m: f64) -> f64 {
    if !(max_m.is_finite() && max_m > 0.0) {
        return 0.0;
    }
    let p = 10f64.powf(max_m.log10().floor());
    [5.0, 2.0, 1.0]
        .into_iter()
        .map(|k| k * p)
        .find(|&v| v <= max_m)
        .unwrap_or(p)
}

fn fmt_length(m: f64) -> String {
    if m >= 1000.0 {
        format!("{} km", (m / 1000.0).round())
    } else {
        format!("{} m", m.round())
    }
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
        bounds: Some(ScreenRect {
            min_x: 4.0,
            min_y: 4.0,
            max_x: (w - 4.0) as f32,
            max_y: (h - 22.0) as f32,
        }),
        // Clear of the biggest marker (markers are obstacles too).
        gap: 16.0,
        ..LabelOptions::default()
    };
    let mut with_legend = obstacles.clone();
    with_legend.push(legend_rect(table, &fit));
    let mut placed = place_labels(&candidates, &with_legend, &opts);
    placed.sort_by_key(|p| p.id);
    // The basemap's names (countries, seas, rivers) where the places leave room.
    let mut taken = obstacles.clone();
    taken.extend(placed.iter().map(|p| p.rect));
    basemap_names(
        &mut s,
        basemap,
        &fit,
        &mentioned,
        &taken,
        legend_h,
        legend_rect(table, &fit),
    );
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

    legend(&mut s, table, &fit);
    scale_bar(&mut s, &fit);
    let _ = write!(
        s,
        r##"<rect x="0" y="{:.0}" width="{w:.0}" height="18" fill="#ffffff" fill-opacity="0.8"/><text x="{:.0}" y="{:.0}" font-size="10" fill="#555b61" text-anchor="end">{}</text>"##,
        h - 18.0,
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

fn legend_height(table: &Table) -> f64 {
    let n = kinds_present(table).len();
    if n == 0 {
        0.0
    } else {
        // Two columns when long.
        let rows = if n > 6 { n.div_ceil(2) } else { n };
        rows as f64 * 16.0 + 30.0
    }
}

/// Where the legend goes: of the four corners, the one covering the fewest places (ties:
/// bottom left, bottom right, top left, top right).
fn legend_rect(table: &Table, fit: &Fit) -> ScreenRect {
    let n = kinds_present(table).len();
    let cols = if n > 6 { 2.0 } else { 1.0 };
    let bw = 190.0 * cols + 12.0;
    let bh = (legend_height(table) - 6.0).max(0.0);
    let corners = [
        (8.0, fit.h - 22.0 - bh),
        (fit.w - 8.0 - bw, fit.h - 56.0 - bh),
        (8.0, 8.0),
        (fit.w - 8.0 - bw, 8.0),
    ];
    let pts: Vec<(f64, f64)> = markers(table)
        .iter()
        .map(|m| fit.point(m.lat, m.lon))
        .collect();
    let covered = |&(x, y): &(f64, f64)| {
        pts.iter()
            .filter(|p| {
                p.0 >= x - 16.0 && p.0 <= x + bw + 16.0 && p.1 >= y - 16.0 && p.1 <= y + bh + 16.0
            })
            .count()
    };
    let (x, y) = corners
        .iter()
        .min_by_key(|c| covered(c))
        .copied()
        .unwrap_or(corners[0]);
    ScreenRect {
        min_x: x as f32,
        min_y: y as f32,
        max_x: (x + bw) as f32,
        max_y: (y + bh) as f32,
    }
}

fn legend(s: &mut String, table: &Table, fit: &Fit) {
    let kinds = kinds_present(table);
    if kinds.is_empty() {
        return;
    }
    let cols = if kinds.len() > 6 { 2 } else { 1 };
    let rows = kinds.len().div_ceil(cols);
    let col_w = 190.0;
    let r = legend_rect(table, fit);
    let (bw, bh) = (f64::from(r.max_x - r.min_x), f64::from(r.max_y - r.min_y));
    let (x0, y0) = (f64::from(r.min_x), f64::from(r.min_y));
    let _ = write!(
        s,
        r##"<g class="legend" font-size="11" fill="#1f2328"><rect x="{x0:.0}" y="{y0:.0}" width="{bw:.0}" height="{bh:.0}" rx="4" fill="#ffffff" fill-opacity="0.9" stroke="#c8ccd0"/><text x="{:.0}" y="{:.0}" font-weight="bold">Events</text>"##,
        x0 + 8.0,
        y0 + 16.0
    );
    for (i, k) in kinds.iter().enumerate() {
        let (c, r) = (i / rows, i % rows);
        let x = x0 + 14.0 + c as f64 * col_w;
        let y = y0 + 32.0 + r as f64 * 16.0;
        let _ = write!(
            s,
            r#"<circle cx="{x:.0}" cy="{:.0}" r="5" fill="{}"/><text x="{:.0}" y="{:.0}">{}</text>"#,
            y - 4.0,
            hex(event_rgb(Some(*k), false)),
            x + 10.0,
            y,
            escape(k.label())
        );
    }
    s.push_str("</g>");
}

fn scale_bar(s: &mut String, fit: &Fit) {
    let mpp = fit.metres_per_px();
    let len_m = nice_length(mpp * 120.0);
    if len_m <= 0.0 {
        return;
    }
    let len_px = len_m / mpp;
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
        escape(&fmt_length(len_m))
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(escape(r#"A<b>&"c'"#), "A&lt;b&gt;&amp;&quot;c&#39;");
    }

    #[test]
    fn nice_lengths() {
        assert_eq!(nice_length(130_000.0), 100_000.0);
        assert_eq!(nice_length(260_000.0), 200_000.0);
        assert_eq!(nice_length(999.0), 500.0);
        assert_eq!(fmt_length(200_000.0), "200 km");
    }
}
