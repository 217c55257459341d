//! Image snapshots of the app on the sample, through kittest's wgpu renderer
//! (feature `snapshots`; on the CPU with Mesa lavapipe, Debian
//! `mesa-vulkan-drivers`). Stored in `tests/snapshots/`, compared with the
//! thresholds in `kittest.toml`, refreshed with
//! `UPDATE_SNAPSHOTS=1 cargo test --features snapshots --test it snapshot`.
//!
//! Without a wgpu adapter the tests print a note and pass, unless
//! `SITREP_CI=1` is set: then they fail, so CI never skips them silently.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use sitrep::app::{Command, Config, SitrepApp};
use sitrep::gazetteer::Gazetteer;
use sitrep::ui::Capture;

/// Small enough to keep the PNGs small, large enough for every panel.
const SIZE: (f32, f32) = (960.0, 600.0);

/// The app on the sample, in the light or dark theme, rendered by wgpu;
/// `None` (after a note) when this machine has no adapter and CI is not asking.
fn harness(dark: bool) -> Option<Harness<'static, SitrepApp>> {
    let g = Gazetteer::bundled().expect("bundled gazetteer");
    let mut h = Harness::builder()
        .with_size(egui::vec2(SIZE.0, SIZE.1))
        .allow_missing_glyphs()
        // The harness sets its own theme after the app starts: the app's.
        .with_theme(if dark {
            egui::Theme::Dark
        } else {
            egui::Theme::Light
        })
        .wgpu()
        .build_eframe(move |cc| {
            SitrepApp::from_session(&cc.egui_ctx, g.clone(), Config::headless(&g), None)
        });
    h.run_steps(3);
    if dark {
        let ctx = h.ctx.clone();
        h.state_mut().apply(vec![Command::ToggleTheme], &ctx);
    }
    h.run_steps(3);
    if let Err(e) = h.render() {
        assert!(
            std::env::var_os("SITREP_CI").is_none(),
            "SITREP_CI is set but wgpu cannot render: {e}. Install mesa-vulkan-drivers."
        );
        eprintln!(
            "note: image snapshots skipped, wgpu cannot render here ({e}); \
             install Debian mesa-vulkan-drivers"
        );
        return None;
    }
    Some(h)
}

#[test]
fn snapshot_sample_light() {
    let Some(mut h) = harness(false) else { return };
    assert!(!h.state().dark);
    h.snapshot("sample_light");
}

#[test]
fn snapshot_sample_dark() {
    let Some(mut h) = harness(true) else { return };
    assert!(h.state().dark);
    h.snapshot("sample_dark");
}

#[test]
fn snapshot_inspector_after_selecting_a_place() {
    let Some(mut h) = harness(false) else { return };
    h.get_all_by_label("Mayadin")
        .next()
        .expect("Mayadin in the text")
        .click();
    h.run_steps(3);
    assert!(
        h.query_by_label("coordinates").is_some(),
        "the inspector shows it"
    );
    h.snapshot("inspector_mayadin");
}

/// Saves a capture through the app and waits for its banner; the PNG's size and pixels.
fn capture(
    h: &mut Harness<'static, SitrepApp>,
    path: &std::path::Path,
    what: Capture,
) -> (u32, u32, Vec<u8>) {
    let ctx = h.ctx.clone();
    h.state_mut().banner = None;
    h.state_mut()
        .apply(vec![Command::Capture(path.to_path_buf(), what)], &ctx);
    let mut banner = None;
    for _ in 0..200 {
        h.run_steps(1);
        banner = h.state().banner.clone();
        if banner.is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let b = banner.expect("a banner after the capture");
    assert!(!b.error, "{b:?}");
    assert!(b.text.contains(&path.display().to_string()), "{b:?}");
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(path).expect("the PNG exists"),
    ));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut pixels = vec![0; reader.output_buffer_size().expect("a size")];
    let info = reader.next_frame(&mut pixels).expect("the PNG's pixels");
    pixels.truncate(info.buffer_size());
    (info.width, info.height, pixels)
}

#[test]
fn snapshot_capture_writes_the_view_and_the_map_alone_as_png() {
    let Some(mut h) = harness(false) else { return };
    let dir = tempfile::tempdir().expect("a temp dir");
    let (w, h_px, window) = capture(&mut h, &dir.path().join("view.png"), Capture::Window);
    assert_eq!((w, h_px), (SIZE.0 as u32, SIZE.1 as u32));
    // The map alone: the central panel's rectangle (pixels = points here), cut
    // out of the same frame, row by row.
    let rect = h.state().map_rect;
    let (mw, mh, map) = capture(&mut h, &dir.path().join("map.png"), Capture::Map);
    assert_eq!(
        (mw, mh),
        (rect.width().round() as u32, rect.height().round() as u32)
    );
    assert!(mw < w && mh < h_px, "the panels are left out: {mw}x{mh}");
    let (x0, y0) = (rect.min.x.round() as usize, rect.min.y.round() as usize);
    for row in [0, mh as usize / 2, mh as usize - 1] {
        let at = ((y0 + row) * w as usize + x0) * 4;
        let want = &window[at..at + mw as usize * 4];
        let got = &map[row * mw as usize * 4..(row + 1) * mw as usize * 4];
        assert!(
            want == got,
            "row {row} of the map is the window's row {} from x {x0}",
            y0 + row
        );
    }
}

/// Present mode on the sample at a projector's 1280x720, on its fourth event (the map has
/// flown there), rendered by wgpu; `None` when this machine cannot render.
fn present_harness(dark: bool) -> Option<Harness<'static, SitrepApp>> {
    let g = Gazetteer::bundled().expect("bundled gazetteer");
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 720.0))
        .with_step_dt(1.0 / 60.0)
        .allow_missing_glyphs()
        .with_theme(if dark {
            egui::Theme::Dark
        } else {
            egui::Theme::Light
        })
        .wgpu()
        .build_eframe(move |cc| {
            SitrepApp::from_session(&cc.egui_ctx, g.clone(), Config::headless(&g), None)
        });
    h.run_steps(3);
    let ctx = h.ctx.clone();
    if dark {
        h.state_mut().apply(vec![Command::ToggleTheme], &ctx);
    }
    h.state_mut().apply(
        vec![
            Command::Present(true),
            Command::PresentGo(sitrep::view::present::Go::To(3)),
        ],
        &ctx,
    );
    // The flight lasts at most 1.6 s: 120 frames at 60 a second.
    for _ in 0..120 {
        h.step();
    }
    assert!(
        h.state()
            .present
            .as_ref()
            .is_some_and(|p| p.flight.is_none())
    );
    if let Err(e) = h.render() {
        assert!(
            std::env::var_os("SITREP_CI").is_none(),
            "SITREP_CI is set but wgpu cannot render: {e}. Install mesa-vulkan-drivers."
        );
        eprintln!("note: image snapshots skipped, wgpu cannot render here ({e})");
        return None;
    }
    Some(h)
}

#[test]
fn snapshot_present_light() {
    let Some(mut h) = present_harness(false) else {
        return;
    };
    h.snapshot("present_light");
}

#[test]
fn snapshot_present_dark() {
    let Some(mut h) = present_harness(true) else {
        return;
    };
    h.snapshot("present_dark");
}
