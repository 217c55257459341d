//! Event-type colours as plain RGB, shared by the app's theme (which wraps
//! them in egui colours) and the egui-free exports (SVG map, briefing page).

use crate::events::EventType;

/// The colour of an event type (its family's, from `assets/events/types.tsv`)
/// for a light (`dark = false`) or dark background; `None` is an event
/// without a type (grey).
#[must_use]
pub fn event_rgb(t: Option<EventType>, dark: bool) -> [u8; 3] {
    match t {
        Some(t) => t.rgb(dark),
        None if dark => [0xa0, 0xa8, 0xb0],
        None => [0x70, 0x78, 0x80],
    }
}

/// `#rrggbb` for CSS and SVG.
#[must_use]
pub fn hex(rgb: [u8; 3]) -> String {
    format!("#{:02x}{:02x}{:02x}", rgb[0], rgb[1], rgb[2])
}
