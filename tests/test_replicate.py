from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import coterminous as ct

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "nlgn2008"


@pytest.mark.parametrize("backend", ["pandas", "polars", "pyarrow"])
def test_datasets_load(backend):
    assert ct.datasets.names() == [f"nlgn2008/figure{i}" for i in range(1, 5)]
    fig3 = ct.datasets.load("nlgn2008/figure3", backend=backend)
    kind = {"pandas": pd.DataFrame, "polars": pl.DataFrame, "pyarrow": pa.Table}[backend]
    assert isinstance(fig3, kind)
    assert fig3.shape == (18, 8) if backend != "pyarrow" else (fig3.num_rows, fig3.num_columns) == (18, 8)
    with pytest.raises(ValueError, match="backend"):
        ct.datasets.load("nlgn2008/figure3", backend="excel")
    with pytest.raises(ValueError, match="no data set 'nlgn2008/figure9'"):
        ct.datasets.load("nlgn2008/figure9")


def test_shipped_data_equal_the_shared_copy():
    if not SHARED.exists():
        pytest.skip("shared/ is not beside this checkout")
    for name, fname in [("nlgn2008/figure1", "figure1_national_modes.csv"), ("nlgn2008/figure3", "figure3_governance.csv")]:
        ours = ct.datasets.load(name)
        theirs = pd.read_csv(SHARED / fname)
        pd.testing.assert_frame_equal(ours, theirs, check_dtype=False)
    assert "Audit Commission" in ct.datasets.provenance()


def test_replicate_report():
    r = ct.replicate("nlgn2008")
    assert r.ok and all(c.ok for c in r.checks)
    names = [c.name for c in r.checks]
    assert any("Figure 4" in n for n in names) and any("Bexley" in n for n in names)
    bexley = {c.name: c.reproduced for c in r.checks if c.name.startswith("Bexley corporate governance total,")}
    assert sorted(bexley.values()) == [6, 16]
    d = r.to_dict()
    assert set(d) == {"study", "ok", "checks", "tables"}
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


def test_stubs_match_the_module():
    res = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "coterminous._core"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert res.returncode == 0, res.stdout + res.stderr


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
