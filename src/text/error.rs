//! Errors and warnings of text input.

use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

/// Why a file could not be turned into text.
#[derive(Debug, thiserror::Error)]
pub enum TextError {
    /// The file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The path names something that is not a regular file: `what` says
    /// what it is ("a directory", "a named pipe (FIFO)").
    #[error("{} is {what}, not a file sitrep can read", path.display())]
    NotAFile { path: PathBuf, what: &'static str },
    /// The bytes are not text: an image, an archive, an executable...
    #[error("{name} is a binary file ({what}), not text")]
    Binary { name: String, what: String },
    /// The input is larger than sitrep accepts.
    #[error(
        "{name} is too large: {} MB, and sitrep reads at most {} MB of one dispatch (split it into parts)",
        size.div_ceil(1 << 20),
        limit / (1 << 20)
    )]
    TooLarge { name: String, size: u64, limit: u64 },
}

/// Something that was repaired or guessed while decoding; the text is usable.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Warning {
    /// Invalid UTF-8: this many byte sequences became U+FFFD.
    InvalidUtf8 { replaced: usize },
    /// Not valid UTF-8, but clean Windows-1252, and decoded as that.
    Windows1252,
    /// UTF-16 with unpaired surrogates or an odd trailing byte.
    InvalidUtf16 { replaced: usize },
    /// No byte-order mark, but the byte pattern says UTF-16.
    Utf16WithoutBom,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::InvalidUtf8 { replaced } => write!(
                f,
                "invalid UTF-8: {replaced} byte sequence(s) replaced with \u{FFFD}"
            ),
            Warning::Windows1252 => f.write_str("not UTF-8: decoded as Windows-1252"),
            Warning::InvalidUtf16 { replaced } => write!(
                f,
                "invalid UTF-16: {replaced} code unit(s) replaced with \u{FFFD}"
            ),
            Warning::Utf16WithoutBom => f.write_str("no byte-order mark: decoded as UTF-16"),
        }
    }
}
