"""A pipeline feed a test releases event by event, to press keys before data arrives."""

from __future__ import annotations

import queue
import time
from pathlib import Path

from analysis.load.files import load_document
from analysis.pipeline import Analysed, Event, Loaded, Split
from analysis.pipeline.work import analyze_loaded

_DONE = object()


class HeldFeed:
    """Stands in for :class:`tui.feed.PipelineFeed`: nothing arrives until
    :meth:`release`, and loading ends only at :meth:`finish`."""

    def __init__(self) -> None:
        self._events: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._finished = False
        self.resumed = False

    def release(self, *events: Event) -> None:
        for event in events:
            self._events.put(event)

    def finish(self) -> None:
        self._events.put(_DONE)

    # The PipelineFeed interface the app uses.
    def ready(self, timeout: float) -> list[Event]:
        out: list[Event] = []
        deadline = time.monotonic() + timeout
        while not self._finished:
            try:
                wait = max(0.0, deadline - time.monotonic()) if not out else 0.0
                item = self._events.get(timeout=wait) if wait else self._events.get_nowait()
            except queue.Empty:
                break
            if item is _DONE:
                self._finished = True
                break
            out.append(item)  # type: ignore[arg-type]
        return out

    def next(self, timeout: float) -> Event | None:
        if self._finished:
            return None
        try:
            item = self._events.get(timeout=timeout)
        except queue.Empty:
            return None
        if item is _DONE:
            self._finished = True
            return None
        return item  # type: ignore[return-value]

    @property
    def finished(self) -> bool:
        return self._finished

    def resume(self) -> None:
        self.resumed = True

    def cancel(self, wait: float = 0.0) -> None:
        self._finished = True


class Stages:
    """One file's events, in the order the real pipeline makes them: ``loaded`` (no
    sentences), ``split`` (its early sentences) and ``analysed``."""

    def __init__(self, path: Path) -> None:
        self.document = load_document(path, split=False)
        self.loaded = Loaded(self.document)
        self.analysis = analyze_loaded(self.document)
        self.split = Split(self.analysis.document)
        self.analysed = Analysed(self.analysis)

    def sentence(self, index: int) -> tuple[int, int]:
        span = self.analysis.document.sentences[index]
        return span.start, span.end
