"""Results in the caller's library: ``build_table`` (a table from named numpy/list columns,
the one builder for results), columns from numpy values and masks (``to_series``,
``list_series``, ``code_column``), tables from built columns (``new_table``) and a table with
columns added (``with_columns``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from .._dependencies import pandas as pd
from .._dependencies import polars as pl
from .._dependencies import pyarrow as pa
from ..errors import CoterminousValueError
from .detect import DICT, PANDAS, POLARS, PYARROW, column_names


def to_series(kind: str, name: str, values: np.ndarray, mask: np.ndarray | None = None) -> Any:
    """A column of the given kind from numpy values and an optional null mask."""
    if kind == PANDAS:
        if mask is None:
            return pd.Series(values, name=name)
        if values.dtype.kind in "iu":
            return pd.Series(pd.arrays.IntegerArray(values, mask), name=name)
        if values.dtype.kind == "f":
            return pd.Series(pd.arrays.FloatingArray(values, mask), name=name)
        raise AssertionError(values.dtype)
    if kind == POLARS:
        s = pl.Series(name, values)
        if mask is not None:
            s = s.to_frame().select(pl.when(pl.Series(mask)).then(None).otherwise(pl.col(name)).alias(name)).to_series()
        return s
    if kind == PYARROW:
        return pa.array(values, mask=mask)
    if kind == DICT:
        return values if mask is None else np.ma.MaskedArray(values, mask=mask)
    raise AssertionError(kind)


def build_table(kind: str, columns: Mapping[str, Any]) -> Any:
    """A result table in the caller's library from named columns: the one builder for results.

    Parameters
    ----------
    kind
        ``"pandas"``, ``"polars"``, ``"pyarrow"`` or ``"dict"`` (``_frame.kind_of`` of the
        input, or the ``backend=`` asked for).
    columns
        ``{name: column}`` in output order; a column is a 1-D numpy array of numbers or
        booleans, a ``(values, mask)`` pair of such an array and a bool mask (True = missing;
        integer columns with a mask become the library's nullable integers), or a list of
        Python values (strings, None for missing).

    Returns
    -------
    table
        A pandas or polars DataFrame, a pyarrow Table, or a dict of numpy arrays (masked arrays
        where a mask is given; object arrays for lists).

    Examples
    --------
    >>> import numpy as np
    >>> out = build_table("dict", {"unit": ["a", None], "n": (np.array([1, 0]), np.array([False, True]))})
    >>> out["unit"].tolist(), out["n"].tolist()
    (['a', None], [1, None])
    """
    built: dict[str, Any] = {}
    for name, col in columns.items():
        if isinstance(col, tuple):
            values, mask = col
            built[name] = to_series(kind, name, np.asarray(values), None if mask is None else np.asarray(mask, bool))
        elif isinstance(col, np.ndarray) and col.dtype != object:
            built[name] = to_series(kind, name, col)
        else:
            built[name] = _objects(kind, name, list(col))
    return new_table(kind, built)


def _objects(kind: str, name: str, values: list[Any]) -> Any:
    """A column of Python values (strings, None for missing) in the library of ``kind``."""
    if kind == PANDAS:
        return pd.Series(values, name=name, dtype=object)
    if kind == POLARS:
        return pl.Series(name, values)
    if kind == PYARROW:
        return pa.array(values)
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def code_column(kind: str, name: str, units: Any, idx: np.ndarray) -> Any:
    """A column of codes ``units[idx]``: ``units`` a list of str or an int64 numpy array (the
    distinct codes, as the core returns them), ``idx`` int64 positions in it."""
    if isinstance(units, np.ndarray):
        return to_series(kind, name, units[idx])
    if kind == POLARS:
        return pl.Series(name, units, dtype=pl.String).gather(idx)
    if kind == PYARROW:
        return pa.array(units, pa.string()).take(pa.array(idx))
    values = np.array(units, dtype=object)[idx] if len(units) else np.array([], dtype=object)
    if kind == PANDAS:
        return pd.Series(values, name=name, dtype="str")
    return values


def list_series(kind: str, name: str, offsets: np.ndarray, values: np.ndarray) -> Any:
    """A list column from CSR offsets and values."""
    lists = [values[offsets[i] : offsets[i + 1]].tolist() for i in range(len(offsets) - 1)]
    if kind == PANDAS:
        return pd.Series(lists, name=name, dtype=object)
    if kind == POLARS:
        return pl.Series(name, lists, dtype=pl.List(pl.Int64))
    if kind == PYARROW:
        return pa.ListArray.from_arrays(pa.array(offsets.astype(np.int64)), pa.array(values, pa.int64()))
    if kind == DICT:
        out = np.empty(len(lists), dtype=object)
        out[:] = lists
        return out
    raise AssertionError(kind)


def new_table(kind: str, columns: dict[str, Any]) -> Any:
    """A table of the given kind from already-built columns (see ``to_series``)."""
    if kind == PANDAS:
        return pd.DataFrame(
            {k: (v.reset_index(drop=True) if hasattr(v, "reset_index") else v) for k, v in columns.items()}
        )
    if kind == POLARS:
        return pl.DataFrame([s.alias(k) if hasattr(s, "alias") else pl.Series(k, s) for k, s in columns.items()])
    if kind == PYARROW:
        return pa.table(columns)
    if kind == DICT:
        return dict(columns)
    raise AssertionError(kind)


def with_columns(data: Any, kind: str, columns: dict[str, Any], arg: str = "data") -> Any:
    """A new table: ``data``'s columns followed by ``columns`` (never modifies ``data``);
    ``arg`` names ``data`` in errors."""
    have = column_names(data, kind)
    for k in columns:
        if k in have:
            raise CoterminousValueError(f"{arg}: already has a column {k!r}; rename or drop it first")
    if kind == PANDAS:
        out = data.copy(deep=False)
        for k, v in columns.items():
            out[k] = v.set_axis(data.index)
        return out
    if kind == POLARS:
        return data.with_columns([s.alias(k) for k, s in columns.items()])
    if kind == PYARROW:
        out = data
        for k, v in columns.items():
            out = out.append_column(k, v)
        return out
    if kind == DICT:
        return {**data, **columns}
    raise AssertionError(kind)
