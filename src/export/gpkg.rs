//! OGC GeoPackage 1.3 (SQLite through rusqlite's bundled SQLite): the
//! required `gpkg_spatial_ref_sys` (EPSG:4326 and the two undefined
//! systems), `gpkg_contents` and `gpkg_geometry_columns`, then two point
//! layers, `events` (events with a place) and `places`, with
//! GeoPackageBinary geometries. `application_id` is `GPKG` and
//! `user_version` 10300, so GDAL and QGIS open the file as it is.
//!
//! Deterministic: `last_change` is the latest article date of the sources
//! (midnight UTC), or 1970-01-01 when none is known, never the clock.
//! Written to a temporary file beside the target and renamed over it.

use std::path::Path;

use rusqlite::{Connection, params};

use super::{ExportError, PlaceInfo, Table, iso, kind_id, precision_id};

const WGS84_WKT: &str = "GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563,AUTHORITY[\"EPSG\",\"7030\"]],AUTHORITY[\"EPSG\",\"6326\"]],PRIMEM[\"Greenwich\",0,AUTHORITY[\"EPSG\",\"8901\"]],UNIT[\"degree\",0.0174532925199433,AUTHORITY[\"EPSG\",\"9122\"]],AXIS[\"Latitude\",NORTH],AXIS[\"Longitude\",EAST],AUTHORITY[\"EPSG\",\"4326\"]]";

const SCHEMA: &str = r#"
PRAGMA application_id = 1196444487;
PRAGMA user_version = 10300;
CREATE TABLE gpkg_spatial_ref_sys (
  srs_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL PRIMARY KEY,
  organization TEXT NOT NULL,
  organization_coordsys_id INTEGER NOT NULL,
  definition TEXT NOT NULL,
  description TEXT
);
CREATE TABLE gpkg_contents (
  table_name TEXT NOT NULL PRIMARY KEY,
  data_type TEXT NOT NULL,
  identifier TEXT UNIQUE,
  description TEXT DEFAULT '',
  last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE,
  srs_id INTEGER,
  CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id)
);
CREATE TABLE gpkg_geometry_columns (
  table_name TEXT NOT NULL,
  column_name TEXT NOT NULL,
  geometry_type_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL,
  z TINYINT NOT NULL,
  m TINYINT NOT NULL,
  CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
  CONSTRAINT uk_gc_table_name UNIQUE (table_name),
  CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
  CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id)
);
CREATE TABLE events (
  fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
  geom POINT,
  event_id TEXT NOT NULL,
  event_type TEXT NOT NULL,
  event_label TEXT NOT NULL,
  status TEXT NOT NULL,
  actors TEXT,
  place TEXT NOT NULL,
  place_kind TEXT NOT NULL,
  geonameid INTEGER,
  country TEXT,
  admin1 TEXT,
  "begin" DATE,
  "end" DATE,
  "precision" TEXT NOT NULL,
  "trigger" TEXT NOT NULL,
  sentence TEXT NOT NULL,
  source TEXT NOT NULL,
  confidence REAL NOT NULL
);
CREATE TABLE places (
  fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
  geom POINT,
  place TEXT NOT NULL,
  place_kind TEXT NOT NULL,
  geonameid INTEGER,
  country TEXT,
  admin1 TEXT,
  mentions INTEGER NOT NULL,
  indirect_mentions INTEGER NOT NULL,
  first_sentence TEXT NOT NULL,
  events TEXT,
  source TEXT NOT NULL,
  confidence REAL NOT NULL
);
"#;

/// A GeoPackageBinary point in EPSG:4326: the `GP` header (version 0,
/// flags: little-endian, no envelope, not empty), the SRS id, then a
/// little-endian WKB Point (x = longitude, y = latitude).
#[must_use]
pub fn point_blob(lon: f64, lat: f64) -> Vec<u8> {
    let mut b = Vec::with_capacity(29);
    b.extend_from_slice(b"GP");
    b.push(0); // version 1 of the blob format is written as 0
    b.push(0b0000_0001); // byte order little-endian, envelope 0 (none)
    b.extend_from_slice(&4326i32.to_le_bytes());
    b.push(1); // WKB little-endian
    b.extend_from_slice(&1u32.to_le_bytes()); // Point
    b.extend_from_slice(&lon.to_le_bytes());
    b.extend_from_slice(&lat.to_le_bytes());
    b
}

fn blob(p: &PlaceInfo) -> Vec<u8> {
    let r = |v: f64| (v * 1e6).round() / 1e6;
    point_blob(r(p.lon), r(p.lat))
}

/// `[min_x, min_y, max_x, max_y]` of the points, if any.
fn extent<'a>(points: impl Iterator<Item = &'a PlaceInfo>) -> Option<[f64; 4]> {
    points.fold(None, |acc, p| {
        let [a, b, c, d] = acc.unwrap_or([p.lon, p.lat, p.lon, p.lat]);
        Some([a.min(p.lon), b.min(p.lat), c.max(p.lon), d.max(p.lat)])
    })
}

fn fill(conn: &mut Connection, table: &Table) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    tx.execute_batch(SCHEMA)?;
    tx.execute(
        "INSERT INTO gpkg_spatial_ref_sys VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            "Undefined cartesian SRS",
            -1,
            "NONE",
            -1,
            "undefined",
            "undefined cartesian coordinate reference system"
        ],
    )?;
    tx.execute(
        "INSERT INTO gpkg_spatial_ref_sys VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            "Undefined geographic SRS",
            0,
            "NONE",
            0,
            "undefined",
            "undefined geographic coordinate reference system"
        ],
    )?;
    tx.execute(
        "INSERT INTO gpkg_spatial_ref_sys VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            "WGS 84 geodetic",
            4326,
            "EPSG",
            4326,
            WGS84_WKT,
            "longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid"
        ],
    )?;
    let last_change = table
        .sources
        .iter()
        .filter_map(|s| s.1)
        .max()
        .map_or_else(|| "1970-01-01".to_owned(), |d| iso(Some(d)));
    let last_change = format!("{last_change}T00:00:00.000Z");
    let layers = [
        (
            "events",
            "Events with a place, from sitrep",
            extent(table.events.iter().filter_map(|e| e.place.as_ref())),
        ),
        (
            "places",
            "Places mentioned, from sitrep",
            extent(table.places.iter().map(|r| &r.place)),
        ),
    ];
    for (name, description, ext) in layers {
        let [a, b, c, d] = ext.map_or([None; 4], |e| e.map(Some));
        tx.execute(
            "INSERT INTO gpkg_contents VALUES (?1, 'features', ?1, ?2, ?3, ?4, ?5, ?6, ?7, 4326)",
            params![
                name,
                format!("{description}. {}", super::ATTRIBUTION),
                last_change,
                a,
                b,
                c,
                d
            ],
        )?;
        tx.execute(
            "INSERT INTO gpkg_geometry_columns VALUES (?1, 'geom', 'POINT', 4326, 0, 0)",
            params![name],
        )?;
    }
    {
        let mut ins = tx.prepare(
            "INSERT INTO events (geom, event_id, event_type, event_label, status, actors, place, \
             place_kind, geonameid, country, admin1, \"begin\", \"end\", \"precision\", \"trigger\", sentence, \
             source, confidence) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, \
             ?14, ?15, ?16, ?17, ?18)",
        )?;
        for e in &table.events {
            let Some(p) = &e.place else { continue };
            ins.execute(params![
                blob(p),
                e.id,
                e.kind.id(),
                e.kind.label(),
                e.status.id(),
                e.actors.join("; "),
                p.name,
                kind_id(p.kind),
                p.geonameid,
                p.country_name,
                p.admin1,
                e.begin.map(|d| iso(Some(d))),
                e.end.map(|d| iso(Some(d))),
                precision_id(e.precision),
                e.trigger,
                e.sentence,
                e.source,
                f64::from(e.confidence),
            ])?;
        }
        let mut ins = tx.prepare(
            "INSERT INTO places (geom, place, place_kind, geonameid, country, admin1, mentions, \
             indirect_mentions, first_sentence, events, source, confidence) VALUES (?1, ?2, ?3, \
             ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )?;
        for r in &table.places {
            let p = &r.place;
            ins.execute(params![
                blob(p),
                p.name,
                kind_id(p.kind),
                p.geonameid,
                p.country_name,
                p.admin1,
                i64::try_from(r.mentions).unwrap_or(i64::MAX),
                i64::try_from(r.indirect).unwrap_or(i64::MAX),
                r.first_sentence,
                r.events.join("; "),
                r.source,
                f64::from(r.confidence),
            ])?;
        }
    }
    tx.commit()
}

/// Writes the GeoPackage of `table` to `path` (the caller has checked
/// whether it may be replaced).
pub(super) fn write(table: &Table, path: &Path) -> Result<(), ExportError> {
    let io = |source: std::io::Error| ExportError::Io {
        path: path.to_owned(),
        source,
    };
    crate::files::write_via(path, |tmp| {
        let mut conn = Connection::open(tmp).map_err(std::io::Error::other)?;
        fill(&mut conn, table).map_err(std::io::Error::other)?;
        conn.close().map_err(|(_, e)| std::io::Error::other(e))
    })
    .map_err(io)
}
