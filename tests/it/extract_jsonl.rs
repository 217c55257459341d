//! `sitrep extract --jsonl` as a pipeline stage: the schema it prints (and
//! ships in `schema/`) against what it writes, `--events`, `--threads`, and
//! the bad input a Spark partition can hold.

use crate::cli_harness::sitrep;
use std::collections::BTreeSet;
use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::Stdio;

use serde_json::{Value, json};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs sitrep with `input` on stdin; stdout, and whether it succeeded.
fn pipe(args: &[&str], input: &[u8]) -> (String, bool) {
    let mut child = sitrep()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    (
        String::from_utf8(out.stdout).expect("sitrep writes UTF-8"),
        out.status.success(),
    )
}

fn lines(out: &str) -> Vec<Value> {
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// The project's dispatches as JSONL, plus the bad lines of a partition.
fn corpus() -> Vec<u8> {
    let mut out = Vec::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("tests/dispatches"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    for (i, p) in files.iter().enumerate() {
        let text = std::fs::read_to_string(p).unwrap();
        let id = p.file_stem().unwrap().to_str().unwrap();
        let date = if i % 2 == 0 {
            json!(null)
        } else {
            json!("2017-10-12")
        };
        out.extend(
            json!({"id": id, "text": text, "date": date})
                .to_string()
                .bytes(),
        );
        out.push(b'\n');
    }
    out.extend(b"{\"id\":\"no-text\",\"date\":\"2016-03-24\"}\n");
    out.extend(b"{\"id\":7,\"text\":\"Clashes in Homs.\",\"date\":20160324}\n");
    out.extend(b"{\"id\":\"empty\",\"text\":\"\"}\n");
    out.extend(b"{\"id\":\"latin-1\",\"text\":\"Shelling hit Hama, the caf\xe9 said.\"}\n");
    out
}

/// Checks `value` against `schema` (the subset of JSON Schema that
/// schemars writes), strictly: an object may hold only the properties its
/// schema lists, and must hold the required ones. Records every property
/// path seen in `seen`.
fn check(
    defs: &Value,
    schema: &Value,
    value: &Value,
    path: &str,
    seen: &mut BTreeSet<String>,
) -> Result<(), String> {
    let schema = match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => &defs[r.strip_prefix("#/$defs/").unwrap()],
        None => schema,
    };
    if let Some(vs) = schema.get("anyOf").or_else(|| schema.get("oneOf")) {
        let mut why = Vec::new();
        for v in vs.as_array().unwrap() {
            let mut s = seen.clone();
            match check(defs, v, value, path, &mut s) {
                Ok(()) => {
                    *seen = s;
                    return Ok(());
                }
                Err(e) => why.push(e),
            }
        }
        return Err(format!("{path}: no variant fits: {why:?}"));
    }
    if let Some(c) = schema.get("const") {
        return if c == value {
            Ok(())
        } else {
            Err(format!("{path}: {value} is not {c}"))
        };
    }
    if let Some(e) = schema.get("enum").and_then(Value::as_array)
        && !e.contains(value)
    {
        return Err(format!("{path}: {value} not in {e:?}"));
    }
    let types: Vec<&str> = match &schema["type"] {
        Value::String(t) => vec![t],
        Value::Array(ts) => ts.iter().map(|t| t.as_str().unwrap()).collect(),
        _ => return Err(format!("{path}: schema without a type: {schema}")),
    };
    let fits = types.iter().any(|t| match *t {
        "null" => value.is_null(),
        "string" => value.is_string(),
        "boolean" => value.is_boolean(),
        "integer" => value.is_u64() || value.is_i64(),
        "number" => value.is_number(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        _ => false,
    });
    if !fits {
        return Err(format!("{path}: {value} is not {types:?}"));
    }
    if let Some(min) = schema.get("minimum").and_then(Value::as_f64)
        && value.as_f64().is_some_and(|v| v < min)
    {
        return Err(format!("{path}: {value} < {min}"));
    }
    if let Value::Array(xs) = value {
        for x in xs {
            check(defs, &schema["items"], x, &format!("{path}[]"), seen)?;
        }
    }
    if let Value::Object(obj) = value {
        let props = schema["properties"].as_object().unwrap();
        for (k, v) in obj {
            let Some(p) = props.get(k) else {
                return Err(format!("{path}: {k} is not in the schema"));
            };
            let sub = format!("{path}.{k}");
            seen.insert(sub.clone());
            check(defs, p, v, &sub, seen)?;
        }
        for r in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if !obj.contains_key(r.as_str().unwrap()) {
                return Err(format!("{path}: required {r} is missing"));
            }
        }
    }
    Ok(())
}

/// Every property path a schema says is always written.
fn paths(defs: &Value, schema: &Value, path: &str, out: &mut BTreeSet<String>, depth: usize) {
    if depth > 16 {
        return;
    }
    let schema = match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => &defs[r.strip_prefix("#/$defs/").unwrap()],
        None => schema,
    };
    for v in schema
        .get("anyOf")
        .or_else(|| schema.get("oneOf"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        paths(defs, v, path, out, depth + 1);
    }
    if let Some(items) = schema.get("items") {
        paths(defs, items, &format!("{path}[]"), out, depth + 1);
    }
    // Fields that may be left out (`warnings`, `sentence.text`) need not
    // be seen; every field always written must be.
    let required: Vec<&Value> = schema
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .collect();
    for (k, p) in schema
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let sub = format!("{path}.{k}");
        if required.iter().any(|r| r.as_str() == Some(k)) {
            out.insert(sub.clone());
        }
        paths(defs, p, &sub, out, depth + 1);
    }
}

/// Every line fits the schema, and every field of the schema is written by
/// at least one line: a field added to the output without the schema, or
/// left in the schema after it left the output, fails here.
fn assert_schema_matches(schema: &Value, out: &[Value]) {
    let defs = &schema["$defs"];
    let mut seen = BTreeSet::new();
    for line in out {
        if let Err(e) = check(defs, schema, line, "", &mut seen) {
            panic!("a line does not fit the schema: {e}\n{line}");
        }
    }
    let mut all = BTreeSet::new();
    paths(defs, schema, "", &mut all, 0);
    let never: Vec<_> = all.difference(&seen).collect();
    assert!(never.is_empty(), "in the schema, never written: {never:?}");
}

fn schema_of(args: &[&str]) -> Value {
    let (out, ok) = pipe(args, b"");
    assert!(ok);
    serde_json::from_str(&out).unwrap()
}

#[test]
fn schema_matches_what_extract_writes() {
    let (out, ok) = pipe(&["extract", "--jsonl"], &corpus());
    assert!(ok);
    let docs = lines(&out);
    assert_schema_matches(&schema_of(&["extract", "--schema", "json"]), &docs);

    let (out, ok) = pipe(&["extract", "--jsonl", "--events"], &corpus());
    assert!(ok);
    let events = lines(&out);
    assert_schema_matches(
        &schema_of(&["extract", "--schema", "json", "--events"]),
        &events,
    );
    // Each document's events, flat, in order; the same numbers as the
    // document's events[].id.
    for doc in docs.iter().filter(|d| d.get("events").is_some()) {
        let rows: Vec<&Value> = events.iter().filter(|e| e["id"] == doc["id"]).collect();
        let ids: Vec<&Value> = doc["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| &e["id"])
            .collect();
        if ids.is_empty() {
            assert_eq!(rows.len(), 1);
            assert_eq!(rows[0]["event"], Value::Null);
            assert_eq!(rows[0]["date"], doc["date"]);
        } else {
            let numbers: Vec<&Value> = rows.iter().map(|r| &r["event"]).collect();
            assert_eq!(numbers, ids, "{}", doc["id"]);
            for (row, ev) in rows.iter().zip(doc["events"].as_array().unwrap()) {
                assert_eq!(row["type"], ev["type"]);
                assert_eq!(row["begin"], ev["begin"]);
                assert_eq!(row["status"], ev["status"]);
                assert_eq!(row["sentence_start"], ev["sentence"]["start"]);
            }
        }
    }
}

#[test]
fn the_shipped_schema_files_are_what_extract_prints() {
    for (file, args) in [
        (
            "schema/extract.schema.json",
            &["extract", "--schema", "json"][..],
        ),
        (
            "schema/extract.spark.ddl",
            &["extract", "--schema", "spark"],
        ),
        (
            "schema/events.schema.json",
            &["extract", "--schema", "json", "--events"],
        ),
        (
            "schema/events.spark.ddl",
            &["extract", "--schema", "spark", "--events"],
        ),
    ] {
        let (printed, ok) = pipe(args, b"");
        assert!(ok);
        let shipped = std::fs::read_to_string(root().join(file)).unwrap();
        assert_eq!(
            shipped,
            printed,
            "{file} is stale: sitrep {} > {file}",
            args.join(" ")
        );
    }
}

#[test]
fn the_event_ddl_has_the_columns_a_table_needs() {
    let (ddl, ok) = pipe(&["extract", "--schema", "spark", "--events"], b"");
    assert!(ok);
    assert_eq!(
        ddl.trim_end(),
        "`id` STRING, `event` BIGINT, `date` STRING, `type` STRING, `acled_event_type` STRING, \
         `acled_sub_event_type` STRING, `status` STRING, `trigger` STRING, \
         `actors` ARRAY<STRING>, `place` STRING, `geonameid` BIGINT, `country` STRING, \
         `admin1` STRING, `lat` DOUBLE, `lon` DOUBLE, `begin` STRING, `end` STRING, \
         `precision` STRING, `sentence` STRING, `sentence_start` BIGINT, \
         `sentence_end` BIGINT, `confidence` DOUBLE, `warnings` ARRAY<STRING>, \
         `line` BIGINT, `error` STRING"
    );
}

#[test]
fn bad_lines_get_an_error_object_each_and_the_rest_go_on() {
    let (out, ok) = pipe(&["extract", "--jsonl"], &corpus());
    assert!(ok);
    let out = lines(&out);
    assert_eq!(out.len(), 11, "one line out per line in");
    let by_id = |id: &str| out.iter().find(|l| l["id"] == id).unwrap();
    assert_eq!(
        by_id("no-text"),
        &json!({"id": "no-text", "line": 8,
                "error": "line 8: no \"text\" (every line needs the article text)"})
    );
    assert_eq!(
        by_id("7"),
        &json!({"id": "7", "line": 9,
                "error": "line 9: \"date\" is a number, not a string like \"2016-03-24\""})
    );
    // An empty text is an article with nothing in it, not an error.
    assert_eq!(by_id("empty")["places"], json!([]));
    // Bytes that are not UTF-8 (a Latin-1 é) are replaced and said so.
    let latin = by_id("latin-1");
    assert_eq!(
        latin["warnings"],
        json!(["line 11: not valid UTF-8: 1 invalid byte sequence replaced with U+FFFD"])
    );
    assert_eq!(latin["places"][0]["text"], "Hama");
    assert!(by_id("wire-syria").get("warnings").is_none());

    // Null text, text of the wrong type, a line that is not an object.
    let (out, ok) = pipe(
        &["extract", "--jsonl"],
        b"{\"id\":\"a\",\"text\":null}\n{\"id\":\"b\",\"text\":[\"x\"]}\n[1,2]\n{\"id\":\"c\",\"text\":\"x\",\"date\":\"2016\xe5\xb9\xb403\xe6\x9c\x8824\"}\n",
    );
    assert!(ok);
    let errors: Vec<String> = lines(&out)
        .iter()
        .map(|l| l["error"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        errors,
        [
            "line 1: \"text\" is null, not a string",
            "line 2: \"text\" is an array, not a string",
            "line 3: not a {\"id\",\"text\",\"date\"} object but an array",
            "line 4: date \"2016年03月24\" is not a date like 2016-03-24 (input contains invalid characters)",
        ]
    );
}

#[test]
fn threads_limit_the_pool_and_change_nothing() {
    let input = corpus();
    let (all, ok) = pipe(&["extract", "--jsonl"], &input);
    assert!(ok);
    let (one, ok) = pipe(&["extract", "--jsonl", "--threads", "1"], &input);
    assert!(ok);
    assert_eq!(all, one);
    let out = sitrep()
        .args(["extract", "--jsonl", "--threads", "0"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("--threads"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn batch_reports_the_threads_it_ran_on() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("out.jsonl");
    let out = sitrep()
        .args(["batch", "--threads", "1", "-o"])
        .arg(&out_path)
        .arg(root().join("tests/dispatches"))
        .env_remove("RAYON_NUM_THREADS")
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("on 1 thread)"), "{err}");
    let out = sitrep()
        .args(["batch", "--force", "-o"])
        .arg(&out_path)
        .arg(root().join("tests/dispatches"))
        .env("RAYON_NUM_THREADS", "2")
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("on 2 threads)"), "{err}");
}

/// A partition of a million tiny lines streams through: every line comes
/// back, in order, while the input is still being written.
#[test]
fn a_million_tiny_lines_stream_through_in_order() {
    const N: usize = 1_000_000;
    let mut child = sitrep()
        .args(["extract", "--jsonl", "--events", "--date", "2016-03-24"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let mut w = std::io::BufWriter::new(&mut stdin);
        for i in 0..N {
            writeln!(w, "{{\"id\":{i},\"text\":\"ok {}\"}}", i % 10).unwrap();
        }
    });
    let reader = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut n = 0;
    for line in reader.lines() {
        let line = line.unwrap();
        let expected = format!("{{\"id\":\"{n}\",\"event\":null,\"date\":\"2016-03-24\",");
        assert!(line.starts_with(&expected), "line {n}: {line}");
        n += 1;
    }
    writer.join().unwrap();
    assert!(child.wait().unwrap().success());
    assert_eq!(n, N);
}

/// A 50 MB article among small ones: that line alone gets an error object
/// (past `--max-text-bytes`), at once; the lines around it are analysed.
#[test]
fn a_fifty_megabyte_article_among_small_ones() {
    let seed = std::fs::read_to_string(root().join("tests/dispatches/brief-sahel.txt")).unwrap();
    let big = seed.repeat(50_000_000 / seed.len() + 1);
    let mut input = Vec::new();
    input.extend(b"{\"id\":\"before\",\"text\":\"Clashes in Homs on Monday.\"}\n");
    input.extend(
        json!({"id": "big", "text": big, "date": "2022-05-03"})
            .to_string()
            .bytes(),
    );
    input.push(b'\n');
    input.extend(b"{\"id\":\"after\",\"text\":\"Clashes in Homs on Monday.\"}\n");
    let started = std::time::Instant::now();
    let (out, ok) = pipe(&["extract", "--jsonl", "--events"], &input);
    assert!(ok);
    assert!(started.elapsed().as_secs() < 60, "{:?}", started.elapsed());
    let out = lines(&out);
    assert_eq!(out.len(), 3);
    assert_eq!(
        (out[0]["id"].as_str(), out[0]["type"].as_str()),
        (Some("before"), Some("battle"))
    );
    assert_eq!(
        out[1],
        json!({"id": "big", "line": 2, "error": format!(
            "line 2: the text is {} bytes, more than --max-text-bytes 16000000 (split it, or raise the limit)",
            big.len()
        )})
    );
    assert_eq!(
        (out[2]["id"].as_str(), out[2]["type"].as_str()),
        (Some("after"), Some("battle"))
    );

    // The limit is on the text's bytes: 26 pass 26, not 25.
    let line = b"{\"id\":\"x\",\"text\":\"Clashes in Homs on Monday.\"}\n";
    let (out, _) = pipe(&["extract", "--jsonl", "--max-text-bytes", "26"], line);
    assert!(lines(&out)[0].get("error").is_none(), "{out}");
    let (out, _) = pipe(&["extract", "--jsonl", "--max-text-bytes", "25"], line);
    assert!(
        lines(&out)[0]["error"]
            .as_str()
            .unwrap()
            .contains("26 bytes"),
        "{out}"
    );
}
