"""W5: resampling tests on paired 1-4 scores.

150 pairs x 5 themes of 1-4 scores, 35% of pairs differing by one point. Per theme:
  - a percentile bootstrap of the mean difference, 100,000 resamples;
  - a sign-flip permutation test of the mean difference, 100,000 resamples.
Contestants: coterminous (Rust kernels), the best numpy implementations written here, and
scipy.stats.bootstrap / permutation_test. All get the same seeded data; results are
cross-checked (intervals within a few steps of 1/n, p-values within Monte Carlo error).

Run:  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python bench/bench_resampling.py [--repeats 5] [--no-scipy]
"""

from __future__ import annotations

import argparse
import math
import statistics
import time
from collections.abc import Callable
from typing import Any

import numpy as np

import coterminous as ct

N_PAIRS, N_THEMES, SHARE, N_RESAMPLES, LEVEL = 150, 5, 0.35, 100_000, 0.95


def make_data(seed: int = 2008) -> list[tuple[np.ndarray, np.ndarray]]:
    g = np.random.default_rng(seed)
    themes = []
    for _ in range(N_THEMES):
        x = g.integers(1, 5, N_PAIRS)
        differ = g.random(N_PAIRS) < SHARE
        step = np.where(x == 1, 1, np.where(x == 4, -1, np.where(g.random(N_PAIRS) < 0.55, 1, -1)))
        y = x + np.where(differ, step, 0)
        themes.append((x.astype(np.int64), y.astype(np.int64)))
    return themes


# ------------------------------------------------------------------------------------------
# numpy contestants


def quantiles_from_integer_sums(sums: np.ndarray, lo: int, probs: tuple[float, float]) -> list[float]:
    """np.quantile(sums, probs) (linear) without sorting: sums are small integers."""
    counts = np.bincount(sums - lo)
    cum = np.cumsum(counts)
    out = []
    total = cum[-1]
    for p in probs:
        h = (total - 1) * p
        k = int(math.floor(h))
        a = int(np.searchsorted(cum, k, side="right")) + lo
        b = int(np.searchsorted(cum, k + 1, side="right")) + lo if h > k else a
        out.append(a + (h - k) * (b - a))
    return out


def numpy_bootstrap(x: np.ndarray, y: np.ndarray, rng: np.random.Generator) -> tuple[float, float]:
    """Multinomial resampling of the difference categories: one multinomial draw per resample
    gives how often each difference value was drawn; the resample's sum is counts @ values."""
    d = x - y
    values, counts = np.unique(d, return_counts=True)
    n = len(d)
    draws = rng.multinomial(n, counts / n, size=N_RESAMPLES)
    sums = draws @ values
    alpha = (1 - LEVEL) / 2
    lo, hi = quantiles_from_integer_sums(sums, int(values.min()) * n, (alpha, 1 - alpha))
    return lo / n, hi / n


def numpy_bootstrap_sorted(x: np.ndarray, y: np.ndarray, rng: np.random.Generator) -> tuple[float, float]:
    """The same multinomial resampling with np.quantile on the means (the plain way)."""
    d = x - y
    values, counts = np.unique(d, return_counts=True)
    n = len(d)
    means = rng.multinomial(n, counts / n, size=N_RESAMPLES) @ values / n
    alpha = (1 - LEVEL) / 2
    lo, hi = np.quantile(means, [alpha, 1 - alpha])
    return float(lo), float(hi)


def numpy_bootstrap_exact_law(x: np.ndarray, y: np.ndarray, rng: np.random.Generator) -> tuple[float, float]:
    """The same idea as the Rust kernel, in numpy: the law of a resample's sum is the n-fold
    convolution of the differences' own distribution (np.convolve, by squaring), and each
    resample is one draw from it (rng.choice with p=, i.e. inverse CDF by binary search)."""
    d = x - y
    n = len(d)
    lo, hi = int(d.min()), int(d.max())
    one = np.bincount(d - lo, minlength=hi - lo + 1) / n
    law, base, k = np.array([1.0]), one, n
    while k:
        if k & 1:
            law = np.convolve(law, base)
        base = np.convolve(base, base)
        k >>= 1
    law = np.clip(law, 0, None)
    sums = rng.choice(len(law), size=N_RESAMPLES, p=law / law.sum())
    alpha = (1 - LEVEL) / 2
    a, b = quantiles_from_integer_sums(sums, 0, (alpha, 1 - alpha))
    return (a + lo * n) / n, (b + lo * n) / n


def p_from_null(null: np.ndarray, obs: float) -> float:
    gamma = abs(np.finfo(float).eps * 100 * obs)
    le = (np.count_nonzero(null <= obs + gamma) + 1) / (len(null) + 1)
    ge = (np.count_nonzero(null >= obs - gamma) + 1) / (len(null) + 1)
    return min(1.0, 2 * min(le, ge))


def numpy_signflip_matmul(x: np.ndarray, y: np.ndarray, rng: np.random.Generator) -> float:
    """A +-1 matrix product over the non-zero differences (zeros flip onto themselves), the
    signs taken from random bits, 8 per byte; float32 BLAS product."""
    d = (x - y).astype(np.float32)
    nz = d[d != 0]
    k = len(nz)
    bits = np.unpackbits(rng.integers(0, 256, size=(N_RESAMPLES, (k + 7) // 8), dtype=np.uint8), axis=1)[:, :k]
    signs = bits.astype(np.float32) * 2 - 1
    null_sums = signs @ nz
    return p_from_null(null_sums / len(d), float(d.mean()))


def numpy_signflip_binomial(x: np.ndarray, y: np.ndarray, rng: np.random.Generator) -> float:
    """The flipped sum is sum_a a (2 B_a - m_a), one Binomial(m_a, 1/2) per distinct |d| = a."""
    d = x - y
    a, m = np.unique(np.abs(d[d != 0]), return_counts=True)
    sums = np.zeros(N_RESAMPLES, dtype=np.int64)
    for ai, mi in zip(a, m):
        sums += ai * (2 * rng.binomial(mi, 0.5, size=N_RESAMPLES) - mi)
    obs = int(d.sum())
    le = (np.count_nonzero(sums <= obs) + 1) / (N_RESAMPLES + 1)
    ge = (np.count_nonzero(sums >= obs) + 1) / (N_RESAMPLES + 1)
    return min(1.0, 2 * min(le, ge))


def numpy_signflip_exact_law(x: np.ndarray, y: np.ndarray, rng: np.random.Generator) -> float:
    """The Rust kernel's idea in numpy: the law of the flipped sum by convolution (one
    +-a step per non-zero difference), then one rng.choice draw per resample."""
    d = x - y
    t = int(np.abs(d).sum())
    law = np.zeros(2 * t + 1)
    law[t] = 1.0
    for a in np.abs(d[d != 0]):
        law = 0.5 * (np.roll(law, a) + np.roll(law, -a))
    sums = rng.choice(len(law), size=N_RESAMPLES, p=law / law.sum()) - t
    obs = int(d.sum())
    le = (np.count_nonzero(sums <= obs) + 1) / (N_RESAMPLES + 1)
    ge = (np.count_nonzero(sums >= obs) + 1) / (N_RESAMPLES + 1)
    return min(1.0, 2 * min(le, ge))


# ------------------------------------------------------------------------------------------
# scipy contestants


def scipy_bootstrap(x: np.ndarray, y: np.ndarray, rng: np.random.Generator) -> tuple[float, float]:
    from scipy import stats

    d = (x - y).astype(float)
    r = stats.bootstrap(
        (d,), np.mean, n_resamples=N_RESAMPLES, method="percentile", confidence_level=LEVEL, rng=rng, batch=20_000
    )
    return float(r.confidence_interval.low), float(r.confidence_interval.high)


def scipy_permutation(x: np.ndarray, y: np.ndarray, rng: np.random.Generator) -> float:
    from scipy import stats

    d = (x - y).astype(float)
    r = stats.permutation_test(
        (d,),
        lambda a, axis: np.mean(a, axis=axis),
        permutation_type="samples",
        n_resamples=N_RESAMPLES,
        rng=rng,
        batch=20_000,
    )
    return float(r.pvalue)


# ------------------------------------------------------------------------------------------
# coterminous


def ct_bootstrap(x: np.ndarray, y: np.ndarray, seed: int) -> tuple[float, float]:
    r = ct.bootstrap(
        (x, y), "mean_difference", n_resamples=N_RESAMPLES, method="percentile", confidence_level=LEVEL, rng=seed
    )
    return r.confidence_interval.low, r.confidence_interval.high


def ct_permutation(x: np.ndarray, y: np.ndarray, seed: int) -> float:
    return ct.permutation_test(x, y, n_resamples=N_RESAMPLES, rng=seed).pvalue


# ------------------------------------------------------------------------------------------


def timed(fn: Callable[[], Any], repeats: int) -> tuple[float, Any]:
    times, out = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--no-scipy", action="store_true")
    args = ap.parse_args()
    data = make_data()
    ct.bootstrap((data[0][0], data[0][1]), "mean_difference", n_resamples=1000, rng=0)  # warm the thread pool

    def all_themes(fn: Callable[..., Any], seeded: bool) -> Callable[[], list[Any]]:
        def run() -> list[Any]:
            if seeded:
                return [fn(x, y, 100 + i) for i, (x, y) in enumerate(data)]
            g = np.random.default_rng(7)
            return [fn(x, y, g) for x, y in data]

        return run

    boot = {
        "coterminous (Rust)": (all_themes(ct_bootstrap, True), args.repeats),
        "numpy multinomial + bincount quantiles": (all_themes(numpy_bootstrap, False), args.repeats),
        "numpy multinomial + np.quantile": (all_themes(numpy_bootstrap_sorted, False), args.repeats),
        "numpy exact law + rng.choice": (all_themes(numpy_bootstrap_exact_law, False), args.repeats),
    }
    perm = {
        "coterminous (Rust)": (all_themes(ct_permutation, True), args.repeats),
        "numpy +-1 matrix product (non-zero d)": (all_themes(numpy_signflip_matmul, False), args.repeats),
        "numpy binomial per distinct |d|": (all_themes(numpy_signflip_binomial, False), args.repeats),
        "numpy exact law + rng.choice": (all_themes(numpy_signflip_exact_law, False), args.repeats),
    }
    if not args.no_scipy:
        boot["scipy.stats.bootstrap"] = (all_themes(scipy_bootstrap, False), 1)
        perm["scipy.stats.permutation_test"] = (all_themes(scipy_permutation, False), 1)

    print(
        f"W5: {N_PAIRS} pairs x {N_THEMES} themes, {SHARE:.0%} differing by one point, {N_RESAMPLES:,} resamples per theme"
    )
    for title, contestants, check in (
        ("percentile bootstrap of the mean difference", boot, "interval"),
        ("sign-flip permutation test of the mean difference", perm, "pvalue"),
    ):
        results = {name: timed(fn, reps) for name, (fn, reps) in contestants.items()}
        numpy_best = min(t for name, (t, _) in results.items() if name.startswith("numpy"))
        ours = results["coterminous (Rust)"][0]
        print(f"\n{title} (5 themes, median of runs)")
        print(f"  {'contestant':42s} {'time':>10s} {'vs best numpy':>14s}")
        for name, (t, _) in results.items():
            print(f"  {name:42s} {t * 1e3:8.2f}ms {t / numpy_best:13.3f}x")
        print(f"  ratio coterminous / best numpy = {ours / numpy_best:.3f} (target <= 0.33)")
        # cross-check
        ref = results["coterminous (Rust)"][1]
        for name, (_, out) in results.items():
            for theme, (a, b) in enumerate(zip(ref, out)):
                if check == "interval":
                    ok = abs(a[0] - b[0]) <= 3 / N_PAIRS and abs(a[1] - b[1]) <= 3 / N_PAIRS
                else:
                    one = min(b / 2, 0.5)  # the one-sided tail behind a two-sided p
                    se = 2 * math.sqrt(max(one * (1 - one), 1e-4) / N_RESAMPLES)
                    ok = abs(a - b) <= 5 * se + 1e-4
                if not ok:
                    raise SystemExit(f"cross-check failed: {name}, theme {theme}: {a} vs {b}")
        if check == "interval":
            print(
                "  intervals: "
                + "; ".join(f"[{lo:+.4f}, {hi:+.4f}]" for lo, hi in ref)
                + " (all contestants within 3/n)"
            )
        else:
            print("  p-values: " + ", ".join(f"{p:.4f}" for p in ref) + " (all contestants within 5 Monte Carlo SE)")


if __name__ == "__main__":
    main()
