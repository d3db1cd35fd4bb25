"""The example notebooks (examples/*.ipynb) run top to bottom, on shipped data, in a Jupyter
kernel of this interpreter (nbclient), and print what the package computes.

The notebooks are committed without outputs. The kernel is this interpreter's ipykernel,
started from a kernel spec written for the test (first on JUPYTER_PATH, so no installed
"python3" spec is used) with this test's ``coterminous`` on its PYTHONPATH; a last cell
checks that the kernel imported that same package.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import Any

import pytest

import coterminous as ct

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NOTEBOOKS = sorted(EXAMPLES.glob("*.ipynb"))
CELL_TIMEOUT = 120  # seconds per cell


def test_there_are_five_example_notebooks() -> None:
    assert [p.name for p in NOTEBOOKS] == [
        "01_replicate_nlgn2008.ipynb",
        "02_your_own_framework.ipynb",
        "03_coterminosity_from_a_lookup.ipynb",
        "04_icbs_and_councils_today.ipynb",
        "05_the_question_in_2025.ipynb",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_committed_without_outputs(path: Path) -> None:
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert nb["nbformat"] == 4
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code
    for cell in code:
        assert cell["outputs"] == [], "".join(cell["source"])[:80]
        assert cell["execution_count"] is None, "".join(cell["source"])[:80]
    assert nb["cells"][0]["cell_type"] == "markdown"


@pytest.fixture(scope="module")
def kernel_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """JUPYTER_PATH and PYTHONPATH for a kernel of this interpreter that imports this package."""
    pytest.importorskip("nbclient")
    pytest.importorskip("nbformat")
    pytest.importorskip("ipykernel")
    pytest.importorskip("matplotlib")
    pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    root = tmp_path_factory.mktemp("jupyter")
    spec = root / "kernels" / "python3"
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(
        json.dumps({"argv": argv, "display_name": "Python 3 (tests)", "language": "python"}), encoding="utf-8"
    )
    package_root = str(Path(ct.__file__).resolve().parents[1])
    pythonpath = os.pathsep.join(p for p in (package_root, os.environ.get("PYTHONPATH", "")) if p)
    return {
        "JUPYTER_PATH": str(root),
        "PYTHONPATH": pythonpath,
        "MPLBACKEND": "module://matplotlib_inline.backend_inline",
    }


def execute(path: Path, env: dict[str, str], cwd: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The notebook executed (every cell, in order), with a last cell printing the package's path."""
    import nbclient
    import nbformat

    for k, v in env.items():
        monkeypatch.setenv(k, v)
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("import coterminous as _ct\nprint('PACKAGE', _ct.__file__)"))
    client = nbclient.NotebookClient(
        nb, kernel_name="python3", timeout=CELL_TIMEOUT, allow_errors=False, resources={"metadata": {"path": str(cwd)}}
    )
    client.execute()
    return nb


def stdout(nb: Any) -> list[str]:
    """The text each code cell printed (its stdout), one string per code cell."""
    return ["".join(o["text"] for o in c.outputs if o.output_type == "stream" and o.name == "stdout") for c in nb.cells if c.cell_type == "code"]  # fmt: skip


def figures(nb: Any) -> int:
    return sum("image/png" in o.get("data", {}) for c in nb.cells if c.cell_type == "code" for o in c.outputs)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs(path: Path, kernel_env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    nb = execute(path, kernel_env, tmp_path, monkeypatch)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert errors == []
    printed = stdout(nb)
    assert printed[-1].strip() == f"PACKAGE {ct.__file__}"  # the kernel ran this package
    assert list(tmp_path.iterdir()) == []  # the notebooks write nothing where they run
    CHECKS[path.stem](nb, "\n".join(printed[:-1]))


def check_replication(nb: Any, out: str) -> None:
    scipy_stats = pytest.importorskip("scipy.stats")
    assert "Replication of nlgn2008: 9 of 9 checks agree with the published figures" in out
    # the Wilcoxon p-value on the totals, against scipy on the shipped Figure 3
    fig3 = ct.datasets.load("nlgn2008/figure3", backend="dict")
    themes = ct.Framework.builtin("cpa_use_of_resources").themes
    total = {(a, s): sum(int(fig3[t][i]) for t in themes) for i, (a, s) in enumerate(zip(fig3["area"], fig3["sector"]))}
    areas = sorted({a for a, _ in total})
    ref = scipy_stats.wilcoxon([total[a, "council"] for a in areas], [total[a, "pct"] for a in areas])
    m = re.search(r"Wilcoxon signed-rank on the totals: statistic (\S+), p-value (\S+)", out)
    assert m is not None
    assert float(m[1]) == pytest.approx(ref.statistic)
    assert float(m[2]) == pytest.approx(ref.pvalue, rel=1e-12)
    assert figures(nb) == 5  # modes, pairs, gaps, sensitivity, bootstrap


def check_framework(nb: Any, out: str) -> None:
    # the JSON path of each deliberate mistake
    assert "$.overall.rules[2].when[0].min.themes[0]" in out and 'unknown theme "community_safty"' in out
    assert "$.scale.labels" in out
    assert "$.scale.max" in out
    assert out.count("FrameworkError:") == 3
    # worked by hand in the notebook's last markdown cell: first-match rules over assessed themes
    assert (
        "Northgate: 11 of 12 (91.7%) -> Excellent\n"
        "Riverside: 6 of 9 (66.7%) -> Good\n"
        "Old Town: 9 of 12 (75.0%) -> Good\n"
        "Hillcrest: 4 of 12 (33.3%) -> Poor\n"
        "Marsh End: 5 of 9 (55.6%) -> Adequate\n"
    ) in out


def check_lookup(nb: Any, out: str) -> None:
    pd = pytest.importorskip("pandas")
    lsoa = ct.datasets.load("ons2022/lsoa11_icb22", backend="pandas")
    # brute force: population shared by each ICB and district, over each one's total
    w = lsoa.groupby(["icb22_code", "ltla22_code"])["population_mid2020"].sum()
    icb = lsoa.groupby("icb22_code")["population_mid2020"].sum()
    lad = lsoa.groupby("ltla22_code")["population_mid2020"].sum()
    pairs = pd.DataFrame({"w": w}).reset_index()
    pairs["a"] = pairs["w"] / pairs["icb22_code"].map(icb)
    pairs["b"] = pairs["w"] / pairs["ltla22_code"].map(lad)
    co = pairs[(pairs["a"] >= 0.95) & (pairs["b"] >= 0.95)]
    assert f"{len(pairs)} ICB-district pairs share population; {int(lsoa['population_mid2020'].sum()):,} people" in out
    assert f"co-terminous ICB-district pairs at 0.95: {len(co)}" in out
    for r in co.itertuples():
        assert f"{r.icb22_code} " in out and f"= {r.ltla22_code} " in out
        assert f"(coterminosity {min(r.a, r.b):.4f})" in out
    assert "42 pairs; the closest:" in out
    assert figures(nb) == 1


def check_today(nb: Any, out: str) -> None:
    pd = pytest.importorskip("pandas")
    assert "Replication of icb2022: 9 of 9 checks agree with the published figures" in out
    assert "co-terminous ICB-council pairs: 4" in out
    assert "72 of 153 upper-tier councils" in out  # the coverage is stated
    assert "the rule reproduces 71 of 71 published ratings" in out
    assert "paired 72 of 72" in out
    # an independent count: ICBs holding any LSOA of a rated council (pandas, by dict lookups)
    cqc_codes = set(ct.replicate("icb2025").table("councils")["code"])
    rated = ct.datasets.load("today2025/cqc_la_assessments")
    assert len(rated) == 72
    lsoa = ct.datasets.load("ons2022/lsoa11_icb22")
    d = ct.datasets.load("ons2022/ltla22_ltla23")
    t = ct.datasets.load("ons2022/ltla23_utla23")
    to23, up = dict(zip(d["ltla22_code"], d["ltla23_code"])), dict(zip(t["ltla23_code"], t["utla23_code"]))
    utla = pd.Series([up[to23[x]] for x in lsoa["ltla22_code"]])
    durham = "E06000047"  # 'Not Rated' in the tabulation
    covered = lsoa.loc[utla.isin(cqc_codes - {durham}).to_numpy(), "icb22_code_h"].nunique()
    assert f"ICBs with any rated population: {covered} of 42" in out
    assert figures(nb) == 1


def check_question(nb: Any, out: str) -> None:
    assert "Replication of icb2025: 9 of 9 checks agree with the published figures" in out
    assert out.count("ok   ") == 9 and "FAIL" not in out
    assert "72 of 153 upper-tier councils" in out and "headquarters" in out


CHECKS = {
    "01_replicate_nlgn2008": check_replication,
    "02_your_own_framework": check_framework,
    "03_coterminosity_from_a_lookup": check_lookup,
    "04_icbs_and_councils_today": check_today,
    "05_the_question_in_2025": check_question,
}
