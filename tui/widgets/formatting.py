"""Pure text helpers for the dashboard widgets: block-character sparklines and area plots,
resampling a sentence arc to a column count, compact number formats (the benchmark
report's too) and one-line labels.

Nothing here imports Textual, so every function is a plain value-in, value-out test target.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from analysis.model import POSITIVE_THRESHOLD

EIGHTHS = " ▁▂▃▄▅▆▇█"
"""Index ``k`` is a cell filled ``k/8`` from the bottom."""

MIN_SCALE = 0.1
"""Smallest half-range used when auto-scaling an arc, so near-neutral noise stays flat."""


def resample(values: Sequence[float], width: int) -> list[float]:
    """``values`` squeezed or stretched to exactly ``width`` points.

    With more values than columns each column is the mean of its bucket (buckets are
    ``[ceil(i*n/w), ceil((i+1)*n/w))``, all non-empty); with fewer, each value is repeated
    over the columns it covers. :func:`column_of` agrees with both directions.
    """
    n = len(values)
    if width <= 0 or n == 0:
        return []
    if n >= width:
        out: list[float] = []
        for i in range(width):
            start = -(-i * n // width)
            end = -(-(i + 1) * n // width)
            bucket = values[start:end]
            out.append(math.fsum(bucket) / len(bucket))
        return out
    return [values[j * n // width] for j in range(width)]


def column_of(index: int, count: int, width: int) -> int:
    """The column (0-based) that sentence ``index`` of ``count`` falls in when an arc of
    ``count`` values is resampled to ``width`` columns (its first column when stretched)."""
    if count <= 0 or width <= 0:
        return 0
    index = min(max(index, 0), count - 1)
    if count >= width:
        return index * width // count
    return min(-(-index * width // count), width - 1)


def symmetric_scale(values: Sequence[float], floor: float = MIN_SCALE) -> float:
    """Half-range for plotting ``values`` around zero: the largest magnitude, at least ``floor``."""
    return max(floor, max((abs(v) for v in values), default=0.0))


def _eighths(value: float, scale: float, total: int) -> int:
    """``value`` in ``[-scale, scale]`` mapped to ``1..total`` eighths (never empty)."""
    fraction = (value + scale) / (2 * scale) if scale > 0 else 0.5
    fraction = min(1.0, max(0.0, fraction))
    return max(1, round(fraction * total))


def sparkline(values: Sequence[float], width: int, scale: float | None = None) -> str:
    """A one-row sparkline of ``values`` (e.g. a sentence arc) in ``width`` cells.

    Zero sits at mid height; ``scale`` is the half-range (auto-scaled when ``None``).
    """
    points = resample(values, width)
    if not points:
        return ""
    if scale is None:
        scale = symmetric_scale(points)
    return "".join(EIGHTHS[_eighths(v, scale, 8)] for v in points)


def area_rows(
    values: Sequence[float], width: int, height: int, scale: float | None = None
) -> list[str]:
    """A ``height``-row area plot of ``values`` in ``width`` columns, top row first.

    Each column is filled from the bottom up to its value, with eighth-cell precision;
    zero sits at mid height and ``scale`` is the half-range (auto-scaled when ``None``).
    """
    points = resample(values, width)
    if not points or height <= 0:
        return []
    if scale is None:
        scale = symmetric_scale(points)
    total = height * 8
    levels = [_eighths(v, scale, total) for v in points]
    rows: list[str] = []
    for row in range(height - 1, -1, -1):
        base = row * 8
        rows.append("".join(EIGHTHS[min(8, max(0, level - base))] for level in levels))
    return rows


def polarity(compound: float) -> str:
    """``positive``, ``negative`` or ``neutral`` by VADER's ±0.05 convention."""
    if compound >= POSITIVE_THRESHOLD:
        return "positive"
    if compound <= -POSITIVE_THRESHOLD:
        return "negative"
    return "neutral"


def format_compound(compound: float) -> str:
    """A compound score with its sign, e.g. ``+0.42`` or ``-0.07`` (``+0.00`` for zero)."""
    text = f"{compound:+.2f}"
    return "+0.00" if text == "-0.00" else text


def format_count(count: int) -> str:
    """A count in at most five cells: ``987``, ``12.3k``, ``456k``, ``1.2M``."""
    if count < 1000:
        return str(count)
    value = float(count)
    for suffix in "kMGT":
        value /= 1000
        if value < 9.95:
            return f"{value:.1f}{suffix}"
        if value < 999.5:
            return f"{value:.0f}{suffix}"
    return f"{value:.0f}T"


def format_figure(value: float) -> str:
    """``value`` as people write numbers, in three or four figures: ``0.123``, ``4.56``,
    ``78.9``, ``456``, ``3,350``, ``45,678`` (never ``3.35e+03``)."""
    magnitude = abs(value)
    sign = "-" if value < 0 else ""
    if magnitude >= 999.5:
        return f"{sign}{magnitude:,.0f}"
    if magnitude >= 100:
        return f"{sign}{magnitude:.0f}"
    if magnitude >= 10:
        return f"{sign}{magnitude:.1f}"
    if magnitude >= 1:
        return f"{sign}{magnitude:.2f}"
    return f"{sign}{magnitude:.3f}"


def format_score(score: float) -> str:
    """A keyword or phrase score in about five cells: :func:`format_figure`, with ``45k``,
    ``1.2M`` from ten thousand on."""
    if abs(score) >= 9999.5:
        return ("-" if score < 0 else "") + format_count(round(abs(score)))
    return format_figure(score)


def plural(count: int, noun: str) -> str:
    """``1 hit``, ``3 hits`` (regular plurals only)."""
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"
