//! How sure a place resolution is, as a probability: a logistic model over
//! named pieces of evidence ("a country's name", "qualified by Texas", "the
//! word is also written in lower case here", "the language layer reads a
//! person"), with weights fitted on annotated news
//! (`benches/tools/fit_confidence.rs`) and kept in
//! `assets/places/confidence.tsv`.
//!
//! The probability answers "is this mention a place, and the place the
//! gazetteer entry says?": of the mentions stated at 0.9, about nine in ten
//! should be right. The fit's reliability tables are in that file's header.

use std::sync::LazyLock;

/// The evidence the model weighs, in the order of [`Evidence::values`].
/// Values are 0..1 (flags are 0 or 1); `bias` is always 1.
pub const FEATURES: [&str; N] = [
    "bias",
    // How the chosen entry stands against the others.
    "margin",
    "lone_candidate",
    "candidates",
    // What the entry is.
    "kind_country",
    "kind_admin1",
    "kind_region",
    "kind_user",
    "capital",
    "population",
    "population_100k",
    "population_1m",
    "alternate_name",
    "alternate_name_population",
    "spelling_variant",
    "abbreviation",
    // What the text says about it.
    "qualified",
    "contains_other",
    "region_word",
    "country_in_context",
    "admin1_in_context",
    "near",
    "dateline",
    // How the mention is written.
    "fuzzy",
    "adjectival",
    "metonymy",
    "multiword",
    "all_caps",
    "sentence_start",
    "lowercase_elsewhere",
    "common_word",
    "given_name",
    // What the language layer's name classifier reads.
    "name_person",
    "name_organization",
    "name_place",
];

/// What each feature means, for the inspector ("why this confidence").
pub const LABELS: [&str; N] = [
    "base rate",
    "margin over the best rival elsewhere",
    "no rival elsewhere",
    "many rivals elsewhere",
    "a country",
    "a state or province",
    "a region",
    "the analyst's overlay place",
    "a capital",
    "population",
    "a town of 100,000 or more",
    "a city of a million or more",
    "matched an alternate name",
    "an alternate name of a large place",
    "another spelling of its name",
    "matched an abbreviation",
    "qualified in the text",
    "contains another place named",
    "a region word follows",
    "its country in context",
    "its state in context",
    "near places already found",
    "in the dateline",
    "matched through a misspelling",
    "an adjective",
    "stands for a government",
    "several words",
    "written in capitals",
    "at a sentence start or in a headline",
    "also written in lower case here",
    "a common English word",
    "a given name",
    "read as a person",
    "read as an organisation",
    "read as a place",
];

/// The evidence that a reading is a place the dispatch supports, with the
/// value each must reach: a qualifier, its country, state or neighbours
/// named, a verb that reads it as a government, the language layer reading
/// the name as a place. A mention with any of them is reported however
/// unlikely its entry: the floor removes what is likely not a place at all.
pub const SUPPORT: [(&str, f32); 6] = [
    ("qualified", 0.0),
    ("country_in_context", 0.0),
    ("admin1_in_context", 0.0),
    ("near", 0.0),
    ("metonymy", 0.0),
    ("name_place", 0.5),
];

impl Evidence {
    /// Whether any of [`SUPPORT`] is present.
    #[must_use]
    pub fn supported(&self) -> bool {
        any_of(self, &SUPPORT)
    }
}

/// The evidence that a mention is not a place at all, with the value each
/// must reach: the word written in lower case elsewhere in the dispatch, a
/// common English word, a given name. Only such a mention is dropped below
/// the floor. (The language layer's surest readings of a person or an
/// organisation drop a mention earlier, whatever its probability.)
pub const AGAINST: [(&str, f32); 3] = [
    ("lowercase_elsewhere", 0.0),
    ("common_word", 0.0),
    ("given_name", 0.0),
];

/// The language layer reading a name more likely as a person's or an
/// organisation's than not: against a small town of that name only, since
/// a sentence too short to tell ("Shelling hit Hama.") can read a city as
/// a person.
pub const READ_AS_OTHER: [(&str, f32); 2] = [("name_person", 0.5), ("name_organization", 0.5)];

/// What makes an entry more than a small town: [`READ_AS_OTHER`] does not
/// count against it.
const NOT_SMALL: [(&str, f32); 6] = [
    ("kind_country", 0.0),
    ("kind_admin1", 0.0),
    ("kind_region", 0.0),
    ("kind_user", 0.0),
    ("capital", 0.0),
    ("population_100k", 0.0),
];

impl Evidence {
    /// Whether any of [`AGAINST`] is present, or [`READ_AS_OTHER`] of a small town.
    #[must_use]
    pub fn against(&self) -> bool {
        any_of(self, &AGAINST) || (!any_of(self, &NOT_SMALL) && any_of(self, &READ_AS_OTHER))
    }
}

fn any_of(e: &Evidence, list: &[(&str, f32)]) -> bool {
    list.iter().any(|&(f, min)| {
        let v = e.get(f);
        if min > 0.0 { v >= min } else { v > 0.0 }
    })
}

/// Number of features.
pub const N: usize = 35;

/// One mention's evidence: a value per [`FEATURES`] entry.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Evidence {
    pub values: [f32; N],
}

impl Default for Evidence {
    fn default() -> Self {
        let mut values = [0.0; N];
        values[0] = 1.0;
        Self { values }
    }
}

impl Evidence {
    /// Sets feature `name` to `v`, clamped to 0..1.
    ///
    /// # Panics
    /// On a name not in [`FEATURES`]: a programming error the unit tests catch.
    pub fn set(&mut self, name: &str, v: f32) {
        let i = index(name).unwrap_or_else(|| panic!("unknown confidence feature {name}"));
        self.values[i] = if v.is_finite() {
            v.clamp(0.0, 1.0)
        } else {
            0.0
        };
    }

    /// Sets flag `name` to 1 when `on`.
    pub fn flag(&mut self, name: &str, on: bool) {
        self.set(name, if on { 1.0 } else { 0.0 });
    }

    #[must_use]
    pub fn get(&self, name: &str) -> f32 {
        index(name).map_or(0.0, |i| self.values[i])
    }

    /// The probability under the shipped weights.
    #[must_use]
    pub fn probability(&self) -> f32 {
        probability(&WEIGHTS, self)
    }

    /// The features that moved the probability most, as their
    /// [`LABELS`] with signed contributions (weight × value), largest
    /// first; the base rate left out.
    #[must_use]
    pub fn strongest(&self, k: usize) -> Vec<(&'static str, f32)> {
        let mut v: Vec<(&'static str, f32)> = (1..N)
            .map(|i| (LABELS[i], WEIGHTS.0[i] * self.values[i]))
            .filter(|(_, c)| c.abs() >= 0.05)
            .collect();
        v.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
        v.truncate(k);
        v
    }
}

/// Evidence as a mention keeps it: each value (0..1) in steps of 1/65535,
/// half the bytes of [`Evidence`] (a 50 MB text holds most of a million
/// mentions). The confidence is computed from the exact values before they
/// are saved; what is read back (the inspector's strongest terms, the
/// confidence fit's inputs) is within half a step of them, and a value
/// above zero stays above zero (at least one step).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SavedEvidence {
    steps: [u16; N],
}

impl Default for SavedEvidence {
    fn default() -> Self {
        Evidence::default().saved()
    }
}

impl Evidence {
    /// The values as a mention keeps them.
    #[must_use]
    pub fn saved(&self) -> SavedEvidence {
        let mut steps = [0u16; N];
        for (q, &v) in steps.iter_mut().zip(&self.values) {
            // Values are clamped to 0..1 by `set`, so the cast cannot wrap.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let step = (v.clamp(0.0, 1.0) * 65535.0).round() as u16;
            *q = if v > 0.0 { step.max(1) } else { 0 };
        }
        SavedEvidence { steps }
    }
}

impl SavedEvidence {
    /// The values back, to weigh or explain.
    #[must_use]
    pub fn evidence(&self) -> Evidence {
        let mut values = [0.0f32; N];
        for (v, &q) in values.iter_mut().zip(&self.steps) {
            *v = f32::from(q) / 65535.0;
        }
        Evidence { values }
    }
}

fn index(name: &str) -> Option<usize> {
    FEATURES.iter().position(|f| *f == name)
}

/// A weight per feature.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Weights(pub [f32; N]);

/// `1 / (1 + e^-(w·x))`.
#[must_use]
pub fn probability(w: &Weights, x: &Evidence) -> f32 {
    let z: f32 = w.0.iter().zip(&x.values).map(|(w, x)| w * x).sum();
    1.0 / (1.0 + (-z).exp())
}

/// The shipped weights, compiled in. `tests::shipped_weights_parse` proves
/// the file parses, so the `expect` cannot fire in a built binary.
pub static WEIGHTS: LazyLock<Weights> = LazyLock::new(|| {
    parse(include_str!("../../assets/places/confidence.tsv"))
        .expect("assets/places/confidence.tsv is checked by a unit test")
});

/// A line of the weights file that cannot be read.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum WeightsError {
    #[error("line {line}: unknown feature {name:?}")]
    Unknown { line: usize, name: String },
    #[error("line {line}: feature {name:?} given twice")]
    Twice { line: usize, name: String },
    #[error("line {line}: {value:?} is not a number")]
    NotANumber { line: usize, value: String },
    #[error("line {line}: expected \"feature<TAB>weight\"")]
    Shape { line: usize },
    #[error("feature {0:?} has no weight")]
    Missing(&'static str),
}

/// Reads `feature<TAB>weight` lines; `#` starts a comment. Every feature
/// must have exactly one weight.
pub fn parse(src: &str) -> Result<Weights, WeightsError> {
    let mut w = [0.0f32; N];
    let mut seen = [false; N];
    for (n, raw) in src.lines().enumerate() {
        let line = n + 1;
        let body = raw.split('#').next().unwrap_or("").trim();
        if body.is_empty() {
            continue;
        }
        let mut parts = body.split_whitespace();
        let (Some(name), Some(value), None) = (parts.next(), parts.next(), parts.next()) else {
            return Err(WeightsError::Shape { line });
        };
        let Some(i) = index(name) else {
            return Err(WeightsError::Unknown {
                line,
                name: name.to_owned(),
            });
        };
        if seen[i] {
            return Err(WeightsError::Twice {
                line,
                name: name.to_owned(),
            });
        }
        let v: f32 = value
            .parse()
            .ok()
            .filter(|v: &f32| v.is_finite())
            .ok_or_else(|| WeightsError::NotANumber {
                line,
                value: value.to_owned(),
            })?;
        w[i] = v;
        seen[i] = true;
    }
    if let Some(i) = seen.iter().position(|s| !s) {
        return Err(WeightsError::Missing(FEATURES[i]));
    }
    Ok(Weights(w))
}

/// Writes weights in the format [`parse`] reads, after `header` (each of
/// its lines becomes a comment).
#[must_use]
pub fn format(w: &Weights, header: &str) -> String {
    let mut out = String::new();
    for l in header.lines() {
        out.push_str("# ");
        out.push_str(l);
        out.push('\n');
    }
    for (name, v) in FEATURES.iter().zip(w.0) {
        out.push_str(&std::format!("{name}\t{v:.4}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_weights_parse() {
        parse(include_str!("../../assets/places/confidence.tsv")).unwrap();
    }

    #[test]
    fn features_are_distinct() {
        let mut f = FEATURES.to_vec();
        f.sort_unstable();
        f.dedup();
        assert_eq!(f.len(), N);
        assert_eq!(FEATURES[0], "bias");
    }

    #[test]
    fn format_then_parse_is_the_same() {
        let mut w = Weights([0.0; N]);
        for (i, v) in w.0.iter_mut().enumerate() {
            #[allow(clippy::cast_precision_loss)]
            let x = i as f32 * 0.25 - 3.0;
            *v = x;
        }
        assert_eq!(parse(&format(&w, "a\nb")).unwrap(), w);
    }

    #[test]
    fn bad_files_name_their_line() {
        let good = format(&Weights([0.5; N]), "");
        assert_eq!(
            parse(&good.replace("bias", "bias2")),
            Err(WeightsError::Unknown {
                line: 1,
                name: "bias2".into()
            })
        );
        assert_eq!(
            parse(&format!("{good}margin\t1\n")),
            Err(WeightsError::Twice {
                line: N + 1,
                name: "margin".into()
            })
        );
        assert_eq!(
            parse(&good.replace("margin\t0.5000", "margin\tx")),
            Err(WeightsError::NotANumber {
                line: 2,
                value: "x".into()
            })
        );
        assert_eq!(
            parse(&good.replace("margin\t0.5000\n", "")),
            Err(WeightsError::Missing("margin"))
        );
        assert_eq!(parse("bias 1 2\n"), Err(WeightsError::Shape { line: 1 }));
    }

    #[test]
    fn probability_is_logistic() {
        let w = Weights([0.0; N]);
        assert!((probability(&w, &Evidence::default()) - 0.5).abs() < 1e-6);
        let mut w = Weights([0.0; N]);
        w.0[0] = 2.0;
        let p = probability(&w, &Evidence::default());
        assert!((p - 1.0 / (1.0 + (-2.0f32).exp())).abs() < 1e-6);
    }

    #[test]
    fn set_clamps_and_flags() {
        let mut e = Evidence::default();
        e.set("population", 3.0);
        e.flag("fuzzy", true);
        e.set("near", f32::NAN);
        assert_eq!(e.get("population"), 1.0);
        assert_eq!(e.get("fuzzy"), 1.0);
        assert_eq!(e.get("near"), 0.0);
    }

    #[test]
    fn saved_evidence_reads_back_within_a_step() {
        let mut e = Evidence::default();
        e.set("population", 0.123_456);
        e.set("margin", 1.0);
        e.set("near", 1e-7);
        let back = e.saved().evidence();
        for (a, b) in e.values.iter().zip(&back.values) {
            assert!((a - b).abs() <= 1.0 / 65535.0, "{a} {b}");
        }
        // A term that is present stays present (the "supported" tests read > 0).
        assert!(back.get("near") > 0.0);
        assert_eq!(back.get("margin"), 1.0);
        assert_eq!(back.get("bias"), 1.0);
        assert_eq!(back.get("fuzzy"), 0.0);
        assert!((back.probability() - e.probability()).abs() < 1e-4);
        assert_eq!(SavedEvidence::default().evidence(), Evidence::default());
        assert_eq!(
            std::mem::size_of::<SavedEvidence>() * 2,
            std::mem::size_of::<Evidence>()
        );
    }
}
