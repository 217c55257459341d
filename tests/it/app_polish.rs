//! The app at the sizes people use it (1024×640, 2560×1440, HiDPI at 2.0
//! pixels per point): the main controls are there and inside the window; the
//! Export menu lists every format plus the PNG capture; an export and a
//! capture end in a banner naming the file.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use sitrep::app::{Command, Config, SitrepApp};
use sitrep::export::Format;
use sitrep::gazetteer::Gazetteer;

fn harness(size: (f32, f32), ppp: f32) -> Harness<'static, SitrepApp> {
    let g = Gazetteer::bundled().expect("bundled gazetteer");
    let mut h = Harness::builder()
        .with_size(egui::vec2(size.0, size.1))
        .with_pixels_per_point(ppp)
        .allow_missing_glyphs()
        .build_eframe(move |cc| {
            SitrepApp::from_session(&cc.egui_ctx, g.clone(), Config::headless(&g), None)
        });
    h.run_steps(4);
    h
}

/// The top bar's controls and the panels, by their AccessKit labels.
const MAIN_CONTROLS: [&str; 8] = [
    "Open…",
    "Paste as new dispatch",
    "Article date",
    "Search",
    "Export…",
    "Dark theme",
    "Map",
    "Timeline",
];

fn assert_controls_inside(h: &Harness<'_, SitrepApp>, size: (f32, f32)) {
    let window = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(size.0, size.1));
    let mut top_bar: Vec<(&str, egui::Rect)> = Vec::new();
    for label in MAIN_CONTROLS {
        // A label may name a caption and its control ("Article date"): all
        // of them must be inside.
        let nodes: Vec<_> = h.query_all_by_label(label).collect();
        assert!(!nodes.is_empty(), "{label:?} is missing at {size:?}");
        for node in nodes {
            let r = node.rect();
            // The timeline's lanes scroll: its area may reach below the
            // window, but its top and a useful height must be inside.
            let inside = window.expand(0.5).contains_rect(r)
                || (label == "Timeline"
                    && window.contains(r.min)
                    && r.intersect(window).height() >= 60.0);
            assert!(inside, "{label:?} at {r:?} leaves the {size:?} window");
            assert!(
                r.width() >= 8.0 && r.height() >= 8.0,
                "{label:?} is squashed: {r:?}"
            );
            if r.top() < 40.0 && !top_bar.iter().any(|(l, _)| *l == label) {
                top_bar.push((label, r));
            }
        }
    }
    assert!(top_bar.len() >= 6, "the top bar's controls: {top_bar:?}");
    for (i, (a, ra)) in top_bar.iter().enumerate() {
        for (b, rb) in &top_bar[i + 1..] {
            assert!(
                !ra.shrink(1.0).intersects(rb.shrink(1.0)),
                "{a:?} {ra:?} overlaps {b:?} {rb:?} at {size:?}"
            );
        }
    }
    assert!(
        h.query_all_by_label("Mayadin").count() >= 1,
        "the text shows the sample at {size:?}"
    );
}

#[test]
fn sizes_small_laptop_1024x640() {
    let h = harness((1024.0, 640.0), 1.0);
    assert_controls_inside(&h, (1024.0, 640.0));
}

#[test]
fn sizes_large_screen_2560x1440() {
    let h = harness((2560.0, 1440.0), 1.0);
    assert_controls_inside(&h, (2560.0, 1440.0));
}

#[test]
fn sizes_hidpi_at_two_pixels_per_point() {
    // 2560×1600 physical pixels: 1280×800 points.
    let mut h = harness((1280.0, 800.0), 2.0);
    assert!((h.ctx.pixels_per_point() - 2.0).abs() < f32::EPSILON);
    assert_controls_inside(&h, (1280.0, 800.0));
    // The small laptop at 2.0 as well, and back: nothing panics.
    h.set_size(egui::vec2(1024.0, 640.0));
    h.run_steps(2);
    assert_controls_inside(&h, (1024.0, 640.0));
    h.set_pixels_per_point(1.5);
    h.run_steps(2);
    assert!(h.query_by_label("Export…").is_some());
}

#[test]
fn the_export_menu_lists_every_format_and_the_png_capture() {
    let mut h = harness((1400.0, 900.0), 1.0);
    h.get_by_label("Export…").click();
    h.run_steps(2);
    for f in Format::ALL {
        let label = sitrep::ui::top_bar::format_label(f);
        assert!(
            h.query_by_label(label).is_some(),
            "{label:?} in the Export menu"
        );
    }
    assert!(
        h.query_by_label(sitrep::ui::top_bar::CAPTURE_LABEL)
            .is_some()
    );
}

/// Steps the harness until the app shows a banner (exports and captures
/// finish on other threads).
fn wait_for_banner(h: &mut Harness<'_, SitrepApp>) -> sitrep::app::Banner {
    for _ in 0..200 {
        h.run_steps(1);
        if let Some(b) = h.state().banner.clone() {
            return b;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    panic!("no banner after the command");
}

#[test]
fn an_export_ends_in_a_banner_naming_the_file() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join("out.geojson");
    let mut h = harness((1400.0, 900.0), 1.0);
    let ctx = h.ctx.clone();
    h.state_mut().apply(
        vec![Command::Export {
            format: Format::GeoJson,
            path: path.clone(),
        }],
        &ctx,
    );
    let b = wait_for_banner(&mut h);
    assert!(
        b.text.contains(&path.display().to_string()),
        "the banner names the file: {b:?}"
    );
    assert!(!b.error, "{b:?}");
    // The file is the GeoJSON of what the app shows: the sample's events.
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).expect("written")).expect("JSON");
    assert_eq!(json["type"], "FeatureCollection");
    let features = json["features"].as_array().expect("features");
    assert!(features.len() > 10, "{} features", features.len());
}

#[test]
fn png_bytes_encode_the_captured_pixels() {
    let mut image = egui::ColorImage::filled([3, 2], egui::Color32::from_rgb(10, 20, 30));
    image.pixels[5] = egui::Color32::from_rgb(200, 100, 50);
    let bytes = sitrep::app::png_bytes(&image).expect("encodes");
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut buf).expect("a frame");
    assert_eq!((info.width, info.height), (3, 2));
    assert_eq!(&buf[..4], &[10, 20, 30, 255]);
    assert_eq!(&buf[20..24], &[200, 100, 50, 255]);
    assert!(
        sitrep::app::png_bytes(&egui::ColorImage::filled([0, 0], egui::Color32::BLACK)).is_err()
    );
}

#[test]
fn an_export_honours_the_brushed_window() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let all = dir.path().join("all.csv");
    let some = dir.path().join("window.csv");
    let mut h = harness((1400.0, 900.0), 1.0);
    let ctx = h.ctx.clone();
    let rows = |p: &std::path::Path| {
        csv::Reader::from_path(p)
            .expect("a CSV")
            .records()
            .map(|r| r.expect("a row").get(0).unwrap_or_default().to_owned())
            .collect::<Vec<String>>()
    };
    h.state_mut().apply(
        vec![Command::Export {
            format: Format::Csv,
            path: all.clone(),
        }],
        &ctx,
    );
    assert!(!wait_for_banner(&mut h).error);
    let dates = rows(&all);
    // A one-day window on the article's own date.
    let day =
        chrono::NaiveDate::parse_from_str(dates.iter().max().expect("dated rows"), "%Y-%m-%d")
            .expect("a day");
    h.state_mut().banner = None;
    h.state_mut().apply(
        vec![
            Command::SetWindow(Some((day, day))),
            Command::Export {
                format: Format::Csv,
                path: some.clone(),
            },
        ],
        &ctx,
    );
    assert!(!wait_for_banner(&mut h).error);
    let kept = rows(&some);
    assert!(
        !kept.is_empty() && kept.len() < dates.len(),
        "{} of {}",
        kept.len(),
        dates.len()
    );
}
