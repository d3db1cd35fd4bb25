"""W4: coterminous.pair_names on 20,000 x 20,000 organisation-like names against rapidfuzz
process.cdist(scorer=token_sort_ratio, workers=-1) + argmax.

Names: synthetic English-like place names (single places, "North X", "X and Y", "X upon Y",
"St X") with health-body sector words on the left ("X PCT", "NHS X", "X Primary Care Trust",
"X Teaching PCT"...) and council sector words on the right ("London Borough of X", "X MBC",
"X City Council", "Royal Borough of X"...), abbreviations (St/St./Saint, &/and), word-order
changes ("X North", "Y & X") and one random typing error in 5% of the names on each side.
Every left name has exactly one true partner on the right (shuffled).

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python bench/bench_w4.py [--n 20000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

START = ("ash bar bed black brad bran brom bur cal cam carl ches chip clay cold cray dar dor dun ed elm farn fen "
         "gates glen graves grim had hal ham har has hay hen hol horn hun kel ken king kirk lang lea lid lin long "
         "mal mans mar mel mil mor nor new oak old pen pet pol pres rad ram red rich roch roth rush salt sand sax "
         "sel shef shep skel sole spal stam stan sut swan tad tam thorn tid tow up wal wan war wat wel wem whit wil "
         "win wol wood wor wy").split()
MIDDLE = ["", "", "", "a", "e", "ing", "er", "en", "ling", "s"]
END = ("ford ton ham ley bury by field wick worth mouth minster borough chester caster stead well bridge dale den "
       "hurst land mere moor port stow thorpe wood combe don shaw cliffe over bourne sey ington leigh").split()
DIRECTIONS = ["North", "South", "East", "West", "Central", "Mid", "Great", "Little", "Upper", "Lower"]
LEFT_STYLES = ["{} PCT", "{} Primary Care Trust", "NHS {}", "{} Teaching PCT", "{} Care Trust", "{} tPCT",
               "{} Teaching Primary Care Trust", "NHS {} PCT"]
RIGHT_STYLES = ["{} Council", "{} City Council", "{} Borough Council", "London Borough of {}", "LB {}", "{} MBC",
                "{} Metropolitan Borough Council", "Royal Borough of {}", "{} County Council", "{} CC",
                "City of {}", "{} District Council"]
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _places(rng: np.random.Generator, k: int) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < k:
        p = (START[rng.integers(len(START))] + MIDDLE[rng.integers(len(MIDDLE))] + END[rng.integers(len(END))]).capitalize()
        if p not in seen:
            seen.add(p)
            out.append(p)
    return out


def _typo(rng: np.random.Generator, s: str) -> str:
    pos = [i for i, c in enumerate(s) if c.isalpha()]
    i = pos[rng.integers(len(pos))]
    op = rng.integers(4)
    c = LETTERS[rng.integers(26)]
    if op == 0:
        return s[:i] + c + s[i + 1 :]
    if op == 1:
        return s[:i] + s[i + 1 :]
    if op == 2:
        return s[:i] + c + s[i:]
    j = i + 1 if i + 1 < len(s) and s[i + 1].isalpha() else i - 1
    a, b = min(i, j), max(i, j)
    return s[:a] + s[b] + s[a] + s[b + 1 :]


def make_names(n: int, seed: int = 4) -> tuple[list[str], list[str], np.ndarray]:
    """``left``, ``right`` and ``truth`` (left i pairs with right truth[i])."""
    rng = np.random.default_rng(seed)
    places = _places(rng, int(n * 0.8))
    bases: set[tuple] = set()
    orgs: list[tuple] = []
    while len(orgs) < n:
        u = rng.random()
        p = places[rng.integers(len(places))]
        q = places[rng.integers(len(places))]
        if u < 0.55:
            key: tuple = ("one", p)
        elif u < 0.75:
            key = ("dir", DIRECTIONS[rng.integers(len(DIRECTIONS))], p)
        elif u < 0.90:
            key = ("and", p, q)
        elif u < 0.95:
            key = ("saint", p)
        else:
            key = ("upon", p, q)
        if key not in bases and (key[0] not in ("and", "upon") or p != q):
            bases.add(key)
            orgs.append(key)

    def render(key: tuple, side: int) -> str:
        kind = key[0]
        swap = rng.random() < 0.3
        if kind == "one":
            return key[1]
        if kind == "dir":
            return f"{key[2]} {key[1]}" if side and swap else f"{key[1]} {key[2]}"
        if kind == "and":
            conj = "&" if rng.random() < 0.5 else "and"
            a, b = (key[2], key[1]) if side and swap else (key[1], key[2])
            return f"{a} {conj} {b}"
        if kind == "saint":
            return ["St", "St.", "Saint"][rng.integers(3)] + " " + key[1]
        return f"{key[1]} upon {key[2]}" if rng.random() < 0.5 else f"{key[1]}-on-{key[2]}"

    left, right = [], []
    for key in orgs:
        left.append(LEFT_STYLES[rng.integers(len(LEFT_STYLES))].format(render(key, 0)))
        r = RIGHT_STYLES[rng.integers(len(RIGHT_STYLES))].format(render(key, 1))
        right.append(r.upper() if rng.random() < 0.05 else r)
    for names in (left, right):
        for i in np.flatnonzero(rng.random(n) < 0.05):
            names[i] = _typo(rng, names[i])
    perm = rng.permutation(n)  # right position of left i
    shuffled = [""] * n
    for i, j in enumerate(perm):
        shuffled[j] = right[i]
    return left, shuffled, perm


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
    ap.add_argument("--also-normalised", action="store_true",
                    help="also run rapidfuzz on coterminous.normalize_name'd names (a stronger peer)")
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
    print(f"  pairs {len(li)}, correct {correct}: recall {correct / a.n:.4f}, precision {correct / max(len(li), 1):.4f}")
    if a.skip_rapidfuzz:
        return
    rf_time, best = run_rapidfuzz(left, right)
    rf_correct = int((best == truth).sum())
    print(f"rapidfuzz cdist(token_sort_ratio, default_process, workers=-1) + argmax: {rf_time:.3f} s (one run)")
    print(f"  correct {rf_correct}: accuracy {rf_correct / a.n:.4f}")
    # cross-check: the pairs both agree on
    agree = int((best[li] == ri).sum())
    print(f"cross-check: {agree} of coterminous' {len(li)} pairs are also rapidfuzz's argmax")
    print(f"ratio coterminous / rapidfuzz time: {ct_time / rf_time:.4f} (target <= 0.1); "
          f"accuracy {correct / a.n:.4f} vs {rf_correct / a.n:.4f} (target >=)")
    if a.also_normalised:
        import coterminous as ct

        t = time.perf_counter()
        nl, nr = ct.normalize_name(left), ct.normalize_name(right)
        t_norm = time.perf_counter() - t
        rf2_time, best2 = run_rapidfuzz(nl, nr)
        rf2_correct = int((best2 == truth).sum())
        print(f"rapidfuzz on normalize_name'd names: {rf2_time:.3f} s (+ {t_norm:.3f} s normalising), "
              f"correct {rf2_correct}: accuracy {rf2_correct / a.n:.4f}")


if __name__ == "__main__":
    main()
