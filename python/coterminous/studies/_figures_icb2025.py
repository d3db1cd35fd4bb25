"""The figures of the 2025 study: the CQC ratings of each ICB's rated population, and ICBs
placed by their councils' ratings against their acute trusts' segments.
:func:`coterminous.studies.icb2025.run` hands :func:`figures` (with the apportioned ratings)
to its report."""

from __future__ import annotations

from functools import partial
from typing import Any

from .. import plot
from .._report import FigureMaker, Report, ReportFigure

__all__ = ["figures", "maker"]

_RATINGS = {1: "Inadequate", 2: "Requires improvement", 3: "Good", 4: "Outstanding"}
_COLOURS = {1: "#b2182b", 2: "#ef8a62", 3: "#67a9cf", 4: "#2166ac"}


def _rated(coverage: float) -> str:
    """A coverage as a whole percentage, never "0%" for a covered ICB."""
    return "under 1% rated" if 0 < coverage < 0.005 else f"{coverage:.0%} rated"


def maker(apportioned: dict[str, list[Any]], icb_name: dict[str, str]) -> FigureMaker:
    """What the study hands its report: :func:`figures` with the ratings apportioned to ICBs.

    Parameters
    ----------
    apportioned
        :func:`coterminous.apportion`'s result for the rating (``right``, ``coverage``,
        ``rating_share_1`` ... ``rating_share_4``), as lists.
    icb_name
        ICB NHS code -> short name.

    Returns
    -------
    callable
        ``report -> list of ReportFigure``.
    """
    return partial(figures, apportioned=apportioned, icb_name=icb_name)


def figures(report: Report, apportioned: dict[str, list[Any]], icb_name: dict[str, str]) -> list[ReportFigure]:
    """The figures of an ``icb2025`` report.

    Parameters
    ----------
    report : Report
        ``coterminous.replicate("icb2025")``.
    apportioned, icb_name
        As for :func:`maker`.

    Returns
    -------
    list of ReportFigure
        The ratings of each ICB's rated population (stacked shares, coverage in the labels),
        beside the table by ICB; the ICBs by the share of their rated population in Good or
        Outstanding councils against the share of their acute trusts in segments 3-4, beside
        the statistics.
    """
    rows = [i for i, c in enumerate(apportioned["coverage"]) if c]
    share = {v: [apportioned[f"rating_share_{v}"][i] or 0.0 for i in rows] for v in _RATINGS}
    good = [share[3][k] + share[4][k] for k in range(len(rows))]
    order = sorted(range(len(rows)), key=lambda k: (good[k], icb_name[apportioned["right"][rows[k]]]))
    labels = [f"{icb_name[apportioned['right'][rows[k]]]} ({_rated(apportioned['coverage'][rows[k]])})" for k in order]
    fig = plot.new_figure((9.0, 0.22 * len(rows) + 1.6))
    ax = fig.add_subplot()
    left = [0.0] * len(order)
    for v, name in _RATINGS.items():
        widths = [share[v][k] for k in order]
        ax.barh(range(len(order)), widths, left=left, color=_COLOURS[v], label=name, height=0.8)
        left = [a + b for a, b in zip(left, widths)]
    ax.set_yticks(range(len(order)), labels, fontsize=7)
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of the rated population (mid-2020) at each CQC rating")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=4, frameon=False, fontsize=8)
    out = [
        ReportFigure(
            f"The CQC's ratings of the {len(rows)} ICBs with any rated population, apportioned by population "
            "(coterminous.apportion), each ICB labelled with the share of its population in a rated council.",
            fig,
            "by_icb",
        )
    ]

    table = report.tables["by_icb"]
    keep = [
        i for i in range(len(table["ICB"])) if table["councils"][i] in ("strong", "weak") and table["acute trusts"][i]
    ]
    fig2 = plot.new_figure((7.5, 5.5))
    ax2 = fig2.add_subplot()
    x = [table["Good or Outstanding"][i] for i in keep]
    y = [table["in segments 3-4"][i] / table["acute trusts"][i] for i in keep]
    size = [20 + 60 * table["acute trusts"][i] for i in keep]
    # the two quadrants the question asks about, shaded (strong councils count from a half up,
    # weak trusts from more than a half)
    ax2.fill_between([0.5, 1.05], 0.5, 1.05, color="#f4a582", alpha=0.25, linewidth=0)
    ax2.fill_between([-0.05, 0.5], -0.05, 0.5, color="#92c5de", alpha=0.35, linewidth=0)
    ax2.scatter(x, y, s=size, color="#4d4d4d", alpha=0.6, edgecolor="white", zorder=3)
    same: dict[tuple[float, float], int] = {}
    for p in zip(x, y):
        key = (round(p[0], 2), round(p[1], 2))
        same[key] = same.get(key, 0) + 1
    for (px, py), n in same.items():
        if n > 1:  # ICBs drawn on one spot: say how many
            ax2.annotate(f"{n} ICBs", (px, py), xytext=(6, -10), textcoords="offset points", fontsize=7, zorder=4)
    ax2.set_xlim(-0.05, 1.05)
    ax2.set_ylim(-0.05, 1.05)
    ax2.set_xlabel("share of rated population in Good or Outstanding councils")
    ax2.set_ylabel("share of acute trusts in segments 3-4")
    both = [(table["councils"][i], table["trusts"][i]) for i in keep]
    out.append(
        ReportFigure(
            f"The {len(keep)} ICBs with at least half their population in a rated council and an acute trust: their "
            "councils' ratings against their acute trusts' segments (a point's area grows with its acute trusts). "
            f"Shaded top right: strong councils beside weak acute trusts ({both.count(('strong', 'weak'))} ICBs); "
            f"shaded bottom left: weak councils beside strong acute trusts ({both.count(('weak', 'strong'))}).",
            fig2,
            "statistics",
        )
    )
    return out
