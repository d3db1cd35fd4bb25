"""The README's tour runs: every ```python block, top to bottom, in one fresh interpreter, on
the data shipped with the package (the Plots section only where matplotlib is installed)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from coterminous._dependencies import has_module

README = Path(__file__).resolve().parents[2] / "README.md"


def python_blocks(text: str) -> list[str]:
    """The bodies of the README's fenced ```python blocks, in order."""
    return re.findall(r"^```python\n(.*?)^```\s*$", text, flags=re.S | re.M)


def test_readme_has_its_tour() -> None:
    blocks = python_blocks(README.read_text(encoding="utf-8"))
    assert len(blocks) >= 3
    assert all(b.strip() for b in blocks)


def test_readme_python_blocks_run_in_one_fresh_interpreter(tmp_path: Path) -> None:
    pytest.importorskip("polars")
    blocks = python_blocks(README.read_text(encoding="utf-8"))
    if not has_module("matplotlib"):  # the Plots section needs the plot extra; the rest runs
        blocks = [b for b in blocks if "ct.plot." not in b]
    script = "\n\n".join(f"# --- block {i + 1}\n{b}" for i, b in enumerate(blocks))
    script += "\nprint('README tour ran')\n"
    path = tmp_path / "readme_tour.py"
    path.write_text(script, encoding="utf-8")
    res = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert res.returncode == 0, res.stderr[-3000:]
    assert res.stdout.rstrip().endswith("README tour ran")
    assert "9 of 9 checks agree" in res.stdout
    assert list(tmp_path.iterdir()) == [path]  # the tour writes nothing where it runs
