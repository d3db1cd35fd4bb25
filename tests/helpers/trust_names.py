"""NHS-style organisation names from public naming conventions, their acronyms and short forms.

Full names follow the patterns of the ODS register of NHS trusts ("<Place> Hospitals NHS
Foundation Trust", "University Hospitals of <Place> NHS Trust", "<Place> and <Place> NHS
Foundation Trust", "<Region> Ambulance Service NHS Trust", "<Place> and <Place> Partnership
NHS Foundation Trust"), with real English place names, written in capitals as ODS writes them.
Short forms are written the ways analysts write them: all-capital initials with or without the
N of NHS and the FT, mixed case keeping 'a' for 'and' (SLaM style), and an acronym followed by
the place ("RUH Bath" style). A reference implementation of the documented acronym rule
(`aligns`) serves as brute force.
"""

from __future__ import annotations

import itertools
import random
import re
from dataclasses import dataclass

PLACES = [
    "Barnsley", "Bedford", "Blackpool", "Bolton", "Bradford", "Brighton", "Bristol", "Burnley", "Bury",
    "Cambridge", "Carlisle", "Chester", "Chesterfield", "Colchester", "Coventry", "Croydon", "Darlington",
    "Derby", "Doncaster", "Dorset", "Dudley", "Durham", "Exeter", "Gateshead", "Gloucester", "Grimsby",
    "Halifax", "Harrogate", "Hereford", "Huddersfield", "Hull", "Ipswich", "Kendal", "Kettering",
    "Lancaster", "Leeds", "Leicester", "Lincoln", "Liverpool", "Luton", "Maidstone", "Manchester",
    "Medway", "Middlesbrough", "Milton Keynes", "Newcastle", "Northampton", "Norwich", "Nottingham",
    "Oldham", "Oxford", "Peterborough", "Plymouth", "Portsmouth", "Preston", "Reading", "Rochdale",
    "Rotherham", "Salford", "Salisbury", "Scarborough", "Sheffield", "Shrewsbury", "Southampton",
    "Southend", "Stockport", "Sunderland", "Swindon", "Taunton", "Telford", "Torbay", "Truro",
    "Wakefield", "Walsall", "Warrington", "Watford", "Wigan", "Winchester", "Wolverhampton",
    "Worcester", "Worthing", "Yeovil", "York",
]  # fmt: skip

REGIONS = [
    "East Midlands", "West Midlands", "North West", "North East", "South Western", "South Central",
    "East of England", "Yorkshire", "South East Coast",
]  # fmt: skip

LINKING = {"and", "of", "the", "for", "in", "at", "on", "nhs", "with", "to"}


@dataclass(frozen=True)
class Trust:
    """A full name in ODS style and the words an acronym of it is built from."""

    full: str
    #: the distinctive words (before "NHS ..."), as written
    core: tuple[str, ...]
    #: the affix words after them ("NHS", "Foundation", "Trust")
    tail: tuple[str, ...]


def trust(pattern: int, places: list[str]) -> Trust:
    """The full name of `pattern` (0-4) with `places` (two are enough)."""
    p, q = places[0], places[1]
    core, tail = {
        0: (f"{p} Hospitals", "NHS Foundation Trust"),
        1: (f"University Hospitals of {p}", "NHS Trust"),
        2: (f"{p} and {q}", "NHS Foundation Trust"),
        3: (f"{q} Ambulance Service", "NHS Trust"),
        4: (f"{p} and {q} Partnership", "NHS Foundation Trust"),
    }[pattern]
    if pattern == 3:
        core = f"{random.Random(p + q).choice(REGIONS)} Ambulance Service"
    full = f"{core} {tail}".upper()
    return Trust(full, tuple(core.split()), tuple(tail.split()))


STYLES = ("initials", "initials_n", "initials_nft", "mixed", "acronym_place")


def short_form(t: Trust, style: str) -> str | None:
    """A short form of `t` in `style` (None where the style does not apply)."""
    words = list(t.core)
    content = [w for w in words if w.lower() not in LINKING]
    initials = "".join(w[0].upper() for w in content)
    ft = "FT" if "Foundation" in t.tail else "T"
    if style == "initials":
        out = initials
    elif style == "initials_n":
        out = initials + "N" + ft
    elif style == "initials_nft":
        out = initials + ft
    elif style == "mixed":
        if "and" not in [w.lower() for w in words]:
            return None
        out = "".join(w[0].lower() if w.lower() in LINKING else w[0].upper() for w in words)
    elif style == "acronym_place":
        # the words before the place as an acronym, then the place ("UH Derby", "RUH Bath")
        if words[0][0].isupper() and len(words) >= 3 and words[-2].lower() == "of":
            return "".join(w[0] for w in words[:-2]) + " " + words[-1]
        return None
    else:
        raise ValueError(style)
    return out if 2 <= len(out) <= 10 else None


def trusts(n: int, rng: random.Random) -> list[Trust]:
    """`n` distinct trusts, patterns and places drawn by `rng`."""
    out: dict[str, Trust] = {}
    while len(out) < n:
        t = trust(rng.randrange(5), rng.sample(PLACES, 2))
        out.setdefault(t.full, t)
    return list(out.values())


# --- the documented rule, as brute force ---------------------------------------------------


def written_acronyms(name: str) -> list[str]:
    """The tokens of `name` that are acronyms by the documented rule (as written)."""
    toks = [t for t in re.split(r"[^A-Za-z]+", name) if t]
    all_toks = [t for t in re.split(r"[^\w]+|_", name) if t]
    has_lower = any(c.islower() for c in name)
    out = []
    for t in toks:
        if not 2 <= len(t) <= 10:
            continue
        upper = sum(c.isupper() for c in t)
        lower_pair = any(a.islower() and b.islower() for a, b in itertools.pairwise(t))
        mixed = upper < len(t) and upper >= 2 and t[0].isupper() and not lower_pair
        if mixed or (upper == len(t) and (len(all_toks) == 1 or has_lower)):
            out.append(t)
    return out


def full_words(name: str) -> list[str]:
    """`name` folded and split as the normaliser does (plain ASCII names)."""
    s = name.lower().replace("'", "").replace("&", " and ")
    subst = {"st": "saint", "univ": "university", "hosp": "hospital", "hosps": "hospitals"}
    return [subst.get(w, w) for w in re.split(r"[^a-z0-9]+", s) if w]


def aligns(acronym: str, words: list[str]) -> bool:
    """Whether `acronym` (as written) spells a run of `words` by the documented rule, by brute
    force: some run, some choice of linking words skipped, some choice of optional (lower-case)
    letters dropped, give equal sequences, each kept optional letter on a linking word."""
    letters = [(c.lower(), c.islower()) for c in acronym]
    opt = [i for i, (_, o) in enumerate(letters) if o]
    for drop in itertools.chain.from_iterable(itertools.combinations(opt, k) for k in range(len(opt) + 1)):
        kept = [letters[i] for i in range(len(letters)) if i not in drop]
        for start in range(len(words)):
            for end in range(start + 1, min(len(words), start + 30) + 1):
                run = words[start:end]
                link = [i for i, w in enumerate(run) if w in LINKING]
                if len(run) - len(link) > len(kept):
                    continue
                for k in range(len(link) + 1):
                    for skip in itertools.combinations(link, k):
                        used = [w for i, w in enumerate(run) if i not in skip]
                        if len(used) == len(kept) and all(
                            w[0] == c and (not o or w in LINKING) for w, (c, o) in zip(used, kept, strict=True)
                        ):
                            return True
    return False


def pairs_measured(n: int, seed: int, pair_names) -> dict[str, tuple[int, int, int]]:  # type: ignore[no-untyped-def]
    """Per style: (short forms, pairs returned, right pairs) of `pair_names(shorts, fulls)` on
    `n` trusts drawn with `seed` (one short form per trust and style)."""
    rng = random.Random(seed)
    ts = trusts(n, rng)
    fulls = [t.full for t in ts]
    out = {}
    for style in STYLES:
        shorts = [(i, s) for i, t in enumerate(ts) if (s := short_form(t, style)) is not None]
        pairs = pair_names([s for _, s in shorts], fulls, backend="dict")
        right = sum(shorts[li][0] == ri for li, ri in zip(pairs["left_index"], pairs["right_index"], strict=True))
        out[style] = (len(shorts), len(pairs["left_index"]), int(right))
    return out
