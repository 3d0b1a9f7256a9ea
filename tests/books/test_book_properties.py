"""Property tests: outlines of any text are ordered offsets of their headings, and any
bytes as an EPUB's content document load or fail with a clear error, never a crash."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from analysis.load.epub import read_epub
from analysis.load.errors import LoadError
from analysis.load.outline import text_outline
from tests.books.makers import make_epub

LINES = st.sampled_from(
    [
        "CHAPTER I.",
        "Chapter 2",
        "I. A TITLE",
        "II.",
        "BOOK ONE",
        "Epilogue",
        "[Illustration: x",
        "Chapter III.]",
        "Contents",
        "Some prose that goes on for a while and ends.",
        "",
        "",
        "by Someone",
    ]
)


@given(st.lists(LINES, max_size=60))
def test_outline_entries_are_ordered_headings_in_the_text(lines: list[str]) -> None:
    text = "\n".join(lines)
    outline = text_outline(text)
    starts = [entry.start for entry in outline]
    assert starts == sorted(set(starts))
    for entry in outline:
        assert 0 <= entry.start < len(text)
        first_word = entry.title.split()[0]
        assert text.startswith(first_word, entry.start)
        assert entry.level in (1, 2)


@given(st.text(max_size=300))
def test_any_content_document_loads_or_fails_clearly(body: str) -> None:
    data = make_epub([("a.xhtml", '<h2 id="c">One</h2>' + body)])
    try:
        book = read_epub("/b.epub", data, 1 << 20)
    except LoadError as exc:
        assert exc.kind == "no-text"
        return
    assert "One" in book.text
    assert all(0 <= e.start <= len(book.text) for e in book.structure)
