"""The keys every list in the dashboard shares (vim aliases), named after what it lists."""

from __future__ import annotations

from textual.binding import Binding, BindingType


def list_bindings(noun: str, select: str) -> list[BindingType]:
    """j/k, arrows, g/G, Home/End and Enter for a list of ``noun``s; ``select`` labels Enter."""
    return [
        Binding("j,down", "cursor_down", f"Next {noun}", show=False),
        Binding("k,up", "cursor_up", f"Previous {noun}", show=False),
        Binding("g,home", "first", f"First {noun}", show=False),
        Binding("G,end", "last", f"Last {noun}", show=False),
        Binding("enter", "select", select),
    ]
