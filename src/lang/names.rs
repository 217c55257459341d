//! Names: where proper-noun phrases start and end (a B/I/O perceptron
//! tagger over words and their tags), and what each one names (a
//! multinomial logistic regression over the span's words and shape, its
//! context, its place in the parse and what the gazetteer knows of it),
//! giving a probability per class.
//!
//! Trained on GUM's person, place, organization (and other) mentions whose
//! head is a proper noun.

use serde::Serialize;

use super::tagger::Lex;
use super::tags::{Deprel, Upos};
use super::weights::{Trainer, Weights, WeightsRef, feat, hash_str};
use crate::gazetteer::{Gazetteer, MatchKind, PlaceKind};

/// What a name names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NameClass {
    Person,
    Place,
    Organization,
    Other,
}

impl NameClass {
    pub const ALL: [NameClass; 4] = [
        NameClass::Person,
        NameClass::Place,
        NameClass::Organization,
        NameClass::Other,
    ];

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            NameClass::Person => "person",
            NameClass::Place => "place",
            NameClass::Organization => "organization",
            NameClass::Other => "other",
        }
    }

    /// GUM's entity type as one of the four classes.
    #[must_use]
    pub fn from_gum(etype: &str) -> NameClass {
        match etype {
            "person" => NameClass::Person,
            "place" => NameClass::Place,
            "organization" => NameClass::Organization,
            _ => NameClass::Other,
        }
    }
}

/// The probability of each class; they sum to 1.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct ClassProbs {
    pub person: f32,
    pub place: f32,
    pub organization: f32,
    pub other: f32,
}

impl ClassProbs {
    #[must_use]
    pub fn get(&self, c: NameClass) -> f32 {
        match c {
            NameClass::Person => self.person,
            NameClass::Place => self.place,
            NameClass::Organization => self.organization,
            NameClass::Other => self.other,
        }
    }

    /// The likeliest class.
    #[must_use]
    pub fn best(&self) -> NameClass {
        let mut b = NameClass::Person;
        for c in NameClass::ALL {
            if self.get(c) > self.get(b) {
                b = c;
            }
        }
        b
    }
}

/// What the name models read of a sentence: its tokens' forms, hashes,
/// tags and parse.
pub struct NameInput<'a> {
    pub forms: &'a [&'a str],
    pub lex: &'a [Lex],
    pub tags: &'a [Upos],
    /// Heads, 1-based with 0 the root, index 0 unused.
    pub heads: &'a [usize],
    pub labels: &'a [Deprel],
}

impl NameInput<'_> {
    fn len(&self) -> usize {
        self.forms.len()
    }
}

const PAD: u64 = 0x00ba_d000;

fn tag_h(t: Option<&Upos>) -> u64 {
    t.map_or(PAD, |t| t.index() as u64 + 1)
}

/// Tokens `first..=last` of a sentence (0-based).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Found {
    pub first: usize,
    pub last: usize,
}

/// A candidate name: a proper noun heading a phrase.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// The head token (0-based).
    pub head: usize,
    /// The whole phrase it heads, as a mention: its subtree without the
    /// case marker, conjuncts, clause-level dependents and edge punctuation
    /// ("the Cambridge Whig Club, which endorsed liberal politics").
    pub mention: Found,
    /// The proper-noun chain around the head: the head and the proper
    /// nouns hanging on it by `flat`, `compound` or `fixed`, contiguous
    /// ("Federal Security Service", "Mazar-e Sharif").
    pub core: Found,
}

/// Relations whose subtrees a mention leaves out.
fn outside_mention(rel: Deprel) -> bool {
    matches!(
        rel.as_str(),
        "case"
            | "cc"
            | "conj"
            | "punct"
            | "mark"
            | "cop"
            | "aux"
            | "nsubj"
            | "csubj"
            | "discourse"
            | "expl"
            | "advcl"
            | "obl"
            | "vocative"
            | "reparandum"
            | "orphan"
            | "parataxis"
            | "dep"
    )
}

/// The proper nouns of a sentence that head names, with their mentions.
#[must_use]
pub fn candidates(x: &NameInput<'_>) -> Vec<Candidate> {
    let n = x.len();
    let mut kids: Vec<Vec<usize>> = vec![Vec::new(); n];
    for k in 0..n {
        let h = x.heads[k + 1];
        if h > 0 && h <= n {
            kids[h - 1].push(k);
        }
    }
    let mut out = Vec::new();
    for h in 0..n {
        if x.tags[h] != Upos::Propn {
            continue;
        }
        let rel = x.labels[h + 1];
        let gov = x.heads[h + 1];
        let gov_propn = gov > 0 && x.tags.get(gov - 1) == Some(&Upos::Propn);
        // A proper noun inside a longer name is part of that name's core,
        // not a name of its own ("Security" of "Federal Security Service",
        // "York" of "New York City"); one that qualifies a common noun
        // stays a name ("the Albu Kamal crossing").
        let (l, r) = if gov > 0 {
            (h.min(gov - 1), h.max(gov - 1))
        } else {
            (h, h)
        };
        let chained = (l..=r).all(|k| {
            x.tags[k] == Upos::Propn || x.forms[k].chars().next().is_some_and(char::is_uppercase)
        });
        if matches!(rel.as_str(), "flat" | "fixed" | "goeswith" | "compound")
            && gov_propn
            && chained
        {
            continue;
        }
        // The mention: the subtree minus excluded dependents of the head;
        // a possessive 's after the head stays in ("Byron 's").
        let (mut lo, mut hi) = (h, h);
        let mut stack: Vec<usize> = kids[h]
            .iter()
            .copied()
            .filter(|&k| {
                let r = x.labels[k + 1];
                !outside_mention(r)
                    || (r.as_str() == "case"
                        && k > h
                        && x.lex[k].lower == super::weights::hash_str("'s"))
            })
            .collect();
        let mut steps = 0;
        while let Some(k) = stack.pop() {
            steps += 1;
            if steps > n {
                break;
            }
            lo = lo.min(k);
            hi = hi.max(k);
            stack.extend(kids[k].iter().copied());
        }
        while lo < h && x.tags[lo] == Upos::Punct {
            lo += 1;
        }
        while hi > h && x.tags[hi] == Upos::Punct {
            hi -= 1;
        }
        // The core: the contiguous proper nouns joined to the head or to
        // one another. A capitalised adjective or noun in the chain belongs
        // to the name too ("Federal Security Service"), except the first
        // word of a sentence, capitalised whatever it is ("Spokesman Jordan
        // Hale").
        let joined = |k: usize, (a, b): (usize, usize)| {
            let capital = x.forms[k].chars().next().is_some_and(char::is_uppercase);
            let tag_ok = x.tags[k] == Upos::Propn
                || (k > 0 && capital && matches!(x.tags[k], Upos::Adj | Upos::Noun));
            let g = x.heads[k + 1];
            tag_ok
                && matches!(
                    x.labels[k + 1].as_str(),
                    "flat" | "compound" | "fixed" | "goeswith" | "amod"
                )
                && g > a
                && g <= b + 1
        };
        let (mut a, mut b) = (h, h);
        loop {
            if a > 0 && joined(a - 1, (a, b)) {
                a -= 1;
            } else if b + 1 < n && joined(b + 1, (a, b)) {
                b += 1;
            } else {
                break;
            }
        }
        out.push(Candidate {
            head: h,
            mention: Found {
                first: lo,
                last: hi,
            },
            core: Found { first: a, last: b },
        });
    }
    out
}

/// The span's head token (0-based): the one whose head lies outside it.
#[must_use]
pub fn span_head(x: &NameInput<'_>, f: Found) -> usize {
    (f.first..=f.last)
        .find(|&k| {
            let h = x.heads[k + 1];
            h == 0 || h - 1 < f.first || h - 1 > f.last
        })
        .unwrap_or(f.last)
}

fn gaz_features(gaz: Option<&Gazetteer>, text: &str, t: u32, out: &mut Vec<u64>) {
    let Some(gaz) = gaz else { return };
    let cands = gaz.lookup(text);
    let Some(top) = cands.first() else {
        out.push(feat(t, 0, 0, 0));
        return;
    };
    let kind = match top.place.kind {
        PlaceKind::Populated => 1,
        // Admin-2 units as admin-1 (the feature predates them).
        PlaceKind::Admin1 | PlaceKind::Admin2 => 2,
        PlaceKind::Country => 3,
        PlaceKind::Region => 4,
        PlaceKind::User => 5,
    };
    let matched = match top.matched {
        MatchKind::Name => 1,
        MatchKind::Alternate => 2,
        MatchKind::Abbreviation => 3,
        MatchKind::Demonym => 4,
        MatchKind::WithoutArticle => 5,
        MatchKind::Overlay => 6,
    };
    let pop = (top.place.population as f64 + 1.0).log10().floor() as u64;
    let n = match cands.len() {
        1 => 1,
        2..=5 => 2,
        _ => 3,
    };
    out.extend_from_slice(&[
        feat(t, 1, 0, 0),
        feat(t + 1, kind, matched, 0),
        feat(t + 2, kind, pop, 0),
        feat(t + 3, n, kind, 0),
    ]);
}

fn class_features(x: &NameInput<'_>, c: Candidate, gaz: Option<&Gazetteer>, out: &mut Vec<u64>) {
    out.clear();
    let head = c.head;
    let f = c.core;
    // Leading determiners are part of GUM's spans but say little.
    let mut first = f.first;
    while first < head && matches!(x.tags[first], Upos::Det) {
        first += 1;
    }
    let lower = |k: Option<usize>| k.and_then(|k| x.lex.get(k)).map_or(PAD, |l| l.lower);
    let before = f.first.checked_sub(1);
    let before2 = f.first.checked_sub(2);
    let after = (f.last + 1 < x.len()).then_some(f.last + 1);
    let after2 = (f.last + 2 < x.len()).then_some(f.last + 2);
    let len = (f.last - first + 1).min(5) as u64;
    out.push(feat(0, 0, 0, 0));
    for k in first..=f.last {
        out.push(feat(1, x.lex[k].lower, 0, 0));
        out.push(feat(2, x.lex[k].suf3, 0, 0));
        out.push(feat(3, x.lex[k].shape, 0, 0));
    }
    out.extend_from_slice(&[
        feat(4, x.lex[head].lower, 0, 0),
        feat(5, x.lex[f.last].lower, 0, 0),
        feat(6, x.lex[first].lower, 0, 0),
        feat(7, len, 0, 0),
        feat(8, lower(before), 0, 0),
        feat(9, lower(before2), lower(before), 0),
        feat(10, lower(after), 0, 0),
        feat(11, lower(after), lower(after2), 0),
        feat(12, x.lex[f.last].suf3, len, 0),
        feat(13, u64::from(f.first != first), 0, 0),
        feat(14, x.lex[head].shape, len, 0),
    ]);
    // The parse: the head's relation, what it hangs on, and its case marker.
    let rel = x.labels[head + 1].index() as u64;
    let gov = x.heads[head + 1];
    let gov_lower = if gov == 0 { PAD } else { x.lex[gov - 1].lower };
    let gov_tag = if gov == 0 {
        PAD
    } else {
        tag_h(x.tags.get(gov - 1))
    };
    out.push(feat(15, rel, 0, 0));
    out.push(feat(16, rel, gov_lower, 0));
    out.push(feat(17, rel, gov_tag, 0));
    for k in 0..x.len() {
        if x.heads[k + 1] == head + 1 && (k < f.first || k > f.last) {
            let r = x.labels[k + 1];
            if matches!(
                r.as_str(),
                "case" | "amod" | "compound" | "nmod" | "appos" | "acl"
            ) {
                out.push(feat(18, r.index() as u64, x.lex[k].lower, 0));
            }
        }
    }
    // Words of the span in the gazetteer: the whole, then the head alone.
    let text: String = x.forms[first..=f.last].join(" ");
    gaz_features(gaz, &text, 30, out);
    if head != first || head != f.last {
        gaz_features(gaz, x.forms[head], 40, out);
    }
    out.push(feat(50, hash_str(&text.to_lowercase()), 0, 0));
    // The mention around the core: a determiner, a title, what it adds.
    let m = c.mention;
    out.push(feat(
        51,
        (m.last - m.first + 1).min(8) as u64,
        u64::from(m.first < f.first),
        u64::from(m.last > f.last),
    ));
    if m.first < f.first {
        out.push(feat(52, x.lex[m.first].lower, 0, 0));
    }
    if m.last > f.last {
        out.push(feat(53, x.lex[f.last + 1].lower, 0, 0));
    }
}

fn softmax(scores: &[f32; 4]) -> [f32; 4] {
    let m = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let e = scores.map(|s| (s - m).exp());
    let sum: f32 = e.iter().sum();
    e.map(|v| v / sum)
}

/// The class model.
#[derive(Clone, Copy, Debug)]
pub struct Classes<'m> {
    pub(crate) weights: WeightsRef<'m>,
}

impl Classes<'_> {
    /// The class probabilities of one span.
    #[must_use]
    pub fn classify(&self, x: &NameInput<'_>, c: Candidate, gaz: Option<&Gazetteer>) -> ClassProbs {
        let mut feats = Vec::with_capacity(48);
        class_features(x, c, gaz, &mut feats);
        let mut scores = [0.0f32; 4];
        self.weights.score(&feats, &mut scores);
        let p = softmax(&scores);
        ClassProbs {
            person: p[0],
            place: p[1],
            organization: p[2],
            other: p[3],
        }
    }
}

/// One training sentence for the name model: its input and its
/// candidates with their gold classes.
pub struct NameExample<'a> {
    pub input: NameInput<'a>,
    pub spans: Vec<(Candidate, NameClass)>,
}

/// Trains the class model by stochastic gradient descent on the log loss,
/// with a learning rate that decays per pass.
#[must_use]
pub fn train_classes(
    data: &[NameExample<'_>],
    gaz: Option<&Gazetteer>,
    epochs: usize,
    seed: u64,
) -> Weights {
    let mut t = Trainer::new(4);
    let mut rng = super::train::Rng::new(seed);
    let mut items: Vec<(usize, Candidate, NameClass)> = data
        .iter()
        .enumerate()
        .flat_map(|(k, ex)| ex.spans.iter().map(move |(f, c)| (k, *f, *c)))
        .collect();
    let feats: Vec<Vec<u64>> = items
        .iter()
        .map(|(k, f, _)| {
            let mut v = Vec::new();
            class_features(&data[*k].input, *f, gaz, &mut v);
            v
        })
        .collect();
    let mut order: Vec<usize> = (0..items.len()).collect();
    let mut scores = [0.0f32; 4];
    for epoch in 0..epochs {
        rng.shuffle(&mut order);
        let lr = 0.2 / (1.0 + epoch as f32);
        for &i in &order {
            let fs = &feats[i];
            t.score(fs, &mut scores);
            let p = softmax(&scores);
            let gold = items[i].2 as usize;
            for (c, pc) in p.iter().enumerate() {
                let y = if c == gold { 1.0 } else { 0.0 };
                let g = (y - pc) * lr;
                if g.abs() > 1e-6 {
                    for f in fs {
                        t.nudge(*f, c, g);
                    }
                }
            }
        }
    }
    items.clear();
    t.freeze(false, 1e-4, 1)
}
