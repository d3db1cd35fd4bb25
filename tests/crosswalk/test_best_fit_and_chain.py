"""ct.best_fit and ct.chain against plain pandas oracles, hypothesis properties, the shipped
ONS lookups, and their errors."""

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
from coterminous.errors import ColumnNotFoundError, CoterminousTypeError, CoterminousValueError

# ---------------------------------------------------------------- best_fit


def best_fit_oracle(overlap: pd.DataFrame) -> pd.DataFrame:
    """Each left unit's heaviest right partner, ties to the smaller code, by sorting in pandas."""
    pairs = overlap.groupby(["left", "right"], as_index=False)["weight"].sum()
    pairs["total"] = pairs.groupby("left")["weight"].transform("sum")
    pairs["share"] = pairs["weight"] / pairs["total"]
    ranked = pairs.sort_values(["left", "weight", "right"], ascending=[True, False, True])
    rows = []
    for left, g in ranked.groupby("left", sort=True):
        if g["total"].iloc[0] == 0:
            rows.append((left, None, np.nan, None, np.nan))
            continue
        second = g.iloc[1] if len(g) > 1 else None
        rows.append(
            (
                left,
                g.iloc[0]["right"],
                g.iloc[0]["share"],
                None if second is None else second["right"],
                np.nan if second is None else second["share"],
            )
        )
    return pd.DataFrame(rows, columns=["left", "right", "share", "runner_up", "runner_up_share"])


def test_best_fit_by_hand_and_ties_by_code() -> None:
    ov = pd.DataFrame(
        {"left": ["A", "A", "A", "B", "B"], "right": ["z", "y", "x", "y", "y"], "weight": [5, 5, 2, 1, 3]}
    )
    got = ct.best_fit(ov)
    assert got["left"].tolist() == ["A", "B"]
    assert got["right"].tolist() == ["y", "y"]  # y and z tie at 5: the smaller code
    assert got["runner_up"].tolist()[0] == "z" and pd.isna(got["runner_up"].tolist()[1])
    assert got["share"].tolist() == pytest.approx([5 / 12, 1.0])
    # the rows' order changes nothing
    shuffled = ct.best_fit(ov.iloc[::-1].reset_index(drop=True))
    pd.testing.assert_frame_equal(shuffled, got)


def test_best_fit_names_and_backends() -> None:
    ov = pd.DataFrame({"left": [1, 1, 2], "right": ["x", "y", "y"], "weight": [1.0, 3.0, 2.0]})
    got = ct.best_fit(ov, names={1: "one", "y": "Why"})
    assert got["left_name"].tolist() == ["one", None] or got["left_name"].isna().tolist() == [False, True]
    assert got["right_name"].tolist() == ["Why", "Why"]
    assert got["left"].tolist() == [1, 2]
    for table in (pl.from_pandas(ov), pa.Table.from_pandas(ov, preserve_index=False)):
        other = ct.best_fit(table)
        assert type(other) is type(table)
        assert other["right"].to_pylist() if isinstance(other, pa.Table) else other["right"].to_list() == ["y", "y"]
    to_left = ct.best_fit(ov, to="left")
    assert to_left.columns.tolist()[:2] == ["right", "left"]
    assert to_left["left"].tolist() == [1, 1]  # x: all of it in 1; y: 3 in 1 against 2 in 2


def test_best_fit_zero_weight_has_no_partner() -> None:
    ov = pd.DataFrame({"left": ["a", "b"], "right": ["x", "x"], "weight": [0.0, 1.0]})
    got = ct.best_fit(ov)
    assert pd.isna(got["right"].iloc[0]) and pd.isna(got["share"].iloc[0])


@st.composite
def overlaps(draw: st.DrawFn) -> pd.DataFrame:
    n = draw(st.integers(1, 15))
    rows = draw(st.lists(st.tuples(st.integers(0, 4), st.integers(0, 4), st.integers(0, 6)), min_size=n, max_size=n))
    return pd.DataFrame(
        {
            "left": [f"L{a}" for a, _, _ in rows],
            "right": [f"R{b}" for _, b, _ in rows],
            "weight": [float(w) for _, _, w in rows],
        }
    )


@settings(max_examples=150, deadline=None)
@given(overlaps())
def test_best_fit_matches_the_oracle(ov: pd.DataFrame) -> None:
    got = ct.best_fit(ov)
    want = best_fit_oracle(ov)
    assert got["left"].tolist() == want["left"].tolist()
    for c in ("right", "runner_up"):
        assert [None if pd.isna(x) else x for x in got[c]] == [None if pd.isna(x) else x for x in want[c]], c
    for c in ("share", "runner_up_share"):
        np.testing.assert_allclose(
            got[c].astype("Float64").to_numpy(dtype=float, na_value=np.nan), want[c].to_numpy(dtype=float)
        )
    both = got["runner_up_share"].notna()
    assert (got["share"][both] >= got["runner_up_share"][both]).all()


# ---------------------------------------------------------------- chain


def test_chain_of_the_shipped_lookups_matches_pandas_merges() -> None:
    lsoa = ct.datasets.load("ons2022/lsoa11_icb22")[["lsoa11_code", "ltla22_code", "population_mid2020"]]
    d23 = ct.datasets.load("ons2022/ltla22_ltla23")[["ltla22_code", "ltla23_code"]]
    u23 = ct.datasets.load("ons2022/ltla23_utla23")[["ltla23_code", "utla23_code", "utla23_name"]]
    got = ct.chain(lsoa, [d23, u23], on=[{"ltla22_code": "ltla22_code"}, {"ltla23_code": "ltla23_code"}])
    want = lsoa.merge(d23, on="ltla22_code", how="left").merge(u23, on="ltla23_code", how="left")
    assert got.columns.tolist() == want.columns.tolist()
    for c in want.columns:
        assert got[c].tolist() == want[c].tolist(), c
    assert got["population_mid2020"].sum() == 56_550_138
    assert got["utla23_code"].nunique() == 153  # England's upper-tier councils of April 2023


def test_chain_reports_missing_keys_by_policy() -> None:
    lookup = pd.DataFrame({"a": ["x", "y", "q", None], "n": [1, 2, 3, 4]})
    table = pd.DataFrame({"a2": ["x", "y"], "b": ["X", "Y"]})
    with pytest.raises(CoterminousValueError, match=r"2 key\(s\) of lookup column 'a'.*'q', None.*row 2"):
        ct.chain(lookup, table, on={"a": "a2"})
    with pytest.warns(CrosswalkWarning, match="'q'"):
        got = ct.chain(lookup, table, on={"a": "a2"}, errors="warn")
    assert got["b"].tolist()[:2] == ["X", "Y"] and got["b"].isna().tolist() == [False, False, True, True]
    assert got["n"].tolist() == [1, 2, 3, 4]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ct.chain(lookup, table, on={"a": "a2"}, errors="ignore")


def test_one_to_many_needs_a_share() -> None:
    lookup = pd.DataFrame({"d": ["a", "b"], "pop": [10, 20]})
    table = pd.DataFrame({"d": ["a", "b", "b"], "u": ["A", "B1", "B2"], "s": [1.0, 0.25, 0.75]})
    with pytest.raises(CoterminousValueError, match=r"'b' \(column 'd'\) is on 2 rows \(1, 2\).*share="):
        ct.chain(lookup, table, on={"d": "d"})
    got = ct.chain(lookup, table, on={"d": "d"}, share="s", weight="pop")
    assert got["u"].tolist() == ["A", "B1", "B2"]
    assert got["pop"].tolist() == [10.0, 5.0, 15.0]  # weights multiplied by the shares
    unweighted = ct.chain(lookup, table, on={"d": "d"}, share="s")
    assert unweighted["weight"].tolist() == [1.0, 0.25, 0.75]
    assert unweighted["pop"].tolist() == [10, 20, 20]
    half = table.assign(s=[1.0, 0.25, 0.5])
    with pytest.raises(CoterminousValueError, match=r"do not add up to 1: 'b' \(0.75\)"):
        ct.chain(lookup, half, on={"d": "d"}, share="s")
    with pytest.raises(CoterminousValueError, match=r'column "s", row 2: 1.5 is not a share'):
        ct.chain(lookup, table.assign(s=[1.0, 0.25, 1.5]), on={"d": "d"}, share="s")


def test_chained_shares_multiply() -> None:
    lookup = pd.DataFrame({"d": ["a"], "pop": [100.0]})
    t1 = pd.DataFrame({"d": ["a", "a"], "e": ["e1", "e2"], "s": [0.5, 0.5]})
    t2 = pd.DataFrame({"e": ["e1", "e2", "e2"], "f": ["f1", "f2", "f3"], "s2": [1.0, 0.2, 0.8]})
    got = ct.chain(lookup, [t1, t2], on=[{"d": "d"}, {"e": "e"}], share=["s", "s2"], weight="pop")
    assert got["f"].tolist() == ["f1", "f2", "f3"]
    np.testing.assert_allclose(got["pop"], [50.0, 10.0, 40.0])
    assert got["pop"].sum() == pytest.approx(100.0)


def test_chain_backends_and_errors() -> None:
    lookup = pd.DataFrame({"d": [1, 2], "n": [5, 6]})
    table = pd.DataFrame({"d": [1, 2], "u": ["U1", "U2"]})
    for conv in (pl.from_pandas, lambda df: pa.Table.from_pandas(df, preserve_index=False)):
        got = ct.chain(conv(lookup), conv(table), on={"d": "d"})
        assert type(got) is type(conv(lookup))
        col = got["u"]
        assert (col.to_pylist() if hasattr(col, "to_pylist") else col.to_list()) == ["U1", "U2"]
    with pytest.raises(CoterminousTypeError, match="a polars table, but the lookup is pandas"):
        ct.chain(lookup, pl.from_pandas(table), on={"d": "d"})
    with pytest.raises(CoterminousTypeError, match="integers but"):
        ct.chain(lookup, table.assign(d=["1", "2"]), on={"d": "d"})
    with pytest.raises(ColumnNotFoundError):
        ct.chain(lookup, table, on={"nope": "d"})
    with pytest.raises(CoterminousValueError, match="column 'n' is already in the lookup"):
        ct.chain(lookup, table.assign(n=[0, 0]), on={"d": "d"})
    with pytest.raises(CoterminousValueError, match="one per table"):
        ct.chain(lookup, [table, table], on={"d": "d"})
    with pytest.raises(CoterminousValueError, match="one per table"):
        ct.chain(lookup, [table, table], on=["d"])
    with pytest.raises(CoterminousTypeError, match="a dict of one lookup column"):
        ct.chain(lookup, table, on={"d": "d", "n": "u"})
    by_name = ct.chain(lookup, table, on="d")
    assert by_name["u"].tolist() == ct.chain(lookup, table, on=("d", "d"))["u"].tolist() == ["U1", "U2"]


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.integers(0, 6), min_size=0, max_size=12),
    st.lists(st.integers(0, 6), min_size=0, max_size=8, unique=True),
)
def test_chain_matches_a_pandas_left_merge(keys: list[int], table_keys: list[int]) -> None:
    lookup = pd.DataFrame({"k": keys, "row": range(len(keys))})
    table = pd.DataFrame({"k": table_keys, "v": [f"v{k}" for k in table_keys]})
    got = ct.chain(lookup, table, on={"k": "k"}, errors="ignore")
    want = lookup.merge(table, on="k", how="left")
    assert got["row"].tolist() == want["row"].tolist()
    assert [None if pd.isna(x) else x for x in got["v"]] == [None if pd.isna(x) else x for x in want["v"]]
