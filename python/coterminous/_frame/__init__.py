"""Dataframe adapters: read numeric columns as numpy views (no copy where the library allows
it) with a null mask, and build results of the same kind as the input. pandas, polars and
pyarrow come from ``_dependencies`` and are imported only when the caller's data is of their
kind."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from .. import _dependencies as deps
from .. import _hints
from .._dependencies import pandas as pd
from .._dependencies import polars as pl
from .._dependencies import pyarrow as pa
from .._dependencies import pyarrow_compute as pc
from ..errors import ColumnNotFoundError, CoterminousTypeError, CoterminousValueError, ScoreError

PANDAS, POLARS, PYARROW, NUMPY, DICT = "pandas", "polars", "pyarrow", "numpy", "dict"
BACKENDS = (PANDAS, POLARS, PYARROW)

Column = tuple[np.ndarray, "np.ndarray | None"]  # values, null mask (True = missing)


def kind_of(data: Any, arg: str = "data") -> str:
    """Which library ``data`` belongs to."""
    name = type(data).__name__
    if deps.is_pandas_frame(data):
        return PANDAS
    if deps.is_polars_frame(data):
        return POLARS
    if deps.is_polars_lazyframe(data):
        raise CoterminousTypeError(f"{arg}: a polars LazyFrame; call .collect() first")
    if deps.is_pyarrow_table(data):
        return PYARROW
    if isinstance(data, np.ndarray):
        return NUMPY
    if isinstance(data, Mapping):
        lengths = {len(v) for v in data.values()}
        if len(lengths) > 1:
            raise CoterminousValueError(
                f"{arg}: the columns of a dict must have one length, got lengths {sorted(lengths)}"
            )
        return DICT
    raise _hints.path_error(data, arg) or CoterminousTypeError(
        f"{arg}: expected a pandas or polars DataFrame, a pyarrow Table, a dict of 1-D arrays or a numpy array, "
        f"got {type(data).__module__}.{name}"
    )


def column_names(data: Any, kind: str) -> list[str]:
    if kind == PYARROW:
        return list(data.schema.names)
    if kind == DICT:
        return list(data)
    return [str(c) if kind == POLARS else c for c in data.columns]


def require_columns(data: Any, kind: str, names: Sequence[str], arg: str, themes: Sequence[str] | None = None) -> None:
    """Every column of ``names`` is in ``data``; else ColumnNotFoundError naming the closest
    column, and (``themes``: the framework's theme of each name) the ``columns=`` mapping."""
    have = column_names(data, kind)
    for i, n in enumerate(names):
        if n not in have:
            raise ColumnNotFoundError(_hints.missing_column(n, have, arg, themes[i] if themes else None))


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


def _polars_narrow(s: Any, name: Any, arg: str) -> Any:
    """A polars column the core can read: an all-null column as Int64 nulls (missing scores),
    128-bit integers as Int64 when they fit (ScoreError naming the first row that does not)."""
    dtype = str(s.dtype)
    if dtype == "Null":
        return s.cast(pl.Int64)
    if dtype in ("Int128", "UInt128"):
        narrow = s.cast(pl.Int64, strict=False)
        lost = (narrow.is_null() & s.is_not_null()).to_list()
        if True in lost:
            row = lost.index(True)
            raise ScoreError(
                f"{arg}: column {name!r}, row {row}: {s[row]!r} is not an integer score that fits 64 bits "
                f"(the column's type is {dtype})"
            )
        return narrow
    return s


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
        a = np.asarray(data[name])
        if a.dtype.kind in "iu" and _fits_int64(a):
            return a
        return _python_key_codes(a.tolist())
    raise AssertionError(kind)


def take_rows(data: Any, kind: str, names: Sequence[Any], rows: np.ndarray) -> dict[Any, Any]:
    """Columns ``names`` of ``data`` at ``rows``, as the library's own column objects."""
    if kind == PANDAS:
        return {n: data[n].iloc[rows].reset_index(drop=True) for n in names}
    if kind == POLARS:
        return {n: data.get_column(n).gather(rows) for n in names}
    if kind == PYARROW:
        return {n: data.column(n).take(rows) for n in names}
    if kind == DICT:  # a masked array keeps its mask
        return {
            n: data[n][rows] if isinstance(data[n], np.ma.MaskedArray) else np.asarray(data[n])[rows] for n in names
        }
    raise AssertionError(kind)


def to_series(kind: str, name: str, values: np.ndarray, mask: np.ndarray | None = None) -> Any:
    """A column of the given kind from numpy values and an optional null mask."""
    if kind == PANDAS:
        if mask is None:
            return pd.Series(values, name=name)
        if values.dtype.kind in "iu":
            return pd.Series(pd.arrays.IntegerArray(values, mask), name=name)
        if values.dtype.kind == "f":
            return pd.Series(pd.arrays.FloatingArray(values, mask), name=name)
        raise AssertionError(values.dtype)
    if kind == POLARS:
        s = pl.Series(name, values)
        if mask is not None:
            s = s.to_frame().select(pl.when(pl.Series(mask)).then(None).otherwise(pl.col(name)).alias(name)).to_series()
        return s
    if kind == PYARROW:
        return pa.array(values, mask=mask)
    if kind == DICT:
        return values if mask is None else np.ma.MaskedArray(values, mask=mask)
    raise AssertionError(kind)


def list_series(kind: str, name: str, offsets: np.ndarray, values: np.ndarray) -> Any:
    """A list column from CSR offsets and values."""
    lists = [values[offsets[i] : offsets[i + 1]].tolist() for i in range(len(offsets) - 1)]
    if kind == PANDAS:
        return pd.Series(lists, name=name, dtype=object)
    if kind == POLARS:
        return pl.Series(name, lists, dtype=pl.List(pl.Int64))
    if kind == PYARROW:
        return pa.ListArray.from_arrays(pa.array(offsets.astype(np.int64)), pa.array(values, pa.int64()))
    if kind == DICT:
        out = np.empty(len(lists), dtype=object)
        out[:] = lists
        return out
    raise AssertionError(kind)


def new_table(kind: str, columns: dict[str, Any]) -> Any:
    """A table of the given kind from already-built columns (see ``to_series``)."""
    if kind == PANDAS:
        return pd.DataFrame(
            {k: (v.reset_index(drop=True) if hasattr(v, "reset_index") else v) for k, v in columns.items()}
        )
    if kind == POLARS:
        return pl.DataFrame([s.alias(k) if hasattr(s, "alias") else pl.Series(k, s) for k, s in columns.items()])
    if kind == PYARROW:
        return pa.table(columns)
    if kind == DICT:
        return dict(columns)
    raise AssertionError(kind)


def with_columns(data: Any, kind: str, columns: dict[str, Any], arg: str = "data") -> Any:
    """A new table: ``data``'s columns followed by ``columns`` (never modifies ``data``);
    ``arg`` names ``data`` in errors."""
    have = column_names(data, kind)
    for k in columns:
        if k in have:
            raise CoterminousValueError(f"{arg}: already has a column {k!r}; rename or drop it first")
    if kind == PANDAS:
        out = data.copy(deep=False)
        for k, v in columns.items():
            out[k] = v.set_axis(data.index)
        return out
    if kind == POLARS:
        return data.with_columns([s.alias(k) for k, s in columns.items()])
    if kind == PYARROW:
        out = data
        for k, v in columns.items():
            out = out.append_column(k, v)
        return out
    if kind == DICT:
        return {**data, **columns}
    raise AssertionError(kind)


def check_backend(backend: str, *, allow_dict: bool = False) -> str:
    """``backend`` if it names a table library (or ``"dict"``, a dict of numpy arrays, where
    ``allow_dict``)."""
    allowed = [*BACKENDS, DICT] if allow_dict else list(BACKENDS)
    if backend not in allowed:
        raise CoterminousValueError(
            f"backend: expected one of {allowed}, got {backend!r}{_hints.did_you_mean(backend, allowed)}"
        )
    return backend


# --- string columns (names, codes) -----------------------------------------------------------

LIST = "list"


class StringBuffers:
    """A 1-D column of strings in the Arrow layout, as numpy views of the caller's buffers
    where the column is already Arrow (pyarrow, polars, pandas' Arrow-backed strings):
    string ``i`` is ``data[offsets[i]:offsets[i + 1]]``; ``mask`` is True where missing.

    ``kind`` is the library of the column (pandas, polars, pyarrow, numpy or list); ``arrow``
    holds the Arrow array when there is one, ``values`` the Python strings otherwise."""

    def __init__(
        self,
        kind: str,
        n: int,
        offsets: np.ndarray,
        data: np.ndarray,
        mask: np.ndarray | None,
        arrow: Any = None,
        values: list[Any] | None = None,
    ):
        self.kind, self.n, self.offsets, self.data, self.mask = kind, n, offsets, data, mask
        self.arrow, self.values = arrow, values


def string_kind(obj: Any, arg: str) -> str:
    """The library of a 1-D column of strings: pandas, polars, pyarrow, numpy or list."""
    name = type(obj).__name__
    if deps.is_pandas_series(obj):
        return PANDAS
    if deps.is_polars_series(obj):
        return POLARS
    if deps.is_pyarrow_array(obj):
        return PYARROW
    if isinstance(obj, np.ndarray):
        if obj.ndim != 1:
            raise CoterminousValueError(f"{arg}: expected a 1-D array of strings, got shape {obj.shape}")
        return NUMPY
    if isinstance(obj, (str, bytes)) or kind_of_table(obj):
        raise CoterminousTypeError(
            f"{arg}: expected a list, Series or Arrow array of strings, got {type(obj).__module__}.{name}"
            + ("; pass one column, e.g. df['name']" if kind_of_table(obj) else "")
        )
    if isinstance(obj, Sequence) or hasattr(obj, "__iter__"):
        return LIST
    raise CoterminousTypeError(
        f"{arg}: expected a list, Series or Arrow array of strings, got {type(obj).__module__}.{name}"
    )


def kind_of_table(obj: Any) -> bool:
    """Whether ``obj`` is a table (pandas or polars DataFrame, polars LazyFrame, pyarrow Table)."""
    return (
        deps.is_pandas_frame(obj)
        or deps.is_polars_frame(obj)
        or deps.is_polars_lazyframe(obj)
        or deps.is_pyarrow_table(obj)
    )


def _is_missing(v: Any) -> bool:
    if v is None:
        return True
    if isinstance(v, float) and v != v:
        return True
    return type(v).__name__ in ("NAType", "NaTType")


def _from_pylist(kind: str, values: list[Any], arg: str) -> StringBuffers:
    encoded: list[bytes] = []
    mask = np.zeros(len(values), dtype=bool)
    for i, v in enumerate(values):
        if isinstance(v, str):
            try:
                encoded.append(v.encode("utf-8"))
            except UnicodeEncodeError as e:
                raise CoterminousValueError(f"{arg}, row {i}: {v!r} cannot be encoded as UTF-8 ({e.reason})") from None
        elif _is_missing(v):
            encoded.append(b"")
            mask[i] = True
        else:
            raise CoterminousTypeError(f"{arg}, row {i}: {v!r} is not a string")
    offsets = np.zeros(len(values) + 1, dtype=np.int64)
    np.cumsum(np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded)), out=offsets[1:])
    data = np.frombuffer(b"".join(encoded), dtype=np.uint8)
    return StringBuffers(kind, len(values), offsets, data, mask if mask.any() else None, values=values)


def _from_arrow(kind: str, arr: Any, arg: str) -> StringBuffers:
    if isinstance(arr, pa.ChunkedArray):
        arr = (
            arr.chunk(0)
            if arr.num_chunks == 1
            else (arr.combine_chunks() if arr.num_chunks else pa.array([], arr.type))
        )
    t = arr.type
    if pa.types.is_dictionary(t):
        arr = arr.dictionary_decode()
        t = arr.type
    if pa.types.is_null(t):
        arr = arr.cast(pa.large_string())
        t = arr.type
    if not (pa.types.is_string(t) or pa.types.is_large_string(t)):
        if getattr(pa.types, "is_string_view", lambda _: False)(t):
            arr = arr.cast(pa.large_string())
            t = arr.type
        else:
            first = next((i for i, v in enumerate(arr.is_valid().to_pylist()) if v), 0)
            raise CoterminousTypeError(f"{arg}, row {first}: expected strings, got Arrow type {t}")
    n = len(arr)
    _, obuf, dbuf = arr.buffers()
    odtype = np.int64 if pa.types.is_large_string(t) else np.int32
    offsets = (
        np.frombuffer(obuf, dtype=odtype, count=arr.offset + n + 1)[arr.offset :]
        if obuf is not None
        else np.zeros(1, odtype)
    )
    data = np.frombuffer(dbuf, dtype=np.uint8) if dbuf is not None else np.zeros(0, np.uint8)
    mask = arr.is_null().to_numpy(zero_copy_only=False) if arr.null_count else None
    return StringBuffers(kind, n, offsets, data, mask, arrow=arr)


def string_buffers(obj: Any, arg: str) -> StringBuffers:
    """The strings of a 1-D column (list, tuple, numpy array, pandas/polars Series, pyarrow
    Array/ChunkedArray) as Arrow buffers; missing values (None, NaN, NA, nulls) are masked.
    A value that is not a string raises CoterminousTypeError naming the argument and row."""
    kind = string_kind(obj, arg)
    if kind == PYARROW:
        return _from_arrow(kind, obj, arg)
    if kind == POLARS:
        if str(obj.dtype).split("(")[0] not in ("String", "Null", "Categorical", "Enum"):
            first = next((i for i, v in enumerate(obj.is_not_null().to_list()) if v), 0)
            raise CoterminousTypeError(f"{arg}, row {first}: expected strings, got polars type {obj.dtype}")
        if not deps.has_module("pyarrow"):
            return _from_pylist(kind, obj.cast(str).to_list(), arg)
        b = _from_arrow(kind, obj.cast(str).to_arrow(), arg)
        b.kind = POLARS
        return b
    if kind == PANDAS:
        arr = obj.array
        if isinstance(obj.dtype, (pd.StringDtype, pd.ArrowDtype)) and hasattr(arr, "__arrow_array__"):
            try:
                b = _from_arrow(kind, pa.array(arr), arg)
                b.kind = PANDAS
                return b
            except (ImportError, TypeError):
                pass
        return _from_pylist(kind, obj.tolist(), arg)
    if kind == NUMPY:
        return _from_pylist(kind, obj.tolist(), arg)
    return _from_pylist(kind, list(obj), arg)
