"""Where a term's hits fall: Gries' deviation of proportions (DP), frequency per million
words, and the cell counts of a one-line "barcode" plot.

DP compares the share of hits in each part with the part's share of the words: 0 when
hits follow the words exactly, towards 1 when they crowd into one part.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from analysis.model import Document
from analysis.nlp.segments import (
    Segment,
    count_in_segments,
    document_segments,
    segment_bounds,
)
from analysis.nlp.segments import segment_words as words_per_segment


def deviation_of_proportions(counts: Sequence[int], sizes: Sequence[float]) -> float | None:
    """Gries' DP (2008): half the sum over parts of |hit share - size share|; None when
    there are no hits (or no sizes)."""
    hits = sum(counts)
    size = math.fsum(sizes)
    if hits <= 0 or size <= 0:
        return None
    return 0.5 * math.fsum(abs(c / hits - s / size) for c, s in zip(counts, sizes, strict=True))


def normalised_dp(counts: Sequence[int], sizes: Sequence[float]) -> float | None:
    """DP divided by its largest possible value ``1 - smallest size share`` (Lijffijt and
    Gries 2012), so all hits in the smallest part gives 1 whatever the parts."""
    dp = deviation_of_proportions(counts, sizes)
    if dp is None:
        return None
    size = math.fsum(sizes)
    most = 1.0 - min(sizes) / size
    return 0.0 if most <= 0 else min(1.0, dp / most)


def per_million(hits: int, words: int) -> float:
    """Hits per million words (0 for an empty text)."""
    return hits * 1_000_000 / words if words > 0 else 0.0


def barcode(offsets: Sequence[int], length: int, width: int) -> list[int]:
    """Hits per cell when a text of ``length`` characters is drawn in ``width`` cells."""
    cells = [0] * max(0, width)
    if width <= 0 or length <= 0:
        return cells
    for offset in offsets:
        cells[min(width - 1, max(0, offset * width // length))] += 1
    return cells


@dataclass(frozen=True, slots=True)
class Dispersion:
    """A term in one document: hits, size, rate and how evenly the hits spread."""

    path: str
    title: str
    hits: int
    words: int
    per_million: float
    dp: float | None
    """Normalised DP over the document's segments (None without hits)."""
    segments: tuple[Segment, ...]
    segment_hits: tuple[int, ...]
    segment_words: tuple[int, ...]


def document_dispersion(
    doc: Document, offsets: Sequence[int], segments: Sequence[Segment] | None = None
) -> Dispersion:
    """How the hits at ``offsets`` spread over ``doc``'s ``segments`` (by default its
    chapters, or ten equal parts)."""
    text = doc.text
    parts = list(segments) if segments else document_segments(text, doc.outline)
    parts.sort(key=lambda s: s.start)
    bounds = segment_bounds(parts, len(text))
    sizes = words_per_segment(text, parts)
    counts = count_in_segments(offsets, bounds)
    words = sum(sizes)
    return Dispersion(
        path=doc.path,
        title=doc.title,
        hits=len(offsets),
        words=words,
        per_million=per_million(len(offsets), words),
        dp=normalised_dp(counts, sizes),
        segments=tuple(parts),
        segment_hits=tuple(counts),
        segment_words=tuple(sizes),
    )
