"""The figures of the NLGN 2008 replication (:func:`coterminous.plot.report_figures`), drawn
from the report's own tables: Figure 4's modes, the nine pairs' totals, their theme gaps, and
the candidate areas per pair of thresholds."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import CoterminousValueError
from ..framework import Framework

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from ..replication import Report

__all__ = ["figures"]


def _table(report: Report, prefix: str) -> dict[str, list[Any]]:
    """The report's table whose title starts with ``prefix``."""
    for title, table in report.tables.items():
        if title.startswith(prefix):
            return table
    raise CoterminousValueError(f"report: no table titled {prefix!r}...; its tables are {list(report.tables)}")


def figures(report: Report) -> list[tuple[str, Figure]]:
    """The figures of an ``nlgn2008`` report.

    Parameters
    ----------
    report : Report
        ``coterminous.replicate("nlgn2008")``.

    Returns
    -------
    list of (str, matplotlib.figure.Figure)
        Figure 4's modal scores (reproduced) per sector; the council and PCT totals of the nine
        pairs; their theme gaps; the candidate areas per pair of thresholds on totals.

    Raises
    ------
    CoterminousValueError
        A table the figures need is not in the report.
    """
    from .. import plot

    cpa = Framework.builtin("cpa_use_of_resources")
    themes = cpa.themes
    out: list[tuple[str, Figure]] = []

    fig4 = _table(report, "Figure 4")
    modes_table = {
        "sector": ["council", "PCT"],
        **{t: [fig4["council mode (reproduced)"][i], fig4["PCT mode (reproduced)"][i]] for i, t in enumerate(themes)},
    }
    title = "Figure 4: modal scores across the nine areas, councils and PCTs"
    fig = plot.new_figure((8.0, 4.5))
    plot.modes(modes_table, by="sector", framework=cpa, title=title, ax=fig.add_subplot())
    out.append((title, fig))

    gap = _table(report, "Pairing: theme gaps")
    totals = {"area": gap["area"], "left_total": gap["council total"], "right_total": gap["PCT total"]}
    title = "Corporate governance totals (out of 20) of the nine pairs, council and PCT"
    fig = plot.new_figure((7.5, 5.0))
    plot.pairs(totals, cpa, label="area", left_name="council", right_name="PCT", title=title, ax=fig.add_subplot())
    out.append((title, fig))

    gaps_table = {"area": gap["area"], **{f"gap_{t}": gap[f"gap {t}"] for t in themes}}
    title = "Theme gaps, council - PCT, in the nine areas"
    fig = plot.new_figure((8.5, 5.0))
    ax = plot.gaps(gaps_table, cpa, label="area", title=title, ax=fig.add_subplot())
    bar: Any = ax.images[0].colorbar
    bar.set_label("gap (council - PCT)")
    out.append((title, fig))

    sens = _table(report, "Pairing: candidate areas")
    sens_table = {
        "left_min": sens["council total at least"],
        "right_max": sens["PCT total at most"],
        "count": sens["candidate areas"],
    }
    title = "Candidate areas per pair of thresholds on totals (of the nine)"
    fig = plot.new_figure((6.0, 4.0))
    ax = plot.sensitivity(sens_table, title=title, ax=fig.add_subplot())
    ax.set_ylabel("council total at least")
    ax.set_xlabel("PCT total at most")
    out.append((title, fig))
    return out
