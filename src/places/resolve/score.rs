//! Scoring a mention's candidates: the gazetteer's prior plus named terms
//! (a region word, qualifiers, countries and admin-1 regions in context,
//! nearness to places already resolved), in three passes, and the context
//! those passes read. A name is never evidence for its own candidates.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use crate::gazetteer::{Candidate, MatchKind, Place, PlaceId, PlaceKind};

use super::qualifiers::{Hint, Qual};
use super::{Mention, PlaceOptions, cc};

/// Bonus weights of the score's terms.
const W_ADMIN_HINT: f32 = 4.0;
const W_COUNTRY_HINT: f32 = 4.0;
/// An admin-1 region the text names counts whatever the candidate's size:
/// "Paris" in a story that names Texas (on gwn and trnews, 1.5 damped by
/// size gave acc@161 87.2 and 79.1; 2.5 undamped 87.3 and 80.2).
const W_ADMIN_CTX: f32 = 2.5;
const W_NEAR: f32 = 1.5;
/// A region (or country) listed with others of its kind.
const W_SIBLING: f32 = 2.5;
const W_COUNTRY_MAX: f32 = 2.2;

/// What the confidently resolved mentions say about the dispatch.
#[derive(Default)]
pub(super) struct Ctx {
    /// Country code -> weight of the confident mentions in it.
    countries: HashMap<[u8; 2], f32>,
    /// Admin-1 codes of confidently resolved admin-1 mentions, with the mention.
    admin1: Vec<(String, usize)>,
    /// Confidently resolved admin-2 mentions (counties, districts), in text
    /// order: one mention per unit.
    admin2: Vec<usize>,
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
pub(super) struct Why {
    pub text: String,
    /// The places the text qualifies the mention with, in the order the qualifiers are
    /// read (nearest first: "Kingston, Luzerne County, Pennsylvania" gives the county,
    /// then the state).
    pub qualifiers: Vec<PlaceId>,
    pub qualified: bool,
    pub contains: bool,
    pub region_word: bool,
    /// The country-in-context bonus over its maximum, 0..1.
    pub country: f32,
    /// The admin-1-in-context bonus over its maximum, 0..1.
    pub admin1: f32,
    /// The nearness bonus over its maximum, 0..1.
    pub near: f32,
}

/// Whether candidate `b` is another reading of a name resolved to `a`: a
/// place more than [`RIVAL_KM`] away that neither contains the other.
pub(super) fn distinct(a: &Place<'_>, b: &Place<'_>) -> bool {
    approx_km(a.lat, a.lon, b.lat, b.lon) > RIVAL_KM && !contains(a, b) && !contains(b, a)
}

/// Nearer than this, two candidates are one reading (the resolution
/// threshold of geoparsing, 100 miles).
const RIVAL_KM: f64 = 161.0;

/// Whether `outer` contains `inner`.
pub(super) fn contains(outer: &Place<'_>, inner: &Place<'_>) -> bool {
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

/// Whether a qualifier `outer` says where `inner` is: `outer` contains it,
/// or `outer` is a town and `inner` a place within [`SUBURB_KM`] of it
/// ("Douma, a suburb of Damascus", "the Sadr City district of Baghdad").
pub(super) fn within(outer: &Place<'_>, inner: &Place<'_>) -> bool {
    contains(outer, inner)
        || (outer.kind == PlaceKind::Populated
            && matches!(inner.kind, PlaceKind::Populated | PlaceKind::User)
            && outer.id != inner.id
            && approx_km(outer.lat, outer.lon, inner.lat, inner.lon) <= SUBURB_KM)
}

/// How far from a town's point its suburbs and districts may lie.
const SUBURB_KM: f64 = 40.0;

pub(super) fn approx_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
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

/// What scoring reads: the mentions, their names' candidates, each
/// mention's qualifiers, and the context (none in the first pass).
pub(super) struct Scorer<'s, 'g> {
    ms: &'s [Mention],
    keys: &'s [(String, Vec<Candidate<'g>>)],
    quals: &'s [Vec<Qual>],
    ctx: Option<&'s Ctx>,
    opt: &'s PlaceOptions,
}

impl<'s, 'g> Scorer<'s, 'g> {
    /// A scorer of the mentions `ms`; without `ctx` (the first pass) the
    /// document's context counts for nothing.
    pub fn new(
        ms: &'s [Mention],
        keys: &'s [(String, Vec<Candidate<'g>>)],
        quals: &'s [Vec<Qual>],
        ctx: Option<&'s Ctx>,
        opt: &'s PlaceOptions,
    ) -> Self {
        Scorer {
            ms,
            keys,
            quals,
            ctx,
            opt,
        }
    }

    /// The score of candidate `c` of mention `i`; with `why`, also the reason.
    pub fn score(&self, i: usize, c: usize, mut why: Option<&mut Why>) -> f32 {
        let (ms, keys, quals, opt) = (self.ms, self.keys, &self.quals[i], self.opt);
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
        // Not after a national capital's name: "the Washington government"
        // is the country's, not the state's.
        let region_government =
            m.hint == Hint::Government && !keys[m.key].1.iter().any(|o| o.place.capital);
        match m.hint {
            Hint::Admin if p.kind == PlaceKind::Admin1 => {
                add(&mut s, W_ADMIN_HINT, &mut why, &|| {
                    "region word follows".to_owned()
                });
                if let Some(y) = why.as_deref_mut() {
                    y.region_word = true;
                }
            }
            Hint::Government if p.kind == PlaceKind::Admin1 && region_government => {
                add(&mut s, W_ADMIN_HINT, &mut why, &|| {
                    "a region's government follows".to_owned()
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
                    .find(|o| within(&o.place, &p));
                if let Some(o) = hit {
                    add(&mut s, q.weight, &mut why, &|| {
                        format!("qualified by {}", o.place.name)
                    });
                    if let Some(y) = why.as_deref_mut() {
                        y.qualified = true;
                        y.qualifiers.push(o.place.id);
                    }
                }
            } else if q.outer == i {
                let inner = &ms[q.inner];
                let hit = keys[inner.key]
                    .1
                    .iter()
                    .take(5)
                    .find(|n| within(&p, &n.place));
                if let Some(n) = hit {
                    add(&mut s, q.weight * 0.7, &mut why, &|| {
                        format!("contains {}", n.place.name)
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
            && !region_government
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
        let Some(ctx) = self.ctx else {
            return s;
        };
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
            add(&mut s, W_ADMIN_CTX, &mut why, &|| {
                format!("{name} in context")
            });
            if let Some(y) = why.as_deref_mut() {
                y.admin1 = size;
            }
        }
        // Listed with regions of the same country, a name is the region
        // ("California or Washington", "Texas, Georgia and Florida"); listed
        // with countries, the country.
        if matches!(p.kind, PlaceKind::Admin1 | PlaceKind::Country)
            && let Some(&j) = m.siblings.iter().find(|&&j| {
                ms[j].key != m.key
                    && ms[j].confident
                    && ms[j].chosen.is_some_and(|k| {
                        let o = &keys[ms[j].key].1[k].place;
                        o.kind == p.kind && (p.kind == PlaceKind::Country || o.country == p.country)
                    })
            })
        {
            let name = ms[j].chosen.map_or("", |k| keys[ms[j].key].1[k].place.name);
            add(&mut s, W_SIBLING, &mut why, &|| {
                format!("listed with {name}")
            });
            if let Some(y) = why.as_deref_mut()
                && p.kind == PlaceKind::Admin1
            {
                y.admin1 = y.admin1.max(1.0);
            }
        }
        // A county the text names holds its towns, however small: "London"
        // in a story datelined "LAUREL COUNTY, Ky." is London, Kentucky.
        // The units nearest in the text, as for the anchors below.
        let at = ctx.admin2.partition_point(|&j| j < i);
        let near_units = &ctx.admin2
            [at.saturating_sub(ANCHOR_WINDOW)..(at + ANCHOR_WINDOW).min(ctx.admin2.len())];
        if let Some(&who) = near_units.iter().find(|&&j| {
            ms[j].key != m.key
                && ms[j]
                    .chosen
                    .is_some_and(|k| contains(&keys[ms[j].key].1[k].place, &p))
        }) {
            let county = ms[who]
                .chosen
                .map_or("", |k| keys[ms[who].key].1[k].place.name);
            add(&mut s, W_ADMIN_CTX, &mut why, &|| {
                format!("{county} in context")
            });
            if let Some(y) = why.as_deref_mut() {
                y.admin1 = y.admin1.max(size);
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
                // The anchor as resolved ("Luzerne County"), not as folded for lookup.
                let (key, chosen) = (&keys[ms[who].key], ms[who].chosen);
                let name = chosen
                    .and_then(|c| key.1.get(c))
                    .map_or(key.0.as_str(), |c| c.place.name);
                add(&mut s, v, &mut why, &|| format!("near {name} ({d:.0} km)"));
                if let Some(y) = why {
                    y.near = v / W_NEAR;
                }
            }
        }
        s
    }
}

/// How many confidently resolved places on each side of a mention count as
/// its neighbourhood for the distance bonus.
const ANCHOR_WINDOW: usize = 48;

fn context(ms: &[Mention], keys: &[(String, Vec<Candidate<'_>>)]) -> Ctx {
    let mut seen_keys = HashSet::new();
    let mut ctx = Ctx {
        countries: HashMap::new(),
        admin1: Vec::new(),
        admin2: Vec::new(),
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
        if p.kind == PlaceKind::Admin2
            && !ctx
                .admin2
                .iter()
                .any(|&j| ms[j].chosen == Some(c) && ms[j].key == m.key)
        {
            ctx.admin2.push(i);
        }
    }
    ctx
}

/// Chooses each mention's candidate: pass 1 by prior and qualifiers, passes
/// 2 and 3 with the context the confident choices of the pass before make.
/// Returns the last context.
pub(super) fn choose(
    ms: &mut [Mention],
    keys: &[(String, Vec<Candidate<'_>>)],
    quals: &[Vec<Qual>],
    opt: &PlaceOptions,
) -> Ctx {
    // Pass 1: prior and qualifiers; pass 2 and 3: with context.
    let mut ctx = Ctx::default();
    for pass in 0..3 {
        for i in 0..ms.len() {
            let scorer = Scorer::new(ms, keys, quals, (pass > 0).then_some(&ctx), opt);
            let scores: Vec<f32> = (0..keys[ms[i].key].1.len())
                .map(|c| scorer.score(i, c, None))
                .collect();
            ms[i].scores = scores;
        }
        for m in ms.iter_mut() {
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
        ctx = context(ms, keys);
    }
    ctx
}

/// One reading per name: a name qualified once ("Kingston, Luzerne
/// County, Pennsylvania") keeps that reading where it stands alone.
pub(super) fn one_reading(
    ms: &mut [Mention],
    keys: &[(String, Vec<Candidate<'_>>)],
    quals: &[Vec<Qual>],
    ctx: &Ctx,
    opt: &PlaceOptions,
) {
    let scorer = Scorer::new(ms, keys, quals, Some(ctx), opt);
    let mut qualified = vec![false; ms.len()];
    let mut reading: HashMap<usize, usize> = HashMap::new();
    for (i, m) in ms.iter().enumerate() {
        let Some(c) = m.chosen else { continue };
        let mut why = Why::default();
        scorer.score(i, c, Some(&mut why));
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
}

#[cfg(test)]
mod tests {
    use super::super::testing::{Found, places};
    use super::*;

    /// The `n`th mention (0-based) reported with surface `surface`.
    fn nth<'f>(found: &'f [Found], surface: &str, n: usize) -> &'f Found {
        found
            .iter()
            .filter(|f| f.surface == surface)
            .nth(n)
            .unwrap_or_else(|| panic!("no {surface} #{n} in {found:#?}"))
    }

    /// Text; mention and which of its occurrences; the entry's country and
    /// admin-1; a term the reason must name; one it must not.
    type Case = (
        &'static str,
        &'static str,
        usize,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
    );

    const CASES: &[Case] = &[
        (
            "Officials in Paris, Texas, said the road was closed.",
            "Paris",
            0,
            "US",
            "Texas",
            "qualified by Texas",
            "FR",
        ),
        // A mention is never evidence for its own candidates, and the
        // chain counts at every level.
        (
            "Kingston is a borough in Luzerne County, Pennsylvania, United States. Kingston has 13,000 people.",
            "Kingston",
            0,
            "US",
            "Pennsylvania",
            "qualified by Pennsylvania",
            "JM in context",
        ),
        (
            "Kingston is a borough in Luzerne County, Pennsylvania, United States. Kingston has 13,000 people.",
            "Kingston",
            1,
            "US",
            "Pennsylvania",
            "Pennsylvania in context",
            "JM in context",
        ),
        // A country the text never names is no context: Kingston, Jamaica
        // by its prior alone, however often it is repeated.
        (
            "Kingston was quiet on Monday. Kingston police made no arrests.",
            "Kingston",
            1,
            "JM",
            "Kingston",
            "capital",
            "in context",
        ),
        (
            "Prosperidad is a municipality in the province of Agusan, Philippines.",
            "Prosperidad",
            0,
            "PH",
            "Caraga",
            "qualified by Philippines",
            "none",
        ),
        (
            "Fighting reached Douma, a suburb of Damascus.",
            "Douma",
            0,
            "SY",
            "Rif-dimashq",
            "qualified by Damascus",
            "none",
        ),
        (
            "Alexandria is a city in the state of Louisiana.",
            "Alexandria",
            0,
            "US",
            "Louisiana",
            "qualified by Louisiana",
            "EG",
        ),
        // A state the text names counts, whatever the town's size.
        (
            "Storms hit Dallas and Paris on Monday, the Texas governor said.",
            "Paris",
            0,
            "US",
            "Texas",
            "Texas in context",
            "FR",
        ),
        // A county the text names counts for its towns, however small:
        // London, Kentucky (8,000 people) in Laurel County, not the capital.
        (
            "LAUREL COUNTY, Ky. - A man died in a crash in Laurel County. He was taken to a hospital in London.",
            "London",
            0,
            "US",
            "Kentucky",
            "Laurel County in context",
            "capital",
        ),
        // A region's government after a name both a town's and a region's
        // means the region.
        (
            "Former New York Gov. Mario Cuomo died on Thursday.",
            "New York",
            0,
            "US",
            "",
            "a region's government follows",
            "town of that name preferred",
        ),
        // Listed with states, Georgia is the state; with countries, the country.
        (
            "Storms hit Texas, Georgia and Florida on Monday.",
            "Georgia",
            0,
            "US",
            "",
            "listed with",
            "none",
        ),
        (
            "Talks with Armenia, Georgia and Azerbaijan went on.",
            "Georgia",
            0,
            "GE",
            "",
            "listed with Armenia",
            "none",
        ),
        (
            "Kingston, the capital of Jamaica, was quiet.",
            "Kingston",
            0,
            "JM",
            "Kingston",
            "qualified by Jamaica",
            "US in context",
        ),
    ];

    #[test]
    fn terms() {
        for &(text, surface, n, country, admin1, has, lacks) in CASES {
            let found = places(text);
            let f = nth(&found, surface, n);
            assert_eq!(
                (f.country.as_str(), f.admin1.as_str()),
                (country, admin1),
                "{text}: {f:?}"
            );
            assert!(f.reason.contains(has), "{text}: {:?} lacks {has}", f.reason);
            assert!(
                !f.reason.contains(lacks),
                "{text}: {:?} has {lacks}",
                f.reason
            );
        }
    }

    /// "X district of Y": Y is the town, not the governorate a region word
    /// would make it.
    #[test]
    fn district_of_a_town() {
        let found = places("Gunmen attacked the Shaab district of Baghdad.");
        let f = nth(&found, "Baghdad", 0);
        assert_eq!(f.kind, PlaceKind::Populated, "{f:?}");
        assert!(!f.reason.contains("region word"), "{f:?}");
    }
}
