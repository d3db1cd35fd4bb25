"""A slow, independent Python reference of coterminous' name normalisation and similarity,
for tests: the same definitions, written from the documentation."""

from __future__ import annotations

import math
import unicodedata

from coterminous import _core

AFFIXES = _core.builtin_affixes()
APOSTROPHES = "'\u2018\u2019\u02bc`\u00b4"


def fold(s: str) -> str:
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", s).casefold())


def words(s: str) -> list[str]:
    out, cur = [], ""
    for c in s:
        if c.isalnum():
            cur += c
        elif c in APOSTROPHES:
            pass
        else:
            if cur:
                out.append(cur)
            cur = ""
            if c == "&":
                out.append("and")
    if cur:
        out.append(cur)
    return ["saint" if w == "st" else w for w in out]


def _compiled(lst: list[str]) -> list[list[str]]:
    out: list[list[str]] = []
    for e in lst:
        w = words(fold(e))
        if w not in out:
            out.append(w)
    return sorted(out, key=len, reverse=True)


PREFIX = _compiled(AFFIXES["prefix"])
SUFFIX = _compiled(AFFIXES["suffix"])


def normalize(name: str, prefix=PREFIX, suffix=SUFFIX) -> str:
    w = words(fold(name))
    a, b = 0, len(w)
    while True:
        changed = False
        for p in prefix:
            if len(p) < b - a and w[a : a + len(p)] == p:
                a += len(p)
                changed = True
                break
        for p in suffix:
            if len(p) < b - a and w[b - len(p) : b] == p:
                b -= len(p)
                changed = True
                break
        if not changed:
            return " ".join(w[a:b])


def one_edit(a: str, b: str) -> bool:
    """Levenshtein distance 1, or one swap of adjacent characters."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    if len(a) > len(b):
        a, b = b, a
    return any(b[:i] + b[i + 1 :] == a for i in range(len(b)))


def fuzzy_sim(a: str, b: str) -> float | None:
    la, lb = len(a), len(b)
    if min(la, lb) >= 4 and max(la, lb) >= 5 and one_edit(a, b):
        return 1 - 1 / max(la, lb)
    return None


class Scorer:
    def __init__(self, left_norm: list[str | None], right_norm: list[str | None]):
        docs = [n.split() for n in left_norm + right_norm if n is not None and n.split()]
        n = max(len(docs), 1)
        vocab = sorted({t for d in docs for t in d})
        # one-edit neighbours, through keys: the word and the word with one character deleted
        by_key: dict[str, set[str]] = {}
        for t in vocab:
            for k in {t} | {t[:i] + t[i + 1 :] for i in range(len(t))}:
                by_key.setdefault(k, set()).add(t)
        nb: dict[str, set[str]] = {t: set() for t in vocab}
        for group in by_key.values():
            for a in group:
                for b in group:
                    if a != b and fuzzy_sim(a, b) is not None:
                        nb[a].add(b)
        # df: the names holding the word or a word at one edit of it
        df: dict[str, int] = {}
        for d in docs:
            for t in set(d).union(*(nb[x] for x in d)):
                df[t] = df.get(t, 0) + 1
        self.w = {t: math.log(1 + n / c) for t, c in df.items()}

    def score(self, a: str | None, b: str | None) -> float:
        return self.match(a, b)[0]

    def match(self, a: str | None, b: str | None) -> tuple[float, list[tuple[int, int]]]:
        """The score and the matched words, as (position in a, position in b) sorted: equal
        words first (each word of ``a`` takes the first free equal word of ``b``), then words at
        one edit, greedily by value, ties broken by the words (as strings), then positions.
        Sums are correctly rounded (``math.fsum``), so they do not depend on the order of the
        words."""
        if a is None or b is None:
            return 0.0, []
        ta, tb = a.split(), b.split()
        w = self.w
        total = math.fsum([w[t] for t in ta] + [w[t] for t in tb])
        if total <= 0:
            return 0.0, []
        ua, ub = [False] * len(ta), [False] * len(tb)
        parts: list[float] = []
        pairs: list[tuple[int, int]] = []
        for i, x in enumerate(ta):
            for j, y in enumerate(tb):
                if not ub[j] and x == y:
                    ua[i] = ub[j] = True
                    parts.append(2 * w[x])
                    pairs.append((i, j))
                    break
        cand = []
        for i, x in enumerate(ta):
            for j, y in enumerate(tb):
                if not ua[i] and not ub[j]:
                    s = fuzzy_sim(x, y)
                    if s is not None:
                        cand.append((-s * (w[x] + w[y]), x, y, i, j))
        for c, _, _, i, j in sorted(cand):
            if not ua[i] and not ub[j]:
                ua[i] = ub[j] = True
                parts.append(-c)
                pairs.append((i, j))
        return min(100.0, 100 * (math.fsum(parts) / total)), sorted(pairs)


def review_rows(
    ln: list[str | None], rn: list[str], scorer: Scorer, k: int, min_score: float, how: str
) -> tuple[list[tuple[int | None, int | None, int | None]], list[float | None]]:
    """``name_candidates``' rows by brute force over all pairs: ``(left, right, rank)`` for the
    ``k`` best partners of each left name (score at least ``min_score`` and above 0, ties by
    right index), a ``(left, None, None)`` row for a left name with none unless ``how`` is
    ``"inner"``, and with ``how="both"`` a ``(None, right, None)`` row per right name in no row;
    with each row's margin (the gap to the name's next candidate, or to 0; None for the rows
    without a pair)."""
    want: list[tuple[int | None, int | None, int | None]] = []
    margins: list[float | None] = []
    seen = set()
    for i, a in enumerate(ln):
        s = [(scorer.score(a, b), j) for j, b in enumerate(rn)]
        s = sorted(((x, j) for x, j in s if x >= min_score and x > 0), key=lambda p: (-round(p[0], 9), p[1]))
        if not s and how != "inner":
            want.append((i, None, None))
            margins.append(None)
        for r, (x, j) in enumerate(s[:k]):
            want.append((i, j, r + 1))
            margins.append(x - (s[r + 1][0] if r + 1 < len(s) else 0.0))
            seen.add(j)
    if how == "both":
        want += [(None, j, None) for j in range(len(rn)) if j not in seen]
        margins += [None] * (len(want) - len(margins))
    return want, margins
