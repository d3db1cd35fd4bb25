"""Adapter of the statistics: samples (one column each) read from any library as numpy, a
result column built in the caller's library, and the paired table of ``compare`` read and
built. The only place in the statistics where a library's kind is looked at.

``values(x, arg)`` takes any 1-D sample a user may hold: a list or tuple, a numpy array, a
pandas Series, Index, ``pd.array`` (masked or Arrow-backed), ``Series.array`` or Categorical,
a polars Series, a pyarrow Array or ChunkedArray; it returns the values as a 1-D numpy array
of their own type (integers stay integers: int64 or uint64; a list of Python ints neither can
hold as an object array of the ints), and a missing value (None, NaN in a pandas or list
sample, NA, a null) raises CoterminousValueError naming ``arg`` and the row.
``floats(x, arg)`` is the same sample as contiguous float64, every value finite.

Not imported by ``_frame/__init__``: ``from .._frame import samples``."""

from __future__ import annotations

from typing import Any

import numpy as np

from .._missing import is_missing
from ..errors import CoterminousTypeError, CoterminousValueError
from . import NUMPY, PANDAS, POLARS, PYARROW, kind_of, new_table, numeric_column, require_columns, to_series


def _library(x: Any) -> str:
    """The library a column-like object comes from (its top-level module)."""
    return type(x).__module__.split(".")[0]


def _missing_row(mask: Any, arg: str) -> None:
    """CoterminousValueError naming the first missing row of a boolean ``mask``, if any."""
    mask = np.asarray(mask, dtype=bool)
    if mask.any():
        raise CoterminousValueError(f"{arg}: row {int(np.argmax(mask))}: missing value")


def sample_values(x: Any, arg: str) -> Any:
    """One sample as numpy (or ``x`` itself when it is no library's column: a list, a tuple, a
    numpy array), missing values refused with their row.

    pandas: a Series, an Index, ``pd.array``/``Series.array`` (any extension array, nullable
    and Arrow-backed included) and a ``Categorical`` (its values); polars: a Series; pyarrow:
    an Array or ChunkedArray (dictionary arrays decoded). Anything else with the Arrow
    PyCapsule interface is read through pyarrow when it is installed. A table where a column
    is expected is a CoterminousTypeError.
    """
    lib = _library(x)
    if lib == "pandas":
        import pandas as pd

        if isinstance(x, pd.DataFrame):
            raise CoterminousTypeError(f"{arg}: expected one column of numbers, got a pandas DataFrame")
        _missing_row(pd.isna(x), arg)
        dtype = getattr(x, "dtype", None)
        numpy_dtype = getattr(dtype, "numpy_dtype", None)  # nullable and Arrow-backed numbers
        if numpy_dtype is not None and numpy_dtype.kind in "iuf":
            return np.asarray(x, dtype=numpy_dtype)
        return np.asarray(x)
    if lib == "polars":
        import polars as pl

        if not isinstance(x, pl.Series):
            raise CoterminousTypeError(f"{arg}: expected one column of numbers, got a polars {type(x).__name__}")
        if x.null_count():
            _missing_row(x.is_null().to_numpy(), arg)
        return x.to_numpy()
    if lib == "pyarrow" or hasattr(x, "__arrow_c_array__") or hasattr(x, "__arrow_c_stream__"):
        try:
            import pyarrow as pa
        except ImportError:
            raise CoterminousTypeError(
                f"{arg}: a {type(x).__name__} (an Arrow array) needs pyarrow to be read as a sample; "
                "pass a numpy array or a list"
            ) from None
        if lib != "pyarrow":
            x = pa.chunked_array(x) if hasattr(x, "__arrow_c_stream__") else pa.array(x)
        if isinstance(x, (pa.Table, pa.RecordBatch)):
            raise CoterminousTypeError(f"{arg}: expected one column of numbers, got a pyarrow {type(x).__name__}")
        if not isinstance(x, (pa.Array, pa.ChunkedArray)):
            raise CoterminousTypeError(f"{arg}: expected a sequence of numbers, got pyarrow {type(x).__name__}")
        if pa.types.is_dictionary(x.type):
            x = (
                x.dictionary_decode()
                if isinstance(x, pa.Array)
                else pa.chunked_array([c.dictionary_decode() for c in x.chunks], x.type.value_type)
            )
        if x.null_count:
            _missing_row(x.is_null().to_numpy(zero_copy_only=False), arg)
        if isinstance(x, pa.ChunkedArray):
            return x.to_numpy()
        return x.to_numpy(zero_copy_only=False)
    return x


def like(template: Any, values: np.ndarray) -> Any:
    """``values`` (one per element of ``template``) as a column of ``template``'s kind: a
    pandas Series keeps its index and name, a polars Series its name, pyarrow gives an Array;
    anything else (lists, numpy, pandas arrays and indexes) numpy."""
    lib = _library(template)
    if lib == "pandas":
        import pandas as pd

        if isinstance(template, pd.Series):
            return pd.Series(values, index=template.index, name=template.name)
    elif lib == "polars":
        import polars as pl

        if isinstance(template, pl.Series):
            return pl.Series(template.name, values)
    elif lib == "pyarrow":
        import pyarrow as pa

        return pa.array(values)
    return values


Sides = tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]


def paired_columns(paired: Any, columns: dict[str, tuple[str, str]], arg: str) -> tuple[str, dict[str, Sides]]:
    """Read ``compare``'s paired table: for each theme, its (left, right) columns as float64
    values with a validity mask (True where present). Returns the table's kind too."""
    kind = kind_of(paired, arg)
    if kind == NUMPY:
        raise CoterminousTypeError(
            f"{arg}: needs named left_<theme> and right_<theme> columns; pass a DataFrame, a Table or a dict"
        )
    names = [c for pair in columns.values() for c in pair]
    require_columns(paired, kind, names, arg)
    out: dict[str, Sides] = {}
    for theme, pair in columns.items():
        sides = []
        for name in pair:
            values, mask = numeric_column(paired, kind, name, arg)
            values = np.ascontiguousarray(values, dtype=np.float64)
            ok = np.ones(len(values), dtype=bool) if mask is None else ~np.asarray(mask, dtype=bool)
            sides.append((values, ok))
        out[theme] = (sides[0], sides[1])
    return kind, out


def result_table(kind: str, columns: dict[str, np.ndarray | tuple[np.ndarray, np.ndarray]]) -> Any:
    """``compare``'s result in the input's kind (a dict in, a dict of numpy arrays out): string
    columns as object arrays, ``(values, missing)`` pairs as nullable float64 (NaN in pandas)."""
    built: dict[str, Any] = {}
    for k, v in columns.items():
        if isinstance(v, tuple) and kind == PANDAS:  # float64, NaN missing: Float64 shows 1e-15 as 0.0
            built[k] = to_series(kind, k, np.where(v[1], np.nan, v[0]))
        elif isinstance(v, tuple):
            built[k] = to_series(kind, k, v[0], v[1])
        elif v.dtype == object and kind == POLARS:
            import polars as pl

            built[k] = pl.Series(k, v.tolist(), dtype=pl.String)
        elif v.dtype == object and kind == PYARROW:
            import pyarrow as pa

            built[k] = pa.array(v.tolist(), pa.string())
        else:
            built[k] = to_series(kind, k, v)
    return new_table(kind, built)


def integers(values: list[int]) -> np.ndarray:
    """Python ints as int64, else uint64, else an object array of the ints themselves."""
    for dtype in (np.int64, np.uint64):
        try:
            return np.array(values, dtype=dtype)
        except OverflowError:
            pass
    return np.array(values, dtype=object)


def values(x: Any, arg: str) -> np.ndarray:
    """The 1-D sample ``x`` as a numpy array of its own kind of number (see the module's
    docstring); ``arg`` names it in errors.

    Raises CoterminousTypeError for a value that is not a number (a bool, a string: naming the
    row) or a sample that is not 1-D data, CoterminousValueError for a missing value (naming
    the row) or a sample of more than one dimension."""
    if isinstance(x, (str, bytes)) or np.isscalar(x) or x is None:
        raise CoterminousTypeError(f"{arg}: expected a sequence of numbers, got {type(x).__name__}")
    x = sample_values(x, arg)
    if isinstance(x, np.ndarray) and x.dtype != object:
        a = x
    else:
        items = x.tolist() if isinstance(x, np.ndarray) else list(x)
        for i, v in enumerate(items):
            if is_missing(v):
                raise CoterminousValueError(f"{arg}: row {i}: missing value")
            if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, float, np.integer, np.floating)):
                raise CoterminousTypeError(f"{arg}: row {i}: {v!r} is not a number")
        if all(isinstance(v, (int, np.integer)) for v in items):
            a = integers([int(v) for v in items])
        else:
            a = np.array([float(v) for v in items], dtype=np.float64)
    if a.ndim != 1:
        raise CoterminousValueError(f"{arg}: expected a 1-D sequence, got shape {a.shape}")
    if a.dtype.kind not in "iufO":
        first = a[0] if a.size else None
        raise CoterminousTypeError(f"{arg}: expected numbers, got values of type {a.dtype} (first {first!r})")
    if a.dtype.kind == "f":
        _missing_row(np.isnan(a), arg)
    return a


#: The largest integer magnitude float64 holds exactly (and every integer below it).
EXACT_INT = 2**53


def as_float64(a: np.ndarray, arg: str) -> np.ndarray:
    """1-D ``a`` (numbers, as ``values`` returns them) as contiguous float64; an integer that
    float64 cannot hold exactly (beyond 2**53 in magnitude) raises CoterminousValueError naming
    the row: the one rule, for the samples and the statistics."""
    if a.dtype.kind in "iuO":
        if a.dtype.kind == "O":
            big = np.array(
                [isinstance(v, (int, np.integer)) and abs(int(v)) > EXACT_INT for v in a.tolist()], dtype=bool
            )
        elif a.dtype.kind == "i":
            big = (a > EXACT_INT) | (a < -EXACT_INT)
        else:
            big = a > EXACT_INT
        if big.any():
            i = int(np.argmax(big))
            raise CoterminousValueError(
                f"{arg}: row {i}: {a[i]} is an integer beyond 2**53 in magnitude, which a float64 cannot hold "
                "exactly; subtract a common offset or pass floats"
            )
    return np.ascontiguousarray(a, dtype=np.float64)


def floats(x: Any, arg: str) -> np.ndarray:
    """The 1-D sample ``x`` as contiguous float64 (``values``, then ``as_float64``); an infinite
    value, or an integer beyond 2**53 in magnitude (which float64 cannot hold exactly), raises
    CoterminousValueError naming the row.

    Examples
    --------
    >>> floats([1, 2.5, 3], "x")
    array([1. , 2.5, 3. ])
    >>> import pandas as pd
    >>> floats(pd.Categorical([3, 1, 3]), "x")
    array([3., 1., 3.])
    """
    out = as_float64(values(x, arg), arg)
    bad = ~np.isfinite(out)
    if bad.any():
        i = int(np.argmax(bad))
        raise CoterminousValueError(f"{arg}: row {i}: {out[i]} is not a finite number")
    return out
