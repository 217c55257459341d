//! Rewrites a language model file of format version 1 in today's format
//! (same weights, same scores): `cargo run --release --example lang_upgrade
//! -- OLD.bin NEW.bin`. Training writes today's format directly.

use anyhow::Context;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [old, new] = args.as_slice() else {
        anyhow::bail!("usage: lang_upgrade OLD.bin NEW.bin");
    };
    let bytes = std::fs::read(old).with_context(|| format!("cannot read {old}"))?;
    let out = sitrep::lang::model::upgrade(&bytes, old)?;
    sitrep::lang::model::Model::from_bytes(out.clone(), new)?;
    std::fs::write(new, &out).with_context(|| format!("cannot write {new}"))?;
    println!(
        "{old} ({} bytes) -> {new} ({} bytes)",
        bytes.len(),
        out.len()
    );
    Ok(())
}
