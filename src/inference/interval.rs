//! Bootstrap confidence intervals from a distribution of resampled statistics: the
//! percentile, basic and BCa intervals as `scipy.stats.bootstrap` defines them. One
//! implementation serves the compiled statistics and a statistic computed elsewhere (a Python
//! callable), which hands over its resampled values and, for BCa, its leave-one-out values.

use super::special::{ndtr, ndtri};
use super::{check_confidence, choice, Alternative};
use crate::{Error, Result};

/// The interval method.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CiMethod {
    /// Quantiles of the bootstrap distribution.
    Percentile,
    /// The percentile interval reflected about the observed statistic.
    Basic,
    /// Bias-corrected and accelerated (Efron & Tibshirani 1993, ch. 14).
    Bca,
}

choice!(CiMethod, "method", [
    "percentile" => CiMethod::Percentile,
    "basic" => CiMethod::Basic,
    "bca" => CiMethod::Bca,
    "BCa" => CiMethod::Bca,
]);

/// How an interval is asked for: its method, confidence level and sides.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct IntervalOptions {
    /// Percentile, basic or BCa.
    pub method: CiMethod,
    /// Strictly between 0 and 1.
    pub confidence_level: f64,
    /// One-sided intervals are open on the other side.
    pub alternative: Alternative,
}

impl IntervalOptions {
    /// Options checked against the core's rules (the confidence level's range).
    pub fn new(method: CiMethod, confidence_level: f64, alternative: Alternative) -> Result<Self> {
        Ok(IntervalOptions { method, confidence_level: check_confidence(confidence_level)?, alternative })
    }
}

/// A confidence interval with the spread of the distribution it came from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Interval {
    /// Lower end (minus infinity for `alternative = less`).
    pub low: f64,
    /// Upper end (infinity for `alternative = greater`).
    pub high: f64,
    /// The standard deviation of the resampled statistics (ddof = 1); None with one resample.
    pub standard_error: Option<f64>,
}

/// A distribution of resampled statistics as distinct values ascending with their counts.
pub struct Dist {
    pub(crate) values: Vec<f64>,
    counts: Vec<u64>,
    total: u64,
}

impl Dist {
    /// From a histogram over `values` (zero counts dropped).
    pub fn from_hist(values: Vec<f64>, counts: Vec<u64>) -> Self {
        let (values, counts): (Vec<f64>, Vec<u64>) = values.into_iter().zip(counts).filter(|(_, c)| *c > 0).unzip();
        let total = counts.iter().sum();
        Dist { values, counts, total }
    }

    /// From the resampled values themselves, in any order.
    pub fn from_values(mut v: Vec<f64>) -> Self {
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
    pub fn quantile(&self, p: f64) -> f64 {
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

    /// scipy's `_percentile_of_score`: `(#(< s) + #(<= s)) / (2 B)`, where values within
    /// `tolerance` of `s` count as equal to it (scipy: `tolerance = 0`).
    pub fn percentile_of_score(&self, s: f64, tolerance: f64) -> f64 {
        let mut below = 0;
        let mut not_above = 0;
        for (v, c) in self.values.iter().zip(&self.counts) {
            if *v < s - tolerance {
                below += c;
            }
            if *v <= s + tolerance {
                not_above += c;
            }
        }
        (below + not_above) as f64 / (2 * self.total) as f64
    }

    /// The resampled values, ascending.
    pub fn expand(&self) -> Vec<f64> {
        let mut out = Vec::with_capacity(self.total as usize);
        for (v, c) in self.values.iter().zip(&self.counts) {
            out.extend(std::iter::repeat_n(*v, *c as usize));
        }
        out
    }

    /// The standard deviation (ddof = 1); None for a single resample.
    pub fn std(&self) -> Option<f64> {
        if self.total < 2 {
            return None;
        }
        let n = self.total as f64;
        let mean: f64 = self.values.iter().zip(&self.counts).map(|(v, c)| v * *c as f64).sum::<f64>() / n;
        let ss: f64 = self.values.iter().zip(&self.counts).map(|(v, c)| (v - mean).powi(2) * *c as f64).sum();
        Some((ss / (n - 1.0)).sqrt())
    }
}

/// The jackknife acceleration of BCa (Efron & Tibshirani 1993, eq. 14.15), as scipy computes it
/// from the leave-one-out statistics `theta_i`: NaN when they are all the same.
pub fn acceleration(theta_i: &[f64]) -> f64 {
    let nf = theta_i.len() as f64;
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

/// The interval of the bootstrap distribution `dist` around the `observed` statistic;
/// resampled statistics within `tolerance` of `observed` count as equal to it in BCa's bias
/// correction (0 for resamples computed elsewhere, as scipy). `jackknife` gives the leave-one-out statistics; it is called only for BCa, after the checks
/// that need only the distribution, so an expensive or failing jackknife runs last. Errors of
/// the core are turned into `E` (a caller's own error type, for a jackknife that can fail).
pub fn interval<E: From<Error>>(
    dist: &Dist,
    observed: f64,
    tolerance: f64,
    opts: &IntervalOptions,
    jackknife: impl FnOnce() -> std::result::Result<Vec<f64>, E>,
) -> std::result::Result<Interval, E> {
    let level = check_confidence(opts.confidence_level)?;
    if dist.total == 0 {
        return Err(Error::value("resamples: no bootstrap statistics").into());
    }
    let alpha = if opts.alternative == Alternative::TwoSided { (1.0 - level) / 2.0 } else { 1.0 - level };
    let (a1, a2) = match opts.method {
        CiMethod::Bca => {
            if let [only] = dist.values[..] {
                return Err(bca_degenerate(&format!("every resample has the same statistic ({only})")).into());
            }
            let z0 = ndtri(dist.percentile_of_score(observed, tolerance));
            if !z0.is_finite() {
                return Err(bca_degenerate(&format!(
                    "the statistic ({observed}) lies beyond every resample's, so the bias correction is infinite"
                ))
                .into());
            }
            let a = acceleration(&jackknife()?);
            if !a.is_finite() {
                return Err(bca_degenerate(
                    "every leave-one-out (jackknife) statistic is the same, so the acceleration is undefined",
                )
                .into());
            }
            let za = ndtri(alpha);
            let n1 = z0 + za;
            let n2 = z0 - za;
            (ndtr(z0 + n1 / (1.0 - a * n1)), ndtr(z0 + n2 / (1.0 - a * n2)))
        }
        _ => (alpha, 1.0 - alpha),
    };
    if a1.is_nan() || a2.is_nan() {
        return Err(bca_degenerate("its adjusted levels are undefined").into());
    }
    let (mut low, mut high) = (dist.quantile(a1), dist.quantile(a2));
    if opts.method == CiMethod::Basic {
        (low, high) = (2.0 * observed - high, 2.0 * observed - low);
    }
    match opts.alternative {
        Alternative::Less => low = f64::NEG_INFINITY,
        Alternative::Greater => high = f64::INFINITY,
        Alternative::TwoSided => {}
    }
    Ok(Interval { low, high, standard_error: dist.std() })
}

/// [`interval`] of resampled values given as they are (in any order), with the leave-one-out
/// statistics given up front (needed only for BCa).
pub fn interval_of_values(
    resamples: &[f64],
    observed: f64,
    opts: &IntervalOptions,
    jackknife: Option<&[f64]>,
) -> Result<Interval> {
    if let Some(i) = resamples.iter().position(|v| v.is_nan()) {
        return Err(Error::value(format!("resamples: element {i} is NaN")));
    }
    let dist = Dist::from_values(resamples.to_vec());
    interval(&dist, observed, 0.0, opts, || match jackknife {
        Some(j) => Ok(j.to_vec()),
        None => Err(Error::value("jackknife: the BCa interval needs the leave-one-out statistics")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantile_is_numpy_linear() {
        let dist = Dist::from_values(vec![3.0, 1.0, 2.0, 2.0]);
        assert_eq!(dist.quantile(0.5), 2.0);
        assert!((dist.quantile(0.1) - 1.3).abs() < 1e-12);
        assert_eq!(dist.percentile_of_score(2.0, 0.0), (1.0 + 3.0) / 8.0);
        // within the tolerance: counted as tied
        assert_eq!(dist.percentile_of_score(2.0 + 1e-15, 1e-12), (1.0 + 3.0) / 8.0);
        assert_eq!(dist.percentile_of_score(2.0 + 1e-15, 0.0), 3.0 / 4.0);
        assert_eq!(dist.expand(), vec![1.0, 2.0, 2.0, 3.0]);
    }

    #[test]
    fn percentile_and_basic_of_given_values() {
        let v: Vec<f64> = (0..101).map(f64::from).collect();
        let opts = IntervalOptions::new(CiMethod::Percentile, 0.5, Alternative::TwoSided).unwrap();
        let r = interval_of_values(&v, 40.0, &opts, None).unwrap();
        assert_eq!((r.low, r.high), (25.0, 75.0));
        let basic = IntervalOptions { method: CiMethod::Basic, ..opts };
        let b = interval_of_values(&v, 40.0, &basic, None).unwrap();
        assert_eq!((b.low, b.high), (5.0, 55.0));
        let bca = IntervalOptions { method: CiMethod::Bca, ..opts };
        assert!(interval_of_values(&v, 40.0, &bca, None).is_err());
        assert_eq!("BCa".parse::<CiMethod>().unwrap().name(), "bca");
    }
}
