//! RFC 7946 GeoJSON: one FeatureCollection in WGS84, positions in
//! longitude, latitude order. One Point feature per event that has a place,
//! then one per place row; the `feature` property tells them apart
//! ("event" / "place"). The attribution is a foreign member of the
//! collection.

use ::geojson::{Feature, FeatureCollection, Geometry, JsonObject, JsonValue, feature::Id};
use serde_json::json;

use super::{ATTRIBUTION, PlaceInfo, Table, iso, kind_id, precision_id};

fn point(p: &PlaceInfo) -> Geometry {
    // Rounded like the text formats, so every format writes the same point.
    let r = |v: f64| (v * 1e6).round() / 1e6;
    Geometry::new_point([r(p.lon), r(p.lat)])
}

fn place_props(o: &mut JsonObject, p: &PlaceInfo) {
    o.insert("place".into(), json!(p.name));
    o.insert("place_kind".into(), json!(kind_id(p.kind)));
    o.insert("geonameid".into(), json!(p.geonameid));
    o.insert("country".into(), json!(p.country));
    o.insert("country_name".into(), json!(p.country_name));
    o.insert("admin1".into(), json!(p.admin1));
}

fn object(v: JsonValue) -> JsonObject {
    match v {
        JsonValue::Object(o) => o,
        _ => JsonObject::new(),
    }
}

/// Round to 3 decimals: confidences are scores, not measurements, and a
/// short fixed form keeps the output stable.
fn conf(c: f32) -> f64 {
    (f64::from(c) * 1000.0).round() / 1000.0
}

/// The FeatureCollection of `table`.
#[must_use]
pub fn collection(table: &Table) -> FeatureCollection {
    let mut features = Vec::new();
    for e in &table.events {
        let Some(p) = &e.place else { continue };
        let mut o = object(json!({
            "feature": "event",
            "event_id": e.id,
            "event_type": e.kind.id(),
            "event_label": e.kind.label(),
            "status": e.status.id(),
            "actors": e.actors,
            "begin": e.begin.map(|_| iso(e.begin)),
            "end": e.end.map(|_| iso(e.end)),
            "precision": precision_id(e.precision),
            "trigger": e.trigger,
            "sentence": e.sentence,
            "sentence_start": e.sentence_start,
            "sentence_end": e.sentence_end,
            "source": e.source,
            "confidence": conf(e.confidence),
        }));
        place_props(&mut o, p);
        features.push(Feature {
            bbox: None,
            geometry: Some(point(p)),
            id: Some(Id::String(e.id.clone())),
            properties: Some(o),
            foreign_members: None,
        });
    }
    for r in &table.places {
        let mut o = object(json!({
            "feature": "place",
            "mentions": r.mentions,
            "indirect_mentions": r.indirect,
            "first_sentence": r.first_sentence,
            "events": r.events,
            "source": r.source,
            "confidence": conf(r.confidence),
        }));
        place_props(&mut o, &r.place);
        let id = format!(
            "{}@{}",
            r.source,
            r.place
                .geonameid
                .map_or_else(|| r.place.name.clone(), |g| g.to_string())
        );
        features.push(Feature {
            bbox: None,
            geometry: Some(point(&r.place)),
            id: Some(Id::String(id)),
            properties: Some(o),
            foreign_members: None,
        });
    }
    let mut fc = FeatureCollection::new(features);
    fc.foreign_members = Some(object(json!({ "attribution": ATTRIBUTION })));
    fc
}

/// The GeoJSON text of `table`, pretty-printed, ending in a newline.
#[must_use]
pub fn render(table: &Table) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(&collection(table)).expect("GeoJSON always serializes");
    out.push(b'\n');
    out
}
