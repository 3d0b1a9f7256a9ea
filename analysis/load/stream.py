"""Read a big UTF-8 file into its cleaned text chunk by chunk, never holding the whole file twice.

Only UTF-8 (with or without a BOM) that is not HTML streams; anything else returns ``None`` and
the caller reads the file whole (``analysis.load.decode.decode_bytes``). Both paths give the
same text, hash and encoding name. How and what it saves: docs/ARCHITECTURE.md."""

from __future__ import annotations

import codecs
import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from analysis.load.decode import SAMPLE_BYTES, has_magic, is_control_soup
from analysis.load.html import looks_like_html
from analysis.sanitize import clean_text

__all__ = ["CHUNK_BYTES", "HEAD_BYTES", "StreamedText", "read_clean_utf8", "surely_clean"]

CHUNK_BYTES = 1 << 20
"""Bytes decoded and cleaned at a time: 1 MiB keeps the per-chunk copies to a few MB
while the per-chunk overhead stays negligible (~100 chunks for a 100 MB file)."""

HEAD_BYTES = SAMPLE_BYTES + len(codecs.BOM_UTF8)
"""The start of the file that the sniffers look at (the whole-file path samples the first
``SAMPLE_BYTES`` after a UTF-8 BOM)."""

_HTML_SNIFF_CHARS = 8192
"""How many characters ``looks_like_html`` looks at."""

_OTHER_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)

_SUSPECT_BYTES = bytes([*range(0x09), *range(0x0B, 0x20), 0x7F, 0xC2, 0xD8])
"""C0 controls but tab and newline, DEL, and the lead bytes of C1 controls (U+0080-U+009F)
and ARABIC LETTER MARK (U+061C): the one-byte and two-byte characters ``clean_text`` changes
(and a ``\r``), plus some it keeps (``é`` is C3, but ``°`` is C2)."""
_SAFE_BYTES = bytes(b for b in range(256) if b not in _SUSPECT_BYTES)
_BIDI_UTF8 = re.compile(rb"\xe2(?:\x80[\x8e\x8f\xaa-\xae]|\x81[\xa6-\xa9])")
"""The three-byte characters ``clean_text`` changes: U+200E/F, U+202A-E, U+2066-9."""
_QUICK_SAFE_BYTES = bytes(
    b for b in _SAFE_BYTES if b not in (0x81, 0x8E, 0x8F, 0xAA, 0xAB, 0xAC, 0xAD, 0xAE)
)
"""Also without a byte of every one of those three-byte characters: bytes English prose
(curly quotes, dashes, ellipses, é) never holds, so one pass settles it."""

Read = Callable[[int], bytes]
"""Up to ``n`` more bytes of the file; ``b""`` at its end."""


@dataclass(frozen=True, slots=True)
class StreamedText:
    """A file's text as ``build_document`` would make it (newlines normalised, control
    characters replaced), with the hex sha256 of its UTF-8 and the encoding's name."""

    text: str
    sha256: str
    encoding: str


def _read_full(read: Read, size: int) -> bytes:
    """``size`` bytes, fewer only at the end of the file."""
    parts = []
    got = 0
    while got < size:
        part = read(size - got)
        if not part:
            break
        parts.append(part)
        got += len(part)
    return b"".join(parts)


def _pieces(head: bytes, read: Read, chunk_bytes: int) -> Iterator[bytes]:
    """The head in ``chunk_bytes`` slices, then the rest of the file."""
    for start in range(0, len(head), chunk_bytes):
        yield head[start : start + chunk_bytes]
    while part := _read_full(read, chunk_bytes):
        yield part


def _head_is_streamable(head: bytes) -> bool:
    """Would the whole-file decoder take ``head``'s file for UTF-8 without a second look?
    (No signature, no UTF-16/32 BOM, no NUL, not mostly control bytes.) Later chunks are
    checked for NUL bytes and invalid UTF-8 as they come."""
    if has_magic(head) or head.startswith(_OTHER_BOMS):
        return False
    data = head.removeprefix(codecs.BOM_UTF8)
    return b"\x00" not in data and not is_control_soup(data[:SAMPLE_BYTES])


def surely_clean(raw: bytes) -> bool:
    """True only if ``raw``, as UTF-8, holds nothing ``clean_text`` or newline
    normalisation would change (false alarms are allowed). Two C-level passes, ~0.2 s per
    100 MB (one, ~0.1 s, for most English) against ~0.85 s for ``clean_text``'s search."""
    if not raw.translate(None, _QUICK_SAFE_BYTES):
        return True
    return not raw.translate(None, _SAFE_BYTES) and _BIDI_UTF8.search(raw) is None


def read_clean_utf8(
    read: Read, *, sniff_html: bool = True, chunk_bytes: int = CHUNK_BYTES
) -> StreamedText | None:
    """Read a file through ``read`` as UTF-8 text, cleaned as ``build_document`` cleans it.

    ``None`` when the file is not plainly UTF-8 (see the module docstring) or, with
    ``sniff_html``, starts like an HTML page: the caller then reads it the usual way from
    the start. Errors that ``read`` raises (a read error, a file growing past the limit)
    propagate.
    """
    head = _read_full(read, HEAD_BYTES)
    if not head or not _head_is_streamable(head):
        return None
    encoding = "utf-8"
    if head.startswith(codecs.BOM_UTF8):
        head, encoding = head[len(codecs.BOM_UTF8) :], "utf-8-sig"
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    decode = decoder.decode
    digest = hashlib.sha256()
    text = ""
    carry = False  # a final "\r" waits for the next chunk, which may start with "\n"
    start = ""  # the first characters as decoded, for the HTML sniffer
    sniffing = sniff_html
    for raw in _pieces(head, read, chunk_bytes):
        if b"\x00" in raw:
            return None
        held = decoder.getstate()[0]  # the end of the last chunk's final character
        try:
            part = decode(raw)
        except UnicodeDecodeError:
            return None
        if sniffing:
            start += part[:_HTML_SNIFF_CHARS]
            if len(start) >= _HTML_SNIFF_CHARS:
                if looks_like_html(start):
                    return None
                sniffing = False
        if not carry and surely_clean(raw) and (not held or surely_clean(held + raw[:3])):
            # ``part`` stays as decoded: its UTF-8 is the bytes it came from (no re-encoding).
            pending = len(decoder.getstate()[0])  # a character this chunk did not finish
            if pending <= len(raw):
                digest.update(held)
                digest.update(memoryview(raw)[: len(raw) - pending])
            else:  # a tiny chunk that finished nothing, and kept some of ``held`` waiting
                digest.update(held[: len(held) + len(raw) - pending])
        else:
            if carry:
                part = "\r" + part
            carry = part.endswith("\r")
            if carry:
                part = part[:-1]
            if "\r" in part:
                part = part.replace("\r\n", "\n").replace("\r", "\n")
            part = clean_text(part)
            digest.update(part.encode("utf-8"))
        # Grows in place while ``text`` is referenced only here (see docs/ARCHITECTURE.md).
        text += part
        del part
    try:
        decode(b"", True)  # a truncated last character is invalid UTF-8
    except UnicodeDecodeError:
        return None
    if sniffing and looks_like_html(start):
        return None
    if carry:
        digest.update(b"\n")
        text += "\n"
    return StreamedText(text, digest.hexdigest(), encoding)
