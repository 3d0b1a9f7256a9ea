"""Concordance queries and sorting, dispersion (hand-computed DP), segments, trends,
n-grams, comparison and table export (CSV read back by the csv module)."""

from __future__ import annotations

import csv
import io

import pytest

from analysis.load.files import build_document
from analysis.nlp.compare import compare
from analysis.nlp.corpus import Corpus, analyze_document
from analysis.nlp.dispersion import (
    barcode,
    deviation_of_proportions,
    document_dispersion,
    normalised_dp,
    per_million,
)
from analysis.nlp.kwic import KwicQuery, QueryError, concordance, sort_hits
from analysis.nlp.ngrams import count_ngrams, filter_ngrams, ngrams
from analysis.nlp.segments import Segment, equal_segments, segment_bounds, segment_words
from analysis.nlp.trends import across_documents, across_segments
from analysis.tables import Table, concordance_table, csv_cell, to_csv, to_markdown

SORT_TEXT = "b x cat z. a y cat w. c a cat v."


def doc(text: str, path: str = "/t/doc.txt"):
    return build_document(path, text)


def test_sort_by_position_and_by_each_context_word() -> None:
    hits = concordance([doc(SORT_TEXT)], KwicQuery("cat"))
    assert [h.right_words for h in hits] == [("z", "a", "y"), ("w", "c", "a"), ("v",)]
    assert [h.left_words for h in hits] == [("x", "b"), ("y", "a", "z"), ("a", "c", "w")]
    order = lambda by: [hits.index(h) for h in sort_hits(hits, by)]  # noqa: E731
    assert order("position") == [0, 1, 2]
    assert order("1R") == order("right") == [2, 1, 0]  # v, w, z
    assert order("2R") == [2, 0, 1]  # "" (no second word right), a, c
    assert order("1L") == order("left") == [2, 0, 1]  # a, x, y
    assert order("2L") == [1, 0, 2]  # a, b, c
    assert order("3L") == [0, 2, 1]  # "", w, z
    with pytest.raises(ValueError):
        sort_hits(hits, "4R")


def test_second_right_word_missing_sorts_first_and_ties_keep_text_order() -> None:
    hits = concordance([doc("cat a. cat a b. cat a a.")], KwicQuery("cat"))
    assert [h.right_words for h in hits] == [("a", "cat", "a"), ("a", "b", "cat"), ("a", "a")]
    assert [hits.index(h) for h in sort_hits(hits, "2R")] == [2, 1, 0]  # a, b, cat
    same = concordance([doc("cat x y z. cat x y z. cat x y z.")], KwicQuery("cat"))
    assert len(same) == 3
    assert sort_hits(same, "1R") == same and sort_hits(same, "3R") == same


def test_sort_words_come_from_the_text_not_the_cut_context() -> None:
    hits = concordance([doc("zebra yak cat b. alpha beta cat a.")], KwicQuery("cat"), width=2)
    assert hits[0].left == "k " and hits[0].left_words == ("yak", "zebra")
    assert [h.left_words[0] for h in sort_hits(hits, "1L")] == ["beta", "yak"]


def test_query_kinds() -> None:
    text = "The whale and the Whales. A whaler saw whalebone; WHALE! whale-ship."
    d = doc(text)

    def matches(q: str, **kw) -> list[str]:
        return [h.match for h in concordance([d], KwicQuery(q, **kw))]

    assert matches("whale") == ["whale", "Whales", "WHALE"]  # inflections, any case
    assert matches("Whale", case=True) == ["Whales"]
    assert matches("whal*") == ["whale", "Whales", "whaler", "whalebone", "WHALE", "whale-ship"]
    assert matches("whal?") == ["whale", "WHALE"]
    assert matches('"the whale"') == ["The whale"]
    assert matches("the whales") == ["The whale", "the Whales"]
    assert matches(r"whale\w*", regex=True) == [
        "whale", "Whales", "whaler", "whalebone", "WHALE", "whale"
    ]  # fmt: skip
    assert matches(r"whale\b", regex=True, case=True) == ["whale", "whale"]
    assert KwicQuery("whal*").kind == "wildcard" and KwicQuery('"a b"').kind == "exact"
    assert KwicQuery("a b").kind == "phrase" and KwicQuery("a").kind == "word"
    assert matches("*") == [] and matches("") == []
    with pytest.raises(QueryError):
        concordance([d], KwicQuery("(", regex=True))


def test_regex_is_capped_and_a_search_can_be_cancelled() -> None:
    d = doc("ab " * 1000)
    assert len(concordance([d], KwicQuery(".", regex=True), limit=50)) == 50
    assert concordance([d], KwicQuery("x*", regex=True)) == []  # empty matches skipped
    big = [doc("cat dog " * 40_000, f"/t/{i}.txt") for i in range(3)]
    calls: list[int] = []

    def stop_at_once(done: int, total: int) -> bool:
        calls.append(done)
        return False

    hits = concordance(big, KwicQuery("cat"), progress=stop_at_once)
    assert len(calls) == 1 and 0 < len(hits) < 40_000
    assert calls[0] < sum(len(b.text) for b in big)


def test_dp_by_hand() -> None:
    sizes = [10, 20, 30, 40]
    # Hit shares .75 0 0 .25 against size shares .1 .2 .3 .4: (.65+.2+.3+.15)/2 = .65.
    assert deviation_of_proportions([3, 0, 0, 1], sizes) == pytest.approx(0.65)
    assert normalised_dp([3, 0, 0, 1], sizes) == pytest.approx(0.65 / 0.9)
    assert deviation_of_proportions([1, 2, 3, 4], sizes) == pytest.approx(0.0)
    assert normalised_dp([1, 0, 0, 0], sizes) == pytest.approx(1.0)  # all in the smallest
    assert deviation_of_proportions([0, 0, 0, 0], sizes) is None
    assert normalised_dp([5], [7]) == 0.0
    assert per_million(3, 1_500_000) == 2.0 and per_million(3, 0) == 0.0


def test_document_dispersion_over_given_and_equal_segments() -> None:
    # Four chapters of 5 words; "cat" twice in chapter two, once in chapter four.
    chapters = ["a b c d e", "cat cat x y z", "f g h i j", "p q r s cat"]
    text = "\n\n".join(chapters)
    starts = [text.index(c) for c in chapters]
    segments = [Segment(f"Chapter {i + 1}", s) for i, s in enumerate(starts)]
    d = doc(text)
    offsets = [h.start for h in concordance([d], KwicQuery("cat"))]
    spread = document_dispersion(d, offsets, segments)
    assert spread.segment_words == (5, 5, 5, 5) and spread.segment_hits == (0, 2, 0, 1)
    # Shares 0 2/3 0 1/3 against .25 each: (.25 + 5/12 + .25 + 1/12) / 2 = .5; / .75.
    assert spread.dp == pytest.approx(0.5 / 0.75)
    assert spread.hits == 3 and spread.words == 20
    assert spread.per_million == pytest.approx(150_000)
    even = document_dispersion(d, offsets)
    assert len(even.segments) == 10 and sum(even.segment_words) == 20


def test_a_documents_chapters_are_its_segments_by_default() -> None:
    """With an outline, dispersion (and so trends) go by chapter, the finest level."""
    from dataclasses import replace

    from analysis.model import OutlineEntry

    chapters = ["PART ONE", "Chapter 1", "a b cat d e", "Chapter 2", "f g h i j", "Chapter 3"]
    chapters += ["cat cat q r s"]
    text = "\n\n".join(chapters)
    outline = (
        OutlineEntry("PART ONE", text.index("PART ONE"), 1),
        *(OutlineEntry(f"Chapter {n}", text.index(f"Chapter {n}"), 2) for n in (1, 2, 3)),
    )
    d = replace(doc(text), outline=outline)
    offsets = [h.start for h in concordance([d], KwicQuery("cat"))]
    spread = document_dispersion(d, offsets)
    assert [s.title for s in spread.segments] == ["Chapter 1", "Chapter 2", "Chapter 3"]
    assert spread.segment_hits == (1, 0, 2)
    flat = replace(d, outline=outline[:1])  # one heading is no chapters: ten equal parts
    assert len(document_dispersion(flat, offsets).segments) == 10


def test_equal_segments_and_bounds() -> None:
    text = " ".join(f"w{i}" for i in range(100))
    parts = equal_segments(text)
    assert len(parts) == 10 and parts[0] == Segment("1/10", 0)
    assert all(text[s.start - 1] == " " for s in parts[1:])  # never inside a word
    words = segment_words(text, parts)
    assert sum(words) == 100 and all(8 <= n <= 13 for n in words)
    assert equal_segments("one") == [Segment("1/1", 0)]
    # Text before the first chapter counts with it.
    assert segment_bounds([Segment("B", 8), Segment("A", 3)], 12) == [(0, 8), (8, 12)]


def test_barcode_cells() -> None:
    assert barcode([0, 5, 9, 99], 100, 10) == [3, 0, 0, 0, 0, 0, 0, 0, 0, 1]
    assert barcode([1], 0, 4) == [0, 0, 0, 0]


def test_trends_across_documents_and_segments() -> None:
    a = doc("cat dog dog dog", "/t/a.txt")
    b = doc("cat cat", "/t/b.txt")
    hits = concordance([a, b], KwicQuery("cat"))
    points = across_documents([a, b], hits)
    assert [(p.hits, p.words) for p in points] == [(1, 4), (2, 2)]
    assert points[0].per_million == 250_000 and points[1].per_million == 1_000_000
    seg = across_segments(a, hits, [Segment("one", 0), Segment("two", 4)])
    assert [(p.label, p.hits, p.words) for p in seg] == [("one", 1, 1), ("two", 0, 3)]


def test_ngrams_by_hand() -> None:
    text = "The cat sat. The cat sat on the mat\n\nthe cat"
    assert count_ngrams(text, 2) == {
        "the cat": 3, "cat sat": 2, "sat on": 1, "on the": 1, "the mat": 1,
    }  # fmt: skip
    assert count_ngrams(text, 4) == {"the cat sat on": 1, "cat sat on the": 1, "sat on the mat": 1}
    found = ngrams([text, "the cat, the dog"], 2)
    assert found[0].text == "the cat" and (found[0].frequency, found[0].range) == (4, 2)
    assert [g.text for g in ngrams([text], 2, min_frequency=2)] == ["the cat", "cat sat"]
    assert [g.text for g in filter_ngrams(found, "THE", min_range=2)] == ["the cat"]
    assert [g.text for g in filter_ngrams(found, "mat")] == ["the mat"]
    with pytest.raises(ValueError):
        ngrams([text], 5)


def test_ngram_frequency_equals_its_exact_concordance() -> None:
    text = "I do not know. I do not, I do\nnot. “I do not” I do. Not I do not\n\ndo not"
    (top,) = [g for g in ngrams([text], 3) if g.text == "i do not"]
    hits = concordance([doc(text)], KwicQuery(f'"{top.text}"'))
    assert top.frequency == len(hits) == 5


def test_distinguishing_terms_beside_an_empty_document() -> None:
    corpus = Corpus()
    corpus.add(analyze_document(doc("", "/t/empty.txt")))
    corpus.add(analyze_document(doc("# Heading\n\nHarbour lights.", "/t/b.txt")))
    assert {k.term for k in corpus.distinguishing(1)} == {"heading", "harbour", "lights"}
    assert corpus.distinguishing(0) == ()


def test_compare_two_documents() -> None:
    sea = "The harbour boats sailed. The harbour was calm. The people walked home. " * 3
    land = "The mountain trail climbed. The mountain was steep. The people walked home. " * 3
    result = compare(
        analyze_document(doc(sea, "/t/sea.txt")), analyze_document(doc(land, "/t/l.txt"))
    )
    assert result.a.distinct[0].term == "harbour" and result.b.distinct[0].term == "mountain"
    assert {"harbour", "mountain"}.isdisjoint(t.term for t in result.shared)
    assert {"people", "walked", "home"} <= {t.term for t in result.shared}
    assert result.a.stats.words == 36 and len(result.a.arc) == result.a.stats.sentences


HOSTILE = ['=HYPERLINK("x")', "+1", "-2", "@SUM(A1)", "a,b", 'say "hi"', "two\nlines", "\x1b[31m"]


def test_csv_reads_back_and_guards_formulas() -> None:
    table = Table("t", "T", ("text", "n", "x"), tuple((s, i, -0.5) for i, s in enumerate(HOSTILE)))
    rows = list(csv.reader(io.StringIO(to_csv(table))))
    assert rows[0] == ["text", "n", "x"]
    texts = [r[0] for r in rows[1:]]
    assert texts[:4] == ['\'=HYPERLINK("x")', "'+1", "'-2", "'@SUM(A1)"]
    assert texts[4:] == ["a,b", 'say "hi"', "two␤lines", "␛[31m"]
    assert [r[1] for r in rows[1:]] == [str(i) for i in range(len(HOSTILE))]
    assert {r[2] for r in rows[1:]} == {"-0.5"}  # numbers are not text: no guard
    assert csv_cell(None) == ""


def test_markdown_escapes_table_syntax() -> None:
    table = concordance_table("a|b", concordance([doc("x | cat <b>y</b>")], KwicQuery("cat")))
    text = to_markdown(table)
    lines = text.splitlines()
    assert lines[0] == "## Concordance of “a\\|b”"
    assert lines[2].startswith("| title | path | start") and lines[3].count("---:") == 2
    row = lines[4]
    assert row.count(" | ") == 6 and "x \\|" in row and "\\<b\\>y\\</b\\>" in row
