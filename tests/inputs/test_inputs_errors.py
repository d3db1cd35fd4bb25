"""Every failure on user input is a coterminous error, never a pyarrow, polars or Unicode
exception escaping (issue 9 item 14, input side): 128-bit integers, struct and list keys,
lone surrogates in values and column names. References: brute-force Python."""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import coterminous as ct

FW = ct.Framework.builtin("ale")
THEMES = FW.themes


def _mode_low(values: list[int]) -> int:
    c = Counter(values)
    return min(v for v in c if c[v] == max(c.values()))


def _grouped_modes(keys: list[Any], values: list[int]) -> list[int]:
    groups: dict[Any, list[int]] = {}
    for k, v in zip(keys, values):
        groups.setdefault(repr(k), []).append(v)
    return [_mode_low(vs) for vs in groups.values()]


def test_int128_scores_are_read_when_they_fit() -> None:
    rows = [[1, 2, 3], [4, 4, 1]]
    df = pl.DataFrame({t: pl.Series(rows[j % 2], dtype=pl.Int128) for j, t in enumerate(THEMES)})
    want = [sum(rows[j % 2][i] for j in range(5)) for i in range(3)]
    assert ct.score(df, FW)["total"].to_list() == want
    got = ct.distribution(pl.DataFrame({"v": pl.Series([1, 2, 2], dtype=pl.Int128)}), columns="v")
    assert got["count"].to_list() == [1, 2]


def test_int128_scores_beyond_64_bits_are_a_score_error() -> None:
    df = pl.DataFrame({t: pl.Series([1, 2**70, 3], dtype=pl.Int128) for t in THEMES})
    with pytest.raises(ct.ScoreError, match="row 1: 1180591620717411303424 is not an integer score that fits 64 bits"):
        ct.score(df, FW)


def test_int128_weights_and_codes_in_overlap() -> None:
    lookup = pl.DataFrame({"l": pl.Series([7, 7, 8], dtype=pl.Int128), "r": ["x", "y", "y"], "w": [1, 3, 4]})
    out = ct.overlap(lookup, left="l", right="r", weight="w")
    assert out["left"].to_list() == [7, 7, 8] and out["left_share"].to_list() == [0.25, 0.75, 1.0]
    bad = lookup.with_columns(pl.Series("l", [7, 2**100, 8], dtype=pl.Int128))
    with pytest.raises(ct.CoterminousValueError, match="column 'l', row 1: .* does not fit 64 bits"):
        ct.overlap(bad, left="l", right="r", weight="w")


@pytest.mark.parametrize("kind", ["pyarrow", "pandas", "polars", "dict"])
def test_struct_and_list_keys_group_by_their_contents(kind: str) -> None:
    keys: list[Any] = [{"a": 1}, {"a": 2}, {"a": 1}, None, {"a": 2}, {"a": 1}]
    values = [1, 2, 3, 4, 2, 3]
    if kind == "pyarrow":
        data: Any = pa.table({"k": pa.array(keys), "v": values})
    elif kind == "pandas":
        data = pd.DataFrame({"k": pd.Series(keys, dtype=object), "v": values})
    elif kind == "polars":
        data = pl.DataFrame({"k": keys, "v": values})
    else:
        k = np.empty(len(keys), dtype=object)
        k[:] = [[1] if x == {"a": 1} else ([2] if x else None) for x in keys]
        data = {"k": k, "v": np.array(values)}
    got = ct.modes(data, by="k", columns="v")
    col = got["v"]
    got_v = col.to_pylist() if kind == "pyarrow" else (col.to_list() if kind == "polars" else col.tolist())
    assert got_v == _grouped_modes(keys, values)


def test_lone_surrogates_in_values_and_names() -> None:
    bad = "\ud800"
    # a key with a lone surrogate is a key like any other
    df = pd.DataFrame({"k": pd.Series([bad, "a", "a", bad], dtype=object), "v": [1, 2, 3, 1]})
    assert ct.modes(df, by="k", columns="v")["v"].tolist() == [1, 2]
    # column names: the core's messages carry them escaped
    assert ct.modes({bad: np.array([2, 2, 1])}, columns=bad)[bad].tolist() == [2]
    with pytest.raises(ct.ScoreError, match=r"ud800.*row 0: 1.5"):
        ct.modes({bad: np.array([1.5])}, columns=bad)
    data = {**{t: np.array([1]) for t in THEMES[1:]}, bad: np.array([1])}
    assert ct.score(data, FW, columns={THEMES[0]: bad})["total"].tolist() == [5]
    # overlap codes and names: Arrow holds UTF-8 only, so a clear error naming column and row
    lookup = pd.DataFrame({"l": pd.Series(["a", bad], dtype=object), "r": ["x", "y"]})
    with pytest.raises(ct.CoterminousValueError, match="column 'l', row 1: .* cannot be encoded as UTF-8"):
        ct.overlap(lookup, left="l", right="r")
    with pytest.raises(ct.CoterminousValueError, match="left: the column name"):
        ct.overlap({bad: np.array(["a"]), "r": np.array(["x"])}, left=bad, right="r")
    # relationships of units whose codes pandas' Arrow strings cannot hold
    ov = pd.DataFrame(
        {"left": pd.Series([bad], dtype=object), "right": ["x"], "left_share": [1.0], "right_share": [1.0]}
    )
    rel = ct.relationships(ov)
    assert rel["unit"].tolist() == [bad, "x"] and rel["relationship"].tolist() == ["coterminous"] * 2
