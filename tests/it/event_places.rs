//! Where events take place, through the whole analysis: the project's own
//! sentences, each pinning one rule of `events/link.rs`, every expected
//! place checked against the sentence by hand.

use sitrep::analysis::{Analysis, DateHint};
use sitrep::events::EventType;
use sitrep::gazetteer::Gazetteer;

fn run(text: &str) -> Analysis {
    let gaz = Gazetteer::bundled().unwrap();
    let d = chrono::NaiveDate::from_ymd_opt(2021, 3, 11).unwrap();
    Analysis::run("t", text.to_owned(), DateHint::User(d), None, &gaz)
}

/// The text of the place of the first event of type `kind`, "-" when it
/// has none.
fn place_of(a: &Analysis, kind: EventType) -> String {
    let e = a
        .events
        .iter()
        .find(|e| e.kind == kind)
        .unwrap_or_else(|| panic!("no {kind:?} in {:?}", a.events));
    e.place.map_or_else(
        || "-".to_owned(),
        |i| a.doc.text.as_str()[a.places.mentions[i].span].to_owned(),
    )
}

#[test]
fn parentheses_qualify_the_place_before_them() {
    let a = run(
        "On 4 March 2021, hundreds of traders marched in Comilla city (Comilla Sadar, \
         Chittagong) against new taxes.",
    );
    assert_eq!(place_of(&a, EventType::Protest), "Comilla");
}

#[test]
fn a_town_holds_against_a_container_read_as_a_namesake_elsewhere() {
    // "Nord-Ouest" is read as Haiti's department: the town is the place.
    let a = run(
        "On 2 March 2021, in Bamenda town (Mezam, Nord-Ouest), teachers demonstrated \
         against unpaid wages.",
    );
    assert_eq!(place_of(&a, EventType::Protest), "Bamenda");
}

#[test]
fn where_an_actor_comes_from_is_not_where_it_happens() {
    let a = run(
        "On 8 March 2021, migrants from Ethiopia clashed with guards in the Dadaab refugee camp.",
    );
    assert_eq!(place_of(&a, EventType::Battle), "Dadaab");
}

#[test]
fn a_reporter_s_place_is_not_the_reported_event_s() {
    let a = run(
        "Ahead of talks with the king in Amman, the envoy said a fragile truce had cut \
         levels of violence.",
    );
    assert_eq!(place_of(&a, EventType::Talks), "Amman");
    assert_eq!(place_of(&a, EventType::Ceasefire), "-");
}

#[test]
fn an_impersonal_report_is_no_barrier() {
    let a = run(
        "On 5 March 2021, it was reported that a shoot-out took place near the market in Kisumu.",
    );
    assert_eq!(place_of(&a, EventType::Battle), "Kisumu");
}
