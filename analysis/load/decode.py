"""Bytes to text: refuse binary files, then find the encoding.

Signatures, NUL bytes and control-byte soup mean ``BinaryFile``; else a BOM, BOM-less UTF-16/32,
UTF-8, a declared charset or a checked ``charset_normalizer`` guess; else ``UndecodableFile``.
``analysis.load.files`` re-exports ``decode_bytes``."""

from __future__ import annotations

import codecs
import re

from analysis.load.errors import BinaryFile, UndecodableFile

SAMPLE_BYTES = 64 * 1024
"""How much of a file the binary and encoding sniffers look at."""

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


def has_magic(data: bytes) -> bool:
    """Does ``data`` start like a known binary format?"""
    return _sniff_magic(data) is not None


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


def is_control_soup(sample: bytes) -> bool:
    """More control bytes in ``sample`` than text has (see :data:`MAX_CONTROL_RATIO`)."""
    return len(sample.translate(None, _NOT_BINARY_BYTES)) > MAX_CONTROL_RATIO * len(sample)


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
    if is_control_soup(data[:SAMPLE_BYTES]):
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
