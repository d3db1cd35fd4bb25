//! The exact sign test of paired differences, with scipy's `binomtest` p-value for a fair coin.

use super::special::{binom_half_cdf, binom_half_sf_ge};
use super::{check_finite, Alternative};
use crate::Result;

/// The result of the sign test.
#[derive(Clone, Debug, PartialEq)]
pub struct SignTest {
    /// The number of positive differences.
    pub statistic: u64,
    /// The exact binomial p-value.
    pub pvalue: f64,
    /// Differences above zero.
    pub n_positive: u64,
    /// Differences below zero.
    pub n_negative: u64,
    /// Zero differences (left out of the test).
    pub n_zero: u64,
}

/// The exact sign test on the differences `d` (zeros dropped): `scipy.stats.binomtest(k=n+,
/// n=n+ + n-, p=0.5, alternative)`.
pub fn sign_test(d: &[f64], alternative: Alternative) -> Result<SignTest> {
    check_finite(d, "x - y")?;
    let n_positive = d.iter().filter(|&&v| v > 0.0).count() as u64;
    let n_negative = d.iter().filter(|&&v| v < 0.0).count() as u64;
    let n_zero = d.len() as u64 - n_positive - n_negative;
    let n = n_positive + n_negative;
    let k = n_positive;
    let pvalue = if n == 0 {
        1.0
    } else {
        match alternative {
            Alternative::Less => binom_half_cdf(k as i64, n),
            Alternative::Greater => binom_half_sf_ge(k as i64, n),
            Alternative::TwoSided => {
                if 2 * k == n {
                    1.0
                } else {
                    // binomtest's two-sided rule for p = 1/2: the tails at least as unlikely as k
                    let small = k.min(n - k);
                    (2.0 * binom_half_cdf(small as i64, n)).min(1.0)
                }
            }
        }
    };
    Ok(SignTest { statistic: k, pvalue, n_positive, n_negative, n_zero })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_test_counts_and_pvalue() {
        let d = [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.0, -1.0];
        let r = sign_test(&d, Alternative::TwoSided).unwrap();
        assert_eq!((r.n_positive, r.n_negative, r.n_zero), (7, 1, 1));
        // 2 * (1 + 8) / 256
        assert!((r.pvalue - 18.0 / 256.0).abs() < 1e-15);
        let g = sign_test(&d, Alternative::Greater).unwrap();
        assert!((g.pvalue - 9.0 / 256.0).abs() < 1e-15);
    }
}
