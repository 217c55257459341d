//! Hashed features and the weights of linear models: the averaged
//! perceptron's training store, and the frozen, read-in-place table the
//! bundled model holds.
//!
//! A feature is a 64-bit hash of a template id and its values. The frozen
//! table is open addressing over 32-bit fingerprints: each slot holds a
//! fingerprint and an offset into an arena of rows. A row is sparse (`n`,
//! `n` class bytes, `n` little-endian i16 weights): only classes with a
//! weight are stored, so a feature that only ever spoke for three of 75
//! transitions costs three entries. A row with a weight for many classes
//! is dense instead (a 0 byte, then one i16 per class): adding it up is a
//! vectorised pass over the classes rather than a scattered add per
//! weight, and the frequent features that decide most moves are such rows.

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
/// Bytes per weight of a sparse row: a class byte and an i16.
const CELL: usize = 3;
/// The length byte of a dense row.
const DENSE: u8 = 0;
/// Rows start below this arena offset (24 bits of a slot).
const MAX_ARENA: usize = 1 << 24;

/// Whether a row with weights for `n` of `classes` classes is stored dense:
/// when that takes no more bytes than sparse. Such a row is added up in one
/// vectorised pass over the classes instead of a scattered add per weight.
/// (Dense from one class in five on, which also tried, made the parser's
/// table 1.7 MB larger and missed the cache more often.)
fn dense(n: usize, classes: usize) -> bool {
    2 * classes <= CELL * n
}

/// A slot's second word: the row's arena offset and its length byte.
fn slot_meta(off: usize, len: u8) -> Result<u32, String> {
    if off >= MAX_ARENA {
        return Err("weight table's rows pass 16 MB".into());
    }
    Ok(((off as u32) << 8) | u32::from(len))
}

/// Appends one row to `arena` in the layout [`dense`] picks; returns its
/// length byte.
fn push_row(arena: &mut Vec<u8>, classes: usize, cells: &[(u8, i16)]) -> u8 {
    if dense(cells.len(), classes) {
        let mut row = vec![0i16; classes];
        for &(c, w) in cells {
            row[usize::from(c)] = w;
        }
        for w in row {
            arena.extend_from_slice(&w.to_le_bytes());
        }
        DENSE
    } else {
        arena.extend(cells.iter().map(|c| c.0));
        for c in cells {
            arena.extend_from_slice(&c.1.to_le_bytes());
        }
        cells.len() as u8
    }
}

/// The bytes of a row of length byte `len`.
fn row_len(len: u8, classes: usize) -> usize {
    if len == DENSE {
        2 * classes
    } else {
        CELL * usize::from(len)
    }
}

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
            let off = arena.len();
            let len = push_row(&mut arena, classes, cells);
            let meta = slot_meta(off, len).expect("a model's table under 16 MB");
            slots[at * SLOT + 4..at * SLOT + 8].copy_from_slice(&meta.to_le_bytes());
        }
        Weights::assemble(classes, rows.len(), scale, &slots, &arena)
    }

    fn assemble(
        classes: usize,
        features: usize,
        scale: f32,
        slots: &[u8],
        arena: &[u8],
    ) -> Weights {
        let n_slots = slots.len() / SLOT;
        let mut bytes = Vec::with_capacity(HEADER + slots.len() + arena.len());
        bytes.extend_from_slice(&(classes as u32).to_le_bytes());
        bytes.extend_from_slice(&(n_slots as u32).to_le_bytes());
        bytes.extend_from_slice(&(features as u32).to_le_bytes());
        bytes.extend_from_slice(&(arena.len() as u32).to_le_bytes());
        bytes.extend_from_slice(&scale.to_le_bytes());
        bytes.extend_from_slice(slots);
        bytes.extend_from_slice(arena);
        Weights { bytes }
    }

    /// A table of the first model format, in today's layout: the same
    /// slots and weights with each row re-encoded. Scores are exactly the
    /// old table's. (Version 1 stored every row sparse, its length as the
    /// row's first byte and the row's offset as the slot's second word.)
    ///
    /// # Errors
    /// A description of the first inconsistency found.
    pub fn from_version_1(bytes: &[u8]) -> Result<Weights, String> {
        if bytes.len() < HEADER {
            return Err("weight table shorter than its header".into());
        }
        let classes = le32(bytes, 0) as usize;
        let n_slots = le32(bytes, 4) as usize;
        let features = le32(bytes, 8) as usize;
        let scale = f32::from_bits(le32(bytes, 16));
        if classes == 0 || classes > 255 || !n_slots.is_power_of_two() {
            return Err("weight table header is inconsistent".into());
        }
        let end = n_slots
            .checked_mul(SLOT)
            .and_then(|n| n.checked_add(HEADER))
            .filter(|&end| end <= bytes.len())
            .ok_or("weight table shorter than its slots")?;
        let (old_slots, old_arena) = (&bytes[HEADER..end], &bytes[end..]);
        let mut slots = old_slots.to_vec();
        let mut arena = Vec::with_capacity(old_arena.len());
        for s in 0..n_slots {
            if le32(old_slots, s * SLOT) == 0 {
                continue;
            }
            let off = le32(old_slots, s * SLOT + 4) as usize;
            let n = usize::from(*old_arena.get(off).ok_or("weight row past the arena")?);
            let row = old_arena
                .get(off + 1..off + 1 + CELL * n)
                .ok_or("weight row past the arena")?;
            let cells: Vec<(u8, i16)> = row[..n]
                .iter()
                .zip(row[n..].chunks_exact(2))
                .map(|(&c, w)| (c, i16::from_le_bytes([w[0], w[1]])))
                .collect();
            if cells.iter().any(|&(c, _)| usize::from(c) >= classes) {
                return Err("weight row names a class past the table's".into());
            }
            let at = arena.len();
            let len = push_row(&mut arena, classes, &cells);
            slots[s * SLOT + 4..s * SLOT + 8].copy_from_slice(&slot_meta(at, len)?.to_le_bytes());
        }
        let w = Weights::assemble(classes, features, scale, &slots, &arena);
        WeightsRef::new(w.as_bytes())?;
        Ok(w)
    }

    /// The same table with its rows reordered by `hits` (a slot's second
    /// word -> how often lookups found that row, see [`tally`]): the most
    /// used rows first, together, so that the few thousand rows that take
    /// most lookups share cache lines and stay in a core's cache instead
    /// of one line each across the whole arena. Rows nobody hit keep their
    /// order after them. Slots, fingerprints and weights are unchanged, so
    /// every score is exactly the old table's; the reader is the same.
    ///
    /// # Errors
    /// If `bytes` is not a valid table.
    pub fn relayout(bytes: &[u8], hits: &HashMap<u32, u64>) -> Result<Weights, String> {
        let old = WeightsRef::new(bytes)?;
        let n_slots = old.mask + 1;
        let mut used: Vec<(usize, u32)> = (0..n_slots)
            .filter(|&s| le32(old.slots, s * SLOT) != 0)
            .map(|s| (s, le32(old.slots, s * SLOT + 4)))
            .collect();
        // Most hits first; ties (among them every row never hit) in their
        // old arena order, so the result depends on the counts alone.
        used.sort_by_key(|&(_, meta)| {
            (
                std::cmp::Reverse(hits.get(&meta).copied().unwrap_or(0)),
                meta >> 8,
            )
        });
        let mut slots = old.slots.to_vec();
        let mut arena = Vec::with_capacity(old.arena.len());
        for &(s, meta) in &used {
            let (off, len) = ((meta >> 8) as usize, meta as u8);
            let at = arena.len();
            arena.extend_from_slice(&old.arena[off..off + row_len(len, old.classes)]);
            slots[s * SLOT + 4..s * SLOT + 8].copy_from_slice(&slot_meta(at, len)?.to_le_bytes());
        }
        let w = Weights::assemble(old.classes, old.features, old.scale, &slots, &arena);
        let new = WeightsRef::new(w.as_bytes())?;
        for &(s, meta) in &used {
            if old.cells(meta) != new.cells(le32(new.slots, s * SLOT + 4)) {
                return Err("a row changed while being moved".into());
            }
        }
        Ok(w)
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
            let meta = le32(slots, s * SLOT + 4);
            let (off, len) = ((meta >> 8) as usize, meta as u8);
            let fits = off + row_len(len, classes) <= arena.len()
                && (len == DENSE
                    || arena[off..off + usize::from(len)]
                        .iter()
                        .all(|&c| usize::from(c) < classes));
            if !fits {
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

    /// Where this table's slots lie: names the table in a [`tally`].
    #[must_use]
    pub fn id(&self) -> usize {
        self.slots.as_ptr() as usize
    }

    /// The slot's second word for feature `f`, if the table has it.
    #[inline]
    fn find(&self, f: u64) -> Option<u32> {
        let fp = fingerprint(f);
        let mut at = (f as usize) & self.mask;
        loop {
            match le32(self.slots, at * SLOT) {
                0 => return None,
                key if key == fp => return Some(le32(self.slots, at * SLOT + 4)),
                _ => at = (at + 1) & self.mask,
            }
        }
    }

    /// The (class, weight) pairs of the row a slot's second word points
    /// to, a dense row's zeros left out.
    fn cells(&self, meta: u32) -> Vec<(u8, i16)> {
        let (off, len) = ((meta >> 8) as usize, meta as u8);
        let row = &self.arena[off..off + row_len(len, self.classes)];
        if len == DENSE {
            return row
                .chunks_exact(2)
                .enumerate()
                .map(|(c, w)| (c as u8, i16::from_le_bytes([w[0], w[1]])))
                .filter(|&(_, w)| w != 0)
                .collect();
        }
        let n = usize::from(len);
        row[..n]
            .iter()
            .zip(row[n..].chunks_exact(2))
            .map(|(&c, w)| (c, i16::from_le_bytes([w[0], w[1]])))
            .collect()
    }

    /// Adds the weights of feature `f` into `scores` (nothing if unknown).
    pub fn add(&self, f: u64, scores: &mut [f32]) {
        let Some(meta) = self.find(f) else { return };
        for (c, w) in self.cells(meta) {
            if let Some(s) = scores.get_mut(usize::from(c)) {
                *s += f32::from(w) * self.scale;
            }
        }
    }

    /// The scores of a feature set, from zero.
    ///
    /// The table is far larger than a core's caches, so a lookup is two
    /// cache misses (its slot, then its row). Looked up one after another,
    /// each miss waits for the one before; here a batch of features first
    /// loads all its slots, then all its rows, so the misses of a batch are
    /// in flight together. The slot holds the row's length, so the row is
    /// the second and last round. Same result as [`WeightsRef::add`] per
    /// feature.
    ///
    /// A batch holds a whole parser state's features (68), so that a
    /// transition waits for two rounds of misses, not eight.
    pub fn score(&self, feats: &[u64], scores: &mut [f32]) {
        // Sums in the table's own integer steps, scaled once at the end.
        // Indexed by a class byte, so no index can miss it; classes past
        // `scores` (none in a checked table) are summed but not read.
        let mut sums = [0i32; 256];
        for batch in feats.chunks(BATCH) {
            let metas = self.find_batch(batch);
            for &meta in &metas[..batch.len()] {
                self.add_row(meta, &mut sums);
            }
        }
        self.scale_into(&sums, scores);
    }

    fn scale_into(&self, sums: &[i32; 256], scores: &mut [f32]) {
        for (s, &sum) in scores.iter_mut().zip(sums.iter()) {
            *s = sum as f32 * self.scale;
        }
    }

    /// The rows of up to [`BATCH`] features (`u32::MAX` for none), their
    /// cache misses in flight together: first every feature's first slot,
    /// then the probes from there (the slot's line is now cached), then a
    /// touch of every row's first byte in a tight loop of independent
    /// loads, so that adding the rows up does not meet their misses one
    /// row at a time (the longest rows span a few lines, and the core's
    /// reorder window holds only a few rows' adds).
    #[inline]
    fn find_batch(&self, batch: &[u64]) -> [u32; BATCH] {
        let mut first = [0u32; BATCH];
        for (k, &f) in batch.iter().enumerate() {
            first[k] = le32(self.slots, ((f as usize) & self.mask) * SLOT);
        }
        let mut metas = [u32::MAX; BATCH];
        for (k, &f) in batch.iter().enumerate() {
            let fp = fingerprint(f);
            let mut at = (f as usize) & self.mask;
            let mut key = first[k];
            while key != 0 {
                if key == fp {
                    metas[k] = le32(self.slots, at * SLOT + 4);
                    break;
                }
                at = (at + 1) & self.mask;
                key = le32(self.slots, at * SLOT);
            }
        }
        #[cfg(feature = "train")]
        tally::count(self.slots.as_ptr(), &metas[..batch.len()]);
        let mut touch = 0u8;
        for &meta in &metas[..batch.len()] {
            if meta != u32::MAX {
                touch ^= self.arena.get((meta >> 8) as usize).copied().unwrap_or(0);
            }
        }
        std::hint::black_box(touch);
        metas
    }

    /// Adds the row a slot's second word points to (nothing for
    /// `u32::MAX`) into `sums`, indexed by class byte.
    #[inline]
    fn add_row(&self, meta: u32, sums: &mut [i32; 256]) {
        if meta == u32::MAX {
            return;
        }
        let (off, len) = ((meta >> 8) as usize, meta as u8);
        if len == DENSE {
            let ws = &self.arena[off..off + 2 * self.classes];
            for (s, w) in sums.iter_mut().zip(ws.chunks_exact(2)) {
                *s += i32::from(i16::from_le_bytes([w[0], w[1]]));
            }
            return;
        }
        let n = usize::from(len);
        let row = &self.arena[off..off + CELL * n];
        for (&c, w) in row[..n].iter().zip(row[n..].chunks_exact(2)) {
            sums[usize::from(c)] += i32::from(i16::from_le_bytes([w[0], w[1]]));
        }
    }
}

/// Counting which rows lookups find, for [`Weights::relayout`] (the
/// trainer only: a build without the `train` feature has no counter on its
/// lookups).
#[cfg(feature = "train")]
pub mod tally {
    use std::cell::RefCell;
    use std::collections::HashMap;

    /// Per table ([`super::WeightsRef::id`]), per row (its slot's second
    /// word): how many lookups found it.
    pub type Hits = HashMap<usize, HashMap<u32, u64>>;

    thread_local! {
        static HITS: RefCell<Option<Hits>> = const { RefCell::new(None) };
    }

    /// Counts the rows found on this thread from now on.
    pub fn start() {
        HITS.with(|h| *h.borrow_mut() = Some(Hits::new()));
    }

    /// The counts since [`start`]; counting stops.
    #[must_use]
    pub fn stop() -> Hits {
        HITS.with(|h| h.borrow_mut().take()).unwrap_or_default()
    }

    pub(super) fn count(table: *const u8, metas: &[u32]) {
        HITS.with(|h| {
            if let Some(hits) = h.borrow_mut().as_mut() {
                let rows = hits.entry(table as usize).or_default();
                for &m in metas.iter().filter(|&&m| m != u32::MAX) {
                    *rows.entry(m).or_default() += 1;
                }
            }
        });
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
        // Five classes, two weights a row: rows are sparse, with class bytes.
        let mut t = Trainer::new(5);
        t.update(&[1, 2, 3], 1, 0);
        let bytes = t.freeze(false, 0.0, 1).as_bytes().to_vec();
        assert!(WeightsRef::new(&bytes).is_ok());
        assert!(WeightsRef::new(&bytes[..bytes.len() - 1]).is_err());
        assert!(WeightsRef::new(&bytes[..10]).is_err());
        let mut bad = bytes.clone();
        bad[0] = 0;
        assert!(WeightsRef::new(&bad).is_err());
        let mut bad = bytes;
        let last = bad.len() - 6; // the first class byte of the last row
        bad[last] = 9;
        assert!(WeightsRef::new(&bad).is_err());
    }

    /// Rows with a weight for many classes are stored dense; scores are the
    /// same sums either way.
    #[test]
    fn dense_and_sparse_rows_score_alike() {
        let mut t = Trainer::new(20);
        let (wide, narrow) = (hash_str("wide"), hash_str("narrow"));
        for class in 0..15 {
            t.nudge(wide, class, (class as f32) - 5.5);
        }
        t.nudge(narrow, 3, 2.0);
        t.nudge(narrow, 17, -1.0);
        let w = t.freeze(false, 0.0, 1);
        let r = WeightsRef::new(w.as_bytes()).unwrap();
        let lens: Vec<u8> = (0..=r.mask)
            .filter(|s| le32(r.slots, s * SLOT) != 0)
            .map(|s| le32(r.slots, s * SLOT + 4) as u8)
            .collect();
        let mut sorted = lens.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, [DENSE, 2], "one dense row, one of two weights");
        let mut batched = [0.0f32; 20];
        r.score(&[wide, narrow, wide], &mut batched);
        let mut expect = [0.0f32; 20];
        for (class, e) in expect.iter_mut().enumerate().take(15) {
            *e = 2.0 * ((class as f32) - 5.5);
        }
        expect[3] += 2.0;
        expect[17] -= 1.0;
        for (b, e) in batched.iter().zip(&expect) {
            assert!((b - e).abs() < 1e-3, "{batched:?}");
        }
    }

    /// Reordering the rows by use moves the most used rows to the front of
    /// the arena and changes no score.
    #[test]
    fn relaid_rows_keep_their_weights() {
        let mut t = Trainer::new(30);
        let feats: Vec<u64> = (0..50u64).map(|i| fmix(i + 100)).collect();
        for (i, f) in feats.iter().enumerate() {
            // Rows of 1 to 25 weights: some sparse, some dense.
            for c in 0..=(i % 25) {
                t.nudge(*f, c, (i * 7 + c) as f32 - 20.0);
            }
        }
        let w = t.freeze(false, 0.0, 1);
        let r = WeightsRef::new(w.as_bytes()).unwrap();
        // Feature 37 hit most, then feature 3; the rest never.
        let meta = |r: &WeightsRef<'_>, f: u64| r.find(f).unwrap();
        let hits = HashMap::from([(meta(&r, feats[37]), 9), (meta(&r, feats[3]), 2)]);
        let moved = Weights::relayout(w.as_bytes(), &hits).unwrap();
        let m = WeightsRef::new(moved.as_bytes()).unwrap();
        assert_eq!(moved.as_bytes().len(), w.as_bytes().len());
        assert_eq!(meta(&m, feats[37]) >> 8, 0, "the most used row first");
        let second = row_len(meta(&m, feats[37]) as u8, 30) as u32;
        assert_eq!(meta(&m, feats[3]) >> 8, second, "then the next");
        for &f in &feats {
            assert_eq!(r.cells(meta(&r, f)), m.cells(meta(&m, f)));
            let (mut a, mut b) = ([0.0f32; 30], [0.0f32; 30]);
            r.score(&[f, feats[0]], &mut a);
            m.score(&[f, feats[0]], &mut b);
            assert_eq!(a, b);
        }
        assert!(Weights::relayout(&w.as_bytes()[1..], &hits).is_err());
    }

    /// A version 1 table (every row sparse, its length first in the row)
    /// reads back with the same weights after [`Weights::from_version_1`].
    #[test]
    fn version_1_tables_convert_with_their_weights() {
        // Four slots; feature 5 sits in slot 1 (5 & 3), feature 6 in slot 2.
        let (f1, f2) = (5u64 | (7 << 32), 6u64 | (9 << 32));
        let mut slots = vec![0u8; 4 * SLOT];
        let mut arena = Vec::new();
        let rows: [(u64, Vec<(u8, i16)>); 2] = [
            (f1, (0..10).map(|c| (c, i16::from(c) * 100 - 300)).collect()),
            (f2, vec![(1, 50), (8, -70)]),
        ];
        for (f, cells) in &rows {
            let at = (*f as usize) & 3;
            slots[at * SLOT..at * SLOT + 4].copy_from_slice(&fingerprint(*f).to_le_bytes());
            slots[at * SLOT + 4..at * SLOT + 8]
                .copy_from_slice(&(arena.len() as u32).to_le_bytes());
            arena.push(cells.len() as u8);
            arena.extend(cells.iter().map(|c| c.0));
            for c in cells {
                arena.extend_from_slice(&c.1.to_le_bytes());
            }
        }
        let v1 = Weights::assemble(10, 2, 0.5, &slots, &arena);
        let w = Weights::from_version_1(v1.as_bytes()).unwrap();
        let r = WeightsRef::new(w.as_bytes()).unwrap();
        let mut s = [0.0f32; 10];
        r.score(&[f1], &mut s);
        let expect: Vec<f32> = (0..10).map(|c| (c as f32 * 100.0 - 300.0) * 0.5).collect();
        assert_eq!(s.to_vec(), expect);
        r.score(&[f2, hash_str("unseen")], &mut s);
        let mut expect = [0.0f32; 10];
        expect[1] = 25.0;
        expect[8] = -35.0;
        assert_eq!(s, expect);
        // A truncated version 1 table is refused, not read past its end,
        // and so is a row naming a class the table does not have.
        let short = &v1.as_bytes()[..v1.as_bytes().len() - 1];
        assert!(Weights::from_version_1(short).is_err());
        let mut bad = v1.as_bytes().to_vec();
        let last_class = bad.len() - 5; // the second class byte of f2's row
        bad[last_class] = 10;
        assert_eq!(
            Weights::from_version_1(&bad).unwrap_err(),
            "weight row names a class past the table's"
        );
    }
}
