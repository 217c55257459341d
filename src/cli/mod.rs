//! The command line: `sitrep places`, `extract`, `export`, `batch` and `parse`.
//! Edges only: parses arguments, calls the library, prints. Uses anyhow.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};

use crate::gazetteer::{Candidate, Gazetteer, Overlay};

mod batch;
mod export;
mod extract;
mod parse;
mod write_loop;

pub use extract::jsonl_line;

#[derive(Parser, Debug)]
#[command(
    name = "sitrep",
    version,
    about = "Turns conflict reporting into a map and a timeline, offline.",
    long_about = "Turns conflict reporting into a map and a timeline, offline.\n\nWith no command, opens the desktop app (on the files given, else on the last session or a sample dispatch).",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Dispatches to open in the app (text, HTML, Markdown).
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Open the files straight into present mode: full screen, one event at a time, the
    /// map flying to each (→ / Space / PageDown forward, ← / PageUp back, Esc leaves).
    #[arg(long, requires = "files")]
    pub present: bool,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Look names up in the gazetteer: every candidate, most likely first.
    Places(PlacesArgs),
    /// Find the places, times and events of dispatches, as JSON or GeoJSON.
    Extract(extract::ExtractArgs),
    /// Write dispatches or a saved project as GeoJSON, CSV, KML, GeoPackage, TimelineJS, an SVG map, a briefing page or a story page.
    Export(export::ExportArgs),
    /// Analyse every dispatch in folders or JSONL files on all cores, into one output file.
    Batch(batch::BatchArgs),
    /// Show how the language layer reads a text: CoNLL-U with tags, lemmas, the parse and names.
    Parse(parse::ParseArgs),
    /// Writes one file again and again until killed (for the crash-safety tests).
    #[command(hide = true)]
    WriteLoop(write_loop::WriteLoopArgs),
}

/// An error and its causes on one line, `: `-separated, each said once: a
/// cause whose text a wrapper already printed (an `io::Error` inside
/// "cannot read FILE: No such file or directory") is left out.
#[must_use]
pub fn error_line(err: &(dyn std::error::Error + 'static)) -> String {
    join_causes(std::iter::successors(Some(err), |e| e.source()))
}

/// [`error_line`] of an anyhow chain: what `main` prints.
#[must_use]
pub fn report(err: &anyhow::Error) -> String {
    join_causes(err.chain())
}

fn join_causes<'a>(chain: impl Iterator<Item = &'a (dyn std::error::Error + 'static)>) -> String {
    let mut out = String::new();
    for cause in chain {
        let text = cause.to_string();
        if text.is_empty() || out.contains(&text) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&text);
    }
    out
}

/// The message of an export error on the command line, where `--force` is
/// the way to replace an existing file.
fn export_error(e: crate::export::ExportError) -> anyhow::Error {
    match e {
        crate::export::ExportError::Exists { path } => anyhow::anyhow!(
            "{}: already exists (use --force to overwrite)",
            path.display()
        ),
        e => e.into(),
    }
}

/// One line of a JSONL input (`sitrep extract --jsonl`, `sitrep batch`).
pub(crate) struct InLine {
    pub id: serde_json::Value,
    pub text: String,
    pub date: Option<String>,
}

impl InLine {
    /// Reads one `{"id", "text", "date"}` line. `text` must be a string;
    /// `date` may be missing, null or a string. The error says which field
    /// is wrong and how, without the line number (the caller adds it).
    pub fn parse(line: &str) -> Result<InLine, String> {
        use serde_json::Value;
        let what = |v: &Value| match v {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        };
        let value: Value = serde_json::from_str(line).map_err(|e| format!("not JSON: {e}"))?;
        let Value::Object(mut obj) = value else {
            return Err(format!(
                "not a {{\"id\",\"text\",\"date\"}} object but {}",
                what(&value)
            ));
        };
        let text = match obj.remove("text") {
            Some(Value::String(s)) => s,
            None => return Err("no \"text\" (every line needs the article text)".into()),
            Some(other) => return Err(format!("\"text\" is {}, not a string", what(&other))),
        };
        let date = match obj.remove("date") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s),
            Some(other) => {
                return Err(format!(
                    "\"date\" is {}, not a string like \"2016-03-24\"",
                    what(&other)
                ));
            }
        };
        Ok(InLine {
            id: obj.remove("id").unwrap_or(Value::Null),
            text,
            date,
        })
    }

    /// The document id written out: a string id as it is, any other JSON
    /// value as its JSON text (`17`, `null`).
    pub fn id_string(id: &serde_json::Value) -> String {
        match id {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        }
    }
}

/// `--threads N` of the commands that analyse on several cores.
#[derive(Args, Debug, Clone, Copy, Default)]
pub struct ThreadsArgs {
    /// Analyse on N threads (default: all cores, or RAYON_NUM_THREADS when
    /// set). Under a scheduler, the cores the task was given (a Spark task: 1).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,
}

impl ThreadsArgs {
    /// The threads these options ask for.
    ///
    /// # Errors
    /// When the threads cannot be started.
    pub fn start(self) -> Result<Threads> {
        let Some(n) = self.threads else {
            return Ok(Threads(None));
        };
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(usize::from(n))
            .thread_name(|i| format!("sitrep-{i}"))
            .build()
            .context("cannot start the analysis threads")?;
        Ok(Threads(Some(pool)))
    }
}

/// Where parallel work runs: a pool of `--threads` threads, or rayon's
/// global pool (all cores, or `RAYON_NUM_THREADS`).
pub struct Threads(Option<rayon::ThreadPool>);

impl Threads {
    /// Runs `f` (which uses rayon) on these threads.
    pub fn install<R: Send>(&self, f: impl FnOnce() -> R + Send) -> R {
        match &self.0 {
            Some(pool) => pool.install(f),
            None => f(),
        }
    }

    /// How many threads work.
    #[must_use]
    pub fn count(&self) -> usize {
        self.0.as_ref().map_or_else(
            rayon::current_num_threads,
            rayon::ThreadPool::current_num_threads,
        )
    }
}

/// Loads and analyses `paths` in order, each named by its path; decoding
/// warnings go to stderr.
///
/// # Errors
/// The first file that cannot be read (named in the error).
pub(crate) fn analyse_files(
    paths: &[PathBuf],
    hint: crate::analysis::DateHint,
    gaz: &Gazetteer,
) -> Result<Vec<crate::analysis::Analysis>> {
    let mut analyses = Vec::with_capacity(paths.len());
    for path in paths {
        let input = crate::text::load_path(path)?;
        for w in &input.warnings {
            eprintln!("warning: {}: {w}", path.display());
        }
        let id = path.display().to_string();
        analyses.push(crate::analysis::Analysis::run(
            id,
            input.text,
            hint,
            input.meta_date,
            gaz,
        ));
    }
    Ok(analyses)
}

/// Options every command that resolves places shares.
#[derive(Args, Debug, Clone, Default)]
pub struct GazetteerArgs {
    /// A CSV of your own places and spellings laid over the bundled gazetteer.
    #[arg(long, value_name = "CSV", env = "SITREP_OVERLAY")]
    pub overlay: Option<PathBuf>,
    /// A gazetteer file to use instead of the bundled one (see gazetteer/README.md).
    #[arg(long, value_name = "FILE", env = "SITREP_GAZETTEER")]
    pub gazetteer: Option<PathBuf>,
}

impl GazetteerArgs {
    /// Loads the gazetteer these options ask for. Overlay row errors are
    /// printed to stderr as warnings; the good rows are used.
    ///
    /// # Errors
    /// When the gazetteer file or the overlay file cannot be used at all.
    pub fn load(&self) -> Result<Gazetteer> {
        let gaz = match &self.gazetteer {
            Some(path) => Gazetteer::open(path)?,
            None => Gazetteer::bundled()?,
        };
        let Some(path) = &self.overlay else {
            return Ok(gaz);
        };
        let (overlay, errors) = Overlay::from_path(path)?;
        for e in &errors {
            eprintln!("warning: {e} (row skipped)");
        }
        let gaz = gaz.with_overlay(overlay);
        for id in gaz.overlay().unresolved_aliases() {
            eprintln!(
                "warning: {}: geonameid {id} is not in the gazetteer (its names are ignored)",
                path.display()
            );
        }
        Ok(gaz)
    }
}

#[derive(Args, Debug)]
pub struct PlacesArgs {
    /// Names to look up ("Palmyra", "Syrian", "Middle East").
    #[arg(required = true, value_name = "NAME")]
    pub names: Vec<String>,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    /// At most this many candidates per name (0: all).
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    #[command(flatten)]
    pub gazetteer: GazetteerArgs,
}

/// Runs a command; `None` means the caller should open the app.
///
/// # Errors
/// Whatever the command fails with, for `main` to print once.
pub fn run(command: Command, out: &mut dyn Write) -> Result<()> {
    match command {
        Command::Places(args) => places(&args, out),
        Command::Extract(args) => extract::run(&args, out),
        Command::Export(args) => export::run(&args, out),
        Command::Batch(args) => batch::run(&args, out),
        Command::Parse(args) => parse::run(&args, out),
        Command::WriteLoop(args) => write_loop::run(&args, out),
    }
}

fn places(args: &PlacesArgs, out: &mut dyn Write) -> Result<()> {
    let gaz = args.gazetteer.load()?;
    let limit = if args.limit == 0 {
        usize::MAX
    } else {
        args.limit
    };
    if args.json {
        let answers: Vec<serde_json::Value> = args
            .names
            .iter()
            .map(|name| {
                let candidates: Vec<_> = gaz.lookup(name).into_iter().take(limit).collect();
                serde_json::json!({ "query": name, "candidates": candidates_json(&gaz, &candidates) })
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &answers).context("writing JSON")?;
        writeln!(out)?;
        return Ok(());
    }
    for (n, name) in args.names.iter().enumerate() {
        if n > 0 {
            writeln!(out)?;
        }
        let candidates = gaz.lookup(name);
        if candidates.is_empty() {
            writeln!(
                out,
                "{name}: no place in the gazetteer answers to this name"
            )?;
            continue;
        }
        let shown = candidates.len().min(limit);
        writeln!(
            out,
            "{name}: {} candidate{}{}",
            candidates.len(),
            if candidates.len() == 1 { "" } else { "s" },
            if shown < candidates.len() {
                format!(", first {shown} (--limit 0 for all)")
            } else {
                String::new()
            }
        )?;
        write_table(out, &gaz, &candidates[..shown])?;
    }
    Ok(())
}

fn country_name<'g>(gaz: &'g Gazetteer, code: Option<&str>) -> &'g str {
    code.and_then(|c| gaz.country(c)).map_or("", |c| c.name)
}

fn candidates_json(gaz: &Gazetteer, candidates: &[Candidate<'_>]) -> serde_json::Value {
    candidates
        .iter()
        .map(|c| {
            let mut v = serde_json::to_value(c).unwrap_or_default();
            if let Some(obj) = v.as_object_mut() {
                obj.insert(
                    "country_name".into(),
                    country_name(gaz, c.place.country).into(),
                );
            }
            v
        })
        .collect()
}

fn write_table(out: &mut dyn Write, gaz: &Gazetteer, candidates: &[Candidate<'_>]) -> Result<()> {
    let rows: Vec<[String; 9]> = candidates
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let p = &c.place;
            [
                format!("{}", i + 1),
                p.name.to_owned(),
                format!(
                    "{}{}",
                    p.kind.label(),
                    if p.capital { ", capital" } else { "" }
                ),
                country_name(gaz, p.country).to_owned(),
                p.admin1.unwrap_or("").to_owned(),
                format!("{:.4}, {:.4}", p.lat, p.lon),
                if p.population > 0 {
                    crate::gazetteer::group_thousands(p.population)
                } else {
                    String::new()
                },
                c.matched.label().to_owned(),
                p.geonameid.map_or_else(String::new, |g| g.to_string()),
            ]
        })
        .collect();
    let header = [
        "#",
        "name",
        "kind",
        "country",
        "admin-1",
        "lat, lon",
        "population",
        "matched",
        "geonameid",
    ];
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: &[&str]| -> String {
        let mut s = String::from(" ");
        for (i, (cell, w)) in cells.iter().zip(&widths).enumerate() {
            let pad = w - cell.chars().count();
            // Numbers right-aligned, text left-aligned.
            if i == 0 || i == 6 {
                s.push_str(&" ".repeat(pad));
                s.push_str(cell);
            } else {
                s.push_str(cell);
                s.push_str(&" ".repeat(pad));
            }
            s.push_str("  ");
        }
        s.trim_end().to_owned()
    };
    writeln!(out, "{}", line(&header))?;
    for row in &rows {
        let cells: Vec<&str> = row.iter().map(String::as_str).collect();
        writeln!(out, "{}", line(&cells))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{error_line, report};

    #[test]
    fn a_cause_already_printed_is_not_repeated() {
        let io = std::io::Error::from(std::io::ErrorKind::NotFound);
        let e = crate::text::TextError::Io {
            path: "nonexist.txt".into(),
            source: io,
        };
        let line = error_line(&e);
        assert_eq!(line.matches("not found").count(), 1, "{line}");
        assert!(line.starts_with("cannot read nonexist.txt: "), "{line}");
        // A context over it adds itself once, the cause still once.
        let any = anyhow::Error::new(e).context("opening the dispatch");
        let line = report(&any);
        assert!(
            line.starts_with("opening the dispatch: cannot read nonexist.txt: "),
            "{line}"
        );
        assert_eq!(line.matches("not found").count(), 1, "{line}");
    }

    #[test]
    fn causes_not_yet_printed_are_kept() {
        let any = anyhow::anyhow!("disk full").context("writing out.csv");
        assert_eq!(report(&any), "writing out.csv: disk full");
    }
}
