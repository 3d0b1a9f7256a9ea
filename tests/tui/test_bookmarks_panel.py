"""BookmarksPanel and BookmarkEditor in isolation: a tiny app mounts them and records messages."""

from __future__ import annotations

from textual import events
from textual.app import App, ComposeResult
from textual.message import Message
from textual.widgets import Input, TextArea

from tui.screens.bookmark_editor import BookmarkEditor, format_tags, parse_tags
from tui.store.anchoring import Anchor
from tui.store.records import Bookmark
from tui.widgets.bookmarks import ALL, DOCUMENT, BookmarksPanel


def make(
    n: int,
    path: str,
    quote: str,
    *,
    note: str = "",
    tags: tuple[str, ...] = (),
    state: str = "anchored",
    title: str | None = None,
) -> Bookmark:
    created = f"2025-01-{n:02d}T10:00:00.000+00:00"
    return Bookmark(
        id=f"{n:032x}",
        path=path,
        title=title or f"Title of {path}",
        sha256="0" * 64,
        anchor=Anchor(100 - n * 10, 100 - n * 10 + len(quote), quote, "", ""),
        note=note,
        tags=tags,
        created=created,
        updated=created,
        state=state,
    )


ITEMS = [
    make(1, "/docs/a.txt", "It was the best of times", note="Opening line\nmore", tags=("Dick",)),
    make(2, "/docs/a.txt", "it was the worst of times", tags=("contrast", "sea")),
    make(3, "/docs/a.txt", "a passage that was deleted", state="orphaned"),
    make(4, "/docs/b.txt", "Call me Ishmael", note="whales", tags=("sea",), title="Moby"),
]


def screen_text(app: App) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


class PanelApp(App):
    def __init__(self, items=ITEMS, current: str | None = "/docs/a.txt") -> None:
        super().__init__()
        self.items = items
        self.current = current
        self.messages: list[Message] = []

    def compose(self) -> ComposeResult:
        yield BookmarksPanel(id="bookmarks")

    def on_mount(self) -> None:
        panel = self.query_one(BookmarksPanel)
        panel.set_bookmarks(self.items, self.current)
        panel.focus()

    def on_bookmarks_panel_jump(self, message: BookmarksPanel.Jump) -> None:
        self.messages.append(message)

    def on_bookmarks_panel_edit(self, message: BookmarksPanel.Edit) -> None:
        self.messages.append(message)

    def on_bookmarks_panel_delete(self, message: BookmarksPanel.Delete) -> None:
        self.messages.append(message)

    def on_bookmarks_panel_undo(self, message: BookmarksPanel.Undo) -> None:
        self.messages.append(message)


def ids(bookmarks) -> list[int]:
    return [int(b.id, 16) for b in bookmarks]


async def test_shows_the_current_documents_bookmarks_by_position() -> None:
    app = PanelApp()
    async with app.run_test(size=(70, 30)) as pilot:
        await pilot.pause()
        panel = app.query_one(BookmarksPanel)
        assert panel.scope == DOCUMENT and panel.sort == "position"
        assert ids(panel.shown) == [3, 2, 1]  # by offset in the text
        text = screen_text(app)
        assert "This document · 3 · by position" in text
        assert "“It was the best of times”" in text
        assert "Opening line" in text and "more" not in text  # first line of the note
        assert "#contrast #sea" in text
        assert "Call me Ishmael" not in text


async def test_orphaned_bookmarks_are_listed_and_marked() -> None:
    app = PanelApp()
    async with app.run_test(size=(70, 30)) as pilot:
        await pilot.pause()
        lines = screen_text(app).splitlines()
        quote_line = next(i for i, line in enumerate(lines) if "a passage that was deleted" in line)
        assert "⚠" in lines[quote_line]
        assert "orphaned" in lines[quote_line + 1]


async def test_scope_toggles_between_document_and_all() -> None:
    app = PanelApp()
    async with app.run_test(size=(70, 30)) as pilot:
        panel = app.query_one(BookmarksPanel)
        await pilot.press("a")
        assert panel.scope == ALL
        assert ids(panel.shown) == [4, 3, 2, 1]  # documents by title ("Moby" first)
        text = screen_text(app)
        assert "All documents · 4" in text and "Call me Ishmael" in text and "Moby" in text
        await pilot.press("a")
        assert panel.scope == DOCUMENT and len(panel.shown) == 3


async def test_sort_toggles_to_newest_first() -> None:
    app = PanelApp()
    async with app.run_test(size=(70, 30)) as pilot:
        panel = app.query_one(BookmarksPanel)
        await pilot.press("s")
        assert panel.sort == "date"
        assert ids(panel.shown) == [3, 2, 1]  # newest first
        assert "by date" in screen_text(app)
        await pilot.press("s")
        assert panel.sort == "position"


async def test_filter_by_text_and_by_tag() -> None:
    app = PanelApp()
    async with app.run_test(size=(70, 30)) as pilot:
        panel = app.query_one(BookmarksPanel)
        await pilot.press("a", "slash")
        assert isinstance(app.focused, Input)
        await pilot.press(*"worst")
        assert ids(panel.shown) == [2]
        assert "1 of 4" in screen_text(app)
        await pilot.press(*" #nope")
        assert panel.shown == []
        assert "No bookmark matches the filter" in screen_text(app)
        for _ in range(len(" #nope")):
            await pilot.press("backspace")
        await pilot.press("enter")  # keep the filter, back to the list
        assert not isinstance(app.focused, Input)
        assert ids(panel.shown) == [2]
        assert "filter “worst”" in screen_text(app)
        await pilot.press("escape")  # clears it
        assert panel.filter_text == "" and len(panel.shown) == 4
        panel.set_filter("#sea")
        await pilot.pause()
        assert ids(panel.shown) == [4, 2]  # tags only
        panel.set_filter("#")
        assert len(panel.shown) == 4


async def test_keys_typed_right_after_slash_go_into_the_filter() -> None:
    app = PanelApp()
    async with app.run_test(size=(70, 30)) as pilot:
        await pilot.pause()
        for key, character in [("slash", "/"), ("w", "w"), ("o", "o"), ("slash", "/")]:
            app.post_message(events.Key(key, character))  # one burst, as a paste or tmux
        await pilot.pause(0.2)
        assert app.query_one("#bookmarks-filter", Input).value == "wo/"


async def test_the_hidden_filter_box_never_takes_focus() -> None:
    app = PanelApp()
    async with app.run_test(size=(70, 30)) as pilot:
        panel = app.query_one(BookmarksPanel)
        first_focusable = next(w for w in panel.query("*") if w.focusable)
        assert first_focusable.id == "bookmarks-list"
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press("enter")
        assert next(w for w in panel.query("*") if w.focusable).id == "bookmarks-list"


async def test_escape_in_the_filter_box_clears_and_closes_it() -> None:
    app = PanelApp()
    async with app.run_test(size=(70, 30)) as pilot:
        panel = app.query_one(BookmarksPanel)
        await pilot.press("slash", *"best", "escape")
        assert panel.filter_text == "" and len(panel.shown) == 3
        assert not isinstance(app.focused, Input)


async def test_keys_post_messages_for_the_highlighted_bookmark() -> None:
    app = PanelApp()
    async with app.run_test(size=(70, 30)) as pilot:
        await pilot.press("down")  # second row: bookmark 2
        await pilot.press("enter", "e", "d", "delete", "u")
        kinds = [type(m).__name__ for m in app.messages]
        assert kinds == ["Jump", "Edit", "Delete", "Delete", "Undo"]
        assert {int(m.bookmark.id, 16) for m in app.messages[:4]} == {2}


async def test_click_jumps() -> None:
    app = PanelApp()
    async with app.run_test(size=(70, 30)) as pilot:
        await pilot.pause()
        lines = screen_text(app).splitlines()
        row = next(i for i, line in enumerate(lines) if "best of times" in line)
        await pilot.click(BookmarksPanel, offset=(5, row))
        await pilot.pause()
        assert [int(m.bookmark.id, 16) for m in app.messages] == [1]


async def test_keys_on_an_empty_list_post_nothing_but_undo() -> None:
    app = PanelApp(items=[])
    async with app.run_test(size=(70, 20)) as pilot:
        await pilot.press("enter", "e", "d", "u")
        assert [type(m).__name__ for m in app.messages] == ["Undo"]
        assert "No bookmarks in this document" in screen_text(app)


async def test_highlight_follows_the_same_bookmark_after_an_update() -> None:
    app = PanelApp()
    async with app.run_test(size=(70, 30)) as pilot:
        panel = app.query_one(BookmarksPanel)
        await pilot.press("down", "down")
        assert int(panel.highlighted_bookmark.id, 16) == 1
        panel.set_bookmarks([b for b in ITEMS if int(b.id, 16) != 3], "/docs/a.txt")
        await pilot.pause()
        assert int(panel.highlighted_bookmark.id, 16) == 1


async def test_no_current_document_shows_everything() -> None:
    app = PanelApp(current=None)
    async with app.run_test(size=(70, 30)) as pilot:
        await pilot.pause()
        assert len(app.query_one(BookmarksPanel).shown) == 4
        assert "All documents" in screen_text(app)


async def test_untrusted_text_is_never_markup_or_control_codes() -> None:
    evil = make(
        9,
        "/docs/a.txt",
        "[@click=app.quit()]click[/] [bold]x \x1b]52;c;aGk=\x07",
        note="[red]note[/red]",
        tags=("[b]t",),
        title="[i]Title\x1b[2J",
    )
    app = PanelApp(items=[evil])
    async with app.run_test(size=(90, 20)) as pilot:
        await pilot.press("a")
        text = screen_text(app)
        assert "[@click=app.quit()]click[/] [bold]x" in text
        assert "[red]note[/red]" in text and "#[b]t" in text and "[i]Title" in text
        assert "\x1b" not in text and "\x07" not in text
        await pilot.click(BookmarksPanel, offset=(8, 1))
        await pilot.pause()
        assert app.is_running


# -- the editor ----------------------------------------------------------------------------


class EditorApp(App):
    def __init__(self, bookmark: Bookmark) -> None:
        super().__init__()
        self.bookmark = bookmark
        self.results: list[object] = []

    def on_mount(self) -> None:
        self.push_screen(BookmarkEditor(self.bookmark), self.results.append)


async def test_editor_saves_note_and_tags_with_ctrl_s() -> None:
    app = EditorApp(ITEMS[0])
    async with app.run_test(size=(90, 32)) as pilot:
        await pilot.pause()
        assert isinstance(app.focused, TextArea)
        assert app.focused.text == "Opening line\nmore"
        await pilot.press("enter", *"third")
        app.screen.query_one("#editor-tags", Input).value = "dickens, Openings ,  novel"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.results == [("Opening line\nmore\nthird", ("dickens", "Openings", "novel"))]


async def test_editor_save_button_and_enter_in_tags() -> None:
    app = EditorApp(ITEMS[1])
    async with app.run_test(size=(90, 32)) as pilot:
        await pilot.pause()
        await pilot.click("#editor-save")
        await pilot.pause()
        assert app.results == [("", ("contrast", "sea"))]
    app = EditorApp(ITEMS[1])
    async with app.run_test(size=(90, 32)) as pilot:
        await pilot.pause()
        tags = app.screen.query_one("#editor-tags", Input)
        tags.focus()
        tags.value = "one two two"
        await pilot.press("enter")
        await pilot.pause()
        assert app.results == [("", ("one", "two"))]


async def test_editor_escape_cancels_without_a_result() -> None:
    app = EditorApp(ITEMS[0])
    async with app.run_test(size=(90, 32)) as pilot:
        await pilot.pause()
        await pilot.press(*"changed", "escape")
        await pilot.pause()
        assert app.results == [None]
        assert not isinstance(app.screen, BookmarkEditor)


async def test_editor_shows_the_quote_safely_and_marks_orphans() -> None:
    evil = make(5, "/x.txt", "see [/1] note [@click=app.quit()]here[/]\n\x1b[6n", state="orphaned")
    app = EditorApp(evil)
    async with app.run_test(size=(90, 32)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "see [/1] note [@click=app.quit()]here[/]" in text
        assert "\x1b" not in text
        assert "⚠ orphaned" in text
        await pilot.press("escape")
        await pilot.pause()
        assert app.results == [None]


async def test_editor_fits_a_small_terminal() -> None:
    app = EditorApp(ITEMS[0])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Save" in text and "Cancel" in text and "Opening line" in text


def test_tag_parsing() -> None:
    assert parse_tags("a b  c") == ("a", "b", "c")
    assert parse_tags("big fish, whales,,  #sea ") == ("big fish", "whales", "sea")
    assert parse_tags("A a") == ("A",)
    assert parse_tags("") == ()
    assert format_tags(("a", "b")) == "a b"
    assert format_tags(("big fish", "b")) == "big fish, b"
    assert parse_tags(format_tags(("big fish", "b"))) == ("big fish", "b")
