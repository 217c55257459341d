//! A text snapshot of the view models the app paints for the bundled sample
//! (`assets/sample-dispatch.txt`): map markers and areas, and the timeline.
//! Most regressions of the analysis show up here as a readable diff;
//! refresh with `INSTA_UPDATE=always cargo test --test view_snapshot` after
//! checking the change is wanted.

use std::fmt::Write;

use sitrep::analysis::{Analysis, DateHint};
use sitrep::gazetteer::Gazetteer;
use sitrep::view::map::MapModel;
use sitrep::view::timeline::{LaneBy, TimelineModel};

#[test]
fn sample_view_models() {
    let gaz = Gazetteer::bundled().unwrap();
    let text = include_str!("../../assets/sample-dispatch.txt").to_owned();
    let a = Analysis::run("sample", text, DateHint::Detect, None, &gaz);
    let map = MapModel::build(&a, &gaz);
    let timeline = TimelineModel::build(&a, &gaz, LaneBy::Type);

    let mut out = String::new();
    let _ = writeln!(out, "date {:?} from {:?}", a.date.date, a.date.source);
    let _ = writeln!(out, "focus {:?}", map.focus);
    let _ = writeln!(
        out,
        "\nmarkers (name, country, mentions, events, main event type, flags)"
    );
    for m in &map.markers {
        let _ = writeln!(
            out,
            "  {:24} {:3} {:2} mentions {:2} events {:22} {}{}",
            m.name,
            m.country_code,
            m.mentions,
            m.events,
            m.event_type.map_or("-", |t| t.id()),
            if m.low_confidence {
                "low-confidence "
            } else {
                ""
            },
            if m.figurative { "figurative" } else { "" },
        );
    }
    let _ = writeln!(out, "\nareas (name, kind, mentions, flags)");
    for ar in &map.areas {
        let _ = writeln!(
            out,
            "  {:24} {:10} {:2} mentions {}",
            ar.name,
            ar.kind.label(),
            ar.mentions,
            if ar.figurative { "figurative" } else { "" },
        );
    }
    let _ = writeln!(out, "\narrows {}", map.arrows.len());
    let _ = writeln!(
        out,
        "\ntimeline lanes {:?}, undated {}",
        timeline.lanes, timeline.undated
    );
    for b in &timeline.bars {
        let _ = writeln!(
            out,
            "  lane {:2} {:60} {}{}{}",
            b.lane,
            b.label,
            if b.point { "point" } else { "bar" },
            if b.hollow { " hollow" } else { "" },
            if b.negated { " negated" } else { "" },
        );
    }
    insta::assert_snapshot!(out);
}
