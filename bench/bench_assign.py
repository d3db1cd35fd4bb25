"""W6: ct.assign on a sparse 3000 x 3000 matrix with about 9,000 edges, against scipy's
min_weight_full_bipartite_matching on the matrix augmented with a dummy column per row (so rows
may stay unmatched). Same seeded data for both; the optimum totals are cross-checked.

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python bench/bench_assign.py
"""

from __future__ import annotations

import statistics
import time

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

import coterminous as ct

N, M, EDGES, REPEATS = 3000, 3000, 9000, 15


def data(seed: int = 0) -> sp.csr_array:
    rng = np.random.default_rng(seed)
    i, j = rng.integers(0, N, EDGES), rng.integers(0, M, EDGES)
    w = sp.csr_array((rng.uniform(0.01, 1.0, EDGES), (i, j)), shape=(N, M))
    w.sum_duplicates()
    return w


def scipy_assign(w: sp.csr_array) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """What a user would write: a dummy column per row, costs big - w, keep the real pairs."""
    n, m = w.shape
    coo = w.tocoo()
    big = float(coo.data.max()) + 1.0
    rows = np.concatenate([coo.row, np.arange(n)])
    cols = np.concatenate([coo.col, m + np.arange(n)])
    cost = np.concatenate([big - coo.data, np.full(n, big)])
    aug = sp.csr_array((cost, (rows, cols)), shape=(n, m + n))
    r, c = min_weight_full_bipartite_matching(aug)
    real = c < m
    r, c = r[real], c[real]
    return r, c, w[r, c]


def timeit(f, *args) -> tuple[float, object]:
    times, out = [], None
    for _ in range(REPEATS):
        t = time.perf_counter()
        out = f(*args)
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


def main() -> None:
    w = data()
    print(f"W6: {N} x {M}, {w.nnz} edges, median of {REPEATS} runs")
    t_ct, out = timeit(ct.assign, w)
    t_sp, (r, c, sw) = timeit(scipy_assign, w)
    total_ct, total_sp = float(out["weight"].sum()), float(np.sum(sw))
    assert abs(total_ct - total_sp) <= 1e-9 * total_sp, (total_ct, total_sp)
    print(f"  optimum: coterminous {total_ct:.9f} ({len(out)} pairs), scipy {total_sp:.9f} ({len(r)} pairs)")
    print(f"  ct.assign (pandas out)                 {t_ct * 1e3:8.2f} ms")
    print(f"  scipy min_weight_full_bipartite_matching {t_sp * 1e3:8.2f} ms")
    # scipy's solver alone, on an augmented matrix built beforehand (the floor of its time)
    n, m = w.shape
    coo = w.tocoo()
    big = float(coo.data.max()) + 1.0
    aug = sp.csr_array(
        (
            np.concatenate([big - coo.data, np.full(n, big)]),
            (np.concatenate([coo.row, np.arange(n)]), np.concatenate([coo.col, m + np.arange(n)])),
        ),
        shape=(n, m + n),
    )
    t_core, _ = timeit(min_weight_full_bipartite_matching, aug)
    print(f"  scipy solver alone (augmented matrix prebuilt) {t_core * 1e3:8.2f} ms")
    print(
        f"  ratio coterminous / scipy: {t_ct / t_sp:.2f} (target <= 1.0); against the solver alone {t_ct / t_core:.2f}"
    )


if __name__ == "__main__":
    main()
