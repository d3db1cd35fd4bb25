"""Paired ordinal statistics against scipy, brute-force enumeration and hand computations."""

from __future__ import annotations

import itertools
import math
import os
import subprocess
import sys
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coterminous as ct
from coterminous import errors
from coterminous.stats._progress import _show_progress

scipy_stats = pytest.importorskip("scipy.stats")

ZERO_METHODS = ["wilcox", "pratt", "zsplit"]
METHODS = ["auto", "exact", "asymptotic"]
ALTERNATIVES = ["two-sided", "less", "greater"]


def scores(seed: int, n: int, share_differing: float = 0.35) -> tuple[np.ndarray, np.ndarray]:
    """Paired 1-4 scores where a share of pairs differ by one point."""
    g = np.random.default_rng(seed)
    x = g.integers(1, 5, n)
    step = np.where(g.random(n) < 0.5, -1, 1)
    differ = g.random(n) < share_differing
    y = np.clip(x + np.where(differ, step, 0), 1, 4)
    return x, y


def close(a: float, b: float, rtol: float = 1e-9) -> bool:
    if np.isnan(a) and np.isnan(b):
        return True
    return abs(a - b) <= rtol * abs(b) + 1e-14


# ---------------------------------------------------------------------------------------------
# Wilcoxon: equal to scipy for every option on tied data with zeros

TIED = {
    "n8": (np.array([3, 3, 4, 2, 3, 2, 1, 4]), np.array([1, 2, 4, 1, 3, 3, 1, 2])),  # permutation branch
    "n11": (np.array([4, 3, 3, 2, 2, 2, 1, 4, 3, 3, 2]), np.array([3, 3, 1, 1, 2, 3, 2, 1, 3, 2, 2])),
    "n30": scores(1, 30, 0.6),  # auto -> asymptotic
    "n80": scores(2, 80, 0.5),  # auto -> asymptotic (n > 50)
    "untied": (np.array([5.0, 1.5, 7.25, 3.0, 9.5]), np.array([1.0, 2.0, 3.0, 4.5, 1.0])),  # exact branch
}


@pytest.mark.parametrize("data", sorted(TIED))
@pytest.mark.parametrize("zero_method", ZERO_METHODS)
@pytest.mark.parametrize("correction", [False, True])
@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("alternative", ALTERNATIVES)
def test_wilcoxon_equals_scipy(data: str, zero_method: str, correction: bool, method: str, alternative: str) -> None:
    x, y = TIED[data]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = scipy_stats.wilcoxon(x, y, zero_method=zero_method, correction=correction, method=method, alternative=alternative)
    got = ct.wilcoxon(x, y, zero_method=zero_method, correction=correction, method=method, alternative=alternative)
    assert close(got.statistic, float(ref.statistic))
    assert close(got.pvalue, float(ref.pvalue))
    if method == "asymptotic":
        assert close(got.zstatistic, float(ref.zstatistic))


@settings(max_examples=60, deadline=None)
@given(
    d=st.lists(st.integers(-3, 3), min_size=2, max_size=60),  # scipy refuses n = 1 with a zero
    zero_method=st.sampled_from(ZERO_METHODS),
    correction=st.booleans(),
    method=st.sampled_from(METHODS),
    alternative=st.sampled_from(ALTERNATIVES),
)
def test_wilcoxon_property(d: list[int], zero_method: str, correction: bool, method: str, alternative: str) -> None:
    x = np.array(d, dtype=float)  # all-zero differences included: scipy's answers there too
    y = np.zeros_like(x)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = scipy_stats.wilcoxon(x, y, zero_method=zero_method, correction=correction, method=method, alternative=alternative)
    got = ct.wilcoxon(x, y, zero_method=zero_method, correction=correction, method=method, alternative=alternative)
    assert close(got.statistic, float(ref.statistic))
    assert close(got.pvalue, float(ref.pvalue))


# ---------------------------------------------------------------------------------------------
# sign test: scipy.stats.binomtest on the non-zero differences


def test_sign_test_equals_binomtest() -> None:
    for n in range(1, 61):
        for k in range(n + 1):
            x = np.array([1] * k + [0] * (n - k) + [2, 2])  # two zero differences
            y = np.array([0] * k + [1] * (n - k) + [2, 2])
            for alt in ALTERNATIVES:
                got = ct.sign_test(x, y, alternative=alt)
                assert (got.n_positive, got.n_negative, got.n_zero) == (k, n - k, 2)
                assert close(got.pvalue, scipy_stats.binomtest(k, n, 0.5, alternative=alt).pvalue, 1e-12)


def test_sign_test_large_n() -> None:
    x, y = scores(3, 3000, 0.5)
    k = int(np.sum(x > y))
    n = int(np.sum(x != y))
    assert close(ct.sign_test(x, y).pvalue, scipy_stats.binomtest(k, n).pvalue, 1e-9)


# ---------------------------------------------------------------------------------------------
# Cliff's delta against the dominance matrix


def brute_cliff(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    dom = np.sign(a[:, None] - b[None, :])
    m, n = dom.shape
    d = dom.mean()
    di = dom.mean(axis=1)
    dj = dom.mean(axis=0)
    var = (n**2 * np.sum((di - d) ** 2) + m**2 * np.sum((dj - d) ** 2) - np.sum((dom - d) ** 2)) / (m * n * (m - 1) * (n - 1))
    return float(d), float(max(var, (1 - d * d) / (m * n - 1)))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(1, 4), min_size=2, max_size=30), st.lists(st.integers(1, 4), min_size=2, max_size=30))
def test_cliffs_delta_matches_dominance_matrix(a: list[int], b: list[int]) -> None:
    aa, bb = np.array(a, float), np.array(b, float)
    r = ct.cliffs_delta(aa, bb)
    d, var = brute_cliff(aa, bb)
    assert close(r.statistic, d, 1e-12)
    assert close(r.standard_error, math.sqrt(var), 1e-9)
    assert r.n_greater + r.n_less + r.n_ties == len(a) * len(b)
    lo, hi = r.confidence_interval
    assert -1 <= lo <= r.statistic <= hi <= 1
    # the interval is the Feng & Cliff asymmetric one
    if var > 0:
        z = scipy_stats.norm.ppf(0.975)
        s = math.sqrt(var)
        num = d - d**3
        root = z * s * math.sqrt((1 - d * d) ** 2 + z * z * s * s)
        den = 1 - d * d + z * z * s * s
        assert close(lo, max(-1, (num - root) / den), 1e-9) and close(hi, min(1, (num + root) / den), 1e-9)


def test_cliffs_delta_paired_is_within_pair_dominance() -> None:
    x, y = scores(4, 40)
    r = ct.cliffs_delta(x, y, paired=True)
    s = np.sign(x - y)
    assert close(r.statistic, float(s.mean()), 1e-12)
    assert close(r.standard_error, float(np.sqrt(np.sum((s - s.mean()) ** 2) / (40 * 39))), 1e-12)
    lo, hi = r.confidence_interval
    assert lo < r.statistic < hi
    # every pair one way: the score interval, (n - z^2) / (n + z^2) at the bottom
    r = ct.cliffs_delta([3] * 9, [1] * 9, paired=True)
    z = scipy_stats.norm.ppf(0.975)
    assert r.statistic == 1.0 and close(r.confidence_interval.low, (9 - z * z) / (9 + z * z)) and r.confidence_interval.high == 1.0


def test_cliffs_delta_confidence_level_widens() -> None:
    a, b = scores(5, 25)
    narrow = ct.cliffs_delta(a, b, confidence_level=0.8).confidence_interval
    wide = ct.cliffs_delta(a, b, confidence_level=0.99).confidence_interval
    assert wide.low < narrow.low and wide.high > narrow.high


# ---------------------------------------------------------------------------------------------
# Holm and Bonferroni


def reference_holm(p: list[float]) -> list[float]:
    m = len(p)
    order = sorted(range(m), key=lambda i: p[i])
    out = [0.0] * m
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p[i]))
        out[i] = running
    return out


def test_holm_by_hand() -> None:
    # five themes: sorted 0.004*5 = .02, .01*4 = .04, .02*3 = .06, .03*2 = .06, .5*1 = .5
    p = [0.03, 0.004, 0.5, 0.02, 0.01]
    assert np.allclose(ct.holm(p), [0.06, 0.02, 0.5, 0.06, 0.04], rtol=0, atol=1e-15)
    assert np.allclose(ct.bonferroni(p), [0.15, 0.02, 1.0, 0.1, 0.05], rtol=0, atol=1e-15)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(0, 1), min_size=1, max_size=12))
def test_holm_property(p: list[float]) -> None:
    got = ct.holm(p)
    assert np.allclose(got, reference_holm(p), rtol=1e-15, atol=0)
    assert np.all(got >= np.array(p)) and np.all(got <= ct.bonferroni(p) + 1e-15)


# ---------------------------------------------------------------------------------------------
# bootstrap against scipy.stats.bootstrap, within Monte Carlo error


@pytest.mark.parametrize("method", ["percentile", "basic", "bca"])
@pytest.mark.parametrize("statistic", ["mean_difference", "median_difference"])
@pytest.mark.filterwarnings("ignore")
def test_bootstrap_agrees_with_scipy(method: str, statistic: str) -> None:
    x, y = scores(6, 150)
    d = (x - y).astype(float)
    n = 20000
    fn = np.mean if statistic == "mean_difference" else np.median
    ref = scipy_stats.bootstrap((d,), fn, n_resamples=n, method=method, rng=np.random.default_rng(2))
    if np.isnan(ref.confidence_interval.low):  # scipy finds BCa degenerate and returns NaN: this raises
        with pytest.raises(errors.CoterminousValueError, match="method='bca': every resample has the same statistic"):
            ct.bootstrap((x, y), statistic, n_resamples=n, method=method, rng=1)
        return
    got = ct.bootstrap((x, y), statistic, n_resamples=n, method=method, rng=1)
    assert got.statistic == pytest.approx(float(fn(d)))
    step = 1 / 150  # the resampled mean moves in steps of 1/n
    tol = 3 * step if statistic == "mean_difference" else 0.5 + 1e-12  # medians live on {.., -0.5, 0, 0.5, ..}
    for a, b in zip(got.confidence_interval, ref.confidence_interval):
        assert abs(a - b) <= tol
    assert got.standard_error == pytest.approx(float(ref.standard_error), rel=0.05, abs=0.01)


def test_bootstrap_one_sample_and_general_paths() -> None:
    g = np.random.default_rng(7)
    cont = g.normal(size=120)  # many distinct values: rows resampled one by one
    few = g.choice([0.5, 1.25, 2.0], 120)  # few distinct non-integers: multinomial counts
    for data in (cont, few):
        for stat, fn in (("mean", np.mean), ("median", np.median)):
            got = ct.bootstrap(data, stat, n_resamples=20000, rng=3)
            ref = scipy_stats.bootstrap((data,), fn, n_resamples=20000, method="percentile", rng=np.random.default_rng(3))
            width = max(ref.confidence_interval.high - ref.confidence_interval.low, 0.75)  # few values: steps of .75
            assert abs(got.confidence_interval.low - ref.confidence_interval.low) <= 0.1 * width
            assert abs(got.confidence_interval.high - ref.confidence_interval.high) <= 0.1 * width


def test_bootstrap_alternatives_are_one_sided() -> None:
    x, y = scores(8, 60)
    two = ct.bootstrap((x, y), "mean_difference", rng=5, confidence_level=0.9)
    less = ct.bootstrap((x, y), "mean_difference", rng=5, confidence_level=0.95, alternative="less")
    greater = ct.bootstrap((x, y), "mean_difference", rng=5, confidence_level=0.95, alternative="greater")
    assert less.confidence_interval.low == -math.inf and greater.confidence_interval.high == math.inf
    # a one-sided 95% bound is the matching end of a two-sided 90% interval
    assert less.confidence_interval.high == two.confidence_interval.high
    assert greater.confidence_interval.low == two.confidence_interval.low


def test_bootstrap_callable_slow_path_agrees() -> None:
    x, y = scores(9, 80)
    fast = ct.bootstrap((x, y), "mean_difference", n_resamples=4000, rng=1)
    slow = ct.bootstrap((x, y), lambda a, b: float(np.mean(a - b)), n_resamples=4000, rng=1, progress=False)
    assert slow.statistic == fast.statistic
    assert abs(slow.confidence_interval.low - fast.confidence_interval.low) <= 4 / 80
    assert abs(slow.confidence_interval.high - fast.confidence_interval.high) <= 4 / 80
    bca = ct.bootstrap(x.astype(float), lambda a: float(np.mean(a)), n_resamples=2000, method="bca", rng=1, progress=False)
    ref = ct.bootstrap(x, "mean", n_resamples=2000, method="bca", rng=1)
    assert abs(bca.confidence_interval.low - ref.confidence_interval.low) <= 4 / 80
    vec = ct.bootstrap((x, y), lambda a, b, axis: np.mean(a - b, axis=axis), n_resamples=4000, rng=1, progress=False)
    assert abs(vec.confidence_interval.low - fast.confidence_interval.low) <= 4 / 80


def test_permutation_callable_monte_carlo() -> None:
    x, y = scores(14, 60)
    fast = ct.permutation_test(x, y, n_resamples=4000, rng=3)
    for stat in (lambda a, b: float(np.mean(a - b)), lambda a, b, axis: np.mean(a - b, axis=axis)):
        slow = ct.permutation_test(x, y, statistic=stat, n_resamples=4000, rng=3, progress=False)
        assert not slow.exact and abs(slow.pvalue - fast.pvalue) < 0.06
    unpaired_fast = ct.permutation_test(x, y + 0.5, paired=False, n_resamples=4000, rng=3)
    unpaired_slow = ct.permutation_test(
        x, y + 0.5, paired=False, statistic=lambda a, b, axis: a.mean(axis) - b.mean(axis), n_resamples=4000, rng=3
    )
    assert abs(unpaired_fast.pvalue - unpaired_slow.pvalue) < 0.06


def test_progress_hook_counts_every_resample() -> None:
    from coterminous import _core

    seen: list[int] = []
    d = np.array([1.0, -1.0, 0.0, 1.0] * 40)
    _core.stats_bootstrap(d, "mean", 50_000, "percentile", 0.95, "two-sided", 1, seen.append)
    assert sum(seen) == 50_000 and len(seen) == 4
    seen.clear()
    _core.stats_permutation_paired(d * 0.3, 40_000, "two-sided", 1, seen.append)
    assert sum(seen) == 40_000


# ---------------------------------------------------------------------------------------------
# permutation tests


def brute_paired(d: np.ndarray, alternative: str) -> float:
    obs = d.mean()
    null = np.array([np.mean(d * np.array(s)) for s in itertools.product((1, -1), repeat=len(d))])
    gamma = abs(np.finfo(float).eps * 100 * obs)
    le = np.mean(null <= obs + gamma)
    ge = np.mean(null >= obs - gamma)
    return {"less": le, "greater": ge, "two-sided": min(1.0, 2 * min(le, ge))}[alternative]


def brute_independent(x: np.ndarray, y: np.ndarray, alternative: str) -> float:
    pooled = np.concatenate([x, y])
    obs = x.mean() - y.mean()
    null = []
    for c in itertools.combinations(range(len(pooled)), len(x)):
        mask = np.zeros(len(pooled), bool)
        mask[list(c)] = True
        null.append(pooled[mask].mean() - pooled[~mask].mean())
    null = np.array(null)
    gamma = abs(np.finfo(float).eps * 100 * obs)
    le = np.mean(null <= obs + gamma)
    ge = np.mean(null >= obs - gamma)
    return {"less": le, "greater": ge, "two-sided": min(1.0, 2 * min(le, ge))}[alternative]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 4), st.integers(1, 4)), min_size=2, max_size=11), st.sampled_from(ALTERNATIVES))
def test_paired_exact_enumeration_equals_brute_force(pairs: list[tuple[int, int]], alternative: str) -> None:
    x = np.array([p[0] for p in pairs], float)
    y = np.array([p[1] for p in pairs], float)
    r = ct.permutation_test(x, y, alternative=alternative, n_resamples=9999)
    assert r.exact and r.n_resamples == 2 ** len(x)
    assert close(r.pvalue, brute_paired(x - y, alternative), 1e-12)


def test_paired_exact_general_floats_and_callable() -> None:
    x = np.array([1.3, 2.2, 0.4, 3.1, 2.0, 1.1, 0.9])
    y = np.array([0.5, 2.2, 1.0, 1.2, 2.5, 0.1, 0.3])
    for alt in ALTERNATIVES:
        want = brute_paired(x - y, alt)
        assert close(ct.permutation_test(x, y, alternative=alt).pvalue, want, 1e-12)
        slow = ct.permutation_test(x, y, alternative=alt, statistic=lambda a, b: float(np.mean(a - b)), progress=False)
        assert slow.exact and close(slow.pvalue, want, 1e-12)


@pytest.mark.parametrize("alternative", ALTERNATIVES)
def test_independent_exact_enumeration_equals_brute_force(alternative: str) -> None:
    x = np.array([3, 3, 4, 2, 3, 1], float)
    y = np.array([1, 2, 4, 1, 2], float)
    want = brute_independent(x, y, alternative)
    r = ct.permutation_test(x, y, paired=False, alternative=alternative)
    assert r.exact and r.n_resamples == math.comb(11, 6)
    assert close(r.pvalue, want, 1e-12)
    xf, yf = x * 1.1, y * 1.1  # not whole numbers: the enumeration path
    assert close(ct.permutation_test(xf, yf, paired=False, alternative=alternative).pvalue, want, 1e-12)
    ref = scipy_stats.permutation_test((x, y), lambda a, b, axis: a.mean(axis) - b.mean(axis), alternative=alternative)
    assert close(r.pvalue, float(ref.pvalue), 1e-12)


@pytest.mark.parametrize("alternative", ALTERNATIVES)
def test_paired_monte_carlo_agrees_with_scipy(alternative: str) -> None:
    x, y = scores(10, 150)
    d = (x - y).astype(float)
    n = 20000
    got = ct.permutation_test(x, y, n_resamples=n, alternative=alternative, rng=1)
    ref = scipy_stats.permutation_test(
        (d,), lambda a, axis: a.mean(axis), permutation_type="samples", n_resamples=n, alternative=alternative,
        rng=np.random.default_rng(1),
    )
    p = float(ref.pvalue)
    se = math.sqrt(max(p * (1 - p), 1e-4) / n) * (2 if alternative == "two-sided" else 1)
    assert not got.exact and abs(got.pvalue - p) < 5 * se + 1e-4


@pytest.mark.parametrize("kind", ["binomial", "sign-bits"])
def test_paired_monte_carlo_general_paths(kind: str) -> None:
    g = np.random.default_rng(15)
    if kind == "binomial":  # few distinct non-integer |d|: one binomial per |d|
        x = g.choice([0.5, 1.5, 2.25], 120)
        y = g.choice([0.5, 1.5, 2.25], 120)
    else:  # continuous: random sign bits
        x = g.normal(0.15, 1, 120)
        y = g.normal(0, 1, 120)
    got = ct.permutation_test(x, y, n_resamples=20000, rng=4)
    ref = scipy_stats.permutation_test(
        (x - y,), lambda a, axis: a.mean(axis), permutation_type="samples", n_resamples=20000, rng=np.random.default_rng(4)
    )
    p = float(ref.pvalue)
    assert abs(got.pvalue - p) < 5 * 2 * math.sqrt(max(p / 2 * (1 - p / 2), 1e-4) / 20000) + 1e-4


def test_wilcoxon_zero_statistic_is_positive_zero() -> None:
    r = ct.wilcoxon([3, 3, 3, 4], [1, 2, 3, 1])
    assert r.statistic == 0.0 and math.copysign(1.0, r.statistic) == 1.0


def test_independent_monte_carlo_agrees_with_scipy() -> None:
    x, _ = scores(11, 40)
    y, _ = scores(12, 50)
    y = np.clip(y + 1, 1, 4)
    for xs, ys in ((x, y), (x * 0.7, y * 0.7)):  # exact-law path and shuffle path
        got = ct.permutation_test(xs, ys, paired=False, n_resamples=20000, rng=2)
        ref = scipy_stats.permutation_test((xs, ys), lambda a, b, axis: a.mean(axis) - b.mean(axis), n_resamples=20000, rng=np.random.default_rng(2))
        p = float(ref.pvalue)
        assert abs(got.pvalue - p) < 5 * 2 * math.sqrt(max(p * (1 - p), 1e-4) / 20000) + 1e-4


# ---------------------------------------------------------------------------------------------
# seeds


def test_seeds_reproduce_and_generators_work() -> None:
    x, y = scores(13, 150)
    a = ct.bootstrap((x, y), "mean_difference", n_resamples=30000, rng=42)
    b = ct.bootstrap((x, y), "mean_difference", n_resamples=30000, rng=42)
    assert a == b
    g1, g2 = np.random.default_rng(5), np.random.default_rng(5)
    assert ct.permutation_test(x, y, n_resamples=30000, rng=g1) == ct.permutation_test(x, y, n_resamples=30000, rng=g2)


def test_same_seed_same_answer_with_one_thread() -> None:
    code = (
        "import numpy as np, coterminous as ct\n"
        "g = np.random.default_rng(0); x = g.integers(1, 5, 150); y = np.clip(x + g.integers(-1, 2, 150), 1, 4)\n"
        "b = ct.bootstrap((x, y), 'median_difference', n_resamples=50000, rng=9)\n"
        "p = ct.permutation_test(x * 0.5, y * 0.5, n_resamples=50000, rng=9)\n"
        "q = ct.permutation_test(x + g.normal(size=150), y, n_resamples=50000, rng=9)\n"
        "r = ct.bootstrap(x + g.normal(size=150), 'mean', n_resamples=50000, rng=9)\n"
        "print(repr((b.confidence_interval, b.standard_error, p.pvalue, q.pvalue, r.confidence_interval)))\n"
    )
    outs = []
    for threads in ("1", "2"):
        env = {**os.environ, "RAYON_NUM_THREADS": threads}
        outs.append(subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout)
    assert outs[0] == outs[1]


# ---------------------------------------------------------------------------------------------
# compare and the replication


def paired_table() -> dict[str, np.ndarray]:
    cols = {}
    for i, theme in enumerate(ct.Framework.builtin("ale").themes):
        x, y = scores(20 + i, 30)
        cols[f"left_{theme}"] = x
        cols[f"right_{theme}"] = y
    return cols


@pytest.mark.parametrize("backend", ["pandas", "polars", "pyarrow", "dict"])
def test_compare_every_theme(backend: str) -> None:
    cols = paired_table()
    if backend == "pandas":
        import pandas as pd

        data = pd.DataFrame(cols)
    elif backend == "polars":
        import polars as pl

        data = pl.DataFrame(cols)
    elif backend == "pyarrow":
        import pyarrow as pa

        data = pa.table(cols)
    else:
        data = cols
    out = ct.compare(data, "ale")
    kind = {"dict": "pandas"}.get(backend, backend)
    assert type(out).__module__.split(".")[0] == kind
    rows = out.to_pandas() if hasattr(out, "to_pandas") else out
    themes = ct.Framework.builtin("ale").themes
    assert list(rows.columns) == ["theme", "test", "n", "statistic", "pvalue", "adjusted_pvalue", "low", "high"]
    assert len(rows) == 15
    for test in ("sign", "wilcoxon", "cliffs_delta"):
        sub = rows[rows["test"] == test]
        assert list(sub["theme"]) == themes
        assert np.allclose(sub["adjusted_pvalue"], reference_holm(list(sub["pvalue"])), rtol=1e-15, atol=0)
    fr = rows[(rows["theme"] == themes[0]) & (rows["test"] == "wilcoxon")].iloc[0]
    ref = scipy_stats.wilcoxon(cols[f"left_{themes[0]}"], cols[f"right_{themes[0]}"])
    assert close(fr["pvalue"], float(ref.pvalue)) and close(fr["statistic"], float(ref.statistic))


def test_compare_drops_missing_pairs_and_checks_scores() -> None:
    import pandas as pd

    cols = paired_table()
    df = pd.DataFrame(cols).astype("Int64")
    df.loc[3, "left_financial_standing"] = pd.NA
    out = ct.compare(df, "ale", tests=["sign"])
    assert list(out["n"]) == [30, 30, 29, 30, 30]
    bad = pd.DataFrame(cols)
    bad.loc[4, "right_value_for_money"] = 5
    with pytest.raises(errors.ScoreError, match="right_value_for_money.*row 4"):
        ct.compare(bad, "ale")
    with pytest.raises(errors.ColumnNotFoundError, match="left_financial_reporting"):
        ct.compare(pd.DataFrame({"x": [1]}), "ale")
    with pytest.raises(ValueError, match="tests"):
        ct.compare(pd.DataFrame(cols), "ale", tests=["t-test"])


def test_nlgn2008_statistics() -> None:
    cols = ct.datasets.read_columns("nlgn2008/figure3")
    table, sentence = ct.stats.nlgn2008_statistics(cols)
    assert table["theme"] == ["financial_reporting", "financial_management", "financial_standing", "internal_control", "value_for_money"]
    assert all(n == 9 for n in table["n"])
    council = {t: cols[t][cols["sector"] == "council"] for t in table["theme"]}
    pct = {t: cols[t][cols["sector"] == "pct"] for t in table["theme"]}
    for i, t in enumerate(table["theme"]):
        k, n = int(np.sum(council[t] > pct[t])), int(np.sum(council[t] != pct[t]))
        assert close(table["sign_pvalue"][i], scipy_stats.binomtest(k, n).pvalue, 1e-12)
        assert close(table["wilcoxon_pvalue"][i], float(scipy_stats.wilcoxon(council[t], pct[t]).pvalue))
        assert table["cliffs_low"][i] <= table["cliffs_delta"][i] <= table["cliffs_high"][i]
    assert np.allclose(table["sign_holm"], reference_holm(table["sign_pvalue"]))
    assert "n = 9" in sentence and "0.0039" in sentence


# ---------------------------------------------------------------------------------------------
# bad input


@pytest.mark.parametrize(
    "call, exc, match",
    [
        (lambda: ct.sign_test([1, 2], [1]), errors.CoterminousValueError, "x, y.*one length"),
        (lambda: ct.wilcoxon([1, float("nan")], [1, 2]), errors.CoterminousValueError, "x: row 1"),
        (lambda: ct.wilcoxon(["a", "b"], [1, 2]), errors.CoterminousTypeError, "x"),
        (lambda: ct.sign_test([1, None], [1, 2]), errors.CoterminousValueError, "x: row 1: missing"),
        (lambda: ct.cliffs_delta([], [1, 2]), errors.CoterminousValueError, "a: no observations"),
        (lambda: ct.cliffs_delta([1, 2], [1, 2], confidence_level=1.0), errors.CoterminousValueError, "confidence_level"),
        (lambda: ct.cliffs_delta([1, 2], [1, 2], confidence_level=0), errors.CoterminousValueError, "confidence_level"),
        (lambda: ct.bootstrap([1, 2], "mean", n_resamples=0), errors.CoterminousValueError, "n_resamples"),
        (lambda: ct.bootstrap([1, 2], "mean", n_resamples=10**9), errors.CoterminousValueError, "n_resamples"),
        (lambda: ct.bootstrap([1, 2], "mean", n_resamples=2.5), errors.CoterminousTypeError, "n_resamples"),
        (lambda: ct.bootstrap([1, 2], "mean", confidence_level=1.5), errors.CoterminousValueError, "confidence_level"),
        (lambda: ct.bootstrap([1, 2], "mode"), errors.CoterminousValueError, "statistic"),
        (lambda: ct.bootstrap([1, 2], "mean_difference"), errors.CoterminousValueError, "data"),
        (lambda: ct.bootstrap([1, 2], "mean", rng="seed"), errors.CoterminousTypeError, "rng"),
        (lambda: ct.bootstrap([1, 2], "mean", method="studentized"), errors.CoterminousValueError, "method"),
        (lambda: ct.permutation_test([1, 2], [1, 2], alternative="bigger"), errors.CoterminousValueError, "alternative"),
        (lambda: ct.permutation_test([1, 2], [1, 2], n_resamples=-1), errors.CoterminousValueError, "n_resamples"),
        (lambda: ct.permutation_test([1, 2, 3], [1, 2]), errors.CoterminousValueError, "one length"),
        (lambda: ct.wilcoxon([1, 2], [1, 2], zero_method="none"), errors.CoterminousValueError, "zero_method"),
        (lambda: ct.holm([0.1, 1.2]), errors.CoterminousValueError, "pvalues: element 1"),
        (lambda: ct.holm([0.1, float("nan")]), errors.CoterminousValueError, "pvalues: row 1"),
        (lambda: ct.sign_test([1, 5], [1, 2], framework="ale"), errors.ScoreError, "x: row 1"),
        (lambda: ct.wilcoxon([True, False], [1, 2]), errors.CoterminousTypeError, "x"),
    ],
)
def test_bad_input(call, exc, match) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(exc, match=match):
        call()


def test_inputs_are_not_modified_and_columns_accepted() -> None:
    import pandas as pd
    import polars as pl

    x, y = scores(30, 20)
    x0, y0 = x.copy(), y.copy()
    r1 = ct.wilcoxon(pd.Series(x), pl.Series(y))
    r2 = ct.wilcoxon(list(x), y.astype(np.int8))
    assert r1 == r2
    assert np.array_equal(x, x0) and np.array_equal(y, y0)


def test_progress_is_off_in_scripts_and_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    assert _show_progress(None) is False
    assert _show_progress(True) is True
    monkeypatch.delenv("CI")
    assert _show_progress(None) == sys.stderr.isatty()  # pytest: no notebook kernel
    assert _show_progress(False) is False


def test_compare_cliffs_options() -> None:
    cols = paired_table()
    theme = ct.Framework.builtin("ale").themes[1]
    x, y = cols[f"left_{theme}"], cols[f"right_{theme}"]
    for option, paired in (("paired", True), ("independent", False)):
        out = ct.compare(cols, "ale", tests=["cliffs_delta"], cliffs=option)
        row = out[out["theme"] == theme].iloc[0]
        want = ct.cliffs_delta(x, y, paired=paired)
        assert row["statistic"] == want.statistic and row["low"] == want.confidence_interval.low


def test_progress_true_runs_with_tqdm() -> None:
    pytest.importorskip("tqdm")
    x, y = scores(31, 40)
    a = ct.bootstrap((x, y), "mean_difference", n_resamples=5000, rng=2, progress=True)
    b = ct.bootstrap((x, y), "mean_difference", n_resamples=5000, rng=2, progress=False)
    assert a == b
    p = ct.permutation_test(x, y, statistic=lambda u, v: float(np.mean(u - v)), n_resamples=2000, rng=2, progress=True)
    q = ct.permutation_test(x, y, statistic=lambda u, v: float(np.mean(u - v)), n_resamples=2000, rng=2, progress=False)
    assert p == q


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.integers(1, 4), min_size=2, max_size=7),  # scipy needs 2 per sample; see test_n_one_like_scipy
    st.lists(st.integers(1, 4), min_size=2, max_size=7),
    st.sampled_from(ALTERNATIVES),
)
def test_independent_exact_property(x: list[int], y: list[int], alternative: str) -> None:
    xa, ya = np.array(x, float), np.array(y, float)
    r = ct.permutation_test(xa, ya, paired=False, alternative=alternative)
    assert r.exact and r.n_resamples == math.comb(len(x) + len(y), len(x))
    assert close(r.pvalue, brute_independent(xa, ya, alternative), 1e-12)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(-3, 3), min_size=2, max_size=40), st.sampled_from(["percentile", "basic", "bca"]), st.integers(0, 2**32))
def test_bootstrap_property(d: list[int], method: str, seed: int) -> None:
    if method == "bca" and len(set(d)) == 1:
        with pytest.raises(errors.CoterminousValueError, match="method='bca'"):
            ct.bootstrap(np.array(d), "mean", n_resamples=2000, method=method, rng=seed)
        return
    a = ct.bootstrap(np.array(d), "mean", n_resamples=2000, method=method, rng=seed)
    b = ct.bootstrap(np.array(d), "mean", n_resamples=2000, method=method, rng=seed)
    assert a == b
    lo, hi = a.confidence_interval
    assert min(d) <= lo <= hi <= max(d) if method != "basic" else lo <= hi


# ---------------------------------------------------------------------------------------------
# review fixes: exact integer differences, bootstrap samples, degenerate BCa, missing values,
# n = 1 as scipy, pairing by position


def test_large_integers_are_subtracted_exactly() -> None:
    big = 2**60
    r = ct.sign_test(np.array([big + 1]), np.array([big]))
    assert (r.n_positive, r.n_negative, r.n_zero) == (1, 0, 0)
    u = np.array([2**63 + 2, 2**63, 2**64 - 1], dtype=np.uint64)
    r = ct.sign_test(u, np.array([2**63 + 1, 2**63, 2**64 - 2], dtype=np.uint64))
    assert (r.n_positive, r.n_negative, r.n_zero) == (2, 0, 1)
    r = ct.sign_test(np.array([2**63 + 5], dtype=np.uint64), np.array([-3]))  # no common integer type: Python ints
    assert r.n_positive == 1
    r = ct.sign_test([2**70 + 1, 2**70], [2**70, 2**70 + 1])  # beyond uint64: Python ints
    assert (r.n_positive, r.n_negative) == (1, 1)
    r = ct.sign_test([2**62, -(2**62)], [-(2**62), 2**62])  # int64 overflow of x - y
    assert (r.n_positive, r.n_negative) == (1, 1)
    import pandas as pd
    import polars as pl

    x, y = np.array([big + 3, big + 1, big, 7]), np.array([big, big, big + 2, 5])
    want = ct.wilcoxon(x - y, np.zeros(4, dtype=np.int64))
    assert ct.wilcoxon(pd.Series(x), pl.Series(y)) == want
    assert ct.cliffs_delta(x, y, paired=True).statistic == 0.5
    assert ct.permutation_test(x, y).pvalue == ct.permutation_test(x - y, np.zeros(4)).pvalue
    assert ct.bootstrap((x, y), "mean_difference", rng=1) == ct.bootstrap((x - y, np.zeros(4)), "mean_difference", rng=1)


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: ct.wilcoxon([2**60, 1], [0, 0]), r"x - y: row 0: 1152921504606846976 is an integer beyond 2\*\*53"),
        (lambda: ct.cliffs_delta([1, 2**60 + 1], [2**60, 1]), r"a: row 1: .* beyond 2\*\*53"),
        (lambda: ct.sign_test([2**60 + 1, 2.5], [1, 2]), r"x: row 0: .* beyond 2\*\*53"),
        (lambda: ct.permutation_test([1, 2], [3, 2**54 + 1], paired=False), r"y: row 1: .* beyond 2\*\*53"),
        (lambda: ct.bootstrap([1, 2**54 + 1], "mean"), r"data: row 1: .* beyond 2\*\*53"),
        (lambda: ct.sign_test([1e308], [-1e308]), r"x - y overflows at row 0: 1e\+308 - -1e\+308"),
        (lambda: ct.wilcoxon([1.0, -1e308], [0.0, 1e308]), r"x - y overflows at row 1"),
        (lambda: ct.cliffs_delta([1e308, 0.0], [-1e308, 0.0], paired=True), r"a - b overflows at row 0"),
    ],
)
def test_integers_beyond_float_precision_and_overflow_raise(call, match) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(errors.CoterminousValueError, match=match):
        call()


def test_bootstrap_only_a_tuple_holds_several_samples() -> None:
    one = ct.bootstrap([3, 4], np.mean, n_resamples=2000, rng=1)  # one sample of two, not a pair
    assert one.statistic == 3.5 and 3 <= one.confidence_interval.low <= one.confidence_interval.high <= 4
    assert ct.bootstrap(np.array([3, 4]), np.mean, n_resamples=2000, rng=1) == one
    x, y = scores(40, 30)
    z = np.arange(30) % 3
    two = ct.bootstrap((x, y), lambda a, b: float(np.mean(a - b)), n_resamples=2000, rng=4)
    # three samples of one length are resampled together: the same rows as for two
    three = ct.bootstrap((x, y, z), lambda a, b, c: float(np.mean(a - b)) + 0 * float(np.mean(c)), n_resamples=2000, rng=4)
    assert three == two
    vec = ct.bootstrap((x, y, z), lambda a, b, c, axis: np.mean(a - b + 0 * c, axis=axis), n_resamples=2000, rng=4)
    assert vec.confidence_interval == two.confidence_interval
    with pytest.raises(errors.CoterminousValueError, match=r"data: the samples of a tuple .* one length; got \[30, 29\]"):
        ct.bootstrap((x, y[:-1]), lambda a, b: 0.0)
    with pytest.raises(errors.CoterminousValueError, match=r"data: a paired statistic needs data=\(x, y\), a tuple.*got one sample"):
        ct.bootstrap([x, y], "mean_difference")
    with pytest.raises(errors.CoterminousValueError, match=r"data: expected a 1-D sequence"):
        ct.bootstrap([x, y], lambda a: 0.0)


def test_bca_on_degenerate_data_raises_instead_of_nan() -> None:
    def mean(a: np.ndarray) -> float:
        return float(np.mean(a))

    for statistic in ("mean", "median", mean):
        with pytest.raises(errors.CoterminousValueError, match=r"method='bca': every resample has the same statistic \(2\).*'percentile'"):
            ct.bootstrap([2, 2, 2, 2], statistic, method="bca", n_resamples=500, rng=1)
        r = ct.bootstrap([2, 2, 2, 2], statistic, n_resamples=500, rng=1)
        assert r.confidence_interval == (2.0, 2.0)
    with pytest.raises(errors.CoterminousValueError, match=r"method='bca'.*every resample has the same statistic"):
        ct.bootstrap(([1, 2, 3], [1, 2, 3]), "mean_difference", method="bca", rng=1)
    # resamples differ, but no leave-one-out median does
    for statistic in ("median", lambda a: float(np.median(a))):
        with pytest.raises(errors.CoterminousValueError, match="method='bca': every leave-one-out .* acceleration is undefined"):
            ct.bootstrap([0, 1, 1, 1, 1, 2], statistic, method="bca", n_resamples=2000, rng=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = scipy_stats.bootstrap(([2.0, 2.0, 2.0, 2.0],), np.mean, method="bca", n_resamples=500)
    assert np.isnan(ref.confidence_interval.low)  # what this avoids


def test_callable_returning_nan_raises_naming_it() -> None:
    def nan_on_resamples(a: np.ndarray) -> float:
        return float(np.mean(a)) if len(set(a.tolist())) == 4 else math.nan

    with pytest.raises(errors.CoterminousValueError, match=r"statistic: .*<lambda> returned NaN on the data"):
        ct.bootstrap([1, 2, 3, 4], lambda a: math.nan, rng=1)
    with pytest.raises(errors.CoterminousValueError, match=r"statistic: .*nan_on_resamples returned NaN on resample \d+"):
        ct.bootstrap([1, 2, 3, 4], nan_on_resamples, n_resamples=100, rng=1)

    def nan_jackknife(a: np.ndarray) -> float:  # NaN on the leave-one-out samples only
        return float(np.mean(a)) if len(a) == 5 else math.nan

    with pytest.raises(errors.CoterminousValueError, match=r"nan_jackknife returned NaN on leave-one-out sample .* row 0"):
        ct.bootstrap([1, 2, 3, 4, 5], nan_jackknife, method="bca", n_resamples=200, rng=1)

    def nan_when_permuted(a: np.ndarray, b: np.ndarray) -> float:
        return 0.0 if a[0] == 1 else math.nan

    with pytest.raises(errors.CoterminousValueError, match=r"statistic: .*nan_when_permuted returned NaN on permutation \d+"):
        ct.permutation_test([1, 2, 3], [4, 5, 6], statistic=nan_when_permuted)
    with pytest.raises(errors.CoterminousValueError, match=r"statistic: .*<lambda> returned NaN on the data"):
        ct.permutation_test([1, 2, 3], [4, 5, 6], paired=False, statistic=lambda a, b: math.nan)


def test_wilcoxon_undefined_fields_are_none_and_results_compare_equal() -> None:
    x, y = TIED["n8"]
    assert ct.wilcoxon(x, y) == ct.wilcoxon(x, y)
    assert ct.wilcoxon(x, y).zstatistic is None
    assert ct.wilcoxon(*TIED["untied"], method="exact").zstatistic is None
    a = ct.wilcoxon(*TIED["n30"])
    assert a.method == "asymptotic" and isinstance(a.zstatistic, float) and a == ct.wilcoxon(*TIED["n30"])
    # nothing to rank under the normal approximation: NaN p-value, as scipy (documented)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = scipy_stats.wilcoxon([2] * 60, [2] * 60)
    got = ct.wilcoxon([2] * 60, [2] * 60)
    assert np.isnan(ref.pvalue) and np.isnan(got.pvalue) and got.statistic == float(ref.statistic)
    assert "NaN" in (ct.wilcoxon.__doc__ or "")


@pytest.mark.parametrize("backend", ["pandas", "polars", "pyarrow"])
def test_compare_missing_values_are_nulls_and_left_out_of_holm(backend: str) -> None:
    import pandas as pd

    themes = ct.Framework.builtin("ale").themes
    cols = paired_table()
    for side in ("left", "right"):  # every difference zero in the first theme (n = 30 > 13)
        cols[f"{side}_{themes[0]}"] = np.full(30, 2)
    df = pd.DataFrame(cols).astype("Int64")
    df.loc[1:, f"left_{themes[1]}"] = pd.NA  # one complete pair left: nothing is tested
    if backend == "polars":
        import polars as pl

        data = pl.from_pandas(df)
    elif backend == "pyarrow":
        import pyarrow as pa

        data = pa.Table.from_pandas(df, preserve_index=False)
    else:
        data = df
    out = ct.compare(data, "ale")
    rows = out if backend == "pandas" else out.to_pandas()
    if backend == "pandas":
        assert all(str(out[c].dtype) == "Float64" for c in ("statistic", "pvalue", "adjusted_pvalue", "low", "high"))
    elif backend == "polars":
        assert out["low"].null_count() == 10 + 1  # sign and Wilcoxon everywhere, Cliff's delta of the n = 1 theme
    else:
        assert out.column("low").null_count == 11
    assert len(rows) == 15  # no row dropped
    no_interval = rows[rows["test"] != "cliffs_delta"]
    assert no_interval["low"].isna().all() and no_interval["high"].isna().all()
    assert not np.isnan(rows[rows["test"] == "cliffs_delta"]["low"].dropna().to_numpy(dtype=float)).any()
    w = rows[rows["test"] == "wilcoxon"].reset_index(drop=True)
    assert pd.isna(w["pvalue"][0]) and pd.isna(w["adjusted_pvalue"][0]) and w["statistic"][0] == 0.0  # all zero
    assert pd.isna(w["statistic"][1]) and w["n"][1] == 1  # nothing tested
    tested = w["pvalue"][2:].to_numpy(dtype=float)
    assert np.allclose(w["adjusted_pvalue"][2:].to_numpy(dtype=float), reference_holm(list(tested)), rtol=1e-15, atol=0)
    s = rows[rows["test"] == "sign"].reset_index(drop=True)
    assert s["pvalue"][0] == 1.0 and pd.isna(s["pvalue"][1])


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("zero_method", ZERO_METHODS)
@pytest.mark.parametrize("pair", [(2, 2), (3, 2), (1, 3)])
def test_wilcoxon_one_pair_as_scipy(method: str, zero_method: str, pair: tuple[int, int]) -> None:
    x, y = [pair[0]], [pair[1]]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ref = scipy_stats.wilcoxon(x, y, method=method, zero_method=zero_method)
    except ValueError:
        with pytest.raises(errors.CoterminousValueError, match=r"^x, y: one pair"):
            ct.wilcoxon(x, y, method=method, zero_method=zero_method)
        return
    got = ct.wilcoxon(x, y, method=method, zero_method=zero_method)
    assert close(got.statistic, float(ref.statistic)) and close(got.pvalue, float(ref.pvalue))


@pytest.mark.parametrize(
    "x, y, paired, match",
    [
        ([1], [2], False, r"^x: a permutation test needs at least 2 observations"),
        ([1, 2], [3], False, r"^y: a permutation test needs at least 2 observations"),
        ([1], [2], True, r"^x, y: a paired permutation test needs at least 2 pairs"),
    ],
)
def test_permutation_test_needs_two_observations_as_scipy(x: list[int], y: list[int], paired: bool, match: str) -> None:
    kind = "samples" if paired else "independent"
    with pytest.raises(ValueError):
        scipy_stats.permutation_test((np.array(x, float), np.array(y, float)), lambda a, b: np.mean(a) - np.mean(b), permutation_type=kind, vectorized=False)
    for statistic in ("mean_difference", lambda a, b: float(np.mean(a) - np.mean(b))):
        with pytest.raises(errors.CoterminousValueError, match=match):
            ct.permutation_test(x, y, paired=paired, statistic=statistic)
    ok = ct.permutation_test([1, 2], [3, 4], paired=False)
    want = scipy_stats.permutation_test(([1.0, 2.0], [3.0, 4.0]), lambda a, b, axis: np.mean(a, axis=axis) - np.mean(b, axis=axis))
    assert close(ok.pvalue, float(want.pvalue))


def test_paired_cliffs_delta_one_pair_names_its_arguments() -> None:
    with pytest.raises(errors.CoterminousValueError, match=r"^a, b: the paired Cliff's delta needs at least 2 pairs"):
        ct.cliffs_delta([1], [2], paired=True)


def test_bootstrap_needs_two_observations_as_scipy() -> None:
    with pytest.raises(ValueError):
        scipy_stats.bootstrap(([1.0],), np.mean)
    for data, statistic in (([1], "mean"), (([1], [2]), "mean_difference"), ([1], np.mean)):
        with pytest.raises(errors.CoterminousValueError, match=r"^data: the bootstrap needs at least 2 observations"):
            ct.bootstrap(data, statistic)


def test_pairs_are_matched_by_position_not_index() -> None:
    import pandas as pd

    x = pd.Series([1, 2, 3], index=[0, 1, 2])
    y = pd.Series([3, 2, 1], index=[2, 1, 0])  # aligned by label every difference would be 0
    r = ct.sign_test(x, y)
    assert (r.n_positive, r.n_negative, r.n_zero) == (1, 1, 1)
    for fn in (ct.sign_test, ct.wilcoxon, ct.cliffs_delta, ct.permutation_test, ct.bootstrap):
        assert "matched by position" in (fn.__doc__ or "")


def test_one_resample_has_no_standard_error():
    r = ct.bootstrap([1, 2, 3, 4], "mean", n_resamples=1, rng=1)
    assert r.standard_error is None
    r = ct.bootstrap([1, 2, 3, 4], np.mean, n_resamples=1, rng=1)
    assert r.standard_error is None
    assert ct.bootstrap([1, 2, 3, 4], "mean", n_resamples=2, rng=1).standard_error is not None
