//! `coterminous`: scoring frameworks as data, fast scoring and summaries over columns, and the
//! pairing of co-terminous public bodies.
//!
//! The core modules know nothing of Python; `python` (behind the `python` feature, which
//! maturin turns on) is the only place that links the interpreter.

pub mod cancel;
pub mod column;
pub mod crosswalk;
pub mod error;
pub mod framework;
pub mod inference;
pub mod options;
pub mod pairing;
pub mod score;
pub mod summary;

#[cfg(feature = "python")]
mod python;

pub use error::{Error, Result};
