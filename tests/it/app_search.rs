//! The top bar's search covers every open dispatch: its results are grouped by dispatch
//! (the active one first), a hit in another dispatch opens that dispatch with the item
//! selected, and the results go away when the map is used (the query stays).

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use sitrep::app::SitrepApp;
use sitrep::view::Item;

fn harness() -> Harness<'static, SitrepApp> {
    let mut h = crate::app_harness::fresh();
    for (name, text) in [
        ("a.txt", "Syrian troops recaptured Palmyra on Sunday."),
        ("b.txt", "Aid reached Palmyra last week."),
    ] {
        crate::app_harness::add_dispatch(&mut h, name, text);
    }
    h
}

fn type_query(h: &mut Harness<'static, SitrepApp>, query: &str) {
    h.get_by_role_and_label(egui::Role::TextInput, "Search")
        .focus();
    h.run_steps(1);
    h.get_by_role_and_label(egui::Role::TextInput, "Search")
        .type_text(query);
    h.run_steps(3);
}

fn active_name(h: &Harness<'static, SitrepApp>) -> String {
    let app = h.state();
    app.dispatches[app.active].name.clone()
}

#[test]
fn a_hit_in_another_dispatch_opens_it_with_the_place_selected() {
    let mut h = harness();
    assert_eq!(active_name(&h), "b.txt");
    type_query(&mut h, "palmyra");
    // Each dispatch: the place, and what happened there.
    let b = h.get_by_label("b.txt · 2").rect();
    let a = h.get_by_label("a.txt · 2").rect();
    assert!(b.top() < a.top(), "the active dispatch's hits come first");
    let hits: Vec<egui::Rect> = h
        .query_all_by_label("Palmyra — Tadmur, Syria")
        .map(|n| n.rect())
        .collect();
    assert_eq!(hits.len(), 2, "the place once in each dispatch");
    assert_eq!(
        h.query_all_by_label("Syrian troops recaptured Palmyra on Sunday.")
            .count(),
        2,
        "each of a.txt's hits (the capture, the place) shows its sentence"
    );
    // The second hit is a.txt's.
    let second = h
        .query_all_by_label("Palmyra — Tadmur, Syria")
        .max_by(|x, y| x.rect().top().total_cmp(&y.rect().top()))
        .expect("a.txt's hit");
    second.click();
    h.run_steps(4);
    assert_eq!(active_name(&h), "a.txt");
    let app = h.state();
    let a = app.analysis().expect("analysed");
    let palmyra = a
        .places
        .mentions
        .iter()
        .find(|m| &a.doc.text[m.span] == "Palmyra")
        .and_then(|m| m.place)
        .expect("Palmyra resolved");
    assert_eq!(app.selection.item, Some(Item::place(palmyra)));
    assert!(app.panels.top.search.is_empty(), "picking clears the query");
}

#[test]
fn the_results_go_away_when_the_map_is_used_and_the_query_stays() {
    let mut h = harness();
    type_query(&mut h, "aid");
    assert!(
        h.query_by_label("b.txt · 1").is_some(),
        "{:?}",
        h.state().panels.top.search
    );
    assert!(h.query_by_label("a.txt · 1").is_none(), "no aid in a.txt");
    h.get_by_label("Map").click();
    h.run_steps(3);
    assert!(
        h.query_by_label("b.txt · 1").is_none(),
        "the results are put away"
    );
    assert_eq!(h.state().panels.top.search, "aid");
    type_query(&mut h, " nothing");
    assert!(
        h.query_by_label("Nothing matches in the open dispatches")
            .is_some()
    );
}
