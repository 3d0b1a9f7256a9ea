"""``lectern [PATH ...]``: the app, kept thin. It holds the options, starts the pipeline,
hands every key to the key queue and owns the global keys; the dashboard screen
(:mod:`tui.screens.dashboard`) does the work."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from analysis.pipeline import default_workers
from tui.feed import PipelineFeed
from tui.readiness import KeyQueue
from tui.screens.dashboard import DashboardScreen

if TYPE_CHECKING:
    from tui.screens.corpus import CorpusView
    from tui.screens.kwic import KwicScreen


class LecternApp(App[int]):
    """``lectern [PATH ...]``: read documents, see their sentiment and keywords, keep passages."""

    TITLE = "Lectern"
    CSS_PATH = "lectern.tcss"
    # The dashboard's own keys (q and ? among them, first in its footer) are its screen's:
    # a modal screen on top stops them, as it stops every app binding but the priority ones.
    # Tab is a priority binding: on a modal screen it moves the focus there.
    BINDINGS = [
        Binding("tab", "cycle_pane(1)", "Next pane", show=False, priority=True),
        Binding("shift+tab", "cycle_pane(-1)", "Prev pane", show=False, priority=True),
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
        self._feed = feed
        # Made now, not when the app starts: keys may arrive before it is mounted.
        self._dashboard = DashboardScreen(self, lambda: self.feed, db=db, id="_default")

    @property
    def dashboard(self) -> DashboardScreen:
        """The main screen, which coordinates everything shown."""
        return self._dashboard

    @property
    def feed(self) -> PipelineFeed:
        """The pipeline's events: the one the CLI started early, else one started now."""
        if self._feed is None:
            self._feed = PipelineFeed(
                self.inputs, max_bytes=self.max_bytes, workers=self.worker_count
            )
        return self._feed

    def get_default_screen(self) -> Screen[None]:
        return self._dashboard

    # --------------------------------------------------------------- keys
    async def on_event(self, event: events.Event) -> None:
        # Every key typed waits its turn in the key queue (see tui.readiness).
        keys = self._dashboard.keys
        if isinstance(event, events.Key) and not event.is_forwarded and keys.hold(event):
            return
        await super().on_event(event)

    def on_key_queue_settled(self, message: KeyQueue.Settled) -> None:
        self._dashboard.keys.settled(message)

    def action_cycle_pane(self, step: int) -> None:
        if self.screen is not self._dashboard:
            self.screen.focus_next() if step > 0 else self.screen.focus_previous()
            return
        self._dashboard.panes.cycle(step)

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    async def action_quit(self) -> None:
        self._dashboard.save_position_now()
        self.exit(0)

    # The modal screens' messages bubble to the app, their parent, not to the dashboard.
    def on_kwic_screen_found(self, message: KwicScreen.Found) -> None:
        self._dashboard.explorer.kwic_found(message.screen.term, message.hits)

    def on_corpus_view_compare(self, message: CorpusView.Compare) -> None:
        self._dashboard.explorer.compare(message.a, message.b)

    def on_corpus_view_ngrams(self) -> None:
        self._dashboard.explorer.open_ngrams(corpus=True)

    def on_unmount(self) -> None:
        if self._feed is not None:
            self._feed.cancel()  # stops the pipeline (and its process pool) at once

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Help: keys", "Show every key", self.action_help)
        board = self._dashboard
        yield SystemCommand(
            "Toggle sentiment tint", "Tint sentences by VADER compound", board.action_toggle_tint
        )
        yield SystemCommand("Corpus view", "Sortable table of all documents", board.action_corpus)
        yield SystemCommand("Search document", "Find text in the reading pane", board.action_search)
        yield SystemCommand("Outline", "Chapters of this document", board.action_outline)
        if board.current:
            yield SystemCommand(
                "Bookmark sentence / passage",
                "Keep the passage under the cursor",
                board.action_bookmark,
            )
            yield SystemCommand(
                "Next document", "Open the next document", board.action_next_document
            )
            yield SystemCommand(
                "Previous document", "Open the previous document", board.action_previous_document
            )
        if board.reader.match_count:
            yield SystemCommand(
                "Next search match", "Go to the next match", board.action_search_next
            )
        yield from board.explorer.commands(screen)
        yield SystemCommand(
            "Export bookmarks (Markdown)",
            "Write bookmarks to a Markdown file",
            board.bookmarks.export_markdown,
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
