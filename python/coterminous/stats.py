"""Paired ordinal statistics for 1-4 scores: the sign test, the Wilcoxon signed-rank test,
Cliff's delta, seeded bootstrap intervals and permutation tests, Holm and Bonferroni
adjustments, and ``compare`` for every theme of a paired table at once.

Conventions follow ``scipy.stats``: results carry ``statistic`` and ``pvalue`` (and
``confidence_interval`` with ``low``/``high`` where one applies), differences are ``x - y``,
and ``alternative`` is ``"two-sided"``, ``"less"`` or ``"greater"``. Randomness takes
``rng=`` an int seed or a ``numpy.random.Generator``: one seed gives one answer whatever the
number of threads.
"""

from __future__ import annotations

import inspect
import itertools
import math
import os
import statistics as _pystats
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

import numpy as np

from . import _core, _frame
from .errors import CoterminousTypeError, CoterminousValueError, ScoreError
from .framework import Framework

__all__ = [
    "ConfidenceInterval",
    "SignTestResult",
    "WilcoxonResult",
    "CliffsDeltaResult",
    "BootstrapResult",
    "PermutationTestResult",
    "sign_test",
    "wilcoxon",
    "cliffs_delta",
    "bootstrap",
    "permutation_test",
    "holm",
    "bonferroni",
    "compare",
    "MAX_RESAMPLES",
]

Alternative = Literal["two-sided", "less", "greater"]

#: The most resamples one call may draw (the general paths keep one float per resample, 80 MB).
MAX_RESAMPLES: int = int(_core.STATS_MAX_RESAMPLES)


# ------------------------------------------------------------------------------------------
# result objects


class ConfidenceInterval(NamedTuple):
    low: float
    high: float


@dataclass(frozen=True)
class SignTestResult:
    """``statistic`` is the number of positive differences; zeros are left out of the test."""

    statistic: int
    pvalue: float
    n_positive: int
    n_negative: int
    n_zero: int


@dataclass(frozen=True)
class WilcoxonResult:
    """As ``scipy.stats.wilcoxon``: ``statistic`` is ``min(r_plus, r_minus)`` for a two-sided
    test and ``r_plus`` otherwise; ``zstatistic`` is None unless the normal approximation was
    used and is defined (missing, not NaN, so that equal results compare equal); ``method``
    says which of ``"exact"``, ``"asymptotic"`` or ``"permutation"`` ran."""

    statistic: float
    pvalue: float
    zstatistic: float | None
    method: str


@dataclass(frozen=True)
class CliffsDeltaResult:
    statistic: float
    pvalue: float
    confidence_interval: ConfidenceInterval
    standard_error: float
    n_greater: int
    n_less: int
    n_ties: int
    paired: bool


@dataclass(frozen=True)
class BootstrapResult:
    statistic: float
    confidence_interval: ConfidenceInterval
    #: The standard deviation of the bootstrap distribution (ddof=1); None with one resample.
    standard_error: float | None
    n_resamples: int
    method: str


@dataclass(frozen=True)
class PermutationTestResult:
    """``n_resamples`` is the size of the whole permutation set when ``exact``."""

    statistic: float
    pvalue: float
    n_resamples: int
    exact: bool


# ------------------------------------------------------------------------------------------
# argument checks


#: Integers beyond this magnitude do not all have a float64 of their own.
_EXACT_INT = 2**53


def _numbers(x: Any, arg: str) -> np.ndarray:
    """A validated 1-D array of numbers in its own kind: integers stay integers (int64, uint64,
    or Python ints in an object array when neither holds them), so that ``x - y`` can be taken
    exactly; anything else is float64. Lists, numpy arrays and pandas/polars/pyarrow columns."""
    mod = type(x).__module__.split(".")[0]
    if mod in ("pandas", "polars") and hasattr(x, "to_numpy"):
        if mod == "polars" and x.null_count():
            raise CoterminousValueError(f"{arg}: row {int(x.is_null().arg_max())}: missing value")
        if mod == "pandas":
            na = x.isna().to_numpy()
            if na.any():
                raise CoterminousValueError(f"{arg}: row {int(np.argmax(na))}: missing value")
        x = x.to_numpy()
    elif mod == "pyarrow":
        if x.null_count:
            nulls = np.asarray(x.is_null().to_pylist() if hasattr(x, "is_null") else [v is None for v in x.to_pylist()])
            raise CoterminousValueError(f"{arg}: row {int(np.argmax(nulls))}: missing value")
        x = x.to_numpy(zero_copy_only=False) if hasattr(x, "to_numpy") else np.asarray(x)
    if isinstance(x, (str, bytes)) or np.isscalar(x):
        raise CoterminousTypeError(f"{arg}: expected a sequence of numbers, got {type(x).__name__}")
    a = np.asarray(x)
    if a.dtype.kind == "f" and isinstance(x, (list, tuple)) and any(isinstance(v, int) and abs(v) > _EXACT_INT for v in x):
        a = np.array(x, dtype=object)  # numpy rounds a list mixing huge and negative ints to float64
    if a.dtype == object:
        values = a.tolist()
        for i, v in enumerate(values):
            if v is None:
                raise CoterminousValueError(f"{arg}: row {i}: missing value")
            if isinstance(v, bool) or not isinstance(v, (int, float, np.integer, np.floating)):
                raise CoterminousTypeError(f"{arg}: row {i}: {v!r} is not a number")
        if a.ndim == 1 and all(isinstance(v, (int, np.integer)) for v in values):
            a = _integers([int(v) for v in values])
        else:
            a = _as_float(a, arg)
    if a.dtype.kind == "b" or a.dtype.kind not in "iufO":
        first = a.ravel()[0] if a.size else None
        raise CoterminousTypeError(f"{arg}: expected numbers, got values of type {a.dtype} (first {first!r})")
    if a.ndim != 1:
        raise CoterminousValueError(f"{arg}: expected a 1-D sequence, got shape {a.shape}")
    if a.size == 0:
        raise CoterminousValueError(f"{arg}: no observations")
    if a.dtype.kind == "f":
        a = np.ascontiguousarray(a, dtype=np.float64)
        bad = ~np.isfinite(a)
        if bad.any():
            i = int(np.argmax(bad))
            raise CoterminousValueError(f"{arg}: row {i}: {a[i]} is not a finite number (NaN or missing)")
    return a


def _integers(values: list[int]) -> np.ndarray:
    """Python ints as int64, else uint64, else an object array of the ints themselves."""
    for dtype in (np.int64, np.uint64):
        try:
            return np.array(values, dtype=dtype)
        except OverflowError:
            pass
    return np.array(values, dtype=object)


def _as_float(a: np.ndarray, arg: str) -> np.ndarray:
    """1-D ``a`` as contiguous float64; an error for an integer that float64 cannot hold exactly."""
    if a.dtype.kind in "iuO":
        if a.dtype.kind == "O":
            big = np.array([isinstance(v, (int, np.integer)) and abs(int(v)) > _EXACT_INT for v in a.tolist()], dtype=bool)
        elif a.dtype.kind == "i":
            big = (a > _EXACT_INT) | (a < -_EXACT_INT)
        else:
            big = a > _EXACT_INT
        if big.any():
            i = int(np.argmax(big))
            raise CoterminousValueError(
                f"{arg}: row {i}: {a[i]} is an integer beyond 2**53 in magnitude, which a float64 cannot hold "
                "exactly; subtract a common offset or pass floats"
            )
    return np.ascontiguousarray(a, dtype=np.float64)


def _vector(x: Any, arg: str) -> np.ndarray:
    """A 1-D float64 array from a list, numpy array or a pandas/polars/pyarrow column."""
    return _as_float(_numbers(x, arg), arg)


def _pair(x: Any, y: Any, names: tuple[str, str] = ("x", "y")) -> tuple[np.ndarray, np.ndarray]:
    """Paired samples of one length, each in its own kind (see ``_numbers``)."""
    xa, ya = _numbers(x, names[0]), _numbers(y, names[1])
    if xa.shape != ya.shape:
        raise CoterminousValueError(
            f"{names[0]}, {names[1]}: paired samples must have one length, got {len(xa)} and {len(ya)}"
        )
    return xa, ya


def _difference(xa: np.ndarray, ya: np.ndarray, names: tuple[str, str] = ("x", "y")) -> np.ndarray:
    """``x - y`` taken exactly: integers as integers (int64 where nothing overflows, Python ints
    otherwise), anything else in float64, with an error where the difference overflows."""
    if xa.dtype.kind in "iuO" and ya.dtype.kind in "iuO":
        fits = [a.dtype.kind == "i" or (a.dtype.kind == "u" and (a.size == 0 or a.max() <= np.iinfo(np.int64).max)) for a in (xa, ya)]
        if all(fits):
            x64, y64 = xa.astype(np.int64), ya.astype(np.int64)
            with np.errstate(over="ignore"):
                d = x64 - y64
            if not (((x64 ^ y64) & (x64 ^ d)) < 0).any():  # no signed overflow
                return d
        return _integers([int(a) - int(b) for a, b in zip(xa.tolist(), ya.tolist())])
    xf, yf = _as_float(xa, names[0]), _as_float(ya, names[1])
    with np.errstate(over="ignore", invalid="ignore"):
        d = xf - yf
    bad = ~np.isfinite(d)
    if bad.any():
        i = int(np.argmax(bad))
        raise CoterminousValueError(
            f"{names[0]} - {names[1]} overflows at row {i}: {float(xf[i])!r} - {float(yf[i])!r} is beyond the float64 range"
        )
    return d


def _signs(d: np.ndarray) -> np.ndarray:
    """The signs of exact differences as float64 (all the sign test and paired dominance use)."""
    return np.ascontiguousarray(np.sign(d), dtype=np.float64)


def _check_scores(a: np.ndarray, framework: Framework | str | None, arg: str) -> None:
    if framework is None:
        return
    from .scoring import _framework

    fw = _framework(framework)
    lo, hi = fw.scale.min, fw.scale.max
    bad = (a != np.round(a)) | (a < lo) | (a > hi)
    if bad.any():
        i = int(np.argmax(bad))
        raise ScoreError(f"{arg}: row {i}: {a[i]:g} is not an integer score from {lo} to {hi} ({fw.name})")


def _choice(value: Any, allowed: Sequence[str], arg: str) -> str:
    if not isinstance(value, str) or value not in allowed:
        raise CoterminousValueError(f"{arg}: expected one of {list(allowed)}, got {value!r}")
    return value


def _confidence(level: Any) -> float:
    if isinstance(level, bool) or not isinstance(level, (int, float, np.integer, np.floating)):
        raise CoterminousTypeError(f"confidence_level: expected a number between 0 and 1, got {type(level).__name__}")
    level = float(level)
    if not 0.0 < level < 1.0:
        raise CoterminousValueError(f"confidence_level: expected a number strictly between 0 and 1, got {level}")
    return level


def _resamples(n: Any) -> int:
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
        raise CoterminousTypeError(f"n_resamples: expected an integer, got {type(n).__name__}")
    n = int(n)
    if not 1 <= n <= MAX_RESAMPLES:
        raise CoterminousValueError(f"n_resamples: expected an integer from 1 to {MAX_RESAMPLES:,}, got {n:,}")
    return n


def _seed(rng: Any) -> int:
    """A 64-bit seed from ``rng``: an int seed, a numpy Generator (one draw), or None (fresh)."""
    if rng is None:
        return int(np.random.default_rng().integers(0, 2**63))
    if isinstance(rng, np.random.Generator):
        return int(rng.integers(0, 2**63))
    if isinstance(rng, (int, np.integer)) and not isinstance(rng, bool):
        if rng < 0:
            raise CoterminousValueError(f"rng: a seed must be a non-negative integer, got {rng}")
        return int(rng) % 2**64
    raise CoterminousTypeError(f"rng: expected None, an int seed or a numpy.random.Generator, got {type(rng).__name__}")


def _show_progress(progress: bool | None) -> bool:
    """``progress=None``: a bar only when run interactively (stderr a terminal, or a Jupyter
    kernel) and not in CI."""
    if progress is not None:
        return bool(progress)
    if os.environ.get("CI"):
        return False
    try:
        if sys.stderr.isatty():
            return True
    except (AttributeError, ValueError):
        pass
    return _in_notebook()


def _in_notebook() -> bool:
    shell = sys.modules.get("IPython")
    if shell is None or "ipykernel" not in sys.modules:
        return False
    try:
        ip = shell.get_ipython()  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - any failure means: not a notebook
        return False
    return ip is not None and type(ip).__name__ == "ZMQInteractiveShell"


class _Bar:
    """A tqdm bar when asked for and installed, else nothing. It appears only once the work
    has run for half a second (tqdm's ``delay``), so instant calls print nothing."""

    def __init__(self, total: int, show: bool, desc: str) -> None:
        self._bar: Any = None
        if show:
            try:
                from tqdm.auto import tqdm  # type: ignore[import-untyped]
            except ImportError:  # tqdm is optional: pip install coterminous[progress]
                return
            self._bar = tqdm(total=total, desc=desc, unit="resample", leave=False, delay=0.5)

    @property
    def hook(self) -> Callable[[int], object] | None:
        """The callable the compiled kernels call per finished block, or None."""
        return self._bar.update if self._bar is not None else None

    def update(self, n: int) -> None:
        if self._bar is not None:
            self._bar.update(n)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()

    def __enter__(self) -> _Bar:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# ------------------------------------------------------------------------------------------
# tests


def sign_test(
    x: Any, y: Any, *, alternative: Alternative = "two-sided", framework: Framework | str | None = None
) -> SignTestResult:
    """The exact sign test of paired samples: the number of positive differences ``x - y``
    against Binomial(n, 1/2), with n the number of non-zero differences (zeros are dropped).
    The p-value is ``scipy.stats.binomtest(n_positive, n, 0.5, alternative).pvalue``.
    Pairs are matched by position, ``x[i]`` with ``y[i]``: a pandas index is not aligned
    (``y.reindex(x.index)`` first to pair by label). Integers are subtracted exactly, however
    large.

    >>> r = sign_test([3, 3, 4, 2, 3], [1, 2, 4, 1, 1])
    >>> r.n_positive, r.n_negative, r.n_zero, r.pvalue
    (4, 0, 1, 0.125)
    """
    xa, ya = _pair(x, y)
    _check_scores(xa, framework, "x")
    _check_scores(ya, framework, "y")
    _choice(alternative, ("two-sided", "less", "greater"), "alternative")
    k, p, npos, nneg, nzero = _core.stats_sign_test(_signs(_difference(xa, ya)), alternative)
    return SignTestResult(int(k), float(p), int(npos), int(nneg), int(nzero))


def wilcoxon(
    x: Any,
    y: Any,
    *,
    zero_method: Literal["wilcox", "pratt", "zsplit"] = "wilcox",
    correction: bool = False,
    method: Literal["auto", "exact", "asymptotic"] = "auto",
    alternative: Alternative = "two-sided",
    framework: Framework | str | None = None,
) -> WilcoxonResult:
    """The Wilcoxon signed-rank test of ``x - y``, equal to ``scipy.stats.wilcoxon`` (1.17) for
    every option, statistic and p-value, on tied data and zeros included: with
    ``method="auto"``, exact for n <= 50 without ties or zeros; with ties or zeros, every sign
    flip counted for n <= 13 (scipy's exact permutation test) and the normal approximation
    (with tie and zero corrections) otherwise. Pairs are matched by position, ``x[i]`` with
    ``y[i]``: a pandas index is not aligned (``y.reindex(x.index)`` first to pair by label).

    Where scipy raises, this raises: with one pair whose difference is zero, ``method="auto"``
    would run the permutation test, which needs two pairs (CoterminousValueError naming ``x,
    y``). Where scipy's p-value is NaN, so is ``pvalue``, by design, so that results equal
    scipy's: that happens only under the normal approximation when no difference is left to
    rank (every ``x - y`` zero with ``zero_method="wilcox"`` or ``"pratt"``), where the test
    has no information; ``compare`` reports such a row as a missing p-value. ``zstatistic`` is
    None unless the normal approximation was used and is defined.

    >>> r = wilcoxon([3, 3, 4, 2, 3, 2], [1, 2, 4, 1, 1, 3])
    >>> r.statistic, r.pvalue, r.method
    (2.0, 0.25, 'permutation')
    """
    xa, ya = _pair(x, y)
    _check_scores(xa, framework, "x")
    _check_scores(ya, framework, "y")
    _choice(zero_method, ("wilcox", "pratt", "zsplit"), "zero_method")
    _choice(method, ("auto", "exact", "asymptotic"), "method")
    _choice(alternative, ("two-sided", "less", "greater"), "alternative")
    if correction not in (True, False):
        raise CoterminousTypeError(f"correction: expected True or False, got {correction!r}")
    d = _as_float(_difference(xa, ya), "x - y")
    s, p, z, used = _core.stats_wilcoxon(d, zero_method, bool(correction), method, alternative)
    return WilcoxonResult(float(s), float(p), None if math.isnan(z) else float(z), used)


def cliffs_delta(
    a: Any,
    b: Any,
    *,
    paired: bool = False,
    confidence_level: float = 0.95,
    framework: Framework | str | None = None,
) -> CliffsDeltaResult:
    """Cliff's delta, ``P(a > b) - P(a < b)``, with a confidence interval.

    Independent samples (``paired=False``): over all pairs ``(a_i, b_j)``. The variance is the
    consistent estimate of Cliff (1996, *Ordinal Methods for Behavioral Data Analysis*, eq.
    3.13), bounded below by ``(1 - d**2) / (m n - 1)``; the interval is the asymmetric one of
    Cliff (1993, *Psychological Bulletin* 114, 494-509) and Feng & Cliff (2004, *Journal of
    Modern Applied Statistical Methods* 3, 322-332):
    ``(d - d**3 -+ z s sqrt((1 - d**2)**2 + z**2 s**2)) / (1 - d**2 + z**2 s**2)``, which stays
    within [-1, 1]. ``pvalue`` is two-sided, ``d / s`` against the normal.

    Paired samples (``paired=True``): the within-pair dominance ``P(a_i > b_i) - P(a_i < b_i)``
    (Cliff 1993; Feng 2007, *Behavior Research Methods* 39, 153-162), with the unbiased
    variance ``sum (s_i - d)**2 / (n (n - 1))`` of the pair signs ``s_i`` and the same interval.
    Pairs are matched by position, ``a[i]`` with ``b[i]``: a pandas index is not aligned
    (``b.reindex(a.index)`` first to pair by label).

    When the variance estimate is zero (every comparison one way, or every pair tied) the
    interval is the score interval with the variance taken at the bound, ``(1 - D**2) /
    n_eff`` (``n_eff = m n - 1``, or ``n`` paired): for ``d = 1`` its lower end is
    ``(n_eff - z**2) / (n_eff + z**2)``, twice Wilson's lower bound for ``n_eff`` successes
    out of ``n_eff``, less one.

    >>> r = cliffs_delta([3, 3, 4, 2], [1, 2, 3, 3])
    >>> r.statistic, r.n_greater, r.n_less, r.n_ties
    (0.4375, 9, 2, 5)
    """
    aa, ba = _pair(a, b, ("a", "b")) if paired else (_numbers(a, "a"), _numbers(b, "b"))
    _check_scores(aa, framework, "a")
    _check_scores(ba, framework, "b")
    level = _confidence(confidence_level)
    if paired:
        out = _core.stats_cliffs_delta_paired(_signs(_difference(aa, ba, ("a", "b"))), level)
    else:
        out = _core.stats_cliffs_delta(_as_float(aa, "a"), _as_float(ba, "b"), level)
    d, low, high, se, p, g, l, t = out
    return CliffsDeltaResult(float(d), float(p), ConfidenceInterval(float(low), float(high)), float(se), int(g), int(l), int(t), bool(paired))


def holm(pvalues: Any) -> np.ndarray:
    """Holm's step-down adjusted p-values (Holm 1979), in the input order.

    >>> holm([0.01, 0.04, 0.03, 0.005]).tolist()
    [0.03, 0.06, 0.06, 0.02]
    """
    return _core.stats_holm(_pvalues(pvalues))


def bonferroni(pvalues: Any) -> np.ndarray:
    """Bonferroni-adjusted p-values, ``min(1, m p)``.

    >>> bonferroni([0.01, 0.3]).tolist()
    [0.02, 0.6]
    """
    return _core.stats_bonferroni(_pvalues(pvalues))


def _pvalues(p: Any) -> np.ndarray:
    a = _vector(p, "pvalues")
    bad = (a < 0) | (a > 1)
    if bad.any():
        i = int(np.argmax(bad))
        raise CoterminousValueError(f"pvalues: element {i}: {a[i]} is not a probability in [0, 1]")
    return a


# ------------------------------------------------------------------------------------------
# resampling

_BUILTIN_BOOT = {"mean": ("mean", False), "median": ("median", False), "mean_difference": ("mean", True), "median_difference": ("median", True)}


def _split_data(data: Any, paired: bool) -> tuple[np.ndarray, ...]:
    """The samples of ``data`` for a named statistic, each in its own kind (see ``_numbers``):
    only a tuple holds several samples; a list, an array or a column is one sample."""
    samples = data if isinstance(data, tuple) else (data,)
    if paired:
        if len(samples) != 2:
            got = f"a tuple of {len(samples)}" if isinstance(data, tuple) else f"one sample (a {type(data).__name__}; only a tuple holds several)"
            raise CoterminousValueError(f"data: a paired statistic needs data=(x, y), a tuple of two sequences of one length, got {got}")
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
        raise CoterminousValueError(f"data: the samples of a tuple are resampled together, row by row, so they need one length; got {lengths}")
    return samples


def _at_least_two(n: int, arg: str, what: str, unit: str = "observations") -> None:
    """scipy's resampling functions need two observations per sample; so do these."""
    if n < 2:
        raise CoterminousValueError(f"{arg}: {what} needs at least 2 {unit} (as in scipy.stats), got {n}")


def bootstrap(
    data: Any,
    statistic: str | Callable[..., float] = "mean",
    *,
    n_resamples: int = 9999,
    method: Literal["percentile", "basic", "bca"] = "percentile",
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
    ``statistic(*samples) -> float`` is the slow path, called in batches of 1,000 resamples when
    it takes an ``axis`` keyword, as scipy's vectorized statistics do.

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
    with ``progress=None`` when run interactively (stderr a terminal, or a Jupyter kernel) and
    the ``CI`` variable is unset.

    >>> r = bootstrap(([3, 3, 4, 2, 3, 2], [1, 2, 4, 1, 1, 3]), "mean_difference", rng=1)
    >>> r.statistic, r.confidence_interval.low <= r.statistic <= r.confidence_interval.high
    (0.8333333333333334, True)
    """
    n = _resamples(n_resamples)
    if method == "BCa":  # scipy's spelling
        method = "bca"
    _choice(method, ("percentile", "basic", "bca"), "method")
    _choice(alternative, ("two-sided", "less", "greater"), "alternative")
    level = _confidence(confidence_level)
    seed = _seed(rng)
    if isinstance(statistic, str):
        if statistic not in _BUILTIN_BOOT:
            raise CoterminousValueError(f"statistic: expected one of {list(_BUILTIN_BOOT)} or a callable, got {statistic!r}")
        kernel, paired = _BUILTIN_BOOT[statistic]
        samples = _split_data(data, paired)
        for name, sample in zip(("x", "y") if paired else ("data",), samples):
            _check_scores(sample, framework, name)
        _at_least_two(len(samples[0]), "data", "the bootstrap")
        d = _as_float(_difference(samples[0], samples[1]), "x - y") if paired else _as_float(samples[0], "data")
        with _Bar(n, _show_progress(progress), "bootstrap") as bar:
            s, low, high, se, _path = _core.stats_bootstrap(d, kernel, n, method, level, alternative, seed, bar.hook)
        return BootstrapResult(float(s), ConfidenceInterval(float(low), float(high)), float(se) if n > 1 else None, n, method)
    if not callable(statistic):
        raise CoterminousTypeError(f"statistic: expected a name or a callable, got {type(statistic).__name__}")
    samples = _callable_samples(data)
    for sample in samples:
        _check_scores(sample, framework, "data")
    _at_least_two(len(samples[0]), "data", "the bootstrap")
    return _bootstrap_callable(samples, statistic, n, method, level, alternative, seed, _show_progress(progress))


def _vectorized(statistic: Callable[..., Any]) -> bool:
    """Does the callable take an ``axis`` keyword (scipy's convention for vectorized
    statistics)?"""
    try:
        return "axis" in inspect.signature(statistic).parameters
    except (TypeError, ValueError):
        return False


def _ndtr(x: float) -> float:
    return _pystats.NormalDist().cdf(x)


def _ndtri(p: float) -> float:
    if not 0.0 < p < 1.0:
        return -math.inf if p == 0.0 else (math.inf if p == 1.0 else math.nan)
    return _pystats.NormalDist().inv_cdf(p)


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


def _bca_degenerate(why: str) -> CoterminousValueError:
    """The compiled core's message (``bca_degenerate``), for the callable path."""
    return CoterminousValueError(f"method='bca': {why}, so the BCa interval is undefined; use method='percentile' (or 'basic')")


def _bootstrap_callable(
    samples: tuple[np.ndarray, ...],
    statistic: Callable[..., float],
    n: int,
    method: str,
    level: float,
    alternative: str,
    seed: int,
    show: bool,
) -> BootstrapResult:
    m = len(samples[0])
    gen = np.random.default_rng(seed)
    vectorized = _vectorized(statistic)
    theta = _finite_statistic(statistic(*samples, axis=-1) if vectorized else statistic(*samples), statistic, "the data")
    dist = np.empty(n)
    bar = _Bar(n, show, "bootstrap")
    batch = 1000
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
    alpha = (1 - level) / 2 if alternative == "two-sided" else 1 - level
    if method == "bca":
        if np.all(dist == dist[0]):
            raise _bca_degenerate(f"every resample has the same statistic ({dist[0]:g})")
        pct = (np.count_nonzero(dist < theta) + np.count_nonzero(dist <= theta)) / (2 * n)
        z0 = _ndtri(pct)
        if not math.isfinite(z0):
            raise _bca_degenerate(f"the statistic ({theta:g}) lies beyond every resample's, so the bias correction is infinite")
        kw = {"axis": -1} if vectorized else {}
        jack = np.array([statistic(*(np.delete(s, i) for s in samples), **kw) for i in range(m)], dtype=float)
        _no_nan(jack, statistic, "leave-one-out sample (BCa's jackknife) without row")
        u = (m - 1) * (jack.mean() - jack)
        if not np.any(u):
            raise _bca_degenerate("every leave-one-out (jackknife) statistic is the same, so the acceleration is undefined")
        a = (np.sum(u**3) / m**3) / (np.sum(u**2) / m**2) ** 1.5 / 6
        za = _ndtri(alpha)
        a1 = _ndtr(z0 + (z0 + za) / (1 - a * (z0 + za)))
        a2 = _ndtr(z0 + (z0 - za) / (1 - a * (z0 - za)))
        if math.isnan(a1) or math.isnan(a2):
            raise _bca_degenerate("its adjusted levels are undefined")
    else:
        a1, a2 = alpha, 1 - alpha
    low, high = (float(np.quantile(dist, a)) for a in (a1, a2))
    if method == "basic":
        low, high = 2 * theta - high, 2 * theta - low
    if alternative == "less":
        low = -math.inf
    elif alternative == "greater":
        high = math.inf
    se = float(np.std(dist, ddof=1)) if len(dist) > 1 else None
    return BootstrapResult(theta, ConfidenceInterval(low, high), se, n, method)


def permutation_test(
    x: Any,
    y: Any,
    *,
    paired: bool = True,
    statistic: str | Callable[..., Any] = "mean_difference",
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

    Paired pairs are matched by position, ``x[i]`` with ``y[i]``: a pandas index is not
    aligned (``y.reindex(x.index)`` first to pair by label). As in
    ``scipy.stats.permutation_test``, each sample needs at least 2 observations.

    >>> r = permutation_test([3, 3, 4, 2, 3, 2], [1, 2, 4, 1, 1, 3])
    >>> r.exact, r.n_resamples, r.pvalue
    (True, 64, 0.25)
    """
    n = _resamples(n_resamples)
    _choice(alternative, ("two-sided", "less", "greater"), "alternative")
    seed = _seed(rng)
    if paired:
        xr, yr = _pair(x, y)
    else:
        xr, yr = _numbers(x, "x"), _numbers(y, "y")
    _check_scores(xr, framework, "x")
    _check_scores(yr, framework, "y")
    if paired:
        _at_least_two(len(xr), "x, y", "a paired permutation test", "pairs")
    else:
        _at_least_two(len(xr), "x", "a permutation test")
        _at_least_two(len(yr), "y", "a permutation test")
    if isinstance(statistic, str):
        if statistic != "mean_difference":
            raise CoterminousValueError(f"statistic: expected 'mean_difference' or a callable, got {statistic!r}")
        with _Bar(n, _show_progress(progress), "permutation test") as bar:
            if paired:
                d = _as_float(_difference(xr, yr), "x - y")
                out = _core.stats_permutation_paired(d, n, alternative, seed, bar.hook)
            else:
                out = _core.stats_permutation_independent(_as_float(xr, "x"), _as_float(yr, "y"), n, alternative, seed, bar.hook)
        s, p, used, exact, _path = out
        return PermutationTestResult(float(s), float(p), int(used), bool(exact))
    if not callable(statistic):
        raise CoterminousTypeError(f"statistic: expected a name or a callable, got {type(statistic).__name__}")
    return _permutation_callable(_as_float(xr, "x"), _as_float(yr, "y"), paired, statistic, n, alternative, seed, _show_progress(progress))


def _permutation_callable(
    x: np.ndarray,
    y: np.ndarray,
    paired: bool,
    statistic: Callable[..., Any],
    n: int,
    alternative: str,
    seed: int,
    show: bool,
) -> PermutationTestResult:
    observed = _finite_statistic(statistic(x, y, axis=-1) if _vectorized(statistic) else statistic(x, y), statistic, "the data")
    gen = np.random.default_rng(seed)
    draw: Callable[[np.ndarray], float]
    kw: dict[str, Any] = {"axis": -1} if _vectorized(statistic) else {}
    if paired:
        size = 2 ** len(x)
        exact = size <= n
        if exact:
            flips: Any = (np.array(f, dtype=bool) for f in itertools.product((False, True), repeat=len(x)))
        else:
            flips = (gen.random(len(x)) < 0.5 for _ in range(n))

        def draw_flip(f: np.ndarray) -> float:
            return float(statistic(np.where(f, y, x), np.where(f, x, y), **kw))

        draw = draw_flip
        items, total = flips, (size if exact else n)
    else:
        pooled = np.concatenate([x, y])
        m = len(x)
        size = math.comb(len(pooled), m)
        exact = size <= n
        if exact:
            picks: Any = (np.array(c) for c in itertools.combinations(range(len(pooled)), m))
        else:
            picks = (gen.permutation(len(pooled))[:m] for _ in range(n))

        def draw_split(c: np.ndarray) -> float:
            mask = np.zeros(len(pooled), dtype=bool)
            mask[c] = True
            return float(statistic(pooled[mask], pooled[~mask], **kw))

        draw = draw_split
        items, total = picks, (size if exact else n)
    null = np.empty(total)
    with _Bar(total, show, "permutation test") as bar:
        if _vectorized(statistic) and not exact:
            batch = 1000
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
    gamma = abs(np.finfo(float).eps * 100 * observed)
    adj = 0 if exact else 1
    p_less = (np.count_nonzero(null <= observed + gamma) + adj) / (total + adj)
    p_greater = (np.count_nonzero(null >= observed - gamma) + adj) / (total + adj)
    p = {"less": p_less, "greater": p_greater, "two-sided": 2 * min(p_less, p_greater)}[alternative]
    return PermutationTestResult(observed, float(min(max(p, 0.0), 1.0)), int(total), bool(exact))


# ------------------------------------------------------------------------------------------
# every theme at once

_TESTS = ("sign", "wilcoxon", "cliffs_delta")


def _run_tests(
    left: np.ndarray, right: np.ndarray, tests: Sequence[str], alternative: str, confidence_level: float, paired_delta: bool
) -> list[dict[str, Any]]:
    rows = []
    for t in tests:
        if t == "sign":
            r = sign_test(left, right, alternative=alternative)  # type: ignore[arg-type]
            rows.append({"test": t, "statistic": float(r.statistic), "pvalue": r.pvalue, "low": None, "high": None})
        elif t == "wilcoxon":
            w = wilcoxon(left, right, alternative=alternative)  # type: ignore[arg-type]
            rows.append({"test": t, "statistic": w.statistic, "pvalue": w.pvalue, "low": None, "high": None})
        else:
            c = cliffs_delta(left, right, paired=paired_delta, confidence_level=confidence_level)
            rows.append({"test": t, "statistic": c.statistic, "pvalue": c.pvalue, "low": c.confidence_interval.low, "high": c.confidence_interval.high})
    return rows


def compare(
    paired: Any,
    framework: Framework | str,
    *,
    tests: Sequence[str] = _TESTS,
    adjust: Literal["holm", "bonferroni"] = "holm",
    alternative: Alternative = "two-sided",
    confidence_level: float = 0.95,
    cliffs: Literal["paired", "independent"] = "paired",
) -> Any:
    """Test every theme of a paired table at once.

    ``paired`` has a ``left_<theme>`` and a ``right_<theme>`` column for each theme of the
    framework (the pairing functions produce such tables); differences are left - right. A
    pair with a missing score in a theme is left out of that theme (``n`` counts the pairs
    used); scores outside the framework's scale raise ScoreError.

    ``tests``: any of ``"sign"`` (the exact sign test), ``"wilcoxon"`` (scipy's defaults) and
    ``"cliffs_delta"`` (with its confidence interval in ``low``/``high``): by default the
    within-pair dominance, ``cliffs="independent"`` for left and right scores taken as two
    samples. Each test's p-values over the themes are adjusted together (``adjust``).

    Returns a table of the same kind (lists, dicts and numpy in: pandas out), one row per theme
    and test: ``theme, test, n, statistic, pvalue, adjusted_pvalue, low, high``. The number
    columns are nullable (pandas ``Float64``; polars and pyarrow nulls), and a value that does
    not exist is missing, never NaN: ``low`` and ``high`` for the tests without an interval
    (sign, Wilcoxon), and every number of a test that has no result for a theme. Such a row is
    still there, with ``n``: a theme with fewer than two complete pairs (nothing is tested), or
    Wilcoxon under the normal approximation when every difference is zero (n > 13; scipy's
    p-value is NaN, see ``wilcoxon``). A test without a p-value cannot reject, so it is left
    out of the adjustment: the others are adjusted as a family of the themes that have a
    p-value, and its ``adjusted_pvalue`` is missing too.

    >>> import pandas as pd
    >>> t = pd.DataFrame({"left_financial_reporting": [3, 3, 4, 2], "right_financial_reporting": [1, 2, 3, 3],
    ...                   "left_financial_management": [3, 3, 3, 2], "right_financial_management": [1, 1, 2, 2],
    ...                   "left_financial_standing": [4, 3, 3, 3], "right_financial_standing": [1, 2, 3, 1],
    ...                   "left_internal_control": [3, 3, 3, 3], "right_internal_control": [2, 2, 3, 2],
    ...                   "left_value_for_money": [3, 4, 3, 3], "right_value_for_money": [2, 2, 2, 2]})
    >>> compare(t, "ale", tests=["sign"])[["theme", "n", "statistic", "pvalue", "adjusted_pvalue"]]
                      theme  n  statistic  pvalue  adjusted_pvalue
    0   financial_reporting  4        3.0   0.625              1.0
    1  financial_management  4        3.0    0.25              1.0
    2    financial_standing  4        3.0    0.25              1.0
    3      internal_control  4        3.0    0.25              1.0
    4       value_for_money  4        4.0   0.125            0.625
    """
    from .scoring import _framework

    fw = _framework(framework)
    tests = [tests] if isinstance(tests, str) else list(tests)
    if not tests:
        raise CoterminousValueError(f"tests: name at least one of {list(_TESTS)}")
    for t in tests:
        _choice(t, _TESTS, "tests")
    _choice(adjust, ("holm", "bonferroni"), "adjust")
    _choice(alternative, ("two-sided", "less", "greater"), "alternative")
    _choice(cliffs, ("paired", "independent"), "cliffs")
    level = _confidence(confidence_level)
    kind = _frame.kind_of(paired, "paired")
    if kind == _frame.NUMPY:
        raise CoterminousTypeError("paired: needs named left_<theme> and right_<theme> columns; pass a DataFrame, a Table or a dict")
    out_kind = _frame.PANDAS if kind == _frame.DICT else kind
    names = [f"{side}_{t}" for t in fw.themes for side in ("left", "right")]
    _frame.require_columns(paired, kind, names, "paired")
    lo, hi = fw.scale.min, fw.scale.max
    rows: list[dict[str, Any]] = []
    for theme in fw.themes:
        cols = []
        for side in ("left", "right"):
            name = f"{side}_{theme}"
            values, mask = _frame.numeric_column(paired, kind, name, "paired")
            values = np.asarray(values, dtype=np.float64)
            ok = np.ones(len(values), dtype=bool) if mask is None else ~np.asarray(mask)
            bad = ok & ((values != np.round(values)) | (values < lo) | (values > hi))
            if bad.any():
                i = int(np.argmax(bad))
                raise ScoreError(f"paired: column {name!r}, row {i}: {values[i]:g} is not an integer score from {lo} to {hi} ({fw.name})")
            cols.append((values, ok))
        keep = cols[0][1] & cols[1][1]
        left, right = cols[0][0][keep], cols[1][0][keep]
        n = int(keep.sum())
        if n < 2:
            for t in tests:
                rows.append({"theme": theme, "test": t, "n": n, "statistic": None, "pvalue": None, "low": None, "high": None})
            continue
        for r in _run_tests(left, right, tests, alternative, level, cliffs == "paired"):
            if math.isnan(r["pvalue"]):  # Wilcoxon with nothing to rank: no p-value (see the docstring)
                r["pvalue"] = None
            rows.append({"theme": theme, "n": n, **r})
    adjusted: list[float | None] = [None] * len(rows)
    for t in tests:
        idx = [i for i, r in enumerate(rows) if r["test"] == t and r["pvalue"] is not None]
        if idx:
            p = np.array([rows[i]["pvalue"] for i in idx])
            for i, v in zip(idx, (holm(p) if adjust == "holm" else bonferroni(p)).tolist()):
                adjusted[i] = v
    columns: dict[str, np.ndarray | tuple[np.ndarray, np.ndarray]] = {
        "theme": np.array([r["theme"] for r in rows], dtype=object),
        "test": np.array([r["test"] for r in rows], dtype=object),
        "n": np.array([r["n"] for r in rows], dtype=np.int64),
        "statistic": _nullable([r["statistic"] for r in rows]),
        "pvalue": _nullable([r["pvalue"] for r in rows]),
        "adjusted_pvalue": _nullable(adjusted),
        "low": _nullable([r["low"] for r in rows]),
        "high": _nullable([r["high"] for r in rows]),
    }
    return _table(out_kind, columns)


def _nullable(values: list[float | None]) -> tuple[np.ndarray, np.ndarray]:
    """float64 values and a missing-value mask (True where None)."""
    mask = np.array([v is None for v in values], dtype=bool)
    return np.array([0.0 if v is None else v for v in values], dtype=np.float64), mask


def _table(kind: str, columns: dict[str, np.ndarray | tuple[np.ndarray, np.ndarray]]) -> Any:
    built = {}
    for k, v in columns.items():
        if isinstance(v, tuple):  # nullable: values and a missing-value mask
            built[k] = _frame.to_series(kind, k, v[0], v[1])
        elif v.dtype == object and kind == _frame.POLARS:
            import polars as pl

            built[k] = pl.Series(k, v.tolist(), dtype=pl.String)
        elif v.dtype == object and kind == _frame.PYARROW:
            import pyarrow as pa  # type: ignore[import-untyped]

            built[k] = pa.array(v.tolist(), pa.string())
        else:
            built[k] = _frame.to_series(kind, k, v)
    return _frame.new_table(kind, built)

