"""Regressions of the statistics from the third hostile campaign (issue 19: items 7, 8, 9, 13,
21) and the one-vocabulary pass (issue 15: ``x, y``, ``holm`` keeping the index, ``compare``'s
``columns=``), each against an independent reference: enumeration in rational arithmetic,
binomial tails in integers, scipy, numpy."""

from __future__ import annotations

import math
import subprocess
import sys
import textwrap
import tracemalloc
from typing import Any

import numpy as np
import pytest
import scipy.stats as scipy_stats
from hypothesis import given, settings
from hypothesis import strategies as st
from stats_exact import (
    binom_half_cdf,
    binom_half_cdf_decimal,
    exact_independent_pvalue,
    exact_paired_pvalue,
    sign_test_pvalue,
)
from stats_helpers import scores

import coterminous as ct
from coterminous import _core, errors

# ---------------------------------------------------------------------------------------------
# 7. exact permutation tests count ties


@pytest.mark.parametrize(
    ("x", "y"),
    [
        ([0.5, 0.5, 0.3], [1.1, 0.1, 0.3, 0.3, 0.1, 0.7]),  # observed 0: ties at 0 were missed
        ([3.3, 0.7, 0.7], [0.7, 0.7, 3.3, 1.1, 3.3, 0.3]),  # scipy itself misses these
        ([0.7, 3.3, 0.7], [2.2, 0.2, 3.3, 3.3, 0.3, 0.1]),
        ([0.1, 0.2, 0.3], [0.3, 0.3, 0.0, 0.6]),  # 0.1 + 0.2 ties 0.3
    ],
)
@pytest.mark.parametrize("alternative", ["two-sided", "less", "greater"])
def test_exact_independent_permutation_counts_ties(x: list[float], y: list[float], alternative: str) -> None:
    r = ct.permutation_test(x, y, paired=False, n_resamples=10_000, alternative=alternative)  # type: ignore[arg-type]
    assert r.exact and r.n_resamples == math.comb(len(x) + len(y), len(x))
    want = exact_independent_pvalue(x, y, alternative)
    assert r.pvalue == pytest.approx(float(want), rel=1e-12), (r.pvalue * r.n_resamples, want * r.n_resamples)


@pytest.mark.parametrize(
    ("x", "y"),
    [
        ([3.3, 0.5, 1.1, 0.3, 3.3, 1.1], [0.5, 0.1, 0.2, 2.2, 3.3, 3.3]),  # "less": 32/64 where 34/64
        ([0.7, 0.2, 0.3, 3.3, 0.7, 0.2, 0.2, 0.2], [0.5, 0.5, 3.3, 0.5, 0.0, 0.3, 0.5, 0.2]),  # 252/256, not 1
        ([0.3, 0.1, 0.2, 0.4, 0.1], [0.1, 0.2, 0.1, 0.1, 0.4]),
    ],
)
def test_exact_paired_permutation_counts_ties(x: list[float], y: list[float]) -> None:
    for alternative in ("two-sided", "less", "greater"):
        r = ct.permutation_test(x, y, n_resamples=10_000, alternative=alternative)  # type: ignore[arg-type]
        assert r.exact
        assert r.pvalue == pytest.approx(float(exact_paired_pvalue(x, y, alternative)), rel=1e-12)


DECIMALS = st.sampled_from([0.0, 0.1, 0.2, 0.3, 0.5, 0.7, 1.1, 2.2, 3.3, 12.5, 0.05])


@settings(max_examples=80, deadline=None)
@given(
    st.lists(DECIMALS, min_size=2, max_size=5),
    st.lists(DECIMALS, min_size=2, max_size=5),
    st.sampled_from(["two-sided", "less", "greater"]),
)
def test_exact_independent_permutation_is_enumeration(x: list[float], y: list[float], alternative: str) -> None:
    r = ct.permutation_test(x, y, paired=False, n_resamples=10_000, alternative=alternative)  # type: ignore[arg-type]
    assert r.exact
    assert r.pvalue == pytest.approx(float(exact_independent_pvalue(x, y, alternative)), rel=1e-12)


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.tuples(DECIMALS, DECIMALS), min_size=2, max_size=9),
    st.sampled_from(["two-sided", "less", "greater"]),
)
def test_exact_paired_permutation_is_enumeration(pairs: list[tuple[float, float]], alternative: str) -> None:
    x, y = [p[0] for p in pairs], [p[1] for p in pairs]
    r = ct.permutation_test(x, y, n_resamples=1024, alternative=alternative)  # type: ignore[arg-type]
    assert r.exact
    assert r.pvalue == pytest.approx(float(exact_paired_pvalue(x, y, alternative)), rel=1e-12)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(-3, 3), min_size=2, max_size=5), st.lists(st.integers(-3, 3), min_size=2, max_size=5))
def test_exact_permutation_of_whole_numbers_is_enumeration(x: list[int], y: list[int]) -> None:
    # the whole-number kernel (the law of the sum) against the same enumeration
    r = ct.permutation_test(x, y, paired=False, n_resamples=10_000)
    assert r.pvalue == pytest.approx(float(exact_independent_pvalue(x, y)), rel=1e-12)


# ---------------------------------------------------------------------------------------------
# 8. the sign test's binomial tail at large n


@pytest.mark.parametrize("n", [1_001, 5_000, 20_000])
def test_sign_test_large_n_against_exact_binomial(n: int) -> None:
    root = math.isqrt(n)
    for k in sorted({0, 3, n // 2 - 8 * root, n // 2 - 3 * root, n // 2 - root, n // 2 - 2, (n - 1) // 2}):
        x = np.zeros(n, dtype=np.int8)
        x[:k] = 1
        x[k:] = -1
        for alternative in ("two-sided", "less", "greater"):
            got = ct.sign_test(x, np.zeros(n, dtype=np.int8), alternative=alternative).pvalue  # type: ignore[arg-type]
            want = float(sign_test_pvalue(k, n, alternative))
            assert got == pytest.approx(want, rel=1e-12, abs=0), (n, k, alternative, got, want)


def test_decimal_reference_is_the_integer_one() -> None:
    for n, k in ((20_000, 9_800), (5_001, 2_400), (1_500, 30)):
        assert float(binom_half_cdf_decimal(k, n)) == float(binom_half_cdf(k, n))


@pytest.mark.parametrize("n", [100_000, 749_863])
def test_sign_test_at_the_campaigns_n_against_50_digits_and_scipy(n: int) -> None:
    # n = 749,863: the campaign found a relative error of 1.4e-9 (a difference of lgammas)
    root = math.isqrt(n)
    for k in (n // 2 - 30 * root, n // 2 - 8 * root, n // 2 - 2 * root, n // 2 - 2, 374_066 * (n == 749_863)):
        x = np.where(np.arange(n) < k, 1, -1).astype(np.int8)
        got = ct.sign_test(x, np.zeros(n, dtype=np.int8)).pvalue
        want = float(min(1, 2 * binom_half_cdf_decimal(k, n)))
        assert got == pytest.approx(want, rel=1e-12, abs=0), (n, k)
        # scipy's binomtest (Boost's incomplete beta) is itself off by up to about 1.5e-12 here
        assert got == pytest.approx(scipy_stats.binomtest(k, n).pvalue, rel=1e-11, abs=0), (n, k)


@settings(max_examples=60, deadline=None)
@given(st.integers(121, 4000), st.floats(0.0, 1.0), st.sampled_from(["two-sided", "less", "greater"]))
def test_sign_test_is_the_exact_binomial(n: int, share: float, alternative: str) -> None:
    k = min(n, round(share * n))
    x = np.where(np.arange(n) < k, 2, 0)
    got = ct.sign_test(x, np.ones(n, dtype=np.int64), alternative=alternative).pvalue  # type: ignore[arg-type]
    assert got == pytest.approx(float(sign_test_pvalue(k, n, alternative)), rel=1e-12, abs=1e-300)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 120), st.data())
def test_sign_test_small_n_is_exact(n: int, data: Any) -> None:
    k = data.draw(st.integers(0, n))
    x = np.where(np.arange(n) < k, 2, 0)
    got = ct.sign_test(x, np.ones(n, dtype=np.int64)).pvalue
    assert got == float(sign_test_pvalue(k, n))  # correctly rounded: one rounding of the exact sum


# ---------------------------------------------------------------------------------------------
# 9. a test named twice in compare


def _paired_table() -> dict[str, np.ndarray]:
    cols = {}
    for i, theme in enumerate(ct.Framework.builtin("ale").themes):
        x, y = scores(40 + i, 30, 0.5)
        cols[f"left_{theme}"], cols[f"right_{theme}"] = x, y
    return cols


def test_compare_refuses_a_test_named_twice() -> None:
    with pytest.raises(errors.CoterminousValueError, match="tests: 'sign' is named twice"):
        ct.compare(_paired_table(), "ale", tests=["sign", "sign"])
    with pytest.raises(errors.CoterminousValueError, match="tests: 'wilcoxon' is named twice"):
        ct.compare(_paired_table(), "ale", tests=["wilcoxon", "sign", "wilcoxon"])
    out = ct.compare(_paired_table(), "ale", tests=["sign"])
    p = np.ma.filled(out["pvalue"], np.nan)
    assert np.allclose(np.ma.filled(out["adjusted_pvalue"], np.nan), ct.holm(p), rtol=1e-15)


# ---------------------------------------------------------------------------------------------
# 13. every kind of column, or a typed error


def _kinds(values: list[float]) -> list[tuple[str, Any]]:
    import pandas as pd
    import polars as pl
    import pyarrow as pa

    return [
        ("list", values),
        ("numpy", np.array(values)),
        ("pd.Index", pd.Index(values)),
        ("pd.array", pd.array(values)),
        ("Series.array", pd.Series(values).array),
        ("Categorical", pd.Categorical(values)),
        ("Series[category]", pd.Series(values).astype("category")),
        ("Series[Int64]", pd.Series(values).astype("Float64")),
        ("Series[pyarrow]", pd.Series(values, dtype="float64[pyarrow]")),
        ("polars", pl.Series(values)),
        ("pa.array", pa.array(values)),
        ("pa.chunked_array", pa.chunked_array([values[:3], values[3:]])),
        ("pa.dictionary", pa.array(values).dictionary_encode()),
    ]


X = [3.0, 3.0, 4.0, 2.0, 3.0, 2.0, 4.0, 1.0]
Y = [1.0, 2.0, 4.0, 1.0, 1.0, 3.0, 2.0, 2.0]


def _every_function(x: Any, y: Any) -> list[float]:
    return [
        ct.sign_test(x, y).pvalue,
        ct.wilcoxon(x, y).pvalue,
        ct.cliffs_delta(x, y).pvalue,
        ct.cliffs_delta(x, y, paired=True).statistic,
        ct.bootstrap((x, y), "mean_difference", n_resamples=200, rng=1).confidence_interval.low,
        ct.bootstrap(x, np.mean, n_resamples=50, rng=1).confidence_interval.high,
        ct.permutation_test(x, y, n_resamples=999, rng=1).pvalue,
        ct.permutation_test(x, y, paired=False, n_resamples=999, rng=1).pvalue,
    ]


@pytest.mark.parametrize("kind", [k for k, _ in _kinds(X)])
def test_every_statistic_reads_every_kind_of_column(kind: str) -> None:
    x = dict(_kinds(X))[kind]
    y = dict(_kinds(Y))[kind]
    assert _every_function(x, y) == _every_function(X, Y)
    p = dict(_kinds([0.01, 0.04, 0.03, 0.005, 0.2, 0.5, 0.3, 0.9]))[kind]
    assert (
        np.asarray(ct.holm(p), dtype=float).tolist() == ct.holm([0.01, 0.04, 0.03, 0.005, 0.2, 0.5, 0.3, 0.9]).tolist()
    )
    assert np.asarray(ct.bonferroni(p), dtype=float).tolist() == [
        min(1.0, 8 * v) for v in [0.01, 0.04, 0.03, 0.005, 0.2, 0.5, 0.3, 0.9]
    ]


def test_missing_values_and_wrong_kinds_are_typed_errors() -> None:
    import pandas as pd
    import polars as pl
    import pyarrow as pa

    missing = [
        pd.Index([1.0, None, 2.0]),
        pd.array([1, None, 2]),
        pd.Series([1, None, 2], dtype="Int64").array,
        pd.Categorical([1, None, 2]),
        pl.Series([1, None, 2]),
        pa.array([1, None, 2]),
        pa.chunked_array([[1], [None, 2]]),
    ]
    for x in missing:
        with pytest.raises(errors.CoterminousValueError, match="x: row 1: missing value"):
            ct.sign_test(x, [1, 2, 3])
        with pytest.raises(errors.CoterminousValueError, match="row 1: missing value"):
            ct.holm(x)
    not_numbers = [
        pd.Categorical(["a", "b"]),
        pd.Index(["a", "b"]),
        pl.Series(["a", "b"]),
        pa.array(["a", "b"]),
        pd.array([True, False]),
        pd.DataFrame({"a": [1, 2]}),
        pl.DataFrame({"a": [1, 2]}),
        pa.table({"a": [1, 2]}),
    ]
    for x in not_numbers:
        with pytest.raises(errors.CoterminousTypeError, match="^x: "):
            ct.cliffs_delta(x, [1, 2])


# ---------------------------------------------------------------------------------------------
# 21. a callable bootstrap batches by memory


def test_callable_bootstrap_batches_by_memory() -> None:
    opts = _core.StatsBootstrapOptions(9999, "percentile", 0.95, "two-sided")
    assert _core.stats_bootstrap_batch(1_000_000, 1, opts) == 4  # 64 MiB / (8 B * 1e6 * 2)
    assert _core.stats_bootstrap_batch(10, 2, opts) == 9999
    with pytest.raises(errors.CoterminousValueError, match="at least 2 observations"):
        _core.stats_bootstrap_batch(1, 1, opts)
    data = np.random.default_rng(0).normal(size=1_000_000)  # 8 MB
    tracemalloc.start()
    try:
        r = ct.bootstrap(data, lambda s, axis: s.mean(axis=axis), n_resamples=24, rng=3)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # 1000 resamples a batch took 24 x 16 MB here (and 16 GB at n_resamples=1000)
    assert peak < 100 * 2**20, peak / 2**20
    assert r.n_resamples == 24


def test_callable_bootstrap_draws_what_it_drew_before() -> None:
    # the batches of 1,000 rows of indices that 0.1 drew, rebuilt here: the same resamples
    data = np.random.default_rng(1).normal(size=3000)
    n = 2500
    gen = np.random.default_rng(11)
    old = np.concatenate(
        [gen.integers(0, len(data), size=(min(n, s + 1000) - s, len(data))) for s in range(0, n, 1000)]
    )
    want = np.sort(data[old].mean(axis=-1))
    got = ct.bootstrap(data, lambda s, axis: s.mean(axis=axis), n_resamples=n, rng=11)
    assert np.array_equal(np.sort(got.bootstrap_distribution), want)
    loop = ct.bootstrap(data[:40], np.median, n_resamples=300, rng=5)
    gen = np.random.default_rng(5)
    idx = gen.integers(0, 40, size=(300, 40))
    assert np.array_equal(np.sort(loop.bootstrap_distribution), np.sort(np.median(data[:40][idx], axis=-1)))


def test_callable_permutation_draws_what_it_drew_before() -> None:
    # batches of 1,000 flips (0.1) against the core's memory-bounded batch: the same p-value
    x, y = (np.random.default_rng(2).normal(size=(2, 30)) * 2).round(1)
    n, seed = 2500, 9
    gen = np.random.default_rng(seed)
    stat = lambda a, b, axis: (a - b).mean(axis=axis)  # noqa: E731
    null = []
    for start in range(0, n, 1000):
        f = gen.random((min(n, start + 1000) - start, 30)) < 0.5
        null.append(stat(np.where(f, y, x), np.where(f, x, y), axis=-1))
    null_all = np.concatenate(null)
    observed = stat(x, y, axis=-1)
    gamma = abs(observed) * 100 * np.finfo(float).eps
    le, ge = (null_all <= observed + gamma).sum(), (null_all >= observed - gamma).sum()
    want = min(1.0, 2 * min(le + 1, ge + 1) / (n + 1))
    assert ct.permutation_test(x, y, statistic=stat, n_resamples=n, rng=seed).pvalue == want


def test_callable_bootstrap_of_a_large_sample_stays_small() -> None:
    # the campaign's case in a child process: an 8 MB sample, its peak resident memory (VmHWM:
    # the process's own, where ru_maxrss keeps the parent's across fork and exec) well below
    # what 1,000 resamples a batch took (16 GB at n_resamples=1000; 960 MB here)
    code = textwrap.dedent(
        """
        import re, numpy as np, coterminous as ct
        data = np.random.default_rng(0).normal(size=1_000_000)
        ct.bootstrap(data, lambda s, axis: s.mean(axis=axis), n_resamples=60, rng=1)
        print(re.search(r"VmHWM:\\s*(\\d+) kB", open("/proc/self/status").read()).group(1))
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert int(out.stdout.strip()) < 400 * 1024, out.stdout  # kB


# ---------------------------------------------------------------------------------------------
# issue 15: one vocabulary


def test_cliffs_delta_takes_x_y_and_points_old_names_to_them() -> None:
    assert ct.cliffs_delta(x=[3, 3, 4, 2], y=[1, 2, 3, 3]).statistic == 0.4375
    with pytest.raises(errors.CoterminousTypeError, match=r"`a=` was renamed `x=`"):
        ct.cliffs_delta(a=[3, 3, 4, 2], b=[1, 2, 3, 3])  # type: ignore[call-arg]
    with pytest.raises(errors.CoterminousTypeError, match=r"`b=` was renamed `y=`"):
        ct.cliffs_delta([3, 3, 4, 2], b=[1, 2, 3, 3])  # type: ignore[call-arg]


def test_holm_keeps_the_kind_and_index() -> None:
    import pandas as pd
    import polars as pl

    p = pd.Series([0.01, 0.04, 0.03], index=["x", "y", "z"], name="p")
    h = ct.holm(p)
    assert isinstance(h, pd.Series) and list(h.index) == ["x", "y", "z"] and h.name == "p"
    assert h.tolist() == pytest.approx([0.03, 0.06, 0.06])
    b = ct.bonferroni(p)
    assert isinstance(b, pd.Series) and list(b.index) == ["x", "y", "z"]
    assert isinstance(ct.holm(np.array([0.1, 0.2])), np.ndarray)
    assert isinstance(ct.holm([0.1, 0.2]), np.ndarray)
    assert ct.holm(pl.Series("p", [0.1, 0.2])).name == "p"


def test_compare_columns_names_the_themes() -> None:
    cols = _paired_table()
    themes = ct.Framework.builtin("ale").themes
    full = ct.compare(cols, "ale", tests=["sign"])
    two = ct.compare(cols, "ale", columns=[themes[2], themes[0]], tests=["sign"])
    assert two["theme"].tolist() == [themes[2], themes[0]]
    # a family of two themes: Holm over those alone
    assert np.ma.filled(two["pvalue"], np.nan).tolist() == [full["pvalue"][2], full["pvalue"][0]]
    renamed = {f"{side}_fr": cols[f"{side}_{themes[0]}"] for side in ("left", "right")}
    out = ct.compare({**cols, **renamed}, "ale", columns={themes[0]: "fr"}, tests=["sign"])
    assert out["theme"].tolist() == [themes[0]] and out["pvalue"][0] == full["pvalue"][0]
    with pytest.raises(errors.CoterminousValueError, match="not a theme of ale"):
        ct.compare(cols, "ale", columns=["financial_reportin"])
    with pytest.raises(errors.CoterminousTypeError, match="columns: expected a list of themes or a mapping"):
        ct.compare(cols, "ale", columns=themes[0])  # type: ignore[arg-type]
    with pytest.raises(errors.ColumnNotFoundError, match="left_fr"):
        ct.compare(cols, "ale", columns={themes[0]: "fr"})


def test_options_are_checked_once_by_the_core() -> None:
    assert not any(name.startswith("stats_check_") for name in dir(_core))
    with pytest.raises(errors.CoterminousValueError, match="alternative"):
        _core.StatsTestOptions("bigger")
    with pytest.raises(errors.CoterminousValueError, match="confidence_level"):
        _core.StatsTestOptions("less", 1.0)
    with pytest.raises(errors.CoterminousValueError, match="n_resamples"):
        _core.StatsPermutationOptions(0, "less")
    assert _core.StatsBootstrapOptions(10, "BCa", 0.9, "less").method == "bca"
    # compare refuses a bad option even where no theme has pairs to test
    empty = {f"{side}_{t}": np.array([1.0]) for t in ct.Framework.builtin("ale").themes for side in ("left", "right")}
    with pytest.raises(errors.CoterminousValueError, match="alternative"):
        ct.compare(empty, "ale", alternative="bigger")  # type: ignore[arg-type]
    assert _core.stats_permutation_plan(10, 10, True, _core.StatsPermutationOptions(1024, "less")) == (True, 1024, 1024)
    assert _core.stats_permutation_plan(5, 4, False, _core.StatsPermutationOptions(125, "less")) == (False, 125, 125)
    assert _core.stats_permutation_plan(5, 4, False, _core.StatsPermutationOptions(126, "less"))[:2] == (True, 126)
    # a vectorized statistic's random permutations come in batches bounded by memory
    assert _core.stats_permutation_plan(10**6, 10**6, False, _core.StatsPermutationOptions(9999, "less"))[2] == 1
