"""The process pool that analyses and reads documents on the other cores."""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import multiprocessing.context
    from concurrent.futures import ProcessPoolExecutor

POOL_MIN_DOCUMENTS = 4
"""Fewer documents than this are analysed in-thread: starting a pool costs ~0.3 s."""

CHUNK_DOCUMENTS = 16
"""Most documents sent to a worker in one task (see :func:`chunk_size`)."""

WORKER_NICENESS = 10
"""How much lower the dashboard's reading workers' priority is (docs/ARCHITECTURE.md)."""

PRELOAD = [
    "analysis.nlp.corpus",
    "analysis.nlp.sentences",
    "analysis.nlp.sentiment",
    "nltk.collocations",
    "nltk.stem.porter",
    "nltk.tokenize.punkt",
]
"""Imported once by a fork server for all its workers."""


def default_workers() -> int:
    """Processes to use for analysis: the cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def chunk_size(remaining: int, workers: int) -> int:
    """Documents for the next task: a quarter of each worker's share of what is left, at
    most :data:`CHUNK_DOCUMENTS`, so the last tasks are small and no worker idles long."""
    return max(1, min(CHUNK_DOCUMENTS, remaining // (4 * workers)))


def new_pool(workers: int, *, nice: int = 0) -> ProcessPoolExecutor:
    """A process pool; ``nice``: how much lower its workers' scheduling priority is."""
    from concurrent.futures import ProcessPoolExecutor

    if nice:
        return ProcessPoolExecutor(
            max_workers=workers,
            mp_context=_pool_context(),
            initializer=_lower_priority,
            initargs=(nice,),
        )
    return ProcessPoolExecutor(max_workers=workers, mp_context=_pool_context())


def start_pool(workers: int) -> ProcessPoolExecutor:
    """A low-priority pool whose workers exist when this returns. Called by the CLI before
    any other thread starts, so the workers are forked at once from a small process."""
    pool = new_pool(workers, nice=WORKER_NICENESS)
    for future in [pool.submit(os.getpid) for _ in range(workers)]:
        future.result()
    return pool


def _pool_context() -> multiprocessing.context.BaseContext:
    """``fork`` from a single-threaded process (the CLI): fast, everything imported.
    Otherwise (threads could hold a lock a fork copies) a fork server preloaded with
    :data:`PRELOAD`."""
    import multiprocessing  # here: most runs (and the dashboard's first frame) need no pool

    methods = multiprocessing.get_all_start_methods()
    if sys.platform.startswith("linux") and threading.active_count() == 1 and "fork" in methods:
        for stream in (sys.stdout, sys.stderr):  # else a child could flush a copy of it
            if stream is not None:
                stream.flush()
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(PRELOAD)
    else:  # pragma: no cover - not POSIX
        ctx = multiprocessing.get_context("spawn")
    _start_resource_tracker()
    return ctx


def _start_resource_tracker() -> None:
    """Start multiprocessing's resource tracker with a real stderr: under Textual
    ``sys.stderr`` has no file descriptor, and the tracker's spawn fails without one."""
    from multiprocessing import resource_tracker

    current = sys.stderr
    try:
        usable = current is not None and current.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        usable = False
    if not usable and sys.__stderr__ is not None:
        sys.stderr = sys.__stderr__
    try:
        resource_tracker.ensure_running()
    finally:
        sys.stderr = current


def _lower_priority(nice: int) -> None:
    """In a new worker: yield the CPU to the dashboard when both want it, and collect
    garbage (it was forked while the dashboard paused its collector)."""
    import gc

    gc.enable()
    with contextlib.suppress(OSError):
        os.nice(nice)
