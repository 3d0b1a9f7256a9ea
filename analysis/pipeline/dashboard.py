"""The dashboard's run: each document's text at once (``Loaded``), its analysis later."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analysis.model import Document, DocumentAnalysis, LoadFailure
from analysis.pipeline.events import (
    Analysed,
    Event,
    Failed,
    Loaded,
    Split,
    analysis_event,
    analysis_failure,
)
from analysis.pipeline.handover import (
    Handover,
    discard_handover_file,
    new_handover_file,
    read_analysis,
)
from analysis.pipeline.pool import WORKER_NICENESS, chunk_size, new_pool
from analysis.pipeline.work import (
    Fetched,
    ReadHere,
    analyze_documents,
    analyze_loaded,
    analyze_path,
    cache_for,
    load_listed,
)

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

    from analysis.cache.store import AnalysisCache
    from analysis.pipeline.readahead import ReadAhead

BIG_CHARS = 4_000_000
"""Bigger documents are analysed in a process of their own that reads the file itself:
their temporary structures would otherwise inflate the dashboard's memory for good."""

CHUNK_CHARS = 1_000_000
"""A chunk of documents sent to the pool with their text is closed at this much text."""


def open_cache(cache_dir: str | None) -> AnalysisCache | None:
    """This process's cache, its sealing key made sure of before any worker stores."""
    cache = cache_for(cache_dir)
    if cache is not None:
        cache.prepare()
    return cache


class DashboardRun:
    """One run over ``expanded``: documents are loaded here (or, with ``read_pool``, the
    ones after the first by that pool) and looked up in the cache; misses are analysed
    here, or in chunks by a pool of ``pool_workers`` started on the first miss; documents
    over :data:`BIG_CHARS` go to a process of their own."""

    def __init__(
        self,
        expanded: list[Path | LoadFailure],
        limit: int,
        pool_workers: int,
        cancelled: Callable[[], bool],
        cache_dir: str | None,
        read_pool: ProcessPoolExecutor | None = None,
        before_cache: Callable[[], object] | None = None,
        early_sentences: bool = False,
    ) -> None:
        self.expanded = expanded
        self.limit = limit
        self.pool_workers = pool_workers
        self.cancelled = cancelled
        self.cache_dir = cache_dir
        self.read_pool = read_pool if pool_workers else None
        self.before_cache = before_cache
        self.early_sentences = early_sentences
        self.cache: AnalysisCache | None = None
        self.pool: ProcessPoolExecutor | None = None
        self.big_pool: ProcessPoolExecutor | None = None
        self.ahead: ReadAhead | None = None
        # The documents in flight, in order, each with how to get its events once done.
        self.pending: deque[tuple[Future[Any], Callable[[], list[Event]]]] = deque()
        self.remaining = sum(1 for item in expanded if not isinstance(item, LoadFailure))
        self.chunk: list[Document] = []
        self.chunk_chars = 0
        self.handovers: list[str] = []

    def events(self) -> Iterator[Event]:
        try:
            yield from self._read_first()
            if self.cancelled():
                return
            for entry in self.ahead or ():
                if self.cancelled():
                    return
                if isinstance(entry, LoadFailure):
                    yield Failed(entry)
                    continue
                for items in entry:
                    self.remaining -= 1
                    for got in items:
                        yield from self._fetched(got)
                    yield from self._drain_done()
            self._submit_chunk()
            while self.pending:
                if self.cancelled():
                    return
                yield from self.pending.popleft()[1]()
        finally:
            self._close()

    def _read_first(self) -> Iterator[Event]:
        """Every document in this thread, or only up to the first when reading ahead."""
        first = True
        for index, item in enumerate(self.expanded):
            if self.cancelled():
                return
            if isinstance(item, LoadFailure):
                yield Failed(item)
                continue
            self.remaining -= 1
            for loaded in load_listed(str(item), self.limit):
                if isinstance(loaded, LoadFailure):
                    yield Failed(loaded)
                    continue
                if first:
                    first = False
                    yield Loaded(loaded)
                    if not self._after_first(index):
                        return
                    yield from self._received(loaded, announced=True)
                else:
                    yield from self._received(loaded)
            yield from self._drain_done()
            if self.ahead:
                return

    def _after_first(self, index: int) -> bool:
        """Once the first document is out: reading ahead starts, the caller may hold us
        (its first frame), then the cache opens. False if cancelled meanwhile."""
        if self.read_pool is not None:
            from analysis.pipeline.readahead import ReadAhead

            rest = self.expanded[index + 1 :]
            self.ahead = ReadAhead(rest, self.read_pool, self.limit, self.cache_dir)
        if self.before_cache is not None:
            self.before_cache()
            if self.cancelled():
                return False
        self.cache = open_cache(self.cache_dir)
        return True

    def _fetched(self, got: Fetched | LoadFailure | ReadHere) -> Iterator[Event]:
        if isinstance(got, LoadFailure):
            yield Failed(got)
        elif isinstance(got, ReadHere):
            for loaded in load_listed(got.path, self.limit):
                if isinstance(loaded, LoadFailure):
                    yield Failed(loaded)
                else:
                    yield from self._received(loaded)
        else:
            yield from self._received(got.document, got.rebuild(), looked_up=True)

    def _received(
        self,
        loaded: Document,
        hit: DocumentAnalysis | None = None,
        *,
        looked_up: bool = False,
        announced: bool = False,
    ) -> Iterator[Event]:
        """A loaded document's events: ``Loaded`` (unless ``announced``), then its cached
        analysis, or its analysis here, or (in a pool) later."""
        if not announced:
            yield Loaded(loaded)  # on screen before a big document's cache entry is read
        big = len(loaded.text) > BIG_CHARS
        if big and hit is None:
            yield from self._big(loaded)
            return
        if not looked_up and self.cache is not None:
            hit = self.cache.get(loaded)
        if hit is not None:
            yield Analysed(hit, cached=True)
        elif self.pool_workers:
            self.chunk.append(loaded)
            self.chunk_chars += len(loaded.text)
            full = len(self.chunk) >= chunk_size(self.remaining, self.pool_workers)
            if full or self.chunk_chars >= CHUNK_CHARS:
                self._submit_chunk()
        else:
            if self.early_sentences:
                loaded = _split_early(loaded)
                if loaded.sentences:
                    yield Split(loaded)
            yield analysis_event(loaded, lambda: analyze_loaded(loaded, self.cache_dir))

    def _big(self, loaded: Document) -> Iterator[Event]:
        """A big document goes to a worker that reads the file and its cache entry itself
        and hands the analysis back through a file (``handover.py``)."""
        handover = new_handover_file()
        if handover is not None:
            self.handovers.append(handover)
        elif self.cache is not None:  # no file: look it up here after all
            hit = self.cache.get(loaded)
            if hit is not None:
                yield Analysed(hit, cached=True)
                return
        if self.pool_workers:
            runner = self.pool = self.pool or new_pool(self.pool_workers)
        else:
            # Low priority: on a busy machine the reader's page-downs come first.
            runner = self.big_pool = self.big_pool or new_pool(1, nice=WORKER_NICENESS)
        args = (loaded.path, loaded.sha256, self.limit, self.cache_dir, handover)
        job = runner.submit(analyze_path, *args)
        self.pending.append((job, lambda: [self._big_event(loaded, job, handover)]))

    def _big_event(
        self, doc: Document, job: Future[DocumentAnalysis | Handover | None], handover: str | None
    ) -> Event:
        cached = False

        def compute() -> DocumentAnalysis:
            nonlocal cached
            try:
                result = job.result()
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
                return analyze_loaded(doc, self.cache_dir)
            return replace(result, document=replace(result.document, text=doc.text))

        event = analysis_event(doc, compute)
        if cached and type(event) is Analysed:
            return Analysed(event.analysis, cached=True)
        return event

    def _submit_chunk(self) -> None:
        if not self.chunk:
            return
        self.pool = self.pool or new_pool(self.pool_workers)
        docs = self.chunk
        future = self.pool.submit(analyze_documents, docs, self.cache_dir)
        self.pending.append((future, lambda: _chunk_events(docs, future)))
        self.chunk, self.chunk_chars = [], 0

    def _drain_done(self) -> Iterator[Event]:
        while self.pending and self.pending[0][0].done():
            yield from self.pending.popleft()[1]()

    def _close(self) -> None:
        for future, _events in self.pending:
            future.cancel()
        if self.ahead is not None:
            self.ahead.close()
        for executor in (self.pool, self.big_pool):
            if executor is not None:
                executor.shutdown(wait=False, cancel_futures=True)
        for handover in self.handovers:  # those never read (a worker still writing one fails)
            discard_handover_file(handover)


def _chunk_events(docs: list[Document], future: Future[list[Fetched | LoadFailure]]) -> list[Event]:
    """A finished chunk's events, each analysis given back its document's text."""
    try:
        results = future.result()
    except Exception as exc:  # noqa: BLE001 - a dead worker costs its chunk, not the run
        return [Failed(analysis_failure(doc.path, exc)) for doc in docs]
    events: list[Event] = []
    for doc, result in zip(docs, results, strict=True):
        if isinstance(result, LoadFailure):
            events.append(Failed(result))
        else:
            analysis = result.rebuild(doc.text)
            assert analysis is not None  # analysed there, never packed
            events.append(Analysed(analysis))
    return events


def _split_early(doc: Document) -> Document:
    """``doc`` with its sentences; unchanged if splitting fails (its analysis says why)."""
    from analysis.load.files import with_sentences

    try:
        return with_sentences(doc)
    except Exception:  # noqa: BLE001 - the analysis that follows reports it
        return doc
