//! `sitrep export` end to end, and GDAL's `ogrinfo` opening what it writes
//! (GeoJSON, GeoPackage, KML, CSV). GDAL comes from Debian's `gdal-bin`,
//! which `.ci/run` installs; without it these checks are skipped with a
//! note, except under `SITREP_CI=1`, where a missing `ogrinfo` fails.

use crate::cli_harness::sitrep;
use std::path::Path;
use std::process::Command;

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/sample-dispatch.txt");

fn export(args: &[&str], out: &Path) -> std::process::Output {
    sitrep()
        .arg("export")
        .args(args)
        .arg("-o")
        .arg(out)
        .output()
        .unwrap()
}

fn ok(o: &std::process::Output) {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// Whether `ogrinfo` runs; panics under `SITREP_CI=1` when it does not.
fn have_ogrinfo() -> bool {
    let found = Command::new("ogrinfo")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var("SITREP_CI").as_deref() != Ok("1"),
            "ogrinfo (Debian gdal-bin) is required under SITREP_CI=1"
        );
        eprintln!("note: ogrinfo (gdal-bin) not found; skipping the GDAL checks");
    }
    found
}

/// One layer of an `ogrinfo -so` summary.
#[derive(Debug, Default)]
struct Layer {
    name: String,
    count: usize,
    fields: Vec<String>,
}

fn ogrinfo(path: &Path, extra: &[&str]) -> (Vec<Layer>, String) {
    let run = |summary: bool| {
        let mut c = Command::new("ogrinfo");
        c.args(["-ro", "-al"]).args(extra);
        if summary {
            c.arg("-so");
        }
        let o = c.arg(path).output().unwrap();
        assert!(
            o.status.success(),
            "ogrinfo {}: {}",
            path.display(),
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8(o.stdout).unwrap()
    };
    let summary = run(true);
    let mut layers: Vec<Layer> = Vec::new();
    // Field lines look like `event_id: String (0.0)`.
    let is_type = |ty: &str| {
        ["String", "Real", "Integer", "Date"]
            .iter()
            .any(|t| ty.starts_with(t))
    };
    for line in summary.lines() {
        if let Some(n) = line.strip_prefix("Layer name: ") {
            layers.push(Layer {
                name: n.trim().to_owned(),
                ..Layer::default()
            });
        } else if let Some(n) = line.strip_prefix("Feature Count: ") {
            layers.last_mut().unwrap().count = n.trim().parse().unwrap();
        } else if let Some((name, ty)) = line.split_once(": ")
            && !name.starts_with(' ')
            && is_type(ty)
        {
            layers.last_mut().unwrap().fields.push(name.to_owned());
        }
    }
    (layers, run(false))
}

/// The sample's table, from the library, to compare counts with.
fn sample_counts() -> (usize, usize, usize) {
    use sitrep::analysis::{Analysis, DateHint};
    use sitrep::export::{Filter, Source, Table};
    let gaz = sitrep::gazetteer::Gazetteer::bundled().unwrap();
    let text = std::fs::read_to_string(SAMPLE).unwrap();
    let a = Analysis::run(SAMPLE, text, DateHint::Detect, None, &gaz);
    let t = Table::build(
        &[Source {
            name: SAMPLE,
            analysis: &a,
        }],
        &gaz,
        &Filter::default(),
    );
    let located = t.events.iter().filter(|e| e.place.is_some()).count();
    (t.events.len(), located, t.places.len())
}

/// Ar Raqqah's point as GDAL prints it: `POINT (39.0... 35.9...)`.
fn has_raqqa(dump: &str) -> bool {
    dump.lines().any(|l| {
        let l = l.trim();
        l.starts_with("POINT (39.0") && l.contains(" 35.9")
    })
}

#[test]
fn gdal_opens_every_gis_export_of_the_sample() {
    let dir = tempfile::tempdir().unwrap();
    let (events, located, places) = sample_counts();
    let files: Vec<_> = ["s.geojson", "s.gpkg", "s.kml", "s.csv"]
        .iter()
        .map(|n| {
            let p = dir.path().join(n);
            ok(&export(&[SAMPLE], &p));
            p
        })
        .collect();
    if !have_ogrinfo() {
        return;
    }
    // GeoJSON: one layer, events and places together.
    let (layers, dump) = ogrinfo(&files[0], &[]);
    assert_eq!(layers.len(), 1, "{layers:?}");
    assert_eq!(layers[0].count, located + places);
    for f in [
        "feature",
        "event_id",
        "event_type",
        "place",
        "geonameid",
        "sentence",
        "begin",
    ] {
        assert!(
            layers[0].fields.iter().any(|x| x == f),
            "{f} not in {layers:?}"
        );
    }
    assert!(has_raqqa(&dump), "{dump}");

    // GeoPackage: two point layers.
    let (layers, dump) = ogrinfo(&files[1], &[]);
    let names: Vec<&str> = layers.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, ["events", "places"]);
    assert_eq!(layers[0].count, located);
    assert_eq!(layers[1].count, places);
    for f in [
        "event_id",
        "event_type",
        "status",
        "begin",
        "end",
        "sentence",
        "confidence",
    ] {
        assert!(
            layers[0].fields.iter().any(|x| x == f),
            "{f} not in {:?}",
            layers[0]
        );
    }
    for f in ["place", "geonameid", "mentions", "first_sentence"] {
        assert!(
            layers[1].fields.iter().any(|x| x == f),
            "{f} not in {:?}",
            layers[1]
        );
    }
    assert!(
        dump.contains("GEOGCRS[\"WGS 84\"") || dump.contains("GEOGCS[\"WGS 84\""),
        "{dump}"
    );
    assert!(has_raqqa(&dump), "{dump}");

    // KML: the two folders are the layers.
    let (layers, dump) = ogrinfo(&files[2], &[]);
    let names: Vec<&str> = layers.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, ["Events", "Places"]);
    assert_eq!(layers[0].count, located);
    assert_eq!(layers[1].count, places);
    assert!(has_raqqa(&dump), "{dump}");

    // CSV: every event, with point geometry from the coordinate columns.
    let (layers, dump) = ogrinfo(
        &files[3],
        &[
            "-oo",
            "X_POSSIBLE_NAMES=longitude",
            "-oo",
            "Y_POSSIBLE_NAMES=latitude",
        ],
    );
    assert_eq!(layers.len(), 1);
    assert_eq!(layers[0].count, events);
    // GDAL sees every column of the header (its order and names are
    // pinned against the spec in export_formats.rs).
    let header: Vec<String> = csv::Reader::from_path(&files[3])
        .unwrap()
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(header.len(), 19);
    assert_eq!(layers[0].fields, header);
    assert!(
        dump.lines().any(|l| l.trim().starts_with("POINT (39.0")),
        "{dump}"
    );
}

#[test]
fn the_cli_picks_the_format_filters_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("events.timeline.json");
    let o = export(&[SAMPLE], &out);
    ok(&o);
    assert!(String::from_utf8_lossy(&o.stdout).contains("timelinejs"));
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert!(!v["events"].as_array().unwrap().is_empty());

    // Existing file: refused, untouched; --force overwrites.
    std::fs::write(&out, b"old").unwrap();
    let o = export(&[SAMPLE], &out);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("already exists") && err.contains("events.timeline.json"),
        "{err}"
    );
    assert_eq!(std::fs::read(&out).unwrap(), b"old");
    ok(&export(&[SAMPLE, "--force"], &out));
    assert_ne!(std::fs::read(&out).unwrap(), b"old");

    // --type and --from/--to narrow the rows.
    let all = dir.path().join("all.csv");
    ok(&export(&[SAMPLE], &all));
    let some = dir.path().join("some.csv");
    ok(&export(&[SAMPLE, "--type", "airstrike,capture"], &some));
    let rows = |p: &Path| -> Vec<csv::StringRecord> {
        csv::Reader::from_path(p)
            .unwrap()
            .records()
            .map(Result::unwrap)
            .collect()
    };
    let (all_rows, some_rows) = (rows(&all), rows(&some));
    assert!(!some_rows.is_empty() && some_rows.len() < all_rows.len());
    assert!(some_rows.iter().all(|r| {
        let sub = r[17].rsplit("[sitrep: ").next().unwrap_or_default();
        let sub = sub.split([',', ']']).next().unwrap_or_default();
        sitrep::events::SubType::from_id(sub).is_some_and(|s| {
            matches!(
                s.kind(),
                sitrep::events::EventType::Airstrike | sitrep::events::EventType::Capture
            )
        })
    }));
    let late = dir.path().join("late.csv");
    ok(&export(
        &[SAMPLE, "--from", "2017-10-12", "--to", "2017-12-31"],
        &late,
    ));
    let late_rows = rows(&late);
    assert!(late_rows.len() < all_rows.len());
    assert!(!late_rows.is_empty(), "{late_rows:?}");
    // Undated events go; what is left ends on or after the 12th.
    assert!(late_rows.iter().all(|r| !r[0].is_empty()), "{late_rows:?}");

    // Clear errors: an unknown format, an unknown type, an unwritable place,
    // an extension that says nothing.
    let o = export(&[SAMPLE, "--format", "shp"], &dir.path().join("x.shp"));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("geojson, csv"),
        "{o:?}"
    );
    let o = export(&[SAMPLE, "--type", "picnic"], &dir.path().join("x.csv"));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("not an event type"),
        "{o:?}"
    );
    let o = export(&[SAMPLE], &dir.path().join("x.txt"));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("--format"),
        "{o:?}"
    );
    std::fs::write(dir.path().join("file"), b"").unwrap();
    let o = export(&[SAMPLE], &dir.path().join("file/x.gpkg"));
    assert!(!o.status.success());
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("file/x.gpkg"),
        "{o:?}"
    );
}

#[test]
fn a_project_exports_with_its_corrections() {
    use sitrep::project::{SavedDispatch, Session};
    use sitrep::view::corrections::{CharSpan, Correction};
    let dir = tempfile::tempdir().unwrap();
    let text = "BEIRUT, March 3 (Wire) - Shelling hit Aleppo on Tuesday.";
    let beirut = CharSpan { start: 0, end: 6 };
    let session = |corrections| Session {
        dispatches: vec![SavedDispatch {
            name: "wire.txt".into(),
            text: text.into(),
            user_date: chrono::NaiveDate::from_ymd_opt(2016, 3, 3),
            corrections,
            ..SavedDispatch::default()
        }],
        ..Session::default()
    };
    let places = |corrections| {
        let p = dir.path().join("p.sitrep.json");
        session(corrections).save(&p).unwrap();
        let out = dir.path().join("o.csv");
        let _ = std::fs::remove_file(&out);
        ok(&export(&["--project", p.to_str().unwrap()], &out));
        let g = dir.path().join("o.geojson");
        ok(&export(&["--project", p.to_str().unwrap(), "--force"], &g));
        let fc: serde_json::Value = serde_json::from_slice(&std::fs::read(&g).unwrap()).unwrap();
        let mut names: Vec<String> = fc["features"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["properties"]["feature"] == "place")
            .map(|f| f["properties"]["place"].as_str().unwrap().to_owned())
            .collect();
        names.sort();
        (names, std::fs::read_to_string(&out).unwrap())
    };
    let (before, csv_before) = places(vec![]);
    assert!(before.iter().any(|n| n == "Beirut"), "{before:?}");
    let (after, _) = places(vec![Correction::NotAPlace {
        span: beirut,
        only_here: true,
    }]);
    assert!(!after.iter().any(|n| n == "Beirut"), "{after:?}");
    assert!(after.iter().any(|n| n == "Aleppo"), "{after:?}");
    assert!(
        csv_before.contains("wire.txt") && csv_before.contains("2016-03-01"),
        "{csv_before}"
    );

    let o = export(
        &["--project", "/nonexistent/p.json"],
        &dir.path().join("z.csv"),
    );
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("/nonexistent/p.json"));
}
