//! Places in a dispatch: finding toponyms (and adjectival forms) in the
//! text and resolving each to a gazetteer entry, with the reason why.
//!
//! Must not: read the clock, touch egui, or lose a candidate it weighed
//! (the app shows them so the analyst can overrule the choice).
//!
//! How it works ([`find_places`]):
//!
//! 1. **Phrases.** Words are split at hyphens into units; from every
//!    capitalized unit the longest run of units whose folded form is a
//!    gazetteer key is taken ("New York City" over "York", "Gulf of Aden"
//!    over "Aden", "Deir al-Zor" as one). The gazetteer's prefix index stops
//!    a run as soon as no key can follow.
//! 2. **Filters.** A phrase is dropped when the surrounding words say it is
//!    not a place: a person (after a title, after a first name, a given name
//!    before a surname, a surname already seen in a full name), an
//!    organisation whose name contains the place word ("Syrian Democratic
//!    Forces", "Gulf Cooperation Council": the adjective inside an
//!    organisation's name is *not* a mention, while "Russian Defence
//!    Ministry" keeps "Russian"), a month, weekday or function word, a
//!    common English word at a sentence start or in a headline, an acronym
//!    of an organisation, or a lone word in capitals that the dispatch does
//!    not otherwise support. A wire dateline's place is always a place.
//! 3. **Misspellings.** A capitalized word that matched nothing is compared
//!    with the places already found (edit distance 1 for 5-7 letters, 2 for
//!    longer); failing that, one deletion or transposition that names a
//!    place in a focus country is taken. Marked `fuzzy`.
//! 4. **Resolution** by a score that is the sum of named terms: the
//!    gazetteer prior (population, kind, capital) + explicit qualifiers
//!    ("Paris, Texas", "Palmyra in central Syria", "Syria's Palmyra",
//!    "Washington state", "Deir al-Zor province") + countries in context +
//!    admin-1 regions in context + nearness (within `context_km`) to places
//!    already resolved with confidence. Two passes: the first uses prior and
//!    qualifiers only and keeps the confident answers as context, the second
//!    re-scores everything with that context. The reason names the terms.
//! 5. **Metonymy**: a country or capital as the subject of a speech,
//!    cognition or diplomatic verb, the object of a pressure verb, a
//!    possessive before "support", "role"..., or one side of "between X and
//!    Y", is flagged.

mod detect;
mod lexicon;
mod resolve;

use serde::Serialize;

use crate::gazetteer::{Gazetteer, PlaceId, PlaceKind};
use crate::span::Span;
use crate::text::Document;

pub use resolve::PlaceOptions;

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

/// Everything [`find_places`] found in one document.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct PlaceAnalysis {
    /// Place mentions sorted by span, never overlapping.
    pub mentions: Vec<PlaceMention>,
    pub focus: Focus,
}

/// Finds and resolves every place mention of `doc` with the default options.
///
/// ```
/// use sitrep::{gazetteer::Gazetteer, places::find_places, text::Document};
/// let gaz = Gazetteer::bundled().unwrap();
/// let doc = Document::new("Government troops entered Palmyra in central Syria.".into());
/// let found = find_places(&doc, &gaz);
/// let first = &found.mentions[0];
/// assert_eq!(&doc.text[first.span.range()], "Palmyra");
/// assert_eq!(gaz.get(first.place.unwrap()).unwrap().name, "Tadmur");
/// ```
#[must_use]
pub fn find_places(doc: &Document, gaz: &Gazetteer) -> PlaceAnalysis {
    find_places_with(doc, gaz, &PlaceOptions::default())
}

/// [`find_places`] with explicit options.
#[must_use]
pub fn find_places_with(doc: &Document, gaz: &Gazetteer, options: &PlaceOptions) -> PlaceAnalysis {
    resolve::run(doc, gaz, options)
}
