"""The garbage collector is paused while the dashboard starts and resumed after its first
frame (see ``tui.startup``); nothing else touches it."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.tui.app_harness import make_app, wait_for
from tui import startup


@pytest.fixture
def collector() -> Iterator[None]:
    """Leave the collector as found: enabled, nothing frozen, no pause pending."""
    yield
    startup.resume()
    gc.enable()
    gc.unfreeze()


def test_pause_and_resume(collector: None) -> None:
    startup.pause()
    assert not gc.isenabled() and startup.paused()
    startup.resume()
    assert gc.isenabled() and not startup.paused()
    assert gc.get_freeze_count() > 0  # what startup built is frozen, never scanned again


def test_what_exists_at_the_first_frame_is_frozen_during_a_pause(collector: None) -> None:
    startup.first_frame()
    assert gc.get_freeze_count() == 0  # no pause: nothing to spare the collector
    startup.pause()
    startup.first_frame()
    assert gc.get_freeze_count() > 0 and not gc.isenabled() and startup.paused()


async def test_the_dashboard_freezes_at_its_first_frame(
    corpus: Path, db: Path, collector: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    resume = startup.resume
    monkeypatch.setattr(startup, "resume", lambda: None)  # the pause lasts
    startup.pause()
    app = make_app([str(corpus)], db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.dashboard.loading_done)
        assert startup.paused() and gc.get_freeze_count() > 0
    monkeypatch.setattr(startup, "resume", resume)  # for the fixture's clean-up


def test_a_pause_it_did_not_start_is_left_alone(collector: None) -> None:
    gc.disable()  # someone else's pause (an embedding program, say)
    startup.pause()
    startup.resume()
    assert not gc.isenabled() and gc.get_freeze_count() == 0


async def test_the_dashboard_resumes_collection_once_loading_ends(
    corpus: Path, db: Path, collector: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(startup, "PAUSE_LIMIT", 60.0)  # only the end of loading
    startup.pause()
    app = make_app([str(corpus)], db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.dashboard.loading_done)
        await wait_for(pilot, lambda: gc.isenabled(), timeout=5)
        assert not startup.paused()


async def test_a_long_load_resumes_collection_after_the_limit(
    corpus: Path, db: Path, collector: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(startup, "PAUSE_LIMIT", 0.2)
    startup.pause()
    app = make_app([str(corpus)], db)
    app.dashboard.load_documents = lambda: None  # loading never ends
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: gc.isenabled(), timeout=5)
        assert not app.dashboard.loading_done and not startup.paused()


async def test_the_dashboard_alone_never_touches_the_collector(
    corpus: Path, db: Path, collector: None
) -> None:
    gc.disable()
    app = make_app([str(corpus)], db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.dashboard.loading_done)
        assert not gc.isenabled() and gc.get_freeze_count() == 0
