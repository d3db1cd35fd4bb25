//! The `Framework` class of `coterminous._core`: a validated framework held by Python.

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyFloat, PyInt, PyString};

use crate::column::Raw;
use crate::error::Error;
use crate::framework::{Framework, Given};

use super::to_pyerr;

/// A validated assessment framework (see `coterminous.Framework`).
#[pyclass(name = "Framework", module = "coterminous._core", frozen)]
pub struct PyFramework {
    pub(crate) inner: Framework,
}

#[pymethods]
impl PyFramework {
    /// Parse and validate a JSON document, given as str or as UTF-8 bytes.
    #[staticmethod]
    fn from_json(text: &Bound<'_, PyAny>) -> PyResult<Self> {
        let inner = match text.cast::<PyBytes>() {
            Ok(bytes) => Framework::from_bytes(bytes.as_bytes()),
            Err(_) => match text.extract::<String>() {
                Ok(text) => Framework::from_json(&text),
                Err(_) => Err(Error::type_error(format!(
                    "text: expected str or bytes, got {}",
                    text.get_type().name().map(|n| n.to_string()).unwrap_or_default()
                ))),
            },
        };
        Ok(PyFramework { inner: inner? })
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

    #[getter]
    fn source(&self) -> Option<&str> {
        self.inner.source.as_deref()
    }

    #[getter]
    fn groups(&self) -> Vec<(String, String)> {
        self.inner.groups.iter().map(|g| (g.key.clone(), g.label.clone())).collect()
    }

    #[getter]
    fn theme_groups(&self) -> Vec<Option<String>> {
        self.inner.themes.iter().map(|t| t.group.clone()).collect()
    }

    #[getter]
    fn scale_direction(&self) -> &'static str {
        self.inner.scale.direction.as_str()
    }

    #[getter]
    fn overall_labels(&self) -> Option<Vec<(i64, String)>> {
        self.inner.overall_labels().map(|l| l.iter().map(|l| (l.value, l.label.clone())).collect())
    }

    /// The overall score of one row of theme scores (None = not assessed), by the rule table
    /// (slow path, for checking; `score_columns` is the fast one). Each score must be a whole
    /// number within the scale: a float that is not, NaN, an integer past int64, a boolean or
    /// a string is a `ScoreError` naming the theme and the value as given.
    fn overall_of(&self, scores: Vec<Option<Bound<'_, PyAny>>>) -> PyResult<Option<i64>> {
        let given = scores.iter().map(|s| s.as_ref().map(given_score).transpose()).collect::<PyResult<Vec<_>>>()?;
        Ok(self.inner.overall_of_given(&given)?)
    }

    /// Check the keys of a `columns` mapping: each must be a theme.
    fn check_column_map(&self, keys: Vec<String>) -> PyResult<()> {
        Ok(self.inner.check_column_map(&keys)?)
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<PyFramework>().is_ok_and(|o| o.get().inner == self.inner)
    }
}

/// One score as Python gave it: an integer (Python's or numpy's, not a boolean), a float
/// (Python's or numpy's), or anything else as its `repr`.
fn given_score(obj: &Bound<'_, PyAny>) -> PyResult<Given> {
    let other = || -> PyResult<Given> { Ok(Given::Other(obj.repr()?.to_string())) };
    let type_name = obj.get_type().name()?.to_string();
    if obj.is_instance_of::<PyBool>() || type_name == "bool" || type_name == "bool_" || obj.is_instance_of::<PyString>()
    {
        return other();
    }
    if obj.is_instance_of::<PyInt>() || obj.hasattr("__index__")? {
        return match obj.extract::<i64>() {
            Ok(v) => Ok(Given::Number(Raw::Int(v.into()))),
            Err(_) => other(), // past int64: its digits in the message
        };
    }
    if obj.is_instance_of::<PyFloat>() || obj.hasattr("__float__")? {
        if let Ok(v) = obj.extract::<f64>() {
            return Ok(Given::Number(Raw::Float(v)));
        }
    }
    other()
}
