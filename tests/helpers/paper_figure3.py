"""The paper's Figure 3 arranged by area, the reference the plot and report tests compare with."""

from __future__ import annotations

import numpy as np

import coterminous as ct


def scores_by_area() -> tuple[list[str], dict[str, dict[str, np.ndarray]]]:
    """Figure 3's areas in order and, per sector, each theme's scores in that order."""
    fig3 = ct.datasets.read_columns("nlgn2008/figure3")
    themes = ct.Framework.builtin("cpa_use_of_resources").themes
    areas = list(dict.fromkeys(fig3["area"].tolist()))
    out: dict[str, dict[str, np.ndarray]] = {}
    for sector in ("council", "pct"):
        rows = [int(np.flatnonzero((fig3["area"] == a) & (fig3["sector"] == sector))[0]) for a in areas]
        out[sector] = {t: fig3[t][rows].astype(float) for t in themes}
    return areas, out
