//! P-values of Cliff's delta from its permutation null, valid at any sample size.
//!
//! The paired (within-pair) delta `(n+ - n-) / n` under the null that `x_i` and `y_i` are
//! exchangeable flips the sign of each untied pair with probability 1/2: its null law is that
//! of `(2 B - m) / n` with `B ~ Binomial(m, 1/2)` and `m` the untied pairs, so the exact
//! two-sided p-value `P(|D| >= |d|)` is the two-sided sign test's, at every `n`.
//!
//! The two-sample delta is linear in the Mann-Whitney statistic (Cliff 1996, *Ordinal Methods
//! for Behavioral Data Analysis*, sec. 3.4: `d = 2 U / (m n) - 1`, ties counted one half), so
//! its permutation law over the `C(m + n, m)` splits of the pooled values is that of the
//! mid-rank sum of one sample. That law is counted exactly by dynamic programming while the
//! work `2 N^2 k^2` (`N = m + n`, `k = min(m, n)`) is at most [`EXACT_WORK`] (about 60 values in
//! each sample); above, the normal approximation of the same law is used, with the tie
//! correction and the continuity correction of `scipy.stats.mannwhitneyu(method="asymptotic")`.
//! Unlike the Wald test `d / s` of Cliff (1993), neither can fall below what the sample can
//! support (the exact p-value is at least `2 / C(N, k)`, or `2 / 2^m` paired).

use super::ranks::doubled_midranks;
use super::special::{binom_half_cdf, ndtr};
use crate::cancel::Cancel;
use crate::Result;

/// The most work (multiply-adds) spent counting the exact two-sample law.
pub const EXACT_WORK: f64 = 1e8;

/// The exact two-sided p-value of the paired delta with `greater` pairs above and `less` below
/// (the rest tied): `P(|2 B - m| >= |greater - less|)`, `B ~ Binomial(m, 1/2)`.
pub fn paired_pvalue(greater: u64, less: u64) -> f64 {
    let m = greater + less;
    if greater == less {
        return 1.0;
    }
    (2.0 * binom_half_cdf(greater.min(less) as i64, m)).min(1.0)
}

/// The two-sided permutation p-value of the two-sample delta of `a` against `b`, and how it
/// was found: `"exact"` (every split counted) or `"asymptotic"` (see the module docs). The
/// cancel flag is polled while ranking and once per pooled value while counting.
pub fn independent_pvalue(a: &[f64], b: &[f64], cancel: &Cancel) -> Result<(f64, &'static str)> {
    // the smaller sample's rank sum: the same p-value, less work
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let (k, big) = (small.len(), large.len());
    let n_all = k + big;
    let pooled: Vec<f64> = small.iter().chain(large).copied().collect();
    let (ranks, ties) = doubled_midranks(&pooled, cancel)?;
    let observed: u64 = ranks[..k].iter().sum();
    let nf = n_all as f64;
    let kf = k as f64;
    let work = 2.0 * nf * nf * kf * kf;
    if work <= EXACT_WORK {
        // counts[j * width + s]: subsets of j values with doubled rank sum s
        let width = 2 * n_all * k + 1;
        let mut counts = vec![0.0f64; (k + 1) * width];
        counts[0] = 1.0;
        let mut reach = 0usize;
        for (i, &r) in ranks.iter().enumerate() {
            cancel.check()?;
            let r = r as usize;
            for j in (1..=k.min(i + 1)).rev() {
                let (lo, hi) = counts.split_at_mut(j * width);
                let prev = &lo[(j - 1) * width..];
                let cur = &mut hi[..width];
                for s in 0..=reach.min(width - 1 - r) {
                    let c = prev[s];
                    if c != 0.0 {
                        cur[s + r] += c;
                    }
                }
            }
            reach += r;
        }
        let level = &counts[k * width..];
        let centre = (k * (n_all + 1)) as i64; // the doubled rank sum's mean
        let dev = (observed as i64 - centre).abs();
        let (mut tail, mut total) = (0.0, 0.0);
        for (s, &c) in level.iter().enumerate() {
            total += c;
            if (s as i64 - centre).abs() >= dev {
                tail += c;
            }
        }
        return Ok(((tail / total).min(1.0), "exact"));
    }
    // scipy.stats.mannwhitneyu(method="asymptotic", use_continuity=True), two-sided
    let u = observed as f64 / 2.0 - kf * (kf + 1.0) / 2.0;
    let bigf = big as f64;
    let mu = kf * bigf / 2.0;
    let tie_term: f64 = ties.iter().map(|&t| (t * t * t - t) as f64).sum::<f64>() / (nf * (nf - 1.0));
    let sd = (kf * bigf / 12.0 * ((nf + 1.0) - tie_term)).sqrt();
    if sd == 0.0 {
        return Ok((1.0, "asymptotic")); // every value tied: d = 0
    }
    let z = ((u - mu).abs() - 0.5) / sd;
    Ok(((2.0 * ndtr(-z)).clamp(0.0, 1.0), "asymptotic"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every split of the pooled values, counted by brute force.
    fn brute(a: &[f64], b: &[f64]) -> f64 {
        let pooled: Vec<f64> = a.iter().chain(b).copied().collect();
        let delta = |x: &[f64], y: &[f64]| -> f64 {
            let mut s = 0.0;
            for u in x {
                for v in y {
                    s += (u > v) as i32 as f64 - (u < v) as i32 as f64;
                }
            }
            s / (x.len() * y.len()) as f64
        };
        let obs = delta(a, b).abs();
        let n = pooled.len();
        let (mut hit, mut all) = (0u64, 0u64);
        for mask in 0u32..1 << n {
            if mask.count_ones() as usize != a.len() {
                continue;
            }
            let x: Vec<f64> = (0..n).filter(|i| mask >> i & 1 == 1).map(|i| pooled[i]).collect();
            let y: Vec<f64> = (0..n).filter(|i| mask >> i & 1 == 0).map(|i| pooled[i]).collect();
            all += 1;
            hit += (delta(&x, &y).abs() >= obs - 1e-12) as u64;
        }
        hit as f64 / all as f64
    }

    #[test]
    fn exact_two_sample_matches_brute_force() {
        let a = [3.0, 3.0, 4.0, 2.0, 5.0, 4.0];
        let b = [1.0, 2.0, 3.0, 3.0, 1.0];
        let (p, how) = independent_pvalue(&a, &b, Cancel::never()).unwrap();
        assert_eq!(how, "exact");
        assert!((p - brute(&a, &b)).abs() < 1e-12, "{p}");
        // complete separation: 2 of C(9, 4) splits
        let (p, _) = independent_pvalue(&[5.0, 6.0, 7.0, 8.0], &[1.0, 2.0, 3.0, 4.0, 0.0], Cancel::never()).unwrap();
        assert!((p - 2.0 / 126.0).abs() < 1e-15, "{p}");
    }

    #[test]
    fn paired_is_the_sign_test() {
        // 9 pairs all one way: 2 / 2^9
        assert_eq!(paired_pvalue(9, 0), 2.0 / 512.0);
        assert_eq!(paired_pvalue(3, 3), 1.0);
    }
}
