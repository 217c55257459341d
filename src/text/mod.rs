//! Text input and the document model. Owned by the text work.
//!
//! * [`input`] decodes a file (UTF-8, UTF-16, Windows-1252; HTML, Markdown or
//!   plain text) into the plain text the user sees, plus a title and a
//!   metadata date.
//! * [`dateline`] finds the article's own date (wire datelines, "Published"
//!   lines) in that text.
//! * [`document`] splits the text into paragraphs, sentences and tokens.
//!
//! Every offset handed out is a byte [`Span`](crate::Span) into the extracted
//! plain text, never into the original file.

pub mod dateline;
pub mod document;
mod entities;
pub mod error;
pub mod html;
pub mod input;
pub mod markdown;

pub use dateline::{DateSource, Dateline, DetectedDate, dateline, detect_date, resolve_date};
pub use document::{Document, Token, TokenFlags, TokenKind};
pub use error::{TextError, Warning};
pub use input::{Format, Input, load_bytes, load_path};

/// Line ends of every input format: `\r\n` and lone `\r` become `\n`.
pub(crate) fn normalize_newlines(s: String) -> String {
    if !s.contains('\r') {
        return s;
    }
    s.replace("\r\n", "\n").replace('\r', "\n")
}
