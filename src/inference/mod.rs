//! Paired ordinal statistics: the sign test ([`sign`]), the Wilcoxon signed-rank test
//! ([`wilcoxon`]), Cliff's delta ([`cliffs_delta`], its null in [`cliff_null`]), Holm and
//! Bonferroni adjustments ([`adjust`]), and seeded bootstrap intervals and permutation tests
//! ([`resample`], [`interval`], [`permutation`]); ranks in [`ranks`], distribution functions in
//! [`special`]. Nothing here knows of Python.
//!
//! The core owns the rules: option strings are parsed with [`Choice`] (one `FromStr` per
//! option, from `crate::options`) and ranges are checked here ([`check_confidence`], [`resample::check_resamples`]),
//! each with its message.

pub mod adjust;
pub mod cliff_null;
pub mod cliffs_delta;
pub mod interval;
pub mod permutation;
pub mod ranks;
pub mod resample;
pub mod sign;
pub mod special;
pub mod wilcoxon;

use crate::{Error, Result};

pub(crate) use crate::options::choice;
pub use crate::options::Choice;

/// The alternative hypothesis, on the differences `x - y`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Alternative {
    /// Either direction.
    TwoSided,
    /// The differences tend to be negative.
    Less,
    /// The differences tend to be positive.
    Greater,
}

choice!(Alternative, "alternative", [
    "two-sided" => Alternative::TwoSided,
    "less" => Alternative::Less,
    "greater" => Alternative::Greater,
]);

/// A confidence level must lie strictly between 0 and 1.
pub fn check_confidence(level: f64) -> Result<f64> {
    if level > 0.0 && level < 1.0 {
        Ok(level)
    } else {
        Err(Error::value(format!("confidence_level: expected a number strictly between 0 and 1, got {level}")))
    }
}

/// Every value finite, else an error naming `arg` and the first bad row.
pub(crate) fn check_finite(d: &[f64], arg: &str) -> Result<()> {
    if let Some(i) = d.iter().position(|v| !v.is_finite()) {
        return Err(Error::value(format!("{arg}: row {i}: {} is not a finite number", d[i])));
    }
    Ok(())
}

/// The options the tests share, checked once when made: the alternative hypothesis and the
/// confidence level of an interval.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TestOptions {
    /// The alternative hypothesis on `x - y`.
    pub alternative: Alternative,
    /// Of an interval, strictly between 0 and 1.
    pub confidence_level: f64,
}

impl TestOptions {
    /// Options checked against the core's rules (the confidence level's range).
    pub fn new(alternative: Alternative, confidence_level: f64) -> Result<Self> {
        Ok(TestOptions { alternative, confidence_level: check_confidence(confidence_level)? })
    }
}

/// At least two observations (as in scipy.stats): `{arg}: {what} needs at least 2 {unit} (as
/// in scipy.stats), got {n}`.
pub fn check_at_least_two(n: usize, arg: &str, what: &str, unit: &str) -> Result<()> {
    if n < 2 {
        return Err(Error::value(format!("{arg}: {what} needs at least 2 {unit} (as in scipy.stats), got {n}")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_parse_one_way() {
        assert_eq!("less".parse::<Alternative>().unwrap(), Alternative::Less);
        let e = "bigger".parse::<Alternative>().unwrap_err().to_string();
        assert_eq!(e, "alternative: expected one of ['two-sided', 'less', 'greater'], got 'bigger'");
        assert_eq!(Alternative::Greater.name(), "greater");
        let e = "two_sided".parse::<Alternative>().unwrap_err().to_string();
        assert_eq!(
            e,
            "alternative: expected one of ['two-sided', 'less', 'greater'], got 'two_sided'; did you mean 'two-sided'?"
        );
        let e = "grater".parse::<Alternative>().unwrap_err().to_string();
        assert!(e.ends_with("got 'grater'; did you mean 'greater'?"), "{e}");
        assert!(check_confidence(1.0).is_err() && check_confidence(0.5).is_ok());
    }
}
