"""A document's title: a hint (an HTML ``<title>``), YAML front matter, a Markdown or
reStructuredText heading, else the first line of text, else the file name.

Split out of ``analysis.load.files``, which re-exports ``choose_title`` and ``shorten_title``.
"""

from __future__ import annotations

import os
import re

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


def _first_line(lines: list[str]) -> str | None:
    """The first line with a letter or digit (else the first non-blank line); a Markdown
    ``#`` heading marker on it is dropped."""
    first = None
    for line in lines:
        text = line.strip()
        if not text:
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
    for candidate in candidates:
        if candidate and (title := shorten_title(candidate)):
            return title
    for candidate in (_first_line(lines), os.path.basename(path)):
        if candidate and (title := shorten_title(candidate)):
            return title
    return "Untitled"
