"""Test isolation: every test gets its own data, cache and nltk_data folders, so the
suite never reads or writes a user's files and never depends on a user's nltk_data."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("LECTERN_DB", str(home / "data" / "lectern" / "bookmarks.json"))
    monkeypatch.setenv("LECTERN_CACHE_DIR", str(home / "cache" / "lectern"))
    empty_nltk = home / "nltk_data"
    empty_nltk.mkdir()
    monkeypatch.setenv("NLTK_DATA", str(empty_nltk))
    monkeypatch.delenv("NO_COLOR", raising=False)
    yield


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS
