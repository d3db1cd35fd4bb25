"""``Framework.overall_of`` refuses what ``score`` refuses (issue 19 item 10): a score is a
whole number within the scale, whatever type it comes in; the reference is ``score`` itself
on the same row, and Python's own ``float.is_integer``."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coterminous as ct
from coterminous.errors import CoterminousTypeError, CoterminousValueError, ScoreError

CPA = ct.Framework.builtin("cpa_use_of_resources")


@pytest.mark.parametrize(
    ("bad", "text"),
    [
        (3.7, "3.7"),
        (3.0000000001, "3.0000000001"),
        (True, "True"),
        ("3", "'3'"),
        (float("nan"), "NaN"),
        (float("inf"), "inf"),
        (2**70, str(2**70)),
        (-(2**70), str(-(2**70))),
        (np.float64(2.5), "2.5"),
        (np.bool_(True), "np.True_"),
        (b"3", "b'3'"),
        ([3], "[3]"),
    ],
)
def test_a_score_that_is_not_a_whole_number_in_scale_is_a_score_error(bad: object, text: str) -> None:
    # regression: 3.7 was truncated to 3, True and "3" accepted, NaN and 2**70 raised bare
    # ValueError and OverflowError
    with pytest.raises(ScoreError, match=r"theme \"value_for_money\" \(position 4\): " + re.escape(text)):
        CPA.overall_of([4, 4, 3, 3, bad])


@pytest.mark.parametrize("good", [3, 3.0, np.int8(3), np.uint64(3), np.float32(3.0), np.int64(3)])
def test_whole_numbers_of_any_numeric_type_are_scores(good: object) -> None:
    assert CPA.overall_of([4, 4, 3, 3, good]) == 4
    assert CPA.overall_of(np.array([4, 4, 3, 3, 3], dtype=np.int16)) == 4
    assert CPA.overall_of((4, 4, 3, 3, 3.0)) == 4


@pytest.mark.parametrize("bad", ["44333", 44333, {"a": 1}, None])
def test_scores_that_are_not_a_sequence_are_a_type_error(bad: object) -> None:
    with pytest.raises(CoterminousTypeError, match="scores: expected a list"):
        CPA.overall_of(bad)  # type: ignore[arg-type]


def test_a_2d_array_is_a_value_error() -> None:
    with pytest.raises(CoterminousValueError, match="1-D"):
        CPA.overall_of(np.full((1, 5), 3))


finite = st.floats(-10, 10, allow_nan=False) | st.integers(-10, 10)
anything = finite | st.floats() | st.booleans() | st.text(max_size=2) | st.integers()


@settings(deadline=None, max_examples=300)
@given(st.lists(anything, min_size=5, max_size=5))
def test_overall_of_agrees_with_score_on_any_row(row: list[object]) -> None:
    """A row is scored when every value is a whole number from 1 to 4 (``score``'s rule, here
    by Python's float.is_integer), and then equals ``score``'s overall; else ScoreError."""

    def whole(v: object) -> bool:
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            return False
        return (isinstance(v, int) or (math.isfinite(v) and float(v).is_integer())) and 1 <= v <= 4

    if all(whole(v) for v in row):
        got = CPA.overall_of(row)  # type: ignore[arg-type]
        expected = ct.score(np.array([row], dtype=np.float64), CPA)["overall"].tolist()
        assert [got] == expected
    else:
        with pytest.raises(ScoreError):
            CPA.overall_of(row)  # type: ignore[arg-type]
