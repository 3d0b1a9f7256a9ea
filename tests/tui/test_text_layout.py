"""Pure tests of the reading pane's layout: safe display text, word wrap, offset <-> row/column."""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len, split_graphemes

from analysis.load.files import find_paragraphs
from analysis.sanitize import clean_display as sanitize
from analysis.sanitize import unsafe_positions
from tui.reader import layout as layout_module
from tui.reader import wrap
from tui.reader.layout import MAX_PIECE_CHARS, TextLayout
from tui.reader.search import TextSearch, find_matches
from tui.reader.spans import SpanSet, index_at, style_runs
from tui.reader.wrap import TAB_SIZE, display_text, graphemes, wrap_line


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


def is_gap_row(layout: TextLayout, row: int) -> bool:
    return layout.is_gap(*layout.row_to_piece(row))


def assert_layout_sound(
    text: str, width: int, paragraphs: Sequence[tuple[int, int]] = ()
) -> TextLayout:
    layout = TextLayout(text, width, paragraphs)
    rows = all_rows(layout)
    # Rows tile the text in order; only newlines fall between them.
    position = 0
    for row, (start, end) in enumerate(rows):
        assert text[position:start].strip("\n") == "" and start >= position
        assert visible_cells(text[start:end]) <= width, (text[start:end], width)
        if is_gap_row(layout, row):  # empty, right after a line break, never two in a row
            assert start == end and start > 0 and text[start - 1] == "\n"
            assert row > 0 and not is_gap_row(layout, row - 1)
            assert layout.offset_at(row, 0) == start
        position = end
    assert text[position:].strip("\n") == ""
    # Every character maps to a cell and back.
    for offset in range(len(text)):
        row, col = layout.locate(offset)
        assert not is_gap_row(layout, row)
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


NARROW_PROSE = "“Quoted,” she said — café, naïve, Ελλάδα, Москва… ‘fine’ ½ ° ±"


def test_narrow_characters_are_one_cell_graphemes() -> None:
    """The fast path for prose beyond ASCII (curly quotes, dashes, accents) agrees with
    Rich's grapheme split for every character it takes, and with the slow wrap."""
    for char in sorted(wrap._NARROW):
        assert split_graphemes(f"a{char}b{char}")[0] == [(i, i + 1, 1) for i in range(4)]
    assert wrap._narrow(NARROW_PROSE)
    assert not wrap._narrow("tab\there") and not wrap._narrow("e\u0301")  # combining
    assert not wrap._narrow("日本") and not wrap._narrow("a\u200db")
    text = (NARROW_PROSE + " ") * 9
    for width in (2, 3, 7, 20, 61):
        assert wrap_line(text, width) == wrap._wrap_units(text, width)
    assert graphemes(NARROW_PROSE) == split_graphemes(NARROW_PROSE)[0]


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


# ------------------------------------------------------------------ gap rows
NEWS = "Headline\nFirst paragraph, one line.\nSecond paragraph.\nThird paragraph here.\n"


def shown(layout: TextLayout) -> list[str]:
    """Each row's text, with ``~`` for a gap row."""
    return [
        "~" if is_gap_row(layout, r) else layout.text[s:e]
        for r, (s, e) in enumerate(all_rows(layout))
    ]


def test_one_paragraph_per_line_gets_a_gap_row_between_paragraphs() -> None:
    layout = assert_layout_sound(NEWS, 40, find_paragraphs(NEWS))
    assert shown(layout) == [
        "Headline",
        "~",
        "First paragraph, one line.",
        "~",
        "Second paragraph.",
        "~",
        "Third paragraph here.",
    ]
    assert layout.gap_count == 3
    gap = 3  # the gap row above "Second paragraph."
    second = NEWS.index("Second")
    assert layout.row_span(gap) == (second, second)  # maps to no characters
    assert layout.offset_at(gap, 0) == layout.offset_at(gap, 99) == second
    assert layout.locate(second) == (gap + 1, 0)
    assert layout.locate(second - 1) == (gap - 1, len("First paragraph, one line."))


def test_gap_rows_follow_wrapping_and_width_changes() -> None:
    layout = assert_layout_sound(NEWS, 10, find_paragraphs(NEWS))
    assert shown(layout) == [
        "Headline",
        "~",
        "First ",
        "paragraph, ",
        "one line.",
        "~",
        "Second ",
        "paragraph.",
        "~",
        "Third ",
        "paragraph ",
        "here.",
    ]
    layout.set_width(40)
    assert shown(layout) == shown(TextLayout(NEWS, 40, find_paragraphs(NEWS)))
    assert layout.gap_count == 3


def test_no_gap_rows_when_the_text_separates_paragraphs_itself() -> None:
    spaced = "One paragraph.\n\nAnother one.\n"
    assert shown(TextLayout(spaced, 40, find_paragraphs(spaced))) == [
        "One paragraph.",
        "",
        "Another one.",
    ]
    wrapped = "A paragraph hard\nwrapped over lines.\n\nAnother\nparagraph.\n"
    layout = TextLayout(wrapped, 40, find_paragraphs(wrapped))
    assert layout.gap_count == 0
    assert "~" not in shown(layout)
    assert TextLayout(NEWS, 40).gap_count == 0  # no paragraphs given: no gaps
    one = "Just one paragraph.\n"
    assert TextLayout(one, 40, find_paragraphs(one)).gap_count == 0


def test_leading_and_trailing_blank_lines_get_no_gap() -> None:
    text = "\n  \nFirst.\nSecond.\n   \n"
    layout = assert_layout_sound(text, 20, find_paragraphs(text))
    assert shown(layout) == ["", "  ", "First.", "~", "Second.", "   "]


def test_estimates_count_gap_rows() -> None:
    text = "\n".join(f"Paragraph {i} is short." for i in range(1000))
    layout = TextLayout(text, 80, find_paragraphs(text))
    assert layout.row_count == 1999  # exact before anything is wrapped
    layout.settle(500, 40)
    assert layout.row_count == 1999
    piece, r = layout.row_to_piece(1001)
    assert (piece, r) == (501, 0) and layout.is_gap(piece, r)
    assert layout.first_row(501) == 1001


def test_long_line_pieces_continue_their_paragraph_without_gaps() -> None:
    long_line = ("lorem ipsum dolor sit amet " * 400).strip()
    text = f"Short one.\n{long_line}\nShort two.\n"
    paragraphs = find_paragraphs(text)
    layout = TextLayout(text, 60, paragraphs)
    assert layout.piece_count > 3  # the long line was cut
    assert layout.gap_count == 2
    gaps = [p for p in range(layout.piece_count) if layout.has_gap(p)]
    assert gaps == [1, layout.piece_count - 1]
    assert_layout_sound(text, 60, paragraphs)


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


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    lines=st.lists(st.text(alphabet=_ALPHABET, max_size=30), max_size=8),
    width=st.integers(2, 30),
)
@example(lines=["ab", "cd", "ef"], width=2)
def test_property_gap_rows_keep_offsets_round_tripping(lines: list[str], width: int) -> None:
    text = "\n".join(lines)
    paragraphs = find_paragraphs(text)
    layout = assert_layout_sound(text, width, paragraphs)
    # A gap row comes before exactly the paragraphs that start on the line after the
    # previous paragraph ends.
    expected = sum(text.count("\n", a[1], b[0]) == 1 for a, b in pairwise(paragraphs))
    assert layout.gap_count == expected


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


# ------------------------------------------------------------- lazy indexing
def every_row(layout: TextLayout) -> list[tuple[int, int]]:
    """All rows, indexing and wrapping everything first (``all_rows`` stops at the estimate)."""
    layout.locate(len(layout.text))
    return all_rows(layout)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    lines=st.lists(
        st.one_of(st.text(alphabet=_ALPHABET, max_size=30), st.just("word " * 12)), max_size=10
    ),
    width=st.integers(2, 30),
    chars=st.integers(1, 40),
    order=st.randoms(use_true_random=False),
)
def test_property_lines_indexed_as_needed_give_the_same_rows(
    lines: list[str], width: int, chars: int, order: object
) -> None:
    """Whatever is asked first (an offset, a row) and however little is indexed at a time,
    the answers are those of the text indexed at once, asked the same."""
    text = "\n".join(lines)
    paragraphs = find_paragraphs(text)
    whole = TextLayout(text, width, paragraphs)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(layout_module, "INDEX_CHARS", chars)
        lazy = TextLayout(text, width, paragraphs)
        offsets = list(range(len(text) + 1))
        order.shuffle(offsets)  # type: ignore[attr-defined]
        for offset in offsets[:12]:
            assert lazy.locate(offset) == whole.locate(offset)
            row = order.randrange(whole.row_count + 2)  # type: ignore[attr-defined]
            assert lazy.row_span(row) == whole.row_span(row)
        want = every_row(whole)
        assert every_row(lazy) == want
        assert lazy.gap_count == whole.gap_count
        assert lazy.piece_count == whole.piece_count
        assert lazy.row_count == whole.row_count == len(want)


def test_a_book_is_indexed_only_as_far_as_it_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    paragraph = "“Lorem ipsum,” she said — dolor sit amet, consectetur elit. " * 7
    text = "\n\n".join(f"{i}. {paragraph}" for i in range(4000))
    monkeypatch.setattr(layout_module, "INDEX_CHARS", 50_000)
    layout = TextLayout(text, 80, find_paragraphs(text))
    assert layout._indexed <= 50_000 + len(paragraph) + 10  # the first stretch only
    estimate = layout.row_count
    layout.settle(0, 40)
    assert layout.row_span(0)[0] == 0 and layout._indexed < 60_000
    row, _ = layout.locate(len(text) - 1)  # the end: now everything is indexed
    assert layout._indexed == len(text) and row == layout.row_count - 1
    assert abs(estimate - layout.row_count) < layout.row_count * 0.05


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
