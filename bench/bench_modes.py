"""W2: ct.modes of 10 million rows x 5 themes in 10,000 integer groups (ties low), against
numpy (bincount on group*5+value, then argmax, which takes the lowest tied value) and polars
(group_by in order of appearance, mode().min()).

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python bench/bench_modes.py [rows]
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
G = 10_000
THEMES = ct.Framework.builtin("ale").themes


def data() -> pl.DataFrame:
    rng = np.random.default_rng(20082)
    cols = {"group": rng.integers(0, G, size=N, dtype=np.int64)}
    cols.update({t: rng.integers(1, 5, size=N, dtype=np.int8) for t in THEMES})
    return pl.DataFrame(cols)


def numpy_modes(group: np.ndarray, arrays: list[np.ndarray]) -> np.ndarray:
    base = group * 5
    out = np.empty((G, len(arrays)), dtype=np.int64)
    for j, a in enumerate(arrays):
        counts = np.bincount(base + a, minlength=G * 5).reshape(G, 5)
        out[:, j] = counts.argmax(axis=1)
    return out


def polars_modes(df: pl.DataFrame) -> pl.DataFrame:
    return df.group_by("group", maintain_order=True).agg([pl.col(t).mode().min() for t in THEMES])


def main() -> None:
    df = data()
    group = df["group"].to_numpy()
    arrays = [df[t].to_numpy() for t in THEMES]
    t_ct, ours = median_time(lambda: ct.modes(df, by="group", columns=THEMES, ties="low"), repeat=5)
    t_np, np_out = median_time(lambda: numpy_modes(group, arrays), repeat=5)
    t_pl, pl_out = median_time(lambda: polars_modes(df), repeat=3)
    order = ours["group"].to_numpy()
    assert np.array_equal(ours.select(THEMES).to_numpy(), np_out[order])
    assert (
        ours.select(["group", *THEMES])
        .cast({t: pl.Int64 for t in THEMES})
        .equals(pl_out.cast({t: pl.Int64 for t in THEMES}))
    )
    report(
        f"W2: modes of {N:,} rows x 5 themes in {G:,} integer groups, ties low",
        [("coterminous.modes", t_ct), ("numpy bincount + argmax", t_np), ("polars group_by mode().min()", t_pl)],
        "coterminous.modes",
        ("numpy bincount + argmax", 0.2),
    )


if __name__ == "__main__":
    main()
