//! PyO3 bindings of `crate::inference`: float64 arrays in, tuples out; resampling runs with
//! the interpreter released.

use numpy::{PyArray1, PyReadonlyArray1};
use pyo3::prelude::*;

use super::to_pyerr;
use crate::error::Error;
use crate::inference::ordinal::{self, WilcoxonMethod, WilcoxonUsed, ZeroMethod};
use crate::inference::resample::{self, CiMethod, Statistic};
use crate::inference::Alternative;

fn slice<'a>(a: &'a PyReadonlyArray1<'_, f64>, arg: &str) -> PyResult<&'a [f64]> {
    a.as_slice().map_err(|_| to_pyerr(Error::value(format!("{arg}: expected a contiguous float64 array"))))
}

fn parse_alt(s: &str) -> PyResult<Alternative> {
    Alternative::parse(s).map_err(to_pyerr)
}

/// `(statistic, pvalue, n_positive, n_negative, n_zero)`.
#[pyfunction]
pub(crate) fn stats_sign_test(d: PyReadonlyArray1<'_, f64>, alternative: &str) -> PyResult<(u64, f64, u64, u64, u64)> {
    let r = ordinal::sign_test(slice(&d, "x - y")?, parse_alt(alternative)?).map_err(to_pyerr)?;
    Ok((r.statistic, r.pvalue, r.n_positive, r.n_negative, r.n_zero))
}

/// `(statistic, pvalue, zstatistic, method)`.
#[pyfunction]
pub(crate) fn stats_wilcoxon(
    d: PyReadonlyArray1<'_, f64>,
    zero_method: &str,
    correction: bool,
    method: &str,
    alternative: &str,
) -> PyResult<(f64, f64, f64, &'static str)> {
    let zm = match zero_method {
        "wilcox" => ZeroMethod::Wilcox,
        "pratt" => ZeroMethod::Pratt,
        "zsplit" => ZeroMethod::Zsplit,
        _ => {
            return Err(to_pyerr(Error::value(format!(
                "zero_method: expected 'wilcox', 'pratt' or 'zsplit', got {zero_method:?}"
            ))))
        }
    };
    let m = match method {
        "auto" => WilcoxonMethod::Auto,
        "exact" => WilcoxonMethod::Exact,
        "asymptotic" | "approx" => WilcoxonMethod::Asymptotic,
        _ => {
            return Err(to_pyerr(Error::value(format!(
                "method: expected 'auto', 'exact' or 'asymptotic', got {method:?}"
            ))))
        }
    };
    let r = ordinal::wilcoxon(slice(&d, "x - y")?, zm, correction, m, parse_alt(alternative)?).map_err(to_pyerr)?;
    let used = match r.method {
        WilcoxonUsed::Exact => "exact",
        WilcoxonUsed::Asymptotic => "asymptotic",
        WilcoxonUsed::Permutation => "permutation",
    };
    Ok((r.statistic, r.pvalue, r.zstatistic, used))
}

type Cliff = (f64, f64, f64, f64, f64, u64, u64, u64);

fn cliff_tuple(r: ordinal::CliffsDelta) -> Cliff {
    (r.statistic, r.low, r.high, r.standard_error, r.pvalue, r.n_greater, r.n_less, r.n_ties)
}

/// `(delta, low, high, standard_error, pvalue, n_greater, n_less, n_ties)`.
#[pyfunction]
pub(crate) fn stats_cliffs_delta(
    a: PyReadonlyArray1<'_, f64>,
    b: PyReadonlyArray1<'_, f64>,
    confidence_level: f64,
) -> PyResult<Cliff> {
    let (a, b) = (slice(&a, "a")?, slice(&b, "b")?);
    ordinal::cliffs_delta(a, b, confidence_level).map(cliff_tuple).map_err(to_pyerr)
}

/// The paired (within-pair) dominance; same tuple as `stats_cliffs_delta`.
#[pyfunction]
pub(crate) fn stats_cliffs_delta_paired(d: PyReadonlyArray1<'_, f64>, confidence_level: f64) -> PyResult<Cliff> {
    ordinal::cliffs_delta_paired(slice(&d, "x - y")?, confidence_level).map(cliff_tuple).map_err(to_pyerr)
}

#[pyfunction]
pub(crate) fn stats_holm<'py>(py: Python<'py>, p: PyReadonlyArray1<'py, f64>) -> PyResult<Bound<'py, PyArray1<f64>>> {
    Ok(PyArray1::from_vec(py, ordinal::holm(slice(&p, "pvalues")?).map_err(to_pyerr)?))
}

#[pyfunction]
pub(crate) fn stats_bonferroni<'py>(
    py: Python<'py>,
    p: PyReadonlyArray1<'py, f64>,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    Ok(PyArray1::from_vec(py, ordinal::bonferroni(slice(&p, "pvalues")?).map_err(to_pyerr)?))
}

/// `(statistic, low, high, standard_error, path)`.
#[pyfunction]
#[pyo3(signature = (d, statistic, n_resamples, method, confidence_level, alternative, seed, progress=None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn stats_bootstrap(
    py: Python<'_>,
    d: PyReadonlyArray1<'_, f64>,
    statistic: &str,
    n_resamples: u64,
    method: &str,
    confidence_level: f64,
    alternative: &str,
    seed: u64,
    progress: Option<Py<PyAny>>,
) -> PyResult<(f64, f64, f64, f64, &'static str)> {
    let stat = match statistic {
        "mean" => Statistic::Mean,
        "median" => Statistic::Median,
        _ => return Err(to_pyerr(Error::value(format!("statistic: expected 'mean' or 'median', got {statistic:?}")))),
    };
    let m = match method {
        "percentile" => CiMethod::Percentile,
        "basic" => CiMethod::Basic,
        "bca" | "BCa" => CiMethod::Bca,
        _ => {
            return Err(to_pyerr(Error::value(format!(
                "method: expected 'percentile', 'basic' or 'bca', got {method:?}"
            ))))
        }
    };
    let alt = parse_alt(alternative)?;
    let d = slice(&d, "data")?;
    let r = py
        .detach(|| {
            with_progress(&progress, |p| resample::bootstrap(d, stat, n_resamples, m, confidence_level, alt, seed, p))
        })
        .map_err(to_pyerr)?;
    Ok((r.statistic, r.low, r.high, r.standard_error, r.path))
}

/// Run `f` with a progress hook calling the Python callable `progress(n)` (errors ignored:
/// a broken progress bar must not break the statistics).
fn with_progress<T>(progress: &Option<Py<PyAny>>, f: impl FnOnce(resample::Progress<'_>) -> T) -> T {
    match progress {
        None => f(None),
        Some(cb) => {
            let hook = |n: u64| {
                Python::attach(|py| {
                    let _ = cb.call1(py, (n,));
                })
            };
            f(Some(&hook))
        }
    }
}

type Perm = (f64, f64, u64, bool, &'static str);

/// `(statistic, pvalue, n_resamples, exact, path)`.
#[pyfunction]
#[pyo3(signature = (d, n_resamples, alternative, seed, progress=None))]
pub(crate) fn stats_permutation_paired(
    py: Python<'_>,
    d: PyReadonlyArray1<'_, f64>,
    n_resamples: u64,
    alternative: &str,
    seed: u64,
    progress: Option<Py<PyAny>>,
) -> PyResult<Perm> {
    let alt = parse_alt(alternative)?;
    let d = slice(&d, "x - y")?;
    let r = py
        .detach(|| with_progress(&progress, |p| resample::permutation_paired(d, n_resamples, alt, seed, p)))
        .map_err(to_pyerr)?;
    Ok((r.statistic, r.pvalue, r.n_resamples, r.exact, r.path))
}

/// `(statistic, pvalue, n_resamples, exact, path)`.
#[pyfunction]
#[pyo3(signature = (x, y, n_resamples, alternative, seed, progress=None))]
pub(crate) fn stats_permutation_independent(
    py: Python<'_>,
    x: PyReadonlyArray1<'_, f64>,
    y: PyReadonlyArray1<'_, f64>,
    n_resamples: u64,
    alternative: &str,
    seed: u64,
    progress: Option<Py<PyAny>>,
) -> PyResult<Perm> {
    let alt = parse_alt(alternative)?;
    let (x, y) = (slice(&x, "x")?, slice(&y, "y")?);
    let r = py
        .detach(|| with_progress(&progress, |p| resample::permutation_independent(x, y, n_resamples, alt, seed, p)))
        .map_err(to_pyerr)?;
    Ok((r.statistic, r.pvalue, r.n_resamples, r.exact, r.path))
}
