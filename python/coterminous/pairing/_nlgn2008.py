"""The pairing section of the NLGN 2008 replication (moving to ``coterminous.studies``)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import CoterminousValueError
from .pairs import candidates, gaps, pair, sensitivity  # noqa: F401


def nlgn2008_pairing(fig3_columns: dict[str, np.ndarray], *, by: str = "names", min_score: float = 20.0) -> dict[str, Any]:
    """The pairing section of the NLGN 2008 replication, from Figure 3's columns.

    The nine Figure 3 areas' councils (left) and PCTs (right) are paired (``by="names"``: by
    organisation name, with ``coterminous.names``; ``by="area"``: on the paper's area column),
    their theme gaps and corporate governance totals compared, and a sensitivity table of the
    paper's Figure 3 selection (a strong council beside a weak PCT) made with
    :func:`candidates` on use of resources totals. The paper selected on star ratings (4-star
    council, 1-star PCT), which are not in Figure 3's data, so that selection itself cannot be
    rerun or checked here; a note says so.

    Parameters
    ----------
    fig3_columns
        ``datasets.read_columns("nlgn2008/figure3")``: area, sector, body and the five themes.
    by
        ``"names"`` (default) or ``"area"``.
    min_score
        With ``by="names"``: the lowest name score paired (default 20, below ``pair_names``'
        own default, because "Leicestershire CC" and "Leicestershire County and Rutland PCT" --
        a PCT that also covered Rutland -- share one word of four). A note in the report says
        so.

    Returns
    -------
    ``{"checks": [Check, ...], "tables": {title: {column: list}}, "notes": [str, ...]}`` for
    :class:`coterminous.replication.Report`.

    >>> from coterminous import datasets
    >>> out = nlgn2008_pairing(datasets.read_columns("nlgn2008/figure3"), by="area")
    >>> all(c.ok for c in out["checks"])
    True
    """
    from ..framework import Framework
    from ..replication import Check
    from ..scoring import score

    if by not in ("names", "area"):
        raise CoterminousValueError(f"by: expected 'names' or 'area', got {by!r}")
    cpa = Framework.builtin("cpa_use_of_resources")
    ale = Framework.builtin("ale")
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

    def plain(values: Any) -> list[Any]:
        return [v.item() if isinstance(v, np.generic) else v for v in np.asarray(values).tolist()]

    left_area = plain(g["left_area"])
    right_area = plain(g["right_area"])
    checks = [
        Check(f"Figure 3 councils and PCTs paired ({'by name' if by == 'names' else 'by area'})", 9, len(left_area)),
        Check(
            "pairs whose council and PCT are in the same Figure 3 area",
            9,
            sum(a == b for a, b in zip(left_area, right_area)),
        ),
    ]
    bex = left_area.index("Bexley") if "Bexley" in left_area else None
    checks.append(Check("Bexley corporate governance totals, council vs PCT", (16, 6),
                        None if bex is None else (int(g["left_total"][bex]), int(g["right_total"][bex]))))
    checks.append(Check("Bexley corporate governance gap (council - PCT)", 10,
                        None if bex is None else int(g["gap_total"][bex])))

    gap_table: dict[str, list[Any]] = {
        "area": left_area,
        "council": plain(g["left_body"]),
        "PCT": plain(g["right_body"]),
    }
    if "name_score" in g:
        gap_table["name score"] = [round(float(v), 1) for v in np.asarray(g["name_score"])]
    for t in themes:
        gap_table[f"gap {t}"] = plain(g[f"gap_{t}"])
    gap_table["council total"] = plain(g["left_total"])
    gap_table["PCT total"] = plain(g["right_total"])
    gap_table["gap total"] = plain(g["gap_total"])

    grid = sensitivity(g, left_min=[13, 14, 15, 16], right_max=[6, 8, 9, 10], on="total")
    sens = {
        "council total at least": plain(grid["left_min"]),
        "PCT total at most": plain(grid["right_max"]),
        "candidate areas": plain(grid["count"]),
    }
    notes = [
        f"Councils and PCTs paired {'by organisation name (optimal one-to-one assignment, name score at least ' + format(min_score, 'g') + ')' if by == 'names' else 'on the Figure 3 area column'}.",
    ]
    if by == "names":
        import inspect

        from ..names import pair_names  # type: ignore[import-not-found,unused-ignore]

        default = inspect.signature(pair_names).parameters["min_score"].default
        leic = left_area.index("Leicestershire") if "Leicestershire" in left_area else None
        leic_score = "" if leic is None else f" and scores {float(np.asarray(g['name_score'])[leic]):.1f}"
        notes.append(
            f"The name score floor is set explicitly to {min_score:g}, below pair_names' default of {default:g}: "
            "the pair 'Leicestershire CC' / 'Leicestershire County and Rutland PCT' (a PCT that also covered "
            f"Rutland) shares one word of four{leic_score}, so at the default it would not be made."
        )
    notes += [
        "The star ratings behind the paper's selection (4-star councils, 1-star PCTs) are not in "
        "Figure 3's data, so the selection on stars is not rerun or checked here: the paper's text "
        "is the only source for them.",
        "The sensitivity table makes the selection on use of resources totals (out of 20) instead "
        "of star ratings: how many of the nine areas each pair of thresholds would keep.",
    ]
    tables = {
        "Pairing: theme gaps, council - PCT, in the nine Figure 3 areas": gap_table,
        "Pairing: candidate areas selected on totals instead of stars": sens,
    }
    return {"checks": checks, "tables": tables, "notes": notes}
