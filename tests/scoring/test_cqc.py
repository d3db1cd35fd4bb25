"""The built-in ``cqc_la_assessment`` against a plain Python reference of the CQC's published
rule for local authorities ("How we determine ratings", cqc.org.uk, read 2 December 2026)."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coterminous as ct

STATEMENTS = [
    "assessing_needs",
    "supporting_people_to_live_healthier_lives",
    "equity_in_experience_and_outcomes",
    "care_provision_integration_and_continuity",
    "partnerships_and_communities",
    "safe_pathways_systems_and_transitions",
    "safeguarding",
    "governance_management_and_sustainability",
    "learning_improvement_and_innovation",
]
RATINGS = {1: "Inadequate", 2: "Requires improvement", 3: "Good", 4: "Outstanding"}


def cqc_percent(scores: list[int | None]) -> Fraction | None:
    """The assessed statements' scores combined, equally weighted, as a percentage of the
    maximum (4 per assessed statement)."""
    got = [s for s in scores if s is not None]
    return Fraction(100 * sum(got), 4 * len(got)) if got else None


def cqc_rating(scores: list[int | None]) -> int | None:
    """The published bands on whole percentages: 25 to 38 inadequate, 39 to 62 requires
    improvement, 63 to 87 good, 88 and above outstanding; the percentage rounded to the
    nearest whole number, halves up (the package's stated reading: 38.9 % is 39 %)."""
    p = cqc_percent(scores)
    if p is None:
        return None
    whole = math.floor(p + Fraction(1, 2))
    if whole >= 88:
        return 4
    if 63 <= whole <= 87:
        return 3
    if 39 <= whole <= 62:
        return 2
    assert 25 <= whole <= 38
    return 1


def _rows_with_total(n_assessed: int, total: int) -> list[int | None]:
    """Nine scores, the first ``n_assessed`` assessed and summing to ``total``."""
    scores: list[int | None] = [None] * 9
    left = total
    for j in range(n_assessed):
        s = max(1, min(4, left - (n_assessed - j - 1)))
        scores[j] = s
        left -= s
    assert left == 0
    return scores


def test_the_framework_as_published():
    fw = ct.Framework.builtin("cqc_la_assessment")
    assert "cqc_la_assessment" in ct.Framework.names()
    assert fw.themes == STATEMENTS
    assert fw.groups == {
        "working_with_people": "Working with people",
        "providing_support": "Providing support",
        "ensuring_safety": "Ensuring safety",
        "leadership": "Leadership",
    }
    assert [fw.theme_groups[t] for t in STATEMENTS] == ["working_with_people"] * 3 + ["providing_support"] * 2 + [
        "ensuring_safety"
    ] * 2 + ["leadership"] * 2
    assert fw.scale.values == [1, 2, 3, 4] and fw.scale.direction == "higher_is_better"
    assert fw.scale.labels[1] == "Evidence shows significant shortfalls"
    assert fw.scale.labels[4] == "Evidence shows an exceptional standard"
    assert fw.overall_labels == RATINGS
    assert fw.source is not None and "how-we-determine-ratings" in fw.source and "2026" in fw.source


def test_every_band_edge_with_every_number_assessed():
    """Every (statements assessed, total) pair: all percentages the rule can meet, so every
    edge (38.9 % = 14/36, 37.5 %, 62.5 %, 87.5 % ...) is checked against the reference."""
    rows = [_rows_with_total(n, t) for n in range(1, 10) for t in range(n, 4 * n + 1)]
    table = pd.DataFrame([[pd.NA if s is None else s for s in r] for r in rows], columns=STATEMENTS).astype("Int8")
    out = ct.score(table, "cqc_la_assessment", labels=True, percent=True, missing="skip")
    for i, r in enumerate(rows):
        got = [s for s in r if s is not None]
        assert out["assessed"][i] == len(got)
        assert out["total"][i] == sum(got)
        assert out["percent"][i] == float(cqc_percent(r))  # type: ignore[arg-type]
        assert out["overall"][i] == cqc_rating(r), r
        assert out["overall_label"][i] == RATINGS[cqc_rating(r)]  # type: ignore[index]
    fw = ct.Framework.builtin("cqc_la_assessment")
    assert [fw.overall_of(r) for r in rows] == [cqc_rating(r) for r in rows]


@pytest.mark.parametrize(
    ("total", "rating"),
    [(9, 1), (13, 1), (14, 2), (22, 2), (23, 3), (31, 3), (32, 4), (36, 4)],
)
def test_nine_statements_at_the_edges(total, rating):
    # 14/36 = 38.9 % rounds to 39 %: requires improvement; 22/36 = 61.1 %, 23/36 = 63.9 %,
    # 31/36 = 86.1 %, 32/36 = 88.9 %
    row = _rows_with_total(9, total)
    assert cqc_rating(row) == rating
    out = ct.score(np.array([row]), "cqc_la_assessment", labels=True, percent=True)
    assert out["overall"].tolist() == [rating]
    assert out["overall_label"].tolist() == [RATINGS[rating]]
    assert out["percent"].tolist() == [100 * total / 36]


def test_all_combinations_of_nine_scores():
    rows = np.array(list(itertools.product(range(1, 5), repeat=9)), dtype=np.int8)  # 262,144
    out = ct.score(rows, "cqc_la_assessment", percent=True)
    totals = rows.sum(axis=1, dtype=np.int64)
    by_total = {t: cqc_rating(_rows_with_total(9, t)) for t in range(9, 37)}
    assert out["total"].tolist() == totals.tolist()
    assert out["overall"].tolist() == [by_total[t] for t in totals.tolist()]
    assert np.array_equal(out["percent"], 100 * totals / 36)


@pytest.mark.parametrize("kind", ["pandas", "polars", "pyarrow"])
def test_skip_in_every_backend(kind):
    rows = [[2] * 9, [3, 3, 3, 3, 3, None, None, None, None], [None] * 9, [1, 1, 1, 1, 2, None, 1, 1, 1]]
    cols = {t: [r[j] for r in rows] for j, t in enumerate(STATEMENTS)}
    if kind == "pandas":
        data = pd.DataFrame({k: pd.array(v, dtype="Int64") for k, v in cols.items()})
    elif kind == "polars":
        data = pl.DataFrame({k: pl.Series(k, v, dtype=pl.Int64) for k, v in cols.items()})
    else:
        data = pa.table({k: pa.array(v, pa.int64()) for k, v in cols.items()})
    out = ct.score(data, "cqc_la_assessment", missing="skip", percent=True, labels=True)
    names = list(out.columns) if kind != "pyarrow" else out.schema.names
    assert names[-5:] == ["total", "overall", "percent", "overall_label", "assessed"]

    def col(name):
        if kind == "pandas":
            return [None if v is pd.NA or v is None else v for v in out[name].tolist()]
        if kind == "polars":
            return out[name].to_list()
        return out.column(name).to_pylist()

    assert col("assessed") == [9, 5, 0, 8]
    assert col("total") == [18, 15, None, 9]
    assert col("percent") == [50.0, 75.0, None, 28.125]
    assert col("overall") == [cqc_rating(r) for r in rows]
    assert col("overall_label") == ["Requires improvement", "Good", None, "Inadequate"]
    # propagate: any gap makes the row missing
    out = ct.score(data, "cqc_la_assessment", missing="propagate", labels=True)
    if kind == "polars":
        assert out["overall_label"].to_list() == ["Requires improvement", None, None, None]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.one_of(st.none(), st.integers(1, 4)), min_size=9, max_size=9), min_size=1, max_size=30))
def test_property_skip_matches_the_reference(rows):
    data = pd.DataFrame([[pd.NA if s is None else s for s in r] for r in rows], columns=STATEMENTS).astype("Int64")
    out = ct.score(data, "cqc_la_assessment", missing="skip", percent=True, labels=True)
    for i, r in enumerate(rows):
        expected = cqc_rating(r)
        got = out["overall"][i]
        assert (None if got is pd.NA else got) == expected
        label = out["overall_label"][i]
        assert label == (None if expected is None else RATINGS[expected])
