"""The per-theme gaps between paired bodies (:func:`gaps`)."""

from __future__ import annotations

from typing import Any, cast

import numpy as np

from .. import _core, _frame
from .._frame import pairs as frame
from .._frame.types import Table
from ..errors import CoterminousTypeError

__all__ = ["gaps"]


def _scores(paired: Any, kind: str, name: str, framework: Any) -> tuple[np.ndarray, np.ndarray]:
    """A score column of the paired table as int64 (0 where missing) and its missing mask, each
    score checked by the core's rule (an integer within the scale)."""
    _frame.require_columns(paired, kind, [name], "paired")
    values, mask = _frame.numeric_column(paired, kind, name, "paired")
    dtype = (
        np.int64
        if np.issubdtype(values.dtype, np.signedinteger)
        else np.uint64
        if np.issubdtype(values.dtype, np.unsignedinteger)
        else np.float64
    )
    values = np.ascontiguousarray(values, dtype=dtype)
    missing = np.zeros(len(values), dtype=bool) if mask is None else np.ascontiguousarray(mask, dtype=bool)
    if np.issubdtype(values.dtype, np.floating):
        missing |= np.isnan(values)
    _core.check_scores(framework._inner, values, arg="paired", column=name, missing=missing if missing.any() else None)
    return np.where(missing, 0, values).astype(np.int64), missing


def gaps(paired: Table, framework: Any) -> Table:
    """Per-theme differences between the paired bodies, left − right, and the total gap.

    Parameters
    ----------
    paired
        The result of :func:`pair`, with ``left_<theme>`` and ``right_<theme>`` columns for each
        theme of the framework.
    framework
        A :class:`Framework` or the name of a built-in one: its themes are the columns compared,
        and every score must lie within its scale.

    Returns
    -------
    table
        A new table of the same kind: the paired table followed by ``gap_<theme>`` for each theme
        and ``gap_total`` (the sum of the theme gaps, which is left total − right total), all int64
        and missing where a score is missing. The input is not modified.

    Raises
    ------
    ScoreError
        A score that is not an integer within the framework's scale, naming the column, the row
        and the value as given (unrounded).
    CoterminousTypeError
        ``framework`` is neither a Framework nor a name, or ``paired`` is not a table.
    CoterminousValueError
        ``paired`` already has a ``gap_`` column.
    ColumnNotFoundError
        A ``left_<theme>`` or ``right_<theme>`` column is absent.

    Examples
    --------
    >>> import pandas as pd
    >>> from coterminous import Framework
    >>> t = ["financial_reporting", "financial_management", "financial_standing", "internal_control", "value_for_money"]
    >>> paired = pd.DataFrame({**{f"left_{k}": [v] for k, v in zip(t, [3, 3, 4, 3, 3])},
    ...                        **{f"right_{k}": [v] for k, v in zip(t, [1, 1, 1, 2, 1])}})
    >>> gaps(paired, "cpa_use_of_resources")["gap_total"].tolist()
    [10]
    """
    from ..framework import Framework

    fw = (
        framework
        if isinstance(framework, Framework)
        else Framework.get(framework)
        if isinstance(framework, str)
        else None
    )
    if fw is None:
        raise CoterminousTypeError(
            f"framework: expected a Framework or a built-in name, got {type(framework).__name__}"
        )
    kind = frame.named_table(paired, "paired", "the table returned by pair()")
    new: dict[str, Any] = {}
    total = None
    total_missing = None
    for t in fw.themes:
        left, lm = _scores(paired, kind, f"left_{t}", fw)
        right, rm = _scores(paired, kind, f"right_{t}", fw)
        gap, missing = left - right, lm | rm
        new[f"gap_{t}"] = _frame.to_series(kind, f"gap_{t}", gap, missing if missing.any() else None)
        total = gap if total is None else total + gap
        total_missing = missing if total_missing is None else (total_missing | missing)
    assert total is not None and total_missing is not None
    new["gap_total"] = _frame.to_series(kind, "gap_total", total, total_missing if total_missing.any() else None)
    return cast(Table, _frame.with_columns(paired, kind, new, "paired"))
