//! What the command-line tests share: the built binary, and a run that must
//! have succeeded (its stderr shown when it did not).

use std::process::{Command, Output};

/// The `sitrep` binary this test run built.
pub(crate) fn sitrep() -> Command {
    Command::new(env!("CARGO_BIN_EXE_sitrep"))
}

pub(crate) fn assert_ok(out: &Output) {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
