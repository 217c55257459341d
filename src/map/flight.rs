//! A flight: the view moving from one [`MapView`] to another over a short time, eased in
//! and out, rising (zooming out) on the way when the two are far apart so both ends show
//! on the way, as StoryMap-like presentations do. Time is a number of seconds the caller
//! gives (egui's frame time in the app, any clock in tests): nothing here reads a clock.
//! A flight is interrupted by starting the next one from [`Flight::at`] the current time.

use super::projection::{Mercator, lon_to_x, project, unproject};
use super::view::{MapView, Viewport};

/// An eased move between two views.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Flight {
    pub from: MapView,
    pub to: MapView,
    /// When it started and how long it takes, in seconds.
    pub start: f64,
    pub duration: f64,
    /// How many zoom levels it rises above the lower end's zoom half way.
    rise: f64,
}

/// The shortest and longest flights, in seconds.
pub const MIN_SECONDS: f64 = 0.6;
pub const MAX_SECONDS: f64 = 1.6;

/// Smooth start and stop: 0 → 0, 1 → 1, flat at both ends.
#[must_use]
pub fn ease_in_out(t: f64) -> f64 {
    let t = t.clamp(0.0, 1.0);
    if t < 0.5 {
        4.0 * t * t * t
    } else {
        1.0 - (-2.0 * t + 2.0).powi(3) / 2.0
    }
}

impl Flight {
    /// A flight from `from` to `to` starting at `now`, in a viewport of `vp`'s size. Its
    /// length grows with how far the target is, in screens, from 0.6 to 1.6 s.
    #[must_use]
    pub fn new(from: MapView, to: MapView, now: f64, vp: Viewport) -> Flight {
        let (w, h) = vp.size();
        let screen = w.max(h).max(1.0);
        // The distance at the lower of the two zooms, in screens.
        let low = from.zoom.min(to.zoom);
        let scale = super::projection::world_size_px(low);
        let (a, b) = (project(from.center), project(to.center));
        let mut dx = b.x - a.x;
        dx -= dx.round();
        let dy = b.y - a.y;
        let screens = (dx.hypot(dy) * scale / screen).max(0.0);
        let screens = if screens.is_finite() { screens } else { 0.0 };
        // Far apart: zoom out until both fit about one screen.
        let rise = if screens > 0.8 {
            (screens / 0.8).log2().min(6.0)
        } else {
            0.0
        };
        let zooms = (to.zoom - from.zoom).abs();
        let duration = (MIN_SECONDS + 0.25 * (screens + 1.0).log2() + 0.08 * zooms)
            .clamp(MIN_SECONDS, MAX_SECONDS);
        Flight {
            from,
            to,
            start: if now.is_finite() { now } else { 0.0 },
            duration,
            rise,
        }
    }

    /// How far along it is at `now`: 0 at the start, 1 when arrived.
    #[must_use]
    pub fn progress(&self, now: f64) -> f64 {
        if !(now.is_finite() && self.duration > 0.0) {
            return 1.0;
        }
        // The last frame lands exactly, whatever the rounding of `start + duration`.
        let t = (now - self.start) / self.duration;
        if t >= 1.0 - 1e-9 { 1.0 } else { t.max(0.0) }
    }

    /// Whether it has arrived by `now`.
    #[must_use]
    pub fn done(&self, now: f64) -> bool {
        self.progress(now) >= 1.0
    }

    /// The view at `now`.
    #[must_use]
    pub fn at(&self, now: f64) -> MapView {
        let t = self.progress(now);
        if t >= 1.0 {
            return self.to;
        }
        let e = ease_in_out(t);
        let a = project(self.from.center);
        let b = project(self.to.center);
        // Across the antimeridian the short way round.
        let cx = lon_to_x(self.from.center.lon);
        let mut bx = b.x;
        bx += (cx - bx).round();
        let m = Mercator::new(a.x + (bx - a.x) * e, a.y + (b.y - a.y) * e);
        let zoom =
            self.from.zoom + (self.to.zoom - self.from.zoom) * e - self.rise * 4.0 * e * (1.0 - e);
        let m = Mercator::new(m.x.rem_euclid(1.0), m.y.clamp(0.0, 1.0));
        MapView::new(unproject(m), zoom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::LatLon;

    const VP: Viewport = Viewport::new(1280.0, 560.0);

    #[test]
    fn eases_in_and_out() {
        assert!((ease_in_out(0.0)).abs() < 1e-12);
        assert!((ease_in_out(1.0) - 1.0).abs() < 1e-12);
        assert!((ease_in_out(0.5) - 0.5).abs() < 1e-12);
        assert!(ease_in_out(0.1) < 0.1 && ease_in_out(0.9) > 0.9);
    }

    #[test]
    fn starts_at_from_and_ends_at_to() {
        let palmyra = MapView::new(LatLon::new(34.56, 38.28), 7.0);
        let raqqa = MapView::new(LatLon::new(35.95, 39.01), 7.0);
        let f = Flight::new(palmyra, raqqa, 10.0, VP);
        assert!(f.duration >= MIN_SECONDS && f.duration <= MAX_SECONDS);
        let first = f.at(10.0);
        assert!((first.center.lat - palmyra.center.lat).abs() < 1e-9);
        assert_eq!(f.at(10.0 + f.duration), raqqa);
        assert!(f.done(10.0 + f.duration));
        assert!(!f.done(10.0 + f.duration / 2.0));
        // Half way, the centre is between the two.
        let mid = f.at(10.0 + f.duration / 2.0);
        assert!(mid.center.lat > 34.6 && mid.center.lat < 35.9, "{mid:?}");
    }

    #[test]
    fn a_long_flight_rises_and_crosses_the_antimeridian_the_short_way() {
        // Fiji to Tahiti, 32° of longitude east across 180°.
        let fiji = MapView::new(LatLon::new(-17.7, 178.0), 7.0);
        let tahiti = MapView::new(LatLon::new(-17.6, -149.4), 7.0);
        let f = Flight::new(fiji, tahiti, 0.0, VP);
        let mid = f.at(f.duration / 2.0);
        assert!(mid.zoom < 6.0, "it rises: {mid:?}");
        assert!(
            mid.center.lon < -160.0 && mid.center.lon > -172.0,
            "the short way, east over 180°: {mid:?}"
        );
        assert!(f.duration > MIN_SECONDS && f.duration <= MAX_SECONDS);
        // A short hop does not rise.
        let near = MapView::new(LatLon::new(-17.0, 178.5), 7.0);
        let g = Flight::new(fiji, near, 0.0, VP);
        assert!((g.at(g.duration / 2.0).zoom - 7.0).abs() < 1e-9);
    }

    #[test]
    fn bad_times_arrive_at_once() {
        let a = MapView::default();
        let b = MapView::new(LatLon::new(10.0, 10.0), 4.0);
        let f = Flight::new(a, b, f64::NAN, VP);
        assert_eq!(f.at(f64::NAN), b);
        assert_eq!(f.at(f64::INFINITY), b);
    }
}
