//! Reading the basemap file (`assets/basemap/basemap.bin`, written by
//! `assets/basemap/tools/build_basemap.py`; the format is described in `assets/README.md`).
//!
//! Everything is checked while reading — magic, version, length, CRC-32 of the body, every
//! count against the bytes left, every arc reference against the arc table, every coordinate
//! finite — so later stages index without panicking.

use thiserror::Error;

pub(crate) const MAGIC: &[u8; 8] = b"SITREPBM";
pub(crate) const VERSION: u32 = 1;
const HEADER_LEN: usize = 32;

/// A basemap file that could not be read. Every variant names the file.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum BasemapError {
    #[error("{file}: not a sitrep basemap (bad magic number)")]
    BadMagic { file: String },
    #[error("{file}: basemap format version {found}; this build reads version {expected}")]
    Version {
        file: String,
        found: u32,
        expected: u32,
    },
    #[error("{file}: truncated ({len} bytes where {expected} are needed)")]
    Truncated {
        file: String,
        len: usize,
        expected: usize,
    },
    #[error("{file}: checksum mismatch, the file is corrupt")]
    Checksum { file: String },
    #[error("{file}: corrupt at byte {offset}: {what}")]
    Corrupt {
        file: String,
        offset: usize,
        what: &'static str,
    },
}

/// A country (or territory) of the basemap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountryInfo {
    /// Natural Earth's name ("Bosnia and Herz.", "Dem. Rep. Congo", ...).
    pub name: String,
    /// ISO 3166-1 numeric code, if it has one.
    pub numeric: Option<u16>,
    alpha2: Option<[u8; 2]>,
}

impl CountryInfo {
    /// ISO 3166-1 alpha-2 code (upper case), if it has one (Kosovo has the user-assigned XK).
    pub fn alpha2(&self) -> Option<&str> {
        self.alpha2
            .as_ref()
            .and_then(|a| std::str::from_utf8(a).ok())
    }
}

/// One polygon: rings (exterior first, then holes), each a list of arc references
/// (`i` = arc `i`, `-1 - i` = arc `i` reversed). References are checked against the arcs.
pub(crate) type RawPolygon = Vec<Vec<i32>>;

/// One scale (1:110m or 1:50m) as stored: arcs in lon/lat degrees and the polygons built
/// from them.
#[derive(Debug, Clone)]
pub(crate) struct RawScale {
    /// 110 or 50 (millions).
    pub denominator: u32,
    pub arcs: Vec<Vec<[f64; 2]>>,
    /// (country index into the country table, its polygons).
    pub countries: Vec<(usize, Vec<RawPolygon>)>,
    pub land: Vec<RawPolygon>,
}

#[derive(Debug, Clone)]
pub(crate) struct RawBasemap {
    pub countries: Vec<CountryInfo>,
    pub scales: Vec<RawScale>,
}

pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    /// Offset of `bytes[0]` in the file, for error messages.
    base: usize,
    file: &'a str,
}

impl<'a> Reader<'a> {
    /// Fails unless every byte of the body was read.
    pub(crate) fn finish(&self) -> Result<(), BasemapError> {
        if self.pos == self.bytes.len() {
            Ok(())
        } else {
            Err(self.corrupt("unread bytes at the end of the body"))
        }
    }

    /// A length-prefixed UTF-8 string.
    pub(crate) fn string(&mut self) -> Result<String, BasemapError> {
        let len = self.count(1)?;
        std::str::from_utf8(self.take(len)?)
            .map(str::to_string)
            .map_err(|_| self.corrupt("text is not UTF-8"))
    }

    pub(crate) fn corrupt(&self, what: &'static str) -> BasemapError {
        BasemapError::Corrupt {
            file: self.file.to_string(),
            offset: self.base + self.pos,
            what,
        }
    }

    pub(crate) fn take(&mut self, n: usize) -> Result<&'a [u8], BasemapError> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or_else(|| self.corrupt("unexpected end of data"))?;
        let s = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    pub(crate) fn varint(&mut self) -> Result<u64, BasemapError> {
        let mut v: u64 = 0;
        for shift in (0..64).step_by(7) {
            let b = self.take(1)?[0];
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(self.corrupt("varint too long"))
    }

    pub(crate) fn zigzag(&mut self) -> Result<i64, BasemapError> {
        let v = self.varint()?;
        Ok(((v >> 1) as i64) ^ -((v & 1) as i64))
    }

    /// A count of items that take at least `min_bytes` each, checked against what is left.
    pub(crate) fn count(&mut self, min_bytes: usize) -> Result<usize, BasemapError> {
        let n = self.varint()?;
        let left = self.bytes.len() - self.pos;
        match usize::try_from(n) {
            Ok(n) if n.saturating_mul(min_bytes) <= left => Ok(n),
            _ => Err(self.corrupt("count larger than the data left")),
        }
    }

    pub(crate) fn f64(&mut self) -> Result<f64, BasemapError> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        let v = f64::from_le_bytes(a);
        if v.is_finite() {
            Ok(v)
        } else {
            Err(self.corrupt("non-finite number"))
        }
    }
}

fn u32_at(bytes: &[u8], at: usize) -> u32 {
    let mut a = [0u8; 4];
    a.copy_from_slice(&bytes[at..at + 4]);
    u32::from_le_bytes(a)
}

/// Checks a file's header — magic, version, length, CRC-32 of the body — and returns a
/// reader over the body. Shared by the basemap and the layers file.
pub(crate) fn checked_body<'a>(
    bytes: &'a [u8],
    file: &'a str,
    magic: &[u8; 8],
    version_wanted: u32,
) -> Result<Reader<'a>, BasemapError> {
    let file_s = || file.to_string();
    if bytes.len() < HEADER_LEN {
        if !bytes.starts_with(&magic[..bytes.len().min(8)]) {
            return Err(BasemapError::BadMagic { file: file_s() });
        }
        return Err(BasemapError::Truncated {
            file: file_s(),
            len: bytes.len(),
            expected: HEADER_LEN,
        });
    }
    if &bytes[..8] != magic {
        return Err(BasemapError::BadMagic { file: file_s() });
    }
    let version = u32_at(bytes, 8);
    if version != version_wanted {
        return Err(BasemapError::Version {
            file: file_s(),
            found: version,
            expected: version_wanted,
        });
    }
    let body_len = u32_at(bytes, 12) as usize;
    let expected = HEADER_LEN.saturating_add(body_len);
    if bytes.len() < expected {
        return Err(BasemapError::Truncated {
            file: file_s(),
            len: bytes.len(),
            expected,
        });
    }
    if bytes.len() > expected {
        return Err(BasemapError::Corrupt {
            file: file_s(),
            offset: expected,
            what: "trailing bytes after the body",
        });
    }
    let body = &bytes[HEADER_LEN..];
    if crc32fast::hash(body) != u32_at(bytes, 16) {
        return Err(BasemapError::Checksum { file: file_s() });
    }
    Ok(Reader {
        bytes: body,
        pos: 0,
        base: HEADER_LEN,
        file,
    })
}

pub(crate) fn parse(bytes: &[u8], file: &str) -> Result<RawBasemap, BasemapError> {
    let mut r = checked_body(bytes, file, MAGIC, VERSION)?;
    let n_countries = r.count(5)?;
    let mut countries = Vec::with_capacity(n_countries);
    for _ in 0..n_countries {
        let num = r.take(2)?;
        let numeric = u16::from_le_bytes([num[0], num[1]]);
        let a2 = r.take(2)?;
        let alpha2 = match a2 {
            [0, 0] => None,
            [a, b] if a.is_ascii_uppercase() && b.is_ascii_uppercase() => Some([*a, *b]),
            _ => return Err(r.corrupt("bad alpha-2 code")),
        };
        let len = r.count(1)?;
        let name = std::str::from_utf8(r.take(len)?)
            .map_err(|_| r.corrupt("name is not UTF-8"))?
            .to_string();
        countries.push(CountryInfo {
            name,
            numeric: (numeric != 0).then_some(numeric),
            alpha2,
        });
    }

    let n_scales = r.count(1)?;
    let mut scales = Vec::with_capacity(n_scales);
    for _ in 0..n_scales {
        let denominator =
            u32::try_from(r.varint()?).map_err(|_| r.corrupt("bad scale denominator"))?;
        let (sx, sy, tx, ty) = (r.f64()?, r.f64()?, r.f64()?, r.f64()?);
        let n_arcs = r.count(1)?;
        if n_arcs > i32::MAX as usize {
            return Err(r.corrupt("too many arcs"));
        }
        let mut arcs = Vec::with_capacity(n_arcs);
        for _ in 0..n_arcs {
            let n = r.count(2)?;
            let mut pts = Vec::with_capacity(n);
            let (mut qx, mut qy) = (0i64, 0i64);
            for _ in 0..n {
                qx = qx.saturating_add(r.zigzag()?);
                qy = qy.saturating_add(r.zigzag()?);
                let lon = qx as f64 * sx + tx;
                let lat = qy as f64 * sy + ty;
                if !(lon.is_finite() && lat.is_finite()) {
                    return Err(r.corrupt("coordinate out of range"));
                }
                pts.push([lon, lat]);
            }
            arcs.push(pts);
        }
        let n_geoms = r.count(2)?;
        let mut geoms = Vec::with_capacity(n_geoms);
        for _ in 0..n_geoms {
            let c = r.varint()?;
            let c = usize::try_from(c)
                .ok()
                .filter(|&c| c < countries.len())
                .ok_or_else(|| r.corrupt("country index out of range"))?;
            geoms.push((c, read_polygons(&mut r, n_arcs)?));
        }
        let land = read_polygons(&mut r, n_arcs)?;
        scales.push(RawScale {
            denominator,
            arcs,
            countries: geoms,
            land,
        });
    }
    r.finish()?;
    Ok(RawBasemap { countries, scales })
}

fn read_polygons(r: &mut Reader<'_>, n_arcs: usize) -> Result<Vec<RawPolygon>, BasemapError> {
    let n_polys = r.count(1)?;
    let mut polys = Vec::with_capacity(n_polys);
    for _ in 0..n_polys {
        let n_rings = r.count(1)?;
        let mut rings = Vec::with_capacity(n_rings);
        for _ in 0..n_rings {
            let n_refs = r.count(1)?;
            let mut refs = Vec::with_capacity(n_refs);
            for _ in 0..n_refs {
                let v = r.zigzag()?;
                let idx = if v < 0 { -1 - v } else { v };
                if idx >= n_arcs as i64 {
                    return Err(r.corrupt("arc reference out of range"));
                }
                refs.push(v as i32);
            }
            rings.push(refs);
        }
        polys.push(rings);
    }
    Ok(polys)
}
