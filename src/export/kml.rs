//! KML 2.2 for Google Earth and GIS tools: a Document with one Style per
//! event type (icon colour by family, as in the app) and one for places,
//! then a Folder "Events" and a Folder "Places". Each dated event carries a
//! TimeStamp (known to the day) or a TimeSpan (a week, a month or longer),
//! so Google Earth's time slider plays them. Written by hand; every text
//! goes through [`escape`].

use std::fmt::Write;

use super::{ATTRIBUTION, EventRow, PlaceInfo, PlaceRow, Table, coord, escape, iso};
use crate::events::EventType;
use crate::time::Precision;

/// The icon colour of an event type as KML's `aabbggrr`: its light colour
/// in `assets/events/types.tsv`, as on the app's map.
fn colour(t: EventType) -> String {
    let [r, g, b] = t.rgb(false);
    format!("ff{b:02x}{g:02x}{r:02x}")
}

const ICON: &str = "https://maps.google.com/mapfiles/kml/shapes/placemark_circle.png";

fn data(out: &mut String, name: &str, value: &str) {
    let _ = writeln!(
        out,
        "        <Data name=\"{}\"><value>{}</value></Data>",
        escape(name),
        escape(value)
    );
}

fn point(out: &mut String, p: &PlaceInfo) {
    let _ = writeln!(
        out,
        "      <Point><coordinates>{},{}</coordinates></Point>",
        coord(p.lon),
        coord(p.lat)
    );
}

fn place_data(out: &mut String, p: &PlaceInfo) {
    data(out, "place", &p.name);
    data(
        out,
        "geonameid",
        &p.geonameid.map_or_else(String::new, |g| g.to_string()),
    );
    data(out, "country", p.country_name.as_deref().unwrap_or(""));
    data(out, "admin1", p.admin1.as_deref().unwrap_or(""));
}

fn event(out: &mut String, e: &EventRow, p: &PlaceInfo) {
    let _ = writeln!(out, "    <Placemark id=\"{}\">", escape(&xml_id(&e.id)));
    let _ = writeln!(
        out,
        "      <name>{}</name>",
        escape(&format!("{} — {}", e.kind.label(), p.name))
    );
    let _ = writeln!(
        out,
        "      <description>{}</description>",
        escape(&e.sentence)
    );
    if let Some(b) = e.begin {
        let end = e.end.unwrap_or(b);
        if e.precision == Precision::Day && end == b {
            let _ = writeln!(
                out,
                "      <TimeStamp><when>{}</when></TimeStamp>",
                iso(Some(b))
            );
        } else {
            let _ = writeln!(
                out,
                "      <TimeSpan><begin>{}</begin><end>{}</end></TimeSpan>",
                iso(Some(b)),
                iso(Some(end))
            );
        }
    }
    let _ = writeln!(out, "      <styleUrl>#{}</styleUrl>", e.kind.id());
    out.push_str("      <ExtendedData>\n");
    data(out, "event_id", &e.id);
    data(out, "event_type", e.kind.id());
    data(out, "status", e.status.id());
    data(out, "actors", &e.actors.join("; "));
    place_data(out, p);
    data(out, "source", &e.source);
    out.push_str("      </ExtendedData>\n");
    point(out, p);
    out.push_str("    </Placemark>\n");
}

fn place(out: &mut String, r: &PlaceRow) {
    out.push_str("    <Placemark>\n");
    let _ = writeln!(out, "      <name>{}</name>", escape(&r.place.name));
    let _ = writeln!(
        out,
        "      <description>{}</description>",
        escape(&r.first_sentence)
    );
    out.push_str("      <styleUrl>#place</styleUrl>\n");
    out.push_str("      <ExtendedData>\n");
    place_data(out, &r.place);
    data(out, "mentions", &r.mentions.to_string());
    data(out, "source", &r.source);
    out.push_str("      </ExtendedData>\n");
    point(out, &r.place);
    out.push_str("    </Placemark>\n");
}

/// An XML id: a letter first, then letters, digits, `-`, `_`, `.`.
fn xml_id(id: &str) -> String {
    let body: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("e_{body}")
}

/// The KML document of `table`.
#[must_use]
pub fn render(table: &Table) -> Vec<u8> {
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<kml xmlns=\"http://www.opengis.net/kml/2.2\">\n<Document>\n");
    let title = match table.sources.as_slice() {
        [(name, _)] => name.clone(),
        s => format!("{} dispatches", s.len()),
    };
    let _ = writeln!(out, "  <name>{}</name>", escape(&title));
    let _ = writeln!(out, "  <description>{}</description>", escape(ATTRIBUTION));
    for t in EventType::ALL {
        let _ = writeln!(
            out,
            "  <Style id=\"{}\"><IconStyle><color>{}</color><Icon><href>{ICON}</href></Icon></IconStyle></Style>",
            t.id(),
            colour(t)
        );
    }
    let _ = writeln!(
        out,
        "  <Style id=\"place\"><IconStyle><color>ff555555</color><scale>0.8</scale><Icon><href>{ICON}</href></Icon></IconStyle></Style>"
    );
    out.push_str("  <Folder>\n    <name>Events</name>\n");
    for e in &table.events {
        if let Some(p) = &e.place {
            event(&mut out, e, p);
        }
    }
    out.push_str("  </Folder>\n  <Folder>\n    <name>Places</name>\n");
    for r in &table.places {
        place(&mut out, r);
    }
    out.push_str("  </Folder>\n</Document>\n</kml>\n");
    out.into_bytes()
}
