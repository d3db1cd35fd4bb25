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


def _runtime_nodes(tree: ast.AST) -> list[ast.stmt]:
    """Every import statement that can run: at module level and inside functions and methods
    (an import inside a function runs when it is called, and can close a cycle then), but not
    under ``if TYPE_CHECKING:``, which never runs."""
    found: list[ast.stmt] = []

    def walk(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                for other in child.orelse:
                    if isinstance(other, (ast.Import, ast.ImportFrom)):
                        found.append(other)
                    walk(other)
                continue
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                found.append(child)
            walk(child)

    walk(tree)
    return found


def _dynamic(path: Path) -> list[str]:
    """Imports by a computed name (``importlib.import_module(f"...")``, ``__import__``): the
    cycle finder cannot see them, so the package names its modules in import statements."""
    text = path.read_text(encoding="utf-8")
    calls = [line.strip() for line in text.splitlines() if "import_module(" in line or "__import__(" in line]
    # optional third-party libraries imported lazily by name (pandas, tqdm) are not the package's modules
    return [c for c in calls if "coterminous" in c or "__name__" in c or "__package__" in c or "{" in c]


def _imports(path: Path) -> set[str]:
    """The package modules ``path`` imports, at module level or inside functions."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
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


def test_imports_inside_functions_count() -> None:
    tree = ast.parse("import a\ndef f():\n    import b\nif TYPE_CHECKING:\n    import c\nelse:\n    import d\n")
    assert sorted(ast.unparse(n) for n in _runtime_nodes(tree)) == ["import a", "import b", "import d"]


#: Import edges inside functions that close a cycle and that another change of issue 15 item 5
#: removes (the leaf module for missing-value tests): excused here until it lands, nothing else.
EXCUSED = {("coterminous._hints", "coterminous._frame")}


def test_no_import_cycle_in_the_package() -> None:
    graph = _graph()
    assert "coterminous.studies.nlgn2008" in graph and "coterminous.pairing.pairs" in graph
    for a, b in EXCUSED:
        graph.get(a, set()).discard(b)
    assert _find_cycle(graph) is None


def test_modules_are_imported_by_name() -> None:
    """Only the study registry finds modules by a computed name (a study is one new file that
    nothing else names); everything else imports what it uses, where the cycle finder sees it."""
    dynamic = {str(p.relative_to(PACKAGE)): found for p in PACKAGE.rglob("*.py") if (found := _dynamic(p))}
    assert set(dynamic) <= {"studies/__init__.py"}, dynamic


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


#: Names that stand for a table library: the adapter's kind constants and its detectors.
_KIND_NAMES = {"PANDAS", "POLARS", "PYARROW", "NUMPY", "DICT", "BACKENDS"}
_DETECTORS = {"is_pandas_frame", "is_polars_frame", "is_polars_lazyframe", "is_pyarrow_table", "is_pandas_series"}
_LIBRARY_WORDS = {"pandas", "polars", "pyarrow", "dict", "numpy"}


def _library_comparisons(path: Path) -> list[str]:
    """The places in ``path`` that compare a table's library: a comparison with one of the
    adapter's kind constants or with a library's name as a string, or a call of a library
    detector."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            parts = [node.left, *node.comparators]
            named = any(
                (isinstance(p, ast.Attribute) and p.attr in _KIND_NAMES)
                or (isinstance(p, ast.Name) and p.id in _KIND_NAMES)
                or (isinstance(p, ast.Constant) and p.value in _LIBRARY_WORDS)
                for p in parts
            )
            if named:
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: {ast.unparse(node)}")
        elif isinstance(node, ast.Call):
            f = node.func
            name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
            if name in _DETECTORS:
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: {ast.unparse(node)}")
    return found


def test_library_kinds_are_compared_only_in_the_adapter() -> None:
    """One adapter: only ``coterminous._frame`` (and ``_dependencies``, which detects the
    libraries) may ask which library a table belongs to; every other module hands tables to it."""
    outside = [
        place
        for p in sorted(PACKAGE.rglob("*.py"))
        if "_frame" not in p.relative_to(PACKAGE).parts and p.name != "_dependencies.py"
        for place in _library_comparisons(p)
    ]
    assert outside == []


def test_the_adapter_rule_finds_a_comparison(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(
        'def f(kind, backend, deps, data):\n    return kind == _frame.PANDAS or backend == "polars" or deps.is_pandas_frame(data)\n'
    )
    found = [line.split(": ", 1)[1] for line in _library_comparisons_at(bad)]
    assert found == ["kind == _frame.PANDAS", "backend == 'polars'", "deps.is_pandas_frame(data)"]


def _library_comparisons_at(path: Path) -> list[str]:
    global PACKAGE
    saved = PACKAGE
    PACKAGE = path.parent
    try:
        return _library_comparisons(path)
    finally:
        PACKAGE = saved
