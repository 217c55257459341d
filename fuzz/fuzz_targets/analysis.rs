//! The whole analysis of arbitrary text: document, language layer, places,
//! times, events, then the extract JSON written from it (every span must
//! cut its text in character offsets). The first three bytes give an
//! article date (or none), the rest is the text.
#![no_main]

use std::sync::OnceLock;

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use sitrep::analysis::{Analysis, DateHint};
use sitrep::gazetteer::Gazetteer;

fn gazetteer() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| Gazetteer::bundled().expect("bundled gazetteer"))
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 3 || data.len() > 64 * 1024 {
        return;
    }
    let (head, rest) = data.split_at(3);
    let hint = if head[0] & 1 == 0 {
        DateHint::Detect
    } else {
        // Any day from 1900 to 2100.
        let days = u32::from(u16::from_le_bytes([head[1], head[2]])) % (201 * 366);
        NaiveDate::from_ymd_opt(1900, 1, 1)
            .and_then(|d| d.checked_add_days(chrono::Days::new(u64::from(days))))
            .map_or(DateHint::Detect, DateHint::User)
    };
    let text = String::from_utf8_lossy(rest).into_owned();
    let gaz = gazetteer();
    let a = Analysis::run("fuzz", text, hint, None, gaz);
    let doc = sitrep::output::document(&a, gaz);
    let json = serde_json::to_value(&doc).expect("the extract document serializes");
    let chars: Vec<char> = a.doc.text.chars().collect();
    for layer in ["places", "times"] {
        for m in json[layer].as_array().expect("a list") {
            let (s, e) = (
                m["start"].as_u64().expect("start") as usize,
                m["end"].as_u64().expect("end") as usize,
            );
            assert!(
                s <= e && e <= chars.len(),
                "{layer} span {s}..{e} of {}",
                chars.len()
            );
            let surface: String = chars[s..e].iter().collect();
            assert_eq!(surface, m["text"].as_str().expect("text"), "{layer}");
        }
    }
    let _ = sitrep::output::geojson(&a, gaz);
});
