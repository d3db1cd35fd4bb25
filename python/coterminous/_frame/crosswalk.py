"""Adapters for the crosswalk functions (``apportion``, ``best_fit``, ``chain``): code columns
read as numpy arrays, and code, name and gathered columns built in the caller's library.

``read_codes`` is the one place the crosswalks read a column of codes; everything else they
read goes through ``numeric_column`` / ``numeric_columns``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .._dependencies import pandas as pd
from .._dependencies import polars as pl
from .._dependencies import pyarrow as pa
from ..errors import CoterminousTypeError, CoterminousValueError
from . import DICT, PANDAS, POLARS, PYARROW, _is_missing, to_series


def _python_values(data: Any, kind: str, name: str) -> tuple[list[Any] | None, np.ndarray | None]:
    """The column as Python values, or (None, int64 array) for an integer column with no nulls."""
    if kind == PANDAS:
        s = data[name]
        if isinstance(s, pd.DataFrame):
            raise CoterminousValueError(f"the data has more than one column named {name!r}")
        if isinstance(s.dtype, np.dtype) and s.dtype.kind in "iu":
            return None, s.to_numpy(dtype=np.int64)
        return s.tolist(), None
    if kind == POLARS:
        s = data.get_column(name)
        if s.dtype.is_integer() and s.null_count() == 0:
            return None, s.cast(pl.Int64).to_numpy()
        return s.to_list(), None
    if kind == PYARROW:
        col = data.column(name)
        if pa.types.is_integer(col.type) and col.null_count == 0:
            return None, col.to_numpy().astype(np.int64)
        return col.to_pylist(), None
    if kind == DICT:
        a = np.asarray(data[name])
        if a.ndim != 1:
            raise CoterminousValueError(f"column {name!r} must be 1-D, got shape {a.shape}")
        if a.dtype.kind in "iu" and not isinstance(data[name], np.ma.MaskedArray):
            return None, a.astype(np.int64)
        values = data[name].tolist() if isinstance(data[name], np.ma.MaskedArray) else a.tolist()
        return values, None
    raise AssertionError(kind)


def read_codes(data: Any, kind: str, name: str, arg: str, *, allow_missing: bool = False) -> tuple[Any, Any]:
    """The codes of column ``name`` as a numpy array (int64, or object holding str) and a mask
    of missing codes (None when none is missing). Codes are all strings or all integers; a
    missing code is an error naming the argument, column and row unless ``allow_missing``."""
    values, ints = _python_values(data, kind, name)
    if values is None:
        return ints, None
    mask = np.fromiter((_is_missing(v) for v in values), dtype=bool, count=len(values))
    if mask.any() and not allow_missing:
        row = int(np.argmax(mask))
        raise CoterminousValueError(f"{arg}: column {name!r}, row {row}: a missing code")
    present = [v for v, m in zip(values, mask) if not m]
    if all(isinstance(v, str) for v in present):
        out = np.empty(len(values), dtype=object)
        out[:] = ["" if m else v for v, m in zip(values, mask)]
    elif all(isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in present) or all(
        isinstance(v, float) and v.is_integer() for v in present
    ):
        out = np.array([0 if m else int(v) for v, m in zip(values, mask)], dtype=np.int64)
    else:
        first = present[0]
        row = next(i for i, v in enumerate(values) if not mask[i] and type(v) is not type(first))
        raise CoterminousTypeError(
            f"{arg}: column {name!r}, row {row}: {values[row]!r} is of type {type(values[row]).__name__} but the "
            f"column's first value is of type {type(first).__name__}; codes must be all strings or all integers"
        )
    return out, (mask if mask.any() else None)


def code_column(kind: str, name: str, codes: np.ndarray, mask: np.ndarray | None = None) -> Any:
    """A column of codes (int64, or str from an object array) with missing codes where ``mask``."""
    if codes.dtype.kind in "iu":
        return to_series(kind, name, codes.astype(np.int64), mask)
    return string_column(kind, name, [None if mask is not None and mask[i] else c for i, c in enumerate(codes)])


def string_column(kind: str, name: str, values: Sequence[str | None]) -> Any:
    """A column of strings (None: missing) of the given library."""
    values = list(values)
    if kind == PANDAS:
        return pd.Series(values, name=name, dtype="str")
    if kind == POLARS:
        return pl.Series(name, values, dtype=pl.String)
    if kind == PYARROW:
        return pa.array(values, pa.string())
    if kind == DICT:
        out = np.empty(len(values), dtype=object)
        out[:] = values
        return out
    raise AssertionError(kind)


def take_or_null(data: Any, kind: str, names: Sequence[str], rows: np.ndarray) -> dict[str, Any]:
    """Columns ``names`` of ``data`` at ``rows``, missing where a row is -1 (integer columns
    become nullable or float where the library needs it)."""
    missing = rows < 0
    if not missing.any():
        safe = rows
    else:
        safe = np.where(missing, 0, rows)
    if kind == PANDAS:
        out = {}
        for n in names:
            s = data[n]
            if missing.any():
                taken = pd.Series(pd.api.extensions.take(s.array, rows, allow_fill=True), name=n)
            else:
                taken = s.iloc[safe].reset_index(drop=True)
            out[n] = taken
        return out
    if kind == POLARS:
        idx = pl.Series("idx", rows).cast(pl.Int64)
        if missing.any():
            idx = idx.to_frame().select(pl.when(pl.col("idx") < 0).then(None).otherwise(pl.col("idx"))).to_series()
        return {n: data.get_column(n).gather(idx) for n in names}
    if kind == PYARROW:
        idx = pa.array(rows, mask=missing if missing.any() else None)
        return {n: data.column(n).take(idx) for n in names}
    if kind == DICT:
        out = {}
        for n in names:
            col = data[n]
            values = np.ma.getdata(col)[safe] if isinstance(col, np.ma.MaskedArray) else np.asarray(col)[safe]
            mask = np.ma.getmaskarray(col)[safe] if isinstance(col, np.ma.MaskedArray) else np.zeros(len(safe), bool)
            mask = mask | missing
            out[n] = np.ma.MaskedArray(values, mask=mask) if mask.any() else values
        return out
    raise AssertionError(kind)


def list_of_codes(kind: str, name: str, offsets: np.ndarray, values: list[Any]) -> Any:
    """A list column (every tied category) from CSR offsets and the values (str or int)."""
    lists = [values[int(offsets[i]) : int(offsets[i + 1])] for i in range(len(offsets) - 1)]
    if kind == PANDAS:
        return pd.Series(lists, name=name, dtype=object)
    if kind == POLARS:
        return pl.Series(name, lists)
    if kind == PYARROW:
        return pa.array(lists)
    if kind == DICT:
        out = np.empty(len(lists), dtype=object)
        out[:] = lists
        return out
    raise AssertionError(kind)
