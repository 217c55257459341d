//! Event-type colours as plain RGB, shared by the app's theme (which wraps
//! them in egui colours) and the egui-free exports (SVG map, briefing page).

use crate::events::EventType;

/// The colour of an event type, by family, for a light (`dark = false`) or
/// dark background; `None` is an event without a type (grey).
#[must_use]
pub fn event_rgb(t: Option<EventType>, dark: bool) -> [u8; 3] {
    use EventType as E;
    let (l, d) = match t {
        Some(E::Battle | E::Offensive | E::Capture | E::Retreat) => {
            ([0xc0, 0x39, 0x2b], [0xf0, 0x72, 0x62])
        }
        Some(E::Airstrike | E::Bombing | E::AttackOnCivilians | E::Destruction) => {
            ([0xd3, 0x6a, 0x0c], [0xf5, 0xa0, 0x4a])
        }
        Some(E::Displacement | E::Casualties | E::Aid) => ([0x7b, 0x3f, 0xa0], [0xc0, 0x8c, 0xe4]),
        Some(E::Ceasefire | E::Talks | E::Meeting | E::Agreement | E::Statement) => {
            ([0x23, 0x6e, 0xb8], [0x6c, 0xae, 0xee])
        }
        Some(E::Intervention | E::Election | E::Sanctions | E::Protest) => {
            ([0x2a, 0x80, 0x5a], [0x6c, 0xc8, 0x9c])
        }
        None => ([0x70, 0x78, 0x80], [0xa0, 0xa8, 0xb0]),
    };
    if dark { d } else { l }
}

/// `#rrggbb` for CSS and SVG.
#[must_use]
pub fn hex(rgb: [u8; 3]) -> String {
    format!("#{:02x}{:02x}{:02x}", rgb[0], rgb[1], rgb[2])
}
