"""Helpers of the plots: tables of any kind read as numpy columns and Python lists, the
framework's labels, and matplotlib imported only when a picture is drawn."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from .. import _dependencies as deps
from .. import _frame
from ..errors import CoterminousTypeError, CoterminousValueError
from ..framework import Framework
from ..pairing._common import _table_list

if TYPE_CHECKING:
    from matplotlib.axes import Axes


class Table:
    """A table of any kind the package reads (pandas, polars, pyarrow, dict of arrays), read
    column by column for plotting; ``arg`` names it in errors."""

    def __init__(self, data: Any, arg: str) -> None:
        kind = _frame.kind_of(data, arg)
        if kind == _frame.NUMPY:
            raise CoterminousTypeError(f"{arg}: expected a table with named columns, not a numpy array")
        self.data, self.kind, self.arg = data, kind, arg
        self.names: list[str] = [str(c) for c in _frame.column_names(data, kind)]

    def __contains__(self, name: object) -> bool:
        return name in self.names

    def __len__(self) -> int:
        if self.kind == _frame.PYARROW:
            return int(self.data.num_rows)
        if self.kind == _frame.DICT:
            return len(next(iter(self.data.values()))) if self.data else 0
        return len(self.data)

    def require(self, names: Sequence[str]) -> None:
        """Raise ColumnNotFoundError naming the first of ``names`` that is not a column."""
        _frame.require_columns(self.data, self.kind, list(names), self.arg)

    def numbers(self, name: str) -> np.ndarray:
        """A numeric column as float64, NaN where missing (ScoreError if not numeric)."""
        self.require([name])
        values, mask = _frame.numeric_column(self.data, self.kind, name, self.arg)
        out = np.array(values, dtype=np.float64)
        if mask is not None:
            out[mask] = np.nan
        return out

    def values(self, name: str) -> list[Any]:
        """A column as a list of Python values (labels, codes)."""
        self.require([name])
        return _table_list(self.data, self.kind, name)

    def labels(self, names: Sequence[str]) -> list[str]:
        """One label per row: the values of ``names`` joined by ", "."""
        cols = [self.values(n) for n in names]
        return [", ".join(str(c[i]) for c in cols) for i in range(len(self))]


def as_list(value: str | Sequence[str] | None, arg: str) -> list[str]:
    """A column name or a list of names as a list."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, Sequence):
        return [str(v) for v in value]
    raise CoterminousTypeError(f"{arg}: expected a column name or a list of names, got {type(value).__name__}")


def framework_of(framework: Framework | str | None) -> Framework | None:
    """A Framework from a Framework, a built-in name or None."""
    if framework is None or isinstance(framework, Framework):
        return framework
    if isinstance(framework, str):
        return Framework.get(framework)
    raise CoterminousTypeError(f"framework: expected a Framework or a built-in name, got {type(framework).__name__}")


def theme_label(fw: Framework | None, theme: str) -> str:
    """The framework's label of a theme, or the theme's key with spaces."""
    if fw is not None and theme in fw.theme_labels:
        return fw.theme_labels[theme]
    return theme.replace("_", " ")


def short_scale_label(label: str) -> str:
    """The short form of a scale label: "... - inadequate performance" gives "inadequate performance"."""
    return label.rsplit(" - ", 1)[-1].strip()


def scale_ticks(ax: Axes, fw: Framework | None, axis: str = "y") -> None:
    """Ticks at the framework's scale values, labelled "1 inadequate performance" and so on."""
    if fw is None:
        return
    values = fw.scale.values
    labels = [f"{v} {short_scale_label(fw.scale.labels.get(v, ''))}".strip() for v in values]
    labels = [textwrap.fill(s, 18) for s in labels]
    if axis == "y":
        ax.set_yticks(values, labels)
    else:
        ax.set_xticks(values, labels)


def wrap(text: str, width: int = 16) -> str:
    """Text wrapped at ``width`` characters for a tick label."""
    return textwrap.fill(text, width)


def check_ax(ax: Any) -> None:
    """Raise CoterminousTypeError unless ``ax`` is None or a matplotlib Axes."""
    if ax is None:
        return
    from matplotlib.axes import Axes

    if not isinstance(ax, Axes):
        raise CoterminousTypeError(f"ax: expected a matplotlib Axes or None, got {type(ax).__name__}")


def new_axes(ax: Any, size: tuple[float, float]) -> Axes:
    """``ax``, or the Axes of a new pyplot figure of ``size`` inches (shown in notebooks)."""
    require_matplotlib()
    check_ax(ax)
    given: Axes = ax
    if given is not None:
        return given
    import matplotlib.pyplot as plt

    new: Axes = plt.subplots(figsize=size, layout="constrained")[1]
    return new


def require_matplotlib() -> None:
    """Import matplotlib, or raise ImportError naming the ``plot`` extra that installs it."""
    _ = deps.matplotlib.rcParams


def heatmap(
    ax: Axes,
    values: np.ndarray,
    rows: list[str],
    cols: list[str],
    *,
    cmap: str,
    vmin: float,
    vmax: float,
    colorbar: str,
    fmt: str = "{:g}",
    colours: np.ndarray | None = None,
) -> None:
    """A matrix as an image with its values written in the cells (missing cells left blank);
    ``colours``, when given, are what the cells are coloured by (the image's array)."""
    masked = np.ma.masked_invalid(values if colours is None else colours)
    image = ax.imshow(masked, cmap=cmap, vmin=vmin, vmax=vmax, aspect="auto")
    ax.set_xticks(range(len(cols)), cols)
    ax.set_yticks(range(len(rows)), rows)
    ax.figure.colorbar(image, ax=ax, label=colorbar)
    if values.size <= 900:
        for (i, j), v in np.ndenumerate(values):
            if np.isnan(v):
                continue
            r, g, b, _ = image.cmap(image.norm(masked[i, j]))
            dark = 0.299 * r + 0.587 * g + 0.114 * b < 0.5
            ax.text(j, i, fmt.format(v), ha="center", va="center", color="white" if dark else "black", fontsize=9)


def set_title(ax: Axes, text: str) -> None:
    """Set a title, wrapped to fit the width of the Axes."""
    fig: Any = ax.figure
    width_in = ax.get_position().width * fig.get_figwidth()
    ax.set_title(textwrap.fill(text, max(30, int(width_in * 11))))


def no_lists(table: Table, name: str) -> None:
    """Raise CoterminousValueError if a column holds lists (``modes(..., ties="all")``)."""
    if any(isinstance(v, (list, tuple, np.ndarray)) for v in table.values(name)):
        raise CoterminousValueError(
            f"{table.arg}: column {name!r} holds lists of tied modes; plot the modes of ties='low' or ties='high'"
        )
