"""Per-document analysis and the open corpus that ranks keywords across documents.

:func:`analyze_document` depends on one document only: it is pure and its result is
picklable, so it runs in worker threads or a process pool. :class:`Corpus` gathers the
results as they arrive and answers the questions that depend on the whole corpus.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from analysis.model import Document, DocumentAnalysis, Keyword, KwicHit, LocalRanking
from analysis.nlp.content import content_view, pad_sentiment
from analysis.nlp.keywords import (
    CorpusTables,
    distinguishing_of,
    local_ranking,
    rank_prepared,
    top_terms_of,
)
from analysis.nlp.kwic import keyword_in_context
from analysis.nlp.phrases import key_phrases
from analysis.nlp.reference import reference_table
from analysis.nlp.sentiment import summarize_sentiment
from analysis.nlp.stats import document_stats
from analysis.nlp.terms import term_profile


def analyze_document(doc: Document) -> DocumentAnalysis:
    """Statistics, sentiment, term profile and key phrases of one document (of its content
    span only, when it carries boilerplate: see ``analysis.nlp.content``)."""
    reference_table()  # read once per process here, in the worker, not when ranking
    if doc.content is not None:
        view, first_sentence, first_paragraph = content_view(doc)
        sentiment = pad_sentiment(summarize_sentiment(view), first_sentence, first_paragraph, doc)
        terms = term_profile(view)
        return DocumentAnalysis(
            document=doc,
            stats=document_stats(view),
            sentiment=sentiment,
            terms=terms,
            phrases=key_phrases(view),
            ranking=local_ranking(terms),
        )
    terms = term_profile(doc)
    return DocumentAnalysis(
        document=doc,
        stats=document_stats(doc),
        sentiment=summarize_sentiment(doc),
        terms=terms,
        phrases=key_phrases(doc),
        ranking=local_ranking(terms),
    )


class Corpus:
    """The analysed documents that are open, in the order they were added.

    Corpus-wide answers (keywords against the corpus, top terms, distinguishing terms)
    are memoised and forgotten whenever a document is added or removed; document
    frequencies are updated incrementally, so adding a document costs only its own
    vocabulary.

    Not thread-safe: use it from one thread (the UI's). Run :func:`analyze_document` in
    workers and hand the results to :meth:`add` on that thread.
    """

    def __init__(self) -> None:
        self._items: list[DocumentAnalysis] = []
        self._index: dict[str, int] = {}
        """path -> index into ``_items`` (so adding a document is not a scan of the rest)"""
        self._local: dict[str, LocalRanking] = {}
        """path -> what ranking its keywords needs from the document alone"""
        self._tables = CorpusTables()
        self._memo: dict[tuple[Any, ...], tuple[Keyword, ...]] = {}
        self._version = 0

    # ---------------------------------------------------------------- contents

    def add(self, analysis: DocumentAnalysis) -> int:
        """Add an analysis and return its index. A document with the same path replaces
        the earlier one in place (same index)."""
        path = analysis.document.path
        index = self.index_of(path)
        if index is None:
            self._items.append(analysis)
            index = self._index[path] = len(self._items) - 1
        else:
            self._tables.remove(self._items[index].terms)
            self._items[index] = analysis
            self._local.pop(path, None)
        self._tables.add(analysis.terms)
        self._changed()
        return index

    def remove(self, path: str) -> bool:
        """Remove the document at ``path``; later documents move up one index."""
        index = self.index_of(path)
        if index is None:
            return False
        self._tables.remove(self._items.pop(index).terms)
        self._index = {item.document.path: i for i, item in enumerate(self._items)}
        self._local.pop(path, None)
        self._changed()
        return True

    def index_of(self, path: str) -> int | None:
        return self._index.get(path)

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, index: int) -> DocumentAnalysis:
        return self._items[index]

    def __iter__(self) -> Iterator[DocumentAnalysis]:
        return iter(self._items)

    @property
    def analyses(self) -> tuple[DocumentAnalysis, ...]:
        return tuple(self._items)

    @property
    def version(self) -> int:
        """Increases on every change (a cheap way for a view to know it is stale)."""
        return self._version

    def _changed(self) -> None:
        self._version += 1
        self._memo.clear()

    # ---------------------------------------------------------------- questions

    def keywords(self, index: int, top: int = 20) -> tuple[Keyword, ...]:
        """TF-IDF keywords of document ``index`` against the current corpus."""
        target = self._items[index].terms
        return self._memoised(
            ("keywords", index, top),
            lambda: rank_prepared(self._local_ranking(index), target, self._tables, top),
        )

    def _local_ranking(self, index: int) -> LocalRanking:
        """What ranking document ``index``'s keywords needs from the document alone: as
        analysed (and cached) with it, else worked out once here."""
        item = self._items[index]
        if item.ranking is not None:  # worked out where the document was analysed
            return item.ranking
        path = item.document.path
        local = self._local.get(path)
        if local is None:
            local = self._local[path] = local_ranking(item.terms)
        return local

    def top_terms(self, top: int = 20) -> tuple[Keyword, ...]:
        """The corpus's main terms (see :func:`analysis.nlp.keywords.corpus_top_terms`)."""
        profiles = [item.terms for item in self._items]
        return self._memoised(("top", top), lambda: top_terms_of(profiles, self._tables, top))

    def distinguishing(self, index: int, top: int = 20) -> tuple[Keyword, ...]:
        """Terms that set document ``index`` apart from the rest of the corpus."""
        target = self._items[index].terms
        return self._memoised(
            ("distinguishing", index, top), lambda: distinguishing_of(target, self._tables, top)
        )

    def kwic(self, term: str, width: int = 40, limit: int | None = None) -> list[KwicHit]:
        """Every use of ``term`` in the corpus's documents (not memoised: hits are cheap
        to find and a view usually asks once)."""
        docs = [item.document for item in self._items]
        return keyword_in_context(docs, term, width=width, limit=limit)

    def _memoised(
        self, key: tuple[Any, ...], compute: Callable[[], tuple[Keyword, ...]]
    ) -> tuple[Keyword, ...]:
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = compute()
        return found
