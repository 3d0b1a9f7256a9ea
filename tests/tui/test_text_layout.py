"""Pure tests of the reading pane's layout: safe display text, word wrap, offset <-> row/column."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len, split_graphemes

from tui.text_layout import (
    MAX_PIECE_CHARS,
    TAB_SIZE,
    SpanSet,
    TextLayout,
    TextSearch,
    display_text,
    find_matches,
    graphemes,
    index_at,
    sanitize,
    style_runs,
    unsafe_positions,
    wrap_line,
)


def rows_of(text: str, width: int) -> list[str]:
    starts = wrap_line(text, width)
    return [text[s:e] for s, e in zip(starts, [*starts[1:], len(text)], strict=True)]


def all_rows(layout: TextLayout) -> list[tuple[int, int]]:
    layout.settle(0, layout.row_count + 10)
    return [layout.row_span(r) for r in range(layout.row_count)]


def visible_cells(row_text: str) -> int:
    """Cells a row needs once its hanging (trailing) whitespace is cropped."""
    shown = display_text(row_text)
    spans, _ = split_graphemes(shown)
    while spans and shown[spans[-1][0]] == " ":
        spans.pop()
    return cell_len(shown[: spans[-1][1]] if spans else "")


def assert_layout_sound(text: str, width: int) -> TextLayout:
    layout = TextLayout(text, width)
    rows = all_rows(layout)
    # Rows tile the text in order; only newlines fall between them.
    position = 0
    for start, end in rows:
        assert text[position:start].strip("\n") == "" and start >= position
        assert visible_cells(text[start:end]) <= width, (text[start:end], width)
        position = end
    assert text[position:].strip("\n") == ""
    # Every character maps to a cell and back.
    for offset in range(len(text)):
        row, col = layout.locate(offset)
        back = layout.offset_at(row, col)
        assert layout.locate(back) == (row, col)
        start = layout.row_span(row)[0]
        starts_grapheme = any(
            s + start == offset and w > 0 for s, _e, w in graphemes(text[start : rows[row][1]])
        )
        if starts_grapheme or text[offset] == "\n":
            assert back == offset, (offset, row, col, back)
    return layout


# ------------------------------------------------------------------- sanitize
def test_sanitize_replaces_controls_bidi_and_surrogates_one_for_one() -> None:
    hostile = "a\x1b]0;pwned\x07b\x1b[31mc\x00\x7f\x85\u202e\u2066\ud800\u2028d\te"
    safe = sanitize(hostile)
    assert len(safe) == len(hostile)
    assert not re.search("[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", safe)
    assert "\u241b" in safe  # ␛ control picture for ESC
    assert "\u2407" in safe  # ␇ for BEL
    assert "\u2421" in safe  # ␡ for DEL
    assert safe.count("\ufffd") == 5  # NEL, RLO, LRI, lone surrogate, LINE SEPARATOR
    assert "\t" in safe  # tabs are laid out, not replaced
    safe.encode("utf-8")  # nothing left that cannot reach a terminal
    assert unsafe_positions(hostile) == [
        i for i, (a, b) in enumerate(zip(hostile, safe, strict=True)) if a != b
    ]


def test_stray_joiners_are_replaced_but_real_sequences_kept() -> None:
    family = "👨\u200d👩"
    assert sanitize(family) == family
    assert sanitize("\u200dx \u200dy") == "\ufffdx \ufffdy"


def test_clean_text_is_returned_unchanged() -> None:
    text = "Plain text, with ünïcödé and 日本語."
    assert sanitize(text) is text


def test_display_text_expands_tabs() -> None:
    assert display_text("a\tb") == "a" + " " * TAB_SIZE + "b"


# ----------------------------------------------------------------------- wrap
def test_wraps_at_word_boundaries() -> None:
    rows = rows_of("the quick brown fox jumps over the lazy dog", 10)
    assert [r.rstrip() for r in rows] == ["the quick", "brown fox", "jumps over", "the lazy", "dog"]


def test_breaks_words_longer_than_a_row() -> None:
    rows = rows_of("see abcdefghijklmnopqrstuvwxyz now", 10)
    assert rows == ["see ", "abcdefghij", "klmnopqrst", "uvwxyz now"]


def test_short_line_is_one_row() -> None:
    assert wrap_line("short", 80) == [0]
    assert wrap_line("", 80) == [0]


@pytest.mark.parametrize("width", [2, 3, 5, 9])
def test_wide_characters_are_measured_in_cells(width: int) -> None:
    text = "日本語のテキストです。😀👍 and 한국어"
    for row in rows_of(text, width):
        assert visible_cells(row) <= width
    assert "".join(rows_of(text, width)) == text


def test_emoji_sequences_are_not_split() -> None:
    family = "👨\u200d👩\u200d👧"
    heart = "❤\ufe0f"
    text = (family + heart) * 6
    for row in rows_of(text, 4):
        assert visible_cells(row) <= 4
        assert not row.startswith(("\u200d", "\ufe0f"))


def test_tabs_take_tab_size_cells() -> None:
    rows = rows_of("a\tb\tc\td", 1 + TAB_SIZE)
    assert rows == ["a\t", "b\t", "c\t", "d"]
    assert rows_of("a\tb\tc", 2 + TAB_SIZE) == ["a\tb\t", "c"]


def test_whitespace_hangs_instead_of_starting_a_row() -> None:
    rows = rows_of("abcde     fgh", 5)
    assert rows == ["abcde     ", "fgh"]


# --------------------------------------------------------------------- layout
def test_blank_lines_and_line_breaks_are_kept() -> None:
    layout = TextLayout("one\ntwo\n\nthree\n", 20)
    rows = all_rows(layout)
    assert [layout.text[s:e] for s, e in rows] == ["one", "two", "", "three"]


def test_offsets_round_trip_on_prose() -> None:
    text = "First para sentence one. Sentence two is here.\n\nSecond\tpara, with tabs.\n"
    for width in (2, 7, 13, 40, 200):
        assert_layout_sound(text, width)


def test_newline_maps_to_end_of_its_line() -> None:
    layout = TextLayout("ab\ncd", 10)
    assert layout.locate(2) == (0, 2)
    assert layout.offset_at(0, 50) == 2
    assert layout.offset_at(1, 50) == 5  # past the last row: the end of the text
    assert layout.offset_at(1, 1) == 4


def test_rewrap_on_width_change() -> None:
    text = "word " * 100
    layout = TextLayout(text, 20)
    narrow = len(all_rows(layout))
    layout.set_width(50)
    wide = len(all_rows(layout))
    assert narrow > wide
    assert all(visible_cells(text[s:e]) <= 50 for s, e in all_rows(layout))


def test_estimates_are_corrected_without_moving_earlier_rows() -> None:
    text = "\n".join(("lorem ipsum dolor " * 30) for _ in range(50))
    layout = TextLayout(text, 30)
    top_piece = 10
    top = layout.first_row(top_piece)
    layout.settle(top, 40)
    assert layout.first_row(top_piece) == top  # rows before the view untouched
    assert layout.is_wrapped(top_piece)
    exact = TextLayout(text, 30)
    assert len(all_rows(exact)) == exact.row_count


def test_long_line_is_cut_into_pieces_and_wraps() -> None:
    text = ("lorem ipsum dolor sit amet " * 8000)[:200_000]
    layout = TextLayout(text, 80)
    assert layout.piece_count >= 200_000 // MAX_PIECE_CHARS
    assert all(
        layout.piece_span(p)[1] - layout.piece_span(p)[0] <= MAX_PIECE_CHARS + 1
        for p in range(layout.piece_count)
    )
    rows = all_rows(layout)
    assert all(visible_cells(text[s:e]) <= 80 for s, e in rows)
    row, col = layout.locate(len(text) - 1)
    assert row == len(rows) - 1
    assert layout.offset_at(row, col) == len(text) - 1


def test_long_line_without_spaces() -> None:
    text = "x" * 50_000
    layout = TextLayout(text, 64)
    rows = all_rows(layout)
    assert sum(e - s for s, e in rows) == len(text)
    assert all(e - s <= 64 for s, e in rows)


def test_empty_text_has_one_blank_row() -> None:
    layout = TextLayout("", 10)
    assert layout.row_count == 1
    assert layout.row_span(0) == (0, 0)
    assert layout.locate(0) == (0, 0)


# ----------------------------------------------------------------- properties
_ALPHABET = st.sampled_from(
    [
        *"abc xyz  \t\n\n.,",
        "日",
        "本",
        "😀",
        "\u0301",
        "\u200d",
        "\ufe0f",
        "❤",
        "\x1b",
        "\x00",
        "\u202e",
        "é",
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(alphabet=_ALPHABET, max_size=120), width=st.integers(2, 30))
@example(text="\u200d\u200daaa", width=2)  # joiners with nothing to join
@example(text="\t\u0301x", width=2)  # a mark on a tab
@example(text="a\u200d\ta", width=2)  # a joiner before a tab
def test_property_offsets_round_trip_and_rows_fit(text: str, width: int) -> None:
    assert_layout_sound(text, width)


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=80), width=st.integers(2, 40))
def test_property_any_unicode(text: str, width: int) -> None:
    layout = TextLayout(text, width)
    for start, end in all_rows(layout):
        assert visible_cells(text[start:end]) <= width
        display_text(text[start:end]).encode("utf-8")
    for offset in range(len(text)):
        row, col = layout.locate(offset)
        assert layout.locate(layout.offset_at(row, col)) == (row, col)


# ---------------------------------------------------------------------- spans
def test_span_set_merges_and_clips() -> None:
    spans = SpanSet([(10, 20), (15, 25), (40, 45), (5, 5)])
    assert list(spans) == [(10, 25), (40, 45)]
    assert spans.overlapping(0, 12) == [(10, 12)]
    assert spans.overlapping(22, 42) == [(22, 25), (40, 42)]
    assert spans.overlapping(25, 40) == []
    assert spans.touches(24, 24) and not spans.touches(25, 25)
    assert not SpanSet()


def test_index_at_finds_last_span_starting_before() -> None:
    spans = [(0, 5), (6, 10), (12, 20)]
    assert index_at(spans, 0) == 0
    assert index_at(spans, 11) == 1
    assert index_at(spans, 100) == 2
    assert index_at([(3, 4)], 1) == -1


# --------------------------------------------------------------------- search
@pytest.mark.parametrize("pattern", [r"ab", r"a\s+b", r"b+", r"\bcd\w*", r"^ab"])
def test_chunked_search_equals_one_pass(pattern: str) -> None:
    text = "ab cd abbb\nab   b cdef ab\n" * 30
    compiled = re.compile(pattern, re.M)
    expected = [m.span() for m in compiled.finditer(text) if m.end() > m.start()]
    found: list[tuple[int, int]] = []
    position = 0
    while position < len(text):
        batch = find_matches(compiled, text, position, chunk_chars=7, overlap=16)
        found.extend(batch.spans)
        assert batch.next_start > position
        position = batch.next_start
    assert found == expected


def test_search_limit_and_empty_matches() -> None:
    text = "aaaa"
    batch = find_matches(re.compile("a*"), text)
    assert batch.spans == [(0, 4)]
    batch = find_matches(re.compile("a"), text, limit=2)
    assert batch.spans == [(0, 1), (1, 2)] and batch.next_start == 2


def test_text_search_steps_caps_and_wraps() -> None:
    text = "cat dog cat bird cat " * 3
    search = TextSearch(re.compile("cat"), text, limit=100)
    while not search.complete:
        search.step()
    assert len(search) == 9 and not search.capped
    assert search.span(1) == (8, 11)
    assert search.overlapping(5, 10) == [(8, 10)]
    assert search.nearest(9, forward=True) == 2
    assert search.nearest(9, forward=False) == 1
    assert search.nearest(len(text), forward=True) == 0  # wraps to the first
    assert search.nearest(0, forward=False) == 8  # wraps to the last
    capped = TextSearch(re.compile("cat"), text, limit=4)
    capped.step()
    assert len(capped) == 4 and capped.capped and capped.complete


def test_style_runs_cut_at_every_overlay_edge() -> None:
    runs = style_runs(0, 10, [(1, [(2, 5)]), (2, [(4, 8)])], [(0, 6, -2)])
    assert runs == [
        (0, 2, 0, -2),
        (2, 4, 1, -2),
        (4, 5, 3, -2),
        (5, 6, 2, -2),
        (6, 8, 2, 0),
        (8, 10, 0, 0),
    ]
    assert style_runs(3, 3, []) == []
