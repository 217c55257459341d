//! The bundled gazetteer: the names the issue lists, namesakes, folding,
//! the overlay and corrupt files.

use std::io::Write;
use std::path::Path;

use sitrep::gazetteer::format::{BuildEntry, encode};
use sitrep::gazetteer::{
    Gazetteer, GazetteerError, MatchKind, Overlay, PlaceId, PlaceKind, fold, haversine_km,
};

fn gaz() -> Gazetteer {
    Gazetteer::bundled().expect("the bundled gazetteer loads")
}

/// `(name looked up, expected first: name, kind, country)`.
macro_rules! first {
    ($test:ident, $query:expr, $name:expr, $kind:expr, $country:expr) => {
        #[test]
        fn $test() {
            let gaz = gaz();
            let found = gaz.lookup($query);
            let best = found
                .first()
                .unwrap_or_else(|| panic!("{} found nothing", $query));
            assert_eq!(
                (best.place.name, best.place.kind, best.place.country),
                ($name, $kind, Some($country)),
                "{}: {:#?}",
                $query,
                &found[..found.len().min(4)]
            );
        }
    };
}

use PlaceKind::{Admin1, Country, Populated, Region};

first!(palmyra_is_tadmur, "Palmyra", "Tadmur", Populated, "SY");
first!(raqqa_is_the_city, "Raqqa", "Ar Raqqah", Populated, "SY");
first!(moscow_is_russian, "Moscow", "Moscow", Populated, "RU");
first!(geneva_is_swiss, "Geneva", "Geneva", Populated, "CH");
first!(damascus_is_syrian, "Damascus", "Damascus", Populated, "SY");
first!(
    washington_is_the_capital,
    "Washington",
    "Washington",
    Populated,
    "US"
);
first!(syria, "Syria", "Syria", Country, "SY");
first!(britain, "Britain", "United Kingdom", Country, "GB");
first!(uk_abbreviation, "U.K.", "United Kingdom", Country, "GB");
first!(us_abbreviation, "U.S.", "United States", Country, "US");
first!(homs_is_the_city, "Homs", "Homs", Populated, "SY");
first!(
    tripoli_is_libyan_first,
    "Tripoli",
    "Tripoli",
    Populated,
    "LY"
);
first!(georgia_is_the_country, "Georgia", "Georgia", Country, "GE");
first!(kiev_is_kyiv, "Kiev", "Kyiv", Populated, "UA");
first!(aleppo, "Aleppo", "Aleppo", Populated, "SY");
first!(donbas_region, "Donbass", "Donbas", Region, "UA");

#[test]
fn palmyra_lists_the_american_namesakes_after_tadmur() {
    let gaz = gaz();
    let found = gaz.lookup("Palmyra");
    assert_eq!(found[0].place.name, "Tadmur");
    let us: Vec<_> = found
        .iter()
        .filter(|c| c.place.country == Some("US"))
        .map(|c| c.place.admin1.unwrap_or("?"))
        .collect();
    assert!(us.len() >= 4, "American Palmyras: {us:?}");
    assert!(us.contains(&"New York"), "{us:?}");
    // Places that only once bore the name do not come before the Palmyras.
    assert!(
        found[1..].iter().all(|c| c.place.name == "Palmyra"),
        "{found:#?}"
    );
}

#[test]
fn namesakes_are_present_but_ranked_below() {
    let gaz = gaz();
    for (query, namesake_country, namesake_admin1) in [
        ("Moscow", "US", "Idaho"),
        ("Geneva", "US", "Illinois"),
        ("Palmyra", "US", "New York"),
        ("Damascus", "US", "Oregon"),
    ] {
        let found = gaz.lookup(query);
        let pos = found
            .iter()
            .position(|c| {
                c.place.country == Some(namesake_country) && c.place.admin1 == Some(namesake_admin1)
            })
            .unwrap_or_else(|| panic!("{query}, {namesake_admin1} is missing"));
        assert!(pos > 0, "{query}, {namesake_admin1} ranked first");
    }
}

#[test]
fn tripoli_lists_libya_and_lebanon() {
    let gaz = gaz();
    let countries: Vec<_> = gaz
        .lookup("Tripoli")
        .iter()
        .map(|c| c.place.country)
        .collect();
    assert!(countries.contains(&Some("LY")) && countries.contains(&Some("LB")));
}

#[test]
fn washington_state_is_a_candidate_too() {
    let gaz = gaz();
    let found = gaz.lookup("Washington");
    assert!(
        found
            .iter()
            .any(|c| c.place.kind == Admin1 && c.place.country == Some("US"))
    );
    assert!(found[0].place.capital);
}

#[test]
fn demonyms_resolve_to_their_country() {
    let gaz = gaz();
    for (adj, code) in [
        ("Syrian", "SY"),
        ("Russian", "RU"),
        ("British", "GB"),
        ("American", "US"),
    ] {
        let found = gaz.lookup(adj);
        let best = found
            .first()
            .unwrap_or_else(|| panic!("{adj} found nothing"));
        assert_eq!(
            (best.place.kind, best.place.country, best.matched),
            (Country, Some(code), MatchKind::Demonym),
            "{adj}"
        );
    }
}

#[test]
fn middle_east_is_a_region_with_an_extent() {
    let gaz = gaz();
    let best = gaz.lookup("Middle East")[0].place;
    assert_eq!(best.kind, Region);
    let bbox = best.bbox.expect("regions have an extent");
    assert!(
        bbox.contains(33.5, 36.3),
        "Damascus lies in the Middle East"
    );
    assert!(!bbox.contains(48.85, 2.35), "Paris does not");
}

#[test]
fn spellings_fold_to_one_place() {
    let gaz = gaz();
    for spelling in ["Ar-Raqqah", "Ar Raqqah", "Raqqah", "AR RAQQAH", "ar-raqqa"] {
        let best = gaz.lookup(spelling);
        assert_eq!(
            best.first().map(|c| c.place.geonameid),
            Some(Some(172_955)),
            "{spelling}"
        );
    }
    assert_eq!(
        gaz.lookup("Ḩamāh")[0].place.geonameid,
        gaz.lookup("Hamah")[0].place.geonameid
    );
}

#[test]
fn codes_do_not_match_on_their_own() {
    let gaz = gaz();
    // IATA codes of Moscow and Palmyra airports are not names.
    for code in ["MOW", "PMS"] {
        assert!(
            gaz.lookup(code).iter().all(|c| {
                c.place.geonameid != Some(524_901) && c.place.geonameid != Some(163_808)
            }),
            "{code}"
        );
    }
}

#[test]
fn countries_have_points_and_extents() {
    let gaz = gaz();
    for code in ["SY", "RU", "US", "GB", "FJ", "XK"] {
        let c = gaz
            .country(code)
            .unwrap_or_else(|| panic!("{code} missing"));
        let bbox = c.bbox.unwrap_or_else(|| panic!("{code} has no extent"));
        assert!(
            bbox.contains(c.lat, c.lon),
            "{code}: point {},{} outside {bbox:?}",
            c.lat,
            c.lon
        );
    }
    // Russia's extent crosses the antimeridian, so Chukotka is inside.
    assert!(
        gaz.country("RU")
            .unwrap()
            .bbox
            .unwrap()
            .contains(66.0, 179.5)
    );
}

#[test]
fn admin1_regions_have_names_and_points() {
    let gaz = gaz();
    let homs = gaz
        .lookup("Homs")
        .into_iter()
        .find(|c| c.place.kind == Admin1)
        .expect("the Homs governorate");
    assert_eq!(homs.place.admin1_code, Some("SY.11"));
    let tadmur = gaz.lookup("Palmyra")[0].place;
    assert_eq!(tadmur.admin1, Some("Homs"));
    assert_eq!(tadmur.admin1_code, Some("SY.11"));
}

#[test]
fn get_and_nearest_agree() {
    let gaz = gaz();
    let tadmur = gaz.lookup("Palmyra")[0].place;
    assert_eq!(gaz.get(tadmur.id), Some(tadmur));
    let (near, km) = gaz.nearest(tadmur.lat + 0.01, tadmur.lon).unwrap();
    assert_eq!(near.id, tadmur.id);
    assert!(km < 2.0, "{km}");
    assert!(gaz.nearest(f64::NAN, 0.0).is_none());
}

#[test]
fn nearest_matches_a_brute_force_scan() {
    let gaz = gaz();
    let populated: Vec<_> = (0..gaz.len() as u32)
        .filter_map(|i| gaz.get(PlaceId(i)))
        .filter(|p| p.kind == Populated)
        .collect();
    // Points across the globe, at the poles and the antimeridian.
    let probes = [
        (34.5, 38.3),
        (0.0, 0.0),
        (89.9, 10.0),
        (-89.9, -120.0),
        (-16.5, 179.99),
        (-16.5, -179.99),
        (64.7, -177.5),
        (-45.0, -140.0),
        (71.0, 100.0),
    ];
    for (lat, lon) in probes {
        let best = populated
            .iter()
            .map(|p| (p.id, haversine_km(lat, lon, p.lat, p.lon)))
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .unwrap();
        let (got, km) = gaz.nearest(lat, lon).unwrap();
        assert!(
            (km - best.1).abs() < 1e-6,
            "({lat},{lon}): {} at {km} vs {best:?}",
            got.name
        );
    }
}

// --- the overlay ------------------------------------------------------------

/// Writes `text` to a new file `name` in `dir`.
pub(crate) fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::File::create(&path)
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    path
}

#[test]
fn overlay_adds_places_and_names_and_reports_bad_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "mine.csv",
        "name,lat,lon,country,aliases,geonameid,note\n\
         Checkpoint 7,34.55,38.31,SY,CP7|Checkpoint Seven,,east gate\n\
         Camp Nowhere,95,38.0,SY,,,\n\
         Tadmor Old Town,,,,,163808,local spelling\n\
         Half A Place,34.0,,SY,,,\n\
         Bad Country,34.0,38.0,Syria,,,\n\
         Zaytouna,34.61,38.22,sy,,,village missing from GeoNames\n",
    );
    let (overlay, errors) = Overlay::from_path(&path).unwrap();
    let lines: Vec<u64> = errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, vec![3, 5, 6], "{errors:#?}");
    assert!(
        errors[0].to_string().contains("mine.csv:3"),
        "{}",
        errors[0]
    );
    assert!(errors[0].to_string().contains("latitude"), "{}", errors[0]);
    assert_eq!(overlay.len(), 2);

    let gaz = gaz().with_overlay(overlay);
    let cp = gaz.lookup("checkpoint seven");
    assert_eq!(cp[0].place.name, "Checkpoint 7");
    assert_eq!(cp[0].place.kind, PlaceKind::User);
    let local = gaz.lookup("Tadmor Old Town");
    assert_eq!(local[0].place.geonameid, Some(163_808));
    assert_eq!(local[0].matched, MatchKind::Overlay);
    assert_eq!(gaz.lookup("Zaytouna")[0].place.country, Some("SY"));
    // The overlay's places are found by nearest too.
    assert_eq!(gaz.nearest(34.611, 38.221).unwrap().0.name, "Zaytouna");
    // The bundled data is untouched.
    assert_eq!(gaz.lookup("Palmyra")[0].place.name, "Tadmur");
}

#[test]
fn overlay_without_a_name_column_is_a_file_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "bad.csv", "place,lat,lon\nX,1,2\n");
    let err = Overlay::from_path(&path).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("bad.csv") && msg.contains("name"), "{msg}");
    let missing = Overlay::from_path(&dir.path().join("absent.csv")).unwrap_err();
    assert!(missing.to_string().contains("absent.csv"), "{missing}");
}

// --- corrupt files ----------------------------------------------------------

/// A small valid gazetteer file (two entries); also the base of the fuzz
/// regressions' damaged files.
pub(crate) fn tiny_file() -> Vec<u8> {
    let mut a = BuildEntry::new("Ar Raqqah", PlaceKind::Populated, 35.95, 39.01);
    a.country = Some("SY".into());
    a.population = 531_952;
    a.names.push(("Raqqa".into(), MatchKind::Alternate));
    let mut b = BuildEntry::new("Syria", PlaceKind::Country, 34.8, 39.0);
    b.country = Some("SY".into());
    b.names.push(("Syrian".into(), MatchKind::Demonym));
    encode(&[a, b]).unwrap().0
}

#[test]
fn a_tiny_file_round_trips() {
    let gaz = Gazetteer::from_bytes(tiny_file(), "tiny.bin").unwrap();
    assert_eq!(gaz.len(), 2);
    assert_eq!(gaz.lookup("Raqqah")[0].place.name, "Ar Raqqah");
    assert_eq!(gaz.lookup("syrian")[0].matched, MatchKind::Demonym);
    assert_eq!(gaz.country("sy").unwrap().name, "Syria");
}

#[test]
fn corrupt_files_are_typed_errors_naming_the_file() {
    let good = tiny_file();
    // Whether a damaged copy is refused with a typed error naming the file.
    let refused = |what: &str, bytes: Vec<u8>| match Gazetteer::from_bytes(bytes, "broken.bin") {
        // Padding between sections is not covered by a checksum; a flip
        // there changes nothing a reader sees.
        Ok(_) => {
            assert_eq!(what, "flipped");
            false
        }
        Err(e) => {
            let msg = e.to_string();
            assert!(msg.contains("broken.bin"), "{what}: {msg}");
            assert!(
                matches!(
                    e,
                    GazetteerError::Corrupt { .. } | GazetteerError::Version { .. }
                ),
                "{what}: {e:?}"
            );
            true
        }
    };
    assert!(refused("empty", Vec::new()));
    assert!(refused("bad magic", b"NOTAGAZETTEERFILE...".to_vec()));
    assert!(refused("truncated", good[..good.len() / 2].to_vec()));
    let mut version = good.clone();
    version[8] = 99;
    assert!(refused("version", version));
    // Flip one byte all over the file: the checksums must notice. One copy
    // at a time (the file is 260 kB, mostly its town grid: all the copies at
    // once took 22 GB).
    let (mut n, mut refusals) = (0, 0);
    for at in (0..good.len()).step_by(3) {
        let mut flipped = good.clone();
        flipped[at] ^= 0x5A;
        n += 1;
        refusals += usize::from(refused("flipped", flipped));
    }
    assert!(refusals * 10 >= n * 9, "only {refusals} of {n} refused");
}

#[test]
fn a_missing_file_is_an_io_error_naming_it() {
    let err = Gazetteer::open(Path::new("/nonexistent/sitrep.bin")).unwrap_err();
    assert!(matches!(err, GazetteerError::Io { .. }));
    assert!(err.to_string().contains("/nonexistent/sitrep.bin"));
}

#[test]
fn the_bundled_file_with_one_flipped_byte_is_refused() {
    let mut bytes = Gazetteer::bundled_bytes().unwrap().to_vec();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 1;
    let err = Gazetteer::from_bytes(bytes, "copy.bin").unwrap_err();
    assert!(err.to_string().contains("checksum"), "{err}");
}

#[test]
fn fold_is_what_lookup_uses() {
    assert_eq!(fold("Washington, D.C."), "washington dc");
    let gaz = gaz();
    assert_eq!(
        gaz.lookup("washington dc")[0].place.geonameid,
        Some(4_140_963)
    );
}

// --- the second level: counties, districts, state abbreviations, conflict areas

#[test]
fn henry_county_is_a_county_in_each_state_and_tennessees_is_at_paris() {
    let gaz = gaz();
    let found = gaz.lookup("Henry County");
    assert!(found.len() >= 9, "{found:#?}");
    assert!(found.iter().all(|c| c.place.kind == PlaceKind::Admin2));
    let tn = found
        .iter()
        .find(|c| c.place.admin1 == Some("Tennessee"))
        .expect("Henry County, Tennessee");
    assert_eq!(tn.place.country, Some("US"));
    assert_eq!(tn.place.admin1_code, Some("US.TN"));
    // Paris, Tennessee (36.30 N 88.33 W) is the county seat and by far its
    // largest town: the population-weighted point is there.
    let km = haversine_km(tn.place.lat, tn.place.lon, 36.302, -88.326);
    assert!(km < 15.0, "{km} km from Paris, TN");
    // The extent holds the point, and is a county's, not a state's.
    let b = tn.place.bbox.expect("an extent");
    assert!(b.contains(tn.place.lat, tn.place.lon));
    assert!(
        b.max_lat - b.min_lat < 1.0 && b.max_lon - b.min_lon < 1.0,
        "{b:?}"
    );
    // A bare "Henry" is a person: no county answers to it.
    assert!(
        gaz.lookup("Henry")
            .iter()
            .all(|c| c.place.kind != PlaceKind::Admin2)
    );
}

#[test]
fn ap_state_abbreviations_name_the_states() {
    let gaz = gaz();
    for (abbr, state) in [
        ("Tenn.", "Tennessee"),
        ("W.Va.", "West Virginia"),
        ("S.C.", "South Carolina"),
        ("Ind.", "Indiana"),
        ("Ky.", "Kentucky"),
        ("Ill.", "Illinois"),
        ("Calif.", "California"),
        ("D.C.", "District of Columbia"),
    ] {
        let found = gaz.lookup(abbr);
        assert!(
            found.iter().any(|c| c.place.name == state
                && c.place.kind == Admin1
                && c.matched == MatchKind::Abbreviation),
            "{abbr}: {found:#?}"
        );
    }
}

#[test]
fn conflict_areas_have_a_point_inside_their_extent() {
    let gaz = gaz();
    for (name, country, lat, lon) in [
        // Douma, the main town of Eastern Ghouta.
        ("Eastern Ghouta", "SY", 33.57, 36.40),
        // Nalchik, the capital of Kabardino-Balkaria.
        ("Kabardino-Balkaria", "RU", 43.49, 43.61),
        // Kasserine, the town below Mount Chaambi.
        ("Mount Chaambi", "TN", 35.17, 8.83),
    ] {
        let p = gaz.lookup(name)[0].place;
        assert_eq!((p.kind, p.country), (Region, Some(country)), "{name}");
        assert!(p.bbox.is_some_and(|b| b.contains(p.lat, p.lon)), "{name}");
        let km = haversine_km(p.lat, p.lon, lat, lon);
        assert!(km < 50.0, "{name}: {km} km from its main town");
    }
}

#[test]
fn north_darfur_is_the_northern_darfur_state() {
    let gaz = gaz();
    let p = gaz.lookup("North Darfur")[0].place;
    assert_eq!(
        (p.name, p.kind, p.country),
        ("Northern Darfur", Admin1, Some("SD"))
    );
}
