//! Places in a dispatch: finding toponyms (and adjectival forms) in the
//! text and resolving each to a gazetteer entry, with the reason why.
//!
//! Must not: read the clock, touch egui, or lose a candidate it weighed
//! (the app shows them so the analyst can overrule the choice).

use serde::Serialize;

use crate::gazetteer::{PlaceId, PlaceKind};
use crate::span::Span;

/// One candidate weighed for a mention, with its final score.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Alternative {
    pub place: PlaceId,
    pub score: f32,
}

/// A place mention found in the text and what it resolved to.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlaceMention {
    /// Byte span of the surface form ("Palmyra", "Syrian", "U.S." in "U.S.-backed").
    pub span: Span,
    /// The chosen entry; `None` when nothing in the gazetteer fits.
    pub place: Option<PlaceId>,
    /// Kind of the chosen entry (populated place, admin-1, country, region, user).
    pub kind: Option<PlaceKind>,
    /// An adjective or demonym ("Syrian", "Russian-backed", "Britain-based").
    pub adjectival: bool,
    /// The name stands for a government or its people ("Washington believes").
    pub metonymy: bool,
    /// Matched through a misspelling ("Palmrya").
    pub fuzzy: bool,
    /// 0..1: how sure the resolution is (margin over the runner-up, context support).
    pub confidence: f32,
    /// One line on why this entry: "population prior + Syria in context".
    pub reason: String,
    /// The candidates weighed, best first (at most five), the chosen one included.
    pub alternatives: Vec<Alternative>,
}

/// What the dispatch is mostly about.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Focus {
    /// ISO country codes with mention counts (places inside a country count for it), most first.
    pub countries: Vec<(String, usize)>,
    /// Resolved places with mention counts, most first.
    pub places: Vec<(PlaceId, usize)>,
}
