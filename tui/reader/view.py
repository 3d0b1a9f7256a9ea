"""The reading pane's rows and scroll position: the :class:`~tui.reader.layout.TextLayout`
wrapped to the pane's width, a cached ``Strip`` per row, and the text its top row shows.

:class:`PaneViewport` keeps the reader's place across re-wraps; :meth:`PaneViewport.prepare`
wraps exactly the rows on screen before a frame is drawn, so the virtual size follows."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from typing import Literal

from textual.cache import LRUCache
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from analysis.model import Document, Span
from tui.reader.layout import TextLayout
from tui.reader.marks import sentence_at
from tui.reader.reflow import reflowed
from tui.reader.rows import GUTTER
from tui.reader.wrap import MIN_WIDTH

__all__ = ["PaneViewport", "ScrollMode"]

ScrollMode = Literal["visible", "reveal", "third", "none"]
"""How :meth:`PaneViewport.scroll_into_view` scrolls (see there)."""

RowKey = tuple[int, int]
"""(piece, row in piece): a row that stays the same row across scrolling."""


class PaneViewport:
    """The rows of one :class:`~tui.reader.pane.ReadingPane` and its scroll position in
    rows; the pane delegates wrapping, scrolling and the row cache to it."""

    def __init__(self, pane: ScrollView) -> None:
        self._pane = pane
        self.layout: TextLayout | None = None
        self._strips: LRUCache[RowKey, Strip] = LRUCache(2048)
        self._top_offset = 0
        self._top_gap = 0

    def open(self, document: Document | None) -> None:
        """Lay out ``document``'s text for the pane's width (``None``: no text) from its top;
        hard-wrapped prose is laid out as flowing paragraphs (``tui.reader.reflow``)."""
        self.layout = (
            TextLayout(
                reflowed(document.text, document.paragraphs),
                self.text_width(),
                document.paragraphs,
            )
            if document
            else None
        )
        self._top_offset = 0
        self._top_gap = 0

    # ================================================================= sizes
    def text_width(self) -> int:
        """Cells for the text (the pane's width less the gutter; 78 before it has one)."""
        width = self._pane.scrollable_content_region.width - GUTTER
        return max(MIN_WIDTH, width) if width > 0 else 78

    def height(self) -> int:
        """Rows on screen (at least one)."""
        return max(1, self._pane.scrollable_content_region.height)

    def sync_virtual_size(self) -> None:
        rows = self.layout.row_count if self.layout and self.layout.text else 1
        size = Size(max(self._pane.scrollable_content_region.width, 0), rows)
        if size != self._pane.virtual_size:
            self._pane.virtual_size = size

    def visible_span(self) -> Span:
        """The characters on screen, from the top row's first to the bottom row's last."""
        layout = self.layout
        if layout is None or not layout.text:
            return Span(0, 0)
        top, height = self._pane.scroll_offset.y, self.height()
        layout.settle(top, height)
        bottom = min(top + height, layout.row_count) - 1
        return Span(layout.row_span(top)[0], layout.row_span(max(bottom, top))[1])

    def offset_at(self, x: int, y: int) -> tuple[int, int]:
        """The character at content point (``x``, ``y``) (clamped to the text's rows) and
        the first character of its row. Needs text."""
        layout = self.layout
        assert layout is not None
        row = min(max(self._pane.scroll_offset.y + y, 0), layout.row_count - 1)
        return layout.offset_at(row, max(0, x - GUTTER)), layout.row_span(row)[0]

    # ================================================================ strips
    def strip(self, key: RowKey, width: int, render: Callable[[int, int, int], Strip]) -> Strip:
        """Row ``key``'s strip at ``width`` cells, from the cache or ``render(*key, width)``."""
        strip = self._strips.get(key)
        if strip is None or strip.cell_length != width:
            strip = render(*key, width)
            self._strips.set(key, strip)
        return strip

    def prefetch_next_page(self, width: int, render: Callable[[int, int, int], Strip]) -> None:
        """Wrap and draw the page below the view into the row cache while the reader reads,
        so a page-down finds its rows ready (the view itself does not move)."""
        layout = self.layout
        if layout is None or not layout.text:
            return
        height = self.height()
        first = self._pane.scroll_offset.y + height
        if first >= layout.row_count:
            return
        layout.settle(first, height)
        for row in range(first, min(first + height, layout.row_count)):
            self.strip(layout.row_to_piece(row), width, render)
        self.sync_virtual_size()

    def clear_strips(self) -> None:
        """Forget every cached row (the caller refreshes the pane)."""
        self._strips.clear()

    def invalidate(self, start: int, end: int) -> None:
        """Forget the cached rows showing ``[start, end)``."""
        layout = self.layout
        if layout is None:
            return
        first, last = layout.piece_at(start), layout.piece_at(max(start, end - 1))
        if last - first > 64:
            self._strips.clear()
            return
        for piece in range(first, last + 1):
            for r in range(layout.rows_of(piece)):
                self._strips.discard((piece, r))

    # ============================================================= scrolling
    def prepare(self, cursor: Span | None) -> None:
        """Before drawing: re-wrap for a new width (keeping the top line, and ``cursor`` on
        screen) and wrap every line on screen exactly."""
        layout = self.layout
        pane = self._pane
        if layout is None or not layout.text:
            return
        top = pane.scroll_offset.y
        width = self.text_width()
        if width != layout.width and pane.scrollable_content_region.width > 0:
            layout.set_width(width)
            self._strips.clear()
            top = layout.locate(self._top_offset)[0] - self._top_gap
            if cursor is not None:  # keep the cursor on screen too
                height = self.height()
                first = layout.locate(cursor.start)[0]
                if first >= top + height:
                    top = first - height + 1
            self.sync_virtual_size()
            top = min(top, pane.max_scroll_y)
            pane.set_scroll(None, top)
            pane.scroll_target_y = top
            if pane.show_vertical_scrollbar:
                pane.vertical_scrollbar.position = top
        if layout.settle(top, self.height()):
            pane.refresh()
        self.sync_virtual_size()
        self._remember_top(top)

    def scroll_to_row(self, row: int) -> None:
        """Scroll so ``row`` is the top row (as far as it goes), at once."""
        pane = self._pane
        self.sync_virtual_size()
        if pane.is_attached:
            pane.scroll_to(y=max(0, row), animate=False, force=True)
        layout = self.layout
        if layout is not None and layout.text:
            top = pane.scroll_offset.y
            layout.settle(top, self.height())
            self.sync_virtual_size()
            # Remember the top line, so a re-wrap (e.g. the first real layout) keeps it.
            self._remember_top(top)

    def scroll_rows(self, rows: int) -> None:
        self.scroll_to_row(self._pane.scroll_offset.y + rows)

    def _remember_top(self, top: int) -> None:
        """Note what the top row shows (a gap row counts as the text below it, less one)."""
        layout = self.layout
        assert layout is not None
        self._top_offset = layout.row_span(top)[0]
        self._top_gap = int(layout.is_gap(*layout.row_to_piece(top)))

    def scroll_into_view(self, start: int, end: int, mode: ScrollMode) -> None:
        """Scroll so ``[start, end)`` is on screen: ``visible`` scrolls as little as
        possible, ``third`` puts it in the top third, ``reveal`` does that only if it is
        not on screen yet, ``none`` keeps the view (and its top line) where it is."""
        layout = self.layout
        if layout is None or not layout.text:
            return
        scroll_y = self._pane.scroll_offset.y
        top_piece, top_r = layout.row_to_piece(scroll_y)
        first = layout.locate(start)[0]
        last = layout.locate(max(start, end - 1))[0]
        # Locating may have wrapped lines above the view: its top line moved to ``top``.
        top = layout.first_row(top_piece) + top_r
        height = self.height()
        visible = first >= top and last < top + height
        if mode == "none" or (visible and mode in ("visible", "reveal")):
            target = top
        elif mode in ("third", "reveal"):
            target = first - height // 3
        elif first < top or last - first + 1 >= height:
            target = first
        else:
            target = last - height + 1
        if target != self._pane.scroll_offset.y:
            self.scroll_to_row(target)

    def first_sentence_on_screen(self, sentences: Sequence[Span]) -> int:
        """The first of ``sentences`` starting on screen (else the one covering the top row)."""
        layout = self.layout
        if layout is None or not sentences:
            return 0
        top = self._pane.scroll_offset.y
        start = layout.row_span(top)[0]
        index = bisect_left(sentences, start, key=lambda s: s[0])
        if index < len(sentences):
            row = layout.locate(sentences[index].start)[0]
            if row < top + self.height():
                return index
        return sentence_at(sentences, start)
