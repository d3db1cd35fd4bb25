"""The figures each study hands its report: drawn from the report's own tables, checked against
the paper's values and against brute-force counts, captioned once (no title inside), placed
beside the table they illustrate, and made outside pyplot."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from paper_figure3 import scores_by_area  # noqa: E402

import coterminous as ct  # noqa: E402
from coterminous import plot  # noqa: E402

THEMES = ct.Framework.builtin("cpa_use_of_resources").themes


def _legend(ax: Any) -> list[str]:
    legend = ax.get_legend()
    return [] if legend is None else [t.get_text() for t in legend.get_texts()]


def test_report_figures_of_the_paper() -> None:
    report = ct.replicate("nlgn2008")
    drawn = report.draw_figures()
    assert [f.beside for f in drawn] == ["figure4", "figure3", "gaps", "candidates"]
    assert all(f.beside in report.tables for f in drawn)
    figures = plot.report_figures(report)
    assert [c.split(" ")[0] for c, _ in figures] == ["Modal", "Corporate", "Theme", "Candidate"]
    axes = [fig.axes[0] for _, fig in figures]
    assert all(ax.get_title() == "" for ax in axes)  # the caption says it once
    # Figure 4: the published modes (the data file, not the recomputation) are the bar heights
    fig4 = ct.datasets.read_columns("nlgn2008/figure4")
    published = {str(m): (int(c), int(p)) for m, c, p in zip(fig4["measure"], fig4["council_mode"], fig4["pct_mode"])}
    council_bars, pct_bars = axes[0].containers
    assert [p.get_height() for p in council_bars] == [published[t][0] for t in THEMES]
    assert [p.get_height() for p in pct_bars] == [published[t][1] for t in THEMES]
    assert _legend(axes[0]) == ["council", "PCT"]
    # totals: LB Bexley 16, Bexley PCT 6, as the paper's text says
    areas, scores = scores_by_area()
    left, right = (np.asarray(c.get_offsets())[:, 0] for c in axes[1].collections[1:])
    assert (left[areas.index("Bexley")], right[areas.index("Bexley")]) == (16, 6)
    np.testing.assert_array_equal(right, np.sum([scores["pct"][t] for t in THEMES], axis=0))
    assert _legend(axes[1]) == ["council", "PCT"]
    ref = np.column_stack([scores["council"][t] - scores["pct"][t] for t in THEMES])
    np.testing.assert_array_equal(np.asarray(axes[2].images[0].get_array()), ref)
    assert axes[2].images[0].colorbar.ax.get_ylabel() == "gap (council - PCT)"
    council = np.sum([scores["council"][t] for t in THEMES], axis=0)
    pct = np.sum([scores["pct"][t] for t in THEMES], axis=0)
    counts = [[int(np.sum((council >= a) & (pct <= b))) for b in (6, 8, 9, 10)] for a in (13, 14, 15, 16)]
    np.testing.assert_array_equal(np.asarray(axes[3].images[0].get_array()), counts)
    assert axes[3].get_ylabel() == "council total at least" and axes[3].get_xlabel() == "PCT total at most"
    # made outside pyplot: nothing accumulates in a session
    assert plt.get_fignums() == []


def test_report_figures_of_icb2022() -> None:
    report = ct.replicate("icb2022")
    drawn = report.draw_figures()
    assert [f.beside for f in drawn] == ["nine_areas", "icbs"]
    # the population shares: one bar per ICB, its largest council's share, from the ICB table
    table = report.tables["icbs"]
    bars = drawn[1].figure.axes[0].patches[: len(table["ICB"])]
    assert sorted(round(b.get_width(), 4) for b in bars) == sorted(table["its share of ICB"])
    assert plt.get_fignums() == []  # nothing left in pyplot
    assert drawn[0].figure.axes and drawn[0].figure.savefig is not None


def test_report_figures_of_other_reports() -> None:
    assert plot.report_figures(ct.Report("unknown-study", [])) == []
    with pytest.raises(ct.CoterminousTypeError, match="Report"):
        plot.report_figures({"tables": {}})
