"""The outline screen (``o``): the shown document's chapters with their word counts and a
sentiment mark each; Enter jumps to the highlighted chapter, the current one is marked."""

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
from tui.widgets.formatting import format_compound, polarity

MARKS = {"positive": "▲", "negative": "▼", "neutral": "●"}
"""A chapter's mood at a glance (its mean sentence compound), beside the number."""

_TITLE_CELLS = 56


def outline_row(summary: ChapterSummary, current: bool) -> Content:
    """One chapter as a line: current marker, indented title, words, sentiment."""
    entry = summary.entry
    indent = "  " * (max(entry.level, 1) - 1)
    title = clean_line(indent + entry.title)
    if len(title) > _TITLE_CELLS:
        title = title[: _TITLE_CELLS - 1] + "…"
    if summary.compound is None:
        mood = Content("      …")
    else:
        label = polarity(summary.compound)
        mood = Content.assemble(
            (MARKS[label], f".outline--{label}"), " ", format_compound(summary.compound)
        )
    return Content.assemble(
        ("▶ " if current else "  ", ".outline--current" if current else ""),
        title.ljust(_TITLE_CELLS),
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

    def __init__(self, title: str, chapters: Sequence[ChapterSummary], current: int | None) -> None:
        super().__init__()
        self.doc_title = title
        self.chapters = list(chapters)
        self.current = current

    def compose(self) -> ComposeResult:
        count = len(self.chapters)
        heading = (
            f"Outline — {clean_line(self.doc_title)} ({count} entr{'y' if count == 1 else 'ies'})"
        )
        with Vertical():
            yield Static(Content(heading), classes="outline-title")
            if not self.chapters:
                yield Static(Content("No chapters or headings were found in this document."))
                return
            yield OutlineList(
                *(
                    Option(outline_row(summary, i == self.current), id=str(i))
                    for i, summary in enumerate(self.chapters)
                ),
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
        for i, summary in enumerate(self.chapters):
            options.replace_option_prompt_at_index(i, outline_row(summary, i == self.current))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.chapters[event.option_index].entry.start)

    def action_close(self) -> None:
        self.dismiss(None)
