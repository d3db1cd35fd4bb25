"""The shape of the house, checked: no import cycle inside the package, files small enough to
read at once, and generic modules that never name a study."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "python" / "coterminous"

# Python modules about 600 lines, Rust files about 900 (tests included), as DEVELOPERS.md asks.
LIMITS = {".py": 650, ".rs": 950}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """The package modules ``path`` imports at module level (not inside functions, where an
    import runs only when called and cannot make a cycle at import time)."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("coterminous")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("coterminous"):
                continue
            found.add(target)
            # `from . import x` imports the submodule x when there is one
            for a in node.names:
                sub = f"{target}.{a.name}"
                if (PACKAGE.parent / Path(*sub.split("."))).with_suffix(".py").exists() or (
                    PACKAGE.parent / Path(*sub.split(".")) / "__init__.py"
                ).exists():
                    found.add(sub)
    return found - {name}


def _graph() -> dict[str, set[str]]:
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {m: {t for t in _imports(p) if t in modules} for m, p in modules.items()}


def _find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A cycle of imports between modules, ignoring the edges from a package's ``__init__`` to
    its own submodules and from a submodule up to its parent package (Python resolves those)."""

    def related(a: str, b: str) -> bool:
        return a.startswith(b + ".") or b.startswith(a + ".")

    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(m: str) -> list[str] | None:
        state[m] = 1
        stack.append(m)
        for t in sorted(graph[m]):
            if related(m, t):
                continue
            if state.get(t) == 1:
                return stack[stack.index(t) :] + [t]
            if t not in state and (cycle := visit(t)):
                return cycle
        stack.pop()
        state[m] = 2
        return None

    for m in sorted(graph):
        if m not in state and (cycle := visit(m)):
            return cycle
    return None


def test_cycle_finder_finds_a_cycle() -> None:
    assert _find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _find_cycle({"a": {"b"}, "b": set(), "c": {"a"}}) is None


def test_no_import_cycle_in_the_package() -> None:
    graph = _graph()
    assert "coterminous.studies.nlgn2008" in graph and "coterminous.pairing.pairs" in graph
    assert _find_cycle(graph) is None


@pytest.mark.parametrize("suffix", sorted(LIMITS))
def test_files_small_enough_to_read_at_once(suffix: str) -> None:
    files = [p for d in ("python", "src", "tests", "bench") for p in (ROOT / d).rglob(f"*{suffix}")]
    assert files
    too_long = {str(p.relative_to(ROOT)): n for p in files if (n := len(p.read_text().splitlines())) > LIMITS[suffix]}
    assert too_long == {}


def _code_without_docstrings(path: Path) -> str:
    """A module's code with its docstrings removed (examples in docs may use any data set)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            if isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
                node.body = body[1:] or [ast.Pass()]  # type: ignore[attr-defined]
    return ast.unparse(tree)


def test_generic_modules_never_name_a_study() -> None:
    naming = sorted(
        str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py") if "nlgn2008" in _code_without_docstrings(p).lower()
    )
    assert naming and all(n.startswith("studies/") or n == "datasets.py" for n in naming), naming
