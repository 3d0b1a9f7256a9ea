"""The reading pane's keys and mouse: sentence, paragraph and page moves, the start and the
end, selecting a passage with ``v`` or by dragging. Mixed into
:class:`~tui.reader.pane.ReadingPane`, which holds the cursor and declares the bindings."""

from __future__ import annotations

from textual import events
from textual.actions import SkipAction

from analysis.model import Document
from tui.reader.layout import TextLayout
from tui.reader.marks import next_paragraph, previous_paragraph, sentence_under
from tui.reader.view import PaneViewport

__all__ = ["PaneNavigationMixin"]


class PaneNavigationMixin:
    """Key actions and mouse handlers of :class:`~tui.reader.pane.ReadingPane`."""

    _document: Document | None
    _view: PaneViewport
    _layout: TextLayout | None
    _cursor: int
    _anchor: int | None
    _drag_origin: int | None
    _pending_jump: int | None
    touched: bool

    def _user_scrolled(self) -> None:
        self._pending_jump = None
        self.touched = True

    def on_mouse_scroll_down(self) -> None:
        self._user_scrolled()

    def on_mouse_scroll_up(self) -> None:
        self._user_scrolled()

    # ================================================================ keys
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel_selection":
            return self._anchor is not None  # no selection: let Escape reach the app
        return True

    def action_next_sentence(self) -> None:
        self.touched = True
        if self._sentence_count():
            self.move_cursor(self._cursor + 1)
        else:
            self._view.scroll_rows(1)

    def action_previous_sentence(self) -> None:
        self.touched = True
        if self._sentence_count():
            self.move_cursor(self._cursor - 1)
        else:
            self._view.scroll_rows(-1)

    def action_next_paragraph(self) -> None:
        self.touched = True
        count = self._sentence_count()
        if not count:
            self._view.scroll_rows(self._view.height() // 2)
            return
        paragraphs = self._document.sentence_paragraph  # type: ignore[union-attr]
        self.move_cursor(next_paragraph(paragraphs, self._cursor, count))

    def action_previous_paragraph(self) -> None:
        self.touched = True
        count = self._sentence_count()
        if not count:
            self._view.scroll_rows(-(self._view.height() // 2))
            return
        paragraphs = self._document.sentence_paragraph  # type: ignore[union-attr]
        self.move_cursor(previous_paragraph(paragraphs, self._cursor, count))

    def action_page_forward(self) -> None:
        self._user_scrolled()
        layout = self._layout
        if layout is None:
            return
        height = self._view.height()
        top = self.scroll_offset.y
        last_top = max(0, layout.row_count - height)
        if top >= last_top:
            if self._sentence_count():
                self.move_cursor(self._sentence_count() - 1)
            return
        self._view.scroll_to_row(min(top + height, last_top))
        self._cursor_to_view()

    def action_page_back(self) -> None:
        self._user_scrolled()
        if self._layout is None:
            return
        top = self.scroll_offset.y
        if top <= 0:
            self.move_cursor(0)
            return
        self._view.scroll_to_row(max(0, top - self._view.height()))
        self._cursor_to_view()

    def action_go_start(self) -> None:
        self._user_scrolled()
        if self._sentence_count():
            self.move_cursor(0, scroll="none")
        elif self._layout is not None:
            self._pending_jump = 0  # the first sentence, once there are sentences
        self._view.scroll_to_row(0)

    def action_go_end(self) -> None:
        self._user_scrolled()
        if self._layout is None:
            return
        if self._sentence_count():
            self.move_cursor(self._sentence_count() - 1)
        else:
            last = self._layout.locate(len(self._layout.text))[0]
            self._view.scroll_to_row(last - self._view.height() + 1)
            self._pending_jump = len(self._layout.text)  # the last sentence, once split

    def action_toggle_selection(self) -> None:
        self.touched = True
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
        self.touched = True
        self._drag_origin = index
        self.capture_mouse()
        self.move_cursor(index, scroll="none")

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._drag_origin is None or not event.button:
            return
        event.stop()
        y = event.get_content_offset_capture(self).y
        if y < 0 or y >= self._view.height():  # dragging past an edge scrolls
            self._view.scroll_rows(-1 if y < 0 else 1)
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
        if self._layout is None or not self._sentence_count():
            return None
        point = event.get_content_offset_capture(self)
        offset, row_start = self._view.offset_at(point.x, point.y)
        return sentence_under(self._document.sentences, offset, row_start)  # type: ignore[union-attr]

    def _cursor_to_view(self) -> None:
        if self._sentence_count():
            self.move_cursor(self._first_visible_sentence(), scroll="none")
