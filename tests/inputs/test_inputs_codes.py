"""Overlap weights near the largest float and codes that Python calls equal (issue 9, items 3
and 6). References: exact rational arithmetic (fractions) and plain Python."""

from __future__ import annotations

from collections import defaultdict
from fractions import Fraction

import numpy as np
import pandas as pd
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coterminous as ct


def _reference_shares(rows: list[tuple[str, str, float]]) -> dict[tuple[str, str], tuple[float, float]]:
    """Each pair's share of its left and right unit, in exact arithmetic."""
    pair: dict[tuple[str, str], Fraction] = defaultdict(Fraction)
    lt: dict[str, Fraction] = defaultdict(Fraction)
    rt: dict[str, Fraction] = defaultdict(Fraction)
    for a, b, w in rows:
        pair[a, b] += Fraction(w)
        lt[a] += Fraction(w)
        rt[b] += Fraction(w)

    def share(v: Fraction, total: Fraction) -> float:
        return float(v / total) if total else float("nan")

    return {k: (share(v, lt[k[0]]), share(v, rt[k[1]])) for k, v in pair.items()}


def test_huge_weights_keep_their_shares_regression() -> None:
    # issue 9 item 3: unit totals overflowed to inf, shares became 0.0 and "a" was "split"
    lookup = pd.DataFrame({"l": ["a", "a", "b"], "r": ["x", "y", "y"], "w": [1.5e308] * 3})
    ov = ct.overlap(lookup, left="l", right="r", weight="w")
    assert ov["left_share"].tolist() == [0.5, 0.5, 1.0]
    assert ov["right_share"].tolist() == [1.0, 0.5, 0.5]
    assert np.isfinite(ov[["left_share", "right_share", "coterminosity"]].to_numpy()).all()
    rel = ct.relationships(ov)
    assert dict(zip(rel["unit"], rel["relationship"])) == {
        "a": "overlapping",
        "b": "nested",
        "x": "nested",
        "y": "overlapping",
    }


def test_a_pair_whose_weights_sum_past_the_largest_float_is_an_error() -> None:
    lookup = pd.DataFrame({"l": ["a", "a"], "r": ["x", "x"], "pop": [1.5e308, 1.5e308]})
    with pytest.raises(ct.CoterminousValueError, match=r'column "pop".*largest float'):
        ct.overlap(lookup, left="l", right="r", weight="pop")


@settings(max_examples=150, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from("abc"),
            st.sampled_from("xyz"),
            st.floats(min_value=0.0, max_value=1.0, allow_nan=False, allow_infinity=False),
        ),
        min_size=1,
        max_size=30,
    ),
    exponent=st.sampled_from([-300, -10, 0, 10, 300, 305, 306]),
)
def test_shares_match_exact_arithmetic_at_any_scale(rows: list[tuple[str, str, float]], exponent: int) -> None:
    scaled = [(a, b, w * 10.0**exponent) for a, b, w in rows]
    lookup = pd.DataFrame(scaled, columns=["l", "r", "w"])
    try:
        ov = ct.overlap(lookup, left="l", right="r", weight="w")
    except ct.CoterminousValueError as e:  # only when a pair's own sum overflows
        sums: dict[tuple[str, str], float] = defaultdict(float)
        for a, b, w in scaled:
            sums[a, b] += w
        assert "largest float" in str(e) and not all(np.isfinite(list(sums.values())))
        return
    ref = _reference_shares(scaled)
    for a, b, ls, rs in zip(ov["left"], ov["right"], ov["left_share"], ov["right_share"]):
        want_l, want_r = ref[a, b]
        for got, want in ((ls, want_l), (rs, want_r)):
            if np.isnan(want):  # a unit of total 0
                assert pd.isna(got)
                continue
            assert got == pytest.approx(want, rel=1e-12, abs=1e-300)


@pytest.mark.parametrize(
    "values",
    [[1, 1.0, True], [1, True], [True, 1], [1, 1.0], [np.int64(1), 1.0], ["1", 1]],
)
def test_codes_python_calls_equal_are_never_merged(values: list[object]) -> None:
    # issue 9 item 6: assign merged 1, 1.0 and True into one unit
    n = len(values)
    table = pd.DataFrame(
        {"left": pd.Series(values, dtype=object), "right": list("abc")[:n], "weight": [1.0, 2.0, 3.0][:n]}
    )
    with pytest.raises(ct.CoterminousTypeError, match="column 'left', row 1"):
        ct.assign(table)
    left = pd.DataFrame({"c": pd.Series(values, dtype=object), "s": range(n)})
    right = pd.DataFrame({"c": pd.Series(["p", "q", "r"][:n], dtype=object), "s": range(n)})
    with pytest.raises(ct.CoterminousTypeError, match="left_scores: column 'c', row 1"):
        ct.pair(left, right, on="c")
    ov = pd.DataFrame(
        {"left": pd.Series(values, dtype=object), "right": list("abc")[:n], "left_share": 1.0, "right_share": 1.0}
    )
    with pytest.raises(ct.CoterminousTypeError, match="column 'left', row 1"):
        ct.relationships(ov)


def test_distinct_codes_of_one_type_are_still_paired() -> None:
    table = pd.DataFrame({"left": [1, 2], "right": ["a", "b"], "weight": [1.0, 2.0]})
    assert ct.assign(table)["left"].tolist() == [1, 2]


def test_relationships_keep_codes_of_both_types() -> None:
    # issue 9 item 6: left int codes and right str codes were all turned into str
    ov = ct.overlap(pd.DataFrame({"l": [1, 2], "r": ["x", "y"]}), left="l", right="r")
    rel = ct.relationships(ov)
    assert rel["unit"].tolist() == [1, 2, "x", "y"]
    assert rel["partners"].tolist() == [["x"], ["y"], [1], [2]]
    with pytest.raises(ct.CoterminousTypeError, match="left codes are of type int and the right codes of type str"):
        ct.relationships(ct.overlap(pl.DataFrame({"l": [1, 2], "r": ["x", "y"]}), left="l", right="r"))
