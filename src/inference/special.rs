//! Distribution functions the tests need: the standard normal and the fair-coin binomial.
//!
//! `libm` (a port of musl's libm) gives `erf`, `erfc` and `lgamma` to the last bit or so; the
//! binomial tail sums Loader's (2000) saddle-point pmf, term by term.

/// The standard normal CDF, computed as cephes' `ndtr` (scipy.special.ndtr) does.
pub fn ndtr(x: f64) -> f64 {
    if x.is_nan() {
        return f64::NAN;
    }
    let t = x * std::f64::consts::FRAC_1_SQRT_2;
    let z = t.abs();
    if z < std::f64::consts::FRAC_1_SQRT_2 {
        0.5 + 0.5 * libm::erf(t)
    } else {
        let y = 0.5 * libm::erfc(z);
        if t > 0.0 {
            1.0 - y
        } else {
            y
        }
    }
}

/// The standard normal quantile, as `scipy.special.ndtri` (infinite at 0 and 1, NaN outside):
/// Acklam's rational approximation polished by Halley steps on the CDF.
#[allow(clippy::excessive_precision)]
pub fn ndtri(p: f64) -> f64 {
    if p.is_nan() || !(0.0..=1.0).contains(&p) {
        return f64::NAN;
    }
    if p == 0.0 {
        return f64::NEG_INFINITY;
    }
    if p == 1.0 {
        return f64::INFINITY;
    }
    const A: [f64; 6] = [
        -3.969683028665376e+01,
        2.209460984245205e+02,
        -2.759285104469687e+02,
        1.383577518672690e+02,
        -3.066479806614716e+01,
        2.506628277459239e+00,
    ];
    const B: [f64; 5] = [
        -5.447609879822406e+01,
        1.615858368580409e+02,
        -1.556989798598866e+02,
        6.680131188771972e+01,
        -1.328068155288572e+01,
    ];
    const C: [f64; 6] = [
        -7.784894002430293e-03,
        -3.223964580411365e-01,
        -2.400758277161838e+00,
        -2.549732539343734e+00,
        4.374664141464968e+00,
        2.938163982698783e+00,
    ];
    const D: [f64; 4] = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
    let q = p.min(1.0 - p);
    let mut x = if q < 0.02425 {
        let r = (-2.0 * q.ln()).sqrt();
        (((((C[0] * r + C[1]) * r + C[2]) * r + C[3]) * r + C[4]) * r + C[5])
            / ((((D[0] * r + D[1]) * r + D[2]) * r + D[3]) * r + 1.0)
    } else {
        let u = q - 0.5;
        let r = u * u;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * u
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    };
    // x approximates the quantile of q <= 1/2 (x <= 0); refine on the lower tail, where the
    // CDF is accurate, then mirror.
    for _ in 0..3 {
        let e = ndtr(x) - q;
        let pdf = (-0.5 * x * x).exp() / (2.0 * std::f64::consts::PI).sqrt();
        if pdf == 0.0 {
            break;
        }
        let u = e / pdf;
        let step = u / (1.0 + 0.5 * x * u);
        if !step.is_finite() {
            break;
        }
        x -= step;
    }
    if p > 0.5 {
        -x
    } else {
        x
    }
}

fn ln_gamma(x: f64) -> f64 {
    libm::lgamma(x)
}

/// `ln C(n, k)`.
pub fn ln_choose(n: u64, k: u64) -> f64 {
    if k > n {
        return f64::NEG_INFINITY;
    }
    if k == 0 || k == n {
        return 0.0;
    }
    ln_gamma(n as f64 + 1.0) - ln_gamma(k as f64 + 1.0) - ln_gamma((n - k) as f64 + 1.0)
}

/// Loader's `stirlerr(n) = ln(n!) - ln(sqrt(2 pi n) (n / e)^n)` for whole `n >= 1`: from
/// `ln(n!)` of the exact factorial up to 15 (every term below 30, so the absolute error stays
/// near 1e-14), the asymptotic series above (its first omitted term is below 1e-16 there).
fn stirlerr(n: u64) -> f64 {
    const LN_SQRT_2PI: f64 = 0.918_938_533_204_672_8;
    if n <= 15 {
        let fact: f64 = (1..=n).map(|i| i as f64).product(); // exact: 15! < 2^53
        let nf = n as f64;
        return fact.ln() - LN_SQRT_2PI - (nf + 0.5) * nf.ln() + nf;
    }
    const S0: f64 = 1.0 / 12.0;
    const S1: f64 = 1.0 / 360.0;
    const S2: f64 = 1.0 / 1260.0;
    const S3: f64 = 1.0 / 1680.0;
    const S4: f64 = 1.0 / 1188.0;
    let nf = n as f64;
    let nn = nf * nf;
    (S0 - (S1 - (S2 - (S3 - S4 / nn) / nn) / nn) / nn) / nf
}

/// Loader's deviance term `bd0(x, m) = x ln(x / m) + m - x`, without cancellation: a series
/// in `v = (x - m) / (x + m)` near `m`, and `m ((1 + t) ln(1 + t) - t)` with `t = (x - m) / m`
/// (through `ln_1p`) elsewhere.
fn bd0(x: f64, m: f64) -> f64 {
    let diff = x - m;
    if diff.abs() < 0.1 * (x + m) {
        let v = diff / (x + m);
        let mut s = diff * v;
        let mut ej = 2.0 * x * v;
        let v2 = v * v;
        for j in 1..1000 {
            ej *= v2;
            let next = s + ej / f64::from(2 * j + 1);
            if next == s {
                return next;
            }
            s = next;
        }
        return s;
    }
    let t = diff / m;
    x * t.ln_1p() - diff
}

/// `P(X = k)` for `X ~ Binomial(n, 1/2)`, by Loader's saddle-point form (as R's `dbinom`):
/// `exp(stirlerr(n) - stirlerr(k) - stirlerr(n - k) - bd0(k, n/2) - bd0(n - k, n/2))
/// sqrt(n / (2 pi k (n - k)))`, accurate to a few units in the last place at any `n` (a
/// difference of `lgamma`s is not: it loses about `log10(n)` digits).
pub fn binom_half_pmf(k: u64, n: u64) -> f64 {
    if k > n {
        return 0.0;
    }
    if k == 0 || k == n {
        return (-(n as f64) * std::f64::consts::LN_2).exp();
    }
    let (kf, nf) = (k as f64, n as f64);
    let half = nf / 2.0;
    let lc = stirlerr(n) - stirlerr(k) - stirlerr(n - k) - bd0(kf, half) - bd0(nf - kf, half);
    lc.exp() * (nf / (2.0 * std::f64::consts::PI * kf * (nf - kf))).sqrt()
}

/// `P(X <= k)` for `X ~ Binomial(n, 1/2)`; `k < 0` gives 0.
///
/// Exact up to `n = 120` (the sum of binomial coefficients in 128-bit integers, rounded once).
/// Above, the lower tail `sum_{j <= k} pmf(j)` for `2 k < n` (other `k` by symmetry), each
/// term by [`binom_half_pmf`] (a few units in the last place, and independent of the others:
/// no error carried from term to term as in a running product of ratios, or in the `O(sqrt(n))`
/// steps of the incomplete beta's continued fraction), summed downward from `k` with
/// Neumaier's compensation until a term falls below `1e-17` of the sum. Relative error about
/// 5e-15 at `n = 5e7` against 50-digit arithmetic, where `scipy.stats.binomtest` (the
/// regularised incomplete beta through Boost) is off by up to 7e-12. The terms fall off at
/// least geometrically below the mode, so at most about `9 sqrt(n)` of them are summed.
pub fn binom_half_cdf(k: i64, n: u64) -> f64 {
    if k < 0 {
        return 0.0;
    }
    let k = k as u64;
    if k >= n {
        return 1.0;
    }
    if n <= 120 {
        let (mut c, mut sum) = (1u128, 1u128);
        for j in 1..=k {
            c = c * u128::from(n - j + 1) / u128::from(j);
            sum += c;
        }
        return sum as f64 / 2f64.powi(n as i32); // one rounding: sum < 2^120
    }
    if 2 * k + 1 == n {
        return 0.5;
    }
    if 2 * k >= n {
        return 1.0 - binom_half_cdf(n as i64 - k as i64 - 1, n);
    }
    let (mut sum, mut carry) = (0.0f64, 0.0f64);
    for j in (0..=k).rev() {
        let t = binom_half_pmf(j, n);
        let next = sum + t;
        carry += if sum.abs() >= t.abs() { (sum - next) + t } else { (t - next) + sum };
        sum = next;
        if t < (sum + carry) * 1e-17 {
            break;
        }
    }
    sum + carry
}

/// `P(X >= k)` for `X ~ Binomial(n, 1/2)`.
pub fn binom_half_sf_ge(k: i64, n: u64) -> f64 {
    // P(X >= k) = P(X <= n - k) by symmetry
    binom_half_cdf(n as i64 - k, n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal() {
        assert!((ndtr(0.0) - 0.5).abs() < 1e-16);
        assert!((ndtr(1.959963984540054) - 0.975).abs() < 1e-15);
        assert!((ndtri(0.975) - 1.959963984540054).abs() < 1e-14);
        assert!((ndtri(1e-10) + 6.361340902404056).abs() < 1e-12);
    }

    #[test]
    fn binomial() {
        // P(X <= 2), n = 10: (1 + 10 + 45) / 1024
        assert!((binom_half_cdf(2, 10) - 56.0 / 1024.0).abs() < 1e-15);
        assert!((binom_half_cdf(7, 10) - (1.0 - 56.0 / 1024.0)).abs() < 1e-15);
        assert!((binom_half_sf_ge(8, 10) - 56.0 / 1024.0).abs() < 1e-15);
        assert_eq!(binom_half_cdf(-1, 5), 0.0);
        assert_eq!(binom_half_cdf(5, 5), 1.0);
        // the saddle-point sum against the sum of 2^-n C(n, j) by ratios at n = 121..200
        for n in [121u64, 129, 150, 200] {
            for k in [0u64, 1, 10, 40, n / 2 - 3, n / 2 - 1, n / 2, n / 2 + 2, n - 5] {
                let mut term = (-(n as f64) * std::f64::consts::LN_2).exp();
                let mut sum = term;
                for j in 1..=k {
                    term = term * (n - j + 1) as f64 / j as f64;
                    sum += term;
                }
                let got = binom_half_cdf(k as i64, n);
                assert!(((got - sum) / sum).abs() < 1e-13, "n {n} k {k}: {got} {sum}");
            }
        }
    }

    #[test]
    fn binomial_tail_at_fifty_million() {
        // 2 P(X <= k), X ~ Binomial(5e7, 1/2), in 50-digit decimal arithmetic (ln n! by Stirling's
        // series, the tail summed term by term: tests/helpers/stats_exact.binom_half_cdf_decimal).
        // scipy 1.17's binomtest gives 1.3593434275641494e-64 and 1.1242101807411522e-29 for the
        // first two (relative errors 5e-12 and 7e-12).
        let n = 50_000_000u64;
        for (k, want) in [
            (24_940_000i64, 1.359_343_427_570_951_9e-64),
            (24_960_000, 1.124_210_180_733_202_9e-29),
            (24_990_000, 0.004_679_801_610_627_271),
            (24_997_000, 0.396_222_638_439_239_4),
            (24_999_500, 0.887_648_800_441_477_4),
        ] {
            let got = 2.0 * binom_half_cdf(k, n);
            assert!(((got - want) / want).abs() < 1e-13, "k {k}: {got} {want}");
        }
    }
}
