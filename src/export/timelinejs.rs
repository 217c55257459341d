//! TimelineJS3 JSON: a title slide and one slide per dated event. Dates say
//! only what is known: a year-precision event has no month, a month one no
//! day. Undated events are left out (TimelineJS needs a start date).

use serde::Serialize;

use super::{EventRow, Table, escape};
use crate::time::Precision;

#[derive(Serialize)]
struct Timeline {
    title: Slide,
    events: Vec<Slide>,
}

#[derive(Serialize)]
struct Slide {
    #[serde(skip_serializing_if = "Option::is_none")]
    start_date: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_date: Option<Date>,
    text: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    group: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unique_id: Option<String>,
}

#[derive(Serialize)]
struct Text {
    headline: String,
    text: String,
}

/// TimelineJS wants strings or numbers; numbers keep it simple.
#[derive(Serialize)]
struct Date {
    year: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    month: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    day: Option<u32>,
}

fn date(d: chrono::NaiveDate, p: Precision) -> Date {
    use chrono::Datelike;
    let (month, day) = match p {
        Precision::Day | Precision::Week => (Some(d.month()), Some(d.day())),
        Precision::Month | Precision::Season | Precision::Quarter => (Some(d.month()), None),
        _ => (None, None),
    };
    Date {
        year: d.year(),
        month,
        day,
    }
}

fn slide(e: &EventRow) -> Option<Slide> {
    let begin = e.begin?;
    let end = e.end.filter(|&d| d != begin);
    let place = e.place.as_ref().map(|p| p.name.as_str());
    let headline = match place {
        Some(p) => format!("{} — {}", e.kind.label(), p),
        None => e.kind.label().to_owned(),
    };
    let mut text = format!("<p>{}</p>", escape(&e.sentence));
    if !e.actors.is_empty() {
        text.push_str(&format!("<p>Actors: {}</p>", escape(&e.actors.join(", "))));
    }
    text.push_str(&format!(
        "<p><small>{} · {}</small></p>",
        escape(e.status.id()),
        escape(&e.source)
    ));
    Some(Slide {
        start_date: Some(date(begin, e.precision)),
        end_date: end.map(|d| date(d, e.precision)),
        text: Text {
            headline: escape(&headline),
            text,
        },
        group: Some(e.kind.label().to_owned()),
        unique_id: Some(slug(&e.id)),
    })
}

/// An id TimelineJS can use in a URL hash: letters, digits and dashes.
fn slug(id: &str) -> String {
    id.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}

/// The TimelineJS3 JSON of `table`, ending in a newline.
#[must_use]
pub fn render(table: &Table) -> Vec<u8> {
    let title = match table.sources.as_slice() {
        [(name, _)] => name.clone(),
        s => format!("{} dispatches", s.len()),
    };
    let t = Timeline {
        title: Slide {
            start_date: None,
            end_date: None,
            text: Text {
                headline: escape(&title),
                text: format!("<p><small>{}</small></p>", escape(super::ATTRIBUTION)),
            },
            group: None,
            unique_id: None,
        },
        events: table.events.iter().filter_map(slide).collect(),
    };
    let mut out = serde_json::to_vec_pretty(&t).expect("a timeline always serializes");
    out.push(b'\n');
    out
}
