//! The bundled basemap: loading, corrupt files, and the triangulation of every country.

use geo::Area;
use sitrep::map::basemap::BUNDLED_FILE;
use sitrep::map::{Basemap, BasemapError, Lod, MapView, MercatorRect, ScreenMeshes, Viewport};

fn basemap() -> &'static Basemap {
    Basemap::bundled().expect("bundled basemap loads")
}

fn assert_area_matches(b: &Basemap, lod: Lod, country: usize) {
    let polys = b.polygons(lod, country);
    check_area(b, lod, country, &polys);
}

/// Triangle areas sum to the polygon areas: within f32 rounding (1e-3 relative, the tiny
/// ones like the Vatican set the bound) for valid polygons; within 2% for the few that are
/// self-intersecting (1:110m Sudan is, in the source), where ear clipping overlaps a little.
fn check_area(b: &Basemap, lod: Lod, country: usize, polys: &[geo::Polygon<f64>]) {
    let shape = &b.layer(lod).countries[country];
    let tri = shape.mesh.area();
    let poly: f64 = polys.iter().map(|p| p.unsigned_area()).sum();
    let name = &b.countries()[country].name;
    assert!(poly > 0.0, "{name} at {lod:?} has no area");
    let valid = polys.iter().all(geo::Validation::is_valid);
    let bound = if valid { 1e-3 } else { 2e-2 };
    let rel = (tri - poly).abs() / poly;
    assert!(
        rel < bound,
        "{name} at {lod:?}: triangles {tri} vs polygons {poly} ({rel}, valid {valid})"
    );
}

#[test]
fn country_table() {
    let b = basemap();
    assert_eq!(b.countries().len(), 241);
    let it = b.find_alpha2("it").expect("Italy");
    assert_eq!(b.countries()[it].name, "Italy");
    assert_eq!(b.countries()[it].numeric, Some(380));
    assert_eq!(b.find_numeric(760), b.find_alpha2("SY"));
    assert_eq!(b.countries()[b.find_alpha2("XK").unwrap()].name, "Kosovo");
    let somaliland = &b.countries()[b.find_name("Somaliland").unwrap()];
    assert_eq!((somaliland.numeric, somaliland.alpha2()), (None, None));
}

#[test]
fn every_country_triangulates_to_its_area() {
    let b = basemap();
    for lod in Lod::ALL {
        let layer = b.layer(lod);
        let all = b.all_polygons(lod);
        for (i, shape) in layer.countries.iter().enumerate() {
            if shape.mesh.indices.is_empty() {
                continue;
            }
            assert!(shape.mesh.indices.len() % 3 == 0);
            assert!(
                shape
                    .mesh
                    .indices
                    .iter()
                    .all(|&v| (v as usize) < shape.mesh.vertices.len())
            );
            check_area(b, lod, i, &all[i]);
        }
    }
}

#[test]
fn italy_south_africa_russia() {
    let b = basemap();
    let it = b.find_alpha2("IT").unwrap();
    let za = b.find_alpha2("ZA").unwrap();
    let ls = b.find_alpha2("LS").unwrap();
    let ru = b.find_alpha2("RU").unwrap();
    for lod in Lod::ALL {
        for c in [it, za, ls, ru] {
            assert_area_matches(b, lod, c);
        }
    }
    // Lesotho is a hole in South Africa: at full detail the two meshes tile the outer ring
    // (they share the border arcs exactly), and Lesotho's area is not counted twice.
    let za_polys = b.polygons(Lod::Detail, za);
    assert!(za_polys.iter().any(|p| p.interiors().len() == 1));
    let outer: f64 = za_polys
        .iter()
        .map(|p| geo::Polygon::new(p.exterior().clone(), vec![]).unsigned_area())
        .sum();
    let layer = b.layer(Lod::Detail);
    let both = layer.countries[za].mesh.area() + layer.countries[ls].mesh.area();
    assert!((both - outer).abs() / outer < 1e-4, "{both} vs {outer}");
    assert!(layer.countries[ls].mesh.area() > 0.01 * outer);

    // Italy has San Marino and the Vatican as holes at 1:50m.
    let it_polys = b.polygons(Lod::Detail, it);
    assert!(it_polys.iter().map(|p| p.interiors().len()).sum::<usize>() >= 2);

    // Russia crosses the antimeridian: cut, every piece inside the square, no triangle
    // spanning the map, and pieces on both edges.
    for lod in Lod::ALL {
        let shape = &layer_of(b, lod).countries[ru];
        let bounds = shape.bounds.unwrap();
        assert!(bounds.min_x >= 0.0 && bounds.max_x <= 1.0, "{bounds:?}");
        assert!(bounds.min_x < 0.01 && bounds.max_x > 0.99, "{bounds:?}");
        for t in shape.mesh.indices.chunks_exact(3) {
            let xs = [t[0], t[1], t[2]].map(|i| shape.mesh.vertices[i as usize][0]);
            let w = xs.iter().cloned().fold(f32::MIN, f32::max)
                - xs.iter().cloned().fold(f32::MAX, f32::min);
            assert!(w < 0.5, "{lod:?}: a triangle {w} wide");
        }
        for line in &shape.outlines {
            for s in line.windows(2) {
                assert!((s[0][0] - s[1][0]).abs() < 0.2, "{lod:?}: an outline jumps");
            }
        }
    }
    // Russia's area at 1:50m is close to its area at 1:110m (simplification is mild).
    let a50 = b.layer(Lod::Detail).countries[ru].mesh.area();
    let a110 = b.layer(Lod::World).countries[ru].mesh.area();
    assert!((a50 - a110).abs() / a50 < 0.03, "{a50} vs {a110}");
}

fn layer_of(b: &Basemap, lod: Lod) -> &sitrep::map::Layer {
    b.layer(lod)
}

#[test]
fn antarctica_and_fiji() {
    let b = basemap();
    let aq = b.find_alpha2("AQ").unwrap();
    let fj = b.find_alpha2("FJ").unwrap();
    for lod in Lod::ALL {
        let l = b.layer(lod);
        let s = &l.countries[aq];
        let bounds = s.bounds.unwrap();
        assert!(bounds.min_x < 0.001 && bounds.max_x > 0.999 && bounds.max_y == 1.0);
        // Closed along the bottom edge: the mesh covers the strip down to the edge.
        let area = s.mesh.area();
        assert!(area > 0.05, "{lod:?}: Antarctica area {area}");
        assert_area_matches(b, lod, aq);
        let f = l.countries[fj].bounds.unwrap();
        assert!(
            f.min_x < 0.01 && f.max_x > 0.99,
            "Fiji on both edges: {f:?}"
        );
        assert!(l.land.mesh.area() > 0.2);
    }
}

#[test]
fn culling_and_screen_meshes() {
    let b = basemap();
    let sy = b.find_alpha2("SY").unwrap();
    let vp = Viewport::new(1280.0, 800.0);
    let view = MapView::new(sitrep::map::LatLon::new(35.0, 38.0), 6.0);
    let rect = view.visible_mercator(vp);
    let vis = b.countries_in(Lod::for_zoom(view.zoom), &rect);
    assert!(vis.iter().any(|v| v.country == sy));
    assert!(
        !vis.iter()
            .any(|v| b.countries()[v.country].name == "Brazil")
    );
    assert!(vis.len() < 30);

    let mut out = ScreenMeshes::default();
    b.screen_meshes(&view, vp, &mut out);
    assert_eq!(out.parts.len(), vis.len());
    assert!(
        out.indices
            .iter()
            .all(|&i| (i as usize) < out.vertices.len())
    );
    let part = out.parts.iter().find(|p| p.tag == sy).unwrap();
    // Damascus is on screen and inside Syria's triangles somewhere.
    let d = view.to_screen(sitrep::map::LatLon::new(33.51, 36.29), vp);
    let inside = out.indices[part.indices.start as usize..part.indices.end as usize]
        .chunks_exact(3)
        .any(|t| {
            let p = [t[0], t[1], t[2]].map(|i| out.vertices[i as usize]);
            point_in_triangle([d.x, d.y], p)
        });
    assert!(inside);

    // World view at zoom 0 in a wide window: several copies of the world.
    let world = MapView::new(sitrep::map::LatLon::new(0.0, 0.0), 0.0);
    b.screen_meshes(&world, vp, &mut out);
    let copies = world.visible_mercator(vp).world_copies().count();
    assert!(copies >= 5);
    let rect = MercatorRect {
        min_x: 0.0,
        min_y: 0.0,
        max_x: 0.999,
        max_y: 1.0,
    };
    let once = b.countries_in(Lod::World, &rect).len();
    assert_eq!(out.parts.len(), once * copies);
}

fn point_in_triangle(p: [f32; 2], t: [[f32; 2]; 3]) -> bool {
    let s =
        |a: [f32; 2], b: [f32; 2]| (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]);
    let (d1, d2, d3) = (s(t[0], t[1]), s(t[1], t[2]), s(t[2], t[0]));
    !((d1 < 0.0 || d2 < 0.0 || d3 < 0.0) && (d1 > 0.0 || d2 > 0.0 || d3 > 0.0))
}

#[test]
fn corrupt_files_are_typed_errors_naming_the_file() {
    let good = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/basemap/basemap.bin"
    ))
    .unwrap();
    assert!(Basemap::from_bytes(&good, BUNDLED_FILE).is_ok());
    let name = "x/basemap.bin";
    let err = |bytes: &[u8]| Basemap::from_bytes(bytes, name).unwrap_err();

    assert!(matches!(
        err(b""),
        BasemapError::BadMagic { .. } | BasemapError::Truncated { .. }
    ));
    assert!(matches!(
        err(b"PK\x03\x04 not a basemap at all, longer than a header"),
        BasemapError::BadMagic { .. }
    ));
    assert!(matches!(err(&good[..20]), BasemapError::Truncated { .. }));
    assert!(matches!(
        err(&good[..good.len() - 1]),
        BasemapError::Truncated { .. }
    ));
    let mut v = good.clone();
    v[8] = 9;
    assert!(matches!(err(&v), BasemapError::Version { found: 9, .. }));
    let mut v = good.clone();
    let mid = v.len() / 2;
    v[mid] ^= 0x55;
    let e = err(&v);
    assert!(matches!(e, BasemapError::Checksum { .. }));
    assert!(e.to_string().starts_with(name), "{e}");
    let mut v = good.clone();
    v.push(0);
    assert!(matches!(err(&v), BasemapError::Corrupt { .. }));

    // Garbage with a valid header and checksum: still a typed error, never a panic.
    for seed in 0u32..200 {
        let mut body: Vec<u8> = (0..(seed as usize * 7 % 300))
            .map(|i| {
                (i as u32)
                    .wrapping_mul(2654435761)
                    .wrapping_add(seed * 40503)
                    .to_le_bytes()[1]
            })
            .collect();
        if seed % 3 == 0 {
            body = good[32..32 + (seed as usize * 101 % 5000)].to_vec();
        }
        let mut file = b"SITREPBM".to_vec();
        file.extend(1u32.to_le_bytes());
        file.extend((body.len() as u32).to_le_bytes());
        file.extend(crc32fast::hash(&body).to_le_bytes());
        file.extend([0u8; 12]);
        file.extend(&body);
        let _ = Basemap::from_bytes(&file, name);
    }
}

#[test]
#[ignore = "prints basemap statistics; run with --ignored --nocapture"]
fn stats() {
    let b = basemap();
    for lod in Lod::ALL {
        let l = b.layer(lod);
        let v: usize = l.countries.iter().map(|s| s.mesh.vertices.len()).sum();
        let t: usize = l.countries.iter().map(|s| s.mesh.triangle_count()).sum();
        let o: usize = l
            .countries
            .iter()
            .flat_map(|s| &s.outlines)
            .map(|o| o.len())
            .sum();
        println!(
            "{lod:?}: {v} vertices, {t} triangles, {o} outline points; land {} triangles",
            l.land.mesh.triangle_count()
        );
    }
    let vp = Viewport::new(1280.0, 800.0);
    let mut out = ScreenMeshes::default();
    for (lat, lon, zoom) in [(20.0, 0.0, 1.0), (33.0, 40.0, 4.5), (34.0, 37.0, 7.5)] {
        let view = MapView::new(sitrep::map::LatLon::new(lat, lon), zoom);
        b.screen_meshes(&view, vp, &mut out);
        println!(
            "view z{zoom}: {} parts, {} vertices, {} triangles",
            out.parts.len(),
            out.vertices.len(),
            out.indices.len() / 3
        );
    }
}
