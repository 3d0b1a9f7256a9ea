"""The ``?`` screen: every key, from :data:`tui.keymap.KEYMAP`."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from tui.keymap import KEYMAP


class HelpScreen(ModalScreen[None]):
    """A modal table of keys; Escape, q or ? closes it."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 90; max-width: 100%; height: auto; max-height: 90%;
        border: thick $accent; background: $panel; padding: 0 1;
    }
    HelpScreen DataTable { height: auto; }
    HelpScreen .help-title { text-style: bold; color: $accent; padding-bottom: 1; }
    """
    BINDINGS = [
        Binding("escape,q,question_mark", "close", "Close", show=True),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static("Lectern — keys (Ctrl+P lists the same actions)", classes="help-title")
            table: DataTable[str] = DataTable(cursor_type="row", zebra_stripes=True)
            table.add_columns("Key", "Action", "Where")
            for item in KEYMAP:
                table.add_row(item.keys, item.description, item.where)
            yield table

    def action_close(self) -> None:
        self.dismiss(None)
