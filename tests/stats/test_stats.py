"""Paired ordinal statistics (sign test, Wilcoxon, Cliff's delta, Holm, Bonferroni) against scipy,
brute-force enumeration and hand computations; bad input."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reference import reference_holm
from stats_helpers import ALTERNATIVES, METHODS, ZERO_METHODS, close, scores

import coterminous as ct
from coterminous import errors

scipy_stats = pytest.importorskip("scipy.stats")


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
        ref = scipy_stats.wilcoxon(
            x, y, zero_method=zero_method, correction=correction, method=method, alternative=alternative
        )
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
        ref = scipy_stats.wilcoxon(
            x, y, zero_method=zero_method, correction=correction, method=method, alternative=alternative
        )
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
    var = (n**2 * np.sum((di - d) ** 2) + m**2 * np.sum((dj - d) ** 2) - np.sum((dom - d) ** 2)) / (
        m * n * (m - 1) * (n - 1)
    )
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
    assert (
        r.statistic == 1.0
        and close(r.confidence_interval.low, (9 - z * z) / (9 + z * z))
        and r.confidence_interval.high == 1.0
    )


def test_cliffs_delta_confidence_level_widens() -> None:
    a, b = scores(5, 25)
    narrow = ct.cliffs_delta(a, b, confidence_level=0.8).confidence_interval
    wide = ct.cliffs_delta(a, b, confidence_level=0.99).confidence_interval
    assert wide.low < narrow.low and wide.high > narrow.high


# ---------------------------------------------------------------------------------------------
# Holm and Bonferroni


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
# review fixes: signed zeros, bad input, exact integer differences, missing values,
# n = 1 as scipy, pairing by position


def test_wilcoxon_zero_statistic_is_positive_zero() -> None:
    r = ct.wilcoxon([3, 3, 3, 4], [1, 2, 3, 1])
    assert r.statistic == 0.0 and math.copysign(1.0, r.statistic) == 1.0


@pytest.mark.parametrize(
    "call, exc, match",
    [
        (lambda: ct.sign_test([1, 2], [1]), errors.CoterminousValueError, "x, y.*one length"),
        (lambda: ct.wilcoxon([1, float("nan")], [1, 2]), errors.CoterminousValueError, "x: row 1"),
        (lambda: ct.wilcoxon(["a", "b"], [1, 2]), errors.CoterminousTypeError, "x"),
        (lambda: ct.sign_test([1, None], [1, 2]), errors.CoterminousValueError, "x: row 1: missing"),
        (lambda: ct.cliffs_delta([], [1, 2]), errors.CoterminousValueError, "x: no observations"),
        (
            lambda: ct.cliffs_delta([1, 2], [1, 2], confidence_level=1.0),
            errors.CoterminousValueError,
            "confidence_level",
        ),
        (lambda: ct.cliffs_delta([1, 2], [1, 2], confidence_level=0), errors.CoterminousValueError, "confidence_level"),
        (lambda: ct.bootstrap([1, 2], "mean", n_resamples=0), errors.CoterminousValueError, "n_resamples"),
        (lambda: ct.bootstrap([1, 2], "mean", n_resamples=10**9), errors.CoterminousValueError, "n_resamples"),
        (lambda: ct.bootstrap([1, 2], "mean", n_resamples=2.5), errors.CoterminousTypeError, "n_resamples"),
        (lambda: ct.bootstrap([1, 2], "mean", confidence_level=1.5), errors.CoterminousValueError, "confidence_level"),
        (lambda: ct.bootstrap([1, 2], "mode"), errors.CoterminousValueError, "statistic"),
        (lambda: ct.bootstrap([1, 2], "mean_difference"), errors.CoterminousValueError, "data"),
        (lambda: ct.bootstrap([1, 2], "mean", rng="seed"), errors.CoterminousTypeError, "rng"),
        (lambda: ct.bootstrap([1, 2], "mean", method="studentized"), errors.CoterminousValueError, "method"),
        (
            lambda: ct.permutation_test([1, 2], [1, 2], alternative="bigger"),
            errors.CoterminousValueError,
            "alternative",
        ),
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
    assert ct.bootstrap((x, y), "mean_difference", rng=1) == ct.bootstrap(
        (x - y, np.zeros(4)), "mean_difference", rng=1
    )


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: ct.wilcoxon([2**60, 1], [0, 0]), r"x - y: row 0: 1152921504606846976 is an integer beyond 2\*\*53"),
        (lambda: ct.cliffs_delta([1, 2**60 + 1], [2**60, 1]), r"x: row 1: .* beyond 2\*\*53"),
        (lambda: ct.sign_test([2**60 + 1, 2.5], [1, 2]), r"x: row 0: .* beyond 2\*\*53"),
        (lambda: ct.permutation_test([1, 2], [3, 2**54 + 1], paired=False), r"y: row 1: .* beyond 2\*\*53"),
        (lambda: ct.bootstrap([1, 2**54 + 1], "mean"), r"data: row 1: .* beyond 2\*\*53"),
        (lambda: ct.sign_test([1e308], [-1e308]), r"x - y overflows at row 0: 1e\+308 - -1e\+308"),
        (lambda: ct.wilcoxon([1.0, -1e308], [0.0, 1e308]), r"x - y overflows at row 1"),
        (lambda: ct.cliffs_delta([1e308, 0.0], [-1e308, 0.0], paired=True), r"x - y overflows at row 0"),
    ],
)
def test_integers_beyond_float_precision_and_overflow_raise(call, match) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(errors.CoterminousValueError, match=match):
        call()


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


def test_paired_cliffs_delta_one_pair_names_its_arguments() -> None:
    with pytest.raises(errors.CoterminousValueError, match=r"^x, y: the paired Cliff's delta needs at least 2 pairs"):
        ct.cliffs_delta([1], [2], paired=True)


def test_pairs_are_matched_by_position_not_index() -> None:
    import pandas as pd

    x = pd.Series([1, 2, 3], index=[0, 1, 2])
    y = pd.Series([3, 2, 1], index=[2, 1, 0])  # aligned by label every difference would be 0
    r = ct.sign_test(x, y)
    assert (r.n_positive, r.n_negative, r.n_zero) == (1, 1, 1)
    for fn in (ct.sign_test, ct.wilcoxon, ct.cliffs_delta, ct.permutation_test, ct.bootstrap):
        assert "matched by position" in (fn.__doc__ or "")
