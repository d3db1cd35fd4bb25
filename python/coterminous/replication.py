"""Replication of published analyses from the data shipped with the package.

This module is generic: a :class:`Report` holds :class:`Check` objects (a published value beside
its recomputation) and the tables behind them, and :func:`replicate` runs a study found in the
registry :mod:`coterminous.studies`, where each study lives in a module of its own.
"""

from __future__ import annotations

import difflib
import importlib
import json
import math
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from . import _dependencies as deps
from . import _display, _frame, studies
from .errors import CoterminousValueError

__all__ = ["STUDIES", "Check", "Report", "replicate"]

#: The names of the studies :func:`replicate` knows (see :mod:`coterminous.studies`).
STUDIES: tuple[str, ...] = tuple(studies.names())


@dataclass(frozen=True)
class Check:
    """One published value and the package's recomputation of it.

    Parameters
    ----------
    name
        What is checked, in words.
    published
        The value as published (a number, a tuple, or a dict of label to value).
    reproduced
        The value recomputed from the shipped data; ``None`` when it could not be computed.
    source
        Where the published value comes from: figure, table, page or text of the study.
    """

    name: str
    published: Any
    reproduced: Any
    source: str = ""

    @property
    def ok(self) -> bool:
        """Whether the recomputed value equals the published one.

        Returns
        -------
        bool
            ``published == reproduced``.
        """
        return bool(self.published == self.reproduced)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable dict of the check.

        Returns
        -------
        dict
            ``{"name", "published", "reproduced", "ok", "source"}``, tuples as lists and numpy
            scalars as Python numbers.
        """
        return {
            "name": self.name,
            "published": _jsonable(self.published),
            "reproduced": _jsonable(self.reproduced),
            "ok": self.ok,
            "source": self.source,
        }


@dataclass
class Report:
    """The outcome of a replication: checks of published values against recomputed ones, the
    tables behind them (each a dict of column name to list) and notes.

    Parameters
    ----------
    study
        The study's name, as :func:`replicate` takes it.
    checks
        The published values and their recomputations.
    tables
        Titled tables for reading, each a dict of column name to a list of values.
    notes
        Sentences on what is and is not recomputed, and why.
    """

    study: str
    checks: list[Check]
    tables: dict[str, dict[str, list[Any]]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether every check agrees with the published value.

        Returns
        -------
        bool
            True when every :attr:`Check.ok` is true.
        """
        return all(c.ok for c in self.checks)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable dict of the report.

        Returns
        -------
        dict
            ``{"study", "ok", "checks", "tables", "notes"}``.
        """
        return {
            "study": self.study,
            "ok": self.ok,
            "checks": [c.to_dict() for c in self.checks],
            "tables": _jsonable(self.tables),
            "notes": list(self.notes),
        }

    def to_json(self) -> str:
        """The report as indented JSON, notes included.

        Returns
        -------
        str
            ``json.dumps(self.to_dict(), indent=2)``.
        """
        return json.dumps(self.to_dict(), indent=2)

    def table(self, name: str, backend: str = "pandas") -> Any:
        """One of the report's tables as a DataFrame of the chosen library.

        Parameters
        ----------
        name
            The table's title, a key of :attr:`tables`.
        backend
            ``"pandas"``, ``"polars"``, ``"pyarrow"`` or ``"dict"`` (a dict of numpy arrays).

        Returns
        -------
        DataFrame, Table or dict
            The table's columns in order; whole numbers as integers, other numbers as float64.

        Raises
        ------
        CoterminousValueError
            No table has that title (the message lists them), or an unknown backend.
        """
        backend = _frame.check_backend(backend, allow_dict=True)
        if name not in self.tables:
            starts = [t for t in self.tables if isinstance(name, str) and t.lower().startswith(name.lower())]
            close = starts or difflib.get_close_matches(str(name), list(self.tables), n=1, cutoff=0.4)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise CoterminousValueError(
                f"name: no table {name!r} in the report{hint}; the tables are {list(self.tables)}"
            )
        columns = {str(k): _column(v) for k, v in _jsonable(self.tables[name]).items()}
        if backend == _frame.DICT:
            return columns
        if backend == _frame.PANDAS:
            return deps.pandas.DataFrame(columns)
        if backend == _frame.POLARS:
            return deps.polars.DataFrame({k: list(v) if v.dtype == object else v for k, v in columns.items()})
        return deps.pyarrow.table({k: list(v) if v.dtype == object else v for k, v in columns.items()})

    def to_markdown(self) -> str:
        """The report as a Markdown document: verdict, checks (with sources), tables, notes.

        Returns
        -------
        str
            Markdown text ending in a newline.
        """
        lines = [f"# Replication of {self.study}", "", f"**{_verdict(self)}**", "", "## Checks", ""]
        checks = {
            "check": [c.name for c in self.checks],
            "published": [c.published for c in self.checks],
            "reproduced": [c.reproduced for c in self.checks],
            "agrees": ["yes" if c.ok else "**no**" for c in self.checks],
            "source": [c.source for c in self.checks],
        }
        lines.append(_display.markdown_table(checks))
        for name, table in self.tables.items():
            lines += ["", f"## {name}", "", _display.markdown_table(table)]
        if self.notes:
            lines += ["", "## Notes", ""] + [f"- {n}" for n in self.notes]
        return "\n".join(lines) + "\n"

    def to_text(self, width: int = 80) -> str:
        """The report as plain text for a terminal, no line wider than ``width``.

        A check whose values do not fit on its line gets them on lines of their own, wrapped
        (and once only when they agree); wide tables are split into blocks of columns; notes
        are wrapped.

        Parameters
        ----------
        width
            The widest line, in characters (at least 40).

        Returns
        -------
        str
            Text ending in a newline.

        Raises
        ------
        CoterminousValueError
            ``width`` is below 40.
        """
        if not isinstance(width, int) or width < 40:
            raise CoterminousValueError(f"width: expected an integer of at least 40, got {width!r}")
        lines = _display.wrap(f"Replication of {self.study}: {_verdict(self)}", width, "", "  ") + [""]
        for c in self.checks:
            lines += _check_lines(c, width)
        for name, table in self.tables.items():
            lines += [""] + _display.wrap(name, width, "") + [_display.text_table(table, width)]
        if self.notes:
            lines.append("")
            for n in self.notes:
                lines += _display.wrap(n, width, "Note: ")
        return "\n".join(lines) + "\n"

    def to_html(self, path: str | os.PathLike[str] | None = None) -> str:
        """The report as one self-contained HTML page: verdict, checks, tables, figures and
        notes, with an inline style, figures as inline SVG, no script and no link to the
        network, so it opens offline and can be mailed as one file.

        The figures come from ``coterminous.plot.report_figures`` when matplotlib is installed
        (``pip install "coterminous[plot]"``); without it the page has no figures.

        Parameters
        ----------
        path
            Where to write the page (UTF-8); None writes nothing.

        Returns
        -------
        str
            The HTML text.

        Raises
        ------
        OSError
            ``path`` cannot be written.
        """
        body = _display.report_html(self, _verdict(self), _figures(self), heading=1)
        text = _display.html_document(f"Replication of {self.study}", body)
        if path is not None:
            Path(path).write_text(text, encoding="utf-8")
        return text

    def _repr_html_(self) -> str:
        return f"<style>{_display.STYLE}</style>" + _display.report_html(self, _verdict(self))

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def __repr__(self) -> str:
        agree = sum(c.ok for c in self.checks)
        return f"<Report {self.study}: {agree}/{len(self.checks)} checks agree{'' if self.ok else ' -- MISMATCH'}>"


def _jsonable(v: Any) -> Any:
    """``v`` with tuples as lists and numpy scalars as Python numbers, as JSON gives it back."""
    if isinstance(v, dict):
        return {str(k): _jsonable(w) for k, w in v.items()}
    if isinstance(v, (list, tuple)):
        return [_jsonable(w) for w in v]
    if isinstance(v, np.generic):
        return v.item()
    return v


def _column(values: list[Any]) -> np.ndarray:
    """A report column as numpy: int64 when every value is a whole number, float64 (NaN for
    None) when every value is a number, else objects (strings and None as they are)."""
    numbers = [v for v in values if v is not None]
    if numbers and all(isinstance(v, int) and not isinstance(v, bool) for v in numbers) and len(numbers) == len(values):
        return np.array(values, dtype=np.int64)
    if numbers and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in numbers):
        return np.array([math.nan if v is None else v for v in values], dtype=np.float64)
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _verdict(r: Report) -> str:
    agree = sum(c.ok for c in r.checks)
    return f"{agree} of {len(r.checks)} checks agree with the published figures" + ("" if r.ok else " (MISMATCH)")


def _check_lines(c: Check, width: int) -> list[str]:
    """A check for the terminal: on one line when it fits, else its name, then its values
    wrapped under it (the published value once when the two agree)."""
    mark = "[ok  ]" if c.ok else "[FAIL]"
    pub, rep = _display.value_text(c.published), _display.value_text(c.reproduced)
    one = f"  {mark} {c.name}: published {pub}, reproduced {rep}"
    if len(one) <= width:
        return [one]
    lines = _display.wrap(c.name, width, f"  {mark} ")
    pad = " " * 9
    if c.ok:
        return lines + _display.wrap(pub, width, f"{pad}published = reproduced: ", pad + "  ")
    return (
        lines
        + _display.wrap(pub, width, f"{pad}published:  ", pad + "  ")
        + _display.wrap(rep, width, f"{pad}reproduced: ", pad + "  ")
    )


def _figures(report: Report) -> list[tuple[str, str]]:
    """The report's figures as (title, inline SVG), from ``coterminous.plot`` when it and
    matplotlib are installed; none otherwise."""
    if not deps.has_module("matplotlib"):
        return []
    try:
        plot = importlib.import_module("coterminous.plot")
        figures = plot.report_figures(report)
    except ImportError:
        return []
    out = [(str(title), _display.svg_of(fig)) for title, fig in figures]
    pyplot = sys.modules.get("matplotlib.pyplot")
    figure_class = getattr(sys.modules.get("matplotlib.figure"), "Figure", None)
    if pyplot is not None and figure_class is not None:
        for _, fig in figures:
            if isinstance(fig, figure_class):  # a figure pyplot may hold; stand-ins are left alone
                pyplot.close(fig)
    return out


def replicate(study: str = studies.DEFAULT) -> Report:
    """Recompute a study's published values from the data shipped with the package.

    Parameters
    ----------
    study
        The study's name, one of :data:`STUDIES` (default: :data:`coterminous.studies.DEFAULT`).

    Returns
    -------
    Report
        The checks of published values against recomputed ones; ``report.ok`` says whether
        all agree.

    Raises
    ------
    CoterminousValueError
        If there is no study called ``study``; the message lists the studies.
    """
    return studies.get(study)()
