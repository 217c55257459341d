//! ACLED-like CSV: one row per event, these columns in this order:
//!
//! | column | content |
//! |---|---|
//! | `event_date` | the first day of the event's interval, `YYYY-MM-DD`; empty when undated |
//! | `time_precision` | 1 the day is known, 2 the week, 3 the month or coarser; empty when undated |
//! | `event_type` | the taxonomy id (`airstrike`, `capture` …; ARCHITECTURE.md, "Event taxonomy") |
//! | `actor1`, `actor2` | the first two actors in role order (agent first); further actors go to `actor2`, `; `-separated |
//! | `country`, `admin1`, `location` | the place's country name, admin-1 name and own name |
//! | `latitude`, `longitude` | WGS84 degrees, at most 6 decimals |
//! | `geo_precision` | 1 a town or village (or an overlay point), 2 an admin-1 region's centre, 3 a country or wider region |
//! | `source` | the dispatch (file name or JSONL id) |
//! | `notes` | the event's sentence, whitespace collapsed, then its status when it is not `happened` |
//!
//! Events without a place are kept, with empty place columns and
//! coordinates: the CSV is the full event list (GIS tools read such rows as
//! features without geometry). Quoting is RFC 4180 (the `csv` crate).

use super::{Table, coord, geo_precision_code, iso, time_precision_code};
use crate::events::Status;

/// The header, in order.
pub const COLUMNS: [&str; 13] = [
    "event_date",
    "time_precision",
    "event_type",
    "actor1",
    "actor2",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
];

/// The CSV text of `table`.
#[must_use]
pub fn render(table: &Table) -> Vec<u8> {
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let fail = "writing CSV to memory cannot fail";
    w.write_record(COLUMNS).expect(fail);
    for e in &table.events {
        let p = e.place.as_ref();
        let text =
            |f: &dyn Fn(&super::PlaceInfo) -> Option<String>| p.and_then(f).unwrap_or_default();
        let mut notes = e.sentence.clone();
        if e.status != Status::Happened {
            notes.push_str(&format!(" [{}]", e.status.id()));
        }
        let record = [
            iso(e.begin),
            time_precision_code(e.begin, e.precision).map_or_else(String::new, |c| c.to_string()),
            e.kind.id().to_owned(),
            e.actors.first().cloned().unwrap_or_default(),
            e.actors.get(1..).map(|a| a.join("; ")).unwrap_or_default(),
            text(&|p| p.country_name.clone()),
            text(&|p| p.admin1.clone()),
            text(&|p| Some(p.name.clone())),
            text(&|p| Some(coord(p.lat))),
            text(&|p| Some(coord(p.lon))),
            text(&|p| Some(geo_precision_code(p.kind).to_string())),
            e.source.clone(),
            notes,
        ];
        w.write_record(&record).expect(fail);
    }
    w.into_inner().expect(fail)
}
