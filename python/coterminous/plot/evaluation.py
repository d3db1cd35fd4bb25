"""Precision and recall of a pairing against its labels, by score threshold."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import CoterminousTypeError, CoterminousValueError
from ._common import Table, new_axes, set_title

if TYPE_CHECKING:
    from matplotlib.axes import Axes

_COLUMNS = ("threshold", "precision", "recall", "f1")


def evaluation(
    table: Any,
    *,
    threshold: float | None = None,
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Precision, recall and F1 against the score threshold, with a chosen threshold marked.

    Parameters
    ----------
    table
        The result of :func:`coterminous.evaluate_pairs` (any table with ``threshold``,
        ``precision``, ``recall`` and ``f1``).
    threshold : float, optional
        The threshold to mark (a vertical line, with the precision and recall it gives: those
        of the lowest threshold in the table at or above it). Default: the threshold of the
        highest F1 (the highest such threshold when several tie).
    title : str, optional
        The title (default "Precision and recall by score threshold").
    ax : matplotlib Axes, optional
        Where to draw; default a new figure.

    Returns
    -------
    matplotlib.axes.Axes
        Step lines of precision, recall and F1 (each holds from its threshold down to the next
        one), the marked threshold, and the legend below the axes, outside the data.

    Raises
    ------
    ColumnNotFoundError
        A column of the evaluation table is missing.
    CoterminousValueError
        An empty table, or a ``threshold`` above every threshold of the table.
    CoterminousTypeError
        A ``threshold`` that is not a number.
    """
    t = Table(table, "table")
    t.require(_COLUMNS)
    x, precision, recall, f1 = (t.numbers(c) for c in _COLUMNS)
    if len(x) == 0:
        raise CoterminousValueError("table: no rows (no pair was proposed); nothing to plot")
    order = np.argsort(-x, kind="stable")
    x, precision, recall, f1 = x[order], precision[order], recall[order], f1[order]
    if threshold is None:
        chosen = int(np.flatnonzero(f1 == np.nanmax(f1))[0])
    else:
        if isinstance(threshold, bool) or not isinstance(threshold, int | float | np.integer | np.floating):
            raise CoterminousTypeError(f"threshold: expected a number, got {type(threshold).__name__}")
        at_or_above = np.flatnonzero(x >= float(threshold))
        if len(at_or_above) == 0:
            raise CoterminousValueError(
                f"threshold: {threshold!r} is above every threshold of the table (highest {x[0]:g}); no pair is proposed"
            )
        chosen = int(at_or_above[-1])
    ax = new_axes(ax, (7.0, 4.5))
    for values, name, colour in ((precision, "precision", "C0"), (recall, "recall", "C1"), (f1, "F1", "0.45")):
        ax.step(x, values, where="post", color=colour, label=name, linewidth=2 if name != "F1" else 1)
    mark = float(threshold) if threshold is not None else float(x[chosen])
    ax.axvline(
        mark,
        color="C3",
        linestyle="--",
        label=f"threshold {mark:g}: precision {precision[chosen]:.3f}, recall {recall[chosen]:.3f}",
    )
    ax.set_xlabel("score threshold (pairs scoring at least this are proposed)")
    ax.set_ylabel("share")
    ax.set_ylim(0, 1.05)
    if x[0] > x[-1]:
        # higher thresholds on the left (stricter to looser), with a margin past the loosest, so
        # that a threshold marked there is not drawn on the frame
        ax.set_xlim(x[0], x[-1] - 0.03 * (x[0] - x[-1]))
    set_title(ax, title if title is not None else "Precision and recall by score threshold")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=2, frameon=False)
    return ax
