//! The one mapping from the core's [`Error`] to the exceptions of `coterminous.errors`. The
//! Python classes are looked up once (`import_exception!` caches each type object).

use pyo3::exceptions::PyKeyboardInterrupt;
use pyo3::PyErr;

use crate::error::Error;

pyo3::import_exception!(coterminous.errors, FrameworkError);
pyo3::import_exception!(coterminous.errors, ScoreError);
pyo3::import_exception!(coterminous.errors, ColumnNotFoundError);
pyo3::import_exception!(coterminous.errors, CoterminousValueError);
pyo3::import_exception!(coterminous.errors, CoterminousTypeError);

impl From<Error> for PyErr {
    fn from(e: Error) -> PyErr {
        let message = e.to_string();
        match e {
            Error::Framework { .. } => FrameworkError::new_err(message),
            Error::Score { .. } => ScoreError::new_err(message),
            Error::MissingColumn { .. } => ColumnNotFoundError::new_err(message),
            Error::Value { .. } => CoterminousValueError::new_err(message),
            Error::Type { .. } => CoterminousTypeError::new_err(message),
            Error::Interrupted => PyKeyboardInterrupt::new_err(message),
        }
    }
}

/// Map a core error to the matching exception of `coterminous.errors` (the same as
/// `PyErr::from(e)`, kept as a function for `map_err`).
pub(crate) fn to_pyerr(e: Error) -> PyErr {
    PyErr::from(e)
}
