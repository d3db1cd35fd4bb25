"""Results that must hold at small n and on float data: BCa against the ideal (exhaustively
enumerated) bootstrap, Cliff's delta p-values against brute-force permutation enumeration,
and the bootstrap distribution the result carries."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
import pytest

import coterminous as ct

scipy_stats = pytest.importorskip("scipy.stats")
special = pytest.importorskip("scipy.special")


# ---------------------------------------------------------------------------------------------
# BCa on float data (issue 9, item 4)


def ideal_bca_band(d: np.ndarray, level: float, slack: float) -> tuple[tuple[float, float], tuple[float, float]]:
    """The ideal BCa interval of the mean (every one of the n**n resamples, in exact rational
    arithmetic, so no resample equal to the data is misread by rounding), as ranges: the
    population quantiles at the adjusted levels moved by ``slack``, which bounds the Monte
    Carlo error of an estimate from many resamples."""
    n = len(d)
    fr = [Fraction(float(v)) for v in d]
    theta = sum(fr) / n
    law: dict[Fraction, int] = {}
    for idx in itertools.product(range(n), repeat=n):
        m = sum(fr[i] for i in idx) / n
        law[m] = law.get(m, 0) + 1
    total = n**n
    below = sum(c for v, c in law.items() if v < theta)
    z0 = special.ndtri(float(Fraction(below, total) + Fraction(law.get(theta, 0), 2 * total)))
    jack = np.array([float((sum(fr) - fr[i]) / (n - 1)) for i in range(n)])
    u = (n - 1) * (jack.mean() - jack)
    a = (u**3).sum() / n**3 / ((u**2).sum() / n**2) ** 1.5 / 6
    za = special.ndtri((1 - level) / 2)
    levels = [special.ndtr(z0 + (z0 + s) / (1 - a * (z0 + s))) for s in (za, -za)]
    atoms = sorted(law)
    cdf = np.cumsum([law[v] for v in atoms]) / total

    def quantile(p: float) -> float:
        return float(atoms[min(int(np.searchsorted(cdf, p - 1e-12)), len(atoms) - 1)])

    lo, hi = levels
    return (quantile(lo - slack), quantile(lo + slack)), (quantile(hi - slack), quantile(hi + slack))


@pytest.mark.parametrize("n", [4, 5])
@pytest.mark.parametrize("seed", range(6))
def test_bca_on_floats_matches_the_ideal_bootstrap(n: int, seed: int) -> None:
    g = np.random.default_rng(seed)
    x, y = g.normal(size=n), g.normal(size=n)
    r = ct.bootstrap((x, y), "mean_difference", method="bca", n_resamples=200_000, rng=seed)
    # 200,000 resamples: the standard error of an estimated level is below 0.0012
    (lo_min, lo_max), (hi_min, hi_max) = ideal_bca_band(x - y, 0.95, slack=0.006)
    low, high = r.confidence_interval
    assert lo_min <= low <= lo_max, (low, lo_min, lo_max)
    assert hi_min <= high <= hi_max, (high, hi_min, hi_max)


def test_bca_on_dyadic_floats_agrees_with_scipy() -> None:
    # multiples of 1/64: every mean is exact in both, so scipy is a reference here too
    g = np.random.default_rng(11)
    for n in (4, 6, 9):
        d = np.round(g.normal(size=n) * 64) / 64
        r = ct.bootstrap(d, "mean", method="bca", n_resamples=100_000, rng=3)
        s = scipy_stats.bootstrap((d,), np.mean, method="BCa", n_resamples=100_000, rng=np.random.default_rng(4))
        spread = float(np.ptp(d))
        assert abs(r.confidence_interval.low - s.confidence_interval.low) <= 0.05 * spread
        assert abs(r.confidence_interval.high - s.confidence_interval.high) <= 0.05 * spread


# ---------------------------------------------------------------------------------------------
# bootstrap_distribution


@pytest.mark.parametrize("method", ["percentile", "basic", "bca"])
@pytest.mark.parametrize(
    "statistic, data",
    [
        ("mean", [3, 1, 4, 1, 5, 9, 2, 6]),  # whole numbers: the exact-sum kernel
        ("median", [3, 1, 4, 1, 5, 9, 2, 6]),
        ("mean", [0.3, 1.7, 4.1, 1.5, 5.9, 9.2]),  # few distinct floats: multinomial
        ("mean", list(np.random.default_rng(1).normal(size=100))),  # many distinct: rows
        (np.mean, [3.0, 1.0, 4.0, 1.5, 5.0, 9.0]),  # a callable
    ],
)
def test_bootstrap_distribution_is_what_the_interval_was_built_from(
    method: str, statistic: object, data: list[float]
) -> None:
    r = ct.bootstrap(data, statistic, method=method, n_resamples=5000, rng=2)  # type: ignore[arg-type]
    dist = r.bootstrap_distribution
    assert isinstance(dist, np.ndarray) and dist.dtype == np.float64 and dist.shape == (5000,)
    assert not dist.flags.writeable
    assert r.standard_error == pytest.approx(np.std(dist, ddof=1), rel=1e-9)
    # every resampled statistic lies within the data's range
    assert dist.min() >= min(data) - 1e-12 and dist.max() <= max(data) + 1e-12
    if method == "percentile":
        assert r.confidence_interval.low == pytest.approx(np.quantile(dist, 0.025), rel=1e-12, abs=1e-12)
        assert r.confidence_interval.high == pytest.approx(np.quantile(dist, 0.975), rel=1e-12, abs=1e-12)


def test_bootstrap_distribution_has_scipys_law() -> None:
    d = np.array([3, 1, 4, 1, 5, 9, 2, 6], dtype=float)
    ours = ct.bootstrap(d, "mean", n_resamples=100_000, rng=1).bootstrap_distribution
    ref = scipy_stats.bootstrap((d,), np.mean, n_resamples=100_000, rng=np.random.default_rng(1)).bootstrap_distribution
    assert scipy_stats.ks_2samp(ours, ref).pvalue > 1e-4
    assert abs(ours.mean() - ref.mean()) < 5 * ref.std() / math.sqrt(100_000) * math.sqrt(2)


# ---------------------------------------------------------------------------------------------
# Cliff's delta p-values (issue 9, item 5)


def delta(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.sign(a[:, None] - b[None, :]).mean())


def brute_paired_p(a: np.ndarray, b: np.ndarray) -> float:
    """Every swap of a_i and b_i within the pairs."""
    obs = abs(float(np.sign(a - b).mean()))
    hits = 0
    for flips in itertools.product((1, -1), repeat=len(a)):
        hits += abs(float((np.sign(a - b) * np.array(flips)).mean())) >= obs - 1e-12
    return hits / 2 ** len(a)


def brute_independent_p(a: np.ndarray, b: np.ndarray) -> float:
    """Every split of the pooled values into samples of the sizes of a and b."""
    pooled = np.concatenate([a, b])
    obs = abs(delta(a, b))
    hits = total = 0
    for pick in itertools.combinations(range(len(pooled)), len(a)):
        mask = np.zeros(len(pooled), dtype=bool)
        mask[list(pick)] = True
        total += 1
        hits += abs(delta(pooled[mask], pooled[~mask])) >= obs - 1e-12
    return hits / total


@pytest.mark.parametrize("seed", range(8))
def test_cliffs_delta_exact_pvalues_match_enumeration(seed: int) -> None:
    g = np.random.default_rng(seed)
    n = int(g.integers(3, 11))
    a, b = g.integers(1, 6, n).astype(float), g.integers(1, 6, n).astype(float)
    r = ct.cliffs_delta(a, b, paired=True)
    assert r.pvalue_method == "exact"
    assert r.pvalue == pytest.approx(brute_paired_p(a, b), rel=1e-12)
    m, k = int(g.integers(2, 7)), int(g.integers(2, 7))
    a, b = g.integers(1, 5, m).astype(float) + g.integers(0, 2, m) * 0.5, g.integers(1, 5, k).astype(float)
    r = ct.cliffs_delta(a, b)
    assert r.pvalue_method == "exact"
    assert r.pvalue == pytest.approx(brute_independent_p(a, b), rel=1e-12)


def test_cliffs_delta_pvalues_the_sample_can_support() -> None:
    # nine pairs all one way (the case): no test on 9 pairs goes below 2 / 2**9
    x, y = [5, 4, 5, 3, 4, 5, 4, 5, 4], [1, 2, 1, 2, 1, 1, 2, 1, 2]
    paired = ct.cliffs_delta(x, y, paired=True)
    assert paired.statistic == 1.0 and paired.pvalue == 2 / 2**9
    assert paired.pvalue == ct.sign_test(x, y).pvalue
    # two samples of nine completely separated: 2 of C(18, 9) splits
    independent = ct.cliffs_delta(x, y)
    assert independent.pvalue == pytest.approx(2 / math.comb(18, 9), rel=1e-12)


def test_cliffs_delta_large_samples_use_the_normal_approximation_of_the_same_law() -> None:
    g = np.random.default_rng(3)
    a, b = g.integers(0, 5, 300).astype(float), g.integers(0, 5, 200).astype(float) + 0.3
    r = ct.cliffs_delta(a, b)
    assert r.pvalue_method == "asymptotic"
    ref = scipy_stats.mannwhitneyu(a, b, method="asymptotic", use_continuity=True).pvalue
    assert r.pvalue == pytest.approx(ref, rel=1e-9)
    # completely separated: tiny but not zero
    far = ct.cliffs_delta(a + 10, b)
    assert far.statistic == 1.0 and 0 < far.pvalue < 1e-50


@pytest.mark.parametrize("cliffs", ["paired", "independent"])
def test_compare_shows_no_impossible_pvalue(cliffs: str) -> None:
    # nine councils, every theme's left score above its right one
    themes = ct.Framework.builtin("ale").themes
    x, y = np.array([4, 3, 4, 3, 4, 4, 3, 4, 3]), np.array([1, 2, 1, 2, 1, 1, 2, 1, 2])
    cols = {f"{side}_{t}": v for t in themes for side, v in (("left", x), ("right", y))}
    rows = ct.compare(cols, "ale", tests=["cliffs_delta"], cliffs=cliffs)  # type: ignore[arg-type]
    floor = 2 / 2**9 if cliffs == "paired" else 2 / math.comb(18, 9)
    assert np.allclose(np.ma.filled(rows["pvalue"], np.nan), floor, rtol=1e-12, atol=0)  # a dict in, a dict out


# ---------------------------------------------------------------------------------------------
# one score rule: the statistics functions check a framework's scale as ``score`` does


@pytest.mark.parametrize(
    "value",
    [4, 4.0, 2.5, 0, 5, -0.0, 1e300, float("inf"), float("nan"), 2**63 - 1, np.uint64(2**64 - 1), np.float32(3.0)],
)
def test_statistics_and_score_share_the_score_rule(value: object) -> None:
    fw = ct.Framework.builtin("ale")
    dtype = type(value) if isinstance(value, np.generic) else None
    row = np.array([[value] * len(fw.themes)], dtype=dtype)
    try:
        ct.score(row, fw)
        score_ok = True
    except ct.ScoreError:
        score_ok = False
    x = np.array([value, 2], dtype=dtype)
    try:
        ct.sign_test(x, np.array([1, 1], dtype=x.dtype), framework=fw)
        stats_ok = True
    except ct.ScoreError as e:
        assert str(e).startswith("x: row 0: ") and "is not an integer from 1 to 4" in str(e), e
        stats_ok = False
    except ct.errors.CoterminousValueError:  # NaN or inf: refused as a non-finite value first
        stats_ok = False
    assert stats_ok == score_ok, (value, score_ok)
