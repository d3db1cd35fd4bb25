"""coterminous.plot: each picture checked against its input table (bar heights, cell values,
labels, legends), on shipped data, with brute-force references where the table is computed."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from paper_figure3 import scores_by_area  # noqa: E402

import coterminous as ct  # noqa: E402
from coterminous import plot  # noqa: E402

CPA = ct.Framework.builtin("cpa_use_of_resources")
THEMES = CPA.themes
FIG3 = ct.datasets.read_columns("nlgn2008/figure3")
BACKENDS = ["pandas", "polars", "pyarrow", "dict"]


@pytest.fixture(autouse=True)
def _close_figures() -> Any:
    yield
    plt.close("all")


def _as(backend: str, columns: dict[str, Any]) -> Any:
    if backend == "dict":
        return {k: np.asarray(v) for k, v in columns.items()}
    if backend == "pandas":
        import pandas as pd

        return pd.DataFrame(columns)
    if backend == "polars":
        import polars as pl

        return pl.DataFrame({k: list(v) for k, v in columns.items()})
    import pyarrow as pa

    return pa.table({k: list(v) for k, v in columns.items()})


def _fig3(backend: str) -> Any:
    return _as(backend, FIG3)


def _texts(labels: Any) -> list[str]:
    return [t.get_text().replace("\n", " ") for t in labels]


def _legend(ax: Any) -> list[str]:
    legend = ax.get_legend()
    return [] if legend is None else _texts(legend.get_texts())


def _paired_gaps(backend: str = "pandas") -> Any:
    council = {k: np.asarray(v)[FIG3["sector"] == "council"] for k, v in FIG3.items()}
    pct = {k: np.asarray(v)[FIG3["sector"] == "pct"] for k, v in FIG3.items()}
    left, right = _as(backend, council), _as(backend, pct)
    paired = ct.pair(ct.score(left, CPA), ct.score(right, "ale"), on="area")
    return ct.gaps(paired, CPA)


# --- import ------------------------------------------------------------------------------------


def test_import_does_not_import_matplotlib() -> None:
    code = (
        "import sys, coterminous, coterminous.plot; print(sorted(m for m in sys.modules if m.startswith('matplotlib')))"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.strip() == "[]"


def test_without_matplotlib_the_error_names_the_extra() -> None:
    code = (
        "import sys; sys.modules['matplotlib'] = None\n"
        "import coterminous as ct\n"
        "try:\n"
        "    ct.plot.modes({'g': ['a'], 'x': [1]}, by='g')\n"
        "except ImportError as e:\n"
        "    print(e)\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert "coterminous[plot]" in out.stdout


# --- modes -------------------------------------------------------------------------------------


def _reference_modes() -> dict[str, dict[str, int]]:
    """Per sector and theme, the most frequent score, ties to the lowest (brute force)."""
    out: dict[str, dict[str, int]] = {}
    for sector in dict.fromkeys(FIG3["sector"].tolist()):
        rows = FIG3["sector"] == sector
        out[sector] = {}
        for t in THEMES:
            counts = Counter(FIG3[t][rows].tolist())
            top = max(counts.values())
            out[sector][t] = min(v for v, c in counts.items() if c == top)
    return out


@pytest.mark.parametrize("backend", BACKENDS)
def test_modes_bars_are_the_modes(backend: str) -> None:
    table = ct.modes(_fig3(backend), by="sector", columns=THEMES)
    ax = plot.modes(table, by="sector", framework=CPA)
    ref = _reference_modes()
    sectors = sorted(ref)  # groups in sorted order, whatever the data's
    assert len(ax.patches) == len(sectors) * len(THEMES)
    # one BarContainer per sector, in sorted order, bars in theme order
    assert len(ax.containers) == len(sectors)
    for sector, container in zip(sectors, ax.containers):
        assert [p.get_height() for p in container] == [ref[sector][t] for t in THEMES]
    assert _legend(ax) == sectors
    assert _texts(ax.get_xticklabels()) == [CPA.theme_labels[t] for t in THEMES]
    assert ax.get_title() == "Modal score by theme"
    assert ax.get_xlabel() == "theme" and ax.get_ylabel() == "modal score"
    assert _texts(ax.get_yticklabels()) == [
        "1 inadequate performance",
        "2 adequate performance",
        "3 performing well",
        "4 performing strongly",
    ]


def test_modes_one_group_has_no_legend_and_draws_on_the_given_axes() -> None:
    _, ax = plt.subplots()
    table = ct.modes(_fig3("pandas"), columns=THEMES)
    out = plot.modes(table, title="All bodies", ax=ax)
    assert out is ax
    assert len(ax.patches) == len(THEMES)
    assert ax.get_legend() is None
    assert ax.get_title() == "All bodies"
    # the themes are the CPA's (and the ALE's, with the same labels): its labels are read from them
    assert _texts(ax.get_xticklabels()) == [CPA.theme_labels[t] for t in THEMES]
    renamed = {f"x_{t}": [v] for t, v in zip(THEMES, range(1, 6))}
    ax = plot.modes(renamed)
    assert _texts(ax.get_xticklabels()) == [f"x {t.replace('_', ' ')}" for t in THEMES]


def test_modes_missing_mode_draws_no_bar() -> None:
    ax = plot.modes({"g": np.array(["a", "b"]), "x": np.ma.MaskedArray([2, 0], mask=[False, True])}, by="g")
    heights = [p.get_height() for p in ax.patches]
    assert heights[0] == 2 and np.isnan(heights[1])


def test_modes_errors_name_the_column() -> None:
    table = ct.modes(_fig3("pandas"), by="sector", columns=THEMES)
    with pytest.raises(ct.ColumnNotFoundError, match="'region'"):
        plot.modes(table, by="region")
    with pytest.raises(ct.ColumnNotFoundError, match="'stars'"):
        plot.modes(table, by="sector", columns=["stars"])
    tied = ct.modes(_fig3("pandas"), by="sector", columns=THEMES, ties="all")
    with pytest.raises(ct.CoterminousValueError, match="ties='low'"):
        plot.modes(tied, by="sector")
    with pytest.raises(ct.CoterminousTypeError, match="numpy array"):
        plot.modes(np.zeros((2, 2)))
    with pytest.raises(ct.CoterminousTypeError, match="ax"):
        plot.modes(table, by="sector", ax="not axes")  # type: ignore[arg-type]


# --- distribution ------------------------------------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
def test_distribution_segments_are_the_shares(backend: str) -> None:
    table = ct.distribution(_fig3(backend), by="sector", columns=THEMES, framework=CPA)
    ax = plot.distribution(table, by="sector", framework=CPA)
    sectors = sorted(dict.fromkeys(FIG3["sector"].tolist()))  # groups sorted, whatever the data's order
    bars = [(t, s) for t in THEMES for s in sectors]
    assert len(ax.containers) == 4  # one series per score value
    assert len(ax.patches) == 4 * len(bars)
    for score, container in zip(range(1, 5), ax.containers):
        widths = [p.get_width() for p in container]
        ref = [np.mean(FIG3[t][FIG3["sector"] == s] == score) for t, s in bars]
        np.testing.assert_allclose(widths, ref)
    # segments stack: each bar's segments sum to 1
    totals = np.sum([[p.get_width() for p in c] for c in ax.containers], axis=0)
    np.testing.assert_allclose(totals, 1.0)
    assert _legend(ax) == [
        "1 inadequate performance",
        "2 adequate performance",
        "3 performing well",
        "4 performing strongly",
    ]
    # each theme's bars under its label, named by their group
    assert _texts(ax.get_yticklabels()) == [s for t, s in bars]
    assert _texts(ax.texts) == [CPA.theme_labels[t] for t in THEMES]
    assert ax.get_xlabel() == "share of bodies"
    assert ax.get_title() == "Distribution of scores by theme"


def test_distribution_errors_name_the_column() -> None:
    table = ct.distribution(_fig3("pandas"), by="sector", columns=THEMES)
    with pytest.raises(ct.ColumnNotFoundError, match="'region'"):
        plot.distribution(table, by="region")
    with pytest.raises(ct.ColumnNotFoundError, match="'share'"):
        plot.distribution(table.drop(columns="share"), by="sector")


# --- pairs -------------------------------------------------------------------------------------


@pytest.mark.parametrize("backend", ["pandas", "polars", "pyarrow"])
def test_pairs_markers_are_the_totals(backend: str) -> None:
    areas, scores = scores_by_area()
    ax = plot.pairs(_paired_gaps(backend), CPA, left_name="council", right_name="PCT")
    left, right = (np.asarray(c.get_offsets()) for c in ax.collections if c.get_label() in ("council", "PCT"))
    np.testing.assert_array_equal(left[:, 0], np.sum([scores["council"][t] for t in THEMES], axis=0))
    np.testing.assert_array_equal(right[:, 0], np.sum([scores["pct"][t] for t in THEMES], axis=0))
    np.testing.assert_array_equal(left[:, 1], np.arange(len(areas)))
    assert _texts(ax.get_yticklabels()) == areas  # label defaults to left_area
    assert _legend(ax) == ["council", "PCT"]
    assert ax.get_xlabel() == "total of the 5 themes (5 to 20)"
    assert ax.get_title() == "Council and PCT score per pair"  # left_name and right_name in the title


def test_pairs_by_theme_and_totals_from_themes() -> None:
    areas, scores = scores_by_area()
    g = _paired_gaps()
    ax = plot.pairs(g, CPA, measure="financial_standing", label="left_body")
    left, right = (np.asarray(c.get_offsets())[:, 0] for c in ax.collections[1:])
    np.testing.assert_array_equal(left, scores["council"]["financial_standing"])
    np.testing.assert_array_equal(right, scores["pct"]["financial_standing"])
    assert ax.get_xlabel() == "Financial standing"
    assert _legend(ax) == ["left", "right"]
    assert _texts(ax.get_yticklabels())[0] == "LB Bexley"
    # without total columns, the framework's themes are summed
    no_totals = g.drop(columns=["left_total", "right_total"])
    ax = plot.pairs(no_totals, CPA)
    np.testing.assert_array_equal(
        np.asarray(ax.collections[1].get_offsets())[:, 0], np.sum([scores["council"][t] for t in THEMES], axis=0)
    )


def test_pairs_errors_name_the_column() -> None:
    g = _paired_gaps()
    with pytest.raises(ct.ColumnNotFoundError, match="'left_stars'"):
        plot.pairs(g, measure="stars")
    with pytest.raises(ct.ColumnNotFoundError, match="'left_total'"):
        plot.pairs(g.drop(columns=["left_total"]))
    with pytest.raises(ct.ColumnNotFoundError, match="'region'"):
        plot.pairs(g, label="region")
    with pytest.raises(ct.CoterminousTypeError, match="`on=` was renamed `measure=`"):
        plot.pairs(g, on="total")


# --- gaps --------------------------------------------------------------------------------------


@pytest.mark.parametrize("backend", ["pandas", "polars", "pyarrow"])
def test_gaps_cells_are_the_gaps(backend: str) -> None:
    areas, scores = scores_by_area()
    ref = np.column_stack([scores["council"][t] - scores["pct"][t] for t in THEMES])
    ax = plot.gaps(_paired_gaps(backend), CPA)
    np.testing.assert_array_equal(np.asarray(ax.images[0].get_array()), ref)
    assert [float(t.get_text()) for t in ax.texts] == ref.ravel().tolist()
    assert _texts(ax.get_yticklabels()) == areas
    assert _texts(ax.get_xticklabels()) == [CPA.theme_labels[t] for t in THEMES]
    assert ax.images[0].colorbar.ax.get_ylabel() == "gap (left - right)"
    lo, hi = ax.images[0].get_clim()
    assert lo == -hi == -np.abs(ref).max()  # centred on no gap
    assert ax.get_title() == "Theme gaps per pair (left - right)"


def test_gaps_with_total_and_without_framework() -> None:
    _, scores = scores_by_area()
    ax = plot.gaps(_paired_gaps(), total=True)
    values = np.asarray(ax.images[0].get_array())
    assert values.shape == (9, 6)
    total = np.sum([scores["council"][t] - scores["pct"][t] for t in THEMES], axis=0)
    # the total is written in its cells and coloured by the mean gap per theme
    assert [float(t.get_text()) for t in ax.texts[5::6]] == total.tolist()
    np.testing.assert_allclose(values[:, -1], total / 5)
    np.testing.assert_array_equal(
        values[:, 0], scores["council"]["financial_reporting"] - scores["pct"]["financial_reporting"]
    )
    assert _texts(ax.get_xticklabels()) == [t.replace("_", " ") for t in THEMES] + ["total"]


def test_gaps_errors_name_the_column() -> None:
    g = _paired_gaps()
    with pytest.raises(ct.ColumnNotFoundError, match="'gap_internal_control'"):
        plot.gaps(g.drop(columns=["gap_internal_control"]), CPA)
    with pytest.raises(ct.ColumnNotFoundError, match="gap_<theme>"):
        plot.gaps({"area": ["a"], "x": [1]})


# --- sensitivity -------------------------------------------------------------------------------


@pytest.mark.parametrize("backend", ["pandas", "polars", "pyarrow"])
def test_sensitivity_cells_are_the_counts(backend: str) -> None:
    _, scores = scores_by_area()
    council = np.sum([scores["council"][t] for t in THEMES], axis=0)
    pct = np.sum([scores["pct"][t] for t in THEMES], axis=0)
    left_min, right_max = [13, 14, 15, 16], [6, 8, 9, 10]
    ax = plot.sensitivity(ct.sensitivity(_paired_gaps(backend), left_min=left_min, right_max=right_max))
    ref = [[int(np.sum((council >= a) & (pct <= b))) for b in right_max] for a in left_min]
    np.testing.assert_array_equal(np.asarray(ax.images[0].get_array()), ref)
    assert _texts(ax.get_yticklabels()) == ["13", "14", "15", "16"]
    assert _texts(ax.get_xticklabels()) == ["6", "8", "9", "10"]
    assert ax.get_ylabel() == "left at least" and ax.get_xlabel() == "right at most"
    assert ax.images[0].colorbar.ax.get_ylabel() == "pairs kept"
    assert ax.get_title() == "Pairs kept per pair of thresholds"


def test_sensitivity_axes_chosen_and_errors() -> None:
    table = {"left_min": [1, 1, 2, 2], "right_max": [5, 6, 5, 6], "on": ["total"] * 4, "count": [4, 3, 2, 1]}
    ax = plot.sensitivity(table, x="left_min", y="right_max")
    np.testing.assert_array_equal(np.asarray(ax.images[0].get_array()), [[4, 2], [3, 1]])
    with pytest.raises(ct.ColumnNotFoundError, match="'count'"):
        plot.sensitivity({"left_min": [1]})
    with pytest.raises(ct.CoterminousValueError, match="'on' has several values"):
        plot.sensitivity({**table, "on": ["total", "overall"] * 2})
    with pytest.raises(ct.CoterminousValueError, match="two rows"):
        plot.sensitivity({"left_min": [1, 1], "count": [1, 2]})


# --- relationships -----------------------------------------------------------------------------

LOOKUP = {
    "pct": ["A", "A", "B", "B", "C", "D", "D"],
    "la": ["x", "x", "y", "z", "z", "w", "v"],
    "pop": [50, 50, 30, 30, 10, 60, 40],
}


@pytest.mark.parametrize("backend", ["pandas", "polars", "pyarrow"])
def test_relationships_matrix_and_labels(backend: str) -> None:
    ov = ct.overlap(_as(backend, LOOKUP), left="pct", right="la", weight="pop")
    ax = plot.relationships(ov)
    values = ax.images[0].get_array()
    # by hand: A all in x and x all in A; B half in y (all of y) and half in z (3/4 of z); C in
    # z; D split over w and v, both wholly in D
    ref = np.full((4, 5), np.nan)  # rows A B C D, columns v w x y z
    ref[0, 2] = 1.0
    ref[1, 3] = 0.5
    ref[1, 4] = 0.5
    ref[2, 4] = 0.25
    ref[3, 0] = 0.4
    ref[3, 1] = 0.6
    # in blocks of partners: the largest row first (A and D hold 100, ties in code order), the
    # columns it holds most of, then the rows linked to them: A | x, D | w v, B | y z, C
    rows, cols = [0, 3, 1, 2], [2, 1, 0, 3, 4]
    ref = ref[np.ix_(rows, cols)]
    np.testing.assert_array_equal(np.ma.getmaskarray(values), np.isnan(ref))
    np.testing.assert_allclose(values.filled(np.nan), ref)
    assert _texts(ax.get_yticklabels()) == ["A (coterminous)", "D (split)", "B (overlapping)", "C (nested)"]
    assert _texts(ax.get_xticklabels()) == [
        "x (coterminous)",
        "w (nested)",
        "v (nested)",
        "y (nested)",
        "z (overlapping)",
    ]
    assert ax.get_title() == "Co-terminosity of left and right units"
    ax = plot.overlap(ov, value="left_share")
    assert ax.images[0].get_array()[3, 4] == 1.0  # all of C lies in z


def test_relationships_errors() -> None:
    ov = ct.overlap(_as("pandas", LOOKUP), left="pct", right="la", weight="pop")
    with pytest.raises(ct.ColumnNotFoundError, match="'coterminosity'"):
        plot.relationships(ov.drop(columns="coterminosity"))
    with pytest.raises(ct.CoterminousValueError, match="value"):
        plot.relationships(ov, value="weight")
    with pytest.raises(ct.CoterminousTypeError, match="`threshold=` was renamed `min_coterminosity=`"):
        plot.relationships(ov, threshold=0.9)
    with pytest.raises(ct.CoterminousTypeError, match="max_units"):
        plot.relationships(ov, max_units=2.5)  # type: ignore[arg-type]
    with pytest.raises(ct.CoterminousValueError, match="max_units"):
        plot.relationships(ov, max_units=0)


# --- bootstrap ---------------------------------------------------------------------------------


def test_bootstrap_histogram_statistic_and_interval() -> None:
    dist = np.random.default_rng(1).normal(1.2, 0.3, 2000)
    result = SimpleNamespace(
        bootstrap_distribution=dist, statistic=1.2, confidence_interval=(0.62, 1.79), method="percentile"
    )
    ax = plot.bootstrap(result, bins=40)
    heights, edges = np.histogram(dist, bins=40)
    np.testing.assert_array_equal([p.get_height() for p in ax.containers[0]], heights)
    assert [p.get_x() for p in ax.containers[0]] == pytest.approx(edges[:-1].tolist())
    assert len(ax.containers[0]) == 40
    line = next(line for line in ax.lines if line.get_label().startswith("statistic"))
    assert line.get_xdata()[0] == 1.2
    span = next(p for p in ax.patches if p.get_label().startswith("confidence interval"))
    x0, x1 = span.get_x(), span.get_x() + span.get_width()
    assert (x0, x1) == pytest.approx((0.62, 1.79))
    assert _legend(ax) == [
        "bootstrap distribution (2000 resamples)",
        "confidence interval [0.62, 1.79]",
        "statistic 1.2",
    ]
    assert ax.get_title() == "Bootstrap distribution (percentile)"


def test_bootstrap_needs_the_distribution() -> None:
    with pytest.raises(ct.CoterminousTypeError, match="'bootstrap_distribution'"):
        plot.bootstrap(SimpleNamespace(statistic=1.0, confidence_interval=(0.0, 2.0)))
    result = ct.bootstrap(np.arange(20.0), n_resamples=200, rng=1)
    if hasattr(result, "bootstrap_distribution"):
        ax = plot.bootstrap(result)
        assert sum(p.get_height() for p in ax.containers[0]) == 200
    else:
        with pytest.raises(ct.CoterminousTypeError, match="'bootstrap_distribution'"):
            plot.bootstrap(result)


def test_readme_plots_section_runs() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Plots\n", 1)[1].split("\n## ", 1)[0]
    blocks = [b.split("```", 1)[0] for b in section.split("```python\n")[1:]]
    assert blocks
    namespace: dict[str, Any] = {}
    for block in blocks:
        exec(compile(block, "README.md (Plots)", "exec"), namespace)
    assert len(namespace["figures"]) == 4


def test_tables_are_not_modified() -> None:
    g = _paired_gaps()
    before = g.copy(deep=True)
    for draw in (lambda: plot.pairs(g, CPA), lambda: plot.gaps(g, CPA, total=True)):
        draw()
    assert g.equals(before) and list(g.columns) == list(before.columns)
