"""Replication of published analyses from the data shipped with the package.

This module is generic: a :class:`Report` holds :class:`Check` objects (a published value beside
its recomputation) and the tables behind them, and :func:`replicate` runs a study found in the
registry :mod:`coterminous.studies`, where each study lives in a module of its own.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from . import studies

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
            ``{"study", "ok", "checks", "tables"}``.
        """
        return {
            "study": self.study,
            "ok": self.ok,
            "checks": [c.to_dict() for c in self.checks],
            "tables": _jsonable(self.tables),
        }

    def to_json(self) -> str:
        """The report as indented JSON.

        Returns
        -------
        str
            ``json.dumps(self.to_dict(), indent=2)``.
        """
        return json.dumps(self.to_dict(), indent=2)

    def to_markdown(self) -> str:
        """The report as a Markdown document: verdict, checks (with sources), tables, notes.

        Returns
        -------
        str
            Markdown text ending in a newline.
        """
        lines = [f"# Replication of {self.study}", "", f"**{_verdict(self)}**", "", "## Checks", ""]
        lines += ["| check | published | reproduced | agrees | source |", "|---|---|---|---|---|"]
        for c in self.checks:
            agrees = "yes" if c.ok else "**no**"
            lines.append(f"| {c.name} | {_fmt(c.published)} | {_fmt(c.reproduced)} | {agrees} | {c.source} |")
        for name, table in self.tables.items():
            lines += ["", f"## {name}", "", _markdown_table(table)]
        if self.notes:
            lines += ["", "## Notes", ""] + [f"- {n}" for n in self.notes]
        return "\n".join(lines) + "\n"

    def to_text(self) -> str:
        """The report as plain text for a terminal.

        Returns
        -------
        str
            Text ending in a newline.
        """
        width = max((len(c.name) for c in self.checks), default=0)
        lines = [f"Replication of {self.study}: {_verdict(self)}", ""]
        for c in self.checks:
            mark = "ok  " if c.ok else "FAIL"
            lines.append(
                f"  [{mark}] {c.name:<{width}}  published {_fmt(c.published)}, reproduced {_fmt(c.reproduced)}"
            )
        for name, table in self.tables.items():
            lines += ["", name, _text_table(table)]
        if self.notes:
            lines += [""] + [f"Note: {n}" for n in self.notes]
        return "\n".join(lines) + "\n"

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


def _verdict(r: Report) -> str:
    agree = sum(c.ok for c in r.checks)
    return f"{agree} of {len(r.checks)} checks agree with the published figures" + ("" if r.ok else " (MISMATCH)")


def _fmt(v: Any) -> str:
    if isinstance(v, dict):
        return ", ".join(f"{k} {w}" for k, w in v.items())
    return str(v)


def _cell(v: Any) -> str:
    """A table cell for reading: floats to four decimals (and no negative zero)."""
    if isinstance(v, float):
        return "NaN" if math.isnan(v) else f"{round(v, 4) + 0.0:g}"
    return str(v)


def _markdown_table(table: dict[str, list[Any]]) -> str:
    cols = list(table)
    n = len(table[cols[0]]) if cols else 0
    rows = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    rows += ["| " + " | ".join(_cell(table[c][i]) for c in cols) + " |" for i in range(n)]
    return "\n".join(rows)


def _text_table(table: dict[str, list[Any]]) -> str:
    cols = list(table)
    n = len(table[cols[0]]) if cols else 0
    widths = [max([len(c)] + [len(_cell(v)) for v in table[c]]) for c in cols]
    lines = ["  " + "  ".join(c.ljust(w) for c, w in zip(cols, widths)).rstrip()]
    lines += ["  " + "  ".join(_cell(table[c][i]).ljust(w) for c, w in zip(cols, widths)).rstrip() for i in range(n)]
    return "\n".join(lines)


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
