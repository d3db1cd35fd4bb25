"""Grouped summaries of scores: modal averages with an explicit tie policy, and distributions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import numpy as np

from . import _core, _frame
from ._frame import scores as adapter
from ._frame.types import Table
from .errors import CoterminousTypeError, CoterminousValueError, TieError
from .framework import Framework
from .scoring import ThemeColumns, _framework, theme_columns

__all__ = ["distribution", "modes"]

Ties = Literal["low", "high", "error", "all"]


def _as_list(value: str | Sequence[str] | None, arg: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, Sequence) and not isinstance(value, (bytes, bytearray)):
        return list(value)
    raise CoterminousTypeError(f"{arg}: expected a column name or a list of names, got {type(value).__name__}")


def _themes(columns: str | ThemeColumns) -> tuple[list[str], list[str]]:
    """``columns=`` as (names out, columns read): a list reads and names each column as
    itself; a mapping of theme to column reads the column and names it as the theme."""
    if columns is None:
        raise CoterminousTypeError("columns: expected a column name, a list of names or a mapping of theme to column")
    mapping = theme_columns(columns)
    assert mapping is not None
    return list(mapping), list(mapping.values())


def _count(
    data: Any, by: Any, columns: Any, scale: tuple[int, int] | None, ties: str | None = None
) -> tuple[str, list[str], list[str], np.ndarray, list[Any]]:
    """Read the ``by`` and value columns and count (or, with ``ties``, pick the modes) in the
    core, which checks the column lists and the options. Returns the value columns' names
    out (the themes of a ``columns`` mapping)."""
    kind = _frame.kind_of(data)
    adapter.require_named_columns(kind)
    by_cols = _as_list(by, "by")
    themes, cols = _themes(columns)
    if ties is not None and not isinstance(ties, str):
        raise CoterminousTypeError(f"ties: expected 'low', 'high', 'error' or 'all', got {type(ties).__name__}")
    _frame.require_columns(data, kind, by_cols, "by")
    arrays, masks = _frame.numeric_columns(data, kind, cols, "columns")
    keys = [_frame.core_array(_frame.key_codes(data, kind, b)) for b in by_cols]
    clash = [t for t in themes if t in by_cols and t not in cols]
    if clash:
        raise CoterminousValueError(f"columns: the theme {clash[0]!r} is also a by column; name it otherwise")
    names = [_frame.core_name(c) for c in cols]
    key_names = [_frame.core_name(b) for b in by_cols]
    out: list[Any]
    if ties is not None:
        first_rows, out = _core.group_modes(key_names, keys, names, arrays, masks, ties)  # type: ignore[arg-type]
    else:
        first_rows, out = _core.group_counts(key_names, keys, names, arrays, masks, scale)
    return kind, by_cols, themes, first_rows, out


def modes(
    data: Table,
    *,
    by: str | Sequence[str] | None = None,
    columns: str | ThemeColumns,
    ties: Ties = "low",
) -> Table:
    """The modal (most frequent) value of each column, per group.

    Parameters
    ----------
    data : DataFrame, Table or dict of arrays
        A pandas or polars DataFrame, a pyarrow Table or a dict of 1-D arrays of integer scores.
    by : str or sequence of str, optional
        A column name or list of names to group by; groups appear in order of first appearance
        (a missing key is a group of its own). ``None``: one row for the whole table.
    columns : str, sequence of str or mapping of str to str
        The score columns to summarise: a column name, a list of names, or a mapping of theme
        to column (the result names each column as its theme). Missing values are left out of
        the counts; a group with no value in a column has a missing mode.
    ties : {"low", "high", "error", "all"}, default "low"
        What to do when several values are equally frequent:
        ``"low"`` (default) takes the smallest, the convention of the NLGN 2008 paper, whose
        modal averages this reproduces; ``"high"`` the largest; ``"error"`` raises TieError
        naming the group and column; ``"all"`` gives a list of every tied value, ascending.

    Returns
    -------
    DataFrame, Table or dict of arrays
        A table of the same kind: the ``by`` columns, then one column per summarised column
        (int64, nullable where a group has no values; lists with ``ties="all"``).

    Raises
    ------
    TieError
        ``ties="error"`` and several values tie for the mode; the message names the group (by
        its keys and first row), the column and the tied values.
    ScoreError
        A value is not a whole number that fits int64, or a column is not numeric.
    ColumnNotFoundError
        A ``by`` or value column is not in the data.
    CoterminousValueError
        ``ties`` is not one of the four policies; ``columns`` is empty, names a column twice
        or names a ``by`` column.
    CoterminousTypeError
        ``data`` is a numpy array (columns need names) or of a type coterminous cannot read;
        ``columns``, ``by`` or ``ties`` is of the wrong type.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"sector": ["pct", "pct", "council", "pct"], "fr": [2, 1, 3, 1]})
    >>> modes(df, by="sector", columns="fr")
        sector  fr
    0      pct   1
    1  council   3
    >>> modes(df, columns={"financial_reporting": "fr"})
       financial_reporting
    0                    1
    """
    kind, by_cols, cols, first_rows, picked = _count(data, by, columns, None, ties=ties)
    out: dict[str, Any] = {}
    rows = first_rows.astype(np.int64)
    if by_cols:
        out.update(_frame.take_rows(data, kind, by_cols, rows))
    for c, (offsets, values, missing, tied_group) in zip(cols, picked):
        if tied_group is not None:
            group = _describe_group(data, kind, by_cols, int(rows[tied_group]))
            raise TieError(f"ties='error': {group}, column {c!r}: the values {values.tolist()} are tied for the mode")
        if offsets is not None:
            out[c] = _frame.list_series(kind, c, offsets, values)
        else:
            out[c] = _frame.to_series(kind, c, values, missing)
    result: Table = _frame.new_table(kind, out)
    return result


def _describe_group(data: Any, kind: str, by_cols: list[str], row: int) -> str:
    if not by_cols:
        return "the whole table"
    values = adapter.first_values(data, kind, by_cols, row)
    return "group " + ", ".join(f"{b}={v!r}" for b, v in zip(by_cols, values)) + f" (first at row {row})"


def distribution(
    data: Table,
    *,
    by: str | Sequence[str] | None = None,
    columns: str | ThemeColumns,
    framework: Framework | str | None = None,
) -> Table:
    """How often each score occurs, per group and column, in long form.

    Parameters
    ----------
    data : DataFrame, Table or dict of arrays
        A pandas or polars DataFrame, a pyarrow Table or a dict of 1-D arrays of integer scores.
    by : str or sequence of str, optional
        A column name or list of names to group by; groups appear in order of first appearance.
        ``None``: the whole table is one group.
    columns : str, sequence of str or mapping of str to str
        The score columns to count: a column name, a list of names, or a mapping of theme to
        column (the ``column`` of the result is then the theme). Missing values are left out.
    framework : Framework or str, optional
        Without a framework only the scores that occur are listed; with one (or the name of a
        built-in one), every value of its scale is listed, zero counts included.

    Returns
    -------
    DataFrame, Table or dict of arrays
        A table of the same kind with columns ``by..., column, score, count, share``: ``share``
        is ``count`` over the group's non-missing values in that column (missing when the
        group has none). Groups come in order of first appearance, then columns in the order
        given, then scores ascending.

    Raises
    ------
    ScoreError
        A value is outside the framework's scale, or (without a framework) not a whole number
        that fits int64.
    ColumnNotFoundError
        A ``by`` or value column is not in the data.
    CoterminousValueError
        ``columns`` is empty, names a column twice or names a ``by`` column.
    CoterminousTypeError
        ``data`` is a numpy array (columns need names), ``framework`` is neither a
        Framework nor a name, or ``columns`` or ``by`` is of the wrong type.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"fr": [2, 1, 2, 4]})
    >>> distribution(df, columns="fr", framework="ale")
      column  score  count  share
    0     fr      1      1   0.25
    1     fr      2      2   0.50
    2     fr      3      0   0.00
    3     fr      4      1   0.25
    """
    scale = None
    if framework is not None:
        fw = _framework(framework)
        scale = (fw.scale.min, fw.scale.max)
    kind, by_cols, cols, first_rows, counts = _count(data, by, columns, scale)
    parts_group, parts_col, parts_score, parts_count, parts_share, parts_null = [], [], [], [], [], []
    for j, (offsets, values, cnts) in enumerate(counts):
        offsets = offsets.astype(np.int64)
        sizes = np.diff(offsets)
        group = np.repeat(np.arange(len(sizes), dtype=np.int64), sizes)
        cumulative = np.concatenate([[0], np.cumsum(cnts, dtype=np.int64)])
        totals = (cumulative[offsets[1:]] - cumulative[offsets[:-1]])[group]
        with np.errstate(invalid="ignore", divide="ignore"):
            share = cnts / totals
        parts_group.append(group)
        parts_col.append(np.full(len(group), j, dtype=np.int64))
        parts_score.append(values)
        parts_count.append(cnts.astype(np.int64))
        parts_share.append(np.nan_to_num(share))
        parts_null.append(totals == 0)
    group = np.concatenate(parts_group)
    order = np.argsort(group, kind="stable")
    group = group[order]
    col_idx = np.concatenate(parts_col)[order]
    null_share = np.concatenate(parts_null)[order]
    out: dict[str, Any] = {}
    if by_cols:
        out.update(_frame.take_rows(data, kind, by_cols, first_rows.astype(np.int64)[group]))
    names = np.array([str(c) for c in cols], dtype=object)[col_idx]
    out["column"] = adapter.string_series(kind, "column", names)
    out["score"] = _frame.to_series(kind, "score", np.concatenate(parts_score)[order])
    out["count"] = _frame.to_series(kind, "count", np.concatenate(parts_count)[order])
    out["share"] = _frame.to_series(
        kind, "share", np.concatenate(parts_share)[order], null_share if null_share.any() else None
    )
    result: Table = _frame.new_table(kind, out)
    return result
