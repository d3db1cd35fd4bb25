"""The package without pyarrow: dicts and polars tables in, through the one column reader.

How: each check runs in a fresh interpreter (a subprocess) whose first act is to put a finder
at the front of ``sys.meta_path`` that refuses ``pyarrow`` and its submodules (raising
``ModuleNotFoundError``, as a missing package does), and to drop any ``pyarrow`` already in
``sys.modules``. pandas and polars treat pyarrow as optional and import without it;
``coterminous._dependencies.has_module("pyarrow")`` then reports it absent. The child asserts
that pyarrow never got imported. References: brute-force Python sums and the study's
published figures (``replicate`` checks them itself)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

BLOCK = textwrap.dedent(
    """
    import importlib.abc, sys

    class _NoPyarrow(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name == "pyarrow" or name.startswith("pyarrow."):
                raise ModuleNotFoundError(f"No module named {name!r} (blocked by the test)", name=name)
            return None

    sys.meta_path.insert(0, _NoPyarrow())
    for m in [m for m in sys.modules if m == "pyarrow" or m.startswith("pyarrow.")]:
        del sys.modules[m]
    """
)

END = textwrap.dedent(
    """
    assert not any(m == "pyarrow" or m.startswith("pyarrow.") for m in sys.modules), "pyarrow was imported"
    print("ok")
    """
)


def _run(code: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    return subprocess.run(
        [sys.executable, "-c", BLOCK + textwrap.dedent(code) + END],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
        check=False,
    )


def _ok(code: str) -> None:
    out = _run(code)
    assert out.returncode == 0 and out.stdout.strip().endswith("ok"), out.stderr[-3000:]


def test_the_blocker_blocks():
    out = _run("import pyarrow\n")
    assert out.returncode != 0 and "blocked by the test" in out.stderr


def test_dicts_without_pyarrow():
    _ok(
        """
        import numpy as np
        import coterminous as ct
        from coterminous import _dependencies
        assert not _dependencies.has_module("pyarrow")
        themes = ct.Framework.get("cpa_use_of_resources").themes
        fw = ct.Framework.get("cpa_use_of_resources")
        data = {t: [3, 4, 2, None] for t in themes}
        out = ct.score(data, fw, missing="propagate")
        assert isinstance(out, dict) and np.ma.getdata(out["total"])[:3].tolist() == [15, 20, 10]
        m = ct.modes({"g": ["a", "a", "b"], "x": [1, 1, 2]}, by="g", columns="x")
        assert isinstance(m, dict) and m["x"].tolist() == [1, 2]
        lookup = {"l": ["A", "A", "B"], "r": ["x", "y", "y"], "w": [30, 10, 60]}
        ov = ct.overlap(lookup, left="l", right="r", weight="w")
        assert isinstance(ov, dict) and ov["weight"].tolist() == [30.0, 10.0, 60.0]
        assert ov["left_share"].tolist() == [0.75, 0.25, 1.0]
        left = {"code": ["A", "B"], **{t: [3, 4] for t in themes}}
        right = {"code": ["B", "A"], **{t: [2, 1] for t in themes}}
        p = ct.pair(left, right, on="code")
        assert isinstance(p, dict)
        names = ct.pair_names(["Bexley PCT", "Hull PCT"], ["LB Bexley", "Hull City Council"], backend="dict")
        assert names["right_index"].tolist() == [0, 1]
        assert ct.normalize_name(["London Borough of Bexley", None]) == ["bexley", None]
        import pandas as pd
        ovp = ct.overlap(pd.DataFrame(lookup), left="l", right="r", weight="w")
        assert isinstance(ovp, pd.DataFrame) and ovp["left_share"].tolist() == [0.75, 0.25, 1.0]
        normal = ct.normalize_name(pd.Series(["London Borough of Bexley", None]))
        assert normal.tolist()[0] == "bexley" and pd.isna(normal.tolist()[1])
        """
    )


def test_polars_without_pyarrow():
    _ok(
        """
        import polars as pl
        import coterminous as ct
        fw = ct.Framework.get("cpa_use_of_resources")
        df = pl.DataFrame({t: [3, 4, None] for t in fw.themes})
        out = ct.score(df, fw, missing="propagate")
        assert out["total"].to_list() == [15, 20, None]
        m = ct.modes(pl.DataFrame({"g": ["a", "a", "b"], "x": [1, 1, 2]}), by="g", columns="x")
        assert m["x"].to_list() == [1, 2]
        lookup = pl.DataFrame({"l": ["A", "A", "B"], "r": ["x", "y", "y"], "w": [30, 10, 60]})
        ov = ct.overlap(lookup, left="l", right="r", weight="w")
        assert isinstance(ov, pl.DataFrame) and ov["coterminosity"].round(4).to_list() == [0.75, 0.1429, 0.8571]
        empty = ct.overlap(pl.DataFrame({"l": [], "r": []}), left="l", right="r")
        assert empty.height == 0
        names = ct.pair_names(pl.Series(["Bexley PCT", "Hull PCT"]), pl.Series(["LB Bexley", "Hull City Council"]))
        assert isinstance(names, pl.DataFrame) and names["right"].to_list() == ["LB Bexley", "Hull City Council"]
        normal = ct.normalize_name(pl.Series("n", ["London Borough of Bexley", None]))
        assert isinstance(normal, pl.Series) and normal.to_list() == ["bexley", None]
        cands = ct.name_candidates(pl.Series(["Bexley PCT"]), pl.Series(["LB Bexley", "Hull"]), k=1)
        assert cands["right"].to_list() == ["LB Bexley"]
        left = pl.DataFrame({"code": ["A", "B"], **{t: [3, 4] for t in fw.themes}})
        right = pl.DataFrame({"code": ["B", "A"], **{t: [2, 1] for t in fw.themes}})
        assert isinstance(ct.pair(left, right, on="code"), pl.DataFrame)
        """
    )


def test_replicate_icb2022_without_pyarrow():
    out = _run(
        """
        import coterminous as ct
        report = ct.replicate("icb2022")
        assert report.ok, report
        """
    )
    assert out.returncode == 0 and out.stdout.strip().endswith("ok"), out.stderr[-3000:]
