"""Tests of ct.pair, ct.gaps, ct.candidates and ct.sensitivity: pairs of scored bodies and the paper's questions."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pairing_references import random_lookup, scipy_best_total

import coterminous as ct
from coterminous.errors import ColumnNotFoundError, CoterminousTypeError, CoterminousValueError

# ---------------------------------------------------------------- pair, gaps, candidates, sensitivity

THEMES = ["financial_reporting", "financial_management", "financial_standing", "internal_control", "value_for_money"]


def score_table(codes, seed):
    import pandas as pd

    rng = np.random.default_rng(seed)
    df = pd.DataFrame({"code": codes})
    for t in THEMES:
        df[t] = rng.integers(1, 5, len(codes))
    df["total"] = df[THEMES].sum(axis=1)
    return df


def test_pair_on_a_shared_code_all_backends():
    import polars as pl
    import pyarrow as pa

    left = score_table(["A", "B", "C", "D"], 1)
    right = score_table(["C", "A", "E"], 2).rename(columns={"code": "org"})
    out = ct.pair(left, right, on=("code", "org"))
    assert out["left_code"].tolist() == ["A", "C"]
    assert out["right_org"].tolist() == ["A", "C"]
    assert out.columns.tolist() == [f"left_{c}" for c in left.columns] + [f"right_{c}" for c in right.columns]
    assert out["right_total"].tolist() == [right["total"][1], right["total"][0]]
    pl_out = ct.pair(pl.from_pandas(left), pl.from_pandas(right), on=("code", "org"))
    assert isinstance(pl_out, pl.DataFrame) and pl_out["right_total"].to_list() == out["right_total"].tolist()
    pa_out = ct.pair(pa.Table.from_pandas(left), pa.Table.from_pandas(right), on=("code", "org"))
    assert isinstance(pa_out, pa.Table) and pa_out.column("left_total").to_pylist() == out["left_total"].tolist()


def test_pair_rejects_duplicate_and_missing_codes_and_no_method():
    left = score_table(["A", "B", "A"], 1)
    right = score_table(["A"], 2)
    with pytest.raises(CoterminousValueError, match="column 'code', row 2: the code 'A' is also in row 0"):
        ct.pair(left, right, on="code")
    left = score_table(["A", None], 1)
    with pytest.raises(CoterminousValueError, match="column 'code', row 1: missing code"):
        ct.pair(left, right, on="code")
    with pytest.raises(CoterminousValueError, match="on="):
        ct.pair(left, right)
    with pytest.raises(ColumnNotFoundError, match="org"):
        ct.pair(score_table(["A"], 1), right, on="org")


@pytest.mark.parametrize(
    "lk, rk",
    [
        ("pandas", "pyarrow"),
        ("polars", "pandas_nullable"),
        ("pyarrow", "pandas_nullable"),
        ("pandas", "polars"),
        ("polars", "pyarrow"),
        ("pyarrow", "polars"),
    ],
)
def test_pair_score_tables_of_different_kinds(lk, rk):
    import pandas as pd
    import polars as pl
    import pyarrow as pa

    left = score_table(["A", "B", "C"], 1)
    right = score_table(["C", "A", "B"], 2)
    right["note"] = ["c", None, "b"]
    right.loc[0, "internal_control"] = None  # C's PCT lacks a score
    right = right.astype({"internal_control": "Int64", "note": "string"})
    conv = {
        "pandas": lambda d: d.astype(
            {c: "int64" for c in d.columns if d[c].dtype == "Int64" and not d[c].isna().any()}
        ),
        "pandas_nullable": lambda d: d,
        "polars": pl.from_pandas,
        "pyarrow": lambda d: pa.Table.from_pandas(d, preserve_index=False),
    }
    out = ct.pair(conv[lk](left), conv[rk](right), on="code")
    g = ct.gaps(out, "cpa_use_of_resources")
    if lk == "pandas":
        assert isinstance(out, pd.DataFrame)
        assert out["right_total"].dtype == np.int64 and str(out["right_internal_control"].dtype) == "Int64"
        assert pd.isna(out["right_note"].iloc[0]) and out["right_note"].tolist()[1:] == ["b", "c"]
        assert all(type(v) is str for v in out["right_code"])
        vals = out["right_internal_control"].tolist()
        got_gaps = g["gap_internal_control"].tolist()
    elif lk == "polars":
        assert isinstance(out, pl.DataFrame)
        assert out.schema["right_total"] == pl.Int64 and out.schema["right_internal_control"] == pl.Int64
        assert out.schema["right_code"] == pl.String and out["right_note"].to_list() == [None, "b", "c"]
        vals = out["right_internal_control"].to_list()
        got_gaps = g["gap_internal_control"].to_list()
    else:
        assert isinstance(out, pa.Table)
        assert pa.types.is_integer(out.schema.field("right_internal_control").type)
        assert out.column("right_note").to_pylist() == [None, "b", "c"]
        vals = out.column("right_internal_control").to_pylist()
        got_gaps = g.column("gap_internal_control").to_pylist()
    want = [int(right["internal_control"][1]), int(right["internal_control"][2]), None]
    assert [None if v is None or v is pd.NA else int(v) for v in vals] == want
    assert [None if v is None or v is pd.NA else int(v) for v in got_gaps] == [
        int(left["internal_control"][0]) - want[0],
        int(left["internal_control"][1]) - want[1],
        None,
    ]


def test_pair_dict_of_masked_arrays_keeps_missing_scores():
    import pandas as pd
    import polars as pl

    right = {"code": np.array(["A", "B"]), "t": np.ma.MaskedArray([1, 2], mask=[True, False])}
    left = pd.DataFrame({"code": ["B", "A"], "t": [3, 4]})
    out = ct.pair(left, right, on="code")
    assert (
        str(out["right_t"].dtype) == "Int64"
        and out["right_t"].tolist()[0] == 2
        and out["right_t"].isna().tolist() == [False, True]
    )
    assert ct.pair(pl.from_pandas(left), right, on="code")["right_t"].to_list() == [2, None]
    same = ct.pair({"code": np.array(["B", "A"]), "t": np.array([3, 4])}, right, on="code")
    assert np.ma.getmaskarray(same["right_t"]).tolist() == [False, True] and same["right_t"][0] == 2


def test_pair_options_of_another_method_are_errors():
    left, right = score_table(["A", "B"], 1), score_table(["A", "B"], 2)
    with pytest.raises(CoterminousValueError, match="min_score: .*names="):
        ct.pair(left, right, on="code", min_score=50)
    with pytest.raises(CoterminousValueError, match="min_coterminosity: .*lookup="):
        ct.pair(left, right, on="code", min_coterminosity=0.5)
    with pytest.raises(CoterminousValueError, match="min_coterminosity: .*lookup="):
        ct.pair(left, right, names="code", min_coterminosity=0.5)
    with pytest.raises(CoterminousValueError, match="lookup_columns: .*lookup="):
        ct.pair(left, right, on="code", lookup_columns=("a", "b"))
    with pytest.raises(CoterminousTypeError, match="min_coterminosity: expected a number"):
        ct.pair(
            left,
            right,
            on="code",
            lookup=ct.overlap(left.assign(la=["x", "y"]), left="code", right="la"),
            min_coterminosity="high",
        )


def test_pair_through_a_lookup_without_shared_codes_and_na_codes():
    import pandas as pd

    left, right = score_table(["A", "B"], 1), score_table(["C"], 2)
    ov = ct.overlap(pd.DataFrame({"l": ["Z"], "r": ["Y"]}), left="l", right="r")
    out = ct.pair(left, right, on="code", lookup=ov)
    assert len(out) == 0 and list(out.columns)[-1] == "coterminosity"
    # pd.NA is a missing code like None and NaN, in each place codes are read
    na = pd.DataFrame({"left": pd.array(["A", pd.NA], dtype=object), "right": ["x", "y"], "weight": [1.0, 2.0]})
    with pytest.raises(CoterminousValueError, match="weights: column 'left', row 1: missing code"):
        ct.assign(na)
    with pytest.raises(CoterminousValueError, match="left_scores: column 'code', row 1: missing code"):
        ct.pair(left.assign(code=pd.array(["A", pd.NA], dtype=object)), right, on="code")


def brute_pairs_total(ov, lcodes, rcodes):
    """Maximum total co-terminosity over the codes present, by scipy on a dense matrix."""
    li = {c: i for i, c in enumerate(lcodes)}
    ri = {c: i for i, c in enumerate(rcodes)}
    w = np.zeros((len(lcodes), len(rcodes)))
    for a, b, c in zip(ov["left"], ov["right"], ov["coterminosity"]):
        if a in li and b in ri:
            w[li[a], ri[b]] = max(w[li[a], ri[b]], c)
    return scipy_best_total(w)


def test_pair_through_a_lookup():
    df = random_lookup(11, n=3000, nl=30, nr=35)
    ov = ct.overlap(df, left="pct", right="la", weight="pop")
    lcodes = sorted(set(df["pct"]))[:-3]  # some bodies have no scores
    rcodes = sorted(set(df["la"]))[2:]
    left, right = score_table(lcodes, 3), score_table(rcodes, 4)
    out = ct.pair(left, right, on="code", lookup=ov)
    assert list(out.columns)[-1] == "coterminosity"
    assert len(set(out["left_code"])) == len(out) and len(set(out["right_code"])) == len(out)
    assert out["left_code"].tolist() == sorted(out["left_code"].tolist())  # left row order
    got = dict(zip(zip(ov["left"], ov["right"]), ov["coterminosity"]))
    for a, b, c in zip(out["left_code"], out["right_code"], out["coterminosity"]):
        assert got[(a, b)] == c
    assert out["coterminosity"].sum() == pytest.approx(brute_pairs_total(ov, lcodes, rcodes), rel=1e-12)
    # the raw lookup gives the same pairs
    raw = ct.pair(left, right, on="code", lookup=df, lookup_columns=("pct", "la", "pop"))
    assert raw.equals(out)
    # a co-terminosity floor
    high = ct.pair(left, right, on="code", lookup=ov, min_coterminosity=0.5)
    assert (high["coterminosity"] >= 0.5).all()
    with pytest.raises(CoterminousValueError, match="lookup_columns"):
        ct.pair(left, right, on="code", lookup=df)


def test_gaps_are_left_minus_right():
    import polars as pl

    left = score_table(list("ABCDE"), 5)
    right = score_table(list("ABCDE"), 6)
    paired = ct.pair(left, right, on="code")
    out = ct.gaps(paired, "cpa_use_of_resources")
    for t in THEMES:
        np.testing.assert_array_equal(out[f"gap_{t}"], left[t] - right[t])
    np.testing.assert_array_equal(out["gap_total"], left["total"] - right["total"])
    assert "gap_total" not in paired.columns  # input untouched
    # missing scores give missing gaps (nullable, not NaN floats)
    pl_paired = pl.from_pandas(paired).with_columns(
        pl.when(pl.int_range(pl.len()) == 1)
        .then(None)
        .otherwise(pl.col("left_internal_control"))
        .alias("left_internal_control")
    )
    pl_out = ct.gaps(pl_paired, "cpa_use_of_resources")
    assert pl_out["gap_internal_control"].null_count() == 1 and pl_out["gap_total"][1] is None
    assert pl_out["gap_total"].dtype == pl.Int64
    with pytest.raises(CoterminousValueError, match="paired: already has a column 'gap_financial_reporting'"):
        ct.gaps(out, "cpa_use_of_resources")
    bad = paired.assign(right_value_for_money=[1, 2, 5, 1, 1])
    with pytest.raises(ct.ScoreError, match='column "right_value_for_money", row 2: 5 is not an integer from 1 to 4'):
        ct.gaps(bad, "cpa_use_of_resources")


def test_candidates_and_sensitivity_match_plain_filters():
    import pandas as pd
    import polars as pl

    rng = np.random.default_rng(9)
    n = 60
    paired = pd.DataFrame(
        {
            "left_code": [f"L{i}" for i in range(n)],
            "left_total": rng.integers(5, 21, n),
            "left_overall": rng.integers(1, 5, n),
            "right_total": rng.integers(5, 21, n),
            "right_overall": rng.integers(1, 5, n),
            "coterminosity": rng.uniform(0.5, 1.0, n),
        }
    )
    out = ct.candidates(paired, left_min=15, right_max=10, min_coterminosity=0.8)
    ref = paired[(paired.left_total >= 15) & (paired.right_total <= 10) & (paired.coterminosity >= 0.8)]
    assert out["left_code"].tolist() == ref["left_code"].tolist()
    out = ct.candidates(pl.from_pandas(paired), left_min=4, right_max=1, measure="overall")
    assert (
        out["left_code"].to_list()
        == paired[(paired.left_overall == 4) & (paired.right_overall == 1)]["left_code"].tolist()
    )
    assert len(ct.candidates(paired)) == n
    grid = ct.sensitivity(paired, left_min=[12, 15, 18], right_max=[8, 10], min_coterminosity=[None, 0.9])
    assert grid.columns.tolist() == ["left_min", "right_max", "min_coterminosity", "count"]
    assert len(grid) == 12
    for lm, rm, mc, count in grid.itertuples(index=False):
        mc = None if mc is None or mc != mc else mc
        assert count == len(ct.candidates(paired, left_min=lm, right_max=rm, min_coterminosity=mc))
    with pytest.raises(CoterminousValueError, match="unknown grids"):
        ct.sensitivity(paired, left_max=[1])
    with pytest.raises(ColumnNotFoundError, match="left_stars"):
        ct.candidates(paired, left_min=4, measure="stars")


def test_sensitivity_grids_mixing_integers_and_fractions_all_kinds():
    import pandas as pd
    import polars as pl
    import pyarrow as pa

    data = {"left_total": [16, 12, 18], "right_total": [6, 9, 14]}
    for table in (pd.DataFrame(data), pl.DataFrame(data), pa.table(data)):
        grid = ct.sensitivity(table, left_min=[3, 15.5], right_max=[None, 10])
        as_dict = (
            grid.to_pydict()
            if hasattr(grid, "to_pydict")
            else (
                grid.to_dict(as_series=False)
                if hasattr(grid, "to_dict") and not isinstance(grid, pd.DataFrame)
                else grid.to_dict("list")
            )
        )
        assert as_dict["left_min"] == [3, 3, 15.5, 15.5]
        assert as_dict["count"] == [3, 2, 2, 1]
        assert [None if v is None or v != v else v for v in as_dict["right_max"]] == [None, 10, None, 10]


def test_gaps_take_a_registered_framework_by_name():
    fw = ct.Framework.from_json(ct.Framework.builtin("ale").to_json().replace('"ale"', '"gaps_test_ale"'))
    ct.Framework.register(fw, replace=True)
    try:
        fig3 = ct.datasets.load("nlgn2008/figure3")
        c = ct.score(fig3[fig3["sector"] == "council"], "ale")
        p = ct.score(fig3[fig3["sector"] == "pct"], "ale")
        paired = ct.pair(c, p, on="area")
        mine = ct.gaps(paired, "gaps_test_ale")
        assert mine["gap_total"].tolist() == ct.gaps(paired, "ale")["gap_total"].tolist()
        assert mine["gap_total"].tolist() == (paired["left_total"] - paired["right_total"]).tolist()
    finally:
        ct.Framework.unregister("gaps_test_ale")


def test_pair_refuses_codes_of_different_types_across_tables():
    """1 and 1.0 are equal in Python but are different codes: pair says so instead of merging
    them (and instead of finding no pair where codes are 1 and "1")."""
    left = {"code": np.array([1, 2], dtype=np.int64), "total": np.array([10, 12])}
    for other in (np.array([1.0, 2.0]), np.array(["1", "2"], dtype=object), np.array([True, False])):
        right = {"code": other, "total": np.array([7, 9])}
        with pytest.raises(CoterminousTypeError, match="left_scores column 'code' holds codes of type int"):
            ct.pair(left, right, on="code")
    same = ct.pair(left, {"code": np.array([2, 1], dtype=np.int64), "total": np.array([9, 7])}, on="code")
    assert same["left_total"].tolist() == [10, 12] and same["right_total"].tolist() == [7, 9]


# --- issue 15 (one vocabulary) and issue 19 (no wrong answer) -------------------------------


def test_renamed_arguments_point_to_their_new_names():
    import pandas as pd

    paired = pd.DataFrame({"left_total": [16, 12], "right_total": [6, 9]})
    with pytest.raises(CoterminousTypeError, match="`on=` was renamed `measure=`"):
        ct.candidates(paired, left_min=15, on="total")
    with pytest.raises(CoterminousTypeError, match="`on=` was renamed `measure=`"):
        ct.sensitivity(paired, left_min=[15], on=["total"])
    assert ct.sensitivity(paired, left_min=[15], measure=["total"])["count"].tolist() == [1]
    with pytest.raises(TypeError, match="unexpected keyword argument 'bogus'"):
        ct.candidates(paired, bogus=1)


@pytest.mark.parametrize("bad", ["4", True, [4], object()])
def test_bounds_of_the_wrong_type_are_type_errors(bad):
    import pandas as pd

    paired = pd.DataFrame({"left_total": [16, 12], "right_total": [6, 9], "coterminosity": [1.0, 0.5]})
    for arg in ("left_min", "right_max", "min_coterminosity"):
        with pytest.raises(CoterminousTypeError, match=arg):
            ct.candidates(paired, **{arg: bad})
        with pytest.raises(CoterminousTypeError, match=arg):
            ct.sensitivity(paired, **{arg: [bad]})
    with pytest.raises(CoterminousValueError, match="left_min"):
        ct.candidates(paired, left_min=float("nan"))


def test_candidates_compare_int64_totals_exactly():
    """Issue 19 item 11: int64 totals against int bounds as integers, not as float64."""
    import pandas as pd
    import polars as pl
    import pyarrow as pa

    big = 2**53 + 3
    data = {"left_total": np.array([big, big + 2], dtype=np.int64), "right_total": np.array([1, 1], dtype=np.int64)}
    expected = [t >= 2**53 + 4 for t in data["left_total"].tolist()]  # exact, in Python ints
    for table in (pd.DataFrame(data), pl.DataFrame(data), pa.table(data), data):
        out = ct.candidates(table, left_min=2**53 + 4)
        got = out["left_total"] if isinstance(out, dict) else out["left_total"]
        assert [int(v) for v in list(got)] == [t for t, e in zip(data["left_total"].tolist(), expected) if e]
        grid = ct.sensitivity(table, left_min=[2**53 + 3, 2**53 + 4, 2**53 + 5], right_max=[0, 1])
        counts = list(grid["count"])
        assert [int(c) for c in counts] == [0, 2, 0, 1, 0, 1]
    # right_max: a total of 2**53 + 3 is above 2**53 + 2
    assert len(ct.candidates(pd.DataFrame(data), right_max=0, left_min=None)) == 0
    flipped = pd.DataFrame({"left_total": [0, 0], "right_total": data["left_total"]})
    assert ct.candidates(flipped, right_max=2**53 + 4)["right_total"].tolist() == [big]
    # a float bound against integers: exact (2**53 + 4.0 is a float equal to 2**53 + 4)
    assert ct.candidates(pd.DataFrame(data), left_min=float(2**53 + 4))["left_total"].tolist() == [big + 2]


@settings(max_examples=200, deadline=None)
@given(
    totals=st.lists(st.integers(-(2**63), 2**63 - 1), min_size=1, max_size=8),
    bound=st.one_of(st.integers(-(2**70), 2**70), st.floats(allow_nan=False)),
)
def test_candidates_bounds_match_exact_python_comparison(totals, bound):
    """Every int64 total against any int or float bound, as exact Python comparison would."""
    from fractions import Fraction

    data = {"left_total": np.array(totals, dtype=np.int64), "right_total": np.array(totals, dtype=np.int64)}
    exact = Fraction(bound) if not isinstance(bound, float) or np.isfinite(bound) else bound
    kept = ct.candidates(data, left_min=bound)["left_total"].tolist()
    assert kept == [t for t in totals if t >= exact]
    kept = ct.candidates(data, right_max=bound)["right_total"].tolist()
    assert kept == [t for t in totals if t <= exact]


@settings(max_examples=200, deadline=None)
@given(
    totals=st.lists(st.floats(allow_nan=False), min_size=1, max_size=8),
    bound=st.integers(-(2**1100), 2**1100),
)
def test_float_totals_against_int_bounds_match_exact_comparison(totals, bound):
    from fractions import Fraction

    data = {"left_total": np.array(totals), "right_total": np.array(totals)}
    exact = [None if not np.isfinite(t) else Fraction(t) for t in totals]
    want_min = [t for t, e in zip(totals, exact) if (t > 0 if e is None else e >= bound)]
    want_max = [t for t, e in zip(totals, exact) if (t < 0 if e is None else e <= bound)]
    assert ct.candidates(data, left_min=bound)["left_total"].tolist() == want_min
    assert ct.candidates(data, right_max=bound)["right_total"].tolist() == want_max


def test_candidates_huge_bounds_and_zero_d_grids():
    """Issue 19 item 11: a bound of 10**400 is a comparison, not an OverflowError; a 0-d numpy
    grid is a single value, not a TypeError."""
    import pandas as pd

    paired = pd.DataFrame({"left_total": [16, 12], "right_total": [6, 9], "coterminosity": [1.0, 0.5]})
    assert len(ct.candidates(paired, left_min=10**400)) == 0
    assert len(ct.candidates(paired, left_min=-(10**400))) == 2
    assert len(ct.candidates(paired, right_max=10**400)) == 2
    assert len(ct.candidates(paired, min_coterminosity=10**400)) == 0
    floats = paired.assign(left_total=[16.5, 12.0])
    assert len(ct.candidates(floats, left_min=10**400)) == 0
    assert len(ct.candidates(floats, right_max=10**400)) == 2
    assert ct.sensitivity(paired, left_min=[10**400, 0])["count"].tolist() == [0, 2]
    grid = ct.sensitivity(paired, left_min=np.array(15), right_max=np.array([6, 9]))
    assert grid["count"].tolist() == [1, 1] and grid["left_min"].tolist() == [15, 15]
    assert ct.candidates(paired, left_min=np.array(15))["left_total"].tolist() == [16]


def test_duplicated_column_names_are_value_errors_naming_the_column():
    """Issue 19 item 15: pair(names=) (and pair(on=)) on a table with a column name twice."""
    import pandas as pd

    left = pd.DataFrame([["Bexley", "Bexley LB", 16]], columns=["name", "name", "total"])
    right = pd.DataFrame({"name": ["Bexley"], "total": [6]})
    with pytest.raises(CoterminousValueError, match="left_scores: the data has more than one column named 'name'"):
        ct.pair(left, right, names="name")
    with pytest.raises(CoterminousValueError, match="right_scores: the data has more than one column named 'name'"):
        ct.pair(right, left, names="name")
    dup = pd.DataFrame([["E1", 1, 2]], columns=["code", "total", "total"])
    with pytest.raises(CoterminousValueError, match="more than one column named 'total'"):
        ct.pair(dup, pd.DataFrame({"code": ["E1"], "total": [3]}), on="code")


def test_pair_hands_block_values_over_unchanged(monkeypatch):
    """pair(names=, block=) passes each table's block values to pair_names as they are (a
    pandas float column with a null, polars ints, a dict's list mixing 1 and True)."""
    import pandas as pd
    import polars as pl

    import coterminous.names as names

    seen = {}

    def spy(left, right, **kw):
        seen.update(kw)
        return {"left_index": [], "right_index": [], "score": []}

    monkeypatch.setattr(names, "pair_names", spy)
    left = pd.DataFrame({"name": ["A", "B", "C"], "region": [1.0, None, 2.0]})
    right = pl.DataFrame({"name": ["A", "C"], "region": [1, 2]})
    ct.pair(left, right, names="name", block="region")
    lb, rb = seen["left_block"], seen["right_block"]
    assert lb[0] == 1.0 and type(lb[0]) is float and lb[1] != lb[1] and lb[2] == 2.0
    assert rb == [1, 2] and all(type(v) is int for v in rb)
    ct.pair({"name": ["A", "B"], "region": [1, True]}, {"name": ["A"], "region": ["1"]}, names="name", block="region")
    assert seen["left_block"] == [1, True] and [type(v) for v in seen["left_block"]] == [int, bool]
    assert seen["right_block"] == ["1"]


def test_pair_blocks_of_pandas_floats_and_polars_ints_block_together():
    """Issue 19 item 1 for pair: equal block values block together across kinds (a pandas
    column with a null is float), "1" and 1 do not. pair_names does the blocking."""
    import pandas as pd
    import polars as pl

    left = pd.DataFrame({"name": ["Kent County Council", "Bath Council", "Ely Council"], "region": [1.0, None, 2.0]})
    right = pl.DataFrame({"name": ["Kent County Council", "Bath Council", "Ely Council"], "region": [1, 3, 2]})
    out = ct.pair(left, right, names="name", block="region", min_score=90)
    assert out["left_name"].tolist() == ["Kent County Council", "Ely Council"]
    strings = pl.DataFrame({"name": ["Kent County Council"], "region": ["1"]})
    assert len(ct.pair(left, strings, names="name", block="region", min_score=90)) == 0


def test_gaps_name_the_bad_score_unrounded():
    """Issue 19 item 24: the core's score rule (one wording), with the value as given."""
    import pandas as pd
    import polars as pl

    t = ct.Framework.get("cpa_use_of_resources").themes
    paired = pd.DataFrame({**{f"left_{k}": [3.0, 3.0] for k in t}, **{f"right_{k}": [1.0, 2.0] for k in t}})
    bad = paired.assign(left_internal_control=[3.0, 3.0000000001])
    message = 'paired: column "left_internal_control", row 1: 3.0000000001 is not an integer from 1 to 4'
    for table in (bad, pl.from_pandas(bad), {k: bad[k].to_numpy() for k in bad}):
        with pytest.raises(ct.ScoreError, match=message):
            ct.gaps(table, "cpa_use_of_resources")
    ok = ct.gaps(paired, "cpa_use_of_resources")
    assert ok["gap_total"].tolist() == [10, 5]
