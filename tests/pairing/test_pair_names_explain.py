"""`pair_names(explain=True)`: each chosen pair explained exactly as `name_candidates` explains
the same two names (the candidates table, every candidate kept, is the reference)."""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pytest
import trust_names as tn
from generators import make_names
from hypothesis import given, settings
from hypothesis import strategies as st

import coterminous as ct
from coterminous.errors import CoterminousTypeError

COLUMNS = ["left", "right", "left_index", "right_index", "score"]


def candidate_whys(left, right, min_score, **kw) -> dict[tuple[int, int], tuple[float, str, str]]:
    """(score, matched, unmatched) of every candidate pair, from `name_candidates`."""
    c = ct.name_candidates(
        left, right, k=max(len(right), 1), min_score=min_score, how="inner", explain=True, backend="dict", **kw
    )
    rows = zip(c["left_index"], c["right_index"], c["score"], c["matched"], c["unmatched"], strict=True)
    return {(int(i), int(j)): (float(s), m, u) for i, j, s, m, u in rows}


def assert_explained_as_candidates(left, right, min_score, **kw) -> pd.DataFrame:
    out = ct.pair_names(left, right, min_score=min_score, explain=True, backend="pandas", **kw)
    assert list(out.columns) == [*COLUMNS, "matched", "unmatched"]
    want = candidate_whys(left, right, min_score, **kw)
    for i, j, s, m, u in zip(out["left_index"], out["right_index"], out["score"], out["matched"], out["unmatched"]):
        ws, wm, wu = want[(i, j)]
        assert (m, u) == (wm, wu), (left[i], right[j])
        assert s == ws  # the score the explanation is of
    return out


def trust_lists(seed: int) -> tuple[list[str], list[str]]:
    rng = random.Random(seed)
    ts = tn.trusts(15, rng)
    fulls = [t.full for t in ts]
    shorts = [s for t in ts for style in tn.STYLES[:2] if (s := tn.short_form(t, style))]
    rng.shuffle(shorts)
    return shorts, fulls


@pytest.mark.parametrize("seed", [1, 2])
def test_many_pairs_are_explained_as_name_candidates_explains_them(seed: int) -> None:
    left, right, _ = make_names(300, seed=seed)
    out = assert_explained_as_candidates(left, right, 35.0)
    assert len(out) > 250
    assert out["matched"].str.contains("~").any()  # typing errors among them
    assert (out["unmatched"] != "").any()


@pytest.mark.parametrize("seed", [3, 4])
def test_acronym_pairs_say_acronym(seed: int) -> None:
    shorts, fulls = trust_lists(seed)
    out = assert_explained_as_candidates(shorts, fulls, 35.0)
    acr = out[out["matched"].str.startswith("acronym:")]
    assert len(acr) > 5
    # the acronym written is the short name's own, lower-cased
    for short, m in zip(acr["left"], acr["matched"], strict=True):
        letters = m.split()[0].removeprefix("acronym:")
        assert letters in {a.lower() for a in tn.written_acronyms(short)}, (short, m)


def test_an_acronym_pair() -> None:
    full = "GREAT ORMOND STREET HOSPITAL FOR CHILDREN NHS FOUNDATION TRUST"
    out = ct.pair_names(["GOSH", "UHNM"], [full, "UNIVERSITY HOSPITALS OF NORTH MIDLANDS NHS TRUST"], explain=True)
    assert out[["left_index", "right_index"]].values.tolist() == [[0, 0], [1, 1]]
    assert out["matched"].tolist() == ["acronym:gosh", "acronym:uhnm"]
    assert out["unmatched"].tolist() == ["for children", ""]
    assert out["score"][1] == pytest.approx(90.0, abs=1e-9)


def test_blocks_explain_with_the_blocks_word_weights() -> None:
    left, right, _ = make_names(200, seed=5)
    rng = np.random.default_rng(5)
    lb = rng.integers(0, 3, len(left)).tolist()
    rb = rng.integers(0, 3, len(right)).tolist()
    lb[0] = None  # a missing block: never paired
    out = assert_explained_as_candidates(left, right, 30.0, left_block=lb, right_block=rb)
    assert len(out) > 50
    # the weights differ from those without blocks, so do some scores: the blocks' are used
    whole = candidate_whys(left, right, 30.0)
    assert any(whole[(i, j)][0] != s for i, j, s in zip(out["left_index"], out["right_index"], out["score"]))


def test_outer_rows_of_unpaired_names_have_no_explanation() -> None:
    out = ct.pair_names(["North Leeds", "Zzyzx"], ["Leeds North", "Hull"], how="outer", explain=True)
    assert out["left_index"].tolist()[:2] == [0, 1]
    assert out["matched"].tolist() == ["north leeds", None, None]
    assert out["unmatched"].tolist() == ["", None, None]


@pytest.mark.parametrize("backend", ["pandas", "polars", "pyarrow", "dict"])
def test_every_backend_carries_the_same_explanations(backend: str) -> None:
    if backend != "dict":
        pytest.importorskip(backend)
    shorts, fulls = trust_lists(6)
    want = ct.pair_names(shorts, fulls, explain=True, backend="pandas")
    out = ct.pair_names(shorts, fulls, explain=True, backend=backend)
    if backend == "pyarrow":
        out = {c: out.column(c).to_pylist() for c in out.column_names}
    elif backend == "polars":
        out = {c: out[c].to_list() for c in out.columns}
    assert list(out) == [*COLUMNS, "matched", "unmatched"]
    for c in ("matched", "unmatched"):
        assert list(out[c]) == want[c].tolist()


@pytest.mark.parametrize("how", ["inner", "outer"])
@pytest.mark.parametrize("backend", ["pandas", "polars", "pyarrow", "dict"])
def test_without_explain_the_output_is_unchanged(how: str, backend: str) -> None:
    shorts, fulls = trust_lists(7)
    shorts = [*shorts, "Zzyzx"]
    plain = ct.pair_names(shorts, fulls, how=how, backend=backend)
    off = ct.pair_names(shorts, fulls, how=how, backend=backend, explain=False)
    on = ct.pair_names(shorts, fulls, how=how, backend=backend, explain=True)
    if backend == "dict":
        assert list(plain) == list(off) == COLUMNS
        for c in COLUMNS:
            np.testing.assert_array_equal(plain[c], off[c])
            np.testing.assert_array_equal(plain[c], on[c])
    elif backend == "pyarrow":
        assert plain.column_names == off.column_names == COLUMNS
        assert plain.equals(off) and plain.equals(on.select(COLUMNS))
    elif backend == "polars":
        assert plain.columns == off.columns == COLUMNS
        assert plain.equals(off) and plain.equals(on.select(COLUMNS))
    else:
        assert list(plain.columns) == list(off.columns) == COLUMNS
        pd.testing.assert_frame_equal(plain, off)
        pd.testing.assert_frame_equal(plain, on[COLUMNS])


@pytest.mark.parametrize("bad", [1, 0, "yes", None, [True], np.int64(1)])
def test_explain_that_is_not_a_bool_is_refused(bad: object) -> None:
    with pytest.raises(CoterminousTypeError, match="explain"):
        ct.pair_names(["Leeds"], ["Leeds"], explain=bad)  # type: ignore[arg-type]
    with pytest.raises(CoterminousTypeError, match="explain"):
        ct.name_candidates(["Leeds"], ["Leeds"], explain=bad)  # type: ignore[arg-type]


def test_a_numpy_bool_is_a_bool() -> None:
    out = ct.pair_names(["Leeds"], ["Leeds"], explain=np.bool_(True))
    assert out["matched"].tolist() == ["leeds"]


WORDS = ["north", "leeds", "leeda", "hull", "kingston", "upon", "thames", "and", "bexley", "bexly", "east"]
name = st.lists(st.sampled_from(WORDS), min_size=1, max_size=4).map(" ".join)


@settings(max_examples=40, deadline=None)
@given(st.lists(name, min_size=1, max_size=8), st.lists(name, min_size=1, max_size=8))
def test_any_lists_explained_as_candidates(left: list[str], right: list[str]) -> None:
    assert_explained_as_candidates(left, right, 20.0)
