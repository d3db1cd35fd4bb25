"""Bootstrap intervals and permutation tests against scipy.stats, brute-force enumeration and
the compiled paths; seeds and progress bars."""

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
from stats_helpers import ALTERNATIVES, close, scores

import coterminous as ct
from coterminous import errors
from coterminous._progress import _show_progress

scipy_stats = pytest.importorskip("scipy.stats")


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
            ref = scipy_stats.bootstrap(
                (data,), fn, n_resamples=20000, method="percentile", rng=np.random.default_rng(3)
            )
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
    bca = ct.bootstrap(
        x.astype(float), lambda a: float(np.mean(a)), n_resamples=2000, method="bca", rng=1, progress=False
    )
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
    _core.stats_bootstrap(
        d, "mean", _core.StatsBootstrapOptions(50_000, "percentile", 0.95, "two-sided"), 1, seen.append
    )
    assert sum(seen) == 50_000 and len(seen) == 4
    seen.clear()
    _core.stats_permutation_paired(d * 0.3, _core.StatsPermutationOptions(40_000, "two-sided"), 1, seen.append)
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
@given(
    st.lists(st.tuples(st.integers(1, 4), st.integers(1, 4)), min_size=2, max_size=11), st.sampled_from(ALTERNATIVES)
)
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
        (d,),
        lambda a, axis: a.mean(axis),
        permutation_type="samples",
        n_resamples=n,
        alternative=alternative,
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
        (x - y,),
        lambda a, axis: a.mean(axis),
        permutation_type="samples",
        n_resamples=20000,
        rng=np.random.default_rng(4),
    )
    p = float(ref.pvalue)
    assert abs(got.pvalue - p) < 5 * 2 * math.sqrt(max(p / 2 * (1 - p / 2), 1e-4) / 20000) + 1e-4


def test_independent_monte_carlo_agrees_with_scipy() -> None:
    x, _ = scores(11, 40)
    y, _ = scores(12, 50)
    y = np.clip(y + 1, 1, 4)
    for xs, ys in ((x, y), (x * 0.7, y * 0.7)):  # exact-law path and shuffle path
        got = ct.permutation_test(xs, ys, paired=False, n_resamples=20000, rng=2)
        ref = scipy_stats.permutation_test(
            (xs, ys), lambda a, b, axis: a.mean(axis) - b.mean(axis), n_resamples=20000, rng=np.random.default_rng(2)
        )
        p = float(ref.pvalue)
        assert abs(got.pvalue - p) < 5 * 2 * math.sqrt(max(p * (1 - p), 1e-4) / 20000) + 1e-4


# ---------------------------------------------------------------------------------------------
# seeds and progress bars


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
        outs.append(
            subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
        )
    assert outs[0] == outs[1]


def test_progress_true_runs_with_tqdm() -> None:
    pytest.importorskip("tqdm")
    x, y = scores(31, 40)
    a = ct.bootstrap((x, y), "mean_difference", n_resamples=5000, rng=2, progress=True)
    b = ct.bootstrap((x, y), "mean_difference", n_resamples=5000, rng=2, progress=False)
    assert a == b
    p = ct.permutation_test(x, y, statistic=lambda u, v: float(np.mean(u - v)), n_resamples=2000, rng=2, progress=True)
    q = ct.permutation_test(x, y, statistic=lambda u, v: float(np.mean(u - v)), n_resamples=2000, rng=2, progress=False)
    assert p == q


# ---------------------------------------------------------------------------------------------
# properties, bootstrap samples, degenerate BCa, n = 1 as scipy


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
@given(
    st.lists(st.integers(-3, 3), min_size=2, max_size=40),
    st.sampled_from(["percentile", "basic", "bca"]),
    st.integers(0, 2**32),
)
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


def test_bootstrap_only_a_tuple_holds_several_samples() -> None:
    one = ct.bootstrap([3, 4], np.mean, n_resamples=2000, rng=1)  # one sample of two, not a pair
    assert one.statistic == 3.5 and 3 <= one.confidence_interval.low <= one.confidence_interval.high <= 4
    assert ct.bootstrap(np.array([3, 4]), np.mean, n_resamples=2000, rng=1) == one
    x, y = scores(40, 30)
    z = np.arange(30) % 3
    two = ct.bootstrap((x, y), lambda a, b: float(np.mean(a - b)), n_resamples=2000, rng=4)
    # three samples of one length are resampled together: the same rows as for two
    three = ct.bootstrap(
        (x, y, z), lambda a, b, c: float(np.mean(a - b)) + 0 * float(np.mean(c)), n_resamples=2000, rng=4
    )
    assert three == two
    vec = ct.bootstrap((x, y, z), lambda a, b, c, axis: np.mean(a - b + 0 * c, axis=axis), n_resamples=2000, rng=4)
    assert vec.confidence_interval == two.confidence_interval
    with pytest.raises(
        errors.CoterminousValueError, match=r"data: the samples of a tuple .* one length; got \[30, 29\]"
    ):
        ct.bootstrap((x, y[:-1]), lambda a, b: 0.0)
    with pytest.raises(
        errors.CoterminousValueError, match=r"data: a paired statistic needs data=\(x, y\), a tuple.*got one sample"
    ):
        ct.bootstrap([x, y], "mean_difference")
    with pytest.raises(errors.CoterminousValueError, match=r"data: expected a 1-D sequence"):
        ct.bootstrap([x, y], lambda a: 0.0)


def test_bca_on_degenerate_data_raises_instead_of_nan() -> None:
    def mean(a: np.ndarray) -> float:
        return float(np.mean(a))

    for statistic in ("mean", "median", mean):
        with pytest.raises(
            errors.CoterminousValueError,
            match=r"method='bca': every resample has the same statistic \(2\).*'percentile'",
        ):
            ct.bootstrap([2, 2, 2, 2], statistic, method="bca", n_resamples=500, rng=1)
        r = ct.bootstrap([2, 2, 2, 2], statistic, n_resamples=500, rng=1)
        assert r.confidence_interval == (2.0, 2.0)
    with pytest.raises(errors.CoterminousValueError, match=r"method='bca'.*every resample has the same statistic"):
        ct.bootstrap(([1, 2, 3], [1, 2, 3]), "mean_difference", method="bca", rng=1)
    # resamples differ, but no leave-one-out median does
    for statistic in ("median", lambda a: float(np.median(a))):
        with pytest.raises(
            errors.CoterminousValueError, match="method='bca': every leave-one-out .* acceleration is undefined"
        ):
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
    with pytest.raises(
        errors.CoterminousValueError, match=r"statistic: .*nan_on_resamples returned NaN on resample \d+"
    ):
        ct.bootstrap([1, 2, 3, 4], nan_on_resamples, n_resamples=100, rng=1)

    def nan_jackknife(a: np.ndarray) -> float:  # NaN on the leave-one-out samples only
        return float(np.mean(a)) if len(a) == 5 else math.nan

    with pytest.raises(
        errors.CoterminousValueError, match=r"nan_jackknife returned NaN on leave-one-out sample .* row 0"
    ):
        ct.bootstrap([1, 2, 3, 4, 5], nan_jackknife, method="bca", n_resamples=200, rng=1)

    def nan_when_permuted(a: np.ndarray, b: np.ndarray) -> float:
        return 0.0 if a[0] == 1 else math.nan

    with pytest.raises(
        errors.CoterminousValueError, match=r"statistic: .*nan_when_permuted returned NaN on permutation \d+"
    ):
        ct.permutation_test([1, 2, 3], [4, 5, 6], statistic=nan_when_permuted)
    with pytest.raises(errors.CoterminousValueError, match=r"statistic: .*<lambda> returned NaN on the data"):
        ct.permutation_test([1, 2, 3], [4, 5, 6], paired=False, statistic=lambda a, b: math.nan)


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
        scipy_stats.permutation_test(
            (np.array(x, float), np.array(y, float)),
            lambda a, b: np.mean(a) - np.mean(b),
            permutation_type=kind,
            vectorized=False,
        )
    for statistic in ("mean_difference", lambda a, b: float(np.mean(a) - np.mean(b))):
        with pytest.raises(errors.CoterminousValueError, match=match):
            ct.permutation_test(x, y, paired=paired, statistic=statistic)
    ok = ct.permutation_test([1, 2], [3, 4], paired=False)
    want = scipy_stats.permutation_test(
        ([1.0, 2.0], [3.0, 4.0]), lambda a, b, axis: np.mean(a, axis=axis) - np.mean(b, axis=axis)
    )
    assert close(ok.pvalue, float(want.pvalue))


def test_bootstrap_needs_two_observations_as_scipy() -> None:
    with pytest.raises(ValueError):
        scipy_stats.bootstrap(([1.0],), np.mean)
    for data, statistic in (([1], "mean"), (([1], [2]), "mean_difference"), ([1], np.mean)):
        with pytest.raises(errors.CoterminousValueError, match=r"^data: the bootstrap needs at least 2 observations"):
            ct.bootstrap(data, statistic)


def test_one_resample_has_no_standard_error():
    r = ct.bootstrap([1, 2, 3, 4], "mean", n_resamples=1, rng=1)
    assert r.standard_error is None
    r = ct.bootstrap([1, 2, 3, 4], np.mean, n_resamples=1, rng=1)
    assert r.standard_error is None
    assert ct.bootstrap([1, 2, 3, 4], "mean", n_resamples=2, rng=1).standard_error is not None


def test_progress_is_off_in_scripts_and_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    assert _show_progress(None) is False
    assert _show_progress(True) is True
    monkeypatch.delenv("CI")
    assert _show_progress(None) == sys.stderr.isatty()  # pytest: no notebook kernel
    assert _show_progress(False) is False
