//! Present mode, driven headless through egui_kittest: F5 and the "Present" button enter
//! it on the first event (in the timeline's order), → / Space / PageDown step forward, ←
//! back, End and Home jump, Esc leaves and gives the map its view back; the caption shows
//! the event's sentence; the map flies towards the event's place; play moves on by itself.

use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use sitrep::app::{Command, Config, SitrepApp};
use sitrep::gazetteer::Gazetteer;
use sitrep::map::LatLon;
use sitrep::view::present::Go;

fn harness() -> Harness<'static, SitrepApp> {
    let g = Gazetteer::bundled().expect("bundled gazetteer");
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 720.0))
        // Frames at 60 a second of egui time, so a flight takes some 40 to 100 of them.
        .with_step_dt(1.0 / 60.0)
        .allow_missing_glyphs()
        .build_eframe(move |cc| {
            SitrepApp::from_session(&cc.egui_ctx, g.clone(), Config::headless(&g), None)
        });
    h.run_steps(3);
    h
}

fn index(h: &Harness<'static, SitrepApp>) -> usize {
    h.state()
        .present
        .as_ref()
        .expect("present mode is on")
        .index
}

/// The current slide's caption.
fn caption(h: &Harness<'static, SitrepApp>) -> String {
    let p = h.state().present.as_ref().expect("present mode is on");
    p.story.slides[p.index].caption()
}

/// Lets the flight finish (it lasts at most 1.6 s of egui time).
fn land(h: &mut Harness<'static, SitrepApp>) {
    for _ in 0..140 {
        h.step();
    }
}

/// How far the map's centre is from `p`, in degrees.
fn off(h: &Harness<'static, SitrepApp>, p: LatLon) -> f64 {
    let c = h.state().map.center;
    (c.lat - p.lat).hypot(c.lon - p.lon)
}

#[test]
fn f5_enters_and_keys_step_through_the_events_in_time_order() {
    let mut h = harness();
    let before = h.state().map;
    let events = h.state().analysis().expect("the sample").events.len();
    assert!(events >= 5, "{events}");
    h.key_press(Key::F5);
    h.run_steps(2);
    assert_eq!(index(&h), 0);
    let story = h.state().present.as_ref().unwrap().story.clone();
    assert_eq!(story.len(), events, "every event is a slide");
    // The timeline's order: dated events by date, undated last.
    let dates: Vec<_> = story.slides.iter().map(|s| s.begin).collect();
    let dated: Vec<_> = dates.iter().flatten().collect();
    assert!(dated.windows(2).all(|w| w[0] <= w[1]), "{dates:?}");
    assert!(
        dates
            .iter()
            .skip_while(|d| d.is_some())
            .all(Option::is_none),
        "undated last: {dates:?}"
    );
    // "1 of N" and the caption on screen.
    assert!(
        h.query_by_label(&format!("1 of {events}")).is_some(),
        "the counter"
    );
    assert!(
        h.query_by_label_contains(&story.slides[0].trigger)
            .is_some(),
        "the caption shows the trigger {:?}",
        story.slides[0].trigger
    );

    for key in [Key::ArrowRight, Key::Space, Key::PageDown] {
        let was = index(&h);
        h.key_press(key);
        h.run_steps(2);
        assert_eq!(index(&h), was + 1, "{key:?} steps forward");
    }
    assert_eq!(caption(&h), story.slides[3].caption());
    assert!(h.query_by_label(&format!("4 of {events}")).is_some());
    h.key_press(Key::ArrowLeft);
    h.run_steps(2);
    assert_eq!(index(&h), 2);
    h.key_press(Key::PageUp);
    h.run_steps(2);
    assert_eq!(index(&h), 1);
    h.key_press(Key::End);
    h.run_steps(2);
    assert_eq!(index(&h), events - 1);
    // The last slide stays the last (a clicker pressed once too often).
    h.key_press(Key::ArrowRight);
    h.run_steps(2);
    assert_eq!(index(&h), events - 1);
    h.key_press(Key::Home);
    h.run_steps(2);
    assert_eq!(index(&h), 0);

    h.key_press(Key::Escape);
    h.run_steps(2);
    assert!(h.state().present.is_none(), "Esc leaves");
    assert_eq!(h.state().map, before, "the map's view comes back");
    assert!(h.query_by_label("Open…").is_some(), "the panels are back");
}

#[test]
fn the_map_flies_towards_each_event_s_place() {
    let mut h = harness();
    h.get_by_label("Present").click();
    h.run_steps(2);
    let story = h.state().present.as_ref().unwrap().story.clone();
    // Two slides in a row at different places.
    let i = (1..story.len())
        .find(|&i| story.came_from(i).is_some())
        .expect("the story moves between places");
    let ctx = h.ctx.clone();
    h.state_mut()
        .apply(vec![Command::PresentGo(Go::To(i - 1))], &ctx);
    land(&mut h);
    let from = story.slides[i - 1].place.clone().unwrap();
    let to = story.slides[i].place.clone().unwrap();
    let a = LatLon::new(from.lat, from.lon);
    let b = LatLon::new(to.lat, to.lon);
    let start = off(&h, b);
    h.key_press(Key::ArrowRight);
    h.run_steps(2);
    assert!(
        h.state().present.as_ref().unwrap().flight.is_some(),
        "a flight is under way"
    );
    // Part way, the centre has moved towards the place but not arrived.
    for _ in 0..12 {
        h.step();
    }
    let mid = off(&h, b);
    assert!(mid < start, "moving towards {}: {mid} < {start}", to.name);
    land(&mut h);
    assert!(h.state().present.as_ref().unwrap().flight.is_none());
    let end = off(&h, b);
    assert!(
        end < mid && end < 2.0,
        "arrived near {}: {end} (from {start})",
        to.name
    );
    // Close enough to show the surroundings, not the world.
    assert!(h.state().map.zoom >= 5.0, "{:?}", h.state().map);
    assert!(
        off(&h, a) > 0.0,
        "it came from {}, shown faintly with an arrow",
        from.name
    );
    assert!(
        h.query_by_label(&format!("Map: {}", to.name)).is_some(),
        "the map names the event's place"
    );
    // A new step during a flight starts from where the map is (interruptible).
    h.key_press(Key::ArrowLeft);
    h.run_steps(3);
    h.key_press(Key::ArrowRight);
    h.run_steps(1);
    let f = h.state().present.as_ref().unwrap().flight.expect("flying");
    assert!(f.from != f.to);
}

#[test]
fn play_advances_by_itself_with_the_pause_set() {
    let mut h = harness();
    let ctx = h.ctx.clone();
    h.state_mut().apply(
        vec![
            Command::Present(true),
            Command::PresentPause(0.5),
            Command::PresentPlay(true),
        ],
        &ctx,
    );
    // One flight (at most 1.6 s) and the 0.5 s pause: under 2.2 s of frames at 60 a second.
    for _ in 0..200 {
        h.step();
    }
    assert!(index(&h) >= 1, "play moved on: {}", index(&h));
    h.state_mut().apply(vec![Command::PresentPlay(false)], &ctx);
    let at = index(&h);
    for _ in 0..200 {
        h.step();
    }
    assert_eq!(index(&h), at, "paused");
}

#[test]
fn an_empty_dispatch_presents_a_message_not_a_panic() {
    let mut h = harness();
    let ctx = h.ctx.clone();
    h.state_mut().apply(
        vec![Command::NewDispatch {
            name: "empty.txt".into(),
            text: "Nothing happened here.".into(),
        }],
        &ctx,
    );
    h.run_steps(3);
    h.key_press(Key::F5);
    h.run_steps(3);
    let p = h.state().present.as_ref().expect("present mode");
    assert!(p.story.is_empty());
    assert!(
        h.query_by_label_contains("No events to present").is_some(),
        "it says so"
    );
    h.key_press(Key::ArrowRight);
    h.run_steps(2);
    h.key_press(Key::Escape);
    h.run_steps(2);
    assert!(h.state().present.is_none());
}

#[test]
fn the_map_shows_where_the_story_came_from_when_it_is_near() {
    let mut h = harness();
    let ctx = h.ctx.clone();
    h.state_mut().apply(vec![Command::Present(true)], &ctx);
    h.run_steps(2);
    let story = h.state().present.as_ref().unwrap().story.clone();
    let (i, from) = (1..story.len())
        .find_map(|i| {
            let from = story.came_from(i)?;
            let here = story.slides[i].place.as_ref()?;
            ((from.lat - here.lat).abs() < 5.0 && (from.lon - here.lon).abs() < 8.0)
                .then(|| (i, from.clone()))
        })
        .expect("a move between near places");
    h.state_mut()
        .apply(vec![Command::PresentGo(Go::To(i))], &ctx);
    land(&mut h);
    let app = h.state();
    let vp = sitrep::map::Viewport::new(app.map_size[0], app.map_size[1]);
    let here = story.slides[i].place.as_ref().unwrap();
    for (name, lat, lon) in [
        (&from.name, from.lat, from.lon),
        (&here.name, here.lat, here.lon),
    ] {
        assert!(
            app.map
                .shows(LatLon::new(lat, lon), vp, sitrep::map::Insets::all(2.0)),
            "{name} ({lat}, {lon}) is on the map {:?} of {:?}",
            app.map,
            app.map_size
        );
    }
}
