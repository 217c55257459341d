//! The tag sets of the language layer: Universal POS tags and the universal
//! part of Universal Dependencies relations (what comes before any `:`).

use std::fmt;

/// A Universal POS tag (UD v2, 17 tags).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "UPPERCASE")]
#[repr(u8)]
pub enum Upos {
    Adj,
    Adp,
    Adv,
    Aux,
    Cconj,
    Det,
    Intj,
    Noun,
    Num,
    Part,
    Pron,
    Propn,
    Punct,
    Sconj,
    Sym,
    Verb,
    X,
}

impl Upos {
    /// Every tag, in the order of their indices.
    pub const ALL: [Upos; 17] = [
        Upos::Adj,
        Upos::Adp,
        Upos::Adv,
        Upos::Aux,
        Upos::Cconj,
        Upos::Det,
        Upos::Intj,
        Upos::Noun,
        Upos::Num,
        Upos::Part,
        Upos::Pron,
        Upos::Propn,
        Upos::Punct,
        Upos::Sconj,
        Upos::Sym,
        Upos::Verb,
        Upos::X,
    ];
    const NAMES: [&'static str; 17] = [
        "ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON", "PROPN",
        "PUNCT", "SCONJ", "SYM", "VERB", "X",
    ];

    #[must_use]
    pub fn index(self) -> usize {
        self as usize
    }

    #[must_use]
    pub fn from_index(i: usize) -> Option<Upos> {
        Self::ALL.get(i).copied()
    }

    /// The tag's name as CoNLL-U writes it ("PROPN").
    #[must_use]
    pub fn as_str(self) -> &'static str {
        Self::NAMES[self.index()]
    }

    /// Parses a CoNLL-U UPOS column.
    #[must_use]
    pub fn parse(s: &str) -> Option<Upos> {
        Self::NAMES
            .iter()
            .position(|n| *n == s)
            .map(|i| Self::ALL[i])
    }

    /// A noun, proper noun or pronoun: what heads a noun phrase.
    #[must_use]
    pub fn is_nominal(self) -> bool {
        matches!(self, Upos::Noun | Upos::Propn | Upos::Pron | Upos::Num)
    }
}

impl fmt::Display for Upos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The universal part of a dependency relation ("obl" of "obl:tmod").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Deprel(u8);

impl Deprel {
    const NAMES: [&'static str; 37] = [
        "acl",
        "advcl",
        "advmod",
        "amod",
        "appos",
        "aux",
        "case",
        "cc",
        "ccomp",
        "clf",
        "compound",
        "conj",
        "cop",
        "csubj",
        "dep",
        "det",
        "discourse",
        "dislocated",
        "expl",
        "fixed",
        "flat",
        "goeswith",
        "iobj",
        "list",
        "mark",
        "nmod",
        "nsubj",
        "nummod",
        "obj",
        "obl",
        "orphan",
        "parataxis",
        "punct",
        "reparandum",
        "root",
        "vocative",
        "xcomp",
    ];
    /// How many relations there are.
    pub const COUNT: usize = Self::NAMES.len();
    pub const ROOT: Deprel = Deprel(34);
    pub const DEP: Deprel = Deprel(14);

    /// The relation named `s`; a subtype (`nmod:poss`) counts as its
    /// universal part. Unknown names are `None`.
    #[must_use]
    pub fn parse(s: &str) -> Option<Deprel> {
        let universal = s.split(':').next().unwrap_or(s);
        Self::NAMES
            .iter()
            .position(|n| *n == universal)
            .map(|i| Deprel(i as u8))
    }

    #[must_use]
    pub fn index(self) -> usize {
        self.0 as usize
    }

    #[must_use]
    pub fn from_index(i: usize) -> Option<Deprel> {
        (i < Self::COUNT).then_some(Deprel(i as u8))
    }

    #[must_use]
    pub fn as_str(self) -> &'static str {
        Self::NAMES[self.index()]
    }

    /// `nsubj` or `csubj`: the subject of a clause.
    #[must_use]
    pub fn is_subject(self) -> bool {
        matches!(self.as_str(), "nsubj" | "csubj")
    }

    /// A relation that opens a clause of its own under its head.
    #[must_use]
    pub fn is_clausal(self) -> bool {
        matches!(
            self.as_str(),
            "root" | "acl" | "advcl" | "ccomp" | "csubj" | "xcomp" | "parataxis" | "conj"
        )
    }
}

impl fmt::Display for Deprel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for u in Upos::ALL {
            assert_eq!(Upos::parse(u.as_str()), Some(u));
        }
        for i in 0..Deprel::COUNT {
            let d = Deprel::from_index(i).unwrap();
            assert_eq!(Deprel::parse(d.as_str()), Some(d));
        }
        assert_eq!(Deprel::parse("root"), Some(Deprel::ROOT));
        assert_eq!(Deprel::parse("dep"), Some(Deprel::DEP));
        assert_eq!(Deprel::parse("nmod:poss").map(Deprel::as_str), Some("nmod"));
        assert_eq!(Deprel::parse("obl:tmod").map(Deprel::as_str), Some("obl"));
        assert_eq!(Deprel::parse("bogus"), None);
        assert_eq!(Upos::parse("propn"), None);
    }
}
