"""Reading many documents in the analysis pool instead of the dashboard's process.

Opening a folder of a thousand documents a second time is mostly reading: each file is
decoded, cleaned, hashed and looked up in the analysis cache. In the dashboard's process
that work shares one interpreter lock with drawing the screen; in the pool's processes it
runs on the other cores. Each worker hands back, per file, the document with its text and
the cache entry's packed copy (see ``analysis.cache.pack``), which this process rebuilds
once — cheaper than reading the file and the entry itself.

Files too big to hand over cheaply (:data:`HAND_OVER_LIMIT`) are left to the caller, which
reads them itself with the streaming loader rather than receive a pickled copy of their
text.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from analysis.model import Document, DocumentAnalysis, LoadFailure
from analysis.pipeline.handover import (
    discard_handover_file,
    new_handover_file,
    remove_stale_handover_files,
)

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

HAND_OVER_LIMIT = 2 * 1024 * 1024
"""Bytes. Bigger files are read by the caller: pickling their text would hold it twice."""

FETCH_CHUNK = 32
"""Files read per task: one message each way per chunk, small enough to keep both
workers busy and the first results coming early."""

FETCH_AHEAD = 32
"""Chunks submitted and not yet taken: about a thousand files. Each comes back as a temp
file holding its documents' texts (~0.2 MB for 32 news articles): enough for the workers
to read a thousand-document folder while the first frame is drawn, never a whole big
folder's worth at once."""

WORKER_NICENESS = 10
"""How much lower the reading workers' scheduling priority is than the dashboard's. They
start reading before the first frame, and on two cores two busy workers took CPU time
from it: the first frame of a 1,000-document folder came ~20 ms later (tmux, medians of
seven). Lower-priority workers still use whatever CPU the dashboard leaves."""


@dataclass(frozen=True, slots=True)
class Fetched:
    """A document a worker read, and what the cache had for it: its packed copy, already
    checked to fit (``packed``), or an analysis without its text (``analysis``, an entry
    without a packed copy), or neither (not cached)."""

    document: Document
    packed: bytes | None = None
    analysis: DocumentAnalysis | None = None

    def cached(self) -> DocumentAnalysis | None:
        """The cached analysis with the document's text, rebuilt here; None if there is
        none (or the packed copy does not fit after all)."""
        if self.packed is not None:
            from analysis.cache.pack import unpack

            try:
                return unpack(self.document, self.packed)
            except ValueError:
                return None
        if self.analysis is not None:
            document = replace(self.analysis.document, text=self.document.text)
            return replace(self.analysis, document=document)
        return None


@dataclass(frozen=True, slots=True)
class ReadHere:
    """A file the worker left for the caller to read (too big to hand over)."""

    path: str


Fetches = list[list[Fetched | LoadFailure | ReadHere]]
"""What :func:`fetch_files` finds: one list per path (usually of one item; several when
the file became a folder since it was listed)."""


def fetch_files(
    paths: list[str], max_bytes: int, cache_dir: str | None, *, for_pid: int | None = None
) -> Fetches | str:
    """In a worker process: read every file of ``paths`` (split=False) and look it up in
    the cache.

    ``for_pid`` (the dashboard's process): write what was found to a handover file named
    after it and return the file's name (see :func:`fetched`), when one can be written;
    nothing is written once that process is gone. Results sent back through the pool are
    received by a thread of the dashboard's process as they come, some 12 KB a document;
    measured with a 1,000-document folder, that reception delayed the first frame by
    ~75 ms. A file name costs nothing to receive; the file is read when its documents are
    wanted."""
    found = _fetch(paths, max_bytes, cache_dir)
    if for_pid is not None:
        return _written(found, for_pid) or found
    return found


def fetched(result: Fetches | str) -> Fetches:
    """What :func:`fetch_files` returned, read from its handover file (then deleted) when
    it wrote one. Raises ``OSError`` or an unpickling error if the file cannot be read."""
    if not isinstance(result, str):
        return result
    import pickle

    try:
        with open(result, "rb") as fh:
            found: Fetches = pickle.load(fh)
    finally:
        discard_handover_file(result)
    return found


def discard_unread(future: Future[Fetches | str]) -> None:
    """Cancel a :func:`fetch_files` task whose result will not be read; if it runs or ran
    anyway, delete the handover file it writes once it is done."""
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
    """``found`` pickled into a new private handover file named after ``owner``, the
    dashboard's process; None if it cannot be written or the dashboard is gone (it quit
    while this worker read: a worker outlives it only until its task ends). The first time
    in a worker, the files of dashboards that were killed before reading theirs are
    deleted."""
    import pickle

    global _swept
    if os.getppid() != owner:
        return None
    path = new_handover_file(owner=owner)
    if path is not None and not _swept:
        _swept = True
        remove_stale_handover_files(os.path.dirname(path))
    if path is None:
        return None
    try:
        with open(path, "wb") as fh:
            pickle.dump(found, fh, protocol=pickle.HIGHEST_PROTOCOL)
    except (OSError, pickle.PicklingError):
        discard_handover_file(path)
        return None
    return path


def _fetch(paths: list[str], max_bytes: int, cache_dir: str | None) -> Fetches:
    from analysis.pipeline.run import _cache_for, _load_listed

    cache = _cache_for(cache_dir)
    out: Fetches = []
    for path in paths:
        try:
            big = os.stat(path).st_size > HAND_OVER_LIMIT
        except OSError:
            big = False  # the loader reports what is wrong with it
        if big:
            out.append([ReadHere(path)])
            continue
        items: list[Fetched | LoadFailure | ReadHere] = []
        for loaded in _load_listed(path, max_bytes):
            if isinstance(loaded, LoadFailure):
                items.append(loaded)
                continue
            found = cache.get_packed(loaded) if cache is not None else None
            if isinstance(found, bytes):
                items.append(Fetched(loaded, packed=found))
            elif found is not None:
                text_free = replace(found, document=replace(found.document, text=""))
                items.append(Fetched(loaded, analysis=text_free))
            else:
                items.append(Fetched(loaded))
        out.append(items)
    return out


class _Chunk:
    """Paths read by one task, and the task once submitted."""

    __slots__ = ("future", "paths")

    def __init__(self, paths: list[str]) -> None:
        self.paths = paths
        self.future: Future[Fetches | str] | None = None


class ReadAhead:
    """Reading documents in a pool ahead of the thread that takes them, in order.

    The listed ``items`` are cut into chunks of :data:`FETCH_CHUNK` files, one
    :func:`fetch_files` task each; at most :data:`FETCH_AHEAD` are submitted and not yet
    taken. Iterating gives, in input order, each listing failure as it is and, for each
    chunk, what :func:`fetch_files` found per path (a chunk whose task failed comes back
    as ``ReadHere`` for every path: the taker reads those itself). :meth:`close` drops
    what was not taken, temp files included.
    """

    def __init__(
        self,
        items: Sequence[Path | LoadFailure],
        pool: ProcessPoolExecutor,
        max_bytes: int,
        cache_dir: str | None,
    ) -> None:
        self._submit = partial(
            pool.submit,
            fetch_files,
            max_bytes=max_bytes,
            cache_dir=cache_dir,
            for_pid=os.getpid(),
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
        """Cancel what was not taken; delete the temp files of tasks that ran anyway."""
        for entry in self._entries:
            if isinstance(entry, _Chunk) and entry.future is not None:
                discard_unread(entry.future)
        self._entries.clear()
        self._unsubmitted.clear()


def start_pool(workers: int) -> ProcessPoolExecutor:
    """A process pool whose workers exist when this returns.

    Called by the dashboard before it starts any thread: the workers are then forked from
    a single-threaded process (nothing imported yet but the analysis package), which is
    both safe and fast; later, with Textual's threads running, the pipeline would have to
    go through a fork server."""
    from analysis.pipeline.run import _new_pool

    pool = _new_pool(workers, nice=WORKER_NICENESS)
    for future in [pool.submit(os.getpid) for _ in range(workers)]:
        future.result()
    return pool
