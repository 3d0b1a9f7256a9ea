"""The dashboard's header: Textual's ``Header``, safe to quit under.

It mounts right after the first frame; a quit before its title widget existed ended in a
``NoMatches`` traceback (``test_quit_right_after_the_header_mounts``). Here a missing title
widget means nothing to update."""

from __future__ import annotations

from contextlib import suppress

from textual.css.query import NoMatches
from textual.dom import NoScreen
from textual.events import Mount
from textual.widgets import Header, Static


class TitleBar(Header):
    """``Header`` whose title watcher tolerates being removed before it composed."""

    def _on_mount(self, event: Mount) -> None:
        # Instead of Header's handler (and Widget's, which only matters to a widget with
        # ``overflow: scroll``; a header has none).
        event.prevent_default()

        async def set_title() -> None:
            with suppress(NoScreen, NoMatches):
                # Header's title widget, by its type name: its class is not public API.
                self.query_one("HeaderTitle", Static).update(self.format_title())

        for node in (self.app, self.screen):
            self.watch(node, "title", set_title)
            self.watch(node, "sub_title", set_title)
