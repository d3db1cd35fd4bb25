"""Scoring: validate theme scores against a framework, then add the total and overall score."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import numpy as np

from . import _core, _frame
from .errors import CoterminousTypeError, CoterminousValueError, ScoreError
from .framework import Framework

__all__ = ["score"]


def _framework(framework: Framework | str) -> Framework:
    """``framework`` itself, or the built-in framework of that name."""
    if isinstance(framework, Framework):
        return framework
    if isinstance(framework, str):
        return Framework.builtin(framework)
    raise CoterminousTypeError(f"framework: expected a Framework or a built-in name, got {type(framework).__name__}")


def score(
    data: Any,
    framework: Framework | str,
    *,
    columns: Mapping[str, str] | None = None,
    total: bool = True,
    overall: bool | None = None,
    missing: Literal["error", "propagate"] = "error",
) -> Any:
    """Validate theme scores and add their ``total`` and ``overall`` score.

    Parameters
    ----------
    data : DataFrame, Table, dict of arrays or numpy.ndarray
        A pandas or polars DataFrame or a pyarrow Table with one column per theme, or a 2-D
        numpy array whose columns are the framework's themes in order.
    framework : Framework or str
        A :class:`Framework` or the name of a built-in one.
    columns : mapping of str to str, optional
        Maps theme keys to the data's column names where they differ.
    total : bool, default True
        Add ``total``, the sum of the theme scores.
    overall : bool, optional
        Add ``overall``, the score given by the framework's rule table. The default adds it
        when the framework has a rule table; ``True`` on a framework without one raises
        FrameworkError.
    missing : {"error", "propagate"}, default "error"
        ``"error"`` (default): a missing score raises ScoreError. ``"propagate"``: a row with
        any missing score gets a missing ``total`` and ``overall`` (nullable integer columns,
        never float NaN).

    Returns
    -------
    DataFrame, Table or dict of numpy arrays
        A new table of the same kind with ``total`` and ``overall`` (int32) after the input's
        columns; for numpy input, a dict of numpy arrays ``{"total", "overall"}`` (masked
        arrays, ``numpy.ma``, when ``missing="propagate"``). The input is not modified. Scores
        must be whole numbers that fit int64.

    Raises
    ------
    ScoreError
        A value is not an integer within the scale: whole floats are accepted; 2.5, NaN, 0, 5
        (on a 1-4 scale), booleans and strings raise ScoreError naming the column, the first
        bad row and the value. A missing score, unless ``missing="propagate"``.
    FrameworkError
        ``overall=True`` and the framework has no rule table.
    ColumnNotFoundError
        A theme's column is not in the data.
    CoterminousValueError
        ``missing`` is not ``"error"`` or ``"propagate"``; ``columns`` names a key that is not
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
    """
    fw = _framework(framework)
    kind = _frame.kind_of(data)
    propagate = missing == "propagate"
    names, arrays, masks = _columns(data, kind, fw, columns)
    want_overall = None if overall is None else bool(overall)
    core_names = [_frame.core_name(n) for n in names]
    tot, ove, nulls = _core.score_columns(fw._inner, core_names, arrays, masks, bool(total), want_overall, str(missing))
    if kind == _frame.NUMPY:
        out: dict[str, np.ndarray] = {}
        for key, values in (("total", tot), ("overall", ove)):
            if values is not None:
                out[key] = values if not propagate else np.ma.MaskedArray(values, mask=_mask(nulls, len(values)))
        return out
    if propagate:
        nulls = _mask(nulls, len(arrays[0]))  # a nullable dtype whenever nulls may occur
    new = {}
    if tot is not None:
        new["total"] = _frame.to_series(kind, "total", tot, nulls)
    if ove is not None:
        new["overall"] = _frame.to_series(kind, "overall", ove, nulls)
    return _frame.with_columns(data, kind, new)


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
    arrays, masks = _frame.numeric_columns(data, kind, names, "data")
    return names, arrays, masks
