"""Sphinx configuration of the documentation site (``scripts/docs OUTDIR`` builds it).

Sphinx + pydata-sphinx-theme + numpydoc + myst-nb: the package's docstrings are numpydoc, so
numpydoc renders them as written; myst-nb reads the guide's Markdown (much of it included from
the README, so the tour is written once and tested once) and executes the example notebooks
at build time; the API reference is generated from ``coterminous.__all__`` when the build
starts, so a new public name gets its page without editing these files.
"""

from __future__ import annotations

import inspect
import os
from pathlib import Path

import coterminous

HERE = Path(__file__).resolve().parent

project = "coterminous"
author = "The coterminous developers"
copyright = "The coterminous developers (MIT licence)"
release = coterminous.__version__
version = release

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "numpydoc",
    "myst_nb",
]

exclude_patterns = ["_build", "api/_templates", "examples/.ipynb_checkpoints", "**/.ipynb_checkpoints"]
templates_path = ["api/_templates"]
# .rst first: autosummary writes its pages with the first suffix
source_suffix = {".rst": "restructuredtext", ".md": "myst-nb", ".ipynb": "myst-nb"}

# numpydoc renders the docstrings; autosummary makes one page per public name
autosummary_generate = True
autosummary_imported_members = True
autosummary_ignore_module_all = False  # a module's page lists its __all__, nothing it imports
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
autodoc_typehints = "none"
autodoc_default_options = {"members": False}

# myst: the README's sections are included as written; headings one level down from the page's
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
# notebooks run at build time, every time; a cell that fails fails the build
nb_execution_mode = "force"
nb_execution_timeout = 600
nb_execution_raise_on_error = True
nb_execution_show_tb = True

html_theme = "pydata_sphinx_theme"
html_title = f"coterminous {release}"
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version"],
}
html_static_path: list[str] = []
html_show_sourcelink = False


def _kind(name: str) -> str:
    obj = getattr(coterminous, name)
    if inspect.ismodule(obj):
        return "modules"
    if inspect.isclass(obj) and issubclass(obj, BaseException):
        return "exceptions"
    if inspect.isclass(obj):
        return "classes"
    return "functions"


def api_page() -> str:
    """The text of ``api/index.rst``: every public name of ``coterminous.__all__``, by kind,
    each with its own page (autosummary), so the reference follows ``__all__``."""
    names = sorted((n for n in coterminous.__all__ if not n.startswith("_")), key=str.lower)
    kinds: dict[str, list[str]] = {"functions": [], "classes": [], "exceptions": [], "modules": []}
    for n in names:
        kinds[_kind(n)].append(n)
    lines = [
        "API reference",
        "=============",
        "",
        "Every public name of ``coterminous`` (its ``__all__``), from its numpydoc docstring. "
        f"This is version {release}.",
        "",
        ".. currentmodule:: coterminous",
        "",
    ]
    titles = {
        "functions": "Functions",
        "classes": "Classes",
        "exceptions": "Exceptions (``coterminous.errors``)",
        "modules": "Modules",
    }
    for kind, members in kinds.items():
        if not members:
            continue
        lines += [titles[kind], "-" * len(titles[kind]), "", ".. autosummary::", "   :toctree: generated", ""]
        if kind == "modules":
            lines.insert(len(lines) - 1, "   :template: module.rst")
        lines += [f"   {m}" for m in members] + [""]
    return "\n".join(lines)


def setup(app: object) -> None:
    """Sphinx calls this as it reads the configuration: the API page is written then, before
    autosummary generates the pages it lists."""
    target = HERE / "api" / "index.rst"
    text = api_page()
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")


os.environ.setdefault("MPLBACKEND", "Agg")
