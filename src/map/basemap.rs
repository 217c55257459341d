//! The bundled offline basemap: Natural Earth countries and land at 1:110m and 1:50m,
//! turned into triangle meshes and outline polylines on the Mercator unit square, per level
//! of detail, built lazily once and cached.
//!
//! Pipeline for a level of detail ([`Lod`]): every arc of the scale's topology is projected
//! (longitudes made continuous along the arc) and simplified with Douglas–Peucker (tolerance
//! half a pixel at the top zoom the level serves). Arcs are shared, so neighbours keep a
//! common border. Rings are assembled from arcs; a ring that goes round a pole (Antarctica)
//! is closed along the pole; a polygon that crosses the antimeridian is cut at it into pieces
//! inside [0, 1]. Then each polygon with its holes is triangulated (ear clipping).

use std::ops::Range;
use std::sync::OnceLock;

use geo::{BooleanOps, LineString, Polygon, Rect, Simplify, coord};

use super::format::{self, RawPolygon, RawScale};
pub use super::format::{BasemapError, CountryInfo};
use super::projection::{lat_to_y, lon_to_x, world_size_px};
use super::view::{MapView, MercatorRect, ScreenTransform, Viewport};

/// The path of the bundled file, as named in errors.
pub const BUNDLED_FILE: &str = "assets/basemap/basemap.bin";
static BUNDLED_BYTES: &[u8] = include_bytes!("../../assets/basemap/basemap.bin");

/// Level of detail: which source scale and how much simplification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lod {
    /// 1:110m, for zoom below 3.
    World = 0,
    /// 1:50m simplified, zoom 3 to 5.
    Continent = 1,
    /// 1:50m lightly simplified, zoom 5 to 7.
    Region = 2,
    /// 1:50m as is, zoom 7 and above.
    Detail = 3,
}

impl Lod {
    pub const ALL: [Lod; 4] = [Lod::World, Lod::Continent, Lod::Region, Lod::Detail];

    /// The level to draw at `zoom`.
    pub fn for_zoom(zoom: f64) -> Lod {
        if zoom.is_nan() || zoom < 3.0 {
            Lod::World
        } else if zoom < 5.0 {
            Lod::Continent
        } else if zoom < 7.0 {
            Lod::Region
        } else {
            Lod::Detail
        }
    }

    /// The Natural Earth scale it is made from, in millions (110 or 50).
    pub fn scale_denominator(self) -> u32 {
        match self {
            Lod::World => 110,
            _ => 50,
        }
    }

    /// The highest zoom this level is drawn at (`None` for the last level).
    pub fn max_zoom(self) -> Option<f64> {
        match self {
            Lod::World => Some(3.0),
            Lod::Continent => Some(5.0),
            Lod::Region => Some(7.0),
            Lod::Detail => None,
        }
    }

    /// Douglas–Peucker tolerance in Mercator units: half a pixel at [`Lod::max_zoom`]
    /// (0 for [`Lod::Detail`]). Polygons smaller than a tolerance squared are dropped.
    pub fn tolerance(self) -> f64 {
        self.max_zoom().map_or(0.0, |z| 0.5 / world_size_px(z))
    }
}

/// Triangles on the Mercator unit square: every three `indices` are one triangle.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Mesh {
    pub vertices: Vec<[f32; 2]>,
    pub indices: Vec<u32>,
}

impl Mesh {
    pub fn triangle_count(&self) -> usize {
        self.indices.len() / 3
    }

    /// Total area of the triangles (Mercator units squared).
    pub fn area(&self) -> f64 {
        self.indices
            .chunks_exact(3)
            .map(|t| {
                let p = |i: u32| {
                    self.vertices
                        .get(i as usize)
                        .map_or([0.0, 0.0], |v| [f64::from(v[0]), f64::from(v[1])])
                };
                let (a, b, c) = (p(t[0]), p(t[1]), p(t[2]));
                ((b[0] - a[0]) * (c[1] - a[1]) - (c[0] - a[0]) * (b[1] - a[1])).abs() / 2.0
            })
            .sum()
    }
}

/// One country's (or the land's) geometry at one level of detail.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Shape {
    /// Fill triangles.
    pub mesh: Mesh,
    /// Outline polylines (a closed ring repeats its first point at the end). Rings are cut
    /// where they cross the antimeridian, and the line along a pole is left out, so no
    /// outline runs along the map's edge.
    pub outlines: Vec<Vec<[f32; 2]>>,
    /// Bounding box of the mesh and outlines; `None` when the shape is empty (a country
    /// missing from the scale, or too small at this level).
    pub bounds: Option<MercatorRect>,
}

impl Shape {
    /// A shape of lines only (rivers).
    pub fn from_outlines(outlines: Vec<Vec<[f32; 2]>>) -> Shape {
        let mut s = Shape {
            outlines,
            ..Shape::default()
        };
        s.bounds = s.compute_bounds();
        s
    }

    fn compute_bounds(&self) -> Option<MercatorRect> {
        let mut b: Option<MercatorRect> = None;
        let all = self
            .mesh
            .vertices
            .iter()
            .chain(self.outlines.iter().flatten());
        for v in all {
            let (x, y) = (f64::from(v[0]), f64::from(v[1]));
            b = Some(match b {
                None => MercatorRect {
                    min_x: x,
                    min_y: y,
                    max_x: x,
                    max_y: y,
                },
                Some(r) => MercatorRect {
                    min_x: r.min_x.min(x),
                    min_y: r.min_y.min(y),
                    max_x: r.max_x.max(x),
                    max_y: r.max_y.max(y),
                },
            });
        }
        b
    }
}

/// All shapes at one level of detail.
#[derive(Debug, Clone)]
pub struct Layer {
    pub lod: Lod,
    /// Indexed like [`Basemap::countries`].
    pub countries: Vec<Shape>,
    /// The land polygons (coastlines as outlines, no borders).
    pub land: Shape,
}

/// A shape to draw: which country, and which world copy (`x_shift` added to Mercator `x`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Visible {
    pub country: usize,
    pub x_shift: f64,
}

impl Layer {
    /// The countries whose bounding box meets `rect` (which may extend past [0, 1] in `x`:
    /// one entry per world copy it meets), in country order per copy, west to east.
    pub fn countries_in(&self, rect: &MercatorRect) -> Vec<Visible> {
        let mut out = Vec::new();
        self.countries_in_into(rect, &mut out);
        out
    }

    /// [`Layer::countries_in`] into a reused buffer (cleared first).
    pub fn countries_in_into(&self, rect: &MercatorRect, out: &mut Vec<Visible>) {
        out.clear();
        for k in rect.world_copies() {
            let shift = k as f64;
            let r = rect.shifted(-shift);
            for (country, shape) in self.countries.iter().enumerate() {
                if shape.bounds.is_some_and(|b| b.intersects(&r)) {
                    out.push(Visible {
                        country,
                        x_shift: shift,
                    });
                }
            }
        }
    }
}

/// Screen-space triangles for one frame, all shapes batched: `parts` says which ranges
/// belong to which country, so the app can colour them.
#[derive(Debug, Clone, Default)]
pub struct ScreenMeshes {
    pub vertices: Vec<[f32; 2]>,
    pub indices: Vec<u32>,
    pub parts: Vec<ScreenPart>,
}

/// A range of a [`ScreenMeshes`] (or [`ScreenLines`]) belonging to one shape. `tag` is the
/// country index for countries (the caller's choice for shapes it pushes itself).
#[derive(Debug, Clone, PartialEq)]
pub struct ScreenPart {
    pub tag: usize,
    pub vertices: Range<u32>,
    pub indices: Range<u32>,
}

impl ScreenMeshes {
    pub fn clear(&mut self) {
        self.vertices.clear();
        self.indices.clear();
        self.parts.clear();
    }

    /// Appends a shape's triangles, transformed to screen pixels.
    pub fn push_shape(&mut self, shape: &Shape, t: &ScreenTransform, x_shift: f64, tag: usize) {
        let base = self.vertices.len() as u32;
        let first_index = self.indices.len() as u32;
        self.vertices
            .extend(shape.mesh.vertices.iter().map(|&v| t.apply(v, x_shift)));
        self.indices
            .extend(shape.mesh.indices.iter().map(|&i| i + base));
        self.parts.push(ScreenPart {
            tag,
            vertices: base..self.vertices.len() as u32,
            indices: first_index..self.indices.len() as u32,
        });
    }
}

/// Screen-space polylines for one frame: `lines` are ranges of `points`, one per polyline,
/// with the tag of the shape it came from.
#[derive(Debug, Clone, Default)]
pub struct ScreenLines {
    pub points: Vec<[f32; 2]>,
    pub lines: Vec<(usize, Range<u32>)>,
}

impl ScreenLines {
    pub fn clear(&mut self) {
        self.points.clear();
        self.lines.clear();
    }

    /// Appends a shape's outlines, transformed to screen pixels.
    pub fn push_shape(&mut self, shape: &Shape, t: &ScreenTransform, x_shift: f64, tag: usize) {
        for line in &shape.outlines {
            let start = self.points.len() as u32;
            self.points
                .extend(line.iter().map(|&v| t.apply(v, x_shift)));
            self.lines.push((tag, start..self.points.len() as u32));
        }
    }
}

/// The basemap: the country table and both scales, with meshes built on first use per
/// level of detail. `Sync`; share one (see [`Basemap::bundled`]).
#[derive(Debug)]
pub struct Basemap {
    countries: Vec<CountryInfo>,
    world: RawScale,
    detail: RawScale,
    layers: [OnceLock<Layer>; 4],
    label_points: OnceLock<Vec<Option<LabelPoint>>>,
    /// Set by [`Basemap::defer_builds`]: a level not built yet is not built on demand (a
    /// background thread is building it); the finest built one is drawn meanwhile.
    deferred: std::sync::atomic::AtomicBool,
}

/// Where a country's name goes: a point inside its largest polygon (Mercator) and that
/// polygon's area (Mercator units squared), which ranks labels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LabelPoint {
    pub at: [f64; 2],
    pub area: f64,
    /// The largest polygon's width in Mercator units (a label wider than it does not fit).
    pub width: f64,
}

impl Basemap {
    /// The basemap compiled into the binary, read on first use.
    pub fn bundled() -> Result<&'static Basemap, BasemapError> {
        static BUNDLED: OnceLock<Result<Basemap, BasemapError>> = OnceLock::new();
        BUNDLED
            .get_or_init(|| Basemap::from_bytes(BUNDLED_BYTES, BUNDLED_FILE))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Reads a basemap file's bytes; `file` names it in errors. Checks the whole file (see
    /// `format`), and that it has both the 1:110m and the 1:50m scale.
    pub fn from_bytes(bytes: &[u8], file: &str) -> Result<Basemap, BasemapError> {
        let raw = format::parse(bytes, file)?;
        let mut world = None;
        let mut detail = None;
        for s in raw.scales {
            match s.denominator {
                110 => world = Some(s),
                50 => detail = Some(s),
                _ => {}
            }
        }
        let missing = || BasemapError::Corrupt {
            file: file.to_string(),
            offset: 0,
            what: "the 1:110m or the 1:50m scale is missing",
        };
        Ok(Basemap {
            countries: raw.countries,
            world: world.ok_or_else(missing)?,
            detail: detail.ok_or_else(missing)?,
            layers: Default::default(),
            label_points: OnceLock::new(),
            deferred: std::sync::atomic::AtomicBool::new(false),
        })
    }

    /// The countries and territories, in file order (indices used everywhere else).
    pub fn countries(&self) -> &[CountryInfo] {
        &self.countries
    }

    /// The country with this ISO alpha-2 code (any case).
    pub fn find_alpha2(&self, code: &str) -> Option<usize> {
        self.countries
            .iter()
            .position(|c| c.alpha2().is_some_and(|a| a.eq_ignore_ascii_case(code)))
    }

    /// The country with this ISO numeric code (the first, for codes shared by territories).
    pub fn find_numeric(&self, numeric: u16) -> Option<usize> {
        self.countries
            .iter()
            .position(|c| c.numeric == Some(numeric))
    }

    /// The country with this Natural Earth name (exact).
    pub fn find_name(&self, name: &str) -> Option<usize> {
        self.countries.iter().position(|c| c.name == name)
    }

    /// The shapes at `lod`, built on first call (tens of milliseconds; see
    /// [`Basemap::prepare_all`] to do it ahead, e.g. on a background thread).
    pub fn layer(&self, lod: Lod) -> &Layer {
        if self.deferred.load(std::sync::atomic::Ordering::Relaxed) {
            return self.ready(lod).unwrap_or_else(|| self.build(Lod::World));
        }
        self.build(lod)
    }

    fn build(&self, lod: Lod) -> &Layer {
        self.layers[lod as usize].get_or_init(|| self.build_layer(lod))
    }

    /// The finest level at or below `lod` built so far.
    fn ready(&self, lod: Lod) -> Option<&Layer> {
        Lod::ALL[..=lod as usize]
            .iter()
            .rev()
            .find_map(|l| self.layers[*l as usize].get())
    }

    /// Builds every level of detail now.
    pub fn prepare_all(&self) {
        for lod in Lod::ALL {
            self.build(lod);
        }
        self.label_points
            .get_or_init(|| self.compute_label_points());
    }

    /// From now on, a level of detail (and the label points) not built yet is not built
    /// on the caller's thread: [`Basemap::layer`] gives the finest level built so far (the
    /// coarsest is built if none is) and [`Basemap::label_points`] nothing, until
    /// [`Basemap::prepare_all`], run on a background thread, has built them. For the app,
    /// whose first frame must not wait for triangulation.
    pub fn defer_builds(&self) {
        self.deferred
            .store(true, std::sync::atomic::Ordering::Relaxed);
    }

    /// Each country's label point, indexed like [`Basemap::countries`] (`None` for a country
    /// without polygons at 1:50m), computed on first call.
    pub fn label_points(&self) -> &[Option<LabelPoint>] {
        if self.deferred.load(std::sync::atomic::Ordering::Relaxed) {
            return self.label_points.get().map_or(&[], Vec::as_slice);
        }
        self.label_points
            .get_or_init(|| self.compute_label_points())
    }

    fn compute_label_points(&self) -> Vec<Option<LabelPoint>> {
        use geo::{Area, BoundingRect, InteriorPoint};
        {
            self.all_polygons(Lod::Continent)
                .iter()
                .map(|polys| {
                    let big = polys
                        .iter()
                        .max_by(|a, b| a.unsigned_area().total_cmp(&b.unsigned_area()))?;
                    let p = big.interior_point()?;
                    let width = big.bounding_rect().map_or(0.0, |r| r.width());
                    Some(LabelPoint {
                        at: [p.x(), p.y()],
                        area: big.unsigned_area(),
                        width,
                    })
                })
                .collect()
        }
    }

    /// Countries to draw at `lod` for a visible Mercator rectangle.
    pub fn countries_in(&self, lod: Lod, rect: &MercatorRect) -> Vec<Visible> {
        self.layer(lod).countries_in(rect)
    }

    /// The filled countries a view shows, in screen pixels, at the level of detail for the
    /// view's zoom (`out` is cleared first and reused; this is the per-frame call).
    pub fn screen_meshes(&self, view: &MapView, vp: Viewport, out: &mut ScreenMeshes) {
        out.clear();
        self.for_each_visible(view, vp, |shape, t, shift, country| {
            out.push_shape(shape, t, shift, country);
        });
    }

    /// The country outlines a view shows, in screen pixels (`out` cleared first).
    pub fn screen_outlines(&self, view: &MapView, vp: Viewport, out: &mut ScreenLines) {
        out.clear();
        self.for_each_visible(view, vp, |shape, t, shift, country| {
            out.push_shape(shape, t, shift, country);
        });
    }

    /// Calls `f(shape, transform, x_shift, country)` for every country shape of the view's
    /// level of detail that meets the view, once per world copy it shows in.
    fn for_each_visible(
        &self,
        view: &MapView,
        vp: Viewport,
        mut f: impl FnMut(&Shape, &ScreenTransform, f64, usize),
    ) {
        let layer = self.layer(Lod::for_zoom(view.zoom));
        let t = view.transform(vp);
        let rect = view.visible_mercator(vp);
        for k in rect.world_copies() {
            let shift = k as f64;
            let r = rect.shifted(-shift);
            for (country, shape) in layer.countries.iter().enumerate() {
                if shape.bounds.is_some_and(|b| b.intersects(&r)) {
                    f(shape, &t, shift, country);
                }
            }
        }
    }

    /// A country's polygons at `lod` as they are triangulated: projected, simplified, cut at
    /// the antimeridian, inside the unit square (for checks and custom drawing; this
    /// recomputes them, it is not a per-frame call).
    pub fn polygons(&self, lod: Lod, country: usize) -> Vec<Polygon<f64>> {
        self.polygons_where(lod, |c| c == country)
            .into_iter()
            .nth(country)
            .unwrap_or_default()
    }

    /// [`Basemap::polygons`] for every country at once, indexed like
    /// [`Basemap::countries`].
    pub fn all_polygons(&self, lod: Lod) -> Vec<Vec<Polygon<f64>>> {
        self.polygons_where(lod, |_| true)
    }

    fn polygons_where(&self, lod: Lod, want: impl Fn(usize) -> bool) -> Vec<Vec<Polygon<f64>>> {
        let scale = self.scale(lod);
        let arcs = prepare_arcs(&scale.arcs, lod.tolerance());
        let mut out = vec![Vec::new(); self.countries.len()];
        for (c, polys) in &scale.countries {
            if !want(*c) {
                continue;
            }
            if let Some(slot) = out.get_mut(*c) {
                for p in polys {
                    if let Some(prepared) = prepare_polygon(p, &arcs, lod.tolerance()) {
                        slot.extend(prepared.pieces);
                    }
                }
            }
        }
        out
    }

    fn scale(&self, lod: Lod) -> &RawScale {
        if lod.scale_denominator() == 110 {
            &self.world
        } else {
            &self.detail
        }
    }

    fn build_layer(&self, lod: Lod) -> Layer {
        let scale = self.scale(lod);
        let tol = lod.tolerance();
        let arcs = prepare_arcs(&scale.arcs, tol);
        let mut countries = vec![Shape::default(); self.countries.len()];
        for (c, polys) in &scale.countries {
            if let Some(shape) = countries.get_mut(*c) {
                build_shape(polys, &arcs, tol, shape);
            }
        }
        let mut land = Shape::default();
        build_shape(&scale.land, &arcs, tol, &mut land);
        Layer {
            lod,
            countries,
            land,
        }
    }
}

type Pt = [f64; 2];

/// Projects and simplifies every arc. Longitudes are made continuous along each arc (an arc
/// crossing the antimeridian goes past `x` = 1 or below 0 instead of jumping).
pub(crate) fn prepare_arcs(arcs: &[Vec<[f64; 2]>], tol: f64) -> Vec<Vec<Pt>> {
    arcs.iter()
        .map(|arc| {
            let mut pts: Vec<Pt> = Vec::with_capacity(arc.len());
            let mut shift = 0.0;
            for &[lon, lat] in arc {
                let mut x = lon_to_x(lon) + shift;
                if let Some(prev) = pts.last() {
                    let jump = (prev[0] - x).round();
                    shift += jump;
                    x += jump;
                }
                pts.push([x, lat_to_y(lat)]);
            }
            if tol > 0.0 && pts.len() > 2 {
                let ls: LineString<f64> = pts.iter().map(|p| coord! { x: p[0], y: p[1] }).collect();
                ls.simplify(tol).0.iter().map(|c| [c.x, c.y]).collect()
            } else {
                pts
            }
        })
        .collect()
}

/// A ring assembled from arcs, continuous in `x`, not repeating its first point.
struct Ring {
    pts: Vec<Pt>,
    /// Times the ring goes round the world (±1 for a ring round a pole, else 0).
    winding: i64,
}

fn assemble_ring(refs: &[i32], arcs: &[Vec<Pt>]) -> Option<Ring> {
    let mut pts: Vec<Pt> = Vec::new();
    for &r in refs {
        let (idx, rev) = if r < 0 {
            ((-1 - i64::from(r)) as usize, true)
        } else {
            (r as usize, false)
        };
        let arc = arcs.get(idx)?;
        let first = if rev { arc.last() } else { arc.first() };
        let Some(first) = first else { continue };
        let shift = pts.last().map_or(0.0, |p| (p[0] - first[0]).round());
        let skip = usize::from(!pts.is_empty());
        let mut push = |p: &Pt| pts.push([p[0] + shift, p[1]]);
        if rev {
            arc.iter().rev().skip(skip).for_each(&mut push);
        } else {
            arc.iter().skip(skip).for_each(&mut push);
        }
    }
    let (first, last) = (*pts.first()?, *pts.last()?);
    let winding = (last[0] - first[0]).round();
    if winding == 0.0 && pts.len() > 1 && (last[0] - first[0]).abs() < 1e-12 {
        pts.pop();
    }
    pts.dedup();
    Some(Ring {
        pts,
        winding: winding as i64,
    })
}

fn shoelace(pts: &[Pt]) -> f64 {
    let n = pts.len();
    let mut s = 0.0;
    for i in 0..n {
        let (a, b) = (pts[i], pts[(i + 1) % n]);
        s += a[0] * b[1] - b[0] * a[1];
    }
    s / 2.0
}

/// A polygon ready to triangulate and outline.
struct Prepared {
    /// Pieces inside [0, 1] in `x` (more than one when cut at the antimeridian).
    pieces: Vec<Polygon<f64>>,
    /// Outline polylines, cut at the antimeridian, inside [0, 1].
    outlines: Vec<Vec<Pt>>,
}

fn prepare_polygon(rings: &RawPolygon, arcs: &[Vec<Pt>], tol: f64) -> Option<Prepared> {
    let mut outlines = Vec::new();
    // (ring for filling, outline polyline, |area|)
    let mut fill: Vec<(Vec<Pt>, Vec<Pt>, f64)> = Vec::new();
    for refs in rings {
        let Some(ring) = assemble_ring(refs, arcs) else {
            continue;
        };
        // Outline: the ring as drawn, closed unless it goes round a pole.
        let mut line = ring.pts.clone();
        if let Some(&p) = line.first() {
            line.push([p[0] + ring.winding as f64, p[1]]);
        }
        let mut pts = ring.pts;
        if ring.winding != 0 && !pts.is_empty() {
            // Round a pole: close the ring along the pole's edge of the square.
            let mean_y = pts.iter().map(|p| p[1]).sum::<f64>() / pts.len() as f64;
            let pole = if mean_y > 0.5 { 1.0 } else { 0.0 };
            let (first, last) = (pts[0], pts[pts.len() - 1]);
            pts.push([last[0], pole]);
            pts.push([first[0], pole]);
            pts.dedup();
        }
        if pts.len() < 3 {
            continue;
        }
        let area = shoelace(&pts).abs();
        fill.push((pts, line, area));
    }
    // The exterior is the largest ring. Usually that is the first one; for a polygon round a
    // pole (Antarctica at 1:50m: a tiny ring round the pole, and the coast as a "hole") the
    // ring along the pole collapses to nothing and the coast is the exterior.
    let ext = (0..fill.len()).max_by(|&a, &b| fill[a].2.total_cmp(&fill[b].2))?;
    fill.swap(0, ext);
    let keep = |area: f64| {
        if tol > 0.0 {
            area > tol * tol
        } else {
            area > 0.0
        }
    };
    if !keep(fill[0].2) {
        return None; // too small at this level: drop the whole polygon
    }
    fill.retain(|r| keep(r.2));
    let ext_mid = mid_x(&fill[0].0);
    for (i, (pts, line, _)) in fill.iter_mut().enumerate() {
        if i > 0 {
            // A hole: move it to the exterior's copy of the world.
            let k = (ext_mid - mid_x(pts)).round();
            if k != 0.0 {
                pts.iter_mut().for_each(|p| p[0] += k);
                line.iter_mut().for_each(|p| p[0] += k);
            }
        }
        split_line(line, &mut outlines);
    }
    let fill: Vec<Vec<Pt>> = fill.into_iter().map(|r| r.0).collect();
    let to_ls = |r: &Vec<Pt>| -> LineString<f64> {
        r.iter().map(|p| coord! { x: p[0], y: p[1] }).collect()
    };
    let exterior = to_ls(&fill[0]);
    let holes: Vec<LineString<f64>> = fill[1..].iter().map(to_ls).collect();
    let poly = Polygon::new(exterior, holes);
    let (min_x, max_x) = fill[0]
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), p| {
            (lo.min(p[0]), hi.max(p[0]))
        });
    let eps = 1e-12;
    let k_lo = (min_x + eps).floor();
    let k_hi = (max_x - eps).floor();
    let pieces = if k_lo == k_hi {
        vec![shift_polygon(poly, -k_lo)]
    } else {
        // Cut at the antimeridian: intersect with each world copy, move each piece home.
        let mut pieces = Vec::new();
        let mut k = k_lo;
        while k <= k_hi {
            let cell = Rect::new(coord! { x: k, y: -1.0 }, coord! { x: k + 1.0, y: 2.0 });
            for p in poly.intersection(&cell.to_polygon()) {
                // The overlay rounds a little: keep the pieces exactly inside [0, 1].
                let (ext, holes) = shift_polygon(p, -k).into_inner();
                let clamp = |ls: LineString<f64>| -> LineString<f64> {
                    ls.0.into_iter()
                        .map(|c| coord! { x: c.x.clamp(0.0, 1.0), y: c.y })
                        .collect()
                };
                pieces.push(Polygon::new(
                    clamp(ext),
                    holes.into_iter().map(clamp).collect(),
                ));
            }
            k += 1.0;
        }
        pieces
    };
    Some(Prepared { pieces, outlines })
}

fn mid_x(r: &[Pt]) -> f64 {
    r.iter().map(|p| p[0]).sum::<f64>() / r.len().max(1) as f64
}

fn shift_polygon(p: Polygon<f64>, dx: f64) -> Polygon<f64> {
    if dx == 0.0 {
        return p;
    }
    let (ext, holes) = p.into_inner();
    let mv = |ls: LineString<f64>| -> LineString<f64> {
        ls.0.into_iter()
            .map(|c| coord! { x: c.x + dx, y: c.y })
            .collect()
    };
    Polygon::new(mv(ext), holes.into_iter().map(mv).collect())
}

/// Cuts a polyline where it crosses a whole-number `x` (the antimeridian in some world
/// copy) and moves each piece into [0, 1].
pub(crate) fn split_line(line: &[Pt], out: &mut Vec<Vec<Pt>>) {
    let cell_of = |a: Pt, b: Pt| ((a[0] + b[0]) / 2.0).floor();
    let mut cur: Vec<Pt> = Vec::new();
    let mut cur_cell = f64::NAN;
    let mut flush = |cur: &mut Vec<Pt>, cell: f64| {
        if cur.len() >= 2 {
            out.push(cur.iter().map(|p| [p[0] - cell, p[1]]).collect());
        }
        cur.clear();
    };
    for w in line.windows(2) {
        let (a, b) = (w[0], w[1]);
        // Split the edge at every whole-number x strictly inside it.
        let mut pieces = vec![a];
        let (lo, hi) = (a[0].min(b[0]), a[0].max(b[0]));
        let mut xs: Vec<f64> = Vec::new();
        let mut k = lo.floor() + 1.0;
        while k < hi && xs.len() < 4 {
            xs.push(k);
            k += 1.0;
        }
        if b[0] < a[0] {
            xs.reverse();
        }
        for x in xs {
            let t = (x - a[0]) / (b[0] - a[0]);
            pieces.push([x, a[1] + t * (b[1] - a[1])]);
        }
        pieces.push(b);
        for s in pieces.windows(2) {
            let cell = cell_of(s[0], s[1]);
            if cell != cur_cell {
                flush(&mut cur, cur_cell);
                cur_cell = cell;
                cur.push(s[0]);
            }
            cur.push(s[1]);
        }
    }
    flush(&mut cur, cur_cell);
}

pub(crate) fn build_shape(polys: &[RawPolygon], arcs: &[Vec<Pt>], tol: f64, shape: &mut Shape) {
    let mut flat: Vec<f64> = Vec::new();
    let mut holes: Vec<usize> = Vec::new();
    for raw in polys {
        let Some(prepared) = prepare_polygon(raw, arcs, tol) else {
            continue;
        };
        for piece in &prepared.pieces {
            flat.clear();
            holes.clear();
            push_ring(piece.exterior(), &mut flat);
            if flat.len() < 6 {
                continue;
            }
            for h in piece.interiors() {
                let start = flat.len();
                push_ring(h, &mut flat);
                if flat.len() - start < 6 {
                    flat.truncate(start);
                } else {
                    holes.push(start / 2);
                }
            }
            let Ok(tris) = earcutr::earcut(&flat, &holes, 2) else {
                continue;
            };
            let base = shape.mesh.vertices.len() as u32;
            shape
                .mesh
                .vertices
                .extend(flat.chunks_exact(2).map(|c| [c[0] as f32, c[1] as f32]));
            shape
                .mesh
                .indices
                .extend(tris.iter().map(|&i| base + i as u32));
        }
        shape.outlines.extend(
            prepared
                .outlines
                .iter()
                .map(|l| l.iter().map(|p| [p[0] as f32, p[1] as f32]).collect()),
        );
    }
    shape.bounds = shape.compute_bounds();
}

/// Outlines only (no triangles) of polygons: for layers drawn as lines.
pub(crate) fn build_outline(polys: &[RawPolygon], arcs: &[Vec<Pt>], tol: f64, shape: &mut Shape) {
    for raw in polys {
        if let Some(prepared) = prepare_polygon(raw, arcs, tol) {
            shape.outlines.extend(
                prepared
                    .outlines
                    .iter()
                    .map(|l| l.iter().map(|p| [p[0] as f32, p[1] as f32]).collect()),
            );
        }
    }
    shape.bounds = shape.compute_bounds();
}

/// A ring's points, without the repeated closing point, flattened.
fn push_ring(ring: &LineString<f64>, flat: &mut Vec<f64>) {
    let pts = &ring.0;
    let n = if pts.len() > 1 && pts.first() == pts.last() {
        pts.len() - 1
    } else {
        pts.len()
    };
    for c in &pts[..n] {
        flat.push(c.x);
        flat.push(c.y);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_line_at_antimeridian() {
        let mut out = Vec::new();
        split_line(&[[0.9, 0.1], [1.1, 0.3], [1.2, 0.3]], &mut out);
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].len(), 2);
        assert!((out[0][1][0] - 1.0).abs() < 1e-12 && (out[0][1][1] - 0.2).abs() < 1e-12);
        assert!(out[1][0][0].abs() < 1e-12 && (out[1][2][0] - 0.2).abs() < 1e-12);
    }

    #[test]
    fn lod_for_zoom() {
        assert_eq!(Lod::for_zoom(0.0), Lod::World);
        assert_eq!(Lod::for_zoom(f64::NAN), Lod::World);
        assert_eq!(Lod::for_zoom(3.0), Lod::Continent);
        assert_eq!(Lod::for_zoom(6.9), Lod::Region);
        assert_eq!(Lod::for_zoom(12.0), Lod::Detail);
        assert!(Lod::World.tolerance() > Lod::Region.tolerance());
        assert_eq!(Lod::Detail.tolerance(), 0.0);
    }
}
