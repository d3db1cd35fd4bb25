"""Bar, dumbbell and histogram pictures: modes, distributions, paired scores, bootstrap."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import CoterminousTypeError, CoterminousValueError
from ..framework import Framework
from ._common import (
    Table,
    as_list,
    framework_of,
    new_axes,
    no_lists,
    scale_ticks,
    set_title,
    short_scale_label,
    theme_label,
    wrap,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["bootstrap", "distribution", "modes", "pairs"]


def _value_columns(table: Table, by: list[str], columns: Any, fw: Framework | None) -> list[str]:
    if columns is not None:
        return as_list(columns, "columns")
    if fw is not None:
        return [t for t in fw.themes if t in table] or fw.themes
    return [c for c in table.names if c not in by]


def modes(
    modes_table: Any,
    *,
    by: str | Sequence[str] | None = None,
    columns: str | Sequence[str] | None = None,
    framework: Framework | str | None = None,
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Bars of the modal score of each theme, one series of bars per group (the paper's
    Figures 1 and 4).

    Parameters
    ----------
    modes_table : DataFrame, Table or dict of arrays
        The result of :func:`coterminous.modes` (``ties="low"`` or ``"high"``), or any table
        with the ``by`` columns and one numeric column per theme.
    by : str or sequence of str, optional
        The group columns: one series per row, named by its group (joined by ", "). None: one
        series, the table's single row or rows numbered.
    columns : str or sequence of str, optional
        The theme columns (default: the framework's themes, else every column not in ``by``).
    framework : Framework or str, optional
        Labels the themes and the scale values with the framework's labels.
    title : str, optional
        The title (default "Modal score by theme").
    ax : matplotlib Axes, optional
        Where to draw; default a new figure.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on: one bar per theme and group, heights the modes (a missing mode
        draws no bar).

    Raises
    ------
    ColumnNotFoundError
        A ``by`` or theme column is not in the table.
    ScoreError
        A theme column is not numeric.
    CoterminousValueError
        A column holds lists of tied modes (``ties="all"``).
    CoterminousTypeError
        ``modes_table`` is not a table, or ``ax`` is not an Axes.
    """
    table = Table(modes_table, "modes_table")
    fw = framework_of(framework)
    by_cols = as_list(by, "by")
    table.require(by_cols)
    cols = _value_columns(table, by_cols, columns, fw)
    table.require(cols)
    for c in cols:
        no_lists(table, c)
    heights = np.column_stack([table.numbers(c) for c in cols]) if cols else np.zeros((len(table), 0))
    groups = table.labels(by_cols) if by_cols else [str(i) for i in range(len(table))]
    ax = new_axes(ax, (max(6.0, 1.3 * len(cols) + 2), 4.0))
    x = np.arange(len(cols), dtype=np.float64)
    width = 0.8 / max(len(groups), 1)
    for g, name in enumerate(groups):
        offset = (g - (len(groups) - 1) / 2) * width
        ax.bar(x + offset, heights[g], width, label=name)
    ax.set_xticks(x, [wrap(theme_label(fw, c)) for c in cols])
    ax.set_xlabel("theme")
    ax.set_ylabel("modal score")
    if fw is not None:
        ax.set_ylim(0, fw.scale.max + 0.3)
        scale_ticks(ax, fw)
    set_title(ax, title if title is not None else "Modal score by theme")
    if len(groups) > 1:
        ax.legend(title=", ".join(by_cols) or None)
    return ax


def distribution(
    dist_table: Any,
    *,
    by: str | Sequence[str] | None = None,
    framework: Framework | str | None = None,
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Stacked horizontal bars of the share of each score, one bar per theme and group.

    Parameters
    ----------
    dist_table : DataFrame, Table or dict of arrays
        The result of :func:`coterminous.distribution`, or any table with the ``by`` columns
        and ``column``, ``score`` and ``share``.
    by : str or sequence of str, optional
        The group columns; None: one bar per theme.
    framework : Framework or str, optional
        Labels the themes and the scores with the framework's labels, and gives every scale
        value a segment (zero where absent).
    title : str, optional
        The title (default "Distribution of scores by theme").
    ax : matplotlib Axes, optional
        Where to draw; default a new figure.

    Returns
    -------
    matplotlib.axes.Axes
        One bar per theme and group (top to bottom in the table's order), one segment per
        score value, widths the shares (a missing share counts 0); the legend names the scores.

    Raises
    ------
    ColumnNotFoundError
        A ``by`` column, ``column``, ``score`` or ``share`` is not in the table.
    ScoreError
        ``score`` or ``share`` is not numeric.
    CoterminousTypeError
        ``dist_table`` is not a table, or ``ax`` is not an Axes.
    """
    table = Table(dist_table, "dist_table")
    fw = framework_of(framework)
    by_cols = as_list(by, "by")
    table.require([*by_cols, "column", "score", "share"])
    groups = table.labels(by_cols) if by_cols else [""] * len(table)
    themes = [str(c) for c in table.values("column")]
    scores = table.numbers("score")
    shares = np.nan_to_num(table.numbers("share"))
    bars: dict[tuple[str, str], dict[float, float]] = {}
    for g, t, s, v in zip(groups, themes, scores, shares):
        bars.setdefault((t, g), {})[float(s)] = float(v)
    values = sorted({float(s) for s in scores if not np.isnan(s)} | set(map(float, fw.scale.values if fw else [])))
    theme_order = {t: i for i, t in enumerate(dict.fromkeys(themes))}
    group_order = {g: i for i, g in enumerate(dict.fromkeys(groups))}
    keys = sorted(bars, key=lambda k: (theme_order[k[0]], group_order[k[1]]))
    ax = new_axes(ax, (8.0, max(3.0, 0.35 * len(keys) + 1.5)))
    y = np.arange(len(keys), dtype=np.float64)
    left = np.zeros(len(keys))
    cmap = _ordinal_colours(len(values))
    for i, v in enumerate(values):
        widths = np.array([bars[k].get(v, 0.0) for k in keys])
        name = f"{v:g}"
        if fw is not None and int(v) in fw.scale.labels:
            name = f"{v:g} {short_scale_label(fw.scale.labels[int(v)])}"
        ax.barh(y, widths, left=left, label=name, color=cmap[i])
        left += widths
    ax.set_yticks(y, [f"{theme_label(fw, t)}, {g}" if g else theme_label(fw, t) for t, g in keys])
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of bodies")
    ax.set_ylabel("theme" + (f", {', '.join(by_cols)}" if by_cols else ""))
    set_title(ax, title if title is not None else "Distribution of scores by theme")
    if len(values) > 1:
        ax.legend(title="score", loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return ax


def _ordinal_colours(n: int) -> list[Any]:
    """``n`` colours from red (low scores) to blue (high)."""
    import matplotlib

    cmap = matplotlib.colormaps["RdYlBu"]
    return [cmap(0.1 + 0.8 * i / max(n - 1, 1)) for i in range(n)]


def pairs(
    paired_or_gaps: Any,
    framework: Framework | str | None = None,
    *,
    on: str = "total",
    label: str | Sequence[str] | None = None,
    left_name: str = "left",
    right_name: str = "right",
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """A dumbbell chart: one row per pair, the left and the right body's score joined by a line
    (the paper's Figure 3 as a picture).

    Parameters
    ----------
    paired_or_gaps : DataFrame, Table or dict of arrays
        The result of :func:`coterminous.pair` or :func:`coterminous.gaps`, or any table with
        ``left_<on>`` and ``right_<on>``.
    framework : Framework or str, optional
        Labels the measure with the framework's labels; with ``on="total"`` and no total
        columns, the totals are summed from the framework's theme columns.
    on : str, default "total"
        The measure: ``"total"``, ``"overall"`` or a theme.
    label : str or sequence of str, optional
        The column(s) naming each pair (default: the first of ``left_area``, ``left_name``,
        ``left_body``, ``left_code`` present, else the row number).
    left_name, right_name : str
        The legend's names of the two sides (e.g. ``"council"``, ``"PCT"``).
    title : str, optional
        The title (default "Left and right score per pair").
    ax : matplotlib Axes, optional
        Where to draw; default a new figure.

    Returns
    -------
    matplotlib.axes.Axes
        Two series of markers (left, right; x the scores, one row per pair top to bottom in the
        table's order) and a line per pair.

    Raises
    ------
    ColumnNotFoundError
        ``left_<on>``, ``right_<on>`` or a label column is not in the table.
    ScoreError
        A score column is not numeric.
    CoterminousTypeError
        The table is not a table, or ``ax`` is not an Axes.
    """
    table = Table(paired_or_gaps, "paired_or_gaps")
    fw = framework_of(framework)
    if not isinstance(on, str):
        raise CoterminousValueError(f"on: expected 'total', 'overall' or a theme name, got {on!r}")
    sides = []
    for side in ("left", "right"):
        name = f"{side}_{on}"
        if name not in table and on == "total" and fw is not None:
            table.require([f"{side}_{t}" for t in fw.themes])
            sides.append(np.sum([table.numbers(f"{side}_{t}") for t in fw.themes], axis=0))
        else:
            sides.append(table.numbers(name))
    left, right = sides
    if label is None:
        found = next((c for c in ("left_area", "left_name", "left_body", "left_code") if c in table), None)
        labels = table.labels([found]) if found else [str(i) for i in range(len(table))]
    else:
        labels = table.labels(as_list(label, "label"))
    ax = new_axes(ax, (7.0, max(3.0, 0.4 * len(table) + 1.5)))
    y = np.arange(len(table), dtype=np.float64)
    ax.hlines(y, np.fmin(left, right), np.fmax(left, right), color="0.7", linewidth=2, zorder=1)
    ax.scatter(left, y, s=110, label=left_name, zorder=2)  # larger: an equal right score shows inside it
    ax.scatter(right, y, s=45, label=right_name, zorder=3)
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.set_ylabel("pair")
    ax.set_xlabel(_measure_label(fw, on))
    if fw is not None and on == "total":
        ax.set_xlim(len(fw.themes) * fw.scale.min - 0.5, len(fw.themes) * fw.scale.max + 0.5)
    elif fw is not None:
        ax.set_xlim(fw.scale.min - 0.3, fw.scale.max + 0.3)
        scale_ticks(ax, fw, axis="x")
    ax.grid(axis="x", alpha=0.3)
    set_title(ax, title if title is not None else "Left and right score per pair")
    ax.legend()
    return ax


def _measure_label(fw: Framework | None, on: str) -> str:
    if on == "total":
        if fw is not None:
            lo, hi = len(fw.themes) * fw.scale.min, len(fw.themes) * fw.scale.max
            return f"total of the {len(fw.themes)} themes ({lo} to {hi})"
        return "total score"
    if on == "overall":
        return "overall score"
    return theme_label(fw, on)


def bootstrap(
    result: Any,
    *,
    bins: int | str = "auto",
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """The bootstrap distribution as a histogram, with the statistic and the interval.

    Parameters
    ----------
    result : BootstrapResult
        The result of :func:`coterminous.bootstrap` (any object with
        ``bootstrap_distribution``, ``statistic`` and ``confidence_interval``).
    bins : int or str, default "auto"
        Passed to :meth:`matplotlib.axes.Axes.hist`.
    title : str, optional
        The title (default "Bootstrap distribution (<method>, <n> resamples)").
    ax : matplotlib Axes, optional
        Where to draw; default a new figure.

    Returns
    -------
    matplotlib.axes.Axes
        The histogram, a line at the statistic and a shaded band over the interval.

    Raises
    ------
    CoterminousTypeError
        ``result`` has no ``bootstrap_distribution`` (or no statistic and interval), or ``ax``
        is not an Axes.
    """
    for attr in ("bootstrap_distribution", "statistic", "confidence_interval"):
        if not hasattr(result, attr):
            raise CoterminousTypeError(
                f"result: {type(result).__name__} has no attribute {attr!r}; pass the result of coterminous.bootstrap"
            )
    dist = np.asarray(result.bootstrap_distribution, dtype=np.float64).ravel()
    dist = dist[np.isfinite(dist)]
    low, high = (float(v) for v in result.confidence_interval)
    ax = new_axes(ax, (7.0, 4.0))
    ax.hist(dist, bins=bins, color="0.65", label=f"bootstrap distribution ({len(dist)} resamples)")
    lo_shown = low if np.isfinite(low) else (dist.min() if len(dist) else 0.0)
    hi_shown = high if np.isfinite(high) else (dist.max() if len(dist) else 0.0)
    ax.axvspan(lo_shown, hi_shown, color="C0", alpha=0.2, label=f"confidence interval [{low:.4g}, {high:.4g}]")
    ax.axvline(float(result.statistic), color="C3", linewidth=2, label=f"statistic {float(result.statistic):.4g}")
    method = getattr(result, "method", None)
    ax.set_xlabel("statistic of a resample")
    ax.set_ylabel("resamples")
    set_title(ax, title if title is not None else "Bootstrap distribution" + (f" ({method})" if method else ""))
    ax.set_ylim(0, ax.get_ylim()[1] * 1.5)  # room for the legend above the bars
    ax.legend(loc="upper right")
    return ax
