//! Paired ordinal statistics: the sign test, the Wilcoxon signed-rank test, Cliff's delta,
//! Holm and Bonferroni adjustments ([`ordinal`]), and seeded bootstrap intervals and
//! permutation tests ([`resample`], [`interval`], [`permutation`]). Nothing here knows of
//! Python.
//!
//! The core owns the rules: option strings are parsed here ([`Choice`], one `FromStr` per
//! option) and ranges are checked here ([`check_confidence`], [`resample::check_resamples`]),
//! each with its message.

pub mod cliff_null;
pub mod interval;
pub mod ordinal;
pub mod permutation;
pub mod resample;
pub mod special;

use crate::column::{Column, Values};
use crate::{Error, Result};

/// An option given as a string: the argument it is passed as and its allowed spellings.
pub trait Choice: Sized + Copy + 'static {
    /// The argument name, as users pass it (`"alternative"`).
    const ARG: &'static str;
    /// Each accepted spelling with its value; the first spelling of a value is its name.
    const CHOICES: &'static [(&'static str, Self)];

    /// The error for a value that is none of the choices; `got` is shown as given (already
    /// quoted when it is a string).
    fn invalid(got: &str) -> Error {
        let mut names: Vec<&str> = Vec::new();
        for (name, _) in Self::CHOICES {
            if !names.iter().any(|n| n.eq_ignore_ascii_case(name)) {
                names.push(name);
            }
        }
        let listed = names.iter().map(|n| format!("'{n}'")).collect::<Vec<_>>().join(", ");
        let given = got.strip_prefix('\'').and_then(|g| g.strip_suffix('\'')).unwrap_or(got);
        let hint = did_you_mean(given, &names);
        Error::value(format!("{}: expected one of [{listed}], got {got}{hint}", Self::ARG))
    }

    /// Parse one spelling.
    fn parse_choice(s: &str) -> Result<Self> {
        Self::CHOICES
            .iter()
            .find(|(name, _)| *name == s)
            .map(|(_, v)| *v)
            .ok_or_else(|| Self::invalid(&format!("'{}'", s.replace('\'', "\\'"))))
    }
}

/// The number of single-character edits (insertions, deletions, substitutions, swaps of two
/// neighbours) between `a` and `b`, ignoring ASCII case (the optimal string alignment
/// distance).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().map(|c| c.to_ascii_lowercase()).collect();
    let b: Vec<char> = b.chars().map(|c| c.to_ascii_lowercase()).collect();
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 0..a.len() {
        cur[0] = i + 1;
        for j in 0..b.len() {
            let mut d = (prev[j] + usize::from(a[i] != b[j])).min(prev[j + 1] + 1).min(cur[j] + 1);
            if i > 0 && j > 0 && a[i] == b[j - 1] && a[i - 1] == b[j] {
                d = d.min(before[j - 1] + 1);
            }
            cur[j + 1] = d;
        }
        std::mem::swap(&mut before, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// `"; did you mean 'x'?"` naming the choice closest to `got` (by [`edit_distance`], at most
/// a third of the longer spelling's length, and at least one edit allowed; a choice that
/// starts with `got` counts as close), or `""` when none is close. Ties go to the first
/// choice listed.
pub fn did_you_mean(got: &str, choices: &[&str]) -> String {
    if got.is_empty() {
        return String::new();
    }
    let lower = got.to_ascii_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for &c in choices {
        let d = edit_distance(got, c);
        let limit = (got.chars().count().max(c.chars().count()) / 3).max(1);
        let close = d <= limit || (got.len() >= 2 && c.to_ascii_lowercase().starts_with(&lower));
        if close && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map_or_else(String::new, |(_, c)| format!("; did you mean '{c}'?"))
}

/// `FromStr` for a [`Choice`], and `name()` giving its canonical spelling.
macro_rules! choice {
    ($t:ty, $arg:literal, [$($name:literal => $v:expr),+ $(,)?]) => {
        impl $crate::inference::Choice for $t {
            const ARG: &'static str = $arg;
            const CHOICES: &'static [(&'static str, Self)] = &[$(($name, $v)),+];
        }
        impl std::str::FromStr for $t {
            type Err = $crate::Error;
            fn from_str(s: &str) -> $crate::Result<Self> {
                <$t as $crate::inference::Choice>::parse_choice(s)
            }
        }
        impl $t {
            /// The canonical spelling of this option.
            pub fn name(self) -> &'static str {
                let choices = <$t as $crate::inference::Choice>::CHOICES;
                choices.iter().find(|(_, v)| *v == self).map(|(n, _)| *n).unwrap_or("")
            }
        }
    };
}
pub(crate) use choice;

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
    fn suggestions_are_close_spellings() {
        assert_eq!(edit_distance("lo", "low"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("LOW", "low"), 0);
        assert_eq!(edit_distance("hihg", "high"), 1);
        let ties = ["low", "high", "error", "all"];
        assert_eq!(did_you_mean("lo", &ties), "; did you mean 'low'?");
        assert_eq!(did_you_mean("hihg", &ties), "; did you mean 'high'?");
        assert_eq!(did_you_mean("High", &ties), "; did you mean 'high'?");
        assert_eq!(did_you_mean("median", &ties), "");
        assert_eq!(did_you_mean("", &ties), "");
        let missing = ["error", "propagate", "skip"];
        assert_eq!(did_you_mean("prop", &missing), "; did you mean 'propagate'?");
        assert_eq!(did_you_mean("drop", &missing), "");
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
