//! Present mode's story: the events of the shown dispatches as slides, in the timeline's
//! order (by date, then text order; undated events last), each with its caption (the
//! sentence split around the trigger), date, type, place, actors and dispatch; stepping
//! ([`Go`], [`go`]), the "5 of 23" counter, and the box the map flies to for a slide.
//!
//! Must not: import egui, read the clock, or hold state between frames (the app keeps
//! which slide is shown).

use chrono::NaiveDate;

use crate::analysis::Analysis;
use crate::events::{EventType, Status};
use crate::gazetteer::{Gazetteer, PlaceId, PlaceKind};
use crate::map::GeoBounds;
use crate::map::LatLon;

/// One dispatch whose events go into the story.
#[derive(Clone, Copy)]
pub struct Part<'a> {
    /// The dispatch's id in the app (0 outside it).
    pub dispatch: u64,
    pub name: &'a str,
    pub analysis: &'a Analysis,
}

/// Where a slide's event happened.
#[derive(Clone, Debug, PartialEq)]
pub struct SlidePlace {
    pub id: PlaceId,
    pub name: String,
    pub kind: PlaceKind,
    /// The country's name ("Syria"), when the place lies in one and is not it.
    pub country: Option<String>,
    pub lat: f64,
    pub lon: f64,
    /// The extent of a country or region: `[south, west, north, east]`.
    pub bbox: Option<[f64; 4]>,
}

impl SlidePlace {
    /// "Raqqa, Syria", or the name alone.
    #[must_use]
    pub fn label(&self) -> String {
        match &self.country {
            Some(c) => format!("{}, {c}", self.name),
            None => self.name.clone(),
        }
    }
}

/// One event, as present mode and the story page show it.
#[derive(Clone, Debug, PartialEq)]
pub struct Slide {
    pub dispatch: u64,
    /// The dispatch's name.
    pub source: String,
    /// The event's index in its dispatch's analysis.
    pub event: usize,
    pub kind: EventType,
    pub status: Status,
    pub begin: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    /// The caption: the sentence before the trigger, the trigger, and after it (whitespace
    /// collapsed; a very long sentence is cut around the trigger, with "…").
    pub before: String,
    pub trigger: String,
    pub after: String,
    pub place: Option<SlidePlace>,
    /// Actors as written, agent first.
    pub actors: Vec<String>,
    pub fatalities: Option<u32>,
}

/// How long play stays on a slide by default, in seconds (after the map has arrived).
pub const DEFAULT_PAUSE: f32 = 4.0;
/// The longest pause play can be set to.
pub const MAX_PAUSE: f32 = 60.0;

/// How much of a sentence a caption keeps on each side of the trigger, in characters.
pub const CAPTION_CONTEXT: usize = 220;

impl Slide {
    /// The whole caption as one line.
    #[must_use]
    pub fn caption(&self) -> String {
        format!("{}{}{}", self.before, self.trigger, self.after)
    }

    /// "12 Oct 2017", "1 – 3 Jun 2017", or "undated".
    #[must_use]
    pub fn date_label(&self) -> String {
        date_range(self.begin, self.end)
    }

    /// The type's label with the event's status when it did not (simply) happen:
    /// "Airstrike", "Ceasefire (planned)".
    #[must_use]
    pub fn type_label(&self) -> String {
        match self.status {
            Status::Happened => self.kind.label().to_owned(),
            s => format!("{} ({})", self.kind.label(), s.id()),
        }
    }
}

/// "12 Oct 2017", "3 – 5 Oct 2017", "30 Sep – 2 Oct 2017", or "undated".
#[must_use]
pub fn date_range(begin: Option<NaiveDate>, end: Option<NaiveDate>) -> String {
    use chrono::Datelike;
    let Some(b) = begin else {
        return "undated".to_owned();
    };
    let full = |d: NaiveDate| d.format("%-d %b %Y").to_string();
    match end.filter(|&e| e > b) {
        None => full(b),
        Some(e) if e.year() == b.year() && e.month() == b.month() => {
            format!("{} – {}", b.day(), full(e))
        }
        Some(e) if e.year() == b.year() => {
            format!("{} – {}", b.format("%-d %b"), full(e))
        }
        Some(e) => format!("{} – {}", full(b), full(e)),
    }
}

/// Every event of some dispatches, in the order they are told.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Story {
    pub slides: Vec<Slide>,
    /// The dispatches' names, in the order given.
    pub sources: Vec<String>,
    /// How many slides at the end are undated.
    pub undated: usize,
}

/// A step through the slides.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Go {
    Next,
    Back,
    First,
    Last,
    /// The slide at this index (clamped to the last).
    To(usize),
}

/// The slide `go` leads to from `index` among `len` slides (the ends stay; no wrapping, so
/// a clicker pressed once too often does not jump back to the start).
#[must_use]
pub fn go(index: usize, len: usize, go: Go) -> usize {
    let last = len.saturating_sub(1);
    match go {
        Go::Next => (index + 1).min(last),
        Go::Back => index.saturating_sub(1).min(last),
        Go::First => 0,
        Go::Last => last,
        Go::To(i) => i.min(last),
    }
}

/// Collapses runs of whitespace to one space, keeping one at either end if there was one.
fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    if space {
        out.push(' ');
    }
    out
}

/// The last `n` characters of `s`, with "…" in front when cut.
fn tail(s: &str, n: usize) -> String {
    let count = s.chars().count();
    if count <= n {
        return s.to_owned();
    }
    let skip = s.char_indices().nth(count - n).map_or(0, |(i, _)| i);
    format!("…{}", &s[skip..])
}

/// The first `n` characters of `s`, with "…" after when cut.
fn head(s: &str, n: usize) -> String {
    match s.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}

fn slide_place(a: &Analysis, gaz: &Gazetteer, e: &crate::events::Event) -> Option<SlidePlace> {
    let id = e.place.and_then(|p| a.places.mentions.get(p))?.place?;
    let p = gaz.get(id)?;
    let (lat, lon) = crate::places::map_point(&p);
    let country = match p.kind {
        PlaceKind::Country => None,
        _ => p
            .country
            .and_then(|c| gaz.country(c))
            .map(|c| c.name.to_owned()),
    };
    Some(SlidePlace {
        id,
        name: p.name.to_owned(),
        kind: p.kind,
        country,
        lat,
        lon,
        bbox: p.bbox.map(|b| [b.min_lat, b.min_lon, b.max_lat, b.max_lon]),
    })
}

impl Story {
    /// The slides of `parts`' events: by begin date, undated last; on the same day the
    /// dispatch given first, then text order.
    #[must_use]
    pub fn build(parts: &[Part<'_>], gaz: &Gazetteer) -> Story {
        let mut order: Vec<(usize, usize)> = parts
            .iter()
            .enumerate()
            .flat_map(|(p, part)| (0..part.analysis.events.len()).map(move |e| (p, e)))
            .collect();
        order.sort_by_key(|&(p, e)| {
            let ev = &parts[p].analysis.events[e];
            (ev.begin.is_none(), ev.begin, p, ev.trigger)
        });
        let slides: Vec<Slide> = order
            .into_iter()
            .map(|(p, i)| {
                let part = &parts[p];
                let a = part.analysis;
                let e = &a.events[i];
                let text = a.doc.text.as_str();
                let (s, t) = (e.sentence, e.trigger);
                let ok = s.start <= t.start && t.end <= s.end && s.end <= text.len();
                let (before, trigger, after) = if ok {
                    (
                        &text[s.start..t.start],
                        &text[t.start..t.end],
                        &text[t.end..s.end],
                    )
                } else {
                    ("", text.get(t.start..t.end).unwrap_or(""), "")
                };
                let before = collapse(before);
                let after = collapse(after);
                Slide {
                    dispatch: part.dispatch,
                    source: part.name.to_owned(),
                    event: e.id,
                    kind: e.kind,
                    status: e.status,
                    begin: e.begin,
                    end: e.end.or(e.begin),
                    before: tail(before.trim_start(), CAPTION_CONTEXT),
                    trigger: head(&collapse(trigger), CAPTION_CONTEXT),
                    after: head(after.trim_end(), CAPTION_CONTEXT),
                    place: slide_place(a, gaz, e),
                    actors: e.actors.iter().map(|x| collapse(&x.text)).collect(),
                    fatalities: e.fatalities,
                }
            })
            .collect();
        let undated = slides.iter().filter(|s| s.begin.is_none()).count();
        Story {
            slides,
            sources: parts.iter().map(|p| p.name.to_owned()).collect(),
            undated,
        }
    }

    #[must_use]
    pub fn len(&self) -> usize {
        self.slides.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.slides.is_empty()
    }

    /// "5 of 23" for the slide at `index`.
    #[must_use]
    pub fn counter(&self, index: usize) -> String {
        if self.slides.is_empty() {
            return "no events".to_owned();
        }
        format!("{} of {}", index.min(self.len() - 1) + 1, self.len())
    }

    /// What the story does with undated events, for the screen: "the last 3 events are
    /// undated", or nothing when every event has a date.
    #[must_use]
    pub fn undated_note(&self) -> Option<String> {
        match self.undated {
            0 => None,
            n if n == self.len() => Some("no event has a date: text order".to_owned()),
            1 => Some("the last event is undated".to_owned()),
            n => Some(format!("the last {n} events are undated")),
        }
    }

    /// Several dispatches are told together (captions then name theirs).
    #[must_use]
    pub fn interleaved(&self) -> bool {
        self.sources.len() > 1
    }

    /// The place of the slide before `index`, when the story moves from it (the map keeps
    /// it faintly, with an arrow to this slide's place).
    #[must_use]
    pub fn came_from(&self, index: usize) -> Option<&SlidePlace> {
        let here = self.slides.get(index)?.place.as_ref()?;
        let before = self.slides.get(index.checked_sub(1)?)?.place.as_ref()?;
        (before.id != here.id).then_some(before)
    }

    /// The first and last day (days since 0001-01-01) of the dated slides, and the day after.
    #[must_use]
    pub fn extent(&self) -> Option<(f64, f64)> {
        let days = self
            .slides
            .iter()
            .filter_map(|s| s.begin.map(|b| (b, s.end.unwrap_or(b).max(b))));
        let mut out: Option<(f64, f64)> = None;
        for (b, e) in days {
            let (b, e) = (super::timeline::day(b), super::timeline::day(e) + 1.0);
            out = Some(out.map_or((b, e), |(lo, hi)| (lo.min(b), hi.max(e))));
        }
        out
    }

    /// What the map shows for the slide at `index`: its place with its surroundings (a
    /// town's some 150 km around, a region or country whole), and the place the story
    /// came from when it is near enough to show both (within some 1,200 km). `None` for an
    /// event without a place: the map stays where it is.
    #[must_use]
    pub fn target(&self, index: usize) -> Option<GeoBounds> {
        let p = self.slides.get(index)?.place.as_ref()?;
        let mut pts = vec![LatLon::new(p.lat, p.lon)];
        if let Some([s, w, n, e]) = p.bbox
            && p.kind != PlaceKind::Populated
            && w <= e
        {
            pts.push(LatLon::new(s, w));
            pts.push(LatLon::new(n, e));
        } else {
            // Some 1.3° each way: a town with the towns around it.
            const AROUND: f64 = 1.3;
            pts.push(LatLon::new(p.lat - AROUND, p.lon - AROUND));
            pts.push(LatLon::new(p.lat + AROUND, p.lon + AROUND));
        }
        if let Some(from) = self.came_from(index)
            && (from.lat - p.lat).abs() < 11.0
            && (from.lon - p.lon).abs() < 14.0
        {
            pts.push(LatLon::new(from.lat, from.lon));
        }
        GeoBounds::from_points(pts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_stays_at_the_ends() {
        assert_eq!(go(0, 5, Go::Next), 1);
        assert_eq!(go(4, 5, Go::Next), 4);
        assert_eq!(go(0, 5, Go::Back), 0);
        assert_eq!(go(3, 5, Go::Back), 2);
        assert_eq!(go(3, 5, Go::First), 0);
        assert_eq!(go(1, 5, Go::Last), 4);
        assert_eq!(go(1, 5, Go::To(9)), 4);
        assert_eq!(go(0, 0, Go::Next), 0);
        assert_eq!(go(0, 0, Go::Last), 0);
    }

    #[test]
    fn captions_collapse_whitespace_and_cut_long_sentences() {
        assert_eq!(collapse("a \n\t b  "), "a b ");
        assert_eq!(collapse("  a"), " a");
        assert_eq!(tail("abcdef", 3), "…def");
        assert_eq!(tail("abc", 3), "abc");
        assert_eq!(head("abcdef", 2), "ab…");
        assert_eq!(head("ab", 2), "ab");
        assert_eq!(head("éèà", 1), "é…");
    }

    #[test]
    fn date_ranges_say_the_shared_month_and_year_once() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day);
        assert_eq!(date_range(d(2017, 10, 12), d(2017, 10, 12)), "12 Oct 2017");
        assert_eq!(date_range(d(2017, 10, 3), d(2017, 10, 5)), "3 – 5 Oct 2017");
        assert_eq!(
            date_range(d(2017, 9, 30), d(2017, 10, 2)),
            "30 Sep – 2 Oct 2017"
        );
        assert_eq!(
            date_range(d(2016, 12, 30), d(2017, 1, 2)),
            "30 Dec 2016 – 2 Jan 2017"
        );
        assert_eq!(date_range(None, None), "undated");
    }
}
