"""How each unit of an overlap table relates to the other side (:func:`relationships`)."""

from __future__ import annotations

from typing import Any, cast

import numpy as np

from .. import _core, _frame
from .._frame import pairs as frame
from .._frame.types import Table
from ._common import _check_codes, _code_type, _shares, renamed

__all__ = ["relationships", "RELATIONSHIPS"]

RELATIONSHIPS = ("coterminous", "nested", "split", "overlapping")


def _factorize(values: list[Any], arg: str, column: str) -> tuple[list[Any], np.ndarray]:
    """Distinct values (sorted where they can be) and each value's index among them."""
    _check_codes(values, arg, column)
    distinct = list(dict.fromkeys(values))
    try:
        distinct.sort()
    except TypeError:
        pass
    index = {v: i for i, v in enumerate(distinct)}
    return distinct, np.fromiter((index[v] for v in values), dtype=np.uint32, count=len(values))


def relationships(overlap_table: Table, *, min_coterminosity: float = 0.95, **renamed_args: Any) -> Table:
    """How each unit on each side of an overlap table relates to the other side.

    Parameters
    ----------
    overlap_table
        The result of :func:`overlap` (columns ``left, right, left_share, right_share``).
    min_coterminosity
        The share, in (0, 1], that counts as "all of it" (default 0.95). Named ``threshold``
        before 0.2.0; the old name raises CoterminousTypeError.

    Returns
    -------
    table
        A table of the same kind (a dict of columns for a dict), one row per unit on each side (left units first, each side in
        code order): ``side`` (``"left"`` or ``"right"``), ``unit`` (its code), ``relationship``
        and ``partners`` (the codes of the units on the other side it shares weight with, largest
        share of the unit first; a row of zero weight links nothing). The relationship is

        - ``"coterminous"``: one partner holds at least ``min_coterminosity`` of the unit and the unit
          holds at least ``min_coterminosity`` of that partner;
        - ``"nested"``: at least ``min_coterminosity`` of the unit lies in one partner, which is bigger;
        - ``"split"``: no single partner holds it, and every partner is nested in it;
        - ``"overlapping"``: anything else (including a unit of total weight 0, which has no
          partners).

    Raises
    ------
    CoterminousValueError
        A ``min_coterminosity`` outside (0, 1], a missing code, or a column name that appears
        twice.
    CoterminousTypeError
        ``min_coterminosity`` is not a number; ``overlap_table`` is not a table; a code column mixes types (``1``, ``1.0``, ``True``:
        equal in Python, different codes, so never merged); or, for polars and pyarrow, the left
        and right codes differ in type (ints and strings), which one ``unit`` column cannot hold
        (pandas gives an object column of the codes as they are).
    ColumnNotFoundError
        A column of the overlap table is absent.

    Examples
    --------
    >>> import pandas as pd
    >>> from coterminous import overlap
    >>> lookup = pd.DataFrame({"pct": ["A", "B", "B", "C"], "la": ["x", "y", "z", "z"], "pop": [5, 3, 3, 1]})
    >>> relationships(overlap(lookup, left="pct", right="la", weight="pop"))
        side unit relationship partners
    0   left    A  coterminous      [x]
    1   left    B  overlapping   [y, z]
    2   left    C       nested      [z]
    3  right    x  coterminous      [A]
    4  right    y       nested      [B]
    5  right    z  overlapping   [B, C]
    """
    renamed(renamed_args, {"threshold": "min_coterminosity"}, "relationships")
    kind = frame.named_table(overlap_table, "overlap_table", "the table returned by overlap()")
    _frame.require_columns(overlap_table, kind, ["left", "right", "left_share", "right_share"], "overlap_table")
    lu, li = _factorize(frame.column_list(overlap_table, kind, "left", "overlap_table"), "overlap_table", "left")
    ru, ri = _factorize(frame.column_list(overlap_table, kind, "right", "overlap_table"), "overlap_table", "right")
    ls = _shares(overlap_table, kind, "left_share", "overlap_table")
    rs = _shares(overlap_table, kind, "right_share", "overlap_table")
    sides: list[str] = []
    units: list[Any] = []
    rels: list[str] = []
    partners: list[list[Any]] = []
    for side, own_units, other_units, own, other, own_s, other_s in (
        ("left", lu, ru, li, ri, ls, rs),
        ("right", ru, lu, ri, li, rs, ls),
    ):
        # the core checks min_coterminosity: a number in (0, 1]
        side_rel = _core.relationships_side(len(own_units), own, other, own_s, other_s, min_coterminosity)
        codes, offsets, part = side_rel.codes, side_rel.offsets, side_rel.partners
        sides += [side] * len(own_units)
        units += own_units
        rels += [RELATIONSHIPS[c] for c in codes.tolist()]
        p = part.tolist()
        o = offsets.tolist()
        partners += [[other_units[x] for x in p[o[u] : o[u + 1]]] for u in range(len(own_units))]
    out_kind = frame.result_kind(kind)
    if lu and ru:
        frame.check_one_column_type(out_kind, "overlap_table", _code_type(lu[0]), _code_type(ru[0]))
    return cast(
        Table,
        _frame.new_table(
            out_kind,
            {
                "side": frame.python_column(out_kind, "side", sides),
                "unit": frame.python_column(out_kind, "unit", units),
                "relationship": frame.python_column(out_kind, "relationship", rels),
                "partners": frame.python_column(out_kind, "partners", partners, lists=True),
            },
        ),
    )
