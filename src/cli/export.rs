//! `sitrep export`: dispatches (or a saved project, with its corrections)
//! out as GeoJSON, CSV, KML, GeoPackage, TimelineJS, an SVG map, a briefing page or a story page, through the filter.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use clap::Args;

use super::GazetteerArgs;
use crate::analysis::{Analysis, DateHint};
use crate::events::EventType;
use crate::export::{self, Filter, Format, Source, Table};

#[derive(Args, Debug)]
pub struct ExportArgs {
    /// Dispatches to read (plain text, HTML or Markdown).
    #[arg(value_name = "FILE", required_unless_present = "project")]
    pub files: Vec<PathBuf>,
    /// A saved sitrep project: its dispatches are exported with their corrections.
    #[arg(long, value_name = "FILE")]
    pub project: Option<PathBuf>,
    /// The file to write.
    #[arg(short, long, value_name = "OUT")]
    pub output: PathBuf,
    /// geojson, csv, kml, gpkg, timelinejs, svg, html (briefing) or story (default: from OUT's extension; .story.html is a story page).
    #[arg(long, value_name = "F", value_parser = parse_format)]
    pub format: Option<Format>,
    /// Overwrite OUT if it exists.
    #[arg(long)]
    pub force: bool,
    /// The article date of FILEs, YYYY-MM-DD (else found in the dispatch, else unknown).
    #[arg(long, value_parser = parse_date)]
    pub date: Option<NaiveDate>,
    /// Only events that end on or after this day (YYYY-MM-DD); drops undated events.
    #[arg(long, value_name = "D", value_parser = parse_date)]
    pub from: Option<NaiveDate>,
    /// Only events that begin on or before this day (YYYY-MM-DD); drops undated events.
    #[arg(long, value_name = "D", value_parser = parse_date)]
    pub to: Option<NaiveDate>,
    /// Only these event types, comma-separated (battle,airstrike,...).
    #[arg(long = "type", value_name = "T,...", value_delimiter = ',', value_parser = parse_type)]
    pub types: Vec<EventType>,
    #[command(flatten)]
    pub gazetteer: GazetteerArgs,
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|e| format!("{s:?} is not a date like 2016-03-24 ({e})"))
}

fn ids(all: impl Iterator<Item = &'static str>) -> String {
    all.collect::<Vec<_>>().join(", ")
}

fn parse_format(s: &str) -> Result<Format, String> {
    Format::from_id(&s.to_ascii_lowercase()).ok_or_else(|| {
        format!(
            "{s:?} is not a format (one of {})",
            ids(Format::ALL.into_iter().map(Format::id))
        )
    })
}

fn parse_type(s: &str) -> Result<EventType, String> {
    EventType::from_id(s.trim()).ok_or_else(|| {
        format!(
            "{s:?} is not an event type (one of {})",
            ids(EventType::ALL.into_iter().map(EventType::id))
        )
    })
}

pub fn run(args: &ExportArgs, out: &mut dyn Write) -> Result<()> {
    let format = match args.format {
        Some(f) => f,
        None => Format::from_path(&args.output).with_context(|| {
            format!(
                "{}: cannot tell the format from the file name; use --format ({})",
                args.output.display(),
                ids(Format::ALL.into_iter().map(Format::id))
            )
        })?,
    };
    if let (Some(f), Some(t)) = (args.from, args.to)
        && f > t
    {
        bail!("--from {f} is after --to {t}");
    }
    // Refuse early, before the (slow) analysis.
    if !args.force && std::fs::symlink_metadata(&args.output).is_ok() {
        return Err(super::export_error(export::ExportError::Exists {
            path: args.output.clone(),
        }));
    }
    let gaz = args.gazetteer.load()?;
    let mut analyses: Vec<Analysis> = Vec::new();
    if let Some(project) = &args.project {
        let session = crate::project::Session::load(project)?;
        if session.dispatches.is_empty() {
            eprintln!(
                "warning: {}: the project has no dispatches",
                project.display()
            );
        }
        analyses.extend(session.dispatches.iter().map(|d| d.analyse(&gaz)));
    }
    let hint = args.date.map_or(DateHint::Detect, DateHint::User);
    analyses.extend(super::analyse_files(&args.files, hint, &gaz)?);
    let sources: Vec<Source<'_>> = analyses
        .iter()
        .map(|a| Source {
            name: &a.id,
            analysis: a,
        })
        .collect();
    let filter = Filter {
        from: args.from,
        to: args.to,
        types: (!args.types.is_empty()).then(|| args.types.clone()),
        sources: None,
    };
    let table = Table::build(&sources, &gaz, &filter);
    export::write(format, &table, &args.output, args.force).map_err(super::export_error)?;
    let located = table.events.iter().filter(|e| e.place.is_some()).count();
    writeln!(
        out,
        "{}: {} events ({} with a place), {} places from {} dispatch{} ({})",
        args.output.display(),
        table.events.len(),
        located,
        table.places.len(),
        table.sources.len(),
        if table.sources.len() == 1 { "" } else { "es" },
        format.id()
    )?;
    Ok(())
}
