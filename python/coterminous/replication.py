"""Replication of published analyses from the data shipped with the package."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from . import datasets
from .errors import CoterminousValueError
from .framework import Framework
from .pairing import nlgn2008_pairing
from .scoring import score
from .stats import nlgn2008_statistics
from .summary import modes

__all__ = ["replicate", "Report", "Check", "STUDIES"]

STUDIES = ("nlgn2008",)


@dataclass(frozen=True)
class Check:
    """One published figure and the package's recomputation of it."""

    name: str
    published: Any
    reproduced: Any

    @property
    def ok(self) -> bool:
        return bool(self.published == self.reproduced)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "published": _jsonable(self.published), "reproduced": _jsonable(self.reproduced), "ok": self.ok}


@dataclass
class Report:
    """The outcome of a replication: checks of published figures against recomputed ones,
    and the tables behind them (each a dict of column name to list)."""

    study: str
    checks: list[Check]
    tables: dict[str, dict[str, list[Any]]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether every check agrees with the published figure."""
        return all(c.ok for c in self.checks)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable dict: ``{"study", "ok", "checks", "tables"}``."""
        return {
            "study": self.study,
            "ok": self.ok,
            "checks": [c.to_dict() for c in self.checks],
            "tables": _jsonable(self.tables),
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2)

    def to_markdown(self) -> str:
        lines = [f"# Replication of {self.study}", "", f"**{_verdict(self)}**", "", "## Checks", ""]
        lines += ["| check | published | reproduced | agrees |", "|---|---|---|---|"]
        for c in self.checks:
            lines.append(f"| {c.name} | {_fmt(c.published)} | {_fmt(c.reproduced)} | {'yes' if c.ok else '**no**'} |")
        for name, table in self.tables.items():
            lines += ["", f"## {name}", "", _markdown_table(table)]
        if self.notes:
            lines += ["", "## Notes", ""] + [f"- {n}" for n in self.notes]
        return "\n".join(lines) + "\n"

    def to_text(self) -> str:
        width = max(len(c.name) for c in self.checks)
        lines = [f"Replication of {self.study}: {_verdict(self)}", ""]
        for c in self.checks:
            mark = "ok  " if c.ok else "FAIL"
            lines.append(f"  [{mark}] {c.name:<{width}}  published {_fmt(c.published)}, reproduced {_fmt(c.reproduced)}")
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
        return f"{round(v, 4) + 0.0:g}" if v == v else "NaN"
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


def _plain(v: Any) -> Any:
    return v.item() if isinstance(v, np.generic) else v


def replicate(study: str = "nlgn2008") -> Report:
    """Recompute a study's published figures from the data shipped with the package.

    >>> report = replicate("nlgn2008")
    >>> report.ok
    True
    """
    if study not in STUDIES:
        raise CoterminousValueError(f"study: no study {study!r}; the studies are {list(STUDIES)}")
    return _nlgn2008()


def _nlgn2008() -> Report:
    fig1 = datasets.read_columns("nlgn2008/figure1")
    fig3 = datasets.read_columns("nlgn2008/figure3")
    fig4 = datasets.read_columns("nlgn2008/figure4")
    cpa = Framework.builtin("cpa_use_of_resources")
    ale = Framework.builtin("ale")
    themes = cpa.themes
    checks: list[Check] = []

    # Figure 4: modal theme score per sector over the nine areas, ties to the lowest value.
    m = modes(fig3, by="sector", columns=themes, ties="low")
    sectors = [str(s) for s in m["sector"]]
    for sector, col in (("council", "council_mode"), ("pct", "pct_mode")):
        i = sectors.index(sector)
        published = {str(t): int(v) for t, v in zip(fig4["measure"], fig4[col])}
        reproduced = {t: int(m[t][i]) for t in published}
        checks.append(Check(f"Figure 4 modal scores, {sector}s (ties low)", published, reproduced))

    # The corporate governance totals of the Bexley pair (text of the paper).
    councils = fig3["sector"] == "council"
    pcts = fig3["sector"] == "pct"
    council_scores = score({t: fig3[t][councils] for t in themes}, cpa)
    pct_scores = score({t: fig3[t][pcts] for t in themes}, ale)
    body_c, body_p = list(fig3["body"][councils]), list(fig3["body"][pcts])
    bexley_c = int(council_scores["total"][body_c.index("LB Bexley")])
    bexley_p = int(pct_scores["total"][body_p.index("Bexley PCT")])
    checks.append(Check("Bexley corporate governance total, council (out of 20)", 16, bexley_c))
    checks.append(Check("Bexley corporate governance total, PCT (out of 20)", 6, bexley_p))

    # The nine areas: each with one council and one PCT.
    areas = list(dict.fromkeys(fig3["area"].tolist()))
    complete = [a for a in areas if {"council", "pct"} <= set(fig3["sector"][fig3["area"] == a].tolist())]
    checks.append(Check("Figure 3 areas with one council and one PCT (the paper's nine)", 9, len(complete)))

    area_c = list(fig3["area"][councils])
    area_p = list(fig3["area"][pcts])
    governance = {
        "area": areas,
        "council": [body_c[area_c.index(a)] for a in areas],
        "council total": [_plain(council_scores["total"][area_c.index(a)]) for a in areas],
        "council overall (CPA rule)": [_plain(council_scores["overall"][area_c.index(a)]) for a in areas],
        "PCT": [body_p[area_p.index(a)] for a in areas],
        "PCT total": [_plain(pct_scores["total"][area_p.index(a)]) for a in areas],
    }
    governance["gap"] = [c - p for c, p in zip(governance["council total"], governance["PCT total"])]
    figure4 = {
        "theme": list(themes),
        "council mode (published)": [_plain(v) for v in fig4["council_mode"]],
        "council mode (reproduced)": [int(m[t][sectors.index("council")]) for t in themes],
        "PCT mode (published)": [_plain(v) for v in fig4["pct_mode"]],
        "PCT mode (reproduced)": [int(m[t][sectors.index("pct")]) for t in themes],
    }
    figure1 = {k: [_plain(v) for v in vals] for k, vals in fig1.items()}
    notes = [
        "Figure 1 (national modes over all English councils and PCTs) is shown as published: "
        "the national data behind it are not shipped, so it is not recomputed.",
        "PCT overall scores are not derived: the ALE's overall rule is not public.",
        "Modes break ties towards the lower score, as the paper's modal averages do.",
    ]
    tables = {
        "Figure 3 with totals (sum of the five themes, out of 20)": governance,
        "Figure 4: modal scores across the nine areas": figure4,
        "Figure 1: national modal scores (as published)": figure1,
    }

    # Pairing: the nine councils and PCTs paired by organisation name, their gaps, and the
    # paper's selection rerun.
    pairing = nlgn2008_pairing(fig3, by="names")
    checks += pairing["checks"]
    tables.update(pairing["tables"])
    notes += pairing["notes"]

    # Statistics: paired tests per theme on the nine pairs.
    stats_table, sentence = nlgn2008_statistics(fig3)
    tables["Statistics: council - PCT per theme on the nine pairs (Holm-adjusted over themes)"] = stats_table
    notes.append(sentence)
    return Report("nlgn2008", checks, tables, notes)
