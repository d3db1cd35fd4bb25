"""Chained lookups (issue 19's harness): weights multiply by the shares of every table they pass
through, and totals are kept; against pandas merges in exact (dyadic) arithmetic."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

import coterminous as ct


@st.composite
def splits(draw: st.DrawFn, keys: list[str], prefix: str) -> list[tuple[str, str, float]]:
    """Each key split over 1-4 parts whose shares are multiples of 1/8 adding up to exactly 1."""
    rows = []
    for k in keys:
        n = draw(st.integers(1, 4))
        cuts = sorted(draw(st.lists(st.integers(1, 7), min_size=n - 1, max_size=n - 1, unique=True)))
        eighths = [b - a for a, b in zip([0, *cuts], [*cuts, 8])]
        rows += [(k, f"{prefix}{k}{p}", e / 8) for p, e in enumerate(eighths)]
    return rows


@settings(max_examples=80, deadline=None)
@given(st.lists(st.integers(0, 1000), min_size=1, max_size=6), st.data())
def test_chained_weights_multiply_and_keep_their_total(pops, data) -> None:
    d = [f"d{i}" for i in range(len(pops))]
    lookup = pd.DataFrame({"d": d, "pop": [float(p) for p in pops]})
    one = data.draw(splits(d, "e"), label="first table")
    t1 = pd.DataFrame(one, columns=["d", "e", "s"])
    two = data.draw(splits(sorted(set(t1["e"])), "f"), label="second table")
    t2 = pd.DataFrame(two, columns=["e", "f", "s2"])
    got = ct.chain(lookup, [t1, t2], on=[{"d": "d"}, {"e": "e"}], share=["s", "s2"], weight="pop")
    want = lookup.merge(t1, on="d").merge(t2, on="e")
    assert got["f"].tolist() == want["f"].tolist()
    # dyadic shares times integers below 2**53: the products are exact
    assert got["pop"].tolist() == (want["pop"] * want["s"] * want["s2"]).tolist()
    assert got["pop"].sum() == sum(pops)
    bare = ct.chain(lookup, [t1, t2], on=[{"d": "d"}, {"e": "e"}], share=["s", "s2"])
    assert bare["weight"].tolist() == (want["s"] * want["s2"]).tolist()
    assert bare["pop"].tolist() == want["pop"].tolist()
