//! Resolving the phrases [`super::detect`] found: a [`Resolver`] reads the
//! sentence around each one and keeps, scores and flags it, in parts:
//!
//! - [`filter`]: whether a phrase is a place at all (not a person, an
//!   organisation, a common word);
//! - [`fuzzy`]: misspelt names of places the text names elsewhere;
//! - [`qualifiers`]: what the sentence says about where a place is ("Paris,
//!   Texas", "Kingston, Luzerne County, Pennsylvania", "the Shaab district of
//!   Baghdad", "Douma, a suburb of Damascus");
//! - [`score`]: each candidate's score, a sum of named terms, and the
//!   context (countries, admin-1 regions, nearby places) it reads;
//! - [`metonymy`]: a country or capital standing for its government, and
//!   abbreviated countries as noun modifiers;
//! - [`streets`]: street names, placed in the town the text names;
//! - [`evidence`]: what the confidence model weighs.
//!
//! Must not: read the clock, do I/O, or count a mention as evidence for its
//! own candidates.

mod evidence;
mod filter;
mod fuzzy;
mod metonymy;
mod qualifiers;
mod score;
mod streets;

use std::collections::{HashMap, HashSet};

use crate::gazetteer::{Candidate, Gazetteer, MatchKind, Place, PlaceKind};
use crate::lang::Annotation;
use crate::span::Span;
use crate::text::Document;

use super::detect::{self, Unit};
use super::{Alternative, Focus, PlaceAnalysis, PlaceMention, confidence};
use evidence::Seen;
use qualifiers::{Hint, Qual};
use score::{Ctx, Scorer, Why, distinct};

/// Tuning of [`super::find_places_with`].
#[derive(Clone, Debug, PartialEq)]
pub struct PlaceOptions {
    /// Match misspelled names ("Palmrya") when the context supports a candidate.
    pub fuzzy: bool,
    /// Candidates within this many km of a confidently resolved place get a bonus.
    pub context_km: f64,
    /// Candidates kept per mention in [`PlaceMention::alternatives`].
    pub max_alternatives: usize,
    /// Candidates weighed per mention (the likeliest by prior).
    pub max_candidates: usize,
    /// A mention whose [`PlaceMention::confidence`] is below this is not
    /// reported, unless it is an adjective, a dateline or an analyst's
    /// overlay place. 0 keeps everything (the confidence fit needs that).
    pub min_confidence: f32,
}

impl Default for PlaceOptions {
    fn default() -> Self {
        Self {
            fuzzy: true,
            context_km: 500.0,
            max_alternatives: 5,
            max_candidates: 12,
            min_confidence: MIN_CONFIDENCE,
        }
    }
}

/// Below this probability a mention is more likely not the place (or not a
/// place at all) than not: on development news nine in ten of them are
/// wrong (`benches/tools/fit_confidence.rs` prints the table).
pub const MIN_CONFIDENCE: f32 = 0.2;

/// A mention being resolved.
#[derive(Clone)]
struct Mention {
    span: Span,
    a: usize,
    b: usize,
    key: usize,
    adjectival: bool,
    metonymy: bool,
    fuzzy: bool,
    dateline: bool,
    hint: Hint,
    /// Final scores, parallel to the key's candidates.
    scores: Vec<f32>,
    chosen: Option<usize>,
    confident: bool,
    /// The reading was taken from a qualified mention of the same name.
    inherited: bool,
    /// A US state written as its postal code after a town ("Austin, TX").
    postal: bool,
    /// The other mentions of the list it is in ("Texas, Georgia and
    /// Florida"), by index.
    siblings: Vec<usize>,
}

fn cc(p: &Place<'_>) -> Option<[u8; 2]> {
    let b = p.country?.as_bytes();
    (b.len() == 2).then(|| [b[0], b[1]])
}

/// The names looked up so far, each with its candidates (the likeliest
/// [`PlaceOptions::max_candidates`] by prior).
struct Keys<'g> {
    list: Vec<(String, Vec<Candidate<'g>>)>,
    index: HashMap<String, usize>,
    max: usize,
}

impl<'g> Keys<'g> {
    fn new(max: usize) -> Self {
        Self {
            list: Vec::new(),
            index: HashMap::new(),
            max,
        }
    }

    /// The index of `key`, looking its candidates up the first time.
    fn intern(&mut self, gaz: &'g Gazetteer, key: &str) -> usize {
        if let Some(&i) = self.index.get(key) {
            return i;
        }
        let mut c = gaz.lookup_key(key);
        // A two- or three-letter alternate name ("Sam") is a nickname, not a
        // reading of the text; abbreviations ("UK") match as such.
        if key.len() <= 3 {
            c.retain(|c| c.matched != MatchKind::Alternate);
        }
        c.truncate(self.max);
        self.list.push((key.to_owned(), c));
        self.index.insert(key.to_owned(), self.list.len() - 1);
        self.list.len() - 1
    }

    /// The index of the US state `key` (a folded name) stands for as a postal code: only
    /// the state answers ("GA" is not the country Georgia, "TX" no town called Texas).
    fn intern_us_state(&mut self, gaz: &'g Gazetteer, key: &str) -> usize {
        let tag = format!("{key}\u{0}US state");
        if let Some(&i) = self.index.get(&tag) {
            return i;
        }
        let mut c = gaz.lookup_key(key);
        c.retain(|c| c.place.kind == PlaceKind::Admin1 && c.place.country == Some("US"));
        c.truncate(1);
        self.list.push((key.to_owned(), c));
        self.index.insert(tag, self.list.len() - 1);
        self.list.len() - 1
    }
}

/// One dispatch being resolved: what every part reads.
struct Resolver<'a, 'g> {
    doc: &'a Document,
    text: &'a str,
    ann: Option<&'a Annotation>,
    gaz: &'g Gazetteer,
    opt: &'a PlaceOptions,
    units: Vec<Unit>,
    /// Every word of the text as written, to ask "is this word also used
    /// in lower case here?" without a scan per question.
    words: HashSet<&'a str>,
    /// The street names ([`streets::find`]), in text order.
    streets: Vec<Span>,
}

pub(crate) fn run(
    doc: &Document,
    ann: Option<&Annotation>,
    gaz: &Gazetteer,
    opt: &PlaceOptions,
) -> PlaceAnalysis {
    Resolver::new(doc, ann, gaz, opt).run()
}

impl<'a, 'g> Resolver<'a, 'g> {
    fn new(
        doc: &'a Document,
        ann: Option<&'a Annotation>,
        gaz: &'g Gazetteer,
        opt: &'a PlaceOptions,
    ) -> Self {
        let text = doc.text.as_str();
        let mut units = Vec::with_capacity(doc.tokens.len() + 16);
        detect::units(doc, &mut units);
        let words = doc.tokens.iter().map(|t| t.text(text)).collect();
        let streets = streets::find(text, &units);
        Self {
            doc,
            text,
            ann,
            gaz,
            opt,
            units,
            words,
            streets,
        }
    }

    fn run(&self) -> PlaceAnalysis {
        let opt = self.opt;
        let mut raws = Vec::new();
        detect::phrases(self.text, &self.units, self.gaz, &mut raws);
        let mut keys = Keys::new(opt.max_candidates);
        let (mut ms, blocked) = self.filter(&raws, &mut keys);
        if opt.fuzzy {
            self.fuzzy(&raws, &blocked, &mut ms, &mut keys);
        }
        ms.sort_by_key(|m| m.span.start);
        let keys = keys.list;

        // Hints and qualifiers.
        for m in &mut ms {
            m.hint = qualifiers::hint(self.text, &self.units, m);
        }
        let quals = qualifiers::by_mention(self.text, &ms);
        qualifiers::siblings(self.text, &mut ms);

        let ctx = score::choose(&mut ms, &keys, &quals, opt);
        self.modifiers(&mut ms);
        self.metonymy(&mut ms, &keys);
        score::one_reading(&mut ms, &keys, &quals, &ctx, opt);
        self.output(&ms, &keys, &quals, &ctx)
    }

    /// The mentions as the library reports them, with what the dispatch is
    /// mostly about.
    fn output(
        &self,
        ms: &[Mention],
        keys: &[(String, Vec<Candidate<'g>>)],
        quals: &[Vec<Qual>],
        ctx: &Ctx,
    ) -> PlaceAnalysis {
        let opt = self.opt;
        let scorer = Scorer::new(ms, keys, quals, Some(ctx), opt);
        // Output.
        let mut mentions = Vec::with_capacity(ms.len());
        let mut countries: HashMap<String, usize> = HashMap::new();
        let mut places: HashMap<crate::gazetteer::PlaceId, usize> = HashMap::new();
        for (i, m) in ms.iter().enumerate() {
            let cands = &keys[m.key].1;
            let mut order: Vec<usize> = (0..cands.len()).collect();
            order.sort_by(|&x, &y| m.scores[y].total_cmp(&m.scores[x]).then(x.cmp(&y)));
            let alternatives = order
                .iter()
                .take(opt.max_alternatives)
                .map(|&c| Alternative {
                    place: cands[c].place.id,
                    score: m.scores[c],
                })
                .collect();
            let (place, kind, evidence, reason, qualified_by) = match m.chosen {
                Some(c) => {
                    let p = cands[c].place;
                    // Only a candidate elsewhere is another reading: the canton
                    // of Geneva is no rival to Geneva, nor Taiz governorate to Taiz.
                    let rivals: Vec<usize> = order
                        .iter()
                        .copied()
                        .filter(|&o| o != c && distinct(&p, &cands[o].place))
                        .collect();
                    let mut why = Why::default();
                    scorer.score(i, c, Some(&mut why));
                    if m.inherited {
                        why.text.push_str(" + as qualified earlier in the text");
                        why.qualified = true;
                    }
                    let seen = Seen {
                        margin: rivals.first().map(|&o| m.scores[c] - m.scores[o]),
                        candidates: rivals.len() + 1,
                    };
                    let ev = self.evidence(m, &cands[c], &why, &seen);
                    (Some(p), Some(p.kind), ev, why.text, why.qualifiers)
                }
                None => (
                    None,
                    None,
                    confidence::Evidence::default(),
                    "no candidate".to_owned(),
                    Vec::new(),
                ),
            };
            let confidence = if place.is_some() {
                evidence.probability()
            } else {
                0.0
            };
            // Dropped: what is unlikely, that nothing else in the dispatch
            // supports (see `confidence::SUPPORT`) and that something speaks
            // against (`Evidence::against`: a lower-case use, a common word, a
            // small town's name the language layer reads as a person's or a
            // group's: "Taliban" as a town in Turkey, "James", "Trump" as a
            // misspelt Troup).
            let supported = evidence.supported() || !evidence.against();
            let kept = m.adjectival || m.dateline || supported || kind == Some(PlaceKind::User);
            if place.is_some() && !kept && confidence < opt.min_confidence {
                continue;
            }
            if let Some(p) = place {
                if let Some(pc) = p.country {
                    *countries.entry(pc.to_owned()).or_default() += 1;
                }
                *places.entry(p.id).or_default() += 1;
            }
            let place = place.map(|p| p.id);
            mentions.push(PlaceMention {
                span: m.span,
                place,
                kind,
                adjectival: m.adjectival,
                metonymy: m.metonymy,
                fuzzy: m.fuzzy,
                confidence,
                reason,
                qualified_by,
                alternatives,
                evidence: evidence.saved(),
            });
        }
        self.place_streets(&mut mentions);
        let mut countries: Vec<(String, usize)> = countries.into_iter().collect();
        countries.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut places: Vec<(crate::gazetteer::PlaceId, usize)> = places.into_iter().collect();
        places.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        PlaceAnalysis {
            mentions,
            focus: Focus { countries, places },
        }
    }
}

/// A street is placed only in a town resolved at least this likely: a
/// doubtful town would make a doubtful street.
const STREET_TOWN_MIN: f32 = 0.5;

impl Resolver<'_, '_> {
    /// A mention for each street name, in the town the text names nearest
    /// before it (else after it), with that mention's confidence; left out
    /// when the text names no town with [`STREET_TOWN_MIN`] confidence.
    fn place_streets(&self, mentions: &mut Vec<PlaceMention>) {
        if self.streets.is_empty() {
            return;
        }
        let towns: Vec<&PlaceMention> = mentions
            .iter()
            .filter(|m| {
                !m.adjectival
                    && !m.metonymy
                    && m.confidence >= STREET_TOWN_MIN
                    && matches!(m.kind, Some(PlaceKind::Populated | PlaceKind::User))
            })
            .collect();
        let mut streets = Vec::new();
        for &s in &self.streets {
            let at = towns.partition_point(|t| t.span.start < s.start);
            let (town, side) = match at.checked_sub(1) {
                Some(b) => (towns[b], "before"),
                None => match towns.get(at) {
                    Some(t) => (*t, "after"),
                    None => continue,
                },
            };
            let Some(name) = town.place.and_then(|id| self.gaz.get(id)).map(|p| p.name) else {
                continue;
            };
            streets.push(PlaceMention {
                span: s,
                reason: format!("a street in {name}, the town the text names nearest {side} it"),
                qualified_by: Vec::new(),
                alternatives: town.alternatives.iter().take(1).cloned().collect(),
                ..town.clone()
            });
        }
        mentions.extend(streets);
        mentions.sort_by_key(|m| m.span.start);
    }
}

/// The word unit right before unit `i` in the same sentence, separated by
/// whitespace only (not joined by a hyphen).
fn left_word(text: &str, units: &[Unit], i: usize) -> Option<usize> {
    let u = units.get(i)?;
    if i == 0 || u.hy_prev {
        return None;
    }
    let l = units[i - 1];
    let gap = &text[l.span.end..u.span.start];
    (l.word && l.sentence == u.sentence && !gap.is_empty() && gap.chars().all(char::is_whitespace))
        .then_some(i - 1)
}

/// The word unit right after unit `i` (same sentence, whitespace between).
fn right_word(text: &str, units: &[Unit], i: usize) -> Option<usize> {
    let u = units.get(i)?;
    let r = units.get(i + 1)?;
    if u.hy_next {
        return None;
    }
    let gap = &text[u.span.end..r.span.start];
    (r.word && r.sentence == u.sentence && !gap.is_empty() && gap.chars().all(char::is_whitespace))
        .then_some(i + 1)
}

/// What the parts' tests share: the bundled gazetteer, and the mentions of
/// a text as the resolver leaves them or as the library reports them.
#[cfg(test)]
mod testing {
    use super::*;
    use crate::places::find_places;

    pub fn gaz() -> Gazetteer {
        Gazetteer::bundled().expect("the bundled gazetteer loads")
    }

    /// A reported mention, by name.
    #[derive(Debug)]
    pub struct Found {
        pub surface: String,
        pub name: String,
        pub kind: PlaceKind,
        pub country: String,
        pub admin1: String,
        pub reason: String,
        pub metonymy: bool,
        pub fuzzy: bool,
    }

    /// The mentions `find_places` reports for `text`.
    pub fn places(text: &str) -> Vec<Found> {
        let gaz = gaz();
        let doc = Document::new(text.to_owned());
        find_places(&doc, &gaz)
            .mentions
            .iter()
            .map(|m| {
                let p = m.place.and_then(|id| gaz.get(id)).expect("resolved");
                Found {
                    surface: text[m.span.range()].to_owned(),
                    name: p.name.to_owned(),
                    kind: p.kind,
                    country: p.country.unwrap_or("").to_owned(),
                    admin1: p.admin1.unwrap_or("").to_owned(),
                    reason: m.reason.clone(),
                    metonymy: m.metonymy,
                    fuzzy: m.fuzzy,
                }
            })
            .collect()
    }

    /// The mentions of `text` after filtering (in text order, with their
    /// region hints), handed to `f` with the text.
    pub fn mentions<R>(text: &str, f: impl FnOnce(&str, &[Mention]) -> R) -> R {
        let gaz = gaz();
        let doc = Document::new(text.to_owned());
        let opt = PlaceOptions::default();
        let r = Resolver::new(&doc, None, &gaz, &opt);
        let mut raws = Vec::new();
        detect::phrases(r.text, &r.units, r.gaz, &mut raws);
        let mut keys = Keys::new(opt.max_candidates);
        let (mut ms, _) = r.filter(&raws, &mut keys);
        ms.sort_by_key(|m| m.span.start);
        for m in &mut ms {
            m.hint = qualifiers::hint(r.text, &r.units, m);
        }
        f(r.text, &ms)
    }
}
