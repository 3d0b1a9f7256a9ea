"""Plain-text plots for the explore screens: dispersion barcodes, bars and columns of
non-negative values. Pure functions (no Textual), so tests read them as strings."""

from __future__ import annotations

from collections.abc import Sequence

from analysis.nlp.dispersion import barcode

COLUMNS = " ▁▂▃▄▅▆▇█"
"""Index ``k``: a cell filled ``k/8`` from the bottom."""
BARS = " ▏▎▍▌▋▊▉█"
"""Index ``k``: a cell filled ``k/8`` from the left."""


def barcode_text(offsets: Sequence[int], length: int, width: int) -> str:
    """A one-line barcode: ``·`` where the text has no hit, ``│`` one, ``┃`` two or
    three, ``█`` more."""
    marks = []
    for count in barcode(offsets, length, width):
        marks.append("·" if count == 0 else "│" if count == 1 else "┃" if count <= 3 else "█")
    return "".join(marks)


def bar(value: float, most: float, width: int) -> str:
    """A horizontal bar of ``value`` out of ``most`` in ``width`` cells (eighth steps)."""
    if width <= 0:
        return ""
    eighths = 0 if most <= 0 else round(max(0.0, min(1.0, value / most)) * width * 8)
    full, part = divmod(eighths, 8)
    text = "█" * full + (BARS[part] if part else "")
    return text.ljust(width)


def columns(values: Sequence[float], height: int = 1) -> list[str]:
    """Vertical columns from zero, one per value, ``height`` rows (top row first), scaled
    to the largest value."""
    most = max(values, default=0.0)
    levels = [0 if most <= 0 else round(max(0.0, v) / most * height * 8) for v in values]
    rows = []
    for row in range(height - 1, -1, -1):
        base = row * 8
        rows.append("".join(COLUMNS[min(8, max(0, level - base))] for level in levels))
    return rows
