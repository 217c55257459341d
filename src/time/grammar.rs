//! The grammar: recognizes expressions over the token stream and resolves them.

use chrono::{Datelike, NaiveDate};

use super::cal::{self, Gran, Point, add, add_days, unit_gran, unresolved, wd, ymd};
use super::lex::{Lex, Tok, Unit, W, tokenize};
use super::{Anchor, Precision, TimeMention, TimeType};
use crate::span::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tense {
    Past,
    Future,
    None,
}

#[derive(Clone, Debug)]
enum Out {
    Date(Point, Anchor),
    /// Refs, unresolved and SET values.
    Str(String, TimeType, Precision, Anchor),
    /// A time of day on a date; `part` is "T10:00" or "TNI".
    Time(Option<NaiveDate>, String, Anchor),
    Dur(Option<u32>, Unit, Option<NaiveDate>),
}

#[derive(Clone, Debug)]
struct Cand {
    /// One past the last token.
    end: usize,
    out: Out,
    approx: bool,
    reason: &'static str,
}

fn cand(end: usize, out: Out, reason: &'static str) -> Option<Cand> {
    Some(Cand {
        end,
        out,
        approx: false,
        reason,
    })
}

fn refv(v: &str, reason: &'static str, end: usize) -> Option<Cand> {
    cand(
        end,
        Out::Str(
            v.into(),
            TimeType::Date,
            Precision::Unknown,
            Anchor::ArticleDate,
        ),
        reason,
    )
}

fn set(v: String, end: usize, reason: &'static str) -> Option<Cand> {
    cand(
        end,
        Out::Str(v, TimeType::Set, Precision::Unknown, Anchor::Absolute),
        reason,
    )
}

fn unit_code(u: Unit) -> (&'static str, &'static str) {
    match u {
        Unit::Second => ("PT", "S"),
        Unit::Minute => ("PT", "M"),
        Unit::Hour => ("PT", "H"),
        Unit::Day => ("P", "D"),
        Unit::Week => ("P", "W"),
        Unit::Weekend => ("P", "WE"),
        Unit::Month => ("P", "M"),
        Unit::Quarter => ("P", "Q"),
        Unit::Year => ("P", "Y"),
        Unit::Decade => ("P", "DE"),
        Unit::Century => ("P", "CE"),
    }
}

fn dur_value(n: Option<u32>, u: Unit) -> String {
    let (p, c) = unit_code(u);
    match n {
        Some(n) => format!("{p}{n}{c}"),
        None => format!("{p}X{c}"),
    }
}

const DAYPART: [&str; 4] = ["MO", "AF", "EV", "NI"];

struct G<'a> {
    toks: &'a [Tok],
    sent: Vec<u32>,
    dct: Option<NaiveDate>,
    focus: Option<Point>,
    /// The narrative's year: that of the last date written with its year
    /// ("In 1936, ...", "On 9 September 1914", a heading "1936"). A date
    /// without a year takes it when it is not the article date's year: a
    /// history's "On 21 July" is of 1936, not of the year it was written.
    narrative: Option<i32>,
    /// The text has no deictic day ("Tuesday", "yesterday", "today"): it
    /// reads as a history, whose yearless dates take `narrative`.
    history: bool,
}

pub(crate) fn run(text: &str, dct: Option<NaiveDate>) -> Vec<TimeMention> {
    let mut toks = Vec::with_capacity(text.len() / 5 + 8);
    tokenize(text, &mut toks);
    let sent = sentences(&toks);
    // A report speaks from its own day ("on Tuesday", "yesterday"); a
    // history does not, and only a history's yearless dates take the
    // narrative's year.
    let deictic = toks.iter().any(|t| {
        matches!(
            t.lex,
            Lex::Weekday(_) | Lex::Word(W::Today | W::Tonight | W::Yesterday | W::Tomorrow)
        )
    });
    let mut g = G {
        toks: &toks,
        sent,
        dct,
        focus: None,
        narrative: None,
        history: !deictic,
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if !starts(toks[i].lex) {
            i += 1;
            continue;
        }
        match g.at(i) {
            Some(c) if c.end > i => {
                let span = Span::new(toks[i].s, toks[c.end - 1].e);
                let m = g.finish(span, c.clone());
                if let Out::Date(p, a) = c.out
                    && a != Anchor::Unresolved
                {
                    g.focus = Some(p);
                    // A date with its month ("On 9 September 1914", "In
                    // March 1936") or a year standing as a heading sets the
                    // narrative's year; a year in passing ("since 1982")
                    // does not.
                    let heading = || {
                        let before = &text[..span.start];
                        let after = &text[span.end..];
                        let line_start = before.rfind('\n').map_or(0, |k| k + 1);
                        let line_end = after.find('\n').unwrap_or(after.len());
                        before[line_start..].trim().is_empty()
                            && after[..line_end].trim().is_empty()
                    };
                    if a == Anchor::Absolute
                        && (p.g <= Gran::Month || p.g == Gran::Year && heading())
                    {
                        g.narrative = Some(p.d.year());
                    }
                }
                out.push(m);
                i = c.end;
            }
            _ => i += 1,
        }
    }
    out
}

/// Tokens that can begin an expression.
fn starts(l: Lex) -> bool {
    match l {
        Lex::Other | Lex::Punct(_) | Lex::AmPm(_) | Lex::DayPart(_) => false,
        Lex::Word(w) => !matches!(
            w,
            W::Of
                | W::In
                | W::On
                | W::Since
                | W::Until
                | W::By
                | W::During
                | W::From
                | W::To
                | W::For
                | W::Within
                | W::Through
                | W::Ago
                | W::Before
                | W::After
                | W::Than
                | W::Old
                | W::Long
                | W::Or
                | W::So
                | W::And
                | W::Person
                | W::NotYear
                | W::Money
                | W::FutureCue
                | W::PastCue
                | W::Said
                | W::Modal
                | W::Zone
                | W::Times
                | W::Other_
        ),
        _ => true,
    }
}

fn sentences(toks: &[Tok]) -> Vec<u32> {
    let mut s = Vec::with_capacity(toks.len());
    let mut id = 0u32;
    for (i, t) in toks.iter().enumerate() {
        s.push(id);
        if let Lex::Punct(b'.' | b'!' | b'?') = t.lex {
            let prev_abbr = i > 0
                && match toks[i - 1].lex {
                    Lex::MonAbbr(_) => true,
                    Lex::Other => toks[i - 1].cap && toks[i - 1].e - toks[i - 1].s <= 3,
                    _ => false,
                };
            let next_cap = toks
                .get(i + 1)
                .is_none_or(|n| n.cap || !matches!(n.lex, Lex::Other | Lex::Word(_)));
            if !prev_abbr && next_cap {
                id += 1;
            }
        }
    }
    s
}

impl G<'_> {
    fn lex(&self, i: usize) -> Lex {
        self.toks.get(i).map_or(Lex::Punct(0), |t| t.lex)
    }
    fn is(&self, i: usize, w: W) -> bool {
        self.lex(i) == Lex::Word(w)
    }
    fn punct(&self, i: usize, c: u8) -> bool {
        self.lex(i) == Lex::Punct(c)
    }
    /// Token `i` exists and follows `i-1` without white space.
    fn glued(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.glued)
    }
    fn cap(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.cap)
    }
    /// A hyphen glued between `i-1` and `i+1`.
    fn hyphen(&self, i: usize) -> bool {
        self.punct(i, b'-') && self.glued(i) && self.glued(i + 1)
    }
    fn prev_is(&self, i: usize, w: W) -> bool {
        i > 0 && self.is(i - 1, w)
    }

    fn finish(&self, span: Span, c: Cand) -> TimeMention {
        let (kind, value, begin, end, precision, anchor) = match c.out {
            Out::Date(p, a) => (
                TimeType::Date,
                p.value(),
                Some(p.d),
                Some(p.end()),
                p.precision(),
                a,
            ),
            Out::Str(v, k, p, a) => (k, v, None, None, p, a),
            Out::Time(d, part, a) => {
                let v = match d {
                    Some(d) => format!("{}{}", Point::new(d, Gran::Day).value(), part),
                    None => format!("XXXX-XX-XX{part}"),
                };
                (TimeType::Time, v, d, d, Precision::Day, a)
            }
            Out::Dur(n, u, b) => (
                TimeType::Duration,
                dur_value(n, u),
                b,
                b.and(self.dct),
                Precision::Unknown,
                if b.is_some() {
                    Anchor::ArticleDate
                } else {
                    Anchor::Absolute
                },
            ),
        };
        TimeMention {
            span,
            kind,
            value,
            begin,
            end,
            precision,
            anchor,
            approximate: c.approx,
            reason: c.reason.to_string(),
        }
    }

    /// Tense around tokens `i..j`: the nearest cue in the sentence wins.
    fn tense(&self, i: usize, j: usize) -> Tense {
        let s = self.sent.get(i).copied().unwrap_or(0);
        // `ahead`: the cue comes after the expression. "to + verb" marks
        // the future only before it ("plans to meet on Monday"); after it,
        // it is a purpose or result ("on Wednesday, forcing flights to divert").
        let cue = |k: usize, ahead: bool| -> Option<Tense> {
            let t = self.toks.get(k)?;
            match t.lex {
                Lex::Word(W::To) if ahead => None,
                // Modals look forward, reported ones too: "said the army
                // would advance in April" is next April.
                Lex::Word(W::FutureCue | W::Modal) => Some(Tense::Future),
                Lex::Word(W::PastCue | W::Said) => Some(Tense::Past),
                Lex::Word(W::To) => {
                    let n = self.toks.get(k + 1)?;
                    (n.lex == Lex::Other && !n.cap && !n.ed).then_some(Tense::Future)
                }
                Lex::Other if t.ed => Some(Tense::Past),
                _ => None,
            }
        };
        for d in 1..14 {
            if d <= i
                && self.sent[i - d] == s
                && let Some(t) = cue(i - d, false)
            {
                return t;
            }
            let k = j + d - 1;
            if d <= 10
                && k < self.toks.len()
                && self.sent[k] == s
                && let Some(t) = cue(k, true)
            {
                return t;
            }
        }
        Tense::None
    }

    /// Tries every expression starting at token `i` (with prefixes), longest wins.
    fn at(&self, i: usize) -> Option<Cand> {
        match self.lex(i) {
            Lex::Word(W::Approx)
                if matches!(
                    self.lex(i + 1),
                    Lex::Digits(..)
                        | Lex::Num(_)
                        | Lex::Clock(..)
                        | Lex::Word(
                            W::A | W::Few
                                | W::Several
                                | W::Couple
                                | W::Dozen
                                | W::Noon
                                | W::Midnight
                        )
                ) =>
            {
                // "about two weeks", "almost a year ago"
                let mut c = self.core(i + 1, true)?;
                c.approx = true;
                return Some(c);
            }
            Lex::Word(W::More | W::Less) if self.is(i + 1, W::Than) => {
                let mut c = self.core(i + 2, true)?;
                if matches!(c.out, Out::Dur(..)) {
                    c.approx = true;
                    return Some(c);
                }
                return None;
            }
            Lex::Word(W::At) if self.is(i + 1, W::Least) => {
                let c = self.core(i + 2, true)?;
                return matches!(c.out, Out::Dur(..)).then_some(c);
            }
            Lex::Word(W::Over)
                if matches!(
                    self.lex(i + 1),
                    Lex::Digits(..) | Lex::Num(_) | Lex::Word(W::A)
                ) =>
            {
                let c = self.core(i + 1, true)?;
                return matches!(c.out, Out::Dur(..)).then_some(Cand { approx: true, ..c });
            }
            Lex::Word(W::Early | W::Late | W::Mid | W::Earlier | W::Later) => {
                let mut k = i + 1;
                if self.hyphen(k) {
                    k += 1;
                }
                let own = self.core(i, false);
                if let Some(mut c) = self.core(k, false)
                    && matches!(c.out, Out::Date(..) | Out::Time(..))
                    && own.as_ref().is_none_or(|o| o.end < c.end)
                {
                    c.approx = true;
                    c.reason = "early/mid/late modifier on a date";
                    return Some(c);
                }
                return own;
            }
            Lex::Word(W::End | W::Beginning | W::Middle) if self.is(i + 1, W::Of) => {
                let c = self.core(i + 2, false)?;
                return matches!(c.out, Out::Date(..)).then_some(Cand { approx: true, ..c });
            }
            Lex::Word(W::The)
                if matches!(
                    self.lex(i + 1),
                    Lex::Word(W::End | W::Beginning | W::Middle)
                ) && self.is(i + 2, W::Of) =>
            {
                let c = self.core(i + 3, false)?;
                return matches!(c.out, Out::Date(..)).then_some(Cand { approx: true, ..c });
            }
            _ => {}
        }
        self.core(i, false)
    }

    /// Grammar at token `i`. `licensed`: a hedge precedes, so "a year" may be a duration.
    fn core(&self, i: usize, licensed: bool) -> Option<Cand> {
        let mut best: Option<Cand> = None;
        let mut offer = |c: Option<Cand>| {
            if let Some(c) = c
                && best.as_ref().is_none_or(|b| c.end > b.end)
            {
                best = Some(c);
            }
        };
        match self.lex(i) {
            Lex::Month(_) | Lex::MonAbbr(_) => offer(self.month_date(i)),
            Lex::Digits(..) => {
                offer(self.numeric_date(i));
                offer(self.day_month(i));
                offer(self.year(i));
                offer(self.clock(i));
                offer(self.duration(i, licensed));
                offer(self.quarter(i));
            }
            Lex::OrdNum(_) => {
                offer(self.day_month(i));
                offer(self.century(i));
            }
            Lex::Clock(..) => offer(self.clock(i)),
            Lex::Decade(_) => offer(self.decade(i)),
            Lex::Weekday(_) => offer(self.weekday(i)),
            Lex::Weekdays(w) if self.cap(i) => offer(set(
                format!("XXXX-WXX-{w}"),
                i + 1,
                "plural weekday -> every such day",
            )),
            Lex::Season(_) => offer(self.season(i)),
            Lex::Unit(..) => {
                offer(self.year_ago(i));
                offer(self.bare_plural(i));
            }
            Lex::Num(_)
            | Lex::Word(W::A | W::Few | W::Several | W::Couple | W::Dozen | W::Many) => {
                offer(self.duration(i, licensed));
                offer(self.per_unit(i));
                offer(self.spelled_year(i));
            }
            Lex::Ord(_) | Lex::Second => {
                offer(self.quarter(i));
                offer(self.century(i));
            }
            Lex::Word(w) => match w {
                W::The => offer(self.the(i)),
                W::This | W::Last | W::Next | W::Past | W::Coming | W::Previous | W::Following => {
                    offer(self.relative(i));
                }
                W::That => offer(self.that(i)),
                W::Earlier | W::Later => offer(self.earlier(i)),
                W::Today | W::Tonight | W::Yesterday | W::Tomorrow => offer(self.deictic(i)),
                W::Now if !self.prev_is(i, W::From) && !self.prev_is(i, W::Than) => {
                    offer(refv("PRESENT_REF", "'now' -> present", i + 1));
                }
                W::Currently => offer(refv("PRESENT_REF", "'currently' -> present", i + 1)),
                W::Current => offer(self.current(i)),
                W::Recently => offer(refv("PAST_REF", "'recently' -> past", i + 1)),
                W::Recent => {
                    if let Lex::Unit(_, true) = self.lex(i + 1) {
                        offer(refv("PAST_REF", "'recent' + plural unit -> past", i + 2));
                    } else {
                        offer(refv("PAST_REF", "'recent' -> past", i + 1));
                    }
                }
                W::These if self.lex(i + 1) == Lex::Unit(Unit::Day, true) => {
                    offer(refv("PRESENT_REF", "'these days' -> present", i + 2));
                }
                W::Noon | W::Midnight | W::Midday => offer(self.clock(i)),
                W::Overnight => offer(self.overnight(i)),
                W::Every | W::Each => offer(self.every(i)),
                W::Daily => offer(set("P1D".into(), i + 1, "'daily' -> every day")),
                W::Weekly => offer(set("P1W".into(), i + 1, "'weekly' -> every week")),
                W::Monthly => offer(set("P1M".into(), i + 1, "'monthly' -> every month")),
                W::Yearly | W::Annually => {
                    offer(set("P1Y".into(), i + 1, "'annually' -> every year"));
                }
                W::Hourly => offer(set("PT1H".into(), i + 1, "'hourly' -> every hour")),
                W::Nightly => offer(set(
                    "XXXX-XX-XXTNI".into(),
                    i + 1,
                    "'nightly' -> every night",
                )),
                W::Fiscal => offer(self.fiscal(i)),
                W::Christmas | W::Thanksgiving | W::Independence => offer(self.holiday(i)),
                W::Per => offer(self.per_unit(i)),
                _ => {}
            },
            _ => {}
        }
        best
    }

    // ---------- resolution helpers ----------

    /// The narrative's year, in a history (see `history`), when it lies three
    /// years or more from the article date's: a report that looks back a
    /// year or two ("invited in July 1997 ... signed on February 10") keeps
    /// its own year. `None` sends a
    /// yearless date to the article date.
    fn narrative_year(&self) -> Option<i32> {
        if !self.history {
            return None;
        }
        let y = self.narrative?;
        (self.dct.is_none_or(|d| (d.year() - y).abs() >= 3)).then_some(y)
    }

    fn date(&self, p: Point, end: usize, reason: &'static str) -> Option<Cand> {
        cand(end, Out::Date(p, Anchor::ArticleDate), reason)
    }

    fn unres(
        &self,
        v: impl Into<String>,
        g: Gran,
        end: usize,
        reason: &'static str,
    ) -> Option<Cand> {
        let prec = Point::new(NaiveDate::MIN, g).precision();
        cand(
            end,
            Out::Str(v.into(), TimeType::Date, prec, Anchor::Unresolved),
            reason,
        )
    }

    /// The period of granularity `g` containing the article date, moved by `n` units.
    fn dct_rel(&self, g: Gran, n: i64, u: Unit, end: usize, reason: &'static str) -> Option<Cand> {
        match self.dct {
            Some(d) => self.date(Point::new(add(d, n, u)?, g), end, reason),
            None => self.unres(unresolved(g), g, end, reason),
        }
    }

    /// Relative to the focus (or the article date), moved by `n` units, at granularity `g`
    /// (None: the focus's own granularity).
    fn focus_rel(
        &self,
        g: Option<Gran>,
        n: i64,
        u: Unit,
        end: usize,
        reason: &'static str,
    ) -> Option<Cand> {
        let (base, anchor) = match (self.focus, self.dct) {
            (Some(f), _) if g.is_none_or(|g| f.g <= g) => (f, Anchor::Focus),
            (_, Some(d)) => (Point::new(d, Gran::Day), Anchor::ArticleDate),
            (Some(f), None) => (f, Anchor::Focus),
            (None, None) => {
                let g = g.unwrap_or_else(|| unit_gran(u));
                return self.unres(unresolved(g), g, end, reason);
            }
        };
        let g = g.unwrap_or(if anchor == Anchor::Focus {
            base.g
        } else {
            unit_gran(u)
        });
        let p = Point::new(add(base.d, n, u)?, g);
        // Shifted from the narrative's day ("the day before", "a week
        // later") is relative to another time even when that time is the
        // article date: it holds for its own clause, and events do not
        // carry it further.
        let anchor = if n != 0 { Anchor::Focus } else { anchor };
        cand(end, Out::Date(p, anchor), reason)
    }

    /// Month `m` without a year, by tense.
    fn bare_month(&self, m: u32, t: Tense, end: usize) -> Option<Cand> {
        if let Some(y) = self.narrative_year().filter(|_| t != Tense::Future) {
            return cand(
                end,
                Out::Date(Point::new(ymd(y, m, 1)?, Gran::Month), Anchor::Narrative),
                "month without year -> the narrative's year",
            );
        }
        let Some(d) = self.dct else {
            return self.unres(
                format!("XXXX-{m:02}"),
                Gran::Month,
                end,
                "month without year, no article date",
            );
        };
        let (y, m0) = (d.year(), d.month());
        let (y, r) = if t == Tense::Future {
            (
                if m >= m0 { y } else { y + 1 },
                "month, future context -> next such month",
            )
        } else {
            (
                if m <= m0 { y } else { y - 1 },
                "month, past default -> most recent such month",
            )
        };
        self.date(Point::new(ymd(y, m, 1)?, Gran::Month), end, r)
    }

    /// Month and day without a year: the closest such day, biased by tense.
    fn month_day(&self, m: u32, day: u32, t: Tense, end: usize) -> Option<Cand> {
        // What "will" happen on a day looks forward from the article, not
        // from the narrative.
        if let Some(y) = self.narrative_year().filter(|_| t != Tense::Future) {
            return cand(
                end,
                Out::Date(Point::new(ymd(y, m, day)?, Gran::Day), Anchor::Narrative),
                "day without year -> the narrative's year",
            );
        }
        let Some(d) = self.dct else {
            return self.unres(
                format!("XXXX-{m:02}-{day:02}"),
                Gran::Day,
                end,
                "day without year, no article date",
            );
        };
        let mut best: Option<(i64, NaiveDate)> = None;
        for y in [d.year() - 1, d.year(), d.year() + 1] {
            let Some(c) = ymd(y, m, day) else { continue };
            let diff = (c - d).num_days();
            let score = match t {
                Tense::Past if diff > 0 => diff * 4,
                Tense::None if diff > 0 => diff * 2,
                Tense::Future if diff < 0 => -diff * 4,
                _ => diff.abs(),
            };
            if best.is_none_or(|(s, _)| score < s) {
                best = Some((score, c));
            }
        }
        let (_, c) = best?;
        self.date(
            Point::new(c, Gran::Day),
            end,
            "day without year -> closest year, tense-biased",
        )
    }

    /// Weekday `w` (1..=7), by tense.
    fn weekday_date(&self, w: i64, t: Tense) -> Option<(NaiveDate, &'static str)> {
        let d = self.dct?;
        let k = wd(d);
        Some(match t {
            Tense::Past => (
                add_days(d, -(k - w).rem_euclid(7))?,
                "weekday, past context -> most recent such day",
            ),
            Tense::Future => (
                add_days(d, (w - k).rem_euclid(7))?,
                "weekday, future context -> next such day",
            ),
            Tense::None => (
                add_days(d, -(k - w).rem_euclid(7))?,
                "weekday, no tense cue -> news past default",
            ),
        })
    }

    fn year_tok(&self, i: usize) -> Option<i32> {
        match self.lex(i) {
            Lex::Digits(v, 4, false) if (1000..=2100).contains(&v) => Some(v as i32),
            _ => None,
        }
    }

    // ---------- explicit dates ----------

    /// Month name: "March 24, 2016", "Sept. 30", "March 2016", "March".
    fn month_date(&self, i: usize) -> Option<Cand> {
        let (m, mut j) = match self.lex(i) {
            Lex::Month(m) if self.cap(i) => (u32::from(m), i + 1),
            Lex::MonAbbr(m) if self.cap(i) => {
                if self.punct(i + 1, b'.') && self.glued(i + 1) {
                    (u32::from(m), i + 2)
                } else if matches!(self.lex(i + 1), Lex::Digits(_, 1..=2, false)) {
                    (u32::from(m), i + 1)
                } else {
                    return None;
                }
            }
            _ => return None,
        };
        let day = match self.lex(j) {
            Lex::Digits(d, 1..=2, false) | Lex::OrdNum(d) if (1..=31).contains(&d) => Some(d),
            _ => None,
        };
        if let Some(day) = day {
            j += 1;
            let mut k = j;
            if self.punct(k, b',') {
                k += 1;
            }
            if let Some(y) = self.year_tok(k) {
                let d = ymd(y, m, day)?;
                return cand(
                    k + 1,
                    Out::Date(Point::new(d, Gran::Day), Anchor::Absolute),
                    "full date",
                );
            }
            return self.month_day(m, day, self.tense(i, j), j);
        }
        let mut k = j;
        if self.punct(k, b',') || self.is(k, W::Of) {
            k += 1;
        }
        if let Some(y) = self.year_tok(k) {
            let d = ymd(y, m, 1)?;
            return cand(
                k + 1,
                Out::Date(Point::new(d, Gran::Month), Anchor::Absolute),
                "month and year",
            );
        }
        // "June last year", "January this year"
        if let Lex::Word(w @ (W::This | W::Last | W::Next)) = self.lex(j)
            && self.lex(j + 1) == Lex::Unit(Unit::Year, false)
        {
            let n = match w {
                W::Last => -1,
                W::Next => 1,
                _ => 0,
            };
            return match self.dct {
                Some(d) => self.date(
                    Point::new(ymd(d.year() + n, m, 1)?, Gran::Month),
                    j + 2,
                    "month + 'last/this/next year'",
                ),
                None => self.unres(
                    format!("XXXX-{m:02}"),
                    Gran::Month,
                    j + 2,
                    "month of a relative year, no article date",
                ),
            };
        }
        // bare month: "May" and "March" need a temporal preposition or modifier before them
        let cue_before = i > 0
            && matches!(
                self.lex(i - 1),
                Lex::Word(
                    W::In
                        | W::Since
                        | W::Until
                        | W::By
                        | W::During
                        | W::Early
                        | W::Late
                        | W::Mid
                        | W::Last
                        | W::This
                        | W::Next
                        | W::Of
                        | W::From
                        | W::To
                        | W::Through
                        | W::Before
                        | W::After
                        | W::Each
                        | W::Every
                        | W::Past
                        | W::End
                        | W::Beginning
                        | W::Middle
                        | W::And
                        | W::Or
                ) | Lex::Punct(b'-')
            );
        if (m == 5 || m == 3) && !cue_before {
            return None;
        }
        if i > 0 && matches!(self.lex(i - 1), Lex::Word(W::Last | W::This | W::Next)) {
            // handled by `relative`
            return None;
        }
        self.bare_month(m, self.tense(i, j), j)
    }

    /// "24 March 2016", "1st of September", "24 March".
    fn day_month(&self, i: usize) -> Option<Cand> {
        let day = match self.lex(i) {
            Lex::Digits(d, 1..=2, false) | Lex::OrdNum(d) if (1..=31).contains(&d) => d,
            _ => return None,
        };
        let mut j = i + 1;
        if self.is(j, W::Of) {
            j += 1;
        }
        let m = match self.lex(j) {
            Lex::Month(m) if self.cap(j) => u32::from(m),
            Lex::MonAbbr(m) if self.cap(j) => u32::from(m),
            _ => return None,
        };
        j += 1;
        if matches!(self.lex(j - 1), Lex::MonAbbr(_)) && self.punct(j, b'.') && self.glued(j) {
            j += 1;
        }
        let mut k = j;
        if self.punct(k, b',') {
            k += 1;
        }
        if let Some(y) = self.year_tok(k) {
            let d = ymd(y, m, day)?;
            return cand(
                k + 1,
                Out::Date(Point::new(d, Gran::Day), Anchor::Absolute),
                "full date",
            );
        }
        self.month_day(m, day, self.tense(i, j), j)
    }

    /// "2016-03-24", "3/24/2016".
    fn numeric_date(&self, i: usize) -> Option<Cand> {
        let a = self.lex(i);
        let (sep, b, c) = (self.lex(i + 1), self.lex(i + 2), self.lex(i + 4));
        if !(self.glued(i + 1) && self.glued(i + 2) && self.glued(i + 3) && self.glued(i + 4)) {
            return None;
        }
        if sep != self.lex(i + 3) {
            return None;
        }
        let (y, m, d) = match (a, sep, b, c) {
            (
                Lex::Digits(y, 4, false),
                Lex::Punct(b'-'),
                Lex::Digits(m, 1..=2, false),
                Lex::Digits(d, 1..=2, false),
            ) => (y, m, d),
            (
                Lex::Digits(m, 1..=2, false),
                Lex::Punct(b'/'),
                Lex::Digits(d, 1..=2, false),
                Lex::Digits(y, 4, false),
            ) => (y, m, d),
            _ => return None,
        };
        let date = ymd(y as i32, m, d)?;
        cand(
            i + 5,
            Out::Date(Point::new(date, Gran::Day), Anchor::Absolute),
            "numeric date",
        )
    }

    /// A four-digit year in a plausible context.
    fn year(&self, i: usize) -> Option<Cand> {
        let y = self.year_tok(i)?;
        let prev = if i > 0 {
            self.lex(i - 1)
        } else {
            Lex::Punct(0)
        };
        let next = self.lex(i + 1);
        if matches!(
            prev,
            Lex::Word(W::NotYear | W::Money) | Lex::Punct(b'$' | b'#')
        ) || matches!(
            next,
            Lex::Word(W::Money | W::Person) | Lex::Punct(b'%') | Lex::Unit(..)
        ) {
            return None;
        }
        // "the 2015-16 season" keeps 2015; "1,999" never reaches here
        let cue = matches!(
            prev,
            Lex::Word(
                W::In
                    | W::Since
                    | W::Until
                    | W::By
                    | W::During
                    | W::From
                    | W::To
                    | W::Of
                    | W::Before
                    | W::After
                    | W::Through
                    | W::Early
                    | W::Late
                    | W::Mid
                    | W::Fiscal
                    | W::End
                    | W::And
                    | W::Or
            ) | Lex::Season(_)
        ) || (matches!(prev, Lex::Punct(b'-'))
            && i >= 2
            && matches!(self.lex(i - 2), Lex::Word(W::Mid)));
        if !cue {
            if !(1900..=2035).contains(&y) {
                return None;
            }
            if let Some(n) = self.toks.get(i + 1)
                && n.lex == Lex::Other
                && !n.cap
                && !n.ed
            {
                return None;
            }
        }
        let d = ymd(y, 1, 1)?;
        cand(
            i + 1,
            Out::Date(Point::new(d, Gran::Year), Anchor::Absolute),
            "year",
        )
    }

    /// "nineteen ninety-six".
    fn spelled_year(&self, i: usize) -> Option<Cand> {
        let Lex::Num(c) = self.lex(i) else {
            return None;
        };
        if !(11..=20).contains(&c) {
            return None;
        }
        let (e, Some(r), false) = self.count(i + 1)? else {
            return None;
        };
        if !(10..=99).contains(&r) || !matches!(self.lex(i + 1), Lex::Num(20..=90)) {
            return None;
        }
        let d = ymd((c * 100 + r) as i32, 1, 1)?;
        cand(
            e,
            Out::Date(Point::new(d, Gran::Year), Anchor::Absolute),
            "spelled-out year",
        )
    }

    /// "1990s", "'80s".
    fn decade(&self, i: usize) -> Option<Cand> {
        let Lex::Decade(v) = self.lex(i) else {
            return None;
        };
        let y = if v >= 1000 {
            v as i32
        } else {
            let c = self
                .dct
                .map_or(1900, |d| d.year() - d.year().rem_euclid(100));
            c + v as i32
        };
        let d = ymd(y, 1, 1)?;
        let anchor = if v >= 1000 {
            Anchor::Absolute
        } else {
            Anchor::ArticleDate
        };
        cand(
            i + 1,
            Out::Date(Point::new(d, Gran::Decade), anchor),
            "decade",
        )
    }

    /// "20th century", "the twentieth century".
    fn century(&self, i: usize) -> Option<Cand> {
        let n = match self.lex(i) {
            Lex::OrdNum(n) | Lex::Ord(n) => n,
            _ => return None,
        };
        if self.lex(i + 1) != Lex::Unit(Unit::Century, false) || !(1..=21).contains(&n) {
            return None;
        }
        let d = ymd((n as i32 - 1) * 100, 1, 1)?;
        cand(
            i + 2,
            Out::Date(Point::new(d, Gran::Century), Anchor::Absolute),
            "ordinal century",
        )
    }

    /// "spring 2014", "the winter of 1994", "summer" (with a cue).
    fn season(&self, i: usize) -> Option<Cand> {
        let Lex::Season(s) = self.lex(i) else {
            return None;
        };
        let mut k = i + 1;
        if self.is(k, W::Of) || self.punct(k, b',') {
            k += 1;
        }
        if let Some(y) = self.year_tok(k) {
            let d = cal::season_start(y, s)?;
            return cand(
                k + 1,
                Out::Date(Point::new(d, Gran::Season), Anchor::Absolute),
                "season and year",
            );
        }
        // bare season: only after a temporal preposition or "the"
        let cue = i > 0
            && matches!(
                self.lex(i - 1),
                Lex::Word(
                    W::In
                        | W::Since
                        | W::Until
                        | W::By
                        | W::During
                        | W::Through
                        | W::The
                        | W::Early
                        | W::Late
                        | W::This
                        | W::Last
                        | W::Next
                )
            );
        if !cue {
            return None;
        }
        self.season_rel(s, 0, i + 1)
    }

    /// Season `s` relative to the article date: `rel` -1 last, 0 this/the, 1 next.
    fn season_rel(&self, s: u8, rel: i64, end: usize) -> Option<Cand> {
        let Some(d) = self.dct else {
            let code = ["SP", "SU", "FA", "WI"][usize::from(s & 3)];
            return self.unres(
                format!("XXXX-{code}"),
                Gran::Season,
                end,
                "season, no article date",
            );
        };
        let cur = Point::new(d, Gran::Season);
        let mut y = d.year();
        if d.month() <= 2 {
            y -= 1;
        }
        let cand_this = Point::new(cal::season_start(y, s)?, Gran::Season);
        let p = match rel {
            -1 => {
                // the most recent such season that is over
                let mut p = cand_this;
                while p.d >= cur.d {
                    p = p.shift(-1, Unit::Year)?;
                }
                p
            }
            1 => {
                let mut p = cand_this;
                while p.d <= cur.d {
                    p = p.shift(1, Unit::Year)?;
                }
                p
            }
            _ => cand_this,
        };
        self.date(p, end, "season relative to article date")
    }

    /// "third quarter", "third-quarter", "first half", "the 1988 second quarter".
    fn quarter(&self, i: usize) -> Option<Cand> {
        let mut j = i;
        let mut year = None;
        if let Some(y) = self.year_tok(j) {
            year = Some(y);
            j += 1;
        }
        let q = match self.lex(j) {
            Lex::Ord(q) => q,
            Lex::Second => 2,
            _ => return None,
        };
        j += 1;
        if self.hyphen(j) || (self.punct(j, b'-') && self.glued(j)) {
            j += 1;
        }
        let (g, n, max) = match self.lex(j) {
            Lex::Unit(Unit::Quarter, false) => (Gran::Quarter, 3, 4),
            Lex::Word(W::Half) => (Gran::Half, 6, 2),
            _ => return None,
        };
        if !(1..=max).contains(&q) {
            return None;
        }
        j += 1;
        let mut k = j;
        if self.is(k, W::Of) || self.punct(k, b',') {
            k += 1;
        }
        if let Some(y) = self.year_tok(k) {
            year = Some(y);
            j = k + 1;
        }
        let m = (q - 1) * n + 1;
        if let Some(y) = year {
            return cand(
                j,
                Out::Date(Point::new(ymd(y, m, 1)?, g), Anchor::Absolute),
                "quarter of a given year",
            );
        }
        let Some(d) = self.dct else {
            let v = if g == Gran::Quarter {
                format!("XXXX-Q{q}")
            } else {
                format!("XXXX-H{q}")
            };
            return self.unres(v, g, j, "quarter, no article date");
        };
        let mut y = d.year();
        if ymd(y, m, 1)? > d && self.tense(i, j) != Tense::Future {
            y -= 1;
        }
        self.date(
            Point::new(ymd(y, m, 1)?, g),
            j,
            "quarter -> article year, past-biased",
        )
    }

    // ---------- weekdays, times of day ----------

    fn weekday(&self, i: usize) -> Option<Cand> {
        let Lex::Weekday(w) = self.lex(i) else {
            return None;
        };
        if !self.cap(i) {
            return None;
        }
        // weekday names inside names: "Black Friday", "Good Friday" are still days; but
        // "Sunday Times" is not: a following capitalized non-date word rejects it.
        if let Some(n) = self.toks.get(i + 1)
            && n.cap
            && matches!(n.lex, Lex::Other | Lex::Word(_))
            && !n.glued
            && !self.punct(i + 1, b',')
        {
            return None;
        }
        let mut j = i + 1;
        // "Saturday, April 25": the explicit date wins
        if self.punct(j, b',') || matches!(self.lex(j), Lex::Month(_) | Lex::MonAbbr(_)) {
            let k = if self.punct(j, b',') { j + 1 } else { j };
            let c = self.month_date(k).or_else(|| self.day_month(k));
            if let Some(mut c) = c
                && let Out::Date(p, _) = c.out
                && p.g == Gran::Day
            {
                c.reason = "weekday with explicit date";
                return Some(c);
            }
        }
        let mut part = None;
        if let Lex::DayPart(p) = self.lex(j) {
            part = Some(format!("T{}", DAYPART[usize::from(p)]));
            j += 1;
        } else if (self.is(j, W::At) || self.punct(j, b','))
            && let Some((e, t)) = self.clock_part(j + 1)
        {
            part = Some(t);
            j = e;
        }
        let t = self.tense(i, j);
        match (self.weekday_date(i64::from(w), t), part) {
            (Some((d, r)), None) => self.date(Point::new(d, Gran::Day), j, r),
            (Some((d, r)), Some(p)) => cand(j, Out::Time(Some(d), p, Anchor::ArticleDate), r),
            (None, None) => self.unres(
                format!("XXXX-WXX-{w}"),
                Gran::Day,
                j,
                "weekday, no article date",
            ),
            (None, Some(p)) => cand(
                j,
                Out::Time(None, p, Anchor::Unresolved),
                "weekday time, no article date",
            ),
        }
    }

    /// A clock time at `i`: returns (end, "Thh:mm").
    fn clock_part(&self, i: usize) -> Option<(usize, String)> {
        let (h, m, mut j) = match (self.lex(i), self.lex(i + 1)) {
            (Lex::Digits(h, 1..=2, false), Lex::AmPm(pm)) if (1..=12).contains(&h) => {
                (to24(h as u8, pm), 0, i + 2)
            }
            (Lex::Clock(h, m), Lex::AmPm(pm)) if (1..=12).contains(&h) => (to24(h, pm), m, i + 2),
            (Lex::Clock(h, m), _) if h < 24 && self.is(i.wrapping_sub(1), W::At) => (h, m, i + 1),
            (Lex::Word(W::Noon | W::Midday), _) => (12, 0, i + 1),
            (Lex::Word(W::Midnight), _) => (24, 0, i + 1),
            _ => return None,
        };
        if self.is(j, W::Zone) {
            j += 1;
        }
        Some((j, format!("T{h:02}:{m:02}")))
    }

    /// "10 a.m.", "7:15 p.m. EST", "noon Saturday", "midnight".
    fn clock(&self, i: usize) -> Option<Cand> {
        let (mut j, part) = self.clock_part(i)?;
        let mut k = j;
        if self.punct(k, b',') || self.is(k, W::On) {
            k += 1;
        }
        // a day right after the clock time
        if let Some(c) = self.core(k, false)
            && let Out::Date(p, a) = c.out
            && p.g == Gran::Day
        {
            return cand(
                c.end,
                Out::Time(Some(p.d), part, a),
                "clock time on a given day",
            );
        }
        let _ = &mut j;
        let (d, a) = match (self.focus, self.dct) {
            (Some(f), _) if f.g == Gran::Day => (Some(f.d), Anchor::Focus),
            (_, Some(d)) => (Some(d), Anchor::ArticleDate),
            _ => (None, Anchor::Unresolved),
        };
        cand(j, Out::Time(d, part, a), "clock time on the day in focus")
    }

    fn overnight(&self, i: usize) -> Option<Cand> {
        let d = self.dct.and_then(|d| add_days(d, -1));
        let a = if d.is_some() {
            Anchor::ArticleDate
        } else {
            Anchor::Unresolved
        };
        cand(
            i + 1,
            Out::Time(d, "TNI".into(), a),
            "'overnight' -> the night before the article",
        )
    }

    /// today, tonight, yesterday (morning), tomorrow.
    fn deictic(&self, i: usize) -> Option<Cand> {
        let Lex::Word(w) = self.lex(i) else {
            return None;
        };
        let (n, r) = match w {
            W::Today => (0, "'today' -> article date"),
            W::Tonight => (0, "'tonight' -> article date, night"),
            W::Yesterday => (-1, "'yesterday' -> day before article date"),
            _ => (1, "'tomorrow' -> day after article date"),
        };
        let mut j = i + 1;
        let mut part = (w == W::Tonight).then(|| "TNI".to_string());
        if let Lex::DayPart(p) = self.lex(j) {
            part = Some(format!("T{}", DAYPART[usize::from(p)]));
            j += 1;
        } else if self.is(j, W::At)
            && let Some((e, t)) = self.clock_part(j + 1)
        {
            part = Some(t);
            j = e;
        }
        let d = self.dct.and_then(|d| add_days(d, n));
        match (d, part) {
            (Some(d), None) => self.date(Point::new(d, Gran::Day), j, r),
            (None, None) => self.unres("XXXX-XX-XX", Gran::Day, j, r),
            (d, Some(p)) => cand(
                j,
                Out::Time(
                    d,
                    p,
                    if d.is_some() {
                        Anchor::ArticleDate
                    } else {
                        Anchor::Unresolved
                    },
                ),
                r,
            ),
        }
    }

    // ---------- durations ----------

    /// A count at `i`: (end, value; None for "a few", "several").
    fn count(&self, i: usize) -> Option<(usize, Option<u32>, bool)> {
        match self.lex(i) {
            Lex::Digits(v, 1..=4, false) if v <= 5000 => {
                // "5 1/2"
                Some((i + 1, Some(v), false))
            }
            Lex::Num(a) => {
                if a >= 20
                    && self.hyphen(i + 1)
                    && let Lex::Num(b) = self.lex(i + 2)
                    && b < 10
                {
                    return Some((i + 3, Some(a + b), false));
                }
                if a >= 20
                    && let Lex::Num(b) = self.lex(i + 1)
                    && b < 10
                {
                    return Some((i + 2, Some(a + b), false));
                }
                Some((i + 1, Some(a), false))
            }
            Lex::Word(W::A) => match self.lex(i + 1) {
                Lex::Word(W::Few) => Some((i + 2, None, false)),
                Lex::Word(W::Couple) if self.is(i + 2, W::Of) => Some((i + 3, Some(2), false)),
                Lex::Word(W::Couple) => Some((i + 2, Some(2), false)),
                Lex::Word(W::Dozen) => Some((i + 2, Some(12), false)),
                _ => Some((i + 1, Some(1), true)),
            },
            Lex::Word(W::Few | W::Several | W::Many) => Some((i + 1, None, false)),
            Lex::Word(W::Couple) if self.is(i + 1, W::Of) => Some((i + 2, Some(2), false)),
            Lex::Word(W::Dozen) => Some((i + 1, Some(12), false)),
            _ => None,
        }
    }

    fn unit(&self, i: usize) -> Option<(Unit, bool)> {
        match self.lex(i) {
            Lex::Unit(u, p) => Some((u, p)),
            Lex::Second => Some((Unit::Second, false)),
            _ => None,
        }
    }

    /// "five years", "a week later", "two days ago", "five-month", "five-year-old".
    fn duration(&self, i: usize, licensed: bool) -> Option<Cand> {
        let (j, n, article) = self.count(i)?;
        // compound adjective: "five-month", "10-year-old"
        if self.hyphen(j)
            && let Some((u, false)) = self.unit(j + 1)
        {
            if u == Unit::Weekend {
                return None;
            }
            let mut e = j + 2;
            let mut old = false;
            if self.hyphen(e) && self.is(e + 1, W::Old) {
                old = true;
                e += 2;
            } else if self.hyphen(e) && self.is(e + 1, W::Long) {
                e += 2;
            }
            if old && !self.aged_event(e) {
                return None;
            }
            let b = match (n, self.dct) {
                (Some(n), Some(d)) if u >= Unit::Day => add(d, -i64::from(n), u),
                _ => None,
            };
            let r = if old {
                "'N-unit-old' -> duration ending at article date"
            } else {
                "compound 'N-unit' -> duration"
            };
            return cand(e, Out::Dur(n, u, b), r);
        }
        let (u, plural) = self.unit(j)?;
        // "five year-old war" (hyphen only before "old")
        if !plural && self.hyphen(j + 1) && self.is(j + 2, W::Old) {
            let e = j + 3;
            if !self.aged_event(e) {
                return None;
            }
            let b = match (n, self.dct) {
                (Some(n), Some(d)) if u >= Unit::Day => add(d, -i64::from(n), u),
                _ => None,
            };
            return cand(
                e,
                Out::Dur(n, u, b),
                "'N unit-old' -> duration ending at article date",
            );
        }
        if u == Unit::Weekend && n != Some(1) {
            return None;
        }
        if n == Some(1) && plural || n.is_some_and(|n| n > 1) && !plural {
            return None;
        }
        let mut e = j + 1;
        let nn = i64::from(n.unwrap_or(1));
        match self.lex(e) {
            Lex::Word(W::Ago) => {
                let Some(n) = n else {
                    return refv("PAST_REF", "vague count + 'ago' -> past", e + 1);
                };
                if u == Unit::Year
                    && let Some(f) = self.focus
                    && f.g == Gran::Quarter
                {
                    let p = f.shift(-i64::from(n), u)?;
                    return cand(
                        e + 1,
                        Out::Date(p, Anchor::Focus),
                        "'N years ago' comparing the quarter in focus",
                    );
                }
                let g = match u {
                    Unit::Second | Unit::Minute | Unit::Hour => Gran::Day,
                    Unit::Decade | Unit::Century => Gran::Year,
                    _ => unit_gran(u),
                };
                return self.dct_rel(
                    g,
                    -i64::from(n),
                    u,
                    e + 1,
                    "'N units ago' -> article date minus N units",
                );
            }
            Lex::Word(W::Or) if self.is(e + 1, W::So) && self.is(e + 2, W::Ago) => {
                return self.dct_rel(unit_gran(u), -nn, u, e + 3, "'N units or so ago'");
            }
            Lex::Word(W::Earlier | W::Later) if !self.is(e + 1, W::Than) => {
                let sign = if self.is(e, W::Earlier) { -1 } else { 1 };
                return self.focus_rel(
                    None,
                    sign * nn,
                    u,
                    e + 1,
                    "'N units earlier/later' -> shifted focus",
                );
            }
            Lex::Word(W::Before | W::After)
                if matches!(self.lex(e + 1), Lex::Punct(b'.' | b',' | b';' | 0)) =>
            {
                let sign = if self.is(e, W::Before) { -1 } else { 1 };
                return self.focus_rel(
                    None,
                    sign * nn,
                    u,
                    e + 1,
                    "'N units before/after' -> shifted focus",
                );
            }
            Lex::Word(W::From) if self.is(e + 1, W::Now) => {
                return self.dct_rel(unit_gran(u), nn, u, e + 2, "'N units from now'");
            }
            _ => {}
        }
        if article && !licensed {
            // "a year" alone is too often not a time expression
            let prev_ok = i > 0
                && matches!(
                    self.lex(i - 1),
                    Lex::Word(
                        W::For | W::In | W::Within | W::Than | W::After | W::Over | W::Through
                    )
                );
            if !prev_ok {
                return None;
            }
        }
        if self.is(e, W::Or) && self.is(e + 1, W::So) {
            e += 2;
        }
        cand(e, Out::Dur(n, u, None), "count + unit -> duration")
    }

    /// "years", "decades" as vague durations.
    fn bare_plural(&self, i: usize) -> Option<Cand> {
        let (u, true) = self.unit(i)? else {
            return None;
        };
        let prev_ok = i > 0
            && matches!(
                self.lex(i - 1),
                Lex::Word(W::For | W::Within | W::Over | W::In | W::After)
            );
        if !(prev_ok || matches!(u, Unit::Decade | Unit::Century)) || u == Unit::Weekend {
            return None;
        }
        let mut e = i + 1;
        if self.hyphen(e) && self.is(e + 1, W::Long) {
            e += 2;
        }
        cand(e, Out::Dur(None, u, None), "plural unit -> vague duration")
    }

    /// "$5 million a year", "per day" -> SET.
    fn per_unit(&self, i: usize) -> Option<Cand> {
        let per = self.is(i, W::Per);
        if !(per || self.is(i, W::A)) {
            return None;
        }
        let (u, false) = self.unit(i + 1)? else {
            return None;
        };
        if !per {
            let prev_ok = i > 0
                && matches!(
                    self.lex(i - 1),
                    Lex::Word(W::Money | W::Times) | Lex::Digits(..) | Lex::Punct(b'%')
                );
            if !prev_ok {
                return None;
            }
            if matches!(
                self.lex(i + 2),
                Lex::Word(W::Ago | W::Earlier | W::Later | W::Before | W::After) | Lex::Punct(b'-')
            ) {
                return None;
            }
        }
        set(dur_value(Some(1), u), i + 2, "'a/per unit' -> rate")
    }

    /// "N-year-old" is kept only when it dates a conflict or an event ("the five-year-old
    /// war"); the age of a person ("a five-year-old boy", "the 6-year-old Cuban") is not
    /// a time expression.
    fn aged_event(&self, e: usize) -> bool {
        for k in e..e + 3 {
            match self.lex(k) {
                Lex::Word(W::Event) => return true,
                Lex::Word(W::Person) | Lex::Punct(_) => return false,
                _ if self.cap(k) => return false,
                _ => {}
            }
        }
        false
    }

    /// "year-earlier", "the year-ago quarter".
    fn year_ago(&self, i: usize) -> Option<Cand> {
        if self.lex(i) != Lex::Unit(Unit::Year, false)
            || !self.hyphen(i + 1)
            || !matches!(self.lex(i + 2), Lex::Word(W::Earlier | W::Ago))
        {
            return None;
        }
        let mut e = i + 3;
        let mut dur = None;
        match self.lex(e) {
            Lex::Unit(Unit::Quarter, false) | Lex::Word(W::Period) => e += 1,
            Lex::Ord(_) | Lex::Second if self.lex(e + 1) == Lex::Unit(Unit::Quarter, false) => {
                e += 2
            }
            _ => {
                if let Some((k, n, false)) = self.count(e)
                    && let Some((u, true)) = self.unit(k)
                {
                    dur = Some((n, u));
                    e = k + 1;
                }
            }
        }
        if let Some((n, u)) = dur {
            return cand(e, Out::Dur(n, u, None), "year-earlier period -> duration");
        }
        let base = match (self.focus, self.dct) {
            (Some(f), _) if f.g == Gran::Quarter => Some((f, Anchor::Focus)),
            (_, Some(d)) => Some((Point::new(d, Gran::Year), Anchor::ArticleDate)),
            _ => None,
        };
        let Some((b, a)) = base else {
            return self.unres("XXXX", Gran::Year, e, "year-earlier, no anchor");
        };
        cand(
            e,
            Out::Date(b.shift(-1, Unit::Year)?, a),
            "'year-earlier' -> a year before the period in focus",
        )
    }

    // ---------- "the ...", relative words ----------

    fn the(&self, i: usize) -> Option<Cand> {
        let j = i + 1;
        let mut best: Option<Cand> = None;
        let mut offer = |c: Option<Cand>| {
            if let Some(c) = c
                && best.as_ref().is_none_or(|b| c.end > b.end)
            {
                best = Some(c);
            }
        };
        match self.lex(j) {
            Lex::Decade(_) => offer(self.decade(j)),
            Lex::Word(W::Early | W::Late | W::Mid) => {
                let mut k = j + 1;
                if self.hyphen(k) {
                    k += 1;
                }
                if let Some(mut c) = self.decade(k).or_else(|| self.century(k)) {
                    c.approx = true;
                    offer(Some(c));
                }
            }
            Lex::OrdNum(_) | Lex::Ord(_) | Lex::Second => {
                offer(self.century(j));
                if !self.hyphen(j + 1) {
                    offer(self.quarter(j));
                }
                // "the first nine months"
                if let Lex::Ord(1) = self.lex(j)
                    && let Some(c) = self.count_unit_dur(j + 1)
                {
                    offer(Some(c));
                }
            }
            Lex::Digits(..) => {
                offer(self.quarter(j));
                offer(self.count_unit_dur(j));
            }
            Lex::Num(_) => offer(self.count_unit_dur(j)),
            Lex::Word(W::Fiscal) => offer(self.fiscal(j)),
            Lex::Word(W::Past) => {
                offer(self.relative(j));
                let next_ok = !matches!(
                    self.lex(j + 1),
                    Lex::Unit(..)
                        | Lex::Num(_)
                        | Lex::Digits(..)
                        | Lex::Word(W::Few | W::Several | W::Couple)
                );
                if next_ok {
                    offer(refv("PAST_REF", "'the past' -> past", j + 1));
                }
            }
            Lex::Word(W::Future) => offer(refv("FUTURE_REF", "'the future' -> future", j + 1)),
            Lex::Word(W::Present) => offer(refv("PRESENT_REF", "'the present' -> present", j + 1)),
            Lex::Word(
                W::Last
                | W::Next
                | W::Coming
                | W::Previous
                | W::Following
                | W::Same
                | W::Current
                | W::Latest,
            ) => {
                offer(self.relative(j));
                offer(self.current(j));
            }
            Lex::Unit(Unit::Year, false) if self.hyphen(j + 1) => offer(self.year_ago(j)),
            Lex::Unit(Unit::Weekend, false) => offer(self.weekend(j + 1)),
            Lex::Unit(Unit::Quarter, false) => offer(self.latest_quarter(j + 1)),
            Lex::Unit(Unit::Year, false) => {
                if let Some(y) = self.year_tok(j + 1) {
                    let d = ymd(y, 1, 1)?;
                    offer(cand(
                        j + 2,
                        Out::Date(Point::new(d, Gran::Year), Anchor::Absolute),
                        "'the year N'",
                    ));
                } else if i > 0
                    && matches!(self.lex(i - 1), Lex::Word(W::For | W::Over | W::Through))
                {
                    offer(cand(
                        j + 1,
                        Out::Dur(Some(1), Unit::Year, None),
                        "'for the year' -> one year",
                    ));
                } else if !matches!(
                    self.lex(j + 1),
                    Lex::Word(W::Before | W::After | W::Of | W::Earlier)
                ) {
                    offer(self.focus_rel(
                        Some(Gran::Year),
                        0,
                        Unit::Year,
                        j + 1,
                        "'the year' -> year in focus",
                    ));
                }
            }
            Lex::Unit(Unit::Day, false)
                if matches!(self.lex(j + 1), Lex::Word(W::Before | W::After)) =>
            {
                let sign = if self.is(j + 1, W::Before) { -1 } else { 1 };
                offer(self.focus_rel(
                    Some(Gran::Day),
                    sign,
                    Unit::Day,
                    j + 2,
                    "'the day before/after' -> focus day shifted",
                ));
            }
            Lex::DayPart(p) if i > 0 && matches!(self.lex(i - 1), Lex::Word(W::In)) && p != 3 => {
                let (d, a) = match (self.focus, self.dct) {
                    (Some(f), _) if f.g == Gran::Day => (Some(f.d), Anchor::Focus),
                    (_, Some(d)) => (Some(d), Anchor::ArticleDate),
                    _ => (None, Anchor::Unresolved),
                };
                offer(cand(
                    j + 1,
                    Out::Time(d, format!("T{}", DAYPART[usize::from(p)]), a),
                    "'the morning' -> day in focus",
                ));
            }
            _ => {}
        }
        best
    }

    /// "nine months" after "the"/"the first": always a duration.
    fn count_unit_dur(&self, i: usize) -> Option<Cand> {
        let (j, n, _) = self.count(i)?;
        let (u, plural) = self.unit(j)?;
        if !plural || n.is_none() || u == Unit::Weekend {
            return None;
        }
        cand(j + 1, Out::Dur(n, u, None), "'the N units' -> duration")
    }

    /// "the quarter", "the latest quarter/period": the quarter in focus, else the last completed one.
    fn latest_quarter(&self, e: usize) -> Option<Cand> {
        match (self.focus, self.dct) {
            (Some(f), _) if f.g == Gran::Quarter => cand(
                e,
                Out::Date(f, Anchor::Focus),
                "'the quarter' -> quarter in focus",
            ),
            (_, Some(d)) => self.date(
                Point::new(d, Gran::Quarter).shift(-1, Unit::Quarter)?,
                e,
                "'the quarter' -> last completed quarter",
            ),
            _ => self.unres("XXXX-QX", Gran::Quarter, e, "quarter, no article date"),
        }
    }

    /// "the weekend" (at `e`, after the unit).
    fn weekend(&self, e: usize) -> Option<Cand> {
        let Some(d) = self.dct else {
            return self.unres("XXXX-WXX-WE", Gran::Weekend, e, "weekend, no article date");
        };
        let this = Point::new(d, Gran::Weekend);
        let p = if self.tense(e - 1, e) == Tense::Future || this.d <= d {
            this
        } else {
            this.shift(-1, Unit::Week)?
        };
        self.date(p, e, "'the weekend' -> nearest weekend, past-biased")
    }

    /// "current": "the current quarter/year", "current" alone -> PRESENT_REF.
    fn current(&self, i: usize) -> Option<Cand> {
        if !matches!(self.lex(i), Lex::Word(W::Current | W::Latest)) {
            return None;
        }
        let mut j = i + 1;
        if self.is(j, W::Fiscal) {
            j += 1;
        }
        match self.lex(j) {
            Lex::Unit(
                u @ (Unit::Week
                | Unit::Month
                | Unit::Quarter
                | Unit::Year
                | Unit::Decade
                | Unit::Century),
                false,
            ) => {
                if self.is(i, W::Latest) {
                    if u == Unit::Quarter {
                        return self.latest_quarter(j + 1);
                    }
                    return None;
                }
                self.dct_rel(
                    unit_gran(u),
                    0,
                    u,
                    j + 1,
                    "'current unit' -> unit containing article date",
                )
            }
            Lex::Word(W::Period) if self.is(i, W::Latest) => self.latest_quarter(j + 1),
            _ if self.is(i, W::Current) && !self.prev_is(i, W::The) => {
                // a bare adjective "current" as in "current levels"
                refv("PRESENT_REF", "'current' -> present", i + 1)
            }
            _ => None,
        }
    }

    /// this/last/next/past/coming/previous/following + unit, month, season, weekday, count.
    fn relative(&self, i: usize) -> Option<Cand> {
        let Lex::Word(w) = self.lex(i) else {
            return None;
        };
        let the = self.prev_is(i, W::The);
        let j = i + 1;
        // with a count: "the past three years", "next two weeks"
        if matches!(
            w,
            W::Past | W::Last | W::Next | W::Coming | W::Previous | W::Following
        ) && let Some((k, n, article)) = self.count(j)
            && !article
            && let Some((u, plural)) = self.unit(k)
            && (plural || n == Some(1))
            && u != Unit::Weekend
        {
            let mut e = k + 1;
            if self.is(e, W::Or) && self.is(e + 1, W::So) {
                e += 2;
            }
            let back = matches!(w, W::Past | W::Last | W::Previous);
            let b = match (n, self.dct) {
                (Some(n), Some(d)) if back && u >= Unit::Day => add(d, -i64::from(n), u),
                (Some(_), Some(d)) if !back => Some(d),
                _ => None,
            };
            return cand(e, Out::Dur(n, u, b), "'the past/next N units' -> duration");
        }
        let start = if the { i - 1 } else { i };
        let _ = start;
        match self.lex(j) {
            Lex::Unit(u, true) if matches!(w, W::Coming | W::Next) && u != Unit::Weekend => {
                refv("FUTURE_REF", "'the coming units' -> future", j + 1)
            }
            Lex::Unit(u, true) if matches!(w, W::Past | W::Last) && u != Unit::Weekend => cand(
                j + 1,
                Out::Dur(None, u, None),
                "'the past units' -> vague duration",
            ),
            Lex::Unit(u, false) => {
                let g = unit_gran(u);
                match w {
                    W::This => {
                        if u == Unit::Weekend {
                            return self.dct_rel(g, 0, Unit::Week, j + 1, "'this weekend'");
                        }
                        self.dct_rel(
                            g,
                            0,
                            u,
                            j + 1,
                            "'this unit' -> unit containing article date",
                        )
                    }
                    W::Last | W::Past | W::Previous if !the || w == W::Previous => {
                        if the || w == W::Previous {
                            return self.focus_rel(
                                Some(g),
                                -1,
                                u,
                                j + 1,
                                "'the previous unit' -> focus shifted back",
                            );
                        }
                        let uu = if u == Unit::Weekend { Unit::Week } else { u };
                        self.dct_rel(g, -1, uu, j + 1, "'last unit' -> unit before article date")
                    }
                    W::Last | W::Past => {
                        // "the past week": a duration ending at the article date
                        let b = self.dct.and_then(|d| add(d, -1, u));
                        cand(
                            j + 1,
                            Out::Dur(Some(1), u, b),
                            "'the past unit' -> duration ending now",
                        )
                    }
                    W::Next | W::Following | W::Coming => {
                        let uu = if u == Unit::Weekend { Unit::Week } else { u };
                        if the || w == W::Following {
                            return self.focus_rel(
                                Some(g),
                                1,
                                uu,
                                j + 1,
                                "'the next/following unit' -> focus shifted",
                            );
                        }
                        self.dct_rel(g, 1, uu, j + 1, "'next unit' -> unit after article date")
                    }
                    W::Same
                        if u == Unit::Day
                            || u == Unit::Week
                            || u == Unit::Month
                            || u == Unit::Year =>
                    {
                        self.focus_rel(Some(g), 0, u, j + 1, "'the same unit' -> focus")
                    }
                    _ => None,
                }
            }
            Lex::Unit(..) => None,
            Lex::DayPart(p) => {
                let (n, r) = match w {
                    W::This => (0, "'this morning' -> article date"),
                    W::Last if !the => (-1, "'last night' -> day before article date"),
                    W::Next | W::Following => {
                        if the {
                            return match self.focus_rel(
                                Some(Gran::Day),
                                1,
                                Unit::Day,
                                j + 1,
                                "'the next morning'",
                            )? {
                                Cand {
                                    out: Out::Date(pt, a),
                                    end,
                                    reason,
                                    ..
                                } => cand(
                                    end,
                                    Out::Time(
                                        Some(pt.d),
                                        format!("T{}", DAYPART[usize::from(p)]),
                                        a,
                                    ),
                                    reason,
                                ),
                                c => Some(c),
                            };
                        }
                        (1, "'next morning'")
                    }
                    _ => return None,
                };
                let d = self.dct.and_then(|d| add_days(d, n));
                let a = if d.is_some() {
                    Anchor::ArticleDate
                } else {
                    Anchor::Unresolved
                };
                cand(
                    j + 1,
                    Out::Time(d, format!("T{}", DAYPART[usize::from(p)]), a),
                    r,
                )
            }
            Lex::Month(m) | Lex::MonAbbr(m) if self.cap(j) => {
                let m = u32::from(m);
                let mut e = j + 1;
                if matches!(self.lex(j), Lex::MonAbbr(_)) && self.punct(e, b'.') {
                    e += 1;
                }
                let Some(d) = self.dct else {
                    return self.unres(
                        format!("XXXX-{m:02}"),
                        Gran::Month,
                        e,
                        "month, no article date",
                    );
                };
                let (y, m0) = (d.year(), d.month());
                let (y, r) = match w {
                    W::Last | W::Past | W::Previous => (
                        if m < m0 { y } else { y - 1 },
                        "'last' + month before article month",
                    ),
                    W::Next | W::Coming | W::Following => (
                        if m > m0 { y } else { y + 1 },
                        "'next' + month after article month",
                    ),
                    _ => (y, "'this' + month -> article year"),
                };
                self.date(Point::new(ymd(y, m, 1)?, Gran::Month), e, r)
            }
            Lex::Season(s) => {
                let rel = match w {
                    W::Last | W::Past | W::Previous => -1,
                    W::Next | W::Coming | W::Following => 1,
                    _ => 0,
                };
                self.season_rel(s, rel, j + 1)
            }
            Lex::Weekday(wk) if self.cap(j) => {
                let Some(d) = self.dct else {
                    return self.unres(
                        format!("XXXX-WXX-{wk}"),
                        Gran::Day,
                        j + 1,
                        "weekday, no article date",
                    );
                };
                let k = wd(d);
                let w64 = i64::from(wk);
                let (dd, r) = match w {
                    W::Last | W::Past | W::Previous => {
                        let back = (k - w64).rem_euclid(7);
                        (
                            add_days(d, -(if back == 0 { 7 } else { back }))?,
                            "'last' + weekday -> previous such day",
                        )
                    }
                    W::Next | W::Coming | W::Following => {
                        let fwd = (w64 - k).rem_euclid(7);
                        (
                            add_days(d, if fwd == 0 { 7 } else { fwd })?,
                            "'next' + weekday -> following such day",
                        )
                    }
                    _ => (add_days(d, w64 - k)?, "'this' + weekday -> same week"),
                };
                let mut e = j + 1;
                if let Lex::DayPart(p) = self.lex(e) {
                    e += 1;
                    return cand(
                        e,
                        Out::Time(
                            Some(dd),
                            format!("T{}", DAYPART[usize::from(p)]),
                            Anchor::ArticleDate,
                        ),
                        r,
                    );
                }
                self.date(Point::new(dd, Gran::Day), e, r)
            }
            Lex::Word(W::Fiscal) if w == W::This || w == W::Last || w == W::Next => {
                if self.lex(j + 1) == Lex::Unit(Unit::Year, false) {
                    let n = match w {
                        W::Last => -1,
                        W::Next => 1,
                        _ => 0,
                    };
                    return self.dct_rel(Gran::Year, n, Unit::Year, j + 2, "relative fiscal year");
                }
                None
            }
            _ => None,
        }
    }

    /// "that day", "that year": the focus.
    fn that(&self, i: usize) -> Option<Cand> {
        match self.lex(i + 1) {
            Lex::Unit(u @ (Unit::Day | Unit::Week | Unit::Month | Unit::Year), false) => {
                self.focus_rel(Some(unit_gran(u)), 0, u, i + 2, "'that unit' -> focus")
            }
            Lex::DayPart(p) => {
                let (d, a) = match (self.focus, self.dct) {
                    (Some(f), _) if f.g == Gran::Day => (Some(f.d), Anchor::Focus),
                    (_, d) => (
                        d,
                        if d.is_some() {
                            Anchor::ArticleDate
                        } else {
                            Anchor::Unresolved
                        },
                    ),
                };
                cand(
                    i + 2,
                    Out::Time(d, format!("T{}", DAYPART[usize::from(p)]), a),
                    "'that morning' -> focus day",
                )
            }
            _ => None,
        }
    }

    /// "earlier this month", "later this year", "earlier in the day".
    fn earlier(&self, i: usize) -> Option<Cand> {
        let j = i + 1;
        let mut c = match self.lex(j) {
            Lex::Word(W::This | W::Next | W::Last) => self.relative(j)?,
            Lex::Word(W::That) => self.that(j)?,
            Lex::Word(W::In) if self.is(j + 1, W::The) => match self.lex(j + 2) {
                Lex::Unit(u @ (Unit::Day | Unit::Week | Unit::Month | Unit::Year), false) => self
                    .focus_rel(
                    Some(unit_gran(u)),
                    0,
                    u,
                    j + 3,
                    "'earlier in the unit' -> unit in focus",
                )?,
                _ => return None,
            },
            _ => return None,
        };
        if !matches!(c.out, Out::Date(..) | Out::Time(..)) {
            return None;
        }
        c.approx = true;
        Some(c)
    }

    fn fiscal(&self, i: usize) -> Option<Cand> {
        let mut j = i + 1;
        if self.lex(j) == Lex::Unit(Unit::Year, false) {
            j += 1;
            if self.year_tok(j).is_none() {
                // "the fiscal year": the article's year
                if self.prev_is(i, W::The) {
                    return self.dct_rel(
                        Gran::Year,
                        0,
                        Unit::Year,
                        j,
                        "'the fiscal year' -> article year",
                    );
                }
                return None;
            }
        }
        if let Some(y) = self.year_tok(j) {
            let d = ymd(y, 1, 1)?;
            return cand(
                j + 1,
                Out::Date(Point::new(d, Gran::Year), Anchor::Absolute),
                "fiscal year",
            );
        }
        // "fiscal second-quarter"
        if self.is(j, W::The) {
            j += 1;
        }
        self.quarter(j)
    }

    fn holiday(&self, i: usize) -> Option<Cand> {
        let mut e = i + 1;
        let (m, day) = match self.lex(i) {
            Lex::Word(W::Christmas) => {
                if self.is(e, W::Eve) {
                    e += 1;
                    (12, 24)
                } else {
                    if self.lex(e) == Lex::Unit(Unit::Day, false) {
                        e += 1;
                    }
                    (12, 25)
                }
            }
            Lex::Word(W::Thanksgiving) => {
                if self.lex(e) == Lex::Unit(Unit::Day, false) {
                    e += 1;
                }
                let Some(d) = self.dct else {
                    return self.unres("XXXX-11-XX", Gran::Day, e, "Thanksgiving, no article date");
                };
                let mut best = None;
                for y in [d.year() - 1, d.year()] {
                    if let Some(t) = cal::nth_weekday(y, 11, 4, 4)
                        && t <= add_days(d, 60)?
                    {
                        best = Some(t);
                    }
                }
                return self.date(
                    Point::new(best?, Gran::Day),
                    e,
                    "Thanksgiving -> fourth Thursday of November",
                );
            }
            Lex::Word(W::Independence)
                if self.lex(e) == Lex::Unit(Unit::Day, false) && self.cap(i) =>
            {
                e += 1;
                (7, 4)
            }
            _ => return None,
        };
        if !self.cap(i) {
            return None;
        }
        let mut k = e;
        if self.punct(k, b',') {
            k += 1;
        }
        if let Some(y) = self.year_tok(k) {
            return cand(
                k + 1,
                Out::Date(Point::new(ymd(y, m, day)?, Gran::Day), Anchor::Absolute),
                "holiday and year",
            );
        }
        self.month_day(m, day, self.tense(i, e), e)
    }

    /// "every day", "each year", "each Thursday", "every other week".
    fn every(&self, i: usize) -> Option<Cand> {
        let mut j = i + 1;
        let mut n = 1;
        if self.is(j, W::Other_) {
            n = 2;
            j += 1;
        } else if let Some((k, Some(c), false)) = self.count(j)
            && c > 1
        {
            n = c;
            j = k;
        }
        match self.lex(j) {
            Lex::Unit(u, p) if u != Unit::Weekend && (p == (n > 1)) => {
                set(dur_value(Some(n), u), j + 1, "'every unit' -> rate")
            }
            Lex::Weekday(w) => set(format!("XXXX-WXX-{w}"), j + 1, "'every weekday'"),
            Lex::Month(m) if self.cap(j) => {
                set(format!("XXXX-{m:02}"), j + 1, "'every month name'")
            }
            Lex::Season(s) => set(
                format!("XXXX-{}", ["SP", "SU", "FA", "WI"][usize::from(s & 3)]),
                j + 1,
                "'every season'",
            ),
            Lex::DayPart(p) => set(
                format!("XXXX-XX-XXT{}", DAYPART[usize::from(p)]),
                j + 1,
                "'every morning'",
            ),
            _ => None,
        }
    }
}

fn to24(h: u8, pm: bool) -> u8 {
    match (h, pm) {
        (12, false) => 0,
        (12, true) => 12,
        (h, true) => h + 12,
        (h, false) => h,
    }
}
