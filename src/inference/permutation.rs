//! Seeded permutation tests of a mean difference: sign flips of paired differences and label
//! shuffles of independent samples, with scipy's p-value rules (exact when the whole
//! permutation set is no larger than the resamples asked for). See [`super::resample`] for the
//! reproducibility and speed rules they share with the bootstrap.

use rand::{Rng, RngExt};
use rand_distr::{Binomial, Distribution};
use rayon::prelude::*;

use super::resample::{
    alias_counts, all_whole, block_len, block_rng, check_data, check_resamples, distinct, n_blocks, tick, Progress,
    CALLABLE_BATCH_BYTES, MAX_CONVOLUTION_WORK,
};
use super::special::ln_choose;
use super::{check_at_least_two, Alternative};
use crate::cancel::Cancel;
use crate::Result;

/// How a permutation test runs: how many resamples, which alternative, and the seed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PermutationOptions {
    /// Resamples to draw (1 to [`super::resample::MAX_RESAMPLES`]); the whole permutation set
    /// is used instead when it is no larger.
    pub n_resamples: u64,
    /// The alternative hypothesis.
    pub alternative: Alternative,
    /// One seed, one answer, whatever the number of threads.
    pub seed: u64,
}

// permutation tests

#[derive(Clone, Debug, PartialEq)]
/// The result of a permutation test.
pub struct Permutation {
    /// The observed mean difference.
    pub statistic: f64,
    /// The p-value, by scipy's rules.
    pub pvalue: f64,
    /// Resamples drawn, or the size of the full permutation set when `exact`.
    pub n_resamples: u64,
    /// Whether the whole permutation set was used.
    pub exact: bool,
    /// Which kernel ran: "exact-sum", "binomial", "sign-bits", "shuffle" or "enumeration".
    pub path: &'static str,
}

/// The rules of a permutation test, whatever computes the statistic: at least 2 pairs
/// (`paired`) or 2 observations in each sample (as in scipy.stats), and 1 to
/// [`super::resample::MAX_RESAMPLES`] resamples. Returns the number of resamples.
pub fn check_permutation(x_rows: usize, y_rows: usize, paired: bool, n_resamples: i128) -> Result<u64> {
    if paired {
        check_at_least_two(x_rows, "x, y", "a paired permutation test", "pairs")?;
    } else {
        check_at_least_two(x_rows, "x", "a permutation test", "observations")?;
        check_at_least_two(y_rows, "y", "a permutation test", "observations")?;
    }
    check_resamples(n_resamples)
}

/// How a permutation test of a Python statistic runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Plan {
    /// Whether the whole permutation set is used.
    pub exact: bool,
    /// Permutations to evaluate: the whole set when `exact`, else the resamples asked for.
    pub total: u64,
    /// Random permutations per batch of a vectorized statistic: as many as fit in
    /// [`CALLABLE_BATCH_BYTES`] at 24 bytes per value and permutation (the permuted indices,
    /// the permuted values, and the random numbers or flips drawn), at least 1.
    pub batch: u64,
}

/// The permutation set a test uses, by the rules of [`check_permutation`]: every permutation
/// when the whole set (`2^n` sign flips of `n` pairs, or `C(m + n, m)` splits) is no larger
/// than `n_resamples`, else `n_resamples` random ones, in batches bounded by memory.
pub fn plan(x_rows: usize, y_rows: usize, paired: bool, n_resamples: u64) -> Result<Plan> {
    let n_resamples = check_permutation(x_rows, y_rows, paired, n_resamples.into())?;
    let exact = if paired {
        paired_exact(x_rows, n_resamples).then(|| 1u64 << x_rows)
    } else {
        choose_at_most((x_rows + y_rows) as u64, x_rows as u64, n_resamples)
    };
    let values = if paired { x_rows } else { x_rows + y_rows } as u64;
    let batch = (CALLABLE_BATCH_BYTES / (24 * values)).clamp(1, n_resamples);
    Ok(match exact {
        Some(size) => Plan { exact: true, total: size, batch },
        None => Plan { exact: false, total: n_resamples, batch },
    })
}

/// The permutation p-value from the law of the permuted sum (`law[k]`: counts of sum `k` when
/// `exact_size` is the size of the full permutation set, else probabilities to draw
/// `n_resamples` Monte Carlo sums from), `obs` being the observed sum's index.
fn from_sum_law(
    law: &[f64],
    obs: usize,
    statistic: f64,
    exact_size: Option<u64>,
    opts: &PermutationOptions,
    progress: Progress<'_>,
    cancel: &Cancel,
) -> Result<Permutation> {
    let PermutationOptions { n_resamples, alternative, seed } = *opts;
    match exact_size {
        Some(size) => {
            let all: f64 = law.iter().sum();
            let (le, ge) = tails(law, obs);
            Ok(Permutation {
                statistic,
                pvalue: pvalue_from(le, ge, all, 0.0, alternative),
                n_resamples: size,
                exact: true,
                path: "exact-sum",
            })
        }
        None => {
            let hist = alias_counts(law, n_resamples, seed, progress, cancel)?;
            let (le, ge) = tails_u64(&hist, obs);
            Ok(Permutation {
                statistic,
                pvalue: pvalue_from(le, ge, n_resamples as f64, 1.0, alternative),
                n_resamples,
                exact: false,
                path: "exact-sum",
            })
        }
    }
}

/// A Monte Carlo permutation result from the counts of resampled statistics at most (`le`)
/// and at least (`ge`) the observed one.
fn monte_carlo(
    statistic: f64,
    le: u64,
    ge: u64,
    n_resamples: u64,
    alternative: Alternative,
    path: &'static str,
) -> Permutation {
    let pvalue = pvalue_from(le as f64, ge as f64, n_resamples as f64, 1.0, alternative);
    Permutation { statistic, pvalue, n_resamples, exact: false, path }
}

/// The p-value of `observed` against a null distribution of permuted statistics computed
/// elsewhere (a Python callable): scipy's rules, comparing with a relative tolerance of
/// `100 eps`, exact (`exact`: `null` is the whole permutation set) or Monte Carlo (`(count + 1)
/// / (n + 1)`).
pub fn pvalue_of_null(null: &[f64], observed: f64, exact: bool, alternative: Alternative) -> f64 {
    let gamma = (f64::EPSILON * 100.0 * observed).abs();
    let le = null.iter().filter(|&&v| v <= observed + gamma).count() as f64;
    let ge = null.iter().filter(|&&v| v >= observed - gamma).count() as f64;
    pvalue_from(le, ge, null.len() as f64, if exact { 0.0 } else { 1.0 }, alternative)
}

fn pvalue_from(le: f64, ge: f64, total: f64, adjustment: f64, alternative: Alternative) -> f64 {
    let p_less = (le + adjustment) / (total + adjustment);
    let p_greater = (ge + adjustment) / (total + adjustment);
    match alternative {
        Alternative::Less => p_less.clamp(0.0, 1.0),
        Alternative::Greater => p_greater.clamp(0.0, 1.0),
        Alternative::TwoSided => (2.0 * p_less.min(p_greater)).clamp(0.0, 1.0),
    }
}

/// Count `<=` and `>=` the observed index over a pmf/count vector.
fn tails(weights: &[f64], obs: usize) -> (f64, f64) {
    let le = weights[..=obs.min(weights.len() - 1)].iter().sum();
    let ge = if obs >= weights.len() { 0.0 } else { weights[obs..].iter().sum() };
    (le, ge)
}

fn tails_u64(counts: &[u64], obs: usize) -> (f64, f64) {
    let le: u64 = counts[..=obs.min(counts.len() - 1)].iter().sum();
    let ge: u64 = if obs >= counts.len() { 0 } else { counts[obs..].iter().sum() };
    (le as f64, ge as f64)
}

/// How far apart two sums of `values` (each of at most `values.len()` terms) may come out of
/// floating-point arithmetic when they are equal in exact arithmetic, inputs read as the
/// decimals they were written as: each sum is within `k eps sum |v|` of its exact value (`k`
/// terms, each rounding at most half an ulp of a partial sum, and each input half an ulp off
/// its decimal), so `2 (k + 1) eps sum |v|`. Permuted sums within this of the observed one are
/// ties, and count as at least as extreme (scipy compares its statistics with a relative
/// tolerance of `100 eps |observed|` instead, which misses ties where the observed statistic
/// is near zero, or small beside the values).
fn tie_tolerance(values: &[f64]) -> f64 {
    let scale: f64 = values.iter().map(|v| v.abs()).sum();
    2.0 * (values.len() as f64 + 1.0) * f64::EPSILON * scale
}

/// Is `2^n <= n_resamples`, i.e. is the whole sign-flip set no larger than what was asked?
fn paired_exact(n: usize, n_resamples: u64) -> bool {
    n < 63 && (1u64 << n) <= n_resamples
}

/// `C(n, k) <= limit`?
fn choose_at_most(n: u64, k: u64, limit: u64) -> Option<u64> {
    let k = k.min(n - k);
    let mut c: u128 = 1;
    for i in 0..k {
        c = c * (n - i) as u128 / (i + 1) as u128;
        if c > limit as u128 {
            return None;
        }
    }
    Some(c as u64)
}

/// The sign-flip permutation test of the mean of the paired differences `d` (scipy's
/// `permutation_test((d,), np.mean, permutation_type="samples")` with the same p-value rules:
/// exact when `2^n <= n_resamples`, else `(count + 1) / (n_resamples + 1)`). The cancel flag
/// is polled at block boundaries.
pub fn permutation_paired(
    d: &[f64],
    opts: &PermutationOptions,
    progress: Progress<'_>,
    cancel: &Cancel,
) -> Result<Permutation> {
    check_data(d, "x - y")?;
    let n_resamples = check_permutation(d.len(), d.len(), true, opts.n_resamples.into())?;
    let PermutationOptions { alternative, seed, .. } = *opts;
    let n = d.len();
    let nf = n as f64;
    let statistic = d.iter().sum::<f64>() / nf;
    let exact = paired_exact(n, n_resamples);
    let abs: Vec<f64> = d.iter().map(|v| v.abs()).filter(|&v| v > 0.0).collect();
    let (mags, mult) = distinct(&abs);
    let total_abs: f64 = abs.iter().sum();

    if all_whole(d) && total_abs <= 4e6 {
        let t = total_abs as usize;
        let work: f64 = mult.iter().map(|&m| (m + 1) as f64).sum::<f64>() * (2 * t + 1) as f64;
        if work <= MAX_CONVOLUTION_WORK {
            // counts (exact) or probabilities (Monte Carlo) of the flipped sum, offset by t
            let mut w = vec![0.0f64; 2 * t + 1];
            w[t] = 1.0;
            for (&a, &m) in mags.iter().zip(&mult) {
                cancel.check()?;
                let a = a as usize;
                let coef: Vec<f64> = if exact {
                    let mut c = vec![1.0f64; m as usize + 1];
                    for b in 1..=m as usize {
                        c[b] = (c[b - 1] * (m as usize - b + 1) as f64 / b as f64).round();
                    }
                    c
                } else {
                    (0..=m).map(|b| (ln_choose(m, b) - m as f64 * std::f64::consts::LN_2).exp()).collect()
                };
                let mut next = vec![0.0f64; 2 * t + 1];
                for (s, &p) in w.iter().enumerate() {
                    if p == 0.0 {
                        continue;
                    }
                    // sum + a (2b - m)
                    for (b, &c) in coef.iter().enumerate() {
                        let idx = s as i64 + a as i64 * (2 * b as i64 - m as i64);
                        next[idx as usize] += p * c;
                    }
                }
                w = next;
            }
            let obs = (d.iter().sum::<f64>() as i64 + t as i64) as usize;
            let exact_size = exact.then(|| 1u64 << n);
            return from_sum_law(&w, obs, statistic, exact_size, opts, progress, cancel);
        }
    }

    // general data: compare the flipped sums with the observed sum, ties within rounding
    let s_obs: f64 = d.iter().sum();
    let gamma = tie_tolerance(d);
    if !exact && !mags.is_empty() && mags.len() <= 64 {
        // few distinct |d|: the flipped sum is sum_a a (2 B_a - m_a), one binomial per |d|
        let laws: Vec<(f64, f64, Binomial)> = mags
            .iter()
            .zip(&mult)
            .map(|(&a, &m)| (a, m as f64, Binomial::new(m, 0.5).expect("p = 1/2 is valid")))
            .collect();
        let (le, ge) = (0..n_blocks(n_resamples))
            .into_par_iter()
            .map(|b| {
                cancel.check()?;
                let mut rng = block_rng(seed, b);
                let (mut le, mut ge) = (0u64, 0u64);
                for _ in 0..block_len(n_resamples, b) {
                    let s: f64 = laws.iter().map(|(a, m, law)| a * (2.0 * law.sample(&mut rng) as f64 - m)).sum();
                    le += (s <= s_obs + gamma) as u64;
                    ge += (s >= s_obs - gamma) as u64;
                }
                tick(progress, block_len(n_resamples, b));
                Ok((le, ge))
            })
            .try_reduce(|| (0, 0), |a, b| Ok((a.0 + b.0, a.1 + b.1)))?;
        return Ok(monte_carlo(statistic, le, ge, n_resamples, alternative, "binomial"));
    }
    let count = |s: f64, le: &mut u64, ge: &mut u64| {
        *le += (s <= s_obs + gamma) as u64;
        *ge += (s >= s_obs - gamma) as u64;
    };
    if exact {
        // every flip of the non-zero values (zeros flip onto themselves)
        let k = abs.len();
        let mut le = 0u64;
        let mut ge = 0u64;
        let total = 1u64 << k;
        for mask in 0..total {
            if mask % (1 << 16) == 0 {
                cancel.check()?;
            }
            let mut s = 0.0;
            for (i, a) in abs.iter().enumerate() {
                s += if mask >> i & 1 == 1 { *a } else { -*a };
            }
            count(s, &mut le, &mut ge);
        }
        return Ok(Permutation {
            statistic,
            pvalue: pvalue_from(le as f64, ge as f64, total as f64, 0.0, alternative),
            n_resamples: 1u64 << n,
            exact: true,
            path: "enumeration",
        });
    }
    let (le, ge) = (0..n_blocks(n_resamples))
        .into_par_iter()
        .map(|b| {
            let mut rng = block_rng(seed, b);
            let (mut le, mut ge) = (0u64, 0u64);
            for r in 0..block_len(n_resamples, b) {
                if r % 64 == 0 {
                    cancel.check()?;
                }
                let mut s = 0.0;
                let mut bits = 0u64;
                for (i, v) in d.iter().enumerate() {
                    if i % 64 == 0 {
                        bits = rng.next_u64();
                    }
                    s += if bits & 1 == 1 { *v } else { -*v };
                    bits >>= 1;
                }
                count(s, &mut le, &mut ge);
            }
            tick(progress, block_len(n_resamples, b));
            Ok((le, ge))
        })
        .try_reduce(|| (0, 0), |a, b| Ok((a.0 + b.0, a.1 + b.1)))?;
    Ok(monte_carlo(statistic, le, ge, n_resamples, alternative, "sign-bits"))
}

/// The label-shuffling permutation test of `mean(x) - mean(y)` for independent samples
/// (scipy's `permutation_type="independent"`): exact when `C(m + n, m) <= n_resamples`. The
/// cancel flag is polled at block boundaries.
pub fn permutation_independent(
    x: &[f64],
    y: &[f64],
    opts: &PermutationOptions,
    progress: Progress<'_>,
    cancel: &Cancel,
) -> Result<Permutation> {
    check_data(x, "x")?;
    check_data(y, "y")?;
    let n_resamples = check_permutation(x.len(), y.len(), false, opts.n_resamples.into())?;
    let PermutationOptions { alternative, seed, .. } = *opts;
    let (m, n) = (x.len(), y.len());
    let (mf, nf) = (m as f64, n as f64);
    let pooled: Vec<f64> = x.iter().chain(y).copied().collect();
    let total: f64 = pooled.iter().sum();
    let stat_of = |sx: f64| sx / mf - (total - sx) / nf;
    let sx_obs: f64 = x.iter().sum();
    let statistic = stat_of(sx_obs);
    let n_all = (m + n) as u64;
    let exact_size = choose_at_most(n_all, m as u64, n_resamples);
    let exact = exact_size.is_some();
    let (values, counts) = distinct(&pooled);

    if all_whole(&pooled) {
        let lo = values[0] as i64;
        let spread = (*values.last().unwrap() as i64 - lo) as usize; // values shifted to 0..=spread
        let width = m * spread + 1; // sums of m shifted values
        let work: f64 = counts.iter().map(|&c| (c.min(m as u64) + 1) as f64).sum::<f64>() * ((m + 1) * width) as f64;
        if work <= MAX_CONVOLUTION_WORK {
            // dp[k][s]: ways to pick k items with shifted sum s
            let idx = |k: usize, s: usize| k * width + s;
            let mut dp = vec![0.0f64; (m + 1) * width];
            dp[0] = 1.0;
            let mut picked = 0usize;
            for (&v, &c) in values.iter().zip(&counts) {
                cancel.check()?;
                let shift = (v as i64 - lo) as usize;
                let cmax = (c as usize).min(m);
                let coef: Vec<f64> = if exact {
                    let mut w = vec![1.0f64; cmax + 1];
                    for j in 1..=cmax {
                        w[j] = (w[j - 1] * (c as usize - j + 1) as f64 / j as f64).round();
                    }
                    w
                } else {
                    {
                        let top = ln_choose(c, c / 2);
                        (0..=cmax as u64).map(|j| (ln_choose(c, j) - top).exp()).collect()
                    }
                };
                let mut next = vec![0.0f64; (m + 1) * width];
                for k in 0..=picked.min(m) {
                    for s in 0..width {
                        let p = dp[idx(k, s)];
                        if p == 0.0 {
                            continue;
                        }
                        for (j, &w) in coef.iter().enumerate() {
                            if k + j > m {
                                break;
                            }
                            next[idx(k + j, s + j * shift)] += p * w;
                        }
                    }
                }
                picked += cmax;
                if !exact {
                    let top = next.iter().copied().fold(0.0, f64::max);
                    if top > 0.0 {
                        next.iter_mut().for_each(|p| *p /= top);
                    }
                }
                dp = next;
            }
            let law = &dp[idx(m, 0)..idx(m, 0) + width];
            let obs = (sx_obs as i64 - lo * m as i64) as usize;
            let exact_size = if exact { exact_size } else { None };
            return from_sum_law(law, obs, statistic, exact_size, opts, progress, cancel);
        }
    }

    // the statistic grows with the sum of the first sample: compare sums, ties within rounding
    let gamma = tie_tolerance(&pooled);
    if exact {
        // every m-subset of the pooled rows, by index recursion
        let mut le = 0u64;
        let mut ge = 0u64;
        let mut pick = (0..m).collect::<Vec<usize>>();
        let mut done = 0u64;
        loop {
            if done % (1 << 16) == 0 {
                cancel.check()?;
            }
            done += 1;
            let sx: f64 = pick.iter().map(|&i| pooled[i]).sum();
            le += (sx <= sx_obs + gamma) as u64;
            ge += (sx >= sx_obs - gamma) as u64;
            // next combination
            let nn = m + n;
            let mut i = m;
            loop {
                if i == 0 {
                    let all = exact_size.unwrap() as f64;
                    return Ok(Permutation {
                        statistic,
                        pvalue: pvalue_from(le as f64, ge as f64, all, 0.0, alternative),
                        n_resamples: exact_size.unwrap(),
                        exact: true,
                        path: "enumeration",
                    });
                }
                i -= 1;
                if pick[i] < nn - m + i {
                    pick[i] += 1;
                    for j in i + 1..m {
                        pick[j] = pick[j - 1] + 1;
                    }
                    break;
                }
            }
        }
    }
    let (le, ge) = (0..n_blocks(n_resamples))
        .into_par_iter()
        .map(|b| {
            let mut rng = block_rng(seed, b);
            let mut buf = pooled.clone();
            let (mut le, mut ge) = (0u64, 0u64);
            let nn = buf.len();
            for r in 0..block_len(n_resamples, b) {
                if r % 64 == 0 {
                    cancel.check()?;
                }
                let mut sx = 0.0;
                for i in 0..m {
                    let j = rng.random_range(i..nn);
                    buf.swap(i, j);
                    sx += buf[i];
                }
                le += (sx <= sx_obs + gamma) as u64;
                ge += (sx >= sx_obs - gamma) as u64;
            }
            tick(progress, block_len(n_resamples, b));
            Ok((le, ge))
        })
        .try_reduce(|| (0, 0), |a, b| Ok((a.0 + b.0, a.1 + b.1)))?;
    Ok(monte_carlo(statistic, le, ge, n_resamples, alternative, "shuffle"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_arguments() {
        let opts = PermutationOptions { n_resamples: 10, alternative: Alternative::TwoSided, seed: 1 };
        assert!(permutation_paired(&[], &opts, None, Cancel::never()).is_err());
        let e = permutation_paired(&[1.0], &opts, None, Cancel::never()).unwrap_err().to_string();
        assert!(e.starts_with("x, y: a paired permutation test needs at least 2 pairs"), "{e}");
    }

    #[test]
    fn a_requested_stop_ends_every_path() {
        let stop = Cancel::new();
        stop.request();
        let opts = PermutationOptions { n_resamples: 1000, alternative: Alternative::TwoSided, seed: 1 };
        let floats: Vec<f64> = (0..300).map(|i| f64::from(i) * 0.37 - 40.0).collect();
        for d in [vec![1.0, -2.0, 3.0, 1.0, 0.0, 2.0, -1.0, 4.0, 2.0, 1.0, 3.0], floats.clone()] {
            assert_eq!(permutation_paired(&d, &opts, None, &stop), Err(crate::Error::Interrupted));
            assert_eq!(permutation_independent(&d, &d, &opts, None, &stop), Err(crate::Error::Interrupted));
        }
    }

    #[test]
    fn paired_exact_equals_enumeration() {
        let d = [1.0, -2.0, 1.0, 0.0, 3.0, 1.0, -1.0, 2.0];
        let fast = permutation_paired(
            &d,
            &PermutationOptions { n_resamples: 10_000, alternative: Alternative::TwoSided, seed: 1 },
            None,
            Cancel::never(),
        )
        .unwrap();
        assert!(fast.exact);
        assert_eq!(fast.path, "exact-sum");
        // the general enumeration, on the same data scaled to non-integers, gives the same p
        let scaled: Vec<f64> = d.iter().map(|v| v * 1.1).collect();
        let slow = permutation_paired(
            &scaled,
            &PermutationOptions { n_resamples: 10_000, alternative: Alternative::TwoSided, seed: 1 },
            None,
            Cancel::never(),
        )
        .unwrap();
        assert_eq!(slow.path, "enumeration");
        assert!((fast.pvalue - slow.pvalue).abs() < 1e-12, "{} {}", fast.pvalue, slow.pvalue);
    }

    #[test]
    fn independent_exact_equals_enumeration() {
        let x = [1.0, 2.0, 2.0, 4.0, 3.0];
        let y = [1.0, 1.0, 2.0, 3.0];
        let fast = permutation_independent(
            &x,
            &y,
            &PermutationOptions { n_resamples: 10_000, alternative: Alternative::Greater, seed: 1 },
            None,
            Cancel::never(),
        )
        .unwrap();
        assert!(fast.exact && fast.path == "exact-sum");
        let xs: Vec<f64> = x.iter().map(|v| v * 1.1).collect();
        let ys: Vec<f64> = y.iter().map(|v| v * 1.1).collect();
        let slow = permutation_independent(
            &xs,
            &ys,
            &PermutationOptions { n_resamples: 10_000, alternative: Alternative::Greater, seed: 1 },
            None,
            Cancel::never(),
        )
        .unwrap();
        assert_eq!(slow.path, "enumeration");
        assert_eq!(fast.n_resamples, 126);
        assert!((fast.pvalue - slow.pvalue).abs() < 1e-12, "{} {}", fast.pvalue, slow.pvalue);
    }

    #[test]
    fn binomial_path_agrees_with_sign_bits() {
        // few distinct non-integer |d|: binomial path; compare with the exact-law path on the
        // same data scaled to integers (same law, different streams): within Monte Carlo error
        let d: Vec<f64> = (0..200).map(|i| [0.0, 0.5, -0.5, 1.5, 0.5][i % 5]).collect();
        let a = permutation_paired(
            &d,
            &PermutationOptions { n_resamples: 200_000, alternative: Alternative::Greater, seed: 3 },
            None,
            Cancel::never(),
        )
        .unwrap();
        assert_eq!(a.path, "binomial");
        let ints: Vec<f64> = d.iter().map(|v| v * 2.0).collect();
        let b = permutation_paired(
            &ints,
            &PermutationOptions { n_resamples: 200_000, alternative: Alternative::Greater, seed: 4 },
            None,
            Cancel::never(),
        )
        .unwrap();
        assert_eq!(b.path, "exact-sum");
        assert!((a.pvalue - b.pvalue).abs() < 0.01, "{} {}", a.pvalue, b.pvalue);
    }

    #[test]
    fn exact_tests_count_ties_of_decimals() {
        // mean(x) - mean(y) = 0 exactly for the decimals; every split with a zero difference
        // ties it, though its float sum may differ in the last bit: p = 1 (84 of 84 splits)
        let opts = PermutationOptions { n_resamples: 10_000, alternative: Alternative::TwoSided, seed: 1 };
        let r =
            permutation_independent(&[0.5, 0.5, 0.3], &[1.1, 0.1, 0.3, 0.3, 0.1, 0.7], &opts, None, Cancel::never())
                .unwrap();
        assert_eq!((r.exact, r.path, r.n_resamples), (true, "enumeration", 84));
        assert_eq!(r.pvalue, 1.0);
        // paired: 3.3 - 0.5, 0.5 - 0.1, ... ; P(mean <= observed) = 34 / 64 in exact arithmetic
        let (x, y) = ([3.3, 0.5, 1.1, 0.3, 3.3, 1.1], [0.5, 0.1, 0.2, 2.2, 3.3, 3.3]);
        let d: Vec<f64> = x.iter().zip(&y).map(|(a, b)| a - b).collect();
        let less = PermutationOptions { alternative: Alternative::Less, ..opts };
        let r = permutation_paired(&d, &less, None, Cancel::never()).unwrap();
        assert_eq!(r.pvalue, 34.0 / 64.0);
    }
}
