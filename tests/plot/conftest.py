"""Real-size inputs of the plots: the population all 42 ICBs (2022) share with the 152
upper-tier councils, London's 5 ICBs by its 33 boroughs, and the CQC's nine quality
statements scored in several regions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import coterminous as ct
from coterminous.studies import icb2022


def _icb_by_council(london: bool) -> Any:
    """The overlap of ICBs (short names) and upper-tier councils (names), as the icb2022
    study builds it from the shipped ONS lookups."""
    cols = icb2022.lookup()
    if london:
        keep = np.array(["London" in n for n in cols["icb22_name"].tolist()])
        cols = {k: v[keep] for k, v in cols.items()}
    icb = dict(zip(cols["icb22_code"].tolist(), cols["icb22_name"].tolist()))
    council = dict(zip(cols["utla21_code"].tolist(), cols["utla21_name"].tolist()))
    table = {
        "icb": np.array([icb2022._short(icb[c]) for c in cols["icb22_code"].tolist()], dtype=object),
        "council": np.array([council[c] for c in cols["utla21_code"].tolist()], dtype=object),
        "population": cols["population_mid2020"],
    }
    import pandas as pd

    return ct.overlap(pd.DataFrame(table), left="icb", right="council", weight="population")


@pytest.fixture(scope="session")
def icb_overlap() -> Any:
    """All 42 ICBs by all 152 upper-tier councils (pandas)."""
    return _icb_by_council(london=False)


@pytest.fixture(scope="session")
def london_overlap() -> Any:
    """London's 5 ICBs by its 33 boroughs (the City of London included)."""
    return _icb_by_council(london=True)


REGIONS = [
    "North East and Yorkshire",
    "Midlands",
    "London",
    "South West",
    "North West",
    "East of England",
    "South East",
    "Isle of Wight and Hampshire area",
    "Cornwall and the Isles of Scilly area",
]


def _cqc_scores(regions: int, seed: int = 1) -> dict[str, np.ndarray]:
    """Invented CQC statement scores (1-4), 15 councils per region, regions in reverse order
    of their names so that data order and sorted order differ."""
    fw = ct.Framework.builtin("cqc_la_assessment")
    rng = np.random.default_rng(seed)
    names = sorted(REGIONS[:regions], reverse=True)
    n = 15 * regions
    data = {"region": np.array([names[i % regions] for i in range(n)], dtype=object)}
    for t in fw.themes:
        data[t] = rng.integers(1, 5, n)
    return data


@pytest.fixture(scope="session")
def cqc_scores() -> Callable[..., dict[str, np.ndarray]]:
    """``cqc_scores(regions, seed=1)``: invented CQC scores of councils in ``regions`` regions."""
    return _cqc_scores
