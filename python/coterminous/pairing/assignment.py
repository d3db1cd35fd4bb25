"""The exact maximum-total-weight one-to-one assignment of rows to columns (:func:`assign`)."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import _core, _frame
from ..errors import CoterminousTypeError, CoterminousValueError
from ._common import _check_codes, _codes, _describe, _first_bad, _is_sparse, _table_list

__all__ = ["assign"]


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
    table
        For array input, a table ``row, col, weight`` (int64, int64, float64), one row per pair
        in increasing row order. For a table, ``left, right, weight`` with the table's codes.

    Raises
    ------
    CoterminousValueError
        A negative, NaN or infinite weight (naming the row and column, or the column and row of
        a table), a missing code in a table, a ``min_weight`` that is not a number (or is NaN),
        an array that is not 2-D, ``weight=`` given with an array, or an unknown ``backend``.
    CoterminousTypeError
        Weights that are not numbers (booleans, complex numbers, strings); a code column of a
        table that mixes types (``1``, ``1.0``, ``True`` are equal in Python but are different
        codes, never merged).
    ColumnNotFoundError
        A table without ``left``, ``right`` or the weight column.

    Examples
    --------
    >>> import numpy as np
    >>> assign(np.array([[3.0, 2.0], [2.5, 0.0]]))
       row  col  weight
    0    0    1     2.0
    1    1    0     2.5
    """
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
        n, m = csr.shape
        # the core checks the weights (NaN, infinite, negative), naming the row and column
        matched = _core.assign_csr(n, m, csr.indptr.astype(np.uint64), csr.indices.astype(np.uint32), data, min_weight)
        return matched.rows, matched.cols, matched.weights
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
    # Edges for the core: every nonzero entry, so that the core sees (and reports, naming the
    # row and column) any NaN, infinite or negative one; it leaves out those below min_weight.
    keep = a != 0
    rows, cols = np.nonzero(keep)
    indptr = np.zeros(a.shape[0] + 1, dtype=np.uint64)
    np.cumsum(np.bincount(rows, minlength=a.shape[0]), out=indptr[1:])
    matched = _core.assign_csr(a.shape[0], a.shape[1], indptr, cols.astype(np.uint32), a[rows, cols], min_weight)
    return matched.rows, matched.cols, matched.weights


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
    matched = _core.assign_csr(n, m, indptr, ri[edges].astype(np.uint32), w[edges], min_weight)
    rows, cols, weights = matched.rows, matched.cols, matched.weights
    pos = np.searchsorted(key[first], rows * max(m, 1) + cols)
    return rows, cols, weights, edges[pos]


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
