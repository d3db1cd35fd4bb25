"""What the crosswalk functions share: reading an overlap table as numbered pairs, matching
codes, naming codes, and reporting problems by the ``errors=`` policy."""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from .. import _frame
from .._frame import crosswalk as cw
from .._frame import pairs as tables
from ..errors import CoterminousTypeError, CoterminousValueError

Errors = Literal["raise", "warn", "ignore"]
Side = Literal["left", "right"]

#: How many codes a message lists before saying how many more there are.
LISTED = 5


class CrosswalkWarning(UserWarning):
    """A problem found by ``apportion`` or ``chain`` and reported with ``errors="warn"``:
    codes on one side only, shares that do not add up to 1, totals that did not survive."""


def check_choice(value: Any, arg: str, choices: Sequence[str]) -> str:
    """``value`` if it is one of ``choices``: a wrong type raises CoterminousTypeError, a wrong
    string CoterminousValueError."""
    if not isinstance(value, str):
        raise CoterminousTypeError(f"{arg}: expected one of {list(choices)}, got {type(value).__name__}")
    if value not in choices:
        raise CoterminousValueError(f"{arg}: expected one of {list(choices)}, got {value!r}")
    return value


def check_name(value: Any, arg: str) -> str:
    if not isinstance(value, str):
        raise CoterminousTypeError(f"{arg}: expected a column name, got {type(value).__name__}")
    return value


def table_kind(data: Any, arg: str) -> str:
    """The library of a table argument (a numpy array is refused: columns need names)."""
    return tables.named_table(data, arg)


def listed(codes: Sequence[Any]) -> str:
    """The first few codes, quoted, and how many more."""
    shown = ", ".join(repr(c) for c in list(codes)[:LISTED])
    more = len(codes) - LISTED
    return shown + (f" and {more} more" if more > 0 else "")


def report(problems: list[str], errors: str) -> None:
    """Raise (CoterminousValueError), warn (CrosswalkWarning) or stay silent, by ``errors``."""
    if not problems or errors == "ignore":
        return
    message = "; ".join(problems)
    if errors == "raise":
        raise CoterminousValueError(message)
    warnings.warn(message + " (errors='raise' to stop, 'ignore' to be silent)", CrosswalkWarning, stacklevel=3)


def check_same_type(a: np.ndarray, b: np.ndarray, what_a: str, what_b: str) -> None:
    """Codes on both sides are strings, or both integers."""
    if len(a) and len(b) and (a.dtype.kind == "O") != (b.dtype.kind == "O"):
        kinds = {True: "strings", False: "integers"}
        raise CoterminousTypeError(
            f"{what_a} are {kinds[a.dtype.kind == 'O']} but {what_b} are {kinds[b.dtype.kind == 'O']}; "
            "codes must be of one type to match"
        )


def as_python(codes: np.ndarray) -> list[Any]:
    """Codes as plain Python values (for messages and name look-ups)."""
    return [int(c) for c in codes] if codes.dtype.kind in "iu" else list(codes)


@dataclass(frozen=True)
class Links:
    """An overlap table as numbered pairs. Source and target units are numbered in ascending
    code order (``sources[i]`` is unit ``i``'s code)."""

    kind: str
    source: np.ndarray  # uint32, per row
    target: np.ndarray  # uint32, per row
    weight: np.ndarray  # float64, per row
    sources: np.ndarray  # codes, ascending
    targets: np.ndarray  # codes, ascending
    source_side: str
    target_side: str


def read_links(overlap: Any, to: str) -> Links:
    """The pairs of ``overlap`` (a table with ``left``, ``right`` and ``weight``), with
    ``to`` the target side."""
    to = check_choice(to, "to", ("right", "left"))
    frm = "left" if to == "right" else "right"
    kind = table_kind(overlap, "overlap")
    _frame.require_columns(overlap, kind, ["left", "right", "weight"], "overlap")
    src, _ = cw.read_codes(overlap, kind, frm, "overlap")
    tgt, _ = cw.read_codes(overlap, kind, to, "overlap")
    w, mask = _frame.numeric_column(overlap, kind, "weight", "overlap")
    if mask is not None:
        raise CoterminousValueError(f"overlap: column 'weight', row {int(np.argmax(mask))}: a missing weight")
    sources, s_idx = np.unique(src, return_inverse=True)
    targets, t_idx = np.unique(tgt, return_inverse=True)
    return Links(
        kind,
        np.ascontiguousarray(s_idx.reshape(-1), dtype=np.uint32),
        np.ascontiguousarray(t_idx.reshape(-1), dtype=np.uint32),
        np.ascontiguousarray(w, dtype=np.float64),
        sources,
        targets,
        frm,
        to,
    )


def check_names(names: Any) -> Mapping[Any, Any] | None:
    if names is None or isinstance(names, Mapping):
        return names
    raise CoterminousTypeError(f"names: expected a mapping of codes to names, got {type(names).__name__}")


def name_column(kind: str, name: str, codes: list[Any], names: Mapping[Any, Any], mask: Any = None) -> Any:
    """The name of each code (missing where the mapping has none or the code is missing)."""
    values = [
        None if (mask is not None and mask[i]) else (None if (n := names.get(c)) is None else str(n))
        for i, c in enumerate(codes)
    ]
    return cw.string_column(kind, name, values)
