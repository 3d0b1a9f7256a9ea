"""Load and analyse a set of inputs as a stream of events.

Both the headless CLI and the dashboard's worker consume this generator, so the two always
agree on what was loaded, what failed and what each document's analysis is.

Order of events for each document: ``Loaded`` as soon as its text is read (sentences not
split yet, so a huge file shows at once), later ``Analysed`` with the complete
document (sentences split) and its analysis — or ``Failed``. Analyses come from the
on-disk cache when the same text was analysed before, else they are computed in this
thread, or in a process pool when there are enough documents to pay for one.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.context
import os
import sys
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from analysis.model import Document, DocumentAnalysis, LoadFailure

POOL_MIN_DOCUMENTS = 4
"""Fewer documents than this are analysed in-thread: starting a pool costs ~0.3 s."""

BIG_CHARS = 4_000_000
"""Bigger documents are analysed in a separate process that reads the file itself: their
analysis builds large temporary structures (token lists, n-gram counts) that would
otherwise inflate the dashboard's memory for good, and pickling the text would double it."""


@dataclass(frozen=True, slots=True)
class Loaded:
    document: Document


@dataclass(frozen=True, slots=True)
class Failed:
    failure: LoadFailure


@dataclass(frozen=True, slots=True)
class Analysed:
    analysis: DocumentAnalysis
    cached: bool = False


Event = Loaded | Failed | Analysed


def default_workers() -> int:
    """Processes to use for analysis: the cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def analyze_loaded(doc: Document, cache_dir: str | None = None) -> DocumentAnalysis:
    """Split (if needed) and analyse one loaded document; store the result in the cache.

    Module-level so a process pool can run it."""
    from analysis.corpus import analyze_document
    from analysis.loader import with_sentences

    analysis = analyze_document(with_sentences(doc))
    if cache_dir is not None:
        from analysis.cache import AnalysisCache

        AnalysisCache(Path(cache_dir)).put(analysis)
    return analysis


def analyze_path(
    path: str, sha256: str, max_bytes: int, cache_dir: str | None
) -> DocumentAnalysis | None:
    """In a worker process: load ``path`` again and analyse it, returning the analysis with
    an empty text (the caller already holds the text). None if the file changed since."""
    from analysis.loader import load_document

    doc = load_document(path, max_bytes=max_bytes, split=False)
    if doc.sha256 != sha256:
        return None
    analysis = analyze_loaded(doc, cache_dir)
    return replace(analysis, document=replace(analysis.document, text=""))


def _with_text(
    doc: Document, result: DocumentAnalysis | None, cache_dir: str | None
) -> DocumentAnalysis:
    if result is None:  # the file changed under us: analyse the text we showed
        return analyze_loaded(doc, cache_dir)
    return replace(result, document=replace(result.document, text=doc.text))


def _pool_context() -> multiprocessing.context.BaseContext:
    """A start method that is safe from a threaded process (the dashboard runs this from a
    worker thread; plain ``fork`` could copy a held lock). The fork server preloads the
    analysis modules once, so each worker starts quickly."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["analysis.corpus", "analysis.sentences", "analysis.sentiment"])
    else:  # pragma: no cover - not POSIX
        ctx = multiprocessing.get_context("spawn")
    _start_resource_tracker()
    return ctx


def _start_resource_tracker() -> None:
    """Start multiprocessing's resource tracker with a real stderr.

    Under Textual ``sys.stderr`` is a capture whose ``fileno()`` is -1, which makes the
    tracker's spawn fail with "bad value(s) in fds_to_keep"; hand it the original stream.
    """
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


def _analysis_event(doc: Document, compute: Callable[[], DocumentAnalysis]) -> Event:
    """Run ``compute``; a bug in analysis must cost one document, not the whole run."""
    try:
        return Analysed(compute())
    except Exception as exc:  # noqa: BLE001 - reported to the person, run continues
        message = f"{os.path.basename(doc.path)} could not be analysed: {type(exc).__name__}: {exc}"
        return Failed(LoadFailure(doc.path, "analysis-error", message))


def run_pipeline(
    inputs: Sequence[str],
    *,
    max_bytes: int | None = None,
    workers: int = 1,
    cancelled: Callable[[], bool] = lambda: False,
    use_cache: bool = True,
    cache_dir: Path | None = None,
) -> Iterator[Event]:
    """Yield events for every input (see the module docstring).

    ``cancelled`` is polled between documents so a worker thread can stop early.
    """
    from analysis.cache import AnalysisCache
    from analysis.loader import DEFAULT_MAX_BYTES, expand_inputs, load_paths

    limit = DEFAULT_MAX_BYTES if max_bytes is None else max_bytes
    cache = AnalysisCache(cache_dir) if use_cache else None
    cache_root = str(cache.folder) if cache is not None else None

    expanded = list(expand_inputs(inputs))
    n_files = sum(1 for item in expanded if not isinstance(item, LoadFailure))
    pool: ProcessPoolExecutor | None = None
    if workers > 1 and n_files >= POOL_MIN_DOCUMENTS:
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=_pool_context())
    big_pool: ProcessPoolExecutor | None = None
    pending: deque[tuple[Document, Future[Any], bool]] = deque()

    def result_of(
        doc: Document, future: Future[Any], by_path: bool
    ) -> Callable[[], DocumentAnalysis]:
        if by_path:
            return lambda: _with_text(doc, future.result(), cache_root)
        return future.result

    def drain_done() -> Iterator[Event]:
        while pending and pending[0][1].done():
            doc, future, by_path = pending.popleft()
            yield _analysis_event(doc, result_of(doc, future, by_path))

    try:
        for item in expanded:
            if cancelled():
                return
            if isinstance(item, LoadFailure):
                yield Failed(item)
                continue
            results = list(load_paths([str(item)], max_bytes=limit, split=False))
            if not results:  # replaced by an empty folder since it was listed
                message = f"{item.name} changed into a folder while Lectern was opening it."
                results = [LoadFailure(str(item), "not-a-file", message)]
            for loaded in results:
                if isinstance(loaded, LoadFailure):
                    yield Failed(loaded)
                    continue
                yield Loaded(loaded)  # on screen before any analysis work, even a cache lookup
                hit = cache.get(loaded) if cache is not None else None
                if hit is not None:
                    yield Analysed(hit, cached=True)
                    continue
                if len(loaded.text) > BIG_CHARS:
                    if pool is None and big_pool is None:
                        big_pool = ProcessPoolExecutor(max_workers=1, mp_context=_pool_context())
                    runner = pool or big_pool
                    assert runner is not None
                    job = runner.submit(analyze_path, loaded.path, loaded.sha256, limit, cache_root)
                    pending.append((loaded, job, True))
                elif pool is not None:
                    job = pool.submit(analyze_loaded, loaded, cache_root)
                    pending.append((loaded, job, False))
                else:
                    yield _analysis_event(loaded, lambda d=loaded: analyze_loaded(d, cache_root))
            yield from drain_done()
        while pending:
            if cancelled():
                return
            doc, future, by_path = pending.popleft()
            yield _analysis_event(doc, result_of(doc, future, by_path))
    finally:
        for _doc, future, _by_path in pending:
            future.cancel()
        for executor in (pool, big_pool):
            if executor is not None:
                executor.shutdown(wait=False, cancel_futures=True)
