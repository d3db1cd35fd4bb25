//! Seeded resampling: the shared machinery (block generators, alias tables, exact laws of
//! sums) and the bootstrap of a mean or a median. Intervals are in [`super::interval`],
//! permutation tests in [`super::permutation`].
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

use super::interval::{interval, CiMethod, Dist, IntervalOptions};
use super::{check_at_least_two, check_confidence, choice};
use crate::cancel::Cancel;
use crate::{Error, Result};

/// Told how many resamples a block just finished (for a progress bar); called from the
/// worker threads, once per block.
pub type Progress<'a> = Option<&'a (dyn Fn(u64) + Sync)>;

pub(crate) fn tick(progress: Progress<'_>, n: u64) {
    if let Some(f) = progress {
        f(n);
    }
}

/// The most resamples one call may draw: the slow paths keep one `f64` per resample (80 MB).
pub const MAX_RESAMPLES: u64 = 10_000_000;
/// Resamples per block, each block with its own generator.
pub const BLOCK: u64 = 1 << 14;
/// The most work (multiply-adds) spent building an exact distribution before falling back.
pub(crate) const MAX_CONVOLUTION_WORK: f64 = 6e7;

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

pub(crate) fn n_blocks(n: u64) -> u64 {
    n.div_ceil(BLOCK)
}

pub(crate) fn block_len(n: u64, b: u64) -> u64 {
    (n - b * BLOCK).min(BLOCK)
}

/// The number of resamples must be from 1 to [`MAX_RESAMPLES`].
pub fn check_resamples(n: i128) -> Result<u64> {
    if !(1..=MAX_RESAMPLES as i128).contains(&n) {
        return Err(Error::value(format!("n_resamples: expected an integer from 1 to {MAX_RESAMPLES}, got {n}")));
    }
    Ok(n as u64)
}

pub(crate) fn check_data(d: &[f64], arg: &str) -> Result<()> {
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

/// Counts per support index of `n` draws from `weights`, in parallel blocks (the cancel flag
/// is polled once a block).
pub(crate) fn alias_counts(
    weights: &[f64],
    n: u64,
    seed: u64,
    progress: Progress<'_>,
    cancel: &Cancel,
) -> Result<Vec<u64>> {
    let table = Alias::new(weights);
    let len = weights.len();
    (0..n_blocks(n))
        .into_par_iter()
        .map(|b| {
            cancel.check()?;
            let mut rng = block_rng(seed, b);
            let mut counts = vec![0u64; len];
            for _ in 0..block_len(n, b) {
                counts[table.sample(rng.next_u64())] += 1;
            }
            tick(progress, block_len(n, b));
            Ok(counts)
        })
        .try_reduce(
            || vec![0u64; len],
            |mut a, b| {
                a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
                Ok(a)
            },
        )
}

// ---------------------------------------------------------------------------------------------
// helpers on data

/// Distinct values ascending with their counts.
pub(crate) fn distinct(d: &[f64]) -> (Vec<f64>, Vec<u64>) {
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

pub(crate) fn all_whole(d: &[f64]) -> bool {
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

/// The statistic the compiled bootstrap computes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Statistic {
    /// The arithmetic mean.
    Mean,
    /// The median (the mean of the two middle values for an even count).
    Median,
}

choice!(Statistic, "statistic", ["mean" => Statistic::Mean, "median" => Statistic::Median]);

/// A bootstrap estimate with its interval.
#[derive(Clone, Debug, PartialEq)]
pub struct Bootstrap {
    /// The statistic of the data.
    pub statistic: f64,
    /// Lower end of the interval.
    pub low: f64,
    /// Upper end of the interval.
    pub high: f64,
    /// The standard deviation of the bootstrap distribution (ddof = 1); None with one resample.
    pub standard_error: Option<f64>,
    /// Resamples drawn.
    pub n_resamples: u64,
    /// The interval method.
    pub method: CiMethod,
    /// Which kernel ran: "exact-sum" (alias draws from the exact law of the resample sum),
    /// "multinomial" (counts by conditional binomials) or "rows" (rows drawn one by one).
    pub path: &'static str,
    /// The resampled statistics, in ascending order (the kernels count them by value, so
    /// their draw order is not kept).
    pub distribution: Vec<f64>,
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
fn bootstrap_sum_pmf(values: &[f64], counts: &[u64], n: u64, cancel: &Cancel) -> Result<Option<(i64, Vec<f64>)>> {
    let lo = values[0] as i64;
    let hi = *values.last().unwrap() as i64;
    let w = (hi - lo) as usize + 1;
    let width = n as f64 * (w - 1) as f64 + 1.0;
    if width * n as f64 * values.len() as f64 / 2.0 > MAX_CONVOLUTION_WORK {
        return Ok(None);
    }
    let nf = n as f64;
    let step: Vec<(usize, f64)> =
        values.iter().zip(counts).map(|(v, c)| ((*v as i64 - lo) as usize, *c as f64 / nf)).collect();
    let mut pmf = vec![1.0f64];
    for _ in 0..n {
        cancel.check()?;
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
    Ok(Some((lo * n as i64, pmf)))
}

/// A kernel's bootstrap distribution, with the statistic of the data computed the way the
/// kernel computes a resample's, and how far apart two computations of one value may lie.
struct Drawn {
    dist: Dist,
    path: &'static str,
    /// The statistic of the data by the kernel's own arithmetic (same summation order), so
    /// that a resample holding the data's multiset gives exactly this value.
    observed: f64,
    /// Resampled statistics within this of `observed` count as equal to it (BCa's bias
    /// correction): 0 where the kernel's arithmetic is exact or ordered like `observed`'s;
    /// the bound on the rounding of a mean of `n` values, `2 n eps max|d|`, where rows are
    /// summed in draw order.
    tolerance: f64,
}

/// The mean of data given as distinct values and their counts, summed in that order: the one
/// formula for the statistic of the data and of every multinomial resample.
fn mean_counts(values: &[f64], counts: &[u64], n: u64) -> f64 {
    values.iter().zip(counts).map(|(v, c)| v * *c as f64).sum::<f64>() / n as f64
}

/// The bootstrap distribution of the mean or the median of `d` from `n_resamples` resamples.
/// The cancel flag is polled once a block (once a resample where a resample costs `O(n)`).
fn bootstrap_dist(
    d: &[f64],
    stat: Statistic,
    n_resamples: u64,
    seed: u64,
    progress: Progress<'_>,
    cancel: &Cancel,
) -> Result<Drawn> {
    let n = d.len() as u64;
    let (values, counts) = distinct(d);
    let theta = statistic_of(d, stat);
    if stat == Statistic::Mean && all_whole(d) {
        if let Some((low_sum, pmf)) = bootstrap_sum_pmf(&values, &counts, n, cancel)? {
            let hist = alias_counts(&pmf, n_resamples, seed, progress, cancel)?;
            let vals = (0..pmf.len()).map(|i| (low_sum + i as i64) as f64 / n as f64).collect();
            // whole numbers below 1e9: every sum is exact, every mean one correctly rounded quotient
            let observed = d.iter().sum::<f64>() / n as f64;
            return Ok(Drawn { dist: Dist::from_hist(vals, hist), path: "exact-sum", observed, tolerance: 0.0 });
        }
    }
    let k = values.len();
    if k <= 64 {
        let probs: Vec<f64> = counts.iter().map(|&c| c as f64 / n as f64).collect();
        let blocks = (0..n_blocks(n_resamples))
            .into_par_iter()
            .map(|b| {
                cancel.check()?;
                let mut rng = block_rng(seed, b);
                let mut got = vec![0u64; k];
                let mut out = Vec::with_capacity(block_len(n_resamples, b) as usize);
                for _ in 0..block_len(n_resamples, b) {
                    multinomial(&mut rng, n, &probs, &mut got);
                    out.push(match stat {
                        Statistic::Mean => mean_counts(&values, &got, n),
                        Statistic::Median => median_counts(&values, &got, n),
                    });
                }
                tick(progress, block_len(n_resamples, b));
                Ok(out)
            })
            .collect::<Result<Vec<Vec<f64>>>>()?;
        // the data's own counts give exactly this value (the median of counts is the median)
        let observed = match stat {
            Statistic::Mean => mean_counts(&values, &counts, n),
            Statistic::Median => theta,
        };
        return Ok(Drawn { dist: Dist::from_values(blocks.concat()), path: "multinomial", observed, tolerance: 0.0 });
    }
    let blocks = (0..n_blocks(n_resamples))
        .into_par_iter()
        .map(|b| {
            let mut rng = block_rng(seed, b);
            let mut buf = vec![0.0f64; n as usize];
            let mut out = Vec::with_capacity(block_len(n_resamples, b) as usize);
            for _ in 0..block_len(n_resamples, b) {
                cancel.check()?;
                for x in buf.iter_mut() {
                    *x = d[rng.random_range(0..n as usize)];
                }
                out.push(match stat {
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
                });
            }
            tick(progress, block_len(n_resamples, b));
            Ok(out)
        })
        .collect::<Result<Vec<Vec<f64>>>>()?;
    // a median is one of the values (or the mean of two): exact; a mean of rows summed in draw
    // order differs from the data's by rounding, at most (n - 1) eps max|d| each
    let tolerance = match stat {
        Statistic::Mean => 2.0 * n as f64 * f64::EPSILON * d.iter().fold(0.0f64, |m, v| m.max(v.abs())),
        Statistic::Median => 0.0,
    };
    Ok(Drawn { dist: Dist::from_values(blocks.concat()), path: "rows", observed: theta, tolerance })
}

/// The leave-one-out (jackknife) statistics of `d`, in the order of `d`.
pub fn jackknife(d: &[f64], stat: Statistic) -> Vec<f64> {
    let n = d.len();
    match stat {
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
    }
}

/// The rules of a bootstrap, whatever computes the statistic: at least 2 rows (as in
/// scipy.stats), 1 to [`MAX_RESAMPLES`] resamples, a confidence level strictly between 0 and 1.
/// Returns the number of resamples.
pub fn check_bootstrap(n_rows: usize, n_resamples: i128, interval: &IntervalOptions) -> Result<u64> {
    check_at_least_two(n_rows, "data", "the bootstrap", "observations")?;
    let n = check_resamples(n_resamples)?;
    check_confidence(interval.confidence_level)?;
    Ok(n)
}

/// The most bytes one batch of a Python statistic's bootstrap holds: its int64 row indices and
/// one float64 copy of each sample drawn by them (64 MiB).
pub const CALLABLE_BATCH_BYTES: u64 = 64 << 20;

/// Resamples per batch when a Python callable computes the statistic of `n_samples` samples of
/// `n_rows` rows (at least 2, see [`check_bootstrap`]): as many as fit in
/// [`CALLABLE_BATCH_BYTES`] (`8 n_rows (1 + n_samples)` bytes each), at least 1, at most
/// `n_resamples`. Memory is bounded whatever the sample size.
pub fn callable_batch(n_rows: usize, n_samples: usize, n_resamples: u64) -> Result<u64> {
    check_at_least_two(n_rows, "data", "the bootstrap", "observations")?;
    let per_resample = 8 * n_rows as u64 * (1 + n_samples as u64);
    Ok((CALLABLE_BATCH_BYTES / per_resample).clamp(1, n_resamples.max(1)))
}

/// How a bootstrap runs: the statistic, how many resamples, the interval, and the seed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BootstrapOptions {
    /// The mean or the median.
    pub statistic: Statistic,
    /// Resamples to draw, 1 to [`MAX_RESAMPLES`].
    pub n_resamples: u64,
    /// The interval asked for.
    pub interval: IntervalOptions,
    /// One seed, one answer, whatever the number of threads.
    pub seed: u64,
}

/// A bootstrap confidence interval of the mean or the median of `d` (for paired data, `d` are
/// the differences), as `scipy.stats.bootstrap` defines the percentile, basic and BCa methods.
///
/// BCa's bias correction compares each resampled statistic with the data's; both are computed
/// by the same arithmetic (see [`Drawn`]), so a resample equal to the data up to rounding is
/// not counted as above or below it. The cancel flag is polled at block boundaries.
pub fn bootstrap(d: &[f64], opts: &BootstrapOptions, progress: Progress<'_>, cancel: &Cancel) -> Result<Bootstrap> {
    check_data(d, "data")?;
    let n_resamples = check_bootstrap(d.len(), opts.n_resamples.into(), &opts.interval)?;
    let stat = opts.statistic;
    let theta = statistic_of(d, stat);
    let drawn = bootstrap_dist(d, stat, n_resamples, opts.seed, progress, cancel)?;
    cancel.check()?;
    let ci =
        interval(&drawn.dist, drawn.observed, drawn.tolerance, &opts.interval, || Ok::<_, Error>(jackknife(d, stat)))?;
    Ok(Bootstrap {
        statistic: theta,
        low: ci.low,
        high: ci.high,
        standard_error: ci.standard_error,
        n_resamples,
        method: opts.interval.method,
        path: drawn.path,
        distribution: drawn.dist.expand(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inference::Alternative;

    fn opts(
        statistic: Statistic,
        n_resamples: u64,
        method: CiMethod,
        confidence_level: f64,
        alternative: Alternative,
        seed: u64,
    ) -> BootstrapOptions {
        let interval = IntervalOptions { method, confidence_level, alternative };
        BootstrapOptions { statistic, n_resamples, interval, seed }
    }

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
        let a = bootstrap(
            &d,
            &opts(Statistic::Mean, 50_000, CiMethod::Percentile, 0.95, Alternative::TwoSided, 7),
            None,
            Cancel::never(),
        )
        .unwrap();
        let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
        let b = pool.install(|| {
            bootstrap(
                &d,
                &opts(Statistic::Mean, 50_000, CiMethod::Percentile, 0.95, Alternative::TwoSided, 7),
                None,
                Cancel::never(),
            )
            .unwrap()
        });
        assert_eq!(a, b);
        assert_eq!(a.path, "exact-sum");
    }

    #[test]
    fn exact_sum_law_matches_brute_force() {
        // n = 3 draws from {0, 1, 1}: sum is Binomial(3, 2/3)
        let (lo, pmf) = bootstrap_sum_pmf(&[0.0, 1.0], &[1, 2], 3, Cancel::never()).unwrap().unwrap();
        assert_eq!(lo, 0);
        let want = [1.0 / 27.0, 6.0 / 27.0, 12.0 / 27.0, 8.0 / 27.0];
        for (a, b) in pmf.iter().zip(want) {
            assert!((a - b).abs() < 1e-15);
        }
    }

    #[test]
    fn bca_on_degenerate_data_is_an_error_not_nan() {
        for d in [vec![2.0; 4], vec![0.5, 0.5, 0.5]] {
            for stat in [Statistic::Mean, Statistic::Median] {
                let e = bootstrap(
                    &d,
                    &opts(stat, 1000, CiMethod::Bca, 0.95, Alternative::TwoSided, 1),
                    None,
                    Cancel::never(),
                )
                .unwrap_err();
                assert!(e.to_string().contains("method='bca': every resample has the same statistic"), "{e}");
                let p = bootstrap(
                    &d,
                    &opts(stat, 1000, CiMethod::Percentile, 0.95, Alternative::TwoSided, 1),
                    None,
                    Cancel::never(),
                )
                .unwrap();
                assert_eq!((p.low, p.high), (d[0], d[0]));
            }
        }
        // resamples differ but no jackknife statistic does: the median of [0, 1, 1, 1, 1, 2]
        let d = [0.0, 1.0, 1.0, 1.0, 1.0, 2.0];
        let e = bootstrap(
            &d,
            &opts(Statistic::Median, 5000, CiMethod::Bca, 0.95, Alternative::TwoSided, 1),
            None,
            Cancel::never(),
        )
        .unwrap_err();
        assert!(e.to_string().contains("acceleration is undefined"), "{e}");
    }

    #[test]
    fn a_requested_stop_ends_every_path() {
        let stop = Cancel::new();
        stop.request();
        let many: Vec<f64> = (0..200).map(|i| f64::from(i) * 0.37).collect();
        for d in [scores(), vec![0.5, 1.5, 2.25, 0.5], many] {
            let o = opts(Statistic::Mean, 1000, CiMethod::Percentile, 0.95, Alternative::TwoSided, 1);
            assert_eq!(bootstrap(&d, &o, None, &stop), Err(Error::Interrupted));
        }
    }

    #[test]
    fn bad_arguments() {
        assert!(bootstrap(
            &[1.0],
            &opts(Statistic::Mean, 0, CiMethod::Percentile, 0.95, Alternative::TwoSided, 1),
            None,
            Cancel::never()
        )
        .is_err());
        assert!(bootstrap(
            &[1.0],
            &opts(Statistic::Mean, 10, CiMethod::Percentile, 1.0, Alternative::TwoSided, 1),
            None,
            Cancel::never()
        )
        .is_err());
    }
}
