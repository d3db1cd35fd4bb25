"""The documentation site's sources: the API reference follows ``coterminous.__all__`` (a new
public name gets its page with no edit), the guide's README sections exist, the notebooks are
in the site, and the docs extra names what scripts/docs needs. The build itself (Sphinx,
warnings as errors, notebooks executed) runs in CI as ``scripts/docs``."""

from __future__ import annotations

import importlib.util
import re
import tomllib
from pathlib import Path

import coterminous as ct

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"


def _conf():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("coterminous_docs_conf", DOCS / "conf.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # defines the configuration; writes nothing
    return module


def test_api_reference_lists_every_public_name() -> None:
    page = _conf().api_page()
    listed = set(re.findall(r"^   (\w+)$", page, flags=re.M))
    assert listed == {n for n in ct.__all__ if not n.startswith("_")}
    assert "   :template: module.rst" in page  # modules list their own __all__


def test_guide_includes_sections_that_exist_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    pages = sorted((DOCS / "guide").glob("*.md"))
    markers = [m for p in pages for m in re.findall(r'^:(?:start-after|end-before): "(.*)"$', p.read_text(), re.M)]
    assert len(markers) >= 10
    for m in markers:
        assert m in readme, m


def test_every_example_notebook_is_in_the_site() -> None:
    toc = (DOCS / "notebooks.md").read_text(encoding="utf-8")
    assert (DOCS / "examples").resolve() == (ROOT / "examples").resolve()
    for nb in sorted((ROOT / "examples").glob("*.ipynb")):
        assert f"examples/{nb.stem}" in toc, nb.name


def test_docs_extra_has_what_the_build_needs() -> None:
    extra = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    names = {re.split(r"[<>=\[]", r)[0] for r in extra["docs"]}
    assert {"sphinx", "pydata-sphinx-theme", "numpydoc", "myst-nb"} <= names
    assert "scripts/docs" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
