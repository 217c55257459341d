//! Training and scoring the layer's models from CoNLL-U treebanks. The
//! trainer binary (`assets/lang/trainer.rs`) and `sitrep parse --eval` call
//! this; it is deterministic: the same data and seed give the same bytes.

use super::conllu::{self, Scores, Sentence};
use super::model::{self, Model};
use super::names::{self, Candidate, NameClass, NameExample, NameInput};
use super::parser::{self, ParseExample};
use super::tagger::{self, Lex, TagExample};
use super::tags::{Deprel, Upos};
use super::{NameClass as Class, analyse, lemma};
use crate::gazetteer::Gazetteer;

/// A small deterministic generator (SplitMix64) for shuffling and
/// exploration.
pub struct Rng(u64);

impl Rng {
    #[must_use]
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Fisher-Yates.
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

/// How long to train.
#[derive(Clone, Copy, Debug)]
pub struct Config {
    pub seed: u64,
    pub tag_epochs: usize,
    pub parse_epochs: usize,
    pub name_epochs: usize,
    /// Folds for jackknifed tags under the parser (1: gold tags).
    pub folds: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            seed: 20_161_124,
            tag_epochs: 6,
            parse_epochs: 8,
            name_epochs: 8,
            folds: 4,
        }
    }
}

fn usable(s: &Sentence) -> bool {
    !s.words.is_empty() && s.words.iter().all(|w| w.upos.is_some())
}

fn tag_examples<'a>(data: &[&'a Sentence]) -> Vec<TagExample<'a>> {
    data.iter()
        .map(|s| TagExample {
            forms: s.forms(),
            tags: s.words.iter().map(|w| w.upos.unwrap_or(Upos::X)).collect(),
        })
        .collect()
}

/// Tags predicted for `data` by taggers trained on the other folds.
fn jackknife(data: &[&Sentence], cfg: &Config, log: &mut dyn FnMut(&str)) -> Vec<Vec<Upos>> {
    let examples = tag_examples(data);
    if cfg.folds <= 1 {
        return examples.into_iter().map(|e| e.tags).collect();
    }
    let mut out: Vec<Vec<Upos>> = vec![Vec::new(); data.len()];
    let empty = std::collections::HashMap::new();
    for fold in 0..cfg.folds {
        let rest: Vec<TagExample<'_>> = tag_examples(
            &data
                .iter()
                .enumerate()
                .filter(|(i, _)| i % cfg.folds != fold)
                .map(|(_, s)| *s)
                .collect::<Vec<_>>(),
        );
        let w = tagger::train(&rest, cfg.tag_epochs, cfg.seed + fold as u64);
        let t = tagger::Tagger {
            weights: super::weights::WeightsRef::new(w.as_bytes()).expect("fresh table"),
            dict: &empty,
        };
        for (i, s) in data
            .iter()
            .enumerate()
            .filter(|(i, _)| i % cfg.folds == fold)
        {
            let forms = s.forms();
            let lex: Vec<Lex> = forms.iter().map(|f| Lex::new(f)).collect();
            out[i] = t.tag(&forms, &lex);
        }
        log(&format!(
            "jackknife fold {} of {} tagged",
            fold + 1,
            cfg.folds
        ));
    }
    out
}

/// The candidates of a sentence (from its gold parse) with the class of
/// GUM's largest mention that shares their head, else `other`.
fn name_spans(s: &Sentence, input: &NameInput<'_>) -> Vec<(Candidate, NameClass)> {
    let ms = conllu::mentions(s);
    names::candidates(input)
        .into_iter()
        .map(|c| {
            let class = ms
                .iter()
                .filter(|m| m.head == c.head)
                .max_by_key(|m| m.last - m.first)
                .map_or(NameClass::Other, |m| NameClass::from_gum(&m.etype));
            (c, class)
        })
        .collect()
}

/// Trains every part and returns the model file's bytes. `log` hears of
/// progress.
#[must_use]
pub fn train(
    data: &[Sentence],
    gaz: Option<&Gazetteer>,
    cfg: &Config,
    about: &str,
    log: &mut dyn FnMut(&str),
) -> Vec<u8> {
    let data: Vec<&Sentence> = data.iter().filter(|s| usable(s)).collect();
    let tokens: usize = data.iter().map(|s| s.words.len()).sum();
    log(&format!("{} sentences, {tokens} tokens", data.len()));

    let examples = tag_examples(&data);
    let dict = tagger::build_dict(&examples);
    let tag_w = tagger::train(&examples, cfg.tag_epochs, cfg.seed);
    log(&format!("tagger: {} dictionary words", dict.len()));

    let tags = jackknife(&data, cfg, log);
    let parse_data: Vec<ParseExample<'_>> = data
        .iter()
        .zip(&tags)
        .map(|(s, t)| {
            let mut heads = vec![0];
            let mut labels = vec![Deprel::ROOT];
            for w in &s.words {
                heads.push(w.head);
                labels.push(Deprel::parse(&w.deprel).unwrap_or(Deprel::DEP));
            }
            ParseExample {
                lex: s.words.iter().map(|w| Lex::new(&w.form)).collect(),
                tags: t.clone(),
                heads,
                labels,
                _forms: std::marker::PhantomData,
            }
        })
        .collect();
    let parse_w = parser::train(&parse_data, cfg.parse_epochs, cfg.seed);
    log("parser trained");

    let with_names: Vec<usize> = (0..data.len())
        .filter(|&i| data[i].words.iter().any(|w| w.misc.contains("Entity=")))
        .collect();
    let forms: Vec<Vec<&str>> = with_names.iter().map(|&i| data[i].forms()).collect();
    let lexes: Vec<Vec<Lex>> = with_names
        .iter()
        .map(|&i| parse_data[i].lex.clone())
        .collect();
    let name_data: Vec<NameExample<'_>> = with_names
        .iter()
        .enumerate()
        .map(|(k, &i)| {
            let input = NameInput {
                forms: &forms[k],
                lex: &lexes[k],
                tags: &tags[i],
                heads: &parse_data[i].heads,
                labels: &parse_data[i].labels,
            };
            let spans = name_spans(data[i], &input);
            NameExample { input, spans }
        })
        .collect();
    let classes_w = names::train_classes(&name_data, gaz, cfg.name_epochs, cfg.seed);
    log(&format!(
        "names: {} sentences, {} spans",
        name_data.len(),
        name_data.iter().map(|e| e.spans.len()).sum::<usize>()
    ));

    let lemmas = lemma::build_table(data.iter().flat_map(|s| {
        s.words
            .iter()
            .filter_map(|w| Some((w.form.as_str(), w.upos?, w.lemma.as_str())))
    }));
    let mut dict_text = String::new();
    for (w, t) in &dict {
        if !w.contains('\t') && !w.contains('\n') {
            dict_text.push_str(&format!("{w}\t{t}\n"));
        }
    }
    let meta = format!(
        "{about}\nseed {} tag_epochs {} parse_epochs {} name_epochs {} folds {}\nsentences {} tokens {tokens}\n",
        cfg.seed,
        cfg.tag_epochs,
        cfg.parse_epochs,
        cfg.name_epochs,
        cfg.folds,
        data.len()
    );
    model::write(&[
        meta.as_bytes(),
        tag_w.as_bytes(),
        dict_text.as_bytes(),
        parse_w.as_bytes(),
        classes_w.as_bytes(),
        lemmas.as_bytes(),
    ])
}

/// The model file `bytes` with its weight rows ordered by how often the
/// analysis of `data` finds them (see [`Model::relayout`]): same weights,
/// same scores, fewer cache misses. Deterministic: the same data and
/// model give the same bytes.
///
/// # Errors
/// If `bytes` is not a valid model file.
#[cfg(feature = "train")]
pub fn relayout(
    bytes: Vec<u8>,
    name: &str,
    data: &[Sentence],
    gaz: Option<&Gazetteer>,
) -> Result<Vec<u8>, model::ModelError> {
    let model = Model::from_bytes(bytes, name)?;
    super::weights::tally::start();
    let _ = predict(&model, data, gaz);
    let mut hits = super::weights::tally::stop();
    let hits = model
        .table_ids()
        .map(|id| hits.remove(&id).unwrap_or_default());
    model.relayout(&hits)
}

/// Runs the model over gold-tokenised sentences: the same words with
/// predicted UPOS, lemmas, heads and relations, names in MISC.
#[must_use]
pub fn predict(model: &Model, gold: &[Sentence], gaz: Option<&Gazetteer>) -> Vec<Sentence> {
    let parts = model.parts();
    gold.iter()
        .map(|g| {
            let forms = g.forms();
            let a = analyse(&parts, &forms, gaz, model);
            let mut out = Sentence {
                comments: g.comments.clone(),
                words: Vec::with_capacity(forms.len()),
            };
            for (k, t) in a.tokens.iter().enumerate() {
                let mut misc: Vec<String> = Vec::new();
                for (c, probs) in &a.names {
                    if c.mention.first == k {
                        misc.push(name_misc(c.mention.last - c.mention.first + 1, probs));
                    }
                }
                if !g.words[k].space_after() {
                    misc.push("SpaceAfter=No".into());
                }
                out.words.push(conllu::Word {
                    form: forms[k].to_string(),
                    lemma: t.lemma.clone(),
                    upos: Some(t.upos),
                    head: t.head.map_or(0, |h| h + 1),
                    deprel: t.rel.as_str().to_string(),
                    misc: misc.join("|"),
                });
            }
            out
        })
        .collect()
}

/// `Name=place:3|NameP=person:0.01,place:0.95,...`: the class and length
/// in words of the name starting here, and its class probabilities.
#[must_use]
pub fn name_misc(len: usize, p: &super::ClassProbs) -> String {
    format!(
        "Name={}:{len}|NameP=person:{:.3},place:{:.3},organization:{:.3},other:{:.3}",
        p.best().as_str(),
        p.person,
        p.place,
        p.organization,
        p.other
    )
}

/// The predicted names of a sentence as (first, last, class), read back
/// from the MISC that [`predict`] wrote; `other` is left out.
#[must_use]
pub fn predicted_names(s: &Sentence) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    for (k, w) in s.words.iter().enumerate() {
        for m in w.misc.split('|') {
            if let Some(v) = m.strip_prefix("Name=")
                && let Some((class, len)) = v.split_once(':')
                && let Ok(len) = len.parse::<usize>()
                && class != Class::Other.as_str()
                && len > 0
            {
                out.push((k, k + len - 1, class.to_string()));
            }
        }
    }
    out
}

/// Scores predictions against gold: UPOS, UAS, LAS, and ENT when the gold
/// has GUM entities.
#[must_use]
pub fn score(gold: &[Sentence], pred: &[Sentence]) -> Scores {
    let mut s = Scores::default();
    let has_entities = gold
        .iter()
        .any(|g| g.words.iter().any(|w| w.misc.contains("Entity=")));
    for (g, p) in gold.iter().zip(pred) {
        s.add(g, p);
        if has_entities {
            s.add_names(&conllu::gold_names(g), &predicted_names(p));
        }
    }
    s
}

/// Where the name models go wrong on `gold`: span-only precision and
/// recall, class accuracy on spans found, and examples of misses.
#[must_use]
pub fn diagnose_names(gold: &[Sentence], pred: &[Sentence]) -> String {
    let (mut g_n, mut p_n, mut span_ok, mut class_ok) = (0, 0, 0, 0);
    let mut confusion: std::collections::BTreeMap<(String, String), usize> = Default::default();
    let mut misses = Vec::new();
    for (g, p) in gold.iter().zip(pred) {
        let gn = conllu::gold_names(g);
        let pn = predicted_names(p);
        g_n += gn.len();
        p_n += pn.len();
        for x in &gn {
            match pn.iter().find(|y| y.0 == x.0 && y.1 == x.1) {
                Some(y) => {
                    span_ok += 1;
                    if y.2 == x.2 {
                        class_ok += 1;
                    }
                    *confusion.entry((x.2.clone(), y.2.clone())).or_default() += 1;
                }
                None => {
                    if misses.len() < 40 {
                        let words = |a: usize, b: usize| {
                            g.words[a..=b]
                                .iter()
                                .map(|w| w.form.as_str())
                                .collect::<Vec<_>>()
                                .join(" ")
                        };
                        let near: Vec<String> = pn
                            .iter()
                            .filter(|y| y.0 <= x.1 && x.0 <= y.1)
                            .map(|y| format!("[{}]", words(y.0, y.1)))
                            .collect();
                        misses.push(format!(
                            "  gold [{}] {} -> {}",
                            words(x.0, x.1),
                            x.2,
                            near.join(" ")
                        ));
                    }
                }
            }
        }
    }
    let mut s = format!(
        "names: gold {g_n}, predicted {p_n}, span match {span_ok} (P {:.3} R {:.3}), class right on matched {class_ok} ({:.3})\n",
        span_ok as f64 / p_n.max(1) as f64,
        span_ok as f64 / g_n.max(1) as f64,
        class_ok as f64 / span_ok.max(1) as f64
    );
    for ((a, b), n) in confusion {
        s.push_str(&format!("  {a} -> {b}: {n}\n"));
    }
    s.push_str(&misses.join("\n"));
    s
}
