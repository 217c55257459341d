//! The model file: the tagger's, parser's and name models' weights, the tag
//! dictionary, the lemma table and a description, in one checksummed file
//! read in place.
//!
//! Layout (little-endian): magic `SITREPLM`, format version (u32), section
//! count (u32), then per section its 8-byte name, offset, length and CRC32
//! (u32 each), then the sections. Loading checks the magic, the version,
//! that every section lies inside the file, every CRC32, and every weight
//! table's rows, so that nothing read afterwards can go out of bounds.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

use super::lemma::Lemmas;
use super::tags::Upos;
use super::weights::WeightsRef;

const MAGIC: &[u8; 8] = b"SITREPLM";
/// The model format this build reads and writes. Version 2 stores rows with
/// many weights dense (see `weights.rs`); version 1 files can be rewritten
/// with [`upgrade`].
pub const VERSION: u32 = 2;

/// The bundled model's path in the repository, for messages.
pub const BUNDLED_PATH: &str = "assets/lang/sitrep-lang.bin";

#[cfg(not(feature = "train"))]
static BUNDLED_BYTES: Option<&[u8]> = Some(include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/lang/sitrep-lang.bin"
)));
#[cfg(feature = "train")]
static BUNDLED_BYTES: Option<&[u8]> = None;

/// What is wrong with a model file.
#[derive(Debug, thiserror::Error)]
#[error("the language model {file} {what}")]
pub struct ModelError {
    /// The file (or the bundled file's path).
    pub file: String,
    pub what: String,
}

/// The names of the sections, in file order.
pub(crate) const SECTIONS: [&[u8; 8]; 6] = [
    b"meta\0\0\0\0",
    b"tagger\0\0",
    b"tagdict\0",
    b"parser\0\0",
    b"classes\0",
    b"lemmas\0\0",
];

/// Writes a model file from its sections' bytes (in [`SECTIONS`] order).
#[must_use]
pub fn write(sections: &[&[u8]; 6]) -> Vec<u8> {
    let header = 16 + 20 * sections.len();
    let mut out = Vec::with_capacity(header + sections.iter().map(|s| s.len()).sum::<usize>());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&(sections.len() as u32).to_le_bytes());
    let mut off = header;
    for (name, data) in SECTIONS.iter().zip(sections) {
        out.extend_from_slice(*name);
        out.extend_from_slice(&(off as u32).to_le_bytes());
        out.extend_from_slice(&(data.len() as u32).to_le_bytes());
        out.extend_from_slice(&crc32fast::hash(data).to_le_bytes());
        off += data.len();
    }
    for data in sections {
        out.extend_from_slice(data);
    }
    out
}

/// A model file of format version 1 rewritten as today's version: the same
/// sections, weights and scores, its weight tables in today's row layout.
///
/// # Errors
/// If `bytes` is not a valid version 1 model file (the result is checked
/// as [`Model::from_bytes`] checks a file).
pub fn upgrade(bytes: &[u8], name: &str) -> Result<Vec<u8>, ModelError> {
    let err = |what: String| ModelError {
        file: name.to_owned(),
        what,
    };
    if bytes.len() < 16 + 20 * SECTIONS.len() || &bytes[..8] != MAGIC {
        return Err(err(
            "is not a sitrep language model (no SITREPLM header)".into()
        ));
    }
    if le32(bytes, 8) != 1 {
        return Err(err(format!("is format version {}, not 1", le32(bytes, 8))));
    }
    let mut sections: Vec<Vec<u8>> = Vec::with_capacity(SECTIONS.len());
    for k in 0..SECTIONS.len() {
        let at = 16 + 20 * k;
        let (off, len) = (le32(bytes, at + 8) as usize, le32(bytes, at + 12) as usize);
        let data = off
            .checked_add(len)
            .and_then(|end| bytes.get(off..end))
            .ok_or_else(|| err("is truncated".into()))?;
        if crc32fast::hash(data) != le32(bytes, at + 16) {
            return Err(err(format!("is damaged (section {k} fails its checksum)")));
        }
        sections.push(if matches!(k, 1 | 3 | 4) {
            super::weights::Weights::from_version_1(data)
                .map_err(|what| err(format!("is damaged (section {k}: {what})")))?
                .as_bytes()
                .to_vec()
        } else {
            data.to_vec()
        });
    }
    let parts: [&[u8]; 6] = std::array::from_fn(|k| sections[k].as_slice());
    let out = write(&parts);
    // The other sections are copied as they are: loading checks them.
    Model::from_bytes(out.clone(), name)?;
    Ok(out)
}

/// A loaded model: its bytes and where each part lies in them.
#[derive(Clone)]
pub struct Model {
    bytes: Cow<'static, [u8]>,
    tagger: Range<usize>,
    parser: Range<usize>,
    classes: Range<usize>,
    pub(crate) dict: HashMap<String, Upos>,
    pub(crate) lemmas: Lemmas,
    /// The description the trainer wrote (data, scores, attribution).
    pub meta: String,
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Model")
            .field("bytes", &self.bytes.len())
            .field("dict", &self.dict.len())
            .finish_non_exhaustive()
    }
}

fn le32(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

impl Model {
    /// The model compiled into sitrep, loaded once per process.
    ///
    /// # Errors
    /// If the bundled file is damaged (a broken build), or this is the
    /// trainer, which has none.
    pub fn bundled() -> Result<&'static Model, ModelError> {
        static BUNDLED: std::sync::OnceLock<Result<Model, String>> = std::sync::OnceLock::new();
        let loaded = BUNDLED.get_or_init(|| match BUNDLED_BYTES {
            Some(b) => Model::load(Cow::Borrowed(b), BUNDLED_PATH).map_err(|e| e.what),
            None => Err("is not in this build (the trainer has none)".to_owned()),
        });
        loaded.as_ref().map_err(|what| ModelError {
            file: BUNDLED_PATH.to_owned(),
            what: what.clone(),
        })
    }

    /// A model from a file's bytes; `name` names it in errors.
    ///
    /// # Errors
    /// If the bytes are not a valid model file of this version.
    pub fn from_bytes(bytes: Vec<u8>, name: &str) -> Result<Model, ModelError> {
        Model::load(Cow::Owned(bytes), name)
    }

    fn load(bytes: Cow<'static, [u8]>, name: &str) -> Result<Model, ModelError> {
        let err = |what: String| ModelError {
            file: name.to_owned(),
            what,
        };
        let b: &[u8] = &bytes;
        if b.len() < 16 || &b[..8] != MAGIC {
            return Err(err(
                "is not a sitrep language model (no SITREPLM header)".into()
            ));
        }
        let version = le32(b, 8);
        if version != VERSION {
            return Err(err(format!(
                "is format version {version}; this build reads version {VERSION}"
            )));
        }
        let count = le32(b, 12) as usize;
        if count != SECTIONS.len() || b.len() < 16 + 20 * count {
            return Err(err("is truncated (its section table is incomplete)".into()));
        }
        let mut ranges = Vec::with_capacity(count);
        for (k, want) in SECTIONS.iter().enumerate() {
            let at = 16 + 20 * k;
            let section = String::from_utf8_lossy(&b[at..at + 8])
                .trim_end_matches('\0')
                .to_string();
            if &b[at..at + 8] != *want {
                return Err(err(format!(
                    "has section {section:?} where another belongs"
                )));
            }
            let off = le32(b, at + 8) as usize;
            let len = le32(b, at + 12) as usize;
            let Some(data) = off.checked_add(len).and_then(|end| b.get(off..end)) else {
                return Err(err(format!(
                    "is truncated (section {section} ends past the file)"
                )));
            };
            if crc32fast::hash(data) != le32(b, at + 16) {
                return Err(err(format!(
                    "is damaged (section {section} fails its checksum)"
                )));
            }
            ranges.push((section, off..off + len));
        }
        let text = |k: usize| {
            std::str::from_utf8(&b[ranges[k].1.clone()])
                .map_err(|_| err(format!("is damaged (section {} is not UTF-8)", ranges[k].0)))
        };
        for k in [1, 3, 4] {
            WeightsRef::new(&b[ranges[k].1.clone()])
                .map_err(|what| err(format!("is damaged (section {}: {what})", ranges[k].0)))?;
        }
        let meta = text(0)?.to_owned();
        let mut dict = HashMap::new();
        for line in text(2)?.lines() {
            let Some((w, t)) = line.split_once('\t') else {
                return Err(err("is damaged (a tag dictionary line has no tab)".into()));
            };
            let t = Upos::parse(t).ok_or_else(|| err(format!("is damaged (tag {t:?})")))?;
            dict.insert(w.to_owned(), t);
        }
        let lemmas = Lemmas::parse(text(5)?).map_err(|what| err(format!("is damaged ({what})")))?;
        let r = |k: usize| ranges[k].1.clone();
        Ok(Model {
            tagger: r(1),
            parser: r(3),
            classes: r(4),
            dict,
            lemmas,
            meta,
            bytes,
        })
    }

    fn weights(&self, r: &Range<usize>) -> WeightsRef<'_> {
        WeightsRef::trusted(&self.bytes[r.clone()])
    }

    pub(crate) fn parts(&self) -> Parts<'_> {
        Parts {
            tagger: super::tagger::Tagger {
                weights: self.weights(&self.tagger),
                dict: &self.dict,
            },
            parser: super::parser::Parser {
                weights: self.weights(&self.parser),
            },
            classes: super::names::Classes {
                weights: self.weights(&self.classes),
            },
        }
    }

    /// Names the tagger's, parser's and name classifier's weight tables
    /// (in that order) as a [`super::weights::tally`] counts them.
    #[must_use]
    pub fn table_ids(&self) -> [usize; 3] {
        [&self.tagger, &self.parser, &self.classes].map(|r| self.weights(r).id())
    }

    /// This model's file with each weight table's rows reordered by how
    /// often lookups found them (`hits[k]` for the table `table_ids()[k]`
    /// names), most used first: the same weights and scores, read faster
    /// (see [`super::weights::Weights::relayout`]).
    ///
    /// # Errors
    /// If a table cannot be rewritten (a model that did not load cannot get
    /// here, so this is a bug, reported rather than panicking).
    pub fn relayout(&self, hits: &[HashMap<u32, u64>; 3]) -> Result<Vec<u8>, ModelError> {
        let err = |what: String| ModelError {
            file: BUNDLED_PATH.to_owned(),
            what,
        };
        let b: &[u8] = &self.bytes;
        let mut sections: Vec<Vec<u8>> = Vec::with_capacity(SECTIONS.len());
        for k in 0..SECTIONS.len() {
            let at = 16 + 20 * k;
            let (off, len) = (le32(b, at + 8) as usize, le32(b, at + 12) as usize);
            let data = &b[off..off + len];
            let table = match k {
                1 => Some(0),
                3 => Some(1),
                4 => Some(2),
                _ => None,
            };
            sections.push(match table {
                Some(t) => super::weights::Weights::relayout(data, &hits[t])
                    .map_err(|what| err(format!("cannot be relaid out (section {k}: {what})")))?
                    .as_bytes()
                    .to_vec(),
                None => data.to_vec(),
            });
        }
        let parts: [&[u8]; 6] = std::array::from_fn(|k| sections[k].as_slice());
        let out = write(&parts);
        Model::from_bytes(out.clone(), BUNDLED_PATH)?;
        Ok(out)
    }

    /// Sizes and feature counts of the parts, for the trainer's report.
    #[must_use]
    pub fn describe(&self) -> String {
        let w = |name: &str, r: &Range<usize>| {
            let t = self.weights(r);
            format!("{name}: {} bytes, {} features\n", r.len(), t.features())
        };
        format!(
            "{}{}{}dictionary {} words, {} bytes in all",
            w("tagger", &self.tagger),
            w("parser", &self.parser),
            w("classes", &self.classes),
            self.dict.len(),
            self.bytes.len()
        )
    }

    /// The file's size in bytes.
    #[must_use]
    pub fn size(&self) -> usize {
        self.bytes.len()
    }
}

/// The model's parts, borrowed.
pub(crate) struct Parts<'m> {
    pub tagger: super::tagger::Tagger<'m>,
    pub parser: super::parser::Parser<'m>,
    pub classes: super::names::Classes<'m>,
}
