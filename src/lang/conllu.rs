//! CoNLL-U: reading gold-tokenised sentences, writing analyses, GUM's
//! `Entity=` brackets, and the scores `sitrep parse --eval` prints.
//!
//! Multiword-token lines (`3-4`) and empty nodes (`5.1`) are skipped: the
//! layer works on syntactic words, as UD's scores do.

use std::collections::HashMap;

use super::tags::{Deprel, Upos};

/// A malformed CoNLL-U line.
#[derive(Debug, thiserror::Error)]
#[error("line {line}: {what}")]
pub struct ConlluError {
    pub line: usize,
    pub what: String,
}

/// One word line.
#[derive(Clone, Debug, Default)]
pub struct Word {
    pub form: String,
    pub lemma: String,
    pub upos: Option<Upos>,
    /// 1-based index of the head, 0 for the root.
    pub head: usize,
    /// The relation as written (subtypes kept).
    pub deprel: String,
    pub misc: String,
}

impl Word {
    /// Whether MISC says no space follows.
    #[must_use]
    pub fn space_after(&self) -> bool {
        !self.misc.split('|').any(|m| m == "SpaceAfter=No")
    }

    fn entity_field(&self) -> Option<&str> {
        self.misc.split('|').find_map(|m| m.strip_prefix("Entity="))
    }
}

/// One sentence: its comment lines and words.
#[derive(Clone, Debug, Default)]
pub struct Sentence {
    pub comments: Vec<String>,
    pub words: Vec<Word>,
}

impl Sentence {
    /// The forms, in order.
    #[must_use]
    pub fn forms(&self) -> Vec<&str> {
        self.words.iter().map(|w| w.form.as_str()).collect()
    }
}

/// Reads every sentence of a CoNLL-U text.
///
/// # Errors
/// A word line without ten columns, or with a head that is not a number.
pub fn read(text: &str) -> Result<Vec<Sentence>, ConlluError> {
    let mut out = Vec::new();
    let mut cur = Sentence::default();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            if !cur.words.is_empty() || !cur.comments.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if let Some(c) = line.strip_prefix('#') {
            cur.comments.push(c.trim_start().to_string());
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(ConlluError {
                line: n + 1,
                what: format!("{} columns, not 10", cols.len()),
            });
        }
        if cols[0].contains('-') || cols[0].contains('.') {
            continue;
        }
        let head = if cols[6] == "_" {
            0
        } else {
            cols[6].parse().map_err(|_| ConlluError {
                line: n + 1,
                what: format!("head {:?} is not a number", cols[6]),
            })?
        };
        cur.words.push(Word {
            form: cols[1].to_string(),
            lemma: cols[2].to_string(),
            upos: Upos::parse(cols[3]),
            head,
            deprel: cols[7].to_string(),
            misc: cols[9].to_string(),
        });
    }
    if !cur.words.is_empty() {
        out.push(cur);
    }
    // Heads out of range make the sentence unusable for training and
    // scoring; treat them as a malformed file.
    for s in &out {
        if let Some(w) = s.words.iter().find(|w| w.head > s.words.len()) {
            return Err(ConlluError {
                line: 0,
                what: format!(
                    "head {} past the sentence's {} words",
                    w.head,
                    s.words.len()
                ),
            });
        }
    }
    Ok(out)
}

/// A GUM entity mention: words `first..=last` (0-based) of one type.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Mention {
    pub first: usize,
    pub last: usize,
    pub etype: String,
    /// The mention's head word: the one whose head lies outside it.
    pub head: usize,
}

/// The mentions GUM's `Entity=` brackets mark in a sentence, nested ones
/// included, sorted by position. Sentences without the annotation give none.
#[must_use]
pub fn mentions(s: &Sentence) -> Vec<Mention> {
    let mut open: HashMap<String, Vec<(usize, String)>> = HashMap::new();
    let mut out = Vec::new();
    for (i, w) in s.words.iter().enumerate() {
        let Some(field) = w.entity_field() else {
            continue;
        };
        let b = field.as_bytes();
        let mut k = 0;
        while k < b.len() {
            if b[k] == b'(' {
                let start = k + 1;
                let mut e = start;
                while e < b.len() && b[e] != b'(' && b[e] != b')' {
                    e += 1;
                }
                let body = &field[start..e];
                let mut parts = body.split('-');
                let id = parts.next().unwrap_or("").to_string();
                let etype = parts.next().unwrap_or("").to_string();
                if e < b.len() && b[e] == b')' {
                    out.push((i, i, etype));
                    k = e + 1;
                } else {
                    open.entry(id).or_default().push((i, etype));
                    k = e;
                }
            } else if b[k].is_ascii_digit() {
                let start = k;
                while k < b.len() && b[k] != b')' && b[k] != b'(' {
                    k += 1;
                }
                let id = &field[start..k];
                if k < b.len() && b[k] == b')' {
                    if let Some((first, etype)) = open.get_mut(id).and_then(Vec::pop) {
                        out.push((first, i, etype));
                    }
                    k += 1;
                }
            } else {
                k += 1;
            }
        }
    }
    let mut mentions: Vec<Mention> = out
        .into_iter()
        .map(|(first, last, etype)| Mention {
            first,
            last,
            head: mention_head(s, first, last),
            etype,
        })
        .collect();
    mentions.sort();
    mentions.dedup();
    mentions
}

fn mention_head(s: &Sentence, first: usize, last: usize) -> usize {
    (first..=last)
        .find(|&i| {
            let h = s.words[i].head;
            h == 0 || h - 1 < first || h - 1 > last
        })
        .unwrap_or(last)
}

/// The classes `ENT` scores, as GUM names them.
pub const NAME_TYPES: [&str; 3] = ["person", "place", "organization"];

/// GUM's person, place and organization mentions headed by a PROPN: the
/// gold set of `ENT`, as (first, last, type).
#[must_use]
pub fn gold_names(s: &Sentence) -> Vec<(usize, usize, String)> {
    mentions(s)
        .into_iter()
        .filter(|m| {
            NAME_TYPES.contains(&m.etype.as_str()) && s.words[m.head].upos == Some(Upos::Propn)
        })
        .map(|m| (m.first, m.last, m.etype))
        .collect()
}

/// Counts for UPOS, UAS and LAS over words, and entity F1.
#[derive(Clone, Copy, Debug, Default)]
pub struct Scores {
    pub tokens: usize,
    pub upos: usize,
    pub uas: usize,
    pub las: usize,
    pub ent_gold: usize,
    pub ent_pred: usize,
    pub ent_right: usize,
}

impl Scores {
    /// Adds one sentence: `pred` has the gold's words with predicted
    /// columns.
    pub fn add(&mut self, gold: &Sentence, pred: &Sentence) {
        for (g, p) in gold.words.iter().zip(&pred.words) {
            self.tokens += 1;
            if g.upos.is_some() && g.upos == p.upos {
                self.upos += 1;
            }
            if g.head == p.head {
                self.uas += 1;
                if Deprel::parse(&g.deprel) == Deprel::parse(&p.deprel) {
                    self.las += 1;
                }
            }
        }
    }

    /// Adds one sentence's entities: gold and predicted (first, last, type).
    pub fn add_names(&mut self, gold: &[(usize, usize, String)], pred: &[(usize, usize, String)]) {
        self.ent_gold += gold.len();
        self.ent_pred += pred.len();
        self.ent_right += pred.iter().filter(|p| gold.contains(p)).count();
    }

    fn ratio(a: usize, b: usize) -> f64 {
        if b == 0 { 0.0 } else { a as f64 / b as f64 }
    }

    /// Entity F1, or `None` when the gold has no entities.
    #[must_use]
    pub fn ent_f1(&self) -> Option<f64> {
        if self.ent_gold == 0 {
            return None;
        }
        let p = Self::ratio(self.ent_right, self.ent_pred);
        let r = Self::ratio(self.ent_right, self.ent_gold);
        Some(if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        })
    }

    /// `UPOS 0.xxx UAS 0.xxx LAS 0.xxx tokens N[ ENT 0.xxx]`.
    #[must_use]
    pub fn summary(&self) -> String {
        let mut s = format!(
            "UPOS {:.3} UAS {:.3} LAS {:.3} tokens {}",
            Self::ratio(self.upos, self.tokens),
            Self::ratio(self.uas, self.tokens),
            Self::ratio(self.las, self.tokens),
            self.tokens
        );
        if let Some(f) = self.ent_f1() {
            s.push_str(&format!(" ENT {f:.3}"));
        }
        s
    }
}

/// Writes one sentence as CoNLL-U (a trailing blank line included).
pub fn write_sentence(out: &mut String, s: &Sentence) {
    for c in &s.comments {
        out.push_str("# ");
        out.push_str(c);
        out.push('\n');
    }
    for (i, w) in s.words.iter().enumerate() {
        let upos = w.upos.map_or("_", Upos::as_str);
        let misc = if w.misc.is_empty() { "_" } else { &w.misc };
        let lemma = if w.lemma.is_empty() { "_" } else { &w.lemma };
        out.push_str(&format!(
            "{}\t{}\t{}\t{}\t_\t_\t{}\t{}\t_\t{}\n",
            i + 1,
            w.form,
            lemma,
            upos,
            w.head,
            w.deprel,
            misc
        ));
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    const GUM: &str = "# sent_id = x-1\n\
1\tThe\tthe\tDET\t_\t_\t3\tdet\t_\tEntity=(1-place-new-x-y-3-coref-US\n\
2\tUnited\tUnited\tPROPN\t_\t_\t3\tamod\t_\t_\n\
3\tStates\tStates\tPROPN\t_\t_\t5\tnsubj\t_\tEntity=1)\n\
4-5\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n\
4\tsaid\tsay\tVERB\t_\t_\t5\tdep\t_\t_\n\
5\tParis\tParis\tPROPN\t_\t_\t0\troot\t_\tEntity=(2-place-new-x-y-1-sgl)(3-person-new-x-y-1-sgl)|SpaceAfter=No\n\n";

    #[test]
    fn reads_words_and_skips_ranges() {
        let s = read(GUM).unwrap();
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].forms(), ["The", "United", "States", "said", "Paris"]);
        assert_eq!(s[0].words[2].head, 5);
        assert!(!s[0].words[4].space_after());
        assert!(s[0].words[0].space_after());
    }

    #[test]
    fn entity_brackets() {
        let s = &read(GUM).unwrap()[0];
        let m: Vec<_> = mentions(s)
            .into_iter()
            .map(|m| (m.first, m.last, m.etype, m.head))
            .collect();
        assert_eq!(
            m,
            [
                (0, 2, "place".to_string(), 2),
                (4, 4, "person".to_string(), 4),
                (4, 4, "place".to_string(), 4)
            ]
        );
        assert_eq!(gold_names(s).len(), 3);
    }

    #[test]
    fn malformed_lines_are_errors() {
        let e = read("1\tx\n").unwrap_err();
        assert_eq!(e.to_string(), "line 1: 2 columns, not 10");
        let e = read("1\tx\tx\tX\t_\t_\tzz\tdep\t_\t_\n").unwrap_err();
        assert_eq!(e.to_string(), "line 1: head \"zz\" is not a number");
        assert!(read("1\tx\tx\tX\t_\t_\t7\tdep\t_\t_\n").is_err());
    }
}
