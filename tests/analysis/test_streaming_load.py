"""Big files are read chunk by chunk (``analysis.load.stream``): same documents as reading
them whole, for any bytes and any chunk boundaries, and without a second full copy."""

from __future__ import annotations

import codecs
import io
import os
import tempfile
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import analysis.load.files as loader
from analysis.load.decode import has_magic, is_control_soup
from analysis.load.errors import FileTooLarge, LoadError, ReadError
from analysis.load.files import (
    build_document,
    decode_bytes,
    load_document,
    normalize_newlines,
)
from analysis.load.stream import read_clean_utf8, surely_clean
from analysis.sanitize import TEXT_TABLE, clean_text

# Line breaks, controls, bidi marks, multi-byte and astral characters, BOMs mid-text.
PIECES = list("\n\r\t \x0b\x0c\x1b\x07\x7f\x85\x9b\xa0\u2028\u202e\u2066\ufeff")
PIECES += ["\r\n", "\r\r\n", "\n\r", "“", "”", "é", "€", "😀", "a", "Hello. ", "<html>"]
texts = st.lists(
    st.one_of(st.sampled_from(PIECES), st.characters(codec="utf-8")), max_size=200
).map("".join)
chunk_sizes = st.integers(min_value=1, max_value=9)
lenient = settings(deadline=None)


def whole_file_document(path: str):
    """What loading gave before streaming: the bytes read whole, then decoded."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(loader, "STREAM_MIN_BYTES", 1 << 62)
        return load_document(path)


def expected(data: bytes):
    """(text, encoding) as the whole-file path makes it, or None if it refuses the bytes."""
    try:
        text, encoding = decode_bytes(data)
    except LoadError:
        return None
    return clean_text(normalize_newlines(text)), encoding


def plainly_utf8(data: bytes) -> bool:
    body = data.removeprefix(codecs.BOM_UTF8)
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return (
        bool(data)
        and not has_magic(data)
        and b"\x00" not in body
        and not is_control_soup(body[: loader.SAMPLE_BYTES])
        and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    )


@lenient
@given(texts, st.booleans(), chunk_sizes)
def test_streamed_text_is_the_whole_file_text(text: str, bom: bool, chunk: int) -> None:
    data = (codecs.BOM_UTF8 if bom else b"") + text.encode("utf-8")
    streamed = read_clean_utf8(io.BytesIO(data).read, sniff_html=False, chunk_bytes=chunk)
    if not plainly_utf8(data):
        assert streamed is None
        return
    assert streamed is not None
    want = expected(data)
    assert want is not None
    assert (streamed.text, streamed.encoding) == want
    assert streamed.sha256 == build_document("x", want[0]).sha256


@lenient
@given(st.binary(max_size=300), chunk_sizes)
def test_any_bytes_stream_to_the_same_text_or_fall_back(data: bytes, chunk: int) -> None:
    streamed = read_clean_utf8(io.BytesIO(data).read, sniff_html=False, chunk_bytes=chunk)
    if streamed is None:
        assert not plainly_utf8(data)
    else:
        assert (streamed.text, streamed.encoding) == expected(data)


@pytest.mark.parametrize("chunk", [1, 2, 3, 4, 5])
@pytest.mark.parametrize(
    "text",
    [
        "one\r\ntwo\r\nthree\r\n",  # \r\n split at every boundary
        "end with a lone return\r",
        "\r\r\r\n\r\n\n\r",
        "“curly” café 😀 — €",  # 2-, 3- and 4-byte characters split
        "esc\x1b[6n and bel\x07 and c1\u009b and bidi\u202e here",
        "\ufeffnot a BOM at the start of the text? it is: decoding keeps this one",
    ],
)
def test_boundaries(text: str, chunk: int) -> None:
    data = text.encode("utf-8")
    streamed = read_clean_utf8(io.BytesIO(data).read, chunk_bytes=chunk)
    assert streamed is not None
    assert (streamed.text, streamed.encoding) == expected(data)


# ------------------------------------------------------- chunks taken as they are


def test_surely_clean_flags_every_character_the_sanitizer_changes() -> None:
    """The fast path may only skip ``clean_text`` for bytes it would leave alone."""
    changed = [chr(code) for code in TEXT_TABLE if not 0xD800 <= code < 0xE000]  # no UTF-8
    for char in [*changed, "\r"]:
        for text in (char, f"plain {char} text", f"“{char}”"):
            assert not surely_clean(text.encode("utf-8")), repr(text)
    assert surely_clean("“curly” café 😀 — € … plain\n\ttext".encode())
    assert surely_clean("ê ë ì í î Ё ⁄ ‡: bytes only the first pass doubts".encode())


@lenient
@given(texts)
def test_surely_clean_text_is_clean_already(text: str) -> None:
    if surely_clean(text.encode("utf-8")):
        assert clean_text(normalize_newlines(text)) == text


@pytest.mark.parametrize("chunk", [1, 2, 3, 5, 64])
def test_clean_and_dirty_chunks_hash_as_the_whole_text(chunk: int) -> None:
    """Clean chunks are hashed from their bytes, the others from their cleaned text; a
    character split between two chunks is hashed once."""
    text = ("“Clean” prose — é 😀. " * 8 + "dirty\x1b[6n\r\n" + "bidi\u202e. ") * 6
    data = text.encode("utf-8")
    streamed = read_clean_utf8(io.BytesIO(data).read, chunk_bytes=chunk)
    want = expected(data)
    assert streamed is not None and want is not None
    assert streamed.text == want[0]
    assert streamed.sha256 == build_document("x", want[0]).sha256


# ---------------------------------------------------------------- through load_document


@pytest.fixture
def streaming(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file streams, in 3-byte chunks."""
    monkeypatch.setattr(loader, "STREAM_MIN_BYTES", 1)
    monkeypatch.setattr(loader, "CHUNK_BYTES", 3)


def write(folder: Path, name: str, data: bytes) -> str:
    path = folder / name
    path.write_bytes(data)
    return str(path)


def same_outcome(path: str) -> None:
    """Streaming and whole-file loading give equal documents, or the same error."""
    try:
        want = whole_file_document(path)
    except LoadError as exc:
        with pytest.raises(type(exc)) as raised:
            load_document(path)
        assert raised.value.message == exc.message
        return
    got = load_document(path)
    assert got == want
    assert (got.title, got.encoding, got.format, got.sha256) == (
        want.title,
        want.encoding,
        want.format,
        want.sha256,
    )


@lenient
@given(texts, st.sampled_from([".txt", ".md", ".rst", ".dat", ""]), st.booleans())
def test_load_document_streams_to_the_same_document(text: str, suffix: str, bom: bool) -> None:
    with pytest.MonkeyPatch.context() as patch, tempfile.TemporaryDirectory() as folder:
        patch.setattr(loader, "STREAM_MIN_BYTES", 1)
        patch.setattr(loader, "CHUNK_BYTES", 4)
        data = (codecs.BOM_UTF8 if bom else b"") + text.encode("utf-8")
        same_outcome(write(Path(folder), "doc" + suffix, data))


PARAGRAPHS = "“Title line”\r\n\r\nFirst paragraph. It has sentences!\r\nStill it.\r\n\r\nLast.\r"


@pytest.mark.usefixtures("streaming")
@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("crlf.txt", PARAGRAPHS.encode("utf-8")),
        ("bom.md", codecs.BOM_UTF8 + b"# Heading\r\n\r\nBody text.\r\n"),
        ("title.rst", "Title\r\n=====\r\n\r\nBody “here”.".encode()),
        ("utf16.txt", PARAGRAPHS.encode("utf-16")),  # BOM: read whole, as before
        ("bomless16.txt", PARAGRAPHS.encode("utf-16-le")),  # NUL bytes in the head
        ("nul-late.txt", b"plain text " * 50 + b"\x00 then a NUL"),
        ("latin1-late.txt", b"plain text " * 50 + "caf\xe9 cr\xe8me".encode("latin-1")),
        ("cut.txt", "ends mid character: “".encode()[:-1]),
        ("spliced.txt", ("“good” " * 40).encode() + b"\xff" + ("“good” " * 40).encode()),
        ("page.dat", b"<!doctype html><title>T</title><p>Hello &amp; bye</p>"),
        ("page.html", b"<html><body><p>Suffix says HTML</p></body></html>"),
        ("page.txt", b"<html><body><p>Suffix says text</p></body></html>"),
        ("image.txt", b"\x89PNG\r\n\x1a\n" + b"x" * 100),
        ("controls.txt", bytes(range(1, 32)) * 10),
        ("empty.txt", b""),
    ],
)
def test_load_document_edge_cases(tmp_path: Path, name: str, data: bytes) -> None:
    same_outcome(write(tmp_path, name, data))


@pytest.mark.usefixtures("streaming")
def test_streaming_is_used_and_keeps_the_utf8_sig_name(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", codecs.BOM_UTF8 + "“quoted”\r\n".encode())
    calls = []
    real = loader.read_clean_utf8

    def spy(*args, **kwargs):
        result = real(*args, **kwargs)
        calls.append(result)
        return result

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(loader, "read_clean_utf8", spy)
        doc = load_document(path)
    assert calls and calls[0] is not None
    assert (doc.text, doc.encoding) == ("“quoted”\n", "utf-8-sig")


@pytest.mark.usefixtures("streaming")
def test_file_truncated_while_streamed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "short.txt", b"abc")
    real_fstat = os.fstat
    monkeypatch.setattr(
        os, "fstat", lambda fd: os.stat_result((*real_fstat(fd)[:6], 100, *real_fstat(fd)[7:]))
    )
    with pytest.raises(ReadError, match="became shorter while it was being read"):
        load_document(path)


@pytest.mark.usefixtures("streaming")
def test_file_growing_past_the_limit_while_streamed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, "growing.txt", b"y" * 5000)
    real_stat, real_fstat = os.stat, os.fstat

    def shrink(info: os.stat_result) -> os.stat_result:
        return os.stat_result((*info[:6], 10, *info[7:]))

    monkeypatch.setattr(os, "stat", lambda p, *a, **k: shrink(real_stat(p, *a, **k)))
    monkeypatch.setattr(os, "fstat", lambda fd: shrink(real_fstat(fd)))
    with pytest.raises(FileTooLarge):
        load_document(path, max_bytes=1000)
    assert load_document(path).text == "y" * 5000


# ---------------------------------------------------------------- memory


def test_text_grows_in_place_without_a_second_copy() -> None:
    """The whole-file path holds the bytes and the text at once, then copies the text
    (cleaning) and its UTF-8 (hashing); streaming holds the text plus a few chunks."""
    line = "“Quoted,” she said, and the sentence goes on for a while.\r\n".encode()
    data = codecs.BOM_UTF8 + line * (12_000_000 // len(line))
    chunk = 1 << 20
    source = io.BytesIO(data)
    tracemalloc.start()
    try:
        streamed = read_clean_utf8(source.read, chunk_bytes=chunk)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert streamed is not None
    text_bytes = 2 * len(streamed.text)  # UCS-2: the curly quotes
    # BytesIO holds ``data`` already (not traced); each chunk costs its bytes, its text
    # twice (decoded, cleaned) and its UTF-8.
    assert peak < text_bytes + 8 * chunk, (peak, text_bytes)
