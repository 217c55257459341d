//! A country or capital standing for its government or people
//! ("Washington believes", "Tehran's support", "pressure on Moscow",
//! "between Riyadh and Tehran"), and abbreviated countries as noun
//! modifiers ("a U.S. official").

use crate::gazetteer::{Candidate, PlaceKind};
use crate::places::lexicon;

use super::super::detect::Unit;
use super::{Mention, Resolver, left_word, right_word};

impl Resolver<'_, '_> {
    /// Marks abbreviated countries used as noun modifiers as adjectival.
    pub(super) fn modifiers(&self, ms: &mut [Mention]) {
        let (text, units) = (self.text, &self.units[..]);
        // Abbreviated countries as noun modifiers: "a U.S. official", "U.S. and Russian support".
        for i in 0..ms.len() {
            let u = units[ms[i].a];
            if ms[i].adjectival || ms[i].a != ms[i].b || !(u.abbr || u.caps) {
                continue;
            }
            let Some(n) = right_word(text, units, ms[i].b) else {
                continue;
            };
            let w = &text[units[n].span.range()];
            let modifier = if w == "and" || w == "or" {
                ms.get(i + 1)
                    .is_some_and(|m| m.adjectival && right_word(text, units, n) == Some(m.a))
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
    }

    /// Marks the countries and capitals that stand for a government.
    pub(super) fn metonymy(&self, ms: &mut [Mention], keys: &[(String, Vec<Candidate<'_>>)]) {
        let (text, units) = (self.text, &self.units[..]);
        // Metonymy.
        for i in 0..ms.len() {
            let Some(c) = ms[i].chosen else { continue };
            let p = keys[ms[i].key].1[c].place;
            let actor =
                p.kind == PlaceKind::Country || (p.kind == PlaceKind::Populated && p.capital);
            if actor && metonymic(text, units, ms, i) {
                ms[i].metonymy = true;
            }
        }
    }
}

/// Whether mention `i` stands for a government or its people.
pub(super) fn metonymic(text: &str, units: &[Unit], ms: &[Mention], i: usize) -> bool {
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
            if lexicon::auxiliary(w) && steps < 2 {
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
    use super::super::testing::places;

    #[test]
    fn stands_for_a_government() {
        // Text, mention, whether it stands for a government.
        let cases = [
            (
                "Washington believes the deal will hold.",
                "Washington",
                true,
            ),
            (
                "Protesters marched in Washington and New York on Monday.",
                "Washington",
                false,
            ),
            ("Moscow has long said it backs Assad.", "Moscow", true),
            ("Tehran's support for the rebels grew.", "Tehran", true),
            (
                "The talks between Riyadh and Tehran failed.",
                "Riyadh",
                true,
            ),
            (
                "The talks between Riyadh and Tehran failed.",
                "Tehran",
                true,
            ),
            ("Flights to Moscow resumed on Monday.", "Moscow", false),
            ("The Moscow-backed forces advanced.", "Moscow", true),
            ("Russia said on Monday that it would help.", "Russia", true),
            // Not a capital: a town does not speak for a government.
            ("Aleppo said nothing on Monday.", "Aleppo", false),
            (
                "Officials in Damascus said the road was open.",
                "Damascus",
                false,
            ),
        ];
        for (text, surface, want) in cases {
            let found = places(text);
            let f = found
                .iter()
                .find(|f| f.surface == surface)
                .unwrap_or_else(|| panic!("{surface} not found in {text}: {found:#?}"));
            assert_eq!(f.metonymy, want, "{text}: {surface}");
        }
    }
}
