"""Pairs of bodies: :func:`pair` two score tables one to one, by a shared code
(:mod:`.by_code`), through a lookup (:mod:`.by_lookup`) or by names (:mod:`.by_names`). What
comes after pairing is in :mod:`.gap_table` (:func:`gaps`) and :mod:`.selection`
(:func:`candidates`, :func:`sensitivity`)."""

from __future__ import annotations

from typing import Any, cast

from .._frame import pairs as frame
from .._frame.types import Table
from ..errors import CoterminousValueError
from ._common import _bound
from .by_code import codes_of, pair_on_codes, row_of
from .by_lookup import as_overlap, pair_through_lookup
from .by_names import pair_by_names

__all__ = ["pair"]


def _two(value: Any, arg: str) -> tuple[str, str]:
    """A column name for both sides, or a (left, right) pair of names."""
    if isinstance(value, str):
        return value, value
    if isinstance(value, (tuple, list)) and len(value) == 2 and all(isinstance(v, str) for v in value):
        return value[0], value[1]
    raise CoterminousValueError(f"{arg}: expected a column name or a (left, right) pair of names, got {value!r}")


def pair(
    left_scores: Table,
    right_scores: Any,
    *,
    on: str | tuple[str, str] | None = None,
    lookup: Any = None,
    lookup_columns: tuple[str, str] | tuple[str, str, str] | None = None,
    names: str | tuple[str, str] | None = None,
    min_coterminosity: float | None = None,
    min_score: float | None = None,
    block: str | tuple[str, str] | None = None,
) -> Table:
    """Pair two score tables one to one: by a shared code, through a lookup, or by names.

    Parameters
    ----------
    left_scores, right_scores
        Tables of bodies (pandas or polars DataFrames or pyarrow Tables), one row per body.
    on
        The column holding each body's code, one name for both tables or a ``(left, right)``
        pair. Without ``lookup=``, rows whose codes are equal are paired.
    lookup
        Links left codes to right codes: an overlap table (the result of :func:`overlap`), or a
        raw small-area lookup with ``lookup_columns=(left, right[, weight])`` that is first
        turned into one. The bodies are then paired by :func:`assign` on co-terminosity (only
        codes present in the score tables take part), so each body has at most one partner.
    lookup_columns
        The left code, right code and optional weight columns of a raw lookup.
    names
        The column holding each body's name (one name or a ``(left, right)`` pair): bodies are
        paired by ``coterminous.names.pair_names``. A body whose name is missing is never
        paired.
    min_coterminosity
        With ``lookup=`` only: pairs below this co-terminosity are not made (default: any
        co-terminosity above 0).
    min_score
        With ``names=`` only: passed on to ``pair_names``.
    block
        With ``names=`` only: the column (one name or a ``(left, right)`` pair) of block values
        (a region, a type of body); bodies are paired only within equal values (passed on to
        ``pair_names`` as ``left_block``/``right_block``, with the values the tables hold).

    Returns
    -------
    table
        A table of the left table's kind, one row per pair in the left table's row order: every
        column of the left table prefixed ``left_``, every column of the right table prefixed
        ``right_``, then the evidence: ``coterminosity`` (with ``lookup=``) or ``name_score``
        (with ``names=``, 0-100).

    Raises
    ------
    CoterminousValueError
        Options that do not go together (``names=`` with ``on=`` or ``lookup=``, a floor without
        its pairing), a code that is missing or appears twice in a table, a NaN
        ``min_coterminosity``, a column name that appears twice in a table, or a ``lookup`` that
        is not an overlap table without ``lookup_columns=``.
    CoterminousTypeError
        A score table that is not a table with named columns, or a ``min_coterminosity`` that is
        not a number.
    ColumnNotFoundError
        A named column absent from its table.

    Examples
    --------
    >>> import pandas as pd
    >>> councils = pd.DataFrame({"code": ["E1", "E2"], "total": [16, 12]})
    >>> pcts = pd.DataFrame({"code": ["E2", "E1", "E3"], "total": [9, 6, 10]})
    >>> pair(councils, pcts, on="code")
      left_code  left_total right_code  right_total
    0        E1          16         E1            6
    1        E2          12         E2            9
    """
    if names is not None and (on is not None or lookup is not None):
        raise CoterminousValueError("names: pair by names alone; do not also give on= or lookup=")
    if names is None and on is None:
        raise CoterminousValueError(
            "pair: give on= (the code columns: paired on equal codes, or through lookup=) or names= (the name columns)"
        )
    if min_score is not None and names is None:
        raise CoterminousValueError("min_score: a floor on name scores, used only with names=")
    if block is not None and names is None:
        raise CoterminousValueError("block: block columns for name pairing, used only with names=")
    if min_coterminosity is not None and lookup is None:
        raise CoterminousValueError("min_coterminosity: a floor on co-terminosity, used only with lookup=")
    if lookup_columns is not None and lookup is None:
        raise CoterminousValueError("lookup_columns: the columns of a raw lookup, used only with lookup=")
    floor = _bound(min_coterminosity, "min_coterminosity")
    lkind = frame.named_table(left_scores, "left_scores")
    rkind = frame.named_table(right_scores, "right_scores")

    if names is not None:
        blocks = None if block is None else _two(block, "block")
        lrows, rrows, score = pair_by_names(
            left_scores, lkind, right_scores, rkind, _two(names, "names"), blocks, min_score
        )
        return cast(
            Table, frame.join_rows(left_scores, lkind, right_scores, rkind, lrows, rrows, {"name_score": score})
        )

    lc, rc = _two(on, "on")
    lcodes = codes_of(left_scores, lkind, lc, "left_scores")
    rcodes = codes_of(right_scores, rkind, rc, "right_scores")
    lrow = row_of(lcodes, "left_scores", lc)
    rrow = row_of(rcodes, "right_scores", rc)
    if lookup is None:
        lrows, rrows = pair_on_codes(lcodes, lc, rcodes, rc, rrow)
        return cast(Table, frame.join_rows(left_scores, lkind, right_scores, rkind, lrows, rrows, {}))
    ov = as_overlap(lookup, lookup_columns)
    lrows, rrows, cot = pair_through_lookup(lcodes, lrow, lc, rcodes, rrow, rc, ov, floor)
    return cast(Table, frame.join_rows(left_scores, lkind, right_scores, rkind, lrows, rrows, {"coterminosity": cot}))
