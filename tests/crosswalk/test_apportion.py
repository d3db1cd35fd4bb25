"""ct.apportion against a plain pandas oracle, hypothesis properties, every backend, and its
errors and reports."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coterminous as ct
from coterminous.crosswalk import CrosswalkWarning
from coterminous.errors import (
    ColumnNotFoundError,
    CoterminousTypeError,
    CoterminousValueError,
    ScoreError,
    TieError,
)

# ---------------------------------------------------------------- the oracle, in plain pandas


def oracle(values: pd.DataFrame, overlap: pd.DataFrame, on: str, ext=(), inten=(), ordinal=None) -> pd.DataFrame:
    """What apportion should give, by merges and group-bys (to="right")."""
    ordinal = ordinal or {}
    ov = overlap.groupby(["left", "right"], as_index=False)["weight"].sum()
    ov["source_total"] = ov.groupby("left")["weight"].transform("sum")
    m = ov.merge(values, left_on="left", right_on=on, how="left", indicator=True)
    targets = sorted(ov["right"].unique())
    total = ov.groupby("right")["weight"].sum().reindex(targets)
    out = pd.DataFrame({"right": targets})
    has_row = m["_merge"] == "both"
    out["coverage"] = (m[has_row].groupby("right")["weight"].sum().reindex(targets, fill_value=0) / total).to_numpy()
    for c in [*ext, *inten, *ordinal]:
        present = m[m[c].notna()]
        covered = present.groupby("right")["weight"].sum().reindex(targets, fill_value=0)
        if c in ext:
            part = present[c] * (present["weight"] / present["source_total"])
            out[c] = part.groupby(present["right"]).sum().reindex(targets).to_numpy()
        elif c in inten:
            out[c] = ((present[c] * present["weight"]).groupby(present["right"]).sum() / covered).to_numpy()
        else:
            lo, hi = ordinal[c]
            for v in range(lo, hi + 1):
                at = present[present[c] == v].groupby("right")["weight"].sum().reindex(targets, fill_value=0)
                out[f"{c}_share_{v}"] = (at / covered).to_numpy()
            medians, modes = [], []
            for t in targets:
                w = present[present["right"] == t].groupby(c)["weight"].sum()
                if w.sum() == 0:
                    medians.append(np.nan)
                    modes.append(np.nan)
                    continue
                cum = w.sort_index().cumsum()
                medians.append(cum.index[(2 * cum >= w.sum()).to_numpy()].min())
                modes.append(w.index[(w == w.max()).to_numpy()].min())
            out[f"{c}_median"] = medians
            out[f"{c}_mode"] = modes
        null = (covered == 0).to_numpy()
        for col in [k for k in out.columns if k == c or k.startswith(f"{c}_")]:
            out.loc[null, col] = np.nan
        out[f"{c}_coverage"] = (covered / total).to_numpy()
    return out


def assert_like_oracle(got: pd.DataFrame, want: pd.DataFrame) -> None:
    assert list(got["right"]) == list(want["right"])
    for c in want.columns:
        if c == "right":
            continue
        g = got[c].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
        np.testing.assert_allclose(g, want[c].to_numpy(dtype=float), rtol=1e-12, atol=1e-12, err_msg=c)


# ---------------------------------------------------------------- fixed examples

OVERLAP = pd.DataFrame(
    {
        "left": ["A", "A", "B", "B", "C", "D"],
        "right": ["x", "y", "y", "z", "z", "w"],
        "weight": [30.0, 10.0, 20.0, 20.0, 40.0, 5.0],
    }
)
VALUES = pd.DataFrame(
    {
        "la": ["A", "B", "C", "D"],
        "beds": [100.0, 40.0, 7.0, None],
        "rate": [0.5, 0.25, 1.0, 2.0],
        "rating": pd.array([1, 3, 4, None], dtype="Int64"),
        "kind": ["unitary", "county", "county", None],
    }
)


def test_fixed_example_against_the_oracle_and_by_hand() -> None:
    got = ct.apportion(VALUES, OVERLAP, on="la", extensive="beds", intensive="rate", ordinal={"rating": (1, 4)})
    assert_like_oracle(got, oracle(VALUES, OVERLAP, "la", ["beds"], ["rate"], {"rating": (1, 4)}))
    # by hand: y holds a quarter of A (100) and half of B (40)
    y = got[got["right"] == "y"].iloc[0]
    assert y["beds"] == pytest.approx(25 + 20)
    assert y["rate"] == pytest.approx((0.5 * 10 + 0.25 * 20) / 30)
    assert (y["rating_share_1"], y["rating_share_3"]) == pytest.approx((1 / 3, 2 / 3))
    assert y["rating_median"] == 3 and y["rating_mode"] == 3
    # w's only source (D) has no beds and no rating: nulls, not zeros; coverage of the row is 1
    w = got[got["right"] == "w"].iloc[0]
    assert pd.isna(w["beds"]) and pd.isna(w["rating_median"]) and pd.isna(w["rating_share_1"])
    assert w["coverage"] == 1.0 and w["beds_coverage"] == 0.0 and w["rate"] == 2.0


def test_columns_and_their_order() -> None:
    got = ct.apportion(
        VALUES,
        OVERLAP,
        on="la",
        extensive="beds",
        ordinal={"rating": "cqc_la_assessment"},
        categorical="kind",
        ordinal_mean=True,
        names={"x": "Ex", "y": "Why"},
    )
    assert list(got.columns) == [
        "right", "right_name", "coverage", "beds", "beds_coverage",
        "rating_share_1", "rating_share_2", "rating_share_3", "rating_share_4", "rating_median", "rating_mode",
        "rating_mean", "rating_coverage", "kind_share_county", "kind_share_unitary", "kind_mode", "kind_coverage",
    ]  # fmt: skip
    assert got["right_name"].tolist()[:2] == ["Ex", "Why"] or got["right_name"].tolist()[1:3] == ["Ex", "Why"]
    assert got.set_index("right").loc["y", "kind_mode"] == "county"  # 20 county (B) against 10 unitary (A)
    assert got.set_index("right").loc["y", "rating_mean"] == pytest.approx((1 * 10 + 3 * 20) / 30)


def test_lower_median_at_exactly_one_half() -> None:
    ov = pd.DataFrame({"left": ["a", "b"], "right": ["t", "t"], "weight": [1, 1]})
    v = pd.DataFrame({"k": ["a", "b"], "r": [2, 4]})
    got = ct.apportion(v, ov, on="k", ordinal={"r": (1, 4)})
    assert got["r_median"].tolist() == [2]  # cumulative share reaches 1/2 at 2
    for ties, mode in (("low", 2), ("high", 4), ("all", [2, 4])):
        assert ct.apportion(v, ov, on="k", ordinal={"r": (1, 4)}, ties=ties)["r_mode"].tolist() == [mode]
    with pytest.raises(TieError, match=r"right 't', column 'r'.*\[2, 4\]"):
        ct.apportion(v, ov, on="k", ordinal={"r": (1, 4)}, ties="error")


def test_totals_check() -> None:
    table, totals = ct.apportion(VALUES.iloc[:3], OVERLAP.iloc[:5], on="la", extensive="beds", totals=True)
    t = totals["beds"]
    assert t.source == 147.0 and t.target == pytest.approx(147.0) and t.preserved
    assert 0 < t.bound < 1e-10 and abs(t.difference) <= t.bound
    assert table["beds"].sum() == pytest.approx(147.0)


def test_to_left_moves_the_other_way() -> None:
    v = pd.DataFrame({"code": ["x", "y", "z", "w"], "n": [10.0, 30.0, 60.0, 5.0]})
    got = ct.apportion(v, OVERLAP, on="code", to="left", extensive="n")
    assert got.columns[0] == "left" and got["left"].tolist() == ["A", "B", "C", "D"]
    # x lies all in A; y 1/3 in A, 2/3 in B; z 1/3 in B, 2/3 in C
    np.testing.assert_allclose(got["n"], [10 + 10, 20 + 20, 40, 5])


# ---------------------------------------------------------------- reports


def test_codes_on_one_side_are_reported_by_policy() -> None:
    v = pd.DataFrame({"la": ["A", "B", "Q"], "beds": [1.0, 2.0, 3.0]})
    with pytest.warns(CrosswalkWarning, match=r"left code\(s\) of the overlap have no row.*'C', 'D'") as rec:
        ct.apportion(v, OVERLAP, on="la", extensive="beds")
    text = str(rec[0].message)
    assert "'Q'" in text and "differs from the values' total" in text
    with pytest.raises(CoterminousValueError, match="'Q'"):
        ct.apportion(v, OVERLAP, on="la", extensive="beds", errors="raise")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ct.apportion(v, OVERLAP, on="la", extensive="beds", errors="ignore")


def test_sources_without_weight_are_reported() -> None:
    ov = pd.DataFrame({"left": ["a", "b"], "right": ["t", "t"], "weight": [1.0, 0.0]})
    v = pd.DataFrame({"k": ["a", "b"], "n": [1.0, 5.0]})
    with pytest.raises(CoterminousValueError, match=r"total weight of 0.*'b'"):
        ct.apportion(v, ov, on="k", extensive="n", errors="raise")


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"extensive": "nope"}, ColumnNotFoundError, "nope"),
        ({}, CoterminousValueError, "at least one column"),
        ({"extensive": "beds", "intensive": "beds"}, CoterminousValueError, "given twice"),
        ({"extensive": "la"}, CoterminousValueError, "given twice"),
        ({"extensive": "beds", "to": "up"}, CoterminousValueError, "to: expected one of"),
        ({"extensive": "beds", "errors": "loud"}, CoterminousValueError, "errors: expected"),
        ({"extensive": "beds", "ties": "middle"}, CoterminousValueError, "ties: expected"),
        ({"extensive": "beds", "names": ["x"]}, CoterminousTypeError, "names: expected a mapping"),
        ({"ordinal": {"rating": (4, 1)}}, CoterminousValueError, "min above max"),
        ({"ordinal": {"rating": (0, 10**9)}}, CoterminousValueError, "more than 65,536 values"),
        ({"ordinal": {"rating": 4}}, CoterminousTypeError, "expected a Framework"),
        (
            {"ordinal": {"rating": (1, 2)}},
            ScoreError,
            r'ordinal: column "rating", row 1: 3 is not an integer from 1 to 2',
        ),
        ({"extensive": "kind"}, ScoreError, "kind"),
    ],
)
def test_bad_arguments(kwargs: dict, error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        ct.apportion(VALUES, OVERLAP, on="la", **{"errors": "ignore", **kwargs})


def test_bad_codes_and_weights() -> None:
    dup = pd.DataFrame({"la": ["A", "B", "A"], "beds": [1.0, 2.0, 3.0]})
    with pytest.raises(CoterminousValueError, match=r"'A' is on rows 0 and 2"):
        ct.apportion(dup, OVERLAP, on="la", extensive="beds")
    ints = pd.DataFrame({"la": [1, 2], "beds": [1.0, 2.0]})
    with pytest.raises(CoterminousTypeError, match="integers but the overlap's left codes are strings"):
        ct.apportion(ints, OVERLAP, on="la", extensive="beds")
    bad = OVERLAP.assign(weight=[1.0, -1.0, 1, 1, 1, 1])
    with pytest.raises(CoterminousValueError, match=r"'weight', row 1: -1.0"):
        ct.apportion(VALUES, bad, on="la", extensive="beds")
    clash = VALUES.rename(columns={"beds": "coverage"})
    with pytest.raises(CoterminousValueError, match="two columns named 'coverage'"):
        ct.apportion(clash, OVERLAP, on="la", extensive="coverage", errors="ignore")
    with pytest.raises(CoterminousValueError, match="row 0: a missing code"):
        ct.apportion(VALUES.assign(la=[None, "B", "C", "D"]), OVERLAP, on="la", extensive="beds")


# ---------------------------------------------------------------- backends


@pytest.mark.parametrize("backend", ["polars", "pyarrow", "dict"])
def test_every_backend_gives_the_same_table(backend: str) -> None:
    kw = dict(on="la", extensive="beds", intensive="rate", ordinal={"rating": (1, 4)}, categorical="kind")
    want = ct.apportion(VALUES, OVERLAP, errors="ignore", **kw)
    if backend == "polars":
        v, o = pl.from_pandas(VALUES), pl.from_pandas(OVERLAP)
    elif backend == "pyarrow":
        v, o = pa.Table.from_pandas(VALUES, preserve_index=False), pa.Table.from_pandas(OVERLAP, preserve_index=False)
    else:
        v = {
            "la": np.array(VALUES["la"], dtype=object),
            "beds": VALUES["beds"].to_numpy(),
            "rate": VALUES["rate"].to_numpy(),
            "rating": np.ma.MaskedArray([1, 3, 4, 0], mask=[False, False, False, True]),
            "kind": np.array(VALUES["kind"], dtype=object),
        }
        o = {c: OVERLAP[c].to_numpy() for c in OVERLAP.columns}
    got = ct.apportion(v, o, errors="ignore", **kw)
    if backend == "polars":
        assert isinstance(got, pl.DataFrame)
        got = got.to_pandas()
    elif backend == "pyarrow":
        assert isinstance(got, pa.Table)
        got = got.to_pandas()
    else:
        assert isinstance(got, dict)
        got = pd.DataFrame({k: (np.ma.filled(np.ma.asarray(c).astype(float), np.nan) if k not in ("right", "kind_mode")
                                 else np.asarray(c)) for k, c in got.items()})  # fmt: skip
    assert list(got.columns) == list(want.columns)
    for c in want.columns:
        if c in ("right", "kind_mode"):
            assert [None if pd.isna(x) else x for x in got[c]] == [None if pd.isna(x) else x for x in want[c]]
        else:
            np.testing.assert_allclose(
                got[c].astype(float).to_numpy(), want[c].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
            )


def test_inputs_are_not_modified() -> None:
    v, o = VALUES.copy(deep=True), OVERLAP.copy(deep=True)
    ct.apportion(v, o, on="la", extensive="beds", categorical="kind", errors="ignore")
    pd.testing.assert_frame_equal(v, VALUES)
    pd.testing.assert_frame_equal(o, OVERLAP)


# ---------------------------------------------------------------- properties


@st.composite
def cases(draw: st.DrawFn) -> tuple[pd.DataFrame, pd.DataFrame]:
    n_src = draw(st.integers(1, 6))
    n_tgt = draw(st.integers(1, 5))
    n_rows = draw(st.integers(1, 14))
    rows = draw(
        st.lists(
            st.tuples(st.integers(0, n_src - 1), st.integers(0, n_tgt - 1), st.integers(0, 50)),
            min_size=n_rows,
            max_size=n_rows,
        )
    )
    overlap = pd.DataFrame(
        {
            "left": [f"s{s}" for s, _, _ in rows],
            "right": [f"t{t}" for _, t, _ in rows],
            "weight": [float(w) for _, _, w in rows],
        }
    )
    keep = draw(st.lists(st.booleans(), min_size=n_src, max_size=n_src))
    codes = [f"s{i}" for i in range(n_src) if keep[i]]
    n = len(codes)
    num = st.one_of(st.none(), st.floats(-1e3, 1e3, allow_nan=False).map(lambda x: round(x, 3)))
    values = pd.DataFrame(
        {
            "code": codes,
            "x": pd.array(draw(st.lists(num, min_size=n, max_size=n)), dtype="Float64"),
            "r": pd.array(
                draw(st.lists(st.one_of(st.none(), st.integers(1, 4)), min_size=n, max_size=n)), dtype="Int64"
            ),
        }
    )
    return values, overlap


@settings(max_examples=120, deadline=None)
@given(cases())
def test_matches_the_oracle_and_keeps_its_properties(case: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    values, overlap = case
    got, totals = ct.apportion(
        values, overlap, on="code", extensive="x", intensive="x" * 0 or [], ordinal={"r": (1, 4)},
        errors="ignore", totals=True,
    )  # fmt: skip
    assert_like_oracle(got, oracle(values, overlap, "code", ["x"], [], {"r": (1, 4)}))
    got_i = ct.apportion(values, overlap, on="code", intensive="x", errors="ignore")
    assert_like_oracle(got_i, oracle(values, overlap, "code", [], ["x"]))
    # coverage in [0, 1]
    for c in ("coverage", "x_coverage", "r_coverage"):
        cov = got[c].astype("Float64").dropna().to_numpy(dtype=float)
        assert ((cov >= 0) & (cov <= 1 + 1e-12)).all()
    # intensive values within their sources' range
    ov = overlap.merge(values, left_on="left", right_on="code")
    for t, x in zip(got_i["right"], got_i["x"]):
        src = ov[(ov["right"] == t) & ov["x"].notna() & (ov["weight"] > 0)]["x"]
        if pd.notna(x):
            assert src.min() - 1e-9 <= x <= src.max() + 1e-9
    # ordinal shares add up to 1 per covered target
    shares = got[[f"r_share_{v}" for v in range(1, 5)]].astype("Float64")
    covered = got["r_median"].notna()
    np.testing.assert_allclose(shares[covered].sum(axis=1).to_numpy(dtype=float), 1.0, rtol=1e-12)
    assert shares[~covered].isna().all().all()
    # totals preserved when every source with a value lies in the overlap with a weight
    weight = overlap.groupby("left")["weight"].sum()
    present = values[values["x"].notna()]["code"]
    if all(weight.get(c, 0) > 0 for c in present):
        assert totals["x"].preserved, totals
        assert abs(got["x"].astype("Float64").sum() - values["x"].sum()) <= totals["x"].bound + 1e-12


def test_shipped_lookups_council_populations_come_back_as_icb_populations() -> None:
    lsoa = ct.datasets.load("ons2022/lsoa11_icb22", backend="polars")
    utla = ct.datasets.load("ons2022/ltla21_utla21", backend="polars")
    lookup = ct.chain(lsoa, utla, on={"ltla22_code": "ltla21_code"})
    ov = ct.overlap(lookup, left="utla21_code", right="icb22_code", weight="population_mid2020")
    councils = ov.group_by("left").agg(pl.col("weight").sum().alias("population"))
    icbs, totals = ct.apportion(councils, ov, on="left", extensive="population", intensive="population" * 0 or [],
                                totals=True, errors="raise")  # fmt: skip
    want = lsoa.group_by("icb22_code").agg(pl.col("population_mid2020").sum()).sort("icb22_code")
    assert icbs["right"].to_list() == want["icb22_code"].to_list() and len(icbs) == 42
    np.testing.assert_allclose(icbs["population"].to_numpy(), want["population_mid2020"].to_numpy(), rtol=1e-12)
    assert totals["population"].source == 56_550_138 and totals["population"].preserved
    assert icbs["coverage"].to_list() == [1.0] * 42


@settings(max_examples=60, deadline=None)
@given(cases())
def test_categorical_shares_add_up_and_the_mode_holds_most(case: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    values, overlap = case
    values = values.assign(c=values["r"].map(lambda v: None if pd.isna(v) else "abcd"[int(v) - 1]))
    got = ct.apportion(values, overlap, on="code", categorical="c", ordinal={"r": (1, 4)}, errors="ignore")
    cats = sorted(values["c"].dropna().unique())
    assert [k for k in got.columns if k.startswith("c_share_")] == [f"c_share_{k}" for k in cats]
    for _, row in got.iterrows():
        if pd.isna(row["c_mode"]):
            assert pd.isna(row["r_mode"]) and pd.isna(row["c_coverage"]) or row["c_coverage"] == 0
            continue
        shares = {k: row[f"c_share_{k}"] for k in cats}
        assert sum(shares.values()) == pytest.approx(1.0)
        assert shares[row["c_mode"]] == max(shares.values())
        assert row["c_mode"] == "abcd"[int(row["r_mode"]) - 1]  # same weights, same tie rule
