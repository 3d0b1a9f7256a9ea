"""What runs in any process, a pool's worker or the caller's: read, look up, analyse."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from analysis.model import Document, DocumentAnalysis, LoadFailure
from analysis.pipeline.events import analysis_failure
from analysis.pipeline.handover import (
    Handover,
    remove_stale_handover_files,
    write_analysis,
)

if TYPE_CHECKING:
    from analysis.cache.store import AnalysisCache

_CACHES: dict[tuple[str, int], AnalysisCache] = {}


def cache_for(cache_dir: str | None) -> AnalysisCache | None:
    """This process's cache object for ``cache_dir`` (None: no cache). One per process and
    resource generation: its fingerprint is worked out once, its eviction counter sees
    every entry the process writes."""
    if cache_dir is None:
        return None
    from analysis.nlp.resources import generation

    key = (cache_dir, generation())
    cache = _CACHES.get(key)
    if cache is None:
        from analysis.cache.store import AnalysisCache

        cache = _CACHES[key] = AnalysisCache(Path(cache_dir))
    return cache


def load_listed(path: str, max_bytes: int) -> list[Document | LoadFailure]:
    """The document at a listed path (or the failure); several if the file was replaced by
    a folder of files since it was listed, a failure if by an empty one."""
    from analysis.load.files import load_paths

    results = list(load_paths([path], max_bytes=max_bytes, split=False))
    if not results:
        message = f"{os.path.basename(path)} changed into a folder while Lectern was opening it."
        results = [LoadFailure(path, "not-a-file", message)]
    return results


def analyze_loaded(doc: Document, cache_dir: str | None = None) -> DocumentAnalysis:
    """Split (if needed) and analyse one loaded document; store the result in the cache."""
    from analysis.load.files import with_sentences
    from analysis.nlp.corpus import analyze_document

    analysis = analyze_document(with_sentences(doc))
    cache = cache_for(cache_dir)
    if cache is not None:
        cache.put(analysis)
    return analysis


def without_text(analysis: DocumentAnalysis) -> DocumentAnalysis:
    return replace(analysis, document=replace(analysis.document, text=""))


@dataclass(frozen=True, slots=True)
class Fetched:
    """A document a worker read and what it has for it, the one shape a result crosses a
    process boundary in: the cache entry's packed copy (``packed``), or an analysis
    without its text (``analysis``), or neither (not cached, not analysed)."""

    document: Document
    """With its text, or without (``text == ""``) when the caller does not want it."""
    text_length: int
    packed: bytes | None = None
    analysis: DocumentAnalysis | None = None
    from_cache: bool = True

    def rebuild(
        self, text: str | None = None, *, lazy_counts: bool = True
    ) -> DocumentAnalysis | None:
        """The analysis, rebuilt in this process, its document holding ``text`` (default:
        the text as fetched); None if there is none, or the packed copy does not fit."""
        document = self.document if text is None else replace(self.document, text=text)
        if self.packed is not None:
            from analysis.cache.pack import unpack

            try:
                return unpack(document, self.packed, self.text_length, lazy_counts=lazy_counts)
            except ValueError:
                return None
        if self.analysis is not None:
            with_text = replace(self.analysis.document, text=document.text)
            return replace(self.analysis, document=with_text)
        return None


@dataclass(frozen=True, slots=True)
class ReadHere:
    """A file the worker left for the caller to read (too big to hand over)."""

    path: str


Fetches = list[list[Fetched | LoadFailure | ReadHere]]
"""What :func:`read_files` finds: one list per path (usually of one item; several when the
file became a folder since it was listed)."""


def read_files(
    paths: list[str],
    max_bytes: int,
    cache_dir: str | None,
    *,
    analyse: bool = False,
    keep_text: bool = True,
    hand_over_limit: int | None = None,
) -> Fetches:
    """Read every file of ``paths`` and look it up in the cache; with ``analyse``, analyse
    what is not cached (a failing analysis costs its document: a ``LoadFailure``). Files
    over ``hand_over_limit`` bytes are left to the caller (``ReadHere``)."""
    cache = cache_for(cache_dir)
    out: Fetches = []
    for path in paths:
        if hand_over_limit is not None and _size(path) > hand_over_limit:
            out.append([ReadHere(path)])
            continue
        items: list[Fetched | LoadFailure | ReadHere] = []
        for loaded in load_listed(path, max_bytes):
            if isinstance(loaded, LoadFailure):
                items.append(loaded)
            else:
                items.append(_fetched(loaded, cache, cache_dir, analyse, keep_text))
        out.append(items)
    return out


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0  # the loader reports what is wrong with it


def _fetched(
    loaded: Document,
    cache: AnalysisCache | None,
    cache_dir: str | None,
    analyse: bool,
    keep_text: bool,
) -> Fetched | LoadFailure:
    document = loaded if keep_text else replace(loaded, text="")
    length = len(loaded.text)
    found = cache.get_packed(loaded) if cache is not None else None
    if found is not None:
        return Fetched(document, length, packed=found)
    if not analyse:
        return Fetched(document, length)
    return _analysed(loaded, cache_dir)


def _analysed(doc: Document, cache_dir: str | None) -> Fetched | LoadFailure:
    """``doc`` analysed here and handed back without its text (a failing analysis costs
    its document only)."""
    try:
        analysis = analyze_loaded(doc, cache_dir)
    except Exception as exc:  # noqa: BLE001 - reported per document, run continues
        return analysis_failure(doc.path, exc)
    textless = replace(doc, text="")
    return Fetched(textless, len(doc.text), analysis=without_text(analysis), from_cache=False)


def analyze_documents(docs: list[Document], cache_dir: str | None) -> list[Fetched | LoadFailure]:
    """Analyse documents the caller loaded (and holds the texts of)."""
    return [_analysed(doc, cache_dir) for doc in docs]


def analyze_path(
    path: str, sha256: str, max_bytes: int, cache_dir: str | None, handover: str | None = None
) -> DocumentAnalysis | Handover | None:
    """Load a big document again and analyse it here; None if the file changed since.
    With ``handover`` (a file the caller made), the cache is looked up here and the
    per-sentence arrays go to that file (see ``handover.py``); else the analysis comes
    back without its text."""
    from analysis.load.files import load_document

    doc = load_document(path, max_bytes=max_bytes, split=False)
    if doc.sha256 != sha256:
        return None
    if handover is None:
        return without_text(analyze_loaded(doc, cache_dir))
    cache = cache_for(cache_dir)
    hit = cache.get(doc) if cache is not None else None
    analysis = hit if hit is not None else analyze_loaded(doc, cache_dir)
    del doc
    # Files of dashboards killed while their worker was busy (this one's is in use).
    remove_stale_handover_files(os.path.dirname(handover))
    return write_analysis(analysis, handover, cached=hit is not None)
