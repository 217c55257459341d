//! The app as the kittest tests drive it: a fresh start (the bundled sample), headless
//! (analyses inline, no session file, sitrep's own file dialog), 1400x900.

use egui_kittest::Harness;
use sitrep::app::{Command, Config, SitrepApp};
use sitrep::gazetteer::Gazetteer;

/// A fresh app, after its first frames.
pub fn fresh() -> Harness<'static, SitrepApp> {
    let g = Gazetteer::bundled().expect("bundled gazetteer");
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .allow_missing_glyphs()
        .build_eframe(move |cc| {
            SitrepApp::from_session(&cc.egui_ctx, g.clone(), Config::headless(&g), None)
        });
    h.run_steps(3);
    h
}

/// Pastes `text` as a new dispatch named `name` (it becomes the active one).
pub fn add_dispatch(h: &mut Harness<'static, SitrepApp>, name: &str, text: &str) {
    let ctx = h.ctx.clone();
    h.state_mut().apply(
        vec![Command::NewDispatch {
            name: name.into(),
            text: text.into(),
        }],
        &ctx,
    );
    h.run_steps(3);
}
