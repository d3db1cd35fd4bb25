"""A study of today on real ratings: councils' adult social care and acute trusts, by ICB, 2025.

The 2008 paper asked where a strong council stands beside a weak primary care trust. Today's
bodies rarely cover the same area, so this study asks it of integrated care boards (ICBs):

- the CQC's assessments of councils' adult social care (``today2025/cqc_la_assessments``,
  72 of 153 upper-tier councils by October 2025) are paired with ONS upper-tier council codes
  (April 2023) by :func:`coterminous.pair_names`, and their nine quality-statement scores
  re-rated by the CQC's published rule (the built-in framework ``cqc_la_assessment``);
- the ratings are apportioned to the 42 ICBs by the population each ICB shares with each
  council (:func:`coterminous.apportion`, over the ONS lookup of 2011 LSOAs, their districts
  chained to 2023 upper-tier councils with :func:`coterminous.chain`), with the coverage of
  each ICB's population by a rated council;
- acute trusts' NHS Oversight Framework segments (2025/26 quarter 3) are attributed to the ICB
  holding their headquarters;
- ICBs where most of the rated population lives in Good or Outstanding councils while most
  acute trusts sit in segments 3-4 (and the reverse) are listed, with what a paired statistic
  can and cannot say about them;
- each ICB is marked with what became of it on 1 April 2026 (continues, merged whole, split).

Every data set's coverage and caveats are in the report's notes.

>>> from coterminous import replicate
>>> report = replicate("icb2025")
>>> report.ok
True
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np

from .. import apportion, best_fit, chain, datasets, overlap, pair_names, score
from .._report import Check, Report
from ..framework import Framework
from ..stats import cliffs_delta, permutation_test
from ._figures_icb2025 import maker
from .nlgn2008 import Published

__all__ = ["CITATION", "DATA", "PUBLISHED", "councils", "geography", "icb_changes", "run", "trusts"]

#: What this study is: no paper, the 2008 paper's question asked of 2025 on published ratings.
CITATION = (
    "The coterminous developers, 'Councils and acute trusts by ICB, 2025': the New Local Government Network's "
    "2008 question asked of the CQC's council assessments (to October 2025) and NHS England's Oversight Framework "
    "segments (2025/26 Q3), on ONS lookups (Open Government Licence v3.0)"
)

#: The shipped data sets the study reads.
DATA = [
    "today2025/cqc_la_assessments",
    "today2025/nof_trusts",
    "today2025/trust_icb",
    "today2025/icb2026",
    "ons2022/lsoa11_icb22",
    "ons2022/ltla22_ltla23",
    "ons2022/ltla23_utla23",
]

_CQC = "today2025/cqc_la_assessments"
_NOF = "today2025/nof_trusts"
_TRUST_ICB = "today2025/trust_icb"
_ICB2026 = "today2025/icb2026"
_FRAMEWORK = "cqc_la_assessment"
#: Ratings counted strong (Good, Outstanding) and segments counted weak (3, 4), as the question asks.
STRONG_RATINGS = (3, 4)
WEAK_SEGMENTS = (3, 4)
#: The share of an ICB's population that must live in rated councils before its councils are
#: called strong or weak (below it, "too little rated").
MIN_COVERAGE = 0.5

_README = "shipped provenance, datasets.provenance('today2025')"
#: Figures stated by the publishers (or the data's README, which checked them), with sources.
PUBLISHED: dict[str, Published] = {
    "cqc_councils": Published(72, f"{_README}: 72 distinct councils and report URLs"),
    "cqc_ratings": Published(
        {"Outstanding": 2, "Good": 47, "Requires improvement": 21, "Inadequate": 1, "Not Rated": 1},
        f"{_README}: 2 Outstanding, 47 Good, 21 Requires improvement, 1 Inadequate, 1 'Not Rated' (County Durham)",
    ),
    "rule_reproduces": Published(
        71,
        "CQC, 'Local authority assessments: how we reach a rating' (the rule of the built-in framework "
        "cqc_la_assessment): the published rating of each of the 71 rated councils",
    ),
    "upper_tier_2023": Published(
        153, "ONS lookup ons2022/ltla23_utla23: 153 upper-tier councils in England, April 2023"
    ),
    "acute_trusts": Published(129, f"{_README}: 129 of 134 acute trusts in the quarter 3 file"),
    "trusts_in_icbs": Published(202, f"{_README}: 202 trusts in 42 ICBs (ODS, headquarters)"),
    "icbs_2026": Published(36, f"{_README}: 30 continuing and 6 new ICBs from 1 April 2026"),
    "abolished_2024": Published(12, f"{_README}: all 12 abolished 2024 codes are named as predecessors"),
}


def _short(name: str) -> str:
    """An ICB's name without "NHS " and " Integrated Care Board"."""
    return name.removeprefix("NHS ").removesuffix(" Integrated Care Board").removesuffix(" ICB")


def upper_tier_councils() -> dict[str, str]:
    """England's 153 upper-tier councils of April 2023: code -> name (``ons2022/ltla23_utla23``)."""
    t = datasets.read_columns("ons2022/ltla23_utla23")
    return dict(
        sorted((c, n) for c, n in zip(t["utla23_code"].tolist(), t["utla23_name"].tolist()) if c.startswith("E"))
    )


def councils() -> dict[str, Any]:
    """The CQC's assessed councils, each paired with its ONS upper-tier code by name, re-rated.

    Returns
    -------
    dict
        ``table``: one row per assessed council (dict of column -> list): ``authority_name``,
        ``utla23_code``, ``utla23_name``, ``name_score`` (0-100), the nine scores as
        ``<theme>``, ``published`` (the rating as tabulated), ``rule`` (the rating the CQC's
        rule gives from the nine scores), ``rating`` (the published rating as 1-4, missing for
        the one "Not Rated" row); ``unpaired``: names left unpaired (none expected).
    """
    cqc = datasets.read_columns(_CQC)
    fw = Framework.builtin(_FRAMEWORK)
    ons = upper_tier_councils()
    codes = list(ons)
    paired = pair_names(list(cqc["authority_name"]), [ons[c] for c in codes], backend="dict")
    partner = {
        int(i): (int(j), float(s)) for i, j, s in zip(paired["left_index"], paired["right_index"], paired["score"])
    }
    themes = {t: next(c for c in cqc if c.startswith("qs") and c.endswith(t)) for t in fw.themes}
    scored = score({t: cqc[c] for t, c in themes.items()}, fw, overall=True)
    label = {v: k for k, v in fw.overall_labels.items()} if fw.overall_labels else {}
    table: dict[str, list[Any]] = {
        k: [] for k in ("authority_name", "utla23_code", "utla23_name", "name_score", *fw.themes, "published", "rule", "rating")
    }  # fmt: skip
    unpaired = []
    for i, name in enumerate(cqc["authority_name"].tolist()):
        if i not in partner:
            unpaired.append(name)
            continue
        j, s = partner[i]
        table["authority_name"].append(name)
        table["utla23_code"].append(codes[j])
        table["utla23_name"].append(ons[codes[j]])
        table["name_score"].append(round(s, 2))
        for t in fw.themes:
            table[t].append(int(cqc[themes[t]][i]))
        published = str(cqc["overall_rating"][i])
        table["published"].append(published)
        table["rule"].append(fw.overall_labels[int(scored["overall"][i])] if fw.overall_labels else None)
        table["rating"].append(label.get(published))
    return {"table": table, "unpaired": unpaired}


def geography() -> dict[str, np.ndarray]:
    """The 2011 LSOAs of England with their ICB (July 2022), mid-2020 population and upper-tier
    council of April 2023: the LSOA lookup's 2022 districts chained to 2023 districts, then to
    2023 upper-tier councils (:func:`coterminous.chain`).

    Returns
    -------
    dict of str to numpy.ndarray
        ``lsoa11_code``, ``icb22_code_h`` (NHS code), ``icb22_name``, ``utla23_code``,
        ``population_mid2020``, one row per LSOA.
    """
    lsoa = datasets.read_columns("ons2022/lsoa11_icb22")
    base = {k: lsoa[k] for k in ("lsoa11_code", "icb22_code_h", "icb22_name", "ltla22_code", "population_mid2020")}
    districts = datasets.read_columns("ons2022/ltla22_ltla23")
    tiers = datasets.read_columns("ons2022/ltla23_utla23")
    chained = chain(
        base,
        [
            {"ltla22_code": districts["ltla22_code"], "ltla23_code": districts["ltla23_code"]},
            {"ltla23_code": tiers["ltla23_code"], "utla23_code": tiers["utla23_code"]},
        ],
        on=[{"ltla22_code": "ltla22_code"}, {"ltla23_code": "ltla23_code"}],
    )
    return {k: np.asarray(chained[k]) for k in (*base, "utla23_code") if k != "ltla22_code"}


def trusts() -> dict[str, list[Any]]:
    """Acute trusts with their oversight segment (2025/26 Q3) and the ICB of their headquarters.

    Returns
    -------
    dict of str to list
        ``trust_code``, ``trust_name``, ``segment``, ``deficit`` (yes/no), ``icb_code`` (NHS),
        ``icb_name``; acute trusts only (the file covers 129 of 134; its mental health,
        community and ambulance rows are too few to use).
    """
    nof = datasets.read_columns(_NOF)
    where = datasets.read_columns(_TRUST_ICB)
    icb = dict(zip(where["trust_code"].tolist(), zip(where["icb_code"].tolist(), where["icb_name"].tolist())))
    out: dict[str, list[Any]] = {
        k: [] for k in ("trust_code", "trust_name", "segment", "deficit", "icb_code", "icb_name")
    }
    for i, code in enumerate(nof["trust_code"].tolist()):
        if nof["trust_type"][i] != "Acute trust":
            continue
        out["trust_code"].append(code)
        out["trust_name"].append(nof["trust_name"][i])
        out["segment"].append(int(nof["segment"][i]))
        out["deficit"].append(nof["in_financial_deficit_acute_only"][i])
        out["icb_code"].append(icb[code][0])
        out["icb_name"].append(_short(icb[code][1]))
    return out


def icb_changes() -> dict[str, tuple[str, str]]:
    """What became of each 2024 ICB (NHS code) on 1 April 2026: ``(status, 2026 ICBs)``.

    ``continues`` (same code), ``merged whole`` (a predecessor of one new ICB) or ``split``
    (named as a predecessor of two new ICBs); the 2026 ICBs are their codes, ``;``-joined.
    Exact only as far as ``today2025/icb2026`` is: it does not show West Essex moving to Essex
    or north-east Hampshire to Hampshire and the Isle of Wight.
    """
    new = datasets.read_columns(_ICB2026)
    successors: dict[str, list[str]] = {}
    continuing = set()
    for code, before in zip(new["icb_code"].tolist(), new["predecessor_codes"].tolist()):
        if before is None:
            continuing.add(code)
            continue
        for old in before.split(";"):
            successors.setdefault(old, []).append(code)
    out = {c: ("continues", c) for c in continuing}
    for old, after in successors.items():
        out[old] = ("split" if len(after) > 1 else "merged whole", ";".join(sorted(after)))
    return out


#: What ``today2025/icb2026`` does not show (its README): parts of two 2024 ICBs that moved.
NOT_SHOWN_2026 = {
    "QM7": "West Essex moved to Essex ICB, which the list does not show",
    "QNQ": "north-east Hampshire moved to Hampshire and the Isle of Wight ICB, which the list does not show",
}


def _apportioned(geo: dict[str, np.ndarray], rated: dict[str, list[Any]]) -> tuple[dict[str, list[Any]], Any]:
    """The councils' ratings apportioned to ICBs by shared population, and the overlap."""
    ov = overlap(
        {k: geo[k] for k in ("utla23_code", "icb22_code_h", "population_mid2020")},
        left="utla23_code",
        right="icb22_code_h",
        weight="population_mid2020",
    )
    values = {"utla23_code": rated["utla23_code"], "rating": rated["rating"]}
    out = apportion(
        values,
        ov,
        on="utla23_code",
        to="right",
        ordinal={"rating": Framework.builtin(_FRAMEWORK)},
        errors="ignore",  # councils not yet assessed are the uncovered population, reported as coverage
    )
    return {k: (v.tolist() if hasattr(v, "tolist") else list(v)) for k, v in out.items()}, ov


def _by_icb(acute: dict[str, list[Any]]) -> dict[str, list[int]]:
    """Each ICB's acute trusts' segments."""
    seg: dict[str, list[int]] = {}
    for code, s in zip(acute["icb_code"], acute["segment"]):
        seg.setdefault(code, []).append(s)
    return seg


def _median_low(values: list[int]) -> int:
    """The lower median of integers."""
    ordered = sorted(values)
    return ordered[(len(ordered) - 1) // 2]


def run() -> Report:
    """Councils' adult social care ratings and acute trusts' segments, by ICB, 2025.

    Returns
    -------
    Report
        The study ``"icb2025"``: checks of the data against published figures, the councils'
        pairing with ONS codes, the ratings by ICB, the acute trusts by ICB, the paper's
        question asked of ICBs, the April 2026 changes, and notes with every caveat.
    """
    fw = Framework.builtin(_FRAMEWORK)
    labels = fw.overall_labels or {}
    found = councils()
    table = found["table"]
    cqc = datasets.read_columns(_CQC)
    ons = upper_tier_councils()
    checks = [
        Check("councils assessed by the CQC in the file", PUBLISHED["cqc_councils"].value, len(cqc["authority_name"]), PUBLISHED["cqc_councils"].source),
        Check(
            "published ratings, by rating",
            PUBLISHED["cqc_ratings"].value,
            dict(Counter(cqc["overall_rating"].tolist())),
            PUBLISHED["cqc_ratings"].source,
        ),
        Check(
            "rated councils whose published rating the CQC's rule reproduces from the nine scores",
            PUBLISHED["rule_reproduces"].value,
            sum(1 for p, r in zip(table["published"], table["rule"]) if p == r),
            PUBLISHED["rule_reproduces"].source,
        ),
        Check("upper-tier councils in England (April 2023)", PUBLISHED["upper_tier_2023"].value, len(ons), PUBLISHED["upper_tier_2023"].source),
        Check(
            "assessed councils paired one to one with an ONS upper-tier council by name",
            PUBLISHED["cqc_councils"].value,
            len(set(table["utla23_code"])),
            "every assessed council is an upper-tier council (CQC assesses councils with adult social care duties)",
        ),
    ]  # fmt: skip
    acute = trusts()
    where = datasets.read_columns(_TRUST_ICB)
    checks += [
        Check("acute trusts with a segment", PUBLISHED["acute_trusts"].value, len(acute["trust_code"]), PUBLISHED["acute_trusts"].source),
        Check("open trusts in the ODS file", PUBLISHED["trusts_in_icbs"].value, len(where["trust_code"]), PUBLISHED["trusts_in_icbs"].source),
    ]  # fmt: skip
    changes = icb_changes()
    new = datasets.read_columns(_ICB2026)
    abolished = sorted(c for c, (status, _) in changes.items() if status != "continues")
    checks += [
        Check("ICBs from 1 April 2026", PUBLISHED["icbs_2026"].value, len(new["icb_code"]), PUBLISHED["icbs_2026"].source),
        Check("2024 ICBs named as predecessors", PUBLISHED["abolished_2024"].value, len(abolished), PUBLISHED["abolished_2024"].source),
    ]  # fmt: skip

    geo = geography()
    rated = {k: [v for v, r in zip(table[k], table["rating"]) if r is not None] for k in ("utla23_code", "rating")}
    icb, ov = _apportioned(geo, rated)
    fit = best_fit(ov, to="right")
    main_icb = {c: (i, sh) for c, i, sh in zip(fit["left"].tolist(), fit["right"].tolist(), fit["share"].tolist())}
    icb_name = dict(zip(geo["icb22_code_h"].tolist(), (_short(n) for n in geo["icb22_name"].tolist())))
    population = dict.fromkeys(icb_name, 0)
    for code, p in zip(geo["icb22_code_h"].tolist(), geo["population_mid2020"].tolist()):
        population[code] += p
    segments = _by_icb(acute)
    rows = sorted(range(len(icb["right"])), key=lambda i: icb_name[icb["right"][i]])
    question: dict[str, list[Any]] = {
        k: [] for k in ("ICB", "NHS code", "population mid-2020", "rated coverage", "Good or Outstanding", "council median", "acute trusts", "in segments 3-4", "trust median segment", "councils", "trusts", "April 2026")
    }  # fmt: skip
    strong_share: list[float] = []
    weak_trusts: list[bool] = []
    for i in rows:
        code = icb["right"][i]
        coverage = icb["coverage"][i]
        strong = None if not coverage else sum(icb[f"rating_share_{v}"][i] or 0.0 for v in STRONG_RATINGS)
        seg = segments.get(code, [])
        weak = sum(1 for s in seg if s in WEAK_SEGMENTS)
        if strong is None or coverage < MIN_COVERAGE:
            council_side = "no rating" if strong is None else "too little rated"
        else:
            council_side = "strong" if strong >= 0.5 else "weak"
        trust_side = "no acute trust" if not seg else ("weak" if 2 * weak > len(seg) else "strong")
        status, after = changes[code]
        question["ICB"].append(icb_name[code])
        question["NHS code"].append(code)
        question["population mid-2020"].append(population[code])
        question["rated coverage"].append(round(coverage, 3))
        question["Good or Outstanding"].append(None if strong is None else round(strong, 3))
        median = icb["rating_median"][i]
        question["council median"].append(None if median is None else labels[int(median)])
        question["acute trusts"].append(len(seg))
        question["in segments 3-4"].append(weak)
        question["trust median segment"].append(_median_low(seg) if seg else None)
        question["councils"].append(council_side)
        question["trusts"].append(trust_side)
        question["April 2026"].append(status if status == "continues" else f"{status} ({after})")
        if strong is not None and council_side in ("strong", "weak") and seg:
            strong_share.append(strong)
            weak_trusts.append(trust_side == "weak")

    pick = {
        "strong councils beside weak acute trusts": ("strong", "weak"),
        "weak councils beside strong acute trusts": ("weak", "strong"),
    }
    lists = {
        title: {
            k: [
                question[k][j]
                for j in range(len(question["ICB"]))
                if (question["councils"][j], question["trusts"][j]) == sides
            ]
            for k in ("ICB", "rated coverage", "Good or Outstanding", "acute trusts", "in segments 3-4", "April 2026")
        }
        for title, sides in pick.items()
    }
    x = np.array([s for s, w in zip(strong_share, weak_trusts) if w])
    y = np.array([s for s, w in zip(strong_share, weak_trusts) if not w])
    statistics: dict[str, list[Any]] = {"statistic": [], "value": [], "p-value": [], "what it compares": []}
    if len(x) >= 2 and len(y) >= 2:
        perm = permutation_test(x, y, paired=False, n_resamples=99_999, rng=2025)
        delta = cliffs_delta(x, y)
        what = (
            f"share of rated population in Good or Outstanding councils: {len(x)} ICBs whose acute trusts are mostly "
            f"in segments 3-4 against {len(y)} whose are not"
        )
        statistics["statistic"] += ["difference in means (permutation test)", "Cliff's delta"]
        statistics["value"] += [round(float(perm.statistic), 4), round(float(delta.statistic), 4)]
        statistics["p-value"] += [round(float(perm.pvalue), 4), round(float(delta.pvalue), 4)]
        statistics["what it compares"] += [what, what]

    pairing_table = {
        "CQC name": table["authority_name"],
        "ONS upper-tier council (2023)": table["utla23_name"],
        "code": table["utla23_code"],
        "name score": table["name_score"],
        "published rating": table["published"],
        "CQC rule": table["rule"],
        "main ICB (best fit)": [icb_name[main_icb[c][0]] for c in table["utla23_code"]],
        "its share of council": [round(main_icb[c][1], 3) for c in table["utla23_code"]],
    }
    low = [(a, b, s) for a, b, s in zip(table["authority_name"], table["utla23_name"], table["name_score"]) if s < 100]
    changes_table: dict[str, list[Any]] = {
        "2024 ICB": [],
        "NHS code": [],
        "April 2026": [],
        "2026 ICB(s)": [],
        "not shown": [],
    }
    new_name = dict(zip(new["icb_code"].tolist(), new["icb_name"].tolist()))
    for code in sorted(icb_name, key=lambda c: icb_name[c]):
        status, after = changes[code]
        changes_table["2024 ICB"].append(icb_name[code])
        changes_table["NHS code"].append(code)
        changes_table["April 2026"].append(status)
        changes_table["2026 ICB(s)"].append("; ".join(new_name[a] for a in after.split(";")))
        changes_table["not shown"].append(NOT_SHOWN_2026.get(code, ""))

    n_rated = len(rated["utla23_code"])
    tables = {
        "councils": pairing_table,
        "by_icb": question,
        "strong_beside_weak": lists["strong councils beside weak acute trusts"],
        "weak_beside_strong": lists["weak councils beside strong acute trusts"],
        "statistics": statistics,
        "april2026": changes_table,
    }
    titles = {
        "councils": "The CQC's assessed councils paired with ONS upper-tier councils by name",
        "by_icb": "Councils' ratings and acute trusts' segments by ICB (ICBs of July 2022; population mid-2020)",
        "strong_beside_weak": "ICBs with strong councils beside weak acute trusts",
        "weak_beside_strong": "ICBs with weak councils beside strong acute trusts",
        "statistics": "Are councils rated better where acute trusts are weak? (ICBs with both)",
        "april2026": "What became of each ICB on 1 April 2026",
    }
    notes = [
        (
            f"Coverage: the CQC had published (or the tabulation held) assessments of {len(cqc['authority_name'])} of "
            f"{len(ons)} upper-tier councils by October 2025; {n_rated} carry a published rating (County Durham is "
            "'Not Rated' in the tabulation, a gap, not a CQC rating, though the rule gives Good from its scores). "
            "An ICB's council figures describe its rated population only: 'rated coverage' is the share of its "
            "population living in a rated council, and a missing rating never counts as a low one."
        ),
        (
            f"Names: {len(table['authority_name'])} of {len(cqc['authority_name'])} CQC names were paired with ONS "
            f"upper-tier councils by coterminous.pair_names, none settled by hand; {len(low)} scored below 100 and were "
            "checked by eye: " + "; ".join(f"{a} = {b} ({s:g})" for a, b, s in low) + "."
        ),
        (
            "Ratings by ICB: each council's rating counts towards each ICB in proportion to the population they share "
            "(coterminous.apportion, ordinal: the share of the rated population at each rating, and the lower "
            "weighted median), never averaged as a number. Populations are the ONS mid-2020 LSOA estimates, earlier "
            "than the ICBs (July 2022) and the councils (April 2023): shares are shares of the mid-2020 population."
        ),
        (
            "Geography: ICBs are those of July 2022 (NHS codes as in 2024: the 42 codes agree); the April 2024 "
            "boundary change between Surrey Heartlands and Sussex is not reflected, as no LSOA lookup with population "
            "of 2024 ICBs is shipped. Upper-tier councils are those of April 2023, reached from the 2022 districts by "
            "coterminous.chain."
        ),
        (
            "Acute trusts: the oversight file covers 129 of 134 acute trusts (and too few mental health, community and "
            "ambulance trusts to use). Each trust is placed in the ICB holding its headquarters (ODS), not its "
            "catchment; a trust serving several ICBs counts in one. Segments are NHS England's 2025/26 quarter 3; a "
            "trust in financial deficit cannot sit above segment 3 (the framework's override), so deficits dominate "
            "the weak side. ICBs themselves were not segmented in 2025/26."
        ),
        (
            "The question: councils count 'strong' in an ICB when at least half its rated population lives in Good or "
            f"Outstanding councils (and 'weak' otherwise), only where at least {MIN_COVERAGE:.0%} of its population "
            "lives in a rated council ('too little rated' below that); acute trusts count 'weak' when more than half "
            "its acute trusts are in segments 3-4. "
            "The statistics compare ICBs, not areas the two sides share: they can show whether strong council ratings "
            "go with weak acute trusts across ICBs; they cannot show that one causes the other, nor speak for the "
            "unrated councils, and with so few ICBs an absence of evidence is not evidence of absence."
        ),
        (
            "April 2026: 42 ICBs became 36; the table marks each 2024 ICB as continuing, merged whole, or split (named "
            "under two new ICBs: Frimley and Suffolk and North East Essex). The list does not show West Essex moving "
            "to Essex or north-east Hampshire to Hampshire and the Isle of Wight; no LSOA lookup of 2026 ICBs exists "
            "here, so figures for the new ICBs are exact only for those that continue or merge whole."
        ),
        (
            "Sources and licences: Contains CQC data licensed under the Open Government Licence v3.0; tabulated by "
            "Alexander Turner (MIT licence). Contains NHS England data licensed under the Open Government Licence "
            "v3.0. Contains NHS England (ODS) and ONS data licensed under the Open Government Licence v3.0. Source: "
            "Office for National Statistics licensed under the Open Government Licence v3.0. ICB list of April 2026 "
            "from Davewest84/nhs-trust-icb-data (CC0 1.0). See datasets.provenance('today2025')."
        ),
    ]
    return Report("icb2025", checks, tables, notes, titles, citation=CITATION, data=DATA, figures=maker(icb, icb_name))
