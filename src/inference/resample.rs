//! Seeded resampling: bootstrap intervals and permutation tests.
//!
//! Reproducibility: the resamples are cut into blocks of [`BLOCK`]; block `b` draws from its
//! own generator seeded by a hash of `(seed, b)`, and blocks are merged in order (or summed,
//! which is order-free), so one seed gives one answer whatever the number of threads.
//!
//! Speed: scores take few distinct values. When the data are whole numbers the statistic of a
//! resample (a sum) has a small integer support, and its exact distribution is built once by
//! convolution: the bootstrap sum is the `n`-fold convolution of the data's own distribution,
//! the sign-flip sum is a convolution of one scaled binomial per distinct `|d|`, and the
//! label-shuffle sum is a multivariate hypergeometric convolution. Each resample is then one
//! draw from that distribution by the alias method, which is the same law as resampling the
//! rows one by one. Other data fall back to multinomial counts by conditional binomials (few
//! distinct values; for sign flips, one binomial per distinct `|d|`) or to plain row
//! resampling and random sign bits.

use rand::{Rng, RngExt, SeedableRng};
use rand_distr::{Binomial, Distribution};
use rand_pcg::Pcg64Mcg;
use rayon::prelude::*;

use super::special::{ln_choose, ndtr, ndtri};
use super::Alternative;
use crate::{Error, Result};

/// Told how many resamples a block just finished (for a progress bar); called from the
/// worker threads, once per block.
pub type Progress<'a> = Option<&'a (dyn Fn(u64) + Sync)>;

fn tick(progress: Progress<'_>, n: u64) {
    if let Some(f) = progress {
        f(n);
    }
}

/// The most resamples one call may draw: the slow paths keep one `f64` per resample (80 MB).
pub const MAX_RESAMPLES: u64 = 10_000_000;
/// Resamples per block, each block with its own generator.
pub const BLOCK: u64 = 1 << 14;
/// The most work (multiply-adds) spent building an exact distribution before falling back.
const MAX_CONVOLUTION_WORK: f64 = 6e7;

fn splitmix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The generator of block `block` of a call seeded with `seed`.
pub fn block_rng(seed: u64, block: u64) -> Pcg64Mcg {
    Pcg64Mcg::seed_from_u64(splitmix(seed ^ splitmix(block.wrapping_add(0x5EED))))
}

fn n_blocks(n: u64) -> u64 {
    n.div_ceil(BLOCK)
}

fn block_len(n: u64, b: u64) -> u64 {
    (n - b * BLOCK).min(BLOCK)
}

fn check_resamples(n: u64) -> Result<()> {
    if !(1..=MAX_RESAMPLES).contains(&n) {
        return Err(Error::value(format!("n_resamples: expected an integer from 1 to {MAX_RESAMPLES}, got {n}")));
    }
    Ok(())
}

fn check_data(d: &[f64], arg: &str) -> Result<()> {
    if d.is_empty() {
        return Err(Error::value(format!("{arg}: no observations")));
    }
    if let Some(i) = d.iter().position(|v| !v.is_finite()) {
        return Err(Error::value(format!("{arg}: row {i}: {} is not a finite number", d[i])));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// alias sampling

/// Walker's alias table (Vose's construction); one `u64` per draw: the high half of `u * k`
/// picks the column, the low half decides between the column and its alias.
struct Alias {
    keep: Vec<u64>,
    alias: Vec<u32>,
    /// support index of each column
    index: Vec<u32>,
}

impl Alias {
    /// A table for the positive weights among `weights` (indices with zero weight never come).
    fn new(weights: &[f64]) -> Self {
        let index: Vec<u32> = (0..weights.len() as u32).filter(|&i| weights[i as usize] > 0.0).collect();
        let k = index.len();
        let total: f64 = index.iter().map(|&i| weights[i as usize]).sum();
        let mut scaled: Vec<f64> = index.iter().map(|&i| weights[i as usize] * k as f64 / total).collect();
        let mut alias: Vec<u32> = (0..k as u32).collect();
        let mut keep = vec![u64::MAX; k];
        let (mut small, mut large): (Vec<usize>, Vec<usize>) = (0..k).partition(|&i| scaled[i] < 1.0);
        while let (Some(s), Some(&l)) = (small.pop(), large.last()) {
            keep[s] = (scaled[s] * 18_446_744_073_709_551_616.0).min(u64::MAX as f64) as u64;
            alias[s] = l as u32;
            scaled[l] -= 1.0 - scaled[s];
            if scaled[l] < 1.0 {
                large.pop();
                small.push(l);
            }
        }
        // leftovers (rounding) keep their own column
        Alias { keep, alias, index }
    }

    #[inline(always)]
    fn sample(&self, u: u64) -> usize {
        let m = (u as u128) * (self.keep.len() as u128);
        let col = (m >> 64) as usize;
        let frac = m as u64;
        let c = if frac < self.keep[col] { col } else { self.alias[col] as usize };
        self.index[c] as usize
    }
}

/// Counts per support index of `n` draws from `weights`, in parallel blocks.
fn alias_counts(weights: &[f64], n: u64, seed: u64, progress: Progress<'_>) -> Vec<u64> {
    let table = Alias::new(weights);
    let len = weights.len();
    (0..n_blocks(n))
        .into_par_iter()
        .map(|b| {
            let mut rng = block_rng(seed, b);
            let mut counts = vec![0u64; len];
            for _ in 0..block_len(n, b) {
                counts[table.sample(rng.next_u64())] += 1;
            }
            tick(progress, block_len(n, b));
            counts
        })
        .reduce(
            || vec![0u64; len],
            |mut a, b| {
                a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
                a
            },
        )
}

// ---------------------------------------------------------------------------------------------
// distributions of a statistic: (value, count) ascending

struct Dist {
    values: Vec<f64>,
    counts: Vec<u64>,
    total: u64,
}

impl Dist {
    fn from_hist(values: Vec<f64>, counts: Vec<u64>) -> Self {
        let (values, counts): (Vec<f64>, Vec<u64>) = values.into_iter().zip(counts).filter(|(_, c)| *c > 0).unzip();
        let total = counts.iter().sum();
        Dist { values, counts, total }
    }

    fn from_values(mut v: Vec<f64>) -> Self {
        v.sort_unstable_by(|a, b| a.total_cmp(b));
        let mut values = Vec::new();
        let mut counts = Vec::new();
        for x in v {
            if values.last() == Some(&x) {
                *counts.last_mut().unwrap() += 1;
            } else {
                values.push(x);
                counts.push(1);
            }
        }
        let total = counts.iter().sum();
        Dist { values, counts, total }
    }

    /// The value at 0-based position `k` of the sorted resamples.
    fn at(&self, k: u64) -> f64 {
        let mut seen = 0;
        for (v, c) in self.values.iter().zip(&self.counts) {
            seen += c;
            if k < seen {
                return *v;
            }
        }
        *self.values.last().unwrap()
    }

    /// `numpy.quantile(..., method="linear")` of the resamples.
    fn quantile(&self, p: f64) -> f64 {
        if !(0.0..=1.0).contains(&p) {
            return f64::NAN;
        }
        let h = (self.total - 1) as f64 * p;
        let lo = h.floor();
        let g = h - lo;
        let a = self.at(lo as u64);
        if g == 0.0 {
            return a;
        }
        let b = self.at(lo as u64 + 1);
        a + g * (b - a)
    }

    /// scipy's `_percentile_of_score`: `(#(< s) + #(<= s)) / (2 B)`.
    fn percentile_of_score(&self, s: f64) -> f64 {
        let mut below = 0;
        let mut not_above = 0;
        for (v, c) in self.values.iter().zip(&self.counts) {
            if *v < s {
                below += c;
            }
            if *v <= s {
                not_above += c;
            }
        }
        (below + not_above) as f64 / (2 * self.total) as f64
    }

    fn std(&self) -> f64 {
        let n = self.total as f64;
        let mean: f64 = self.values.iter().zip(&self.counts).map(|(v, c)| v * *c as f64).sum::<f64>() / n;
        let ss: f64 = self.values.iter().zip(&self.counts).map(|(v, c)| (v - mean).powi(2) * *c as f64).sum();
        (ss / (n - 1.0)).sqrt()
    }
}

// ---------------------------------------------------------------------------------------------
// helpers on data

/// Distinct values ascending with their counts.
fn distinct(d: &[f64]) -> (Vec<f64>, Vec<u64>) {
    let mut s = d.to_vec();
    s.sort_unstable_by(|a, b| a.total_cmp(b));
    let mut v: Vec<f64> = Vec::new();
    let mut c: Vec<u64> = Vec::new();
    for x in s {
        if v.last() == Some(&x) {
            *c.last_mut().unwrap() += 1;
        } else {
            v.push(x);
            c.push(1);
        }
    }
    (v, c)
}

fn all_whole(d: &[f64]) -> bool {
    d.iter().all(|v| v.fract() == 0.0 && v.abs() < 1e9)
}

fn median_sorted(s: &[f64]) -> f64 {
    let n = s.len();
    if n % 2 == 1 {
        s[n / 2]
    } else {
        (s[n / 2 - 1] + s[n / 2]) / 2.0
    }
}

/// The median of data given as distinct ascending values and their counts.
fn median_counts(values: &[f64], counts: &[u64], n: u64) -> f64 {
    // 0-based positions (n-1)/2 and n/2
    let (p, q) = ((n - 1) / 2, n / 2);
    let mut seen = 0;
    let mut a = f64::NAN;
    for (v, c) in values.iter().zip(counts) {
        let next = seen + c;
        if a.is_nan() && p < next {
            a = *v;
        }
        if q < next {
            return if p == q { a } else { (a + v) / 2.0 };
        }
        seen = next;
    }
    a
}

/// Multinomial counts of `n` draws over `probs` by conditional binomials.
fn multinomial<R: Rng + ?Sized>(rng: &mut R, n: u64, probs: &[f64], out: &mut [u64]) {
    let mut left = n;
    let mut rest = 1.0f64;
    let k = probs.len();
    for i in 0..k {
        if left == 0 {
            out[i] = 0;
            continue;
        }
        if i == k - 1 {
            out[i] = left;
            break;
        }
        let p = (probs[i] / rest).clamp(0.0, 1.0);
        let x = if p >= 1.0 { left } else { Binomial::new(left, p).map(|b| b.sample(rng)).unwrap_or(0) };
        out[i] = x;
        left -= x;
        rest -= probs[i];
    }
}

// ---------------------------------------------------------------------------------------------
// bootstrap

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Statistic {
    Mean,
    Median,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CiMethod {
    Percentile,
    Basic,
    Bca,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Bootstrap {
    pub statistic: f64,
    pub low: f64,
    pub high: f64,
    pub standard_error: f64,
    pub n_resamples: u64,
    /// Which kernel ran: "exact-sum" (alias draws from the exact law of the resample sum),
    /// "multinomial" (counts by conditional binomials) or "rows" (rows drawn one by one).
    pub path: &'static str,
}

fn statistic_of(d: &[f64], stat: Statistic) -> f64 {
    match stat {
        Statistic::Mean => d.iter().sum::<f64>() / d.len() as f64,
        Statistic::Median => {
            let mut s = d.to_vec();
            s.sort_unstable_by(|a, b| a.total_cmp(b));
            median_sorted(&s)
        }
    }
}

/// The law of the sum of `n` draws with replacement from whole-number data, or None when it
/// would cost too much to build. Returns (lowest sum, pmf).
fn bootstrap_sum_pmf(values: &[f64], counts: &[u64], n: u64) -> Option<(i64, Vec<f64>)> {
    let lo = values[0] as i64;
    let hi = *values.last().unwrap() as i64;
    let w = (hi - lo) as usize + 1;
    let width = n as f64 * (w - 1) as f64 + 1.0;
    if width * n as f64 * values.len() as f64 / 2.0 > MAX_CONVOLUTION_WORK {
        return None;
    }
    let nf = n as f64;
    let step: Vec<(usize, f64)> =
        values.iter().zip(counts).map(|(v, c)| ((*v as i64 - lo) as usize, *c as f64 / nf)).collect();
    let mut pmf = vec![1.0f64];
    for _ in 0..n {
        let mut next = vec![0.0f64; pmf.len() + w - 1];
        for (s, &p) in pmf.iter().enumerate() {
            if p == 0.0 {
                continue;
            }
            for &(o, q) in &step {
                next[s + o] += p * q;
            }
        }
        pmf = next;
    }
    Some((lo * n as i64, pmf))
}

/// The bootstrap distribution of the mean or the median of `d` from `n_resamples` resamples.
fn bootstrap_dist(
    d: &[f64],
    stat: Statistic,
    n_resamples: u64,
    seed: u64,
    progress: Progress<'_>,
) -> (Dist, &'static str) {
    let n = d.len() as u64;
    let (values, counts) = distinct(d);
    if stat == Statistic::Mean && all_whole(d) {
        if let Some((low_sum, pmf)) = bootstrap_sum_pmf(&values, &counts, n) {
            let hist = alias_counts(&pmf, n_resamples, seed, progress);
            let vals = (0..pmf.len()).map(|i| (low_sum + i as i64) as f64 / n as f64).collect();
            return (Dist::from_hist(vals, hist), "exact-sum");
        }
    }
    let k = values.len();
    let blocks: Vec<Vec<f64>> = if k <= 64 {
        let probs: Vec<f64> = counts.iter().map(|&c| c as f64 / n as f64).collect();
        (0..n_blocks(n_resamples))
            .into_par_iter()
            .map(|b| {
                let mut rng = block_rng(seed, b);
                let mut got = vec![0u64; k];
                tick(progress, block_len(n_resamples, b));
                (0..block_len(n_resamples, b))
                    .map(|_| {
                        multinomial(&mut rng, n, &probs, &mut got);
                        match stat {
                            Statistic::Mean => {
                                values.iter().zip(&got).map(|(v, c)| v * *c as f64).sum::<f64>() / n as f64
                            }
                            Statistic::Median => median_counts(&values, &got, n),
                        }
                    })
                    .collect()
            })
            .collect()
    } else {
        (0..n_blocks(n_resamples))
            .into_par_iter()
            .map(|b| {
                let mut rng = block_rng(seed, b);
                let mut buf = vec![0.0f64; n as usize];
                tick(progress, block_len(n_resamples, b));
                (0..block_len(n_resamples, b))
                    .map(|_| {
                        for x in buf.iter_mut() {
                            *x = d[rng.random_range(0..n as usize)];
                        }
                        match stat {
                            Statistic::Mean => buf.iter().sum::<f64>() / n as f64,
                            Statistic::Median => {
                                let m = buf.len();
                                let (_, hi, _) = buf.select_nth_unstable_by(m / 2, |a, b| a.total_cmp(b));
                                let hi = *hi;
                                if m % 2 == 1 {
                                    hi
                                } else {
                                    let lo = buf[..m / 2].iter().copied().fold(f64::NEG_INFINITY, f64::max);
                                    (lo + hi) / 2.0
                                }
                            }
                        }
                    })
                    .collect()
            })
            .collect()
    };
    let path = if k <= 64 { "multinomial" } else { "rows" };
    (Dist::from_values(blocks.concat()), path)
}

/// The jackknife acceleration of BCa (Efron & Tibshirani 1993, eq. 14.15), as scipy computes it.
fn acceleration(d: &[f64], stat: Statistic) -> f64 {
    let n = d.len();
    let theta_i: Vec<f64> = match stat {
        Statistic::Mean => {
            let s: f64 = d.iter().sum();
            d.iter().map(|v| (s - v) / (n - 1) as f64).collect()
        }
        Statistic::Median => {
            let mut order: Vec<usize> = (0..n).collect();
            order.sort_by(|&a, &b| d[a].total_cmp(&d[b]));
            let sorted: Vec<f64> = order.iter().map(|&i| d[i]).collect();
            let mut out = vec![0.0; n];
            for (pos, &i) in order.iter().enumerate() {
                // leaving out sorted[pos]: the median of the others
                let m = n - 1;
                let get = |j: usize| if j < pos { sorted[j] } else { sorted[j + 1] };
                out[i] = if m == 0 {
                    f64::NAN
                } else if m % 2 == 1 {
                    get(m / 2)
                } else {
                    (get(m / 2 - 1) + get(m / 2)) / 2.0
                };
            }
            out
        }
    };
    let nf = n as f64;
    let dot = theta_i.iter().sum::<f64>() / nf;
    let u: Vec<f64> = theta_i.iter().map(|t| (nf - 1.0) * (dot - t)).collect();
    let num = u.iter().map(|x| x * x * x).sum::<f64>() / nf.powi(3);
    let den = u.iter().map(|x| x * x).sum::<f64>() / nf.powi(2);
    num / den.powf(1.5) / 6.0
}

/// BCa is undefined on degenerate data: an error (scipy warns and returns NaN), never a NaN
/// interval.
fn bca_degenerate(why: &str) -> Error {
    Error::value(format!("method='bca': {why}, so the BCa interval is undefined; use method='percentile' (or 'basic')"))
}

#[allow(clippy::too_many_arguments)]
/// A bootstrap confidence interval of the mean or the median of `d` (for paired data, `d` are
/// the differences), as `scipy.stats.bootstrap` defines the percentile, basic and BCa methods.
pub fn bootstrap(
    d: &[f64],
    stat: Statistic,
    n_resamples: u64,
    method: CiMethod,
    confidence_level: f64,
    alternative: Alternative,
    seed: u64,
    progress: Progress<'_>,
) -> Result<Bootstrap> {
    check_data(d, "data")?;
    check_resamples(n_resamples)?;
    if !(confidence_level > 0.0 && confidence_level < 1.0) {
        return Err(Error::value(format!(
            "confidence_level: expected a number between 0 and 1, got {confidence_level}"
        )));
    }
    if method == CiMethod::Bca && d.len() < 2 {
        return Err(Error::value("data: the BCa method needs at least 2 observations"));
    }
    let theta = statistic_of(d, stat);
    let (dist, path) = bootstrap_dist(d, stat, n_resamples, seed, progress);
    let alpha =
        if alternative == Alternative::TwoSided { (1.0 - confidence_level) / 2.0 } else { 1.0 - confidence_level };
    let (a1, a2) = match method {
        CiMethod::Bca => {
            if let [only] = dist.values[..] {
                return Err(bca_degenerate(&format!("every resample has the same statistic ({only})")));
            }
            let z0 = ndtri(dist.percentile_of_score(theta));
            if !z0.is_finite() {
                return Err(bca_degenerate(&format!(
                    "the statistic ({theta}) lies beyond every resample's, so the bias correction is infinite"
                )));
            }
            let a = acceleration(d, stat);
            if !a.is_finite() {
                return Err(bca_degenerate(
                    "every leave-one-out (jackknife) statistic is the same, so the acceleration is undefined",
                ));
            }
            let za = ndtri(alpha);
            let n1 = z0 + za;
            let n2 = z0 - za;
            (ndtr(z0 + n1 / (1.0 - a * n1)), ndtr(z0 + n2 / (1.0 - a * n2)))
        }
        _ => (alpha, 1.0 - alpha),
    };
    if a1.is_nan() || a2.is_nan() {
        return Err(bca_degenerate("its adjusted levels are undefined"));
    }
    let q = |p: f64| if p.is_nan() { f64::NAN } else { dist.quantile(p) };
    let (mut low, mut high) = (q(a1), q(a2));
    if method == CiMethod::Basic {
        (low, high) = (2.0 * theta - high, 2.0 * theta - low);
    }
    match alternative {
        Alternative::Less => low = f64::NEG_INFINITY,
        Alternative::Greater => high = f64::INFINITY,
        Alternative::TwoSided => {}
    }
    Ok(Bootstrap { statistic: theta, low, high, standard_error: dist.std(), n_resamples, path })
}

// ---------------------------------------------------------------------------------------------
// permutation tests

#[derive(Clone, Debug, PartialEq)]
pub struct Permutation {
    pub statistic: f64,
    pub pvalue: f64,
    /// Resamples drawn, or the size of the full permutation set when `exact`.
    pub n_resamples: u64,
    pub exact: bool,
    pub path: &'static str,
}

/// The permutation p-value from the law of the permuted sum (`law[k]`: counts of sum `k` when
/// `exact_size` is the size of the full permutation set, else probabilities to draw
/// `n_resamples` Monte Carlo sums from), `obs` being the observed sum's index.
#[allow(clippy::too_many_arguments)]
fn from_sum_law(
    law: &[f64],
    obs: usize,
    statistic: f64,
    exact_size: Option<u64>,
    n_resamples: u64,
    seed: u64,
    progress: Progress<'_>,
    alternative: Alternative,
) -> Permutation {
    match exact_size {
        Some(size) => {
            let all: f64 = law.iter().sum();
            let (le, ge) = tails(law, obs);
            Permutation {
                statistic,
                pvalue: pvalue_from(le, ge, all, 0.0, alternative),
                n_resamples: size,
                exact: true,
                path: "exact-sum",
            }
        }
        None => {
            let hist = alias_counts(law, n_resamples, seed, progress);
            let (le, ge) = tails_u64(&hist, obs);
            Permutation {
                statistic,
                pvalue: pvalue_from(le, ge, n_resamples as f64, 1.0, alternative),
                n_resamples,
                exact: false,
                path: "exact-sum",
            }
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
/// exact when `2^n <= n_resamples`, else `(count + 1) / (n_resamples + 1)`).
pub fn permutation_paired(
    d: &[f64],
    n_resamples: u64,
    alternative: Alternative,
    seed: u64,
    progress: Progress<'_>,
) -> Result<Permutation> {
    check_data(d, "x - y")?;
    check_resamples(n_resamples)?;
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
            return Ok(from_sum_law(&w, obs, statistic, exact_size, n_resamples, seed, progress, alternative));
        }
    }

    // general data: compare means with scipy's relative tolerance
    let gamma = (f64::EPSILON * 100.0 * statistic).abs();
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
                let mut rng = block_rng(seed, b);
                let (mut le, mut ge) = (0u64, 0u64);
                for _ in 0..block_len(n_resamples, b) {
                    let s: f64 = laws.iter().map(|(a, m, law)| a * (2.0 * law.sample(&mut rng) as f64 - m)).sum();
                    let mean = s / nf;
                    le += (mean <= statistic + gamma) as u64;
                    ge += (mean >= statistic - gamma) as u64;
                }
                tick(progress, block_len(n_resamples, b));
                (le, ge)
            })
            .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
        return Ok(monte_carlo(statistic, le, ge, n_resamples, alternative, "binomial"));
    }
    let count = |m: f64, le: &mut u64, ge: &mut u64| {
        *le += (m <= statistic + gamma) as u64;
        *ge += (m >= statistic - gamma) as u64;
    };
    if exact {
        // every flip of the non-zero values (zeros flip onto themselves)
        let k = abs.len();
        let mut le = 0u64;
        let mut ge = 0u64;
        let total = 1u64 << k;
        for mask in 0..total {
            let mut s = 0.0;
            for (i, a) in abs.iter().enumerate() {
                s += if mask >> i & 1 == 1 { *a } else { -*a };
            }
            count(s / nf, &mut le, &mut ge);
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
            for _ in 0..block_len(n_resamples, b) {
                let mut s = 0.0;
                let mut bits = 0u64;
                for (i, v) in d.iter().enumerate() {
                    if i % 64 == 0 {
                        bits = rng.next_u64();
                    }
                    s += if bits & 1 == 1 { *v } else { -*v };
                    bits >>= 1;
                }
                count(s / nf, &mut le, &mut ge);
            }
            tick(progress, block_len(n_resamples, b));
            (le, ge)
        })
        .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    Ok(monte_carlo(statistic, le, ge, n_resamples, alternative, "sign-bits"))
}

/// The label-shuffling permutation test of `mean(x) - mean(y)` for independent samples
/// (scipy's `permutation_type="independent"`): exact when `C(m + n, m) <= n_resamples`.
pub fn permutation_independent(
    x: &[f64],
    y: &[f64],
    n_resamples: u64,
    alternative: Alternative,
    seed: u64,
    progress: Progress<'_>,
) -> Result<Permutation> {
    check_data(x, "x")?;
    check_data(y, "y")?;
    check_resamples(n_resamples)?;
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
            return Ok(from_sum_law(law, obs, statistic, exact_size, n_resamples, seed, progress, alternative));
        }
    }

    let gamma = (f64::EPSILON * 100.0 * statistic).abs();
    if exact {
        // every m-subset of the pooled rows, by index recursion
        let mut le = 0u64;
        let mut ge = 0u64;
        let mut pick = (0..m).collect::<Vec<usize>>();
        loop {
            let sx: f64 = pick.iter().map(|&i| pooled[i]).sum();
            let s = stat_of(sx);
            le += (s <= statistic + gamma) as u64;
            ge += (s >= statistic - gamma) as u64;
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
            for _ in 0..block_len(n_resamples, b) {
                let mut sx = 0.0;
                for i in 0..m {
                    let j = rng.random_range(i..nn);
                    buf.swap(i, j);
                    sx += buf[i];
                }
                let s = stat_of(sx);
                le += (s <= statistic + gamma) as u64;
                ge += (s >= statistic - gamma) as u64;
            }
            tick(progress, block_len(n_resamples, b));
            (le, ge)
        })
        .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    Ok(monte_carlo(statistic, le, ge, n_resamples, alternative, "shuffle"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scores() -> Vec<f64> {
        // 40 differences: 14 of +-1, the rest 0
        (0..40)
            .map(|i| {
                if i % 3 == 0 {
                    if i % 2 == 0 {
                        1.0
                    } else {
                        -1.0
                    }
                } else {
                    0.0
                }
            })
            .collect()
    }

    #[test]
    fn same_seed_same_answer_whatever_the_threads() {
        let d = scores();
        let a =
            bootstrap(&d, Statistic::Mean, 50_000, CiMethod::Percentile, 0.95, Alternative::TwoSided, 7, None).unwrap();
        let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
        let b = pool.install(|| {
            bootstrap(&d, Statistic::Mean, 50_000, CiMethod::Percentile, 0.95, Alternative::TwoSided, 7, None).unwrap()
        });
        assert_eq!(a, b);
        assert_eq!(a.path, "exact-sum");
    }

    #[test]
    fn exact_sum_law_matches_brute_force() {
        // n = 3 draws from {0, 1, 1}: sum is Binomial(3, 2/3)
        let (lo, pmf) = bootstrap_sum_pmf(&[0.0, 1.0], &[1, 2], 3).unwrap();
        assert_eq!(lo, 0);
        let want = [1.0 / 27.0, 6.0 / 27.0, 12.0 / 27.0, 8.0 / 27.0];
        for (a, b) in pmf.iter().zip(want) {
            assert!((a - b).abs() < 1e-15);
        }
    }

    #[test]
    fn paired_exact_equals_enumeration() {
        let d = [1.0, -2.0, 1.0, 0.0, 3.0, 1.0, -1.0, 2.0];
        let fast = permutation_paired(&d, 10_000, Alternative::TwoSided, 1, None).unwrap();
        assert!(fast.exact);
        assert_eq!(fast.path, "exact-sum");
        // the general enumeration, on the same data scaled to non-integers, gives the same p
        let scaled: Vec<f64> = d.iter().map(|v| v * 1.1).collect();
        let slow = permutation_paired(&scaled, 10_000, Alternative::TwoSided, 1, None).unwrap();
        assert_eq!(slow.path, "enumeration");
        assert!((fast.pvalue - slow.pvalue).abs() < 1e-12, "{} {}", fast.pvalue, slow.pvalue);
    }

    #[test]
    fn independent_exact_equals_enumeration() {
        let x = [1.0, 2.0, 2.0, 4.0, 3.0];
        let y = [1.0, 1.0, 2.0, 3.0];
        let fast = permutation_independent(&x, &y, 10_000, Alternative::Greater, 1, None).unwrap();
        assert!(fast.exact && fast.path == "exact-sum");
        let xs: Vec<f64> = x.iter().map(|v| v * 1.1).collect();
        let ys: Vec<f64> = y.iter().map(|v| v * 1.1).collect();
        let slow = permutation_independent(&xs, &ys, 10_000, Alternative::Greater, 1, None).unwrap();
        assert_eq!(slow.path, "enumeration");
        assert_eq!(fast.n_resamples, 126);
        assert!((fast.pvalue - slow.pvalue).abs() < 1e-12, "{} {}", fast.pvalue, slow.pvalue);
    }

    #[test]
    fn binomial_path_agrees_with_sign_bits() {
        // few distinct non-integer |d|: binomial path; compare with the exact-law path on the
        // same data scaled to integers (same law, different streams): within Monte Carlo error
        let d: Vec<f64> = (0..200).map(|i| [0.0, 0.5, -0.5, 1.5, 0.5][i % 5]).collect();
        let a = permutation_paired(&d, 200_000, Alternative::Greater, 3, None).unwrap();
        assert_eq!(a.path, "binomial");
        let ints: Vec<f64> = d.iter().map(|v| v * 2.0).collect();
        let b = permutation_paired(&ints, 200_000, Alternative::Greater, 4, None).unwrap();
        assert_eq!(b.path, "exact-sum");
        assert!((a.pvalue - b.pvalue).abs() < 0.01, "{} {}", a.pvalue, b.pvalue);
    }

    #[test]
    fn quantile_is_numpy_linear() {
        let dist = Dist::from_values(vec![3.0, 1.0, 2.0, 2.0]);
        assert_eq!(dist.quantile(0.5), 2.0);
        assert!((dist.quantile(0.1) - 1.3).abs() < 1e-12);
        assert_eq!(dist.percentile_of_score(2.0), (1.0 + 3.0) / 8.0);
    }

    #[test]
    fn bca_on_degenerate_data_is_an_error_not_nan() {
        for d in [vec![2.0; 4], vec![0.5, 0.5, 0.5]] {
            for stat in [Statistic::Mean, Statistic::Median] {
                let e = bootstrap(&d, stat, 1000, CiMethod::Bca, 0.95, Alternative::TwoSided, 1, None).unwrap_err();
                assert!(e.to_string().contains("method='bca': every resample has the same statistic"), "{e}");
                let p = bootstrap(&d, stat, 1000, CiMethod::Percentile, 0.95, Alternative::TwoSided, 1, None).unwrap();
                assert_eq!((p.low, p.high), (d[0], d[0]));
            }
        }
        // resamples differ but no jackknife statistic does: the median of [0, 1, 1, 1, 1, 2]
        let d = [0.0, 1.0, 1.0, 1.0, 1.0, 2.0];
        let e =
            bootstrap(&d, Statistic::Median, 5000, CiMethod::Bca, 0.95, Alternative::TwoSided, 1, None).unwrap_err();
        assert!(e.to_string().contains("acceleration is undefined"), "{e}");
    }

    #[test]
    fn bad_arguments() {
        assert!(
            bootstrap(&[1.0], Statistic::Mean, 0, CiMethod::Percentile, 0.95, Alternative::TwoSided, 1, None).is_err()
        );
        assert!(
            bootstrap(&[1.0], Statistic::Mean, 10, CiMethod::Percentile, 1.0, Alternative::TwoSided, 1, None).is_err()
        );
        assert!(permutation_paired(&[], 10, Alternative::TwoSided, 1, None).is_err());
    }
}
