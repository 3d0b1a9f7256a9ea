"""Two documents side by side: statistics, sentiment arcs on one scale, the terms that set
each apart from the other and the terms they share. Computed in a worker; Escape closes."""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Static
from textual.worker import get_current_worker

from analysis.model import DocumentAnalysis
from analysis.nlp.compare import Comparison, Side, compare
from analysis.sanitize import clean_line
from analysis.tables import Table, comparison_table
from tui.widgets.formatting import area_rows, format_compound, symmetric_scale

ARC_ROWS = 4
TERMS = 12


def side_content(side: Side, letter: str, width: int, scale: float) -> Content:
    """One document's column: title, statistics, arc, distinguishing terms."""
    st = side.stats
    lines = [
        Content.styled(f"{letter}: {clean_line(side.title or side.path)}", "bold"),
        Content(f"{st.words:,} words · {st.sentences:,} sentences · {st.paragraphs:,} paragraphs"),
        Content(f"{st.unique_words:,} distinct words · {st.avg_sentence_words:.1f} words/sentence"),
        Content.assemble(
            "sentiment ",
            Content.styled(format_compound(side.sentiment.compound), "bold"),
            f" {side.sentiment.label}",
        ),
    ]
    for row in area_rows(side.arc, max(10, width), ARC_ROWS, scale) if side.arc else []:
        lines.append(Content.styled(row, "$accent"))
    lines.append(Content.styled(f"More in {letter} than in the other (log-odds z):", "bold"))
    for keyword in side.distinct[:TERMS]:
        lines.append(
            Content(f"  {clean_line(keyword.term)}  {keyword.score:.2f}  ×{keyword.count:,}")
        )
    if not side.distinct:
        lines.append(Content("  (none)"))
    return Content("\n").join(lines)


def shared_content(comparison: Comparison) -> Content:
    lines = [Content.styled("Shared terms (per million words in A / B):", "bold")]
    for term in comparison.shared[:TERMS]:
        lines.append(
            Content(
                f"  {clean_line(term.term)}  {term.per_million_a:,.0f} / {term.per_million_b:,.0f}"
            )
        )
    if not comparison.shared:
        lines.append(Content("  (none)"))
    return Content("\n").join(lines)


class CompareScreen(ModalScreen[None]):
    """Compare analysis ``a`` with ``b``."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Close")]

    DEFAULT_CSS = """
    CompareScreen { align: center middle; }
    CompareScreen > #compare-dialog {
        width: 1fr; height: 1fr; margin: 1 2;
        border: round $accent; background: $surface;
    }
    CompareScreen #compare-sides { height: auto; }
    CompareScreen .compare-side { width: 1fr; height: auto; padding: 0 1; }
    CompareScreen #compare-shared { height: auto; padding: 1 1 0 1; }
    """

    def __init__(self, a: DocumentAnalysis, b: DocumentAnalysis) -> None:
        super().__init__()
        self.a = a
        self.b = b
        self.comparison: Comparison | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="compare-dialog"), VerticalScroll():
            with Horizontal(id="compare-sides"):
                yield Static("comparing…", id="compare-a", classes="compare-side", markup=False)
                yield Static(id="compare-b", classes="compare-side", markup=False)
            yield Static(id="compare-shared", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.compute()

    @work(thread=True, exclusive=True, group="compare")
    def compute(self) -> None:
        result = compare(self.a, self.b, top=50)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._computed, result)

    def _computed(self, comparison: Comparison) -> None:
        if not self.is_attached:
            return
        self.comparison = comparison
        self._draw()

    def on_resize(self) -> None:
        if self.comparison is not None:
            self._draw()

    def _draw(self) -> None:
        comparison = self.comparison
        assert comparison is not None
        width = max(20, (self.size.width - 12) // 2)
        # One scale for both arcs, so their heights compare.
        scale = symmetric_scale([*comparison.a.arc, *comparison.b.arc])
        self.query_one("#compare-a", Static).update(side_content(comparison.a, "A", width, scale))
        self.query_one("#compare-b", Static).update(side_content(comparison.b, "B", width, scale))
        self.query_one("#compare-shared", Static).update(shared_content(comparison))

    def export_table(self) -> Table | None:
        return None if self.comparison is None else comparison_table(self.comparison)

    def action_close(self) -> None:
        self.workers.cancel_group(self, "compare")
        self.dismiss(None)
