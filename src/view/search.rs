//! Search across the open dispatches: the places, events and time expressions whose
//! words match a query, grouped by dispatch (the active one first), each with the
//! snippet of its sentence it stands in.

use crate::analysis::Analysis;
use crate::gazetteer::{Gazetteer, PlaceId};
use crate::span::Span;

use super::Item;

/// How many hits a search keeps (the rest are counted, not listed).
pub const MAX_HITS: usize = 60;

/// How many characters of context a snippet keeps on each side of its hit.
const CONTEXT_CHARS: usize = 48;

/// One dispatch to search.
pub struct Searchable<'a> {
    pub id: u64,
    pub name: &'a str,
    pub analysis: &'a Analysis,
}

/// What a hit is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HitKind {
    Place,
    Event,
    Time,
}

/// One result.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    /// The dispatch it is in, and the item to select there.
    pub dispatch: u64,
    pub item: Item,
    pub kind: HitKind,
    /// "Raqqa, Syria", "Palmyra — Tadmur, Syria" (as written, then as the gazetteer
    /// names it), "Capture · “recaptured”", "last September · 2015-09".
    pub label: String,
    /// Its sentence around it, with "…" where it is cut.
    pub snippet: String,
}

/// A search's results.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Results {
    /// The query as searched (trimmed).
    pub query: String,
    /// The hits kept, dispatch by dispatch, in text order within each.
    pub hits: Vec<Hit>,
    /// Each dispatch with hits: its id, name and how many hits it has (kept or not).
    pub dispatches: Vec<(u64, String, usize)>,
    /// Hits beyond [`MAX_HITS`], counted only.
    pub more: usize,
}

impl Results {
    /// The hits of one dispatch.
    pub fn of(&self, dispatch: u64) -> impl Iterator<Item = &Hit> {
        self.hits.iter().filter(move |h| h.dispatch == dispatch)
    }
}

/// Lower case, accents and apostrophes' forms folded, for matching ("Ḥomṣ" ~ "homs").
fn fold(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| if c == '’' { '\'' } else { c })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Searches `dispatches` (in the order given: put the active one first) for `query`: a hit
/// has every word of the query in its text or its name (places), its type, trigger,
/// actors or place (events), or its text or value (times).
#[must_use]
pub fn search(query: &str, dispatches: &[Searchable<'_>], gaz: &Gazetteer) -> Results {
    let query = query.trim().to_owned();
    let words: Vec<String> = fold(&query).split_whitespace().map(str::to_owned).collect();
    let mut out = Results {
        query,
        ..Results::default()
    };
    if words.is_empty() {
        return out;
    }
    let matches = |hay: &str| words.iter().all(|w| hay.contains(w.as_str()));
    for d in dispatches {
        let a = d.analysis;
        let text = a.doc.text.as_str();
        let mut found: Vec<(Span, Hit)> = Vec::new();
        let mut places: Vec<PlaceId> = Vec::new();
        for (i, m) in a.places.mentions.iter().enumerate() {
            let entry = m.place.and_then(|id| gaz.get(id));
            let name = entry.map_or("", |p| p.name);
            let country = entry
                .filter(|p| p.kind != crate::gazetteer::PlaceKind::Country)
                .and_then(|p| p.country)
                .and_then(|c| gaz.country(c))
                .map_or("", |c| c.name);
            let hay = fold(&format!("{} {name} {country}", &text[m.span]));
            if !matches(&hay) {
                continue;
            }
            // A resolved place once (all its mentions); an unresolved mention by itself.
            let item = match m.place {
                Some(id) if places.contains(&id) => continue,
                Some(id) => {
                    places.push(id);
                    Item::place(id)
                }
                None => Item::Mention(i),
            };
            // As written, then as the gazetteer names it when that differs ("Palmyra —
            // Tadmur, Syria").
            let written = text[m.span]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            let label = match entry {
                Some(p) => {
                    let named = if country.is_empty() {
                        p.name.to_owned()
                    } else {
                        format!("{}, {country}", p.name)
                    };
                    if fold(&written) == fold(p.name) {
                        named
                    } else {
                        format!("{written} — {named}")
                    }
                }
                None => format!("{written} (not on the map)"),
            };
            found.push((
                m.span,
                hit(d.id, item, HitKind::Place, label, text, m.span, a),
            ));
        }
        for e in &a.events {
            let actors: Vec<&str> = e.actors.iter().map(|x| x.text.as_str()).collect();
            // Its place as written and as the gazetteer names it: "palmyra" finds what
            // happened there.
            let place =
                e.place
                    .and_then(|i| a.places.mentions.get(i))
                    .map_or_else(String::new, |m| {
                        let named = m.place.and_then(|id| gaz.get(id)).map_or("", |p| p.name);
                        format!("{} {named}", &text[m.span])
                    });
            let hay = fold(&format!(
                "{} {} {} {} {place}",
                e.kind.label(),
                e.kind.id().replace('_', " "),
                &text[e.trigger],
                actors.join(" ")
            ));
            if !matches(&hay) {
                continue;
            }
            let label = format!("{} · “{}”", e.kind.label(), &text[e.trigger]);
            let h = hit(
                d.id,
                Item::Event(e.id),
                HitKind::Event,
                label,
                text,
                e.trigger,
                a,
            );
            found.push((e.trigger, h));
        }
        for (i, t) in a.times.iter().enumerate() {
            let hay = fold(&format!("{} {}", &text[t.span], t.value));
            if !matches(&hay) {
                continue;
            }
            let label = format!("{} · {}", &text[t.span], t.value);
            found.push((
                t.span,
                hit(d.id, Item::Time(i), HitKind::Time, label, text, t.span, a),
            ));
        }
        if found.is_empty() {
            continue;
        }
        found.sort_by_key(|(span, _)| (span.start, span.end));
        out.dispatches.push((d.id, d.name.to_owned(), found.len()));
        let room = MAX_HITS.saturating_sub(out.hits.len());
        out.more += found.len().saturating_sub(room);
        out.hits
            .extend(found.into_iter().take(room).map(|(_, h)| h));
    }
    out
}

fn hit(
    dispatch: u64,
    item: Item,
    kind: HitKind,
    label: String,
    text: &str,
    span: Span,
    a: &Analysis,
) -> Hit {
    let sentence = a
        .doc
        .sentence_of(span.start)
        .and_then(|s| a.doc.sentences.get(s).copied())
        .unwrap_or(span);
    Hit {
        dispatch,
        item,
        kind,
        label,
        snippet: snippet(text, sentence, span),
    }
}

/// The sentence around `span`, cut to [`CONTEXT_CHARS`] characters on each side (at
/// character boundaries), with "…" where it is cut, on one line.
fn snippet(text: &str, sentence: Span, span: Span) -> String {
    let start = sentence.start.min(span.start);
    let end = sentence.end.max(span.end).min(text.len());
    let before = &text[start..span.start];
    let after = &text[span.end..end];
    let cut_before = before.chars().count() > CONTEXT_CHARS;
    let cut_after = after.chars().count() > CONTEXT_CHARS;
    let before: String = {
        let mut rev: Vec<char> = before.chars().rev().take(CONTEXT_CHARS).collect();
        rev.reverse();
        rev.into_iter().collect()
    };
    let after: String = after.chars().take(CONTEXT_CHARS).collect();
    let joined = format!(
        "{}{before}{}{after}{}",
        if cut_before { "…" } else { "" },
        &text[span.start..span.end],
        if cut_after { "…" } else { "" }
    );
    joined.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::DateHint;

    fn analyse(text: &str) -> Analysis {
        let gaz = Gazetteer::bundled().expect("bundled gazetteer");
        let date = chrono::NaiveDate::from_ymd_opt(2016, 3, 24).unwrap();
        Analysis::run("t", text.to_owned(), DateHint::User(date), None, &gaz)
    }

    #[test]
    fn folds_case_and_accents() {
        assert_eq!(fold("Ḥomṣ’s"), "homs's");
    }

    #[test]
    fn a_snippet_is_cut_at_characters_with_ellipses() {
        let text = "ééééé ".repeat(20) + "Raqqa" + &" ü".repeat(40);
        let at = text.find("Raqqa").unwrap();
        let s = snippet(&text, Span::new(0, text.len()), Span::new(at, at + 5));
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert!(s.contains("Raqqa"));
        assert!(s.chars().count() <= 2 * CONTEXT_CHARS + 7, "{s}");
    }

    #[test]
    fn finds_places_events_and_times_in_every_dispatch_active_first() {
        let gaz = Gazetteer::bundled().expect("bundled gazetteer");
        let a = analyse("Syrian troops recaptured Palmyra on Sunday. Talks resumed in Geneva.");
        let b = analyse("Aid reached Palmyra last week.");
        let both = [
            Searchable {
                id: 7,
                name: "b.txt",
                analysis: &b,
            },
            Searchable {
                id: 3,
                name: "a.txt",
                analysis: &a,
            },
        ];
        let r = search("  palmyra ", &both, &gaz);
        assert_eq!(r.query, "palmyra");
        // Each dispatch: the place, then what happened there (the aid, the capture).
        assert_eq!(
            r.dispatches,
            [(7, "b.txt".to_owned(), 2), (3, "a.txt".to_owned(), 2)],
            "{r:#?}"
        );
        let kinds: Vec<HitKind> = r.hits.iter().map(|h| h.kind).collect();
        assert_eq!(
            kinds,
            [
                HitKind::Event,
                HitKind::Place,
                HitKind::Event,
                HitKind::Place
            ]
        );
        assert_eq!(r.hits[1].label, "Palmyra — Tadmur, Syria");
        assert_eq!(r.hits[1].snippet, "Aid reached Palmyra last week.");
        // Two words must both be there: the talks at Geneva, not the place alone.
        let r = search("talks geneva", &both, &gaz);
        assert_eq!(r.hits.len(), 1, "{r:#?}");
        assert_eq!(r.hits[0].kind, HitKind::Event);
        assert_eq!(r.hits[0].dispatch, 3);
        // A time by its words or its value.
        let r = search("sunday", &both, &gaz);
        assert!(r.hits.iter().any(|h| h.kind == HitKind::Time), "{r:#?}");
        assert!(search("nowhere at all", &both, &gaz).hits.is_empty());
        assert!(search("   ", &both, &gaz).dispatches.is_empty());
    }

    #[test]
    fn keeps_at_most_max_hits_and_counts_the_rest() {
        let gaz = Gazetteer::bundled().expect("bundled gazetteer");
        let text = "Fighting raged on Monday. ".repeat(MAX_HITS + 5);
        let a = analyse(&text);
        let r = search(
            "monday",
            &[Searchable {
                id: 1,
                name: "x",
                analysis: &a,
            }],
            &gaz,
        );
        let times = a.times.len();
        assert_eq!(times, MAX_HITS + 5, "one time a sentence");
        assert_eq!(r.hits.len(), MAX_HITS);
        assert_eq!(r.more, 5);
        assert_eq!(r.dispatches, [(1, "x".to_owned(), MAX_HITS + 5)]);
    }
}
