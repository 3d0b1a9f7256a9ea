"""Project Gutenberg texts: the header, footer and licence are kept in the text but out of
the analysis, and the title comes from the Title: line or the title page."""

from __future__ import annotations

from analysis.load.files import build_document
from analysis.load.gutenberg import content_span, gutenberg_title
from analysis.nlp.corpus import Corpus, analyze_document
from analysis.nlp.terms import WORD_RE

HEADER = (
    "The Project Gutenberg eBook of The Quiet Harbour\n\n"
    "This eBook is for the use of anyone anywhere in the United States and most other parts "
    "of the world at no cost and with almost no restrictions whatsoever.\n\n"
    "Title: The Quiet Harbour\n\nAuthor: Anne Example\n\n"
    "Release date: May 1, 2020 [eBook #99999]\n\n"
    "*** START OF THE PROJECT GUTENBERG EBOOK THE QUIET HARBOUR ***\n\n"
    "Produced by Volunteers\n\n\n"
)
BOOK = (
    "[Illustration]\n\n\n\nThe Quiet Harbour\n\nby Anne Example\n\n\n\n"
    "CHAPTER I.\n\nThe boats came home at dusk and the harbour was calm and happy.\n\n"
    "CHAPTER II.\n\nThe fishermen mended their nets and sang about the lovely summer.\n"
)
FOOTER = (
    "\n\n*** END OF THE PROJECT GUTENBERG EBOOK THE QUIET HARBOUR ***\n\n"
    + "Project Gutenberg electronic works license terms trademark foundation refund. " * 80
)


def test_content_span_is_between_the_markers() -> None:
    text = HEADER + BOOK + FOOTER
    span = content_span(text)
    assert span is not None
    assert text[span.start : span.end] == BOOK.strip()


def test_text_without_markers_has_no_content_span() -> None:
    assert content_span(BOOK) is None


def test_title_from_the_title_line_and_never_from_a_caption_or_marker() -> None:
    assert gutenberg_title(HEADER + BOOK) == "The Quiet Harbour"
    doc = build_document("/pg.txt", HEADER + BOOK + FOOTER)
    assert doc.title == "The Quiet Harbour"
    bare = build_document("/book.txt", "*** START OF THE PROJECT GUTENBERG EBOOK X ***\n\n" + BOOK)
    assert bare.title == "The Quiet Harbour"  # from the title page, not the marker line


def test_a_title_page_in_capitals_is_recased() -> None:
    text = (
        "[Illustration:\n\n  GEORGE ALLEN\n  ]\n\n\n\n"
        "  PRIDE.\n   and\n  PREJUDICE\n\n  by\n  Jane Austen\n\n"
    )
    assert build_document("/pp.txt", text + BOOK).title == "Pride and Prejudice"


def test_boilerplate_is_out_of_statistics_sentiment_and_keywords() -> None:
    doc = build_document("/pg.txt", HEADER + BOOK + FOOTER)
    analysis = analyze_document(doc)
    assert analysis.stats.words == len(WORD_RE.findall(BOOK))
    corpus = Corpus()
    corpus.add(analysis)
    terms = {k.term.casefold() for k in corpus.keywords(0, top=50)}
    assert not terms & {"gutenberg", "license", "trademark", "foundation", "ebook", "electronic"}
    # Boilerplate sentences are neutral and never among the extremes.
    start, end = doc.content_span
    for i in (*analysis.sentiment.most_positive, *analysis.sentiment.most_negative):
        assert start <= doc.sentences[i].start < end
    outside = [i for i, s in enumerate(doc.sentences) if s.start >= end]
    assert outside and all(analysis.sentiment.arc[i] == 0.0 for i in outside)
    assert (
        analysis.sentiment.document.compound > 0.05
    )  # the book is happy; the licence is not scored
    assert [e.title for e in doc.outline] == ["CHAPTER I.", "CHAPTER II."]
