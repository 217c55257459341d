//! Crash-safe saving: a real `sitrep` process rewrites a file again and
//! again (`sitrep write-loop`, through the code the app's autosave and
//! `sitrep export` use) and is killed with SIGKILL at a pseudo-random moment,
//! 100 times per kind of file; after every kill the file must be one whole
//! version (it opens, and every generation mark in it is the same), never
//! part of one, and no temporary file may be mistaken for it.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

const KILLS: usize = 100;

/// A small dispatch with places, times and events, so exports have rows.
const DISPATCH: &str = "DAMASCUS, March 24, 2016 - Government forces shelled Palmyra on Tuesday, \
    a monitor said. Talks in Geneva resumed on Wednesday. Fighting near Aleppo killed 12 people.";

/// A deterministic sequence of delays (no clock, no dependency): a linear
/// congruential generator.
struct Delays(u64);

impl Delays {
    fn next_micros(&mut self, max: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % max
    }
}

/// The generation marks (`gen-N`) in `text`, as numbers.
fn marks(text: &str) -> Vec<u64> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("gen-") {
        rest = &rest[i + 4..];
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if let Ok(n) = digits.parse() {
            out.push(n);
        }
    }
    out
}

/// Checks that `path` holds one whole version of `what`.
fn check_whole(what: &str, path: &Path, round: usize) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{what} round {round}: {e}"));
    let text = String::from_utf8_lossy(&bytes);
    let ctx = format!("{what}, kill {round}: {} bytes", bytes.len());
    match what {
        "project" => {
            let s = sitrep::project::Session::from_json(&bytes, path)
                .unwrap_or_else(|e| panic!("{ctx}: {e}"));
            assert!(!s.dispatches.is_empty(), "{ctx}");
            let gens: Vec<u64> = s.dispatches.iter().flat_map(|d| marks(&d.name)).collect();
            let g = gens[0];
            assert!(gens.iter().all(|&x| x == g), "{ctx}: {gens:?}");
            let n = 1 + usize::try_from(g % 8).unwrap();
            assert_eq!(s.dispatches.len(), n, "{ctx}: generation {g}");
        }
        "geojson" | "timelinejs" => {
            let v: serde_json::Value =
                serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{ctx}: {e}"));
            assert!(v.is_object(), "{ctx}");
        }
        "csv" => {
            let mut r = csv::Reader::from_reader(&bytes[..]);
            let width = r.headers().unwrap_or_else(|e| panic!("{ctx}: {e}")).len();
            let mut rows = 0;
            for row in r.records() {
                let row = row.unwrap_or_else(|e| panic!("{ctx}: {e}"));
                assert_eq!(row.len(), width, "{ctx}");
                rows += 1;
            }
            assert!(rows > 0, "{ctx}: no rows");
            assert!(bytes.ends_with(b"\n"), "{ctx}: the last row is cut");
        }
        "kml" | "svg" => {
            roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{ctx}: {e}"));
        }
        "html" => {
            assert!(
                text.trim_end().ends_with("</html>"),
                "{ctx}: the page is cut short"
            );
        }
        "gpkg" => {
            let c = rusqlite::Connection::open_with_flags(
                path,
                rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
            )
            .unwrap_or_else(|e| panic!("{ctx}: {e}"));
            let ok: String = c
                .query_row("PRAGMA integrity_check", [], |r| r.get(0))
                .unwrap_or_else(|e| panic!("{ctx}: {e}"));
            assert_eq!(ok, "ok", "{ctx}");
            let events: i64 = c
                .query_row("SELECT count(*) FROM events", [], |r| r.get(0))
                .unwrap_or_else(|e| panic!("{ctx}: {e}"));
            assert!(events > 0, "{ctx}");
            let sources: Vec<String> = c
                .prepare("SELECT DISTINCT source FROM events")
                .and_then(|mut s| {
                    s.query_map([], |r| r.get(0))?
                        .collect::<Result<Vec<String>, _>>()
                })
                .unwrap_or_else(|e| panic!("{ctx}: {e}"));
            assert_eq!(sources.len(), 1, "{ctx}: {sources:?}");
            return;
        }
        other => panic!("unknown kind {other}"),
    }
    let gens = marks(&text);
    assert!(
        gens.windows(2).all(|w| w[0] == w[1]),
        "{ctx}: marks of two versions: {gens:?}"
    );
}

/// Starts `sitrep write-loop` on `what` 100 times, kills each at a
/// pseudo-random moment after its first whole write, checks the file.
fn kill_while_writing(what: &str, file_name: &str, seed: u64) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("dispatch.txt");
    std::fs::write(&input, DISPATCH).unwrap();
    let out = dir.path().join(file_name);
    let mut delays = Delays(seed);
    let mut before_first = 0;
    for round in 0..KILLS {
        let mut child = Command::new(env!("CARGO_BIN_EXE_sitrep"))
            .args(["write-loop", "--what", what, "-o"])
            .arg(&out)
            .arg(&input)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("sitrep starts");
        // Every tenth kill lands before the process has written anything of
        // its own (the previous round's file must survive it); the others
        // land while it writes, somewhere in the next 0-30 ms.
        if round % 10 == 0 {
            std::thread::sleep(Duration::from_micros(delays.next_micros(3_000)));
            before_first += 1;
        } else {
            let mut line = String::new();
            BufReader::new(child.stdout.take().unwrap())
                .read_line(&mut line)
                .unwrap();
            assert_eq!(line.trim(), "written", "{what}: the loop did not start");
            std::thread::sleep(Duration::from_micros(delays.next_micros(30_000)));
        }
        child.kill().expect("SIGKILL");
        let status = child.wait().unwrap();
        assert!(!status.success(), "{what}: the loop ended by itself");
        if out.exists() {
            check_whole(what, &out, round);
        } else {
            assert_eq!(round, 0, "{what}: the file vanished after kill {round}");
        }
    }
    assert!(out.exists(), "{what}: never written");
    assert_eq!(before_first, KILLS / 10);
    // What else a kill leaves is hidden temporary files, never a look-alike.
    let left = |dir: &Path| -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n != "dispatch.txt" && n != file_name)
            .collect()
    };
    for name in left(dir.path()) {
        let temp = name.starts_with(&format!(".{file_name}.")) && name.contains(".tmp");
        assert!(temp, "{what}: unexpected {name}");
    }
    // The next write that completes sweeps them away.
    let done = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(["write-loop", "--count", "1", "--what", what, "-o"])
        .arg(&out)
        .arg(&input)
        .output()
        .unwrap();
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    check_whole(what, &out, KILLS);
    assert_eq!(
        left(dir.path()),
        Vec::<String>::new(),
        "{what}: temporary files left"
    );
}

#[test]
fn a_killed_session_save_leaves_the_old_or_the_new_file() {
    kill_while_writing("project", "session.json", 1);
}

#[test]
fn a_killed_geojson_export_leaves_a_whole_file() {
    kill_while_writing("geojson", "events.geojson", 2);
}

#[test]
fn a_killed_csv_export_leaves_a_whole_file() {
    kill_while_writing("csv", "events.csv", 3);
}

#[test]
fn a_killed_kml_export_leaves_a_whole_file() {
    kill_while_writing("kml", "events.kml", 4);
}

#[test]
fn a_killed_gpkg_export_leaves_a_whole_file() {
    kill_while_writing("gpkg", "events.gpkg", 5);
}

#[test]
fn a_killed_timelinejs_export_leaves_a_whole_file() {
    kill_while_writing("timelinejs", "events.timeline.json", 6);
}

#[test]
fn a_killed_svg_export_leaves_a_whole_file() {
    kill_while_writing("svg", "map.svg", 7);
}

#[test]
fn a_killed_briefing_export_leaves_a_whole_file() {
    kill_while_writing("html", "briefing.html", 8);
}
