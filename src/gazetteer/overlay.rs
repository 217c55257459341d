//! The analyst's overlay: local places and spellings kept in a CSV file and
//! laid over the bundled gazetteer.
//!
//! ```csv
//! name,lat,lon,country,admin1,population,aliases,geonameid,note
//! Checkpoint 7,34.55,38.31,SY,,,CP7|Checkpoint Seven,,east gate
//! Tadmor,,,,,,,163808,local spelling of Palmyra
//! ```
//!
//! `name` is required; a row with `lat` and `lon` adds a new place, a row
//! with only `geonameid` teaches an existing entry another name. A bad row
//! is reported with its file and line and skipped; the rest still load.

use std::collections::HashMap;
use std::path::Path;

use super::error::{GazetteerError, OverlayRowError};
use super::fold::fold;
use super::model::{MatchKind, Place, PlaceId, PlaceKind};

/// One place of the overlay file.
#[derive(Clone, Debug, PartialEq)]
pub struct OverlayPlace {
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub country: Option<String>,
    pub admin1: Option<String>,
    pub population: u64,
    pub note: Option<String>,
}

/// Places and spellings from the analyst's own file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Overlay {
    places: Vec<OverlayPlace>,
    /// Folded key -> own places (by index) answering to it.
    keys: HashMap<String, Vec<usize>>,
    /// Folded key -> GeoNames ids of bundled entries given this name.
    aliases: HashMap<String, Vec<u32>>,
    /// GeoNames id -> bundled record index, filled by `resolve_aliases`.
    resolved: HashMap<u32, u32>,
}

impl Overlay {
    /// Reads an overlay CSV file. Row errors are returned beside the overlay;
    /// the rows without errors are all in it.
    ///
    /// # Errors
    /// If the file cannot be read, or its header lacks a `name` column.
    pub fn from_path(path: &Path) -> Result<(Overlay, Vec<OverlayRowError>), GazetteerError> {
        let bytes = crate::files::read(path).map_err(|e| GazetteerError::Overlay {
            path: path.to_owned(),
            what: format!("cannot read: {e}"),
        })?;
        Self::from_reader(&bytes[..], path)
    }

    /// [`Overlay::from_path`] from any reader; `path` names it in messages.
    ///
    /// # Errors
    /// If the header cannot be read or lacks a `name` column.
    pub fn from_reader(
        reader: impl std::io::Read,
        path: &Path,
    ) -> Result<(Overlay, Vec<OverlayRowError>), GazetteerError> {
        let file_error = |what: String| GazetteerError::Overlay {
            path: path.to_owned(),
            what,
        };
        let mut csv = csv::ReaderBuilder::new()
            .flexible(true)
            .trim(csv::Trim::All)
            .comment(Some(b'#'))
            .from_reader(reader);
        let header: Vec<String> = csv
            .headers()
            .map_err(|e| file_error(format!("cannot read the header line: {e}")))?
            .iter()
            .map(str::to_ascii_lowercase)
            .collect();
        let col = |name: &str| header.iter().position(|h| h == name);
        let Some(c_name) = col("name") else {
            return Err(file_error(format!(
                "the header line has no `name` column (found: {})",
                header.join(", ")
            )));
        };
        let cols = Columns {
            name: c_name,
            lat: col("lat").or_else(|| col("latitude")),
            lon: col("lon")
                .or_else(|| col("lng"))
                .or_else(|| col("longitude")),
            country: col("country"),
            admin1: col("admin1"),
            population: col("population"),
            aliases: col("aliases"),
            geonameid: col("geonameid"),
            note: col("note"),
        };
        let mut overlay = Overlay::default();
        let mut errors = Vec::new();
        for row in csv.records() {
            let row = match row {
                Ok(r) => r,
                Err(e) => {
                    let line = e.position().map_or(0, csv::Position::line);
                    errors.push(OverlayRowError {
                        path: path.to_owned(),
                        line,
                        what: format!("unreadable row: {e}"),
                    });
                    continue;
                }
            };
            let line = row.position().map_or(0, csv::Position::line);
            if let Err(what) = overlay.add_row(&row, &cols) {
                errors.push(OverlayRowError {
                    path: path.to_owned(),
                    line,
                    what,
                });
            }
        }
        Ok((overlay, errors))
    }

    fn add_row(&mut self, row: &csv::StringRecord, c: &Columns) -> Result<(), String> {
        let field = |i: Option<usize>| i.and_then(|i| row.get(i)).filter(|s| !s.is_empty());
        let name = field(Some(c.name)).ok_or("the name is empty")?;
        let number =
            |what: &str, i: Option<usize>, lo: f64, hi: f64| -> Result<Option<f64>, String> {
                field(i)
                    .map(|s| {
                        s.parse::<f64>()
                            .ok()
                            .filter(|v| (lo..=hi).contains(v))
                            .ok_or_else(|| format!("{what} {s:?} is not a number in {lo}..{hi}"))
                    })
                    .transpose()
            };
        let lat = number("latitude", c.lat, -90.0, 90.0)?;
        let lon = number("longitude", c.lon, -180.0, 180.0)?;
        let geonameid = field(c.geonameid)
            .map(|s| {
                s.parse::<u32>()
                    .map_err(|_| format!("geonameid {s:?} is not a whole number"))
            })
            .transpose()?;
        let country = field(c.country)
            .map(|s| {
                if s.len() == 2 && s.bytes().all(|b| b.is_ascii_alphabetic()) {
                    Ok(s.to_ascii_uppercase())
                } else {
                    Err(format!("country {s:?} is not a two-letter ISO code"))
                }
            })
            .transpose()?;
        let population = field(c.population)
            .map(|s| {
                s.replace([',', '_'], "")
                    .parse::<u64>()
                    .map_err(|_| format!("population {s:?} is not a whole number"))
            })
            .transpose()?
            .unwrap_or(0);
        let aliases: Vec<&str> = field(c.aliases)
            .map(|s| {
                s.split(['|', ';'])
                    .map(str::trim)
                    .filter(|a| !a.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        let keys: Vec<String> = std::iter::once(name)
            .chain(aliases.iter().copied())
            .map(fold)
            .filter(|k| !k.is_empty())
            .collect();
        if keys.is_empty() {
            return Err(format!("the name {name:?} has no letters or digits"));
        }
        match (lat, lon, geonameid) {
            (Some(lat), Some(lon), _) => {
                let idx = self.places.len();
                self.places.push(OverlayPlace {
                    name: name.to_owned(),
                    lat,
                    lon,
                    country,
                    admin1: field(c.admin1).map(str::to_owned),
                    population,
                    note: field(c.note).map(str::to_owned),
                });
                for k in keys {
                    let list = self.keys.entry(k).or_default();
                    if !list.contains(&idx) {
                        list.push(idx);
                    }
                }
                Ok(())
            }
            (None, None, Some(id)) => {
                for k in keys {
                    self.aliases.entry(k).or_default().push(id);
                }
                Ok(())
            }
            (Some(_), None, _) | (None, Some(_), _) => {
                Err("give both lat and lon, or neither".to_owned())
            }
            (None, None, None) => Err(
                "a row needs lat and lon (a new place) or a geonameid (another name for an existing one)"
                    .to_owned(),
            ),
        }
    }

    /// Number of places the overlay adds (aliases not counted).
    #[must_use]
    pub fn len(&self) -> usize {
        self.places.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.places.is_empty() && self.aliases.is_empty()
    }

    /// The GeoNames ids the overlay gives extra names to.
    pub fn alias_targets(&self) -> impl Iterator<Item = u32> + '_ {
        self.aliases.values().flatten().copied()
    }

    /// Records where the bundled entries named by GeoNames id sit, so alias
    /// rows can answer lookups. Called by [`super::Gazetteer::with_overlay`].
    pub(crate) fn set_resolved(&mut self, resolved: HashMap<u32, u32>) {
        self.resolved = resolved;
    }

    /// GeoNames ids the overlay names that the gazetteer does not hold.
    #[must_use]
    pub fn unresolved_aliases(&self) -> Vec<u32> {
        let mut ids: Vec<u32> = self
            .alias_targets()
            .filter(|id| !self.resolved.contains_key(id))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    pub(crate) fn place(&self, i: usize, id: PlaceId) -> Option<Place<'_>> {
        let p = self.places.get(i)?;
        Some(Place {
            id,
            geonameid: None,
            name: &p.name,
            kind: PlaceKind::User,
            country: p.country.as_deref(),
            admin1: p.admin1.as_deref(),
            admin1_code: None,
            lat: p.lat,
            lon: p.lon,
            population: p.population,
            capital: false,
            bbox: None,
        })
    }

    /// The overlay's own place for an id, with its note.
    #[must_use]
    pub fn own_place(&self, i: usize) -> Option<&OverlayPlace> {
        self.places.get(i)
    }

    /// Matches of a folded key: own places (ids from `base` on) and aliases.
    pub(crate) fn postings(
        &self,
        key: &str,
        base: u32,
    ) -> impl Iterator<Item = (PlaceId, MatchKind)> + '_ {
        let own = self
            .keys
            .get(key)
            .into_iter()
            .flatten()
            .map(move |&i| (PlaceId(base + i as u32), MatchKind::Name));
        let aliases = self
            .aliases
            .get(key)
            .into_iter()
            .flatten()
            .filter_map(|g| self.resolved.get(g))
            .map(|&i| (PlaceId(i), MatchKind::Overlay));
        own.chain(aliases)
    }

    pub(crate) fn contains_key(&self, key: &str) -> bool {
        self.keys.contains_key(key)
            || self
                .aliases
                .get(key)
                .is_some_and(|ids| ids.iter().any(|g| self.resolved.contains_key(g)))
    }

    pub(crate) fn has_key_prefix(&self, prefix: &str) -> bool {
        self.keys.keys().any(|k| k.starts_with(prefix))
            || self.aliases.keys().any(|k| k.starts_with(prefix))
    }

    /// `(id, lat, lon)` of every own place, ids from `base` on.
    pub(crate) fn points(&self, base: u32) -> impl Iterator<Item = (PlaceId, f64, f64)> + '_ {
        self.places
            .iter()
            .enumerate()
            .map(move |(i, p)| (PlaceId(base + i as u32), p.lat, p.lon))
    }
}

struct Columns {
    name: usize,
    lat: Option<usize>,
    lon: Option<usize>,
    country: Option<usize>,
    admin1: Option<usize>,
    population: Option<usize>,
    aliases: Option<usize>,
    geonameid: Option<usize>,
    note: Option<usize>,
}
