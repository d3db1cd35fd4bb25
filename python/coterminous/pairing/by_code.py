"""Pairing two score tables on equal codes (``pair(on=)`` without a lookup)."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import _frame
from .._frame import pairs as frame
from ..errors import CoterminousValueError
from ._common import _check_codes, _check_same_code_type

__all__ = ["codes_of", "row_of", "pair_on_codes"]


def codes_of(data: Any, kind: str, column: str, arg: str) -> list[Any]:
    """The codes of a score table's column, checked: none missing, all of one kind."""
    _frame.require_columns(data, kind, [column], arg)
    values = frame.column_list(data, kind, column, arg)
    _check_codes(values, arg, column)
    return values


def row_of(values: list[Any], arg: str, column: str) -> dict[Any, int]:
    """The row of each code; a code that appears twice is a CoterminousValueError."""
    rows: dict[Any, int] = {}
    for r, v in enumerate(values):
        if v in rows:
            raise CoterminousValueError(
                f"{arg}: column {column!r}, row {r}: the code {v!r} is also in row {rows[v]}; "
                "each body must appear once"
            )
        rows[v] = r
    return rows


def pair_on_codes(
    lcodes: list[Any], lc: str, rcodes: list[Any], rc: str, rrow: dict[Any, int]
) -> tuple[np.ndarray, np.ndarray]:
    """The left and right rows of the pairs whose codes are equal (and of one kind), in left
    row order; ``rrow`` is the row of each right code."""
    _check_same_code_type(lcodes, f"left_scores column {lc!r}", rcodes, f"right_scores column {rc!r}")
    pairs = [(r, rrow[c]) for r, c in enumerate(lcodes) if c in rrow]
    lrows = np.array([p[0] for p in pairs], dtype=np.int64)
    rrows = np.array([p[1] for p in pairs], dtype=np.int64)
    return lrows, rrows
