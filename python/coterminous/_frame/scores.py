"""Adapters for scoring and summaries (``score``, ``modes``, ``distribution``): reading the
theme columns of a table or a numpy matrix, and building their results in the caller's
library. The only place those functions compare library kinds."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .._dependencies import pandas as pd
from .._dependencies import polars as pl
from .._dependencies import pyarrow as pa
from ..errors import CoterminousTypeError, CoterminousValueError, ScoreError
from . import NUMPY, PANDAS, POLARS, PYARROW, core_array, take_rows, to_series, with_columns
from . import _float_nan_mask as float_nan_mask
from . import numeric_columns as _numeric_columns

Columns = tuple[list[Any], list[np.ndarray], list["np.ndarray | None"]]


def theme_columns(data: Any, kind: str, themes: Sequence[str], names: Sequence[Any] | None) -> Columns:
    """The theme columns of ``data`` in theme order: ``(names, arrays, masks)``.

    ``names`` are the data's column of each theme (None: a numpy matrix's columns are the
    themes in order; a table's are named as the themes)."""
    if kind == NUMPY:
        if names is not None:
            raise CoterminousValueError("columns: not used with numpy input, whose columns are the themes in order")
        if data.ndim != 2 or data.shape[1] != len(themes):
            raise CoterminousValueError(
                f"data: a numpy array must be 2-D with one column per theme ({len(themes)}: {list(themes)}), "
                f"got shape {data.shape}"
            )
        if data.dtype.kind == "O":
            data = _object_matrix(data, themes)
        if data.dtype.kind == "b" or data.dtype.kind not in "iuf":
            first = data.flat[0] if data.size else None
            raise ScoreError(
                f"data: column {themes[0]!r}, row 0: {first!r} is not an integer score "
                f"(the array's type is {data.dtype})"
            )
        arrays = [core_array(data[:, j]) for j in range(len(themes))]
        return list(themes), arrays, [float_nan_mask(a) for a in arrays]
    cols = list(themes) if names is None else list(names)
    arrays, masks = _numeric_columns(data, kind, cols, "data", list(themes))
    return cols, arrays, masks


def _object_matrix(data: np.ndarray, themes: Sequence[str]) -> np.ndarray:
    """A numpy matrix of Python objects as int64, or float64 with NaN for None and NaN; the
    first cell (row by row) that is not a number (a str, a bool) or an integer past 64 bits
    is a ScoreError naming its theme and row."""
    rows = data.tolist()
    floats = False
    for r, row in enumerate(rows):
        for j, v in enumerate(row):
            if v is None or isinstance(v, (float, np.floating)):
                floats = True
            elif isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, np.integer)):
                raise ScoreError(f"data: column {themes[j]!r}, row {r}: {v!r} is not an integer score")
            elif not -(2**63) <= int(v) < 2**63:
                raise ScoreError(
                    f"data: column {themes[j]!r}, row {r}: {v!r} is not an integer score that fits 64 bits"
                )
    if floats:
        return np.array([[np.nan if v is None else float(v) for v in row] for row in rows], dtype=np.float64)
    return np.array(rows, dtype=np.int64).reshape(data.shape)


def require_named_columns(kind: str) -> None:
    """CoterminousTypeError for data without column names (a numpy array)."""
    if kind == NUMPY:
        raise CoterminousTypeError(
            "data: modes and distribution need named columns; pass a pandas or polars DataFrame, a pyarrow Table "
            "or a dict of 1-D arrays"
        )


def string_series(kind: str, name: str, values: np.ndarray) -> Any:
    """A string column of ``kind`` from an object array of str (None for missing)."""
    if kind == PANDAS:
        return pd.Series(values, name=name, dtype=object)
    if kind == POLARS:
        return pl.Series(name, values.tolist(), dtype=pl.String)
    if kind == PYARROW:
        return pa.array(values.tolist(), pa.string())
    return values


def scored(data: Any, kind: str, outputs: dict[str, tuple[np.ndarray, np.ndarray | None]]) -> Any:
    """The result of ``score``: ``data`` with the ``outputs`` (name: values and missing mask;
    an object array is a column of strings, None for missing) added in the order given, or
    for a numpy matrix a dict of arrays (masked arrays where a mask is given)."""
    out: dict[str, Any] = {}
    for key, (values, mask) in outputs.items():
        if values.dtype == object:
            out[key] = string_series(kind, key, values)
        elif kind == NUMPY:
            out[key] = values if mask is None else np.ma.MaskedArray(values, mask=mask)
        else:
            out[key] = to_series(kind, key, values, mask)
    if kind == NUMPY:
        return out
    return with_columns(data, kind, out)


def first_values(data: Any, kind: str, names: Sequence[Any], row: int) -> list[Any]:
    """The values of the columns ``names`` at ``row``, as Python objects."""
    taken = take_rows(data, kind, names, np.array([row]))
    out = []
    for n in names:
        v = taken[n]
        if kind == PYARROW:
            out.append(v.to_pylist()[0])
        elif kind in (PANDAS, POLARS):
            out.append(v.to_list()[0])
        else:
            out.append(np.asarray(v).tolist()[0])
    return out


__all__ = [
    "first_values",
    "require_named_columns",
    "scored",
    "string_series",
    "theme_columns",
]
