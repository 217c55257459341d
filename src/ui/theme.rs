//! Colours and spacing: the only place in the app that makes a colour.
//! A calm light theme and a dark one; event types come in five families
//! (combat, strikes, humanitarian, diplomacy, politics) so the map and the
//! timeline stay readable.

use egui::{Color32, Context, Visuals};

use crate::events::EventType;
use crate::gazetteer::PlaceKind;

/// Spacing, in points.
pub const GAP: f32 = 6.0;
pub const PANEL_MARGIN: f32 = 8.0;
pub const LANE_HEIGHT: f32 = 22.0;
pub const AXIS_HEIGHT: f32 = 26.0;

/// The colours of one theme.
#[derive(Clone, Copy, Debug)]
pub struct Palette {
    pub dark: bool,
    pub text: Color32,
    pub muted: Color32,
    pub panel: Color32,
    pub map_water: Color32,
    pub map_grid: Color32,
    pub map_area: Color32,
    /// Land of the basemap, and the borders between countries.
    pub map_land: Color32,
    pub map_border: Color32,
    /// A country the dispatch mentions, filled on the basemap.
    pub map_country: Color32,
    pub map_area_stroke: Color32,
    /// Rivers and lake shores.
    pub map_river: Color32,
    /// Admin-1 boundaries: fainter than country borders.
    pub map_region_border: Color32,
    /// Names of countries and physical regions on the basemap.
    pub map_label: Color32,
    /// Names of seas, lakes and rivers.
    pub map_water_label: Color32,
    /// Reference towns: dot and name, faint beside the dispatch's places.
    pub map_town: Color32,
    /// Multiplies the shaded relief (premultiplied: its alpha is the relief's opacity).
    pub map_relief: Color32,
    /// Land laid over the relief (alpha: how much the relief is washed out).
    pub map_land_wash: Color32,
    /// A named country laid over the relief.
    pub map_country_wash: Color32,
    pub accent: Color32,
    pub hover: Color32,
    pub selected_bg: Color32,
    pub hover_bg: Color32,
    pub time: Color32,
    pub time_bg: Color32,
    pub trigger: Color32,
    pub unresolved: Color32,
    pub reported: Color32,
    pub halo: Color32,
    pub error_bg: Color32,
    pub warn_bg: Color32,
}

impl Palette {
    #[must_use]
    pub fn get(dark: bool) -> Self {
        if dark {
            Self {
                dark,
                text: Color32::from_rgb(0xdd, 0xdf, 0xe2),
                muted: Color32::from_rgb(0x8e, 0x94, 0x9c),
                panel: Color32::from_rgb(0x1e, 0x20, 0x24),
                map_water: Color32::from_rgb(0x17, 0x22, 0x2d),
                map_grid: Color32::from_rgb(0x2a, 0x37, 0x44),
                map_area: Color32::from_rgba_unmultiplied(0x9f, 0xb8, 0xd0, 26),
                map_land: Color32::from_rgb(0x24, 0x2b, 0x31),
                map_border: Color32::from_rgb(0x6a, 0x76, 0x82),
                map_country: Color32::from_rgb(0x31, 0x3f, 0x4b),
                map_area_stroke: Color32::from_rgb(0x5d, 0x74, 0x8a),
                map_river: Color32::from_rgb(0x4f, 0x7f, 0xa6),
                map_region_border: Color32::from_rgba_unmultiplied(0x8a, 0x96, 0xa2, 70),
                map_label: Color32::from_rgb(0x9d, 0xa6, 0xb0),
                map_water_label: Color32::from_rgb(0x6f, 0x9c, 0xc2),
                map_town: Color32::from_rgb(0x9a, 0xa0, 0xa6),
                map_relief: Color32::from_rgba_premultiplied(0x58, 0x5c, 0x60, 0xff),
                map_land_wash: Color32::from_rgba_unmultiplied(0x24, 0x2b, 0x31, 120),
                map_country_wash: Color32::from_rgba_unmultiplied(0x3a, 0x4b, 0x5a, 130),
                accent: Color32::from_rgb(0x5e, 0xa8, 0xf0),
                hover: Color32::from_rgb(0xf0, 0xc6, 0x4a),
                selected_bg: Color32::from_rgba_unmultiplied(0x5e, 0xa8, 0xf0, 70),
                hover_bg: Color32::from_rgba_unmultiplied(0xf0, 0xc6, 0x4a, 60),
                time: Color32::from_rgb(0x7f, 0xc9, 0xa8),
                time_bg: Color32::from_rgba_unmultiplied(0x7f, 0xc9, 0xa8, 28),
                trigger: Color32::from_rgb(0xe8, 0x9a, 0x7a),
                unresolved: Color32::from_rgb(0x80, 0x80, 0x80),
                reported: Color32::from_rgb(0xe0, 0x6c, 0x5a),
                halo: Color32::from_rgba_unmultiplied(0x10, 0x14, 0x18, 200),
                error_bg: Color32::from_rgb(0x5a, 0x24, 0x24),
                warn_bg: Color32::from_rgb(0x4a, 0x40, 0x1c),
            }
        } else {
            Self {
                dark,
                text: Color32::from_rgb(0x22, 0x25, 0x2a),
                muted: Color32::from_rgb(0x6b, 0x72, 0x7b),
                panel: Color32::from_rgb(0xf6, 0xf6, 0xf4),
                map_water: Color32::from_rgb(0xd6, 0xe4, 0xee),
                map_grid: Color32::from_rgb(0xcb, 0xd7, 0xe0),
                map_area: Color32::from_rgba_unmultiplied(0x7a, 0x8f, 0xa3, 30),
                map_land: Color32::from_rgb(0xf7, 0xf5, 0xf0),
                map_border: Color32::from_rgb(0xa8, 0xa0, 0x94),
                map_country: Color32::from_rgb(0xe9, 0xe2, 0xd0),
                map_area_stroke: Color32::from_rgb(0x8d, 0xa0, 0xb2),
                map_river: Color32::from_rgb(0x6f, 0x9e, 0xc4),
                map_region_border: Color32::from_rgba_unmultiplied(0x7d, 0x74, 0x66, 80),
                map_label: Color32::from_rgb(0x6a, 0x64, 0x5a),
                map_water_label: Color32::from_rgb(0x4d, 0x7a, 0xa0),
                map_town: Color32::from_rgb(0x6e, 0x6a, 0x64),
                map_relief: Color32::from_rgba_premultiplied(0xff, 0xff, 0xff, 0xff),
                map_land_wash: Color32::from_rgba_unmultiplied(0xf7, 0xf5, 0xf0, 150),
                map_country_wash: Color32::from_rgba_unmultiplied(0xfb, 0xf3, 0xdc, 150),
                accent: Color32::from_rgb(0x1f, 0x6f, 0xc5),
                hover: Color32::from_rgb(0xd9, 0x8e, 0x04),
                selected_bg: Color32::from_rgba_unmultiplied(0x1f, 0x6f, 0xc5, 50),
                hover_bg: Color32::from_rgba_unmultiplied(0xf2, 0xb7, 0x05, 70),
                time: Color32::from_rgb(0x1b, 0x7a, 0x57),
                time_bg: Color32::from_rgba_unmultiplied(0x1b, 0x7a, 0x57, 26),
                trigger: Color32::from_rgb(0xb5, 0x4a, 0x1f),
                unresolved: Color32::from_rgb(0x9a, 0x9a, 0x9a),
                reported: Color32::from_rgb(0xc0, 0x39, 0x2b),
                halo: Color32::from_rgba_unmultiplied(0xff, 0xff, 0xff, 210),
                error_bg: Color32::from_rgb(0xf8, 0xd7, 0xd3),
                warn_bg: Color32::from_rgb(0xfb, 0xef, 0xc6),
            }
        }
    }

    /// The colour of a place kind (underlines in the text, marker outlines).
    #[must_use]
    pub fn place(&self, kind: Option<PlaceKind>) -> Color32 {
        let (l, d) = match kind {
            Some(PlaceKind::Populated) => (
                Color32::from_rgb(0x1f, 0x6f, 0xc5),
                Color32::from_rgb(0x6c, 0xb0, 0xf2),
            ),
            Some(PlaceKind::Admin1 | PlaceKind::Admin2) => (
                Color32::from_rgb(0x6a, 0x4c, 0xb0),
                Color32::from_rgb(0xb0, 0x96, 0xec),
            ),
            Some(PlaceKind::Country) => (
                Color32::from_rgb(0x0e, 0x7c, 0x86),
                Color32::from_rgb(0x5c, 0xc4, 0xcc),
            ),
            Some(PlaceKind::Region) => (
                Color32::from_rgb(0x5a, 0x6e, 0x2a),
                Color32::from_rgb(0xa8, 0xc0, 0x6a),
            ),
            Some(PlaceKind::User) => (
                Color32::from_rgb(0x9c, 0x2f, 0x7a),
                Color32::from_rgb(0xe0, 0x80, 0xc0),
            ),
            None => (self.unresolved, self.unresolved),
        };
        if self.dark { d } else { l }
    }

    /// The colour of an event type, by family (the RGB table lives in
    /// [`crate::view::palette`], shared with the exports).
    #[must_use]
    pub fn event(&self, t: Option<EventType>) -> Color32 {
        let [r, g, b] = crate::view::palette::event_rgb(t, self.dark);
        Color32::from_rgb(r, g, b)
    }
}

/// Present mode's big-screen theme: type sized to be read from the back of a room at
/// 1280x720, high contrast, light and dark.
#[derive(Clone, Copy, Debug)]
pub struct Stage {
    pub bg: Color32,
    pub text: Color32,
    pub muted: Color32,
    /// Behind the trigger in the caption.
    pub trigger_bg: Color32,
    pub trigger: Color32,
    /// The timeline strip's axis.
    pub strip: Color32,
    /// Halo behind names on the map.
    pub halo: Color32,
    /// The caption's size (a long sentence uses `caption_small`).
    pub caption: f32,
    pub caption_small: f32,
    /// Type, date, place and dispatch above the caption.
    pub meta: f32,
    /// "5 of 23".
    pub counter: f32,
    /// The current place's name on the map.
    pub place: f32,
    /// Small print (hints, the strip's dates).
    pub small: f32,
    /// The current place's marker radius.
    pub marker: f32,
}

impl Stage {
    #[must_use]
    pub fn get(dark: bool) -> Self {
        let (bg, text, muted, trigger_bg, trigger, strip, halo) = if dark {
            (
                Color32::from_rgb(0x10, 0x12, 0x16),
                Color32::from_rgb(0xf4, 0xf5, 0xf7),
                Color32::from_rgb(0xb4, 0xba, 0xc2),
                Color32::from_rgb(0x6b, 0x3a, 0x12),
                Color32::from_rgb(0xff, 0xd5, 0x9e),
                Color32::from_rgb(0x5a, 0x63, 0x6e),
                Color32::from_rgba_unmultiplied(0x10, 0x12, 0x16, 220),
            )
        } else {
            (
                Color32::from_rgb(0xff, 0xff, 0xff),
                Color32::from_rgb(0x10, 0x12, 0x16),
                Color32::from_rgb(0x4a, 0x51, 0x5a),
                Color32::from_rgb(0xff, 0xe0, 0x8a),
                Color32::from_rgb(0x7a, 0x2a, 0x00),
                Color32::from_rgb(0x9a, 0xa2, 0xac),
                Color32::from_rgba_unmultiplied(0xff, 0xff, 0xff, 225),
            )
        };
        Self {
            bg,
            text,
            muted,
            trigger_bg,
            trigger,
            strip,
            halo,
            caption: 30.0,
            caption_small: 24.0,
            meta: 21.0,
            counter: 26.0,
            place: 24.0,
            small: 15.0,
            marker: 12.0,
        }
    }
}

/// Sets egui's visuals for the theme.
pub fn apply(ctx: &Context, dark: bool) {
    let p = Palette::get(dark);
    for (theme, p) in [
        (egui::Theme::Light, Palette::get(false)),
        (egui::Theme::Dark, Palette::get(true)),
    ] {
        let mut v = if p.dark {
            Visuals::dark()
        } else {
            Visuals::light()
        };
        v.panel_fill = p.panel;
        v.window_fill = p.panel;
        v.hyperlink_color = p.accent;
        v.selection.bg_fill = p.selected_bg;
        ctx.set_visuals_of(theme, v);
    }
    ctx.set_theme(if p.dark {
        egui::Theme::Dark
    } else {
        egui::Theme::Light
    });
    ctx.all_styles_mut(|s| {
        s.spacing.item_spacing = egui::vec2(GAP, GAP * 0.75);
        s.spacing.button_padding = egui::vec2(GAP * 1.2, GAP * 0.5);
    });
}

/// Adds a fallback font for the Latin letters GeoNames spells Arabic and
/// Turkic names with ("Ḩamāh", "Al Ḩasakah", "Diyarbakır") that egui's
/// default font lacks: a subset of DejaVu Sans (Latin Extended-A/B, Latin
/// Extended Additional, spacing modifiers, combining marks; see
/// assets/README.md for its licence).
pub fn install_fonts(ctx: &Context) {
    const NAME: &str = "dejavu-latin-extended";
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert(
        NAME.to_owned(),
        std::sync::Arc::new(egui::FontData::from_static(include_bytes!(
            "../../assets/fonts/DejaVuSans-LatinExtended.ttf"
        ))),
    );
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        fonts
            .families
            .entry(family)
            .or_default()
            .push(NAME.to_owned());
    }
    ctx.set_fonts(fonts);
}
