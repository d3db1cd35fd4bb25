//! Apportioning: values of source units moved to target units through the pairs of an overlap
//! table (see the module docs of [`crate::crosswalk`]).
//!
//! Per target `t`, over the pairs `(s, t, w)` whose source `s` has a value `v_s`:
//! - extensive: `sum(v_s * w / W_s)`, `W_s` the source's total weight, so that with every
//!   source present the target values add up to the source values (see [`Totals`]);
//! - intensive: `sum(v_s * w) / sum(w)`, the weight-weighted mean;
//! - levels (ordinal or categorical): the share of the covered weight at each level, the lower
//!   weighted median (ordinal) and the mode by a tie policy.
//!
//! A target whose covered weight is 0 gets no value (null), never 0.

use crate::cancel::Cancel;
use crate::column::{Column, Raw};
use crate::error::{Error, Result};
use crate::summary::{Modes, Ties};

use super::{Links, CHUNK};

/// How a column moves.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Kind {
    /// Counts, money: split by each source's share of its weight.
    Extensive,
    /// Rates, percentages: the weight-weighted mean.
    Intensive,
    /// Whole numbers `min..=max` (an ordinal scale, or category numbers `0..n`).
    Levels {
        /// The lowest level.
        min: i64,
        /// The highest level.
        max: i64,
        /// Whether to give the lower weighted median (ordinal scales).
        median: bool,
        /// Whether to give the weighted mean of the levels.
        mean: bool,
        /// How the mode treats levels of exactly equal weight.
        ties: Ties,
    },
}

/// One column to move: its values (one row per row of the values table) and how.
#[derive(Clone, Copy, Debug)]
pub struct Request<'a> {
    /// The values, one per row of the values table.
    pub column: Column<'a>,
    /// How it moves.
    pub kind: Kind,
}

/// The totals of an extensive column before and after the move.
#[derive(Clone, Debug, PartialEq)]
pub struct Totals {
    /// The sum of the column over the values table (missing values left out).
    pub source: f64,
    /// The sum of the moved values over the targets.
    pub target: f64,
    /// The floating-point error bound of `target - source` when every source with a value lies
    /// in the overlap with a positive weight: `(2m + n + 4) u sum(|v|)`, `m` the pairs, `n` the
    /// rows, `u = 2^-53` (the unit roundoff of float64).
    pub bound: f64,
    /// Sources with a value whose total weight in the overlap is 0 (their value cannot be split).
    pub unsplit: Vec<u32>,
}

/// What a column becomes.
#[derive(Clone, Debug, PartialEq)]
pub enum Out {
    /// One value per target (extensive) with the totals.
    Extensive {
        /// The moved values (0 where `null`).
        values: Vec<f64>,
        /// The totals check.
        totals: Totals,
    },
    /// One value per target (intensive).
    Intensive {
        /// The weighted means (0 where `null`).
        values: Vec<f64>,
    },
    /// Shares of weight per level.
    Levels {
        /// The number of levels `L`.
        n_levels: usize,
        /// Target `t`'s share at level `k` is `shares[t * L + k]` (0 where `null`).
        shares: Vec<f64>,
        /// The lower weighted median of each target, when asked for.
        median: Option<Vec<i64>>,
        /// The weighted mean of the levels, when asked for.
        mean: Option<Vec<f64>>,
        /// The mode(s) of each target by the tie policy.
        modes: Modes,
    },
}

/// One moved column.
#[derive(Clone, Debug, PartialEq)]
pub struct Moved {
    /// Per target: the share of its weight whose source has a value in this column (NaN when
    /// the target's weight is 0).
    pub coverage: Vec<f64>,
    /// Per target: no covered weight, so no value.
    pub null: Vec<bool>,
    /// The values.
    pub out: Out,
}

/// The result of [`apportion`].
#[derive(Clone, Debug, PartialEq)]
pub struct Apportioned {
    /// Per target: the share of its weight whose source has a row in the values table (NaN
    /// when the target's weight is 0).
    pub coverage: Vec<f64>,
    /// One per request, in order.
    pub columns: Vec<Moved>,
}

/// `num / den`, NaN when `den` is 0.
fn ratio(num: f64, den: f64) -> f64 {
    if den > 0.0 {
        num / den
    } else {
        f64::NAN
    }
}

/// The column's values as finite floats (None where missing); a NaN or infinite value that is
/// not marked missing is an error naming the column and row.
fn read_numbers(col: &Column<'_>) -> Result<Vec<Option<f64>>> {
    col.check()?;
    (0..col.len)
        .map(|r| {
            if col.is_null(r) {
                return Ok(None);
            }
            let v = match col.raw(r) {
                Raw::Int(i) => i as f64,
                Raw::Float(f) => f,
            };
            if v.is_finite() {
                Ok(Some(v))
            } else {
                Err(Error::value(format!(
                    "values: column {:?}, row {r}: {} is not a number to move (mark a missing value as null)",
                    col.name,
                    col.raw(r)
                )))
            }
        })
        .collect()
}

/// The column's values as level indices `value - min` (None where missing); a value that is not
/// a whole number in `min..=max` is a `ScoreError` naming the column, row and value.
fn read_levels(col: &Column<'_>, min: i64, max: i64) -> Result<Vec<Option<u32>>> {
    col.check()?;
    let mut out = vec![0i64; col.len];
    let mut valid = vec![false; col.len];
    col.read_range(0, min, max, &mut out, &mut valid, true).map_err(|b| {
        let raw = b.raw.map_or_else(|| "a missing value".to_string(), |r| r.to_string());
        Error::score(format!(
            "values: column {:?}, row {}: {raw} is not an integer from {min} to {max} (the column's scale)",
            col.name, b.row
        ))
    })?;
    Ok(out.iter().zip(&valid).map(|(&v, &ok)| ok.then(|| (v - min) as u32)).collect())
}

/// Move the `requests` columns of a values table to the targets of `links`. `rows[s]` is the
/// row of source unit `s` in the values table, or -1 when it has none; `n_rows` is the values
/// table's length.
pub fn apportion(
    links: &Links<'_>,
    rows: &[i64],
    n_rows: usize,
    requests: &[Request<'_>],
    cancel: &Cancel,
) -> Result<Apportioned> {
    links.check()?;
    if rows.len() != links.n_sources {
        return Err(Error::value(format!("rows: {} entries for {} sources", rows.len(), links.n_sources)));
    }
    if rows.iter().any(|&r| r >= n_rows as i64) {
        return Err(Error::value("rows: a row index is out of range"));
    }
    let source_totals = links.source_totals();
    let target_totals = links.target_totals();
    let row_of = |s: u32| usize::try_from(rows[s as usize]).ok();
    let mut with_row = vec![0.0; links.n_targets];
    for i in 0..links.len() {
        if row_of(links.source[i]).is_some() {
            with_row[links.target[i] as usize] += links.weight[i];
        }
    }
    let coverage = with_row.iter().zip(&target_totals).map(|(&c, &t)| ratio(c, t)).collect();
    let mut columns = Vec::with_capacity(requests.len());
    for req in requests {
        if req.column.len != n_rows {
            return Err(Error::value(format!(
                "values: column {:?} has {} rows, expected {n_rows}",
                req.column.name, req.column.len
            )));
        }
        let moved = match req.kind {
            Kind::Extensive | Kind::Intensive => {
                let values = read_numbers(&req.column)?;
                move_numbers(links, &row_of, &values, &source_totals, &target_totals, req.kind, cancel)?
            }
            Kind::Levels { min, max, median, mean, ties } => {
                if max < min || (max as i128 - min as i128) >= (1 << 16) {
                    return Err(Error::value(format!(
                        "column {:?}: a scale {min}..{max} is not a range of at most 65,536 levels",
                        req.column.name
                    )));
                }
                let levels = read_levels(&req.column, min, max)?;
                let n_levels = (max - min) as usize + 1;
                move_levels(links, &row_of, &levels, &target_totals, n_levels, (min, median, mean, ties), cancel)?
            }
        };
        columns.push(moved);
    }
    Ok(Apportioned { coverage, columns })
}

fn move_numbers(
    links: &Links<'_>,
    row_of: &impl Fn(u32) -> Option<usize>,
    input: &[Option<f64>],
    source_totals: &[f64],
    target_totals: &[f64],
    kind: Kind,
    cancel: &Cancel,
) -> Result<Moved> {
    let nt = links.n_targets;
    let (mut sum, mut covered) = (vec![0.0; nt], vec![0.0; nt]);
    for start in (0..links.len()).step_by(CHUNK) {
        cancel.check()?;
        for i in start..(start + CHUNK).min(links.len()) {
            let s = links.source[i];
            let Some(v) = row_of(s).and_then(|r| input[r]) else { continue };
            let (t, w) = (links.target[i] as usize, links.weight[i]);
            covered[t] += w;
            sum[t] += match kind {
                Kind::Extensive if source_totals[s as usize] > 0.0 => v * (w / source_totals[s as usize]),
                Kind::Extensive => 0.0,
                _ => v * w,
            };
        }
    }
    let null: Vec<bool> = covered.iter().map(|&c| c <= 0.0).collect();
    let coverage = covered.iter().zip(target_totals).map(|(&c, &t)| ratio(c, t)).collect();
    let out = if kind == Kind::Extensive {
        let values: Vec<f64> = sum.iter().zip(&null).map(|(&v, &n)| if n { 0.0 } else { v }).collect();
        let (source, abs) = values_sum(input.iter().flatten().copied());
        let target = values.iter().sum();
        let m = links.len() as f64;
        let n = input.len() as f64;
        let bound = (2.0 * m + n + 4.0) * f64::EPSILON / 2.0 * abs;
        let unsplit = (0..links.n_sources as u32)
            .filter(|&s| source_totals[s as usize] <= 0.0 && row_of(s).and_then(|r| input[r]).is_some())
            .collect();
        Out::Extensive { values, totals: Totals { source, target, bound, unsplit } }
    } else {
        let values = sum.iter().zip(&covered).zip(&null).map(|((&s, &c), &n)| if n { 0.0 } else { s / c }).collect();
        Out::Intensive { values }
    };
    Ok(Moved { coverage, null, out })
}

/// The sum and the sum of absolute values.
fn values_sum(values: impl Iterator<Item = f64>) -> (f64, f64) {
    values.fold((0.0, 0.0), |(s, a), v| (s + v, a + v.abs()))
}

fn move_levels(
    links: &Links<'_>,
    row_of: &impl Fn(u32) -> Option<usize>,
    levels: &[Option<u32>],
    target_totals: &[f64],
    n_levels: usize,
    (min, want_median, want_mean, ties): (i64, bool, bool, Ties),
    cancel: &Cancel,
) -> Result<Moved> {
    let nt = links.n_targets;
    let mut cells = vec![0.0; nt * n_levels];
    for start in (0..links.len()).step_by(CHUNK) {
        cancel.check()?;
        for i in start..(start + CHUNK).min(links.len()) {
            let Some(k) = row_of(links.source[i]).and_then(|r| levels[r]) else { continue };
            cells[links.target[i] as usize * n_levels + k as usize] += links.weight[i];
        }
    }
    let mut shares = vec![0.0; nt * n_levels];
    let mut null = vec![false; nt];
    let mut coverage = vec![f64::NAN; nt];
    let mut median = want_median.then(|| vec![0i64; nt]);
    let mut mean = want_mean.then(|| vec![0.0; nt]);
    let (mut offsets, mut tied) = (vec![0u64], Vec::new());
    for t in 0..nt {
        let row = &cells[t * n_levels..(t + 1) * n_levels];
        // the covered weight as the running sum reaches it, so the last cumulative equals it
        let covered: f64 = row.iter().sum();
        coverage[t] = ratio(covered, target_totals[t]);
        if covered <= 0.0 {
            null[t] = true;
            offsets.push(tied.len() as u64);
            continue;
        }
        for k in 0..n_levels {
            shares[t * n_levels + k] = row[k] / covered;
        }
        if let Some(m) = median.as_mut() {
            let mut cum = 0.0;
            for (k, &w) in row.iter().enumerate() {
                cum += w;
                if 2.0 * cum >= covered {
                    m[t] = min + k as i64;
                    break;
                }
            }
        }
        if let Some(m) = mean.as_mut() {
            m[t] = row.iter().enumerate().map(|(k, &w)| (min + k as i64) as f64 * w).sum::<f64>() / covered;
        }
        let best = row.iter().copied().fold(0.0, f64::max);
        tied.extend((0..n_levels).filter(|&k| row[k] == best).map(|k| min + k as i64));
        offsets.push(tied.len() as u64);
    }
    let modes = pick_modes(offsets, tied, &null, ties);
    Ok(Moved { coverage, null, out: Out::Levels { n_levels, shares, median, mean, modes } })
}

/// The modes by the tie policy from every target's tied levels (ascending).
fn pick_modes(offsets: Vec<u64>, tied: Vec<i64>, null: &[bool], ties: Ties) -> Modes {
    let bounds = |t: usize| (offsets[t] as usize, offsets[t + 1] as usize);
    match ties {
        Ties::All => Modes::All { offsets, values: tied },
        Ties::Error if (0..null.len()).any(|t| bounds(t).1 - bounds(t).0 > 1) => {
            let t = (0..null.len()).find(|&t| bounds(t).1 - bounds(t).0 > 1).unwrap_or(0);
            let (a, b) = bounds(t);
            Modes::Tied { group: t, values: tied[a..b].to_vec() }
        }
        _ => {
            let values = (0..null.len())
                .map(|t| {
                    let (a, b) = bounds(t);
                    match (a == b, ties) {
                        (true, _) => 0,
                        (false, Ties::High) => tied[b - 1],
                        (false, _) => tied[a],
                    }
                })
                .collect();
            let missing = null.iter().any(|&n| n).then(|| null.to_vec());
            Modes::One { values, missing }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::column::Values;

    /// Two sources (A: values row 0, B: row 1) over three targets; B lies in targets 1 and 2.
    fn links() -> (Vec<u32>, Vec<u32>, Vec<f64>) {
        (vec![0, 1, 1], vec![0, 1, 2], vec![10.0, 30.0, 10.0])
    }

    #[test]
    fn extensive_and_intensive() {
        let (s, t, w) = links();
        let l = Links { source: &s, target: &t, weight: &w, n_sources: 2, n_targets: 3 };
        let v = [100.0, 40.0];
        let reqs = [
            Request { column: Column::new("n", Values::F64(&v)), kind: Kind::Extensive },
            Request { column: Column::new("r", Values::F64(&v)), kind: Kind::Intensive },
        ];
        let out = apportion(&l, &[0, 1], 2, &reqs, Cancel::never()).unwrap();
        assert_eq!(out.coverage, vec![1.0, 1.0, 1.0]);
        match &out.columns[0].out {
            Out::Extensive { values, totals } => {
                assert_eq!(values, &vec![100.0, 30.0, 10.0]);
                assert_eq!((totals.source, totals.target), (140.0, 140.0));
                assert!(totals.bound > 0.0 && totals.bound < 1e-10);
            }
            o => panic!("{o:?}"),
        }
        match &out.columns[1].out {
            Out::Intensive { values } => assert_eq!(values, &vec![100.0, 40.0, 40.0]),
            o => panic!("{o:?}"),
        }
    }

    #[test]
    fn missing_values_are_not_zeros() {
        let (s, t, w) = links();
        let l = Links { source: &s, target: &t, weight: &w, n_sources: 2, n_targets: 3 };
        let v = [100.0, 0.0];
        let nulls = [false, true];
        let col = Column::new("n", Values::F64(&v)).with_nulls(Some(&nulls));
        let out =
            apportion(&l, &[0, 1], 2, &[Request { column: col, kind: Kind::Intensive }], Cancel::never()).unwrap();
        let m = &out.columns[0];
        assert_eq!(m.null, vec![false, true, true]);
        assert_eq!(m.coverage, vec![1.0, 0.0, 0.0]);
        // a source without a row: coverage of the row, not only of the column
        let out =
            apportion(&l, &[0, -1], 2, &[Request { column: col, kind: Kind::Intensive }], Cancel::never()).unwrap();
        assert_eq!(out.coverage, vec![1.0, 0.0, 0.0]);
    }

    #[test]
    fn levels_median_and_modes() {
        // one target holding three sources rated 1, 3, 4 with weights 2, 1, 1
        let l = Links { source: &[0, 1, 2], target: &[0, 0, 0], weight: &[2.0, 1.0, 1.0], n_sources: 3, n_targets: 1 };
        let v = [1i64, 3, 4];
        let kind = |ties| Kind::Levels { min: 1, max: 4, median: true, mean: true, ties };
        let col = Column::new("r", Values::I64(&v));
        let out =
            apportion(&l, &[0, 1, 2], 3, &[Request { column: col, kind: kind(Ties::Low) }], Cancel::never()).unwrap();
        match &out.columns[0].out {
            Out::Levels { shares, median, mean, modes, .. } => {
                assert_eq!(shares, &vec![0.5, 0.0, 0.25, 0.25]);
                assert_eq!(median.as_deref(), Some(&[1][..])); // cumulative 0.5 at 1: the lower median
                assert_eq!(mean.as_deref(), Some(&[2.25][..]));
                assert_eq!(modes, &Modes::One { values: vec![1], missing: None });
            }
            o => panic!("{o:?}"),
        }
        // 3 and 4 tie at weight 1 when 1 is missing
        let nulls = [true, false, false];
        let col = col.with_nulls(Some(&nulls));
        for (ties, want) in [
            (Ties::Low, Modes::One { values: vec![3], missing: None }),
            (Ties::High, Modes::One { values: vec![4], missing: None }),
            (Ties::All, Modes::All { offsets: vec![0, 2], values: vec![3, 4] }),
            (Ties::Error, Modes::Tied { group: 0, values: vec![3, 4] }),
        ] {
            let out =
                apportion(&l, &[0, 1, 2], 3, &[Request { column: col, kind: kind(ties) }], Cancel::never()).unwrap();
            match &out.columns[0].out {
                Out::Levels { modes, median, .. } => {
                    assert_eq!(modes, &want);
                    assert_eq!(median.as_deref(), Some(&[3][..]));
                }
                o => panic!("{o:?}"),
            }
        }
    }

    #[test]
    fn bad_values_are_named() {
        let l = Links { source: &[0], target: &[0], weight: &[1.0], n_sources: 1, n_targets: 1 };
        let v = [5i64];
        let kind = Kind::Levels { min: 1, max: 4, median: true, mean: false, ties: Ties::Low };
        let e = apportion(&l, &[0], 1, &[Request { column: Column::new("r", Values::I64(&v)), kind }], Cancel::never())
            .unwrap_err();
        assert!(matches!(e, Error::Score { .. }) && e.to_string().contains("\"r\", row 0: 5"), "{e}");
        let f = [f64::INFINITY];
        let e = apportion(
            &l,
            &[0],
            1,
            &[Request { column: Column::new("x", Values::F64(&f)), kind: Kind::Extensive }],
            Cancel::never(),
        )
        .unwrap_err();
        assert!(e.to_string().contains("row 0"), "{e}");
    }

    #[test]
    fn stops_when_cancelled() {
        let l = Links { source: &[0], target: &[0], weight: &[1.0], n_sources: 1, n_targets: 1 };
        let v = [1.0];
        let c = Cancel::new();
        c.request();
        let r =
            apportion(&l, &[0], 1, &[Request { column: Column::new("x", Values::F64(&v)), kind: Kind::Intensive }], &c);
        assert_eq!(r, Err(Error::Interrupted));
    }
}
