//! `sitrep extract`: dispatches in, the analysis out as JSON, GeoJSON or
//! JSONL (one output line per input line, in order, on all cores).

use std::io::{BufRead, Write};
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use rayon::prelude::*;

use super::{GazetteerArgs, InLine};
use crate::analysis::{Analysis, DateHint};
use crate::gazetteer::Gazetteer;
use crate::output;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// The extract document (see README: "The extract schema").
    #[default]
    Json,
    /// A GeoJSON FeatureCollection of places and located events.
    Geojson,
}

#[derive(Args, Debug)]
pub struct ExtractArgs {
    /// Dispatches to read (plain text, HTML or Markdown).
    #[arg(value_name = "FILE", required_unless_present = "jsonl")]
    pub files: Vec<PathBuf>,
    /// The article date, YYYY-MM-DD (else found in the dispatch, else unknown).
    #[arg(long, value_parser = parse_date)]
    pub date: Option<NaiveDate>,
    #[arg(long, value_enum, default_value_t = Format::Json)]
    pub format: Format,
    /// Read JSONL lines {"id","text","date"} on stdin, write one JSON line per input line.
    #[arg(long, conflicts_with = "files")]
    pub jsonl: bool,
    /// Compact JSON (one line per document) instead of pretty-printed.
    #[arg(long)]
    pub compact: bool,
    #[command(flatten)]
    pub gazetteer: GazetteerArgs,
}

pub(super) fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|e| format!("{s:?} is not a date like 2016-03-24 ({e})"))
}

pub fn run(args: &ExtractArgs, out: &mut dyn Write) -> Result<()> {
    let gaz = args.gazetteer.load()?;
    if args.jsonl {
        return jsonl(&gaz, args.date, &mut std::io::stdin().lock(), out);
    }
    let hint = args.date.map_or(DateHint::Detect, DateHint::User);
    let analyses = super::analyse_files(&args.files, hint, &gaz)?;
    // Written straight from the borrowed output structs: no JSON tree in
    // memory (a 50 MB dispatch gives ~700 MB of JSON).
    let mut out = std::io::BufWriter::new(out);
    let write =
        |out: &mut dyn Write, v: &dyn erased::Ser| -> Result<()> { v.write(out, args.compact) };
    match args.format {
        Format::Json => {
            let docs: Vec<_> = analyses.iter().map(|a| output::document(a, &gaz)).collect();
            if docs.len() == 1 {
                write(&mut out, &docs[0])?;
            } else {
                write(&mut out, &docs)?;
            }
        }
        Format::Geojson => {
            let mut features = Vec::new();
            for a in &analyses {
                if let serde_json::Value::Object(mut fc) = output::geojson(a, &gaz)
                    && let Some(serde_json::Value::Array(f)) = fc.remove("features")
                {
                    features.extend(f);
                }
            }
            let fc = serde_json::json!({"type": "FeatureCollection", "features": features});
            write(&mut out, &fc)?;
        }
    }
    writeln!(out)?;
    out.flush()?;
    Ok(())
}

/// Serializing any output value, pretty or compact, to a writer.
mod erased {
    use std::io::Write;

    pub trait Ser {
        fn write(&self, out: &mut dyn Write, compact: bool) -> anyhow::Result<()>;
    }

    impl<T: serde::Serialize> Ser for T {
        fn write(&self, out: &mut dyn Write, compact: bool) -> anyhow::Result<()> {
            if compact {
                serde_json::to_writer(out, self)?;
            } else {
                serde_json::to_writer_pretty(out, self)?;
            }
            Ok(())
        }
    }
}

/// One output line for one input line: the document, or an error object.
fn one_line(
    line_no: usize,
    line: &str,
    default_date: Option<NaiveDate>,
    gaz: &Gazetteer,
) -> String {
    let error = |id: serde_json::Value, what: String| {
        serde_json::json!({"id": id, "line": line_no, "error": what}).to_string()
    };
    let parsed: InLine = match serde_json::from_str(line) {
        Ok(p) => p,
        Err(e) => {
            let id = serde_json::from_str::<serde_json::Value>(line)
                .ok()
                .and_then(|v| v.get("id").cloned())
                .unwrap_or(serde_json::Value::Null);
            return error(
                id,
                format!("line {line_no}: not a {{\"id\",\"text\",\"date\"}} object: {e}"),
            );
        }
    };
    let hint = match parsed.date.as_deref().filter(|d| !d.is_empty()) {
        Some(d) => match parse_date(&d[..d.len().min(10)]) {
            Ok(date) => DateHint::User(date),
            Err(e) => return error(parsed.id, format!("line {line_no}: date {e}")),
        },
        None => default_date.map_or(DateHint::Detect, DateHint::User),
    };
    let id = match &parsed.id {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let analysis = Analysis::run(id, parsed.text, hint, None, gaz);
    serde_json::to_string(&output::document(&analysis, gaz))
        .unwrap_or_else(|e| error(parsed.id, format!("line {line_no}: cannot write: {e}")))
}

/// Reads JSONL in batches and analyses each batch on all cores, writing
/// results in input order.
fn jsonl(
    gaz: &Gazetteer,
    default_date: Option<NaiveDate>,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> Result<()> {
    const BATCH: usize = 2048;
    let mut batch: Vec<(usize, String)> = Vec::with_capacity(BATCH);
    let mut line_no = 0usize;
    let mut done = false;
    while !done {
        batch.clear();
        while batch.len() < BATCH {
            let mut buf = Vec::new();
            let n = input.read_until(b'\n', &mut buf).context("reading stdin")?;
            if n == 0 {
                done = true;
                break;
            }
            line_no += 1;
            let line = String::from_utf8_lossy(&buf).trim_end().to_owned();
            if line.trim().is_empty() {
                continue;
            }
            batch.push((line_no, line));
        }
        let results: Vec<String> = batch
            .par_iter()
            .map(|(n, line)| one_line(*n, line, default_date, gaz))
            .collect();
        for r in results {
            out.write_all(r.as_bytes())?;
            out.write_all(b"\n")?;
        }
    }
    out.flush()?;
    if line_no == 0 {
        bail!("no input on stdin (expected JSONL lines {{\"id\",\"text\",\"date\"}})");
    }
    Ok(())
}
