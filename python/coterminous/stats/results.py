"""Result objects of the statistics functions, as ``scipy.stats`` names their fields."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple


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
