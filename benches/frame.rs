//! One frame of the whole app on the bundled sample, headless: egui logic
//! (all panels) plus tessellation, on a 1400×900 window. No GPU involved.

use criterion::{Criterion, criterion_group, criterion_main};
use sitrep::app::{Config, SitrepApp};
use sitrep::gazetteer::Gazetteer;

fn input(t: f64) -> egui::RawInput {
    egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1400.0, 900.0),
        )),
        time: Some(t),
        ..Default::default()
    }
}

fn frame(c: &mut Criterion) {
    let gaz = Gazetteer::bundled().expect("bundled gazetteer");
    let ctx = egui::Context::default();
    let mut app = SitrepApp::from_session(&ctx, gaz.clone(), Config::headless(&gaz), None);
    let mut t = 0.0;
    // Warm up: analysis, fonts, galley caches.
    for _ in 0..3 {
        t += 1.0 / 60.0;
        let mut out = ctx.run_ui(input(t), |ui| app.frame(ui));
        out.textures_delta.clear();
    }
    let a = app.analysis().expect("the sample is analysed");
    // Expected: the sample's analysis is what the bench paints.
    assert!(a.places.mentions.len() > 10 && a.events.len() > 3);
    c.bench_function("frame: sample, logic + tessellate", |b| {
        b.iter(|| {
            t += 1.0 / 60.0;
            let mut out = ctx.run_ui(input(t), |ui| app.frame(ui));
            out.textures_delta.clear();
            let prims = ctx.tessellate(out.shapes, out.pixels_per_point);
            assert!(!prims.is_empty());
            prims.len()
        });
    });
}

criterion_group!(benches, frame);
criterion_main!(benches);
