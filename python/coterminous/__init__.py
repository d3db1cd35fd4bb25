"""coterminous: score public bodies by assessment frameworks and pair co-terminous bodies.

The scoring half validates ordinal theme scores against a framework (JSON data), derives
totals and overall scores by the framework's rule table, and summarises by group. Tables in,
the same kind of table out: pandas, polars, pyarrow (and dicts of numpy arrays).
"""

from __future__ import annotations

from . import datasets, errors, plot, stats
from ._core import __version__
from .crosswalk import apportion, best_fit, chain
from .errors import (
    ColumnNotFoundError,
    CoterminousError,
    CoterminousTypeError,
    CoterminousValueError,
    FrameworkError,
    ScoreError,
    TieError,
)
from .evaluation import evaluate_pairs
from .framework import Framework, Scale
from .names import name_candidates, normalize_name, pair_names
from .pairing import assign, candidates, gaps, overlap, pair, relationships, sensitivity
from .replication import Report, replicate
from .scoring import score
from .stats import bonferroni, bootstrap, cliffs_delta, compare, holm, permutation_test, sign_test, wilcoxon
from .summary import distribution, modes

__all__ = [
    "__version__",
    "apportion",
    "assign",
    "best_fit",
    "chain",
    "bonferroni",
    "bootstrap",
    "candidates",
    "cliffs_delta",
    "ColumnNotFoundError",
    "compare",
    "CoterminousError",
    "CoterminousTypeError",
    "CoterminousValueError",
    "datasets",
    "distribution",
    "errors",
    "evaluate_pairs",
    "Framework",
    "FrameworkError",
    "gaps",
    "holm",
    "modes",
    "normalize_name",
    "overlap",
    "pair",
    "pair_names",
    "name_candidates",
    "permutation_test",
    "plot",
    "relationships",
    "replicate",
    "Report",
    "Scale",
    "score",
    "ScoreError",
    "sensitivity",
    "sign_test",
    "stats",
    "TieError",
    "wilcoxon",
]


def __dir__() -> list[str]:
    """The public API only: what ``__all__`` names (no imported helpers, no internal modules)."""
    return sorted(__all__)
