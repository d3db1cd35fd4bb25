"""Values moved across boundaries that do not line up, through an overlap table
(:func:`apportion`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

import numpy as np

from .. import _core, _frame
from .._frame import crosswalk as cw
from .._frame import pairs as tables
from ..errors import CoterminousTypeError, CoterminousValueError, TieError
from ..framework import Framework, Scale
from ._common import (
    Errors,
    as_python,
    check_choice,
    check_name,
    check_names,
    check_same_type,
    listed,
    name_column,
    read_links,
    report,
    table_kind,
)

__all__ = ["apportion", "Apportioned", "Totals"]

ScaleLike = Framework | Scale | str | tuple[int, int]


@dataclass(frozen=True)
class Totals:
    """An extensive column's totals before and after :func:`apportion`.

    ``source`` is the column's sum over the values table (missing values left out), ``target``
    the sum of the moved values over the targets. ``bound`` is the floating-point error bound
    of ``target - source`` when every source with a value lies in the overlap with a positive
    weight: ``(2m + n + 4) u sum(|v|)``, ``m`` the overlap's rows, ``n`` the values' rows and
    ``u = 2**-53``. ``preserved`` is ``abs(target - source) <= bound``."""

    column: str
    source: float
    target: float
    bound: float

    @property
    def difference(self) -> float:
        """``target - source``."""
        return self.target - self.source

    @property
    def preserved(self) -> bool:
        """Whether the totals agree within the error bound."""
        return abs(self.difference) <= self.bound


class Apportioned(NamedTuple):
    """What :func:`apportion` returns with ``totals=True``: the table and, per extensive
    column, its :class:`Totals`."""

    table: Any
    totals: dict[str, Totals]


def _columns(value: Any, arg: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, Sequence) and all(isinstance(v, str) for v in value):
        return list(value)
    raise CoterminousTypeError(f"{arg}: expected a column name or a list of names, got {value!r}")


def _scale(spec: Any, column: str) -> tuple[int, int]:
    """The (min, max) of an ordinal column's scale: a Framework, a built-in framework's name, a
    Scale or a (min, max) pair of integers."""
    if isinstance(spec, str):
        spec = Framework.get(spec)
    if isinstance(spec, Framework):
        spec = spec.scale
    if isinstance(spec, Scale):
        return spec.min, spec.max
    if (
        isinstance(spec, tuple)
        and len(spec) == 2
        and all(isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in spec)
    ):
        lo, hi = int(spec[0]), int(spec[1])
        if lo > hi:
            raise CoterminousValueError(f"ordinal: column {column!r}: a scale ({lo}, {hi}) with min above max")
        if hi - lo >= 1 << 16:
            raise CoterminousValueError(
                f"ordinal: column {column!r}: a scale ({lo}, {hi}) of more than 65,536 values; an ordinal scale "
                "has a few values (a measure with many is intensive)"
            )
        return lo, hi
    raise CoterminousTypeError(
        f"ordinal: column {column!r}: expected a Framework, a framework's name, a Scale or a (min, max) pair, "
        f"got {spec!r}"
    )


def _match_sources(values: Any, kind: str, on: str, links: Any) -> tuple[np.ndarray, list[str]]:
    """The values' row of each source unit (-1: none) and the problems found matching them."""
    codes, _ = cw.read_codes(values, kind, on, "on")
    check_same_type(codes, links.sources, f"on: the codes of column {on!r}", f"the overlap's {links.source_side} codes")
    order = np.argsort(codes, kind="stable")
    ordered = codes[order]
    dup = np.flatnonzero(ordered[1:] == ordered[:-1]) if len(codes) > 1 else np.array([], dtype=np.int64)
    if len(dup):
        a, b = sorted((int(order[dup[0]]), int(order[dup[0] + 1])))
        raise CoterminousValueError(
            f"values: column {on!r}: the code {as_python(ordered[dup[0] : dup[0] + 1])[0]!r} is on rows {a} and {b}; "
            "each source needs one row"
        )
    pos = np.searchsorted(ordered, links.sources) if len(ordered) else np.zeros(len(links.sources), dtype=np.int64)
    pos = np.minimum(pos, max(len(ordered) - 1, 0))
    found = (ordered[pos] == links.sources) if len(ordered) else np.zeros(len(links.sources), dtype=bool)
    rows = np.where(found, order[pos] if len(ordered) else 0, -1).astype(np.int64)
    problems = []
    absent = links.sources[~found]
    if len(absent):
        problems.append(
            f"{len(absent)} {links.source_side} code(s) of the overlap have no row in values (column {on!r}): "
            f"{listed(as_python(absent))}; their targets' coverage falls short of 1"
        )
    in_overlap = np.zeros(len(codes), dtype=bool)
    in_overlap[rows[rows >= 0]] = True
    if not in_overlap.all():
        extra = codes[~in_overlap]
        problems.append(
            f"{len(extra)} code(s) of values column {on!r} are not {links.source_side} codes of the overlap: "
            f"{listed(as_python(extra))}; their values are not moved"
        )
    return rows, problems


def apportion(
    values: Any,
    overlap: Any,
    *,
    on: str,
    to: Literal["right", "left"] = "right",
    extensive: str | Sequence[str] = (),
    intensive: str | Sequence[str] = (),
    ordinal: Mapping[str, ScaleLike] | None = None,
    categorical: str | Sequence[str] = (),
    ties: Literal["low", "high", "error", "all"] = "low",
    ordinal_mean: bool = False,
    names: Mapping[Any, str] | None = None,
    errors: Errors = "warn",
    totals: bool = False,
) -> Any:
    """Move columns of ``values`` from one side of an overlap table to the other.

    Parameters
    ----------
    values : DataFrame, Table or dict of arrays
        One row per source unit: its code in column ``on`` and the columns to move.
    overlap : DataFrame, Table or dict of arrays
        A table with columns ``left``, ``right`` and ``weight`` (the output of
        :func:`coterminous.overlap`, or any such table): the weight two units share, such as
        their common population. A pair on several rows counts once, its weights added.
    on : str
        The column of ``values`` holding the source codes (the overlap's ``left`` codes when
        ``to="right"``).
    to : {"right", "left"}, default "right"
        The side the values move to.
    extensive : str or list of str
        Counts, money: each source's value split by its share of its weight. With every source
        present, the targets' values add up to the sources' (see ``totals``).
    intensive : str or list of str
        Rates, percentages: the weight-weighted mean over the target's sources with a value.
    ordinal : dict of column to scale
        Ordinal ratings, each with its scale (a Framework, a built-in framework's name, a
        :class:`coterminous.Scale` or a ``(min, max)`` pair): for each scale value ``v`` a
        column ``<column>_share_<v>``, the share of the target's covered weight at ``v``;
        ``<column>_median``, the lower weighted median (the smallest value whose cumulative
        share reaches one half); ``<column>_mode``, the value holding most weight.
    categorical : str or list of str
        Categories (strings or integers): ``<column>_share_<category>`` for each category
        occurring in ``values`` (ascending) and ``<column>_mode``, the category holding most
        weight.
    ties : {"low", "high", "error", "all"}, default "low"
        The modes' tie policy, as in :func:`coterminous.modes`, for exactly equal weights: the
        smallest value (category), the largest, a TieError, or a list of every tied value.
    ordinal_mean : bool, default False
        Also give ``<column>_mean``, the weighted mean of the ordinal values.
    names : mapping of code to name, optional
        Adds ``<side>_name`` beside the target codes (missing for a code it lacks).
    errors : {"raise", "warn", "ignore"}, default "warn"
        What to do with codes on one side only (overlap sources without a row in ``values``,
        ``values`` codes not in the overlap) and with extensive totals that did not survive:
        raise CoterminousValueError, warn (CrosswalkWarning, naming the codes) or nothing.
    totals : bool, default False
        Return ``Apportioned(table, totals)``, ``totals`` a dict of :class:`Totals` per
        extensive column, instead of the table alone.

    Returns
    -------
    table
        One row per target unit of the overlap, ascending by code, in a column named for the
        target side (``right`` or ``left``); then ``coverage``, the share of the target's weight
        whose source has a row in ``values``; then per moved column, in the order given
        (extensive, intensive, ordinal, categorical), its columns and ``<column>_coverage``,
        the share of the target's weight whose source has a value in that column. A missing
        value never counts as 0: a target with no covered weight has missing values (and
        missing coverage when its weight is 0). Of the kind of ``values``.

    Raises
    ------
    CoterminousValueError
        A code on two rows of ``values``, a missing code or weight, a negative or infinite
        weight, a column given twice, or (``errors="raise"``) codes on one side only.
    ScoreError
        An ordinal value that is not an integer of its scale (naming column and row).
    TieError
        ``ties="error"`` and two values hold exactly the same weight.
    ColumnNotFoundError
        A column not in ``values`` or ``overlap``.
    CoterminousTypeError
        Codes of different types on the two sides, or arguments of the wrong type.

    Examples
    --------
    >>> import pandas as pd
    >>> overlap = pd.DataFrame({"left": ["A", "B", "B"], "right": ["x", "x", "y"], "weight": [10, 30, 10]})
    >>> values = pd.DataFrame({"la": ["A", "B"], "beds": [100, 40], "rating": [1, 3]})
    >>> apportion(values, overlap, on="la", extensive="beds", ordinal={"rating": (1, 4)})[
    ...     ["right", "beds", "rating_share_1", "rating_share_3", "rating_median"]
    ... ]
      right   beds  rating_share_1  rating_share_3  rating_median
    0     x  130.0            0.25            0.75              3
    1     y   10.0            0.00            1.00              3
    """
    on = check_name(on, "on")
    errors = check_choice(errors, "errors", ("raise", "warn", "ignore"))  # type: ignore[assignment]
    ties = check_choice(ties, "ties", ("low", "high", "error", "all"))  # type: ignore[assignment]
    if not isinstance(ordinal_mean, bool) or not isinstance(totals, bool):
        raise CoterminousTypeError("ordinal_mean, totals: expected True or False")
    names = check_names(names)
    ordinal = {} if ordinal is None else ordinal
    if not isinstance(ordinal, Mapping):
        raise CoterminousTypeError(f"ordinal: expected a dict of column to scale, got {type(ordinal).__name__}")
    groups = [
        ("extensive", _columns(extensive, "extensive")),
        ("intensive", _columns(intensive, "intensive")),
        ("ordinal", [check_name(c, "ordinal") for c in ordinal]),
        ("categorical", _columns(categorical, "categorical")),
    ]
    seen: dict[str, str] = {}
    for arg, cols in groups:
        for c in cols:
            if c in seen or c == on:
                raise CoterminousValueError(f"{arg}: column {c!r} is given twice (also as {seen.get(c, 'on')})")
            seen[c] = arg
    if not seen:
        raise CoterminousValueError("give at least one column to move (extensive, intensive, ordinal or categorical)")
    kind = table_kind(values, "values")
    _frame.require_columns(values, kind, [on, *seen], "values")
    links = read_links(overlap, to)
    rows, problems = _match_sources(values, kind, on, links)
    # the columns the core reads, with how each moves
    numeric = [c for arg, cols in groups[:3] for c in cols]
    arrays, masks = _frame.numeric_columns(values, kind, numeric, "values")
    specs: list[tuple[str, int, int, bool, bool]] = [("extensive", 0, 0, False, False)] * len(groups[0][1])
    specs += [("intensive", 0, 0, False, False)] * len(groups[1][1])
    scales = {c: _scale(ordinal[c], c) for c in groups[2][1]}
    specs += [("levels", *scales[c], True, ordinal_mean) for c in groups[2][1]]
    categories: dict[str, list[Any]] = {}
    for c in groups[3][1]:
        codes, mask = cw.read_codes(values, kind, c, "categorical", allow_missing=True)
        present = codes if mask is None else codes[~mask]
        cats, idx = np.unique(present, return_inverse=True)
        full = np.zeros(len(codes), dtype=np.int64)
        full[slice(None) if mask is None else ~mask] = idx.reshape(-1)
        categories[c] = as_python(cats)
        arrays.append(full)
        masks.append(_frame.core_mask(mask))
        specs.append(("levels", 0, max(len(cats) - 1, 0), False, False))
    _check_clashes(links.target_side, names is not None, groups, scales, categories, ordinal_mean)
    moved_names = [_frame.core_name(c) for c in [*numeric, *groups[3][1]]]
    coverage, moved = _core.crosswalk_apportion(
        links.source,
        links.target,
        links.weight,
        len(links.sources),
        len(links.targets),
        rows,
        _n_rows(values, kind, on),
        moved_names,
        arrays,
        masks,
        specs,
        ties,
    )
    targets = as_python(links.targets)
    out: dict[str, Any] = {links.target_side: cw.code_column(kind, links.target_side, links.targets)}
    if names is not None:
        out[f"{links.target_side}_name"] = name_column(kind, f"{links.target_side}_name", targets, names)
    out["coverage"] = _floats(kind, "coverage", coverage, np.isnan(coverage))
    found_totals: dict[str, Totals] = {}
    for (c, arg), spec, m in zip(((c, arg) for arg, cols in groups for c in cols), specs, moved):
        null = m["null"]
        if "tied_target" in m:
            raise TieError(
                f"ties='error': {links.target_side} {targets[m['tied_target']]!r}, column {c!r}: the values "
                f"{_tied(m['tied_values'], categories.get(c))} hold the same weight"
            )
        if arg in ("extensive", "intensive"):
            out[c] = _floats(kind, c, m["values"], null)
        if arg == "extensive":
            source, target, bound, unsplit = m["totals"]
            t = found_totals[c] = Totals(c, float(source), float(target), float(bound))
            if len(unsplit):
                problems.append(
                    f"column {c!r}: {len(unsplit)} source(s) with a value have a total weight of 0 in the overlap "
                    f"and cannot be split: {listed(as_python(links.sources[unsplit]))}"
                )
            if not t.preserved:
                problems.append(
                    f"column {c!r}: the total moved ({t.target!r}) differs from the values' total ({t.source!r})"
                )
        if spec[0] == "levels":
            out.update(_levels(kind, c, spec, m, null, categories.get(c)))
        out[f"{c}_coverage"] = _floats(kind, f"{c}_coverage", m["coverage"], np.isnan(m["coverage"]))
    report(problems, errors)
    table = _frame.new_table(kind, out)
    return Apportioned(table, found_totals) if totals else table


def _n_rows(values: Any, kind: str, on: str) -> int:
    return tables.n_rows(values, kind)


def _floats(kind: str, name: str, values: np.ndarray, null: np.ndarray) -> Any:
    return _frame.to_series(kind, name, values, null if null.any() else None)


def _tied(values: np.ndarray, cats: list[Any] | None) -> list[Any]:
    return [cats[int(v)] for v in values] if cats is not None else [int(v) for v in values]


def _levels(
    kind: str,
    c: str,
    spec: tuple[str, int, int, bool, bool],
    m: dict[str, Any],
    null: np.ndarray,
    cats: list[Any] | None,
) -> dict[str, Any]:
    """The share, median, mode and mean columns of an ordinal or categorical column."""
    out: dict[str, Any] = {}
    n = int(m["n_levels"]) if cats is None or cats else 0
    shares = np.asarray(m["shares"]).reshape(-1, max(n, 1))
    labels = cats if cats is not None else list(range(spec[1], spec[2] + 1))
    mask = null if null.any() else None
    for k, v in enumerate(labels):
        out[f"{c}_share_{v}"] = _frame.to_series(kind, f"{c}_share_{v}", np.ascontiguousarray(shares[:, k]), mask)
    if cats is None:
        out[f"{c}_median"] = _frame.to_series(kind, f"{c}_median", m["median"], mask)
    mode = m["mode"]
    if "mode_offsets" in m:
        vals = _tied(mode, cats)
        out[f"{c}_mode"] = cw.list_of_codes(kind, f"{c}_mode", m["mode_offsets"], vals)
    elif cats is not None:
        picked = np.array(labels, dtype=object)[mode] if labels else np.array([None] * len(mode), dtype=object)
        codes = picked.astype(np.int64) if labels and isinstance(labels[0], int) else picked
        out[f"{c}_mode"] = cw.code_column(kind, f"{c}_mode", codes, mask)
    else:
        out[f"{c}_mode"] = _frame.to_series(kind, f"{c}_mode", mode, mask)
    if m.get("mean") is not None:
        out[f"{c}_mean"] = _frame.to_series(kind, f"{c}_mean", m["mean"], mask)
    return out


def _check_clashes(side: str, named: bool, groups: Any, scales: Any, cats: Any, mean: bool) -> None:
    """Two output columns with one name (a moved column named ``coverage``, or ``r_share_1``
    beside an ordinal ``r``) would overwrite each other: an error naming both."""
    made: dict[str, str] = {side: "the target codes", "coverage": "the coverage"}
    if named:
        made[f"{side}_name"] = "the target names"

    def add(name: str, what: str) -> None:
        if name in made:
            raise CoterminousValueError(f"the result would have two columns named {name!r} ({made[name]} and {what})")
        made[name] = what

    for arg, cols in groups:
        for c in cols:
            if arg in ("extensive", "intensive"):
                add(c, f"{arg} column {c!r}")
            if arg in ("ordinal", "categorical"):
                labels = cats[c] if arg == "categorical" else range(scales[c][0], scales[c][1] + 1)
                for v in labels:
                    add(f"{c}_share_{v}", f"{arg} column {c!r}")
                suffixes = ("_median", "_mode", "_mean") if arg == "ordinal" else ("_mode",)
                for suffix in suffixes[: 2 + mean] if arg == "ordinal" else suffixes:
                    add(c + suffix, f"{arg} column {c!r}")
            add(f"{c}_coverage", f"{arg} column {c!r}")
