"""Tests on paired ordinal data: the sign test, the Wilcoxon signed-rank test, Cliff's delta,
and Holm and Bonferroni adjustments. The compiled core parses the options and checks their
ranges (once, in its option classes); this module coerces the inputs and builds the results."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Literal, overload

import numpy as np

from .. import _core
from .._frame import samples
from ..errors import CoterminousTypeError
from ..framework import Framework
from ._input import _as_float, _check_scores, _difference, _numbers, _pair, _real, _signs, _vector, renamed
from .results import CliffsDeltaResult, ConfidenceInterval, SignTestResult, WilcoxonResult

Alternative = Literal["two-sided", "less", "greater"]


def sign_test(
    x: Any, y: Any, *, alternative: Alternative = "two-sided", framework: Framework | str | None = None
) -> SignTestResult:
    """The exact sign test of paired samples.

    The number of positive differences ``x - y`` is tested against Binomial(n, 1/2), with n
    the number of non-zero differences (zeros are dropped). The p-value is
    ``scipy.stats.binomtest(n_positive, n, 0.5, alternative).pvalue``, to a relative error of
    about 1e-14 at any n (exact up to n = 120; at n = 5e7 closer to 50-digit arithmetic than
    scipy, whose incomplete beta is off there by up to 7e-12).
    Pairs are matched by position, ``x[i]`` with ``y[i]``: a pandas index is not aligned
    (``y.reindex(x.index)`` first to pair by label). Integers are subtracted exactly, however
    large.

    Parameters
    ----------
    x, y : sequence of numbers
        Paired samples of one length: lists, numpy arrays, or pandas, polars or pyarrow columns.
    alternative : {"two-sided", "less", "greater"}
        The alternative hypothesis on ``x - y``.
    framework : Framework or str, optional
        When given, every value must be an integer score on the framework's scale.

    Returns
    -------
    SignTestResult
        The number of positive differences, the p-value and the counts of each sign.

    Raises
    ------
    CoterminousValueError
        Samples of different lengths, missing or non-finite values, an unknown ``alternative``.
    CoterminousTypeError
        Values that are not numbers.
    ScoreError
        A value off the framework's scale.

    Examples
    --------
    >>> r = sign_test([3, 3, 4, 2, 3], [1, 2, 4, 1, 1])
    >>> r.n_positive, r.n_negative, r.n_zero, r.pvalue
    (4, 0, 1, 0.125)
    """
    xa, ya = _pair(x, y)
    _check_scores(xa, framework, "x")
    _check_scores(ya, framework, "y")
    r = _core.stats_sign_test(_signs(_difference(xa, ya)), _core.StatsTestOptions(alternative))
    return SignTestResult(r.statistic, r.pvalue, r.n_positive, r.n_negative, r.n_zero)


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
    """The Wilcoxon signed-rank test of ``x - y``, equal to ``scipy.stats.wilcoxon`` (1.17).

    Equal for every option, statistic and p-value, on tied data and zeros included: with
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

    Parameters
    ----------
    x, y : sequence of numbers
        Paired samples of one length.
    zero_method : {"wilcox", "pratt", "zsplit"}
        How zero differences are ranked, as in scipy.
    correction : bool
        Apply the continuity correction under the normal approximation.
    method : {"auto", "exact", "asymptotic"}
        How the p-value is found.
    alternative : {"two-sided", "less", "greater"}
        The alternative hypothesis on ``x - y``.
    framework : Framework or str, optional
        When given, every value must be an integer score on the framework's scale.

    Returns
    -------
    WilcoxonResult
        The statistic, the p-value, the normal deviate and the method that ran.

    Raises
    ------
    CoterminousValueError
        Samples of different lengths, missing or non-finite values, an unknown option, or one
        zero pair under ``method="auto"``.
    CoterminousTypeError
        Values that are not numbers, or ``correction`` not a bool.
    ScoreError
        A value off the framework's scale.

    Examples
    --------
    >>> r = wilcoxon([3, 3, 4, 2, 3, 2], [1, 2, 4, 1, 1, 3])
    >>> r.statistic, r.pvalue, r.method
    (2.0, 0.25, 'permutation')
    """
    xa, ya = _pair(x, y)
    _check_scores(xa, framework, "x")
    _check_scores(ya, framework, "y")
    if correction not in (True, False):
        raise CoterminousTypeError(f"correction: expected True or False, got {correction!r}")
    d = _as_float(_difference(xa, ya), "x - y")
    r = _core.stats_wilcoxon(d, zero_method, bool(correction), method, _core.StatsTestOptions(alternative))
    return WilcoxonResult(r.statistic, r.pvalue, None if math.isnan(r.zstatistic) else r.zstatistic, r.method)


@renamed(a="x", b="y")
def cliffs_delta(
    x: Any,
    y: Any,
    *,
    paired: bool = False,
    confidence_level: float = 0.95,
    framework: Framework | str | None = None,
) -> CliffsDeltaResult:
    """Cliff's delta, ``P(x > y) - P(x < y)``, with a confidence interval.

    Independent samples (``paired=False``): over all pairs ``(x_i, y_j)``. The variance is the
    consistent estimate of Cliff (1996, *Ordinal Methods for Behavioral Data Analysis*, eq.
    3.13), bounded below by ``(1 - d**2) / (m n - 1)``; the interval is the asymmetric one of
    Cliff (1993, *Psychological Bulletin* 114, 494-509) and Feng & Cliff (2004, *Journal of
    Modern Applied Statistical Methods* 3, 322-332):
    ``(d - d**3 -+ z s sqrt((1 - d**2)**2 + z**2 s**2)) / (1 - d**2 + z**2 s**2)``, which stays
    within [-1, 1].

    Paired samples (``paired=True``): the within-pair dominance ``P(x_i > y_i) - P(x_i < y_i)``
    (Cliff 1993; Feng 2007, *Behavior Research Methods* 39, 153-162), with the unbiased
    variance ``sum (s_i - d)**2 / (n (n - 1))`` of the pair signs ``s_i`` and the same interval.
    Pairs are matched by position, ``x[i]`` with ``y[i]``: a pandas index is not aligned
    (``y.reindex(x.index)`` first to pair by label). The samples were ``a, b`` before 0.2.0;
    those names now raise CoterminousTypeError pointing here.

    When the variance estimate is zero (every comparison one way, or every pair tied) the
    interval is the score interval with the variance taken at the bound, ``(1 - D**2) /
    n_eff`` (``n_eff = m n - 1``, or ``n`` paired): for ``d = 1`` its lower end is
    ``(n_eff - z**2) / (n_eff + z**2)``, twice Wilson's lower bound for ``n_eff`` successes
    out of ``n_eff``, less one.

    ``pvalue`` is two-sided, from the permutation null of delta, so that it is valid at any n
    (the Wald test ``d / s`` is not: on nine pairs it gave 1e-15, where no test can go below
    ``2 / 2**9``). Paired, each untied pair's sign flips with probability 1/2: the law of
    ``d`` is a binomial and the p-value is the exact sign test's, at every n. Two samples,
    ``d = 2 U / (m n) - 1`` with ``U`` the Mann-Whitney statistic (ties one half; Cliff 1996,
    sec. 3.4): its law over the ``C(m + n, m)`` splits of the pooled values is counted exactly
    while ``2 N**2 k**2 <= 1e8`` (``N = m + n``, ``k = min(m, n)``: about 60 values a sample),
    and above that approximated by the normal with tie and continuity corrections, as
    ``scipy.stats.mannwhitneyu(method="asymptotic")``. ``pvalue_method`` says which
    (``"exact"`` or ``"asymptotic"``).

    Parameters
    ----------
    x, y : sequence of numbers
        Two samples (of one length when ``paired``): lists, numpy arrays, or pandas, polars
        or pyarrow columns.
    paired : bool
        The within-pair dominance of paired samples instead of the two-sample delta.
    confidence_level : float
        Of the interval, strictly between 0 and 1.
    framework : Framework or str, optional
        When given, every value must be an integer score on the framework's scale.

    Returns
    -------
    CliffsDeltaResult
        The delta, its p-value, interval, standard error and the comparison counts.

    Raises
    ------
    CoterminousValueError
        Fewer than 2 values in a sample (2 pairs when paired), missing or non-finite values,
        paired samples of different lengths, a confidence level outside (0, 1).
    CoterminousTypeError
        Values or a confidence level that are not numbers, or the old names ``a=``/``b=``.
    ScoreError
        A value off the framework's scale.

    Examples
    --------
    >>> r = cliffs_delta([3, 3, 4, 2], [1, 2, 3, 3])
    >>> r.statistic, r.n_greater, r.n_less, r.n_ties
    (0.4375, 9, 2, 5)
    """
    xa, ya = _pair(x, y) if paired else (_numbers(x, "x"), _numbers(y, "y"))
    _check_scores(xa, framework, "x")
    _check_scores(ya, framework, "y")
    options = _core.StatsTestOptions("two-sided", _real(confidence_level, "confidence_level"))
    if paired:
        r = _core.stats_cliffs_delta_paired(_signs(_difference(xa, ya)), options)
    else:
        r = _core.stats_cliffs_delta(_as_float(xa, "x"), _as_float(ya, "y"), options)
    interval = ConfidenceInterval(r.low, r.high)
    return CliffsDeltaResult(
        r.statistic,
        r.pvalue,
        interval,
        r.standard_error,
        r.n_greater,
        r.n_less,
        r.n_ties,
        bool(paired),
        r.pvalue_method,
    )


@overload
def holm(pvalues: Sequence[float] | np.ndarray) -> np.ndarray: ...
@overload
def holm(pvalues: Any) -> Any: ...


def holm(pvalues: Any) -> Any:
    """Holm's step-down adjusted p-values (Holm 1979), in the input order.

    Parameters
    ----------
    pvalues : sequence of float
        Probabilities in [0, 1]: a list, a numpy array, or a pandas, polars or pyarrow column.

    Returns
    -------
    numpy.ndarray, or a column of the input's kind
        ``max_{j <= i} min(1, (m - j + 1) p_(j))`` in ascending order of p, returned in the
        input order (float64): a pandas Series with the input's index and name, a polars
        Series with its name, a pyarrow Array; numpy for anything else (lists included).

    Raises
    ------
    CoterminousValueError
        An empty sequence, a missing or NaN value, or a value outside [0, 1].

    Examples
    --------
    >>> holm([0.01, 0.04, 0.03, 0.005]).tolist()
    [0.03, 0.06, 0.06, 0.02]
    >>> import pandas as pd
    >>> holm(pd.Series([0.01, 0.04], index=["a", "b"]))
    a    0.02
    b    0.04
    dtype: float64
    """
    return samples.like(pvalues, _core.stats_holm(_vector(pvalues, "pvalues")))


@overload
def bonferroni(pvalues: Sequence[float] | np.ndarray) -> np.ndarray: ...
@overload
def bonferroni(pvalues: Any) -> Any: ...


def bonferroni(pvalues: Any) -> Any:
    """Bonferroni-adjusted p-values, ``min(1, m p)``.

    Parameters
    ----------
    pvalues : sequence of float
        Probabilities in [0, 1]: a list, a numpy array, or a pandas, polars or pyarrow column.

    Returns
    -------
    numpy.ndarray, or a column of the input's kind
        The adjusted p-values in the input order (float64), of the input's kind as ``holm``.

    Raises
    ------
    CoterminousValueError
        An empty sequence, a missing or NaN value, or a value outside [0, 1].

    Examples
    --------
    >>> bonferroni([0.01, 0.3]).tolist()
    [0.02, 0.6]
    """
    return samples.like(pvalues, _core.stats_bonferroni(_vector(pvalues, "pvalues")))
