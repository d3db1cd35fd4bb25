"""Shared references for the pairing tests: a maximum-weight matching total by scipy and a
random small-area lookup."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment


def scipy_best_total(w: np.ndarray) -> float:
    """Maximum-weight matching total by scipy: each row may take its own dummy column."""
    n, m = w.shape
    if n == 0 or m == 0 or not (w > 0).any():
        return 0.0
    big = float(w.max()) + 1.0
    cost = np.full((n, m + n), np.inf)
    cost[:, :m] = np.where(w > 0, big - w, np.inf)
    cost[np.arange(n), m + np.arange(n)] = big
    # linear_sum_assignment takes inf as forbidden
    r, c = linear_sum_assignment(cost)
    real = c < m
    return float(w[r[real], c[real]].sum())


def random_lookup(seed: int, n: int = 5000, nl: int = 40, nr: int = 50, int_codes: bool = False):

    rng = np.random.default_rng(seed)
    lcode = rng.integers(0, nl, n)
    # each left unit spread over one to three right units
    spread = rng.integers(1, 4, nl)
    first = rng.integers(0, nr, nl)
    rcode = (first[lcode] + rng.integers(0, 3, n) % spread[lcode]) % nr
    left = lcode * 7 + 100 if int_codes else np.array([f"Q{c:04d}" for c in lcode], dtype=object)
    right = rcode if int_codes else np.array([f"E06{c:05d}" for c in rcode], dtype=object)
    pop = rng.uniform(0, 100, n).round(2)
    pop[rng.random(n) < 0.05] = 0.0
    return pd.DataFrame({"pct": left, "la": right, "pop": pop})
