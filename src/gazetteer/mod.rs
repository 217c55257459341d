//! The bundled offline gazetteer: every populated place of GeoNames
//! cities1000, every admin-1 region, every country and the macro-regions
//! reporting uses, with their names folded to search keys.
//!
//! It answers three questions fast and without a network: which places may a
//! name mean ([`Gazetteer::lookup`]), what is this entry ([`Gazetteer::get`]),
//! and what is near this point ([`Gazetteer::nearest`]). Choosing among the
//! candidates with the document's context is not its job (see `places`).
//!
//! ```
//! let gaz = sitrep::gazetteer::Gazetteer::bundled().unwrap();
//! let best = gaz.lookup("Palmyra")[0].place;
//! assert_eq!((best.name, best.country), ("Tadmur", Some("SY")));
//! ```

mod error;
pub mod fold;
pub mod format;
mod model;
mod overlay;

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, OnceLock};

pub use error::{GazetteerError, OverlayRowError};
pub use fold::{fold, fold_into};
pub use model::{BBox, Candidate, MatchKind, Place, PlaceId, PlaceKind};
pub use overlay::Overlay;

/// A population as the command line and the app print it: "10,381,222".
#[must_use]
pub fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod thousands_tests {
    #[test]
    fn thousands() {
        use super::group_thousands;
        assert_eq!(group_thousands(0), "0");
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(51_015), "51,015");
        assert_eq!(group_thousands(10_381_222), "10,381,222");
    }
}

use format::{Blob, GRID_COLS, GRID_ROWS, Store};

/// Where the bundled file lives in the source tree (and in error messages).
pub const BUNDLED_PATH: &str = "gazetteer/data/sitrep-gazetteer.bin";

#[cfg(not(feature = "builder"))]
static BUNDLED_BYTES: Option<&[u8]> = Some(include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/gazetteer/data/sitrep-gazetteer.bin"
)));
// The builder makes the bundled file, so it cannot include it.
#[cfg(feature = "builder")]
static BUNDLED_BYTES: Option<&[u8]> = None;

/// A loaded gazetteer: the bundled (or a rebuilt) file plus the analyst's
/// overlay. Cloning is cheap and shares everything.
#[derive(Clone)]
pub struct Gazetteer {
    store: Arc<Store>,
    overlay: Arc<Overlay>,
    countries: Arc<HashMap<[u8; 2], u32>>,
}

impl std::fmt::Debug for Gazetteer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gazetteer")
            .field("places", &self.store.len())
            .field("overlay_places", &self.overlay.len())
            .finish_non_exhaustive()
    }
}

impl Gazetteer {
    /// The gazetteer compiled into sitrep, loaded once per process and shared.
    ///
    /// # Errors
    /// If the bundled file is corrupt (a broken build), or this is the
    /// gazetteer builder, which has none.
    pub fn bundled() -> Result<Gazetteer, GazetteerError> {
        static BUNDLED: OnceLock<Result<Gazetteer, String>> = OnceLock::new();
        let loaded = BUNDLED.get_or_init(|| match BUNDLED_BYTES {
            Some(bytes) => {
                Self::from_blob(Blob::Static(bytes), BUNDLED_PATH).map_err(|e| e.to_string())
            }
            None => Err("this build of sitrep has no bundled gazetteer".to_owned()),
        });
        loaded.clone().map_err(|what| GazetteerError::Corrupt {
            file: BUNDLED_PATH.to_owned(),
            what,
        })
    }

    /// The bytes of the bundled gazetteer file (`None` in the builder).
    #[must_use]
    pub fn bundled_bytes() -> Option<&'static [u8]> {
        BUNDLED_BYTES
    }

    /// A gazetteer over bytes that live for the whole program (the bundled
    /// file), read in place without copying. [`Gazetteer::bundled`] caches
    /// this; benches call it to time a load.
    ///
    /// # Errors
    /// If the bytes are not a valid gazetteer file.
    pub fn from_static(bytes: &'static [u8], name: &str) -> Result<Gazetteer, GazetteerError> {
        Self::from_blob(Blob::Static(bytes), name)
    }

    /// A gazetteer file on disk, e.g. a larger one built from the full
    /// GeoNames dumps.
    ///
    /// # Errors
    /// If the file cannot be read or is not a valid gazetteer file.
    pub fn open(path: &Path) -> Result<Gazetteer, GazetteerError> {
        let bytes = crate::files::read(path).map_err(|source| GazetteerError::Io {
            path: path.to_owned(),
            source,
        })?;
        Self::from_bytes(bytes, &path.display().to_string())
    }

    /// A gazetteer from the bytes of a gazetteer file; `name` names it in errors.
    ///
    /// # Errors
    /// If the bytes are not a valid gazetteer file.
    pub fn from_bytes(bytes: Vec<u8>, name: &str) -> Result<Gazetteer, GazetteerError> {
        Self::from_blob(Blob::Owned(bytes.into()), name)
    }

    fn from_blob(blob: Blob, name: &str) -> Result<Gazetteer, GazetteerError> {
        let store = Store::open(blob, name)?;
        let mut countries = HashMap::new();
        for i in 0..store.len() as u32 {
            let r = store.record(i);
            if r.kind == PlaceKind::Country
                && let Some(c) = r.country
            {
                let b = c.as_bytes();
                countries.insert([b[0], b[1]], i);
            }
        }
        Ok(Gazetteer {
            store: Arc::new(store),
            overlay: Arc::new(Overlay::default()),
            countries: Arc::new(countries),
        })
    }

    /// This gazetteer with `overlay` laid over it (replacing any earlier one).
    #[must_use]
    pub fn with_overlay(&self, mut overlay: Overlay) -> Gazetteer {
        let wanted: std::collections::HashSet<u32> = overlay.alias_targets().collect();
        if !wanted.is_empty() {
            let resolved = (0..self.store.len() as u32)
                .filter_map(|i| {
                    let g = self.store.record(i).geonameid?;
                    wanted.contains(&g).then_some((g, i))
                })
                .collect();
            overlay.set_resolved(resolved);
        }
        Gazetteer {
            overlay: Arc::new(overlay),
            ..self.clone()
        }
    }

    /// The overlay in use (empty if none).
    #[must_use]
    pub fn overlay(&self) -> &Overlay {
        &self.overlay
    }

    /// Number of entries, bundled and overlay.
    #[must_use]
    pub fn len(&self) -> usize {
        self.store.len() + self.overlay.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The entry with this id.
    #[must_use]
    pub fn get(&self, id: PlaceId) -> Option<Place<'_>> {
        let i = id.0 as usize;
        if i < self.store.len() {
            Some(self.bundled_place(id.0))
        } else {
            self.overlay.place(i - self.store.len(), id)
        }
    }

    /// The entry with this GeoNames id, if present (a linear scan: for
    /// tools and tests, not hot loops).
    #[must_use]
    pub fn by_geonameid(&self, geonameid: u32) -> Option<Place<'_>> {
        (0..self.store.len() as u32)
            .find(|&i| self.store.record(i).geonameid == Some(geonameid))
            .map(|i| self.bundled_place(i))
    }

    /// The country entry with this ISO 3166-1 alpha-2 code ("SY").
    #[must_use]
    pub fn country(&self, code: &str) -> Option<Place<'_>> {
        let b = code.as_bytes();
        if b.len() != 2 {
            return None;
        }
        let key = [b[0].to_ascii_uppercase(), b[1].to_ascii_uppercase()];
        self.countries.get(&key).map(|&i| self.bundled_place(i))
    }

    fn bundled_place(&self, i: u32) -> Place<'_> {
        let r = self.store.record(i);
        Place {
            id: PlaceId(i),
            geonameid: r.geonameid,
            name: r.name,
            kind: r.kind,
            country: r.country,
            admin1: r.admin1.map(|a| self.store.record_name(a)),
            admin1_code: r.admin1_code,
            lat: round5(r.lat),
            lon: round5(r.lon),
            population: u64::from(r.population),
            capital: r.capital,
            bbox: r.bbox,
        }
    }

    /// Every entry `name` may mean, most likely first (by prior alone: no
    /// document context). Empty when nothing matches.
    ///
    /// ```
    /// let gaz = sitrep::gazetteer::Gazetteer::bundled().unwrap();
    /// let tripoli = gaz.lookup("Tripoli");
    /// assert_eq!(tripoli[0].place.country, Some("LY"));
    /// assert!(tripoli.iter().any(|c| c.place.country == Some("LB")));
    /// ```
    #[must_use]
    pub fn lookup(&self, name: &str) -> Vec<Candidate<'_>> {
        let mut key = String::with_capacity(name.len());
        fold_into(name, &mut key);
        self.lookup_key(&key)
    }

    /// [`Gazetteer::lookup`] for a key already folded with [`fold`].
    #[must_use]
    pub fn lookup_key(&self, key: &str) -> Vec<Candidate<'_>> {
        let mut hits: Vec<(PlaceId, MatchKind)> = Vec::new();
        if key.is_empty() {
            return Vec::new();
        }
        for (i, m) in self.store.postings(key) {
            hits.push((PlaceId(i), m));
        }
        if let Some(rest) = fold::strip_arabic_article(key) {
            for (i, m) in self.store.postings(rest) {
                let m = if m == MatchKind::Name || m == MatchKind::Alternate {
                    MatchKind::WithoutArticle
                } else {
                    m
                };
                hits.push((PlaceId(i), m));
            }
        }
        let base = self.store.len() as u32;
        hits.extend(self.overlay.postings(key, base));
        hits.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(a.1.penalty().total_cmp(&b.1.penalty())));
        hits.dedup_by_key(|h| h.0);
        let mut out: Vec<Candidate<'_>> = hits
            .into_iter()
            .filter_map(|(id, matched)| {
                let place = self.get(id)?;
                let score = place.prior() - matched.penalty();
                Some(Candidate {
                    place,
                    matched,
                    score,
                })
            })
            .collect();
        out.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(b.place.population.cmp(&a.place.population))
                .then(a.place.id.cmp(&b.place.id))
        });
        out
    }

    /// Whether any entry answers to this folded key (cheaper than a lookup).
    #[must_use]
    pub fn contains_key(&self, key: &str) -> bool {
        self.store.names.contains_key(key) || self.overlay.contains_key(key)
    }

    /// Whether some entry's key starts with `prefix` (a folded key or the
    /// start of one): lets a caller stop extending a phrase early.
    #[must_use]
    pub fn has_key_prefix(&self, prefix: &str) -> bool {
        let fst = self.store.names.as_fst();
        let mut node = fst.root();
        let mut found = true;
        for &b in prefix.as_bytes() {
            match node.find_input(b) {
                Some(i) => node = fst.node(node.transition(i).addr),
                None => {
                    found = false;
                    break;
                }
            }
        }
        found || self.overlay.has_key_prefix(prefix)
    }

    /// The populated place (or overlay place) nearest to a point, with its
    /// great-circle distance in kilometres.
    ///
    /// ```
    /// let gaz = sitrep::gazetteer::Gazetteer::bundled().unwrap();
    /// let (place, km) = gaz.nearest(34.56, 38.27).unwrap();
    /// assert_eq!(place.name, "Tadmur");
    /// assert!(km < 2.0);
    /// ```
    #[must_use]
    pub fn nearest(&self, lat: f64, lon: f64) -> Option<(Place<'_>, f64)> {
        if !lat.is_finite() || !lon.is_finite() {
            return None;
        }
        let lat = lat.clamp(-90.0, 90.0);
        let mut best: Option<(u32, f64)> = None;
        let cell = format::grid_cell(lat, lon);
        let (row0, col0) = ((cell / GRID_COLS) as i64, (cell % GRID_COLS) as i64);
        for ring in 0..=(GRID_COLS as i64 / 2) {
            // Every point in this ring or beyond is at least `ring - 1`
            // degrees away along some axis; stop once that beats the best.
            if let Some((_, d)) = best {
                let steps = (ring - 1).max(0) as f64;
                let worst_lat = (lat.abs() + steps).min(89.0).to_radians();
                if d <= steps * KM_PER_DEGREE * worst_lat.cos() {
                    break;
                }
            }
            for (row, col) in ring_cells(row0, col0, ring) {
                for i in self.store.grid_cell(row * GRID_COLS + col) {
                    let r = self.store.record(i);
                    let d = haversine_km(lat, lon, round5(r.lat), round5(r.lon));
                    if best.is_none_or(|(_, b)| d < b) {
                        best = Some((i, d));
                    }
                }
            }
        }
        let mut best = best.map(|(i, d)| (PlaceId(i), d));
        for (id, plat, plon) in self.overlay.points(self.store.len() as u32) {
            let d = haversine_km(lat, lon, plat, plon);
            if best.is_none_or(|(_, b)| d < b) {
                best = Some((id, d));
            }
        }
        best.and_then(|(id, d)| Some((self.get(id)?, d)))
    }
}

const KM_PER_DEGREE: f64 = 111.194_9;

/// A stored `f32` degree value as the `f64` it was written from (5 decimals,
/// about a metre), so output shows 34.5624 rather than 34.562400817871094.
fn round5(v: f32) -> f64 {
    (f64::from(v) * 1e5).round() / 1e5
}

/// Great-circle distance in kilometres between two points in degrees.
#[must_use]
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    use geo::{Distance, Haversine, Point};
    Haversine.distance(Point::new(lon1, lat1), Point::new(lon2, lat2)) / 1000.0
}

/// The grid cells at Chebyshev distance `ring` from `(row0, col0)`, columns
/// wrapping round the antimeridian, rows clipped at the poles.
fn ring_cells(row0: i64, col0: i64, ring: i64) -> impl Iterator<Item = (usize, usize)> {
    let cols = GRID_COLS as i64;
    let rows = GRID_ROWS as i64;
    let span = if ring == 0 { 0 } else { 2 * ring };
    // With a ring this wide the columns wrap onto themselves: keep each once.
    let width = (2 * ring + 1).min(cols);
    (0..=span.max(0))
        .flat_map(move |k| {
            let r = row0 - ring + k;
            let edge_row = k == 0 || k == span;
            let cols_here: Vec<i64> = if edge_row {
                (0..width).map(|c| col0 - ring + c).collect()
            } else if 2 * ring < cols {
                vec![col0 - ring, col0 + ring]
            } else if 2 * ring == cols {
                vec![col0 + ring]
            } else {
                Vec::new()
            };
            cols_here.into_iter().map(move |c| (r, c))
        })
        .filter(move |&(r, _)| (0..rows).contains(&r))
        .map(move |(r, c)| (r as usize, c.rem_euclid(cols) as usize))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ring_cells_cover_a_square_once() {
        let mut seen = std::collections::HashSet::new();
        for ring in 0..=3 {
            for cell in ring_cells(90, 10, ring) {
                assert!(seen.insert(cell), "{cell:?} twice");
            }
        }
        assert_eq!(seen.len(), 7 * 7);
    }

    #[test]
    fn ring_cells_wrap_the_antimeridian_and_clip_the_poles() {
        let cells: Vec<_> = ring_cells(0, 0, 1).collect();
        assert!(cells.contains(&(1, GRID_COLS - 1)));
        assert!(cells.iter().all(|&(r, _)| r <= 1));
        assert_eq!(cells.len(), 5);
    }
}
