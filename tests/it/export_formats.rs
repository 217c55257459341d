//! Every export format written from the sample and read back with a real
//! parser: counts, fields, coordinates (lon/lat order), quoting, corrections,
//! the filter, refusal to overwrite, atomic failure and byte-identical
//! re-exports.

use std::path::Path;

use sitrep::analysis::{Analysis, DateHint};
use sitrep::events::{ActorCategory, EventType, Status, SubType};
use sitrep::export::{self, EventRow, ExportError, Filter, Format, PlaceInfo, Source, Table};
use sitrep::gazetteer::{Gazetteer, PlaceKind};
use sitrep::project::{SavedDispatch, Session};
use sitrep::time::Precision;
use sitrep::view::corrections::{CharSpan, Correction, char_span};

pub const SAMPLE: &str = include_str!("../../assets/sample-dispatch.txt");

fn table_of(gaz: &Gazetteer, analyses: &[Analysis], filter: &Filter) -> Table {
    let sources: Vec<Source<'_>> = analyses
        .iter()
        .map(|a| Source {
            name: &a.id,
            analysis: a,
        })
        .collect();
    Table::build(&sources, gaz, filter)
}

fn sample_table(gaz: &Gazetteer) -> Table {
    let a = Analysis::run("sample", SAMPLE.to_owned(), DateHint::Detect, None, gaz);
    table_of(gaz, &[a], &Filter::default())
}

fn write(format: Format, table: &Table, dir: &Path, name: &str) -> Vec<u8> {
    let path = dir.join(name);
    export::write(format, table, &path, false).unwrap();
    std::fs::read(&path).unwrap()
}

/// The row of the place whose name starts with `prefix` (gazetteer spellings
/// vary: "Ar Raqqah").
fn place<'t>(t: &'t Table, prefix: &str) -> &'t PlaceInfo {
    &t.places
        .iter()
        .find(|r| r.place.name.starts_with(prefix))
        .unwrap_or_else(|| panic!("no {prefix} in {:?}", t.places))
        .place
}

#[test]
fn geojson_is_rfc7946_with_lon_lat_order() {
    let gaz = Gazetteer::bundled().unwrap();
    let t = sample_table(&gaz);
    let dir = tempfile::tempdir().unwrap();
    let bytes = write(Format::GeoJson, &t, dir.path(), "s.geojson");
    let fc: geojson::FeatureCollection = std::str::from_utf8(&bytes).unwrap().parse().unwrap();
    let located = t.events.iter().filter(|e| e.place.is_some()).count();
    assert!(located > 0);
    assert_eq!(fc.features.len(), located + t.places.len());
    let kind = |f: &geojson::Feature| {
        f.property("feature")
            .and_then(|v| v.as_str())
            .map(str::to_owned)
    };
    let events: Vec<_> = fc
        .features
        .iter()
        .filter(|f| kind(f).as_deref() == Some("event"))
        .collect();
    assert_eq!(events.len(), located);
    // Raqqa is at about 35.95 N, 39.01 E: longitude comes first.
    let raqqa = place(&t, "Ar Raqqah");
    assert!(
        (raqqa.lat - 35.95).abs() < 0.05 && (raqqa.lon - 39.01).abs() < 0.05,
        "{raqqa:?}"
    );
    let f = fc
        .features
        .iter()
        .find(|f| {
            kind(f).as_deref() == Some("place")
                && f.property("place") == Some(&raqqa.name.clone().into())
        })
        .unwrap();
    let geojson::GeometryValue::Point { coordinates } = &f.geometry.as_ref().unwrap().value else {
        panic!("not a point");
    };
    assert!((coordinates[0] - raqqa.lon).abs() < 1e-6 && (coordinates[1] - raqqa.lat).abs() < 1e-6);
    // Event properties carry what the table has.
    let e = t.events.iter().find(|e| e.place.is_some()).unwrap();
    let f = events
        .iter()
        .find(|f| f.property("event_id") == Some(&e.id.clone().into()))
        .unwrap();
    assert_eq!(f.property("event_type").unwrap(), e.kind.id());
    assert_eq!(f.property("sentence").unwrap(), e.sentence.as_str());
    assert_eq!(
        f.property("place").unwrap(),
        e.place.as_ref().unwrap().name.as_str()
    );
    for key in [
        "status",
        "actors",
        "geonameid",
        "country",
        "admin1",
        "begin",
        "end",
        "precision",
        "source",
        "confidence",
    ] {
        assert!(f.contains_property(key), "{key}");
    }
    assert!(
        fc.foreign_members.unwrap()["attribution"]
            .as_str()
            .unwrap()
            .contains("GeoNames")
    );
}

#[test]
fn csv_has_the_acled_columns_and_one_row_per_event() {
    let gaz = Gazetteer::bundled().unwrap();
    let t = sample_table(&gaz);
    let dir = tempfile::tempdir().unwrap();
    let bytes = write(Format::Csv, &t, dir.path(), "s.csv");
    let mut r = csv::Reader::from_reader(bytes.as_slice());
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    // ACLED's own column names, in ACLED's order.
    assert_eq!(
        header,
        [
            "event_date",
            "time_precision",
            "disorder_type",
            "event_type",
            "sub_event_type",
            "actor1",
            "inter1",
            "actor2",
            "inter2",
            "country",
            "admin1",
            "admin2",
            "location",
            "latitude",
            "longitude",
            "geo_precision",
            "source",
            "notes",
            "fatalities"
        ]
    );
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), t.events.len());
    for (row, e) in rows.iter().zip(&t.events) {
        // ACLED's values: its event type and sub-event type of the event's
        // sub-type, "Strategic developments / Other" where ACLED codes none.
        let (disorder, kind, sub) = e.sub_type.acled().map_or(
            ("Strategic developments", "Strategic developments", "Other"),
            |a| (a.disorder_type, a.event_type, a.sub_event_type),
        );
        assert_eq!(
            (
                &row[col("disorder_type")],
                &row[col("event_type")],
                &row[col("sub_event_type")]
            ),
            (disorder, kind, sub)
        );
        assert!(row[col("notes")].starts_with(&e.sentence));
        assert!(row[col("notes")].contains(&format!("[sitrep: {}", e.sub_type.id())));
        let (lat, lon, geo) = (col("latitude"), col("longitude"), col("geo_precision"));
        match &e.place {
            Some(p) => {
                assert!((row[lat].parse::<f64>().unwrap() - p.lat).abs() < 1e-6);
                assert!((row[lon].parse::<f64>().unwrap() - p.lon).abs() < 1e-6);
                assert_eq!(&row[col("location")], p.name);
                let want = match p.kind {
                    PlaceKind::Populated | PlaceKind::User => "1",
                    PlaceKind::Admin1 | PlaceKind::Admin2 => "2",
                    PlaceKind::Country | PlaceKind::Region => "3",
                };
                assert_eq!(&row[geo], want, "{p:?}");
            }
            None => assert!(row[lat].is_empty() && row[lon].is_empty() && row[geo].is_empty()),
        }
        match e.begin {
            Some(b) => {
                assert_eq!(&row[0], b.format("%Y-%m-%d").to_string());
                let want = match e.precision {
                    Precision::Day => "1",
                    Precision::Week => "2",
                    _ => "3",
                };
                assert_eq!(&row[1], want);
            }
            None => assert!(row[0].is_empty() && row[1].is_empty()),
        }
    }
}

fn tricky_row(sentence: &str) -> EventRow {
    EventRow {
        id: "a,b#0".into(),
        source: "a \"quoted\", file.txt".into(),
        kind: EventType::Battle,
        sub_type: SubType::default_for(EventType::Battle),
        status: Status::Planned,
        actors: vec![
            "rebels, \"the\" <north>".into(),
            "army".into(),
            "militia".into(),
        ],
        actor_categories: vec![
            Some(ActorCategory::RebelGroup),
            Some(ActorCategory::StateForces),
            None,
        ],
        fatalities: Some(3),
        place: Some(PlaceInfo {
            name: "Town & <Village>".into(),
            geonameid: Some(1),
            kind: PlaceKind::Populated,
            country: Some("SY".into()),
            country_name: Some("Syria".into()),
            admin1: None,
            lat: 34.5,
            lon: -0.25,
        }),
        begin: chrono::NaiveDate::from_ymd_opt(2017, 10, 1),
        end: chrono::NaiveDate::from_ymd_opt(2017, 10, 31),
        precision: Precision::Month,
        trigger: "fought".into(),
        sentence: sentence.into(),
        sentence_start: 0,
        sentence_end: sentence.chars().count(),
        confidence: 0.5,
    }
}

#[test]
fn csv_quotes_commas_quotes_and_newlines() {
    let sentence = "They said, \"we fought\"\nthen left; 5,000 fled.";
    let t = Table {
        events: vec![tricky_row(sentence)],
        places: vec![],
        sources: vec![("a \"quoted\", file.txt".into(), None)],
    };
    let dir = tempfile::tempdir().unwrap();
    let bytes = write(Format::Csv, &t, dir.path(), "t.csv");
    let mut r = csv::Reader::from_reader(bytes.as_slice());
    let row = r.records().next().unwrap().unwrap();
    assert_eq!(
        &row[17],
        format!("{sentence} [sitrep: armed_clash, planned]")
    );
    assert_eq!(&row[16], "a \"quoted\", file.txt");
    assert_eq!(
        (&row[2], &row[3], &row[4]),
        ("Political violence", "Battles", "Armed clash")
    );
    assert_eq!((&row[5], &row[6]), ("rebels, \"the\" <north>", "2"));
    assert_eq!((&row[7], &row[8]), ("army; militia", "1"));
    assert_eq!((&row[0], &row[1]), ("2017-10-01", "3"));
    assert_eq!((&row[13], &row[14]), ("34.5", "-0.25"));
    assert_eq!(&row[18], "3");
    assert!(r.records().next().is_none());
}

#[test]
fn kml_escapes_and_carries_time_and_styles() {
    let gaz = Gazetteer::bundled().unwrap();
    let t = Table {
        events: vec![tricky_row("A < B & \"C\" > D")],
        places: vec![],
        sources: vec![("x".into(), None)],
    };
    let dir = tempfile::tempdir().unwrap();
    let kml = String::from_utf8(write(Format::Kml, &t, dir.path(), "t.kml")).unwrap();
    assert!(kml.contains("xmlns=\"http://www.opengis.net/kml/2.2\""));
    assert!(kml.contains("A &lt; B &amp; &quot;C&quot; &gt; D"), "{kml}");
    assert!(kml.contains("Town &amp; &lt;Village&gt;"));
    assert!(!kml.contains("<Village>") && !kml.contains("<north>"));
    assert!(kml.contains("<TimeSpan><begin>2017-10-01</begin><end>2017-10-31</end></TimeSpan>"));
    assert!(kml.contains("<coordinates>-0.25,34.5</coordinates>"));
    assert!(kml.contains("<styleUrl>#battle</styleUrl>"));
    assert_eq!(kml.matches("<Style id=").count(), EventType::ALL.len() + 1);
    // Every element opened is closed (a cheap well-formedness check; GDAL
    // parses the real thing in export_cli).
    for tag in [
        "Placemark",
        "Folder",
        "ExtendedData",
        "Data",
        "Document",
        "kml",
    ] {
        assert_eq!(
            kml.matches(&format!("<{tag}>")).count() + kml.matches(&format!("<{tag} ")).count(),
            kml.matches(&format!("</{tag}>")).count(),
            "{tag}"
        );
    }

    let sample = sample_table(&gaz);
    let kml = String::from_utf8(write(Format::Kml, &sample, dir.path(), "s.kml")).unwrap();
    let located = sample.events.iter().filter(|e| e.place.is_some()).count();
    assert_eq!(
        kml.matches("<Placemark").count(),
        located + sample.places.len()
    );
    let day = sample
        .events
        .iter()
        .find(|e| e.place.is_some() && e.precision == Precision::Day && e.begin.is_some())
        .unwrap();
    assert!(kml.contains(&format!(
        "<TimeStamp><when>{}</when></TimeStamp>",
        day.begin.unwrap()
    )));
}

#[test]
fn geopackage_opens_as_sqlite_with_the_gpkg_tables() {
    let gaz = Gazetteer::bundled().unwrap();
    let t = sample_table(&gaz);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.gpkg");
    export::write(Format::Gpkg, &t, &path, false).unwrap();
    let db = rusqlite::Connection::open(&path).unwrap();
    let pragma = |p: &str| -> i64 {
        db.query_row(&format!("PRAGMA {p}"), [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(pragma("application_id"), 0x4750_4B47);
    assert_eq!(pragma("user_version"), 10300);
    let srs: Vec<i64> = db
        .prepare("SELECT srs_id FROM gpkg_spatial_ref_sys ORDER BY srs_id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(srs, [-1, 0, 4326]);
    let count = |q: &str| -> i64 { db.query_row(q, [], |r| r.get(0)).unwrap() };
    let located = t.events.iter().filter(|e| e.place.is_some()).count() as i64;
    assert_eq!(count("SELECT count(*) FROM events"), located);
    assert_eq!(count("SELECT count(*) FROM places"), t.places.len() as i64);
    assert_eq!(
        count(
            "SELECT count(*) FROM gpkg_geometry_columns WHERE geometry_type_name = 'POINT' AND srs_id = 4326"
        ),
        2
    );
    let raqqa = place(&t, "Ar Raqqah");
    let blob: Vec<u8> = db
        .query_row(
            "SELECT geom FROM places WHERE place = ?1",
            [&raqqa.name],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(&blob[..4], b"GP\x00\x01");
    assert_eq!(i32::from_le_bytes(blob[4..8].try_into().unwrap()), 4326);
    assert_eq!(blob[8], 1);
    assert_eq!(u32::from_le_bytes(blob[9..13].try_into().unwrap()), 1);
    let x = f64::from_le_bytes(blob[13..21].try_into().unwrap());
    let y = f64::from_le_bytes(blob[21..29].try_into().unwrap());
    assert!((x - raqqa.lon).abs() < 1e-6 && (y - raqqa.lat).abs() < 1e-6);
    // Written through a temporary file: nothing else is left in the folder.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn timelinejs_has_dated_events_at_their_precision() {
    let gaz = Gazetteer::bundled().unwrap();
    let mut t = sample_table(&gaz);
    t.events.push(tricky_row("A month-long thing."));
    let dir = tempfile::tempdir().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&write(
        Format::TimelineJs,
        &t,
        dir.path(),
        "s.timeline.json",
    ))
    .unwrap();
    let events = v["events"].as_array().unwrap();
    assert_eq!(
        events.len(),
        t.events.iter().filter(|e| e.begin.is_some()).count()
    );
    let last = events.last().unwrap();
    assert_eq!(
        last["start_date"],
        serde_json::json!({"year": 2017, "month": 10})
    );
    assert_eq!(
        last["end_date"],
        serde_json::json!({"year": 2017, "month": 10})
    );
    assert_eq!(last["group"], "Battle");
    assert!(
        last["text"]["headline"]
            .as_str()
            .unwrap()
            .contains("Town &amp; &lt;Village&gt;")
    );
    assert!(v["title"]["text"]["headline"].is_string());
    let day = t
        .events
        .iter()
        .position(|e| e.begin.is_some() && e.precision == Precision::Day)
        .unwrap();
    let dated_before = t.events[..day].iter().filter(|e| e.begin.is_some()).count();
    let d = t.events[day].begin.unwrap();
    use chrono::Datelike;
    assert_eq!(
        events[dated_before]["start_date"],
        serde_json::json!({"year": d.year(), "month": d.month(), "day": d.day()})
    );
}

#[test]
fn existing_files_need_force_and_failures_leave_nothing() {
    let gaz = Gazetteer::bundled().unwrap();
    let t = sample_table(&gaz);
    let dir = tempfile::tempdir().unwrap();
    for f in [
        Format::GeoJson,
        Format::Csv,
        Format::Kml,
        Format::Gpkg,
        Format::TimelineJs,
    ] {
        let path = dir.path().join(format!("out.{}", f.extension()));
        std::fs::write(&path, b"old").unwrap();
        let e = export::write(f, &t, &path, false).unwrap_err();
        assert!(matches!(e, ExportError::Exists { .. }), "{e}");
        // The library's message is for the app too: no CLI flag in it
        // (the CLI adds its `--force`, see tests/it/messages.rs).
        assert!(!e.to_string().contains("--force"), "{e}");
        assert!(e.to_string().ends_with("already exists"), "{e}");
        assert_eq!(std::fs::read(&path).unwrap(), b"old");
        export::write(f, &t, &path, true).unwrap();
        assert_ne!(std::fs::read(&path).unwrap(), b"old");

        // A folder that cannot exist (its parent is a file).
        let bad = dir
            .path()
            .join("old-file")
            .join(format!("x.{}", f.extension()));
        std::fs::write(dir.path().join("old-file"), b"x").unwrap();
        let e = export::write(f, &t, &bad, false).unwrap_err();
        assert!(matches!(e, ExportError::Io { .. }), "{e}");
        assert!(e.to_string().contains("old-file"), "{e}");
    }
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn the_filter_narrows_every_format() {
    let gaz = Gazetteer::bundled().unwrap();
    let a = Analysis::run("sample", SAMPLE.to_owned(), DateHint::Detect, None, &gaz);
    let all = table_of(&gaz, std::slice::from_ref(&a), &Filter::default());
    let kind = all.events.iter().find(|e| e.place.is_some()).unwrap().kind;
    let only = Filter {
        types: Some(vec![kind]),
        ..Filter::default()
    };
    let t = table_of(&gaz, &[a], &only);
    assert!(t.events.len() < all.events.len());
    let dir = tempfile::tempdir().unwrap();
    let csv_bytes = write(Format::Csv, &t, dir.path(), "f.csv");
    let mut r = csv::Reader::from_reader(csv_bytes.as_slice());
    // The sitrep sub-type stands in the notes: "[sitrep: shelling]".
    let subs: Vec<String> = r
        .records()
        .map(|r| {
            let notes = r.unwrap()[17].to_owned();
            let tail = notes.rsplit("[sitrep: ").next().unwrap_or_default();
            tail.split([',', ']']).next().unwrap_or_default().to_owned()
        })
        .collect();
    assert_eq!(subs.len(), t.events.len());
    assert!(
        subs.iter()
            .all(|s| SubType::from_id(s).is_some_and(|s| s.kind() == kind)),
        "{subs:?}"
    );
    let fc: geojson::FeatureCollection =
        String::from_utf8(write(Format::GeoJson, &t, dir.path(), "f.geojson"))
            .unwrap()
            .parse()
            .unwrap();
    for f in &fc.features {
        if f.property("feature").unwrap() == "event" {
            assert_eq!(f.property("event_type").unwrap(), kind.id());
        }
    }
}

/// The sample as a saved project, with the analysis it gives.
fn sample_session(corrections: Vec<Correction>) -> Session {
    Session {
        dispatches: vec![SavedDispatch {
            name: "sample-dispatch.txt".into(),
            text: SAMPLE.to_owned(),
            corrections,
            ..SavedDispatch::default()
        }],
        ..Session::default()
    }
}

fn export_session(s: &Session, gaz: &Gazetteer, dir: &Path, tag: &str) -> Vec<Vec<u8>> {
    let analyses: Vec<Analysis> = s.dispatches.iter().map(|d| d.analyse(gaz)).collect();
    let t = table_of(gaz, &analyses, &Filter::default());
    [
        Format::GeoJson,
        Format::Csv,
        Format::Kml,
        Format::Gpkg,
        Format::TimelineJs,
    ]
    .into_iter()
    .map(|f| {
        let path = dir.join(format!("{tag}.{}", f.extension()));
        export::write(f, &t, &path, true).unwrap();
        std::fs::read(&path).unwrap()
    })
    .collect()
}

#[test]
fn corrections_change_the_export_and_a_reopened_project_exports_the_same_bytes() {
    let gaz = Gazetteer::bundled().unwrap();
    let plain = sample_session(vec![]).dispatches[0].analyse(&gaz);
    let t = table_of(&gaz, std::slice::from_ref(&plain), &Filter::default());
    // Unresolve every mention of Raqqa; point the first Mayadin at Palmyra.
    let raqqa = place(&t, "Ar Raqqah").geonameid;
    let mut corrections = vec![];
    for m in &plain.places.mentions {
        let Some(p) = m.place.and_then(|p| gaz.get(p)) else {
            continue;
        };
        if p.geonameid == raqqa {
            corrections.push(Correction::NotAPlace {
                span: char_span(&plain, m.span),
                only_here: true,
            });
        }
    }
    assert!(!corrections.is_empty());
    let palmyra = gaz
        .lookup("Palmyra")
        .into_iter()
        .find(|c| c.place.country == Some("SY"))
        .unwrap()
        .place;
    let mayadin = plain
        .places
        .mentions
        .iter()
        .find(|m| &plain.doc.text[m.span.start..m.span.end] == "Mayadin")
        .unwrap();
    let span: CharSpan = char_span(&plain, mayadin.span);
    corrections.push(Correction::Place {
        span,
        place: palmyra.id.0,
        name: palmyra.name.to_owned(),
        only_here: true,
    });
    let session = sample_session(corrections);
    let dir = tempfile::tempdir().unwrap();
    let first = export_session(&session, &gaz, dir.path(), "a");
    let fc: geojson::FeatureCollection = String::from_utf8(first[0].clone())
        .unwrap()
        .parse()
        .unwrap();
    let names: Vec<String> = fc
        .features
        .iter()
        .filter(|f| f.property("feature").unwrap() == "place")
        .map(|f| f.property("place").unwrap().as_str().unwrap().to_owned())
        .collect();
    assert!(
        !names.iter().any(|n| n.starts_with("Ar Raqqah")),
        "{names:?}"
    );
    assert!(names.iter().any(|n| n == palmyra.name), "{names:?}");
    // Palmyra is at about 34.56 N, 38.28 E.
    let f = fc
        .features
        .iter()
        .find(|f| f.property("place").unwrap() == palmyra.name)
        .unwrap();
    let geojson::GeometryValue::Point { coordinates } = &f.geometry.as_ref().unwrap().value else {
        panic!()
    };
    assert!(
        (coordinates[1] - 34.56).abs() < 0.05 && (coordinates[0] - 38.28).abs() < 0.05,
        "{coordinates:?}"
    );

    let path = dir.path().join("p.sitrep.json");
    session.save(&path).unwrap();
    let reopened = Session::load(&path).unwrap();
    let second = export_session(&reopened, &gaz, dir.path(), "b");
    for (a, b) in first.iter().zip(&second) {
        assert!(a == b, "a re-export differs");
    }
    // And the export without corrections is different.
    let uncorrected = export_session(&sample_session(vec![]), &gaz, dir.path(), "c");
    assert_ne!(uncorrected[0], first[0]);
}
