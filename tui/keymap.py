"""The dashboard's keys in one table: the help screen and README are generated from it,
so what ``?`` shows can never drift from what the keys do."""

from __future__ import annotations

from typing import NamedTuple


class KeyHelp(NamedTuple):
    keys: str
    description: str
    where: str


KEYMAP: tuple[KeyHelp, ...] = (
    KeyHelp("j / ↓", "next sentence", "reading pane"),
    KeyHelp("k / ↑", "previous sentence", "reading pane"),
    KeyHelp("J / K", "next / previous paragraph", "reading pane"),
    KeyHelp("space / PageDown", "page down", "reading pane"),
    KeyHelp("PageUp", "page up", "reading pane"),
    KeyHelp("g / G", "start / end of document", "reading pane"),
    KeyHelp("v", "start or stop a passage selection (j/k extend it)", "reading pane"),
    KeyHelp("b", "bookmark the sentence or the selected passage", "anywhere"),
    KeyHelp(
        "e", "edit the note and tags of the bookmark under the cursor", "reading pane / bookmarks"
    ),
    KeyHelp("/", "search the document (in the bookmarks panel: filter)", "anywhere"),
    KeyHelp("n / N", "next / previous search match", "anywhere"),
    KeyHelp("Tab / Shift+Tab", "cycle panes", "anywhere"),
    KeyHelp("[ / ]", "previous / next document", "anywhere"),
    KeyHelp("t", "toggle sentiment tint", "anywhere"),
    KeyHelp("c", "corpus view (sortable table of all documents)", "anywhere"),
    KeyHelp("o", "outline: chapters with words and sentiment (Enter jumps)", "anywhere"),
    KeyHelp("{ / }", "start of this (or the previous) / the next chapter", "anywhere"),
    KeyHelp("Enter", "open / jump to the highlighted item", "panels"),
    KeyHelp(
        "p / l / r",
        "sort by position / by the 1st, 2nd, 3rd word left / right (press again)",
        "concordance",
    ),
    KeyHelp("/ · x · c", "edit the query · regular expression · match case", "concordance"),
    KeyHelp("d / t", "dispersion strip / trend across documents and parts", "concordance"),
    KeyHelp("m / n", "compare two documents (m on each) / n-grams of the corpus", "corpus view"),
    KeyHelp("2 3 4 · f · R", "n-gram length · minimum frequency · minimum range", "n-grams"),
    KeyHelp("a / s", "bookmarks: this document or all / sort by position or date", "bookmarks"),
    KeyHelp("d / Delete, u", "bookmarks: delete, undo the last delete", "bookmarks"),
    KeyHelp("Ctrl+P", "command palette", "anywhere"),
    KeyHelp("?", "this help", "anywhere"),
    KeyHelp("Escape", "back out one level (close search, selection, dialog)", "anywhere"),
    KeyHelp("q", "quit", "anywhere"),
)
