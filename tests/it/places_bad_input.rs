//! Places under the inputs the places issue lists as bad: an overlay naming
//! a county that does not exist, a 10,000-name overlay, a name of 2,000
//! characters, and a text that is one long list of place names. Each gets a
//! clear message or a whole result; nothing panics or loads half-way.

use crate::cli_harness::{assert_ok, sitrep};
use crate::gazetteer::write;

use sitrep::analysis::{Analysis, DateHint};
use sitrep::gazetteer::{Gazetteer, Overlay, PlaceKind};

#[test]
fn an_overlay_naming_a_county_that_does_not_exist_says_so_and_keeps_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "counties.csv",
        "name,lat,lon,country,aliases,geonameid\n\
         Nowhere County,,,US,,999999999\n\
         Camp Henry,36.30,-88.33,US,,\n",
    );
    // The row reads (an alias row is a name and an id), but its id names
    // nothing the gazetteer holds: the overlay says which, and the other
    // row is in.
    let (overlay, errors) = Overlay::from_path(&path).unwrap();
    assert!(errors.is_empty(), "{errors:?}");
    let gaz = Gazetteer::bundled().unwrap().with_overlay(overlay);
    assert_eq!(gaz.overlay().unresolved_aliases(), vec![999_999_999]);
    assert!(gaz.lookup("Nowhere County").is_empty());
    assert_eq!(gaz.lookup("Camp Henry")[0].place.kind, PlaceKind::User);

    let out = sitrep()
        .args(["places", "--overlay"])
        .arg(&path)
        .args(["Nowhere County", "Camp Henry"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("counties.csv") && err.contains("geonameid 999999999 is not in the gazetteer"),
        "{err}"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("Camp Henry"), "{stdout}");
}

#[test]
fn a_ten_thousand_name_overlay_loads_whole() {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from("name,lat,lon,country\n");
    for i in 0..10_000 {
        let (lat, lon) = (
            30.0 + f64::from(i % 100) * 0.01,
            40.0 + f64::from(i / 100) * 0.01,
        );
        csv.push_str(&format!("Outpost {i:05},{lat:.2},{lon:.2},SY\n"));
    }
    let path = write(dir.path(), "outposts.csv", &csv);
    let (overlay, errors) = Overlay::from_path(&path).unwrap();
    assert!(errors.is_empty());
    assert_eq!(overlay.len(), 10_000);
    let gaz = Gazetteer::bundled().unwrap().with_overlay(overlay);
    for i in [0, 4_999, 9_999] {
        let found = gaz.lookup(&format!("Outpost {i:05}"));
        assert_eq!(found.len(), 1, "Outpost {i:05}");
        assert_eq!(found[0].place.name, format!("Outpost {i:05}"));
    }
    // The overlay's places are in the text's analysis too.
    let a = Analysis::run(
        "t",
        "Shelling hit Outpost 09999 near Palmyra on Monday.".to_owned(),
        DateHint::Detect,
        None,
        &gaz,
    );
    let names: Vec<&str> = a
        .places
        .mentions
        .iter()
        .filter_map(|m| m.place.and_then(|id| gaz.get(id)))
        .map(|p| p.name)
        .collect();
    assert_eq!(names, ["Outpost 09999", "Tadmur"]);
}

#[test]
fn a_name_of_two_thousand_characters_is_a_name_like_any_other() {
    let long = "Qaryat ".repeat(285) + "Al";
    assert_eq!(long.chars().count(), 1_997);
    let gaz = Gazetteer::bundled().unwrap();
    assert!(gaz.lookup(&long).is_empty());

    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "long.csv",
        &format!("name,lat,lon\n{long},34.5,38.3\n"),
    );
    let (overlay, errors) = Overlay::from_path(&path).unwrap();
    assert!(errors.is_empty());
    let gaz = gaz.with_overlay(overlay);
    assert_eq!(gaz.lookup(&long)[0].place.name, long);

    let out = sitrep().args(["places", &long]).output().unwrap();
    assert_ok(&out);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}

/// The list's names, each a city the reporting names and the gazetteer
/// holds (some only under another primary name: Fallujah is "Al Fallujah",
/// Odessa "Odesa").
const LIST: [&str; 12] = [
    "Aleppo", "Homs", "Raqqa", "Fallujah", "Mosul", "Hama", "Odessa", "Kabul", "Sanaa", "Benghazi",
    "Donetsk", "Damascus",
];

#[test]
fn a_text_that_is_one_long_list_of_place_names_finds_every_name() {
    let gaz = Gazetteer::bundled().unwrap();
    // 2,400 names in one sentence. Its longer words are all capitalised, yet
    // it is no headline: it ends with a full stop.
    let names: Vec<&str> = LIST.iter().copied().cycle().take(2_400).collect();
    let a = Analysis::run(
        "list",
        format!("{}.", names.join(", ")),
        DateHint::Detect,
        None,
        &gaz,
    );
    let found: Vec<&str> = a
        .places
        .mentions
        .iter()
        .map(|m| &a.doc.text[m.span.range()])
        .collect();
    assert_eq!(found, names);
    assert!(a.places.mentions.iter().all(|m| m.place.is_some()));
}
