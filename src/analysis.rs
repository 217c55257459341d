//! One dispatch analysed: the document, its date and where that came from,
//! and its places, times and events. Made once, then shared immutably
//! (`Arc<Analysis>`) by the CLI, the app's view models and the exports.
//!
//! Must not: read the clock (the article date is the only anchor), touch
//! egui, or write anything out (see [`crate::output`]).

use std::collections::HashMap;

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;

use crate::events::{Event, find_events_in};
use crate::gazetteer::Gazetteer;
use crate::gazetteer::PlaceId;
use crate::lang::{Annotation, Model};
use crate::places::{Focus, PlaceAnalysis, find_places, find_places_in};
use crate::span::Span;
use crate::text::{DateSource, Document, resolve_date};
use crate::time::{TimeMention, find_times};

/// Where the article date came from, with the date itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ArticleDate {
    pub date: Option<NaiveDate>,
    pub source: DateSource,
}

/// What one dispatch says: places, times, events, all spans into `doc.text`.
#[derive(Debug)]
pub struct Analysis {
    /// The caller's name for the dispatch (file name, JSONL id).
    pub id: String,
    pub doc: Document,
    /// The language layer's tags, parse and names, aligned with `doc.tokens`.
    pub lang: Annotation,
    pub date: ArticleDate,
    pub places: PlaceAnalysis,
    pub times: Vec<TimeMention>,
    pub events: Vec<Event>,
}

/// Texts longer than this (1 MiB, some 170,000 words: a book, a month of
/// wires in one file) are analysed a window of paragraphs at a time, each
/// window about this long, so that the tokens and parse of only a window or
/// two live at once (a 50 MB text in a few hundred MB). Dispatches are far
/// shorter and are read whole. Across a window's edge, places do not count as
/// each other's context and relative times do not carry a narrative's
/// reference; the focus counts every window.
pub const WINDOW_BYTES: usize = 1 << 20;

/// How to date a dispatch.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DateHint {
    /// Find the date in the dispatch (dateline, published line, metadata).
    #[default]
    Detect,
    /// The user said so: this wins over anything in the text.
    User(NaiveDate),
}

impl Analysis {
    /// Analyses `text`. `meta_date` is a date the input format carried (HTML
    /// metadata), used when the user gave none.
    #[must_use]
    pub fn run(
        id: impl Into<String>,
        text: String,
        hint: DateHint,
        meta_date: Option<(NaiveDate, DateSource)>,
        gaz: &Gazetteer,
    ) -> Analysis {
        let date = match hint {
            DateHint::User(d) => ArticleDate {
                date: Some(d),
                source: DateSource::User,
            },
            DateHint::Detect => match resolve_date(meta_date, &text) {
                Some(found) => ArticleDate {
                    date: Some(found.date),
                    source: found.source,
                },
                None => ArticleDate {
                    date: None,
                    source: DateSource::Unknown,
                },
            },
        };
        if text.len() <= WINDOW_BYTES {
            let doc = Document::new(text);
            let (lang, places, times, events) = stages(&doc, date.date, gaz);
            return Analysis {
                id: id.into(),
                doc,
                lang,
                date,
                places,
                times,
                events,
            };
        }
        windowed(id.into(), text, date, gaz, WINDOW_BYTES)
    }
}

/// The language layer, places, times and events of one document.
fn stages(
    doc: &Document,
    date: Option<NaiveDate>,
    gaz: &Gazetteer,
) -> (Annotation, PlaceAnalysis, Vec<TimeMention>, Vec<Event>) {
    let times = find_times(&doc.text, date);
    // The bundled model is checked by a test; should a broken build lack
    // it, places are found without the layer rather than not at all.
    let lang = match Model::bundled() {
        Ok(model) => Annotation::new(doc, model, Some(gaz)),
        Err(_) => Annotation::default(),
    };
    let places = if lang.tokens.is_empty() {
        find_places(doc, gaz)
    } else {
        find_places_in(doc, &lang, gaz)
    };
    let ann = (!lang.tokens.is_empty()).then_some(&lang);
    let events = find_events_in(doc, ann, &places.mentions, &times, date, gaz);
    (lang, places, times, events)
}

/// What a window leaves behind: its results, spans relative to its start.
struct Part {
    start: usize,
    sentences: Vec<Span>,
    paragraphs: Vec<Span>,
    places: PlaceAnalysis,
    times: Vec<TimeMention>,
    events: Vec<Event>,
}

/// The parts joined so far, spans into the whole text.
#[derive(Default)]
struct Joined {
    sentences: Vec<Span>,
    paragraphs: Vec<Span>,
    mentions: Vec<crate::places::PlaceMention>,
    times: Vec<TimeMention>,
    events: Vec<Event>,
    countries: HashMap<String, usize>,
    focus_places: HashMap<PlaceId, usize>,
}

impl Joined {
    /// Adds the next part (parts come in text order), shifting its spans
    /// and indices.
    fn push(&mut self, part: Part) {
        let by = part.start;
        let shift = |s: Span| Span::new(s.start + by, s.end + by);
        self.sentences.extend(part.sentences.into_iter().map(shift));
        self.paragraphs
            .extend(part.paragraphs.into_iter().map(shift));
        for (c, n) in part.places.focus.countries {
            *self.countries.entry(c).or_default() += n;
        }
        for (p, n) in part.places.focus.places {
            *self.focus_places.entry(p).or_default() += n;
        }
        let (place_base, time_base) = (self.mentions.len(), self.times.len());
        self.mentions
            .extend(part.places.mentions.into_iter().map(|mut m| {
                m.span = shift(m.span);
                m
            }));
        self.times.extend(part.times.into_iter().map(|mut t| {
            t.span = shift(t.span);
            t
        }));
        for mut e in part.events {
            e.id = self.events.len();
            e.trigger = shift(e.trigger);
            e.sentence = shift(e.sentence);
            e.mentions.iter_mut().for_each(|s| *s = shift(*s));
            e.actors.iter_mut().for_each(|a| a.span = shift(a.span));
            e.place = e.place.map(|i| i + place_base);
            e.time = e.time.map(|i| i + time_base);
            self.events.push(e);
        }
    }
}

/// A long text analysed window by window (in parallel), its parts joined
/// into one analysis with spans into the whole text. The joined document
/// keeps sentences and paragraphs but no tokens, and the analysis no parse:
/// they are what a window needs while it is read, and most of the memory.
///
/// Each worker (one a thread) takes the next window not yet taken, so only
/// a window a thread is read at once, and no thread waits for the others
/// between windows. A finished part waits, results only, until the parts
/// before it are in; whoever finishes the next part in text order joins it
/// and every waiting part that follows.
fn windowed(id: String, text: String, date: ArticleDate, gaz: &Gazetteer, size: usize) -> Analysis {
    use std::collections::BTreeMap;
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Parts finished out of order, and the joined run before them.
    #[derive(Default)]
    struct Joiner {
        next: usize,
        waiting: BTreeMap<usize, Part>,
        joined: Joined,
    }

    let windows = windows(&text, size);
    let taken = AtomicUsize::new(0);
    let joiner = Mutex::new(Joiner::default());
    let workers = rayon::current_num_threads().clamp(1, windows.len());
    (0..workers).into_par_iter().for_each(|_| {
        loop {
            let k = taken.fetch_add(1, Ordering::Relaxed);
            let Some(w) = windows.get(k) else { break };
            let doc = Document::new(text[w.range()].to_owned());
            let (_, places, times, events) = stages(&doc, date.date, gaz);
            drop(doc.tokens);
            let part = Part {
                start: w.start,
                sentences: doc.sentences,
                paragraphs: doc.paragraphs,
                places,
                times,
                events,
            };
            // A worker that panicked while joining leaves a poisoned lock:
            // the join itself cannot fail half-way, so its state is whole.
            let mut j = joiner
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            j.waiting.insert(k, part);
            while let Some(part) = {
                let next = j.next;
                j.waiting.remove(&next)
            } {
                j.joined.push(part);
                j.next += 1;
            }
        }
    });
    let joined = joiner
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .joined;
    let Joined {
        sentences,
        paragraphs,
        mentions,
        times,
        events,
        countries,
        focus_places,
    } = joined;
    // Most first, ties by key: the order a whole-document focus has.
    let mut countries: Vec<(String, usize)> = countries.into_iter().collect();
    countries.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut focus_places: Vec<(PlaceId, usize)> = focus_places.into_iter().collect();
    focus_places.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    Analysis {
        id,
        doc: Document::without_tokens(text, sentences, paragraphs),
        lang: Annotation::default(),
        date,
        places: PlaceAnalysis {
            mentions,
            focus: Focus {
                countries,
                places: focus_places,
            },
        },
        times,
        events,
    }
}

/// Cuts `text` into windows of about `size` bytes, each ending at a
/// paragraph break (a blank line) in its second half, else at a line break,
/// else after a sentence's full stop, else at a character boundary; the
/// windows cover the text without gaps.
fn windows(text: &str, size: usize) -> Vec<Span> {
    let size = size.max(2);
    let mut out = Vec::new();
    let mut start = 0;
    while text.len() - start > size {
        let mut end = start + size;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let mut half = start + size / 2;
        while !text.is_char_boundary(half) {
            half -= 1;
        }
        let tail = &text[half..end];
        let cut = tail
            .rfind("\n\n")
            .map(|i| i + 2)
            .or_else(|| tail.rfind('\n').map(|i| i + 1))
            .or_else(|| tail.rfind(". ").map(|i| i + 2))
            .map_or(end, |i| half + i);
        let cut = if cut > start { cut } else { end.max(start + 1) };
        out.push(Span::new(start, cut));
        start = cut;
    }
    if start < text.len() || out.is_empty() {
        out.push(Span::new(start, text.len()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_end_at_paragraphs_then_lines_then_sentences() {
        let text = "aaaa aaaa.\n\nbbbb bbbb. cccc\ndddd dddd. eeee eeee";
        let cuts = windows(text, 16);
        let pieces: Vec<&str> = cuts.iter().map(|w| &text[w.range()]).collect();
        assert_eq!(
            pieces,
            // A blank line; then a line break, preferred to the full stop
            // before it; then a full stop, for want of a line break.
            [
                "aaaa aaaa.\n\n",
                "bbbb bbbb. cccc\n",
                "dddd dddd. ",
                "eeee eeee"
            ]
        );
        assert_eq!(windows("", 16), [Span::new(0, 0)]);
        // No break at all: cut at a character boundary, never inside one.
        let runes = "ééééééééééééééééééé";
        let cuts = windows(runes, 7);
        assert!(
            cuts.iter()
                .all(|w| runes.is_char_boundary(w.start) && w.len() <= 7)
        );
        assert_eq!(cuts.iter().map(|w| w.len()).sum::<usize>(), runes.len());
    }

    #[test]
    fn a_long_text_read_in_windows_keeps_every_window_s_findings_in_place() {
        let gaz = Gazetteer::bundled().expect("bundled gazetteer");
        let para = "Rebels shelled Aleppo on Monday, killing three civilians.\n\n\
                    Government forces clashed with fighters near Homs.\n\n";
        // The same paragraph pair, read whole or in windows of about three
        // copies, finds the same things at the shifted places.
        let one = Analysis::run("one", para.to_owned(), DateHint::User(day()), None, &gaz);
        let copies = 10;
        let date = ArticleDate {
            date: Some(day()),
            source: DateSource::User,
        };
        let long = windowed(
            "long".into(),
            para.repeat(copies),
            date,
            &gaz,
            3 * para.len(),
        );
        assert_eq!(windows(&long.doc.text, 3 * para.len()).len(), 4);
        assert!(long.lang.tokens.is_empty() && long.doc.tokens.is_empty());
        assert_eq!(
            long.places.mentions.len(),
            copies * one.places.mentions.len()
        );
        assert_eq!(long.times.len(), copies * one.times.len());
        assert_eq!(long.events.len(), copies * one.events.len());
        assert_eq!(long.doc.sentences.len(), copies * one.doc.sentences.len());
        assert_eq!(long.doc.paragraphs.len(), copies * one.doc.paragraphs.len());
        let k = copies - 1;
        let by = k * para.len();
        let shifted = |s: Span| Span::new(s.start + by, s.end + by);
        for (i, m) in one.places.mentions.iter().enumerate() {
            let n = &long.places.mentions[k * one.places.mentions.len() + i];
            assert_eq!((n.span, n.place), (shifted(m.span), m.place));
        }
        for (i, e) in one.events.iter().enumerate() {
            let f = &long.events[k * one.events.len() + i];
            assert_eq!(f.id, k * one.events.len() + i);
            assert_eq!(f.trigger, shifted(e.trigger));
            assert_eq!(f.sentence, shifted(e.sentence));
            assert_eq!(f.kind, e.kind);
            assert_eq!(f.begin, e.begin);
            let place = f.place.map(|p| long.places.mentions[p].span);
            assert_eq!(place, e.place.map(|p| shifted(one.places.mentions[p].span)));
            let time = f.time.map(|t| long.times[t].span);
            assert_eq!(time, e.time.map(|t| shifted(one.times[t].span)));
        }
        let (c, n) = &one.places.focus.countries[0];
        assert_eq!(long.places.focus.countries[0], (c.clone(), n * copies));
    }

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2016, 3, 24).expect("a date")
    }
}
