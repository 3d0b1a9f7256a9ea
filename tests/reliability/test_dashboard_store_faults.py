"""The dashboard with a bookmark file it cannot use as is (Textual Pilot): it opens, says
what is wrong in a notification, never overwrites what it could not read, and a bookmark
that cannot be saved is still shown (and saved later when the fault is gone).

The suite runs as root, so unreadable files and read-only folders are simulated by
patching ``os.open`` to fail as a real system would.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.tui.app_harness import make_app, ready, wait_for
from tui.app import LecternApp
from tui.store import BookmarkStore
from tui.widgets.bookmarks import BookmarksPanel

SIZE = (120, 40)
TEXT = (
    "Harbour Notes\n\n"
    "The harbour was calm and the lanterns were lovely. The boats came home.\n\n"
    "A storm came in the night. By morning the sea was quiet again.\n"
)


def notes(app: LecternApp) -> str:
    return " | ".join(str(n.message) for n in app._notifications)


async def notified(pilot, app: LecternApp, *words: str) -> None:
    await wait_for(pilot, lambda: all(w in notes(app) for w in words))


def _fail_open(match: Callable[[str, int], bool], code: int, monkeypatch) -> None:
    real_open = os.open

    def guarded(path, flags, *args, **kwargs):
        if match(os.fsdecode(path), flags):
            raise OSError(code, os.strerror(code), os.fsdecode(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", guarded)


@pytest.fixture
def doc(tmp_path: Path) -> Path:
    path = tmp_path / "docs" / "harbour.txt"
    path.parent.mkdir()
    path.write_text(TEXT, encoding="utf-8")
    return path


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "store" / "bookmarks.json"
    path.parent.mkdir()
    return path


def _existing(db: Path) -> bytes:
    store = BookmarkStore.open(db)
    store.add("/elsewhere.txt", "Elsewhere", "Some earlier text.", "sha", 0, 4, note="earlier")
    return db.read_bytes()


CASES = {
    "wrong-shape": "not shaped like a Lectern bookmark file",
    "future-schema": "newer Lectern",
    "folder-in-place": "is a folder",
    "unreadable": "could not be read (permission denied)",
    "read-only-folder": "the file system is read-only",
}


@pytest.mark.slow
@pytest.mark.parametrize("case", list(CASES))
async def test_dashboard_opens_and_says_what_is_wrong(
    doc: Path, db: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    before: bytes | None = None
    if case == "wrong-shape":
        before = b'{"bookmarks": "a string", "positions": {}}'
        db.write_bytes(before)
    elif case == "future-schema":
        before = b'{"meta": {"1": {"schema_version": 7}}, "bookmarks": {"1": {"new": 1}}}'
        db.write_bytes(before)
    elif case == "folder-in-place":
        db.mkdir()
        (db / "keep.txt").write_text("mine")
    elif case == "unreadable":
        before = _existing(db)
        _fail_open(lambda p, f: p == str(db), errno.EACCES, monkeypatch)
    else:
        before = _existing(db)
        folder = str(db.parent)
        _fail_open(
            lambda p, f: bool(f & os.O_CREAT) and os.path.dirname(p) == folder,
            errno.EROFS,
            monkeypatch,
        )
    app = make_app([str(doc)], db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await notified(pilot, app, CASES[case])
        assert app.dashboard.documents and app.is_running
        await pilot.press("b")  # try to keep a bookmark anyway
        if case == "wrong-shape":  # moved aside; a fresh file takes the bookmark
            await wait_for(pilot, lambda: len(app.dashboard.bookmarks._items) == 1)
        else:
            await notified(pilot, app, "kept in memory")
            await wait_for(pilot, lambda: len(app.query_one(BookmarksPanel).shown) >= 1)
        assert app.is_running
        await pilot.press("q")
    assert app.return_value == 0
    monkeypatch.undo()
    if case == "wrong-shape":
        (kept,) = db.parent.glob("bookmarks.json.corrupt-*")
        assert kept.read_bytes() == before
        assert len(BookmarkStore.open(db).list()) == 1
    elif case == "folder-in-place":
        assert sorted(p.name for p in db.iterdir()) == ["keep.txt"]
    else:
        assert db.read_bytes() == before, "data it could not use was overwritten"
        assert not list(db.parent.glob("bookmarks.json.corrupt-*"))


@pytest.mark.slow
async def test_bookmark_added_on_a_full_disk_is_shown_and_saved_on_quit(
    doc: Path, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app([str(doc)], db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        real_replace = os.replace

        def full(src, dst, *args, **kwargs):
            if str(dst) == str(db):
                raise OSError(errno.ENOSPC, "No space left on device")
            return real_replace(src, dst, *args, **kwargs)

        monkeypatch.setattr(os, "replace", full)
        await pilot.press("j", "b")
        await notified(pilot, app, "the disk is full", "kept in memory")
        panel = app.query_one(BookmarksPanel)
        await wait_for(pilot, lambda: len(panel.shown) == 1)  # shown although unsaved
        assert BookmarkStore.open(db).list() == []
        monkeypatch.undo()  # space freed
        await pilot.press("q")  # quitting saves the reading position, and the bookmark
    assert app.return_value == 0
    (saved,) = BookmarkStore.open(db).list()
    assert saved.id == panel.shown[0].id
    assert saved.quote.startswith("The harbour was calm")
