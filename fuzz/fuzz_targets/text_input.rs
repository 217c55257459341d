//! Bytes of any file -> text: encoding detection, binary refusal, HTML and
//! Markdown extraction, article-date detection. The first byte picks the
//! name the bytes come under (its extension picks the format).
#![no_main]

use libfuzzer_sys::fuzz_target;

const NAMES: [&str; 4] = ["dispatch.txt", "page.html", "notes.md", "paste"];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let name = NAMES[usize::from(pick) % NAMES.len()];
    if let Ok(input) = sitrep::text::load_bytes(bytes, name) {
        let _ = input.article_date();
    }
    // The extractors on their own, on any text.
    let text = String::from_utf8_lossy(bytes);
    let _ = sitrep::text::html::extract(&text);
    let _ = sitrep::text::markdown::extract(&text);
});
