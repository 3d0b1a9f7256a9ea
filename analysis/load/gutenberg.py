"""Project Gutenberg boilerplate: where the book starts and ends, and its ``Title:`` line.

Gutenberg texts (plain, HTML and EPUB) wrap the work in a header, a footer and the
licence. They stay in the text (a reader may want them) but out of the analysis: the
loader stores the span between the markers as ``Document.content``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from analysis.model import Span

_HEAD_CHARS = 100_000
"""The header and its START marker sit in the first few thousand characters."""
_TAIL_CHARS = 300_000
"""The footer and licence (~20,000 characters, with an EPUB's back matter more) sit at the
end: only this much of it is searched, so a 100 MB text costs no full scan."""

_START = re.compile(
    r"^[ \t]*\*{3}[ \t]*START OF (?:THE|THIS) PROJECT GUTENBERG E-?BOOK[^\n]*$"
    r"|^[ \t]*\*END\*THE SMALL PRINT![^\n]*$",
    re.IGNORECASE | re.MULTILINE,
)
_END = re.compile(
    r"^[ \t]*\*{3}[ \t]*END OF (?:THE|THIS) PROJECT GUTENBERG E-?BOOK[^\n]*$"
    r"|^[ \t]*End of (?:the )?Project Gutenberg(?:'s|’s)?\b[^\n]*$"
    r"|^[ \t]*\*{3}[ \t]*START: FULL LICENSE[^\n]*$"
    r"|^[ \t]*THE FULL PROJECT GUTENBERG LICENSE[^\n]*$",
    re.IGNORECASE | re.MULTILINE,
)
_TITLE_LINE = re.compile(r"^[ \t]*Title:[ \t]*(\S[^\n]*)$", re.MULTILINE)
_CONTINUATION = re.compile(r"\n[ \t]+(\S[^\n]*)")
_PRODUCED_BY = re.compile(
    r"\s*(?:(?:Produced|Transcribed|E-?text prepared) by[^\n]*(?:\n[^\S\n]*\S[^\n]*)*\s*)?",
    re.IGNORECASE,
)


_BACK_MATTER_CHARS = 300
"""An EPUB part holding less text than this before the end marker is back matter
("More...", "About Project Gutenberg"), not the end of the book."""


def content_span(text: str, parts: Sequence[int] = ()) -> Span | None:
    """The span of the work between Gutenberg's START and END markers (or the start of
    the licence), white space trimmed; ``None`` when the text has no such markers.
    ``parts``: where an EPUB's content documents start; the end moves back to the start
    of the part that holds the end marker when little text precedes it there."""
    start = 0
    found_start = _START.search(text, 0, _HEAD_CHARS)
    if found_start is not None:
        start = found_start.end()
        # The "Produced by ..." credit right after the marker belongs to the edition.
        start = _PRODUCED_BY.match(text, start).end()  # type: ignore[union-attr]
    found_end = _END.search(text, max(start, len(text) - _TAIL_CHARS))
    if found_start is None and found_end is None:
        return None
    end = found_end.start() if found_end is not None else len(text)
    part = max((p for p in parts if start < p <= end), default=None)
    if part is not None and len(text[part:end].split()) * 6 < _BACK_MATTER_CHARS:
        end = part
    while end > start and text[end - 1].isspace():
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    if end <= start:  # markers with nothing between: keep everything rather than nothing
        return None
    return Span(start, end)


def gutenberg_title(text: str) -> str | None:
    """The ``Title:`` line of a Gutenberg header (with its indented continuation lines),
    if the text has one before the book starts."""
    found_start = _START.search(text, 0, _HEAD_CHARS)
    limit = found_start.start() if found_start is not None else min(len(text), 5_000)
    match = _TITLE_LINE.search(text, 0, limit)
    if match is None:
        return None
    parts = [match.group(1).strip()]
    pos = match.end()
    while (more := _CONTINUATION.match(text, pos)) is not None and pos < limit:
        parts.append(more.group(1).strip())
        pos = more.end()
    return " ".join(parts) or None
