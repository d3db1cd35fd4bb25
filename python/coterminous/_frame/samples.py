"""1-D samples (the ``x``, ``y`` of a statistic) as numpy arrays.

``values(x, arg)`` takes any 1-D sample a user may hold: a list or tuple, a numpy array, a
pandas Series, Index, ``pd.array`` (masked or Arrow-backed), ``Series.array`` or Categorical,
a polars Series, a pyarrow Array or ChunkedArray; it returns the values as a 1-D numpy array
of their own type (integers stay integers: int64 or uint64; a list of Python ints neither can
hold as an object array of the ints), and a missing value (None, NaN in a pandas or list
sample, NA, a null) raises CoterminousValueError naming ``arg`` and the row.
``floats(x, arg)`` is the same sample as contiguous float64, every value finite.

The stats functions may use it (issue 19 item 13: pandas ``Index``, ``pd.array``,
``Series.array`` and ``Categorical`` samples); it is not imported by ``_frame/__init__``:
``from .._frame import samples``."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import _dependencies as deps
from .._missing import is_missing
from ..errors import CoterminousTypeError, CoterminousValueError


def _missing_row(mask: Any, arg: str) -> None:
    mask = np.asarray(mask, dtype=bool)
    if mask.any():
        raise CoterminousValueError(f"{arg}: row {int(np.argmax(mask))}: missing value")


def _library_values(x: Any, arg: str) -> Any:
    """The values of a pandas, polars or pyarrow sample as numpy (missing ones refused), or
    ``x`` itself when it is none of these."""
    mod = type(x).__module__.split(".")[0]
    if mod == "pandas":
        pd = deps.pandas
        if isinstance(x, pd.DataFrame):
            raise CoterminousTypeError(f"{arg}: expected one column of numbers, got a DataFrame")
        _missing_row(pd.isna(x), arg)
        if isinstance(x, pd.Categorical) or isinstance(getattr(x, "dtype", None), pd.CategoricalDtype):
            return np.asarray(x)  # the categories' values
        return x.to_numpy()
    if mod == "polars":
        if deps.is_polars_frame(x):
            raise CoterminousTypeError(f"{arg}: expected one column of numbers, got a DataFrame")
        if x.null_count():
            raise CoterminousValueError(f"{arg}: row {int(x.is_null().arg_max())}: missing value")
        return x.to_numpy()
    if mod == "pyarrow":
        if x.null_count:
            _missing_row(x.is_null().to_numpy(zero_copy_only=False), arg)
        return x.to_numpy(zero_copy_only=False)
    return x


def _integers(values: list[int]) -> np.ndarray:
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
    x = _library_values(x, arg)
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
            a = _integers([int(v) for v in items])
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


def floats(x: Any, arg: str) -> np.ndarray:
    """The 1-D sample ``x`` as contiguous float64 (``values``, then converted); an infinite
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
    a = values(x, arg)
    if a.dtype.kind in "iuO":
        big = np.array([abs(int(v)) > 2**53 for v in a.tolist()], dtype=bool)
        if big.any():
            i = int(np.argmax(big))
            raise CoterminousValueError(
                f"{arg}: row {i}: {a[i]} is an integer beyond 2**53 in magnitude, which a float64 cannot hold exactly"
            )
    out = np.ascontiguousarray(a, dtype=np.float64)
    bad = ~np.isfinite(out)
    if bad.any():
        i = int(np.argmax(bad))
        raise CoterminousValueError(f"{arg}: row {i}: {out[i]} is not a finite number")
    return out
