//! The whole analysis: the seed dispatch's times (when ../shared is there),
//! hostile input, and a property test over arbitrary strings.

use std::path::Path;

use proptest::prelude::*;
use sitrep::analysis::{Analysis, DateHint};
use sitrep::gazetteer::Gazetteer;
use sitrep::text::DateSource;

const SEED: &str = "../shared/seeds/kerry-moscow-syria-2016-03-24.txt";

fn run(text: &str, date: Option<&str>) -> Analysis {
    let gaz = Gazetteer::bundled().unwrap();
    let hint = date.map_or(DateHint::Detect, |d| {
        DateHint::User(chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap())
    });
    Analysis::run("t", text.to_owned(), hint, None, &gaz)
}

#[test]
fn seed_times_normalize_against_the_article_date() {
    let Ok(text) = std::fs::read_to_string(Path::new(SEED)) else {
        eprintln!("skipped: {SEED} is not here (the seed lives outside the project)");
        return;
    };
    let a = run(&text, Some("2016-03-24"));
    let times: Vec<(String, &str)> = a
        .times
        .iter()
        .map(|t| {
            (
                a.doc.text[t.span]
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
                t.value.as_str(),
            )
        })
        .collect();
    for (surface, value) in [
        ("Thursday", "2016-03-24"),
        ("last year", "2015"),
        ("this month", "2016-03"),
        ("the day before", "2016-03-23"),
        ("April", "2016-04"),
        ("last September", "2015-09"),
        ("five-month", "P5M"),
        ("almost two weeks", "P2W"),
    ] {
        assert!(
            times
                .iter()
                .any(|(s, v)| s.contains(surface) && *v == value),
            "{surface} -> {value} missing from {times:?}"
        );
    }
    assert!(
        times
            .iter()
            .any(|(s, v)| s.contains("five year") && *v == "P5Y"),
        "{times:?}"
    );
    // Nothing resolved into the future by mistake: past-tense dates stay at
    // or before the article date.
    let war_start = a
        .times
        .iter()
        .find(|t| t.value == "P5Y")
        .and_then(|t| t.begin)
        .expect("the five-year-old war has a start");
    assert_eq!(war_start.format("%Y").to_string(), "2011");
}

#[test]
fn the_date_source_is_reported() {
    let a = run(
        "Published: 3 May 2022\n\nGAO, Mali - Gunmen attacked a market on Sunday.",
        None,
    );
    assert_eq!(a.date.source, DateSource::Published);
    assert_eq!(a.date.date.unwrap().to_string(), "2022-05-03");
    let a = run("Gunmen attacked a market on Sunday near Gao.", None);
    assert_eq!(a.date.source, DateSource::Unknown);
    assert!(a.date.date.is_none());
    // Relative times are kept, unresolved.
    assert!(a.times.iter().any(|t| &a.doc.text[t.span] == "Sunday"));
    let a = run(
        "Gunmen attacked a market on Sunday near Gao.",
        Some("2022-05-03"),
    );
    assert_eq!(a.date.source, DateSource::User);
}

#[test]
fn hostile_inputs_give_results_not_panics() {
    let long_line = "Aleppo and Homs ".repeat(6_500); // ~100,000 chars, no punctuation
    let cases = [
        String::new(),
        " \n\n\t ".to_owned(),
        long_line,
        "\"unbalanced quotes in Damascus, said the man. \"\"\" ' ' «".to_owned(),
        "Бои в Москве и Алеппо; القتال في حلب ودمشق — fighting in Aleppo.".to_owned(),
        "\u{0}\u{1}\u{FEFF}Palmyra\u{200B}".to_owned(),
        "No places or times here at all, just words.".to_owned(),
    ];
    for text in cases {
        let a = run(&text, Some("2016-03-24"));
        for p in &a.places.mentions {
            assert!(a.doc.text.get(p.span.range()).is_some());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    #[test]
    fn any_string_analyses_without_panic(text in "\\PC{0,400}") {
        let a = run(&text, Some("2016-03-24"));
        for p in &a.places.mentions {
            prop_assert!(a.doc.text.get(p.span.range()).is_some());
        }
        for t in &a.times {
            prop_assert!(a.doc.text.get(t.span.range()).is_some());
        }
        for e in &a.events {
            prop_assert!(e.place.is_none_or(|i| i < a.places.mentions.len()));
            prop_assert!(e.time.is_none_or(|i| i < a.times.len()));
        }
    }

    #[test]
    fn news_like_strings_analyse_without_panic(
        words in proptest::collection::vec(
            prop_oneof![
                Just("Palmyra"), Just("Syrian"), Just("on"), Just("Thursday"), Just("the"),
                Just("day"), Just("before"), Just("U.S.-backed"), Just("forces"), Just("took"),
                Just("Raqqa"), Just("."), Just(","), Just("\""), Just("last"), Just("September"),
                Just("Moscow"), Just("said"), Just("talks"), Just("in"), Just("Geneva"),
                Just("five-month"), Just("campaign"), Just("\n\n"), Just("Washington"),
            ],
            0..80,
        )
    ) {
        let text = words.join(" ");
        let a = run(&text, Some("2016-03-24"));
        prop_assert!(a.places.mentions.windows(2).all(|w| w[0].span.end <= w[1].span.start));
    }
}
