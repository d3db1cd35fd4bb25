"""coterminous.plot at real sizes, measured on the drawn figure: its size in pixels, tick labels
whose boxes never overlap, legends clear of bars and markers, the data area's share of the
figure, an attached colour bar, units in blocks of partners, one colour per group; for all 42
ICBs by 152 councils, London's 5 ICBs by 33 boroughs, the CQC's nine statements and others."""

from __future__ import annotations

from collections.abc import Callable
from itertools import combinations
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402

import coterminous as ct  # noqa: E402
from coterminous import plot  # noqa: E402

CPA = ct.Framework.builtin("cpa_use_of_resources")
CQC = ct.Framework.builtin("cqc_la_assessment")
FIG3 = ct.datasets.read_columns("nlgn2008/figure3")
DPI = 100
MAX_W, MAX_H = 16, 12
#: Set COTERMINOUS_PLOT_PNGS to a folder to keep every measured figure as a PNG to look at.
PNGS = None


@pytest.fixture(autouse=True)
def _close_figures() -> Any:
    yield
    plt.close("all")


def _drawn(ax: Any, name: str) -> Any:
    """The figure of ``ax`` drawn at DPI (layout run), saved as a PNG when PNGS names a folder."""
    import os

    fig = ax.figure
    fig.set_dpi(DPI)
    fig.canvas.draw()
    folder = os.environ.get("COTERMINOUS_PLOT_PNGS", PNGS)
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        fig.savefig(Path(folder) / f"{name}.png", dpi=DPI)
    return fig


def _overlap(a: Any, b: Any, tolerance: float = 0.5) -> bool:
    """Whether two display boxes overlap by more than ``tolerance`` pixels both ways."""
    return min(a.x1, b.x1) - max(a.x0, b.x0) > tolerance and min(a.y1, b.y1) - max(a.y0, b.y0) > tolerance


def _shown(labels: Any) -> list[Any]:
    return [t for t in labels if t.get_visible() and t.get_text()]


def _assert_fits(ax: Any, name: str, *, min_share: float) -> Any:
    """The measures every plot meets: figure within 16 x 12 in, tick labels apart and inside
    the figure, the data area at least ``min_share`` of the figure, the legend off the data."""
    fig = _drawn(ax, name)
    width_px, height_px = fig.canvas.get_width_height()
    assert width_px <= MAX_W * DPI and height_px <= MAX_H * DPI, (width_px, height_px)
    whole = fig.bbox
    for labels in (ax.get_xticklabels(), ax.get_yticklabels()):
        boxes = [t.get_window_extent() for t in _shown(labels)]
        clashes = [(i, j) for (i, a), (j, b) in combinations(enumerate(boxes), 2) if _overlap(a, b)]
        assert clashes == [], [(_shown(labels)[i].get_text(), _shown(labels)[j].get_text()) for i, j in clashes[:3]]
        for box in boxes:
            assert box.x0 >= whole.x0 - 1 and box.x1 <= whole.x1 + 1 and box.y0 >= whole.y0 - 1, box
    pos = ax.get_position()
    assert pos.width * pos.height >= min_share, (pos.width, pos.height)
    legend = ax.get_legend()
    if legend is not None:
        box = legend.get_window_extent()
        assert not _overlap(box, ax.get_window_extent()), "the legend is over the data area"
        for patch in ax.patches:
            assert not _overlap(box, patch.get_window_extent())
        for coll in ax.collections:
            for x, y in ax.transData.transform(np.asarray(coll.get_offsets(), dtype=float)):
                if np.isfinite(x) and np.isfinite(y):
                    assert not (box.x0 <= x <= box.x1 and box.y0 <= y <= box.y1), "a marker under the legend"
    return fig


# --- relationships -----------------------------------------------------------------------------


def _colorbar_attached(ax: Any) -> None:
    """The colour bar beside the matrix: less than 0.4 in between, at the matrix's height."""
    bar = ax.images[0].colorbar.ax
    fig = ax.figure
    main, side = ax.get_window_extent(), bar.get_window_extent()
    gap_in = (side.x0 - main.x1) / fig.dpi
    assert 0 <= gap_in < 0.4, gap_in
    assert side.y0 >= main.y0 - 1 and side.y1 <= main.y1 + 1


def _blocks(values: np.ndarray) -> bool:
    """Whether each column's largest cell lies in a row at or below the previous column's:
    the matrix is in blocks along its diagonal."""
    filled = np.where(np.ma.getmaskarray(values), -1.0, np.ma.getdata(values))
    home = [int(np.argmax(filled[:, j])) for j in range(filled.shape[1]) if (filled[:, j] >= 0).any()]
    return all(a <= b for a, b in zip(home, home[1:]))


def test_relationships_london_five_icbs_by_33_boroughs(london_overlap: Any) -> None:
    ax = plot.relationships(london_overlap, left_name="ICB", right_name="council")
    fig = _assert_fits(ax, "relationships_london", min_share=0.2)
    values = ax.images[0].get_array()
    assert values.shape == (5, 33)  # every unit shown
    assert _blocks(values)
    _colorbar_attached(ax)
    # each borough nested in one ICB: one cell per column, its value the pair's coterminosity
    assert (~np.ma.getmaskarray(values)).sum(axis=0).tolist() == [1] * 33
    ref = dict(zip(zip(london_overlap["left"], london_overlap["right"]), london_overlap["coterminosity"]))
    rows = [t.get_text().rsplit(" (", 1)[0] for t in ax.get_yticklabels()]
    cols = [t.get_text().rsplit(" (", 1)[0] for t in ax.get_xticklabels()]
    for i, j in zip(*np.nonzero(~np.ma.getmaskarray(values))):
        assert values[i, j] == pytest.approx(ref[rows[i], cols[j]])
    assert len(ax.texts) == 33  # values written in, each cell's
    assert ax.get_title() == "Co-terminosity of ICB and council units"
    assert ax.get_ylabel() == "ICB unit (relationship)" and ax.get_xlabel() == "council unit (relationship)"
    assert fig.get_size_inches()[1] < 8  # five rows do not need a tall figure


def test_relationships_all_42_icbs_by_152_councils(icb_overlap: Any) -> None:
    ax = plot.relationships(icb_overlap, left_name="ICB", right_name="council")
    _assert_fits(ax, "relationships_all", min_share=0.35)
    values = ax.images[0].get_array()
    assert values.shape == (42, 50)  # every ICB; the default 50 councils
    title = ax.get_title().replace("\n", " ")
    assert "showing 50 of 152 council units" in title
    _colorbar_attached(ax)
    assert _blocks(values)
    # every ICB's largest partner (by shared population) is among the councils shown
    shown = {t.get_text().rsplit(" (", 1)[0] for t in ax.get_xticklabels()}
    ov = icb_overlap
    for icb in set(ov["left"]):
        rows = ov[ov["left"] == icb]
        name = rows.loc[rows["weight"].idxmax(), "right"]
        assert (name if len(name) <= 32 else name[:31].rstrip() + "\u2026") in shown  # long names shortened
    assert (~np.ma.getmaskarray(values)).any(axis=1).all()  # so no row is empty


def test_relationships_all_councils_when_asked(icb_overlap: Any) -> None:
    ax = plot.relationships(icb_overlap, max_units=None)
    _assert_fits(ax, "relationships_all_units", min_share=0.35)
    assert ax.images[0].get_array().shape == (42, 152)
    assert "showing" not in ax.get_title()
    assert len(ax.texts) == 0  # no values written into cells too small to read them
    _colorbar_attached(ax)


def test_relationships_fewest_units() -> None:
    lookup = {"pct": ["A", "B", "B", "C", "D"], "la": ["x", "y", "z", "z", "z"], "pop": [10, 5, 5, 100, 100]}
    ax = plot.relationships(ct.overlap(lookup, left="pct", right="la", weight="pop"), max_units=2)
    # the two largest PCTs (C, D); z, the largest partner of both, then x, the largest left
    assert ax.images[0].get_array().shape == (2, 2)
    title = ax.get_title().replace("\n", " ")
    assert "the 2 largest of 4 left units" in title and "2 of 3 right units" in title
    assert [t.get_text() for t in ax.get_yticklabels()] == ["C (nested)", "D (nested)"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["z (overlapping)", "x (coterminous)"]


# --- distribution and modes --------------------------------------------------------------------


@pytest.mark.parametrize("regions", [4, 9])
def test_distribution_cqc_nine_statements(regions: int, cqc_scores: Callable[..., Any]) -> None:
    data = cqc_scores(regions)
    table = ct.distribution(data, by="region", columns=CQC.themes, framework=CQC)
    ax = plot.distribution(table)  # groups and framework read from the table
    fig = _assert_fits(ax, f"distribution_cqc_{regions}", min_share=0.3)
    pos = ax.get_position()
    assert pos.width >= 0.45  # long statements do not squeeze the bars
    # each statement's label (wrapped, inside the data area's width) above its regions' bars
    assert [t.get_text().replace("\n", " ") for t in ax.texts] == [CQC.theme_labels[t] for t in CQC.themes]
    area = ax.get_window_extent()
    for text in ax.texts:
        box = text.get_window_extent()
        assert box.x0 >= area.x0 - 1 and box.x1 <= area.x1 + 1
        for patch in ax.patches:
            assert not _overlap(box, patch.get_window_extent())
    groups = sorted(set(data["region"].tolist()))
    assert [t.get_text() for t in ax.get_yticklabels()] == groups * 9
    assert [t.get_text() for t in ax.get_xticklabels()] == ["0%", "25%", "50%", "75%", "100%"]
    assert min(t.get_fontsize() for t in ax.get_yticklabels()) >= 5.5
    # the bars are the shares (by brute force)
    for score, container in zip(range(1, 5), ax.containers):
        widths = [p.get_width() for p in container]
        ref = [np.mean(data[t][data["region"] == g] == score) for t in CQC.themes for g in groups]
        np.testing.assert_allclose(widths, ref)
    assert fig.get_size_inches()[1] <= MAX_H


@pytest.mark.parametrize("regions", [2, 4, 9])
def test_modes_cqc_legend_outside_the_bars(regions: int, cqc_scores: Callable[..., Any]) -> None:
    data = cqc_scores(regions)
    ax = plot.modes(ct.modes(data, by="region", columns=CQC.themes))  # by= and framework read from the table
    _assert_fits(ax, f"modes_cqc_{regions}", min_share=0.3)
    groups = sorted(set(data["region"].tolist()))
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [plot._layout.wrap(g, 26) for g in groups]
    assert [t.get_text().replace("\n", " ") for t in ax.get_xticklabels()] == [CQC.theme_labels[t] for t in CQC.themes]
    assert len(ax.patches) == regions * 9


@pytest.mark.parametrize("backend", ["pandas", "polars", "pyarrow", "dict"])
def test_modes_reads_its_groups_from_the_modes_table(backend: str) -> None:
    import pandas as pd

    df = pd.DataFrame(FIG3)
    data = {"pandas": df, "dict": {k: np.asarray(v) for k, v in FIG3.items()}}.get(backend)
    if data is None:
        import polars as pl
        import pyarrow as pa

        data = pl.from_pandas(df) if backend == "polars" else pa.Table.from_pandas(df)
    table = ct.modes(data, by="sector", columns=CPA.themes)
    ax = plot.modes(table)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["council", "pct"]
    assert ax.get_legend().get_title().get_text() == "sector"
    assert [t.get_text().replace("\n", " ") for t in ax.get_xticklabels()] == [CPA.theme_labels[t] for t in CPA.themes]


def test_one_colour_per_group_whatever_the_order() -> None:
    """Councils one colour and PCTs another in modes and pairs, in either data order."""
    colours = []
    for order in (slice(None), slice(None, None, -1)):
        data = {k: np.asarray(v)[order] for k, v in FIG3.items()}
        ax = plot.modes(ct.modes(data, by="sector", columns=CPA.themes))
        by_label = {c.get_label(): to_hex(c.patches[0].get_facecolor()) for c in ax.containers}
        colours.append(by_label)
    assert colours[0] == colours[1]
    council = {k: np.asarray(v)[FIG3["sector"] == "council"] for k, v in FIG3.items()}
    pct = {k: np.asarray(v)[FIG3["sector"] == "pct"] for k, v in FIG3.items()}
    g = ct.gaps(ct.pair(ct.score(council, CPA), ct.score(pct, "ale"), on="area"), CPA)
    for left, right in (("council", "PCT"), ("PCT", "council")):
        ax = plot.pairs(g, CPA, left_name=left, right_name=right)
        markers = {c.get_label(): to_hex(c.get_facecolor()[0]) for c in ax.collections[1:]}
        assert markers["council"] == colours[0]["council"]
        assert markers["PCT"] == colours[0]["pct"]
    assert plot.palette(["pct", "council"]) == plot.palette(["council", "pct"])
    assert len(set(plot.palette([f"group {i}" for i in range(12)]).values())) == 12


# --- pairs and bootstrap -----------------------------------------------------------------------


def _gaps() -> Any:
    import pandas as pd

    council = pd.DataFrame({k: np.asarray(v)[FIG3["sector"] == "council"] for k, v in FIG3.items()})
    pct = pd.DataFrame({k: np.asarray(v)[FIG3["sector"] == "pct"] for k, v in FIG3.items()})
    return ct.gaps(ct.pair(ct.score(council, CPA), ct.score(pct, "ale"), on="area"), CPA)


def test_pairs_in_subplots_hide_no_marker() -> None:
    g = _gaps()
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.5), layout="constrained")
    plot.pairs(g, CPA, left_name="council", right_name="PCT", ax=axes[0])
    plot.pairs(g, CPA, measure="financial_standing", left_name="council", right_name="PCT", ax=axes[1])
    for i, ax in enumerate(axes):
        _assert_fits(ax, f"pairs_subplot_{i}", min_share=0.1)
        # the legend of the left plot is not over the right plot either
        assert not _overlap(axes[0].get_legend().get_window_extent(), axes[1].get_window_extent())
    assert axes[0].get_title() == "Council and PCT score per pair"


def test_pairs_many_pairs_stay_within_the_figure() -> None:
    rng = np.random.default_rng(3)
    n = 150
    table = {
        "left_area": np.array([f"Area number {i} of the long list" for i in range(n)], dtype=object),
        "left_total": rng.integers(5, 21, n),
        "right_total": rng.integers(5, 21, n),
    }
    ax = plot.pairs(table, left_name="council", right_name="ICB")
    _assert_fits(ax, "pairs_150", min_share=0.3)
    left = np.asarray(ax.collections[1].get_offsets())[:, 0]
    np.testing.assert_array_equal(left, table["left_total"])


def test_bootstrap_legend_off_the_statistic() -> None:
    dist = np.random.default_rng(1).normal(1.2, 0.3, 2000)
    result = SimpleNamespace(
        bootstrap_distribution=dist, statistic=1.2, confidence_interval=(0.62, 1.79), method="percentile"
    )
    ax = plot.bootstrap(result, bins=40)
    _assert_fits(ax, "bootstrap", min_share=0.4)
    line = next(line for line in ax.lines if line.get_label().startswith("statistic"))
    assert not _overlap(ax.get_legend().get_window_extent(), line.get_window_extent())


# --- other plots at their sizes ----------------------------------------------------------------


def test_gaps_sensitivity_and_report_figures_fit() -> None:
    g = _gaps()
    _assert_fits(plot.gaps(g, CPA, total=True), "gaps", min_share=0.3)
    sens = ct.sensitivity(g, left_min=[13, 14, 15, 16], right_max=[6, 8, 9, 10])
    _assert_fits(plot.sensitivity(sens), "sensitivity", min_share=0.3)
    for i, (_, fig) in enumerate(plot.report_figures(ct.replicate("nlgn2008"))):
        _assert_fits(fig.axes[0], f"report_{i}", min_share=0.2)


def test_gaps_of_many_pairs() -> None:
    rng = np.random.default_rng(4)
    n = 120
    table = {"left_area": np.array([f"Area {i}" for i in range(n)], dtype=object)}
    for t in CPA.themes:
        table[f"gap_{t}"] = rng.integers(-3, 4, n)
    ax = plot.gaps(table, CPA)
    _assert_fits(ax, "gaps_120", min_share=0.3)
    assert len(ax.texts) == 0 or min(t.get_fontsize() for t in ax.texts) >= 6


def test_side_names_in_gaps_and_sensitivity() -> None:
    g = _gaps()
    ax = plot.gaps(g, CPA, left_name="council", right_name="PCT")
    assert ax.get_title() == "Theme gaps per pair (council - PCT)"
    assert ax.images[0].colorbar.ax.get_ylabel() == "gap (council - PCT)"
    sens = ct.sensitivity(g, left_min=[13, 14], right_max=[6, 8])
    ax = plot.sensitivity(sens, left_name="council", right_name="PCT")
    assert ax.get_ylabel() == "council at least" and ax.get_xlabel() == "PCT at most"


def test_modes_numeric_groups_beside_a_frameworks_themes() -> None:
    """A year column is a group, not a theme, when the themes are a framework's."""
    data = {k: np.concatenate([np.asarray(v), np.asarray(v)]) for k, v in FIG3.items()}
    data["year"] = np.array([2006] * len(FIG3["area"]) + [2007] * len(FIG3["area"]))
    ax = plot.modes(ct.modes(data, by=["year", "sector"], columns=CPA.themes))
    legend = ax.get_legend()
    assert [t.get_text() for t in legend.get_texts()] == [
        "2006, council",
        "2006, pct",
        "2007, council",
        "2007, pct",
    ]
    assert legend.get_title().get_text() == "year, sector"
    assert len(ax.patches) == 4 * len(CPA.themes)
