"""The figures of a replication report: each study draws its own and hands them to its report."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .._report import Report
from ..errors import CoterminousTypeError
from ._common import require_matplotlib

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["new_figure", "report_figures"]


def new_figure(size: tuple[float, float]) -> Figure:
    """A figure outside pyplot (nothing is shown or kept by pyplot), laid out to fit.

    Parameters
    ----------
    size : tuple of float
        Width and height in inches.

    Returns
    -------
    matplotlib.figure.Figure
        An empty figure with constrained layout.

    Raises
    ------
    ImportError
        matplotlib is not installed (the message names the ``plot`` extra).
    """
    require_matplotlib()
    from matplotlib.figure import Figure

    return Figure(figsize=size, layout="constrained")


def report_figures(report: Any) -> list[tuple[str, Figure]]:
    """The figures of a :class:`coterminous.Report`, captioned, for reading or an HTML report.

    A study draws its own figures from its report's tables, with the functions of
    :mod:`coterminous.plot`, and hands them to its report (``Report.figures``); a report
    without them has no figures. The figures are made outside pyplot, so nothing is shown or
    accumulates in a session: save them with ``fig.savefig`` or show them in a notebook by
    evaluating them.

    Parameters
    ----------
    report : Report
        The result of :func:`coterminous.replicate`.

    Returns
    -------
    list of (str, matplotlib.figure.Figure)
        Each figure with its caption, in reading order (empty for a report without figures).

    Raises
    ------
    CoterminousTypeError
        ``report`` is not a Report.
    ImportError
        matplotlib is not installed (the message names the ``plot`` extra).

    Examples
    --------
    >>> import coterminous as ct
    >>> figures = ct.plot.report_figures(ct.replicate())  # doctest: +SKIP
    >>> [caption for caption, _ in figures]  # doctest: +SKIP
    """
    if not isinstance(report, Report):
        raise CoterminousTypeError(f"report: expected a coterminous Report, got {type(report).__name__}")
    require_matplotlib()
    return [(f.caption, f.figure) for f in report.draw_figures()]
