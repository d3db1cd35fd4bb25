"""Heatmaps: theme gaps per pair, pairs kept per pair of thresholds, co-terminosity of units."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import ColumnNotFoundError, CoterminousTypeError, CoterminousValueError
from ..framework import Framework
from ._common import Table, as_list, framework_of, new_axes, reject_renamed, set_title, theme_label, wrap
from ._layout import declutter, heatmap

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["gaps", "overlap", "relationships", "sensitivity"]

#: Axis labels of the grids of :func:`coterminous.sensitivity`.
GRID_LABELS = {
    "left_min": "{left} at least",
    "right_max": "{right} at most",
    "min_coterminosity": "co-terminosity at least",
    "on": "measure",
    "measure": "measure",
}


def gaps(
    gaps_table: Any,
    framework: Framework | str | None = None,
    *,
    label: str | Sequence[str] | None = None,
    total: bool = False,
    left_name: str = "left",
    right_name: str = "right",
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
    left_name, right_name : str
        The names of the two sides (e.g. ``"council"``, ``"PCT"``) in the title and the colour
        bar's label, "gap (council - PCT)".
    title : str, optional
        The title (default "Theme gaps per pair (<left_name> - <right_name>)").
    ax : matplotlib Axes, optional
        Where to draw; default a new figure of at most 16 x 12 inches.

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
    sides = f"{left_name} - {right_name}"
    heatmap(ax, values, rows, names, cmap="RdBu", vmin=-bound, vmax=bound, colorbar=f"gap ({sides})", colours=colours)
    ax.set_xlabel("theme")
    ax.set_ylabel("pair")
    set_title(ax, title if title is not None else f"Theme gaps per pair ({sides})")
    declutter(ax)
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
    left_name: str = "left",
    right_name: str = "right",
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
    left_name, right_name : str
        The names of the two sides in the axes' labels ("council at least", "PCT at most").
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
    names = {"left": left_name, "right": right_name}
    ax.set_ylabel(GRID_LABELS[y].format(**names) if y in GRID_LABELS else y)
    ax.set_xlabel("" if x is None else GRID_LABELS[x].format(**names) if x in GRID_LABELS else x)
    set_title(ax, title if title is not None else "Pairs kept per pair of thresholds")
    declutter(ax)
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
    min_coterminosity: float = 0.95,
    value: str = "coterminosity",
    max_units: int | None = 50,
    left_name: str = "left",
    right_name: str = "right",
    title: str | None = None,
    ax: Axes | None = None,
    **renamed: Any,
) -> Axes:
    """A matrix of the left units (rows) by the right units (columns): the co-terminosity (or
    a share) of each pair that shares weight, units in blocks of partners, and each unit's
    relationship in its label.

    Parameters
    ----------
    overlap_table : DataFrame, Table or dict of arrays
        The result of :func:`coterminous.overlap`: ``left``, ``right``, ``left_share``,
        ``right_share`` and ``coterminosity`` (and ``weight``, which ranks the units by size).
    min_coterminosity : float, default 0.95
        Passed to :func:`coterminous.relationships` for the labels (coterminous, nested,
        split, overlapping).
    value : {"coterminosity", "left_share", "right_share"}
        What the cells show: ``left_share`` is the part of the row's unit in the column's unit,
        ``right_share`` the part of the column's unit in the row's.
    max_units : int or None, default 50
        The most units shown on each side: beyond it, the largest (by weight, else by their
        summed values) are shown and the title says how many of how many. None shows all
        (the tick labels then shrink, and thin out when even the smallest would overlap).
    left_name, right_name : str
        What the units of each side are (e.g. ``"ICB"``, ``"council"``), for the title and axes.
    title : str, optional
        The title (default "Co-terminosity of <left_name> and <right_name> units"); a note of
        the units left out is added to it.
    ax : matplotlib Axes, optional
        Where to draw; default a new figure of at most 16 x 12 inches.

    Returns
    -------
    matplotlib.axes.Axes
        An image with pairs that share nothing blank, units in blocks of partners (each block
        a left unit and the right units it holds most of, then the units linked to them),
        values written in where they fit, tick labels "code (relationship)" (names longer than
        32 characters end in an ellipsis), and a colour bar attached to the matrix.

    Raises
    ------
    ColumnNotFoundError
        A column of the overlap table is not in it.
    CoterminousValueError
        ``value`` is not one of the three columns, ``min_coterminosity`` is not in (0, 1], or
        ``max_units`` is below 1.
    CoterminousTypeError
        ``overlap_table`` is not a table, ``ax`` is not an Axes, ``max_units`` is not an int,
        or ``threshold=`` is given (renamed ``min_coterminosity=``).
    """
    reject_renamed("relationships", renamed, {"threshold": "min_coterminosity"})
    if value not in ("coterminosity", "left_share", "right_share"):
        raise CoterminousValueError(f"value: expected 'coterminosity', 'left_share' or 'right_share', got {value!r}")
    if max_units is not None and (isinstance(max_units, bool) or not isinstance(max_units, int | np.integer)):
        raise CoterminousTypeError(f"max_units: expected an int or None, got {type(max_units).__name__}")
    if max_units is not None and max_units < 1:
        raise CoterminousValueError(f"max_units: expected at least 1, got {max_units}")
    table = Table(overlap_table, "overlap_table")
    table.require(["left", "right", "left_share", "right_share", value])
    rel = Table(_relate(overlap_table, min_coterminosity), "relationships")
    kinds = {(s, str(u)): r for s, u, r in zip(rel.values("side"), rel.values("unit"), rel.values("relationship"))}
    units = [(s, str(u)) for s, u in zip(rel.values("side"), rel.values("unit"))]
    left = [u for s, u in units if s == "left"]
    right = [u for s, u in units if s == "right"]
    li, ri = {u: i for i, u in enumerate(left)}, {u: i for i, u in enumerate(right)}
    grid = np.full((len(left), len(right)), np.nan)
    shared = np.zeros((len(left), len(right)))
    strength = table.numbers("weight") if "weight" in table else table.numbers(value)
    for a, b, v, w in zip(table.values("left"), table.values("right"), table.numbers(value), strength):
        i, j = li[str(a)], ri[str(b)]
        grid[i, j] = v
        shared[i, j] = w if np.isfinite(w) else 0.0
    rows = _largest(shared.sum(axis=1), left, max_units)
    cols = _largest(shared.sum(axis=0), right, max_units, first=np.argmax(shared[rows], axis=1) if rows else None)
    rows, cols = _blocks(shared[np.ix_(rows, cols)], rows, cols)
    grid = grid[np.ix_(rows, cols)]
    row_labels = [f"{_short(left[i])} ({kinds['left', left[i]]})" for i in rows]
    col_labels = [f"{_short(right[j])} ({kinds['right', right[j]]})" for j in cols]
    # room for the labels (about 0.07 in a character at 9 points; the columns' upright)
    row_in = 0.07 * max((len(t) for t in row_labels), default=1)
    col_in = min(0.07 * max((len(t) for t in col_labels), default=1), 3.0)
    ax = new_axes(ax, (max(6.0, row_in + 0.32 * len(cols) + 1.8), max(1.6, 0.35 * len(rows)) + col_in + 1.3))
    heatmap(
        ax,
        grid,
        row_labels,
        col_labels,
        cmap=_light_blues(),
        vmin=0.0,
        vmax=1.0,
        colorbar=value.replace("_", " "),
        fmt="{:.2f}",
    )
    ax.set_xlabel(f"{right_name} unit (relationship)")
    ax.set_ylabel(f"{left_name} unit (relationship)")
    text = title if title is not None else f"Co-terminosity of {left_name} and {right_name} units"
    left_out = []
    if len(rows) < len(left):
        left_out.append(f"the {len(rows)} largest of {len(left)} {left_name} units")
    if len(cols) < len(right):
        left_out.append(
            f"{len(cols)} of {len(right)} {right_name} units (each {left_name} unit's largest partner, then the largest)"
        )
    if left_out:
        text += f" (showing {' and '.join(left_out)}, by weight)"
    set_title(ax, text)
    declutter(ax)
    return ax


def _relate(overlap_table: Any, cutoff: float) -> Any:
    """:func:`coterminous.relationships` at ``cutoff``, under the cutoff's name of the day."""
    import inspect

    from ..pairing import relationships

    relate: Any = relationships
    if "min_coterminosity" in inspect.signature(relate).parameters:
        return relate(overlap_table, min_coterminosity=cutoff)
    return relate(overlap_table, threshold=cutoff)


def _largest(size: np.ndarray, names: list[str], most: int | None, first: np.ndarray | None = None) -> list[int]:
    """Indices of the ``most`` largest units (ties by name), or of all, in their given order;
    the units in ``first`` (each shown row's largest partner) before the others by size."""
    if most is None or len(names) <= most:
        return list(range(len(names)))
    ranked = sorted(range(len(names)), key=lambda i: (-size[i], names[i]))
    if first is not None:
        preferred = set(int(i) for i in first)
        ranked = [i for i in ranked if i in preferred] + [i for i in ranked if i not in preferred]
    return sorted(ranked[: int(most)])


def _blocks(shared: np.ndarray, rows: list[int], cols: list[int]) -> tuple[list[int], list[int]]:
    """Rows and columns in blocks of partners: from the largest row not yet placed, the row,
    then the columns it holds most of (largest share first), then the rows linked to those
    columns, and so on; columns linked to no row last."""
    n_rows, n_cols = shared.shape
    home = np.argmax(shared, axis=0) if n_rows else np.zeros(n_cols, dtype=int)
    linked = shared > 0
    placed_rows: list[int] = []
    placed_cols: list[int] = []
    row_seen = np.zeros(n_rows, dtype=bool)
    col_seen = np.zeros(n_cols, dtype=bool)
    size = shared.sum(axis=1)
    for start in sorted(range(n_rows), key=lambda i: -size[i]):
        if row_seen[start]:
            continue
        queue = [start]
        row_seen[start] = True
        while queue:
            r = queue.pop(0)
            placed_rows.append(r)
            mine = [
                c for c in np.argsort(-shared[r], kind="stable") if linked[r, c] and not col_seen[c] and home[c] == r
            ]
            for c in mine:
                col_seen[c] = True
                placed_cols.append(int(c))
            near = [c for c in np.argsort(-shared[r], kind="stable") if linked[r, c]]
            for c in near:
                for other in np.argsort(-shared[:, c], kind="stable"):
                    if linked[other, c] and not row_seen[other]:
                        row_seen[other] = True
                        queue.append(int(other))
    placed_cols += [c for c in range(n_cols) if not col_seen[c]]
    return [rows[i] for i in placed_rows], [cols[j] for j in placed_cols]


def _short(name: str, most: int = 32) -> str:
    """A unit's name, shortened to ``most`` characters with "..." when longer."""
    return name if len(name) <= most else name[: most - 1].rstrip() + "\u2026"


def _light_blues() -> Any:
    """matplotlib's Blues without its white end, so that a small share still shows."""
    import matplotlib
    from matplotlib.colors import ListedColormap

    blues = matplotlib.colormaps["Blues"]
    return ListedColormap(blues(np.linspace(0.12, 1.0, 256)), name="coterminous_blues")


#: :func:`relationships` under the name of the function whose table it draws.
overlap = relationships
