//! A thousand varied dispatches made from the project's own: the fixture of
//! the "1,000 dispatches / 20,000 events" speed and memory figures, shared by
//! `benches/frame.rs` and `benches/tools/many_rss.rs`.
//!
//! Dispatch `i` is one of the eight originals (`tests/dispatches/*.txt`,
//! `assets/sample-dispatch.txt`) with its paragraphs rotated and an article
//! date of its own, so no two analyses are alike (other places come first,
//! the relative times land on other days).

use std::path::Path;

use chrono::{Days, NaiveDate};
use sitrep::analysis::DateHint;
use sitrep::app::SitrepApp;

/// The originals, in a fixed order.
#[must_use]
pub fn originals() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<_> = std::fs::read_dir(root.join("tests/dispatches"))
        .expect("tests/dispatches")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    files.push(root.join("assets/sample-dispatch.txt"));
    files
        .into_iter()
        .map(|p| {
            let name = p
                .file_stem()
                .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
            let text = std::fs::read_to_string(&p).expect("a dispatch");
            (name, text)
        })
        .collect()
}

/// `n` varied dispatches: (name, text, article date).
#[must_use]
pub fn dispatches(n: usize) -> Vec<(String, String, NaiveDate)> {
    let originals = originals();
    let base = NaiveDate::from_ymd_opt(2014, 1, 1).expect("a date");
    (0..n)
        .map(|i| {
            let (name, text) = &originals[i % originals.len()];
            let paragraphs: Vec<&str> = text
                .split("\n\n")
                .filter(|p| !p.trim().is_empty())
                .collect();
            let turn = (i / originals.len()) % paragraphs.len().max(1);
            let mut rotated = paragraphs.clone();
            rotated.rotate_left(turn);
            let date = base + Days::new((i as u64 * 7) % 3650);
            (format!("{name}-{i:04}.txt"), rotated.join("\n\n"), date)
        })
        .collect()
}

/// Opens `n` varied dispatches in `app` (after what it has) and waits for
/// their analyses. Returns (dispatches, events) now open.
pub fn load(app: &mut SitrepApp, n: usize) -> (usize, usize) {
    for (name, text, date) in dispatches(n) {
        app.add_dispatch(
            name,
            text,
            None,
            DateHint::User(date),
            Vec::new(),
            Vec::new(),
        );
    }
    while app.busy() || app.dispatches.iter().any(|d| d.analysis.is_none()) {
        app.poll_worker();
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    let events = app
        .dispatches
        .iter()
        .filter_map(|d| d.analysis.as_ref())
        .map(|a| a.events.len())
        .sum();
    (app.dispatches.len(), events)
}

/// The whole world in the map panel (as far as its size allows).
pub fn show_world(app: &mut SitrepApp) {
    app.map = sitrep::map::MapView::fit_bounds_within(
        sitrep::map::GeoBounds {
            south: -60.0,
            west: -180.0,
            north: 80.0,
            east: 180.0,
        },
        sitrep::map::Viewport::new(app.map_size[0], app.map_size[1]),
        sitrep::map::Insets::default(),
        3.0,
    );
}
