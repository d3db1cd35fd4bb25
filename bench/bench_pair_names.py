"""W4: coterminous.pair_names on 20,000 x 20,000 organisation-like names against rapidfuzz
process.cdist(scorer=token_sort_ratio, workers=-1) + argmax.

Names: ``make_names`` of tests/generators.py (shared with the tests): synthetic English-like
place names (single places, "North X", "X and Y", "X upon Y", "St X") with health-body sector
words on the left ("X PCT", "NHS X", "X Primary Care Trust", "X Teaching PCT"...) and council
sector words on the right ("London Borough of X", "X MBC", "X City Council", "Royal Borough of
X"...), abbreviations (St/St./Saint, &/and), word-order changes ("X North", "Y & X") and one
random typing error in 5% of the names on each side. Every left name has exactly one true
partner on the right (shuffled).

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python bench/bench_pair_names.py [--n 20000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parents[1] / "tests" / "helpers"))
from generators import make_names


def run_coterminous(left, right, min_score):
    import coterminous as ct

    t = time.perf_counter()
    kw = {} if min_score is None else {"min_score": min_score}
    out = ct.pair_names(left, right, backend="pyarrow", **kw)
    return time.perf_counter() - t, out


def run_rapidfuzz(left, right):
    from rapidfuzz import process
    from rapidfuzz.fuzz import token_sort_ratio
    from rapidfuzz.utils import default_process

    t = time.perf_counter()
    s = process.cdist(left, right, scorer=token_sort_ratio, processor=default_process, workers=-1, dtype=np.uint8)
    best = s.argmax(axis=1)
    return time.perf_counter() - t, best


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--min-score", type=float, default=None, help="default: pair_names' own")
    ap.add_argument("--skip-rapidfuzz", action="store_true")
    ap.add_argument(
        "--also-normalised",
        action="store_true",
        help="also run rapidfuzz on coterminous.normalize_name'd names (a stronger peer)",
    )
    a = ap.parse_args()
    left, right, truth = make_names(a.n)
    print(f"W4: {a.n} x {a.n} names, e.g. {left[0]!r} / {right[truth[0]]!r}")

    times, out = [], None
    for _ in range(a.repeat):
        dt, out = run_coterminous(left, right, a.min_score)
        times.append(dt)
    li = out.column("left_index").to_numpy()
    ri = out.column("right_index").to_numpy()
    correct = int((truth[li] == ri).sum())
    ct_time = statistics.median(times)
    print(f"coterminous.pair_names: median {ct_time:.3f} s of {a.repeat} ({', '.join(f'{t:.3f}' for t in times)})")
    print(
        f"  pairs {len(li)}, correct {correct}: recall {correct / a.n:.4f}, precision {correct / max(len(li), 1):.4f}"
    )
    if a.skip_rapidfuzz:
        return
    rf_time, best = run_rapidfuzz(left, right)
    rf_correct = int((best == truth).sum())
    print(f"rapidfuzz cdist(token_sort_ratio, default_process, workers=-1) + argmax: {rf_time:.3f} s (one run)")
    print(f"  correct {rf_correct}: accuracy {rf_correct / a.n:.4f}")
    # cross-check: the pairs both agree on
    agree = int((best[li] == ri).sum())
    print(f"cross-check: {agree} of coterminous' {len(li)} pairs are also rapidfuzz's argmax")
    print(
        f"ratio coterminous / rapidfuzz time: {ct_time / rf_time:.4f} (target <= 0.1); "
        f"accuracy {correct / a.n:.4f} vs {rf_correct / a.n:.4f} (target >=)"
    )
    if a.also_normalised:
        import coterminous as ct

        t = time.perf_counter()
        nl, nr = ct.normalize_name(left), ct.normalize_name(right)
        t_norm = time.perf_counter() - t
        rf2_time, best2 = run_rapidfuzz(nl, nr)
        rf2_correct = int((best2 == truth).sum())
        print(
            f"rapidfuzz on normalize_name'd names: {rf2_time:.3f} s (+ {t_norm:.3f} s normalising), "
            f"correct {rf2_correct}: accuracy {rf2_correct / a.n:.4f}"
        )


if __name__ == "__main__":
    main()
