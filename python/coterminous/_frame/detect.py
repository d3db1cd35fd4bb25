"""Which library a table or column belongs to, its column names, and the ``backend=`` choices.
The only place (with the rest of ``_frame``) where library kinds are compared."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from .. import _dependencies as deps
from .. import _hints
from ..errors import ColumnNotFoundError, CoterminousTypeError, CoterminousValueError

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
    """Every column of ``names`` is in ``data`` once; else ColumnNotFoundError naming the
    closest column, and (``themes``: the framework's theme of each name) the ``columns=``
    mapping, or CoterminousValueError for a name two columns of a pandas table hold."""
    have = column_names(data, kind)
    for i, n in enumerate(names):
        if n not in have:
            raise ColumnNotFoundError(_hints.missing_column(n, have, arg, themes[i] if themes else None))
        if kind == PANDAS and have.count(n) > 1:
            raise CoterminousValueError(f"{arg}: the data has more than one column named {n!r}")


def check_backend(backend: str, *, allow_dict: bool = False) -> str:
    """``backend`` if it names a table library (or ``"dict"``, a dict of numpy arrays, where
    ``allow_dict``)."""
    allowed = [*BACKENDS, DICT] if allow_dict else list(BACKENDS)
    if backend not in allowed:
        raise CoterminousValueError(
            f"backend: expected one of {allowed}, got {backend!r}{_hints.did_you_mean(backend, allowed)}"
        )
    return backend


def returned_kind(backend: str | None, given: str) -> str:
    """The kind of table a function returns: ``backend`` when the caller asks for one (checked:
    pandas, polars, pyarrow or dict), else the library of the caller's input where it has tables
    (``given``, a kind from :func:`kind_of` or :func:`string_kind`), else pandas (lists, numpy)."""
    if backend is not None:
        return check_backend(backend, allow_dict=True)
    return given if given in BACKENDS else PANDAS


LIST = "list"


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
