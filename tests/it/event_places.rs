//! Where events take place, through the whole analysis: the project's own
//! sentences, each pinning one rule of `events/link.rs`, every expected
//! place checked against the sentence by hand.

use chrono::NaiveDate;
use sitrep::analysis::{Analysis, DateHint};
use sitrep::events::{Event, EventType, Status};
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

fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// The first event whose trigger text is `trig`.
fn event_at<'a>(a: &'a Analysis, trig: &str) -> &'a Event {
    a.events
        .iter()
        .find(|e| &a.doc.text.as_str()[e.trigger] == trig)
        .unwrap_or_else(|| panic!("no event triggered by {trig:?} in {:?}", a.events))
}

/// The text of event `e`'s place, "-" when it has none.
fn place_text(a: &Analysis, e: &Event) -> String {
    e.place.map_or_else(
        || "-".to_owned(),
        |i| a.doc.text.as_str()[a.places.mentions[i].span].to_owned(),
    )
}

#[test]
fn coordinated_verbs_of_talks_are_events_with_their_own_times() {
    // 11 March 2021 is a Thursday: "on Friday" ahead is the 12th. The bare
    // "Talks" are the talks the story placed in Oslo; the resumption shares
    // their subject ("Talks") and their modality ("due to").
    let a = run(
        "Peace talks between the government and the rebels opened in Oslo on Monday. \
         Talks are due to adjourn on Friday and to resume in June.",
    );
    let t = event_at(&a, "Talks");
    assert_eq!(t.kind, EventType::Talks);
    assert_eq!(t.status, Status::Planned);
    assert_eq!(place_text(&a, t), "Oslo");
    assert_eq!((t.begin, t.end), (day(2021, 3, 12), day(2021, 3, 12)));
    let r = event_at(&a, "resume");
    assert_eq!(r.kind, EventType::Talks);
    assert_eq!(r.status, Status::Planned);
    assert_eq!(place_text(&a, r), "Oslo");
    assert_eq!((r.begin, r.end), (day(2021, 6, 1), day(2021, 6, 30)));
}

/// A guard: the coordinated-verb rule must leave "talks resumed" one event.
#[test]
fn a_verb_right_after_its_noun_is_the_same_mention() {
    let a = run("On 9 March 2021, talks resumed in Doha between the two delegations.");
    let talks: Vec<_> = a
        .events
        .iter()
        .filter(|e| e.kind == EventType::Talks)
        .collect();
    assert_eq!(talks.len(), 1, "{talks:?}");
    assert_eq!(place_text(&a, talks[0]), "Doha");
}

#[test]
fn a_planned_time_does_not_date_what_the_story_tells_next() {
    // "in June" dates the resumption; the shelling is reported, so of the
    // article's day at the latest.
    let a = run("Talks are due to resume in June. Shelling killed two civilians in Idlib.");
    let e = a
        .events
        .iter()
        .find(|e| e.kind == EventType::Airstrike)
        .unwrap_or_else(|| panic!("no shelling in {:?}", a.events));
    assert_eq!(e.begin, day(2021, 3, 11));
}

#[test]
fn a_destination_with_its_verb_left_out_is_a_planned_advance() {
    let a = run(
        "Government troops are advancing towards Homs and, God willing, to Aleppo, a \
         commander said.",
    );
    let now = event_at(&a, "advancing");
    assert_eq!(now.kind, EventType::Offensive);
    assert_eq!(now.status, Status::Ongoing);
    assert_eq!(place_text(&a, now), "Homs");
    let later = event_at(&a, "God willing, to");
    assert_eq!(later.kind, EventType::Offensive);
    assert_eq!(later.status, Status::Planned);
    assert_eq!(place_text(&a, later), "Aleppo");
}

/// A guard: the parse already attaches "towards Idlib" to the verb; the
/// destination rule of `link.rs` must keep it over the base in Hama.
#[test]
fn a_planned_advance_is_placed_at_its_destination() {
    let a = run("From their base in Hama, the troops will advance towards Idlib.");
    let e = event_at(&a, "advance");
    assert_eq!(e.status, Status::Planned);
    assert_eq!(place_text(&a, e), "Idlib");
}

#[test]
fn a_planned_destination_is_not_where_the_next_event_happens() {
    // The helicopters fire where the soldiers are (Homs), not where they
    // hope to go (Aleppo).
    let a = run(
        "Soldiers fought their way into Homs on Monday, and God willing to Aleppo, an \
         officer said. Helicopters fired missiles overhead.",
    );
    assert_eq!(place_text(&a, event_at(&a, "God willing to")), "Aleppo");
    let strike = a
        .events
        .iter()
        .find(|e| e.kind == EventType::Airstrike)
        .unwrap_or_else(|| panic!("no strike in {:?}", a.events));
    assert_eq!(place_text(&a, strike), "Homs");
}

#[test]
fn an_intervention_happens_in_the_country_intervened_in() {
    // The last town named before it is Misrata and the intervening country
    // (an actor) is Turkey: the intervention is in Libya, the story's
    // country.
    let a = run(
        "Residents of Tripoli fear more fighting in Libya, after clashes near Misrata. \
         The gains are the largest since the start of Turkey's military intervention last \
         January.",
    );
    assert_eq!(place_of(&a, EventType::Intervention), "Libya");
}

#[test]
fn a_town_naming_talks_is_where_they_are_held() {
    let a = run(
        "On 10 March 2021, the Astana talks on Syria were postponed, officials in Moscow said.",
    );
    assert_eq!(place_of(&a, EventType::Talks), "Astana");
}
