"""Errors that say the fix: "did you mean ...", a file path given as data, scores read as
text. Used by the table adapters (``_frame``) and ``framework``; numpy and the standard
library only."""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from ._missing import is_missing as _is_missing
from .errors import CoterminousTypeError, ScoreError


def did_you_mean(got: Any, choices: Iterable[Any]) -> str:
    """``"; did you mean 'x'?"`` naming the choice closest to ``got`` (difflib's ratio of at
    least 0.6, case ignored), or ``""`` when none is close."""
    names = [c for c in choices if isinstance(c, str)]
    if not isinstance(got, str) or not got or not names:
        return ""
    lower = {n.lower(): n for n in reversed(names)}
    found = difflib.get_close_matches(got.lower(), list(lower), n=1, cutoff=0.6)
    return f"; did you mean {lower[found[0]]!r}?" if found else ""


def missing_column(missing: Any, have: Sequence[Any], arg: str, theme: str | None = None) -> str:
    """The message for a column ``missing`` from a table whose columns are ``have``, with the
    closest existing name; for the column of a framework's ``theme``, the
    ``columns={theme: column}`` mapping that reads the theme from another column."""
    msg = f"{arg}: column {missing!r} is not in the data; its columns are {list(have)}"
    close = did_you_mean(missing, have)
    if theme is not None:
        target = close[len("; did you mean ") : -1] if close else "'<column>'"
        msg += close + (" To" if close else "; to")
        msg += f" read theme {theme!r} from another column, pass columns={{{theme!r}: {target}}}"
        return msg
    return msg + close


def path_error(data: Any, arg: str) -> CoterminousTypeError | None:
    """The error for a file path (a ``str`` or ``os.PathLike``) passed where a table is
    expected, or None when ``data`` is not one."""
    if not isinstance(data, (str, os.PathLike)):
        return None
    path = os.fspath(data)
    if isinstance(path, bytes):
        path = path.decode(errors="backslashreplace")
    return CoterminousTypeError(
        f"{arg}: got the path {path!r}, not a table; read the file first, e.g. "
        f"pd.read_csv({path!r}) (pandas) or pl.read_csv({path!r}) (polars), and pass the DataFrame; "
        "for data shipped with coterminous use ct.datasets.load(name) (ct.datasets.names() lists them)"
    )


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool)


def _numeric_text(v: str) -> bool:
    try:
        float(v)
    except ValueError:
        return False
    return True


def not_numbers(values: Sequence[Any], name: Any, dtype: Any, arg: str) -> ScoreError | None:
    """The ScoreError naming the cell of a column to fix, its row and value: the first cell
    that is text and no number (``"n/a"``), with how to read the file with it as missing or
    to cast the column; else the first cell that is not a number (numbers as text: how to
    cast). None when every present value is a number."""
    first = text = None
    for i, v in enumerate(values):
        if _is_missing(v) or _is_number(v):
            continue
        first = i if first is None else first
        if not isinstance(v, str):
            break
        if not _numeric_text(v):
            text = i
            break
    if first is None:
        return None
    v = values[first]
    msg = f"{arg}: column {name!r}, row {first}: {v!r} is not an integer score (the column's type is {dtype})"
    if not isinstance(v, str):
        return ScoreError(msg)
    cast = f"pd.to_numeric(df[{name!r}], errors='coerce') or pl.col({name!r}).cast(pl.Float64, strict=False)"
    if text is None:
        return ScoreError(f"{msg}; the column holds numbers as text: cast it first, e.g. {cast}")
    t = values[text]
    at = "" if text == first else f", from row {first}: {v!r}"
    return ScoreError(
        f"{arg}: column {name!r}, row {text}: {t!r} is not an integer score (the column's type is {dtype}: "
        f"it was read as text{at}); if {t!r} marks a missing score, read the file with "
        f"pd.read_csv(..., na_values=[{t!r}]) (pandas) or pl.read_csv(..., null_values=[{t!r}]) (polars), "
        f"or cast the column first, e.g. {cast}"
    )
