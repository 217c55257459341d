//! `sitrep write-loop` (hidden): writes one file again and again, through
//! the same code the app and `sitrep export` use, until it is killed. The
//! crash-safety tests (`tests/it/crash_saves.rs`) kill it at random moments
//! and check that the file is always a whole version, old or new.
//!
//! Generation `g` is marked in what it writes: the source name `gen-g` in an
//! export, the dispatch names `gen-g-n` in a project, so a file stitched
//! from two writes shows two marks.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Result, bail};
use clap::Args;

use crate::analysis::{Analysis, DateHint};
use crate::export::{self, Filter, Format, Source, Table};
use crate::project::{SavedDispatch, Session};

#[derive(Args, Debug)]
pub struct WriteLoopArgs {
    /// `project` (the session file, as the app autosaves it) or an export
    /// format id (geojson, csv, kml, gpkg, timelinejs, svg, html).
    #[arg(long)]
    pub what: String,
    /// The dispatch the written versions are made of.
    #[arg(value_name = "FILE")]
    pub input: PathBuf,
    /// The file written again and again.
    #[arg(short, long, value_name = "OUT")]
    pub output: PathBuf,
    /// Stop after this many writes (default: until killed).
    #[arg(long)]
    pub count: Option<u64>,
}

pub fn run(args: &WriteLoopArgs, out: &mut dyn Write) -> Result<()> {
    let input = crate::text::load_path(&args.input)?;
    let count = args.count.unwrap_or(u64::MAX);
    if args.what == "project" {
        for g in 0..count {
            // Each version holds more dispatches than the one before (up
            // to 8), so a version cut short would not parse.
            let n = 1 + usize::try_from(g % 8).unwrap_or(0);
            let session = Session {
                dispatches: (0..n)
                    .map(|i| SavedDispatch {
                        name: format!("gen-{g}-{i}"),
                        text: input.text.clone(),
                        ..SavedDispatch::default()
                    })
                    .collect(),
                ..Session::default()
            };
            session.save(&args.output)?;
            announce(out, g)?;
        }
        return Ok(());
    }
    let Some(format) = Format::from_id(&args.what) else {
        bail!("{:?} is neither `project` nor an export format", args.what);
    };
    let gaz = crate::gazetteer::Gazetteer::bundled()?;
    let analysis = Analysis::run(
        "dispatch",
        input.text,
        DateHint::Detect,
        input.meta_date,
        &gaz,
    );
    for g in 0..count {
        let name = format!("gen-{g}");
        let sources = [Source {
            name: &name,
            analysis: &analysis,
        }];
        let table = Table::build(&sources, &gaz, &Filter::default());
        export::write(format, &table, &args.output, true)?;
        announce(out, g)?;
    }
    Ok(())
}

/// Says on `out` that generation `g` is written (the test waits for the first).
fn announce(out: &mut dyn Write, g: u64) -> Result<()> {
    if g == 0 {
        writeln!(out, "written")?;
        out.flush()?;
    }
    Ok(())
}
