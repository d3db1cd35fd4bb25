//! PyO3 layer of the crosswalk core (`crate::crosswalk`): apportion, best fit and the chain's
//! join, each run with the interpreter released and interruptible by Ctrl-C.

use numpy::{PyArray1, PyReadonlyArray1};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use super::arrays::HeldColumns;
use super::interrupt::run_interruptible;
use super::to_pyerr;
use crate::crosswalk::apportion::{self, Kind, Out, Request};
use crate::crosswalk::{best_fit, chain, Links};
use crate::error::Error;
use crate::summary::{Modes, Ties};

/// The contents of a contiguous 1-D array; a strided one is a type error naming the argument.
fn slice<'a, T: numpy::Element>(a: &'a PyReadonlyArray1<'_, T>, name: &str) -> PyResult<&'a [T]> {
    a.as_slice().map_err(|_| to_pyerr(Error::type_error(format!("{name}: the array must be contiguous"))))
}

/// The pairs of an overlap table as the core reads them.
fn links<'a>(
    source: &'a PyReadonlyArray1<'_, u32>,
    target: &'a PyReadonlyArray1<'_, u32>,
    weight: &'a PyReadonlyArray1<'_, f64>,
    n_sources: usize,
    n_targets: usize,
) -> PyResult<Links<'a>> {
    Ok(Links {
        source: slice(source, "source")?,
        target: slice(target, "target")?,
        weight: slice(weight, "weight")?,
        n_sources,
        n_targets,
    })
}

/// One moved column as a dict of numpy arrays: `coverage`, `null`, and by kind `values` and
/// `totals` (`(source, target, bound, unsplit)`), or `n_levels`, `shares` (target-major),
/// `median`, `mean` and the modes (`mode` with `mode_missing`, or `mode_offsets` with `mode`
/// for every tie, or `tied_target` with `tied_values`).
fn moved_dict<'py>(py: Python<'py>, m: apportion::Moved) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("coverage", PyArray1::from_vec(py, m.coverage))?;
    d.set_item("null", PyArray1::from_vec(py, m.null))?;
    match m.out {
        Out::Extensive { values, totals } => {
            d.set_item("values", PyArray1::from_vec(py, values))?;
            let unsplit = PyArray1::from_vec(py, totals.unsplit);
            d.set_item("totals", (totals.source, totals.target, totals.bound, unsplit))?;
        }
        Out::Intensive { values } => d.set_item("values", PyArray1::from_vec(py, values))?,
        Out::Levels { n_levels, shares, median, mean, modes } => {
            d.set_item("n_levels", n_levels)?;
            d.set_item("shares", PyArray1::from_vec(py, shares))?;
            d.set_item("median", median.map(|v| PyArray1::from_vec(py, v)))?;
            d.set_item("mean", mean.map(|v| PyArray1::from_vec(py, v)))?;
            match modes {
                Modes::One { values, missing } => {
                    d.set_item("mode", PyArray1::from_vec(py, values))?;
                    d.set_item("mode_missing", missing.map(|v| PyArray1::from_vec(py, v)))?;
                }
                Modes::All { offsets, values } => {
                    d.set_item("mode_offsets", PyArray1::from_vec(py, offsets))?;
                    d.set_item("mode", PyArray1::from_vec(py, values))?;
                }
                Modes::Tied { group, values } => {
                    d.set_item("tied_target", group)?;
                    d.set_item("tied_values", PyArray1::from_vec(py, values))?;
                }
            }
        }
    }
    Ok(d)
}

/// The coverage per target and one dict per moved column.
type ApportionArrays<'py> = (Bound<'py, PyArray1<f64>>, Vec<Bound<'py, PyDict>>);

/// Move columns of a values table through an overlap's pairs. `rows[s]` is source `s`'s row in
/// the values table (-1: none); `kinds` gives per column `(kind, min, max, median, mean)` with
/// kind `"extensive"`, `"intensive"` or `"levels"`. Returns `(coverage, [dict per column])`
/// (see `moved_dict`).
#[pyfunction]
#[pyo3(signature = (source, target, weight, n_sources, n_targets, rows, n_rows, names, arrays, masks, kinds, ties))]
#[allow(clippy::too_many_arguments)]
pub(super) fn crosswalk_apportion<'py>(
    py: Python<'py>,
    source: PyReadonlyArray1<'py, u32>,
    target: PyReadonlyArray1<'py, u32>,
    weight: PyReadonlyArray1<'py, f64>,
    n_sources: usize,
    n_targets: usize,
    rows: PyReadonlyArray1<'py, i64>,
    n_rows: usize,
    names: Vec<String>,
    arrays: Vec<Bound<'py, PyAny>>,
    masks: Vec<Option<PyReadonlyArray1<'py, bool>>>,
    kinds: Vec<(String, i64, i64, bool, bool)>,
    ties: &str,
) -> PyResult<ApportionArrays<'py>> {
    let ties: Ties = ties.parse()?;
    let l = links(&source, &target, &weight, n_sources, n_targets)?;
    let rows = slice(&rows, "rows")?;
    let held = HeldColumns::new(names, arrays, masks)?;
    let cols = held.columns()?;
    if kinds.len() != cols.len() {
        return Err(to_pyerr(Error::value("kinds: one per column is needed")));
    }
    let requests = cols
        .into_iter()
        .zip(&kinds)
        .map(|(column, (kind, min, max, median, mean))| {
            let kind = match kind.as_str() {
                "extensive" => Kind::Extensive,
                "intensive" => Kind::Intensive,
                "levels" => Kind::Levels { min: *min, max: *max, median: *median, mean: *mean, ties },
                other => return Err(to_pyerr(Error::value(format!("kinds: unknown kind {other:?}")))),
            };
            Ok(Request { column, kind })
        })
        .collect::<PyResult<Vec<_>>>()?;
    let out = run_interruptible(py, |cancel| apportion::apportion(&l, rows, n_rows, &requests, cancel))?;
    let columns = out.columns.into_iter().map(|m| moved_dict(py, m)).collect::<PyResult<Vec<_>>>()?;
    Ok((PyArray1::from_vec(py, out.coverage), columns))
}

type BestFitArrays<'py> =
    (Bound<'py, PyArray1<i64>>, Bound<'py, PyArray1<f64>>, Bound<'py, PyArray1<i64>>, Bound<'py, PyArray1<f64>>);

/// The best fit of each source unit: `(best, share, runner_up, runner_up_share)`, -1 and NaN
/// where there is none.
#[pyfunction]
pub(super) fn crosswalk_best_fit<'py>(
    py: Python<'py>,
    source: PyReadonlyArray1<'py, u32>,
    target: PyReadonlyArray1<'py, u32>,
    weight: PyReadonlyArray1<'py, f64>,
    n_sources: usize,
    n_targets: usize,
) -> PyResult<BestFitArrays<'py>> {
    let l = links(&source, &target, &weight, n_sources, n_targets)?;
    let b = run_interruptible(py, |cancel| best_fit::best_fit(&l, cancel))?;
    Ok((
        PyArray1::from_vec(py, b.best),
        PyArray1::from_vec(py, b.share),
        PyArray1::from_vec(py, b.runner_up),
        PyArray1::from_vec(py, b.runner_up_share),
    ))
}

/// Join lookup keys to table keys (code indices; `u32::MAX` for a missing lookup key). Returns
/// a dict: `lookup_rows`, `table_rows` (-1: key absent), `factor`, `missing` (lookup rows),
/// `one_to_many` (`(key, table rows)` or None) and `bad_sums` (`(keys, sums)`).
#[pyfunction]
#[pyo3(signature = (lookup_keys, table_keys, n_codes, share_name=None, share=None))]
pub(super) fn crosswalk_join<'py>(
    py: Python<'py>,
    lookup_keys: PyReadonlyArray1<'py, u32>,
    table_keys: PyReadonlyArray1<'py, u32>,
    n_codes: usize,
    share_name: Option<String>,
    share: Option<PyReadonlyArray1<'py, f64>>,
) -> PyResult<Bound<'py, PyDict>> {
    let lk = slice(&lookup_keys, "lookup_keys")?;
    let tk = slice(&table_keys, "table_keys")?;
    let share = match (&share_name, &share) {
        (Some(n), Some(s)) => Some((n.as_str(), slice(s, "share")?)),
        _ => None,
    };
    let j = run_interruptible(py, |cancel| chain::join(lk, tk, n_codes, share, cancel))?;
    let d = PyDict::new(py);
    d.set_item("lookup_rows", PyArray1::from_vec(py, j.lookup_rows))?;
    d.set_item("table_rows", PyArray1::from_vec(py, j.table_rows))?;
    d.set_item("factor", PyArray1::from_vec(py, j.factor))?;
    d.set_item("missing", PyArray1::from_vec(py, j.missing))?;
    d.set_item("one_to_many", j.one_to_many.map(|(k, rows)| (k, PyArray1::from_vec(py, rows))))?;
    let (keys, sums): (Vec<u32>, Vec<f64>) = j.bad_sums.into_iter().unzip();
    d.set_item("bad_sums", (PyArray1::from_vec(py, keys), PyArray1::from_vec(py, sums)))?;
    Ok(d)
}
