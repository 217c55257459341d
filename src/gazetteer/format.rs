//! The bundled gazetteer's binary file: how it is written and how it is read.
//!
//! One little-endian file of checksummed sections, read in place with no
//! parsing pass: loading is a header check, a CRC per section and a bounds
//! check of every record, so a corrupt file is a typed error, never a panic.
//!
//! | section | content |
//! |---|---|
//! | `STRS` | UTF-8 strings: display names and admin-1 codes |
//! | `RECS` | one fixed [`RECORD_LEN`]-byte record per place |
//! | `BBOX` | extents, four `f32` each |
//! | `NAME` | an `fst` map from folded name key to a postings range |
//! | `POST` | postings: `u32` = record index << 4 \| match kind |
//! | `GRID` | a 1-degree grid over populated places for `nearest` |

use std::collections::BTreeMap;
use std::sync::Arc;

use super::error::GazetteerError;
use super::fold::{fold_into, strip_arabic_article};
use super::model::{BBox, MatchKind, PlaceKind};

pub(crate) const MAGIC: &[u8; 8] = b"SITREPGZ";
pub(crate) const VERSION: u32 = 1;
pub(crate) const RECORD_LEN: usize = 40;
const HEADER_LEN: usize = 20;
const SECTION_ENTRY_LEN: usize = 24;
const NONE: u32 = u32::MAX;
pub(crate) const GRID_COLS: usize = 360;
pub(crate) const GRID_ROWS: usize = 180;

const FLAG_CAPITAL: u8 = 1;

/// Countries whose transliterated names carry an Arabic article that news
/// often drops ("Ar Raqqah" / "Raqqah").
const ARABIC_ARTICLE_COUNTRIES: &[&str] = &[
    "AE", "BH", "DJ", "DZ", "EG", "EH", "IQ", "JO", "KW", "LB", "LY", "MA", "MR", "OM", "PS", "QA",
    "SA", "SD", "SO", "SY", "TD", "TN", "YE",
];

/// A place as the builder hands it to [`encode`].
#[derive(Clone, Debug, PartialEq)]
pub struct BuildEntry {
    pub geonameid: Option<u32>,
    pub name: String,
    pub kind: PlaceKind,
    pub country: Option<String>,
    /// Index (into the same entry list) of the admin-1 region containing it.
    pub admin1: Option<usize>,
    pub admin1_code: Option<String>,
    pub lat: f64,
    pub lon: f64,
    pub population: u64,
    pub capital: bool,
    pub bbox: Option<BBox>,
    /// Other names it answers to, with how they match. The display name is
    /// indexed as [`MatchKind::Name`] without being listed here.
    pub names: Vec<(String, MatchKind)>,
}

impl BuildEntry {
    /// A minimal entry; set the other fields as needed.
    #[must_use]
    pub fn new(name: &str, kind: PlaceKind, lat: f64, lon: f64) -> Self {
        Self {
            geonameid: None,
            name: name.to_owned(),
            kind,
            country: None,
            admin1: None,
            admin1_code: None,
            lat,
            lon,
            population: 0,
            capital: false,
            bbox: None,
            names: Vec::new(),
        }
    }
}

/// What [`encode`] wrote, for the builder's report.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EncodeStats {
    pub records: usize,
    pub keys: usize,
    pub postings: usize,
    pub bytes: usize,
}

/// Writes entries into the binary format.
///
/// # Errors
/// When there are more places than the format can index, an admin-1
/// reference points outside the list, or a country code is not two ASCII
/// letters.
pub fn encode(entries: &[BuildEntry]) -> Result<(Vec<u8>, EncodeStats), GazetteerError> {
    let bad = |what: String| GazetteerError::Build { what };
    if entries.len() >= (1 << 28) {
        return Err(bad(format!("{} places is more than 2^28", entries.len())));
    }
    let mut strs = String::new();
    let mut recs = Vec::with_capacity(entries.len() * RECORD_LEN);
    let mut bboxes = Vec::new();
    let mut keys: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    let mut key = String::new();
    let mut n_bbox = 0u32;

    for (i, e) in entries.iter().enumerate() {
        let idx = u32::try_from(i).map_err(|_| bad("too many places".into()))?;
        let name_off = u32::try_from(strs.len()).map_err(|_| bad("strings over 4 GB".into()))?;
        let name_len = u16::try_from(e.name.len())
            .map_err(|_| bad(format!("name of {} bytes: {}", e.name.len(), e.name)))?;
        strs.push_str(&e.name);
        let (code_off, code_len) = match &e.admin1_code {
            Some(c) if c.len() < 256 => {
                let off = u32::try_from(strs.len()).map_err(|_| bad("strings over 4 GB".into()))?;
                strs.push_str(c);
                (off, c.len() as u8)
            }
            Some(c) => return Err(bad(format!("admin-1 code too long: {c}"))),
            None => (0, 0),
        };
        let country: [u8; 2] = match &e.country {
            Some(c) if c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase()) => {
                [c.as_bytes()[0], c.as_bytes()[1]]
            }
            Some(c) => return Err(bad(format!("country code {c:?} of {}", e.name))),
            None => [0, 0],
        };
        let admin1 = match e.admin1 {
            Some(a) if a < entries.len() => a as u32,
            Some(a) => return Err(bad(format!("admin-1 index {a} of {}", e.name))),
            None => NONE,
        };
        let bbox = match e.bbox {
            Some(b) => {
                for v in [b.min_lat, b.min_lon, b.max_lat, b.max_lon] {
                    bboxes.extend_from_slice(&(v as f32).to_le_bytes());
                }
                n_bbox += 1;
                n_bbox - 1
            }
            None => NONE,
        };
        recs.extend_from_slice(&e.geonameid.unwrap_or(0).to_le_bytes());
        recs.extend_from_slice(&name_off.to_le_bytes());
        recs.extend_from_slice(&name_len.to_le_bytes());
        recs.push(e.kind.as_u8());
        recs.push(if e.capital { FLAG_CAPITAL } else { 0 });
        recs.extend_from_slice(&country);
        recs.push(code_len);
        recs.push(0);
        recs.extend_from_slice(&code_off.to_le_bytes());
        recs.extend_from_slice(&admin1.to_le_bytes());
        recs.extend_from_slice(&(e.lat as f32).to_le_bytes());
        recs.extend_from_slice(&(e.lon as f32).to_le_bytes());
        recs.extend_from_slice(
            &u32::try_from(e.population)
                .unwrap_or(u32::MAX)
                .to_le_bytes(),
        );
        recs.extend_from_slice(&bbox.to_le_bytes());

        let strip = e
            .country
            .as_deref()
            .is_some_and(|c| ARABIC_ARTICLE_COUNTRIES.contains(&c));
        let names = std::iter::once((e.name.as_str(), MatchKind::Name))
            .chain(e.names.iter().map(|(n, m)| (n.as_str(), *m)));
        for (name, matched) in names {
            fold_into(name, &mut key);
            if key.is_empty() {
                continue;
            }
            add_posting(&mut keys, &key, idx, matched);
            if strip && let Some(rest) = strip_arabic_article(&key) {
                add_posting(&mut keys, rest, idx, MatchKind::WithoutArticle);
            }
        }
    }

    // Postings, best match kind first within one place, then by index.
    let mut post = Vec::new();
    let mut fst_builder = fst::MapBuilder::memory();
    let mut n_postings = 0usize;
    for (k, list) in &mut keys {
        list.sort_unstable_by_key(|p| (p >> 4, p & 0xF));
        list.dedup_by_key(|p| *p >> 4);
        let off = (post.len() / 4) as u64;
        for p in list.iter() {
            post.extend_from_slice(&p.to_le_bytes());
        }
        n_postings += list.len();
        fst_builder
            .insert(k, (off << 32) | list.len() as u64)
            .map_err(|e| bad(format!("name index: {e}")))?;
    }
    let names = fst_builder
        .into_inner()
        .map_err(|e| bad(format!("name index: {e}")))?;

    // Grid over populated places: cell = (lat row, lon col) of 1 degree.
    let mut cells: Vec<(u32, u32)> = entries
        .iter()
        .enumerate()
        .filter(|(_, e)| e.kind == PlaceKind::Populated)
        .map(|(i, e)| (grid_cell(e.lat, e.lon) as u32, i as u32))
        .collect();
    cells.sort_unstable();
    let mut grid = Vec::with_capacity((GRID_COLS * GRID_ROWS + 1 + cells.len()) * 4);
    let mut next = 0usize;
    for cell in 0..=(GRID_COLS * GRID_ROWS) {
        while next < cells.len() && (cells[next].0 as usize) < cell {
            next += 1;
        }
        grid.extend_from_slice(&(next as u32).to_le_bytes());
    }
    for (_, i) in &cells {
        grid.extend_from_slice(&i.to_le_bytes());
    }

    let sections: [(&[u8; 4], &[u8]); 6] = [
        (b"STRS", strs.as_bytes()),
        (b"RECS", &recs),
        (b"BBOX", &bboxes),
        (b"NAME", &names),
        (b"POST", &post),
        (b"GRID", &grid),
    ];
    let mut out = Vec::new();
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&(entries.len() as u32).to_le_bytes());
    out.extend_from_slice(&(sections.len() as u32).to_le_bytes());
    let mut offset = align8(HEADER_LEN + sections.len() * SECTION_ENTRY_LEN);
    for (tag, data) in &sections {
        out.extend_from_slice(*tag);
        out.extend_from_slice(&(offset as u64).to_le_bytes());
        out.extend_from_slice(&(data.len() as u64).to_le_bytes());
        out.extend_from_slice(&crc32fast::hash(data).to_le_bytes());
        offset = align8(offset + data.len());
    }
    for (_, data) in &sections {
        out.resize(align8(out.len()), 0);
        out.extend_from_slice(data);
    }
    let stats = EncodeStats {
        records: entries.len(),
        keys: keys.len(),
        postings: n_postings,
        bytes: out.len(),
    };
    Ok((out, stats))
}

fn add_posting(keys: &mut BTreeMap<String, Vec<u32>>, key: &str, idx: u32, m: MatchKind) {
    let p = (idx << 4) | u32::from(m.as_u8());
    match keys.get_mut(key) {
        Some(list) => list.push(p),
        None => {
            keys.insert(key.to_owned(), vec![p]);
        }
    }
}

fn align8(n: usize) -> usize {
    n.div_ceil(8) * 8
}

/// The grid cell of a point: row-major, 1 degree, latitude clamped.
pub(crate) fn grid_cell(lat: f64, lon: f64) -> usize {
    let row = ((lat + 90.0).floor().clamp(0.0, (GRID_ROWS - 1) as f64)) as usize;
    let col = ((lon + 180.0).floor().rem_euclid(GRID_COLS as f64)) as usize;
    row * GRID_COLS + col.min(GRID_COLS - 1)
}

/// The file's bytes, compiled in or read from disk, shared by every section.
#[derive(Clone, Debug)]
pub(crate) enum Blob {
    Static(&'static [u8]),
    Owned(Arc<[u8]>),
}

impl AsRef<[u8]> for Blob {
    fn as_ref(&self) -> &[u8] {
        match self {
            Blob::Static(b) => b,
            Blob::Owned(b) => b,
        }
    }
}

/// One section of a [`Blob`], usable where `fst` wants bytes.
#[derive(Clone, Debug)]
pub(crate) struct Section {
    blob: Blob,
    start: usize,
    end: usize,
}

impl AsRef<[u8]> for Section {
    fn as_ref(&self) -> &[u8] {
        &self.blob.as_ref()[self.start..self.end]
    }
}

/// A validated gazetteer file, read in place.
pub(crate) struct Store {
    strs: Section,
    recs: Section,
    bbox: Section,
    post: Section,
    grid: Section,
    pub(crate) names: fst::Map<Section>,
    len: usize,
}

/// One record, decoded on demand.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Record<'a> {
    pub geonameid: Option<u32>,
    pub name: &'a str,
    pub kind: PlaceKind,
    pub capital: bool,
    pub country: Option<&'a str>,
    pub admin1_code: Option<&'a str>,
    pub admin1: Option<u32>,
    pub lat: f32,
    pub lon: f32,
    pub population: u32,
    pub bbox: Option<BBox>,
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

fn f32_at(b: &[u8], at: usize) -> f32 {
    f32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

impl Store {
    /// Checks and opens a gazetteer file; `name` names it in errors.
    pub(crate) fn open(blob: Blob, name: &str) -> Result<Self, GazetteerError> {
        let corrupt = |what: String| GazetteerError::Corrupt {
            file: name.to_owned(),
            what,
        };
        let bytes = blob.as_ref();
        if bytes.len() < HEADER_LEN || &bytes[..8] != MAGIC {
            return Err(corrupt("not a sitrep gazetteer (bad magic number)".into()));
        }
        let version = u32_at(bytes, 8);
        if version != VERSION {
            return Err(GazetteerError::Version {
                file: name.to_owned(),
                found: version,
                expected: VERSION,
            });
        }
        let len = u32_at(bytes, 12) as usize;
        let n_sections = u32_at(bytes, 16) as usize;
        if HEADER_LEN + n_sections * SECTION_ENTRY_LEN > bytes.len() {
            return Err(corrupt(format!("truncated header ({} bytes)", bytes.len())));
        }
        let mut found: BTreeMap<[u8; 4], Section> = BTreeMap::new();
        for s in 0..n_sections {
            let at = HEADER_LEN + s * SECTION_ENTRY_LEN;
            let tag: [u8; 4] = [bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]];
            let off = u64::from_le_bytes(bytes[at + 4..at + 12].try_into().unwrap_or_default());
            let n = u64::from_le_bytes(bytes[at + 12..at + 20].try_into().unwrap_or_default());
            let crc = u32_at(bytes, at + 20);
            let tag_name = String::from_utf8_lossy(&tag).into_owned();
            let end = off.checked_add(n).filter(|&e| e <= bytes.len() as u64);
            let Some(end) = end else {
                return Err(corrupt(format!(
                    "section {tag_name} ({n} bytes at {off}) runs past the end of the file ({} bytes): truncated?",
                    bytes.len()
                )));
            };
            let (start, end) = (off as usize, end as usize);
            if crc32fast::hash(&bytes[start..end]) != crc {
                return Err(corrupt(format!("section {tag_name} fails its checksum")));
            }
            found.insert(
                tag,
                Section {
                    blob: blob.clone(),
                    start,
                    end,
                },
            );
        }
        let mut take = |tag: &[u8; 4]| {
            found.remove(tag).ok_or_else(|| {
                corrupt(format!(
                    "section {} is missing",
                    String::from_utf8_lossy(tag)
                ))
            })
        };
        let strs = take(b"STRS")?;
        let recs = take(b"RECS")?;
        let bbox = take(b"BBOX")?;
        let names = take(b"NAME")?;
        let post = take(b"POST")?;
        let grid = take(b"GRID")?;
        let names = fst::Map::new(names).map_err(|e| corrupt(format!("name index: {e}")))?;
        // `Map::new` checks only the fst's header and footer, and a lookup
        // in a damaged fst panics (found by fuzzing): its own checksum is
        // checked too, once, here.
        names
            .as_fst()
            .verify()
            .map_err(|e| corrupt(format!("name index: {e}")))?;
        let store = Store {
            strs,
            recs,
            bbox,
            post,
            grid,
            names,
            len,
        };
        store.validate().map_err(corrupt)?;
        Ok(store)
    }

    /// Bounds-checks everything a lookup will touch, once, so reads later
    /// can index without checks failing.
    fn validate(&self) -> Result<(), String> {
        let recs = self.recs.as_ref();
        if recs.len() != self.len * RECORD_LEN {
            return Err(format!(
                "{} record bytes for {} places (expected {})",
                recs.len(),
                self.len,
                self.len * RECORD_LEN
            ));
        }
        let strs = std::str::from_utf8(self.strs.as_ref())
            .map_err(|e| format!("names are not UTF-8: {e}"))?;
        let n_bbox = self.bbox.as_ref().len() / 16;
        for i in 0..self.len {
            let r = &recs[i * RECORD_LEN..(i + 1) * RECORD_LEN];
            let name = u32_at(r, 4) as usize
                ..u32_at(r, 4) as usize + usize::from(r[8]) + (usize::from(r[9]) << 8);
            let code = u32_at(r, 16) as usize..u32_at(r, 16) as usize + usize::from(r[14]);
            for range in [name, code] {
                if strs.get(range.clone()).is_none() {
                    return Err(format!("place {i}: string {range:?} out of bounds"));
                }
            }
            if PlaceKind::from_u8(r[10]).is_none() {
                return Err(format!("place {i}: unknown kind {}", r[10]));
            }
            if !(r[12] == 0 && r[13] == 0
                || r[12].is_ascii_uppercase() && r[13].is_ascii_uppercase())
            {
                return Err(format!("place {i}: bad country code"));
            }
            let admin1 = u32_at(r, 20);
            if admin1 != NONE && admin1 as usize >= self.len {
                return Err(format!(
                    "place {i}: admin-1 reference {admin1} out of bounds"
                ));
            }
            let bbox = u32_at(r, 36);
            if bbox != NONE && bbox as usize >= n_bbox {
                return Err(format!("place {i}: extent {bbox} out of bounds"));
            }
        }
        let post = self.post.as_ref();
        for at in (0..post.len() / 4 * 4).step_by(4) {
            let p = u32_at(post, at);
            if (p >> 4) as usize >= self.len || MatchKind::from_u8((p & 0xF) as u8).is_none() {
                return Err(format!("posting {} is invalid", at / 4));
            }
        }
        let grid = self.grid.as_ref();
        let cells = GRID_COLS * GRID_ROWS + 1;
        if grid.len() < cells * 4 || grid.len() % 4 != 0 {
            return Err("grid index is truncated".into());
        }
        let n_ids = grid.len() / 4 - cells;
        let mut prev = 0;
        for c in 0..cells {
            let start = u32_at(grid, c * 4) as usize;
            if start < prev || start > n_ids {
                return Err(format!("grid cell {c} is out of order"));
            }
            prev = start;
        }
        for at in (cells * 4..grid.len()).step_by(4) {
            if u32_at(grid, at) as usize >= self.len {
                return Err("grid index names a place out of bounds".into());
            }
        }
        Ok(())
    }

    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// The record at `i`; `i` must be below [`Store::len`].
    pub(crate) fn record(&self, i: u32) -> Record<'_> {
        let i = i as usize;
        let r = &self.recs.as_ref()[i * RECORD_LEN..(i + 1) * RECORD_LEN];
        // Validated in `validate`: ranges are in bounds and on char boundaries.
        let strs = self.strs.as_ref();
        let text = |start: usize, len: usize| {
            std::str::from_utf8(&strs[start..start + len]).unwrap_or_default()
        };
        let name_len = usize::from(u16::from_le_bytes([r[8], r[9]]));
        let geonameid = u32_at(r, 0);
        let code_len = usize::from(r[14]);
        let admin1 = u32_at(r, 20);
        let bbox = u32_at(r, 36);
        Record {
            geonameid: (geonameid != 0).then_some(geonameid),
            name: text(u32_at(r, 4) as usize, name_len),
            kind: PlaceKind::from_u8(r[10]).unwrap_or(PlaceKind::Populated),
            capital: r[11] & FLAG_CAPITAL != 0,
            country: (r[12] != 0).then(|| std::str::from_utf8(&r[12..14]).unwrap_or_default()),
            admin1_code: (code_len > 0).then(|| text(u32_at(r, 16) as usize, code_len)),
            admin1: (admin1 != NONE).then_some(admin1),
            lat: f32_at(r, 24),
            lon: f32_at(r, 28),
            population: u32_at(r, 32),
            bbox: (bbox != NONE).then(|| {
                let b = &self.bbox.as_ref()[bbox as usize * 16..bbox as usize * 16 + 16];
                BBox {
                    min_lat: f64::from(f32_at(b, 0)),
                    min_lon: f64::from(f32_at(b, 4)),
                    max_lat: f64::from(f32_at(b, 8)),
                    max_lon: f64::from(f32_at(b, 12)),
                }
            }),
        }
    }

    /// Only the name of record `i` (what a place needs of its admin-1 unit), without
    /// decoding the rest of it.
    pub(crate) fn record_name(&self, i: u32) -> &str {
        let i = i as usize;
        let r = &self.recs.as_ref()[i * RECORD_LEN..(i + 1) * RECORD_LEN];
        let name_len = usize::from(u16::from_le_bytes([r[8], r[9]]));
        let start = u32_at(r, 4) as usize;
        std::str::from_utf8(&self.strs.as_ref()[start..start + name_len]).unwrap_or_default()
    }

    /// Postings of a folded key: `(record index, match kind)`.
    pub(crate) fn postings(&self, key: &str) -> impl Iterator<Item = (u32, MatchKind)> + '_ {
        let (off, n) = match self.names.get(key) {
            Some(v) => ((v >> 32) as usize, (v & 0xFFFF_FFFF) as usize),
            None => (0, 0),
        };
        let post = self.post.as_ref();
        let range = (off * 4).min(post.len())..((off + n) * 4).min(post.len());
        post[range].chunks_exact(4).map(|c| {
            let p = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
            (
                p >> 4,
                MatchKind::from_u8((p & 0xF) as u8).unwrap_or(MatchKind::Alternate),
            )
        })
    }

    /// Record indices of the populated places in grid cell `cell`.
    pub(crate) fn grid_cell(&self, cell: usize) -> impl Iterator<Item = u32> + '_ {
        let grid = self.grid.as_ref();
        let cells = GRID_COLS * GRID_ROWS + 1;
        let start = u32_at(grid, cell * 4) as usize;
        let end = u32_at(grid, (cell + 1) * 4) as usize;
        grid[(cells + start) * 4..(cells + end) * 4]
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
    }
}
