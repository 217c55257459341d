//! The language layer: part-of-speech tags, lemmas, a dependency parse and
//! classified names for every sentence of a [`Document`], from one bundled
//! statistical model trained on UD English (see `assets/lang/README.md`).
//!
//! Every later stage reads the same [`Annotation`]: token `i` of the
//! annotation is token `i` of the document. The parse API ([`Annotation::head`],
//! [`Annotation::children`], [`Annotation::subtree`], [`Annotation::clause`])
//! speaks in document token indices.
//!
//! Must not: touch egui, read the clock, or do I/O (the model is compiled in,
//! or handed over as bytes).

pub mod conllu;
pub mod lemma;
pub mod model;
pub mod names;
pub mod parser;
pub mod tagger;
pub mod tags;
pub mod train;
pub mod weights;

use serde::Serialize;

pub use model::{Model, ModelError};
pub use names::{ClassProbs, NameClass};
pub use tags::{Deprel, Upos};

use crate::gazetteer::Gazetteer;
use crate::span::Span;
use crate::text::Document;
use names::{Candidate, NameInput};
use tagger::Lex;

/// What the layer says of one token.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TokenInfo {
    pub upos: Upos,
    pub lemma: String,
    /// The head's token index; `None` for the sentence's root.
    pub head: Option<usize>,
    #[serde(serialize_with = "ser_deprel")]
    pub rel: Deprel,
}

fn ser_deprel<S: serde::Serializer>(d: &Deprel, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(d.as_str())
}

/// A name: a proper noun heading a phrase, and what it likely names.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Name {
    /// The proper-noun chain ("Federal Security Service", "Mazar-e
    /// Sharif"), bytes of the document's text.
    pub span: Span,
    /// Its token indices, `first..end`.
    pub first: usize,
    pub end: usize,
    /// The head proper noun.
    pub head: usize,
    /// The whole noun phrase it heads, as token indices `first..end` ("the
    /// Federal Security Service, Russia's main security agency").
    pub mention: (usize, usize),
    pub probs: ClassProbs,
}

impl Name {
    /// The likeliest class.
    #[must_use]
    pub fn class(&self) -> NameClass {
        self.probs.best()
    }
}

/// The layer's analysis of a document, aligned with its tokens.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Annotation {
    pub tokens: Vec<TokenInfo>,
    /// Sorted by the start of their chains, which do not overlap (their
    /// mentions may nest: "the Emperor of the United States").
    pub names: Vec<Name>,
    /// For each token, the index of its name in `names`, if any.
    #[serde(skip)]
    name_of: Vec<Option<u32>>,
    /// Token ranges of the sentences, in order.
    #[serde(skip)]
    sentences: Vec<(usize, usize)>,
}

impl Annotation {
    /// Tags, parses and finds names in every sentence of `doc`. `gaz`
    /// gives the name classifier what the gazetteer knows of a name.
    #[must_use]
    pub fn new(doc: &Document, model: &Model, gaz: Option<&Gazetteer>) -> Annotation {
        let parts = model.parts();
        let mut tokens: Vec<TokenInfo> = Vec::with_capacity(doc.tokens.len());
        let mut names = Vec::new();
        let mut sentences = Vec::with_capacity(doc.sentences.len());
        let mut done = 0;
        for s in 0..doc.sentences.len() {
            let toks = doc.sentence_tokens(s);
            if toks.is_empty() {
                continue;
            }
            let base = doc.token_at(toks[0].span.start).unwrap_or(done);
            // Tokens between sentences (none, as the document is made) get
            // a plain annotation so indices stay aligned.
            while tokens.len() < base {
                tokens.push(TokenInfo {
                    upos: Upos::X,
                    lemma: String::new(),
                    head: None,
                    rel: Deprel::ROOT,
                });
            }
            let forms: Vec<&str> = toks.iter().map(|t| t.text(&doc.text)).collect();
            let sent = analyse(&parts, &forms, gaz, model);
            sentences.push((base, base + toks.len()));
            for info in sent.tokens {
                tokens.push(TokenInfo {
                    head: info.head.map(|h| h + base),
                    ..info
                });
            }
            for (c, probs) in sent.names {
                names.push(Name {
                    span: Span::new(toks[c.core.first].span.start, toks[c.core.last].span.end),
                    first: base + c.core.first,
                    end: base + c.core.last + 1,
                    head: base + c.head,
                    mention: (base + c.mention.first, base + c.mention.last + 1),
                    probs,
                });
            }
            done = tokens.len();
        }
        while tokens.len() < doc.tokens.len() {
            tokens.push(TokenInfo {
                upos: Upos::X,
                lemma: String::new(),
                head: None,
                rel: Deprel::ROOT,
            });
        }
        let mut name_of = vec![None; tokens.len()];
        for (k, n) in names.iter().enumerate() {
            for slot in &mut name_of[n.first..n.end] {
                *slot = Some(k as u32);
            }
        }
        Annotation {
            tokens,
            names,
            name_of,
            sentences,
        }
    }

    /// The name token `i` belongs to.
    #[must_use]
    pub fn name_at(&self, i: usize) -> Option<&Name> {
        self.name_of
            .get(i)
            .copied()
            .flatten()
            .map(|k| &self.names[k as usize])
    }

    /// The names overlapping the token range `first..end`.
    pub fn names_in(&self, first: usize, end: usize) -> impl Iterator<Item = &Name> {
        let lo = self.names.partition_point(|n| n.end <= first);
        self.names[lo..].iter().take_while(move |n| n.first < end)
    }

    #[must_use]
    pub fn upos(&self, i: usize) -> Option<Upos> {
        self.tokens.get(i).map(|t| t.upos)
    }

    /// Token `i`'s head, `None` at a root.
    #[must_use]
    pub fn head(&self, i: usize) -> Option<usize> {
        self.tokens.get(i).and_then(|t| t.head)
    }

    /// Token `i`'s relation to its head.
    #[must_use]
    pub fn rel(&self, i: usize) -> Option<Deprel> {
        self.tokens.get(i).map(|t| t.rel)
    }

    /// The dependents of token `i`, in text order (searched within its
    /// sentence's reach: heads never cross sentences).
    #[must_use]
    pub fn children(&self, i: usize) -> Vec<usize> {
        let (lo, hi) = self.sentence_range(i);
        (lo..hi)
            .filter(|&k| self.tokens[k].head == Some(i))
            .collect()
    }

    /// Token `i` and everything under it, in text order.
    #[must_use]
    pub fn subtree(&self, i: usize) -> Vec<usize> {
        let (lo, hi) = self.sentence_range(i);
        (lo..hi).filter(|&k| self.dominates(i, k)).collect()
    }

    /// Whether `a` is `b` or one of its ancestors.
    #[must_use]
    pub fn dominates(&self, a: usize, b: usize) -> bool {
        let mut x = b;
        // A parse is a tree, so this ends; the bound guards a damaged one.
        for _ in 0..=self.tokens.len() {
            if x == a {
                return true;
            }
            match self.head(x) {
                Some(h) => x = h,
                None => return false,
            }
        }
        false
    }

    /// The head of the clause token `i` stands in: the nearest ancestor (or
    /// itself) that is a root or opens a clause (advcl, ccomp, acl, xcomp,
    /// parataxis, a conjoined verb...).
    #[must_use]
    pub fn clause(&self, i: usize) -> usize {
        let mut x = i;
        for _ in 0..=self.tokens.len() {
            let t = &self.tokens[x];
            let verbal = matches!(t.upos, Upos::Verb | Upos::Aux);
            if t.head.is_none() || (t.rel.is_clausal() && (t.rel.as_str() != "conj" || verbal)) {
                return x;
            }
            x = t.head.unwrap_or(x);
        }
        x
    }

    /// The token range of the sentence holding token `i`.
    #[must_use]
    pub fn sentence_range(&self, i: usize) -> (usize, usize) {
        let k = self.sentences.partition_point(|r| r.1 <= i);
        self.sentences
            .get(k)
            .copied()
            .filter(|r| r.0 <= i)
            .unwrap_or((i, i + 1))
    }
}

/// One sentence's analysis, in sentence-local token indices.
pub(crate) struct SentenceAnalysis {
    pub tokens: Vec<TokenInfo>,
    pub names: Vec<(Candidate, ClassProbs)>,
}

pub(crate) fn analyse(
    parts: &model::Parts<'_>,
    forms: &[&str],
    gaz: Option<&Gazetteer>,
    model: &Model,
) -> SentenceAnalysis {
    let lex: Vec<Lex> = forms.iter().map(|f| Lex::new(f)).collect();
    let tags = parts.tagger.tag(forms, &lex);
    let arcs = parts.parser.parse(&lex, &tags);
    let input = NameInput {
        forms,
        lex: &lex,
        tags: &tags,
        heads: &arcs.heads,
        labels: &arcs.labels,
    };
    let mut names: Vec<(Candidate, ClassProbs)> = names::candidates(&input)
        .into_iter()
        .map(|c| (c, parts.classes.classify(&input, c, gaz)))
        .collect();
    names.sort_by_key(|(c, _)| c.core.first);
    let tokens = (0..forms.len())
        .map(|k| TokenInfo {
            upos: tags[k],
            lemma: model.lemmas.lemma(forms[k], tags[k]),
            head: (arcs.heads[k + 1] != 0).then(|| arcs.heads[k + 1] - 1),
            rel: arcs.labels[k + 1],
        })
        .collect();
    SentenceAnalysis { tokens, names }
}
