"""Data shipped with the package: the NLGN 2008 paper's published figures, with provenance
(see ``provenance(name)``)."""

from __future__ import annotations

import csv
import io
from importlib import resources
from typing import Any

import numpy as np

from . import _frame
from .errors import CoterminousValueError

__all__ = ["names", "load", "provenance"]

_FILES = {
    "nlgn2008/figure1": "nlgn2008/figure1_national_modes.csv",
    "nlgn2008/figure2": "nlgn2008/figure2_integration_models.csv",
    "nlgn2008/figure3": "nlgn2008/figure3_governance.csv",
    "nlgn2008/figure4": "nlgn2008/figure4_nine_area_modes.csv",
}


def names() -> list[str]:
    """The names of the shipped data sets.

    >>> names()
    ['nlgn2008/figure1', 'nlgn2008/figure2', 'nlgn2008/figure3', 'nlgn2008/figure4']
    """
    return list(_FILES)


def _text(path: str) -> str:
    return resources.files("coterminous").joinpath("data", *path.split("/")).read_text(encoding="utf-8")


def provenance(name: str = "nlgn2008") -> str:
    """The provenance README of a study's data."""
    study = name.split("/")[0]
    if study != "nlgn2008":
        raise CoterminousValueError(f"name: no study {study!r}; the studies are ['nlgn2008']")
    return _text("nlgn2008/README.md")


def read_columns(name: str) -> dict[str, np.ndarray]:
    """A data set as a dict of numpy arrays: integer columns as int64, others as str objects."""
    if name not in _FILES:
        raise CoterminousValueError(f"name: no data set {name!r}; the data sets are {names()}")
    rows = list(csv.reader(io.StringIO(_text(_FILES[name]))))
    header, body = rows[0], rows[1:]
    out: dict[str, np.ndarray] = {}
    for j, h in enumerate(header):
        cells = [r[j] for r in body]
        if all(c.lstrip("-").isdigit() for c in cells):
            out[h] = np.array([int(c) for c in cells], dtype=np.int64)
        else:
            out[h] = np.array(cells, dtype=object)
    return out


def load(name: str, backend: str = "pandas") -> Any:
    """Load a shipped data set as a pandas or polars DataFrame or a pyarrow Table.

    >>> load("nlgn2008/figure3").shape
    (18, 8)
    """
    _frame.check_backend(backend)
    cols = read_columns(name)
    if backend == _frame.PANDAS:
        import pandas as pd

        return pd.DataFrame(cols)
    if backend == _frame.POLARS:
        import polars as pl

        return pl.DataFrame({k: (v.tolist() if v.dtype == object else v) for k, v in cols.items()})
    import pyarrow as pa

    return pa.table({k: pa.array(v.tolist() if v.dtype == object else v) for k, v in cols.items()})
