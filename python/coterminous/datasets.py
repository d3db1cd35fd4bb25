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

__all__ = ["load", "names", "provenance", "read_columns"]

_FILES = {
    "nlgn2008/figure1": "nlgn2008/figure1_national_modes.csv",
    "nlgn2008/figure2": "nlgn2008/figure2_integration_models.csv",
    "nlgn2008/figure3": "nlgn2008/figure3_governance.csv",
    "nlgn2008/figure4": "nlgn2008/figure4_nine_area_modes.csv",
}


def names() -> list[str]:
    """The names of the shipped data sets.

    Returns
    -------
    list of str
        ``"<study>/<data set>"`` names, as :func:`load` and :func:`read_columns` take them.

    Examples
    --------
    >>> names()
    ['nlgn2008/figure1', 'nlgn2008/figure2', 'nlgn2008/figure3', 'nlgn2008/figure4']
    """
    return list(_FILES)


def _text(path: str) -> str:
    return resources.files("coterminous").joinpath("data", *path.split("/")).read_text(encoding="utf-8")


def provenance(name: str = "nlgn2008") -> str:
    """The provenance README of a study's data: where each figure comes from.

    Parameters
    ----------
    name
        A study (``"nlgn2008"``) or one of its data sets (``"nlgn2008/figure3"``).

    Returns
    -------
    str
        The study's README (Markdown).

    Raises
    ------
    CoterminousValueError
        If no shipped data set belongs to that study.
    """
    study = name.split("/")[0]
    studies = list(dict.fromkeys(n.split("/")[0] for n in _FILES))
    if study not in studies:
        raise CoterminousValueError(f"name: no study {study!r}; the studies are {studies}")
    return _text(f"{study}/README.md")


def read_columns(name: str) -> dict[str, np.ndarray]:
    """A data set as a dict of numpy arrays, with numpy alone.

    Parameters
    ----------
    name
        One of :func:`names`.

    Returns
    -------
    dict of str to numpy.ndarray
        One array per column, in file order: integer columns as int64, others as str objects.

    Raises
    ------
    CoterminousValueError
        If there is no data set called ``name``.
    """
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
    """A shipped data set as a pandas or polars DataFrame or a pyarrow Table.

    Parameters
    ----------
    name
        One of :func:`names`.
    backend
        ``"pandas"`` (default), ``"polars"`` or ``"pyarrow"``.

    Returns
    -------
    pandas.DataFrame, polars.DataFrame or pyarrow.Table
        The data set, integer columns as 64-bit integers.

    Raises
    ------
    CoterminousValueError
        If ``backend`` is not one of the three, or there is no data set called ``name``.

    Examples
    --------
    >>> load("nlgn2008/figure3").shape
    (18, 8)
    """
    _frame.check_backend(backend)
    cols = read_columns(name)
    if backend == _frame.PANDAS:
        import pandas as pd  # type: ignore[import-untyped,unused-ignore]

        return pd.DataFrame(cols)
    if backend == _frame.POLARS:
        import polars as pl

        return pl.DataFrame({k: (v.tolist() if v.dtype == object else v) for k, v in cols.items()})
    import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]

    return pa.table({k: pa.array(v.tolist() if v.dtype == object else v) for k, v in cols.items()})
