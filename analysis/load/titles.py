"""A document's title: an HTML ``<title>``, front matter, a Markdown or reST heading, a
Gutenberg ``Title:`` line or title page, else the first line, else the file name; never an
illustration caption or a Gutenberg marker line. Re-exported by ``analysis.load.files``.
"""

from __future__ import annotations

import os
import re

from analysis.load.gutenberg import gutenberg_title
from analysis.sanitize import clean_line

TITLE_MAX_CHARS = 120
_TITLE_SCAN_CHARS = 64 * 1024
_ATX = re.compile(r" {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r" {0,3}(?:=+|-+)[ \t]*$")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_FRONT_MATTER_TITLE = re.compile(r"title\s*:\s*(.+)", re.IGNORECASE)
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_RST_ADORNMENT = re.compile(r"""([!-/:-@\[-`{-~])\1+[ \t]*""")
_WORD = re.compile(r"\w")
_CAPTION_START = re.compile(r"\s*\[Illustration\b", re.IGNORECASE)
_MARKER_LINE = re.compile(r"\s*\*{3}.*\*{3}\s*$|\s*\*{3}\s*(?:START|END)\b", re.IGNORECASE)
_BY_LINE = re.compile(r"\s*[Bb][Yy](?:\s+[A-Z][^\n]{0,60})?\s*$")
_TITLE_PAGE_LINES = 150
"""A title page's "by" line comes within this many lines of the start of the book."""
_MINOR_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "from",
        "in",
        "into",
        "nor",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
    ]
)


def shorten_title(text: str, limit: int = TITLE_MAX_CHARS) -> str:
    """One line, white space collapsed, at most ``limit`` characters (cut at a word
    boundary, ending in …)."""
    text = " ".join(clean_line(text).split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—") + "…"


def _strip_markdown(text: str) -> str:
    text = _MD_LINK.sub(r"\1", text)
    return text.replace("**", "").replace("__", "").replace("`", "")


def _front_matter(lines: list[str]) -> tuple[str | None, int]:
    """A leading YAML front matter block's ``title:`` and the index of the line after it."""
    if not lines or lines[0].strip() != "---":
        return None, 0
    for end in range(1, min(len(lines), 200)):
        if lines[end].strip() in ("---", "..."):
            for line in lines[1:end]:
                if match := _FRONT_MATTER_TITLE.fullmatch(line.strip()):
                    return match.group(1).strip().strip("'\""), end + 1
            return None, end + 1
    return None, 0


def _markdown_title(lines: list[str]) -> str | None:
    """The first ATX (``# Title``) or setext (underlined) heading outside code blocks."""
    fence: str | None = None
    paragraph: list[str] = []
    for line in lines:
        marker = _FENCE.match(line)
        if fence is not None:
            if marker and marker.group(1)[0] == fence[0] and len(marker.group(1)) >= len(fence):
                fence = None
            continue
        if marker:
            fence, paragraph = marker.group(1), []
        elif (atx := _ATX.match(line)) and atx.group(1).strip():
            return _strip_markdown(atx.group(1))
        elif paragraph and _SETEXT.match(line):
            return _strip_markdown(" ".join(paragraph))
        elif line.strip():
            paragraph.append(line.strip())
        else:
            paragraph = []
    return None


def _rst_title(lines: list[str]) -> str | None:
    """The first reStructuredText section title: a line over- and underlined, or
    underlined, with a repeated punctuation character."""
    for i, line in enumerate(lines):
        text = line.strip()
        if not text:
            continue
        if _RST_ADORNMENT.fullmatch(line):
            if i + 2 < len(lines) and lines[i + 1].strip():
                under = lines[i + 2]
                if _RST_ADORNMENT.fullmatch(under) and under[0] == line[0]:
                    return lines[i + 1].strip()
            continue
        if line[0].isspace() or text.startswith(".."):
            continue  # indented block, comment or directive
        if i + 1 < len(lines) and _RST_ADORNMENT.fullmatch(lines[i + 1]):
            under = lines[i + 1].rstrip()
            if len(under) >= len(text) or len(under) >= 4:
                return text
    return None


def caption_lines(lines: list[str]) -> list[bool]:
    """For each line, whether it is part of an ``[Illustration: ...]`` caption."""
    inside = [False] * len(lines)
    depth = 0
    for i, line in enumerate(lines):
        if depth == 0 and not _CAPTION_START.match(line):
            continue
        inside[i] = True
        depth += line.count("[") - line.count("]")
        depth = max(depth, 0)
    return inside


def _smart_case(words: str) -> str:
    """``PRIDE and PREJUDICE`` -> ``Pride and Prejudice``: only text shouting in capitals
    is recased; minor words stay lower case except first."""
    letters = [c for c in words if c.isalpha()]
    if not letters or sum(c.isupper() for c in letters) < 0.7 * len(letters):
        return words
    out = []
    for i, word in enumerate(words.split()):
        low = word.lower()
        out.append(low if i and low in _MINOR_WORDS else low[:1].upper() + low[1:])
    return " ".join(out)


def _title_page(lines: list[str]) -> str | None:
    """A printed book's title: the lines just above its "by Author" line, skipping
    illustration captions (Gutenberg books set their title page as plain lines)."""
    captions = caption_lines(lines[:_TITLE_PAGE_LINES])
    for i, line in enumerate(lines[:_TITLE_PAGE_LINES]):
        if captions[i] or not _BY_LINE.match(line):
            continue
        found: list[str] = []
        blanks = 0
        for j in range(i - 1, -1, -1):
            text = lines[j].strip()
            if captions[j] or (found and not text and blanks >= 1):
                break  # a caption, or two blank lines above what was found
            if not text:
                blanks += 1
                continue
            blanks = 0
            found.append(text)
            if len(found) > 4:
                break
        if not found or len(found) > 4 or any(len(t) > 80 for t in found):
            return None
        parts = [t.removesuffix(".") for t in reversed(found)]
        return _smart_case(" ".join(parts))
    return None


def _first_line(lines: list[str]) -> str | None:
    """The first line with a letter or digit (else the first non-blank line); a Markdown
    ``#`` heading marker on it is dropped; illustration captions and Gutenberg markers are
    skipped."""
    first = None
    captions = caption_lines(lines)
    for line, caption in zip(lines, captions, strict=True):
        text = line.strip()
        if not text or caption or _MARKER_LINE.match(line):
            continue
        if (atx := _ATX.match(line)) and atx.group(1).strip():
            text = atx.group(1).strip()
        if _WORD.search(text):
            return text
        first = first or text
    return first


def choose_title(text: str, fmt: str, path: str, hint: str | None = None) -> str:
    """``hint`` (e.g. an HTML ``<title>``), else a Markdown/RST heading, else the first
    line of text, else the file name; always one clean line of at most 120 characters."""
    candidates = [hint]
    lines = text[:_TITLE_SCAN_CHARS].split("\n")
    if fmt == "markdown":
        front_title, body = _front_matter(lines)
        lines = lines[body:]
        candidates += [front_title, _markdown_title(lines)]
    elif fmt == "rst":
        candidates.append(_rst_title(lines))
    elif fmt == "text":
        candidates += [gutenberg_title(text), _title_page(lines)]
    for candidate in candidates:
        if candidate and (title := shorten_title(candidate)):
            return title
    for candidate in (_first_line(lines), os.path.basename(path)):
        if candidate and (title := shorten_title(candidate)):
            return title
    return "Untitled"
