"""Missing values in every library's spelling, and error rows (issue 9, items 11-13):
all-null polars and Arrow columns and pd.NA in object columns are missing scores, a null
dictionary key is a group of its own, and errors name the first bad row."""

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
BASE = {t: [1, 2, 3] for t in THEMES}


@pytest.mark.parametrize(
    "make",
    [
        lambda: pl.DataFrame({**BASE, THEMES[0]: pl.Series([None] * 3)}),
        lambda: pa.table({**BASE, THEMES[0]: pa.nulls(3)}),
        lambda: pa.table({**BASE, THEMES[0]: pa.chunked_array([pa.nulls(1), pa.nulls(2)])}),
    ],
)
def test_all_null_columns_are_missing_scores(make: Any) -> None:
    out = make()
    got = ct.score(out, FW, missing="propagate")
    total = got["total"].to_pylist() if isinstance(got, pa.Table) else got["total"].to_list()
    assert total == [None, None, None]
    with pytest.raises(ct.ScoreError, match="row 0: missing score"):
        ct.score(out, FW)
    summary = ct.modes(out, columns=THEMES[0])
    assert (summary[THEMES[0]].to_pylist() if isinstance(summary, pa.Table) else summary[THEMES[0]].to_list()) == [None]


@pytest.mark.parametrize("na", [pd.NA, None, float("nan")])
def test_object_columns_with_pandas_na_are_missing(na: Any) -> None:
    col = pd.Series([1, na, 3], dtype=object)
    got = ct.score(pd.DataFrame({**BASE, THEMES[0]: col}), FW, missing="propagate")
    assert got["total"].tolist() == [5, pd.NA, 15]
    got = ct.score({**{t: np.array(v) for t, v in BASE.items()}, THEMES[0]: col.to_numpy()}, FW, missing="propagate")
    assert got["total"].mask.tolist() == [False, True, False]
    assert ct.modes({"v": np.array([4, na, 4, 1], dtype=object)}, columns="v")["v"].tolist() == [4]


def _mode_low(values: list[int]) -> int:
    c = Counter(values)
    return min(v for v in c if c[v] == max(c.values()))


@pytest.mark.parametrize("chunked", [False, True])
def test_a_null_dictionary_key_is_a_group_of_its_own(chunked: bool) -> None:
    keys = ["a", None, "a", "b", None, None]
    values = [1, 2, 3, 4, 3, 3]
    k = pa.array(keys).dictionary_encode()
    if chunked:
        k = pa.chunked_array([k.slice(0, 2), k.slice(2)])
    got = ct.modes(pa.table({"k": k, "v": values}), by="k", columns="v")
    groups: dict[Any, list[int]] = {}
    for key, v in zip(keys, values):
        groups.setdefault(key, []).append(v)
    assert got.column("k").to_pylist() == list(groups)
    assert got.column("v").to_pylist() == [_mode_low(vs) for vs in groups.values()]


@pytest.mark.parametrize(
    "col",
    [
        pd.array([9, None, 3], dtype="Int64"),
        np.array([9.0, np.nan, 3.0]),
        pd.array([9.0, None, 3.0], dtype="Float64"),
        pd.Series([9, None, 3], dtype="int64[pyarrow]"),
    ],
)
def test_errors_report_the_first_bad_row(col: Any) -> None:
    # issue 9 item 13: row 1 (missing) was reported while row 0 holds the bad 9
    with pytest.raises(ct.ScoreError, match="row 0: 9(.0)? is not an integer from 1 to 4"):
        ct.score(pd.DataFrame({**BASE, THEMES[0]: col}), FW)
    with pytest.raises(ct.ScoreError, match="row 1: missing score"):
        ct.score(pd.DataFrame({**BASE, THEMES[0]: pd.array([1, None, 9], dtype="Int64")}), FW)


def test_an_integer_beyond_64_bits_is_reported_at_its_row() -> None:
    col = pd.Series([1, 2**70, 3], dtype=object)
    with pytest.raises(ct.ScoreError, match=r"row 1: 1180591620717411303424 is not an integer score"):
        ct.score(pd.DataFrame({**BASE, THEMES[0]: col}), FW)
    with pytest.raises(ct.ScoreError, match=r"column 'v', row 1: 1180591620717411303424"):
        ct.modes({"v": np.array([1, 2**70, 3], dtype=object)}, columns="v")
    with pytest.raises(ct.ScoreError, match=r"row 2: -1180591620717411303424"):
        ct.modes({"v": np.array([1, None, -(2**70)], dtype=object)}, columns="v")
