//! Byte spans into a document's text.
//!
//! Inside sitrep every mention is a [`Span`]: a half-open byte range that
//! indexes `str` directly. Anything written out (JSON, exports) converts to
//! character offsets with [`CharOffsets`]; nothing else may.

use std::ops::Range;

/// A half-open byte range `[start, end)` into a UTF-8 text.
///
/// Both ends always fall on `char` boundaries of the text the span was made
/// for, so `&text[span]` never panics for that text.
///
/// It serializes as `{"start", "end"}` in bytes, for debugging and internal
/// caches; output formats convert to characters first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (bytes, end exclusive).
    #[must_use]
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end, "span {start}..{end} is reversed");
        Self { start, end }
    }

    #[must_use]
    pub fn len(self) -> usize {
        self.end - self.start
    }

    #[must_use]
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    #[must_use]
    pub fn range(self) -> Range<usize> {
        self.start..self.end
    }

    /// Whether the two spans share at least one byte.
    #[must_use]
    pub fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// Whether `other` lies entirely inside `self`.
    #[must_use]
    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// The smallest span covering both.
    #[must_use]
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Self {
        Span::new(r.start, r.end)
    }
}

impl std::ops::Index<Span> for str {
    type Output = str;
    fn index(&self, span: Span) -> &str {
        &self[span.start..span.end]
    }
}

impl std::ops::Index<Span> for String {
    type Output = str;
    fn index(&self, span: Span) -> &str {
        &self[span.start..span.end]
    }
}

/// Converts byte offsets of one text to character (Unicode scalar) offsets.
///
/// Built once per text; each conversion is a binary search over the text's
/// non-ASCII chars, and free for ASCII-only texts.
#[derive(Clone, Debug, Default)]
pub struct CharOffsets {
    /// `(byte offset, UTF-8 width, char index)` of every non-ASCII char.
    multibyte: Vec<(usize, usize, usize)>,
}

impl CharOffsets {
    #[must_use]
    pub fn new(text: &str) -> Self {
        let multibyte = if text.is_ascii() {
            Vec::new()
        } else {
            text.char_indices()
                .enumerate()
                .filter(|(_, (_, c))| !c.is_ascii())
                .map(|(ci, (bi, c))| (bi, c.len_utf8(), ci))
                .collect()
        };
        Self { multibyte }
    }

    /// The char offset of byte offset `byte`, a char boundary of the text.
    #[must_use]
    pub fn char_of(&self, byte: usize) -> usize {
        let n = self.multibyte.partition_point(|&(b, _, _)| b < byte);
        match n.checked_sub(1).map(|i| self.multibyte[i]) {
            None => byte,
            Some((b, w, c)) => c + 1 + (byte - (b + w)),
        }
    }

    /// The byte offset of char offset `ch`; the text's length if `ch` is past its end.
    #[must_use]
    pub fn byte_of(&self, ch: usize) -> usize {
        let n = self.multibyte.partition_point(|&(_, _, c)| c < ch);
        match n.checked_sub(1).map(|i| self.multibyte[i]) {
            None => ch,
            Some((b, w, c)) => b + w + (ch - c - 1),
        }
    }

    /// `(start, end)` in chars for a byte span.
    #[must_use]
    pub fn span(&self, span: Span) -> (usize, usize) {
        (self.char_of(span.start), self.char_of(span.end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_offsets_round_trip_on_mixed_scripts() {
        let text = "Ḩamāh and حمص, then Москва: 24 March";
        let offs = CharOffsets::new(text);
        for (ci, (bi, _)) in text.char_indices().enumerate() {
            assert_eq!(offs.char_of(bi), ci, "byte {bi}");
            assert_eq!(offs.byte_of(ci), bi, "char {ci}");
        }
        let n = text.chars().count();
        assert_eq!(offs.char_of(text.len()), n);
        assert_eq!(offs.byte_of(n), text.len());
    }

    #[test]
    fn span_indexes_str() {
        let text = "Kerry in Moscow";
        let span = Span::new(9, 15);
        assert_eq!(&text[span], "Moscow");
        assert!(span.overlaps(Span::new(14, 20)));
        assert!(!span.overlaps(Span::new(15, 20)));
        assert_eq!(span.cover(Span::new(0, 5)), Span::new(0, 15));
    }
}
