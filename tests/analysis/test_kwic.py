"""Keyword in context (analysis/kwic.py)."""

from __future__ import annotations

import itertools
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.load.files import build_document
from analysis.nlp.kwic import find_term, keyword_in_context
from analysis.nlp.terms import WORD_RE, query_keys, word_key

FIRST = """Officials planned deportations in spring.
The first deportation
happened in May; critics deported nobody. A deportee spoke.

Trump’s aides said Los Angeles and Los
Angeles County differ, unlike Los. Angeles."""

SECOND = "Deport them, he said. DEPORTATIONS rose."


def docs():
    return [build_document("/k/first.txt", FIRST), build_document("/k/second.txt", SECOND)]


def test_finds_every_inflection_in_document_then_text_order() -> None:
    first, second = docs()
    hits = keyword_in_context([first, second], "deport")
    assert [h.match for h in hits] == [
        "deportations",
        "deportation",
        "deported",
        "Deport",
        "DEPORTATIONS",
    ]
    assert [h.path for h in hits] == [first.path] * 3 + [second.path] * 2
    assert all(h.title == first.title for h in hits[:3])
    for hit in hits:
        text = first.text if hit.path == first.path else second.text
        assert text[hit.start : hit.end] == hit.match
    assert [h.start for h in hits[:3]] == sorted(h.start for h in hits[:3])


def test_written_out_term_matches_its_stem_group() -> None:
    assert [h.match for h in keyword_in_context(docs(), "Deportations")] == [
        h.match for h in keyword_in_context(docs(), "deport")
    ]
    assert "deportee" not in [h.match for h in keyword_in_context(docs(), "deport")]


def test_context_is_whitespace_collapsed_and_width_bounded() -> None:
    first = docs()[0]
    hit = keyword_in_context([first], "deportation", width=12)[1]
    assert hit.match == "deportation"
    assert hit.left == ". The first "  # "spring.\nThe first " collapsed, last 12 chars
    assert "\n" not in hit.left + hit.right
    assert hit.right == " happened in"  # the newline after the match became one space
    full = keyword_in_context([first], "deportation", width=40)[1]
    assert full.left.endswith("spring. The first ")


def test_context_is_short_at_the_edges_of_the_text() -> None:
    (hit,) = keyword_in_context([build_document("/k/e.txt", "Deportations rose.")], "deport")
    assert hit.left == "" and hit.right == " rose."


def test_two_word_term_matches_adjacent_words_across_a_line_break() -> None:
    first = docs()[0]
    for query in ("Los Angeles", "lo angel", "los angeles"):
        hits = keyword_in_context([first], query)
        assert [h.match for h in hits] == ["Los Angeles", "Los\nAngeles"], query
        assert all(first.text[h.start : h.end] == h.match for h in hits)


def test_possessives_and_case_fold() -> None:
    hits = keyword_in_context(docs(), "trump")
    assert [h.match for h in hits] == ["Trump’s"]


def test_limit_and_no_hits() -> None:
    assert len(keyword_in_context(docs(), "deport", limit=2)) == 2
    assert keyword_in_context(docs(), "deport", limit=0) == []
    assert keyword_in_context(docs(), "volcano") == []
    assert keyword_in_context(docs(), "") == []
    assert keyword_in_context(docs(), "...") == []
    assert keyword_in_context([], "deport") == []


def test_matches_in_a_large_text_across_chunks() -> None:
    filler = "Nothing to see here at all. " * 5000  # > 64 KiB: several scan chunks
    text = filler + "Deported here. " + filler + "Los\nAngeles. " + filler
    doc = build_document("/k/big.txt", text)
    assert [h.match for h in keyword_in_context([doc], "deport")] == ["Deported"]
    (hit,) = keyword_in_context([doc], "Los Angeles", width=10)
    assert text[hit.start : hit.end] == "Los\nAngeles"
    assert (hit.left, hit.right) == ("e at all. ", ". Nothing ")


words = st.sampled_from(["deport", "Deported", "los", "Angeles", "the", "x", "3,000", "’s"])
texts = st.lists(st.one_of(words, st.text(max_size=5)), max_size=40).map(" ".join)
terms = st.sampled_from(["deport", "Los Angeles", "the", "s", "é", "3,000", "’s", "re-deport"])


@settings(max_examples=150, deadline=None)
@given(texts, terms, st.integers(0, 30))
def test_kwic_offsets_stay_inside_the_text(text: str, term: str, width: int) -> None:
    doc = build_document("/k/h.txt", text)
    hits = keyword_in_context([doc], term, width=width)
    for hit in hits:
        assert 0 <= hit.start < hit.end <= len(doc.text)
        assert doc.text[hit.start : hit.end] == hit.match
        assert len(hit.left) <= width and len(hit.right) <= width
    assert [h.start for h in hits] == sorted(h.start for h in hits)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300), st.text(max_size=20))
def test_kwic_never_raises(text: str, term: str) -> None:
    doc = build_document("/k/h.txt", text)
    for hit in keyword_in_context([doc], term, width=8, limit=5):
        assert doc.text[hit.start : hit.end] == hit.match


def naive_find(text: str, term: str) -> list[tuple[int, int]]:
    """Reference: look at every word in turn."""
    wanted = query_keys(term)
    words = list(WORD_RE.finditer(text))
    found = []
    for i, m in enumerate(words):
        run = words[i : i + len(wanted)]
        if len(run) < len(wanted) or not wanted:
            continue
        if any(word_key(w.group()) not in keys for w, keys in zip(run, wanted, strict=True)):
            continue
        gaps = [text[a.end() : b.start()] for a, b in itertools.pairwise(run)]
        if all(g.isspace() and not re.search(r"\n[^\S\n]*\n", g) for g in gaps):
            found.append((m.start(), run[-1].end()))
    return found


tricky = st.sampled_from(
    ["deport", "Deported", "re-deport", "deport's", "1,5", "5", "x5.5", "-deport", "’deport",
     "los", "Los", "Angeles", "\n", "\n\n", " ", "\t", ".", ",", "'", "-", "_", "é", "3,000"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(tricky, st.text(max_size=3)), max_size=30).map("".join), terms)
def test_kwic_agrees_with_a_word_by_word_scan(text: str, term: str) -> None:
    assert list(find_term(text, query_keys(term))) == naive_find(text, term)
