//! What the sentence says about where a place is: a region word next to it
//! ("Deir al-Zor province", "the state of Georgia"), and qualifiers, where
//! one mention says where another is: a chain of commas ("Kingston, Luzerne
//! County, Pennsylvania, United States"), a definition ("is a borough in"),
//! a possessive ("Syria's Palmyra"), "the Egyptian port of Alexandria",
//! "Palmyra in central Syria".

use crate::gazetteer::fold_into;
use crate::places::lexicon;

use super::super::detect::Unit;
use super::{Mention, left_word, right_word};

/// Bonus weights of the qualifiers.
const W_COMMA: f32 = 6.0;
/// A qualifier further up a chain ("Kingston, Luzerne County, Pennsylvania").
const W_CHAIN: f32 = 4.0;
const W_IN: f32 = 4.0;
const W_POSSESSIVE: f32 = 4.0;

/// What the words next to a mention say about its kind.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Hint {
    None,
    Admin,
    Country,
    /// A region's government follows ("New York Gov.", "the Quebec
    /// government"): the region, unless the name is a national capital's.
    Government,
}

/// A qualifier: `outer` says where `inner` is ("Paris, Texas").
#[derive(Clone, Copy)]
pub(super) struct Qual {
    pub inner: usize,
    pub outer: usize,
    pub weight: f32,
}

/// The region word next to mention `m`, if any.
pub(super) fn hint(text: &str, units: &[Unit], m: &Mention) -> Hint {
    let mut buf = String::new();
    if let Some(n) = right_word(text, units, m.b) {
        fold_into(&text[units[n].span.range()], &mut buf);
        if lexicon::admin_word(&buf) {
            return Hint::Admin;
        }
        // "Quebec Health Minister": one department word may stand between.
        let gov = if lexicon::dept_word(&buf) {
            right_word(text, units, n).is_some_and(|n2| {
                fold_into(&text[units[n2].span.range()], &mut buf);
                lexicon::region_gov_word(&buf)
            })
        } else {
            lexicon::region_gov_word(&buf)
        };
        if gov {
            return Hint::Government;
        }
    }
    // "the state of Georgia", "the country of Georgia".
    if let Some(l) = left_word(text, units, m.a)
        && &text[units[l].span.range()] == "of"
        && let Some(l2) = left_word(text, units, l)
    {
        fold_into(&text[units[l2].span.range()], &mut buf);
        // "the Shaab district of Baghdad": the region word belongs to the
        // name before it, and Baghdad is the town that has the district.
        let named_part = left_word(text, units, l2).is_some_and(|l3| {
            units[l3].cap && !matches!(&text[units[l3].span.range()], "The" | "A" | "An")
        });
        if lexicon::admin_word(&buf) && !named_part {
            return Hint::Admin;
        }
        if matches!(buf.as_str(), "country" | "republic" | "nation") {
            return Hint::Country;
        }
    }
    Hint::None
}

/// Each mention's qualifiers (those where it is inner or outer), so
/// scoring stays linear in long texts.
pub(super) fn by_mention(text: &str, ms: &[Mention]) -> Vec<Vec<Qual>> {
    let mut quals: Vec<Vec<Qual>> = vec![Vec::new(); ms.len()];
    for q in qualifiers(text, ms) {
        quals[q.inner].push(q);
        if q.outer != q.inner {
            quals[q.outer].push(q);
        }
    }
    quals
}

/// The longest list this reads as siblings: "Texas, Georgia and Florida".
const MAX_LIST: usize = 12;

/// Sets each mention's [`Mention::siblings`]: the other items of a list of
/// mentions joined by commas and a last "and" or "or" ("Texas, Georgia and
/// Florida", "California or Washington"). A list without "and"/"or" is not
/// one: "Paris, Texas" is a place and its qualifier.
pub(super) fn siblings(text: &str, ms: &mut [Mention]) {
    let link = |a: &Mention, b: &Mention| -> Option<bool> {
        match text.get(a.span.end..b.span.start)? {
            ", " => Some(false),
            " and " | " or " | ", and " | ", or " => Some(true),
            _ => None,
        }
    };
    let mut i = 0;
    while i < ms.len() {
        let mut j = i;
        let mut joined = false;
        while j + 1 < ms.len() && j + 1 - i < MAX_LIST {
            match link(&ms[j], &ms[j + 1]) {
                Some(and) => {
                    joined |= and;
                    j += 1;
                    if and {
                        break;
                    }
                }
                None => break,
            }
        }
        if joined {
            for (k, m) in ms[i..=j].iter_mut().enumerate() {
                m.siblings = (i..=j).filter(|&o| o != i + k).collect();
            }
        }
        i = j + 1;
    }
}

/// The qualifiers between neighbouring mentions, in text order.
fn qualifiers(text: &str, ms: &[Mention]) -> Vec<Qual> {
    let mut out = Vec::new();
    for i in 0..ms.len().saturating_sub(1) {
        let (m, n) = (&ms[i], &ms[i + 1]);
        let Some(between) = text.get(m.span.end..n.span.start) else {
            continue;
        };
        // A chain of qualifiers, each level read against the mention:
        // "Kingston, Luzerne County, Pennsylvania, United States", ACLED's
        // "Koare (Fada Ngourma, Gourma)", "Salh district (Taizz)".
        let mut j = i + 1;
        while j < ms.len() && j - i <= MAX_CHAIN {
            let Some(weight) = text
                .get(ms[j - 1].span.end..ms[j].span.start)
                .and_then(|b| chain_link(b, j == i + 1))
            else {
                break;
            };
            out.push(Qual {
                inner: i,
                outer: j,
                weight,
            });
            j += 1;
        }
        if j > i + 1 {
            continue;
        }
        if between == "'s " || between == "\u{2019}s " {
            out.push(Qual {
                inner: i + 1,
                outer: i,
                weight: W_POSSESSIVE,
            });
            continue;
        }
        // "the Egyptian port of Alexandria", "Syria's city of Homs"; but
        // "the Shaab district of Baghdad", where the first is the part.
        let ws: Vec<&str> = between.split_whitespace().collect();
        if (2..=3).contains(&ws.len())
            && ws.last() == Some(&"of")
            && ws[..ws.len() - 1]
                .iter()
                .all(|w| w.chars().all(|c| c.is_lowercase() || c == '\'') && !w.is_empty())
            && !matches!(ws[0], "and" | "or" | "in" | "to" | "from" | "the")
        {
            let part = ws.len() == 2 && part_word(ws[0]) && !m.adjectival;
            let (inner, outer) = if part { (i, i + 1) } else { (i + 1, i) };
            out.push(Qual {
                inner,
                outer,
                weight: W_IN,
            });
            continue;
        }
        let mut words = between.split_whitespace();
        if words.next() == Some("in")
            && words.all(|w| w == "the" || locator(w))
            && between.starts_with(' ')
        {
            out.push(Qual {
                inner: i,
                outer: i + 1,
                weight: W_IN,
            });
        }
    }
    out
}

/// Levels of a qualifier chain read after a mention.
const MAX_CHAIN: usize = 4;

/// How strongly the text `between` two mentions links them as place and
/// qualifier, if it does: a comma; a comma-delimited name the gazetteer
/// does not know (", Luzerne County,"); on the first level also an opening
/// parenthesis, after region words ("district ("), and a definition ("is a
/// borough in", "was a village of").
fn chain_link(between: &str, first: bool) -> Option<f32> {
    let level = if first { W_COMMA } else { W_CHAIN };
    // A region word ends the previous level's name ("Luzerne County, ").
    let mut t = between.trim();
    loop {
        let w = t.split_whitespace().next().unwrap_or("");
        let bare = w.trim_end_matches(',');
        if bare.is_empty()
            || !bare.starts_with(char::is_uppercase)
            || !lexicon::admin_word(&bare.to_lowercase())
        {
            break;
        }
        t = t[bare.len()..].trim_start();
    }
    if t == "," {
        return Some(level);
    }
    if let Some(inner) = t.strip_prefix(',').and_then(|r| r.strip_suffix(',')) {
        let words: Vec<&str> = inner.split_whitespace().collect();
        let name = (1..=3).contains(&words.len())
            && words
                .iter()
                .all(|w| w.chars().next().is_some_and(char::is_uppercase));
        return name.then_some(level);
    }
    if !first {
        return None;
    }
    if let Some(before) = t.strip_suffix('(') {
        let region = before
            .split_whitespace()
            .all(|w| lexicon::admin_word(&w.to_lowercase()));
        return region.then_some(W_COMMA);
    }
    let words: Vec<&str> = t.split_whitespace().collect();
    let definition = definition(&words)
        || words.len() >= 4
            && matches!(words[0], "is" | "was")
            && matches!(words[1], "a" | "an" | "the")
            && matches!(words[words.len() - 1], "in" | "of")
            && words.len() <= 6
            && words[2..words.len() - 1]
                .iter()
                .all(|w| w.chars().all(char::is_lowercase));
    definition.then_some(W_IN)
}

/// A definition between a place and where it is: "is a borough in", ", a
/// suburb of", ", the capital of", "is a municipality in the province of",
/// ", a town in northern" (the words of the text between, a comma a word).
fn definition(words: &[&str]) -> bool {
    let [first, article, rest @ ..] = words else {
        return false;
    };
    if !matches!(*first, "is" | "was" | ",") || !matches!(*article, "a" | "an" | "the") {
        return false;
    }
    let Some(at) = rest.iter().position(|w| matches!(*w, "in" | "of")) else {
        return false;
    };
    let (noun, mut tail) = (&rest[..at], &rest[at + 1..]);
    if !(1..=3).contains(&noun.len()) || !noun.iter().all(|w| w.chars().all(char::is_lowercase)) {
        return false;
    }
    if let ["the", r @ ..] = tail {
        tail = r;
    }
    if let [w, r @ ..] = tail
        && locator(w)
    {
        tail = r;
    }
    match tail {
        [] => true,
        [w, "of"] => part_word(w),
        _ => false,
    }
}

/// A word for a part of a place or a unit of it ("district", "suburb",
/// "province").
fn part_word(w: &str) -> bool {
    lexicon::admin_word(w) || lexicon::part_word(w)
}

/// A word that says where in a place ("northern", "central", "rural").
fn locator(w: &str) -> bool {
    lexicon::locator(w)
}

#[cfg(test)]
mod tests {
    use super::super::testing::mentions;
    use super::*;

    /// The qualifiers of `text` as (inner, outer) surfaces.
    fn pairs(text: &str) -> Vec<(String, String)> {
        mentions(text, |text, ms| {
            qualifiers(text, ms)
                .iter()
                .map(|q| {
                    let s = |i: usize| text[ms[i].span.range()].to_owned();
                    (s(q.inner), s(q.outer))
                })
                .collect()
        })
    }

    macro_rules! quals {
        ($($name:ident: $text:expr => [$(($inner:expr, $outer:expr)),*];)*) => {$(
            #[test]
            fn $name() {
                let want: Vec<(String, String)> =
                    vec![$(($inner.to_owned(), $outer.to_owned())),*];
                assert_eq!(pairs($text), want, "{}", $text);
            }
        )*};
    }

    quals! {
        comma: "Officials in Paris, Texas, said the road was closed." => [("Paris", "Texas")];
        possessive: "Syria's Palmyra fell in May." => [("Palmyra", "Syria")];
        in_central: "Troops entered Palmyra in central Syria." => [("Palmyra", "Syria")];
        adjective_port_of: "the Egyptian port of Alexandria" => [("Alexandria", "Egyptian")];
        // Every level of the chain is read against the mention, and each
        // level against those above it.
        // "Luzerne County" is one mention: the county, an admin-2 unit.
        chain: "Kingston, Luzerne County, Pennsylvania, United States" => [
            ("Kingston", "Luzerne County"), ("Kingston", "Pennsylvania"),
            ("Kingston", "United States"), ("Luzerne County", "Pennsylvania"),
            ("Luzerne County", "United States"), ("Pennsylvania", "United States")];
        definition_chain: "Kingston is a borough in Luzerne County, Pennsylvania, United States." => [
            ("Kingston", "Luzerne County"), ("Kingston", "Pennsylvania"),
            ("Kingston", "United States"), ("Luzerne County", "Pennsylvania"),
            ("Luzerne County", "United States"), ("Pennsylvania", "United States")];
        province_of: "Prosperidad is a municipality in the province of Agusan, Philippines." => [
            ("Prosperidad", "Agusan"), ("Prosperidad", "Philippines"), ("Agusan", "Philippines")];
        appositive_suburb: "Fighting reached Douma, a suburb of Damascus." => [("Douma", "Damascus")];
        appositive_capital: "Kingston, the capital of Jamaica, was quiet." => [("Kingston", "Jamaica")];
        district_of: "Gunmen attacked the Shaab district of Baghdad." => [("Shaab", "Baghdad")];
        town_in_northern: "Rebels held Azaz, a town in northern Syria." => [("Azaz", "Syria")];
        none_from_to: "The convoy went from Homs to Aleppo." => [];
        none_and: "Homs and Aleppo were shelled." => [];
    }

    #[test]
    fn lists_are_siblings_and_a_comma_alone_is_no_list() {
        let cases: [(&str, &[(&str, usize)]); 3] = [
            (
                "Storms hit Texas, Georgia and Florida.",
                &[("Texas", 2), ("Georgia", 2), ("Florida", 2)],
            ),
            (
                "Jobs left California or Washington.",
                &[("California", 1), ("Washington", 1)],
            ),
            (
                "Officials in Paris, Texas, said so.",
                &[("Paris", 0), ("Texas", 0)],
            ),
        ];
        for (text, want) in cases {
            mentions(text, |text, ms| {
                let mut ms = ms.to_vec();
                siblings(text, &mut ms);
                for &(surface, n) in want {
                    let m = ms.iter().find(|m| &text[m.span.range()] == surface);
                    assert_eq!(m.map(|m| m.siblings.len()), Some(n), "{text}: {surface}");
                }
            });
        }
    }

    #[test]
    fn hints() {
        let cases = [
            (
                "Clashes in Deir al-Zor province went on.",
                "Deir al-Zor",
                Hint::Admin,
            ),
            ("He lives in the state of Georgia.", "Georgia", Hint::Admin),
            (
                "He lives in the country of Georgia.",
                "Georgia",
                Hint::Country,
            ),
            (
                "Gunmen attacked the Shaab district of Baghdad.",
                "Baghdad",
                Hint::None,
            ),
            ("Gunmen attacked Baghdad on Monday.", "Baghdad", Hint::None),
            (
                "Former New York Gov. Mario Cuomo died.",
                "New York",
                Hint::Government,
            ),
            (
                "Quebec Health Minister Gaetan Barrette said so.",
                "Quebec",
                Hint::Government,
            ),
        ];
        for (text, surface, want) in cases {
            let got = mentions(text, |text, ms| {
                ms.iter()
                    .find(|m| &text[m.span.range()] == surface)
                    .map(|m| m.hint)
            });
            assert_eq!(got, Some(want), "{text}");
        }
    }

    #[test]
    fn definitions() {
        let cases: [(&str, bool); 9] = [
            ("is a borough in", true),
            ("was a village of", true),
            (", a suburb of", true),
            (", the capital of", true),
            ("is a municipality in the province of", true),
            (", a town in the eastern province of", true),
            (", a town in northern", true),
            (", a spokesman for", false),
            ("is a town in the heart of", false),
        ];
        for (between, want) in cases {
            let words: Vec<&str> = between.split_whitespace().collect();
            assert_eq!(definition(&words), want, "{between}");
        }
    }
}
