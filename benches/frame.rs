//! One frame of the whole app, headless: egui logic (all panels) plus
//! tessellation, on a 1400×900 window. No GPU involved.
//!
//! - `frame: sample`: the bundled sample alone (budget 2 ms with every layer drawn);
//! - `frame: sample, map panning`: the same while the view moves every frame;
//! - `frame: 1000 dispatches all shown, world`: the sample plus 1,000 varied
//!   dispatches (`tools/many.rs`, ~24 events each) open and all shown on the
//!   map and timeline together, the map zoomed out to the world (budget 8 ms).
//!
//! Measured on the 2-core dev machine (2026-12-03, `cargo bench --bench frame`, nothing
//! else running), with relief, provinces, rivers, lakes, names and reference towns: sample
//! 1.62 ms; panning 1.65 ms; 1,001 dispatches / 24,947 events, all shown, world map:
//! 7.36 ms.

use criterion::{Criterion, criterion_group, criterion_main};
use sitrep::app::{Config, SitrepApp};
use sitrep::gazetteer::Gazetteer;

#[path = "tools/many.rs"]
mod many;

/// How many extra dispatches the large case opens.
const MANY: usize = 1000;

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

/// The app on the sample, warmed up (analysis, fonts, galley caches).
fn app(ctx: &egui::Context, t: &mut f64) -> SitrepApp {
    let gaz = Gazetteer::bundled().expect("bundled gazetteer");
    let mut app = SitrepApp::from_session(ctx, gaz.clone(), Config::headless(&gaz), None);
    warm(ctx, &mut app, t);
    app
}

fn warm(ctx: &egui::Context, app: &mut SitrepApp, t: &mut f64) {
    for _ in 0..3 {
        *t += 1.0 / 60.0;
        let mut out = ctx.run_ui(input(*t), |ui| app.frame(ui));
        out.textures_delta.clear();
    }
}

fn bench_frames(
    c: &mut Criterion,
    name: &str,
    ctx: &egui::Context,
    app: &mut SitrepApp,
    t: &mut f64,
) {
    c.bench_function(name, |b| {
        b.iter(|| {
            *t += 1.0 / 60.0;
            let mut out = ctx.run_ui(input(*t), |ui| app.frame(ui));
            out.textures_delta.clear();
            let prims = ctx.tessellate(out.shapes, out.pixels_per_point);
            assert!(!prims.is_empty());
            prims.len()
        });
    });
}

fn sample(c: &mut Criterion) {
    let ctx = egui::Context::default();
    let mut t = 0.0;
    let mut app = app(&ctx, &mut t);
    let a = app.analysis().expect("the sample is analysed");
    // Expected: the sample's analysis is what the bench paints.
    assert!(a.places.mentions.len() > 10 && a.events.len() > 3);
    bench_frames(
        c,
        "frame: sample, logic + tessellate",
        &ctx,
        &mut app,
        &mut t,
    );
}

/// The sample while the map pans: every frame has a new view, so the basemap is laid out
/// and tessellated anew (a still map reuses last frame's).
fn panning(c: &mut Criterion) {
    let ctx = egui::Context::default();
    let mut t = 0.0;
    let mut app = app(&ctx, &mut t);
    let mut step = 0u32;
    c.bench_function("frame: sample, map panning, logic + tessellate", |b| {
        b.iter(|| {
            step += 1;
            // Back and forth by a pixel, so the view never repeats two frames running.
            app.map
                .pan_by(if step.is_multiple_of(2) { 1.0 } else { -1.0 }, 0.5);
            t += 1.0 / 60.0;
            let mut out = ctx.run_ui(input(t), |ui| app.frame(ui));
            out.textures_delta.clear();
            let prims = ctx.tessellate(out.shapes, out.pixels_per_point);
            assert!(!prims.is_empty());
            prims.len()
        });
    });
}

fn thousand(c: &mut Criterion) {
    let ctx = egui::Context::default();
    let mut t = 0.0;
    let mut app = app(&ctx, &mut t);
    let (dispatches, events) = many::load(&mut app, MANY);
    eprintln!("frame bench: {dispatches} dispatches, {events} events open");
    // Expected: the fixture is what the budget speaks of.
    assert!(
        dispatches > MANY && events >= 15 * MANY,
        "{dispatches} dispatches, {events} events"
    );
    // Every dispatch on the map and the timeline at once.
    app.active = 0;
    app.apply(vec![sitrep::app::Command::ShowAll(true)], &ctx);
    warm(&ctx, &mut app, &mut t);
    // The whole world in the map panel.
    many::show_world(&mut app);
    warm(&ctx, &mut app, &mut t);
    bench_frames(
        c,
        "frame: 1000 dispatches all shown, world map, logic + tessellate",
        &ctx,
        &mut app,
        &mut t,
    );
}

criterion_group!(benches, sample, panning, thousand);
criterion_main!(benches);
