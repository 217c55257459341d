//! The flat export table every format is written from: rows, offsets, filter.

use chrono::NaiveDate;
use sitrep::analysis::{Analysis, DateHint};
use sitrep::events::EventType;
use sitrep::export::{Filter, Source, Table};
use sitrep::gazetteer::Gazetteer;

const SAMPLE: &str = include_str!("../../assets/sample-dispatch.txt");

fn sample() -> (Gazetteer, Analysis) {
    let gaz = Gazetteer::bundled().unwrap();
    let a = Analysis::run("sample", SAMPLE.to_owned(), DateHint::Detect, None, &gaz);
    (gaz, a)
}

#[test]
fn rows_match_the_analysis_and_the_text() {
    let (gaz, a) = sample();
    let t = Table::build(
        &[Source {
            name: "sample",
            analysis: &a,
        }],
        &gaz,
        &Filter::default(),
    );
    assert_eq!(t.events.len(), a.events.len());
    assert!(!t.places.is_empty());
    let chars: Vec<char> = SAMPLE.chars().collect();
    for e in &t.events {
        let s: String = chars[e.sentence_start..e.sentence_end].iter().collect();
        assert_eq!(
            s.split_whitespace().collect::<Vec<_>>().join(" "),
            e.sentence
        );
        assert!(e.sentence.contains(&e.trigger), "{e:?}");
        if let Some(p) = &e.place {
            assert!((-90.0..=90.0).contains(&p.lat) && (-180.0..=180.0).contains(&p.lon));
            assert!(
                t.places
                    .iter()
                    .any(|r| r.place == *p && r.events.contains(&e.id))
            );
        }
    }
    // Every place row counts its mentions, and the counts add up.
    let resolved = a
        .places
        .mentions
        .iter()
        .filter(|m| m.place.is_some())
        .count();
    assert_eq!(t.places.iter().map(|p| p.mentions).sum::<usize>(), resolved);
}

#[test]
fn the_filter_narrows_events_and_places() {
    let (gaz, a) = sample();
    let src = [Source {
        name: "sample",
        analysis: &a,
    }];
    let all = Table::build(&src, &gaz, &Filter::default());
    let kind = all.events[0].kind;
    let only = Filter {
        types: Some(vec![kind]),
        ..Filter::default()
    };
    let t = Table::build(&src, &gaz, &only);
    assert!(!t.events.is_empty() && t.events.iter().all(|e| e.kind == kind));
    assert!(t.places.len() <= all.places.len());

    let nothing = Filter {
        sources: Some(vec!["other".into()]),
        ..Filter::default()
    };
    let t = Table::build(&src, &gaz, &nothing);
    assert!(t.events.is_empty() && t.places.is_empty() && t.sources.is_empty());

    // A window before everything keeps nothing dated; undated events go too.
    let early = Filter {
        to: NaiveDate::from_ymd_opt(1900, 1, 1),
        ..Filter::default()
    };
    assert!(Table::build(&src, &gaz, &early).events.is_empty());
    let f = Filter {
        types: Some(vec![EventType::Protest, kind]),
        ..Filter::default()
    };
    assert!(f.keeps("x", kind, None, None));
}
