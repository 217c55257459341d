//! Folding names to search keys.
//!
//! A key is what two spellings of one name have in common: lower case, no
//! diacritics ("Ḩamāh" -> "hamah"), no apostrophes or ayn/hamza marks
//! ("Ma'rib", "Maʾrib" -> "marib"), no periods ("U.K." -> "uk"), and hyphens,
//! commas and runs of spaces reduced to one space ("Ar-Raqqah" -> "ar raqqah").
//! The original spelling is always kept elsewhere for display; keys are never
//! shown to the user.

use unicode_normalization::{UnicodeNormalization, char::is_combining_mark};

use crate::lexicon::{self, List};

/// Folds `name` to its search key. See the module docs for the rules.
///
/// ```
/// use sitrep::gazetteer::fold;
/// assert_eq!(fold("Ḩamāh"), "hamah");
/// assert_eq!(fold("Ar-Raqqah"), fold("Ar Raqqah"));
/// assert_eq!(fold("U.K."), "uk");
/// ```
#[must_use]
pub fn fold(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    fold_into(name, &mut out);
    out
}

/// [`fold`] into a reusable buffer (cleared first), for hot loops.
pub fn fold_into(name: &str, out: &mut String) {
    out.clear();
    // Fast path: most names in English news are plain ASCII.
    if name.is_ascii() {
        for c in name.chars() {
            push_folded(c, out);
        }
    } else {
        for c in name.nfd() {
            if is_combining_mark(c) {
                continue;
            }
            push_folded(c, out);
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
}

fn push_folded(c: char, out: &mut String) {
    match c {
        'a'..='z' | '0'..='9' => out.push(c),
        'A'..='Z' => out.push(c.to_ascii_lowercase()),
        // Marks that vanish inside a word: apostrophes, ayn and hamza,
        // periods of abbreviations, soft hyphens, zero-width characters.
        '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{02BB}' | '\u{02BF}' | '\u{02BE}'
        | '\u{02C8}' | '\u{02CB}' | '`' | '\u{00B4}' | '.' | '\u{00AD}' | '\u{200B}'
        | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => {}
        'ß' => out.push_str("ss"),
        'æ' | 'Æ' => out.push_str("ae"),
        'œ' | 'Œ' => out.push_str("oe"),
        'ø' | 'Ø' => out.push('o'),
        'đ' | 'Đ' | 'ð' | 'Ð' => out.push('d'),
        'þ' | 'Þ' => out.push_str("th"),
        'ł' | 'Ł' => out.push('l'),
        'ı' => out.push('i'),
        'ħ' | 'Ħ' => out.push('h'),
        c if c.is_alphanumeric() => {
            for l in c.to_lowercase() {
                out.push(l);
            }
        }
        // Everything else (spaces, hyphens, dashes, commas, slashes,
        // brackets) separates words: at most one space, never leading.
        _ => {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
        }
    }
}

/// The key without a leading Arabic article ("ar raqqah" -> "raqqah"), if it
/// has one and something of at least three letters is left.
#[must_use]
pub fn strip_arabic_article(key: &str) -> Option<&str> {
    // The articles are words of their own (`assets/lexicon/arabic-articles.txt`).
    let (first, rest) = key.split_once(' ')?;
    (lexicon::has(List::ArabicArticles, first)
        && (rest.len() >= 3 && !rest.contains(' ') || rest.len() >= 5))
        .then_some(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    macro_rules! t {
        ($name:ident, $input:expr, $expected:expr) => {
            #[test]
            fn $name() {
                assert_eq!(fold($input), $expected);
            }
        };
    }

    // Case and diacritics.
    t!(lowercases, "MOSCOW", "moscow");
    t!(drops_dot_below_and_macron, "Ḩamāh", "hamah");
    t!(drops_acute, "Bogotá", "bogota");
    t!(cedilla, "Curaçao", "curacao");
    t!(sharp_s, "Gießen", "giessen");
    t!(stroke_letters, "Łódź", "lodz");
    t!(dotless_i, "Diyarbakır", "diyarbakir");
    t!(cyrillic_keeps_script, "Москва", "москва");
    t!(arabic_drops_harakat, "دِمَشْق", "دمشق");

    // Apostrophes, ayn and hamza.
    t!(ascii_apostrophe, "Ma'rib", "marib");
    t!(modifier_hamza, "Maʾrib", "marib");
    t!(ayn, "Ṣanʿāʾ", "sana");
    t!(curly_apostrophe, "Côte d’Ivoire", "cote divoire");

    // Separators.
    t!(hyphen_is_space, "Ar-Raqqah", "ar raqqah");
    t!(spaces_collapse, "  Ar   Raqqah ", "ar raqqah");
    t!(comma_and_periods, "Washington, D.C.", "washington dc");
    t!(abbreviation, "U.S.", "us");
    t!(en_dash, "Guinea–Bissau", "guinea bissau");
    t!(empty, "", "");
    t!(only_punctuation, " - , ", "");

    #[test]
    fn spellings_of_one_name_share_a_key() {
        let keys = [
            "Ar-Raqqah",
            "Ar Raqqah",
            "ar-raqqah",
            "AR RAQQAH",
            "Ar‐Raqqah",
        ];
        for k in keys {
            assert_eq!(fold(k), "ar raqqah", "{k}");
        }
    }

    #[test]
    fn strips_arabic_articles() {
        assert_eq!(strip_arabic_article("ar raqqah"), Some("raqqah"));
        assert_eq!(strip_arabic_article("al hasakah"), Some("hasakah"));
        assert_eq!(strip_arabic_article("ash shaddadi"), Some("shaddadi"));
        assert_eq!(strip_arabic_article("raqqah"), None);
        // Too little left to be a name of its own.
        assert_eq!(strip_arabic_article("al ba"), None);
        assert_eq!(strip_arabic_article("alamein"), None);
    }
}
