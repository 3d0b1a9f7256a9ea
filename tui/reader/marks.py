"""What the reading pane marks on the text, as character ranges: cursor, selection, keyword
highlights, bookmarks, search matches, placeholders and sentiment tint.

:class:`TextMarks` answers which overlay layers cover a row's characters; :mod:`tui.reader.rows`
styles them. Passage functions work on sentence indices. No Textual here."""

from __future__ import annotations

import math
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from typing import TYPE_CHECKING

from analysis.model import Document, Span
from analysis.sanitize import unsafe_positions
from tui.reader.spans import SpanSet, index_at

if TYPE_CHECKING:
    from tui.reader.search import PaneSearch

__all__ = [
    "BOILERPLATE",
    "CONTROL",
    "CURRENT",
    "CURSOR",
    "KEYWORD",
    "MARK",
    "MATCH",
    "SELECTION",
    "Layers",
    "TextMarks",
    "boilerplate_spans",
    "next_paragraph",
    "passage_span",
    "previous_paragraph",
    "sentence_at",
    "sentence_under",
    "tint_bucket",
]

# Overlay layers of a character, as bits; styles apply in this order (later wins).
MARK, SELECTION, CURSOR, KEYWORD, MATCH, CURRENT, CONTROL = (1 << i for i in range(7))
BOILERPLATE = 1 << 7
"""Text outside the document's content span (a Gutenberg header or licence): dimmed."""

Layers = list[tuple[int, list[tuple[int, int]]]]
"""(layer bit, character ranges it covers) pairs, as :func:`tui.reader.spans.style_runs` takes."""


def tint_bucket(compound: float) -> int:
    """-3..3: the sign and strength of a VADER compound score (0 for neutral)."""
    if not math.isfinite(compound) or abs(compound) < 0.05:
        return 0
    level = 1 if abs(compound) < 0.35 else 2 if abs(compound) < 0.65 else 3
    return level if compound > 0 else -level


def boilerplate_spans(document: Document | None) -> list[Span]:
    """The text before and after the document's content span (shown dimmed)."""
    if document is None or document.content is None:
        return []
    start, end = document.content
    spans = (Span(0, start), Span(end, len(document.text)))
    return [span for span in spans if span.end > span.start]


# ------------------------------------------------------------------ passages
def sentence_at(sentences: Sequence[tuple[int, int]], offset: int) -> int:
    """The sentence containing ``offset``, else the next one (else the last). Needs one."""
    index = max(index_at(sentences, offset), 0)
    if sentences[index][1] <= offset and index + 1 < len(sentences):
        index += 1
    return index


def sentence_under(sentences: Sequence[tuple[int, int]], offset: int, row_start: int) -> int:
    """The sentence a click at ``offset`` means, on a row starting at ``row_start``: the one
    containing it, or the one before it on that row (whitespace after a sentence belongs
    to it), else as :func:`sentence_at`. Needs a sentence."""
    index = index_at(sentences, offset)
    if index >= 0 and sentences[index][1] > row_start:
        return index
    return sentence_at(sentences, offset)


def passage_span(sentences: Sequence[tuple[int, int]], anchor: int, cursor: int) -> Span:
    """The whole sentences from ``anchor`` to ``cursor`` (in either order)."""
    lo, hi = sorted((anchor, cursor))
    return Span(sentences[lo][0], sentences[hi][1])


def next_paragraph(paragraphs: Sequence[int], index: int, count: int) -> int:
    """The first sentence of the paragraph after sentence ``index``'s (or the last one).

    ``paragraphs`` is each sentence's paragraph; when it does not cover the ``count``
    sentences (not split yet), this is just the next sentence."""
    if len(paragraphs) != count:
        return index + 1
    return min(bisect_right(paragraphs, paragraphs[index]), count - 1)


def previous_paragraph(paragraphs: Sequence[int], index: int, count: int) -> int:
    """The first sentence of the paragraph before sentence ``index``'s (or the first one);
    just the previous sentence while ``paragraphs`` does not cover the ``count`` sentences."""
    if len(paragraphs) != count:
        return index - 1
    first_here = bisect_left(paragraphs, paragraphs[index])
    if first_here == 0:
        return 0
    return bisect_left(paragraphs, paragraphs[first_here - 1])


# ------------------------------------------------------------------- marks
class TextMarks:
    """What the app marks on one document until it changes: keyword highlights
    (:attr:`highlights`), bookmarked ranges (:attr:`bookmarks`) and each sentence's tint
    bucket (:attr:`buckets`, aligned with the sentences; empty: no scores)."""

    def __init__(self) -> None:
        self.highlights = SpanSet()
        self.bookmarks = SpanSet()
        self.boilerplate = SpanSet()
        self.buckets = array("b")

    def set_scores(self, compounds: Sequence[float] | None) -> None:
        """Bucket sentence compounds for the tint (``None``: no scores)."""
        self.buckets = array("b", map(tint_bucket, compounds or ()))

    def layers(
        self,
        text: str,
        a: int,
        b: int,
        *,
        selection: Span | None,
        cursor: Span | None,
        search: PaneSearch | None,
    ) -> Layers:
        """The overlays meeting characters ``[a, b)`` of ``text``: these marks, the selected
        passage, the cursor sentence, search matches (and the current one) and the
        characters drawn as placeholders."""
        layers: Layers = []

        def clip(bit: int, start: int, end: int) -> None:
            if start < b and end > a:
                layers.append((bit, [(max(start, a), min(end, b))]))

        if self.boilerplate:
            layers.append((BOILERPLATE, self.boilerplate.overlapping(a, b)))
        if self.bookmarks:
            layers.append((MARK, self.bookmarks.overlapping(a, b)))
        if self.highlights:
            layers.append((KEYWORD, self.highlights.overlapping(a, b)))
        if selection is not None:
            clip(SELECTION, *selection)
        if cursor is not None:
            clip(CURSOR, *cursor)
        if search:
            layers.append((MATCH, search.overlapping(a, b)))
            current = search.current_span()
            if current is not None:
                clip(CURRENT, *current)
        controls = unsafe_positions(text, a, b)
        if controls:
            layers.append((CONTROL, [(p, p + 1) for p in controls]))
        return layers

    def tints(
        self, sentences: Sequence[tuple[int, int]], a: int, b: int
    ) -> list[tuple[int, int, int]]:
        """``(start, end, bucket)`` of the tinted sentences meeting ``[a, b)``, clipped to it."""
        buckets = self.buckets
        if not buckets or not len(sentences):
            return []
        tints = []
        i = max(index_at(sentences, a), 0)
        while i < len(sentences) and i < len(buckets):
            s, e = sentences[i]
            if s >= b:
                break
            if e > a and buckets[i]:
                tints.append((max(s, a), min(e, b), buckets[i]))
            i += 1
        return tints
