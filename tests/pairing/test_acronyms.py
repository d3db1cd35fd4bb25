"""Acronyms and short forms of NHS-style names, against a brute-force reading of the rule."""

from __future__ import annotations

import random

import pytest
import trust_names as tn
from hypothesis import given, settings
from hypothesis import strategies as st

import coterminous as ct


def acronym_rows(shorts: list[str], fulls: list[str]) -> set[tuple[int, int]]:
    """The (short, full) pairs `name_candidates` explains as an acronym match."""
    c = ct.name_candidates(shorts, fulls, k=len(fulls), min_score=0.0, explain=True, how="inner", backend="dict")
    return {
        (int(li), int(ri))
        for li, ri, m in zip(c["left_index"], c["right_index"], c["matched"], strict=True)
        if m.startswith("acronym:")
    }


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_acronym_pairs_are_those_of_the_rule_by_brute_force(seed: int) -> None:
    rng = random.Random(seed)
    ts = tn.trusts(12, rng)
    fulls = [t.full for t in ts]
    shorts = sorted({s for t in ts for style in tn.STYLES if (s := tn.short_form(t, style))})
    want = {
        (i, j)
        for i, s in enumerate(shorts)
        for j, f in enumerate(fulls)
        if any(tn.aligns(a, tn.full_words(f)) for a in tn.written_acronyms(s))
    }
    assert acronym_rows(shorts, fulls) == want
    # no acronym in capitals-only full names: the other way round finds nothing more
    assert all(not tn.written_acronyms(f) for f in fulls)


def test_an_acronym_scores_below_the_words_in_full() -> None:
    full = "UNIVERSITY HOSPITALS OF NORTH MIDLANDS NHS TRUST"
    c = ct.name_candidates(["UHNM", "University Hospitals of North Midlands"], [full], k=1, explain=True)
    assert list(c["score"]) == [pytest.approx(90.0, abs=1e-9), 100.0]  # 9/10 of every word's weight
    assert list(c["matched"]) == ["acronym:uhnm", "university hospitals of north midlands"]


def test_the_issues_forms_pair_with_their_ods_names() -> None:
    right = [
        "UNIVERSITY HOSPITALS OF NORTH MIDLANDS NHS TRUST",
        "GREAT ORMOND STREET HOSPITAL FOR CHILDREN NHS FOUNDATION TRUST",
        "EAST KENT HOSPITALS UNIVERSITY NHS FOUNDATION TRUST",
        "WEST MIDLANDS AMBULANCE SERVICE UNIVERSITY NHS FOUNDATION TRUST",
        "KING'S COLLEGE HOSPITAL NHS FOUNDATION TRUST",
        "SOUTH LONDON AND MAUDSLEY NHS FOUNDATION TRUST",
        "UNITED LINCOLNSHIRE HOSPITALS NHS TRUST",
        "ROYAL UNITED HOSPITALS BATH NHS FOUNDATION TRUST",
        "MEDWAY NHS FOUNDATION TRUST",
        "KINGSTON HOSPITAL NHS FOUNDATION TRUST",
        "UNIVERSITY HOSPITALS OF LEICESTER NHS TRUST",
    ]
    left = ["UHNM", "GOSH", "EKHUFT", "WMAS", "KCH", "SLaM", "ULHT", "RUH Bath", "MFT Medway", "EKHUNFT"]
    p = ct.pair_names(left, right, backend="dict")
    got = dict(zip(p["left_index"], p["right_index"], strict=True))
    assert got == {0: 0, 1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 6, 7: 7, 8: 8}  # EKHUNFT: EKHUFT took its partner


def test_health_sector_affixes() -> None:
    n = ct.normalize_name
    assert n("Medway NHS FT") == n("Medway NHSFT") == n("Medway FT") == n("Medway Foundation Trust") == "medway"
    assert n("NHS Kent and Medway ICB - 91Q") == "kent and medway"
    assert n("Univ. Hosps of Leicester NHS Trust") == "university hospitals of leicester"
    assert n("Kingston Hosp") == "kingston hospital"
    assert n("Bexley LB") == n("LB Bexley") == "bexley"
    for s in ["X ICB 91Q ICB 70F", "ICB - 91Q", "Univ Hosps", "NHS FT"]:
        assert n(n(s)) == n(s)


@settings(max_examples=60, deadline=None)
@given(
    pattern=st.integers(0, 4),
    places=st.lists(st.sampled_from(tn.PLACES), min_size=2, max_size=2, unique=True),
    style=st.sampled_from(tn.STYLES),
)
def test_a_derived_acronym_always_aligns(pattern: int, places: list[str], style: str) -> None:
    t = tn.trust(pattern, places)
    short = tn.short_form(t, style)
    if short is None:
        return
    c = ct.name_candidates([short], [t.full], k=1, min_score=1.0, explain=True, backend="dict")
    assert c["matched"][0] is not None and c["matched"][0].startswith("acronym:"), (short, t.full)
    assert 0 < c["score"][0] <= 90.0 or " " in short


def test_precision_and_recall_on_generated_trust_lists() -> None:
    for seed in (1, 2):
        m = tn.pairs_measured(50, seed, ct.pair_names)
        shorts = sum(v[0] for v in m.values())
        returned = sum(v[1] for v in m.values())
        right = sum(v[2] for v in m.values())
        assert right / returned >= 0.9 and right / shorts >= 0.9, m
