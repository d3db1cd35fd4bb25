from __future__ import annotations

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reference import THEMES, reference_overall

import coterminous as ct

CPA = ct.Framework.builtin("cpa_use_of_resources")
ALE = ct.Framework.builtin("ale")


def _expected(rows: np.ndarray) -> tuple[list[int], list[int]]:
    return [int(r.sum()) for r in rows], [reference_overall(r.tolist()) for r in rows]


def _make(kind: str, rows: np.ndarray, dtype=np.int8):
    cols = {t: rows[:, j].astype(dtype) for j, t in enumerate(THEMES)}
    cols = {"body": [f"b{i}" for i in range(len(rows))], **cols}
    if kind == "pandas":
        return pd.DataFrame(cols)
    if kind == "polars":
        return pl.DataFrame(cols)
    if kind == "pyarrow":
        return pa.table(cols)
    raise AssertionError(kind)


def _col(out, kind: str, name: str) -> list:
    if kind == "pandas":
        return out[name].tolist()
    if kind == "polars":
        return out[name].to_list()
    return out.column(name).to_pylist()


@pytest.mark.parametrize("kind", ["pandas", "polars", "pyarrow"])
@pytest.mark.parametrize("dtype", [np.int8, np.int64, np.uint16, np.float64])
def test_all_1024_combinations_every_backend(kind, dtype, all_combinations):
    data = _make(kind, all_combinations, dtype)
    before = _make(kind, all_combinations, dtype)
    out = ct.score(data, CPA)
    assert type(out) is type(data)
    total, overall = _expected(all_combinations)
    assert _col(out, kind, "total") == total
    assert _col(out, kind, "overall") == overall
    assert _col(out, kind, "body") == [f"b{i}" for i in range(1024)]
    # the input is untouched
    if kind == "pandas":
        pd.testing.assert_frame_equal(data, before)
    elif kind == "polars":
        assert data.equals(before)
    else:
        assert data.equals(before)
    assert "total" not in (data.columns if kind != "pyarrow" else data.schema.names)


def test_numpy_in_dict_out(all_combinations):
    out = ct.score(all_combinations, CPA)
    total, overall = _expected(all_combinations)
    assert set(out) == {"total", "overall"}
    assert out["total"].dtype == np.int32 and out["total"].tolist() == total
    assert out["overall"].tolist() == overall
    # a Fortran-ordered and a transposed view are read in place and agree
    f = np.asfortranarray(all_combinations)
    assert ct.score(f, CPA)["overall"].tolist() == overall
    t = np.ascontiguousarray(all_combinations.T).T
    assert ct.score(t, CPA)["total"].tolist() == total


def test_dict_of_arrays(all_combinations):
    data = {t: all_combinations[:, j] for j, t in enumerate(THEMES)}
    out = ct.score(data, CPA)
    assert out["overall"].tolist() == _expected(all_combinations)[1]


def test_columns_mapping_and_options():
    df = pd.DataFrame({"FR": [3, 1], "FM": [3, 1], "FS": [4, 1], "IC": [3, 2], "VFM": [3, 1]})
    mapping = dict(zip(THEMES, ["FR", "FM", "FS", "IC", "VFM"]))
    out = ct.score(df, CPA, columns=mapping)
    assert out["total"].tolist() == [16, 6]
    assert out["overall"].tolist() == [3, 1]
    only_total = ct.score(df, CPA, columns=mapping, overall=False)
    assert list(only_total.columns) == ["FR", "FM", "FS", "IC", "VFM", "total"]
    only_overall = ct.score(df, "cpa_use_of_resources", columns=mapping, total=False)
    assert list(only_overall.columns)[-1] == "overall"
    no_rule = ct.score(df, ALE, columns=mapping)
    assert "overall" not in no_rule.columns and no_rule["total"].tolist() == [16, 6]
    with pytest.raises(ct.FrameworkError, match="no overall rule table"):
        ct.score(df, ALE, columns=mapping, overall=True)
    with pytest.raises(ct.CoterminousValueError, match="not themes"):
        ct.score(df, CPA, columns={"nope": "FR"})


def _frame(values: dict[str, list]) -> pd.DataFrame:
    base = {t: [2, 2, 2] for t in THEMES}
    base.update(values)
    return pd.DataFrame(base)


@pytest.mark.parametrize(
    ("column", "values", "row", "shown"),
    [
        ("financial_standing", [2, 2.5, 2], 1, "2.5"),
        ("internal_control", [2, 2, 0], 2, "0"),
        ("value_for_money", [5, 2, 2], 0, "5"),
        ("financial_reporting", ["2", "x", "2"], 0, "'2'"),
        ("financial_management", [True, False, True], 0, "True"),
    ],
)
def test_bad_scores_name_column_row_value(column, values, row, shown):
    df = _frame({column: values})
    with pytest.raises(ct.ScoreError) as e:
        ct.score(df, CPA)
    msg = str(e.value)
    assert repr(column) in msg or f'"{column}"' in msg, msg
    assert f"row {row}" in msg, msg
    assert shown in msg, msg
    assert isinstance(e.value, ValueError)


def test_nan_and_nulls():
    df = _frame({"internal_control": [2, np.nan, 3]})
    with pytest.raises(ct.ScoreError, match="row 1: missing score"):
        ct.score(df, CPA)
    out = ct.score(df, CPA, missing="propagate")
    assert str(out["total"].dtype) == "Int32"
    assert out["total"].isna().tolist() == [False, True, False]
    assert out["total"][0] == 10 and out["overall"][2] == 2
    # polars: null is missing, NaN is a bad value
    p = pl.DataFrame({t: [2, None, 3] if t == "internal_control" else [2, 2, 2] for t in THEMES})
    out = ct.score(p, CPA, missing="propagate")
    assert out["total"].to_list() == [10, None, 11]
    assert out["overall"].dtype == pl.Int32
    with pytest.raises(ct.ScoreError, match="row 1: missing score"):
        ct.score(p, CPA)
    nan = pl.DataFrame({t: [2.0, float("nan"), 3.0] for t in THEMES})
    with pytest.raises(ct.ScoreError, match="row 1: NaN is not a score"):
        ct.score(nan, CPA, missing="propagate")
    # pyarrow nulls, several chunks
    chunked = pa.table({t: pa.chunked_array([[2, None], [3]], pa.int8()) for t in THEMES})
    out = ct.score(chunked, CPA, missing="propagate")
    assert out.column("total").to_pylist() == [10, None, 15]
    assert out.column("overall").to_pylist() == [2, None, 3]
    # pandas nullable integers
    nullable = pd.DataFrame({t: pd.array([1, None, 4], dtype="Int8") for t in THEMES})
    out = ct.score(nullable, CPA, missing="propagate")
    assert out["total"].tolist()[::2] == [5, 20] and out["total"].isna().tolist() == [False, True, False]
    # numpy float NaN
    arr = np.array([[1, 2, 3, 4, 4], [1, 2, 3, 4, np.nan]])
    out = ct.score(arr, CPA, missing="propagate")
    assert set(out) == {"total", "overall"}
    assert out["total"].mask.tolist() == [False, True] and out["total"].tolist() == [14, None]


def test_pandas_arrow_object_and_category_columns():
    base = np.array([[3, 3, 4, 3, 3], [1, 1, 1, 2, 1]])
    for dtype in ["int64[pyarrow]", object, "category", "Int16"]:
        df = pd.DataFrame(base, columns=THEMES).astype(dtype)
        out = ct.score(df, CPA)
        assert out["total"].tolist() == [16, 6], dtype
        assert out["overall"].tolist() == [3, 1], dtype
    obj = pd.DataFrame(base, columns=THEMES).astype(object)
    obj.iloc[1, 2] = None
    assert ct.score(obj, CPA, missing="propagate")["total"].isna().tolist() == [False, True]
    obj.iloc[0, 0] = "3"
    with pytest.raises(ct.ScoreError, match="row 0: '3' is not an integer score"):
        ct.score(obj, CPA, missing="propagate")
    dup = pd.DataFrame(np.ones((1, 6), dtype=int), columns=[*THEMES, THEMES[0]])
    with pytest.raises(ct.CoterminousValueError, match="more than one column named 'financial_reporting'"):
        ct.score(dup, CPA)


def test_errors_for_shape_type_and_columns():
    with pytest.raises(ct.ColumnNotFoundError) as e:
        ct.score(pd.DataFrame({"a": [1]}), CPA)
    assert isinstance(e.value, KeyError) and "'financial_reporting'" in str(e.value)
    with pytest.raises(ct.CoterminousValueError, match="shape"):
        ct.score(np.ones((3, 4), dtype=int), CPA)
    with pytest.raises(TypeError, match="expected a pandas"):
        ct.score([[1, 2, 3, 4, 4]], CPA)
    with pytest.raises(TypeError, match="LazyFrame"):
        ct.score(pl.DataFrame({t: [1] for t in THEMES}).lazy(), CPA)
    with pytest.raises(ct.CoterminousValueError, match="missing"):
        ct.score(np.ones((1, 5), dtype=int), CPA, missing="drop")
    with pytest.raises(ct.CoterminousValueError, match="already has a column 'total'"):
        ct.score(pd.DataFrame({**{t: [1] for t in THEMES}, "total": [0]}), CPA)
    with pytest.raises(ct.ScoreError, match="row 0"):
        ct.score(np.ones((2, 5), dtype=bool), CPA)


def test_large_frame_crosses_chunks():
    rng = np.random.default_rng(7)
    rows = rng.integers(1, 5, size=(100_003, 5), dtype=np.int8)
    out = ct.score(pl.DataFrame({t: rows[:, j] for j, t in enumerate(THEMES)}), CPA)
    lut = np.array(
        [
            reference_overall(r)
            for r in np.array(np.meshgrid(*[range(1, 5)] * 5, indexing="ij")).reshape(5, -1).T.tolist()
        ]
    )
    idx = ((rows.astype(np.int64) - 1) * (4 ** np.arange(5)[::-1])).sum(axis=1)
    assert np.array_equal(out["overall"].to_numpy(), lut[idx])
    assert np.array_equal(out["total"].to_numpy(), rows.sum(axis=1, dtype=np.int64))
    bad = rows.copy()
    bad[77_777, 3] = 9
    bad[90_000, 0] = 0
    with pytest.raises(ct.ScoreError, match="row 77777: 9 is not an integer from 1 to 4"):
        ct.score(bad, CPA)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(st.integers(1, 4), min_size=5, max_size=5), min_size=1, max_size=40),
    st.sampled_from(["pandas", "polars", "pyarrow"]),
)
def test_property_scores_agree_with_reference(rows, kind):
    arr = np.array(rows, dtype=np.int16)
    out = ct.score(_make(kind, arr, np.int16), CPA)
    total, overall = _expected(arr)
    assert _col(out, kind, "total") == total
    assert _col(out, kind, "overall") == overall


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.one_of(st.none(), st.integers(1, 4)), min_size=5, max_size=5), min_size=1, max_size=30))
def test_property_missing_propagates(rows):
    df = pl.DataFrame({t: [r[j] for r in rows] for j, t in enumerate(THEMES)}, schema={t: pl.Int8 for t in THEMES})
    out = ct.score(df, CPA, missing="propagate")
    for r, tot, ove in zip(rows, out["total"].to_list(), out["overall"].to_list()):
        if None in r:
            assert tot is None and ove is None
        else:
            assert tot == sum(r) and ove == reference_overall(r)


def test_type_errors_are_typed():
    with pytest.raises(ct.CoterminousTypeError, match="framework: expected a Framework"):
        ct.score(np.ones((1, 5), dtype=int), 42)
    with pytest.raises(ct.CoterminousTypeError, match="text: expected str or bytes"):
        ct.Framework.from_json(42)
    with pytest.raises(ct.FrameworkError, match="not UTF-8"):
        ct.Framework.from_json(b"\xff")
    with pytest.raises(ct.CoterminousTypeError, match="expected a 1-D numeric numpy array"):
        ct._core.score_columns(CPA._inner, THEMES, [np.array(["a"])] * 5, [None] * 5, True, True, "error")
    with pytest.raises(ct.CoterminousTypeError, match="stride of -8 bytes"):
        ct._core.score_columns(CPA._inner, THEMES, [np.arange(4)[::-1]] * 5, [None] * 5, True, True, "error")
    assert ct.score(np.arange(1, 5)[::-1].reshape(-1, 1).repeat(5, axis=1)[::-1], CPA)["total"].tolist() == [
        5,
        10,
        15,
        20,
    ]


def test_arrow_columns_go_to_the_core_through_the_capsule_interface():
    rng = np.random.default_rng(8)
    vals = rng.integers(1, 5, size=(300, 5))
    ref = ct.score(vals, CPA)
    # a polars frame in two chunks with a null, a sliced pyarrow table, pandas' Arrow-backed columns
    halves = [
        pl.DataFrame(vals[:150], schema=THEMES, orient="row"),
        pl.DataFrame(vals[150:], schema=THEMES, orient="row"),
    ]
    two_chunks = pl.concat(halves, rechunk=False)
    assert two_chunks.get_column(THEMES[0]).n_chunks() == 2
    out = ct.score(two_chunks, CPA)
    assert out["total"].to_list() == ref["total"].tolist() and out["overall"].to_list() == ref["overall"].tolist()
    gap = pl.when(pl.int_range(pl.len()) == 160).then(None).otherwise(pl.col(THEMES[3]))
    with_null = two_chunks.with_columns(gap.alias(THEMES[3]))
    with pytest.raises(ct.ScoreError, match="row 160: missing score"):
        ct.score(with_null, CPA)
    out = ct.score(with_null, CPA, missing="propagate")
    assert out["total"].null_count() == 1 and out["total"][161] == ref["total"][161]
    table = pa.table({t: pa.array(vals[:, j]) for j, t in enumerate(THEMES)}).slice(10, 50)
    assert ct.score(table, CPA)["total"].to_pylist() == ref["total"][10:60].tolist()
    arrow_backed = pd.DataFrame({t: pd.array(vals[:, j], dtype="int8[pyarrow]") for j, t in enumerate(THEMES)})
    assert ct.score(arrow_backed, CPA)["overall"].tolist() == ref["overall"].tolist()
    # the core reads any object with __arrow_c_array__ or __arrow_c_stream__
    columns = [pa.array([3, None, 4]) for _ in THEMES]
    total, _, nulls, _, _ = ct._core.score_columns(CPA._inner, THEMES, columns, [None] * 5, True, False, "propagate")
    assert total.tolist()[::2] == [15, 20] and nulls.tolist() == [False, True, False]
    with pytest.raises(ct.CoterminousTypeError, match="expected a numeric Arrow array"):
        ct._core.score_columns(CPA._inner, THEMES, [pa.array(["a"])] * 5, [None] * 5, True, False, "error")


def test_skip_percent_and_labels_with_numpy_and_dicts():
    nan = np.nan
    rows = np.array([[4, 4, 3, 3, 3], [4, nan, 4, nan, 3], [nan] * 5])
    out = ct.score(rows, CPA, missing="skip", percent=True)
    assert list(out) == ["total", "overall", "percent", "assessed"]
    assert isinstance(out["total"], np.ma.MaskedArray)
    assert out["total"].tolist() == [17, 11, None]
    # scored on the assessed themes: [4, 4, 3] has two 4s and none below 3
    assert out["overall"].tolist() == [reference_overall([4, 4, 3, 3, 3]), 4, None]
    assert out["percent"].tolist() == [85.0, 100 * 11 / 12, None]
    assert out["assessed"].tolist() == [5, 3, 0]
    # propagate: any gap is a missing row; percent over the five themes
    out = ct.score(rows, CPA, missing="propagate", percent=True)
    assert out["total"].tolist() == [17, None, None] and out["percent"].tolist() == [85.0, None, None]
    data = {t: rows[:, j] for j, t in enumerate(THEMES)}
    out = ct.score(data, CPA, missing="skip")
    assert out["overall"].tolist() == [4, 4, None] and out["assessed"].tolist() == [5, 3, 0]
    with pytest.raises(ct.CoterminousValueError, match=r"missing: expected one of \['error', 'propagate', 'skip'\]"):
        ct.score(rows, CPA, missing="drop")  # type: ignore[arg-type]
    # a row with every theme assessed is scored the same under every option
    full = rows[:1].astype(np.int64)
    for missing in ("error", "propagate", "skip"):
        assert ct.score(full, CPA, missing=missing)["overall"].tolist() == [4]  # type: ignore[arg-type]
