"""Issue 12: coterminous.pair_names on names whose words recur (``make_common_names`` of
tests/generators.py: direction words open 40 % of names, 40 % are "X and Y", place stems recur in
dozens of names), against rapidfuzz cdist + argmax and TF-IDF char 3-grams + sparse_dot_topn top-1.

Each (tool, size) runs in a fresh subprocess, which reports its time, accuracy (share of left
names paired with their true partner) and peak resident memory (``ru_maxrss``, including the
generated names and the interpreter); ``--tools candidates`` times ``name_candidates(k=3)``,
its accuracy the share of left names with the true partner among their three. ``--ratio`` runs coterminous and rapidfuzz at one size in
one process, for a time ratio less exposed to other load on the machine.

    python bench/bench_pair_common_names.py --sizes 5000 20000 50000 200000
    python bench/bench_pair_common_names.py --ratio 20000
    python bench/bench_pair_common_names.py --tools tfidf --sizes 5000 20000  # needs sparse_dot_topn
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parents[1] / "tests" / "helpers"))
from generators import make_common_names


def run_coterminous(left: list[str], right: list[str]) -> np.ndarray:
    import coterminous as ct

    out = ct.pair_names(left, right, backend="pyarrow")
    best = np.full(len(left), -1)
    best[out.column("left_index").to_numpy()] = out.column("right_index").to_numpy()
    return best


def run_rapidfuzz(left: list[str], right: list[str]) -> np.ndarray:
    from rapidfuzz import process
    from rapidfuzz.fuzz import token_sort_ratio
    from rapidfuzz.utils import default_process

    s = process.cdist(left, right, scorer=token_sort_ratio, processor=default_process, workers=-1, dtype=np.uint8)
    return np.asarray(s.argmax(axis=1))


def run_tfidf(left: list[str], right: list[str]) -> np.ndarray:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sparse_dot_topn import sp_matmul_topn

    vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 3), lowercase=True)
    vec.fit(left + right)
    a, b = vec.transform(left), vec.transform(right)
    m = sp_matmul_topn(a, b.T.tocsr(), top_n=1, n_threads=os.cpu_count() or 1).tocsr()
    best = np.full(len(left), -1)
    for i in range(len(left)):
        lo, hi = m.indptr[i], m.indptr[i + 1]
        if hi > lo:
            best[i] = m.indices[lo + int(np.argmax(m.data[lo:hi]))]
    return best


def run_candidates(left: list[str], right: list[str]) -> np.ndarray:
    """``name_candidates(k=3)``: the three best partners of each left name (-1: none)."""
    import coterminous as ct

    try:
        out = ct.name_candidates(left, right, k=3, how="inner", backend="dict")
    except TypeError:  # before 0.2: candidates only, no how=
        out = ct.name_candidates(left, right, k=3, backend="pandas")
        out = {c: out[c].to_numpy() for c in out.columns}
    top = np.full((len(left), 3), -1)
    top[out["left_index"], out["rank"] - 1] = out["right_index"]
    return top


TOOLS = {"coterminous": run_coterminous, "rapidfuzz": run_rapidfuzz, "tfidf": run_tfidf, "candidates": run_candidates}


#: The generator's shape (shares of direction words and of "X and Y" names, stems per name),
#: set from the command line: vary it toward worse registers (more common words, fewer stems).
SHAPE: dict[str, float] = {}


def names(n: int) -> tuple[list[str], list[str], np.ndarray]:
    shape = dict(SHAPE)
    stems = shape.pop("names_per_stem", 25)
    return make_common_names(n, stems=max(1, int(n // stems)), **shape)


def unique_share(n: int) -> float:
    """The share of true pairs whose two names are each unique, once normalised, on their side:
    the others face copies of their own text, between which no scorer can choose (context for
    the accuracy of a shape with few stems, not a bound)."""
    from collections import Counter

    import coterminous as ct

    left, right, truth = names(n)
    ln, rn = ct.normalize_name(left), ct.normalize_name(right)
    cl, cr = Counter(ln), Counter(rn)
    return float(np.mean([cl[ln[i]] == 1 and cr[rn[truth[i]]] == 1 for i in range(n)]))


def one(tool: str, n: int) -> dict[str, float | str | int]:
    left, right, truth = names(n)
    TOOLS[tool](left[:50], right[:50])  # imports and thread pools, outside the timing
    t = time.perf_counter()
    best = TOOLS[tool](left, right)
    dt = time.perf_counter() - t
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    hit = (best == truth[:, None]).any(axis=1) if best.ndim == 2 else best == truth  # candidates: in the top 3
    return {"tool": tool, "n": n, "time_s": dt, "accuracy": float(hit.mean()), "peak_mb": rss}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="*", default=[5000, 20000, 50000, 200000])
    ap.add_argument("--tools", nargs="*", default=["coterminous", "rapidfuzz", "tfidf"])
    ap.add_argument("--rapidfuzz-max", type=int, default=20000)
    ap.add_argument("--ratio", type=int, default=None, help="coterminous and rapidfuzz in one process at this size")
    ap.add_argument("--one", nargs=2, metavar=("TOOL", "N"), help=argparse.SUPPRESS)
    ap.add_argument("--direction-share", type=float, default=0.4, help="names opening with North, South...")
    ap.add_argument("--and-share", type=float, default=0.4, help='names joining two places with "and"')
    ap.add_argument("--names-per-stem", type=float, default=25, help="n // this many recurring place stems")
    a = ap.parse_args()
    SHAPE.update(direction_share=a.direction_share, and_share=a.and_share, names_per_stem=a.names_per_stem)
    shape_args = ["--direction-share", str(a.direction_share), "--and-share", str(a.and_share)]
    shape_args += ["--names-per-stem", str(a.names_per_stem)]
    if a.one:
        print(json.dumps(one(a.one[0], int(a.one[1]))))
        return
    if a.ratio:
        left, right, truth = names(a.ratio)
        run_coterminous(left[:50], right[:50])
        run_rapidfuzz(left[:50], right[:50])
        t = time.perf_counter()
        c = run_coterminous(left, right)
        tc = time.perf_counter() - t
        t = time.perf_counter()
        r = run_rapidfuzz(left, right)
        tr = time.perf_counter() - t
        print(f"n={a.ratio}: coterminous {tc:.3f} s, accuracy {(c == truth).mean():.4f}")
        print(f"          rapidfuzz {tr:.3f} s, accuracy {(r == truth).mean():.4f}; ratio {tc / tr:.4f}")
        return
    print("| tool | names per side | time (s) | accuracy | peak RSS (MB) |\n|---|---|---|---|---|")
    for n in a.sizes:
        print(f"| (pairs of names unique on their side) | {n:,} | | {unique_share(n):.4f} | |", flush=True)
        for tool in a.tools:
            if tool == "rapidfuzz" and n > a.rapidfuzz_max:
                continue
            p = subprocess.run(
                [sys.executable, __file__, "--one", tool, str(n), *shape_args], capture_output=True, text=True
            )
            if p.returncode != 0:
                print(f"| {tool} | {n:,} | failed: {p.stderr.strip().splitlines()[-1][:120]} | | |", flush=True)
                continue
            r = json.loads(p.stdout.strip().splitlines()[-1])
            print(f"| {tool} | {n:,} | {r['time_s']:.2f} | {r['accuracy']:.4f} | {r['peak_mb']:.0f} |", flush=True)


if __name__ == "__main__":
    main()
