"""Pairing two score tables by the names of their bodies (``pair(names=)``), through
``coterminous.names.pair_names``."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import _frame
from .._frame import pairs as frame
from ..errors import CoterminousValueError

__all__ = ["pair_by_names"]


def pair_by_names(
    left: Any,
    lkind: str,
    right: Any,
    rkind: str,
    names: tuple[str, str],
    block: tuple[str, str] | None,
    min_score: float | None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The left rows, right rows and name scores of the pairs, in left row order. The name and
    block columns are handed to ``pair_names`` with their values as the tables hold them (a
    missing name is never paired; equal block values block together across kinds)."""
    try:
        from ..names import pair_names  # type: ignore[import-not-found,unused-ignore]
    except ImportError as e:
        raise CoterminousValueError("names= pairing needs coterminous.names") from e
    ln, rn = names
    _frame.require_columns(left, lkind, [ln], "left_scores")
    _frame.require_columns(right, rkind, [rn], "right_scores")
    lnames = frame.column_list(left, lkind, ln, "left_scores")
    rnames = frame.column_list(right, rkind, rn, "right_scores")
    kw: dict[str, Any] = {} if min_score is None else {"min_score": min_score}
    if block is not None:
        lbk, rbk = block
        _frame.require_columns(left, lkind, [lbk], "left_scores")
        _frame.require_columns(right, rkind, [rbk], "right_scores")
        kw["left_block"] = frame.column_list(left, lkind, lbk, "left_scores")
        kw["right_block"] = frame.column_list(right, rkind, rbk, "right_scores")
    p = pair_names(lnames, rnames, backend="dict", **kw)
    lrows = np.asarray(p["left_index"], dtype=np.int64)
    order = np.argsort(lrows, kind="stable")
    rrows = np.asarray(p["right_index"], dtype=np.int64)[order]
    score = np.asarray(p["score"], dtype=np.float64)[order]
    return lrows[order], rrows, score
