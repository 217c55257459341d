//! The one thing every panel can point at: a typed [`Item`] of the active
//! dispatch, and what it is [`Related`] to (an event's place, a mention's
//! sentence) so every panel highlights the same thing.

use serde::{Deserialize, Serialize};

use crate::analysis::Analysis;
use crate::gazetteer::PlaceId;
use crate::span::Span;

/// Something the user can hover or select. Indices point into the active
/// dispatch's analysis (`places.mentions`, `times`, `events`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Item {
    /// A place mention in the text.
    Mention(usize),
    /// A place on the map (all its mentions).
    Place(u32),
    /// A time expression.
    Time(usize),
    /// An event.
    Event(usize),
    /// A whole dispatch, by its id.
    Dispatch(u64),
}

impl Item {
    #[must_use]
    pub fn place(id: PlaceId) -> Self {
        Item::Place(id.0)
    }

    /// Whether the item still exists in `a` (indices can go stale after a re-analysis).
    #[must_use]
    pub fn is_valid(self, a: &Analysis) -> bool {
        match self {
            Item::Mention(i) => i < a.places.mentions.len(),
            Item::Time(i) => i < a.times.len(),
            Item::Event(i) => i < a.events.len(),
            Item::Place(id) => a
                .places
                .mentions
                .iter()
                .any(|m| m.place == Some(PlaceId(id))),
            Item::Dispatch(_) => true,
        }
    }
}

/// What an item brings along: highlighted together, scrolled to together.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Related {
    /// The place (map marker) to highlight.
    pub place: Option<PlaceId>,
    /// Mentions to highlight in the text.
    pub mentions: Vec<usize>,
    pub times: Vec<usize>,
    pub events: Vec<usize>,
    /// The span to scroll the text to.
    pub anchor: Option<Span>,
}

impl Related {
    /// Everything `item` relates to in `a`. Selecting an event brings its place,
    /// time and sentence; a mention brings its place; a place its mentions and
    /// events.
    #[must_use]
    pub fn of(item: Option<Item>, a: &Analysis) -> Self {
        let mut r = Related::default();
        let Some(item) = item else { return r };
        match item {
            Item::Mention(i) => {
                if let Some(m) = a.places.mentions.get(i) {
                    r.place = m.place;
                    r.mentions.push(i);
                    r.anchor = Some(m.span);
                    r.events = events_at_place(a, m.place, Some(i));
                }
            }
            Item::Place(id) => {
                let id = PlaceId(id);
                r.place = Some(id);
                r.mentions = mentions_of(a, id);
                r.anchor = r.mentions.first().map(|&i| a.places.mentions[i].span);
                r.events = events_at_place(a, Some(id), None);
            }
            Item::Time(i) => {
                if let Some(t) = a.times.get(i) {
                    r.times.push(i);
                    r.anchor = Some(t.span);
                    r.events = a
                        .events
                        .iter()
                        .filter(|e| e.time == Some(i))
                        .map(|e| e.id)
                        .collect();
                }
            }
            Item::Event(i) => {
                if let Some(e) = a.events.get(i) {
                    r.events.push(i);
                    r.anchor = Some(e.trigger);
                    if let Some(m) = e.place.and_then(|p| a.places.mentions.get(p)) {
                        r.place = m.place;
                        r.mentions.push(e.place.unwrap_or_default());
                    }
                    if let Some(t) = e.time {
                        r.times.push(t);
                    }
                }
            }
            Item::Dispatch(_) => {}
        }
        r
    }
}

/// Indices of the mentions resolved to `id`, in text order.
#[must_use]
pub fn mentions_of(a: &Analysis, id: PlaceId) -> Vec<usize> {
    a.places
        .mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| m.place == Some(id))
        .map(|(i, _)| i)
        .collect()
}

fn events_at_place(a: &Analysis, place: Option<PlaceId>, mention: Option<usize>) -> Vec<usize> {
    a.events
        .iter()
        .filter(|e| {
            e.place.is_some_and(|p| {
                Some(p) == mention
                    || (place.is_some() && a.places.mentions.get(p).and_then(|m| m.place) == place)
            })
        })
        .map(|e| e.id)
        .collect()
}

/// Mention indices in text order (for keyboard stepping).
#[must_use]
pub fn mentions_in_text_order(a: &Analysis) -> Vec<usize> {
    let mut order: Vec<usize> = (0..a.places.mentions.len()).collect();
    order.sort_by_key(|&i| a.places.mentions[i].span);
    order
}

/// Event indices in time order: by begin date, undated last, ties in text order.
#[must_use]
pub fn events_in_time_order(a: &Analysis) -> Vec<usize> {
    let mut order: Vec<usize> = (0..a.events.len()).collect();
    order.sort_by_key(|&i| {
        let e = &a.events[i];
        (e.begin.is_none(), e.begin, e.trigger)
    });
    order
}

/// The entry of `order` after (`forward`) or before `current`. Without a
/// current entry (or one not in `order`): the first, or the last going back.
/// `wrap` steps from the last to the first and back; without it the ends stay.
#[must_use]
pub fn step(order: &[usize], current: Option<usize>, forward: bool, wrap: bool) -> Option<usize> {
    let n = order.len();
    if n == 0 {
        return None;
    }
    let Some(pos) = current.and_then(|c| order.iter().position(|&i| i == c)) else {
        return if forward { order.first() } else { order.last() }.copied();
    };
    let next = if forward {
        match pos + 1 {
            p if p < n => p,
            _ if wrap => 0,
            _ => pos,
        }
    } else {
        match pos.checked_sub(1) {
            Some(p) => p,
            None if wrap => n - 1,
            None => pos,
        }
    };
    order.get(next).copied()
}

#[cfg(test)]
mod tests {
    use super::step;

    #[test]
    fn step_wraps_or_stays_at_the_ends() {
        let order = [2, 0, 1];
        assert_eq!(step(&order, None, true, true), Some(2));
        assert_eq!(step(&order, None, false, true), Some(1));
        assert_eq!(step(&order, Some(2), true, true), Some(0));
        assert_eq!(step(&order, Some(1), true, true), Some(2));
        assert_eq!(step(&order, Some(2), false, true), Some(1));
        assert_eq!(step(&order, Some(1), true, false), Some(1));
        assert_eq!(step(&order, Some(2), false, false), Some(2));
        assert_eq!(step(&order, Some(9), true, false), Some(2));
        assert_eq!(step(&[], Some(0), true, true), None);
    }
}
