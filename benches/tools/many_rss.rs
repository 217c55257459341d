//! Peak memory with the sample and 1,000 varied dispatches open in the app
//! (headless: the app state, its analyses and view models, a few frames
//! laid out and tessellated). Prints VmHWM from /proc/self/status.
//!
//! `cargo run --release --example many_rss [N]`

use sitrep::app::{Config, SitrepApp};
use sitrep::gazetteer::Gazetteer;

#[path = "many.rs"]
mod many;

fn status(field: &str) -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .map(|l| l[field.len()..].trim().to_owned())
        })
        .unwrap_or_else(|| "unknown (no /proc)".into())
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1000);
    let gaz = Gazetteer::bundled().expect("bundled gazetteer");
    let ctx = egui::Context::default();
    let mut app = SitrepApp::from_session(&ctx, gaz.clone(), Config::headless(&gaz), None);
    let started = std::time::Instant::now();
    let (dispatches, events) = many::load(&mut app, n);
    let loaded = started.elapsed();
    let after_analysis = status("VmRSS:");
    // Every dispatch on the map and timeline at once (the combined models too).
    app.apply(vec![sitrep::app::Command::ShowAll(true)], &ctx);
    many::show_world(&mut app);
    for i in 0..5 {
        let input = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(
                egui::Pos2::ZERO,
                egui::vec2(1400.0, 900.0),
            )),
            time: Some(f64::from(i) / 60.0),
            ..Default::default()
        };
        let out = ctx.run_ui(input, |ui| app.frame(ui));
        let prims = ctx.tessellate(out.shapes, out.pixels_per_point);
        assert!(!prims.is_empty());
    }
    println!(
        "{dispatches} dispatches, {events} events open (analysed in {:.1} s)",
        loaded.as_secs_f64()
    );
    println!("RSS with the analyses, before any frame: {after_analysis}");
    println!("peak RSS (VmHWM): {}", status("VmHWM:"));
    println!("RSS now (VmRSS): {}", status("VmRSS:"));
}
