//! Writing an [`Analysis`] out: the `sitrep extract` JSON document and its
//! GeoJSON form. Everything written uses character offsets (Unicode scalar
//! values, end exclusive), so `text[start..end]` in any language that
//! indexes by code point gives the surface form.

use serde::Serialize;

use crate::analysis::Analysis;
use crate::gazetteer::{Gazetteer, PlaceKind};
use crate::span::Span;

/// The `sitrep extract` document: one per dispatch, one JSONL line per input line.
#[derive(Serialize, schemars::JsonSchema)]
pub struct DocOut<'a> {
    pub id: &'a str,
    pub date: Option<String>,
    pub date_source: crate::text::DateSource,
    pub focus: Vec<FocusOut<'a>>,
    pub places: Vec<PlaceOut<'a>>,
    pub times: Vec<TimeOut<'a>>,
    pub events: Vec<EventOut<'a>>,
    /// What went wrong reading the input without stopping it (bytes that
    /// were not UTF-8, replaced by U+FFFD); absent when nothing did.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct FocusOut<'a> {
    pub country: &'a str,
    pub name: &'a str,
    pub mentions: usize,
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct AlternativeOut<'a> {
    pub geonameid: Option<u32>,
    pub name: &'a str,
    pub kind: PlaceKind,
    pub country: Option<&'a str>,
    pub lat: f64,
    pub lon: f64,
    pub score: f32,
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct PlaceOut<'a> {
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
    pub geonameid: Option<u32>,
    pub name: Option<&'a str>,
    pub kind: Option<PlaceKind>,
    pub country: Option<&'a str>,
    pub admin1: Option<&'a str>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub adjectival: bool,
    pub metonymy: bool,
    pub fuzzy: bool,
    pub confidence: f32,
    pub reason: &'a str,
    pub alternatives: Vec<AlternativeOut<'a>>,
}

/// A time expression. Its span takes `start`/`end`, so the interval is
/// written as `interval: {begin, end}` (inclusive days).
#[derive(Serialize, schemars::JsonSchema)]
pub struct TimeOut<'a> {
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
    #[serde(rename = "type")]
    pub kind: crate::time::TimeType,
    pub value: &'a str,
    pub interval: Option<IntervalOut>,
    pub precision: crate::time::Precision,
    pub anchor: crate::time::Anchor,
    pub approximate: bool,
    pub reason: &'a str,
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct IntervalOut {
    pub begin: Option<String>,
    pub end: Option<String>,
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct SpanOut<'a> {
    pub start: usize,
    pub end: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<&'a str>,
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct ActorOut<'a> {
    pub text: &'a str,
    pub role: crate::events::ActorRole,
    pub kind: crate::events::ActorKind,
    /// ACLED's actor category, where the words show it.
    pub category: Option<crate::events::ActorCategory>,
    pub start: usize,
    pub end: usize,
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct EventOut<'a> {
    pub id: usize,
    #[serde(rename = "type")]
    pub kind: crate::events::EventType,
    /// The kind of event inside the type (`assets/events/subtypes.tsv`).
    pub sub_type: crate::events::SubType,
    /// ACLED's disorder type, event type and sub-event type; null for kinds
    /// ACLED does not code (talks, meetings, statements, aid ...).
    pub acled: Option<crate::events::Acled>,
    pub trigger: SpanOut<'a>,
    pub sentence: SpanOut<'a>,
    pub mentions: Vec<SpanOut<'a>>,
    pub actors: Vec<ActorOut<'a>>,
    pub place: Option<usize>,
    pub place_source: crate::events::PlaceSource,
    pub time: Option<usize>,
    pub time_source: crate::events::TimeSource,
    pub begin: Option<String>,
    pub end: Option<String>,
    pub precision: crate::time::Precision,
    pub status: crate::events::Status,
    pub confidence: f32,
    /// The dead the sentence counts, when it states a number.
    pub fatalities: Option<u32>,
}

fn date_str(d: Option<chrono::NaiveDate>) -> Option<String> {
    d.map(|d| d.format("%Y-%m-%d").to_string())
}

/// Builds the extract document of one analysis.
#[must_use]
pub fn document<'a>(a: &'a Analysis, gaz: &'a Gazetteer) -> DocOut<'a> {
    DocOut {
        id: &a.id,
        date: date_str(a.date.date),
        date_source: a.date.source,
        focus: focus_out(a, gaz).collect(),
        places: a
            .places
            .mentions
            .iter()
            .map(|m| place_out(a, m, gaz))
            .collect(),
        times: a.times.iter().map(|t| time_out(a, t)).collect(),
        events: a.events.iter().map(|e| event_out(a, e)).collect(),
        warnings: Vec::new(),
    }
}

/// Writes the extract document of one analysis, the same JSON as
/// serialising [`document`] (pretty unless `compact`), without building it:
/// each place, time and event is made as it is written, so a 50 MB
/// dispatch's 660,000 places never live twice (as mentions and as output).
///
/// # Errors
/// When the writer fails.
pub fn write_document(
    a: &Analysis,
    gaz: &Gazetteer,
    out: &mut dyn std::io::Write,
    compact: bool,
) -> serde_json::Result<()> {
    write_json(&Streamed { a, gaz }, out, compact)
}

/// Writes several analyses' documents as one JSON array, the same as
/// serialising a `Vec` of [`document`]s, made as they are written.
///
/// # Errors
/// When the writer fails.
pub fn write_documents(
    analyses: &[Analysis],
    gaz: &Gazetteer,
    out: &mut dyn std::io::Write,
    compact: bool,
) -> serde_json::Result<()> {
    let all = Each(|| analyses.iter().map(|a| Streamed { a, gaz }));
    write_json(&all, out, compact)
}

fn write_json<T: Serialize>(
    v: &T,
    out: &mut dyn std::io::Write,
    compact: bool,
) -> serde_json::Result<()> {
    if compact {
        serde_json::to_writer(out, v)
    } else {
        serde_json::to_writer_pretty(out, v)
    }
}

/// A sequence serialised from an iterator made on demand.
struct Each<F>(F);

impl<F, I> Serialize for Each<F>
where
    F: Fn() -> I,
    I: Iterator,
    I::Item: Serialize,
{
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((self.0)())
    }
}

/// [`DocOut`]'s fields, in its order, with the lists made while written.
struct Streamed<'a> {
    a: &'a Analysis,
    gaz: &'a Gazetteer,
}

impl Serialize for Streamed<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let (a, gaz) = (self.a, self.gaz);
        let mut st = s.serialize_struct("DocOut", 7)?;
        st.serialize_field("id", &a.id)?;
        st.serialize_field("date", &date_str(a.date.date))?;
        st.serialize_field("date_source", &a.date.source)?;
        st.serialize_field("focus", &Each(|| focus_out(a, gaz)))?;
        let places = Each(|| a.places.mentions.iter().map(|m| place_out(a, m, gaz)));
        st.serialize_field("places", &places)?;
        st.serialize_field("times", &Each(|| a.times.iter().map(|t| time_out(a, t))))?;
        st.serialize_field("events", &Each(|| a.events.iter().map(|e| event_out(a, e))))?;
        // `warnings` is empty here, and then not written.
        st.skip_field("warnings")?;
        st.end()
    }
}

fn focus_out<'a>(a: &'a Analysis, gaz: &'a Gazetteer) -> impl Iterator<Item = FocusOut<'a>> {
    a.places.focus.countries.iter().map(|(code, n)| FocusOut {
        country: code,
        name: gaz.country(code).map_or("", |c| c.name),
        mentions: *n,
    })
}

fn span_out(a: &Analysis, s: Span, with_text: bool) -> SpanOut<'_> {
    let (start, end) = a.doc.char_span(s);
    SpanOut {
        start,
        end,
        text: with_text.then(|| &a.doc.text[s]),
    }
}

fn place_out<'a>(
    a: &'a Analysis,
    m: &'a crate::places::PlaceMention,
    gaz: &'a Gazetteer,
) -> PlaceOut<'a> {
    let (start, end) = a.doc.char_span(m.span);
    let p = m.place.and_then(|id| gaz.get(id));
    PlaceOut {
        start,
        end,
        text: &a.doc.text[m.span],
        geonameid: p.and_then(|p| p.geonameid),
        name: p.map(|p| p.name),
        kind: p.map(|p| p.kind),
        country: p.and_then(|p| p.country),
        admin1: p.and_then(|p| p.admin1),
        lat: p.map(|p| p.lat),
        lon: p.map(|p| p.lon),
        adjectival: m.adjectival,
        metonymy: m.metonymy,
        fuzzy: m.fuzzy,
        confidence: m.confidence,
        reason: &m.reason,
        alternatives: m
            .alternatives
            .iter()
            .filter_map(|alt| {
                let p = gaz.get(alt.place)?;
                Some(AlternativeOut {
                    geonameid: p.geonameid,
                    name: p.name,
                    kind: p.kind,
                    country: p.country,
                    lat: p.lat,
                    lon: p.lon,
                    score: alt.score,
                })
            })
            .collect(),
    }
}

fn time_out<'a>(a: &'a Analysis, t: &'a crate::time::TimeMention) -> TimeOut<'a> {
    let (start, end) = a.doc.char_span(t.span);
    TimeOut {
        start,
        end,
        text: &a.doc.text[t.span],
        kind: t.kind,
        value: &t.value,
        interval: (t.begin.is_some() || t.end.is_some()).then(|| IntervalOut {
            begin: date_str(t.begin),
            end: date_str(t.end),
        }),
        precision: t.precision,
        anchor: t.anchor,
        approximate: t.approximate,
        reason: &t.reason,
    }
}

fn event_out<'a>(a: &'a Analysis, e: &'a crate::events::Event) -> EventOut<'a> {
    EventOut {
        id: e.id,
        kind: e.kind,
        sub_type: e.sub_type,
        acled: e.sub_type.acled(),
        trigger: span_out(a, e.trigger, true),
        sentence: span_out(a, e.sentence, false),
        mentions: e.mentions.iter().map(|&s| span_out(a, s, true)).collect(),
        actors: e
            .actors
            .iter()
            .map(|act| {
                let (start, end) = a.doc.char_span(act.span);
                ActorOut {
                    text: &act.text,
                    role: act.role,
                    kind: act.kind,
                    category: act.category,
                    start,
                    end,
                }
            })
            .collect(),
        place: e.place,
        place_source: e.place_source,
        time: e.time,
        time_source: e.time_source,
        begin: date_str(e.begin),
        end: date_str(e.end),
        precision: e.precision,
        status: e.status,
        confidence: e.confidence,
        fatalities: e.fatalities,
    }
}

/// The analysis as a GeoJSON FeatureCollection (RFC 7946: WGS84, lon/lat):
/// one Feature per resolved place mention and one per event with a place.
#[must_use]
pub fn geojson(a: &Analysis, gaz: &Gazetteer) -> serde_json::Value {
    use serde_json::json;
    let doc = document(a, gaz);
    let mut features = Vec::new();
    for (i, p) in doc.places.iter().enumerate() {
        let (Some(lat), Some(lon)) = (p.lat, p.lon) else {
            continue;
        };
        features.push(json!({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {
                "feature": "place", "document": doc.id, "mention": i,
                "text": p.text, "start": p.start, "end": p.end,
                "name": p.name, "geonameid": p.geonameid, "kind": p.kind,
                "country": p.country, "admin1": p.admin1,
                "adjectival": p.adjectival, "metonymy": p.metonymy,
                "confidence": p.confidence, "reason": p.reason,
            }
        }));
    }
    for e in &doc.events {
        let Some(p) = e.place.and_then(|i| doc.places.get(i)) else {
            continue;
        };
        let (Some(lat), Some(lon)) = (p.lat, p.lon) else {
            continue;
        };
        let sentence = a
            .doc
            .offsets()
            .byte_of(e.sentence.start)
            .min(a.doc.text.len())
            ..a.doc
                .offsets()
                .byte_of(e.sentence.end)
                .min(a.doc.text.len());
        features.push(json!({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {
                "feature": "event", "document": doc.id, "event": e.id,
                "type": e.kind, "sub_type": e.sub_type, "status": e.status, "trigger": e.trigger.text,
                "place": p.name, "geonameid": p.geonameid, "country": p.country,
                "begin": e.begin, "end": e.end, "precision": e.precision,
                "actors": e.actors.iter().map(|a| a.text).collect::<Vec<_>>(),
                "sentence": a.doc.text.get(sentence).unwrap_or_default(),
                "confidence": e.confidence,
            }
        }));
    }
    json!({"type": "FeatureCollection", "features": features})
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::DateHint;

    fn analysis(id: &str, text: &str, gaz: &Gazetteer) -> Analysis {
        let day = chrono::NaiveDate::from_ymd_opt(2016, 3, 24).expect("a date");
        Analysis::run(id, text.to_owned(), DateHint::User(day), None, gaz)
    }

    fn built<T: Serialize>(v: &T, compact: bool) -> String {
        if compact {
            serde_json::to_string(v).expect("serialised")
        } else {
            serde_json::to_string_pretty(v).expect("serialised")
        }
    }

    #[test]
    fn streamed_documents_equal_the_built_ones() {
        let gaz = Gazetteer::bundled().expect("bundled gazetteer");
        // Places with alternatives after a non-ASCII character (char
        // offsets), times, events with actors; and a document with nothing.
        let a = analysis(
            "one",
            "Rebels shelled Aleppo on Monday, killing three civilians.\n\n\
             \u{201c}Government forces\u{201d} clashed with fighters near Homs last week.",
            &gaz,
        );
        assert!(!a.places.mentions.is_empty() && !a.times.is_empty() && !a.events.is_empty());
        assert!(a.places.mentions.iter().any(|m| !m.alternatives.is_empty()));
        let empty = analysis("two", "", &gaz);
        let both = [a, empty];
        for compact in [true, false] {
            for one in &both {
                let mut streamed = Vec::new();
                write_document(one, &gaz, &mut streamed, compact).expect("written");
                let streamed = String::from_utf8(streamed).expect("UTF-8");
                assert_eq!(streamed, built(&document(one, &gaz), compact));
            }
            let mut streamed = Vec::new();
            write_documents(&both, &gaz, &mut streamed, compact).expect("written");
            let docs: Vec<DocOut> = both.iter().map(|a| document(a, &gaz)).collect();
            assert_eq!(
                String::from_utf8(streamed).expect("UTF-8"),
                built(&docs, compact)
            );
        }
    }
}
