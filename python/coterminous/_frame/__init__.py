"""Dataframe adapters, the one place where the libraries (pandas, polars, pyarrow, numpy,
dicts) are told apart: ``detect`` (which library, column names, ``backend=``), ``read``
(columns for the core), ``strings`` (columns of strings), ``build`` (results in the caller's
library). pandas, polars and pyarrow come from ``_dependencies`` and are imported only when
the caller's data is of their kind. The names below are re-exported for ``_frame.x`` calls."""

from __future__ import annotations

from .._missing import is_missing as _is_missing
from .build import build_table, code_column, list_series, new_table, to_series, with_columns
from .detect import (
    BACKENDS,
    DICT,
    LIST,
    NUMPY,
    PANDAS,
    POLARS,
    PYARROW,
    check_backend,
    column_names,
    kind_of,
    kind_of_table,
    require_columns,
    returned_kind,
    string_kind,
)
from .read import (
    Column,
    _float_nan_mask,
    core_array,
    core_column,
    core_mask,
    core_name,
    key_codes,
    narrow_int128,
    numeric_column,
    numeric_columns,
    table_input,
    take_rows,
)
from .strings import Strings, strings

__all__ = [
    "BACKENDS",
    "DICT",
    "LIST",
    "NUMPY",
    "PANDAS",
    "POLARS",
    "PYARROW",
    "Column",
    "Strings",
    "_float_nan_mask",
    "_is_missing",
    "build_table",
    "check_backend",
    "returned_kind",
    "code_column",
    "core_column",
    "narrow_int128",
    "table_input",
    "column_names",
    "core_array",
    "core_mask",
    "core_name",
    "key_codes",
    "kind_of",
    "kind_of_table",
    "list_series",
    "new_table",
    "numeric_column",
    "numeric_columns",
    "require_columns",
    "strings",
    "string_kind",
    "take_rows",
    "to_series",
    "with_columns",
]
