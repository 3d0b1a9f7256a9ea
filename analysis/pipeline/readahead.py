"""Reading the documents after the first in the pool, ahead of the dashboard's thread."""

from __future__ import annotations

import os
import pickle
from collections import deque
from collections.abc import Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from analysis.model import LoadFailure
from analysis.pipeline.handover import (
    discard_handover_file,
    new_handover_file,
    remove_stale_handover_files,
)
from analysis.pipeline.work import Fetched, Fetches, ReadHere, read_files

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

__all__ = ["HAND_OVER_LIMIT", "Fetched", "ReadAhead", "ReadHere", "fetch_files", "fetched"]

HAND_OVER_LIMIT = 2 * 1024 * 1024
"""Bytes. Bigger files are read by the caller: pickling their text would hold it twice."""

FETCH_CHUNK = 32
"""Files read per task: one message each way per chunk, the first results early."""

FETCH_AHEAD = 32
"""Chunks submitted and not yet taken: about a thousand files, never a whole big folder."""


def fetch_files(
    paths: list[str], max_bytes: int, cache_dir: str | None, *, for_pid: int | None = None
) -> Fetches | str:
    """In a worker: read and look up ``paths``. With ``for_pid`` (the dashboard's process),
    the result goes to a file and only its name comes back: receiving results in the
    dashboard's process delayed its first frame (docs/ARCHITECTURE.md)."""
    found = read_files(paths, max_bytes, cache_dir, hand_over_limit=HAND_OVER_LIMIT)
    if for_pid is not None:
        return _written(found, for_pid) or found
    return found


def fetched(result: Fetches | str) -> Fetches:
    """What :func:`fetch_files` returned, read from its file (then deleted) when it wrote
    one. Raises ``OSError`` or an unpickling error if the file cannot be read."""
    if not isinstance(result, str):
        return result
    try:
        with open(result, "rb") as fh:
            found: Fetches = pickle.load(fh)
    finally:
        discard_handover_file(result)
    return found


def discard_unread(future: Future[Fetches | str]) -> None:
    """Cancel a task whose result will not be read; if it runs anyway, delete its file."""
    if not future.cancel():
        future.add_done_callback(_discard_result)


def _discard_result(future: Future[Fetches | str]) -> None:
    if future.cancelled() or future.exception() is not None:
        return
    result = future.result()
    if isinstance(result, str):
        discard_handover_file(result)


_swept = False


def _written(found: Fetches, owner: int) -> str | None:
    """``found`` pickled into a new private file named after ``owner``; None if it cannot
    be written or the dashboard is gone. The first time in a worker, files left by
    dashboards that were killed are deleted."""
    global _swept
    if os.getppid() != owner:
        return None
    path = new_handover_file(owner=owner)
    if path is None:
        return None
    if not _swept:
        _swept = True
        remove_stale_handover_files(os.path.dirname(path))
    try:
        with open(path, "wb") as fh:
            pickle.dump(found, fh, protocol=pickle.HIGHEST_PROTOCOL)
    except (OSError, pickle.PicklingError):
        discard_handover_file(path)
        return None
    return path


class _Chunk:
    """Paths read by one task, and the task once submitted."""

    __slots__ = ("future", "paths")

    def __init__(self, paths: list[str]) -> None:
        self.paths = paths
        self.future: Future[Fetches | str] | None = None


class ReadAhead:
    """The listed ``items``, read by ``pool`` in chunks of :data:`FETCH_CHUNK` files, at
    most :data:`FETCH_AHEAD` chunks ahead. Iterating gives, in input order, each listing
    failure and each chunk's :data:`Fetches` (a failed task: ``ReadHere`` for each path).
    :meth:`close` drops what was not taken, files included."""

    def __init__(
        self,
        items: Sequence[Path | LoadFailure],
        pool: ProcessPoolExecutor,
        max_bytes: int,
        cache_dir: str | None,
    ) -> None:
        self._submit = partial(
            pool.submit, fetch_files, max_bytes=max_bytes, cache_dir=cache_dir, for_pid=os.getpid()
        )
        self._entries: deque[LoadFailure | _Chunk] = deque()
        self._unsubmitted: deque[_Chunk] = deque()
        self._in_flight = 0
        paths: list[str] = []
        for item in items:
            if paths and (isinstance(item, LoadFailure) or len(paths) >= FETCH_CHUNK):
                self._plan(paths)
                paths = []
            if isinstance(item, LoadFailure):
                self._entries.append(item)
            else:
                paths.append(str(item))
        if paths:
            self._plan(paths)
        self._top_up()

    def _plan(self, paths: list[str]) -> None:
        chunk = _Chunk(paths)
        self._entries.append(chunk)
        self._unsubmitted.append(chunk)

    def _top_up(self) -> None:
        while self._unsubmitted and self._in_flight < FETCH_AHEAD:
            chunk = self._unsubmitted.popleft()
            chunk.future = self._submit(chunk.paths)
            self._in_flight += 1

    def __bool__(self) -> bool:
        """True while something is left to take."""
        return bool(self._entries)

    def __iter__(self) -> Iterator[LoadFailure | Fetches]:
        while self._entries:
            entry = self._entries.popleft()
            if isinstance(entry, LoadFailure):
                yield entry
                continue
            self._in_flight -= 1
            self._top_up()
            assert entry.future is not None  # chunks are submitted in order
            try:
                found = fetched(entry.future.result())
            except Exception:  # noqa: BLE001 - a dead worker: its files are read by the taker
                found = [[ReadHere(path)] for path in entry.paths]
            yield found

    def close(self) -> None:
        """Cancel what was not taken; delete the files of tasks that ran anyway."""
        for entry in self._entries:
            if isinstance(entry, _Chunk) and entry.future is not None:
                discard_unread(entry.future)
        self._entries.clear()
        self._unsubmitted.clear()
