"""The NLGN 2008 statistics (moving to ``coterminous.studies``)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import CoterminousValueError
from .ordinal import cliffs_delta, holm, sign_test, wilcoxon

_THEMES = ("financial_reporting", "financial_management", "financial_standing", "internal_control", "value_for_money")


def nlgn2008_statistics(fig3_columns: dict[str, np.ndarray]) -> tuple[dict[str, list[Any]], str]:
    """Per theme, the sign test, the Wilcoxon test and Cliff's delta (within-pair dominance)
    on the nine Figure 3 pairs (council - PCT), with Holm-adjusted p-values over the five
    themes, and a sentence on what n = 9 can and cannot show.

    ``fig3_columns`` is ``coterminous.datasets.read_columns("nlgn2008/figure3")``.

    >>> from coterminous import datasets
    >>> table, sentence = nlgn2008_statistics(datasets.read_columns("nlgn2008/figure3"))
    >>> table["theme"][2], table["council_higher"][2], table["sign_pvalue"][2]
    ('financial_standing', 8, 0.0078125)
    """
    cols = fig3_columns
    for need in ("area", "sector", *_THEMES):
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
    table: dict[str, list[Any]] = {
        k: []
        for k in (
            "theme", "n", "council_higher", "pct_higher", "equal", "sign_pvalue", "sign_holm",
            "wilcoxon_statistic", "wilcoxon_pvalue", "wilcoxon_holm", "cliffs_delta", "cliffs_low", "cliffs_high",
        )
    }
    for theme in _THEMES:
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
        + (f", while {', '.join(others)} cannot be told apart from no difference — which, with so few pairs, is "
           "not evidence that the sectors score alike" if others else "")
        + ". The nine areas were chosen because a 4-star council lines up with a 1-star PCT, so the tests describe "
        "that selected set and cannot show that councils outscore their co-terminous PCTs in general; and nine "
        "pairs leave wide intervals around the size of the gap."
    )
    return table, sentence
