//! One dispatch analysed: the document, its date and where that came from,
//! and its places, times and events. Made once, then shared immutably
//! (`Arc<Analysis>`) by the CLI, the app's view models and the exports.
//!
//! Must not: read the clock (the article date is the only anchor), touch
//! egui, or write anything out (see [`crate::output`]).

use chrono::NaiveDate;
use serde::Serialize;

use crate::events::{Event, find_events_in};
use crate::gazetteer::Gazetteer;
use crate::lang::{Annotation, Model};
use crate::places::{PlaceAnalysis, find_places, find_places_in};
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
        let doc = Document::new(text);
        let times = find_times(&doc.text, date.date);
        // The bundled model is checked by a test; should a broken build lack
        // it, places are found without the layer rather than not at all.
        let lang = match Model::bundled() {
            Ok(model) => Annotation::new(&doc, model, Some(gaz)),
            Err(_) => Annotation::default(),
        };
        let places = if lang.tokens.is_empty() {
            find_places(&doc, gaz)
        } else {
            find_places_in(&doc, &lang, gaz)
        };
        let ann = (!lang.tokens.is_empty()).then_some(&lang);
        let events = find_events_in(&doc, ann, &places.mentions, &times, date.date, gaz);
        Analysis {
            id: id.into(),
            doc,
            lang,
            date,
            places,
            times,
            events,
        }
    }
}
