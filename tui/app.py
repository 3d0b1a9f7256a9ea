"""The Lectern dashboard: coordinates the library, reading pane, panels and bookmarks.

Widgets talk upward with messages and the app answers by calling their methods. File and
analysis work runs in workers (analysis in a process pool, :mod:`analysis.pipeline`), so the
first frame appears at once and keys work while documents arrive."""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from functools import partial
from typing import TYPE_CHECKING, cast

from textual import events, on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from analysis.load import progress as load_progress
from analysis.model import Document, DocumentAnalysis, LoadFailure
from analysis.pipeline import BIG_CHARS, Analysed, Event, Failed, Loaded, Split, default_workers
from analysis.sanitize import clean_line
from tui import startup
from tui.feed import PipelineFeed
from tui.reader.pane import ReadingPane
from tui.readiness import KeyQueue, Lack, Need
from tui.widgets.library import LibraryPane

BATCH_SECONDS = 0.25
"""How often the loading worker hands its results to the UI."""

if TYPE_CHECKING:
    from analysis.nlp.corpus import Corpus
    from tui.reader.search_bar import SearchBar
    from tui.screens.corpus import CorpusView
    from tui.screens.kwic import KwicScreen
    from tui.widgets.bookmarks import BookmarksPanel
    from tui.widgets.keywords import KeywordPanel
    from tui.widgets.sentiment import SentimentPanel

# The side panels, the search bar and the other screens are imported when first needed:
# the first frame waits for every module imported before it. Their messages reach the
# app's ``on_<widget>_<message>`` methods, which need no import.

NARROW_WIDTH = 110
"""Below this many columns the side panels share one slot that Tab cycles through."""

PANE_IDS = ("reader", "library", "sentiment", "keywords", "bookmarks")
PANE_TITLES = {
    "library": "Library",
    "sentiment": "Sentiment",
    "keywords": "Keywords",
    "bookmarks": "Bookmarks",
}


class DashboardScreen(Screen[None]):
    """The main screen. Focus starts in the reading pane: focusing something else first
    and moving focus in ``on_mount`` restyles the whole screen once more before the first
    frame."""

    AUTO_FOCUS = "#reader"


class LecternApp(App[int]):
    """``lectern [PATH ...]``: read documents, see their sentiment and keywords, keep passages."""

    TITLE = "Lectern"
    CSS_PATH = "lectern.tcss"
    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Help"),
        Binding("tab", "cycle_pane(1)", "Next pane", show=False, priority=True),
        Binding("shift+tab", "cycle_pane(-1)", "Prev pane", show=False, priority=True),
        Binding("left_square_bracket", "switch_document(-1)", "Prev doc", key_display="["),
        Binding("right_square_bracket", "switch_document(1)", "Next doc", key_display="]"),
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
        paths: Sequence[str],
        *,
        db: str | None = None,
        max_bytes: int | None = None,
        workers: int | None = None,
        feed: PipelineFeed | None = None,
    ) -> None:
        super().__init__()
        self.inputs = list(paths)
        self.db_path = db
        self.max_bytes = max_bytes
        self.worker_count = workers if workers is not None else default_workers()
        self.documents: dict[str, Document] = {}
        self.analyses: dict[str, DocumentAnalysis] = {}
        self.failures: list[LoadFailure] = []
        self.order: list[str] = []
        self._corpus: Corpus | None = None
        self.corpus_slots: dict[str, int] = {}
        self._feed = feed
        self.library = LibraryPane(id="library-pane")
        """The document list; it keeps what it is given until it is mounted."""
        self._first_shown = False
        self._side_mounted = False
        self._panels_mounted = False
        self._unsplit: set[str] = set()
        """Loaded documents whose analysis failed: their sentences will not come."""
        self._held_note: str | None = None
        self.keys = KeyQueue(self, self)
        """Every key typed passes through here (see :mod:`tui.readiness`)."""
        self.current: str | None = None
        self.loading_done = False
        from tui.bookmarks_controller import BookmarksController

        self.bookmarks = BookmarksController(self)
        from tui.chapters_controller import ChaptersController

        self.chapters = ChaptersController(self)

        from tui.explorer import ExploreController

        self.explorer = ExploreController(self)

    @property
    def feed(self) -> PipelineFeed:
        """The pipeline's events: the one the CLI started early, else one started now."""
        if self._feed is None:
            self._feed = PipelineFeed(
                self.inputs, max_bytes=self.max_bytes, workers=self.worker_count
            )
        return self._feed

    @property
    def corpus(self) -> Corpus:
        """All analysed documents, for TF-IDF and KWIC. Built on first use: importing it
        imports NLTK, which must not delay the first frame."""
        if self._corpus is None:
            from analysis.nlp.corpus import Corpus

            self._corpus = Corpus()
        return self._corpus

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
        if self.return_code is not None or not self.screen_stack:  # exit() was called
            return None
        slot = self.screen_stack[0].query_one_optional(selector)
        return slot if slot is not None and slot.is_attached else None

    def _mount_chrome(self) -> None:
        slots = [self._slot(name) for name in ("#header-slot", "#footer-slot", "#library")]
        startup.mount_chrome(self, slots, self.library)

    def get_default_screen(self) -> Screen[None]:
        return DashboardScreen(id="_default")

    def on_mount(self) -> None:
        self.query_one("#library").border_title = PANE_TITLES["library"]
        self.call_after_refresh(self._mount_chrome)
        # Collection, paused by the CLI, resumes when loading ends (see tui.startup).
        self.set_timer(startup.PAUSE_LIMIT, startup.resume)
        self._apply_width(self.size.width)
        self._set_status("opening…")
        # The first document is usually read by now (the feed started before Textual was
        # imported): shown at once, it is in the first frame rather than the second.
        ready = self.feed.ready(timeout=startup.FIRST_DOCUMENT_WAIT)
        if ready:
            self._on_pipeline_events(ready)
        self.load_documents()  # the bookmark store opens once the first document is shown
        # Reading positions are saved on switching documents and on quit; also every few
        # seconds while reading, so a crash or a closed terminal loses little.
        self.set_interval(5, self.bookmarks.autosave_position)
        # A big PDF reads for seconds: its page count moves on the status line meanwhile.
        self.set_interval(0.5, lambda: self.loading_done or self._update_progress())

    def on_resize(self) -> None:
        self._apply_width(self.size.width)

    def _apply_width(self, width: int) -> None:
        narrow = width < NARROW_WIDTH
        self.screen.set_class(narrow, "-narrow")
        if narrow and not self._side_slot_visible():
            self._show_in_slot("sentiment")

    def _side_slot_visible(self) -> bool:
        return any(self.screen.has_class(f"-slot-{name}") for name in PANE_IDS[1:])

    def _show_in_slot(self, name: str) -> None:
        for other in PANE_IDS[1:]:
            self.screen.set_class(other == name, f"-slot-{other}")

    @property
    def reader(self) -> ReadingPane:
        return self.query_one("#reader", ReadingPane)

    def _set_status(self, text: str) -> None:
        status = self.query_one_optional("#status", Static)
        if status is not None:  # None once quitting took the screen down (a late cursor move)
            status.update(text)

    # --------------------------------------------------------------- readiness
    async def on_event(self, event: events.Event) -> None:
        # Every key typed waits its turn in the key queue (see tui.readiness).
        if isinstance(event, events.Key) and not event.is_forwarded and self.keys.hold(event):
            return
        await super().on_event(event)

    def on_key_queue_settled(self, message: KeyQueue.Settled) -> None:
        self.keys.settled(message)

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
        if need is Need.DOCUMENTS:
            if len(self.order) > 1 or self.loading_done:
                return None
            return Lack(need, "the next document is loading")
        return self.bookmarks.lacking(need)

    def _lacking_sentences(self) -> Lack | None:
        doc = self.reader.document
        need = Need.SENTENCES
        if doc is not None and (doc.sentences or doc.path in self.analyses):
            return None
        if doc is None:
            if self.loading_done:
                return Lack(need, "no document is open", final=True)
            return Lack(need, "the document is loading")
        if doc.path in self._unsplit or self.loading_done:
            return Lack(need, "this document could not be split into sentences", final=True)
        if len(doc.text) > BIG_CHARS:
            return Lack(need, "a big document is still being split: page with Space", final=True)
        return Lack(need, "splitting sentences")

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
        feed = self.feed
        batch: list[Event] = []
        flushed = 0.0  # the first event goes out at once: it puts the first document on screen
        first = True  # until the first sentences or analysis went out
        while not feed.finished:
            if worker.is_cancelled:
                feed.cancel()
                return
            event = feed.next(timeout=BATCH_SECONDS)
            if event is not None:
                batch.append(event)
            # Hand results over in batches: one UI update per event costs a repaint each,
            # which made a 1,000-document corpus wait on the screen rather than on analysis.
            # The first document's sentences go at once: keys may be waiting for them.
            urgent = isinstance(event, Split) or (isinstance(event, Analysed) and first)
            first = first and not urgent
            if batch and (urgent or time.monotonic() - flushed >= BATCH_SECONDS):
                self.call_from_thread(self._on_pipeline_events, batch)
                batch = []
                flushed = time.monotonic()
        if batch:
            self.call_from_thread(self._on_pipeline_events, batch)
        self.call_from_thread(self._on_loading_done)

    def _on_pipeline_events(self, events: list[Event]) -> None:
        if not self.is_running:  # results that arrive while the app shuts down
            return
        with self.library.batch():
            for event in events:
                self._on_pipeline_event(event)
        self.bookmarks.documents_loaded([e.document for e in events if isinstance(e, Loaded)])
        self._update_progress()
        self._refresh_keywords()
        self._refresh_corpus_view()
        self.keys.wake()

    def _on_pipeline_event(self, event: Event) -> None:
        library = self.library
        if isinstance(event, Split):  # sentences ahead of the analysis: the cursor can move
            doc = event.document
            if doc.path in self.documents and doc.path not in self.analyses:
                self.documents[doc.path] = doc
                if doc.path == self.current:
                    self._document_updated(doc.path)
        elif isinstance(event, Loaded):
            doc = event.document
            self.documents[doc.path] = doc
            self.order.append(doc.path)
            library.add_document(doc)
            if self.current is None:
                self.open_document(doc.path)
                self.call_after_refresh(self._first_document_shown)
        elif isinstance(event, Failed):
            if event.failure.path in self.documents:  # loaded, but its analysis failed
                self._unsplit.add(event.failure.path)
            self.failures.append(event.failure)
            library.add_failure(event.failure)
            if len(self.failures) <= 3:
                self.notify(clean_line(event.failure.message), severity="warning", markup=False)
        elif isinstance(event, Analysed):
            analysis = event.analysis
            path = analysis.document.path
            self.analyses[path] = analysis
            self.documents[path] = analysis.document  # now with its sentences split
            self.corpus_slots[path] = self.corpus.add(analysis)
            library.set_analysis(path, analysis)
            if path == self.current:
                self._document_updated(path)

    def _first_document_shown(self) -> None:
        """Start what waits for the first frame: analysis, then the side panels and the
        store. (Importing what analysis needs would otherwise compete with drawing the
        document the person asked for.)"""
        if self._first_shown:
            return
        self._first_shown = True
        self._mount_chrome()
        self.feed.resume()
        self.set_timer(startup.SIDE_PANELS_DELAY, self.mount_side)

    def mount_side(self) -> None:
        """The side panels and the bookmark store, once (see ``startup.SIDE_PANELS_DELAY``;
        a key that needs them opens them at once)."""
        if self._side_mounted:
            return
        self._side_mounted = True
        self.call_later(self._mount_panels)
        self.bookmarks.open_store()

    async def _mount_panels(self) -> None:
        from tui.widgets.bookmarks import BookmarksPanel
        from tui.widgets.keywords import KeywordPanel
        from tui.widgets.sentiment import SentimentPanel

        panels = [
            SentimentPanel(id="sentiment"),
            KeywordPanel(id="keywords"),
            BookmarksPanel(id="bookmarks"),
        ]
        side = self._slot("#side")
        if side is None:
            return
        for panel in panels:
            panel.border_title = PANE_TITLES[panel.id or ""]
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

    @property
    def search_bar(self) -> SearchBar | None:
        """The search bar, or None before the first search."""
        return cast("SearchBar | None", self.panel("search"))

    def _on_loading_done(self) -> None:
        if not self.is_running:
            return
        self._first_document_shown()
        self.loading_done = True
        self.keys.wake()
        self._update_progress()
        self._refresh_keywords()
        if not self.documents:
            self.reader.set_document(None)
        self.call_after_refresh(startup.resume)
        self.call_after_refresh(self.mount_side)

    def _update_progress(self) -> None:
        total = len(self.documents)
        done = len(self.analyses)
        noun = "document" if total == 1 else "documents"
        if self.loading_done and done >= total:
            parts = [f"{total} {noun}"]
        else:
            parts = [f"{done}/{total} analysed"]
        if self.failures:
            parts.append(f"{len(self.failures)} failed")
        if not self.loading_done:
            parts.append("loading…")
        if self._held_note:
            parts.append(self._held_note)
        if not self.loading_done and (reading := load_progress.current()):
            parts.append(clean_line(reading.describe()))
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
        self.sub_title = clean_line(doc.title)
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
        path = self.current
        if path is None or path not in self.corpus_slots:
            panel.clear()
            return
        analysis = self.analyses[path]
        panel.show(self.corpus.keywords(self.corpus_slots[path], top=20), analysis.phrases)

    def action_switch_document(self, step: int) -> None:
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

    # ---------------------------------------------------------------- keywords
    def on_keyword_panel_chosen(self, message: KeywordPanel.Chosen) -> None:
        self.show_kwic(message.key or message.term)

    def show_kwic(self, term: str) -> None:
        self.explorer.open_kwic(term)

    def on_kwic_screen_found(self, message: KwicScreen.Found) -> None:
        self.explorer.kwic_found(message.hits)

    def on_corpus_view_compare(self, message: CorpusView.Compare) -> None:
        self.explorer.compare(message.a, message.b)

    def on_corpus_view_ngrams(self) -> None:
        self.explorer.open_ngrams(corpus=True)

    # ----------------------------------------------------------------- search
    async def action_search(self) -> None:
        # (In the bookmarks panel "/" filters: the panel's own priority binding takes it.)
        bar = self.search_bar
        if bar is None:
            from tui.reader.search_bar import SearchBar

            bar = SearchBar(id="search")
            await self.query_one("#reader-col").mount(bar)
        bar.display = True
        bar.focus_input()

    def on_search_bar_changed(self, message: SearchBar.Changed) -> None:
        self._run_search(message.pattern, message.regex)

    def on_search_bar_submitted(self, message: SearchBar.Submitted) -> None:
        self._run_search(message.pattern, message.regex)
        self.action_search_next()
        self.reader.focus()

    def _run_search(self, pattern: str, regex: bool) -> None:
        import re

        bar = self.search_bar
        if bar is None:
            return
        if not pattern:
            self.reader.clear_search()
            bar.set_status("")
            return
        try:
            count = self.reader.search(pattern, regex=regex)
        except re.error as exc:
            bar.set_error(f"bad pattern: {exc}")
            return
        bar.set_count(self.reader.current_match, count, capped=self.reader.match_capped)

    @on(ReadingPane.SearchUpdated)
    def _search_updated(self, message: ReadingPane.SearchUpdated) -> None:
        """A long search finishing in the pane's worker: keep the count current."""
        bar = self.search_bar
        if bar is not None:
            bar.set_count(self.reader.current_match, message.count, capped=message.capped)

    def on_search_bar_closed(self) -> None:
        if self.search_bar is not None:
            self.search_bar.display = False
        self.reader.focus()

    def action_search_next(self) -> None:
        if self.reader.match_count:
            self.reader.next_match()
            self._show_match_count()

    def action_search_previous(self) -> None:
        if self.reader.match_count:
            self.reader.previous_match()
            self._show_match_count()

    def _show_match_count(self) -> None:
        bar = self.search_bar
        if bar is not None:
            bar.set_count(
                self.reader.current_match, self.reader.match_count, capped=self.reader.match_capped
            )

    # ------------------------------------------------------------ misc actions
    def action_toggle_tint(self) -> None:
        self.reader.tint = not self.reader.tint
        legend = self.reader.tint_legend() if self.reader.tint else None
        self.reader.border_subtitle = legend
        self.notify("Sentiment tint on" if self.reader.tint else "Sentiment tint off", timeout=2)

    def action_corpus(self) -> None:
        from tui.screens.corpus import CorpusView

        self.push_screen(CorpusView(self._corpus_rows()), self._corpus_dismissed)

    def _corpus_rows(self) -> list:
        return self.explorer.corpus_rows()

    def _refresh_corpus_view(self) -> None:
        if len(self.screen_stack) < 2:
            return  # no view open (and its module need not be imported yet)
        from tui.screens.corpus import CorpusView

        for screen in self.screen_stack:
            if isinstance(screen, CorpusView):
                screen.update_rows(self._corpus_rows())

    def _corpus_dismissed(self, path: str | None) -> None:
        if path:
            self.open_document(path)
            self.reader.focus()

    def action_outline(self) -> None:
        self.chapters.open_outline()

    def action_chapter(self, step: int) -> None:
        self.chapters.step(step)

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_back(self) -> None:
        """Escape: close the innermost thing that is open."""
        bar = self.search_bar
        if bar is not None and bar.display:
            bar.display = False
            self.reader.clear_search()
            self.reader.focus()
            return
        if self.reader.highlighted:
            self.reader.clear_highlights()
            return
        if self.focused is not self.reader:
            self.reader.focus()

    def action_cycle_pane(self, step: int) -> None:
        if isinstance(self.screen, Screen) and self.screen is not self.screen_stack[0]:
            self.screen.focus_next() if step > 0 else self.screen.focus_previous()
            return
        current = self._focused_pane()
        index = PANE_IDS.index(current) if current in PANE_IDS else 0
        target = PANE_IDS[(index + step) % len(PANE_IDS)]
        if self.screen.has_class("-narrow") and target != "reader":
            self._show_in_slot(target)
        self._focus_pane(target)

    def _focus_pane(self, name: str, *, attempts: int = 10) -> None:
        """Focus pane ``name``. One asked for in the first moments may not be ready: the
        library and side panels mount after the first frame (the side panels up to
        ``startup.SIDE_PANELS_DELAY`` later; asking mounts them now). Then focus it once it has
        composed (a few refreshes at most), so a quick Tab Tab lands where a slow one
        does."""
        widget = self.reader if name == "reader" else self.panel(name)
        if widget is None and name != "library":
            self.mount_side()
        target = widget if widget is not None and widget.focusable else None
        if widget is not None and target is None:
            target = next((child for child in widget.query("*") if child.focusable), None)
        if target is not None:
            target.focus()
        elif attempts > 1:
            self.call_after_refresh(partial(self._focus_pane, name, attempts=attempts - 1))

    def _focused_pane(self) -> str | None:
        node = self.focused
        while node is not None:
            if node.id in PANE_IDS:
                return node.id
            node = node.parent
        return None

    def action_bookmark(self) -> None:
        lack = self.lacking(Need.SENTENCES)  # from a key it cannot be, from the palette it can
        if lack is not None:
            self.notify(f"Not bookmarked: {lack.reason}.", severity="warning", timeout=4)
            return
        self.bookmarks.add_from_reader()

    def action_edit_bookmark(self) -> None:
        self.bookmarks.edit_under_cursor()

    async def action_quit(self) -> None:
        if self.current:
            self.bookmarks.save_position(self.current, wait=True)
        self.exit(0)

    def on_unmount(self) -> None:
        if self._feed is not None:
            self._feed.cancel()  # stops the pipeline (and its process pool) at once

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Help: keys", "Show every key", self.action_help)
        yield SystemCommand(
            "Toggle sentiment tint", "Tint sentences by VADER compound", self.action_toggle_tint
        )
        yield SystemCommand("Corpus view", "Sortable table of all documents", self.action_corpus)
        yield SystemCommand("Search document", "Find text in the reading pane", self.action_search)
        yield SystemCommand("Outline", "Chapters of this document", self.action_outline)
        if self.current:
            yield SystemCommand(
                "Bookmark sentence / passage",
                "Keep the passage under the cursor",
                self.action_bookmark,
            )
            yield SystemCommand(
                "Next document", "Open the next document", lambda: self.action_switch_document(1)
            )
            yield SystemCommand(
                "Previous document",
                "Open the previous document",
                lambda: self.action_switch_document(-1),
            )
        if self.reader.match_count:
            yield SystemCommand(
                "Next search match", "Go to the next match", self.action_search_next
            )
        yield from self.explorer.commands(screen)
        yield SystemCommand(
            "Export bookmarks (Markdown)",
            "Write bookmarks to a Markdown file",
            self.bookmarks.export_markdown,
        )


def run_dashboard(
    inputs: Sequence[str],
    *,
    db: str | None = None,
    max_bytes: int | None = None,
    workers: int | None = None,
    feed: PipelineFeed | None = None,
) -> int:
    """Run the dashboard on already-checked inputs; returns the exit status. ``feed``:
    the inputs' pipeline, already started (see :mod:`tui.feed`)."""
    app = LecternApp(inputs, db=db, max_bytes=max_bytes, workers=workers, feed=feed)
    try:
        result = app.run()
    finally:
        app.feed.cancel(wait=3.0)  # the process pool shuts down before the program ends
    return result if isinstance(result, int) else 0
