"""Columns built for the names module (the library-kind branches stay in the adapter)."""

from __future__ import annotations

from typing import Any

import numpy as np

from . import DICT, PANDAS, POLARS


def string_column(kind: str, name: str, values: list[str | None]) -> Any:
    """A column of strings (None: missing) of the given kind: a pandas Series of objects, a
    polars String Series, a numpy object array (``"dict"``) or a pyarrow string array."""
    if kind == PANDAS:
        import pandas as pd

        return pd.Series(values, name=name, dtype=object)
    if kind == POLARS:
        import polars as pl

        return pl.Series(name, values, dtype=pl.String)
    if kind == DICT:
        out = np.empty(len(values), dtype=object)
        out[:] = values
        return out
    import pyarrow as pa

    return pa.array(values, pa.string())
