//! Web Mercator (EPSG:3857) on a unit square, and the conversions around it.
//!
//! Axis order is always explicit: [`LatLon`] is built with [`LatLon::new`] (latitude first)
//! or [`LatLon::from_lon_lat`] (longitude first, the GeoJSON order); [`Mercator`] is `x`
//! (east) then `y` (south). The unit square has `(0, 0)` at longitude −180°, latitude
//! +85.0511° (the top-left corner of the map) and `(1, 1)` at +180°, −85.0511°. At zoom `z`
//! with 256-pixel tiles the world is `256 · 2^z` pixels wide, so world pixels are
//! `Mercator * world_size_px(z)`.

use std::f64::consts::PI;

/// The latitude where Web Mercator's square ends (`atan(sinh(π))`, in degrees).
pub const MAX_LATITUDE: f64 = 85.051_128_779_806_59;
/// WGS 84 equatorial radius, metres (the sphere Web Mercator uses).
pub const EARTH_RADIUS_M: f64 = 6_378_137.0;
/// Tile size in pixels that zoom levels refer to.
pub const TILE_SIZE_PX: f64 = 256.0;

/// A geographic position in degrees (WGS 84). Fields are public; build it with
/// [`LatLon::new`] or [`LatLon::from_lon_lat`] so the axis order is visible at the call.
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct LatLon {
    pub lat: f64,
    pub lon: f64,
}

impl LatLon {
    /// Latitude first.
    pub const fn new(lat: f64, lon: f64) -> Self {
        LatLon { lat, lon }
    }

    /// Longitude first (GeoJSON / TopoJSON order).
    pub const fn from_lon_lat(lon: f64, lat: f64) -> Self {
        LatLon { lat, lon }
    }

    /// Latitude clamped to the Mercator range and longitude wrapped into [−180, 180).
    /// Non-finite components become 0.
    pub fn normalized(self) -> Self {
        let lat = if self.lat.is_finite() {
            self.lat.clamp(-MAX_LATITUDE, MAX_LATITUDE)
        } else {
            0.0
        };
        LatLon {
            lat,
            lon: wrap_lon(self.lon),
        }
    }
}

/// A point on the Mercator unit square: `x` east in [0, 1), `y` south in [0, 1].
/// Values outside the square are allowed (`x` beyond 1 is the next copy of the world east).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Mercator {
    pub x: f64,
    pub y: f64,
}

impl Mercator {
    pub const fn new(x: f64, y: f64) -> Self {
        Mercator { x, y }
    }
}

/// Wraps a longitude into [−180, 180); non-finite input gives 0.
pub fn wrap_lon(lon: f64) -> f64 {
    if !lon.is_finite() {
        return 0.0;
    }
    // In range already: returned exactly (the arithmetic below rounds in the last bit).
    if (-180.0..180.0).contains(&lon) {
        return lon;
    }
    let w = (lon + 180.0).rem_euclid(360.0) - 180.0;
    // rem_euclid can round up to exactly 360 for tiny negative inputs.
    if w >= 180.0 { w - 360.0 } else { w }
}

/// Projects to the unit square. Latitude is clamped to ±[`MAX_LATITUDE`]; longitude is not
/// wrapped (so 190° gives `x` ≈ 1.03, which keeps rings across the antimeridian continuous).
/// Non-finite components map to 0.5.
pub fn project(p: LatLon) -> Mercator {
    Mercator {
        x: lon_to_x(p.lon),
        y: lat_to_y(p.lat),
    }
}

/// The inverse of [`project`]; `x` is wrapped so the longitude is in [−180, 180), `y` is
/// clamped to [0, 1].
pub fn unproject(m: Mercator) -> LatLon {
    LatLon {
        lat: y_to_lat(m.y),
        lon: wrap_lon(x_to_lon(m.x)),
    }
}

/// Longitude in degrees to Mercator `x` (not wrapped).
pub fn lon_to_x(lon: f64) -> f64 {
    if lon.is_finite() {
        (lon + 180.0) / 360.0
    } else {
        0.5
    }
}

/// Latitude in degrees to Mercator `y` (clamped to the square).
pub fn lat_to_y(lat: f64) -> f64 {
    if !lat.is_finite() {
        return 0.5;
    }
    let phi = lat.clamp(-MAX_LATITUDE, MAX_LATITUDE).to_radians();
    let y = 0.5 - (PI / 4.0 + phi / 2.0).tan().ln() / (2.0 * PI);
    y.clamp(0.0, 1.0)
}

/// Mercator `x` to longitude (not wrapped).
pub fn x_to_lon(x: f64) -> f64 {
    if x.is_finite() {
        x * 360.0 - 180.0
    } else {
        0.0
    }
}

/// Mercator `y` to latitude (`y` clamped to [0, 1]).
pub fn y_to_lat(y: f64) -> f64 {
    if !y.is_finite() {
        return 0.0;
    }
    let n = PI * (1.0 - 2.0 * y.clamp(0.0, 1.0));
    n.sinh().atan().to_degrees()
}

/// Width (and height) of the whole world in pixels at `zoom` (256 · 2^zoom).
pub fn world_size_px(zoom: f64) -> f64 {
    TILE_SIZE_PX * zoom.exp2()
}

/// Ground resolution: metres per pixel at latitude `lat` and `zoom` (156 543.03 m/px at
/// zoom 0 on the equator, halving with each zoom level, times cos(latitude)).
pub fn meters_per_pixel(lat: f64, zoom: f64) -> f64 {
    let lat = if lat.is_finite() {
        lat.clamp(-MAX_LATITUDE, MAX_LATITUDE)
    } else {
        0.0
    };
    2.0 * PI * EARTH_RADIUS_M * lat.to_radians().cos() / world_size_px(zoom)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corners_and_center() {
        let c = project(LatLon::new(0.0, 0.0));
        assert!((c.x - 0.5).abs() < 1e-12 && (c.y - 0.5).abs() < 1e-12);
        let tl = project(LatLon::new(MAX_LATITUDE, -180.0));
        assert!(tl.x.abs() < 1e-12 && tl.y.abs() < 1e-9);
        let br = project(LatLon::new(-90.0, 180.0));
        assert!((br.x - 1.0).abs() < 1e-12 && (br.y - 1.0).abs() < 1e-9);
    }

    #[test]
    fn inverse() {
        for lat in [-85.0, -60.5, -1.0, 0.0, 12.34, 45.0, 85.05] {
            for lon in [-179.9, -90.0, 0.0, 33.3, 179.9] {
                let p = LatLon::new(lat, lon);
                let q = unproject(project(p));
                assert!((p.lat - q.lat).abs() < 1e-9, "{p:?} {q:?}");
                assert!((p.lon - q.lon).abs() < 1e-9, "{p:?} {q:?}");
            }
        }
    }

    #[test]
    fn clamps_and_non_finite() {
        assert_eq!(project(LatLon::new(89.9, 0.0)).y, 0.0);
        assert!((project(LatLon::new(-89.9, 0.0)).y - 1.0).abs() < 1e-12);
        let m = project(LatLon::new(f64::NAN, f64::INFINITY));
        assert_eq!((m.x, m.y), (0.5, 0.5));
        assert_eq!(wrap_lon(180.0), -180.0);
        assert_eq!(wrap_lon(-180.0), -180.0);
        assert!((wrap_lon(540.5) - -179.5).abs() < 1e-12);
        let u = unproject(Mercator::new(1.25, -3.0));
        assert!((u.lon - -90.0).abs() < 1e-9 && (u.lat - MAX_LATITUDE).abs() < 1e-9);
    }

    #[test]
    fn ground_resolution() {
        assert!((meters_per_pixel(0.0, 0.0) - 156_543.033_928).abs() < 1e-3);
        assert!((meters_per_pixel(0.0, 1.0) - 78_271.516_964).abs() < 1e-3);
        assert!((meters_per_pixel(60.0, 0.0) - 78_271.516_964).abs() < 1e-3);
        assert!((meters_per_pixel(0.0, 10.0) - 152.874_056_57).abs() < 1e-6);
        assert_eq!(world_size_px(2.0), 1024.0);
    }
}
