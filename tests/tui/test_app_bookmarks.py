"""Bookmarks in the whole dashboard: add, passage, edit, delete, undo, filter, jump, persist."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from tests.tui.app_harness import make_app, ready, screen_text, wait_for
from tui.reader.pane import ReadingPane
from tui.screens.bookmark_editor import BookmarkEditor
from tui.store.bookmarks import BookmarkStore
from tui.widgets.bookmarks import BookmarksPanel

SIZE = (120, 40)


def _stored(db: Path):
    return BookmarkStore.open(db).list()


async def test_b_bookmarks_the_cursor_sentence_durably(corpus: Path, db: Path) -> None:
    app = make_app([str(corpus)], db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        reader = app.query_one(ReadingPane)
        await pilot.press("j")
        span = reader.cursor_span()
        await pilot.press("b")
        await wait_for(pilot, lambda: len(app.dashboard.bookmarks._items) == 1)
        # On disk before the panel shows it: another process sees it now.
        (saved,) = _stored(db)
        doc = app.dashboard.documents[app.dashboard.current]
        assert (saved.start, saved.end) == (span.start, span.end)
        assert saved.quote == doc.text[span.start : span.end]
        assert saved.sha256 == doc.sha256 and saved.path == doc.path
        assert "The extraordinary move" in screen_text(app)
        panel = app.query_one(BookmarksPanel)
        assert [b.id for b in panel.shown] == [saved.id]


async def test_b_pressed_while_the_store_opens_is_saved_once_it_does(
    corpus: Path, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The store opens a moment after the first document is shown (in a worker); a ``b``
    pressed before it is open is saved once it is, not refused."""
    release = threading.Event()
    real_open = BookmarkStore.open.__func__  # type: ignore[attr-defined]

    def slow_open(cls, path=None):  # type: ignore[no-untyped-def]
        release.wait(20)
        return real_open(cls, path)

    monkeypatch.setattr(BookmarkStore, "open", classmethod(slow_open))
    app = make_app([str(corpus)], db)
    async with app.run_test(size=SIZE) as pilot:
        reader = app.query_one(ReadingPane)
        await wait_for(
            pilot, lambda: app.dashboard.loading_done and reader.cursor_span() is not None
        )
        assert app.dashboard.bookmarks.store is None
        span, pressed_in = reader.cursor_span(), app.dashboard.current
        await pilot.press("b")
        await pilot.press("j", "right_square_bracket")  # moving on before it opened
        assert app.dashboard.current != pressed_in
        release.set()
        await wait_for(pilot, lambda: len(_stored(db)) == 1)
        (saved,) = _stored(db)
        # What was under the cursor when b was pressed, not where the cursor is now.
        assert (saved.path, saved.start, saved.end) == (pressed_in, span.start, span.end)


async def test_b_when_the_store_cannot_open_says_so(
    corpus: Path, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()

    def broken_open(cls, path=None):  # type: ignore[no-untyped-def]
        release.wait(20)
        raise OSError("disk on fire")

    monkeypatch.setattr(BookmarkStore, "open", classmethod(broken_open))
    app = make_app([str(corpus)], db)
    notes: list[str] = []
    real_notify = app.notify
    app.notify = lambda message, **kw: notes.append(str(message)) or real_notify(message, **kw)  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        reader = app.query_one(ReadingPane)
        await wait_for(
            pilot, lambda: app.dashboard.loading_done and reader.cursor_span() is not None
        )
        await pilot.press("b")
        release.set()
        await wait_for(pilot, lambda: any("was not saved" in n for n in notes))
        await pilot.press("b")
        await wait_for(pilot, lambda: any("bookmarks are unavailable" in n for n in notes))
    assert not db.exists()


async def test_v_selects_a_passage_that_b_bookmarks(corpus: Path, db: Path) -> None:
    app = make_app([str(corpus / "a_seed.txt")], db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        reader = app.query_one(ReadingPane)
        doc = app.dashboard.documents[app.dashboard.current]
        await pilot.press("v", "j", "j")
        assert reader.selection_span() == (doc.sentences[0].start, doc.sentences[2].end)
        await pilot.press("b")
        await wait_for(pilot, lambda: len(app.dashboard.bookmarks._items) == 1)
        (saved,) = _stored(db)
        assert (saved.start, saved.end) == (doc.sentences[0].start, doc.sentences[2].end)
        assert not reader.has_selection


async def test_edit_note_and_tags_then_filter(corpus: Path, db: Path) -> None:
    app = make_app([str(corpus / "a_seed.txt")], db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("b")
        await wait_for(pilot, lambda: len(app.dashboard.bookmarks._items) == 1)
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, BookmarkEditor))
        await pilot.press(*"Deportation policy", "enter", *"second line")
        await pilot.press("tab")
        await pilot.press(*"politics, us")
        await pilot.press("ctrl+s")
        await wait_for(
            pilot,
            lambda: bool(app.dashboard.bookmarks._items and app.dashboard.bookmarks._items[0].note),
        )
        (saved,) = _stored(db)
        assert saved.note == "Deportation policy\nsecond line"
        assert set(saved.tags) == {"politics", "us"}
        # The panel shows the note's first line and filters by tag.
        app.dashboard.panes.focus_pane("bookmarks")
        await pilot.press("slash", *"#politics", "enter")
        panel = app.query_one(BookmarksPanel)
        assert [b.id for b in panel.shown] == [saved.id]
        await pilot.press("slash", *"#nosuchtag", "enter")
        assert panel.shown == []


async def test_delete_and_undo(corpus: Path, db: Path) -> None:
    app = make_app([str(corpus / "a_seed.txt")], db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("b")
        await wait_for(pilot, lambda: len(app.dashboard.bookmarks._items) == 1)
        original = _stored(db)[0]
        app.dashboard.panes.focus_pane("bookmarks")
        await pilot.press("d")
        await wait_for(pilot, lambda: not app.dashboard.bookmarks._items)
        assert _stored(db) == []
        await pilot.press("u")
        await wait_for(pilot, lambda: len(app.dashboard.bookmarks._items) == 1)
        assert _stored(db) == [original]


async def test_jump_switches_documents_and_bookmarks_persist(corpus: Path, db: Path) -> None:
    app = make_app([str(corpus)], db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("right_square_bracket", "j")  # happy doc, second sentence
        target = app.query_one(ReadingPane).cursor_span()
        happy = app.dashboard.current
        await pilot.press("b")
        await wait_for(pilot, lambda: len(app.dashboard.bookmarks._items) == 1)
        await pilot.press("q")
    again = make_app([str(corpus)], db)
    async with again.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert again.dashboard.current != happy  # opened on the first document
        again.dashboard.panes.focus_pane("bookmarks")
        await pilot.press("a")  # all documents
        await wait_for(pilot, lambda: len(again.query_one(BookmarksPanel).shown) == 1)
        await pilot.press("enter")
        await wait_for(pilot, lambda: again.dashboard.current == happy)
        assert again.query_one(ReadingPane).cursor_span() == target
        assert again.focused is again.query_one(ReadingPane)


async def test_bookmarks_survive_an_edited_document(corpus: Path, db: Path) -> None:
    seed = corpus / "a_seed.txt"
    app = make_app([str(seed)], db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("j", "j", "b")
        await wait_for(pilot, lambda: len(app.dashboard.bookmarks._items) == 1)
        quote = app.dashboard.bookmarks._items[0].quote
    seed.write_text("A new first paragraph was added.\n" + seed.read_text(encoding="utf-8"))
    again = make_app([str(seed)], db)
    async with again.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await wait_for(
            pilot,
            lambda: (
                bool(again.dashboard.bookmarks._items)
                and again.dashboard.bookmarks._items[0].state == "moved"
            ),
        )
        moved = again.dashboard.bookmarks._items[0]
        doc = again.dashboard.documents[again.dashboard.current]
        assert doc.text[moved.start : moved.end] == quote


async def test_corrupt_bookmarks_file_is_kept_aside_and_reported(corpus: Path, db: Path) -> None:
    db.parent.mkdir(parents=True)
    db.write_text('{"bookmarks": {"1": {"broken', encoding="utf-8")
    app = make_app([str(corpus / "a_seed.txt")], db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        messages = " ".join(str(n.message) for n in app._notifications)
        assert "corrupt" in messages.lower() or "could not be read" in messages.lower()
        kept = list(db.parent.glob("bookmarks.json.corrupt-*"))
        assert len(kept) == 1 and kept[0].read_text(encoding="utf-8").startswith('{"bookmarks"')
        await pilot.press("b")
        await wait_for(pilot, lambda: len(app.dashboard.bookmarks._items) == 1)
