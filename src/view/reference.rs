//! Reference towns for the basemap: the capitals and large cities a reader orients by,
//! drawn faint beneath the dispatch's own places, more of them the closer the zoom.

use crate::gazetteer::{Gazetteer, PlaceId, PlaceKind};

/// A town the basemap may name.
#[derive(Debug, Clone, PartialEq)]
pub struct RefTown {
    pub place: PlaceId,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub population: u64,
    pub capital: bool,
}

/// The smallest population the basemap names at all.
pub const MIN_POPULATION: u64 = 20_000;

/// Populated places of at least [`MIN_POPULATION`] people and every capital, most
/// populous first (capitals first among equals). A scan of the whole gazetteer (some
/// milliseconds): compute once.
pub fn reference_towns(gaz: &Gazetteer) -> Vec<RefTown> {
    let mut out: Vec<RefTown> = (0..gaz.len() as u32)
        .filter_map(|i| gaz.get(PlaceId(i)))
        .filter(|p| p.kind == PlaceKind::Populated && (p.capital || p.population >= MIN_POPULATION))
        .map(|p| RefTown {
            place: p.id,
            name: p.name.to_string(),
            lat: p.lat,
            lon: p.lon,
            population: p.population,
            capital: p.capital,
        })
        .collect();
    out.sort_by(|a, b| {
        b.population
            .cmp(&a.population)
            .then(b.capital.cmp(&a.capital))
            .then(a.place.0.cmp(&b.place.0))
    });
    out
}

/// [`reference_towns`] of the bundled gazetteer, computed once (empty when the gazetteer
/// cannot be read: the maps are then drawn without reference towns).
pub fn bundled_towns() -> &'static [RefTown] {
    static TOWNS: std::sync::OnceLock<Vec<RefTown>> = std::sync::OnceLock::new();
    TOWNS.get_or_init(|| {
        Gazetteer::bundled()
            .map(|g| reference_towns(&g))
            .unwrap_or_default()
    })
}

/// Whether a town is named at `zoom`: capitals from zoom 3, cities of millions from the
/// start, and smaller towns as the map closes in (20,000 people at zoom 8 and closer).
pub fn shown_at(t: &RefTown, zoom: f64) -> bool {
    let min = if zoom < 3.0 {
        5_000_000
    } else if zoom < 4.0 {
        2_000_000
    } else if zoom < 5.0 {
        700_000
    } else if zoom < 6.0 {
        250_000
    } else if zoom < 7.0 {
        100_000
    } else if zoom < 8.0 {
        50_000
    } else {
        MIN_POPULATION
    };
    t.population >= min || (t.capital && zoom >= 3.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capitals_and_cities_by_zoom() {
        let gaz = Gazetteer::bundled().unwrap();
        let towns = reference_towns(&gaz);
        let find = |name: &str| towns.iter().find(|t| t.name == name).unwrap();
        let damascus = find("Damascus");
        assert!(damascus.capital);
        assert!(!shown_at(damascus, 2.0) && shown_at(damascus, 3.0));
        // Aleppo (2.1 million) from zoom 3, Homs (775,000) from 4, Deir ez-Zor (272,000) from 5.
        let aleppo = find("Aleppo");
        assert!(!aleppo.capital && shown_at(aleppo, 3.0) && !shown_at(aleppo, 2.9));
        let homs = find("Homs");
        assert!(shown_at(homs, 4.0) && !shown_at(homs, 3.9));
        let deir = find("Deir ez-Zor");
        assert!(shown_at(deir, 5.0) && !shown_at(deir, 4.9));
        // Sorted most populous first.
        assert!(towns.windows(2).all(|w| w[0].population >= w[1].population));
        assert!(
            towns
                .iter()
                .all(|t| t.capital || t.population >= MIN_POPULATION)
        );
    }
}
