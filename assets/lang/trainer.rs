//! Trains the language layer's model from the UD English treebanks and
//! writes `assets/lang/sitrep-lang.bin`, then scores it on the dev and test
//! sets. See `assets/lang/README.md`.
//!
//! ```text
//! cargo run --release --no-default-features --features train --bin train-lang -- \
//!     [--ud ../shared/ud] [--out assets/lang/sitrep-lang.bin] [--extra FILE.conllu]...
//! ```
//!
//! `--relayout OLD.bin` skips training: it rewrites OLD.bin with its weight
//! rows ordered by use on the training text (the last step of training;
//! same weights and scores) into `--out`.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use sitrep::gazetteer::Gazetteer;
use sitrep::lang::{Model, conllu, train};

const ABOUT: &str = "sitrep language model: UPOS tagger, arc-hybrid parser and name classifier, \
trained on UD English EWT (Silveira et al. 2014, CC BY-SA 4.0) and the CC BY parts of UD \
English GUM (Zeldes 2017, CC BY 4.0), with sitrep's own annotated sentences; \
these weights are shared under CC BY-SA 4.0.";

fn read(path: &PathBuf) -> Result<Vec<conllu::Sentence>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    conllu::read(&text).with_context(|| format!("{} is not valid CoNLL-U", path.display()))
}

fn main() -> Result<()> {
    let mut ud = PathBuf::from("../shared/ud");
    let mut out = PathBuf::from("assets/lang/sitrep-lang.bin");
    let mut extra = vec![PathBuf::from("assets/lang/extra.conllu")];
    let mut cfg = train::Config::default();
    let mut base: Option<PathBuf> = None;
    let mut relayout: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut val = || args.next().with_context(|| format!("{a} needs a value"));
        match a.as_str() {
            "--ud" => ud = PathBuf::from(val()?),
            "--out" => out = PathBuf::from(val()?),
            "--extra" => extra.push(PathBuf::from(val()?)),
            "--parse-epochs" => cfg.parse_epochs = val()?.parse()?,
            "--tag-epochs" => cfg.tag_epochs = val()?.parse()?,
            "--name-epochs" => cfg.name_epochs = val()?.parse()?,
            "--folds" => cfg.folds = val()?.parse()?,
            "--model" => base = Some(PathBuf::from(val()?)),
            "--relayout" => relayout = Some(PathBuf::from(val()?)),
            _ => bail!("unknown argument {a}"),
        }
    }
    let gaz = Gazetteer::bundled()?;
    let mut data = Vec::new();
    for f in ["en_ewt-train.conllu", "en_gum-train.conllu"] {
        data.extend(read(&ud.join(f))?);
    }
    for e in &extra {
        if e.exists() {
            data.extend(read(e)?);
        }
    }
    let t0 = Instant::now();
    let model = if let Some(old) = &relayout {
        // Reorder an existing model's rows by use (same weights), as
        // training does last.
        let bytes = std::fs::read(old).with_context(|| format!("cannot read {}", old.display()))?;
        let bytes = train::relayout(bytes, &old.display().to_string(), &data, Some(&gaz))?;
        std::fs::write(&out, &bytes).with_context(|| format!("cannot write {}", out.display()))?;
        eprintln!("wrote {} ({} bytes)", out.display(), bytes.len());
        Model::from_bytes(bytes, &out.display().to_string())?
    } else if let Some(base) = &base {
        // Score (and diagnose) an existing model instead of training.
        let bytes =
            std::fs::read(base).with_context(|| format!("cannot read {}", base.display()))?;
        let model = Model::from_bytes(bytes, &base.display().to_string())?;
        let gold = read(&ud.join("en_gum-dev.conllu"))?;
        let pred = train::predict(&model, &gold, Some(&gaz));
        eprintln!("{}", train::diagnose_names(&gold, &pred));
        model
    } else {
        let bytes = train::train(&data, Some(&gaz), &cfg, ABOUT, &mut |m| {
            eprintln!("[{:6.1}s] {m}", t0.elapsed().as_secs_f64());
        });
        // The rows the analysis of the training text uses most, together.
        let bytes = train::relayout(bytes, &out.display().to_string(), &data, Some(&gaz))?;
        std::fs::write(&out, &bytes).with_context(|| format!("cannot write {}", out.display()))?;
        eprintln!("wrote {} ({} bytes)", out.display(), bytes.len());
        Model::from_bytes(bytes, &out.display().to_string())?
    };
    eprintln!("{}", model.describe());
    for f in ["en_ewt-dev", "en_gum-dev", "en_ewt-test", "en_gum-test"] {
        let gold = read(&ud.join(format!("{f}.conllu")))?;
        let pred = train::predict(&model, &gold, Some(&gaz));
        println!("{f}: {}", train::score(&gold, &pred).summary());
    }
    Ok(())
}
