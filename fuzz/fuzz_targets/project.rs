//! Project and session files: any bytes either load as a session or give a
//! typed error; one that loads saves and loads back the same.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use sitrep::project::Session;

fuzz_target!(|data: &[u8]| {
    let path = Path::new("fuzz.sitrep.json");
    let Ok(session) = Session::from_json(data, path) else {
        return;
    };
    let json = serde_json::to_vec(&session).expect("a session serializes");
    let again = Session::from_json(&json, path).expect("a saved session loads");
    // Floats that do not survive JSON (NaN) cannot be in a loaded session.
    assert_eq!(
        serde_json::to_vec(&again).expect("serializes"),
        json,
        "save, load, save is stable"
    );
});
