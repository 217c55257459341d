//! Language-model files (`lang::Model::from_bytes`). The first byte picks
//! the mode: the bytes as a file, or six sections cut from the bytes
//! (each after a 2-byte length) written by the model writer with right
//! checksums, so the section readers behind the checksums are reached.
//! A model that loads then annotates a sentence. The same bytes, marked
//! as format version 1, go through `lang::model::upgrade` too.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sitrep::lang::Model;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let file = if mode % 2 == 0 {
        rest.to_vec()
    } else {
        let mut sections: Vec<&[u8]> = Vec::new();
        let mut at = rest;
        for _ in 0..6 {
            let (n, tail) = match at {
                [a, b, tail @ ..] => (usize::from(u16::from_le_bytes([*a, *b])), tail),
                _ => (0, at),
            };
            let n = n.min(tail.len());
            sections.push(&tail[..n]);
            at = &tail[n..];
        }
        let sections: [&[u8]; 6] = sections.try_into().expect("six");
        sitrep::lang::model::write(&sections)
    };
    let mut v1 = file.clone();
    if v1.len() >= 12 {
        v1[8..12].copy_from_slice(&1u32.to_le_bytes());
    }
    if let Ok(upgraded) = sitrep::lang::model::upgrade(&v1, "fuzz-v1.bin") {
        // What the upgrade writes always loads.
        Model::from_bytes(upgraded, "fuzz-v2.bin").expect("an upgraded model loads");
    }
    if let Ok(model) = Model::from_bytes(file, "fuzz.bin") {
        let _ = model.describe();
        let doc = sitrep::text::Document::new(
            "Government forces shelled Palmyra on Tuesday, a monitor said.".into(),
        );
        let _ = sitrep::lang::Annotation::new(&doc, &model, None);
    }
});
