//! Filtering the phrases [`super::detect`] found, and resolving the rest with
//! a score made of named terms.

use crate::lang::{Annotation, NameClass};
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use crate::gazetteer::{
    Candidate, Gazetteer, MatchKind, Place, PlaceKind, fold::strip_arabic_article, fold_into,
};
use crate::span::Span;
use crate::text::Document;

use super::detect::{self, Raw, Unit};
use super::{Alternative, Focus, PlaceAnalysis, PlaceMention, confidence, lexicon};

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

/// Bonus weights of the score's terms.
const W_COMMA: f32 = 6.0;
/// A qualifier further up a chain ("Kingston, Luzerne County, Pennsylvania").
const W_CHAIN: f32 = 4.0;
const W_IN: f32 = 4.0;
const W_POSSESSIVE: f32 = 4.0;
const W_ADMIN_HINT: f32 = 4.0;
const W_COUNTRY_HINT: f32 = 4.0;
const W_ADMIN_CTX: f32 = 1.5;
const W_NEAR: f32 = 1.5;
const W_COUNTRY_MAX: f32 = 2.2;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Hint {
    None,
    Admin,
    Country,
}

/// A mention being resolved.
struct M {
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
}

/// A qualifier: `outer` says where `inner` is ("Paris, Texas").
#[derive(Clone, Copy)]
struct Qual {
    inner: usize,
    outer: usize,
    weight: f32,
}

struct Ctx {
    /// Country code -> weight of the confident mentions in it.
    countries: HashMap<[u8; 2], f32>,
    /// Admin-1 codes of confidently resolved admin-1 mentions, with the mention.
    admin1: Vec<(String, usize)>,
    /// Confidently resolved points: (lat, lon, mention, key).
    anchors: Vec<(f64, f64, usize, usize)>,
    /// What the mentions of each name (key) contributed to `countries`:
    /// a name is never evidence for its own candidates, however often it
    /// is repeated ("Kingston ... Kingston" does not put Jamaica in context).
    by_key: HashMap<(usize, [u8; 2]), f32>,
}

/// What [`score`] found for a candidate: the reason as text, and the terms
/// the confidence model weighs.
#[derive(Default)]
struct Why {
    text: String,
    qualified: bool,
    contains: bool,
    region_word: bool,
    /// The country-in-context bonus over its maximum, 0..1.
    country: f32,
    /// The admin-1-in-context bonus over its maximum, 0..1.
    admin1: f32,
    /// The nearness bonus over its maximum, 0..1.
    near: f32,
}

fn cc(p: &Place<'_>) -> Option<[u8; 2]> {
    let b = p.country?.as_bytes();
    (b.len() == 2).then(|| [b[0], b[1]])
}

pub(crate) fn run(
    doc: &Document,
    ann: Option<&Annotation>,
    gaz: &Gazetteer,
    opt: &PlaceOptions,
) -> PlaceAnalysis {
    let text = doc.text.as_str();
    let mut units = Vec::with_capacity(doc.tokens.len() + 16);
    detect::units(doc, &mut units);
    let mut raws = Vec::new();
    detect::phrases(text, &units, gaz, &mut raws);

    let dl = crate::text::dateline(text);
    let in_dateline = |s: Span| {
        dl.is_some_and(|d| d.place.contains(s) || d.region.is_some_and(|r| r.contains(s)))
    };

    // Distinct keys and their candidates.
    let mut keys: Keys<'_> = Vec::new();
    let mut key_ix: HashMap<String, usize> = HashMap::new();

    // Keys seen in mixed case inside a sentence: support for a lone word in
    // capitals or at a sentence start.
    let mixed: HashSet<&str> = raws
        .iter()
        .filter(|r| !units[r.a].caps && !units[r.a].initial && !units[r.a].headline)
        .map(|r| r.key.as_str())
        .collect();

    // Every word of the text as written, to ask "is this word also used in
    // lower case here?" without a scan per question.
    let words: HashSet<&str> = doc.tokens.iter().map(|t| t.text(text)).collect();
    let mut ms: Vec<M> = Vec::new();
    let mut surnames: HashSet<String> = HashSet::new();
    let mut blocked: Vec<Span> = Vec::new();
    let mut scratch = String::new();
    let mut prev_end: Option<usize> = None;
    for r in &raws {
        let k = intern(gaz, &r.key, &mut keys, &mut key_ix, opt.max_candidates);
        if keys[k].1.is_empty() {
            continue;
        }
        let dateline = in_dateline(r.span);
        let verdict = if !dateline && covered(&blocked, r.span) {
            Verdict::Drop(r.span)
        } else if dateline {
            Verdict::Keep { adjectival: false }
        } else {
            judge(
                text,
                &units,
                r,
                &keys[k].1,
                gaz,
                &mixed,
                &words,
                &mut scratch,
                &mut surnames,
                prev_end,
            )
        };
        match verdict {
            Verdict::Keep { adjectival } => {
                prev_end = Some(r.span.end);
                let demonym = keys[k].1[0].matched == MatchKind::Demonym;
                ms.push(M {
                    span: r.span,
                    a: r.a,
                    b: r.b,
                    key: k,
                    adjectival: adjectival || demonym,
                    metonymy: false,
                    fuzzy: false,
                    dateline,
                    hint: Hint::None,
                    scores: Vec::new(),
                    chosen: None,
                    confident: false,
                    inherited: false,
                });
            }
            Verdict::Drop(extent) => blocked.push(extent),
        }
    }
    // A surname seen in a full name is a person elsewhere too ("Kerry").
    if !surnames.is_empty() {
        ms.retain(|m| {
            let single = m.a == m.b;
            let top = keys[m.key].1[0].place;
            !(single && surnames.contains(&keys[m.key].0) && top.kind != PlaceKind::Country)
        });
    }

    // What the language layer's name classifier says: a name it takes
    // for a person, an organisation or a thing is not a place unless the
    // gazetteer says so strongly ("Washington said" stays).
    if let Some(ann) = ann {
        ms.retain(|m| {
            let top = keys[m.key].1[0].place;
            !named_otherwise(doc, ann, m.span, &top, m.adjectival || m.dateline)
        });
    }

    if opt.fuzzy {
        fuzzy(
            text,
            &units,
            &raws,
            &blocked,
            gaz,
            &mut ms,
            &mut keys,
            &mut key_ix,
            opt,
        );
    }
    ms.sort_by_key(|m| m.span.start);

    // Hints and qualifiers.
    for m in &mut ms {
        m.hint = hint(text, &units, m);
    }
    // Each mention's qualifiers, so scoring stays linear in long texts.
    let mut quals: Vec<Vec<Qual>> = vec![Vec::new(); ms.len()];
    for q in qualifiers(text, &ms) {
        quals[q.inner].push(q);
        if q.outer != q.inner {
            quals[q.outer].push(q);
        }
    }

    // Pass 1: prior and qualifiers; pass 2 and 3: with context.
    let mut ctx = Ctx {
        countries: HashMap::new(),
        admin1: Vec::new(),
        anchors: Vec::new(),
        by_key: HashMap::new(),
    };
    for pass in 0..3 {
        for i in 0..ms.len() {
            let scores: Vec<f32> = (0..keys[ms[i].key].1.len())
                .map(|c| score(i, c, &ms, &keys, &quals[i], &ctx, pass > 0, opt, None))
                .collect();
            ms[i].scores = scores;
        }
        for m in &mut ms {
            let mut best: Option<usize> = None;
            for (c, &s) in m.scores.iter().enumerate() {
                if best.is_none_or(|b| s > m.scores[b]) {
                    best = Some(c);
                }
            }
            m.chosen = best;
            let cands = &keys[m.key].1;
            m.confident = best.is_some_and(|b| {
                let second = m
                    .scores
                    .iter()
                    .enumerate()
                    .filter(|&(c, _)| c != b)
                    .map(|(_, &s)| s)
                    .fold(f32::NEG_INFINITY, f32::max);
                let kind = cands[b].place.kind;
                !m.fuzzy
                    && (cands.len() == 1
                        || m.scores[b] - second >= 1.0
                        || matches!(kind, PlaceKind::Country | PlaceKind::Region))
            });
        }
        ctx = context(&ms, &keys);
    }

    // Abbreviated countries as noun modifiers: "a U.S. official", "U.S. and Russian support".
    for i in 0..ms.len() {
        let u = units[ms[i].a];
        if ms[i].adjectival || ms[i].a != ms[i].b || !(u.abbr || u.caps) {
            continue;
        }
        let Some(n) = right_word(text, &units, ms[i].b) else {
            continue;
        };
        let w = &text[units[n].span.range()];
        let modifier = if w == "and" || w == "or" {
            ms.get(i + 1)
                .is_some_and(|m| m.adjectival && right_word(text, &units, n) == Some(m.a))
        } else {
            w.chars().next().is_some_and(char::is_lowercase)
                && !lexicon::never(w)
                && !lexicon::actor_verb(w)
                && !w.ends_with("ed")
                && !matches!(w, "is" | "are" | "was" | "were" | "has" | "have" | "had")
        };
        if modifier {
            ms[i].adjectival = true;
        }
    }

    // Metonymy.
    for i in 0..ms.len() {
        let Some(c) = ms[i].chosen else { continue };
        let p = keys[ms[i].key].1[c].place;
        let actor = p.kind == PlaceKind::Country || (p.kind == PlaceKind::Populated && p.capital);
        if actor && metonymic(text, &units, &ms, i) {
            ms[i].metonymy = true;
        }
    }

    // One reading per name: a name qualified once ("Kingston, Luzerne
    // County, Pennsylvania") keeps that reading where it stands alone.
    let mut qualified = vec![false; ms.len()];
    let mut reading: HashMap<usize, usize> = HashMap::new();
    for (i, m) in ms.iter().enumerate() {
        let Some(c) = m.chosen else { continue };
        let mut why = Why::default();
        score(i, c, &ms, &keys, &quals[i], &ctx, true, opt, Some(&mut why));
        qualified[i] = why.qualified;
        if why.qualified {
            reading.entry(m.key).or_insert(c);
        }
    }
    for (i, m) in ms.iter_mut().enumerate() {
        if let Some(&c) = reading.get(&m.key)
            && !qualified[i]
            && m.chosen != Some(c)
        {
            m.chosen = Some(c);
            m.inherited = true;
        }
    }

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
        let (place, kind, evidence, reason) = match m.chosen {
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
                score(i, c, &ms, &keys, &quals[i], &ctx, true, opt, Some(&mut why));
                if m.inherited {
                    why.text.push_str(" + as qualified earlier in the text");
                    why.qualified = true;
                }
                let seen = Seen {
                    margin: rivals.first().map(|&o| m.scores[c] - m.scores[o]),
                    candidates: rivals.len() + 1,
                };
                let ev = evidence(doc, ann, &units, &words, m, &cands[c], &why, &seen);
                (Some(p), Some(p.kind), ev, why.text)
            }
            None => (
                None,
                None,
                confidence::Evidence::default(),
                "no candidate".to_owned(),
            ),
        };
        let confidence = if place.is_some() {
            evidence.probability()
        } else {
            0.0
        };
        // Dropped: what is unlikely and that nothing else in the dispatch
        // supports (see `confidence::SUPPORT`).
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
            alternatives,
            evidence,
        });
    }
    let mut countries: Vec<(String, usize)> = countries.into_iter().collect();
    countries.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut places: Vec<(crate::gazetteer::PlaceId, usize)> = places.into_iter().collect();
    places.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    PlaceAnalysis {
        mentions,
        focus: Focus { countries, places },
    }
}

type Keys<'g> = Vec<(String, Vec<Candidate<'g>>)>;

/// Whether candidate `b` is another reading of a name resolved to `a`: a
/// place more than [`RIVAL_KM`] away that neither contains the other.
fn distinct(a: &Place<'_>, b: &Place<'_>) -> bool {
    approx_km(a.lat, a.lon, b.lat, b.lon) > RIVAL_KM && !contains(a, b) && !contains(b, a)
}

/// Nearer than this, two candidates are one reading (the resolution
/// threshold of geoparsing, 100 miles).
const RIVAL_KM: f64 = 161.0;

/// What the whole dispatch shows about a mention's name.
struct Seen {
    /// The chosen candidate's score over the best rival's (see
    /// [`distinct`]); `None` when there is no rival.
    margin: Option<f32>,
    /// The chosen candidate and its rivals.
    candidates: usize,
}

/// The number of candidates at which the `candidates` feature reaches 1.
const MAX_CANDIDATES_SCALE: usize = 12;

/// The evidence [`confidence`] weighs for mention `m` resolved to `cand`.
#[allow(clippy::too_many_arguments, clippy::cast_precision_loss)]
fn evidence(
    doc: &Document,
    ann: Option<&Annotation>,
    units: &[Unit],
    words: &HashSet<&str>,
    m: &M,
    cand: &Candidate<'_>,
    why: &Why,
    seen: &Seen,
) -> confidence::Evidence {
    let text = doc.text.as_str();
    let p = &cand.place;
    let mut e = confidence::Evidence::default();
    e.set("margin", seen.margin.map_or(1.0, |d| d / 5.0));
    e.flag("lone_candidate", seen.margin.is_none());
    e.set(
        "candidates",
        (seen.candidates as f32).ln() / (MAX_CANDIDATES_SCALE as f32).ln(),
    );
    e.flag("kind_country", p.kind == PlaceKind::Country);
    e.flag("kind_admin1", p.kind == PlaceKind::Admin1);
    e.flag("kind_region", p.kind == PlaceKind::Region);
    e.flag("kind_user", p.kind == PlaceKind::User);
    e.flag("capital", p.capital);
    // Another spelling of the entry's name ("Hama" for Ḩamāh, "Idleb" for
    // Idlib) is not the loose alternate that "Taliban" is of a Turkish town.
    let mut folded = String::new();
    let mut main_name = String::new();
    fold_into(&text[m.span.range()], &mut folded);
    fold_into(p.name, &mut main_name);
    let bare = strip_arabic_article(&main_name).unwrap_or(&main_name);
    let spelling = edit_distance(&folded, bare).min(edit_distance(&folded, &main_name))
        <= (folded.len() / 4).max(1);
    let loose = matches!(
        cand.matched,
        MatchKind::Alternate | MatchKind::WithoutArticle
    );
    let alternate = loose && !spelling;
    e.flag("spelling_variant", loose && spelling);
    if matches!(p.kind, PlaceKind::Populated | PlaceKind::User) {
        let size = (((p.population as f32) + 1.0).log10() - 2.0) / 5.0;
        e.set("population", size);
        e.flag("population_100k", p.population >= 100_000);
        e.flag("population_1m", p.population >= 1_000_000);
        if alternate {
            e.set("alternate_name_population", size);
        }
    }
    e.flag("alternate_name", alternate);
    e.flag("abbreviation", cand.matched == MatchKind::Abbreviation);
    e.flag("qualified", why.qualified);
    e.flag("contains_other", why.contains);
    e.flag("region_word", why.region_word);
    e.set("country_in_context", why.country);
    e.set("admin1_in_context", why.admin1);
    e.set("near", why.near);
    e.flag("dateline", m.dateline);
    e.flag("fuzzy", m.fuzzy);
    e.flag("adjectival", m.adjectival);
    e.flag("metonymy", m.metonymy);
    e.flag("multiword", m.a != m.b);
    let first = units[m.a];
    e.flag("all_caps", first.caps);
    e.flag("sentence_start", first.initial || first.headline);
    let surface = &text[m.span.range()];
    if m.a == m.b && surface.chars().any(char::is_uppercase) {
        let lower = surface.to_lowercase();
        e.flag("lowercase_elsewhere", words.contains(lower.as_str()));
    }
    e.flag("common_word", m.a == m.b && lexicon::common(&folded));
    let head = folded.split(' ').next().unwrap_or("");
    e.flag(
        "given_name",
        lexicon::given_name(head) || lexicon::person_name(head),
    );
    if let Some(ann) = ann
        && let (Some(a), Some(b)) = (
            doc.token_at(m.span.start),
            doc.token_at(m.span.end.saturating_sub(1)),
        )
        && let Some(name) = ann.names_in(a, b + 1).next()
    {
        e.set("name_person", name.probs.person);
        e.set("name_organization", name.probs.organization);
        e.set("name_place", name.probs.place);
    }
    e
}

/// The index of `key` in `keys`, looking its candidates up the first time.
fn intern<'g>(
    gaz: &'g Gazetteer,
    key: &str,
    keys: &mut Keys<'g>,
    key_ix: &mut HashMap<String, usize>,
    max: usize,
) -> usize {
    if let Some(&i) = key_ix.get(key) {
        return i;
    }
    let mut c = gaz.lookup_key(key);
    // A two- or three-letter alternate name ("Sam") is a nickname, not a
    // reading of the text; abbreviations ("UK") match as such.
    if key.len() <= 3 {
        c.retain(|c| c.matched != MatchKind::Alternate);
    }
    c.truncate(max);
    keys.push((key.to_owned(), c));
    key_ix.insert(key.to_owned(), keys.len() - 1);
    keys.len() - 1
}

enum Verdict {
    Keep {
        adjectival: bool,
    },
    /// Not a place; the extent of the name it belongs to.
    Drop(Span),
}

fn ufold(text: &str, u: &Unit, buf: &mut String) {
    fold_into(&text[u.span.range()], buf);
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

/// Probabilities above which the name classifier overrules a weak place:
/// its best class, and the place class below which that holds.
const NAME_SURE: f32 = 0.85;
const NAME_PLACE_MAX: f32 = 0.1;
/// A place read inside a longer name goes when the longer name is a
/// person or an organisation and this unlikely a place.
const INNER_PLACE_MAX: f32 = 0.25;

/// Whether the language layer reads the mention at `span` as a name of
/// something other than a place, with `top` too weak a place to overrule it.
fn named_otherwise(
    doc: &Document,
    ann: &Annotation,
    span: Span,
    top: &Place<'_>,
    keep: bool,
) -> bool {
    if keep
        || matches!(
            top.kind,
            PlaceKind::Country
                | PlaceKind::Region
                | PlaceKind::Admin1
                | PlaceKind::Admin2
                | PlaceKind::User
        )
        || top.capital
        || top.population >= 1_000_000
    {
        return false;
    }
    let (Some(a), Some(b)) = (
        doc.token_at(span.start),
        doc.token_at(span.end.saturating_sub(1)),
    ) else {
        return false;
    };
    ann.names_in(a, b + 1).any(|n| {
        let p = n.probs;
        let best = p.best();
        // Only persons and organisations overrule: the classifier's
        // "other" (events, works, times in its training data) also takes
        // unfamiliar places ("the Euphrates town of Mayadin").
        if !matches!(best, NameClass::Person | NameClass::Organization) {
            return false;
        }
        let longer = n.first < a || n.end > b + 1;
        if longer {
            // A place word inside a longer name of a person or an
            // organisation ("Federal" of "Federal Security Service").
            p.place < INNER_PLACE_MAX
        } else {
            p.place < NAME_PLACE_MAX && p.get(best) >= NAME_SURE
        }
    })
}

fn strong(p: &Place<'_>) -> bool {
    matches!(
        p.kind,
        PlaceKind::Country
            | PlaceKind::Region
            | PlaceKind::Admin1
            | PlaceKind::Admin2
            | PlaceKind::User
    ) || p.capital
        || p.population >= 100_000
}

#[allow(clippy::too_many_arguments)]
fn judge(
    text: &str,
    units: &[Unit],
    r: &Raw,
    cands: &[Candidate<'_>],
    gaz: &Gazetteer,
    mixed: &HashSet<&str>,
    words: &HashSet<&str>,
    buf: &mut String,
    surnames: &mut HashSet<String>,
    prev_end: Option<usize>,
) -> Verdict {
    let single = r.a == r.b;
    let ua = units[r.a];
    let ub = units[r.b];
    let key = r.key.as_str();
    let top = cands[0].place;
    let drop = Verdict::Drop(r.span);

    if single
        && (lexicon::never(key)
            || lexicon::title(key)
            || lexicon::org_head(key)
            || lexicon::gov_head(key)
            || &text[ua.span.range()] == "Us")
    {
        return drop;
    }
    // A state's abbreviation counts only with its period ("Tenn.", "Calif.",
    // "N.C."): "La", "Mass", "Wash", "I'll" are words, and a postal "PA" or
    // "IN" in capitals is not taken (a sentence's period is not its own).
    if cands[0].matched == MatchKind::Abbreviation && top.kind == PlaceKind::Admin1 {
        let s = &text[r.span.range()];
        let dotted = s.trim_end_matches('.').contains('.')
            || (!ua.caps && (s.ends_with('.') || text[r.span.end..].starts_with('.')));
        if !dotted {
            return drop;
        }
    }
    // A lone word that only admin-2 units answer to ("Gourma", "Nijrab", but
    // also "Gard", "Rizal", "Village") is a place where written as one: a
    // unit word follows ("Nijrab district") or it qualifies another place,
    // after a comma or an opening bracket ("(Fada Ngourma, Gourma)").
    if single
        && top.kind == PlaceKind::Admin2
        && cands
            .iter()
            .all(|c| c.place.kind == PlaceKind::Admin2 || c.matched != MatchKind::Name)
    {
        let before = text[..r.span.start].trim_end();
        let qualifies = before.ends_with(',') || before.ends_with('(');
        let unit_word = right_word(text, units, r.b)
            .is_some_and(|n| lexicon::admin_word(&text[units[n].span.range()].to_lowercase()));
        if !qualifies && !unit_word {
            return drop;
        }
    }
    // A lone given name that only another name of some place matches is a
    // person, not that place ("his first name, Ahmad").
    if single && lexicon::person_name(key) && cands.iter().all(|c| c.matched != MatchKind::Name) {
        return drop;
    }
    if single && lexicon::common(key) {
        if ua.initial || ua.headline || ua.caps {
            return drop;
        }
        let lower_seen = words.contains(key);
        if lower_seen {
            return drop;
        }
    }
    // A sentence's first word read as a town's other name ("Basic").
    if single
        && (ua.initial || ua.headline)
        && cands[0].matched == MatchKind::Alternate
        && !matches!(
            top.kind,
            PlaceKind::Country | PlaceKind::Admin1 | PlaceKind::Region
        )
        && !top.capital
        && !mixed.contains(key)
    {
        return drop;
    }
    // A lone word in capitals: a heading or an acronym.
    if single && ua.caps && !ua.abbr {
        let letters = text[ua.span.range()].chars().count();
        let ok = if letters <= 3 {
            cands.iter().any(|c| c.matched == MatchKind::Abbreviation)
        } else {
            mixed.contains(key)
                || (strong(&top)
                    && (cands[0].matched != MatchKind::Alternate || top.population >= 500_000))
        };
        if !ok {
            return drop;
        }
    }
    // Hyphenated modifiers: "Russian-backed", "pro-Russian".
    let suffix_adj = ub.hy_next
        && units
            .get(r.b + 1)
            .is_some_and(|n| n.word && lexicon::is_modifier_suffix(&text[n.span.range()]));
    let prefix_adj = ua.hy_prev
        && r.a > 0
        && units[r.a - 1].word
        && lexicon::is_modifier_suffix(&text[units[r.a - 1].span.range()])
        && !lexicon::is_article(&text[units[r.a - 1].span.range()]);
    let mut adjectival = suffix_adj || prefix_adj;

    // What follows in the same capitalized run: an organisation's name?
    if !ub.hy_next {
        let mut run: Vec<usize> = Vec::new();
        let mut j = r.b;
        while run.len() < 5 {
            let Some(n) = right_word(text, units, j) else {
                break;
            };
            let nu = units[n];
            let s = &text[nu.span.range()];
            if nu.cap || nu.caps {
                run.push(n);
                j = n;
            } else if matches!(s, "of" | "for" | "and" | "the" | "on")
                && right_word(text, units, n).is_some_and(|m| units[m].cap)
                && !run.is_empty()
            {
                j = n;
            } else {
                break;
            }
        }
        if !run.is_empty() {
            let words: Vec<String> = run
                .iter()
                .map(|&u| {
                    ufold(text, &units[u], buf);
                    buf.clone()
                })
                .collect();
            let head = words
                .iter()
                .position(|w| lexicon::org_head(w) || lexicon::gov_head(w));
            if let Some(h) = head {
                let end = units[*run.last().unwrap_or(&run[h])].span.end;
                if lexicon::gov_head(&words[h]) && words[..h].iter().all(|w| lexicon::dept_word(w))
                {
                    adjectival = true;
                } else {
                    return Verdict::Drop(Span::new(r.span.start, end));
                }
            } else if single
                && !lexicon::admin_word(&words[0])
                && !lexicon::place_prefix(&words[0])
                && !lexicon::common(&words[0])
                && !lexicon::never(&words[0])
                && (lexicon::given_name(key)
                    || ((cands[0].matched == MatchKind::Alternate
                        || top.kind == PlaceKind::Populated)
                        && !ua.headline
                        && !lexicon::title(&words[0])
                        && !lexicon::dept_word(&words[0])
                        && !gaz.contains_key(&words[0]))
                    || (weak_place(&top)
                        && gaz
                            .lookup_key(&words[0])
                            .first()
                            .is_none_or(|c| !strong(&c.place))))
                && !is_geo_suffix(&words[0])
                && !lexicon::title(&words[0])
            {
                return Verdict::Drop(Span::new(r.span.start, units[run[0]].span.end));
            }
        }
    }

    // Inside an organisation's name: "University of X", "Committee of the Red Cross".
    {
        let mut j = r.a;
        for _ in 0..3 {
            let Some(l) = left_word(text, units, j) else {
                break;
            };
            let lu = units[l];
            let s = &text[lu.span.range()];
            if matches!(s, "of" | "for" | "the") {
                j = l;
                continue;
            }
            if j != r.a && lu.cap {
                ufold(text, &lu, buf);
                if lexicon::org_head(buf) {
                    return Verdict::Drop(Span::new(lu.span.start, r.span.end));
                }
            }
            break;
        }
    }
    // A common word right after a place names a feature of it ("Bekaa Valley").
    if single
        && lexicon::common(key)
        && let Some(l) = left_word(text, units, r.a)
        && units[l].cap
        && prev_end == Some(units[l].span.end)
    {
        return drop;
    }

    // A person: after a title or a first name.
    if let Some(l) = left_word(text, units, r.a) {
        let lu = units[l];
        ufold(text, &lu, buf);
        let lk = buf.as_str();
        if lexicon::title(lk) && !ua.headline {
            if single {
                surnames.insert(key.to_owned());
            }
            // The whole name: "Major Jordan Hale".
            let mut end = r.b;
            while let Some(n) = right_word(text, units, end) {
                if !units[n].cap || end - r.b >= 3 {
                    break;
                }
                end = n;
            }
            return Verdict::Drop(Span::new(lu.span.start, units[end].span.end));
        }
        let weak = || {
            let c = gaz.lookup_key(lk);
            c.first().is_some_and(|c| {
                c.matched != MatchKind::Demonym
                    && c.place.kind == PlaceKind::Populated
                    && !c.place.capital
                    && c.place.population < 100_000
            })
        };
        let known =
            gaz.contains_key(lk) || strip_arabic_article(lk).is_some_and(|s| gaz.contains_key(s));
        let first_name = lu.cap
            && !lu.caps
            && (!lu.initial || known)
            && !lu.headline
            && !lu.hy_prev
            && !lexicon::never(lk)
            && !lexicon::common(lk)
            && !lexicon::place_prefix(lk)
            && !lexicon::org_head(lk)
            && !lexicon::gov_head(lk)
            && !lexicon::dept_word(lk)
            && (!known || weak());
        if first_name && !strong(&top) && !lk.ends_with("ed") {
            if single {
                surnames.insert(key.to_owned());
            }
            return Verdict::Drop(Span::new(lu.span.start, r.span.end));
        }
    }

    // "Hale said": a small town's name as the speaker is a person.
    if single
        && top.kind == PlaceKind::Populated
        && !top.capital
        && top.population < 200_000
        && let Some(n) = right_word(text, units, r.b)
    {
        let s = &text[units[n].span.range()];
        let locative = left_word(text, units, r.a)
            .is_some_and(|l| matches!(&text[units[l].span.range()], "in" | "at" | "from" | "near"));
        if !locative && matches!(s, "said" | "says" | "told" | "added" | "wrote" | "tweeted") {
            return drop;
        }
    }
    Verdict::Keep { adjectival }
}

/// A village or small town: its name is as likely a person's.
/// Whether a blocked extent (a person's or organisation's name) covers `s`.
/// Extents are pushed in text order, so only those starting at or before
/// `s` can, and of those only the last few: names are short. A bounded look
/// back keeps long texts linear.
fn covered(blocked: &[Span], s: Span) -> bool {
    let upto = blocked.partition_point(|b| b.start <= s.start);
    blocked[..upto].iter().rev().take(32).any(|b| b.contains(s))
}

fn weak_place(p: &Place<'_>) -> bool {
    p.kind == PlaceKind::Populated && !p.capital && p.population < 100_000
}

fn is_geo_suffix(w: &str) -> bool {
    matches!(
        w,
        "valley"
            | "river"
            | "sea"
            | "mountains"
            | "basin"
            | "desert"
            | "strip"
            | "gulf"
            | "bay"
            | "lake"
            | "island"
            | "islands"
            | "peninsula"
            | "dam"
            | "canal"
            | "plain"
            | "plateau"
            | "city"
            | "border"
            | "coast"
    )
}

/// Damerau-Levenshtein distance (optimal string alignment), on chars.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (n, m) = (a.len(), b.len());
    let mut d = vec![vec![0usize; m + 1]; n + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=n {
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[n][m]
}

#[allow(clippy::too_many_arguments)]
fn fuzzy<'g>(
    text: &str,
    units: &[Unit],
    raws: &[Raw],
    blocked: &[Span],
    gaz: &'g Gazetteer,
    ms: &mut Vec<M>,
    keys: &mut Vec<(String, Vec<Candidate<'g>>)>,
    key_ix: &mut HashMap<String, usize>,
    opt: &PlaceOptions,
) {
    // Keys resolved in the document (single-word places, not countries by demonym).
    let known: Vec<usize> = {
        let mut v: Vec<usize> = ms.iter().filter(|m| !m.adjectival).map(|m| m.key).collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    // Focus countries so far: those of the mentions found.
    let mut focus: HashMap<[u8; 2], usize> = HashMap::new();
    for m in ms.iter() {
        if let Some(c) = cc(&keys[m.key].1[0].place) {
            *focus.entry(c).or_default() += 1;
        }
    }
    // Words of names already judged not places (people, organisations).
    let mut named: HashSet<String> = HashSet::new();
    for b in blocked {
        for w in text[b.range()].split(|c: char| !c.is_alphanumeric()) {
            if !w.is_empty() {
                named.insert(crate::gazetteer::fold(w));
            }
        }
    }
    // Towns found so far: a misspelt name must lie near one of them.
    let towns: Vec<(f64, f64)> = ms
        .iter()
        .map(|m| keys[m.key].1[0].place)
        .filter(|p| p.kind == PlaceKind::Populated)
        .map(|p| (p.lat, p.lon))
        .collect();
    let mut buf = String::new();
    let mut variant = String::new();
    let mut ri = 0;
    let mut added = Vec::new();
    for (i, u) in units.iter().enumerate() {
        while ri < raws.len() && raws[ri].b < i {
            ri += 1;
        }
        if raws.get(ri).is_some_and(|r| r.a <= i) {
            continue;
        }
        if !u.word || !u.cap || u.caps || u.hy_prev || u.hy_next || u.abbr {
            continue;
        }
        let s = &text[u.span.range()];
        let len = s.chars().count();
        if !(5..=20).contains(&len) || !s.chars().all(char::is_alphabetic) {
            continue;
        }
        if covered(blocked, u.span) {
            continue;
        }
        fold_into(s, &mut buf);
        if lexicon::never(&buf)
            || lexicon::common(&buf)
            || lexicon::title(&buf)
            || named.contains(buf.as_str())
        {
            continue;
        }
        // Not part of a longer capitalized name.
        let lcap = left_word(text, units, i).is_some_and(|l| units[l].cap && !units[l].initial);
        let rcap = right_word(text, units, i).is_some_and(|r| units[r].cap);
        if lcap || rcap {
            continue;
        }
        let limit = if len >= 8 { 2 } else { 1 };
        let mut found: Option<usize> = None;
        for &k in &known {
            let kk = &keys[k].0;
            if kk.contains(' ') || kk.chars().next() != buf.chars().next() {
                continue;
            }
            if kk.len().abs_diff(buf.len()) <= limit && edit_distance(kk, &buf) <= limit {
                found = Some(k);
                break;
            }
        }
        if found.is_none() && !u.initial {
            // One deletion or transposition naming a place in a focus country.
            let chars: Vec<char> = buf.chars().collect();
            'variants: for v in 0..(2 * chars.len()) {
                variant.clear();
                if v < chars.len() {
                    if v == 0 {
                        continue;
                    }
                    variant.extend(
                        chars
                            .iter()
                            .enumerate()
                            .filter(|&(x, _)| x != v)
                            .map(|(_, c)| c),
                    );
                } else {
                    let t = v - chars.len();
                    if t == 0 || t + 1 >= chars.len() {
                        continue;
                    }
                    let mut c2 = chars.clone();
                    c2.swap(t, t + 1);
                    variant.extend(c2);
                }
                if gaz.contains_key(&variant) {
                    let top = gaz.lookup_key(&variant);
                    if let Some(c) = top.first()
                        && let Some(code) = cc(&c.place)
                        && focus.get(&code).copied().unwrap_or(0) >= 2
                        && c.place.kind != PlaceKind::Country
                        && towns.iter().any(|&(lat, lon)| {
                            approx_km(lat, lon, c.place.lat, c.place.lon) < opt.context_km
                        })
                    {
                        found = Some(intern(gaz, &variant, keys, key_ix, opt.max_candidates));
                        break 'variants;
                    }
                }
            }
        }
        if let Some(k) = found {
            added.push(M {
                span: u.span,
                a: i,
                b: i,
                key: k,
                adjectival: false,
                metonymy: false,
                fuzzy: true,
                dateline: false,
                hint: Hint::None,
                scores: Vec::new(),
                chosen: None,
                confident: false,
                inherited: false,
            });
        }
    }
    ms.extend(added);
}

fn hint(text: &str, units: &[Unit], m: &M) -> Hint {
    let mut buf = String::new();
    if let Some(n) = right_word(text, units, m.b) {
        fold_into(&text[units[n].span.range()], &mut buf);
        if lexicon::admin_word(&buf) {
            return Hint::Admin;
        }
    }
    // "the state of Georgia", "the country of Georgia".
    if let Some(l) = left_word(text, units, m.a)
        && &text[units[l].span.range()] == "of"
        && let Some(l2) = left_word(text, units, l)
    {
        fold_into(&text[units[l2].span.range()], &mut buf);
        if lexicon::admin_word(&buf) {
            return Hint::Admin;
        }
        if matches!(buf.as_str(), "country" | "republic" | "nation") {
            return Hint::Country;
        }
    }
    Hint::None
}

fn qualifiers(text: &str, ms: &[M]) -> Vec<Qual> {
    let mut out = Vec::new();
    for i in 0..ms.len().saturating_sub(1) {
        let (m, n) = (&ms[i], &ms[i + 1]);
        let Some(between) = text.get(m.span.end..n.span.start) else {
            continue;
        };
        // A chain of qualifiers, each level read against the mention:
        // "Kingston, Luzerne County, Pennsylvania, United States", ACLED's
        // "Koare (Fada Ngourma, Gourma)", "Salh district (Taizz)".
        let mut j = i + 1;
        while j < ms.len() && j - i <= MAX_CHAIN {
            let Some(weight) = text
                .get(ms[j - 1].span.end..ms[j].span.start)
                .and_then(|b| chain_link(b, j == i + 1))
            else {
                break;
            };
            out.push(Qual {
                inner: i,
                outer: j,
                weight,
            });
            j += 1;
        }
        if j > i + 1 {
            continue;
        }
        if between == "'s " || between == "\u{2019}s " {
            out.push(Qual {
                inner: i + 1,
                outer: i,
                weight: W_POSSESSIVE,
            });
            continue;
        }
        // "the Egyptian port of Alexandria", "Syria's city of Homs".
        let ws: Vec<&str> = between.split_whitespace().collect();
        if (2..=3).contains(&ws.len())
            && ws.last() == Some(&"of")
            && ws[..ws.len() - 1]
                .iter()
                .all(|w| w.chars().all(|c| c.is_lowercase() || c == '\'') && !w.is_empty())
            && !matches!(ws[0], "and" | "or" | "in" | "to" | "from" | "the")
        {
            out.push(Qual {
                inner: i + 1,
                outer: i,
                weight: W_IN,
            });
            continue;
        }
        let mut words = between.split_whitespace();
        if words.next() == Some("in")
            && words.all(|w| {
                matches!(
                    w,
                    "the"
                        | "central"
                        | "northern"
                        | "southern"
                        | "eastern"
                        | "western"
                        | "northeastern"
                        | "northwestern"
                        | "southeastern"
                        | "southwestern"
                        | "north"
                        | "south"
                        | "east"
                        | "west"
                        | "rural"
                )
            })
            && between.starts_with(' ')
        {
            out.push(Qual {
                inner: i,
                outer: i + 1,
                weight: W_IN,
            });
        }
    }
    out
}

/// Levels of a qualifier chain read after a mention.
const MAX_CHAIN: usize = 4;

/// How strongly the text `between` two mentions links them as place and
/// qualifier, if it does: a comma; a comma-delimited name the gazetteer
/// does not know (", Luzerne County,"); on the first level also an opening
/// parenthesis, after region words ("district ("), and a definition ("is a
/// borough in", "was a village of").
fn chain_link(between: &str, first: bool) -> Option<f32> {
    let level = if first { W_COMMA } else { W_CHAIN };
    // A region word ends the previous level's name ("Luzerne County, ").
    let mut t = between.trim();
    loop {
        let w = t.split_whitespace().next().unwrap_or("");
        let bare = w.trim_end_matches(',');
        if bare.is_empty()
            || !bare.starts_with(char::is_uppercase)
            || !lexicon::admin_word(&bare.to_lowercase())
        {
            break;
        }
        t = t[bare.len()..].trim_start();
    }
    if t == "," {
        return Some(level);
    }
    if let Some(inner) = t.strip_prefix(',').and_then(|r| r.strip_suffix(',')) {
        let words: Vec<&str> = inner.split_whitespace().collect();
        let name = (1..=3).contains(&words.len())
            && words
                .iter()
                .all(|w| w.chars().next().is_some_and(char::is_uppercase));
        return name.then_some(level);
    }
    if !first {
        return None;
    }
    if let Some(before) = t.strip_suffix('(') {
        let region = before
            .split_whitespace()
            .all(|w| lexicon::admin_word(&w.to_lowercase()));
        return region.then_some(W_COMMA);
    }
    let words: Vec<&str> = t.split_whitespace().collect();
    let definition = words.len() >= 4
        && matches!(words[0], "is" | "was")
        && matches!(words[1], "a" | "an" | "the")
        && matches!(words[words.len() - 1], "in" | "of")
        && words.len() <= 6
        && words[2..words.len() - 1]
            .iter()
            .all(|w| w.chars().all(char::is_lowercase));
    definition.then_some(W_IN)
}

/// Whether `outer` contains `inner`.
fn contains(outer: &Place<'_>, inner: &Place<'_>) -> bool {
    if outer.id == inner.id {
        return false;
    }
    match outer.kind {
        PlaceKind::Country => inner.kind != PlaceKind::Country && outer.country == inner.country,
        PlaceKind::Admin1 => {
            inner.kind != PlaceKind::Admin1
                && inner.kind != PlaceKind::Country
                && outer.country == inner.country
                && match (outer.admin1_code, inner.admin1_code) {
                    (Some(a), Some(b)) => a == b,
                    _ => inner.admin1 == Some(outer.name),
                }
        }
        PlaceKind::Region => {
            inner.kind != PlaceKind::Region
                && outer.bbox.is_some_and(|b| b.contains(inner.lat, inner.lon))
        }
        // Towns carry no admin-2 code: a county holds the towns in its extent.
        PlaceKind::Admin2 => {
            matches!(inner.kind, PlaceKind::Populated | PlaceKind::User)
                && outer.country == inner.country
                && outer.bbox.is_some_and(|b| b.contains(inner.lat, inner.lon))
        }
        _ => false,
    }
}

fn approx_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let mut dlon = (lon2 - lon1).abs();
    if dlon > 180.0 {
        dlon = 360.0 - dlon;
    }
    let x = dlon.to_radians() * ((lat1 + lat2) / 2.0).to_radians().cos();
    let y = (lat2 - lat1).to_radians();
    6371.0 * (x * x + y * y).sqrt()
}

fn fmt_pop(p: u64) -> String {
    if p >= 1_000_000 {
        format!("{:.1}M", p as f64 / 1e6)
    } else if p >= 1000 {
        format!("{}k", p / 1000)
    } else {
        p.to_string()
    }
}

/// The score of candidate `c` of mention `i`; with `why`, also the reason.
#[allow(clippy::too_many_arguments)]
fn score(
    i: usize,
    c: usize,
    ms: &[M],
    keys: &[(String, Vec<Candidate<'_>>)],
    quals: &[Qual],
    ctx: &Ctx,
    with_ctx: bool,
    opt: &PlaceOptions,
    mut why: Option<&mut Why>,
) -> f32 {
    let m = &ms[i];
    let cand = &keys[m.key].1[c];
    let p = cand.place;
    let mut s = cand.score;
    if let Some(y) = why.as_deref_mut() {
        let w = &mut y.text;
        match (p.kind, cand.matched) {
            (_, MatchKind::Demonym) => {
                let _ = write!(w, "demonym of {}", p.name);
            }
            (PlaceKind::Country, _) => w.push_str("country name"),
            (PlaceKind::Region, _) => w.push_str("region name"),
            (PlaceKind::Admin1, _) => {
                let _ = write!(w, "admin-1 prior ({})", fmt_pop(p.population));
            }
            (PlaceKind::Admin2, _) => {
                let _ = write!(w, "admin-2 prior ({})", fmt_pop(p.population));
            }
            (PlaceKind::User, _) => w.push_str("analyst's overlay place"),
            (PlaceKind::Populated, _) if p.capital => {
                let _ = write!(w, "capital, population prior ({})", fmt_pop(p.population));
            }
            (PlaceKind::Populated, _) => {
                let _ = write!(w, "population prior ({})", fmt_pop(p.population));
            }
        }
        if m.fuzzy {
            let _ = write!(w, " + fuzzy match of \"{}\"", keys[m.key].0);
        }
        if m.dateline {
            w.push_str(" + dateline");
        }
    }
    let add = |s: &mut f32, v: f32, w: &mut Option<&mut Why>, label: &dyn Fn() -> String| {
        *s += v;
        if let Some(w) = w.as_deref_mut()
            && v.abs() >= 0.3
        {
            w.text.push_str(" + ");
            w.text.push_str(&label());
        }
    };
    match m.hint {
        Hint::Admin if p.kind == PlaceKind::Admin1 => {
            add(&mut s, W_ADMIN_HINT, &mut why, &|| {
                "region word follows".to_owned()
            });
            if let Some(y) = why.as_deref_mut() {
                y.region_word = true;
            }
        }
        Hint::Country if p.kind == PlaceKind::Country => {
            add(&mut s, W_COUNTRY_HINT, &mut why, &|| {
                "\"country of\"".to_owned()
            });
            if let Some(y) = why.as_deref_mut() {
                y.region_word = true;
            }
        }
        _ => {}
    }
    for q in quals {
        if q.inner == i {
            let outer = &ms[q.outer];
            let hit = keys[outer.key]
                .1
                .iter()
                .take(5)
                .any(|o| contains(&o.place, &p));
            if hit {
                let name = keys[outer.key].0.clone();
                add(&mut s, q.weight, &mut why, &|| {
                    format!("qualified by {name}")
                });
                if let Some(y) = why.as_deref_mut() {
                    y.qualified = true;
                }
            }
        } else if q.outer == i {
            let inner = &ms[q.inner];
            let hit = keys[inner.key]
                .1
                .iter()
                .take(5)
                .any(|n| contains(&p, &n.place));
            if hit {
                let name = keys[inner.key].0.clone();
                add(&mut s, q.weight * 0.7, &mut why, &|| {
                    format!("contains {name}")
                });
                if let Some(y) = why.as_deref_mut() {
                    y.contains = true;
                }
            }
        }
    }
    // A region named after its main town: the town is meant unless a
    // region word says otherwise ("Menaka" the town, "Deir al-Zor province").
    if p.kind == PlaceKind::Admin1
        && m.hint != Hint::Admin
        && keys[m.key].1.iter().any(|o| {
            o.place.kind == PlaceKind::Populated
                && o.place.country == p.country
                && o.place.admin1_code == p.admin1_code
        })
    {
        add(&mut s, -1.5, &mut why, &|| {
            "town of that name preferred".to_owned()
        });
    }
    if !with_ctx {
        return s;
    }
    // A hamlet gains less from context than a town the news could be about.
    #[allow(clippy::cast_precision_loss)]
    let size = if p.kind == PlaceKind::Populated {
        (((p.population.max(1) as f32).log10() - 3.5) / 3.0).clamp(0.3, 1.0)
    } else {
        1.0
    };
    if let Some(code) = cc(&p) {
        let mut w = ctx.countries.get(&code).copied().unwrap_or(0.0);
        w -= ctx.by_key.get(&(m.key, code)).copied().unwrap_or(0.0);
        if w > 0.01 {
            let bonus = (1.0 + 0.4 * w).min(W_COUNTRY_MAX) * size;
            let cname = p.country.unwrap_or("");
            add(&mut s, bonus, &mut why, &|| format!("{cname} in context"));
            if let Some(y) = why.as_deref_mut() {
                y.country = bonus / W_COUNTRY_MAX;
            }
        }
    }
    if let Some(code) = p.admin1_code
        && p.kind != PlaceKind::Admin1
        && let Some((_, _)) = ctx
            .admin1
            .iter()
            .find(|(a, who)| a == code && ms[*who].key != m.key)
    {
        let name = p.admin1.unwrap_or(code).to_owned();
        add(&mut s, W_ADMIN_CTX * size, &mut why, &|| {
            format!("{name} in context")
        });
        if let Some(y) = why.as_deref_mut() {
            y.admin1 = size;
        }
    }
    if matches!(p.kind, PlaceKind::Populated | PlaceKind::User) {
        let mut best: Option<(f64, usize)> = None;
        // The anchors nearest in the text (all of them in a dispatch; a
        // window in a book-length text, so scoring stays linear).
        let at = ctx.anchors.partition_point(|a| a.2 < i);
        let window = &ctx.anchors
            [at.saturating_sub(ANCHOR_WINDOW)..(at + ANCHOR_WINDOW).min(ctx.anchors.len())];
        for &(lat, lon, who, key) in window {
            if key == m.key {
                continue;
            }
            let d = approx_km(p.lat, p.lon, lat, lon);
            if best.is_none_or(|(b, _)| d < b) {
                best = Some((d, who));
            }
        }
        if let Some((d, who)) = best
            && d < opt.context_km
        {
            let v = W_NEAR * size * (1.0 - (d / opt.context_km) as f32);
            let name = keys[ms[who].key].0.clone();
            add(&mut s, v, &mut why, &|| format!("near {name} ({d:.0} km)"));
            if let Some(y) = why {
                y.near = v / W_NEAR;
            }
        }
    }
    s
}

/// How many confidently resolved places on each side of a mention count as
/// its neighbourhood for the distance bonus.
const ANCHOR_WINDOW: usize = 48;

fn context(ms: &[M], keys: &[(String, Vec<Candidate<'_>>)]) -> Ctx {
    let mut seen_keys = std::collections::HashSet::new();
    let mut ctx = Ctx {
        countries: HashMap::new(),
        admin1: Vec::new(),
        anchors: Vec::new(),
        by_key: HashMap::new(),
    };
    for (i, m) in ms.iter().enumerate() {
        let Some(c) = m.chosen else { continue };
        if !m.confident {
            continue;
        }
        let p = keys[m.key].1[c].place;
        let w = match p.kind {
            PlaceKind::Country => 1.0,
            PlaceKind::Region => 0.0,
            _ => 0.5,
        };
        if let Some(code) = cc(&p)
            && w > 0.0
        {
            *ctx.countries.entry(code).or_default() += w;
            *ctx.by_key.entry((m.key, code)).or_default() += w;
        }
        // One anchor per name and at most two mentions per admin-1 code:
        // repeats add nothing, and would make long texts quadratic.
        if matches!(
            p.kind,
            PlaceKind::Admin1 | PlaceKind::Admin2 | PlaceKind::Populated | PlaceKind::User
        ) && seen_keys.insert(m.key)
        {
            ctx.anchors.push((p.lat, p.lon, i, m.key));
        }
        if p.kind == PlaceKind::Admin1
            && let Some(code) = p.admin1_code
            && ctx.admin1.iter().filter(|(a, _)| a == code).count() < 2
        {
            ctx.admin1.push((code.to_owned(), i));
        }
    }
    ctx
}

const AUX: &[&str] = &[
    "also",
    "again",
    "already",
    "has",
    "have",
    "had",
    "is",
    "was",
    "will",
    "would",
    "could",
    "may",
    "might",
    "should",
    "must",
    "now",
    "still",
    "has long",
    "repeatedly",
    "quickly",
    "previously",
    "long",
    "firmly",
    "strongly",
    "publicly",
    "reportedly",
];

fn metonymic(text: &str, units: &[Unit], ms: &[M], i: usize) -> bool {
    let m = &ms[i];
    let word = |u: usize| &text[units[u].span.range()];
    // One of the two words after a possessive is an actor: "Tehran's support".
    let actor_noun_after = |possessive: usize| {
        let mut k = possessive;
        for _ in 0..2 {
            let Some(x) = right_word(text, units, k) else {
                return false;
            };
            if lexicon::actor_noun(word(x)) {
                return true;
            }
            k = x;
        }
        false
    };
    // Capitals used as a modifier of alliance: "Moscow-friendly".
    if units[m.b].hy_next
        && units.get(m.b + 1).is_some_and(|n| {
            matches!(
                &text[n.span.range()],
                "friendly" | "backed" | "allied" | "aligned" | "brokered" | "sponsored" | "funded"
            )
        })
    {
        return true;
    }
    let prev = left_word(text, units, m.a).map(word);
    let locative = prev.is_some_and(|p| {
        matches!(
            p,
            "in" | "at"
                | "from"
                | "to"
                | "near"
                | "of"
                | "across"
                | "outside"
                | "inside"
                | "into"
                | "around"
                | "through"
                | "toward"
                | "towards"
        )
    });
    // Subject of a speech or cognition verb.
    if !locative && !units[m.b].hy_next {
        let mut j = m.b;
        let mut steps = 0;
        while let Some(n) = right_word(text, units, j) {
            let w = word(n);
            if w == "'s" || w == "\u{2019}s" {
                // Possessive: "Tehran's support".
                if actor_noun_after(n) {
                    return true;
                }
                break;
            }
            if lexicon::actor_verb(w) {
                return true;
            }
            if AUX.contains(&w) && steps < 2 {
                steps += 1;
                j = n;
                continue;
            }
            break;
        }
        // Possessive tokens may follow without a space.
        if let Some(n) = units.get(m.b + 1)
            && n.span.start == units[m.b].span.end
            && matches!(&text[n.span.range()], "'s" | "\u{2019}s")
            && actor_noun_after(m.b + 1)
        {
            return true;
        }
    }
    // Object of a pressure verb; a side of "between X and Y".
    if let Some(p) = prev {
        if lexicon::actor_object_verb(p) || p == "between" {
            return true;
        }
        if p == "and"
            && i > 0
            && let Some(l) = left_word(text, units, ms[i - 1].a)
            && word(l) == "between"
        {
            return true;
        }
        if p == "with"
            && let Some(l) = left_word(text, units, left_word(text, units, m.a).unwrap_or(0))
            && matches!(
                word(l),
                "talks" | "relations" | "ties" | "negotiations" | "deal"
            )
        {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_transpositions_once() {
        assert_eq!(edit_distance("palmrya", "palmyra"), 1);
        assert_eq!(edit_distance("aleppo", "alepo"), 1);
        assert_eq!(edit_distance("homs", "hama"), 2);
    }
}
