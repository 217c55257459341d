//! The briefing page: one self-contained HTML file (no scripts, no external
//! resources) with the dispatches' names and dates, the map and a timeline
//! as inline SVG, a table of events with the trigger highlighted in its
//! sentence, and the attribution. Print CSS lays it out on A4.
//!
//! Deterministic and clock-free: the date shown is the one given in
//! [`BriefingOptions`] or the latest article date.

use std::fmt::Write as _;

use chrono::{Datelike, Duration, NaiveDate};

use crate::map::Basemap;
use crate::view::palette::{event_rgb, hex};

use super::escape;
use super::svg::{ATTRIBUTION, SvgOptions, kinds_present, map_svg};
use super::{EventRow, Table};

/// Title and date of the page.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BriefingOptions {
    /// The heading (default "Situation briefing").
    pub title: Option<String>,
    /// The briefing's date (default: the latest article date, if any).
    pub date: Option<NaiveDate>,
}

const CSS: &str = r"
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #f6f7f9; color: #1f2328;
  font: 14px/1.45 'Helvetica Neue', Helvetica, Arial, sans-serif; }
main { max-width: 1000px; margin: 0 auto; padding: 28px 32px 40px; background: #fff; }
header { border-bottom: 3px solid #1f2328; padding-bottom: 10px; margin-bottom: 18px; }
h1 { font-size: 26px; margin: 0 0 4px; letter-spacing: -0.01em; }
.meta { color: #57606a; font-size: 13px; }
h2 { font-size: 15px; text-transform: uppercase; letter-spacing: 0.06em; color: #57606a;
  margin: 26px 0 8px; border-bottom: 1px solid #d0d7de; padding-bottom: 3px; }
ul.sources { margin: 6px 0 0; padding-left: 18px; font-size: 13px; }
figure { margin: 0; }
figure svg { width: 100%; height: auto; display: block; }
table { width: 100%; border-collapse: collapse; font-size: 12.5px; }
th { text-align: left; font-size: 11px; text-transform: uppercase; letter-spacing: 0.04em;
  color: #57606a; border-bottom: 2px solid #d0d7de; padding: 5px 6px; }
td { vertical-align: top; border-bottom: 1px solid #eaeef2; padding: 6px; }
tr { break-inside: avoid; page-break-inside: avoid; }
td.date { white-space: nowrap; font-variant-numeric: tabular-nums; }
.type { white-space: nowrap; }
.dot { display: inline-block; width: 9px; height: 9px; border-radius: 50%; margin-right: 5px; }
.status { font-size: 11px; padding: 1px 5px; border-radius: 3px; background: #eaeef2; }
.status.negated, .status.hypothetical { background: #fbefc6; }
.status.planned { background: #dbeafe; }
mark { background: #ffe58f; padding: 0 1px; border-radius: 2px; }
.muted { color: #8c959f; }
footer { margin-top: 24px; font-size: 11px; color: #57606a; border-top: 1px solid #d0d7de;
  padding-top: 6px; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { background: #fff; font-size: 11px; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; page-break-after: avoid; }
  figure { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
}
";

fn fmt_date(d: NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

fn event_dates(e: &EventRow) -> String {
    match (e.begin, e.end) {
        (Some(b), Some(en)) if en != b => format!("{} – {}", fmt_date(b), fmt_date(en)),
        (Some(b), _) => fmt_date(b),
        _ => "undated".to_owned(),
    }
}

/// The sentence with the first occurrence of the trigger in `<mark>`, escaped.
pub(super) fn highlighted(sentence: &str, trigger: &str) -> String {
    match (!trigger.is_empty())
        .then(|| sentence.find(trigger))
        .flatten()
    {
        Some(i) => format!(
            "{}<mark>{}</mark>{}",
            escape(&sentence[..i]),
            escape(trigger),
            escape(&sentence[i + trigger.len()..])
        ),
        None => escape(sentence),
    }
}

/// Tick dates for a span of days: daily, weekly (Mondays), monthly or yearly.
fn ticks(from: NaiveDate, to: NaiveDate) -> (Vec<NaiveDate>, &'static str) {
    let days = (to - from).num_days();
    let mut out = Vec::new();
    let mut d = from;
    let fmt = if days <= 16 {
        while d <= to {
            out.push(d);
            d += Duration::days(1);
        }
        "%-d %b"
    } else if days <= 120 {
        d += Duration::days(i64::from((7 - d.weekday().num_days_from_monday()) % 7));
        while d <= to {
            out.push(d);
            d += Duration::days(7);
        }
        "%-d %b"
    } else if days <= 3 * 366 {
        let step = if days <= 400 { 1 } else { 3 };
        let mut m = NaiveDate::from_ymd_opt(from.year(), from.month(), 1).unwrap_or(from);
        while m <= to {
            if m >= from && m.month0().is_multiple_of(step) {
                out.push(m);
            }
            m = m
                .checked_add_months(chrono::Months::new(1))
                .unwrap_or(to + Duration::days(1));
        }
        "%b %Y"
    } else {
        let step = ((days / 365) / 8).max(1) as i32;
        let mut y = from.year();
        while let Some(j) = NaiveDate::from_ymd_opt(y, 1, 1) {
            if j > to {
                break;
            }
            if j >= from && y % step == 0 {
                out.push(j);
            }
            y += 1;
        }
        "%Y"
    };
    (out, fmt)
}

/// The timeline as inline SVG: one lane per event type present, events as
/// points (a day) or bars (a span), article dates as dashed lines.
#[must_use]
pub fn timeline_svg(table: &Table) -> String {
    let dated: Vec<&EventRow> = table.events.iter().filter(|e| e.begin.is_some()).collect();
    let mut article: Vec<NaiveDate> = table.sources.iter().filter_map(|s| s.1).collect();
    article.sort();
    article.dedup();
    let mut all: Vec<NaiveDate> = article.clone();
    for e in &dated {
        all.extend(e.begin);
        all.extend(e.end);
    }
    let (Some(&min), Some(&max)) = (all.iter().min(), all.iter().max()) else {
        return r#"<p class="muted">No dated events.</p>"#.to_owned();
    };
    let span = (max - min).num_days().max(2);
    let pad = (span / 20).max(1);
    let (from, to) = (min - Duration::days(pad), max + Duration::days(pad));
    let total = (to - from).num_days() as f64 + 1.0;

    let kinds = kinds_present(table);
    let kinds: Vec<_> = kinds
        .into_iter()
        .filter(|k| dated.iter().any(|e| e.kind == *k))
        .collect();
    let (w, left, right, top, lane) = (960.0, 170.0, 16.0, 30.0, 22.0);
    let h = top + lane * kinds.len().max(1) as f64 + 34.0;
    let x_of = |d: NaiveDate| left + (d - from).num_days() as f64 / total * (w - left - right);
    let day_w = ((w - left - right) / total).max(3.0);

    let mut s = String::new();
    let _ = write!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w:.0}" height="{h:.0}" viewBox="0 0 {w:.0} {h:.0}" font-family="Helvetica, Arial, sans-serif" font-size="11" role="img" aria-label="Timeline of the events">"##
    );
    // Lanes.
    for (i, k) in kinds.iter().enumerate() {
        let y = top + lane * i as f64;
        if i % 2 == 0 {
            let _ = write!(
                s,
                r##"<rect x="0" y="{y:.1}" width="{w:.0}" height="{lane:.0}" fill="#f6f8fa"/>"##
            );
        }
        let _ = write!(
            s,
            r##"<circle cx="10" cy="{:.1}" r="4" fill="{}"/><text x="20" y="{:.1}" fill="#1f2328">{}</text>"##,
            y + lane / 2.0,
            hex(event_rgb(Some(*k), false)),
            y + lane / 2.0 + 4.0,
            escape(k.label())
        );
    }
    let axis_y = top + lane * kinds.len().max(1) as f64 + 4.0;
    // Ticks and grid.
    let (tick_dates, fmt) = ticks(from, to);
    for d in &tick_dates {
        let x = x_of(*d) + day_w / 2.0;
        let _ = write!(
            s,
            r##"<line x1="{x:.1}" y1="{top:.0}" x2="{x:.1}" y2="{:.1}" stroke="#d0d7de" stroke-width="0.6"/><text x="{x:.1}" y="{:.1}" text-anchor="middle" fill="#57606a">{}</text>"##,
            axis_y + 4.0,
            axis_y + 17.0,
            escape(&d.format(fmt).to_string())
        );
    }
    let _ = write!(
        s,
        r##"<line x1="{left:.0}" y1="{axis_y:.1}" x2="{:.0}" y2="{axis_y:.1}" stroke="#57606a"/>"##,
        w - right
    );
    // Article dates.
    for (i, d) in article.iter().enumerate() {
        let x = x_of(*d) + day_w / 2.0;
        let _ = write!(
            s,
            r##"<line x1="{x:.1}" y1="{:.0}" x2="{x:.1}" y2="{axis_y:.1}" stroke="#1f2328" stroke-width="1.2" stroke-dasharray="4 3"/>"##,
            top - 10.0
        );
        if i == article.len() - 1 {
            let _ = write!(
                s,
                r##"<text x="{:.1}" y="{:.0}" text-anchor="end" fill="#1f2328" font-weight="bold">article date {}</text>"##,
                x - 3.0,
                top - 14.0 + 10.0,
                escape(&fmt_date(*d))
            );
        }
    }
    // Events.
    for e in &dated {
        let Some(lane_i) = kinds.iter().position(|k| *k == e.kind) else {
            continue;
        };
        let Some(b) = e.begin else { continue };
        let en = e.end.unwrap_or(b).max(b);
        let cy = top + lane * lane_i as f64 + lane / 2.0;
        let colour = hex(event_rgb(Some(e.kind), false));
        let hollow = matches!(
            e.status,
            crate::events::Status::Negated | crate::events::Status::Hypothetical
        );
        let title = escape(&format!(
            "{} · {} · {}",
            e.kind.label(),
            event_dates(e),
            e.place.as_ref().map_or("no place", |p| p.name.as_str())
        ));
        if en > b {
            let x0 = x_of(b);
            let x1 = x_of(en) + day_w;
            let _ = write!(
                s,
                r#"<rect x="{x0:.1}" y="{:.1}" width="{:.1}" height="10" rx="3" fill="{colour}" fill-opacity="{}" stroke="{colour}"><title>{title}</title></rect>"#,
                cy - 5.0,
                (x1 - x0).max(4.0),
                if hollow { "0.15" } else { "0.55" },
            );
        } else {
            let _ = write!(
                s,
                r##"<circle cx="{:.1}" cy="{cy:.1}" r="5" fill="{}" stroke="{colour}" stroke-width="1.5"><title>{title}</title></circle>"##,
                x_of(b) + day_w / 2.0,
                if hollow { "#ffffff" } else { colour.as_str() },
            );
        }
    }
    s.push_str("</svg>");
    s
}

/// The briefing page for `table`.
#[must_use]
pub fn briefing_html(table: &Table, basemap: &Basemap, o: &BriefingOptions) -> String {
    let title = o.title.as_deref().unwrap_or("Situation briefing");
    let date = o
        .date
        .or_else(|| table.sources.iter().filter_map(|s| s.1).max());
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n<header>\n<h1>{}</h1>\n<div class=\"meta\">",
        escape(title),
        escape(title)
    );
    let mut meta = Vec::new();
    if let Some(d) = date {
        meta.push(escape(&fmt_date(d)));
    }
    let n = table.sources.len();
    meta.push(format!("{n} dispatch{}", if n == 1 { "" } else { "es" }));
    let ne = table.events.len();
    meta.push(format!("{ne} event{}", if ne == 1 { "" } else { "s" }));
    let np = table.places.len();
    meta.push(format!("{np} place{}", if np == 1 { "" } else { "s" }));
    h.push_str(&meta.join(" · "));
    h.push_str("</div>\n<ul class=\"sources\">\n");
    for (name, d) in &table.sources {
        let _ = writeln!(
            h,
            "<li>{} <span class=\"muted\">— {}</span></li>",
            escape(name),
            d.map_or_else(|| "date unknown".to_owned(), fmt_date)
        );
    }
    h.push_str("</ul>\n</header>\n");

    h.push_str("<section>\n<h2>Map</h2>\n<figure>");
    h.push_str(&map_svg(table, basemap, &SvgOptions::default()));
    h.push_str("</figure>\n</section>\n");

    h.push_str("<section>\n<h2>Timeline</h2>\n<figure>");
    h.push_str(&timeline_svg(table));
    let undated = table.events.iter().filter(|e| e.begin.is_none()).count();
    if undated > 0 {
        let _ = write!(
            h,
            "<p class=\"muted\">{undated} undated event{} not on the timeline.</p>",
            if undated == 1 { "" } else { "s" }
        );
    }
    h.push_str("</figure>\n</section>\n");

    h.push_str("<section>\n<h2>Events</h2>\n");
    if table.events.is_empty() {
        h.push_str("<p class=\"muted\">No events.</p>\n");
    } else {
        h.push_str("<table>\n<thead><tr><th>Date</th><th>Type</th><th>Place</th><th>Actors</th><th>Status</th><th>Source sentence</th></tr></thead>\n<tbody>\n");
        let mut rows: Vec<&EventRow> = table.events.iter().collect();
        // Chronological, undated last; stable within a day.
        rows.sort_by_key(|e| (e.begin.is_none(), e.begin));
        for e in rows {
            let place = e.place.as_ref().map_or_else(
                || "<span class=\"muted\">—</span>".to_owned(),
                |p| match &p.country_name {
                    Some(c) if *c != p.name => format!(
                        "{}<br><span class=\"muted\">{}</span>",
                        escape(&p.name),
                        escape(c)
                    ),
                    _ => escape(&p.name),
                },
            );
            let source = if n > 1 {
                format!("<br><span class=\"muted\">{}</span>", escape(&e.source))
            } else {
                String::new()
            };
            let _ = writeln!(
                h,
                "<tr><td class=\"date\">{}</td><td class=\"type\"><span class=\"dot\" style=\"background:{}\"></span>{}</td><td>{place}</td><td>{}</td><td><span class=\"status {}\">{}</span></td><td>{}{source}</td></tr>",
                escape(&event_dates(e)),
                hex(event_rgb(Some(e.kind), false)),
                escape(e.kind.label()),
                escape(&e.actors.join(", ")),
                e.status.id(),
                e.status.id(),
                highlighted(&e.sentence, &e.trigger),
            );
        }
        h.push_str("</tbody>\n</table>\n");
    }
    h.push_str("</section>\n");
    let _ = write!(
        h,
        "<footer>{} · Made with sitrep from the dispatches listed above; places, times and events are found automatically and may be wrong.</footer>\n</main>\n</body>\n</html>\n",
        escape(ATTRIBUTION)
    );
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn ticks_adapt_to_the_span() {
        let (t, _) = ticks(d(2016, 3, 20), d(2016, 3, 27));
        assert_eq!(t.len(), 8);
        let (t, _) = ticks(d(2016, 1, 1), d(2016, 3, 1));
        assert!(
            t.iter().all(|x| x.weekday() == chrono::Weekday::Mon),
            "{t:?}"
        );
        let (t, _) = ticks(d(2015, 6, 10), d(2016, 3, 1));
        assert!(t.iter().all(|x| x.day() == 1) && t.len() == 9, "{t:?}");
        let (t, f) = ticks(d(2000, 6, 10), d(2016, 3, 1));
        assert_eq!(f, "%Y");
        assert!((8..=16).contains(&t.len()), "{t:?}");
    }

    #[test]
    fn trigger_is_marked_and_escaped() {
        assert_eq!(
            highlighted("Rebels <b> shelled A&B", "shelled"),
            "Rebels &lt;b&gt; <mark>shelled</mark> A&amp;B"
        );
        assert_eq!(highlighted("x", "y"), "x");
    }
}
