"""``_frame.samples``: every 1-D sample kind a user may hold as one numpy array (issue 19 item 13's
inputs). Reference: the plain list of the same values."""

from __future__ import annotations

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import coterminous as ct
from coterminous._frame import samples

VALUES = [3, 1, 4, 1, 5]

KINDS = {
    "list": lambda v: list(v),
    "tuple": lambda v: tuple(v),
    "numpy": lambda v: np.array(v),
    "Series": lambda v: pd.Series(v),
    "Index": lambda v: pd.Index(v),
    "pd.array": lambda v: pd.array(v),
    "Series.array": lambda v: pd.Series(v).array,
    "Arrow-backed": lambda v: pd.array(v, dtype="int64[pyarrow]"),
    "Categorical": lambda v: pd.Categorical(v),
    "polars": lambda v: pl.Series(v),
    "pyarrow": lambda v: pa.array(v),
    "chunked": lambda v: pa.chunked_array([v[:2], v[2:]]),
}


@pytest.mark.parametrize("kind", KINDS)
def test_every_sample_kind_gives_the_values(kind):
    x = KINDS[kind](VALUES)
    a = samples.values(x, "x")
    assert a.tolist() == VALUES and a.dtype.kind in "iu"
    f = samples.floats(x, "x")
    assert f.dtype == np.float64 and f.tolist() == [float(v) for v in VALUES]


@pytest.mark.parametrize(
    "x", [[1.0, None, 2.0], [1.0, float("nan")], pd.array([1, None, 2]), pl.Series([1, None]), pa.array([1, None])]
)
def test_missing_values_name_the_row(x):
    with pytest.raises(ct.CoterminousValueError, match="x: row 1: missing value"):
        samples.floats(x, "x")


def test_wrong_values_are_type_errors():
    with pytest.raises(ct.CoterminousTypeError, match="row 1: True is not a number"):
        samples.values([1, True], "x")
    with pytest.raises(ct.CoterminousTypeError, match="row 0: 'a' is not a number"):
        samples.values(["a"], "x")
    with pytest.raises(ct.CoterminousValueError, match="beyond 2\\*\\*53"):
        samples.floats([2**60, 1], "x")
    assert samples.values([2**70, 1], "x").dtype == object  # exact, for the caller's integer arithmetic
