"""The optional tqdm progress bar of the long kernels (resampling, name pairing).

The compiled kernels finish most runs in milliseconds, so a bar is shown only when a run is
expected to take more than about a second (:func:`expected_seconds`, from the input size and
``n_resamples``), and tqdm is imported only then: an instant run never imports it (nor emits
its warnings). In a Jupyter kernel the bar is ``tqdm.auto``'s widget, which needs ipywidgets;
without ipywidgets the plain text bar is used instead of tqdm's "IProgress not found" warning.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any, Self

from . import _dependencies as deps

#: A bar is shown (``progress=None``) for runs expected to take longer than this, in seconds.
SHOW_AFTER = 1.0

#: Seconds per resample: (fixed, per value), measured on the compiled kernels (one core of a
#: 2-core machine, rounded up): the bootstrap of a mean draws each resample from the law of
#: the sum, a median's resample sorts counts, a permutation shuffles the values.
_COST = {
    "bootstrap_mean": (2e-8, 1e-9),
    "bootstrap_median": (1e-6, 1e-9),
    "permutation_paired": (1e-8, 1e-10),
    "permutation_independent": (1e-8, 3e-9),
    "callable_vectorized": (1e-6, 1e-8),
    "callable": (2e-5, 1e-7),
}


def expected_seconds(kernel: str, n_resamples: int, n_values: int) -> float:
    """A rough (deliberately generous) estimate of a run's time: ``n_resamples`` resamples of
    ``n_values`` values (all samples together) with ``kernel``, a key of ``_COST``."""
    fixed, per_value = _COST[kernel]
    return n_resamples * (fixed + per_value * n_values)


def _show_progress(progress: bool | None, seconds: float | None = None) -> bool:
    """Whether to show a bar. ``progress=True``: always (tqdm still waits half a second
    before drawing); False: never; None: when the run is expected to take more than
    ``SHOW_AFTER`` seconds (``seconds``, None: unknown) and runs interactively (stderr a
    terminal, or a Jupyter kernel) outside CI."""
    if progress is not None:
        return bool(progress)
    if seconds is not None and seconds < SHOW_AFTER:
        return False
    if os.environ.get("CI"):
        return False
    try:
        if sys.stderr.isatty():
            return True
    except (AttributeError, ValueError):
        pass
    return _in_notebook()


def _in_notebook() -> bool:
    shell = sys.modules.get("IPython")
    if shell is None or "ipykernel" not in sys.modules:
        return False
    try:
        ip = shell.get_ipython()
    except Exception:
        return False
    return ip is not None and type(ip).__name__ == "ZMQInteractiveShell"


def _tqdm_module() -> str:
    """``tqdm.auto`` (a widget) in a Jupyter kernel with ipywidgets, else ``tqdm.std`` (text
    on stderr): tqdm.auto without ipywidgets would warn and fall back to text anyway."""
    return "tqdm.auto" if _in_notebook() and deps.has_module("ipywidgets") else "tqdm.std"


class _Bar:
    """A tqdm bar when asked for and installed, else nothing (and tqdm not imported). It
    appears only once the work has run for half a second (tqdm's ``delay``)."""

    def __init__(self, total: int, show: bool, desc: str, unit: str = "resample") -> None:
        self._bar: Any = None
        if show:
            import importlib

            try:
                tqdm = importlib.import_module(_tqdm_module()).tqdm
            except ImportError:  # tqdm is optional: pip install coterminous[progress]
                return
            self._bar = tqdm(total=total, desc=desc, unit=unit, leave=False, delay=0.5)

    @property
    def hook(self) -> Callable[[int], object] | None:
        """The callable the compiled kernels call per finished block, or None."""
        return self._bar.update if self._bar is not None else None

    def update(self, n: int) -> None:
        if self._bar is not None:
            self._bar.update(n)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
