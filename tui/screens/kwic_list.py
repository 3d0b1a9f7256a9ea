"""The concordance list of the KWIC screen: one hit a line, the matches lined up in one
column, the left context cut from the left. Virtual (only the visible lines are built, like
toolong's log view), so tens of thousands of hits open at once and re-lay themselves out when
the terminal resizes."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import islice
from typing import ClassVar

from rich.cells import cell_len, get_character_cell_size
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual

from analysis.model import KwicHit
from analysis.sanitize import clean_line, prose_line
from tui.widgets.fitted_row import fit
from tui.widgets.list_keys import list_bindings

__all__ = ["MATCH_CELLS", "MATCH_SAMPLE", "TITLE_CELLS", "KwicList", "tail"]

MATCH_CELLS = 24
"""Widest the match column gets; longer matches are cut with an ellipsis."""

MATCH_SAMPLE = 5000
"""How many hits are measured to size the match column."""

TITLE_CELLS = 24
"""Widest the document-title column gets (it is dropped below 60 columns)."""


def tail(text: str, width: int) -> str:
    """The last ``width`` cells of ``text``, with a leading ``…`` when it was cut."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text
    cells = 0
    start = len(text)
    while start > 0 and cells + get_character_cell_size(text[start - 1]) <= width - 1:
        start -= 1
        cells += get_character_cell_size(text[start])
    return "…" + text[start:]


class KwicList(ScrollView, can_focus=True):
    """A virtual list of KWIC hits with a row cursor."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *list_bindings("hit", "Open hit"),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "kwic-list--cursor",
        "kwic-list--match",
        "kwic-list--context",
        "kwic-list--title",
        "kwic-list--empty",
    }

    DEFAULT_CSS = """
    KwicList {
        height: 1fr;
        background: $surface;
        overflow-x: hidden;
        scrollbar-gutter: stable;
        & > .kwic-list--cursor {
            color: $block-cursor-blurred-foreground;
            background: $block-cursor-blurred-background;
        }
        &:focus > .kwic-list--cursor {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
        }
        & > .kwic-list--match { color: $accent; text-style: bold; }
        & > .kwic-list--context { }
        & > .kwic-list--title { color: $foreground-muted; }
        & > .kwic-list--empty { color: $foreground-muted; }
    }
    """

    cursor: reactive[int] = reactive(0, always_update=True)

    class Selected(Message):
        """Enter or a click on hit number ``index``."""

        def __init__(self, index: int) -> None:
            self.index = index
            super().__init__()

    def __init__(self, hits: Sequence[KwicHit], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._hits: Sequence[KwicHit] = ()
        self._match_cells = 1
        self._lines: LRUCache[tuple[int, int, bool, bool], Strip] = LRUCache(1024)
        self.set_hits(hits)

    @property
    def hits(self) -> Sequence[KwicHit]:
        return self._hits

    def set_hits(self, hits: Sequence[KwicHit]) -> None:
        """Show ``hits`` (kept by reference, not copied), cursor on the first."""
        self._hits = hits
        # Matches of one term are alike: the first few thousand tell the column width.
        sample = islice(hits, MATCH_SAMPLE)
        longest = max((cell_len(prose_line(hit.match)) for hit in sample), default=1)
        self._match_cells = max(1, min(MATCH_CELLS, longest))
        self._lines.clear()
        self.virtual_size = Size(0, len(hits))
        self.set_reactive(KwicList.cursor, 0)
        self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()

    # ---------------------------------------------------------------- drawing
    def notify_style_update(self) -> None:
        self._lines.clear()  # the theme changed: colours must be recomputed
        super().notify_style_update()

    def on_resize(self) -> None:
        self.virtual_size = Size(0, len(self._hits))
        self._lines.clear()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = self.scroll_offset.y + y
        if not self._hits:
            if y == 0:
                content = Content.styled("No matches.", ".kwic-list--empty")
                style = self.get_visual_style()
                return Visual.to_strips(self, content, width, 1, style, pad=True)[0]
            return Strip.blank(width, self.rich_style)
        if not 0 <= index < len(self._hits):
            return Strip.blank(width, self.rich_style)
        is_cursor = index == self.cursor
        key = (index, width, is_cursor, self.has_focus)
        strip = self._lines.get(key)
        if strip is None:
            style = (
                self.get_visual_style("kwic-list--cursor") if is_cursor else self.get_visual_style()
            )
            content = self.row_content(self._hits[index], width)
            strip = Visual.to_strips(self, content, width, 1, style, pad=True)[0]
            strip = strip.apply_meta({"kwic_row": index})
            self._lines[key] = strip
        return strip

    def row_content(self, hit: KwicHit, width: int) -> Content:
        """One hit laid out in ``width`` cells: left context right-aligned so every match
        starts in the same column, then match and right context, then the title."""
        title_cells = 0 if width < 60 else min(TITLE_CELLS, width // 5)
        body = width - (title_cells + 2 if title_cells else 0)
        match_cells = min(self._match_cells, max(1, body // 3))
        left_cells = max(0, (body - match_cells) // 2)
        left_text = tail(prose_line(hit.left).rstrip(), left_cells)
        left = Content.styled(left_text, ".kwic-list--context")
        match = Content(prose_line(hit.match)).truncate(match_cells, ellipsis=True)
        right_cells = max(0, body - left_cells - 1 - match.cell_length)
        # The right context starts right after the match, however long the match is.
        right = Content.styled(" " + prose_line(hit.right).lstrip(), ".kwic-list--context")
        parts: list[Content | str] = [
            left.pad_left(left_cells - left.cell_length),
            " ",
            match.stylize(".kwic-list--match"),
            fit(right, right_cells),
        ]
        if title_cells:
            title = Content.styled(clean_line(hit.title), ".kwic-list--title")
            parts += ["  ", fit(title, title_cells)]
        return Content.assemble(*parts).truncate(width)

    # ---------------------------------------------------------------- cursor
    def watch_cursor(self, old: int, new: int) -> None:
        for row in (old, new):
            self.refresh_line(row - self.scroll_offset.y)
        self._scroll_to_cursor()

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self._hits) - 1))

    def _scroll_to_cursor(self) -> None:
        height = self.scrollable_content_region.height
        top = self.scroll_offset.y
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif height and self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=True)

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_page_down(self) -> None:
        self.cursor += max(1, self.scrollable_content_region.height - 1)

    def action_page_up(self) -> None:
        self.cursor -= max(1, self.scrollable_content_region.height - 1)

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self._hits) - 1

    def action_select(self) -> None:
        if self._hits:
            self.post_message(self.Selected(self.cursor))

    def on_click(self, event: events.Click) -> None:
        row = event.style.meta.get("kwic_row")
        if isinstance(row, int) and 0 <= row < len(self._hits):
            self.cursor = row
            self.post_message(self.Selected(row))
