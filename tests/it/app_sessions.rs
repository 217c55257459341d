//! The app's projects and batches, driven headless (egui_kittest, inline
//! worker): "Save project as" then "Open project" round-trips the session, a
//! corrupt project shows a banner and changes nothing, 500 files opened at
//! once show their progress and all get analysed, and words the analysis
//! missed can be marked as a place (surviving re-analysis, undone by undo).

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use sitrep::app::{Command, SitrepApp};

fn harness() -> Harness<'static, SitrepApp> {
    crate::app_harness::fresh()
}

fn send(h: &mut Harness<'static, SitrepApp>, commands: Vec<Command>) {
    let ctx = h.ctx.clone();
    h.state_mut().apply(commands, &ctx);
    h.run_steps(3);
}

fn names(app: &SitrepApp) -> Vec<String> {
    app.dispatches.iter().map(|d| d.name.clone()).collect()
}

#[test]
fn save_project_as_then_open_project_round_trips() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("shared.sitrep");
    let mut h = harness();
    send(
        &mut h,
        vec![Command::NewDispatch {
            name: "second".into(),
            text: "Fighting was reported near Aleppo on Monday.".into(),
        }],
    );
    send(&mut h, vec![Command::SaveProject(file.clone())]);
    assert!(file.exists(), "the project file is written");
    let saved = names(h.state());
    assert_eq!(saved.len(), 2);

    // Another app, on the sample alone, opens the shared project.
    let mut other = harness();
    assert_eq!(other.state().dispatches.len(), 1);
    send(&mut other, vec![Command::OpenProject(file)]);
    let app = other.state();
    assert_eq!(
        names(app),
        saved,
        "the project's dispatches replace the open ones"
    );
    assert_eq!(app.active, 1, "the saved active dispatch is active again");
    let a = app.analysis().expect("the opened dispatch is analysed");
    assert!(
        a.places
            .mentions
            .iter()
            .any(|m| &a.doc.text[m.span] == "Aleppo"),
        "the opened dispatch is analysed again"
    );
    assert!(other.query_by_label_contains("Opened project").is_some());
}

#[test]
fn a_corrupt_project_shows_a_banner_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("broken.sitrep");
    std::fs::write(&file, b"{\"dispatches\": [ {\"name\": 3").expect("write");
    let mut h = harness();
    let before = names(h.state());
    let session_before = h.state().session();
    send(&mut h, vec![Command::OpenProject(file)]);
    let app = h.state();
    let banner = app.banner.clone().expect("a banner");
    assert!(banner.error);
    assert!(
        banner.text.contains("broken.sitrep") && banner.text.contains("Nothing was changed"),
        "{}",
        banner.text
    );
    assert_eq!(names(app), before);
    assert_eq!(app.session(), session_before, "the session is untouched");
    assert!(h.query_by_label_contains("not a sitrep project").is_some());
}

#[test]
fn five_hundred_files_show_progress_then_are_all_analysed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let places = ["Aleppo", "Homs", "Raqqa", "Palmyra", "Damascus"];
    let paths: Vec<_> = (0..500)
        .map(|i| {
            let p = dir.path().join(format!("d{i:03}.txt"));
            let text = format!(
                "Shelling hit {} on Monday, a monitor said. Report {i}.",
                places[i % places.len()]
            );
            std::fs::write(&p, text).expect("write");
            p
        })
        .collect();
    let mut h = harness();
    let ctx = h.ctx.clone();
    h.state_mut().apply(vec![Command::OpenPaths(paths)], &ctx);
    let p = h.state().opening;
    assert_eq!((p.done, p.total), (0, 500), "the batch is counted");
    // One frame: the inline worker reads every file; their analyses wait.
    h.step();
    let app = h.state();
    assert_eq!(app.dispatches.len(), 501);
    assert!(app.dispatches.iter().skip(1).all(|d| d.analysing()));
    assert!(
        h.query_by_label_contains("analysed 1 of 501").is_some(),
        "the top bar shows the progress"
    );
    assert_eq!(app.current().map(|d| d.name.as_str()), Some("d000.txt"));
    h.run_steps(3);
    let app = h.state();
    assert!(
        app.dispatches
            .iter()
            .all(|d| !d.analysing() && d.analysis.is_some()),
        "every dispatch is analysed"
    );
    assert_eq!(app.opening.total, 0, "the batch is done");
    assert!(h.query_by_label_contains(" of 501").is_none());
}

fn hospital(app: &SitrepApp) -> Option<Option<sitrep::gazetteer::PlaceId>> {
    let a = app.analysis()?;
    a.places
        .mentions
        .iter()
        .find(|m| &a.doc.text[m.span] == "national hospital")
        .map(|m| m.place)
}

#[test]
fn words_marked_as_a_place_survive_reanalysis_and_undo_removes_them() {
    let mut h = harness();
    assert_eq!(hospital(h.state()), None, "not a place to begin with");
    let words = "Words to mark as a place";
    h.get_by_role_and_label(egui::Role::TextInput, words)
        .focus();
    h.run_steps(1);
    h.get_by_role_and_label(egui::Role::TextInput, words)
        .type_text("national hospital");
    h.run_steps(2);
    let entry = "Gazetteer entry for the words";
    h.get_by_role_and_label(egui::Role::TextInput, entry)
        .focus();
    h.run_steps(1);
    h.get_by_role_and_label(egui::Role::TextInput, entry)
        .type_text("Homs");
    h.run_steps(2);
    h.query_all_by_label_contains("Mark as ")
        .next()
        .expect("a gazetteer entry to choose")
        .click_accesskit();
    h.run_steps(3);
    let marked = hospital(h.state())
        .flatten()
        .expect("the words are a place now");
    let a = h.state().analysis().expect("analysis").clone();
    assert!(
        a.places
            .mentions
            .windows(2)
            .all(|w| w[0].span.end <= w[1].span.start),
        "mentions stay sorted and apart"
    );
    // Re-analysis (a new article date) keeps the user's place.
    send(
        &mut h,
        vec![Command::SetDate(sitrep::analysis::DateHint::User(
            chrono::NaiveDate::from_ymd_opt(2017, 10, 20).expect("date"),
        ))],
    );
    assert_eq!(hospital(h.state()), Some(Some(marked)));
    // Undo takes back the date first (a date change is undoable, issue 11), keeping the
    // user's place; then the mark.
    send(&mut h, vec![Command::Undo]);
    assert_eq!(
        h.state().current().map(|d| d.hint),
        Some(sitrep::analysis::DateHint::Detect)
    );
    assert_eq!(hospital(h.state()), Some(Some(marked)));
    send(&mut h, vec![Command::Undo]);
    assert_eq!(hospital(h.state()), None, "undo removes the added place");
}

/// The labels of the map's marker handles ("Map: Raqqa", "Map: 2 places: …").
fn map_labels(h: &Harness<'static, SitrepApp>) -> Vec<String> {
    use egui_kittest::kittest::NodeT;
    h.query_all_by_label_contains("Map: ")
        .filter_map(|n| n.accesskit_node().label())
        .collect()
}

#[test]
fn a_brushed_window_hides_places_outside_it_and_clear_brings_them_back() {
    let mut h = harness();
    let before = map_labels(&h);
    let (window, kept) = {
        let app = h.state();
        let a = app.analysis().expect("analysis");
        let markers = &app
            .current()
            .and_then(|d| d.models.as_ref())
            .expect("models")
            .map
            .markers;
        // The earliest dated event at a town (a marker, not a country's area).
        let e = a
            .events
            .iter()
            .filter(|e| {
                e.begin.is_some()
                    && e.place
                        .and_then(|p| a.places.mentions[p].place)
                        .is_some_and(|id| markers.iter().any(|m| m.place == id))
            })
            .min_by_key(|e| e.begin)
            .expect("a dated event at a town");
        let (from, to) = (e.begin.expect("begin"), e.end.or(e.begin).expect("end"));
        let filter = sitrep::export::Filter {
            from: Some(from),
            to: Some(to),
            ..Default::default()
        };
        let kept: Vec<String> = sitrep::view::map::places_kept(a, &filter)
            .into_iter()
            .filter_map(|id| app.gazetteer().get(id).map(|p| p.name.to_owned()))
            .collect();
        ((from, to), kept)
    };
    assert!(!kept.is_empty());
    let outside = |labels: &[String]| {
        labels
            .iter()
            .flat_map(|l| {
                let names = l.trim_start_matches("Map: ");
                let names = names.split_once(" places: ").map_or(names, |(_, n)| n);
                names.split(", ").map(str::to_owned).collect::<Vec<_>>()
            })
            .filter(|n| !kept.contains(n))
            .count()
    };
    assert!(
        outside(&before) > 0,
        "places outside the window show at first: {before:?}"
    );
    send(&mut h, vec![Command::SetWindow(Some(window))]);
    let after = map_labels(&h);
    assert!(!after.is_empty(), "the window's places stay");
    assert_eq!(
        outside(&after),
        0,
        "only the window's places show: {after:?}"
    );
    assert!(h.query_by_label_contains("window ").is_some());
    h.get_by_label("Clear window").click();
    h.run_steps(3);
    assert_eq!(h.state().filter.from, None);
    assert_eq!(map_labels(&h).len(), before.len(), "every place is back");
}

#[test]
fn play_sweeps_the_window_forward_and_pause_stops_it() {
    let mut h = harness();
    assert_eq!(h.state().filter.from, None);
    h.get_by_label("Play").click();
    h.run_steps(1);
    let start = h.state().filter.from.expect("play sets a window");
    let width = {
        let f = &h.state().filter;
        f.to.expect("to") - start
    };
    assert!(h.state().playing);
    h.run_steps(4);
    let moved = h.state().filter.from.expect("window");
    assert!(moved > start, "the window moved on: {start} -> {moved}");
    let f = &h.state().filter;
    assert_eq!(f.to.expect("to") - moved, width, "the width is kept");
    h.get_by_label("Pause").click();
    h.run_steps(1);
    let paused = h.state().filter.from;
    h.run_steps(4);
    assert!(!h.state().playing);
    assert_eq!(h.state().filter.from, paused, "paused: the window stays");
}

#[test]
fn all_dispatches_shows_every_dispatchs_places_and_events_switch_the_text() {
    let mut h = harness();
    let sample_place = {
        let d = &h.state().dispatches[0];
        let m = d.models.as_ref().expect("sample models");
        m.map.markers[0].name.clone()
    };
    send(
        &mut h,
        vec![Command::NewDispatch {
            name: "somalia".into(),
            text: "Published 3 March 2017\n\nAl-Shabaab fighters attacked a base in Mogadishu on Thursday, officials said.".into(),
        }],
    );
    h.run_steps(2);
    let joined = |h: &Harness<'static, SitrepApp>| map_labels(h).join(" | ");
    let one = joined(&h);
    assert!(one.contains("Mogadishu"), "{one}");
    assert!(!one.contains(&sample_place), "this dispatch only: {one}");

    h.get_by_label("all dispatches").click();
    h.run_steps(3);
    assert!(h.state().show_all);
    let all = joined(&h);
    assert!(
        all.contains("Mogadishu") && all.contains(&sample_place),
        "both dispatches' places: {all}"
    );

    // An event of the other (sample) dispatch: a click switches the text to it.
    let (bar, event) = {
        let d = &h.state().dispatches[0];
        let b = &d.models.as_ref().expect("models").timeline.bars[0];
        (b.label.clone(), b.event)
    };
    assert_eq!(h.state().active, 1);
    h.get_all_by_label(&format!("Event: {bar}"))
        .next()
        .expect("the sample's event on the combined timeline")
        .click_accesskit();
    h.run_steps(3);
    let app = h.state();
    assert_eq!(app.active, 0, "the text shows the event's dispatch");
    assert_eq!(app.selection.item, Some(sitrep::view::Item::Event(event)));

    // The filter by dispatch: untick the sample, its places leave the map.
    h.get_by_label(&format!("Show {}", sitrep::app::SAMPLE_NAME))
        .click();
    h.run_steps(3);
    let filtered = joined(&h);
    assert!(
        filtered.contains("Mogadishu") && !filtered.contains(&sample_place),
        "{filtered}"
    );
}
