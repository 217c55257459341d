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
use crate::jsonl::{self, ErrorLine, Layout};
use crate::output;

/// `--max-text-bytes` unless given.
const MAX_TEXT_BYTES: usize = 16_000_000;

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
    #[arg(value_name = "FILE", required_unless_present_any = ["jsonl", "schema"])]
    pub files: Vec<PathBuf>,
    /// The article date, YYYY-MM-DD (else found in the dispatch, else unknown).
    #[arg(long, value_parser = parse_date)]
    pub date: Option<NaiveDate>,
    #[arg(long, value_enum, default_value_t = Format::Json)]
    pub format: Format,
    /// Read JSONL lines {"id","text","date"} on stdin, write one JSON line per input line.
    #[arg(long, conflicts_with = "files")]
    pub jsonl: bool,
    /// With --jsonl: one flat line per event (document id, type, place,
    /// country, lat, lon, begin, end, ...) instead of one document per line.
    #[arg(long)]
    pub events: bool,
    /// Print the schema of the --jsonl output line (with --events: of the
    /// event line) and exit: a Spark DDL string or a JSON Schema.
    #[arg(long, value_enum, value_name = "spark|json")]
    pub schema: Option<SchemaFormat>,
    /// Compact JSON (one line per document) instead of pretty-printed.
    #[arg(long)]
    pub compact: bool,
    /// With --jsonl: a line whose text is longer than this many bytes gets
    /// an error object instead of an analysis (a 12 MB text takes half a
    /// minute on one core, and time grows faster than size).
    #[arg(long, value_name = "BYTES", default_value_t = MAX_TEXT_BYTES)]
    pub max_text_bytes: usize,
    #[command(flatten)]
    pub threads: super::ThreadsArgs,
    #[command(flatten)]
    pub gazetteer: GazetteerArgs,
}

/// `sitrep extract --schema`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SchemaFormat {
    /// A Spark DDL string, for `spark.read.schema(ddl).json(...)`.
    Spark,
    /// A JSON Schema (draft 2020-12).
    Json,
}

pub(super) fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|e| format!("{s:?} is not a date like 2016-03-24 ({e})"))
}

pub fn run(args: &ExtractArgs, out: &mut dyn Write) -> Result<()> {
    let layout = if args.events {
        Layout::Events
    } else {
        Layout::Documents
    };
    if let Some(format) = args.schema {
        match format {
            SchemaFormat::Spark => writeln!(out, "{}", jsonl::spark_ddl(layout))?,
            SchemaFormat::Json => {
                serde_json::to_writer_pretty(&mut *out, &jsonl::json_schema(layout))?;
                writeln!(out)?;
            }
        }
        return Ok(());
    }
    if args.events && !args.jsonl {
        bail!("--events is for --jsonl (or --schema): one flat line per event");
    }
    let gaz = args.gazetteer.load()?;
    if args.jsonl {
        let threads = args.threads.start()?;
        let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
        let opts = LineOptions {
            default_date: args.date,
            layout,
            max_text_bytes: args.max_text_bytes,
        };
        return run_jsonl(&gaz, opts, &threads, &mut std::io::stdin().lock(), &mut out);
    }
    let hint = args.date.map_or(DateHint::Detect, DateHint::User);
    let analyses = super::analyse_files(&args.files, hint, &gaz)?;
    // Written straight from the analysis: no JSON tree in memory (a 50 MB
    // dispatch gives ~640 MB of JSON).
    let mut out = std::io::BufWriter::new(out);
    let write =
        |out: &mut dyn Write, v: &dyn erased::Ser| -> Result<()> { v.write(out, args.compact) };
    match args.format {
        // Each place, time and event is made as it is written: the output
        // structs of a huge dispatch never live all at once.
        Format::Json => match analyses.as_slice() {
            [one] => output::write_document(one, &gaz, &mut out, args.compact)?,
            all => output::write_documents(all, &gaz, &mut out, args.compact)?,
        },
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

/// The output line `sitrep extract --jsonl` writes for one input line
/// (`events`: with `--events`), with the default options: what the fuzz
/// target of the JSONL reader runs.
#[must_use]
pub fn jsonl_line(line: &[u8], events: bool, gaz: &Gazetteer) -> String {
    let opts = LineOptions {
        default_date: None,
        layout: if events {
            Layout::Events
        } else {
            Layout::Documents
        },
        max_text_bytes: MAX_TEXT_BYTES,
    };
    one_line(1, line, opts, gaz)
}

/// What every input line is read and written with.
#[derive(Clone, Copy)]
struct LineOptions {
    default_date: Option<NaiveDate>,
    layout: Layout,
    max_text_bytes: usize,
}

/// The output of one input line (without the final newline): the document
/// or its event lines, or an error object in their place.
fn one_line(line_no: usize, bytes: &[u8], opts: LineOptions, gaz: &Gazetteer) -> String {
    let error = |id: String, what: String| {
        let e = ErrorLine {
            id,
            line: line_no,
            error: format!("line {line_no}: {what}"),
        };
        serde_json::to_string(&e).unwrap_or_default()
    };
    let (line, warnings) = match std::str::from_utf8(bytes) {
        Ok(s) => (std::borrow::Cow::Borrowed(s), Vec::new()),
        Err(_) => {
            let lossy = String::from_utf8_lossy(bytes);
            let n = lossy.matches('\u{fffd}').count()
                - bytes
                    .windows(3)
                    .filter(|w| *w == "\u{fffd}".as_bytes())
                    .count();
            let warning = format!(
                "line {line_no}: not valid UTF-8: {n} invalid byte sequence{} replaced with U+FFFD",
                if n == 1 { "" } else { "s" }
            );
            (lossy, vec![warning])
        }
    };
    let line = line.trim_end();
    let parsed = match InLine::parse(line) {
        Ok(p) => p,
        Err(what) => {
            let id = serde_json::from_str::<serde_json::Value>(line)
                .ok()
                .and_then(|v| v.get("id").cloned())
                .unwrap_or(serde_json::Value::Null);
            return error(InLine::id_string(&id), what);
        }
    };
    let id = InLine::id_string(&parsed.id);
    if parsed.text.len() > opts.max_text_bytes {
        return error(
            id,
            format!(
                "the text is {} bytes, more than --max-text-bytes {} (split it, or raise the limit)",
                parsed.text.len(),
                opts.max_text_bytes
            ),
        );
    }
    let hint = match parsed.date.as_deref().filter(|d| !d.is_empty()) {
        Some(d) => match parse_date(d.get(..10).unwrap_or(d)) {
            Ok(date) => DateHint::User(date),
            Err(e) => return error(id, format!("date {e}")),
        },
        None => opts.default_date.map_or(DateHint::Detect, DateHint::User),
    };
    let analysis = Analysis::run(id.clone(), parsed.text, hint, None, gaz);
    let written = match opts.layout {
        Layout::Documents => {
            let mut doc = output::document(&analysis, gaz);
            doc.warnings = warnings;
            serde_json::to_string(&doc)
        }
        Layout::Events => jsonl::event_lines(&analysis, gaz, &warnings)
            .iter()
            .map(serde_json::to_string)
            .collect::<Result<Vec<_>, _>>()
            .map(|lines| lines.join("\n")),
    };
    written.unwrap_or_else(|e| error(id, format!("cannot write: {e}")))
}

/// Reads JSONL in batches and analyses each batch on `threads`, writing
/// results in input order.
fn run_jsonl(
    gaz: &Gazetteer,
    opts: LineOptions,
    threads: &super::Threads,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> Result<()> {
    /// Lines read ahead of the analysis: enough to keep every thread busy,
    /// few enough that memory stays small (tiny lines) or bounded (large).
    const BATCH: usize = 2048;
    const BATCH_BYTES: usize = 64 << 20;
    let mut batch: Vec<(usize, Vec<u8>)> = Vec::with_capacity(BATCH);
    let mut line_no = 0usize;
    let mut done = false;
    while !done {
        batch.clear();
        let mut bytes = 0;
        while batch.len() < BATCH && bytes < BATCH_BYTES {
            let mut buf = Vec::new();
            let n = input.read_until(b'\n', &mut buf).context("reading stdin")?;
            if n == 0 {
                done = true;
                break;
            }
            line_no += 1;
            if buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            bytes += buf.len();
            batch.push((line_no, buf));
        }
        let results: Vec<String> = threads.install(|| {
            batch
                .par_iter()
                .map(|(n, line)| one_line(*n, line, opts, gaz))
                .collect()
        });
        for r in results {
            out.write_all(r.as_bytes())?;
            out.write_all(b"\n")?;
        }
        // Each batch goes out whole: a reader downstream (a Spark task)
        // sees results while the next batch is analysed.
        out.flush()?;
    }
    if line_no == 0 {
        bail!("no input on stdin (expected JSONL lines {{\"id\",\"text\",\"date\"}})");
    }
    Ok(())
}
