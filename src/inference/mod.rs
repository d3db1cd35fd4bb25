//! Paired ordinal statistics: the sign test, the Wilcoxon signed-rank test, Cliff's delta,
//! Holm and Bonferroni adjustments ([`ordinal`]), and seeded bootstrap intervals and
//! permutation tests ([`resample`]). Nothing here knows of Python.

pub mod ordinal;
pub mod resample;
pub mod special;

use crate::{Error, Result};

/// The alternative hypothesis, on the differences `x - y`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Alternative {
    TwoSided,
    Less,
    Greater,
}

impl Alternative {
    pub fn parse(s: &str) -> Result<Self> {
        match s {
            "two-sided" => Ok(Alternative::TwoSided),
            "less" => Ok(Alternative::Less),
            "greater" => Ok(Alternative::Greater),
            _ => Err(Error::value(format!("alternative: expected 'two-sided', 'less' or 'greater', got {s:?}"))),
        }
    }
}
