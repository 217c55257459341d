//! View-model helpers for what is drawn over the basemap, in screen space: clustering of
//! point marks and collision-free label placement. Pure functions, deterministic (ties are
//! broken by id, then input order), no panics on any input (non-finite numbers included).

use std::collections::HashMap;

use super::view::ScreenPoint;

/// A point mark on screen (an event, a place) with an importance used to pick leaders.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PointMark {
    pub id: u64,
    pub pos: ScreenPoint,
    pub importance: f32,
}

/// A group of marks drawn as one. It sits at its leader's position (the most important
/// member), so it does not jump around when less important members come and go.
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    pub leader: u64,
    pub pos: ScreenPoint,
    /// Member ids, leader first, then in the order of importance.
    pub members: Vec<u64>,
    /// Sum of the members' (finite) importances.
    pub total_importance: f32,
}

impl Cluster {
    pub fn count(&self) -> usize {
        self.members.len()
    }
}

/// Importance for ordering: NaN counts as the least important.
fn rank_key(v: f32) -> f32 {
    if v.is_nan() { f32::NEG_INFINITY } else { v }
}

/// Indices sorted by importance (highest first; NaN last), then id, then index. Sorts
/// plain integer keys (unique, so an unstable sort is deterministic).
fn importance_order(items: impl Iterator<Item = (f32, u64)>) -> Vec<usize> {
    let mut keys: Vec<(u32, u64, usize)> = items
        .enumerate()
        .map(|(i, (importance, id))| {
            // Order-preserving map of the float to u32, inverted for descending order.
            let bits = rank_key(importance).to_bits();
            let ordered = if bits >> 31 == 1 {
                !bits
            } else {
                bits | 0x8000_0000
            };
            (!ordered, id, i)
        })
        .collect();
    keys.sort_unstable();
    keys.into_iter().map(|k| k.2).collect()
}

fn finite(p: ScreenPoint) -> bool {
    p.x.is_finite() && p.y.is_finite()
}

/// Greedy clustering: take marks from the most important down (ties: lower id, then input
/// order); each mark not yet taken leads a new cluster and takes every free mark within
/// `radius_px` of it. Clusters come out in leader order. A mark with a non-finite position
/// stays alone; a radius that is not positive and finite clusters nothing.
pub fn cluster_points(points: &[PointMark], radius_px: f32) -> Vec<Cluster> {
    let order = importance_order(points.iter().map(|p| (p.importance, p.id)));
    let mut rank = vec![0usize; points.len()];
    for (r, &i) in order.iter().enumerate() {
        rank[i] = r;
    }
    let usable = radius_px.is_finite() && radius_px > 0.0;
    let grid = if usable {
        Some(Grid::new(points, &order, f64::from(radius_px)))
    } else {
        None
    };
    let r2 = radius_px * radius_px;
    let mut taken = vec![false; points.len()];
    let mut clusters = Vec::new();
    let mut members: Vec<usize> = Vec::new();
    for &lead in &order {
        if taken[lead] {
            continue;
        }
        taken[lead] = true;
        let lp = points[lead].pos;
        members.clear();
        members.push(lead);
        if let Some(grid) = grid.as_ref().filter(|_| finite(lp)) {
            let (cx, cy) = grid.cell(lp);
            for gy in cy.saturating_sub(1)..=(cy + 1).min(grid.rows - 1) {
                for gx in cx.saturating_sub(1)..=(cx + 1).min(grid.cols - 1) {
                    for &j in grid.list(gx, gy) {
                        let j = j as usize;
                        if taken[j] {
                            continue;
                        }
                        let (dx, dy) = (points[j].pos.x - lp.x, points[j].pos.y - lp.y);
                        if dx * dx + dy * dy <= r2 {
                            taken[j] = true;
                            members.push(j);
                        }
                    }
                }
            }
            members[1..].sort_by_key(|&j| rank[j]);
        }
        clusters.push(Cluster {
            leader: points[lead].id,
            pos: lp,
            members: members.iter().map(|&j| points[j].id).collect(),
            total_importance: members
                .iter()
                .map(|&j| points[j].importance)
                .filter(|v| v.is_finite())
                .sum(),
        });
    }
    clusters
}

/// A dense grid over the finite points, cells at least `radius` wide (so every neighbour
/// within the radius is in the 3×3 block around a point's cell) and few enough to stay
/// proportional to the number of points. Cell lists are in compressed rows (`starts`).
struct Grid {
    min_x: f64,
    min_y: f64,
    cell: f64,
    cols: usize,
    rows: usize,
    starts: Vec<u32>,
    items: Vec<u32>,
}

impl Grid {
    fn new(points: &[PointMark], order: &[usize], radius: f64) -> Grid {
        let (mut min_x, mut min_y) = (f64::INFINITY, f64::INFINITY);
        let (mut max_x, mut max_y) = (f64::NEG_INFINITY, f64::NEG_INFINITY);
        for p in points.iter().filter(|p| finite(p.pos)) {
            let (x, y) = (f64::from(p.pos.x), f64::from(p.pos.y));
            min_x = min_x.min(x);
            min_y = min_y.min(y);
            max_x = max_x.max(x);
            max_y = max_y.max(y);
        }
        if min_x > max_x {
            (min_x, min_y, max_x, max_y) = (0.0, 0.0, 0.0, 0.0);
        }
        let (w, h) = (max_x - min_x, max_y - min_y);
        let k = 4.0 * points.len() as f64 + 1024.0;
        let cell = radius.max((w * h / k).sqrt()).max(w.max(h) / k);
        let cols = (w / cell).floor() as usize + 1;
        let rows = (h / cell).floor() as usize + 1;
        let mut g = Grid {
            min_x,
            min_y,
            cell,
            cols,
            rows,
            starts: vec![0; cols * rows + 1],
            items: Vec::new(),
        };
        let cell_ids: Vec<Option<usize>> = points
            .iter()
            .map(|p| {
                finite(p.pos).then(|| {
                    let (cx, cy) = g.cell(p.pos);
                    cy * cols + cx
                })
            })
            .collect();
        for c in cell_ids.iter().flatten() {
            g.starts[c + 1] += 1;
        }
        for i in 1..g.starts.len() {
            g.starts[i] += g.starts[i - 1];
        }
        let mut fill = g.starts.clone();
        g.items = vec![0; g.starts[cols * rows] as usize];
        // In rank order, so each cell lists its points most important first.
        for &i in order {
            if let Some(c) = cell_ids[i] {
                g.items[fill[c] as usize] = i as u32;
                fill[c] += 1;
            }
        }
        g
    }

    fn cell(&self, p: ScreenPoint) -> (usize, usize) {
        let c = |v: f32, min: f64, n: usize| {
            (((f64::from(v) - min) / self.cell).floor().max(0.0) as usize).min(n - 1)
        };
        (c(p.x, self.min_x, self.cols), c(p.y, self.min_y, self.rows))
    }

    fn list(&self, cx: usize, cy: usize) -> &[u32] {
        let c = cy * self.cols + cx;
        &self.items[self.starts[c] as usize..self.starts[c + 1] as usize]
    }
}

/// An axis-aligned rectangle on screen.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScreenRect {
    pub min_x: f32,
    pub min_y: f32,
    pub max_x: f32,
    pub max_y: f32,
}

impl ScreenRect {
    /// Overlap with positive area (rectangles that only touch do not overlap).
    pub fn overlaps(&self, o: &ScreenRect) -> bool {
        self.min_x < o.max_x && o.min_x < self.max_x && self.min_y < o.max_y && o.min_y < self.max_y
    }

    pub fn contains_rect(&self, o: &ScreenRect) -> bool {
        o.min_x >= self.min_x
            && o.max_x <= self.max_x
            && o.min_y >= self.min_y
            && o.max_y <= self.max_y
    }

    fn grown(&self, m: f32) -> ScreenRect {
        ScreenRect {
            min_x: self.min_x - m,
            min_y: self.min_y - m,
            max_x: self.max_x + m,
            max_y: self.max_y + m,
        }
    }

    fn is_finite(&self) -> bool {
        [self.min_x, self.min_y, self.max_x, self.max_y]
            .iter()
            .all(|v| v.is_finite())
    }
}

/// Where a label sits relative to its anchor point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LabelSide {
    Right,
    Left,
    Above,
    Below,
    /// Centred on the anchor (area labels: country names).
    Center,
}

/// A label that would like to be drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LabelCandidate {
    pub id: u64,
    pub anchor: ScreenPoint,
    /// Estimated text width and height in pixels (see [`estimate_text_size`]).
    pub width: f32,
    pub height: f32,
    /// Higher is placed first.
    pub priority: f32,
}

/// A label that was placed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlacedLabel {
    pub id: u64,
    pub rect: ScreenRect,
    pub side: LabelSide,
}

/// How labels are placed.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelOptions {
    /// Sides to try, in order of preference.
    pub sides: Vec<LabelSide>,
    /// Pixels between the anchor and the label.
    pub gap: f32,
    /// Minimum pixels between two labels (and between a label and an obstacle).
    pub margin: f32,
    /// Labels must fit inside this rectangle (the viewport), if given.
    pub bounds: Option<ScreenRect>,
}

impl Default for LabelOptions {
    fn default() -> Self {
        LabelOptions {
            sides: vec![
                LabelSide::Right,
                LabelSide::Left,
                LabelSide::Above,
                LabelSide::Below,
            ],
            gap: 4.0,
            margin: 2.0,
            bounds: None,
        }
    }
}

/// A rough text size for a proportional font: 0.55 em per character, 1.2 em line height.
pub fn estimate_text_size(text: &str, font_px: f32) -> (f32, f32) {
    let font = if font_px.is_finite() && font_px > 0.0 {
        font_px
    } else {
        0.0
    };
    (text.chars().count() as f32 * 0.55 * font, 1.2 * font)
}

/// Occupied screen rectangles, bucketed in a grid of `CELL`-pixel cells; rectangles too big
/// for the grid are kept in a list checked every time.
#[derive(Default)]
struct Occupancy {
    rects: Vec<ScreenRect>,
    grid: HashMap<(i32, i32), Vec<usize>>,
    big: Vec<usize>,
}

const CELL: f32 = 64.0;

impl Occupancy {
    fn cells(r: &ScreenRect) -> Option<impl Iterator<Item = (i32, i32)>> {
        let c = |v: f32| (v / CELL).floor().clamp(-1e6, 1e6) as i32;
        let (x0, x1, y0, y1) = (c(r.min_x), c(r.max_x), c(r.min_y), c(r.max_y));
        if x1 - x0 > 16 || y1 - y0 > 16 {
            return None;
        }
        Some((x0..=x1).flat_map(move |x| (y0..=y1).map(move |y| (x, y))))
    }

    fn insert(&mut self, r: ScreenRect) {
        let i = self.rects.len();
        self.rects.push(r);
        match Self::cells(&r) {
            Some(cells) => {
                for k in cells {
                    self.grid.entry(k).or_default().push(i);
                }
            }
            None => self.big.push(i),
        }
    }

    fn hits(&self, r: &ScreenRect) -> bool {
        if self.big.iter().any(|&i| self.rects[i].overlaps(r)) {
            return true;
        }
        match Self::cells(r) {
            Some(mut cells) => cells.any(|k| {
                self.grid
                    .get(&k)
                    .is_some_and(|list| list.iter().any(|&i| self.rects[i].overlaps(r)))
            }),
            None => self.rects.iter().any(|o| o.overlaps(r)),
        }
    }
}

fn label_rect(c: &LabelCandidate, side: LabelSide, gap: f32) -> ScreenRect {
    let (x, y, w, h) = (c.anchor.x, c.anchor.y, c.width.max(0.0), c.height.max(0.0));
    let (min_x, min_y) = match side {
        LabelSide::Right => (x + gap, y - h / 2.0),
        LabelSide::Left => (x - gap - w, y - h / 2.0),
        LabelSide::Above => (x - w / 2.0, y - gap - h),
        LabelSide::Below => (x - w / 2.0, y + gap),
        LabelSide::Center => (x - w / 2.0, y - h / 2.0),
    };
    ScreenRect {
        min_x,
        min_y,
        max_x: min_x + w,
        max_y: min_y + h,
    }
}

/// Chooses a subset of labels that do not overlap each other or the `obstacles` (e.g. the
/// marks themselves): greedily by priority (ties: lower id, then input order), each at the
/// first side in `opts.sides` that fits. Returns the placed labels in placement order.
/// Candidates with non-finite anchors or sizes are skipped.
pub fn place_labels(
    candidates: &[LabelCandidate],
    obstacles: &[ScreenRect],
    opts: &LabelOptions,
) -> Vec<PlacedLabel> {
    let margin = if opts.margin.is_finite() {
        opts.margin.max(0.0)
    } else {
        0.0
    };
    let gap = if opts.gap.is_finite() { opts.gap } else { 0.0 };
    let order = importance_order(candidates.iter().map(|c| (c.priority, c.id)));

    let mut occupied = Occupancy::default();
    for o in obstacles.iter().filter(|o| o.is_finite()) {
        occupied.insert(o.grown(margin));
    }

    let mut placed = Vec::new();
    for &ci in &order {
        let c = &candidates[ci];
        if !(finite(c.anchor) && c.width.is_finite() && c.height.is_finite()) {
            continue;
        }
        for &side in &opts.sides {
            let r = label_rect(c, side, gap);
            if opts.bounds.is_some_and(|b| !b.contains_rect(&r)) {
                continue;
            }
            if occupied.hits(&r) {
                continue;
            }
            occupied.insert(r.grown(margin));
            placed.push(PlacedLabel {
                id: c.id,
                rect: r,
                side,
            });
            break;
        }
    }
    placed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(id: u64, x: f32, y: f32, importance: f32) -> PointMark {
        PointMark {
            id,
            pos: ScreenPoint::new(x, y),
            importance,
        }
    }

    #[test]
    fn clusters_greedy_by_importance() {
        let pts = [
            mark(1, 0.0, 0.0, 1.0),
            mark(2, 10.0, 0.0, 5.0),
            mark(3, 25.0, 0.0, 1.0),
            mark(4, 100.0, 100.0, 0.5),
            mark(5, 38.0, 0.0, 1.0),
        ];
        let c = cluster_points(&pts, 16.0);
        // 2 leads and takes 1 (10 px) and 3 (15 px); 5 is 28 px from 2: its own cluster.
        assert_eq!(c.len(), 3);
        assert_eq!(c[0].leader, 2);
        assert_eq!(c[0].members, vec![2, 1, 3]);
        assert_eq!(c[0].pos, ScreenPoint::new(10.0, 0.0));
        assert_eq!(c[0].total_importance, 7.0);
        assert_eq!((c[1].leader, c[1].count()), (5, 1));
        assert_eq!((c[2].leader, c[2].count()), (4, 1));
    }

    #[test]
    fn clustering_is_deterministic_and_total() {
        let pts: Vec<PointMark> = (0..500u64)
            .map(|i| {
                mark(
                    i,
                    (i * 37 % 101) as f32,
                    (i * 53 % 97) as f32,
                    (i % 7) as f32,
                )
            })
            .collect();
        let a = cluster_points(&pts, 12.0);
        let mut rev = pts.clone();
        rev.reverse();
        let b = cluster_points(&rev, 12.0);
        assert_eq!(a, b, "input order does not matter (ids differ)");
        let mut ids: Vec<u64> = a.iter().flat_map(|c| c.members.clone()).collect();
        ids.sort_unstable();
        assert_eq!(ids, (0..500).collect::<Vec<_>>());
        for c in &a {
            for id in &c.members {
                let p = pts[*id as usize].pos;
                assert!((p.x - c.pos.x).hypot(p.y - c.pos.y) <= 12.0);
            }
        }
    }

    #[test]
    fn clustering_odd_input() {
        let pts = [
            mark(1, f32::NAN, 0.0, 1.0),
            mark(2, 0.0, 0.0, f32::NAN),
            mark(3, 1.0, 0.0, f32::INFINITY),
        ];
        let c = cluster_points(&pts, 5.0);
        assert_eq!(c[0].members, vec![3, 2]);
        assert_eq!(c[1].members, vec![1]);
        assert_eq!(cluster_points(&pts, f32::NAN).len(), 3);
        assert_eq!(cluster_points(&pts, -1.0).len(), 3);
        assert!(cluster_points(&[], 10.0).is_empty());
    }

    fn cand(id: u64, x: f32, y: f32, w: f32, priority: f32) -> LabelCandidate {
        LabelCandidate {
            id,
            anchor: ScreenPoint::new(x, y),
            width: w,
            height: 12.0,
            priority,
        }
    }

    #[test]
    fn labels_do_not_overlap() {
        let cands = [
            cand(1, 100.0, 100.0, 60.0, 1.0),
            cand(2, 110.0, 100.0, 60.0, 2.0),
            cand(3, 300.0, 100.0, 60.0, 0.5),
            cand(4, 105.0, 102.0, 60.0, 0.1),
        ];
        let opts = LabelOptions::default();
        let placed = place_labels(&cands, &[], &opts);
        assert_eq!(placed[0].id, 2);
        assert_eq!(placed[0].side, LabelSide::Right);
        // 1 cannot go right (over 2) so goes left.
        let one = placed.iter().find(|p| p.id == 1).unwrap();
        assert_eq!(one.side, LabelSide::Left);
        for (i, a) in placed.iter().enumerate() {
            for b in &placed[i + 1..] {
                assert!(!a.rect.overlaps(&b.rect), "{a:?} {b:?}");
            }
        }
        assert!(placed.iter().any(|p| p.id == 3));
        // Same input, same output.
        assert_eq!(placed, place_labels(&cands, &[], &opts));
    }

    #[test]
    fn labels_respect_bounds_and_obstacles() {
        let opts = LabelOptions {
            bounds: Some(ScreenRect {
                min_x: 0.0,
                min_y: 0.0,
                max_x: 200.0,
                max_y: 200.0,
            }),
            ..LabelOptions::default()
        };
        // Near the right edge: right does not fit, left does.
        let p = place_labels(&[cand(1, 190.0, 50.0, 40.0, 1.0)], &[], &opts);
        assert_eq!(p[0].side, LabelSide::Left);
        // An obstacle covering everything around: not placed.
        let wall = ScreenRect {
            min_x: 0.0,
            min_y: 0.0,
            max_x: 200.0,
            max_y: 200.0,
        };
        assert!(place_labels(&[cand(1, 100.0, 100.0, 20.0, 1.0)], &[wall], &opts).is_empty());
        let bad = [
            cand(1, f32::NAN, 0.0, 10.0, 1.0),
            cand(2, 50.0, 50.0, f32::INFINITY, 1.0),
        ];
        assert!(place_labels(&bad, &[], &LabelOptions::default()).is_empty());
        assert_eq!(estimate_text_size("Raqqa", 10.0), (27.5, 12.0));
    }
}
