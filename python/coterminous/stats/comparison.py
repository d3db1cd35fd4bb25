"""``compare``: every theme of a paired table tested at once."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any, Literal

import numpy as np

from .. import _core
from .._frame import samples
from .._hints import did_you_mean
from ..errors import CoterminousTypeError, CoterminousValueError
from ..framework import Framework
from ._input import _real
from .ordinal import Alternative, bonferroni, holm

Test = Literal["sign", "wilcoxon", "cliffs_delta"]
_TESTS: tuple[Test, ...] = ("sign", "wilcoxon", "cliffs_delta")


def _choice(value: Any, allowed: Sequence[str], arg: str) -> str:
    """An option of ``compare`` itself (its tests, adjustment and Cliff's form), which the core does not know."""
    if not isinstance(value, str) or value not in allowed:
        raise CoterminousValueError(f"{arg}: expected one of {list(allowed)}, got {value!r}{_hint(value, allowed)}")
    return value


def _hint(value: Any, allowed: Sequence[str]) -> str:
    return did_you_mean(value, allowed) if isinstance(value, str) else ""


def _tests(tests: Any) -> list[str]:
    """The tests to run: known names, each once (a test named twice would put every theme
    into its adjustment's family twice)."""
    names = [tests] if isinstance(tests, str) else list(tests)
    if not names:
        raise CoterminousValueError(f"tests: name at least one of {list(_TESTS)}")
    seen: set[str] = set()
    for t in names:
        _choice(t, _TESTS, "tests")
        if t in seen:
            raise CoterminousValueError(
                f"tests: {t!r} is named twice; each test runs once per theme, and its p-values over the "
                "themes are adjusted as one family"
            )
        seen.add(t)
    return names


def _theme_columns(fw: Framework, columns: Any) -> dict[str, tuple[str, str]]:
    """Each theme tested, with its (left, right) columns: ``left_<column>`` and
    ``right_<column>``, the column being the theme's own name unless ``columns`` maps it."""
    themes = list(fw.themes)

    def theme_of(name: Any) -> str:
        if not isinstance(name, str):
            raise CoterminousTypeError(f"columns: a theme is a string, got {type(name).__name__}")
        if name not in themes:
            raise CoterminousValueError(
                f"columns: {name!r} is not a theme of {fw.name} ({themes}){_hint(name, themes)}"
            )
        return name

    if columns is None:
        stems = {t: t for t in themes}
    elif isinstance(columns, Mapping):
        stems = {}
        for theme, col in columns.items():
            if not isinstance(col, str):
                raise CoterminousTypeError(f"columns: the column of {theme!r} is a string, got {type(col).__name__}")
            stems[theme_of(theme)] = col
    elif isinstance(columns, (str, bytes)) or not isinstance(columns, Sequence):
        raise CoterminousTypeError(
            f"columns: expected a list of themes or a mapping theme -> column, got {type(columns).__name__}"
        )
    else:
        stems = {}
        for name in columns:
            if theme_of(name) in stems:
                raise CoterminousValueError(f"columns: theme {name!r} is named twice")
            stems[name] = name
    if not stems:
        raise CoterminousValueError("columns: name at least one theme")
    return {theme: (f"left_{col}", f"right_{col}") for theme, col in stems.items()}


def _run_tests(
    left: np.ndarray, right: np.ndarray, tests: Sequence[str], options: _core.StatsTestOptions, paired_delta: bool
) -> list[dict[str, Any]]:
    """Each test on one theme's complete pairs (whole-number scores: ``left - right`` is exact)."""
    rows = []
    d = left - right
    for t in tests:
        if t == "sign":
            r = _core.stats_sign_test(np.sign(d), options)
            rows.append({"test": t, "statistic": float(r.statistic), "pvalue": r.pvalue, "low": None, "high": None})
        elif t == "wilcoxon":
            w = _core.stats_wilcoxon(d, "wilcox", False, "auto", options)
            rows.append({"test": t, "statistic": w.statistic, "pvalue": w.pvalue, "low": None, "high": None})
        else:
            c = (
                _core.stats_cliffs_delta_paired(np.sign(d), options)
                if paired_delta
                else _core.stats_cliffs_delta(left, right, options)
            )
            rows.append({"test": t, "statistic": c.statistic, "pvalue": c.pvalue, "low": c.low, "high": c.high})
    return rows


def compare(
    paired: Any,
    framework: Framework | str,
    *,
    columns: Sequence[str] | Mapping[str, str] | None = None,
    tests: Sequence[Test] = _TESTS,
    adjust: Literal["holm", "bonferroni"] = "holm",
    alternative: Alternative = "two-sided",
    confidence_level: float = 0.95,
    cliffs: Literal["paired", "independent"] = "paired",
) -> Any:
    """Test every theme of a paired table at once.

    ``paired`` has a ``left_<theme>`` and a ``right_<theme>`` column for each theme of the
    framework (the pairing functions produce such tables); differences are left - right.
    ``columns=`` says which columns hold the themes, as in ``score``: a list of themes tests
    those alone, and a mapping theme -> column reads ``left_<column>`` and ``right_<column>``
    for that theme. A
    pair with a missing score in a theme is left out of that theme (``n`` counts the pairs
    used); scores outside the framework's scale raise ScoreError.

    ``tests``: any of ``"sign"`` (the exact sign test), ``"wilcoxon"`` (scipy's defaults) and
    ``"cliffs_delta"`` (with its confidence interval in ``low``/``high``): by default the
    within-pair dominance, ``cliffs="independent"`` for left and right scores taken as two
    samples. Each test's p-values over the themes are adjusted together (``adjust``).

    Returns a table of the same kind (a dict of numpy arrays for a dict), one row per theme
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
    columns : list of str or mapping of str to str, optional
        The themes to test (default: all), or a mapping theme -> column for a theme whose
        columns are ``left_<column>``/``right_<column>``.
    tests : sequence of {"sign", "wilcoxon", "cliffs_delta"}
        The tests to run on each theme, each once.
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
    DataFrame, Table or dict
        One row per theme and test, of the input's kind.

    Raises
    ------
    CoterminousValueError
        No tests, a test named twice, an unknown option or theme, a confidence level outside
        (0, 1).
    CoterminousTypeError
        A numpy array (no column names), a confidence level that is not a number, ``columns``
        neither a list nor a mapping.
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
    names = _tests(tests)
    _choice(adjust, ("holm", "bonferroni"), "adjust")
    _choice(cliffs, ("paired", "independent"), "cliffs")
    options = _core.StatsTestOptions(alternative, _real(confidence_level, "confidence_level"))
    theme_columns = _theme_columns(fw, columns)
    kind, read = samples.paired_columns(paired, theme_columns, "paired")
    rows: list[dict[str, Any]] = []
    for theme, sides in read.items():
        for (values, ok), name in zip(sides, theme_columns[theme]):
            _core.check_scores(fw._inner, values, arg="paired", column=name, missing=~ok)
        keep = sides[0][1] & sides[1][1]
        left, right = sides[0][0][keep], sides[1][0][keep]
        n = int(keep.sum())
        if n < 2:
            for t in names:
                rows.append(
                    {"theme": theme, "test": t, "n": n, "statistic": None, "pvalue": None, "low": None, "high": None}
                )
            continue
        for r in _run_tests(left, right, names, options, cliffs == "paired"):
            if math.isnan(r["pvalue"]):  # Wilcoxon with nothing to rank: no p-value (see the docstring)
                r["pvalue"] = None
            rows.append({"theme": theme, "n": n, **r})
    adjusted: list[float | None] = [None] * len(rows)
    for t in names:
        idx = [i for i, r in enumerate(rows) if r["test"] == t and r["pvalue"] is not None]
        if idx:
            p = np.array([rows[i]["pvalue"] for i in idx])
            for i, v in zip(idx, (holm(p) if adjust == "holm" else bonferroni(p)).tolist()):
                adjusted[i] = v
    table: dict[str, np.ndarray | tuple[np.ndarray, np.ndarray]] = {
        "theme": np.array([r["theme"] for r in rows], dtype=object),
        "test": np.array([r["test"] for r in rows], dtype=object),
        "n": np.array([r["n"] for r in rows], dtype=np.int64),
        "statistic": _nullable([r["statistic"] for r in rows]),
        "pvalue": _nullable([r["pvalue"] for r in rows]),
        "adjusted_pvalue": _nullable(adjusted),
        "low": _nullable([r["low"] for r in rows]),
        "high": _nullable([r["high"] for r in rows]),
    }
    return samples.result_table(kind, table)


def _nullable(values: list[float | None]) -> tuple[np.ndarray, np.ndarray]:
    """float64 values and a missing-value mask (True where None)."""
    mask = np.array([v is None for v in values], dtype=bool)
    return np.array([0.0 if v is None else v for v in values], dtype=np.float64), mask
