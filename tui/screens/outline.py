"""The outline screen (``o``): the shown document's chapters with their word counts, a
sentiment mark each and, after a concordance, where its hits fall; Enter jumps to the
highlighted chapter, the current one is marked."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from analysis.nlp.chapters import ChapterSummary
from analysis.sanitize import clean_line
from tui.screens.plot_text import barcode_text
from tui.widgets.formatting import format_compound, polarity

MARKS = {"positive": "▲", "negative": "▼", "neutral": "●"}
"""A chapter's mood at a glance (its mean sentence compound), beside the number."""

_TITLE_CELLS = 56
_BARCODE_CELLS = 12
_HITS_CELLS = _BARCODE_CELLS + 7
"""With a concordance marked, each chapter shows where its hits fall and how many."""


def outline_row(
    summary: ChapterSummary, current: bool, hits: Sequence[int] | None = None
) -> Content:
    """One chapter as a line: current marker, indented title, words, sentiment, and with
    ``hits`` (a concordance's hit starts in the document) where they fall in the chapter."""
    entry = summary.entry
    indent = "  " * (max(entry.level, 1) - 1)
    title = clean_line(indent + entry.title)
    title_cells = _TITLE_CELLS if hits is None else _TITLE_CELLS - _HITS_CELLS
    if len(title) > title_cells:
        title = title[: title_cells - 1] + "…"
    if summary.compound is None:
        mood = Content("      …")
    else:
        label = polarity(summary.compound)
        mood = Content.assemble(
            (MARKS[label], f".outline--{label}"), " ", format_compound(summary.compound)
        )
    found: Content | str = ""
    if hits is not None:
        start, end = entry.start, summary.end
        inside = [offset - start for offset in hits if start <= offset < end]
        code = barcode_text(inside, end - start, _BARCODE_CELLS)
        found = Content.assemble(" ", (code, "$accent"), f" {len(inside):>5,}")
    return Content.assemble(
        ("▶ " if current else "  ", ".outline--current" if current else ""),
        title.ljust(title_cells),
        found,
        f" {summary.words:>8,} words  ",
        mood,
    )


class OutlineList(OptionList):
    """The chapters list (vim keys added)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "first", "First", show=False),
        Binding("G", "last", "Last", show=False),
    ]


class OutlineScreen(ModalScreen["int | None"]):
    """Chapters of one document; dismisses with the chosen chapter's offset, or None."""

    DEFAULT_CSS = """
    OutlineScreen { align: center middle; }
    OutlineScreen > Vertical {
        width: 96; max-width: 100%; height: auto; max-height: 90%;
        border: thick $accent; background: $panel; padding: 0 1;
    }
    OutlineScreen .outline-title { text-style: bold; color: $accent; }
    OutlineScreen OptionList { height: auto; max-height: 100%; border: none; }
    OutlineScreen .outline--current { color: $accent; text-style: bold; }
    OutlineScreen .outline--positive { color: $success; }
    OutlineScreen .outline--negative { color: $error; }
    OutlineScreen .outline--neutral { color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,o,q", "close", "Close"),
    ]

    def __init__(
        self,
        title: str,
        chapters: Sequence[ChapterSummary],
        current: int | None,
        *,
        hits: tuple[str, Sequence[int]] | None = None,
    ) -> None:
        super().__init__()
        self.doc_title = title
        self.chapters = list(chapters)
        self.current = current
        self.term, self.hits = hits if hits is not None else ("", None)
        """A concordance marked in the text: its query and its hits' starts."""

    def _row(self, index: int) -> Content:
        return outline_row(self.chapters[index], index == self.current, self.hits)

    def compose(self) -> ComposeResult:
        count = len(self.chapters)
        heading = (
            f"Outline — {clean_line(self.doc_title)} ({count} entr{'y' if count == 1 else 'ies'})"
        )
        if self.hits is not None:
            heading += f" · “{clean_line(self.term)}”: {len(self.hits):,} hits"
        with Vertical():
            yield Static(Content(heading), classes="outline-title")
            if not self.chapters:
                yield Static(Content("No chapters or headings were found in this document."))
                return
            yield OutlineList(
                *(Option(self._row(i), id=str(i)) for i in range(len(self.chapters))),
                id="outline-list",
            )

    def on_mount(self) -> None:
        if self.chapters:
            options = self.query_one(OutlineList)
            options.highlighted = self.current if self.current is not None else 0
            options.focus()

    def update_chapters(self, chapters: Sequence[ChapterSummary]) -> None:
        """The same chapters with their sentiment, once the analysis has arrived."""
        if len(chapters) != len(self.chapters) or not self.chapters:
            return
        self.chapters = list(chapters)
        found = self.query(OutlineList)
        if not found:
            return  # not composed yet: compose() will draw the new chapters
        options = found.first()
        for i in range(len(self.chapters)):
            options.replace_option_prompt_at_index(i, self._row(i))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.chapters[event.option_index].entry.start)

    def action_close(self) -> None:
        self.dismiss(None)
