"""The reading pane: one document, wrapped to the pane's width, read sentence by sentence.

A Line API widget that draws only the rows on screen (text, never markup) and holds the reader's
state. Beside it in this folder: keys and mouse (pane_navigation.py), search (pane_search.py,
search.py), rows and scrolling (view.py), marks (marks.py), drawing (rows.py)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Region
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.timer import Timer

from analysis.model import Document, Span
from analysis.sanitize import clean_line
from tui.reader.layout import TextLayout
from tui.reader.marks import TextMarks, boilerplate_spans, passage_span, sentence_at, tint_bucket
from tui.reader.pane_navigation import PaneNavigationMixin
from tui.reader.pane_search import PaneSearchMixin
from tui.reader.rows import BOOKMARK_MARK, CURSOR_MARK, GUTTER, RowPainter
from tui.reader.search import MAX_MATCHES, SEARCH_BUDGET, PaneSearch
from tui.reader.spans import SpanSet
from tui.reader.view import PaneViewport, ScrollMode

PREFETCH_DELAY = 0.03
"""Seconds after a frame when the page below the view is drawn ahead (``_prefetch``): a
page-down then only shows cached rows."""

__all__ = [
    "BOOKMARK_MARK",
    "CURSOR_MARK",
    "GUTTER",
    "MAX_MATCHES",
    "SEARCH_BUDGET",
    "ReadingPane",
    "tint_bucket",
]


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


class ReadingPane(
    PaneNavigationMixin, PaneSearchMixin, ScrollView, can_focus=True, inherit_bindings=False
):
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
        & > .reading-pane--boilerplate { color: $text-muted; }
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
        "reading-pane--boilerplate",
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
        self._view = PaneViewport(self)
        self._cursor = 0
        self._anchor: int | None = None
        self._drag_origin: int | None = None
        self._pending_jump: int | None = None
        """An offset to put the cursor on once sentences arrive (see ``jump_to_offset``)."""
        self.touched = False
        """Has the reader moved or selected in this document (by key or mouse)? A reading
        position remembered from last time is not applied over their moves."""
        self._text_marks = TextMarks()
        self._painter = RowPainter(self)
        self._search: PaneSearch | None = None
        self._row_width: int | None = None
        self._prefetch: Timer | None = None
        """The text area's width while a frame is drawn (see ``render_lines``)."""

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
            self._text_marks = TextMarks()
            self._text_marks.boilerplate = SpanSet(boilerplate_spans(document))
            self._anchor = None
            self._cursor = 0
            self._view.open(document)
            self.border_title = Content(clean_line(document.title)) if document else None
            self._pending_jump = None
            self.touched = False
            if self.is_attached:
                self.scroll_to(y=0, animate=False, force=True)
        else:
            count = len(document.sentences)
            if len(self._text_marks.buckets) != count:
                self._text_marks.set_scores(None)
            if not old.sentences and count:
                self._cursor = self._first_visible_sentence()
            self._cursor = min(self._cursor, max(count - 1, 0))
            if self._anchor is not None:
                self._anchor = min(self._anchor, max(count - 1, 0)) if count else None
            self.border_title = Content(clean_line(document.title))
        self._clear_strips()
        self._view.sync_virtual_size()
        if document is not None and document.sentences:
            if self._pending_jump is not None:
                self.jump_to_offset(self._pending_jump)
            self._post_cursor()

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
                self._view.invalidate(sentences[lo].start, sentences[hi].end)
            else:
                self._view.invalidate(*sentences[old])
                self._view.invalidate(*sentences[index])
            self.refresh()
        span = self._document.sentences[index]  # type: ignore[union-attr]
        self._view.scroll_into_view(span.start, span.end, scroll)
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
        return self._view.visible_span()

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
            self._view.scroll_into_view(offset, offset + 1, "third")

    # ============================================================= selection
    def selection_span(self) -> Span | None:
        """The selected passage (whole sentences), or the cursor sentence if none."""
        if self._anchor is None:
            return self.cursor_span()
        return passage_span(self._document.sentences, self._anchor, self._cursor)  # type: ignore[union-attr]

    @property
    def has_selection(self) -> bool:
        return self._anchor is not None

    def clear_selection(self) -> None:
        if self._anchor is None:
            return
        span = self.selection_span()
        self._anchor = None
        if span is not None:
            self._view.invalidate(*span)
        self.refresh()
        self.post_message(self.SelectionChanged(None, pane=self))

    def _start_selection(self, anchor: int) -> None:
        self._anchor = anchor
        self._view.invalidate(*self.selection_span())  # type: ignore[misc]
        self.refresh()
        self.post_message(self.SelectionChanged(self.selection_span(), pane=self))

    # ============================================================ highlights
    def highlight_spans(self, spans: Sequence[Span]) -> None:
        """Highlight these ranges (e.g. keyword-in-context hits) until cleared."""
        self._text_marks.highlights = SpanSet(spans)
        self._clear_strips()

    def clear_highlights(self) -> None:
        self.highlight_spans(())

    @property
    def highlighted(self) -> bool:
        """Are keyword highlights shown?"""
        return bool(self._text_marks.highlights)

    def set_marks(self, spans: Sequence[Span]) -> None:
        """Mark bookmarked ranges: a bar in the gutter and an underline."""
        self._text_marks.bookmarks = SpanSet(spans)
        self._clear_strips()

    # ============================================================ sentiment
    def set_scores(self, compounds: Sequence[float] | None) -> None:
        """Sentence compounds (aligned with the document's sentences) for the tint."""
        self._text_marks.set_scores(compounds)
        if self.tint:
            self._clear_strips()

    def watch_tint(self) -> None:
        self._clear_strips()

    def tint_legend(self) -> Content:
        """One line explaining the tint, drawn in the tint's own colours or styles."""
        return self._painter.tint_legend()

    # ============================================================ rendering
    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._painter.clear()
        self._view.clear_strips()

    def on_mount(self) -> None:
        super().on_mount()
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.notify_style_update())

    def render_lines(self, crop: Region) -> list[Strip]:
        self._view.prepare(self.cursor_span())
        self._row_width = self.scrollable_content_region.width  # once a frame, not a row
        try:
            return super().render_lines(crop)
        finally:
            self._row_width = None
            if self._prefetch is not None:
                self._prefetch.stop()
            self._prefetch = self.set_timer(PREFETCH_DELAY, self._prefetch_next_page)

    def _prefetch_next_page(self) -> None:
        self._prefetch = None
        if self._layout is not None and self.is_attached and self.size:
            width = self.scrollable_content_region.width
            self._view.prefetch_next_page(width, self._render_row)

    def render_line(self, y: int) -> Strip:
        width = self._row_width
        if width is None:
            width = self.scrollable_content_region.width
        layout = self._layout
        if layout is None or not layout.text:
            if y:
                return self._painter.blank(width)
            message = "(empty document)" if layout is not None else self._placeholder
            return self._painter.placeholder(message, width)
        row = self.scroll_offset.y + y
        if row >= layout.row_count:
            return self._painter.blank(width)
        return self._view.strip(layout.row_to_piece(row), width, self._render_row)

    def _render_row(self, piece: int, r: int, width: int) -> Strip:
        layout = self._layout
        assert layout is not None
        if layout.is_gap(piece, r):  # the blank row between one-line paragraphs
            return self._painter.blank(width)
        a, b = layout.piece_row_span(piece, r)
        cursor = self.cursor_span()
        marks = self._text_marks
        layers = marks.layers(
            layout.text,
            a,
            b,
            selection=self.selection_span() if self._anchor is not None else None,
            cursor=cursor,
            search=self._search,
        )
        tinted = self.tint and self._sentence_count()
        return self._painter.row(
            layout.text,
            a,
            b,
            width,
            cursor=cursor is not None and (a <= cursor.start < b or a == b == cursor.start),
            bookmarked=marks.bookmarks.touches(a, b),
            layers=layers,
            tints=marks.tints(self._document.sentences, a, b) if tinted else [],  # type: ignore[union-attr]
        )

    # ============================================================ internals
    @property
    def _layout(self) -> TextLayout | None:
        return self._view.layout

    def _sentence_count(self) -> int:
        return len(self._document.sentences) if self._document is not None else 0

    def _sentence_at(self, offset: int) -> int:
        """The sentence containing ``offset``, else the next one (else the last)."""
        return sentence_at(self._document.sentences, offset)  # type: ignore[union-attr]

    def _post_cursor(self) -> None:
        span = self.cursor_span()
        if span is not None:
            self.post_message(self.CursorMoved(self._cursor, span, pane=self))

    def _clear_strips(self) -> None:
        self._view.clear_strips()
        self.refresh()

    def _first_visible_sentence(self) -> int:
        """The first sentence starting on screen (else the one covering the top row)."""
        return self._view.first_sentence_on_screen(self._document.sentences)  # type: ignore[union-attr]
