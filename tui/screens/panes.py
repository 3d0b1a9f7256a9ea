"""The dashboard's panes: which one has the focus, Tab between them, and the one side slot
a narrow terminal shows them in. Kept apart from the screen that coordinates them, which
it reaches only through the two callables it is given."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.screen import Screen
from textual.widget import Widget

NARROW_WIDTH = 110
"""Below this many columns the side panels share one slot that Tab cycles through."""

PANE_IDS = ("reader", "library", "sentiment", "keywords", "bookmarks")
PANE_TITLES = {
    "library": "Library",
    "sentiment": "Sentiment",
    "keywords": "Keywords",
    "bookmarks": "Bookmarks",
}


class PaneFocus:
    """Focus and layout of the dashboard screen's panes."""

    def __init__(
        self,
        screen: Screen[object],
        pane: Callable[[str], Widget | None],
        mount_side: Callable[[], None],
    ) -> None:
        self._screen = screen
        self._pane = pane
        """The pane of that id (the reading pane included), or None before it is mounted."""
        self._mount_side = mount_side

    def apply_width(self, width: int) -> None:
        """Narrow: one side slot (showing the sentiment panel unless another was chosen)."""
        narrow = width < NARROW_WIDTH
        self._screen.set_class(narrow, "-narrow")
        if narrow and not self._side_slot_visible():
            self._show_in_slot("sentiment")

    def _side_slot_visible(self) -> bool:
        return any(self._screen.has_class(f"-slot-{name}") for name in PANE_IDS[1:])

    def _show_in_slot(self, name: str) -> None:
        for other in PANE_IDS[1:]:
            self._screen.set_class(other == name, f"-slot-{other}")

    def cycle(self, step: int) -> None:
        """Tab / Shift+Tab: the next or previous pane (into the narrow slot if need be)."""
        current = self.focused_pane()
        index = PANE_IDS.index(current) if current in PANE_IDS else 0
        target = PANE_IDS[(index + step) % len(PANE_IDS)]
        if self._screen.has_class("-narrow") and target != "reader":
            self._show_in_slot(target)
        self.focus_pane(target)

    def focus_pane(self, name: str, *, attempts: int = 10) -> None:
        """Focus pane ``name``. One asked for in the first moments may not be ready: the
        library and side panels mount after the first frame (the side panels up to
        ``startup.SIDE_PANELS_DELAY`` later; asking mounts them now). Then focus it once it has
        composed (a few refreshes at most), so a quick Tab Tab lands where a slow one
        does."""
        widget = self._pane(name)
        if widget is None and name != "library":
            self._mount_side()
        target = widget if widget is not None and widget.focusable else None
        if widget is not None and target is None:
            target = next((child for child in widget.query("*") if child.focusable), None)
        if target is not None:
            target.focus()
        elif attempts > 1:
            self._screen.call_after_refresh(partial(self.focus_pane, name, attempts=attempts - 1))

    def focused_pane(self) -> str | None:
        """The id of the pane holding the focus, or None."""
        node = self._screen.focused
        while node is not None:
            if node.id in PANE_IDS:
                return node.id
            node = node.parent
        return None


def side_panels() -> list[Widget]:
    """The sentiment, keyword and bookmark panels, titled. (Imported here, when they are
    made: the first frame waits for every module imported before it.)"""
    from tui.widgets.bookmarks import BookmarksPanel
    from tui.widgets.keywords import KeywordPanel
    from tui.widgets.sentiment import SentimentPanel

    panels: list[Widget] = [
        SentimentPanel(id="sentiment"),
        KeywordPanel(id="keywords"),
        BookmarksPanel(id="bookmarks"),
    ]
    for panel in panels:
        panel.border_title = PANE_TITLES[panel.id or ""]
    return panels
