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
    guess_framework,
    new_axes,
    no_lists,
    reject_renamed,
    scale_ticks,
    set_title,
    short_scale_label,
    theme_label,
)
from ._layout import declutter, font_for, group_order, legend_outside, palette, wrap

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["bootstrap", "distribution", "modes", "pairs"]


def _modes_columns(
    table: Table, by: str | Sequence[str] | None, columns: Any, fw: Framework | None
) -> tuple[list[str], list[str], Framework | None]:
    """The group columns, the theme columns and the framework of a modes table: what is given,
    else what the table says (its themes are its numeric columns, its groups the others)."""
    if by is not None:
        by_cols = as_list(by, "by")
        table.require(by_cols)
        if columns is not None:
            return by_cols, as_list(columns, "columns"), fw
        if fw is not None:
            return by_cols, [t for t in fw.themes if t in table] or fw.themes, fw
        return by_cols, [c for c in table.names if c not in by_cols], fw
    if columns is not None:
        cols = as_list(columns, "columns")
    elif fw is not None and any(t in table for t in fw.themes):
        cols = [t for t in fw.themes if t in table]
    else:
        cols = [c for c in table.names if table.is_numeric(c)]
    found = fw if fw is not None else guess_framework(cols)
    if found is not None and columns is None:  # its themes; other columns, numeric or not, are groups
        cols = [t for t in found.themes if t in cols]
    return [c for c in table.names if c not in cols], cols, found


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
        with group columns and one numeric column per theme.
    by : str or sequence of str, optional
        The group columns: one series per row, named by its group (joined by ", ").
        Default: what the table says, its columns that are not themes (a modes table's
        ``by`` columns): the framework's themes are themes, else the numeric columns (pass
        ``by=`` for numeric groups, such as years, without a framework); with none, one series
        (the rows numbered if several).
    columns : str or sequence of str, optional
        The theme columns (default: the framework's themes, else the table's numeric columns,
        or with ``by`` every column not in ``by``).
    framework : Framework or str, optional
        Labels the themes and the scale values with the framework's labels. Default: the
        framework whose themes the table holds, when the frameworks that fit agree on labels.
    title : str, optional
        The title (default "Modal score by theme").
    ax : matplotlib Axes, optional
        Where to draw; default a new figure of at most 16 x 12 inches.

    Returns
    -------
    matplotlib.axes.Axes
        One bar per theme and group, heights the modes (a missing mode draws no bar); groups
        in sorted order, each in its colour of :func:`palette`; the legend right of the bars.

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
    by_cols, cols, fw = _modes_columns(table, by, columns, framework_of(framework))
    table.require(cols)
    for c in cols:
        no_lists(table, c)
    heights = np.column_stack([table.numbers(c) for c in cols]) if cols else np.zeros((len(table), 0))
    labels = table.labels(by_cols) if by_cols else [str(i) for i in range(len(table))]
    groups = group_order(labels)
    row_of = {g: labels.index(g) for g in groups}
    colours = palette(groups)
    width_in = min(16.0, max(6.0, (0.22 * len(groups) + 0.5) * len(cols) + 3.5))
    ax = new_axes(ax, (width_in, 4.5))
    x = np.arange(len(cols), dtype=np.float64)
    width = 0.8 / max(len(groups), 1)
    for g, name in enumerate(groups):
        offset = (g - (len(groups) - 1) / 2) * width
        colour = colours[name] if len(groups) > 1 else None
        ax.bar(x + offset, heights[row_of[name]], width, label=name, color=colour)
    fig: Any = ax.figure
    slot_in = ax.get_position().width * fig.get_figwidth() / max(len(cols), 1)
    font = font_for(slot_in / 2)
    chars = int(0.8 * slot_in * 72 / (0.6 * font))  # a fifth of the slot left between labels
    ax.set_xticks(x, [wrap(theme_label(fw, c), chars) for c in cols], fontsize=font)
    ax.set_xlabel("theme")
    ax.set_ylabel("modal score")
    if fw is not None:
        ax.set_ylim(0, fw.scale.max + 0.3)
        scale_ticks(ax, fw)
    set_title(ax, title if title is not None else "Modal score by theme")
    if len(groups) > 1:
        legend_outside(ax, title=", ".join(by_cols) or None)
    declutter(ax)
    return ax


def distribution(
    dist_table: Any,
    *,
    by: str | Sequence[str] | None = None,
    framework: Framework | str | None = None,
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Stacked horizontal bars of the share of each score, one bar per theme and group, the
    bars of a theme under its label.

    Parameters
    ----------
    dist_table : DataFrame, Table or dict of arrays
        The result of :func:`coterminous.distribution`, or any table with group columns and
        ``column``, ``score`` and ``share``.
    by : str or sequence of str, optional
        The group columns. Default: what the table says, its columns other than ``column``,
        ``score``, ``count`` and ``share`` (a distribution's ``by`` columns); none: one bar
        per theme.
    framework : Framework or str, optional
        Labels the themes and the scores with the framework's labels, orders the themes as it
        does, and gives every scale value a segment (zero where absent). Default: the
        framework whose themes the table holds, when the frameworks that fit agree on labels.
    title : str, optional
        The title (default "Distribution of scores by theme").
    ax : matplotlib Axes, optional
        Where to draw; default a new figure of at most 16 x 12 inches.

    Returns
    -------
    matplotlib.axes.Axes
        One bar per theme and group, top to bottom: themes in the framework's (else the
        table's) order, each under its label (wrapped) when there are groups, groups in sorted
        order and named by the tick labels; one segment per score value, widths the shares (a
        missing share counts 0); the legend, naming the scores, right of the bars.

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
    fixed = ("column", "score", "count", "share")
    by_cols = as_list(by, "by") if by is not None else [c for c in table.names if c not in fixed]
    table.require([*by_cols, "column", "score", "share"])
    labels = table.labels(by_cols) if by_cols else [""] * len(table)
    themes = [str(c) for c in table.values("column")]
    scores = table.numbers("score")
    shares = np.nan_to_num(table.numbers("share"))
    bars: dict[tuple[str, str], dict[float, float]] = {}
    for g, t, sc, v in zip(labels, themes, scores, shares):
        bars.setdefault((t, g), {})[float(sc)] = float(v)
    seen = list(dict.fromkeys(themes))
    fw = fw if fw is not None else guess_framework(seen)
    theme_list = [t for t in fw.themes if t in seen] + [t for t in seen if t not in fw.themes] if fw else seen
    values = sorted({float(v) for v in scores if not np.isnan(v)} | set(map(float, fw.scale.values if fw else [])))
    groups = group_order(labels)
    keys = [(t, g) for t in theme_list for g in groups if (t, g) in bars]
    headed = bool(by_cols)
    y_of: list[float] = []
    heads: list[tuple[float, str]] = []
    y = 0.0
    for t in theme_list:
        if headed:
            heads.append((y, theme_label(fw, t)))
            y += 1.0
        for key in keys:
            if key[0] == t:
                y_of.append(y)
                y += 1.0
    ax = new_axes(ax, (10.0, max(3.0, 0.26 * y + 1.8)))
    ys = np.array(y_of)
    left = np.zeros(len(keys))
    colours = _ordinal_colours(len(values))
    for i, v in enumerate(values):
        widths = np.array([bars[k].get(v, 0.0) for k in keys])
        name = f"{v:g}"
        if fw is not None and int(v) in fw.scale.labels:
            name = f"{v:g} {short_scale_label(fw.scale.labels[int(v)])}"
        ax.barh(ys, widths, left=left, label=name, color=colours[i], height=0.8)
        left += widths
    fig: Any = ax.figure
    spacing = ax.get_position().height * fig.get_figheight() / max(y, 1.0)
    ax.set_yticks(ys, [g if headed else wrap(theme_label(fw, t), 30) for t, g in keys], fontsize=font_for(spacing))
    from matplotlib.transforms import blended_transform_factory

    across = blended_transform_factory(ax.transAxes, ax.transData)
    head_font = min(10.0, font_for(spacing) * 1.25)
    chars = int(ax.get_position().width * fig.get_figwidth() * 72 / (0.62 * head_font))
    for y_head, text in heads:
        ax.text(
            0.0,
            y_head,
            wrap(text, chars),
            transform=across,
            ha="left",
            va="center",
            fontweight="bold",
            fontsize=head_font,
        )
    ax.set_ylim(y - 0.5, -0.6)
    ax.set_xlim(0, 1)
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0], ["0%", "25%", "50%", "75%", "100%"])
    ax.set_xlabel("share of bodies")
    ax.set_ylabel(", ".join(by_cols) if headed else "theme")
    set_title(ax, title if title is not None else "Distribution of scores by theme")
    if len(values) > 1:
        legend_outside(ax, title="score", width=22)
    declutter(ax, "y")
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
    measure: str = "total",
    label: str | Sequence[str] | None = None,
    left_name: str = "left",
    right_name: str = "right",
    title: str | None = None,
    ax: Axes | None = None,
    **renamed: Any,
) -> Axes:
    """A dumbbell chart: one row per pair, the left and the right body's score joined by a line
    (the paper's Figure 3 as a picture).

    Parameters
    ----------
    paired_or_gaps : DataFrame, Table or dict of arrays
        The result of :func:`coterminous.pair` or :func:`coterminous.gaps`, or any table with
        ``left_<measure>`` and ``right_<measure>``.
    framework : Framework or str, optional
        Labels the measure with the framework's labels; with ``measure="total"`` and no total
        columns, the totals are summed from the framework's theme columns. Default: the
        framework whose themes the table holds (``left_<theme>``), when the frameworks that
        fit agree on labels.
    measure : str, default "total"
        The measure: ``"total"``, ``"overall"`` or a theme (renamed from ``on=`` in 0.2.0).
    label : str or sequence of str, optional
        The column(s) naming each pair (default: the first of ``left_area``, ``left_name``,
        ``left_body``, ``left_code`` present, else the row number).
    left_name, right_name : str
        The names of the two sides (e.g. ``"council"``, ``"PCT"``) in the legend and the
        title; their colours are those of :func:`palette`.
    title : str, optional
        The title (default "<Left_name> and <right_name> score per pair").
    ax : matplotlib Axes, optional
        Where to draw; default a new figure of at most 16 x 12 inches.

    Returns
    -------
    matplotlib.axes.Axes
        Two series of markers (left, right; x the scores, one row per pair top to bottom in the
        table's order), a line per pair, and the legend right of the data.

    Raises
    ------
    ColumnNotFoundError
        ``left_<measure>``, ``right_<measure>`` or a label column is not in the table.
    ScoreError
        A score column is not numeric.
    CoterminousValueError
        ``measure`` is not a string.
    CoterminousTypeError
        The table is not a table, ``ax`` is not an Axes, or ``on=`` is given (renamed
        ``measure=``).
    """
    reject_renamed("pairs", renamed, {"on": "measure"})
    table = Table(paired_or_gaps, "paired_or_gaps")
    fw = framework_of(framework)
    if not isinstance(measure, str):
        raise CoterminousValueError(f"measure: expected 'total', 'overall' or a theme name, got {measure!r}")
    on, given = measure, fw
    if fw is None:  # labels only: totals are summed from themes only with a framework given
        fw = guess_framework([c[5:] for c in table.names if c.startswith("left_")])
    sides = []
    for side in ("left", "right"):
        name = f"{side}_{on}"
        if name not in table and on == "total" and given is not None:
            table.require([f"{side}_{t}" for t in given.themes])
            sides.append(np.sum([table.numbers(f"{side}_{t}") for t in given.themes], axis=0))
        else:
            sides.append(table.numbers(name))
    left, right = sides
    if label is None:
        found = next((c for c in ("left_area", "left_name", "left_body", "left_code") if c in table), None)
        labels = table.labels([found]) if found else [str(i) for i in range(len(table))]
    else:
        labels = table.labels(as_list(label, "label"))
    ax = new_axes(ax, (8.0, max(3.0, 0.32 * len(table) + 1.5)))
    colours = palette([left_name, right_name]) if left_name != right_name else {left_name: None}
    fig: Any = ax.figure
    spacing = ax.get_position().height * fig.get_figheight() / max(len(table), 1)
    marker = float(np.clip((spacing * 72 * 0.9) ** 2, 12.0, 110.0))
    y = np.arange(len(table), dtype=np.float64)
    ax.hlines(y, np.fmin(left, right), np.fmax(left, right), color="0.7", linewidth=2, zorder=1)
    # the left marker larger: an equal right score shows inside it
    ax.scatter(left, y, s=marker, label=left_name, zorder=2, color=colours[left_name])
    ax.scatter(right, y, s=marker * 0.4, label=right_name, zorder=3, color=colours[right_name])
    ax.set_yticks(y, labels, fontsize=font_for(spacing))
    ax.set_ylim(len(table) - 0.5, -0.5)
    ax.set_ylabel("pair")
    ax.set_xlabel(_measure_label(fw, on))
    if fw is not None and on == "total":
        ax.set_xlim(len(fw.themes) * fw.scale.min - 0.5, len(fw.themes) * fw.scale.max + 0.5)
    elif fw is not None:
        ax.set_xlim(fw.scale.min - 0.3, fw.scale.max + 0.3)
        scale_ticks(ax, fw, axis="x")
    ax.grid(axis="x", alpha=0.3)
    default = f"{left_name[:1].upper()}{left_name[1:]} and {right_name} score per pair"
    set_title(ax, title if title is not None else default)
    legend_outside(ax)
    legend: Any = ax.get_legend()
    for handle, size in zip(legend.legend_handles, (60.0, 24.0)):  # the legend's markers readable
        handle.set_sizes([size])
    declutter(ax)
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
        The histogram, a line at the statistic, a shaded band over the interval, and the
        legend right of the data.

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
    ax = new_axes(ax, (8.5, 4.0))
    ax.hist(dist, bins=bins, color="0.65", label=f"bootstrap distribution ({len(dist)} resamples)")
    lo_shown = low if np.isfinite(low) else (dist.min() if len(dist) else 0.0)
    hi_shown = high if np.isfinite(high) else (dist.max() if len(dist) else 0.0)
    ax.axvspan(lo_shown, hi_shown, color="C0", alpha=0.2, label=f"confidence interval [{low:.4g}, {high:.4g}]")
    ax.axvline(float(result.statistic), color="C3", linewidth=2, label=f"statistic {float(result.statistic):.4g}")
    method = getattr(result, "method", None)
    ax.set_xlabel("statistic of a resample")
    ax.set_ylabel("resamples")
    set_title(ax, title if title is not None else "Bootstrap distribution" + (f" ({method})" if method else ""))
    legend_outside(ax, width=24)
    return ax
