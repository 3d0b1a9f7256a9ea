"""Behaviour of the reading pane in a running app: keys, mouse, rendering, search, tint."""

from __future__ import annotations

import re
from array import array
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from itertools import pairwise
from typing import ClassVar, NamedTuple

import pytest
from rich.style import Style
from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.pilot import Pilot
from textual.strip import Strip

from analysis.load.files import build_document
from analysis.model import Document, Span, SpanArray
from tui.reader import layout as layout_module
from tui.reader.pane import BOOKMARK_MARK, CURSOR_MARK, GUTTER, PREFETCH_DELAY, ReadingPane

SIZE = (100, 30)


def make_document(text: str, title: str = "Test document", *, sentences: bool = True) -> Document:
    """A Document with paragraphs at blank lines and sentences ending in . ! or ?."""
    paragraphs, spans, owners = [], [], []
    for index, para in enumerate(re.finditer(r"\S(?:.|\n(?!\s*\n))*", text)):
        paragraphs.append(para.span())
        if sentences:
            for sentence in re.finditer(r"\S[^.!?]*[.!?]?", para.group()):
                spans.append((para.start() + sentence.start(), para.start() + sentence.end()))
                owners.append(index)
    return Document(
        path=f"/docs/{title}.txt",
        title=title,
        text=text,
        sha256=str(hash(text)),
        paragraphs=SpanArray(paragraphs),
        sentences=SpanArray(spans),
        sentence_paragraph=array("q", owners),
    )


def prose(paragraphs: int = 30, per: int = 5) -> str:
    return "\n\n".join(
        " ".join(f"Sentence {p}-{i} says something about topic{p} and more." for i in range(per))
        for p in range(paragraphs)
    )


class PaneApp(App):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "escaped", "Back")]

    def __init__(self, document: Document | None = None) -> None:
        super().__init__()
        self.document = document
        self.messages: list[object] = []
        self.escapes = 0

    def compose(self) -> ComposeResult:
        yield ReadingPane(id="pane")

    def on_mount(self) -> None:
        pane = self.query_one(ReadingPane)
        pane.focus()
        if self.document is not None:
            pane.set_document(self.document)

    def on_reading_pane_cursor_moved(self, message: ReadingPane.CursorMoved) -> None:
        self.messages.append(message)

    def on_reading_pane_selection_changed(self, message: ReadingPane.SelectionChanged) -> None:
        self.messages.append(message)

    def on_reading_pane_search_updated(self, message: ReadingPane.SearchUpdated) -> None:
        self.messages.append(message)

    def action_escaped(self) -> None:
        self.escapes += 1


class Running(NamedTuple):
    """A running :class:`PaneApp`, its pilot and its pane."""

    app: PaneApp
    pilot: Pilot[None]
    pane: ReadingPane


@asynccontextmanager
async def open_pane(
    document: Document | None = None, size: tuple[int, int] = SIZE, *, settle: bool = True
) -> AsyncIterator[Running]:
    """Run a :class:`PaneApp` showing ``document`` at ``size``; ``settle``: let it draw its
    first frame before the test goes on (``False``: act on the pane straight after mount)."""
    app = PaneApp(document)
    async with app.run_test(size=size) as pilot:
        pane = app.query_one(ReadingPane)
        if settle:
            await pilot.pause()
        yield Running(app, pilot, pane)


def lines(pane: ReadingPane) -> list[Strip]:
    return [pane.render_line(y) for y in range(pane.scrollable_content_region.height)]


def screen_text(pane: ReadingPane) -> list[str]:
    return [strip.text for strip in lines(pane)]


def styles_of(pane: ReadingPane, needle: str) -> list[Style]:
    """Styles of the segments on screen whose text contains ``needle``."""
    return [
        segment.style
        for strip in lines(pane)
        for segment in strip
        if needle in segment.text and segment.style is not None
    ]


def find_on_screen(pane: ReadingPane, needle: str) -> tuple[int, int]:
    for y, text in enumerate(screen_text(pane)):
        x = text.find(needle)
        if x != -1:
            return x, y
    raise AssertionError(f"{needle!r} not on screen")


def cursor_visible(pane: ReadingPane) -> bool:
    span, view = pane.cursor_span(), pane.visible_span()
    assert span is not None
    return view.start <= span.start < view.end


def last(app: PaneApp, kind: type) -> object:
    found = [m for m in app.messages if isinstance(m, kind)]
    assert found, f"no {kind.__name__} posted"
    return found[-1]


# ------------------------------------------------------------------ empty states
async def test_no_document_shows_hint() -> None:
    async with open_pane() as (_app, pilot, pane):
        assert "Open a document" in screen_text(pane)[0]
        assert pane.cursor_span() is None and pane.cursor_offset is None
        await pilot.press("j", "space", "G", "v")
        assert pane.selection_span() is None


async def test_empty_document_shows_dim_line() -> None:
    async with open_pane(make_document("")) as (app, pilot, pane):
        first = pane.render_line(0)
        assert "(empty document)" in first.text
        assert any(s.style and (s.style.italic or s.style.color) for s in first)
        await pilot.press("j", "k", "G", "g", "space", "pagedown", "J", "K", "v")
        await pilot.pause()
        # Nothing to move to or select: no cursor, no selection, no messages, same line.
        assert pane.cursor_span() is None and pane.selection_span() is None
        assert not pane.has_selection and app.messages == []
        assert "(empty document)" in pane.render_line(0).text


async def test_title_is_content_not_markup() -> None:
    doc = make_document("Hello.", title="[bold]x[/] [@click=app.quit]q[/]")
    async with open_pane(doc) as (_app, _pilot, pane):
        # The title getter returns escaped markup of the Content it holds.
        assert Content.from_markup(pane.border_title).plain == "[bold]x[/] [@click=app.quit]q[/]"


# ------------------------------------------------------------------------- keys
async def test_j_k_move_cursor_and_post_cursor_moved() -> None:
    doc = make_document(prose())
    async with open_pane(doc) as (app, pilot, pane):
        assert pane.cursor == 0
        await pilot.press("j", "j", "down")
        await pilot.pause()
        assert pane.cursor == 3
        message = last(app, ReadingPane.CursorMoved)
        assert message.index == 3 and message.span == doc.sentences[3]
        assert message.control is pane
        await pilot.press("k", "up")
        await pilot.pause()
        assert pane.cursor == 1
        assert last(app, ReadingPane.CursorMoved).index == 1
        await pilot.press("k", "k", "k")
        assert pane.cursor == 0  # clamped at the start


async def test_cursor_is_drawn_with_marker_and_style() -> None:
    async with open_pane(make_document(prose())) as (_app, pilot, pane):
        assert screen_text(pane)[0].startswith(CURSOR_MARK)
        plain = styles_of(pane, "Sentence 0-1")
        cursor = styles_of(pane, "Sentence 0-0")
        assert plain and cursor and cursor[0].bgcolor != plain[0].bgcolor
        await pilot.press("j")
        await pilot.pause()
        assert styles_of(pane, "Sentence 0-1")[0].bgcolor == cursor[0].bgcolor
        assert styles_of(pane, "Sentence 0-0")[0].bgcolor == plain[0].bgcolor


async def test_paragraph_keys() -> None:
    doc = make_document(prose(per=4))
    async with open_pane(doc, settle=False) as (_app, pilot, pane):
        await pilot.press("j", "J")
        assert pane.cursor == 4  # first sentence of paragraph 1
        await pilot.press("J", "j")
        assert pane.cursor == 9
        await pilot.press("K")
        assert pane.cursor == 4  # first sentence of the previous paragraph
        await pilot.press("K", "K")
        assert pane.cursor == 0
        await pilot.press("G", "J")
        assert pane.cursor == len(doc.sentences) - 1


async def test_cursor_follows_and_view_scrolls() -> None:
    async with open_pane(make_document(prose(60)), (100, 12)) as (_app, pilot, pane):
        for _ in range(4):
            await pilot.press(*["j"] * 10)
            await pilot.pause()
            assert cursor_visible(pane)
        top = pane.scroll_offset.y
        assert top > 0
        for _ in range(4):
            await pilot.press(*["k"] * 10)
            await pilot.pause()
            assert cursor_visible(pane)
        assert pane.cursor == 0 and pane.scroll_offset.y == 0


async def test_page_down_and_up_move_cursor_to_first_visible_sentence() -> None:
    doc = make_document(prose(60))
    async with open_pane(doc) as (app, pilot, pane):
        height = pane.scrollable_content_region.height
        await pilot.press("space")
        await pilot.pause()
        assert pane.scroll_offset.y == height
        view = pane.visible_span()
        span = pane.cursor_span()
        assert span is not None and view.start <= span.start < view.end
        earlier = doc.sentences[pane.cursor - 1]
        assert earlier.start < view.start  # it is the first one starting on screen
        assert last(app, ReadingPane.CursorMoved).index == pane.cursor
        await pilot.press("pagedown")
        await pilot.pause()
        assert pane.scroll_offset.y == 2 * height
        await pilot.press("pageup")
        await pilot.pause()
        assert pane.scroll_offset.y == height and cursor_visible(pane)
        await pilot.press("pageup", "pageup")
        assert pane.scroll_offset.y == 0 and pane.cursor == 0


async def test_the_next_page_is_drawn_ahead_and_page_down_shows_it_unchanged() -> None:
    """After a frame the page below is wrapped and drawn into the row cache; a page-down
    then draws no row itself, and shows exactly what a fresh drawing shows."""
    doc = make_document(prose(60, 12), sentences=False)  # long rows: estimates to correct
    async with open_pane(doc) as (_app, pilot, pane):
        await pilot.pause(PREFETCH_DELAY * 3)
        drawn: list[tuple[int, int]] = []
        render = pane._render_row

        def counting(piece: int, r: int, width: int) -> Strip:
            drawn.append((piece, r))
            return render(piece, r, width)

        pane._render_row = counting  # type: ignore[method-assign]
        await pilot.press("pagedown")
        await pilot.pause()
        shown = lines(pane)
        height = pane.scrollable_content_region.height
        assert pane.scroll_offset.y == height
        layout = pane._layout
        assert layout is not None
        on_screen = {layout.row_to_piece(row) for row in range(height, 2 * height)}
        assert not on_screen & set(drawn)  # drawn ahead (only the page after it is drawn now)
        pane._clear_strips()
        drawn.clear()
        assert lines(pane) == shown
        assert set(drawn) == on_screen


async def test_paging_and_end_key_through_text_indexed_as_needed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Lines are indexed a stretch at a time (``layout.INDEX_CHARS``): paging meets no seam,
    and ``G`` before any sentence shows the very end of the text."""
    monkeypatch.setattr(layout_module, "INDEX_CHARS", 300)
    doc = make_document(prose(80), sentences=False)
    async with open_pane(doc, (100, 12)) as (_app, pilot, pane):
        height = pane.scrollable_content_region.height
        seen = [pane.visible_span()]
        for _ in range(6):
            await pilot.press("pagedown")
            await pilot.pause()
            seen.append(pane.visible_span())
        for before, after in pairwise(seen):
            assert doc.text[before.end : after.start].strip() == ""  # no text skipped
        assert pane.scroll_offset.y == 6 * height
        await pilot.press("G")
        await pilot.pause()
        assert pane.visible_span().end == len(doc.text.rstrip())
        assert pane.scroll_offset.y == pane.max_scroll_y > 0


async def test_home_end_keys() -> None:
    doc = make_document(prose(60))
    async with open_pane(doc, settle=False) as (_app, pilot, pane):
        await pilot.press("G")
        await pilot.pause()
        assert pane.cursor == len(doc.sentences) - 1
        assert pane.scroll_offset.y == pane.max_scroll_y > 0
        assert cursor_visible(pane)
        await pilot.press("g")
        await pilot.pause()
        assert pane.cursor == 0 and pane.scroll_offset.y == 0
        await pilot.press("end")
        assert pane.cursor == len(doc.sentences) - 1
        await pilot.press("home")
        assert pane.cursor == 0
        await pilot.press("space", "space")
        await pilot.press("G", "space")  # paging at the end keeps the cursor on the last one
        assert pane.cursor == len(doc.sentences) - 1


async def test_selection_with_v_extends_and_escape_cancels() -> None:
    doc = make_document(prose())
    async with open_pane(doc, settle=False) as (app, pilot, pane):
        await pilot.press("j", "v")
        await pilot.pause()
        assert pane.has_selection
        assert last(app, ReadingPane.SelectionChanged).span == doc.sentences[1]
        await pilot.press("j", "j")
        await pilot.pause()
        expected = Span(doc.sentences[1].start, doc.sentences[3].end)
        assert pane.selection_span() == expected
        assert last(app, ReadingPane.SelectionChanged).span == expected
        selected = styles_of(pane, "Sentence 0-2")[0]
        assert selected.bgcolor != styles_of(pane, "Sentence 0-4")[0].bgcolor
        await pilot.press("k", "k", "k")
        await pilot.pause()
        assert pane.selection_span() == Span(doc.sentences[0].start, doc.sentences[1].end)
        await pilot.press("escape")
        await pilot.pause()
        assert not pane.has_selection and app.escapes == 0
        assert last(app, ReadingPane.SelectionChanged).span is None
        assert pane.selection_span() == pane.cursor_span()
        await pilot.press("escape")  # nothing to cancel: Escape reaches the app
        assert app.escapes == 1
        await pilot.press("v", "v")
        assert not pane.has_selection


async def test_clear_selection_method() -> None:
    async with open_pane(make_document(prose()), settle=False) as (_app, pilot, pane):
        await pilot.press("v", "j")
        pane.clear_selection()
        await pilot.pause()
        assert not pane.has_selection


# ------------------------------------------------------------------------ mouse
async def test_click_moves_cursor_to_sentence_under_pointer() -> None:
    doc = make_document(prose())
    async with open_pane(doc) as (app, pilot, pane):
        x, y = find_on_screen(pane, "Sentence 1-2")
        left, top = pane.gutter.left, pane.gutter.top
        await pilot.click(pane, offset=(left + x + 3, top + y))
        await pilot.pause()
        assert pane.cursor == 7
        assert last(app, ReadingPane.CursorMoved).index == 7
        assert not pane.has_selection


async def test_drag_selects_a_sentence_range() -> None:
    doc = make_document(prose())
    async with open_pane(doc) as (_app, pilot, pane):
        left, top = pane.gutter.left, pane.gutter.top
        x0, y0 = find_on_screen(pane, "Sentence 0-1")
        x1, y1 = find_on_screen(pane, "Sentence 1-1")
        await pilot.mouse_down(pane, offset=(left + x0 + 2, top + y0))
        pane.post_message(
            events.MouseMove(pane, left + x1 + 2, top + y1, 0, 0, 1, False, False, False)
        )
        await pilot.pause()
        await pilot.mouse_up(pane, offset=(left + x1 + 2, top + y1))
        await pilot.pause()
        assert pane.selection_span() == Span(doc.sentences[1].start, doc.sentences[6].end)
        assert pane.cursor == 6


async def test_dragging_below_the_view_scrolls() -> None:
    async with open_pane(make_document(prose(60))) as (_app, pilot, pane):
        left, top = pane.gutter.left, pane.gutter.top
        await pilot.mouse_down(pane, offset=(left + 5, top))
        below = top + pane.scrollable_content_region.height + 2
        for _ in range(3):
            pane.post_message(events.MouseMove(pane, left + 5, below, 0, 1, 1, False, False, False))
        await pilot.pause()
        bottom = top + pane.scrollable_content_region.height - 1
        await pilot.mouse_up(pane, offset=(left + 5, bottom))
        await pilot.pause()
        assert pane.scroll_offset.y == 3
        span = pane.selection_span()
        assert span is not None and span.start == 0  # anchored where the drag began
        assert cursor_visible(pane) and pane.cursor > 30


async def test_wheel_scrolls_without_moving_cursor() -> None:
    async with open_pane(make_document(prose(60))) as (_app, pilot, pane):
        pane.post_message(events.MouseScrollDown(pane, 5, 5, 0, 1, 0, False, False, False))
        await pilot.pause()
        assert pane.scroll_offset.y > 0 and pane.cursor == 0


# -------------------------------------------------------------------- wrapping
async def test_wraps_to_width_and_rewraps_on_resize() -> None:
    doc = make_document(prose(60))
    async with open_pane(doc) as (_app, pilot, pane):
        pane.jump_to_offset(doc.sentences[120].start)
        await pilot.press("j", "j")
        await pilot.pause()
        width = pane.scrollable_content_region.width
        assert all(strip.cell_length == width for strip in lines(pane))
        wide_rows = pane.virtual_size.height
        await pilot.resize_terminal(50, 30)
        await pilot.pause()
        narrow = pane.scrollable_content_region.width
        assert narrow < width
        assert all(strip.cell_length == narrow for strip in lines(pane))
        assert all(len(text[GUTTER:].rstrip()) <= narrow - GUTTER for text in screen_text(pane))
        assert pane.virtual_size.height > wide_rows
        assert cursor_visible(pane)  # the reading position survives the re-wrap


async def test_paragraph_breaks_and_line_breaks_are_kept() -> None:
    text = "Line one.\nLine two.\n\nNext paragraph."
    async with open_pane(make_document(text)) as (_app, _pilot, pane):
        rows = [t.strip() for t in screen_text(pane)[:4]]
        assert rows == [f"{CURSOR_MARK} Line one.", "Line two.", "", "Next paragraph."]


NEWS_LINES = [
    "Storm Hits The Coast",
    *(
        f"Paragraph {p} opens with a claim. It goes on a while to wrap over rows. It ends."
        for p in range(1, 40)
    ),
]


def news_document() -> Document:
    """One paragraph per line and no blank lines, split as the loader splits it."""
    return build_document("/docs/news.txt", "\n".join(NEWS_LINES) + "\n")


def gap_rows(pane: ReadingPane) -> list[int]:
    """Screen rows that are gap rows (blank rows between one-line paragraphs)."""
    layout = pane._layout
    assert layout is not None
    top = pane.scroll_offset.y
    return [
        y
        for y in range(pane.scrollable_content_region.height)
        if layout.is_gap(*layout.row_to_piece(top + y))
    ]


async def test_one_line_paragraphs_are_separated_by_blank_rows() -> None:
    doc = news_document()
    assert len(doc.paragraphs) == len(NEWS_LINES)
    async with open_pane(doc) as (_app, pilot, pane):
        rows = [t.rstrip() for t in screen_text(pane)]
        assert rows[0] == f"{CURSOR_MARK} Storm Hits The Coast"
        assert rows[1] == ""  # a virtual row: no such blank line in the text
        assert rows[2].startswith("  Paragraph 1 opens")
        gaps = gap_rows(pane)
        second_row = next(y for y, row in enumerate(rows) if "Paragraph 2" in row)
        assert gaps[:2] == [1, second_row - 1]
        assert all(rows[y] == "" for y in gaps)
        await pilot.press("j", "j")  # past the title and a sentence of paragraph 1
        assert pane.cursor == 2
        assert CURSOR_MARK not in "".join(rows[y] for y in gaps)
        for _ in range(8):  # sentence by sentence across paragraph breaks
            await pilot.press("j")
            assert cursor_visible(pane)
        await pilot.press("J")
        start = doc.sentences[pane.cursor].start
        assert doc.text[start - 1] == "\n"  # a paragraph's first sentence
        assert cursor_visible(pane)


async def test_clicking_a_gap_row_picks_the_paragraph_below_and_drag_crosses_gaps() -> None:
    doc = news_document()
    async with open_pane(doc) as (_app, pilot, pane):
        left, top = pane.gutter.left, pane.gutter.top
        gap = gap_rows(pane)[1]  # between paragraphs 1 and 2
        await pilot.click(pane, offset=(left + 10, top + gap))
        await pilot.pause()
        second = doc.text.index("Paragraph 2")
        assert pane.cursor_span() == doc.sentences[doc.sentence_at(second)]
        x0, y0 = find_on_screen(pane, "Paragraph 1")
        x1, y1 = find_on_screen(pane, "Paragraph 3")
        await pilot.mouse_down(pane, offset=(left + x0 + 2, top + y0))
        pane.post_message(
            events.MouseMove(pane, left + x1 + 2, top + y1, 0, 0, 1, False, False, False)
        )
        await pilot.pause()
        await pilot.mouse_up(pane, offset=(left + x1 + 2, top + y1))
        await pilot.pause()
        first = doc.sentences[doc.sentence_at(doc.text.index("Paragraph 1"))]
        third = doc.sentences[doc.sentence_at(doc.text.index("Paragraph 3"))]
        assert pane.selection_span() == Span(first.start, third.end)


async def test_a_gap_row_at_the_top_stays_there_across_a_rewrap() -> None:
    doc = news_document()
    async with open_pane(doc) as (_app, pilot, pane):
        pane.scroll_to(y=gap_rows(pane)[2], animate=False)
        await pilot.pause()
        assert gap_rows(pane)[0] == 0
        below = screen_text(pane)[1]
        await pilot.resize_terminal(70, 30)
        await pilot.pause()
        assert gap_rows(pane)[0] == 0
        assert screen_text(pane)[1].split()[:2] == below.split()[:2]


async def test_tabs_and_wide_characters_render_within_width() -> None:
    text = "col\tcol\tcol\n" + "日本語のテキスト" * 30 + "\n" + "😀 " * 80
    async with open_pane(make_document(text), (60, 20)) as (_app, _pilot, pane):
        texts = screen_text(pane)
        assert "\t" not in "".join(texts)
        assert texts[0][GUTTER:].startswith("col    col")
        width = pane.scrollable_content_region.width
        assert all(strip.cell_length == width for strip in lines(pane))


# ----------------------------------------------------------------------- search
async def test_search_counts_and_wraps_around() -> None:
    doc = make_document(prose(60))
    async with open_pane(doc) as (_app, _pilot, pane):
        assert pane.search("topic5 ") == 5
        assert pane.match_count == 5 and pane.current_match == 0
        assert pane.next_match() == 1
        assert pane.cursor == 25 and cursor_visible(pane)
        assert [pane.next_match() for _ in range(5)] == [2, 3, 4, 5, 1]
        assert pane.previous_match() == 5
        assert pane.cursor == 29
        assert pane.search("TOPIC5 ", case_sensitive=True) == 0
        assert pane.next_match() == 0
        assert pane.search(r"topic5[0-9] ", regex=True) == 50
        assert pane.search("topic5[0-9] ") == 0  # literal unless regex
        with pytest.raises(re.error):
            pane.search("(unclosed", regex=True)
        pane.clear_search()
        assert pane.match_count == 0


async def test_search_starts_from_cursor_and_highlights() -> None:
    doc = make_document(prose(60))
    async with open_pane(doc, settle=False) as (_app, pilot, pane):
        pane.jump_to_offset(doc.sentences[100].start)
        await pilot.pause()
        pane.search("something")
        assert pane.next_match() == 101  # the first match after the cursor: in its sentence
        assert pane.cursor == 100
        assert pane.next_match() == 102 and pane.cursor == 101
        pane.jump_to_offset(doc.sentences[100].start)
        pane.search("something")
        assert pane.previous_match() == 100
        assert pane.cursor == 99
        await pilot.pause()
        matched = styles_of(pane, "something")
        plain = styles_of(pane, "about")
        assert matched and plain
        assert {s.bgcolor for s in matched} - {s.bgcolor for s in plain}
        pane.clear_search()
        await pilot.pause()
        assert {s.bgcolor for s in styles_of(pane, "something")} <= {
            s.bgcolor for s in styles_of(pane, "about")
        }


async def test_search_finishes_in_background_and_caps(monkeypatch: pytest.MonkeyPatch) -> None:
    import tui.reader.search as module

    doc = make_document(prose(60))
    async with open_pane(doc, settle=False) as (app, pilot, pane):
        monkeypatch.setattr(module, "SEARCH_BUDGET", 0.0)
        assert pane.search("topic5 ") == 0  # nothing scanned yet: the rest runs in a worker
        assert not pane.search_complete
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert pane.search_complete and pane.match_count == 5
        update = last(app, ReadingPane.SearchUpdated)
        assert update.count == 5 and update.complete and not update.capped
        monkeypatch.setattr(module, "SEARCH_BUDGET", 1.0)
        monkeypatch.setattr(module, "MAX_MATCHES", 10)
        assert pane.search("something") == 10
        assert pane.match_capped and pane.search_complete


def style_at(strip: Strip, x: int) -> Style:
    """The style of the cell in column ``x``."""
    for segment in strip:
        if x < len(segment.text):
            assert segment.style is not None
            return segment.style
        x -= len(segment.text)
    raise AssertionError("column past the strip")


async def test_whitespace_ending_a_row_is_drawn_plain_except_for_matches() -> None:
    text = "Alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron."
    async with open_pane(make_document(text), (30, 10), settle=False) as (_app, pilot, pane):
        pane.set_marks([Span(0, len(text))])
        await pilot.pause()
        start, end = pane._layout.row_span(0)
        assert text[start:end] == "Alpha beta gamma delta "  # the row ends in a space
        space = GUTTER + end - 1
        word = style_at(lines(pane)[0], space - 1)  # the "a" of "delta"
        assert word.underline and word.bgcolor != pane.rich_style.bgcolor  # mark, cursor
        plain = style_at(lines(pane)[0], space)
        assert not plain.underline and plain.bgcolor == pane.rich_style.bgcolor
        pane.search("delta ")  # a match that ends in that space
        pane.next_match()
        await pilot.pause()
        assert (
            style_at(lines(pane)[0], space).bgcolor == style_at(lines(pane)[0], space - 1).bgcolor
        )
        assert style_at(lines(pane)[0], space).bgcolor != pane.rich_style.bgcolor


# ------------------------------------------------------------------------- tint
async def test_tint_changes_rendered_styles() -> None:
    doc = make_document(prose(per=3))
    async with open_pane(doc, settle=False) as (_app, pilot, pane):
        compounds = [-0.9, 0.0, 0.8] * (len(doc.sentences) // 3)
        pane.set_scores(compounds)
        await pilot.pause()
        before = {n: styles_of(pane, f"Sentence 1-{n}")[0] for n in range(3)}
        pane.tint = True
        await pilot.pause()
        after = {n: styles_of(pane, f"Sentence 1-{n}")[0] for n in range(3)}
        assert after[1].bgcolor == before[1].bgcolor  # neutral stays untinted
        assert after[0].bgcolor != before[0].bgcolor
        assert after[2].bgcolor != before[2].bgcolor
        assert after[0].bgcolor != after[2].bgcolor
        pane.set_scores([-0.2, 0.0, 0.2] * (len(doc.sentences) // 3))
        await pilot.pause()
        weak = styles_of(pane, "Sentence 1-0")[0]
        assert weak.bgcolor not in (after[0].bgcolor, before[0].bgcolor)  # strength buckets
        legend = pane.tint_legend()
        assert "negative" in legend.plain and "positive" in legend.plain
        assert any(span.style for span in legend.spans)
        pane.tint = False
        await pilot.pause()
        assert styles_of(pane, "Sentence 1-0")[0].bgcolor == before[0].bgcolor


async def test_tint_follows_theme() -> None:
    doc = make_document(prose(per=1))
    async with open_pane(doc, settle=False) as (app, pilot, pane):
        pane.set_scores([-0.9] * len(doc.sentences))
        pane.tint = True
        await pilot.pause()
        dark = styles_of(pane, "Sentence 2-0")[0].bgcolor
        app.theme = "textual-light"
        await pilot.pause()
        assert styles_of(pane, "Sentence 2-0")[0].bgcolor != dark


async def test_tint_without_colour_uses_text_styles(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    doc = make_document(prose(per=3))
    async with open_pane(doc, settle=False) as (_app, pilot, pane):
        pane.set_scores([-0.9, 0.0, 0.8] * (len(doc.sentences) // 3))
        pane.tint = True
        await pilot.pause()
        assert styles_of(pane, "Sentence 1-0")[0].underline
        assert styles_of(pane, "Sentence 1-2")[0].bold
        neutral = styles_of(pane, "Sentence 1-1")[0]
        assert not neutral.bold and not neutral.underline
        assert "negative" in pane.tint_legend().plain


# ------------------------------------------------------------ highlights, marks
async def test_keyword_highlights_appear_and_clear() -> None:
    text = "Nothing here. Alpha beta gamma. Beta again here."
    first, second = text.index("beta"), text.index("Beta")
    async with open_pane(make_document(text)) as (_app, pilot, pane):
        plain = styles_of(pane, "again")[0]
        assert styles_of(pane, "eta")[0] == plain
        pane.highlight_spans([Span(first, first + 4), Span(second, second + 4)])
        await pilot.pause()
        assert pane.highlighted
        hits = [s for s in styles_of(pane, "eta") if s != plain]
        assert len(hits) == 2
        assert all(s.bgcolor != plain.bgcolor for s in hits)
        pane.clear_highlights()
        await pilot.pause()
        assert not pane.highlighted
        assert all(s == plain for s in styles_of(pane, "eta"))


async def test_bookmark_marks_show_in_gutter_with_underline() -> None:
    doc = make_document(prose())
    async with open_pane(doc) as (_app, pilot, pane):
        assert BOOKMARK_MARK not in "".join(screen_text(pane))
        pane.set_marks([doc.sentences[6]])
        await pilot.pause()
        _x, y = find_on_screen(pane, "Sentence 1-1")
        assert screen_text(pane)[y][1] == BOOKMARK_MARK
        assert all(s.underline for s in styles_of(pane, "Sentence 1-1"))
        assert not any(s.underline for s in styles_of(pane, "Sentence 1-0"))
        pane.set_marks([])
        await pilot.pause()
        assert BOOKMARK_MARK not in "".join(screen_text(pane))


# ---------------------------------------------------------------- untrusted text
HOSTILE = (
    "Markup [bold]x[/] and [@click=app.quit]click me[/] here. "
    "Title \x1b]0;pwned\x07 and colour \x1b[31mred and \u202ereversed. "
    "C1 \x9b and DEL \x7f end."
)


async def test_hostile_text_renders_literally_and_safely() -> None:
    doc = make_document(HOSTILE, title="\x1b[31m[bold]t")
    async with open_pane(doc) as (app, pilot, pane):
        shown = "".join(screen_text(pane))
        assert "[bold]x[/]" in shown
        assert "[@click=app.quit]click me[/]" in shown
        assert not re.search("[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", shown)
        assert "\u241b]0;pwned\u2407" in shown  # ␛ and ␇ placeholders
        for strip in lines(pane):
            for segment in strip:
                assert segment.control is None
                assert segment.style is None or segment.style.link is None
                assert not (segment.style and segment.style.meta)
        assert "\x1b" not in pane.border_title and "\u241b[31m" in pane.border_title
        x, y = find_on_screen(pane, "click me")
        await pilot.click(pane, offset=(pane.gutter.left + x + 1, pane.gutter.top + y))
        await pilot.pause()
        assert app.is_running  # the click only moved the cursor
        assert pane.cursor == doc.sentence_at(HOSTILE.index("click me"))


# ----------------------------------------------------------- positions, reloads
async def test_jump_to_offset_puts_sentence_in_top_third() -> None:
    doc = make_document(prose(80))
    async with open_pane(doc) as (app, pilot, pane):
        target = doc.sentences[200]
        pane.jump_to_offset(target.start + 3)
        await pilot.pause()
        assert pane.cursor == 200 and pane.cursor_offset == target.start
        _x, y = find_on_screen(pane, "Sentence 40-0")
        height = pane.scrollable_content_region.height
        assert 0 < y <= height // 3
        assert last(app, ReadingPane.CursorMoved).index == 200


async def test_document_without_sentences_scrolls_then_gains_them() -> None:
    text = prose(60)
    bare = make_document(text, sentences=False)
    async with open_pane(bare) as (app, pilot, pane):
        assert pane.cursor_span() is None
        await pilot.press("j", "j", "j")
        assert pane.scroll_offset.y == 3
        await pilot.press("space")
        assert pane.scroll_offset.y == 3 + pane.scrollable_content_region.height
        await pilot.press("v", "escape")
        assert app.escapes == 1
        offset = pane.cursor_offset
        assert offset is not None and offset > 0
        assert pane.search("topic7 ") == 5
        full = make_document(text)
        pane.set_document(full)
        await pilot.pause()
        assert pane.scroll_offset.y == 3 + pane.scrollable_content_region.height  # kept
        assert pane.match_count == 5  # same text: the search survives
        assert cursor_visible(pane)
        assert full.sentences[pane.cursor].start >= offset
        assert last(app, ReadingPane.CursorMoved).index == pane.cursor


async def test_new_document_resets_state() -> None:
    async with open_pane(make_document(prose(), title="one"), settle=False) as (_app, pilot, pane):
        await pilot.press("G", "v")
        pane.search("topic")
        pane.set_marks([Span(0, 5)])
        pane.set_document(make_document("A different text.", title="two"))
        await pilot.pause()
        assert pane.cursor == 0 and pane.scroll_offset.y == 0
        assert not pane.has_selection and pane.match_count == 0
        assert BOOKMARK_MARK not in "".join(screen_text(pane))
        assert pane.border_title == "two"
        pane.set_document(None)
        await pilot.pause()
        assert "Open a document" in screen_text(pane)[0]


@pytest.mark.slow
async def test_five_megabyte_document_opens_and_pages() -> None:
    paragraph = " ".join(
        f"Sentence number {i} of a long book, with enough words to wrap." for i in range(12)
    )
    text = "\n\n".join(f"{i}. {paragraph}" for i in range(5_000_000 // len(paragraph)))
    assert len(text) >= 4_900_000
    doc = make_document(text)
    async with open_pane(doc) as (_app, pilot, pane):
        assert "Sentence number 0" in "".join(screen_text(pane))
        for _ in range(5):
            await pilot.press("space")
        await pilot.pause()
        assert pane.scroll_offset.y == 5 * pane.scrollable_content_region.height
        assert cursor_visible(pane)
        await pilot.press("G")
        await pilot.pause()
        assert pane.cursor == len(doc.sentences) - 1 and cursor_visible(pane)
        assert pane.search("number 11 of") > 1000


def test_tint_buckets_have_three_strengths_each_way() -> None:
    from tui.reader.pane import tint_bucket

    assert [tint_bucket(c) for c in (-0.9, -0.5, -0.1, 0.0, 0.04, 0.1, 0.5, 0.9)] == [
        -3,
        -2,
        -1,
        0,
        0,
        1,
        2,
        3,
    ]
    assert tint_bucket(float("nan")) == 0


# ------------------------------------------------- the pane's pure helpers
def test_paragraph_steps_follow_each_sentences_paragraph() -> None:
    from tui.reader.marks import next_paragraph, previous_paragraph

    paragraphs = array("q", [0, 0, 1, 1, 1, 2])
    assert [next_paragraph(paragraphs, i, 6) for i in range(6)] == [2, 2, 5, 5, 5, 5]
    assert [previous_paragraph(paragraphs, i, 6) for i in range(6)] == [0, 0, 0, 0, 0, 2]
    # Paragraph owners not known for every sentence yet: step sentence by sentence.
    assert next_paragraph(paragraphs[:3], 1, 6) == 2
    assert previous_paragraph(paragraphs[:3], 1, 6) == 0


def test_a_click_past_a_sentence_on_its_row_picks_that_sentence() -> None:
    from tui.reader.marks import passage_span, sentence_at, sentence_under

    sentences = [(0, 5), (6, 12), (20, 25)]
    assert [sentence_at(sentences, o) for o in (0, 5, 15, 30)] == [0, 1, 2, 2]
    assert sentence_under(sentences, 14, row_start=0) == 1  # same row: the sentence before
    assert sentence_under(sentences, 14, row_start=13) == 2  # a later row: the next one
    assert passage_span(sentences, 2, 1) == Span(6, 25)
