"""evaluate_pairs against a brute-force count at every threshold, on every table kind."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coterminous as ct


def brute(rows: list[tuple[int, int, float]], labels: set[tuple[int, int]]) -> list[tuple]:
    """One row per distinct score, highest first, counted pair by pair in exact fractions."""
    out = []
    for t in sorted({s for _, _, s in rows}, reverse=True):
        proposed = {(a, b) for a, b, s in rows if s >= t}
        tp = len(proposed & labels)
        p = Fraction(tp, len(proposed))
        r = Fraction(tp, len(labels))
        f1 = 2 * p * r / (p + r) if p + r else Fraction(0)
        out.append((t, len(proposed), tp, len(proposed) - tp, len(labels) - tp, p, r, f1))
    return out


def as_rows(table: pd.DataFrame) -> list[tuple]:
    return [tuple(r) for r in table.itertuples(index=False)]


def check(table: pd.DataFrame, expected: list[tuple]) -> None:
    assert list(table.columns) == [
        "threshold",
        "predicted",
        "true_positives",
        "false_positives",
        "false_negatives",
        "precision",
        "recall",
        "f1",
    ]
    got = as_rows(table)
    assert len(got) == len(expected)
    for g, e in zip(got, expected):
        assert g[:5] == e[:5]
        for a, b in zip(g[5:], e[5:]):
            assert a == pytest.approx(float(b), rel=1e-15, abs=0)


ROWS = [(0, 1, 90.0), (1, 0, 90.0), (2, 2, 60.0), (3, 3, 40.0), (0, 2, 40.0), (4, 4, 10.0)]
LABELS = {(0, 1), (1, 0), (2, 3), (3, 3)}


def frame(rows: list[tuple[int, int, float]]) -> dict[str, list]:
    return {
        "left_index": [r[0] for r in rows],
        "right_index": [r[1] for r in rows],
        "score": [r[2] for r in rows],
    }


@pytest.mark.parametrize("kind", ["pandas", "polars", "pyarrow", "dict"])
def test_counts_at_every_threshold_each_kind(kind: str) -> None:
    data = frame(ROWS)
    made = {
        "pandas": pd.DataFrame(data),
        "polars": pl.DataFrame(data),
        "pyarrow": pa.table(data),
        "dict": {k: np.asarray(v) for k, v in data.items()},
    }[kind]
    out = ct.evaluate_pairs(made, sorted(LABELS))
    table = {
        "pandas": lambda o: o,
        "polars": lambda o: o.to_pandas(),
        "pyarrow": lambda o: o.to_pandas(),
        "dict": lambda o: pd.DataFrame(o),
    }[kind](out)
    assert type(out).__module__.split(".")[0] == type(made).__module__.split(".")[0]
    check(table, brute(ROWS, LABELS))


def test_labels_as_a_table_and_unpaired_rows_skipped() -> None:
    rows = pd.DataFrame(
        {
            "left_index": pd.array([0, 1, 2, None], dtype="Int64"),
            "right_index": pd.array([1, None, 2, 0], dtype="Int64"),
            "score": pd.array([80.0, None, 50.0, None], dtype="Float64"),
        }
    )
    labels = pd.DataFrame({"left_index": [0, 2, 5], "right_index": [1, 3, 5]})
    out = ct.evaluate_pairs(rows, labels)
    check(out, brute([(0, 1, 80.0), (2, 2, 50.0)], {(0, 1), (2, 3), (5, 5)}))


def test_a_real_name_pairing_against_its_labels() -> None:
    fig3 = ct.datasets.load("nlgn2008/figure3")
    pcts = fig3[fig3["sector"] == "pct"].reset_index(drop=True)
    councils = fig3[fig3["sector"] == "council"].sort_values("body").reset_index(drop=True)
    labels = {(i, int(councils.index[councils["area"] == a][0])) for i, a in enumerate(pcts["area"])}
    found = ct.name_candidates(pcts["body"], councils["body"], k=3)
    rows = [
        (int(a), int(b), float(s))
        for a, b, s in zip(found["left_index"], found["right_index"], found["score"])
        if not pd.isna(b)
    ]
    check(ct.evaluate_pairs(found, sorted(labels)), brute(rows, labels))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 6), st.integers(0, 6), st.sampled_from([0.0, 12.5, 35.0, 50.0, 99.5, 100.0])),
        max_size=30,
        unique_by=lambda r: (r[0], r[1]),
    ),
    st.sets(st.tuples(st.integers(0, 6), st.integers(0, 6)), min_size=1, max_size=12),
)
def test_against_brute_force(rows: list[tuple[int, int, float]], labels: set[tuple[int, int]]) -> None:
    out = ct.evaluate_pairs(pd.DataFrame(frame(rows), columns=["left_index", "right_index", "score"]), sorted(labels))
    check(out, brute(rows, labels))
    # recall never falls and predicted never falls as the threshold falls
    assert (np.diff(out["recall"].to_numpy()) >= 0).all()
    assert (np.diff(out["predicted"].to_numpy()) > 0).all()


def test_bad_input_is_named() -> None:
    good = pd.DataFrame(frame(ROWS))
    with pytest.raises(ct.CoterminousValueError, match="rows 0 and 1 propose the same pair"):
        ct.evaluate_pairs(pd.DataFrame(frame([(0, 1, 5.0), (0, 1, 6.0)])), [(0, 1)])
    with pytest.raises(ct.CoterminousValueError, match="labels: rows 0 and 2 give the same pair"):
        ct.evaluate_pairs(good, [(0, 1), (1, 1), (0, 1)])
    with pytest.raises(ct.CoterminousValueError, match="no labelled pair"):
        ct.evaluate_pairs(good, [])
    with pytest.raises(ct.ColumnNotFoundError, match="'score'"):
        ct.evaluate_pairs(good.drop(columns="score"), [(0, 1)])
    with pytest.raises(ct.CoterminousValueError, match="row 2: 1.5 is not a row position"):
        ct.evaluate_pairs(
            pd.DataFrame({"left_index": [0, 1, 1.5], "right_index": [0, 1, 2], "score": [1, 2, 3]}), [(0, 0)]
        )
    with pytest.raises(ct.CoterminousValueError, match="row 1: -1 is not a row position"):
        ct.evaluate_pairs(good, [(0, 1), (-1, 2)])
    with pytest.raises(ct.CoterminousTypeError, match="row 0: expected a"):
        ct.evaluate_pairs(good, [0, 1])
    with pytest.raises(ct.CoterminousValueError, match="row 1: a pair with a missing score"):
        ct.evaluate_pairs(pd.DataFrame(frame([(0, 1, 5.0), (1, 2, float("nan"))])), [(0, 1)])
    with pytest.raises(ct.CoterminousValueError, match="row 1: inf is not a finite score"):
        ct.evaluate_pairs(pd.DataFrame(frame([(0, 1, 5.0), (1, 2, float("inf"))])), [(0, 1)])
    assert ct.evaluate_pairs(good, [(0, 1)]) is not None and list(good.columns) == [
        "left_index",
        "right_index",
        "score",
    ]
