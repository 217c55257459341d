//! Loading real files: HTML, Markdown, Windows-1252, binary, missing.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use sitrep::text::{
    DateSource, Document, Format, TextError, Warning, dateline, detect_date, load_bytes, load_path,
};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/text")
        .join(name)
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn html_page_with_script_style_and_metadata() {
    let input = load_path(&fixture("dispatch.html")).unwrap();
    assert_eq!(input.format, Format::Html);
    assert_eq!(
        input.title.as_deref(),
        Some("Ferry service resumes across the strait")
    );
    assert_eq!(
        input.meta_date,
        Some((ymd(2022, 9, 14), DateSource::Metadata))
    );
    assert!(input.warnings.is_empty());
    let paras: Vec<&str> = input.text.split("\n\n").collect();
    assert_eq!(
        paras,
        [
            "Ferry service resumes across the strait",
            "By Our Correspondent",
            "PORT SAID, Sept. 13 (Example) \u{2014} The first ferry in three weeks left the harbour on Tuesday, officials said.",
            "Crews checked the hull twice before departure.",
            "\u{201C}We are cautious,\u{201D} a captain said.",
            "Route: north crossing",
            "Capacity: 1,200 passengers",
            "\u{A9} 2022 The Example Herald",
        ]
    );
    for junk in ["dataLayer", "font-family", "JavaScript", "Home", "not text"] {
        assert!(!input.text.contains(junk), "{junk} leaked");
    }

    // The article date: metadata first.
    let date = input.article_date().unwrap();
    assert_eq!(
        (date.date, date.source),
        (ymd(2022, 9, 14), DateSource::Metadata)
    );

    // The dateline is found in the extracted text; offsets are into it.
    let dl = dateline(&input.text).unwrap();
    assert_eq!(&input.text.as_str()[dl.place], "PORT SAID");
    assert_eq!(dl.agency.map(|a| &input.text.as_str()[a]), Some("Example"));
    assert_eq!(dl.month_day, Some((9, 13)));
    // Without metadata the dateline takes its year from the copyright line.
    let d = detect_date(&input.text).unwrap();
    assert_eq!((d.date, d.source), (ymd(2022, 9, 13), DateSource::Dateline));
    assert_eq!(&input.text.as_str()[d.span.unwrap()], "Sept. 13");

    let doc = Document::new(input.text.clone());
    let first = doc.sentence_of(dl.place.start).unwrap();
    assert_eq!(
        &doc.text.as_str()[doc.sentences[first]],
        "PORT SAID, Sept. 13 (Example) \u{2014} The first ferry in three weeks left the harbour on Tuesday, officials said."
    );
}

#[test]
fn markdown_dispatch() {
    let input = load_path(&fixture("dispatch.md")).unwrap();
    assert_eq!(input.format, Format::Markdown);
    assert_eq!(
        input.title.as_deref(),
        Some("Power cut across the eastern district")
    );
    assert_eq!(
        input.meta_date,
        Some((ymd(2023, 1, 19), DateSource::Metadata))
    );
    let paras: Vec<&str> = input.text.split("\n\n").collect();
    assert_eq!(
        paras,
        [
            "Power cut across the eastern district",
            "DNIPRO, Jan. 18 (Example) - Most homes in the eastern district lost power overnight, the regional administration said on its channel.",
            "Engineers expect repairs to take two days:",
            "the substation near the river was hit first;",
            "a second line failed at 4 a.m.",
            "\"We heard two blasts,\" a resident said.",
        ]
    );
    for junk in [
        "https://",
        "street.jpg",
        "debug:",
        "editor note",
        "**",
        "---",
    ] {
        assert!(!input.text.contains(junk), "{junk} leaked");
    }
    let dl = dateline(&input.text).unwrap();
    assert_eq!(&input.text.as_str()[dl.place], "DNIPRO");
    assert_eq!(dl.month_day, Some((1, 18)));
}

#[test]
fn windows_1252_file() {
    let input = load_path(&fixture("cp1252.txt")).unwrap();
    assert_eq!(input.format, Format::Plain);
    assert_eq!(input.warnings, [Warning::Windows1252]);
    assert_eq!(
        input.warnings[0].to_string(),
        "not UTF-8: decoded as Windows-1252"
    );
    assert_eq!(
        input.text,
        "Shelling near the caf\u{e9} in Donetsk \u{2013} residents said \u{201C}enough\u{201D}.\nThe mayor\u{2019}s office gave no figures.\n"
    );
    let doc = Document::new(input.text);
    let sentences: Vec<&str> = doc
        .sentences
        .iter()
        .map(|&s| &doc.text.as_str()[s])
        .collect();
    assert_eq!(
        sentences,
        [
            "Shelling near the caf\u{e9} in Donetsk \u{2013} residents said \u{201C}enough\u{201D}.",
            "The mayor\u{2019}s office gave no figures."
        ]
    );
}

#[test]
fn binary_file_is_refused_with_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("map-screenshot.txt");
    let mut f = std::fs::File::create(&path).unwrap();
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend((0u8..=255).cycle().take(4096));
    f.write_all(&bytes).unwrap();
    drop(f);
    let err = load_path(&path).unwrap_err();
    assert!(matches!(err, TextError::Binary { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(msg.contains("map-screenshot.txt"), "{msg}");
    assert!(msg.contains("PNG"), "{msg}");

    // No magic number, but NUL bytes and control characters.
    let path = dir.path().join("blob.dat");
    std::fs::write(&path, (0u8..32).cycle().take(2048).collect::<Vec<_>>()).unwrap();
    let err = load_path(&path).unwrap_err();
    assert!(err.to_string().contains("blob.dat"), "{err}");
}

#[test]
fn io_errors_name_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-dispatch.html");
    let err = load_path(&missing).unwrap_err();
    assert!(matches!(err, TextError::Io { .. }));
    assert!(err.to_string().contains("no-such-dispatch.html"), "{err}");
    assert!(std::error::Error::source(&err).is_some());
    let err = load_path(dir.path()).unwrap_err();
    assert!(matches!(err, TextError::NotAFile { .. }), "{err}");
}

#[test]
fn utf16_file_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("utf16.txt");
    let text = "Бои у Авдеевки. Fighting near Avdiivka.";
    let mut bytes = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        bytes.extend(u.to_le_bytes());
    }
    std::fs::write(&path, bytes).unwrap();
    let input = load_path(&path).unwrap();
    assert_eq!(input.text, text);
    assert!(input.warnings.is_empty());
}

#[test]
fn pasted_html_without_extension_is_sniffed() {
    let input = load_bytes(b"<p>One.</p><p>Two &amp; three.</p>", "clipboard").unwrap();
    assert_eq!(input.format, Format::Html);
    assert_eq!(input.text, "One.\n\nTwo & three.");
}
