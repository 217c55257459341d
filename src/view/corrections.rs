//! The user's corrections to one dispatch, kept apart from the analysis and
//! applied on top of every re-analysis. Each is keyed by a character span
//! (stable across the byte/char divide and across re-runs) and the kind of
//! thing it corrects; a correction whose span no longer matches anything is
//! kept but does nothing.
//!
//! A correction of a place is for the name: choosing another entry (or "not a place") for
//! "Shaab" applies to every mention written the same way in the dispatch, unless it says
//! `only_here`, the exception for one mention (applied after the name's). Corrections saved
//! before names were corrected as a whole read as `only_here`, as they were made.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::analysis::Analysis;
use crate::events::{EventType, Status};
use crate::gazetteer::{Gazetteer, PlaceId};
use crate::span::Span;
use crate::time::Precision;

/// A half-open range of characters in the dispatch text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CharSpan {
    pub start: usize,
    pub end: usize,
}

/// One correction.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Correction {
    /// The place mention at `span` (and, unless `only_here`, every mention written the
    /// same way) means this gazetteer entry.
    Place {
        span: CharSpan,
        place: u32,
        name: String,
        #[serde(default = "one_mention")]
        only_here: bool,
    },
    /// The words at `span` (and, unless `only_here`, every mention written the same way)
    /// are not a place; events placed there take another place of their sentence.
    NotAPlace {
        span: CharSpan,
        #[serde(default = "one_mention")]
        only_here: bool,
    },
    /// The words at `span`, which the analysis did not take for a place, are
    /// this gazetteer entry: a mention is added there (replacing any mention
    /// it overlaps), and events of its sentence without a place take it.
    AddPlace {
        span: CharSpan,
        place: u32,
        name: String,
    },
    /// The time expression at `span` has this TIMEX value (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`).
    TimeValue { span: CharSpan, value: String },
    /// The event triggered at `span` is of this type (an [`EventType::id`]).
    EventType { span: CharSpan, event_type: String },
    /// The event triggered at `span` has this status.
    EventStatus { span: CharSpan, status: String },
}

/// What a place correction without `only_here` (saved before names were corrected as a
/// whole) meant: the one mention.
fn one_mention() -> bool {
    true
}

impl Correction {
    /// Whether it corrects every mention of a name (applied before the rest).
    #[must_use]
    pub fn for_name(&self) -> bool {
        matches!(
            self,
            Correction::Place {
                only_here: false,
                ..
            } | Correction::NotAPlace {
                only_here: false,
                ..
            }
        )
    }

    /// The span and kind: a newer correction with the same key replaces an older one.
    #[must_use]
    pub fn key(&self) -> (CharSpan, u8) {
        match self {
            Correction::Place { span, .. }
            | Correction::NotAPlace { span, .. }
            | Correction::AddPlace { span, .. } => (*span, 0),
            Correction::TimeValue { span, .. } => (*span, 1),
            Correction::EventType { span, .. } => (*span, 2),
            Correction::EventStatus { span, .. } => (*span, 3),
        }
    }
}

/// Adds `c` to `list`, replacing a correction with the same key.
pub fn upsert(list: &mut Vec<Correction>, c: Correction) {
    list.retain(|o| o.key() != c.key());
    list.push(c);
}

/// The character span of a byte span of `a`'s text.
#[must_use]
pub fn char_span(a: &Analysis, span: Span) -> CharSpan {
    let (start, end) = a.doc.offsets().span(span);
    CharSpan { start, end }
}

/// Every status, with the names used in corrections and the UI.
pub const STATUSES: [(Status, &str); 5] = [
    (Status::Happened, "happened"),
    (Status::Ongoing, "ongoing"),
    (Status::Planned, "planned"),
    (Status::Negated, "negated"),
    (Status::Hypothetical, "hypothetical"),
];

#[must_use]
pub fn status_name(s: Status) -> &'static str {
    STATUSES
        .iter()
        .find(|(t, _)| *t == s)
        .map_or("happened", |(_, n)| n)
}

/// Parses a TIMEX date value: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, into its
/// interval and precision.
#[must_use]
pub fn parse_value(value: &str) -> Option<(NaiveDate, NaiveDate, Precision)> {
    let parts: Vec<&str> = value.trim().split('-').collect();
    let num = |s: &str| s.parse::<u32>().ok();
    match parts.as_slice() {
        [y] if y.len() == 4 => {
            let y = i32::try_from(num(y)?).ok()?;
            Some((
                NaiveDate::from_ymd_opt(y, 1, 1)?,
                NaiveDate::from_ymd_opt(y, 12, 31)?,
                Precision::Year,
            ))
        }
        [y, m] if y.len() == 4 => {
            let y = i32::try_from(num(y)?).ok()?;
            let first = NaiveDate::from_ymd_opt(y, num(m)?, 1)?;
            let next = first.checked_add_months(chrono::Months::new(1))?;
            Some((first, next.pred_opt()?, Precision::Month))
        }
        [y, m, d] if y.len() == 4 => {
            let date = NaiveDate::from_ymd_opt(i32::try_from(num(y)?).ok()?, num(m)?, num(d)?)?;
            Some((date, date, Precision::Day))
        }
        _ => None,
    }
}

/// Whether two spans of `text` are the same name: the same words, case and spacing aside.
fn same_name(text: &str, a: Span, b: Span) -> bool {
    let words = |s: Span| text[s].split_whitespace().map(str::to_lowercase);
    words(a).eq(words(b))
}

/// The mentions a place correction at `bytes` changes: the one there, and with `for_name`
/// every other mention written the same way. Empty when no mention is at `bytes`.
fn targets(a: &Analysis, bytes: Span, for_name: bool) -> Vec<usize> {
    let mentions = &a.places.mentions;
    if !mentions.iter().any(|m| m.span == bytes) {
        return Vec::new();
    }
    (0..mentions.len())
        .filter(|&i| {
            let m = mentions[i].span;
            m == bytes || (for_name && same_name(&a.doc.text, m, bytes))
        })
        .collect()
}

/// How many mentions of `a` are written as the one at `span` (itself included).
#[must_use]
pub fn mentions_of_name(a: &Analysis, span: Span) -> usize {
    a.places
        .mentions
        .iter()
        .filter(|m| same_name(&a.doc.text, m.span, span))
        .count()
}

/// Events placed at a mention that is no longer a place take the nearest mention of their
/// sentence that is one (written literally, not as an adjective), or none.
fn relink(a: &mut Analysis) {
    let mentions = &a.places.mentions;
    for e in &mut a.events {
        let Some(p) = e.place else { continue };
        if mentions.get(p).is_some_and(|m| m.place.is_some()) {
            continue;
        }
        let trigger = e.trigger.start;
        e.place = mentions
            .iter()
            .enumerate()
            .filter(|(_, m)| {
                m.place.is_some()
                    && !m.adjectival
                    && e.sentence.start <= m.span.start
                    && m.span.end <= e.sentence.end
            })
            .min_by_key(|(_, m)| m.span.start.abs_diff(trigger))
            .map(|(i, _)| i);
        if e.place.is_some() {
            e.place_source = crate::events::PlaceSource::Clause;
        }
    }
}

/// Applies `list` to `a`: corrections of a name first, then the rest in order (so a
/// correction of one mention is an exception to its name's). Returns how many took effect.
pub fn apply(a: &mut Analysis, list: &[Correction], gaz: &Gazetteer) -> usize {
    let mut applied = 0;
    let names = list.iter().filter(|c| c.for_name());
    let rest = list.iter().filter(|c| !c.for_name());
    for c in names.chain(rest) {
        let (span, _) = c.key();
        let offsets = a.doc.offsets();
        let bytes = Span::new(
            offsets.byte_of(span.start),
            offsets.byte_of(span.end.max(span.start)),
        );
        let ok = match c {
            Correction::Place {
                place,
                name,
                only_here,
                ..
            } => {
                let Some(p) = gaz.get(PlaceId(*place)).filter(|p| p.name == name) else {
                    continue;
                };
                let kind = p.kind;
                let targets = targets(a, bytes, !only_here);
                for &i in &targets {
                    let m = &mut a.places.mentions[i];
                    m.place = Some(PlaceId(*place));
                    m.kind = Some(kind);
                    m.confidence = 1.0;
                    m.qualified_by.clear();
                    m.reason = if *only_here || m.span == bytes {
                        "chosen by the user".to_owned()
                    } else {
                        "chosen by the user for every mention of this name".to_owned()
                    };
                }
                (!targets.is_empty()).then_some(())
            }
            Correction::AddPlace { place, name, .. } => {
                let Some(p) = gaz.get(PlaceId(*place)).filter(|p| p.name == name) else {
                    continue;
                };
                let kind = p.kind;
                add_place(a, bytes, PlaceId(*place), kind)
            }
            Correction::NotAPlace { only_here, .. } => {
                let targets = targets(a, bytes, !only_here);
                for &i in &targets {
                    let m = &mut a.places.mentions[i];
                    m.place = None;
                    m.kind = None;
                    m.confidence = 0.0;
                    m.qualified_by.clear();
                    m.reason = "not a place, said the user".to_owned();
                }
                relink(a);
                (!targets.is_empty()).then_some(())
            }
            Correction::TimeValue { value, .. } => {
                let Some(i) = a.times.iter().position(|t| t.span == bytes) else {
                    continue;
                };
                let parsed = parse_value(value);
                let t = &mut a.times[i];
                t.value.clone_from(value);
                t.begin = parsed.map(|p| p.0);
                t.end = parsed.map(|p| p.1);
                if let Some(p) = parsed {
                    t.precision = p.2;
                }
                t.reason = "value set by the user".to_owned();
                for e in a.events.iter_mut().filter(|e| e.time == Some(i)) {
                    e.begin = parsed.map(|p| p.0);
                    e.end = parsed.map(|p| p.1);
                    if let Some(p) = parsed {
                        e.precision = p.2;
                    }
                }
                Some(())
            }
            Correction::EventType { event_type, .. } => {
                let Some(t) = EventType::from_id(event_type) else {
                    continue;
                };
                a.events
                    .iter_mut()
                    .find(|e| e.trigger == bytes)
                    .map(|e| e.kind = t)
            }
            Correction::EventStatus { status, .. } => {
                let Some(&(s, _)) = STATUSES.iter().find(|(_, n)| n == status) else {
                    continue;
                };
                a.events
                    .iter_mut()
                    .find(|e| e.trigger == bytes)
                    .map(|e| e.status = s)
            }
        };
        applied += usize::from(ok.is_some());
    }
    applied
}

/// Inserts a user's place mention at `span` (kept sorted; the mentions it
/// overlaps are replaced, and events that pointed at them point at it).
/// `None` when the span is empty or not on the text.
fn add_place(
    a: &mut Analysis,
    span: Span,
    place: PlaceId,
    kind: crate::gazetteer::PlaceKind,
) -> Option<()> {
    if span.start >= span.end || a.doc.text.get(span.start..span.end).is_none() {
        return None;
    }
    let old = std::mem::take(&mut a.places.mentions);
    // Old index -> new index, filled in as the list is rebuilt.
    let mut moved = vec![0; old.len()];
    let mut replaced = Vec::new();
    let mut added = None;
    for (i, m) in old.into_iter().enumerate() {
        if m.span.start < span.end && span.start < m.span.end {
            replaced.push(i);
            continue;
        }
        if added.is_none() && m.span.start >= span.end {
            added = Some(a.places.mentions.len());
            a.places.mentions.push(user_mention(span, place, kind));
        }
        moved[i] = a.places.mentions.len();
        a.places.mentions.push(m);
    }
    let added = added.unwrap_or_else(|| {
        a.places.mentions.push(user_mention(span, place, kind));
        a.places.mentions.len() - 1
    });
    for &i in &replaced {
        moved[i] = added;
    }
    for e in &mut a.events {
        match e.place {
            Some(p) => e.place = moved.get(p).copied(),
            None if e.sentence.start <= span.start && span.end <= e.sentence.end => {
                e.place = Some(added);
                e.place_source = crate::events::PlaceSource::Clause;
            }
            None => {}
        }
    }
    Some(())
}

fn user_mention(
    span: Span,
    place: PlaceId,
    kind: crate::gazetteer::PlaceKind,
) -> crate::places::PlaceMention {
    crate::places::PlaceMention {
        span,
        place: Some(place),
        kind: Some(kind),
        adjectival: false,
        metonymy: false,
        fuzzy: false,
        confidence: 1.0,
        reason: "marked as a place by the user".to_owned(),
        qualified_by: Vec::new(),
        alternatives: Vec::new(),
        evidence: crate::places::confidence::SavedEvidence::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::DateHint;

    #[test]
    fn not_a_place_and_retype() {
        let gaz = Gazetteer::bundled().expect("bundled gazetteer");
        let text = include_str!("../../assets/sample-dispatch.txt").to_owned();
        let mut a = Analysis::run("s", text, DateHint::Detect, None, &gaz);
        let m = a
            .places
            .mentions
            .iter()
            .position(|m| m.place.is_some())
            .expect("a place");
        let span = char_span(&a, a.places.mentions[m].span);
        let trig = char_span(&a, a.events[0].trigger);
        let list = vec![
            Correction::NotAPlace {
                span,
                only_here: true,
            },
            Correction::EventType {
                span: trig,
                event_type: "protest".into(),
            },
        ];
        assert_eq!(apply(&mut a, &list, &gaz), 2);
        assert_eq!(a.places.mentions[m].place, None);
        assert_eq!(a.events[0].kind, EventType::Protest);
    }

    #[test]
    fn add_place_inserts_a_sorted_mention_and_replaces_overlaps() {
        let gaz = Gazetteer::bundled().expect("bundled gazetteer");
        let text = "Troops reached the old well near Aleppo on Monday. Clashes went on.";
        let mut a = Analysis::run("s", text.to_owned(), DateHint::Detect, None, &gaz);
        let before = a.places.mentions.len();
        let well = text.find("old well").expect("words");
        let span = CharSpan {
            start: well,
            end: well + "old well".len(),
        };
        let homs = gaz
            .lookup("Homs")
            .into_iter()
            .next()
            .expect("Homs in the gazetteer");
        let (id, name) = (homs.place.id, homs.place.name.to_owned());
        let add = Correction::AddPlace {
            span,
            place: id.0,
            name,
        };
        assert_eq!(apply(&mut a, std::slice::from_ref(&add), &gaz), 1);
        assert_eq!(a.places.mentions.len(), before + 1);
        assert!(
            a.places
                .mentions
                .windows(2)
                .all(|w| w[0].span.end <= w[1].span.start)
        );
        let m = a
            .places
            .mentions
            .iter()
            .find(|m| &a.doc.text[m.span] == "old well")
            .expect("the new mention");
        assert_eq!(m.place, Some(id));
        // Over an existing mention ("near Aleppo"): it is replaced, not doubled.
        let near = text.find("near Aleppo").expect("words");
        let over = Correction::AddPlace {
            span: CharSpan {
                start: near,
                end: near + "near Aleppo".len(),
            },
            place: id.0,
            name: homs.place.name.to_owned(),
        };
        let mut b = Analysis::run("s", text.to_owned(), DateHint::Detect, None, &gaz);
        let n = b.places.mentions.len();
        assert_eq!(apply(&mut b, &[over], &gaz), 1);
        assert_eq!(b.places.mentions.len(), n, "Aleppo's mention was replaced");
        assert!(
            !b.places
                .mentions
                .iter()
                .any(|m| &b.doc.text[m.span] == "Aleppo")
        );
        for e in &b.events {
            assert!(e.place.is_none_or(|p| p < b.places.mentions.len()));
        }
    }

    /// Three mentions of Homs, the second one in a sentence with Aleppo too.
    const HOMS: &str = "Troops shelled Homs on Monday. Rebels left Homs and Aleppo on Tuesday. \
                        Aid reached Homs on Wednesday.";

    fn homs_spans(a: &Analysis) -> Vec<usize> {
        (0..a.places.mentions.len())
            .filter(|&i| a.doc.text[a.places.mentions[i].span].eq_ignore_ascii_case("homs"))
            .collect()
    }

    #[test]
    fn a_place_chosen_for_a_name_applies_to_every_mention_but_the_exception() {
        let gaz = Gazetteer::bundled().expect("bundled gazetteer");
        let mut a = Analysis::run("s", HOMS.to_owned(), DateHint::Detect, None, &gaz);
        let homs = homs_spans(&a);
        assert_eq!(homs.len(), 3, "{:?}", a.places.mentions);
        assert_eq!(mentions_of_name(&a, a.places.mentions[homs[0]].span), 3);
        let entry = |name: &str| {
            let e = gaz
                .lookup(name)
                .into_iter()
                .next()
                .expect("in the gazetteer");
            (e.place.id.0, e.place.name.to_owned())
        };
        let (damascus, d_name) = entry("Damascus");
        let (hama, h_name) = entry("Hama");
        let first = char_span(&a, a.places.mentions[homs[0]].span);
        let third = char_span(&a, a.places.mentions[homs[2]].span);
        // The exception comes first in the list and still wins: names are applied first.
        let list = vec![
            Correction::Place {
                span: third,
                place: hama,
                name: h_name,
                only_here: true,
            },
            Correction::Place {
                span: first,
                place: damascus,
                name: d_name,
                only_here: false,
            },
        ];
        assert_eq!(apply(&mut a, &list, &gaz), 2);
        let places: Vec<Option<u32>> = homs
            .iter()
            .map(|&i| a.places.mentions[i].place.map(|p| p.0))
            .collect();
        assert_eq!(places, [Some(damascus), Some(damascus), Some(hama)]);
        assert_eq!(
            a.places.mentions[homs[1]].reason,
            "chosen by the user for every mention of this name"
        );
    }

    #[test]
    fn not_a_place_for_a_name_relinks_its_events() {
        let gaz = Gazetteer::bundled().expect("bundled gazetteer");
        let mut a = Analysis::run("s", HOMS.to_owned(), DateHint::Detect, None, &gaz);
        let homs = homs_spans(&a);
        let aleppo = a
            .places
            .mentions
            .iter()
            .position(|m| &a.doc.text[m.span] == "Aleppo")
            .expect("Aleppo");
        let at_homs: Vec<usize> = a
            .events
            .iter()
            .filter(|e| e.place.is_some_and(|p| homs.contains(&p)))
            .map(|e| e.id)
            .collect();
        assert!(!at_homs.is_empty(), "{:?}", a.events);
        let span = char_span(&a, a.places.mentions[homs[1]].span);
        let list = [Correction::NotAPlace {
            span,
            only_here: false,
        }];
        assert_eq!(apply(&mut a, &list, &gaz), 1);
        assert!(homs.iter().all(|&i| a.places.mentions[i].place.is_none()));
        for e in a.events.iter().filter(|e| at_homs.contains(&e.id)) {
            // The second sentence's event moves to Aleppo; the others have no place left.
            let in_second = a.doc.text[e.sentence].contains("Aleppo");
            assert_eq!(e.place, in_second.then_some(aleppo), "{e:?}");
        }
    }

    #[test]
    fn a_name_is_the_same_words_case_and_spacing_aside() {
        let text = "Deir ez-Zor, DEIR  EZ-ZOR and Deir ez Zor";
        let span = |from: usize, len: usize| Span::new(from, from + len);
        assert!(same_name(text, span(0, 11), span(13, 12)));
        assert!(
            !same_name(text, span(0, 11), span(30, 11)),
            "a hyphen is not a space"
        );
    }

    #[test]
    fn corrections_saved_before_names_read_as_one_mention() {
        let old: Correction =
            serde_json::from_str(r#"{"kind":"not_a_place","span":{"start":1,"end":4}}"#)
                .expect("an old correction");
        assert_eq!(
            old,
            Correction::NotAPlace {
                span: CharSpan { start: 1, end: 4 },
                only_here: true
            }
        );
        assert!(!old.for_name());
    }

    #[test]
    fn values() {
        assert_eq!(
            parse_value("2017-02").map(|p| p.1.to_string()),
            Some("2017-02-28".into())
        );
        assert_eq!(parse_value("2017").map(|p| p.2), Some(Precision::Year));
        assert_eq!(parse_value("PRESENT_REF"), None);
    }
}
