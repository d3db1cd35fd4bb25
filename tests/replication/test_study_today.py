"""The study of today (``icb2022``): ICBs and upper-tier councils in 2022, checked against an
independent recomputation with pandas (group sums) and scipy (the optimal assignment)."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment

import coterminous as ct
from coterminous.studies import icb2022

T = icb2022.THRESHOLD


@pytest.fixture(scope="module")
def report():
    return ct.replicate("icb2022")


@pytest.fixture(scope="module")
def shares():
    """ICB x upper-tier council shares by pandas alone, from the shipped CSV tables."""
    lsoa = ct.datasets.load("ons2022/lsoa11_icb22")
    tiers = ct.datasets.load("ons2022/ltla21_utla21")
    m = lsoa.merge(tiers, left_on="ltla22_code", right_on="ltla21_code", how="left", validate="many_to_one")
    assert m["utla21_code"].notna().all()
    w = m.groupby(["icb22_code", "utla21_code"])["population_mid2020"].sum().rename("w").reset_index()
    w["icb_share"] = w["w"] / w.groupby("icb22_code")["w"].transform("sum")
    w["council_share"] = w["w"] / w.groupby("utla21_code")["w"].transform("sum")
    w["cot"] = np.minimum(w["icb_share"], w["council_share"])
    names = dict(zip(tiers["utla21_code"], tiers["utla21_name"]))
    return w, names


def _table(report, start):
    return next(report.tables[k] for k in report.tables if report.title(k).startswith(start))


def test_registered_and_every_check_agrees(report):
    assert "icb2022" in ct.studies.names() and ct.studies.get("icb2022") is icb2022.run
    assert report.ok, report.to_text()
    assert len(report.checks) == 9 and all(c.source for c in report.checks)
    for key, p in icb2022.PUBLISHED.items():
        assert p.source, key
    assert {c.published for c in report.checks} >= {32_844, 106, 42, 309, 152, 56_550_138}


def test_coterminous_pairs_equal_the_pandas_reference(report, shares):
    w, names = shares
    ref = w[(w.icb_share >= T) & (w.council_share >= T)]
    got = _table(report, "ICBs co-terminous with one upper-tier council")
    assert sorted(zip(got["ICB code"], got["council code"])) == sorted(zip(ref.icb22_code, ref.utla21_code))
    assert sorted(got["council"]) == ["Cornwall", "Gloucestershire", "Lincolnshire", "Somerset"]
    np.testing.assert_allclose(
        sorted(got["coterminosity"]), sorted(ref.cot.round(4)), atol=1e-12
    )  # rounded to 4 places in the report


def test_relationship_counts_against_a_brute_force_classification(report, shares):
    """Every ICB and council classified by the definitions in relationships' docstring."""
    w, _ = shares

    def classify(own, own_share, other_share):
        out = {}
        for unit, g in w.groupby(own):
            top = g.loc[g[own_share].idxmax()]
            if top[own_share] >= T and top[other_share] >= T:
                out[unit] = "coterminous"
            elif top[own_share] >= T:
                out[unit] = "nested"
            elif (g[other_share] >= T).all():  # every partner nested in the unit
                out[unit] = "split"
            else:
                out[unit] = "overlapping"
        return out

    icbs = classify("icb22_code", "icb_share", "council_share")
    councils = classify("utla21_code", "council_share", "icb_share")
    counts = _table(report, "Relationships of ICBs and councils")
    for row, found in enumerate((icbs, councils)):
        for r in ("coterminous", "nested", "split", "overlapping"):
            assert counts[r][row] == list(found.values()).count(r), (row, r)
    per_icb = _table(report, "The 42 ICBs")
    assert dict(zip(per_icb["ICB code"], per_icb["relationship"])) == icbs
    pops = w.groupby("icb22_code")["w"].sum()
    assert dict(zip(per_icb["ICB code"], per_icb["population mid-2020"])) == {k: int(v) for k, v in pops.items()}


def test_optimal_pairing_equals_scipy(report, shares):
    w, names = shares
    rows = sorted(set(w.icb22_code))
    cols = sorted(set(w.utla21_code))
    m = np.zeros((len(rows), len(cols)))
    m[[rows.index(x) for x in w.icb22_code], [cols.index(x) for x in w.utla21_code]] = w.cot
    r, c = linear_sum_assignment(m, maximize=True)
    got = _table(report, "Optimal one-to-one pairing")
    assert len(got["ICB"]) == 42 == len(r)
    np.testing.assert_allclose(sum(got["coterminosity"]), m[r, c].sum(), atol=42 * 5e-5)


def test_nine_areas_today(report, shares):
    w, names = shares
    fig3 = ct.datasets.read_columns("nlgn2008/figure3")
    areas = list(dict.fromkeys(fig3["area"].tolist()))
    table = _table(report, "The 2008 paper's nine areas today")
    assert table["area"] == areas
    code = {v: k for k, v in names.items()}
    icb_names = dict(zip(*(ct.datasets.read_columns("ons2022/lsoa11_icb22")[k] for k in ("icb22_code", "icb22_name"))))
    for i, area in enumerate(areas):
        g = w[w.utla21_code == code[area]]
        top = g.loc[g.council_share.idxmax()]
        assert table["council code"][i] == code[area]
        assert table["ICB (largest share)"][i] == icb2022._short(icb_names[top.icb22_code])
        assert table["share of council"][i] == round(top.council_share, 4)
        cot = (g.council_share >= T) & (g.icb_share >= T)
        assert table["co-terminous with an ICB"][i] == ("yes" if cot.any() else "no")
    assert table["co-terminous with an ICB"].count("yes") == 0


def test_notes_state_the_population_year_and_threshold(report):
    text = " ".join(report.notes)
    assert "mid-2020" in text and "earlier than the ICBs" in text and f"{T:g}" in text
    assert any("none listing them was found" in n for n in report.notes)
    for key in report.tables:
        if "share" in " ".join(report.tables[key]) or "population" in " ".join(report.tables[key]):
            assert "mid-2020" in report.title(key), key


def test_command_line():
    out = subprocess.run(
        [sys.executable, "-m", "coterminous", "replicate", "icb2022", "--format", "json"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr
    d = json.loads(out.stdout)
    assert d["study"] == "icb2022" and d["ok"]
