//! The document model: paragraphs, sentences and tokens of a plain text.
//!
//! [`Document::new`] makes one pass over the chars to tokenize (no regex, no
//! allocation per token) and one pass over the tokens to split sentences;
//! both are linear in the text, whatever it holds.
//!
//! Tokens are words (letters of any script, with digits, combining marks,
//! inner apostrophes, hyphens and abbreviation periods), numbers (`1,000`,
//! `3.5`, `3:41`, `2016-03-24`), punctuation and symbols. Whitespace is not
//! tokenized. Hyphenated compounds ("Russian-backed", "U.S.-backed",
//! "al-Assad") are one token; [`Token::parts`] gives their parts.
//! Abbreviations with periods ("U.S.", "Mr.", "Sept.", "a.m.", "J.") keep
//! their period. A possessive `'s` is a token of its own.
//!
//! Sentences end at `.`, `!`, `?` and the like (with closing quotes and
//! brackets kept in the sentence) when whitespace follows and the next token
//! does not start lowercase; after a title abbreviation ("Mr.", "Gen.", "No.")
//! never, after other abbreviations ("U.S.", "Inc.", "Sept.", "a.m.", an
//! initial) only before a word that clearly opens a sentence ("The", "He",
//! "In"...). A blank line always ends a sentence and a paragraph; a line in
//! capitals on its own ("SLOW PROGRESS") is a sentence of its own, and so is
//! a run of capitals opening a sentence before such a word. Runaway
//! sentences are cut at a line break after 400 tokens, or at 1000 tokens.

use std::ops::{BitOr, BitOrAssign};

use serde::{Deserialize, Serialize};

use crate::span::{CharOffsets, Span};

/// A sentence longer than this (in tokens) is cut at its next line break.
const SOFT_MAX_SENTENCE: usize = 400;
/// A sentence is never longer than this many tokens.
const HARD_MAX_SENTENCE: usize = 1000;
/// A line with more tokens than this is not a heading.
const MAX_HEADING_TOKENS: usize = 12;

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    /// Has at least one letter: "Aleppo", "U.S.", "F-16", "24th", "'s".
    Word,
    /// Digits only, with inner `.` `,` `:` `-`: "1,000", "3.5", "2016-03-24".
    Number,
    /// Punctuation: `. , ; : ! ? ' " ( ) [ ] - — …` and kin, any script.
    Punct,
    /// Anything else: `$ % & + = # @ © °`, emoji...
    Symbol,
}

/// Token properties, as a small bit set.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct TokenFlags(u16);

impl TokenFlags {
    /// Starts with an uppercase letter.
    pub const CAPITALIZED: Self = Self(1);
    /// At least two letters, none lowercase: "NATO", "U.S.", "AK-47".
    pub const ALL_CAPS: Self = Self(1 << 1);
    /// The first word or number of its sentence.
    pub const SENTENCE_INITIAL: Self = Self(1 << 2);
    /// Contains a digit.
    pub const HAS_DIGIT: Self = Self(1 << 3);
    /// Contains an inner hyphen: "al-Assad", "five-month".
    pub const HYPHENATED: Self = Self(1 << 4);
    /// Directly preceded (no space) by a quotation mark: the `We` in `"We`.
    pub const AFTER_QUOTE: Self = Self(1 << 5);
    /// Ends with a period that belongs to it: "Mr.", "U.S.", "J.".
    pub const ABBREVIATION: Self = Self(1 << 6);
    /// The first token on its line.
    pub const LINE_INITIAL: Self = Self(1 << 7);
    /// The first token of its paragraph.
    pub const PARAGRAPH_INITIAL: Self = Self(1 << 8);

    #[must_use]
    pub const fn empty() -> Self {
        Self(0)
    }

    #[must_use]
    pub const fn bits(self) -> u16 {
        self.0
    }

    /// Whether all flags of `other` are set.
    #[must_use]
    pub const fn contains(self, other: Self) -> bool {
        self.0 & other.0 == other.0
    }

    pub fn insert(&mut self, other: Self) {
        self.0 |= other.0;
    }
}

impl BitOr for TokenFlags {
    type Output = Self;
    fn bitor(self, rhs: Self) -> Self {
        Self(self.0 | rhs.0)
    }
}

impl BitOrAssign for TokenFlags {
    fn bitor_assign(&mut self, rhs: Self) {
        self.0 |= rhs.0;
    }
}

/// One token: a span of the document's text, never containing whitespace.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
    pub flags: TokenFlags,
}

impl Token {
    /// The token's text in `text` (the document's text).
    #[must_use]
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.span.range()).unwrap_or("")
    }

    #[must_use]
    pub fn is(&self, flag: TokenFlags) -> bool {
        self.flags.contains(flag)
    }

    #[must_use]
    pub fn capitalized(&self) -> bool {
        self.is(TokenFlags::CAPITALIZED)
    }

    #[must_use]
    pub fn all_caps(&self) -> bool {
        self.is(TokenFlags::ALL_CAPS)
    }

    #[must_use]
    pub fn sentence_initial(&self) -> bool {
        self.is(TokenFlags::SENTENCE_INITIAL)
    }

    #[must_use]
    pub fn has_digit(&self) -> bool {
        self.is(TokenFlags::HAS_DIGIT)
    }

    #[must_use]
    pub fn hyphenated(&self) -> bool {
        self.is(TokenFlags::HYPHENATED)
    }

    #[must_use]
    pub fn after_quote(&self) -> bool {
        self.is(TokenFlags::AFTER_QUOTE)
    }

    #[must_use]
    pub fn abbreviation(&self) -> bool {
        self.is(TokenFlags::ABBREVIATION)
    }

    /// The parts of a hyphenated token, as spans of `text`: "U.S.-backed"
    /// gives "U.S." and "backed". Any other token gives itself.
    #[must_use]
    pub fn parts<'t>(&self, text: &'t str) -> Parts<'t> {
        Parts {
            text,
            pos: self.span.start,
            end: self.span.end,
            split: self.hyphenated(),
        }
    }
}

/// Iterator over the parts of a token; see [`Token::parts`].
#[derive(Clone, Debug)]
pub struct Parts<'t> {
    text: &'t str,
    pos: usize,
    end: usize,
    split: bool,
}

impl Iterator for Parts<'_> {
    type Item = Span;

    fn next(&mut self) -> Option<Span> {
        if self.pos >= self.end {
            return None;
        }
        let start = self.pos;
        let rest = self.text.get(start..self.end)?;
        if !self.split {
            self.pos = self.end;
            return Some(Span::new(start, self.end));
        }
        match rest.char_indices().find(|&(_, c)| is_hyphen(c)) {
            Some((i, c)) => {
                self.pos = start + i + c.len_utf8();
                Some(Span::new(start, start + i))
            }
            None => {
                self.pos = self.end;
                Some(Span::new(start, self.end))
            }
        }
    }
}

/// A text split into paragraphs, sentences and tokens.
#[derive(Clone, Debug, Default)]
pub struct Document {
    pub text: String,
    /// Sentence spans: sorted, disjoint, trimmed; together they hold every
    /// token, and none crosses a paragraph.
    pub sentences: Vec<Span>,
    /// Paragraph spans (blank-line separated), sorted, disjoint, trimmed.
    pub paragraphs: Vec<Span>,
    /// All tokens in text order.
    pub tokens: Vec<Token>,
    offsets: CharOffsets,
}

impl Document {
    /// Tokenizes `text` and splits it into sentences and paragraphs.
    #[must_use]
    pub fn new(text: String) -> Self {
        let mut tokens = tokenize(&text);
        let sentences = split_sentences(&text, &mut tokens);
        let paragraphs = paragraphs(&tokens);
        let offsets = CharOffsets::new(&text);
        Self {
            text,
            sentences,
            paragraphs,
            tokens,
            offsets,
        }
    }

    /// A document whose sentences and paragraphs were found elsewhere (a
    /// long text analysed window by window) and which keeps no tokens.
    #[must_use]
    pub fn without_tokens(text: String, sentences: Vec<Span>, paragraphs: Vec<Span>) -> Self {
        let offsets = CharOffsets::new(&text);
        Self {
            text,
            sentences,
            paragraphs,
            tokens: Vec::new(),
            offsets,
        }
    }

    /// The index of the sentence holding byte `byte`, if any (bytes between
    /// sentences belong to none).
    #[must_use]
    pub fn sentence_of(&self, byte: usize) -> Option<usize> {
        span_of(&self.sentences, byte)
    }

    /// The index of the paragraph holding byte `byte`, if any.
    #[must_use]
    pub fn paragraph_of(&self, byte: usize) -> Option<usize> {
        span_of(&self.paragraphs, byte)
    }

    /// The tokens lying entirely inside `span`.
    #[must_use]
    pub fn tokens_in(&self, span: Span) -> &[Token] {
        let lo = self.tokens.partition_point(|t| t.span.start < span.start);
        let hi = self.tokens.partition_point(|t| t.span.end <= span.end);
        self.tokens.get(lo..hi.max(lo)).unwrap_or(&[])
    }

    /// The tokens of sentence `i` (empty if there is no such sentence).
    #[must_use]
    pub fn sentence_tokens(&self, i: usize) -> &[Token] {
        self.sentences.get(i).map_or(&[], |&s| self.tokens_in(s))
    }

    /// The index of the token holding byte `byte`, if any.
    #[must_use]
    pub fn token_at(&self, byte: usize) -> Option<usize> {
        let i = self.tokens.partition_point(|t| t.span.end <= byte);
        (self.tokens.get(i).is_some_and(|t| t.span.start <= byte)).then_some(i)
    }

    /// `(start, end)` in chars of a byte span of the text.
    #[must_use]
    pub fn char_span(&self, span: Span) -> (usize, usize) {
        self.offsets.span(span)
    }

    /// The byte-to-char converter of the text.
    #[must_use]
    pub fn offsets(&self) -> &CharOffsets {
        &self.offsets
    }
}

fn span_of(spans: &[Span], byte: usize) -> Option<usize> {
    let i = spans.partition_point(|s| s.end <= byte);
    spans.get(i).is_some_and(|s| s.start <= byte).then_some(i)
}

// ---------------------------------------------------------------------------
// Characters

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cls {
    Space,
    Newline,
    /// Paragraph separator (U+2029, form feed): a blank line.
    ParaSep,
    Letter,
    Digit,
    /// Combining marks and joiners: part of the word around them.
    Mark,
    Hyphen,
    Apos,
    Period,
    Other,
}

const ASCII: [Cls; 128] = {
    let mut t = [Cls::Other; 128];
    let mut i = 0;
    while i < 128 {
        let b = i as u8;
        t[i] = if b.is_ascii_alphabetic() {
            Cls::Letter
        } else if b.is_ascii_digit() {
            Cls::Digit
        } else if b == b'\n' || b == b'\r' {
            Cls::Newline
        } else if b == 0x0C {
            Cls::ParaSep
        } else if b <= 0x20 || b == 0x7F {
            Cls::Space
        } else if b == b'-' {
            Cls::Hyphen
        } else if b == b'\'' {
            Cls::Apos
        } else if b == b'.' {
            Cls::Period
        } else {
            Cls::Other
        };
        i += 1;
    }
    t
};

#[inline(always)]
fn classify(c: char) -> Cls {
    if c.is_ascii() {
        ASCII[c as usize]
    } else {
        classify_wide(c)
    }
}

#[inline(never)]
fn classify_wide(c: char) -> Cls {
    match c {
        '\u{2028}' | '\u{85}' => Cls::Newline,
        '\u{2029}' => Cls::ParaSep,
        '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{180E}' => Cls::Space,
        '\u{2010}' | '\u{2011}' => Cls::Hyphen,
        '\u{2019}' | '\u{02BC}' => Cls::Apos,
        '\u{200C}'
        | '\u{200D}'
        | '\u{AD}'
        | '\u{0300}'..='\u{036F}'
        | '\u{0483}'..='\u{0489}'
        | '\u{0591}'..='\u{05BD}'
        | '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06DC}'
        | '\u{06DF}'..='\u{06E4}'
        | '\u{06E7}'..='\u{06E8}'
        | '\u{06EA}'..='\u{06ED}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE00}'..='\u{FE0F}'
        | '\u{FE20}'..='\u{FE2F}' => Cls::Mark,
        _ if c.is_whitespace() => Cls::Space,
        _ if c.is_alphabetic() => Cls::Letter,
        _ if c.is_numeric() => Cls::Digit,
        _ => Cls::Other,
    }
}

/// Marks that are invisible on their own: skipped between tokens.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200C}' | '\u{200D}' | '\u{AD}' | '\u{FE00}'..='\u{FE0F}'
    )
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

fn is_punct(c: char) -> bool {
    matches!(
        c,
        '!' | '"'
            | '\''
            | '('
            | ')'
            | ','
            | '-'
            | '.'
            | '/'
            | ':'
            | ';'
            | '?'
            | '['
            | ']'
            | '{'
            | '}'
            | '_'
            | '\u{A1}'
            | '\u{A7}'
            | '\u{AB}'
            | '\u{B6}'
            | '\u{B7}'
            | '\u{BB}'
            | '\u{BF}'
            | '\u{2010}'..='\u{2027}'
            | '\u{2030}'..='\u{205E}'
            | '\u{2E00}'..='\u{2E4F}'
            | '\u{060C}'
            | '\u{061B}'
            | '\u{061F}'
            | '\u{066A}'..='\u{066D}'
            | '\u{06D4}'
            | '\u{3001}'..='\u{3003}'
            | '\u{3008}'..='\u{3011}'
            | '\u{FF01}'
            | '\u{FF0C}'
            | '\u{FF0E}'
            | '\u{FF1A}'
            | '\u{FF1B}'
            | '\u{FF1F}'
    )
}

fn is_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '\u{AB}'
            | '\u{BB}'
            | '\u{2018}'..='\u{201F}'
            | '\u{2039}'
            | '\u{203A}'
            | '\u{300C}'..='\u{300F}'
    )
}

fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | ')'
            | ']'
            | '}'
            | '\u{BB}'
            | '\u{2019}'
            | '\u{201D}'
            | '\u{203A}'
            | '\u{300D}'
            | '\u{300F}'
    )
}

fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '('
            | '['
            | '\u{AB}'
            | '\u{2018}'
            | '\u{201A}'
            | '\u{201C}'
            | '\u{201E}'
            | '\u{2039}'
            | '\u{300C}'
            | '\u{300E}'
            | '\u{BF}'
            | '\u{A1}'
    )
}

fn is_terminal_str(s: &str) -> bool {
    matches!(
        s,
        "." | "!"
            | "?"
            | "\u{2026}"
            | "\u{203C}"
            | "\u{2047}"
            | "\u{2048}"
            | "\u{2049}"
            | "\u{061F}"
            | "\u{06D4}"
            | "\u{3002}"
            | "\u{FF01}"
            | "\u{FF1F}"
    ) || (s.len() >= 2 && s.bytes().all(|b| b == b'.'))
}

#[inline]
fn char_at(text: &str, i: usize) -> (char, usize) {
    match text.as_bytes().get(i) {
        Some(&b) if b < 0x80 => (char::from(b), 1),
        Some(_) => {
            let c = text.get(i..).and_then(|s| s.chars().next()).unwrap_or(' ');
            (c, c.len_utf8().max(1))
        }
        None => ('\0', 1),
    }
}

// ---------------------------------------------------------------------------
// Abbreviations

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Abbrev {
    /// Titles and the like: a sentence never ends after them.
    Title,
    /// May end a sentence, if a clear sentence opener follows.
    MayEnd,
}

fn abbreviation(word: &str) -> Option<Abbrev> {
    let class = match word {
        "Mr" | "Mrs" | "Ms" | "Dr" | "Prof" | "Gen" | "Lt" | "Col" | "Maj" | "Capt" | "Sgt"
        | "Cpl" | "Pvt" | "Adm" | "Cmdr" | "Cdr" | "Brig" | "Gov" | "Sen" | "Rep" | "Rev"
        | "Fr" | "Hon" | "Pres" | "Amb" | "Supt" | "Insp" | "St" | "Mt" | "Ft" | "Messrs"
        | "Mme" | "Mlle" | "Msgr" | "Gens" | "Sens" | "Reps" | "Govs" | "No" | "Nos" | "Nr"
        | "vs" | "Vs" | "v" => Abbrev::Title,
        "Jan" | "Feb" | "Mar" | "Apr" | "Jun" | "Jul" | "Aug" | "Sep" | "Sept" | "Oct" | "Nov"
        | "Dec" | "Jr" | "Sr" | "Inc" | "Co" | "Corp" | "Ltd" | "Bros" | "Ave" | "Blvd" | "Rd"
        | "Dept" | "Univ" | "Assn" | "etc" | "approx" | "est" | "al" | "cf" | "ca" | "Fig"
        | "fig" | "Vol" | "vol" | "pp" | "Ph" | "Govt" | "govt" => Abbrev::MayEnd,
        _ => return None,
    };
    Some(class)
}

/// How an abbreviation token ending in a period relates to sentence ends.
fn abbreviation_class(token_text: &str) -> Abbrev {
    let body = token_text.strip_suffix('.').unwrap_or(token_text);
    let last = body.rsplit(is_hyphen).next().unwrap_or(body);
    if last.contains('.') || last.chars().count() == 1 {
        return Abbrev::MayEnd; // initialism or initial
    }
    abbreviation(last).unwrap_or(Abbrev::MayEnd)
}

/// Words that clearly open a sentence, for sentence ends after abbreviations.
fn is_opener_word(w: &str) -> bool {
    matches!(
        w,
        "The"
            | "A"
            | "An"
            | "He"
            | "She"
            | "It"
            | "They"
            | "We"
            | "I"
            | "You"
            | "In"
            | "On"
            | "At"
            | "But"
            | "And"
            | "Or"
            | "So"
            | "This"
            | "That"
            | "These"
            | "Those"
            | "There"
            | "Their"
            | "His"
            | "Her"
            | "Its"
            | "Our"
            | "My"
            | "After"
            | "Before"
            | "While"
            | "When"
            | "Where"
            | "What"
            | "Why"
            | "How"
            | "Who"
            | "Which"
            | "Meanwhile"
            | "However"
            | "Also"
            | "If"
            | "As"
            | "Since"
            | "Last"
            | "Earlier"
            | "Later"
            | "Both"
            | "All"
            | "Some"
            | "Many"
            | "Most"
            | "Several"
            | "Officials"
            | "According"
            | "Despite"
            | "During"
            | "Although"
            | "Though"
            | "Still"
            | "Yet"
            | "Then"
            | "Now"
            | "Today"
            | "Yesterday"
            | "Under"
            | "From"
            | "For"
            | "With"
            | "By"
            | "No"
            | "Not"
            | "Such"
            | "Each"
            | "Separately"
            | "Elsewhere"
            | "Instead"
            | "Nevertheless"
            | "Moreover"
            | "Thus"
            | "Following"
    )
}

// ---------------------------------------------------------------------------
// Tokenizer

/// What [`scan_word`] found.
#[derive(Default)]
struct WordScan {
    end: usize,
    letters: u32,
    upper: u32,
    lower: u32,
    digits: bool,
    hyphenated: bool,
    abbreviation: bool,
    first_upper: bool,
}

/// Whether the next non-space char after `i` is a digit ("No. 5").
fn digit_follows(text: &str, mut i: usize) -> bool {
    let b = text.as_bytes();
    let mut n = 0;
    while i < b.len() && n < 4 && (b[i] == b' ' || b[i] == b'\t') {
        i += 1;
        n += 1;
    }
    b.get(i).is_some_and(u8::is_ascii_digit)
}

/// Scans a word or number starting at `start` (a letter, digit or mark).
fn scan_word(text: &str, start: usize) -> WordScan {
    let n = text.len();
    let mut w = WordScan::default();
    let mut i = start;
    // Start of the current letter/digit segment, its letter count, and
    // whether the token so far is an initialism ("U.S").
    let mut seg_start = start;
    let mut seg_letters = 0u32;
    let mut seg_chars = 0u32;
    let mut dotted = false;
    let mut last = Cls::Other;
    let bytes = text.as_bytes();
    loop {
        while i < n {
            // ASCII fast path.
            let b = bytes[i];
            if b < 0x80 {
                match ASCII[usize::from(b)] {
                    Cls::Letter => {
                        if i == start {
                            w.first_upper = b.is_ascii_uppercase();
                        }
                        w.letters += 1;
                        seg_letters += 1;
                        if b.is_ascii_uppercase() {
                            w.upper += 1;
                        } else {
                            w.lower += 1;
                        }
                        last = Cls::Letter;
                    }
                    Cls::Digit => {
                        w.digits = true;
                        last = Cls::Digit;
                    }
                    _ => break,
                }
                seg_chars += 1;
                i += 1;
                continue;
            }
            let (c, len) = char_at(text, i);
            match classify(c) {
                Cls::Letter => {
                    if i == start {
                        w.first_upper = c.is_uppercase();
                    }
                    w.letters += 1;
                    seg_letters += 1;
                    if c.is_uppercase() {
                        w.upper += 1;
                    } else if c.is_lowercase() {
                        w.lower += 1;
                    }
                    last = Cls::Letter;
                }
                Cls::Digit => {
                    w.digits = true;
                    last = Cls::Digit;
                }
                Cls::Mark => {}
                _ => break,
            }
            seg_chars += 1;
            i += len;
        }
        w.end = i;
        if i >= n {
            break;
        }
        let (c, len) = char_at(text, i);
        let (next, next_len) = char_at(text, i + len);
        let next_cls = if i + len < n {
            classify(next)
        } else {
            Cls::Space
        };
        match classify(c) {
            Cls::Apos if last == Cls::Letter && next_cls == Cls::Letter => {
                // A possessive 's is split off; O'Brien, don't stay whole.
                let after = i + len + next_len;
                let after_alnum = after < n
                    && matches!(
                        classify(char_at(text, after).0),
                        Cls::Letter | Cls::Digit | Cls::Mark
                    );
                if matches!(next, 's' | 'S') && !after_alnum {
                    break;
                }
                i += len;
            }
            Cls::Hyphen if matches!(next_cls, Cls::Letter | Cls::Digit) => {
                w.hyphenated = true;
                i += len;
                dotted = false;
            }
            Cls::Period => {
                if last == Cls::Digit && next_cls == Cls::Digit {
                    i += 1;
                    continue; // 3.5, 24.03.2016
                }
                let single_letter = seg_letters == 1 && seg_chars == 1;
                // One letter, a period, one letter, a period: an initialism.
                if single_letter
                    && next_cls == Cls::Letter
                    && char_at(text, i + 1 + next_len).0 == '.'
                {
                    i += 1;
                    dotted = true;
                    seg_start = i;
                    seg_letters = 0;
                    seg_chars = 0;
                    continue;
                }
                let seg = &text[seg_start..i];
                let take = if single_letter && dotted {
                    true
                } else if single_letter && seg_start == start {
                    seg.chars().next().is_some_and(char::is_uppercase)
                } else {
                    match seg {
                        "No" | "Nos" | "Nr" | "no" => digit_follows(text, i + 1),
                        _ => abbreviation(seg).is_some(),
                    }
                };
                if !take {
                    break;
                }
                w.abbreviation = true;
                i += 1;
                w.end = i;
                // "U.S.-backed": the compound goes on.
                let (h, hl) = char_at(text, i);
                if i < n && is_hyphen(h) && classify(char_at(text, i + hl).0) == Cls::Letter {
                    w.hyphenated = true;
                    w.abbreviation = false;
                    i += hl;
                    dotted = false;
                } else {
                    break;
                }
            }
            Cls::Other if last == Cls::Digit && next_cls == Cls::Digit => {
                let b = text.as_bytes();
                let run = b[i + 1..].iter().take_while(|x| x.is_ascii_digit()).count();
                let ok = match c {
                    ',' => run == 3,
                    ':' => run == 2,
                    _ => false,
                };
                if !ok {
                    break;
                }
                i += 1;
            }
            _ => break,
        }
        seg_start = i;
        seg_letters = 0;
        seg_chars = 0;
    }
    w
}

/// Splits `text` into tokens, with every flag but `SENTENCE_INITIAL`.
fn tokenize(text: &str) -> Vec<Token> {
    let n = text.len();
    let mut tokens: Vec<Token> = Vec::with_capacity(n / 5 + 1);
    let mut i = 0;
    let mut newlines = 2u32; // the text start is a paragraph start
    let mut prev_cr = false;
    while i < n {
        let (c, len) = char_at(text, i);
        let cls = classify(c);
        match cls {
            Cls::Space => {
                prev_cr = false;
                i += len;
                continue;
            }
            Cls::Newline => {
                if !(c == '\n' && prev_cr) {
                    newlines += 1;
                }
                prev_cr = c == '\r';
                i += len;
                continue;
            }
            Cls::ParaSep => {
                newlines += 2;
                prev_cr = false;
                i += len;
                continue;
            }
            Cls::Mark if is_invisible(c) => {
                i += len;
                continue;
            }
            _ => {}
        }
        prev_cr = false;
        let start = i;
        let mut flags = TokenFlags::empty();
        if newlines >= 1 {
            flags |= TokenFlags::LINE_INITIAL;
        }
        if newlines >= 2 {
            flags |= TokenFlags::PARAGRAPH_INITIAL;
        }
        newlines = 0;
        let prev = tokens.last().copied();
        if let Some(p) = prev
            && p.span.end == start
            && p.kind == TokenKind::Punct
            && text[p.span].chars().next().is_some_and(is_quote)
        {
            flags |= TokenFlags::AFTER_QUOTE;
        }
        let kind;
        match cls {
            Cls::Letter | Cls::Digit | Cls::Mark => {
                let w = scan_word(text, start);
                i = w.end.max(start + len);
                kind = if w.letters > 0 {
                    TokenKind::Word
                } else if w.digits {
                    TokenKind::Number
                } else {
                    TokenKind::Symbol
                };
                if w.first_upper {
                    flags |= TokenFlags::CAPITALIZED;
                }
                if w.letters >= 2 && w.lower == 0 && w.upper > 0 {
                    flags |= TokenFlags::ALL_CAPS;
                }
                if w.digits {
                    flags |= TokenFlags::HAS_DIGIT;
                }
                if w.hyphenated {
                    flags |= TokenFlags::HYPHENATED;
                }
                if w.abbreviation {
                    flags |= TokenFlags::ABBREVIATION;
                }
            }
            _ => {
                let (next, next_len) = char_at(text, i + len);
                let word_before =
                    prev.is_some_and(|p| p.span.end == start && p.kind == TokenKind::Word);
                if cls == Cls::Apos && word_before && matches!(next, 's' | 'S') && i + len < n {
                    // The possessive 's split off by scan_word.
                    i += len + next_len;
                    kind = TokenKind::Word;
                } else if c == '.' || c == '-' {
                    // Runs: "...", "--".
                    let b = text.as_bytes();
                    let run = b[i..].iter().take_while(|&&x| x == c as u8).count();
                    i += run;
                    kind = TokenKind::Punct;
                } else {
                    i += len;
                    kind = if is_punct(c) {
                        TokenKind::Punct
                    } else {
                        TokenKind::Symbol
                    };
                }
            }
        }
        tokens.push(Token {
            span: Span::new(start, i),
            kind,
            flags,
        });
    }
    tokens
}

// ---------------------------------------------------------------------------
// Sentences

/// How a token may end a sentence.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Terminal {
    /// `.` `!` `?` `…`: ends the sentence if the next token may start one.
    Hard,
    /// An abbreviation that may end a sentence before a clear opener.
    Soft,
}

fn terminal(text: &str, t: &Token) -> Option<Terminal> {
    match t.kind {
        TokenKind::Punct if is_terminal_str(&text[t.span]) => Some(Terminal::Hard),
        TokenKind::Word if t.abbreviation() => {
            (abbreviation_class(&text[t.span]) == Abbrev::MayEnd).then_some(Terminal::Soft)
        }
        _ => None,
    }
}

fn first_char(text: &str, t: &Token) -> char {
    text[t.span].chars().next().unwrap_or(' ')
}

/// Whether `t` can open a sentence: not lowercase, not closing punctuation.
fn may_open(text: &str, t: &Token) -> bool {
    let c = first_char(text, t);
    match t.kind {
        TokenKind::Word => !c.is_lowercase(),
        TokenKind::Number => true,
        TokenKind::Punct => is_opener(c),
        TokenKind::Symbol => false,
    }
}

fn is_heading_word(text: &str, t: &Token) -> bool {
    t.kind == TokenKind::Word && !text[t.span].chars().any(char::is_lowercase)
}

/// If the line starting at token `k` is a heading in capitals, its last
/// token.
fn heading_line(text: &str, tokens: &[Token], k: usize) -> Option<usize> {
    let first = tokens.get(k)?;
    if !first.all_caps() {
        return None;
    }
    let mut j = k;
    let mut caps_words = 0;
    while j < tokens.len() && (j == k || !tokens[j].is(TokenFlags::LINE_INITIAL)) {
        let t = &tokens[j];
        if j - k >= MAX_HEADING_TOKENS {
            return None;
        }
        match t.kind {
            TokenKind::Word if !is_heading_word(text, t) => return None,
            TokenKind::Word => caps_words += 1,
            _ => {}
        }
        j += 1;
    }
    (caps_words >= 1).then_some(j - 1)
}

/// A run of 2+ words in capitals opening a sentence and followed, on the
/// same line, by a clear sentence opener ("SLOW PROGRESS The ..."): the
/// index of its last word.
fn caps_run(text: &str, tokens: &[Token], k: usize) -> Option<usize> {
    let mut j = k;
    while j < tokens.len()
        && j - k < 8
        && tokens[j].kind == TokenKind::Word
        && tokens[j].all_caps()
        && (j == k || !tokens[j].is(TokenFlags::LINE_INITIAL))
    {
        j += 1;
    }
    let next = tokens.get(j)?;
    (j - k >= 2
        && next.kind == TokenKind::Word
        && next.capitalized()
        && !next.all_caps()
        && !next.is(TokenFlags::LINE_INITIAL)
        && is_opener_word(&text[next.span]))
    .then(|| j - 1)
}

/// Whether token `k` opens a list item line: "1. ", "2) ", "- ", "• ".
fn list_item_at(text: &str, tokens: &[Token], k: usize) -> bool {
    let t = &tokens[k];
    if !t.is(TokenFlags::LINE_INITIAL) {
        return false;
    }
    let spaced = |a: &Token, b: Option<&Token>| b.is_some_and(|b| b.span.start > a.span.end);
    match t.kind {
        TokenKind::Number if t.span.len() <= 3 => tokens.get(k + 1).is_some_and(|p| {
            p.span.start == t.span.end
                && matches!(&text[p.span], "." | ")")
                && spaced(p, tokens.get(k + 2))
        }),
        TokenKind::Punct | TokenKind::Symbol => {
            matches!(&text[t.span], "-" | "*" | "\u{2022}" | "\u{2013}")
                && spaced(t, tokens.get(k + 1))
        }
        _ => false,
    }
}

/// Splits the tokens into sentences (as spans) and sets `SENTENCE_INITIAL`.
fn split_sentences(text: &str, tokens: &mut [Token]) -> Vec<Span> {
    let n = tokens.len();
    let mut bounds: Vec<(usize, usize)> = Vec::with_capacity(n / 20 + 1);
    let mut start = 0;
    let mut k = 0;
    while k < n {
        if tokens[k].is(TokenFlags::LINE_INITIAL)
            && let Some(end) = heading_line(text, tokens, k)
        {
            if k > start {
                bounds.push((start, k - 1));
            }
            bounds.push((k, end));
            start = end + 1;
            k = end + 1;
            continue;
        }
        if k == start
            && let Some(end) = caps_run(text, tokens, k)
        {
            bounds.push((k, end));
            start = end + 1;
            k = end + 1;
            continue;
        }
        let mut last = k;
        let mut ends = k + 1 == n || tokens[k + 1].is(TokenFlags::PARAGRAPH_INITIAL);
        if k > start && list_item_at(text, tokens, k) {
            bounds.push((start, k - 1));
            start = k;
        }
        // "1. First item": a list number is no sentence.
        let list_marker = k == start + 1 && list_item_at(text, tokens, start);
        if !ends
            && !list_marker
            && let Some(term) = terminal(text, &tokens[k])
        {
            // Closing quotes, brackets and more terminals stay in the sentence.
            while last + 1 < n {
                let next = &tokens[last + 1];
                let glued = next.span.start == tokens[last].span.end;
                let c = first_char(text, next);
                let closing = next.kind == TokenKind::Punct
                    && (is_closer(c) || is_terminal_str(&text[next.span]));
                if !(glued && closing) {
                    break;
                }
                last += 1;
            }
            ends = match tokens.get(last + 1) {
                None => true,
                Some(next) if next.is(TokenFlags::PARAGRAPH_INITIAL) => true,
                Some(next) if next.span.start == tokens[last].span.end => false,
                Some(next) => {
                    may_open(text, next)
                        && (term == Terminal::Hard
                            || next.kind == TokenKind::Punct
                            || (next.kind == TokenKind::Word && is_opener_word(&text[next.span])))
                }
            };
        }
        let len = last + 1 - start;
        if !ends
            && (len >= HARD_MAX_SENTENCE
                || (len >= SOFT_MAX_SENTENCE
                    && tokens
                        .get(last + 1)
                        .is_some_and(|t| t.is(TokenFlags::LINE_INITIAL))))
        {
            ends = true;
        }
        if ends {
            bounds.push((start, last));
            start = last + 1;
        }
        k = last + 1;
    }
    if start < n {
        bounds.push((start, n - 1));
    }
    let mut sentences = Vec::with_capacity(bounds.len());
    for (s, e) in bounds {
        if let Some(first) = tokens[s..=e]
            .iter_mut()
            .take(4)
            .find(|t| matches!(t.kind, TokenKind::Word | TokenKind::Number))
        {
            first.flags |= TokenFlags::SENTENCE_INITIAL;
        }
        sentences.push(Span::new(tokens[s].span.start, tokens[e].span.end));
    }
    sentences
}

fn paragraphs(tokens: &[Token]) -> Vec<Span> {
    let mut out = Vec::new();
    let mut cur: Option<Span> = None;
    for t in tokens {
        if t.is(TokenFlags::PARAGRAPH_INITIAL)
            && let Some(p) = cur.take()
        {
            out.push(p);
        }
        cur = Some(cur.map_or(t.span, |p| Span::new(p.start, t.span.end)));
    }
    out.extend(cur);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        let doc = Document::new(text.to_owned());
        doc.sentences.iter().map(|&s| &text[s]).collect()
    }

    fn tokens(text: &str) -> Vec<&str> {
        let doc = Document::new(text.to_owned());
        doc.tokens.iter().map(|t| &text[t.span]).collect()
    }

    #[test]
    fn sentence_table() {
        let cases: Vec<(&str, Vec<&str>)> = vec![
            (
                "Shelling resumed. Residents fled.",
                vec!["Shelling resumed.", "Residents fled."],
            ),
            (
                "U.S. officials denied it. Mr. Kerry flew to Sochi.",
                vec!["U.S. officials denied it.", "Mr. Kerry flew to Sochi."],
            ),
            (
                "The deadline is Sept. 30 for both sides.",
                vec!["The deadline is Sept. 30 for both sides."],
            ),
            (
                "A letter from J. Smith arrived.",
                vec!["A letter from J. Smith arrived."],
            ),
            (
                "Gen. Petraeus spoke. Then he left.",
                vec!["Gen. Petraeus spoke.", "Then he left."],
            ),
            (
                "Talks ended at 5 p.m. The envoys left.",
                vec!["Talks ended at 5 p.m.", "The envoys left."],
            ),
            (
                "Talks ended at 5 p.m. Friday in Geneva.",
                vec!["Talks ended at 5 p.m. Friday in Geneva."],
            ),
            (
                "Aid went to the U.S. The rest went home.",
                vec!["Aid went to the U.S.", "The rest went home."],
            ),
            (
                "Aid went to the U.S. Navy base.",
                vec!["Aid went to the U.S. Navy base."],
            ),
            (
                "\"It is over.\" A spokesman said so.",
                vec!["\"It is over.\"", "A spokesman said so."],
            ),
            (
                "\u{201C}It is over.\u{201D} A spokesman said so.",
                vec!["\u{201C}It is over.\u{201D}", "A spokesman said so."],
            ),
            (
                "\u{201C}Why?\u{201D} he asked. Nobody knew.",
                vec!["\u{201C}Why?\u{201D} he asked.", "Nobody knew."],
            ),
            ("Really?! Yes.", vec!["Really?!", "Yes."]),
            (
                "He waited... The convoy came.",
                vec!["He waited...", "The convoy came."],
            ),
            ("He waited... and waited.", vec!["He waited... and waited."]),
            (
                "First paragraph without end\n\nSecond one",
                vec!["First paragraph without end", "Second one"],
            ),
            (
                "hard wrapped line\ncontinues here.",
                vec!["hard wrapped line\ncontinues here."],
            ),
            (
                "Troops advanced.\nSLOW PROGRESS\nThe offensive stalled.",
                vec![
                    "Troops advanced.",
                    "SLOW PROGRESS",
                    "The offensive stalled.",
                ],
            ),
            (
                "Troops advanced. SLOW PROGRESS The offensive stalled.",
                vec![
                    "Troops advanced.",
                    "SLOW PROGRESS",
                    "The offensive stalled.",
                ],
            ),
            (
                "NATO said it would respond. NEW YORK Mayor spoke.",
                vec!["NATO said it would respond.", "NEW YORK Mayor spoke."],
            ),
            (
                "It rose 3.5 percent in 2016. Prices fell.",
                vec!["It rose 3.5 percent in 2016.", "Prices fell."],
            ),
            (
                "See example.com for more. Done.",
                vec!["See example.com for more.", "Done."],
            ),
            (
                "Casualties (at least 12.) Rescue went on.",
                vec!["Casualties (at least 12.)", "Rescue went on."],
            ),
            (
                "The unit, Co. B, moved. Inc. is here.",
                vec!["The unit, Co. B, moved.", "Inc. is here."],
            ),
            (
                "Unit No. 5 left. No one stayed.",
                vec!["Unit No. 5 left.", "No one stayed."],
            ),
            (
                "قصف الجيش حمص. وفر السكان.",
                vec!["قصف الجيش حمص.", "وفر السكان."],
            ),
            (
                "Войска вошли в Бахмут. Бои продолжаются.",
                vec!["Войска вошли в Бахмут.", "Бои продолжаются."],
            ),
            ("CRLF lines\r\n\r\nnew para", vec!["CRLF lines", "new para"]),
            (
                "Tabs\tand\u{A0}nbsp. Zero\u{200B}width.",
                vec!["Tabs\tand\u{A0}nbsp.", "Zero\u{200B}width."],
            ),
            ("", vec![]),
            ("   \n\n  ", vec![]),
            (
                "Unbalanced \"quote. Next one.",
                vec!["Unbalanced \"quote.", "Next one."],
            ),
            (
                "1. First item\n2. Second item",
                vec!["1. First item", "2. Second item"],
            ),
            (
                "Items:\n- bread\n\u{2022} water",
                vec!["Items:", "- bread", "\u{2022} water"],
            ),
            (
                "He paid 2.\n5 more came.",
                vec!["He paid 2.", "5 more came."],
            ),
            (
                "1. First item\n\n2. Second item",
                vec!["1. First item", "2. Second item"],
            ),
            (
                "The U.S. and Russia agreed. U.N. envoys left.",
                vec!["The U.S. and Russia agreed.", "U.N. envoys left."],
            ),
            (
                "He flew to Washington, D.C. The talks began.",
                vec!["He flew to Washington, D.C.", "The talks began."],
            ),
            (
                "He arrived in Jan. The talks began.",
                vec!["He arrived in Jan.", "The talks began."],
            ),
            (
                "Since the Feb. 24 invasion, St. Petersburg has changed.",
                vec!["Since the Feb. 24 invasion, St. Petersburg has changed."],
            ),
            (
                "'We will not leave,' she said. Others did.",
                vec!["'We will not leave,' she said.", "Others did."],
            ),
            (
                "He said: \u{AB}C'est fini.\u{BB} Puis il est parti.",
                vec!["He said: \u{AB}C'est fini.\u{BB}", "Puis il est parti."],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(sentences(text), want, "{text:?}");
        }
    }

    #[test]
    fn token_table() {
        let cases: Vec<(&str, Vec<&str>)> = vec![
            ("Russian-backed rebels", vec!["Russian-backed", "rebels"]),
            ("U.S.-backed forces", vec!["U.S.-backed", "forces"]),
            (
                "the Britain-based Observatory",
                vec!["the", "Britain-based", "Observatory"],
            ),
            (
                "Bashar al-Assad's army",
                vec!["Bashar", "al-Assad", "'s", "army"],
            ),
            ("a five-month siege", vec!["a", "five-month", "siege"]),
            (
                "U.S. U.N. U.K. officials",
                vec!["U.S.", "U.N.", "U.K.", "officials"],
            ),
            (
                "Mr. Gen. Sept. St. Jan. 5",
                vec!["Mr.", "Gen.", "Sept.", "St.", "Jan.", "5"],
            ),
            ("at 5 a.m. sharp", vec!["at", "5", "a.m.", "sharp"]),
            ("J. Smith", vec!["J.", "Smith"]),
            (
                "1,000 troops, 3.5 km, 3:41 PM",
                vec!["1,000", "troops", ",", "3.5", "km", ",", "3:41", "PM"],
            ),
            ("on 2016-03-24.", vec!["on", "2016-03-24", "."]),
            ("F-16 jets; AK-47s", vec!["F-16", "jets", ";", "AK-47s"]),
            ("O'Brien don't", vec!["O'Brien", "don't"]),
            ("Syrians' homes", vec!["Syrians", "'", "homes"]),
            ("Kyiv\u{2019}s mayor", vec!["Kyiv", "\u{2019}s", "mayor"]),
            ("\"Quoted\" text", vec!["\"", "Quoted", "\"", "text"]),
            (
                "wait... what -- no \u{2014} yes",
                vec!["wait", "...", "what", "--", "no", "\u{2014}", "yes"],
            ),
            (
                "$5 or 12% #tag @user",
                vec!["$", "5", "or", "12", "%", "#", "tag", "@", "user"],
            ),
            ("حلب، سوريا", vec!["حلب", "،", "سوريا"]),
            ("Ḩamāh Москва", vec!["Ḩamāh", "Москва"]),
            (
                "Cafe\u{301} zero\u{200B}width",
                vec!["Cafe\u{301}", "zero", "width"],
            ),
            ("No one, No. 5", vec!["No", "one", ",", "No.", "5"]),
            ("end.", vec!["end", "."]),
            ("24.03.2016 1990s 24th", vec!["24.03.2016", "1990s", "24th"]),
            ("-5 and - alone", vec!["-", "5", "and", "-", "alone"]),
            ("\u{1F600}\u{200D}x", vec!["\u{1F600}", "x"]),
        ];
        for (text, want) in cases {
            assert_eq!(tokens(text), want, "{text:?}");
        }
    }

    #[test]
    fn token_kinds_and_flags() {
        let text = "\u{201C}NATO and U.S.-backed forces hit 12 sites in al-Bab,\u{201D} he said.";
        let doc = Document::new(text.to_owned());
        let find = |s: &str| {
            *doc.tokens
                .iter()
                .find(|t| &text[t.span] == s)
                .unwrap_or_else(|| panic!("no token {s}"))
        };
        let nato = find("NATO");
        assert!(
            nato.capitalized() && nato.all_caps() && nato.sentence_initial() && nato.after_quote()
        );
        let us = find("U.S.-backed");
        assert!(
            us.hyphenated() && us.capitalized() && !us.all_caps() && us.kind == TokenKind::Word
        );
        let parts: Vec<&str> = us.parts(text).map(|s| &text[s]).collect();
        assert_eq!(parts, ["U.S.", "backed"]);
        let bab = find("al-Bab");
        assert_eq!(
            bab.parts(text).map(|s| &text[s]).collect::<Vec<_>>(),
            ["al", "Bab"]
        );
        assert!(!bab.capitalized());
        let twelve = find("12");
        assert!(twelve.kind == TokenKind::Number && twelve.has_digit());
        assert_eq!(find(",").kind, TokenKind::Punct);
        assert_eq!(find("forces").parts(text).count(), 1);
        assert!(!find("he").sentence_initial());
        assert!(find("\u{201C}").is(TokenFlags::PARAGRAPH_INITIAL));
        let doc = Document::new("x $ \u{A9}".to_owned());
        assert_eq!(doc.tokens[1].kind, TokenKind::Symbol);
        assert_eq!(doc.tokens[2].kind, TokenKind::Symbol);
    }

    #[test]
    fn paragraphs_and_lookups() {
        let text = "Kyiv was quiet. Sirens later.\n\n  Second para here.\n";
        let doc = Document::new(text.to_owned());
        let paras: Vec<&str> = doc.paragraphs.iter().map(|&p| &text[p]).collect();
        assert_eq!(
            paras,
            ["Kyiv was quiet. Sirens later.", "Second para here."]
        );
        assert_eq!(doc.sentence_of(0), Some(0));
        assert_eq!(doc.sentence_of(15), None); // the space between
        assert_eq!(doc.sentence_of(16), Some(1));
        assert_eq!(doc.sentence_of(text.len()), None);
        assert_eq!(doc.paragraph_of(33), Some(1));
        let toks: Vec<&str> = doc
            .tokens_in(doc.sentences[1])
            .iter()
            .map(|t| &text[t.span])
            .collect();
        assert_eq!(toks, ["Sirens", "later", "."]);
        assert_eq!(doc.sentence_tokens(9), &[]);
        assert_eq!(
            doc.token_at(1).map(|i| &text[doc.tokens[i].span]),
            Some("Kyiv")
        );
        assert_eq!(doc.token_at(4), None);
        let text = "Ḩamāh is in Syria.";
        let doc = Document::new(text.to_owned());
        assert_eq!(doc.char_span(doc.tokens[0].span), (0, 5));
        assert_eq!(doc.char_span(doc.tokens[3].span), (12, 17));
    }

    #[test]
    fn runaway_input_is_cut() {
        let text = "word ".repeat(100_000);
        let doc = Document::new(text);
        assert_eq!(doc.tokens.len(), 100_000);
        assert!(doc.sentences.len() >= 100);
        let text = "a".repeat(100_000);
        let doc = Document::new(text);
        assert_eq!(doc.tokens.len(), 1);
        assert_eq!(doc.sentences.len(), 1);
    }
}
