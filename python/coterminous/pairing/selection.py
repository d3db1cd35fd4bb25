"""The paper's questions asked of pairs: the :func:`candidates` for a pilot (a strong left body
beside a weak right one) and the :func:`sensitivity` of that selection to its thresholds."""

from __future__ import annotations

import itertools
from typing import Any, cast

import numpy as np

from .. import _frame
from .._frame import pairs as frame
from .._frame.types import Table
from ..errors import CoterminousTypeError, CoterminousValueError
from ._common import _bound, compare, renamed

__all__ = ["candidates", "sensitivity"]

_GRIDS = ("left_min", "right_max", "min_coterminosity", "measure")


def _measure(measure: Any) -> str:
    if not isinstance(measure, str):
        raise CoterminousTypeError(f"measure: expected 'total', 'overall' or a theme name, got {measure!r}")
    return measure


def _keep(
    paired: Any, kind: str, column: str, bound: int | float | None, at_least: bool, keep: np.ndarray
) -> np.ndarray:
    """``keep`` and the rows whose ``column`` is at least (``at_least``) or at most ``bound``,
    compared exactly; a missing value passes no bound."""
    if bound is None:
        return keep
    _frame.require_columns(paired, kind, [column], "paired")
    values, mask = _frame.numeric_column(paired, kind, column, "paired")
    values = np.asarray(values)
    ok = compare(values, bound, at_least)
    if mask is not None:
        ok &= ~mask
    if np.issubdtype(values.dtype, np.floating):
        ok &= ~np.isnan(values)
    out: np.ndarray = keep & ok
    return out


def _candidate_mask(
    paired: Any,
    kind: str,
    left_min: int | float | None,
    right_max: int | float | None,
    min_coterminosity: int | float | None,
    measure: str,
) -> np.ndarray:
    keep = np.ones(frame.n_rows(paired, kind), dtype=bool)
    keep = _keep(paired, kind, f"left_{measure}", left_min, True, keep)
    keep = _keep(paired, kind, f"right_{measure}", right_max, False, keep)
    return _keep(paired, kind, "coterminosity", min_coterminosity, True, keep)


def candidates(
    paired: Table,
    *,
    left_min: float | None = None,
    right_max: float | None = None,
    min_coterminosity: float | None = None,
    measure: str = "total",
    **renamed_args: Any,
) -> Table:
    """The pairs where a strong left body stands beside a weak right body.

    This is the NLGN paper's Figure 3 selection made explicit: with councils on the left and
    PCTs on the right, ``candidates(paired, left_min=4, right_max=1, measure="stars")`` keeps
    the areas where a 4-star council lines up with a 1-star PCT.

    Parameters
    ----------
    paired
        The result of :func:`pair` (or of :func:`gaps`).
    left_min
        Keep pairs whose ``left_<measure>`` is at least this (None: no bound).
    right_max
        Keep pairs whose ``right_<measure>`` is at most this (None: no bound).
    min_coterminosity
        Keep pairs whose ``coterminosity`` is at least this (None: no bound).
    measure
        The measure compared: ``"total"``, ``"overall"``, a theme name, or any measure the
        paired table has as ``left_<measure>`` and ``right_<measure>``. Named ``on`` before
        0.2.0 (``on=`` is a join key now); the old name raises CoterminousTypeError.

    Returns
    -------
    table
        The rows of ``paired`` that pass every bound, in their order, as a table of the same kind.
        A pair with a missing value in a bounded column is not a candidate. Bounds are compared
        exactly: integer columns as integers, whatever the size of the bound.

    Raises
    ------
    CoterminousTypeError
        A bound that is neither a number nor None (a 0-d numpy array counts as its value), a
        ``measure`` that is not a string, or ``paired`` that is not a table.
    CoterminousValueError
        A NaN bound, or a bounded column whose name appears twice.
    ColumnNotFoundError
        A bounded column (``left_<measure>``, ``right_<measure>``, ``coterminosity``) is absent.

    Examples
    --------
    >>> import pandas as pd
    >>> paired = pd.DataFrame({"left_total": [16, 12, 18], "right_total": [6, 9, 14]})
    >>> candidates(paired, left_min=15, right_max=10)
       left_total  right_total
    0          16            6
    """
    renamed(renamed_args, {"on": "measure"}, "candidates")
    lm, rm, mc = (
        _bound(v, a)
        for a, v in (("left_min", left_min), ("right_max", right_max), ("min_coterminosity", min_coterminosity))
    )
    kind = frame.named_table(paired, "paired", "the table returned by pair()")
    keep = _candidate_mask(paired, kind, lm, rm, mc, _measure(measure))
    return cast(Table, frame.take_table(paired, kind, _frame.column_names(paired, kind), np.flatnonzero(keep), {}))


def _grid(value: Any) -> list[Any]:
    """The values of one grid: a list, tuple, range or 1-D array, or a single value (a 0-d
    array counts as its value)."""
    if isinstance(value, np.ndarray):
        return [value[()]] if value.ndim == 0 else list(value)
    if isinstance(value, (list, tuple, range)):
        return list(value)
    return [value]


def sensitivity(paired: Table, **grids: Any) -> Table:
    """How many candidate pairs each combination of thresholds selects.

    Parameters
    ----------
    paired
        The result of :func:`pair`.
    **grids
        Any of ``left_min``, ``right_max``, ``min_coterminosity`` and ``measure`` (named ``on``
        before 0.2.0), each a single value or a list of values to try (None: no bound).

    Returns
    -------
    table
        A table of the paired table's kind with one row per combination (the first grid varies
        slowest): a column per grid, then ``count``, the number of :func:`candidates`.

    Raises
    ------
    CoterminousValueError
        An unknown grid, no grid, an empty grid, or a NaN bound.
    CoterminousTypeError
        A bound that is neither a number nor None, a grid given by its old name (``on``), or
        ``paired`` that is not a table.
    ColumnNotFoundError
        A bounded column is absent.

    Examples
    --------
    >>> import pandas as pd
    >>> paired = pd.DataFrame({"left_total": [16, 12, 18], "right_total": [6, 9, 14]})
    >>> sensitivity(paired, left_min=[12, 15], right_max=[10, 14])
       left_min  right_max  count
    0        12         10      2
    1        12         14      3
    2        15         10      1
    3        15         14      2
    """
    if "on" in grids:
        raise CoterminousTypeError("sensitivity: `on=` was renamed `measure=` in 0.2.0")
    unknown = [k for k in grids if k not in _GRIDS]
    if unknown:
        raise CoterminousValueError(f"sensitivity: unknown grids {unknown}; the grids are {list(_GRIDS)}")
    if not grids:
        raise CoterminousValueError("sensitivity: give at least one grid, e.g. left_min=[3, 4]")
    kind = frame.named_table(paired, "paired", "the table returned by pair()")
    keys = list(grids)
    values = [_grid(v) for v in grids.values()]
    checked = []
    for k, vs in zip(keys, values):
        if not vs:
            raise CoterminousValueError(f"{k}: the grid is empty")
        checked.append([_measure(v) if k == "measure" else _bound(v, k) for v in vs])
    combos = list(itertools.product(*checked))
    counts = []
    for combo in combos:
        kw: dict[str, Any] = {"left_min": None, "right_max": None, "min_coterminosity": None, "measure": "total"}
        kw.update(zip(keys, combo))
        mask = _candidate_mask(paired, kind, kw["left_min"], kw["right_max"], kw["min_coterminosity"], kw["measure"])
        counts.append(int(mask.sum()))
    cols = {k: frame.python_column(kind, k, [c[i] for c in combos]) for i, k in enumerate(keys)}
    cols["count"] = _frame.to_series(kind, "count", np.array(counts, dtype=np.int64))
    return cast(Table, _frame.new_table(kind, cols))
