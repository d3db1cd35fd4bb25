//! The Wilcoxon signed-rank test, as `scipy.stats.wilcoxon` 1.17 computes it, option for option.

use super::ranks::average_ranks;
use super::special::ndtr;
use super::{check_finite, choice, Alternative};
use crate::cancel::Cancel;
use crate::{Error, Result};

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

/// How the Wilcoxon test runs: scipy's options, typed (each parsed once, by [`Choice`]).
///
/// [`Choice`]: super::Choice
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WilcoxonOptions {
    /// How zero differences are ranked.
    pub zero_method: ZeroMethod,
    /// The continuity correction under the normal approximation.
    pub correction: bool,
    /// How the p-value is found.
    pub method: WilcoxonMethod,
    /// The alternative hypothesis on the differences.
    pub alternative: Alternative,
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
pub fn wilcoxon(d: &[f64], opts: &WilcoxonOptions, cancel: &Cancel) -> Result<Wilcoxon> {
    let WilcoxonOptions { zero_method, correction, method, alternative } = *opts;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(
        zero_method: ZeroMethod,
        correction: bool,
        method: WilcoxonMethod,
        alternative: Alternative,
    ) -> WilcoxonOptions {
        WilcoxonOptions { zero_method, correction, method, alternative }
    }

    #[test]
    fn wilcoxon_exact_small() {
        // no ties, no zeros: exact; r_plus = 1 + 2 + 4 = 7 of 10, n = 4
        let d = [1.0, -3.0, 2.0, 4.0];
        let r =
            wilcoxon(&d, &opts(ZeroMethod::Wilcox, false, WilcoxonMethod::Auto, Alternative::Greater), Cancel::never())
                .unwrap();
        assert_eq!(r.method, WilcoxonUsed::Exact);
        assert_eq!(r.statistic, 7.0);
        // P(R+ >= 7) over 16 subsets of {1,2,3,4}: sums 7,7,8,9,10 -> 5/16
        assert!((r.pvalue - 5.0 / 16.0).abs() < 1e-15);
    }

    #[test]
    fn wilcoxon_permutation_matches_enumeration() {
        let d = [1.0, 1.0, -1.0, 2.0, 0.0, 1.0, -2.0];
        let r =
            wilcoxon(&d, &opts(ZeroMethod::Pratt, false, WilcoxonMethod::Auto, Alternative::TwoSided), Cancel::never())
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
        let e = wilcoxon(
            &[0.0],
            &opts(ZeroMethod::Wilcox, false, WilcoxonMethod::Auto, Alternative::TwoSided),
            Cancel::never(),
        )
        .unwrap_err();
        assert!(e.to_string().starts_with("x, y: one pair"), "{e}");
        // scipy answers these: exact, or one non-zero difference
        assert!(wilcoxon(
            &[0.0],
            &opts(ZeroMethod::Wilcox, false, WilcoxonMethod::Exact, Alternative::TwoSided),
            Cancel::never()
        )
        .is_ok());
        assert_eq!(
            wilcoxon(
                &[1.0],
                &opts(ZeroMethod::Wilcox, false, WilcoxonMethod::Auto, Alternative::TwoSided),
                Cancel::never()
            )
            .unwrap()
            .pvalue,
            1.0
        );
    }

    #[test]
    fn a_requested_stop_ends_the_test() {
        let v: Vec<f64> = (0..300_000u64).map(|i| ((i * 7919) % 1000) as f64).collect();
        let stop = Cancel::new();
        stop.request();
        let e =
            wilcoxon(&v, &opts(ZeroMethod::Wilcox, false, WilcoxonMethod::Asymptotic, Alternative::TwoSided), &stop);
        assert_eq!(e, Err(Error::Interrupted));
    }
}
