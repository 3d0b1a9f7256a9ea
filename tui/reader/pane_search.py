"""The reading pane's search API: find a pattern, go to the next or previous match, and
hear about matches a background scan finds. Mixed into :class:`~tui.reader.pane.ReadingPane`;
the matches themselves are kept by :class:`~tui.reader.search.PaneSearch`."""

from __future__ import annotations

from tui.reader.layout import TextLayout
from tui.reader.search import SEARCH_GROUP, PaneSearch, compile_pattern
from tui.reader.view import PaneViewport

__all__ = ["PaneSearchMixin"]


class PaneSearchMixin:
    """Search for :class:`~tui.reader.pane.ReadingPane` (which provides the cursor, the
    viewport and the strips cleared here)."""

    _search: PaneSearch | None
    _view: PaneViewport
    _layout: TextLayout | None

    def search(self, pattern: str, *, regex: bool = False, case_sensitive: bool = False) -> int:
        """Find ``pattern`` (literally unless ``regex``); returns the number of matches so far.

        Raises ``re.error`` for an invalid regex. Stops at :data:`~tui.reader.search.MAX_MATCHES`.
        In a huge text the scan goes on in the background after
        :data:`~tui.reader.search.SEARCH_BUDGET` seconds, posting ``SearchUpdated`` as it
        finds more.
        """
        compiled = compile_pattern(pattern, regex=regex, case_sensitive=case_sensitive)
        self.clear_search()
        if not pattern or self._layout is None:
            return 0
        search = self._search = PaneSearch(compiled, self._layout.text)
        if not search.scan_briefly():
            finish = search.finish(lambda: search is self._search, self._search_progress)
            self.run_worker(finish, group=SEARCH_GROUP, exclusive=True)
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
            self.workers.cancel_group(self, SEARCH_GROUP)
        self._search = None
        self._clear_strips()

    @property
    def match_count(self) -> int:
        return len(self._search) if self._search is not None else 0

    @property
    def current_match(self) -> int:
        """1-based position of the match last gone to (0: none yet)."""
        search = self._search
        return 0 if search is None or search.current is None else search.current + 1

    @property
    def match_capped(self) -> bool:
        """Did the search stop at :data:`~tui.reader.search.MAX_MATCHES`?"""
        return self._search is not None and self._search.capped

    @property
    def search_complete(self) -> bool:
        return self._search is None or self._search.complete

    def _search_progress(self) -> None:
        """The background scan found more matches, or finished."""
        search = self._search
        assert search is not None
        self._clear_strips()
        self.post_message(
            self.SearchUpdated(len(search), search.complete, search.capped, pane=self)
        )

    def _step_match(self, step: int) -> int:
        search = self._search
        if not search:
            return 0
        start, end = search.go(step, self.cursor_offset or 0)
        if self._sentence_count():
            self.move_cursor(self._sentence_at(start), scroll="none")
        self._view.scroll_into_view(start, end, "reveal")
        self._clear_strips()
        return search.current + 1  # type: ignore[operator]
