"""plot.evaluation on a real labelled list: what it draws, measured."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import name_accuracy as na
import numpy as np
import pandas as pd
import pytest

import coterminous as ct


@pytest.fixture(scope="module")
def evaluated() -> pd.DataFrame:
    pcts, councils, acceptable, _ = na.load()
    found = ct.name_candidates(pcts, councils, k=3, min_score=20)
    pi = {p: i for i, p in enumerate(pcts)}
    ci = {c: i for i, c in enumerate(councils)}
    labels = sorted({(pi[p], ci[c]) for p, c in acceptable})
    return ct.evaluate_pairs(found, labels)


def test_lines_follow_the_table_and_the_best_f1_is_marked(evaluated: pd.DataFrame) -> None:
    ax = ct.plot.evaluation(evaluated)
    lines = {ln.get_label(): ln for ln in ax.get_lines()}
    assert {"precision", "recall", "F1"} <= set(lines)
    np.testing.assert_array_equal(lines["precision"].get_ydata(), evaluated["precision"].to_numpy())
    np.testing.assert_array_equal(lines["recall"].get_xdata(), evaluated["threshold"].to_numpy())
    best = evaluated["threshold"][evaluated["f1"].idxmax()]
    marked = [ln for label, ln in lines.items() if label.startswith("threshold")]
    assert len(marked) == 1 and marked[0].get_xdata()[0] == best
    fig = ax.figure
    fig.canvas.draw()
    legend = ax.get_legend().get_window_extent()
    data_area = ax.get_window_extent()
    assert legend.y1 <= data_area.y0  # the legend sits below the axes, not over the lines
    width, height = fig.get_size_inches()
    assert width <= 16 and height <= 12
    plt.close(fig)


def test_a_chosen_threshold_reads_the_table_row_at_or_above(evaluated: pd.DataFrame) -> None:
    ax = ct.plot.evaluation(evaluated, threshold=50)
    label = next(ln.get_label() for ln in ax.get_lines() if ln.get_label().startswith("threshold"))
    row = evaluated[evaluated["threshold"] >= 50].iloc[-1]
    assert label == f"threshold 50: precision {row['precision']:.3f}, recall {row['recall']:.3f}"
    plt.close(ax.figure)
    with pytest.raises(ct.CoterminousValueError, match="above every threshold"):
        ct.plot.evaluation(evaluated, threshold=1000)
    with pytest.raises(ct.CoterminousTypeError, match="threshold: expected a number"):
        ct.plot.evaluation(evaluated, threshold="50")  # type: ignore[arg-type]
    with pytest.raises(ct.ColumnNotFoundError):
        ct.plot.evaluation(evaluated.drop(columns="f1"))
