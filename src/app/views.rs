//! What the map and the timeline look at: fitting them to what is shown, the view each
//! dispatch keeps, bringing a selection into view, and the sweep through time ("play").

use crate::map::MapView;
use crate::ui;
use crate::view::timeline::TimelineView;
use crate::view::{Item, Selection};

use super::{PLAY_SECONDS_PER_WIDTH, SitrepApp};

impl SitrepApp {
    /// The session's map and timeline view belong to its active dispatch (sessions written
    /// before views were kept per dispatch have only that one); then it is shown.
    pub(super) fn adopt_session_view(&mut self, map: MapView, timeline: TimelineView) {
        if let Some(d) = self.dispatches.get_mut(self.active) {
            d.map_view.get_or_insert(map);
            d.timeline_range = Some((timeline.start, timeline.end));
        }
        self.restore_active_view();
    }

    /// Makes a dispatch the active one. Alone on the map, each dispatch keeps its own view:
    /// the one left is remembered, the one opened comes back where the user left it, or
    /// fitted to its places the first time.
    pub(super) fn activate(&mut self, id: u64) {
        if let Some(i) = self.dispatches.iter().position(|d| d.id == id) {
            if i != self.active {
                self.selection = Selection::default();
                self.panels.text = ui::text::TextState::default();
                self.remember_view();
                self.active = i;
                self.restore_active_view();
            }
            let d = &mut self.dispatches[i];
            if d.fit_pending && !d.analysing() && d.models.is_some() {
                d.fit_pending = false;
                self.fit_map();
                self.fit_timeline();
            }
            self.touch();
        }
    }

    /// Keeps the map's and timeline's view on the active dispatch (alone on the map).
    pub(super) fn remember_view(&mut self) {
        if self.show_all {
            return;
        }
        let (map, range) = (self.map, (self.timeline.start, self.timeline.end));
        if let Some(d) = self.dispatches.get_mut(self.active)
            && !d.fit_pending
        {
            d.map_view = Some(map);
            d.timeline_range = Some(range);
        }
    }

    /// Shows the active dispatch where the user left it; one never shown is fitted when
    /// its analysis is in.
    pub(super) fn restore_active_view(&mut self) {
        if self.show_all {
            return;
        }
        let Some(d) = self.dispatches.get_mut(self.active) else {
            return;
        };
        match d.map_view {
            Some(v) => {
                self.map = v;
                d.fit_pending = false;
                if let Some((start, end)) = d.timeline_range {
                    self.timeline.start = start;
                    self.timeline.end = end;
                } else {
                    d.timeline_fit_pending = true;
                }
            }
            None => d.fit_pending = true,
        }
    }

    /// Fits map and timeline to the active dispatch once its analysis is
    /// in, with this frame's map size (the first frames' size is a guess).
    pub(super) fn fit_when_ready(&mut self, ctx: &egui::Context) {
        let Some(d) = self.dispatches.get_mut(self.active) else {
            return;
        };
        if d.analysing() || d.models.is_none() {
            return;
        }
        if d.fit_pending {
            d.fit_pending = false;
            d.timeline_fit_pending = false;
            self.fit_map();
            self.fit_timeline();
            ctx.request_repaint();
        } else if d.timeline_fit_pending {
            d.timeline_fit_pending = false;
            self.fit_timeline();
            ctx.request_repaint();
        }
    }

    /// Brings the selection's place into view when it is off the map (or under its
    /// controls), moving the map no further than needed.
    pub(super) fn pan_to_selection(&mut self) {
        let place = match self.selection.item {
            Some(Item::Place(id)) => Some(crate::gazetteer::PlaceId(id)),
            _ => self.selection.related.place,
        };
        let Some(p) = place.and_then(|id| self.gaz.get(id)) else {
            return;
        };
        let vp = crate::map::Viewport::new(self.map_size[0], self.map_size[1]);
        self.map.pan_into_view(
            crate::map::LatLon::new(p.lat, p.lon),
            vp,
            ui::map::FIT_INSETS,
        );
    }

    pub(super) fn fit_map(&mut self) {
        let Some(bounds) = self.shown().0.and_then(|m| m.map.bounds()) else {
            return;
        };
        let vp = crate::map::Viewport::new(self.map_size[0], self.map_size[1]);
        self.map = MapView::fit_bounds_within(bounds, vp, ui::map::FIT_INSETS, 9.0);
    }

    pub(super) fn fit_timeline(&mut self) {
        if let Some((a, b)) = self.shown().0.and_then(|m| m.timeline.extent()) {
            self.timeline.fit(a, b);
        }
    }

    /// The data's time range on the timeline (first day, day after the last).
    pub(super) fn time_extent(&mut self) -> Option<(f64, f64)> {
        self.shown().0.and_then(|m| m.timeline.extent())
    }

    /// Starts or pauses the sweep. Without a window, or with one at the end
    /// of the data, it starts from the beginning with a window a fifth of
    /// the time range wide (at least a week).
    pub(super) fn play(&mut self, on: bool) {
        use crate::view::timeline::{date, day};
        self.playing = false;
        if !on {
            return;
        }
        let Some((first, last)) = self.time_extent() else {
            return;
        };
        let width = match (self.filter.from, self.filter.to) {
            (Some(f), Some(t)) => day(t) - day(f),
            _ => ((last - first) / 5.0).max(6.0).floor(),
        };
        let at_end = self.filter.to.is_some_and(|t| day(t) + 1.0 >= last);
        if self.filter.from.is_none() || at_end {
            self.filter.from = date(first);
            self.filter.to = date(first + width);
        }
        self.play_carry = 0.0;
        self.playing = self.filter.from.is_some();
    }

    /// Moves a playing window on by `dt` seconds' worth: its own width every
    /// [`PLAY_SECONDS_PER_WIDTH`] seconds, by whole days; stops at the end.
    pub fn advance_play(&mut self, dt: f32) {
        use crate::view::timeline::{date, day};
        let (Some(from), Some(to)) = (self.filter.from, self.filter.to) else {
            self.playing = false;
            return;
        };
        let Some((_, last)) = self.time_extent() else {
            self.playing = false;
            return;
        };
        let width = (day(to) - day(from) + 1.0).max(1.0);
        self.play_carry += width * f64::from(dt.clamp(0.0, 0.5)) / PLAY_SECONDS_PER_WIDTH;
        let whole = self.play_carry.floor();
        if whole < 1.0 {
            return;
        }
        self.play_carry -= whole;
        let end = (day(to) + whole).min(last - 1.0);
        let start = end - (day(to) - day(from));
        self.filter.from = date(start);
        self.filter.to = date(end);
        if end >= last - 1.0 {
            self.playing = false;
        }
    }
}
