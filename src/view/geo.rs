//! A minimal Web Mercator for the map panel until the map core (`crate::map`)
//! lands: the unit square (`x` east in [0, 1), `y` south in [0, 1]), a view
//! of centre + zoom (the world is `256 · 2^zoom` pixels wide, as in slippy
//! maps), screen ↔ Mercator transforms, zoom around a point and fit to bounds.
//!
//! Same conventions as `crate::map::{project, MapView}`, so swapping this for
//! the map core is a rename. Must not: import egui (screen points are `[f32; 2]`
//! relative to the map's top-left corner).

use serde::{Deserialize, Serialize};

/// The latitude limit of Web Mercator, in degrees.
pub const MAX_LAT: f64 = 85.051_128_78;
/// Pixels of the whole world at zoom 0.
pub const TILE_PX: f64 = 256.0;
/// Zoom limits of the map panel.
pub const MIN_ZOOM: f64 = 0.0;
pub const MAX_ZOOM: f64 = 10.0;
const EARTH_RADIUS_M: f64 = 6_378_137.0;

/// Latitude/longitude (degrees) to the Mercator unit square. Latitude is
/// clamped to ±[`MAX_LAT`]; non-finite input maps to the centre.
#[must_use]
pub fn project(lat: f64, lon: f64) -> [f64; 2] {
    let lat = if lat.is_finite() {
        lat.clamp(-MAX_LAT, MAX_LAT)
    } else {
        0.0
    };
    let lon = if lon.is_finite() { lon } else { 0.0 };
    let x = (lon + 180.0) / 360.0;
    let s = lat.to_radians().sin();
    let y = 0.5 - ((1.0 + s) / (1.0 - s)).ln() / (4.0 * std::f64::consts::PI);
    [x, y]
}

/// The inverse of [`project`]: `[lat, lon]` in degrees.
#[must_use]
pub fn unproject(m: [f64; 2]) -> [f64; 2] {
    let lon = m[0] * 360.0 - 180.0;
    let n = std::f64::consts::PI * (1.0 - 2.0 * m[1].clamp(0.0, 1.0));
    let lat = n.sinh().atan().to_degrees();
    [lat, lon]
}

/// Where the map looks and how far in. Plain data the app owns and persists.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MapView {
    /// The centre on the Mercator unit square.
    pub center: [f64; 2],
    pub zoom: f64,
}

impl Default for MapView {
    fn default() -> Self {
        Self {
            center: [0.5, 0.5],
            zoom: 1.0,
        }
    }
}

impl MapView {
    /// Pixels of the whole world at this zoom.
    #[must_use]
    pub fn world_px(&self) -> f64 {
        TILE_PX * self.zoom.clamp(MIN_ZOOM, MAX_ZOOM).exp2()
    }

    /// Mercator → screen, for a viewport of `size` pixels (origin top-left).
    #[must_use]
    pub fn to_screen(&self, m: [f64; 2], size: [f32; 2]) -> [f32; 2] {
        let w = self.world_px();
        [
            ((m[0] - self.center[0]) * w + f64::from(size[0]) / 2.0) as f32,
            ((m[1] - self.center[1]) * w + f64::from(size[1]) / 2.0) as f32,
        ]
    }

    /// Screen → Mercator, the inverse of [`MapView::to_screen`].
    #[must_use]
    pub fn to_mercator(&self, p: [f32; 2], size: [f32; 2]) -> [f64; 2] {
        let w = self.world_px();
        [
            self.center[0] + (f64::from(p[0]) - f64::from(size[0]) / 2.0) / w,
            self.center[1] + (f64::from(p[1]) - f64::from(size[1]) / 2.0) / w,
        ]
    }

    /// Moves the map by a screen delta (a drag).
    pub fn pan(&mut self, delta: [f32; 2]) {
        let w = self.world_px();
        self.center[0] -= f64::from(delta[0]) / w;
        self.center[1] -= f64::from(delta[1]) / w;
        self.clamp();
    }

    /// Zooms by `by` levels keeping the point under `anchor` (screen) still.
    pub fn zoom_at(&mut self, by: f64, anchor: [f32; 2], size: [f32; 2]) {
        if !by.is_finite() {
            return;
        }
        let before = self.to_mercator(anchor, size);
        self.zoom = (self.zoom + by).clamp(MIN_ZOOM, MAX_ZOOM);
        let after = self.to_mercator(anchor, size);
        self.center[0] += before[0] - after[0];
        self.center[1] += before[1] - after[1];
        self.clamp();
    }

    /// Shows the box `[south, west, north, east]` (degrees) with `margin`
    /// pixels to spare, no closer than `max_zoom`.
    pub fn fit(&mut self, bounds: [f64; 4], size: [f32; 2], margin: f32, max_zoom: f64) {
        let a = project(bounds[0], bounds[1]);
        let b = project(bounds[2], bounds[3]);
        let (dx, dy) = ((b[0] - a[0]).abs(), (a[1] - b[1]).abs());
        let avail_w = f64::from((size[0] - 2.0 * margin).max(16.0));
        let avail_h = f64::from((size[1] - 2.0 * margin).max(16.0));
        let zx = if dx > 0.0 {
            (avail_w / (dx * TILE_PX)).log2()
        } else {
            max_zoom
        };
        let zy = if dy > 0.0 {
            (avail_h / (dy * TILE_PX)).log2()
        } else {
            max_zoom
        };
        let zoom = zx.min(zy).min(max_zoom);
        self.zoom = if zoom.is_finite() {
            zoom.clamp(MIN_ZOOM, MAX_ZOOM)
        } else {
            1.0
        };
        self.center = [(a[0] + b[0]) / 2.0, (a[1] + b[1]) / 2.0];
        self.clamp();
    }

    /// Metres per screen pixel at the view's centre.
    #[must_use]
    pub fn meters_per_px(&self) -> f64 {
        let lat = unproject(self.center)[0];
        2.0 * std::f64::consts::PI * EARTH_RADIUS_M * lat.to_radians().cos() / self.world_px()
    }

    fn clamp(&mut self) {
        for c in &mut self.center {
            if !c.is_finite() {
                *c = 0.5;
            }
            *c = c.clamp(0.0, 1.0);
        }
        if !self.zoom.is_finite() {
            self.zoom = 1.0;
        }
    }
}

/// A "nice" scale-bar length (1, 2 or 5 × 10ⁿ metres) no longer than
/// `max_px` pixels: `(metres, pixels)`.
#[must_use]
pub fn scale_bar(meters_per_px: f64, max_px: f64) -> (f64, f64) {
    let max_m = meters_per_px * max_px;
    if !(max_m.is_finite() && max_m > 0.0) {
        return (0.0, 0.0);
    }
    let pow = 10f64.powf(max_m.log10().floor());
    let m = [5.0, 2.0, 1.0]
        .into_iter()
        .map(|k| k * pow)
        .find(|&m| m <= max_m)
        .unwrap_or(pow);
    (m, m / meters_per_px)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn project_and_unproject_are_inverses() {
        for (lat, lon) in [(35.0, 38.5), (-33.9, 151.2), (0.0, 0.0), (64.1, -21.9)] {
            let [la, lo] = unproject(project(lat, lon));
            assert!(
                (la - lat).abs() < 1e-9 && (lo - lon).abs() < 1e-9,
                "{lat},{lon}"
            );
        }
    }

    #[test]
    fn zoom_keeps_the_anchor_still() {
        let mut v = MapView::default();
        let size = [800.0, 600.0];
        let anchor = [600.0, 100.0];
        let before = v.to_mercator(anchor, size);
        v.zoom_at(1.5, anchor, size);
        let after = v.to_mercator(anchor, size);
        assert!((before[0] - after[0]).abs() < 1e-9 && (before[1] - after[1]).abs() < 1e-9);
    }

    #[test]
    fn metres_per_pixel_at_the_equator_zoom_0() {
        let v = MapView {
            center: [0.5, 0.5],
            zoom: 0.0,
        };
        assert!((v.meters_per_px() - 156_543.03).abs() < 0.1);
    }

    #[test]
    fn fit_shows_syria() {
        let mut v = MapView::default();
        v.fit([32.3, 35.7, 37.3, 42.4], [800.0, 600.0], 20.0, 12.0);
        let p = v.to_screen(project(34.55, 38.27), [800.0, 600.0]);
        assert!(p[0] > 0.0 && p[0] < 800.0 && p[1] > 0.0 && p[1] < 600.0);
        assert!(v.zoom > 4.0 && v.zoom < 8.0, "{}", v.zoom);
    }

    #[test]
    fn scale_bar_is_nice() {
        let (m, px) = scale_bar(1000.0, 120.0);
        assert!((m - 100_000.0).abs() < 1e-6 && (px - 100.0).abs() < 1e-6);
    }
}
