//! The PyO3 layer: converts numpy arrays to column views and results back to numpy, maps the
//! core's errors to `coterminous.errors`, and releases the interpreter around heavy work.
//! Nothing else lives here.

use numpy::{PyArray1, PyReadonlyArray1};
use pyo3::prelude::*;

use crate::column::{Column, Values};
use crate::error::Error;
use crate::framework::Framework;
use crate::score::{self, Missing, Want};
use crate::summary;

mod inference;
mod overlap;
mod pairing;

/// Map a core error to the matching exception of `coterminous.errors`.
pub(crate) fn to_pyerr(e: Error) -> PyErr {
    let class = match &e {
        Error::Framework { .. } => "FrameworkError",
        Error::Score { .. } => "ScoreError",
        Error::Tie { .. } => "TieError",
        Error::MissingColumn { .. } => "ColumnNotFoundError",
        Error::Value { .. } => "CoterminousValueError",
        Error::Type { .. } => "CoterminousTypeError",
    };
    let message = e.to_string();
    Python::attach(|py| {
        match py.import("coterminous.errors").and_then(|m| m.getattr(class)).and_then(|c| c.call1((message.clone(),))) {
            Ok(exc) => PyErr::from_value(exc),
            Err(import_failed) => import_failed,
        }
    })
}

/// A numpy array held for reading, of any supported dtype.
enum Held<'py> {
    I8(PyReadonlyArray1<'py, i8>),
    I16(PyReadonlyArray1<'py, i16>),
    I32(PyReadonlyArray1<'py, i32>),
    I64(PyReadonlyArray1<'py, i64>),
    U8(PyReadonlyArray1<'py, u8>),
    U16(PyReadonlyArray1<'py, u16>),
    U32(PyReadonlyArray1<'py, u32>),
    U64(PyReadonlyArray1<'py, u64>),
    F32(PyReadonlyArray1<'py, f32>),
    F64(PyReadonlyArray1<'py, f64>),
}

impl<'py> Held<'py> {
    fn new(obj: &Bound<'py, PyAny>, name: &str) -> PyResult<Self> {
        macro_rules! try_as {
            ($($var:ident: $t:ty),*) => {$(
                if let Ok(a) = obj.extract::<PyReadonlyArray1<'py, $t>>() {
                    return Ok(Held::$var(a));
                }
            )*};
        }
        try_as!(I8: i8, I16: i16, I32: i32, I64: i64, U8: u8, U16: u16, U32: u32, U64: u64, F32: f32, F64: f64);
        Err(to_pyerr(Error::type_error(format!(
            "column {name:?}: expected a 1-D numeric numpy array in native byte order, got {}",
            obj.get_type().name().map(|n| n.to_string()).unwrap_or_default()
        ))))
    }

    /// A column view of the array, reading strided arrays in place.
    fn column<'a>(&'a self, name: &'a str) -> PyResult<Column<'a>> {
        macro_rules! view {
            ($a:expr, $var:ident) => {{
                let v = $a.as_array();
                let len = v.len();
                let stride = v.strides()[0];
                if len > 0 && stride <= 0 {
                    return Err(to_pyerr(Error::type_error(format!(
                        "column {name:?}: arrays with negative or zero strides are not supported"
                    ))));
                }
                let span = if len == 0 { 0 } else { (len - 1) * stride as usize + 1 };
                // SAFETY: the array is borrowed read-only for 'a, and every element of the
                // view lies in `ptr..ptr + span` because the stride is positive.
                let slice = unsafe { std::slice::from_raw_parts(v.as_ptr(), span) };
                Column {
                    name,
                    values: Values::$var(slice),
                    offset: 0,
                    stride: stride.max(1) as usize,
                    len,
                    nulls: None,
                }
            }};
        }
        Ok(match self {
            Held::I8(a) => view!(a, I8),
            Held::I16(a) => view!(a, I16),
            Held::I32(a) => view!(a, I32),
            Held::I64(a) => view!(a, I64),
            Held::U8(a) => view!(a, U8),
            Held::U16(a) => view!(a, U16),
            Held::U32(a) => view!(a, U32),
            Held::U64(a) => view!(a, U64),
            Held::F32(a) => view!(a, F32),
            Held::F64(a) => view!(a, F64),
        })
    }
}

/// Arrays and masks held for the duration of a call.
struct HeldColumns<'py> {
    names: Vec<String>,
    arrays: Vec<Held<'py>>,
    masks: Vec<Option<PyReadonlyArray1<'py, bool>>>,
}

impl<'py> HeldColumns<'py> {
    fn new(
        names: Vec<String>,
        arrays: Vec<Bound<'py, PyAny>>,
        masks: Vec<Option<PyReadonlyArray1<'py, bool>>>,
    ) -> PyResult<Self> {
        if names.len() != arrays.len() || masks.len() != arrays.len() {
            return Err(to_pyerr(Error::value("columns: names, arrays and masks differ in length")));
        }
        let arrays = arrays.iter().zip(&names).map(|(a, n)| Held::new(a, n)).collect::<PyResult<Vec<_>>>()?;
        Ok(HeldColumns { names, arrays, masks })
    }

    fn columns(&self) -> PyResult<Vec<Column<'_>>> {
        self.arrays
            .iter()
            .zip(&self.names)
            .zip(&self.masks)
            .map(|((a, n), m)| {
                let col = a.column(n)?;
                let mask = match m {
                    Some(m) => Some(m.as_slice().map_err(|_| {
                        to_pyerr(Error::type_error(format!("column {n:?}: the null mask must be contiguous")))
                    })?),
                    None => None,
                };
                Ok(col.with_nulls(mask))
            })
            .collect()
    }
}

/// A validated assessment framework (see `coterminous.Framework`).
#[pyclass(name = "Framework", module = "coterminous._core", frozen)]
pub struct PyFramework {
    pub(crate) inner: Framework,
}

#[pymethods]
impl PyFramework {
    #[staticmethod]
    fn from_json(text: &str) -> PyResult<Self> {
        Framework::from_json(text).map(|inner| PyFramework { inner }).map_err(to_pyerr)
    }

    #[staticmethod]
    fn builtin(name: &str) -> PyResult<Self> {
        crate::framework::builtin(name).map(|inner| PyFramework { inner }).map_err(to_pyerr)
    }

    #[staticmethod]
    fn builtin_names() -> Vec<&'static str> {
        crate::framework::BUILTIN.iter().map(|(n, _)| *n).collect()
    }

    fn to_json(&self) -> String {
        self.inner.to_json()
    }

    #[getter]
    fn name(&self) -> &str {
        &self.inner.name
    }

    #[getter]
    fn title(&self) -> &str {
        &self.inner.title
    }

    #[getter]
    fn themes(&self) -> Vec<String> {
        self.inner.themes.iter().map(|t| t.key.clone()).collect()
    }

    #[getter]
    fn theme_labels(&self) -> Vec<String> {
        self.inner.themes.iter().map(|t| t.label.clone()).collect()
    }

    #[getter]
    fn scale_min(&self) -> i64 {
        self.inner.scale.min
    }

    #[getter]
    fn scale_max(&self) -> i64 {
        self.inner.scale.max
    }

    #[getter]
    fn scale_labels(&self) -> Vec<(i64, String)> {
        self.inner.scale.labels.iter().map(|l| (l.value, l.label.clone())).collect()
    }

    #[getter]
    fn has_overall(&self) -> bool {
        self.inner.overall.is_some()
    }

    /// The overall score of one row of theme scores, by the rule table (slow path, for
    /// checking; `score_columns` is the fast one).
    fn overall_of(&self, scores: Vec<i64>) -> PyResult<i64> {
        let rules = self.inner.compiled_rules().ok_or_else(|| {
            to_pyerr(Error::framework(
                "$.overall",
                format!("the framework {:?} has no overall rule table", self.inner.name),
            ))
        })?;
        if scores.len() != self.inner.themes.len() {
            return Err(to_pyerr(Error::value(format!(
                "scores: expected {} theme scores, got {}",
                self.inner.themes.len(),
                scores.len()
            ))));
        }
        Ok(rules.evaluate(&scores))
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<PyFramework>().is_ok_and(|o| o.get().inner == self.inner)
    }
}

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
    m.add_function(wrap_pyfunction!(pairing::name_candidates, m)?)?;
    m.add_function(wrap_pyfunction!(pairing::builtin_affixes, m)?)?;
    m.add_class::<pairing::NamePairs>()?;
    m.add_class::<overlap::Matching>()?;
    m.add_class::<overlap::PyOverlapTable>()?;
    m.add_class::<overlap::PyRelationships>()?;
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
    m.add_function(wrap_pyfunction!(inference::stats_check_options, m)?)?;
    m.add_function(wrap_pyfunction!(inference::stats_check_bootstrap, m)?)?;
    m.add_function(wrap_pyfunction!(inference::stats_check_permutation, m)?)?;
    m.add_function(wrap_pyfunction!(inference::stats_bootstrap_interval, m)?)?;
    m.add_function(wrap_pyfunction!(inference::stats_permutation_pvalue, m)?)?;
    m.add_class::<inference::StatsSignTest>()?;
    m.add_class::<inference::StatsWilcoxon>()?;
    m.add_class::<inference::StatsCliffsDelta>()?;
    m.add_class::<inference::StatsBootstrap>()?;
    m.add_class::<inference::StatsPermutation>()?;
    m.add("STATS_MAX_RESAMPLES", crate::inference::resample::MAX_RESAMPLES)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
