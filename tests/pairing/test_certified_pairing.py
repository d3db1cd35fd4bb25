"""Adversarial tests of the certified pairing (`pair_names` solved on a few candidates per name,
then proved optimal by dual prices): the total of squared scores must be scipy's optimum over
every candidate pair, on inputs built to break the certificate (many copies of names on one or
both sides, groups alone in their component, many tied candidates, acronym-only candidates,
blocks, outer rows, explanations)."""

from __future__ import annotations

import random
import string

import name_reference as ref
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

import coterminous as ct


def reference_matrix(left: list[str | None], right: list[str | None]) -> np.ndarray:
    """The reference scorer's matrix, each distinct pair of names scored once."""
    ln = [None if x is None else ref.normalize(x) for x in left]
    rn = [None if x is None else ref.normalize(x) for x in right]
    scorer = ref.Scorer(ln, rn)
    seen: dict[tuple[str | None, str | None], float] = {}
    m = np.zeros((len(left), len(right)))
    for i, a in enumerate(ln):
        for j, b in enumerate(rn):
            if (a, b) not in seen:
                seen[(a, b)] = scorer.score(a, b)
            m[i, j] = seen[(a, b)]
    return m


def candidate_matrix(left: list[str | None], right: list[str | None], min_score: float) -> np.ndarray:
    """Every candidate's score (acronyms included) from `name_candidates`, 0 elsewhere."""
    m = np.zeros((len(left), len(right)))
    if not left or not right:
        return m
    c = ct.name_candidates(left, right, k=len(right), min_score=min_score, how="inner", backend="dict")
    for i, j, s in zip(c["left_index"], c["right_index"], c["score"], strict=True):
        m[int(i), int(j)] = float(s)
    return m


def best_total(m: np.ndarray, min_score: float) -> float:
    """scipy's optimum of the sum of squared scores over the pairs scoring at least min_score."""
    w = np.where((m >= min_score) & (m > 0), m, 0.0)
    if w.size == 0:
        return 0.0
    r, c = linear_sum_assignment(w**2, maximize=True)
    return float((w[r, c] ** 2).sum())


def assert_optimal(left, right, min_score, m=None, **kw):
    """`pair_names` is one-to-one, scores its pairs as `m` does, and reaches scipy's total."""
    if m is None:
        m = reference_matrix(left, right)
    out = ct.pair_names(left, right, min_score=min_score, backend="pandas", **kw)
    li, ri = out["left_index"].to_numpy(), out["right_index"].to_numpy()
    s = out["score"].to_numpy()
    assert len(set(li)) == len(li) and len(set(ri)) == len(ri)
    assert (np.diff(li) > 0).all()
    if len(li):
        np.testing.assert_allclose(s, m[li, ri], atol=1e-9)
        assert (s >= min_score).all() and (s > 0).all()
    # the order tie-break (1e-6 a pair) may trade that much of the squared total, no more
    assert (s**2).sum() == pytest.approx(best_total(m, min_score), rel=1e-12, abs=1e-6 * (len(li) + 1))
    return out


def words(rng: random.Random, n: int, length: int = 8) -> list[str]:
    """`n` distinct random lower-case words (title-cased: never an acronym as written)."""
    out: set[str] = set()
    while len(out) < n:
        out.add("".join(rng.choice(string.ascii_lowercase) for _ in range(length)))
    return [w.title() for w in sorted(out)]


# ------------------------------------------------------------------------------------------------
# copies of names: groups with c != m copies, alone in their component or competing


POOL_LEFT = ["Leeds", "Leeds North", "North Leeds", "Hull", "Hull and Leeds", "Kingston", "Kingstone", "North"]
POOL_RIGHT = ["Leeds", "Leeds City", "Hull", "Hull North", "Kingston upon Hull", "Kingstown", "Bexley", "North"]


@settings(max_examples=120, deadline=None)
@given(
    st.lists(st.one_of(st.none(), st.sampled_from(POOL_LEFT)), max_size=30),
    st.lists(st.one_of(st.none(), st.sampled_from(POOL_RIGHT)), max_size=30),
    st.sampled_from([0.0, 1.0, 35.0, 90.0]),
)
def test_copies_on_both_sides_reach_the_optimum(left, right, min_score):
    assert_optimal(left, right, min_score)


@pytest.mark.parametrize(("k", "c"), [(1, 5), (5, 1), (3, 3), (7, 2), (2, 7), (40, 1), (1, 40)])
@pytest.mark.parametrize("min_score", [0.0, 35.0, 90.0])
def test_a_group_pair_alone_and_groups_that_compete(k, c, min_score):
    # "Bexley" x k against "Bexley" x c is alone in its component; "Hull" copies compete with
    # "Hull North" copies for "Hull" and "North Hull"; "Leeds" copies have only weak candidates
    left = ["Bexley"] * k + ["Hull"] * c + ["Hull North"] * k + ["Leeds"] * c + [None]
    right = ["Bexley"] * c + ["Hull"] * k + ["North Hull"] * 2 + ["Leeds City Council"] * k + [None]
    rng = random.Random(k * 100 + c)
    rng.shuffle(left)
    rng.shuffle(right)
    assert_optimal(left, right, min_score)
    assert_optimal(right, left, min_score)


def test_copies_whose_better_partner_is_set_aside():
    # each "Alpha Beta" copy keeps its 4 heaviest candidates (the "Alpha Beta X" names, all
    # heavier than "Alpha Beta" for one copy only); the copies outnumber what is kept, so the
    # prices of the copies left unmatched must bring the set-aside pairs back
    rng = random.Random(3)
    extra = words(rng, 12)
    left = ["Alpha Beta"] * 10 + [f"Alpha {w}" for w in extra[:6]]
    right = [f"Alpha Beta {w}" for w in extra] + ["Alpha Beta"] * 2 + ["Alpha"] * 3
    for min_score in (0.0, 35.0):
        assert_optimal(left, right, min_score)
        assert_optimal(right, left, min_score)


def test_empty_and_missing_sides():
    for left, right in [([], []), ([], ["Leeds"]), (["Leeds"], []), ([None, None], ["Leeds"]), ([None], [None])]:
        out = assert_optimal(left, right, 35.0)
        assert len(out) == 0
        outer = ct.pair_names(left, right, min_score=35.0, how="outer", backend="pandas")
        assert len(outer) == len(left) + len(right)


# ------------------------------------------------------------------------------------------------
# many tied candidates


@pytest.mark.parametrize("min_score", [0.0, 1.0, 35.0])
@pytest.mark.parametrize(("n_left", "n_right"), [(1, 30), (30, 1), (20, 20), (60, 25), (25, 60)])
def test_many_tied_candidates(n_left, n_right, min_score):
    # every left name "Common Xi" against every right name "Common Yj": one shared word, the
    # others each in one name only, so every pair has the same score; the first solve keeps the
    # same 4 right names (ties go to the lowest index) for every left name
    rng = random.Random(n_left * 1000 + n_right)
    ws = words(rng, n_left + n_right)
    left = [f"Common {w}" for w in ws[:n_left]]
    right = [f"Common {w}" for w in ws[n_left:]]
    m = reference_matrix(left, right)
    positive = m[m > 0]
    assert positive.size == n_left * n_right and np.ptp(positive) < 1e-9  # all tied
    out = assert_optimal(left, right, min_score, m=m)
    assert len(out) == (min(n_left, n_right) if positive[0] >= min_score else 0)


def test_tied_candidates_with_copies_and_an_exact_partner():
    # copies of tied names, plus one exact partner per name for a few of them
    rng = random.Random(8)
    ws = words(rng, 30)
    left = [f"Common {w}" for w in ws[:10]] * 3 + ["Common"] * 5
    right = [f"Common {w}" for w in ws[10:]] + [f"Common {w}" for w in ws[:3]] + ["Common"] * 2
    rng.shuffle(left)
    for min_score in (0.0, 1.0, 35.0, 90.0):
        assert_optimal(left, right, min_score)


# ------------------------------------------------------------------------------------------------
# acronyms (the reference is the candidates table: the plain reference has no acronyms)


ACRONYM_LEFT = [
    "UHNM",
    "UHL",
    "GOSH",
    "University Hospitals of North Midlands",
    "North Midlands",
    "Leicester",
    "Great Ormond Street",
]
ACRONYM_RIGHT = [
    "University Hospitals of North Midlands NHS Trust",
    "University Hospitals of Leicester NHS Trust",
    "Great Ormond Street Hospital for Children NHS Foundation Trust",
    "North Midlands",
    "UHNM",
    "Leicester City Council",
]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.one_of(st.none(), st.sampled_from(ACRONYM_LEFT)), max_size=14),
    st.lists(st.one_of(st.none(), st.sampled_from(ACRONYM_RIGHT)), max_size=14),
    st.sampled_from([0.0, 35.0, 90.0]),
)
def test_acronym_candidates_mixed_with_plain_ones(left, right, min_score):
    assert_optimal(left, right, min_score, m=candidate_matrix(left, right, min_score))


def test_acronym_only_candidates_with_copies():
    left = ["UHNM"] * 3 + ["UHL"] * 2 + ["University Hospitals of North Midlands"]
    right = ["University Hospitals of North Midlands NHS Trust"] * 2 + ["University Hospitals of Leicester NHS Trust"]
    for min_score in (35.0, 90.0):
        m = candidate_matrix(left, right, min_score)
        assert m[0, 0] >= 89.999  # through the acronym only
        out = assert_optimal(left, right, min_score, m=m)
        assert len(out) == 3


# ------------------------------------------------------------------------------------------------
# blocks, outer rows, explanations


def blocked_reference(left, right, lb, rb):
    """The reference matrix with word weights counted within each block (missing: never)."""
    m = np.zeros((len(left), len(right)))
    for b in set(lb) & set(rb):
        if b is None:
            continue
        li = [i for i, x in enumerate(lb) if x == b]
        ri = [j for j, x in enumerate(rb) if x == b]
        m[np.ix_(li, ri)] = reference_matrix([left[i] for i in li], [right[j] for j in ri])
    return m


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.one_of(st.none(), st.sampled_from(POOL_LEFT)), st.sampled_from("ab")), max_size=24),
    st.lists(st.tuples(st.one_of(st.none(), st.sampled_from(POOL_RIGHT)), st.sampled_from("abc")), max_size=24),
    st.sampled_from([0.0, 35.0]),
)
def test_blocks_of_copies_reach_the_optimum_of_each_block(left, right, min_score):
    ln, lb = [x[0] for x in left], [x[1] for x in left]
    rn, rb = [x[0] for x in right], [x[1] for x in right]
    m = blocked_reference(ln, rn, lb, rb)
    out = assert_optimal(ln, rn, min_score, m=m, left_block=lb, right_block=rb)
    # explained within blocks exactly as name_candidates explains the same pairs
    if len(out):
        blocks = {"left_block": lb, "right_block": rb}
        ex = ct.pair_names(ln, rn, min_score=min_score, explain=True, backend="dict", **blocks)
        c = ct.name_candidates(
            ln, rn, k=len(rn), min_score=min_score, how="inner", explain=True, backend="dict", **blocks
        )
        want = {(i, j): (a, b) for i, j, a, b in zip(c["left_index"], c["right_index"], c["matched"], c["unmatched"])}
        got = zip(ex["left_index"], ex["right_index"], ex["matched"], ex["unmatched"], strict=True)
        assert {(i, j): (a, b) for i, j, a, b in got}.items() <= want.items()
        assert list(ex["left_index"]) == out["left_index"].tolist()


@pytest.mark.parametrize("seed", [1, 2])
def test_outer_and_explain_on_copies_and_ties(seed):
    rng = random.Random(seed)
    ws = words(rng, 20)
    left = [rng.choice(POOL_LEFT + [f"Common {w}" for w in ws[:8]]) for _ in range(60)] + [None]
    right = [rng.choice(POOL_RIGHT + [f"Common {w}" for w in ws[8:]]) for _ in range(50)] + [None]
    inner = assert_optimal(left, right, 35.0)
    outer = ct.pair_names(left, right, min_score=35.0, how="outer", explain=True, backend="pandas")
    paired = outer[outer["left_index"].notna() & outer["right_index"].notna()]
    assert (paired["score"] ** 2).sum() == pytest.approx((inner["score"] ** 2).sum(), abs=1e-6)
    assert len(outer) == len(left) + len(right) - len(paired)
    assert outer["left_index"].iloc[: len(left)].tolist() == list(range(len(left)))
    unpaired = outer[outer["left_index"].isna() | outer["right_index"].isna()]
    assert unpaired["matched"].isna().all() and unpaired["unmatched"].isna().all()
    c = ct.name_candidates(left, right, k=len(right), min_score=35.0, how="inner", explain=True, backend="dict")
    want = {
        (int(i), int(j)): (m, u)
        for i, j, m, u in zip(c["left_index"], c["right_index"], c["matched"], c["unmatched"], strict=True)
    }
    for i, j, m, u in zip(paired["left_index"], paired["right_index"], paired["matched"], paired["unmatched"]):
        assert (m, u) == want[(int(i), int(j))]


# ------------------------------------------------------------------------------------------------
# a few hundred names a side, heavily duplicated


@pytest.mark.parametrize("seed", [5, 6])
def test_hundreds_of_names_drawn_from_a_small_pool(seed):
    rng = random.Random(seed)
    ws = words(rng, 12)
    pool_l = POOL_LEFT + [f"{a} {b}" for a in ws[:4] for b in ws[4:8]]
    pool_r = POOL_RIGHT + [f"{b} {a}" for a in ws[:4] for b in ws[4:8]] + [f"{a} {ws[9]}" for a in ws[:4]]
    left = [rng.choice(pool_l) if rng.random() > 0.05 else None for _ in range(300)]
    right = [rng.choice(pool_r) if rng.random() > 0.05 else None for _ in range(250)]
    for min_score in (1.0, 35.0, 90.0):
        assert_optimal(left, right, min_score)


@pytest.mark.parametrize("extra", [0, 1, 2, 4])
@pytest.mark.parametrize("flip", [False, True])
def test_a_group_whose_copies_differ_in_acronyms_is_priced_by_its_cheapest_copy(flip, extra):
    # "UHNM" and "Uhnm" are one group (the same normalised name), but only "UHNM" is an acronym
    # as written: it pairs with the trust, at a price of up to 90^2, while "Uhnm" finds its kept
    # candidates (the first four "Uhnm X") taken by their exact partners and stays unmatched, at
    # price 0. Its set-aside candidate (the fifth "Uhnm X") must be tested against the group's
    # smallest price, not the acronym copy's.
    # (more right names than left in the component, whichever orientation the solver takes)
    rng = random.Random(17)
    ws = words(rng, 5 + extra)
    left = ["UHNM", "Uhnm"] + [f"Uhnm {w}" for w in ws[:4]]
    right = ["University Hospitals of North Midlands NHS Trust"] + [f"Uhnm {w}" for w in ws[:5]]
    right += [f"{ws[k % 4]} {ws[5 + k]}" for k in range(extra)]
    if flip:
        left, right = right, left
    for min_score in (1.0, 35.0):
        m = candidate_matrix(left, right, min_score)
        assert m[0, 0] >= 89.999  # the acronym pair
        out = assert_optimal(left, right, min_score, m=m)
        assert len(out) == 6


@pytest.mark.parametrize(("k", "c"), [(1, 2), (1, 3), (2, 5), (3, 3), (3, 1)])
def test_free_copies_of_a_group_alone_stay_free_to_set_aside_pairs(k, c):
    # "Bexley" x k against "Bexley" x c is a group pair alone in the first solve (no other
    # kept pair touches either group); "Bexley Alpha Beta Gamma" has "Bexley" set aside behind
    # its four heavier candidates, which their exact partners take. With more right copies
    # than left (k < c) a right copy is free, at price 0: the set-aside pair must come back.
    rng = random.Random(k * 10 + c)
    ys = words(rng, 4)
    left = ["Bexley"] * k + ["Bexley Alpha Beta Gamma"] + [f"Alpha Beta Gamma {y}" for y in ys]
    right = ["Bexley"] * c + [f"Alpha Beta Gamma {y}" for y in ys]
    m = reference_matrix(left, right)
    assert (m[k] > m[k, 0]).sum() == 4  # four heavier candidates than the "Bexley" copies
    for min_score in (1.0, 20.0):
        out = assert_optimal(left, right, min_score, m=m)
        assert len(out) == 4 + min(k + 1, c)
