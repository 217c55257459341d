//! The user's overlay CSV: any bytes give an overlay and row errors, or a
//! file error; the overlay then lays over the bundled gazetteer and its
//! names are looked up.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use sitrep::gazetteer::{Gazetteer, Overlay};

fn gazetteer() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| Gazetteer::bundled().expect("bundled gazetteer"))
}

fuzz_target!(|data: &[u8]| {
    let Ok((overlay, _errors)) = Overlay::from_reader(data, Path::new("fuzz.csv")) else {
        return;
    };
    let gaz = gazetteer().clone().with_overlay(overlay);
    let _ = gaz.overlay().unresolved_aliases();
    for field in String::from_utf8_lossy(data)
        .split([',', '\n', ';'])
        .take(16)
    {
        let _ = gaz.lookup(field);
    }
});
