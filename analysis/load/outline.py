"""Every document's outline: headings from its structure, or a book's chapter headings.

Markdown, reST and HTML headings, an EPUB's contents or a PDF's bookmarks come from the
format; plain text gets the chapter headings real books use (``CHAPTER I.``, ``Letter 1``,
``I. A SCANDAL IN BOHEMIA``...), and a contents list is recognised as one and skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from itertools import pairwise

from analysis.model import OutlineEntry, Span
from analysis.sanitize import clean_line

_MAX_TITLE = 100
_HEADING_MAX_CHARS = 80

_NUMBER_WORDS = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty first second "
    "third fourth fifth sixth seventh eighth ninth tenth last final"
)
_NUMBER = rf"(?:[IVXLCDM]+|\d+|(?:the\s+)?(?:{'|'.join(_NUMBER_WORDS.split())})(?:-\w+)?)"
_PART_KINDS = "book|part|volume"
_CHAPTER_KINDS = "chapter|letter|stave|canto|act|scene|adventure|section|story"
_NUMBERED = re.compile(
    rf"(?P<kind>(?i:{_PART_KINDS}|{_CHAPTER_KINDS}))\s+(?P<num>(?i:{_NUMBER}))\b\.?"
    r"(?:\s*[:.\-—–]?\s+(?P<rest>\S.*))?"
)
_ROMAN_TITLE = re.compile(r"(?P<num>[IVXLC]+)\.\s+(?P<rest>[A-Z0-9][^a-z]*[A-Z][^a-z]*)")
"""``I. A SCANDAL IN BOHEMIA``: a Roman numeral and a title in capitals."""
_PAGE_REFERENCE = re.compile(r"(?:\.{2,}|\s)\s*\d{1,4}$")
_LONE_NUMERAL = re.compile(r"[IVXLC]+\.?|\d{1,3}\.")
_NAMED = re.compile(
    r"(?P<kind>(?i:prologue|epilogue|preface|introduction|conclusion|afterword|foreword"
    r"|etymology|extracts|postscript|appendix|finale|epigraph))\b\.?(?:\s*[:.\-—–]?\s+\S.*)?"
)
_CAPTION_PREFIX = re.compile(r"\[Illustration:?\s*", re.IGNORECASE)
_BLOCK = re.compile(r"(?:^[^\S\n]*\S[^\n]*(?:\n|\Z))+", re.MULTILINE)
CHAPTER_SCAN_MAX_CHARS = 8_000_000
"""Plain text longer than this (the size at which files are streamed; real books are a few
MB) gets no chapter outline: scanning it would add seconds to opening a 100 MB file."""
_TOC_GAP = 400
"""Headings with less text than this between them, three or more in a row, are a
contents list rather than chapters."""


def _title(text: str) -> str:
    return " ".join(clean_line(text).split())[:_MAX_TITLE]


def heading_line(line: str) -> tuple[str, str | None] | None:
    """(kind, rest-of-title) if ``line`` reads like a chapter heading: ``kind`` is
    ``part``, ``chapter``, ``named`` or ``numeral`` (a lone Roman numeral)."""
    text = line.strip()
    if text.endswith("]"):  # the heading closing an [Illustration: ...] caption
        text = text[:-1].rstrip()
    text = _CAPTION_PREFIX.sub("", text, count=1) if text.startswith("[") else text
    if (
        not text
        or len(text) > _HEADING_MAX_CHARS
        or (not text[0].isupper() and not text[0].isdigit())
    ):
        return None
    if match := _NUMBERED.fullmatch(text):
        if not match.group("kind")[0].isupper() or _PAGE_REFERENCE.search(
            match.group("rest") or ""
        ):
            return None  # not a heading, or a contents-list line ending in its page number
        kind = "part" if match.group("kind").lower() in _PART_KINDS.split("|") else "chapter"
        return kind, match.group("rest")
    if _ROMAN_TITLE.fullmatch(text):
        return "chapter", text
    if _NAMED.fullmatch(text) and text[0].isupper():
        return "named", None
    if _LONE_NUMERAL.fullmatch(text):
        return "numeral", None
    return None


def text_outline(text: str, within: Span | None = None) -> tuple[OutlineEntry, ...]:
    """Chapter headings of a plain-text book (see the module docstring)."""
    start, end = within if within is not None else (0, len(text))
    if end - start > CHAPTER_SCAN_MAX_CHARS:
        return ()
    found: list[tuple[str, int, str, int]] = []  # kind, offset, title, end of its block
    for block in _BLOCK.finditer(text, start, end):
        lines = block.group().rstrip("\n").split("\n")
        if len(lines) > 2:
            continue
        heading = heading_line(lines[0])
        if heading is None:
            continue
        kind, rest = heading
        offset = block.start() + len(lines[0]) - len(lines[0].lstrip())
        title = lines[0].strip().removesuffix("]").rstrip()
        title = _CAPTION_PREFIX.sub("", title, count=1)
        if len(lines) == 2:
            second = lines[1].strip()
            if kind == "numeral" or rest or len(second) > 60 or heading_line(second):
                continue  # a two-line block that is not "CHAPTER I." + its title
            title = f"{title} {second}"
        found.append((kind, offset, title, block.end()))
    found = _drop_contents_lists(text, found)
    main = [f for f in found if f[0] != "numeral"]
    if not main:
        numerals = [f for f in found if f[0] == "numeral"]
        main = numerals if len(numerals) >= 3 else []
    has_parts = any(f[0] == "part" for f in main) and any(f[0] != "part" for f in main)
    return tuple(
        OutlineEntry(_title(title), offset, 2 if has_parts and kind != "part" else 1)
        for kind, offset, title, _ in main
    )


def _drop_contents_lists(
    text: str, found: list[tuple[str, int, str, int]]
) -> list[tuple[str, int, str, int]]:
    """Headings that are not entries of a contents list: runs of three or more with
    little text between them are dropped, except a last one that repeats the first entry
    (the list, then the first chapter itself). A lone numeral heading may follow its
    story's title at once, so numerals neither count nor break a run."""
    strong = [i for i, f in enumerate(found) if f[0] != "numeral"]
    close = [False] * len(found)
    run: list[int] = []

    def flush() -> None:
        if len(run) < 3:
            return
        for i in run:
            close[i] = True
        if _key(found[run[-1]][2]) == _key(found[run[0]][2]):
            close[run[-1]] = False

    for prev, nxt in pairwise(strong):
        gap = len(text[found[prev][3] : found[nxt][1]].strip())
        if gap < _TOC_GAP:
            run.extend(i for i in (prev, nxt) if not run or run[-1] != i)
        else:
            flush()
            run = []
    flush()
    return [f for i, f in enumerate(found) if not close[i]]


def _key(title: str) -> tuple[str, ...]:
    return tuple(title.casefold().replace(".", " ").split()[:2])


# --- structured formats -------------------------------------------------------------------

_ATX = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$", re.MULTILINE)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})", re.MULTILINE)
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_RST_ADORNMENT = re.compile(r"""([!-/:-@\[-`{-~])\1{2,}[ \t]*""")


def markdown_outline(text: str) -> tuple[OutlineEntry, ...]:
    """ATX (``## Title``) and setext (underlined) headings outside fenced code."""
    entries: list[OutlineEntry] = []
    fence: str | None = None
    offset = 0
    prev: tuple[int, str] | None = None  # offset and text of a paragraph's single line
    for line in text.split("\n"):
        here, offset = offset, offset + len(line) + 1
        marker = _FENCE.match(line)
        if fence is not None:
            if marker and marker.group(1)[0] == fence[0] and len(marker.group(1)) >= len(fence):
                fence = None
            continue
        if marker:
            fence, prev = marker.group(1), None
            continue
        if (atx := _ATX.match(line)) and atx.group(2).strip():
            entries.append(
                OutlineEntry(_title(atx.group(2)), here + line.index("#"), len(atx.group(1)))
            )
            prev = None
        elif prev is not None and (setext := _SETEXT.match(line)):
            level = 1 if setext.group(1)[0] == "=" else 2
            entries.append(OutlineEntry(_title(prev[1]), prev[0], level))
            prev = None
        elif line.strip() and not line.startswith((" " * 4, "\t")):
            prev = (here + len(line) - len(line.lstrip()), line.strip()) if prev is None else None
        else:
            prev = None
    return tuple(entries)


def rst_outline(text: str) -> tuple[OutlineEntry, ...]:
    """Section titles underlined (or over- and underlined) with a repeated punctuation
    character; levels follow the order in which adornment styles first appear."""
    lines = text.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    styles: list[str] = []
    entries: list[OutlineEntry] = []
    i = 0
    while i < len(lines) - 1:
        line, under = lines[i], lines[i + 1]
        title = line.strip()
        over = i > 0 and _RST_ADORNMENT.fullmatch(lines[i - 1]) is not None
        if (
            title
            and not line[0].isspace()
            and not title.startswith("..")
            and _RST_ADORNMENT.fullmatch(under)
            and not _RST_ADORNMENT.fullmatch(line)
            and len(under.rstrip()) >= min(len(title), 4)
        ):
            style = ("o" if over else "u") + under[0]
            if style not in styles:
                styles.append(style)
            entries.append(OutlineEntry(_title(title), starts[i], styles.index(style) + 1))
            i += 2
            continue
        i += 1
    return tuple(entries)


def headings_outline(headings: Iterable[tuple[int, int, str]]) -> tuple[OutlineEntry, ...]:
    """HTML headings (level, offset, title), levels renumbered from 1."""
    items = [(level, offset, title) for level, offset, title in headings if title.strip()]
    if not items:
        return ()
    top = min(level for level, _, _ in items)
    return tuple(OutlineEntry(_title(t), o, level - top + 1) for level, o, t in items)


def find_outline(
    text: str,
    fmt: str,
    structure: Sequence[OutlineEntry] = (),
    content: Span | None = None,
) -> tuple[OutlineEntry, ...]:
    """The outline of a document: ``structure`` (from the format: HTML headings, an EPUB
    table of contents, PDF bookmarks) when it has any, else headings by format, else a
    book's chapter headings; entries outside ``content`` (boilerplate) are left out."""
    lo, hi = content if content is not None else (0, len(text))
    entries: Sequence[OutlineEntry] = [e for e in structure if lo <= e.start < max(hi, lo + 1)]
    if not entries and hi - lo > CHAPTER_SCAN_MAX_CHARS:
        return ()
    if not entries and fmt == "markdown":
        entries = markdown_outline(text)
    elif not entries and fmt == "rst":
        entries = rst_outline(text)
    chapters = text_outline(text, Span(lo, hi))
    if not entries or (fmt in ("html", "epub", "pdf") and _fewer_chapters(entries, chapters)):
        entries = chapters
    entries = [e for e in entries if lo <= e.start < max(hi, lo + 1)]
    entries.sort(key=lambda e: e.start)
    return tuple(entries)


def _fewer_chapters(entries: Sequence[OutlineEntry], chapters: Sequence[OutlineEntry]) -> bool:
    """True when a format's headings are only a title or two and the text's own chapter
    headings are many (an HTML book whose chapters are bold paragraphs)."""
    return len(entries) <= 2 and len(chapters) >= 3
