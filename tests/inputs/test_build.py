"""``_frame.build_table``: one result table in each library from named numpy/list columns.
Reference: the plain Python values given."""

from __future__ import annotations

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

from coterminous._frame import build_table

COLUMNS = {
    "unit": ["a", None, "c"],
    "n": (np.array([1, 0, 3]), np.array([False, True, False])),
    "share": np.array([0.5, 1.0, 0.25]),
}
EXPECTED = {"unit": ["a", None, "c"], "n": [1, None, 3], "share": [0.5, 1.0, 0.25]}


def _lists(kind, t):
    if kind == "pandas":
        return {c: [None if pd.isna(v) else v for v in t[c].tolist()] for c in t.columns}
    if kind == "polars":
        return t.to_dict(as_series=False)
    if kind == "pyarrow":
        return t.to_pydict()
    return {c: v.tolist() for c, v in t.items()}


@pytest.mark.parametrize(
    ("kind", "cls"), [("pandas", pd.DataFrame), ("polars", pl.DataFrame), ("pyarrow", pa.Table), ("dict", dict)]
)
def test_build_table_in_each_library(kind, cls):
    t = build_table(kind, COLUMNS)
    assert isinstance(t, cls)
    assert _lists(kind, t) == EXPECTED
