"""Name pairing properties (issue 19's harness): blocks of mixed kinds, reordered and long names,
equal words and ties, explanations against the score, and the review table's rows and margins;
each against the brute-force reference (tests/helpers/name_reference.py) or a plain rule."""

from __future__ import annotations

import re
from collections import Counter

import name_reference as ref
import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coterminous as ct
from coterminous.errors import CoterminousTypeError

PLACES = ["kilo", "bath", "ely", "harrow", "leeds", "hull", "york", "derby", "wigan", "bexley", "torbay"]
TYPOS = ["harrows", "sharrow", "leedss", "yorkk", "bexly", "torbey", "wigann", "derbby"]
WORDS = [*PLACES, *TYPOS, "north", "south", "and", "upon"]

word = st.sampled_from(WORDS)
name = st.lists(word, min_size=1, max_size=5).map(" ".join)
long_name = st.lists(word, min_size=65, max_size=100)


def _na(v: object) -> int | None:
    return None if pd.isna(v) else int(v)  # type: ignore[arg-type]


def _rows(out: pd.DataFrame) -> list[tuple[int | None, int | None, float | None]]:
    return [
        (_na(i), _na(j), None if pd.isna(s) else float(s))
        for i, j, s in zip(out["left_index"], out["right_index"], out["score"])
    ]


# ------------------------------------------------------------------------------------------------
# blocks of mixed kinds: equal values block together whatever represents them


def _kinds(labels: list[int | None]) -> list[tuple[str, object]]:
    """The same block labels in several kinds: strings (list, numpy, pandas, polars, Arrow),
    integers and floats (a float column is what a pandas integer column with a null becomes)."""
    s = [None if v is None else f"r{v}" for v in labels]
    f = [np.nan if v is None else float(v) for v in labels]
    return [
        ("list str", s),
        # numpy strings: a str_ array, or str_ values among None in an object array
        ("numpy str", np.array(s) if None not in labels else np.array([x and np.str_(x) for x in s], dtype=object)),
        ("numpy int", np.array([None if v is None else np.int64(v) for v in labels], dtype=object)),
        ("pandas string", pd.Series(s, dtype="string")),
        ("polars str", pl.Series(s, dtype=pl.String)),
        ("arrow str", pa.array(s, pa.string())),
        ("list int", labels),
        ("numpy float", np.array(f)),
        ("pandas float", pd.Series(f)),
        ("pandas Int64", pd.Series(labels, dtype="Int64")),
        ("polars float", pl.Series([None if v is None else float(v) for v in labels], dtype=pl.Float64)),
        ("arrow int", pa.array(labels, pa.int64())),
    ]


@st.composite
def blocked(draw: st.DrawFn) -> tuple[list[str], list[str], list[int | None], list[int | None]]:
    n_left, n_right = draw(st.integers(1, 8)), draw(st.integers(1, 8))
    left = draw(st.lists(name, min_size=n_left, max_size=n_left))
    right = draw(st.lists(name, min_size=n_right, max_size=n_right))
    label = st.one_of(st.integers(0, 2), st.none())
    lb = draw(st.lists(label, min_size=n_left, max_size=n_left))
    rb = draw(st.lists(label, min_size=n_right, max_size=n_right))
    return left, right, lb, rb


@settings(max_examples=60, deadline=None)
@given(blocked(), st.data())
def test_equal_block_values_of_any_kind_block_together(case, data) -> None:
    left, right, lb, rb = case
    kinds = _kinds(lb), _kinds(rb)
    want_c = _rows(ct.name_candidates(left, right, k=20, min_score=0, how="inner", left_block=lb, right_block=rb))
    want_p = _rows(ct.pair_names(left, right, min_score=0, left_block=lb, right_block=rb))
    # every candidate within one block, and none lost: the block's own brute force
    for i, j, _ in want_c:
        assert lb[i] is not None and lb[i] == rb[j]
    # the same labels in another kind on either side give the same rows
    strings = [k for k in range(len(kinds[0])) if "str" in kinds[0][k][0]]
    numbers = [k for k in range(len(kinds[0])) if "str" not in kinds[0][k][0]]
    for group in (strings, numbers):
        a = data.draw(st.sampled_from(group), label="left kind")
        b = data.draw(st.sampled_from(group), label="right kind")
        (na, lv), (nb, rv) = kinds[0][a], kinds[1][b]
        got = ct.name_candidates(left, right, k=20, min_score=0, how="inner", left_block=lv, right_block=rv)
        assert _rows(got) == want_c, (na, nb)
        assert _rows(ct.pair_names(left, right, min_score=0, left_block=lv, right_block=rv)) == want_p, (na, nb)
    # strings against numbers: never equal, no candidate
    a, b = data.draw(st.sampled_from(strings)), data.draw(st.sampled_from(numbers))
    (_, lv), (_, rv) = kinds[0][a], kinds[1][b]
    assert len(ct.name_candidates(left, right, k=20, min_score=0, how="inner", left_block=lv, right_block=rv)) == 0
    digits = [None if v is None else str(v) for v in lb]  # "1" is not 1
    assert len(ct.pair_names(left, right, min_score=0, left_block=digits, right_block=rb)) == 0


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.one_of(st.integers(0, 3), st.none()), min_size=2, max_size=9),
    st.data(),
    st.sampled_from(["left_block", "right_block"]),
)
def test_mixed_kinds_within_one_side_name_the_row(labels, data, side) -> None:
    first = next((i for i, v in enumerate(labels) if v is not None), None)
    if first is None or first == len(labels) - 1:
        labels = [0, *labels]
        first = 0
    row = data.draw(st.integers(first + 1, len(labels) - 1), label="row")
    odd = data.draw(st.sampled_from([("a string", "string"), (b"x", "bytes"), (True, "bool")]), label="odd")
    mixed: list[object] = list(labels)
    mixed[row] = odd[0]
    # the first row of another kind after `row`'s predecessors is `row` itself unless an
    # earlier row already differs: only numbers and None before it
    names = ["leeds"] * len(mixed)
    other = [0] * len(mixed)
    kwargs = {side: mixed, ("right_block" if side == "left_block" else "left_block"): other}
    msg = rf"{side}: row {row}: a {odd[1]} among number block values \(row {first}\)"
    with pytest.raises(CoterminousTypeError, match=msg):
        ct.pair_names(names, names, **kwargs)
    with pytest.raises(CoterminousTypeError, match=msg):
        ct.name_candidates(names, names, **kwargs)


# ------------------------------------------------------------------------------------------------
# reordered and long names


@settings(max_examples=100, deadline=None)
@given(st.lists(word, min_size=1, max_size=9), st.randoms(use_true_random=False), st.lists(name, max_size=8))
def test_reordered_words_score_exactly_100(words, rnd, others) -> None:
    shuffled = words[:]
    rnd.shuffle(shuffled)
    left, right = " ".join(words), " ".join(shuffled)
    out = ct.name_candidates([left], [right, *others], k=1, min_score=100, backend="pandas")
    # ties ranked by position: the reordered name (position 0) is first among equals
    assert out["score"].tolist() == [100.0] and out["right_index"].tolist() == [0]
    assert ct.pair_names([right], [left, *others], min_score=100)["score"].tolist() == [100.0]


@settings(max_examples=25, deadline=None)
@given(long_name, st.randoms(use_true_random=False), st.lists(long_name, max_size=3))
def test_long_names_score_100_deterministically(words, rnd, others) -> None:
    shuffled = words[:]
    rnd.shuffle(shuffled)
    left = " ".join(words)
    right = [left, " ".join(shuffled), *(" ".join(o) for o in others)]
    runs = [
        ct.name_candidates([left, *right[2:]], right, k=10, min_score=0, how="inner", backend="dict") for _ in range(3)
    ]
    for r in runs[1:]:
        for c in ("left_index", "right_index", "score"):
            assert np.array_equal(r[c], runs[0][c]), c
    first = runs[0]["score"][runs[0]["left_index"] == 0]
    assert first[:2].tolist() == [100.0, 100.0]
    assert ct.pair_names([left], right[:1], min_score=100)["score"].tolist() == [100.0]
    # and the long path agrees with the reference
    ln = [ref.normalize(x) for x in [left, *right[2:]]]
    rn = [ref.normalize(x) for x in right]
    scorer = ref.Scorer(ln, rn)
    for i, j, s in zip(runs[0]["left_index"], runs[0]["right_index"], runs[0]["score"]):
        assert s == pytest.approx(scorer.score(ln[i], rn[j]), abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(
    name,
    st.lists(word, min_size=1, max_size=6),
    st.lists(st.randoms(use_true_random=False), min_size=2, max_size=5),
    st.lists(name, max_size=6),
    st.data(),
)
def test_equal_words_score_equally_and_ties_rank_by_position(left, words, rnds, others, data) -> None:
    perms = []
    for r in rnds:
        w = words[:]
        r.shuffle(w)
        perms.append(" ".join(w))
    right = data.draw(st.permutations([*perms, *others]), label="right")
    where = [j for j, x in enumerate(right) if sorted(x.split()) == sorted(words)]
    out = ct.name_candidates([left], right, k=len(right), min_score=0, how="inner", backend="pandas")
    scores = dict(zip(out["right_index"], out["score"]))
    if where[0] in scores:
        assert all(scores.get(j) == scores[where[0]] for j in where)  # bit for bit
    # the ranking: by score, then by position, exactly
    got = list(zip(out["score"], out["right_index"]))
    assert got == sorted(got, key=lambda p: (-p[0], p[1]))
    assert out["rank"].tolist() == list(range(1, len(out) + 1))


# ------------------------------------------------------------------------------------------------
# explanations against the score


def _score_from_explanation(scorer: ref.Scorer, a: str, b: str, matched: str, unmatched: str) -> float:
    """The score recomputed from the explained match alone, by the reference's weights."""
    w = scorer.w
    parts, used = [], Counter[str]()
    for m in matched.split():
        x, _, y = m.partition("~")
        if not y:
            parts.append(2 * w[x])
            used.update([x, x])
        else:
            sim = ref.fuzzy_sim(x, y)
            assert sim is not None, f"{x}~{y} is not one typing error"
            parts.append(sim * (w[x] + w[y]))
            used.update([x, y])
    ta, tb = a.split(), b.split()
    # every word of both names, matched once or left over
    assert used + Counter(unmatched.split()) == Counter(ta) + Counter(tb)
    total = sum(w[t] for t in ta) + sum(w[t] for t in tb)
    return min(100.0, 100 * sum(parts) / total) if total > 0 else 0.0


@settings(max_examples=60, deadline=None)
@given(st.lists(name, min_size=1, max_size=8), st.lists(name, min_size=1, max_size=8))
def test_explanations_recompute_the_score(left, right) -> None:
    ln, rn = [ref.normalize(x) for x in left], [ref.normalize(x) for x in right]
    scorer = ref.Scorer(ln, rn)
    out = ct.name_candidates(left, right, k=3, min_score=0, how="inner", explain=True, backend="pandas")
    for i, j, s, m, u in zip(out["left_index"], out["right_index"], out["score"], out["matched"], out["unmatched"]):
        assert s == pytest.approx(_score_from_explanation(scorer, ln[i], rn[j], m, u), abs=1e-9), (ln[i], rn[j], m)
        # and the match is the reference's own (greedy by value, then words, then positions)
        assert s == pytest.approx(scorer.score(ln[i], rn[j]), abs=1e-9)


# ------------------------------------------------------------------------------------------------
# the review table: every left name kept, margins the gap to the next candidate


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.one_of(name, st.none(), st.just("")), min_size=1, max_size=9),
    st.lists(name, min_size=1, max_size=9),
    st.integers(1, 4),
    # thresholds no score of these names lands on: a score whose exact value is a round
    # number may come out an ulp below it (reported to the lead: "leeda"/"leeds" scores
    # 79.99999999999994, not 80, and is lost at min_score=80)
    st.sampled_from([0, 20.5, 35.25, 60.75]),
    st.sampled_from(["left", "both", "inner"]),
)
def test_candidates_keep_every_name_and_margins_are_gaps(left, right, k, min_score, how) -> None:
    ln = [None if x is None else ref.normalize(x) for x in left]
    rn = [ref.normalize(x) for x in right]
    scorer = ref.Scorer(ln, rn)
    out = ct.name_candidates(left, right, k=k, min_score=min_score, how=how, backend="pandas")
    want, margins = ref.review_rows(ln, rn, scorer, k, min_score, how)  # brute force over all pairs
    got = [(_na(i), _na(j), _na(r)) for i, j, r in zip(out["left_index"], out["right_index"], out["rank"])]
    assert got == want
    if how != "inner":
        assert set(out["left_index"].dropna().astype(int)) == set(range(len(left)))
    if how == "both":
        assert set(out["right_index"].dropna().astype(int)) == set(range(len(right)))
    for m, mw in zip(out["margin"], margins):
        assert (pd.isna(m) and mw is None) or m == pytest.approx(mw, abs=1e-9)
    assert [None if pd.isna(x) else x for x in out["left"]] == [None if i is None else left[i] for i, _, _ in want]


def test_the_explanation_format_is_words_and_typo_pairs() -> None:
    out = ct.name_candidates(["north sharrow"], ["harrow north"], k=1, explain=True, min_score=0, backend="pandas")
    assert re.fullmatch(r"[a-z]+( [a-z]+(~[a-z]+)?)*", out.loc[0, "matched"])
    assert _score_from_explanation(
        ref.Scorer(["north sharrow"], ["harrow north"]), "north sharrow", "harrow north",
        out.loc[0, "matched"], out.loc[0, "unmatched"],
    ) == pytest.approx(out.loc[0, "score"], abs=1e-9)  # fmt: skip


def _table(kind: str, names: list[str], labels: list[int | None]) -> object:
    f = [None if v is None else float(v) for v in labels]
    t = list(range(len(names)))
    if kind == "pandas float":  # what a pandas integer column with a null becomes
        return pd.DataFrame({"name": names, "b": [np.nan if v is None else v for v in f], "t": t})
    if kind == "pandas Int64":
        return pd.DataFrame({"name": names, "b": pd.array(labels, dtype="Int64"), "t": t})
    if kind == "polars int":
        return pl.DataFrame({"name": names, "b": pl.Series(labels, dtype=pl.Int64), "t": t})
    if kind == "polars float":
        return pl.DataFrame({"name": names, "b": pl.Series(f, dtype=pl.Float64), "t": t})
    if kind == "arrow int":
        return pa.table({"name": names, "b": pa.array(labels, pa.int64()), "t": t})
    return {"name": names, "b": labels, "t": t}  # a dict of lists


def _as_pandas(out: object) -> pd.DataFrame:
    if isinstance(out, dict):
        return pd.DataFrame(out)
    return out if isinstance(out, pd.DataFrame) else out.to_pandas()  # type: ignore[attr-defined]


TABLE_KINDS = ["pandas float", "pandas Int64", "polars int", "polars float", "arrow int", "dict"]


@settings(max_examples=60, deadline=None)
@given(blocked(), st.sampled_from(TABLE_KINDS), st.sampled_from(TABLE_KINDS))
def test_pair_blocks_tables_of_any_kind_together(case, lk, rk) -> None:
    left, right, lb, rb = case
    want = ct.pair_names(left, right, min_score=0, left_block=lb, right_block=rb, backend="pandas")
    out = ct.pair(_table(lk, left, lb), _table(rk, right, rb), names="name", block="b", min_score=0)
    got = _as_pandas(out)
    assert got["left_t"].tolist() == want["left_index"].tolist()
    assert got["right_t"].tolist() == want["right_index"].tolist()
    assert got["name_score"].tolist() == want["score"].tolist()
