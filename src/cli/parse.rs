//! `sitrep parse`: the language layer's reading of a text as CoNLL-U, so a
//! user can see why a word was read as it was; and its scores against gold
//! CoNLL-U.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use clap::Args;

use crate::lang::{Annotation, Model, conllu, train};

#[derive(Args, Debug)]
pub struct ParseArgs {
    /// Texts to parse (text, HTML, Markdown); standard input when none.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Read gold-tokenised sentences from this CoNLL-U file and write them
    /// with predicted tags, lemmas, heads and relations.
    #[arg(long, value_name = "GOLD.conllu", conflicts_with_all = ["files", "eval"])]
    pub conllu_in: Option<PathBuf>,
    /// Score the model on this CoNLL-U file: the last line printed is
    /// `UPOS .. UAS .. LAS .. tokens N` (and `ENT ..` with GUM entities).
    #[arg(long, value_name = "GOLD.conllu", conflicts_with = "files")]
    pub eval: Option<PathBuf>,
    #[command(flatten)]
    pub gazetteer: super::GazetteerArgs,
}

pub fn run(args: &ParseArgs, out: &mut dyn Write) -> Result<()> {
    let model = Model::bundled()?;
    let gaz = args.gazetteer.load()?;
    if let Some(path) = args.conllu_in.as_ref().or(args.eval.as_ref()) {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let gold = conllu::read(&text)
            .with_context(|| format!("{} is not valid CoNLL-U", path.display()))?;
        let pred = train::predict(model, &gold, Some(&gaz));
        if args.eval.is_some() {
            writeln!(out, "{}", train::score(&gold, &pred).summary())?;
        } else {
            let mut s = String::new();
            for p in &pred {
                conllu::write_sentence(&mut s, p);
            }
            out.write_all(s.as_bytes())?;
        }
        return Ok(());
    }
    let mut inputs: Vec<(String, String)> = Vec::new();
    if args.files.is_empty() {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)
            .context("cannot read standard input")?;
        inputs.push(("stdin".into(), text));
    }
    for path in &args.files {
        let input = crate::text::load_path(path)?;
        inputs.push((path.display().to_string(), input.text));
    }
    if inputs.iter().all(|(_, t)| t.trim().is_empty()) && !args.files.is_empty() {
        bail!("nothing to parse: the files hold no text");
    }
    for (name, text) in inputs {
        let doc = crate::text::Document::new(text);
        let ann = Annotation::new(&doc, model, Some(&gaz));
        let mut by_start: std::collections::HashMap<usize, Vec<&crate::lang::Name>> =
            std::collections::HashMap::new();
        for n in &ann.names {
            by_start.entry(n.mention.0).or_default().push(n);
        }
        let mut s = String::new();
        s.push_str(&format!("# newdoc id = {name}\n"));
        for (k, sent) in doc.sentences.iter().enumerate() {
            let toks = doc.sentence_tokens(k);
            if toks.is_empty() {
                continue;
            }
            let base = doc.token_at(toks[0].span.start).unwrap_or(0);
            let mut words = Vec::with_capacity(toks.len());
            for (j, t) in toks.iter().enumerate() {
                let i = base + j;
                let info = &ann.tokens[i];
                let mut misc = Vec::new();
                for n in by_start.get(&i).into_iter().flatten() {
                    misc.push(train::name_misc(n.mention.1 - n.mention.0, &n.probs));
                }
                let next = toks.get(j + 1).map_or(sent.end, |n| n.span.start);
                if next == t.span.end && j + 1 < toks.len() {
                    misc.push("SpaceAfter=No".into());
                }
                words.push(conllu::Word {
                    form: t.text(&doc.text).to_string(),
                    lemma: info.lemma.clone(),
                    upos: Some(info.upos),
                    head: info.head.map_or(0, |h| h - base + 1),
                    deprel: info.rel.as_str().to_string(),
                    misc: misc.join("|"),
                });
            }
            let one_line: String = doc.text[sent.range()]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            conllu::write_sentence(
                &mut s,
                &conllu::Sentence {
                    comments: vec![format!("sent_id = {}", k + 1), format!("text = {one_line}")],
                    words,
                },
            );
        }
        out.write_all(s.as_bytes())?;
    }
    Ok(())
}
