"""Parts of a document for dispersion and trends: its chapters when an outline gives them,
else ten equal parts. A segmenting is a list of ``(title, start)`` pairs, so any outline
can plug in."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from typing import NamedTuple

from analysis.model import OutlineEntry
from analysis.nlp.terms import WORD_RE, chunk_bounds

EQUAL_PARTS = 10

_SPACE_RE = re.compile(r"\s")


class Segment(NamedTuple):
    """A part of a document from ``start`` to the next segment's start (or the end)."""

    title: str
    start: int


def equal_segments(text: str, parts: int = EQUAL_PARTS) -> list[Segment]:
    """``parts`` segments of about equal length, each starting after white space so no
    word is cut; a short text may get fewer."""
    parts = max(1, parts)
    n = len(text)
    starts = [0]
    for i in range(1, parts):
        m = _SPACE_RE.search(text, i * n // parts)
        if m is None:
            break
        cut = m.end()
        if starts[-1] < cut < n:
            starts.append(cut)
    count = len(starts)
    return [Segment(f"{i + 1}/{count}", start) for i, start in enumerate(starts)]


def chapter_segments(outline: Sequence[OutlineEntry]) -> list[Segment] | None:
    """A document's chapters as segments: the outline level with the most headings (the
    chapters rather than the parts above them); None with fewer than two."""
    by_level: dict[int, list[Segment]] = {}
    for entry in outline:
        by_level.setdefault(entry.level, []).append(Segment(entry.title, entry.start))
    best = max(by_level.values(), key=len, default=[])
    return best if len(best) >= 2 else None


def document_segments(text: str, outline: Sequence[OutlineEntry]) -> list[Segment]:
    """The parts dispersion and trends use: the chapters when there are some, else ten
    equal parts."""
    return chapter_segments(outline) or equal_segments(text)


def segment_bounds(segments: Sequence[Segment], length: int) -> list[tuple[int, int]]:
    """``(start, end)`` of each segment in a text of ``length`` characters, in order.
    Text before the first segment (a title page before chapter one) counts with it."""
    ordered = sorted(segments, key=lambda s: s.start)
    if not ordered:
        return [(0, length)]
    starts = [0, *(min(max(0, s.start), length) for s in ordered[1:])]
    ends = [*starts[1:], length]
    return list(zip(starts, ends, strict=True))


def count_words(text: str, start: int = 0, end: int | None = None) -> int:
    """Words of ``text[start:end]`` as the statistics count them (numbers included)."""
    piece = text if start == 0 and (end is None or end >= len(text)) else text[start:end]
    return sum(len(WORD_RE.findall(piece, lo, hi)) for lo, hi in chunk_bounds(piece))


def segment_words(text: str, segments: Sequence[Segment]) -> list[int]:
    """Words in each segment (in start order)."""
    return [count_words(text, lo, hi) for lo, hi in segment_bounds(segments, len(text))]


def segment_of(offset: int, bounds: Sequence[tuple[int, int]]) -> int:
    """Index of the segment of ``bounds`` holding ``offset``."""
    starts = [lo for lo, _ in bounds]
    return max(0, bisect_right(starts, offset) - 1)


def count_in_segments(offsets: Sequence[int], bounds: Sequence[tuple[int, int]]) -> list[int]:
    """How many of ``offsets`` fall in each segment of ``bounds``."""
    starts = [lo for lo, _ in bounds]
    counts = [0] * len(bounds)
    for offset in offsets:
        counts[max(0, bisect_right(starts, offset) - 1)] += 1
    return counts
