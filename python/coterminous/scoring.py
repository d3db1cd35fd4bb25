"""Scoring: validate theme scores against a framework, then add the total and overall score."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

import numpy as np

from . import _core, _frame
from ._frame import scores as adapter
from ._frame.types import Table
from .errors import CoterminousTypeError, CoterminousValueError, FrameworkError
from .framework import Framework

__all__ = ["score"]

#: Which columns hold the themes: a list of columns named as the themes, or a mapping of
#: theme to column (the ``columns=`` of ``score``, ``modes`` and ``distribution``).
ThemeColumns = Sequence[str] | Mapping[str, str]


def _framework(framework: Framework | str) -> Framework:
    """``framework`` itself, or the built-in framework of that name."""
    if isinstance(framework, Framework):
        return framework
    if isinstance(framework, str):
        return Framework.get(framework)
    raise CoterminousTypeError(
        f"framework: expected a Framework or a built-in or registered name, got {type(framework).__name__}"
    )


def theme_columns(columns: object, arg: str = "columns") -> dict[str, str] | None:
    """``columns=`` as a mapping of theme to column: a list names columns named as the themes
    (each maps to itself), a mapping maps each theme to its column; None stays None.

    A str is one column named as its theme. Any other type is a CoterminousTypeError; an
    empty list or mapping, or a column named twice, a CoterminousValueError."""
    if columns is None:
        return None
    if isinstance(columns, str):
        return {columns: columns}
    if isinstance(columns, Mapping):
        mapping = dict(columns)
        for k in mapping:
            if not isinstance(k, str):
                raise CoterminousTypeError(f"{arg}: a mapping's keys are themes (str), got {type(k).__name__}")
    elif isinstance(columns, Sequence) and not isinstance(columns, (bytes, bytearray)):
        listed = list(columns)
        for c in listed:
            if not isinstance(c, str):
                raise CoterminousTypeError(
                    f"{arg}: a list names columns named as the themes (str), got {type(c).__name__}; "
                    "pass a mapping of theme to column for other column names"
                )
        mapping = {c: c for c in listed}
        if len(mapping) != len(listed):
            twice = next(c for c in listed if listed.count(c) > 1)
            raise CoterminousValueError(f"{arg}: {twice!r} is listed twice")
    else:
        raise CoterminousTypeError(
            f"{arg}: expected a list of columns named as the themes or a mapping of theme to column, "
            f"got {type(columns).__name__}"
        )
    return mapping


def score(
    data: Table,
    framework: Framework | str,
    *,
    columns: ThemeColumns | None = None,
    total: bool = True,
    overall: bool | None = None,
    missing: Literal["error", "propagate", "skip"] = "error",
    percent: bool = False,
    labels: bool = False,
) -> Table:
    """Validate theme scores and add their ``total`` and ``overall`` score.

    Parameters
    ----------
    data : DataFrame, Table, dict of arrays or numpy.ndarray
        A pandas or polars DataFrame or a pyarrow Table with one column per theme, or a 2-D
        numpy array whose columns are the framework's themes in order.
    framework : Framework or str
        A :class:`Framework` or the name of a built-in or registered one
        (:meth:`Framework.register`).
    columns : list of str or mapping of str to str, optional
        Which columns hold the themes: a mapping of theme key to the data's column name
        (themes left out are in columns named as the theme), or a list of columns named as
        the themes. Not used with numpy input.
    total : bool, default True
        Add ``total``, the sum of the theme scores.
    overall : bool, optional
        Add ``overall``, the score given by the framework's rule table. The default adds it
        when the framework has a rule table; ``True`` on a framework without one raises
        FrameworkError.
    missing : {"error", "propagate", "skip"}, default "error"
        ``"error"`` (default): a missing score raises ScoreError. ``"propagate"``: a row with
        any missing score gets a missing ``total`` and ``overall`` (nullable integer columns,
        never float NaN). ``"skip"``: a row is scored on the themes assessed, as the CQC
        does: ``total``, ``percent`` and ``overall`` over those themes (each rule condition
        reads the assessed themes of its subset), with an ``assessed`` column (int32, the
        number of themes scored); a row with none assessed gets missing values.
    percent : bool, default False
        Add ``percent`` (float64): the percentage of the maximum over the assessed themes,
        ``100 * total / (assessed * scale.max)``, unrounded (a framework's ``percent`` rules
        round it as the framework states; for ``cqc_la_assessment`` to the nearest whole
        percentage, halves up). Needs a scale with ``min >= 0``.
    labels : bool, default False
        Add ``overall_label`` (strings) beside ``overall``: the framework's label of each
        overall value (``overall.labels``).

    Returns
    -------
    DataFrame, Table or dict of numpy arrays
        A new table of the same kind with ``total`` and ``overall`` (int32) after the input's
        columns, then ``percent``, ``overall_label`` and ``assessed`` when asked for; for numpy
        input, a dict of numpy arrays with those keys (masked arrays, ``numpy.ma``, when
        ``missing`` is not ``"error"``; labels as an object array with None for missing). The
        input is not modified. Scores must be whole numbers that fit int64.

    Raises
    ------
    ScoreError
        A value is not an integer within the scale: whole floats are accepted; 2.5, NaN, 0, 5
        (on a 1-4 scale), booleans and strings raise ScoreError naming the column, the first
        bad row and the value. A missing score, unless ``missing="propagate"``.
    FrameworkError
        ``overall=True`` and the framework has no rule table; ``labels=True`` and it has no
        overall labels (or ``overall=False``); ``percent=True`` on a scale with ``min < 0``.
    ColumnNotFoundError
        A theme's column is not in the data.
    CoterminousValueError
        ``missing`` is not ``"error"``, ``"propagate"`` or ``"skip"``; ``columns`` names a key that is not
        a theme; a numpy array is not 2-D with one column per theme; the data already has a
        ``total`` or ``overall`` column.
    CoterminousTypeError
        ``data``, ``framework`` or ``columns`` is of a type coterminous cannot read.
    KeyboardInterrupt
        Ctrl-C while scoring: the core stops within a fraction of a second.

    Examples
    --------
    >>> import numpy as np
    >>> out = score(np.array([[3, 3, 4, 3, 3], [1, 1, 1, 2, 1]]), "cpa_use_of_resources")
    >>> out["total"].tolist(), out["overall"].tolist()
    ([16, 6], [3, 1])
    >>> cqc = np.array([[2, 2, 2, 1, 1, 2, 2, 1, 1], [3, 3, 3, 3, 3, 3, 3, 3, 3]])
    >>> out = score(cqc, "cqc_la_assessment", percent=True, labels=True)
    >>> out["percent"].round(1).tolist(), out["overall_label"].tolist()
    ([38.9, 75.0], ['Requires improvement', 'Good'])
    """
    fw = _framework(framework)
    kind = _frame.kind_of(data)
    mapping = theme_columns(columns)
    if not isinstance(missing, str):
        raise CoterminousTypeError(f"missing: expected 'error', 'propagate' or 'skip', got {type(missing).__name__}")
    names = None
    if mapping is not None:
        fw._inner.check_column_map([_frame.core_name(k) for k in mapping])
        names = [mapping.get(t, t) for t in fw.themes]
    names, arrays, masks = adapter.theme_columns(data, kind, fw.themes, names)
    want_overall = None if overall is None else bool(overall)
    label_of = _labels(fw, want_overall) if labels else None
    core_names = [_frame.core_name(n) for n in names]
    tot, ove, nulls, pct, assessed = _core.score_columns(
        fw._inner, core_names, arrays, masks, bool(total), want_overall, missing, bool(percent)
    )
    n = len(arrays[0])
    mask = (nulls if nulls is not None else np.zeros(n, dtype=bool)) if missing != "error" else None
    found: dict[str, tuple[np.ndarray | None, np.ndarray | None]] = {
        "total": (tot, mask),
        "overall": (ove, mask),
        "percent": (pct, mask),
        "overall_label": (None if label_of is None or ove is None else _label_values(label_of, ove, mask), None),
        "assessed": (assessed, None),
    }
    outputs = {k: (v, m) for k, (v, m) in found.items() if v is not None}
    result: Table = adapter.scored(data, kind, outputs)
    return result


def _labels(fw: Framework, overall: bool | None) -> dict[int, str]:
    """The framework's overall labels, or FrameworkError when ``labels=True`` cannot be met."""
    found = fw.overall_labels
    if found is None or overall is False or not fw.has_overall:
        why = "overall=False" if overall is False else f"the framework {fw.name!r} has no overall labels"
        raise FrameworkError(f"framework $.overall.labels: labels=True needs overall labels ({why})")
    return found


def _label_values(label_of: dict[int, str], overall: np.ndarray, mask: np.ndarray | None) -> np.ndarray:
    """An object array of each overall value's label (None where missing)."""
    keys = np.array(sorted(label_of), dtype=np.int64)
    table = np.array([label_of[int(k)] for k in keys] + [None], dtype=object)
    pos = np.searchsorted(keys, overall)
    pos = np.where((pos < len(keys)) & (keys[np.minimum(pos, len(keys) - 1)] == overall), pos, len(keys))
    out: np.ndarray = table[pos]
    if mask is not None:
        out[mask] = None
    return out
