//! Taking results out of sitrep: GeoJSON, CSV, KML, GeoPackage, TimelineJS,
//! SVG and a briefing page. Every format is written from one flat [`Table`]
//! of event and place rows, built once from the (corrected) analyses and the
//! current [`Filter`], so all formats agree with each other and with the app.
//!
//! Egui-free: the CLI (`sitrep export`, `sitrep batch`), the app's Export
//! menu and the tests all call the same functions.

pub mod briefing;
pub mod story;
pub mod svg;

use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;

use crate::analysis::Analysis;
use crate::events::{ActorCategory, EventType, Status, SubType};
use crate::gazetteer::{Gazetteer, PlaceKind};
use crate::time::Precision;
pub use crate::view::Filter;

mod csv;
mod geojson;
mod gpkg;
mod kml;
mod timelinejs;

/// The attribution every export carries (GeoNames asks for it under CC BY 4.0).
pub const ATTRIBUTION: &str =
    "Places: GeoNames (https://www.geonames.org/), CC BY 4.0. Extracted with sitrep.";

/// Escapes `s` for XML and HTML text and attribute values (`& < > " '`);
/// the C0 controls XML 1.0 does not allow become spaces. Used by KML, SVG,
/// the briefing page and TimelineJS (which renders its text as HTML).
#[must_use]
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// One dispatch to export: its name (file name or JSONL id) and its analysis,
/// corrections already applied.
#[derive(Clone, Copy)]
pub struct Source<'a> {
    pub name: &'a str,
    pub analysis: &'a Analysis,
}

/// A resolved place, as every export writes it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlaceInfo {
    pub name: String,
    pub geonameid: Option<u32>,
    pub kind: PlaceKind,
    /// ISO 3166-1 alpha-2, when the place lies in one country.
    pub country: Option<String>,
    /// The country's display name ("Syria").
    pub country_name: Option<String>,
    pub admin1: Option<String>,
    pub lat: f64,
    pub lon: f64,
}

/// One event row.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EventRow {
    /// Stable within an export: `source#n` with the analysis' event id.
    pub id: String,
    pub source: String,
    pub kind: EventType,
    /// The kind of event inside the type, with ACLED's coding.
    pub sub_type: SubType,
    pub status: Status,
    /// Actors as written, in role order (agent first).
    pub actors: Vec<String>,
    /// ACLED's category of each actor (parallel to `actors`).
    pub actor_categories: Vec<Option<ActorCategory>>,
    /// The dead the sentence counts, when it states a number.
    pub fatalities: Option<u32>,
    pub place: Option<PlaceInfo>,
    pub begin: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub precision: Precision,
    /// The trigger words ("fought their way into").
    pub trigger: String,
    /// The sentence the event is in, whitespace collapsed.
    pub sentence: String,
    /// Character offsets of the sentence in the dispatch text, end exclusive.
    pub sentence_start: usize,
    pub sentence_end: usize,
    pub confidence: f32,
}

/// One place row: a resolved place with its mentions in one dispatch.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlaceRow {
    pub source: String,
    pub place: PlaceInfo,
    pub mentions: usize,
    /// Mentions that are adjectival ("Syrian") or metonymic ("Moscow says").
    pub indirect: usize,
    /// The lowest confidence among its mentions.
    pub confidence: f32,
    /// The first sentence mentioning it, whitespace collapsed.
    pub first_sentence: String,
    /// Ids of the events at this place.
    pub events: Vec<String>,
}

/// Everything an export writes: built once, read by every format.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Table {
    pub events: Vec<EventRow>,
    pub places: Vec<PlaceRow>,
    /// The dispatches included, in order, with their article dates.
    pub sources: Vec<(String, Option<NaiveDate>)>,
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn place_info(gaz: &Gazetteer, id: crate::gazetteer::PlaceId) -> Option<PlaceInfo> {
    let p = gaz.get(id)?;
    let (lat, lon) = crate::places::map_point(&p);
    Some(PlaceInfo {
        name: p.name.to_owned(),
        geonameid: p.geonameid,
        kind: p.kind,
        country: p.country.map(str::to_owned),
        country_name: p
            .country
            .and_then(|c| gaz.country(c))
            .map(|c| c.name.to_owned()),
        admin1: p.admin1.map(str::to_owned),
        lat,
        lon,
    })
}

impl Table {
    /// Flattens `sources` through `filter`. Places are those of the kept
    /// dispatches (all of a dispatch's resolved places, whether or not an
    /// event passed the time/type filter, unless a time or type filter is
    /// set: then only places of kept events).
    #[must_use]
    pub fn build(sources: &[Source<'_>], gaz: &Gazetteer, filter: &Filter) -> Table {
        let mut table = Table::default();
        let narrowed = filter.from.is_some() || filter.to.is_some() || filter.types.is_some();
        for src in sources {
            if !filter.keeps_source(src.name) {
                continue;
            }
            let a = src.analysis;
            let doc = &a.doc;
            let text = doc.text.as_str();
            table.sources.push((src.name.to_owned(), a.date.date));
            let mut kept_places = Vec::new();
            // This dispatch's rows start here (a batch holds thousands).
            let first_row = table.events.len();
            for e in &a.events {
                if !filter.keeps(src.name, e.kind, e.begin, e.end) {
                    continue;
                }
                let place_id = e
                    .place
                    .and_then(|i| a.places.mentions.get(i))
                    .and_then(|m| m.place);
                if let Some(p) = place_id {
                    kept_places.push(p);
                }
                let mut actors: Vec<_> = e.actors.iter().collect();
                actors.sort_by_key(|x| x.role as u8);
                let (ss, se) = doc.char_span(e.sentence);
                table.events.push(EventRow {
                    id: format!("{}#{}", src.name, e.id),
                    source: src.name.to_owned(),
                    kind: e.kind,
                    sub_type: e.sub_type,
                    status: e.status,
                    actors: actors.iter().map(|x| x.text.clone()).collect(),
                    actor_categories: actors.iter().map(|x| x.category).collect(),
                    fatalities: e.fatalities,
                    place: place_id.and_then(|p| place_info(gaz, p)),
                    begin: e.begin,
                    end: e.end,
                    precision: e.precision,
                    trigger: collapse(&text[e.trigger.start..e.trigger.end]),
                    sentence: collapse(&text[e.sentence.start..e.sentence.end]),
                    sentence_start: ss,
                    sentence_end: se,
                    confidence: e.confidence,
                });
            }
            // Places in order of first mention.
            let mut order: Vec<crate::gazetteer::PlaceId> = Vec::new();
            for m in &a.places.mentions {
                if let Some(p) = m.place
                    && !order.contains(&p)
                    && (!narrowed || kept_places.contains(&p))
                {
                    order.push(p);
                }
            }
            for p in order {
                let Some(info) = place_info(gaz, p) else {
                    continue;
                };
                let ms: Vec<_> = a
                    .places
                    .mentions
                    .iter()
                    .filter(|m| m.place == Some(p))
                    .collect();
                let first = ms[0].span.start;
                let sentence = doc
                    .sentence_of(first)
                    .map(|i| {
                        let s = doc.sentences[i];
                        collapse(&text[s.start..s.end])
                    })
                    .unwrap_or_default();
                let events = table.events[first_row..]
                    .iter()
                    .filter(|r| {
                        r.place
                            .as_ref()
                            .is_some_and(|q| q.geonameid == info.geonameid && q.name == info.name)
                    })
                    .map(|r| r.id.clone())
                    .collect();
                table.places.push(PlaceRow {
                    source: src.name.to_owned(),
                    mentions: ms.len(),
                    indirect: ms.iter().filter(|m| m.adjectival || m.metonymy).count(),
                    confidence: ms.iter().map(|m| m.confidence).fold(1.0, f32::min),
                    first_sentence: sentence,
                    events,
                    place: info,
                });
            }
        }
        table
    }
}

/// An export format. `sitrep export --format` takes [`Format::id`]; a file
/// name's extension picks one with [`Format::from_path`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// RFC 7946 GeoJSON: a FeatureCollection of events and places.
    GeoJson,
    /// ACLED-like CSV, one row per event.
    Csv,
    /// KML 2.2 with TimeStamp/TimeSpan.
    Kml,
    /// OGC GeoPackage with `events` and `places` point layers.
    Gpkg,
    /// TimelineJS3 JSON.
    TimelineJs,
    /// The map as SVG, for print.
    Svg,
    /// A self-contained HTML briefing page.
    Html,
    /// A self-contained HTML story: one slide per event, as present mode tells it.
    Story,
}

impl Format {
    pub const ALL: [Format; 8] = [
        Format::GeoJson,
        Format::Csv,
        Format::Kml,
        Format::Gpkg,
        Format::TimelineJs,
        Format::Svg,
        Format::Html,
        Format::Story,
    ];

    /// The name on the command line.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Format::GeoJson => "geojson",
            Format::Csv => "csv",
            Format::Kml => "kml",
            Format::Gpkg => "gpkg",
            Format::TimelineJs => "timelinejs",
            Format::Svg => "svg",
            Format::Html => "html",
            Format::Story => "story",
        }
    }

    /// The usual file extension.
    #[must_use]
    pub fn extension(self) -> &'static str {
        match self {
            Format::TimelineJs => "timeline.json",
            Format::Story => "story.html",
            f => f.id(),
        }
    }

    /// The format with this id.
    #[must_use]
    pub fn from_id(id: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.id() == id)
    }

    /// The format a file name's extension asks for (`.json` is GeoJSON
    /// unless it ends in `.timeline.json`).
    #[must_use]
    pub fn from_path(path: &std::path::Path) -> Option<Format> {
        let name = path.file_name()?.to_str()?.to_ascii_lowercase();
        if name.ends_with(".timeline.json") {
            return Some(Format::TimelineJs);
        }
        if name.ends_with(".story.html") || name.ends_with(".story.htm") {
            return Some(Format::Story);
        }
        let ext = name.rsplit_once('.')?.1;
        match ext {
            "json" | "geojson" => Some(Format::GeoJson),
            "htm" | "html" => Some(Format::Html),
            other => Format::from_id(other),
        }
    }
}

/// Why an export could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The file exists and replacing it was not asked for (the CLI's
    /// message adds its `--force`).
    #[error("{path}: already exists")]
    Exists { path: std::path::PathBuf },
    #[error("{path}: cannot write: {source}")]
    Io {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Format {
        path: std::path::PathBuf,
        message: String,
    },
}

/// Writes `table` to `path` in `format`.
///
/// The file is written whole to a temporary file in the target folder and
/// renamed over `path`, so a failure never leaves half a file. An existing
/// `path` is refused unless `force` is set. Output is deterministic: the
/// same table gives the same bytes (no clock, no random ids).
///
/// # Errors
/// [`ExportError::Exists`] for an existing file without `force`,
/// [`ExportError::Io`] when the folder or file cannot be written,
/// [`ExportError::Format`] when the format cannot be written in this build.
pub fn write(format: Format, table: &Table, path: &Path, force: bool) -> Result<(), ExportError> {
    if !force && std::fs::symlink_metadata(path).is_ok() {
        return Err(ExportError::Exists {
            path: path.to_owned(),
        });
    }
    let bytes = match format {
        Format::GeoJson => geojson::render(table),
        Format::Csv => csv::render(table),
        Format::Kml => kml::render(table),
        Format::TimelineJs => timelinejs::render(table),
        Format::Gpkg => return gpkg::write(table, path),
        Format::Svg | Format::Html | Format::Story => {
            let basemap = crate::map::Basemap::bundled().map_err(|e| ExportError::Format {
                path: path.to_owned(),
                message: e.to_string(),
            })?;
            if format == Format::Svg {
                let svg = svg::map_svg(table, basemap, &svg::SvgOptions::default());
                format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{svg}\n").into_bytes()
            } else if format == Format::Story {
                story::story_html(table, basemap, None).into_bytes()
            } else {
                briefing::briefing_html(table, basemap, &briefing::BriefingOptions::default())
                    .into_bytes()
            }
        }
    };
    crate::files::write(path, &bytes).map_err(|source| ExportError::Io {
        path: path.to_owned(),
        source,
    })
}

/// Writes `table` in `format` to memory (every format but GeoPackage, which
/// is a database file, and SVG/HTML, which need the basemap: see [`write`]).
#[must_use]
pub fn render(format: Format, table: &Table) -> Option<Vec<u8>> {
    match format {
        Format::GeoJson => Some(geojson::render(table)),
        Format::Csv => Some(csv::render(table)),
        Format::Kml => Some(kml::render(table)),
        Format::TimelineJs => Some(timelinejs::render(table)),
        Format::Gpkg | Format::Svg | Format::Html | Format::Story => None,
    }
}

/// The ISO date (`2017-10-12`) or an empty string.
fn iso(d: Option<NaiveDate>) -> String {
    d.map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// The precision id as in the extract JSON ("day", "month").
fn precision_id(p: Precision) -> &'static str {
    match p {
        Precision::Day => "day",
        Precision::Week => "week",
        Precision::Month => "month",
        Precision::Season => "season",
        Precision::Quarter => "quarter",
        Precision::Year => "year",
        Precision::Decade => "decade",
        Precision::Century => "century",
        Precision::Unknown => "unknown",
    }
}

/// ACLED-like time precision: 1 the day is known, 2 the week, 3 the month
/// or something coarser; `None` for an undated event.
#[must_use]
pub fn time_precision_code(begin: Option<NaiveDate>, p: Precision) -> Option<u8> {
    begin?;
    Some(match p {
        Precision::Day => 1,
        Precision::Week => 2,
        _ => 3,
    })
}

/// ACLED-like geographic precision: 1 a town or village (or the analyst's
/// own point), 2 an admin-1 or admin-2 unit (its representative point), 3 a
/// country or a wider region (a representative point).
#[must_use]
pub fn geo_precision_code(kind: PlaceKind) -> u8 {
    match kind {
        PlaceKind::Populated | PlaceKind::User => 1,
        PlaceKind::Admin1 | PlaceKind::Admin2 => 2,
        PlaceKind::Country | PlaceKind::Region => 3,
    }
}

/// `kind` as in the extract JSON ("populated", "admin1").
fn kind_id(kind: PlaceKind) -> &'static str {
    match kind {
        PlaceKind::Populated => "populated",
        PlaceKind::Admin1 => "admin1",
        PlaceKind::Admin2 => "admin2",
        PlaceKind::Country => "country",
        PlaceKind::Region => "region",
        PlaceKind::User => "user",
    }
}

/// A coordinate as written in text formats: 6 decimals (about 10 cm), so
/// output does not depend on float printing quirks.
fn coord(v: f64) -> String {
    let s = format!("{v:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_owned()
    } else {
        s.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escape_covers_markup_and_controls() {
        assert_eq!(
            escape("a<b & \"c\" 'd'>\u{1}e"),
            "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt; e"
        );
        assert_eq!(escape("Ḩamāh\nx\ty"), "Ḩamāh\nx\ty");
    }
}
