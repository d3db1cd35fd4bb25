"""One meaning of ``columns=`` in ``score``, ``modes`` and ``distribution``: which columns hold
the themes, as a list of columns named as the themes or a mapping of theme -> column; the
same wrong input raises the same class in all three (issue 15 item 3). References: pandas'
own ``value_counts`` / ``mode`` and the unmapped call on renamed columns."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from reference import THEMES

import coterminous as ct
from coterminous import _core
from coterminous.errors import ColumnNotFoundError, CoterminousTypeError, CoterminousValueError, ScoreError

ROWS = np.array([[3, 3, 4, 3, 3], [1, 1, 1, 2, 1], [2, 3, 2, 2, 4]])


def _frame(prefix: str = "") -> pd.DataFrame:
    return pd.DataFrame({prefix + t: ROWS[:, j] for j, t in enumerate(THEMES)})


def test_score_takes_a_list_and_a_mapping() -> None:
    plain = ct.score(_frame(), "cpa_use_of_resources")
    listed = ct.score(_frame(), "cpa_use_of_resources", columns=THEMES)
    mapped = ct.score(_frame("x_"), "cpa_use_of_resources", columns={t: "x_" + t for t in THEMES})
    assert plain["total"].tolist() == listed["total"].tolist() == mapped["total"].tolist() == [16, 6, 13]
    assert plain["overall"].tolist() == mapped["overall"].tolist()
    with pytest.raises(CoterminousValueError, match="are not themes"):
        ct.score(_frame(), "cpa_use_of_resources", columns=["financial_reporting", "colour"])


@pytest.mark.parametrize("function", ["modes", "distribution"])
def test_modes_and_distribution_take_a_mapping_and_name_columns_as_themes(function: str) -> None:
    call = getattr(ct, function)
    renamed = _frame("x_")
    mapped = call(renamed, columns={t: "x_" + t for t in THEMES})
    listed = call(_frame(), columns=THEMES)
    pd.testing.assert_frame_equal(mapped, listed)


def test_modes_by_mapping_against_pandas() -> None:
    df = _frame("x_").assign(sector=["a", "a", "b"])
    out = ct.modes(df, by="sector", columns={"fr": "x_financial_reporting"})
    expected = df.groupby("sector", sort=False)["x_financial_reporting"].agg(lambda s: s.mode().min())
    assert out["fr"].tolist() == expected.tolist() and list(out.columns) == ["sector", "fr"]
    dist = ct.distribution(df, columns={"fr": "x_financial_reporting"}, framework="ale")
    assert set(dist["column"]) == {"fr"}
    counts = df["x_financial_reporting"].value_counts()
    assert dist["count"].tolist() == [int(counts.get(v, 0)) for v in range(1, 5)]


@pytest.mark.parametrize(
    "call",
    [
        lambda c: ct.score(_frame(), "cpa_use_of_resources", columns=c),
        lambda c: ct.modes(_frame(), columns=c),
        lambda c: ct.distribution(_frame(), columns=c),
    ],
)
def test_the_same_wrong_columns_raise_the_same_class(call: object) -> None:
    f = call  # type: ignore[assignment]
    for wrong_type in (3, 2.5, b"financial_reporting", [3], {3: "financial_reporting"}):
        with pytest.raises(CoterminousTypeError, match="columns"):
            f(wrong_type)  # type: ignore[operator]
    with pytest.raises(ColumnNotFoundError):
        f({"financial_reporting": "nope"})  # type: ignore[operator]


def test_a_wrong_type_of_option_is_a_type_error_everywhere() -> None:
    with pytest.raises(CoterminousTypeError, match="missing"):
        ct.score(_frame(), "cpa_use_of_resources", missing=1)  # type: ignore[arg-type]
    with pytest.raises(CoterminousTypeError, match="ties"):
        ct.modes(_frame(), columns=THEMES, ties=1)  # type: ignore[arg-type]
    with pytest.raises(CoterminousTypeError, match="by"):
        ct.modes(_frame(), columns=THEMES, by=3)  # type: ignore[arg-type]
    with pytest.raises(CoterminousValueError, match="missing"):
        ct.score(_frame(), "cpa_use_of_resources", missing="drop")  # type: ignore[arg-type]


def test_check_scores_is_the_one_score_in_scale_rule_with_the_value_unrounded() -> None:
    # issue 19 item 24: "3 is not an integer from 1 to 4" was printed for 3.0000000001
    fw = ct.Framework.builtin("ale")._inner
    with pytest.raises(ScoreError) as e:
        _core.check_scores(fw, np.array([1.0, 3.0000000001]), arg="paired", column="left_x")
    assert str(e.value) == 'paired: column "left_x", row 1: 3.0000000001 is not an integer from 1 to 4'
    with pytest.raises(ScoreError, match=r"^x: row 2: 5 is not an integer from 1 to 4$"):
        _core.check_scores(fw, np.array([1, 4, 5], dtype=np.int8), arg="x")
    _core.check_scores(fw, np.array([1.0, np.nan]), arg="x", missing=np.array([False, True]))
    with pytest.raises(ScoreError, match="row 1: NaN is not an integer"):
        _core.check_scores(fw, np.array([1.0, np.nan]), arg="x")
    # the same form as score's own message for the same value
    data = pd.DataFrame({t: [1.0, 3.0000000001] for t in THEMES})
    with pytest.raises(ScoreError, match=r"row 1: 3\.0000000001 is not an integer from 1 to 4$"):
        ct.score(data, "ale")


def test_an_object_matrix_names_its_first_bad_cell() -> None:
    # issue 19 item 6 (numpy side): "row 0: 1 is not an integer score" for a string in row 1
    bad = np.array([[1, 1, 1, 1, 1], [1, "x", 1, 1, 1]], dtype=object)
    with pytest.raises(ScoreError, match=r"^data: column 'financial_management', row 1: 'x' is not an integer score$"):
        ct.score(bad, "ale")
    with pytest.raises(ScoreError, match=r"column 'financial_standing', row 0: True is not"):
        ct.score(np.array([[1, 1, True, 1, 1]], dtype=object), "ale")
    with pytest.raises(ScoreError, match="fits 64 bits"):
        ct.score(np.array([[1, 1, 1, 2**70, 1]], dtype=object), "ale")
    good = np.array([[3, 3, 4, 3, 3], [1, 1, 1, 2, 1]], dtype=object)
    assert ct.score(good, "cpa_use_of_resources")["total"].tolist() == [16, 6]
    with_none = np.array([[3, 3, 4, 3, None]], dtype=object)
    out = ct.score(with_none, "cpa_use_of_resources", missing="skip")
    assert out["total"].tolist() == [13] and out["assessed"].tolist() == [4]
