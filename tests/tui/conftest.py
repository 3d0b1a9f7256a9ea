"""Fixtures the dashboard tests share: a small corpus (see ``app_harness.make_corpus``) and
a bookmark store path inside the test's temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tui.app_harness import make_corpus


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return make_corpus(tmp_path / "docs")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "store" / "bookmarks.json"
