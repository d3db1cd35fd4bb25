//! Cliff's delta with a confidence interval: the two-sample dominance and the paired
//! (within-pair) dominance; p-values from the permutation null ([`super::cliff_null`]).

use super::cliff_null::{independent_pvalue, paired_pvalue};
use super::special::ndtri;
use super::{check_confidence, check_finite};
use crate::cancel::Cancel;
use crate::{Error, Result};

/// Cliff's delta with its interval, p-value and comparison counts.
#[derive(Clone, Debug, PartialEq)]
pub struct CliffsDelta {
    /// The dominance, from -1 to 1.
    pub statistic: f64,
    /// Lower end of the interval.
    pub low: f64,
    /// Upper end of the interval.
    pub high: f64,
    /// The standard error of the estimate (after the lower bound below).
    pub standard_error: f64,
    /// Two-sided p-value from the permutation null of delta (see [`super::cliff_null`]).
    pub pvalue: f64,
    /// How the p-value was found: "exact" or "asymptotic".
    pub pvalue_method: &'static str,
    /// Comparisons (or pairs) where the first value is greater.
    pub n_greater: u64,
    /// Comparisons (or pairs) where the first value is less.
    pub n_less: u64,
    /// Tied comparisons (or pairs).
    pub n_ties: u64,
}

/// Cliff's delta `d` with standard error `s`: its asymmetric interval, the p-value given (and
/// how it was found), and the counts of greater, less and tied comparisons.
fn cliff_result(
    d: f64,
    s: f64,
    confidence_level: f64,
    n_eff: f64,
    (pvalue, pvalue_method): (f64, &'static str),
    [greater, less, ties]: [f64; 3],
) -> CliffsDelta {
    let (low, high) = cliff_interval(d, s, confidence_level, n_eff);
    CliffsDelta {
        statistic: d,
        low,
        high,
        standard_error: s,
        pvalue,
        pvalue_method,
        n_greater: greater as u64,
        n_less: less as u64,
        n_ties: ties as u64,
    }
}

/// The asymmetric interval of Cliff (1993) and Feng & Cliff (2004), eq. (6):
/// `(d - d^3 -+ z s sqrt((1 - d^2)^2 + z^2 s^2)) / (1 - d^2 + z^2 s^2)`. When the estimated
/// variance is zero (every comparison agrees, or every pair ties) that formula has no spread
/// to work with; the interval is then the score interval with the variance evaluated at the
/// bound, `(1 - D^2) / n_eff`: the roots of `(d - D)^2 n_eff = z^2 (1 - D^2)`, which for
/// `d = 1` is `(n_eff - z^2) / (n_eff + z^2)`, twice Wilson's lower bound for n_eff
/// successes in n_eff trials, less one.
fn cliff_interval(d: f64, s: f64, confidence_level: f64, n_eff: f64) -> (f64, f64) {
    let z = ndtri(0.5 + confidence_level / 2.0);
    let one = 1.0 - d * d;
    if s == 0.0 {
        let z2 = z * z;
        let root = z * (n_eff + z2 - n_eff * d * d).max(0.0).sqrt();
        let den = n_eff + z2;
        return (((n_eff * d - root) / den).max(-1.0), ((n_eff * d + root) / den).min(1.0));
    }
    let den = one + z * z * s * s;
    let root = z * s * (one * one + z * z * s * s).sqrt();
    (((d - d * d * d - root) / den).max(-1.0), ((d - d * d * d + root) / den).min(1.0))
}

/// Cliff's delta of two independent samples: `P(x > y) - P(x < y)` (`a` as x, `b` as y) over all `m n` pairs, with
/// the consistent variance estimate of Cliff (1996, eq. 3.13; Feng & Cliff 2004) bounded below
/// by `(1 - d^2) / (m n - 1)`, and the asymmetric interval above (`n_eff = m n - 1`). Counts use
/// the sorted `y`, so the work is `O((m + n) log n)`. The p-value is the permutation test's
/// ([`independent_pvalue`]: exact for small samples).
pub fn cliffs_delta(a: &[f64], b: &[f64], confidence_level: f64, cancel: &Cancel) -> Result<CliffsDelta> {
    check_finite(a, "x")?;
    check_finite(b, "y")?;
    check_confidence(confidence_level)?;
    let (m, n) = (a.len(), b.len());
    if m < 2 || n < 2 {
        return Err(Error::value(format!(
            "x, y: Cliff's delta needs at least 2 values in each sample, got {m} and {n}"
        )));
    }
    let mut bs = b.to_vec();
    bs.sort_by(|x, y| x.total_cmp(y));
    let mut as_ = a.to_vec();
    as_.sort_by(|x, y| x.total_cmp(y));
    // row means d_i. (over b) and column means d_.j (over a)
    let below = |sorted: &[f64], v: f64| sorted.partition_point(|&x| x < v) as f64;
    let not_above = |sorted: &[f64], v: f64| sorted.partition_point(|&x| x <= v) as f64;
    let (mf, nf) = (m as f64, n as f64);
    let mut greater = 0.0;
    let mut less = 0.0;
    let mut row = Vec::with_capacity(m);
    for &v in a {
        let g = below(&bs, v);
        let l = nf - not_above(&bs, v);
        greater += g;
        less += l;
        row.push((g - l) / nf);
    }
    let col: Vec<f64> = b.iter().map(|&v| ((mf - not_above(&as_, v)) - below(&as_, v)) / mf).collect();
    let pairs = mf * nf;
    let d = (greater - less) / pairs;
    let ties = pairs - greater - less;
    let ss_row: f64 = row.iter().map(|r| (r - d) * (r - d)).sum();
    let ss_col: f64 = col.iter().map(|c| (c - d) * (c - d)).sum();
    // sum over pairs of (d_ij - d)^2 from the counts of +1, 0, -1
    let ss_all = greater * (1.0 - d).powi(2) + less * (1.0 + d).powi(2) + ties * d * d;
    let var = (nf * nf * ss_row + mf * mf * ss_col - ss_all) / (mf * nf * (mf - 1.0) * (nf - 1.0));
    let var = var.max((1.0 - d * d) / (pairs - 1.0));
    let s = var.max(0.0).sqrt();
    let p = independent_pvalue(a, b, cancel)?;
    Ok(cliff_result(d, s, confidence_level, pairs - 1.0, p, [greater, less, ties]))
}

/// The paired (within-pair) dominance of Cliff (1993) and Feng (2007): `d_w = P(x_i > y_i) -
/// P(x_i < y_i)` over the pairs, with the unbiased variance `sum (s_i - d_w)^2 / (n (n - 1))`
/// of the pair signs `s_i`, and the same asymmetric interval (with `n_eff = n` when that
/// variance is zero). The p-value is exact: the sign-flip law of `d_w`, which is the sign
/// test's ([`paired_pvalue`]).
pub fn cliffs_delta_paired(d: &[f64], confidence_level: f64) -> Result<CliffsDelta> {
    check_finite(d, "x - y")?;
    check_confidence(confidence_level)?;
    let n = d.len();
    if n < 2 {
        return Err(Error::value(format!("x, y: the paired Cliff's delta needs at least 2 pairs, got {n}")));
    }
    let nf = n as f64;
    let greater = d.iter().filter(|&&v| v > 0.0).count() as f64;
    let less = d.iter().filter(|&&v| v < 0.0).count() as f64;
    let ties = nf - greater - less;
    let dw = (greater - less) / nf;
    let ss = greater * (1.0 - dw).powi(2) + less * (1.0 + dw).powi(2) + ties * dw * dw;
    let s = (ss / (nf * (nf - 1.0))).max(0.0).sqrt();
    let p = (paired_pvalue(greater as u64, less as u64), "exact");
    Ok(cliff_result(dw, s, confidence_level, nf, p, [greater, less, ties]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cliffs_delta_counts() {
        let a = [1.0, 2.0, 3.0];
        let b = [2.0, 2.0];
        let r = cliffs_delta(&a, &b, 0.95, Cancel::never()).unwrap();
        // pairs: 1<2 twice, 2=2 twice, 3>2 twice: delta 0
        assert_eq!((r.n_greater, r.n_less, r.n_ties), (2, 2, 2));
        assert_eq!(r.statistic, 0.0);
        assert!(r.low < 0.0 && r.high > 0.0);
    }

    #[test]
    fn a_requested_stop_ends_the_delta() {
        let v: Vec<f64> = (0..300_000u64).map(|i| ((i * 7919) % 1000) as f64).collect();
        let stop = Cancel::new();
        stop.request();
        assert_eq!(cliffs_delta(&v, &v, 0.95, &stop), Err(Error::Interrupted));
    }
}
