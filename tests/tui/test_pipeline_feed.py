"""The pipeline feed: events in order, a pause after the first, errors and cancelling."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

import tui.feed as feed_module
from analysis.pipeline import Analysed, Loaded, Split
from tui.feed import PipelineFeed


def _docs(folder: Path, count: int) -> list[str]:
    folder.mkdir()
    paths = []
    for i in range(count):
        path = folder / f"doc{i}.txt"
        path.write_text(f"Document {i} is a short and happy text. It has two sentences.\n")
        paths.append(str(path))
    return paths


def _drain(feed: PipelineFeed, limit: float = 30.0) -> list[object]:
    events = []
    deadline = time.monotonic() + limit
    while not feed.finished and time.monotonic() < deadline:
        event = feed.next(timeout=0.1)
        if event is not None:
            events.append(event)
    assert feed.finished
    return events


def test_all_events_arrive_in_order(tmp_path: Path) -> None:
    paths = _docs(tmp_path / "docs", 2)
    feed = PipelineFeed(paths, workers=1)
    first = feed.ready(timeout=10.0)
    assert [type(e) for e in first] == [Loaded]
    feed.resume()
    events = first + _drain(feed)
    loaded = [e.document.path for e in events if isinstance(e, Loaded)]
    analysed = [e.analysis.document.path for e in events if isinstance(e, Analysed)]
    assert loaded == paths
    assert analysed == paths


def test_pauses_after_the_first_event_until_resumed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(feed_module, "FIRST_PAUSE_LIMIT", 30.0)
    paths = _docs(tmp_path / "docs", 2)
    feed = PipelineFeed(paths, workers=1)
    assert len(feed.ready(timeout=10.0)) == 1
    time.sleep(0.3)
    assert feed.ready(timeout=0.0) == []  # nothing analysed while paused
    feed.resume()
    assert any(isinstance(e, Analysed) for e in _drain(feed))


def test_pause_ends_by_itself(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(feed_module, "FIRST_PAUSE_LIMIT", 0.05)
    feed = PipelineFeed(_docs(tmp_path / "docs", 1), workers=1)
    events = _drain(feed)  # never resumed
    assert [type(e) for e in events] == [Loaded, Split, Analysed]


def test_ready_returns_empty_after_its_timeout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = threading.Event()

    def slow_pipeline(*args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        gate.wait(10)
        yield from ()

    monkeypatch.setattr(feed_module, "run_pipeline", slow_pipeline)
    feed = PipelineFeed([str(tmp_path)], workers=1)
    started = time.monotonic()
    assert feed.ready(timeout=0.05) == []
    assert time.monotonic() - started < 5
    gate.set()
    assert _drain(feed) == []


def test_a_pipeline_error_reaches_the_consumer(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk on fire")
        yield  # pragma: no cover

    monkeypatch.setattr(feed_module, "run_pipeline", broken)
    feed = PipelineFeed(["x"], workers=1)
    with pytest.raises(RuntimeError, match="disk on fire"):
        while True:
            feed.next(timeout=1.0)


def test_cancel_stops_the_pipeline(tmp_path: Path) -> None:
    paths = _docs(tmp_path / "docs", 6)
    feed = PipelineFeed(paths, workers=1)
    assert feed.ready(timeout=10.0)
    feed.cancel(wait=10.0)
    events = _drain(feed)
    assert len([e for e in events if isinstance(e, Loaded)]) < len(paths) - 1
    assert not feed._thread.is_alive()


def test_cancel_during_the_first_frame_pause_analyses_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Quitting before the first frame ends the pause; the pipeline must stop there, not
    open the cache and analyse the first document first."""
    analysed: list[str] = []
    import analysis.pipeline.dashboard as pipeline

    real = pipeline.analyze_loaded
    monkeypatch.setattr(
        pipeline, "analyze_loaded", lambda doc, *a: analysed.append(doc.path) or real(doc, *a)
    )
    paths = _docs(tmp_path / "docs", 1)
    feed = PipelineFeed(paths, workers=1)
    assert [type(e) for e in feed.ready(timeout=10.0)] == [Loaded]
    feed.cancel(wait=10.0)
    assert not feed._thread.is_alive()
    assert analysed == []
