"""The corpus view: every document in one sortable table (title, words, sentences, compound,
label, keywords, distinguishing terms). Enter opens a document, ``m`` twice compares two,
``n`` lists n-grams; sort with ``1``–``6``, ``s``, ``r`` or a header click. Its keys are in
the footer and in README's Keys.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.style import Style as RichStyle
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.events import Resize
from textual.message import Message
from textual.screen import ModalScreen
from textual.style import Style
from textual.widgets import DataTable, Footer, Static

from analysis.sanitize import clean_line
from analysis.tables import CorpusRecord, Table, corpus_table
from tui.widgets.formatting import format_compound, plural

LABELS = ("negative", "neutral", "positive")
"""Known sentiment labels, in their sort order; any other label means "not analysed yet"."""


@dataclass(frozen=True, slots=True)
class CorpusRow:
    """One document as the corpus view shows it."""

    path: str
    title: str
    words: int
    sentences: int
    compound: float
    label: str
    """``positive``, ``neutral`` or ``negative``; anything else (e.g. ``…``) = pending."""
    keywords: tuple[str, ...]
    distinguishing: tuple[str, ...] = ()
    """Terms that set the document apart from the rest of the corpus (log-odds)."""

    @property
    def analysed(self) -> bool:
        return self.label in LABELS


@dataclass(frozen=True, slots=True)
class Column:
    """A table column: its key, header, sort key and default direction."""

    key: str
    header: str
    sort_key: Callable[[CorpusRow], Any]
    descending: bool
    """Numbers sort largest first by default, text A to Z."""
    numeric: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("title", "Title", lambda r: (r.title.casefold(), r.path), False),
    Column("words", "Words", lambda r: r.words, True, numeric=True),
    Column("sentences", "Sent.", lambda r: r.sentences, True, numeric=True),
    Column("compound", "Compound", lambda r: r.compound, True, numeric=True),
    Column("label", "Label", lambda r: (LABELS.index(r.label), r.compound), True),
    Column("keywords", "Keywords", lambda r: tuple(k.casefold() for k in r.keywords), False),
)

NUMBER_CELLS = {"words": 9, "sentences": 7, "compound": 10, "label": 8}
"""Fixed widths of the narrow columns (room for a header and its sort arrow)."""

CHROME_CELLS = 8
"""Columns the dialog's margin, border and scrollbar gutter take from the screen width."""


def sort_rows(rows: Sequence[CorpusRow], column: int | None, reverse: bool) -> list[CorpusRow]:
    """``rows`` ordered by ``COLUMNS[column]`` (given order when None), ``reverse`` flipping
    the column's default direction; rows not analysed yet always come last."""
    if column is None:
        ordered = list(rows)
        return ordered[::-1] if reverse else ordered
    spec = COLUMNS[column]
    ready = [row for row in rows if row.analysed]
    pending = [row for row in rows if not row.analysed]
    if spec.key == "title":
        ready, pending = ready + pending, []
    ready.sort(key=spec.sort_key, reverse=spec.descending != reverse)
    return ready + pending


class CorpusTable(DataTable):
    """The table inside :class:`CorpusView` (vim keys added)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Open"),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "scroll_top", "First", show=False),
        Binding("G", "scroll_bottom", "Last", show=False),
    ]


class CorpusView(ModalScreen["str | None"]):
    """All documents in a sortable table; dismisses with the chosen path, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("enter", "open", "Open"),
        Binding("m", "mark", "Compare"),
        Binding("n", "ngrams", "N-grams"),
        Binding("s", "cycle_sort", "Sort column"),
        Binding("r", "reverse", "Reverse"),
        *(
            Binding(str(n), f"sort({n - 1})", f"Sort by {c.header.lower()}", show=False)
            for n, c in enumerate(COLUMNS, start=1)
        ),
    ]

    DEFAULT_CSS = """
    CorpusView {
        align: center middle;
    }
    CorpusView > #corpus-dialog {
        width: 1fr;
        height: 1fr;
        margin: 1 2;
        border: round $accent;
        background: $surface;
    }
    CorpusView #corpus-title {
        height: 1;
        padding: 0 1;
        text-style: bold;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    CorpusView #corpus-detail {
        height: auto;
        max-height: 3;
        padding: 0 1;
        border-top: solid $panel-lighten-2;
    }
    CorpusView CorpusTable {
        height: 1fr;
        scrollbar-gutter: stable;
    }
    """

    class Compare(Message):
        """Compare the documents at paths ``a`` and ``b``."""

        def __init__(self, a: str, b: str) -> None:
            self.a = a
            self.b = b
            super().__init__()

    class Ngrams(Message):
        """List the n-grams of the whole corpus."""

    def __init__(self, rows: Sequence[CorpusRow], *, marked: str | None = None) -> None:
        super().__init__()
        self.marked = marked
        """A document marked with ``m``, waiting for the one to compare it with."""
        self._rows: list[CorpusRow] = list(rows)
        self.sort_column: int | None = None
        """Index into ``COLUMNS``, or None for the order the rows were given in."""
        self.sort_reverse = False
        self._width = 0

    def compose(self) -> ComposeResult:
        with Vertical(id="corpus-dialog"):
            yield Static(id="corpus-title", markup=False)
            yield CorpusTable(id="corpus-table", cursor_type="row", zebra_stripes=True)
            yield Static(id="corpus-detail", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._rebuild())
        self._rebuild()
        self.table.focus()

    @property
    def table(self) -> CorpusTable:
        return self.query_one(CorpusTable)

    @property
    def rows(self) -> list[CorpusRow]:
        """The rows in display order."""
        return sort_rows(self._rows, self.sort_column, self.sort_reverse)

    @property
    def highlighted_path(self) -> str | None:
        table = self.table
        if not table.row_count:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def update_rows(self, rows: Sequence[CorpusRow]) -> None:
        """Replace the rows, keeping the sort order and the highlighted document."""
        self._rows = list(rows)
        if self.is_mounted:
            self._rebuild()

    # --------------------------------------------------------------- actions
    def action_close(self) -> None:
        self.dismiss(None)

    def action_open(self) -> None:
        path = self.highlighted_path
        if path is not None:
            self.dismiss(path)

    def action_mark(self) -> None:
        """Mark the highlighted document; with one marked, compare it with this one."""
        path = self.highlighted_path
        if path is None:
            return
        if self.marked is None or self.marked == path:
            self.marked = None if self.marked == path else path
        else:
            self.post_message(self.Compare(self.marked, path))
            self.marked = None
        self.query_one("#corpus-title", Static).update(self._title())

    def action_ngrams(self) -> None:
        self.post_message(self.Ngrams())

    def export_table(self) -> Table:
        """The table as shown (sorted), for the export commands."""
        return corpus_table(
            [
                CorpusRecord(
                    r.path,
                    r.title,
                    r.words,
                    r.sentences,
                    r.compound,
                    r.label,
                    r.keywords,
                    r.distinguishing,
                )
                for r in self.rows
            ]
        )

    def action_sort(self, column: int) -> None:
        """Sort by ``COLUMNS[column]``; asked again for the same column, reverse."""
        if self.sort_column == column:
            self.sort_reverse = not self.sort_reverse
        else:
            self.sort_column = column
            self.sort_reverse = False
        self._rebuild()

    def action_cycle_sort(self) -> None:
        column = 0 if self.sort_column is None else (self.sort_column + 1) % len(COLUMNS)
        self.sort_column = column
        self.sort_reverse = False
        self._rebuild()

    def action_reverse(self) -> None:
        self.sort_reverse = not self.sort_reverse
        self._rebuild()

    @on(DataTable.RowSelected, "#corpus-table")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.dismiss(str(event.row_key.value))

    @on(DataTable.HeaderSelected, "#corpus-table")
    def _header_selected(self, event: DataTable.HeaderSelected) -> None:
        event.stop()
        self.action_sort(event.column_index)

    def on_resize(self, event: Resize) -> None:
        if event.size.width != self._width:
            self._width = event.size.width
            self._rebuild()

    # --------------------------------------------------------------- drawing
    def _title(self) -> Content:
        analysed = sum(row.analysed for row in self._rows)
        text = plural(len(self._rows), "document")
        if analysed < len(self._rows):
            text += f" · {len(self._rows) - analysed:,} analysing"
        if self.sort_column is not None:
            spec = COLUMNS[self.sort_column]
            descending = spec.descending != self.sort_reverse
            text += f" · sorted by {spec.header.lower()} {'▼' if descending else '▲'}"
        if self.marked is not None:
            marked = next((r for r in self._rows if r.path == self.marked), None)
            name = clean_line(marked.title or marked.path) if marked else clean_line(self.marked)
            text += f" · comparing “{name}”: m on another document"
        return Content(text)

    def _flexible_widths(self) -> tuple[int, int]:
        """Cells for the title and keywords columns at the current width."""
        padding = 2 * self.table.cell_padding * len(COLUMNS)
        spare = self.size.width - CHROME_CELLS - padding - sum(NUMBER_CELLS.values())
        title = max(10, spare * 5 // 9)
        return title, max(8, spare - title)

    def _rebuild(self) -> None:
        table = self.table
        keep = self.highlighted_path
        styles = self._styles()
        title_cells, keyword_cells = self._flexible_widths()
        widths = {"title": title_cells, "keywords": keyword_cells, **NUMBER_CELLS}
        table.clear(columns=True)
        for index, spec in enumerate(COLUMNS):
            header = spec.header
            if index == self.sort_column:
                descending = spec.descending != self.sort_reverse
                header += " ▼" if descending else " ▲"
            table.add_column(
                Text(header, justify="right" if spec.numeric else "left"),
                key=spec.key,
                width=widths[spec.key],
            )
        for row in self.rows:
            table.add_row(*_cells(row, styles, title_cells, keyword_cells), key=row.path)
        if keep is not None and keep in table.rows:
            table.move_cursor(row=table.get_row_index(keep), animate=False)
        self.query_one("#corpus-title", Static).update(self._title())
        self._show_detail()

    @on(DataTable.RowHighlighted, "#corpus-table")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show_detail()

    def _show_detail(self) -> None:
        """The highlighted document's distinguishing terms, under the table."""
        path = self.highlighted_path
        row = next((r for r in self._rows if r.path == path), None)
        if row is None or not row.analysed:
            text = Content("")
        else:
            terms = ", ".join(clean_line(k) for k in row.distinguishing) or "(none yet)"
            text = Content.assemble(Content.styled("Distinguishing: ", "bold"), terms)
        self.query_one("#corpus-detail", Static).update(text)

    def _styles(self) -> dict[str, RichStyle]:
        """Rich styles for the cells, from the current theme's variables."""

        def theme(variable: str) -> RichStyle:
            return Style.parse(f"${variable}").rich_style

        return {
            "positive": theme("success"),
            "negative": theme("error"),
            "neutral": RichStyle(dim=True),
            "muted": RichStyle(dim=True),
        }


def _cells(
    row: CorpusRow, styles: dict[str, RichStyle], title_cells: int, keyword_cells: int
) -> tuple[Text, ...]:
    """One table row as Rich Text cells (never markup), cut to their column widths."""
    title = _fit(clean_line(row.title) or clean_line(row.path), title_cells)
    keywords = _fit(", ".join(clean_line(k) for k in row.keywords), keyword_cells)
    if not row.analysed:
        pending = Text("…", style=styles["muted"], justify="right")
        return (
            title,
            pending,
            Text(f"{row.sentences:,}", justify="right"),
            pending,
            Text("pending", style=styles["muted"]),
            keywords,
        )
    label_style = styles.get(row.label, styles["muted"])
    return (
        title,
        Text(f"{row.words:,}", justify="right"),
        Text(f"{row.sentences:,}", justify="right"),
        Text(format_compound(row.compound), style=label_style, justify="right"),
        Text(row.label, style=label_style),
        keywords,
    )


def _fit(text: str, cells: int) -> Text:
    """Plain ``text`` cut to ``cells`` with an ellipsis (no wrapping inside a cell)."""
    result = Text(text, no_wrap=True, overflow="ellipsis")
    result.truncate(cells, overflow="ellipsis")
    return result
