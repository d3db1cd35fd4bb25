"""Names at scale: linear word similarity, bounded memory, Ctrl-C, and the exactness of the
prefix-filtered candidate index on names with common words (against tests/name_reference.py)."""

from __future__ import annotations

import random
import subprocess
import sys
import textwrap
from pathlib import Path

import name_reference as ref
import numpy as np
import pandas as pd
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from interrupting import run_script
from scipy.optimize import linear_sum_assignment

import coterminous as ct
from coterminous import _core, _frame

PYTHON_PATH = str(Path(ct.__file__).parents[1])


def _edges(left, right, min_score):
    lb, rb = _frame.strings(left, "left"), _frame.strings(right, "right")
    e = _core.name_candidates(lb.column, rb.column, float(min_score), k=2**62, how="inner")
    return {(int(a), int(b)): float(x) for a, b, x in zip(e.left, e.right, e.score)}


def _run(code: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    env = {"PYTHONPATH": PYTHON_PATH, "PATH": "/usr/bin:/bin"}
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=timeout, env=env
    )


# ------------------------------------------------------------------------------------------------
# issue 9 item 9: word similarity linear in word length, memory bounded


def test_a_one_megabyte_word_pairs_with_its_typo():
    # before: the deletion keys hashed the word once per character (quadratic), never finishing
    rng = random.Random(1)
    word = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(1_000_000))
    k = 500_000
    typo = word[:k] + ("b" if word[k] != "b" else "c") + word[k + 1 :]
    out = ct.pair_names([word, "Leeds"], [typo, "Leeds City Council"], backend="pandas")
    assert out["left_index"].tolist() == [0, 1] and out["right_index"].tolist() == [0, 1]
    # one substitution: similarity 1 - 1/len of the word, on the only word of both names
    assert out["score"].tolist() == pytest.approx([100 * (1 - 1 / 1_000_000), 100.0])


def test_a_one_megabyte_name_of_many_words():
    # before: words were matched by a scan of the other name for each word (quadratic)
    many = " ".join(f"w{i}" for i in range(150_000))
    again = " ".join(f"w{i}" for i in reversed(range(150_000)))
    assert len(many) > 1_000_000
    out = ct.pair_names([many, "Leeds"], [again, "Leeds City Council"], backend="pandas")
    assert out["score"].tolist() == [100.0, 100.0]


def test_many_names_with_repeated_words_score_as_the_reference():
    # names of more than 64 words take the linear path; equal to the reference when the fuzzy
    # matches do not tie
    rng = random.Random(3)
    vocab = ["leeds", "leeda", "ashworth", "ashworht", "north", "and", "bexley", "hull", "kingston"]
    left = [" ".join(rng.choice(vocab) for _ in range(rng.randint(60, 90))) for _ in range(6)]
    right = [" ".join(rng.choice(vocab) for _ in range(rng.randint(1, 90))) for _ in range(6)]
    ln = [ref.normalize(x) for x in left]
    rn = [ref.normalize(x) for x in right]
    scorer = ref.Scorer(ln, rn)
    got = _edges(left, right, 0)
    for i, a in enumerate(ln):
        for j, b in enumerate(rn):
            assert got.get((i, j), 0.0) == pytest.approx(scorer.score(a, b), abs=1e-9)


def test_short_words_at_one_edit_are_refused_before_memory_is_used():
    # before: 7,000 names "qqqq" + one CJK character built 24.5 million neighbour pairs (53 s,
    # 5.1 GB); now refused with the documented limit (MAX_WORD_NEIGHBOURS, 20 million pairs,
    # about 320 MB), in a subprocess whose peak memory is measured
    p = _run(
        """
        import resource
        import coterminous as ct
        names = ["qqqq" + chr(0x4E00 + i) for i in range(7000)]
        try:
            ct.pair_names(names, names)
        except ct.errors.CoterminousValueError as e:
            print("refused:", e)
        print("rss_mb", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        """
    )
    assert p.returncode == 0, p.stderr
    assert "refused: pair_names: the names hold 24496500 pairs of distinct words at one typing error" in p.stdout
    assert "more than 20000000" in p.stdout
    rss = float(p.stdout.split("rss_mb")[1])
    assert rss < 1024, p.stdout


def test_short_words_at_one_edit_under_the_limit_are_paired():
    names = ["qqqq" + chr(0x4E00 + i) for i in range(500)]
    out = ct.pair_names(names, names[::-1], min_score=90, backend="pandas")
    assert out["left_index"].tolist() == list(range(500))
    assert out["right_index"].tolist() == list(range(499, -1, -1))
    got = _edges(names[:40], names[:40], 0)
    # every pair of distinct words at one substitution: 1 - 1/5
    assert len(got) == 40 * 40
    assert sorted({round(v, 9) for v in got.values()}) == [80.0, 100.0]


# ------------------------------------------------------------------------------------------------
# issue 9 item 7: Ctrl-C


@pytest.mark.parametrize("function", ["pair_names", "name_candidates"])
def test_ctrl_c_interrupts_a_long_pairing(function):
    # one-edit words all within min_score of each other: every pair is a candidate, so the work
    # grows with the square of n, up to the one-edit neighbour limit (about 4,470 such words).
    # A fast machine gets the most names the limit allows
    code = textwrap.dedent(
        f"""
        import sys
        from coterminous import _core, _frame
        n = int(sys.argv[1])
        names = ["qqqq" + chr(0x4E00 + i) for i in range(n)]
        b = _frame.strings(names, "left")
        print("ready", flush=True)
        _core.{function}(b.column, b.column, 90.0)
        print("done", flush=True)
        """
    )
    for n in (4000, 4470):
        full, rc, err = run_script(code, str(n))
        assert rc == 0, err
        if full >= 0.5:
            break
    else:
        pytest.skip(f"the call took {full:.2f} s here even at 4,470 names: too short to interrupt reliably")
    # Ctrl-C at a fifth of the uninterrupted run, whatever the machine's speed
    stopped, rc, err = run_script(code, str(n), interrupt_after=0.2 * full)
    assert rc != 0 and "KeyboardInterrupt" in err, err[-2000:]
    assert stopped < 0.5 * full, (stopped, full)


# ------------------------------------------------------------------------------------------------
# issue 12: prefix filtering loses no pair above min_score, on names with common words

COMMON = ["north", "south", "east", "west", "mid", "upper", "and", "greater"]
STEMS = ["ashworth", "ashwortj", "brimley", "brimly", "kingston", "leeds", "leeda", "hull", "bexley", "torbay"]


def _common_names(rng: random.Random, n: int) -> list[str]:
    out = []
    for _ in range(n):
        k = rng.randint(1, 5)
        words = [rng.choice(COMMON) if rng.random() < 0.55 else rng.choice(STEMS) for _ in range(k)]
        out.append(" ".join(words))
    return out


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 60), st.integers(1, 60), st.sampled_from([0, 10, 35, 50, 80, 100]))
def test_prefix_filter_loses_no_pair(seed, n_left, n_right, min_score):
    rng = random.Random(seed)
    left, right = _common_names(rng, n_left), _common_names(rng, n_right)
    ln = [ref.normalize(x) for x in left]
    rn = [ref.normalize(x) for x in right]
    scorer = ref.Scorer(ln, rn)
    m = np.array([[scorer.score(a, b) for b in rn] for a in ln])
    want = {(int(i), int(j)) for i, j in zip(*np.nonzero((m >= min_score) & (m > 0)))}
    got = _edges(left, right, min_score)
    assert got.keys() == want
    for (i, j), s in got.items():
        assert s == pytest.approx(m[i, j], abs=1e-9)


# ------------------------------------------------------------------------------------------------
# name_candidates: the k best partners of each left name


@pytest.mark.parametrize(
    ("k", "min_score", "how"), [(1, 0, "left"), (3, 35, "both"), (5, 20, "inner"), (2, 60, "both")]
)
def test_name_candidates_are_the_k_best_by_brute_force(k, min_score, how):
    rng = random.Random(k)
    left = [*_common_names(rng, 80), None, ""]
    right = _common_names(rng, 70)
    ln = [None if x is None else ref.normalize(x) for x in left]
    rn = [ref.normalize(x) for x in right]
    scorer = ref.Scorer(ln, rn)
    out = ct.name_candidates(left, right, k=k, min_score=min_score, how=how, backend="pandas")
    assert list(out.columns) == ["left", "right", "left_index", "right_index", "score", "rank", "margin"]
    want, margins = ref.review_rows(ln, rn, scorer, k, min_score, how)
    na = lambda v: None if pd.isna(v) else int(v)  # noqa: E731
    got = [(na(i), na(j), na(r)) for i, j, r in zip(out["left_index"], out["right_index"], out["rank"])]
    assert got == want
    for (i, j, _), x, m, mw in zip(want, out["score"], out["margin"], margins):
        if i is None or j is None:
            assert pd.isna(x) and pd.isna(m)
        else:
            assert x == pytest.approx(scorer.score(ln[i], rn[j]), abs=1e-9)
            assert m == pytest.approx(mw, abs=1e-9)
    assert out["left"].tolist() == [None if i is None else left[i] for i, _, _ in want]


def test_name_candidates_explain_and_kinds():
    left = pl.Series("l", ["North Ashworth PCT", "Leeds and Hull"])
    right = pl.Series("r", ["Ashwortj North Council", "Hull City Council", "Leeds"])
    out = ct.name_candidates(left, right, k=2, min_score=10, explain=True)
    assert isinstance(out, pl.DataFrame)
    rows = out.select("left_index", "right_index", "rank", "matched", "unmatched").rows()
    assert rows[0] == (0, 0, 1, "north ashworth~ashwortj", "")
    assert {r[1] for r in rows[1:]} == {1, 2}
    assert sorted(r[3] for r in rows[1:]) == ["hull", "leeds"]
    assert sorted(r[4] for r in rows[1:]) == ["and hull", "leeds and"]
    with pytest.raises(ValueError, match="k: expected a positive integer"):
        ct.name_candidates(["a"], ["a"], k=0)
    with pytest.raises(TypeError, match="k: expected a positive integer"):
        ct.name_candidates(["a"], ["a"], k=1.5)


# ------------------------------------------------------------------------------------------------
# blocking: names paired only within equal block values


def test_blocking_is_the_union_of_per_block_brute_force():
    rng = random.Random(7)
    left, right = _common_names(rng, 90), _common_names(rng, 80)
    lblock = [rng.choice(["a", "b", "c", None]) for _ in left]
    rblock = pd.Series([rng.choice(["a", "b", "d"]) for _ in right])
    out = ct.name_candidates(left, right, k=100, min_score=20, how="inner", left_block=lblock, right_block=rblock)
    got = {(i, j): s for i, j, s in zip(out["left_index"], out["right_index"], out["score"])}
    want = {}
    for b in ["a", "b"]:
        li = [i for i, x in enumerate(lblock) if x == b]
        ri = [j for j, x in enumerate(rblock) if x == b]
        ln = [ref.normalize(left[i]) for i in li]
        rn = [ref.normalize(right[j]) for j in ri]
        scorer = ref.Scorer(ln, rn)  # word weights within the block
        for a, i in zip(ln, li):
            for c, j in zip(rn, ri):
                s = scorer.score(a, c)
                if s >= 20 and s > 0:
                    want[(i, j)] = s
    assert got.keys() == want.keys()
    for key, s in want.items():
        assert got[key] == pytest.approx(s, abs=1e-9)
    # pair_names: the optimum of each block, by scipy on the block's reference matrix
    pairs = ct.pair_names(left, right, min_score=20, left_block=lblock, right_block=rblock)
    total = 0.0
    for b in ["a", "b"]:
        li = [i for i, x in enumerate(lblock) if x == b]
        ri = [j for j, x in enumerate(rblock) if x == b]
        w = np.array([[want.get((i, j), 0.0) for j in ri] for i in li])
        r, c = linear_sum_assignment(w**2, maximize=True)
        total += (w[r, c] ** 2).sum()
    assert (pairs["score"] ** 2).sum() == pytest.approx(total, abs=1e-6)
    assert all(lblock[i] == rblock[j] for i, j in zip(pairs["left_index"], pairs["right_index"]))
    with pytest.raises(ValueError, match="left_block: expected one block per name"):
        ct.pair_names(left, right, left_block=lblock[:-1], right_block=rblock)
    with pytest.raises(ValueError, match="give both or neither"):
        ct.pair_names(left, right, left_block=lblock)


def test_pair_by_names_within_blocks():
    councils = pd.DataFrame({"name": ["Leeds City Council", "Leeds"], "region": ["north", "south"], "t": [1, 2]})
    pcts = pd.DataFrame({"name": ["Leeds PCT", "NHS Leeds"], "area": ["south", "north"], "t": [3, 4]})
    out = ct.pair(councils, pcts, names="name", block=("region", "area"))
    assert out[["left_t", "right_t"]].values.tolist() == [[1, 4], [2, 3]]
    with pytest.raises(ValueError, match="block: block columns for name pairing"):
        ct.pair(councils, pcts, on="name", block="region")


# ------------------------------------------------------------------------------------------------
# issue 12: progress of long pairings


def test_pairing_reports_its_progress_to_a_hook():
    """The core counts names probed and scored (2 * n_left + n_right units) and the binding
    hands the counts to the hook while it waits and once at the end."""
    from generators import make_common_names

    left, right, _ = make_common_names(6000)
    lb, rb = _frame.strings(left, "left"), _frame.strings(right, "right")
    for function, args in (
        ("pair_names", (None, False, None, None, None)),
        ("name_candidates", (None, False, None, None)),
    ):
        calls: list[int] = []
        getattr(_core, function)(lb.column, rb.column, 35.0, *args, calls.append)
        assert calls and all(c > 0 for c in calls)
        distinct = 2 * len({ct.normalize_name(x) for x in left}) + len({ct.normalize_name(x) for x in right})
        assert sum(calls) == distinct, (function, sum(calls), distinct)


def test_short_pairing_imports_no_progress_bar():
    code = """
        import sys
        import coterminous as ct
        ct.pair_names(["Leeds PCT", "Bexley PCT"], ["LB Bexley", "Leeds City Council"])
        ct.name_candidates(["Leeds PCT"], ["Leeds City Council"])
        print("tqdm" in sys.modules)
        """
    out = _run(code)
    assert out.returncode == 0 and out.stdout.strip() == "False", out.stdout + out.stderr
