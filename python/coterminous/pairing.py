"""Pairing two sets of bodies: optimal one-to-one assignment, co-terminosity from a lookup,
and the paper's questions asked of the pairs (gaps, candidate pilots, threshold sensitivity)."""

from __future__ import annotations

from typing import Any

import numpy as np

from . import _core, _frame
from .errors import CoterminousTypeError, CoterminousValueError

__all__ = ["assign", "overlap", "relationships"]


def _first_bad(values: np.ndarray) -> int | None:
    """Index of the first NaN, infinite or negative value, or None."""
    bad = ~np.isfinite(values) | (values < 0)
    if not bad.any():
        return None
    return int(np.argmax(bad))


def _describe(v: float) -> str:
    if np.isnan(v):
        return "NaN is not a weight"
    if np.isinf(v):
        return f"{v!r} is infinite"
    return f"{v!r} is negative; weights must be 0 or more"


def _is_sparse(obj: Any) -> bool:
    return type(obj).__module__.startswith("scipy.sparse")


def assign(weights: Any, *, min_weight: float = 0.0, weight: str | None = None, backend: str = "pandas") -> Any:
    """The exact maximum-total-weight one-to-one matching of rows to columns.

    Each row is paired with at most one column and each column with at most one row, so that
    the sum of the weights of the pairs is as large as possible; a unit may stay unmatched.
    Solved exactly (the Hungarian method by shortest augmenting paths on the sparse graph),
    never greedily.

    Parameters
    ----------
    weights
        A dense 2-D array (numpy, or nested lists), a scipy.sparse matrix or array, or a table
        with columns ``left`` and ``right`` such as the result of :func:`overlap`. A pair of
        weight 0 (or absent from a sparse matrix) is never assigned; duplicate entries of a
        sparse matrix are summed, as scipy does. Negative, NaN or infinite weights raise
        CoterminousValueError naming the row and column.
    min_weight
        Pairs with a weight below this are never assigned.
    weight
        For a table: the column holding the weights (default ``"weight"``); for example
        ``assign(ov, weight="coterminosity")``. Not used with arrays.
    backend
        The kind of table returned for array input: ``"pandas"`` (default), ``"polars"`` or
        ``"pyarrow"``. A table in gives the same kind of table out.

    Returns
    -------
    For array input, a table ``row, col, weight`` (int64, int64, float64), one row per pair in
    increasing row order. For a table, ``left, right, weight`` with the table's codes.

    >>> import numpy as np
    >>> assign(np.array([[3.0, 2.0], [2.5, 0.0]]))
       row  col  weight
    0    0    1     2.0
    1    1    0     2.5
    """
    if not isinstance(min_weight, (int, float, np.integer, np.floating)) or isinstance(min_weight, bool) or np.isnan(min_weight):
        raise CoterminousValueError(f"min_weight: expected a number, got {min_weight!r}")
    min_weight = float(min_weight)
    if _is_sparse(weights) or isinstance(weights, (np.ndarray, list, tuple)):
        if weight is not None:
            raise CoterminousValueError("weight: names a column of a table; not used with an array of weights")
        _frame.check_backend(backend)
        rows, cols, w = _assign_array(weights, min_weight)
        return _frame.new_table(
            backend,
            {
                "row": _frame.to_series(backend, "row", rows),
                "col": _frame.to_series(backend, "col", cols),
                "weight": _frame.to_series(backend, "weight", w),
            },
        )
    return _assign_table(weights, min_weight, "weight" if weight is None else weight)


def _assign_array(weights: Any, min_weight: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if _is_sparse(weights):
        if len(weights.shape) != 2:
            raise CoterminousValueError(f"weights: expected a 2-D sparse matrix, got shape {weights.shape}")
        csr = weights.tocsr(copy=True)
        csr.sum_duplicates()
        data = np.asarray(csr.data, dtype=np.float64)
        bad = _first_bad(data)
        if bad is not None:
            i = int(np.searchsorted(csr.indptr, bad, side="right") - 1)
            raise CoterminousValueError(f"weights: row {i}, col {int(csr.indices[bad])}: {_describe(float(data[bad]))}")
        n, m = csr.shape
        return _core.assign_csr(
            n,
            m,
            csr.indptr.astype(np.uint64),
            csr.indices.astype(np.uint32),
            data,
            min_weight,
        )
    a = np.asarray(weights)
    if a.ndim != 2:
        raise CoterminousValueError(f"weights: expected a 2-D array, got shape {a.shape}")
    if a.dtype.kind not in "iuf":
        raise CoterminousTypeError(f"weights: expected numbers, got an array of {a.dtype}")
    a = a.astype(np.float64, copy=False)
    flat = a.ravel()
    bad = _first_bad(flat)
    if bad is not None:
        i, j = divmod(bad, a.shape[1])
        raise CoterminousValueError(f"weights: row {i}, col {j}: {_describe(float(flat[bad]))}")
    keep = (a > 0) & (a >= min_weight)
    rows, cols = np.nonzero(keep)
    indptr = np.zeros(a.shape[0] + 1, dtype=np.uint64)
    np.cumsum(np.bincount(rows, minlength=a.shape[0]), out=indptr[1:])
    return _core.assign_csr(a.shape[0], a.shape[1], indptr, cols.astype(np.uint32), a[rows, cols], min_weight)


def _codes(values: Any) -> tuple[np.ndarray, int]:
    """Integer codes 0..k-1 of a column's values (any hashable values), and k."""
    seen: dict[Any, int] = {}
    codes = np.fromiter((seen.setdefault(v, len(seen)) for v in values), dtype=np.int64, count=len(values))
    return codes, len(seen)


def _table_list(data: Any, kind: str, name: str) -> list[Any]:
    if kind == _frame.PANDAS:
        return data[name].tolist()
    if kind == _frame.POLARS:
        return data.get_column(name).to_list()
    if kind == _frame.PYARROW:
        return data.column(name).to_pylist()
    if kind == _frame.DICT:
        return list(np.asarray(data[name]).tolist())
    raise AssertionError(kind)


def _assign_table(table: Any, min_weight: float, weight: str) -> Any:
    kind = _frame.kind_of(table, "weights")
    if kind == _frame.NUMPY:
        raise AssertionError("numpy arrays are handled as matrices")
    _frame.require_columns(table, kind, ["left", "right", weight], "weights")
    w, mask = _frame.numeric_column(table, kind, weight, "weights")
    w = np.asarray(w, dtype=np.float64)
    if mask is not None:
        row = int(np.argmax(mask))
        raise CoterminousValueError(f"weights: column {weight!r}, row {row}: the weight is missing or NaN")
    bad = _first_bad(w)
    if bad is not None:
        raise CoterminousValueError(f"weights: column {weight!r}, row {bad}: {_describe(float(w[bad]))}")
    lefts, rights = _table_list(table, kind, "left"), _table_list(table, kind, "right")
    for name, vals in (("left", lefts), ("right", rights)):
        for r, v in enumerate(vals):
            if v is None or (isinstance(v, float) and v != v):
                raise CoterminousValueError(f"weights: column {name!r}, row {r}: missing code")
    li, n = _codes(lefts)
    ri, m = _codes(rights)
    # One edge per pair: the table row with the largest weight.
    order = np.lexsort((-w, ri, li))
    key = li[order] * max(m, 1) + ri[order]
    first = np.ones(len(order), dtype=bool)
    first[1:] = key[1:] != key[:-1]
    edge_rows = order[first]
    indptr = np.zeros(n + 1, dtype=np.uint64)
    np.cumsum(np.bincount(li[edge_rows], minlength=n), out=indptr[1:])
    rows, cols, _ = _core.assign_csr(n, m, indptr, ri[edge_rows].astype(np.uint32), w[edge_rows], min_weight)
    # Map each matched (row, col) back to its table row.
    pos = np.searchsorted(key[first], rows * max(m, 1) + cols)
    picked = edge_rows[pos]
    taken = _frame.take_rows(table, kind, ["left", "right", weight], picked)
    out = {"left": taken["left"], "right": taken["right"], "weight": taken[weight]}
    if kind == _frame.POLARS:
        out = {k: v.alias(k) for k, v in out.items()}
    return _frame.new_table(kind, out)


# ---------------------------------------------------------------- overlap


def _lookup_stream(lookup: Any, cols: list[str]) -> tuple[str, Any]:
    """The kind of table to return and an object with ``__arrow_c_stream__`` for the lookup."""
    mod = type(lookup).__module__.split(".")[0]
    name = type(lookup).__name__
    if mod == "pyarrow" and name == "RecordBatchReader":
        return _frame.PYARROW, lookup
    if mod in ("pandas", "polars", "pyarrow") or isinstance(lookup, dict):
        kind = _frame.kind_of(lookup, "lookup")
        if kind == _frame.NUMPY:
            raise CoterminousTypeError("lookup: a table with named columns is needed, not a numpy array")
        _frame.require_columns(lookup, kind, cols, "lookup")
        if kind == _frame.POLARS:
            return kind, lookup.select(cols)
        import pyarrow as pa

        if kind == _frame.PANDAS:
            return kind, pa.Table.from_pandas(lookup[cols], preserve_index=False)
        if kind == _frame.PYARROW:
            table = lookup.select(cols)
            return kind, (pa.Table.from_batches([table]) if isinstance(table, pa.RecordBatch) else table)
        return _frame.PYARROW, pa.table({c: lookup[c] for c in cols})
    if hasattr(lookup, "__arrow_c_stream__"):
        return _frame.PYARROW, lookup
    raise CoterminousTypeError(
        "lookup: expected a pandas or polars DataFrame, a pyarrow Table or RecordBatchReader, or an object with "
        f"__arrow_c_stream__, got {type(lookup).__module__}.{name}"
    )


def _code_series(kind: str, name: str, units: Any, idx: np.ndarray) -> Any:
    """A column of codes: ``units[idx]`` (units a list of str or an int64 array)."""
    if isinstance(units, np.ndarray):
        return _frame.to_series(kind, name, units[idx])
    if kind == _frame.POLARS:
        import polars as pl

        return pl.Series(name, units, dtype=pl.String).gather(idx)
    if kind == _frame.PYARROW:
        import pyarrow as pa

        return pa.array(units, pa.string()).take(pa.array(idx))
    values = np.array(units, dtype=object)[idx] if len(units) else np.array([], dtype=object)
    if kind == _frame.PANDAS:
        import pandas as pd

        return pd.Series(values, name=name, dtype="str" if hasattr(pd, "StringDtype") else object)
    return values


def _float_series(kind: str, name: str, values: np.ndarray) -> Any:
    nan = np.isnan(values)
    return _frame.to_series(kind, name, values, nan if nan.any() else None)


def overlap(lookup: Any, *, left: str, right: str, weight: str | None = None) -> Any:
    """Co-terminosity of two sets of areas from a lookup of small areas (or postcodes).

    Parameters
    ----------
    lookup
        One row per small area with its left code, its right code and optionally a weight
        such as its population: a pandas or polars DataFrame, a pyarrow Table, a
        ``pyarrow.RecordBatchReader`` or any object with ``__arrow_c_stream__`` (read batch by
        batch, never whole into memory). Codes are strings or integers; Arrow strings are read
        in place, without conversion to Python objects.
    left, right
        The columns of the two codes.
    weight
        The column of weights (numbers, 0 or more); without it each row counts 1.

    Returns
    -------
    A table ``left, right, weight, left_share, right_share, coterminosity``, one row per code
    pair, sorted by left then right code: ``weight`` summed over the pair's rows (the row count,
    int64, without ``weight=``), ``left_share`` the pair's weight over the left unit's total,
    ``right_share`` over the right unit's, and ``coterminosity`` the smaller of the two (1.0:
    the two units cover the same ground). A share is missing when its unit's total is 0. The
    table is of the lookup's kind (pandas, polars; pyarrow for Arrow tables and streams).

    A missing code, or a NaN, infinite or negative weight raises CoterminousValueError naming
    the column and row; a column not in the lookup raises ColumnNotFoundError (a KeyError).

    >>> import pandas as pd
    >>> lookup = pd.DataFrame({"pct": ["A", "A", "B"], "la": ["x", "y", "y"], "pop": [30, 10, 60]})
    >>> overlap(lookup, left="pct", right="la", weight="pop")
      left right  weight  left_share  right_share  coterminosity
    0    A     x    30.0        0.75     1.000000       0.750000
    1    A     y    10.0        0.25     0.142857       0.142857
    2    B     y    60.0        1.00     0.857143       0.857143
    """
    for arg, v in (("left", left), ("right", right)):
        if not isinstance(v, str):
            raise CoterminousTypeError(f"{arg}: expected a column name, got {type(v).__name__}")
    if weight is not None and not isinstance(weight, str):
        raise CoterminousTypeError(f"weight: expected a column name or None, got {type(weight).__name__}")
    cols = list(dict.fromkeys([left, right] + ([weight] if weight is not None else [])))
    kind, stream = _lookup_stream(lookup, cols)
    lu, ru, li, ri, w, ls, rs, cot = _core.overlap_stream(stream, left, right, weight)
    weights = _frame.to_series(kind, "weight", w if weight is not None else np.rint(w).astype(np.int64))
    return _frame.new_table(
        kind,
        {
            "left": _code_series(kind, "left", lu, li),
            "right": _code_series(kind, "right", ru, ri),
            "weight": weights,
            "left_share": _float_series(kind, "left_share", ls),
            "right_share": _float_series(kind, "right_share", rs),
            "coterminosity": _float_series(kind, "coterminosity", cot),
        },
    )


RELATIONSHIPS = ("coterminous", "nested", "split", "overlapping")


def _py_column(kind: str, name: str, values: list[Any], lists: bool = False) -> Any:
    """A column of the given kind from Python values (lists of values with ``lists=True``)."""
    if kind == _frame.PANDAS:
        import pandas as pd

        return pd.Series(values, name=name, dtype=object if lists else None)
    if kind == _frame.POLARS:
        import polars as pl

        return pl.Series(name, values)
    if kind == _frame.PYARROW:
        import pyarrow as pa

        return pa.array(values)
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _factorize(values: list[Any], arg: str, column: str) -> tuple[list[Any], np.ndarray]:
    """Distinct values (sorted where they can be) and each value's index among them."""
    for r, v in enumerate(values):
        if v is None or (isinstance(v, float) and v != v):
            raise CoterminousValueError(f"{arg}: column {column!r}, row {r}: missing code")
    distinct = list(dict.fromkeys(values))
    try:
        distinct.sort()
    except TypeError:
        pass
    index = {v: i for i, v in enumerate(distinct)}
    return distinct, np.fromiter((index[v] for v in values), dtype=np.uint32, count=len(values))


def _shares(table: Any, kind: str, name: str, arg: str) -> np.ndarray:
    values, mask = _frame.numeric_column(table, kind, name, arg)
    values = np.array(values, dtype=np.float64)
    if mask is not None:
        values[mask] = np.nan
    return values


def relationships(overlap_table: Any, *, threshold: float = 0.95) -> Any:
    """How each unit on each side of an overlap table relates to the other side.

    Parameters
    ----------
    overlap_table
        The result of :func:`overlap` (columns ``left, right, left_share, right_share``).
    threshold
        The share, in (0, 1], that counts as "all of it" (default 0.95).

    Returns
    -------
    A table of the same kind, one row per unit on each side (left units first, each side in
    code order): ``side`` (``"left"`` or ``"right"``), ``unit`` (its code), ``relationship``
    and ``partners`` (the codes of the units on the other side it shares weight with, largest
    share of the unit first). The relationship is

    - ``"coterminous"``: one partner holds at least ``threshold`` of the unit and the unit
      holds at least ``threshold`` of that partner;
    - ``"nested"``: at least ``threshold`` of the unit lies in one partner, which is bigger;
    - ``"split"``: no single partner holds it, and every partner is nested in it;
    - ``"overlapping"``: anything else.

    >>> import pandas as pd
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
    if not isinstance(threshold, (int, float, np.integer, np.floating)) or isinstance(threshold, bool) or not 0 < threshold <= 1:
        raise CoterminousValueError(f"threshold: expected a number in (0, 1], got {threshold!r}")
    kind = _frame.kind_of(overlap_table, "overlap_table")
    if kind == _frame.NUMPY:
        raise CoterminousTypeError("overlap_table: expected the table returned by overlap(), not a numpy array")
    _frame.require_columns(overlap_table, kind, ["left", "right", "left_share", "right_share"], "overlap_table")
    lu, li = _factorize(_table_list(overlap_table, kind, "left"), "overlap_table", "left")
    ru, ri = _factorize(_table_list(overlap_table, kind, "right"), "overlap_table", "right")
    ls = _shares(overlap_table, kind, "left_share", "overlap_table")
    rs = _shares(overlap_table, kind, "right_share", "overlap_table")
    t = float(threshold)
    sides: list[str] = []
    units: list[Any] = []
    rels: list[str] = []
    partners: list[list[Any]] = []
    for side, own_units, other_units, own, other, own_s, other_s in (
        ("left", lu, ru, li, ri, ls, rs),
        ("right", ru, lu, ri, li, rs, ls),
    ):
        codes, offsets, part = _core.relationships_side(len(own_units), own, other, own_s, other_s, t)
        sides += [side] * len(own_units)
        units += own_units
        rels += [RELATIONSHIPS[c] for c in codes.tolist()]
        p = part.tolist()
        o = offsets.tolist()
        partners += [[other_units[x] for x in p[o[u] : o[u + 1]]] for u in range(len(own_units))]
    same_type = len({type(u) for u in units}) <= 1
    if not same_type:
        units = [str(u) for u in units]
        partners = [[str(x) for x in ps] for ps in partners]
    out_kind = kind if kind != _frame.DICT else _frame.PANDAS
    return _frame.new_table(
        out_kind,
        {
            "side": _py_column(out_kind, "side", sides),
            "unit": _py_column(out_kind, "unit", units),
            "relationship": _py_column(out_kind, "relationship", rels),
            "partners": _py_column(out_kind, "partners", partners, lists=True),
        },
    )
