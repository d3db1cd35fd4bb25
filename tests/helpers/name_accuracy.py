"""Accuracy of name pairing on real English PCT and council lists (2006-2011 bodies).

tests/data/pct_council/: ``pcts.csv`` (152 PCTs, names in the styles of the period: "X PCT",
"X Primary Care Trust", "NHS X", care trusts), ``councils.csv`` (the 150 councils with social
services responsibilities in 2008) and ``pairs.csv``, the acceptable partners of each PCT:
``coterminous`` when they cover the same area, ``partial`` when the PCT covers several councils
(each is acceptable) or is one of several PCTs in a council (each PCT is acceptable).

A pairing is a set of (pct, council) pairs. precision = acceptable pairs / pairs made;
recall = acceptable pairs / the largest number of acceptable pairs a one-to-one pairing can
hold (a maximum bipartite matching of ``pairs.csv``), so 1.0 is reachable."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

DATA = Path(__file__).resolve().parents[1] / "data" / "pct_council"


def load() -> tuple[list[str], list[str], set[tuple[str, str]], set[tuple[str, str]]]:
    with open(DATA / "pcts.csv", newline="") as f:
        pcts = [r["pct"] for r in csv.DictReader(f)]
    with open(DATA / "councils.csv", newline="") as f:
        councils = [r["council"] for r in csv.DictReader(f)]
    with open(DATA / "pairs.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    acceptable = {(r["pct"], r["council"]) for r in rows}
    coterminous = {(r["pct"], r["council"]) for r in rows if r["relation"] == "coterminous"}
    return pcts, councils, acceptable, coterminous


def best_possible(pcts: list[str], councils: list[str], acceptable: set[tuple[str, str]]) -> int:
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import maximum_bipartite_matching

    pi = {p: i for i, p in enumerate(pcts)}
    ci = {c: i for i, c in enumerate(councils)}
    rows = [pi[p] for p, _ in acceptable]
    cols = [ci[c] for _, c in acceptable]
    m = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(pcts), len(councils)))
    return int((maximum_bipartite_matching(m, perm_type="column") >= 0).sum())


def measure(pairs: set[tuple[str, str]]) -> dict[str, float]:
    pcts, councils, acceptable, coterminous = load()
    good = pairs & acceptable
    best = best_possible(pcts, councils, acceptable)
    return {
        "pairs": len(pairs),
        "correct": len(good),
        "reachable": best,
        "precision": len(good) / len(pairs) if pairs else 1.0,
        "recall": len(good) / best,
        "coterminous_recall": len(pairs & coterminous) / len(coterminous),
    }


def rapidfuzz_pairs(pcts: list[str], councils: list[str], cutoff: float = 50.0, processor=None) -> set[tuple[str, str]]:
    """rapidfuzz token_sort_ratio + scipy linear_sum_assignment, pairs below ``cutoff`` dropped."""
    from rapidfuzz import process
    from rapidfuzz.fuzz import token_sort_ratio
    from scipy.optimize import linear_sum_assignment

    s = process.cdist(pcts, councils, scorer=token_sort_ratio, processor=processor, workers=1)
    r, c = linear_sum_assignment(s, maximize=True)
    return {(pcts[i], councils[j]) for i, j in zip(r, c) if s[i, j] >= cutoff}
