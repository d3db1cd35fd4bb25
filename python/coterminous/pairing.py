"""Pairing two sets of bodies: optimal one-to-one assignment, co-terminosity from a lookup,
and the paper's questions asked of the pairs (gaps, candidate pilots, threshold sensitivity)."""

from __future__ import annotations

from typing import Any

import numpy as np

from . import _core, _frame
from .errors import CoterminousTypeError, CoterminousValueError

__all__ = ["assign", "overlap", "relationships", "pair", "gaps", "candidates", "sensitivity"]


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
        ``assign(ov, weight="coterminosity")``. A missing weight there (null, or NaN in
        pandas) means no pair. Not used with arrays.
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
        if weights.dtype.kind not in "iuf":  # as for dense arrays: no booleans, no complex numbers
            raise CoterminousTypeError(f"weights: expected numbers, got a sparse matrix of {weights.dtype}")
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
    try:
        a = np.asarray(weights)
    except ValueError:  # ragged nested lists
        lengths = [len(r) if hasattr(r, "__len__") else None for r in weights]
        row = next((i for i, n in enumerate(lengths) if n != lengths[0]), 0)
        raise CoterminousValueError(
            f"weights: row {row} has {lengths[row] if lengths[row] is not None else 'no'} entries but row 0 has "
            f"{lengths[0] if lengths[0] is not None else 'none'}; expected a 2-D array with rows of one length"
        ) from None
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


def _check_codes(values: list[Any], arg: str, column: str) -> None:
    """Raise CoterminousValueError naming the first missing code (None, NaN, NA) of a column."""
    for r, v in enumerate(values):
        if _frame._is_missing(v):
            raise CoterminousValueError(f"{arg}: column {column!r}, row {r}: missing code")


def _assign_edges(
    li: np.ndarray, ri: np.ndarray, w: np.ndarray, n: int, m: int, min_weight: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The maximum-weight matching of an edge list on ``n`` rows and ``m`` columns: edge ``k``
    joins row ``li[k]`` and column ``ri[k]`` with weight ``w[k]``; of several edges of one pair
    the heaviest counts. Returns ``rows, cols, weights`` of the matched pairs (increasing row)
    and, for each, the index of the edge it uses."""
    li = np.asarray(li, dtype=np.int64)
    ri = np.asarray(ri, dtype=np.int64)
    order = np.lexsort((-w, ri, li))
    key = li[order] * max(m, 1) + ri[order]
    first = np.ones(len(order), dtype=bool)
    first[1:] = key[1:] != key[:-1]
    edges = order[first]  # one edge per pair: the heaviest
    indptr = np.zeros(n + 1, dtype=np.uint64)
    np.cumsum(np.bincount(li[edges], minlength=n), out=indptr[1:])
    rows, cols, weights = _core.assign_csr(n, m, indptr, ri[edges].astype(np.uint32), w[edges], min_weight)
    pos = np.searchsorted(key[first], rows * max(m, 1) + cols)
    return rows, cols, weights, edges[pos]


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
    w = np.array(w, dtype=np.float64)
    if mask is not None:  # a missing weight (such as the share of a unit of total 0): no pair
        w[mask] = 0.0
    bad = _first_bad(w)
    if bad is not None:
        raise CoterminousValueError(f"weights: column {weight!r}, row {bad}: {_describe(float(w[bad]))}")
    lefts, rights = _table_list(table, kind, "left"), _table_list(table, kind, "right")
    _check_codes(lefts, "weights", "left")
    _check_codes(rights, "weights", "right")
    li, n = _codes(lefts)
    ri, m = _codes(rights)
    _, _, _, picked = _assign_edges(li, ri, w, n, m, min_weight)  # picked: the table row of each pair
    taken = _frame.take_rows(table, kind, ["left", "right", weight], picked)
    out = {"left": taken["left"], "right": taken["right"], "weight": taken[weight]}
    if kind == _frame.POLARS:
        out = {k: v.alias(k) for k, v in out.items()}
    return _frame.new_table(kind, out)


# ---------------------------------------------------------------- overlap


def _lookup_stream(lookup: Any, cols: list[str], weight: str | None = None) -> tuple[str, Any]:
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
            return kind, _pandas_lookup(lookup, cols, weight)
        if kind == _frame.PYARROW:
            table = lookup.select(cols)
            return kind, (pa.Table.from_batches([table]) if isinstance(table, pa.RecordBatch) else table)
        return _frame.PANDAS, pa.table({c: lookup[c] for c in cols})
    if hasattr(lookup, "__arrow_c_stream__"):
        return _frame.PYARROW, lookup
    raise CoterminousTypeError(
        "lookup: expected a pandas or polars DataFrame, a pyarrow Table or RecordBatchReader, or an object with "
        f"__arrow_c_stream__, got {type(lookup).__module__}.{name}"
    )


def _pandas_lookup(lookup: Any, cols: list[str], weight: str | None) -> Any:
    """The lookup's columns as a pyarrow Table; a column Arrow cannot type (an object column
    mixing strings and integers) raises CoterminousTypeError naming the column and row."""
    import pandas as pd
    import pyarrow as pa

    try:
        return pa.Table.from_pandas(lookup[cols], preserve_index=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        pass
    for c in cols:
        s = lookup[c]
        if isinstance(s, pd.DataFrame):
            raise CoterminousValueError(f"lookup: the data has more than one column named {c!r}")
        try:
            pa.array(s, from_pandas=True)
        except (pa.ArrowInvalid, pa.ArrowTypeError) as e:
            values = s.tolist()
            first = next((v for v in values if not _frame._is_missing(v)), None)
            row = next(
                (r for r, v in enumerate(values) if not _frame._is_missing(v) and type(v) is not type(first)),
                None,
            )
            if row is None:
                raise CoterminousTypeError(f"lookup: column {c!r}: its values cannot be read as codes or weights ({e})") from None
            what = "weights must be numbers" if weight is not None and c == weight else "codes must be all strings or all integers"
            raise CoterminousTypeError(
                f"lookup: column {c!r}, row {row}: {values[row]!r} is of type {type(values[row]).__name__} but the "
                f"column's first value is of type {type(first).__name__}; {what}"
            ) from None
    return pa.Table.from_pandas(lookup[cols], preserve_index=False)


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

        return pd.Series(values, name=name, dtype="str")
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
    table is of the lookup's kind (pandas, polars; pyarrow for Arrow tables and streams; pandas for a
    dict of columns). pandas and dict input go through pyarrow.

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
    kind, stream = _lookup_stream(lookup, cols, weight)
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

        return pl.Series(name, values, strict=False)  # [3, 15.5]: Float64, not an error
    if kind == _frame.PYARROW:
        import pyarrow as pa

        return pa.array(values)
    if not lists:
        arr = np.asarray(values)
        if arr.dtype.kind in "iufb":
            return arr
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


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
    share of the unit first; a row of zero weight links nothing). The relationship is

    - ``"coterminous"``: one partner holds at least ``threshold`` of the unit and the unit
      holds at least ``threshold`` of that partner;
    - ``"nested"``: at least ``threshold`` of the unit lies in one partner, which is bigger;
    - ``"split"``: no single partner holds it, and every partner is nested in it;
    - ``"overlapping"``: anything else (including a unit of total weight 0, which has no
      partners).

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


# ---------------------------------------------------------------- from pairs to questions


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
                f"{arg}: column {column!r}, row {r}: the code {v!r} is also in row {rows[v]}; each body must appear once"
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
            dtype = pd.BooleanDtype() if pa.types.is_boolean(t) else pd.api.types.pandas_dtype(str(t).capitalize().replace("Uint", "UInt"))
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

    Returns
    -------
    A table of the left table's kind, one row per pair in the left table's row order: every
    column of the left table prefixed ``left_``, every column of the right table prefixed
    ``right_``, then the evidence: ``coterminosity`` (with ``lookup=``) or ``name_score``
    (with ``names=``, 0-100).

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
            from .names import pair_names  # type: ignore[import-not-found,unused-ignore]
        except ImportError as e:
            raise CoterminousValueError("names= pairing needs coterminous.names") from e
        # missing names are passed on: pair_names never pairs them
        _frame.require_columns(left_scores, lkind, [ln], "left_scores")
        _frame.require_columns(right_scores, rkind, [rn], "right_scores")
        lnames = _table_list(left_scores, lkind, ln)
        rnames = _table_list(right_scores, rkind, rn)
        kw: dict[str, Any] = {} if min_score is None else {"min_score": min_score}
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
        pairs = [(r, rrow[c]) for r, c in enumerate(lcodes) if c in rrow]
        lrows = np.array([p[0] for p in pairs], dtype=np.int64)
        rrows = np.array([p[1] for p in pairs], dtype=np.int64)
        return _pairs_table(left_scores, lkind, right_scores, rkind, lrows, rrows, {})

    ov = _as_overlap(lookup, lookup_columns)
    okind = _frame.kind_of(ov, "lookup")
    ol = _table_list(ov, okind, "left")
    orr = _table_list(ov, okind, "right")
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
        raise CoterminousValueError(f"lookup_columns: expected (left, right) or (left, right, weight), got {lookup_columns!r}")
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
    A new table of the same kind: the paired table followed by ``gap_<theme>`` for each theme
    and ``gap_total`` (the sum of the theme gaps, which is left total − right total), all int64
    and missing where a score is missing. The input is not modified.

    >>> import pandas as pd
    >>> from coterminous import Framework
    >>> t = ["financial_reporting", "financial_management", "financial_standing", "internal_control", "value_for_money"]
    >>> paired = pd.DataFrame({**{f"left_{k}": [v] for k, v in zip(t, [3, 3, 4, 3, 3])},
    ...                        **{f"right_{k}": [v] for k, v in zip(t, [1, 1, 1, 2, 1])}})
    >>> gaps(paired, "cpa_use_of_resources")["gap_total"].tolist()
    [10]
    """
    from .framework import Framework
    from .errors import ScoreError

    fw = framework if isinstance(framework, Framework) else Framework.builtin(framework) if isinstance(framework, str) else None
    if fw is None:
        raise CoterminousTypeError(f"framework: expected a Framework or a built-in name, got {type(framework).__name__}")
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
    The rows of ``paired`` that pass every bound, in their order, as a table of the same kind.
    A pair with a missing value in a bounded column is not a candidate.

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
    A table of the paired table's kind with one row per combination (the first grid varies
    slowest): a column per grid, then ``count``, the number of :func:`candidates`.

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
        counts.append(int(_candidate_mask(paired, kind, kw["left_min"], kw["right_max"], kw["min_coterminosity"], kw["on"]).sum()))
    out_kind = kind
    cols = {k: _py_column(out_kind, k, [c[i] for c in combos]) for i, k in enumerate(keys)}
    cols["count"] = _frame.to_series(out_kind, "count", np.array(counts, dtype=np.int64))
    return _frame.new_table(out_kind, cols)

