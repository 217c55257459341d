//! Unit tests on the project's own sentences.

use super::*;
use crate::gazetteer::{Gazetteer, MatchKind};
use crate::places::PlaceMention;
use crate::time::find_times;

/// Place mentions for tests: capitalized words (up to three) the bundled
/// gazetteer knows, best candidate first.
fn places(doc: &Document, gaz: &Gazetteer) -> Vec<PlaceMention> {
    let toks = &doc.tokens;
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let t = toks[i];
        if !t.capitalized() || matches!(t.text(&doc.text), "The" | "A" | "In" | "He" | "It") {
            i += 1;
            continue;
        }
        let mut hit = None;
        for n in (1..=3).rev() {
            if i + n > toks.len() || !toks[i..i + n].iter().all(|x| x.capitalized()) {
                continue;
            }
            let span = Span::new(t.span.start, toks[i + n - 1].span.end);
            let cands = gaz.lookup(&doc.text.as_str()[span]);
            if let Some(c) = cands.first() {
                hit = Some((
                    n,
                    span,
                    c.place.id,
                    c.place.kind,
                    c.matched == MatchKind::Demonym,
                ));
                break;
            }
        }
        match hit {
            Some((n, span, id, kind, adj)) => {
                out.push(PlaceMention {
                    span,
                    place: Some(id),
                    kind: Some(kind),
                    adjectival: adj,
                    metonymy: false,
                    fuzzy: false,
                    confidence: 1.0,
                    reason: String::new(),
                    qualified_by: Vec::new(),
                    alternatives: Vec::new(),
                    evidence: crate::places::confidence::SavedEvidence::default(),
                });
                i += n;
            }
            None => i += 1,
        }
    }
    out
}

fn run(text: &str, date: &str) -> (Document, Vec<Event>) {
    let gaz = Gazetteer::bundled().expect("bundled gazetteer");
    let doc = Document::new(text.to_owned());
    let d = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok();
    let ps = places(&doc, &gaz);
    let ts = find_times(&doc.text, d);
    let ev = find_events(&doc, &ps, &ts, d, &gaz);
    (doc, ev)
}

fn show(doc: &Document, ev: &[Event]) -> String {
    ev.iter()
        .map(|e| {
            format!(
                "{}:{:?}:{:?}",
                e.kind.id(),
                &doc.text.as_str()[e.trigger],
                e.status
            )
        })
        .collect::<Vec<_>>()
        .join(" | ")
}

#[test]
fn every_type_round_trips_its_id() {
    for t in EventType::ALL {
        assert_eq!(EventType::from_id(t.id()), Some(t));
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(json, format!("\"{}\"", t.id()));
    }
    // Every type has at least one trigger.
    for t in EventType::ALL {
        assert!(
            lexicon::rules().iter().any(|r| r.sub.kind() == t),
            "{t:?} has no trigger"
        );
    }
}

#[test]
fn every_word_set_the_code_names_is_in_words_tsv() {
    // The guards name their sets by string: a typo would panic at the first
    // sentence that reaches it, so every `set("...")` of the sources is
    // looked up here.
    let sources = [
        include_str!("lexicon.rs"),
        include_str!("refine.rs"),
        include_str!("actors.rs"),
    ];
    let mut n = 0;
    for src in sources {
        for part in src.split("set(\"").skip(1) {
            let name = part.split('"').next().unwrap_or_default();
            if name.chars().all(|c| c.is_ascii_lowercase() || c == '_') && !name.is_empty() {
                assert!(!lexicon::set(name).is_empty(), "{name}");
                n += 1;
            }
        }
    }
    assert!(n > 30, "found only {n} set names: the scan is broken");
}

#[test]
fn meeting_with_partner_in_place_on_article_date() {
    let (doc, ev) = run(
        "The envoy Anna Berg met Foreign Minister Omar Haddad in Amman on Monday to discuss the border.",
        "2020-05-06",
    );
    let m = ev
        .iter()
        .find(|e| e.kind == EventType::Meeting)
        .unwrap_or_else(|| panic!("{}", show(&doc, &ev)));
    assert_eq!(&doc.text.as_str()[m.trigger], "met");
    assert_eq!(m.status, Status::Happened);
    assert_eq!(m.time_source, TimeSource::Linked);
    let agent = m
        .actors
        .iter()
        .find(|a| a.role == ActorRole::Agent)
        .expect("agent");
    assert!(agent.text.contains("Anna Berg"), "{:?}", m.actors);
    assert_eq!(agent.kind, ActorKind::Person);
    assert!(
        m.actors
            .iter()
            .any(|a| a.role == ActorRole::Partner && a.text.contains("Omar Haddad"))
    );
    assert_eq!(m.place_source, PlaceSource::Clause);
}

#[test]
fn capture_with_supporter_and_patient() {
    let (doc, ev) = run(
        "The army, backed by Russian air cover, retakes Tadmur from Islamic State insurgents.",
        "2016-03-27",
    );
    let c = ev
        .iter()
        .find(|e| e.kind == EventType::Capture)
        .unwrap_or_else(|| panic!("{}", show(&doc, &ev)));
    assert_eq!(&doc.text.as_str()[c.trigger], "retakes");
    let roles: Vec<_> = c
        .actors
        .iter()
        .map(|a| (a.text.as_str(), a.role, a.kind))
        .collect();
    assert!(
        roles.contains(&("army", ActorRole::Agent, ActorKind::ArmedGroup)),
        "{roles:?}"
    );
    assert!(
        roles
            .iter()
            .any(|r| r.0 == "Russia" && r.1 == ActorRole::Supporter),
        "{roles:?}"
    );
    assert!(
        roles
            .iter()
            .any(|r| r.0.contains("Islamic State") && r.1 == ActorRole::Patient),
        "{roles:?}"
    );
}

#[test]
fn statuses_from_modals_and_negation() {
    let cases = [
        (
            "Delegates are expected to agree on a text in Oslo.",
            EventType::Agreement,
            Status::Planned,
        ),
        (
            "The two ministers will meet in Cairo next week.",
            EventType::Meeting,
            Status::Planned,
        ),
        (
            "The battle is raging for the town of Kobani.",
            EventType::Battle,
            Status::Ongoing,
        ),
        (
            "Soldiers did not step in when the crowd grew.",
            EventType::Intervention,
            Status::Negated,
        ),
        (
            "Its fall would leave the rebels without a supply line.",
            EventType::Capture,
            Status::Hypothetical,
        ),
        (
            "There have been no direct negotiations since June.",
            EventType::Talks,
            Status::Negated,
        ),
        (
            "Thousands of people are fleeing the city of Homs.",
            EventType::Displacement,
            Status::Ongoing,
        ),
        (
            "Rebels said they would press forward beyond the river.",
            EventType::Offensive,
            Status::Planned,
        ),
    ];
    for (text, kind, status) in cases {
        let (doc, ev) = run(text, "2016-03-24");
        let e = ev
            .iter()
            .find(|e| e.kind == kind)
            .unwrap_or_else(|| panic!("{text}: {}", show(&doc, &ev)));
        assert_eq!(e.status, status, "{text}: {}", show(&doc, &ev));
    }
}

#[test]
fn false_triggers_stay_quiet() {
    for text in [
        "He talks a lot about football.",
        "The ceasefire held overnight.",
        "Officials said the road was open.",
        "Aid workers described long queues.",
        "They hope to meet the challenge of winter.",
    ] {
        let (doc, ev) = run(text, "2016-03-24");
        let bad: Vec<_> = ev
            .iter()
            .filter(|e| {
                matches!(
                    e.kind,
                    EventType::Talks | EventType::Statement | EventType::Aid | EventType::Meeting
                ) || (e.kind == EventType::Airstrike)
            })
            .collect();
        assert!(bad.is_empty(), "{text}: {}", show(&doc, &ev));
    }
}

#[test]
fn definite_anaphora_merge() {
    let (doc, ev) = run(
        "Talks in Geneva opened on Monday between the two sides. A diplomat said the talks had stalled. The Geneva talks were tense.",
        "2016-03-24",
    );
    let talks: Vec<_> = ev.iter().filter(|e| e.kind == EventType::Talks).collect();
    assert_eq!(talks.len(), 1, "{}", show(&doc, &ev));
    assert_eq!(talks[0].mentions.len(), 2, "{:?}", talks[0].mentions);
}

#[test]
fn no_panic_on_odd_inputs() {
    let gaz = Gazetteer::bundled().expect("bundled gazetteer");
    for text in [
        "",
        " ",
        "talks",
        "the talks.",
        "\u{2014}\u{2014}",
        "killed killed killed",
        "fell to",
        "TALKS IN GENEVA",
        "\"said\"",
    ] {
        let doc = Document::new(text.to_owned());
        let _ = find_events(&doc, &[], &[], None, &gaz);
    }
    // Places and times pointing anywhere.
    let doc = Document::new("Rebels seized the town on Monday.".to_owned());
    let ts = find_times(&doc.text, None);
    let _ = find_events(&doc, &[], &ts, None, &gaz);
}

#[test]
fn debug_dump() {
    let Ok(text) = std::env::var("EVENTS_TEXT") else {
        return;
    };
    let (doc, ev) = run(&text, "2016-03-24");
    for e in &ev {
        println!(
            "{} {:?} {:?} place={:?}/{:?} time={:?}/{:?} {:?}",
            e.kind.id(),
            &doc.text.as_str()[e.trigger],
            e.status,
            e.place,
            e.place_source,
            e.begin,
            e.time_source,
            e.actors
                .iter()
                .map(|a| (&a.text, a.role))
                .collect::<Vec<_>>()
        );
    }
}

#[test]
fn no_panic_on_shuffled_trigger_soup() {
    let gaz = Gazetteer::bundled().expect("bundled gazetteer");
    let vocab = [
        "the",
        "talks",
        "fell",
        "to",
        ",",
        ".",
        "\u{2014}",
        "said",
        "would",
        "not",
        "Moscow",
        "in",
        "Kerry",
        "'s",
        "backed",
        "by",
        "which",
        "who",
        "meeting",
        "with",
        "and",
        "on",
        "Monday",
        "retake",
        "from",
        "no",
        "\"",
        "resume",
        "fought",
        "their",
        "way",
        "into",
        "(",
        ")",
        "is",
        "raging",
        "Talks",
        "due",
        "\n\n",
        "attack",
        "civilians",
        "é",
        "Ünal",
        "killed",
        "250,000",
    ];
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..300 {
        let mut text = String::new();
        let n = (seed % 40) as usize;
        for _ in 0..n {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            text.push_str(vocab[(seed >> 33) as usize % vocab.len()]);
            text.push(' ');
        }
        let doc = Document::new(text);
        let d = NaiveDate::from_ymd_opt(2016, 3, 24);
        let ps = places(&doc, &gaz);
        let ts = find_times(&doc.text, d);
        let ev = find_events(&doc, &ps, &ts, d, &gaz);
        for (i, e) in ev.iter().enumerate() {
            assert_eq!(e.id, i);
            assert!(doc.text.get(e.trigger.range()).is_some());
            assert!(e.place.is_none_or(|p| p < ps.len()));
            assert!(e.time.is_none_or(|t| t < ts.len()));
        }
    }
}
