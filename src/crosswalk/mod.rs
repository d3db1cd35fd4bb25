//! Crosswalks: moving values between two sets of units that do not line up, through the pairs
//! of an overlap table (a source unit, a target unit, the weight they share, such as their
//! common population).
//!
//! - [`apportion`](apportion::apportion): extensive values split by each source's share of its
//!   weight (totals preserved), intensive values as weight-weighted means, ordinal and
//!   categorical values as the share of weight at each level with a weighted median and mode;
//! - [`best_fit`](best_fit::best_fit): each source unit to the partner holding most of its weight;
//! - [`join`](chain::join): a lookup joined to a further lookup through a shared code, with its
//!   validation (missing keys, one-to-many rows and their shares).
//!
//! Units are dense indices (`0..n`) numbered by the caller in ascending code order, so "the
//! smaller code" is "the smaller index".

pub mod apportion;
pub mod best_fit;
pub mod chain;

use crate::error::{Error, Result};

/// Links checked per poll of the cancel flag.
pub(crate) const CHUNK: usize = 1 << 16;

/// The pairs of an overlap table: pair `i` joins source unit `source[i]` to target unit
/// `target[i]` with weight `weight[i]`. A pair may occur on several rows (their weights add).
#[derive(Clone, Copy, Debug)]
pub struct Links<'a> {
    /// The source unit of each pair.
    pub source: &'a [u32],
    /// The target unit of each pair.
    pub target: &'a [u32],
    /// The weight of each pair: finite, 0 or more.
    pub weight: &'a [f64],
    /// The number of source units.
    pub n_sources: usize,
    /// The number of target units.
    pub n_targets: usize,
}

impl Links<'_> {
    /// Check the lengths, the unit indices and the weights; a bad weight is an error naming
    /// the overlap's row.
    pub fn check(&self) -> Result<()> {
        let n = self.weight.len();
        if self.source.len() != n || self.target.len() != n {
            return Err(Error::value(format!(
                "overlap: source, target and weight differ in length ({}, {}, {n})",
                self.source.len(),
                self.target.len()
            )));
        }
        for i in 0..n {
            let w = self.weight[i];
            if !(w.is_finite() && w >= 0.0) {
                return Err(Error::value(format!(
                    "overlap: column 'weight', row {i}: {w:?} is not a weight (a finite number, 0 or more)"
                )));
            }
            if self.source[i] as usize >= self.n_sources || self.target[i] as usize >= self.n_targets {
                return Err(Error::value(format!("overlap: row {i}: a unit index is out of range")));
            }
        }
        Ok(())
    }

    /// The number of pairs.
    pub fn len(&self) -> usize {
        self.weight.len()
    }

    /// Whether there are no pairs.
    pub fn is_empty(&self) -> bool {
        self.weight.is_empty()
    }

    /// The total weight of each source unit.
    pub fn source_totals(&self) -> Vec<f64> {
        let mut t = vec![0.0; self.n_sources];
        for (&s, &w) in self.source.iter().zip(self.weight) {
            t[s as usize] += w;
        }
        t
    }

    /// The total weight of each target unit.
    pub fn target_totals(&self) -> Vec<f64> {
        let mut t = vec![0.0; self.n_targets];
        for (&u, &w) in self.target.iter().zip(self.weight) {
            t[u as usize] += w;
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_weights_and_indices() {
        let l = Links { source: &[0, 1], target: &[0, 0], weight: &[1.0, f64::NAN], n_sources: 2, n_targets: 1 };
        let e = l.check().unwrap_err().to_string();
        assert!(e.contains("row 1") && e.contains("NaN"), "{e}");
        let l = Links { source: &[0, 2], target: &[0, 0], weight: &[1.0, 1.0], n_sources: 2, n_targets: 1 };
        assert!(l.check().is_err());
        let l = Links { source: &[0, 1, 1], target: &[0, 0, 1], weight: &[1.0, 2.0, 3.0], n_sources: 2, n_targets: 2 };
        assert!(l.check().is_ok());
        assert_eq!(l.source_totals(), vec![1.0, 5.0]);
        assert_eq!(l.target_totals(), vec![3.0, 3.0]);
    }
}
