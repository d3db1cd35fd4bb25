//! The one error type of the core. The PyO3 layer maps each variant to one Python exception
//! of `coterminous.errors`; nothing here knows of Python.

use thiserror::Error;

/// Every failure the core can report. Messages name the argument, the column, the row and the
/// offending value wherever those exist, because users see them verbatim.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum Error {
    /// A framework document is malformed; `path` is a JSON path such as `$.scale.min`.
    #[error("framework {path}: {message}")]
    Framework {
        /// Where in the document, as a JSON path.
        path: String,
        /// What is wrong there.
        message: String,
    },

    /// A score is not an integer within the framework's scale, or is missing where missing
    /// values are not allowed.
    #[error("{message}")]
    Score {
        /// The message users see.
        message: String,
    },

    /// A named column is absent.
    #[error("{message}")]
    MissingColumn {
        /// The message users see.
        message: String,
    },

    /// Any other invalid argument (lengths, ranges, options).
    #[error("{message}")]
    Value {
        /// The message users see.
        message: String,
    },

    /// An argument of a type the core cannot read.
    #[error("{message}")]
    Type {
        /// The message users see.
        message: String,
    },

    /// The caller asked a running kernel to stop ([`crate::cancel::Cancel`]); the PyO3 layer
    /// raises the `KeyboardInterrupt` that asked for it.
    #[error("interrupted")]
    Interrupted,
}

impl Error {
    /// A [`Error::Framework`] at the JSON path `path`.
    pub fn framework(path: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Framework { path: path.into(), message: message.into() }
    }
    /// A [`Error::Score`].
    pub fn score(message: impl Into<String>) -> Self {
        Error::Score { message: message.into() }
    }
    /// A [`Error::Value`].
    pub fn value(message: impl Into<String>) -> Self {
        Error::Value { message: message.into() }
    }
    /// A [`Error::Type`].
    pub fn type_error(message: impl Into<String>) -> Self {
        Error::Type { message: message.into() }
    }
}

/// The core's result type.
pub type Result<T> = std::result::Result<T, Error>;
