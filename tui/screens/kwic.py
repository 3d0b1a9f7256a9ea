"""Keyword in context: every hit of a query across the corpus, one per line, with the
matches lined up in one column, sortable by the words around them, and a dispersion strip
below; Enter opens a hit, Escape backs out.

The list is virtual (only the visible lines are built, like toolong's log view), so tens
of thousands of hits open instantly and re-lay themselves out when the terminal resizes.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import islice
from time import monotonic
from typing import ClassVar

from rich.cells import cell_len, get_character_cell_size
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.containers import Vertical
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual
from textual.widgets import Footer, Input, Static
from textual.worker import get_current_worker

from analysis.model import Document, KwicHit
from analysis.nlp.dispersion import Dispersion
from analysis.nlp.kwic import MAX_HITS, KwicQuery, QueryError, concordance, sort_hits
from analysis.nlp.trends import dispersion_of
from analysis.sanitize import clean_line, prose_line
from analysis.tables import Table, concordance_table
from tui.screens.plot_text import barcode_text
from tui.widgets.formatting import plural
from tui.widgets.list_keys import list_bindings

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
            right.truncate(right_cells, ellipsis=True, pad=True),
        ]
        if title_cells:
            title = Content.styled(clean_line(hit.title), ".kwic-list--title")
            parts += ["  ", title.truncate(title_cells, ellipsis=True, pad=True)]
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


SORT_CYCLES = {"L": ("1L", "2L", "3L"), "R": ("1R", "2R", "3R")}
SORT_NAMES = {"position": "text order", **{k: k for v in SORT_CYCLES.values() for k in v}}
PROGRESS_SECONDS = 0.1
"""How often a running search reports how far it got."""
DISPERSION_ROWS = 6
"""Documents shown in the dispersion strip before it scrolls."""


class KwicScreen(ModalScreen["KwicHit | None"]):
    """All hits of one query; dismisses with the chosen hit, or None on Escape.

    Given ``hits`` it shows them; given ``documents`` (an immutable snapshot) it searches
    them in a worker, showing progress, and Escape cancels the search. ``p``, ``l`` and
    ``r`` sort by position, by the words left (1L, 2L, 3L) or right (1R, 2R, 3R) of the
    match; ``d`` shows or hides the dispersion strip; ``t`` opens the trend."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("p", "sort_position", "Position"),
        Binding("l", "sort_side('L')", "Sort left"),
        Binding("r", "sort_side('R')", "Sort right"),
        Binding("d", "toggle_dispersion", "Dispersion"),
        Binding("t", "trend", "Trend"),
        Binding("slash", "edit_query", "Query", key_display="/"),
        Binding("x", "toggle_regex", "Regex"),
        Binding("c", "toggle_case", "Case"),
    ]

    DEFAULT_CSS = """
    KwicScreen {
        align: center middle;
    }
    KwicScreen > #kwic-dialog {
        width: 1fr;
        height: 1fr;
        margin: 1 2;
        border: round $accent;
        background: $surface;
    }
    KwicScreen #kwic-title {
        height: 1;
        padding: 0 1;
        text-style: bold;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    KwicScreen #kwic-query { margin: 0 1; }
    KwicScreen #kwic-dispersion {
        height: auto;
        max-height: 8;
        padding: 0 1;
        border-top: solid $panel-lighten-2;
        background: $surface;
    }
    """

    class Progress(Message):
        """How far the running search got (posted from its thread)."""

        def __init__(self, fraction: float) -> None:
            self.fraction = fraction
            super().__init__()

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, KwicScreen.Progress)

    class Found(Message):
        """The search finished: ``hits`` in text order."""

        def __init__(self, screen: KwicScreen, hits: Sequence[KwicHit]) -> None:
            self.screen = screen
            self.hits = hits
            super().__init__()

    def __init__(
        self,
        term: str,
        hits: Sequence[KwicHit] | None = None,
        *,
        documents: Sequence[Document] = (),
        query: KwicQuery | None = None,
    ) -> None:
        super().__init__()
        self.term = term
        self.kwic_query = query or KwicQuery(term)
        self.documents = tuple(documents)
        self.searching = hits is None
        self.progress = 0.0
        self.error: str | None = None
        self.sort = "position"
        self._in_order: list[KwicHit] = list(hits or ())
        self.hits: Sequence[KwicHit] = self._in_order
        self.spreads: list[Dispersion] = []
        self._last_report = 0.0
        self._trend_wanted = False

    def compose(self) -> ComposeResult:
        with Vertical(id="kwic-dialog"):
            yield Static(self.title_content(), id="kwic-title", markup=False)
            query = Input(
                self.term,
                placeholder='word, phrase, whal*, "exact phrase" (x: regex, c: case)',
                id="kwic-query",
            )
            query.display = not self.term
            yield query
            yield KwicList(self.hits, id="kwic-list")
            yield Static(id="kwic-dispersion", markup=False)
        yield Footer()

    def title_content(self) -> Content:
        """“term” — 12 hits in 3 documents · sorted by 1R."""
        flags = "".join(
            f" [{name}]"
            for name, on in (("regex", self.kwic_query.regex), ("case", self.kwic_query.case))
            if on
        )
        return Content.assemble(self._title_body(), flags)

    def _title_body(self) -> Content:
        if self.error is not None:
            return Content.assemble("“", clean_line(self.term), "” — ", clean_line(self.error))
        if self.searching:
            percent = f"{self.progress:.0%}"
            return Content.assemble(
                "“", clean_line(self.term), f"” — searching… {percent} (Escape cancels)"
            )
        documents = len({hit.path for hit in self.hits})
        count = plural(len(self.hits), "hit")
        if len(self.hits) >= MAX_HITS:
            count = f"first {count}"
        where = f" in {plural(documents, 'document')}" if self.hits else ""
        order = f" · sorted by {SORT_NAMES[self.sort]}" if self.sort != "position" else ""
        return Content.assemble("“", clean_line(self.term), "” — ", count, where, order)

    def on_mount(self) -> None:
        if not self.term:
            self.searching = False
            self.query_one("#kwic-query", Input).focus()
            return
        self.query_one(KwicList).focus()
        if self.searching:
            self.search()
        else:
            self._show_dispersion()

    # ---------------------------------------------------------------- the query
    def action_edit_query(self) -> None:
        if not self.documents:
            return  # hits given, nothing to search again
        field = self.query_one("#kwic-query", Input)
        field.display = True
        field.focus()

    def action_toggle_regex(self) -> None:
        self.run_query(
            KwicQuery(
                self.kwic_query.text, regex=not self.kwic_query.regex, case=self.kwic_query.case
            )
        )

    def action_toggle_case(self) -> None:
        self.run_query(
            KwicQuery(
                self.kwic_query.text, regex=self.kwic_query.regex, case=not self.kwic_query.case
            )
        )

    @on(Input.Submitted, "#kwic-query")
    def _query_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        event.input.display = False
        self.query_one(KwicList).focus()
        self.run_query(
            KwicQuery(event.value, regex=self.kwic_query.regex, case=self.kwic_query.case)
        )

    def run_query(self, query: KwicQuery) -> None:
        """Search the snapshot again for ``query`` (the sort order is kept)."""
        if not self.documents or not query.text.strip():
            return
        self.kwic_query = query
        self.term = query.text
        self.error = None
        self.searching = True
        self.progress = 0.0
        self._in_order = []
        self.spreads = []
        listing = self.query_one(KwicList)
        listing.set_hits([])
        self.hits = []
        self.query_one("#kwic-title", Static).update(self.title_content())
        self.search()

    # ---------------------------------------------------------------- search
    @work(thread=True, exclusive=True, group="kwic-search")
    def search(self) -> None:
        """Find the hits and their dispersion from the snapshot, off the UI thread."""
        worker = get_current_worker()

        def progress(done: int, total: int) -> bool:
            now = monotonic()
            if now - self._last_report >= PROGRESS_SECONDS:
                self._last_report = now
                self.post_message(self.Progress(done / total if total else 1.0))
            return not worker.is_cancelled

        try:
            hits = concordance(self.documents, self.kwic_query, progress=progress)
        except QueryError as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        spreads = []
        for doc in self.documents:
            if worker.is_cancelled:
                return
            spreads.append(dispersion_of(doc, hits))
        if not worker.is_cancelled:
            self.app.call_from_thread(self._found, hits, spreads)

    @on(Progress)
    def _report(self, message: KwicScreen.Progress) -> None:
        message.stop()
        if self.searching and self.is_attached:
            self.progress = message.fraction
            self.query_one("#kwic-title", Static).update(self.title_content())

    def _failed(self, message: str) -> None:
        self.searching = False
        self.error = message
        if self.is_attached:
            self.query_one("#kwic-title", Static).update(self.title_content())

    def _found(self, hits: list[KwicHit], spreads: list[Dispersion]) -> None:
        if not self.is_attached:
            return
        self.searching = False
        self._in_order = hits
        self.spreads = spreads
        self._apply_sort(keep_cursor=False)
        self._show_dispersion()
        self.post_message(self.Found(self, hits))
        if self._trend_wanted:
            self._trend_wanted = False
            self.action_trend()

    # ---------------------------------------------------------------- sorting
    def action_sort_position(self) -> None:
        self.set_sort("position")

    def action_sort_side(self, side: str) -> None:
        """First press sorts by 1L (1R); each press after moves to the next word out."""
        cycle = SORT_CYCLES[side]
        following = cycle[(cycle.index(self.sort) + 1) % 3] if self.sort in cycle else cycle[0]
        self.set_sort(following)

    def set_sort(self, sort: str) -> None:
        """Order the hits by ``sort`` (see :data:`analysis.nlp.kwic.SORTS`), keeping the
        highlighted hit highlighted."""
        self.sort = sort
        if self.searching:  # applied to the hits when they come
            return
        self._apply_sort(keep_cursor=True)

    def _apply_sort(self, *, keep_cursor: bool) -> None:
        listing = self.query_one(KwicList)
        current = listing.hits[listing.cursor] if keep_cursor and listing.hits else None
        self.hits = sort_hits(self._in_order, self.sort)
        listing.set_hits(self.hits)
        if current is not None:
            listing.cursor = next(i for i, hit in enumerate(self.hits) if hit is current)
        self.query_one("#kwic-title", Static).update(self.title_content())

    # ---------------------------------------------------------------- dispersion
    def action_toggle_dispersion(self) -> None:
        strip = self.query_one("#kwic-dispersion", Static)
        strip.display = not strip.display

    def _show_dispersion(self) -> None:
        strip = self.query_one("#kwic-dispersion", Static)
        if not self.spreads and self.hits:
            # Hits given without documents: a barcode needs each text's length.
            strip.display = False
            return
        strip.update(self.dispersion_content(max(20, self.size.width - 8)))

    def on_resize(self) -> None:
        if self.spreads:
            self._show_dispersion()

    def dispersion_content(self, width: int) -> Content:
        """One line per document: title, barcode of where the hits are, hits, rate, DP."""
        lengths = {doc.path: len(doc.text) for doc in self.documents}
        offsets: dict[str, list[int]] = {}
        for hit in self._in_order:
            offsets.setdefault(hit.path, []).append(hit.start)
        title_cells = min(20, width // 4)
        figures = 25
        code_cells = max(10, width - title_cells - figures - 2)
        lines = [
            Content.styled(
                f"{'':<{title_cells}} {'where the hits fall':<{code_cells}}"
                f" {'hits':>7} {'per 1M':>9} {'DP':>6}",
                "bold",
            )
        ]
        shown = sorted(self.spreads, key=lambda d: -d.hits)[:DISPERSION_ROWS]
        for spread in shown:
            title = Content(clean_line(spread.title or spread.path)).truncate(
                title_cells, ellipsis=True, pad=True
            )
            code = barcode_text(
                offsets.get(spread.path, []), lengths.get(spread.path, 0), code_cells
            )
            dp = "—" if spread.dp is None else f"{spread.dp:.2f}"
            lines.append(
                Content.assemble(
                    title,
                    " ",
                    Content.styled(code, "$accent"),
                    f" {spread.hits:>7,} {spread.per_million:>9,.1f} {dp:>6}",
                )
            )
        if len(self.spreads) > len(shown):
            lines.append(
                Content(f"… {len(self.spreads) - len(shown):,} more documents (export: Ctrl+P)")
            )
        return Content("\n").join(lines)

    # ---------------------------------------------------------------- others
    def action_trend(self) -> None:
        """The query's trend across the documents and across the parts of the document of
        the highlighted hit."""
        if not self.documents:
            return
        if self.searching:  # opened when the hits come
            self._trend_wanted = True
            return
        from tui.screens.trends import TrendScreen

        listing = self.query_one(KwicList)
        focus = listing.hits[listing.cursor].path if listing.hits else None
        self.app.push_screen(TrendScreen(self.term, self.documents, self._in_order, focus))

    def export_table(self) -> Table | None:
        """The concordance as a table (in the order shown), for the export commands."""
        if self.searching:
            return None
        return concordance_table(self.term, self.hits)

    @on(KwicList.Selected)
    def _selected(self, message: KwicList.Selected) -> None:
        message.stop()
        self.dismiss(self.hits[message.index])

    def action_close(self) -> None:
        field = self.query_one("#kwic-query", Input)
        if self.focused is field and self.term:
            self.query_one(KwicList).focus()
            return
        self.workers.cancel_group(self, "kwic-search")
        self.dismiss(None)
