"""The house rules, enforced: analysis/ never imports Textual, Rich or tui/; tui/ never imports
NLTK; no import cycles; no module imports another module's private names."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("path", sorted((ROOT / "analysis").rglob("*.py")), ids=str)
def test_analysis_never_imports_textual(path: Path) -> None:
    assert not _imports(path) & {"textual", "rich", "tui"}


@pytest.mark.parametrize("path", sorted((ROOT / "tui").rglob("*.py")), ids=str)
def test_tui_never_imports_nltk(path: Path) -> None:
    assert "nltk" not in _imports(path)


def _modules() -> dict[str, Path]:
    found = {}
    for top in ("analysis", "tui"):
        for path in (ROOT / top).rglob("*.py"):
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            found[name.removesuffix(".__init__")] = path
    return found


def _project_imports(path: Path, modules: dict[str, Path]) -> list[tuple[str, str]]:
    """(module, name) for every import of a project module anywhere in ``path`` (lazy
    imports inside functions and ``TYPE_CHECKING`` ones included); name is "" for a
    whole module."""
    found: list[tuple[str, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, "") for alias in node.names if alias.name in modules]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module in modules:
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                found.append((submodule, "") if submodule in modules else (node.module, alias.name))
    return found


def test_no_module_imports_another_modules_private_names() -> None:
    modules = _modules()
    private = [
        f"{name} imports {module}.{what}"
        for name, path in modules.items()
        for module, what in _project_imports(path, modules)
        if what.startswith("_")
    ]
    assert private == []


def _module_aliases(tree: ast.AST, modules: dict[str, Path]) -> set[str]:
    """Names a file binds to project modules (``from analysis.nlp import terms``)."""
    aliases: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            aliases |= {a.asname for a in node.names if a.asname and a.name in modules}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            aliases |= {
                a.asname or a.name for a in node.names if f"{node.module}.{a.name}" in modules
            }
    return aliases


def test_no_module_reaches_into_another_modules_private_names() -> None:
    """``terms._is_number_like`` through a module imported whole counts too."""
    modules = _modules()
    private = []
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        aliases = _module_aliases(tree, modules)
        private += [
            f"{name} uses {node.value.id}.{node.attr}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in aliases
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
        ]
    assert private == []


@pytest.mark.parametrize("path", sorted((ROOT / "tui").rglob("*.py")), ids=str)
def test_no_private_modules_of_other_packages(path: Path) -> None:
    """Textual's (or anyone's) private modules change without notice: ``textual.widgets``,
    never ``textual.widgets._header``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    private = [
        node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        and node.module
        and any(part.startswith("_") for part in node.module.split(".")[1:])
    ]
    private += [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
        if any(part.startswith("_") for part in alias.name.split(".")[1:])
    ]
    assert private == []


def test_no_import_cycles() -> None:
    modules = _modules()
    graph = {
        name: {m for m, _ in _project_imports(path, modules)} for name, path in modules.items()
    }
    cycles = []
    done: set[str] = set()

    def visit(name: str, trail: list[str]) -> None:
        if name in trail:
            cycles.append(" -> ".join([*trail[trail.index(name) :], name]))
            return
        if name in done:
            return
        for other in sorted(graph[name]):
            visit(other, [*trail, name])
        done.add(name)

    for name in sorted(graph):
        visit(name, [])
    assert cycles == []


def test_importing_analysis_is_cheap() -> None:
    """Importing the package and its data types must not drag in NLTK or Textual."""
    code = (
        "import sys, analysis, analysis.model, analysis.pipeline;"
        "print(sorted(m for m in ('nltk', 'textual', 'rich') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == "[]"


def test_headless_cli_does_not_import_textual(tmp_path: Path) -> None:
    code = (
        "import sys, io; from tui.headless.analyze import run_analyze;"
        f"rc = run_analyze([{str(ROOT / 'seeds')!r}], as_json=True, workers=1, out=io.StringIO());"
        "print(rc, 'textual' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.split() == ["0", "False"]
