"""Load and analyse a set of inputs as a stream of events.

Both the headless CLI and the dashboard's worker consume this generator, so the two
always agree on what was loaded, what failed and what each document's analysis is.
Documents are yielded as soon as they are loaded (the dashboard shows them at once);
their analyses follow, computed in this thread or in a process pool.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.context
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass

from analysis.model import Document, DocumentAnalysis, LoadFailure


@dataclass(frozen=True, slots=True)
class Loaded:
    document: Document


@dataclass(frozen=True, slots=True)
class Failed:
    failure: LoadFailure


@dataclass(frozen=True, slots=True)
class Analysed:
    analysis: DocumentAnalysis


Event = Loaded | Failed | Analysed


def default_workers() -> int:
    """Processes to use for analysis: the cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _analyze(doc: Document) -> DocumentAnalysis:
    from analysis.corpus import analyze_document

    return analyze_document(doc)


def _pool_context() -> multiprocessing.context.BaseContext:
    """A start method that is safe from a threaded process (the dashboard runs this from a
    worker thread; plain ``fork`` could copy a held lock). The fork server preloads the
    analysis modules once, so each worker starts in milliseconds."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["analysis.corpus", "analysis.sentences", "analysis.sentiment"])
        return ctx
    return multiprocessing.get_context("spawn")


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
) -> Iterator[Event]:
    """Yield Loaded/Failed events in input order, then (or interleaved) Analysed events.

    With ``workers > 1`` analyses run in a process pool while loading continues.
    ``cancelled`` is polled between documents so a worker thread can stop early.
    """
    from analysis.loader import DEFAULT_MAX_BYTES, load_paths

    limit = DEFAULT_MAX_BYTES if max_bytes is None else max_bytes
    if workers <= 1:
        for item in load_paths(inputs, max_bytes=limit):
            if cancelled():
                return
            if isinstance(item, LoadFailure):
                yield Failed(item)
                continue
            yield Loaded(item)
            yield _analysis_event(item, lambda doc=item: _analyze(doc))
        return

    pending: list[tuple[Document, Future[DocumentAnalysis]]] = []
    with ProcessPoolExecutor(max_workers=workers, mp_context=_pool_context()) as pool:
        try:
            for item in load_paths(inputs, max_bytes=limit):
                if cancelled():
                    return
                if isinstance(item, LoadFailure):
                    yield Failed(item)
                    continue
                yield Loaded(item)
                pending.append((item, pool.submit(_analyze, item)))
                while pending and pending[0][1].done():
                    doc, future = pending.pop(0)
                    yield _analysis_event(doc, future.result)
            while pending:
                if cancelled():
                    return
                doc, future = pending.pop(0)
                yield _analysis_event(doc, future.result)
        finally:
            for _doc, future in pending:
                future.cancel()
