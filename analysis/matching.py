"""Regular-expression matches found a bounded stretch of text at a time, so a huge text can
be searched piecemeal (the reading pane's search, the concordance's ``--regex``)."""

from __future__ import annotations

import re
from typing import NamedTuple


class MatchBatch(NamedTuple):
    """Matches found in one stretch of text, and where the next stretch starts."""

    spans: list[tuple[int, int]]
    next_start: int


def find_matches(
    pattern: re.Pattern[str],
    text: str,
    start: int = 0,
    *,
    chunk_chars: int = 1 << 20,
    overlap: int = 1 << 16,
    limit: int | None = None,
) -> MatchBatch:
    """Non-empty matches starting in ``text[start : start + chunk_chars]`` (or a little
    further if the last one runs on), at most ``limit`` of them.

    Each call scans a bounded stretch, so a caller can search a huge text piecemeal and stay
    responsive. The regex sees ``overlap`` characters past the stretch, so only matches
    longer than that could differ from a single ``finditer`` over the whole text.
    """
    end = min(len(text), start + chunk_chars)
    stop = min(len(text), end + overlap)
    spans: list[tuple[int, int]] = []
    next_start = end
    for match in pattern.finditer(text, start, stop):
        s, e = match.span()
        if s >= end:
            break
        if e > s:
            spans.append((s, e))
            if limit is not None and len(spans) >= limit:
                return MatchBatch(spans, e)
        next_start = max(next_start, e)
    return MatchBatch(spans, next_start)
