//! Present mode's state: the story being told, the slide shown, the map's flight to it and
//! play. The story and the stepping are [`crate::view::present`]'s; the flight is
//! [`crate::map::Flight`]'s; here they are kept between frames and driven by egui's time.

use std::sync::Arc;

use crate::map::{Flight, MapView};
use crate::view::present::{Go, Part, Story, go};

use super::SitrepApp;

pub use crate::view::present::{DEFAULT_PAUSE, MAX_PAUSE};
/// The closest zoom a flight goes to (a town with the towns around it).
const PRESENT_MAX_ZOOM: f64 = 8.0;
/// The room a flight's target keeps free at the map's edges: the legend (bottom left) and
/// the caption, which may grow by a line or two when the slide changes (the map is
/// measured before the new caption is laid out).
const PRESENT_INSETS: crate::map::Insets = crate::map::Insets {
    left: 60.0,
    right: 60.0,
    top: 48.0,
    bottom: 110.0,
};

/// Present mode, while it is on.
pub struct Presenting {
    pub story: Arc<Story>,
    /// The slide shown.
    pub index: usize,
    /// The map's move to the slide's place, while it lasts.
    pub flight: Option<Flight>,
    /// A flight to start at the end of this frame (when the map has measured itself).
    pub fly_pending: bool,
    pub playing: bool,
    /// Seconds play stays on a slide.
    pub pause: f32,
    /// When play moves on (egui time, seconds).
    pub next_at: Option<f64>,
    /// The map's view before present mode, given back when it ends.
    pub map_before: MapView,
    /// The analyses changed: the story is rebuilt at the next frame.
    pub stale: bool,
    /// The present screen has been laid out, so `map_size` is its map's (a flight waits
    /// for it: the first frame is still the panels' layout).
    pub measured: bool,
}

impl SitrepApp {
    /// The story of what the map shows: the active dispatch, or with all dispatches shown
    /// every unhidden one (their events interleaved in time).
    pub(super) fn build_story(&self) -> Story {
        let parts: Vec<Part<'_>> = self
            .shown_dispatches()
            .filter_map(|d| {
                d.analysis.as_deref().map(|a| Part {
                    dispatch: d.id,
                    name: &d.name,
                    analysis: a,
                })
            })
            .collect();
        Story::build(&parts, &self.gaz)
    }

    /// Enters present mode (full screen) on the first event, or leaves it, giving the map
    /// back its view from before.
    pub(super) fn set_present(&mut self, on: bool, ctx: &egui::Context) {
        match (on, self.present.is_some()) {
            (true, false) => {
                let story = Arc::new(self.build_story());
                self.playing = false;
                self.present = Some(Presenting {
                    story,
                    index: 0,
                    flight: None,
                    fly_pending: true,
                    playing: false,
                    pause: DEFAULT_PAUSE,
                    next_at: None,
                    map_before: self.map,
                    stale: false,
                    measured: false,
                });
                ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(true));
            }
            (false, true) => {
                if let Some(p) = self.present.take() {
                    self.map = p.map_before;
                }
                ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(false));
            }
            _ => {}
        }
    }

    /// Steps to another slide; the map flies there at the end of the frame.
    pub(super) fn present_go(&mut self, to: Go) {
        let Some(p) = &mut self.present else {
            return;
        };
        let next = go(p.index, p.story.len(), to);
        if next != p.index {
            p.index = next;
            p.fly_pending = true;
            p.next_at = None;
        }
    }

    /// One frame of present mode before the panels: the rebuilt story, the flight's view
    /// at `now`, and play moving on.
    pub(super) fn present_tick(&mut self, now: f64, ctx: &egui::Context) {
        if self.present.as_ref().is_some_and(|p| p.stale) {
            let story = Arc::new(self.build_story());
            if let Some(p) = &mut self.present {
                p.index = p.index.min(story.len().saturating_sub(1));
                p.story = story;
                p.stale = false;
                p.fly_pending = true;
            }
        }
        let Some(p) = &mut self.present else {
            return;
        };
        if let Some(f) = p.flight {
            self.map = f.at(now);
            if f.done(now) {
                p.flight = None;
            } else {
                ctx.request_repaint();
            }
        }
        if p.playing && p.flight.is_none() && !p.fly_pending {
            let at = *p.next_at.get_or_insert(now + f64::from(p.pause));
            if now >= at {
                if p.index + 1 >= p.story.len() {
                    p.playing = false;
                    p.next_at = None;
                } else {
                    self.present_go(Go::Next);
                }
                ctx.request_repaint();
            } else {
                ctx.request_repaint_after(std::time::Duration::from_secs_f64(
                    (at - now).clamp(0.01, 60.0),
                ));
            }
        }
    }

    /// Starts the flight to the slide's place once the map has its size for this frame.
    /// An event without a place keeps the map where it is. A flight under way is
    /// interrupted: the new one starts from where the map is now.
    pub(super) fn present_fly(&mut self, now: f64, ctx: &egui::Context) {
        let Some(p) = &mut self.present else {
            return;
        };
        if !p.fly_pending || !p.measured {
            return;
        }
        p.fly_pending = false;
        let Some(bounds) = p.story.target(p.index) else {
            p.flight = None;
            return;
        };
        let vp = crate::map::Viewport::new(self.map_size[0], self.map_size[1]);
        let to = MapView::fit_bounds_within(bounds, vp, PRESENT_INSETS, PRESENT_MAX_ZOOM);
        let from = p.flight.map_or(self.map, |f| f.at(now));
        let flight = Flight::new(from, to, now, vp);
        self.map = flight.at(now);
        p.flight = Some(flight);
        ctx.request_repaint();
    }
}
