//! Dispatches without an article date, and the rough edges found on the way: the timeline
//! says what is missing and offers the date right there (for one dispatch or all without
//! one); a new date and "detect" are undone with Ctrl+Z; a project file given as a path
//! opens as a project; opening files leaves the untouched sample out.

use chrono::NaiveDate;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use sitrep::analysis::DateHint;
use sitrep::app::{Command, SAMPLE_NAME, SitrepApp};

fn harness() -> Harness<'static, SitrepApp> {
    crate::app_harness::fresh()
}

/// Two sentences, one relative time, no date anywhere.
const UNDATED: &str = "Troops shelled Raqqa on Tuesday. Aid arrived in Mosul.";

fn add(h: &mut Harness<'static, SitrepApp>, name: &str, text: &str) {
    crate::app_harness::add_dispatch(h, name, text);
}

fn hint(h: &Harness<'static, SitrepApp>, name: &str) -> DateHint {
    h.state()
        .dispatches
        .iter()
        .find(|d| d.name == name)
        .expect("the dispatch")
        .hint
}

#[test]
fn an_undated_dispatch_is_offered_a_date_on_the_timeline_and_undo_brings_detect_back() {
    let mut h = harness();
    add(&mut h, "undated.txt", UNDATED);
    assert!(
        h.query_by_label_contains("No article date: set it to place 1 relative time")
            .is_some(),
        "the prompt says what is missing"
    );
    let field = "Undated article date";
    h.get_by_role_and_label(egui::Role::TextInput, field)
        .focus();
    h.run_steps(1);
    h.get_by_role_and_label(egui::Role::TextInput, field)
        .type_text("2017-10-10");
    h.run_steps(1);
    h.get_by_label("Set").click();
    h.run_steps(4);
    let d = NaiveDate::from_ymd_opt(2017, 10, 10).unwrap();
    assert_eq!(hint(&h, "undated.txt"), DateHint::User(d));
    let a = h.state().analysis().cloned().expect("analysed");
    assert_eq!(a.date.date, Some(d));
    assert!(
        a.times.iter().any(|t| t.begin.is_some()),
        "the relative time is placed: {:?}",
        a.times
    );
    assert!(
        h.query_by_label_contains("No article date").is_none(),
        "the prompt is gone"
    );
    // Ctrl+Z takes the date back; Ctrl+Shift+Z sets it again.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run_steps(4);
    assert_eq!(hint(&h, "undated.txt"), DateHint::Detect);
    h.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::Z,
    );
    h.run_steps(4);
    assert_eq!(hint(&h, "undated.txt"), DateHint::User(d));
    // "detect" wipes the typed date, and Ctrl+Z brings it back.
    let ctx = h.ctx.clone();
    h.state_mut()
        .apply(vec![Command::SetDate(DateHint::Detect)], &ctx);
    h.run_steps(3);
    assert_eq!(hint(&h, "undated.txt"), DateHint::Detect);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run_steps(4);
    assert_eq!(hint(&h, "undated.txt"), DateHint::User(d));
}

#[test]
fn one_date_for_every_dispatch_without_one() {
    let mut h = harness();
    add(&mut h, "a.txt", UNDATED);
    add(&mut h, "b.txt", "Fighting broke out in Homs on Monday.");
    let field = "Undated article date";
    h.get_by_role_and_label(egui::Role::TextInput, field)
        .focus();
    h.run_steps(1);
    h.get_by_role_and_label(egui::Role::TextInput, field)
        .type_text("2016-03-24");
    h.run_steps(1);
    h.get_by_label_contains("Set for all 2").click();
    h.run_steps(4);
    let d = NaiveDate::from_ymd_opt(2016, 3, 24).unwrap();
    assert_eq!(hint(&h, "a.txt"), DateHint::User(d));
    assert_eq!(hint(&h, "b.txt"), DateHint::User(d));
    assert_eq!(
        hint(&h, SAMPLE_NAME),
        DateHint::Detect,
        "the dated sample is left alone"
    );
}

#[test]
fn a_project_file_given_as_a_path_opens_as_a_project() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("brief.sitrep");
    let mut h = harness();
    add(&mut h, "kept.txt", UNDATED);
    let ctx = h.ctx.clone();
    h.state_mut()
        .apply(vec![Command::SaveProject(project.clone())], &ctx);
    h.run_steps(3);
    assert!(project.exists());

    let mut other = harness();
    let ctx = other.ctx.clone();
    other
        .state_mut()
        .apply(vec![Command::OpenPaths(vec![project])], &ctx);
    other.run_steps(4);
    let names: Vec<String> = other
        .state()
        .dispatches
        .iter()
        .map(|d| d.name.clone())
        .collect();
    assert_eq!(names, [SAMPLE_NAME, "kept.txt"], "the project's dispatches");
}

#[test]
fn opening_files_leaves_the_untouched_sample_out() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.txt");
    std::fs::write(&path, UNDATED).unwrap();
    let mut h = harness();
    h.state_mut().drop_sample();
    let ctx = h.ctx.clone();
    h.state_mut()
        .apply(vec![Command::OpenPaths(vec![path])], &ctx);
    for _ in 0..20 {
        h.run_steps(1);
        if !h.state().busy() && h.state().opening.total == 0 {
            break;
        }
    }
    h.run_steps(2);
    let names: Vec<String> = h
        .state()
        .dispatches
        .iter()
        .map(|d| d.name.clone())
        .collect();
    assert_eq!(names, ["a.txt"]);
}
