"""The exact maximum-total-weight one-to-one assignment of rows to columns (:func:`assign`)."""

from __future__ import annotations

from typing import Any, Literal, overload

import numpy as np

from .. import _core, _frame
from .._frame import pairs as frame
from .._frame.types import Table
from ..errors import CoterminousTypeError, CoterminousValueError
from ._common import _check_codes, _codes

__all__ = ["assign", "match_edges"]

Backend = Literal["pandas", "polars", "pyarrow", "dict"]


def _is_sparse(obj: Any) -> bool:
    return type(obj).__module__.startswith("scipy.sparse")


@overload
def assign(
    weights: np.ndarray | list[Any] | tuple[Any, ...],
    *,
    min_weight: float = 0.0,
    weight: None = None,
    backend: Backend = "pandas",
) -> Any: ...


@overload
def assign(
    weights: Table, *, min_weight: float = 0.0, weight: str | None = None, backend: Backend = "pandas"
) -> Table: ...


def assign(weights: Any, *, min_weight: float = 0.0, weight: str | None = None, backend: Backend = "pandas") -> Any:
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
        The kind of table returned for array input: ``"pandas"`` (default), ``"polars"``,
        ``"pyarrow"`` or ``"dict"`` (a dict of numpy arrays). A table in gives the same kind of
        table out (a dict of columns gives a dict).

    Returns
    -------
    table
        For array input, a table ``row, col, weight`` (int64, int64, float64), one row per pair
        in increasing row order. For a table, ``left, right, weight`` with the table's codes.

    Raises
    ------
    CoterminousValueError
        A negative, NaN or infinite weight (naming the row and column, or the column and row of
        a table), a missing code in a table, a NaN ``min_weight``, an array that is not 2-D,
        ``weight=`` given with an array, or an unknown ``backend``.
    CoterminousTypeError
        A ``min_weight`` that is not a number; weights that are not numbers (booleans, complex numbers, strings); a code column of a
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
        _frame.check_backend(backend, allow_dict=True)
        m = _assign_array(weights, min_weight)
        return _frame.new_table(
            backend,
            {
                "row": _frame.to_series(backend, "row", m.rows),
                "col": _frame.to_series(backend, "col", m.cols),
                "weight": _frame.to_series(backend, "weight", m.weights),
            },
        )
    return _assign_table(weights, min_weight, "weight" if weight is None else weight)


def _assign_array(weights: Any, min_weight: float) -> _core.Matching:
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
        return _core.assign_csr(n, m, csr.indptr.astype(np.uint64), csr.indices.astype(np.uint32), data, min_weight)
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
    # the core reads the matrix as it lies, keeps the nonzero entries and checks each
    return _core.assign_dense(a.astype(np.float64, copy=False), min_weight)


def match_edges(
    rows: np.ndarray, cols: np.ndarray, w: np.ndarray, n: int, m: int, min_weight: float, column: str | None = None
) -> _core.Matching:
    """The maximum-weight matching of an edge list on ``n`` rows and ``m`` columns, built and
    solved by the core (of several edges of one pair the heaviest counts; ``Matching.edges``
    gives the edge each pair uses). A bad weight names ``column`` and the edge's row."""
    return _core.assign_edges(
        n,
        m,
        np.ascontiguousarray(rows, dtype=np.uint32),
        np.ascontiguousarray(cols, dtype=np.uint32),
        np.ascontiguousarray(w, dtype=np.float64),
        min_weight,
        column,
    )


def _assign_table(table: Any, min_weight: float, weight: str) -> Any:
    kind = frame.named_table(table, "weights", "a table, or a matrix of weights")
    _frame.require_columns(table, kind, ["left", "right", weight], "weights")
    w, mask = _frame.numeric_column(table, kind, weight, "weights")
    w = np.array(w, dtype=np.float64)
    if mask is not None:  # a missing weight (such as the share of a unit of total 0): no pair
        w[mask] = 0.0
    lefts = frame.column_list(table, kind, "left", "weights")
    rights = frame.column_list(table, kind, "right", "weights")
    _check_codes(lefts, "weights", "left")
    _check_codes(rights, "weights", "right")
    li, n = _codes(lefts)
    ri, m = _codes(rights)
    picked = match_edges(li, ri, w, n, m, min_weight, weight).edges  # the table row of each pair
    return frame.take_table(table, kind, ["left", "right", weight], picked, {weight: "weight"})
