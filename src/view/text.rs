//! The dispatch text as paragraphs of marked runs: places (by kind,
//! adjectival, metonymy), times and event triggers, each with the [`Item`]
//! it stands for. The text panel turns each paragraph into one layout job.

use crate::analysis::Analysis;
use crate::gazetteer::PlaceKind;
use crate::span::Span;

use super::Item;

/// How a run of text is marked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    Place {
        kind: Option<PlaceKind>,
        adjectival: bool,
        metonymy: bool,
        low_confidence: bool,
    },
    /// A place-like name the analysis could not resolve (or the user said "not a place").
    Unresolved,
    Time,
    Trigger,
}

/// One marked run inside a paragraph.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Run {
    /// Byte span into the document text.
    pub span: Span,
    pub mark: Mark,
    pub item: Item,
}

/// One paragraph and its marked runs (sorted, non-overlapping).
#[derive(Clone, Debug, PartialEq)]
pub struct Paragraph {
    pub span: Span,
    pub runs: Vec<Run>,
}

/// Confidence under which a resolution is shown as uncertain.
pub const LOW_CONFIDENCE: f32 = 0.5;

/// The paragraphs of `a` with their marks. Overlaps are resolved in favour of
/// the earlier, then longer, run (places before triggers before times).
#[must_use]
pub fn paragraphs(a: &Analysis) -> Vec<Paragraph> {
    let mut runs: Vec<Run> = Vec::new();
    for (i, m) in a.places.mentions.iter().enumerate() {
        let mark = if m.place.is_some() {
            Mark::Place {
                kind: m.kind,
                adjectival: m.adjectival,
                metonymy: m.metonymy,
                low_confidence: m.confidence < LOW_CONFIDENCE,
            }
        } else {
            Mark::Unresolved
        };
        runs.push(Run {
            span: m.span,
            mark,
            item: Item::Mention(i),
        });
    }
    for e in &a.events {
        for &span in std::iter::once(&e.trigger).chain(&e.mentions) {
            runs.push(Run {
                span,
                mark: Mark::Trigger,
                item: Item::Event(e.id),
            });
        }
    }
    for (i, t) in a.times.iter().enumerate() {
        runs.push(Run {
            span: t.span,
            mark: Mark::Time,
            item: Item::Time(i),
        });
    }
    // Stable: for equal starts the earlier pushed kind (place) wins.
    runs.sort_by_key(|r| (r.span.start, std::cmp::Reverse(r.span.end)));
    let mut kept: Vec<Run> = Vec::with_capacity(runs.len());
    for r in runs {
        if r.span.is_empty() || r.span.end > a.doc.text.len() {
            continue;
        }
        if kept.last().is_some_and(|k| k.span.end > r.span.start) {
            continue;
        }
        kept.push(r);
    }
    let mut out = Vec::with_capacity(a.doc.paragraphs.len());
    let mut k = 0;
    for &p in &a.doc.paragraphs {
        while k < kept.len() && kept[k].span.start < p.start {
            k += 1;
        }
        let mut runs = Vec::new();
        while k < kept.len() && kept[k].span.end <= p.end {
            runs.push(kept[k]);
            k += 1;
        }
        out.push(Paragraph { span: p, runs });
    }
    out
}

/// The index of the paragraph holding byte `byte`.
#[must_use]
pub fn paragraph_at(paragraphs: &[Paragraph], byte: usize) -> Option<usize> {
    let i = paragraphs.partition_point(|p| p.span.end <= byte);
    (i < paragraphs.len()).then_some(i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::DateHint;
    use crate::gazetteer::Gazetteer;

    #[test]
    fn runs_index_the_text_and_stay_inside_paragraphs() {
        let gaz = Gazetteer::bundled().expect("bundled gazetteer");
        let text = include_str!("../../assets/sample-dispatch.txt").to_owned();
        let a = Analysis::run("sample", text, DateHint::Detect, None, &gaz);
        let ps = paragraphs(&a);
        assert_eq!(ps.len(), a.doc.paragraphs.len());
        let mut places = 0;
        for p in &ps {
            for r in &p.runs {
                assert!(p.span.contains(r.span));
                let _ = &a.doc.text[r.span];
                places += usize::from(matches!(r.mark, Mark::Place { .. }));
            }
        }
        assert!(places > 10, "{places} place runs");
    }
}
