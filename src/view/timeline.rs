//! The timeline's model: events as intervals on a day axis, in lanes by
//! event type or by place, plus the adaptive tick scale (decades → years →
//! months → days) and the view (visible range) the app owns.
//!
//! Days are `f64` days since 0001-01-01 (chrono's `num_days_from_ce`), so an
//! event on day `d` covers `[d, d + 1)`.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::analysis::Analysis;
use crate::events::{EventType, Status};
use crate::gazetteer::Gazetteer;
use crate::time::Precision;

/// Day number of a date.
#[must_use]
pub fn day(d: NaiveDate) -> f64 {
    f64::from(d.num_days_from_ce())
}

/// The date of a day number (floored), if in range.
#[must_use]
pub fn date(day: f64) -> Option<NaiveDate> {
    if !day.is_finite() || day.abs() > 3.0e6 {
        return None;
    }
    NaiveDate::from_num_days_from_ce_opt(day.floor() as i32)
}

/// How events are grouped into lanes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum LaneBy {
    #[default]
    Type,
    /// The type's family (`assets/events/types.tsv`): fighting, explosions
    /// and remote violence, violence against civilians, humanitarian,
    /// diplomacy, politics and protests.
    Family,
    Place,
}

/// The order of a lane named `k`: taxonomy order for types and families,
/// `None` for any other lane (places keep their order of appearance).
fn lane_rank(k: &str) -> Option<usize> {
    EventType::ALL
        .iter()
        .position(|t| t.id().replace('_', " ") == k)
        .or_else(|| {
            crate::events::Family::ALL
                .iter()
                .position(|f| f.label() == k)
                .map(|i| 100 + i)
        })
}

/// The visible day range.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TimelineView {
    pub start: f64,
    pub end: f64,
    pub lanes: LaneBy,
}

impl Default for TimelineView {
    fn default() -> Self {
        Self {
            start: 736_000.0,
            end: 736_400.0,
            lanes: LaneBy::Type,
        }
    }
}

/// The narrowest and widest visible ranges, in days.
const MIN_SPAN: f64 = 3.0;
const MAX_SPAN: f64 = 365.25 * 400.0;

impl TimelineView {
    #[must_use]
    pub fn span(&self) -> f64 {
        (self.end - self.start).max(MIN_SPAN)
    }

    /// Day → x in `[0, width]`.
    #[must_use]
    pub fn x(&self, day: f64, width: f32) -> f32 {
        ((day - self.start) / self.span() * f64::from(width)) as f32
    }

    /// x → day.
    #[must_use]
    pub fn day_at(&self, x: f32, width: f32) -> f64 {
        self.start + f64::from(x) / f64::from(width.max(1.0)) * self.span()
    }

    /// Zooms by `factor` (< 1 zooms in) around the day under `x`.
    pub fn zoom_at(&mut self, factor: f64, x: f32, width: f32) {
        if !(factor.is_finite() && factor > 0.0) {
            return;
        }
        let at = self.day_at(x, width);
        let span = (self.span() * factor).clamp(MIN_SPAN, MAX_SPAN);
        let t = (at - self.start) / self.span();
        self.start = at - t * span;
        self.end = self.start + span;
    }

    /// Pans by `dx` pixels.
    pub fn pan(&mut self, dx: f32, width: f32) {
        let d = f64::from(dx) / f64::from(width.max(1.0)) * self.span();
        self.start -= d;
        self.end -= d;
    }

    /// Shows `[first, last]` (days) with a margin.
    pub fn fit(&mut self, first: f64, last: f64) {
        let span = (last - first).max(0.0);
        let pad = (span * 0.08).max(2.0);
        self.start = first - pad;
        self.end = last + pad;
        if self.end - self.start > MAX_SPAN {
            self.end = self.start + MAX_SPAN;
        }
    }
}

/// What a dispatch without an article date is missing, for the prompt that offers the
/// fix: how many relative times ("on Tuesday", "yesterday") wait for a date, and how many
/// events are undated. `None` when the dispatch has its date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Undated {
    pub relative_times: usize,
    pub undated_events: usize,
}

impl Undated {
    #[must_use]
    pub fn of(a: &Analysis) -> Option<Undated> {
        if a.date.date.is_some() {
            return None;
        }
        Some(Undated {
            relative_times: a
                .times
                .iter()
                .filter(|t| t.anchor == crate::time::Anchor::Unresolved)
                .count(),
            undated_events: a.events.iter().filter(|e| e.begin.is_none()).count(),
        })
    }

    /// "No article date: set it to place 12 relative times".
    #[must_use]
    pub fn message(&self) -> String {
        match self.relative_times {
            0 => "No article date: set it to date what the text leaves relative".to_owned(),
            1 => "No article date: set it to place 1 relative time".to_owned(),
            n => format!("No article date: set it to place {n} relative times"),
        }
    }
}

/// One tick on the axis.
#[derive(Clone, Debug, PartialEq)]
pub struct Tick {
    pub day: f64,
    pub label: String,
    /// A major tick (a new year when showing months, a new month when showing days).
    pub major: bool,
}

/// Ticks for the visible range, at most one per `min_px` pixels.
#[must_use]
pub fn ticks(view: &TimelineView, width: f32, min_px: f32) -> Vec<Tick> {
    let px_per_day = f64::from(width.max(1.0)) / view.span();
    let min_days = f64::from(min_px) / px_per_day;
    let (Some(first), Some(last)) = (date(view.start), date(view.end + 1.0)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if min_days <= 20.0 {
        // Days: every 1, 2, 5, 10 days of each month.
        let step = [1, 2, 5, 10]
            .into_iter()
            .find(|&s| f64::from(s) >= min_days)
            .unwrap_or(10);
        let mut d = first;
        while d <= last && out.len() < 2000 {
            if d.day() == 1 || ((d.day() - 1) % step == 0 && d.day() <= 31 - step / 2) {
                let major = d.day() == 1;
                let label = if major {
                    d.format("%b %Y").to_string()
                } else {
                    d.day().to_string()
                };
                out.push(Tick {
                    day: day(d),
                    label,
                    major,
                });
            }
            d = match d.succ_opt() {
                Some(n) => n,
                None => break,
            };
        }
    } else if min_days <= 31.0 * 6.0 {
        let step = [1, 2, 3, 6]
            .into_iter()
            .find(|&s| f64::from(s) * 30.4 >= min_days)
            .unwrap_or(6);
        let (mut y, mut m) = (first.year(), first.month0());
        while out.len() < 2000 {
            let Some(d) = NaiveDate::from_ymd_opt(y, m + 1, 1) else {
                break;
            };
            if d > last {
                break;
            }
            if m % step == 0 {
                let major = m == 0;
                let label = if major {
                    y.to_string()
                } else {
                    d.format("%b").to_string()
                };
                out.push(Tick {
                    day: day(d),
                    label,
                    major,
                });
            }
            m += 1;
            if m == 12 {
                m = 0;
                y += 1;
            }
        }
    } else {
        let years = min_days / 365.25;
        let step = [1, 2, 5, 10, 20, 50, 100]
            .into_iter()
            .find(|&s| f64::from(s) >= years)
            .unwrap_or(100);
        let mut y = first.year().div_euclid(step) * step;
        while out.len() < 2000 {
            let Some(d) = NaiveDate::from_ymd_opt(y, 1, 1) else {
                break;
            };
            if d > last {
                break;
            }
            if d >= first {
                out.push(Tick {
                    day: day(d),
                    label: y.to_string(),
                    major: y % (step * 10) == 0,
                });
            }
            y += step;
        }
    }
    out
}

/// One event on the timeline.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub event: usize,
    pub lane: usize,
    pub kind: EventType,
    /// First day and the day after the last.
    pub start: f64,
    pub end: f64,
    /// Drawn as a point (day precision or a single day).
    pub point: bool,
    /// Planned or hypothetical: drawn hollow.
    pub hollow: bool,
    pub negated: bool,
    /// "type — place — date", for the tooltip.
    pub label: String,
}

/// Everything the timeline panel draws.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TimelineModel {
    pub lanes: Vec<String>,
    pub bars: Vec<Bar>,
    /// The article date ("reported" line).
    pub reported: Option<f64>,
    /// Events without a date.
    pub undated: usize,
}

impl TimelineModel {
    #[must_use]
    pub fn build(a: &Analysis, gaz: &Gazetteer, by: LaneBy) -> Self {
        let mut m = TimelineModel {
            reported: a.date.date.map(day),
            ..Default::default()
        };
        let mut lane_keys: Vec<String> = Vec::new();
        for e in &a.events {
            let (Some(b), Some(end)) = (e.begin, e.end.or(e.begin)) else {
                m.undated += 1;
                continue;
            };
            let place = e
                .place
                .and_then(|p| a.places.mentions.get(p))
                .and_then(|m| m.place)
                .and_then(|id| gaz.get(id))
                .map_or_else(|| "no place".to_owned(), |p| p.name.to_owned());
            let key = match by {
                LaneBy::Type => e.kind.id().replace('_', " "),
                LaneBy::Family => e.kind.family().label().to_owned(),
                LaneBy::Place => place.clone(),
            };
            let lane = match lane_keys.iter().position(|k| *k == key) {
                Some(i) => i,
                None => {
                    lane_keys.push(key);
                    lane_keys.len() - 1
                }
            };
            let (start, stop) = (day(b), day(end.max(b)) + 1.0);
            let when = if b == end {
                b.to_string()
            } else {
                format!("{b} – {end}")
            };
            m.bars.push(Bar {
                event: e.id,
                lane,
                kind: e.kind,
                start,
                end: stop,
                point: matches!(e.precision, Precision::Day) || stop - start <= 1.0,
                hollow: matches!(e.status, Status::Planned | Status::Hypothetical),
                negated: matches!(e.status, Status::Negated),
                label: format!("{} — {} — {}", e.kind.id().replace('_', " "), place, when),
            });
        }
        // Lanes in taxonomy order for types and families, by first
        // appearance for places.
        if by != LaneBy::Place {
            let mut order: Vec<usize> = (0..lane_keys.len()).collect();
            order.sort_by_key(|&i| lane_rank(&lane_keys[i]).unwrap_or(usize::MAX));
            let mut remap = vec![0; lane_keys.len()];
            for (new, &old) in order.iter().enumerate() {
                remap[old] = new;
            }
            for b in &mut m.bars {
                b.lane = remap[b.lane];
            }
            m.lanes = order.into_iter().map(|i| lane_keys[i].clone()).collect();
        } else {
            m.lanes = lane_keys;
        }
        m
    }

    /// One model of several dispatches' models ("all dispatches"), with the
    /// index of the part each bar comes from (parallel to `bars`). Lanes of
    /// the same name merge; the reported line is the first part's.
    #[must_use]
    pub fn combine<'a>(
        parts: impl IntoIterator<Item = &'a TimelineModel>,
    ) -> (TimelineModel, Vec<usize>) {
        let mut out = TimelineModel::default();
        let mut from = Vec::new();
        for (i, part) in parts.into_iter().enumerate() {
            let lanes: Vec<usize> = part
                .lanes
                .iter()
                .map(|l| match out.lanes.iter().position(|o| o == l) {
                    Some(j) => j,
                    None => {
                        out.lanes.push(l.clone());
                        out.lanes.len() - 1
                    }
                })
                .collect();
            for b in &part.bars {
                let mut b = b.clone();
                b.lane = lanes.get(b.lane).copied().unwrap_or(0);
                out.bars.push(b);
                from.push(i);
            }
            out.reported = out.reported.or(part.reported);
            out.undated += part.undated;
        }
        // Type and family lanes keep the taxonomy order.
        if out.lanes.iter().all(|l| lane_rank(l).is_some()) {
            let mut order: Vec<usize> = (0..out.lanes.len()).collect();
            order.sort_by_key(|&i| lane_rank(&out.lanes[i]).unwrap_or(usize::MAX));
            let mut remap = vec![0; out.lanes.len()];
            for (new, &old) in order.iter().enumerate() {
                remap[old] = new;
            }
            for b in &mut out.bars {
                b.lane = remap[b.lane];
            }
            out.lanes = order.into_iter().map(|i| out.lanes[i].clone()).collect();
        }
        (out, from)
    }

    /// First and last day of all bars and the reported line.
    #[must_use]
    pub fn extent(&self) -> Option<(f64, f64)> {
        let mut it = self
            .bars
            .iter()
            .map(|b| (b.start, b.end))
            .chain(self.reported.map(|r| (r, r + 1.0)));
        let first = it.next()?;
        let (a, b) = it.fold(first, |(a, b), (c, d)| (a.min(c), b.max(d)));
        // Long background intervals ("since 2011") are cut at a year around the date.
        Some(match self.reported {
            Some(r) => (a.max(r - 366.0), b.min(r + 366.0)),
            None => (a, b),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(start: &str, end: &str) -> TimelineView {
        let p = |s: &str| day(NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date"));
        TimelineView {
            start: p(start),
            end: p(end),
            lanes: LaneBy::Type,
        }
    }

    #[test]
    fn ticks_adapt_to_the_range() {
        let t = ticks(&view("2017-10-01", "2017-10-20"), 800.0, 60.0);
        assert!(t.iter().any(|t| t.label == "5" || t.label == "6"), "{t:?}");
        let t = ticks(&view("2016-01-01", "2018-01-01"), 800.0, 60.0);
        assert!(t.iter().any(|t| t.label == "2017"), "{t:?}");
        let t = ticks(&view("1900-01-01", "2020-01-01"), 800.0, 60.0);
        assert!(t.iter().any(|t| t.label == "1950"), "{t:?}");
        assert!(t.len() < 20);
    }

    #[test]
    fn zoom_keeps_the_day_under_the_cursor() {
        let mut v = view("2017-01-01", "2018-01-01");
        let before = v.day_at(200.0, 800.0);
        v.zoom_at(0.5, 200.0, 800.0);
        assert!((v.day_at(200.0, 800.0) - before).abs() < 1e-6);
    }
}

#[cfg(test)]
mod sample_tests {
    use super::*;
    use crate::analysis::DateHint;

    #[test]
    fn the_sample_fits_around_its_date() {
        let gaz = Gazetteer::bundled().expect("bundled gazetteer");
        let text = include_str!("../../assets/sample-dispatch.txt").to_owned();
        let a = Analysis::run("s", text, DateHint::Detect, None, &gaz);
        let m = TimelineModel::build(&a, &gaz, LaneBy::Type);
        let (first, last) = m.extent().expect("dated events");
        let r = m.reported.expect("reported");
        assert!(
            r - first < 800.0 && last - r < 800.0,
            "{:?} {:?}",
            date(first),
            date(last)
        );
    }

    #[test]
    fn family_lanes_are_the_families_in_taxonomy_order() {
        let gaz = Gazetteer::bundled().expect("bundled gazetteer");
        let text = include_str!("../../assets/sample-dispatch.txt").to_owned();
        let a = Analysis::run("s", text, DateHint::Detect, None, &gaz);
        let m = TimelineModel::build(&a, &gaz, LaneBy::Family);
        let by_type = TimelineModel::build(&a, &gaz, LaneBy::Type);
        let want: Vec<String> = crate::events::Family::ALL
            .iter()
            .filter(|f| by_type.bars.iter().any(|b| b.kind.family() == **f))
            .map(|f| f.label().to_owned())
            .collect();
        assert_eq!(m.lanes, want);
        for b in &m.bars {
            assert_eq!(m.lanes[b.lane], b.kind.family().label());
        }
    }
}
