"""What the reading pane draws for a line of text, and where that line wraps.

Display text (cleaned, tabs expanded), graphemes and their cells, and word wrap of one line
to a width: the rules every row of :class:`~tui.reader.layout.TextLayout` follows. No
Textual here, so every rule is tested without a terminal."""

from __future__ import annotations

import re
from itertools import islice

from rich.cells import cell_len, get_character_cell_size, split_graphemes

from analysis.sanitize import clean_display

__all__ = ["MIN_WIDTH", "TAB_SIZE", "display_text", "graphemes", "row_cells", "wrap_line"]

TAB_SIZE = 4
"""Cells a tab occupies (a fixed width: tab stops would make wrapping depend on position)."""
MIN_WIDTH = 2
"""Narrowest layout: a double-width character must fit on a row of its own."""


_NARROW_RANGES = ((0x20, 0x7E), (0xA0, 0x2FF), (0x370, 0x482), (0x2010, 0x2027), (0x2030, 0x205E))
"""Latin, Greek, Cyrillic and general punctuation (curly quotes, dashes, ellipsis)."""
_NARROW = frozenset(
    char
    for low, high in _NARROW_RANGES
    for char in map(chr, range(low, high + 1))
    if get_character_cell_size(char) == 1 and char not in "\u200d\ufe0f"
)
"""Characters that are one cell and a grapheme of their own whatever surrounds them (Rich's
widths; a zero-width joiner or variation selector would join them): a line made of them
wraps as ASCII does, ~10 times faster than grapheme by grapheme."""


def _narrow(text: str) -> bool:
    """Is every character of (display-safe) ``text`` one cell, one grapheme?"""
    return _NARROW.issuperset(text)


def display_text(text: str) -> str:
    """What is drawn for ``text``: cleaned for display, tabs expanded to spaces."""
    text = clean_display(text)
    if "\t" in text:
        text = text.replace("\t", " " * TAB_SIZE)
    return text


def graphemes(text: str) -> list[tuple[int, int, int]]:
    """``(start, end, cells)`` of every grapheme of ``text`` as it is displayed.

    Zero-width characters belong to the grapheme before them; a tab is one grapheme of
    :data:`TAB_SIZE` cells.
    """
    safe = clean_display(text)
    if safe.isascii() or _narrow(safe):
        return [(i, i + 1, TAB_SIZE if ch == "\t" else 1) for i, ch in enumerate(safe)]
    if "\t" not in safe:
        return split_graphemes(safe)[0]
    spans, _ = split_graphemes(safe.replace("\t", " "))
    # A tab is drawn as spaces: measure any grapheme holding one as drawn.
    return [
        (s, e, cell_len(display_text(safe[s:e])) if "\t" in safe[s:e] else w) for s, e, w in spans
    ]


def row_cells(text: str) -> int:
    """Cells needed to draw ``text`` (tabs counted as :data:`TAB_SIZE`)."""
    return sum(w for _s, _e, w in graphemes(text))


_CHUNK = re.compile(r"[^ \t]+|[ \t]+")


def wrap_line(text: str, width: int) -> list[int]:
    """Word-wrap one line (no ``\\n``) to ``width`` cells; returns each row's start offset.

    Words move to the next row when they do not fit; words wider than a row are broken at
    grapheme boundaries. Whitespace at a row's end may run past the width (it hangs).
    """
    width = max(MIN_WIDTH, width)
    safe = clean_display(text)
    if safe.isascii() or _narrow(safe):
        if len(safe) <= width and "\t" not in safe:
            return [0]
        return _wrap_ascii(safe, width)
    return _wrap_units(safe, width)


def _wrap_ascii(text: str, width: int) -> list[int]:
    starts = [0]
    col = 0
    for match in _CHUNK.finditer(text):
        chunk = match.group()
        if chunk[0] in " \t":
            col += len(chunk) + (TAB_SIZE - 1) * chunk.count("\t")
            continue
        size = len(chunk)
        if col + size <= width:
            col += size
            continue
        start = match.start()
        if col:
            starts.append(start)
        if size <= width:
            col = size
            continue
        starts.extend(range(start + width, start + size, width))
        col = size - (size - 1) // width * width
    return starts


def _wrap_units(text: str, width: int) -> list[int]:
    units = graphemes(text)
    starts = [0]
    col = 0
    i, count = 0, len(units)
    while i < count:
        start, _end, cells = units[i]
        if text[start] in " \t":  # whitespace (with any zero-width marks stuck to it)
            col += cells
            i += 1
            continue
        j, size = i, 0
        while j < count:
            s, _e, w = units[j]
            if text[s] in " \t":
                break
            size += w
            j += 1
        if col + size <= width:
            col += size
            i = j
            continue
        if col:
            starts.append(start)
            col = 0
        if size <= width:
            col = size
            i = j
            continue
        for s, _e, w in islice(units, i, j):
            if col + w > width and col:
                starts.append(s)
                col = 0
            col += w
        i = j
    return starts
