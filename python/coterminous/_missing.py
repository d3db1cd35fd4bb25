"""The one test of a missing value in a column of Python objects (``None``, a float NaN,
``pandas.NA``, ``pandas.NaT``): a leaf module, imported by the table adapters (``_frame``) and
by ``_hints``."""

from __future__ import annotations

from typing import Any


def is_missing(v: Any) -> bool:
    """Whether ``v`` is a missing value: ``None``, a float NaN, ``pandas.NA`` or ``pandas.NaT``."""
    if v is None:
        return True
    if isinstance(v, float) and v != v:
        return True
    return type(v).__name__ in ("NAType", "NaTType")
