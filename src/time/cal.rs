//! Calendar arithmetic on periods ("points" of some granularity).

use chrono::{Datelike, Days, Months, NaiveDate};

use super::Precision;
use super::lex::Unit;

/// Granularity of a calendar period, finest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Gran {
    Day,
    Week,
    Weekend,
    Month,
    Quarter,
    Season,
    Half,
    Year,
    Decade,
    Century,
}

/// A calendar period: its first day and its granularity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Point {
    pub d: NaiveDate,
    pub g: Gran,
}

pub(crate) fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

pub(crate) fn unit_gran(u: Unit) -> Gran {
    match u {
        Unit::Second | Unit::Minute | Unit::Hour | Unit::Day => Gran::Day,
        Unit::Week => Gran::Week,
        Unit::Weekend => Gran::Weekend,
        Unit::Month => Gran::Month,
        Unit::Quarter => Gran::Quarter,
        Unit::Year => Gran::Year,
        Unit::Decade => Gran::Decade,
        Unit::Century => Gran::Century,
    }
}

/// Moves `d` by `n` units (negative: back).
pub(crate) fn add(d: NaiveDate, n: i64, u: Unit) -> Option<NaiveDate> {
    let months = |k: i64| -> Option<NaiveDate> {
        if k >= 0 {
            d.checked_add_months(Months::new(u32::try_from(k).ok()?))
        } else {
            d.checked_sub_months(Months::new(u32::try_from(-k).ok()?))
        }
    };
    let days = |k: i64| -> Option<NaiveDate> {
        if k >= 0 {
            d.checked_add_days(Days::new(k as u64))
        } else {
            d.checked_sub_days(Days::new((-k) as u64))
        }
    };
    match u {
        Unit::Second | Unit::Minute => Some(d),
        Unit::Hour => days(n / 24),
        Unit::Day => days(n),
        Unit::Week | Unit::Weekend => days(7 * n),
        Unit::Month => months(n),
        Unit::Quarter => months(3 * n),
        Unit::Year => months(12 * n),
        Unit::Decade => months(120 * n),
        Unit::Century => months(1200 * n),
    }
}

pub(crate) fn add_days(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    add(d, n, Unit::Day)
}

/// The first day of the period of granularity `g` containing `d`.
pub(crate) fn snap(d: NaiveDate, g: Gran) -> NaiveDate {
    let y = d.year();
    let m = d.month();
    let wd = i64::from(d.weekday().num_days_from_monday());
    let r = match g {
        Gran::Day => Some(d),
        Gran::Week => add_days(d, -wd),
        Gran::Weekend => add_days(d, 5 - wd),
        Gran::Month => ymd(y, m, 1),
        Gran::Quarter => ymd(y, (m - 1) / 3 * 3 + 1, 1),
        Gran::Half => ymd(y, if m <= 6 { 1 } else { 7 }, 1),
        Gran::Season => match m {
            1 | 2 => ymd(y - 1, 12, 1),
            12 => ymd(y, 12, 1),
            _ => ymd(y, (m - 3) / 3 * 3 + 3, 1),
        },
        Gran::Year => ymd(y, 1, 1),
        Gran::Decade => ymd(y - y.rem_euclid(10), 1, 1),
        Gran::Century => ymd(y - y.rem_euclid(100), 1, 1),
    };
    r.unwrap_or(d)
}

impl Point {
    pub fn new(d: NaiveDate, g: Gran) -> Self {
        Point { d: snap(d, g), g }
    }

    pub fn end(self) -> NaiveDate {
        let d = self.d;
        let r = match self.g {
            Gran::Day => Some(d),
            Gran::Week => add_days(d, 6),
            Gran::Weekend => add_days(d, 1),
            Gran::Month => add(d, 1, Unit::Month).and_then(|x| add_days(x, -1)),
            Gran::Quarter | Gran::Season => add(d, 1, Unit::Quarter).and_then(|x| add_days(x, -1)),
            Gran::Half => add(d, 6, Unit::Month).and_then(|x| add_days(x, -1)),
            Gran::Year => add(d, 1, Unit::Year).and_then(|x| add_days(x, -1)),
            Gran::Decade => add(d, 10, Unit::Year).and_then(|x| add_days(x, -1)),
            Gran::Century => add(d, 100, Unit::Year).and_then(|x| add_days(x, -1)),
        };
        r.unwrap_or(d)
    }

    /// Moves the period by `n` units, keeping its granularity.
    pub fn shift(self, n: i64, u: Unit) -> Option<Point> {
        Some(Point::new(add(self.d, n, u)?, self.g))
    }

    pub fn precision(self) -> Precision {
        match self.g {
            Gran::Day => Precision::Day,
            Gran::Week | Gran::Weekend => Precision::Week,
            Gran::Month => Precision::Month,
            Gran::Quarter | Gran::Half => Precision::Quarter,
            Gran::Season => Precision::Season,
            Gran::Year => Precision::Year,
            Gran::Decade => Precision::Decade,
            Gran::Century => Precision::Century,
        }
    }

    /// TIMEX3 value.
    pub fn value(self) -> String {
        let d = self.d;
        let y = d.year();
        match self.g {
            Gran::Day => format!("{:04}-{:02}-{:02}", y, d.month(), d.day()),
            Gran::Week => {
                let w = d.iso_week();
                format!("{:04}-W{:02}", w.year(), w.week())
            }
            Gran::Weekend => {
                let w = d.iso_week();
                format!("{:04}-W{:02}-WE", w.year(), w.week())
            }
            Gran::Month => format!("{:04}-{:02}", y, d.month()),
            Gran::Quarter => format!("{:04}-Q{}", y, (d.month() - 1) / 3 + 1),
            Gran::Half => format!("{:04}-H{}", y, if d.month() <= 6 { 1 } else { 2 }),
            Gran::Season => {
                let s = match d.month() {
                    3 => "SP",
                    6 => "SU",
                    9 => "FA",
                    _ => "WI",
                };
                format!("{y:04}-{s}")
            }
            Gran::Year => format!("{y:04}"),
            Gran::Decade => format!("{:03}", y.div_euclid(10)),
            Gran::Century => format!("{:02}", y.div_euclid(100)),
        }
    }
}

/// Unresolved TIMEX3 value of a granularity ("XXXX-XX-XX", "XXXX-WXX" ...).
pub(crate) fn unresolved(g: Gran) -> &'static str {
    match g {
        Gran::Day => "XXXX-XX-XX",
        Gran::Week => "XXXX-WXX",
        Gran::Weekend => "XXXX-WXX-WE",
        Gran::Month => "XXXX-XX",
        Gran::Quarter => "XXXX-QX",
        Gran::Half => "XXXX-HX",
        Gran::Season => "XXXX-XX",
        Gran::Year => "XXXX",
        Gran::Decade => "XXX",
        Gran::Century => "XX",
    }
}

/// Day of week 1 (Monday) ..= 7.
pub(crate) fn wd(d: NaiveDate) -> i64 {
    i64::from(d.weekday().number_from_monday())
}

/// First day of season `s` (0 spring .. 3 winter) of year `y` (winter starts in December of `y`).
pub(crate) fn season_start(y: i32, s: u8) -> Option<NaiveDate> {
    ymd(y, [3, 6, 9, 12][usize::from(s & 3)], 1)
}

/// The `n`-th (1-based) weekday `w` (1..=7) of month `m` in year `y`.
pub(crate) fn nth_weekday(y: i32, m: u32, w: i64, n: i64) -> Option<NaiveDate> {
    let first = ymd(y, m, 1)?;
    let off = (w - wd(first)).rem_euclid(7);
    add_days(first, off + 7 * (n - 1))
}
