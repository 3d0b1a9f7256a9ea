"""Hard-wrapped prose drawn as flowing paragraphs: a copy of the text in which line breaks
that only wrapped a paragraph (as in Project Gutenberg's 70-column files) become spaces.
Same length, so every offset (cursor, marks, search, bookmarks) still points where it did.
The rules, and what they keep: docs/ARCHITECTURE.md ("The reading pane")."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from statistics import median_low

from analysis.nlp.boundaries import LIST_ITEM

REFLOW_MAX_CHARS = 4_000_000
"""Longer texts are drawn as written: a pass over every line would delay a huge book's
first page (the big-document path indexes lines lazily instead)."""

MIN_LINES = 8
"""Fewer non-empty lines than this: too little to tell hard wrapping from intent."""


def reflowed(text: str, paragraphs: Sequence[tuple[int, int]]) -> str:
    """``text`` with the line breaks inside hard-wrapped ``paragraphs`` (the loader's
    spans: a break between two of them is never touched) replaced by spaces, or ``text``
    itself when it does not look hard-wrapped (or is too long to check)."""
    if len(text) > REFLOW_MAX_CHARS or "\n" not in text or not paragraphs:
        return text
    lines = text.split("\n")
    width = wrap_width(lines)
    if width is None:
        return text
    limit = width - width // 10  # slack: files wrapped by bytes, or narrower in places
    parts: list[str] = []  # the text cut at each soft break, joined again by spaces
    position = cut = para = 0
    spans = list(paragraphs)  # plain tuples: indexed once per line below
    count = len(spans)
    for line, following in pairwise(lines):
        position += len(line)
        while para < count and spans[para][1] <= position:
            para += 1
        if para < count and spans[para][0] < position and _wraps_on(line, following, limit):
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


def _wraps_on(line: str, following: str, limit: int) -> bool:
    """Is the break between ``line`` and ``following`` only wrapping? ``following`` holds
    text, is not indented and starts no list item, and its first word would not have
    fitted on ``line`` within ``limit`` columns (a line ended early on purpose keeps its
    break: verse, headings, the last line of a stanza)."""
    if not following or following[0].isspace() or LIST_ITEM.match(following):
        return False
    space = following.find(" ")
    return len(line.rstrip()) + 1 + (space if space > 0 else len(following)) > limit
