//! The gazetteer's public types: places, their kinds, and lookup candidates.

use serde::Serialize;

/// Index of a place in one loaded [`super::Gazetteer`]. Stable for the
/// bundled data of one build; user overlay places come after the bundled ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct PlaceId(pub u32);

/// What kind of entry a place is.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum PlaceKind {
    /// A city, town or village (GeoNames feature class P).
    Populated,
    /// A first-order administrative division: governorate, oblast, state.
    Admin1,
    /// A country or territory with an ISO 3166-1 code.
    Country,
    /// A macro-region used in reporting: Middle East, Sahel, Donbas ...
    Region,
    /// A place from the analyst's own overlay file.
    User,
    /// A second-order administrative division: a county, district or
    /// department ("Henry County", Tennessee). Its admin-1 is its parent.
    Admin2,
}

impl PlaceKind {
    pub(crate) fn from_u8(v: u8) -> Option<Self> {
        Some(match v {
            0 => Self::Populated,
            1 => Self::Admin1,
            2 => Self::Country,
            3 => Self::Region,
            4 => Self::User,
            5 => Self::Admin2,
            _ => return None,
        })
    }

    pub(crate) fn as_u8(self) -> u8 {
        self as u8
    }

    /// A short label for tables.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Populated => "populated place",
            Self::Admin1 => "admin-1",
            Self::Country => "country",
            Self::Region => "region",
            Self::User => "user",
            Self::Admin2 => "admin-2",
        }
    }
}

/// How a looked-up name matched a place.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchKind {
    /// The place's own (display) name.
    Name,
    /// One of its alternate names (other spellings, languages, former names).
    Alternate,
    /// An abbreviation or short form ("UK", "U.S.", "DRC").
    Abbreviation,
    /// A demonym or adjective of a country ("Syrian", "British").
    Demonym,
    /// The name after dropping an Arabic article ("Raqqah" for "Ar Raqqah").
    WithoutArticle,
    /// A name the analyst's overlay file gives this place.
    Overlay,
}

impl MatchKind {
    pub(crate) fn from_u8(v: u8) -> Option<Self> {
        Some(match v {
            0 => Self::Name,
            1 => Self::Alternate,
            2 => Self::Abbreviation,
            3 => Self::Demonym,
            4 => Self::WithoutArticle,
            5 => Self::Overlay,
            _ => return None,
        })
    }

    pub(crate) fn as_u8(self) -> u8 {
        self as u8
    }

    /// How much less likely a match of this kind is than a match on the name.
    pub(crate) fn penalty(self) -> f32 {
        match self {
            Self::Name | Self::Abbreviation | Self::Overlay => 0.0,
            Self::Alternate => 0.2,
            Self::Demonym => 0.3,
            Self::WithoutArticle => 0.3,
        }
    }

    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Alternate => "alternate name",
            Self::Abbreviation => "abbreviation",
            Self::Demonym => "demonym",
            Self::WithoutArticle => "name without article",
            Self::Overlay => "overlay name",
        }
    }
}

/// A bounding box in degrees. When it crosses the antimeridian
/// (`min_lon > max_lon`), it spans from `min_lon` east to `max_lon`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct BBox {
    pub min_lat: f64,
    pub min_lon: f64,
    pub max_lat: f64,
    pub max_lon: f64,
}

impl BBox {
    /// Whether the point lies inside (antimeridian-aware).
    #[must_use]
    pub fn contains(&self, lat: f64, lon: f64) -> bool {
        let in_lat = (self.min_lat..=self.max_lat).contains(&lat);
        let in_lon = if self.min_lon <= self.max_lon {
            (self.min_lon..=self.max_lon).contains(&lon)
        } else {
            lon >= self.min_lon || lon <= self.max_lon
        };
        in_lat && in_lon
    }
}

/// One gazetteer entry, as the API hands it out: a cheap view borrowing
/// from the loaded [`super::Gazetteer`].
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Place<'g> {
    pub id: PlaceId,
    /// The GeoNames id, when the entry comes from GeoNames.
    pub geonameid: Option<u32>,
    pub name: &'g str,
    pub kind: PlaceKind,
    /// ISO 3166-1 alpha-2 code ("SY"); `None` for regions spanning countries.
    pub country: Option<&'g str>,
    /// The admin-1 region's name ("Homs"), for places inside one.
    pub admin1: Option<&'g str>,
    /// The GeoNames admin-1 code ("SY.11").
    pub admin1_code: Option<&'g str>,
    /// Representative point, WGS84 degrees.
    pub lat: f64,
    pub lon: f64,
    /// Population (for admin-1 regions: the sum of their towns in the data).
    pub population: u64,
    /// A national capital.
    pub capital: bool,
    /// Extent, for countries, admin-1 and admin-2 units and macro-regions.
    pub bbox: Option<BBox>,
}

impl Place<'_> {
    /// Prior likelihood of this entry being meant, before any context and
    /// before how the name matched: log10 of the population, raised for
    /// countries, curated regions and capitals, lowered for admin-1 regions
    /// (a governorate is usually named after its larger town, and news means
    /// the town), lowered further for admin-2 units (a district named after
    /// its seat is rarely what a bare name means). Only the order it gives
    /// matters.
    #[must_use]
    pub fn prior(&self) -> f32 {
        #[allow(clippy::cast_precision_loss)]
        let pop = (self.population.max(1) as f32).log10();
        match self.kind {
            PlaceKind::Country => pop + 2.0,
            PlaceKind::Region => 8.0,
            PlaceKind::Admin1 => pop - 0.5,
            PlaceKind::Admin2 => pop - 1.0,
            PlaceKind::Populated => pop + if self.capital { 1.0 } else { 0.0 },
            // The analyst added it on purpose: it beats namesakes elsewhere.
            PlaceKind::User => 9.0,
        }
    }
}

/// One answer of [`super::Gazetteer::lookup`].
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Candidate<'g> {
    #[serde(flatten)]
    pub place: Place<'g>,
    /// How the name matched.
    #[serde(rename = "match")]
    pub matched: MatchKind,
    /// [`Place::prior`] less the match kind's penalty: higher is likelier.
    pub score: f32,
}
