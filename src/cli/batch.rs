//! `sitrep batch`: every dispatch in folders, files and JSONL files,
//! analysed on all cores, written to one output file (JSONL of extract
//! documents, or a table format through the export dispatcher). A file that
//! cannot be read or analysed is listed at the end; it does not stop the run,
//! but the command then fails after writing the results of the good ones.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Result, bail};
use chrono::NaiveDate;
use clap::Args;
use rayon::prelude::*;

use super::{GazetteerArgs, InLine};
use crate::analysis::{Analysis, DateHint};
use crate::export::{ExportError, Filter, Format, Source, Table};
use crate::gazetteer::Gazetteer;
use crate::output;

/// File extensions read from folders (JSONL files are split into lines).
const DISPATCH_EXTENSIONS: [&str; 5] = ["txt", "html", "htm", "md", "markdown"];

#[derive(Args, Debug)]
pub struct BatchArgs {
    /// Folders (searched recursively for .txt, .html, .htm, .md and .jsonl),
    /// dispatch files, or JSONL files of {"id","text","date"} lines.
    #[arg(value_name = "DIR|FILE", required = true)]
    pub inputs: Vec<PathBuf>,
    /// The output file; its extension picks the format: .jsonl (one extract
    /// document per line), .gpkg, .geojson/.json, .csv.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    /// The article date for dispatches that do not carry one, YYYY-MM-DD
    /// (else found in each dispatch, else unknown).
    #[arg(long, value_parser = super::extract::parse_date)]
    pub date: Option<NaiveDate>,
    /// Overwrite the output file if it exists.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub threads: super::ThreadsArgs,
    #[command(flatten)]
    pub gazetteer: GazetteerArgs,
}

/// What `batch` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum OutFormat {
    /// One `sitrep extract` document per line.
    Jsonl,
    /// A table format of the export module.
    Table(Format),
}

impl OutFormat {
    fn from_path(path: &Path) -> Option<OutFormat> {
        let name = path.file_name()?.to_str()?.to_ascii_lowercase();
        if name.ends_with(".jsonl") || name.ends_with(".ndjson") {
            return Some(OutFormat::Jsonl);
        }
        match Format::from_path(path)? {
            f @ (Format::Gpkg | Format::GeoJson | Format::Csv) => Some(OutFormat::Table(f)),
            _ => None,
        }
    }
}

/// One dispatch to analyse.
enum Job {
    File(PathBuf),
    Line {
        file: PathBuf,
        line: usize,
        id: String,
        text: String,
        date: Option<String>,
    },
}

impl Job {
    fn name(&self) -> String {
        match self {
            Job::File(p) => p.display().to_string(),
            Job::Line { file, line, .. } => format!("{}:{line}", file.display()),
        }
    }
}

/// An input that failed, and why.
struct Failure {
    what: String,
    why: String,
}

/// A dispatch done: its analysis, and its JSONL line when writing JSONL.
struct Done {
    analysis: Analysis,
    bytes: usize,
    line: Option<String>,
}

pub fn run(args: &BatchArgs, _out: &mut dyn Write) -> Result<()> {
    let started = Instant::now();
    let Some(format) = OutFormat::from_path(&args.output) else {
        bail!(
            "{}: unknown output format (use .jsonl, .gpkg, .geojson or .csv)",
            args.output.display()
        );
    };
    if args.output.exists() && !args.force {
        return Err(super::export_error(ExportError::Exists {
            path: args.output.clone(),
        }));
    }
    let gaz = args.gazetteer.load()?;
    let threads = args.threads.start()?;

    let mut failures = Vec::new();
    let mut jobs = Vec::new();
    for input in &args.inputs {
        collect(input, &mut jobs, &mut failures);
    }
    if jobs.is_empty() && failures.is_empty() {
        bail!("no dispatches found (looked for .txt, .html, .htm, .md and .jsonl files)");
    }

    let bar = progress_bar(jobs.len() as u64);
    let results: Vec<Result<Done, Failure>> = threads.install(|| {
        jobs.par_iter()
            .map(|job| {
                let r = analyse(job, args.date, &gaz, format == OutFormat::Jsonl);
                bar.inc(1);
                r
            })
            .collect()
    });
    bar.finish_and_clear();

    let mut done = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(d) => done.push(d),
            Err(f) => failures.push(f),
        }
    }

    let written = write_output(format, &done, &gaz, &args.output, args.force);

    let elapsed = started.elapsed().as_secs_f64();
    let bytes: usize = done.iter().map(|d| d.bytes).sum();
    let places: usize = done
        .iter()
        .map(|d| {
            d.analysis
                .places
                .mentions
                .iter()
                .filter(|m| m.place.is_some())
                .count()
        })
        .sum();
    let events: usize = done.iter().map(|d| d.analysis.events.len()).sum();
    let mb = bytes as f64 / 1e6;
    if !failures.is_empty() {
        eprintln!("{} input(s) failed:", failures.len());
        for f in &failures {
            eprintln!("  {}: {}", f.what, f.why);
        }
    }
    eprintln!(
        "{} document{}, {places} place mentions, {events} events; {mb:.2} MB in {elapsed:.2} s ({:.2} MB/s on {} thread{})",
        done.len(),
        if done.len() == 1 { "" } else { "s" },
        if elapsed > 0.0 { mb / elapsed } else { 0.0 },
        threads.count(),
        if threads.count() == 1 { "" } else { "s" },
    );
    written?;
    eprintln!("wrote {}", args.output.display());
    if !failures.is_empty() {
        bail!(
            "{} of {} inputs failed (listed above); results of the others were written",
            failures.len(),
            failures.len() + done.len()
        );
    }
    Ok(())
}

fn progress_bar(len: u64) -> indicatif::ProgressBar {
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{bar:40} {pos}/{len} dispatches  {elapsed_precise} (eta {eta})",
    ) {
        bar.set_style(style);
    }
    bar
}

/// Adds the jobs of one input (a folder, recursively, in name order; a
/// dispatch file; a JSONL file, line by line).
fn collect(path: &Path, jobs: &mut Vec<Job>, failures: &mut Vec<Failure>) {
    let fail = |failures: &mut Vec<Failure>, why: String| {
        failures.push(Failure {
            what: path.display().to_string(),
            why,
        });
    };
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => return fail(failures, format!("cannot read: {e}")),
    };
    if meta.is_dir() {
        let mut entries: Vec<PathBuf> = match std::fs::read_dir(path) {
            Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
            Err(e) => return fail(failures, format!("cannot list the folder: {e}")),
        };
        entries.sort();
        for p in entries {
            let ext = extension(&p);
            if p.is_dir() {
                // Hidden folders (.git) are skipped.
                if !p
                    .file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with('.'))
                {
                    collect(&p, jobs, failures);
                }
            } else if ext == "jsonl" || DISPATCH_EXTENSIONS.contains(&ext.as_str()) {
                collect(&p, jobs, failures);
            }
        }
    } else if extension(path) == "jsonl" {
        jsonl_jobs(path, jobs, failures);
    } else {
        jobs.push(Job::File(path.to_path_buf()));
    }
}

fn extension(p: &Path) -> String {
    p.extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
}

fn jsonl_jobs(path: &Path, jobs: &mut Vec<Job>, failures: &mut Vec<Failure>) {
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => {
            failures.push(Failure {
                what: path.display().to_string(),
                why: format!("cannot read: {e}"),
            });
            return;
        }
    };
    let mut reader = std::io::BufReader::new(file);
    let mut line_no = 0;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match reader.read_until(b'\n', &mut buf) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                failures.push(Failure {
                    what: format!("{}:{}", path.display(), line_no + 1),
                    why: format!("cannot read: {e}"),
                });
                break;
            }
        }
        line_no += 1;
        let what = || format!("{}:{line_no}", path.display());
        let Ok(line) = std::str::from_utf8(&buf) else {
            failures.push(Failure {
                what: what(),
                why: "not UTF-8".into(),
            });
            continue;
        };
        if line.trim().is_empty() {
            continue;
        }
        match InLine::parse(line) {
            Ok(l) => jobs.push(Job::Line {
                file: path.to_path_buf(),
                line: line_no,
                id: InLine::id_string(&l.id),
                text: l.text,
                date: l.date,
            }),
            Err(why) => failures.push(Failure { what: what(), why }),
        }
    }
}

fn analyse(
    job: &Job,
    default_date: Option<NaiveDate>,
    gaz: &Gazetteer,
    jsonl: bool,
) -> Result<Done, Failure> {
    let fail = |why: String| Failure {
        what: job.name(),
        why,
    };
    let default_hint = default_date.map_or(DateHint::Detect, DateHint::User);
    let (analysis, bytes) = match job {
        Job::File(path) => {
            // The error names the file already; keep only what is wrong.
            let input = crate::text::load_path(path).map_err(|e| {
                let msg = e.to_string();
                let prefix = format!("{}: ", path.display());
                fail(msg.strip_prefix(&prefix).unwrap_or(&msg).to_owned())
            })?;
            let bytes = input.text.len();
            let a = Analysis::run(
                path.display().to_string(),
                input.text,
                default_hint,
                input.meta_date,
                gaz,
            );
            (a, bytes)
        }
        Job::Line { id, text, date, .. } => {
            let hint = match date.as_deref().filter(|d| !d.is_empty()) {
                Some(d) => DateHint::User(
                    super::extract::parse_date(d.get(..10).unwrap_or(d))
                        .map_err(|e| fail(format!("date {e}")))?,
                ),
                None => default_hint,
            };
            (
                Analysis::run(id.clone(), text.clone(), hint, None, gaz),
                text.len(),
            )
        }
    };
    let line = if jsonl {
        Some(
            serde_json::to_string(&output::document(&analysis, gaz))
                .map_err(|e| fail(format!("cannot write its JSON: {e}")))?,
        )
    } else {
        None
    };
    Ok(Done {
        analysis,
        bytes,
        line,
    })
}

fn write_output(
    format: OutFormat,
    done: &[Done],
    gaz: &Gazetteer,
    path: &Path,
    force: bool,
) -> Result<()> {
    match format {
        OutFormat::Jsonl => write_atomic(path, force, |out| {
            for d in done {
                if let Some(line) = &d.line {
                    out.write_all(line.as_bytes())?;
                    out.write_all(b"\n")?;
                }
            }
            Ok(())
        })
        .map_err(super::export_error),
        OutFormat::Table(f) => {
            let sources: Vec<Source<'_>> = done
                .iter()
                .map(|d| Source {
                    name: &d.analysis.id,
                    analysis: &d.analysis,
                })
                .collect();
            let table = Table::build(&sources, gaz, &Filter::default());
            crate::export::write(f, &table, path, force).map_err(super::export_error)?;
            Ok(())
        }
    }
}

/// Writes through [`crate::files`], so a failed or killed run never
/// leaves a half-written output.
fn write_atomic(
    path: &Path,
    force: bool,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), ExportError> {
    if !force && path.exists() {
        return Err(ExportError::Exists {
            path: path.to_path_buf(),
        });
    }
    crate::files::write_with(path, fill).map_err(|source| ExportError::Io {
        path: path.to_path_buf(),
        source,
    })
}
