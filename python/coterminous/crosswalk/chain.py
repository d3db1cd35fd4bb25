"""Lookups joined through shared codes, with the checks a chain needs (:func:`chain`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from .. import _core, _frame
from .._frame import crosswalk as cw
from ..errors import CoterminousTypeError, CoterminousValueError
from ._common import Errors, as_python, check_choice, check_same_type, listed, report, table_kind

__all__ = ["chain"]

_MISSING_KEY = np.iinfo(np.uint32).max


def _steps(table: Any, on: Any, share: Any) -> list[tuple[Any, str, str, str | None]]:
    """``(table, lookup column, table column, share column)`` per table of the chain."""
    tables = list(table) if isinstance(table, (list, tuple)) else [table]
    ons = list(on) if isinstance(on, (list, tuple)) else [on]
    shares = list(share) if isinstance(share, (list, tuple)) else [share] * len(tables)
    if not tables:
        raise CoterminousValueError("table: give at least one table to chain")
    if len(ons) != len(tables) or len(shares) != len(tables):
        raise CoterminousValueError(
            f"on, share: one per table is needed ({len(tables)} tables, {len(ons)} on, {len(shares)} share)"
        )
    steps = []
    for t, o, s in zip(tables, ons, shares):
        if not isinstance(o, Mapping) or len(o) != 1:
            raise CoterminousTypeError(f"on: expected a dict of one lookup column to one table column, got {o!r}")
        ((a, b),) = o.items()
        if not isinstance(a, str) or not isinstance(b, str):
            raise CoterminousTypeError(f"on: expected column names, got {o!r}")
        if s is not None and not isinstance(s, str):
            raise CoterminousTypeError(f"share: expected a column name or None, got {type(s).__name__}")
        steps.append((t, a, b, s))
    return steps


def chain(
    lookup: Any,
    table: Any,
    *,
    on: Mapping[str, str] | Sequence[Mapping[str, str]],
    share: str | None | Sequence[str | None] = None,
    weight: str | None = None,
    errors: Errors = "raise",
) -> Any:
    """A lookup joined to further lookups through shared codes, with their checks.

    Parameters
    ----------
    lookup : DataFrame, Table or dict of arrays
        The lookup to extend, such as small areas with their 2022 district and population.
    table : table or list of tables
        The table(s) to join, in order, each of the lookup's kind; each may use the columns the
        ones before it added (district 2022 -> district 2023 -> upper tier 2023).
    on : dict or list of dicts
        Per table, ``{lookup_column: table_column}``: the shared code.
    share : str or list of (str or None), optional
        Per table, the column of a share (0 to 1) saying how a key with several rows in the
        table (one-to-many) splits; the shares of a key should add up to 1. Without it a key
        with several rows is an error.
    weight : str, optional
        The lookup's weight column (such as population): multiplied by the shares when a
        table splits a key. Without it, a table with ``share`` adds a column ``weight`` holding
        the product of the shares.
    errors : {"raise", "warn", "ignore"}, default "raise"
        What to do with a lookup key that is not in the table (its row is kept, with missing
        values in the table's columns) and with a key whose shares do not add up to 1: raise
        CoterminousValueError naming the keys, warn (CrosswalkWarning) or nothing.

    Returns
    -------
    table
        The lookup's rows (in order, a split key's row repeated once per table row) and
        columns, followed by each table's columns but its key and share columns. Of the
        lookup's kind.

    Raises
    ------
    CoterminousValueError
        A key with several table rows and no ``share`` (naming the key and rows); a lookup key
        not in the table or shares not adding up to 1 (with ``errors="raise"``); a share
        outside 0 to 1; a table column already in the lookup.
    ColumnNotFoundError
        A column not in the lookup or table.
    CoterminousTypeError
        Tables of different kinds, codes of different types, arguments of the wrong type.

    Examples
    --------
    >>> import pandas as pd
    >>> lsoa = pd.DataFrame({"lsoa": ["a", "b", "c"], "lad22": ["L1", "L1", "L2"], "pop": [10, 20, 30]})
    >>> lad = pd.DataFrame({"lad22": ["L1", "L2", "L2"], "lad23": ["N1", "N2", "N3"], "s": [1.0, 0.4, 0.6]})
    >>> chain(lsoa, lad, on={"lad22": "lad22"}, share="s", weight="pop")
      lsoa lad22   pop lad23
    0    a    L1  10.0    N1
    1    b    L1  20.0    N1
    2    c    L2  12.0    N2
    3    c    L2  18.0    N3
    """
    errors = check_choice(errors, "errors", ("raise", "warn", "ignore"))  # type: ignore[assignment]
    if weight is not None and not isinstance(weight, str):
        raise CoterminousTypeError(f"weight: expected a column name or None, got {type(weight).__name__}")
    kind = table_kind(lookup, "lookup")
    if weight is not None:
        _frame.require_columns(lookup, kind, [weight], "weight")
    current, made_weight, problems = lookup, False, []
    for i, (tbl, lk_col, tb_col, share_col) in enumerate(_steps(table, on, share)):
        arg = f"table[{i}]" if isinstance(table, (list, tuple)) else "table"
        if table_kind(tbl, arg) != kind:
            raise CoterminousTypeError(f"{arg}: a {table_kind(tbl, arg)} table, but the lookup is {kind}")
        _frame.require_columns(current, kind, [lk_col], "lookup")
        _frame.require_columns(tbl, kind, [tb_col] + ([share_col] if share_col else []), arg)
        have = _frame.column_names(current, kind)
        added = [c for c in _frame.column_names(tbl, kind) if c not in (tb_col, share_col)]
        for c in added:
            if c in have or (c == "weight" and share_col is not None and weight is None):
                raise CoterminousValueError(f"{arg}: column {c!r} is already in the lookup; rename or drop it first")
        lk, lk_mask = cw.read_codes(current, kind, lk_col, "lookup", allow_missing=True)
        tb, _ = cw.read_codes(tbl, kind, tb_col, arg)
        check_same_type(lk, tb, f"lookup: the codes of column {lk_col!r}", f"{arg}: the codes of column {tb_col!r}")
        codes, inverse = np.unique(np.concatenate([lk, tb]), return_inverse=True)
        inverse = inverse.reshape(-1).astype(np.uint32)
        lk_keys = np.ascontiguousarray(inverse[: len(lk)], dtype=np.uint32)
        if lk_mask is not None:
            lk_keys[lk_mask] = _MISSING_KEY
        shares = None
        if share_col is not None:
            values, mask = _frame.numeric_column(tbl, kind, share_col, arg)
            if mask is not None:
                raise CoterminousValueError(f"{arg}: column {share_col!r}, row {int(np.argmax(mask))}: a missing share")
            shares = np.ascontiguousarray(values, dtype=np.float64)
        j = _core.crosswalk_join(
            lk_keys, np.ascontiguousarray(inverse[len(lk) :], dtype=np.uint32), len(codes), share_col, shares
        )
        if j["one_to_many"] is not None:
            key, rows = j["one_to_many"]
            raise CoterminousValueError(
                f"{arg}: the key {as_python(codes[key : key + 1])[0]!r} (column {tb_col!r}) is on {len(rows)} rows "
                f"({', '.join(str(r) for r in rows[:5])}); a one-to-many join needs share= naming the column that "
                "says how to split it"
            )
        if len(j["missing"]):
            missing_rows = j["missing"]
            keys = [None if lk_mask is not None and lk_mask[r] else as_python(lk[r : r + 1])[0] for r in missing_rows]
            distinct = list(dict.fromkeys(keys))
            problems.append(
                f"{len(distinct)} key(s) of lookup column {lk_col!r} are not in {arg} column {tb_col!r}: "
                f"{listed(distinct)} (first at lookup row {int(missing_rows[0])})"
            )
        bad_keys, bad_sums = j["bad_sums"]
        if len(bad_keys):
            shown = [f"{as_python(codes[k : k + 1])[0]!r} ({s:.6g})" for k, s in zip(bad_keys, bad_sums)]
            problems.append(
                f"{arg}: the shares (column {share_col!r}) of {len(shown)} key(s) do not add up to 1: "
                f"{', '.join(shown[:5])}{' and more' if len(shown) > 5 else ''}"
            )
        out = cw.take_or_null(current, kind, have, j["lookup_rows"].astype(np.int64))
        if share_col is not None:
            factor = j["factor"]
            target = weight if weight is not None else ("weight" if made_weight else None)
            if target is None:
                out["weight"] = _frame.to_series(kind, "weight", factor)
                made_weight = True
            else:
                w, mask = _frame.numeric_column(current, kind, target, "weight")
                rows = j["lookup_rows"].astype(np.int64)
                m = mask[rows] if mask is not None else None
                out[target] = _frame.to_series(kind, target, np.asarray(w, dtype=np.float64)[rows] * factor, m)
        out.update(cw.take_or_null(tbl, kind, added, j["table_rows"]))
        current = _frame.new_table(kind, out)
    report(problems, errors)
    return current
