//! The map view: where the map is looking and how far in, and the screen ↔ geo transforms
//! for a viewport. Plain `f32` screen coordinates with the origin at the viewport's
//! top-left corner, `x` right and `y` down; the app adds its own panel offset.

use super::projection::{
    LatLon, Mercator, lat_to_y, lon_to_x, project, unproject, world_size_px, wrap_lon, x_to_lon,
    y_to_lat,
};

/// A point on screen, in pixels from the viewport's top-left corner.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ScreenPoint {
    pub x: f32,
    pub y: f32,
}

impl ScreenPoint {
    pub const fn new(x: f32, y: f32) -> Self {
        ScreenPoint { x, y }
    }
}

/// The size of the map's area on screen, in pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Viewport {
    pub width: f32,
    pub height: f32,
}

impl Viewport {
    pub const fn new(width: f32, height: f32) -> Self {
        Viewport { width, height }
    }

    /// Width and height as `f64`, at least 1 pixel each (and 1 for non-finite values), so
    /// the transforms never divide by zero.
    pub(crate) fn size(self) -> (f64, f64) {
        let fix = |v: f32| {
            if v.is_finite() && v >= 1.0 {
                f64::from(v)
            } else {
                1.0
            }
        };
        (fix(self.width), fix(self.height))
    }
}

/// A latitude/longitude box. `west > east` means the box crosses the antimeridian (it runs
/// east from `west` through 180° to `east`). A box all round the world has `west = -180`,
/// `east = 180`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GeoBounds {
    pub south: f64,
    pub west: f64,
    pub north: f64,
    pub east: f64,
}

impl GeoBounds {
    /// A box around one point.
    pub fn point(p: LatLon) -> Self {
        let p = p.normalized();
        GeoBounds {
            south: p.lat,
            west: p.lon,
            north: p.lat,
            east: p.lon,
        }
    }

    /// The smallest box holding all the (finite) points; the longitude range is the shortest
    /// one, so points at 179° and −179° give a 2°-wide box across the antimeridian. `None`
    /// when there is no finite point.
    pub fn from_points(points: impl IntoIterator<Item = LatLon>) -> Option<Self> {
        let mut lons = Vec::new();
        let (mut south, mut north) = (f64::INFINITY, f64::NEG_INFINITY);
        for p in points {
            if !(p.lat.is_finite() && p.lon.is_finite()) {
                continue;
            }
            let p = p.normalized();
            south = south.min(p.lat);
            north = north.max(p.lat);
            lons.push(p.lon);
        }
        if lons.is_empty() {
            return None;
        }
        lons.sort_by(f64::total_cmp);
        // The widest gap between neighbouring longitudes (going east, wrapping round) is
        // the part of the world the box leaves out.
        let n = lons.len();
        let mut best_gap = lons[0] + 360.0 - lons[n - 1];
        let (mut west, mut east) = (lons[0], lons[n - 1]);
        for i in 0..n - 1 {
            let gap = lons[i + 1] - lons[i];
            if gap > best_gap {
                best_gap = gap;
                west = lons[i + 1];
                east = lons[i];
            }
        }
        Some(GeoBounds {
            south,
            west,
            north,
            east,
        })
    }

    /// The box a map is fitted to, from tiers of boxes `[south, west, north, east]` (points
    /// are boxes of no size), best first: the smallest box around the first tier that has
    /// two or more, else around the first that has any (a lone place is shown at its own
    /// scale rather than stretched to the next tier). The app and the print maps pass the
    /// same tiers: the places events happen at, then every place named literally, then
    /// everything, so an adjective's country does not stretch the map. Boxes with a
    /// non-finite corner are left out.
    pub fn fit_tiers(tiers: &[Vec<[f64; 4]>]) -> Option<Self> {
        let finite = |t: &Vec<[f64; 4]>| -> Vec<[f64; 4]> {
            t.iter()
                .filter(|b| b.iter().all(|v| v.is_finite()))
                .copied()
                .collect()
        };
        let tiers: Vec<Vec<[f64; 4]>> = tiers.iter().map(finite).collect();
        let chosen = tiers
            .iter()
            .find(|t| t.len() >= 2)
            .or_else(|| tiers.iter().find(|t| !t.is_empty()))?;
        Self::from_points(
            chosen
                .iter()
                .flat_map(|b| [LatLon::new(b[0], b[1]), LatLon::new(b[2], b[3])]),
        )
    }

    /// The box grown by `frac` of its height and width on every side (latitudes within
    /// ±85°; a box that would wrap round the world becomes the whole world's width).
    #[must_use]
    pub fn grown(self, frac: f64) -> Self {
        let frac = if frac.is_finite() { frac.max(0.0) } else { 0.0 };
        let dlat = (self.north - self.south) * frac;
        let dlon = self.lon_span() * frac;
        let (south, north) = (
            (self.south - dlat).max(-85.0),
            (self.north + dlat).min(85.0),
        );
        if self.lon_span() + 2.0 * dlon >= 360.0 {
            return GeoBounds {
                south,
                west: -180.0,
                north,
                east: 180.0,
            };
        }
        GeoBounds {
            south,
            west: wrap_lon(self.west - dlon),
            north,
            east: wrap_lon(self.east + dlon),
        }
    }

    pub fn crosses_antimeridian(&self) -> bool {
        self.west > self.east
    }

    /// Longitude extent in degrees, 0 to 360.
    pub fn lon_span(&self) -> f64 {
        if self.crosses_antimeridian() {
            self.east + 360.0 - self.west
        } else {
            self.east - self.west
        }
    }

    pub fn contains(&self, p: LatLon) -> bool {
        if !(p.lat >= self.south && p.lat <= self.north) {
            return false;
        }
        let lon = wrap_lon(p.lon);
        if self.crosses_antimeridian() {
            lon >= self.west || lon <= self.east
        } else {
            (lon >= self.west && lon <= self.east) || (self.east >= 180.0 && p.lon == 180.0)
        }
    }

    /// The box's Mercator rectangle; when it crosses the antimeridian `max_x` is beyond 1.
    pub fn to_mercator(&self) -> MercatorRect {
        let min_x = lon_to_x(self.west);
        let mut max_x = lon_to_x(self.east);
        if self.crosses_antimeridian() {
            max_x += 1.0;
        }
        MercatorRect {
            min_x,
            min_y: lat_to_y(self.north),
            max_x,
            max_y: lat_to_y(self.south),
        }
    }
}

/// An axis-aligned rectangle on the Mercator plane. `x` may go beyond [0, 1] (other copies
/// of the world, east or west).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MercatorRect {
    pub min_x: f64,
    pub min_y: f64,
    pub max_x: f64,
    pub max_y: f64,
}

impl MercatorRect {
    pub fn intersects(&self, other: &MercatorRect) -> bool {
        self.min_x <= other.max_x
            && other.min_x <= self.max_x
            && self.min_y <= other.max_y
            && other.min_y <= self.max_y
    }

    /// This rectangle moved `dx` east.
    pub fn shifted(&self, dx: f64) -> MercatorRect {
        MercatorRect {
            min_x: self.min_x + dx,
            max_x: self.max_x + dx,
            ..*self
        }
    }

    /// The integer shifts `k` for which the world copy `[k, k + 1)` meets this rectangle,
    /// west to east, at most 64 of them.
    pub fn world_copies(&self) -> std::ops::RangeInclusive<i64> {
        if !(self.min_x.is_finite() && self.max_x.is_finite()) {
            return 0..=0;
        }
        let lo = self.min_x.floor().clamp(-1e6, 1e6) as i64;
        let hi = ((self.max_x.ceil() - 1.0).clamp(-1e6, 1e6) as i64).clamp(lo, lo + 63);
        lo..=hi
    }
}

/// An affine map from the Mercator plane to the screen: `screen = mercator · scale + offset`
/// (one scale for both axes). Made by [`MapView::transform`] once per frame.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScreenTransform {
    pub scale: f64,
    pub offset_x: f64,
    pub offset_y: f64,
}

impl ScreenTransform {
    /// A Mercator point (in the world copy shifted by `x_shift`) on screen.
    #[inline]
    pub fn apply(&self, m: [f32; 2], x_shift: f64) -> [f32; 2] {
        [
            ((f64::from(m[0]) + x_shift) * self.scale + self.offset_x) as f32,
            (f64::from(m[1]) * self.scale + self.offset_y) as f32,
        ]
    }

    pub fn mercator_to_screen(&self, m: Mercator) -> ScreenPoint {
        ScreenPoint {
            x: (m.x * self.scale + self.offset_x) as f32,
            y: (m.y * self.scale + self.offset_y) as f32,
        }
    }

    pub fn screen_to_mercator(&self, s: ScreenPoint) -> Mercator {
        Mercator {
            x: (f64::from(s.x) - self.offset_x) / self.scale,
            y: (f64::from(s.y) - self.offset_y) / self.scale,
        }
    }
}

/// Where the map is looking: the geographic point at the viewport's centre and a fractional
/// zoom level (world width = 256 · 2^zoom pixels). A plain value the app owns and mutates
/// with the methods below; they keep it normalized (zoom within [`MapView::MIN_ZOOM`,
/// `MapView::MAX_ZOOM`], latitude within ±85.0511°, longitude in [−180, 180)).
///
/// Saved as `{"center": {"lat": …, "lon": …}, "zoom": …}`; sessions written before the map
/// core kept the centre on the Mercator unit square (`"center": [x, y]`), and those load too.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(from = "SavedView")]
pub struct MapView {
    pub center: LatLon,
    pub zoom: f64,
}

/// How a view is read from a file: either centre form, missing fields defaulted.
#[derive(serde::Deserialize)]
#[serde(default)]
struct SavedView {
    center: SavedCenter,
    zoom: f64,
}

impl Default for SavedView {
    fn default() -> Self {
        let v = MapView::default();
        SavedView {
            center: SavedCenter::Geo(v.center),
            zoom: v.zoom,
        }
    }
}

#[derive(serde::Deserialize)]
#[serde(untagged)]
enum SavedCenter {
    /// The Mercator unit square of sessions before the map core (tried first: a pair
    /// would also read as a `LatLon` in sequence form).
    Mercator([f64; 2]),
    Geo(LatLon),
}

impl From<SavedView> for MapView {
    fn from(v: SavedView) -> Self {
        let center = match v.center {
            SavedCenter::Geo(c) => c,
            SavedCenter::Mercator([x, y]) if x.is_finite() && y.is_finite() => {
                unproject(Mercator::new(x.clamp(0.0, 1.0), y.clamp(0.0, 1.0)))
            }
            SavedCenter::Mercator(_) => MapView::default().center,
        };
        MapView {
            center,
            zoom: v.zoom,
        }
        .normalized()
    }
}

/// Room to keep free at each edge of a viewport (controls, a scale bar), in pixels.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Insets {
    pub left: f32,
    pub right: f32,
    pub top: f32,
    pub bottom: f32,
}

impl Insets {
    /// The same room on every side.
    pub const fn all(px: f32) -> Self {
        Insets {
            left: px,
            right: px,
            top: px,
            bottom: px,
        }
    }

    fn fixed(self) -> (f64, f64, f64, f64) {
        let f = |v: f32| {
            if v.is_finite() {
                f64::from(v.max(0.0))
            } else {
                0.0
            }
        };
        (f(self.left), f(self.right), f(self.top), f(self.bottom))
    }
}

/// A scale bar: a round length (1, 2 or 5 × 10ⁿ metres) and how long it is on screen.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScaleBar {
    pub metres: f64,
    pub px: f64,
}

impl ScaleBar {
    /// The longest round length that fits in `max_px` pixels at `metres_per_px`; `None` when
    /// the resolution is not a positive finite number.
    pub fn fitting(metres_per_px: f64, max_px: f64) -> Option<ScaleBar> {
        let max_m = metres_per_px * max_px;
        if !(max_m.is_finite() && max_m > 0.0 && metres_per_px > 0.0) {
            return None;
        }
        let pow = 10f64.powf(max_m.log10().floor());
        let metres = [5.0, 2.0, 1.0]
            .into_iter()
            .map(|k| k * pow)
            .find(|&m| m <= max_m)
            .unwrap_or(pow);
        Some(ScaleBar {
            metres,
            px: metres / metres_per_px,
        })
    }

    /// "200 km", "500 m".
    pub fn label(&self) -> String {
        if self.metres >= 1000.0 {
            format!("{} km", (self.metres / 1000.0).round())
        } else {
            format!("{} m", self.metres.round())
        }
    }
}

impl Default for MapView {
    /// The whole world, centred a little north of the equator.
    fn default() -> Self {
        MapView {
            center: LatLon::new(20.0, 0.0),
            zoom: 1.0,
        }
    }
}

impl MapView {
    pub const MIN_ZOOM: f64 = 0.0;
    /// The bundled basemap is 1:50m; beyond zoom 10 it has nothing more to show.
    pub const MAX_ZOOM: f64 = 10.0;
    /// The zoom [`MapView::fit_bounds`] never exceeds (a single point is shown at this zoom).
    pub const FIT_MAX_ZOOM: f64 = 8.0;

    pub fn new(center: LatLon, zoom: f64) -> Self {
        MapView { center, zoom }.normalized()
    }

    /// Zoom clamped (non-finite → `MIN_ZOOM`), centre normalized.
    pub fn normalized(self) -> Self {
        let zoom = if self.zoom.is_finite() {
            self.zoom.clamp(Self::MIN_ZOOM, Self::MAX_ZOOM)
        } else {
            Self::MIN_ZOOM
        };
        MapView {
            center: self.center.normalized(),
            zoom,
        }
    }

    /// The world's width in pixels at this zoom.
    pub fn world_px(&self) -> f64 {
        world_size_px(self.zoom)
    }

    /// The transform for this view in a viewport of `vp`'s size.
    pub fn transform(&self, vp: Viewport) -> ScreenTransform {
        let (w, h) = vp.size();
        let scale = self.world_px();
        let c = project(self.center);
        ScreenTransform {
            scale,
            offset_x: w / 2.0 - c.x * scale,
            offset_y: h / 2.0 - c.y * scale,
        }
    }

    /// Where a geographic point is on screen. Of the world's copies, the one nearest the
    /// view's centre is used, so a point at 179° E shows just east of a view centred on
    /// 179° W rather than a world away.
    pub fn to_screen(&self, p: LatLon, vp: Viewport) -> ScreenPoint {
        let mut m = project(p);
        let cx = lon_to_x(self.center.lon);
        m.x += (cx - m.x).round();
        self.transform(vp).mercator_to_screen(m)
    }

    /// The geographic point under a screen point (longitude wrapped, latitude clamped).
    pub fn to_geo(&self, s: ScreenPoint, vp: Viewport) -> LatLon {
        unproject(self.transform(vp).screen_to_mercator(s))
    }

    /// Moves the map the way a drag by `(dx, dy)` pixels does: the content follows the
    /// pointer, so the centre moves the opposite way.
    pub fn pan_by(&mut self, dx: f32, dy: f32) {
        if !(dx.is_finite() && dy.is_finite()) {
            return;
        }
        let scale = self.world_px();
        let c = project(self.center);
        let x = c.x - f64::from(dx) / scale;
        let y = (c.y - f64::from(dy) / scale).clamp(0.0, 1.0);
        self.center = LatLon::new(y_to_lat(y), wrap_lon(x_to_lon(x)));
        *self = self.normalized();
    }

    /// Zooms by `delta` levels keeping the geographic point under `cursor` where it is on
    /// screen (as far as the zoom and latitude limits allow).
    pub fn zoom_at(&mut self, cursor: ScreenPoint, vp: Viewport, delta: f64) {
        if delta.is_finite() {
            self.set_zoom_at(cursor, vp, self.zoom + delta);
        }
    }

    /// Sets the zoom to `zoom` keeping the point under `cursor` fixed on screen.
    pub fn set_zoom_at(&mut self, cursor: ScreenPoint, vp: Viewport, zoom: f64) {
        if !(zoom.is_finite() && cursor.x.is_finite() && cursor.y.is_finite()) {
            return;
        }
        let anchor = self.transform(vp).screen_to_mercator(cursor);
        let zoom = zoom.clamp(Self::MIN_ZOOM, Self::MAX_ZOOM);
        let (w, h) = vp.size();
        let scale = world_size_px(zoom);
        let x = anchor.x - (f64::from(cursor.x) - w / 2.0) / scale;
        let y = (anchor.y - (f64::from(cursor.y) - h / 2.0) / scale).clamp(0.0, 1.0);
        *self = MapView {
            center: LatLon::new(y_to_lat(y), wrap_lon(x_to_lon(x))),
            zoom,
        }
        .normalized();
    }

    /// The view that shows `bounds` in `vp` with at least `padding` pixels to spare on each
    /// side, at most at [`MapView::FIT_MAX_ZOOM`] (so a single point, or a tiny box, is shown
    /// at that zoom). Boxes across the antimeridian are centred across it.
    pub fn fit_bounds(bounds: GeoBounds, vp: Viewport, padding: f32) -> MapView {
        let (w, h) = vp.size();
        let pad = if padding.is_finite() {
            f64::from(padding.max(0.0))
        } else {
            0.0
        };
        let avail_w = (w - 2.0 * pad).max(1.0);
        let avail_h = (h - 2.0 * pad).max(1.0);
        let r = bounds.to_mercator();
        let dx = (r.max_x - r.min_x).abs();
        let dy = (r.max_y - r.min_y).abs();
        let mut zoom = Self::FIT_MAX_ZOOM;
        if dx > 0.0 {
            zoom = zoom.min((avail_w / (dx * 256.0)).log2());
        }
        if dy > 0.0 {
            zoom = zoom.min((avail_h / (dy * 256.0)).log2());
        }
        let center = Mercator::new((r.min_x + r.max_x) / 2.0, (r.min_y + r.max_y) / 2.0);
        MapView::new(unproject(center), zoom)
    }

    /// Like [`MapView::fit_bounds`], keeping `insets` free at the edges (the box is fitted
    /// into what is left and centred there) and zooming no closer than `max_zoom`.
    pub fn fit_bounds_within(
        bounds: GeoBounds,
        vp: Viewport,
        insets: Insets,
        max_zoom: f64,
    ) -> MapView {
        let (w, h) = vp.size();
        let (l, r, t, b) = insets.fixed();
        // Insets wider than the viewport leave a sliver of one pixel rather than nothing.
        let avail_w = (w - l - r).max(1.0);
        let avail_h = (h - t - b).max(1.0);
        let rect = bounds.to_mercator();
        let dx = (rect.max_x - rect.min_x).abs();
        let dy = (rect.max_y - rect.min_y).abs();
        let mut zoom = if max_zoom.is_finite() {
            max_zoom.clamp(Self::MIN_ZOOM, Self::MAX_ZOOM)
        } else {
            Self::FIT_MAX_ZOOM
        };
        if dx > 0.0 {
            zoom = zoom.min((avail_w / (dx * 256.0)).log2());
        }
        if dy > 0.0 {
            zoom = zoom.min((avail_h / (dy * 256.0)).log2());
        }
        let zoom = if zoom.is_finite() {
            zoom.clamp(Self::MIN_ZOOM, Self::MAX_ZOOM)
        } else {
            Self::MIN_ZOOM
        };
        // The box's centre goes to the centre of the free area, off the viewport's centre
        // by half the difference of opposite insets.
        let scale = world_size_px(zoom);
        let (shift_x, shift_y) = ((l.min(w) - r.min(w)) / 2.0, (t.min(h) - b.min(h)) / 2.0);
        let center = Mercator::new(
            (rect.min_x + rect.max_x) / 2.0 - shift_x / scale,
            ((rect.min_y + rect.max_y) / 2.0 - shift_y / scale).clamp(0.0, 1.0),
        );
        MapView::new(unproject(center), zoom)
    }

    /// Whether `p` is on screen, at least `insets` inside the viewport's edges.
    pub fn shows(&self, p: LatLon, vp: Viewport, insets: Insets) -> bool {
        let s = self.to_screen(p, vp);
        let (w, h) = vp.size();
        let (l, r, t, b) = insets.fixed();
        let (x, y) = (f64::from(s.x), f64::from(s.y));
        x >= l && x <= w - r && y >= t && y <= h - b
    }

    /// Pans the least distance that brings `p` within `insets` of the viewport's edges (a
    /// point already there does not move the map; one that cannot fit goes to the centre).
    pub fn pan_into_view(&mut self, p: LatLon, vp: Viewport, insets: Insets) {
        if !(p.lat.is_finite() && p.lon.is_finite()) || self.shows(p, vp, insets) {
            return;
        }
        let s = self.to_screen(p, vp);
        let (w, h) = vp.size();
        let (l, r, t, b) = insets.fixed();
        let axis = |v: f64, lo: f64, hi: f64, centre: f64| {
            if lo > hi {
                centre - v
            } else if v < lo {
                lo - v
            } else if v > hi {
                hi - v
            } else {
                0.0
            }
        };
        let dx = axis(f64::from(s.x), l, w - r, w / 2.0);
        let dy = axis(f64::from(s.y), t, h - b, h / 2.0);
        self.pan_by(dx as f32, dy as f32);
    }

    /// Metres per screen pixel at the view's centre.
    pub fn meters_per_px(&self) -> f64 {
        super::projection::meters_per_pixel(self.center.lat, self.zoom)
    }

    /// The Mercator rectangle the viewport shows. Its `x` range can go beyond [0, 1] (the
    /// world repeats east and west) and its `y` range beyond [0, 1] (blank above and below).
    pub fn visible_mercator(&self, vp: Viewport) -> MercatorRect {
        let (w, h) = vp.size();
        let t = self.transform(vp);
        let a = t.screen_to_mercator(ScreenPoint::new(0.0, 0.0));
        let b = Mercator::new(a.x + w / t.scale, a.y + h / t.scale);
        MercatorRect {
            min_x: a.x,
            min_y: a.y,
            max_x: b.x,
            max_y: b.y,
        }
    }

    /// The geographic box the viewport shows (for culling data by latitude/longitude).
    /// When the whole width of the world is visible it is −180 to 180.
    pub fn visible_bounds(&self, vp: Viewport) -> GeoBounds {
        let r = self.visible_mercator(vp);
        let north = y_to_lat(r.min_y);
        let south = y_to_lat(r.max_y);
        if r.max_x - r.min_x >= 1.0 {
            return GeoBounds {
                south,
                west: -180.0,
                north,
                east: 180.0,
            };
        }
        let west = wrap_lon(x_to_lon(r.min_x));
        let mut east = wrap_lon(x_to_lon(r.max_x));
        if east == -180.0 {
            east = 180.0;
        }
        GeoBounds {
            south,
            west,
            north,
            east,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_tiers_takes_the_first_tier_of_two_or_more() {
        let b = |s: f64, w: f64, n: f64, e: f64| GeoBounds {
            south: s,
            west: w,
            north: n,
            east: e,
        };
        let pt = |lat: f64, lon: f64| [lat, lon, lat, lon];
        let palmyra = pt(34.55, 38.27);
        let raqqa = pt(35.95, 39.0);
        let washington = pt(38.9, -77.0);
        let idlib = [35.2, 35.9, 36.4, 37.0];
        // (tiers, the box): events' places; else the first tier with any; boxes count whole.
        type Case = (Vec<Vec<[f64; 4]>>, Option<GeoBounds>);
        let cases: Vec<Case> = vec![
            (
                vec![vec![palmyra, raqqa], vec![washington]],
                Some(b(34.55, 38.27, 35.95, 39.0)),
            ),
            (
                vec![vec![palmyra], vec![palmyra, washington]],
                Some(b(34.55, -77.0, 38.9, 38.27)),
            ),
            (
                vec![vec![], vec![washington], vec![palmyra, raqqa]],
                Some(b(34.55, 38.27, 35.95, 39.0)),
            ),
            (
                vec![vec![palmyra], vec![]],
                Some(b(34.55, 38.27, 34.55, 38.27)),
            ),
            (
                vec![vec![idlib, palmyra]],
                Some(b(34.55, 35.9, 36.4, 38.27)),
            ),
            (vec![vec![[f64::NAN, 0.0, 0.0, 0.0]], vec![]], None),
            (vec![], None),
        ];
        for (tiers, want) in cases {
            assert_eq!(GeoBounds::fit_tiers(&tiers), want, "{tiers:?}");
        }
    }

    #[test]
    fn grown_boxes() {
        let syria = GeoBounds {
            south: 33.0,
            west: 36.0,
            north: 37.0,
            east: 42.0,
        };
        assert_eq!(
            syria.grown(0.25),
            GeoBounds {
                south: 32.0,
                west: 34.5,
                north: 38.0,
                east: 43.5,
            }
        );
        // Across the antimeridian the box stays across it.
        let fiji = GeoBounds {
            south: -19.0,
            west: 177.0,
            north: -16.0,
            east: -179.0,
        };
        let g = fiji.grown(0.5);
        assert!(
            g.crosses_antimeridian() && close(g.west, 175.0, 1e-9) && close(g.east, -177.0, 1e-9)
        );
        // Never past the poles' cut-off or round the world twice.
        let world = GeoBounds {
            south: -80.0,
            west: -170.0,
            north: 80.0,
            east: 170.0,
        };
        assert_eq!(
            world.grown(0.2),
            GeoBounds {
                south: -85.0,
                west: -180.0,
                north: 85.0,
                east: 180.0,
            }
        );
    }

    #[test]
    fn old_sessions_views_load() {
        // Before the map core: the centre on the Mercator unit square.
        let old: MapView = serde_json::from_str(r#"{"center":[0.5,0.5],"zoom":3.0}"#).unwrap();
        assert!(close(old.center.lat, 0.0, 1e-9) && close(old.center.lon, 0.0, 1e-9));
        assert_eq!(old.zoom, 3.0);
        let syria = project(LatLon::new(35.0, 38.0));
        let json = format!(r#"{{"center":[{},{}],"zoom":6}}"#, syria.x, syria.y);
        let v: MapView = serde_json::from_str(&json).unwrap();
        assert!(close(v.center.lat, 35.0, 1e-9) && close(v.center.lon, 38.0, 1e-9));
        // Today's form round-trips; missing fields and junk fall back to defaults.
        let back: MapView = serde_json::from_str(&serde_json::to_string(&v).unwrap()).unwrap();
        assert_eq!(back, v);
        let empty: MapView = serde_json::from_str("{}").unwrap();
        assert_eq!(empty, MapView::default());
        let far: MapView = serde_json::from_str(r#"{"center":[7.0,-3.0],"zoom":99}"#).unwrap();
        assert_eq!(far.zoom, MapView::MAX_ZOOM);
        assert!(far.center.lat <= 85.06);
    }

    #[test]
    fn a_fit_keeps_its_insets_free() {
        let b = GeoBounds {
            south: 32.0,
            west: 35.0,
            north: 37.5,
            east: 42.0,
        };
        let insets = Insets {
            left: 10.0,
            right: 80.0,
            top: 20.0,
            bottom: 50.0,
        };
        let v = MapView::fit_bounds_within(b, VP, insets, 9.0);
        for p in [
            LatLon::new(32.0, 35.0),
            LatLon::new(37.5, 42.0),
            LatLon::new(32.0, 42.0),
            LatLon::new(37.5, 35.0),
        ] {
            assert!(v.shows(p, VP, insets), "{p:?} at {:?}", v.to_screen(p, VP));
        }
        // One corner touches the free area's edge: the fit is tight.
        let s = v.to_screen(LatLon::new(37.5, 42.0), VP);
        let t = v.to_screen(LatLon::new(32.0, 35.0), VP);
        assert!(
            close(f64::from(s.y), 20.0, 0.5) || close(f64::from(s.x), 1200.0, 0.5),
            "{s:?}"
        );
        assert!(close(f64::from(t.y), 750.0, 0.5) || close(f64::from(t.x), 10.0, 0.5));
        // A point is shown at the zoom asked for, no closer.
        let one =
            MapView::fit_bounds_within(GeoBounds::point(LatLon::new(33.5, 36.3)), VP, insets, 9.0);
        assert_eq!(one.zoom, 9.0);
    }

    #[test]
    fn pan_into_view_moves_only_as_far_as_needed() {
        let mut v = MapView::new(LatLon::new(35.0, 38.0), 6.0);
        let insets = Insets::all(40.0);
        let inside = LatLon::new(35.2, 38.3);
        let before = v;
        v.pan_into_view(inside, VP, insets);
        assert_eq!(v, before, "a point in view does not move the map");
        let east = LatLon::new(35.0, 55.0);
        assert!(!v.shows(east, VP, insets));
        v.pan_into_view(east, VP, insets);
        assert!(v.shows(east, VP, insets));
        let s = v.to_screen(east, VP);
        assert!(
            close(f64::from(s.x), 1240.0, 1.0),
            "{s:?}: just inside the right inset"
        );
        assert_eq!(v.zoom, 6.0);
    }

    #[test]
    fn scale_bars_are_round() {
        let bar = ScaleBar::fitting(1000.0, 120.0).unwrap();
        assert_eq!((bar.metres, bar.px), (100_000.0, 100.0));
        assert_eq!(bar.label(), "100 km");
        let short = ScaleBar::fitting(3.0, 110.0).unwrap();
        assert_eq!((short.metres, short.label().as_str()), (200.0, "200 m"));
        assert_eq!(ScaleBar::fitting(f64::NAN, 100.0), None);
        assert_eq!(ScaleBar::fitting(0.0, 100.0), None);
    }

    const VP: Viewport = Viewport::new(1280.0, 800.0);

    fn close(a: f64, b: f64, eps: f64) -> bool {
        (a - b).abs() <= eps
    }

    #[test]
    fn center_maps_to_middle_and_back() {
        let v = MapView::new(LatLon::new(33.5, 36.3), 5.5);
        let s = v.to_screen(v.center, VP);
        assert!((s.x - 640.0).abs() < 1e-3 && (s.y - 400.0).abs() < 1e-3);
        let p = v.to_geo(ScreenPoint::new(100.0, 700.0), VP);
        let s2 = v.to_screen(p, VP);
        assert!((s2.x - 100.0).abs() < 1e-2 && (s2.y - 700.0).abs() < 1e-2);
    }

    #[test]
    fn zoom_keeps_cursor_point_fixed() {
        let mut v = MapView::new(LatLon::new(48.0, 31.0), 4.0);
        let cursor = ScreenPoint::new(1000.0, 200.0);
        let before = v.to_geo(cursor, VP);
        v.zoom_at(cursor, VP, 1.7);
        assert!(close(v.zoom, 5.7, 1e-12));
        let after = v.to_geo(cursor, VP);
        assert!(close(before.lat, after.lat, 1e-9) && close(before.lon, after.lon, 1e-9));
        v.zoom_at(cursor, VP, -2.3);
        let again = v.to_geo(cursor, VP);
        assert!(close(before.lat, again.lat, 1e-9) && close(before.lon, again.lon, 1e-9));
        v.zoom_at(cursor, VP, 100.0);
        assert_eq!(v.zoom, MapView::MAX_ZOOM);
        v.zoom_at(cursor, VP, f64::NAN);
        assert_eq!(v.zoom, MapView::MAX_ZOOM);
    }

    #[test]
    fn pan_moves_content_with_pointer() {
        let mut v = MapView::new(LatLon::new(0.0, 179.0), 3.0);
        let p = LatLon::new(10.0, 179.5);
        let s = v.to_screen(p, VP);
        v.pan_by(-30.0, 50.0);
        let s2 = v.to_screen(p, VP);
        assert!((s2.x - (s.x - 30.0)).abs() < 1e-2 && (s2.y - (s.y + 50.0)).abs() < 1e-2);
        assert!(
            v.center.lon < -170.0,
            "wrapped across the antimeridian: {:?}",
            v.center
        );
    }

    #[test]
    fn fit_bounds_box_point_and_antimeridian() {
        let b = GeoBounds::from_points([LatLon::new(32.0, 35.0), LatLon::new(37.0, 42.0)]).unwrap();
        let v = MapView::fit_bounds(b, VP, 20.0);
        for p in [LatLon::new(32.0, 35.0), LatLon::new(37.0, 42.0)] {
            let s = v.to_screen(p, VP);
            assert!(
                s.x >= 19.9 && s.x <= 1260.1 && s.y >= 19.9 && s.y <= 780.1,
                "{s:?}"
            );
        }
        let one = MapView::fit_bounds(GeoBounds::point(LatLon::new(15.0, 44.2)), VP, 20.0);
        assert_eq!(one.zoom, MapView::FIT_MAX_ZOOM);
        assert!(close(one.center.lat, 15.0, 1e-9) && close(one.center.lon, 44.2, 1e-9));

        let fiji = GeoBounds::from_points([LatLon::new(-16.0, 178.0), LatLon::new(-18.0, -179.0)])
            .unwrap();
        assert!(fiji.crosses_antimeridian());
        assert!(close(fiji.lon_span(), 3.0, 1e-9));
        let v = MapView::fit_bounds(fiji, VP, 10.0);
        assert!(close(v.center.lon.abs(), 179.5, 1e-9), "{:?}", v.center);
        assert!(v.zoom > 6.0);
        for p in [LatLon::new(-16.0, 178.0), LatLon::new(-18.0, -179.0)] {
            let s = v.to_screen(p, VP);
            assert!(s.x >= 9.9 && s.x <= 1270.1, "{s:?}");
        }
    }

    #[test]
    fn visible_bounds_and_copies() {
        let v = MapView::new(LatLon::new(0.0, 0.0), 0.0);
        let r = v.visible_mercator(VP);
        assert!(r.max_x - r.min_x > 4.9);
        assert_eq!(r.world_copies(), -2..=2);
        let b = v.visible_bounds(VP);
        assert_eq!((b.west, b.east), (-180.0, 180.0));
        let v = MapView::new(LatLon::new(60.0, 180.0), 5.0);
        let b = v.visible_bounds(VP);
        assert!(b.crosses_antimeridian(), "{b:?}");
        assert!(b.contains(LatLon::new(60.0, 179.0)) && b.contains(LatLon::new(60.0, -179.0)));
        assert!(!b.contains(LatLon::new(60.0, 0.0)));
    }

    #[test]
    fn garbage_in_is_normalized() {
        let v = MapView::new(LatLon::new(f64::NAN, 1e300), f64::INFINITY);
        assert!(v.center.lat.is_finite() && v.center.lon.is_finite());
        assert_eq!(v.zoom, MapView::MIN_ZOOM);
        let s = v.to_screen(LatLon::new(1.0, 2.0), Viewport::new(0.0, f32::NAN));
        assert!(s.x.is_finite() && s.y.is_finite());
        assert!(GeoBounds::from_points([LatLon::new(f64::NAN, 0.0)]).is_none());
    }
}
