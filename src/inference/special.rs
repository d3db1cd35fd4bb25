//! Distribution functions the tests need: the standard normal and the fair-coin binomial.
//!
//! `libm` (a port of musl's libm) gives `erf`, `erfc` and `lgamma` to the last bit or so.

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

/// `P(X <= k)` for `X ~ Binomial(n, 1/2)`; `k < 0` gives 0.
pub fn binom_half_cdf(k: i64, n: u64) -> f64 {
    if k < 0 {
        return 0.0;
    }
    let k = k as u64;
    if k >= n {
        return 1.0;
    }
    if 2 * k > n {
        // upper part: 1 - P(X <= n - k - 1) by symmetry, summed on the small side
        return 1.0 - binom_half_cdf(n as i64 - k as i64 - 1, n);
    }
    // Terms relative to pmf(k) fall off geometrically below the mode: sum them, then scale.
    let mut sum = 1.0f64;
    let mut t = 1.0f64;
    let mut i = k;
    while i > 0 {
        t *= i as f64 / (n - i + 1) as f64;
        sum += t;
        if t < sum * 1e-18 {
            break;
        }
        i -= 1;
    }
    if n <= 1000 {
        // C(n, k) < 2^1000 and 2^-n are both exact enough in f64: no logarithms
        let mut c = 1.0f64;
        for i in 1..=k {
            c = c * (n - k + i) as f64 / i as f64;
        }
        return (sum * c * 2f64.powi(-(n as i32))).min(1.0);
    }
    let ln_pk = ln_choose(n, k) - n as f64 * std::f64::consts::LN_2;
    (sum.ln() + ln_pk).exp().min(1.0)
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
    }
}
