//! The `sitrep` binary: the desktop app, or a command of the CLI.

use std::process::ExitCode;

use clap::Parser;
use sitrep::cli::Cli;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(command) => sitrep::cli::run(command, &mut std::io::stdout().lock()),
        None => open_app(cli.files, cli.present),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // The reader went away (`sitrep extract ... | head`): not an error.
        Err(e)
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
                    || c.downcast_ref::<serde_json::Error>()
                        .and_then(|j| j.io_error_kind())
                        == Some(std::io::ErrorKind::BrokenPipe)
            }) =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("sitrep: {}", sitrep::cli::report(&e));
            ExitCode::FAILURE
        }
    }
}

#[cfg(feature = "gui")]
fn open_app(files: Vec<std::path::PathBuf>, present: bool) -> anyhow::Result<()> {
    sitrep::app::run(files, present)
}

#[cfg(not(feature = "gui"))]
fn open_app(_files: Vec<std::path::PathBuf>, _present: bool) -> anyhow::Result<()> {
    anyhow::bail!(
        "this build of sitrep has no desktop app (built without the `gui` feature); see `sitrep --help` for the commands"
    )
}
