"""Character ranges for drawing the reading pane: finding the span at an offset, the union
of some spans (:class:`SpanSet`) and cutting a row into runs of one style. No Textual."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from itertools import pairwise
from operator import itemgetter

__all__ = ["SpanSet", "index_at", "style_runs"]

_START = itemgetter(0)


def index_at(spans: Sequence[tuple[int, int]], offset: int) -> int:
    """Index of the last span starting at or before ``offset`` (-1 if none).

    Works on any sorted sequence of spans (a list, or an ``analysis.model.SpanArray``)
    without copying it.
    """
    return bisect_right(spans, offset, key=_START) - 1


class SpanSet:
    """The union of some spans, kept as sorted disjoint ranges for fast overlap queries."""

    __slots__ = ("_ends", "_starts")

    def __init__(self, spans: Sequence[tuple[int, int]] = ()) -> None:
        starts: list[int] = []
        ends: list[int] = []
        for start, end in sorted((s, e) for s, e in spans if e > s):
            if ends and start <= ends[-1]:
                ends[-1] = max(ends[-1], end)
            else:
                starts.append(start)
                ends.append(end)
        self._starts = starts
        self._ends = ends

    def __len__(self) -> int:
        return len(self._starts)

    def __bool__(self) -> bool:
        return bool(self._starts)

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return zip(self._starts, self._ends, strict=True)

    def overlapping(self, start: int, end: int) -> list[tuple[int, int]]:
        """Ranges meeting ``[start, end)``, clipped to it."""
        lo = bisect_right(self._ends, start)
        hi = bisect_left(self._starts, end)
        return [
            (max(s, start), min(e, end))
            for s, e in zip(self._starts[lo:hi], self._ends[lo:hi], strict=True)
        ]

    def touches(self, start: int, end: int) -> bool:
        """Does any range meet ``[start, end)`` (or contain ``start`` when it is empty)?"""
        lo = bisect_right(self._ends, start)
        return lo < len(self._starts) and self._starts[lo] <= max(start, end - 1)


def style_runs(
    start: int,
    end: int,
    layers: Sequence[tuple[int, Sequence[tuple[int, int]]]],
    tints: Sequence[tuple[int, int, int]] = (),
) -> list[tuple[int, int, int, int]]:
    """Cut ``[start, end)`` into runs that each have one set of overlays.

    ``layers`` pairs a bit with the ranges it covers; ``tints`` are ``(start, end, value)``.
    Returns ``(run start, run end, OR of the bits covering it, tint value or 0)``.
    """
    cuts = {start, end}
    for _bit, ranges in layers:
        for s, e in ranges:
            cuts.update((s, e))
    for s, e, _value in tints:
        cuts.update((s, e))
    points = sorted(c for c in cuts if start <= c <= end)
    runs = []
    for x, y in pairwise(points):
        bits = 0
        for bit, ranges in layers:
            if any(s <= x < e for s, e in ranges):
                bits |= bit
        value = next((v for s, e, v in tints if s <= x < e), 0)
        runs.append((x, y, bits, value))
    return runs
