"""Data shipped with the package: the NLGN 2008 paper's published figures and the ONS lookups
of England's health and council geographies (2011 LSOAs to Sub ICB Locations, ICBs and
districts with mid-2020 population; districts to upper-tier councils; 2021 LSOAs to ICBs).

Every data set has a description (:func:`describe`: source, licence, attribution, rows,
columns) and its collection a provenance README (:func:`provenance`). The ONS tables are
gzip-compressed in the package and read with the standard library and numpy alone
(:func:`read_columns`, or ``load(name, backend="dict")``).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import numpy as np

from . import _display, _frame
from .errors import CoterminousTypeError, CoterminousValueError

__all__ = ["Description", "describe", "load", "names", "provenance", "read_columns"]

_NLGN = "nlgn2008"
_NLGN_SOURCE = "New Local Government Network (2008), paper on primary care trusts and councils"
_NLGN_FILES = {
    "figure1": ("figure1_national_modes.csv", "Figure 1: modal score across all English councils and PCTs, per theme"),
    "figure2": ("figure2_integration_models.csv", "Figure 2: the integration models of the case-study areas"),
    "figure3": ("figure3_governance.csv", "Figure 3: the five theme scores of the nine co-terminous areas"),
    "figure4": ("figure4_nine_area_modes.csv", "Figure 4: modal theme scores across the nine areas, per sector"),
}
#: Collections whose data sets are described by a ``datasets.json`` beside their files.
_JSON_COLLECTIONS = ("ons2022", "today2025")


@dataclass(frozen=True)
class Description:
    """What a shipped data set is and where it comes from (:func:`describe`).

    Parameters
    ----------
    name
        The data set's name, as :func:`load` takes it.
    title
        What it holds, in a line.
    source
        The publisher's table (and figure or text) it comes from.
    licence
        The licence it is shipped under (``"not stated"`` where the source states none).
    attribution
        The attribution statement to ship with any copy (empty where none is required).
    rows
        The number of rows.
    columns
        Column name to its meaning, in table order.
    file_columns
        Column name to the column of the shipped file it is read from (most are the same; a
        data set may rename a few for consistency, and says so here).
    file
        The file in the package (``coterminous/data/<collection>/<file>``).
    coverage
        What part of the whole the data covers, where it is partial (say so wherever it is
        used); empty where the data set is complete.
    """

    name: str
    title: str
    source: str
    licence: str
    attribution: str
    rows: int
    columns: dict[str, str] = field(default_factory=dict)
    file_columns: dict[str, str] = field(default_factory=dict)
    file: str = ""
    coverage: str = ""

    def __repr__(self) -> str:
        return (
            f"<Description {self.name}: {self.rows:,} rows, {len(self.columns)} columns, {self.licence.split(' (')[0]}>"
        )

    def _repr_html_(self) -> str:
        return _display.description_html(self)

    def __str__(self) -> str:
        lines = [
            f"{self.name}: {self.title}",
            f"  source:      {self.source}",
            f"  licence:     {self.licence}",
        ]
        if self.attribution:
            lines.append(f"  attribution: {self.attribution}")
        if self.coverage:
            lines.append(f"  coverage:    {self.coverage}")
        lines += [f"  rows:        {self.rows:,}", f"  file:        {self.file}", "  columns:"]
        for c, meaning in self.columns.items():
            src = self.file_columns.get(c, c)
            renamed = f" (file column {src!r})" if src != c else ""
            lines.append(f"    {c}{renamed}: {meaning}")
        return "\n".join(lines)


@dataclass(frozen=True)
class _Entry:
    description: Description
    collection: str
    integer: tuple[str, ...] | None  # None: integer columns detected from the values
    floats: tuple[str, ...] = ()  # float64, a blank cell NaN
    nullable: tuple[str, ...] = ()  # text, a blank cell missing (None)


def _data(collection: str, file: str) -> Any:
    return resources.files("coterminous").joinpath("data", collection, file)


@cache
def _registry() -> dict[str, _Entry]:
    out: dict[str, _Entry] = {}
    for key, (file, title) in _NLGN_FILES.items():
        name = f"{_NLGN}/{key}"
        rows = list(csv.reader(io.StringIO(_data(_NLGN, file).read_text(encoding="utf-8"))))
        header = rows[0]
        desc = Description(
            name=name,
            title=title,
            source=f"{_NLGN_SOURCE}, {title.split(':')[0]} (see provenance('{_NLGN}'))",
            licence="not stated (figures transcribed from the published paper for replication)",
            attribution="",
            rows=len(rows) - 1,
            columns={h: "see provenance('nlgn2008')" for h in header},
            file_columns={h: h for h in header},
            file=f"{_NLGN}/{file}",
        )
        out[name] = _Entry(desc, _NLGN, None)
    for collection in _JSON_COLLECTIONS:
        meta = json.loads(_data(collection, "datasets.json").read_text(encoding="utf-8"))
        for key, d in meta["datasets"].items():
            name = f"{collection}/{key}"
            desc = Description(
                name=name,
                title=d["title"],
                source=f"{d['source']}; via {meta['via']}",
                licence=d.get("licence", meta["licence"]),
                attribution=d.get("attribution", meta["attribution"]),
                rows=int(d["rows"]),
                columns={c: v[1] for c, v in d["columns"].items()},
                file_columns={c: v[0] for c, v in d["columns"].items()},
                file=f"{collection}/{d['file']}",
                coverage=d.get("coverage", ""),
            )
            out[name] = _Entry(
                desc,
                collection,
                tuple(d.get("integer", [])),
                tuple(d.get("float", [])),
                tuple(d.get("nullable", [])),
            )
    return out


def _name(name: Any) -> str:
    """``name`` when it is a string; CoterminousTypeError otherwise."""
    if not isinstance(name, str):
        raise CoterminousTypeError(
            f"name: expected a data set's name, a string such as 'ons2022/lsoa11_icb22', got {type(name).__name__}"
        )
    return name


def _entry(name: str) -> _Entry:
    reg = _registry()
    if _name(name) not in reg:
        raise CoterminousValueError(f"name: no data set {name!r}; the data sets are {list(reg)}")
    return reg[name]


def names() -> list[str]:
    """The names of the shipped data sets.

    Returns
    -------
    list of str
        ``"<collection>/<data set>"`` names, as :func:`load`, :func:`read_columns` and
        :func:`describe` take them.

    Examples
    --------
    >>> names()[:4]
    ['nlgn2008/figure1', 'nlgn2008/figure2', 'nlgn2008/figure3', 'nlgn2008/figure4']
    >>> [n for n in names() if n.startswith("ons2022/")]  # doctest: +NORMALIZE_WHITESPACE
    ['ons2022/lsoa11_icb22', 'ons2022/ltla21_utla21', 'ons2022/ltla22_ltla23', 'ons2022/ltla23_utla23',
     'ons2022/lsoa21_icb24']
    """
    return list(_registry())


def describe(name: str) -> Description:
    """What a shipped data set holds and where it comes from.

    Parameters
    ----------
    name
        One of :func:`names`.

    Returns
    -------
    Description
        Its source, licence, attribution, number of rows and columns (with their meanings and
        the file columns they are read from); ``print()`` it for a readable summary.

    Raises
    ------
    CoterminousTypeError
        ``name`` is not a string.
    CoterminousValueError
        If there is no data set called ``name``.

    Examples
    --------
    >>> d = describe("ons2022/lsoa11_icb22")
    >>> d.rows, d.licence.split(" (")[0]
    (32844, 'Open Government Licence v3.0')
    >>> list(d.columns)[-1]
    'population_mid2020'
    """
    return _entry(name).description


def provenance(name: str = _NLGN) -> str:
    """The provenance README of a collection of shipped data: where each table comes from.

    Parameters
    ----------
    name
        A collection (``"nlgn2008"``, ``"ons2022"``) or one of its data sets
        (``"nlgn2008/figure3"``).

    Returns
    -------
    str
        The collection's README (Markdown).

    Raises
    ------
    CoterminousTypeError
        ``name`` is not a string.
    CoterminousValueError
        If no shipped data set belongs to that collection, or ``name`` names a data set of the
        collection that does not exist (the message lists the collection's data sets).

    Examples
    --------
    >>> provenance("ons2022").splitlines()[0]
    "# ONS lookups of England's health and council geographies, with population"
    """
    collection, _, table = _name(name).partition("/")
    collections = list(dict.fromkeys(e.collection for e in _registry().values()))
    if collection not in collections:
        raise CoterminousValueError(f"name: no collection {collection!r}; the collections are {collections}")
    if table and name not in _registry():
        known = [n for n, e in _registry().items() if e.collection == collection]
        raise CoterminousValueError(
            f"name: no data set {name!r} in the collection {collection!r}; its data sets are {known}"
        )
    text: str = _data(collection, "README.md").read_text(encoding="utf-8")
    return text


@cache
def _parsed(name: str) -> dict[str, np.ndarray]:
    entry = _entry(name)
    desc = entry.description
    raw = _data(entry.collection, desc.file.split("/", 1)[1]).read_bytes()
    text = (gzip.decompress(raw) if desc.file.endswith(".gz") else raw).decode("utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    header, body = rows[0], rows[1:]
    position = {h: j for j, h in enumerate(header)}
    out: dict[str, np.ndarray] = {}
    for column, file_column in desc.file_columns.items():
        cells = [r[position[file_column]] for r in body]
        if entry.integer is None:
            integer = all(c.lstrip("-").isdigit() for c in cells)
        else:
            integer = column in entry.integer
        if integer:
            out[column] = np.array([int(c) for c in cells], dtype=np.int64)
        elif column in entry.floats:
            out[column] = np.array([float(c) if c else np.nan for c in cells], dtype=np.float64)
        elif column in entry.nullable:
            out[column] = np.array([c if c else None for c in cells], dtype=object)
        else:
            out[column] = np.array(cells, dtype=object)
        out[column].flags.writeable = False
    return out


def read_columns(name: str) -> dict[str, np.ndarray]:
    """A data set as a dict of numpy arrays, with numpy alone.

    Parameters
    ----------
    name
        One of :func:`names`.

    Returns
    -------
    dict of str to numpy.ndarray
        One array per column, in the order of :func:`describe`'s columns: integer columns
        (such as ``population_mid2020``) as int64, others as str objects. The arrays are the
        caller's own copies.

    Raises
    ------
    CoterminousTypeError
        ``name`` is not a string.
    CoterminousValueError
        If there is no data set called ``name``.

    Examples
    --------
    >>> cols = read_columns("ons2022/lsoa11_icb22")
    >>> cols["population_mid2020"].dtype, int(cols["population_mid2020"].sum())
    (dtype('int64'), 56550138)
    """
    _entry(name)  # a name that is not a string or not a data set fails here, before the cache
    return {k: v.copy() for k, v in _parsed(name).items()}


def load(name: str, backend: str = "pandas") -> Any:
    """A shipped data set as a pandas or polars DataFrame, a pyarrow Table or a dict of arrays.

    Parameters
    ----------
    name
        One of :func:`names`.
    backend
        ``"pandas"`` (default), ``"polars"``, ``"pyarrow"`` or ``"dict"`` (a dict of numpy
        arrays, needing numpy alone: the same as :func:`read_columns`).

    Returns
    -------
    pandas.DataFrame, polars.DataFrame, pyarrow.Table or dict of numpy.ndarray
        The data set; integer columns as 64-bit integers, others as strings.

    Raises
    ------
    CoterminousTypeError
        ``name`` is not a string.
    CoterminousValueError
        If ``backend`` is not one of the four, or there is no data set called ``name``.

    Examples
    --------
    >>> load("nlgn2008/figure3").shape
    (18, 8)
    >>> load("ons2022/ltla21_utla21", backend="dict")["utla21_name"][:2]
    array(['Hartlepool', 'Middlesbrough'], dtype=object)
    """
    _frame.check_backend(backend, allow_dict=True)
    return _frame.build_table(backend, read_columns(name))
