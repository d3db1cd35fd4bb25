from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from reference import THEMES, read_sha256sums, reference_holm

import coterminous as ct
from coterminous.errors import CoterminousValueError
from coterminous.studies import nlgn2008

SHIPPED = Path(ct.__file__).resolve().parent / "data" / "nlgn2008"
CHECKSUMS = Path(__file__).resolve().parents[1] / "data" / "nlgn2008.sha256"


@pytest.mark.parametrize("backend", ["pandas", "polars", "pyarrow"])
def test_datasets_load(backend):
    assert ct.datasets.names()[:4] == [f"nlgn2008/figure{i}" for i in range(1, 5)]
    fig3 = ct.datasets.load("nlgn2008/figure3", backend=backend)
    kind = {"pandas": pd.DataFrame, "polars": pl.DataFrame, "pyarrow": pa.Table}[backend]
    assert isinstance(fig3, kind)
    assert fig3.shape == (18, 8) if backend != "pyarrow" else (fig3.num_rows, fig3.num_columns) == (18, 8)
    with pytest.raises(ValueError, match="backend"):
        ct.datasets.load("nlgn2008/figure3", backend="excel")
    with pytest.raises(ValueError, match="no data set 'nlgn2008/figure9'"):
        ct.datasets.load("nlgn2008/figure9")


def _checksums() -> dict[str, str]:
    return read_sha256sums(CHECKSUMS)


def test_shipped_data_match_their_checksums():
    """The shipped data files are the ones transcribed from the paper: same files, same bytes."""
    expected = _checksums()
    assert sorted(p.name for p in SHIPPED.iterdir() if p.is_file()) == sorted(expected)
    for name, digest in expected.items():
        assert hashlib.sha256((SHIPPED / name).read_bytes()).hexdigest() == digest, name
    assert "Audit Commission" in ct.datasets.provenance()


def test_loaded_data_equal_pandas_reading_of_the_shipped_files():
    """The loader reads the checksummed files as pandas does (values and column names)."""
    for name, fname in [
        ("nlgn2008/figure1", "figure1_national_modes.csv"),
        ("nlgn2008/figure3", "figure3_governance.csv"),
        ("nlgn2008/figure4", "figure4_nine_area_modes.csv"),
    ]:
        ours = ct.datasets.load(name)
        theirs = pd.read_csv(SHIPPED / fname)
        pd.testing.assert_frame_equal(ours, theirs, check_dtype=False)


def test_replicate_report():
    r = ct.replicate("nlgn2008")
    assert r.ok and all(c.ok for c in r.checks)
    names = [c.name for c in r.checks]
    assert any("Figure 4" in n for n in names) and any("Bexley" in n for n in names)
    bexley = {c.name: c.reproduced for c in r.checks if c.name.startswith("Bexley corporate governance total,")}
    assert sorted(bexley.values()) == [6, 16]
    d = r.to_dict()
    assert set(d) == {"study", "ok", "checks", "tables", "titles", "notes", "meta", "data", "provenance"}
    assert json.loads(json.dumps(d)) == d
    md = r.to_markdown()
    assert md.startswith("# Replication of nlgn2008") and "| LB Bexley |" not in md.split("## Checks")[0]
    assert "LB Bexley" in md
    assert "checks agree" in repr(r)
    with pytest.raises(ValueError, match="no study 'nlgn2099'"):
        ct.replicate("nlgn2099")


def test_replicate_recomputes_figure4_with_package_functions():
    fig3 = ct.datasets.load("nlgn2008/figure3", backend="polars")
    fig4 = ct.datasets.load("nlgn2008/figure4", backend="polars")
    themes = ct.Framework.builtin("ale").themes
    m = ct.modes(fig3, by="sector", columns=themes)
    for sector, column in (("council", "council_mode"), ("pct", "pct_mode")):
        row = m.filter(pl.col("sector") == sector).select(themes).row(0)
        assert list(row) == fig4[column].to_list()


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "coterminous", *args], capture_output=True, text=True, timeout=120)


def test_cli():
    text = _cli("replicate")
    assert text.returncode == 0, text.stderr
    n = len(ct.replicate().checks)
    assert f"{n} of {n} checks agree" in text.stdout
    js = _cli("replicate", "nlgn2008", "--format", "json")
    assert js.returncode == 0 and json.loads(js.stdout)["ok"] is True
    md = _cli("replicate", "--format", "markdown")
    assert md.returncode == 0 and md.stdout.startswith("# Replication of nlgn2008")
    bad = _cli("replicate", "nope")
    assert bad.returncode == 2 and "unknown study 'nope'" in bad.stderr and bad.stdout == ""


def test_replicate_needs_only_numpy():
    """`coterminous replicate` is the main command: it must run with numpy alone installed."""
    code = (
        "import sys\n"
        "for m in ('pandas', 'polars', 'pyarrow', 'scipy', 'tqdm'):\n"
        "    sys.modules[m] = None\n"
        "import coterminous\n"
        "r = coterminous.replicate()\n"
        "assert r.ok, r.to_text()\n"
        "print(len(r.checks))\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert int(res.stdout) == len(ct.replicate().checks)


# ---------------------------------------------------------------- the NLGN 2008 study


def test_studies_registry():
    assert ct.replication.STUDIES == ("icb2022", "icb2025", "nlgn2008") == tuple(ct.studies.names())
    assert ct.studies.DEFAULT in ct.studies.names()
    assert ct.studies.get("nlgn2008") is nlgn2008.run
    with pytest.raises(
        CoterminousValueError, match=r"no study 'nope'; the studies are \['icb2022', 'icb2025', 'nlgn2008'\]"
    ):
        ct.studies.get("nope")


def test_every_check_compares_with_a_published_value_and_names_its_source():
    r = ct.replicate("nlgn2008")
    published = {p.value for p in nlgn2008.PUBLISHED.values()}
    fig4 = ct.datasets.read_columns("nlgn2008/figure4")
    for c in r.checks:
        assert c.source, c.name
        if c.name.startswith("Figure 4"):
            assert set(c.published.values()) <= set(fig4["council_mode"].tolist() + fig4["pct_mode"].tolist())
        elif isinstance(c.published, tuple):
            assert set(c.published) <= published
        else:
            assert c.published in published or c.name.startswith("Bexley corporate governance gap")
    # the same-area check is made only where it can fail: when pairing by name, not by area
    assert any("same Figure 3 area" in c.name for c in r.checks)
    by_area = nlgn2008.pairing_section(ct.datasets.read_columns("nlgn2008/figure3"), by="area")
    assert not any("same Figure 3 area" in c.name for c in by_area["checks"])


def test_nlgn2008_pairing_by_area():
    fig3 = ct.datasets.read_columns("nlgn2008/figure3")
    out = nlgn2008.pairing_section(fig3, by="area")
    assert all(c.ok for c in out["checks"]), [c for c in out["checks"] if not c.ok]
    gaps_table = next(iter(out["tables"].values()))
    # independent recomputation of the gaps from the CSV columns
    for i, area in enumerate(gaps_table["area"]):
        c = (fig3["area"] == area) & (fig3["sector"] == "council")
        p = (fig3["area"] == area) & (fig3["sector"] == "pct")
        tot = sum(int(fig3[t][c][0]) - int(fig3[t][p][0]) for t in THEMES)
        assert gaps_table["gap total"][i] == tot
    assert gaps_table["gap total"][gaps_table["area"].index("Bexley")] == 10
    with pytest.raises(CoterminousValueError, match="by"):
        nlgn2008.pairing_section(fig3, by="code")


def test_nlgn2008_pairing_by_name():
    fig3 = ct.datasets.read_columns("nlgn2008/figure3")
    out = nlgn2008.pairing_section(fig3)
    assert all(c.ok for c in out["checks"]), [c for c in out["checks"] if not c.ok]
    # no check that cannot fail: star ratings are not in the data, so none is checked
    assert not any("star" in c.name.lower() for c in out["checks"])
    assert any("not in Figure 3's data" in n for n in out["notes"])
    # the floor that Leicestershire needs is explicit, and really needed
    assert any("Leicestershire" in n and "20" in n and "default" in n for n in out["notes"])
    at_default = nlgn2008.pairing_section(fig3, min_score=35)
    assert not all(c.ok for c in at_default["checks"])


def _close(a: float, b: float, rtol: float = 1e-9) -> bool:
    if np.isnan(a) and np.isnan(b):
        return True
    return abs(a - b) <= rtol * abs(b) + 1e-14


def test_nlgn2008_statistics() -> None:
    scipy_stats = pytest.importorskip("scipy.stats")
    cols = ct.datasets.read_columns("nlgn2008/figure3")
    table, sentence = nlgn2008.statistics_section(cols)
    assert table["theme"] == [
        "financial_reporting",
        "financial_management",
        "financial_standing",
        "internal_control",
        "value_for_money",
    ]
    assert all(n == 9 for n in table["n"])
    council = {t: cols[t][cols["sector"] == "council"] for t in table["theme"]}
    pct = {t: cols[t][cols["sector"] == "pct"] for t in table["theme"]}
    for i, t in enumerate(table["theme"]):
        k, n = int(np.sum(council[t] > pct[t])), int(np.sum(council[t] != pct[t]))
        assert _close(table["sign_pvalue"][i], scipy_stats.binomtest(k, n).pvalue, 1e-12)
        assert _close(table["wilcoxon_pvalue"][i], float(scipy_stats.wilcoxon(council[t], pct[t]).pvalue))
        assert table["cliffs_low"][i] <= table["cliffs_delta"][i] <= table["cliffs_high"][i]
    assert np.allclose(table["sign_holm"], reference_holm(table["sign_pvalue"]))
    assert "n = 9" in sentence and "0.0039" in sentence
