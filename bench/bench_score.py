"""W1: ct.score on a polars DataFrame of 10 million rows x 5 themes (int8, 1-4): validity, total
and overall by the CPA rule table, against the same computation in polars (lazy) and numpy.

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python bench/bench_score.py [rows]
"""

from __future__ import annotations

import os
import sys

import numpy as np
import polars as pl

sys.path.insert(0, os.path.dirname(__file__))
import coterminous as ct
from _timing import median_time, report

N = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000
CPA = ct.Framework.builtin("cpa_use_of_resources")
THEMES = CPA.themes


def data() -> pl.DataFrame:
    rng = np.random.default_rng(20081)
    return pl.DataFrame({t: rng.integers(1, 5, size=N, dtype=np.int8) for t in THEMES})


def polars_lazy(df: pl.DataFrame) -> pl.DataFrame:
    cols = [pl.col(t) for t in THEMES]
    n_at_least = lambda v: pl.sum_horizontal([(c >= v).cast(pl.Int8) for c in cols])  # noqa: E731
    lowest = pl.min_horizontal(cols)
    out = (
        df.lazy()
        .with_columns(
            _valid=pl.all_horizontal([c.is_between(1, 4) & c.is_not_null() for c in cols]),
            total=pl.sum_horizontal(cols).cast(pl.Int32),
            overall=pl.when((n_at_least(4) >= 2) & (lowest >= 3))
            .then(4)
            .when((n_at_least(3) >= 3) & (lowest >= 2))
            .then(3)
            .when(n_at_least(2) >= 3)
            .then(2)
            .otherwise(1)
            .cast(pl.Int32),
        )
        .collect()
    )
    if not out["_valid"].all():
        raise ValueError("invalid scores")
    return out.drop("_valid")


def numpy_version(arrays: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    valid = np.ones(len(arrays[0]), dtype=bool)
    for a in arrays:
        valid &= (a >= 1) & (a <= 4)
    if not valid.all():
        raise ValueError("invalid scores")
    total = np.zeros(len(arrays[0]), dtype=np.int32)
    ge = {v: np.zeros(len(arrays[0]), dtype=np.int8) for v in (2, 3, 4)}
    lowest = arrays[0].copy()
    for a in arrays:
        total += a
        np.minimum(lowest, a, out=lowest)
        for v in (2, 3, 4):
            ge[v] += a >= v
    overall = np.select(
        [(ge[4] >= 2) & (lowest >= 3), (ge[3] >= 3) & (lowest >= 2), ge[2] >= 3], [4, 3, 2], default=1
    ).astype(np.int32)
    return total, overall


def main() -> None:
    df = data()
    arrays = [df[t].to_numpy() for t in THEMES]
    t_ct, ours = median_time(lambda: ct.score(df, CPA))
    t_pl, pl_out = median_time(lambda: polars_lazy(df))
    t_np, np_out = median_time(lambda: numpy_version(arrays))
    # cross-check
    assert ours["total"].equals(pl_out["total"]) and ours["overall"].equals(pl_out["overall"])
    assert np.array_equal(ours["total"].to_numpy(), np_out[0]) and np.array_equal(ours["overall"].to_numpy(), np_out[1])
    faster = "polars lazy" if t_pl <= t_np else "numpy"
    report(
        f"W1: score {N:,} rows x 5 themes (int8), validity + total + overall; threads={ct_threads()}",
        [("coterminous.score", t_ct), ("polars lazy", t_pl), ("numpy", t_np)],
        "coterminous.score",
        (faster, 0.5),
    )


def ct_threads() -> str:
    return os.environ.get("RAYON_NUM_THREADS", str(os.cpu_count()))


if __name__ == "__main__":
    main()
