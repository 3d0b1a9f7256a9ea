"""Load and analyse a set of inputs as a stream of events.

Both the headless CLI and the dashboard's worker consume this generator, so the two always
agree on what was loaded, what failed and what each document's analysis is.

Two modes:

* ``texts=True`` (the dashboard): for each document ``Loaded`` as soon as its text is read
  (sentences not split yet, so a huge file shows at once), later ``Analysed`` with the
  complete document (sentences split) and its analysis — or ``Failed``. Analyses come from
  the on-disk cache when the same text was analysed before, else they are computed in this
  thread, or in a process pool when there are enough documents to pay for one.
* ``texts=False`` (``lectern analyze``): no ``Loaded`` events. Each document is read, looked
  up in the cache and analysed where the work runs — in the pool's processes when there is
  one, so this process stays nearly idle and two cores give nearly twice the speed — and
  comes back as ``Analysed`` (or ``Failed``) in input order, its document without its text
  (``text == ""``). A cache hit travels as the entry's packed copy and is rebuilt here.

Work goes to the pool in chunks of documents (one message per chunk, not per document),
and analyses come back without the text the caller already has.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analysis.model import Document, DocumentAnalysis, LoadFailure
from analysis.pipeline.handover import (
    Handover,
    discard_handover_file,
    new_handover_file,
    read_analysis,
    remove_stale_handover_files,
    write_analysis,
)

if TYPE_CHECKING:
    import multiprocessing.context
    from concurrent.futures import Future, ProcessPoolExecutor

    from analysis.cache.store import AnalysisCache
    from analysis.pipeline.readahead import ReadAhead

POOL_MIN_DOCUMENTS = 4
"""Fewer documents than this are analysed in-thread: starting a pool costs ~0.3 s."""

BIG_CHARS = 4_000_000
"""Bigger documents are analysed in a separate process that reads the file itself: their
analysis builds large temporary structures (token lists, n-gram counts) that would
otherwise inflate the dashboard's memory for good, and pickling the text would double it."""

CHUNK_DOCUMENTS = 16
"""Most documents sent to a worker process in one task. Chunks shrink towards the end of
a run (see :func:`_chunk_size`) so both processes finish together."""

CHUNK_CHARS = 1_000_000
"""A chunk of documents sent with their text is closed once it holds this much text."""


_PRELOAD = [
    "analysis.nlp.corpus",
    "analysis.nlp.sentences",
    "analysis.nlp.sentiment",
    # analysis imports NLTK only when it first needs it; a fork server imports it once
    # for all its workers.
    "nltk.collocations",
    "nltk.stem.porter",
    "nltk.tokenize.punkt",
]


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


@dataclass(frozen=True, slots=True)
class Split:
    """A document with its sentences, ahead of the rest of its analysis (``early_sentences``)."""

    document: Document


Event = Loaded | Failed | Analysed | Split


def default_workers() -> int:
    """Processes to use for analysis: the cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


# ------------------------------------------------------------------ work in any process

_CACHES: dict[tuple[str, int], AnalysisCache] = {}


def _cache_for(cache_dir: str | None) -> AnalysisCache | None:
    """This process's cache object for ``cache_dir``: its resource fingerprint is worked
    out once (again after ``resources.reload_resources()``), and its eviction counter
    sees every entry the process writes."""
    if cache_dir is None:
        return None
    from analysis.nlp.resources import generation

    key = (cache_dir, generation())
    cache = _CACHES.get(key)
    if cache is None:
        from analysis.cache.store import AnalysisCache

        cache = _CACHES[key] = AnalysisCache(Path(cache_dir))
    return cache


def analyze_loaded(doc: Document, cache_dir: str | None = None) -> DocumentAnalysis:
    """Split (if needed) and analyse one loaded document; store the result in the cache.

    Module-level so a process pool can run it."""
    from analysis.load.files import with_sentences
    from analysis.nlp.corpus import analyze_document

    analysis = analyze_document(with_sentences(doc))
    cache = _cache_for(cache_dir)
    if cache is not None:
        cache.put(analysis)
    return analysis


def _without_text(analysis: DocumentAnalysis) -> DocumentAnalysis:
    return replace(analysis, document=replace(analysis.document, text=""))


def analyze_path(
    path: str, sha256: str, max_bytes: int, cache_dir: str | None, handover: str | None = None
) -> DocumentAnalysis | Handover | None:
    """In a worker process: load ``path`` again and analyse it. None if the file changed
    since. With ``handover`` (a file the caller created), its cache entry is looked up
    here, the per-sentence arrays go to that file and a ``Handover`` comes back (see
    ``analysis.pipeline.handover``); else the analysis with an empty text (the caller already holds
    the text, and looked the entry up)."""
    from analysis.load.files import load_document

    doc = load_document(path, max_bytes=max_bytes, split=False)
    if doc.sha256 != sha256:
        return None
    if handover is None:
        return _without_text(analyze_loaded(doc, cache_dir))
    # The caller left the cache lookup to us: a big entry is read here, not there.
    cache = _cache_for(cache_dir)
    hit = cache.get(doc) if cache is not None else None
    analysis = hit if hit is not None else analyze_loaded(doc, cache_dir)
    del doc
    # Files of dashboards killed while their worker was busy (this one's is in use).
    remove_stale_handover_files(os.path.dirname(handover))
    return write_analysis(analysis, handover, cached=hit is not None)


def analyze_documents(docs: list[Document], cache_dir: str | None) -> list[Event]:
    """In a worker process: analyse loaded documents, each result without its text (the
    caller holds it) or a ``Failed`` for one whose analysis raised."""
    events = []
    for doc in docs:
        event = _analysis_event(doc, lambda d=doc: analyze_loaded(d, cache_dir))
        events.append(Analysed(_without_text(event.analysis)) if type(event) is Analysed else event)
    return events


@dataclass(frozen=True, slots=True)
class _Packed:
    """A cache hit as a worker hands it over: the document without its text, and the
    entry's packed copy, which the receiving process rebuilds once (rebuilding it here
    and pickling the result would cost both processes more)."""

    document: Document
    text_length: int
    blob: bytes


def analyze_files(paths: list[str], max_bytes: int, cache_dir: str | None) -> list[list[Any]]:
    """In a worker process: load, look up and, if not cached, analyse every file of
    ``paths``. Per path: its ``Failed`` and ``Analysed`` events (analyses without their
    text) and ``_Packed`` cache hits, for :func:`_received`."""
    cache = _cache_for(cache_dir)
    out: list[list[Any]] = []
    for path in paths:
        items: list[Any] = []
        for loaded in _load_listed(path, max_bytes):
            if isinstance(loaded, LoadFailure):
                items.append(Failed(loaded))
                continue
            found = cache.get_packed(loaded) if cache is not None else None
            if isinstance(found, bytes):
                items.append(_Packed(replace(loaded, text=""), len(loaded.text), found))
            elif found is not None:
                items.append(Analysed(_without_text(found), cached=True))
            else:
                event = _analysis_event(loaded, lambda d=loaded: analyze_loaded(d, cache_dir))
                items.append(_textless(event))
        out.append(items)
    return out


def _received(items: list[Any], max_bytes: int, cache_dir: str | None) -> list[Event]:
    """The events of one path from :func:`analyze_files`, packed hits rebuilt."""
    from analysis.cache.pack import unpack

    events: list[Event] = []
    for item in items:
        if type(item) is _Packed:
            try:
                # ``lectern analyze`` ranks every document's keywords, so every count is
                # looked up: plain dicts (measured 506 ms against 511 ms lazy, 1,000 docs).
                analysis = unpack(item.document, item.blob, item.text_length, lazy_counts=False)
            except ValueError:  # cannot happen for a copy the worker checked; be safe
                events += map(_textless, _file_events(item.document.path, max_bytes, cache_dir))
                continue
            events.append(Analysed(analysis, cached=True))
        else:
            events.append(item)
    return events


def _textless(event: Event) -> Event:
    if type(event) is Analysed:
        return Analysed(_without_text(event.analysis), event.cached)
    return event


def _file_events(path: str, max_bytes: int, cache_dir: str | None) -> list[Event]:
    """Load, look up and analyse the file at a listed path, in this thread."""
    return _results_events(_load_listed(path, max_bytes), cache_dir)


def _results_events(results: list[Document | LoadFailure], cache_dir: str | None) -> list[Event]:
    cache = _cache_for(cache_dir)
    events: list[Event] = []
    for loaded in results:
        if isinstance(loaded, LoadFailure):
            events.append(Failed(loaded))
            continue
        hit = cache.get(loaded) if cache is not None else None
        if hit is not None:
            events.append(Analysed(hit, cached=True))
        else:
            events.append(_analysis_event(loaded, lambda d=loaded: analyze_loaded(d, cache_dir)))
    return events


def _load_listed(path: str, max_bytes: int) -> list[Document | LoadFailure]:
    """The document at a listed path (or the failure); several if the file was replaced by
    a folder of files since it was listed, a failure if by an empty one."""
    from analysis.load.files import load_paths

    results = list(load_paths([path], max_bytes=max_bytes, split=False))
    if not results:  # replaced by an empty folder since it was listed
        message = f"{os.path.basename(path)} changed into a folder while Lectern was opening it."
        results = [LoadFailure(path, "not-a-file", message)]
    return results


def _split_early(doc: Document) -> Document:
    """``doc`` with its sentences; unchanged if splitting fails (its analysis says why)."""
    from analysis.load.files import with_sentences

    try:
        return with_sentences(doc)
    except Exception:  # noqa: BLE001 - the analysis that follows reports it
        return doc


def _analysis_event(doc: Document, compute: Callable[[], DocumentAnalysis]) -> Event:
    """Run ``compute``; a bug in analysis must cost one document, not the whole run."""
    try:
        return Analysed(compute())
    except Exception as exc:  # noqa: BLE001 - reported to the person, run continues
        return Failed(_analysis_failure(doc.path, exc))


def _analysis_failure(path: str, exc: BaseException) -> LoadFailure:
    message = f"{os.path.basename(path)} could not be analysed: {type(exc).__name__}: {exc}"
    return LoadFailure(path, "analysis-error", message)


# ------------------------------------------------------------------ the pool


def _pool_context() -> multiprocessing.context.BaseContext:
    """How to start worker processes. ``fork`` when this process runs a single thread (the
    CLI): workers start at once with everything already imported. Otherwise (the dashboard
    runs this from a worker thread, and plain ``fork`` could copy a held lock) the fork
    server, which preloads the analysis modules once so each worker starts quickly."""
    import multiprocessing  # here: most runs (and the dashboard's first frame) need no pool

    methods = multiprocessing.get_all_start_methods()
    if sys.platform.startswith("linux") and threading.active_count() == 1 and "fork" in methods:
        for stream in (sys.stdout, sys.stderr):  # else a child could flush a copy of it
            if stream is not None:
                stream.flush()
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(_PRELOAD)
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


def _new_pool(workers: int, *, nice: int = 0) -> ProcessPoolExecutor:
    """A process pool; ``nice``: how much lower its workers' scheduling priority is than
    this process's (see :func:`analysis.pipeline.readahead.start_pool`)."""
    from concurrent.futures import ProcessPoolExecutor

    if nice:
        return ProcessPoolExecutor(
            max_workers=workers,
            mp_context=_pool_context(),
            initializer=_lower_priority,
            initargs=(nice,),
        )
    return ProcessPoolExecutor(max_workers=workers, mp_context=_pool_context())


def _lower_priority(nice: int) -> None:
    """In a new worker: yield the CPU to the dashboard when both want it. (Forked while
    the dashboard paused its garbage collector, see ``tui.startup``: collect here.)"""
    import gc

    gc.enable()
    with contextlib.suppress(OSError):
        os.nice(nice)


def _chunk_size(remaining: int, workers: int) -> int:
    """Documents for the next task: a quarter of each worker's share of what is left, at
    most :data:`CHUNK_DOCUMENTS`, so the last tasks are small and no worker idles long."""
    return max(1, min(CHUNK_DOCUMENTS, remaining // (4 * workers)))


def _chunk_part(
    paths: Sequence[str],
    future: Future[list[list[Any]]],
    index: int,
    max_bytes: int,
    cache_dir: str | None,
) -> list[Event]:
    """The events of ``paths[index]`` from a finished chunk; if the whole task failed (a
    worker died), a failure for that document so the run goes on."""
    try:
        items = future.result()[index]
    except Exception as exc:  # noqa: BLE001 - reported per document, run continues
        return [Failed(_analysis_failure(paths[index], exc))]
    return _received(items, max_bytes, cache_dir)


# ------------------------------------------------------------------ the generator


def run_pipeline(
    inputs: Sequence[str],
    *,
    max_bytes: int | None = None,
    workers: int = 1,
    cancelled: Callable[[], bool] = lambda: False,
    use_cache: bool = True,
    cache_dir: Path | None = None,
    texts: bool = True,
    pool: ProcessPoolExecutor | None = None,
    before_cache: Callable[[], object] | None = None,
    early_sentences: bool = False,
) -> Iterator[Event]:
    """Yield events for every input (see the module docstring for ``texts``).

    ``early_sentences`` (with ``texts``): a document analysed in this thread comes as a
    ``Split`` first, as soon as its sentences are, then as ``Analysed``: the dashboard's
    sentence cursor needs only the sentences.

    ``before_cache`` (with ``texts``): called once the first document's ``Loaded`` was
    taken and reading ahead started, before the cache is opened (its modules, the
    sealing key); the dashboard waits there until its first frame is on screen.

    ``pool``: a process pool the caller started (and shuts down), used instead of one of
    the pipeline's own when there are enough documents for a pool; with ``texts`` it also
    reads the documents after the first (see :mod:`analysis.pipeline.readahead`).

    ``cancelled`` is polled between documents so a worker thread can stop early.
    """
    from analysis.load.files import DEFAULT_MAX_BYTES, expand_inputs

    limit = DEFAULT_MAX_BYTES if max_bytes is None else max_bytes
    expanded = list(expand_inputs(inputs))
    n_files = sum(1 for item in expanded if not isinstance(item, LoadFailure))
    pool_workers = workers if workers > 1 and n_files >= POOL_MIN_DOCUMENTS else 0
    cache_root: str | None = None
    if use_cache:
        from analysis.cache.dirs import default_cache_dir

        cache_root = str(cache_dir or default_cache_dir())
    if texts:
        yield from _with_texts(
            expanded,
            limit,
            pool_workers,
            cancelled,
            cache_root,
            pool,
            before_cache,
            early_sentences,
        )
    else:
        _open_cache(cache_root)
        yield from _headless(expanded, limit, pool_workers, cancelled, cache_root)


def _open_cache(cache_root: str | None) -> AnalysisCache | None:
    """This process's cache for ``cache_root`` (None: no cache), its sealing key made
    sure of before any worker is given analyses to store (see ``AnalysisCache.prepare``)."""
    cache = _cache_for(cache_root)
    if cache is not None:
        cache.prepare()
    return cache


def _headless(
    expanded: list[Path | LoadFailure],
    limit: int,
    pool_workers: int,
    cancelled: Callable[[], bool],
    cache_root: str | None,
) -> Iterator[Event]:
    """``texts=False``: events strictly in input order, analyses without their text.

    With a pool, this thread only lists the files: they go to the workers by path, in
    chunks, and each worker reads, looks up and (if not cached) analyses its files; a
    cache hit comes back as the entry's packed copy and is rebuilt here (see
    :class:`_Packed`). Without a pool everything happens in this thread."""
    if not pool_workers:
        for item in expanded:
            if cancelled():
                return
            if isinstance(item, LoadFailure):
                yield Failed(item)
            else:
                yield from map(_textless, _file_events(str(item), limit, cache_root))
        return
    pool = _new_pool(pool_workers)
    # In input order: a listing failure, or (chunk paths, its future, index in the chunk).
    pending: deque[LoadFailure | tuple[list[str], Future[list[list[Any]]], int]] = deque()
    futures: list[Future[list[list[Any]]]] = []
    remaining = sum(1 for item in expanded if not isinstance(item, LoadFailure))
    chunk: list[str] = []

    def submit_chunk() -> None:
        nonlocal chunk, remaining
        if chunk:
            future = pool.submit(analyze_files, chunk, limit, cache_root)
            futures.append(future)
            pending.extend((chunk, future, index) for index in range(len(chunk)))
            remaining -= len(chunk)
            chunk = []

    try:
        for item in expanded:
            if isinstance(item, LoadFailure):
                submit_chunk()  # keeps input order: documents before, the failure, the rest
                pending.append(item)
                continue
            chunk.append(str(item))
            if len(chunk) >= _chunk_size(remaining, pool_workers):
                submit_chunk()
        submit_chunk()
        while pending:
            if cancelled():
                return
            entry = pending.popleft()
            if isinstance(entry, LoadFailure):
                yield Failed(entry)
            else:
                yield from _chunk_part(*entry, limit, cache_root)
    finally:
        for future in futures:
            future.cancel()
        pool.shutdown(wait=False, cancel_futures=True)


def _with_texts(
    expanded: list[Path | LoadFailure],
    limit: int,
    pool_workers: int,
    cancelled: Callable[[], bool],
    cache_root: str | None,
    given_pool: ProcessPoolExecutor | None = None,
    before_cache: Callable[[], object] | None = None,
    early_sentences: bool = False,
) -> Iterator[Event]:
    """``texts=True``: every document is loaded (``Loaded`` at once) and looked up in the
    cache; what is not cached is analysed here or, in chunks, by the pool (started on the
    first miss, so a fully cached run never starts one).

    Documents are loaded in this thread, except with ``given_pool`` (and a pool's worth of
    documents): then that pool reads every document after the first and looks it up
    (:func:`analysis.pipeline.readahead.fetch_files`), and this thread only rebuilds what comes
    back — the dashboard's process keeps its interpreter for the screen. What is not
    cached is still analysed by the pipeline's own pool, whose fork server is preloaded
    with NLTK (analysing in ``given_pool`` measured 10 s against 6 s for a cold
    1,000-document corpus).

    The first document's ``Loaded`` comes first: the dashboard shows it in its first
    frame. Then the reading ahead is handed to ``given_pool``, and ``before_cache`` is
    called (the dashboard waits there for that frame) before the cache is opened here."""
    cache: AnalysisCache | None = None
    pool: ProcessPoolExecutor | None = None  # analyses; started on the first miss
    fetch_pool = given_pool if pool_workers else None
    big_pool: ProcessPoolExecutor | None = None
    # Each entry: the documents in flight and how to get their events once done.
    pending: deque[tuple[Future[Any], Callable[[], list[Event]]]] = deque()
    ahead: ReadAhead | None = None  # documents after the first, read by ``given_pool``
    remaining = sum(1 for item in expanded if not isinstance(item, LoadFailure))
    chunk: list[Document] = []
    chunk_chars = 0
    handovers: list[str] = []  # files big documents' analyses come back through

    def submit_chunk() -> None:
        nonlocal pool, chunk, chunk_chars
        if not chunk:
            return
        if pool is None:
            pool = _new_pool(pool_workers)
        docs = chunk
        future = pool.submit(analyze_documents, docs, cache_root)
        pending.append((future, lambda: _events_with_texts(docs, future)))
        chunk, chunk_chars = [], 0

    def drain_done() -> Iterator[Event]:
        while pending and pending[0][0].done():
            yield from pending.popleft()[1]()

    def received(
        loaded: Document,
        hit: DocumentAnalysis | None,
        looked_up: bool = True,
        announced: bool = False,
    ) -> Iterator[Event]:
        """A loaded document's events: ``Loaded`` (unless ``announced`` already), then its
        cached analysis (``hit``, else looked up now), or its analysis here, or (in the
        pool) later."""
        nonlocal pool, big_pool, chunk_chars
        if not announced:
            yield Loaded(loaded)  # on screen before a big document's cache entry is read
        big = len(loaded.text) > BIG_CHARS
        handover = new_handover_file() if big and hit is None else None
        if handover is not None:
            handovers.append(handover)  # its worker looks the entry up (it can be huge)
        elif not looked_up and cache is not None:
            hit = cache.get(loaded)
        if hit is not None:
            yield Analysed(hit, cached=True)
            return
        if big:
            if pool_workers:
                if pool is None:
                    pool = _new_pool(pool_workers)
                runner = pool
            else:
                if big_pool is None:
                    big_pool = _new_pool(1)
                runner = big_pool
            args = (loaded.path, loaded.sha256, limit, cache_root, handover)
            job = runner.submit(analyze_path, *args)
            pending.append((job, _big_events(loaded, job, cache_root, handover)))
        elif pool_workers:
            chunk.append(loaded)
            chunk_chars += len(loaded.text)
            if len(chunk) >= _chunk_size(remaining, pool_workers) or chunk_chars >= CHUNK_CHARS:
                submit_chunk()
        else:
            if early_sentences:
                loaded = _split_early(loaded)
                if loaded.sentences:
                    yield Split(loaded)
            yield _analysis_event(loaded, lambda d=loaded: analyze_loaded(d, cache_root))

    def read_here(path: str) -> Iterator[Event]:
        """Load ``path`` in this thread, look it up, go on as :func:`received`."""
        for loaded in _load_listed(path, limit):
            if isinstance(loaded, LoadFailure):
                yield Failed(loaded)
                continue
            yield from received(loaded, None, looked_up=False)

    try:
        first = True
        for index, item in enumerate(expanded):  # all, or (prefetching) up to the first
            if cancelled():
                return
            if isinstance(item, LoadFailure):
                yield Failed(item)
                continue
            remaining -= 1
            for loaded in _load_listed(str(item), limit):
                if isinstance(loaded, LoadFailure):
                    yield Failed(loaded)
                    continue
                announced = first
                if first:
                    yield Loaded(loaded)
                    if fetch_pool is not None:  # its workers read while the screen is drawn
                        from analysis.pipeline.readahead import ReadAhead, ReadHere

                        ahead = ReadAhead(expanded[index + 1 :], fetch_pool, limit, cache_root)
                    if before_cache is not None:
                        before_cache()
                        if cancelled():  # the dashboard quit while this waited
                            return
                    cache = _open_cache(cache_root)
                first = False
                early = cache is not None and len(loaded.text) <= BIG_CHARS
                hit = cache.get(loaded) if early else None
                yield from received(loaded, hit, looked_up=early, announced=announced)
            yield from drain_done()
            if ahead:
                break
        for entry in ahead or ():
            if cancelled():
                return
            if isinstance(entry, LoadFailure):
                yield Failed(entry)
                continue
            for items_of_path in entry:
                remaining -= 1
                for got in items_of_path:
                    if isinstance(got, LoadFailure):
                        yield Failed(got)
                    elif isinstance(got, ReadHere):
                        yield from read_here(got.path)
                    else:
                        yield from received(got.document, got.cached())
                yield from drain_done()
        submit_chunk()
        while pending:
            if cancelled():
                return
            yield from pending.popleft()[1]()
    finally:
        for future, _events in pending:
            future.cancel()
        if ahead is not None:
            ahead.close()
        for executor in (pool, big_pool):
            if executor is not None:
                executor.shutdown(wait=False, cancel_futures=True)
        for handover in handovers:  # those never read (a worker still writing one fails)
            discard_handover_file(handover)


def _events_with_texts(docs: list[Document], future: Future[list[Event]]) -> list[Event]:
    """A finished chunk's events, each analysis given back its document's text."""
    try:
        events = future.result()
    except Exception as exc:  # noqa: BLE001 - a dead worker costs its chunk, not the run
        return [Failed(_analysis_failure(doc.path, exc)) for doc in docs]
    out: list[Event] = []
    for doc, event in zip(docs, events, strict=True):
        if type(event) is Analysed:
            analysis = event.analysis
            event = Analysed(replace(analysis, document=replace(analysis.document, text=doc.text)))
        out.append(event)
    return out


def _big_events(
    doc: Document,
    future: Future[DocumentAnalysis | Handover | None],
    cache_root: str | None,
    handover: str | None = None,
) -> Callable[[], list[Event]]:
    def events() -> list[Event]:
        cached = False

        def compute() -> DocumentAnalysis:
            nonlocal cached
            try:
                result = future.result()
                if isinstance(result, Handover):
                    assert handover is not None
                    try:
                        analysis = read_analysis(doc, result, handover)
                    except (OSError, ValueError):  # not expected: analyse the text here
                        result = None
                    else:
                        cached = result.cached
                        return analysis
            finally:
                if handover is not None:
                    discard_handover_file(handover)
            if result is None:  # the file changed under us: analyse the text we showed
                return analyze_loaded(doc, cache_root)
            return replace(result, document=replace(result.document, text=doc.text))

        event = _analysis_event(doc, compute)
        if cached and type(event) is Analysed:
            event = Analysed(event.analysis, cached=True)
        return [event]

    return events
