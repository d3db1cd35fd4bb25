"""What keeps a picture readable at any size: one colour per group, groups in a stable order,
tick labels that never overlap, legends outside the data, and matrices with their values and
an attached colour bar."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from ..errors import CoterminousTypeError

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.text import Text

__all__ = ["palette"]

#: matplotlib's "tab20" order with the strong colours first (tab10, then their light forms).
_COLOURS = [
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
    "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94", "#f7b6d2", "#c7c7c7", "#dbdb8d", "#9edae5",
]  # fmt: skip

#: The two sides the package compares keep their colour in every plot: councils (and the left
#: side) blue, health bodies (and the right side) orange.
_SIDE_COLOURS = {
    **dict.fromkeys(("left", "council", "councils", "local authority", "local authorities", "la"), _COLOURS[0]),
    **dict.fromkeys(("right", "pct", "pcts", "icb", "icbs", "ccg", "ccgs", "nhs", "health"), _COLOURS[1]),
}

#: Smallest and largest tick-label font sizes, in points.
MIN_FONT, MAX_FONT = 5.5, 10.0


def group_order(names: Iterable[str]) -> list[str]:
    """Distinct names in a stable order whatever the data's: case-insensitive, numbers by value."""

    def key(name: str) -> tuple[Any, ...]:
        parts = re.split(r"(\d+)", name.casefold())
        return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts if p), name

    return sorted(dict.fromkeys(names), key=key)


def palette(groups: Iterable[str]) -> dict[str, str]:
    """One colour per group, the same in every plot of the package.

    Councils (``"council"``, and the ``"left"`` side) are always blue and health bodies
    (``"PCT"``, ``"ICB"``, ``"CCG"``, ``"NHS"``, and the ``"right"`` side) always orange,
    whatever the case or the data's order; other groups take the next free colours in
    sorted order, so the same groups get the same colours in every plot.

    Parameters
    ----------
    groups : iterable of str
        The names of the groups (or of the two sides) in a plot.

    Returns
    -------
    dict of str to str
        Each group's colour, as a hex string matplotlib accepts.

    Raises
    ------
    CoterminousTypeError
        A group name is not a string.

    Examples
    --------
    >>> from coterminous import plot
    >>> plot.palette(["PCT", "council"])
    {'council': '#1f77b4', 'PCT': '#ff7f0e'}
    >>> plot.palette(["London", "Midlands"])["London"]
    '#2ca02c'
    """
    names = list(groups)
    for name in names:
        if not isinstance(name, str):
            raise CoterminousTypeError(f"groups: expected names (str), got {type(name).__name__}")
    ordered = group_order(names)
    out: dict[str, str] = {}
    for name in ordered:
        fixed = _SIDE_COLOURS.get(name.casefold().strip())
        if fixed is not None and fixed not in out.values():
            out[name] = fixed
    free = [c for c in _COLOURS[2:] + _COLOURS[:2] if c not in out.values()]
    rest = [n for n in ordered if n not in out]
    for i, name in enumerate(rest):
        out[name] = free[i % len(free)] if free else _COLOURS[i % len(_COLOURS)]
    return {n: out[n] for n in ordered}


def wrap(text: str, width: int) -> str:
    """Text wrapped at ``width`` characters (words longer than that kept whole)."""
    return textwrap.fill(text, max(int(width), 4), break_long_words=False, break_on_hyphens=False)


def font_for(spacing_in: float, lines: int = 1) -> float:
    """A font size (points) at which ``lines`` lines of text fit in ``spacing_in`` inches."""
    return float(np.clip(spacing_in * 72 / (1.3 * max(lines, 1)), MIN_FONT, MAX_FONT))


def _boxes(labels: Sequence[Text]) -> list[Any]:
    return [t.get_window_extent() for t in labels if t.get_visible() and t.get_text()]


def overlapping(labels: Sequence[Text], tolerance: float = 0.5) -> bool:
    """Whether any two of the (drawn) labels' boxes overlap by more than ``tolerance`` pixels."""
    boxes = _boxes(labels)
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if min(a.x1, b.x1) - max(a.x0, b.x0) > tolerance and min(a.y1, b.y1) - max(a.y0, b.y0) > tolerance:
                return True
    return False


def declutter(ax: Axes, axes: str = "xy") -> None:
    """Draw the figure (running its layout) and, while tick labels overlap, make them smaller;
    x labels that still overlap at the smallest size are turned upright (90 degrees), and then
    only every n-th is shown."""
    fig: Any = ax.figure
    for axis_name in axes:
        axis = ax.xaxis if axis_name == "x" else ax.yaxis
        which: Literal["x", "y"] = "x" if axis_name == "x" else "y"
        for _ in range(12):
            fig.draw_without_rendering()
            labels = axis.get_ticklabels()
            if not overlapping(labels):
                break
            size = float(labels[0].get_fontsize()) if labels else MIN_FONT
            if size > MIN_FONT:
                ax.tick_params(axis=which, labelsize=max(MIN_FONT, size * 0.85))
            elif which == "x" and labels and labels[0].get_rotation() == 0:
                ax.tick_params(axis="x", labelrotation=90)
            else:
                _thin(labels)


def _thin(labels: Sequence[Text]) -> None:
    """Hide every other label still shown (the first and the last kept where they can be)."""
    shown = [t for t in labels if t.get_visible() and t.get_text()]
    for t in shown[1::2]:
        t.set_visible(False)


def legend_outside(ax: Axes, *, title: str | None = None, width: int = 26, **kwargs: Any) -> None:
    """The legend to the right of the Axes, outside the data, its labels wrapped at ``width``."""
    handles, labels = ax.get_legend_handles_labels()
    if not handles:
        return
    ax.legend(
        handles,
        [wrap(label, width) for label in labels],
        title=title,
        loc="upper left",
        bbox_to_anchor=(1.02, 1.0),
        borderaxespad=0.0,
        frameon=False,
        **kwargs,
    )


def heatmap(
    ax: Axes,
    values: np.ndarray,
    rows: list[str],
    cols: list[str],
    *,
    cmap: Any,
    vmin: float,
    vmax: float,
    colorbar: str,
    fmt: str = "{:g}",
    colours: np.ndarray | None = None,
) -> None:
    """A matrix as an image with its values written in the cells where they fit (missing cells
    left blank), tick labels sized to their spacing, and a colour bar attached to the Axes;
    ``colours``, when given, are what the cells are coloured by (the image's array)."""
    masked = np.ma.masked_invalid(values if colours is None else colours)
    image = ax.imshow(masked, cmap=cmap, vmin=vmin, vmax=vmax, aspect="auto", interpolation="nearest")
    fig: Any = ax.figure
    pos = ax.get_position()
    width_in, height_in = pos.width * fig.get_figwidth(), pos.height * fig.get_figheight()
    n_rows, n_cols = max(len(rows), 1), max(len(cols), 1)
    lines = max((c.count("\n") + 1 for c in cols), default=1)
    ax.set_xticks(range(len(cols)), cols)
    ax.set_yticks(range(len(rows)), rows)
    ax.tick_params(axis="y", labelsize=font_for(height_in / n_rows))
    x_font = font_for(width_in / n_cols, lines)
    longest = max((max(len(line) for line in c.split("\n")) for c in cols), default=0)
    if longest * 0.6 * x_font / 72 > width_in / n_cols:  # side by side they would touch: upright
        ax.tick_params(axis="x", labelrotation=90, labelsize=font_for(width_in / n_cols))
    else:
        ax.tick_params(axis="x", labelsize=x_font)
    ax.tick_params(length=2)
    fig.colorbar(image, ax=ax, label=colorbar, fraction=0.04, pad=0.015, aspect=30)
    chars = max(len(fmt.format(vmax)), len(fmt.format(vmin)), 3)
    cell_font = min(9.0, width_in / n_cols * 72 / (0.75 * chars), height_in / n_rows * 72 * 0.55)
    if cell_font < 6.0 or values.size > 2500:
        return
    for (i, j), v in np.ndenumerate(values):
        if np.isnan(v):
            continue
        r, g, b, _ = image.cmap(image.norm(masked[i, j]))
        dark = 0.299 * r + 0.587 * g + 0.114 * b < 0.5
        colour = "white" if dark else "black"
        ax.text(j, i, fmt.format(v), ha="center", va="center", color=colour, fontsize=cell_font)
