"""Reports of replications: :class:`Check` (a published value beside its recomputation) and
:class:`Report` (checks, tables, figures, notes, and what a reader needs to cite and trust them).

A leaf of the package: it knows no study and no plot. A study builds its :class:`Report` and
hands it its own figures (a callable that draws them from the report, see
:class:`ReportFigure`); the report draws them only when a page is rendered and matplotlib is
installed. :mod:`coterminous.replication` re-exports :class:`Check` and :class:`Report`.
"""

from __future__ import annotations

import datetime
import difflib
import json
import math
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, NamedTuple

import numpy as np

from . import _dependencies as deps
from . import _display, _frame, datasets
from ._core import __version__
from .errors import CoterminousTypeError, CoterminousValueError

__all__ = ["CITATION", "Check", "Range", "Report", "ReportFigure"]

#: How to cite the package (also in CITATION.cff at the root of the repository).
CITATION = (
    f"The coterminous developers, coterminous: scoring and co-terminous pairing of public bodies, "
    f"version {__version__}, MIT licence"
)


class _Bounds(NamedTuple):
    low: Any
    high: Any


class Range(_Bounds):
    """A range of values, as published ("populations of around 500,000 to 3 million"): shown as
    ``low to high``; equal to the tuple ``(low, high)``.

    Parameters
    ----------
    low, high
        The ends of the range.
    """

    __slots__ = ()

    #: Tells the display to write the range as ``low to high``.
    is_range: ClassVar[bool] = True


@dataclass(frozen=True)
class Check:
    """One published value and the package's recomputation of it.

    Parameters
    ----------
    name
        What is checked, in words.
    published
        The value as published (a number, a tuple, a :class:`Range`, or a dict of label to
        value).
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


@dataclass(frozen=True)
class ReportFigure:
    """A figure of a report, as a study draws it.

    Parameters
    ----------
    caption
        One sentence saying what the figure shows (the page numbers the figures).
    figure
        The matplotlib figure.
    beside
        The key of the table the figure illustrates (a key of :attr:`Report.tables`), or
        ``"checks"``; the page places the figure after it. Empty: after the last table.
    """

    caption: str
    figure: Any
    beside: str = ""


#: What a study hands its report to draw its figures: called with the report, it returns them.
FigureMaker = Callable[["Report"], list[ReportFigure]]


def _today() -> str:
    return datetime.datetime.now(datetime.UTC).date().isoformat()


@dataclass
class Report:
    """The outcome of a replication: checks of published values against recomputed ones, the
    tables behind them (each a dict of column name to list), figures, notes, and what a reader
    needs to cite it (the study, the data and their licences, the package version, the date and
    the command that made it).

    Parameters
    ----------
    study
        The study's name, as :func:`coterminous.replicate` takes it.
    checks
        The published values and their recomputations.
    tables
        Tables for reading, by short key (``report.table(key)``), each a dict of column name to
        a list of values.
    notes
        Sentences on what is and is not recomputed, and why.
    titles
        Each table's title by its key (a table without one is titled by its key).
    citation
        The study's citation, as far as the shipped data state it.
    data
        The shipped data sets the study uses (names of :func:`coterminous.datasets.names`):
        their sources, licences and attributions go into the page.
    figures
        The study's figures: a callable drawing them from the report (see
        :class:`ReportFigure`), called only when a page is rendered with matplotlib installed.
    command
        The command that made the report (``coterminous.replicate('<study>')`` by default).
    created
        The date the report was made (ISO 8601, UTC).
    """

    study: str
    checks: list[Check]
    tables: dict[str, dict[str, list[Any]]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)
    citation: str = ""
    data: list[str] = field(default_factory=list)
    figures: FigureMaker | None = field(default=None, repr=False, compare=False)
    command: str = ""
    created: str = field(default_factory=_today)

    @property
    def ok(self) -> bool:
        """Whether every check agrees with the published value.

        Returns
        -------
        bool
            True when every :attr:`Check.ok` is true.
        """
        return all(c.ok for c in self.checks)

    @property
    def version(self) -> str:
        """The version of coterminous that made the report.

        Returns
        -------
        str
            ``coterminous.__version__``.
        """
        return __version__

    def title(self, key: str) -> str:
        """A table's title.

        Parameters
        ----------
        key
            A key of :attr:`tables`.

        Returns
        -------
        str
            Its title, or the key when it has none.
        """
        return self.titles.get(key, key)

    def sources(self) -> list[dict[str, str]]:
        """The data sets the study uses, with their sources, licences and attributions.

        Returns
        -------
        list of dict
            One ``{"name", "title", "source", "licence", "attribution"}`` per data set of
            :attr:`data`.
        """
        out = []
        for name in self.data:
            d = datasets.describe(name)
            out.append(
                {"name": name, "title": d.title, "source": d.source, "licence": d.licence, "attribution": d.attribution}
            )
        return out

    def provenance(self) -> dict[str, str]:
        """The provenance text shipped with each collection of data the study uses.

        Returns
        -------
        dict of str to str
            Collection name (the part of a data set's name before ``/``) to its README (Markdown).
        """
        collections = dict.fromkeys(n.split("/")[0] for n in self.data)
        return {c: datasets.provenance(c) for c in collections}

    def meta(self) -> dict[str, str]:
        """What made the report and how to cite it.

        Returns
        -------
        dict of str to str
            ``{"package", "version", "created", "command", "citation", "cite_package"}``.
        """
        return {
            "package": "coterminous",
            "version": __version__,
            "created": self.created,
            "command": self.command or f"coterminous.replicate({self.study!r})",
            "citation": self.citation,
            "cite_package": CITATION,
        }

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable dict of the report.

        Returns
        -------
        dict
            ``{"study", "ok", "checks", "tables", "notes"}``, and ``"titles"`` (key to title),
            ``"meta"`` (:meth:`meta`), ``"data"`` (:meth:`sources`) and ``"provenance"``.
        """
        return {
            "study": self.study,
            "ok": self.ok,
            "checks": [c.to_dict() for c in self.checks],
            "tables": _jsonable(self.tables),
            "titles": {k: self.title(k) for k in self.tables},
            "notes": list(self.notes),
            "meta": self.meta(),
            "data": self.sources(),
            "provenance": self.provenance(),
        }

    def to_json(self) -> str:
        """The report as indented JSON, notes, version and provenance included.

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
            The table's key (one of :attr:`tables`, such as ``"figure4"``), or its full title.
        backend
            ``"pandas"``, ``"polars"``, ``"pyarrow"`` or ``"dict"`` (a dict of numpy arrays).

        Returns
        -------
        DataFrame, Table or dict
            The table's columns in order; whole numbers as integers, other numbers as float64.

        Raises
        ------
        CoterminousTypeError
            ``name`` is not a string.
        CoterminousValueError
            No table has that key or title (the message lists the keys), or an unknown backend.
        """
        backend = _frame.check_backend(backend, allow_dict=True)
        if not isinstance(name, str):
            raise CoterminousTypeError(f"name: expected a table's key, a string, got {type(name).__name__}")
        by_title = {self.title(k): k for k in self.tables}
        key = name if name in self.tables else by_title.get(name)
        if key is None:
            keys = list(self.tables)
            starts = [k for k in keys if k.lower().startswith(name.lower())]
            starts += [k for k, t in ((k, self.title(k)) for k in keys) if t.lower().startswith(name.lower())]
            close = starts or difflib.get_close_matches(name, keys, n=1, cutoff=0.4)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise CoterminousValueError(f"name: no table {name!r} in the report{hint}; the tables are {keys}")
        columns = {str(k): _column(v) for k, v in _jsonable(self.tables[key]).items()}
        return _frame.build_table(backend, columns)

    def draw_figures(self) -> list[ReportFigure]:
        """The study's figures, drawn from the report (none without matplotlib or a study's
        figures).

        Returns
        -------
        list of ReportFigure
            In reading order; each knows the table it goes beside.
        """
        if self.figures is None or not deps.has_module("matplotlib"):
            return []
        return list(self.figures(self))

    def to_markdown(self) -> str:
        """The report as a Markdown document: what made it and how to cite it, contents,
        verdict, checks (with sources), tables, notes, the data's licences and provenance.
        Names, cells and notes are escaped, so no HTML in them survives.

        Returns
        -------
        str
            Markdown text ending in a newline.
        """
        return _display.report_markdown(self, _verdict(self))

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
        lines = _display.wrap(f"Replication of {self.study}: {_verdict(self)}", width, "", "  ")
        meta = self.meta()
        if self.citation:
            lines += _display.wrap(self.citation, width, "Study: ", "  ")
        lines += _display.wrap(f"coterminous {meta['version']}, {meta['created']}", width, "Made with ", "  ")
        lines.append("")
        for c in self.checks:
            lines += _check_lines(c, width)
        for key, table in self.tables.items():
            lines += [""] + _display.wrap(self.title(key), width, "") + [_display.text_table(table, width)]
        if self.notes:
            lines.append("")
            for n in self.notes:
                lines += _display.wrap(n, width, "Note: ")
        licences = dict.fromkeys(s["licence"] for s in self.sources())
        if licences:
            lines.append("")
            lines += _display.wrap("; ".join(licences), width, "Data licences: ", "  ")
            for attribution in dict.fromkeys(s["attribution"] for s in self.sources() if s["attribution"]):
                lines += _display.wrap(attribution, width, "Attribution: ", "  ")
        return "\n".join(lines) + "\n"

    def to_html(self, path: str | os.PathLike[str] | None = None) -> str:
        """The report as one self-contained HTML page: what made it and how to cite it,
        contents, verdict, checks, tables with their figures, notes, the data's licences and
        provenance; an inline style, figures as inline SVG, no script and no link to the
        network, so it opens offline and can be mailed as one file.

        The figures are the study's own, drawn when matplotlib is installed (``pip install
        "coterminous[plot]"``); without it the page has no figures.

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
        body = _display.report_html(self, _verdict(self), _figures(self), heading=1, full=True)
        text = _display.html_document(f"Replication of {self.study}", body)
        if path is not None:
            Path(path).write_text(text, encoding="utf-8")
        return text

    def _repr_html_(self) -> str:
        return f"<style>{_display.STYLE}</style>" + _display.report_html(self, _verdict(self), heading=3)

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


def _figures(report: Report) -> list[tuple[str, str, str]]:
    """The report's figures as (caption, inline SVG, beside), closed once rendered."""
    figures = report.draw_figures()
    out = [(f.caption, _display.svg_of(f.figure), f.beside) for f in figures]
    pyplot = sys.modules.get("matplotlib.pyplot")
    figure_class = getattr(sys.modules.get("matplotlib.figure"), "Figure", None)
    if pyplot is not None and figure_class is not None:
        for f in figures:
            if isinstance(f.figure, figure_class):  # a figure pyplot may hold; stand-ins are left alone
                pyplot.close(f.figure)
    return out
