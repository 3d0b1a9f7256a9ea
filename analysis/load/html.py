"""Readable text from an HTML page, with the standard library's ``html.parser``.

Block elements become paragraph breaks, ``<br>`` a line break, white space one space (except in
``<pre>``), entities are decoded; scripts, styles, ``<noscript>`` and ``<template>`` are dropped.
``<title>`` is returned separately."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

_BLOCK_TAG_NAMES = """address article aside blockquote body caption center dd details dialog
    dir div dl dt fieldset figcaption figure footer form frameset h1 h2 h3 h4 h5 h6 head header
    hgroup hr html legend li main menu nav ol p pre section summary table tbody tfoot thead tr ul"""
BLOCK_TAGS = frozenset(_BLOCK_TAG_NAMES.split())
"""Elements whose start and end are paragraph breaks."""

SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template"})
"""Elements whose content is never shown to a reader."""

CELL_TAGS = frozenset({"td", "th"})

HEADING_LEVELS = {f"h{n}": n for n in range(1, 7)}

_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
"""White space as HTML defines it (no-break space is content, not white space)."""

_MAX_TITLE_CHARS = 2000


_WASTE_PER_CHAR = 4
_WASTE_ALLOWANCE = 1 << 20


class _TooTangled(Exception):
    """Raised when malformed markup would take html.parser quadratic time."""


class _TextExtractor(HTMLParser):
    """Collects text as a browser would lay it out, in a list of pieces.

    ``html.parser`` (CPython < 3.13.4, CVE-2025-6069) takes quadratic time on some
    malformed input: when ``close()`` meets a construct that never ends (``<!--`` or
    ``<p x='`` without an end), it rescans the rest of the page from every ``<`` after it.
    We count the characters those failed scans cover and give up past ``budget``; the
    caller then strips tags with a linear regex instead.
    """

    def __init__(self, budget: int) -> None:
        super().__init__(convert_charrefs=True)
        self.closing = False
        self._budget = budget
        self.pieces: list[str] = []
        self.title_parts: list[str] = []
        self._title_state = 0  # 0 before <title>, 1 inside, 2 done
        self._title_chars = 0
        self._skip_depth = 0
        self._pre_depth = 0
        self._pending_break = 0  # 0 none, 1 line break, 2 paragraph break
        self._pending_space = False
        self._has_content = False
        self._line_has_content = False
        self.length = 0
        """Characters in ``pieces`` so far: where the next text will start."""
        self.anchors: dict[str, int] = {}
        self._pending_ids: list[str] = []
        self.headings: list[tuple[int, int, str]] = []
        self._heading: tuple[int, list[str]] | None = None
        self._heading_start = -1

    # --- layout -------------------------------------------------------------------------

    def _break(self, level: int) -> None:
        self._pending_break = max(self._pending_break, level)
        self._pending_space = False

    def _emit(self, piece: str) -> None:
        self.pieces.append(piece)
        self.length += len(piece)

    def _write(self, text: str, space_before: bool) -> None:
        if self._has_content:
            if self._pending_break:
                self._emit("\n" * self._pending_break)
                self._line_has_content = False
            elif space_before and self._line_has_content:
                self._emit(" ")
        self._pending_break = 0
        self._pending_space = False
        if self._pending_ids:  # ids met since the last text point at this text
            for anchor in self._pending_ids:
                self.anchors.setdefault(anchor, self.length)
            self._pending_ids.clear()
        if self._heading is not None and self._heading_start < 0:
            self._heading_start = self.length
        self._emit(text)
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
        for name, value in attrs:
            if value and (name == "id" or (name == "name" and tag == "a")):
                self._pending_ids.append(value)
        if tag in HEADING_LEVELS and self._heading is None:
            self._heading, self._heading_start = (HEADING_LEVELS[tag], []), -1
        if self._title_state == 1:  # an unclosed <title> ends at the next tag
            self._title_state = 2
        if tag == "title" and self._title_state == 0:
            self._title_state = 1
        elif tag == "br":
            self._break(1)
        elif tag in CELL_TAGS:
            if self._line_has_content and not self._pending_break:
                self._emit("\t")
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
        if tag in HEADING_LEVELS and self._heading is not None:
            level, parts = self._heading
            title = _HTML_SPACE.sub(" ", "".join(parts)).strip()
            if title and self._heading_start >= 0:
                self.headings.append((level, self._heading_start, title))
            self._heading = None
        if tag == "title" and self._title_state == 1:
            self._title_state = 2
        elif tag in BLOCK_TAGS:
            self._break(2)
            if tag == "pre" and self._pre_depth:
                self._pre_depth -= 1

    # --- bounded work for unterminated constructs ------------------------------------------

    def _spend(self, end: int, start: int) -> int:
        if end >= 0 or not self.closing:
            return end
        if self.rawdata.find(">", start) < 0:
            return len(self.rawdata)  # a tag left open at the end: dropped, as browsers do
        self._budget -= len(self.rawdata) - start
        if self._budget < 0:
            raise _TooTangled
        return end

    def parse_starttag(self, i: int) -> int:
        return self._spend(super().parse_starttag(i), i)

    def parse_endtag(self, i: int) -> int:
        return self._spend(super().parse_endtag(i), i)

    def parse_comment(self, i: int, report: int = 1) -> int:
        end = super().parse_comment(i, report)
        if end < 0 and self.closing:
            return len(self.rawdata)  # a comment left open runs to the end (HTML5)
        return end

    def parse_pi(self, i: int) -> int:
        return self._spend(super().parse_pi(i), i)

    def parse_html_declaration(self, i: int) -> int:
        return self._spend(super().parse_html_declaration(i), i)

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
            if self._title_chars < _MAX_TITLE_CHARS:
                self.title_parts.append(data)
                self._title_chars += len(data)
        else:
            if self._heading is not None:
                self._heading[1].append(data)
            if self._pre_depth:
                if data:
                    self._write(data, False)
            else:
                self._flow(data)


@dataclass(frozen=True, slots=True)
class HtmlText:
    """A page's readable text with what the outline needs: where each element ``id``
    (or ``<a name>``) lands in the text and the headings (level, offset, title)."""

    text: str
    title: str | None
    anchors: dict[str, int] = field(default_factory=dict)
    headings: list[tuple[int, int, str]] = field(default_factory=list)


def html_structure(markup: str) -> HtmlText:
    """``html_to_text`` with the anchors and headings found on the way."""
    parser = _TextExtractor(budget=_WASTE_PER_CHAR * len(markup) + _WASTE_ALLOWANCE)
    try:
        parser.feed(markup)
        parser.closing = True
        parser.close()
    except (AssertionError, _TooTangled):  # html.parser's asserts, or quadratic input
        return HtmlText(_strip_tags(markup), None)
    title = _HTML_SPACE.sub(" ", "".join(parser.title_parts)).strip()
    return HtmlText("".join(parser.pieces), title or None, parser.anchors, parser.headings)


def html_to_text(markup: str) -> tuple[str, str | None]:
    """The readable text of ``markup`` and its ``<title>`` (``None`` if it has none).

    Never raises on malformed markup: ``html.parser`` is lenient, and whatever it cannot
    make sense of is kept as text.
    """
    page = html_structure(markup)
    return page.text, page.title


_TAG = re.compile(r"<[^<>]*>")
"""Stops at the next ``<``, so a page full of unclosed ``<`` still takes linear time."""


def _strip_tags(markup: str) -> str:
    """Fallback for markup ``html.parser`` gives up on: drop anything tag-shaped."""
    return html.unescape(_TAG.sub(" ", markup))


_XML_DECLARATION = re.compile(r"<\?xml[^>]{0,200}\?>")
_HTML_START = re.compile(r"<(?:!doctype\s+html|html)\b", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    """True if ``text`` starts (after white space, an XML declaration or comments) with
    ``<!doctype html`` or ``<html``."""
    head = text[:8192].lstrip("\ufeff \t\r\n\f")
    if match := _XML_DECLARATION.match(head):
        head = head[match.end() :].lstrip()
    while head.startswith("<!--"):  # a loop, not a regex: nested quantifiers backtrack
        end = head.find("-->", 4)
        if end < 0:
            return False
        head = head[end + 3 :].lstrip()
    return _HTML_START.match(head) is not None
