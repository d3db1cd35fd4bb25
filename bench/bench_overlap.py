"""W3: ct.overlap of 2.6 million postcode rows (about 300 left codes, 350 right codes, short
strings, float weights, each left unit spread over one to three right units) given as a polars
DataFrame, against polars group_by + joins computing the same table. Same seeded data; results
cross-checked.

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python bench/bench_overlap.py
"""

from __future__ import annotations

import statistics
import time

import numpy as np
import polars as pl

import coterminous as ct

N, NL, NR, REPEATS = 2_600_000, 300, 350, 7


def data(seed: int = 0) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    left = rng.integers(0, NL, N)
    spread = rng.integers(1, 4, NL)  # one to three right units per left unit
    first = rng.permutation(NR)[:NL] if NR >= NL else rng.integers(0, NR, NL)
    right = (first[left] + rng.integers(0, 3, N) % spread[left]) % NR
    lcodes = np.array([f"Q{1000 + i}" for i in range(NL)])
    rcodes = np.array([f"E06{i:05d}" for i in range(NR)])
    return pl.DataFrame(
        {
            "pct": pl.Series(lcodes[left]),
            "lad": pl.Series(rcodes[right]),
            "population": rng.uniform(0.0, 120.0, N).round(1),
        }
    )


def polars_overlap(df: pl.DataFrame) -> pl.DataFrame:
    pairs = df.group_by("pct", "lad").agg(pl.col("population").sum().alias("weight"))
    lt = pairs.group_by("pct").agg(pl.col("weight").sum().alias("lt"))
    rt = pairs.group_by("lad").agg(pl.col("weight").sum().alias("rt"))
    out = (
        pairs.join(lt, on="pct")
        .join(rt, on="lad")
        .select(
            pl.col("pct").alias("left"),
            pl.col("lad").alias("right"),
            "weight",
            (pl.col("weight") / pl.col("lt")).alias("left_share"),
            (pl.col("weight") / pl.col("rt")).alias("right_share"),
        )
        .with_columns(pl.min_horizontal("left_share", "right_share").alias("coterminosity"))
        .sort("left", "right")
    )
    return out


def timeit(f, *args, **kw) -> tuple[float, object]:
    times, out = [], None
    for _ in range(REPEATS):
        t = time.perf_counter()
        out = f(*args, **kw)
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


def main() -> None:
    df = data()
    print(
        f"W3: {N:,} rows, {df['pct'].n_unique()} left codes, {df['lad'].n_unique()} right codes, "
        f"string type {df['pct'].dtype}, median of {REPEATS} runs, polars {pl.__version__}, threads {pl.thread_pool_size()}"
    )
    t_ct, out = timeit(ct.overlap, df, left="pct", right="lad", weight="population")
    t_pl, ref = timeit(polars_overlap, df)
    assert out["left"].to_list() == ref["left"].to_list() and out["right"].to_list() == ref["right"].to_list()
    for c in ("weight", "left_share", "right_share", "coterminosity"):
        np.testing.assert_allclose(out[c].to_numpy(), ref[c].to_numpy(), rtol=1e-9)
    print(f"  {len(out)} pairs, same table (rtol 1e-9)")
    print(f"  ct.overlap                 {t_ct * 1e3:8.1f} ms")
    print(f"  polars group_by + joins    {t_pl * 1e3:8.1f} ms")
    print(f"  ratio coterminous / polars: {t_ct / t_pl:.2f} (target <= 0.6)")


if __name__ == "__main__":
    main()
