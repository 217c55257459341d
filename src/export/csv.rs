//! ACLED's CSV: one row per event, with ACLED's column names and values,
//! so that sitrep's rows can be appended to an ACLED download:
//!
//! | column | content |
//! |---|---|
//! | `event_date` | the first day of the event's interval, `YYYY-MM-DD`; empty when undated |
//! | `time_precision` | 1 the day is known, 2 the week, 3 the month or coarser; empty when undated |
//! | `disorder_type` | `Political violence`, `Demonstrations` or `Strategic developments` |
//! | `event_type`, `sub_event_type` | ACLED's (`assets/events/subtypes.tsv`); sitrep's kinds that ACLED does not code (talks, meetings, statements, aid, displacement, casualty counts, elections, sanctions) are written as ACLED writes other significant developments: `Strategic developments` / `Other` |
//! | `actor1`, `actor2` | the first two actors in role order (agent first); further actors go to `actor2`, `; `-separated |
//! | `inter1`, `inter2` | ACLED's actor category codes (1 state forces, 2 rebel groups, 3 political militias, 4 identity militias, 5 rioters, 6 protesters, 7 civilians, 8 external/other forces) of `actor1` and the first actor of `actor2`; empty where the words do not show it |
//! | `country`, `admin1`, `admin2`, `location` | the place's country name, admin-1 name, (no admin-2 in the gazetteer: empty) and own name |
//! | `latitude`, `longitude` | WGS84 degrees, at most 6 decimals |
//! | `geo_precision` | 1 a town or village (or an overlay point), 2 an admin-1 region's centre, 3 a country or wider region |
//! | `source` | the dispatch (file name or JSONL id) |
//! | `notes` | the event's sentence, whitespace collapsed, then `[sitrep: <sub-type>]`, with the status when it is not `happened` |
//! | `fatalities` | the dead the sentence counts, empty where it states no number |
//!
//! Events without a place are kept, with empty place columns and
//! coordinates: the CSV is the full event list (GIS tools read such rows as
//! features without geometry). Quoting is RFC 4180 (the `csv` crate).

use super::{Table, coord, geo_precision_code, iso, time_precision_code};
use crate::events::Status;

/// The header, in order: ACLED's column names.
pub const COLUMNS: [&str; 19] = [
    "event_date",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "inter1",
    "actor2",
    "inter2",
    "country",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
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
        let mut notes = format!("{} [sitrep: {}", e.sentence, e.sub_type.id());
        if e.status != Status::Happened {
            notes.push_str(&format!(", {}", e.status.id()));
        }
        notes.push(']');
        let (disorder, kind, sub) = e.sub_type.acled().map_or(
            ("Strategic developments", "Strategic developments", "Other"),
            |a| (a.disorder_type, a.event_type, a.sub_event_type),
        );
        let inter = |i: usize| {
            e.actor_categories
                .get(i)
                .copied()
                .flatten()
                .map_or_else(String::new, |c| c.inter().to_string())
        };
        let record = [
            iso(e.begin),
            time_precision_code(e.begin, e.precision).map_or_else(String::new, |c| c.to_string()),
            disorder.to_owned(),
            kind.to_owned(),
            sub.to_owned(),
            e.actors.first().cloned().unwrap_or_default(),
            inter(0),
            e.actors.get(1..).map(|a| a.join("; ")).unwrap_or_default(),
            inter(1),
            text(&|p| p.country_name.clone()),
            text(&|p| p.admin1.clone()),
            String::new(),
            text(&|p| Some(p.name.clone())),
            text(&|p| Some(coord(p.lat))),
            text(&|p| Some(coord(p.lon))),
            text(&|p| Some(geo_precision_code(p.kind).to_string())),
            e.source.clone(),
            notes,
            e.fatalities.map_or_else(String::new, |n| n.to_string()),
        ];
        w.write_record(&record).expect(fail);
    }
    w.into_inner().expect(fail)
}
