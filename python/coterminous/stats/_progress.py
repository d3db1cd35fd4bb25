"""The optional tqdm progress bar of the resampling functions."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any, Self


def _show_progress(progress: bool | None) -> bool:
    """``progress=None``: a bar only when run interactively (stderr a terminal, or a Jupyter
    kernel) and not in CI."""
    if progress is not None:
        return bool(progress)
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


class _Bar:
    """A tqdm bar when asked for and installed, else nothing. It appears only once the work
    has run for half a second (tqdm's ``delay``), so instant calls print nothing."""

    def __init__(self, total: int, show: bool, desc: str) -> None:
        self._bar: Any = None
        if show:
            try:
                from tqdm.auto import tqdm
            except ImportError:  # tqdm is optional: pip install coterminous[progress]
                return
            self._bar = tqdm(total=total, desc=desc, unit="resample", leave=False, delay=0.5)

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
