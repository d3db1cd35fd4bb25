//! The PyO3 layer: converts numpy arrays to column views and results back to numpy, maps the
//! core's errors to `coterminous.errors`, and releases the interpreter around heavy work.
//! Nothing else lives here. This file holds the scoring and summary functions and the module's
//! registration list; the other bindings live in the files named for them.

use numpy::{PyArray1, PyReadonlyArray1};
use pyo3::prelude::*;

use crate::score::{self, Missing, Want};
use crate::summary;

mod arrays;
mod arrow;
mod columns;
mod crosswalk;
mod errors;
mod framework;
mod inference;
mod interrupt;
mod overlap;
mod pairing;

use arrays::HeldColumns;
pub(crate) use errors::to_pyerr;
use framework::PyFramework;
use interrupt::run_interruptible;

type ScoreArrays<'py> = (
    Option<Bound<'py, PyArray1<i32>>>,
    Option<Bound<'py, PyArray1<i32>>>,
    Option<Bound<'py, PyArray1<bool>>>,
    Option<Bound<'py, PyArray1<f64>>>,
    Option<Bound<'py, PyArray1<i32>>>,
);

/// Validate and score columns given in theme order. `overall=None` scores the overall score
/// when the framework has a rule table; `missing` is `"error"`, `"propagate"` or `"skip"`.
/// Returns `(total, overall, nulls, percent, assessed)`.
#[pyfunction]
#[pyo3(signature = (framework, names, arrays, masks, total, overall, missing, percent=false))]
#[allow(clippy::too_many_arguments)]
fn score_columns<'py>(
    py: Python<'py>,
    framework: &PyFramework,
    names: Vec<String>,
    arrays: Vec<Bound<'py, PyAny>>,
    masks: Vec<Option<PyReadonlyArray1<'py, bool>>>,
    total: bool,
    overall: Option<bool>,
    missing: &str,
    percent: bool,
) -> PyResult<ScoreArrays<'py>> {
    let fw = &framework.inner;
    let missing: Missing = missing.parse()?;
    let want = Want::new(fw, total, overall, percent)?;
    let held = HeldColumns::new(names, arrays, masks)?;
    let cols = held.columns()?;
    let out = run_interruptible(py, |cancel| score::score_interruptible(fw, &cols, want, missing, cancel))?;
    Ok((
        out.total.map(|v| PyArray1::from_vec(py, v)),
        out.overall.map(|v| PyArray1::from_vec(py, v)),
        out.nulls.map(|v| PyArray1::from_vec(py, v)),
        out.percent.map(|v| PyArray1::from_vec(py, v)),
        out.assessed.map(|v| PyArray1::from_vec(py, v)),
    ))
}

/// The score-in-scale rule ([`score::check_scores`]): every value of `values` (a 1-D numpy
/// array of any numeric type; rows true in `missing` aside) is a whole number within the
/// framework's scale, else a `ScoreError`:
/// `{arg}: column "x", row 3: 3.0000000001 is not an integer from 1 to 4`.
#[pyfunction]
#[pyo3(signature = (framework, values, *, arg, column=None, missing=None))]
fn check_scores<'py>(
    framework: &PyFramework,
    values: Bound<'py, PyAny>,
    arg: &str,
    column: Option<String>,
    missing: Option<PyReadonlyArray1<'py, bool>>,
) -> PyResult<()> {
    let allow_missing = missing.is_some();
    let name = column.clone().unwrap_or_else(|| arg.to_string());
    let held = HeldColumns::new(vec![name], vec![values], vec![missing])?;
    let cols = held.columns()?;
    let scale = (framework.inner.scale.min, framework.inner.scale.max);
    Ok(score::check_scores(&cols[0], scale, arg, column.as_deref(), allow_missing)?)
}

type CountArrays<'py> = (Bound<'py, PyArray1<u64>>, Bound<'py, PyArray1<i64>>, Bound<'py, PyArray1<u64>>);
/// One column's modes: `(offsets, values, missing, tied_group)` (see `group_modes`).
type ModeArrays<'py> =
    (Option<Bound<'py, PyArray1<u64>>>, Bound<'py, PyArray1<i64>>, Option<Bound<'py, PyArray1<bool>>>, Option<usize>);

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
    Ok(py.detach(|| summary::group_counts(&key_cols, &cols, scale).map(then))?)
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

/// The modes per group and column by the tie policy `ties` (`"low"`, `"high"`, `"error"`,
/// `"all"`). Returns `(first_rows, [(offsets, values, missing, tied_group) per column])`:
/// with `"all"`, group `g`'s modes are `values[offsets[g]:offsets[g+1]]`; otherwise `values`
/// has one per group, `missing` marks groups without a value (None when there are none), and
/// with `"error"` a tie gives `tied_group` and the tied `values` (the caller raises `TieError`).
#[pyfunction]
#[pyo3(signature = (key_names, keys, names, arrays, masks, ties))]
#[allow(clippy::too_many_arguments)]
fn group_modes<'py>(
    py: Python<'py>,
    key_names: Vec<String>,
    keys: Vec<Bound<'py, PyAny>>,
    names: Vec<String>,
    arrays: Vec<Bound<'py, PyAny>>,
    masks: Vec<Option<PyReadonlyArray1<'py, bool>>>,
    ties: &str,
) -> PyResult<(Bound<'py, PyArray1<u64>>, Vec<ModeArrays<'py>>)> {
    let ties: summary::Ties = ties.parse()?;
    let (first_rows, modes) = count_groups(py, key_names, keys, names, arrays, masks, None, |c| {
        let modes: Vec<summary::Modes> = c.columns.iter().map(|counts| summary::modes(counts, ties)).collect();
        (c.first_rows, modes)
    })?;
    let columns = modes
        .into_iter()
        .map(|m| match m {
            summary::Modes::One { values, missing } => {
                (None, PyArray1::from_vec(py, values), missing.map(|m| PyArray1::from_vec(py, m)), None)
            }
            summary::Modes::All { offsets, values } => {
                (Some(PyArray1::from_vec(py, offsets)), PyArray1::from_vec(py, values), None, None)
            }
            summary::Modes::Tied { group, values } => (None, PyArray1::from_vec(py, values), None, Some(group)),
        })
        .collect();
    Ok((PyArray1::from_vec(py, first_rows), columns))
}

/// The module `coterminous._core`: every class and function it exports, in one list.
#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyFramework>()?;
    m.add_function(wrap_pyfunction!(score_columns, m)?)?;
    m.add_function(wrap_pyfunction!(check_scores, m)?)?;
    m.add_function(wrap_pyfunction!(group_counts, m)?)?;
    m.add_function(wrap_pyfunction!(group_modes, m)?)?;
    m.add_function(wrap_pyfunction!(pairing::normalize_name, m)?)?;
    m.add_function(wrap_pyfunction!(pairing::normalize_names, m)?)?;
    m.add_function(wrap_pyfunction!(pairing::pair_names, m)?)?;
    m.add_function(wrap_pyfunction!(pairing::name_candidates, m)?)?;
    m.add_function(wrap_pyfunction!(pairing::builtin_affixes, m)?)?;
    m.add_class::<pairing::NamePairs>()?;
    m.add_class::<pairing::NameCandidates>()?;
    m.add_class::<overlap::Matching>()?;
    m.add_class::<overlap::PyOverlapTable>()?;
    m.add_class::<overlap::PyRelationships>()?;
    m.add_function(wrap_pyfunction!(columns::read_column, m)?)?;
    m.add_function(wrap_pyfunction!(overlap::assign_csr, m)?)?;
    m.add_function(wrap_pyfunction!(overlap::assign_dense, m)?)?;
    m.add_function(wrap_pyfunction!(overlap::assign_edges, m)?)?;
    m.add_function(wrap_pyfunction!(overlap::overlap_stream, m)?)?;
    m.add_function(wrap_pyfunction!(overlap::overlap_columns, m)?)?;
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
    m.add_class::<inference::StatsTestOptions>()?;
    m.add_class::<inference::StatsBootstrapOptions>()?;
    m.add_class::<inference::StatsPermutationOptions>()?;
    m.add_function(wrap_pyfunction!(inference::stats_bootstrap_batch, m)?)?;
    m.add_function(wrap_pyfunction!(inference::stats_permutation_plan, m)?)?;
    m.add_function(wrap_pyfunction!(inference::stats_bootstrap_interval, m)?)?;
    m.add_function(wrap_pyfunction!(inference::stats_permutation_pvalue, m)?)?;
    m.add_class::<inference::StatsSignTest>()?;
    m.add_class::<inference::StatsWilcoxon>()?;
    m.add_class::<inference::StatsCliffsDelta>()?;
    m.add_class::<inference::StatsBootstrap>()?;
    m.add_class::<inference::StatsPermutation>()?;
    m.add("STATS_MAX_RESAMPLES", crate::inference::resample::MAX_RESAMPLES)?;
    m.add_function(wrap_pyfunction!(crosswalk::crosswalk_apportion, m)?)?;
    m.add_function(wrap_pyfunction!(crosswalk::crosswalk_best_fit, m)?)?;
    m.add_function(wrap_pyfunction!(crosswalk::crosswalk_join, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
