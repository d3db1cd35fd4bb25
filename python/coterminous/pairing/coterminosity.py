"""Co-terminosity of two sets of areas from a small-area lookup (:func:`overlap`)."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import _core, _frame
from ..errors import CoterminousTypeError, CoterminousValueError

__all__ = ["overlap"]


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
            return kind, _polars_lookup(lookup, cols)
        import pyarrow as pa

        if kind == _frame.PANDAS:
            return kind, _pandas_lookup(lookup, cols, weight)
        if kind == _frame.PYARROW:
            table = lookup.select(cols)
            return kind, (pa.Table.from_batches([table]) if isinstance(table, pa.RecordBatch) else table)
        return _frame.DICT, pa.table({c: lookup[c] for c in cols})
    if hasattr(lookup, "__arrow_c_stream__"):
        return _frame.PYARROW, lookup
    raise CoterminousTypeError(
        "lookup: expected a pandas or polars DataFrame, a pyarrow Table or RecordBatchReader, or an object with "
        f"__arrow_c_stream__, got {type(lookup).__module__}.{name}"
    )


def _polars_lookup(lookup: Any, cols: list[str]) -> Any:
    """The lookup's columns, with 128-bit integers (which Arrow's C interface cannot carry) as
    Int64; a value that does not fit raises CoterminousValueError naming the column and row."""
    import polars as pl

    table = lookup.select(cols)
    for c in cols:
        s = table.get_column(c)
        if str(s.dtype) in ("Int128", "UInt128"):
            narrow = s.cast(pl.Int64, strict=False)
            lost = (narrow.is_null() & s.is_not_null()).to_list()
            if True in lost:
                row = lost.index(True)
                raise CoterminousValueError(
                    f"lookup: column {c!r}, row {row}: {s[row]!r} does not fit 64 bits (the column's type is {s.dtype})"
                )
            table = table.with_columns(narrow)
    return table


def _pandas_lookup(lookup: Any, cols: list[str], weight: str | None) -> Any:
    """The lookup's columns as a pyarrow Table; a column Arrow cannot type (an object column
    mixing strings and integers) raises CoterminousTypeError naming the column and row."""
    import pandas as pd
    import pyarrow as pa

    try:
        return pa.Table.from_pandas(lookup[cols], preserve_index=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        pass
    except UnicodeEncodeError as e:  # a lone surrogate: not text Arrow can hold
        for c in cols:
            for r, v in enumerate(lookup[c].tolist()):
                if isinstance(v, str):
                    try:
                        v.encode("utf-8")
                    except UnicodeEncodeError as bad:
                        raise CoterminousValueError(
                            f"lookup: column {c!r}, row {r}: {v!r} cannot be encoded as UTF-8 ({bad.reason})"
                        ) from None
        raise CoterminousValueError(f"lookup: a value cannot be encoded as UTF-8 ({e.reason})") from None
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
                raise CoterminousTypeError(
                    f"lookup: column {c!r}: its values cannot be read as codes or weights ({e})"
                ) from None
            what = (
                "weights must be numbers"
                if weight is not None and c == weight
                else "codes must be all strings or all integers"
            )
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
    table
        A table ``left, right, weight, left_share, right_share, coterminosity``, one row per code
        pair, sorted by left then right code: ``weight`` summed over the pair's rows (the row count,
        int64, without ``weight=``), ``left_share`` the pair's weight over the left unit's total,
        ``right_share`` over the right unit's, and ``coterminosity`` the smaller of the two (1.0:
        the two units cover the same ground). A share is missing when its unit's total is 0. The
        table is of the lookup's kind (pandas, polars; pyarrow for Arrow tables and streams; a dict of
        numpy arrays for a dict of columns). pandas and dict input go through pyarrow.

    Raises
    ------
    CoterminousValueError
        A missing code, or a NaN, infinite or negative weight, naming the column and row.
    CoterminousTypeError
        A lookup that is not a table or Arrow stream, column names that are not strings, or a
        column whose values are neither all strings nor all integers (codes) or numbers
        (weights).
    ColumnNotFoundError
        A column not in the lookup (a KeyError).

    Examples
    --------
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
    named: list[tuple[str, str | None]] = [("left", left), ("right", right), ("weight", weight)]
    for which, col in named:
        if col is not None and _frame.core_name(col) != col:  # Arrow names are UTF-8
            raise CoterminousValueError(f"{which}: the column name {col!r} cannot be encoded as UTF-8")
    cols = list(dict.fromkeys([left, right] + ([weight] if weight is not None else [])))
    kind, stream = _lookup_stream(lookup, cols, weight)
    t = _core.overlap_stream(stream, left, right, weight)
    w = t.weight
    weights = _frame.to_series(kind, "weight", w if weight is not None else np.rint(w).astype(np.int64))
    return _frame.new_table(
        kind,
        {
            "left": _code_series(kind, "left", t.left_units, t.left),
            "right": _code_series(kind, "right", t.right_units, t.right),
            "weight": weights,
            "left_share": _float_series(kind, "left_share", t.left_share),
            "right_share": _float_series(kind, "right_share", t.right_share),
            "coterminosity": _float_series(kind, "coterminosity", t.coterminosity),
        },
    )
