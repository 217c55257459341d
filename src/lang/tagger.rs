//! The part-of-speech tagger: a greedy left-to-right averaged perceptron over
//! hashed features of the word, its affixes and shape, its neighbours and
//! the two tags before it, with a dictionary of unambiguous frequent words
//! that skips scoring.

use std::collections::HashMap;

use super::tags::Upos;
use super::weights::{Trainer, WeightsRef, feat, hash_str, mix};

/// What the tagger's and parser's features see of one token: hashes of its
/// forms, computed once per token.
#[derive(Clone, Copy, Debug, Default)]
pub struct Lex {
    pub form: u64,
    pub lower: u64,
    pub suf1: u64,
    pub suf2: u64,
    pub suf3: u64,
    pub pre1: u64,
    pub shape: u64,
    /// The last part of a hyphenated word ("backed" of "Russian-backed").
    pub last_part: u64,
}

/// A sentence padding token's hashes.
const PAD: u64 = 0x5eed_0000_0000_0001;

impl Lex {
    #[must_use]
    pub fn new(form: &str) -> Lex {
        let lower = normal_lower(form);
        let chars: Vec<char> = lower.chars().collect();
        let suffix = |n: usize| -> u64 {
            if chars.len() < n {
                PAD ^ n as u64
            } else {
                hash_str(&chars[chars.len() - n..].iter().collect::<String>())
            }
        };
        let last_part = match lower.rsplit_once('-') {
            Some((_, p)) if !p.is_empty() => hash_str(p),
            _ => PAD,
        };
        Lex {
            form: hash_str(form),
            lower: hash_str(&lower),
            suf1: suffix(1),
            suf2: suffix(2),
            suf3: suffix(3),
            pre1: chars.first().map_or(PAD, |c| u64::from(*c)),
            shape: hash_str(&shape(form)),
            last_part,
        }
    }

    fn pad() -> Lex {
        Lex {
            form: PAD,
            lower: PAD,
            suf1: PAD,
            suf2: PAD,
            suf3: PAD,
            pre1: PAD,
            shape: PAD,
            last_part: PAD,
        }
    }
}

/// The lowercase form with every digit as `0` ("1,000" -> "0,000").
#[must_use]
pub fn normal_lower(form: &str) -> String {
    form.chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c.is_ascii_digit() { '0' } else { c })
        .collect()
}

/// The word's shape, runs collapsed: "Aleppo" -> "Xx", "U.S." -> "X.X.",
/// "F-16" -> "X-d", "al-Assad" -> "x-Xx".
#[must_use]
pub fn shape(form: &str) -> String {
    let mut out = String::new();
    let mut last = '\0';
    for c in form.chars().take(40) {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else if c.is_alphabetic() {
            'o'
        } else {
            c
        };
        if s != last {
            out.push(s);
        }
        last = s;
    }
    out
}

/// The tagger's model: weights and the dictionary of unambiguous words.
#[derive(Clone, Debug)]
pub struct Tagger<'m> {
    pub(crate) weights: WeightsRef<'m>,
    pub(crate) dict: &'m HashMap<String, Upos>,
}

const N_TAGS: usize = 17;
const NO_TAG: u64 = 99;

fn features(lex: &[Lex], i: usize, p1: u64, p2: u64, initial: bool, out: &mut Vec<u64>) {
    out.clear();
    let at = |k: isize| -> Lex {
        let j = i as isize + k;
        if j < 0 || j as usize >= lex.len() {
            Lex::pad()
        } else {
            lex[j as usize]
        }
    };
    let (w, prev, next, prev2, next2) = (at(0), at(-1), at(1), at(-2), at(2));
    out.extend_from_slice(&[
        feat(0, 0, 0, 0),
        feat(1, w.lower, 0, 0),
        feat(2, w.form, 0, 0),
        feat(3, w.suf1, 0, 0),
        feat(4, w.suf2, 0, 0),
        feat(5, w.suf3, 0, 0),
        feat(6, w.pre1, 0, 0),
        feat(7, w.shape, 0, 0),
        feat(8, prev.lower, 0, 0),
        feat(9, next.lower, 0, 0),
        feat(10, prev2.lower, 0, 0),
        feat(11, next2.lower, 0, 0),
        feat(12, prev.suf3, 0, 0),
        feat(13, next.suf3, 0, 0),
        feat(14, p1, 0, 0),
        feat(15, p1, p2, 0),
        feat(16, p1, w.lower, 0),
        feat(17, next.shape, 0, 0),
        feat(18, prev.shape, 0, 0),
        feat(19, w.lower, next.lower, 0),
        feat(20, prev.lower, w.lower, 0),
        feat(21, u64::from(initial), w.shape, 0),
        feat(22, w.last_part, 0, 0),
        feat(23, p1, w.suf3, 0),
        feat(24, w.shape, next.shape, 0),
    ]);
}

fn best(scores: &[f32]) -> usize {
    let mut b = 0;
    for (i, s) in scores.iter().enumerate() {
        if *s > scores[b] {
            b = i;
        }
    }
    b
}

impl Tagger<'_> {
    /// Tags one sentence of forms.
    #[must_use]
    pub fn tag(&self, forms: &[&str], lex: &[Lex]) -> Vec<Upos> {
        let mut tags = Vec::with_capacity(forms.len());
        let mut feats = Vec::with_capacity(32);
        let mut scores = [0.0f32; N_TAGS];
        let (mut p1, mut p2) = (NO_TAG, NO_TAG);
        for (i, form) in forms.iter().enumerate() {
            let tag = match self.dict.get(*form) {
                Some(t) => *t,
                None => {
                    features(lex, i, p1, p2, i == 0, &mut feats);
                    self.weights.score(&feats, &mut scores);
                    Upos::from_index(best(&scores)).unwrap_or(Upos::X)
                }
            };
            tags.push(tag);
            p2 = p1;
            p1 = tag.index() as u64;
        }
        tags
    }
}

/// A gold sentence for training: forms and their tags.
pub struct TagExample<'a> {
    pub forms: Vec<&'a str>,
    pub tags: Vec<Upos>,
}

/// The unambiguous frequent words of a training set: seen at least 20
/// times, with one tag at least 99.5% of the time.
#[must_use]
pub fn build_dict(data: &[TagExample<'_>]) -> Vec<(String, Upos)> {
    let mut counts: HashMap<&str, [u32; N_TAGS]> = HashMap::new();
    for ex in data {
        for (f, t) in ex.forms.iter().zip(&ex.tags) {
            counts.entry(f).or_insert([0; N_TAGS])[t.index()] += 1;
        }
    }
    let mut out: Vec<(String, Upos)> = counts
        .into_iter()
        .filter_map(|(w, c)| {
            let total: u32 = c.iter().sum();
            let top = best(&c.map(|n| n as f32));
            (total >= 20 && f64::from(c[top]) / f64::from(total) >= 0.995)
                .then(|| (w.to_string(), Upos::from_index(top).expect("index < 17")))
        })
        .collect();
    out.sort();
    out
}

/// Trains the tagger's weights for `epochs` passes in an order shuffled by
/// `seed` (the same seed and data give the same weights).
#[must_use]
pub fn train(data: &[TagExample<'_>], epochs: usize, seed: u64) -> super::weights::Weights {
    let mut t = Trainer::new(N_TAGS);
    let lexes: Vec<Vec<Lex>> = data
        .iter()
        .map(|ex| ex.forms.iter().map(|f| Lex::new(f)).collect())
        .collect();
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut rng = super::train::Rng::new(seed);
    let mut feats = Vec::new();
    let mut scores = [0.0f32; N_TAGS];
    for _ in 0..epochs {
        rng.shuffle(&mut order);
        for &k in &order {
            let (ex, lex) = (&data[k], &lexes[k]);
            let (mut p1, mut p2) = (NO_TAG, NO_TAG);
            for i in 0..ex.forms.len() {
                features(lex, i, p1, p2, i == 0, &mut feats);
                t.score(&feats, &mut scores);
                let guess = best(&scores);
                t.update(&feats, ex.tags[i].index(), guess);
                p2 = p1;
                p1 = guess as u64;
            }
        }
    }
    t.freeze(true, 1e-3, 2)
}

/// A hash of a tag for parser features.
#[must_use]
pub fn tag_hash(t: Option<Upos>) -> u64 {
    mix(0x7a9, t.map_or(NO_TAG, |t| t.index() as u64))
}
