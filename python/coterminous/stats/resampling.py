"""Seeded bootstrap intervals and permutation tests. The named statistics run in the compiled
core; a Python callable statistic is resampled here, and its interval is computed by the same
core function as the named statistics' (``_core.stats_bootstrap_interval``)."""

from __future__ import annotations

import inspect
import itertools
import math
from collections.abc import Callable
from typing import Any, Literal

import numpy as np

from .. import _core
from .._hints import did_you_mean
from .._progress import _Bar, _show_progress, expected_seconds
from ..errors import CoterminousTypeError, CoterminousValueError
from ..framework import Framework
from ._input import _as_float, _check_scores, _difference, _integer, _numbers, _pair, _real, _seed, _vector
from .ordinal import Alternative
from .results import BootstrapResult, ConfidenceInterval, PermutationTestResult

_BUILTIN_BOOT: dict[str, tuple[Literal["mean", "median"], bool]] = {
    "mean": ("mean", False),
    "median": ("median", False),
    "mean_difference": ("mean", True),
    "median_difference": ("median", True),
}


def _split_data(data: Any, paired: bool) -> tuple[np.ndarray, ...]:
    """The samples of ``data`` for a named statistic, each in its own kind (see ``_numbers``):
    only a tuple holds several samples; a list, an array or a column is one sample."""
    samples = data if isinstance(data, tuple) else (data,)
    if paired:
        if len(samples) != 2:
            got = (
                f"a tuple of {len(samples)}"
                if isinstance(data, tuple)
                else f"one sample (a {type(data).__name__}; only a tuple holds several)"
            )
            raise CoterminousValueError(
                f"data: a paired statistic needs data=(x, y), a tuple of two sequences of one length, got {got}"
            )
        return _pair(samples[0], samples[1])
    if len(samples) != 1:
        raise CoterminousValueError(f"data: a one-sample statistic needs one sample, got a tuple of {len(samples)}")
    return (_numbers(samples[0], "data"),)


def _callable_samples(data: Any) -> tuple[np.ndarray, ...]:
    """The float64 samples handed to a callable statistic: a tuple of samples of one length
    (rows resampled together), or one sample (a list, an array or a column)."""
    if not isinstance(data, tuple):
        return (_vector(data, "data"),)
    if not data:
        raise CoterminousValueError("data: an empty tuple; expected one sample or a tuple of samples of one length")
    samples = tuple(_vector(s, f"data[{i}]") for i, s in enumerate(data))
    lengths = [len(s) for s in samples]
    if len(set(lengths)) > 1:
        raise CoterminousValueError(
            f"data: the samples of a tuple are resampled together, row by row, so they need one length; got {lengths}"
        )
    return samples


BootstrapStatistic = Literal["mean", "median", "mean_difference", "median_difference"]
IntervalMethod = Literal["percentile", "basic", "bca", "BCa"]


def bootstrap(
    data: Any,
    statistic: BootstrapStatistic | Callable[..., float] = "mean",
    *,
    n_resamples: int = 9999,
    method: IntervalMethod = "percentile",
    confidence_level: float = 0.95,
    alternative: Alternative = "two-sided",
    rng: int | np.random.Generator | None = None,
    progress: bool | None = None,
    framework: Framework | str | None = None,
) -> BootstrapResult:
    """A bootstrap confidence interval, as ``scipy.stats.bootstrap`` defines the
    ``"percentile"``, ``"basic"`` and ``"bca"`` intervals.

    ``statistic`` is ``"mean"`` or ``"median"`` of one sample (``data`` an array), or
    ``"mean_difference"`` or ``"median_difference"`` of paired samples (``data=(x, y)``; the
    mean or median of ``x - y``, pairs resampled together). These run in the compiled core:
    whole-number data (scores) take few distinct values, so the law of a resample's sum is
    built exactly once and each resample is one draw from it. A Python callable
    ``statistic(*samples) -> float`` is the slow path, called on a batch of resamples at once
    when it takes an ``axis`` keyword, as scipy's vectorized statistics do. Batches are cut by
    memory, not by count: each holds at most 64 MiB of row indices and resampled values (a
    sample of a million rows is resampled a few at a time), so memory stays bounded whatever
    the sample's size. The resamples drawn for a seed do not depend on the batch size.

    Only a tuple holds several samples: ``data=(x, y)`` or ``(x, y, z)`` of one length are
    resampled together, row ``i`` of each kept together (pairs are matched by position: a
    pandas index is not aligned); a list, an array or a column is one sample, so
    ``bootstrap([3, 4], np.mean)`` is the mean of one sample of two. As in scipy, a sample
    needs at least 2 observations.

    ``method="bca"`` is undefined on degenerate data (every resample giving the same
    statistic, as for constant data; the observed statistic beyond every resample; or every
    leave-one-out statistic the same): where scipy warns and returns a NaN interval, this
    raises CoterminousValueError (``method='bca': ...``) pointing to ``"percentile"``, whose
    interval there is the one value the resamples take. A callable statistic that returns
    NaN raises CoterminousValueError naming the statistic.

    ``n_resamples`` may be at most ``MAX_RESAMPLES`` (10 million). A tqdm progress bar (the
    ``progress`` extra) shows once work has run for half a second, when ``progress=True``, or
    with ``progress=None`` when the run is expected to take more than about a second (from
    the data's size and ``n_resamples``: the compiled statistics take milliseconds for most
    inputs) and runs interactively (stderr a terminal, or a Jupyter kernel) with the ``CI``
    variable unset. tqdm is imported only when a bar is shown. In Jupyter the bar is a widget
    (``tqdm.auto``), which needs ipywidgets (``pip install "coterminous[notebook]"``); without
    it the bar is text.

    Parameters
    ----------
    data : sequence of numbers, or a tuple of them
        One sample, or a tuple of samples of one length resampled row by row.
    statistic : {"mean", "median", "mean_difference", "median_difference"} or callable
        A compiled statistic, or ``statistic(*samples) -> float`` (optionally with ``axis``).
    n_resamples : int
        Resamples to draw, 1 to ``MAX_RESAMPLES``.
    method : {"percentile", "basic", "bca"}
        The interval (``"BCa"``, scipy's spelling, is accepted too).
    confidence_level : float
        Strictly between 0 and 1.
    alternative : {"two-sided", "less", "greater"}
        A one-sided interval is open on the other side.
    rng : int, numpy.random.Generator or None
        The seed; one seed gives one answer whatever the number of threads.
    progress : bool or None
        Show a tqdm progress bar: True always, False never, None (default) only for a run
        expected to take more than about a second, run interactively. Notebook bars need
        ipywidgets (the ``notebook`` extra); without it the bar is text.
    framework : Framework or str, optional
        When given, every value must be an integer score on the framework's scale.

    Ctrl-C stops a compiled statistic's run within a fraction of a second (KeyboardInterrupt);
    the work runs with the interpreter released, so other Python threads go on meanwhile.

    Returns
    -------
    BootstrapResult
        The statistic of the data, its interval, the bootstrap standard error, the number of
        resamples, the method, and the resampled statistics (``bootstrap_distribution``).

    Raises
    ------
    CoterminousValueError
        Fewer than 2 observations, samples of different lengths, missing or non-finite values,
        an unknown option or statistic name, an option out of range, a degenerate BCa interval,
        or a callable statistic returning NaN.
    CoterminousTypeError
        Values that are not numbers, ``n_resamples`` not an integer, ``confidence_level`` not a
        number, ``rng`` of another type, or ``statistic`` neither a name nor a callable.
    ScoreError
        A value off the framework's scale.

    Examples
    --------
    >>> r = bootstrap(([3, 3, 4, 2, 3, 2], [1, 2, 4, 1, 1, 3]), "mean_difference", rng=1)
    >>> r.statistic, r.confidence_interval.low <= r.statistic <= r.confidence_interval.high
    (0.8333333333333334, True)
    """
    options = _core.StatsBootstrapOptions(
        _integer(n_resamples, "n_resamples"), method, _real(confidence_level, "confidence_level"), alternative
    )
    n = options.n_resamples
    seed = _seed(rng)
    if isinstance(statistic, str):
        if statistic not in _BUILTIN_BOOT:
            raise CoterminousValueError(
                f"statistic: expected one of {list(_BUILTIN_BOOT)} or a callable, got {statistic!r}"
                + did_you_mean(statistic, _BUILTIN_BOOT)
            )
        kernel, paired = _BUILTIN_BOOT[statistic]
        samples = _split_data(data, paired)
        for name, sample in zip(("x", "y") if paired else ("data",), samples):
            _check_scores(sample, framework, name)
        d = _as_float(_difference(samples[0], samples[1]), "x - y") if paired else _as_float(samples[0], "data")
        cost = expected_seconds("bootstrap_median" if "median" in statistic else "bootstrap_mean", n, len(d))
        with _Bar(n, _show_progress(progress, cost), "bootstrap") as bar:
            r = _core.stats_bootstrap(d, kernel, options, seed, bar.hook)
        return BootstrapResult(
            r.statistic,
            ConfidenceInterval(r.low, r.high),
            r.standard_error,
            r.n_resamples,
            r.method,
            _read_only(r.bootstrap_distribution),
        )
    if not callable(statistic):
        raise CoterminousTypeError(f"statistic: expected a name or a callable, got {type(statistic).__name__}")
    samples = _callable_samples(data)
    for sample in samples:
        _check_scores(sample, framework, "data")
    batch = _core.stats_bootstrap_batch(len(samples[0]), len(samples), options)
    cost_of = "callable_vectorized" if _vectorized(statistic) else "callable"
    cost = expected_seconds(cost_of, n, sum(len(s) for s in samples))
    return _bootstrap_callable(samples, statistic, options, batch, seed, _show_progress(progress, cost))


def _vectorized(statistic: Callable[..., Any]) -> bool:
    """Does the callable take an ``axis`` keyword (scipy's convention for vectorized
    statistics)?"""
    try:
        return "axis" in inspect.signature(statistic).parameters
    except (TypeError, ValueError):
        return False


def _name(statistic: Callable[..., Any]) -> str:
    return getattr(statistic, "__qualname__", None) or repr(statistic)


def _finite_statistic(value: Any, statistic: Callable[..., Any], on: str) -> float:
    """``value`` as a float; an error naming the statistic when it is NaN."""
    v = float(value)
    if math.isnan(v):
        raise CoterminousValueError(f"statistic: {_name(statistic)} returned NaN on {on}")
    return v


def _no_nan(values: np.ndarray, statistic: Callable[..., Any], what: str) -> None:
    bad = np.isnan(values)
    if bad.any():
        raise CoterminousValueError(f"statistic: {_name(statistic)} returned NaN on {what} {int(np.argmax(bad))}")


def _bootstrap_callable(
    samples: tuple[np.ndarray, ...],
    statistic: Callable[..., float],
    options: _core.StatsBootstrapOptions,
    batch: int,
    seed: int,
    show: bool,
) -> BootstrapResult:
    """Resample rows of ``samples`` ``batch`` resamples at a time (the core's memory cap): one
    generator stream, drawn row after row, so the resamples do not depend on ``batch``."""
    m, n = len(samples[0]), options.n_resamples
    gen = np.random.default_rng(seed)
    vectorized = _vectorized(statistic)
    theta = _finite_statistic(
        statistic(*samples, axis=-1) if vectorized else statistic(*samples), statistic, "the data"
    )
    dist = np.empty(n)
    bar = _Bar(n, show, "bootstrap")
    try:
        for start in range(0, n, batch):
            stop = min(n, start + batch)
            idx = gen.integers(0, m, size=(stop - start, m))
            if vectorized:
                dist[start:stop] = statistic(*(s[idx] for s in samples), axis=-1)
            else:
                for j, row in enumerate(idx):
                    dist[start + j] = statistic(*(s[row] for s in samples))
            bar.update(stop - start)
    finally:
        bar.close()
    _no_nan(dist, statistic, "resample")

    def jackknife() -> np.ndarray:
        """The leave-one-out statistics (BCa only; called by the core once the distribution passes its checks)."""
        kw = {"axis": -1} if vectorized else {}
        jack = np.array([statistic(*(np.delete(s, i) for s in samples), **kw) for i in range(m)], dtype=float)
        _no_nan(jack, statistic, "leave-one-out sample (BCa's jackknife) without row")
        return jack

    r = _core.stats_bootstrap_interval(dist, theta, options, jackknife if options.method == "bca" else None)
    return BootstrapResult(
        theta, ConfidenceInterval(r.low, r.high), r.standard_error, n, r.method, _read_only(r.bootstrap_distribution)
    )


def _read_only(a: np.ndarray) -> np.ndarray:
    """``a``, made read-only (a result is frozen)."""
    a.setflags(write=False)
    return a


def permutation_test(
    x: Any,
    y: Any,
    *,
    paired: bool = True,
    statistic: Literal["mean_difference"] | Callable[..., Any] = "mean_difference",
    n_resamples: int = 9999,
    alternative: Alternative = "two-sided",
    rng: int | np.random.Generator | None = None,
    progress: bool | None = None,
    framework: Framework | str | None = None,
) -> PermutationTestResult:
    """A permutation test of ``x`` against ``y``, with scipy's p-value rules.

    Paired (``paired=True``): the sign of each difference ``x_i - y_i`` is flipped at random
    (``x_i`` and ``y_i`` swapped), as ``scipy.stats.permutation_test(...,
    permutation_type="samples")``. Independent (``paired=False``): the pooled values are
    shuffled between the samples (``permutation_type="independent"``). When the whole
    permutation set (``2**n`` flips, or ``C(m + n, m)`` splits) is no larger than
    ``n_resamples`` it is used entire and the p-value is exact; otherwise the p-value is
    ``(count + 1) / (n_resamples + 1)``. ``statistic="mean_difference"`` (the mean of ``x - y``
    paired, ``mean(x) - mean(y)`` otherwise) runs in the compiled core; a Python callable
    ``statistic(x, y) -> float`` is the slow path (batched when it takes ``axis``); one that
    returns NaN raises CoterminousValueError naming it. Progress bars as for ``bootstrap``.

    Ties count: a permutation whose statistic equals the observed one is as extreme as it (a
    mean difference of 0 against an observed 0, say). For ``"mean_difference"`` the compiled
    core compares the permuted sums with the observed sum, which decide the statistic, and
    treats sums within their rounding error (``2 (N + 1) eps sum |v|``, ``N`` values) as equal:
    exact for whole numbers, and ties among decimals such as 0.1 + 0.2 and 0.3 are ties, as in
    exact arithmetic. scipy's relative tolerance on the statistic (``100 eps |observed|``)
    misses such ties when the observed difference is near zero. A callable statistic is
    compared as scipy compares it, with that relative tolerance.

    Paired pairs are matched by position, ``x[i]`` with ``y[i]``: a pandas index is not
    aligned (``y.reindex(x.index)`` first to pair by label). As in
    ``scipy.stats.permutation_test``, each sample needs at least 2 observations.

    Parameters
    ----------
    x, y : sequence of numbers
        The samples (of one length when ``paired``).
    paired : bool
        Flip signs within pairs (True) or shuffle labels between independent samples (False).
    statistic : "mean_difference" or callable
        The compiled statistic, or ``statistic(x, y) -> float`` (optionally with ``axis``).
    n_resamples : int
        Resamples to draw, 1 to ``MAX_RESAMPLES``.
    alternative : {"two-sided", "less", "greater"}
        The alternative hypothesis on the statistic.
    rng : int, numpy.random.Generator or None
        The seed; one seed gives one answer whatever the number of threads.
    progress : bool or None
        Show a tqdm progress bar: True always, False never, None (default) only for a run
        expected to take more than about a second, run interactively. Notebook bars need
        ipywidgets (the ``notebook`` extra); without it the bar is text.
    framework : Framework or str, optional
        When given, every value must be an integer score on the framework's scale.

    Ctrl-C stops the compiled statistic's run within a fraction of a second
    (KeyboardInterrupt), as it does a callable's.

    Returns
    -------
    PermutationTestResult
        The observed statistic, the p-value, the number of resamples (the whole set when
        exact) and whether it was exact.

    Raises
    ------
    CoterminousValueError
        Fewer than 2 observations per sample (2 pairs paired), samples of different lengths
        when paired, missing or non-finite values, an unknown option or statistic name,
        ``n_resamples`` out of range, or a callable statistic returning NaN.
    CoterminousTypeError
        Values that are not numbers, ``n_resamples`` not an integer, ``rng`` of another type,
        or ``statistic`` neither a name nor a callable.
    ScoreError
        A value off the framework's scale.

    Examples
    --------
    >>> r = permutation_test([3, 3, 4, 2, 3, 2], [1, 2, 4, 1, 1, 3])
    >>> r.exact, r.n_resamples, r.pvalue
    (True, 64, 0.25)
    """
    options = _core.StatsPermutationOptions(_integer(n_resamples, "n_resamples"), alternative)
    n = options.n_resamples
    seed = _seed(rng)
    if paired:
        xr, yr = _pair(x, y)
    else:
        xr, yr = _numbers(x, "x"), _numbers(y, "y")
    _check_scores(xr, framework, "x")
    _check_scores(yr, framework, "y")
    if isinstance(statistic, str):
        if statistic != "mean_difference":
            hint = did_you_mean(statistic, ["mean_difference"])
            raise CoterminousValueError(f"statistic: expected 'mean_difference' or a callable, got {statistic!r}{hint}")
        cost = expected_seconds("permutation_paired" if paired else "permutation_independent", n, len(xr) + len(yr))
        with _Bar(n, _show_progress(progress, cost), "permutation test") as bar:
            if paired:
                d = _as_float(_difference(xr, yr), "x - y")
                out = _core.stats_permutation_paired(d, options, seed, bar.hook)
            else:
                out = _core.stats_permutation_independent(
                    _as_float(xr, "x"), _as_float(yr, "y"), options, seed, bar.hook
                )
        return PermutationTestResult(out.statistic, out.pvalue, out.n_resamples, out.exact)
    if not callable(statistic):
        raise CoterminousTypeError(f"statistic: expected a name or a callable, got {type(statistic).__name__}")
    plan = _core.stats_permutation_plan(len(xr), len(yr), bool(paired), options)
    cost = expected_seconds("callable_vectorized" if _vectorized(statistic) else "callable", n, len(xr) + len(yr))
    return _permutation_callable(
        _as_float(xr, "x"),
        _as_float(yr, "y"),
        paired,
        statistic,
        options,
        plan,
        seed,
        _show_progress(progress, cost),
    )


def _permutation_callable(
    x: np.ndarray,
    y: np.ndarray,
    paired: bool,
    statistic: Callable[..., Any],
    options: _core.StatsPermutationOptions,
    plan: tuple[bool, int, int],
    seed: int,
    show: bool,
) -> PermutationTestResult:
    """The permutation test of a Python statistic, over the set the core's ``plan`` chose:
    every permutation when ``exact``, else ``total`` random ones (a vectorized statistic
    ``batch`` at a time; the permutations drawn for a seed do not depend on ``batch``)."""
    exact, total, batch = plan
    observed = _finite_statistic(
        statistic(x, y, axis=-1) if _vectorized(statistic) else statistic(x, y), statistic, "the data"
    )
    gen = np.random.default_rng(seed)
    draw: Callable[[np.ndarray], float]
    kw: dict[str, Any] = {"axis": -1} if _vectorized(statistic) else {}
    if paired:
        if exact:
            flips: Any = (np.array(f, dtype=bool) for f in itertools.product((False, True), repeat=len(x)))
        else:
            flips = (gen.random(len(x)) < 0.5 for _ in range(total))

        def draw_flip(f: np.ndarray) -> float:
            return float(statistic(np.where(f, y, x), np.where(f, x, y), **kw))

        draw = draw_flip
        items = flips
    else:
        pooled = np.concatenate([x, y])
        m = len(x)
        if exact:
            picks: Any = (np.array(c) for c in itertools.combinations(range(len(pooled)), m))
        else:
            picks = (gen.permutation(len(pooled))[:m] for _ in range(total))

        def draw_split(c: np.ndarray) -> float:
            mask = np.zeros(len(pooled), dtype=bool)
            mask[c] = True
            return float(statistic(pooled[mask], pooled[~mask], **kw))

        draw = draw_split
        items = picks
    null = np.empty(total)
    with _Bar(total, show, "permutation test") as bar:
        if _vectorized(statistic) and not exact:
            for start in range(0, total, batch):
                stop = min(total, start + batch)
                if paired:
                    f = gen.random((stop - start, len(x))) < 0.5
                    null[start:stop] = statistic(np.where(f, y, x), np.where(f, x, y), axis=-1)
                else:
                    perm = gen.permuted(np.tile(np.arange(len(x) + len(y)), (stop - start, 1)), axis=1)
                    both = np.concatenate([x, y])[perm]
                    null[start:stop] = statistic(both[:, : len(x)], both[:, len(x) :], axis=-1)
                bar.update(stop - start)
        else:
            for i, item in enumerate(items):
                null[i] = draw(item)
                if i % 1000 == 999:
                    bar.update(1000)
    _no_nan(null, statistic, "permutation")
    p = _core.stats_permutation_pvalue(null, observed, bool(exact), options)
    return PermutationTestResult(observed, p, int(total), bool(exact))
