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

use crate::column::{Column, Values};
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

/// The framework's score rule on a statistics sample: every value (rows marked in `missing`
/// aside) a whole number from `lo` to `hi`, by the rule `score` applies to a theme column
/// ([`Column::first_outside`]). The error (a score error) names the argument, the column when
/// given, the first bad row, its value and the framework.
pub fn check_scores(
    values: Values<'_>,
    missing: Option<&[bool]>,
    (lo, hi): (i64, i64),
    framework: &str,
    arg: &str,
    column: Option<&str>,
) -> Result<()> {
    let len = values.len();
    if missing.is_some_and(|m| m.len() != len) {
        return Err(Error::value(format!("{arg}: the missing-value mask and the values differ in length")));
    }
    let col = Column { name: column.unwrap_or(arg), values, offset: 0, stride: 1, len, nulls: missing };
    let Some(bad) = col.first_outside(0, len, lo, hi, true) else {
        return Ok(());
    };
    let at = match column {
        Some(c) => format!("{arg}: column {c:?}, row {}", bad.row),
        None => format!("{arg}: row {}", bad.row),
    };
    let what = bad.raw.map_or_else(|| "a missing value".to_string(), |r| r.to_string());
    Err(Error::score(format!("{at}: {what} is not an integer score from {lo} to {hi} ({framework})")))
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

    #[test]
    fn scores_follow_the_column_rule() {
        let ok = check_scores(Values::F64(&[1.0, 4.0, 2.0]), None, (1, 4), "ale", "x", None);
        assert!(ok.is_ok());
        let e = check_scores(Values::F64(&[1.0, 2.5, 9.0]), None, (1, 4), "ale", "x", None).unwrap_err();
        assert_eq!(e.to_string(), "x: row 1: 2.5 is not an integer score from 1 to 4 (ale)");
        let e = check_scores(Values::I64(&[1, 5]), None, (1, 4), "ale", "paired", Some("left_a")).unwrap_err();
        assert_eq!(e.to_string(), "paired: column \"left_a\", row 1: 5 is not an integer score from 1 to 4 (ale)");
        // missing rows are not checked
        let nan = [1.0, f64::NAN, 3.0];
        assert!(check_scores(Values::F64(&nan), Some(&[false, true, false]), (1, 4), "ale", "x", None).is_ok());
        assert!(check_scores(Values::F64(&nan), None, (1, 4), "ale", "x", None).is_err());
    }
}
