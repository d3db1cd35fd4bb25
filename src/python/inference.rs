//! PyO3 bindings of `crate::inference`: float64 arrays and typed options in, small frozen
//! result classes out; resampling runs with the interpreter released. Options are parsed and
//! checked once, by the core, when their class is made ([`StatsTestOptions`],
//! [`StatsBootstrapOptions`], [`StatsPermutationOptions`]; strings by [`Choice`]); this layer
//! only converts.

use numpy::{PyArray1, PyReadonlyArray1};
use pyo3::prelude::*;

use super::interrupt::run_interruptible;
use crate::error::Error;
use crate::inference::cliffs_delta::{self, CliffsDelta};
use crate::inference::interval::{self, CiMethod, IntervalOptions};
use crate::inference::permutation::{self, PermutationOptions};
use crate::inference::resample::{self, BootstrapOptions, Statistic};
use crate::inference::wilcoxon::{self, WilcoxonMethod, WilcoxonOptions, ZeroMethod};
use crate::inference::{adjust, sign, Alternative, Choice, TestOptions};
use crate::python::to_pyerr;

fn slice<'a>(a: &'a PyReadonlyArray1<'_, f64>, arg: &str) -> PyResult<&'a [f64]> {
    a.as_slice().map_err(|_| to_pyerr(Error::value(format!("{arg}: expected a contiguous float64 array"))))
}

/// An option string parsed by the core; any other object is refused with the core's message.
fn choice<T: Choice>(v: &Bound<'_, PyAny>) -> PyResult<T> {
    match v.extract::<String>() {
        Ok(s) => T::parse_choice(&s).map_err(to_pyerr),
        Err(_) => Err(to_pyerr(T::invalid(&v.repr()?.to_string()))),
    }
}

/// The options the tests share (the alternative, the confidence level of an interval),
/// parsed and checked once when made.
#[pyclass(frozen, module = "coterminous._core")]
pub(crate) struct StatsTestOptions(TestOptions);

#[pymethods]
impl StatsTestOptions {
    #[new]
    #[pyo3(signature = (alternative, confidence_level=0.95))]
    fn new(alternative: &Bound<'_, PyAny>, confidence_level: f64) -> PyResult<Self> {
        Ok(StatsTestOptions(TestOptions::new(choice(alternative)?, confidence_level).map_err(to_pyerr)?))
    }

    /// The alternative's name.
    #[getter]
    fn alternative(&self) -> &'static str {
        self.0.alternative.name()
    }

    /// The confidence level.
    #[getter]
    fn confidence_level(&self) -> f64 {
        self.0.confidence_level
    }
}

/// A bootstrap's options (resamples, interval method, confidence level, alternative), parsed
/// and checked once when made.
#[pyclass(frozen, module = "coterminous._core")]
pub(crate) struct StatsBootstrapOptions {
    n_resamples: u64,
    interval: IntervalOptions,
}

#[pymethods]
impl StatsBootstrapOptions {
    #[new]
    fn new(
        n_resamples: i128,
        method: &Bound<'_, PyAny>,
        confidence_level: f64,
        alternative: &Bound<'_, PyAny>,
    ) -> PyResult<Self> {
        let (m, alt): (CiMethod, Alternative) = (choice(method)?, choice(alternative)?);
        let n_resamples = resample::check_resamples(n_resamples).map_err(to_pyerr)?;
        Ok(StatsBootstrapOptions {
            n_resamples,
            interval: IntervalOptions::new(m, confidence_level, alt).map_err(to_pyerr)?,
        })
    }

    /// The number of resamples.
    #[getter]
    fn n_resamples(&self) -> u64 {
        self.n_resamples
    }

    /// The interval method's canonical name.
    #[getter]
    fn method(&self) -> &'static str {
        self.interval.method.name()
    }
}

/// A permutation test's options (resamples, alternative), parsed and checked once when made.
#[pyclass(frozen, module = "coterminous._core")]
pub(crate) struct StatsPermutationOptions {
    n_resamples: u64,
    alternative: Alternative,
}

#[pymethods]
impl StatsPermutationOptions {
    #[new]
    fn new(n_resamples: i128, alternative: &Bound<'_, PyAny>) -> PyResult<Self> {
        let alternative = choice(alternative)?;
        Ok(StatsPermutationOptions {
            n_resamples: resample::check_resamples(n_resamples).map_err(to_pyerr)?,
            alternative,
        })
    }

    /// The number of resamples.
    #[getter]
    fn n_resamples(&self) -> u64 {
        self.n_resamples
    }
}

/// The sign test's result.
#[pyclass(frozen, get_all, module = "coterminous._core")]
pub(crate) struct StatsSignTest {
    statistic: u64,
    pvalue: f64,
    n_positive: u64,
    n_negative: u64,
    n_zero: u64,
}

/// The Wilcoxon test's result; `zstatistic` is NaN unless the normal approximation ran.
#[pyclass(frozen, get_all, module = "coterminous._core")]
pub(crate) struct StatsWilcoxon {
    statistic: f64,
    pvalue: f64,
    zstatistic: f64,
    method: &'static str,
}

/// Cliff's delta with its interval, standard error, p-value and counts.
#[pyclass(frozen, get_all, module = "coterminous._core")]
pub(crate) struct StatsCliffsDelta {
    statistic: f64,
    low: f64,
    high: f64,
    standard_error: f64,
    pvalue: f64,
    n_greater: u64,
    n_less: u64,
    n_ties: u64,
    pvalue_method: &'static str,
}

/// A bootstrap interval; `path` names the kernel that ran ("given" for given resamples);
/// `bootstrap_distribution` holds the resampled statistics (ascending from the compiled
/// kernels, as given otherwise).
#[pyclass(frozen, get_all, module = "coterminous._core")]
pub(crate) struct StatsBootstrap {
    statistic: f64,
    low: f64,
    high: f64,
    standard_error: Option<f64>,
    n_resamples: u64,
    method: &'static str,
    path: &'static str,
    bootstrap_distribution: Py<PyArray1<f64>>,
}

/// A permutation test's result; `n_resamples` is the whole permutation set when `exact`.
#[pyclass(frozen, get_all, module = "coterminous._core")]
pub(crate) struct StatsPermutation {
    statistic: f64,
    pvalue: f64,
    n_resamples: u64,
    exact: bool,
    path: &'static str,
}

impl From<CliffsDelta> for StatsCliffsDelta {
    fn from(r: CliffsDelta) -> Self {
        StatsCliffsDelta {
            statistic: r.statistic,
            low: r.low,
            high: r.high,
            standard_error: r.standard_error,
            pvalue: r.pvalue,
            n_greater: r.n_greater,
            n_less: r.n_less,
            n_ties: r.n_ties,
            pvalue_method: r.pvalue_method,
        }
    }
}

impl From<permutation::Permutation> for StatsPermutation {
    fn from(r: permutation::Permutation) -> Self {
        StatsPermutation {
            statistic: r.statistic,
            pvalue: r.pvalue,
            n_resamples: r.n_resamples,
            exact: r.exact,
            path: r.path,
        }
    }
}

/// The exact sign test of the differences `d`.
#[pyfunction]
pub(crate) fn stats_sign_test(d: PyReadonlyArray1<'_, f64>, options: &StatsTestOptions) -> PyResult<StatsSignTest> {
    let r = sign::sign_test(slice(&d, "x - y")?, options.0.alternative).map_err(to_pyerr)?;
    Ok(StatsSignTest {
        statistic: r.statistic,
        pvalue: r.pvalue,
        n_positive: r.n_positive,
        n_negative: r.n_negative,
        n_zero: r.n_zero,
    })
}

/// The Wilcoxon signed-rank test of the differences `d` (the alternative from `options`).
#[pyfunction]
pub(crate) fn stats_wilcoxon(
    py: Python<'_>,
    d: PyReadonlyArray1<'_, f64>,
    zero_method: &Bound<'_, PyAny>,
    correction: bool,
    method: &Bound<'_, PyAny>,
    options: &StatsTestOptions,
) -> PyResult<StatsWilcoxon> {
    let opts = WilcoxonOptions {
        zero_method: choice::<ZeroMethod>(zero_method)?,
        correction,
        method: choice::<WilcoxonMethod>(method)?,
        alternative: options.0.alternative,
    };
    let d = slice(&d, "x - y")?;
    let r = run_interruptible(py, |cancel| wilcoxon::wilcoxon(d, &opts, cancel))?;
    Ok(StatsWilcoxon { statistic: r.statistic, pvalue: r.pvalue, zstatistic: r.zstatistic, method: r.method.name() })
}

/// Cliff's delta of two independent samples (the confidence level from `options`).
#[pyfunction]
pub(crate) fn stats_cliffs_delta(
    py: Python<'_>,
    x: PyReadonlyArray1<'_, f64>,
    y: PyReadonlyArray1<'_, f64>,
    options: &StatsTestOptions,
) -> PyResult<StatsCliffsDelta> {
    let (x, y) = (slice(&x, "x")?, slice(&y, "y")?);
    let level = options.0.confidence_level;
    run_interruptible(py, |cancel| cliffs_delta::cliffs_delta(x, y, level, cancel)).map(Into::into)
}

/// The paired (within-pair) dominance of the differences `d`.
#[pyfunction]
pub(crate) fn stats_cliffs_delta_paired(
    py: Python<'_>,
    d: PyReadonlyArray1<'_, f64>,
    options: &StatsTestOptions,
) -> PyResult<StatsCliffsDelta> {
    let d = slice(&d, "x - y")?;
    let level = options.0.confidence_level;
    run_interruptible(py, |_| cliffs_delta::cliffs_delta_paired(d, level)).map(Into::into)
}

/// Holm's adjusted p-values, in the input order.
#[pyfunction]
pub(crate) fn stats_holm<'py>(py: Python<'py>, p: PyReadonlyArray1<'py, f64>) -> PyResult<Bound<'py, PyArray1<f64>>> {
    Ok(PyArray1::from_vec(py, adjust::holm(slice(&p, "pvalues")?).map_err(to_pyerr)?))
}

/// Bonferroni's adjusted p-values.
#[pyfunction]
pub(crate) fn stats_bonferroni<'py>(
    py: Python<'py>,
    p: PyReadonlyArray1<'py, f64>,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    Ok(PyArray1::from_vec(py, adjust::bonferroni(slice(&p, "pvalues")?).map_err(to_pyerr)?))
}

/// Resamples per batch when a Python callable computes the statistic of `n_samples` samples of
/// `n_rows` rows: as many as fit in the core's memory cap (checks the rows: at least 2).
#[pyfunction]
pub(crate) fn stats_bootstrap_batch(n_rows: usize, n_samples: usize, options: &StatsBootstrapOptions) -> PyResult<u64> {
    resample::callable_batch(n_rows, n_samples, options.n_resamples).map_err(to_pyerr)
}

/// A bootstrap interval of the mean or the median of `d`.
#[pyfunction]
#[pyo3(signature = (d, statistic, options, seed, progress=None))]
pub(crate) fn stats_bootstrap(
    py: Python<'_>,
    d: PyReadonlyArray1<'_, f64>,
    statistic: &Bound<'_, PyAny>,
    options: &StatsBootstrapOptions,
    seed: u64,
    progress: Option<Py<PyAny>>,
) -> PyResult<StatsBootstrap> {
    let stat: Statistic = choice(statistic)?;
    let opts = BootstrapOptions { statistic: stat, n_resamples: options.n_resamples, interval: options.interval, seed };
    let d = slice(&d, "data")?;
    let r = run_interruptible(py, |cancel| with_progress(&progress, |p| resample::bootstrap(d, &opts, p, cancel)))?;
    Ok(StatsBootstrap {
        statistic: r.statistic,
        low: r.low,
        high: r.high,
        standard_error: r.standard_error,
        n_resamples: r.n_resamples,
        method: r.method.name(),
        path: r.path,
        bootstrap_distribution: PyArray1::from_vec(py, r.distribution).unbind(),
    })
}

/// An error raised by a Python jackknife, or one of the core's.
struct Raised(PyErr);

impl From<Error> for Raised {
    fn from(e: Error) -> Self {
        Raised(to_pyerr(e))
    }
}

/// The interval of given bootstrap statistics `resamples` around `observed`; for BCa,
/// `jackknife()` returns the leave-one-out statistics (called only once the distribution's
/// own checks pass).
#[pyfunction]
#[pyo3(signature = (resamples, observed, options, jackknife=None))]
pub(crate) fn stats_bootstrap_interval(
    py: Python<'_>,
    resamples: PyReadonlyArray1<'_, f64>,
    observed: f64,
    options: &StatsBootstrapOptions,
    jackknife: Option<&Bound<'_, PyAny>>,
) -> PyResult<StatsBootstrap> {
    let opts = options.interval;
    let values = slice(&resamples, "resamples")?;
    if let Some(i) = values.iter().position(|v| v.is_nan()) {
        return Err(to_pyerr(Error::value(format!("resamples: element {i} is NaN"))));
    }
    let dist = interval::Dist::from_values(values.to_vec());
    let ci = interval::interval(&dist, observed, 0.0, &opts, || -> Result<Vec<f64>, Raised> {
        let f =
            jackknife.ok_or_else(|| Error::value("jackknife: the BCa interval needs the leave-one-out statistics"))?;
        let got = f.call0().map_err(Raised)?;
        got.extract::<Vec<f64>>().map_err(Raised)
    })
    .map_err(|Raised(e)| e)?;
    Ok(StatsBootstrap {
        statistic: observed,
        low: ci.low,
        high: ci.high,
        standard_error: ci.standard_error,
        n_resamples: values.len() as u64,
        method: opts.method.name(),
        path: "given",
        bootstrap_distribution: PyArray1::from_slice(py, values).unbind(),
    })
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

/// The permutation set a test of a Python statistic on `x_rows` and `y_rows` values uses
/// (checking the sizes): `(exact, total, batch)`: the whole set or `total` random
/// permutations, `batch` at a time (bounded by memory).
#[pyfunction]
pub(crate) fn stats_permutation_plan(
    x_rows: usize,
    y_rows: usize,
    paired: bool,
    options: &StatsPermutationOptions,
) -> PyResult<(bool, u64, u64)> {
    let p = permutation::plan(x_rows, y_rows, paired, options.n_resamples).map_err(to_pyerr)?;
    Ok((p.exact, p.total, p.batch))
}

/// The p-value of `observed` against given permuted statistics `null` (the whole permutation
/// set when `exact`), by scipy's rule for a statistic the core cannot see into.
#[pyfunction]
pub(crate) fn stats_permutation_pvalue(
    null: PyReadonlyArray1<'_, f64>,
    observed: f64,
    exact: bool,
    options: &StatsPermutationOptions,
) -> PyResult<f64> {
    Ok(permutation::pvalue_of_null(slice(&null, "null")?, observed, exact, options.alternative))
}

fn permutation_options(options: &StatsPermutationOptions, seed: u64) -> PermutationOptions {
    PermutationOptions { n_resamples: options.n_resamples, alternative: options.alternative, seed }
}

/// The sign-flip permutation test of the mean of the differences `d`.
#[pyfunction]
#[pyo3(signature = (d, options, seed, progress=None))]
pub(crate) fn stats_permutation_paired(
    py: Python<'_>,
    d: PyReadonlyArray1<'_, f64>,
    options: &StatsPermutationOptions,
    seed: u64,
    progress: Option<Py<PyAny>>,
) -> PyResult<StatsPermutation> {
    let opts = permutation_options(options, seed);
    let d = slice(&d, "x - y")?;
    run_interruptible(py, |cancel| with_progress(&progress, |p| permutation::permutation_paired(d, &opts, p, cancel)))
        .map(Into::into)
}

/// The label-shuffle permutation test of `mean(x) - mean(y)`.
#[pyfunction]
#[pyo3(signature = (x, y, options, seed, progress=None))]
pub(crate) fn stats_permutation_independent(
    py: Python<'_>,
    x: PyReadonlyArray1<'_, f64>,
    y: PyReadonlyArray1<'_, f64>,
    options: &StatsPermutationOptions,
    seed: u64,
    progress: Option<Py<PyAny>>,
) -> PyResult<StatsPermutation> {
    let opts = permutation_options(options, seed);
    let (x, y) = (slice(&x, "x")?, slice(&y, "y")?);
    run_interruptible(py, |cancel| {
        with_progress(&progress, |p| permutation::permutation_independent(x, y, &opts, p, cancel))
    })
    .map(Into::into)
}
