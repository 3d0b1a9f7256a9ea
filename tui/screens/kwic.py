"""Keyword in context: every hit of a query across the corpus, one per line, sortable by the
words around the match, with a dispersion strip below; Enter opens a hit, Escape backs out.

This screen runs the query, sorts and exports; the hit list is :mod:`tui.screens.kwic_list`
and the strip :mod:`tui.screens.kwic_dispersion`."""

from __future__ import annotations

from collections.abc import Sequence
from time import monotonic
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Static
from textual.worker import get_current_worker

from analysis.model import Document, KwicHit
from analysis.nlp.dispersion import Dispersion
from analysis.nlp.kwic import MAX_HITS, KwicQuery, QueryError, concordance, sort_hits
from analysis.nlp.trends import dispersion_of
from analysis.sanitize import clean_line
from analysis.tables import Table, concordance_table
from tui.screens.kwic_dispersion import dispersion_lines
from tui.screens.kwic_list import KwicList
from tui.widgets.formatting import plural

SORT_CYCLES = {"L": ("1L", "2L", "3L"), "R": ("1R", "2R", "3R")}
SORT_NAMES = {"position": "text order", **{k: k for v in SORT_CYCLES.values() for k in v}}
PROGRESS_SECONDS = 0.1
"""How often a running search reports how far it got."""


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

    def dispersion_content(self, width: int) -> Content:
        """One line per document: title, barcode of where the hits are, hits, rate, DP."""
        return dispersion_lines(self.spreads, self.documents, self._in_order, width)

    def on_resize(self) -> None:
        if self.spreads:
            self._show_dispersion()

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
