//! `sitrep extract` end to end: the binary, its JSON, JSONL order and
//! error lines, character offsets.

use crate::cli_harness::{assert_ok, sitrep};
use std::io::Write;
use std::process::{Command, Stdio};

/// Every span written out must cut its own `text` out of the input, counted
/// in chars.
fn assert_spans_match(input: &str, doc: &serde_json::Value) {
    let chars: Vec<char> = input.chars().collect();
    for layer in ["places", "times"] {
        for m in doc[layer].as_array().unwrap() {
            let (s, e) = (
                m["start"].as_u64().unwrap() as usize,
                m["end"].as_u64().unwrap() as usize,
            );
            let surface: String = chars[s..e].iter().collect();
            assert_eq!(surface, m["text"].as_str().unwrap(), "{layer} {m}");
        }
    }
    for ev in doc["events"].as_array().unwrap() {
        let t = &ev["trigger"];
        let (s, e) = (
            t["start"].as_u64().unwrap() as usize,
            t["end"].as_u64().unwrap() as usize,
        );
        let surface: String = chars[s..e].iter().collect();
        assert_eq!(surface, t["text"].as_str().unwrap());
    }
}

#[test]
fn extract_a_file_with_a_given_date() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.txt");
    let text = "Government forces shelled Ḩamāh on Tuesday, a week after talks in Geneva broke down. \
                Syrian officials said the army would advance on Raqqa in April.";
    std::fs::write(&path, text).unwrap();
    let out = sitrep()
        .args(["extract", "--date", "2016-03-24"])
        .arg(&path)
        .output()
        .unwrap();
    assert_ok(&out);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["date"], "2016-03-24");
    assert_eq!(doc["date_source"], "user");
    assert_spans_match(text, &doc);
    let places: Vec<&str> = doc["places"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap_or(""))
        .collect();
    assert!(places.contains(&"Geneva"), "{places:?}");
    assert!(places.contains(&"Ar Raqqah"), "{places:?}");
    let times: Vec<(&str, &str)> = doc["times"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["text"].as_str().unwrap(), t["value"].as_str().unwrap()))
        .collect();
    assert!(times.contains(&("Tuesday", "2016-03-22")), "{times:?}");
    assert!(times.iter().any(|(_, v)| *v == "2016-04"), "{times:?}");
}

#[test]
fn jsonl_keeps_order_and_reports_bad_lines_in_place() {
    let mut input = String::new();
    for i in 0..50 {
        input.push_str(&format!(
            "{{\"id\":\"d{i}\",\"text\":\"Fighting raged near Aleppo on Monday.\",\"date\":\"2016-03-2{}\"}}\n",
            i % 9 + 1
        ));
        if i == 20 {
            input.push_str("{not json at all\n");
        }
        if i == 30 {
            input.push_str("{\"id\":\"bad-date\",\"text\":\"x\",\"date\":\"yesterday\"}\n");
        }
    }
    let mut child = sitrep()
        .args(["extract", "--jsonl"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 52);
    assert_eq!(lines[0]["id"], "d0");
    assert!(
        lines[21]["error"].as_str().unwrap().contains("line 22"),
        "{}",
        lines[21]
    );
    assert_eq!(lines[32]["id"], "bad-date");
    assert!(lines[32]["error"].is_string());
    assert_eq!(lines[51]["id"], "d49");
    let aleppo = &lines[0]["places"][0];
    assert_eq!(aleppo["name"], "Aleppo");
    assert_eq!(lines[0]["times"][0]["value"], "2016-03-21");
}

#[test]
fn a_missing_file_is_a_clear_error() {
    let out = sitrep()
        .args(["extract", "/nonexistent/dispatch.txt"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("/nonexistent/dispatch.txt"), "{err}");
}

#[test]
fn places_command_prints_the_table_and_json() {
    let out = sitrep()
        .args(["places", "Palmyra", "Syrian"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let table = String::from_utf8(out.stdout).unwrap();
    let first_row = table.lines().nth(2).unwrap();
    assert!(
        first_row.contains("Tadmur") && first_row.contains("Syria"),
        "{table}"
    );
    assert!(table.contains("demonym"), "{table}");

    let out = sitrep()
        .args(["places", "--json", "Tripoli"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let countries: Vec<&str> = v[0]["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["country"].as_str())
        .collect();
    assert!(
        countries.contains(&"LY") && countries.contains(&"LB"),
        "{countries:?}"
    );
}

#[test]
fn a_bad_overlay_row_is_a_warning_naming_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.csv");
    std::fs::write(
        &path,
        "name,lat,lon\nCamp Alpha,34.1,38.2\nCamp Beta,north,38.0\n",
    )
    .unwrap();
    let out = sitrep()
        .args(["places", "--overlay"])
        .arg(&path)
        .arg("Camp Alpha")
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("mine.csv:3"), "{err}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("Camp Alpha"));
}

#[test]
fn files_without_a_command_go_to_the_app_which_needs_a_display() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("dispatch.txt");
    std::fs::write(&f, "Shelling hit Aleppo on Tuesday.").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .arg(&f)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    // Not "unrecognized subcommand": the files are for the app, which says
    // there is no display and points to the command line.
    assert!(stderr.contains("no display"), "{stderr}");
    assert!(stderr.contains("sitrep extract"), "{stderr}");
}
