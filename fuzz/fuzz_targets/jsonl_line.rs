//! The JSONL line reader of `sitrep extract --jsonl` and `sitrep batch`:
//! any line gives exactly one JSON output line (a document or an error
//! object), or with `--events` zero or more lines of JSON; never a panic.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use sitrep::gazetteer::Gazetteer;

fn gazetteer() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| Gazetteer::bundled().expect("bundled gazetteer"))
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, line)) = data.split_first() else {
        return;
    };
    if line.len() > 64 * 1024 || line.contains(&b'\n') {
        return;
    }
    let events = mode & 1 == 1;
    let out = sitrep::cli::jsonl_line(line, events, gazetteer());
    if events {
        for l in out.lines() {
            serde_json::from_str::<serde_json::Value>(l).expect("an event line is JSON");
        }
    } else {
        assert!(!out.contains('\n'), "one line");
        let v: serde_json::Value = serde_json::from_str(&out).expect("the line is JSON");
        assert!(v.is_object());
    }
});
