//! Word lists as data: each list lives once, in `assets/lexicon/<file>`
//! (one entry a line, `#` starts a comment, a header comment saying what
//! the list is for and who reads it), compiled in with `include_str!` and
//! parsed on first use into a sorted set. [`has`] answers membership.
//!
//! Entries are folded as the gazetteer folds names (lowercase, no periods or
//! diacritics), so a folded word or key is looked up as it is. A test keeps
//! every file sorted, folded and free of duplicates.
//!
//! Must not: read files at run time, touch egui, or use another module of
//! the crate.

use std::sync::LazyLock;

macro_rules! lists {
    ($($(#[doc = $doc:literal])* $variant:ident => $file:literal,)*) => {
        /// A word list (see its file in `assets/lexicon/`).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum List {
            $($(#[doc = $doc])* $variant,)*
        }

        impl List {
            /// Every list, in the order of [`List`].
            pub const ALL: &[List] = &[$(List::$variant),*];

            /// The list's file name in `assets/lexicon/`.
            #[must_use]
            pub fn file(self) -> &'static str {
                match self {
                    $(List::$variant => $file,)*
                }
            }

            /// The file's text, compiled in.
            #[must_use]
            pub fn source(self) -> &'static str {
                match self {
                    $(List::$variant => include_str!(concat!("../assets/lexicon/", $file)),)*
                }
            }
        }
    };
}

lists! {
    /// Never a place on their own: months, weekdays, function words, acronyms.
    Never => "never.txt",
    /// Common English words that are also names of places.
    Common => "common.txt",
    /// Titles that make the next name a person's ("general", "minister").
    Titles => "titles.txt",
    /// Given names that make the next name a person's.
    GivenNames => "given-names.txt",
    /// Given names that are other names of some place ("Ahmad").
    PersonNames => "person-names.txt",
    /// Heads of organisations' names ("committee", "university").
    OrgHeads => "org-heads.txt",
    /// Last words of street names ("street", "road", "avenue").
    StreetWords => "street-words.txt",
    /// Seats of government named by their building ("White House", "Kremlin").
    Institutions => "institutions.txt",
    /// Words after a name that make it a news outlet's ("news agency").
    MediaWords => "media-words.txt",
    /// Heads of government bodies' names ("ministry").
    GovHeads => "gov-heads.txt",
    /// Words of a department before a government head ("Defence").
    DeptWords => "dept-words.txt",
    /// Words that open a place's name ("mount", "lake").
    PlacePrefixes => "place-prefixes.txt",
    /// Speech, cognition and diplomacy verbs of a country as an actor.
    ActorVerbs => "actor-verbs.txt",
    /// Verbs whose object is a country as an actor ("pressed Moscow").
    ActorObjectVerbs => "actor-object-verbs.txt",
    /// Nouns after a possessive that make a country an actor ("support").
    ActorNouns => "actor-nouns.txt",
    /// Words after a name that make it a region's government ("governor").
    RegionGovWords => "region-gov-words.txt",
    /// Region words ("province", "county").
    AdminWords => "admin-words.txt",
    /// Parts of a place that are not admin units ("suburb", "quarter").
    PartWords => "part-words.txt",
    /// Words saying where inside a place ("northern", "rural").
    Locators => "locators.txt",
    /// Lowercase words inside multi-word place names ("of", "de", "al").
    Connectors => "connectors.txt",
    /// Transliterated Arabic definite articles ("al", "ar", "ash").
    ArabicArticles => "arabic-articles.txt",
    /// Features and parts named after a place ("valley", "strip", "city").
    GeoSuffixes => "geo-suffixes.txt",
    /// Words between a capital and its verb ("has", "also", "long").
    Auxiliaries => "auxiliaries.txt",
    /// Prepositions that can mark the place of an event.
    Locatives => "locatives.txt",
    /// Nouns a place name can name ("the town of Jarablus").
    PlaceNouns => "place-nouns.txt",
    /// Verbs of a reporting clause, for the event linker.
    ReportingVerbs => "reporting-verbs.txt",
    /// Forms of "to be" before "expected".
    BeForms => "be-forms.txt",
    /// Verbs that make a later "would" a plan.
    ReportCues => "report-cues.txt",
}

/// The entries of a list's text in file order: comments and blank lines
/// dropped, each line trimmed.
fn entries(source: &str) -> impl Iterator<Item = &str> {
    source
        .lines()
        .map(|l| l.split_once('#').map_or(l, |(before, _)| before).trim())
        .filter(|l| !l.is_empty())
}

static PARSED: LazyLock<Vec<Vec<&'static str>>> = LazyLock::new(|| {
    List::ALL
        .iter()
        .map(|l| {
            let mut v: Vec<&'static str> = entries(l.source()).collect();
            v.sort_unstable();
            v.dedup();
            v
        })
        .collect()
});

/// The list's entries, sorted.
#[must_use]
pub fn words(list: List) -> &'static [&'static str] {
    &PARSED[list as usize]
}

/// Whether `word` (folded) is in `list`.
#[must_use]
pub fn has(list: List, word: &str) -> bool {
    words(list).binary_search(&word).is_ok()
}

/// A list in calendar order: one row per month or weekday, its full name
/// first, then its abbreviations (`assets/lexicon/months.txt`, `weekdays.txt`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Calendar {
    Months,
    Weekdays,
}

impl Calendar {
    /// The list's file name in `assets/lexicon/`.
    #[must_use]
    pub fn file(self) -> &'static str {
        match self {
            Calendar::Months => "months.txt",
            Calendar::Weekdays => "weekdays.txt",
        }
    }

    fn source(self) -> &'static str {
        match self {
            Calendar::Months => include_str!("../assets/lexicon/months.txt"),
            Calendar::Weekdays => include_str!("../assets/lexicon/weekdays.txt"),
        }
    }
}

static CALENDARS: LazyLock<[Vec<Vec<&'static str>>; 2]> = LazyLock::new(|| {
    [Calendar::Months, Calendar::Weekdays].map(|c| {
        entries(c.source())
            .map(|l| l.split(' ').collect())
            .collect()
    })
});

/// The rows of a calendar list, in order (January, or Monday, first); each
/// row is the full name, then the abbreviations.
#[must_use]
pub fn calendar(c: Calendar) -> &'static [Vec<&'static str>] {
    &CALENDARS[c as usize]
}

/// The number (1-based) of the month or weekday `word` (folded) names, and
/// whether it is the full name.
#[must_use]
pub fn calendar_number(c: Calendar, word: &str) -> Option<(u8, bool)> {
    calendar(c).iter().zip(1u8..).find_map(|(row, n)| {
        let at = row.iter().position(|w| *w == word)?;
        Some((n, at == 0))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_is_sorted_without_duplicates() {
        for &list in List::ALL {
            let v: Vec<&str> = entries(list.source()).collect();
            assert!(!v.is_empty(), "{} is empty", list.file());
            for w in v.windows(2) {
                assert!(w[0] < w[1], "{}: {:?} before {:?}", list.file(), w[0], w[1]);
            }
        }
    }

    /// The fold of the gazetteer (see `gazetteer::fold`), restated: entries
    /// are lowercase letters, digits, apostrophes and single spaces.
    #[test]
    fn every_entry_is_folded() {
        for &list in List::ALL {
            for w in words(list) {
                let ok = w
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == ' ' || c == '\'')
                    && !w.contains("  ")
                    && !w.starts_with(' ')
                    && !w.ends_with(' ');
                assert!(ok, "{}: {w:?} is not folded", list.file());
            }
        }
    }

    /// Lists whose overlap would be a contradiction: a given name that is
    /// another name of a place is one or the other, a title is not a given
    /// name, a region word is not a part word. (`never` and `common` may
    /// share words, "north", "eastern": the place finder also asks `common`
    /// of the word after a place, "Bekaa Valley".)
    #[test]
    fn lists_that_must_not_overlap() {
        let pairs = [
            (List::GivenNames, List::PersonNames),
            (List::Titles, List::GivenNames),
            (List::AdminWords, List::PartWords),
            (List::OrgHeads, List::GovHeads),
        ];
        for (a, b) in pairs {
            let both: Vec<&&str> = words(a).iter().filter(|w| has(b, w)).collect();
            assert!(both.is_empty(), "{} and {}: {both:?}", a.file(), b.file());
        }
    }

    #[test]
    fn calendars() {
        assert_eq!(calendar(Calendar::Months).len(), 12);
        assert_eq!(calendar(Calendar::Weekdays).len(), 7);
        for c in [Calendar::Months, Calendar::Weekdays] {
            let mut all: Vec<&str> = calendar(c).iter().flatten().copied().collect();
            let n = all.len();
            all.sort_unstable();
            all.dedup();
            assert_eq!(all.len(), n, "{}: a word names two rows", c.file());
            assert!(
                all.iter()
                    .all(|w| w.chars().all(|c| c.is_ascii_lowercase()))
            );
        }
        assert_eq!(calendar_number(Calendar::Months, "may"), Some((5, true)));
        assert_eq!(calendar_number(Calendar::Months, "sept"), Some((9, false)));
        assert_eq!(
            calendar_number(Calendar::Months, "december"),
            Some((12, true))
        );
        assert_eq!(
            calendar_number(Calendar::Weekdays, "thurs"),
            Some((4, false))
        );
        assert_eq!(
            calendar_number(Calendar::Weekdays, "sunday"),
            Some((7, true))
        );
        assert_eq!(calendar_number(Calendar::Weekdays, "mondays"), None);
    }

    #[test]
    fn lookups() {
        assert!(has(List::Never, "april"));
        assert!(has(List::AdminWords, "province"));
        assert!(!has(List::AdminWords, "Province"));
        assert!(has(List::ArabicArticles, "ash"));
        assert!(!has(List::Common, ""));
    }
}
