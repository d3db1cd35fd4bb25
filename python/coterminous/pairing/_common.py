"""Helpers shared by the pairing modules: codes of table columns (their kinds, their checks),
numeric bounds and renamed arguments."""

from __future__ import annotations

import math
import sys
from collections.abc import Mapping
from typing import Any

import numpy as np

from .. import _frame
from .._frame import pairs as frame
from ..errors import CoterminousTypeError, CoterminousValueError

#: kept for ``coterminous.plot``, which reads columns through it
_table_list = frame.column_list


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


def _codes(values: list[Any]) -> tuple[np.ndarray, int]:
    """Integer codes 0..k-1 of a column's values (checked to be of one kind), and k."""
    seen: dict[Any, int] = {}
    codes = np.fromiter((seen.setdefault(v, len(seen)) for v in values), dtype=np.uint32, count=len(values))
    return codes, len(seen)


def _shares(table: Any, kind: str, name: str, arg: str) -> np.ndarray:
    values, mask = _frame.numeric_column(table, kind, name, arg)
    values = np.array(values, dtype=np.float64)
    if mask is not None:
        values[mask] = np.nan
    return values


def _bound(value: Any, arg: str) -> int | float | None:
    """A numeric bound (``min_coterminosity``, ``left_min``...) as a Python int or float, or None.
    A 0-d numpy array counts as its value. Not a number (a string, a bool): CoterminousTypeError;
    NaN: CoterminousValueError."""
    if value is None:
        return None
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise CoterminousTypeError(f"{arg}: expected a number or None, got {value!r}")
    if isinstance(value, (int, np.integer)):
        return int(value)
    f = float(value)
    if math.isnan(f):
        raise CoterminousValueError(f"{arg}: expected a number or None, got nan")
    return f


def _float_bound(n: int, at_least: bool) -> float:
    """The float nearest ``n`` on the side that keeps the comparison exact: for ``x >= n`` the
    smallest float at least ``n``, for ``x <= n`` the largest float at most ``n``."""
    try:
        f = float(n)
    except OverflowError:  # beyond every finite float: only an infinity lies past it
        if at_least:
            return math.inf if n > 0 else -sys.float_info.max
        return sys.float_info.max if n > 0 else -math.inf
    if at_least and f < n:
        return math.nextafter(f, math.inf)
    if not at_least and f > n:
        return math.nextafter(f, -math.inf)
    return f


def compare(values: np.ndarray, bound: int | float, at_least: bool) -> np.ndarray:
    """``values >= bound`` (``at_least``) or ``values <= bound``, exactly: integer columns are
    compared as integers (a total of 2**53 + 3 is below 2**53 + 4), float columns against the
    float that keeps the comparison exact; any bound, however large, is a comparison, never an
    overflow."""
    if np.issubdtype(values.dtype, np.integer):
        if isinstance(bound, float):
            if math.isinf(bound):
                return np.full(len(values), (bound < 0) == at_least)
            b = math.ceil(bound) if at_least else math.floor(bound)
        else:
            b = bound
        info = np.iinfo(values.dtype)
        if b > info.max:
            return np.full(len(values), not at_least)
        if b < info.min:
            return np.full(len(values), at_least)
        t = values.dtype.type(b)
        out: np.ndarray = values >= t if at_least else values <= t
        return out
    f = _float_bound(bound, at_least) if isinstance(bound, int) else bound
    v = values.astype(np.float64, copy=False)
    out = v >= f if at_least else v <= f
    return out


def renamed(kwargs: Mapping[str, Any], names: Mapping[str, str], function: str) -> None:
    """CoterminousTypeError for an argument given by its old name (``names``: old -> new), and
    TypeError (as Python's own) for any other unknown keyword."""
    for k in kwargs:
        if k in names:
            raise CoterminousTypeError(f"{function}: `{k}=` was renamed `{names[k]}=` in 0.2.0")
        raise TypeError(f"{function}() got an unexpected keyword argument {k!r}")
