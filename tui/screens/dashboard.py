"""The dashboard screen: coordinates the library, reading pane, panels and bookmarks.

Widgets talk upward with messages and the screen answers by calling their methods. File and
analysis work runs in workers (analysis in a process pool, :mod:`analysis.pipeline`), so the
first frame appears at once and keys work while documents arrive."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from analysis.model import Document, DocumentAnalysis, LoadFailure
from analysis.pipeline import Analysed, Event, Failed, Loaded
from analysis.sanitize import clean_line
from tui import startup
from tui.bookmarks_controller import BookmarksController
from tui.chapters_controller import ChaptersController
from tui.explorer import ExploreController
from tui.feed import PipelineFeed
from tui.reader.pane import ReadingPane
from tui.readiness import KeyQueue, Lack, Need, sentences_lack
from tui.screens.loading import Shelf, hand_over, progress_parts
from tui.screens.panes import PANE_TITLES, PaneFocus, side_panels
from tui.screens.search import SearchCoordinator
from tui.widgets.library import LibraryPane

if TYPE_CHECKING:
    from analysis.nlp.corpus import Corpus
    from tui.reader.search_bar import SearchBar
    from tui.widgets.bookmarks import BookmarksPanel
    from tui.widgets.keywords import KeywordPanel
    from tui.widgets.sentiment import SentimentPanel

# The side panels, the search bar and the other screens are imported when first needed:
# the first frame waits for every module imported before it. Their messages reach the
# screen's ``on_<widget>_<message>`` methods, which need no import.


class DashboardScreen(Screen[None]):
    """The main screen. Focus starts in the reading pane: focusing something else first
    and moving focus in ``on_mount`` restyles the whole screen once more before the first
    frame.

    Its keys are the screen's bindings, so they apply here and not on the modal screens it
    opens: Textual looks for a key's binding no further than a modal screen (nor does it
    reach the app's bindings from there, but for priority ones such as Tab)."""

    AUTO_FOCUS = "#reader"
    BINDINGS = [
        Binding("q", "app.quit", "Quit"),
        Binding("question_mark", "app.help", "Help"),
        Binding("left_square_bracket", "previous_document", "Prev doc", key_display="["),
        Binding("right_square_bracket", "next_document", "Next doc", key_display="]"),
        Binding("slash", "search", "Search", key_display="/"),
        Binding("n", "search_next", "Next match", show=False),
        Binding("N", "search_previous", "Prev match", show=False),
        Binding("t", "toggle_tint", "Tint"),
        Binding("c", "corpus", "Corpus"),
        Binding("o", "outline", "Outline"),
        Binding("left_curly_bracket", "chapter(-1)", "Prev chapter", key_display="{", show=False),
        Binding("right_curly_bracket", "chapter(1)", "Next chapter", key_display="}", show=False),
        Binding("b", "bookmark", "Bookmark"),
        Binding("e", "edit_bookmark", "Edit note", show=False),
        Binding("escape", "back", "Back", show=False),
    ]

    def __init__(
        self,
        app: App[Any],
        feed: Callable[[], PipelineFeed],
        *,
        db: str | None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self._feed = feed
        """The pipeline's events (the app starts the pipeline when first asked)."""
        self.shelf = Shelf()
        """What has been loaded (the properties below read it)."""
        self.library = LibraryPane(id="library-pane")
        """The document list; it keeps what it is given until it is mounted."""
        self._first_shown = False
        self._side_mounted = False
        self._panels_mounted = False
        self._held_note: str | None = None
        self.keys = KeyQueue(self)
        """Every key typed passes through here (see :mod:`tui.readiness`)."""
        self.current: str | None = None
        self.loading_done = False
        self.panes = PaneFocus(self, self._pane, self.mount_side)
        self.search = SearchCoordinator(self)
        # The controllers use this screen's data and panes, and the app (given here: the
        # screen is made before the app runs) for the other screens, threads and notices.
        self.bookmarks = BookmarksController(self, app, db)
        self.chapters = ChaptersController(self, app)
        self.explorer = ExploreController(self, app)

    @property
    def documents(self) -> dict[str, Document]:
        return self.shelf.documents

    @property
    def analyses(self) -> dict[str, DocumentAnalysis]:
        return self.shelf.analyses

    @property
    def failures(self) -> list[LoadFailure]:
        return self.shelf.failures

    @property
    def order(self) -> list[str]:
        return self.shelf.order

    @property
    def corpus(self) -> Corpus:
        """All analysed documents (see :attr:`Shelf.corpus`)."""
        return self.shelf.corpus

    def corpus_slot(self, path: str) -> int | None:
        """``path``'s index in :attr:`corpus`, None before its analysis."""
        return self.shelf.slot(path)

    # ----------------------------------------------------------------- layout
    def compose(self) -> ComposeResult:
        # The first frame holds what the person came for: the document. The header, footer
        # and library mount into their reserved places right after it (see
        # ``_mount_chrome``), the side panels once the first document is shown; nothing
        # moves when they arrive. Each widget costs the first frame milliseconds of
        # styling and rendering.
        yield Vertical(id="header-slot")
        with Horizontal(id="main"):
            yield Vertical(id="library")
            with Vertical(id="reader-col"):
                yield ReadingPane(id="reader")  # the search bar mounts below on first use
            yield Vertical(id="side")
        yield Static("", id="status", markup=False)
        yield Vertical(id="footer-slot")

    def _slot(self, selector: str) -> Widget | None:
        """The mounted place ``selector`` names, or None once the app is closing (a late
        mount, say after a quick ``q``, must not fail)."""
        if not self.is_attached or self.app.return_code is not None:  # exit() was called
            return None
        slot = self.query_one_optional(selector)
        return slot if slot is not None and slot.is_attached else None

    def _mount_chrome(self) -> None:
        slots = [self._slot(name) for name in ("#header-slot", "#footer-slot", "#library")]
        if None not in slots:
            startup.mount_chrome(self, slots, self.library)

    def on_mount(self) -> None:
        self.query_one("#library").border_title = PANE_TITLES["library"]
        self.call_after_refresh(self._mount_chrome)
        # Collection, paused by the CLI, resumes when loading ends (see tui.startup).
        self.set_timer(startup.PAUSE_LIMIT, startup.resume)
        self.panes.apply_width(self.app.size.width)
        self._set_status("opening…")
        # The first document is usually read by now (the feed started before Textual was
        # imported): shown at once, it is in the first frame rather than the second.
        ready = self._feed().ready(timeout=startup.FIRST_DOCUMENT_WAIT)
        if ready:
            self._on_pipeline_events(ready)
        self.load_documents()  # the bookmark store opens once the first document is shown
        # Reading positions are saved on switching documents and on quit; also every few
        # seconds while reading, so a crash or a closed terminal loses little.
        self.set_interval(5, self.bookmarks.autosave_position)
        # A big PDF reads for seconds: its page count moves on the status line meanwhile.
        self.set_interval(0.5, lambda: self.loading_done or self._update_progress())

    def on_resize(self) -> None:
        self.panes.apply_width(self.app.size.width)

    def on_screen_resume(self) -> None:
        # A resize while another screen was on top reached that screen, not this one.
        self.panes.apply_width(self.app.size.width)

    @property
    def reader(self) -> ReadingPane:
        return self.query_one("#reader", ReadingPane)

    def _pane(self, name: str) -> Widget | None:
        return self.reader if name == "reader" else self.panel(name)

    def _set_status(self, text: str) -> None:
        status = self.query_one_optional("#status", Static)
        if status is not None:  # None once quitting took the screen down (a late cursor move)
            status.update(text)

    # --------------------------------------------------------------- readiness
    def lacking(self, need: Need) -> Lack | None:
        """What of ``need`` the dashboard does not have yet (see :mod:`tui.readiness`)."""
        if need is Need.SENTENCES:
            return self._lacking_sentences()
        if need is Need.PANES:
            if self._panels_mounted and self.library.is_mounted:
                return None
            if self._panels_mounted:  # the library mounts right after the first frame
                self.call_after_refresh(self.keys.wake)
            return Lack(need, "the panels are opening")
        if need in Need.NEXT_DOCUMENT | Need.PREVIOUS_DOCUMENT:
            order = self.order
            index = order.index(self.current) if self.current in order else -1
            there = index + 1 < len(order) if need is Need.NEXT_DOCUMENT else index > 0
            if there or self.loading_done:
                return None
            after = "next" if need is Need.NEXT_DOCUMENT else "last"
            return Lack(need, f"the {after} document is loading")
        return self.bookmarks.lacking(need)

    def _lacking_sentences(self) -> Lack | None:
        doc = self.reader.document
        path = doc.path if doc is not None else ""
        return sentences_lack(
            doc,
            analysed=path in self.analyses,
            unsplit=path in self.shelf.unsplit,
            loading_done=self.loading_done,
        )

    def hurry(self, need: Need) -> None:
        if need in (Need.PANES, Need.BOOKMARKS, Need.SAVED):
            self.mount_side()

    def keys_held(self, count: int, lack: Lack | None) -> None:
        plural = "s" * (count != 1)
        note = f"{count} key{plural} waiting: {lack.reason}… (Esc drops them)" if lack else None
        self._held_note = note
        self._update_progress()

    def key_refused(self, key: str, lack: Lack) -> None:
        self.notify(f"{key}: {lack.reason}.", severity="warning", timeout=4)

    # ----------------------------------------------------------------- loading
    @work(thread=True, exclusive=True, group="load")
    def load_documents(self) -> None:
        """Hand the feed's events to the UI in batches until the pipeline is done."""
        from textual.worker import get_current_worker

        worker = get_current_worker()
        app = self.app

        def deliver(batch: list[Event]) -> None:
            app.call_from_thread(self._on_pipeline_events, batch)

        if hand_over(self._feed(), deliver, lambda: worker.is_cancelled):
            app.call_from_thread(self._on_loading_done)

    def _on_pipeline_events(self, events: list[Event]) -> None:
        if not self.app.is_running:  # results that arrive while the app shuts down
            return
        with self.library.batch():
            for event in events:
                self._on_pipeline_event(event)
        self.bookmarks.documents_loaded([e.document for e in events if isinstance(e, Loaded)])
        self._update_progress()
        self._refresh_keywords()
        self.explorer.refresh_corpus_view()
        self.keys.wake()

    def _on_pipeline_event(self, event: Event) -> None:
        if not self.shelf.take(event):
            return  # sentences that came after the analysis
        if isinstance(event, Loaded):
            self.library.add_document(event.document)
            if self.current is None:
                self.open_document(event.document.path)
                self.call_after_refresh(self._first_document_shown)
        elif isinstance(event, Failed):
            self.library.add_failure(event.failure)
            if len(self.failures) <= 3:
                self.notify(clean_line(event.failure.message), severity="warning", markup=False)
        elif isinstance(event, Analysed):
            path = event.analysis.document.path
            self.library.set_analysis(path, event.analysis)
            if path == self.current:
                self._document_updated(path)
        elif event.document.path == self.current:  # sentences ahead of the analysis
            self._document_updated(event.document.path)

    def _first_document_shown(self) -> None:
        """Start what waits for the first frame: analysis, then the side panels and the
        store. (Importing what analysis needs would otherwise compete with drawing the
        document the person asked for.)"""
        if self._first_shown:
            return
        self._first_shown = True
        startup.first_frame()
        self._mount_chrome()
        self._feed().resume()
        self.set_timer(startup.SIDE_PANELS_DELAY, self._side_panels_due)

    def _side_panels_due(self) -> None:
        """Mount the side panels and open the store, unless typed keys are waiting or
        being carried out: they come first, since mounting holds the UI thread (and the
        GIL the analysis thread needs) for ~0.15 s, and the store's imports take the GIL
        too. Asked again every ``startup.SIDE_PANELS_RETRY`` s."""
        if self._side_mounted:
            return
        if self.keys.busy:
            self.set_timer(startup.SIDE_PANELS_RETRY, self._side_panels_due)
            return
        self.mount_side()

    def mount_side(self) -> None:
        """The side panels and the bookmark store, once (see ``startup.SIDE_PANELS_DELAY``;
        a key that needs them opens them at once)."""
        if self._side_mounted:
            return
        self._side_mounted = True
        self.call_later(self._mount_panels)
        self.bookmarks.open_store()

    async def _mount_panels(self) -> None:
        side = self._slot("#side")
        if side is None:
            return
        panels = side_panels()
        await side.mount_all(panels)
        self._panels_mounted = True
        if self.current:
            self._show_analysis(self.current)
        self.keys.wake()

    def panel(self, pane_id: str) -> Widget | None:
        """A side panel, or None before the panels are mounted."""
        return self.query_one_optional(f"#{pane_id}")

    @property
    def sentiment_panel(self) -> SentimentPanel | None:
        return cast("SentimentPanel | None", self.panel("sentiment"))

    @property
    def keyword_panel(self) -> KeywordPanel | None:
        return cast("KeywordPanel | None", self.panel("keywords"))

    def _on_loading_done(self) -> None:
        if not self.app.is_running:
            return
        self._first_document_shown()
        self.loading_done = True
        self.keys.wake()
        self._update_progress()
        self._refresh_keywords()
        if not self.documents:
            self.reader.set_document(None)
        self.call_after_refresh(startup.resume)
        self.call_after_refresh(self._side_panels_due)

    def _update_progress(self) -> None:
        parts = progress_parts(
            len(self.documents),
            len(self.analyses),
            len(self.failures),
            loading_done=self.loading_done,
            held=self._held_note,
        )
        if where := self.chapters.status():
            parts.append(where)
        self._set_status(" · ".join(parts))

    # --------------------------------------------------------------- documents
    def open_document(self, path: str, *, offset: int | None = None) -> None:
        """Show ``path`` in the reading pane, restoring its last position unless ``offset``."""
        doc = self.documents.get(path)
        if doc is None:
            return
        if self.current and self.current != path:
            self.bookmarks.save_position(self.current)
        self.current = path
        self.library.select_path(path)
        analysis = self.analyses.get(path)
        scores = analysis.sentiment.arc if analysis else None
        self.reader.set_document(doc)
        self.reader.set_scores(scores)
        self.explorer.mark_hits()
        self.app.sub_title = clean_line(doc.title)
        if offset is None:
            offset = self.bookmarks.stored_position(doc)
        if offset:
            self.jump_to(offset)
        self._show_analysis(path)
        self.bookmarks.refresh()

    def jump_to(self, offset: int) -> None:
        """Move the reading pane's cursor to ``offset`` (before the sentences are split the
        pane scrolls there and puts the cursor on it once they arrive)."""
        self.reader.jump_to_offset(offset)

    def _document_updated(self, path: str) -> None:
        """The current document's sentences arrived: give the pane the split document and
        put the cursor where the person was (or where they left off last time)."""
        doc = self.documents[path]
        shown = self.reader.document is not None and self.reader.document.path == path
        self.reader.set_document(doc)  # keeps the place (and a pending jump) for the same text
        if not shown:
            offset = self.bookmarks.stored_position(doc)
            if offset:
                self.reader.jump_to_offset(offset)
        self._show_analysis(path)
        self.bookmarks.refresh()

    def _show_analysis(self, path: str) -> None:
        analysis = self.analyses.get(path)
        if analysis is not None:
            self.reader.set_scores(analysis.sentiment.arc)
            self.chapters.analysis_arrived(path)
        sentiment = self.sentiment_panel
        if sentiment is not None:
            sentiment.show(analysis)
            if analysis is not None:
                sentiment.set_cursor(self.reader.cursor)
        self._refresh_keywords()

    def _refresh_keywords(self) -> None:
        panel = self.keyword_panel
        if panel is None:
            return
        slot = self.corpus_slot(self.current or "")
        if slot is None:
            panel.clear()
            return
        panel.show(self.corpus.keywords(slot, top=20), self.corpus[slot].phrases)

    def action_next_document(self) -> None:
        self._switch_document(1)

    def action_previous_document(self) -> None:
        self._switch_document(-1)

    def _switch_document(self, step: int) -> None:
        if not self.order:
            return
        index = self.order.index(self.current) if self.current in self.order else -1
        self.open_document(self.order[(index + step) % len(self.order)])

    @on(LibraryPane.Selected)
    def _library_selected(self, message: LibraryPane.Selected) -> None:
        self.open_document(message.path)
        self.reader.focus()

    @on(ReadingPane.CursorMoved)
    def _cursor_moved(self, message: ReadingPane.CursorMoved) -> None:
        sentiment = self.sentiment_panel
        if sentiment is not None:
            sentiment.set_cursor(message.index)
        self.bookmarks.cursor_moved()
        self._update_progress()

    def on_sentiment_panel_jump_to(self, message: SentimentPanel.JumpTo) -> None:
        doc = self.documents.get(self.current or "")
        if doc is not None and 0 <= message.sentence_index < len(doc.sentences):
            self.reader.jump_to_offset(doc.sentences[message.sentence_index].start)
            self.reader.focus()

    # --------------------------------------------------------------- bookmarks
    def on_bookmarks_panel_jump(self, message: BookmarksPanel.Jump) -> None:
        self.bookmarks.jump(message.bookmark)

    def on_bookmarks_panel_edit(self, message: BookmarksPanel.Edit) -> None:
        self.bookmarks.edit(message.bookmark)

    def on_bookmarks_panel_delete(self, message: BookmarksPanel.Delete) -> None:
        self.bookmarks.delete(message.bookmark)

    def on_bookmarks_panel_undo(self) -> None:
        self.bookmarks.undo_delete()

    def action_bookmark(self) -> None:
        lack = self.lacking(Need.SENTENCES)  # from a key it cannot be, from the palette it can
        if lack is not None:
            self.notify(f"Not bookmarked: {lack.reason}.", severity="warning", timeout=4)
            return
        self.bookmarks.add_from_reader()

    def action_edit_bookmark(self) -> None:
        self.bookmarks.edit_under_cursor()

    def save_position_now(self) -> None:
        """Quitting: the reading position is written before the app exits."""
        if self.current:
            self.bookmarks.save_position(self.current, wait=True)

    # ---------------------------------------------------------------- keywords
    def on_keyword_panel_chosen(self, message: KeywordPanel.Chosen) -> None:
        self.show_kwic(message.term)  # as written: its words match their inflections

    def show_kwic(self, term: str) -> None:
        self.explorer.open_kwic(term)

    # ----------------------------------------------------------------- search
    async def action_search(self) -> None:
        # (In the bookmarks panel "/" filters: the panel's own priority binding takes it.)
        await self.search.open()

    def on_search_bar_changed(self, message: SearchBar.Changed) -> None:
        self.search.run(message.pattern, message.regex)

    def on_search_bar_submitted(self, message: SearchBar.Submitted) -> None:
        self.search.submitted(message.pattern, message.regex)

    @on(ReadingPane.SearchUpdated)
    def _search_updated(self, message: ReadingPane.SearchUpdated) -> None:
        self.search.updated(message.count, message.capped)

    def on_search_bar_closed(self) -> None:
        self.search.closed()

    def action_search_next(self) -> None:
        self.search.step(1)

    def action_search_previous(self) -> None:
        self.search.step(-1)

    # ------------------------------------------------------------ misc actions
    def action_toggle_tint(self) -> None:
        self.reader.tint = not self.reader.tint
        legend = self.reader.tint_legend() if self.reader.tint else None
        self.reader.border_subtitle = legend
        self.notify("Sentiment tint on" if self.reader.tint else "Sentiment tint off", timeout=2)

    def action_corpus(self) -> None:
        self.explorer.open_corpus_view()

    def action_outline(self) -> None:
        current = self.current
        self.chapters.open_outline(self.explorer.marked_in(current) if current else None)

    def action_chapter(self, step: int) -> None:
        self.chapters.step(step)

    def action_back(self) -> None:
        """Escape: close the innermost thing that is open."""
        if self.search.close():
            return
        if self.reader.highlighted:
            self.explorer.clear_marks()
            return
        if self.focused is not self.reader:
            self.reader.focus()
