"""Heatmaps: theme gaps per pair, pairs kept per pair of thresholds, co-terminosity of units."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import ColumnNotFoundError, CoterminousValueError
from ..framework import Framework
from ._common import Table, as_list, framework_of, heatmap, new_axes, set_title, theme_label, wrap

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["gaps", "overlap", "relationships", "sensitivity"]

#: Axis labels of the grids of :func:`coterminous.sensitivity`.
GRID_LABELS = {
    "left_min": "left at least",
    "right_max": "right at most",
    "min_coterminosity": "co-terminosity at least",
    "on": "measure",
}


def gaps(
    gaps_table: Any,
    framework: Framework | str | None = None,
    *,
    label: str | Sequence[str] | None = None,
    total: bool = False,
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """A heatmap of the theme gaps (left - right), one row per pair and one column per theme.

    Parameters
    ----------
    gaps_table : DataFrame, Table or dict of arrays
        The result of :func:`coterminous.gaps`, or any table with ``gap_<theme>`` columns.
    framework : Framework or str, optional
        Its themes give the columns, in order, labelled with its labels (default: every
        ``gap_`` column but ``gap_total``, in table order).
    label : str or sequence of str, optional
        The column(s) naming each pair (default: the first of ``left_area``, ``left_name``,
        ``left_body``, ``left_code`` present, else the row number).
    total : bool, default False
        Also show ``gap_total`` as a last column, coloured by the mean gap per theme (the
        total over the number of themes) so that it shares the themes' colour scale.
    title : str, optional
        The title (default "Theme gaps per pair (left - right)").
    ax : matplotlib Axes, optional
        Where to draw; default a new figure.

    Returns
    -------
    matplotlib.axes.Axes
        An image of the gaps (missing gaps blank; the image's array holds the colours, the gaps
        but for the total) on a diverging scale centred on 0, each gap written in its cell,
        and a colour bar.

    Raises
    ------
    ColumnNotFoundError
        A ``gap_<theme>`` or label column is not in the table, or there is no ``gap_`` column.
    ScoreError
        A gap column is not numeric.
    CoterminousTypeError
        ``gaps_table`` is not a table, or ``ax`` is not an Axes.
    """
    table = Table(gaps_table, "gaps_table")
    fw = framework_of(framework)
    if fw is not None:
        themes = list(fw.themes)
    else:
        themes = [c[4:] for c in table.names if c.startswith("gap_") and c != "gap_total"]
        if not themes:
            raise ColumnNotFoundError(
                f"gaps_table: no gap_<theme> column (the result of coterminous.gaps); its columns are {table.names}"
            )
    columns = [f"gap_{t}" for t in themes] + (["gap_total"] if total else [])
    table.require(columns)
    values = np.column_stack([table.numbers(c) for c in columns]).reshape(len(table), len(columns))
    rows = _pair_labels(table, label)
    colours = values.copy()
    if total:
        colours[:, -1] /= len(themes)
    finite = np.abs(colours[np.isfinite(colours)])
    bound = float(finite.max()) if finite.size and finite.max() > 0 else 1.0
    ax = new_axes(ax, (max(6.0, 1.2 * len(columns) + 3), max(3.0, 0.4 * len(rows) + 1.8)))
    names = [wrap(theme_label(fw, t), 14) for t in themes] + (["total"] if total else [])
    heatmap(
        ax, values, rows, names, cmap="RdBu", vmin=-bound, vmax=bound, colorbar="gap (left - right)", colours=colours
    )
    ax.set_xlabel("theme")
    ax.set_ylabel("pair")
    set_title(ax, title if title is not None else "Theme gaps per pair (left - right)")
    return ax


def _pair_labels(table: Table, label: str | Sequence[str] | None) -> list[str]:
    if label is not None:
        return table.labels(as_list(label, "label"))
    found = next((c for c in ("left_area", "left_name", "left_body", "left_code") if c in table), None)
    return table.labels([found]) if found else [str(i) for i in range(len(table))]


def sensitivity(
    sensitivity_table: Any,
    *,
    x: str | None = None,
    y: str | None = None,
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """A heatmap of how many pairs each combination of two thresholds keeps.

    Parameters
    ----------
    sensitivity_table : DataFrame, Table or dict of arrays
        The result of :func:`coterminous.sensitivity`: grid columns and ``count``.
    x, y : str, optional
        The grid columns across and down (default: ``y`` the first grid column, ``x`` the
        second; with one grid, a single row). Any other grid column must hold one value.
    title : str, optional
        The title (default "Pairs kept per pair of thresholds").
    ax : matplotlib Axes, optional
        Where to draw; default a new figure.

    Returns
    -------
    matplotlib.axes.Axes
        An image of the counts (rows ``y`` ascending, columns ``x`` ascending), each cell
        written in, and a colour bar.

    Raises
    ------
    ColumnNotFoundError
        ``count``, ``x`` or ``y`` is not in the table.
    CoterminousValueError
        No grid column, another grid column with several values, or two rows for one cell.
    CoterminousTypeError
        ``sensitivity_table`` is not a table, or ``ax`` is not an Axes.
    """
    table = Table(sensitivity_table, "sensitivity_table")
    table.require(["count"])
    grids = [c for c in table.names if c != "count"]
    if not grids:
        raise CoterminousValueError("sensitivity_table: no grid column beside 'count'")
    y = y if y is not None else grids[0]
    x = x if x is not None else next((g for g in grids if g != y), None)
    table.require([c for c in (x, y) if c is not None])
    for g in grids:
        if g not in (x, y) and len(set(map(str, table.values(g)))) > 1:
            raise CoterminousValueError(
                f"sensitivity_table: the grid {g!r} has several values; pick one (filter the table) or pass x= and y="
            )
    ys = table.values(y)
    xs = table.values(x) if x is not None else [""] * len(table)
    y_levels, x_levels = _levels(ys), _levels(xs)
    counts = table.numbers("count")
    grid = np.full((len(y_levels), len(x_levels)), np.nan)
    for a, b, c in zip(ys, xs, counts):
        i, j = y_levels.index(a), x_levels.index(b)
        if not np.isnan(grid[i, j]):
            raise CoterminousValueError(f"sensitivity_table: two rows for {y}={a!r}" + (f", {x}={b!r}" if x else ""))
        grid[i, j] = c
    ax = new_axes(ax, (max(5.0, 0.9 * len(x_levels) + 3), max(3.0, 0.6 * len(y_levels) + 1.5)))
    top = float(np.nanmax(grid)) if np.isfinite(grid).any() else 1.0
    heatmap(
        ax,
        grid,
        [_level(v) for v in y_levels],
        [_level(v) for v in x_levels],
        cmap="viridis",
        vmin=0.0,
        vmax=max(top, 1.0),
        colorbar="pairs kept",
    )
    ax.invert_yaxis()
    ax.set_ylabel(GRID_LABELS.get(y, y))
    ax.set_xlabel(GRID_LABELS.get(x, x) if x is not None else "")
    set_title(ax, title if title is not None else "Pairs kept per pair of thresholds")
    return ax


def _levels(values: list[Any]) -> list[Any]:
    levels = list(dict.fromkeys(values))
    try:
        levels.sort(key=lambda v: (v is None, v))
    except TypeError:
        pass
    return levels


def _level(v: Any) -> str:
    return "none" if v is None else f"{v:g}" if isinstance(v, float) else str(v)


def relationships(
    overlap_table: Any,
    *,
    threshold: float = 0.95,
    value: str = "coterminosity",
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """A matrix of the left units (rows) by the right units (columns): the co-terminosity (or
    a share) of each pair that shares weight, and each unit's relationship in its label.

    Parameters
    ----------
    overlap_table : DataFrame, Table or dict of arrays
        The result of :func:`coterminous.overlap`: ``left``, ``right``, ``left_share``,
        ``right_share`` and ``coterminosity``.
    threshold : float, default 0.95
        Passed to :func:`coterminous.relationships` for the labels (coterminous, nested,
        split, overlapping).
    value : {"coterminosity", "left_share", "right_share"}
        What the cells show: ``left_share`` is the part of the row's unit in the column's unit,
        ``right_share`` the part of the column's unit in the row's.
    title : str, optional
        The title (default "Co-terminosity of left and right units").
    ax : matplotlib Axes, optional
        Where to draw; default a new figure.

    Returns
    -------
    matplotlib.axes.Axes
        An image with units in code order (pairs that share nothing blank), values written in,
        tick labels "code (relationship)", and a colour bar.

    Raises
    ------
    ColumnNotFoundError
        A column of the overlap table is not in it.
    CoterminousValueError
        ``value`` is not one of the three columns, or ``threshold`` is not in (0, 1].
    CoterminousTypeError
        ``overlap_table`` is not a table, or ``ax`` is not an Axes.
    """
    from ..pairing import relationships as relate

    if value not in ("coterminosity", "left_share", "right_share"):
        raise CoterminousValueError(f"value: expected 'coterminosity', 'left_share' or 'right_share', got {value!r}")
    table = Table(overlap_table, "overlap_table")
    table.require(["left", "right", "left_share", "right_share", value])
    rel = Table(relate(overlap_table, min_coterminosity=threshold), "relationships")
    kinds = {(s, str(u)): r for s, u, r in zip(rel.values("side"), rel.values("unit"), rel.values("relationship"))}
    units = [(s, str(u)) for s, u in zip(rel.values("side"), rel.values("unit"))]
    left = [u for s, u in units if s == "left"]
    right = [u for s, u in units if s == "right"]
    li, ri = {u: i for i, u in enumerate(left)}, {u: i for i, u in enumerate(right)}
    grid = np.full((len(left), len(right)), np.nan)
    for a, b, v in zip(table.values("left"), table.values("right"), table.numbers(value)):
        grid[li[str(a)], ri[str(b)]] = v
    ax = new_axes(ax, (max(5.0, 0.7 * len(right) + 3.5), max(3.0, 0.45 * len(left) + 2)))
    heatmap(
        ax,
        grid,
        [f"{u} ({kinds['left', u]})" for u in left],
        [f"{u} ({kinds['right', u]})" for u in right],
        cmap="Blues",
        vmin=0.0,
        vmax=1.0,
        colorbar=value.replace("_", " "),
        fmt="{:.2f}",
    )
    ax.tick_params(axis="x", labelrotation=45)
    ax.set_xlabel("right unit (relationship)")
    ax.set_ylabel("left unit (relationship)")
    set_title(ax, title if title is not None else "Co-terminosity of left and right units")
    return ax


#: :func:`relationships` under the name of the function whose table it draws.
overlap = relationships
