"""The version is written once (Cargo.toml), and the citation says the same everywhere:
CITATION.cff, ``coterminous.__version__``, the command line and the reports."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import coterminous as ct
from coterminous._report import CITATION

ROOT = Path(__file__).resolve().parents[2]


def _cff(key: str) -> str:
    text = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    found = re.search(rf'^{key}:\s*"?([^"\n]+)"?\s*$', text, flags=re.M)
    assert found, key
    return found.group(1)


def test_version_in_one_place() -> None:
    cargo = tomllib.loads((ROOT / "Cargo.toml").read_text(encoding="utf-8"))["package"]["version"]
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "version" not in project and "version" in project["dynamic"]  # maturin takes Cargo's
    assert _cff("version") == cargo == ct.__version__


def test_citation_file_names_the_package_its_authors_and_licence() -> None:
    text = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert _cff("cff-version") == "1.2.0" and _cff("license") == "MIT"
    assert '- name: "The coterminous developers"' in text
    assert _cff("title").startswith("coterminous")
    assert f"version {ct.__version__}" in CITATION and "The coterminous developers" in CITATION
