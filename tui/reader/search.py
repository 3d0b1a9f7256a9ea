"""Search in the reading pane: one pattern's matches (found a stretch of text at a time), the
match the reader is on, and the scan.

A huge text is scanned for at most :data:`SEARCH_BUDGET` seconds on the UI thread, so the first
matches show at once; :meth:`PaneSearch.finish` scans the rest in an asyncio worker. No Textual."""

from __future__ import annotations

import asyncio
import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from time import monotonic

from analysis.matching import MatchBatch, find_matches

__all__ = [
    "MAX_MATCHES",
    "SEARCH_BUDGET",
    "SEARCH_GROUP",
    "MatchBatch",
    "PaneSearch",
    "TextSearch",
    "compile_pattern",
    "find_matches",
]

MAX_MATCHES = 100_000
"""Search stops counting here (``match_capped`` says so)."""
SEARCH_BUDGET = 0.12
"""Seconds :meth:`ReadingPane.search` may scan before finishing in the background."""
SEARCH_GROUP = "reading-pane-search"
"""Worker group of the background scan: a new search cancels the old one's."""


class TextSearch:
    """All matches of one pattern in one text, found a stretch at a time.

    Matches are kept in two flat arrays (sorted, non-overlapping), at most ``limit`` of them.
    Call :meth:`step` until :attr:`complete`.
    """

    def __init__(self, pattern: re.Pattern[str], text: str, limit: int) -> None:
        self.pattern = pattern
        self.text = text
        self.limit = limit
        self.starts = array("q")
        self.ends = array("q")
        self.capped = False
        self._position = 0
        self.complete = not text

    def __len__(self) -> int:
        return len(self.starts)

    def step(self) -> int:
        """Scan the next stretch; returns how many matches it added."""
        if self.complete:
            return 0
        batch = find_matches(self.pattern, self.text, self._position, limit=self.limit - len(self))
        for start, end in batch.spans:
            self.starts.append(start)
            self.ends.append(end)
        self._position = batch.next_start
        self.capped = len(self) >= self.limit
        self.complete = self.capped or self._position >= len(self.text)
        return len(batch.spans)

    def span(self, index: int) -> tuple[int, int]:
        return self.starts[index], self.ends[index]

    def overlapping(self, start: int, end: int) -> list[tuple[int, int]]:
        """Matches meeting ``[start, end)``, clipped to it."""
        lo, hi = bisect_right(self.ends, start), bisect_left(self.starts, end)
        return [
            (max(s, start), min(e, end))
            for s, e in zip(self.starts[lo:hi], self.ends[lo:hi], strict=True)
        ]

    def nearest(self, offset: int, forward: bool) -> int:
        """Index of the first match starting at/after ``offset`` (or the last one before
        it), wrapping around the text. Only call with at least one match."""
        index = bisect_left(self.starts, offset)
        return (index if forward else index - 1) % len(self)


def compile_pattern(pattern: str, *, regex: bool, case_sensitive: bool) -> re.Pattern[str]:
    """``pattern`` as a compiled regex, matched literally unless ``regex``.

    Raises ``re.error`` for an invalid regex (before anything else changes)."""
    return re.compile(
        pattern if regex else re.escape(pattern), 0 if case_sensitive else re.IGNORECASE
    )


class PaneSearch:
    """All matches of one pattern in the pane's text (at most :data:`MAX_MATCHES`) and the
    one the reader last went to. Falsy while it has no matches."""

    def __init__(self, pattern: re.Pattern[str], text: str) -> None:
        self._matches = TextSearch(pattern, text, MAX_MATCHES)
        self.current: int | None = None
        """0-based index of the match last gone to (``None``: none yet)."""

    def __len__(self) -> int:
        return len(self._matches)

    @property
    def complete(self) -> bool:
        """Has the whole text been scanned (or the cap reached)?"""
        return self._matches.complete

    @property
    def capped(self) -> bool:
        """Did the scan stop at :data:`MAX_MATCHES`?"""
        return self._matches.capped

    def scan_briefly(self) -> bool:
        """Scan for up to :data:`SEARCH_BUDGET` seconds; returns whether it is complete."""
        matches = self._matches
        deadline = monotonic() + SEARCH_BUDGET
        while not matches.complete and monotonic() < deadline:
            matches.step()
        return matches.complete

    async def finish(self, wanted: Callable[[], bool], progress: Callable[[], None]) -> None:
        """Scan the rest, one stretch per turn of the event loop, while ``wanted()`` (a new
        search or a cleared one stops it); call ``progress()`` after a stretch that found
        matches and once the scan is complete."""
        matches = self._matches
        while not matches.complete and wanted():
            await asyncio.sleep(0)
            if wanted() and (matches.step() or matches.complete):
                progress()

    def go(self, step: int, offset: int) -> tuple[int, int]:
        """Go ``step`` (+1 or -1) matches on, wrapping; the first time, to the nearest match
        from ``offset`` in that direction. Returns the match's span. Needs a match."""
        if self.current is None:
            index = self._matches.nearest(offset, forward=step > 0)
        else:
            index = (self.current + step) % len(self._matches)
        self.current = index
        return self._matches.span(index)

    def overlapping(self, start: int, end: int) -> list[tuple[int, int]]:
        """Matches meeting ``[start, end)``, clipped to it."""
        return self._matches.overlapping(start, end)

    def current_span(self) -> tuple[int, int] | None:
        """The span of the match last gone to (``None``: none yet)."""
        return None if self.current is None else self._matches.span(self.current)
