"""Test isolation: every test gets its own data, cache and nltk_data folders, so the
suite never reads or writes a user's files and never depends on NLTK data installed for
the user or system-wide; and property tests have no per-example time limit."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
# Property tests check correctness, not speed: Hypothesis's default 200 ms deadline per
# example and its too_slow health check measure the machine, and on a busy 2-core machine
# they fail at random. Timings belong in bench/.
settings.register_profile("lectern", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("lectern")

collect_ignore = [] if os.environ.get("LECTERN_BROWSER_TESTS") else ["browser"]
"""The browser tests need Chromium: ``make test-browser`` installs it and runs them."""

CHILD_SITE = Path(__file__).resolve().parent / "child_site"
"""Its sitecustomize gives the Python processes a test starts the same NLTK search path."""


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
    # NLTK builds its search path once, at import, and always adds system folders such as
    # /usr/share/nltk_data: here and in child processes (CHILD_SITE) it is NLTK_DATA only.
    # A test that wants data points NLTK_DATA, or this path, at a folder it made.
    import nltk.data

    monkeypatch.setattr(nltk.data, "path", [str(empty_nltk)])
    inherited = os.environ.get("PYTHONPATH")
    monkeypatch.setenv(
        "PYTHONPATH", os.pathsep.join([str(CHILD_SITE), *([inherited] if inherited else [])])
    )
    monkeypatch.delenv("NO_COLOR", raising=False)
    yield


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS
