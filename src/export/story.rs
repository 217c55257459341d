//! The story page: one self-contained HTML file (inline SVG, CSS and a small script,
//! nothing fetched) that tells the events one slide at a time, as present mode does: a
//! title slide, then one slide per event in the timeline's order (by date, undated last;
//! on the same day the dispatch given first, then text order) with the print map (drawn
//! once, reused by every slide) and the event's place highlighted, the place the story
//! came from with an arrow, the caption with the trigger marked, and a timeline strip.
//! When the story moves between regions far apart (Palmyra, then Geneva, then Moscow),
//! each region gets a map of its own, fitted to its places, and its slides show that one;
//! events without a place show the story's map.
//!
//! Arrow keys, PageUp/PageDown, Space and clicks step; `story.html#N` opens on slide N (the
//! title is slide 1); printing gives one slide per page. Each slide is a `<section
//! class="slide">`. A story of more than [`MAX_SLIDES`] events shows the first ones and
//! says so on the title slide.
//!
//! Deterministic and clock-free.

use std::fmt::Write as _;

use chrono::NaiveDate;

use crate::gazetteer::PlaceKind;
use crate::map::Basemap;
use crate::view::palette::{event_rgb, hex};
use crate::view::present::date_range;

use super::briefing::highlighted;
use super::escape;
use super::svg::{ATTRIBUTION, SvgOptions, map_points, map_svg};
use super::{EventRow, Table};

/// The most event slides a page holds (the page stays quick to open and to print).
pub const MAX_SLIDES: usize = 400;

/// How far (km) an event's place may lie from the first place of a region and still be
/// shown on that region's map: about what one zoomed-in map shows around a town.
pub const REGION_KM: f64 = 700.0;

/// The most regional maps a page draws (each adds its own basemap); slides of regions
/// beyond show the story's map.
pub const MAX_REGIONS: usize = 8;

const CSS: &str = r"
:root { color-scheme: light; }
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; background: #fff; color: #101216;
  font: 20px/1.4 'Helvetica Neue', Helvetica, Arial, sans-serif; }
.slide { display: none; flex-direction: column; height: 100vh; padding: 14px 28px 10px; gap: 6px; }
.slide.current { display: flex; }
.slide.title { justify-content: center; align-items: flex-start; padding: 60px 80px; }
.title h1 { font-size: 46px; margin: 0 0 12px; letter-spacing: -0.01em; }
.title p { font-size: 22px; margin: 4px 0; color: #4a515a; }
.title ul { font-size: 20px; color: #4a515a; }
.top { display: flex; justify-content: space-between; align-items: baseline; gap: 20px; }
.meta { font-size: 21px; color: #4a515a; }
.meta b { color: #101216; }
.count { font-size: 24px; font-weight: bold; white-space: nowrap; }
.dot { display: inline-block; width: 16px; height: 16px; border-radius: 50%; margin-right: 8px;
  vertical-align: -1px; }
figure { margin: 0; flex: 1 1 auto; min-height: 0; display: flex; justify-content: center; }
figure svg { max-width: 100%; max-height: 100%; height: auto; display: block; }
.caption { font-size: 28px; margin: 4px 0 0; }
mark { background: #ffe08a; color: #7a2a00; padding: 0 3px; border-radius: 3px; }
.actors { font-size: 18px; color: #4a515a; margin: 0; }
.strip { width: 100%; height: 34px; display: block; }
.hint { font-size: 14px; color: #6b727b; margin-top: 18px; }
footer { font-size: 12px; color: #6b727b; }
@media print {
  @page { size: landscape; margin: 10mm; }
  .slide, .slide.current { display: flex; height: auto; min-height: 0;
    break-after: page; page-break-after: always; break-inside: avoid; }
  .slide:last-of-type { break-after: auto; page-break-after: auto; }
  figure svg { max-height: 120mm; }
  .hint { display: none; }
}
";

const SCRIPT: &str = r"
(function () {
  var slides = Array.prototype.slice.call(document.querySelectorAll('.slide'));
  var i = 0;
  function show(n) {
    i = Math.max(0, Math.min(slides.length - 1, n));
    slides.forEach(function (s, k) { s.classList.toggle('current', k === i); });
    var h = '#' + (i + 1);
    if (location.hash !== h) { try { history.replaceState(null, '', h); } catch (e) {} }
  }
  function fromHash() {
    var n = parseInt(location.hash.slice(1), 10);
    show(isNaN(n) ? 0 : n - 1);
  }
  window.addEventListener('hashchange', fromHash);
  document.addEventListener('keydown', function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey) { return; }
    var k = e.key;
    if (k === 'ArrowRight' || k === 'ArrowDown' || k === 'PageDown' || k === ' ') { show(i + 1); }
    else if (k === 'ArrowLeft' || k === 'ArrowUp' || k === 'PageUp') { show(i - 1); }
    else if (k === 'Home') { show(0); }
    else if (k === 'End') { show(slides.length - 1); }
    else { return; }
    e.preventDefault();
  });
  document.addEventListener('click', function (e) {
    if (e.target.closest && e.target.closest('a')) { return; }
    show(e.clientX < window.innerWidth / 3 ? i - 1 : i + 1);
  });
  fromHash();
})();
";

/// Events in the story's order: by begin date, undated last; on the same day the
/// dispatch given first, then text order.
fn story_order(table: &Table) -> Vec<&EventRow> {
    let source_rank = |name: &str| {
        table
            .sources
            .iter()
            .position(|(n, _)| n == name)
            .unwrap_or(usize::MAX)
    };
    let mut rows: Vec<(usize, &EventRow)> = table.events.iter().enumerate().collect();
    rows.sort_by_key(|(i, e)| {
        (
            e.begin.is_none(),
            e.begin,
            source_rank(&e.source),
            e.sentence_start,
            *i,
        )
    });
    rows.into_iter().map(|(_, e)| e).collect()
}

/// The region of each slide: slides whose places lie within [`REGION_KM`] of a region's
/// first town (or province) share its map (the first [`MAX_REGIONS`] regions), in story order. `None`
/// (no place, a region beyond the cap, or a story in one region): the story's map.
fn regions(shown: &[&EventRow]) -> (usize, Vec<Option<usize>>) {
    let mut anchors: Vec<(f64, f64)> = Vec::new();
    let mut of: Vec<Option<usize>> = Vec::with_capacity(shown.len());
    for e in shown {
        let Some(p) = e
            .place
            .as_ref()
            .filter(|p| p.lat.is_finite() && p.lon.is_finite())
        else {
            of.push(None);
            continue;
        };
        let near = anchors.iter().position(|&(lat, lon)| {
            crate::gazetteer::haversine_km(lat, lon, p.lat, p.lon) <= REGION_KM
        });
        // A country or a macro-region is too big to zoom to: it joins a region near its
        // centre point, or shows on the story's map.
        let whole = matches!(p.kind, PlaceKind::Country | PlaceKind::Region);
        of.push(near.or_else(|| {
            (!whole).then(|| {
                anchors.push((p.lat, p.lon));
                anchors.len() - 1
            })
        }));
    }
    if anchors.len() < 2 {
        return (0, vec![None; shown.len()]);
    }
    let n = anchors.len().min(MAX_REGIONS);
    (n, of.into_iter().map(|r| r.filter(|&r| r < n)).collect())
}

/// A region's part of the table: its events, and the places within [`REGION_KM`] of any
/// of their places (neighbours drawn for context).
fn region_table(table: &Table, shown: &[&EventRow], of: &[Option<usize>], region: usize) -> Table {
    let events: Vec<EventRow> = shown
        .iter()
        .zip(of)
        .filter(|(_, r)| **r == Some(region))
        .map(|(e, _)| (*e).clone())
        .collect();
    let points: Vec<(f64, f64)> = events
        .iter()
        .filter_map(|e| e.place.as_ref().map(|p| (p.lat, p.lon)))
        .collect();
    let places = table
        .places
        .iter()
        .filter(|row| {
            points.iter().any(|&(lat, lon)| {
                crate::gazetteer::haversine_km(lat, lon, row.place.lat, row.place.lon) <= REGION_KM
            })
        })
        .cloned()
        .collect();
    Table {
        events,
        places,
        sources: table.sources.clone(),
    }
}

/// The id of map `m` in the page: the story's map, or a region's.
fn map_id(region: Option<usize>) -> String {
    region.map_or_else(
        || "story-map".to_owned(),
        |r| format!("story-map-{}", r + 1),
    )
}

fn place_key(e: &EventRow) -> Option<(Option<u32>, &str)> {
    e.place.as_ref().map(|p| (p.geonameid, p.name.as_str()))
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!(
        "{} {}",
        crate::gazetteer::group_thousands(n as u64),
        if n == 1 { one } else { many }
    )
}

/// The story page for `table`, titled `title` (default "The story of …" the dispatch).
#[must_use]
pub fn story_html(table: &Table, basemap: &Basemap, title: Option<&str>) -> String {
    let order = story_order(table);
    let shown = &order[..order.len().min(MAX_SLIDES)];
    let default_title = match table.sources.as_slice() {
        [(one, _)] => format!("The story of {one}"),
        _ => "The story of the dispatches".to_owned(),
    };
    let title = title.unwrap_or(&default_title);
    let o = SvgOptions {
        width: 1200.0,
        height: 620.0,
        margin: 70.0,
        max_labels: 20,
    };
    let map = map_svg(table, basemap, &o);
    let (n_regions, region_of) = regions(shown);
    let region_tables: Vec<Table> = (0..n_regions)
        .map(|r| region_table(table, shown, &region_of, r))
        .collect();
    let table_of = |r: Option<usize>| r.map_or(table, |r| &region_tables[r]);
    let dated: Vec<NaiveDate> = order.iter().filter_map(|e| e.begin).collect();
    let extent = match (dated.iter().min(), dated.iter().max()) {
        (Some(a), Some(b)) => Some((*a, *b)),
        _ => None,
    };
    let latlon = |e: &EventRow| {
        e.place
            .as_ref()
            .map_or((f64::NAN, f64::NAN), |p| (p.lat, p.lon))
    };
    let (w, h) = (o.width, o.height);

    let mut s = String::new();
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        escape(title)
    );
    // The maps, each drawn once; slides show theirs with `<use>`.
    let mut maps = format!(
        r#"<g id="story-map">{}</g>"#,
        map.replacen("<svg ", r#"<svg x="0" y="0" "#, 1)
    );
    for (r, t) in region_tables.iter().enumerate() {
        let id = map_id(Some(r));
        let _ = write!(
            maps,
            r#"<g id="{id}">{}</g>"#,
            map_svg(t, basemap, &o)
                .replacen("<svg ", r#"<svg x="0" y="0" "#, 1)
                .replace("map-clip", &format!("{id}-clip"))
        );
    }
    let _ = writeln!(
        s,
        r##"<svg width="0" height="0" style="position:absolute" aria-hidden="true"><defs><marker id="arrowhead" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#4a515a"/></marker>{maps}<g id="strip-dots">{}</g></defs></svg>"##,
        strip_dots(shown, extent)
    );

    // The title slide.
    s.push_str("<section class=\"slide title\" id=\"slide-1\">\n");
    let _ = writeln!(s, "<h1>{}</h1>", escape(title));
    if order.is_empty() {
        s.push_str(
            "<p>No events were found in these dispatches: there is nothing to step through.</p>\n",
        );
    } else {
        let mut line = plural(order.len(), "event", "events");
        if let (Some(first), Some(last)) = (dated.iter().min(), dated.iter().max()) {
            let _ = write!(line, ", {}", date_range(Some(*first), Some(*last)));
        }
        let _ = writeln!(s, "<p>{}</p>", escape(&line));
        let undated = order.iter().filter(|e| e.begin.is_none()).count();
        if dated.is_empty() {
            let _ = writeln!(
                s,
                "<p>{}</p>",
                escape(&format!(
                    "{}: they come in the order of the text. Give the dispatch an article date (sitrep export --date, or in the app) to place its relative times.",
                    if order.len() == 1 {
                        "The event has no date"
                    } else {
                        "None of the events has a date"
                    }
                ))
            );
        } else if undated > 0 {
            let _ = writeln!(
                s,
                "<p>{} last.</p>",
                escape(&plural(
                    undated,
                    "undated event comes",
                    "undated events come"
                ))
            );
        }
        if order.len() > shown.len() {
            let _ = writeln!(
                s,
                "<p><b>The first {} of {} are shown.</b> Export fewer dispatches, or a time window, for the rest.</p>",
                shown.len(),
                crate::gazetteer::group_thousands(order.len() as u64)
            );
        }
    }
    s.push_str("<ul>\n");
    for (name, d) in &table.sources {
        let _ = writeln!(
            s,
            "<li>{} — {}</li>",
            escape(name),
            d.map_or_else(
                || "no article date".to_owned(),
                |d| d.format("%-d %b %Y").to_string()
            )
        );
    }
    s.push_str("</ul>\n<p class=\"hint\">→, Space or a click: next · ←: back · Home / End · the address ends in #N for slide N</p>\n");
    let _ = writeln!(s, "<footer>{}</footer>\n</section>", escape(ATTRIBUTION));

    // One slide per event.
    let many = table.sources.len() > 1;
    for (n, e) in shown.iter().enumerate() {
        let colour = hex(event_rgb(Some(e.kind), false));
        let _ = writeln!(s, "<section class=\"slide\" id=\"slide-{}\">", n + 2);
        let mut meta = vec![date_range(e.begin, e.end.or(e.begin))];
        meta.push(e.place.as_ref().map_or_else(
            || "no place given".to_owned(),
            |p| match (&p.country_name, p.kind) {
                (Some(c), k) if k != crate::gazetteer::PlaceKind::Country => {
                    format!("{}, {c}", p.name)
                }
                _ => p.name.clone(),
            },
        ));
        if let Some(f) = e.fatalities {
            meta.push(format!("{f} dead"));
        }
        if many {
            meta.push(e.source.clone());
        }
        let kind = match e.status {
            crate::events::Status::Happened => e.kind.label().to_owned(),
            st => format!("{} ({})", e.kind.label(), st.id()),
        };
        let _ = writeln!(
            s,
            "<div class=\"top\"><div class=\"meta\"><span class=\"dot\" style=\"background:{colour}\"></span><b>{}</b> · {}</div><div class=\"count\">{} of {}</div></div>",
            escape(&kind),
            escape(&meta.join(" · ")),
            n + 1,
            shown.len()
        );
        // The map of this event's region with its place, and the one the story came from
        // (when that is on the same map).
        let region = region_of[n];
        let _ = write!(
            s,
            r##"<figure><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w:.0} {h:.0}" width="{w:.0}" height="{h:.0}" role="img" aria-label="Map"><use href="#{}"/>"##,
            map_id(region)
        );
        let inside = |(x, y): (f64, f64)| (0.0..=w).contains(&x) && (0.0..=h).contains(&y);
        let before = n
            .checked_sub(1)
            .filter(|&m| place_key(shown[m]).is_some() && place_key(shown[m]) != place_key(e));
        let xy = map_points(
            table_of(region),
            &o,
            &[
                latlon(e),
                before.map_or((f64::NAN, f64::NAN), |m| latlon(shown[m])),
            ],
        );
        let here = xy[0];
        let prev = before.map(|m| (m, xy[1]));
        if let Some((m, from)) = prev
            && inside(from)
        {
            let name = shown[m].place.as_ref().map_or("", |p| p.name.as_str());
            let _ = write!(
                s,
                r##"<circle cx="{:.1}" cy="{:.1}" r="9" fill="#4a515a" fill-opacity="0.25" stroke="#4a515a" stroke-width="2"/><text x="{:.1}" y="{:.1}" font-size="16" fill="#4a515a" stroke="#fff" stroke-width="4" paint-order="stroke">{}</text>"##,
                from.0,
                from.1,
                from.0 + 13.0,
                from.1 + 5.0,
                escape(name)
            );
            if inside(here) {
                let (dx, dy) = (here.0 - from.0, here.1 - from.1);
                let len = dx.hypot(dy);
                if len > 30.0 {
                    let (ux, uy) = (dx / len, dy / len);
                    let (ax, ay) = (from.0 + ux * 12.0, from.1 + uy * 12.0);
                    let (bx, by) = (here.0 - ux * 22.0, here.1 - uy * 22.0);
                    let (cx, cy) = (
                        (ax + bx) / 2.0 - uy * len * 0.15,
                        (ay + by) / 2.0 + ux * len * 0.15,
                    );
                    let _ = write!(
                        s,
                        r##"<path d="M{ax:.1},{ay:.1} Q{cx:.1},{cy:.1} {bx:.1},{by:.1}" fill="none" stroke="#4a515a" stroke-width="3" marker-end="url(#arrowhead)"/>"##
                    );
                }
            }
        }
        if let Some(p) = &e.place
            && inside(here)
        {
            let _ = write!(
                s,
                r##"<g class="here"><circle cx="{x:.1}" cy="{y:.1}" r="30" fill="{colour}" fill-opacity="0.25"/><circle cx="{x:.1}" cy="{y:.1}" r="13" fill="{colour}" stroke="#fff" stroke-width="3"/><text x="{tx:.1}" y="{ty:.1}" font-size="24" font-weight="bold" fill="#101216" stroke="#fff" stroke-width="5" paint-order="stroke">{name}</text></g>"##,
                x = here.0,
                y = here.1,
                tx = here.0 + 20.0,
                ty = here.1 + 8.0,
                name = escape(&p.name)
            );
        }
        s.push_str("</svg></figure>\n");
        let _ = writeln!(
            s,
            "<p class=\"caption\">{}</p>",
            highlighted(&clip(&e.sentence, &e.trigger), &e.trigger)
        );
        if !e.actors.is_empty() {
            let _ = writeln!(
                s,
                "<p class=\"actors\">Actors: {}</p>",
                escape(&e.actors.join(" · "))
            );
        }
        s.push_str(&strip(extent, e.begin, &colour));
        s.push_str("\n</section>\n");
    }
    let _ = write!(s, "<script>{SCRIPT}</script>\n</body>\n</html>\n");
    s
}

/// A sentence cut around its trigger when it is very long (a line of 100,000 characters).
fn clip(sentence: &str, trigger: &str) -> String {
    const KEEP: usize = crate::view::present::CAPTION_CONTEXT;
    if sentence.chars().count() <= 2 * KEEP + trigger.chars().count() {
        return sentence.to_owned();
    }
    let (at, len) = match (!trigger.is_empty())
        .then(|| sentence.find(trigger))
        .flatten()
    {
        Some(i) => (i, trigger.len()),
        None => (0, 0),
    };
    let before = &sentence[..at];
    let after = &sentence[at + len..];
    let b_chars = before.chars().count();
    let start = before
        .char_indices()
        .nth(b_chars.saturating_sub(KEEP))
        .map_or(0, |(i, _)| i);
    let end = after
        .char_indices()
        .nth(KEEP)
        .map_or(after.len(), |(i, _)| i);
    format!(
        "{}{}{}{}{}",
        if start > 0 { "…" } else { "" },
        &before[start..],
        &sentence[at..at + len],
        &after[..end],
        if end < after.len() { "…" } else { "" }
    )
}

const STRIP_W: f64 = 1200.0;
const STRIP_PAD: f64 = 130.0;

fn strip_x(d: NaiveDate, (first, last): (NaiveDate, NaiveDate)) -> f64 {
    let span = (last - first).num_days().max(1) as f64;
    STRIP_PAD + (d - first).num_days() as f64 / span * (STRIP_W - 2.0 * STRIP_PAD)
}

/// Every dated event's tick on the strip (drawn once, used by every slide).
fn strip_dots(rows: &[&EventRow], extent: Option<(NaiveDate, NaiveDate)>) -> String {
    let Some(ext) = extent else {
        return String::new();
    };
    let mut s = String::new();
    for e in rows {
        if let Some(b) = e.begin {
            let _ = write!(
                s,
                r#"<circle cx="{:.1}" cy="17" r="4" fill="{}" fill-opacity="0.7"/>"#,
                strip_x(b, ext),
                hex(event_rgb(Some(e.kind), false))
            );
        }
    }
    s
}

/// The timeline strip of one slide: the dates at its ends, every event's tick, this one
/// marked.
fn strip(extent: Option<(NaiveDate, NaiveDate)>, here: Option<NaiveDate>, colour: &str) -> String {
    let mut s = format!(
        r##"<svg class="strip" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {STRIP_W:.0} 34" preserveAspectRatio="none" font-size="15" fill="#4a515a">"##
    );
    match extent {
        None => s.push_str(r#"<text x="0" y="22">no dated events</text>"#),
        Some(ext) => {
            let _ = write!(
                s,
                r##"<text x="0" y="22">{}</text><text x="{STRIP_W:.0}" y="22" text-anchor="end">{}</text><line x1="{STRIP_PAD:.0}" y1="17" x2="{:.0}" y2="17" stroke="#9aa2ac" stroke-width="2"/><use href="#strip-dots"/>"##,
                ext.0.format("%-d %b %Y"),
                ext.1.format("%-d %b %Y"),
                STRIP_W - STRIP_PAD
            );
            match here {
                Some(d) => {
                    let x = strip_x(d, ext);
                    let _ = write!(
                        s,
                        r##"<line x1="{x:.1}" y1="1" x2="{x:.1}" y2="33" stroke="#101216" stroke-width="3"/><circle cx="{x:.1}" cy="17" r="8" fill="{colour}" stroke="#fff" stroke-width="2"/>"##
                    );
                }
                None => {
                    let _ = write!(
                        s,
                        r#"<text x="{:.0}" y="12" text-anchor="middle" font-size="12">this event is undated</text>"#,
                        STRIP_W / 2.0
                    );
                }
            }
        }
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::clip;

    #[test]
    fn long_sentences_are_cut_around_the_trigger() {
        let long = format!(
            "{} troops stormed the town {}",
            "a".repeat(1000),
            "b".repeat(1000)
        );
        let c = clip(&long, "stormed");
        assert!(c.starts_with('…') && c.ends_with('…'), "{c}");
        assert!(c.contains("troops stormed the town"));
        assert!(c.chars().count() < 470, "{}", c.chars().count());
        assert_eq!(clip("Troops stormed it.", "stormed"), "Troops stormed it.");
        // A trigger the sentence does not contain: the start is kept.
        let c = clip(&"é".repeat(2000), "x");
        assert!(c.ends_with('…') && !c.starts_with('…'));
    }
}
