//! Map core speed: building every mesh, the per-frame select + transform, clustering.
//!
//! `CARGO_TARGET_DIR=/tmp/target-map cargo bench --no-default-features --bench map`

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

use sitrep::map::basemap::BUNDLED_FILE;
use sitrep::map::{
    Basemap, LabelCandidate, LabelOptions, LatLon, Lod, MapView, PointMark, ScreenLines,
    ScreenMeshes, ScreenPoint, Viewport, cluster_points, place_labels,
};

fn bytes() -> Vec<u8> {
    std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/basemap/basemap.bin"
    ))
    .unwrap()
}

fn build(c: &mut Criterion) {
    let bytes = bytes();
    let mut g = c.benchmark_group("basemap");
    g.sample_size(10);
    g.bench_function("load (parse + checksum)", |b| {
        b.iter(|| Basemap::from_bytes(black_box(&bytes), BUNDLED_FILE).unwrap())
    });
    g.bench_function("build 110m meshes (World)", |b| {
        b.iter(|| {
            let m = Basemap::from_bytes(&bytes, BUNDLED_FILE).unwrap();
            black_box(m.layer(Lod::World).countries.len());
        })
    });
    g.bench_function("build all meshes (110m + 3 x 50m)", |b| {
        b.iter(|| {
            let m = Basemap::from_bytes(&bytes, BUNDLED_FILE).unwrap();
            m.prepare_all();
            black_box(m.layer(Lod::Detail).countries.len());
        })
    });
    g.finish();
}

fn frame(c: &mut Criterion) {
    let map = Basemap::bundled().unwrap();
    map.prepare_all();
    let vp = Viewport::new(1280.0, 800.0);
    let mut meshes = ScreenMeshes::default();
    let mut lines = ScreenLines::default();
    let mut g = c.benchmark_group("frame 1280x800");
    let views = [
        ("world z1", MapView::new(LatLon::new(20.0, 0.0), 1.0)),
        ("world z2.5", MapView::new(LatLon::new(20.0, 30.0), 2.5)),
        (
            "middle east z4.5",
            MapView::new(LatLon::new(33.0, 40.0), 4.5),
        ),
        ("levant z7.5", MapView::new(LatLon::new(34.0, 37.0), 7.5)),
    ];
    for (name, view) in views {
        g.bench_function(format!("fills {name}"), |b| {
            b.iter(|| {
                map.screen_meshes(black_box(&view), vp, &mut meshes);
                black_box(meshes.indices.len());
            })
        });
        g.bench_function(format!("fills + outlines {name}"), |b| {
            b.iter(|| {
                map.screen_meshes(black_box(&view), vp, &mut meshes);
                map.screen_outlines(black_box(&view), vp, &mut lines);
                black_box(meshes.indices.len() + lines.points.len());
            })
        });
    }
    g.finish();
}

fn marks(c: &mut Criterion) {
    // 20,000 points spread over a 1280x800 screen, deterministic pseudo-random.
    let mut s: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        (s >> 11) as f64 / (1u64 << 53) as f64
    };
    let pts: Vec<PointMark> = (0..20_000)
        .map(|id| PointMark {
            id,
            pos: ScreenPoint::new((next() * 1280.0) as f32, (next() * 800.0) as f32),
            importance: (next() * 10.0) as f32,
        })
        .collect();
    let mut g = c.benchmark_group("marks");
    g.bench_function("cluster 20000 points r=24px", |b| {
        b.iter(|| black_box(cluster_points(black_box(&pts), 24.0)).len())
    });
    let clusters = cluster_points(&pts, 24.0);
    let cands: Vec<LabelCandidate> = clusters
        .iter()
        .map(|c| LabelCandidate {
            id: c.leader,
            anchor: c.pos,
            width: 60.0,
            height: 14.0,
            priority: c.total_importance,
        })
        .collect();
    g.bench_function(format!("place {} labels", cands.len()), |b| {
        b.iter(|| black_box(place_labels(&cands, &[], &LabelOptions::default())).len())
    });
    g.finish();
}

criterion_group!(benches, build, frame, marks);
criterion_main!(benches);
