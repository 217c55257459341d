//! The basemap's reference layers beside the countries: admin-1 regions, lakes and rivers
//! (Natural Earth, `assets/basemap/layers.bin`), the names of seas, gulfs, lakes and rivers
//! (`assets/basemap/labels.tsv`, curated) and the shaded relief (`assets/basemap/relief.jpg`).
//!
//! Geometry goes through the same pipeline as the countries ([`super::basemap`]): projected,
//! simplified per level of detail, cut at the antimeridian, culled by bounds. Regions are
//! outlines for every region and, on demand, a triangle mesh for a region the dispatch
//! names (so it is drawn as its shape, never as a box). Each file is read on its own, so a
//! corrupt layer leaves the others (and the countries) drawn.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use super::basemap::{Lod, Shape, build_outline, build_shape, prepare_arcs, split_line};
use super::format::{BasemapError, RawPolygon, Reader, checked_body};
use super::projection::{LatLon, lat_to_y, lon_to_x};
use super::view::{MapView, MercatorRect, Viewport};

/// The layers file, as named in errors.
pub const LAYERS_FILE: &str = "assets/basemap/layers.bin";
/// The relief texture, as named in errors.
pub const RELIEF_FILE: &str = "assets/basemap/relief.jpg";
/// The curated names, as named in errors.
pub const LABELS_FILE: &str = "assets/basemap/labels.tsv";

static LAYERS_BYTES: &[u8] = include_bytes!("../../assets/basemap/layers.bin");
static RELIEF_BYTES: &[u8] = include_bytes!("../../assets/basemap/relief.jpg");
static LABELS_TEXT: &str = include_str!("../../assets/basemap/labels.tsv");

const MAGIC: &[u8; 8] = b"SITREPLY";
const VERSION: u32 = 1;
/// Stored coordinates are integers of 1e-4 degree.
const QUANT: f64 = 1e-4;
const POLYGONS: u8 = 1;
const LINES: u8 = 2;

/// An admin-1 region (governorate, province, state, oblast) of the layers file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionInfo {
    /// Natural Earth's name ("Ar Raqqah", "Homs (Hims)").
    pub name: String,
    /// The GeoNames-style code from FIPS 10-4 ("SY.04"), or empty.
    pub code: String,
    /// ISO 3166-1 alpha-2 of its country, or empty.
    pub country: String,
}

/// One layer as stored: arcs in lon/lat degrees and, per feature, polygons (rings of arc
/// references, one arc per ring) or lines (arc indices).
#[derive(Debug, Default)]
struct RawLayer {
    names: Vec<(String, String, String)>,
    arcs: Vec<Vec<[f64; 2]>>,
    polygons: Vec<Vec<RawPolygon>>,
    lines: Vec<Vec<usize>>,
}

/// Every layer at one level of detail.
#[derive(Debug, Default)]
pub struct LayersLod {
    /// Region outlines (no mesh), indexed like [`Layers::regions`]. Empty at
    /// [`Lod::World`]: regions are not drawn at world scale.
    pub regions: Vec<Shape>,
    /// Lakes, filled.
    pub lakes: Vec<Shape>,
    /// Rivers as outlines (no mesh).
    pub rivers: Vec<Shape>,
}

/// The reference layers. `Sync`; share one (see [`Layers::bundled`]).
#[derive(Debug)]
pub struct Layers {
    regions: Vec<RegionInfo>,
    region_raw: RawLayer,
    lake_raw: RawLayer,
    river_raw: RawLayer,
    lods: [OnceLock<LayersLod>; 4],
    /// See [`Layers::defer_builds`].
    deferred: std::sync::atomic::AtomicBool,
    region_meshes: Mutex<HashMap<(Lod, usize), Arc<Shape>>>,
    /// [`Layers::find_region`]'s answers: a map paints the same regions every frame.
    found: Mutex<HashMap<RegionQuery, Option<usize>>>,
}

/// A region asked for: country, code, point (as bits).
type RegionQuery = (String, Option<String>, u64, u64);

/// A visible piece of a layer: which feature, and which world copy.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VisibleFeature {
    pub index: usize,
    pub x_shift: f64,
}

impl Layers {
    /// The layers compiled into the binary, read on first use.
    pub fn bundled() -> Result<&'static Layers, BasemapError> {
        static BUNDLED: OnceLock<Result<Layers, BasemapError>> = OnceLock::new();
        BUNDLED
            .get_or_init(|| Layers::from_bytes(LAYERS_BYTES, LAYERS_FILE))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Reads a layers file; `file` names it in errors. Checks the whole file; a file
    /// without the `admin1`, `lakes` or `rivers` layer is an error.
    pub fn from_bytes(bytes: &[u8], file: &str) -> Result<Layers, BasemapError> {
        let mut r = checked_body(bytes, file, MAGIC, VERSION)?;
        let n_layers = r.count(3)?;
        let (mut regions, mut lakes, mut rivers) = (None, None, None);
        for _ in 0..n_layers {
            let name = r.string()?;
            let kind = r.take(1)?[0];
            let layer = read_layer(&mut r, kind)?;
            match (name.as_str(), kind) {
                ("admin1", POLYGONS) => regions = Some(layer),
                ("lakes", POLYGONS) => lakes = Some(layer),
                ("rivers", LINES) => rivers = Some(layer),
                _ => {}
            }
        }
        r.finish()?;
        let missing = |what| BasemapError::Corrupt {
            file: file.to_string(),
            offset: 0,
            what,
        };
        let region_raw = regions.ok_or_else(|| missing("the admin1 layer is missing"))?;
        Ok(Layers {
            regions: region_raw
                .names
                .iter()
                .map(|(name, code, country)| RegionInfo {
                    name: name.clone(),
                    code: code.clone(),
                    country: country.clone(),
                })
                .collect(),
            region_raw,
            lake_raw: lakes.ok_or_else(|| missing("the lakes layer is missing"))?,
            river_raw: rivers.ok_or_else(|| missing("the rivers layer is missing"))?,
            lods: Default::default(),
            deferred: std::sync::atomic::AtomicBool::new(false),
            region_meshes: Mutex::default(),
            found: Mutex::default(),
        })
    }

    /// The admin-1 regions, in file order.
    pub fn regions(&self) -> &[RegionInfo] {
        &self.regions
    }

    /// The region a gazetteer admin-1 entry is: the one of its country with its code
    /// ("SY.04"), else the one of its country whose shape holds its point.
    pub fn find_region(&self, country: &str, code: Option<&str>, p: LatLon) -> Option<usize> {
        let query = (
            country.to_ascii_uppercase(),
            code.map(str::to_ascii_uppercase),
            p.lat.to_bits(),
            p.lon.to_bits(),
        );
        let lock = || {
            self.found
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        };
        if let Some(found) = lock().get(&query) {
            return *found;
        }
        let found = self.search_region(country, code, p);
        lock().insert(query, found);
        found
    }

    fn search_region(&self, country: &str, code: Option<&str>, p: LatLon) -> Option<usize> {
        let of_country = |r: &RegionInfo| r.country.eq_ignore_ascii_case(country);
        if let Some(code) = code.filter(|c| !c.is_empty())
            && let Some(i) = self
                .regions
                .iter()
                .position(|r| of_country(r) && r.code.eq_ignore_ascii_case(code))
        {
            return Some(i);
        }
        (0..self.regions.len()).find(|&i| {
            of_country(&self.regions[i])
                && self.region_raw.polygons[i]
                    .iter()
                    .any(|poly| polygon_contains(poly, &self.region_raw.arcs, p))
        })
    }

    /// The geometry at `lod`, built on first call (see [`Layers::prepare_all`]).
    pub fn lod(&self, lod: Lod) -> &LayersLod {
        let build = |l: Lod| self.lods[l as usize].get_or_init(|| self.build(l));
        if self.deferred.load(std::sync::atomic::Ordering::Relaxed) {
            return Lod::ALL[..=lod as usize]
                .iter()
                .rev()
                .find_map(|l| self.lods[*l as usize].get())
                .unwrap_or_else(|| build(Lod::World));
        }
        build(lod)
    }

    /// Builds every level of detail now (for a background thread).
    pub fn prepare_all(&self) {
        for lod in Lod::ALL {
            self.lods[lod as usize].get_or_init(|| self.build(lod));
        }
    }

    /// Like [`crate::map::Basemap::defer_builds`]: a level not built yet is not built on
    /// the caller's thread while a background thread prepares them all.
    pub fn defer_builds(&self) {
        self.deferred
            .store(true, std::sync::atomic::Ordering::Relaxed);
    }

    /// A region's filled shape at `lod` (triangulated on first call, then cached).
    pub fn region_shape(&self, lod: Lod, region: usize) -> Option<Arc<Shape>> {
        let polys = self.region_raw.polygons.get(region)?;
        let mut cache = self
            .region_meshes
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(s) = cache.get(&(lod, region)) {
            return Some(s.clone());
        }
        let tol = lod.tolerance();
        let arcs = prepare_arcs(&self.region_raw.arcs, tol);
        let mut shape = Shape::default();
        build_shape(polys, &arcs, tol, &mut shape);
        let shape = Arc::new(shape);
        cache.insert((lod, region), shape.clone());
        Some(shape)
    }

    fn build(&self, lod: Lod) -> LayersLod {
        let tol = lod.tolerance();
        let regions = if lod == Lod::World {
            Vec::new()
        } else {
            let arcs = prepare_arcs(&self.region_raw.arcs, tol);
            self.region_raw
                .polygons
                .iter()
                .map(|polys| {
                    let mut s = Shape::default();
                    build_outline(polys, &arcs, tol, &mut s);
                    s
                })
                .collect()
        };
        let arcs = prepare_arcs(&self.lake_raw.arcs, tol);
        let lakes = self
            .lake_raw
            .polygons
            .iter()
            .map(|polys| {
                let mut s = Shape::default();
                build_shape(polys, &arcs, tol, &mut s);
                s
            })
            .collect();
        let arcs = prepare_arcs(&self.river_raw.arcs, tol);
        let rivers = self
            .river_raw
            .lines
            .iter()
            .map(|line| {
                let mut outlines = Vec::new();
                for &a in line {
                    if let Some(pts) = arcs.get(a) {
                        split_line(pts, &mut outlines);
                    }
                }
                Shape::from_outlines(
                    outlines
                        .iter()
                        .map(|l| l.iter().map(|p| [p[0] as f32, p[1] as f32]).collect())
                        .collect(),
                )
            })
            .collect();
        LayersLod {
            regions,
            lakes,
            rivers,
        }
    }

    /// The direction of the river nearest a point (within `max_deg` degrees), as an angle
    /// in radians on the Mercator plane (screen `y` down), folded to read left to right.
    /// Mercator is conformal, so the angle holds at every zoom.
    pub fn river_angle(&self, p: LatLon, max_deg: f64) -> Option<f32> {
        let lod = self.lod(Lod::Region);
        let (x, y) = (lon_to_x(p.lon), lat_to_y(p.lat));
        let max = max_deg / 360.0;
        let mut best: Option<(f64, f64)> = None;
        for river in &lod.rivers {
            if !river.bounds.is_some_and(|b| {
                b.intersects(&MercatorRect {
                    min_x: x - max,
                    min_y: y - max,
                    max_x: x + max,
                    max_y: y + max,
                })
            }) {
                continue;
            }
            for line in &river.outlines {
                for w in line.windows(2) {
                    let (a, b) = (w[0], w[1]);
                    let (ax, ay, bx, by) = (
                        f64::from(a[0]),
                        f64::from(a[1]),
                        f64::from(b[0]),
                        f64::from(b[1]),
                    );
                    let d = segment_distance([x, y], [ax, ay], [bx, by]);
                    if d <= max && best.is_none_or(|(bd, _)| d < bd) {
                        best = Some((d, (by - ay).atan2(bx - ax)));
                    }
                }
            }
        }
        best.map(|(_, mut angle)| {
            let half = std::f64::consts::FRAC_PI_2;
            if angle > half {
                angle -= std::f64::consts::PI;
            } else if angle < -half {
                angle += std::f64::consts::PI;
            }
            angle as f32
        })
    }

    /// The features of `shapes` whose bounds meet the view, once per world copy.
    pub fn visible(shapes: &[Shape], view: &MapView, vp: Viewport, out: &mut Vec<VisibleFeature>) {
        out.clear();
        let rect = view.visible_mercator(vp);
        for k in rect.world_copies() {
            let shift = k as f64;
            let r = rect.shifted(-shift);
            for (index, shape) in shapes.iter().enumerate() {
                if shape.bounds.is_some_and(|b| b.intersects(&r)) {
                    out.push(VisibleFeature {
                        index,
                        x_shift: shift,
                    });
                }
            }
        }
    }
}

fn read_layer(r: &mut Reader<'_>, kind: u8) -> Result<RawLayer, BasemapError> {
    if kind != POLYGONS && kind != LINES {
        return Err(r.corrupt("unknown layer kind"));
    }
    let n = r.count(5)?;
    let mut layer = RawLayer::default();
    for _ in 0..n {
        let name = r.string()?;
        let code = r.string()?;
        let country = r.string()?;
        let _rank = r.take(1)?[0];
        layer.names.push((name, code, country));
        let n_parts = r.count(1)?;
        if kind == POLYGONS {
            let mut polys = Vec::with_capacity(n_parts);
            for _ in 0..n_parts {
                let n_rings = r.count(1)?;
                let mut rings = Vec::with_capacity(n_rings);
                for _ in 0..n_rings {
                    let arc = read_points(r)?;
                    let i =
                        i32::try_from(layer.arcs.len()).map_err(|_| r.corrupt("too many rings"))?;
                    layer.arcs.push(arc);
                    rings.push(vec![i]);
                }
                polys.push(rings);
            }
            layer.polygons.push(polys);
        } else {
            let mut lines = Vec::with_capacity(n_parts);
            for _ in 0..n_parts {
                let pts = read_points(r)?;
                lines.push(layer.arcs.len());
                layer.arcs.push(pts);
            }
            layer.lines.push(lines);
        }
    }
    Ok(layer)
}

fn read_points(r: &mut Reader<'_>) -> Result<Vec<[f64; 2]>, BasemapError> {
    let n = r.count(2)?;
    let mut pts = Vec::with_capacity(n);
    let (mut qx, mut qy) = (0i64, 0i64);
    for _ in 0..n {
        qx = qx.saturating_add(r.zigzag()?);
        qy = qy.saturating_add(r.zigzag()?);
        let (lon, lat) = (qx as f64 * QUANT, qy as f64 * QUANT);
        if !(-540.0..=540.0).contains(&lon) || !(-90.0..=90.0).contains(&lat) {
            return Err(r.corrupt("coordinate out of range"));
        }
        pts.push([lon, lat]);
    }
    Ok(pts)
}

/// Whether a polygon (exterior ring and holes, each one arc of lon/lat points) holds `p`.
fn polygon_contains(poly: &RawPolygon, arcs: &[Vec<[f64; 2]>], p: LatLon) -> bool {
    let ring_holds = |refs: &Vec<i32>| {
        let Some(ring) = refs
            .first()
            .and_then(|&i| usize::try_from(i).ok())
            .and_then(|i| arcs.get(i))
        else {
            return false;
        };
        let mut inside = false;
        let n = ring.len();
        for i in 0..n {
            let (a, b) = (ring[i], ring[(i + n - 1) % n]);
            if (a[1] > p.lat) != (b[1] > p.lat)
                && p.lon < (b[0] - a[0]) * (p.lat - a[1]) / (b[1] - a[1]) + a[0]
            {
                inside = !inside;
            }
        }
        inside
    };
    let mut rings = poly.iter();
    rings.next().is_some_and(ring_holds) && !rings.any(ring_holds)
}

fn segment_distance(p: [f64; 2], a: [f64; 2], b: [f64; 2]) -> f64 {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (cx, cy) = (a[0] + t * dx, a[1] + t * dy);
    ((p[0] - cx).powi(2) + (p[1] - cy).powi(2)).sqrt()
}

// --- Names of seas, lakes and rivers -------------------------------------------------------

/// What a curated map name labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NameKind {
    /// Oceans, seas, gulfs, bays and straits: italic, in the water colour.
    Sea,
    /// Lakes and reservoirs.
    Lake,
    /// Rivers: drawn along the river nearest the point.
    River,
    /// Physical regions and ranges (deserts, mountains, valleys).
    Physical,
}

/// A curated name on the map (`assets/basemap/labels.tsv`).
#[derive(Debug, Clone, PartialEq)]
pub struct MapName {
    pub kind: NameKind,
    pub name: String,
    pub at: LatLon,
    /// Shown from this zoom on.
    pub min_zoom: f64,
    /// Shown below this zoom.
    pub max_zoom: f64,
}

/// A line of the names file that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {what}")]
pub struct NamesError {
    pub file: String,
    pub line: usize,
    pub what: String,
}

/// Reads the names file: tab-separated `kind name lat lon min_zoom max_zoom`, `#` comments.
pub fn parse_names(text: &str, file: &str) -> Result<Vec<MapName>, NamesError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        let err = |what: String| NamesError {
            file: file.to_string(),
            line: line_no,
            what,
        };
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.first() == Some(&"kind") {
            continue; // the header
        }
        let [kind, name, lat, lon, min_zoom, max_zoom] = cols.as_slice() else {
            return Err(err(format!("{} columns where 6 are needed", cols.len())));
        };
        let kind = match *kind {
            "sea" => NameKind::Sea,
            "lake" => NameKind::Lake,
            "river" => NameKind::River,
            "physical" => NameKind::Physical,
            k => return Err(err(format!("unknown kind {k:?}"))),
        };
        let num = |s: &str, what: &str| {
            s.trim()
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| err(format!("{what} {s:?} is not a number")))
        };
        let (lat, lon) = (num(lat, "latitude")?, num(lon, "longitude")?);
        if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
            return Err(err("coordinates out of range".to_string()));
        }
        if name.trim().is_empty() {
            return Err(err("empty name".to_string()));
        }
        out.push(MapName {
            kind,
            name: name.trim().to_string(),
            at: LatLon::new(lat, lon),
            min_zoom: num(min_zoom, "min_zoom")?,
            max_zoom: num(max_zoom, "max_zoom")?,
        });
    }
    Ok(out)
}

/// The bundled names.
pub fn bundled_names() -> Result<&'static [MapName], NamesError> {
    static NAMES: OnceLock<Result<Vec<MapName>, NamesError>> = OnceLock::new();
    NAMES
        .get_or_init(|| parse_names(LABELS_TEXT, LABELS_FILE))
        .as_ref()
        .map(Vec::as_slice)
        .map_err(Clone::clone)
}

/// The bundled river names with the angle of the river at their point (`None` when no
/// river of the layer is near it), computed once.
pub fn bundled_river_angles() -> &'static [Option<f32>] {
    static ANGLES: OnceLock<Vec<Option<f32>>> = OnceLock::new();
    ANGLES.get_or_init(|| {
        let (Ok(names), Ok(layers)) = (bundled_names(), Layers::bundled()) else {
            return Vec::new();
        };
        names
            .iter()
            .map(|n| match n.kind {
                NameKind::River => layers.river_angle(n.at, 1.0),
                _ => None,
            })
            .collect()
    })
}

// --- Shaded relief -------------------------------------------------------------------------

/// The shaded relief: an RGB image covering the world in plate carrée (longitude −180..180
/// left to right, latitude 90..−90 top to bottom).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relief {
    pub width: usize,
    pub height: usize,
    /// `width * height * 3` bytes, row by row from the north.
    pub rgb: Vec<u8>,
}

/// A relief that could not be decoded; the map is drawn without it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}: the relief image cannot be decoded: {cause}")]
pub struct ReliefError {
    pub file: String,
    pub cause: String,
}

impl Relief {
    /// Decodes a JPEG; `file` names it in errors. Only a 2:1 image is accepted.
    pub fn from_jpeg(bytes: &[u8], file: &str) -> Result<Relief, ReliefError> {
        use zune_jpeg::zune_core::colorspace::ColorSpace;
        use zune_jpeg::zune_core::options::DecoderOptions;
        let err = |cause: String| ReliefError {
            file: file.to_string(),
            cause,
        };
        let opts = DecoderOptions::default().jpeg_set_out_colorspace(ColorSpace::RGB);
        let mut dec = zune_jpeg::JpegDecoder::new_with_options(std::io::Cursor::new(bytes), opts);
        let rgb = dec.decode().map_err(|e| err(e.to_string()))?;
        let (width, height) = dec
            .dimensions()
            .ok_or_else(|| err("no image size".to_string()))?;
        if width == 0 || width != 2 * height || rgb.len() != width * height * 3 {
            return Err(err(format!(
                "{width} x {height} is not a world image (2:1)"
            )));
        }
        Ok(Relief { width, height, rgb })
    }

    /// The bundled relief, decoded (about a tenth of a second: call it off the UI thread).
    pub fn bundled() -> Result<Relief, ReliefError> {
        Relief::from_jpeg(RELIEF_BYTES, RELIEF_FILE)
    }

    /// This image halved (2×2 pixel averages) until neither side exceeds `max_side`: what a
    /// GPU whose textures are smaller than the bundled image can take. At least 1×1.
    #[must_use]
    pub fn fitting(self, max_side: usize) -> Relief {
        let mut r = self;
        let max_side = max_side.max(1);
        while (r.width > max_side || r.height > max_side) && r.width > 1 && r.height > 1 {
            r = r.halved();
        }
        r
    }

    fn halved(&self) -> Relief {
        let (w, h) = (self.width / 2, self.height / 2);
        let mut rgb = Vec::with_capacity(w * h * 3);
        let at = |x: usize, y: usize, c: usize| u32::from(self.rgb[(y * self.width + x) * 3 + c]);
        for y in 0..h {
            for x in 0..w {
                for c in 0..3 {
                    let sum = at(2 * x, 2 * y, c)
                        + at(2 * x + 1, 2 * y, c)
                        + at(2 * x, 2 * y + 1, c)
                        + at(2 * x + 1, 2 * y + 1, c);
                    rgb.push(((sum + 2) / 4) as u8);
                }
            }
        }
        Relief {
            width: w,
            height: h,
            rgb,
        }
    }
}

/// Latitude bands for drawing a plate-carrée image on Mercator: `(lat_north, lat_south)`
/// pairs covering `[south, north]`, thin enough that a linear stretch inside each stays
/// within a pixel of true Mercator for a band `px_per_band` pixels tall.
pub fn relief_bands(north: f64, south: f64, n: usize) -> Vec<(f64, f64)> {
    let (north, south) = (north.min(85.0), south.max(-85.0));
    if north.partial_cmp(&south) != Some(std::cmp::Ordering::Greater) || n == 0 {
        return Vec::new();
    }
    let (y0, y1) = (lat_to_y(north), lat_to_y(south));
    (0..n)
        .map(|i| {
            let a = y0 + (y1 - y0) * i as f64 / n as f64;
            let b = y0 + (y1 - y0) * (i + 1) as f64 / n as f64;
            (
                super::projection::y_to_lat(a),
                super::projection::y_to_lat(b),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_relief_halves_to_fit_small_textures() {
        let r = Relief {
            width: 8,
            height: 4,
            rgb: (0..8 * 4 * 3).map(|i| (i % 251) as u8).collect(),
        };
        let small = r.clone().fitting(4);
        assert_eq!((small.width, small.height, small.rgb.len()), (4, 2, 24));
        // The first pixel's red: the mean of pixels (0,0), (1,0), (0,1), (1,1).
        let red = |x: usize, y: usize| u32::from(r.rgb[(y * 8 + x) * 3]);
        let mean = (red(0, 0) + red(1, 0) + red(0, 1) + red(1, 1) + 2) / 4;
        assert_eq!(u32::from(small.rgb[0]), mean);
        assert_eq!(r.clone().fitting(8), r, "an image that fits is kept");
        assert_eq!(r.fitting(0).width, 2, "never below one pixel high");
    }

    use super::*;

    #[test]
    fn bundled_layers_read() {
        let l = Layers::bundled().expect("the bundled layers read");
        assert_eq!(l.regions().len(), 4556);
        let lod = l.lod(Lod::Continent);
        assert_eq!(lod.regions.len(), 4556);
        assert_eq!(lod.lakes.len(), 275);
        assert_eq!(lod.rivers.len(), 461);
        assert!(l.lod(Lod::World).regions.is_empty());
    }

    #[test]
    fn regions_by_code_and_by_point() {
        let l = Layers::bundled().unwrap();
        // Ar Raqqah by its GeoNames code, and Idlib by a point inside it.
        let raqqa = l
            .find_region("SY", Some("SY.04"), LatLon::new(0.0, 0.0))
            .unwrap();
        assert_eq!(l.regions()[raqqa].name, "Ar Raqqah");
        let idlib = l
            .find_region("SY", None, LatLon::new(35.93, 36.63))
            .unwrap();
        assert_eq!(l.regions()[idlib].name, "Idlib");
        // A point of another country's region is not taken.
        assert_eq!(l.find_region("TR", None, LatLon::new(35.93, 36.63)), None);
        let shape = l.region_shape(Lod::Region, idlib).unwrap();
        assert!(shape.mesh.triangle_count() > 10);
    }

    #[test]
    fn euphrates_runs_south_east_at_raqqa() {
        let l = Layers::bundled().unwrap();
        // Raqqa on the Euphrates: the river there runs roughly west to east.
        let a = l.river_angle(LatLon::new(35.95, 39.01), 0.5).unwrap();
        assert!(a.abs() < 0.8, "{a}");
        // Nothing near the middle of the Arabian Desert.
        assert_eq!(l.river_angle(LatLon::new(30.0, 45.0), 0.5), None);
    }

    #[test]
    fn corrupt_layers_are_errors() {
        let mut bytes = LAYERS_BYTES.to_vec();
        let n = bytes.len();
        bytes[n / 2] ^= 0x55;
        assert!(matches!(
            Layers::from_bytes(&bytes, "x.bin"),
            Err(BasemapError::Checksum { .. })
        ));
        assert!(matches!(
            Layers::from_bytes(&bytes[..100], "x.bin"),
            Err(BasemapError::Truncated { .. })
        ));
        assert!(Relief::from_jpeg(b"not a jpeg", "r.jpg").is_err());
        // A truncated JPEG is an error or a whole image with the missing part blank, never a
        // panic or an image of the wrong size.
        if let Ok(r) = Relief::from_jpeg(&RELIEF_BYTES[..RELIEF_BYTES.len() / 3], "r.jpg") {
            assert_eq!(r.rgb.len(), r.width * r.height * 3);
        }
    }

    #[test]
    fn names_file_reads_and_errors_name_their_line() {
        let names = bundled_names().unwrap();
        assert!(
            names
                .iter()
                .any(|n| n.name == "Euphrates" && n.kind == NameKind::River)
        );
        assert!(names.iter().any(|n| n.name == "Mediterranean Sea"));
        let e = parse_names("# c\nsea\tX\t95\t0\t0\t9\n", "n.tsv").unwrap_err();
        assert_eq!(e.to_string(), "n.tsv:2: coordinates out of range");
        let e = parse_names("ocean\tX\t0\t0\t0\t9\n", "n.tsv").unwrap_err();
        assert_eq!(e.to_string(), "n.tsv:1: unknown kind \"ocean\"");
        let e = parse_names("sea\tX\t0\n", "n.tsv").unwrap_err();
        assert_eq!(e.to_string(), "n.tsv:1: 3 columns where 6 are needed");
    }

    #[test]
    fn every_bundled_river_name_lies_on_a_river() {
        let names = bundled_names().unwrap();
        let angles = bundled_river_angles();
        let off: Vec<&str> = names
            .iter()
            .zip(angles)
            .filter(|(n, a)| n.kind == NameKind::River && a.is_none())
            .map(|(n, _)| n.name.as_str())
            .collect();
        assert_eq!(off, Vec::<&str>::new());
    }

    #[test]
    fn relief_decodes_and_bands_cover() {
        let r = Relief::bundled().unwrap();
        assert_eq!((r.width, r.height), (4096, 2048));
        let bands = relief_bands(40.0, 30.0, 4);
        assert_eq!(bands.len(), 4);
        assert!((bands[0].0 - 40.0).abs() < 1e-9 && (bands[3].1 - 30.0).abs() < 1e-9);
        assert!(relief_bands(10.0, 20.0, 4).is_empty());
    }
}
