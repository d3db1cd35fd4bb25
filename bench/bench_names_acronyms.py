"""Precision and recall of `pair_names` on acronyms and short forms of NHS-style trust names.

Lists generated from public naming conventions (tests/helpers/trust_names.py): `n` distinct
full names in ODS style (5 patterns, real English places, capitals), and for each a short form
in each style analysts write (all-capital initials; with N and FT/T; mixed case keeping 'a'
for 'and'; acronym + place). Each style is paired with the full list on its own. Precision =
right pairs / pairs made; recall = right pairs / short forms. `unique` is the share of short
forms whose letters spell, by the documented rule, their own trust's name and no other one
(the ceiling of any method reading the letters alone).

    python bench/bench_names_acronyms.py [n ...]
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "tests" / "helpers"))

import trust_names as tn

import coterminous as ct

SEEDS = range(1, 6)


def unique_share(n: int, seed: int, style: str) -> tuple[int, int]:
    ts = tn.trusts(n, random.Random(seed))
    fulls = [t.full for t in ts]
    shorts = [(i, s) for i, t in enumerate(ts) if (s := tn.short_form(t, style)) is not None]
    c = ct.name_candidates([s for _, s in shorts], fulls, k=n, min_score=0.0, explain=True, how="inner", backend="dict")
    spelled: dict[int, set[int]] = {}
    for li, ri, m in zip(c["left_index"], c["right_index"], c["matched"], strict=True):
        if m.startswith("acronym:"):
            spelled.setdefault(int(li), set()).add(int(ri))
    ok = sum(spelled.get(k) == {i} for k, (i, _) in enumerate(shorts))
    return ok, len(shorts)


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [50, 200]
    print(
        f"{'n':>5} {'style':<14} {'shorts':>6} {'pairs':>6} {'right':>6} {'precision':>9} {'recall':>6} {'unique':>6}"
    )
    for n in sizes:
        total = [0, 0, 0]
        for style in tn.STYLES:
            shorts = pairs = right = ok = 0
            for seed in SEEDS:
                m = tn.pairs_measured(n, seed, ct.pair_names)[style]
                u = unique_share(n, seed, style)
                shorts, pairs, right, ok = shorts + m[0], pairs + m[1], right + m[2], ok + u[0]
            total = [total[0] + shorts, total[1] + pairs, total[2] + right]
            print(
                f"{n:>5} {style:<14} {shorts:>6} {pairs:>6} {right:>6} {right / max(pairs, 1):>9.3f} "
                f"{right / max(shorts, 1):>6.3f} {ok / max(shorts, 1):>6.3f}"
            )
        s, p, r = total
        print(f"{n:>5} {'all':<14} {s:>6} {p:>6} {r:>6} {r / max(p, 1):>9.3f} {r / max(s, 1):>6.3f}")


if __name__ == "__main__":
    main()
