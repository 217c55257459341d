//! The real app, driven headless through its AccessKit tree (egui_kittest):
//! the sample loads, a click in the text shows the place in the inspector, a
//! click on the timeline selects the event's place, a new article date
//! re-normalizes the times, a correction survives a restart, and the keyboard
//! steps through mentions (Tab) and events (Left/Right) and clears (Esc).

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use sitrep::analysis::DateHint;
use sitrep::app::{Command, Config, Session, SitrepApp};
use sitrep::gazetteer::Gazetteer;
use sitrep::view::Item;

fn gaz() -> Gazetteer {
    Gazetteer::bundled().expect("bundled gazetteer")
}

/// The indices of the place mentions written `surface`, in text order.
fn mentions_of(h: &Harness<'static, SitrepApp>, surface: &str) -> Vec<usize> {
    let a = h.state().analysis().expect("analysis");
    (0..a.places.mentions.len())
        .filter(|&i| &a.doc.text[a.places.mentions[i].span] == surface)
        .collect()
}

/// Selects place mention `i`, as a click on it would, and lets the panels follow.
fn select_mention(h: &mut Harness<'static, SitrepApp>, i: usize) {
    let ctx = h.ctx.clone();
    h.state_mut()
        .apply(vec![Command::Select(Some(Item::Mention(i)))], &ctx);
    h.run_steps(2);
}

fn harness(session: Option<Session>) -> Harness<'static, SitrepApp> {
    let g = gaz();
    // Gazetteer names and dispatches hold letters the default font lacks
    // ("Al Aḩmadī"): they show as tofu in the app, so they may in tests too.
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .allow_missing_glyphs()
        .build_eframe(move |cc| {
            SitrepApp::from_session(&cc.egui_ctx, g.clone(), Config::headless(&g), session)
        });
    h.run_steps(3);
    h
}

#[test]
fn the_sample_loads_with_places_in_the_text() {
    let h = harness(None);
    let app = h.state();
    let a = app.analysis().expect("the sample is analysed");
    assert!(a.places.mentions.len() > 10);
    assert!(a.events.len() > 3);
    assert!(
        h.query_all_by_label("Mayadin").count() >= 1,
        "Mayadin is a widget in the text"
    );
    assert!(h.query_by_label("Open…").is_some());
}

#[test]
fn clicking_a_place_in_the_text_shows_it_in_the_inspector() {
    let mut h = harness(None);
    h.get_all_by_label("Mayadin")
        .next()
        .expect("Mayadin in the text")
        .click();
    h.run_steps(3);
    let app = h.state();
    let a = app.analysis().expect("analysis");
    let Some(Item::Mention(i)) = app.selection.item else {
        panic!("a mention is selected: {:?}", app.selection.item)
    };
    assert_eq!(&a.doc.text[a.places.mentions[i].span], "Mayadin");
    assert!(
        h.query_by_label("coordinates").is_some(),
        "the inspector shows the resolved entry"
    );
    assert!(h.query_by_label("Not a place").is_some());
}

#[test]
fn selecting_an_event_on_the_timeline_selects_its_place() {
    let mut h = harness(None);
    let (event, place) = {
        let a = h.state().analysis().expect("analysis").clone();
        let e = a
            .events
            .iter()
            .find(|e| {
                e.begin.is_some() && e.place.and_then(|p| a.places.mentions[p].place).is_some()
            })
            .expect("a dated event with a place");
        (e.id, a.places.mentions[e.place.unwrap_or_default()].place)
    };
    assert!(
        h.query_all_by_label_contains("Event: ").count() > 0,
        "events on the timeline"
    );
    // Click the handle of that very event.
    let bars = h
        .state()
        .current()
        .and_then(|d| d.models.clone())
        .expect("models");
    let bar = bars
        .timeline
        .bars
        .iter()
        .find(|b| b.event == event)
        .expect("bar")
        .label
        .clone();
    // Same-day events share a spot: click through AccessKit, not the pointer.
    h.get_by_label(&format!("Event: {bar}")).click_accesskit();
    h.run_steps(3);
    let app = h.state();
    assert_eq!(app.selection.item, Some(Item::Event(event)));
    assert_eq!(
        app.selection.related.place, place,
        "the event's place is selected too"
    );
    assert!(
        app.panels.text.scroll_to.is_none(),
        "the text scrolled to the event"
    );
}

#[test]
fn a_new_article_date_renormalizes_the_times() {
    let mut h = harness(None);
    let before: Vec<String> = h
        .state()
        .analysis()
        .expect("analysis")
        .times
        .iter()
        .map(|t| t.value.clone())
        .collect();
    let label = "Article date";
    h.get_by_role_and_label(egui::Role::TextInput, label)
        .focus();
    h.run_steps(1);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_role_and_label(egui::Role::TextInput, label)
        .type_text("2019-03-15");
    h.run_steps(1);
    h.key_press(egui::Key::Enter);
    h.run_steps(4);
    let app = h.state();
    assert_eq!(
        app.current().map(|d| d.hint),
        Some(DateHint::User(
            chrono::NaiveDate::from_ymd_opt(2019, 3, 15).expect("date")
        ))
    );
    let a = app.analysis().expect("analysis");
    let after: Vec<String> = a.times.iter().map(|t| t.value.clone()).collect();
    assert_ne!(before, after, "relative times follow the new date");
    assert!(after.iter().any(|v| v.starts_with("2019")), "{after:?}");
}

#[test]
fn a_correction_survives_a_restart_and_undo_works() {
    let mut h = harness(None);
    h.get_all_by_label("Mayadin")
        .next()
        .expect("Mayadin")
        .click();
    h.run_steps(2);
    h.get_by_label("Not a place").click();
    h.run_steps(3);
    let first = |app: &SitrepApp| {
        let a = app.analysis().expect("analysis");
        let m = a
            .places
            .mentions
            .iter()
            .find(|m| &a.doc.text[m.span] == "Mayadin")
            .expect("mention");
        m.place
    };
    assert_eq!(first(h.state()), None, "Mayadin is no longer a place");
    // Restart: serialize the session, build a new app from it.
    let json = serde_json::to_string(&h.state().session()).expect("serialize");
    let session: Session = serde_json::from_str(&json).expect("deserialize");
    let mut h2 = harness(Some(session));
    assert_eq!(
        first(h2.state()),
        None,
        "the correction is applied after a restart"
    );
    assert_eq!(h2.state().dispatches.len(), 1);
    // Undo in the first app brings the place back.
    let ctx = h.ctx.clone();
    h.state_mut().apply(vec![Command::Undo], &ctx);
    h.run_steps(2);
    assert!(first(h.state()).is_some(), "undo restores the place");
    h2.run_steps(1);
}

#[test]
fn tiny_windows_do_not_panic() {
    let mut h = harness(None);
    for size in [(120.0, 80.0), (1.0, 1.0), (360.0, 240.0)] {
        h.set_size(egui::vec2(size.0, size.1));
        h.run_steps(2);
    }
}

#[test]
fn tab_selects_the_first_place_mention_and_the_inspector_shows_it() {
    let mut h = harness(None);
    h.key_press(egui::Key::Tab);
    h.run_steps(3);
    let (first, second, text) = {
        let a = h.state().analysis().expect("analysis");
        let order = sitrep::view::item::mentions_in_text_order(a);
        let first = order[0];
        (
            first,
            order[1],
            a.doc.text[a.places.mentions[first].span].to_owned(),
        )
    };
    assert_eq!(h.state().selection.item, Some(Item::Mention(first)));
    assert_eq!(
        h.ctx.memory(|m| m.focused()),
        None,
        "Tab went to the mentions, not to egui's focus traversal"
    );
    assert!(
        h.query_by_label(&format!("“{text}”")).is_some(),
        "the inspector shows the mention"
    );
    h.key_press(egui::Key::Tab);
    h.run_steps(2);
    assert_eq!(h.state().selection.item, Some(Item::Mention(second)));
    h.key_press_modifiers(egui::Modifiers::SHIFT, egui::Key::Tab);
    h.run_steps(2);
    assert_eq!(h.state().selection.item, Some(Item::Mention(first)));
    // Back from the first wraps to the last.
    h.key_press_modifiers(egui::Modifiers::SHIFT, egui::Key::Tab);
    h.run_steps(2);
    let last = {
        let a = h.state().analysis().expect("analysis");
        sitrep::view::item::mentions_in_text_order(a)
            .last()
            .copied()
    };
    assert_eq!(h.state().selection.item, last.map(Item::Mention));
}

#[test]
fn arrows_step_through_events_in_time_order_and_escape_clears() {
    let mut h = harness(None);
    h.key_press(egui::Key::ArrowRight);
    h.run_steps(3);
    let (order, trigger) = {
        let a = h.state().analysis().expect("analysis");
        let order = sitrep::view::item::events_in_time_order(a);
        let trigger = a.doc.text[a.events[order[0]].trigger].to_owned();
        (order, trigger)
    };
    let earliest = h
        .state()
        .analysis()
        .expect("analysis")
        .events
        .iter()
        .filter_map(|e| e.begin)
        .min();
    let app = h.state();
    assert_eq!(app.selection.item, Some(Item::Event(order[0])));
    assert_eq!(
        app.analysis().expect("analysis").events[order[0]].begin,
        earliest,
        "the earliest event comes first"
    );
    assert!(
        h.query_by_label_contains(&format!("trigger “{trigger}”"))
            .is_some(),
        "the inspector shows the event"
    );
    h.key_press(egui::Key::ArrowRight);
    h.run_steps(2);
    assert_eq!(h.state().selection.item, Some(Item::Event(order[1])));
    h.key_press(egui::Key::ArrowLeft);
    h.run_steps(2);
    assert_eq!(h.state().selection.item, Some(Item::Event(order[0])));
    h.key_press(egui::Key::Escape);
    h.run_steps(2);
    assert_eq!(h.state().selection.item, None, "Esc clears the selection");
    assert!(h.query_by_label_contains("trigger “").is_none());
}

#[test]
fn overlapping_markers_cluster_and_a_click_zooms_in() {
    let mut h = harness(None);
    // The whole world in a few hundred pixels: the sample's places overlap.
    h.state_mut().map.zoom = 1.0;
    h.run_steps(2);
    h.query_all_by_label_contains(" places: ")
        .next()
        .expect("a cluster on the map")
        .click_accesskit();
    h.run_steps(2);
    assert!(h.state().map.zoom > 1.0, "a click on a cluster zooms in");
    assert_eq!(h.state().selection.item, None, "and selects nothing");
}

/// The places of every "Mayadin" mention of the sample, in text order.
fn mayadins(app: &SitrepApp) -> Vec<Option<sitrep::gazetteer::PlaceId>> {
    let a = app.analysis().expect("analysis");
    a.places
        .mentions
        .iter()
        .filter(|m| &a.doc.text[m.span] == "Mayadin")
        .map(|m| m.place)
        .collect()
}

#[test]
fn a_correction_is_for_the_name_unless_only_this_mention() {
    let mut h = harness(None);
    let before = mayadins(h.state());
    assert!(
        before.len() >= 3 && before.iter().all(Option::is_some),
        "{before:?}"
    );
    h.get_all_by_label("Mayadin")
        .next()
        .expect("Mayadin")
        .click();
    h.run_steps(2);
    assert!(
        h.query_by_label_contains(&format!(
            "a choice applies to all {} mentions",
            before.len()
        ))
        .is_some(),
        "the inspector says the choice is for the name"
    );
    // Only this mention: the first one alone.
    h.get_by_label("Only this mention").click();
    h.run_steps(2);
    h.get_by_label("Not a place").click();
    h.run_steps(3);
    let after = mayadins(h.state());
    assert_eq!(after[0], None);
    assert_eq!(
        after[1..],
        before[1..],
        "the other mentions keep their place"
    );
    // Undo, then for the name: every mention.
    let ctx = h.ctx.clone();
    h.state_mut().apply(vec![Command::Undo], &ctx);
    h.run_steps(2);
    assert_eq!(mayadins(h.state()), before);
    let first = mentions_of(&h, "Mayadin")[0];
    select_mention(&mut h, first);
    assert!(
        !h.state().panels.inspector.only_here,
        "a new selection starts with the name"
    );
    h.get_by_label("Not a place").click();
    h.run_steps(3);
    assert!(mayadins(h.state()).iter().all(Option::is_none));
}

#[test]
fn the_inspector_shows_the_chain_of_qualifiers_the_sentence_places_a_town_in() {
    let mut h = crate::app_harness::fresh();
    crate::app_harness::add_dispatch(
        &mut h,
        "kingston.txt",
        "Kingston is a borough in Luzerne County, Pennsylvania, United States. \
         Officials in Kingston said the river rose overnight.",
    );
    let kingstons = mentions_of(&h, "Kingston");
    assert_eq!(kingstons.len(), 2, "both Kingstons are place mentions");
    select_mention(&mut h, kingstons[0]);
    // Each level of the comma chain, nearest first, read against the town: Kingston in
    // Pennsylvania, not Jamaica's capital.
    assert!(
        h.query_by_label(
            "Placed by the text: Kingston › Luzerne County › Pennsylvania › United States"
        )
        .is_some(),
        "the inspector shows the chain"
    );
    assert!(
        h.query_by_label_contains("qualified by Luzerne County + qualified by Pennsylvania")
            .is_some(),
        "the reason names the qualifiers as the gazetteer writes them"
    );
    // The second Kingston has no chain of its own: no such line for it.
    select_mention(&mut h, kingstons[1]);
    assert!(h.query_by_label_contains("Placed by the text").is_none());
}
