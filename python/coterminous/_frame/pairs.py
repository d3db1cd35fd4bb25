"""Adapter for the pairing modules (``coterminous.pairing``): reading code and name columns as
Python values, building result columns from Python values, and joining the columns of two
tables of different kinds into one. The only place the pairing code compares library kinds."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..errors import CoterminousTypeError, CoterminousValueError
from . import DICT, NUMPY, PANDAS, POLARS, PYARROW, _is_missing, column_names, kind_of, new_table, take_rows

__all__ = [
    "named_table",
    "maybe_named_table",
    "check_unique_columns",
    "column_list",
    "python_column",
    "n_rows",
    "join_rows",
    "result_kind",
    "check_one_column_type",
    "take_table",
]


def named_table(data: Any, arg: str, what: str = "a table with named columns") -> str:
    """The kind of ``data``, a table with named columns (not a numpy array); else
    CoterminousTypeError saying ``what`` was expected."""
    kind = kind_of(data, arg)
    if kind == NUMPY:
        raise CoterminousTypeError(f"{arg}: expected {what}, not a numpy array")
    return kind


def maybe_named_table(data: Any, arg: str) -> str | None:
    """The kind of ``data`` if it is a table with named columns, else None."""
    try:
        kind = kind_of(data, arg)
    except (CoterminousTypeError, CoterminousValueError):
        return None
    return None if kind == NUMPY else kind


def check_unique_columns(data: Any, kind: str, arg: str) -> None:
    """CoterminousValueError naming the first column name that appears twice (pandas allows it)."""
    seen: set[Any] = set()
    for c in column_names(data, kind):
        if c in seen:
            raise CoterminousValueError(f"{arg}: the data has more than one column named {c!r}")
        seen.add(c)


def column_list(data: Any, kind: str, name: Any, arg: str = "data") -> list[Any]:
    """The values of a table's column as a Python list, each value as its library holds it (a
    dict's list as it is: never through ``np.asarray``, which would merge ``1`` and ``True``)."""
    values: list[Any]
    if kind == PANDAS:
        col = data[name]
        if col.ndim != 1:  # a name shared by several columns selects a DataFrame
            raise CoterminousValueError(f"{arg}: the data has more than one column named {name!r}")
        values = col.tolist()
        return values
    if kind == POLARS:
        values = data.get_column(name).to_list()
        return values
    if kind == PYARROW:
        if len(data.schema.get_all_field_indices(name)) > 1:
            raise CoterminousValueError(f"{arg}: the data has more than one column named {name!r}")
        values = data.column(name).to_pylist()
        return values
    if kind == DICT:
        col = data[name]
        if isinstance(col, np.ndarray):  # a masked array's masked values become None
            values = col.tolist()
            return values
        return list(col)
    raise AssertionError(kind)


def python_column(kind: str, name: str, values: list[Any], lists: bool = False) -> Any:
    """A column of the given kind from Python values (lists of values with ``lists=True``)."""
    if kind == PANDAS:
        import pandas as pd

        try:
            return pd.Series(values, name=name, dtype=object if lists else None)
        except UnicodeEncodeError:  # a lone surrogate, which pandas' Arrow strings cannot hold
            return pd.Series(values, name=name, dtype=object)
    if kind == POLARS:
        import polars as pl

        return pl.Series(name, values, strict=False)  # [3, 15.5]: Float64, not an error
    if kind == PYARROW:
        import pyarrow as pa

        return pa.array(values)
    if not lists:
        kinds = {type(v) for v in values}
        if kinds and all(issubclass(t, (int, float)) and not issubclass(t, bool) for t in kinds):
            arr = np.asarray(values)
            if arr.dtype.kind in "iuf":
                return arr
        if kinds and all(t is bool for t in kinds):
            return np.asarray(values, dtype=bool)
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def result_kind(kind: str) -> str:
    """The kind of table a pairing function returns for input of ``kind``: the same."""
    return kind


def check_one_column_type(kind: str, what: str, first: str, second: str) -> None:
    """Polars and pyarrow columns hold one type: CoterminousTypeError when a column would hold
    codes of two types (``first`` and ``second``, as the caller names them)."""
    if kind in (POLARS, PYARROW) and first != second:
        raise CoterminousTypeError(
            f"{what}: the left codes are of type {first} and the right codes of type {second}; a {kind} column "
            "of units cannot hold both without turning codes into other values; cast one side's codes "
            "(e.g. to strings) first"
        )


def n_rows(data: Any, kind: str) -> int:
    """The number of rows of a table."""
    if kind == PYARROW:
        return int(data.num_rows)
    if kind == DICT:
        return len(next(iter(data.values()))) if data else 0
    return len(data)


def take_table(data: Any, kind: str, names: Sequence[Any], rows: np.ndarray, rename: dict[Any, str]) -> Any:
    """A new table of ``data``'s kind: columns ``names`` at ``rows``, renamed by ``rename``."""
    taken = take_rows(data, kind, names, rows)
    out = {rename.get(n, n): v for n, v in taken.items()}
    if kind == POLARS:
        out = {k: v.alias(k) for k, v in out.items()}
    return new_table(kind, out)


def _to_arrow(col: Any, kind: str) -> Any:
    """A column of a table of the given kind as a pyarrow Array (missing values as nulls:
    None, NA and, in pandas and numpy, NaN)."""
    import pyarrow as pa

    if kind == PYARROW:
        return col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col
    if kind == POLARS:
        arr = col.to_arrow()
        return arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr
    if isinstance(col, np.ma.MaskedArray):
        return pa.array(np.ma.getdata(col), mask=np.ma.getmaskarray(col))
    try:
        return pa.array(col, from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # mixed Python objects: as they are
        values = col.tolist() if hasattr(col, "tolist") else list(col)
        out = np.empty(len(values), dtype=object)
        out[:] = [None if _is_missing(v) else v for v in values]
        return out


def _convert_column(col: Any, kind: str, to_kind: str, name: str) -> Any:
    """A column of a table of kind ``kind`` as a column of kind ``to_kind``, with the type
    the target library gives the same values (integers with missing values stay integers:
    nullable in pandas, masked in a dict of numpy arrays)."""
    import pyarrow as pa

    arr = _to_arrow(col, kind)
    if isinstance(arr, np.ndarray):  # objects Arrow cannot type
        if to_kind == PANDAS:
            import pandas as pd

            return pd.Series(arr, name=name, dtype=object)
        if to_kind == POLARS:
            import polars as pl

            return pl.Series(name, arr.tolist(), dtype=pl.Object)
        if to_kind == PYARROW:
            raise CoterminousTypeError(f"column {name!r}: its values mix types Arrow cannot hold in one column")
        return arr
    if to_kind == PYARROW:
        return arr
    if to_kind == POLARS:
        import polars as pl

        return pl.Series(name, arr)
    t = arr.type
    nulls = arr.null_count > 0
    if to_kind == PANDAS:
        import pandas as pd

        if nulls and (pa.types.is_integer(t) or pa.types.is_boolean(t)):
            dtype = (
                pd.BooleanDtype()
                if pa.types.is_boolean(t)
                else pd.api.types.pandas_dtype(str(t).capitalize().replace("Uint", "UInt"))
            )
            return pd.Series(arr.to_pandas(types_mapper={t: dtype}.get), name=name)
        return pd.Series(arr.to_pandas(), name=name)
    if to_kind == DICT:
        if nulls and (pa.types.is_integer(t) or pa.types.is_floating(t)):
            mask = arr.is_null().to_numpy(zero_copy_only=False)
            return np.ma.MaskedArray(arr.fill_null(0).to_numpy(zero_copy_only=False), mask=mask)
        return arr.to_numpy(zero_copy_only=False)
    raise AssertionError(to_kind)


def join_rows(
    left: Any,
    lkind: str,
    right: Any,
    rkind: str,
    lrows: np.ndarray,
    rrows: np.ndarray,
    evidence: dict[str, np.ndarray],
) -> Any:
    """A table of the left table's kind: every column of ``left`` at ``lrows`` prefixed
    ``left_``, every column of ``right`` at ``rrows`` prefixed ``right_`` (converted to the left
    kind where the kinds differ, through Arrow), then the ``evidence`` columns."""
    from . import to_series

    out: dict[str, Any] = {}
    for prefix, data, kind, rows, arg in (
        ("left_", left, lkind, lrows, "left_scores"),
        ("right_", right, rkind, rrows, "right_scores"),
    ):
        check_unique_columns(data, kind, arg)
        names = column_names(data, kind)
        taken = take_rows(data, kind, names, rows)
        for n in names:
            col = taken[n]
            if kind != lkind:  # a column of the other side's kind: through Arrow
                col = _convert_column(col, kind, lkind, prefix + str(n))
            out[prefix + str(n)] = col
    for k, v in evidence.items():
        out[k] = to_series(lkind, k, v)
    if lkind == POLARS:
        out = {k: (v.alias(k) if hasattr(v, "alias") else v) for k, v in out.items()}
    return new_table(lkind, out)
