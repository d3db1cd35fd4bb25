//! The one rule for a weight (a population, a count, a co-terminosity): a finite number, 0 or
//! more. Every kernel that takes weights (`overlap`, `assign`) checks them here, so a bad weight
//! reads the same wherever it is found.

use crate::error::{Error, Result};

/// `w` if it is a weight; otherwise a value error `"{at}: {what is wrong}"`, where `at()` says
/// where the weight lies (argument, column, row) and the value is shown unrounded.
#[inline(always)]
pub fn check_weight(w: f64, at: impl FnOnce() -> String) -> Result<f64> {
    if w >= 0.0 && w.is_finite() {
        Ok(w)
    } else {
        Err(not_a_weight(w, at()))
    }
}

/// The error for a value that is not a weight, found at `at` (off the hot path).
#[cold]
#[inline(never)]
fn not_a_weight(w: f64, at: String) -> Error {
    let what = if w.is_nan() {
        "NaN is not a weight".to_string()
    } else if w.is_infinite() {
        format!("{w:?} is infinite")
    } else {
        format!("{w:?} is negative; weights must be 0 or more")
    };
    Error::value(format!("{at}: {what}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_message_form() {
        let at = || "weights: row 1, col 2".to_string();
        assert_eq!(check_weight(2.5, at).unwrap(), 2.5);
        assert_eq!(check_weight(0.0, at).unwrap(), 0.0);
        assert_eq!(check_weight(f64::NAN, at).unwrap_err().to_string(), "weights: row 1, col 2: NaN is not a weight");
        assert_eq!(check_weight(f64::INFINITY, at).unwrap_err().to_string(), "weights: row 1, col 2: inf is infinite");
        assert_eq!(
            check_weight(-0.5, at).unwrap_err().to_string(),
            "weights: row 1, col 2: -0.5 is negative; weights must be 0 or more"
        );
    }
}
