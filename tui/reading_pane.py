"""The reading pane: one document, wrapped to the pane's width, read sentence by sentence.

A Line API widget (like toolong's ``LogLines``): it draws only the rows on screen, from
:class:`tui.text_layout.TextLayout`, which indexes the text's lines up front and word-wraps a
line only when it is shown. Rows are cached as ``Strip``s keyed by (piece, row in piece),
so moving the cursor re-renders just the rows of the two sentences involved. Paragraphs that
the text runs together (one per line, no blank line) get a blank *gap row* between them,
which maps to no characters (see :class:`~tui.text_layout.TextLayout`).

Document text is untrusted: it is never parsed as markup, and any control, bidi-override or
surrogate character is drawn as a visible placeholder (see :func:`tui.text_layout.sanitize`).
"""

from __future__ import annotations

import asyncio
import math
import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from time import monotonic
from typing import ClassVar, Literal

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.actions import SkipAction
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.color import Color
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style as ContentStyle

from analysis.model import Document, Span
from tui.text_layout import (
    MIN_WIDTH,
    SpanSet,
    TextLayout,
    TextSearch,
    display_text,
    index_at,
    sanitize,
    style_runs,
    unsafe_positions,
)

__all__ = [
    "BOOKMARK_MARK",
    "CURSOR_MARK",
    "GUTTER",
    "MAX_MATCHES",
    "SEARCH_BUDGET",
    "ReadingPane",
    "tint_bucket",
]

GUTTER = 2
"""Cells left of the text for marks: the cursor arrow and the bookmark bar."""
MAX_MATCHES = 100_000
"""Search stops counting here (``match_capped`` says so)."""
SEARCH_BUDGET = 0.12
"""Seconds :meth:`ReadingPane.search` may scan before finishing in the background."""
_SEARCH_GROUP = "reading-pane-search"
CURSOR_MARK = "▸"
BOOKMARK_MARK = "▌"

# Overlay layers of a character, applied in this order (later wins).
_MARK, _SELECTION, _CURSOR, _KEYWORD, _MATCH, _CURRENT, _CONTROL = (1 << i for i in range(7))
_LAYER_CLASSES = (
    (_MARK, "reading-pane--mark"),
    (_SELECTION, "reading-pane--selection"),
    (_CURSOR, "reading-pane--cursor"),
    (_KEYWORD, "reading-pane--keyword"),
    (_MATCH, "reading-pane--match"),
    (_CURRENT, "reading-pane--match-current"),
    (_CONTROL, "reading-pane--control"),
)
_TRAILING = _MATCH | _CURRENT
"""The overlays drawn on whitespace that ends a row."""
_TINT_ALPHA = {1: 0.22, 2: 0.42, 3: 0.62}

ScrollMode = Literal["visible", "reveal", "third", "none"]


@dataclass
class _PaneMessage(Message):
    """A reading pane message: ``control`` is the pane; a newer one replaces a pending one
    of the same kind, so a flood of cursor moves coalesces (as in toolong)."""

    pane: ReadingPane | None = field(default=None, repr=False, compare=False, kw_only=True)

    @property
    def control(self) -> ReadingPane | None:
        return self.pane

    def can_replace(self, message: Message) -> bool:
        return type(message) is type(self)


def tint_bucket(compound: float) -> int:
    """-3..3: the sign and strength of a VADER compound score (0 for neutral)."""
    if not math.isfinite(compound) or abs(compound) < 0.05:
        return 0
    level = 1 if abs(compound) < 0.35 else 2 if abs(compound) < 0.65 else 3
    return level if compound > 0 else -level


class ReadingPane(ScrollView, can_focus=True, inherit_bindings=False):
    """Shows a :class:`~analysis.model.Document` with a sentence cursor, selection,
    search matches, keyword highlights, bookmark marks and an optional sentiment tint.

    Downward API (the app calls): :meth:`set_document`, :attr:`cursor` / :meth:`move_cursor`,
    :meth:`jump_to_offset`, :meth:`cursor_span`, :attr:`cursor_offset`, :meth:`selection_span`,
    :meth:`clear_selection`, :meth:`search` / :meth:`next_match` / :meth:`previous_match` /
    :meth:`clear_search`, :meth:`highlight_spans`, :meth:`set_marks`, :meth:`set_scores`,
    :attr:`tint`, :meth:`tint_legend`, :meth:`visible_span`. Upward messages:
    :class:`CursorMoved`, :class:`SelectionChanged`, :class:`SearchUpdated`.

    Works before sentences exist (keys then scroll) and without a document (a hint line).
    """

    ALLOW_SELECT = False  # our own sentence selection replaces Textual's text selection

    DEFAULT_CSS = """
    ReadingPane {
        scrollbar-gutter: stable;
        overflow-x: hidden;
        overflow-y: auto;
        background: $surface;
        color: $foreground;
        border: round $panel-lighten-2;
        border-title-color: $text;
        &:focus { border: round $accent; }
        & > .reading-pane--cursor { background: $accent 30%; }
        & > .reading-pane--selection { background: $primary 40%; }
        & > .reading-pane--match { background: $warning 55%; text-style: bold; }
        & > .reading-pane--match-current { background: $warning; color: $text; text-style: bold; }
        & > .reading-pane--keyword { background: $secondary 45%; text-style: bold; }
        & > .reading-pane--mark { text-style: underline; }
        & > .reading-pane--mark-gutter { color: $warning; }
        & > .reading-pane--gutter { color: $accent; }
        & > .reading-pane--control { color: $error; }
        & > .reading-pane--placeholder { color: $text-muted; text-style: italic; }
        & > .reading-pane--tint-negative { background: $error; }
        & > .reading-pane--tint-positive { background: $success; }
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "reading-pane--cursor",
        "reading-pane--selection",
        "reading-pane--match",
        "reading-pane--match-current",
        "reading-pane--keyword",
        "reading-pane--mark",
        "reading-pane--mark-gutter",
        "reading-pane--gutter",
        "reading-pane--control",
        "reading-pane--placeholder",
        "reading-pane--tint-negative",
        "reading-pane--tint-positive",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "next_sentence", "Next sentence", show=False, id="reader.next"),
        Binding("k,up", "previous_sentence", "Previous sentence", show=False, id="reader.prev"),
        Binding("J", "next_paragraph", "Next paragraph", show=False, id="reader.next_par"),
        Binding("K", "previous_paragraph", "Previous paragraph", show=False, id="reader.prev_par"),
        Binding("space,pagedown", "page_forward", "Page down", show=False, id="reader.page_down"),
        Binding("pageup", "page_back", "Page up", show=False, id="reader.page_up"),
        Binding("g,home", "go_start", "Start", show=False, id="reader.start"),
        Binding("G,end", "go_end", "End", show=False, id="reader.end"),
        Binding("v", "toggle_selection", "Select passage", id="reader.select"),
        Binding("escape", "cancel_selection", "Cancel selection", id="reader.cancel_select"),
    ]

    tint: reactive[bool] = reactive(False, init=False)
    """Tint each sentence's background by its sentiment (see :meth:`set_scores`)."""

    @dataclass
    class CursorMoved(_PaneMessage):
        """The sentence cursor moved to sentence ``index`` covering ``span``."""

        index: int
        span: Span

    @dataclass
    class SelectionChanged(_PaneMessage):
        """The passage selection changed (``None``: no selection any more)."""

        span: Span | None

    @dataclass
    class SearchUpdated(_PaneMessage):
        """A search that went on in the background found more matches, or finished."""

        count: int
        complete: bool
        capped: bool

    def __init__(
        self,
        *,
        placeholder: str = "Open a document to start reading.",
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self._placeholder = placeholder
        self._document: Document | None = None
        self._layout: TextLayout | None = None
        self._cursor = 0
        self._anchor: int | None = None
        self._drag_origin: int | None = None
        self._pending_jump: int | None = None
        """An offset to put the cursor on once sentences arrive (see ``jump_to_offset``)."""
        self._buckets = array("b")
        self._highlights = SpanSet()
        self._marks = SpanSet()
        self._strips: LRUCache[tuple[int, int], Strip] = LRUCache(2048)
        self._styles: dict[object, Style] = {}
        self._tint_styles: dict[int, Style] | None = None
        self._top_offset = 0
        self._top_gap = 0
        self._search: TextSearch | None = None
        self._match_index: int | None = None

    # ============================================================== document
    @property
    def document(self) -> Document | None:
        return self._document

    def set_document(self, document: Document | None) -> None:
        """Show ``document`` (``None``: nothing). Showing the same text again - e.g. once its
        sentences are split - keeps the position, search, highlights and marks."""
        old = self._document
        same = (
            old is not None
            and document is not None
            and old.path == document.path
            and len(old.text) == len(document.text)
            and (old.text is document.text or old.sha256 == document.sha256)
        )
        self._document = document
        self._drag_origin = None
        if not same:
            self.clear_search()
            self._highlights = SpanSet()
            self._marks = SpanSet()
            self._buckets = array("b")
            self._anchor = None
            self._cursor = 0
            self._layout = (
                TextLayout(document.text, self._text_width(), document.paragraphs)
                if document
                else None
            )
            self.border_title = Content(sanitize(document.title)) if document else None
            self._top_offset = 0
            self._top_gap = 0
            self._pending_jump = None
            if self.is_attached:
                self.scroll_to(y=0, animate=False, force=True)
        else:
            count = len(document.sentences)
            if len(self._buckets) != count:
                self._buckets = array("b")
            if not old.sentences and count:
                self._cursor = self._first_visible_sentence()
            self._cursor = min(self._cursor, max(count - 1, 0))
            if self._anchor is not None:
                self._anchor = min(self._anchor, max(count - 1, 0)) if count else None
            self.border_title = Content(sanitize(document.title))
        self._clear_strips()
        self._sync_virtual_size()
        if document is not None and document.sentences:
            if self._pending_jump is not None:
                self.jump_to_offset(self._pending_jump)
            self._post_cursor()

    def _user_scrolled(self) -> None:
        self._pending_jump = None

    def on_mouse_scroll_down(self) -> None:
        self._user_scrolled()

    def on_mouse_scroll_up(self) -> None:
        self._user_scrolled()

    # ================================================================ cursor
    @property
    def cursor(self) -> int:
        """Index of the sentence under the cursor (0 when there are no sentences)."""
        return self._cursor

    @cursor.setter
    def cursor(self, index: int) -> None:
        self.move_cursor(index)

    def move_cursor(self, index: int, *, scroll: ScrollMode = "visible") -> None:
        """Put the cursor on sentence ``index`` (clamped); extends an active selection."""
        count = self._sentence_count()
        if not count:
            return
        index = min(max(index, 0), count - 1)
        old = self._cursor
        self._cursor = index
        if index != old:
            sentences = self._document.sentences  # type: ignore[union-attr]
            if self._anchor is not None:
                lo, hi = min(old, index), max(old, index)
                self._invalidate(sentences[lo].start, sentences[hi].end)
            else:
                self._invalidate(*sentences[old])
                self._invalidate(*sentences[index])
            self.refresh()
        span = self._document.sentences[index]  # type: ignore[union-attr]
        self._scroll_into_view(span.start, span.end, scroll)
        if index != old:
            self._post_cursor()
            if self._anchor is not None:
                self.post_message(self.SelectionChanged(self.selection_span(), pane=self))

    def cursor_span(self) -> Span | None:
        """Character span of the cursor sentence (``None`` without sentences)."""
        if not self._sentence_count():
            return None
        return Span(*self._document.sentences[self._cursor])  # type: ignore[union-attr]

    @property
    def cursor_offset(self) -> int | None:
        """Where the reader is: the cursor sentence's first character, or (before sentences
        exist) the first character on screen. ``None`` without a document."""
        span = self.cursor_span()
        if span is not None:
            return span.start
        if self._layout is None:
            return None
        return self._layout.row_span(self.scroll_offset.y)[0]

    def visible_span(self) -> Span:
        """The characters on screen, from the top row's first to the bottom row's last."""
        layout = self._layout
        if layout is None or not layout.text:
            return Span(0, 0)
        top, height = self.scroll_offset.y, self._view_height()
        layout.settle(top, height)
        bottom = min(top + height, layout.row_count) - 1
        return Span(layout.row_span(top)[0], layout.row_span(max(bottom, top))[1])

    def jump_to_offset(self, offset: int) -> None:
        """Move the cursor to the sentence at ``offset`` and show it in the top third."""
        if self._layout is None:
            return
        offset = min(max(offset, 0), len(self._layout.text))
        if self._sentence_count():
            self._pending_jump = None
            self.move_cursor(self._sentence_at(offset), scroll="third")
        else:
            # Without sentences we can only scroll; the cursor goes to ``offset`` once they
            # arrive (set_document), unless the person scrolls away meanwhile.
            self._pending_jump = offset
            self._scroll_into_view(offset, offset + 1, "third")

    # ============================================================= selection
    def selection_span(self) -> Span | None:
        """The selected passage (whole sentences), or the cursor sentence if none."""
        if self._anchor is None:
            return self.cursor_span()
        sentences = self._document.sentences  # type: ignore[union-attr]
        lo, hi = sorted((self._anchor, self._cursor))
        return Span(sentences[lo].start, sentences[hi].end)

    @property
    def has_selection(self) -> bool:
        return self._anchor is not None

    def clear_selection(self) -> None:
        if self._anchor is None:
            return
        span = self.selection_span()
        self._anchor = None
        if span is not None:
            self._invalidate(*span)
        self.refresh()
        self.post_message(self.SelectionChanged(None, pane=self))

    def _start_selection(self, anchor: int) -> None:
        self._anchor = anchor
        self._invalidate(*self.selection_span())  # type: ignore[misc]
        self.refresh()
        self.post_message(self.SelectionChanged(self.selection_span(), pane=self))

    # ============================================================ highlights
    def highlight_spans(self, spans: Sequence[Span]) -> None:
        """Highlight these ranges (e.g. keyword-in-context hits) until cleared."""
        self._highlights = SpanSet(spans)
        self._clear_strips()

    def clear_highlights(self) -> None:
        self.highlight_spans(())

    @property
    def highlighted(self) -> bool:
        """Are keyword highlights shown?"""
        return bool(self._highlights)

    def set_marks(self, spans: Sequence[Span]) -> None:
        """Mark bookmarked ranges: a bar in the gutter and an underline."""
        self._marks = SpanSet(spans)
        self._clear_strips()

    # ============================================================ sentiment
    def set_scores(self, compounds: Sequence[float] | None) -> None:
        """Sentence compounds (aligned with the document's sentences) for the tint."""
        self._buckets = array("b", map(tint_bucket, compounds or ()))
        if self.tint:
            self._clear_strips()

    def watch_tint(self) -> None:
        self._clear_strips()

    def tint_legend(self) -> Content:
        """One line explaining the tint, drawn in the tint's own colours or styles."""
        muted = ContentStyle(dim=True)
        if self._plain_colors():
            return Content.assemble(
                ("tint: ", muted),
                ("negative", ContentStyle(underline=True)),
                " · neutral · ",
                ("positive", ContentStyle(bold=True)),
            )
        negative, positive = self._tint_colors()
        return Content.assemble(
            ("tint: ", muted),
            ("■", ContentStyle(foreground=negative)),
            " negative  □ neutral  ",
            ("■", ContentStyle(foreground=positive)),
            " positive",
        )

    def _plain_colors(self) -> bool:
        """No colours to blend (NO_COLOR, or an ANSI theme): tint with text styles."""
        if not self.is_attached:
            return False
        return bool(self.app.no_color or self.app.native_ansi_color)

    def _tint_colors(self) -> tuple[Color, Color]:
        def solid(name: str, fallback: str) -> Color:
            color = self.get_component_styles(name).background
            if color.a == 0:
                color = Color.parse(self.app.theme_variables.get(fallback, "red"))
            return color.with_alpha(1.0)

        return solid("reading-pane--tint-negative", "error"), solid(
            "reading-pane--tint-positive", "success"
        )

    def _tint_style_map(self) -> dict[int, Style]:
        if self._tint_styles is None:
            if self._plain_colors():
                neg, pos = Style(underline=True), Style(bold=True)
                styles = {-1: neg, -2: neg, -3: neg + Style(italic=True)}
                styles |= {1: pos, 2: pos, 3: pos + Style(italic=True)}
            else:
                base = self.background_colors[1]
                negative, positive = self._tint_colors()
                styles = {}
                for level, alpha in _TINT_ALPHA.items():
                    styles[-level] = Style(bgcolor=base.blend(negative, alpha).rich_color)
                    styles[level] = Style(bgcolor=base.blend(positive, alpha).rich_color)
            self._tint_styles = styles
        return self._tint_styles

    # =============================================================== search
    def search(self, pattern: str, *, regex: bool = False, case_sensitive: bool = False) -> int:
        """Find ``pattern`` (literally unless ``regex``); returns the number of matches so far.

        Raises ``re.error`` for an invalid regex. Stops at :data:`MAX_MATCHES`. In a huge
        text the scan goes on in the background after :data:`SEARCH_BUDGET` seconds,
        posting :class:`SearchUpdated` as it finds more.
        """
        compiled = re.compile(
            pattern if regex else re.escape(pattern), 0 if case_sensitive else re.IGNORECASE
        )
        self.clear_search()
        if not pattern or self._layout is None:
            return 0
        search = self._search = TextSearch(compiled, self._layout.text, MAX_MATCHES)
        deadline = monotonic() + SEARCH_BUDGET
        while not search.complete and monotonic() < deadline:
            search.step()
        if not search.complete:
            self.run_worker(self._finish_search(search), group=_SEARCH_GROUP, exclusive=True)
        return len(search)

    def next_match(self) -> int:
        """Go to the next match (at first: the first one after the cursor); wraps.
        Returns its 1-based position, 0 if there are no matches."""
        return self._step_match(+1)

    def previous_match(self) -> int:
        """Go to the previous match; wraps. Returns its 1-based position (0: none)."""
        return self._step_match(-1)

    def clear_search(self) -> None:
        if self.is_attached:
            self.workers.cancel_group(self, _SEARCH_GROUP)
        self._search = None
        self._match_index = None
        self._clear_strips()

    @property
    def match_count(self) -> int:
        return len(self._search) if self._search is not None else 0

    @property
    def current_match(self) -> int:
        """1-based position of the match last gone to (0: none yet)."""
        return 0 if self._match_index is None else self._match_index + 1

    @property
    def match_capped(self) -> bool:
        """Did the search stop at :data:`MAX_MATCHES`?"""
        return self._search is not None and self._search.capped

    @property
    def search_complete(self) -> bool:
        return self._search is None or self._search.complete

    async def _finish_search(self, search: TextSearch) -> None:
        while not search.complete and search is self._search:
            await asyncio.sleep(0)
            if search is self._search and (search.step() or search.complete):
                self._clear_strips()
                self.post_message(
                    self.SearchUpdated(len(search), search.complete, search.capped, pane=self)
                )

    def _step_match(self, step: int) -> int:
        search = self._search
        if not search:
            return 0
        if self._match_index is None:
            index = search.nearest(self.cursor_offset or 0, forward=step > 0)
        else:
            index = (self._match_index + step) % len(search)
        self._match_index = index
        start, end = search.span(index)
        if self._sentence_count():
            self.move_cursor(self._sentence_at(start), scroll="none")
        self._scroll_into_view(start, end, "reveal")
        self._clear_strips()
        return index + 1

    # ============================================================== actions
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel_selection":
            return self._anchor is not None  # no selection: let Escape reach the app
        return True

    def action_next_sentence(self) -> None:
        if self._sentence_count():
            self.move_cursor(self._cursor + 1)
        else:
            self._scroll_rows(1)

    def action_previous_sentence(self) -> None:
        if self._sentence_count():
            self.move_cursor(self._cursor - 1)
        else:
            self._scroll_rows(-1)

    def action_next_paragraph(self) -> None:
        count = self._sentence_count()
        if not count:
            self._scroll_rows(self._view_height() // 2)
            return
        paragraphs = self._document.sentence_paragraph  # type: ignore[union-attr]
        if len(paragraphs) != count:
            self.move_cursor(self._cursor + 1)
            return
        target = bisect_right(paragraphs, paragraphs[self._cursor])
        self.move_cursor(min(target, count - 1))

    def action_previous_paragraph(self) -> None:
        count = self._sentence_count()
        if not count:
            self._scroll_rows(-(self._view_height() // 2))
            return
        paragraphs = self._document.sentence_paragraph  # type: ignore[union-attr]
        if len(paragraphs) != count:
            self.move_cursor(self._cursor - 1)
            return
        first_here = bisect_left(paragraphs, paragraphs[self._cursor])
        if first_here == 0:
            self.move_cursor(0)
            return
        self.move_cursor(bisect_left(paragraphs, paragraphs[first_here - 1]))

    def action_page_forward(self) -> None:
        self._user_scrolled()
        layout = self._layout
        if layout is None:
            return
        height = self._view_height()
        top = self.scroll_offset.y
        last_top = max(0, layout.row_count - height)
        if top >= last_top:
            if self._sentence_count():
                self.move_cursor(self._sentence_count() - 1)
            return
        self._scroll_to_row(min(top + height, last_top))
        self._cursor_to_view()

    def action_page_back(self) -> None:
        self._user_scrolled()
        if self._layout is None:
            return
        top = self.scroll_offset.y
        if top <= 0:
            self.move_cursor(0)
            return
        self._scroll_to_row(max(0, top - self._view_height()))
        self._cursor_to_view()

    def action_go_start(self) -> None:
        self._user_scrolled()
        if self._sentence_count():
            self.move_cursor(0, scroll="none")
        self._scroll_to_row(0)

    def action_go_end(self) -> None:
        self._user_scrolled()
        if self._layout is None:
            return
        if self._sentence_count():
            self.move_cursor(self._sentence_count() - 1)
        else:
            last = self._layout.locate(len(self._layout.text))[0]
            self._scroll_to_row(last - self._view_height() + 1)

    def action_toggle_selection(self) -> None:
        if self._anchor is not None:
            self.clear_selection()
        elif self._sentence_count():
            self._start_selection(self._cursor)

    def action_cancel_selection(self) -> None:
        if self._anchor is None:
            raise SkipAction()
        self.clear_selection()

    # ================================================================ mouse
    def on_mouse_down(self, event: events.MouseDown) -> None:
        if event.button != 1:
            return
        index = self._sentence_under(event)
        if index is None:
            return
        event.stop()
        self.focus()
        self.clear_selection()
        self._drag_origin = index
        self.capture_mouse()
        self.move_cursor(index, scroll="none")

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._drag_origin is None or not event.button:
            return
        event.stop()
        y = event.get_content_offset_capture(self).y
        if y < 0 or y >= self._view_height():  # dragging past an edge scrolls
            self._scroll_rows(-1 if y < 0 else 1)
        index = self._sentence_under(event)
        if index is None or (index == self._cursor and self._anchor is not None):
            return
        if self._anchor is None:
            if index == self._drag_origin:
                return
            self._start_selection(self._drag_origin)
        self.move_cursor(index, scroll="none")

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._drag_origin is not None:
            self._drag_origin = None
            self.release_mouse()

    def _sentence_under(self, event: events.MouseEvent) -> int | None:
        layout = self._layout
        if layout is None or not self._sentence_count():
            return None
        point = event.get_content_offset_capture(self)
        row = min(max(self.scroll_offset.y + point.y, 0), layout.row_count - 1)
        offset = layout.offset_at(row, max(0, point.x - GUTTER))
        sentences = self._document.sentences  # type: ignore[union-attr]
        index = index_at(sentences, offset)
        # Whitespace after a sentence on the same row belongs to that sentence.
        if index >= 0 and sentences[index].end > layout.row_span(row)[0]:
            return index
        return self._sentence_at(offset)

    # ============================================================ rendering
    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._tint_styles = None
        self._strips.clear()

    def on_mount(self) -> None:
        super().on_mount()
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.notify_style_update())

    def render_lines(self, crop: Region) -> list[Strip]:
        self._prepare_view()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self._base_style()
        layout = self._layout
        if layout is None or not layout.text:
            if y:
                return Strip.blank(width, base)
            message = "(empty document)" if layout is not None else self._placeholder
            style = base + self._partial("reading-pane--placeholder")
            return Strip([Segment(" " * GUTTER + message, style)]).crop_extend(0, width, base)
        row = self.scroll_offset.y + y
        if row >= layout.row_count:
            return Strip.blank(width, base)
        key = layout.row_to_piece(row)
        strip = self._strips.get(key)
        if strip is None or strip.cell_length != width:
            strip = self._render_row(*key, width)
            self._strips.set(key, strip)
        return strip

    def _render_row(self, piece: int, r: int, width: int) -> Strip:
        layout = self._layout
        assert layout is not None
        base = self._base_style()
        if layout.is_gap(piece, r):  # the blank row between one-line paragraphs
            return Strip.blank(width, base)
        a, b = layout.piece_row_span(piece, r)
        text = layout.text
        cursor = self.cursor_span()

        gutter_style = base + self._partial("reading-pane--gutter")
        mark_style = base + self._partial("reading-pane--mark-gutter")
        arrow = CURSOR_MARK if cursor and (a <= cursor.start < b or a == b == cursor.start) else " "
        bar = BOOKMARK_MARK if self._marks.touches(a, b) else " "
        segments = [Segment(arrow, gutter_style), Segment(bar, mark_style)]

        # Whitespace ending a row is drawn plain (only a search match shows on it): an
        # underline or background there would stick out past the row's last word.
        end = a + len(text[a:b].rstrip(" \t"))
        layers = self._row_layers(a, b)
        for x, y, bits, bucket in style_runs(a, end, layers, self._row_tints(a, end)):
            segments.append(Segment(display_text(text[x:y]), self._style_for(bucket, bits)))
        for x, y, bits, _bucket in style_runs(end, b, layers):
            segments.append(Segment(display_text(text[x:y]), self._style_for(0, bits & _TRAILING)))
        return Strip(segments).crop_extend(0, width, base)

    def _row_layers(self, a: int, b: int) -> list[tuple[int, list[tuple[int, int]]]]:
        """The overlays meeting characters ``[a, b)``: (layer bit, ranges)."""
        layers: list[tuple[int, list[tuple[int, int]]]] = []

        def clip(bit: int, start: int, end: int) -> None:
            if start < b and end > a:
                layers.append((bit, [(max(start, a), min(end, b))]))

        if self._marks:
            layers.append((_MARK, self._marks.overlapping(a, b)))
        if self._highlights:
            layers.append((_KEYWORD, self._highlights.overlapping(a, b)))
        if self._anchor is not None:
            clip(_SELECTION, *self.selection_span())  # type: ignore[misc]
        cursor = self.cursor_span()
        if cursor is not None:
            clip(_CURSOR, *cursor)
        if self._search:
            layers.append((_MATCH, self._search.overlapping(a, b)))
            if self._match_index is not None:
                clip(_CURRENT, *self._search.span(self._match_index))
        controls = unsafe_positions(self._layout.text, a, b)  # type: ignore[union-attr]
        if controls:
            layers.append((_CONTROL, [(p, p + 1) for p in controls]))
        return layers

    def _row_tints(self, a: int, b: int) -> list[tuple[int, int, int]]:
        buckets = self._buckets
        if not self.tint or not buckets or not self._sentence_count():
            return []
        sentences = self._document.sentences  # type: ignore[union-attr]
        tints = []
        i = max(index_at(sentences, a), 0)
        while i < len(sentences) and i < len(buckets):
            s, e = sentences[i]
            if s >= b:
                break
            if e > a and buckets[i]:
                tints.append((max(s, a), min(e, b), buckets[i]))
            i += 1
        return tints

    def _base_style(self) -> Style:
        style = self._styles.get("")
        if style is None:
            style = self._styles[""] = self.rich_style
        return style

    def _partial(self, name: str) -> Style:
        """A component class as an overlay: only what it sets, with translucent colours
        blended over the pane's background (Rich styles have no alpha)."""
        style = self._styles.get(name)
        if style is None:
            styles = self.get_component_styles(name)
            base = self.background_colors[1]
            background = None
            if styles.has_rule("background") and styles.background.a > 0:
                background = base + styles.background
            foreground = None
            under = background or base
            if styles.has_rule("auto_color") and styles.auto_color:
                foreground = under.get_contrast_text(styles.color.a)
            elif styles.has_rule("color") and styles.color.a > 0:
                foreground = under + styles.color
            style = Style(
                color=foreground.rich_color if foreground else None,
                bgcolor=background.rich_color if background else None,
            )
            if styles.has_rule("text_style"):
                style += styles.text_style
            self._styles[name] = style
        return style

    def _style_for(self, bucket: int, bits: int) -> Style:
        key = (bucket, bits)
        style = self._styles.get(key)
        if style is None:
            style = self._base_style()
            if bucket:
                style += self._tint_style_map()[bucket]
            for bit, name in _LAYER_CLASSES:
                if bits & bit:
                    style += self._partial(name)
            self._styles[key] = style
        return style

    # ============================================================ internals
    def _sentence_count(self) -> int:
        return len(self._document.sentences) if self._document is not None else 0

    def _sentence_at(self, offset: int) -> int:
        """The sentence containing ``offset``, else the next one (else the last)."""
        sentences = self._document.sentences  # type: ignore[union-attr]
        index = max(index_at(sentences, offset), 0)
        if sentences[index].end <= offset and index + 1 < len(sentences):
            index += 1
        return index

    def _post_cursor(self) -> None:
        span = self.cursor_span()
        if span is not None:
            self.post_message(self.CursorMoved(self._cursor, span, pane=self))

    def _text_width(self) -> int:
        width = self.scrollable_content_region.width - GUTTER
        return max(MIN_WIDTH, width) if width > 0 else 78

    def _view_height(self) -> int:
        return max(1, self.scrollable_content_region.height)

    def _clear_strips(self) -> None:
        self._strips.clear()
        self.refresh()

    def _invalidate(self, start: int, end: int) -> None:
        """Forget the cached rows showing ``[start, end)``."""
        layout = self._layout
        if layout is None:
            return
        first, last = layout.piece_at(start), layout.piece_at(max(start, end - 1))
        if last - first > 64:
            self._strips.clear()
            return
        for piece in range(first, last + 1):
            for r in range(layout.rows_of(piece)):
                self._strips.discard((piece, r))

    def _sync_virtual_size(self) -> None:
        rows = self._layout.row_count if self._layout and self._layout.text else 1
        size = Size(max(self.scrollable_content_region.width, 0), rows)
        if size != self.virtual_size:
            self.virtual_size = size

    def _prepare_view(self) -> None:
        """Before drawing: re-wrap for a new width (keeping the top line) and wrap every
        line on screen exactly."""
        layout = self._layout
        if layout is None or not layout.text:
            return
        top = self.scroll_offset.y
        width = self._text_width()
        if width != layout.width and self.scrollable_content_region.width > 0:
            layout.set_width(width)
            self._strips.clear()
            top = layout.locate(self._top_offset)[0] - self._top_gap
            cursor = self.cursor_span()
            if cursor is not None:  # keep the cursor on screen too
                height = self._view_height()
                first = layout.locate(cursor.start)[0]
                if first >= top + height:
                    top = first - height + 1
            self._sync_virtual_size()
            top = min(top, self.max_scroll_y)
            self.set_scroll(None, top)
            self.scroll_target_y = top
            if self.show_vertical_scrollbar:
                self.vertical_scrollbar.position = top
        if layout.settle(top, self._view_height()):
            self.refresh()
        self._sync_virtual_size()
        self._remember_top(top)

    def _scroll_to_row(self, row: int) -> None:
        self._sync_virtual_size()
        if self.is_attached:
            self.scroll_to(y=max(0, row), animate=False, force=True)
        layout = self._layout
        if layout is not None and layout.text:
            top = self.scroll_offset.y
            layout.settle(top, self._view_height())
            self._sync_virtual_size()
            # Remember the top line, so a re-wrap (e.g. the first real layout) keeps it.
            self._remember_top(top)

    def _remember_top(self, top: int) -> None:
        """Note what the top row shows (a gap row counts as the text below it, less one)."""
        layout = self._layout
        assert layout is not None
        self._top_offset = layout.row_span(top)[0]
        self._top_gap = int(layout.is_gap(*layout.row_to_piece(top)))

    def _scroll_rows(self, rows: int) -> None:
        self._scroll_to_row(self.scroll_offset.y + rows)

    def _scroll_into_view(self, start: int, end: int, mode: ScrollMode) -> None:
        """Scroll so ``[start, end)`` is on screen: ``visible`` scrolls as little as
        possible, ``third`` puts it in the top third, ``reveal`` does that only if it is
        not on screen yet, ``none`` keeps the view (and its top line) where it is."""
        layout = self._layout
        if layout is None or not layout.text:
            return
        top_piece, top_r = layout.row_to_piece(self.scroll_offset.y)
        first = layout.locate(start)[0]
        last = layout.locate(max(start, end - 1))[0]
        # Locating may have wrapped lines above the view: its top line moved to ``top``.
        top = layout.first_row(top_piece) + top_r
        height = self._view_height()
        visible = first >= top and last < top + height
        if mode == "none" or (visible and mode in ("visible", "reveal")):
            target = top
        elif mode in ("third", "reveal"):
            target = first - height // 3
        elif first < top or last - first + 1 >= height:
            target = first
        else:
            target = last - height + 1
        if target != self.scroll_offset.y:
            self._scroll_to_row(target)

    def _first_visible_sentence(self) -> int:
        """The first sentence starting on screen (else the one covering the top row)."""
        layout = self._layout
        sentences = self._document.sentences  # type: ignore[union-attr]
        if layout is None or not sentences:
            return 0
        top = self.scroll_offset.y
        start = layout.row_span(top)[0]
        index = bisect_left(sentences, start, key=lambda s: s[0])
        if index < len(sentences):
            row = layout.locate(sentences[index].start)[0]
            if row < top + self._view_height():
                return index
        return self._sentence_at(start)

    def _cursor_to_view(self) -> None:
        if self._sentence_count():
            self.move_cursor(self._first_visible_sentence(), scroll="none")
