//! Gazetteer files (`Gazetteer::from_bytes`, what `--gazetteer FILE`
//! reads). The first byte picks the mode:
//! - raw: the bytes as a file;
//! - patched: a small valid file with the bytes as (offset, xor) patches,
//!   its section checksums then made right again, so the checks behind
//!   the checksums (bounds, records, the name index) are reached;
//! - built: places made from the bytes, encoded by the builder, loaded.
//!
//! A file that loads is then used: lookups, nearest places, countries.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use sitrep::gazetteer::format::{BuildEntry, encode};
use sitrep::gazetteer::{Gazetteer, MatchKind, PlaceKind};

fn tiny() -> &'static [u8] {
    static T: OnceLock<Vec<u8>> = OnceLock::new();
    T.get_or_init(|| {
        let mut a = BuildEntry::new("Ar Raqqah", PlaceKind::Populated, 35.95, 39.01);
        a.country = Some("SY".into());
        a.population = 531_952;
        a.names.push(("Raqqa".into(), MatchKind::Alternate));
        let mut b = BuildEntry::new("Syria", PlaceKind::Country, 34.8, 39.0);
        b.country = Some("SY".into());
        b.names.push(("Syrian".into(), MatchKind::Demonym));
        encode(&[a, b]).expect("encodes").0
    })
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn u64_at(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(b.get(at..at + 8)?.try_into().ok()?))
}

/// Recomputes every section's CRC the header declares (header: 20 bytes;
/// a section entry: tag 4, offset 8, length 8, crc 4).
fn fix_checksums(file: &mut [u8]) {
    let n = u32_at(file, 16).unwrap_or(0) as usize;
    for s in 0..n.min(64) {
        let at = 20 + s * 24;
        let (Some(off), Some(len)) = (u64_at(file, at + 4), u64_at(file, at + 12)) else {
            return;
        };
        let Some(end) = off.checked_add(len).filter(|&e| e <= file.len() as u64) else {
            continue;
        };
        let crc = crc32fast::hash(&file[off as usize..end as usize]);
        if let Some(slot) = file.get_mut(at + 20..at + 24) {
            slot.copy_from_slice(&crc.to_le_bytes());
        }
    }
}

fn use_it(gaz: &Gazetteer, names: &[String]) {
    for name in names {
        for c in gaz.lookup(name).iter().take(3) {
            let _ = gaz.nearest(c.place.lat, c.place.lon);
            let _ = c.place.country.and_then(|k| gaz.country(k));
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    match mode % 3 {
        0 => {
            if let Ok(g) = Gazetteer::from_bytes(rest.to_vec(), "fuzz.bin") {
                use_it(&g, &["Raqqa".into(), "Syria".into()]);
            }
        }
        1 => {
            let mut file = tiny().to_vec();
            for p in rest.chunks_exact(3) {
                let at = usize::from(u16::from_le_bytes([p[0], p[1]])) % file.len();
                file[at] ^= p[2];
            }
            fix_checksums(&mut file);
            if let Ok(g) = Gazetteer::from_bytes(file, "fuzz.bin") {
                use_it(&g, &["Raqqa".into(), "Syrian".into(), "Ar Raqqah".into()]);
            }
        }
        _ => {
            let text = String::from_utf8_lossy(rest);
            let mut entries = Vec::new();
            let mut names = Vec::new();
            for (i, line) in text.lines().take(32).enumerate() {
                let mut parts = line.split('|');
                let name = parts.next().unwrap_or_default().to_owned();
                let kinds = [
                    PlaceKind::Populated,
                    PlaceKind::Admin1,
                    PlaceKind::Country,
                    PlaceKind::Region,
                ];
                let kind = kinds[i % kinds.len()];
                let lat = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0.0);
                let lon = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0.0);
                let mut e = BuildEntry::new(&name, kind, lat, lon);
                e.country = parts.next().map(str::to_owned);
                for alt in parts {
                    e.names.push((alt.to_owned(), MatchKind::Alternate));
                    names.push(alt.to_owned());
                }
                names.push(name);
                entries.push(e);
            }
            if let Ok((file, _)) = encode(&entries) {
                let g = Gazetteer::from_bytes(file, "built.bin")
                    .expect("a file the builder wrote loads");
                use_it(&g, &names);
            }
        }
    }
});
