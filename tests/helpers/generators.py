"""Seeded generators of test data shared by the tests and the benchmarks (bench/ adds tests/ to
its path and imports from here; the tests import no benchmark code).

``make_names``: synthetic English-like place names (single places, "North X", "X and Y", "X upon Y",
"St X") with health-body sector words on the left ("X PCT", "NHS X", "X Primary Care Trust",
"X Teaching PCT"...) and council sector words on the right ("London Borough of X", "X MBC",
"X City Council", "Royal Borough of X"...), abbreviations (St/St./Saint, &/and), word-order
changes ("X North", "Y & X") and one random typing error in 5% of the names on each side.
Every left name has exactly one true partner on the right (shuffled).
"""

from __future__ import annotations

import numpy as np

START = (
    "ash bar bed black brad bran brom bur cal cam carl ches chip clay cold cray dar dor dun ed elm farn fen "
    "gates glen graves grim had hal ham har has hay hen hol horn hun kel ken king kirk lang lea lid lin long "
    "mal mans mar mel mil mor nor new oak old pen pet pol pres rad ram red rich roch roth rush salt sand sax "
    "sel shef shep skel sole spal stam stan sut swan tad tam thorn tid tow up wal wan war wat wel wem whit wil "
    "win wol wood wor wy"
).split()
MIDDLE = ["", "", "", "a", "e", "ing", "er", "en", "ling", "s"]
END = (
    "ford ton ham ley bury by field wick worth mouth minster borough chester caster stead well bridge dale den "
    "hurst land mere moor port stow thorpe wood combe don shaw cliffe over bourne sey ington leigh"
).split()
DIRECTIONS = ["North", "South", "East", "West", "Central", "Mid", "Great", "Little", "Upper", "Lower"]
LEFT_STYLES = [
    "{} PCT",
    "{} Primary Care Trust",
    "NHS {}",
    "{} Teaching PCT",
    "{} Care Trust",
    "{} tPCT",
    "{} Teaching Primary Care Trust",
    "NHS {} PCT",
]
RIGHT_STYLES = [
    "{} Council",
    "{} City Council",
    "{} Borough Council",
    "London Borough of {}",
    "LB {}",
    "{} MBC",
    "{} Metropolitan Borough Council",
    "Royal Borough of {}",
    "{} County Council",
    "{} CC",
    "City of {}",
    "{} District Council",
]
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _places(rng: np.random.Generator, k: int) -> list[str]:
    pool = len(START) * len(set(MIDDLE)) * len(END)
    if k > 0.6 * pool:
        raise ValueError(f"n: too large for the place-name generator (at most {int(0.6 * pool / 0.8)})")
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < k:
        stem = START[rng.integers(len(START))] + MIDDLE[rng.integers(len(MIDDLE))]
        p = (stem + END[rng.integers(len(END))]).capitalize()
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
    """Two shuffled lists of ``n`` organisation-like names, one true partner each.

    Parameters
    ----------
    n
        How many names on each side.
    seed
        The seed of the generator: one seed, one pair of lists.

    Returns
    -------
    left, right : list of str
        Health-body names (left) and council names (right).
    truth : numpy.ndarray
        ``left[i]`` pairs with ``right[truth[i]]``.

    Raises
    ------
    ValueError
        If ``n`` is more than the place-name generator can make distinct.
    """
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


COMMON_DIRECTIONS = ["North", "South", "East", "West", "Mid", "Upper", "Greater"]


class _Places:
    """Distinct place names drawn lazily from a pool of about 4 million (two-syllable starts)."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng
        self.seen: set[str] = set()

    def __next__(self) -> str:
        rng = self.rng
        while True:
            a, b = START[rng.integers(len(START))], MIDDLE[rng.integers(len(MIDDLE))]
            c = START[rng.integers(len(START))] if rng.random() < 0.7 else ""
            p = (a + b + c + END[rng.integers(len(END))]).capitalize()
            if p not in self.seen:
                self.seen.add(p)
                return p


def make_common_names(
    n: int,
    seed: int = 4,
    *,
    direction_share: float = 0.4,
    and_share: float = 0.4,
    stems: int | None = None,
    stem_share: float = 0.6,
) -> tuple[list[str], list[str], np.ndarray]:
    """Two shuffled lists of ``n`` organisation-like names whose words recur, one true partner each.

    The shape of issue 12: a direction word (North, South, East, West, Mid, Upper, Greater)
    opens ``direction_share`` of the names ("North X"), ``and_share`` of the names join two
    places ("X and Y"), the rest are one place ("X"). Each place is, with probability
    ``stem_share``, one of ``stems`` recurring place stems (default ``n // 25``: 800 at 20,000
    names, each recurring in dozens of names per side at every size), else a place of its own.
    Rendered with the sector words, abbreviations, word-order changes and 5 % typing errors of
    ``make_names``.

    Parameters
    ----------
    n
        How many names on each side.
    seed
        The seed of the generator.
    direction_share, and_share
        Shares of "North X" and "X and Y" names (their sum at most 1).
    stems
        How many recurring place stems; default ``max(40, n // 25)``.
    stem_share
        The probability that a place is a recurring stem.

    Returns
    -------
    left, right : list of str
        Health-body names (left) and council names (right).
    truth : numpy.ndarray
        ``left[i]`` pairs with ``right[truth[i]]``.

    Raises
    ------
    ValueError
        Shares outside 0-1 or summing to more than 1.
    """
    if not (0 <= direction_share <= 1 and 0 <= and_share <= 1 and direction_share + and_share <= 1):
        raise ValueError("direction_share, and_share: expected shares from 0 to 1 summing to at most 1")
    rng = np.random.default_rng(seed)
    n_stems = max(40, n // 25) if stems is None else stems
    own = _Places(rng)
    stem_list = [next(own) for _ in range(n_stems)]

    def place() -> str:
        return stem_list[rng.integers(n_stems)] if rng.random() < stem_share else next(own)

    bases: set[tuple] = set()
    orgs: list[tuple] = []
    while len(orgs) < n:
        u = rng.random()
        if u < direction_share:
            key: tuple = ("dir", COMMON_DIRECTIONS[rng.integers(len(COMMON_DIRECTIONS))], place())
        elif u < direction_share + and_share:
            key = ("and", place(), place())
        else:
            key = ("one", place())
        if key not in bases and (key[0] != "and" or key[1] != key[2]):
            bases.add(key)
            orgs.append(key)

    def render(key: tuple, side: int) -> str:
        swap = rng.random() < 0.3
        if key[0] == "one":
            return key[1]
        if key[0] == "dir":
            return f"{key[2]} {key[1]}" if side and swap else f"{key[1]} {key[2]}"
        conj = "&" if rng.random() < 0.5 else "and"
        a, b = (key[2], key[1]) if side and swap else (key[1], key[2])
        return f"{a} {conj} {b}"

    left, right = [], []
    for key in orgs:
        left.append(LEFT_STYLES[rng.integers(len(LEFT_STYLES))].format(render(key, 0)))
        r = RIGHT_STYLES[rng.integers(len(RIGHT_STYLES))].format(render(key, 1))
        right.append(r.upper() if rng.random() < 0.05 else r)
    for names in (left, right):
        for i in np.flatnonzero(rng.random(n) < 0.05):
            names[i] = _typo(rng, names[i])
    perm = rng.permutation(n)
    shuffled = [""] * n
    for i, j in enumerate(perm):
        shuffled[j] = right[i]
    return left, shuffled, perm
