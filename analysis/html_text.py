"""Readable text from an HTML page, with the standard library's ``html.parser``.

We want what a reader sees, not the markup: block elements (paragraphs, headings, list
items, table rows...) become paragraph breaks, ``<br>`` a line break, runs of white space
one space (except inside ``<pre>``), entities are decoded, and scripts, styles,
``<noscript>`` and ``<template>`` are dropped. ``<title>`` is returned separately.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

_BLOCK_TAG_NAMES = """address article aside blockquote body caption center dd details dialog
    dir div dl dt fieldset figcaption figure footer form frameset h1 h2 h3 h4 h5 h6 head header
    hgroup hr html legend li main menu nav ol p pre section summary table tbody tfoot thead tr ul"""
BLOCK_TAGS = frozenset(_BLOCK_TAG_NAMES.split())
"""Elements whose start and end are paragraph breaks."""

SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template"})
"""Elements whose content is never shown to a reader."""

CELL_TAGS = frozenset({"td", "th"})

_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
"""White space as HTML defines it (no-break space is content, not white space)."""

_MAX_TITLE_CHARS = 2000


class _TextExtractor(HTMLParser):
    """Collects text as a browser would lay it out, in a list of pieces."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self.title_parts: list[str] = []
        self._title_state = 0  # 0 before <title>, 1 inside, 2 done
        self._skip_depth = 0
        self._pre_depth = 0
        self._pending_break = 0  # 0 none, 1 line break, 2 paragraph break
        self._pending_space = False
        self._has_content = False
        self._line_has_content = False

    # --- layout -------------------------------------------------------------------------

    def _break(self, level: int) -> None:
        self._pending_break = max(self._pending_break, level)
        self._pending_space = False

    def _write(self, text: str, space_before: bool) -> None:
        if self._has_content:
            if self._pending_break:
                self.pieces.append("\n" * self._pending_break)
                self._line_has_content = False
            elif space_before and self._line_has_content:
                self.pieces.append(" ")
        self._pending_break = 0
        self._pending_space = False
        self.pieces.append(text)
        self._has_content = True
        self._line_has_content = not text.endswith("\n")

    def _flow(self, data: str) -> None:
        collapsed = _HTML_SPACE.sub(" ", data)
        core = collapsed.strip(" ")
        if not core:
            if collapsed:
                self._pending_space = True
            return
        self._write(core, self._pending_space or collapsed.startswith(" "))
        self._pending_space = collapsed.endswith(" ")

    # --- HTMLParser callbacks -------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED_TAGS:
            self._skip_depth += 1
            return
        if self._skip_depth:
            return
        if self._title_state == 1:  # an unclosed <title> ends at the next tag
            self._title_state = 2
        if tag == "title" and self._title_state == 0:
            self._title_state = 1
        elif tag == "br":
            self._break(1)
        elif tag in CELL_TAGS:
            if self._line_has_content and not self._pending_break:
                self.pieces.append("\t")
                self._pending_space = False
        elif tag in BLOCK_TAGS:
            self._break(2)
            if tag == "pre":
                self._pre_depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # <script/> has no content to skip; anything else behaves like its start tag.
        if tag not in SKIPPED_TAGS and tag != "pre":
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED_TAGS:
            if self._skip_depth:
                self._skip_depth -= 1
            return
        if self._skip_depth:
            return
        if tag == "title" and self._title_state == 1:
            self._title_state = 2
        elif tag in BLOCK_TAGS:
            self._break(2)
            if tag == "pre" and self._pre_depth:
                self._pre_depth -= 1

    def parse_marked_section(self, i: int, report: int = 1) -> int:
        # ``_markupbase`` raises AssertionError on ``<![foo`` (not CDATA/if/...); a browser
        # treats it as a bogus comment, and so do we.
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            return self.parse_bogus_comment(i, report)

    def handle_data(self, data: str) -> None:
        if self._skip_depth:
            return
        if self._title_state == 1:
            if sum(map(len, self.title_parts)) < _MAX_TITLE_CHARS:
                self.title_parts.append(data)
        elif self._pre_depth:
            if data:
                self._write(data, False)
        else:
            self._flow(data)


def html_to_text(markup: str) -> tuple[str, str | None]:
    """The readable text of ``markup`` and its ``<title>`` (``None`` if it has none).

    Never raises on malformed markup: ``html.parser`` is lenient, and whatever it cannot
    make sense of is kept as text.
    """
    parser = _TextExtractor()
    try:
        parser.feed(markup)
        parser.close()
    except AssertionError:  # html.parser's last-resort asserts; keep the text anyway
        return _strip_tags(markup), None
    title = _HTML_SPACE.sub(" ", "".join(parser.title_parts)).strip()
    return "".join(parser.pieces), (title or None)


_TAG = re.compile(r"<[^>]*>")


def _strip_tags(markup: str) -> str:
    """Fallback for markup ``html.parser`` gives up on: drop anything tag-shaped."""
    return html.unescape(_TAG.sub(" ", markup))


_HTML_SNIFF = re.compile(
    r"\A(?:\ufeff)?\s*(?:<\?xml[^>]{0,200}\?>\s*)?(?:<!--.{0,2000}?-->\s*)*<(?:!doctype\s+html|html)\b",
    re.IGNORECASE | re.DOTALL,
)


def looks_like_html(text: str) -> bool:
    """True if ``text`` starts (after white space, an XML declaration or comments) with
    ``<!doctype html`` or ``<html``."""
    return _HTML_SNIFF.match(text[:8192]) is not None
