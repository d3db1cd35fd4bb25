"""Reading a table's columns for the core: numeric columns as numpy views (no copy where the
library allows it) or Arrow arrays with their nulls, key columns as integer codes, and rows
taken as the library's own column objects."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from .. import _core, _hints
from .._dependencies import pandas as pd
from .._dependencies import polars as pl
from .._dependencies import pyarrow as pa
from .._dependencies import pyarrow_compute as pc
from .._missing import is_missing as _is_missing
from ..errors import CoterminousTypeError, CoterminousValueError, ScoreError
from .detect import DICT, NUMPY, PANDAS, POLARS, PYARROW, kind_of, require_columns

Column = tuple[np.ndarray, "np.ndarray | None"]  # values, null mask (True = missing)


def _bad_dtype(name: str, dtype: Any, first: Any, arg: str) -> ScoreError:
    return ScoreError(
        f"{arg}: column {name!r}, row 0: {first!r} is not an integer score (the column's type is {dtype})"
    )


def _float_nan_mask(values: np.ndarray) -> np.ndarray | None:
    if values.dtype.kind == "f":
        nan = np.isnan(values)
        if nan.any():
            return np.asarray(nan)
    return None


def core_array(a: np.ndarray) -> np.ndarray:
    """``a`` as the core reads a 1-D numpy column in place: a supported numeric type
    (float16 widened to float32) in native byte order, aligned, with a positive stride that is
    a whole number of items. Any other layout (reversed, broadcast, a record field, a
    byte-swapped or float16 array) is copied; the caller's array is never modified."""
    if a.dtype.kind == "f" and a.itemsize == 2:
        a = a.astype(np.float32)
    elif not a.dtype.isnative:
        a = a.astype(a.dtype.newbyteorder("="))
    step = a.strides[0] if a.ndim == 1 and len(a) > 1 else a.itemsize
    if step <= 0 or step % a.itemsize or not a.flags.aligned:
        a = a.copy()  # C order and aligned
    return a


def core_name(name: Any) -> str:
    """A column name as the core's messages carry it: ``str(name)``, with characters UTF-8
    cannot hold (lone surrogates) written as backslash escapes."""
    text = str(name)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", errors="backslashreplace").decode("utf-8")
    return text


def core_mask(mask: np.ndarray | None) -> np.ndarray | None:
    """A null mask as the core reads it: a contiguous bool array (a copy when it is not)."""
    if mask is None:
        return None
    return np.ascontiguousarray(mask, dtype=bool)


def numeric_column(data: Any, kind: str, name: Any, arg: str = "data") -> Column:
    """The values of a numeric column as a 1-D numpy array (a view where possible) and a null
    mask, or None when nothing is missing. A boolean or non-numeric column raises ScoreError.

    Missing values are the library's own: nulls in polars and pyarrow (where NaN is a value, and
    not a score), NaN or NA in pandas and NaN in numpy float arrays."""
    if kind == PANDAS:
        return _pandas_column(data[name], name, arg)
    if kind == POLARS:
        return _polars_column(data.get_column(name), name, arg)
    if kind == PYARROW:
        col = data.column(name)
        return _arrow_column(col, name, arg)
    if kind == DICT:
        return _dict_column(data[name], name, arg)
    raise AssertionError(kind)


def _dict_column(v: Any, name: Any, arg: str) -> Column:
    if isinstance(v, np.ma.MaskedArray):
        mask = np.ma.getmaskarray(v)
        return _dict_column(v.filled(0) if v.dtype.kind in "iuf" else v.data, name, arg)[0], (
            mask if mask.any() else None
        )
    if isinstance(v, (list, tuple)):  # read by the core, Python's types apart (True is no 1)
        return _list_column(v, name, arg)
    a = np.asarray(v)
    if a.ndim != 1:
        raise CoterminousValueError(f"{arg}: column {name!r} must be 1-D, got shape {a.shape}")
    if a.dtype.kind in "iuf":
        return a, _float_nan_mask(a)
    if a.dtype.kind == "O":
        values = list(a)
        _raise_first_non_integer(values, name, a.dtype, arg)
        mask = np.fromiter((_is_missing(x) for x in values), dtype=bool, count=len(values))
        filled = np.array([0 if m else x for x, m in zip(values, mask)])
        if filled.dtype.kind not in "iuf":  # Python ints beyond 64 bits
            row = next((i for i, x in enumerate(values) if not mask[i] and not -(2**63) <= x < 2**64), 0)
            raise ScoreError(
                f"{arg}: column {name!r}, row {row}: {values[row]!r} is not an integer score that fits 64 bits"
            )
        return filled, (mask if mask.any() else None)
    raise _bad_dtype(name, a.dtype, a[0] if len(a) else None, arg)


def _list_column(v: list[Any] | tuple[Any, ...], name: Any, arg: str) -> Column:
    """A list of Python numbers (None or NaN missing) as the core's column reader reads it;
    the first value that is not a number (a string, a bool) raises ScoreError naming its row."""
    values = list(v)
    if any(isinstance(x, (list, tuple, np.ndarray)) for x in values):
        raise CoterminousValueError(f"{arg}: column {name!r} must be 1-D, got a list of sequences")
    _raise_first_non_integer(values, name, "object", arg)
    try:
        kind, out, mask = _core.read_column(values, f"{arg}: column {name!r}", numbers=True)
    except CoterminousValueError as e:  # an int beyond 64 bits
        row = next(i for i, x in enumerate(values) if isinstance(x, int) and not -(2**63) <= x < 2**63)
        raise ScoreError(
            f"{arg}: column {name!r}, row {row}: {values[row]!r} is not an integer score that fits 64 bits"
        ) from e
    if kind == "null":
        return np.zeros(len(values), dtype=np.int64), (np.ones(len(values), dtype=bool) if values else None)
    return out, mask


def numeric_columns(
    data: Any, kind: str, names: Sequence[Any], arg: str, themes: Sequence[str] | None = None
) -> tuple[list[Any], list[np.ndarray | None]]:
    """The columns ``names`` (checked to exist and to be numeric) for the core to read: Arrow
    columns (polars, pyarrow, pandas' Arrow-backed) as Arrow arrays, which the core reads
    through the Arrow PyCapsule interface with their own nulls (mask None); the others as numpy
    views in native byte order with a null mask, as ``numeric_column`` gives them."""
    require_columns(data, kind, names, arg, themes)
    arrays: list[Any] = []
    masks: list[np.ndarray | None] = []
    for n in names:
        arrow = _arrow_numeric(data, kind, n, arg)
        if arrow is not None:
            arrays.append(arrow)
            masks.append(None)
            continue
        values, mask = numeric_column(data, kind, n, arg)
        arrays.append(core_array(values))
        masks.append(core_mask(mask))
    return arrays, masks


_POLARS_NUMBERS = ("Int8", "Int16", "Int32", "Int64", "UInt8", "UInt16", "UInt32", "UInt64", "Float32", "Float64")


def _arrow_numeric(data: Any, kind: str, name: Any, arg: str) -> Any:
    """The numeric column ``name`` as one Arrow array (a polars Series in one chunk or a
    pyarrow Array), or None when the column is not Arrow data of a type the core reads."""
    if kind == POLARS:
        s = _polars_narrow(data.get_column(name), name, arg)
        if str(s.dtype) not in _POLARS_NUMBERS:
            return None
        return s.rechunk() if s.n_chunks() > 1 else s
    if kind == PYARROW:
        return _arrow_numeric_array(data.column(name), name, arg)
    if kind == PANDAS:
        s = data[name]
        if isinstance(s, pd.DataFrame) or not isinstance(s.dtype, pd.ArrowDtype):
            return None
        return _arrow_numeric_array(s.array.__arrow_array__(), name, arg)
    return None


def _pandas_column(s: Any, name: Any, arg: str) -> Column:
    if isinstance(s, pd.DataFrame):
        raise CoterminousValueError(f"{arg}: the data has more than one column named {name!r}")
    dtype = s.dtype
    if isinstance(dtype, np.dtype):
        if dtype.kind in "iuf":
            values = s.to_numpy(copy=False)
            return values, _float_nan_mask(values)
        if dtype.kind == "O":  # Python numbers (a copy), with None/NaN as missing
            return _dict_column(s.to_numpy(), name, arg)
        raise _bad_dtype(name, dtype, s.iloc[0] if len(s) else None, arg)
    arr = s.array
    if isinstance(arr, pd.arrays.BooleanArray):
        raise _bad_dtype(name, dtype, s.iloc[0] if len(s) else None, arg)
    if isinstance(arr, (pd.arrays.IntegerArray, pd.arrays.FloatingArray)):
        values, mask = arr._data, arr._mask  # the masked array's own buffers, no copy
        return values, (mask if mask.any() else None)
    if isinstance(dtype, pd.ArrowDtype):
        return _arrow_column(arr.__arrow_array__(), name, arg)
    if isinstance(dtype, pd.CategoricalDtype):  # categories of numbers: their values (a copy)
        return _dict_column(np.asarray(s, dtype=object), name, arg)
    _raise_first_non_integer(s.tolist(), name, dtype, arg)
    raise _bad_dtype(name, dtype, s.iloc[0] if len(s) else None, arg)


def _raise_first_non_integer(values: list[Any], name: Any, dtype: Any, arg: str) -> None:
    error = _hints.not_numbers(values, name, dtype, arg)
    if error is not None:
        raise error


def narrow_int128(s: Any, name: Any, arg: str, error: type[Exception] = ScoreError, what: str = "score") -> Any:
    """A polars column with 128-bit integers (which Arrow's C interface cannot carry) as Int64
    when every value fits; else ``error`` naming the column, the first row that does not fit and
    ``what`` the value is (``"score"``, ``"code"``). Other columns come back as they are."""
    dtype = str(s.dtype)
    if dtype not in ("Int128", "UInt128"):
        return s
    narrow = s.cast(pl.Int64, strict=False)
    lost = (narrow.is_null() & s.is_not_null()).to_list()
    if True in lost:
        row = lost.index(True)
        fits = f"is not an integer {what} that fits 64 bits" if what == "score" else "does not fit 64 bits"
        raise error(f"{arg}: column {name!r}, row {row}: {s[row]!r} {fits} (the column's type is {dtype})")
    return narrow


def _polars_narrow(s: Any, name: Any, arg: str) -> Any:
    """A polars column the core can read: an all-null column as Int64 nulls (missing scores),
    128-bit integers as Int64 when they fit (ScoreError naming the first row that does not)."""
    if str(s.dtype) == "Null":
        return s.cast(pl.Int64)
    return narrow_int128(s, name, arg)


def table_input(data: Any, cols: list[str], arg: str) -> tuple[str, Any, dict[str, Any] | None]:
    """The kind of table ``data`` is and either an object with ``__arrow_c_stream__`` (pyarrow
    tables and record batch readers, any other Arrow stream: read batch by batch) or its columns
    ``cols`` as ``core_column`` gives them (pandas, polars, dicts: pyarrow is not needed for
    polars or dicts). Arrow streams that are not tables are of kind pyarrow."""
    mod = type(data).__module__.split(".")[0]
    name = type(data).__name__
    if mod == "pyarrow" and name == "RecordBatchReader":
        return PYARROW, data, None
    if mod in ("pandas", "polars", "pyarrow") or isinstance(data, Mapping):
        kind = kind_of(data, arg)
        if kind == NUMPY:
            raise CoterminousTypeError(f"{arg}: a table with named columns is needed, not a numpy array")
        require_columns(data, kind, cols, arg)
        if kind == PYARROW:
            table = data.select(cols)
            return kind, (pa.Table.from_batches([table]) if isinstance(table, pa.RecordBatch) else table), None
        return kind, None, {c: core_column(data, kind, c, arg, "code") for c in cols}
    if hasattr(data, "__arrow_c_stream__"):
        return PYARROW, data, None
    raise CoterminousTypeError(
        f"{arg}: expected a pandas or polars DataFrame, a pyarrow Table or RecordBatchReader, a dict of columns, "
        f"or an object with __arrow_c_stream__, got {type(data).__module__}.{name}"
    )


def core_column(data: Any, kind: str, name: Any, arg: str, what: str = "value") -> Any:
    """Column ``name`` of ``data`` as the core's one column reader takes it (``_core.read_column``
    describes it): Arrow data (polars, pyarrow, pandas' Arrow-backed columns) as one Arrow array
    or a polars Series in one chunk, numeric numpy columns as numpy arrays, anything else as a
    list of Python objects, whose types the core keeps apart (``1``, ``True`` and ``"1"`` are
    never one value). pyarrow is not needed for polars, numpy or dict data. A duplicated pandas
    column raises CoterminousValueError; ``what`` names a value in errors (``"code"``)."""
    if kind == PANDAS:
        s = data[name]
        if isinstance(s, pd.DataFrame):
            raise CoterminousValueError(f"{arg}: the data has more than one column named {name!r}")
        if isinstance(s.dtype, np.dtype) and s.dtype.kind in "iuf":
            return s.to_numpy()
        arr = s.array
        if hasattr(arr, "__arrow_array__") and isinstance(s.dtype, (pd.ArrowDtype, pd.StringDtype)):
            try:
                col = arr.__arrow_array__()
            except (ImportError, TypeError):  # python-backed strings
                return s.tolist()
            if isinstance(col, pa.ChunkedArray):
                col = col.combine_chunks() if col.num_chunks != 1 else col.chunk(0)
            return col
        return s.tolist()
    if kind == POLARS:
        s = narrow_int128(data.get_column(name), name, arg, CoterminousValueError, what)
        return s.rechunk() if s.n_chunks() > 1 else s
    if kind == PYARROW:
        col = data.column(name)
        if isinstance(col, pa.ChunkedArray):
            col = col.combine_chunks() if col.num_chunks != 1 else col.chunk(0)
        return col
    if kind == DICT:
        v = data[name]
        if isinstance(v, np.ma.MaskedArray):
            mask = np.ma.getmaskarray(v).tolist()
            return [None if m else x for x, m in zip(v.data.tolist(), mask)]
        return v
    raise AssertionError(kind)


def _polars_column(s: Any, name: Any, arg: str) -> Column:
    s = _polars_narrow(s, name, arg)
    dtype = s.dtype
    if not dtype.is_numeric():
        _raise_first_non_integer(s.to_list(), name, dtype, arg)
        raise _bad_dtype(name, dtype, None, arg)
    if dtype.is_decimal():
        s = s.cast(float)
    if s.null_count() == 0:
        return s.to_numpy(), None
    mask = s.is_null().to_numpy()
    return s.fill_null(0).to_numpy(), mask


def _arrow_numeric_array(col: Any, name: Any, arg: str) -> Any:
    """A pyarrow column as one numeric Array (chunks combined, dictionaries decoded, float16
    widened); a column of another type raises ScoreError naming its first value."""
    if isinstance(col, pa.ChunkedArray):
        col = col.combine_chunks() if col.num_chunks != 1 else col.chunk(0)
    t = col.type
    if pa.types.is_dictionary(t):
        col = col.dictionary_decode()
        t = col.type
    if pa.types.is_null(t):  # all missing: missing integer scores
        col = col.cast(pa.int64())
        t = col.type
    if not (pa.types.is_integer(t) or pa.types.is_floating(t)):
        _raise_first_non_integer(col.to_pylist(), name, t, arg)
        raise _bad_dtype(name, t, None, arg)
    if pa.types.is_float16(t):
        col = col.cast(pa.float32())
    return col


def _arrow_column(col: Any, name: Any, arg: str) -> Column:
    col = _arrow_numeric_array(col, name, arg)
    dtype = np.dtype(col.type.to_pandas_dtype())
    values = np.frombuffer(col.buffers()[1], dtype=dtype, count=len(col) + col.offset)[col.offset :]
    if col.null_count == 0:
        return values, None
    return values, col.is_null().to_numpy(zero_copy_only=False)


def _fits_int64(a: np.ndarray) -> bool:
    return a.dtype != np.uint64 or len(a) == 0 or int(a.max()) < 2**63


def _frozen(v: Any) -> Any:
    """A hashable stand-in for a key value: dicts (structs) and lists by their contents,
    missing values (None, NaN, NA) as one value."""
    if isinstance(v, dict):
        return ("dict", tuple((k, _frozen(x)) for k, x in v.items()))
    if isinstance(v, (list, tuple, np.ndarray)):
        return ("list", tuple(_frozen(x) for x in v))
    if _is_missing(v):
        return ("missing",)
    if isinstance(v, bool):  # True == 1 in Python, but not as a key
        return ("bool", v)
    return v


def _python_key_codes(values: list[Any]) -> np.ndarray:
    """One code per distinct key value, in order of first appearance, for values no library
    kernel can group (structs, lists, strings with lone surrogates)."""
    codes: dict[Any, int] = {}
    return np.fromiter((codes.setdefault(_frozen(x), len(codes)) for x in values), dtype=np.int64, count=len(values))


_INT64_SAFE = ("Int8", "Int16", "Int32", "Int64", "UInt8", "UInt16", "UInt32", "UInt64")


def key_codes(data: Any, kind: str, name: Any) -> np.ndarray:
    """An integer array with one code per distinct key value (missing keys get one code of
    their own). Integer columns without nulls are used as they are. Keys of any type group:
    structs and lists by their contents."""
    if kind == PANDAS:
        s = data[name]
        if isinstance(s.dtype, np.dtype) and s.dtype.kind in "iu" and _fits_int64(s.to_numpy(copy=False)):
            return np.asarray(s.to_numpy(copy=False))
        try:
            return np.asarray(pd.factorize(s, use_na_sentinel=False)[0])
        except (TypeError, ValueError):  # unhashable values (dicts, lists), lone surrogates
            return _python_key_codes(s.tolist())
    if kind == POLARS:
        s = data.get_column(name)
        if str(s.dtype) in _INT64_SAFE and s.null_count() == 0 and _fits_int64(s.to_numpy()):
            return np.asarray(s.to_numpy())
        try:
            return np.asarray(s.rank("dense").fill_null(0).to_numpy())
        except Exception as e:  # polars raises its own errors for types it cannot rank
            if not type(e).__module__.startswith("polars"):
                raise
            return _python_key_codes(s.to_list())
    if kind == PYARROW:
        col = data.column(name)
        col = col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col
        if pa.types.is_dictionary(col.type):  # its indices may be null: encode the values
            col = col.dictionary_decode()
        if pa.types.is_integer(col.type) and col.null_count == 0 and _fits_int64(col.to_numpy(zero_copy_only=False)):
            return np.asarray(col.to_numpy(zero_copy_only=False))
        try:
            enc = pc.dictionary_encode(col, null_encoding="encode")
        except (pa.ArrowNotImplementedError, pa.ArrowInvalid, pa.ArrowTypeError):  # structs, lists
            return _python_key_codes(col.to_pylist())
        return np.asarray(enc.indices.to_numpy(zero_copy_only=False))
    if kind == DICT:
        v = data[name]
        if not isinstance(v, np.ndarray):  # a list: its values as they are (True is no 1)
            return _python_key_codes(list(v))
        if v.dtype.kind in "iu" and _fits_int64(v):
            return v
        return _python_key_codes(v.tolist())
    raise AssertionError(kind)


def _take_list(values: Any, rows: np.ndarray) -> np.ndarray:
    """``values[rows]`` of a list (or any sequence) as an object array: Python's types kept
    (the code ``1`` stays an int beside ``'A'``)."""
    out = np.empty(len(rows), dtype=object)
    out[:] = [values[i] for i in rows.tolist()]
    return out


def take_rows(data: Any, kind: str, names: Sequence[Any], rows: np.ndarray) -> dict[Any, Any]:
    """Columns ``names`` of ``data`` at ``rows``, as the library's own column objects."""
    if kind == PANDAS:
        return {n: data[n].iloc[rows].reset_index(drop=True) for n in names}
    if kind == POLARS:
        return {n: data.get_column(n).gather(rows) for n in names}
    if kind == PYARROW:
        return {n: data.column(n).take(rows) for n in names}
    if kind == DICT:  # a masked array keeps its mask
        return {n: data[n][rows] if isinstance(data[n], np.ndarray) else _take_list(data[n], rows) for n in names}
    raise AssertionError(kind)
