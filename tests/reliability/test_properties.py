"""Property tests across module boundaries: whatever the bytes or text, no exception escapes,
every span stays inside its text, and offsets round-trip.

The per-module properties live next to each module's tests (loader, sentences, sentiment,
keywords, KWIC, text layout, anchoring); these add what only shows when the pieces are put
together: the whole pipeline on random files, ``analyze_document`` and the corpus on
arbitrary text, the cache's pack/unpack and disk round trips, re-anchoring after
arbitrary edits, and the reading pane's layout of loader output with long hostile lines.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.cache.pack import pack, unpack
from analysis.cache.store import AnalysisCache
from analysis.load.files import build_document, load_paths
from analysis.model import Document, LoadFailure
from analysis.nlp.corpus import Corpus, analyze_document
from analysis.nlp.kwic import keyword_in_context
from analysis.pipeline import Analysed, Failed, Loaded, run_pipeline
from tests.reliability.hostile import CONTROLS, MARKUP, UNSAFE_TEXT
from tui.reader.layout import MAX_PIECE_CHARS, TextLayout
from tui.store.anchoring import STATES, make_anchor, reanchor


def slow_ok(examples: int) -> settings:
    """Correctness only: no per-example deadline on a shared 2-core CI machine."""
    return settings(
        max_examples=examples, deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )


PIECES = [
    *MARKUP.values(),
    *CONTROLS.values(),
    "The lantern was lovely. ",
    "The storm was awful! ",
    "Dr. Smith arrived? ",
    "\n",
    "\n\n",
    "\r\n",
    "\t",
    " ",
    "...",
    "# Heading\n",
    "<p>",
    "&amp;",
]
any_text = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text(max_size=12)),
    max_size=40,
).map("".join)
file_bytes = st.one_of(
    st.binary(max_size=600),
    any_text.map(lambda t: t.encode("utf-8", "surrogatepass")),
    any_text.map(lambda t: t.encode("utf-16")),
    any_text.map(lambda t: t.encode("cp1252", "replace")),
)
suffixes = st.sampled_from([".txt", ".md", ".rst", ".html", ".log", ""])


def assert_document_sound(doc: Document) -> None:
    text = doc.text
    assert UNSAFE_TEXT.search(text) is None
    assert UNSAFE_TEXT.search(doc.title) is None and "\n" not in doc.title
    previous = 0
    for start, end in doc.paragraphs:
        assert previous <= start < end <= len(text)
        previous = end
    previous = 0
    assert len(doc.sentences) == len(doc.sentence_paragraph)
    for (start, end), owner in zip(doc.sentences, doc.sentence_paragraph, strict=True):
        assert previous <= start < end <= len(text)
        p_start, p_end = doc.paragraphs[owner]
        assert p_start <= start and end <= p_end
        previous = end


def assert_analysis_sound(analysis) -> None:
    doc = analysis.document
    assert_document_sound(doc)
    sentiment = analysis.sentiment
    assert len(sentiment.sentences) == len(doc.sentences) == len(sentiment.arc)
    assert len(sentiment.smoothed) == len(sentiment.arc)
    assert len(sentiment.paragraphs) == len(doc.paragraphs)
    assert all(-1.0 <= s.compound <= 1.0 for s in sentiment.sentences)
    assert all(0 <= i < len(doc.sentences) for i in sentiment.most_positive)
    assert all(0 <= i < len(doc.sentences) for i in sentiment.most_negative)
    assert analysis.stats.sentences == len(doc.sentences)
    assert analysis.stats.paragraphs == len(doc.paragraphs)
    assert all(n > 0 for n in analysis.terms.counts.values())


@slow_ok(60)
@given(files=st.lists(st.tuples(file_bytes, suffixes), min_size=1, max_size=5))
def test_pipeline_on_random_files(files: list[tuple[bytes, str]]) -> None:
    folder = Path(tempfile.mkdtemp(prefix="lectern-prop-"))
    try:
        docs = folder / "docs"
        docs.mkdir()
        names = [f"f{i}{suffix}" for i, (_data, suffix) in enumerate(files)]
        for name, (data, _suffix) in zip(names, files, strict=True):
            (docs / name).write_bytes(data)
        events = list(run_pipeline([str(docs)], workers=1, cache_dir=folder / "cache"))
        outcome: dict[str, str] = {}
        for event in events:
            if isinstance(event, Loaded):
                assert_document_sound(event.document)
            elif isinstance(event, Failed):
                assert event.failure.kind in ("binary", "undecodable"), event.failure
                outcome[Path(event.failure.path).name] = event.failure.kind
            else:
                assert isinstance(event, Analysed)
                assert_analysis_sound(event.analysis)
                outcome[Path(event.analysis.document.path).name] = "analysed"
        assert sorted(outcome) == sorted(names)
        # The second run comes from the cache and equals the first.
        again = list(run_pipeline([str(docs)], workers=1, cache_dir=folder / "cache"))
        first = [e.analysis for e in events if isinstance(e, Analysed)]
        second = [e for e in again if isinstance(e, Analysed)]
        assert all(e.cached for e in second)
        assert [e.analysis for e in second] == first
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@slow_ok(200)
@given(data=file_bytes, suffix=suffixes)
def test_load_paths_on_any_bytes_and_suffix(data: bytes, suffix: str) -> None:
    folder = Path(tempfile.mkdtemp(prefix="lectern-prop-"))
    try:
        path = folder / f"doc{suffix}"
        path.write_bytes(data)
        (result,) = list(load_paths([str(path)]))
        if isinstance(result, LoadFailure):
            assert result.kind in ("binary", "undecodable") and result.message
        else:
            assert_document_sound(result)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@slow_ok(150)
@given(first=any_text, second=any_text, fmt=st.sampled_from(["text", "markdown", "html"]))
def test_analyze_document_and_the_corpus_on_any_text(first: str, second: str, fmt: str) -> None:
    docs = [build_document(f"/p/{n}.txt", t, format=fmt) for n, t in (("a", first), ("b", second))]
    corpus = Corpus()
    for doc in docs:
        analysis = analyze_document(doc)
        assert_analysis_sound(analysis)
        corpus.add(analysis)
    for index in range(len(corpus)):
        for keyword in corpus.keywords(index, top=5):
            assert keyword.count > 0 and keyword.term
            for hit in keyword_in_context(docs, keyword.key, width=10, limit=20):
                text = next(d.text for d in docs if d.path == hit.path)
                assert 0 <= hit.start < hit.end <= len(text)
                assert hit.match == text[hit.start : hit.end]
    corpus.top_terms(top=5)


@slow_ok(150)
@given(text=any_text)
def test_cache_pack_unpack_round_trip(text: str) -> None:
    analysis = analyze_document(build_document("/c/doc.txt", text))
    blob = pack(analysis)  # what the disk holds
    assert blob is not None
    lazy = build_document("/c/doc.txt", text, split=False)  # what the loader gives
    restored = unpack(lazy, blob)
    assert restored == analysis
    assert list(restored.document.sentences) == list(analysis.document.sentences)
    assert dict(restored.terms.counts) == dict(analysis.terms.counts)


@slow_ok(60)
@given(text=any_text)
def test_cache_disk_round_trip(text: str) -> None:
    folder = tempfile.mkdtemp(prefix="lectern-cache-")
    try:
        cache = AnalysisCache(Path(folder))
        analysis = analyze_document(build_document("/c/doc.txt", text))
        cache.put(analysis)
        assert cache.get(build_document("/c/doc.txt", text, split=False)) == analysis
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@slow_ok(300)
@given(data=st.data(), text=any_text.filter(bool), inserted=any_text)
def test_reanchor_after_any_edit_stays_in_range(
    data: st.DataObject, text: str, inserted: str
) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    anchor = make_anchor(text, start, end)
    cut_from = data.draw(st.integers(0, len(text)))
    cut_to = data.draw(st.integers(cut_from, len(text)))
    edited = text[:cut_from] + inserted + text[cut_to:]
    result = reanchor(edited, anchor)
    assert result.state in STATES
    assert 0 <= result.start <= result.end <= len(edited)
    assert 0.0 <= result.score <= 1.0
    if cut_to <= start or cut_from >= end:  # the passage itself was not touched
        assert result.state != "orphaned"
        assert edited[result.start : result.end] == anchor.exact


@slow_ok(100)
@given(
    parts=st.lists(st.sampled_from(PIECES), min_size=1, max_size=40),
    repeat=st.integers(1, 400),
    width=st.integers(2, 60),
    probes=st.lists(st.integers(0, 10**9), max_size=40),
)
def test_reading_layout_of_loaded_documents(
    parts: list[str], repeat: int, width: int, probes: list[int]
) -> None:
    """Loader output (hostile pieces, lines longer than a layout piece) wraps into rows that
    fit, cover the text in order, and map offsets to cells and back."""
    raw = "".join(parts).replace("\n", " ") * repeat  # often one line > MAX_PIECE_CHARS
    doc = build_document("/l/doc.txt", raw, split=False)
    text = doc.text
    layout = TextLayout(text, width)
    assert layout.row_count >= 1
    layout.settle(0, 300)  # as the reading pane does for the rows it shows
    previous_end = 0
    for row in range(min(layout.row_count, 300)):
        start, end = layout.row_span(row)
        assert previous_end <= start <= end <= len(text)
        previous_end = end
    for probe in probes:
        offset = probe % max(1, len(text))
        if offset >= len(text):
            continue
        row, col = layout.locate(offset)
        start, end = layout.row_span(row)
        assert start <= offset <= end
        back = layout.offset_at(row, col)
        assert layout.locate(back) == (row, col)
    if len(text) > MAX_PIECE_CHARS and " " in text:
        assert layout.piece_count > 1
