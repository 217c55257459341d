//! Document model properties, hostile input and speed.

use std::time::Instant;

use proptest::prelude::*;
use sitrep::Span;
use sitrep::text::{Document, dateline, detect_date, load_bytes};

fn check_invariants(text: &str) {
    let doc = Document::new(text.to_owned());
    let on_boundaries =
        |s: Span| s.start < s.end && text.is_char_boundary(s.start) && text.is_char_boundary(s.end);
    let mut prev_end = 0;
    for t in &doc.tokens {
        assert!(on_boundaries(t.span), "token {:?}", t.span);
        assert!(t.span.start >= prev_end, "tokens overlap at {:?}", t.span);
        assert!(
            !text[t.span].chars().any(char::is_whitespace),
            "token with whitespace {:?}",
            &text[t.span]
        );
        for part in t.parts(text) {
            assert!(t.span.contains(part) && text.is_char_boundary(part.start));
            assert!(text.is_char_boundary(part.end));
        }
        prev_end = t.span.end;
    }
    for spans in [&doc.sentences, &doc.paragraphs] {
        let mut prev_end = 0;
        for &s in spans.iter() {
            assert!(on_boundaries(s), "span {s:?}");
            assert!(s.start >= prev_end, "spans overlap at {s:?}");
            prev_end = s.end;
        }
    }
    // Sentences hold every token, exactly, and start and end on tokens.
    let covered: usize = doc.sentences.iter().map(|&s| doc.tokens_in(s).len()).sum();
    assert_eq!(covered, doc.tokens.len());
    for (i, &s) in doc.sentences.iter().enumerate() {
        let toks = doc.tokens_in(s);
        assert!(!toks.is_empty());
        assert_eq!(toks[0].span.start, s.start);
        assert_eq!(toks[toks.len() - 1].span.end, s.end);
        assert_eq!(doc.sentence_of(s.start), Some(i));
        assert_eq!(doc.sentence_of(s.end - 1), Some(i));
        // No sentence crosses a paragraph.
        let p = doc
            .paragraph_of(s.start)
            .expect("sentence outside paragraphs");
        assert!(doc.paragraphs[p].contains(s));
        let (a, b) = doc.char_span(s);
        assert!(a < b && b <= text.chars().count());
    }
    let in_paras: usize = doc.paragraphs.iter().map(|&p| doc.tokens_in(p).len()).sum();
    assert_eq!(in_paras, doc.tokens.len());
}

/// Strings built from pieces that stress the tokenizer and splitter.
fn tricky_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("U.S.".to_owned()),
        Just("Mr.".to_owned()),
        Just("a.m.".to_owned()),
        Just("al-Assad's".to_owned()),
        Just("U.S.-backed".to_owned()),
        Just("...".to_owned()),
        Just(". ".to_owned()),
        Just("? ".to_owned()),
        Just("\u{201C}".to_owned()),
        Just("\u{201D}".to_owned()),
        Just("\"".to_owned()),
        Just("'".to_owned()),
        Just("\u{2019}s".to_owned()),
        Just("-".to_owned()),
        Just("\u{2014}".to_owned()),
        Just("\n".to_owned()),
        Just("\n\n".to_owned()),
        Just("\r\n".to_owned()),
        Just("\r".to_owned()),
        Just("\t".to_owned()),
        Just("\u{A0}".to_owned()),
        Just("\u{200B}".to_owned()),
        Just("\u{200D}".to_owned()),
        Just("\u{301}".to_owned()),
        Just("\u{2029}".to_owned()),
        Just("حلب،".to_owned()),
        Just("Москва".to_owned()),
        Just("1,000".to_owned()),
        Just("3.5".to_owned()),
        Just("3:41".to_owned()),
        Just("2016-03-24".to_owned()),
        Just("SLOW PROGRESS".to_owned()),
        Just("The".to_owned()),
        Just(" ".to_owned()),
        "[a-zA-Z]{1,6}",
        "[0-9]{1,5}",
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn document_invariants_on_arbitrary_strings(text in any::<String>()) {
        check_invariants(&text);
    }

    #[test]
    fn document_invariants_on_tricky_strings(text in tricky_text()) {
        check_invariants(&text);
    }

    #[test]
    fn dates_never_panic(text in tricky_text()) {
        let _ = detect_date(&text);
        if let Some(dl) = dateline(&text) {
            prop_assert!(text.get(dl.place.range()).is_some());
            prop_assert!(dl.span.contains(dl.place));
        }
    }

    #[test]
    fn loading_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..400),
                            name in prop_oneof![Just("a.html"), Just("a.md"), Just("a.txt"), Just("paste")]) {
        if let Ok(input) = load_bytes(&bytes, name) {
            check_invariants(&input.text);
            let _ = input.article_date();
        }
    }

    #[test]
    fn markup_soup_never_panics(text in prop::collection::vec(prop_oneof![
        Just("<"), Just(">"), Just("</"), Just("<p>"), Just("<script>"), Just("</script>"),
        Just("<!--"), Just("-->"), Just("&amp;"), Just("&#"), Just("\""), Just("'"), Just("="),
        Just("["), Just("]"), Just("("), Just(")"), Just("`"), Just("*"), Just("_"), Just("#"),
        Just("\n"), Just("x"), Just("é"), Just("<a href="), Just("!["), Just("---\n"),
    ], 0..80)) {
        let text = text.concat();
        for name in ["a.html", "a.md"] {
            let input = load_bytes(text.as_bytes(), name).unwrap();
            check_invariants(&input.text);
        }
    }
}

#[test]
fn hostile_inputs() {
    let long_line = "word".repeat(25_000); // 100,000 chars, no punctuation
    let cases = [
        String::new(),
        long_line.clone(),
        long_line.replace("dwo", "d wo"),
        "\"".repeat(10_000),
        "\u{201C}open ".repeat(5_000),
        "\r\n\r\r\n\n\t \u{A0}\u{200B}\u{FEFF}".repeat(2_000),
        "Mr. ".repeat(20_000),
        "U.S.".repeat(20_000),
        "a-".repeat(20_000),
        "'s".repeat(20_000),
        "1,000,000.5:3".repeat(5_000),
        ". ".repeat(20_000),
        "\u{301}\u{200D}".repeat(10_000),
        "Бои حلب 戦争 ".repeat(5_000),
    ];
    for text in cases {
        check_invariants(&text);
    }
}

/// An article of about 900 words written for this test.
fn article() -> String {
    let paragraphs = [
        "KHARKIV, May 12 (Example) - Artillery fire hit the northern edge of the city overnight, regional officials said on Sunday, as U.S.-supplied air defences tried to keep drones away from the power grid.",
        "Mr. Ivanenko, the deputy mayor, said 14 people were hurt and two schools were damaged. \u{201C}We counted the blasts until 4 a.m.,\u{201D} he told reporters. The Russia-based agency that speaks for the army did not comment.",
        "Aid convoys from the U.N. reached the suburbs at noon. A five-month effort to rebuild the bridge near Chuhuiv has stalled, and engineers said the repairs would now take until Sept. 30 at the earliest.",
        "SLOW PROGRESS",
        "Front-line commanders described slow progress on the eastern axis. Gen. Petrenko said his units had pushed back two attacks near Kupiansk and that fighting continued around the villages east of the Oskil river.",
    ];
    let mut text = String::new();
    let mut words = 0;
    while words < 900 {
        for p in paragraphs {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            text.push_str(p);
            words += p.split_whitespace().count();
        }
    }
    text
}

#[test]
fn article_splits_sensibly() {
    let text = article();
    let doc = Document::new(text.clone());
    let first: Vec<&str> = doc.sentences[..5]
        .iter()
        .map(|&s| &text[s.range()])
        .collect();
    assert_eq!(
        first,
        [
            "KHARKIV, May 12 (Example) - Artillery fire hit the northern edge of the city overnight, regional officials said on Sunday, as U.S.-supplied air defences tried to keep drones away from the power grid.",
            "Mr. Ivanenko, the deputy mayor, said 14 people were hurt and two schools were damaged.",
            "\u{201C}We counted the blasts until 4 a.m.,\u{201D} he told reporters.",
            "The Russia-based agency that speaks for the army did not comment.",
            "Aid convoys from the U.N. reached the suburbs at noon.",
        ]
    );
}

/// `cargo test --release --test text_document -- --ignored --nocapture`
#[test]
#[ignore = "timing; run in release"]
fn speed() {
    let text = article();
    let words = text.split_whitespace().count();
    let runs = 5_000;
    let mut tokens = 0;
    let t0 = Instant::now();
    for _ in 0..runs {
        let doc = Document::new(text.clone());
        tokens += doc.tokens.len();
    }
    let per_doc = t0.elapsed() / runs;
    println!(
        "Document::new: {words} words, {} bytes, {} tokens: {per_doc:?} per document",
        text.len(),
        tokens / runs as usize
    );

    let big = text.repeat(50_000_000 / text.len() + 1);
    let t0 = Instant::now();
    let doc = Document::new(big);
    println!(
        "Document::new: {} MB, {} tokens, {} sentences: {:?}",
        doc.text.len() / 1_000_000,
        doc.tokens.len(),
        doc.sentences.len(),
        t0.elapsed()
    );
    let html = format!(
        "<html><body><p>{}</p></body></html>",
        text.replace("\n\n", "</p><p>")
    )
    .repeat(10_000_000 / text.len());
    let t0 = Instant::now();
    let input = load_bytes(html.as_bytes(), "big.html").unwrap();
    println!(
        "load_bytes: {} MB of HTML -> {} MB of text: {:?}",
        html.len() / 1_000_000,
        input.text.len() / 1_000_000,
        t0.elapsed()
    );
}
