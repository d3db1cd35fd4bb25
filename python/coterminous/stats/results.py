"""Result objects of the statistics functions, with the field names ``scipy.stats`` uses."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np

from .. import _display


class _Displayed:
    """Notebook displays of a result: its fields as an HTML or a Markdown table."""

    def _repr_html_(self) -> str:
        return _display.result_html(self)

    def _repr_markdown_(self) -> str:
        return _display.result_markdown(self)


class _StatisticPvalue(_Displayed):
    """Unpacks as ``statistic, pvalue = result``, as scipy's results of tests do; the other
    fields stay attributes only."""

    statistic: Any
    pvalue: Any

    def __iter__(self) -> Iterator[Any]:
        return iter((self.statistic, self.pvalue))

    def __len__(self) -> int:
        return 2

    def __getitem__(self, i: int) -> Any:
        return (self.statistic, self.pvalue)[i]


class ConfidenceInterval(NamedTuple):
    """A confidence interval.

    Attributes
    ----------
    low : float
        Lower end (``-inf`` for a one-sided ``alternative="less"`` interval).
    high : float
        Upper end (``inf`` for ``alternative="greater"``).
    """

    low: float
    high: float


@dataclass(frozen=True)
class SignTestResult(_StatisticPvalue):
    """The result of ``sign_test``.

    Attributes
    ----------
    statistic : int
        The number of positive differences; zeros are left out of the test.
    pvalue : float
        The exact binomial p-value.
    n_positive, n_negative, n_zero : int
        The number of differences of each sign.
    """

    statistic: int
    pvalue: float
    n_positive: int
    n_negative: int
    n_zero: int


@dataclass(frozen=True)
class WilcoxonResult(_StatisticPvalue):
    """The result of ``wilcoxon``, as ``scipy.stats.wilcoxon`` gives it.

    Attributes
    ----------
    statistic : float
        ``min(r_plus, r_minus)`` for a two-sided test and ``r_plus`` otherwise.
    pvalue : float
        The p-value (NaN exactly where scipy's is).
    zstatistic : float or None
        The normal deviate; None unless the normal approximation was used and is defined
        (missing, not NaN, so that equal results compare equal).
    method : str
        Which of ``"exact"``, ``"asymptotic"`` or ``"permutation"`` ran.
    """

    statistic: float
    pvalue: float
    zstatistic: float | None
    method: str


@dataclass(frozen=True)
class CliffsDeltaResult(_StatisticPvalue):
    """The result of ``cliffs_delta``.

    Attributes
    ----------
    statistic : float
        Cliff's delta, from -1 to 1.
    pvalue : float
        Two-sided, from the permutation null of delta: the sign-flip law when paired (the sign
        test's), the law over the splits of the pooled values otherwise.
    confidence_interval : ConfidenceInterval
        The asymmetric interval of Cliff (1993) and Feng & Cliff (2004).
    standard_error : float
        The standard error of the estimate.
    n_greater, n_less, n_ties : int
        Comparisons (pairs, when paired) where ``a`` is greater, less, or tied.
    paired : bool
        Whether this is the within-pair dominance.
    pvalue_method : str
        ``"exact"`` (the whole permutation law counted: always when paired, and for two
        samples while ``2 N**2 k**2 <= 1e8``, ``N`` all values, ``k`` the smaller sample) or
        ``"asymptotic"`` (its normal approximation, as ``scipy.stats.mannwhitneyu``).
    """

    statistic: float
    pvalue: float
    confidence_interval: ConfidenceInterval
    standard_error: float
    n_greater: int
    n_less: int
    n_ties: int
    paired: bool
    pvalue_method: str


@dataclass(frozen=True)
class BootstrapResult(_Displayed):
    """The result of ``bootstrap``.

    Attributes
    ----------
    statistic : float
        The statistic of the data.
    confidence_interval : ConfidenceInterval
        The bootstrap interval.
    standard_error : float or None
        The standard deviation of the bootstrap distribution (ddof=1); None with one resample.
    n_resamples : int
        Resamples drawn.
    method : str
        ``"percentile"``, ``"basic"`` or ``"bca"``.
    bootstrap_distribution : numpy.ndarray
        The resampled statistics (read-only float64), as ``scipy.stats.bootstrap`` gives them:
        in draw order for a callable statistic, ascending for the compiled ones (which count
        resampled values rather than keep their order). Not compared by ``==``.
    """

    statistic: float
    confidence_interval: ConfidenceInterval
    standard_error: float | None
    n_resamples: int
    method: str
    bootstrap_distribution: np.ndarray = field(compare=False, repr=False)


@dataclass(frozen=True)
class PermutationTestResult(_StatisticPvalue):
    """The result of ``permutation_test``.

    Attributes
    ----------
    statistic : float
        The observed statistic.
    pvalue : float
        The p-value, by scipy's rules.
    n_resamples : int
        Resamples drawn, or the size of the whole permutation set when ``exact``.
    exact : bool
        Whether the whole permutation set was used.
    """

    statistic: float
    pvalue: float
    n_resamples: int
    exact: bool
