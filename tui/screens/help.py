"""The ``?`` screen: every key, from :data:`tui.keymap.KEYMAP`."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.keymap import KEYMAP


def keys_table() -> Table:
    """Every key as a Rich table that wraps its Action and Where columns to the width
    (a DataTable would cut them off at 80 columns)."""
    table = Table(box=None, expand=True, pad_edge=False, header_style="bold", padding=(0, 1))
    table.add_column("Key", no_wrap=True, style="bold")
    table.add_column("Action", ratio=3)
    table.add_column("Where", ratio=1)
    for item in KEYMAP:
        table.add_row(Text(item.keys), Text(item.description), Text(item.where))
    return table


class HelpScreen(ModalScreen[None]):
    """A modal table of keys; Escape, q or ? closes it."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 100; max-width: 100%; height: auto; max-height: 90%;
        border: thick $accent; background: $panel; padding: 0 1;
    }
    HelpScreen .help-title { text-style: bold; color: $accent; padding-bottom: 1; }
    """
    BINDINGS = [
        Binding("escape,q,question_mark", "close", "Close", show=True),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static("Lectern — keys (Ctrl+P lists the same actions)", classes="help-title")
            yield Static(keys_table(), id="help-keys")

    def action_close(self) -> None:
        self.dismiss(None)
