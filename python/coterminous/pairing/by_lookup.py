"""Pairing two score tables through a lookup (``pair(on=, lookup=)``): co-terminosity from an
overlap table, then the optimal one-to-one assignment on it."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import _frame
from .._frame import pairs as frame
from ..errors import CoterminousValueError
from ._common import _check_same_code_type, _shares
from .assignment import match_edges
from .coterminosity import overlap

__all__ = ["as_overlap", "pair_through_lookup"]


def as_overlap(lookup: Any, lookup_columns: Any) -> Any:
    """An overlap table: ``lookup`` itself if it is one, else ``overlap(lookup, ...)``."""
    if lookup_columns is None:
        kind = frame.maybe_named_table(lookup, "lookup")
        if kind is not None:
            have = _frame.column_names(lookup, kind)
            if all(c in have for c in ("left", "right", "coterminosity")):
                return lookup
        raise CoterminousValueError(
            "lookup: not an overlap table (columns left, right, coterminosity); for a raw lookup pass "
            "lookup_columns=(left_code, right_code[, weight])"
        )
    if not isinstance(lookup_columns, (tuple, list)) or len(lookup_columns) not in (2, 3):
        raise CoterminousValueError(
            f"lookup_columns: expected (left, right) or (left, right, weight), got {lookup_columns!r}"
        )
    weight = lookup_columns[2] if len(lookup_columns) == 3 else None
    return overlap(lookup, left=lookup_columns[0], right=lookup_columns[1], weight=weight)


def pair_through_lookup(
    lcodes: list[Any],
    lrow: dict[Any, int],
    lc: str,
    rcodes: list[Any],
    rrow: dict[Any, int],
    rc: str,
    ov: Any,
    min_coterminosity: float | None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The left rows, right rows and co-terminosity of the pairs assigned on the overlap table
    ``ov`` (only codes present in the score tables take part, at least ``min_coterminosity``)."""
    okind = frame.named_table(ov, "lookup")
    ol = frame.column_list(ov, okind, "left", "lookup")
    orr = frame.column_list(ov, okind, "right", "lookup")
    _check_same_code_type(ol, "the lookup's left column", lcodes, f"left_scores column {lc!r}")
    _check_same_code_type(orr, "the lookup's right column", rcodes, f"right_scores column {rc!r}")
    cot = _shares(ov, okind, "coterminosity", "lookup")
    keep = np.array([a in lrow and b in rrow for a, b in zip(ol, orr)], dtype=bool)
    keep &= ~np.isnan(cot) & (cot > 0)
    if min_coterminosity is not None:
        keep &= cot >= min_coterminosity
    idx = np.flatnonzero(keep)
    # assign on the left and right rows of the score tables
    li = np.array([lrow[ol[k]] for k in idx], dtype=np.int64)
    ri = np.array([rrow[orr[k]] for k in idx], dtype=np.int64)
    m = match_edges(li, ri, cot[idx], len(lcodes), len(rcodes), 0.0)
    return m.rows, m.cols, m.weights
