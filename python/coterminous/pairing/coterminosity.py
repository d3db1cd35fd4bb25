"""Co-terminosity of two sets of areas from a small-area lookup (:func:`overlap`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from .. import _core, _frame
from ..crosswalk._common import check_names, name_column
from ..errors import CoterminousTypeError, CoterminousValueError

__all__ = ["overlap"]


def _float_series(kind: str, name: str, values: np.ndarray) -> Any:
    nan = np.isnan(values)
    return _frame.to_series(kind, name, values, nan if nan.any() else None)


def overlap(
    lookup: Any, *, left: str, right: str, weight: str | None = None, names: Mapping[Any, Any] | None = None
) -> Any:
    """Co-terminosity of two sets of areas from a lookup of small areas (or postcodes).

    Parameters
    ----------
    lookup
        One row per small area with its left code, its right code and optionally a weight
        such as its population: a pandas or polars DataFrame, a pyarrow Table, a dict of columns
        (lists or numpy arrays), a
        ``pyarrow.RecordBatchReader`` or any object with ``__arrow_c_stream__`` (read batch by
        batch, never whole into memory). Codes are strings or integers; Arrow strings are read
        in place, without conversion to Python objects.
    left, right
        The columns of the two codes.
    weight
        The column of weights (numbers, 0 or more); without it each row counts 1.
    names
        A mapping of codes to names (both sides' codes in one mapping, as the shipped lookups
        give them): adds ``left_name`` and ``right_name`` at the end (missing for a code the
        mapping lacks), so the table reads as names in a notebook.

    Returns
    -------
    table
        A table ``left, right, weight, left_share, right_share, coterminosity``, one row per code
        pair, sorted by left then right code: ``weight`` summed over the pair's rows (the row count,
        int64, without ``weight=``), ``left_share`` the pair's weight over the left unit's total,
        ``right_share`` over the right unit's, and ``coterminosity`` the smaller of the two (1.0:
        the two units cover the same ground). A share is missing when its unit's total is 0. The
        table is of the lookup's kind (pandas, polars; pyarrow for Arrow tables and streams; a dict
        of numpy arrays for a dict of columns). Only pyarrow input needs pyarrow.

    Raises
    ------
    CoterminousValueError
        A missing code, or a NaN, infinite or negative weight, naming the column and row; a
        column name held twice by a pandas lookup.
    CoterminousTypeError
        A lookup that is not a table or Arrow stream, column names that are not strings, or a
        column whose values are neither all strings nor all integers (codes) or numbers
        (weights), naming the column and the first row of another kind (``1``, ``True`` and
        ``"1"`` are never one code).
    ColumnNotFoundError
        A column not in the lookup (a KeyError).
    CoterminousTypeError
        ``names`` that is not a mapping.

    Examples
    --------
    >>> import pandas as pd
    >>> lookup = pd.DataFrame({"pct": ["A", "A", "B"], "la": ["x", "y", "y"], "pop": [30, 10, 60]})
    >>> overlap(lookup, left="pct", right="la", weight="pop")
      left right  weight  left_share  right_share  coterminosity
    0    A     x    30.0        0.75     1.000000       0.750000
    1    A     y    10.0        0.25     0.142857       0.142857
    2    B     y    60.0        1.00     0.857143       0.857143
    >>> names = {"A": "Bexley PCT", "B": "Kent PCT", "x": "Bexley", "y": "Kent"}
    >>> overlap(lookup, left="pct", right="la", weight="pop", names=names)[["left_name", "right_name"]]
        left_name right_name
    0  Bexley PCT     Bexley
    1  Bexley PCT       Kent
    2    Kent PCT       Kent
    """
    names = check_names(names)
    for arg, v in (("left", left), ("right", right)):
        if not isinstance(v, str):
            raise CoterminousTypeError(f"{arg}: expected a column name, got {type(v).__name__}")
    if weight is not None and not isinstance(weight, str):
        raise CoterminousTypeError(f"weight: expected a column name or None, got {type(weight).__name__}")
    named: list[tuple[str, str | None]] = [("left", left), ("right", right), ("weight", weight)]
    for which, col in named:
        if col is not None and _frame.core_name(col) != col:  # Arrow names are UTF-8
            raise CoterminousValueError(f"{which}: the column name {col!r} cannot be encoded as UTF-8")
    cols = list(dict.fromkeys([left, right] + ([weight] if weight is not None else [])))
    kind, stream, columns = _frame.table_input(lookup, cols, "lookup")
    if columns is None:
        t = _core.overlap_stream(stream, left, right, weight)
    else:
        w = columns[weight] if weight is not None else None
        t = _core.overlap_columns(columns[left], columns[right], w, (left, right, weight))
    w = t.weight
    weights = _frame.to_series(kind, "weight", w if weight is not None else np.rint(w).astype(np.int64))
    out = {
        "left": _frame.code_column(kind, "left", t.left_units, t.left),
        "right": _frame.code_column(kind, "right", t.right_units, t.right),
        "weight": weights,
        "left_share": _float_series(kind, "left_share", t.left_share),
        "right_share": _float_series(kind, "right_share", t.right_share),
        "coterminosity": _float_series(kind, "coterminosity", t.coterminosity),
    }
    if names is not None:
        for side, units, idx in (("left", t.left_units, t.left), ("right", t.right_units, t.right)):
            codes = (
                [units[i] for i in np.asarray(idx).tolist()]
                if isinstance(units, list)
                else np.asarray(units)[idx].tolist()
            )
            out[f"{side}_name"] = name_column(kind, f"{side}_name", codes, names)
    return _frame.new_table(kind, out)
