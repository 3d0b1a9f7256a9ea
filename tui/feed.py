"""The dashboard's stream of pipeline events, started by the CLI before Textual is imported.

The first document is read meanwhile and shown in the very first frame; then the thread pauses
until :meth:`PipelineFeed.resume` (first frame on screen). Imports no Textual; the app starts
one itself when given none (tests, embedding). Why: docs/ARCHITECTURE.md."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from analysis.pipeline import Event, run_pipeline

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

FIRST_PAUSE_LIMIT = 1.0
"""Longest pause after the first event when nobody calls :meth:`PipelineFeed.resume`."""


@dataclass(frozen=True, slots=True)
class _Done:
    """The pipeline finished (``error`` is None) or raised ``error``."""

    error: BaseException | None = None


class PipelineFeed:
    """Runs :func:`analysis.pipeline.run.run_pipeline` in a daemon thread from construction;
    its events wait in a queue for the app's loading worker."""

    def __init__(
        self,
        inputs: Sequence[str],
        *,
        max_bytes: int | None = None,
        workers: int = 1,
        start_pool: bool = False,
    ) -> None:
        """``start_pool`` (the caller found at least ``POOL_MIN_DOCUMENTS`` documents):
        start a pool of ``workers`` now — from the CLI, before any other thread exists, so
        they are forked at once — to read the documents after the first (see
        :mod:`analysis.pipeline.readahead`)."""
        self._pool: ProcessPoolExecutor | None = None
        if start_pool and workers > 1:
            from analysis.pipeline import start_pool as new_pool

            self._pool = new_pool(workers)
        self._events: queue.SimpleQueue[Event | _Done] = queue.SimpleQueue()
        self._cancelled = threading.Event()
        self._resumed = threading.Event()
        self._finished = False
        self._thread = threading.Thread(
            target=self._run,
            args=(list(inputs), max_bytes, workers),
            name="lectern-pipeline",
            daemon=True,
        )
        self._thread.start()

    def _run(self, inputs: list[str], max_bytes: int | None, workers: int) -> None:
        done = _Done()
        try:
            events = run_pipeline(
                inputs,
                max_bytes=max_bytes,
                workers=workers,
                cancelled=self._cancelled.is_set,
                pool=self._pool,
                before_cache=self._wait_for_resume,
                early_sentences=True,
            )
            try:
                for event in events:
                    self._events.put(event)
                    if self._cancelled.is_set():
                        break
            finally:
                events.close()  # shuts down the pipeline's process pool, if it started one
        except BaseException as exc:  # noqa: BLE001 - handed to the consumer, which raises it
            done = _Done(exc)
        finally:
            if self._pool is not None:
                self._pool.shutdown(wait=False, cancel_futures=True)
            self._events.put(done)

    def _wait_for_resume(self) -> None:
        """The pipeline's pause after the first document (see :meth:`resume`)."""
        self._resumed.wait(timeout=FIRST_PAUSE_LIMIT)

    # ------------------------------------------------------------------ consumer side
    def ready(self, timeout: float) -> list[Event]:
        """The events available now, waiting up to ``timeout`` seconds for the first one.
        For the first frame: never blocks longer than ``timeout``."""
        out: list[Event] = []
        deadline = time.monotonic() + timeout
        while not self._finished:
            remaining = deadline - time.monotonic() if not out else 0.0
            try:
                item = (
                    self._events.get(timeout=remaining)
                    if remaining > 0
                    else (self._events.get_nowait())
                )
            except queue.Empty:
                break
            if isinstance(item, _Done):
                self._finish(item)
                break
            out.append(item)
        return out

    def next(self, timeout: float) -> Event | None:
        """The next event, or None if none came within ``timeout`` seconds (or the
        pipeline is done: see :attr:`finished`). Raises what the pipeline raised."""
        if self._finished:
            return None
        try:
            item = self._events.get(timeout=timeout)
        except queue.Empty:
            return None
        if isinstance(item, _Done):
            self._finish(item)
            return None
        return item

    def _finish(self, done: _Done) -> None:
        self._finished = True
        if done.error is not None:
            raise done.error

    @property
    def finished(self) -> bool:
        """True once every event has been taken."""
        return self._finished

    def resume(self) -> None:
        """Let the pipeline go on past the first document (the first frame is on screen)."""
        self._resumed.set()

    def cancel(self, wait: float = 0.0) -> None:
        """Stop the pipeline at its next document (and its pool with it); wait up to
        ``wait`` seconds for the thread to end."""
        self._cancelled.set()
        self._resumed.set()
        if wait > 0:
            self._thread.join(timeout=wait)
