"""Searching the shown document: the search bar (mounted under the reading pane on first
use) and the pane's matches, kept in step. The dashboard screen forwards the bar's
messages and its ``/``, ``n``, ``N`` keys here."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, cast

from tui.reader.pane import ReadingPane

if TYPE_CHECKING:
    from textual.widget import Widget

    from tui.reader.search_bar import SearchBar


class SearchCoordinator:
    """The search bar and the reading pane's search, for one dashboard."""

    def __init__(self, screen: Widget) -> None:
        self._screen = screen
        """Where the reading pane (``#reader``) is, in its column (``#reader-col``)."""

    @property
    def bar(self) -> SearchBar | None:
        """The search bar, or None before the first search."""
        return cast("SearchBar | None", self._screen.query_one_optional("#search"))

    def _reader(self) -> ReadingPane:
        return self._screen.query_one("#reader", ReadingPane)

    async def open(self) -> None:
        """``/``: show the bar (mounting it the first time) and put the focus in it."""
        bar = self.bar
        if bar is None:
            from tui.reader.search_bar import SearchBar

            bar = SearchBar(id="search")
            await self._screen.query_one("#reader-col").mount(bar)
        bar.display = True
        bar.focus_input()

    def run(self, pattern: str, regex: bool) -> None:
        """Search for ``pattern`` and show the count (or the pattern's error) in the bar."""
        bar = self.bar
        if bar is None:
            return
        reader = self._reader()
        if not pattern:
            reader.clear_search()
            bar.set_status("")
            return
        try:
            count = reader.search(pattern, regex=regex)
        except re.error as exc:
            bar.set_error(f"bad pattern: {exc}")
            return
        bar.set_count(reader.current_match, count, capped=reader.match_capped)

    def submitted(self, pattern: str, regex: bool) -> None:
        """Enter in the bar: search, go to the first match and back to reading."""
        self.run(pattern, regex)
        self.step(1)
        self._reader().focus()

    def updated(self, count: int, capped: bool) -> None:
        """A long search finished in the pane's worker: keep the count current."""
        bar = self.bar
        if bar is not None:
            bar.set_count(self._reader().current_match, count, capped=capped)

    def closed(self) -> None:
        """The bar closed itself: hide it, keep the matches, back to reading."""
        bar = self.bar
        if bar is not None:
            bar.display = False
        self._reader().focus()

    def step(self, step: int) -> None:
        """``n`` / ``N``: the next or previous match."""
        reader = self._reader()
        if not reader.match_count:
            return
        reader.next_match() if step > 0 else reader.previous_match()
        bar = self.bar
        if bar is not None:
            bar.set_count(reader.current_match, reader.match_count, capped=reader.match_capped)

    def close(self) -> bool:
        """Escape: hide the bar and drop the matches, if the bar is showing (True)."""
        bar = self.bar
        if bar is None or not bar.display:
            return False
        bar.display = False
        reader = self._reader()
        reader.clear_search()
        reader.focus()
        return True
