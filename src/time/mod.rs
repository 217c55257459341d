//! Time expressions: recognition and TIMEX3 normalization.
//!
//! [`find_times`] tokenizes the text once ([`lex`]), then walks the tokens
//! trying a small hand-written grammar at each token that can start a time
//! expression ([`grammar`]). The article date is the only anchor: the clock
//! is never read. Relative expressions resolve against the article date,
//! anaphoric ones ("the day before", "a week later") against the most recent
//! resolved date mention (the focus).

mod cal;
mod grammar;
mod lex;

#[cfg(test)]
mod tests;

use chrono::NaiveDate;
use serde::Serialize;

use crate::span::Span;

/// TIMEX3 type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "UPPERCASE")]
pub enum TimeType {
    Date,
    Time,
    Duration,
    Set,
}

/// Granularity of a DATE value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Day,
    Week,
    Month,
    Season,
    Quarter,
    Year,
    Decade,
    Century,
    Unknown,
}

/// How the value was obtained.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Anchor {
    /// Fully specified in the text ("24 March 2016").
    Absolute,
    /// Relative to the article date ("yesterday", "last year").
    ArticleDate,
    /// Relative to another time: the most recent resolved date mention, or
    /// the article date when there is none, shifted ("the day before", "a
    /// week later").
    Focus,
    /// Completed from the narrative: a date without a year in a text whose
    /// last date with a year was of another year than the article's ("On
    /// 21 July" after "In 1936").
    Narrative,
    /// Relative, but there was nothing to resolve it against.
    Unresolved,
}

/// One time expression found in a text.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimeMention {
    /// Byte span of the surface form.
    #[serde(serialize_with = "ser_span")]
    pub span: Span,
    pub kind: TimeType,
    /// TIMEX3 value ("2016-03-24", "2016-W12", "P5M", "PRESENT_REF", "XXXX-09" ...).
    pub value: String,
    /// First day of a DATE's interval; the anchored start of a duration.
    pub begin: Option<NaiveDate>,
    /// Last day (inclusive) of a DATE's interval.
    pub end: Option<NaiveDate>,
    pub precision: Precision,
    pub anchor: Anchor,
    /// Hedged or fuzzy ("around", "almost", "early", "mid-").
    pub approximate: bool,
    /// One line on how the value was obtained.
    pub reason: String,
}

fn ser_span<S: serde::Serializer>(span: &Span, s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeStruct;
    let mut st = s.serialize_struct("Span", 2)?;
    st.serialize_field("start", &span.start)?;
    st.serialize_field("end", &span.end)?;
    st.end()
}

/// Finds the time expressions of `text`, sorted by start, non-overlapping.
///
/// `article_date` is the only anchor for relative expressions; without it they
/// are recognized and typed but left unresolved (`XXXX-...`).
#[must_use]
pub fn find_times(text: &str, article_date: Option<NaiveDate>) -> Vec<TimeMention> {
    grammar::run(text, article_date)
}
