//! Finding candidate place phrases: the text's words split at hyphens into
//! units, and the longest run of units, starting at a capitalized one, whose
//! folded form is a gazetteer key.

use std::sync::LazyLock;

use crate::gazetteer::{Gazetteer, fold::strip_arabic_article, fold_into};
use crate::span::Span;
use crate::text::{Document, TokenKind};

use super::lexicon;

/// At most this many units in one place name ("Bab al-Mandab" is three).
const MAX_UNITS: usize = 7;

/// A word or a hyphen-separated part of one, or a punctuation token.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Unit {
    pub span: Span,
    /// Starts with an uppercase letter.
    pub cap: bool,
    /// Two or more letters, none lowercase.
    pub caps: bool,
    /// Has a letter (not punctuation, symbol or number).
    pub word: bool,
    /// Joined by a hyphen to the unit before / after.
    pub hy_prev: bool,
    pub hy_next: bool,
    /// First word of its sentence, or right after an opening quote.
    pub initial: bool,
    /// In a line written in title case or capitals (a headline).
    pub headline: bool,
    /// Ends in an abbreviation period ("U.S.", "St.").
    pub abbr: bool,
    pub sentence: u32,
}

/// Splits the document into units (reusing `out`).
pub(crate) fn units(doc: &Document, out: &mut Vec<Unit>) {
    out.clear();
    let text = doc.text.as_str();
    for (si, &sent) in doc.sentences.iter().enumerate() {
        let toks = doc.tokens_in(sent);
        let headline = is_headline(text, toks);
        for t in toks {
            let word = t.kind == TokenKind::Word;
            let initial = t.sentence_initial() || t.after_quote();
            let parts: Vec<Span> = if word && t.hyphenated() {
                t.parts(text).collect()
            } else {
                vec![t.span]
            };
            let n = parts.len();
            for (k, p) in parts.into_iter().enumerate() {
                let s = text.get(p.range()).unwrap_or("");
                let has_letter = s.chars().any(char::is_alphabetic);
                let letters = s.chars().filter(|c| c.is_alphabetic()).count();
                out.push(Unit {
                    span: p,
                    cap: s.chars().next().is_some_and(char::is_uppercase),
                    caps: letters >= 2 && !s.chars().any(char::is_lowercase),
                    word: word && has_letter,
                    hy_prev: k > 0,
                    hy_next: k + 1 < n,
                    initial: initial && k == 0,
                    headline,
                    abbr: s.ends_with('.') && s.len() > 1,
                    sentence: si as u32,
                });
            }
        }
    }
}

/// A line of at least three longer words, all capitalized (title case).
fn is_headline(text: &str, toks: &[crate::text::Token]) -> bool {
    // A headline takes no full stop; a sentence that ends with one and
    // capitalises all its longer words is a list of names ("Shelling hit
    // Homs, Fallujah and Kabul.").
    if toks.last().is_some_and(|t| t.text(text) == ".") {
        return false;
    }
    let mut words = 0;
    let mut caps = 0;
    for t in toks {
        if t.kind != TokenKind::Word {
            continue;
        }
        let s = t.text(text);
        if s.chars().count() < 4 {
            continue;
        }
        words += 1;
        if t.capitalized() {
            caps += 1;
        }
    }
    words >= 3 && caps == words
}

/// A phrase whose folded form names some gazetteer entry.
#[derive(Clone, Debug)]
pub(crate) struct Raw {
    /// First and last unit (inclusive).
    pub a: usize,
    pub b: usize,
    pub span: Span,
    pub key: String,
    /// A US state's postal code after a town and a comma ("Austin, TX"): `key` is the
    /// state's folded name, and only the state answers to it.
    pub postal: bool,
}

/// US postal codes with their states' folded names ("TX", "texas"), from the builder's
/// list of state abbreviations (one list for both: the builder indexes the AP forms).
static POSTAL: LazyLock<Vec<(&'static str, String)>> = LazyLock::new(|| {
    let csv = include_str!("../../gazetteer/sources/state_abbreviations.csv");
    let mut out = Vec::new();
    let mut header = true;
    for line in csv
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        if std::mem::take(&mut header) {
            continue;
        }
        // admin1,name,postal,ap,source
        let cols: Vec<&str> = line.split(',').collect();
        if let [admin1, name, postal, ..] = cols[..]
            && admin1.starts_with("US.")
            && postal.len() == 2
        {
            let mut key = String::new();
            fold_into(name, &mut key);
            out.push((postal, key));
        }
    }
    out
});

/// The folded name of the US state whose postal code unit `i` is, when it is written as
/// one: in capitals, right after `prev` (a place phrase) and a comma, and followed by the
/// end of a clause or a ZIP code ("Austin, TX, said", "Dayton, OH 45402"). Elsewhere
/// "IN", "OR", "ME" and "OK" are words.
fn postal_state(text: &str, units: &[Unit], i: usize, prev: Option<&Raw>) -> Option<&'static str> {
    let u = units[i];
    let code = &text[u.span.range()];
    if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    let prev = prev?;
    let between = &text[prev.span.end..u.span.start];
    let comma = between
        .strip_prefix(',')
        .is_some_and(|rest| rest.len() <= 2 && rest.chars().all(|c| c == ' '));
    if !comma {
        return None;
    }
    let after = text[u.span.end..].trim_start_matches([' ', '\t']);
    let zip = after.len() >= 5
        && after.as_bytes()[..5].iter().all(u8::is_ascii_digit)
        && !after
            .as_bytes()
            .get(5)
            .is_some_and(u8::is_ascii_alphanumeric);
    let ends = after
        .chars()
        .next()
        .is_none_or(|c| matches!(c, ',' | '.' | ';' | ':' | ')' | '\n' | '\r'));
    if !(zip || ends) || u.hy_prev || u.hy_next {
        return None;
    }
    POSTAL
        .iter()
        .find(|(p, _)| *p == code)
        .map(|(_, name)| name.as_str())
}

/// The longest gazetteer phrases, left to right, not overlapping.
pub(crate) fn phrases(text: &str, units: &[Unit], gaz: &Gazetteer, out: &mut Vec<Raw>) {
    out.clear();
    let mut buf = String::with_capacity(64);
    let mut i = 0;
    while i < units.len() {
        let u = units[i];
        if !u.word || !starts_name(text, units, i) {
            i += 1;
            continue;
        }
        if let Some(state) = postal_state(text, units, i, out.last()) {
            out.push(Raw {
                a: i,
                b: i,
                span: u.span,
                key: state.to_owned(),
                postal: true,
            });
            i += 1;
            continue;
        }
        let mut best: Option<(usize, String)> = None;
        let mut j = i;
        loop {
            let uj = units[j];
            let s = &text[u.span.start..uj.span.end];
            fold_into(s, &mut buf);
            // A first word in capitals before a name that is not ("AN Edmonton
            // man was jailed", a newspaper's opening) is English, no Arabic
            // article: only "AL-RAQQA" in capitals throughout is one.
            let article = !u.caps || uj.caps;
            if uj.cap || uj.caps || numeral(text, uj) {
                let hit = gaz.contains_key(&buf)
                    || (article && strip_arabic_article(&buf).is_some_and(|r| gaz.contains_key(r)));
                if hit {
                    best = Some((j, buf.clone()));
                }
            }
            if j + 1 >= units.len() || j + 1 - i >= MAX_UNITS {
                break;
            }
            let next = units[j + 1];
            // A number inside a name the gazetteer holds: an analyst's
            // "Checkpoint 7", "Camp 22" (the prefix check below decides).
            let number = numeral(text, next);
            if !(next.word || number) || next.sentence != uj.sentence {
                break;
            }
            // Only whitespace (or the joining hyphen) between the units.
            let gap = &text[uj.span.end..next.span.start];
            if !(next.hy_prev || gap.chars().all(char::is_whitespace)) || gap.contains("\n\n") {
                break;
            }
            let ns = &text[next.span.range()];
            // A short lowercase particle hyphen-joined inside a name is part
            // of it: the Persian ezafe of "Mazar-e Sharif", "Shahr-e Naw".
            let particle = next.hy_prev && ns.chars().count() <= 2;
            if !(next.cap || next.caps || particle || number || lexicon::is_connector(ns)) {
                break;
            }
            buf.push(' ');
            let article = !u.caps || next.caps;
            let more = gaz.has_key_prefix(&buf)
                || (article && strip_arabic_article(&buf).is_some_and(|r| gaz.has_key_prefix(r)));
            if !more {
                break;
            }
            j += 1;
        }
        match best {
            Some((b, key)) => {
                out.push(Raw {
                    a: i,
                    b,
                    span: Span::new(u.span.start, units[b].span.end),
                    key,
                    postal: false,
                });
                i = b + 1;
            }
            None => i += 1,
        }
    }
}

/// A unit that is a number, possibly with a letter ("7", "22", "12B").
fn numeral(text: &str, u: Unit) -> bool {
    let s = &text[u.span.range()];
    s.starts_with(|c: char| c.is_ascii_digit()) && s.chars().all(|c| c.is_ascii_alphanumeric())
}

/// A capitalized unit, or a lowercase Arabic article hyphen-joined to a
/// capitalized one ("al-Bab").
fn starts_name(text: &str, units: &[Unit], i: usize) -> bool {
    let u = units[i];
    if u.cap {
        return true;
    }
    u.hy_next
        && !u.hy_prev
        && lexicon::is_article(&text[u.span.range()])
        && units.get(i + 1).is_some_and(|n| n.cap)
}
