"""Scoring: validate theme scores against a framework, then add the total and overall score."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import numpy as np

from . import _core, _frame
from .errors import CoterminousTypeError, CoterminousValueError, FrameworkError, ScoreError
from .framework import Framework

__all__ = ["score"]


def _framework(framework: Framework | str) -> Framework:
    """``framework`` itself, or the built-in framework of that name."""
    if isinstance(framework, Framework):
        return framework
    if isinstance(framework, str):
        return Framework.get(framework)
    raise CoterminousTypeError(
        f"framework: expected a Framework or a built-in or registered name, got {type(framework).__name__}"
    )


def score(
    data: Any,
    framework: Framework | str,
    *,
    columns: Mapping[str, str] | None = None,
    total: bool = True,
    overall: bool | None = None,
    missing: Literal["error", "propagate", "skip"] = "error",
    percent: bool = False,
    labels: bool = False,
) -> Any:
    """Validate theme scores and add their ``total`` and ``overall`` score.

    Parameters
    ----------
    data : DataFrame, Table, dict of arrays or numpy.ndarray
        A pandas or polars DataFrame or a pyarrow Table with one column per theme, or a 2-D
        numpy array whose columns are the framework's themes in order.
    framework : Framework or str
        A :class:`Framework` or the name of a built-in or registered one
        (:meth:`Framework.register`).
    columns : mapping of str to str, optional
        Maps theme keys to the data's column names where they differ.
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
        ``data`` or ``framework`` is of a type coterminous cannot read.

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
    nullable = missing in ("propagate", "skip")
    names, arrays, masks = _columns(data, kind, fw, columns)
    want_overall = None if overall is None else bool(overall)
    label_of = _labels(fw, want_overall) if labels else None
    core_names = [_frame.core_name(n) for n in names]
    tot, ove, nulls, pct, assessed = _core.score_columns(
        fw._inner, core_names, arrays, masks, bool(total), want_overall, str(missing), bool(percent)
    )
    n = len(arrays[0])
    mask = _mask(nulls, n) if nullable else None
    outputs: list[tuple[str, np.ndarray | None, np.ndarray | None]] = [
        ("total", tot, mask),
        ("overall", ove, mask),
        ("percent", pct, mask),
        ("assessed", assessed, None),
    ]
    if kind == _frame.NUMPY:
        out: dict[str, np.ndarray] = {}
        for key, values, m in outputs:
            if values is not None:
                out[key] = values if m is None else np.ma.MaskedArray(values, mask=m)
        if label_of is not None and ove is not None:
            out["overall_label"] = _label_values(label_of, ove, mask)
        return {k: out[k] for k in _ORDER if k in out}
    new = {}
    for key, values, m in outputs:
        if values is not None:
            new[key] = _frame.to_series(kind, key, values, m)
    if label_of is not None and ove is not None:
        new["overall_label"] = _label_series(kind, _label_values(label_of, ove, mask))
    return _frame.with_columns(data, kind, {k: new[k] for k in _ORDER if k in new})


#: The order of the added columns.
_ORDER = ("total", "overall", "percent", "overall_label", "assessed")


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


def _label_series(kind: str, values: np.ndarray) -> Any:
    """A string column of ``kind`` from an object array with None for missing."""
    from ._dependencies import pandas as pd
    from ._dependencies import polars as pl
    from ._dependencies import pyarrow as pa

    if kind == _frame.PANDAS:
        return pd.Series(values, name="overall_label", dtype=object)
    if kind == _frame.POLARS:
        return pl.Series("overall_label", values.tolist(), dtype=pl.Utf8)
    if kind == _frame.PYARROW:
        return pa.array(values.tolist(), pa.string())
    return values


def _mask(nulls: np.ndarray | None, n: int) -> np.ndarray:
    return nulls if nulls is not None else np.zeros(n, dtype=bool)


def _columns(
    data: Any, kind: str, fw: Framework, columns: Mapping[str, str] | None
) -> tuple[list[str], list[np.ndarray], list[np.ndarray | None]]:
    themes = fw.themes
    if kind == _frame.NUMPY:
        if columns is not None:
            raise CoterminousValueError("columns: not used with numpy input, whose columns are the themes in order")
        if data.ndim != 2 or data.shape[1] != len(themes):
            raise CoterminousValueError(
                f"data: a numpy array must be 2-D with one column per theme ({len(themes)}: {themes}), "
                f"got shape {data.shape}"
            )
        if data.dtype.kind == "b" or data.dtype.kind not in "iuf":
            first = data.flat[0] if data.size else None
            raise ScoreError(
                f"data: column {themes[0]!r}, row 0: {first!r} is not an integer score "
                f"(the array's type is {data.dtype})"
            )
        arrays = [_frame.core_array(data[:, j]) for j in range(len(themes))]
        masks = [_frame._float_nan_mask(a) for a in arrays]
        return list(themes), arrays, masks
    mapping = dict(columns or {})
    fw._inner.check_column_map([_frame.core_name(k) for k in mapping])
    names = [mapping.get(t, t) for t in themes]
    arrays, masks = _frame.numeric_columns(data, kind, names, "data", themes)
    return names, arrays, masks
