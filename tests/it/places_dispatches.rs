//! The place finder against the golden places of `tests/dispatches/`, and
//! against the seed article in `../shared/seeds/` when it is present.

use std::path::Path;

use serde_json::Value;
use sitrep::gazetteer::{Gazetteer, PlaceKind, haversine_km};
use sitrep::places::{PlaceAnalysis, find_places};
use sitrep::text::Document;

/// Share of golden places (and of not-places) that must come out right.
const MIN_PASS_RATE: f64 = 0.95;

fn analyse(text: &str) -> (Document, PlaceAnalysis) {
    let doc = Document::new(text.to_owned());
    let found = find_places(&doc, &Gazetteer::bundled().unwrap());
    (doc, found)
}

fn char_spans(doc: &Document, found: &PlaceAnalysis) -> Vec<(usize, usize)> {
    found
        .mentions
        .iter()
        .map(|m| doc.char_span(m.span))
        .collect()
}

/// Char offsets of every whole-word, case-sensitive occurrence of `needle`.
fn occurrences(text: &str, needle: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find(needle) {
        let s = from + i;
        let e = s + needle.len();
        let before = text[..s].chars().next_back();
        let after = text[e..].chars().next();
        if !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric) {
            out.push((text[..s].chars().count(), text[..e].chars().count()));
        }
        from = e;
    }
    out
}

fn kind_label(k: PlaceKind) -> &'static str {
    match k {
        PlaceKind::Populated => "city",
        PlaceKind::Admin1 | PlaceKind::Admin2 => "admin1",
        PlaceKind::Country => "country",
        PlaceKind::Region | PlaceKind::User => "region",
    }
}

#[test]
fn dispatch_goldens() {
    let gaz = Gazetteer::bundled().unwrap();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/dispatches");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| {
            let p = e.ok()?.path();
            (p.extension()? == "txt").then_some(p)
        })
        .collect();
    names.sort();
    let (mut pass, mut total) = (0usize, 0usize);
    let mut failures = Vec::new();
    let mut extra = 0usize;
    for txt in names {
        let expect = txt.with_extension("expect.json");
        let Ok(golden) = std::fs::read_to_string(&expect) else {
            continue;
        };
        let golden: Value = serde_json::from_str(&golden).unwrap();
        let text = std::fs::read_to_string(&txt).unwrap();
        let (doc, found) = analyse(&text);
        let spans = char_spans(&doc, &found);
        let stem = txt.file_stem().unwrap().to_string_lossy().into_owned();
        let mut matched = vec![false; spans.len()];
        for g in golden["places"].as_array().unwrap() {
            total += 1;
            let gtext = g["text"].as_str().unwrap();
            let start = g["start"].as_u64().unwrap() as usize;
            let end = start + gtext.chars().count();
            let hit = spans.iter().position(|&(s, e)| s < end && start < e);
            let Some(i) = hit else {
                failures.push(format!("{stem}: missed {gtext:?} at {start}"));
                continue;
            };
            matched[i] = true;
            let m = &found.mentions[i];
            let Some(p) = m.place.and_then(|id| gaz.get(id)) else {
                failures.push(format!("{stem}: {gtext:?} at {start} unresolved"));
                continue;
            };
            let want_kind = g["kind"].as_str().unwrap_or("");
            let ok = match g["country"].as_str() {
                Some(c) if want_kind == "city" => match (g["lat"].as_f64(), g["lon"].as_f64()) {
                    (Some(lat), Some(lon)) => haversine_km(lat, lon, p.lat, p.lon) <= 50.0,
                    _ => p.country == Some(c),
                },
                Some(c) => p.country == Some(c),
                None => kind_label(p.kind) == "region" || p.country.is_none(),
            };
            if ok {
                pass += 1;
            } else {
                failures.push(format!(
                    "{stem}: {gtext:?} at {start} -> {} ({:?}, {}) want {:?} {want_kind} [{}]",
                    p.name,
                    p.country,
                    kind_label(p.kind),
                    g["country"],
                    m.reason
                ));
            }
        }
        for np in golden["not_places"].as_array().unwrap() {
            let occ = match np {
                Value::String(s) => occurrences(&text, s),
                v => {
                    let s = v["text"].as_str().unwrap();
                    let st = v["start"].as_u64().unwrap() as usize;
                    vec![(st, st + s.chars().count())]
                }
            };
            let label = np.as_str().or_else(|| np["text"].as_str()).unwrap_or("");
            for (s, e) in occ {
                total += 1;
                if spans.iter().any(|&(a, b)| a < e && s < b) {
                    failures.push(format!("{stem}: not a place, but found: {label:?} at {s}"));
                } else {
                    pass += 1;
                }
            }
        }
        for (i, &(s, e)) in spans.iter().enumerate() {
            if !matched[i] {
                let t = &doc.text[found.mentions[i].span.range()];
                let known = failures.iter().any(|f| f.contains(&format!("at {s}")));
                if !known {
                    extra += 1;
                    eprintln!("{stem}: extra mention {t:?} at {s}..{e}");
                }
            }
        }
    }
    for f in &failures {
        eprintln!("{f}");
    }
    let rate = pass as f64 / total.max(1) as f64;
    eprintln!(
        "dispatch places: {pass}/{total} right ({:.1}%), {} failures, {extra} extra mentions",
        rate * 100.0,
        failures.len()
    );
    assert!(
        rate >= MIN_PASS_RATE,
        "pass rate {rate:.3} below {MIN_PASS_RATE}"
    );
}

#[test]
fn seed_article() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/seeds/kerry-moscow-syria-2016-03-24.txt");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("seed article {} not present: skipped", path.display());
        return;
    };
    let gaz = Gazetteer::bundled().unwrap();
    let (doc, found) = analyse(&text);
    let at = |surface: &str| -> Vec<&sitrep::places::PlaceMention> {
        found
            .mentions
            .iter()
            .filter(|m| &doc.text[m.span.range()] == surface)
            .collect()
    };
    let resolved = |surface: &str, name: &str, country: &str| {
        let ms = at(surface);
        assert!(!ms.is_empty(), "{surface} not found");
        for m in ms {
            let p = gaz.get(m.place.unwrap()).unwrap();
            assert_eq!(
                (p.name, p.country),
                (name, Some(country)),
                "{surface}: {}",
                m.reason
            );
        }
    };
    resolved("Palmyra", "Tadmur", "SY");
    resolved("Palmrya", "Tadmur", "SY");
    assert!(at("Palmrya").iter().all(|m| m.fuzzy));
    resolved("Raqqa", "Ar Raqqah", "SY");
    resolved("Moscow", "Moscow", "RU");
    resolved("Geneva", "Geneva", "CH");
    resolved("Damascus", "Damascus", "SY");
    // GeoNames calls the capital "Washington" (the golden files "Washington, D.C.").
    for m in at("Washington") {
        let p = gaz.get(m.place.unwrap()).unwrap();
        assert!(
            haversine_km(p.lat, p.lon, 38.90, -77.04) < 50.0,
            "Washington: {} {:?} ({})",
            p.name,
            p.country,
            m.reason
        );
    }
    assert!(
        at("Washington").iter().any(|m| m.metonymy),
        "Washington believes"
    );
    assert!(at("Damascus").iter().any(|m| m.metonymy), "nudge Damascus");
    resolved("Syria", "Syria", "SY");
    resolved("Russia", "Russia", "RU");
    resolved("United States", "United States", "US");
    resolved("Britain", "United Kingdom", "GB");
    for adj in ["Syrian", "Russian", "U.S."] {
        let ms = at(adj);
        assert!(!ms.is_empty(), "{adj} not found");
        assert!(ms.iter().all(|m| m.adjectival), "{adj} adjectival");
    }
    for not in [
        "Kerry",
        "Putin",
        "Lavrov",
        "Assad",
        "Islamic State",
        "U.N.",
        "Reuters",
        "SANA",
        "Ikhbariya",
        "UNESCO",
        "Daesh",
        "Thursday",
    ] {
        for (s, e) in occurrences(&text, not) {
            let hit = found.mentions.iter().find(|m| {
                let (a, b) = doc.char_span(m.span);
                a < e && s < b
            });
            assert!(hit.is_none(), "{not} at {s} reported as a place");
        }
    }
}

/// The place each occurrence of `needle` in `text` resolves to.
fn resolved<'g>(gaz: &'g Gazetteer, text: &str, needle: &str) -> Vec<sitrep::gazetteer::Place<'g>> {
    let doc = Document::new(text.to_owned());
    let found = find_places(&doc, gaz);
    found
        .mentions
        .iter()
        .filter(|m| doc.text[m.span.range()].starts_with(needle))
        .filter_map(|m| m.place.and_then(|id| gaz.get(id)))
        .collect()
}

#[test]
fn a_state_abbreviation_qualifies_the_town_before_it() {
    let gaz = Gazetteer::bundled().unwrap();
    let text = "KNOXVILLE, Tenn. (AP) - Floods closed roads in Knoxville, Tenn., on Monday.";
    let knox = resolved(&gaz, text, "Knoxville");
    assert_eq!(knox.len(), 1, "{knox:#?}");
    assert_eq!(
        (knox[0].admin1, knox[0].country),
        (Some("Tennessee"), Some("US"))
    );
    let tenn = resolved(&gaz, text, "Tenn");
    assert!(
        !tenn.is_empty() && tenn.iter().all(|p| p.name == "Tennessee"),
        "{tenn:#?}"
    );
}

#[test]
fn a_state_abbreviation_needs_its_period() {
    let gaz = Gazetteer::bundled().unwrap();
    let text = "I'll go to Mass in La Paz. She fell Ill after the trip. Wash the car in PA.";
    for word in ["I'll", "Mass", "Ill", "Wash", "PA"] {
        let got = resolved(&gaz, text, word);
        assert!(
            got.iter()
                .all(|p| p.kind != PlaceKind::Admin1 || p.country != Some("US")),
            "{word}: {got:#?}"
        );
    }
}

#[test]
fn henry_county_is_a_county_and_its_state_picks_it() {
    let gaz = Gazetteer::bundled().unwrap();
    let got = resolved(
        &gaz,
        "Floods hit Henry County, Tennessee, on Monday.",
        "Henry County",
    );
    assert_eq!(got.len(), 1, "{got:#?}");
    assert_eq!(got[0].kind, PlaceKind::Admin2);
    assert_eq!(got[0].admin1, Some("Tennessee"));
    // Paris, Tennessee, the county seat.
    assert!(haversine_km(got[0].lat, got[0].lon, 36.302, -88.326) < 15.0);
    let got = resolved(
        &gaz,
        "Floods hit Henry County, Ky., on Monday.",
        "Henry County",
    );
    assert_eq!(got.first().and_then(|p| p.admin1), Some("Kentucky"));
}

#[test]
fn a_lone_district_name_needs_to_read_as_a_place() {
    let gaz = Gazetteer::bundled().unwrap();
    // Gourma is a province of Burkina Faso (an admin-2 unit) and a surname-like word.
    let got = resolved(
        &gaz,
        "Gunmen attacked Boungou (Fada Ngourma, Gourma) on Friday.",
        "Gourma",
    );
    assert_eq!(
        got.first().map(|p| (p.kind, p.country)),
        Some((PlaceKind::Admin2, Some("BF")))
    );
    let got = resolved(
        &gaz,
        "The family of Charlie Gard spoke to reporters.",
        "Gard",
    );
    assert!(got.is_empty(), "{got:#?}");
}

#[test]
fn mazar_e_sharif_is_kept_whole() {
    let gaz = Gazetteer::bundled().unwrap();
    let doc = Document::new("Fighting was reported in Mazar-e Sharif on Sunday.".to_owned());
    let found = find_places(&doc, &gaz);
    let names: Vec<&str> = found
        .mentions
        .iter()
        .map(|m| &doc.text[m.span.range()])
        .collect();
    assert_eq!(names, vec!["Mazar-e Sharif"]);
    let p = gaz.get(found.mentions[0].place.unwrap()).unwrap();
    assert_eq!(p.country, Some("AF"));
}
