//! A lowercase view of a document's tokens, built once per call.

use crate::lang::{Annotation, Upos};
use crate::places::PlaceMention;
use crate::span::Span;
use crate::text::{Document, Token, TokenKind};

/// Lowercased token texts in one buffer, with each token's sentence and
/// paragraph index.
pub(crate) struct Words<'d> {
    pub doc: &'d Document,
    buf: String,
    ranges: Vec<(u32, u32)>,
    pub sent: Vec<u32>,
    pub para: Vec<u32>,
    /// Words seen right after a title or a capitalized word, with the byte
    /// where first seen (for `actors::looks_like_person`), built on demand.
    pub name_tails: std::sync::OnceLock<std::collections::HashMap<&'d str, usize>>,
    /// The language layer's reading of the same tokens, when there is one.
    pub ann: Option<&'d Annotation>,
}

impl<'d> Words<'d> {
    /// The words of `doc`, with the language layer's lemmas, tags and parse
    /// when `ann` is given (and is of the same tokens).
    pub fn new(doc: &'d Document, ann: Option<&'d Annotation>) -> Self {
        let ann = ann.filter(|a| a.tokens.len() == doc.tokens.len());
        let n = doc.tokens.len();
        let mut buf = String::with_capacity(doc.text.len());
        let mut ranges = Vec::with_capacity(n);
        let mut sent = Vec::with_capacity(n);
        let mut para = Vec::with_capacity(n);
        let (mut si, mut pi) = (0usize, 0usize);
        for t in &doc.tokens {
            let s = t.text(&doc.text);
            let start = buf.len();
            if s.bytes().any(|b| b.is_ascii_uppercase()) || !s.is_ascii() {
                for c in s.chars() {
                    // Typographic apostrophes count as plain ones.
                    let c = if c == '\u{2019}' { '\'' } else { c };
                    buf.extend(c.to_lowercase());
                }
            } else {
                buf.push_str(s);
            }
            ranges.push((start as u32, buf.len() as u32));
            while doc.sentences.get(si).is_some_and(|x| x.end <= t.span.start) {
                si += 1;
            }
            while doc
                .paragraphs
                .get(pi)
                .is_some_and(|x| x.end <= t.span.start)
            {
                pi += 1;
            }
            sent.push(si as u32);
            para.push(pi as u32);
        }
        Self {
            doc,
            buf,
            ranges,
            sent,
            para,
            name_tails: std::sync::OnceLock::new(),
            ann,
        }
    }

    pub fn len(&self) -> usize {
        self.ranges.len()
    }

    /// The lowercase text of token `i` ("" past the end).
    pub fn lower(&self, i: usize) -> &str {
        self.ranges
            .get(i)
            .and_then(|&(a, b)| self.buf.get(a as usize..b as usize))
            .unwrap_or("")
    }

    /// The lemma of token `i` from the language layer, else its lowercase
    /// text.
    pub fn lemma(&self, i: usize) -> &str {
        match self.ann.and_then(|a| a.tokens.get(i)) {
            Some(t) if !t.lemma.is_empty() => &t.lemma,
            _ => self.lower(i),
        }
    }

    /// The part of speech of token `i`, when the language layer ran.
    pub fn upos(&self, i: usize) -> Option<Upos> {
        self.ann.and_then(|a| a.upos(i))
    }

    /// Whether token `i`'s form or lemma is in `set`.
    pub fn in_set(&self, i: usize, set: &[&str]) -> bool {
        set.contains(&self.lower(i)) || set.contains(&self.lemma(i))
    }

    pub fn tok(&self, i: usize) -> Option<&'d Token> {
        self.doc.tokens.get(i)
    }

    pub fn span(&self, i: usize) -> Span {
        self.tok(i).map(|t| t.span).unwrap_or_default()
    }

    pub fn text(&self, i: usize) -> &'d str {
        self.tok(i).map_or("", |t| t.text(&self.doc.text))
    }

    pub fn is_word(&self, i: usize) -> bool {
        self.tok(i).is_some_and(|t| t.kind == TokenKind::Word)
    }

    /// Capitalized and not merely sentence-initial function word.
    pub fn cap(&self, i: usize) -> bool {
        self.tok(i).is_some_and(|t| {
            t.capitalized() && t.kind == TokenKind::Word && !is_function(self.lower(i))
        })
    }

    pub fn same_sentence(&self, a: usize, b: usize) -> bool {
        self.sent.get(a).is_some() && self.sent.get(a) == self.sent.get(b)
    }

    /// Token range `[first, last)` of sentence `s`.
    pub fn sentence_range(&self, s: usize) -> (usize, usize) {
        let first = self.sent.partition_point(|&x| (x as usize) < s);
        let last = self.sent.partition_point(|&x| (x as usize) <= s);
        (first, last)
    }

    /// The index of the token starting at byte `b`, or holding it.
    pub fn token_at(&self, b: usize) -> Option<usize> {
        self.doc.token_at(b)
    }

    /// Whether a definite determiner (or a place modifier after one)
    /// precedes token `i`: "the talks", "the Geneva talks", "these talks".
    pub fn definite_before(&self, i: usize, places: &[PlaceMention]) -> bool {
        let mut j = i;
        for _ in 0..3 {
            if j == 0 {
                return false;
            }
            j -= 1;
            match self.lower(j) {
                "the" | "these" | "those" | "this" | "that" => return true,
                _ => {}
            }
            let s = self.span(j);
            let is_modifier = !super::overlapping(places, s).is_empty()
                || matches!(self.lower(j), "peace" | "latest" | "current" | "same");
            if !is_modifier {
                return false;
            }
        }
        false
    }
}

/// Words that are capitalized only because they open a sentence or a title.
pub(crate) fn is_function(w: &str) -> bool {
    matches!(
        w,
        "the"
            | "a"
            | "an"
            | "in"
            | "on"
            | "at"
            | "of"
            | "and"
            | "but"
            | "or"
            | "for"
            | "to"
            | "from"
            | "with"
            | "by"
            | "as"
            | "after"
            | "before"
            | "since"
            | "while"
            | "when"
            | "he"
            | "she"
            | "it"
            | "they"
            | "we"
            | "i"
            | "you"
            | "this"
            | "that"
            | "these"
            | "those"
            | "there"
            | "his"
            | "her"
            | "its"
            | "their"
            | "our"
            | "no"
            | "not"
            | "nobody"
            | "neither"
            | "some"
            | "many"
            | "most"
            | "what"
            | "which"
            | "who"
            | "further"
            | "separately"
            | "officials"
            | "residents"
            | "about"
            | "ahead"
            | "several"
            | "tens"
            | "hundreds"
            | "thousands"
            | "two"
            | "three"
            | "four"
            | "five"
            | "six"
            | "seven"
            | "eight"
            | "nine"
            | "ten"
            | "one"
            | "every"
            | "below"
            | "now"
            | "few"
            | "progress"
    )
}
