"""The one route in: every column reaches the core through one reader (src/python/columns.rs).
Regression tests for issue 19 items 6 (dicts of lists keep Python's types apart), 14 (no
pyarrow or pandas exception escapes ``overlap``) and 26 (polars columns of the Null type).
References: brute-force Python (a dict of pairs summed by hand) and the values themselves."""

from __future__ import annotations

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import coterminous as ct
from coterminous import _core

THEMES = ["financial_reporting", "financial_management", "financial_standing", "internal_control", "value_for_money"]
FW = ct.Framework.get("cpa_use_of_resources")


def _brute_overlap(left, right, weight):
    """{(left, right): summed weight} by hand."""
    out: dict[tuple[object, object], float] = {}
    for a, b, w in zip(left, right, weight):
        out[(a, b)] = out.get((a, b), 0.0) + w
    return out


# --- the reader --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "kind", "values", "mask"),
    [
        ([1, None, 3], "int", [1, 0, 3], [False, True, False]),
        ((1.5, float("nan")), "float", [1.5, 0.0], [False, True]),
        ([True, False], "bool", [True, False], None),
        (["a", None, pd.NA], "str", ["a", None, None], [False, True, True]),
        ([None, None], "null", None, [True, True]),
        (np.array(["x", "y"]), "str", ["x", "y"], None),
        (np.array([1, "a"], dtype=object)[:1], "int", [1], None),
        (pa.array(["a", None], pa.string_view()), "str", ["a", None], [False, True]),
        (pa.array(["b", "a", "b"]).dictionary_encode(), "str", ["b", "a", "b"], None),
        (pl.Series(["a", None]), "str", ["a", None], [False, True]),
        (pl.Series(["a", "b"], dtype=pl.Categorical), "str", ["a", "b"], None),
        (pl.Series([None, None]), "null", None, [True, True]),
        (pl.Series([], dtype=pl.Null), "null", None, None),
        (pa.array([1, None], pa.int8()), "int", [1, 0], [False, True]),
    ],
)
def test_reader_gives_one_kind_with_its_mask(column, kind, values, mask):
    got_kind, got, got_mask = _core.read_column(column, "data: column 'x'")
    assert got_kind == kind
    assert (got if got is None or isinstance(got, list) else got.tolist()) == values
    assert (None if got_mask is None else got_mask.tolist()) == mask


@pytest.mark.parametrize(
    ("column", "row", "odd"),
    [([1, True], 1, "True is of type bool"), (["A", 1], 1, "1 is of type int"), ([1, 1.0], 1, "1.0 is of type float")],
)
def test_reader_keeps_python_types_apart(column, row, odd):
    with pytest.raises(ct.CoterminousTypeError, match=rf"column 'x', row {row}: {odd}"):
        _core.read_column(column, "data: column 'x'")


def test_reader_reads_ints_and_floats_together_as_numbers():
    assert _core.read_column([1, 2.5], "w", numbers=True)[1].tolist() == [1.0, 2.5]
    with pytest.raises(ct.CoterminousTypeError, match="row 1: True is of type bool"):
        _core.read_column([1, True], "w", numbers=True)


# --- 19.6: dicts of lists ----------------------------------------------------------------------


def test_score_names_the_row_of_a_string_in_a_list():
    data = {t: [3, 4, 2] for t in THEMES}
    data[THEMES[2]] = [3, "x", 2]
    with pytest.raises(ct.ScoreError, match=rf"column '{THEMES[2]}', row 1: 'x' is not an integer score"):
        ct.score(data, FW)


def test_score_refuses_a_bool_in_a_list_of_scores():
    data = {t: [3, 4] for t in THEMES}
    data[THEMES[0]] = [3, True]
    with pytest.raises(ct.ScoreError, match="row 1: True is not an integer score"):
        ct.score(data, FW)


def test_score_of_lists_equals_score_of_arrays():
    rng = np.random.default_rng(6)
    arrays = {t: rng.integers(1, 5, 40) for t in THEMES}
    lists = {t: [None if i == 7 else int(v) for i, v in enumerate(a)] for t, a in arrays.items()}
    got = ct.score(lists, FW, missing="propagate")
    expected = np.sum([a for a in arrays.values()], axis=0)
    total = np.ma.getdata(got["total"])
    assert total[:7].tolist() == expected[:7].tolist() and total[8:].tolist() == expected[8:].tolist()


def test_codes_1_and_true_are_never_one_unit():
    with pytest.raises(ct.CoterminousTypeError, match="row 1: True is of type bool"):
        ct.overlap({"l": [1, True], "r": ["x", "x"]}, left="l", right="r")
    ov = {"left": [1, True], "right": ["x", "x"], "left_share": [1.0, 1.0], "right_share": [0.5, 0.5]}
    with pytest.raises(ct.CoterminousTypeError, match="row 1: the code True is of type bool"):
        ct.relationships(ov)
    modes = ct.modes({"k": [1, True, 1], "v": np.array([1, 2, 1])}, by="k", columns="v")
    assert [type(k) for k in modes["k"].tolist()] == [int, bool] and modes["v"].tolist() == [1, 2]


def test_assign_keeps_the_codes_of_a_dict():
    out = ct.assign({"left": ["A", "B"], "right": [1, 2], "weight": [1.0, 2.0]})
    assert out["right"].tolist() == [1, 2] and all(type(v) is int for v in out["right"].tolist())
    with pytest.raises(ct.CoterminousTypeError, match="column 'left', row 1: the code 1 is of type int"):
        ct.assign({"left": ["A", 1], "right": ["x", "y"], "weight": [1.0, 2.0]})


# --- 19.14: no pyarrow or pandas exception escapes overlap -------------------------------------


def test_overlap_of_a_dict_with_mixed_codes_names_column_and_row():
    with pytest.raises(ct.CoterminousTypeError, match="lookup: column 'l', row 1: 1 is of type int"):
        ct.overlap({"l": ["A", 1], "r": ["x", "y"]}, left="l", right="r")


def test_overlap_of_a_dict_with_mixed_weights_names_column_and_row():
    with pytest.raises(ct.CoterminousTypeError, match="lookup: column 'w', row 1: '2' is of type str"):
        ct.overlap({"l": ["A", "B"], "r": ["x", "y"], "w": [1, "2"]}, left="l", right="r", weight="w")


def test_overlap_of_a_duplicated_pandas_column_is_a_value_error():
    df = pd.DataFrame([["A", "x", 1]], columns=["l", "l", "r"])
    with pytest.raises(ct.CoterminousValueError, match="more than one column named 'l'"):
        ct.overlap(df, left="l", right="r")


def test_overlap_of_a_dict_reads_ints_and_floats_as_weights():
    lookup = {"l": ["A", "A", "B"], "r": ["x", "y", "y"], "w": [1, 2.5, 3]}
    out = ct.overlap(lookup, left="l", right="r", weight="w")
    assert isinstance(out, dict)  # a dict in, a dict out
    got = dict(zip(zip(out["left"].tolist(), out["right"].tolist()), out["weight"].tolist()))
    assert got == _brute_overlap(lookup["l"], lookup["r"], [1.0, 2.5, 3.0])


@pytest.mark.parametrize("backend", ["dict", "pandas", "polars"])
def test_overlap_of_every_kind_equals_brute_force(backend):
    rng = np.random.default_rng(14)
    left = [f"L{v}" for v in rng.integers(0, 5, 60)]
    right = rng.integers(0, 7, 60).tolist()
    weight = rng.integers(0, 100, 60).astype(float).tolist()
    data = {"l": left, "r": right, "w": weight}
    table = {"dict": dict, "pandas": pd.DataFrame, "polars": pl.DataFrame}[backend](data)
    out = ct.overlap(table, left="l", right="r", weight="w")
    cols = out if backend == "dict" else {c: list(out[c]) for c in ("left", "right", "weight")}
    got = dict(zip(zip(list(cols["left"]), [int(v) for v in cols["right"]]), [float(v) for v in cols["weight"]]))
    assert got == _brute_overlap(left, right, weight)


# --- 19.26: polars columns of the Null type ----------------------------------------------------


def test_overlap_of_an_empty_polars_table_is_empty():
    out = ct.overlap(pl.DataFrame({"a": [], "b": []}), left="a", right="b")
    assert isinstance(out, pl.DataFrame) and out.height == 0
    out = ct.overlap(pl.DataFrame({"a": [], "b": [], "w": []}), left="a", right="b", weight="w")
    assert out.height == 0


def test_overlap_of_all_null_codes_names_the_column():
    with pytest.raises(ct.CoterminousValueError, match="lookup: column .a., row 0: missing code"):
        ct.overlap(pl.DataFrame({"a": [None, None], "b": ["x", "y"]}), left="a", right="b")
    with pytest.raises(ct.CoterminousValueError, match="lookup: column .a., row 0"):
        ct.overlap({"a": [None, None], "b": ["x", "y"]}, left="a", right="b")


def test_polars_null_columns_are_missing_scores():
    data = pl.DataFrame({t: [3, 4] for t in THEMES}).with_columns(pl.lit(None).alias(THEMES[1]))
    assert data.schema[THEMES[1]] == pl.Null
    out = ct.score(data, FW, missing="propagate")
    assert out["total"].to_list() == [None, None]


# --- 19.15: duplicated column names ------------------------------------------------------------


def test_relationships_of_a_duplicated_pandas_column_is_a_value_error():
    ov = pd.DataFrame([["A", "x", 1.0, 1.0, 1.0]], columns=["left", "left", "right", "left_share", "right_share"])
    with pytest.raises(ct.CoterminousValueError, match="overlap_table: the data has more than one column named 'left'"):
        ct.relationships(ov)


# --- the reader against a brute-force classifier (hypothesis) ------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_VALUE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=4),
)


def _python_kind(v):
    if v is None or (isinstance(v, float) and v != v):
        return None
    return {bool: "bool", int: "int", float: "float", str: "str"}[type(v)]


@settings(max_examples=300, deadline=None)
@given(st.lists(_VALUE, max_size=12))
def test_reader_agrees_with_a_brute_force_classifier(values):
    kinds = [_python_kind(v) for v in values]
    present = [(i, k) for i, k in enumerate(kinds) if k is not None]
    odd = next((i for i, k in present if k != present[0][1]), None) if present else None
    if odd is not None:
        with pytest.raises(ct.CoterminousTypeError, match=rf"c, row {odd}: "):
            _core.read_column(values, "c")
        return
    kind, got, mask = _core.read_column(values, "c")
    missing = [k is None for k in kinds]
    assert kind == (present[0][1] if present else "null")
    assert (mask.tolist() if mask is not None else [False] * len(values)) == missing or kind == "null"
    if kind == "str":
        assert got == [None if m else v for v, m in zip(values, missing)]
    elif kind in ("int", "float", "bool"):
        assert [x for x, m in zip(got.tolist(), missing) if not m] == [v for v, m in zip(values, missing) if not m]
