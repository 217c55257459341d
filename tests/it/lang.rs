//! The language layer: the bundled model, its parse of sentences whose
//! analysis we wrote by hand, its scores on UD English (when `../shared/ud`
//! is present), damaged model files, and odd input.

use std::path::Path;

use sitrep::gazetteer::Gazetteer;
use sitrep::lang::{Annotation, Model, NameClass, conllu, train};
use sitrep::text::Document;

fn annotate(text: &str) -> (Document, Annotation) {
    let doc = Document::new(text.to_owned());
    let ann = Annotation::new(
        &doc,
        Model::bundled().unwrap(),
        Some(&Gazetteer::bundled().unwrap()),
    );
    (doc, ann)
}

/// `word/UPOS/head-word/relation` for every token.
fn reading(text: &str) -> Vec<String> {
    let (doc, ann) = annotate(text);
    doc.tokens
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let info = &ann.tokens[i];
            let head = info.head.map_or("ROOT", |h| doc.tokens[h].text(&doc.text));
            format!("{}/{}/{}/{}", t.text(&doc.text), info.upos, head, info.rel)
        })
        .collect()
}

#[test]
fn bundled_model_loads_within_limits() {
    let model = Model::bundled().unwrap();
    assert!(
        model.size() <= 15_000_000,
        "model is {} bytes",
        model.size()
    );
    assert!(model.meta.contains("CC BY-SA 4.0"), "{}", model.meta);
}

// Analyses written by hand (UD English conventions), which the model must
// reproduce exactly.
#[test]
fn parses_conflict_sentences() {
    assert_eq!(
        reading("Government troops entered Palmyra."),
        [
            "Government/NOUN/troops/compound",
            "troops/NOUN/entered/nsubj",
            "entered/VERB/ROOT/root",
            "Palmyra/PROPN/entered/obj",
            "./PUNCT/entered/punct",
        ]
    );
    assert_eq!(
        reading("Rebels shelled the town on Monday."),
        [
            "Rebels/NOUN/shelled/nsubj",
            "shelled/VERB/ROOT/root",
            "the/DET/town/det",
            "town/NOUN/shelled/obj",
            "on/ADP/Monday/case",
            "Monday/PROPN/shelled/obl",
            "./PUNCT/shelled/punct",
        ]
    );
}

#[test]
fn parse_api_subtree_and_clause() {
    let (doc, ann) = annotate("Kerry said the fighting continued in Aleppo.");
    let idx = |w: &str| {
        doc.tokens
            .iter()
            .position(|t| t.text(&doc.text) == w)
            .unwrap()
    };
    let (said, fighting, continued, aleppo) = (
        idx("said"),
        idx("fighting"),
        idx("continued"),
        idx("Aleppo"),
    );
    assert_eq!(ann.head(aleppo), Some(continued));
    assert_eq!(ann.clause(aleppo), continued);
    assert_eq!(ann.clause(fighting), continued);
    assert_eq!(ann.clause(continued), continued);
    assert_eq!(ann.head(continued), Some(said));
    assert!(ann.dominates(said, aleppo));
    assert_eq!(
        ann.subtree(continued),
        vec![idx("the"), fighting, continued, idx("in"), aleppo]
    );
    assert_eq!(ann.children(said), vec![idx("Kerry"), continued, idx(".")]);
    assert_eq!(ann.tokens[continued].lemma, "continue");
}

#[test]
fn names_and_their_classes() {
    let (doc, ann) = annotate(
        "The spokesman, Jordan Hale, said the Federal Security Service had detained two men in New York City.",
    );
    let found: Vec<(&str, NameClass)> = ann
        .names
        .iter()
        .map(|n| (&doc.text[n.span.range()], n.class()))
        .collect();
    assert_eq!(
        found,
        [
            ("Jordan Hale", NameClass::Person),
            ("Federal Security Service", NameClass::Organization),
            ("New York City", NameClass::Place),
        ]
    );
}

/// What the model reads wrong in sentences like those above, pinned so
/// that a fix (or a new error) shows: each with the right reading in its
/// comment.
#[test]
fn known_misreadings() {
    // A bare gerund subject is read as a verb chain: right is
    // fighting/NOUN/continued/nsubj, continued/VERB/said/ccomp.
    let r = reading("Kerry said fighting continued in Aleppo.");
    assert_eq!(
        r[2..4],
        ["fighting/VERB/said/xcomp", "continued/VERB/fighting/xcomp"]
    );
    // A title that opens the sentence is tagged a proper noun and joins
    // the name: right is "Jordan Hale".
    let (doc, ann) = annotate("Spokesman Jordan Hale said the talks had failed.");
    let names: Vec<&str> = ann
        .names
        .iter()
        .map(|n| &doc.text[n.span.range()])
        .collect();
    assert_eq!(names, ["Spokesman Jordan Hale"]);
}

#[test]
fn damaged_model_files_are_typed_errors() {
    let Some(path) = ["assets/lang/sitrep-lang.bin"]
        .into_iter()
        .find(|p| Path::new(p).exists())
    else {
        return;
    };
    let bytes = std::fs::read(path).unwrap();
    let e = Model::from_bytes(bytes[..bytes.len() / 2].to_vec(), "half.bin").unwrap_err();
    assert_eq!(
        e.to_string(),
        "the language model half.bin is truncated (section parser ends past the file)"
    );
    let mut flipped = bytes.clone();
    let k = flipped.len() - 100;
    flipped[k] ^= 0x55;
    let e = Model::from_bytes(flipped, "flipped.bin").unwrap_err();
    assert_eq!(
        e.to_string(),
        "the language model flipped.bin is damaged (section lemmas fails its checksum)"
    );
    let e = Model::from_bytes(b"not a model".to_vec(), "x.bin").unwrap_err();
    assert_eq!(
        e.to_string(),
        "the language model x.bin is not a sitrep language model (no SITREPLM header)"
    );
    let mut v3 = bytes.clone();
    v3[8] = 3;
    let e = Model::from_bytes(v3, "v3.bin").unwrap_err();
    assert_eq!(
        e.to_string(),
        "the language model v3.bin is format version 3; this build reads version 2"
    );
    // A version 1 file is refused as such; `lang_upgrade` rewrites it.
    let mut v1 = bytes;
    v1[8] = 1;
    let e = Model::from_bytes(v1.clone(), "v1.bin").unwrap_err();
    assert_eq!(
        e.to_string(),
        "the language model v1.bin is format version 1; this build reads version 2"
    );
    let e = sitrep::lang::model::upgrade(&v1, "v1.bin").unwrap_err();
    assert!(
        e.to_string()
            .starts_with("the language model v1.bin is damaged (section 1: "),
        "{e}"
    );
    for n in [0, 1, 15, 16, 40] {
        assert!(Model::from_bytes(vec![0; n], "z").is_err());
    }
}

#[test]
fn odd_input_gets_an_aligned_annotation() {
    let long_token = "x".repeat(10_000);
    let long_sentence = "word ".repeat(20_000);
    for text in [
        "",
        " ",
        ".",
        long_token.as_str(),
        long_sentence.as_str(),
        "Москва и Киев. 北京 上海。 دمشق",
        "\u{feff}A B C D E F G",
    ] {
        let (doc, ann) = annotate(text);
        assert_eq!(ann.tokens.len(), doc.tokens.len());
        for (i, t) in ann.tokens.iter().enumerate() {
            if let Some(h) = t.head {
                assert!(h < doc.tokens.len() && h != i);
            }
        }
    }
}

fn ud(name: &str) -> Option<Vec<conllu::Sentence>> {
    let path = Path::new("../shared/ud").join(name);
    let text = std::fs::read_to_string(path).ok()?;
    Some(conllu::read(&text).unwrap())
}

// The shipped model's scores, pinned: any change to the model or the
// layer's code shows here (see assets/lang/README.md for the targets).
#[test]
fn scores_on_ud_english() {
    let gaz = Gazetteer::bundled().unwrap();
    let model = Model::bundled().unwrap();
    for (file, want) in [
        (
            "en_ewt-test.conllu",
            include_str!("../lang_scores/en_ewt-test.txt"),
        ),
        (
            "en_gum-test.conllu",
            include_str!("../lang_scores/en_gum-test.txt"),
        ),
    ] {
        let Some(gold) = ud(file) else {
            eprintln!("skipped: ../shared/ud/{file} is not here");
            return;
        };
        let pred = train::predict(model, &gold, Some(&gaz));
        assert_eq!(train::score(&gold, &pred).summary(), want.trim(), "{file}");
    }
}

#[test]
fn training_is_deterministic() {
    let Some(mut data) = ud("en_gum-dev.conllu") else {
        return;
    };
    data.truncate(150);
    let cfg = train::Config {
        seed: 7,
        tag_epochs: 1,
        parse_epochs: 1,
        name_epochs: 1,
        folds: 2,
    };
    let a = train::train(&data, None, &cfg, "test", &mut |_| {});
    let b = train::train(&data, None, &cfg, "test", &mut |_| {});
    assert!(a == b, "two trainings on the same data differ");
    let model = Model::from_bytes(a, "trained.bin").unwrap();
    let pred = train::predict(&model, &data[..20], None);
    assert_eq!(pred.len(), 20);
}
