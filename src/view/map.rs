//! What the map shows for one analysis: places as markers (sized by mention
//! count, coloured by their events' main type), countries and regions as
//! areas, and movement arrows.
//!
//! Movement arrows, the simple rule: for an event of a movement type
//! (offensive, capture, retreat, displacement), look at the resolved place
//! mentions of its sentence; one right after "from" is the origin, one
//! right after "to", "towards", "toward" or "into" the destination. When both
//! exist and differ, draw an arrow from origin to destination. Without a
//! "from", the event's own place is taken as the destination and a "from"
//! place in the previous sentence, if any, as the origin.

use std::collections::HashMap;

use crate::analysis::Analysis;
use crate::events::{EventType, Status};
use crate::gazetteer::{Gazetteer, PlaceId, PlaceKind};
use crate::map::GeoBounds;
use crate::span::Span;

use super::text::LOW_CONFIDENCE;

/// A point place on the map (a town, a city, a user place).
#[derive(Clone, Debug, PartialEq)]
pub struct Marker {
    pub place: PlaceId,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub kind: PlaceKind,
    pub country: String,
    /// ISO 3166-1 alpha-2 code of the country, if any.
    pub country_code: String,
    pub population: u64,
    pub mentions: usize,
    /// The most frequent event type at this place, if any.
    pub event_type: Option<EventType>,
    pub events: usize,
    /// Every mention is below [`LOW_CONFIDENCE`].
    pub low_confidence: bool,
    /// Every mention is adjectival or metonymic ("Syrian", "Moscow said").
    pub figurative: bool,
    /// The sentence of the first mention.
    pub first_sentence: String,
}

/// A country, admin-1 area or macro-region mentioned: drawn as its box.
#[derive(Clone, Debug, PartialEq)]
pub struct Area {
    pub place: PlaceId,
    pub name: String,
    pub kind: PlaceKind,
    /// `[south, west, north, east]` in degrees; `None` draws a ring at the centre.
    pub bbox: Option<[f64; 4]>,
    pub lat: f64,
    pub lon: f64,
    pub mentions: usize,
    /// Every mention is adjectival or metonymic: drawn hollow.
    pub figurative: bool,
    pub low_confidence: bool,
    /// The main type of the events placed in it, which colours it like a marker.
    pub event_type: Option<EventType>,
}

/// A movement from one place to another (see the module docs).
#[derive(Clone, Debug, PartialEq)]
pub struct Arrow {
    pub event: usize,
    pub from: PlaceId,
    pub to: PlaceId,
    pub kind: EventType,
}

/// Everything the map panel draws for one dispatch.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MapModel {
    /// Sorted by mention count, most mentioned first.
    pub markers: Vec<Marker>,
    /// Sorted by area, largest first (so small ones are drawn on top).
    pub areas: Vec<Area>,
    pub arrows: Vec<Arrow>,
    /// The dispatch's focus country (most mentioned), as an alpha-2 code.
    pub focus: Option<String>,
}

/// The places of `a` that have an event `filter` keeps (its time window,
/// event types and sources): what the map shows while a window is brushed.
#[must_use]
pub fn places_kept(
    a: &Analysis,
    filter: &crate::view::Filter,
) -> std::collections::HashSet<PlaceId> {
    a.events
        .iter()
        .filter(|e| filter.keeps(&a.id, e.kind, e.begin, e.end))
        .filter_map(|e| e.place.and_then(|p| a.places.mentions.get(p)))
        .filter_map(|m| m.place)
        .collect()
}

/// Whether `filter` hides anything on the map (a window or a type filter).
#[must_use]
pub fn filters_places(filter: &crate::view::Filter) -> bool {
    filter.from.is_some() || filter.to.is_some() || filter.types.is_some()
}

impl MapModel {
    /// One model of several dispatches' models ("all dispatches"): a place
    /// mentioned in several is one marker (or area) with their mentions and
    /// events summed; its event type is the one of its most mentioned part.
    /// Markers stay sorted by mentions, areas by size; arrows all kept; the
    /// focus country is kept only when every part has the same.
    #[must_use]
    pub fn combine<'a>(parts: impl IntoIterator<Item = &'a MapModel>) -> MapModel {
        let mut out = MapModel::default();
        let mut markers: HashMap<PlaceId, usize> = HashMap::new();
        let mut areas: HashMap<PlaceId, usize> = HashMap::new();
        let mut focus: Option<Option<String>> = None;
        for part in parts {
            for m in &part.markers {
                match markers.get(&m.place) {
                    Some(&i) => {
                        let o = &mut out.markers[i];
                        if m.mentions > o.mentions {
                            o.event_type = m.event_type.or(o.event_type);
                        }
                        o.mentions += m.mentions;
                        o.events += m.events;
                        o.low_confidence &= m.low_confidence;
                        o.figurative &= m.figurative;
                    }
                    None => {
                        markers.insert(m.place, out.markers.len());
                        out.markers.push(m.clone());
                    }
                }
            }
            for a in &part.areas {
                match areas.get(&a.place) {
                    Some(&i) => {
                        let o = &mut out.areas[i];
                        o.mentions += a.mentions;
                        o.low_confidence &= a.low_confidence;
                        o.figurative &= a.figurative;
                    }
                    None => {
                        areas.insert(a.place, out.areas.len());
                        out.areas.push(a.clone());
                    }
                }
            }
            out.arrows.extend(part.arrows.iter().cloned());
            // A focus only when every part shares it (fit then frames them all).
            focus = match focus {
                None => Some(part.focus.clone()),
                Some(f) if f == part.focus => Some(f),
                Some(_) => Some(None),
            };
        }
        out.focus = focus.flatten();
        out.markers.sort_by_key(|m| std::cmp::Reverse(m.mentions));
        let size = |a: &Area| a.bbox.map_or(0.0, |b| (b[2] - b[0]) * (b[3] - b[1]));
        out.areas.sort_by(|a, b| size(b).total_cmp(&size(a)));
        out
    }

    /// The model for `a`.
    #[must_use]
    pub fn build(a: &Analysis, gaz: &Gazetteer) -> Self {
        struct Acc {
            mentions: usize,
            low: usize,
            figurative: usize,
            first: Span,
            types: HashMap<EventType, usize>,
            events: usize,
        }
        let mut acc: HashMap<PlaceId, Acc> = HashMap::new();
        let mut order: Vec<PlaceId> = Vec::new();
        for m in &a.places.mentions {
            let Some(id) = m.place else { continue };
            let e = acc.entry(id).or_insert_with(|| {
                order.push(id);
                Acc {
                    mentions: 0,
                    low: 0,
                    figurative: 0,
                    first: m.span,
                    types: HashMap::new(),
                    events: 0,
                }
            });
            e.mentions += 1;
            e.low += usize::from(m.confidence < LOW_CONFIDENCE);
            e.figurative += usize::from(m.adjectival || m.metonymy);
        }
        for ev in &a.events {
            if matches!(ev.status, Status::Negated) {
                continue;
            }
            let Some(id) = ev
                .place
                .and_then(|p| a.places.mentions.get(p))
                .and_then(|m| m.place)
            else {
                continue;
            };
            if let Some(e) = acc.get_mut(&id) {
                *e.types.entry(ev.kind).or_default() += 1;
                e.events += 1;
            }
        }
        let mut model = MapModel::default();
        for id in order {
            let (Some(p), Some(e)) = (gaz.get(id), acc.get(&id)) else {
                continue;
            };
            let low_confidence = e.low == e.mentions;
            let figurative = e.figurative == e.mentions;
            let event_type = e
                .types
                .iter()
                .max_by_key(|(t, n)| (**n, std::cmp::Reverse(**t)))
                .map(|(t, _)| *t);
            match p.kind {
                PlaceKind::Populated | PlaceKind::User => {
                    let first_sentence = a
                        .doc
                        .sentence_of(e.first.start)
                        .and_then(|s| a.doc.sentences.get(s))
                        .map(|&s| a.doc.text[s].to_owned())
                        .unwrap_or_default();
                    model.markers.push(Marker {
                        place: id,
                        name: p.name.to_owned(),
                        lat: p.lat,
                        lon: p.lon,
                        kind: p.kind,
                        country: p
                            .country
                            .and_then(|c| gaz.country(c))
                            .map(|c| c.name.to_owned())
                            .unwrap_or_default(),
                        country_code: p.country.unwrap_or("").to_owned(),
                        population: p.population,
                        mentions: e.mentions,
                        event_type,
                        events: e.events,
                        low_confidence,
                        figurative,
                        first_sentence,
                    });
                }
                PlaceKind::Admin1 | PlaceKind::Admin2 | PlaceKind::Country | PlaceKind::Region => {
                    model.areas.push(Area {
                        place: id,
                        name: p.name.to_owned(),
                        kind: p.kind,
                        bbox: p.bbox.map(|b| [b.min_lat, b.min_lon, b.max_lat, b.max_lon]),
                        lat: p.lat,
                        lon: p.lon,
                        mentions: e.mentions,
                        figurative,
                        low_confidence,
                        event_type,
                    });
                }
            }
        }
        model.markers.sort_by(|a, b| {
            b.mentions
                .cmp(&a.mentions)
                .then(b.population.cmp(&a.population))
        });
        model
            .areas
            .sort_by(|a, b| area_of(b).total_cmp(&area_of(a)));
        model.arrows = arrows(a);
        model.focus = a.places.focus.countries.first().map(|(c, _)| c.clone());
        model
    }

    /// The box a map is fitted to ([`GeoBounds::fit_tiers`]): the places where events
    /// happen, named literally (not "Syrian" or "Moscow said"), when there are two or more
    /// of them; else every place named literally; else every marker; else the areas. Towns
    /// and provinces count, by their point and their box; countries and larger regions do
    /// not stretch the fit while any town or province is there.
    #[must_use]
    pub fn bounds(&self) -> Option<GeoBounds> {
        let literal = |m: &&Marker| !m.figurative;
        let with_events = |m: &&Marker| m.events > 0;
        let point = |m: &Marker| [m.lat, m.lon, m.lat, m.lon];
        let provinces = |events: bool| {
            self.areas
                .iter()
                .filter(move |a| {
                    matches!(a.kind, PlaceKind::Admin1 | PlaceKind::Admin2) && !a.figurative
                })
                .filter(move |a| !events || a.event_type.is_some())
                .map(|a| a.bbox.unwrap_or([a.lat, a.lon, a.lat, a.lon]))
        };
        let tiers = [
            self.markers
                .iter()
                .filter(literal)
                .filter(with_events)
                .map(point)
                .chain(provinces(true))
                .collect(),
            self.markers
                .iter()
                .filter(literal)
                .map(point)
                .chain(provinces(false))
                .collect(),
            self.markers.iter().map(point).collect(),
            self.areas
                .iter()
                .map(|a| a.bbox.unwrap_or([a.lat, a.lon, a.lat, a.lon]))
                .collect(),
        ];
        GeoBounds::fit_tiers(&tiers)
    }

    /// The marker for `place`, if it is one.
    #[must_use]
    pub fn marker(&self, place: PlaceId) -> Option<&Marker> {
        self.markers.iter().find(|m| m.place == place)
    }
}

fn area_of(a: &Area) -> f64 {
    a.bbox
        .map_or(0.0, |b| (b[2] - b[0]).abs() * (b[3] - b[1]).abs())
}

fn is_movement(t: EventType) -> bool {
    matches!(
        t,
        EventType::Offensive | EventType::Capture | EventType::Retreat | EventType::Displacement
    )
}

/// The word right before `span`, lowercased.
fn word_before(text: &str, span: Span) -> String {
    let head = text.get(..span.start).unwrap_or("");
    let head = head.trim_end();
    let head = head.strip_suffix("the").map_or(head, str::trim_end);
    head.rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("")
        .to_lowercase()
}

fn arrows(a: &Analysis) -> Vec<Arrow> {
    let text = &a.doc.text;
    let mut out = Vec::new();
    for ev in &a.events {
        if !is_movement(ev.kind) || matches!(ev.status, Status::Negated) {
            continue;
        }
        let in_sentence = |s: Span| {
            a.places
                .mentions
                .iter()
                .filter(move |m| s.contains(m.span) && m.place.is_some() && !m.adjectival)
        };
        let mut from = None;
        let mut to = None;
        for m in in_sentence(ev.sentence) {
            match word_before(text, m.span).as_str() {
                "from" if from.is_none() => from = m.place,
                "to" | "towards" | "toward" | "into" if to.is_none() => to = m.place,
                _ => {}
            }
        }
        if to.is_none() {
            to = ev
                .place
                .and_then(|p| a.places.mentions.get(p))
                .and_then(|m| m.place);
        }
        if from.is_none() {
            let prev = a
                .doc
                .sentence_of(ev.sentence.start)
                .and_then(|i| i.checked_sub(1))
                .and_then(|i| a.doc.sentences.get(i));
            if let Some(&prev) = prev {
                from = in_sentence(prev)
                    .find(|m| word_before(text, m.span) == "from")
                    .and_then(|m| m.place);
            }
        }
        if let (Some(from), Some(to)) = (from, to)
            && from != to
        {
            out.push(Arrow {
                event: ev.id,
                from,
                to,
                kind: ev.kind,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::DateHint;

    /// The fitted box as `[south, west, north, east]`.
    fn corners(m: &MapModel) -> Option<[f64; 4]> {
        m.bounds().map(|g| [g.south, g.west, g.north, g.east])
    }

    #[test]
    fn sample_has_markers_for_its_towns() {
        let gaz = Gazetteer::bundled().expect("bundled gazetteer");
        let text = include_str!("../../assets/sample-dispatch.txt").to_owned();
        let a = Analysis::run("sample", text, DateHint::Detect, None, &gaz);
        let m = MapModel::build(&a, &gaz);
        let names: Vec<&str> = m.markers.iter().map(|m| m.name.as_str()).collect();
        assert!(
            names
                .iter()
                .any(|n| n.contains("Mayādīn") || n.contains("Mayadin")),
            "{names:?}"
        );
        assert!(m.areas.iter().any(|a| a.kind == PlaceKind::Country));
        assert!(m.bounds().is_some());
    }

    fn marker(name: &str, lat: f64, lon: f64, events: usize, figurative: bool) -> Marker {
        Marker {
            place: PlaceId(0),
            name: name.into(),
            lat,
            lon,
            kind: PlaceKind::Populated,
            country: String::new(),
            country_code: String::new(),
            population: 0,
            mentions: 1,
            event_type: None,
            events,
            low_confidence: false,
            figurative,
            first_sentence: String::new(),
        }
    }

    #[test]
    fn the_fit_holds_the_places_events_happen_at() {
        let model = |markers| MapModel {
            markers,
            ..MapModel::default()
        };
        // Two towns with events; a capital only quoted ("Washington said") and one only
        // named do not stretch the box.
        let m = model(vec![
            marker("Raqqa", 35.95, 39.0, 2, false),
            marker("Palmyra", 34.55, 38.27, 3, false),
            marker("Washington", 38.9, -77.0, 0, true),
            marker("Beirut", 33.9, 35.5, 0, false),
        ]);
        assert_eq!(corners(&m), Some([34.55, 38.27, 35.95, 39.0]));
        // One town with an event is not enough: every place named literally.
        let m = model(vec![
            marker("Palmyra", 34.55, 38.27, 3, false),
            marker("Beirut", 33.9, 35.5, 0, false),
            marker("Washington", 38.9, -77.0, 0, true),
        ]);
        assert_eq!(corners(&m), Some([33.9, 35.5, 34.55, 38.27]));
        // Only figurative mentions: they are all there is.
        let m = model(vec![marker("Washington", 38.9, -77.0, 0, true)]);
        assert_eq!(corners(&m), Some([38.9, -77.0, 38.9, -77.0]));
        // A province with events joins the towns by its box; a country does not.
        let mut m = model(vec![marker("Kabul", 34.5, 69.2, 1, false)]);
        m.areas = vec![
            Area {
                place: PlaceId(1),
                name: "Helmand".into(),
                kind: PlaceKind::Admin1,
                bbox: Some([29.9, 61.5, 32.5, 65.0]),
                lat: 31.0,
                lon: 64.0,
                mentions: 1,
                figurative: false,
                low_confidence: false,
                event_type: Some(EventType::Airstrike),
            },
            Area {
                place: PlaceId(2),
                name: "Afghanistan".into(),
                kind: PlaceKind::Country,
                bbox: Some([29.4, 60.5, 38.5, 74.9]),
                lat: 33.0,
                lon: 65.0,
                mentions: 3,
                figurative: false,
                low_confidence: false,
                event_type: Some(EventType::Airstrike),
            },
        ];
        assert_eq!(corners(&m), Some([29.9, 61.5, 34.5, 69.2]));
        // Nothing but a country: its box.
        m.markers.clear();
        m.areas.remove(0);
        assert_eq!(corners(&m), Some([29.4, 60.5, 38.5, 74.9]));
    }

    #[test]
    fn arrow_from_to() {
        let gaz = Gazetteer::bundled().expect("bundled gazetteer");
        let text = "DAMASCUS, Oct. 12 2017 - Government forces launched an offensive from Homs to Palmyra on Monday.".to_owned();
        let a = Analysis::run("t", text, DateHint::Detect, None, &gaz);
        let m = MapModel::build(&a, &gaz);
        let names = |id| gaz.get(id).map(|p| p.name.to_owned()).unwrap_or_default();
        let arrows: Vec<(String, String)> = m
            .arrows
            .iter()
            .map(|a| (names(a.from), names(a.to)))
            .collect();
        assert!(
            arrows
                .iter()
                .any(|(f, t)| f == "Homs" && (t == "Tadmur" || t.contains("Palmyra"))),
            "{arrows:?}"
        );
    }
}
