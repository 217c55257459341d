//! `sitrep batch` end to end: folders with good and bad files, JSONL
//! inputs, the summary, refusing to overwrite, atomic output.

use crate::cli_harness::{assert_ok, sitrep};
use std::path::Path;
use std::process::Output;

/// `sitrep batch INPUT -o OUT EXTRA...`.
fn batch(input: &Path, out: &Path, extra: &[&str]) -> Output {
    sitrep()
        .arg("batch")
        .arg(input)
        .arg("-o")
        .arg(out)
        .args(extra)
        .output()
        .unwrap()
}

const GOOD_A: &str = "DAMASCUS, March 24, 2016 — Government forces shelled Palmyra on Tuesday.";
const GOOD_B: &str = "<html><body><p>KYIV — Russian troops attacked Bakhmut on Monday, officials said.</p></body></html>";

fn lines(path: &std::path::Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn good_files_written_bad_one_listed_and_exit_fails() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir_all(input.join("sub")).unwrap();
    std::fs::write(input.join("a.txt"), GOOD_A).unwrap();
    std::fs::write(input.join("sub/b.html"), GOOD_B).unwrap();
    // Binary: NUL bytes and junk.
    let junk: Vec<u8> = (0..4096u32).map(|i| (i * 7 % 256) as u8).collect();
    std::fs::write(input.join("broken.txt"), junk).unwrap();
    // Not a dispatch extension: ignored.
    std::fs::write(input.join("notes.pdf"), b"%PDF").unwrap();
    let out_path = dir.path().join("out.jsonl");
    let out = batch(&input, &out_path, &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success(),
        "must fail when a file failed: {stderr}"
    );
    assert!(stderr.contains("broken.txt"), "{stderr}");
    assert!(!stderr.contains("a.txt:"), "{stderr}");
    assert!(stderr.contains("2 documents"), "{stderr}");
    assert!(stderr.contains("MB/s"), "{stderr}");
    let docs = lines(&out_path);
    assert_eq!(docs.len(), 2);
    let ids: Vec<&str> = docs.iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert!(
        ids[0].ends_with("a.txt") && ids[1].ends_with("b.html"),
        "{ids:?}"
    );
    let places = |d: &serde_json::Value| -> Vec<String> {
        d["places"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["text"].as_str().unwrap().to_owned())
            .collect()
    };
    assert!(places(&docs[0]).contains(&"Palmyra".to_owned()));
    assert!(places(&docs[1]).contains(&"Bakhmut".to_owned()));
    // No temporary file left behind.
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left.len(), 2, "{left:?}");
}

#[test]
fn existing_output_is_refused_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.txt");
    std::fs::write(&a, GOOD_A).unwrap();
    let out_path = dir.path().join("out.jsonl");
    std::fs::write(&out_path, "keep me\n").unwrap();
    let out = batch(&a, &out_path, &[]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("already exists") && stderr.contains("--force"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&out_path).unwrap(), "keep me\n");
    let out = batch(&a, &out_path, &["--force"]);
    assert_ok(&out);
    assert_eq!(lines(&out_path).len(), 1);
}

#[test]
fn jsonl_input_lines_and_bad_lines() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("corpus.jsonl");
    let good = serde_json::json!({"id": "one", "text": GOOD_A, "date": "2016-03-24"});
    let good2 = serde_json::json!({"id": 2, "text": "Clashes in Aleppo."});
    std::fs::write(&input, format!("{good}\n{{not json\n\n{good2}\n")).unwrap();
    let out_path = dir.path().join("out.jsonl");
    let out = batch(&input, &out_path, &["--date", "2020-01-01"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("corpus.jsonl:2"), "{stderr}");
    let docs = lines(&out_path);
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0]["id"], "one");
    assert_eq!(docs[0]["date"], "2016-03-24");
    assert_eq!(docs[1]["id"], "2");
    assert_eq!(docs[1]["date"], "2020-01-01");
}

#[test]
fn unknown_output_format_is_refused_before_work() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.txt");
    std::fs::write(&a, GOOD_A).unwrap();
    let out = batch(&a, &dir.path().join("out.docx"), &[]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown output format"));
}

#[test]
fn table_outputs_geopackage_and_csv() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::write(input.join("a.txt"), GOOD_A).unwrap();
    std::fs::write(input.join("b.html"), GOOD_B).unwrap();
    let gpkg = dir.path().join("out.gpkg");
    let out = batch(&input, &gpkg, &[]);
    assert_ok(&out);
    let db = rusqlite::Connection::open(&gpkg).unwrap();
    let places: Vec<String> = db
        .prepare("SELECT place FROM places")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(places.iter().any(|p| p == "Tadmur"), "{places:?}");
    assert!(places.iter().any(|p| p.contains("Bakhmut")), "{places:?}");
    let events: i64 = db
        .query_row("SELECT count(*) FROM events", [], |r| r.get(0))
        .unwrap();
    assert!(events >= 2, "{events} events");

    let csv_path = dir.path().join("out.csv");
    let out = batch(&input, &csv_path, &[]);
    assert_ok(&out);
    let mut r = csv::Reader::from_path(&csv_path).unwrap();
    assert_eq!(r.headers().unwrap().get(0), Some("event_date"));
    let sources: std::collections::BTreeSet<String> = r
        .records()
        .map(|x| x.unwrap().get(16).unwrap().to_owned())
        .collect();
    assert_eq!(sources.len(), 2, "{sources:?}");
}
