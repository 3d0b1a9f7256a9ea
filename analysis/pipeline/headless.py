"""``lectern analyze``'s run: every document analysed, in input order, without its text."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from analysis.model import LoadFailure
from analysis.pipeline.events import Analysed, Event, Failed, analysis_failure
from analysis.pipeline.pool import chunk_size, new_pool
from analysis.pipeline.work import Fetched, Fetches, ReadHere, read_files

if TYPE_CHECKING:
    from concurrent.futures import Future


def run_headless(
    expanded: list[Path | LoadFailure],
    limit: int,
    pool_workers: int,
    cancelled: Callable[[], bool],
    cache_dir: str | None,
) -> Iterator[Event]:
    """With a pool this thread only lists the files: the workers read, look up and
    analyse them by path, in chunks. Without one, everything happens here."""
    if not pool_workers:
        for item in expanded:
            if cancelled():
                return
            if isinstance(item, LoadFailure):
                yield Failed(item)
            else:
                yield from _events(read_files([str(item)], limit, cache_dir, **_HEADLESS)[0], limit)
        return
    pool = new_pool(pool_workers)
    # In input order: a listing failure, or (chunk paths, its future, index in the chunk).
    pending: deque[LoadFailure | tuple[list[str], Future[Fetches], int]] = deque()
    remaining = sum(1 for item in expanded if not isinstance(item, LoadFailure))
    chunk: list[str] = []

    def submit(paths: list[str]) -> None:
        future = pool.submit(read_files, paths, limit, cache_dir, **_HEADLESS)
        pending.extend((paths, future, index) for index in range(len(paths)))

    try:
        for item in expanded:
            if isinstance(item, LoadFailure):
                if chunk:  # keeps input order: documents before, the failure, the rest
                    submit(chunk)
                    remaining -= len(chunk)
                    chunk = []
                pending.append(item)
                continue
            chunk.append(str(item))
            if len(chunk) >= chunk_size(remaining, pool_workers):
                submit(chunk)
                remaining -= len(chunk)
                chunk = []
        if chunk:
            submit(chunk)
        while pending:
            if cancelled():
                return
            entry = pending.popleft()
            if isinstance(entry, LoadFailure):
                yield Failed(entry)
                continue
            paths, future, index = entry
            try:
                items = future.result()[index]
            except Exception as exc:  # noqa: BLE001 - a dead worker: reported per document
                yield Failed(analysis_failure(paths[index], exc))
                continue
            yield from _events(items, limit)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


_HEADLESS = {"analyse": True, "keep_text": False}


def _events(items: list[Fetched | LoadFailure | ReadHere], limit: int) -> Iterator[Event]:
    for item in items:
        if isinstance(item, LoadFailure):
            yield Failed(item)
            continue
        assert isinstance(item, Fetched)  # no hand-over limit here
        # ``lectern analyze`` ranks every document's keywords: plain dicts for the counts.
        analysis = item.rebuild(lazy_counts=False)
        if analysis is None:  # a packed copy that does not fit: cannot happen; analyse anew
            yield from _events(read_files([item.document.path], limit, None, **_HEADLESS)[0], limit)
            continue
        yield Analysed(analysis, cached=item.from_cache)
