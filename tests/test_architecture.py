"""The design card's boundaries, enforced: analysis/ never imports Textual (or Rich), and
tui/ never imports NLTK — it goes through analysis/."""

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


def test_importing_analysis_is_cheap() -> None:
    """Importing the package and its data types must not drag in NLTK or Textual."""
    code = (
        "import sys, analysis, analysis.model, analysis.pipeline.run;"
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
