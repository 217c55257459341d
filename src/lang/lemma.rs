//! Lemmas: a table of the forms whose lemma is not what the rules give
//! (learnt from the treebanks' lemma column), and rules for the rest.

use std::collections::HashMap;

use super::tags::Upos;

/// The lemma table: lowercase form and tag -> lemma.
#[derive(Clone, Debug, Default)]
pub struct Lemmas {
    table: HashMap<(String, Upos), String>,
}

impl Lemmas {
    /// Reads the table's text: one `form TAB UPOS TAB lemma` per line.
    ///
    /// # Errors
    /// The first line that is not of that form.
    pub fn parse(text: &str) -> Result<Lemmas, String> {
        let mut table = HashMap::new();
        for (n, line) in text.lines().enumerate() {
            let mut cols = line.split('\t');
            let (Some(form), Some(tag), Some(lemma), None) =
                (cols.next(), cols.next(), cols.next(), cols.next())
            else {
                return Err(format!(
                    "lemma table line {} is not form, tag, lemma",
                    n + 1
                ));
            };
            let tag = Upos::parse(tag)
                .ok_or_else(|| format!("lemma table line {}: unknown tag {tag:?}", n + 1))?;
            table.insert((form.to_string(), tag), lemma.to_string());
        }
        Ok(Lemmas { table })
    }

    /// The lemma of `form` tagged `tag`.
    #[must_use]
    pub fn lemma(&self, form: &str, tag: Upos) -> String {
        if tag == Upos::Propn {
            return form.to_string();
        }
        let lower = form.to_lowercase();
        if let Some(l) = self.table.get(&(lower.clone(), tag)) {
            return l.clone();
        }
        rule(&lower, tag).unwrap_or(lower)
    }
}

fn rule(w: &str, tag: Upos) -> Option<String> {
    let strip = |suffix: &str, add: &str| -> Option<String> {
        let stem = w.strip_suffix(suffix)?;
        (stem.chars().count() >= 2).then(|| format!("{stem}{add}"))
    };
    match tag {
        Upos::Noun => strip("ies", "y")
            .or_else(|| {
                ["ches", "shes", "sses", "xes"]
                    .iter()
                    .find_map(|s| strip(s, &s[..s.len() - 2]))
            })
            .or_else(|| {
                (!w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is"))
                    .then(|| strip("s", ""))
                    .flatten()
            }),
        Upos::Verb | Upos::Aux => strip("ied", "y")
            .or_else(|| strip("ies", "y"))
            .or_else(|| undouble(strip("ing", "")?))
            .or_else(|| undouble(strip("ed", "")?))
            .or_else(|| {
                ["ches", "shes", "sses", "xes"]
                    .iter()
                    .find_map(|s| strip(s, &s[..s.len() - 2]))
            })
            .or_else(|| (!w.ends_with("ss")).then(|| strip("s", "")).flatten()),
        _ => None,
    }
}

/// The verb a stem left by "-ed" or "-ing" comes from: "stopp" -> "stop";
/// the silent "e" back where English spelling drops it ("crumbl" ->
/// "crumble", "seiz" -> "seize", "captur" -> "capture", "blam" -> "blame":
/// a one-syllable stem ending in one consonant after one vowel, since verbs
/// without the "e" double that consonant, "stopped"); other stems as they are.
fn undouble(stem: String) -> Option<String> {
    let b = stem.as_bytes();
    let n = b.len();
    if n >= 3 && b[n - 1] == b[n - 2] && !matches!(b[n - 1], b'l' | b's' | b'z' | b'e' | b'o') {
        return Some(stem[..n - 1].to_string());
    }
    let vowel = |c: u8| matches!(c, b'a' | b'e' | b'i' | b'o' | b'u');
    if n < 2 || !stem.is_ascii() {
        return Some(stem);
    }
    let (x, y) = (b[n - 2], b[n - 1]);
    let before = if n >= 3 { b[n - 3] } else { b' ' };
    let groups = (0..n)
        .filter(|&i| (vowel(b[i]) || b[i] == b'y' && i > 0) && (i == 0 || !vowel(b[i - 1])))
        .count();
    let add_e = match (x, y) {
        // "crumbl", "encircl", "settl"; not "pull", "kneel".
        (c, b'l') if !vowel(c) && c != b'l' && c != b'r' => true,
        // "seiz", "mov", "forc", "urg", "judg", "collaps", "sens".
        (_, b'z' | b'v') | (b'r' | b'd', b'g') | (b'p' | b'n', b's') => true,
        (c, b'c') => !vowel(c) || groups >= 1,
        // "captur", "inspir", "provid", "includ", "execut", "evacuat".
        (b'u' | b'i', b'r') | (b'i' | b'u', b'd') | (b'u', b't') => !vowel(before),
        (b'a', b't') => !vowel(before) || before == b'u' || before == b'i',
        // A vowel pair before "s": "caus", "rais".
        (v, b's') if vowel(v) => vowel(before),
        // One syllable, one vowel, one consonant: "blam", "vot", "fir".
        (v, c) if vowel(v) && !vowel(c) && !matches!(c, b'w' | b'x' | b'y' | b's') => {
            groups == 1 && !vowel(before) && n >= 3
        }
        _ => false,
    };
    if add_e {
        return Some(format!("{stem}e"));
    }
    Some(stem)
}

/// The table's text from training words (lowercase form, tag, lemma): the
/// most frequent lemma of each (form, tag), kept where the rules disagree.
#[must_use]
pub fn build_table<'a>(words: impl Iterator<Item = (&'a str, Upos, &'a str)>) -> String {
    let mut counts: HashMap<(String, Upos), HashMap<String, u32>> = HashMap::new();
    for (form, tag, lemma) in words {
        if tag == Upos::Propn || lemma == "_" || form.contains('\t') || lemma.contains('\t') {
            continue;
        }
        let lower = form.to_lowercase();
        *counts
            .entry((lower, tag))
            .or_default()
            .entry(lemma.to_lowercase())
            .or_default() += 1;
    }
    let mut rows: Vec<(String, Upos, String)> = counts
        .into_iter()
        .filter_map(|((form, tag), lemmas)| {
            let (lemma, _) = lemmas
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))?;
            let ruled = rule(&form, tag).unwrap_or_else(|| form.clone());
            (ruled != lemma).then_some((form, tag, lemma))
        })
        .collect();
    rows.sort();
    let mut out = String::new();
    for (f, t, l) in rows {
        out.push_str(&format!("{f}\t{t}\t{l}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_and_table() {
        let text = build_table(
            [
                ("went", Upos::Verb, "go"),
                ("killed", Upos::Verb, "kill"),
                ("People", Upos::Noun, "person"),
            ]
            .into_iter(),
        );
        assert_eq!(text, "people\tNOUN\tperson\nwent\tVERB\tgo\n");
        let l = Lemmas::parse(&text).unwrap();
        assert_eq!(l.lemma("went", Upos::Verb), "go");
        assert_eq!(l.lemma("People", Upos::Noun), "person");
        assert_eq!(l.lemma("shelled", Upos::Verb), "shell");
        assert_eq!(l.lemma("stopped", Upos::Verb), "stop");
        assert_eq!(l.lemma("cities", Upos::Noun), "city");
        assert_eq!(l.lemma("clashes", Upos::Noun), "clash");
        assert_eq!(l.lemma("Moscow", Upos::Propn), "Moscow");
        assert_eq!(l.lemma("Syrian", Upos::Adj), "syrian");
        assert!(Lemmas::parse("a\tb\n").is_err());
        assert!(Lemmas::parse("a\tZZ\tc\n").is_err());
    }
}

#[cfg(test)]
mod silent_e {
    use super::*;

    #[test]
    fn verbs_get_their_e_back_and_others_do_not() {
        let l = Lemmas::default();
        let cases = [
            ("blamed", "blame"),
            ("crumbled", "crumble"),
            ("encircling", "encircle"),
            ("seized", "seize"),
            ("captured", "capture"),
            ("evacuated", "evacuate"),
            ("fired", "fire"),
            ("voted", "vote"),
            ("caused", "cause"),
            ("urged", "urge"),
            ("executed", "execute"),
            ("stopped", "stop"),
            ("visited", "visit"),
            ("opened", "open"),
            ("pulled", "pull"),
            ("attacked", "attack"),
            ("killed", "kill"),
            ("shelled", "shell"),
            ("fixed", "fix"),
            ("played", "play"),
            ("treated", "treat"),
            ("raided", "raid"),
            ("fought", "fought"),
        ];
        let got: Vec<(&str, String)> = cases
            .iter()
            .map(|(f, _)| (*f, l.lemma(f, Upos::Verb)))
            .collect();
        let want: Vec<(&str, String)> = cases.iter().map(|(f, w)| (*f, (*w).to_string())).collect();
        assert_eq!(got, want);
    }
}
