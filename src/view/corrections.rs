//! The user's corrections to one dispatch, kept apart from the analysis and
//! applied on top of every re-analysis. Each is keyed by a character span
//! (stable across the byte/char divide and across re-runs) and the kind of
//! thing it corrects; a correction whose span no longer matches anything is
//! kept but does nothing.

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
    /// The place mention at `span` means this gazetteer entry.
    Place {
        span: CharSpan,
        place: u32,
        name: String,
    },
    /// The words at `span` are not a place.
    NotAPlace { span: CharSpan },
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

impl Correction {
    /// The span and kind: a newer correction with the same key replaces an older one.
    #[must_use]
    pub fn key(&self) -> (CharSpan, u8) {
        match self {
            Correction::Place { span, .. }
            | Correction::NotAPlace { span }
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

/// Applies `list` to `a`, in order. Returns how many took effect.
pub fn apply(a: &mut Analysis, list: &[Correction], gaz: &Gazetteer) -> usize {
    let mut applied = 0;
    for c in list {
        let (span, _) = c.key();
        let offsets = a.doc.offsets();
        let bytes = Span::new(
            offsets.byte_of(span.start),
            offsets.byte_of(span.end.max(span.start)),
        );
        let ok = match c {
            Correction::Place { place, name, .. } => {
                let Some(p) = gaz.get(PlaceId(*place)).filter(|p| p.name == name) else {
                    continue;
                };
                let kind = p.kind;
                a.places
                    .mentions
                    .iter_mut()
                    .find(|m| m.span == bytes)
                    .map(|m| {
                        m.place = Some(PlaceId(*place));
                        m.kind = Some(kind);
                        m.confidence = 1.0;
                        m.reason = "chosen by the user".to_owned();
                    })
            }
            Correction::AddPlace { place, name, .. } => {
                let Some(p) = gaz.get(PlaceId(*place)).filter(|p| p.name == name) else {
                    continue;
                };
                let kind = p.kind;
                add_place(a, bytes, PlaceId(*place), kind)
            }
            Correction::NotAPlace { .. } => a
                .places
                .mentions
                .iter_mut()
                .find(|m| m.span == bytes)
                .map(|m| {
                    m.place = None;
                    m.kind = None;
                    m.confidence = 0.0;
                    m.reason = "not a place, said the user".to_owned();
                }),
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
        alternatives: Vec::new(),
        evidence: crate::places::confidence::Evidence::default(),
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
            Correction::NotAPlace { span },
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
