//! Bad input for events and times (issue 14): a note with no verb, a list of 500 dates, a
//! sentence of 1,000 commas, years past 9999, "between 1936 and 1939 and 1940". Each gives
//! results or honest nulls, never a panic; the expectations are worked out by hand.

use chrono::NaiveDate;
use sitrep::analysis::{Analysis, DateHint};
use sitrep::gazetteer::Gazetteer;

/// `body` under a published line of Monday 4 May 2020.
fn run(body: &str) -> Analysis {
    let gaz = Gazetteer::bundled().expect("bundled gazetteer");
    let text = format!("Published 4 May 2020\n\n{body}\n");
    Analysis::run("bad", text, DateHint::Detect, None, &gaz)
}

/// The times after the published line: their words and TIMEX values.
fn times(a: &Analysis) -> Vec<(String, String)> {
    a.times
        .iter()
        .skip(1)
        .map(|t| (a.doc.text[t.span].to_owned(), t.value.clone()))
        .collect()
}

fn pair(words: &str, value: &str) -> (String, String) {
    (words.to_owned(), value.to_owned())
}

#[test]
fn a_note_without_a_verb_has_its_date_and_no_event() {
    let a = run("Aleppo, Syria. 3 May 2020.");
    assert_eq!(times(&a), [pair("3 May 2020", "2020-05-03")]);
    assert!(a.events.is_empty(), "{:?}", a.events);
}

#[test]
fn a_list_of_500_dates_gives_500_dates() {
    let first = NaiveDate::from_ymd_opt(2019, 1, 1).unwrap();
    let days: Vec<NaiveDate> = first.iter_days().take(500).collect();
    let list: Vec<String> = days
        .iter()
        .map(|d| d.format("%-d %B %Y").to_string())
        .collect();
    let a = run(&format!("Shelling was reported on {}.", list.join(", ")));
    let want: Vec<(String, String)> = list
        .iter()
        .zip(&days)
        .map(|(w, d)| pair(w, &d.to_string()))
        .collect();
    assert_eq!(times(&a), want);
    assert_eq!(days[499].to_string(), "2020-05-14");
}

#[test]
fn a_sentence_of_1000_commas_keeps_its_place_and_time() {
    let a = run(&format!(
        "Troops shelled Raqqa{} on Monday.",
        ", ".repeat(1000)
    ));
    // "on Monday" in a report published on Monday 4 May 2020: that day.
    assert_eq!(times(&a), [pair("Monday", "2020-05-04")]);
    assert!(
        a.places
            .mentions
            .iter()
            .any(|m| &a.doc.text[m.span] == "Raqqa" && m.place.is_some()),
        "{:?}",
        a.places.mentions
    );
    for e in &a.events {
        assert!(e.trigger.end <= a.doc.text.len());
    }
}

#[test]
fn years_past_9999_are_never_dated() {
    let a = run("Rebels attacked the town on 1 January 10000 and again in 9999 BC and in 12345.");
    for t in &a.times {
        assert!(
            t.begin
                .is_none_or(|d| (1..=9999).contains(&chrono::Datelike::year(&d))),
            "{t:?}"
        );
    }
    assert!(
        !times(&a)
            .iter()
            .any(|(_, v)| v.contains("10000") || v.contains("12345")),
        "{:?}",
        times(&a)
    );
}

#[test]
fn between_1936_and_1939_and_1940_gives_the_three_years() {
    let a = run("The war raged between 1936 and 1939 and 1940 in Spain.");
    assert_eq!(
        times(&a),
        [
            pair("1936", "1936"),
            pair("1939", "1939"),
            pair("1940", "1940")
        ]
    );
}
