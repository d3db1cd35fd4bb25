"""Studies: published analyses that the package recomputes from the data it ships.

The registry is this package's contents: each study is one module here, named for the study
(``nlgn2008.py``), defining ``run() -> Report``. A second study is one new file; nothing else
names it. :func:`coterminous.replicate` looks studies up with :func:`get`.

>>> names()
['icb2022', 'icb2025', 'nlgn2008']
>>> DEFAULT in names()
True
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..errors import CoterminousValueError

if TYPE_CHECKING:
    from .._report import Report

__all__ = ["DEFAULT", "get", "names"]

#: The study ``coterminous replicate`` runs when none is named.
DEFAULT: str = "nlgn2008"


def names() -> list[str]:
    """The names of the studies, sorted.

    Returns
    -------
    list of str
        One name per study module in this package (modules whose name starts with ``_`` are
        helpers, not studies).
    """
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))


def get(name: str) -> Callable[[], Report]:
    """The function that runs a study.

    Parameters
    ----------
    name
        A study's name, one of :func:`names`.

    Returns
    -------
    callable
        The study module's ``run``: called with no arguments, it recomputes the study and
        returns a :class:`coterminous.replication.Report`.

    Raises
    ------
    CoterminousValueError
        If there is no study called ``name``; the message lists the studies.
    """
    known = names()
    if name not in known:
        raise CoterminousValueError(f"study: no study {name!r}; the studies are {known}")
    module = importlib.import_module(f"{__name__}.{name}")
    run: Callable[[], Report] = module.run
    return run
