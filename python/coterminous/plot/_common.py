"""Helpers of the plots: tables of any kind read as numpy columns and Python lists, the
framework's labels, and matplotlib imported only when a picture is drawn."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from .. import _dependencies as deps
from .. import _frame
from .._frame import pairs as tables
from .._frame import plots as frame
from ..errors import CoterminousTypeError, CoterminousValueError
from ..framework import Framework

if TYPE_CHECKING:
    from matplotlib.axes import Axes


class Table:
    """A table of any kind the package reads (pandas, polars, pyarrow, dict of arrays), read
    column by column for plotting; ``arg`` names it in errors."""

    def __init__(self, data: Any, arg: str) -> None:
        kind = _frame.kind_of(data, arg)
        if not frame.has_named_columns(kind):
            raise CoterminousTypeError(f"{arg}: expected a table with named columns, not a numpy array")
        self.data, self.kind, self.arg = data, kind, arg
        self.names: list[str] = [str(c) for c in _frame.column_names(data, kind)]

    def __contains__(self, name: object) -> bool:
        return name in self.names

    def __len__(self) -> int:
        return tables.n_rows(self.data, self.kind)

    def is_numeric(self, name: str) -> bool:
        """Whether a column holds numbers (not booleans)."""
        return frame.is_numeric(self.data, self.kind, name)

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
        return frame.values(self.data, self.kind, name)

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


def guess_framework(themes: Sequence[str]) -> Framework | None:
    """The framework whose themes are all among ``themes`` (a table's columns), when the
    frameworks that fit agree on every label (the ``cpa_use_of_resources`` and ``ale``
    frameworks share theirs); None when none fits or they disagree: a plot then shows the
    columns' names, never another framework's labels."""
    present = set(themes)
    fits = []
    for name in Framework.names():
        fw = Framework.get(name)
        if fw.themes and set(fw.themes) <= present:
            fits.append(fw)
    if not fits:
        return None
    first = fits[0]
    same = all(
        fw.themes == first.themes
        and fw.theme_labels == first.theme_labels
        and fw.scale.values == first.scale.values
        and fw.scale.labels == first.scale.labels
        for fw in fits
    )
    return first if same else None


def reject_renamed(function: str, given: dict[str, Any], renamed: dict[str, str]) -> None:
    """Raise CoterminousTypeError for an argument given by its old name (naming the new one),
    or for an argument ``function`` does not take."""
    for old in given:
        if old in renamed:
            raise CoterminousTypeError(f"{function}: `{old}=` was renamed `{renamed[old]}=` in 0.2.0")
        raise CoterminousTypeError(f"{function}() got an unexpected keyword argument {old!r}")


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


#: The largest figure a plot makes, in inches (width, height), whatever the input's size.
MAX_SIZE = (16.0, 12.0)


def fit_size(width: float, height: float) -> tuple[float, float]:
    """A figure size in inches within :data:`MAX_SIZE`."""
    return min(float(width), MAX_SIZE[0]), min(float(height), MAX_SIZE[1])


def new_axes(ax: Any, size: tuple[float, float]) -> Axes:
    """``ax``, or the Axes of a new pyplot figure of ``size`` inches (at most :data:`MAX_SIZE`;
    shown in notebooks)."""
    require_matplotlib()
    check_ax(ax)
    given: Axes = ax
    if given is not None:
        return given
    import matplotlib.pyplot as plt

    new: Axes = plt.subplots(figsize=fit_size(*size), layout="constrained")[1]
    return new


def require_matplotlib() -> None:
    """Import matplotlib, or raise ImportError naming the ``plot`` extra that installs it."""
    _ = deps.matplotlib.rcParams


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
