"""A modal dialog to edit a bookmark's note and tags; it saves nothing itself.

It shows the passage as plain text (untrusted), a note and a tags line. Ctrl+S or Save dismisses
with ``(note, tags)``, Escape or Cancel with ``None``. Tags are split at commas, or at spaces
when there is no comma, and normalised as the store does."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static, TextArea

from analysis.sanitize import clean_line, clean_text
from tui.store.records import ORPHANED, Bookmark, normalise_tags

EditResult = tuple[str, tuple[str, ...]]


def parse_tags(text: str) -> tuple[str, ...]:
    """Tags from what was typed: comma-separated if there is a comma, else space-separated."""
    parts = text.split(",") if "," in text else text.split()
    return normalise_tags(parts)


def format_tags(tags: tuple[str, ...]) -> str:
    """How existing tags are shown in the box (commas if any tag contains a space)."""
    return ", ".join(tags) if any(" " in tag for tag in tags) else " ".join(tags)


class BookmarkEditor(ModalScreen[EditResult | None]):
    """Edit the note and tags of one bookmark; returns ``(note, tags)`` or ``None``."""

    DEFAULT_CSS = """
    BookmarkEditor {
        align: center middle;
    }
    BookmarkEditor > #editor-dialog {
        width: 80%;
        max-width: 100;
        height: 90%;
        max-height: 34;
        padding: 0 1;
        border: round $accent;
        background: $panel;
    }
    BookmarkEditor #editor-title {
        text-style: bold;
        width: 1fr;
    }
    BookmarkEditor #editor-where {
        color: $foreground-muted;
        width: 1fr;
    }
    BookmarkEditor #editor-quote-box {
        height: auto;
        max-height: 6;
        margin: 1 0;
        padding: 0 1;
        border-left: thick $accent;
        background: $boost;
    }
    BookmarkEditor #editor-quote.-orphaned {
        color: $foreground-muted;
        text-style: dim;
    }
    BookmarkEditor .editor-label {
        color: $foreground-muted;
    }
    BookmarkEditor #editor-note {
        height: 1fr;
        min-height: 3;
    }
    BookmarkEditor #editor-tags {
        margin-bottom: 1;
    }
    BookmarkEditor #editor-buttons {
        height: auto;
        align-horizontal: right;
    }
    BookmarkEditor #editor-buttons Button {
        margin-left: 2;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel", priority=True),
    ]

    def __init__(self, bookmark: Bookmark) -> None:
        super().__init__()
        self.bookmark = bookmark

    def compose(self) -> ComposeResult:
        bookmark = self.bookmark
        orphaned = bookmark.state == ORPHANED
        where = f"{clean_line(bookmark.path)} · chars {bookmark.start}–{bookmark.end}"
        if orphaned:
            where += " · ⚠ orphaned: not found in the current text"
        with Vertical(id="editor-dialog"):
            yield Label(Content(f"Bookmark in {clean_line(bookmark.title)}"), id="editor-title")
            yield Label(Content(where), id="editor-where")
            with VerticalScroll(id="editor-quote-box"):
                yield Static(
                    Content(clean_text(bookmark.quote)),
                    id="editor-quote",
                    classes="-orphaned" if orphaned else "",
                    markup=False,
                )
            yield Label("Note", classes="editor-label")
            yield TextArea(bookmark.note, id="editor-note", soft_wrap=True, tab_behavior="focus")
            yield Label(
                "Tags (separated by commas or spaces)", classes="editor-label", markup=False
            )
            yield Input(
                format_tags(bookmark.tags),
                id="editor-tags",
                placeholder="e.g. theme, chapter-1",
                compact=True,
            )
            with Horizontal(id="editor-buttons"):
                yield Button("Cancel  esc", id="editor-cancel", compact=True)
                yield Button("Save  ctrl+s", id="editor-save", variant="primary", compact=True)

    def on_mount(self) -> None:
        note = self.query_one("#editor-note", TextArea)
        note.focus()
        note.move_cursor(note.document.end)

    def result(self) -> EditResult:
        """What the boxes hold now, as it would be saved."""
        note = self.query_one("#editor-note", TextArea).text
        tags = parse_tags(self.query_one("#editor-tags", Input).value)
        return note, tags

    def action_save(self) -> None:
        self.dismiss(self.result())

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#editor-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#editor-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    @on(Input.Submitted, "#editor-tags")
    def _tags_submitted(self) -> None:
        self.action_save()  # Enter in the tags line saves, as in most forms
