"""A pairing measured against labelled pairs: precision, recall and F1 at every threshold.

A reviewer who has checked some pairs by hand (the labels) can ask how a name pairing or a
candidate table would do at each score floor: the rows scoring at least the floor are the
pairs it proposes; those among the labels are right. This is how splink users choose a
threshold, from a precision-recall chart made from labels.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from . import _frame
from ._frame.types import Table
from .errors import ColumnNotFoundError, CoterminousTypeError, CoterminousValueError

__all__ = ["evaluate_pairs"]

_INDEXES = ("left_index", "right_index")
#: The columns of the result, in order.
COLUMNS = (
    "threshold",
    "predicted",
    "true_positives",
    "false_positives",
    "false_negatives",
    "precision",
    "recall",
    "f1",
)


def _index_column(data: Any, kind: str, name: str, arg: str) -> tuple[np.ndarray, np.ndarray]:
    """A column of non-negative integer row positions as int64, with its missing mask."""
    values, mask = _frame.numeric_column(data, kind, name, arg)
    missing = np.zeros(len(values), dtype=bool) if mask is None else np.asarray(mask, dtype=bool)
    present = values[~missing]
    if present.dtype.kind == "f":
        bad = np.flatnonzero(~missing & ((values != np.floor(values)) | ~np.isfinite(values)))
        if len(bad):
            row = int(bad[0])
            raise CoterminousValueError(
                f"{arg}: column {name!r}, row {row}: {float(values[row])!r} is not a row position (a whole number)"
            )
    elif present.dtype.kind not in "iu":
        raise CoterminousTypeError(f"{arg}: column {name!r} holds {values.dtype}, not row positions")
    out = np.where(missing, 0, values).astype(np.int64)
    negative = np.flatnonzero(~missing & (out < 0))
    if len(negative):
        row = int(negative[0])
        raise CoterminousValueError(f"{arg}: column {name!r}, row {row}: {out[row]} is not a row position (below 0)")
    return out, missing


def _table_pairs(data: Any, arg: str, score: str | None) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Left and right positions, scores (zeros without ``score``) and the rows that are pairs."""
    kind = _frame.kind_of(data, arg)
    have = _frame.column_names(data, kind)
    for name in (*_INDEXES, *((score,) if score is not None else ())):
        if name not in have:
            raise ColumnNotFoundError(f"{arg}: no column {name!r}; columns are {have}")
    left, lmiss = _index_column(data, kind, "left_index", arg)
    right, rmiss = _index_column(data, kind, "right_index", arg)
    keep = ~(lmiss | rmiss)
    if score is None:
        return left, right, np.zeros(len(left)), keep
    values, mask = _frame.numeric_column(data, kind, score, arg)
    s = np.asarray(values, dtype=np.float64)
    smiss = np.zeros(len(s), dtype=bool) if mask is None else np.asarray(mask, dtype=bool)
    bad = np.flatnonzero(keep & ~smiss & ~np.isfinite(s))
    if len(bad):
        row = int(bad[0])
        raise CoterminousValueError(f"{arg}: column {score!r}, row {row}: {float(s[row])!r} is not a finite score")
    missing_score = np.flatnonzero(keep & smiss)
    if len(missing_score):
        row = int(missing_score[0])
        raise CoterminousValueError(f"{arg}: column {score!r}, row {row}: a pair with a missing score")
    return left, right, s, keep


def _label_pairs(labels: Any) -> tuple[np.ndarray, np.ndarray]:
    """The labelled pairs, from a table with ``left_index, right_index`` or a sequence of
    ``(left_index, right_index)`` tuples."""
    if isinstance(labels, Sequence) and not isinstance(labels, str):
        rows = list(labels)
        for i, p in enumerate(rows):
            if not (isinstance(p, Sequence) and not isinstance(p, str) and len(p) == 2):
                raise CoterminousTypeError(f"labels: row {i}: expected a (left_index, right_index) pair, got {p!r}")
            for v in p:
                if isinstance(v, bool) or not isinstance(v, int | np.integer) or v < 0:
                    raise CoterminousValueError(f"labels: row {i}: {v!r} is not a row position")
        arr = np.array(rows, dtype=np.int64).reshape(-1, 2)
        return arr[:, 0], arr[:, 1]
    left, right, _, keep = _table_pairs(labels, "labels", None)
    missing = np.flatnonzero(~keep)
    if len(missing):
        raise CoterminousValueError(f"labels: row {int(missing[0])}: a labelled pair with a missing position")
    return left, right


def _first_duplicate(left: np.ndarray, right: np.ndarray) -> tuple[int, int] | None:
    """The first row repeating an earlier row's pair, with that earlier row, or None."""
    seen: dict[tuple[int, int], int] = {}
    for i, key in enumerate(zip(left.tolist(), right.tolist())):
        if key in seen:
            return seen[key], i
        seen[key] = i
    return None


def evaluate_pairs(pairs: Table, labels: Any, *, score: str = "score") -> Table:
    """Precision, recall and F1 of a pairing against labelled true pairs, at every threshold.

    At a threshold ``t``, the proposed pairs are the rows of ``pairs`` scoring at least ``t``;
    a proposed pair is right when ``(left_index, right_index)`` is among ``labels``. For each
    distinct score present (highest first): ``precision`` is the share of proposed pairs that
    are right, ``recall`` the share of labelled pairs proposed, ``f1`` their harmonic mean (0
    when both are 0). Counts are exact integers; the three ratios are computed from them.

    Parameters
    ----------
    pairs
        The result of :func:`coterminous.pair_names` or :func:`coterminous.name_candidates`
        (or any table with ``left_index``, ``right_index`` and a score column): pandas, polars,
        pyarrow or a dict of columns. Rows with a missing position (names left unpaired, names
        with no candidate) propose nothing and are skipped. A pair may appear once.
    labels
        The true pairs: a table with ``left_index`` and ``right_index``, or a list of
        ``(left_index, right_index)`` tuples. Each pair once; at least one.
    score
        The column holding each row's score (default ``"score"``).

    Returns
    -------
    table
        Of ``pairs``' kind, one row per distinct score, highest first: ``threshold``,
        ``predicted`` (rows scoring at least the threshold), ``true_positives``,
        ``false_positives``, ``false_negatives`` (labelled pairs not proposed), ``precision``,
        ``recall``, ``f1``.

    Raises
    ------
    ColumnNotFoundError
        A table without ``left_index``, ``right_index`` or the score column.
    CoterminousValueError
        A pair or a label given twice, no labels, a position that is not a whole number at
        least 0, or a proposed pair with a missing or non-finite score.
    CoterminousTypeError
        ``labels`` that are neither a table nor a list of pairs; a position column that is not
        numeric.

    Examples
    --------
    The nine areas of the 2008 paper (shipped as ``nlgn2008/figure3``): each PCT's true
    partner is the council of its area.

    >>> import coterminous as ct
    >>> fig3 = ct.datasets.load("nlgn2008/figure3")
    >>> pcts = fig3[fig3["sector"] == "pct"].reset_index(drop=True)
    >>> councils = fig3[fig3["sector"] == "council"].sort_values("body").reset_index(drop=True)
    >>> labels = [(i, int(councils.index[councils["area"] == a][0])) for i, a in enumerate(pcts["area"])]
    >>> found = ct.name_candidates(pcts["body"], councils["body"], k=2)
    >>> ct.evaluate_pairs(found, labels)[["threshold", "predicted", "true_positives", "precision", "recall"]].round(3)
       threshold  predicted  true_positives  precision  recall
    0     100.00          8               8        1.0   0.889
    1      45.97         10               8        0.8   0.889
    """
    if not isinstance(score, str):
        raise CoterminousTypeError(f"score: expected a column name, got {type(score).__name__}")
    left, right, s, keep = _table_pairs(pairs, "pairs", score)
    left, right, s = left[keep], right[keep], s[keep]
    dup = _first_duplicate(left, right)
    if dup is not None:
        rows = np.flatnonzero(keep)
        raise CoterminousValueError(
            f"pairs: rows {int(rows[dup[0]])} and {int(rows[dup[1]])} propose the same pair "
            f"({int(left[dup[1]])}, {int(right[dup[1]])}); keep one row per pair"
        )
    true_left, true_right = _label_pairs(labels)
    if len(true_left) == 0:
        raise CoterminousValueError("labels: no labelled pair; precision and recall need at least one")
    dup = _first_duplicate(true_left, true_right)
    if dup is not None:
        raise CoterminousValueError(f"labels: rows {dup[0]} and {dup[1]} give the same pair")
    truth = set(zip(true_left.tolist(), true_right.tolist()))
    right_pair = np.fromiter((p in truth for p in zip(left.tolist(), right.tolist())), dtype=bool, count=len(left))
    order = np.argsort(-s, kind="stable")
    s_sorted = s[order]
    tp_cum = np.cumsum(right_pair[order], dtype=np.int64)
    # the last row of each run of equal scores: every row scoring at least that score is in
    last = np.flatnonzero(np.append(s_sorted[1:] != s_sorted[:-1], True)) if len(s) else np.array([], dtype=np.int64)
    predicted = (last + 1).astype(np.int64)
    tp = tp_cum[last] if len(last) else np.array([], dtype=np.int64)
    fp = predicted - tp
    fn = len(truth) - tp
    precision = tp / predicted if len(predicted) else np.array([], dtype=np.float64)
    recall = tp / len(truth)
    both = precision + recall
    f1 = np.divide(2 * precision * recall, both, out=np.zeros(len(both)), where=both > 0)
    kind = _frame.kind_of(pairs, "pairs")
    columns = {
        "threshold": s_sorted[last] if len(last) else np.array([], dtype=np.float64),
        "predicted": predicted,
        "true_positives": tp.astype(np.int64),
        "false_positives": fp.astype(np.int64),
        "false_negatives": fn.astype(np.int64),
        "precision": np.asarray(precision, dtype=np.float64),
        "recall": np.asarray(recall, dtype=np.float64),
        "f1": f1,
    }
    return _frame.new_table(kind, {k: _frame.to_series(kind, k, v) for k, v in columns.items()})  # type: ignore[no-any-return]
