"""The figures of the NLGN 2008 replication, drawn from the report's own tables: Figure 4's
modes, the nine pairs' totals, their theme gaps, and the candidate areas per pair of
thresholds. :func:`coterminous.studies.nlgn2008.run` hands :func:`figures` to its report."""

from __future__ import annotations

from typing import Any

from .. import plot
from .._report import Report, ReportFigure
from ..errors import CoterminousValueError
from ..framework import Framework

__all__ = ["figures"]


def _table(report: Report, key: str) -> dict[str, list[Any]]:
    if key not in report.tables:
        raise CoterminousValueError(f"report: no table {key!r}; its tables are {list(report.tables)}")
    return report.tables[key]


def _untitled(ax: Any) -> None:
    """The caption under the figure says what it shows: no title inside it too."""
    ax.set_title("")


def figures(report: Report) -> list[ReportFigure]:
    """The figures of an ``nlgn2008`` report.

    Parameters
    ----------
    report : Report
        ``coterminous.replicate("nlgn2008")``.

    Returns
    -------
    list of ReportFigure
        Figure 4's modal scores (reproduced) per sector, beside the Figure 4 table; the council
        and PCT totals of the nine pairs, beside Figure 3; their theme gaps, beside the gaps
        table; the candidate areas per pair of thresholds on totals, beside that table.

    Raises
    ------
    CoterminousValueError
        A table the figures need is not in the report.
    """
    cpa = Framework.builtin("cpa_use_of_resources")
    themes = cpa.themes
    out: list[ReportFigure] = []

    fig4 = _table(report, "figure4")
    modes_table = {
        "sector": ["council", "PCT"],
        **{t: [fig4["council mode (reproduced)"][i], fig4["PCT mode (reproduced)"][i]] for i, t in enumerate(themes)},
    }
    fig = plot.new_figure((8.0, 4.5))
    _untitled(plot.modes(modes_table, by="sector", framework=cpa, ax=fig.add_subplot()))
    out.append(
        ReportFigure("Modal theme scores across the nine areas, councils and PCTs (reproduced).", fig, "figure4")
    )

    gap = _table(report, "gaps")
    totals = {"area": gap["area"], "left_total": gap["council total"], "right_total": gap["PCT total"]}
    fig = plot.new_figure((7.5, 5.0))
    ax = plot.pairs(totals, cpa, label="area", left_name="council", right_name="PCT", ax=fig.add_subplot())
    _untitled(ax)
    out.append(
        ReportFigure("Corporate governance totals (out of 20) of the nine pairs, council and PCT.", fig, "figure3")
    )

    gaps_table = {"area": gap["area"], **{f"gap_{t}": gap[f"gap {t}"] for t in themes}}
    fig = plot.new_figure((8.5, 5.0))
    ax = plot.gaps(gaps_table, cpa, label="area", ax=fig.add_subplot())
    _untitled(ax)
    bar: Any = ax.images[0].colorbar
    if bar is not None:
        bar.set_label("gap (council - PCT)")
    out.append(ReportFigure("Theme gaps, council - PCT, in the nine areas.", fig, "gaps"))

    sens = _table(report, "candidates")
    sens_table = {
        "left_min": sens["council total at least"],
        "right_max": sens["PCT total at most"],
        "count": sens["candidate areas"],
    }
    fig = plot.new_figure((6.0, 4.0))
    ax = plot.sensitivity(sens_table, ax=fig.add_subplot())
    _untitled(ax)
    ax.set_ylabel("council total at least")
    ax.set_xlabel("PCT total at most")
    out.append(ReportFigure("Candidate areas (of the nine) per pair of thresholds on totals.", fig, "candidates"))
    return out
