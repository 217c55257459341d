//! Present mode's screen: the map large, the current event's caption in large type with
//! the trigger highlighted, its type, date, place, actors and dispatch, a slim timeline
//! strip with the current event marked, "5 of 23", and play with its pause. Paints the
//! story [`crate::view::present`] builds and returns commands; the app keeps which slide
//! is shown and flies the map.

use egui::{
    Align, Align2, Color32, FontId, Layout, Pos2, Rect, RichText, Sense, Stroke, Vec2, pos2, vec2,
};

use crate::gazetteer::{Gazetteer, PlaceId};
use crate::map::LatLon;
use crate::map::view::{MapView, Viewport};
use crate::view::present::{Go, Slide, Story};

use super::basemap::{Basemap as _, Frame, NaturalEarth};
use super::theme::Stage;
use super::{Command, Palette};

/// What the present screen shows this frame.
pub struct PresentView<'a> {
    pub story: &'a Story,
    pub index: usize,
    pub playing: bool,
    /// Seconds play stays on a slide.
    pub pause: f32,
    pub gaz: &'a Gazetteer,
    pub palette: Palette,
    pub basemap: &'a NaturalEarth,
    /// Whether the window is cleared to the stage's colour before painting (the native
    /// window does, see `SitrepApp::clear_color`): the bar and caption then fill nothing,
    /// which spares a software renderer a fifth of each frame. Test renderers clear to
    /// transparent and leave it false.
    pub stage_cleared: bool,
    /// The map is flying to the slide's place.
    pub flying: bool,
}

/// The whole window in present mode, one frame.
#[must_use]
pub fn show(
    ui: &mut egui::Ui,
    p: &PresentView<'_>,
    map: &MapView,
    map_size: &mut [f32; 2],
) -> (Vec<Command>, egui::Rect) {
    let mut out = Vec::new();
    let stage = Stage::get(p.palette.dark);
    let slide = p.story.slides.get(p.index);
    let fill = if p.stage_cleared {
        egui::Color32::TRANSPARENT
    } else {
        stage.bg
    };
    let frame = egui::Frame::new()
        .fill(fill)
        .inner_margin(egui::Margin::symmetric(18, 8));
    egui::Panel::top("present_bar")
        .frame(frame)
        .show_separator_line(false)
        .show(ui, |ui| bar(ui, p, &stage, &mut out));
    egui::Panel::bottom("present_caption")
        .frame(frame.inner_margin(egui::Margin {
            left: 28,
            right: 28,
            top: 10,
            bottom: 10,
        }))
        .show_separator_line(false)
        .show(ui, |ui| {
            match slide {
                Some(s) => caption(ui, p, s, &stage),
                None => {
                    ui.label(
                        RichText::new(format!(
                            "No events to present in {}. Esc leaves present mode.",
                            sources(p.story)
                        ))
                        .size(stage.caption_small)
                        .color(stage.text),
                    );
                }
            }
            ui.add_space(6.0);
            strip(ui, p, &stage, &mut out);
        });
    // No fill: the basemap paints the sea itself, only where the relief leaves it showing.
    let map_rect = egui::CentralPanel::default()
        .frame(egui::Frame::NONE)
        .show(ui, |ui| paint_map(ui, p, &stage, map, map_size))
        .response
        .rect;
    (out, map_rect)
}

/// The dispatches told, for the screen: "raqqa.txt", "3 dispatches".
fn sources(story: &Story) -> String {
    match story.sources.as_slice() {
        [] => "no dispatch".to_owned(),
        [one] => one.clone(),
        many => format!("{} dispatches", many.len()),
    }
}

/// Title, counter, play, pause and the way out.
fn bar(ui: &mut egui::Ui, p: &PresentView<'_>, stage: &Stage, out: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        ui.label(
            RichText::new(sources(p.story))
                .size(stage.meta)
                .strong()
                .color(stage.text),
        );
        if let Some(note) = p.story.undated_note() {
            ui.label(
                RichText::new(format!("· {note}"))
                    .size(stage.small)
                    .color(stage.muted),
            );
        }
        ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
            let exit = ui.button(RichText::new("Exit").size(stage.small + 2.0));
            if exit.on_hover_text("Leave present mode (Esc)").clicked() {
                out.push(Command::Present(false));
            }
            let save = ui.button(RichText::new("Save slide").size(stage.small + 2.0));
            if save
                .on_hover_text("This slide as a PNG image, as it is on the screen")
                .clicked()
            {
                out.push(Command::CaptureDialog(crate::ui::Capture::Window));
            }
            ui.add_space(12.0);
            ui.label(
                RichText::new(p.story.counter(p.index))
                    .size(stage.counter)
                    .strong()
                    .color(stage.text),
            );
            ui.add_space(12.0);
            let mut pause = p.pause;
            let drag = egui::DragValue::new(&mut pause)
                .range(0.0..=crate::view::present::MAX_PAUSE)
                .speed(0.1)
                .fixed_decimals(1)
                .suffix(" s");
            if ui
                .add(drag)
                .on_hover_text("How long play stays on each event, once the map has arrived")
                .changed()
            {
                out.push(Command::PresentPause(pause));
            }
            ui.label(RichText::new("pause").size(stage.small).color(stage.muted));
            let label = if p.playing { "Pause" } else { "Play" };
            if ui
                .add_enabled(
                    p.story.len() > 1,
                    egui::Button::new(RichText::new(label).size(stage.small + 2.0)),
                )
                .on_hover_text("Step through the events by themselves")
                .clicked()
            {
                out.push(Command::PresentPlay(!p.playing));
            }
            for (text, go, tip) in [
                ("Next", Go::Next, "Next event (→, Space, PageDown)"),
                ("Back", Go::Back, "Previous event (←, PageUp)"),
            ] {
                if ui
                    .button(RichText::new(text).size(stage.small + 2.0))
                    .on_hover_text(tip)
                    .clicked()
                {
                    out.push(Command::PresentGo(go));
                }
            }
        });
    });
}

/// Type, date, place and dispatch; the sentence with its trigger; the actors.
fn caption(ui: &mut egui::Ui, p: &PresentView<'_>, s: &Slide, stage: &Stage) {
    let colour = p.palette.event(Some(s.kind));
    ui.horizontal_wrapped(|ui| {
        let (r, _) = ui.allocate_exact_size(Vec2::splat(stage.meta), Sense::hover());
        ui.painter()
            .circle_filled(r.center(), stage.meta * 0.4, colour);
        ui.label(
            RichText::new(s.type_label())
                .size(stage.meta)
                .strong()
                .color(stage.text),
        );
        let mut meta = vec![s.date_label()];
        meta.push(
            s.place
                .as_ref()
                .map_or_else(|| "no place given".to_owned(), |pl| pl.label()),
        );
        if let Some(n) = s.fatalities {
            meta.push(format!("{n} dead"));
        }
        if p.story.interleaved() {
            meta.push(s.source.clone());
        }
        ui.label(
            RichText::new(format!("·  {}", meta.join("  ·  ")))
                .size(stage.meta)
                .color(stage.muted),
        );
    });
    ui.add_space(4.0);
    let size = if s.caption().chars().count() > 180 {
        stage.caption_small
    } else {
        stage.caption
    };
    let font = FontId::proportional(size);
    let mut job = egui::text::LayoutJob::default();
    let plain = egui::TextFormat {
        font_id: font.clone(),
        color: stage.text,
        ..Default::default()
    };
    job.append(&s.before, 0.0, plain.clone());
    job.append(
        &s.trigger,
        0.0,
        egui::TextFormat {
            font_id: font,
            color: stage.trigger,
            background: stage.trigger_bg,
            underline: Stroke::new(2.0, colour),
            ..Default::default()
        },
    );
    job.append(&s.after, 0.0, plain);
    job.wrap.max_width = ui.available_width();
    ui.add(egui::Label::new(job).wrap());
    if !s.actors.is_empty() {
        ui.label(
            RichText::new(format!("Actors: {}", s.actors.join(" · ")))
                .size(stage.small + 3.0)
                .color(stage.muted),
        );
    }
}

/// The slim timeline strip: every dated event a tick in its colour, the current one
/// marked; a click goes to the event nearest it.
fn strip(ui: &mut egui::Ui, p: &PresentView<'_>, stage: &Stage, out: &mut Vec<Command>) {
    let height = 34.0;
    let (rect, resp) = ui.allocate_exact_size(vec2(ui.available_width(), height), Sense::click());
    super::label_widget(&resp, egui::Role::Group, "Timeline strip");
    let painter = ui.painter_at(rect);
    let Some((first, last)) = p.story.extent() else {
        painter.text(
            rect.left_center(),
            Align2::LEFT_CENTER,
            "no dated events",
            FontId::proportional(stage.small),
            stage.muted,
        );
        return;
    };
    let font = FontId::proportional(stage.small);
    let first_label = crate::view::timeline::date(first)
        .map(|d| d.format("%-d %b %Y").to_string())
        .unwrap_or_default();
    let last_label = crate::view::timeline::date(last - 1.0)
        .map(|d| d.format("%-d %b %Y").to_string())
        .unwrap_or_default();
    let left = painter.text(
        rect.left_center(),
        Align2::LEFT_CENTER,
        &first_label,
        font.clone(),
        stage.muted,
    );
    let right = painter.text(
        rect.right_center(),
        Align2::RIGHT_CENTER,
        &last_label,
        font,
        stage.muted,
    );
    let (x0, x1) = (left.max.x + 14.0, right.min.x - 14.0);
    let y = rect.center().y;
    painter.line_segment([pos2(x0, y), pos2(x1, y)], Stroke::new(2.0, stage.strip));
    let span = (last - first).max(1.0);
    let x_of = |day: f64| x0 + ((day - first) / span) as f32 * (x1 - x0).max(1.0);
    let mut current = None;
    for (i, s) in p.story.slides.iter().enumerate() {
        let Some(b) = s.begin else { continue };
        let x = x_of(crate::view::timeline::day(b) + 0.5);
        if i == p.index {
            current = Some((x, s.kind));
        } else {
            painter.circle_filled(
                pos2(x, y),
                4.0,
                p.palette.event(Some(s.kind)).gamma_multiply(0.7),
            );
        }
    }
    if let Some((x, kind)) = current {
        painter.line_segment(
            [pos2(x, rect.top() + 2.0), pos2(x, rect.bottom() - 2.0)],
            Stroke::new(3.0, stage.text),
        );
        painter.circle(
            pos2(x, y),
            8.0,
            p.palette.event(Some(kind)),
            Stroke::new(2.0, stage.bg),
        );
    }
    if resp.clicked()
        && let Some(at) = resp.interact_pointer_pos()
    {
        let nearest = p
            .story
            .slides
            .iter()
            .enumerate()
            .filter_map(|(i, s)| {
                s.begin
                    .map(|b| (i, (x_of(crate::view::timeline::day(b) + 0.5) - at.x).abs()))
            })
            .min_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((i, _)) = nearest {
            out.push(Command::PresentGo(Go::To(i)));
        }
    }
}

/// The map: the basemap, every place of the story faintly, the place the story came from
/// with an arrow, the current place large with its name; a legend of the story's types.
fn paint_map(
    ui: &mut egui::Ui,
    p: &PresentView<'_>,
    stage: &Stage,
    view: &MapView,
    map_size: &mut [f32; 2],
) {
    let (rect, resp) = ui.allocate_exact_size(ui.available_size(), Sense::hover());
    let slide = p.story.slides.get(p.index);
    let label = match slide.and_then(|s| s.place.as_ref()) {
        Some(pl) => format!("Map: {}", pl.name),
        None => "Map".to_owned(),
    };
    super::label_widget(&resp, egui::Role::Group, &label);
    *map_size = [rect.width().max(1.0), rect.height().max(1.0)];
    if rect.width() < 8.0 || rect.height() < 8.0 {
        return;
    }
    let vp = Viewport::new(rect.width(), rect.height());
    let painter = ui.painter_at(rect);
    let pal = p.palette;
    let countries: Vec<String> = p
        .story
        .slides
        .iter()
        .filter_map(|s| s.place.as_ref())
        .filter_map(|pl| p.gaz.get(pl.id).and_then(|g| g.country))
        .map(str::to_owned)
        .collect();
    let mentioned: Vec<&str> = countries.iter().map(String::as_str).collect();
    let frame = Frame {
        rect,
        view,
        palette: &pal,
        mentioned: &mentioned,
        moving: p.flying,
    };
    p.basemap.paint(&painter, &frame);
    let to = |lat: f64, lon: f64| -> Pos2 {
        let s = view.to_screen(LatLon::new(lat, lon), vp);
        rect.min + vec2(s.x, s.y)
    };
    let mut taken: Vec<Rect> = Vec::new();
    // Every place of the story, faint.
    let mut seen: Vec<PlaceId> = Vec::new();
    for s in &p.story.slides {
        let Some(pl) = &s.place else { continue };
        if seen.contains(&pl.id) {
            continue;
        }
        seen.push(pl.id);
        let c = to(pl.lat, pl.lon);
        if rect.expand(10.0).contains(c) {
            painter.circle(
                c,
                5.0,
                pal.event(Some(s.kind)).gamma_multiply(0.45),
                Stroke::new(1.0, stage.halo),
            );
            taken.push(Rect::from_center_size(c, Vec2::splat(10.0)));
        }
    }
    let place_font = FontId::proportional(stage.place);
    if let Some(s) = slide
        && let Some(here) = &s.place
    {
        let colour = pal.event(Some(s.kind));
        let c = to(here.lat, here.lon);
        if let Some(from) = p.story.came_from(p.index) {
            let f = to(from.lat, from.lon);
            painter.circle(
                f,
                stage.marker * 0.7,
                stage.muted.gamma_multiply(0.35),
                Stroke::new(2.0, stage.muted.gamma_multiply(0.7)),
            );
            super::map::paint_arrow(&painter, f, c, stage.muted.gamma_multiply(0.8));
            let r = name_label(
                &painter,
                f,
                stage.marker,
                &from.name,
                FontId::proportional(stage.small + 2.0),
                stage.muted,
                stage,
            );
            taken.push(r);
        }
        painter.circle_filled(c, stage.marker * 2.2, colour.gamma_multiply(0.25));
        painter.circle(c, stage.marker, colour, Stroke::new(3.0, stage.bg));
        taken.push(Rect::from_center_size(c, Vec2::splat(stage.marker * 4.4)));
        let r = name_label(
            &painter,
            c,
            stage.marker * 1.6,
            &here.name,
            place_font,
            stage.text,
            stage,
        );
        taken.push(r);
    }
    legend(&painter, p, stage, rect, &mut taken);
    p.basemap.paint_names(&painter, &frame, p.gaz, &mut taken);
    painter.text(
        rect.right_bottom() - vec2(8.0, 6.0),
        Align2::RIGHT_BOTTOM,
        crate::export::svg::ATTRIBUTION,
        FontId::proportional(11.0),
        stage.muted,
    );
}

/// A name to the right of a marker, on a halo; returns where it went.
fn name_label(
    painter: &egui::Painter,
    at: Pos2,
    gap: f32,
    name: &str,
    font: FontId,
    colour: Color32,
    stage: &Stage,
) -> Rect {
    let galley = painter.layout_no_wrap(name.to_owned(), font, colour);
    let pos = at + vec2(gap + 4.0, -galley.size().y / 2.0);
    let r = Rect::from_min_size(pos, galley.size()).expand(3.0);
    painter.rect_filled(r, 4.0, stage.halo);
    painter.galley(pos, galley, colour);
    r
}

/// The story's event types and their colours, in a box at the map's bottom left.
fn legend(
    painter: &egui::Painter,
    p: &PresentView<'_>,
    stage: &Stage,
    rect: Rect,
    taken: &mut Vec<Rect>,
) {
    let mut kinds: Vec<crate::events::EventType> = Vec::new();
    for s in &p.story.slides {
        if !kinds.contains(&s.kind) {
            kinds.push(s.kind);
        }
    }
    kinds.sort();
    if kinds.is_empty() {
        return;
    }
    const MAX: usize = 6;
    let more = kinds.len().saturating_sub(MAX);
    let line = stage.small + 6.0;
    let rows = kinds.len().min(MAX) + usize::from(more > 0);
    let width = 190.0;
    let height = line * rows as f32 + 10.0;
    let r = Rect::from_min_size(
        pos2(rect.left() + 10.0, rect.bottom() - height - 10.0),
        vec2(width, height),
    );
    painter.rect_filled(r, 6.0, stage.halo);
    let font = FontId::proportional(stage.small);
    for (i, k) in kinds.iter().take(MAX).enumerate() {
        let y = r.top() + 5.0 + line * (i as f32 + 0.5);
        painter.circle_filled(pos2(r.left() + 14.0, y), 6.0, p.palette.event(Some(*k)));
        painter.text(
            pos2(r.left() + 28.0, y),
            Align2::LEFT_CENTER,
            k.label(),
            font.clone(),
            stage.text,
        );
    }
    if more > 0 {
        let y = r.top() + 5.0 + line * (MAX as f32 + 0.5);
        painter.text(
            pos2(r.left() + 28.0, y),
            Align2::LEFT_CENTER,
            format!("and {more} more"),
            font,
            stage.muted,
        );
    }
    taken.push(r);
}
