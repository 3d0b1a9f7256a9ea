"""Per-chapter figures for the outline: where each chapter ends, its words, its mood."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from analysis.model import Document, OutlineEntry

_WORD = re.compile(r"\w+(?:['’]\w+)*")


@dataclass(frozen=True, slots=True)
class ChapterSummary:
    """One outline entry with the span it heads (up to the next entry of any level, or
    the end of the content), its word count and the mean compound of its sentences."""

    entry: OutlineEntry
    end: int
    words: int
    compound: float | None
    """``None`` until the document's sentences are scored."""


def chapter_index(outline: Sequence[OutlineEntry], offset: int) -> int | None:
    """Index of the entry whose chapter holds ``offset`` (None before the first one)."""
    index = bisect_right([entry.start for entry in outline], offset) - 1
    return index if index >= 0 else None


def chapter_summaries(doc: Document, arc: Sequence[float] | None = None) -> list[ChapterSummary]:
    """Every outline entry of ``doc`` with its extent, words and (given the sentence
    compounds ``arc``, aligned with ``doc.sentences``) its mean sentence compound."""
    outline = doc.outline
    content_end = doc.content_span.end
    out: list[ChapterSummary] = []
    for i, entry in enumerate(outline):
        end = outline[i + 1].start if i + 1 < len(outline) else max(content_end, entry.start)
        words = sum(1 for _ in _WORD.finditer(doc.text, entry.start, end))
        out.append(ChapterSummary(entry, end, words, _mean_compound(doc, arc, entry.start, end)))
    return out


def _mean_compound(
    doc: Document, arc: Sequence[float] | None, start: int, end: int
) -> float | None:
    if arc is None or len(arc) != len(doc.sentences) or not len(doc.sentences):
        return None
    first = doc.sentence_at(start)
    if first is None:
        return None
    values = []
    for i in range(first, len(doc.sentences)):
        if doc.sentences[i].start >= end:
            break
        values.append(arc[i])
    return sum(values) / len(values) if values else 0.0
