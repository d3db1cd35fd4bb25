"""Paired ordinal statistics for 1-4 scores: the sign test, the Wilcoxon signed-rank test,
Cliff's delta, seeded bootstrap intervals and permutation tests, Holm and Bonferroni
adjustments, and ``compare`` for every theme of a paired table at once.

Conventions follow ``scipy.stats``: results carry ``statistic`` and ``pvalue`` (and
``confidence_interval`` with ``low``/``high`` where one applies), differences are ``x - y``,
and ``alternative`` is ``"two-sided"``, ``"less"`` or ``"greater"``. Randomness takes
``rng=`` an int seed or a ``numpy.random.Generator``: one seed gives one answer whatever the
number of threads.

Modules: ``results`` (result objects), ``ordinal`` (sign test, Wilcoxon, Cliff's delta, Holm,
Bonferroni), ``resampling`` (bootstrap, permutation test), ``comparison`` (``compare``).
"""

from __future__ import annotations

from ._input import MAX_RESAMPLES
from .comparison import compare
from .ordinal import bonferroni, cliffs_delta, holm, sign_test, wilcoxon
from .resampling import bootstrap, permutation_test
from .results import (
    BootstrapResult,
    CliffsDeltaResult,
    ConfidenceInterval,
    PermutationTestResult,
    SignTestResult,
    WilcoxonResult,
)

__all__ = [
    "MAX_RESAMPLES",
    "BootstrapResult",
    "CliffsDeltaResult",
    "ConfidenceInterval",
    "PermutationTestResult",
    "SignTestResult",
    "WilcoxonResult",
    "bonferroni",
    "bootstrap",
    "cliffs_delta",
    "compare",
    "holm",
    "permutation_test",
    "sign_test",
    "wilcoxon",
]
