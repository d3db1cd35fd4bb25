"""A study of today: integrated care boards (ICBs) and upper-tier councils in England, 2022.

The method of the 2008 paper applied to today's bodies: the population each of the 42 ICBs
(July 2022) shares with each of the 152 upper-tier councils (2021/22) is summed over the 2011
LSOAs of the shipped ONS lookup (``ons2022/lsoa11_icb22``, districts mapped to their upper tier
with ``ons2022/ltla21_utla21``) by :func:`coterminous.overlap`; each ICB and council is
classed by :func:`coterminous.relationships` at :data:`THRESHOLD`; ICBs and councils are paired
one to one by :func:`coterminous.assign` on coterminosity; and the 2008 paper's nine areas are
placed in today's geography. Its checks compare the data with figures their publishers state
(:data:`PUBLISHED`, each with its source). The population is the ONS mid-2020 estimate,
earlier than the ICBs (2022).

>>> from coterminous import replicate
>>> report = replicate("icb2022")
>>> report.ok
True
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import assign, datasets, overlap, relationships
from .._report import Check, Range, Report
from ._figures_icb2022 import maker
from .nlgn2008 import FIGURE3, Published

__all__ = ["CITATION", "DATA", "PUBLISHED", "THRESHOLD", "lookup", "nine_areas_section", "run"]

#: What this study is: no paper, the 2008 paper's method applied to today's bodies.
CITATION = (
    "The coterminous developers, 'ICBs and upper-tier councils in England, 2022': the method of the New Local "
    "Government Network's 2008 paper applied to the 42 ICBs of July 2022 and the 152 upper-tier councils, "
    "on ONS lookups and mid-2020 population estimates (Open Government Licence v3.0)"
)

#: The shipped data sets the study reads.
DATA = [
    "ons2022/lsoa11_icb22",
    "ons2022/ltla21_utla21",
    "ons2022/ltla22_ltla23",
    "ons2022/ltla23_utla23",
    FIGURE3,
]

#: The share that counts as "all of it" for co-terminous and nested (see ``relationships``).
THRESHOLD = 0.95

_ONS = "ONS lookup ons2022/lsoa11_icb22 (datasets.provenance('ons2022'))"
_KINGS_FUND = (
    "The King's Fund, 'Integrated care systems explained', updated 19 August 2022: 42 ICSs 'covering populations "
    "of around 500,000 to 3 million people' "
    "(https://www.kingsfund.org.uk/insight-and-analysis/long-reads/integrated-care-systems-explained); "
    "smallest and largest ICB populations compared at the nearest half million"
)
_GLOSSOP = (
    "Joined Up Care Derbyshire, 'Including Glossop in the Derbyshire Integrated Care System', stakeholder "
    "briefing 14 October 2021 (https://joinedupcarederbyshire.co.uk/about/what-is-jucd/glossop): the Secretary "
    "of State's decision of July 2021 to bring Glossop, part of Derbyshire, into the Derbyshire ICS, so that the "
    "county is no longer served by two ICS footprints; the NHS in Derby and Derbyshire took Glossop on 1 July "
    "2022 (https://joinedupcarederbyshire.co.uk/news/update-on-health-and-social-care-in-glossop)"
)

#: Figures stated by the publishers of the data (and, for co-terminosity, by the NHS), with sources.
PUBLISHED: dict[str, Published] = {
    "lsoa11": Published(32_844, f"{_ONS}: 32,844 distinct 2011 LSOAs of England"),
    "sub_icb_locations": Published(106, f"{_ONS}: 106 Sub ICB Locations"),
    "icbs": Published(
        42,
        "NHS England, 'Integrated care boards in England': the Integrated Care Boards (Establishment) Order 2022 "
        "establishes 42 ICBs from 1 July 2022 (https://www.england.nhs.uk/publication/integrated-care-boards-in-england/)",
    ),
    "districts": Published(309, f"{_ONS}: 309 districts in the 2022 file"),
    "upper_tier": Published(
        152, "ONS lookup ons2022/ltla21_utla21: England's 309 districts in 152 upper-tier councils"
    ),
    "england_population": Published(
        56_550_138,
        f"{_ONS}: the mid-2020 LSOA estimates sum to 56,550,138 for England, equal to the sum of the ONS "
        "mid-2020 district estimates",
    ),
    "upper_tier_unchanged": Published(
        0,
        "ONS lookups ons2022/ltla22_ltla23 and ltla23_utla23: only Cumbria, North Yorkshire and Somerset were "
        "reorganised in April 2023, so no other district changed upper-tier council",
    ),
    "icb_population_range": Published(Range(500_000, 3_000_000), _KINGS_FUND),
    "derbyshire_in_one_icb": Published(1.0, _GLOSSOP),
}

#: Counties reorganised in April 2023 (the ONS lookup ltla22_ltla23).
_REORGANISED_2023 = ("Cumbria", "North Yorkshire", "Somerset")


def _short(name: str) -> str:
    """An ICB's name without "NHS " and " Integrated Care Board", for tables."""
    name = name.removeprefix("NHS ")
    return name.removesuffix(" Integrated Care Board")


def lookup() -> dict[str, np.ndarray]:
    """The 2011 LSOAs of England with their ICB, Sub ICB Location, district and upper-tier council.

    The ``ons2022/lsoa11_icb22`` columns and ``utla21_code``, ``utla21_name``: the upper-tier
    council of the LSOA's district, from ``ons2022/ltla21_utla21`` (2021 districts and upper
    tiers; the 2022 districts are the same, as :func:`run` checks).

    Returns
    -------
    dict of str to numpy.ndarray
        One array per column, one row per LSOA.

    Raises
    ------
    KeyError
        If a district of the LSOA lookup is not in the district-to-upper-tier lookup.
    """
    lsoa = datasets.read_columns("ons2022/lsoa11_icb22")
    tiers = datasets.read_columns("ons2022/ltla21_utla21")
    code = dict(zip(tiers["ltla21_code"].tolist(), tiers["utla21_code"].tolist()))
    name = dict(zip(tiers["utla21_code"].tolist(), tiers["utla21_name"].tolist()))
    utla = [code[d] for d in lsoa["ltla22_code"].tolist()]
    lsoa["utla21_code"] = np.array(utla, dtype=object)
    lsoa["utla21_name"] = np.array([name[u] for u in utla], dtype=object)
    return lsoa


def _lists(table: dict[str, Any]) -> dict[str, list[Any]]:
    """A dict of columns (numpy arrays, masked where missing) as a dict of Python lists."""
    return {k: (v.tolist() if hasattr(v, "tolist") else list(v)) for k, v in table.items()}


def _overlap(cols: dict[str, np.ndarray], left: str, right: str) -> dict[str, list[Any]]:
    table = {k: cols[k] for k in (left, right, "population_mid2020")}
    return _lists(overlap(table, left=left, right=right, weight="population_mid2020"))


def _relationships(ov: dict[str, list[Any]]) -> dict[str, tuple[str, list[str]]]:
    """Unit code -> (relationship, partners), each side keyed by its own codes."""
    rel = _lists(relationships(ov, min_coterminosity=THRESHOLD))
    return {u: (r, p) for u, r, p in zip(rel["unit"], rel["relationship"], rel["partners"])}


def _coterminous_pairs(ov: dict[str, list[Any]]) -> list[int]:
    """Rows of the overlap where each unit holds at least THRESHOLD of the other."""
    return [
        i
        for i, (a, b) in enumerate(zip(ov["left_share"], ov["right_share"]))
        if a is not None and b is not None and a >= THRESHOLD and b >= THRESHOLD
    ]


def run() -> Report:
    """ICBs and upper-tier councils in 2022: shared population, relationships, pairing.

    Returns
    -------
    Report
        The study ``"icb2022"``: checks of the data against published figures, the tables of
        co-terminous pairs, relationships, the optimal pairing and the nine 2008 areas today,
        and notes.
    """
    cols = lookup()
    tiers = datasets.read_columns("ons2022/ltla21_utla21")
    icb_name = dict(zip(cols["icb22_code"].tolist(), cols["icb22_name"].tolist()))
    icb_nhs = dict(zip(cols["icb22_code"].tolist(), cols["icb22_code_h"].tolist()))
    council = dict(zip(tiers["utla21_code"].tolist(), tiers["utla21_name"].tolist()))
    pop = cols["population_mid2020"]
    icb_pop = {c: int(pop[cols["icb22_code"] == c].sum()) for c in sorted(icb_name)}

    checks = _data_checks(cols, icb_pop)
    ov = _overlap(cols, "icb22_code", "utla21_code")
    rel = _relationships(ov)

    # Derbyshire (Glossop moved into the Derbyshire ICS): the county's share in its ICB.
    derbyshire = next(c for c, n in council.items() if n == "Derbyshire")
    shares = [s for r, s in zip(ov["right"], ov["right_share"]) if r == derbyshire]
    p = PUBLISHED["derbyshire_in_one_icb"]
    checks.append(
        Check(
            "share of Derbyshire County Council's population in one ICB (Glossop moved in, 2022)",
            p.value,
            round(max(shares), 6),
            p.source,
        )
    )

    co = _coterminous_pairs(ov)
    coterminous = {
        "ICB code": [ov["left"][i] for i in co],
        "ICB": [_short(icb_name[ov["left"][i]]) for i in co],
        "council code": [ov["right"][i] for i in co],
        "council": [council[ov["right"][i]] for i in co],
        "share of ICB in council": [round(ov["left_share"][i], 4) for i in co],
        "share of council in ICB": [round(ov["right_share"][i], 4) for i in co],
        "coterminosity": [round(ov["coterminosity"][i], 4) for i in co],
    }
    icb_table: dict[str, list[Any]] = {
        k: [] for k in ("ICB code", "NHS code", "ICB", "population mid-2020", "relationship", "councils", "largest council", "its share of ICB")
    }  # fmt: skip
    for c in sorted(icb_name):
        rows = [i for i, left in enumerate(ov["left"]) if left == c]
        top = max(rows, key=lambda i: ov["left_share"][i])
        icb_table["ICB code"].append(c)
        icb_table["NHS code"].append(icb_nhs[c])
        icb_table["ICB"].append(_short(icb_name[c]))
        icb_table["population mid-2020"].append(icb_pop[c])
        icb_table["relationship"].append(rel[c][0])
        icb_table["councils"].append(len(rows))
        icb_table["largest council"].append(council[ov["right"][top]])
        icb_table["its share of ICB"].append(round(ov["left_share"][top], 4))

    spanning: dict[str, list[Any]] = {
        "council code": [],
        "council": [],
        "relationship": [],
        "ICBs": [],
        "largest share": [],
    }
    for c in sorted(council):
        if c not in rel or rel[c][0] in ("nested", "coterminous"):
            continue
        rows = [i for i, right in enumerate(ov["right"]) if right == c]
        spanning["council code"].append(c)
        spanning["council"].append(council[c])
        spanning["relationship"].append(rel[c][0])
        spanning["ICBs"].append("; ".join(_short(icb_name[x]) for x in rel[c][1]))
        spanning["largest share"].append(round(max(ov["right_share"][i] for i in rows), 4))

    pairs = _lists(assign(ov, weight="coterminosity"))
    pairing = {
        "ICB": [_short(icb_name[x]) for x in pairs["left"]],
        "council": [council[x] for x in pairs["right"]],
        "coterminosity": [round(w, 4) for w in pairs["weight"]],
    }
    counts: dict[str, list[Any]] = {"side": [], "coterminous": [], "nested": [], "split": [], "overlapping": []}
    for side, units in (("ICBs", icb_name), ("upper-tier councils", council)):
        found = [rel[u][0] for u in units if u in rel]
        counts["side"].append(f"{side} ({len(found)})")
        for r in ("coterminous", "nested", "split", "overlapping"):
            counts[r].append(found.count(r))

    nine = nine_areas_section(cols)
    tables = {
        "coterminous": coterminous,
        "relationships": counts,
        "icbs": icb_table,
        "spanning": spanning,
        "pairing": pairing,
        **nine["tables"],
    }
    titles = {
        "coterminous": f"ICBs co-terminous with one upper-tier council (threshold {THRESHOLD:g}; population mid-2020)",
        "relationships": f"Relationships of ICBs and councils (threshold {THRESHOLD:g})",
        "icbs": f"The 42 ICBs and their councils (threshold {THRESHOLD:g}; population mid-2020)",
        "spanning": f"Upper-tier councils split between ICBs or overlapping them (threshold {THRESHOLD:g}; population mid-2020)",
        "pairing": "Optimal one-to-one pairing of ICBs and councils on coterminosity (population mid-2020)",
        **nine["titles"],
    }
    exact = sum(1 for i in co if ov["coterminosity"][i] == 1.0)
    near = []  # co-terminous at the threshold, not exactly: what else the two hold
    for i in co:
        if ov["coterminosity"][i] < 1.0:
            others = [
                council[r] for left, r in zip(ov["left"], ov["right"]) if left == ov["left"][i] and r != ov["right"][i]
            ]
            near.append(
                f"{_short(icb_name[ov['left'][i]])} ICB also holds {', '.join(others) or 'no other council'} "
                f"({1 - ov['left_share'][i]:.1%} of its population), so it is co-terminous with "
                f"{council[ov['right'][i]]} only at a threshold below 1"
            )
    notes = [
        (
            "Populations are the ONS mid-2020 LSOA estimates, earlier than the ICBs (July 2022): every share of "
            "population shown is a share of the mid-2020 population."
        ),
        (
            f"Co-terminous means each of the two holds at least {THRESHOLD:g} of the other's population; nested, "
            f"that at least {THRESHOLD:g} of a unit lies in one bigger partner; split, that no partner holds it and "
            "each partner is nested in it; overlapping, anything else (coterminous.relationships)."
        ),
        (
            f"{len(co)} ICBs are co-terminous with one upper-tier council at {THRESHOLD:g}; {exact} of them exactly "
            "(coterminosity 1)" + "".join(f"; {n}" for n in near) + "."
        ),
        (
            "Upper-tier councils are those of April 2021, unchanged in 2022 (checked: the 2022 districts are the "
            "2021 districts, and no district outside Cumbria, North Yorkshire and Somerset changed upper tier by "
            "2023); there are 152, one fewer than the 153 of April 2023."
        ),
        (
            "The optimal pairing maximises the sum of coterminosity over one-to-one ICB-council pairs "
            "(coterminous.assign): every ICB gets one council, however weak the fit; read it beside the "
            "relationships."
        ),
        (
            "Searched for a published statement of which ICBs are co-terminous with one council (NHS England, "
            "DHSC, The King's Fund): none listing them was found, so the co-terminous pairs are not checked against "
            "a list; the DHSC boundary review (22 July 2021) states a presumption of coterminosity, and the one "
            "boundary decision checked here (Glossop into Derbyshire) is cited."
        ),
        *nine["notes"],
    ]
    by_name = {
        **ov,
        "left": [_short(icb_name[x]) for x in ov["left"]],
        "right": [council[x] for x in ov["right"]],
    }
    return Report("icb2022", checks, tables, notes, titles, citation=CITATION, data=DATA, figures=maker(by_name))


def _data_checks(cols: dict[str, np.ndarray], icb_pop: dict[str, int]) -> list[Check]:
    """Counts and totals of the lookup against the figures their publishers state."""

    def n(column: str) -> int:
        return len(set(cols[column].tolist()))

    checks = []
    for key, what, value in (
        ("lsoa11", "2011 LSOAs of England in the lookup", n("lsoa11_code")),
        ("sub_icb_locations", "Sub ICB Locations (July 2022)", n("sicbl22_code")),
        ("icbs", "integrated care boards (July 2022)", n("icb22_code")),
        ("districts", "districts (2022) in the lookup", n("ltla22_code")),
        ("upper_tier", "upper-tier councils (2021/22) holding the LSOAs", n("utla21_code")),
        (
            "england_population",
            "England's population, mid-2020 (sum over LSOAs)",
            int(cols["population_mid2020"].sum()),
        ),
    ):
        p = PUBLISHED[key]
        checks.append(Check(what, p.value, value, p.source))

    # The 2021 upper tier holds in 2022: outside the counties reorganised in 2023, every 2022
    # district keeps its upper-tier council.
    tiers21 = datasets.read_columns("ons2022/ltla21_utla21")
    next23 = datasets.read_columns("ons2022/ltla22_ltla23")
    tiers23 = datasets.read_columns("ons2022/ltla23_utla23")
    ut21 = dict(zip(tiers21["ltla21_code"].tolist(), tiers21["utla21_name"].tolist()))
    lt23 = dict(zip(next23["ltla22_code"].tolist(), next23["ltla23_code"].tolist()))
    ut23 = dict(zip(tiers23["ltla23_code"].tolist(), tiers23["utla23_name"].tolist()))
    districts = sorted(set(cols["ltla22_code"].tolist()))
    changed = [d for d in districts if ut21[d] not in _REORGANISED_2023 and ut21[d] != ut23[lt23[d]]]
    p = PUBLISHED["upper_tier_unchanged"]
    checks.append(
        Check(
            "2022 districts outside Cumbria, North Yorkshire and Somerset whose upper tier changed 2021-2023",
            p.value,
            len(changed),
            p.source,
        )
    )
    half = 500_000
    p = PUBLISHED["icb_population_range"]
    smallest, largest = min(icb_pop.values()), max(icb_pop.values())
    checks.append(
        Check(
            "smallest and largest ICB population, mid-2020, to the nearest half million",
            p.value,
            Range(round(smallest / half) * half, round(largest / half) * half),
            p.source,
        )
    )
    return checks


def nine_areas_section(cols: dict[str, np.ndarray] | None = None) -> dict[str, Any]:
    """The 2008 paper's nine areas in today's geography.

    Each Figure 3 council (``nlgn2008/figure3``, its area column) is found among the 2021/22
    upper-tier councils by name; the ICB holding most of its population (mid-2020), that share,
    the council's relationship to ICBs at :data:`THRESHOLD`, and whether it is co-terminous with
    an ICB, and with a Sub ICB Location (the nearest heir of a PCT's area), are tabulated.

    Parameters
    ----------
    cols
        :func:`lookup`'s columns (read afresh when ``None``).

    Returns
    -------
    dict
        ``{"tables": {"nine_areas": {column: list}}, "titles": {"nine_areas": title},
        "notes": [str, ...]}`` for a :class:`coterminous.replication.Report`.

    Raises
    ------
    KeyError
        If a Figure 3 area is not the name of an upper-tier council of 2021.

    Examples
    --------
    >>> out = nine_areas_section()
    >>> table = next(iter(out["tables"].values()))
    >>> table["area"][0], table["ICB (largest share)"][0]
    ('Bexley', 'South East London')
    """
    cols = lookup() if cols is None else cols
    fig3 = datasets.read_columns(FIGURE3)
    areas = list(dict.fromkeys(fig3["area"].tolist()))
    by_name = dict(zip(cols["utla21_name"].tolist(), cols["utla21_code"].tolist()))
    icb_name = dict(zip(cols["icb22_code"].tolist(), cols["icb22_name"].tolist()))
    sub_name = dict(zip(cols["sicbl22_code"].tolist(), cols["sicbl22_name"].tolist()))
    ov = _overlap(cols, "icb22_code", "utla21_code")
    rel = _relationships(ov)
    sub = _overlap(cols, "sicbl22_code", "utla21_code")
    sub_co = {sub["right"][i]: sub["left"][i] for i in _coterminous_pairs(sub)}
    table: dict[str, list[Any]] = {
        k: [] for k in ("area", "council code", "ICB (largest share)", "share of council", "relationship", "co-terminous with an ICB", "co-terminous Sub ICB Location")
    }  # fmt: skip
    for area in areas:
        code = by_name[area]
        rows = [i for i, r in enumerate(ov["right"]) if r == code]
        top = max(rows, key=lambda i: ov["right_share"][i])
        table["area"].append(area)
        table["council code"].append(code)
        table["ICB (largest share)"].append(_short(icb_name[ov["left"][top]]))
        table["share of council"].append(round(ov["right_share"][top], 4))
        table["relationship"].append(rel[code][0])
        table["co-terminous with an ICB"].append("yes" if rel[code][0] == "coterminous" else "no")
        table["co-terminous Sub ICB Location"].append(sub_name[sub_co[code]] if code in sub_co else "none")
    still = [a for a, c in zip(table["area"], table["co-terminous with an ICB"]) if c == "yes"]
    with_sub = [a for a, s in zip(table["area"], table["co-terminous Sub ICB Location"]) if s != "none"]
    notes = [
        (
            "The nine areas of 2008 (Figure 3), each a council and a PCT the paper counts as co-terminous, are found by name "
            "among the 2021/22 upper-tier councils (same areas as in 2008; Northumberland's unitary council of 2009 "
            "covers the former county). Shares are of the mid-2020 population, earlier than the ICBs (2022)."
        ),
        (
            f"Today {len(still)} of the nine councils {'is' if len(still) == 1 else 'are'} co-terminous with an ICB "
            f"({', '.join(still) if still else 'none'}) at {THRESHOLD:g}; {len(with_sub)} "
            f"{'is' if len(with_sub) == 1 else 'are'} co-terminous with a Sub ICB Location "
            f"({', '.join(with_sub) if with_sub else 'none'}), the nearest heir of a PCT's area."
        ),
    ]
    return {
        "tables": {"nine_areas": table},
        "titles": {"nine_areas": "The 2008 paper's nine areas today (ICBs of July 2022, population mid-2020)"},
        "notes": notes,
    }
