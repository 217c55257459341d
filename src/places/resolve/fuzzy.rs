//! Misspelt names ("Palmrya"): a capitalized word that matched no name is
//! compared with the places the text names, then with one deletion or
//! transposition of it that names a place in a focus country.

use std::collections::{HashMap, HashSet};

use crate::gazetteer::{PlaceKind, fold_into};
use crate::places::lexicon;
use crate::span::Span;

use super::super::detect::Raw;
use super::filter::covered;
use super::qualifiers::Hint;
use super::score::approx_km;
use super::{Keys, Mention, Resolver, cc, left_word, right_word};

/// Damerau-Levenshtein distance (optimal string alignment), on chars.
pub(super) fn edit_distance(a: &str, b: &str) -> usize {
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

impl<'g> Resolver<'_, 'g> {
    /// Adds the capitalized words that match no name but are one or two
    /// edits from a place the text names, or one deletion or transposition
    /// from a place in a focus country (marked `fuzzy`).
    pub(super) fn fuzzy(
        &self,
        raws: &[Raw],
        blocked: &[Span],
        ms: &mut Vec<Mention>,
        keys: &mut Keys<'g>,
    ) {
        let (text, units, gaz, opt) = (self.text, &self.units[..], self.gaz, self.opt);
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
            if let Some(c) = cc(&keys.list[m.key].1[0].place) {
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
            .map(|m| keys.list[m.key].1[0].place)
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
                let kk = &keys.list[k].0;
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
                            found = Some(keys.intern(gaz, &variant));
                            break 'variants;
                        }
                    }
                }
            }
            if let Some(k) = found {
                added.push(Mention {
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
                    postal: false,
                    siblings: Vec::new(),
                });
            }
        }
        ms.extend(added);
    }
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

    #[test]
    fn misspelt_names_of_places_in_the_text() {
        use super::super::testing::places;
        // Text, word, the entry it is read as (None: not a place).
        let cases = [
            (
                "Troops entered Palmyra on Thursday. The battle for Palmrya lasted weeks.",
                "Palmrya",
                Some("Tadmur"),
            ),
            // Nothing nearby in the text to be a misspelling of.
            ("The battle for Palmrya lasted weeks.", "Palmrya", None),
        ];
        for (text, surface, want) in cases {
            let found = places(text);
            let f = found.iter().find(|f| f.surface == surface);
            assert_eq!(f.map(|f| f.name.as_str()), want, "{text}: {found:#?}");
            assert!(f.is_none_or(|f| f.fuzzy), "{text}");
        }
    }
}
