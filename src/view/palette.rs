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

/// CIE L*a*b* (D65) of an sRGB colour: L* is the lightness a grey print keeps.
#[must_use]
pub fn lab(rgb: [u8; 3]) -> [f64; 3] {
    let lin = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let [r, g, b] = rgb.map(lin);
    let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
    let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
    let f = |t: f64| {
        if t > 0.008856 {
            t.cbrt()
        } else {
            7.787 * t + 16.0 / 116.0
        }
    };
    [
        116.0 * f(y) - 16.0,
        500.0 * (f(x) - f(y)),
        200.0 * (f(y) - f(z)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::Family;

    /// One colour per family, each family's first type's (the table gives all types of a
    /// family the same colour; checked here too).
    fn family_colours(dark: bool) -> Vec<(Family, [u8; 3])> {
        Family::ALL
            .iter()
            .map(|&f| {
                let colours: Vec<[u8; 3]> = EventType::ALL
                    .iter()
                    .filter(|t| t.family() == f)
                    .map(|t| event_rgb(Some(*t), dark))
                    .collect();
                assert!(!colours.is_empty(), "{f:?} has no type");
                assert!(
                    colours.iter().all(|c| *c == colours[0]),
                    "{f:?}: its types have different colours"
                );
                (f, colours[0])
            })
            .collect()
    }

    #[test]
    fn families_stay_apart_in_grey_and_in_colour() {
        for dark in [false, true] {
            let colours = family_colours(dark);
            for (i, (fa, a)) in colours.iter().enumerate() {
                for (fb, b) in &colours[i + 1..] {
                    let (la, lb) = (lab(*a), lab(*b));
                    let de = (0..3).map(|k| (la[k] - lb[k]).powi(2)).sum::<f64>().sqrt();
                    assert!(de >= 25.0, "{fa:?} and {fb:?} (dark {dark}): ΔE {de:.1}");
                    // Print: the light palette's lightness alone tells the families apart.
                    if !dark {
                        let dl = (la[0] - lb[0]).abs();
                        assert!(dl >= 9.0, "{fa:?} and {fb:?} in grey: ΔL* {dl:.1}");
                    }
                }
            }
        }
    }

    #[test]
    fn lab_of_known_colours() {
        let l = |rgb| (lab(rgb)[0] * 10.0).round() / 10.0;
        assert_eq!(l([255, 255, 255]), 100.0);
        assert_eq!(l([0, 0, 0]), 0.0);
        assert_eq!(l([0x77, 0x77, 0x77]), 50.0);
    }
}
