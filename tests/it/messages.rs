//! What the real binary says when it cannot do what was asked: each message
//! names its file once and its cause once, points somewhere useful, never
//! shows a build path or windowing internals, and the process exits with a
//! failure instead of a panic.

use std::path::Path;
use std::process::{Command, Output};

fn sitrep() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_sitrep"));
    c.env_remove("SITREP_OVERLAY")
        .env_remove("SITREP_GAZETTEER");
    c
}

/// Runs `c` and returns its stderr, checking it failed without a panic.
fn fails(c: &mut Command) -> String {
    let out: Output = c.output().expect("sitrep runs");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!out.status.success(), "it should fail; stderr: {err}");
    assert_eq!(out.status.code(), Some(1), "a plain failure: {err}");
    assert!(!err.contains("panicked"), "no panic: {err}");
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    err
}

/// No build paths, no source locations, no crate internals.
fn plain(err: &str) {
    for bad in [
        ".cargo",
        "registry",
        ".rs:",
        "winit",
        "glutin",
        "EventLoop",
        "os error at",
    ] {
        assert!(!err.contains(bad), "{bad:?} in {err}");
    }
}

#[test]
fn a_missing_file_names_it_and_its_cause_once() {
    let err = fails(sitrep().args(["extract", "nonexist.txt"]));
    assert_eq!(err.matches("nonexist.txt").count(), 1, "{err}");
    assert_eq!(err.matches("No such file or directory").count(), 1, "{err}");
    plain(&err);
}

#[test]
fn a_directory_given_as_a_file_says_it_is_one() {
    let dir = tempfile::tempdir().unwrap();
    let err = fails(sitrep().arg("extract").arg(dir.path()));
    assert!(err.contains("is a directory"), "{err}");
    assert_eq!(
        err.matches(&*dir.path().to_string_lossy()).count(),
        1,
        "{err}"
    );
    // As a project, the same.
    let err = fails(
        sitrep()
            .args(["export", "--project"])
            .arg(dir.path())
            .arg("-o")
            .arg(dir.path().join("out.csv")),
    );
    assert!(err.contains("a directory"), "{err}");
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let ok = Command::new("mkfifo").arg(path).status().expect("mkfifo");
    assert!(ok.success());
}

/// A FIFO nobody writes to would block a plain read forever: it is refused
/// at once, as a dispatch, a project and an overlay.
#[cfg(unix)]
#[test]
fn a_fifo_is_refused_not_waited_on() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.txt");
    mkfifo(&fifo);
    let with_timeout = |c: &mut Command| {
        let mut t = Command::new("timeout");
        t.arg("20").arg(c.get_program()).args(c.get_args());
        for (k, v) in c.get_envs() {
            match v {
                Some(v) => t.env(k, v),
                None => t.env_remove(k),
            };
        }
        t
    };
    let err = fails(&mut with_timeout(sitrep().arg("extract").arg(&fifo)));
    assert!(err.contains("named pipe"), "{err}");
    let out = dir.path().join("out.csv");
    let err = fails(&mut with_timeout(
        sitrep()
            .args(["export", "--project"])
            .arg(&fifo)
            .arg("-o")
            .arg(&out),
    ));
    assert!(err.contains("named pipe"), "{err}");
    let sample = dir.path().join("d.txt");
    std::fs::write(&sample, "Shelling hit Aleppo.").unwrap();
    let err = fails(&mut with_timeout(
        sitrep()
            .arg("extract")
            .arg("--overlay")
            .arg(&fifo)
            .arg(&sample),
    ));
    assert!(err.contains("named pipe"), "{err}");
}

/// A file whose name is not UTF-8 is read; a missing one is named readably.
#[cfg(unix)]
#[test]
fn a_file_named_with_invalid_utf8_is_read_and_named() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let name = std::ffi::OsStr::from_bytes(b"d\xff\xfe.txt");
    let path = dir.path().join(name);
    std::fs::write(&path, "Government forces shelled Palmyra on Tuesday.").unwrap();
    let out = sitrep()
        .args(["extract", "--date", "2016-03-24"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(doc["id"].as_str().unwrap().contains("d\u{FFFD}"), "{doc}");
    assert!(doc["places"].to_string().contains("Palmyra"));

    let missing = dir
        .path()
        .join(std::ffi::OsStr::from_bytes(b"gone\xff.txt"));
    let err = fails(sitrep().arg("extract").arg(&missing));
    assert!(err.contains("gone\u{FFFD}.txt"), "{err}");
}

/// A project written by a newer sitrep is refused with its version, once.
#[test]
fn a_project_from_a_future_version_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("future.sitrep.json");
    std::fs::write(&p, r#"{"version": 99, "dispatches": []}"#).unwrap();
    let err = fails(
        sitrep()
            .args(["export", "--project"])
            .arg(&p)
            .arg("-o")
            .arg(dir.path().join("out.csv")),
    );
    assert!(err.contains("newer sitrep") && err.contains("99"), "{err}");
    assert_eq!(err.matches("future.sitrep.json").count(), 1, "{err}");
    assert!(!dir.path().join("out.csv").exists());
}

/// An overlay saved by a spreadsheet on Windows (BOM, CRLF) works as it is.
#[test]
fn an_overlay_with_a_bom_and_crlf_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("mine.csv");
    std::fs::write(
        &csv,
        "\u{FEFF}name,lat,lon,country\r\nCamp Qaryatayn Nord,34.25,37.25,SY\r\n",
    )
    .unwrap();
    let out = sitrep()
        .args(["places", "--json", "--overlay"])
        .arg(&csv)
        .arg("Camp Qaryatayn Nord")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(!err.contains("warning"), "no row is skipped: {err}");
    let answers: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let first = &answers[0]["candidates"][0];
    assert_eq!(first["name"], "Camp Qaryatayn Nord", "{answers}");
    assert!(
        (first["lat"].as_f64().unwrap() - 34.25).abs() < 1e-9,
        "{first}"
    );
}

/// `sitrep` with no command and no usable display: one sentence, pointing to
/// the command line, for an unset, an empty and an unreachable display.
#[cfg(feature = "gui")]
#[test]
fn no_usable_display_points_to_the_command_line() {
    let home = tempfile::tempdir().unwrap();
    let cases: [(&str, Option<&str>); 3] = [
        ("unset", None),
        ("empty", Some("")),
        // Nothing listens on display 99 here (the test checks it first).
        ("unreachable", Some(":99")),
    ];
    assert!(
        !Path::new("/tmp/.X11-unix/X99").exists(),
        "an X server runs on :99; this test needs it absent"
    );
    for (what, display) in cases {
        let mut c = sitrep();
        c.env_remove("WAYLAND_DISPLAY")
            .env("HOME", home.path())
            .env("XDG_RUNTIME_DIR", home.path());
        match display {
            Some(d) => c.env("DISPLAY", d),
            None => c.env_remove("DISPLAY"),
        };
        let err = fails(&mut c);
        assert!(
            err.starts_with("sitrep: cannot open the window: "),
            "{what}: {err}"
        );
        assert!(err.contains("sitrep extract"), "{what}: {err}");
        if what == "unreachable" {
            assert!(err.contains("DISPLAY=:99"), "{what}: {err}");
        } else {
            assert!(err.contains("no display is set"), "{what}: {err}");
        }
        plain(&err);
    }
}

/// An existing export is refused on the command line with the flag that
/// replaces it; the library's message does not mention a flag.
#[test]
fn an_existing_output_is_refused_with_the_flag_to_use() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("events.csv");
    std::fs::write(&out, "keep").unwrap();
    let err = fails(
        sitrep()
            .arg("export")
            .arg(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/assets/sample-dispatch.txt"
            ))
            .arg("-o")
            .arg(&out),
    );
    assert!(
        err.contains("already exists (use --force to overwrite)"),
        "{err}"
    );
    assert_eq!(err.matches("events.csv").count(), 1, "{err}");
    assert_eq!(std::fs::read(&out).unwrap(), b"keep");
    let lib = sitrep::export::ExportError::Exists { path: out };
    assert!(!lib.to_string().contains("--force"), "{lib}");
}

/// An export into a folder that cannot be made names the file once.
#[test]
fn an_unwritable_output_names_it_once() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, "x").unwrap();
    let out = blocker.join("events.csv");
    let err = fails(
        sitrep()
            .arg("export")
            .arg(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/assets/sample-dispatch.txt"
            ))
            .arg("-o")
            .arg(&out),
    );
    assert_eq!(err.matches("events.csv").count(), 1, "{err}");
    assert!(err.ends_with("file is a file, not a folder\n"), "{err}");
}

/// The autosave into a home it cannot write to (here the session's folder
/// is a file, so even root cannot create it): a banner names the file and
/// the cause, says the work is still open, and nothing open is lost; saving
/// the project elsewhere still works.
#[cfg(feature = "gui")]
#[test]
fn an_unwritable_home_keeps_the_work_and_says_so() {
    use sitrep::app::{Command as AppCommand, Config, SitrepApp};
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    std::fs::write(&home, "not a folder").unwrap();
    let session_file = home.join("sitrep").join("session.json");
    let g = sitrep::gazetteer::Gazetteer::bundled().unwrap();
    let config = Config {
        session_file: Some(session_file.clone()),
        ..Config::headless(&g)
    };
    let mut h = egui_kittest::Harness::builder()
        .with_size(egui::vec2(1200.0, 800.0))
        .allow_missing_glyphs()
        .build_eframe(move |cc| SitrepApp::new(&cc.egui_ctx, g.clone(), config));
    h.run_steps(3);
    let ctx = h.ctx.clone();
    h.state_mut().apply(
        vec![AppCommand::NewDispatch {
            name: "mine".into(),
            text: "Shelling hit Aleppo on Monday.".into(),
        }],
        &ctx,
    );
    // The autosave waits for 1.5 s without changes, then runs on a thread.
    let mut banner = None;
    for _ in 0..100 {
        std::thread::sleep(std::time::Duration::from_millis(50));
        h.step();
        banner = h.state().banner.clone().filter(|b| b.error);
        if banner.is_some() {
            break;
        }
    }
    let banner = banner.expect("a banner after the failed autosave");
    let text = &banner.text;
    assert_eq!(text.matches("session.json").count(), 1, "{text}");
    assert!(text.contains("home is a file, not a folder"), "{text}");
    assert!(
        text.contains("not saved") && text.contains("Save project as"),
        "{text}"
    );
    let app = h.state();
    assert!(
        app.dispatches.iter().any(|d| d.name == "mine"),
        "the work is still open"
    );
    assert!(!session_file.exists());
    let elsewhere = dir.path().join("kept.sitrep.json");
    h.state_mut()
        .apply(vec![AppCommand::SaveProject(elsewhere.clone())], &ctx);
    let kept = sitrep::project::Session::load(&elsewhere).expect("saved elsewhere");
    assert!(kept.dispatches.iter().any(|d| d.name == "mine"));
}

/// A file over the documented limit (256 MB) is refused before it is read,
/// in megabytes, with what to do. The file is sparse: no disk is used.
#[test]
fn a_file_over_the_size_limit_is_refused_in_plain_words() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("huge.txt");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(sitrep::text::input::MAX_INPUT_BYTES as u64 + 1)
        .unwrap();
    let err = fails(sitrep().arg("extract").arg(&big));
    assert!(
        err.contains("huge.txt is too large: 257 MB, and sitrep reads at most 256 MB"),
        "{err}"
    );
    assert!(err.contains("split it"), "{err}");
}

/// The app starting on a session file a newer sitrep wrote: the file is
/// kept aside byte for byte (never overwritten by the next autosave), and
/// the banner says why, naming the file once.
#[cfg(feature = "gui")]
#[test]
fn a_session_from_a_future_version_is_kept_aside() {
    use sitrep::app::{Config, SitrepApp};
    let dir = tempfile::tempdir().unwrap();
    let session_file = dir.path().join("session.json");
    let future =
        br#"{"version": 7, "dispatches": [{"name": "mine", "text": "kept"}], "new_field": true}"#;
    std::fs::write(&session_file, future).unwrap();
    let g = sitrep::gazetteer::Gazetteer::bundled().unwrap();
    let config = Config {
        session_file: Some(session_file.clone()),
        ..Config::headless(&g)
    };
    let h = egui_kittest::Harness::builder()
        .with_size(egui::vec2(1200.0, 800.0))
        .allow_missing_glyphs()
        .build_eframe(move |cc| SitrepApp::new(&cc.egui_ctx, g.clone(), config));
    let banner = h.state().banner.clone().expect("a banner");
    assert!(banner.error);
    let text = &banner.text;
    assert!(text.contains("newer sitrep (format 7"), "{text}");
    assert_eq!(text.matches("session.json:").count(), 1, "{text}");
    assert!(text.contains("session.json.unreadable"), "{text}");
    let aside = dir.path().join("session.json.unreadable");
    assert_eq!(std::fs::read(&aside).unwrap(), future, "kept byte for byte");
}

/// A project of 10,000 dispatches saves and loads whole (no analysis here:
/// the file format alone).
#[test]
fn a_project_of_ten_thousand_dispatches_round_trips() {
    use sitrep::project::{SavedDispatch, Session};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.sitrep.json");
    let session = Session {
        dispatches: (0..10_000)
            .map(|i| SavedDispatch {
                name: format!("d{i}.txt"),
                text: format!("Shelling hit Aleppo on Monday. Report {i}."),
                ..SavedDispatch::default()
            })
            .collect(),
        active: 9_999,
        ..Session::default()
    };
    session.save(&path).unwrap();
    let back = Session::load(&path).unwrap();
    assert_eq!(back, session);
}
