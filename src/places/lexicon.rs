//! Word lists the place finder consults: words that look like place names
//! but are not, titles that make the next name a person's, words that make
//! a capitalized run an organisation, verbs that make a capital an actor.
//!
//! The lists are data, in `assets/lexicon/` behind [`crate::lexicon`]; this
//! module names the questions the place finder asks of them. They hold
//! folded keys (lowercase, no periods), as the gazetteer folds.

use crate::lexicon::{List, has};

/// Lowercase suffixes of a hyphenated modifier ("Russian-backed").
pub fn is_modifier_suffix(word: &str) -> bool {
    !word.is_empty() && word.chars().all(|c| c.is_lowercase() || c == '\'')
}

/// Lowercase word that may sit inside a multi-word place name.
pub fn is_connector(word: &str) -> bool {
    has(List::Connectors, word)
}

/// A lowercase Arabic article that may open a name ("al-Bab").
pub fn is_article(word: &str) -> bool {
    has(List::ArabicArticles, word)
}

pub fn never(key: &str) -> bool {
    has(List::Never, key)
}
pub fn common(key: &str) -> bool {
    has(List::Common, key)
}
pub fn title(key: &str) -> bool {
    has(List::Titles, key)
}
pub fn given_name(key: &str) -> bool {
    has(List::GivenNames, key)
}

pub fn person_name(key: &str) -> bool {
    has(List::PersonNames, key)
}
pub fn org_head(key: &str) -> bool {
    has(List::OrgHeads, key)
}
pub fn street_word(key: &str) -> bool {
    has(List::StreetWords, key)
}
pub fn institution(key: &str) -> bool {
    has(List::Institutions, key)
}
pub fn media_word(key: &str) -> bool {
    has(List::MediaWords, key)
}
pub fn gov_head(key: &str) -> bool {
    has(List::GovHeads, key)
}
pub fn dept_word(key: &str) -> bool {
    has(List::DeptWords, key)
}
pub fn place_prefix(key: &str) -> bool {
    has(List::PlacePrefixes, key)
}
pub fn actor_verb(key: &str) -> bool {
    has(List::ActorVerbs, key)
}
pub fn actor_object_verb(key: &str) -> bool {
    has(List::ActorObjectVerbs, key)
}
pub fn actor_noun(key: &str) -> bool {
    has(List::ActorNouns, key)
}
pub fn region_gov_word(key: &str) -> bool {
    has(List::RegionGovWords, key)
}
pub fn admin_word(key: &str) -> bool {
    has(List::AdminWords, key)
}
pub fn part_word(key: &str) -> bool {
    has(List::PartWords, key)
}
pub fn locator(key: &str) -> bool {
    has(List::Locators, key)
}
pub fn geo_suffix(key: &str) -> bool {
    has(List::GeoSuffixes, key)
}
pub fn auxiliary(key: &str) -> bool {
    has(List::Auxiliaries, key)
}

#[cfg(test)]
mod tests {
    use crate::lexicon::{List, words};

    /// The lists the place finder reads hold keys as the gazetteer folds them.
    #[test]
    fn lists_are_folded_as_the_gazetteer_folds() {
        let read = [
            List::Never,
            List::Common,
            List::Titles,
            List::GivenNames,
            List::PersonNames,
            List::OrgHeads,
            List::StreetWords,
            List::GovHeads,
            List::DeptWords,
            List::PlacePrefixes,
            List::ActorVerbs,
            List::ActorObjectVerbs,
            List::ActorNouns,
            List::AdminWords,
            List::RegionGovWords,
            List::PartWords,
            List::Locators,
            List::Connectors,
            List::ArabicArticles,
            List::GeoSuffixes,
            List::Auxiliaries,
        ];
        for list in read {
            for w in words(list) {
                assert_eq!(crate::gazetteer::fold(w), *w, "{}", list.file());
            }
        }
    }
}
