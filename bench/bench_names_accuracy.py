"""Accuracy of name pairing on real English PCT (152) and council (150) lists, 2006-2011
bodies, against rapidfuzz token_sort_ratio + scipy linear_sum_assignment with a cutoff of 50.
Data and metric definitions: tests/data/pct_council/ and tests/name_accuracy.py.

    python bench/bench_names_accuracy.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "tests" / "helpers"))

import name_accuracy as na
from rapidfuzz.utils import default_process

import coterminous as ct


def main() -> None:
    pcts, councils, acceptable, _ = na.load()
    rows = []
    out = ct.pair_names(pcts, councils)
    mine = set(zip(out["left"], out["right"]))
    rows.append(("coterminous.pair_names (default min_score=35)", na.measure(mine), None))
    for ms in (50,):
        o = ct.pair_names(pcts, councils, min_score=ms)
        rows.append((f"coterminous.pair_names (min_score={ms})", na.measure(set(zip(o["left"], o["right"]))), None))
    rf = na.rapidfuzz_pairs(pcts, councils)
    rows.append(("rapidfuzz token_sort_ratio + linear_sum_assignment, cutoff 50", na.measure(rf), None))
    rows.append(
        (
            "  same, processor=default_process",
            na.measure(na.rapidfuzz_pairs(pcts, councils, processor=default_process)),
            None,
        )
    )
    normp, normc = ct.normalize_name(pcts), ct.normalize_name(councils)
    back = {(a, b): (x, y) for a, x in zip(normp, pcts) for b, y in zip(normc, councils)}
    rfn = {back[p] for p in na.rapidfuzz_pairs(normp, normc)}
    rows.append(("  same, on coterminous.normalize_name'd names", na.measure(rfn), None))
    print(f"{'method':64} pairs correct reachable precision recall coterminous_recall")
    for name, m, _ in rows:
        print(
            f"{name:64} {m['pairs']:5} {m['correct']:7} {m['reachable']:9} {m['precision']:9.3f} {m['recall']:6.3f} "
            f"{m['coterminous_recall']:18.3f}"
        )
    print("\ncoterminous pairs not in the acceptable set:", sorted(mine - acceptable))
    paired = {p for p, _ in mine}
    print("PCTs left unpaired:", sorted({p for p, _ in acceptable} - paired))


if __name__ == "__main__":
    main()
