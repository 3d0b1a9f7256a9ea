"""The library pane: one row per opened document (title, size, sentiment, a tiny arc) and one
error row per file that could not be opened; rows fit any width.

The app calls :meth:`LibraryPane.add_document`, :meth:`~LibraryPane.set_analysis` and
:meth:`~LibraryPane.add_failure`; the pane posts :class:`LibraryPane.Selected`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import PurePath
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import OptionList, Static

from analysis.model import Document, DocumentAnalysis, LoadFailure
from analysis.sanitize import clean_line
from tui.widgets.fitted_row import FittedRow, fit, fit_beside
from tui.widgets.formatting import (
    format_count,
    plural,
    polarity,
    resample,
    sparkline,
    symmetric_scale,
)
from tui.widgets.list_keys import list_bindings

WIDE_ROW = 48
"""Rows at least this wide fit on one line; narrower rows use two."""

ARC_CELLS = (4, 12, 8)
"""Fewest, most and preferred-minimum cells of the tiny sentiment arc."""


@dataclass(slots=True)
class _Row:
    """What the pane knows about one path; exactly one of document/failure is set."""

    path: str
    title: str
    document: Document | None = None
    analysis: DocumentAnalysis | None = None
    failure: LoadFailure | None = None


class LibraryList(OptionList):
    """The navigable list inside :class:`LibraryPane`."""

    BINDINGS: ClassVar[list[BindingType]] = list_bindings("document", "Open document")


class LibraryPane(Widget):
    """Every opened document with its word count, sentiment label and arc, and every file
    that failed to open with its reason."""

    DEFAULT_CSS = """
    LibraryPane {
        height: 1fr;
        layout: vertical;
    }
    LibraryPane > #library-header {
        height: 1;
        padding: 0 1;
        color: $foreground-muted;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    LibraryPane > LibraryList {
        height: 1fr;
        border: none;
        padding: 0;
        scrollbar-gutter: stable;
        scrollbar-size-vertical: 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    LibraryPane > LibraryList:focus {
        border: none;
    }
    LibraryPane > LibraryList > .option-list--option {
        padding: 0 0 0 1;
    }
    LibraryPane > #library-detail {
        height: auto;
        max-height: 6;
        padding: 0 1;
        color: $error;
        background: $panel;
        display: none;
    }
    LibraryPane > #library-detail.-shown {
        display: block;
    }
    LibraryPane > .library-pane--positive { color: $success; }
    LibraryPane > .library-pane--negative { color: $error; }
    LibraryPane > .library-pane--neutral { color: $foreground-muted; }
    LibraryPane > .library-pane--muted { color: $foreground-muted; }
    LibraryPane > .library-pane--error { color: $error; }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "library-pane--positive",
        "library-pane--negative",
        "library-pane--neutral",
        "library-pane--muted",
        "library-pane--error",
    }

    class Selected(Message):
        """A document row was chosen with Enter or a click."""

        def __init__(self, path: str) -> None:
            self.path = path
            super().__init__()

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._ready = False
        self._rows: list[_Row] = []
        self._index: dict[str, int] = {}
        self._wanted: str | None = None
        """The last path given to :meth:`select_path` (applied on mount if early)."""
        self._batching = False
        self._added: list[_Row] = []
        self._replaced: set[int] = set()

    def compose(self) -> ComposeResult:
        yield Static(self._header_text(), id="library-header", markup=False)
        yield LibraryList(id="library-list", markup=False)
        yield Static("", id="library-detail", markup=False)

    @property
    def _list(self) -> LibraryList:
        return self.query_one(LibraryList)

    def focus(self, scroll_visible: bool = True) -> LibraryPane:
        """Focus the list (the pane itself takes no keys)."""
        self._list.focus(scroll_visible)
        return self

    # ------------------------------------------------------------------ API
    @property
    def paths(self) -> list[str]:
        """Every row's path (documents and failures) in display order."""
        return [row.path for row in self._rows]

    @property
    def document_paths(self) -> list[str]:
        """Paths of the document rows (not the failures) in display order."""
        return [row.path for row in self._rows if row.failure is None]

    @property
    def highlighted_path(self) -> str | None:
        """Path of the highlighted row (a document or a failure), or None."""
        index = self._list.highlighted if self._ready else None
        if index is None or not 0 <= index < len(self._rows):
            return None
        return self._rows[index].path

    def add_document(self, doc: Document) -> None:
        """Show ``doc`` at once, marked "analysing…" until :meth:`set_analysis`."""
        self._put(_Row(doc.path, _title_of(doc.title, doc.path), document=doc))

    def set_analysis(self, path: str, analysis: DocumentAnalysis) -> None:
        """Fill in the word count, label and arc of ``path`` (added if not yet listed)."""
        doc = analysis.document
        index = self._index.get(path)
        row = self._rows[index] if index is not None else None
        title = row.title if row is not None and row.document is not None else None
        self._put(_Row(path, title or _title_of(doc.title, path), document=doc, analysis=analysis))

    def add_failure(self, failure: LoadFailure) -> None:
        """Show a file that could not be opened as an error row."""
        self._put(_Row(failure.path, _file_name(failure.path), failure=failure))

    def select_path(self, path: str) -> None:
        """Highlight the row of ``path`` (no message is posted); unknown paths are ignored."""
        self._wanted = path
        index = self._index.get(path)
        if index is not None and self._ready and not self._batching:
            self._list.highlighted = index

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Apply many ``add_*``/``set_analysis`` calls as one update of the list.

        Each single change makes Textual's OptionList re-measure every row, so a corpus of
        1,000 documents added one by one cost O(n²) row measurements."""
        self._batching = True
        try:
            yield
        finally:
            self._batching = False
            self._flush()

    def _flush(self) -> None:
        if not self._ready:
            self._added.clear()
            self._replaced.clear()
            return
        for index in sorted(self._replaced):
            self._list._replace_option_prompt(index, self._prompt(self._rows[index]))
        if self._replaced:
            self._list.refresh()
        if self._added:
            self._list.add_options(self._prompt(row) for row in self._added)
        wanted = self._index.get(self._wanted or "")
        if wanted is not None and self._list.highlighted != wanted:
            self._list.highlighted = wanted
        elif self._list.highlighted is None and self._rows:
            self._list.highlighted = 0
        if self._added or self._replaced:
            self._update_header()
            self._update_detail()
        self._added.clear()
        self._replaced.clear()

    # ------------------------------------------------------------- internals
    def _put(self, row: _Row) -> None:
        index = self._index.get(row.path)
        if index is None:
            self._index[row.path] = len(self._rows)
            self._rows.append(row)
            if self._batching:
                self._added.append(row)
                return
            if self._ready:
                self._list.add_option(self._prompt(row))
                if self._list.highlighted is None:
                    self._list.highlighted = 0
        else:
            self._rows[index] = row
            if self._batching:
                if index < len(self._rows) - len(self._added):
                    self._replaced.add(index)
                else:  # still waiting to be added: the new prompt goes in with it
                    self._added[index - (len(self._rows) - len(self._added))] = row
                return
            if self._ready:
                self._list.replace_option_prompt_at_index(index, self._prompt(row))
        if self._ready:
            self._update_header()
            self._update_detail()

    def on_mount(self) -> None:
        self._ready = True  # children exist from here on (is_mounted is set only later)
        if self._rows:
            self._list.add_options(self._prompt(row) for row in self._rows)
            self._list.highlighted = self._index.get(self._wanted or "", 0)
        self._update_header()

    def _header_text(self) -> str:
        failed = sum(row.failure is not None for row in self._rows)
        documents = len(self._rows) - failed
        pending = sum(row.failure is None and row.analysis is None for row in self._rows)
        parts = [plural(documents, "document")]
        if pending:
            parts.append(f"{pending:,} analysing")
        if failed:
            parts.append(f"{failed:,} failed")
        return " · ".join(parts)

    def _update_header(self) -> None:
        self.query_one("#library-header", Static).update(self._header_text())

    def _update_detail(self) -> None:
        detail = self.query_one("#library-detail", Static)
        row = self._highlighted_row()
        if row is not None and row.failure is not None:
            detail.update(Content(f"⚠ {row.title}: {clean_line(row.failure.message)}"))
            detail.add_class("-shown")
        else:
            detail.remove_class("-shown")

    def _highlighted_row(self) -> _Row | None:
        index = self._list.highlighted
        if index is None or not 0 <= index < len(self._rows):
            return None
        return self._rows[index]

    @on(OptionList.OptionHighlighted, "#library-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._update_detail()

    @on(OptionList.OptionSelected, "#library-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if not 0 <= event.option_index < len(self._rows):
            return
        row = self._rows[event.option_index]
        if row.failure is not None:
            self.notify(
                f"{row.title}: {clean_line(row.failure.message)}",
                title="Could not open",
                severity="error",
                markup=False,
            )
            return
        self.post_message(self.Selected(row.path))

    def _prompt(self, row: _Row) -> FittedRow:
        return FittedRow(lambda width: self._layout(row, width), _row_height)

    def _layout(self, row: _Row, width: int) -> Content:
        """The Content of ``row`` at ``width`` cells: one line when wide, else two."""
        if row.failure is not None:
            name = Content.styled(f"⚠ {row.title}", ".library-pane--error")
            message = Content.styled(clean_line(row.failure.message), ".library-pane--muted")
            if width >= WIDE_ROW:
                return fit(Content.assemble(name, " — ", message), width)
            return Content.assemble(fit(name, width), "\n", fit(message.pad_left(2), width))

        title = Content(row.title)
        if width >= WIDE_ROW:
            details = self._details(row, min(30, width // 2))
            return fit_beside(title, details, width)
        details = self._details(row, width - 2)
        return Content.assemble(fit(title, width), "\n  ", details)

    def _details(self, row: _Row, width: int) -> Content:
        """Words, label and arc of ``row`` in at most ``width`` cells."""
        analysis = row.analysis
        if analysis is None:
            return fit(Content.styled("analysing…", ".library-pane--muted"), width)
        label = analysis.sentiment.document.label
        words = format_count(analysis.stats.words) + "w"
        # Abbreviate the label (neg/neu/pos) before letting the arc shrink below 8 cells.
        shown = f"{label:<8}" if width - 16 >= ARC_CELLS[2] else label[:3]
        head = Content.assemble(
            (f"{words:>6} ", ".library-pane--muted"), (shown, f".library-pane--{label}")
        )
        arc_width = min(ARC_CELLS[1], width - head.cell_length - 1)
        if arc_width < ARC_CELLS[0]:
            return fit(head, width)
        arc = _arc(analysis.sentiment.smoothed, arc_width)
        return Content.assemble(head, " ", arc)


def _row_height(width: int) -> int:
    """Lines of a row laid out by :meth:`LibraryPane._layout` at ``width`` cells."""
    return 1 if width >= WIDE_ROW else 2


def _arc(values: tuple[float, ...], width: int) -> Content:
    """A one-row sparkline coloured cell by cell by the sign of the resampled values."""
    points = resample(values, width)
    if not points:
        return Content.styled("·" * width, ".library-pane--muted")
    line = sparkline(points, width, symmetric_scale(points))
    return Content.assemble(
        *((char, f".library-pane--{polarity(v)}") for char, v in zip(line, points, strict=True))
    )


def _file_name(path: str) -> str:
    return clean_line(PurePath(path).name or path)


def _title_of(title: str, path: str) -> str:
    return clean_line(title) or _file_name(path)
