//! Option strings, parsed one way for the whole core: each option is an enum with its
//! accepted spellings ([`Choice`], declared with `choice!`), so every option error reads
//! `ARG: expected one of [...], got '...'` with a "did you mean" when a spelling is close.

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
        impl $crate::options::Choice for $t {
            const ARG: &'static str = $arg;
            const CHOICES: &'static [(&'static str, Self)] = &[$(($name, $v)),+];
        }
        impl std::str::FromStr for $t {
            type Err = $crate::Error;
            fn from_str(s: &str) -> $crate::Result<Self> {
                <$t as $crate::options::Choice>::parse_choice(s)
            }
        }
        impl $t {
            /// The canonical spelling of this option.
            pub fn name(self) -> &'static str {
                let choices = <$t as $crate::options::Choice>::CHOICES;
                choices.iter().find(|(_, v)| *v == self).map(|(n, _)| *n).unwrap_or("")
            }
        }
    };
}
pub(crate) use choice;

#[cfg(test)]
mod tests {
    use super::*;

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
}
