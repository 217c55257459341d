//! The story page (`sitrep export … -o story.story.html`): a title slide and one slide per
//! event in the timeline's order, each a `section.slide` with the map, the caption with
//! the trigger marked and the strip; self-contained; 0 events give a title slide that
//! says so, 5,000 a page capped at [`MAX_SLIDES`] that says so; and in headless Chromium
//! `#N` opens slide N, slides 1 and 4 render differently, nothing is fetched.

use sitrep::analysis::{Analysis, DateHint};
use sitrep::export::story::{MAX_SLIDES, story_html};
use sitrep::export::{Filter, Format, Source, Table};
use sitrep::gazetteer::Gazetteer;
use sitrep::map::Basemap;

const SAMPLE: &str = include_str!("../../assets/sample-dispatch.txt");

fn table_of(texts: &[(&str, &str)]) -> Table {
    let gaz = Gazetteer::bundled().unwrap();
    let analyses: Vec<Analysis> = texts
        .iter()
        .map(|(name, text)| Analysis::run(*name, (*text).to_owned(), DateHint::Detect, None, &gaz))
        .collect();
    let sources: Vec<Source<'_>> = texts
        .iter()
        .zip(&analyses)
        .map(|((name, _), a)| Source { name, analysis: a })
        .collect();
    Table::build(&sources, &gaz, &Filter::default())
}

fn slides(html: &str) -> Vec<&str> {
    html.split("<section class=\"slide")
        .skip(1)
        .map(|s| s.split("</section>").next().unwrap_or(""))
        .collect()
}

#[test]
fn one_slide_per_event_after_the_title_in_time_order() {
    let t = table_of(&[("sample", SAMPLE)]);
    let html = story_html(&t, Basemap::bundled().unwrap(), None);
    let s = slides(&html);
    assert_eq!(
        s.len(),
        t.events.len() + 1,
        "a title slide and one per event"
    );
    assert!(s[0].starts_with(" title\""), "{}", &s[0][..40]);
    assert!(s[0].contains("The story of sample"));
    // Every event's trigger is marked on its slide, and the slides count "n of N".
    let n = t.events.len();
    for (i, slide) in s[1..].iter().enumerate() {
        assert!(
            slide.contains(&format!("{} of {n}", i + 1)),
            "slide {}",
            i + 2
        );
        assert!(
            slide.contains("<mark>"),
            "slide {} marks its trigger",
            i + 2
        );
        assert!(
            slide.contains("<use href=\"#story-map"),
            "slide {} shows a map",
            i + 2
        );
        assert!(slide.contains("class=\"strip\""));
    }
    // Dated slides come in date order, undated last.
    let dates: Vec<Option<&str>> = s[1..]
        .iter()
        .map(|slide| {
            let meta = slide.split("</b> · ").nth(1)?;
            meta.split(" · ").next()
        })
        .collect();
    let undated_from = dates
        .iter()
        .position(|d| *d == Some("undated"))
        .unwrap_or(dates.len());
    assert!(dates[undated_from..].iter().all(|d| *d == Some("undated")));
    // Each map is drawn once; every slide uses one.
    assert_eq!(html.matches("id=\"story-map\"").count(), 1);
    for k in 1..=sitrep::export::story::MAX_REGIONS {
        assert!(html.matches(&format!("id=\"story-map-{k}\"")).count() <= 1);
    }
    // Self-contained: nothing to fetch.
    for bad in [
        "href=\"http",
        " src=",
        "@import",
        "url(http",
        "<link",
        "fetch(",
        "XMLHttpRequest",
    ] {
        assert!(!html.contains(bad), "{bad} in the page");
    }
    // Deterministic.
    assert_eq!(html, story_html(&t, Basemap::bundled().unwrap(), None));
}

/// The map each slide uses (`story-map`, `story-map-1`, ...).
fn map_used(slide: &str) -> &str {
    slide
        .split("<use href=\"#")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap_or("")
}

#[test]
fn a_story_that_moves_between_regions_gets_a_map_for_each() {
    let text = "Published 4 May 2020\n\nTroops shelled Raqqa on 1 May 2020. \
                Talks opened in Geneva on 2 May 2020. \
                Troops shelled Deir ez-Zor on 3 May 2020. \
                The European Union imposed sanctions on Russia on 4 May 2020.";
    let t = table_of(&[("moves", text)]);
    let html = story_html(&t, Basemap::bundled().unwrap(), None);
    let s = slides(&html);
    let places: Vec<&str> = s[1..]
        .iter()
        .map(|slide| slide.split("font-weight=\"bold\"").nth(1).unwrap_or(""))
        .collect();
    assert_eq!(s.len(), 5, "{places:?}");
    // Raqqa and Deir ez-Zor (about 130 km apart) share Syria's map; Geneva has its own;
    // Russia, a country far from both, is too big to zoom to: the story's map.
    let maps: Vec<&str> = s[1..].iter().map(|slide| map_used(slide)).collect();
    assert_eq!(
        maps,
        ["story-map-1", "story-map-2", "story-map-1", "story-map"],
        "{places:?}"
    );
    assert!(s[4].contains("sanctions"), "{}", s[4]);
    assert_eq!(html.matches("id=\"story-map-1\"").count(), 1);
    assert_eq!(html.matches("id=\"story-map-2\"").count(), 1);
    // Geneva is not on Syria's map, so no arrow comes from it to Deir ez-Zor.
    assert!(!s[3].contains("marker-end"), "{}", s[3]);
    // One region: the story's map on every slide.
    let t = table_of(&[(
        "syria",
        "Published 4 May 2020\n\nTroops shelled Raqqa on 1 May 2020. Troops shelled Deir ez-Zor on 3 May 2020.",
    )]);
    let html = story_html(&t, Basemap::bundled().unwrap(), None);
    let maps: Vec<String> = slides(&html)[1..]
        .iter()
        .map(|s| map_used(s).to_owned())
        .collect();
    assert_eq!(maps, ["story-map", "story-map"]);
    assert!(!html.contains("story-map-1"));
}

#[test]
fn a_story_without_dates_says_so_on_its_title() {
    let t = table_of(&[("undated", "Troops shelled Raqqa. Aid reached Mosul.")]);
    assert!(t.events.iter().all(|e| e.begin.is_none()), "{:?}", t.events);
    let html = story_html(&t, Basemap::bundled().unwrap(), None);
    let title = slides(&html)[0];
    assert!(
        title.contains("None of the events has a date: they come in the order of the text."),
        "{title}"
    );
}

#[test]
fn no_events_give_a_title_slide_that_says_so() {
    let t = table_of(&[("quiet", "Published 3 May 2020\n\nThe weather was fine.")]);
    assert!(t.events.is_empty());
    let html = story_html(&t, Basemap::bundled().unwrap(), None);
    let s = slides(&html);
    assert_eq!(s.len(), 1);
    assert!(s[0].contains("No events were found"), "{}", s[0]);
}

#[test]
fn five_thousand_events_are_capped_and_the_page_says_so() {
    let sentence = "Troops shelled Raqqa on 3 May 2020. ";
    let text = format!("Published 4 May 2020\n\n{}", sentence.repeat(5000));
    let t = table_of(&[("many", &text)]);
    assert!(t.events.len() >= 5000, "{}", t.events.len());
    let html = story_html(&t, Basemap::bundled().unwrap(), None);
    assert_eq!(slides(&html).len(), MAX_SLIDES + 1);
    assert!(
        html.contains(&format!("The first {MAX_SLIDES} of 5,000 are shown")),
        "the cap is stated"
    );
    assert!(html.len() < 3_000_000, "{} bytes", html.len());
}

#[test]
fn a_sentence_of_100000_characters_is_cut_around_its_trigger() {
    let long = format!(
        "Published 4 May 2020\n\n{} troops shelled Raqqa on 3 May 2020 {}.",
        "word ".repeat(10_000),
        "more ".repeat(10_000)
    );
    let t = table_of(&[("long", &long)]);
    let html = story_html(&t, Basemap::bundled().unwrap(), None);
    for s in slides(&html).iter().skip(1) {
        assert!(s.len() < 20_000, "a slide of {} bytes", s.len());
    }
}

#[test]
fn the_format_is_story_by_name_and_extension() {
    assert_eq!(Format::from_id("story"), Some(Format::Story));
    assert_eq!(
        Format::from_path(std::path::Path::new("a/b.story.html")),
        Some(Format::Story)
    );
    assert_eq!(
        Format::from_path(std::path::Path::new("a/b.html")),
        Some(Format::Html)
    );
    assert_eq!(Format::Story.extension(), "story.html");
}

fn chromium() -> Option<&'static str> {
    let found = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|c| {
            std::process::Command::new(c)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        });
    if found.is_none() {
        assert!(
            std::env::var("SITREP_CI").as_deref() != Ok("1"),
            "SITREP_CI=1 but Chromium is not installed (apt-get install chromium)"
        );
        eprintln!("note: chromium not found, the story page's Chromium test skipped");
    }
    found
}

/// Chromium, headless and offline (every host name unresolvable), on `url`, with `extra`.
fn run_chromium(chromium: &str, profile: &std::path::Path, extra: &[String], url: &str) -> String {
    let out = std::process::Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--window-size=1280,720",
            "--virtual-time-budget=2000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(url)
        .output()
        .expect("running chromium");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn png_pixels(path: &std::path::Path) -> Vec<u8> {
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(path).expect("a screenshot"),
    ));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!((info.width, info.height), (1280, 720));
    buf.truncate(info.buffer_size());
    buf
}

#[test]
fn the_story_steps_by_address_in_chromium_and_fetches_nothing() {
    let Some(chromium) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let html_path = dir.path().join("sample.story.html");
    let t = table_of(&[("sample", SAMPLE)]);
    assert!(t.events.len() >= 4);
    std::fs::write(
        &html_path,
        story_html(&t, Basemap::bundled().unwrap(), None),
    )
    .unwrap();
    let url = |n: usize| format!("file://{}#{n}", html_path.display());

    // `#4` opens slide 4: the script shows it and only it.
    let net_log = dir.path().join("net.json");
    let dom = run_chromium(
        chromium,
        &dir.path().join("p0"),
        &[
            "--dump-dom".to_owned(),
            format!("--log-net-log={}", net_log.display()),
        ],
        &url(4),
    );
    assert!(
        dom.contains("class=\"slide current\" id=\"slide-4\""),
        "slide 4 is shown: {}",
        dom.lines()
            .filter(|l| l.contains("current"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert_eq!(dom.matches(" current\"").count(), 1, "one slide shown");
    // Nothing fetched: every host in the network log is one of Chromium's own services
    // (it asks google.com for the time and accounts with any page, even offline).
    if let Ok(log) = std::fs::read_to_string(&net_log) {
        for scheme in ["\"http://", "\"https://", "\"ws://", "\"wss://"] {
            for hit in log.split(scheme).skip(1) {
                let host: String = hit
                    .chars()
                    .take_while(|c| !matches!(c, '/' | '"' | ' ' | ':' | '\\'))
                    .collect();
                assert!(
                    host.ends_with("google.com") || host == "~notfound",
                    "the page fetched from {host}"
                );
            }
        }
    }

    // Slides 1 and 4 render differently.
    let mut shots = Vec::new();
    for n in [1, 4] {
        let png = dir.path().join(format!("slide{n}.png"));
        run_chromium(
            chromium,
            &dir.path().join(format!("p{n}")),
            &[format!("--screenshot={}", png.display())],
            &url(n),
        );
        if let Ok(keep) = std::env::var("SITREP_KEEP_PNG") {
            std::fs::copy(&png, format!("{keep}.slide{n}.png")).unwrap();
        }
        shots.push(png_pixels(&png));
    }
    let differ = shots[0]
        .chunks(4)
        .zip(shots[1].chunks(4))
        .filter(|(a, b)| a != b)
        .count();
    assert!(
        differ > 1280 * 720 / 10,
        "slides 1 and 4 look different ({differ} pixels differ)"
    );
    // Slide 4 has a map: many colours.
    let colours: std::collections::HashSet<&[u8]> = shots[1].chunks(4).collect();
    assert!(colours.len() > 200, "{} colours on slide 4", colours.len());
}
