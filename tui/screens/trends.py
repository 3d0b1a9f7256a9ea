"""A term's trend: its frequency per million words across the documents of the corpus (in
their order) and across the parts of one document (its chapters, or ten equal parts),
as bars. Computed in a worker from an immutable snapshot; Escape closes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Static
from textual.worker import get_current_worker

from analysis.model import Document, KwicHit
from analysis.nlp.segments import Segment
from analysis.nlp.trends import TrendPoint, across_documents, across_segments
from analysis.sanitize import clean_line
from analysis.tables import Table, trend_table
from tui.screens.plot_text import bar, columns

LABEL_CELLS = 24
FIGURE_CELLS = 22


def trend_lines(points: Sequence[TrendPoint], width: int) -> list[Content]:
    """A column sparkline of the points, then one bar per point with its figures."""
    if not points:
        return [Content("No documents.")]
    label_cells = min(LABEL_CELLS, max(6, width // 4))
    bar_cells = max(5, width - label_cells - FIGURE_CELLS - 2)
    rates = [p.per_million for p in points]
    most = max(rates)
    lines = [Content.styled(columns(rates)[0], "$accent") if len(points) > 1 else Content("")]
    for point in points:
        label = Content(clean_line(point.label)).truncate(label_cells, ellipsis=True, pad=True)
        lines.append(
            Content.assemble(
                label,
                " ",
                Content.styled(bar(point.per_million, most, bar_cells), "$accent"),
                f" {point.per_million:>10,.1f}/M {point.hits:>7,}",
            )
        )
    return lines


class TrendScreen(ModalScreen[None]):
    """The trend of ``term`` given its ``hits`` in ``documents``; ``focus`` is the path of
    the document whose parts are shown (the first with hits when None)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Close")]

    DEFAULT_CSS = """
    TrendScreen { align: center middle; }
    TrendScreen > #trend-dialog {
        width: 1fr; height: 1fr; margin: 1 2;
        border: round $accent; background: $surface;
    }
    TrendScreen .trend-heading { height: 1; padding: 0 1; text-style: bold; }
    TrendScreen VerticalScroll { height: 1fr; padding: 0 1; }
    """

    def __init__(
        self,
        term: str,
        documents: Sequence[Document],
        hits: Sequence[KwicHit],
        focus: str | None = None,
        segments: Sequence[Segment] | None = None,
    ) -> None:
        super().__init__()
        self.term = term
        self.documents = tuple(documents)
        self.hits = tuple(hits)
        with_hits = next((h.path for h in self.hits), None)
        self.focus_path = focus or with_hits or (self.documents[0].path if self.documents else None)
        self.segments = segments
        self.by_document: list[TrendPoint] = []
        self.by_part: list[TrendPoint] = []
        self.ready = False

    def compose(self) -> ComposeResult:
        with Vertical(id="trend-dialog"):
            yield Static(self._heading("across the documents"), classes="trend-heading")
            with VerticalScroll(id="trend-documents"):
                yield Static("computing…", id="trend-documents-plot", markup=False)
            yield Static(
                self._heading("across the parts of"),
                classes="trend-heading",
                id="trend-parts-heading",
            )
            with VerticalScroll(id="trend-parts"):
                yield Static("computing…", id="trend-parts-plot", markup=False)
        yield Footer()

    def _heading(self, where: str) -> Content:
        focus = next((d for d in self.documents if d.path == self.focus_path), None)
        name = f" “{clean_line(focus.title or focus.path)}”" if focus and "parts" in where else ""
        return Content.assemble("“", clean_line(self.term), f"” per million words, {where}", name)

    def on_mount(self) -> None:
        self.compute()

    @work(thread=True, exclusive=True, group="trend")
    def compute(self) -> None:
        worker = get_current_worker()
        by_document = across_documents(self.documents, self.hits)
        focus = next((d for d in self.documents if d.path == self.focus_path), None)
        by_part = across_segments(focus, self.hits, self.segments) if focus else []
        if not worker.is_cancelled:
            self.app.call_from_thread(self._computed, by_document, by_part)

    def _computed(self, by_document: list[TrendPoint], by_part: list[TrendPoint]) -> None:
        if not self.is_attached:
            return
        self.by_document, self.by_part, self.ready = by_document, by_part, True
        self._draw()

    def on_resize(self) -> None:
        if self.ready:
            self._draw()

    def _draw(self) -> None:
        width = max(30, self.size.width - 10)
        nl = Content("\n")
        self.query_one("#trend-documents-plot", Static).update(
            nl.join(trend_lines(self.by_document, width))
        )
        self.query_one("#trend-parts-plot", Static).update(
            nl.join(trend_lines(self.by_part, width))
        )

    def export_table(self) -> Table | None:
        if not self.ready:
            return None
        points = [*self.by_document, *self.by_part]
        return trend_table(f"Trend of “{self.term}” (documents, then parts)", points)

    def action_close(self) -> None:
        self.workers.cancel_group(self, "trend")
        self.dismiss(None)
