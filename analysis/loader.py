"""Turn files, folders and globs into ``Document``s, or into failures a person can read.

Everything a document goes through before analysis happens here, once: read the bytes
(never blocking on a FIFO or device), refuse binary files, find the encoding, normalise
newlines, make control characters visible (``analysis.sanitize``), find paragraphs,
sentences and a title. One bad file never stops the others: ``load_paths`` yields a
``LoadFailure`` for it and carries on.
"""

from __future__ import annotations

import codecs
import errno
import glob
import hashlib
import os
import re
import stat
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import replace
from itertools import chain
from pathlib import Path
from typing import ClassVar

from analysis.html_text import html_to_text, looks_like_html
from analysis.model import Document, LoadFailure, SpanArray
from analysis.sanitize import clean_line, clean_text
from analysis.sentences import split_sentences

MIB = 1024 * 1024
DEFAULT_MAX_BYTES = 256 * MIB
"""Files larger than this are refused (``FileTooLarge``) unless the caller allows more."""

MAX_BYTES_ENV = "LECTERN_MAX_BYTES"
TITLE_MAX_CHARS = 120
SAMPLE_BYTES = 64 * 1024
"""How much of a file the binary and encoding sniffers look at."""

FORMATS = ("text", "markdown", "rst", "html")
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


# --- failures ---------------------------------------------------------------------------


def display_name(path: str) -> str:
    """How a message names a file: its base name, safe to print on one line."""
    if not path:
        return "This file"
    return clean_line(os.path.basename(path.rstrip(os.sep)) or path)


class LoadError(Exception):
    """A path that cannot become a document. ``message`` is a sentence naming the file.

    Built from ``path`` and ``reason`` (the sentence without its subject), so code that
    knows no path (``decode_bytes``) can raise and the caller fills it in: ``with_path``.
    """

    kind: ClassVar[str] = "io-error"

    def __init__(self, path: str, reason: str, subject: str | None = None) -> None:
        super().__init__(path, reason, subject)
        self.path = path
        self.reason = reason
        self.subject = subject
        self.message = f"{display_name(path) if subject is None else subject} {reason}"

    def __str__(self) -> str:
        return self.message

    def with_path(self, path: str) -> LoadError:
        """The same error about ``path``."""
        return type(self)(path, self.reason, self.subject)

    def to_failure(self) -> LoadFailure:
        return LoadFailure(self.path, self.kind, self.message)


class MissingPath(LoadError):
    """Nothing at the path, a dangling symlink, or a glob that matches no file."""

    kind = "missing"


class PermissionDenied(LoadError):
    """The file or folder may not be read by this user."""

    kind = "permission"


class BinaryFile(LoadError):
    """Not text: a known file signature, NUL bytes, or mostly control bytes."""

    kind = "binary"


class UndecodableFile(LoadError):
    """Not UTF-8/16/32, and no legacy encoding gives believable text."""

    kind = "undecodable"


class FileTooLarge(LoadError):
    """Larger than the size limit (``max_bytes``, ``LECTERN_MAX_BYTES``)."""

    kind = "too-large"


class DirectoryLoop(LoadError):
    """A symlinked folder that leads back to one of its ancestors."""

    kind = "loop"


class NotAFile(LoadError):
    """A folder, FIFO, socket or device: never opened, so never blocks."""

    kind = "not-a-file"


class ReadError(LoadError):
    """The read itself failed: the file vanished, shrank, or the disk erred."""

    kind = "io-error"


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


# --- decoding ---------------------------------------------------------------------------

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"PK\x07\x08", "ZIP archive"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"(\xb5/\xfd", "zstd-compressed data"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"!<arch>\n", "ar archive"),
    (b"\x7fELF", "ELF executable"),
    (b"\xca\xfe\xba\xbe", "Mach-O or Java class file"),
    (b"\xcf\xfa\xed\xfe", "Mach-O executable"),
    (b"\xce\xfa\xed\xfe", "Mach-O executable"),
    (b"\x00asm", "WebAssembly module"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Microsoft Office document"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"OggS", "Ogg media"),
    (b"fLaC", "FLAC audio"),
    (b"\x1aE\xdf\xa3", "Matroska/WebM video"),
    (b"wOFF", "web font"),
    (b"wOF2", "web font"),
)


def _sniff_magic(data: bytes) -> str | None:
    """The kind of binary file ``data`` starts like, if it has a known signature."""
    for signature, kind in _MAGIC:
        if data.startswith(signature):
            return kind
    if data[4:8] == b"ftyp":
        return "MP4/QuickTime media"
    if data.startswith(b"RIFF") and data[8:12] in (b"WAVE", b"AVI ", b"WEBP"):
        return "RIFF media"
    if data[257:262] == b"ustar":
        return "tar archive"
    if re.match(rb"BZh[1-9]1AY&SY", data):
        return "bzip2-compressed data"
    if data.startswith(b"ID3") and data[3:4] in (b"\x02", b"\x03", b"\x04"):
        return "MP3 audio"
    if data.startswith(b"MZ") and b"\x00" in data[:64]:
        return "Windows executable"
    return None


_BOMS: tuple[tuple[bytes, str], ...] = (  # UTF-32 LE first: its BOM starts with UTF-16 LE's
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

MAX_CONTROL_RATIO = 0.10
"""More control characters than this (bar tab, newlines, form feed, ESC) means binary."""

_BINARY_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])
_BINARY_CHARS = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f-\x9f]")
_NOT_BINARY_BYTES = bytes(b for b in range(256) if b not in _BINARY_BYTES)


def _binary_error(what: str) -> BinaryFile:
    return BinaryFile("", f"looks like a binary file ({what}), not text.")


def _too_many_controls(text: str) -> bool:
    sample = text[:SAMPLE_BYTES]
    return len(_BINARY_CHARS.findall(sample)) > MAX_CONTROL_RATIO * len(sample)


def _decode_lenient(data: bytes, codec: str) -> str | None:
    """``data`` decoded strictly, or with U+FFFD for the odd bad sequence (at most 1 in
    100 characters: a truncated last character, a stray byte); ``None`` if worse."""
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        pass
    except LookupError:
        return None
    text = data.decode(codec, errors="replace")
    return text if text.count("\ufffd") <= len(text) // 100 + 1 else None


def _guess_bomless_unicode(data: bytes) -> str | None:
    """UTF-32/UTF-16 without a BOM, recognised by NUL bytes in every other (or every 3 of
    4) byte positions, as mostly-ASCII text in those encodings has."""
    sample = data[: SAMPLE_BYTES - SAMPLE_BYTES % 4]
    quads = len(sample) // 4
    if quads:
        nuls = [sample[i : quads * 4 : 4].count(0) for i in range(4)]
        if min(nuls[1:]) >= 0.9 * quads and nuls[0] <= 0.1 * quads:
            return "utf-32-le"
        if min(nuls[:3]) >= 0.9 * quads and nuls[3] <= 0.1 * quads:
            return "utf-32-be"
    pairs = len(sample) // 2
    even, odd = sample[0 : pairs * 2 : 2].count(0), sample[1 : pairs * 2 : 2].count(0)
    if pairs and odd >= 0.5 * pairs and even <= 0.05 * pairs:
        return "utf-16-le"
    if pairs and even >= 0.5 * pairs and odd <= 0.05 * pairs:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode a file's bytes: ``(text, encoding name)``.

    Raises ``BinaryFile`` (known signature, NUL bytes, mostly control bytes) or
    ``UndecodableFile`` with an empty ``path``; nothing else. Order: signatures, BOMs,
    BOM-less UTF-16/32, UTF-8, then a legacy encoding (see ``_decode_legacy``).
    """
    if not data:
        return "", "utf-8"
    kind = _sniff_magic(data)
    if kind:
        raise _binary_error(kind)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = _decode_lenient(data[len(bom) :], codec)
            if text is not None and not _too_many_controls(text):
                return text, codec
    utf8_name = "utf-8"
    if data.startswith(codecs.BOM_UTF8):
        data, utf8_name = data[len(codecs.BOM_UTF8) :], "utf-8-sig"
    if b"\x00" in data:
        codec = _guess_bomless_unicode(data)
        text = _decode_lenient(data, codec) if codec else None
        if text is not None and not _too_many_controls(text):
            return text, codec  # type: ignore[return-value]
        raise _binary_error("it contains NUL bytes")
    sample = data[:SAMPLE_BYTES]
    if len(sample.translate(None, _NOT_BINARY_BYTES)) > MAX_CONTROL_RATIO * len(sample):
        raise _binary_error("mostly control characters")
    try:
        return data.decode("utf-8"), utf8_name
    except UnicodeDecodeError:
        pass
    return _decode_legacy(data)


_DECLARED_CHARSET = re.compile(
    rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})"""
    rb"""|<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9_.:-]{1,40})""",
    re.IGNORECASE,
)
_WESTERN_SYMBOLS = frozenset("\xa0“”‘’‚„–—…€£¥¢©®™°±×÷«»‹›·•§¶¡¿†‡‰ªº¹²³¼½¾µ")
_DETECTION_EXCLUDED = [
    *("utf_16", "utf_16_be", "utf_16_le", "utf_32", "utf_32_be", "utf_32_le", "utf_7"),
    *("cp037", "cp273", "cp424", "cp500", "cp875", "cp1026", "cp1140"),  # EBCDIC
]


def _declared_encoding(data: bytes) -> str | None:
    """The charset an HTML ``<meta>`` or XML declaration names, as a Python codec name.
    Latin-1 and ASCII labels mean windows-1252, as browsers decide (WHATWG Encoding)."""
    match = _DECLARED_CHARSET.search(data[:SAMPLE_BYTES])
    if not match:
        return None
    label = (match.group(1) or match.group(2)).decode("ascii")
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    if name.startswith(("utf-16", "utf-32", "utf-8")):
        return None  # UTF-8 already failed; UTF-16/32 would have shown NUL bytes
    return "cp1252" if name in ("iso8859-1", "ascii") else name


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few bad bytes (a spliced file, a truncated character): decoded with
    U+FFFD for the bad bytes, if valid multi-byte characters outnumber them 4 to 1."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore")) - bad
    return text if non_ascii > 0 and non_ascii >= 4 * bad else None


def _plausible_western(text: str) -> bool:
    """Does windows-1252 give believable Western text? Mostly ASCII letters, and the
    non-ASCII characters are letters or common punctuation, not symbol soup."""
    sample = text[:SAMPLE_BYTES]
    ascii_letters = sum(map(sample.count, "etaoinshrdlucmfwypvbgkqjxzETAOINSHRDLUCMFWYPVBGKQJXZ"))
    others = re.findall(r"[^\x00-\x7f]", sample)
    letters = sum(1 for ch in others if ch.isalpha())
    odd = sum(1 for ch in others if not ch.isalpha() and ch not in _WESTERN_SYMBOLS)
    return ascii_letters >= 0.6 * (ascii_letters + letters) and odd <= 0.2 * len(others)


_RARE_CODE_PAGE = re.compile(r"cp[4-9]\d\d$|cp1006$|cp1125$|mac_|hp_|ptcp|kz1048")
"""DOS, Mac and other code pages that are seldom what a file today is written in."""


def _prior(encoding: str) -> int:
    """Lower is likelier a priori: windows-1252, then Windows/ISO/national code pages."""
    if encoding == "cp1252":
        return 0
    return 2 if _RARE_CODE_PAGE.match(encoding) else 1


def _legacy_candidates(sample: bytes) -> list[str]:
    """Encodings to try, likeliest first, from ``charset_normalizer`` and our priors.

    The detector's first pick among near-equals is arbitrary (cp850 for English with one
    ``ç``, cp1250 for French), and its guesses for short text are often absurd (cp852 for
    cp1252 smart quotes), so: among near-equal matches take the likeliest code page, call
    it windows-1252 if that decodes the same, and try windows-1252 before a guess with no
    recognised language.
    """
    try:
        from charset_normalizer import from_bytes

        matches = list(from_bytes(sample, cp_exclusion=_DETECTION_EXCLUDED))
    except Exception:  # noqa: BLE001 - a failing guesser only means "no guess"
        matches = []
    if not matches:
        return ["cp1252"]
    best = matches[0]
    candidates = []
    if best.coherence >= 0.1 and best.chaos <= 0.2:
        near = [
            m
            for m in matches
            if m.chaos <= best.chaos + 0.02 and m.coherence >= best.coherence - 0.1
        ]
        pick = min(near, key=lambda m: _prior(m.encoding)).encoding
        if _prior(pick) < 2:
            try:
                same = sample.decode("cp1252") == sample.decode(pick)
            except (UnicodeDecodeError, LookupError):
                same = False
            candidates.append("cp1252" if same else pick)
    candidates.append("cp1252")
    if best.chaos <= 0.3:
        candidates.append(best.encoding)
    return candidates


def _decode_legacy(data: bytes) -> tuple[str, str]:
    """Bytes that are not UTF-8: a declared charset, else UTF-8 with a few bad bytes, else
    a detected legacy encoding (``_legacy_candidates``); windows-1252 only if it gives
    plausible Western text."""
    declared = _declared_encoding(data)
    if declared and (text := _decode_lenient(data, declared)) is not None:
        return text, declared
    if (text := _mostly_utf8(data)) is not None:
        return text, "utf-8 (with replacements)"
    sample = data[: 16 * SAMPLE_BYTES]
    if len(sample) < len(data) and (cut := sample.rfind(b"\n")) > 0:
        sample = sample[:cut]  # never split a multi-byte character
    for codec in _legacy_candidates(sample):
        text = _decode_lenient(data, codec)
        if text is None or _too_many_controls(text):
            continue
        if codec == "cp1252" and not _plausible_western(text):
            continue
        return text, codecs.lookup(codec).name
    raise UndecodableFile("", "is not UTF-8, and no other text encoding makes sense of it.")


# --- reading one file -------------------------------------------------------------------

_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)  # a FIFO swapped in after the stat must not block
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
)
_SPECIAL_KINDS = (
    (stat.S_ISDIR, "a folder, not a file"),
    (stat.S_ISFIFO, "a named pipe (FIFO), not a regular file"),
    (stat.S_ISSOCK, "a socket, not a regular file"),
    (stat.S_ISCHR, "a character device, not a regular file"),
    (stat.S_ISBLK, "a block device, not a regular file"),
)


def _not_a_file(path: str, mode: int) -> NotAFile:
    what = next((text for test, text in _SPECIAL_KINDS if test(mode)), "not a regular file")
    return NotAFile(path, f"is {what}, so it was not read.")


def _os_error(path: str, exc: OSError | ValueError, *, listed: bool) -> LoadError:
    """The ``LoadError`` for an error from ``stat``/``open``/``read`` on ``path``.
    ``listed``: the path came from a folder listing, so if it is gone it vanished."""
    if isinstance(exc, ValueError):  # an embedded NUL
        return MissingPath(path, "is not a valid file name.")
    if isinstance(exc, PermissionError):
        return PermissionDenied(path, "cannot be read: permission denied.")
    if isinstance(exc, FileNotFoundError | NotADirectoryError):
        if listed:
            return ReadError(path, "was removed before it could be read.")
        if os.path.islink(path):
            return MissingPath(path, "is a symbolic link to something that does not exist.")
        return MissingPath(path, "does not exist.")
    if exc.errno == errno.ELOOP:
        return DirectoryLoop(path, "is a symbolic link that loops back on itself.")
    if isinstance(exc, IsADirectoryError):
        return ReadError(path, "could not be read: it is a folder.")
    return ReadError(path, f"could not be read ({exc.strerror or exc}).")


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
        raise _not_a_file(path, info.st_mode)
    if info.st_size > max_bytes:
        raise _too_large(path, info.st_size, max_bytes)


def read_file_bytes(
    path: str, *, max_bytes: int = DEFAULT_MAX_BYTES, listed: bool = False
) -> bytes:
    """The bytes of a regular file. FIFOs and devices are refused after a ``stat``, before
    any ``open`` (which could block); the open is ``O_NONBLOCK`` in case one is swapped in
    between, and ``fstat`` checks again what was actually opened."""
    try:
        _check_regular(path, os.stat(path), max_bytes)
    except (OSError, ValueError) as exc:
        raise _os_error(path, exc, listed=listed) from None
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        raise _os_error(path, exc, listed=True) from None
    try:
        info = os.fstat(fd)
        _check_regular(path, info, max_bytes)
        return _read_all(fd, info.st_size, max_bytes, path)
    except OSError as exc:
        raise _os_error(path, exc, listed=True) from None
    finally:
        os.close(fd)


def detect_format(path: str, text: str) -> str:
    """``markdown``/``rst``/``html``/``text`` from the file suffix, else HTML if the text
    starts like an HTML page, else ``text``."""
    fmt = FORMAT_BY_SUFFIX.get(os.path.splitext(path)[1].lower())
    if fmt:
        return fmt
    return "html" if looks_like_html(text) else "text"


def _load(path: str, max_bytes: int, *, listed: bool, split: bool = True) -> Document:
    data = read_file_bytes(path, max_bytes=max_bytes, listed=listed)
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
    flat = array("q", chain.from_iterable(m.span() for m in pattern.finditer(text)))
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
    if format == "html":
        text, html_title = html_to_text(text)
        text = normalize_newlines(text)  # &#13; decodes to a carriage return
    text = clean_text(text)
    paragraphs = find_paragraphs(text)
    if split:
        sentences, owners = split_sentences(text, paragraphs)
    else:  # sentence splitting is the slow part: ``with_sentences`` does it later
        sentences, owners = SpanArray(), array("q")
    title = choose_title(text, format, path, title_hint or html_title)
    return Document(
        path=path,
        title=title,
        text=text,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        paragraphs=paragraphs,
        sentences=sentences,
        sentence_paragraph=owners,
        encoding=encoding,
        format=format,
    )


def with_sentences(doc: Document) -> Document:
    """``doc`` with its sentences split (a no-op when they already are, or it is empty)."""
    if len(doc.sentences) or not len(doc.paragraphs):
        return doc
    sentences, owners = split_sentences(doc.text, doc.paragraphs)
    return replace(doc, sentences=sentences, sentence_paragraph=owners)


# --- titles -----------------------------------------------------------------------------

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


# --- many inputs --------------------------------------------------------------------------

_GLOB_CHARS = re.compile(r"[*?\[]")


def _file_key(info: os.stat_result) -> tuple[int, int]:
    return info.st_dev, info.st_ino


def _list_folder(path: str) -> list[os.DirEntry[str]] | LoadFailure:
    """A folder's visible entries, sorted by name (code point order)."""
    try:
        with os.scandir(path) as entries:
            return sorted((e for e in entries if not e.name.startswith(".")), key=_entry_name)
    except PermissionError:
        reason = "cannot be opened: permission denied, so its files were skipped."
        return PermissionDenied(path, reason).to_failure()
    except OSError as exc:
        return _os_error(path, exc, listed=True).to_failure()


def _entry_name(entry: os.DirEntry[str]) -> str:
    return entry.name


class _Expansion:
    """State shared across all inputs of one ``expand_inputs`` call: files already
    yielded and folders already walked, by (device, inode)."""

    def __init__(self) -> None:
        self.files: set[tuple[int, int]] = set()
        self.folders: set[tuple[int, int]] = set()

    def path(self, path: str, *, listed: bool) -> Iterator[Path | LoadFailure]:
        try:
            info = os.stat(path)
        except (OSError, ValueError) as exc:
            yield _os_error(path, exc, listed=listed).to_failure()
            return
        if stat.S_ISDIR(info.st_mode):
            yield from self.walk(path, info)
        elif not stat.S_ISREG(info.st_mode):
            yield _not_a_file(path, info.st_mode).to_failure()
        elif _file_key(info) not in self.files:
            self.files.add(_file_key(info))
            yield Path(path)

    def walk(self, root: str, info: os.stat_result) -> Iterator[Path | LoadFailure]:
        """Depth first, sorted, hidden entries skipped, symlinked folders followed; a
        folder that links back to one of its ancestors is reported as a loop."""
        root_key = _file_key(info)
        if root_key in self.folders:
            return
        entries = _list_folder(root)
        if isinstance(entries, LoadFailure):
            yield entries
            return
        self.folders.add(root_key)
        stack = [(root_key, iter(entries))]
        ancestors = {root_key}
        while stack:
            key, pending = stack[-1]
            entry = next(pending, None)
            if entry is None:
                stack.pop()
                ancestors.discard(key)
                continue
            try:
                child = entry.stat()
            except OSError as exc:
                broken = isinstance(exc, FileNotFoundError) and entry.is_symlink()
                yield _os_error(entry.path, exc, listed=not broken).to_failure()
                continue
            if stat.S_ISREG(child.st_mode):
                if _file_key(child) not in self.files:
                    self.files.add(_file_key(child))
                    yield Path(entry.path)
                continue
            if not stat.S_ISDIR(child.st_mode):
                yield _not_a_file(entry.path, child.st_mode).to_failure()
                continue
            child_key = _file_key(child)
            if child_key in ancestors:
                reason = "links back to a folder that contains it, so it was skipped."
                yield DirectoryLoop(entry.path, reason).to_failure()
            elif child_key not in self.folders:
                listing = _list_folder(entry.path)
                if isinstance(listing, LoadFailure):
                    yield listing
                    continue
                self.folders.add(child_key)
                ancestors.add(child_key)
                stack.append((child_key, iter(listing)))

    def glob(self, given: str, pattern: str) -> Iterator[Path | LoadFailure]:
        if os.path.isabs(pattern):
            matches = glob.glob(pattern, recursive=True)
        else:
            cwd = os.getcwd()
            found = glob.glob(pattern, root_dir=cwd, recursive=True)
            matches = [os.path.join(cwd, match) for match in found]
        if not matches:
            failure = MissingPath(os.path.abspath(pattern), "matches no files.", clean_line(given))
            yield failure.to_failure()
            return
        for match in sorted(os.path.abspath(m) for m in matches):
            yield from self.path(match, listed=True)


def expand_inputs(inputs: Sequence[str]) -> Iterator[Path | LoadFailure]:
    """Files, folders and globs -> absolute file paths in order, with failures inline.

    Folders are walked recursively in sorted order, skipping hidden files and folders;
    globs (``*.txt``, ``docs/**/*.md``) are matched sorted, and one matching nothing is a
    "missing" failure. Relative inputs are relative to the current directory. A file
    reached twice (two inputs, a symlink) is listed once.
    """
    state = _Expansion()
    for given in inputs:
        if not given:
            yield MissingPath(
                "", "was given, so there is nothing to load.", "An empty path"
            ).to_failure()
            continue
        expanded = os.path.expanduser(given)
        if _GLOB_CHARS.search(expanded) and not os.path.lexists(expanded):
            yield from state.glob(given, expanded)
        else:
            yield from state.path(os.path.abspath(expanded), listed=False)


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
