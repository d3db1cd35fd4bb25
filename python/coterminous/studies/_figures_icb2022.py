"""The figures of the ICB 2022 study: the relationship matrix of the ICBs holding the 2008
paper's nine areas with their councils (:func:`coterminous.plot.relationships`), and the share
of each ICB's population in its largest council. :func:`coterminous.studies.icb2022.run` hands
:func:`figures` (with the overlap table, by name) to its report."""

from __future__ import annotations

from functools import partial
from typing import Any

from .. import plot
from .._report import FigureMaker, Report, ReportFigure

__all__ = ["figures", "maker"]

#: Colours of the relationships in the population-share bars.
_COLOURS = {"coterminous": "#1b7837", "nested": "#5aae61", "split": "#c2a5cf", "overlapping": "#762a83"}


def _outside_pyplot(figure: Any) -> None:
    """Let go of a figure pyplot made (it stays drawable and savable), so that nothing
    accumulates in a session, as for the figures made with ``plot.new_figure``."""
    import matplotlib.pyplot as plt

    if plt.fignum_exists(figure.number if hasattr(figure, "number") else -1):
        plt.close(figure)


def maker(overlap_by_name: dict[str, list[Any]]) -> FigureMaker:
    """What the study hands its report: :func:`figures` with its overlap table.

    Parameters
    ----------
    overlap_by_name
        :func:`coterminous.overlap` of ICBs (left) and upper-tier councils (right), units by name.

    Returns
    -------
    callable
        ``report -> list of ReportFigure``.
    """
    return partial(figures, overlap_by_name=overlap_by_name)


def figures(report: Report, overlap_by_name: dict[str, list[Any]]) -> list[ReportFigure]:
    """The figures of an ``icb2022`` report.

    Parameters
    ----------
    report : Report
        ``coterminous.replicate("icb2022")``.
    overlap_by_name
        The ICB by council overlap (``left``, ``right``, shares, ``coterminosity``), units by
        name, as in the report's tables.

    Returns
    -------
    list of ReportFigure
        The relationship matrix of the ICBs holding the nine areas, beside the nine areas' table;
        the population share of each ICB's largest council, beside the ICBs' table.
    """
    out: list[ReportFigure] = []
    nine = report.tables["nine_areas"]
    icbs = set(nine["ICB (largest share)"])
    rows = [i for i, left in enumerate(overlap_by_name["left"]) if left in icbs]
    subset = {k: [v[i] for i in rows] for k, v in overlap_by_name.items()}
    ax = plot.relationships(subset)  # sized by the plot for its units
    ax.set_title("")
    _outside_pyplot(ax.figure)
    out.append(
        ReportFigure(
            f"Coterminosity of the {len(icbs)} ICBs holding the 2008 paper's nine areas (rows) with each council "
            "they share population with (columns), each unit's relationship in its label (mid-2020 population).",
            ax.figure,
            "nine_areas",
        )
    )

    table = report.tables["icbs"]
    order = sorted(range(len(table["ICB"])), key=lambda i: table["its share of ICB"][i])
    fig = plot.new_figure((8.0, 9.5))
    bars = fig.add_subplot()
    relationship = [table["relationship"][i] for i in order]
    bars.barh(
        [table["ICB"][i] for i in order],
        [table["its share of ICB"][i] for i in order],
        color=[_COLOURS.get(r, "#999999") for r in relationship],
    )
    bars.set_xlim(0, 1)
    bars.set_xlabel("share of the ICB's population (mid-2020) in its largest upper-tier council")
    bars.tick_params(axis="y", labelsize=7)
    bars.margins(y=0.01)
    handles = [bars.bar([0], [0], color=c, label=r) for r, c in _COLOURS.items() if r in relationship]
    bars.legend(handles=handles, title="ICB's relationship", loc="upper left", bbox_to_anchor=(1.01, 1.0))
    out.append(
        ReportFigure(
            "Share of each ICB's population in its largest upper-tier council, coloured by the ICB's relationship.",
            fig,
            "icbs",
        )
    )
    return out
