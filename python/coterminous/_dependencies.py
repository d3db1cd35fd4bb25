"""Optional dependencies, in one place (as polars' ``_dependencies``).

coterminous needs numpy alone. pandas, polars, pyarrow, scipy, tqdm and matplotlib are used when
present, through the lazy modules below: ``_dependencies.pandas`` imports pandas on first
attribute access, never at import time. The ``is_*`` checks look a library up in ``sys.modules``
only, so asking whether an object is a pandas DataFrame never imports pandas: if the caller has
not imported it, the object cannot be one.
"""

from __future__ import annotations

import importlib
import sys
from importlib.util import find_spec
from types import ModuleType
from typing import Any

__all__ = [
    "OPTIONAL",
    "has_module",
    "is_pandas_frame",
    "is_pandas_series",
    "is_polars_frame",
    "is_polars_lazyframe",
    "is_polars_series",
    "is_pyarrow_array",
    "is_pyarrow_table",
    "matplotlib",
    "pandas",
    "polars",
    "pyarrow",
    "pyarrow_compute",
    "scipy",
    "tqdm",
]

#: The optional libraries, each with the extra of coterminous that installs it.
OPTIONAL = {
    "pandas": "pandas",
    "polars": "polars",
    "pyarrow": "pyarrow",
    "scipy": "all",
    "tqdm": "progress",
    "matplotlib": "plot",
}


class _LazyModule(ModuleType):
    """A module imported on first attribute access; a missing one raises ImportError naming
    the extra that installs it."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self._lazy_name = name

    def _load(self) -> ModuleType:
        try:
            module = importlib.import_module(self._lazy_name)
        except ImportError as e:
            top = self._lazy_name.split(".")[0]
            extra = OPTIONAL.get(top, "all")
            raise ImportError(
                f"{top} is needed here and is not installed; pip install {top} (or coterminous[{extra}])"
            ) from e
        self.__dict__.update(module.__dict__)
        return module

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("__") and attr.endswith("__"):
            raise AttributeError(attr)
        return getattr(self._load(), attr)

    def __repr__(self) -> str:
        state = "imported" if self._lazy_name in sys.modules else "not imported yet"
        return f"<lazy module {self._lazy_name!r} ({state})>"


pandas: ModuleType = _LazyModule("pandas")
polars: ModuleType = _LazyModule("polars")
pyarrow: ModuleType = _LazyModule("pyarrow")
pyarrow_compute: ModuleType = _LazyModule("pyarrow.compute")
scipy: ModuleType = _LazyModule("scipy")
tqdm: ModuleType = _LazyModule("tqdm")
matplotlib: ModuleType = _LazyModule("matplotlib")


def has_module(name: str) -> bool:
    """Whether ``name`` can be imported (without importing it).

    Parameters
    ----------
    name
        A top-level module name, e.g. ``"pyarrow"``.

    Returns
    -------
    bool
        True when the module is already imported or can be found. A module blocked by setting
        ``sys.modules[name] = None`` counts as absent.
    """
    if name in sys.modules:
        return sys.modules[name] is not None
    try:
        return find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def _loaded(name: str) -> Any:
    """The module ``name`` if the caller has already imported it, else None."""
    return sys.modules.get(name)


def is_pandas_frame(obj: Any) -> bool:
    """Whether ``obj`` is a ``pandas.DataFrame`` (without importing pandas)."""
    pd = _loaded("pandas")
    return pd is not None and isinstance(obj, pd.DataFrame)


def is_pandas_series(obj: Any) -> bool:
    """Whether ``obj`` is a ``pandas.Series`` (without importing pandas)."""
    pd = _loaded("pandas")
    return pd is not None and isinstance(obj, pd.Series)


def is_polars_frame(obj: Any) -> bool:
    """Whether ``obj`` is a ``polars.DataFrame`` (without importing polars)."""
    pl = _loaded("polars")
    return pl is not None and isinstance(obj, pl.DataFrame)


def is_polars_lazyframe(obj: Any) -> bool:
    """Whether ``obj`` is a ``polars.LazyFrame`` (without importing polars)."""
    pl = _loaded("polars")
    return pl is not None and isinstance(obj, pl.LazyFrame)


def is_polars_series(obj: Any) -> bool:
    """Whether ``obj`` is a ``polars.Series`` (without importing polars)."""
    pl = _loaded("polars")
    return pl is not None and isinstance(obj, pl.Series)


def is_pyarrow_table(obj: Any) -> bool:
    """Whether ``obj`` is a ``pyarrow.Table`` or ``RecordBatch`` (without importing pyarrow)."""
    pa = _loaded("pyarrow")
    return pa is not None and isinstance(obj, (pa.Table, pa.RecordBatch))


def is_pyarrow_array(obj: Any) -> bool:
    """Whether ``obj`` is a ``pyarrow.Array`` or ``ChunkedArray`` (without importing pyarrow)."""
    pa = _loaded("pyarrow")
    return pa is not None and isinstance(obj, (pa.Array, pa.ChunkedArray))
