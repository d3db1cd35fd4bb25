//! Co-terminosity from a lookup: a table of small areas (or postcodes) with a left code, a
//! right code and an optional weight (population) becomes one row per code pair with the summed
//! weight, each side's share of it and their minimum, the co-terminosity.
//!
//! Input is Arrow arrays, read where they lie (the codes by [`crate::pairing::codes`]). A lookup arrives batch by batch ([`Overlapper::add_batch`]), so
//! a stream is never held whole in memory. Each batch is cut into fixed chunks counted in
//! parallel with chunk-local code tables and merged in chunk order, so the sums (and their
//! rounding) do not depend on the number of threads.

use arrow_array::cast::AsArray;
use arrow_array::types::*;
use arrow_array::{Array, RecordBatch};
use arrow_schema::{DataType, Schema};
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::error::{Error, Result};
pub use crate::pairing::codes::Units;
use crate::pairing::codes::{first_null, ids, Interner, LocalKeys};
use crate::pairing::weight::check_weight;

/// The smallest chunk; a batch is cut into at most `MAX_CHUNKS` chunks of at least this many
/// rows. Chunk bounds depend on the batch length only, never on the thread count.
const CHUNK: usize = 1 << 16;
const MAX_CHUNKS: usize = 16;

/// One row per code pair, sorted by left code then right code. `left[k]` and `right[k]` index
/// `left_units` and `right_units`. A share is NaN when its unit's total weight is 0.
#[derive(Clone, Debug, PartialEq)]
pub struct OverlapTable {
    /// The left codes, sorted.
    pub left_units: Units,
    /// The right codes, sorted.
    pub right_units: Units,
    /// Each row's left code, as an index into `left_units`.
    pub left: Vec<u32>,
    /// Each row's right code, as an index into `right_units`.
    pub right: Vec<u32>,
    /// The weight of the pair (summed over the lookup's rows).
    pub weight: Vec<f64>,
    /// The pair's weight over the left unit's total.
    pub left_share: Vec<f64>,
    /// The pair's weight over the right unit's total.
    pub right_share: Vec<f64>,
    /// The smaller of the two shares.
    pub coterminosity: Vec<f64>,
}

/// Accumulates a lookup, batch by batch, into an overlap table.
pub struct Overlapper {
    left_name: String,
    right_name: String,
    weight_name: Option<String>,
    left: Interner,
    right: Interner,
    pairs: FxHashMap<u64, f64>,
    rows: u64,
}

struct ChunkOut<'a> {
    left: LocalKeys<'a>,
    right: LocalKeys<'a>,
    pairs: Vec<(u32, u32, f64)>,
}

impl Overlapper {
    /// `left`, `right` and `weight` name the columns of the batches to come.
    pub fn new(left: &str, right: &str, weight: Option<&str>) -> Self {
        Overlapper {
            left_name: left.to_owned(),
            right_name: right.to_owned(),
            weight_name: weight.map(str::to_owned),
            left: Interner::Empty,
            right: Interner::Empty,
            pairs: FxHashMap::default(),
            rows: 0,
        }
    }

    /// Check that the schema has the named columns (a missing one is `Error::MissingColumn`).
    pub fn check_schema(&self, schema: &Schema) -> Result<()> {
        let names = [Some(&self.left_name), Some(&self.right_name), self.weight_name.as_ref()];
        for (arg, name) in ["left", "right", "weight"].iter().zip(names) {
            if let Some(name) = name {
                if schema.index_of(name).is_err() {
                    let have: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
                    return Err(Error::MissingColumn {
                        message: format!("{arg}: column {name:?} is not in the lookup; its columns are {have:?}"),
                    });
                }
            }
        }
        Ok(())
    }

    /// Add one batch of the lookup, picking its columns by name.
    pub fn add_batch(&mut self, batch: &RecordBatch) -> Result<()> {
        self.check_schema(batch.schema_ref())?;
        let col = |n: &str| batch.column(batch.schema_ref().index_of(n).expect("checked")).as_ref();
        let weight = self.weight_name.as_deref().map(col);
        self.add_arrays(col(&self.left_name), col(&self.right_name), weight)
    }

    /// Add the rows given as arrays of one length.
    pub fn add_arrays(&mut self, left: &dyn Array, right: &dyn Array, weight: Option<&dyn Array>) -> Result<()> {
        let n = left.len();
        if right.len() != n || weight.is_some_and(|w| w.len() != n) {
            return Err(Error::value("lookup: the left, right and weight columns differ in length"));
        }
        let size = CHUNK.max(n.div_ceil(MAX_CHUNKS));
        let ranges: Vec<(usize, usize)> = (0..n).step_by(size).map(|s| (s, (s + size).min(n))).collect();
        let names = (self.left_name.as_str(), self.right_name.as_str(), self.weight_name.as_deref());
        let base = self.rows;
        let outs: Vec<Result<ChunkOut<'_>>> =
            ranges.par_iter().map(|&(s, e)| chunk(left, right, weight, s, e, base, names)).collect();
        for out in outs {
            let out = out.map_err(|e| Error::value(format!("lookup: {e}")))?;
            let lmap = self.left.merge(&out.left, &self.left_name)?;
            let rmap = self.right.merge(&out.right, &self.right_name)?;
            for (l, r, w) in out.pairs {
                let key = (lmap[l as usize] as u64) << 32 | rmap[r as usize] as u64;
                let sum = self.pairs.entry(key).or_insert(0.0);
                *sum += w;
                if !sum.is_finite() {
                    let name = self.weight_name.as_deref().unwrap_or("weight");
                    return Err(Error::value(format!(
                        "lookup: column {name:?}: the weights of one pair of codes sum past the largest float \
                         ({:e}); divide the weights by a power of ten",
                        f64::MAX
                    )));
                }
            }
        }
        self.rows += n as u64;
        Ok(())
    }

    /// The overlap table of every row added.
    pub fn finish(self) -> OverlapTable {
        let (nl, nr) = (self.left.len(), self.right.len());
        let (left_units, lrank) = self.left.sorted();
        let (right_units, rrank) = self.right.sorted();
        let mut rows: Vec<(u32, u32, f64)> = self
            .pairs
            .iter()
            .map(|(&k, &w)| (lrank[(k >> 32) as usize], rrank[(k & 0xffff_ffff) as usize], w))
            .collect();
        rows.sort_unstable_by_key(|&(l, r, _)| (l, r));
        // Each unit's weights are summed scaled by a power of two near its largest pair weight:
        // exact for ordinary weights, and a unit's total cannot overflow (weights near 1e308).
        let mut lmax = vec![0.0f64; nl];
        let mut rmax = vec![0.0f64; nr];
        for &(l, r, w) in &rows {
            lmax[l as usize] = lmax[l as usize].max(w);
            rmax[r as usize] = rmax[r as usize].max(w);
        }
        let lscale: Vec<f64> = lmax.iter().map(|&m| power_of_two_scale(m)).collect();
        let rscale: Vec<f64> = rmax.iter().map(|&m| power_of_two_scale(m)).collect();
        let mut ltot = vec![0.0f64; nl];
        let mut rtot = vec![0.0f64; nr];
        for &(l, r, w) in &rows {
            ltot[l as usize] += w * lscale[l as usize];
            rtot[r as usize] += w * rscale[r as usize];
        }
        let share = |w: f64, t: f64| if t > 0.0 { (w / t).min(1.0) } else { f64::NAN };
        let left_share: Vec<f64> =
            rows.iter().map(|&(l, _, w)| share(w * lscale[l as usize], ltot[l as usize])).collect();
        let right_share: Vec<f64> =
            rows.iter().map(|&(_, r, w)| share(w * rscale[r as usize], rtot[r as usize])).collect();
        let coterminosity = left_share.iter().zip(&right_share).map(|(a, b)| a.min(*b)).collect();
        OverlapTable {
            left_units,
            right_units,
            left: rows.iter().map(|r| r.0).collect(),
            right: rows.iter().map(|r| r.1).collect(),
            weight: rows.iter().map(|r| r.2).collect(),
            left_share,
            right_share,
            coterminosity,
        }
    }
}

/// A power of two that brings `max` (a finite weight, 0 or more) to between 1 and 2, so that
/// multiplying by it is exact and a sum of such scaled weights stays far from overflow.
fn power_of_two_scale(max: f64) -> f64 {
    if max > 0.0 && max.is_finite() {
        // the exponent of `max`, from its bits, kept where 2^-e is a normal float
        let e = (((max.to_bits() >> 52) & 0x7ff) as i64 - 1023).clamp(-1022, 1022);
        f64::from_bits(((1023 - e) as u64) << 52)
    } else {
        1.0
    }
}

/// One chunk: local code ids of both sides, then the weight of each local pair.
fn chunk<'a>(
    left: &'a dyn Array,
    right: &'a dyn Array,
    weight: Option<&'a dyn Array>,
    start: usize,
    end: usize,
    base: u64,
    (lname, rname, wname): (&str, &str, Option<&str>),
) -> Result<ChunkOut<'a>> {
    let (lids, lkeys) = ids(left, start, end, lname, base)?;
    let (rids, rkeys) = ids(right, start, end, rname, base)?;
    let pairs = accumulate(&lids, &rids, weight, start, end, wname.unwrap_or("weight"), base)?;
    Ok(ChunkOut { left: lkeys, right: rkeys, pairs })
}

/// Check one weight of row `i` of a chunk (the one rule, [`check_weight`]).
#[inline]
fn check(w: f64, i: usize, name: &str, base: u64) -> Result<f64> {
    check_weight(w, || format!("column {name:?}, row {}", base + i as u64))
}

/// Local pair sums, in order of first appearance. With few local codes the pair slots are a
/// dense table; otherwise a hash map.
fn sum_pairs(
    lids: &[u32],
    rids: &[u32],
    start: usize,
    get: impl FnMut(usize) -> Result<f64>,
) -> Result<Vec<(u32, u32, f64)>> {
    let nl = lids.iter().max().map_or(0, |&m| m as usize + 1);
    let nr = rids.iter().max().map_or(0, |&m| m as usize + 1);
    if nl.saturating_mul(nr) <= 1 << 18 {
        sum_pairs_dense(lids, rids, nr, nl * nr, start, get)
    } else {
        sum_pairs_hashed(lids, rids, start, get)
    }
}

fn sum_pairs_dense(
    lids: &[u32],
    rids: &[u32],
    nr: usize,
    cells: usize,
    start: usize,
    mut get: impl FnMut(usize) -> Result<f64>,
) -> Result<Vec<(u32, u32, f64)>> {
    let mut slots = vec![u32::MAX; cells];
    let mut pairs: Vec<(u32, u32, f64)> = Vec::new();
    for (k, (&l, &r)) in lids.iter().zip(rids).enumerate() {
        let w = get(start + k)?;
        let cell = &mut slots[l as usize * nr + r as usize];
        if *cell == u32::MAX {
            *cell = pairs.len() as u32;
            pairs.push((l, r, 0.0));
        }
        pairs[*cell as usize].2 += w;
    }
    Ok(pairs)
}

fn sum_pairs_hashed(
    lids: &[u32],
    rids: &[u32],
    start: usize,
    mut get: impl FnMut(usize) -> Result<f64>,
) -> Result<Vec<(u32, u32, f64)>> {
    let mut index: FxHashMap<u64, u32> = FxHashMap::default();
    let mut pairs: Vec<(u32, u32, f64)> = Vec::new();
    let mut last: (u64, u32) = (u64::MAX, 0);
    for (k, (&l, &r)) in lids.iter().zip(rids).enumerate() {
        let w = get(start + k)?;
        let key = (l as u64) << 32 | r as u64;
        let slot = if key == last.0 {
            last.1
        } else {
            let slot = *index.entry(key).or_insert_with(|| {
                pairs.push((l, r, 0.0));
                pairs.len() as u32 - 1
            });
            last = (key, slot);
            slot
        };
        pairs[slot as usize].2 += w;
    }
    Ok(pairs)
}

fn accumulate(
    lids: &[u32],
    rids: &[u32],
    weight: Option<&dyn Array>,
    start: usize,
    end: usize,
    name: &str,
    base: u64,
) -> Result<Vec<(u32, u32, f64)>> {
    let Some(col) = weight else {
        return sum_pairs(lids, rids, start, |_| Ok(1.0));
    };
    if let Some(i) = first_null(col, start, end) {
        return Err(Error::value(format!("column {name:?}, row {}: missing weight", base + i as u64)));
    }
    macro_rules! floats {
        ($t:ty) => {{
            let v = col.as_primitive::<$t>().values();
            sum_pairs(lids, rids, start, |i| check(v[i] as f64, i, name, base))
        }};
    }
    match col.data_type() {
        DataType::Float64 => floats!(Float64Type),
        DataType::Float32 => floats!(Float32Type),
        DataType::Int8 => floats!(Int8Type),
        DataType::Int16 => floats!(Int16Type),
        DataType::Int32 => floats!(Int32Type),
        DataType::Int64 => floats!(Int64Type),
        DataType::UInt8 => floats!(UInt8Type),
        DataType::UInt16 => floats!(UInt16Type),
        DataType::UInt32 => floats!(UInt32Type),
        DataType::UInt64 => floats!(UInt64Type),
        t => Err(Error::value(format!("column {name:?}: weights must be numbers, got Arrow type {t}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::{Float64Array, Int32Array, StringArray, StringViewArray};

    #[test]
    fn sums_shares_and_coterminosity() {
        let mut o = Overlapper::new("pct", "la", Some("pop"));
        let l = StringArray::from(vec!["A", "A", "B", "A"]);
        let r = StringArray::from(vec!["x", "y", "y", "x"]);
        let w = Float64Array::from(vec![1.0, 2.0, 4.0, 1.0]);
        o.add_arrays(&l, &r, Some(&w)).unwrap();
        // A second batch in another string layout.
        let l = StringViewArray::from(vec!["B"]);
        let r = StringViewArray::from(vec!["z"]);
        let w = Float64Array::from(vec![4.0]);
        o.add_arrays(&l, &r, Some(&w)).unwrap();
        let t = o.finish();
        assert_eq!(t.left_units, Units::Str(vec!["A".into(), "B".into()]));
        assert_eq!(t.right_units, Units::Str(vec!["x".into(), "y".into(), "z".into()]));
        assert_eq!(t.left, vec![0, 0, 1, 1]);
        assert_eq!(t.right, vec![0, 1, 1, 2]);
        assert_eq!(t.weight, vec![2.0, 2.0, 4.0, 4.0]);
        assert_eq!(t.left_share, vec![0.5, 0.5, 0.5, 0.5]);
        assert_eq!(t.right_share, vec![1.0, 2.0 / 6.0, 4.0 / 6.0, 1.0]);
        assert_eq!(t.coterminosity, vec![0.5, 2.0 / 6.0, 0.5, 0.5]);
    }

    #[test]
    fn counts_rows_without_weights_and_reads_integer_codes() {
        let mut o = Overlapper::new("l", "r", None);
        let n = CHUNK * 2 + 5; // several chunks
        let l = Int32Array::from((0..n as i32).map(|i| i % 3).collect::<Vec<_>>());
        let r = Int32Array::from((0..n as i32).map(|i| 10 + (i % 3 == 0) as i32).collect::<Vec<_>>());
        o.add_arrays(&l, &r, None).unwrap();
        let t = o.finish();
        assert_eq!(t.left_units, Units::Int(vec![0, 1, 2]));
        assert_eq!(t.right_units, Units::Int(vec![10, 11]));
        let total: f64 = t.weight.iter().sum();
        assert_eq!(total, n as f64);
        assert_eq!(t.coterminosity[0], 1.0); // 0 <-> 11 exactly
    }

    #[test]
    fn dictionary_entries_no_row_uses_are_not_read() {
        use arrow_array::{DictionaryArray, Int32Array as Keys};
        // entry 1 is null and entry 3 is unused: neither is a code
        let values = StringArray::from(vec![Some("A"), None, Some("B"), Some("C")]);
        let l = DictionaryArray::new(Keys::from(vec![0, 0, 2]), std::sync::Arc::new(values));
        let r = StringArray::from(vec!["x", "y", "x"]);
        let mut o = Overlapper::new("l", "r", None);
        o.add_arrays(&l, &r, None).unwrap();
        let t = o.finish();
        assert_eq!(t.left_units, Units::Str(vec!["A".into(), "B".into()]));
        assert_eq!(t.left, vec![0, 0, 1]);
        // a row that points at the null entry is a missing code, on its own row
        let values = StringArray::from(vec![Some("A"), None, Some("B")]);
        let l = DictionaryArray::new(Keys::from(vec![0, 2, 1]), std::sync::Arc::new(values));
        let mut o = Overlapper::new("l", "r", None);
        let e = o.add_arrays(&l, &r, None).unwrap_err().to_string();
        assert_eq!(e, "lookup: column \"l\", row 2: missing code");
    }

    #[test]
    fn power_of_two_scales_are_exact() {
        for (m, want) in [(1.0, 1.0), (3.0, 0.5), (1.5e308, f64::MIN_POSITIVE), (0.25, 4.0)] {
            assert_eq!(power_of_two_scale(m), want, "{m}");
        }
        assert_eq!(power_of_two_scale(f64::MIN_POSITIVE / 4.0), 2f64.powi(1022));
        assert_eq!(power_of_two_scale(0.0), 1.0);
    }

    #[test]
    fn huge_weights_keep_their_shares() {
        let mut o = Overlapper::new("l", "r", Some("w"));
        let l = StringArray::from(vec!["a", "a", "b"]);
        let r = StringArray::from(vec!["x", "y", "y"]);
        let w = Float64Array::from(vec![1.5e308, 1.5e308, 1.5e308]);
        o.add_arrays(&l, &r, Some(&w)).unwrap();
        let t = o.finish();
        assert_eq!(t.left_share, vec![0.5, 0.5, 1.0]);
        assert_eq!(t.right_share, vec![1.0, 0.5, 0.5]);
        let mut o = Overlapper::new("l", "r", Some("pop"));
        let err = o.add_arrays(&l, &l, Some(&w)).unwrap_err().to_string();
        assert!(err.contains("\"pop\"") && err.contains("largest float"), "{err}");
    }

    #[test]
    fn bad_rows_are_named() {
        let mut o = Overlapper::new("l", "r", Some("w"));
        let l = StringArray::from(vec![Some("A"), Some("B")]);
        let r = StringArray::from(vec![Some("x"), None]);
        let w = Float64Array::from(vec![1.0, 1.0]);
        let e = o.add_arrays(&l, &r, Some(&w)).unwrap_err().to_string();
        assert_eq!(e, "lookup: column \"r\", row 1: missing code");
        let r = StringArray::from(vec!["x", "y"]);
        let w = Float64Array::from(vec![1.0, -2.0]);
        let e = o.add_arrays(&l, &r, Some(&w)).unwrap_err().to_string();
        assert!(e.contains("row 1") && e.contains("negative"), "{e}");
        let w = Float64Array::from(vec![f64::NAN, 1.0]);
        assert!(o.add_arrays(&l, &r, Some(&w)).unwrap_err().to_string().contains("NaN"));
    }
}
