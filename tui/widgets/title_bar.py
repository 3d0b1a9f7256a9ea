"""The dashboard's header: Textual's ``Header``, safe to quit under.

The header mounts right after the first frame (see ``LecternApp._mount_chrome``). Its
title watcher, started on mount, looks for the title widget its ``compose`` makes; a
quit in the few milliseconds between the two removed the header before that widget
existed, and the watcher's ``NoMatches`` ended the program with a traceback (reproduced
by ``test_quit_right_after_the_header_mounts``). Here the watcher treats a missing title
widget as it treats a missing screen: nothing to update.
"""

from __future__ import annotations

from contextlib import suppress

from textual.css.query import NoMatches
from textual.dom import NoScreen
from textual.events import Mount
from textual.widgets import Header
from textual.widgets._header import HeaderTitle


class TitleBar(Header):
    """``Header`` whose title watcher tolerates being removed before it composed."""

    def _on_mount(self, event: Mount) -> None:
        # Instead of Header's handler (and Widget's, which only matters to a widget with
        # ``overflow: scroll``; a header has none).
        event.prevent_default()

        async def set_title() -> None:
            with suppress(NoScreen, NoMatches):
                self.query_one(HeaderTitle).update(self.format_title())

        for node in (self.app, self.screen):
            self.watch(node, "title", set_title)
            self.watch(node, "sub_title", set_title)
