"""W7: a council-level table moved to ICB level through a lookup of 2.6 million small units
(about 300 sources, 45 targets, float population weights), 10 indicators (4 extensive, 4
intensive with some missing values, 2 ordinal ratings 1-4): ``ct.overlap`` + ``ct.apportion``
against polars and pandas doing the same by hand, in one process, results cross-checked.

Two hand-written versions of each peer: "rows" joins the values onto every lookup row and
groups by target (the merge-then-group_by a notebook writes first), "pairs" groups the lookup by
(source, target) first and joins the values onto the pairs (the faster idiom).

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python bench/bench_crosswalk.py
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import polars as pl

import coterminous as ct
from _timing import median_time, report

N, NS, NT, REPEATS = 2_600_000, 300, 45, 5
EXT = [f"ext{i}" for i in range(4)]
INT = [f"int{i}" for i in range(4)]
ORD = ["rating0", "rating1"]


def data(seed: int = 0) -> tuple[pl.DataFrame, pl.DataFrame]:
    rng = np.random.default_rng(seed)
    source = rng.integers(0, NS, N)
    home = rng.integers(0, NT, NS)  # each source mostly in one target, 1 in 5 units elsewhere
    stray = rng.random(N) < 0.2
    target = np.where(stray, (home[source] + rng.integers(1, 3, N)) % NT, home[source])
    scodes = np.array([f"E{6000000 + i:08d}" for i in range(NS)])
    tcodes = np.array([f"E54{i:06d}" for i in range(NT)])
    lookup = pl.DataFrame(
        {"unit": np.arange(N), "la": scodes[source], "icb": tcodes[target], "pop": rng.uniform(0, 3000, N).round(0)}
    )
    cols: dict[str, object] = {"la": scodes}
    for c in EXT:
        cols[c] = rng.uniform(0, 1e4, NS)
    for c in INT:
        v = rng.uniform(0, 1, NS)
        cols[c] = pl.Series(c, np.where(rng.random(NS) < 0.1, np.nan, v)).fill_nan(None)
    for c in ORD:
        cols[c] = pl.Series(c, np.where(rng.random(NS) < 0.3, 0, rng.integers(1, 5, NS))).replace(0, None)
    return lookup, pl.DataFrame(cols)


def coterminous(lookup: pl.DataFrame, values: pl.DataFrame) -> pl.DataFrame:
    ov = ct.overlap(lookup, left="la", right="icb", weight="pop")
    return ct.apportion(
        values, ov, on="la", extensive=EXT, intensive=INT, ordinal={c: (1, 4) for c in ORD}, errors="raise"
    )


def _polars_moves(frame: pl.DataFrame, weight: str) -> list[pl.Expr]:
    w = pl.col(weight)
    exprs: list[pl.Expr] = [w.sum().alias("_total")]
    exprs += [(pl.col(c) * w / pl.col("_src_total")).sum().alias(c) for c in EXT]
    for c in INT:
        exprs.append(((pl.col(c) * w).sum() / w.filter(pl.col(c).is_not_null()).sum()).alias(c))
    for c in ORD:
        covered = w.filter(pl.col(c).is_not_null()).sum()
        exprs += [(w.filter(pl.col(c) == k).sum() / covered).alias(f"{c}_share_{k}") for k in range(1, 5)]
    return exprs


def polars_rows(lookup: pl.DataFrame, values: pl.DataFrame) -> pl.DataFrame:
    j = lookup.with_columns(pl.col("pop").sum().over("la").alias("_src_total")).join(values, on="la", how="left")
    return j.group_by("icb").agg(_polars_moves(j, "pop")).sort("icb")


def polars_pairs(lookup: pl.DataFrame, values: pl.DataFrame) -> pl.DataFrame:
    pairs = lookup.group_by("la", "icb").agg(pl.col("pop").sum().alias("w"))
    pairs = pairs.with_columns(pl.col("w").sum().over("la").alias("_src_total")).join(values, on="la", how="left")
    return pairs.group_by("icb").agg(_polars_moves(pairs, "w")).sort("icb")


def pandas_pairs(lookup: pd.DataFrame, values: pd.DataFrame) -> pd.DataFrame:
    pairs = lookup.groupby(["la", "icb"], as_index=False, sort=False)["pop"].sum()
    pairs["_src_total"] = pairs.groupby("la")["pop"].transform("sum")
    return _pandas_moved(pairs.merge(values, on="la", how="left"))


def pandas_rows(lookup: pd.DataFrame, values: pd.DataFrame) -> pd.DataFrame:
    j = lookup.assign(_src_total=lookup.groupby("la")["pop"].transform("sum")).merge(values, on="la", how="left")
    return _pandas_moved(j)


def _pandas_moved(j: pd.DataFrame) -> pd.DataFrame:
    """The columns moved to ICBs from ``j``: rows (pairs, or small units) with ``icb``, ``pop``,
    the source's total ``_src_total`` and the source's values."""
    out = {}
    for c in EXT:
        out[c] = (j[c] * j["pop"] / j["_src_total"]).groupby(j["icb"]).sum()
    for c in INT:
        covered = j["pop"].where(j[c].notna(), 0.0).groupby(j["icb"]).sum()
        out[c] = (j[c] * j["pop"]).groupby(j["icb"]).sum() / covered
    for c in ORD:
        covered = j["pop"].where(j[c].notna(), 0.0).groupby(j["icb"]).sum()
        for k in range(1, 5):
            out[f"{c}_share_{k}"] = j["pop"].where(j[c] == k, 0.0).groupby(j["icb"]).sum() / covered
    return pd.DataFrame(out).sort_index().reset_index()


def cross_check(ours: pl.DataFrame, ref: pd.DataFrame | pl.DataFrame, name: str) -> None:
    ref = ref.to_pandas() if isinstance(ref, pl.DataFrame) else ref
    assert ours["right"].to_list() == ref["icb"].tolist(), name
    for c in [*EXT, *INT] + [f"{c}_share_{k}" for c in ORD for k in range(1, 5)]:
        np.testing.assert_allclose(ours[c].to_numpy(), ref[c].to_numpy(dtype=float), rtol=1e-9, err_msg=f"{name}: {c}")


def main() -> None:
    lookup, values = data()
    lookup_pd, values_pd = lookup.to_pandas(), values.to_pandas()
    print(
        f"W7: {N:,} lookup rows, {NS} sources, {NT} targets, {len(EXT) + len(INT) + len(ORD)} indicators "
        f"({len(EXT)} extensive, {len(INT)} intensive, {len(ORD)} ordinal 1-4); median of {REPEATS} runs; "
        f"polars {pl.__version__} ({pl.thread_pool_size()} threads), pandas {pd.__version__}"
    )
    rows = []
    t, ours = median_time(lambda: coterminous(lookup, values), repeat=REPEATS)
    rows.append(("ct.overlap + ct.apportion", t))
    for name, fn, args in (
        ("polars pairs (group_by, join, agg)", polars_pairs, (lookup, values)),
        ("polars rows (join, group_by agg)", polars_rows, (lookup, values)),
        ("pandas pairs (groupby, merge, groupby)", pandas_pairs, (lookup_pd, values_pd)),
        ("pandas rows (merge, groupby)", pandas_rows, (lookup_pd, values_pd)),
    ):
        t, ref = median_time(lambda fn=fn, args=args: fn(*args), repeat=REPEATS)
        cross_check(ours, ref, name)
        rows.append((name, t))
    print(f"  {len(ours)} targets, {ours.width} columns; every peer's table agrees (rtol 1e-9)")
    report("W7 medians", rows, "ct.overlap + ct.apportion", target=("polars rows (join, group_by agg)", 0.3))
    t_pairs = dict(rows)["polars pairs (group_by, join, agg)"]
    print(f"  against the faster polars idiom (pairs first): {dict(rows)['ct.overlap + ct.apportion'] / t_pairs:.3f}")


if __name__ == "__main__":
    main()
