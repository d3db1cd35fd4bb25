//! The PyO3 layer: converts numpy arrays to column views and results back to numpy, maps the
//! core's errors to `coterminous.errors`, and releases the interpreter around heavy work.
//! Nothing else lives here. This file holds the scoring and summary functions and the module's
//! registration list; the other bindings live in the files named for them.

use numpy::{PyArray1, PyReadonlyArray1};
use pyo3::prelude::*;

use crate::error::Error;
use crate::score::{self, Missing, Want};
use crate::summary;

mod arrays;
mod errors;
mod framework;
mod inference;
mod overlap;
mod pairing;

use arrays::HeldColumns;
pub(crate) use errors::to_pyerr;
use framework::PyFramework;

type ScoreArrays<'py> =
    (Option<Bound<'py, PyArray1<i32>>>, Option<Bound<'py, PyArray1<i32>>>, Option<Bound<'py, PyArray1<bool>>>);

/// Validate and score columns given in theme order. Returns `(total, overall, nulls)`.
#[pyfunction]
#[pyo3(signature = (framework, names, arrays, masks, total, overall, propagate))]
#[allow(clippy::too_many_arguments)]
fn score_columns<'py>(
    py: Python<'py>,
    framework: &PyFramework,
    names: Vec<String>,
    arrays: Vec<Bound<'py, PyAny>>,
    masks: Vec<Option<PyReadonlyArray1<'py, bool>>>,
    total: bool,
    overall: bool,
    propagate: bool,
) -> PyResult<ScoreArrays<'py>> {
    let held = HeldColumns::new(names, arrays, masks)?;
    let cols = held.columns()?;
    let fw = &framework.inner;
    let missing = if propagate { Missing::Propagate } else { Missing::Error };
    let out = py.detach(|| score::score(fw, &cols, Want { total, overall }, missing)).map_err(to_pyerr)?;
    Ok((
        out.total.map(|v| PyArray1::from_vec(py, v)),
        out.overall.map(|v| PyArray1::from_vec(py, v)),
        out.nulls.map(|v| PyArray1::from_vec(py, v)),
    ))
}

type CountArrays<'py> = (Bound<'py, PyArray1<u64>>, Bound<'py, PyArray1<i64>>, Bound<'py, PyArray1<u64>>);
type ModeArrays<'py> = (Bound<'py, PyArray1<u64>>, Bound<'py, PyArray1<i64>>);

/// Read the key and value columns and count values per group (the interpreter released).
#[allow(clippy::too_many_arguments)]
fn count_groups<'py, T: Send>(
    py: Python<'py>,
    key_names: Vec<String>,
    keys: Vec<Bound<'py, PyAny>>,
    names: Vec<String>,
    arrays: Vec<Bound<'py, PyAny>>,
    masks: Vec<Option<PyReadonlyArray1<'py, bool>>>,
    scale: Option<(i64, i64)>,
    then: impl FnOnce(summary::GroupCounts) -> T + Send,
) -> PyResult<T> {
    let key_masks = keys.iter().map(|_| None).collect();
    let held_keys = HeldColumns::new(key_names, keys, key_masks)?;
    let held = HeldColumns::new(names, arrays, masks)?;
    let key_cols = held_keys.columns()?;
    let cols = held.columns()?;
    let on_bad = |j: usize, bad: crate::column::BadValue| -> Error {
        let c = &cols[j];
        match (bad.raw, scale) {
            (Some(raw), Some((lo, hi))) => Error::score(format!(
                "columns: column {:?}, row {}: {raw} is not an integer from {lo} to {hi}",
                c.name, bad.row
            )),
            (Some(raw), None) => Error::score(format!(
                "columns: column {:?}, row {}: {raw} is not an integer that fits int64",
                c.name, bad.row
            )),
            (None, _) => Error::score(format!("columns: column {:?}, row {}: missing value", c.name, bad.row)),
        }
    };
    py.detach(|| summary::group_counts(&key_cols, &cols, scale, &on_bad).map(then)).map_err(to_pyerr)
}

/// Count values per group. Returns `(first_rows, [(offsets, values, counts) per column])`:
/// group `g` of a column holds `values[offsets[g]:offsets[g+1]]` (ascending) with their counts.
/// With `scale=(min, max)`, values outside it are a `ScoreError` and zero counts are kept.
#[pyfunction]
#[pyo3(signature = (key_names, keys, names, arrays, masks, scale=None))]
fn group_counts<'py>(
    py: Python<'py>,
    key_names: Vec<String>,
    keys: Vec<Bound<'py, PyAny>>,
    names: Vec<String>,
    arrays: Vec<Bound<'py, PyAny>>,
    masks: Vec<Option<PyReadonlyArray1<'py, bool>>>,
    scale: Option<(i64, i64)>,
) -> PyResult<(Bound<'py, PyArray1<u64>>, Vec<CountArrays<'py>>)> {
    let out = count_groups(py, key_names, keys, names, arrays, masks, scale, |c| c)?;
    let columns = out
        .columns
        .into_iter()
        .map(|c| {
            (PyArray1::from_vec(py, c.offsets), PyArray1::from_vec(py, c.values), PyArray1::from_vec(py, c.counts))
        })
        .collect();
    Ok((PyArray1::from_vec(py, out.first_rows), columns))
}

/// Every tied modal value per group and column. Returns `(first_rows, [(offsets, values) per
/// column])`: group `g`'s modes, ascending, are `values[offsets[g]:offsets[g+1]]` (none when
/// the group has no value in the column).
#[pyfunction]
#[pyo3(signature = (key_names, keys, names, arrays, masks))]
fn group_modes<'py>(
    py: Python<'py>,
    key_names: Vec<String>,
    keys: Vec<Bound<'py, PyAny>>,
    names: Vec<String>,
    arrays: Vec<Bound<'py, PyAny>>,
    masks: Vec<Option<PyReadonlyArray1<'py, bool>>>,
) -> PyResult<(Bound<'py, PyArray1<u64>>, Vec<ModeArrays<'py>>)> {
    let (first_rows, modes) = count_groups(py, key_names, keys, names, arrays, masks, None, |c| {
        let modes: Vec<(Vec<u64>, Vec<i64>)> = c.columns.iter().map(summary::tied_modes).collect();
        (c.first_rows, modes)
    })?;
    let columns = modes.into_iter().map(|(o, v)| (PyArray1::from_vec(py, o), PyArray1::from_vec(py, v))).collect();
    Ok((PyArray1::from_vec(py, first_rows), columns))
}

#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyFramework>()?;
    m.add_function(wrap_pyfunction!(score_columns, m)?)?;
    m.add_function(wrap_pyfunction!(group_counts, m)?)?;
    m.add_function(wrap_pyfunction!(group_modes, m)?)?;
    m.add_function(wrap_pyfunction!(pairing::normalize_name, m)?)?;
    m.add_function(wrap_pyfunction!(pairing::normalize_names, m)?)?;
    m.add_function(wrap_pyfunction!(pairing::pair_names, m)?)?;
    m.add_function(wrap_pyfunction!(overlap::assign_csr, m)?)?;
    m.add_function(wrap_pyfunction!(overlap::overlap_stream, m)?)?;
    m.add_function(wrap_pyfunction!(overlap::relationships_side, m)?)?;
    m.add_function(wrap_pyfunction!(inference::stats_sign_test, m)?)?;
    m.add_function(wrap_pyfunction!(inference::stats_wilcoxon, m)?)?;
    m.add_function(wrap_pyfunction!(inference::stats_cliffs_delta, m)?)?;
    m.add_function(wrap_pyfunction!(inference::stats_cliffs_delta_paired, m)?)?;
    m.add_function(wrap_pyfunction!(inference::stats_holm, m)?)?;
    m.add_function(wrap_pyfunction!(inference::stats_bonferroni, m)?)?;
    m.add_function(wrap_pyfunction!(inference::stats_bootstrap, m)?)?;
    m.add_function(wrap_pyfunction!(inference::stats_permutation_paired, m)?)?;
    m.add_function(wrap_pyfunction!(inference::stats_permutation_independent, m)?)?;
    m.add("STATS_MAX_RESAMPLES", crate::inference::resample::MAX_RESAMPLES)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
