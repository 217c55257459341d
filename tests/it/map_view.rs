//! View transforms: round trips and zoom-at-cursor over many random views.

use proptest::prelude::*;
use sitrep::map::{LatLon, MapView, ScreenPoint, Viewport, project, unproject};

proptest! {
    #[test]
    fn screen_geo_round_trip(
        lat in -80.0f64..80.0, lon in -180.0f64..180.0, zoom in 0.0f64..10.0,
        sx in 0.0f32..1280.0, sy in 0.0f32..800.0,
    ) {
        let vp = Viewport::new(1280.0, 800.0);
        let v = MapView::new(LatLon::new(lat, lon), zoom);
        let p = v.to_geo(ScreenPoint::new(sx, sy), vp);
        let s = v.to_screen(p, vp);
        // Only where the screen point is on the map (not above or below the square), and in
        // the world copy nearest the centre (the one `to_screen` draws points in).
        let half = v.world_px() / 2.0 - 0.5;
        let t = v.transform(vp);
        let sy64 = f64::from(sy);
        let on_map = sy64 > t.offset_y + 0.5 && sy64 < t.offset_y + t.scale - 0.5;
        if on_map && f64::from((sx - 640.0).abs()) < half {
            prop_assert!((s.x - sx).abs() < 0.05 && (s.y - sy).abs() < 0.05, "{s:?}");
        }
    }

    #[test]
    fn zoom_at_keeps_the_point(
        lat in -60.0f64..60.0, lon in -180.0f64..180.0, zoom in 1.0f64..8.0,
        sx in 0.0f32..1280.0, sy in 0.0f32..800.0, dz in -1.0f64..2.0,
    ) {
        let vp = Viewport::new(1280.0, 800.0);
        let mut v = MapView::new(LatLon::new(lat, lon), zoom);
        let c = ScreenPoint::new(sx, sy);
        let before = project(v.to_geo(c, vp));
        v.zoom_at(c, vp, dz);
        let after = project(v.to_geo(c, vp));
        if before.y > 0.0 && before.y < 1.0 && v.center.lat.abs() < 85.0 {
            let dx = (before.x - after.x).abs();
            prop_assert!(dx.min(1.0 - dx) < 1e-9 && (before.y - after.y).abs() < 1e-9);
        }
    }

    #[test]
    fn project_unproject(lat in -85.0f64..85.0, lon in -180.0f64..180.0) {
        let q = unproject(project(LatLon::new(lat, lon)));
        prop_assert!((q.lat - lat).abs() < 1e-9 && (q.lon - lon).abs() < 1e-9);
    }
}
