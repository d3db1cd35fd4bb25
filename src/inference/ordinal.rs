//! Tests on paired ordinal data: the sign test, the Wilcoxon signed-rank test (as
//! `scipy.stats.wilcoxon` 1.17 computes it, option for option), Cliff's delta with a confidence
//! interval, and Holm and Bonferroni adjustments.

use super::cliff_null::{independent_pvalue, paired_pvalue};
use super::special::{binom_half_cdf, binom_half_sf_ge, ndtr, ndtri};
use super::{check_confidence, choice, Alternative};
use crate::cancel::Cancel;
use crate::{Error, Result};

fn check_finite(d: &[f64], arg: &str) -> Result<()> {
    if let Some(i) = d.iter().position(|v| !v.is_finite()) {
        return Err(Error::value(format!("{arg}: row {i}: {} is not a finite number", d[i])));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// sign test

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

// ---------------------------------------------------------------------------------------------
// Wilcoxon signed-rank test

/// How zero differences enter the Wilcoxon test (scipy's `zero_method`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ZeroMethod {
    /// Zeros are dropped before ranking.
    Wilcox,
    /// Zeros are ranked, then dropped.
    Pratt,
    /// Zeros are ranked and their ranks split between the signs.
    Zsplit,
}

choice!(ZeroMethod, "zero_method", [
    "wilcox" => ZeroMethod::Wilcox,
    "pratt" => ZeroMethod::Pratt,
    "zsplit" => ZeroMethod::Zsplit,
]);

/// How the Wilcoxon p-value is found (scipy's `method`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WilcoxonMethod {
    /// scipy's rule: exact, permutation or asymptotic by the size of the data and its ties.
    Auto,
    /// The exact null distribution of the rank sum.
    Exact,
    /// The normal approximation.
    Asymptotic,
}

choice!(WilcoxonMethod, "method", [
    "auto" => WilcoxonMethod::Auto,
    "exact" => WilcoxonMethod::Exact,
    "asymptotic" => WilcoxonMethod::Asymptotic,
]);

/// How the p-value was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WilcoxonUsed {
    /// The exact null distribution of the rank sum.
    Exact,
    /// The normal approximation.
    Asymptotic,
    /// scipy's `method="auto"` with ties or zeros and n <= 13: every sign flip, counted.
    Permutation,
}

impl WilcoxonUsed {
    /// The name scipy gives this method.
    pub fn name(self) -> &'static str {
        match self {
            WilcoxonUsed::Exact => "exact",
            WilcoxonUsed::Asymptotic => "asymptotic",
            WilcoxonUsed::Permutation => "permutation",
        }
    }
}

/// The result of the Wilcoxon signed-rank test.
#[derive(Clone, Debug, PartialEq)]
pub struct Wilcoxon {
    /// `min(r_plus, r_minus)` for a two-sided test, `r_plus` otherwise.
    pub statistic: f64,
    /// The p-value (NaN where scipy's is).
    pub pvalue: f64,
    /// The normal deviate (NaN unless the asymptotic method was used).
    pub zstatistic: f64,
    /// The sum of the ranks of the positive differences.
    pub r_plus: f64,
    /// The sum of the ranks of the negative differences.
    pub r_minus: f64,
    /// How the p-value was found.
    pub method: WilcoxonUsed,
}

/// Values with their positions, sorted by value: runs of `RUN` sorted one by one, then merged
/// pairwise, the cancel flag polled every `RUN` values (a sort of 10^7 values takes seconds).
pub(crate) fn sort_interruptible(values: &[f64], cancel: &Cancel) -> Result<Vec<(f64, usize)>> {
    const RUN: usize = 1 << 16;
    let cmp = |a: &(f64, usize), b: &(f64, usize)| a.0.total_cmp(&b.0);
    let mut v: Vec<(f64, usize)> = values.iter().copied().zip(0..).collect();
    for chunk in v.chunks_mut(RUN) {
        cancel.check()?;
        chunk.sort_unstable_by(cmp);
    }
    let n = v.len();
    let mut buf: Vec<(f64, usize)> = Vec::with_capacity(n);
    let mut width = RUN;
    while width < n {
        buf.clear();
        for start in (0..n).step_by(2 * width) {
            cancel.check()?;
            let mid = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            let (mut i, mut j) = (start, mid);
            while i < mid && j < end {
                if buf.len() % RUN == 0 {
                    cancel.check()?;
                }
                if cmp(&v[j], &v[i]).is_lt() {
                    buf.push(v[j]);
                    j += 1;
                } else {
                    buf.push(v[i]);
                    i += 1;
                }
            }
            buf.extend_from_slice(&v[i..mid]);
            buf.extend_from_slice(&v[j..end]);
        }
        std::mem::swap(&mut v, &mut buf);
        width *= 2;
    }
    Ok(v)
}

/// Twice the mid-ranks (1-based) of `values`, as integers, with the tie group sizes.
pub(crate) fn doubled_midranks(values: &[f64], cancel: &Cancel) -> Result<(Vec<u64>, Vec<u64>)> {
    let n = values.len();
    let order = sort_interruptible(values, cancel)?;
    let mut ranks = vec![0u64; n];
    let mut ties = Vec::new();
    let mut i = 0;
    while i < n {
        let mut j = i + 1;
        while j < n && order[j].0 == order[i].0 {
            j += 1;
        }
        for &(_, o) in &order[i..j] {
            ranks[o] = (i + 1 + j) as u64; // twice the mean of ranks i+1..=j
        }
        ties.push((j - i) as u64);
        i = j;
    }
    Ok((ranks, ties))
}

/// Average ranks (1-based) of `values` and the sizes of the tie groups in ascending order:
/// half the [`doubled_midranks`] (exact: a whole number over two).
fn average_ranks(values: &[f64], cancel: &Cancel) -> Result<(Vec<f64>, Vec<u64>)> {
    let (doubled, ties) = doubled_midranks(values, cancel)?;
    Ok((doubled.into_iter().map(|r| r as f64 / 2.0).collect(), ties))
}

/// `_get_wilcoxon_distr(n)` of scipy: the null pmf of the rank sum, by the same halving steps.
fn wilcoxon_pmf(n: usize, cancel: &Cancel) -> Result<Vec<f64>> {
    let mut c = vec![1.0f64];
    for k in 1..=n {
        cancel.check()?;
        let prev = c;
        c = vec![0.0; k * (k + 1) / 2 + 1];
        let m = prev.len();
        for (i, &p) in prev.iter().enumerate() {
            c[i] = p * 0.5;
        }
        let off = c.len() - m;
        for (i, &p) in prev.iter().enumerate() {
            c[off + i] += p * 0.5;
        }
    }
    Ok(c)
}

fn wilcoxon_exact_p(r_plus: f64, count: usize, alternative: Alternative, cancel: &Cancel) -> Result<f64> {
    let pmf = wilcoxon_pmf(count, cancel)?;
    let mean = (count * (count + 1)) as f64 / 4.0;
    let len = pmf.len() as i64;
    let sum_range = |lo: i64, hi: i64| -> f64 {
        // sum of pmf[lo..hi] clipped to the support
        let lo = lo.clamp(0, len);
        let hi = hi.clamp(0, len);
        if lo >= hi {
            0.0
        } else {
            pmf[lo as usize..hi as usize].iter().sum()
        }
    };
    let cdf1 = |k: i64| sum_range(0, k + 1);
    let sf1 = |k: i64| sum_range(k, len);
    let cdf = |k: i64| if (k as f64) <= mean { cdf1(k) } else { 1.0 - sf1(k + 1) };
    let sf = |k: i64| if (k as f64) <= mean { sf1(k) } else { 1.0 - cdf1(k - 1) };
    let up = r_plus.ceil() as i64;
    let down = r_plus.floor() as i64;
    Ok(match alternative {
        Alternative::Less => cdf(up),
        Alternative::Greater => sf(down),
        Alternative::TwoSided => (2.0 * sf(down).min(cdf(up))).clamp(0.0, 1.0),
    })
}

/// The exact permutation p-value of `r_plus` over every sign flip of the non-zero differences,
/// counted by dynamic programming over doubled ranks (the same counts scipy's enumeration of all
/// `2**n` flips finds; zeros flip onto themselves and scale every count alike).
fn wilcoxon_permutation_p(ranks_nonzero: &[f64], r_plus_nonzero: f64, alternative: Alternative) -> f64 {
    let doubled: Vec<usize> = ranks_nonzero.iter().map(|r| (r * 2.0).round() as usize).collect();
    let total: usize = doubled.iter().sum();
    let mut counts = vec![0.0f64; total + 1];
    counts[0] = 1.0;
    let mut reach = 0;
    for &r in &doubled {
        for s in (0..=reach).rev() {
            let c = counts[s];
            if c != 0.0 {
                counts[s + r] += c;
            }
        }
        reach += r;
    }
    let all: f64 = 2f64.powi(ranks_nonzero.len() as i32);
    let obs = (r_plus_nonzero * 2.0).round() as usize;
    let le: f64 = counts[..=obs.min(total)].iter().sum();
    let ge: f64 = if obs > total { 0.0 } else { counts[obs..].iter().sum() };
    let p_less = le / all;
    let p_greater = ge / all;
    match alternative {
        Alternative::Less => p_less.clamp(0.0, 1.0),
        Alternative::Greater => p_greater.clamp(0.0, 1.0),
        Alternative::TwoSided => (2.0 * p_less.min(p_greater)).clamp(0.0, 1.0),
    }
}

/// The Wilcoxon signed-rank test of the differences `d`, equal to `scipy.stats.wilcoxon(d,
/// zero_method=..., correction=..., alternative=..., method=...)` of scipy 1.17. The cancel flag
/// is polled while sorting and while building the exact law.
pub fn wilcoxon(
    d: &[f64],
    zero_method: ZeroMethod,
    correction: bool,
    method: WilcoxonMethod,
    alternative: Alternative,
    cancel: &Cancel,
) -> Result<Wilcoxon> {
    check_finite(d, "x - y")?;
    if d.is_empty() {
        return Err(Error::value("x: no observations"));
    }
    let n_all = d.len();
    let n_zero = d.iter().filter(|&&v| v == 0.0).count();
    let method = if method == WilcoxonMethod::Auto && n_all > 50 { WilcoxonMethod::Asymptotic } else { method };

    // the values ranked: without zeros for "wilcox", all of them otherwise
    let ranked: Vec<f64> =
        if zero_method == ZeroMethod::Wilcox { d.iter().copied().filter(|&v| v != 0.0).collect() } else { d.to_vec() };
    let abs: Vec<f64> = ranked.iter().map(|v| v.abs()).collect();
    let (ranks, ties) = average_ranks(&abs, cancel)?;
    cancel.check()?;
    let count = ranked.len() as f64;
    let mut r_plus: f64 = ranked.iter().zip(&ranks).filter(|(v, _)| **v > 0.0).map(|(_, r)| r).sum();
    let mut r_minus: f64 = ranked.iter().zip(&ranks).filter(|(v, _)| **v < 0.0).map(|(_, r)| r).sum();
    let has_ties = ties.iter().any(|&t| t > 1);
    let r_zero: f64 = ranked.iter().zip(&ranks).filter(|(v, _)| **v == 0.0).map(|(_, r)| r).sum();
    if zero_method == ZeroMethod::Zsplit {
        r_plus += r_zero / 2.0;
        r_minus += r_zero / 2.0;
    }
    let mut mn = count * (count + 1.0) * 0.25;
    let mut se = count * (count + 1.0) * (2.0 * count + 1.0);
    let mut tie_groups: &[u64] = &ties;
    if zero_method == ZeroMethod::Pratt {
        let nz = n_zero as f64;
        mn -= nz * (nz + 1.0) * 0.25;
        se -= nz * (nz + 1.0) * (2.0 * nz + 1.0);
        if n_zero > 0 {
            tie_groups = &ties[1..]; // zeros rank lowest: their group comes first
        }
    }
    let tie_correct: f64 = tie_groups.iter().map(|&t| (t * t * t - t) as f64).sum();
    let se = ((se - tie_correct / 2.0) / 24.0).sqrt();
    let mut z = (r_plus - mn) / se;

    let used = match method {
        WilcoxonMethod::Auto if !(has_ties || n_zero > 0) => WilcoxonUsed::Exact,
        WilcoxonMethod::Auto if n_all <= 13 => WilcoxonUsed::Permutation,
        WilcoxonMethod::Auto | WilcoxonMethod::Asymptotic => WilcoxonUsed::Asymptotic,
        WilcoxonMethod::Exact => WilcoxonUsed::Exact,
    };
    if used == WilcoxonUsed::Permutation && n_all < 2 {
        // scipy.stats.wilcoxon raises here too (its permutation test needs two observations)
        return Err(Error::value(
            "x, y: one pair, with a zero difference: method='auto' would run the permutation test, which needs at \
             least 2 pairs (as in scipy.stats.wilcoxon); pass method='exact' or 'asymptotic'",
        ));
    }

    let pvalue = match used {
        WilcoxonUsed::Asymptotic => {
            if correction {
                let sign = match alternative {
                    Alternative::Greater => 1.0,
                    Alternative::Less => -1.0,
                    Alternative::TwoSided => {
                        if z > 0.0 {
                            1.0
                        } else if z < 0.0 {
                            -1.0
                        } else if z.is_nan() {
                            f64::NAN
                        } else {
                            0.0
                        }
                    }
                };
                z -= sign * 0.5 / se;
            }
            match alternative {
                Alternative::Less => ndtr(z),
                Alternative::Greater => ndtr(-z),
                Alternative::TwoSided => 2.0 * ndtr(-z.abs()),
            }
        }
        WilcoxonUsed::Exact => wilcoxon_exact_p(r_plus, ranked.len(), alternative, cancel)?,
        WilcoxonUsed::Permutation => {
            let nonzero_ranks: Vec<f64> =
                ranked.iter().zip(&ranks).filter(|(v, _)| **v != 0.0).map(|(_, r)| *r).collect();
            let r_plus_nonzero: f64 = ranked.iter().zip(&ranks).filter(|(v, _)| **v > 0.0).map(|(_, r)| r).sum();
            if nonzero_ranks.is_empty() {
                1.0
            } else {
                wilcoxon_permutation_p(&nonzero_ranks, r_plus_nonzero, alternative)
            }
        }
    };
    // `+ 0.0`: an empty f64 sum is -0.0 in Rust; scipy reports 0.0
    let statistic = if alternative == Alternative::TwoSided { r_plus.min(r_minus) } else { r_plus } + 0.0;
    let zstatistic = if used == WilcoxonUsed::Asymptotic {
        if alternative == Alternative::TwoSided {
            -z.abs()
        } else {
            z
        }
    } else {
        f64::NAN
    };
    Ok(Wilcoxon { statistic, pvalue, zstatistic, r_plus: r_plus + 0.0, r_minus: r_minus + 0.0, method: used })
}

// ---------------------------------------------------------------------------------------------
// Cliff's delta

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

/// Cliff's delta of two independent samples: `P(a > b) - P(a < b)` over all `m n` pairs, with
/// the consistent variance estimate of Cliff (1996, eq. 3.13; Feng & Cliff 2004) bounded below
/// by `(1 - d^2) / (m n - 1)`, and the asymmetric interval above (`n_eff = m n - 1`). Counts use
/// the sorted `b`, so the work is `O((m + n) log n)`. The p-value is the permutation test's
/// ([`independent_pvalue`]: exact for small samples).
pub fn cliffs_delta(a: &[f64], b: &[f64], confidence_level: f64, cancel: &Cancel) -> Result<CliffsDelta> {
    check_finite(a, "a")?;
    check_finite(b, "b")?;
    check_confidence(confidence_level)?;
    let (m, n) = (a.len(), b.len());
    if m < 2 || n < 2 {
        return Err(Error::value(format!(
            "a, b: Cliff's delta needs at least 2 values in each sample, got {m} and {n}"
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
        return Err(Error::value(format!("a, b: the paired Cliff's delta needs at least 2 pairs, got {n}")));
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

// ---------------------------------------------------------------------------------------------
// multiple comparisons

fn check_pvalues(p: &[f64]) -> Result<()> {
    if let Some(i) = p.iter().position(|v| !(0.0..=1.0).contains(v)) {
        return Err(Error::value(format!("pvalues: element {i}: {} is not a probability in [0, 1]", p[i])));
    }
    Ok(())
}

/// Holm's step-down adjustment (Holm 1979): `max_{j <= i} min(1, (m - j + 1) p_(j))` in
/// ascending order, returned in the input order.
pub fn holm(p: &[f64]) -> Result<Vec<f64>> {
    check_pvalues(p)?;
    let m = p.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&a, &b| p[a].total_cmp(&p[b]));
    let mut out = vec![0.0; m];
    let mut running: f64 = 0.0;
    for (j, &i) in order.iter().enumerate() {
        running = running.max(((m - j) as f64 * p[i]).min(1.0));
        out[i] = running;
    }
    Ok(out)
}

/// Bonferroni's adjustment: `min(1, m p)`.
pub fn bonferroni(p: &[f64]) -> Result<Vec<f64>> {
    check_pvalues(p)?;
    let m = p.len() as f64;
    Ok(p.iter().map(|&v| (v * m).min(1.0)).collect())
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

    #[test]
    fn wilcoxon_exact_small() {
        // no ties, no zeros: exact; r_plus = 1 + 2 + 4 = 7 of 10, n = 4
        let d = [1.0, -3.0, 2.0, 4.0];
        let r = wilcoxon(&d, ZeroMethod::Wilcox, false, WilcoxonMethod::Auto, Alternative::Greater, Cancel::never())
            .unwrap();
        assert_eq!(r.method, WilcoxonUsed::Exact);
        assert_eq!(r.statistic, 7.0);
        // P(R+ >= 7) over 16 subsets of {1,2,3,4}: sums 7,7,8,9,10 -> 5/16
        assert!((r.pvalue - 5.0 / 16.0).abs() < 1e-15);
    }

    #[test]
    fn wilcoxon_permutation_matches_enumeration() {
        let d = [1.0, 1.0, -1.0, 2.0, 0.0, 1.0, -2.0];
        let r = wilcoxon(&d, ZeroMethod::Pratt, false, WilcoxonMethod::Auto, Alternative::TwoSided, Cancel::never())
            .unwrap();
        assert_eq!(r.method, WilcoxonUsed::Permutation);
        // brute force over 2^7 flips
        let (ranks, _) = average_ranks(&d.iter().map(|v: &f64| v.abs()).collect::<Vec<_>>(), Cancel::never()).unwrap();
        let obs: f64 = d.iter().zip(&ranks).filter(|(v, _)| **v > 0.0).map(|(_, r)| r).sum();
        let (mut le, mut ge) = (0, 0);
        for mask in 0..128u32 {
            let s: f64 = (0..7).filter(|i| d[*i] != 0.0 && mask >> i & 1 == 1).map(|i| ranks[i]).sum();
            le += (s <= obs) as u32;
            ge += (s >= obs) as u32;
        }
        let p = (2.0 * (le.min(ge) as f64) / 128.0).min(1.0);
        assert!((r.pvalue - p).abs() < 1e-15);
    }

    #[test]
    fn wilcoxon_one_zero_pair_refused_like_scipy() {
        let e =
            wilcoxon(&[0.0], ZeroMethod::Wilcox, false, WilcoxonMethod::Auto, Alternative::TwoSided, Cancel::never())
                .unwrap_err();
        assert!(e.to_string().starts_with("x, y: one pair"), "{e}");
        // scipy answers these: exact, or one non-zero difference
        assert!(wilcoxon(
            &[0.0],
            ZeroMethod::Wilcox,
            false,
            WilcoxonMethod::Exact,
            Alternative::TwoSided,
            Cancel::never()
        )
        .is_ok());
        assert_eq!(
            wilcoxon(&[1.0], ZeroMethod::Wilcox, false, WilcoxonMethod::Auto, Alternative::TwoSided, Cancel::never())
                .unwrap()
                .pvalue,
            1.0
        );
    }

    #[test]
    fn sorting_in_runs_is_a_sort_and_stops_when_asked() {
        let v: Vec<f64> = (0..300_000u64).map(|i| ((i * 7919) % 1000) as f64).collect();
        let sorted = sort_interruptible(&v, Cancel::never()).unwrap();
        assert!(sorted.windows(2).all(|w| w[0].0 <= w[1].0));
        let mut idx: Vec<usize> = sorted.iter().map(|p| p.1).collect();
        idx.sort_unstable();
        assert!(idx.iter().enumerate().all(|(i, &j)| i == j));
        let stop = Cancel::new();
        stop.request();
        let e = wilcoxon(&v, ZeroMethod::Wilcox, false, WilcoxonMethod::Asymptotic, Alternative::TwoSided, &stop);
        assert_eq!(e, Err(Error::Interrupted));
        assert_eq!(cliffs_delta(&v, &v, 0.95, &stop), Err(Error::Interrupted));
    }

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
    fn holm_by_hand() {
        let p = [0.01, 0.04, 0.03, 0.005];
        let h = holm(&p).unwrap();
        // sorted 0.005*4=0.02, 0.01*3=0.03, 0.03*2=0.06, 0.04*1 -> max 0.06
        let want = [0.03, 0.06, 0.06, 0.02];
        for (a, b) in h.iter().zip(want) {
            assert!((a - b).abs() < 1e-15);
        }
        assert_eq!(bonferroni(&[0.3, 0.1]).unwrap(), vec![0.6, 0.2]);
    }
}
