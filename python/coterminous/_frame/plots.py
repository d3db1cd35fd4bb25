"""What the plots read of a table beside its numeric columns (its number of rows is
``_frame.pairs.n_rows``): a column as Python values, and whether a column holds numbers (a modes table's groups are the columns that
do not)."""

from __future__ import annotations

from typing import Any

import numpy as np

from . import NUMPY, PANDAS, POLARS, PYARROW


def values(data: Any, kind: str, name: str) -> list[Any]:
    """A column as a list of Python values (missing values as None, or NaN in a float column)."""
    if kind == PANDAS:
        out: list[Any] = data[name].tolist()
        return out
    if kind == POLARS:
        out = data.get_column(name).to_list()
        return out
    if kind == PYARROW:
        out = data.column(name).to_pylist()
        return out
    column = data[name]
    if isinstance(column, np.ma.MaskedArray):
        out = [None if m else v for v, m in zip(column.data.tolist(), np.ma.getmaskarray(column).tolist())]
        return out
    out = list(np.asarray(column).tolist())
    return out


def is_numeric(data: Any, kind: str, name: str) -> bool:
    """Whether a column holds numbers (booleans are not numbers here; missing values allowed)."""
    if kind == PANDAS:
        from pandas.api import types

        dtype = data[name].dtype
        return bool(types.is_numeric_dtype(dtype) and not types.is_bool_dtype(dtype))
    if kind == POLARS:
        return bool(data.get_column(name).dtype.is_numeric())
    if kind == PYARROW:
        import pyarrow as pa

        t = data.schema.field(name).type
        return bool(pa.types.is_integer(t) or pa.types.is_floating(t) or pa.types.is_decimal(t))
    array = np.asarray(data[name])
    if array.dtype.kind in "iuf":
        return True
    if array.dtype.kind != "O":
        return False
    present = [v for v in array.tolist() if v is not None]
    return bool(present) and all(isinstance(v, int | float) and not isinstance(v, bool) for v in present)


def has_named_columns(kind: str) -> bool:
    """Whether a table of ``kind`` names its columns (a numpy array does not)."""
    return kind != NUMPY
