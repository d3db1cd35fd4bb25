"""The New Local Government Network's 2008 paper on primary care trusts and councils.

The paper compares the Audit Commission's 2006/07 use of resources scores of nine co-terminous
areas where a 4-star council lines up with a 1-star PCT (its Figure 3), and their modal scores
(Figure 4). This module recomputes what the shipped data allow, with the package's public
functions only: the published values come from the data files (``datasets``, Figure 4's modes)
and from :data:`PUBLISHED` (values stated in the paper's text), each with its source.

>>> from coterminous import replicate
>>> report = replicate("nlgn2008")
>>> report.ok
True
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Any

import numpy as np

from .. import (
    CoterminousValueError,
    Framework,
    cliffs_delta,
    datasets,
    gaps,
    holm,
    modes,
    pair,
    pair_names,
    score,
    sensitivity,
    sign_test,
    wilcoxon,
)
from .._report import Check, Report
from ._figures_nlgn2008 import figures

__all__ = ["CITATION", "DATA", "PUBLISHED", "Published", "pairing_section", "run", "statistics_section"]

#: The paper, as far as the shipped data state it (``datasets.provenance("nlgn2008")`` gives
#: neither its title nor its authors, so none is given here).
CITATION = (
    "New Local Government Network (2008), paper on primary care trusts (PCTs) and local authorities, "
    "arguing that commissioning by weak PCTs be piloted jointly with strong, co-terminous councils "
    "(title and authors are not stated in the shipped data; see datasets.provenance('nlgn2008'))"
)

#: The shipped data sets the study reads.
DATA = ["nlgn2008/figure1", "nlgn2008/figure3", "nlgn2008/figure4"]

#: The Figure 3 data set: area, sector, body and the five theme scores of the nine areas.
FIGURE3 = "nlgn2008/figure3"


@dataclass(frozen=True)
class Published:
    """A value stated in the paper, with where it is stated.

    Parameters
    ----------
    value
        The value as published.
    source
        Where: figure, table or text of the paper.
    """

    value: Any
    source: str


_TEXT = "the paper's text, as transcribed in datasets.provenance('nlgn2008')"

#: Values the paper states in its text. Its figures are data files (see ``datasets.names()``).
PUBLISHED: dict[str, Published] = {
    "nine_areas": Published(9, f"{_TEXT}: nine areas where four-star councils line up with one-star PCTs"),
    "bexley_council_total": Published(16, f"{_TEXT}: corporate governance measure (out of 20), LB Bexley 16"),
    "bexley_pct_total": Published(6, f"{_TEXT}: corporate governance measure (out of 20), Bexley PCT 6"),
}

_FIGURE4 = "the paper's Figure 4 (data set nlgn2008/figure4, see datasets.provenance('nlgn2008'))"


def _plain(values: Any) -> list[Any]:
    """A list of Python values (numpy scalars as Python numbers)."""
    return [v.item() if isinstance(v, np.generic) else v for v in np.asarray(values).tolist()]


def _frameworks() -> tuple[Framework, Framework]:
    """Councils' framework (CPA use of resources) and PCTs' (ALE)."""
    return Framework.builtin("cpa_use_of_resources"), Framework.builtin("ale")


def run() -> Report:
    """Recompute the paper's published values from the shipped data.

    Checks Figure 4's modal scores (recomputed from Figure 3 with ties to the lowest value), the
    Bexley corporate governance totals of the text, the nine areas, and the pairing of the nine
    councils and PCTs by organisation name (:func:`pairing_section`); adds the paired statistics
    per theme (:func:`statistics_section`) as a table and a sentence.

    Returns
    -------
    Report
        The study ``"nlgn2008"``: its checks, tables and notes.
    """
    fig1 = datasets.read_columns("nlgn2008/figure1")
    fig3 = datasets.read_columns(FIGURE3)
    fig4 = datasets.read_columns("nlgn2008/figure4")
    cpa, ale = _frameworks()
    themes = cpa.themes
    checks: list[Check] = []

    # Figure 4: modal theme score per sector over the nine areas, ties to the lowest value.
    m = modes(fig3, by="sector", columns=themes, ties="low")
    sectors = [str(s) for s in m["sector"]]
    for sector, col in (("council", "council_mode"), ("pct", "pct_mode")):
        i = sectors.index(sector)
        published = {str(t): int(v) for t, v in zip(fig4["measure"], fig4[col])}
        reproduced = {t: int(m[t][i]) for t in published}
        checks.append(Check(f"Figure 4 modal scores, {sector}s (ties low)", published, reproduced, _FIGURE4))

    # The corporate governance totals of the Bexley pair (text of the paper).
    councils = fig3["sector"] == "council"
    pcts = fig3["sector"] == "pct"
    council_scores = score({t: fig3[t][councils] for t in themes}, cpa)
    pct_scores = score({t: fig3[t][pcts] for t in themes}, ale)
    body_c, body_p = list(fig3["body"][councils]), list(fig3["body"][pcts])
    for side, bodies, scores, key in (
        ("council", body_c, council_scores, "bexley_council_total"),
        ("PCT", body_p, pct_scores, "bexley_pct_total"),
    ):
        body = "LB Bexley" if side == "council" else "Bexley PCT"
        total = int(scores["total"][bodies.index(body)]) if body in bodies else None
        p = PUBLISHED[key]
        checks.append(Check(f"Bexley corporate governance total, {side} (out of 20)", p.value, total, p.source))

    # The nine areas: each with one council and one PCT.
    areas = list(dict.fromkeys(fig3["area"].tolist()))
    complete = [a for a in areas if {"council", "pct"} <= set(fig3["sector"][fig3["area"] == a].tolist())]
    p = PUBLISHED["nine_areas"]
    checks.append(
        Check("Figure 3 areas with one council and one PCT (the paper's nine)", p.value, len(complete), p.source)
    )

    area_c = list(fig3["area"][councils])
    area_p = list(fig3["area"][pcts])
    governance = {
        "area": areas,
        "council": [body_c[area_c.index(a)] for a in areas],
        "council total": [_plain(council_scores["total"])[area_c.index(a)] for a in areas],
        "council overall (CPA rule)": [_plain(council_scores["overall"])[area_c.index(a)] for a in areas],
        "PCT": [body_p[area_p.index(a)] for a in areas],
        "PCT total": [_plain(pct_scores["total"])[area_p.index(a)] for a in areas],
    }
    governance["gap"] = [c - p for c, p in zip(governance["council total"], governance["PCT total"])]
    figure4 = {
        "theme": list(themes),
        "council mode (published)": _plain(fig4["council_mode"]),
        "council mode (reproduced)": [int(m[t][sectors.index("council")]) for t in themes],
        "PCT mode (published)": _plain(fig4["pct_mode"]),
        "PCT mode (reproduced)": [int(m[t][sectors.index("pct")]) for t in themes],
    }
    figure1 = {k: _plain(vals) for k, vals in fig1.items()}
    notes = [
        (
            "Figure 1 (national modes over all English councils and PCTs) is shown as published: "
            "the national data behind it are not shipped, so it is not recomputed."
        ),
        "PCT overall scores are not derived: the ALE's overall rule is not public.",
        "Modes break ties towards the lower score, as the paper's modal averages do.",
    ]
    tables = {"figure3": governance, "figure4": figure4, "figure1": figure1}
    titles = {
        "figure3": "Figure 3 with totals (sum of the five themes, out of 20)",
        "figure4": "Figure 4: modal scores across the nine areas",
        "figure1": "Figure 1: national modal scores (as published)",
    }

    # Pairing: the nine councils and PCTs paired by organisation name, their gaps, and the
    # paper's selection rerun on totals.
    pairing = pairing_section(fig3, by="names")
    checks += pairing["checks"]
    tables.update(pairing["tables"])
    titles.update(pairing["titles"])
    notes += pairing["notes"]

    # Statistics: paired tests per theme on the nine pairs.
    stats_table, sentence = statistics_section(fig3)
    tables["statistics"] = stats_table
    titles["statistics"] = "Statistics: council - PCT per theme on the nine pairs (Holm-adjusted over themes)"
    notes.append(sentence)
    return Report("nlgn2008", checks, tables, notes, titles, citation=CITATION, data=DATA, figures=figures)


def pairing_section(
    fig3_columns: dict[str, np.ndarray], *, by: str = "names", min_score: float = 20.0
) -> dict[str, Any]:
    """The pairing section of the replication, from Figure 3's columns.

    The nine Figure 3 areas' councils (left) and PCTs (right) are paired (``by="names"``: by
    organisation name, with :func:`coterminous.pair`'s name matching; ``by="area"``: on the
    paper's area column), their theme gaps and corporate governance totals compared, and a
    sensitivity table of the paper's Figure 3 selection (a strong council beside a weak PCT)
    made with :func:`coterminous.sensitivity` on use of resources totals. The paper selected on
    star ratings (4-star council, 1-star PCT), which are not in Figure 3's data, so that
    selection itself cannot be rerun or checked here; a note says so.

    Parameters
    ----------
    fig3_columns
        ``datasets.read_columns("nlgn2008/figure3")``: area, sector, body and the five themes.
    by
        ``"names"`` (default) or ``"area"``. Only by name is "the council and PCT of each pair
        are in the same area" a check; paired on the area column it holds by construction and
        is not made.
    min_score
        With ``by="names"``: the lowest name score paired (default 20, below ``pair_names``'
        own default, because "Leicestershire CC" and "Leicestershire County and Rutland PCT" --
        a PCT that also covered Rutland -- share one word of four). A note in the report says
        so.

    Returns
    -------
    dict
        ``{"checks": [Check, ...], "tables": {key: {column: list}}, "titles": {key: title},
        "notes": [str, ...]}`` for a :class:`coterminous.replication.Report` (keys ``"gaps"``
        and ``"candidates"``).

    Raises
    ------
    CoterminousValueError
        If ``by`` is neither ``"names"`` nor ``"area"``.

    Examples
    --------
    >>> from coterminous import datasets
    >>> out = pairing_section(datasets.read_columns("nlgn2008/figure3"), by="area")
    >>> all(c.ok for c in out["checks"])
    True
    """
    if by not in ("names", "area"):
        raise CoterminousValueError(f"by: expected 'names' or 'area', got {by!r}")
    cpa, ale = _frameworks()
    themes = cpa.themes
    sector = np.asarray(fig3_columns["sector"], dtype=object)
    sides = {}
    for s, fw in (("council", cpa), ("pct", ale)):
        rows = sector == s
        table = {k: np.asarray(fig3_columns[k])[rows] for k in ["area", "body", *themes]}
        sides[s] = score(table, fw, overall=False)
    if by == "names":
        paired = pair(sides["council"], sides["pct"], names="body", min_score=min_score)
    else:
        paired = pair(sides["council"], sides["pct"], on="area")
    g = gaps(paired, cpa)

    left_area = _plain(g["left_area"])
    right_area = _plain(g["right_area"])
    nine = PUBLISHED["nine_areas"]
    checks = [
        Check(
            f"Figure 3 councils and PCTs paired ({'by name' if by == 'names' else 'by area'})",
            nine.value,
            len(left_area),
            nine.source,
        ),
    ]
    if by == "names":
        # paired on names, not areas: whether each pair shares an area is a real check
        checks.append(
            Check(
                "pairs by name whose council and PCT are in the same Figure 3 area",
                nine.value,
                sum(a == b for a, b in zip(left_area, right_area)),
                nine.source,
            )
        )
    council, pct = PUBLISHED["bexley_council_total"], PUBLISHED["bexley_pct_total"]
    bex = left_area.index("Bexley") if "Bexley" in left_area else None
    checks.append(
        Check(
            "Bexley corporate governance totals, council vs PCT",
            (council.value, pct.value),
            None if bex is None else (int(g["left_total"][bex]), int(g["right_total"][bex])),
            f"{_TEXT}: LB Bexley 16, Bexley PCT 6",
        )
    )
    checks.append(
        Check(
            "Bexley corporate governance gap (council - PCT)",
            council.value - pct.value,
            None if bex is None else int(g["gap_total"][bex]),
            f"{_TEXT}: LB Bexley 16 - Bexley PCT 6",
        )
    )

    gap_table: dict[str, list[Any]] = {
        "area": left_area,
        "council": _plain(g["left_body"]),
        "PCT": _plain(g["right_body"]),
    }
    if "name_score" in g:
        gap_table["name score"] = [round(float(v), 1) for v in np.asarray(g["name_score"])]
    for t in themes:
        gap_table[f"gap {t}"] = _plain(g[f"gap_{t}"])
    gap_table["council total"] = _plain(g["left_total"])
    gap_table["PCT total"] = _plain(g["right_total"])
    gap_table["gap total"] = _plain(g["gap_total"])

    grid = sensitivity(g, left_min=[13, 14, 15, 16], right_max=[6, 8, 9, 10], measure="total")
    sens = {
        "council total at least": _plain(grid["left_min"]),
        "PCT total at most": _plain(grid["right_max"]),
        "candidate areas": _plain(grid["count"]),
    }
    how = (
        f"by organisation name (optimal one-to-one assignment, name score at least {min_score:g})"
        if by == "names"
        else "on the Figure 3 area column"
    )
    notes = [f"Councils and PCTs paired {how}."]
    if by == "names":
        default = inspect.signature(pair_names).parameters["min_score"].default
        leic = left_area.index("Leicestershire") if "Leicestershire" in left_area else None
        leic_score = "" if leic is None else f" and scores {float(np.asarray(g['name_score'])[leic]):.1f}"
        notes.append(
            f"The name score floor is set explicitly to {min_score:g}, below pair_names' default of {default:g}: "
            "the pair 'Leicestershire CC' / 'Leicestershire County and Rutland PCT' (a PCT that also covered "
            f"Rutland) shares one word of four{leic_score}, so at the default it would not be made."
        )
    notes += [
        (
            "The star ratings behind the paper's selection (4-star councils, 1-star PCTs) are not in "
            "Figure 3's data, so the selection on stars is not rerun or checked here: the paper's text "
            "is the only source for them."
        ),
        (
            "The sensitivity table makes the selection on use of resources totals (out of 20) instead "
            "of star ratings: how many of the nine areas each pair of thresholds would keep."
        ),
    ]
    tables = {"gaps": gap_table, "candidates": sens}
    titles = {
        "gaps": "Pairing: theme gaps, council - PCT, in the nine Figure 3 areas",
        "candidates": "Pairing: candidate areas selected on totals instead of stars",
    }
    return {"checks": checks, "tables": tables, "titles": titles, "notes": notes}


def statistics_section(fig3_columns: dict[str, np.ndarray]) -> tuple[dict[str, list[Any]], str]:
    """Paired statistics per theme on the nine Figure 3 pairs (council - PCT).

    Per theme: the sign test, the Wilcoxon signed-rank test and Cliff's delta (within-pair
    dominance, with its interval), and Holm-adjusted p-values over the five themes; and a
    sentence on what n = 9 can and cannot show.

    Parameters
    ----------
    fig3_columns
        ``coterminous.datasets.read_columns("nlgn2008/figure3")``: area, sector and the five
        themes.

    Returns
    -------
    table : dict of str to list
        One row per theme: ``theme``, ``n``, ``council_higher``, ``pct_higher``, ``equal``,
        ``sign_pvalue``, ``sign_holm``, ``wilcoxon_statistic``, ``wilcoxon_pvalue``,
        ``wilcoxon_holm``, ``cliffs_delta``, ``cliffs_low``, ``cliffs_high``.
    sentence : str
        What the tests can and cannot show with so few, selected pairs.

    Raises
    ------
    CoterminousValueError
        If a column is missing, or an area has not exactly one council row and one PCT row.

    Examples
    --------
    >>> from coterminous import datasets
    >>> table, sentence = statistics_section(datasets.read_columns("nlgn2008/figure3"))
    >>> table["theme"][2], table["council_higher"][2], table["sign_pvalue"][2]
    ('financial_standing', 8, 0.0078125)
    """
    cols = fig3_columns
    themes = _frameworks()[0].themes
    for need in ("area", "sector", *themes):
        if need not in cols:
            raise CoterminousValueError(f"fig3_columns: no column {need!r}")
    area = np.asarray(cols["area"], dtype=object)
    sector = np.asarray(cols["sector"], dtype=object)
    areas = list(dict.fromkeys(area.tolist()))
    council_rows, pct_rows = [], []
    for a in areas:
        c = np.flatnonzero((area == a) & (sector == "council"))
        p = np.flatnonzero((area == a) & (sector == "pct"))
        if len(c) != 1 or len(p) != 1:
            raise CoterminousValueError(f"fig3_columns: area {a!r} needs one council row and one pct row")
        council_rows.append(int(c[0]))
        pct_rows.append(int(p[0]))
    columns = (
        "theme", "n", "council_higher", "pct_higher", "equal", "sign_pvalue", "sign_holm",
        "wilcoxon_statistic", "wilcoxon_pvalue", "wilcoxon_holm", "cliffs_delta", "cliffs_low", "cliffs_high",
    )  # fmt: skip
    table: dict[str, list[Any]] = {k: [] for k in columns}
    for theme in themes:
        v = np.asarray(cols[theme], dtype=np.float64)
        council, pct = v[council_rows], v[pct_rows]
        s = sign_test(council, pct)
        w = wilcoxon(council, pct)
        cd = cliffs_delta(council, pct, paired=True)
        table["theme"].append(theme)
        table["n"].append(len(council))
        table["council_higher"].append(s.n_positive)
        table["pct_higher"].append(s.n_negative)
        table["equal"].append(s.n_zero)
        table["sign_pvalue"].append(s.pvalue)
        table["wilcoxon_statistic"].append(w.statistic)
        table["wilcoxon_pvalue"].append(w.pvalue)
        table["cliffs_delta"].append(cd.statistic)
        table["cliffs_low"].append(cd.confidence_interval.low)
        table["cliffs_high"].append(cd.confidence_interval.high)
    table["sign_holm"] = holm(table["sign_pvalue"]).tolist()
    table["wilcoxon_holm"] = holm(table["wilcoxon_pvalue"]).tolist()
    n = len(council_rows)
    smallest = 2 * 0.5**n
    significant = [t for t, p in zip(table["theme"], table["sign_holm"]) if p < 0.05]
    others = [t for t in table["theme"] if t not in significant]
    sentence = (
        f"With n = {n} pairs the smallest two-sided sign-test p-value possible is {smallest:.4f} (every pair "
        f"favouring one side), so only near-unanimous themes can reach significance; after Holm's adjustment over "
        f"the five themes {len(significant)} do ({', '.join(significant) if significant else 'none'})"
        + (
            f", while {', '.join(others)} cannot be told apart from no difference — which, with so few pairs, is "
            "not evidence that the sectors score alike"
            if others
            else ""
        )
        + ". The nine areas were chosen because a 4-star council lines up with a 1-star PCT, so the tests describe "
        "that selected set and cannot show that councils outscore their co-terminous PCTs in general; and nine "
        "pairs leave wide intervals around the size of the gap."
    )
    return table, sentence
