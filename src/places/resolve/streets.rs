//! Street names: a capitalized run that ends in a street word ("Falcon
//! Street", "Clarke Road", "Northumberland Avenue"). The gazetteer has no
//! streets, and read word by word such a name gives wrong places: a county
//! for "Northumberland", the ocean for "Atlantic Avenue", a town called
//! Street. So the words inside a street name are no mention of their own,
//! and the street is placed in the town the text names nearest before it
//! (or, failing that, after it), at that town's point: the reason says so.

use crate::gazetteer::fold_into;
use crate::places::lexicon;
use crate::span::Span;

use super::super::detect::Unit;
use super::{left_word, right_word};

/// At most this many words before the street word ("Martin Luther King Jr.
/// Boulevard" is four).
const MAX_WORDS: usize = 4;

/// The street names of the text, in text order.
pub(super) fn find(text: &str, units: &[Unit]) -> Vec<Span> {
    let mut out = Vec::new();
    let mut buf = String::new();
    for (i, u) in units.iter().enumerate() {
        if !(u.word && u.cap) || u.hy_prev {
            continue;
        }
        fold_into(&text[u.span.range()], &mut buf);
        if !lexicon::street_word(&buf) {
            continue;
        }
        // The name goes on ("Abbey Road Studios"): not a street's end.
        if right_word(text, units, i).is_some_and(|n| units[n].cap) {
            continue;
        }
        let mut first = None;
        let mut j = i;
        let mut words = 0;
        while words < MAX_WORDS {
            // Hyphenated parts belong to the word ("Mont-Royal Avenue").
            let l = if units[j].hy_prev {
                j - 1
            } else if let Some(l) = left_word(text, units, j) {
                l
            } else {
                break;
            };
            let lu = units[l];
            if !lu.cap || lu.caps && !u.caps {
                break;
            }
            fold_into(&text[lu.span.range()], &mut buf);
            // "On Falcon Street", "The Road": a function word is no part of
            // the name; "Trafalgar Street-Clarke Road" is two streets.
            if lexicon::never(&buf) || lexicon::title(&buf) || lexicon::street_word(&buf) {
                break;
            }
            if !lu.hy_next {
                words += 1;
            }
            first = Some(l);
            j = l;
        }
        if let Some(f) = first {
            out.push(Span::new(units[f].span.start, u.span.end));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::testing::places;

    fn streets(text: &str) -> Vec<(String, String, String)> {
        places(text)
            .into_iter()
            .map(|f| (f.surface, f.name, f.reason))
            .collect()
    }

    #[test]
    fn a_street_is_in_the_town_named_before_it() {
        let got = streets(
            "Police in Winnipeg said two men were hurt on Falcon Street and Clarke Road on Sunday.",
        );
        let surfaces: Vec<&str> = got.iter().map(|g| g.0.as_str()).collect();
        assert_eq!(surfaces, ["Winnipeg", "Falcon Street", "Clarke Road"]);
        for g in &got[1..] {
            assert_eq!(g.1, "Winnipeg", "{g:?}");
            assert!(g.2.starts_with("a street in Winnipeg"), "{g:?}");
        }
    }

    #[test]
    fn the_words_of_a_street_name_are_no_places() {
        // Northumberland, the Atlantic and the town of Street are not meant.
        let got = streets(
            "In Boston, Massachusetts, a crowd gathered on Northumberland Avenue and Atlantic Avenue.",
        );
        let named: Vec<(&str, &str)> = got.iter().map(|g| (g.0.as_str(), g.1.as_str())).collect();
        assert_eq!(
            named,
            [
                ("Boston", "Boston"),
                ("Massachusetts", "Massachusetts"),
                ("Northumberland Avenue", "Boston"),
                ("Atlantic Avenue", "Boston")
            ]
        );
    }

    #[test]
    fn no_town_no_street_and_not_every_road_is_one() {
        // No town in the text: the street cannot be placed, and is left out.
        assert!(streets("The crash closed Hutcheson Road for hours.").is_empty());
        // Not street names: a lowercase street word, a function word before
        // the street word; and a street word alone is no town (Rode, Street).
        let got = streets("In Cairo, the main road to Giza. The Road was shut. Road works go on.");
        let surfaces: Vec<&str> = got.iter().map(|g| g.0.as_str()).collect();
        assert_eq!(surfaces, ["Cairo", "Giza"]);
    }
}
