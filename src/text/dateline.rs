//! The article's own date: wire datelines ("MOSCOW, March 24 (Reuters) -"),
//! "Published:" and "Updated" lines, bylines with a date, copyright years.
//!
//! Only the head of the text (lines starting in the first [`HEAD_BYTES`]) and
//! its last lines are looked at, so this is cheap on any input.
//!
//! Precedence (see [`resolve_date`]): metadata from the markup, then a
//! "Published"/"Posted" line (or a byline or a line that is just a date), then
//! a dateline whose year is given or borrowed from a nearby date, then an
//! "Updated" line.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::lexicon::{Calendar, calendar_number};
use crate::span::Span;

/// Lines starting within this many leading bytes are the article's head.
pub const HEAD_BYTES: usize = 600;
/// How many trailing lines are searched for "Published" lines and copyrights.
const TAIL_LINES: usize = 10;
/// Lines longer than this are running text, not a "Published" line.
const MAX_META_LINE: usize = 200;

/// Where an article date came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateSource {
    /// Given by the user.
    User,
    /// A wire dateline ("BEIRUT, March 24 (AP) —").
    Dateline,
    /// A "Published"/"Updated"/"Posted" line, a dated byline or a date line.
    Published,
    /// The markup's metadata (`article:published_time`, JSON-LD, front matter).
    Metadata,
    Unknown,
}

/// An article date and where it was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DetectedDate {
    pub date: NaiveDate,
    pub source: DateSource,
    /// The date expression in the text; `None` for metadata.
    pub span: Option<Span>,
}

/// A wire dateline at the start of a line in the article's head.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dateline {
    /// The whole dateline, place to dash inclusive.
    pub span: Span,
    /// The place: "MOSCOW", "RAS AL-AIN", "BEIRUT/AMMAN".
    pub place: Span,
    /// A region or country after the place: "Syria" in "ALEPPO, Syria (AP)".
    pub region: Option<Span>,
    /// `(month, day)` when the dateline carries a date.
    pub month_day: Option<(u32, u32)>,
    /// The year when the dateline's date has one.
    pub year: Option<i32>,
    /// The date expression inside the dateline.
    pub date_span: Option<Span>,
    /// The agency in parentheses: "Reuters", "AP".
    pub agency: Option<Span>,
}

/// The article date by precedence: `meta` (metadata) if given, else what
/// [`detect_date`] finds in the text.
#[must_use]
pub fn resolve_date(meta: Option<(NaiveDate, DateSource)>, text: &str) -> Option<DetectedDate> {
    match meta {
        Some((date, source)) => Some(DetectedDate {
            date,
            source,
            span: None,
        }),
        None => detect_date(text),
    }
}

/// Finds the article's date in its text: a "Published" line, a dated byline
/// or date line, else a dateline with a year (its own, or borrowed from
/// another date near it: a "Published"/"Updated" line, a copyright year, a
/// full date in the head), else an "Updated" line. A dateline with a month and
/// day but no year anywhere gives `None`; [`dateline`] still reports it.
#[must_use]
pub fn detect_date(text: &str) -> Option<DetectedDate> {
    let published = published_line(text);
    if let Some(p) = published
        && p.rank < RANK_UPDATED
    {
        return Some(p.detected());
    }
    if let Some(dl) = dateline(text)
        && let Some(date) = dateline_date(text, &dl, published.as_ref())
    {
        return Some(DetectedDate {
            date,
            source: DateSource::Dateline,
            span: dl.date_span,
        });
    }
    published.map(|p| p.detected())
}

/// The wire dateline at the start of one of the head's lines, if any.
#[must_use]
pub fn dateline(text: &str) -> Option<Dateline> {
    head_lines(text).find_map(|(start, end)| dateline_at(text, start, end))
}

// ---------------------------------------------------------------------------
// Lines

/// `(start, end)` of the non-blank lines starting in the head, trimmed.
fn head_lines(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut pos = 0;
    std::iter::from_fn(move || {
        while pos < text.len() && pos < HEAD_BYTES {
            let start = pos;
            let end = text[start..].find('\n').map_or(text.len(), |e| start + e);
            pos = end + 1;
            if let Some(t) = trim(text, start, end) {
                return Some(t);
            }
        }
        None
    })
}

/// `(start, end)` of the last non-blank lines, trimmed, last line first.
fn tail_lines(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut end = text.len();
    let floor = text.len().saturating_sub(4000);
    while out.len() < TAIL_LINES && end > floor {
        let start = text[..end].rfind('\n').map_or(0, |p| p + 1);
        if start < HEAD_BYTES {
            break; // already a head line
        }
        if let Some(t) = trim(text, start, end) {
            out.push(t);
        }
        if start == 0 {
            break;
        }
        end = start - 1;
    }
    out
}

/// The largest char boundary of `text` at or below `i`.
fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn trim(text: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let line = &text[start..end];
    let t = line.trim_start();
    let s = start + (line.len() - t.len());
    let e = s + t.trim_end().len();
    (e > s).then_some((s, e))
}

// ---------------------------------------------------------------------------
// A tiny lexer for date expressions

#[derive(Clone, Copy, Debug)]
enum Lx {
    Word(Span),
    Num {
        span: Span,
        value: u32,
        digits: usize,
    },
    Punct(Span, char),
}

impl Lx {
    fn span(self) -> Span {
        match self {
            Lx::Word(s) | Lx::Num { span: s, .. } | Lx::Punct(s, _) => s,
        }
    }
}

fn lex(text: &str, start: usize, end: usize) -> Vec<Lx> {
    let mut out = Vec::new();
    let s = &text[start..end];
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        let at = start + i;
        if c.is_whitespace() {
            continue;
        }
        if c.is_ascii_digit() {
            let mut j = i + 1;
            let mut value = c.to_digit(10).unwrap_or(0);
            while let Some(&(k, d)) = it.peek() {
                if !d.is_ascii_digit() {
                    break;
                }
                value = value
                    .saturating_mul(10)
                    .saturating_add(d.to_digit(10).unwrap_or(0));
                j = k + 1;
                it.next();
            }
            out.push(Lx::Num {
                span: Span::new(at, start + j),
                value,
                digits: j - i,
            });
        } else if c.is_alphabetic() {
            let mut j = i + c.len_utf8();
            while let Some(&(k, d)) = it.peek() {
                if !d.is_alphabetic() {
                    break;
                }
                j = k + d.len_utf8();
                it.next();
            }
            out.push(Lx::Word(Span::new(at, start + j)));
        } else {
            out.push(Lx::Punct(Span::new(at, at + c.len_utf8()), c));
        }
    }
    out
}

/// The month a word names, full or abbreviated (`assets/lexicon/months.txt`).
fn month_of(word: &str) -> Option<u32> {
    if word.len() > 9 {
        return None;
    }
    calendar_number(Calendar::Months, &word.to_ascii_lowercase()).map(|(m, _)| u32::from(m))
}

/// A weekday's name, full or abbreviated (`assets/lexicon/weekdays.txt`).
fn is_weekday(word: &str) -> bool {
    calendar_number(Calendar::Weekdays, &word.to_ascii_lowercase()).is_some()
}

/// A date expression found by [`match_date`].
#[derive(Clone, Copy, Debug)]
struct DateMatch {
    year: Option<i32>,
    month: u32,
    day: u32,
    span: Span,
}

impl DateMatch {
    fn full(&self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year?, self.month, self.day)
    }
}

fn punct(items: &[Lx], i: usize, chars: &[char]) -> bool {
    matches!(items.get(i), Some(Lx::Punct(_, c)) if chars.contains(c))
}

fn word<'t>(text: &'t str, items: &[Lx], i: usize) -> Option<&'t str> {
    match items.get(i) {
        Some(Lx::Word(s)) => Some(&text[*s]),
        _ => None,
    }
}

fn num(items: &[Lx], i: usize, digits: std::ops::RangeInclusive<usize>) -> Option<(u32, Span)> {
    match items.get(i) {
        Some(Lx::Num {
            span,
            value,
            digits: d,
        }) if digits.contains(d) => Some((*value, *span)),
        _ => None,
    }
}

fn year_at(items: &[Lx], i: usize) -> Option<(i32, Span)> {
    let (y, s) = num(items, i, 4..=4)?;
    (1900..=2100).contains(&y).then_some((y as i32, s))
}

/// An ordinal suffix glued to the number before it: "24th".
fn ordinal_at(text: &str, items: &[Lx], i: usize) -> Option<Span> {
    let Some(Lx::Word(s)) = items.get(i) else {
        return None;
    };
    let prev = items.get(i.checked_sub(1)?)?.span();
    let w = text[*s].to_ascii_lowercase();
    (prev.end == s.start && matches!(w.as_str(), "st" | "nd" | "rd" | "th")).then_some(*s)
}

/// Matches a date expression starting at item `i`: ISO `2016-03-24`,
/// `March 24[, 2016]`, `Sept. 24th 2016`, `24 March[ 2016]`, `24/03/2016`
/// (only when unambiguous, or with dots: day first).
fn match_date(text: &str, items: &[Lx], i: usize) -> Option<DateMatch> {
    let start = items.get(i)?.span().start;
    let done = |year: Option<i32>, month: u32, day: u32, last: usize| {
        let valid = (1..=12).contains(&month)
            && (1..=31).contains(&day)
            && NaiveDate::from_ymd_opt(year.unwrap_or(2000), month, day).is_some();
        valid.then(|| DateMatch {
            year,
            month,
            day,
            span: Span::new(start, items[last].span().end),
        })
    };
    // ISO and other year-first numeric dates.
    if let Some((y, _)) = num(items, i, 4..=4)
        && (1000..=2999).contains(&y)
        && punct(items, i + 1, &['-', '/', '.'])
        && let Some((m, _)) = num(items, i + 2, 1..=2)
        && let Some(Lx::Punct(_, sep)) = items.get(i + 1)
        && punct(items, i + 3, &[*sep])
        && let Some((d, _)) = num(items, i + 4, 1..=2)
    {
        return done(Some(y as i32), m, d, i + 4);
    }
    // Day-first or month-first numeric with a 4-digit year.
    if let Some((a, _)) = num(items, i, 1..=2)
        && let Some(Lx::Punct(_, sep)) = items.get(i + 1)
        && matches!(*sep, '/' | '.' | '-')
        && let Some((b, _)) = num(items, i + 2, 1..=2)
        && punct(items, i + 3, &[*sep])
        && let Some((y, _)) = year_at(items, i + 4)
    {
        let (m, d) = if *sep == '.' || a > 12 {
            (b, a)
        } else if b > 12 {
            (a, b)
        } else {
            return None; // 03/04/2016: ambiguous
        };
        return done(Some(y), m, d, i + 4);
    }
    // Month name first.
    if let Some(m) = word(text, items, i).and_then(month_of) {
        let mut j = i + 1;
        if punct(items, j, &['.']) {
            j += 1;
        }
        let (d, _) = num(items, j, 1..=2)?;
        let mut last = j;
        j += 1;
        if ordinal_at(text, items, j).is_some() {
            last = j;
            j += 1;
        }
        let mut k = j;
        if punct(items, k, &[',']) {
            k += 1;
        }
        if let Some((y, _)) = year_at(items, k) {
            return done(Some(y), m, d, k);
        }
        // "March 24:41" is a time, not a date.
        if punct(items, j, &[':']) {
            return None;
        }
        return done(None, m, d, last);
    }
    // Day first.
    if let Some((d, _)) = num(items, i, 1..=2) {
        let mut j = i + 1;
        if ordinal_at(text, items, j).is_some() {
            j += 1;
        }
        if punct(items, j, &['.']) {
            j += 1;
        }
        if word(text, items, j).is_some_and(|w| w.eq_ignore_ascii_case("of")) {
            j += 1;
        }
        let m = word(text, items, j).and_then(month_of)?;
        let mut last = j;
        j += 1;
        if punct(items, j, &['.']) && text[items[j - 1].span()].len() <= 4 {
            last = j;
            j += 1;
        }
        let mut k = j;
        if punct(items, k, &[',']) {
            k += 1;
        }
        if let Some((y, _)) = year_at(items, k) {
            return done(Some(y), m, d, k);
        }
        return done(None, m, d, last);
    }
    None
}

/// The first full date (with a year) in `text[start..end]`.
fn find_full_date(text: &str, start: usize, end: usize) -> Option<(NaiveDate, DateMatch)> {
    let items = lex(text, start, end);
    (0..items.len()).find_map(|i| {
        let m = match_date(text, &items, i)?;
        Some((m.full()?, m))
    })
}

/// Parses a metadata date value: `2016-03-24T10:00:00Z`, `20160324`,
/// `March 24, 2016`, `Thu, 24 Mar 2016 10:00:00 GMT`. The calendar date as
/// written, without time zone conversion.
#[must_use]
pub fn parse_date_str(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = s.get(r)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    if b.len() >= 8
        && b[..8].iter().all(u8::is_ascii_digit)
        && b.get(8).is_none_or(|c| !c.is_ascii_digit())
    {
        return NaiveDate::from_ymd_opt(digits(0..4)? as i32, digits(4..6)?, digits(6..8)?);
    }
    find_full_date(s, 0, s.len()).map(|(d, _)| d)
}

// ---------------------------------------------------------------------------
// Published lines

const RANK_PUBLISHED: u8 = 0;
const RANK_DATE_LINE: u8 = 1;
const RANK_UPDATED: u8 = 2;

#[derive(Clone, Copy, Debug)]
struct PublishedLine {
    rank: u8,
    date: NaiveDate,
    span: Span,
}

impl PublishedLine {
    fn detected(self) -> DetectedDate {
        DetectedDate {
            date: self.date,
            source: DateSource::Published,
            span: Some(self.span),
        }
    }
}

fn published_line(text: &str) -> Option<PublishedLine> {
    let tail = tail_lines(text);
    let mut best: Option<PublishedLine> = None;
    for (start, end) in head_lines(text).chain(tail) {
        if end - start > MAX_META_LINE {
            continue;
        }
        if let Some(p) = classify_line(text, start, end)
            && best.is_none_or(|b| p.rank < b.rank)
        {
            best = Some(p);
        }
    }
    best
}

fn classify_line(text: &str, start: usize, end: usize) -> Option<PublishedLine> {
    let line = &text[start..end];
    let lower = line.to_ascii_lowercase();
    const KEYS: [(&str, u8); 9] = [
        ("first published", RANK_PUBLISHED),
        ("published", RANK_PUBLISHED),
        ("posted", RANK_PUBLISHED),
        ("date:", RANK_PUBLISHED),
        ("dated", RANK_PUBLISHED),
        ("last updated", RANK_UPDATED),
        ("updated", RANK_UPDATED),
        ("last modified", RANK_UPDATED),
        ("modified", RANK_UPDATED),
    ];
    let separated = line.contains('|') || line.contains('\u{2022}') || line.contains('\u{B7}');
    let at_word = |key: &str| {
        lower.match_indices(key).map(|(at, _)| at).find(|&at| {
            lower[..at]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric())
        })
    };
    for (key, rank) in KEYS {
        if let Some(at) = at_word(key)
            && (at <= 60 || separated)
            && let Some((date, m)) = find_full_date(text, start + at, end)
            // "Video posted on March 3, 2016 showed..." is running text.
            && (separated || text[m.span.end..end].split_whitespace().count() <= 3)
        {
            return Some(PublishedLine {
                rank,
                date,
                span: m.span,
            });
        }
    }
    let (date, m) = find_full_date(text, start, end)?;
    let byline = lower.starts_with("by ") && (separated || line.contains(','));
    if byline || only_date_words(text, start, end, m.span) {
        return Some(PublishedLine {
            rank: RANK_DATE_LINE,
            date,
            span: m.span,
        });
    }
    None
}

/// Whether the line holds nothing but the date, a weekday and a time.
fn only_date_words(text: &str, start: usize, end: usize, date: Span) -> bool {
    lex(text, start, end).iter().all(|item| {
        if date.contains(item.span()) {
            return true;
        }
        match *item {
            Lx::Word(s) => {
                let w = text[s].to_ascii_lowercase();
                is_weekday(&w)
                    || matches!(
                        w.as_str(),
                        "am" | "pm"
                            | "a"
                            | "p"
                            | "m"
                            | "at"
                            | "on"
                            | "gmt"
                            | "utc"
                            | "et"
                            | "est"
                            | "edt"
                            | "bst"
                            | "cet"
                            | "cest"
                            | "eet"
                            | "eest"
                            | "msk"
                            | "ist"
                            | "pt"
                            | "pst"
                            | "pdt"
                    )
            }
            Lx::Num { digits, .. } => digits <= 2,
            Lx::Punct(..) => true,
        }
    })
}

// ---------------------------------------------------------------------------
// Datelines

/// Words that open a line in capitals without being a dateline place.
fn is_slug(word: &str) -> bool {
    matches!(
        word,
        "UPDATE"
            | "UPDATED"
            | "BREAKING"
            | "EXCLUSIVE"
            | "ANALYSIS"
            | "FACTBOX"
            | "COMMENT"
            | "EDITORIAL"
            | "OPINION"
            | "WATCH"
            | "VIDEO"
            | "PHOTOS"
            | "LIVE"
            | "CORRECTED"
            | "REFILE"
            | "INSIGHT"
            | "NEWS"
            | "NOTE"
            | "EDITOR"
            | "EDITORS"
            | "BY"
            | "PUBLISHED"
            | "POSTED"
    )
}

/// Lowercase particles inside title-case place names ("Rio de Janeiro").
fn is_particle(word: &str) -> bool {
    matches!(
        word,
        "de" | "del" | "da" | "di" | "do" | "al" | "el" | "la" | "le" | "of" | "on"
    )
}

/// Scans a place name at `pos`: capitalised words joined by spaces, `-`,
/// `/`, apostrophes or periods. Returns its end and whether it is in capitals.
fn scan_place(text: &str, pos: usize, end: usize) -> Option<(usize, bool)> {
    let s = &text[pos..end];
    let mut words = 0;
    let mut letters = 0;
    let mut caps = true;
    let mut place_end = 0;
    let mut i = 0;
    let mut first_word = "";
    loop {
        // One word: letters with inner - ' ’ . joins.
        let w_start = i;
        let mut w_end = i;
        let mut chars = s[i..].char_indices().peekable();
        while let Some((k, c)) = chars.next() {
            if c.is_alphabetic() {
                w_end = i + k + c.len_utf8();
            } else if matches!(c, '-' | '\'' | '\u{2019}' | '.')
                && w_end == i + k
                && w_end > w_start
            {
                let next_letter = chars.peek().is_some_and(|(_, n)| n.is_alphabetic());
                if next_letter {
                    continue;
                }
                if c == '.' {
                    w_end = i + k + 1; // "ST." / "D.C."
                }
                break;
            } else {
                break;
            }
        }
        if w_end == w_start {
            break;
        }
        let w = &s[w_start..w_end];
        let first = w.chars().next()?;
        let has_lower = w.chars().any(char::is_lowercase);
        if !first.is_uppercase() {
            if words > 0 && is_particle(w) {
                caps = false;
            } else {
                break;
            }
        } else if has_lower {
            caps = false;
        }
        if words == 0 {
            first_word = w;
        }
        words += 1;
        letters += w.chars().filter(|c| c.is_alphabetic()).count();
        place_end = w_end;
        if words > 5 {
            return None;
        }
        // Continue with ' ' or '/' followed by a letter.
        let rest = &s[w_end..];
        let mut sep = rest.chars();
        match (sep.next(), sep.next()) {
            (Some(' ' | '/'), Some(n)) if n.is_alphabetic() => i = w_end + 1,
            _ => break,
        }
    }
    if words == 0 || letters < 2 || is_slug(first_word.trim_end_matches('.')) {
        return None;
    }
    if !caps && words > 4 {
        return None;
    }
    Some((pos + place_end, caps))
}

fn skip_spaces(text: &str, mut pos: usize, end: usize) -> usize {
    while pos < end {
        let Some(c) = text[pos..].chars().next() else {
            break;
        };
        if c != ' ' && c != '\t' && c != '\u{A0}' {
            break;
        }
        pos += c.len_utf8();
    }
    pos
}

/// A date right at `pos`; returns the match and the byte after it.
fn date_at(text: &str, pos: usize, end: usize) -> Option<DateMatch> {
    let limit = (pos + 40).min(end);
    let limit = (limit..=end)
        .find(|&e| text.is_char_boundary(e))
        .unwrap_or(end);
    let items = lex(text, pos, limit);
    let m = match_date(text, &items, 0)?;
    (m.span.start == skip_spaces(text, pos, end)).then_some(m)
}

fn dateline_at(text: &str, start: usize, line_end: usize) -> Option<Dateline> {
    let end = (start + 300).min(line_end);
    let end = (end..=line_end)
        .find(|&e| text.is_char_boundary(e))
        .unwrap_or(line_end);
    let (place_end, caps) = scan_place(text, start, end)?;
    let place = Span::new(start, place_end);
    let mut pos = skip_spaces(text, place_end, end);
    let mut region = None;
    let mut date: Option<DateMatch> = None;
    if text[pos..end].starts_with(',') {
        pos = skip_spaces(text, pos + 1, end);
        if let Some(m) = date_at(text, pos, end) {
            pos = m.span.end;
            date = Some(m);
        } else if let Some((r_end, _)) = scan_place(text, pos, end) {
            region = Some(Span::new(pos, r_end));
            pos = skip_spaces(text, r_end, end);
            if text[pos..end].starts_with(',')
                && let Some(m) = date_at(text, pos + 1, end)
            {
                pos = m.span.end;
                date = Some(m);
            }
        } else {
            return None;
        }
    }
    pos = skip_spaces(text, pos, end);
    let mut agency = None;
    if text[pos..end].starts_with('(')
        && let Some(close) = text[pos..end].find(')')
    {
        let inner = &text[pos + 1..pos + close];
        let trimmed = inner.trim();
        let ok = !trimmed.is_empty()
            && trimmed.len() <= 40
            && (trimmed.chars().next().is_some_and(char::is_uppercase)
                || matches!(trimmed, "dpa" | "efe"))
            && !trimmed.chars().any(|c| c.is_ascii_digit())
            && trimmed.split_whitespace().count() <= 5;
        if ok {
            let lead = inner.len() - inner.trim_start().len();
            agency = Some(Span::new(pos + 1 + lead, pos + 1 + lead + trimmed.len()));
            pos = skip_spaces(text, pos + close + 1, end);
        }
    }
    let rest = &text[pos..end];
    let dash = ["--", "\u{2014}", "\u{2013}", "\u{2015}", "-"]
        .iter()
        .find(|d| rest.starts_with(**d))
        .map(|d| d.len());
    if let Some(len) = dash {
        pos += len;
    }
    // A headline ending in a parenthesis ("RUSSIA PULLS OUT (VIDEO)") is not
    // a dateline: a dash or the story must follow.
    let story_follows = !text[pos..line_end].trim().is_empty();
    let accepted = if caps {
        dash.is_some() || (agency.is_some() && story_follows)
    } else {
        (agency.is_some() && dash.is_some())
            || (date.is_some() && (dash.is_some() || (agency.is_some() && story_follows)))
    };
    if !accepted {
        return None;
    }
    Some(Dateline {
        span: Span::new(start, pos),
        place,
        region,
        month_day: date.map(|m| (m.month, m.day)),
        year: date.and_then(|m| m.year),
        date_span: date.map(|m| m.span),
        agency,
    })
}

/// The full date of a dateline: its own year, else the year of another
/// date near it (shifted across a new year when the months say so).
fn dateline_date(
    text: &str,
    dl: &Dateline,
    published: Option<&PublishedLine>,
) -> Option<NaiveDate> {
    let (month, day) = dl.month_day?;
    if let Some(y) = dl.year {
        return NaiveDate::from_ymd_opt(y, month, day);
    }
    let near = |d: NaiveDate| {
        let y = match (month, d.month()) {
            (12, 1) => d.year() - 1,
            (1, 12) => d.year() + 1,
            _ => d.year(),
        };
        NaiveDate::from_ymd_opt(y, month, day)
    };
    if let Some(p) = published {
        return near(p.date);
    }
    if let Some(y) = copyright_year(text) {
        return NaiveDate::from_ymd_opt(y, month, day);
    }
    let tail = tail_lines(text);
    head_lines(text)
        .chain(tail)
        .find_map(|(s, e)| find_full_date(text, s, floor_boundary(text, e.min(s + MAX_META_LINE))))
        .and_then(|(d, _)| near(d))
}

/// "© 2016", "(c) 2016", "Copyright 2016" in the last lines or the head.
fn copyright_year(text: &str) -> Option<i32> {
    let tail = tail_lines(text);
    tail.into_iter().chain(head_lines(text)).find_map(|(s, e)| {
        let items = lex(text, s, e);
        (0..items.len()).find_map(|i| {
            let after = match items[i] {
                Lx::Punct(_, '\u{A9}') => i + 1,
                Lx::Word(w) if text[w].eq_ignore_ascii_case("copyright") => {
                    if punct(&items, i + 1, &['\u{A9}']) {
                        i + 2
                    } else {
                        i + 1
                    }
                }
                Lx::Punct(_, '(')
                    if word(text, &items, i + 1).is_some_and(|w| w.eq_ignore_ascii_case("c"))
                        && punct(&items, i + 2, &[')']) =>
                {
                    i + 3
                }
                _ => return None,
            };
            year_at(&items, after).map(|(y, _)| y)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn datelines_table() {
        // (text, place, month_day, year, agency)
        type Case<'a> = (
            &'a str,
            &'a str,
            Option<(u32, u32)>,
            Option<i32>,
            Option<&'a str>,
        );
        let cases: [Case; 12] = [
            (
                "KHARTOUM, June 3 (Reuters) - Fighting flared.",
                "KHARTOUM",
                Some((6, 3)),
                None,
                Some("Reuters"),
            ),
            (
                "BEIRUT (AP) \u{2014} Jets struck the outskirts.",
                "BEIRUT",
                None,
                None,
                Some("AP"),
            ),
            (
                "GENEVA, 14 May 2018 (AFP) - Envoys met.",
                "GENEVA",
                Some((5, 14)),
                Some(2018),
                Some("AFP"),
            ),
            (
                "ALEPPO, Syria (AP) \u{2014} Shelling resumed.",
                "ALEPPO",
                None,
                None,
                Some("AP"),
            ),
            (
                "RAS AL-AIN, Syria, Oct. 12 (Reuters) - Turkish forces advanced.",
                "RAS AL-AIN",
                Some((10, 12)),
                None,
                Some("Reuters"),
            ),
            (
                "WASHINGTON \u{2014} The Pentagon said.",
                "WASHINGTON",
                None,
                None,
                None,
            ),
            (
                "BAGHDAD/ERBIL (Reuters) - Talks stalled.",
                "BAGHDAD/ERBIL",
                None,
                None,
                Some("Reuters"),
            ),
            (
                "Kabul, Aug. 9 (Xinhua) -- A blast hit the city.",
                "Kabul",
                Some((8, 9)),
                None,
                Some("Xinhua"),
            ),
            (
                "Title line\n\nST. PETERSBURG, Russia, Jan 5 (Reuters) - Snow fell.",
                "ST. PETERSBURG",
                Some((1, 5)),
                None,
                Some("Reuters"),
            ),
            (
                "MOSCOW, March 24th, 2016 (TASS) - Talks ended.",
                "MOSCOW",
                Some((3, 24)),
                Some(2016),
                Some("TASS"),
            ),
            (
                "Rio de Janeiro (AFP) - Protests.",
                "Rio de Janeiro",
                None,
                None,
                Some("AFP"),
            ),
            (
                "KYIV, Ukraine \u{2013} Sirens sounded.",
                "KYIV",
                None,
                None,
                None,
            ),
        ];
        for (text, place, md, year, agency) in cases {
            let dl = dateline(text).unwrap_or_else(|| panic!("no dateline: {text}"));
            assert_eq!(&text[dl.place], place, "{text}");
            assert_eq!(dl.month_day, md, "{text}");
            assert_eq!(dl.year, year, "{text}");
            assert_eq!(dl.agency.map(|a| &text[a]), agency, "{text}");
        }
    }

    #[test]
    fn not_datelines_table() {
        let cases = [
            "The army said on Tuesday that it had advanced.",
            "SLOW PROGRESS",
            "UPDATE 2-Fighting resumes (Reuters) - x",
            "Moscow - a city of millions.",
            "NATO said it would respond.",
            "",
            "(AP) alone",
            "Officials in Kabul (Afghanistan) met.",
            "Russia (which backs the government) said no.",
            "Syrian Army Retakes Palmyra (Update)",
            "SYRIAN ARMY RETAKES PALMYRA (VIDEO)",
            "By Our Correspondent",
        ];
        for text in cases {
            assert_eq!(dateline(text), None, "{text}");
        }
    }

    #[test]
    fn dateline_region_span() {
        let text = "ALEPPO, Syria (AP) \u{2014} Shelling resumed.";
        let dl = dateline(text).unwrap();
        assert_eq!(dl.region.map(|r| &text[r]), Some("Syria"));
        assert_eq!(&text[dl.span], "ALEPPO, Syria (AP) \u{2014}");
    }

    #[test]
    fn detect_date_table() {
        type Case<'a> = (&'a str, Option<(NaiveDate, DateSource, &'a str)>);
        let cases: Vec<Case> = vec![
            (
                "GENEVA, 14 May 2018 (AFP) - Envoys met.",
                Some((ymd(2018, 5, 14), DateSource::Dateline, "14 May 2018")),
            ),
            (
                "Published: 3 June 2019\n\nKHARTOUM, June 3 (Reuters) - x",
                Some((ymd(2019, 6, 3), DateSource::Published, "3 June 2019")),
            ),
            (
                "Updated 3:41 PM ET, Thu March 24, 2016\n\nText.",
                Some((ymd(2016, 3, 24), DateSource::Published, "March 24, 2016")),
            ),
            (
                "Posted on 2016-03-24 by staff\n\nText.",
                Some((ymd(2016, 3, 24), DateSource::Published, "2016-03-24")),
            ),
            (
                "By Jane Roe | March 24, 2016\n\nText.",
                Some((ymd(2016, 3, 24), DateSource::Published, "March 24, 2016")),
            ),
            (
                "Thursday, 24 March 2016 14:05 GMT\n\nText.",
                Some((ymd(2016, 3, 24), DateSource::Published, "24 March 2016")),
            ),
            // Year-less dateline takes the year from the copyright line.
            (
                "KHARTOUM, June 3 (Reuters) - Fighting flared.\n\n\u{A9} 2023 Example News",
                Some((ymd(2023, 6, 3), DateSource::Dateline, "June 3")),
            ),
            // ...or from an Updated line; a late-December dateline
            // updated in January belongs to the year before.
            (
                "KABUL, Dec. 31 (Reuters) - A blast.\n\nUpdated Jan 2, 2022",
                Some((ymd(2021, 12, 31), DateSource::Dateline, "Dec. 31")),
            ),
            // No year anywhere: no date.
            ("KHARTOUM, June 3 (Reuters) - Fighting flared.", None),
            ("Nothing to see here.", None),
            ("", None),
            // A date in running text is not a published line.
            (
                "The ceasefire agreed on March 24, 2016 collapsed within a week as both sides accused each other of violations.",
                None,
            ),
            (
                "Date: 24/03/2016\n\nx",
                Some((ymd(2016, 3, 24), DateSource::Published, "24/03/2016")),
            ),
            ("Published 03/04/2016\n\nx", None),
            (
                "Video posted on March 3, 2016 showed smoke over the city.",
                None,
            ),
            (
                "By Jane Roe | Published March 24, 2016 | Updated March 25, 2016",
                Some((ymd(2016, 3, 24), DateSource::Published, "March 24, 2016")),
            ),
            (
                "Published 10:35 GMT, 24 March 2016\n\nx",
                Some((ymd(2016, 3, 24), DateSource::Published, "24 March 2016")),
            ),
            (
                "Last updated: 2020.11.05 10:00\n\nx",
                Some((ymd(2020, 11, 5), DateSource::Published, "2020.11.05")),
            ),
        ];
        for (text, want) in cases {
            let got = detect_date(text).map(|d| (d.date, d.source, &text[d.span.unwrap()]));
            assert_eq!(got, want, "{text}");
        }
    }

    #[test]
    fn published_beats_updated_and_dateline() {
        let text =
            "Updated March 26, 2016\nPublished March 24, 2016\n\nGENEVA, 25 March 2016 (AFP) - x";
        let d = detect_date(text).unwrap();
        assert_eq!(
            (d.date, d.source),
            (ymd(2016, 3, 24), DateSource::Published)
        );
        let text = "GENEVA, 25 March 2016 (AFP) - x\n\nUpdated March 26, 2016";
        let d = detect_date(text).unwrap();
        assert_eq!((d.date, d.source), (ymd(2016, 3, 25), DateSource::Dateline));
        let meta = Some((ymd(2016, 3, 20), DateSource::Metadata));
        assert_eq!(
            resolve_date(meta, text).unwrap().source,
            DateSource::Metadata
        );
    }

    #[test]
    fn metadata_date_strings() {
        let cases = [
            ("2016-03-24T10:00:00Z", Some(ymd(2016, 3, 24))),
            ("2016-03-24", Some(ymd(2016, 3, 24))),
            ("20160324", Some(ymd(2016, 3, 24))),
            ("Thu, 24 Mar 2016 10:00:00 GMT", Some(ymd(2016, 3, 24))),
            ("March 24, 2016", Some(ymd(2016, 3, 24))),
            ("2016-02-30", None),
            ("", None),
            ("yesterday", None),
            ("2016", None),
        ];
        for (s, want) in cases {
            assert_eq!(parse_date_str(s), want, "{s}");
        }
    }

    #[test]
    fn head_and_tail_only() {
        let filler = "Word after word, and more words.\n".repeat(40);
        let text = format!("{filler}\n\nPublished: 3 June 2019\n\n{filler}");
        assert_eq!(detect_date(&text), None);
        let text = format!("{filler}\n\nPublished: 3 June 2019");
        assert_eq!(detect_date(&text).map(|d| d.date), Some(ymd(2019, 6, 3)));
    }
}
