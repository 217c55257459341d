//! Inputs the fuzz targets (`fuzz/`) crashed on, each replayed here through
//! the same steps as its target, so the fix stays fixed. A case says which
//! target found it and what the bug was.

use sitrep::gazetteer::Gazetteer;

/// The small valid file of `fuzz_targets/gazetteer_file.rs` (the same
/// two entries as the gazetteer tests' own).
fn tiny_gazetteer() -> Vec<u8> {
    crate::gazetteer::tiny_file()
}

/// The target's "patched" mode: (offset u16, xor) patches, then every
/// section checksum made right again.
fn patched(patches: &[u8]) -> Vec<u8> {
    let mut file = tiny_gazetteer();
    for p in patches.chunks_exact(3) {
        let at = usize::from(u16::from_le_bytes([p[0], p[1]])) % file.len();
        file[at] ^= p[2];
    }
    let u64_at = |f: &[u8], at: usize| u64::from_le_bytes(f[at..at + 8].try_into().unwrap());
    let n = u32::from_le_bytes(file[16..20].try_into().unwrap()) as usize;
    for s in 0..n.min(64) {
        let at = 20 + s * 24;
        let (off, len) = (u64_at(&file, at + 4), u64_at(&file, at + 12));
        let Some(end) = off.checked_add(len).filter(|&e| e <= file.len() as u64) else {
            continue;
        };
        let crc = crc32fast::hash(&file[off as usize..end as usize]);
        file[at + 20..at + 24].copy_from_slice(&crc.to_le_bytes());
    }
    file
}

/// Regression: gazetteer_file, patched mode. A damaged name index (the fst)
/// under a right section checksum loaded, then the first lookup panicked
/// inside `fst` (`assertion failed: 1 <= nbytes && nbytes <= 8`, and an
/// index out of bounds). The fst's own checksum is now checked at load: a
/// typed error naming the file.
#[test]
fn a_damaged_name_index_is_refused_at_load() {
    // The three artifacts, less their first byte (the target's mode: patched).
    let cases: [(&str, &[u8]); 3] = [
        ("crash-685c4348", &[0x2f, 0x01, 0x2f, 0x01]),
        ("crash-ccfedb33", &[0x68, 0x00, 0x01]),
        (
            "crash-05357014",
            &[
                0x6b, 0x01, 0x50, 0x4f, 0x04, 0x00, 0x50, 0x00, 0xb6, 0x54, 0x12, 0x00, 0xfe, 0x00,
                0x4f, 0x00, 0x00, 0x00, 0x00, 0x00,
            ],
        ),
    ];
    for (name, patches) in cases {
        let file = patched(patches);
        assert_ne!(file, tiny_gazetteer(), "{name}: the patch changes the file");
        match Gazetteer::from_bytes(file, "fuzz.bin") {
            Err(e) => {
                let msg = e.to_string();
                assert!(
                    msg.contains("fuzz.bin") && msg.contains("name index"),
                    "{name}: {msg}"
                );
            }
            Ok(g) => {
                // Loading is allowed only if every lookup then works.
                for q in ["Raqqa", "Syrian", "Ar Raqqah"] {
                    let _ = g.lookup(q);
                }
            }
        }
    }
}
