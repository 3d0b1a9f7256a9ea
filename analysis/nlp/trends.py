"""A term's relative frequency across the documents of a corpus (in their order) or across
the segments of one document (chapters, or ten equal parts)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from analysis.model import Document, KwicHit
from analysis.nlp.dispersion import Dispersion, document_dispersion, per_million
from analysis.nlp.segments import Segment, count_words


@dataclass(frozen=True, slots=True)
class TrendPoint:
    """One document or segment: its label, the term's hits and the words it holds."""

    label: str
    hits: int
    words: int

    @property
    def per_million(self) -> float:
        return per_million(self.hits, self.words)


def across_documents(docs: Sequence[Document], hits: Sequence[KwicHit]) -> list[TrendPoint]:
    """One point per document, in the given order."""
    per_doc = Counter(hit.path for hit in hits)
    return [
        TrendPoint(doc.title or doc.path, per_doc[doc.path], count_words(doc.text)) for doc in docs
    ]


def across_segments(
    doc: Document, hits: Sequence[KwicHit], segments: Sequence[Segment] | None = None
) -> list[TrendPoint]:
    """One point per segment of ``doc`` (its chapters, or ten equal parts when None)."""
    spread = dispersion_of(doc, hits, segments)
    return [
        TrendPoint(segment.title, n, words)
        for segment, n, words in zip(
            spread.segments, spread.segment_hits, spread.segment_words, strict=True
        )
    ]


def dispersion_of(
    doc: Document, hits: Sequence[KwicHit], segments: Sequence[Segment] | None = None
) -> Dispersion:
    """:func:`document_dispersion` of the hits that are in ``doc``."""
    return document_dispersion(doc, [h.start for h in hits if h.path == doc.path], segments)
