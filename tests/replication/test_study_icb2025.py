"""The icb2025 study against plain pandas recomputations from the shipped files."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from reference import read_sha256sums

import coterminous as ct
from coterminous.studies import icb2025

SHARED = Path(ct.__file__).resolve().parent / "data" / "today2025"
CHECKSUMS = Path(__file__).resolve().parents[1] / "data" / "today2025.sha256"


@pytest.fixture(scope="module")
def report() -> ct.Report:
    return ct.replicate("icb2025")


def test_shipped_files_are_the_published_ones() -> None:
    for name, digest in read_sha256sums(CHECKSUMS).items():
        assert hashlib.sha256((SHARED / name).read_bytes()).hexdigest() == digest, name


def test_every_data_set_carries_its_licence_attribution_and_coverage() -> None:
    for name in ("cqc_la_assessments", "nof_trusts", "trust_icb", "icb2026"):
        d = ct.datasets.describe(f"today2025/{name}")
        assert d.licence and d.attribution and d.coverage, name
    assert "Open Government Licence v3.0" in ct.datasets.describe("today2025/cqc_la_assessments").attribution
    assert "72 of 153" in ct.datasets.describe("today2025/cqc_la_assessments").coverage
    nof = ct.datasets.load("today2025/nof_trusts")
    assert nof["in_financial_deficit_acute_only"].isna().sum() == 21  # blank: not an acute trust
    assert nof["domain_score_access"].isna().sum() == 1


def test_the_checks_agree(report: ct.Report) -> None:
    assert report.ok, [c for c in report.checks if not c.ok]
    assert len(report.checks) == 9


def _oracle_geography() -> pd.DataFrame:
    """LSOA -> ICB and 2023 upper-tier council, by dict lookups (not coterminous.chain)."""
    lsoa = pd.read_csv(Path(ct.__file__).parent / "data" / "ons2022" / "lsoa11_sicbl22_icb22_ltla22_population.csv.gz")
    d = pd.read_csv(Path(ct.__file__).parent / "data" / "ons2022" / "ltla22_ltla23.csv.gz")
    t = pd.read_csv(Path(ct.__file__).parent / "data" / "ons2022" / "ltla23_utla23.csv.gz")
    to23 = dict(zip(d["ltla22_code"], d["ltla23_code"]))
    up = dict(zip(t["ltla23_code"], t["utla23_code"]))
    lsoa["utla23_code"] = [up[to23[x]] for x in lsoa["ltla22_code"]]
    return lsoa


def test_ratings_by_icb_equal_a_pandas_recomputation(report: ct.Report) -> None:
    geo = _oracle_geography()
    cqc = ct.datasets.load("today2025/cqc_la_assessments")
    pairing = report.table("councils")
    rating = {"Inadequate": 1, "Requires improvement": 2, "Good": 3, "Outstanding": 4}
    council_rating = {
        code: rating.get(r) for code, r in zip(pairing["code"], pairing["published rating"]) if r in rating
    }
    assert len(council_rating) == 71 and len(cqc) == 72
    geo["rating"] = geo["utla23_code"].map(council_rating)
    by_icb = geo.groupby("icb22_code_h")
    total = by_icb["population_mid2020"].sum()
    rated = (
        geo[geo["rating"].notna()]
        .groupby("icb22_code_h")["population_mid2020"]
        .sum()
        .reindex(total.index, fill_value=0)
    )
    strong = (
        geo[geo["rating"] >= 3].groupby("icb22_code_h")["population_mid2020"].sum().reindex(total.index, fill_value=0)
    )
    table = report.table("by_icb")
    assert len(table) == 42
    got = table.set_index("NHS code")
    np.testing.assert_allclose(got["rated coverage"], (rated / total).reindex(got.index).round(3), atol=1e-12)
    expected_strong = (strong / rated.where(rated > 0)).reindex(got.index).round(3)
    np.testing.assert_allclose(got["Good or Outstanding"].astype(float), expected_strong, atol=1e-12)
    assert (got["population mid-2020"] == total.reindex(got.index)).all()
    assert int(total.sum()) == 56_550_138


def test_trusts_by_icb_equal_a_pandas_recomputation(report: ct.Report) -> None:
    nof = ct.datasets.load("today2025/nof_trusts")
    where = ct.datasets.load("today2025/trust_icb")
    acute = nof[nof["trust_type"] == "Acute trust"].merge(where[["trust_code", "icb_code"]], on="trust_code")
    assert len(acute) == 129
    weak = acute[acute["segment"] >= 3].groupby("icb_code").size()
    count = acute.groupby("icb_code").size()
    got = report.table("by_icb").set_index("NHS code")
    assert (got["acute trusts"] == count.reindex(got.index, fill_value=0)).all()
    assert (got["in segments 3-4"] == weak.reindex(got.index, fill_value=0)).all()


def test_april_2026_changes() -> None:
    changes = icb2025.icb_changes()
    assert len(changes) == 42
    assert changes["QNQ"][0] == "split" and changes["QJG"][0] == "split"
    assert sum(s == "continues" for s, _ in changes.values()) == 30
    assert changes["QMJ"] == ("merged whole", "Z9B2Z")


def test_the_name_pairing_is_one_to_one_and_right(report: ct.Report) -> None:
    pairing = report.table("councils")
    assert len(pairing) == 72 and pairing["code"].is_unique
    low = pairing[pairing["name score"] < 100]
    assert sorted(low["ONS upper-tier council (2023)"]) == ["Southend-on-Sea", "Stoke-on-Trent"]

    # an independent check of the rest: the ONS name, without punctuation, is in the CQC name
    def plain(s: str) -> str:
        return s.lower().replace(",", "").replace(".", "").replace(" city of", "")

    rest = pairing[pairing["name score"] == 100]
    assert all(
        plain(o).split(" ")[0] in plain(c) for c, o in zip(rest["CQC name"], rest["ONS upper-tier council (2023)"])
    )


def test_the_command_line_agrees() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "coterminous", "replicate", "icb2025"], capture_output=True, text=True, timeout=300
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "9 of 9 checks agree" in out.stdout
