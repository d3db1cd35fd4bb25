//! Grouped summaries of integer scores: counts of each value per group and column, from which
//! modal values (with every tied value, so the caller applies its tie policy) and distributions
//! follow. Groups are numbered in order of first appearance.
//!
//! Counting is one parallel pass over the rows into a dense table (group × column × value)
//! when that table is small, which it is for scores; otherwise a sort per column.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::column::{BadValue, Column, Primitive, Values};
use crate::error::{Error, Result};

const CHUNK: usize = 16 * 1024;
/// Largest dense count table (in cells) per worker before falling back to sorting.
const DENSE_CELLS: usize = 1 << 25;

/// The value counts of one column, per group: group `g` holds
/// `values[offsets[g]..offsets[g + 1]]` (ascending) with their `counts`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Counts {
    /// Group `g`'s entries are `offsets[g]..offsets[g + 1]` (one more offset than groups).
    pub offsets: Vec<u64>,
    /// The values that occur, ascending within each group.
    pub values: Vec<i64>,
    /// How often each value occurs.
    pub counts: Vec<u64>,
}

/// The value counts of every column, per group.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupCounts {
    /// The first row of each group, groups in order of first appearance.
    pub first_rows: Vec<u64>,
    /// One per value column.
    pub columns: Vec<Counts>,
}

/// Where each row's group comes from.
enum Slots {
    /// No `by`: every row is in group 0.
    Single,
    /// One integer key with a small range: slot = key - min.
    Direct { key: usize, min: i64, range: usize },
    /// Group ids already in order of first appearance.
    Ids(Vec<u32>),
}

/// The error for a value column's bad value, naming the column, row and value; with a
/// `scale`, values outside it are the error.
pub fn bad_value(col: &Column<'_>, bad: BadValue, scale: Option<(i64, i64)>) -> Error {
    match (bad.raw, scale) {
        (Some(raw), Some((lo, hi))) => Error::score(format!(
            "columns: column {:?}, row {}: {raw} is not an integer from {lo} to {hi}",
            col.name, bad.row
        )),
        (Some(raw), None) => Error::score(format!(
            "columns: column {:?}, row {}: {raw} is not an integer that fits int64",
            col.name, bad.row
        )),
        (None, _) => Error::score(format!("columns: column {:?}, row {}: missing value", col.name, bad.row)),
    }
}

/// Check the names of the columns to summarise against the `by` columns: at least one,
/// none of them a `by` column, none named twice.
pub fn check_columns(by: &[String], columns: &[String]) -> Result<()> {
    if columns.is_empty() {
        return Err(Error::value("columns: name at least one column to summarise"));
    }
    if let Some(c) = columns.iter().find(|c| by.contains(c)) {
        return Err(Error::value(format!("columns: '{c}' is also a 'by' column")));
    }
    if columns.iter().enumerate().any(|(i, c)| columns[..i].contains(c)) {
        return Err(Error::value(format!("columns: names a column twice: {columns:?}")));
    }
    Ok(())
}

fn key_error(col: &Column<'_>, bad: BadValue) -> Error {
    match bad.raw {
        None => Error::value(format!("by: column {:?}, row {}: missing key (pass keys as codes)", col.name, bad.row)),
        Some(raw) => Error::value(format!("by: column {:?}, row {}: {raw} is not an integer key", col.name, bad.row)),
    }
}

/// Smallest and largest whole value of a column (ignoring missing rows), or the first value
/// that is not a whole number.
fn min_max(col: &Column<'_>, allow_null: bool) -> std::result::Result<Option<(i64, i64)>, BadValue> {
    let n = col.len;
    let parts = (0..n.div_ceil(CHUNK))
        .into_par_iter()
        .map(|c| {
            let start = c * CHUNK;
            col.min_max(start, CHUNK.min(n - start), allow_null)
        })
        .collect::<Vec<_>>();
    let mut out: Option<(i64, i64)> = None;
    for part in parts {
        if let Some((a, b)) = part? {
            out = Some(out.map_or((a, b), |(x, y)| (x.min(a), y.max(b))));
        }
    }
    Ok(out)
}

/// First-appearance ids of the rows' key tuples.
fn factorize(keys: &[Column<'_>], n: usize) -> Result<Vec<u32>> {
    let mut ids = vec![0u32; n];
    let mut buf = vec![0i64; CHUNK];
    let mut valid = vec![true; CHUNK];
    for (k, key) in keys.iter().enumerate() {
        let mut seen: HashMap<(u32, i64), u32> = HashMap::new();
        for start in (0..n).step_by(CHUNK) {
            let len = CHUNK.min(n - start);
            key.read_range(start, i64::MIN, i64::MAX, &mut buf[..len], &mut valid[..len], false)
                .map_err(|b| key_error(key, b))?;
            for i in 0..len {
                let prev = if k == 0 { 0 } else { ids[start + i] };
                let next = seen.len() as u32;
                ids[start + i] = *seen.entry((prev, buf[i])).or_insert(next);
            }
        }
        if seen.len() > u32::MAX as usize / 2 {
            return Err(Error::value("by: too many groups"));
        }
    }
    Ok(ids)
}

struct Acc {
    counts: Vec<u32>,
    first: Vec<u64>,
    /// The low bytes of `counts` (the byte-counter path), added in when a piece is done.
    bytes: Vec<u8>,
}

impl Acc {
    fn settle(mut self) -> Acc {
        for (c, &b) in self.counts.iter_mut().zip(&self.bytes) {
            *c += u32::from(b);
        }
        self.bytes = Vec::new();
        self
    }
}

/// Value columns read in place for the byte-counter path: all contiguous, without nulls and
/// of one integer type (scores), so the hot loop has no per-row dispatch.
enum Plain<'a> {
    I8(Vec<&'a [i8]>),
    U8(Vec<&'a [u8]>),
    I16(Vec<&'a [i16]>),
    I32(Vec<&'a [i32]>),
    I64(Vec<&'a [i64]>),
}

impl<'a> Plain<'a> {
    fn new(cols: &[Column<'a>]) -> Option<Plain<'a>> {
        macro_rules! all {
            ($var:ident) => {{
                let mut out = Vec::with_capacity(cols.len());
                for c in cols {
                    match c.values {
                        Values::$var(s) if c.stride == 1 && c.nulls.is_none() => {
                            out.push(s.get(c.offset..c.offset + c.len)?)
                        }
                        _ => return None,
                    }
                }
                Some(Plain::$var(out))
            }};
        }
        match cols.first()?.values {
            Values::I8(_) => all!(I8),
            Values::U8(_) => all!(U8),
            Values::I16(_) => all!(I16),
            Values::I32(_) => all!(I32),
            Values::I64(_) => all!(I64),
            _ => None,
        }
    }

    /// Count rows `start..start + bases.len()` of column `j`: value `v` in row `i` adds one to
    /// cell `bases[i] + v - lo` of `small` (bytes: a quarter of the cache lines of `big`),
    /// and 256 to the same cell of `big` each time the byte wraps. The values are validated.
    fn count(&self, j: usize, start: usize, bases: &[u32], lo: i64, small: &mut [u8], big: &mut [u32]) {
        match self {
            Plain::I8(c) => count_bytes(c[j], start, bases, lo, small, big),
            Plain::U8(c) => count_bytes(c[j], start, bases, lo, small, big),
            Plain::I16(c) => count_bytes(c[j], start, bases, lo, small, big),
            Plain::I32(c) => count_bytes(c[j], start, bases, lo, small, big),
            Plain::I64(c) => count_bytes(c[j], start, bases, lo, small, big),
        }
    }
}

/// [`Plain::count`] in one type.
fn count_bytes<T: Primitive>(col: &[T], start: usize, bases: &[u32], lo: i64, small: &mut [u8], big: &mut [u32]) {
    let values = &col[start..start + bases.len()];
    assert_eq!(small.len(), big.len());
    for (&base, &v) in bases.iter().zip(values) {
        // `v - lo` first: within the column's narrow range, where `base + v` may overflow (v near i64::MAX)
        let cell = (i64::from(base) + (v.as_i64() - lo)) as usize;
        debug_assert!(cell < small.len());
        // SAFETY: `base` is a slot times the column's width and `v - lo` lies in
        // `0..width` (the range was taken over every row of this column, which has no nulls),
        // so `cell < n_slots * width == small.len() == big.len()`.
        let c = unsafe { small.get_unchecked_mut(cell) };
        *c = c.wrapping_add(1);
        if *c == 0 {
            big[cell] += 256;
        }
    }
}

/// Count each column's values per group (the columns checked by [`check_columns`]). `scale`, when given, fixes every column's value range
/// (values outside it are a [`Error::Score`], see [`bad_value`]) and keeps zero counts in the
/// output.
pub fn group_counts(keys: &[Column<'_>], cols: &[Column<'_>], scale: Option<(i64, i64)>) -> Result<GroupCounts> {
    let names = |cs: &[Column<'_>]| cs.iter().map(|c| c.name.to_string()).collect::<Vec<_>>();
    check_columns(&names(keys), &names(cols))?;
    let on_bad = |j: usize, bad: BadValue| bad_value(&cols[j], bad, scale);
    let n = match (keys.first(), cols.first()) {
        (Some(k), _) => k.len,
        (None, Some(c)) => c.len,
        (None, None) => 0,
    };
    for c in keys.iter().chain(cols) {
        c.check()?;
        if c.len != n {
            return Err(Error::value(format!("column {:?} has {} rows, expected {n}", c.name, c.len)));
        }
    }
    // value ranges
    let mut ranges = Vec::with_capacity(cols.len());
    for (j, c) in cols.iter().enumerate() {
        let r = match scale {
            Some((lo, hi)) => {
                check_scale(c, lo, hi).map_err(|b| on_bad(j, b))?;
                Some((lo, hi))
            }
            None => min_max(c, true).map_err(|b| on_bad(j, b))?,
        };
        ranges.push(r);
    }
    // groups
    let mut slots = if keys.is_empty() {
        Slots::Single
    } else if keys.len() == 1 {
        match min_max(&keys[0], false).map_err(|b| key_error(&keys[0], b))? {
            Some((lo, hi)) if (hi as i128 - lo as i128) < (n.max(1 << 16).min(u32::MAX as usize) as i128) => {
                Slots::Direct { key: 0, min: lo, range: (hi - lo) as usize + 1 }
            }
            _ => Slots::Ids(factorize(keys, n)?),
        }
    } else {
        Slots::Ids(factorize(keys, n)?)
    };
    // Widths are computed in i128 (a column may span the whole i64 range) and capped: any width
    // past the dense limit sends the counting to the sorted path.
    const WIDE: usize = 1 << 12;
    let widths: Vec<usize> = ranges
        .iter()
        .map(|r| r.map_or(0, |(lo, hi)| (hi as i128 - lo as i128 + 1).min(WIDE as i128 + 1) as usize))
        .collect();
    let stride: usize = widths.iter().sum();
    let slot_count = |slots: &Slots| match slots {
        Slots::Single => 1,
        Slots::Direct { range, .. } => *range,
        Slots::Ids(ids) => ids.iter().copied().max().map_or(0, |m| m as usize + 1),
    };
    let fits = |n_slots: usize| n_slots.saturating_mul(stride.max(1)) <= DENSE_CELLS;
    if matches!(slots, Slots::Direct { .. }) && !fits(slot_count(&slots)) {
        // A sparse key range: number the keys that occur instead.
        slots = Slots::Ids(factorize(keys, n)?);
    }
    let n_slots = slot_count(&slots);
    if !(widths.iter().all(|&w| w <= WIDE) && fits(n_slots)) {
        if matches!(slots, Slots::Direct { .. }) {
            slots = Slots::Ids(factorize(keys, n)?);
        }
        return sorted_counts(&slots, cols, &ranges, n);
    }
    let mut offs = vec![0usize; cols.len()];
    for j in 1..cols.len() {
        offs[j] = offs[j - 1] + widths[j - 1];
    }

    // One pass over the rows in small chunks: group blocks of cells stay in cache.
    const ROWS: usize = 4096;
    let n_chunks = n.div_ceil(ROWS);
    // About two pieces per thread, each with its own table: enough to balance the threads,
    // few enough that merging the tables costs little.
    let per_task = (n_chunks / (2 * rayon::current_num_threads().max(1))).max(1);
    // When some column has no missing values, every row is counted in it, so the groups are the
    // slots with counts there and their first rows can be found afterwards by a short scan
    // from the top; otherwise each row's slot is checked as it is counted.
    let complete = (0..cols.len()).find(|&j| ranges[j].is_some() && cols[j].nulls.is_none());
    // The slots of rows `start..start + out.len()`.
    let read_slots = |start: usize, out: &mut [u32]| match &slots {
        Slots::Single => out.fill(0),
        Slots::Direct { key, min, .. } => keys[*key].offsets_from(start, *min, out),
        Slots::Ids(ids) => out.copy_from_slice(&ids[start..start + out.len()]),
    };
    // Contiguous integer columns without nulls (scores) count into bytes, so one column's
    // table of 10,000 groups x 4 values fits the L1 cache.
    let plain = Plain::new(cols);
    let acc = (0..n_chunks)
        .into_par_iter()
        .with_min_len(per_task)
        .fold(
            || {
                let first = vec![u64::MAX; if complete.is_none() { n_slots } else { 0 }];
                let bytes = vec![0u8; if plain.is_some() { n_slots * stride } else { 0 }];
                let acc = Acc { counts: vec![0u32; n_slots * stride], first, bytes };
                (acc, vec![0u32; ROWS], vec![0u32; ROWS])
            },
            |(mut acc, mut slot_buf, mut bases), c| {
                let start = c * ROWS;
                let len = ROWS.min(n - start);
                let sb = &mut slot_buf[..len];
                read_slots(start, sb);
                if complete.is_none() {
                    for (i, &s) in sb.iter().enumerate() {
                        let f = &mut acc.first[s as usize];
                        if *f == u64::MAX {
                            *f = (start + i) as u64;
                        }
                    }
                }
                // Column-major cells: each column's (group x value) table is counted in turn,
                // so the working set of the scattered increments is one column's table.
                let mut bases_width = usize::MAX;
                for (j, col) in cols.iter().enumerate() {
                    let Some((lo, _)) = ranges[j] else { continue };
                    if widths[j] != bases_width {
                        bases_width = widths[j];
                        for (b, &s) in bases.iter_mut().zip(sb.iter()) {
                            *b = (s as usize * bases_width) as u32;
                        }
                    }
                    let cells = offs[j] * n_slots..(offs[j] + widths[j]) * n_slots;
                    match &plain {
                        Some(p) => {
                            let (small, big) = (&mut acc.bytes[cells.clone()], &mut acc.counts[cells]);
                            p.count(j, start, &bases[..len], lo, small, big);
                        }
                        None => col.count_cells(start, &bases[..len], -lo, &mut acc.counts[cells]),
                    }
                }
                (acc, slot_buf, bases)
            },
        )
        .map(|(acc, _, _)| acc.settle())
        .reduce_with(|mut a, b| {
            for (x, y) in a.counts.iter_mut().zip(&b.counts) {
                *x += y;
            }
            for (x, y) in a.first.iter_mut().zip(&b.first) {
                *x = (*x).min(*y);
            }
            a
        });
    let mut acc =
        acc.unwrap_or(Acc { counts: vec![0; n_slots * stride], first: vec![u64::MAX; n_slots], bytes: Vec::new() });
    if let Some(j) = complete {
        let region = &acc.counts[offs[j] * n_slots..(offs[j] + widths[j]) * n_slots];
        let mut missing: usize = region.chunks(widths[j]).filter(|cells| cells.iter().any(|&c| c > 0)).count();
        acc.first = vec![u64::MAX; n_slots];
        let mut sb = vec![0u32; ROWS];
        let mut start = 0;
        while missing > 0 && start < n {
            let len = ROWS.min(n - start);
            let sb = &mut sb[..len];
            read_slots(start, sb);
            for (i, &s) in sb.iter().enumerate() {
                let f = &mut acc.first[s as usize];
                if *f == u64::MAX {
                    *f = (start + i) as u64;
                    missing -= 1;
                }
            }
            start += len;
        }
    }

    let mut order: Vec<usize> = (0..n_slots).filter(|&s| acc.first[s] != u64::MAX).collect();
    order.sort_unstable_by_key(|&s| acc.first[s]);
    let first_rows = order.iter().map(|&s| acc.first[s]).collect();
    let keep_zeros = scale.is_some();
    let columns = (0..cols.len())
        .map(|j| {
            let mut out = Counts { offsets: Vec::with_capacity(order.len() + 1), ..Default::default() };
            out.offsets.push(0);
            if let Some((lo, _)) = ranges[j] {
                for &s in &order {
                    let at = offs[j] * n_slots + s * widths[j];
                    let cells = &acc.counts[at..at + widths[j]];
                    for (v, &c) in cells.iter().enumerate() {
                        if c > 0 || keep_zeros {
                            out.values.push(lo + v as i64);
                            out.counts.push(c as u64);
                        }
                    }
                    out.offsets.push(out.values.len() as u64);
                }
            } else {
                out.offsets.resize(order.len() + 1, 0);
            }
            out
        })
        .collect();
    Ok(GroupCounts { first_rows, columns })
}

fn check_scale(col: &Column<'_>, lo: i64, hi: i64) -> std::result::Result<(), BadValue> {
    let n = col.len;
    let first = (0..n.div_ceil(CHUNK))
        .into_par_iter()
        .filter_map(|c| {
            let start = c * CHUNK;
            col.first_outside(start, CHUNK.min(n - start), lo, hi, true)
        })
        .min_by_key(|b| b.row);
    first.map_or(Ok(()), Err)
}

/// The fallback for wide value ranges or many groups: sort (group, value) pairs per column.
fn sorted_counts(slots: &Slots, cols: &[Column<'_>], ranges: &[Option<(i64, i64)>], n: usize) -> Result<GroupCounts> {
    let ids: Vec<u32> = match slots {
        Slots::Single => vec![0; n],
        Slots::Ids(ids) => ids.clone(),
        Slots::Direct { .. } => unreachable!("direct slots are numbered before sorting"),
    };
    let n_groups = ids.iter().copied().max().map_or(0, |m| m as usize + 1);
    let mut first_rows = vec![u64::MAX; n_groups];
    for (i, &g) in ids.iter().enumerate() {
        if first_rows[g as usize] == u64::MAX {
            first_rows[g as usize] = i as u64;
        }
    }
    let columns = cols
        .iter()
        .enumerate()
        .map(|(j, col)| {
            let mut pairs: Vec<(u32, i64)> = Vec::with_capacity(n);
            if let Some((lo, hi)) = ranges[j] {
                let mut buf = vec![0i64; CHUNK];
                let mut valid = vec![true; CHUNK];
                for start in (0..n).step_by(CHUNK) {
                    let len = CHUNK.min(n - start);
                    col.read_range(start, lo, hi, &mut buf[..len], &mut valid[..len], true)
                        .expect("values were read once already");
                    for i in 0..len {
                        if valid[i] {
                            pairs.push((ids[start + i], buf[i]));
                        }
                    }
                }
            }
            pairs.par_sort_unstable();
            let mut out = Counts { offsets: vec![0; n_groups + 1], ..Default::default() };
            let mut i = 0;
            for g in 0..n_groups as u32 {
                while i < pairs.len() && pairs[i].0 == g {
                    let v = pairs[i].1;
                    let mut c = 0u64;
                    while i < pairs.len() && pairs[i] == (g, v) {
                        c += 1;
                        i += 1;
                    }
                    out.values.push(v);
                    out.counts.push(c);
                }
                out.offsets[g as usize + 1] = out.values.len() as u64;
            }
            out
        })
        .collect();
    Ok(GroupCounts { first_rows, columns })
}

/// Every value with the largest count, per group, ascending: group `g`'s tied modes are
/// `values[offsets[g]..offsets[g + 1]]` (none when the group has no value in the column).
pub fn tied_modes(counts: &Counts) -> (Vec<u64>, Vec<i64>) {
    let groups = counts.offsets.len().saturating_sub(1);
    let mut offsets = Vec::with_capacity(groups + 1);
    let mut values = Vec::with_capacity(groups);
    offsets.push(0);
    for g in 0..groups {
        let (a, b) = (counts.offsets[g] as usize, counts.offsets[g + 1] as usize);
        let best = counts.counts[a..b].iter().copied().max().unwrap_or(0);
        if best > 0 {
            for i in a..b {
                if counts.counts[i] == best {
                    values.push(counts.values[i]);
                }
            }
        }
        offsets.push(values.len() as u64);
    }
    (offsets, values)
}

/// How a modal average treats several equally frequent values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ties {
    /// The smallest tied value (the convention of the NLGN 2008 paper).
    Low,
    /// The largest tied value.
    High,
    /// A tie is an error (the caller names the group).
    Error,
    /// Every tied value, ascending.
    All,
}

crate::options::choice!(Ties, "ties", [
    "low" => Ties::Low,
    "high" => Ties::High,
    "error" => Ties::Error,
    "all" => Ties::All,
]);

/// The modes of one column per group, by a tie policy.
#[derive(Clone, Debug, PartialEq)]
pub enum Modes {
    /// One value per group; `missing[g]` where group `g` has no value in the column (then
    /// `values[g]` is 0), `None` when every group has one.
    One {
        /// The modal value of each group.
        values: Vec<i64>,
        /// Which groups have no value.
        missing: Option<Vec<bool>>,
    },
    /// Every tied value ([`Ties::All`]): group `g`'s are `values[offsets[g]..offsets[g + 1]]`.
    All {
        /// Group boundaries in `values`.
        offsets: Vec<u64>,
        /// The tied values, ascending per group.
        values: Vec<i64>,
    },
    /// [`Ties::Error`] and the first group with a tie, with its tied values: the caller
    /// reports it, naming the group by its keys.
    Tied {
        /// The group's number (order of first appearance).
        group: usize,
        /// The tied values, ascending.
        values: Vec<i64>,
    },
}

/// The modes of one column per group, by the tie policy `ties`.
pub fn modes(counts: &Counts, ties: Ties) -> Modes {
    let (offsets, values) = tied_modes(counts);
    let bounds = |g: usize| (offsets[g] as usize, offsets[g + 1] as usize);
    let groups = offsets.len() - 1;
    if ties == Ties::All {
        return Modes::All { offsets, values };
    }
    if ties == Ties::Error {
        if let Some(g) = (0..groups).find(|&g| bounds(g).1 - bounds(g).0 > 1) {
            let (a, b) = bounds(g);
            return Modes::Tied { group: g, values: values[a..b].to_vec() };
        }
    }
    let mut one = vec![0i64; groups];
    let mut missing = vec![false; groups];
    for g in 0..groups {
        let (a, b) = bounds(g);
        if a == b {
            missing[g] = true;
        } else {
            one[g] = if ties == Ties::High { values[b - 1] } else { values[a] };
        }
    }
    let missing = missing.iter().any(|&m| m).then_some(missing);
    Modes::One { values: one, missing }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::column::Values;

    /// Reference: a hash map per group in plain Rust.
    fn reference(keys: &[i64], vals: &[i64]) -> Vec<(i64, Vec<(i64, u64)>)> {
        let mut order: Vec<i64> = Vec::new();
        let mut m: HashMap<i64, std::collections::BTreeMap<i64, u64>> = HashMap::new();
        for (&k, &v) in keys.iter().zip(vals) {
            if !m.contains_key(&k) {
                order.push(k);
            }
            *m.entry(k).or_default().entry(v).or_default() += 1;
        }
        order.iter().map(|k| (*k, m[k].iter().map(|(a, b)| (*a, *b)).collect())).collect()
    }

    fn check(keys: &[i64], vals: &[i64]) {
        let kc = [Column::new("g", Values::I64(keys))];
        let vc = [Column::new("x", Values::I64(vals))];
        let got = group_counts(&kc, &vc, None).unwrap();
        let want = reference(keys, vals);
        assert_eq!(got.first_rows.len(), want.len());
        for (g, (k, pairs)) in want.iter().enumerate() {
            assert_eq!(keys[got.first_rows[g] as usize], *k);
            let c = &got.columns[0];
            let (a, b) = (c.offsets[g] as usize, c.offsets[g + 1] as usize);
            let got_pairs: Vec<(i64, u64)> = (a..b).map(|i| (c.values[i], c.counts[i])).collect();
            assert_eq!(&got_pairs, pairs);
        }
    }

    #[test]
    fn byte_counters_carry_past_255() {
        // few groups and values: cells count thousands of rows, wrapping their bytes often
        let n = 5 * CHUNK + 3;
        let keys: Vec<i64> = (0..n).map(|i| (i % 3) as i64).collect();
        let vals: Vec<i64> = (0..n).map(|i| if i % 7 == 0 { 2 } else { 1 }).collect();
        check(&keys, &vals);
        let one_group = vec![0i64; 300_000];
        let ones = vec![1i64; 300_000];
        check(&one_group, &ones);
        let small: Vec<i8> = vals.iter().map(|&v| v as i8).collect();
        let kc = [Column::new("g", Values::I64(&keys))];
        let got = group_counts(&kc, &[Column::new("x", Values::I8(&small))], None).unwrap();
        let want = group_counts(&kc, &[Column::new("x", Values::I64(&vals))], None).unwrap();
        assert_eq!(got, want);
    }

    #[test]
    fn byte_counters_take_values_at_the_ends_of_i64() {
        // a later group's cell base plus a value near i64::MAX overflowed (found by the fuzz
        // campaign: keys [0, 1], values [i64::MAX, i64::MAX] panicked in a debug build)
        check(&[0, 1], &[i64::MAX, i64::MAX]);
        check(&[0, 1, 2, 1], &[i64::MAX, i64::MAX - 1, i64::MAX, i64::MAX - 3]);
        check(&[0, 1, 2, 1], &[i64::MIN, i64::MIN + 1, i64::MIN, i64::MIN + 3]);
    }

    #[test]
    fn dense_and_sorted_paths_agree_with_a_reference() {
        let mut state = 12345u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let n = 3 * CHUNK + 11;
        let keys: Vec<i64> = (0..n).map(|_| (next() % 97) as i64 - 40).collect();
        let vals: Vec<i64> = (0..n).map(|_| (next() % 4) as i64 + 1).collect();
        check(&keys, &vals); // direct slots, dense counts
        let wide_keys: Vec<i64> = keys.iter().map(|k| k * 1_000_000_000_000).collect();
        check(&wide_keys, &vals); // hashed ids, dense counts
        let wide_vals: Vec<i64> = vals.iter().map(|v| v * 1_000_000_007).collect();
        check(&keys, &wide_vals); // sorted fallback
        let extreme: Vec<i64> = vals
            .iter()
            .map(|&v| {
                if v == 1 {
                    i64::MIN
                } else if v == 4 {
                    i64::MAX
                } else {
                    v
                }
            })
            .collect();
        check(&keys, &extreme); // a value range wider than i64
    }

    #[test]
    fn groups_with_no_value_in_a_nullable_column_are_kept() {
        // one complete column (first rows found by a scan) and one with gaps; then both with gaps
        let keys = [7i64, 3, 7, 9, 3, 9, 1];
        let a = [1i64, 2, 3, 4, 2, 4, 4];
        let b = [1i64, 1, 1, 1, 1, 1, 1];
        let gaps = [false, false, false, true, false, true, true];
        let kc = [Column::new("g", Values::I64(&keys))];
        let both = [Column::new("a", Values::I64(&a)), Column::new("b", Values::I64(&b)).with_nulls(Some(&gaps))];
        let got = group_counts(&kc, &both, None).unwrap();
        assert_eq!(got.first_rows, vec![0, 1, 3, 6]);
        assert_eq!(got.columns[1].offsets, vec![0, 1, 2, 2, 2]);
        let only_gaps = [Column::new("b", Values::I64(&b)).with_nulls(Some(&gaps))];
        let got = group_counts(&kc, &only_gaps, None).unwrap();
        assert_eq!(got.first_rows, vec![0, 1, 3, 6]);
        assert_eq!(got.columns[0].counts, vec![2, 2]);
    }

    #[test]
    fn ties_are_all_reported_in_ascending_order() {
        let keys = [1i64, 1, 1, 1, 2, 2, 2];
        let vals = [3i64, 2, 3, 2, 4, 4, 1];
        let kc = [Column::new("g", Values::I64(&keys))];
        let vc = [Column::new("x", Values::I64(&vals))];
        let got = group_counts(&kc, &vc, None).unwrap();
        assert_eq!(tied_modes(&got.columns[0]), (vec![0, 2, 3], vec![2, 3, 4]));
    }

    #[test]
    fn scale_keeps_zero_counts_and_rejects_outsiders() {
        let vals = [2i64, 2, 3];
        let vc = [Column::new("x", Values::I64(&vals))];
        let got = group_counts(&[], &vc, Some((1, 4))).unwrap();
        assert_eq!(got.columns[0].values, vec![1, 2, 3, 4]);
        assert_eq!(got.columns[0].counts, vec![0, 2, 1, 0]);
        let err = group_counts(&[], &vc, Some((1, 2))).unwrap_err();
        assert_eq!(err.to_string(), "columns: column \"x\", row 2: 3 is not an integer from 1 to 2");
    }

    #[test]
    fn tie_policies_pick_from_the_tied_modes() {
        // group 0: 1 and 2 tie; group 1: 3 alone; group 2: no value
        let counts = Counts { offsets: vec![0, 2, 3, 3], values: vec![1, 2, 3], counts: vec![2, 2, 1] };
        let missing = Some(vec![false, false, true]);
        assert_eq!(modes(&counts, Ties::Low), Modes::One { values: vec![1, 3, 0], missing: missing.clone() });
        assert_eq!(modes(&counts, Ties::High), Modes::One { values: vec![2, 3, 0], missing });
        assert_eq!(modes(&counts, Ties::Error), Modes::Tied { group: 0, values: vec![1, 2] });
        assert_eq!(modes(&counts, Ties::All), Modes::All { offsets: vec![0, 2, 3, 3], values: vec![1, 2, 3] });
        assert_eq!("high".parse::<Ties>(), Ok(Ties::High));
        let err = "middle".parse::<Ties>().unwrap_err();
        assert_eq!(err.to_string(), "ties: expected one of ['low', 'high', 'error', 'all'], got 'middle'");
        let err = "lo".parse::<Ties>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "ties: expected one of ['low', 'high', 'error', 'all'], got 'lo'; did you mean 'low'?"
        );
        assert!(check_columns(&["g".into()], &["g".into()]).unwrap_err().to_string().contains("also a 'by' column"));
        assert!(check_columns(&[], &[]).is_err());
        assert!(check_columns(&[], &["a".into(), "a".into()]).is_err());
    }

    #[test]
    fn multi_column_keys_group_by_tuple_in_first_appearance_order() {
        let a = [1i64, 1, 2, 1, 2];
        let b = [5i64, 6, 5, 5, 5];
        let v = [1i64, 2, 3, 4, 4];
        let kc = [Column::new("a", Values::I64(&a)), Column::new("b", Values::I64(&b))];
        let vc = [Column::new("x", Values::I64(&v))];
        let got = group_counts(&kc, &vc, None).unwrap();
        assert_eq!(got.first_rows, vec![0, 1, 2]);
        assert_eq!(got.columns[0].offsets, vec![0, 2, 3, 5]);
        assert_eq!(got.columns[0].values, vec![1, 4, 2, 3, 4]);
    }
}
