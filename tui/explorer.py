"""Corpus exploration for the dashboard: opens the concordance, n-gram, trend and compare
screens on immutable snapshots of what is loaded (``Corpus`` is not thread-safe, so the
screens' workers never see it), builds the corpus view's rows, and exports any table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from textual.app import SystemCommand
from textual.screen import Screen

from analysis.model import Document, KwicHit, Span
from analysis.sanitize import clean_line
from tui.host import offer_download

if TYPE_CHECKING:
    from textual.app import App

    from analysis.tables import Table
    from tui.host import DashboardHost
    from tui.screens.corpus import CorpusRow


class ExploreController:
    """What the dashboard delegates corpus exploration to (like ``BookmarksController``)."""

    def __init__(self, dashboard: DashboardHost, app: App[Any]) -> None:
        self.dashboard = dashboard
        self.app = app
        """For the screens, notices, the export worker and the browser's downloads."""
        self._marked: tuple[str, dict[str, list[Span]]] | None = None
        """The last concordance: its query and its hits per document, until Escape."""

    # ---------------------------------------------------------------- snapshots
    def documents(self) -> tuple[Document, ...]:
        """The loaded documents in library order: immutable, safe to read in a worker."""
        dash = self.dashboard
        return tuple(dash.documents[path] for path in dash.order if path in dash.documents)

    # ---------------------------------------------------------------- concordance
    def open_kwic(self, term: str) -> None:
        """The concordance of ``term`` (from the keyword panel, or empty to type one)."""
        from tui.screens.kwic import KwicScreen

        self.app.push_screen(KwicScreen(term, documents=self.documents()), self.hit_chosen)

    def kwic_found(self, term: str, hits: Iterable[KwicHit]) -> None:
        """A concordance finished: its hits are marked in every document opened until
        Escape clears them (and listed per chapter in the outline)."""
        by_path: dict[str, list[Span]] = {}
        for hit in hits:
            by_path.setdefault(hit.path, []).append(Span(hit.start, hit.end))
        self._marked = (term, by_path)
        self.mark_hits()

    def mark_hits(self) -> None:
        """Mark the last concordance's hits in the document shown (none: nothing to do)."""
        current = self.dashboard.current
        if self._marked is not None and current is not None:
            self.dashboard.reader.highlight_spans(self._marked[1].get(current, ()))

    def clear_marks(self) -> None:
        """Escape: the concordance's hits are no longer marked anywhere."""
        self._marked = None
        self.dashboard.reader.clear_highlights()

    def marked_in(self, path: str) -> tuple[str, list[int]] | None:
        """The marked concordance's term and its hits' starts in ``path`` (None: none)."""
        if self._marked is None:
            return None
        term, by_path = self._marked
        return term, [span.start for span in by_path.get(path, ())]

    def hit_chosen(self, hit: KwicHit | None) -> None:
        """A screen closed with a hit: go there (closing the screens above the dashboard)."""
        if hit is None:
            return
        app = self.app
        while len(app.screen_stack) > 1:
            app.pop_screen()
        self.dashboard.open_document(hit.path, offset=hit.start)
        self.dashboard.reader.focus()

    # ---------------------------------------------------------------- n-grams
    def open_ngrams(self, *, corpus: bool) -> None:
        from tui.screens.ngrams import NgramScreen

        if corpus:
            docs, scope = self.documents(), "the corpus"
        else:
            doc = self.dashboard.documents.get(self.dashboard.current or "")
            if doc is None:
                return
            docs, scope = (doc,), clean_line(doc.title or doc.path)
        self.app.push_screen(NgramScreen(docs, scope), self.hit_chosen)

    # ---------------------------------------------------------------- compare
    def compare(self, a: str, b: str) -> None:
        """Compare the documents at paths ``a`` and ``b`` (both must be analysed)."""
        from tui.screens.compare import CompareScreen

        first, second = self.dashboard.analyses.get(a), self.dashboard.analyses.get(b)
        if first is None or second is None:
            self.app.notify("Both documents must be analysed first.", severity="warning")
            return
        self.app.push_screen(CompareScreen(first, second))

    def pick_comparison(self) -> None:
        """The corpus view with the open document marked: ``m`` on another compares."""
        self.open_corpus_view(marked=self.dashboard.current)

    def _corpus_closed(self, path: str | None) -> None:
        if path:
            self.dashboard.open_document(path)
            self.dashboard.reader.focus()

    # ---------------------------------------------------------------- corpus view
    def open_corpus_view(self, *, marked: str | None = None) -> None:
        """The corpus view (``c``); Enter there opens a document."""
        from tui.screens.corpus import CorpusView

        self.app.push_screen(CorpusView(self.corpus_rows(), marked=marked), self._corpus_closed)

    def refresh_corpus_view(self) -> None:
        """More documents were analysed: an open corpus view shows them."""
        if len(self.app.screen_stack) < 2:
            return  # no view open (and its module need not be imported yet)
        from tui.screens.corpus import CorpusView

        for screen in self.app.screen_stack:
            if isinstance(screen, CorpusView):
                screen.update_rows(self.corpus_rows())

    def corpus_rows(self) -> list[CorpusRow]:
        """One row per document for the corpus view, with keywords and distinguishing
        terms (asked of the corpus here, on the UI thread)."""
        from tui.screens.corpus import CorpusRow

        dash = self.dashboard
        rows = []
        for path in dash.order:
            doc = dash.documents[path]
            analysis = dash.analyses.get(path)
            slot = dash.corpus_slot(path)
            if analysis is None or slot is None:
                rows.append(
                    CorpusRow(path, clean_line(doc.title), 0, len(doc.sentences), 0.0, "…", ())
                )
                continue
            s = analysis.sentiment.document
            rows.append(
                CorpusRow(
                    path,
                    clean_line(doc.title),
                    analysis.stats.words,
                    analysis.stats.sentences,
                    s.compound,
                    s.label,
                    tuple(k.term for k in dash.corpus.keywords(slot, top=5)),
                    tuple(k.term for k in dash.corpus.distinguishing(slot, top=8)),
                )
            )
        return rows

    # ---------------------------------------------------------------- export
    def keyword_table(self) -> Table | None:
        """The open document's keywords and phrases as the keyword panel ranks them."""
        from analysis.tables import keyword_table

        dash = self.dashboard
        slot = dash.corpus_slot(dash.current or "")
        if slot is None:
            return None
        analysis = dash.corpus[slot]
        keywords = dash.corpus.keywords(slot, top=20)
        return keyword_table(analysis.document.title, keywords, analysis.phrases)

    def export(self, table: Table, fmt: str) -> None:
        """Write ``table`` to a new file in the current folder (in a worker) and say where;
        served in a browser, offer it as a download instead."""
        from analysis.tables import export_path, render, write_table

        if self.app.is_web:
            name = export_path(table, fmt).name
            offer_download(self.app, render(table, fmt), name)
            return

        def job() -> None:
            try:
                path = write_table(table, fmt)
            except OSError as exc:
                message = f"Export failed: {exc}"
                self.app.call_from_thread(self.app.notify, clean_line(message), severity="error")
                return
            note = f"Exported {table.name} to {clean_line(str(path))}"
            self.app.call_from_thread(self.app.notify, note, markup=False, timeout=8)

        self.app.run_worker(job, thread=True, group="export")

    def commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Palette entries: exports of the table ``screen`` shows, and the explore screens."""
        export_table: Callable[[], Table | None] | None = getattr(screen, "export_table", None)
        if export_table is None and screen is self.app.screen_stack[0]:
            export_table = self.keyword_table
        if export_table is not None:
            for fmt, name in (("csv", "CSV"), ("md", "Markdown")):
                yield SystemCommand(
                    f"Export table as {name}",
                    "Write the table shown here to a file in the current folder",
                    lambda fmt=fmt, get=export_table: self._export_now(get, fmt),
                )
        yield SystemCommand(
            "Concordance (KWIC)…", "Search the corpus: word, phrase, whal*, regex", self._kwic
        )
        yield SystemCommand(
            "N-grams of the corpus", "2- to 4-word sequences with frequency and range",
            lambda: self.open_ngrams(corpus=True),
        )  # fmt: skip
        if self.dashboard.current:
            yield SystemCommand(
                "N-grams of this document", "2- to 4-word sequences of the open document",
                lambda: self.open_ngrams(corpus=False),
            )  # fmt: skip
            yield SystemCommand(
                "Compare with another document…",
                "Pick a document in the corpus view (m) to compare with this one",
                self.pick_comparison,
            )

    def _kwic(self) -> None:
        self.open_kwic("")

    def _export_now(self, get: Callable[[], Table | None], fmt: str) -> None:
        table = get()
        if table is None:
            self.app.notify("Nothing to export yet.", severity="warning")
            return
        self.export(table, fmt)
