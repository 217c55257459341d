//! The README's "On a Spark cluster" example, run as written in Spark's
//! local mode (pyspark from PyPI, a Java 17 runtime; `.ci/run` installs
//! both) on the project's own dispatches and the bad rows of
//! `tests/spark/harness.py`. Every input must come back once, and equal the
//! local `sitrep extract --jsonl --events` result; the documents' Spark DDL
//! must read every document line back unchanged. Skips with a note when
//! Spark is missing, unless `SITREP_CI=1`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `spark-submit`: on PATH, else the one inside the pyspark package (pip
/// may not have put its scripts on PATH).
fn spark_submit() -> String {
    let on_path = Command::new("spark-submit")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if on_path {
        return "spark-submit".into();
    }
    let out = Command::new("python3")
        .args([
            "-c",
            "import os, pyspark; print(os.path.join(os.path.dirname(pyspark.__file__), 'bin', 'spark-submit'))",
        ])
        .output();
    out.ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_else(|| "spark-submit".into())
}

/// Whether pyspark and java are there; else why not.
fn spark_missing() -> Option<String> {
    let ok = |cmd: &mut Command| {
        cmd.stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    if !ok(Command::new("java").arg("-version")) {
        return Some("no Java runtime (apt-get install openjdk-17-jre-headless)".into());
    }
    if !ok(Command::new("python3").args(["-c", "import pyspark"])) {
        return Some("no pyspark for python3 (pip install pyspark)".into());
    }
    None
}

/// The `spark-submit` command of the README's Spark section, as words.
fn readme_command() -> Vec<String> {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let section = &readme[readme
        .find("## On a Spark cluster")
        .expect("README has an 'On a Spark cluster' section")..];
    let start = section
        .find("spark-submit ")
        .expect("a spark-submit command");
    let mut command = String::new();
    for line in section[start..].lines() {
        match line.strip_suffix('\\') {
            Some(head) => command.push_str(head),
            None => {
                command.push_str(line);
                break;
            }
        }
    }
    command
        .split_whitespace()
        .map(|w| w.trim_matches('"').to_owned())
        .collect()
}

/// The Python of the README's Spark section, which must be the example file.
fn readme_python() -> String {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let section = &readme[readme.find("## On a Spark cluster").unwrap()..];
    let start = section.find("```python\n").expect("a python block") + "```python\n".len();
    let end = start + section[start..].find("```\n").unwrap();
    section[start..end].to_owned()
}

fn run(cmd: &mut Command, what: &str) -> String {
    let out = cmd.output().unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(
        out.status.success(),
        "{what} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// `value` with every null member of every object left out (Spark's JSON
/// writer leaves them out).
fn without_nulls(value: Value) -> Value {
    match value {
        Value::Object(obj) => Value::Object(
            obj.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, without_nulls(v)))
                .collect(),
        ),
        Value::Array(xs) => Value::Array(xs.into_iter().map(without_nulls).collect()),
        other => other,
    }
}

fn read_lines(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{}: {e}: {l}", path.display())))
        .collect()
}

fn sitrep_stdin(args: &[&str], input: &Path) -> String {
    run(
        Command::new(env!("CARGO_BIN_EXE_sitrep"))
            .args(args)
            .stdin(std::fs::File::open(input).unwrap()),
        "local sitrep",
    )
}

/// The error without its `line N: ` (Spark numbers lines per partition).
fn error_text(v: &Value) -> String {
    let e = v["error"].as_str().unwrap();
    e.split_once(": ").map_or(e, |(_, rest)| rest).to_owned()
}

#[test]
fn readme_spark_example_runs_in_local_mode_and_equals_the_local_result() {
    if let Some(why) = spark_missing() {
        assert!(
            std::env::var("SITREP_CI").as_deref() != Ok("1"),
            "SITREP_CI=1 but Spark cannot run: {why}"
        );
        eprintln!("skipped: {why}");
        return;
    }
    let example = std::fs::read_to_string(root().join("examples/spark/sitrep_events.py")).unwrap();
    assert_eq!(
        readme_python(),
        example,
        "README's Spark example differs from examples/spark/sitrep_events.py"
    );

    // The README's layout: the binary at target/release/sitrep, the example
    // at examples/spark/, the articles beside them.
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path();
    std::fs::create_dir_all(work.join("target/release")).unwrap();
    std::fs::copy(
        env!("CARGO_BIN_EXE_sitrep"),
        work.join("target/release/sitrep"),
    )
    .unwrap();
    std::fs::create_dir_all(work.join("examples/spark")).unwrap();
    std::fs::write(work.join("examples/spark/sitrep_events.py"), &example).unwrap();
    let harness = root().join("tests/spark/harness.py");
    // One article of 50 MB among the others: it alone fails, the rest go on.
    run(
        Command::new("python3")
            .arg(&harness)
            .arg("make")
            .arg(root().join("tests/dispatches"))
            .arg(work)
            .arg("50000000"),
        "making the articles",
    );

    let command = readme_command();
    assert_eq!(command[0], "spark-submit");
    let printed = run(
        Command::new(spark_submit())
            .args(&command[1..])
            .current_dir(work)
            .env("SPARK_LOCAL_IP", "127.0.0.1"),
        "the README's spark-submit",
    );

    // The documents' DDL must read every local document line back as it was.
    let ddl = work.join("extract.spark.ddl");
    std::fs::write(
        &ddl,
        sitrep_stdin(&["extract", "--schema", "spark"], Path::new("/dev/null")),
    )
    .unwrap();
    // (Without the 50 MB article: its document is some 700 MB of JSON.)
    let small = work.join("small-articles.jsonl");
    let text = std::fs::read_to_string(work.join("articles.jsonl")).unwrap();
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with("{\"id\":\"big\""))
        .collect();
    std::fs::write(&small, lines.join("\n") + "\n").unwrap();
    let docs = work.join("documents.jsonl");
    std::fs::write(&docs, sitrep_stdin(&["extract", "--jsonl"], &small)).unwrap();
    run(
        Command::new("python3")
            .arg(&harness)
            .arg("dump")
            .arg(work)
            .arg(&ddl)
            .arg(&docs),
        "reading the example's output",
    );

    let articles = read_lines(&work.join("articles.jsonl"));
    let local = sitrep_stdin(
        &["extract", "--jsonl", "--events", "--threads", "1"],
        &work.join("articles.jsonl"),
    );
    let local: Vec<Value> = local
        .lines()
        .map(|l| without_nulls(serde_json::from_str(l).unwrap()))
        .collect();

    let key = |v: &Value| (v["id"].as_str().unwrap().to_owned(), v["event"].as_u64());
    let mut local_events = BTreeMap::new();
    let mut local_without = BTreeSet::new();
    let mut local_failures = BTreeMap::new();
    for v in &local {
        if v.get("error").is_some() {
            local_failures.insert(v["id"].as_str().unwrap().to_owned(), error_text(v));
        } else if v.get("event").is_some() {
            assert!(local_events.insert(key(v), v.clone()).is_none(), "{v}");
        } else {
            local_without.insert(v["id"].as_str().unwrap().to_owned());
        }
    }

    let mut events = BTreeMap::new();
    for v in read_lines(&work.join("events.jsonl")) {
        assert!(events.insert(key(&v), v.clone()).is_none(), "twice: {v}");
    }
    let without: BTreeSet<String> = read_lines(&work.join("without_events.jsonl"))
        .iter()
        .map(|v| v["id"].as_str().unwrap().to_owned())
        .collect();
    let failures: BTreeMap<String, String> = read_lines(&work.join("failures.jsonl"))
        .iter()
        .map(|v| (v["id"].as_str().unwrap().to_owned(), error_text(v)))
        .collect();

    // Every input comes back once: as its events, as an article without
    // events, or as a failure.
    for a in &articles {
        let id = a["id"].as_str().unwrap();
        let n_events = events.keys().filter(|(i, _)| i == id).count();
        let places = [
            n_events > 0,
            without.contains(id),
            failures.contains_key(id),
        ];
        assert_eq!(
            places.iter().filter(|p| **p).count(),
            1,
            "{id}: events {n_events}, without events {}, failed {}",
            places[1],
            places[2]
        );
        if n_events > 0 {
            let numbers: Vec<u64> = events
                .keys()
                .filter(|(i, _)| i == id)
                .map(|(_, n)| n.unwrap())
                .collect();
            assert_eq!(numbers, (0..n_events as u64).collect::<Vec<_>>(), "{id}");
        }
    }
    assert_eq!(
        events.len() + without.len() + failures.len(),
        local.len(),
        "rows in Spark's output and lines of the local run"
    );

    // And equals the local result, row for row.
    assert_eq!(failures, local_failures);
    assert_eq!(without, local_without);
    assert_eq!(events.len(), local_events.len());
    for (k, local_row) in &local_events {
        assert_eq!(&events[k], local_row, "{k:?}");
    }
    assert_eq!(
        failures.keys().map(String::as_str).collect::<Vec<_>>(),
        ["bad-date", "big", "no-text"]
    );
    assert!(
        failures["no-text"].starts_with("no \"text\""),
        "{failures:?}"
    );
    assert!(
        failures["bad-date"].contains("\"yesterday\""),
        "{failures:?}"
    );
    assert!(failures["big"].contains("--max-text-bytes"), "{failures:?}");
    // The bytes that were not UTF-8 came through the JVM as U+FFFD.
    let latin = events
        .iter()
        .find(|((id, _), _)| id == "latin-1")
        .map(|(_, v)| v["sentence"].as_str().unwrap().to_owned());
    assert_eq!(
        latin.as_deref(),
        Some("Shelling hit Hama and Homs, the caf\u{fffd} said.")
    );
    assert!(
        printed.contains(&format!(
            "sitrep: {} events, {} articles without events, 3 failed",
            events.len(),
            without.len()
        )),
        "{printed}"
    );

    // The documents' DDL loses nothing: every line read back equals itself.
    let mut original: BTreeMap<String, Value> = BTreeMap::new();
    for v in read_lines(&docs) {
        original.insert(v["id"].as_str().unwrap().to_owned(), without_nulls(v));
    }
    let back = read_lines(&work.join("roundtrip.jsonl"));
    assert_eq!(back.len(), original.len());
    for v in back {
        let id = v["id"].as_str().unwrap().to_owned();
        assert_eq!(v, original[&id], "{id}");
    }
}
