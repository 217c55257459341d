//! The project file: round trip, atomic writes, and files that are not projects.

use sitrep::files::write as write_atomic;
use sitrep::gazetteer::Gazetteer;
use sitrep::project::{ProjectError, SavedDispatch, Session};
use sitrep::view::corrections::{CharSpan, Correction};

fn sample_session() -> Session {
    Session {
        dispatches: vec![SavedDispatch {
            name: "wire.txt".into(),
            text: "BEIRUT, March 3 (Wire) - Shelling hit Aleppo on Tuesday.".into(),
            user_date: chrono::NaiveDate::from_ymd_opt(2016, 3, 3),
            corrections: vec![Correction::NotAPlace {
                span: CharSpan { start: 0, end: 6 },
                only_here: true,
            }],
            ..SavedDispatch::default()
        }],
        ..Session::default()
    }
}

#[test]
fn round_trip_and_corrections_apply() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/brief.sitrep.json");
    let s = sample_session();
    s.save(&path).unwrap();
    let back = Session::load(&path).unwrap();
    assert_eq!(back, s);
    // Only the target is left in the folder: no temporary files.
    let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");

    let gaz = Gazetteer::bundled().unwrap();
    let a = back.dispatches[0].analyse(&gaz);
    let resolved: Vec<&str> = a
        .places
        .mentions
        .iter()
        .filter(|m| m.place.is_some())
        .map(|m| &a.doc.text[m.span.start..m.span.end])
        .collect();
    assert_eq!(resolved, ["Aleppo"], "the correction unresolved BEIRUT");
}

#[test]
fn unreadable_files_are_typed_errors_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("none.json");
    let e = Session::load(&missing).unwrap_err();
    assert!(matches!(e, ProjectError::Read { .. }));
    assert!(e.to_string().contains("none.json"));

    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, b"{\"version\": 1, \"dispatches\": [ {\"name\": 3").unwrap();
    let e = Session::load(&bad).unwrap_err();
    assert!(matches!(e, ProjectError::Corrupt { line: 1, .. }), "{e}");
    assert!(e.to_string().contains("bad.json"), "{e}");

    let newer = dir.path().join("newer.json");
    std::fs::write(&newer, b"{\"version\": 99}").unwrap();
    let e = Session::load(&newer).unwrap_err();
    assert!(matches!(e, ProjectError::TooNew { found: 99, .. }), "{e}");
}

#[test]
fn a_failed_write_leaves_the_old_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.json");
    write_atomic(&path, b"old").unwrap();
    // The target is a directory now: the rename fails, the temp file goes.
    let blocked = dir.path().join("blocked");
    std::fs::create_dir(&blocked).unwrap();
    std::fs::write(blocked.join("x"), b"x").unwrap();
    assert!(write_atomic(&blocked, b"new").is_err());
    assert_eq!(std::fs::read(&path).unwrap(), b"old");
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(left.iter().all(|n| !n.ends_with(".tmp")), "{left:?}");
}
