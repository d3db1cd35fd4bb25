"""The figures of a replication report: each study may draw its own."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .. import studies
from ..errors import CoterminousTypeError
from ._common import require_matplotlib

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["new_figure", "report_figures"]

#: A study's figures live in ``coterminous.studies._figures_<study>``, as ``figures(report)``.
FIGURES_MODULE = "_figures_{study}"


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
    """The figures of a :class:`coterminous.Report`, titled, for reading or an HTML report.

    A study draws its own figures from its report's tables, with the functions of
    :mod:`coterminous.plot`, in ``coterminous.studies._figures_<study>.figures(report)``; a
    study without one has no figures. The figures are made outside pyplot, so nothing is shown
    or accumulates in a session: save them with ``fig.savefig`` or show them in a notebook by
    evaluating them.

    Parameters
    ----------
    report : Report
        The result of :func:`coterminous.replicate`.

    Returns
    -------
    list of (str, matplotlib.figure.Figure)
        Each figure with its title, in reading order (empty for a study without figures).

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
    >>> [title for title, _ in figures]  # doctest: +SKIP
    """
    from ..replication import Report

    if not isinstance(report, Report):
        raise CoterminousTypeError(f"report: expected a coterminous Report, got {type(report).__name__}")
    if report.study not in studies.names():
        return []
    try:
        module = importlib.import_module(f"{studies.__name__}.{FIGURES_MODULE.format(study=report.study)}")
    except ModuleNotFoundError:
        return []
    figures: list[tuple[str, Figure]] = module.figures(report)
    return figures
