//! Distribution functions the tests need: the standard normal and the fair-coin binomial.
//!
//! `libm` (a port of musl's libm) gives `erf`, `erfc` and `lgamma` to the last bit or so; the
//! binomial tail is the regularised incomplete beta with Loader's (2000) saddle-point pmf.

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
/// Above, the lower tail is the regularised incomplete beta `I_{1/2}(n - k, k + 1)`, as
/// `scipy.stats.binomtest` computes it (through `bdtr`): `pmf(k) / 2` times its continued
/// fraction (Lentz's method; `pmf` by [`binom_half_pmf`]), which converges for `2 k <= n - 2`;
/// other `k` by symmetry. Relative error about 1e-14 at `n = 5e7`.
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
    0.5 * binom_half_pmf(k, n) * beta_cf((n - k) as f64, (k + 1) as f64, 0.5, n)
}

/// The continued fraction of the incomplete beta `I_x(a, b)` (Numerical Recipes' `betacf`, by
/// Lentz's method), which converges in `O(sqrt(max(a, b)))` steps for `x < (a + 1) / (a + b + 2)`.
fn beta_cf(a: f64, b: f64, x: f64, n: u64) -> f64 {
    const TINY: f64 = 1e-300;
    let fix = |v: f64| if v.abs() < TINY { TINY } else { v };
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 / fix(1.0 - qab * x / qap);
    let mut h = d;
    let max_steps = 1000 + 20 * (n as f64).sqrt() as u64;
    for m in 1..=max_steps {
        let mf = m as f64;
        let m2 = 2.0 * mf;
        let aa = mf * (b - mf) * x / ((qam + m2) * (a + m2));
        d = 1.0 / fix(1.0 + aa * d);
        c = fix(1.0 + aa / c);
        h *= d * c;
        let aa = -(a + mf) * (qab + mf) * x / ((a + m2) * (qap + m2));
        d = 1.0 / fix(1.0 + aa * d);
        c = fix(1.0 + aa / c);
        let del = d * c;
        h *= del;
        if (del - 1.0).abs() < f64::EPSILON {
            break;
        }
    }
    h
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
        // the continued fraction against the exact sum at n = 121..200 (2^-n C(n, j) by ratios)
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
}
