"""Every hostile file (tests/reliability/hostile.py) either opens as clean text or gives a
clear per-file error, through the loader and through the whole analysis pipeline.

"Clean" means: no character a terminal could obey is left in the text or title (they become
visible placeholders, one for one, so offsets stay valid), markup characters are kept
literally, and every span the analysis returns lies inside the text.
"""

from __future__ import annotations

import os
import subprocess
import tracemalloc
from pathlib import Path

import pytest

from analysis.load.files import (
    FileTooLarge,
    load_document,
    load_paths,
)
from analysis.model import Document, LoadFailure
from analysis.pipeline import Analysed, Failed, Loaded, run_pipeline
from tests.reliability.hostile import (
    CONTROLS,
    MARKUP,
    UNSAFE_TEXT,
    Hostile,
    catalogue,
    counts,
    write_all,
)

EXPECTED_COUNTS = {
    "markup": 14,
    "control": 21,
    "name": 11,
    "shape": 11,
    "encoding": 18,
    "binary": 11,
}
"""docs/RELIABILITY.md quotes these; this test keeps the two in step."""

MUST_OPEN = {"markup", "control", "name", "shape"}
"""Categories that are text and must open (bar the NUL sample: NUL bytes mean binary)."""

FAILURE_KINDS = {"binary", "undecodable", "damaged", "no-text"}
"""A file that starts like a PDF is read as one: a broken one is ``damaged`` (or, with no
pages of text, ``no-text``)."""

ITEMS = catalogue()


def test_the_catalogue_has_the_documented_size() -> None:
    assert counts() == EXPECTED_COUNTS
    assert len({item.name for item in ITEMS}) == len(ITEMS)


def _check_document(doc: Document, item: Hostile) -> None:
    assert UNSAFE_TEXT.search(doc.text) is None, "a control character reached the text"
    assert doc.title and "\n" not in doc.title and UNSAFE_TEXT.search(doc.title) is None
    for start, end in doc.paragraphs:
        assert 0 <= start < end <= len(doc.text)
    for start, end in doc.sentences:
        assert 0 <= start < end <= len(doc.text)
    if item.category == "markup":
        assert MARKUP[item.label] in doc.text, "markup was altered instead of kept literally"
    if item.category == "control":
        raw = CONTROLS[item.label]
        cleaned = raw.replace("\r", "\n")  # a lone CR is a line break
        start = doc.text.index("The text reads ") + len("The text reads ")
        assert len(doc.text[start : start + len(cleaned)]) == len(cleaned)
        for ch_raw, ch_doc in zip(cleaned, doc.text[start:], strict=False):
            if UNSAFE_TEXT.match(ch_raw) is None:
                assert ch_raw == ch_doc, "a harmless character was changed"


def _check_failure(failure: LoadFailure, item: Hostile) -> None:
    assert failure.kind in FAILURE_KINDS, failure
    assert failure.message and "\n" not in failure.message
    assert UNSAFE_TEXT.search(failure.message) is None
    if item.category in MUST_OPEN:
        assert item.id == "control:nul", f"{item.id} should have opened: {failure.message}"
        assert failure.kind == "binary"


@pytest.mark.parametrize("item", ITEMS, ids=[item.id for item in ITEMS])
def test_each_hostile_file_opens_cleanly_or_fails_clearly(tmp_path: Path, item: Hostile) -> None:
    written = write_all(tmp_path, [item])
    (path,) = written
    results = list(load_paths([path]))
    assert len(results) == 1
    (result,) = results
    if isinstance(result, Document):
        assert result.path == path
        _check_document(result, item)
    else:
        assert result.path == path
        _check_failure(result, item)
    if item.category == "binary":
        assert isinstance(result, LoadFailure), f"{item.id} was read as text"


def test_encodings_decode_to_the_same_prose(tmp_path: Path) -> None:
    written = write_all(tmp_path, [i for i in ITEMS if i.category == "encoding"])
    docs = {written[r.path].label: r for r in load_paths([str(tmp_path)])}
    for label in ("utf8", "utf8-bom", "utf16-le-bom", "utf16-be-bom", "utf32-le-bom", "cp1252"):
        assert isinstance(docs[label], Document), label
        assert docs[label].text.startswith("Café owners in Zürich said the naïve façade"), label
    for label in ("utf16-le-nobom", "utf16-be-nobom"):
        assert docs[label].text.startswith("The harbour was quiet"), label
    assert docs["latin1"].text.startswith('Café owners in Zürich said the naïve façade was "')
    assert docs["utf16-le-bom"].encoding == "utf-16-le"
    assert docs["utf16-be-nobom"].encoding == "utf-16-be"
    # Raw C1 bytes in a legacy file never become C1 controls.
    for label in ("latin1-c1-bytes", "cp1252-8bit-csi"):
        result = docs[label]
        assert isinstance(result, Document)
        assert not any(0x80 <= ord(ch) <= 0x9F for ch in result.text)


def test_shapes_keep_their_size_and_structure(tmp_path: Path) -> None:
    written = write_all(tmp_path, [i for i in ITEMS if i.category == "shape"])
    docs = {written[r.path].label: r for r in load_paths([str(tmp_path)])}
    assert all(isinstance(d, Document) for d in docs.values())
    assert docs["empty"].text == "" and docs["empty"].title == "shape-empty.txt"
    assert list(docs["empty"].sentences) == []
    assert len(docs["one-million-char-line"].text) == 1_000_000
    assert len(docs["one-million-char-word"].text) == 1_000_000
    lines = docs["ten-thousand-one-word-lines"]
    assert len(lines.paragraphs) == 10_000 and len(lines.sentences) == 10_000
    # No sentence punctuation at all: still split into bounded sentences covering the text.
    flat = docs["no-sentence-punctuation"]
    assert len(flat.sentences) > 1
    assert "".join(flat.text[s:e] for s, e in flat.sentences).replace(" ", "") == flat.text.replace(
        " ", ""
    )
    for label in ("only-newlines", "only-spaces"):
        assert list(docs[label].sentences) == [] and docs[label].title == f"shape-{label}.txt"
    assert docs["cr-only"].text == docs["crlf-only"].text


def test_whole_catalogue_through_the_pipeline(tmp_path: Path) -> None:
    """One folder with every hostile file: each gets exactly one outcome, in sorted order,
    and every analysed document's spans and scores line up with its text."""
    written = write_all(tmp_path / "docs")
    outcomes: dict[str, str] = {}
    loaded: list[str] = []
    for event in run_pipeline([str(tmp_path / "docs")], workers=1, cache_dir=tmp_path / "cache"):
        if isinstance(event, Loaded):
            loaded.append(event.document.path)
        elif isinstance(event, Failed):
            assert event.failure.path not in outcomes
            assert event.failure.kind != "analysis-error", event.failure.message
            outcomes[event.failure.path] = event.failure.kind
        else:
            assert isinstance(event, Analysed)
            analysis = event.analysis
            doc = analysis.document
            assert doc.path not in outcomes and doc.path in loaded
            outcomes[doc.path] = "analysed"
            assert len(analysis.sentiment.sentences) == len(doc.sentences)
            assert all(0 <= s < e <= len(doc.text) for s, e in doc.sentences)
            assert UNSAFE_TEXT.search(doc.text) is None
    assert set(outcomes) == set(written)
    assert loaded == sorted(loaded)
    analysed = sum(1 for kind in outcomes.values() if kind == "analysed")
    failed = {written[p].id for p, kind in outcomes.items() if kind != "analysed"}
    assert {written[p].category for p in outcomes if written[p].id in failed} <= {
        "binary",
        "encoding",
        "control",
    }
    assert analysed == len(written) - len(failed)
    assert failed >= {f"binary:{label}" for label in ("png", "zip", "gzip", "elf", "pdf")}


# -- size limits ----------------------------------------------------------------------------

HUGE = 200 * 1024 * 1024


def _sparse(path: Path, size: int, head: bytes = b"") -> Path:
    path.write_bytes(head)
    subprocess.run(["truncate", "-s", str(size), str(path)], check=True)
    assert path.stat().st_size == size and path.stat().st_blocks * 512 < 1024 * 1024
    return path


def test_200_mb_file_over_the_configured_limit_is_refused_without_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    huge = _sparse(tmp_path / "huge.txt", HUGE, b"Words at the start. " * 100)
    reads: list[int] = []
    real_read = os.read

    def counting_read(fd: int, n: int) -> bytes:
        reads.append(n)
        return real_read(fd, n)

    monkeypatch.setattr(os, "read", counting_read)
    with pytest.raises(FileTooLarge) as caught:
        load_document(huge, max_bytes=1024 * 1024)
    assert reads == []  # refused from its size, before any read
    assert "huge.txt is 200.0 MiB, more than the 1.0 MiB limit" in caught.value.message
    assert "LECTERN_MAX_BYTES" in caught.value.message


def test_lectern_max_bytes_reaches_the_headless_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tui.cli import main

    huge = _sparse(tmp_path / "huge.txt", HUGE)
    small = tmp_path / "small.txt"
    small.write_text("A small file. It opens.\n", encoding="utf-8")
    monkeypatch.setenv("LECTERN_MAX_BYTES", "64K")
    status = main(["analyze", "--workers", "1", str(huge), str(small)])
    captured = capsys.readouterr()
    assert "huge.txt is 200.0 MiB, more than the 0.1 MiB (65,536 bytes) limit" in captured.err
    assert "A small file" in captured.out
    assert status == 0


@pytest.mark.slow
def test_200_mb_file_under_the_default_limit_never_exhausts_memory(tmp_path: Path) -> None:
    """A 200 MB file (under the 256 MiB default) is read once and refused as binary (it is
    NULs past its first kilobytes): peak Python memory stays near one copy of the file."""
    huge = _sparse(tmp_path / "huge.txt", HUGE, b"Words at the start. " * 100)
    tracemalloc.start()
    try:
        results = list(load_paths([str(huge)]))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    (failure,) = results
    assert isinstance(failure, LoadFailure) and failure.kind == "binary"
    assert peak < 1.5 * HUGE, f"peak {peak / HUGE:.2f}x the file size"
