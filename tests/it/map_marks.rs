//! Clustering and label placement against brute-force references.

use proptest::prelude::*;
use sitrep::map::{
    LabelCandidate, LabelOptions, PointMark, ScreenPoint, cluster_points, place_labels,
};

/// The greedy rule written the slow, obvious way.
fn reference(points: &[PointMark], r: f32) -> Vec<Vec<u64>> {
    let mut order: Vec<usize> = (0..points.len()).collect();
    order.sort_by(|&a, &b| {
        let key = |v: f32| if v.is_nan() { f32::NEG_INFINITY } else { v };
        key(points[b].importance)
            .total_cmp(&key(points[a].importance))
            .then(points[a].id.cmp(&points[b].id))
            .then(a.cmp(&b))
    });
    let mut taken = vec![false; points.len()];
    let mut out = Vec::new();
    for (ri, &i) in order.iter().enumerate() {
        if taken[i] {
            continue;
        }
        taken[i] = true;
        let mut members = vec![points[i].id];
        for &j in &order[ri + 1..] {
            let (dx, dy) = (
                points[j].pos.x - points[i].pos.x,
                points[j].pos.y - points[i].pos.y,
            );
            if !taken[j] && dx * dx + dy * dy <= r * r {
                taken[j] = true;
                members.push(points[j].id);
            }
        }
        out.push(members);
    }
    out
}

proptest! {
    #[test]
    fn clustering_matches_reference(
        pts in prop::collection::vec((-50.0f32..1400.0, -50.0f32..900.0, 0u8..5), 0..300),
        r in 1.0f32..80.0,
    ) {
        let points: Vec<PointMark> = pts
            .iter()
            .enumerate()
            .map(|(i, &(x, y, imp))| PointMark {
                id: i as u64,
                pos: ScreenPoint::new(x, y),
                importance: f32::from(imp),
            })
            .collect();
        let got: Vec<Vec<u64>> = cluster_points(&points, r).into_iter().map(|c| c.members).collect();
        prop_assert_eq!(got, reference(&points, r));
    }

    #[test]
    fn placed_labels_never_overlap(
        cands in prop::collection::vec((0.0f32..1280.0, 0.0f32..800.0, 5.0f32..200.0, 0.0f32..10.0), 0..200),
    ) {
        let cands: Vec<LabelCandidate> = cands
            .iter()
            .enumerate()
            .map(|(i, &(x, y, w, p))| LabelCandidate {
                id: i as u64,
                anchor: ScreenPoint::new(x, y),
                width: w,
                height: 14.0,
                priority: p,
            })
            .collect();
        let placed = place_labels(&cands, &[], &LabelOptions::default());
        for (i, a) in placed.iter().enumerate() {
            for b in &placed[i + 1..] {
                prop_assert!(!a.rect.overlaps(&b.rect));
            }
        }
        // With no bounds and no obstacles the first label always fits.
        prop_assert!(!placed.is_empty() || cands.is_empty());
    }
}

#[test]
fn extreme_coordinates() {
    let points = [
        PointMark {
            id: 1,
            pos: ScreenPoint::new(f32::MAX, f32::MIN),
            importance: 1.0,
        },
        PointMark {
            id: 2,
            pos: ScreenPoint::new(-f32::MAX, f32::MAX),
            importance: 1.0,
        },
        PointMark {
            id: 3,
            pos: ScreenPoint::new(0.0, 0.0),
            importance: 1.0,
        },
        PointMark {
            id: 4,
            pos: ScreenPoint::new(3.0, 4.0),
            importance: 0.0,
        },
    ];
    let got: Vec<Vec<u64>> = cluster_points(&points, 5.0)
        .into_iter()
        .map(|c| c.members)
        .collect();
    assert_eq!(got, reference(&points, 5.0));
    assert_eq!(got, vec![vec![1], vec![2], vec![3, 4]]);
}
