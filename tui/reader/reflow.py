"""Hard-wrapped prose drawn as flowing paragraphs: a copy of the text in which line breaks
that only wrapped a paragraph (as in Project Gutenberg's 70-column files) become spaces.
Same length, so every offset (cursor, marks, search, bookmarks) still points where it did.
The rules, and what they keep: docs/ARCHITECTURE.md ("The reading pane")."""

from __future__ import annotations

import re
from itertools import pairwise
from statistics import median_low

REFLOW_MAX_CHARS = 4_000_000
"""Longer texts are drawn as written: a pass over every line would delay a huge book's
first page (the big-document path indexes lines lazily instead)."""

MIN_LINES = 8
"""Fewer non-empty lines than this: too little to tell hard wrapping from intent."""

_LIST_ITEM = re.compile(r"(?:[-*+•·‣⁃–—]|\(?[0-9]{1,3}[.)]|\(?[a-zA-Z][.)])(?:\s|$)")
"""A line that starts a list item (bullet, ``1.``, ``2)``, ``(a)``, ``b.``) keeps its break."""


def reflowed(text: str) -> str:
    """``text`` with the line breaks inside hard-wrapped paragraphs replaced by spaces, or
    ``text`` itself when it does not look hard-wrapped (or is too long to check)."""
    if len(text) > REFLOW_MAX_CHARS or "\n" not in text:
        return text
    lines = text.split("\n")
    width = wrap_width(lines)
    if width is None:
        return text
    parts: list[str] = []  # the text cut at each soft break, joined again by spaces
    position = cut = 0
    for line, following in pairwise(lines):
        position += len(line)
        if _wraps_on(line, following, width):
            parts.append(text[cut:position])
            cut = position + 1
        position += 1
    if not parts:
        return text
    parts.append(text[cut:])
    return " ".join(parts)


def wrap_width(lines: list[str]) -> int | None:
    """The column the text was wrapped at (its longest usual line), or None when it does
    not read as prose wrapped at a fixed width: too few lines, lines too long or too
    short for terminal-width wrapping, or most lines far shorter than the longest."""
    lengths = sorted(len(line.rstrip()) for line in lines if line.strip())
    if len(lengths) < MIN_LINES:
        return None
    width = lengths[int(0.95 * (len(lengths) - 1))]
    if not 40 <= width <= 100:
        return None
    if median_low(lengths) < 0.6 * width:  # verse, code, lists, headings: as written
        return None
    return width


def _wraps_on(line: str, following: str, width: int) -> bool:
    """Is the break between ``line`` and ``following`` only wrapping? Both hold text,
    ``following`` is not indented and starts no list item, and its first word would not
    have fitted on ``line`` (a line ended early on purpose keeps its break: verse,
    headings, the last line of a stanza)."""
    if not line.strip() or not following or following[0].isspace():
        return False
    if _LIST_ITEM.match(following):
        return False
    first_word = following.split(None, 1)[0]
    # A tenth of slack: files wrapped by bytes, or narrower in places, end lines early.
    return len(line.rstrip()) + 1 + len(first_word) > width - width // 10
