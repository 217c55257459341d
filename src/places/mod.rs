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
//! 5. **Confidence** ([`confidence`]): the chosen entry's evidence (its
//!    kind and population, the terms that scored it, how the word is
//!    written, what the language layer reads) goes through a logistic
//!    model fitted on annotated news; a mention below
//!    [`PlaceOptions::min_confidence`] is dropped unless it is an
//!    adjective, a dateline or an overlay place, or the dispatch supports
//!    it (a qualifier, its country or neighbours named: see
//!    [`confidence::SUPPORT`]) or nothing speaks against it
//!    ([`confidence::Evidence::against`]).
//! 6. **Metonymy**: a country or capital as the subject of a speech,
//!    cognition or diplomatic verb, the object of a pressure verb, a
//!    possessive before "support", "role"..., or one side of "between X and
//!    Y", is flagged.

pub mod confidence;
mod detect;
mod lexicon;
mod resolve;

use serde::Serialize;

use crate::gazetteer::{Gazetteer, Place, PlaceId, PlaceKind};
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
    /// 0..1: the probability that this is a place and the entry is the right
    /// one ([`confidence`]: a logistic model over the evidence, fitted on
    /// annotated news).
    pub confidence: f32,
    /// One line on why this entry: "population prior + Syria in context".
    pub reason: String,
    /// The places the text qualifies it with, nearest first ("Kingston, Luzerne
    /// County, Pennsylvania": the county, then the state); the reason names them too.
    #[serde(skip)]
    pub qualified_by: Vec<PlaceId>,
    /// The candidates weighed, best first (at most five), the chosen one included.
    pub alternatives: Vec<Alternative>,
    /// What the confidence was computed from, as saved (not serialised: the
    /// app's inspector explains the strongest terms).
    #[serde(skip)]
    pub evidence: confidence::SavedEvidence,
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

/// Where to draw a resolved place on the map: its own point, except for an
/// admin-1 region, which the gazetteer places at its largest town; a region
/// is drawn at the centre of its extent instead ("California" in the middle
/// of the state, not in Los Angeles).
#[must_use]
pub fn map_point(place: &Place<'_>) -> (f64, f64) {
    match (place.kind, place.bbox) {
        (PlaceKind::Admin1, Some(b)) => {
            let lat = (b.min_lat + b.max_lat) / 2.0;
            let lon = if b.min_lon <= b.max_lon {
                (b.min_lon + b.max_lon) / 2.0
            } else {
                // Across the antimeridian.
                let mid = (b.min_lon + b.max_lon + 360.0) / 2.0;
                if mid > 180.0 { mid - 360.0 } else { mid }
            };
            (lat, lon)
        }
        _ => (place.lat, place.lon),
    }
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
    resolve::run(doc, None, gaz, options)
}

/// [`find_places`] with the language layer's reading of the document: a
/// name it classifies as a person, organisation or thing with high
/// probability is not a weak place ("Jones said", "a white Lada car").
#[must_use]
pub fn find_places_in(
    doc: &Document,
    ann: &crate::lang::Annotation,
    gaz: &Gazetteer,
) -> PlaceAnalysis {
    find_places_in_with(doc, ann, gaz, &PlaceOptions::default())
}

/// [`find_places_in`] with explicit options.
#[must_use]
pub fn find_places_in_with(
    doc: &Document,
    ann: &crate::lang::Annotation,
    gaz: &Gazetteer,
    options: &PlaceOptions,
) -> PlaceAnalysis {
    resolve::run(doc, Some(ann), gaz, options)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Vec<(String, String, Option<String>, bool, bool)> {
        let gaz = Gazetteer::bundled().unwrap();
        let doc = Document::new(text.to_owned());
        find_places(&doc, &gaz)
            .mentions
            .iter()
            .map(|m| {
                let p = m.place.and_then(|id| gaz.get(id));
                (
                    doc.text[m.span.range()].to_owned(),
                    p.map_or(String::new(), |p| p.name.to_owned()),
                    p.and_then(|p| p.country.map(str::to_owned)),
                    m.adjectival,
                    m.metonymy,
                )
            })
            .collect()
    }

    fn country_of(
        found: &[(String, String, Option<String>, bool, bool)],
        s: &str,
    ) -> Option<String> {
        found.iter().find(|f| f.0 == s).and_then(|f| f.2.clone())
    }

    #[test]
    fn adjectival_part_of_a_compound_is_the_span() {
        let f = run(
            "Russian-backed fighters and U.S.-led jets struck a Britain-based charity's depot.",
        );
        let spans: Vec<&str> = f.iter().map(|m| m.0.as_str()).collect();
        assert_eq!(spans, ["Russian", "U.S.", "Britain"]);
        assert!(f.iter().all(|m| m.3));
    }

    #[test]
    fn qualifiers_pick_the_namesake() {
        let f = run("He moved from Paris, Texas, to Moscow, Idaho, and later to Geneva, Illinois.");
        assert_eq!(country_of(&f, "Paris").as_deref(), Some("US"));
        assert_eq!(country_of(&f, "Moscow").as_deref(), Some("US"));
        assert_eq!(country_of(&f, "Geneva").as_deref(), Some("US"));
        let f = run("Fires burned across Washington state last summer.");
        assert!(f.iter().any(|m| m.0 == "Washington" && m.1 == "Washington"));
    }

    #[test]
    fn longest_match_and_people() {
        let f = run(
            "Ships in the Gulf of Aden were warned, spokesman Jordan Hale said in New York City.",
        );
        let spans: Vec<&str> = f.iter().map(|m| m.0.as_str()).collect();
        assert_eq!(spans, ["Gulf of Aden", "New York City"]);
    }

    #[test]
    fn metonymy_and_common_words() {
        let f = run(
            "Nice weather aside, Moscow said on Monday that talks would go on. Washington believes otherwise.",
        );
        assert!(!f.iter().any(|m| m.0 == "Nice" || m.0 == "Monday"));
        assert!(f.iter().any(|m| m.0 == "Moscow" && m.4));
        assert!(f.iter().any(|m| m.0 == "Washington" && m.4));
    }

    /// Each mention of `text` as read with the language layer: (surface,
    /// country of the chosen entry, confidence, reason).
    fn read(text: &str) -> Vec<(String, Option<String>, f32, String)> {
        let gaz = Gazetteer::bundled().unwrap();
        let model = crate::lang::Model::bundled().unwrap();
        let doc = Document::new(text.to_owned());
        let ann = crate::lang::Annotation::new(&doc, model, Some(&gaz));
        find_places_in(&doc, &ann, &gaz)
            .mentions
            .iter()
            .map(|m| {
                let p = m.place.and_then(|id| gaz.get(id));
                (
                    doc.text[m.span.range()].to_owned(),
                    p.and_then(|p| p.country.map(str::to_owned)),
                    m.confidence,
                    m.reason.clone(),
                )
            })
            .collect()
    }

    #[test]
    fn a_name_is_not_context_for_itself() {
        let f = read(
            "Kingston is a borough in Luzerne County, Pennsylvania, United States. \
             Kingston lies on the Susquehanna River. Kingston has a library.",
        );
        let kingstons: Vec<_> = f.iter().filter(|m| m.0 == "Kingston").collect();
        assert_eq!(kingstons.len(), 3, "{f:?}");
        for k in kingstons {
            assert_eq!(k.1.as_deref(), Some("US"), "{k:?}");
            assert!(!k.3.contains("JM in context"), "{k:?}");
        }
    }

    /// A word the tagger reads as a pronoun, adverb or interjection is no
    /// small town of that spelling; a city at a sentence's start stays.
    #[test]
    fn function_words_are_no_places() {
        let cases = [
            ("None of the injured were British.", "None", false),
            ("Well, they think they are the only ones.", "Well", false),
            ("\"Hey, pretty lady,\" he said.", "Hey", false),
            ("Vancouver has seen 15 overdoses a day.", "Vancouver", true),
        ];
        for (text, word, kept) in cases {
            let f = read(text);
            assert_eq!(f.iter().any(|m| m.0 == word), kept, "{text}: {f:?}");
        }
    }

    /// An unlikely reading of a small town's name the language layer takes
    /// for a person's or a group's is dropped (below the floor,
    /// unsupported); an unlikely reading of a place name stays.
    #[test]
    fn unlikely_names_of_people_and_groups_are_dropped() {
        let cases = [
            (
                "Taliban fighters attacked a checkpoint in Farah province.",
                "Taliban",
                false,
            ),
            (
                "Taliban fighters attacked a checkpoint in Farah province.",
                "Farah",
                true,
            ),
            (
                "Police said James was injured by the blast.",
                "James",
                false,
            ),
        ];
        for (text, word, kept) in cases {
            let f = read(text);
            assert_eq!(f.iter().any(|m| m.0 == word), kept, "{text}: {f:?}");
        }
    }

    /// A newspaper's opening word in capitals is English, no Arabic
    /// article of the name after it; a name in capitals throughout keeps
    /// its article.
    #[test]
    fn an_opening_word_in_capitals_is_no_article() {
        let f = read("AN Edmonton man was jailed on Friday.");
        let surfaces: Vec<&str> = f.iter().map(|m| m.0.as_str()).collect();
        assert_eq!(surfaces, ["Edmonton"], "{f:?}");
        let f = read("AR-RAQQA, Syria (Reuters) - Shelling went on.");
        assert_eq!(f.first().map(|m| m.0.as_str()), Some("AR-RAQQA"), "{f:?}");
    }

    #[test]
    fn confidence_is_low_for_what_is_not_a_place() {
        // (text, surface, whether it may be reported as a place at >= 0.5)
        let cases = [
            ("Gunmen in a white Lada car opened fire.", "Lada", false),
            (
                "Government troops entered Palmyra in central Syria.",
                "Palmyra",
                true,
            ),
            (
                "Government troops entered Palmyra in central Syria.",
                "Syria",
                true,
            ),
            (
                "Officials in Moscow and Ankara met on Monday.",
                "Ankara",
                true,
            ),
        ];
        for (text, surface, place) in cases {
            let f = read(text);
            let p = f.iter().find(|m| m.0 == surface).map_or(0.0, |m| m.2);
            assert_eq!(p >= 0.5, place, "{surface} in {text:?}: {f:?}");
        }
    }

    #[test]
    fn odd_input_does_not_panic() {
        for t in [
            "",
            "-",
            "Al-",
            "al-",
            "U.S.-",
            "ALEPPO/",
            "Ḩamāh Ḩamāh Ḩamāh",
            "Deir al-Zor al-al-al- - -- Zor",
            "\u{feff}Москва, Киев",
            "A B C D E F G H I J K L M N O P",
        ] {
            let _ = run(t);
        }
    }
}
