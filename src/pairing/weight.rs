//! The one rule for a weight (a population, a count, a co-terminosity): a finite number, 0 or
//! more. Every kernel that takes weights (`overlap`, `assign`) checks them here, so a bad weight
//! reads the same wherever it is found.

use crate::error::{Error, Result};

/// `w` if it is a weight; otherwise a value error `"{at}: {what is wrong}"`, where `at()` says
/// where the weight lies (argument, column, row) and the value is shown unrounded.
#[inline]
pub fn check_weight(w: f64, at: impl FnOnce() -> String) -> Result<f64> {
    if w >= 0.0 && w.is_finite() {
        return Ok(w);
    }
    Err(Error::value(format!("{}: {}", at(), problem(w))))
}

/// What is wrong with a value that is not a weight.
fn problem(w: f64) -> String {
    if w.is_nan() {
        "NaN is not a weight".to_string()
    } else if w.is_infinite() {
        format!("{w:?} is infinite")
    } else {
        format!("{w:?} is negative; weights must be 0 or more")
    }
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
