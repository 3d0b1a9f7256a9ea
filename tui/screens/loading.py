"""Loading, as the dashboard sees it: the pipeline's events handed to the UI thread in
batches (one repaint per event would make a big corpus wait on the screen), what they
brought kept on a :class:`Shelf` (data only, no widgets), and the status line's account."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from analysis.load import progress as load_progress
from analysis.model import Document, DocumentAnalysis, LoadFailure
from analysis.pipeline import Analysed, Event, Failed, Loaded, Split
from analysis.sanitize import clean_line
from tui.feed import PipelineFeed

if TYPE_CHECKING:
    from analysis.nlp.corpus import Corpus

BATCH_SECONDS = 0.25
"""How often the loading worker hands its results to the UI."""


def hand_over(
    feed: PipelineFeed, deliver: Callable[[list[Event]], None], cancelled: Callable[[], bool]
) -> bool:
    """Pass the feed's events to ``deliver`` in batches until the pipeline is done (True),
    or until ``cancelled()`` (False: the pipeline is cancelled too). Runs in a thread."""
    batch: list[Event] = []
    flushed = 0.0  # the first event goes out at once: it puts the first document on screen
    first = True  # until the first sentences or analysis went out
    while not feed.finished:
        if cancelled():
            feed.cancel()
            return False
        event = feed.next(timeout=BATCH_SECONDS)
        if event is not None:
            batch.append(event)
        # Hand results over in batches: one UI update per event costs a repaint each,
        # which made a 1,000-document corpus wait on the screen rather than on analysis.
        # The first document's sentences go at once: keys may be waiting for them.
        urgent = isinstance(event, Split) or (isinstance(event, Analysed) and first)
        first = first and not urgent
        if batch and (urgent or time.monotonic() - flushed >= BATCH_SECONDS):
            deliver(batch)
            batch = []
            flushed = time.monotonic()
    if batch:
        deliver(batch)
    return True


def progress_parts(
    total: int, done: int, failed: int, *, loading_done: bool, held: str | None
) -> list[str]:
    """The status line's account of loading: counts, failures, keys held, the page a big
    book is being read at."""
    noun = "document" if total == 1 else "documents"
    parts = [f"{total} {noun}" if loading_done and done >= total else f"{done}/{total} analysed"]
    if failed:
        parts.append(f"{failed} failed")
    if not loading_done:
        parts.append("loading…")
    if held:
        parts.append(held)
    if not loading_done and (reading := load_progress.current()):
        parts.append(clean_line(reading.describe()))
    return parts


class Shelf:
    """The documents loaded so far, in library order, and what is known of each."""

    def __init__(self) -> None:
        self.documents: dict[str, Document] = {}
        """By path; a document is replaced by its split version when its sentences come."""
        self.analyses: dict[str, DocumentAnalysis] = {}
        self.failures: list[LoadFailure] = []
        self.order: list[str] = []
        self.unsplit: set[str] = set()
        """Loaded documents whose analysis failed: their sentences will not come."""
        self._corpus: Corpus | None = None

    @property
    def corpus(self) -> Corpus:
        """All analysed documents, for TF-IDF and KWIC. Built on first use: importing it
        imports NLTK, which must not delay the first frame."""
        if self._corpus is None:
            from analysis.nlp.corpus import Corpus

            self._corpus = Corpus()
        return self._corpus

    def take(self, event: Event) -> bool:
        """Keep what ``event`` brought; False for sentences that come after the analysis
        (the analysed document has them already)."""
        if isinstance(event, Split):
            doc = event.document
            if doc.path not in self.documents or doc.path in self.analyses:
                return False
            self.documents[doc.path] = doc
        elif isinstance(event, Loaded):
            self.documents[event.document.path] = event.document
            self.order.append(event.document.path)
        elif isinstance(event, Failed):
            if event.failure.path in self.documents:  # loaded, but its analysis failed
                self.unsplit.add(event.failure.path)
            self.failures.append(event.failure)
        elif isinstance(event, Analysed):
            path = event.analysis.document.path
            self.analyses[path] = event.analysis
            self.documents[path] = event.analysis.document  # now with its sentences split
            self.corpus.add(event.analysis)
        return True

    def slot(self, path: str) -> int | None:
        """The analysed document's index in :attr:`corpus` (None before its analysis)."""
        return self.corpus.index_of(path) if path in self.analyses else None
