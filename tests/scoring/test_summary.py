from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coterminous as ct


def ref_modes(keys: list, values: list, ties: str):
    """Plain-Python modes per group, groups in order of first appearance."""
    groups: dict = {}
    for k, v in zip(keys, values):
        groups.setdefault(k, [])
        if v is not None:
            groups[k].append(v)
    out = {}
    for k, vs in groups.items():
        if not vs:
            out[k] = None
            continue
        c = Counter(vs)
        best = max(c.values())
        tied = sorted(v for v, n in c.items() if n == best)
        out[k] = {"low": tied[0], "high": tied[-1], "all": tied}.get(ties, tied)
    return out


def to_kind(kind: str, cols: dict):
    if kind == "pandas":
        return pd.DataFrame(cols)
    if kind == "polars":
        return pl.DataFrame(cols)
    return pa.table(cols)


def col(out, kind: str, name: str) -> list:
    if kind == "pandas":
        return [None if (not isinstance(v, list) and pd.isna(v)) else v for v in out[name].tolist()]
    if kind == "polars":
        return out[name].to_list()
    return out.column(name).to_pylist()


@pytest.mark.parametrize("kind", ["pandas", "polars", "pyarrow"])
@pytest.mark.parametrize("ties", ["low", "high", "all"])
def test_modes_match_reference(kind, ties):
    rng = np.random.default_rng(3)
    keys = rng.choice(["pct", "council", "trust"], size=500).tolist()
    a = rng.integers(1, 5, size=500).tolist()
    b = rng.integers(-3, 3, size=500).tolist()
    out = ct.modes(to_kind(kind, {"sector": keys, "a": a, "b": b}), by="sector", columns=["a", "b"], ties=ties)
    assert type(out) is type(to_kind(kind, {"x": [1]}))
    assert col(out, kind, "sector") == list(dict.fromkeys(keys))
    for c, vals in (("a", a), ("b", b)):
        ref = ref_modes(keys, vals, ties)
        assert col(out, kind, c) == [ref[k] for k in dict.fromkeys(keys)]


def test_paper_convention_ties_low_and_error():
    df = pd.DataFrame({"sector": ["pct"] * 4 + ["council"] * 3, "fr": [1, 2, 2, 1, 3, 3, 4]})
    assert ct.modes(df, by="sector", columns="fr")["fr"].tolist() == [1, 3]
    assert ct.modes(df, by="sector", columns="fr", ties="high")["fr"].tolist() == [2, 3]
    assert ct.modes(df, by="sector", columns="fr", ties="all")["fr"].tolist() == [[1, 2], [3]]
    with pytest.raises(
        ct.TieError, match=r"group sector='pct' \(first at row 0\), column 'fr': the values \[1, 2\] are tied"
    ):
        ct.modes(df, by="sector", columns="fr", ties="error")
    assert ct.modes(df.iloc[4:], by="sector", columns="fr", ties="error")["fr"].tolist() == [3]
    whole = ct.modes(df, columns=["fr"])
    assert list(whole.columns) == ["fr"] and whole["fr"].tolist() == [1]


def test_multi_key_groups_nulls_and_empty_groups():
    df = pl.DataFrame(
        {
            "region": ["N", "N", "S", None, "N", None],
            "year": [2007, 2008, 2007, 2007, 2007, 2007],
            "x": [1, 2, 3, None, 4, None],
        }
    )
    out = ct.modes(df, by=["region", "year"], columns="x")
    assert out["region"].to_list() == ["N", "N", "S", None]
    assert out["year"].to_list() == [2007, 2008, 2007, 2007]
    assert out["x"].to_list() == [1, 2, 3, None]


def test_large_integer_groups_against_numpy():
    rng = np.random.default_rng(11)
    n, g = 200_000, 1000
    groups = rng.integers(0, g, size=n)
    vals = rng.integers(1, 5, size=(n, 2), dtype=np.int8)
    df = pl.DataFrame({"g": groups, "a": vals[:, 0], "b": vals[:, 1]})
    out = ct.modes(df, by="g", columns=["a", "b"])
    order = pd.unique(groups)
    assert out["g"].to_list() == order.tolist()
    for j, c in enumerate(["a", "b"]):
        counts = np.bincount(groups * 5 + vals[:, j], minlength=g * 5).reshape(g, 5)
        expected = counts.argmax(axis=1)  # argmax picks the lowest tied value
        assert out[c].to_list() == expected[order].tolist()


def test_modes_errors():
    df = pd.DataFrame({"g": [1, 1], "x": [1.5, 2], "s": ["a", "b"]})
    with pytest.raises(ct.ScoreError, match="row 0: 1.5 is not an integer"):
        ct.modes(df, by="g", columns="x")
    with pytest.raises(ct.ColumnNotFoundError, match="'nope'"):
        ct.modes(df, by="nope", columns="x")
    with pytest.raises(ct.CoterminousValueError, match="ties"):
        ct.modes(df, by="g", columns="x", ties="middle")
    with pytest.raises(ct.ScoreError, match="'a'"):
        ct.modes(df, by="g", columns="s")
    with pytest.raises(ct.CoterminousValueError, match="also a 'by' column"):
        ct.modes(df, by="g", columns="g")
    with pytest.raises(TypeError, match="named columns"):
        ct.modes(np.ones((2, 2)), columns="x")


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 4), st.one_of(st.none(), st.integers(1, 4))), min_size=1, max_size=60),
    st.sampled_from(["low", "high", "all"]),
    st.sampled_from(["pandas", "polars", "pyarrow"]),
)
def test_property_modes(rows, ties, kind):
    keys = [k for k, _ in rows]
    vals = [v for _, v in rows]
    if kind == "pandas":
        data = pd.DataFrame({"k": keys, "v": pd.array(vals, dtype="Int64")})
    elif kind == "polars":
        data = pl.DataFrame({"k": keys, "v": vals}, schema={"k": pl.Int64, "v": pl.Int64})
    else:
        data = pa.table({"k": pa.array(keys, pa.int64()), "v": pa.array(vals, pa.int64())})
    out = ct.modes(data, by="k", columns="v", ties=ties)
    ref = ref_modes(keys, vals, ties)
    assert col(out, kind, "k") == list(ref)
    got = col(out, kind, "v")
    want = list(ref.values())
    if ties == "all":
        want = [w if w is not None else [] for w in want]
    assert got == want


@pytest.mark.parametrize("kind", ["pandas", "polars", "pyarrow"])
def test_distribution_against_value_counts(kind):
    rng = np.random.default_rng(5)
    keys = rng.choice(["a", "b", "c"], size=300).tolist()
    x = rng.integers(1, 4, size=300).tolist()  # no 4s: zero counts with a framework
    out = ct.distribution(to_kind(kind, {"g": keys, "x": x}), by="g", columns="x", framework="ale")
    got = list(
        zip(
            col(out, kind, "g"),
            col(out, kind, "column"),
            col(out, kind, "score"),
            col(out, kind, "count"),
            col(out, kind, "share"),
        )
    )
    pdf = pd.DataFrame({"g": keys, "x": x})
    want = []
    for g in dict.fromkeys(keys):
        vc = pdf.loc[pdf.g == g, "x"].value_counts()
        total = int(vc.sum())
        for s in range(1, 5):
            c = int(vc.get(s, 0))
            want.append((g, "x", s, c, c / total))
    assert [(a, b, c, d) for a, b, c, d, _ in got] == [(a, b, c, d) for a, b, c, d, _ in want]
    assert np.allclose([e for *_, e in got], [e for *_, e in want], rtol=0, atol=1e-15)


def test_distribution_without_framework_and_empty_groups():
    df = pl.DataFrame(
        {"g": [1, 1, 2], "x": [5, 7, None], "y": [1, 1, 1]}, schema={"g": pl.Int64, "x": pl.Int64, "y": pl.Int64}
    )
    out = ct.distribution(df, by="g", columns=["x", "y"])
    assert out.columns == ["g", "column", "score", "count", "share"]
    assert out.rows() == [(1, "x", 5, 1, 0.5), (1, "x", 7, 1, 0.5), (1, "y", 1, 2, 1.0), (2, "y", 1, 1, 1.0)]
    framed = ct.distribution(df.select("g", "y"), by="g", columns="y", framework="ale")
    assert framed["count"].to_list() == [2, 0, 0, 0, 1, 0, 0, 0]
    empty = ct.distribution(pl.DataFrame({"x": [None, None]}, schema={"x": pl.Int64}), columns="x", framework="ale")
    assert empty["count"].to_list() == [0, 0, 0, 0] and empty["share"].to_list() == [None] * 4
    with pytest.raises(ct.ScoreError, match="row 0: 5 is not an integer from 1 to 4"):
        ct.distribution(df, by="g", columns="x", framework="ale")


def test_extreme_values_and_uint64_keys():
    big = np.array([-(2**63), -(2**63), 2**63 - 1], dtype=np.int64)
    out = ct.modes(pd.DataFrame({"v": big}), columns="v")
    assert out["v"].tolist() == [-(2**63)]
    d = ct.distribution(pd.DataFrame({"v": big}), columns="v")
    assert d["score"].tolist() == [-(2**63), 2**63 - 1] and d["count"].tolist() == [2, 1]
    keys = np.array([2**64 - 1, 5, 2**64 - 1], dtype=np.uint64)
    for data in (
        pd.DataFrame({"k": keys, "v": [1, 2, 3]}),
        pl.DataFrame({"k": keys, "v": [1, 2, 3]}),
        pa.table({"k": keys, "v": [1, 2, 3]}),
    ):
        out = ct.modes(data, by="k", columns="v")
        assert col(out, type(data).__module__.split(".")[0], "k") == [2**64 - 1, 5]
        assert col(out, type(data).__module__.split(".")[0], "v") == [1, 2]
