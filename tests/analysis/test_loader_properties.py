"""Property tests: the loader's promises hold for any bytes and any text."""

from __future__ import annotations

import codecs
import hashlib
import re

from hypothesis import assume, given, settings
from hypothesis import strategies as st

import analysis.load.decode as decoding
import analysis.load.files as loader
from analysis.load.files import (
    BinaryFile,
    UndecodableFile,
    build_document,
    decode_bytes,
    find_paragraphs,
    normalize_newlines,
)
from analysis.load.html import html_to_text

CONTROL = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f-\x9f]")
"""Control characters that make a text binary (more than 10% of it)."""
BOMS = {
    "utf-16-le": [codecs.BOM_UTF16_LE],
    "utf-16-be": [codecs.BOM_UTF16_BE],
    "utf-32-le": [codecs.BOM_UTF32_LE],
    "utf-32-be": [codecs.BOM_UTF32_BE],
}
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")

# Text that stresses the loader: line breaks of every kind, white space, controls, bidi
# marks, sentence punctuation, markup characters, and anything else Unicode has.
TRICKY = list("\n\r\t \x0b\x0c\x1c\x85\xa0\u2028\u2029\u3000\x00\x1b\x07\x7f\x9b\u202e\u2066")
TRICKY += [*".!?#=-<>&;\"'`*_", "\r\n", "\n\n", " \n", "...", "# ", "===\n", "\ufeff"]
documents = st.lists(
    st.one_of(st.sampled_from(TRICKY), st.characters(codec=None, exclude_categories=())),
    max_size=300,
).map("".join)
formats = st.sampled_from(["text", "markdown", "rst"])
# Sentence splitting (another module) may load resources on first use, and CI machines are
# shared: no per-example deadline, correctness only.
lenient = settings(deadline=None)


def looks_like_bytes_of_text() -> st.SearchStrategy[bytes]:
    printable = st.characters(exclude_categories=("Cc", "Cs"))
    return st.text(alphabet=printable, min_size=1)


@lenient
@given(st.binary(max_size=2000))
def test_decode_bytes_returns_text_or_a_load_error(data: bytes) -> None:
    try:
        text, encoding = decode_bytes(data)
    except (BinaryFile, UndecodableFile) as exc:
        assert exc.path == "" and exc.message
    else:
        assert isinstance(text, str) and isinstance(encoding, str) and encoding


@lenient
@given(
    st.sampled_from([b"", codecs.BOM_UTF8, *(bom for boms in BOMS.values() for bom in boms)]),
    st.lists(st.sampled_from([b"\x00", b"\xff", b"\xfe", b"\xef\xbb\xbf", b"a", b"\n", b"\xe9"])),
)
def test_decode_bytes_on_bom_and_nul_soup(bom: bytes, parts: list[bytes]) -> None:
    data = bom + b"".join(parts)
    try:
        text, encoding = decode_bytes(data)
    except (BinaryFile, UndecodableFile) as exc:
        assert exc.path == "" and exc.message
        return
    # The text is the bytes read in the encoding it names, less at most one leading BOM,
    # and it passed the binary check.
    codec = encoding.removesuffix(" (with replacements)")
    bodies = {data, data.removeprefix(codecs.BOM_UTF8)}
    bodies |= {data.removeprefix(bom) for bom in BOMS.get(codec, ())}
    assert text in {body.decode(codec, errors="replace") for body in bodies}
    assert len(CONTROL.findall(text)) <= 0.1 * len(text)
    if b"\x00" in data:
        assert codec.startswith(("utf-16", "utf-32"))


@lenient
@given(looks_like_bytes_of_text(), st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32"]))
def test_unicode_text_round_trips(text: str, codec: str) -> None:
    data = text.encode(codec)
    assume(decoding._sniff_magic(data) is None)
    decoded, _ = decode_bytes(data)
    assert decoded == text


def assert_well_formed(doc, raw: str, fmt: str) -> None:
    text = doc.text
    if fmt != "html":
        assert len(text) == len(normalize_newlines(raw))
    assert UNSAFE.search(text) is None, "control characters left in the text"
    assert not any(0xD800 <= ord(ch) <= 0xDFFF for ch in text)
    assert doc.sha256 == hashlib.sha256(text.encode("utf-8")).hexdigest()
    previous_end = 0
    for start, end in doc.paragraphs:
        assert previous_end <= start < end <= len(text), "paragraphs out of order or overlapping"
        assert not text[start].isspace() and not text[end - 1].isspace()
        previous_end = end
    covered = "".join(text[s:e] for s, e in doc.paragraphs)
    assert "".join(text.split()) == "".join(covered.split()), "text outside every paragraph"
    assert len(doc.sentences) == len(doc.sentence_paragraph)
    for (start, end), owner in zip(doc.sentences, doc.sentence_paragraph, strict=True):
        p_start, p_end = doc.paragraphs[owner]
        assert p_start <= start < end <= p_end, "sentence outside its paragraph"
    assert doc.title and len(doc.title) <= 120
    assert "\n" not in doc.title and UNSAFE.search(doc.title) is None


@lenient
@given(documents, formats)
def test_build_document_invariants(raw: str, fmt: str) -> None:
    assert_well_formed(build_document("/docs/any.txt", raw, format=fmt), raw, fmt)


@lenient
@given(documents)
def test_build_document_invariants_for_html(raw: str) -> None:
    assert_well_formed(build_document("/docs/any.html", raw, format="html"), raw, "html")


@lenient
@given(
    st.lists(
        st.sampled_from(
            [
                "<p>",
                "</p>",
                "<br>",
                "<pre>",
                "</pre>",
                "<script>",
                "</script>",
                "<title>",
                "&amp;",
                "&#27;",
                "text",
                " ",
                "\n",
                "<![x",
                "<!--",
                "-->",
                "<td>",
                "<tr>",
            ]
        ),
        max_size=40,
    )
)
def test_html_tag_soup_never_raises(parts: list[str]) -> None:
    text, title = html_to_text("".join(parts))
    assert isinstance(text, str) and (title is None or isinstance(title, str))


@lenient
@given(documents)
def test_paragraph_layout_choice(raw: str) -> None:
    text = loader.clean_text(normalize_newlines(raw))
    paragraphs = find_paragraphs(text)
    inner = text.strip()
    has_blank_line = re.search(r"\n[^\S\n]*\n", inner) is not None
    for start, end in paragraphs:
        if not has_blank_line:
            assert "\n" not in text[start:end], "one paragraph per line expected"
        else:
            assert re.search(r"\n[^\S\n]*\n", text[start:end]) is None
