"""Shared helpers of the statistics tests: seeded 1-4 score pairs, a float comparison and a
reference Holm adjustment."""

from __future__ import annotations

import numpy as np

ZERO_METHODS = ["wilcox", "pratt", "zsplit"]
METHODS = ["auto", "exact", "asymptotic"]
ALTERNATIVES = ["two-sided", "less", "greater"]


def scores(seed: int, n: int, share_differing: float = 0.35) -> tuple[np.ndarray, np.ndarray]:
    """Paired 1-4 scores where a share of pairs differ by one point."""
    g = np.random.default_rng(seed)
    x = g.integers(1, 5, n)
    step = np.where(g.random(n) < 0.5, -1, 1)
    differ = g.random(n) < share_differing
    y = np.clip(x + np.where(differ, step, 0), 1, 4)
    return x, y


def close(a: float, b: float, rtol: float = 1e-9) -> bool:
    if np.isnan(a) and np.isnan(b):
        return True
    return abs(a - b) <= rtol * abs(b) + 1e-14
