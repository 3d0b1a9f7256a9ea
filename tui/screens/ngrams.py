"""N-grams of a document or of the corpus: the 2- to 4-word sequences with frequency and
range, filtered by words, minimum frequency and range; Enter opens their concordance.

Counted in a worker from an immutable snapshot, with progress; Escape cancels or closes.
"""

from __future__ import annotations

from collections.abc import Sequence
from time import monotonic
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Input, Static
from textual.worker import get_current_worker

from analysis.model import Document, KwicHit
from analysis.nlp.ngrams import MAX_N, MIN_N, Ngram, filter_ngrams, ngrams
from analysis.sanitize import clean_line
from analysis.tables import Table, ngram_table
from tui.screens.kwic import KwicScreen
from tui.widgets.formatting import plural

SHOWN = 2_000
"""Rows put in the table at most (the export holds them all)."""
MIN_FREQUENCIES = (2, 3, 5, 10, 1)
MIN_RANGES = (1, 2, 3, 5, 10)


class NgramTable(DataTable):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "scroll_top", "First", show=False),
        Binding("G", "scroll_bottom", "Last", show=False),
    ]


class NgramScreen(ModalScreen["KwicHit | None"]):
    """N-grams of ``documents``; dismisses with a hit chosen in a concordance, or None."""

    AUTO_FOCUS = "#ngram-table"  # keys typed as it opens go to the list, not the filter

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("2", "size(2)", "Bigrams"),
        Binding("3", "size(3)", "Trigrams"),
        Binding("4", "size(4)", "4-grams"),
        Binding("f", "min_frequency", "Min freq."),
        Binding("R", "min_range", "Min range"),
        Binding("slash", "filter", "Filter", key_display="/"),
    ]

    DEFAULT_CSS = """
    NgramScreen { align: center middle; }
    NgramScreen > #ngram-dialog {
        width: 1fr; height: 1fr; margin: 1 2;
        border: round $accent; background: $surface;
    }
    NgramScreen #ngram-title { height: 1; padding: 0 1; text-style: bold; }
    NgramScreen #ngram-filter { margin: 0 1; }
    NgramScreen NgramTable { height: 1fr; }
    """

    def __init__(self, documents: Sequence[Document], scope: str) -> None:
        super().__init__()
        self.documents = tuple(documents)
        self.scope = scope
        """What the documents are, for the title: a document's title or "the corpus"."""
        self.n = MIN_N
        self.min_frequency = MIN_FREQUENCIES[0] if len(self.documents) > 1 else 1
        self.min_range = 1
        self.contains = ""
        self.found: dict[int, tuple[int, list[Ngram]]] = {}
        """n -> (the frequency counted from, the n-grams): lists without the n-grams seen
        once are several times smaller and quicker to build."""
        self.shown: list[Ngram] = []
        self.progress: float | None = 0.0
        self._last_report = 0.0

    def compose(self) -> ComposeResult:
        with Vertical(id="ngram-dialog"):
            yield Static(id="ngram-title", markup=False)
            yield Input(placeholder="words the n-grams must hold (/ to edit)", id="ngram-filter")
            yield NgramTable(id="ngram-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(NgramTable)
        table.add_column("N-gram", key="text")
        table.add_column(Text("Freq.", justify="right"), key="frequency")
        table.add_column(Text("Range", justify="right"), key="range")
        table.focus()
        self._start()

    # ---------------------------------------------------------------- counting
    def _start(self) -> None:
        floor = min(self.min_frequency, 2)
        counted = self.found.get(self.n)
        if counted is not None and counted[0] <= floor:
            self.progress = None
            self._refill()
            return
        self.progress = 0.0
        self._update_title()
        self.count(self.n, floor)

    @work(thread=True, exclusive=True, group="ngrams")
    def count(self, n: int, floor: int) -> None:
        worker = get_current_worker()

        def progress(done: int, total: int) -> bool:
            now = monotonic()
            if now - self._last_report >= 0.1:
                self._last_report = now
                self.post_message(KwicScreen.Progress(done / total))
            return not worker.is_cancelled

        texts = [doc.text for doc in self.documents]
        found = ngrams(texts, n, min_frequency=floor, progress=progress)
        if not worker.is_cancelled:
            self.app.call_from_thread(self._counted, n, floor, found)

    @on(KwicScreen.Progress)
    def _report(self, message: KwicScreen.Progress) -> None:
        message.stop()
        if self.progress is not None and self.is_attached:
            self.progress = message.fraction
            self._update_title()

    def _counted(self, n: int, floor: int, found: list[Ngram]) -> None:
        if not self.is_attached:
            return
        self.found[n] = (floor, found)
        if n == self.n:
            self.progress = None
            self._refill()

    # ---------------------------------------------------------------- showing
    def _refill(self) -> None:
        self.shown = filter_ngrams(
            self.found.get(self.n, (1, []))[1],
            self.contains,
            min_frequency=self.min_frequency,
            min_range=self.min_range,
        )
        table = self.query_one(NgramTable)
        table.clear()
        for gram in self.shown[:SHOWN]:
            table.add_row(
                Text(clean_line(gram.text)),
                Text(f"{gram.frequency:,}", justify="right"),
                Text(f"{gram.range:,}", justify="right"),
            )
        self._update_title()

    def _update_title(self) -> None:
        head = f"{self.n}-grams of {clean_line(self.scope)}"
        if self.progress is not None:
            text = f"{head} — counting… {self.progress:.0%} (Escape cancels)"
        else:
            total = len(self.shown)
            text = f"{head} — {plural(total, 'n-gram')}"
            if total > SHOWN:
                text += f" (first {SHOWN:,} shown; export has all)"
        text += f" · freq ≥ {self.min_frequency} · range ≥ {self.min_range}"
        self.query_one("#ngram-title", Static).update(Content(text))

    # ---------------------------------------------------------------- actions
    def action_size(self, n: int) -> None:
        if MIN_N <= n <= MAX_N and n != self.n:
            self.n = n
            self._start()

    def action_min_frequency(self) -> None:
        self.min_frequency = _next(MIN_FREQUENCIES, self.min_frequency)
        self._start()

    def action_min_range(self) -> None:
        self.min_range = _next(MIN_RANGES, self.min_range)
        self._refill()

    def action_filter(self) -> None:
        self.query_one("#ngram-filter", Input).focus()

    @on(Input.Changed, "#ngram-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.contains = event.value
        if self.progress is None:
            self._refill()

    @on(Input.Submitted, "#ngram-filter")
    def _filter_submitted(self) -> None:
        self.query_one(NgramTable).focus()

    @on(DataTable.RowSelected, "#ngram-table")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if 0 <= event.cursor_row < len(self.shown):
            self.open_concordance(self.shown[event.cursor_row])

    def open_concordance(self, gram: Ngram) -> None:
        """The concordance of exactly this n-gram; a hit chosen there closes this too."""
        query = f'"{gram.text}"'
        self.app.push_screen(KwicScreen(query, documents=self.documents), self._kwic_closed)

    def _kwic_closed(self, hit: KwicHit | None) -> None:
        if hit is not None:
            self.dismiss(hit)

    def export_table(self) -> Table | None:
        if self.progress is not None:
            return None
        return ngram_table(f"{self.n}-grams of {self.scope}", self.shown)

    def action_close(self) -> None:
        if self.focused is self.query_one("#ngram-filter", Input):
            self.query_one(NgramTable).focus()
            return
        self.workers.cancel_group(self, "ngrams")
        self.dismiss(None)


def _next(choices: Sequence[int], current: int) -> int:
    return (
        choices[(choices.index(current) + 1) % len(choices)] if current in choices else choices[0]
    )
