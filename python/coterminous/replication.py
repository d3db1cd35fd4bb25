"""Replication of published analyses from the data shipped with the package.

:func:`replicate` runs a study found in the registry :mod:`coterminous.studies`, where each
study lives in a module of its own and builds a :class:`Report` (defined in the leaf module
``coterminous._report`` and re-exported here): :class:`Check` objects (a published value beside
its recomputation), the tables behind them, the study's own figures and notes.
"""

from __future__ import annotations

import dataclasses

from . import studies
from ._report import Check, Range, Report, ReportFigure

__all__ = ["STUDIES", "Check", "Range", "Report", "ReportFigure", "replicate"]

#: The names of the studies :func:`replicate` knows (see :mod:`coterminous.studies`).
STUDIES: tuple[str, ...] = tuple(studies.names())


def replicate(study: str = studies.DEFAULT, *, command: str | None = None) -> Report:
    """Recompute a study's published values from the data shipped with the package.

    Parameters
    ----------
    study
        The study's name, one of :data:`STUDIES` (default: :data:`coterminous.studies.DEFAULT`).
    command
        The command to record in the report as the one that made it (default:
        ``coterminous.replicate('<study>')``; the command line records its own).

    Returns
    -------
    Report
        The checks of published values against recomputed ones; ``report.ok`` says whether
        all agree.

    Raises
    ------
    CoterminousValueError
        If there is no study called ``study``; the message lists the studies.

    Examples
    --------
    >>> report = replicate(studies.DEFAULT)
    >>> report.ok, report.command == f"coterminous.replicate({studies.DEFAULT!r})"
    (True, True)
    """
    report = studies.get(study)()
    return dataclasses.replace(report, command=command or f"coterminous.replicate({study!r})")
