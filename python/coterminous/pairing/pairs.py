"""Pairs of bodies and the paper's questions asked of them: :func:`pair` two score tables, then
their :func:`gaps`, the :func:`candidates` for a pilot and the :func:`sensitivity` of the
selection to its thresholds."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import _frame
from ..errors import CoterminousTypeError, CoterminousValueError
from ._common import _check_codes, _check_same_code_type, _py_column, _shares, _table_list
from .assignment import _assign_edges
from .coterminosity import overlap

__all__ = ["pair", "gaps", "candidates", "sensitivity"]


def _two(value: Any, arg: str) -> tuple[str, str]:
    """A column name for both sides, or a (left, right) pair of names."""
    if isinstance(value, str):
        return value, value
    if isinstance(value, (tuple, list)) and len(value) == 2 and all(isinstance(v, str) for v in value):
        return value[0], value[1]
    raise CoterminousValueError(f"{arg}: expected a column name or a (left, right) pair of names, got {value!r}")


def _scores_table(data: Any, arg: str) -> str:
    kind = _frame.kind_of(data, arg)
    if kind == _frame.NUMPY:
        raise CoterminousTypeError(f"{arg}: expected a table with named columns, not a numpy array")
    return kind


def _codes_of(data: Any, kind: str, column: str, arg: str) -> list[Any]:
    _frame.require_columns(data, kind, [column], arg)
    values = _table_list(data, kind, column)
    _check_codes(values, arg, column)
    return values


def _row_of(values: list[Any], arg: str, column: str) -> dict[Any, int]:
    rows: dict[Any, int] = {}
    for r, v in enumerate(values):
        if v in rows:
            raise CoterminousValueError(
                f"{arg}: column {column!r}, row {r}: the code {v!r} is also in row {rows[v]}; "
                "each body must appear once"
            )
        rows[v] = r
    return rows


def _to_arrow(col: Any, kind: str) -> Any:
    """A column of a table of the given kind as a pyarrow Array (missing values as nulls:
    None, NA and, in pandas and numpy, NaN)."""
    import pyarrow as pa

    if kind == _frame.PYARROW:
        return col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col
    if kind == _frame.POLARS:
        arr = col.to_arrow()
        return arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr
    if isinstance(col, np.ma.MaskedArray):
        return pa.array(np.ma.getdata(col), mask=np.ma.getmaskarray(col))
    try:
        return pa.array(col, from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # mixed Python objects: as they are
        values = col.tolist() if hasattr(col, "tolist") else list(col)
        out = np.empty(len(values), dtype=object)
        out[:] = [None if _frame._is_missing(v) else v for v in values]
        return out


def _convert_column(col: Any, kind: str, to_kind: str, name: str) -> Any:
    """A column of a table of kind ``kind`` as a column of kind ``to_kind``, with the type
    the target library gives the same values (integers with missing values stay integers:
    nullable in pandas, masked in a dict of numpy arrays)."""
    import pyarrow as pa

    arr = _to_arrow(col, kind)
    if isinstance(arr, np.ndarray):  # objects Arrow cannot type
        if to_kind == _frame.PANDAS:
            import pandas as pd

            return pd.Series(arr, name=name, dtype=object)
        if to_kind == _frame.POLARS:
            import polars as pl

            return pl.Series(name, arr.tolist(), dtype=pl.Object)
        if to_kind == _frame.PYARROW:
            raise CoterminousTypeError(f"column {name!r}: its values mix types Arrow cannot hold in one column")
        return arr
    if to_kind == _frame.PYARROW:
        return arr
    if to_kind == _frame.POLARS:
        import polars as pl

        return pl.Series(name, arr)
    t = arr.type
    nulls = arr.null_count > 0
    if to_kind == _frame.PANDAS:
        import pandas as pd

        if nulls and (pa.types.is_integer(t) or pa.types.is_boolean(t)):
            dtype = (
                pd.BooleanDtype()
                if pa.types.is_boolean(t)
                else pd.api.types.pandas_dtype(str(t).capitalize().replace("Uint", "UInt"))
            )
            return pd.Series(arr.to_pandas(types_mapper={t: dtype}.get), name=name)
        return pd.Series(arr.to_pandas(), name=name)
    if to_kind == _frame.DICT:
        if nulls and (pa.types.is_integer(t) or pa.types.is_floating(t)):
            mask = arr.is_null().to_numpy(zero_copy_only=False)
            return np.ma.MaskedArray(arr.fill_null(0).to_numpy(zero_copy_only=False), mask=mask)
        return arr.to_numpy(zero_copy_only=False)
    raise AssertionError(to_kind)


def _pairs_table(
    left: Any, lkind: str, right: Any, rkind: str, lrows: np.ndarray, rrows: np.ndarray, evidence: dict[str, np.ndarray]
) -> Any:
    out: dict[str, Any] = {}
    for prefix, data, kind, rows in (("left_", left, lkind, lrows), ("right_", right, rkind, rrows)):
        names = _frame.column_names(data, kind)
        taken = _frame.take_rows(data, kind, names, rows)
        for n in names:
            col = taken[n]
            if kind != lkind:  # a column of the other side's kind: through Arrow
                col = _convert_column(col, kind, lkind, prefix + str(n))
            out[prefix + str(n)] = col
    for k, v in evidence.items():
        out[k] = _frame.to_series(lkind, k, v)
    if lkind == _frame.POLARS:
        out = {k: (v.alias(k) if hasattr(v, "alias") else v) for k, v in out.items()}
    return _frame.new_table(lkind, out)


def pair(
    left_scores: Any,
    right_scores: Any,
    *,
    on: str | tuple[str, str] | None = None,
    lookup: Any = None,
    lookup_columns: tuple[str, str] | tuple[str, str, str] | None = None,
    names: str | tuple[str, str] | None = None,
    min_coterminosity: float | None = None,
    min_score: float | None = None,
    block: str | tuple[str, str] | None = None,
) -> Any:
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
        ``pair_names`` as ``left_block``/``right_block``).

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
        its pairing), a code that is missing or appears twice in a table, a threshold that is not
        a number, or a ``lookup`` that is not an overlap table without ``lookup_columns=``.
    CoterminousTypeError
        A score table that is not a table with named columns.
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
    _check_threshold(min_coterminosity, "min_coterminosity")
    lkind = _scores_table(left_scores, "left_scores")
    rkind = _scores_table(right_scores, "right_scores")

    if names is not None:
        ln, rn = _two(names, "names")
        try:
            from ..names import pair_names  # type: ignore[import-not-found,unused-ignore]
        except ImportError as e:
            raise CoterminousValueError("names= pairing needs coterminous.names") from e
        # missing names are passed on: pair_names never pairs them
        _frame.require_columns(left_scores, lkind, [ln], "left_scores")
        _frame.require_columns(right_scores, rkind, [rn], "right_scores")
        lnames = _table_list(left_scores, lkind, ln)
        rnames = _table_list(right_scores, rkind, rn)
        kw: dict[str, Any] = {} if min_score is None else {"min_score": min_score}
        if block is not None:
            lbk, rbk = _two(block, "block")
            _frame.require_columns(left_scores, lkind, [lbk], "left_scores")
            _frame.require_columns(right_scores, rkind, [rbk], "right_scores")
            kw["left_block"] = _table_list(left_scores, lkind, lbk)
            kw["right_block"] = _table_list(right_scores, rkind, rbk)
        p = pair_names(lnames, rnames, backend="dict", **kw)
        lrows = np.asarray(p["left_index"], dtype=np.int64)
        order = np.argsort(lrows, kind="stable")
        lrows, rrows = lrows[order], np.asarray(p["right_index"], dtype=np.int64)[order]
        score = np.asarray(p["score"], dtype=np.float64)[order]
        return _pairs_table(left_scores, lkind, right_scores, rkind, lrows, rrows, {"name_score": score})

    lc, rc = _two(on, "on")
    lcodes = _codes_of(left_scores, lkind, lc, "left_scores")
    rcodes = _codes_of(right_scores, rkind, rc, "right_scores")
    lrow = _row_of(lcodes, "left_scores", lc)
    rrow = _row_of(rcodes, "right_scores", rc)

    if lookup is None:
        _check_same_code_type(lcodes, f"left_scores column {lc!r}", rcodes, f"right_scores column {rc!r}")
        pairs = [(r, rrow[c]) for r, c in enumerate(lcodes) if c in rrow]
        lrows = np.array([p[0] for p in pairs], dtype=np.int64)
        rrows = np.array([p[1] for p in pairs], dtype=np.int64)
        return _pairs_table(left_scores, lkind, right_scores, rkind, lrows, rrows, {})

    ov = _as_overlap(lookup, lookup_columns)
    okind = _frame.kind_of(ov, "lookup")
    ol = _table_list(ov, okind, "left")
    orr = _table_list(ov, okind, "right")
    _check_same_code_type(ol, "the lookup's left column", lcodes, f"left_scores column {lc!r}")
    _check_same_code_type(orr, "the lookup's right column", rcodes, f"right_scores column {rc!r}")
    cot = _shares(ov, okind, "coterminosity", "lookup")
    keep = np.array([a in lrow and b in rrow for a, b in zip(ol, orr)], dtype=bool)
    keep &= ~np.isnan(cot) & (cot > 0) & (cot >= (0.0 if min_coterminosity is None else min_coterminosity))
    idx = np.flatnonzero(keep)
    # assign on the left and right rows of the score tables
    li = np.array([lrow[ol[k]] for k in idx], dtype=np.int64)
    ri = np.array([rrow[orr[k]] for k in idx], dtype=np.int64)
    rows, cols, w, _ = _assign_edges(li, ri, cot[idx], len(lcodes), len(rcodes), 0.0)
    return _pairs_table(left_scores, lkind, right_scores, rkind, rows, cols, {"coterminosity": w})


def _as_overlap(lookup: Any, lookup_columns: Any) -> Any:
    """An overlap table: ``lookup`` itself if it is one, else ``overlap(lookup, ...)``."""
    if lookup_columns is None:
        try:
            kind = _frame.kind_of(lookup, "lookup")
        except (CoterminousTypeError, CoterminousValueError):
            kind = None
        if kind is not None and kind != _frame.NUMPY:
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


def _paired_kind(paired: Any) -> str:
    kind = _frame.kind_of(paired, "paired")
    if kind == _frame.NUMPY:
        raise CoterminousTypeError("paired: expected the table returned by pair(), not a numpy array")
    return kind


def _float_column(paired: Any, kind: str, name: str) -> tuple[np.ndarray, np.ndarray]:
    """A numeric column of the paired table (scores, totals, co-terminosity) as float64 with
    NaN where missing, and the mask of the missing values."""
    _frame.require_columns(paired, kind, [name], "paired")
    values, mask = _frame.numeric_column(paired, kind, name, "paired")
    out = np.array(values, dtype=np.float64)
    if mask is not None:
        out[mask] = np.nan
    return out, np.isnan(out)


def gaps(paired: Any, framework: Any) -> Any:
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
        A score that is not an integer within the framework's scale, naming the column and row.
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
    from ..errors import ScoreError
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
    kind = _paired_kind(paired)
    lo, hi = fw.scale.min, fw.scale.max
    new: dict[str, Any] = {}
    total = None
    total_missing = None
    for t in fw.themes:
        diffs = []
        missing = None
        for side in ("left", "right"):
            name = f"{side}_{t}"
            v, m = _float_column(paired, kind, name)
            bad = ~m & ((v != np.round(v)) | (v < lo) | (v > hi))
            if bad.any():
                r = int(np.argmax(bad))
                raise ScoreError(f"paired: column {name!r}, row {r}: {v[r]:g} is not an integer from {lo} to {hi}")
            diffs.append(np.where(m, 0, v).astype(np.int64))
            missing = m if missing is None else (missing | m)
        gap = diffs[0] - diffs[1]
        assert missing is not None
        new[f"gap_{t}"] = _frame.to_series(kind, f"gap_{t}", gap, missing if missing.any() else None)
        total = gap if total is None else total + gap
        total_missing = missing if total_missing is None else (total_missing | missing)
    assert total is not None and total_missing is not None
    new["gap_total"] = _frame.to_series(kind, "gap_total", total, total_missing if total_missing.any() else None)
    return _frame.with_columns(paired, kind, new, "paired")


def _candidate_mask(
    paired: Any, kind: str, left_min: Any, right_max: Any, min_coterminosity: Any, on: str
) -> np.ndarray:
    if not isinstance(on, str):
        raise CoterminousValueError(f"on: expected 'total', 'overall' or a theme name, got {on!r}")
    n = _frame_len(paired, kind)
    keep = np.ones(n, dtype=bool)
    if left_min is not None:
        v, m = _float_column(paired, kind, f"left_{on}")
        keep &= ~m & (v >= float(left_min))
    if right_max is not None:
        v, m = _float_column(paired, kind, f"right_{on}")
        keep &= ~m & (v <= float(right_max))
    if min_coterminosity is not None:
        v, m = _float_column(paired, kind, "coterminosity")
        keep &= ~m & (v >= float(min_coterminosity))
    return keep


def _frame_len(data: Any, kind: str) -> int:
    if kind == _frame.PYARROW:
        return int(data.num_rows)
    if kind == _frame.DICT:
        return len(next(iter(data.values()))) if data else 0
    return len(data)


def _check_threshold(value: Any, arg: str) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) or value != value:
        raise CoterminousValueError(f"{arg}: expected a number or None, got {value!r}")


def candidates(
    paired: Any,
    *,
    left_min: float | None = None,
    right_max: float | None = None,
    min_coterminosity: float | None = None,
    on: str = "total",
) -> Any:
    """The pairs where a strong left body stands beside a weak right body.

    This is the NLGN paper's Figure 3 selection made explicit: with councils on the left and
    PCTs on the right, ``candidates(paired, left_min=4, right_max=1, on="stars")`` keeps the
    areas where a 4-star council lines up with a 1-star PCT.

    Parameters
    ----------
    paired
        The result of :func:`pair` (or of :func:`gaps`).
    left_min
        Keep pairs whose ``left_<on>`` is at least this (None: no bound).
    right_max
        Keep pairs whose ``right_<on>`` is at most this (None: no bound).
    min_coterminosity
        Keep pairs whose ``coterminosity`` is at least this (None: no bound).
    on
        The measure compared: ``"total"``, ``"overall"``, a theme name, or any measure the
        paired table has as ``left_<on>`` and ``right_<on>``.

    Returns
    -------
    table
        The rows of ``paired`` that pass every bound, in their order, as a table of the same kind.
        A pair with a missing value in a bounded column is not a candidate.

    Raises
    ------
    CoterminousValueError
        A bound that is neither a number nor None, or an ``on`` that is not a string.
    CoterminousTypeError
        ``paired`` is not a table.
    ColumnNotFoundError
        A bounded column (``left_<on>``, ``right_<on>``, ``coterminosity``) is absent.

    Examples
    --------
    >>> import pandas as pd
    >>> paired = pd.DataFrame({"left_total": [16, 12, 18], "right_total": [6, 9, 14]})
    >>> candidates(paired, left_min=15, right_max=10)
       left_total  right_total
    0          16            6
    """
    for arg, v in (("left_min", left_min), ("right_max", right_max), ("min_coterminosity", min_coterminosity)):
        _check_threshold(v, arg)
    kind = _paired_kind(paired)
    keep = _candidate_mask(paired, kind, left_min, right_max, min_coterminosity, on)
    rows = np.flatnonzero(keep)
    names = _frame.column_names(paired, kind)
    return _frame.new_table(kind, _frame.take_rows(paired, kind, names, rows))


def sensitivity(paired: Any, **grids: Any) -> Any:
    """How many candidate pairs each combination of thresholds selects.

    Parameters
    ----------
    paired
        The result of :func:`pair`.
    **grids
        Any of ``left_min``, ``right_max``, ``min_coterminosity`` and ``on``, each a single
        value or a list of values to try (None: no bound).

    Returns
    -------
    table
        A table of the paired table's kind with one row per combination (the first grid varies
        slowest): a column per grid, then ``count``, the number of :func:`candidates`.

    Raises
    ------
    CoterminousValueError
        An unknown grid, no grid, an empty grid, or a bound that is neither a number nor None.
    CoterminousTypeError
        ``paired`` is not a table.
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
    import itertools

    allowed = ("left_min", "right_max", "min_coterminosity", "on")
    unknown = [k for k in grids if k not in allowed]
    if unknown:
        raise CoterminousValueError(f"sensitivity: unknown grids {unknown}; the grids are {list(allowed)}")
    if not grids:
        raise CoterminousValueError("sensitivity: give at least one grid, e.g. left_min=[3, 4]")
    kind = _paired_kind(paired)
    keys = list(grids)
    values = [list(v) if isinstance(v, (list, tuple, np.ndarray, range)) else [v] for v in grids.values()]
    for k, vs in zip(keys, values):
        if not vs:
            raise CoterminousValueError(f"{k}: the grid is empty")
        if k != "on":
            for v in vs:
                _check_threshold(v, k)
    combos = list(itertools.product(*values))
    counts = []
    for combo in combos:
        kw = {"left_min": None, "right_max": None, "min_coterminosity": None, "on": "total", **dict(zip(keys, combo))}
        counts.append(
            int(_candidate_mask(paired, kind, kw["left_min"], kw["right_max"], kw["min_coterminosity"], kw["on"]).sum())
        )
    out_kind = kind
    cols = {k: _py_column(out_kind, k, [c[i] for c in combos]) for i, k in enumerate(keys)}
    cols["count"] = _frame.to_series(out_kind, "count", np.array(counts, dtype=np.int64))
    return _frame.new_table(out_kind, cols)
