//! The basemap under the dispatch's places: the shaded relief, land and countries (the
//! ones the dispatch names tinted), lakes, rivers, admin-1 boundaries, and names — every
//! visible country, seas, rivers, lakes, physical regions and reference towns — placed
//! without collisions around the markers. Everything comes from the map core
//! (`crate::map`); this file only turns it into egui shapes. A layer that cannot be read is
//! left out and named in [`NaturalEarth::problems`]; the rest is drawn.

use std::cell::RefCell;
use std::sync::{Arc, Mutex, OnceLock};

use egui::epaint::{Mesh, Vertex, WHITE_UV};
use egui::{Color32, FontId, Painter, Pos2, Rect, Shape, Stroke, pos2, vec2};

use crate::gazetteer::Gazetteer;
use crate::map::basemap::{Basemap as CountryMap, Lod, ScreenLines, ScreenMeshes};
use crate::map::layers::{
    Layers, NameKind, Relief, ReliefError, VisibleFeature, bundled_names, bundled_river_angles,
    relief_bands,
};
use crate::map::marks::{LabelCandidate, LabelOptions, LabelSide, ScreenRect, place_labels};
use crate::map::projection::{LatLon, Mercator, project, unproject, x_to_lon, y_to_lat};
use crate::map::view::{MapView, Viewport};
use crate::view::reference::{RefTown, reference_towns, shown_at};

use super::Palette;

/// What one frame of the basemap needs to know.
pub struct Frame<'a> {
    pub rect: Rect,
    pub view: &'a MapView,
    pub palette: &'a Palette,
    /// ISO codes of the countries the dispatch names (not only adjectivally): tinted.
    pub mentioned: &'a [&'a str],
    /// The map is flying (present mode): lines are drawn coarser, which no one sees in
    /// motion and which spares a software renderer half its triangles.
    pub moving: bool,
}

/// What is drawn under the places: [`NaturalEarth`], or [`Graticule`] when the basemap
/// file cannot be read.
pub trait Basemap {
    /// Paints the sea, relief, land, lakes and lines over the whole of `f.rect` (callers
    /// fill nothing under it). Returns whether it drew country shapes (so countries need no
    /// box).
    fn paint(&self, painter: &Painter, f: &Frame<'_>) -> bool;

    /// Paints the basemap's names, keeping clear of `taken` (markers, clusters) and
    /// adding what it places to it.
    fn paint_names(&self, painter: &Painter, f: &Frame<'_>, gaz: &Gazetteer, taken: &mut Vec<Rect>);
}

/// The relief image, from decoding to the GPU.
#[derive(Default)]
enum ReliefSlot {
    /// Not decoded yet (the app decodes it on a background thread; a test decodes it on
    /// first paint).
    #[default]
    Pending,
    Decoded(Relief),
    Failed(ReliefError),
    /// Handed to the painter's texture manager (the decoded image is dropped).
    Uploaded,
}

/// Data the background thread prepares: share it with [`NaturalEarth::loader`].
#[derive(Default)]
pub struct Loaded {
    relief: Mutex<ReliefSlot>,
    towns: OnceLock<Vec<RefTown>>,
}

impl Loaded {
    /// Decodes the relief and builds every level of detail (countries, layers, names):
    /// seconds of work for a background thread at start-up.
    pub fn prepare(&self, gaz: &Gazetteer) {
        if let Ok(basemap) = CountryMap::bundled() {
            basemap.prepare_all();
        }
        if let Ok(layers) = Layers::bundled() {
            layers.prepare_all();
            let _ = bundled_river_angles();
        }
        self.towns.get_or_init(|| reference_towns(gaz));
        let decoded = match Relief::bundled() {
            Ok(r) => ReliefSlot::Decoded(r),
            Err(e) => ReliefSlot::Failed(e),
        };
        let mut slot = self
            .relief
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if matches!(*slot, ReliefSlot::Pending) {
            *slot = decoded;
        }
    }
}

/// The bundled Natural Earth basemap, with per-frame buffers reused between frames.
pub struct NaturalEarth {
    loaded: Arc<Loaded>,
    /// Decode what is missing on first paint instead of waiting for the loader (tests and
    /// image snapshots, which must not depend on a thread's timing).
    load_on_paint: bool,
    texture: RefCell<Option<egui::TextureHandle>>,
    /// The countries of the last frame in screen pixels (their names are placed on the
    /// part in view).
    meshes: RefCell<ScreenMeshes>,
    lakes: RefCell<ScreenMeshes>,
    lines: RefCell<ScreenLines>,
    visible: RefCell<Vec<VisibleFeature>>,
    /// Last frame's land, water and lines, tessellated, and what they were drawn for: a
    /// frame with the same view, size, countries and theme reuses them.
    cached: RefCell<Option<(PaintKey, Vec<Shape>)>>,
    /// Last frame's placed names, for the same basemap and the same rectangles taken by
    /// the dispatch's marks.
    names_cached: RefCell<Option<NamesCache>>,
}

struct NamesCache {
    basemap: PaintKey,
    taken: Vec<[u32; 4]>,
    placed: Vec<(Name, Rect)>,
}

/// What the basemap's shapes depend on, compared bit for bit between frames.
#[derive(Debug, Clone, PartialEq)]
struct PaintKey {
    view: [u64; 3],
    rect: [u32; 4],
    mentioned: Vec<String>,
    colours: [Color32; 8],
    relief: bool,
    /// Whether the background loader has finished (finer levels of detail appear).
    loaded: bool,
    pixels_per_point: u32,
    font_image: [usize; 2],
    /// Anti-aliased line edges (off while the map flies).
    feathering: bool,
    moving: bool,
}

impl PaintKey {
    fn pixels_per_point_f32(&self) -> f32 {
        f32::from_bits(self.pixels_per_point)
    }
}

impl Default for NaturalEarth {
    fn default() -> Self {
        NaturalEarth {
            loaded: Arc::default(),
            load_on_paint: true,
            texture: RefCell::default(),
            meshes: RefCell::default(),
            lakes: RefCell::default(),
            lines: RefCell::default(),
            visible: RefCell::default(),
            cached: RefCell::default(),
            names_cached: RefCell::default(),
        }
    }
}

impl NaturalEarth {
    /// A basemap whose relief and towns a background thread loads through the returned
    /// [`Loaded`] (call [`Loaded::prepare`] there); until then the map draws without them.
    pub fn with_loader() -> (NaturalEarth, Arc<Loaded>) {
        let loaded = Arc::new(Loaded::default());
        (
            NaturalEarth {
                loaded: loaded.clone(),
                load_on_paint: false,
                ..NaturalEarth::default()
            },
            loaded,
        )
    }

    /// The layers that could not be read, one sentence each (shown on the map).
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Err(e) = CountryMap::bundled() {
            out.push(format!("Countries are not shown: {e}."));
        }
        if let Err(e) = Layers::bundled() {
            out.push(format!("Rivers, lakes and provinces are not shown: {e}."));
        }
        if let Err(e) = bundled_names() {
            out.push(format!("Names of seas and rivers are not shown: {e}."));
        }
        if let ReliefSlot::Failed(e) = &*self.relief_slot() {
            out.push(format!("The relief is not shown: {e}."));
        }
        out
    }

    fn relief_slot(&self) -> std::sync::MutexGuard<'_, ReliefSlot> {
        self.loaded
            .relief
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn towns(&self, gaz: &Gazetteer) -> Option<&[RefTown]> {
        if self.load_on_paint {
            Some(self.loaded.towns.get_or_init(|| reference_towns(gaz)))
        } else {
            self.loaded.towns.get().map(Vec::as_slice)
        }
    }

    /// The relief texture, uploading the decoded image on the first frame it is ready.
    fn relief_texture(&self, ctx: &egui::Context) -> Option<egui::TextureHandle> {
        if let Some(t) = &*self.texture.borrow() {
            return Some(t.clone());
        }
        let mut slot = self.relief_slot();
        if self.load_on_paint && matches!(*slot, ReliefSlot::Pending) {
            *slot = match Relief::bundled() {
                Ok(r) => ReliefSlot::Decoded(r),
                Err(e) => ReliefSlot::Failed(e),
            };
        }
        if !matches!(*slot, ReliefSlot::Decoded(_)) {
            return None;
        }
        let ReliefSlot::Decoded(relief) = std::mem::replace(&mut *slot, ReliefSlot::Uploaded)
        else {
            return None;
        };
        // Halved as often as the GPU's largest texture needs (the bundled image is 4096 wide).
        let relief = relief.fitting(ctx.input(|i| i.max_texture_side));
        let image = egui::ColorImage::from_rgb([relief.width, relief.height], &relief.rgb);
        let texture = ctx.load_texture("sitrep-relief", image, egui::TextureOptions::LINEAR);
        *self.texture.borrow_mut() = Some(texture.clone());
        Some(texture)
    }
}

fn core_view(view: &MapView, rect: Rect) -> (MapView, Viewport) {
    (*view, Viewport::new(rect.width(), rect.height()))
}

/// A line on screen as the runs worth drawing: points within `step` pixels of the last one
/// kept are merged (a level of detail is finer than the screen between its zoom steps), and
/// the parts beyond `rect` (with a margin) are left out, the line starting again where it
/// comes back. Each run of two or more points goes to `out`.
fn screen_lines(
    points: impl Iterator<Item = Pos2>,
    rect: Rect,
    step: f32,
    out: &mut dyn FnMut(Vec<Pos2>),
) {
    let area = rect.expand(16.0);
    let mut run: Vec<Pos2> = Vec::new();
    let mut prev: Option<(Pos2, bool)> = None;
    for p in points {
        let inside = area.contains(p);
        let Some((last, last_inside)) = prev else {
            prev = Some((p, inside));
            if inside {
                run.push(p);
            }
            continue;
        };
        if inside || last_inside {
            // A segment that touches the area is drawn whole.
            if run.is_empty() {
                run.push(last);
            }
            let kept = run.last().copied().unwrap_or(last);
            if (p - kept).length_sq() >= step * step || !inside {
                run.push(p);
            }
        } else if run.len() >= 2 {
            out(std::mem::take(&mut run));
        } else {
            run.clear();
        }
        prev = Some((p, inside));
    }
    if let (Some((last, _)), Some(kept)) = (prev, run.last().copied())
        && kept != last
    {
        run.push(last);
    }
    if run.len() >= 2 {
        out(run);
    }
}

impl Basemap for NaturalEarth {
    fn paint(&self, painter: &Painter, f: &Frame<'_>) -> bool {
        let Ok(basemap) = CountryMap::bundled() else {
            return Graticule.paint(painter, f);
        };
        let pal = f.palette;
        let rect = f.rect;
        let (mv, vp) = core_view(f.view, rect);
        let offset = rect.min.to_vec2();
        let relief = self.relief_texture(painter.ctx());
        // The opaque relief hides the sea wherever the world is: the sea is painted only
        // around it. On a software renderer every layer that covers the map costs as much
        // as the rest of the frame.
        let relief_mesh = relief
            .as_ref()
            .map(|tex| relief_mesh(f, tex, pal.map_relief));
        let covered = relief_mesh
            .as_ref()
            .filter(|m| !m.vertices.is_empty())
            .map(Mesh::calc_bounds);
        for strip in sea_strips(rect, covered) {
            painter.rect_filled(strip, 0.0, pal.map_water);
        }
        if let Some(mesh) = relief_mesh {
            painter.add(Shape::mesh(mesh));
        }
        let ctx = painter.ctx();
        let key = PaintKey {
            view: [
                f.view.center.lat.to_bits(),
                f.view.center.lon.to_bits(),
                f.view.zoom.to_bits(),
            ],
            rect: [rect.min.x, rect.min.y, rect.max.x, rect.max.y].map(f32::to_bits),
            mentioned: f.mentioned.iter().map(|m| (*m).to_string()).collect(),
            colours: [
                pal.map_country_wash,
                pal.map_country,
                pal.map_land_wash,
                pal.map_land,
                pal.map_water,
                pal.map_river,
                pal.map_region_border,
                pal.map_border,
            ],
            relief: relief.is_some(),
            loaded: self.load_on_paint || self.loaded.towns.get().is_some(),
            pixels_per_point: ctx.pixels_per_point().to_bits(),
            font_image: ctx.fonts(|fonts| fonts.font_image_size()),
            feathering: ctx.tessellation_options(|o| o.feathering),
            moving: f.moving,
        };
        if let Some((k, shapes)) = &*self.cached.borrow()
            && *k == key
        {
            for shape in shapes {
                painter.add(shape.clone());
            }
            return true;
        }
        let mut shapes: Vec<Shape> = Vec::new();
        // Lines keep a point a pixel on, three while the map flies.
        let step = if f.moving { 3.0 } else { 1.0 };
        // Land and countries: opaque without relief, a wash over it.
        let countries = basemap.countries();
        let mut meshes = self.meshes.borrow_mut();
        basemap.screen_meshes(&mv, vp, &mut meshes);
        let mut mesh = Mesh::default();
        mesh.vertices.reserve(meshes.vertices.len());
        for part in &meshes.parts {
            let named = countries
                .get(part.tag)
                .and_then(|c| c.alpha2())
                .is_some_and(|a| f.mentioned.contains(&a));
            let color = match (named, relief.is_some()) {
                (true, true) => pal.map_country_wash,
                (true, false) => pal.map_country,
                (false, true) => pal.map_land_wash,
                (false, false) => pal.map_land,
            };
            push_mesh_part(&mut mesh, &meshes, part, color, offset);
        }
        shapes.push(Shape::mesh(mesh));
        let zoom = f.view.zoom;
        if let Ok(layers) = Layers::bundled() {
            let lod = layers.lod(Lod::for_zoom(zoom));
            let t = mv.transform(vp);
            let mut visible = self.visible.borrow_mut();
            // Lakes, in the water's colour.
            Layers::visible(&lod.lakes, &mv, vp, &mut visible);
            let mut lakes = self.lakes.borrow_mut();
            lakes.clear();
            for v in visible.iter() {
                lakes.push_shape(&lod.lakes[v.index], &t, v.x_shift, v.index);
            }
            let mut mesh = Mesh::default();
            for part in &lakes.parts {
                push_mesh_part(&mut mesh, &lakes, part, pal.map_water, offset);
            }
            shapes.push(Shape::mesh(mesh));
            // Rivers, wider as the map closes in.
            Layers::visible(&lod.rivers, &mv, vp, &mut visible);
            let width = (0.6 + 0.22 * (zoom as f32 - 2.0)).clamp(0.6, 2.2);
            let stroke = Stroke::new(width, pal.map_river);
            for v in visible.iter() {
                for line in &lod.rivers[v.index].outlines {
                    let pts = line.iter().map(|&p| {
                        let s = t.apply(p, v.x_shift);
                        pos2(s[0], s[1]) + offset
                    });
                    screen_lines(pts, rect, step, &mut |run| {
                        shapes.push(Shape::line(run, stroke))
                    });
                }
            }
            // Admin-1 boundaries from zoom 4 (a region, not a continent) on.
            if zoom >= 4.0 {
                Layers::visible(&lod.regions, &mv, vp, &mut visible);
                // Solid and faint (dashes would multiply the vertices tenfold).
                let stroke = Stroke::new(0.6, pal.map_region_border);
                for v in visible.iter() {
                    for line in &lod.regions[v.index].outlines {
                        let pts = line.iter().map(|&p| {
                            let s = t.apply(p, v.x_shift);
                            pos2(s[0], s[1]) + offset
                        });
                        screen_lines(pts, rect, step, &mut |run| {
                            shapes.push(Shape::line(run, stroke));
                        });
                    }
                }
            }
        }
        // Country borders over everything.
        let mut lines = self.lines.borrow_mut();
        basemap.screen_outlines(&mv, vp, &mut lines);
        let stroke = Stroke::new(if zoom >= 5.0 { 1.0 } else { 0.8 }, pal.map_border);
        for (_, range) in &lines.lines {
            let pts = lines.points[range.start as usize..range.end as usize]
                .iter()
                .map(|p| pos2(p[0], p[1]) + offset);
            screen_lines(pts, rect, step, &mut |run| {
                shapes.push(Shape::line(run, stroke))
            });
        }
        // The lines tessellated once into one mesh: a frame that reuses them copies it.
        let mut lines_mesh = Mesh::default();
        let mut tessellator = egui::epaint::Tessellator::new(
            key.pixels_per_point_f32(),
            ctx.tessellation_options(|o| *o),
            key.font_image,
            Vec::new(),
        );
        let mut kept: Vec<Shape> = Vec::with_capacity(3);
        for shape in shapes {
            if matches!(shape, Shape::Mesh(_)) {
                kept.push(shape);
            } else {
                tessellator.tessellate_shape(shape, &mut lines_mesh);
            }
        }
        kept.push(Shape::mesh(lines_mesh));
        for shape in &kept {
            painter.add(shape.clone());
        }
        *self.cached.borrow_mut() = Some((key, kept));
        true
    }

    fn paint_names(
        &self,
        painter: &Painter,
        f: &Frame<'_>,
        gaz: &Gazetteer,
        taken: &mut Vec<Rect>,
    ) {
        // The basemap this frame was painted with (its key is last frame's when nothing
        // changed), and the marks' rectangles: the same as last frame, the same names.
        let basemap_key = self.cached.borrow().as_ref().map(|(k, _)| k.clone());
        let taken_bits: Vec<[u32; 4]> = taken
            .iter()
            .map(|r| [r.min.x, r.min.y, r.max.x, r.max.y].map(f32::to_bits))
            .collect();
        if let (Some(key), Some(c)) = (&basemap_key, &*self.names_cached.borrow())
            && c.basemap == *key
            && c.taken == taken_bits
        {
            for (n, r) in &c.placed {
                n.paint(painter, *r, f.palette);
                taken.push(*r);
            }
            return;
        }
        let placed = self.place_names(f, gaz, taken);
        for (n, r) in &placed {
            n.paint(painter, *r, f.palette);
            taken.push(*r);
        }
        if let Some(key) = basemap_key {
            *self.names_cached.borrow_mut() = Some(NamesCache {
                basemap: key,
                taken: taken_bits,
                placed,
            });
        }
    }
}

impl NaturalEarth {
    /// The basemap's names that fit this frame, each with its box: countries, seas and
    /// rivers centred on their point, reference towns beside their dot.
    fn place_names(&self, f: &Frame<'_>, gaz: &Gazetteer, taken: &[Rect]) -> Vec<(Name, Rect)> {
        let pal = f.palette;
        let rect = f.rect;
        let (mv, vp) = core_view(f.view, rect);
        let zoom = f.view.zoom;
        let offset = rect.min.to_vec2();
        let to_screen = |p: LatLon| {
            let s = mv.to_screen(p, vp);
            pos2(s.x, s.y) + offset
        };
        let mut names: Vec<Name> = Vec::new();
        // Countries: every one whose shape is wide enough for its name, the named ones
        // first and in bold.
        if let Ok(basemap) = CountryMap::bundled() {
            let meshes = self.meshes.borrow();
            let inner = rect.shrink(16.0);
            for (i, c) in basemap.countries().iter().enumerate() {
                let named = c.alpha2().is_some_and(|a| f.mentioned.contains(&a));
                let Some(lp) = basemap.label_points().get(i).copied().flatten() else {
                    continue;
                };
                let font = if named { 12.5 } else { 11.0 };
                let text = if zoom < 4.0 {
                    c.name.to_uppercase()
                } else {
                    c.name.clone()
                };
                let width = estimate(&text, font);
                let home = to_screen(unproject(Mercator {
                    x: lp.at[0],
                    y: lp.at[1],
                }));
                // Its label point when in view and the country wide enough for the name;
                // else the middle of the part of it in view, when that part has room.
                let at = if inner.contains(home) {
                    ((lp.width * mv.world_px()) as f32 >= width * 0.9).then_some(home)
                } else {
                    visible_middle(&meshes, i, inner, offset, width)
                };
                let Some(at) = at else { continue };
                names.push(Name {
                    id: i as u64,
                    text,
                    at,
                    font,
                    color: if named { pal.text } else { pal.map_label },
                    italic: false,
                    angle: 0.0,
                    priority: if named { 2e3 } else { 1e3 } + (lp.area * 1e4) as f32,
                    dot: false,
                });
            }
        }
        // Seas, lakes, rivers and physical regions.
        if let Ok(curated) = bundled_names() {
            let angles = bundled_river_angles();
            for (i, n) in curated.iter().enumerate() {
                if zoom < n.min_zoom || zoom >= n.max_zoom {
                    continue;
                }
                let (font, color, italic, priority) = match n.kind {
                    NameKind::Sea => (12.0, pal.map_water_label, true, 900.0),
                    NameKind::Lake => (10.5, pal.map_water_label, true, 500.0),
                    NameKind::River => (10.5, pal.map_water_label, true, 700.0),
                    NameKind::Physical => (10.5, pal.map_label, true, 400.0),
                };
                let angle = angles.get(i).copied().flatten().unwrap_or(0.0);
                if n.kind == NameKind::River && angles.get(i).copied().flatten().is_none() {
                    continue;
                }
                names.push(Name {
                    id: 1_000_000 + i as u64,
                    text: n.name.clone(),
                    at: to_screen(n.at),
                    font,
                    color,
                    italic,
                    angle,
                    priority,
                    dot: false,
                });
            }
        }
        // Reference towns: a dot and a faint name.
        if zoom >= 2.0
            && let Some(towns) = self.towns(gaz)
        {
            let mut n = 0;
            for t in towns.iter().filter(|t| shown_at(t, zoom)) {
                let at = to_screen(LatLon::new(t.lat, t.lon));
                if !rect.shrink(4.0).contains(at) {
                    continue;
                }
                names.push(Name {
                    id: 2_000_000 + u64::from(t.place.0),
                    text: t.name.clone(),
                    at,
                    font: if t.capital { 10.5 } else { 10.0 },
                    color: pal.map_town,
                    italic: false,
                    angle: 0.0,
                    priority: 100.0
                        + (t.population as f32).log10() * 10.0
                        + if t.capital { 30.0 } else { 0.0 },
                    dot: true,
                });
                n += 1;
                if n >= 150 {
                    break;
                }
            }
        }
        let candidates: Vec<LabelCandidate> = names
            .iter()
            .map(|n| {
                let (w, h) = n.extent();
                LabelCandidate {
                    id: n.id,
                    anchor: crate::map::ScreenPoint::new(n.at.x, n.at.y),
                    width: w,
                    height: h,
                    priority: n.priority,
                }
            })
            .collect();
        let obstacles: Vec<ScreenRect> = taken.iter().map(|r| screen_rect(*r)).collect();
        let bounds = screen_rect(rect.shrink(2.0));
        // Area and line names centred on their point; towns beside their dot.
        let (centred, beside): (Vec<_>, Vec<_>) =
            candidates.iter().zip(&names).partition(|(_, n)| !n.dot);
        let centred: Vec<LabelCandidate> = centred.into_iter().map(|(c, _)| *c).collect();
        let dot_at = |c: &LabelCandidate| ScreenRect {
            min_x: c.anchor.x - 2.5,
            min_y: c.anchor.y - 2.5,
            max_x: c.anchor.x + 2.5,
            max_y: c.anchor.y + 2.5,
        };
        // A town under one of the dispatch's markers is that place (or beside it): the
        // marker names it already.
        let beside: Vec<LabelCandidate> = beside
            .into_iter()
            .map(|(c, _)| *c)
            .filter(|c| !obstacles.iter().any(|o| o.overlaps(&dot_at(c))))
            .collect();
        let opts = LabelOptions {
            sides: vec![LabelSide::Center, LabelSide::Below, LabelSide::Above],
            gap: 6.0,
            margin: 3.0,
            bounds: Some(bounds),
        };
        let mut placed = place_labels(&centred, &obstacles, &opts);
        let mut obstacles = obstacles;
        obstacles.extend(placed.iter().map(|p| p.rect));
        let dots: Vec<ScreenRect> = beside.iter().map(dot_at).collect();
        let mut town_obstacles = obstacles.clone();
        town_obstacles.extend(dots);
        let opts = LabelOptions {
            sides: vec![
                LabelSide::Right,
                LabelSide::Left,
                LabelSide::Above,
                LabelSide::Below,
            ],
            gap: 4.0,
            margin: 2.0,
            bounds: Some(bounds),
        };
        placed.extend(place_labels(&beside, &town_obstacles, &opts));
        let by_id: std::collections::HashMap<u64, &Name> =
            names.iter().map(|n| (n.id, n)).collect();
        placed
            .iter()
            .filter_map(|p| {
                let n = by_id.get(&p.id)?;
                let r = Rect::from_min_max(
                    pos2(p.rect.min_x, p.rect.min_y),
                    pos2(p.rect.max_x, p.rect.max_y),
                );
                Some(((*n).clone(), r))
            })
            .collect()
    }
}

/// One name the basemap would like to draw.
#[derive(Clone)]
struct Name {
    id: u64,
    text: String,
    at: Pos2,
    font: f32,
    color: Color32,
    italic: bool,
    /// Radians, for rivers.
    angle: f32,
    priority: f32,
    /// A town: a dot at `at`, the name beside it.
    dot: bool,
}

fn estimate(text: &str, font: f32) -> f32 {
    crate::map::estimate_text_size(text, font).0
}

impl Name {
    /// The box the name covers on screen (a rotated river name: its bounding box).
    fn extent(&self) -> (f32, f32) {
        let (w, h) = crate::map::estimate_text_size(&self.text, self.font);
        if self.angle == 0.0 {
            (w, h)
        } else {
            let (s, c) = self.angle.sin_cos();
            (w * c.abs() + h * s.abs(), w * s.abs() + h * c.abs())
        }
    }

    fn paint(&self, painter: &Painter, r: Rect, pal: &Palette) {
        let mut format = egui::TextFormat {
            font_id: FontId::proportional(self.font),
            color: self.color,
            italics: self.italic,
            ..Default::default()
        };
        if self.dot {
            painter.circle(self.at, 2.2, self.color, Stroke::new(0.8, pal.halo));
        }
        format.color = self.color;
        let mut job = egui::text::LayoutJob::default();
        job.append(&self.text, 0.0, format);
        let galley = painter.layout_job(job);
        let size = galley.size();
        if self.angle == 0.0 {
            let at = r.center() - size / 2.0;
            let halo = pal.halo.gamma_multiply(0.55);
            for d in [
                vec2(-0.8, 0.0),
                vec2(0.8, 0.0),
                vec2(0.0, -0.8),
                vec2(0.0, 0.8),
            ] {
                painter.galley_with_override_text_color(at + d, galley.clone(), halo);
            }
            painter.galley(at, galley, self.color);
        } else {
            // Rotate about the box's centre: egui rotates about the galley's top-left.
            let (s, c) = self.angle.sin_cos();
            let half = size / 2.0;
            let off = vec2(half.x * c - half.y * s, half.x * s + half.y * c);
            let at = r.center() - off;
            painter
                .add(egui::epaint::TextShape::new(at, galley, self.color).with_angle(self.angle));
        }
    }
}

/// The middle of the part of country `tag` in view: the area-weighted centre of its
/// triangles whose centre lies inside `inner` (screen pixels before `offset`), moved to
/// the nearest such triangle's centre if it falls outside the country. `None` when the part
/// in view is narrower than `width` or too small.
fn visible_middle(
    meshes: &ScreenMeshes,
    tag: usize,
    inner: Rect,
    offset: egui::Vec2,
    width: f32,
) -> Option<Pos2> {
    let mut sum = (0.0f64, 0.0f64, 0.0f64);
    let (mut min_x, mut max_x) = (f32::INFINITY, f32::NEG_INFINITY);
    let mut centres: Vec<(Pos2, f32)> = Vec::new();
    for part in meshes.parts.iter().filter(|p| p.tag == tag) {
        let idx = &meshes.indices[part.indices.start as usize..part.indices.end as usize];
        for t in idx.chunks_exact(3) {
            let p = |i: u32| {
                let v = meshes.vertices[i as usize];
                pos2(v[0], v[1]) + offset
            };
            let (a, b, c) = (p(t[0]), p(t[1]), p(t[2]));
            if a.x.max(b.x).max(c.x) < inner.min.x
                || a.x.min(b.x).min(c.x) > inner.max.x
                || a.y.max(b.y).max(c.y) < inner.min.y
                || a.y.min(b.y).min(c.y) > inner.max.y
            {
                continue;
            }
            // The part of the triangle inside `inner`.
            let clipped = clip_to_rect(&[a, b, c], inner);
            let Some((centre, area)) = polygon_centroid(&clipped) else {
                continue;
            };
            sum.0 += f64::from(centre.x * area);
            sum.1 += f64::from(centre.y * area);
            sum.2 += f64::from(area);
            for q in &clipped {
                min_x = min_x.min(q.x);
                max_x = max_x.max(q.x);
            }
            centres.push((centre, area));
        }
    }
    if sum.2 < f64::from(width * 24.0) || max_x - min_x < width {
        return None;
    }
    let mid = pos2((sum.0 / sum.2) as f32, (sum.1 / sum.2) as f32);
    // Inside the country? The nearest big triangle's centre otherwise (a crescent's
    // middle lies outside it).
    let inside = meshes.parts.iter().filter(|p| p.tag == tag).any(|part| {
        meshes.indices[part.indices.start as usize..part.indices.end as usize]
            .chunks_exact(3)
            .any(|t| {
                let v = |i: u32| {
                    pos2(
                        meshes.vertices[i as usize][0],
                        meshes.vertices[i as usize][1],
                    ) + offset
                };
                in_triangle(mid, v(t[0]), v(t[1]), v(t[2]))
            })
    });
    if inside {
        return Some(mid);
    }
    centres
        .iter()
        .filter(|(_, a)| *a >= (sum.2 as f32) * 0.02)
        .min_by(|x, y| x.0.distance(mid).total_cmp(&y.0.distance(mid)))
        .map(|(c, _)| *c)
}

/// Whether a point is inside one edge of the clip rectangle.
type Inside = fn(Pos2, Rect) -> bool;
/// Where the segment between two points crosses that edge.
type Cut = fn(Pos2, Pos2, Rect) -> Pos2;

/// Sutherland–Hodgman: a convex polygon cut to a rectangle.
fn clip_to_rect(poly: &[Pos2], r: Rect) -> Vec<Pos2> {
    let mut out: Vec<Pos2> = poly.to_vec();
    let edges: [(Inside, Cut); 4] = [
        (|p, r| p.x >= r.min.x, |a, b, r| lerp_x(a, b, r.min.x)),
        (|p, r| p.x <= r.max.x, |a, b, r| lerp_x(a, b, r.max.x)),
        (|p, r| p.y >= r.min.y, |a, b, r| lerp_y(a, b, r.min.y)),
        (|p, r| p.y <= r.max.y, |a, b, r| lerp_y(a, b, r.max.y)),
    ];
    for (inside, cut) in edges {
        let input = std::mem::take(&mut out);
        for (i, &cur) in input.iter().enumerate() {
            let prev = input[(i + input.len() - 1) % input.len()];
            match (inside(cur, r), inside(prev, r)) {
                (true, true) => out.push(cur),
                (true, false) => {
                    out.push(cut(prev, cur, r));
                    out.push(cur);
                }
                (false, true) => out.push(cut(prev, cur, r)),
                (false, false) => {}
            }
        }
        if out.is_empty() {
            break;
        }
    }
    out
}

fn lerp_x(a: Pos2, b: Pos2, x: f32) -> Pos2 {
    let t = if b.x == a.x {
        0.0
    } else {
        (x - a.x) / (b.x - a.x)
    };
    pos2(x, a.y + t * (b.y - a.y))
}

fn lerp_y(a: Pos2, b: Pos2, y: f32) -> Pos2 {
    let t = if b.y == a.y {
        0.0
    } else {
        (y - a.y) / (b.y - a.y)
    };
    pos2(a.x + t * (b.x - a.x), y)
}

/// Centre and area of a simple polygon (`None` when degenerate).
fn polygon_centroid(poly: &[Pos2]) -> Option<(Pos2, f32)> {
    if poly.len() < 3 {
        return None;
    }
    let (mut a, mut cx, mut cy) = (0.0f32, 0.0f32, 0.0f32);
    for i in 0..poly.len() {
        let (p, q) = (poly[i], poly[(i + 1) % poly.len()]);
        let cross = p.x * q.y - q.x * p.y;
        a += cross;
        cx += (p.x + q.x) * cross;
        cy += (p.y + q.y) * cross;
    }
    if a.abs() < 1e-3 {
        return None;
    }
    Some((pos2(cx / (3.0 * a), cy / (3.0 * a)), a.abs() / 2.0))
}

fn in_triangle(p: Pos2, a: Pos2, b: Pos2, c: Pos2) -> bool {
    let s = |p1: Pos2, p2: Pos2, p3: Pos2| {
        (p1.x - p3.x) * (p2.y - p3.y) - (p2.x - p3.x) * (p1.y - p3.y)
    };
    let (d1, d2, d3) = (s(p, a, b), s(p, b, c), s(p, c, a));
    let neg = d1 < 0.0 || d2 < 0.0 || d3 < 0.0;
    let pos = d1 > 0.0 || d2 > 0.0 || d3 > 0.0;
    !(neg && pos)
}

/// An egui rectangle as the map core's screen rectangle.
pub(super) fn screen_rect(r: Rect) -> ScreenRect {
    ScreenRect {
        min_x: r.min.x,
        min_y: r.min.y,
        max_x: r.max.x,
        max_y: r.max.y,
    }
}

fn push_mesh_part(
    mesh: &mut Mesh,
    meshes: &ScreenMeshes,
    part: &crate::map::basemap::ScreenPart,
    color: Color32,
    offset: egui::Vec2,
) {
    let base = mesh.vertices.len() as u32;
    let first = part.vertices.start;
    for v in &meshes.vertices[part.vertices.start as usize..part.vertices.end as usize] {
        mesh.vertices.push(Vertex {
            pos: pos2(v[0], v[1]) + offset,
            uv: WHITE_UV,
            color,
        });
    }
    mesh.indices.extend(
        meshes.indices[part.indices.start as usize..part.indices.end as usize]
            .iter()
            .map(|&i| i - first + base),
    );
}

/// The parts of `rect` left for the sea around `covered` (what the relief paints): all of
/// it without relief, nothing when the relief fills it, else strips above, below and to the
/// sides. Each strip reaches one pixel under the relief, which is painted over it, so no
/// seam of background shows between them.
fn sea_strips(rect: Rect, covered: Option<Rect>) -> Vec<Rect> {
    let Some(c) = covered
        .map(|c| c.intersect(rect))
        .filter(|c| c.is_positive())
    else {
        return vec![rect];
    };
    let mut strips = Vec::new();
    if c.min.y > rect.min.y {
        strips.push(Rect::from_x_y_ranges(
            rect.x_range(),
            rect.min.y..=c.min.y + 1.0,
        ));
    }
    if c.max.y < rect.max.y {
        strips.push(Rect::from_x_y_ranges(
            rect.x_range(),
            c.max.y - 1.0..=rect.max.y,
        ));
    }
    if c.min.x > rect.min.x {
        strips.push(Rect::from_x_y_ranges(
            rect.min.x..=c.min.x + 1.0,
            c.y_range(),
        ));
    }
    if c.max.x < rect.max.x {
        strips.push(Rect::from_x_y_ranges(
            c.max.x - 1.0..=rect.max.x,
            c.y_range(),
        ));
    }
    strips
}

/// The relief image (plate carrée) drawn on Mercator: one textured quad per thin band of
/// latitude, per world copy in view.
fn relief_mesh(f: &Frame<'_>, tex: &egui::TextureHandle, tint: Color32) -> Mesh {
    let rect = f.rect;
    let (mv, vp) = core_view(f.view, rect);
    let seen = mv.visible_mercator(vp);
    let (north, south) = (y_to_lat(seen.min_y), y_to_lat(seen.max_y));
    let bands = relief_bands(
        north,
        south,
        ((rect.height() / 12.0).ceil() as usize).clamp(4, 160),
    );
    let (x0, x1) = (seen.min_x, seen.max_x);
    let t = mv.transform(vp);
    let mut mesh = Mesh::with_texture(tex.id());
    for k in (x0.floor() as i64)..=(x1.floor() as i64) {
        // This world copy's part of the view, in Mercator x.
        let (a, b) = (x0.max(k as f64), x1.min(k as f64 + 1.0));
        if b <= a {
            continue;
        }
        let (lon_a, lon_b) = (x_to_lon(a - k as f64), x_to_lon(b - k as f64));
        let (ua, ub) = (
            ((lon_a + 180.0) / 360.0) as f32,
            ((lon_b + 180.0) / 360.0) as f32,
        );
        for &(n, s) in &bands {
            let p = |lat: f64, lon: f64, shift: f64| {
                let m = project(LatLon::new(lat, lon));
                let px = t.mercator_to_screen(Mercator::new(m.x + shift, m.y));
                rect.min + vec2(px.x, px.y)
            };
            let shift = k as f64;
            let (tl, br) = (p(n, lon_a, shift), p(s, lon_b, shift));
            let (vn, vs) = (((90.0 - n) / 180.0) as f32, ((90.0 - s) / 180.0) as f32);
            let i = mesh.vertices.len() as u32;
            for (pos, uv) in [
                (tl, pos2(ua, vn)),
                (pos2(br.x, tl.y), pos2(ub, vn)),
                (br, pos2(ub, vs)),
                (pos2(tl.x, br.y), pos2(ua, vs)),
            ] {
                mesh.vertices.push(Vertex {
                    pos,
                    uv,
                    color: tint,
                });
            }
            mesh.indices.extend([i, i + 1, i + 2, i, i + 2, i + 3]);
        }
    }
    mesh
}

/// A plain graticule: meridians and parallels at a spacing that suits the zoom.
pub struct Graticule;

impl Basemap for Graticule {
    fn paint(&self, painter: &Painter, f: &Frame<'_>) -> bool {
        let (rect, palette) = (f.rect, f.palette);
        painter.rect_filled(rect, 0.0, palette.map_water);
        let (mv, vp) = core_view(f.view, rect);
        let t = mv.transform(vp);
        let to = |lat: f64, lon: f64| {
            let p = t.mercator_to_screen(project(LatLon::new(lat, lon)));
            rect.min + vec2(p.x, p.y)
        };
        let seen = mv.visible_mercator(vp);
        // [lat, lon] of the view's corners (longitude not wrapped).
        let nw = [y_to_lat(seen.min_y), x_to_lon(seen.min_x)];
        let se = [y_to_lat(seen.max_y), x_to_lon(seen.max_x)];
        let span = (se[1] - nw[1]).abs().max(1e-6);
        let step = [30.0, 15.0, 10.0, 5.0, 2.0, 1.0, 0.5, 0.25, 0.1]
            .into_iter()
            .find(|s| span / s <= 12.0)
            .map_or(0.1, |s| if span / s < 3.0 { s / 2.0 } else { s });
        let stroke = Stroke::new(1.0, palette.map_grid);
        let (lon0, lon1) = ((nw[1] / step).floor() * step, se[1].min(180.0));
        let (lat0, lat1) = (se[0].max(-85.0), nw[0].min(85.0));
        let mut lon = lon0.max(-180.0);
        let mut n = 0;
        while lon <= lon1 && n < 400 {
            painter.line_segment([to(lat0, lon), to(lat1, lon)], stroke);
            lon += step;
            n += 1;
        }
        let mut lat = (lat0 / step).floor() * step;
        while lat <= lat1 && n < 800 {
            painter.line_segment(
                [to(lat, nw[1].max(-180.0)), to(lat, se[1].min(180.0))],
                stroke,
            );
            lat += step;
            n += 1;
        }
        // The world's edge.
        let world = Rect::from_two_pos(to(85.05, -180.0), to(-85.05, 180.0));
        painter.rect_stroke(
            world,
            0.0,
            Stroke::new(1.0, palette.map_area_stroke),
            egui::StrokeKind::Inside,
        );
        false
    }

    fn paint_names(&self, _: &Painter, _: &Frame<'_>, _: &Gazetteer, _: &mut Vec<Rect>) {}
}

/// A region the dispatch names, drawn as its shape (tinted, outlined) when the layers know
/// it. Returns `false` when they do not (the caller draws a box).
pub fn paint_region(
    painter: &Painter,
    f: &Frame<'_>,
    country: &str,
    code: Option<&str>,
    at: LatLon,
    fill: Color32,
    stroke: Stroke,
) -> bool {
    let Ok(layers) = Layers::bundled() else {
        return false;
    };
    let code = code.map(|c| {
        if c.contains('.') {
            c.to_string()
        } else {
            format!("{country}.{c}")
        }
    });
    let Some(region) = layers.find_region(country, code.as_deref(), at) else {
        return false;
    };
    let lod = Lod::for_zoom(f.view.zoom).max(Lod::Continent);
    let Some(shape) = layers.region_shape(lod, region) else {
        return false;
    };
    let (mv, vp) = core_view(f.view, f.rect);
    let t = mv.transform(vp);
    let offset = f.rect.min.to_vec2();
    let rect = mv.visible_mercator(vp);
    let Some(bounds) = shape.bounds else {
        return false;
    };
    let mut meshes = ScreenMeshes::default();
    let mut lines: Vec<Vec<Pos2>> = Vec::new();
    for k in rect.world_copies() {
        let shift = k as f64;
        if !bounds.intersects(&rect.shifted(-shift)) {
            continue;
        }
        meshes.push_shape(&shape, &t, shift, 0);
        lines.extend(shape.outlines.iter().map(|line| {
            line.iter()
                .map(|&p| {
                    let s = t.apply(p, shift);
                    pos2(s[0], s[1]) + offset
                })
                .collect()
        }));
    }
    let mut mesh = Mesh::default();
    for part in &meshes.parts {
        push_mesh_part(&mut mesh, &meshes, part, fill, offset);
    }
    painter.add(Shape::mesh(mesh));
    for pts in lines {
        painter.add(Shape::line(pts, stroke));
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sea_is_painted_only_where_the_relief_leaves_it_showing() {
        let r = |x0: f32, y0: f32, x1: f32, y1: f32| Rect::from_min_max(pos2(x0, y0), pos2(x1, y1));
        let map = r(0.0, 0.0, 800.0, 600.0);
        // No relief (not decoded yet): the whole map.
        assert_eq!(sea_strips(map, None), vec![map]);
        // Zoomed in, the relief fills the map (and beyond): no sea under it.
        assert_eq!(sea_strips(map, Some(r(-50.0, -80.0, 900.0, 700.0))), vec![]);
        // Zoomed out: the world is a band across the middle; the sea above and below, each
        // strip one pixel under the relief.
        assert_eq!(
            sea_strips(map, Some(r(-10.0, 100.0, 810.0, 500.0))),
            vec![r(0.0, 0.0, 800.0, 101.0), r(0.0, 499.0, 800.0, 600.0)]
        );
        // Narrower than the map too: strips at the sides, between the top and bottom ones.
        assert_eq!(
            sea_strips(map, Some(r(100.0, 100.0, 700.0, 500.0))),
            vec![
                r(0.0, 0.0, 800.0, 101.0),
                r(0.0, 499.0, 800.0, 600.0),
                r(0.0, 100.0, 101.0, 500.0),
                r(699.0, 100.0, 800.0, 500.0),
            ]
        );
        // A relief wholly off the map leaves it all to the sea.
        assert_eq!(
            sea_strips(map, Some(r(900.0, 0.0, 1000.0, 600.0))),
            vec![map]
        );
    }

    #[test]
    fn screen_lines_merge_sub_pixel_steps_and_leave_out_what_is_off_the_map() {
        let rect = Rect::from_min_max(pos2(0.0, 0.0), pos2(100.0, 100.0));
        let runs = |pts: &[(f32, f32)]| {
            let mut out = Vec::new();
            screen_lines(pts.iter().map(|&(x, y)| pos2(x, y)), rect, 1.0, &mut |r| {
                out.push(r.iter().map(|p| (p.x, p.y)).collect::<Vec<_>>());
            });
            out
        };
        // Steps of a tenth of a pixel: the ends and one point a pixel on are kept.
        let fine: Vec<(f32, f32)> = (0..=15).map(|i| (10.0 + i as f32 * 0.1, 10.0)).collect();
        assert_eq!(
            runs(&fine),
            vec![vec![(10.0, 10.0), (11.0, 10.0), (11.5, 10.0)]]
        );
        // Out of the map and back: two runs, each with the points just beyond the edge.
        let out_and_back = [
            (50.0, 50.0),
            (150.0, 50.0),
            (300.0, 50.0),
            (400.0, 50.0),
            (150.0, 60.0),
            (60.0, 60.0),
        ];
        assert_eq!(
            runs(&out_and_back),
            vec![
                vec![(50.0, 50.0), (150.0, 50.0)],
                vec![(150.0, 60.0), (60.0, 60.0)],
            ]
        );
        // Wholly off the map, or a single point: nothing.
        assert!(runs(&[(500.0, 500.0), (600.0, 600.0)]).is_empty());
        assert!(runs(&[(5.0, 5.0)]).is_empty());
    }

    #[test]
    fn clipping_a_triangle_to_a_rectangle() {
        let r = Rect::from_min_max(pos2(0.0, 0.0), pos2(10.0, 10.0));
        // Wholly inside: unchanged; half outside: cut; outside: nothing.
        let inside = [pos2(1.0, 1.0), pos2(5.0, 1.0), pos2(1.0, 5.0)];
        assert_eq!(polygon_centroid(&clip_to_rect(&inside, r)).unwrap().1, 8.0);
        let big = [pos2(-10.0, 0.0), pos2(20.0, 0.0), pos2(5.0, 30.0)];
        let (c, area) = polygon_centroid(&clip_to_rect(&big, r)).unwrap();
        assert!((area - 100.0).abs() < 1e-3, "{area}");
        assert!((c.x - 5.0).abs() < 1e-3 && (c.y - 5.0).abs() < 1e-3);
        let out = [pos2(20.0, 20.0), pos2(30.0, 20.0), pos2(20.0, 30.0)];
        assert!(clip_to_rect(&out, r).is_empty());
    }

    #[test]
    fn a_healthy_basemap_has_no_problems() {
        assert_eq!(NaturalEarth::default().problems(), Vec::<String>::new());
    }

    #[test]
    fn rotated_names_cover_their_bounding_box() {
        let n = Name {
            id: 0,
            text: "Euphrates".into(),
            at: pos2(0.0, 0.0),
            font: 10.0,
            color: Color32::WHITE,
            italic: true,
            angle: std::f32::consts::FRAC_PI_2,
            priority: 0.0,
            dot: false,
        };
        let (w, h) = n.extent();
        let (tw, th) = crate::map::estimate_text_size("Euphrates", 10.0);
        assert!((w - th).abs() < 0.01 && (h - tw).abs() < 0.01);
    }
}
