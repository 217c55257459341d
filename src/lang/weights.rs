//! Hashed features and the weights of linear models: the averaged
//! perceptron's training store, and the frozen, read-in-place table the
//! bundled model holds.
//!
//! A feature is a 64-bit hash of a template id and its values. The frozen
//! table is open addressing over 32-bit fingerprints: each slot holds a
//! fingerprint and an offset into an arena of sparse rows (`n`, `n` class
//! bytes, `n` little-endian f32 weights). Only classes with a weight are
//! stored, so a feature that only ever spoke for three of 75 transitions
//! costs three entries.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// 64-bit finaliser (from MurmurHash3's `fmix64`): spreads every input bit.
#[inline]
#[must_use]
pub fn fmix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^= h >> 33;
    h
}

/// A string's hash (FNV-1a, then [`fmix`]); stable across runs and machines.
#[inline]
#[must_use]
pub fn hash_str(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    fmix(h)
}

/// Combines a hash with another value.
#[inline]
#[must_use]
pub fn mix(a: u64, b: u64) -> u64 {
    fmix(a.rotate_left(27) ^ b.wrapping_mul(0x9e37_79b9_7f4a_7c15))
}

/// A feature from a template number and up to three values.
#[inline]
#[must_use]
pub fn feat(template: u32, a: u64, b: u64, c: u64) -> u64 {
    fmix(
        (u64::from(template) + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15)
            ^ a.wrapping_mul(0xbf58_476d_1ce4_e5b9)
            ^ b.wrapping_mul(0x94d0_49bb_1331_11eb).rotate_left(21)
            ^ c.wrapping_mul(0xd6e8_feb8_6659_fd93).rotate_left(42),
    )
}

/// A hasher for keys that are already hashes.
#[derive(Default)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

pub type IdMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;

#[derive(Clone, Copy, Default)]
struct Cell {
    class: u8,
    w: f32,
    total: f64,
    stamp: u64,
}

/// The averaged perceptron while it learns (lazy averaging: each weight
/// keeps its running total and when it last changed).
#[derive(Default)]
pub struct Trainer {
    /// Per feature: how many updates touched it, and its weights.
    rows: IdMap<(u32, Vec<Cell>)>,
    /// Updates so far: the clock of the averaging.
    pub clock: u64,
    classes: usize,
}

impl Trainer {
    #[must_use]
    pub fn new(classes: usize) -> Self {
        assert!(classes <= 255, "at most 255 classes");
        Self {
            rows: IdMap::default(),
            clock: 0,
            classes,
        }
    }

    /// Adds the current weights of `feats` into `scores`.
    /// A batch holds a whole parser state's features (68), so that a
    /// transition waits for two rounds of misses, not eight.
    pub fn score(&self, feats: &[u64], scores: &mut [f32]) {
        scores.iter_mut().for_each(|s| *s = 0.0);
        for f in feats {
            if let Some((_, row)) = self.rows.get(f) {
                for c in row {
                    scores[c.class as usize] += c.w;
                }
            }
        }
    }

    /// One perceptron update: `truth` up, `guess` down, for every feature.
    pub fn update(&mut self, feats: &[u64], truth: usize, guess: usize) {
        self.clock += 1;
        if truth == guess {
            return;
        }
        let now = self.clock;
        for f in feats {
            let (count, row) = self.rows.entry(*f).or_default();
            *count = count.saturating_add(1);
            for (class, delta) in [(truth, 1.0f32), (guess, -1.0f32)] {
                let cell = match row.iter_mut().position(|c| c.class as usize == class) {
                    Some(i) => &mut row[i],
                    None => {
                        row.push(Cell {
                            class: class as u8,
                            stamp: now,
                            ..Cell::default()
                        });
                        row.last_mut().expect("just pushed")
                    }
                };
                cell.total += (now - cell.stamp) as f64 * f64::from(cell.w);
                cell.stamp = now;
                cell.w += delta;
            }
        }
    }

    /// Adds `delta` to one weight (for logistic regression's SGD steps,
    /// which do not average).
    pub fn nudge(&mut self, f: u64, class: usize, delta: f32) {
        let (count, row) = self.rows.entry(f).or_default();
        *count = count.saturating_add(1);
        match row.iter_mut().find(|c| c.class as usize == class) {
            Some(c) => c.w += delta,
            None => row.push(Cell {
                class: class as u8,
                w: delta,
                ..Cell::default()
            }),
        }
    }

    /// The averaged weights (or, with `average` false, the last ones),
    /// frozen; features updated fewer than `min_updates` times and weights
    /// smaller than `min` in magnitude are dropped.
    #[must_use]
    pub fn freeze(&self, average: bool, min: f32, min_updates: u32) -> Weights {
        let now = self.clock.max(1);
        let mut rows: Vec<(u64, Vec<(u8, f32)>)> = self
            .rows
            .iter()
            .filter(|(_, (count, _))| *count >= min_updates)
            .map(|(f, (_, row))| {
                let mut cells: Vec<(u8, f32)> = row
                    .iter()
                    .map(|c| {
                        let w = if average {
                            let total = c.total + (now - c.stamp) as f64 * f64::from(c.w);
                            (total / now as f64) as f32
                        } else {
                            c.w
                        };
                        (c.class, w)
                    })
                    .filter(|(_, w)| w.abs() >= min && *w != 0.0)
                    .collect();
                cells.sort_by_key(|c| c.0);
                (*f, cells)
            })
            .filter(|(_, cells)| !cells.is_empty())
            .collect();
        rows.sort_by_key(|r| r.0);
        Weights::build(self.classes, &rows)
    }
}

/// A frozen weight table, owned bytes in the layout the model file stores.
#[derive(Clone, Debug)]
pub struct Weights {
    bytes: Vec<u8>,
}

const SLOT: usize = 8;
const HEADER: usize = 20;
/// Bytes per stored weight: a class byte and an i16.
const CELL: usize = 3;

impl Weights {
    fn build(classes: usize, rows: &[(u64, Vec<(u8, f32)>)]) -> Weights {
        // Weights are stored as i16 steps of one scale per table.
        let max = rows
            .iter()
            .flat_map(|r| r.1.iter().map(|c| c.1.abs()))
            .fold(0.0f32, f32::max);
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        let rows: Vec<(u64, Vec<(u8, i16)>)> = rows
            .iter()
            .map(|(f, cells)| {
                let q: Vec<(u8, i16)> = cells
                    .iter()
                    .map(|&(c, w)| (c, (w / scale).round().clamp(-32767.0, 32767.0) as i16))
                    .filter(|&(_, q)| q != 0)
                    .collect();
                (*f, q)
            })
            .filter(|(_, q)| !q.is_empty())
            .collect();
        let n_slots = (rows.len() * 4 / 3 + 1).next_power_of_two().max(2);
        let mut slots = vec![0u8; n_slots * SLOT];
        let mut arena = Vec::new();
        for (f, cells) in &rows {
            let (fp, mut at) = (fingerprint(*f), (*f as usize) & (n_slots - 1));
            while slots[at * SLOT..at * SLOT + 4] != [0; 4] {
                at = (at + 1) & (n_slots - 1);
            }
            slots[at * SLOT..at * SLOT + 4].copy_from_slice(&fp.to_le_bytes());
            let off = u32::try_from(arena.len()).expect("arena under 4 GB");
            slots[at * SLOT + 4..at * SLOT + 8].copy_from_slice(&off.to_le_bytes());
            arena.push(cells.len() as u8);
            arena.extend(cells.iter().map(|c| c.0));
            for c in cells {
                arena.extend_from_slice(&c.1.to_le_bytes());
            }
        }
        let mut bytes = Vec::with_capacity(HEADER + slots.len() + arena.len());
        bytes.extend_from_slice(&(classes as u32).to_le_bytes());
        bytes.extend_from_slice(&(n_slots as u32).to_le_bytes());
        bytes.extend_from_slice(&(rows.len() as u32).to_le_bytes());
        bytes.extend_from_slice(&(arena.len() as u32).to_le_bytes());
        bytes.extend_from_slice(&scale.to_le_bytes());
        bytes.extend_from_slice(&slots);
        bytes.extend_from_slice(&arena);
        Weights { bytes }
    }

    /// The bytes to store.
    #[must_use]
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }
}

#[inline]
fn fingerprint(f: u64) -> u32 {
    ((f >> 32) as u32) | 1
}

/// The little-endian u32 at `at`: one bounds check and one load (indexing
/// the four bytes one by one makes four of each, on the lookups' hot path).
#[inline]
fn le32(b: &[u8], at: usize) -> u32 {
    let w: [u8; 4] = b[at..at + 4].try_into().expect("four bytes");
    u32::from_le_bytes(w)
}

/// Features [`WeightsRef::score`] looks up together.
const BATCH: usize = 72;

/// A weight table read in place from model bytes, checked once so that
/// lookups cannot go out of bounds.
#[derive(Clone, Copy, Debug)]
pub struct WeightsRef<'m> {
    classes: usize,
    mask: usize,
    features: usize,
    scale: f32,
    slots: &'m [u8],
    arena: &'m [u8],
}

impl<'m> WeightsRef<'m> {
    /// Checks `bytes` (a [`Weights::as_bytes`]) and reads it in place.
    ///
    /// # Errors
    /// A description of the first inconsistency found.
    pub fn new(bytes: &'m [u8]) -> Result<WeightsRef<'m>, String> {
        if bytes.len() < HEADER {
            return Err("weight table shorter than its header".into());
        }
        let classes = le32(bytes, 0) as usize;
        let n_slots = le32(bytes, 4) as usize;
        let features = le32(bytes, 8) as usize;
        let arena_len = le32(bytes, 12) as usize;
        let scale = f32::from_bits(le32(bytes, 16));
        if !scale.is_finite() || scale <= 0.0 {
            return Err("weight table has no valid scale".into());
        }
        if classes == 0 || classes > 255 || !n_slots.is_power_of_two() || features >= n_slots {
            return Err(format!(
                "weight table header is inconsistent ({classes} classes, {n_slots} slots)"
            ));
        }
        let slots_len = n_slots.checked_mul(SLOT).ok_or("weight table too large")?;
        if Some(bytes.len()) != slots_len.checked_add(HEADER + arena_len) {
            return Err(format!(
                "weight table is {} bytes, its header says {}",
                bytes.len(),
                HEADER + slots_len + arena_len
            ));
        }
        let slots = &bytes[HEADER..HEADER + slots_len];
        let arena = &bytes[HEADER + slots_len..];
        let mut used = 0;
        for s in 0..n_slots {
            if le32(slots, s * SLOT) == 0 {
                continue;
            }
            used += 1;
            let off = le32(slots, s * SLOT + 4) as usize;
            let n = *arena.get(off).ok_or("weight row past the arena")? as usize;
            let end = off + 1 + n * CELL;
            if end > arena.len()
                || arena[off + 1..off + 1 + n]
                    .iter()
                    .any(|&c| c as usize >= classes)
            {
                return Err("weight row out of bounds".into());
            }
        }
        if used != features {
            return Err(format!(
                "weight table has {used} rows, its header says {features}"
            ));
        }
        Ok(WeightsRef {
            classes,
            mask: n_slots - 1,
            features,
            scale,
            slots,
            arena,
        })
    }

    /// A table [`WeightsRef::new`] has already accepted, read again
    /// without checking its rows (indexing stays bounds-checked).
    pub(crate) fn trusted(bytes: &'m [u8]) -> WeightsRef<'m> {
        let n_slots = le32(bytes, 4) as usize;
        WeightsRef {
            classes: le32(bytes, 0) as usize,
            mask: n_slots - 1,
            features: le32(bytes, 8) as usize,
            scale: f32::from_bits(le32(bytes, 16)),
            slots: &bytes[HEADER..HEADER + n_slots * SLOT],
            arena: &bytes[HEADER + n_slots * SLOT..],
        }
    }

    #[must_use]
    pub fn classes(&self) -> usize {
        self.classes
    }

    #[must_use]
    pub fn features(&self) -> usize {
        self.features
    }

    /// Adds the weights of feature `f` into `scores` (nothing if unknown).
    #[inline]
    pub fn add(&self, f: u64, scores: &mut [f32]) {
        let fp = fingerprint(f);
        let mut at = (f as usize) & self.mask;
        loop {
            let key = le32(self.slots, at * SLOT);
            if key == 0 {
                return;
            }
            if key == fp {
                let off = le32(self.slots, at * SLOT + 4) as usize;
                let n = self.arena[off] as usize;
                let classes = &self.arena[off + 1..off + 1 + n];
                let ws = &self.arena[off + 1 + n..off + 1 + CELL * n];
                for (k, &c) in classes.iter().enumerate() {
                    let w = f32::from(i16::from_le_bytes([ws[2 * k], ws[2 * k + 1]])) * self.scale;
                    if let Some(s) = scores.get_mut(c as usize) {
                        *s += w;
                    }
                }
                return;
            }
            at = (at + 1) & self.mask;
        }
    }

    /// The scores of a feature set, from zero.
    ///
    /// The table is far larger than a core's caches, so a lookup is two
    /// cache misses (its slot, then its row). Looked up one after another,
    /// each miss waits for the one before; here a batch of features first
    /// loads all its slots, then all its rows, so the misses of a batch are
    /// in flight together. Same result as [`WeightsRef::add`] per feature.
    ///
    /// A batch holds a whole parser state's features (68), so that a
    /// transition waits for two rounds of misses, not eight.
    pub fn score(&self, feats: &[u64], scores: &mut [f32]) {
        // Sums in the table's own integer steps, scaled once at the end.
        // Indexed by a class byte, so no index can miss it; classes past
        // `scores` (none in a checked table) are summed but not read.
        let mut sums = [0i32; 256];
        for batch in feats.chunks(BATCH) {
            // 1. The first slot of every feature: independent loads.
            let mut first = [0u32; BATCH];
            for (k, &f) in batch.iter().enumerate() {
                first[k] = le32(self.slots, ((f as usize) & self.mask) * SLOT);
            }
            // 2. Probe from there (the slot's line is now cached) to each
            //    feature's row offset, if it has one.
            let mut rows = [usize::MAX; BATCH];
            for (k, &f) in batch.iter().enumerate() {
                let fp = fingerprint(f);
                let mut at = (f as usize) & self.mask;
                let mut key = first[k];
                while key != 0 {
                    if key == fp {
                        rows[k] = le32(self.slots, at * SLOT + 4) as usize;
                        break;
                    }
                    at = (at + 1) & self.mask;
                    key = le32(self.slots, at * SLOT);
                }
            }
            // 3. Every row's length: independent loads again.
            let mut lens = [0u8; BATCH];
            for (k, &off) in rows.iter().enumerate() {
                if off != usize::MAX {
                    lens[k] = self.arena[off];
                }
            }
            // 4. Add the rows up.
            for (k, &off) in rows.iter().enumerate() {
                if off == usize::MAX {
                    continue;
                }
                let n = lens[k] as usize;
                let classes = &self.arena[off + 1..off + 1 + n];
                let ws = &self.arena[off + 1 + n..off + 1 + CELL * n];
                for (&c, w) in classes.iter().zip(ws.chunks_exact(2)) {
                    sums[usize::from(c)] += i32::from(i16::from_le_bytes([w[0], w[1]]));
                }
            }
        }
        for (s, &sum) in scores.iter_mut().zip(sums.iter()) {
            *s = sum as f32 * self.scale;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trained_weights_freeze_and_read_back() {
        let mut t = Trainer::new(3);
        let (a, b) = (hash_str("a"), hash_str("b"));
        for _ in 0..10 {
            let mut s = [0.0; 3];
            t.score(&[a], &mut s);
            let guess = if s[2] > s[0] { 2 } else { 0 };
            t.update(&[a], 2, guess);
            t.score(&[b], &mut s);
            let guess = if s[1] > s[0] { 1 } else { 0 };
            t.update(&[b], 1, guess);
        }
        let w = t.freeze(true, 0.0, 1);
        let r = WeightsRef::new(w.as_bytes()).unwrap();
        assert_eq!(r.features(), 2);
        let mut s = [0.0; 3];
        r.score(&[a], &mut s);
        assert!(s[2] > s[0] && s[2] > s[1], "{s:?}");
        r.score(&[b], &mut s);
        assert!(s[1] > s[0] && s[1] > s[2], "{s:?}");
        r.score(&[hash_str("unseen")], &mut s);
        assert_eq!(s, [0.0; 3]);
    }

    #[test]
    fn batched_scores_equal_one_lookup_at_a_time() {
        // More features than one batch, known and unknown ones interleaved,
        // on a table full enough that probes run past the first slot.
        let mut t = Trainer::new(5);
        let known: Vec<u64> = (0..200u64).map(|i| fmix(i + 1)).collect();
        for (i, f) in known.iter().enumerate() {
            t.update(&[*f], i % 5, (i + 2) % 5);
        }
        let w = t.freeze(false, 0.0, 1);
        let r = WeightsRef::new(w.as_bytes()).unwrap();
        let feats: Vec<u64> = known
            .iter()
            .enumerate()
            .flat_map(|(i, &f)| [f, hash_str(&format!("unseen {i}"))])
            .take(2 * BATCH + 17)
            .collect();
        let mut one_by_one = [0.0f32; 5];
        for &f in &feats {
            r.add(f, &mut one_by_one);
        }
        let mut batched = [9.0f32; 5];
        r.score(&feats, &mut batched);
        // Summed in integer steps, scaled once: equal up to float rounding.
        for (b, o) in batched.iter().zip(&one_by_one) {
            assert!(
                (b - o).abs() <= 1e-4 * o.abs().max(1.0),
                "{batched:?} {one_by_one:?}"
            );
        }
        assert!(one_by_one.iter().any(|&s| s != 0.0));
    }

    #[test]
    fn damaged_tables_are_refused() {
        let mut t = Trainer::new(2);
        t.update(&[1, 2, 3], 1, 0);
        let bytes = t.freeze(false, 0.0, 1).as_bytes().to_vec();
        assert!(WeightsRef::new(&bytes).is_ok());
        assert!(WeightsRef::new(&bytes[..bytes.len() - 1]).is_err());
        assert!(WeightsRef::new(&bytes[..10]).is_err());
        let mut bad = bytes.clone();
        bad[0] = 0;
        assert!(WeightsRef::new(&bad).is_err());
        let mut bad = bytes;
        let last = bad.len() - 7; // the row length of the last row
        bad[last] = 9;
        assert!(WeightsRef::new(&bad).is_err());
    }
}
