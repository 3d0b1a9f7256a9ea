"""PDF text with pypdf: pages in reading order, made to read like the book they print.

Page numbers and running headers/footers are dropped, line-end hyphenation is mended,
lines become paragraphs and bookmarks the outline. A scan (no text layer) or a locked file
is a clear error, never an empty document. The rules are in docs/FORMATS.md.
"""

from __future__ import annotations

import io
import logging
import re
import warnings
from collections import Counter
from collections.abc import Callable, Sequence
from statistics import median

from analysis.load.book import BookText
from analysis.load.errors import DamagedFile, EncryptedFile, NoText
from analysis.load.outline import heading_line
from analysis.model import OutlineEntry

Progress = Callable[[int, int], None]
"""Called with (pages read, pages in all) as a PDF is read."""

_PAGE_NUMBER = re.compile(
    r"(?i)(?:page\s+)?[-–—(\[]?\s*(?:\d{1,4}|[ivxlcdm]{1,7})\s*[-–—)\]]?(?:\s+of\s+\d+)?"
)
_DIGITS = re.compile(r"\d+")
_WORDS = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_HYPHEN_END = re.compile(r"([^\W\d_]+)-$")
_FIRST_WORD = re.compile(r"([^\W\d_]+)")
_SENTENCE_END = re.compile(r"[.!?:;…”’\"')\]]$")
_REPEATED_SHARE = 0.3
"""A first or last line found on this share of pages (3 at least) is a running header or
footer."""
_SHORT_LINE = 0.8
"""A line shorter than this share of the usual full line ends its paragraph (unless the
next line carries on its sentence: see ``_continues``)."""
_MIN_TEXT_PER_PAGE = 5
_JUNK_TITLES = re.compile(
    r"(?i)^(?:untitled|document\d*|microsoft word\b.*|.*\.(?:docx?|tex|pdf))$"
)


def _quiet_pypdf() -> None:
    """pypdf logs every oddity of a damaged file to stderr, which would draw over the
    dashboard: keep only errors, and those we turn into messages ourselves."""
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)


def read_pdf(path: str, data: bytes, progress: Progress | None = None) -> BookText:
    """The text of a PDF, its title (from its metadata) and its bookmarks."""
    _quiet_pypdf()
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not _unlocked(reader):
                raise EncryptedFile(
                    path, "is encrypted with a password, so its text cannot be read."
                )
            pages = reader.pages
            total = len(pages)
            page_lines: list[list[str]] = []
            for number, page in enumerate(pages):
                page_lines.append(_page_lines(page.extract_text() or ""))
                if progress is not None:
                    progress(number + 1, total)
    except (FileNotDecryptedError, DependencyError):
        raise EncryptedFile(path, "is encrypted, so its text cannot be read.") from None
    except (PdfReadError, ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
        raise DamagedFile(path, f"is not a readable PDF ({type(exc).__name__}: {exc}).") from None
    letters = sum(len(_WORDS.findall(" ".join(lines))) for lines in page_lines)
    if letters < max(1, _MIN_TEXT_PER_PAGE * len(page_lines) // 10):
        raise NoText(
            path,
            "has no text layer (it looks like scanned images); Lectern reads text, not images.",
        )
    page_lines = drop_running_lines(page_lines)
    text, page_starts = join_pages(page_lines)
    structure = _bookmarks(reader, text, page_starts)
    return BookText(text, _title(reader), structure, "pdf")


def _unlocked(reader: object) -> bool:
    """Many PDFs are encrypted with an empty user password only to set permissions."""
    try:
        return bool(reader.decrypt(""))  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - any failure means: locked
        return False


def _page_lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.replace("\r", "\n").split("\n")]


def _shape(line: str) -> str:
    return _DIGITS.sub("#", line.strip().casefold())


def drop_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Pages without page numbers and without running headers/footers (a first or last
    line, digits aside, repeated on many pages)."""
    pages = [[line for line in lines if line] for lines in pages]
    counts: Counter[str] = Counter()
    for lines in pages:
        inner = [line for line in lines if not _PAGE_NUMBER.fullmatch(line)]
        for line in {*inner[:1], *inner[-1:]}:
            counts[_shape(line)] += 1
    threshold = max(3, int(_REPEATED_SHARE * len(pages)))
    repeated = {shape for shape, n in counts.items() if n >= threshold}
    out = []
    for lines in pages:
        lines = list(lines)
        for _ in range(2):
            if lines and (_PAGE_NUMBER.fullmatch(lines[0]) or _shape(lines[0]) in repeated):
                lines.pop(0)
            if lines and (_PAGE_NUMBER.fullmatch(lines[-1]) or _shape(lines[-1]) in repeated):
                lines.pop()
        out.append(lines)
    return out


def join_pages(pages: Sequence[Sequence[str]]) -> tuple[str, list[int]]:
    """The text of all pages, lines joined into paragraphs and line-end hyphens mended,
    and where each page starts in it."""
    vocabulary = Counter(
        word.casefold() for lines in pages for line in lines for word in _WORDS.findall(line)
    )
    lengths = [len(line) for lines in pages for line in lines]
    long_lines = [n for n in lengths if n >= 20]
    full = median(long_lines) if long_lines else 60
    pieces: list[str] = []
    length = 0
    page_starts: list[int] = []
    pending = ""  # text of the paragraph being built
    short = False  # the last line was short: the paragraph ends unless the next continues it
    previous = ""  # the last line
    for lines in pages:
        if (
            pending
            and lines
            and (
                (short and not _continues(previous, lines[0], full))
                or heading_line(lines[0]) not in (None, ("numeral", None))  # a new chapter
            )
        ):
            length = _flush(pieces, pending, length)
            pending, short = "", False
        sep = 2 if pieces else 0
        page_starts.append(length + sep + (len(pending) + 1 if pending else 0))
        for line in lines:
            if short and not _continues(previous, line, full):
                length = _flush(pieces, pending, length)
                pending = ""
            short = False
            if pending.endswith("-") and (match := _HYPHEN_END.search(pending)):
                first = _FIRST_WORD.match(line)
                if first and line[0].islower():
                    head, tail = match.group(1), first.group(1)
                    hyphenated = f"{head}-{tail}".casefold()
                    if vocabulary[hyphenated] > vocabulary[(head + tail).casefold()]:
                        pending += line  # a real compound broken at its hyphen
                    else:
                        pending = pending[:-1] + line
                    short, previous = _short(line, full), line
                    continue
            pending = f"{pending} {line}" if pending else line
            short, previous = _short(line, full), line
    if pending:
        _flush(pieces, pending, length)
    text = "".join(pieces)
    return text, [min(start, len(text)) for start in page_starts]


def _short(line: str, full: float) -> bool:
    return len(line) < _SHORT_LINE * full and not line.endswith("-")


def _continues(previous: str, line: str, full: float) -> bool:
    """After a short line, does ``line`` go on with the same sentence? Yes when it starts
    in lower case, the short line ends no sentence, and the first word of ``line`` would
    not have fitted on it: justified type leaves a short line before a long word ("…but
    to her great" / "disappointment it…"), while "A Small Book" / "by A. Writer" is laid
    out so."""
    if not line[:1].islower() or _SENTENCE_END.search(previous):
        return False
    first = line.split(" ", 1)[0]
    return len(previous) + 1 + len(first) >= _SHORT_LINE * full


def _flush(pieces: list[str], paragraph: str, length: int) -> int:
    if pieces:
        pieces.append("\n\n")
        length += 2
    pieces.append(paragraph)
    return length + len(paragraph)


def _title(reader: object) -> str | None:
    try:
        meta = reader.metadata  # type: ignore[attr-defined]
        title = str(meta.title).strip() if meta is not None and meta.title else ""
    except Exception:  # noqa: BLE001 - broken metadata is no title
        return None
    return title if title and not _JUNK_TITLES.match(title) else None


def _bookmarks(reader: object, text: str, page_starts: list[int]) -> tuple[OutlineEntry, ...]:
    """The PDF's bookmarks, each at its heading on its page (else at the page's start)."""
    try:
        outline = reader.outline  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - a broken outline is no outline
        return ()
    entries: list[OutlineEntry] = []

    def walk(items: object, level: int) -> None:
        for item in items if isinstance(items, list) else []:
            if isinstance(item, list):
                walk(item, level + 1)
                continue
            try:
                page = reader.get_destination_page_number(item)  # type: ignore[attr-defined]
                title = " ".join(str(item.title).split())
            except Exception:  # noqa: BLE001 - skip a bookmark that points nowhere
                continue
            if title and page is not None and 0 <= page < len(page_starts):
                entries.append(OutlineEntry(title, _locate(text, title, page_starts, page), level))

    walk(outline, 1)
    entries.sort(key=lambda e: e.start)
    return tuple(entries)


def _locate(text: str, title: str, page_starts: list[int], page: int) -> int:
    """Where ``title`` starts on its page: its first words searched case-insensitively."""
    start = page_starts[page]
    end = page_starts[page + 1] if page + 1 < len(page_starts) else len(text)
    words = title.split()[:3]
    pattern = r"\s+".join(re.escape(w) for w in words)
    found = re.search(pattern, text[start : end + 200], re.IGNORECASE) if words else None
    return start + found.start() if found else start
