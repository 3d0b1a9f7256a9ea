"""The bookmarks panel: the reader's bookmarks, filtered, sorted and acted on by key.

It never touches the store: the app calls :meth:`BookmarksPanel.set_bookmarks` and handles its
``Jump``, ``Edit``, ``Delete`` and ``Undo`` messages. Scope (``a``), sort (``s``) and filter
(``/``) are its own state. Rows are ``Content``, never markup; orphaned ones are marked ⚠."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from analysis.sanitize import clean_line, prose_line
from tui.store.records import MOVED, ORPHANED, SORTS, Bookmark, filter_bookmarks
from tui.widgets.fitted_row import FittedRow, fit
from tui.widgets.list_keys import list_bindings

DOCUMENT, ALL = "document", "all"
SCOPES = (DOCUMENT, ALL)


def _bookmark_row(bookmark: Bookmark, *, show_title: bool) -> FittedRow:
    """Quote on the first line; title, place, state and tags on the second; the note's
    first line on a third (if there is a note)."""
    orphaned = bookmark.state == ORPHANED
    quote = prose_line(bookmark.quote)
    note = next((line for line in bookmark.note.splitlines() if line.strip()), "")
    tags = " ".join(f"#{clean_line(tag)}" for tag in bookmark.tags)

    def layout(width: int) -> Content:
        first = Content.assemble(
            ("⚠ ", ".bookmarks-panel--warning") if orphaned else "",
            Content.styled(
                f"“{quote}”",
                ".bookmarks-panel--orphaned" if orphaned else ".bookmarks-panel--quote",
            ),
        )
        details: list[Content | tuple[str, str] | str] = []
        if show_title:
            details.append(Content.styled(clean_line(bookmark.title), ".bookmarks-panel--title"))
            details.append(" · ")
        details.append(f"chars {bookmark.start}–{bookmark.end}")
        if orphaned:
            details += [" · ", ("orphaned", ".bookmarks-panel--orphan-label")]
        elif bookmark.state == MOVED:
            details += [" · ", ("moved", ".bookmarks-panel--muted")]
        if tags:
            details += ["  ", (tags, ".bookmarks-panel--tags")]
        second = Content.assemble(*details).stylize_before(".bookmarks-panel--muted")
        lines = [fit(first, width), fit(second, width)]
        if note:
            lines.append(fit(Content.styled(prose_line(note), ".bookmarks-panel--note"), width))
        return Content("\n").join(lines)

    return FittedRow(layout)


class BookmarkList(OptionList):
    """The navigable list inside :class:`BookmarksPanel`."""

    BINDINGS: ClassVar[list[BindingType]] = list_bindings("bookmark", "Jump")


class BookmarksPanel(Widget):
    """The bookmarks of the open document (or of all documents), with their notes."""

    DEFAULT_CSS = """
    BookmarksPanel {
        height: 1fr;
        layout: vertical;
    }
    BookmarksPanel > #bookmarks-header {
        height: 1;
        padding: 0 1;
        color: $foreground-muted;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    BookmarksPanel > #bookmarks-filter {
        height: 1;
        border: none;
        padding: 0 1;
        background: $boost;
        display: none;
    }
    BookmarksPanel > #bookmarks-filter.-shown {
        display: block;
    }
    BookmarksPanel > BookmarkList {
        height: 1fr;
        border: none;
        padding: 0;
        scrollbar-gutter: stable;
        scrollbar-size-vertical: 1;
    }
    BookmarksPanel > BookmarkList:focus {
        border: none;
    }
    BookmarksPanel > BookmarkList > .option-list--option {
        padding: 0 0 0 1;
    }
    BookmarksPanel > .bookmarks-panel--quote { color: $foreground; }
    BookmarksPanel > .bookmarks-panel--title { color: $accent; }
    BookmarksPanel > .bookmarks-panel--muted { color: $foreground-muted; }
    BookmarksPanel > .bookmarks-panel--tags { color: $secondary; }
    BookmarksPanel > .bookmarks-panel--note { color: $foreground; text-style: italic; }
    BookmarksPanel > .bookmarks-panel--warning { color: $warning; text-style: bold; }
    BookmarksPanel > .bookmarks-panel--orphaned { color: $foreground-muted; text-style: dim; }
    BookmarksPanel > .bookmarks-panel--orphan-label { color: $warning; text-style: dim; }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "bookmarks-panel--quote",
        "bookmarks-panel--title",
        "bookmarks-panel--muted",
        "bookmarks-panel--tags",
        "bookmarks-panel--note",
        "bookmarks-panel--warning",
        "bookmarks-panel--orphaned",
        "bookmarks-panel--orphan-label",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit", "Edit note"),
        Binding("d,delete", "delete", "Delete"),
        Binding("u", "undo", "Undo delete"),
        Binding("a", "toggle_scope", "This doc/all"),
        Binding("s", "toggle_sort", "Sort"),
        # Priority: a non-priority binding runs only after the key has bubbled up, by which
        # time keys typed right after "/" have already gone to the list and are lost.
        Binding("slash", "open_filter", "Filter", priority=True),
        Binding("escape", "clear_filter", "Clear filter"),
    ]

    class Jump(Message):
        """Go to this bookmark's passage (Enter or a click)."""

        def __init__(self, bookmark: Bookmark) -> None:
            self.bookmark = bookmark
            super().__init__()

    class Edit(Message):
        """Edit this bookmark's note and tags."""

        def __init__(self, bookmark: Bookmark) -> None:
            self.bookmark = bookmark
            super().__init__()

    class Delete(Message):
        """Delete this bookmark (the app keeps it for Undo)."""

        def __init__(self, bookmark: Bookmark) -> None:
            self.bookmark = bookmark
            super().__init__()

    class Undo(Message):
        """Undo the last delete."""

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._ready = False
        self._items: tuple[Bookmark, ...] = ()
        self._current_path: str | None = None
        self._shown: list[Bookmark] = []
        self.scope = DOCUMENT
        """``document``: the open document's bookmarks; ``all``: every document's."""
        self.sort = SORTS[0]
        """``position`` or ``date`` (newest first)."""
        self.filter_text = ""

    def compose(self) -> ComposeResult:
        yield Static("", id="bookmarks-header", markup=False)
        yield Input(
            placeholder="filter: words or #tag (Enter keeps, Esc clears)",
            id="bookmarks-filter",
            compact=True,
        )
        yield BookmarkList(id="bookmarks-list", markup=False)

    def on_mount(self) -> None:
        if self.query_one_optional(BookmarkList) is None:  # removed by a quit while mounting
            return
        self._ready = True
        # Hidden (display: none) widgets stay focusable in Textual; a pane cycler that
        # focuses the first focusable child must land on the list, not the hidden box.
        self._filter.can_focus = False
        self._fill()

    @property
    def _list(self) -> BookmarkList:
        return self.query_one(BookmarkList)

    @property
    def _filter(self) -> Input:
        return self.query_one("#bookmarks-filter", Input)

    def focus(self, scroll_visible: bool = True) -> BookmarksPanel:
        """Focus the list (the panel itself takes no keys)."""
        self._list.focus(scroll_visible)
        return self

    # -- API -------------------------------------------------------------------------------

    def set_bookmarks(self, items: Sequence[Bookmark], current_path: str | None) -> None:
        """Show ``items`` (all the reader's bookmarks); ``current_path`` is the open document
        (``None`` if none: every bookmark is shown then)."""
        self._items = tuple(items)
        self._current_path = current_path
        self._fill()

    @property
    def shown(self) -> list[Bookmark]:
        """The bookmarks listed now, in order (after scope, filter and sort)."""
        return list(self._shown)

    @property
    def highlighted_bookmark(self) -> Bookmark | None:
        if not self._ready:
            return None
        index = self._list.highlighted
        if index is None or not 0 <= index < len(self._shown):
            return None
        return self._shown[index]

    def open_filter(self) -> None:
        """Show the filter box and put the cursor in it."""
        if not self._ready:
            return
        box = self._filter
        box.add_class("-shown")
        box.can_focus = True
        self.screen.set_focus(box)  # now: ``focus()`` would wait for the queued keys

    def set_filter(self, text: str) -> None:
        """Filter the list by ``text`` (words or ``#tag``); ``""`` shows everything."""
        self.filter_text = text
        if self._ready and self._filter.value != text:
            with self._filter.prevent(Input.Changed):
                self._filter.value = text
        self._fill()

    # -- actions ---------------------------------------------------------------------------

    def action_toggle_scope(self) -> None:
        self.scope = ALL if self.scope == DOCUMENT else DOCUMENT
        self._fill()

    def action_toggle_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self._fill()

    def action_open_filter(self) -> None:
        self.open_filter()

    def action_clear_filter(self) -> None:
        self.set_filter("")
        self._close_filter()

    def _close_filter(self) -> None:
        self._filter.remove_class("-shown")
        self._filter.can_focus = False
        self._list.focus()

    def action_edit(self) -> None:
        if (bookmark := self.highlighted_bookmark) is not None:
            self.post_message(self.Edit(bookmark))

    def action_delete(self) -> None:
        if (bookmark := self.highlighted_bookmark) is not None:
            self.post_message(self.Delete(bookmark))

    def action_undo(self) -> None:
        self.post_message(self.Undo())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Escape backs out of a filter; with none it is left to the screen/app.
        if action == "open_filter":
            # "/" typed in the box is text (``has_focus`` lags behind ``set_focus``).
            return not (self._ready and self.screen.focused is self._filter)
        if action == "clear_filter":
            return bool(self.filter_text) or self._filter_shown()
        if action in ("edit", "delete"):
            return self.highlighted_bookmark is not None
        return True

    def _filter_shown(self) -> bool:
        return self._ready and self._filter.has_class("-shown")

    # -- events ----------------------------------------------------------------------------

    @on(OptionList.OptionSelected, "#bookmarks-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        index = event.option_index
        if 0 <= index < len(self._shown):
            self.post_message(self.Jump(self._shown[index]))

    @on(OptionList.OptionHighlighted, "#bookmarks-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if self.screen.focused is self._list:
            self.refresh_bindings()  # edit/delete depend on a highlighted bookmark

    @on(Input.Changed, "#bookmarks-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.filter_text = event.value
        self._fill()

    @on(Input.Submitted, "#bookmarks-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._close_filter()  # the header still shows the active filter

    # -- drawing ---------------------------------------------------------------------------

    def _visible(self) -> list[Bookmark]:
        path = self._current_path if self.scope == DOCUMENT else None
        return filter_bookmarks(self._items, path, self.filter_text, self.sort)

    def _fill(self) -> None:
        if not self._ready:
            self._shown = self._visible()
            return
        listing = self._list
        previous = self.highlighted_bookmark
        previous_index = listing.highlighted
        shown = self._shown = self._visible()
        listing.clear_options()
        show_title = self.scope == ALL or self._current_path is None
        if shown:
            listing.add_options(
                Option(_bookmark_row(b, show_title=show_title), id=b.id) for b in shown
            )
            ids = [b.id for b in shown]
            if previous is not None and previous.id in ids:
                listing.highlighted = ids.index(previous.id)
            else:
                listing.highlighted = min(previous_index or 0, len(shown) - 1)
        else:
            listing.add_option(Option(Content(self._empty_message()), disabled=True))
        self.query_one("#bookmarks-header", Static).update(self._header())
        if (previous is None) != (self.highlighted_bookmark is None):
            # Only when edit/delete become (un)available: it redraws the footer.
            self.refresh_bindings()

    def _empty_message(self) -> str:
        if self.filter_text.strip():
            return "No bookmark matches the filter (Esc clears it)."
        if self.scope == DOCUMENT and self._current_path is not None:
            return "No bookmarks in this document: b bookmarks a sentence, a shows all."
        return "No bookmarks yet: b bookmarks the sentence at the cursor."

    def _header(self) -> Content:
        if self.scope == DOCUMENT and self._current_path is not None:
            where = "This document"
            total = sum(1 for b in self._items if b.path == self._current_path)
        else:
            where = "All documents"
            total = len(self._items)
        count = f"{len(self._shown)} of {total}" if self.filter_text.strip() else f"{total}"
        parts = [f"{where} · {count} · by {self.sort}"]
        if self.filter_text.strip():
            parts.append(f"filter “{clean_line(self.filter_text.strip())}”")
        return Content(" · ".join(parts))
