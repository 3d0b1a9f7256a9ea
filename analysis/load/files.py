"""Files, folders and globs to ``Document``s, or to failures a person can read: read without
blocking, refuse binary, decode, normalise, find paragraphs, sentences and a title. One bad
file never stops the others. Decoding, titles and errors live in their own modules and are
re-exported here.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from itertools import chain

from analysis.load.decode import MAX_CONTROL_RATIO, SAMPLE_BYTES, decode_bytes
from analysis.load.errors import (
    BinaryFile,
    DirectoryLoop,
    FileTooLarge,
    LoadError,
    MissingPath,
    NotAFile,
    PermissionDenied,
    ReadError,
    UndecodableFile,
    display_name,
    not_a_file,
    os_error,
)
from analysis.load.expand import expand_inputs
from analysis.load.gutenberg import content_span
from analysis.load.outline import find_outline, headings_outline
from analysis.load.stream import CHUNK_BYTES, read_clean_utf8
from analysis.load.titles import TITLE_MAX_CHARS, choose_title, shorten_title
from analysis.model import Document, LoadFailure, OutlineEntry, SpanArray
from analysis.sanitize import clean_text

__all__ = [
    "BOOK_FORMATS",
    "DEFAULT_MAX_BYTES",
    "FORMATS",
    "FORMAT_BY_SUFFIX",
    "MAX_BYTES_ENV",
    "MAX_CONTROL_RATIO",
    "MIB",
    "SAMPLE_BYTES",
    "STREAM_MIN_BYTES",
    "TITLE_MAX_CHARS",
    "BinaryFile",
    "DirectoryLoop",
    "FileTooLarge",
    "LoadError",
    "MissingPath",
    "NotAFile",
    "PermissionDenied",
    "ReadError",
    "UndecodableFile",
    "build_document",
    "choose_title",
    "decode_bytes",
    "detect_format",
    "display_name",
    "expand_inputs",
    "find_paragraphs",
    "load_document",
    "load_paths",
    "max_bytes_from_env",
    "normalize_newlines",
    "read_file_bytes",
    "shorten_title",
    "with_sentences",
]

MIB = 1024 * 1024
DEFAULT_MAX_BYTES = 256 * MIB
"""Files larger than this are refused (``FileTooLarge``) unless the caller allows more."""

MAX_BYTES_ENV = "LECTERN_MAX_BYTES"

FORMATS = ("text", "markdown", "rst", "html")
BOOK_FORMATS = ("epub", "pdf")
"""Read from their bytes by ``analysis.load.epub`` / ``analysis.load.pdf``, never as text."""
FORMAT_BY_SUFFIX = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".mkd": "markdown",
    ".rst": "rst",
    ".rest": "rst",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
}
"""Anything else is sniffed: HTML if it starts like HTML, else text (if it is text)."""


# --- size limit -------------------------------------------------------------------------


def _mib(size: int) -> str:
    text = f"{size / MIB:,.1f} MiB"
    return text if size >= MIB // 10 else f"{text} ({size:,} bytes)"


def _too_large(path: str, size: int, limit: int) -> FileTooLarge:
    return FileTooLarge(
        path,
        f"is {_mib(size)}, more than the {_mib(limit)} limit "
        f"(set {MAX_BYTES_ENV} to allow larger files).",
    )


def max_bytes_from_env() -> int:
    """The size limit from ``LECTERN_MAX_BYTES`` (bytes, or with a K/M/G suffix such as
    ``512M``), or ``DEFAULT_MAX_BYTES`` when it is unset or not a positive size."""
    raw = os.environ.get(MAX_BYTES_ENV, "").strip()
    match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?", raw, re.IGNORECASE)
    if not match:
        return DEFAULT_MAX_BYTES
    scale = 1024 ** " kmgt".index(match.group(2).lower() or " ")
    value = int(float(match.group(1)) * scale)
    return value if value > 0 else DEFAULT_MAX_BYTES


# --- reading one file -------------------------------------------------------------------

_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)  # a FIFO swapped in after the stat must not block
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
)


def _read_all(fd: int, size: int, max_bytes: int, path: str) -> bytes:
    """Read the whole file: ``size`` bytes as fstat promised, then anything appended since
    (or everything, for files that report size 0, like those in /proc)."""
    chunks: list[bytes] = []
    total = 0
    while total < size:
        chunk = os.read(fd, size - total)
        if not chunk:
            raise ReadError(path, "became shorter while it was being read; try again.")
        chunks.append(chunk)
        total += len(chunk)
    while chunk := os.read(fd, MIB):
        total += len(chunk)
        if total > max_bytes:
            raise _too_large(path, total, max_bytes)
        chunks.append(chunk)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _check_regular(path: str, info: os.stat_result, max_bytes: int) -> None:
    if not stat.S_ISREG(info.st_mode):
        raise not_a_file(path, info.st_mode)
    if info.st_size > max_bytes:
        raise _too_large(path, info.st_size, max_bytes)


def _open_regular(path: str, max_bytes: int, *, listed: bool) -> tuple[int, os.stat_result]:
    """An open descriptor on a regular file and its ``fstat``. FIFOs and devices are
    refused after a ``stat``, before any ``open`` (which could block); the open is
    ``O_NONBLOCK`` in case one is swapped in between, and ``fstat`` checks again what was
    actually opened."""
    try:
        _check_regular(path, os.stat(path), max_bytes)
    except (OSError, ValueError) as exc:
        raise os_error(path, exc, listed=listed) from None
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        raise os_error(path, exc, listed=True) from None
    try:
        info = os.fstat(fd)
        _check_regular(path, info, max_bytes)
    except BaseException as exc:
        os.close(fd)
        if isinstance(exc, OSError):
            raise os_error(path, exc, listed=True) from None
        raise
    return fd, info


def read_file_bytes(
    path: str, *, max_bytes: int = DEFAULT_MAX_BYTES, listed: bool = False
) -> bytes:
    """The bytes of a regular file (see ``_open_regular`` for what is refused, and how)."""
    fd, info = _open_regular(path, max_bytes, listed=listed)
    try:
        return _read_all(fd, info.st_size, max_bytes, path)
    except OSError as exc:
        raise os_error(path, exc, listed=True) from None
    finally:
        os.close(fd)


def detect_format(path: str, text: str) -> str:
    """``markdown``/``rst``/``html``/``text`` from the file suffix, else HTML if the text
    starts like an HTML page, else ``text``."""
    fmt = FORMAT_BY_SUFFIX.get(os.path.splitext(path)[1].lower())
    if fmt:
        return fmt
    from analysis.load.html import looks_like_html

    return "html" if looks_like_html(text) else "text"


STREAM_MIN_BYTES = 8 * MIB
"""Files at least this big are read chunk by chunk (``analysis.load.stream``) when they are
plain UTF-8, so the bytes and the text are never held whole at the same time."""


def _reader(fd: int, size: int, max_bytes: int, path: str) -> Callable[[int], bytes]:
    """``read(n)`` on ``fd`` with ``_read_all``'s checks: the file must not end before
    ``size`` bytes nor grow past ``max_bytes``."""
    total = 0

    def read(n: int) -> bytes:
        nonlocal total
        chunk = os.read(fd, n)
        if not chunk and total < size:
            raise ReadError(path, "became shorter while it was being read; try again.")
        total += len(chunk)
        if total > max_bytes:
            raise _too_large(path, total, max_bytes)
        return chunk

    return read


_BOOK_HEAD_BYTES = 1024
"""A PDF's ``%PDF-`` header may sit anywhere in its first kilobyte."""


def _book_format(path: str, head: bytes) -> str | None:
    """``epub`` or ``pdf`` when the file is one (by its first bytes, or its suffix and its
    first bytes), else None: it goes the text way (and a ZIP or PDF is refused there)."""
    suffix = os.path.splitext(path)[1].lower()
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"PK\x03\x04") and (
        suffix == ".epub" or head[30:58] == b"mimetypeapplication/epub+zip"
    ):
        return "epub"
    return None


def _load_book(path: str, fmt: str, data: bytes, max_bytes: int, split: bool) -> Document:
    """A ``Document`` from an EPUB or PDF file's bytes."""
    if fmt == "pdf":
        from analysis.load.pdf import read_pdf  # here: pypdf is imported only for PDFs
        from analysis.load.progress import report

        try:
            book = read_pdf(path, data, lambda done, total: report(path, done, total))
        finally:
            report(path, 1, 1)
    else:
        from analysis.load.epub import read_epub

        book = read_epub(path, data, max_bytes)
    text = clean_text(normalize_newlines(book.text))
    if len(text) != len(book.text):  # the outline's offsets would be off: headings instead
        book = replace(book, structure=())
    return _finish(
        path,
        text,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        title_hint=book.title,
        encoding="utf-8",
        format=fmt,
        split=split,
        structure=book.structure,
        parts=book.parts,
    )


def _load(path: str, max_bytes: int, *, listed: bool, split: bool = True) -> Document:
    fmt = FORMAT_BY_SUFFIX.get(os.path.splitext(path)[1].lower())
    fd, info = _open_regular(path, max_bytes, listed=listed)
    try:
        book_format = _book_format(path, os.pread(fd, _BOOK_HEAD_BYTES, 0))
        streamed = None
        if book_format is None and info.st_size >= STREAM_MIN_BYTES and fmt != "html":
            read = _reader(fd, info.st_size, max_bytes, path)
            streamed = read_clean_utf8(read, sniff_html=fmt is None, chunk_bytes=CHUNK_BYTES)
            if streamed is None:  # not plain UTF-8 text: read it whole, as usual
                os.lseek(fd, 0, os.SEEK_SET)
        data = b"" if streamed is not None else _read_all(fd, info.st_size, max_bytes, path)
    except OSError as exc:
        raise os_error(path, exc, listed=True) from None
    finally:
        os.close(fd)
    if book_format is not None:
        return _load_book(path, book_format, data, max_bytes, split)
    if streamed is not None:
        return _finish(
            path,
            streamed.text,
            sha256=streamed.sha256,
            title_hint=None,
            encoding=streamed.encoding,
            format=fmt or "text",
            split=split,
        )
    try:
        text, encoding = decode_bytes(data)
    except LoadError as exc:
        raise exc.with_path(path) from None
    del data
    return build_document(
        path, text, encoding=encoding, format=detect_format(path, text), split=split
    )


def load_document(
    path: str | os.PathLike, *, max_bytes: int = DEFAULT_MAX_BYTES, split: bool = True
) -> Document:
    """Load one file as a ``Document`` (its ``path`` made absolute).

    Raises a ``LoadError`` subclass, with a message naming the file, for anything that
    keeps it from being read as text.
    """
    return _load(os.path.abspath(os.fsdecode(path)), max_bytes, listed=False, split=split)


# --- building a document ----------------------------------------------------------------

_NON_SPACE = re.compile(r"\S")
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")
_LINE_PATTERN = r"\S(?:[^\n]*\S)?"
_LINE = re.compile(_LINE_PATTERN)
"""A line's content without its surrounding white space."""
_BLOCK = re.compile(_LINE_PATTERN + r"(?:[^\S\n]*\n[^\S\n]*" + _LINE_PATTERN + r")*")
"""Consecutive non-blank lines."""


def normalize_newlines(text: str) -> str:
    """``\\r\\n`` and lone ``\\r`` become ``\\n``."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def find_paragraphs(text: str) -> SpanArray:
    """Paragraph spans, without surrounding white space.

    If a blank line (only white space) separates two non-blank lines, paragraphs are the
    blocks between blank lines; otherwise every non-blank line is a paragraph, as in news
    text with one paragraph per line.
    """
    first = _NON_SPACE.search(text)
    if first is None:
        return SpanArray()
    blank = _BLANK_LINE.search(text, first.start())
    blocks = blank is not None and _NON_SPACE.search(text, blank.end()) is not None
    pattern = _BLOCK if blocks else _LINE
    # Offsets in 4 bytes where they fit: a 100 MB book has a few hundred thousand paragraphs.
    typecode = "I" if len(text) < 1 << 32 and array("I").itemsize == 4 else "q"
    flat = array(typecode, chain.from_iterable(m.span() for m in pattern.finditer(text)))
    return SpanArray.from_flat(flat)


def build_document(
    path: str,
    raw_text: str,
    *,
    title_hint: str | None = None,
    encoding: str = "utf-8",
    format: str = "text",
    split: bool = True,
) -> Document:
    """A ``Document`` from decoded text: newlines normalised, HTML turned into readable
    text (``format="html"``), control characters made visible, paragraphs, sentences and
    a title found. Also for text that comes from no file (stdin, tests).

    Except for HTML, ``len(document.text) == len(normalize_newlines(raw_text))``.
    """
    if format not in FORMATS:
        raise ValueError(f"unknown document format {format!r}; expected one of {FORMATS}")
    text = normalize_newlines(raw_text)
    html_title = None
    structure: tuple[OutlineEntry, ...] = ()
    if format == "html":
        from analysis.load.html import html_structure  # here: few documents are HTML

        page = html_structure(text)
        text, html_title = page.text, page.title
        text = normalize_newlines(text)  # &#13; decodes to a carriage return
        if len(text) == len(page.text):  # else the heading offsets moved
            structure = headings_outline(page.headings)
    text = clean_text(text)
    sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return _finish(
        path,
        text,
        sha256=sha256,
        title_hint=title_hint or html_title,
        encoding=encoding,
        format=format,
        split=split,
        structure=structure,
    )


def _finish(
    path: str,
    text: str,
    *,
    sha256: str,
    title_hint: str | None,
    encoding: str,
    format: str,
    split: bool,
    structure: tuple[OutlineEntry, ...] = (),
    parts: tuple[int, ...] = (),
) -> Document:
    """The ``Document`` of clean text: paragraphs, sentences (if ``split``), a title, the
    span of the work (without Gutenberg boilerplate) and the outline (``structure``: the
    headings the format gave, if any)."""
    paragraphs = find_paragraphs(text)
    if split:
        from analysis.nlp.sentences import split_sentences

        sentences, owners = split_sentences(text, paragraphs)
    else:  # sentence splitting is the slow part: ``with_sentences`` does it later
        sentences, owners = SpanArray(), array("q")
    content = content_span(text, parts)
    return Document(
        path=path,
        title=choose_title(text, format, path, title_hint),
        text=text,
        sha256=sha256,
        paragraphs=paragraphs,
        sentences=sentences,
        sentence_paragraph=owners,
        encoding=encoding,
        format=format,
        outline=find_outline(text, format, structure, content),
        content=content,
    )


def with_sentences(doc: Document) -> Document:
    """``doc`` with its sentences split (a no-op when they already are, or it is empty)."""
    if len(doc.sentences) or not len(doc.paragraphs):
        return doc
    from analysis.nlp.sentences import split_sentences  # here: loading alone never splits

    sentences, owners = split_sentences(doc.text, doc.paragraphs)
    return replace(doc, sentences=sentences, sentence_paragraph=owners)


def load_paths(
    inputs: Sequence[str], *, max_bytes: int = DEFAULT_MAX_BYTES, split: bool = True
) -> Iterator[Document | LoadFailure]:
    """Documents for every file the inputs name (see ``expand_inputs``), in order; a file
    that cannot be loaded becomes a ``LoadFailure`` and the rest still load."""
    for item in expand_inputs(inputs):
        if isinstance(item, LoadFailure):
            yield item
            continue
        path = str(item)
        try:
            result: Document | LoadFailure = _load(path, max_bytes, listed=True, split=split)
        except LoadError as exc:
            result = exc.to_failure()
        except MemoryError:
            result = FileTooLarge(path, "is too large to load into memory.").to_failure()
        except Exception as exc:  # noqa: BLE001 - one broken document must not stop the rest
            reason = f"could not be loaded (internal error: {type(exc).__name__}: {exc})."
            result = ReadError(path, reason).to_failure()
        yield result
