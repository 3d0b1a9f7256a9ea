"""Re-anchoring bookmarked passages after the document changed."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.store.anchoring import (
    ANCHORED,
    MOVED,
    ORPHANED,
    Anchor,
    make_anchor,
    reanchor,
)

TEXT = (
    "It was the best of times, it was the worst of times, it was the age of wisdom, "
    "it was the age of foolishness, it was the epoch of belief, it was the epoch of "
    "incredulity, it was the season of Light, it was the season of Darkness, it was the "
    "spring of hope, it was the winter of despair, we had everything before us, we had "
    "nothing before us, we were all going direct to Heaven, we were all going direct the "
    "other way."
)


def _span(text: str, passage: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(passage, start + 1)
    return start, start + len(passage)


def _random_prose(seed: int, chars: int) -> str:
    """Non-repetitive prose-like text (random words), so a passage occurs once."""
    rng = random.Random(seed)
    extra = "river lantern orchard quietly northern copper meadow harbour distant thunder"
    words = [*TEXT.replace(",", "").replace(".", "").split(), *extra.split()]
    out: list[str] = []
    size = 0
    while size < chars:
        word = rng.choice(words)
        if rng.random() < 0.08:
            word += "."
        out.append(word)
        size += len(word) + 1
    return " ".join(out)[:chars]


def test_make_anchor_stores_quote_and_32_chars_of_context() -> None:
    start, end = _span(TEXT, "the age of wisdom")
    anchor = make_anchor(TEXT, start, end)
    prefix, suffix = TEXT[start - 32 : start], TEXT[end : end + 32]
    assert anchor == Anchor(start, end, "the age of wisdom", prefix, suffix)
    assert len(anchor.prefix) == len(anchor.suffix) == 32


def test_make_anchor_at_the_edges_has_short_context() -> None:
    anchor = make_anchor(TEXT, 0, 6)
    assert anchor.prefix == ""
    assert anchor.exact == "It was"
    tail = make_anchor(TEXT, len(TEXT) - 4, len(TEXT))
    assert tail.suffix == ""
    assert tail.exact == "way."


@pytest.mark.parametrize(("start", "end"), [(5, 5), (-1, 3), (3, 2), (0, len(TEXT) + 1)])
def test_make_anchor_rejects_empty_or_out_of_range(start: int, end: int) -> None:
    with pytest.raises(ValueError):
        make_anchor(TEXT, start, end)


def test_unchanged_text_stays_anchored() -> None:
    start, end = _span(TEXT, "the season of Light")
    result = reanchor(TEXT, make_anchor(TEXT, start, end))
    assert (result.start, result.end, result.state) == (start, end, ANCHORED)
    assert result.score == 1.0


@settings(max_examples=200, deadline=None)
@given(data=st.data(), text=st.text(min_size=1, max_size=400))
def test_property_unchanged_text_returns_the_original_offsets(
    data: st.DataObject, text: str
) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    result = reanchor(text, make_anchor(text, start, end))
    assert (result.start, result.end, result.state) == (start, end, ANCHORED)


@settings(max_examples=100, deadline=None)
@given(
    data=st.data(),
    inserted=st.text(alphabet="xyz \n", min_size=1, max_size=200),
    seed=st.integers(0, 10_000),
)
def test_property_insertion_before_a_unique_passage_moves_it_exactly(
    data: st.DataObject, inserted: str, seed: int
) -> None:
    text = _random_prose(seed, 2_000)
    start = data.draw(st.integers(0, len(text) - 40))
    end = data.draw(st.integers(start + 30, min(len(text), start + 300)))
    passage = text[start:end]
    new_text = inserted + text
    result = reanchor(new_text, make_anchor(text, start, end))
    assert new_text[result.start : result.end] == passage
    assert result.state in (ANCHORED, MOVED)  # ANCHORED only if the shifted slice matches
    if new_text.count(passage) == 1:
        assert (result.start, result.end) == (start + len(inserted), end + len(inserted))


def test_insertion_before_moves_the_passage() -> None:
    start, end = _span(TEXT, "the epoch of belief")
    new_text = "A preface of some length.\n\n" + TEXT
    result = reanchor(new_text, make_anchor(TEXT, start, end))
    assert result.state == MOVED
    assert new_text[result.start : result.end] == "the epoch of belief"
    assert result.start == start + len("A preface of some length.\n\n")


def test_edit_inside_the_passage_is_found_approximately() -> None:
    text = _random_prose(1, 20_000)
    start, end = 9_000, 9_160
    passage = text[start:end]
    edited_passage = passage[:40] + "WORDS" + passage[45:120] + passage[128:]
    new_text = "Intro. " + text[:start] + edited_passage + text[end:]
    result = reanchor(new_text, make_anchor(text, start, end))
    assert result.state == MOVED
    assert 0.8 <= result.score < 1.0
    new_start = start + len("Intro. ")
    assert (result.start, result.end) == (new_start, new_start + len(edited_passage))


def test_a_long_insertion_inside_keeps_the_whole_passage() -> None:
    text = _random_prose(2, 5_000)
    start, end = 2_000, 2_200
    inserted = " and then a whole new clause was added right here by the author,"
    new_text = text[: start + 150] + inserted + text[start + 150 :]
    result = reanchor(new_text, make_anchor(text, start, end))
    assert result.state == MOVED
    assert (result.start, result.end) == (start, end + len(inserted))


def test_passage_moved_far_away_with_its_context_is_found() -> None:
    text = _random_prose(3, 200_000)
    start, end = 150_000, 150_120
    block = text[start - 60 : end + 60]
    new_text = text[:10_000] + block + text[10_000 : start - 60] + text[end + 60 :]
    result = reanchor(new_text, make_anchor(text, start, end))
    assert result.state == MOVED
    assert (result.start, result.end) == (10_060, 10_060 + 120)


def test_deleted_passage_is_orphaned_with_clamped_offsets() -> None:
    text = _random_prose(4, 10_000)
    start, end = 9_800, 9_950
    new_text = text[:start] + text[end:]
    result = reanchor(new_text, make_anchor(text, start, end))
    assert result.state == ORPHANED
    assert result.score == 0.0
    assert (result.start, result.end) == (9_800, len(new_text))


def test_orphan_in_an_emptied_document() -> None:
    result = reanchor("", make_anchor(TEXT, 10, 20))
    assert (result.start, result.end, result.state) == (0, 0, ORPHANED)


def test_passage_rewritten_beyond_recognition_is_orphaned_not_misplaced() -> None:
    text = _random_prose(5, 8_000)
    start, end = 4_000, 4_100
    rewritten = "".join("#" if i % 2 else c for i, c in enumerate(text[start:end]))
    new_text = text[:start] + rewritten + text[end:]
    assert reanchor(new_text, make_anchor(text, start, end)).state == ORPHANED


def test_duplicate_quotes_are_told_apart_by_context() -> None:
    # The second "the season of" is bookmarked; the preface is longer than the gap between
    # the two, so the nearest occurrence to the old offset is the wrong one.
    start, end = _span(TEXT, "the season of", occurrence=1)
    anchor = make_anchor(TEXT, start, end)
    preface = "Chapter 1: The Period. A preface.\n\n"
    new_text = preface + TEXT
    result = reanchor(new_text, anchor)
    assert result.state == MOVED
    assert result.start == start + len(preface)
    assert new_text[result.end : result.end + 9] == " Darkness"


def test_duplicate_quote_with_equal_context_prefers_the_nearest() -> None:
    block = "The same words again and again. "
    text = block * 10
    start = len(block) * 6
    anchor = make_anchor(text, start, start + len(block) - 1)
    new_text = "x" + text
    result = reanchor(new_text, anchor)
    assert result.start == start + 1


def test_large_document_reanchors_a_deleted_passage() -> None:
    text = _random_prose(6, 1_000_000)
    start, end = 600_000, 600_200
    anchor = make_anchor(text, start, end)
    new_text = text[:start] + text[end:]
    assert reanchor(new_text, anchor).state == ORPHANED
    moved = "Preface.\n" + text[:start] + text[start:end].replace(" ", "  ", 3) + text[end:]
    result = reanchor(moved, anchor)
    assert result.state == MOVED
    assert result.start == start + len("Preface.\n")


def test_long_passage_is_found_after_an_edit() -> None:
    text = _random_prose(7, 60_000)
    start, end = 20_000, 30_000
    new_text = text[:25_000] + "SOMETHING NEW" + text[25_100:]
    result = reanchor(new_text, make_anchor(text, start, end))
    assert result.state == MOVED
    assert (result.start, result.end) == (start, end - 100 + len("SOMETHING NEW"))
