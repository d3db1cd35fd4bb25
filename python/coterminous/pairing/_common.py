"""Helpers shared by the pairing modules: weight checks, codes of table columns, Python
values as columns of a table kind."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import _frame
from ..errors import CoterminousTypeError, CoterminousValueError


def _first_bad(values: np.ndarray) -> int | None:
    """Index of the first NaN, infinite or negative value, or None."""
    bad = ~np.isfinite(values) | (values < 0)
    if not bad.any():
        return None
    return int(np.argmax(bad))


def _describe(v: float) -> str:
    if np.isnan(v):
        return "NaN is not a weight"
    if np.isinf(v):
        return f"{v!r} is infinite"
    return f"{v!r} is negative; weights must be 0 or more"


def _is_sparse(obj: Any) -> bool:
    return type(obj).__module__.startswith("scipy.sparse")


def _code_type(v: Any) -> str:
    """The kind of a code: bool, int, float, str or the name of another type. Codes of
    different kinds are different codes, even where Python calls them equal (1, 1.0, True)."""
    if isinstance(v, (bool, np.bool_)):
        return "bool"
    if isinstance(v, (int, np.integer)):
        return "int"
    if isinstance(v, (float, np.floating)):
        return "float"
    if isinstance(v, str):
        return "str"
    return type(v).__name__


def _check_codes(values: list[Any], arg: str, column: str) -> None:
    """Raise CoterminousValueError naming the first missing code (None, NaN, NA) of a column,
    and CoterminousTypeError naming the first code of another kind than the column's first
    (``1``, ``1.0`` and ``True`` are equal in Python but are not one code: never merged)."""
    first: tuple[int, Any, str] | None = None
    for r, v in enumerate(values):
        if _frame._is_missing(v):
            raise CoterminousValueError(f"{arg}: column {column!r}, row {r}: missing code")
        t = _code_type(v)
        if first is None:
            first = (r, v, t)
        elif t != first[2]:
            raise CoterminousTypeError(
                f"{arg}: column {column!r}, row {r}: the code {v!r} is of type {t} but row {first[0]} holds "
                f"{first[1]!r} of type {first[2]}; the codes of a column must be of one type, since Python "
                "takes values such as 1, 1.0 and True for one code"
            )


def _check_same_code_type(a: list[Any], a_where: str, b: list[Any], b_where: str) -> None:
    """Raise CoterminousTypeError when two code columns that are matched against each other hold
    codes of different kinds (``1`` and ``1.0``, or ``1`` and ``"1"``): Python would merge the
    first and never match the second, so either way the pairing would be silently wrong."""
    if not a or not b:
        return
    ta, tb = _code_type(a[0]), _code_type(b[0])
    if ta != tb:
        raise CoterminousTypeError(
            f"{a_where} holds codes of type {ta} ({a[0]!r}) but {b_where} holds codes of type {tb} "
            f"({b[0]!r}); codes are matched by value and type, so cast one column to the other's type"
        )


def _codes(values: Any) -> tuple[np.ndarray, int]:
    """Integer codes 0..k-1 of a column's values (any hashable values), and k."""
    seen: dict[Any, int] = {}
    codes = np.fromiter((seen.setdefault(v, len(seen)) for v in values), dtype=np.int64, count=len(values))
    return codes, len(seen)


def _table_list(data: Any, kind: str, name: str) -> list[Any]:
    """The values of a table's column as a Python list."""
    values: list[Any]
    if kind == _frame.PANDAS:
        values = data[name].tolist()
        return values
    if kind == _frame.POLARS:
        values = data.get_column(name).to_list()
        return values
    if kind == _frame.PYARROW:
        values = data.column(name).to_pylist()
        return values
    if kind == _frame.DICT:
        column = data[name]  # a list keeps its Python types (np.asarray makes True a 1)
        return list(column.tolist() if isinstance(column, np.ndarray) else column)
    raise AssertionError(kind)


def _py_column(kind: str, name: str, values: list[Any], lists: bool = False) -> Any:
    """A column of the given kind from Python values (lists of values with ``lists=True``)."""
    if kind == _frame.PANDAS:
        import pandas as pd

        try:
            return pd.Series(values, name=name, dtype=object if lists else None)
        except UnicodeEncodeError:  # a lone surrogate, which pandas' Arrow strings cannot hold
            return pd.Series(values, name=name, dtype=object)
    if kind == _frame.POLARS:
        import polars as pl

        return pl.Series(name, values, strict=False)  # [3, 15.5]: Float64, not an error
    if kind == _frame.PYARROW:
        import pyarrow as pa

        return pa.array(values)
    if not lists:
        arr = np.asarray(values)
        if arr.dtype.kind in "iufb":
            return arr
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _shares(table: Any, kind: str, name: str, arg: str) -> np.ndarray:
    values, mask = _frame.numeric_column(table, kind, name, arg)
    values = np.array(values, dtype=np.float64)
    if mask is not None:
        values[mask] = np.nan
    return values
