"""Columns of strings (names) for the core, and columns of the caller's kind built from them.

``strings(obj, arg)`` reads a 1-D column of strings (a list, tuple, numpy array, pandas or
polars Series, pyarrow Array or ChunkedArray) into a :class:`Strings`, whose ``column`` the
core's one column reader takes (``_core.read_column`` describes it): Arrow data as it is (a
polars Series needs no pyarrow), anything else as Python objects, checked in the core (a value
that is not a string is a CoterminousTypeError naming the argument and row). ``Strings.take``
and ``Strings.like`` build results from it in a library's own column type."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .._dependencies import pandas as pd
from .._dependencies import polars as pl
from .._dependencies import pyarrow as pa
from .._missing import is_missing as _is_missing
from ..errors import CoterminousTypeError
from .detect import DICT, NUMPY, PANDAS, POLARS, PYARROW, string_kind

_POLARS_STRINGS = ("String", "Null", "Categorical", "Enum")


class Strings:
    """A 1-D column of strings read for the core.

    ``kind`` is the library of the column (pandas, polars, pyarrow, numpy or list), ``n`` its
    length, ``column`` what the core reads (an Arrow array, a polars Series, a list or a numpy
    array), ``source`` the caller's object and ``values`` its Python values where the column is
    not Arrow data (None otherwise)."""

    def __init__(self, kind: str, n: int, column: Any, source: Any, values: list[Any] | None):
        self.kind, self.n, self.column, self.source, self.values = kind, n, column, source, values

    def take(self, kind: str, name: str, idx: np.ndarray, null: np.ndarray | None) -> Any:
        """The original strings at positions ``idx`` (missing where ``null``), as a column of
        ``kind`` (pandas, polars, pyarrow or dict) named ``name``."""
        values: list[Any]
        if self.kind == POLARS:
            taken = self.source.gather(idx)
            if null is not None:
                taken = taken.scatter(np.flatnonzero(null), None)
            if kind == POLARS:
                return taken.cast(pl.String).alias(name)
            values = taken.cast(pl.String).to_list()
        elif self.values is None:  # Arrow data (pyarrow, pandas' Arrow-backed strings)
            taken = self.column.take(pa.array(idx, mask=null))
            if kind == PYARROW:
                return taken
            if kind == POLARS:
                return pl.Series(name, taken)
            values = taken.to_pylist()
        else:
            src = self.values
            values = [src[i] if i < len(src) else None for i in idx.tolist()]
            if null is not None:
                for i in np.flatnonzero(null).tolist():
                    values[i] = None
            values = [None if _is_missing(v) else v for v in values]
        if kind == DICT:
            out = np.empty(len(values), dtype=object)
            out[:] = values
            return out
        if kind == PANDAS:
            return pd.Series(values, name=name, dtype=object)
        if kind == POLARS:
            return pl.Series(name, values, dtype=pl.String)
        return pa.array(values, pa.string())

    def like(self, values: list[str | None]) -> Any:
        """``values`` (one per row, None where missing) as a column of the source's kind."""
        src = self.source
        if self.kind == POLARS:
            return pl.Series(src.name, values, dtype=pl.String)
        if self.kind == PYARROW:
            t = src.type
            out = pa.array(values, pa.large_string())
            if pa.types.is_string(t) or pa.types.is_large_string(t):
                return out.cast(t)
            return out
        if self.kind == PANDAS:
            dtype = src.dtype if isinstance(src.dtype, pd.StringDtype) else object
            return pd.Series(values, index=src.index, name=src.name, dtype=dtype)
        if self.kind == NUMPY:
            out_arr = np.empty(len(values), dtype=object)
            out_arr[:] = values
            return out_arr
        return values


def _arrow(col: Any) -> Any:
    """One pyarrow Array of a column (chunks combined)."""
    if isinstance(col, pa.ChunkedArray):
        if col.num_chunks == 1:
            return col.chunk(0)
        return col.combine_chunks() if col.num_chunks else pa.array([], col.type)
    return col


def strings(obj: Any, arg: str) -> Strings:
    """The column of strings ``obj`` as the core reads it; a polars column of another type
    raises CoterminousTypeError naming the argument, its first row holding a value and the
    type (other columns are checked by the core)."""
    kind = string_kind(obj, arg)
    if kind == PYARROW:
        arr = _arrow(obj)
        return Strings(kind, len(arr), arr, obj, None)
    if kind == POLARS:
        if str(obj.dtype).split("(")[0] not in _POLARS_STRINGS:
            first = next((i for i, v in enumerate(obj.is_not_null().to_list()) if v), 0)
            raise CoterminousTypeError(f"{arg}, row {first}: expected strings, got polars type {obj.dtype}")
        s = obj.rechunk() if obj.n_chunks() > 1 else obj
        return Strings(kind, len(s), s, s, None)
    if kind == PANDAS:
        arr = obj.array
        if isinstance(obj.dtype, (pd.StringDtype, pd.ArrowDtype)) and hasattr(arr, "__arrow_array__"):
            try:
                col = _arrow(arr.__arrow_array__())
            except (ImportError, TypeError):  # python-backed strings
                pass
            else:
                return Strings(kind, len(col), col, obj, None)
        values = obj.tolist()
        return Strings(kind, len(values), values, obj, values)
    values = obj.tolist() if kind == NUMPY else (obj if isinstance(obj, (list, tuple)) else list(obj))
    if not isinstance(values, Sequence):
        values = list(values)
    return Strings(kind, len(values), values, obj, list(values))
