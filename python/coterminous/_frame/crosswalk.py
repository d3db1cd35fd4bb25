"""Adapters for the crosswalk functions (``apportion``, ``best_fit``, ``chain``): code columns
read as numpy arrays, and code, name and gathered columns built in the caller's library.

``read_codes`` is the one place the crosswalks read a column of codes (through the core's one
column reader); everything else they read goes through ``numeric_column`` / ``numeric_columns``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .. import _core
from .._dependencies import pandas as pd
from .._dependencies import polars as pl
from .._dependencies import pyarrow as pa
from ..errors import CoterminousTypeError, CoterminousValueError
from . import DICT, PANDAS, POLARS, PYARROW, core_column, to_series


def _strings(values: list[Any]) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def read_codes(data: Any, kind: str, name: str, arg: str, *, allow_missing: bool = False) -> tuple[Any, Any]:
    """The codes of column ``name`` as a numpy array (int64, or object holding str) and a mask
    of missing codes (None when none is missing), read by the core's one column reader
    (``_core.read_column``: ``1``, ``True``, ``1.0`` and ``"1"`` are values of four kinds). Codes
    are all strings or all integers (whole floats, as a pandas integer column with a missing
    value holds them, are integers); a missing code is an error naming the argument, column and
    row unless ``allow_missing``."""
    label = f"{arg}: column {name!r}"
    what, values, mask = _core.read_column(core_column(data, kind, name, arg, "code"), label)
    if what == "float":
        nan = np.isnan(values)
        if nan.any():
            mask = nan if mask is None else (mask | nan)
    if mask is not None and mask.any() and not allow_missing:
        raise CoterminousValueError(f"{label}, row {int(np.argmax(mask))}: a missing code")
    present = np.ones(len(values) if values is not None else 0, bool) if mask is None else ~mask
    if what == "int":
        out = np.asarray(values, dtype=np.int64)
    elif what in ("str", "null"):
        n = len(values) if values is not None else len(mask) if mask is not None else 0
        out = _strings(["" if v is None else v for v in values] if values is not None else [""] * n)
    elif what == "float":
        v = np.where(present, values, 0.0)
        bad = (v != np.floor(v)) | (np.abs(v) >= 2.0**63)
        if bad.any():
            row = int(np.argmax(bad))
            raise CoterminousTypeError(
                f"{label}, row {row}: {float(values[row])!r} is not a whole number; codes must be all strings or "
                "all integers"
            )
        out = v.astype(np.int64)
    else:  # bool
        row = int(np.argmax(present))
        raise CoterminousTypeError(
            f"{label}, row {row}: {bool(values[row])!r} is a boolean; codes must be all strings or all integers"
        )
    return out, (mask if mask is not None and mask.any() else None)


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
