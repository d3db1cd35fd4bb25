"""``compare``: every theme of a paired table tested at once."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Literal

import numpy as np

from .. import _core, _frame
from ..errors import CoterminousTypeError, CoterminousValueError
from ..framework import Framework
from ._input import _real
from .ordinal import Alternative, bonferroni, cliffs_delta, holm, sign_test, wilcoxon

_TESTS = ("sign", "wilcoxon", "cliffs_delta")


def _choice(value: Any, allowed: Sequence[str], arg: str) -> str:
    """An option of ``compare`` itself (its tests, adjustment and Cliff's form), which the core does not know."""
    if not isinstance(value, str) or value not in allowed:
        raise CoterminousValueError(f"{arg}: expected one of {list(allowed)}, got {value!r}")
    return value


def _run_tests(
    left: np.ndarray,
    right: np.ndarray,
    tests: Sequence[str],
    alternative: str,
    confidence_level: float,
    paired_delta: bool,
) -> list[dict[str, Any]]:
    rows = []
    for t in tests:
        if t == "sign":
            r = sign_test(left, right, alternative=alternative)  # type: ignore[arg-type]
            rows.append({"test": t, "statistic": float(r.statistic), "pvalue": r.pvalue, "low": None, "high": None})
        elif t == "wilcoxon":
            w = wilcoxon(left, right, alternative=alternative)  # type: ignore[arg-type]
            rows.append({"test": t, "statistic": w.statistic, "pvalue": w.pvalue, "low": None, "high": None})
        else:
            c = cliffs_delta(left, right, paired=paired_delta, confidence_level=confidence_level)
            rows.append(
                {
                    "test": t,
                    "statistic": c.statistic,
                    "pvalue": c.pvalue,
                    "low": c.confidence_interval.low,
                    "high": c.confidence_interval.high,
                }
            )
    return rows


def compare(
    paired: Any,
    framework: Framework | str,
    *,
    tests: Sequence[str] = _TESTS,
    adjust: Literal["holm", "bonferroni"] = "holm",
    alternative: Alternative = "two-sided",
    confidence_level: float = 0.95,
    cliffs: Literal["paired", "independent"] = "paired",
) -> Any:
    """Test every theme of a paired table at once.

    ``paired`` has a ``left_<theme>`` and a ``right_<theme>`` column for each theme of the
    framework (the pairing functions produce such tables); differences are left - right. A
    pair with a missing score in a theme is left out of that theme (``n`` counts the pairs
    used); scores outside the framework's scale raise ScoreError.

    ``tests``: any of ``"sign"`` (the exact sign test), ``"wilcoxon"`` (scipy's defaults) and
    ``"cliffs_delta"`` (with its confidence interval in ``low``/``high``): by default the
    within-pair dominance, ``cliffs="independent"`` for left and right scores taken as two
    samples. Each test's p-values over the themes are adjusted together (``adjust``).

    Returns a table of the same kind (lists, dicts and numpy in: pandas out), one row per theme
    and test: ``theme, test, n, statistic, pvalue, adjusted_pvalue, low, high``. The number
    columns are float64 with missing values: polars and pyarrow nulls, and in pandas NaN,
    pandas' own missing value of a float64 column (``isna`` finds it; pandas' nullable
    ``Float64`` would display a p-value of 1e-15 as 0.0). A value that does not exist is
    missing: ``low`` and ``high`` for the tests without an interval (sign, Wilcoxon), and every
    number of a test that has no result for a theme. Such a row is still there, with ``n``: a
    theme with fewer than two complete pairs (nothing is tested), or Wilcoxon under the normal
    approximation when every difference is zero (n > 13; scipy's p-value is NaN, see
    ``wilcoxon``). A test without a p-value cannot reject, so it is left out of the adjustment:
    the others are adjusted as a family of the themes that have a p-value, and its
    ``adjusted_pvalue`` is missing too.

    Parameters
    ----------
    paired : DataFrame, Table or dict of columns
        ``left_<theme>`` and ``right_<theme>`` columns for every theme of the framework.
    framework : Framework or str
        The framework whose themes and scale apply.
    tests : sequence of {"sign", "wilcoxon", "cliffs_delta"}
        The tests to run on each theme.
    adjust : {"holm", "bonferroni"}
        The adjustment of each test's p-values over the themes.
    alternative : {"two-sided", "less", "greater"}
        The alternative hypothesis on left - right (the sign and Wilcoxon tests).
    confidence_level : float
        Of Cliff's delta's interval, strictly between 0 and 1.
    cliffs : {"paired", "independent"}
        The within-pair dominance, or left and right as two samples.

    Returns
    -------
    DataFrame or Table
        One row per theme and test, of the input's kind (pandas for dicts).

    Raises
    ------
    CoterminousValueError
        No tests or an unknown option, a confidence level outside (0, 1).
    CoterminousTypeError
        A numpy array (no column names), or a confidence level that is not a number.
    ColumnNotFoundError
        A theme's column is missing.
    ScoreError
        A score off the framework's scale.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"left_financial_reporting": [3, 3, 4, 2], "right_financial_reporting": [1, 2, 3, 3],
    ...                   "left_financial_management": [3, 3, 3, 2], "right_financial_management": [1, 1, 2, 2],
    ...                   "left_financial_standing": [4, 3, 3, 3], "right_financial_standing": [1, 2, 3, 1],
    ...                   "left_internal_control": [3, 3, 3, 3], "right_internal_control": [2, 2, 3, 2],
    ...                   "left_value_for_money": [3, 4, 3, 3], "right_value_for_money": [2, 2, 2, 2]})
    >>> compare(t, "ale", tests=["sign"])[["theme", "n", "statistic", "pvalue", "adjusted_pvalue"]]
                      theme  n  statistic  pvalue  adjusted_pvalue
    0   financial_reporting  4        3.0   0.625            1.000
    1  financial_management  4        3.0   0.250            1.000
    2    financial_standing  4        3.0   0.250            1.000
    3      internal_control  4        3.0   0.250            1.000
    4       value_for_money  4        4.0   0.125            0.625
    """
    from ..scoring import _framework

    fw = _framework(framework)
    tests = [tests] if isinstance(tests, str) else list(tests)
    if not tests:
        raise CoterminousValueError(f"tests: name at least one of {list(_TESTS)}")
    for t in tests:
        _choice(t, _TESTS, "tests")
    _choice(adjust, ("holm", "bonferroni"), "adjust")
    _choice(cliffs, ("paired", "independent"), "cliffs")
    level = _real(confidence_level, "confidence_level")
    _core.stats_check_options(alternative, level)
    kind = _frame.kind_of(paired, "paired")
    if kind == _frame.NUMPY:
        raise CoterminousTypeError(
            "paired: needs named left_<theme> and right_<theme> columns; pass a DataFrame, a Table or a dict"
        )
    out_kind = _frame.PANDAS if kind == _frame.DICT else kind
    names = [f"{side}_{t}" for t in fw.themes for side in ("left", "right")]
    _frame.require_columns(paired, kind, names, "paired")
    lo, hi = fw.scale.min, fw.scale.max
    rows: list[dict[str, Any]] = []
    for theme in fw.themes:
        cols = []
        for side in ("left", "right"):
            name = f"{side}_{theme}"
            values, mask = _frame.numeric_column(paired, kind, name, "paired")
            values = np.ascontiguousarray(values, dtype=np.float64)
            missing = None if mask is None else np.ascontiguousarray(mask, dtype=bool)
            _core.stats_check_scores(values, lo, hi, fw.name, "paired", name, missing)
            ok = np.ones(len(values), dtype=bool) if missing is None else ~missing
            cols.append((values, ok))
        keep = cols[0][1] & cols[1][1]
        left, right = cols[0][0][keep], cols[1][0][keep]
        n = int(keep.sum())
        if n < 2:
            for t in tests:
                rows.append(
                    {"theme": theme, "test": t, "n": n, "statistic": None, "pvalue": None, "low": None, "high": None}
                )
            continue
        for r in _run_tests(left, right, tests, alternative, level, cliffs == "paired"):
            if math.isnan(r["pvalue"]):  # Wilcoxon with nothing to rank: no p-value (see the docstring)
                r["pvalue"] = None
            rows.append({"theme": theme, "n": n, **r})
    adjusted: list[float | None] = [None] * len(rows)
    for t in tests:
        idx = [i for i, r in enumerate(rows) if r["test"] == t and r["pvalue"] is not None]
        if idx:
            p = np.array([rows[i]["pvalue"] for i in idx])
            for i, v in zip(idx, (holm(p) if adjust == "holm" else bonferroni(p)).tolist()):
                adjusted[i] = v
    columns: dict[str, np.ndarray | tuple[np.ndarray, np.ndarray]] = {
        "theme": np.array([r["theme"] for r in rows], dtype=object),
        "test": np.array([r["test"] for r in rows], dtype=object),
        "n": np.array([r["n"] for r in rows], dtype=np.int64),
        "statistic": _nullable([r["statistic"] for r in rows]),
        "pvalue": _nullable([r["pvalue"] for r in rows]),
        "adjusted_pvalue": _nullable(adjusted),
        "low": _nullable([r["low"] for r in rows]),
        "high": _nullable([r["high"] for r in rows]),
    }
    return _table(out_kind, columns)


def _nullable(values: list[float | None]) -> tuple[np.ndarray, np.ndarray]:
    """float64 values and a missing-value mask (True where None)."""
    mask = np.array([v is None for v in values], dtype=bool)
    return np.array([0.0 if v is None else v for v in values], dtype=np.float64), mask


def _table(kind: str, columns: dict[str, np.ndarray | tuple[np.ndarray, np.ndarray]]) -> Any:
    built = {}
    for k, v in columns.items():
        if isinstance(v, tuple) and kind == _frame.PANDAS:  # float64, NaN missing: Float64 shows 1e-15 as 0.0
            built[k] = _frame.to_series(kind, k, np.where(v[1], np.nan, v[0]))
        elif isinstance(v, tuple):  # nullable: values and a missing-value mask
            built[k] = _frame.to_series(kind, k, v[0], v[1])
        elif v.dtype == object and kind == _frame.POLARS:
            import polars as pl

            built[k] = pl.Series(k, v.tolist(), dtype=pl.String)
        elif v.dtype == object and kind == _frame.PYARROW:
            import pyarrow as pa

            built[k] = pa.array(v.tolist(), pa.string())
        else:
            built[k] = _frame.to_series(kind, k, v)
    return _frame.new_table(kind, built)
