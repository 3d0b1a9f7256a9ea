"""Faults injected into every step of a bookmark write, and bookmark files and folders that
cannot be used: the store says what is wrong, the previous file stays intact, and the
bookmark that could not be saved is kept in memory, listed, exportable, and saved by the
next write that succeeds.

Crash (SIGKILL) and concurrent-writer trials live in tests/store/test_store_processes.py
(110 kills, 2 and 4 writers); damaged/future/unknown files in test_store_recovery.py.
The suite runs as root, so read-only folders and other users' files are simulated by
patching ``os`` calls to fail as a real system would.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tui.store import MEMORY_ONLY, READ_WRITE, BookmarkStore, StoreError

TEXT = "It was a bright cold day in April, and the clocks were striking thirteen. " * 4
SHA = hashlib.sha256(TEXT.encode()).hexdigest()


def add(store: BookmarkStore, note: str, start: int = 0):
    return store.add("/doc.txt", "Nineteen", TEXT, SHA, start, start + 30, note=note)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "lectern" / "bookmarks.json"


def temp_files(db: Path) -> list[Path]:
    return sorted(db.parent.glob(".bookmarks.json.*.tmp"))


def _is_temp(fd: int) -> bool:
    try:
        return os.readlink(f"/proc/self/fd/{fd}").endswith(".tmp")
    except OSError:
        return False


def _is_dir(fd: int) -> bool:
    return stat.S_ISDIR(os.fstat(fd).st_mode)


@contextmanager
def fault(point: str, code: int) -> Iterator[list[int]]:
    """Make one step of the store's durable write fail with ``errno`` ``code``; yields a
    list that records each injected failure."""
    hits: list[int] = []
    error = OSError(code, os.strerror(code))
    real_open, real_write = os.open, os.write
    real_fsync, real_replace = os.fsync, os.replace
    writes = {"count": 0}

    def fail() -> None:
        hits.append(code)
        raise error

    def open_(path, flags, *args, **kwargs):
        if point == "temp-open" and str(path).endswith(".tmp"):
            fail()
        return real_open(path, flags, *args, **kwargs)

    def write(fd: int, data) -> int:
        if _is_temp(fd):
            writes["count"] += 1
            if point == "first-write":
                fail()
            if point == "later-write" and writes["count"] >= 2:
                return_half = writes["count"] == 2
                if return_half and len(data) > 1:  # a short write first, then the error
                    return real_write(fd, bytes(memoryview(data)[: len(data) // 2]))
                fail()
        return real_write(fd, data)

    def fsync(fd: int) -> None:
        if point == "fsync-file" and _is_temp(fd):
            fail()
        if point == "fsync-folder" and _is_dir(fd):
            fail()
        return real_fsync(fd)

    def replace(src, dst, *args, **kwargs):
        if point == "replace" and str(src).endswith(".tmp"):
            fail()
        return real_replace(src, dst, *args, **kwargs)

    patches = {"open": open_, "write": write, "fsync": fsync, "replace": replace}
    saved = {name: getattr(os, name) for name in patches}
    for name, patched in patches.items():
        setattr(os, name, patched)
    try:
        yield hits
    finally:
        for name, original in saved.items():
            setattr(os, name, original)


POINTS = ["temp-open", "first-write", "later-write", "fsync-file", "replace", "fsync-folder"]
ERRNOS = {
    errno.ENOSPC: "the disk is full",
    errno.EIO: "input/output error",
    errno.EDQUOT: "quota",
}


@pytest.mark.parametrize("code", list(ERRNOS), ids=[errno.errorcode[c] for c in ERRNOS])
@pytest.mark.parametrize("point", POINTS)
def test_fault_during_a_write_loses_nothing(db: Path, point: str, code: int) -> None:
    store = BookmarkStore.open(db)
    saved = [add(store, f"saved {i}", i) for i in range(3)]
    store.set_position("/doc.txt", 10, SHA)
    before = db.read_bytes()

    with fault(point, code) as hits, pytest.raises(StoreError) as caught:
        add(store, "unsaved", 40)
    assert hits, "the fault was not reached"
    message = str(caught.value)
    assert ERRNOS[code] in message and str(db) in message
    assert "kept in memory" in message
    unsaved = caught.value.bookmark
    assert unsaved is not None and store.pending == [unsaved]
    assert temp_files(db) == []  # no half-written litter
    on_disk = db.read_bytes()
    if point == "fsync-folder":  # replaced already: the new file is whole, just not synced
        assert json.loads(on_disk)
    else:
        assert on_disk == before, "the previous file was changed"
    # Shown and exportable while unsaved.
    assert unsaved.id in {b.id for b in store.list()}
    assert unsaved.id in store.export_json() and "unsaved" in store.export_markdown()

    # The next successful change saves it too, without duplicates.
    later = add(store, "later", 60)
    assert store.pending == []
    reopened = BookmarkStore.open(db)
    ids = [b.id for b in reopened.list()]
    assert sorted(ids) == sorted([*(b.id for b in saved), unsaved.id, later.id])
    assert len(json.loads(db.read_bytes())["bookmarks"]) == 5
    assert reopened.get_position("/doc.txt") == (10, SHA)
    assert reopened.problems == []


def test_an_unsaved_bookmark_is_saved_by_the_position_write_on_quit(db: Path) -> None:
    """The dashboard saves the reading position as it quits; that write carries any
    bookmark still waiting to be saved."""
    store = BookmarkStore.open(db)
    with fault("replace", errno.ENOSPC), pytest.raises(StoreError):
        add(store, "waiting")
    store.set_position("/doc.txt", 5, SHA)
    assert store.pending == []
    assert [b.note for b in BookmarkStore.open(db).list()] == ["waiting"]


def test_failed_edit_is_retried_by_the_next_change(db: Path) -> None:
    store = BookmarkStore.open(db)
    first = add(store, "v1")
    second = add(store, "other", 20)
    with fault("first-write", errno.EIO), pytest.raises(StoreError, match="kept in memory"):
        store.update(first.id, note="v2", tags=["edited"])
    assert BookmarkStore.open(db).get(first.id).note == "v1"
    store.update(second.id, note="other v2")
    reopened = BookmarkStore.open(db)
    assert reopened.get(first.id).note == "v2" and reopened.get(first.id).tags == ("edited",)
    assert reopened.get(second.id).note == "other v2"


def _refuse_writes_in(folder: Path, code: int) -> Callable[[], None]:
    """Make ``folder`` refuse new files and folders with ``code`` (EROFS: a read-only
    mount; EACCES: a folder owned by another user). Returns an undo function."""
    real_open, real_mkdir = os.open, os.mkdir

    def open_(path, flags, *args, **kwargs):
        if flags & os.O_CREAT and Path(os.fsdecode(path)).parent == folder:
            raise OSError(code, os.strerror(code), str(path))
        return real_open(path, flags, *args, **kwargs)

    def mkdir(path, *args, **kwargs):
        if Path(os.fsdecode(path)).parent == folder:
            raise OSError(code, os.strerror(code), str(path))
        return real_mkdir(path, *args, **kwargs)

    os.open, os.mkdir = open_, mkdir  # type: ignore[assignment]

    def undo() -> None:
        os.open, os.mkdir = real_open, real_mkdir  # type: ignore[assignment]

    return undo


@pytest.mark.parametrize(
    ("code", "words"),
    [(errno.EROFS, "read-only"), (errno.EACCES, "permission denied")],
    ids=["read-only-folder", "folder-of-another-user"],
)
def test_folder_that_refuses_writes(db: Path, code: int, words: str) -> None:
    store = BookmarkStore.open(db)
    saved = add(store, "saved")
    before = db.read_bytes()
    undo = _refuse_writes_in(db.parent, code)
    try:
        again = BookmarkStore.open(db)
        assert [b.id for b in again.list()] == [saved.id]  # still readable
        # Said when opening (if the lock file cannot be made) or at the first save.
        assert all(words in p for p in again.problems), again.problems
        with pytest.raises(StoreError, match=words) as caught:
            add(again, "unsaved")
        assert again.pending == [caught.value.bookmark]
        assert "unsaved" in again.export_markdown()
        assert db.read_bytes() == before
    finally:
        undo()
    again.retry_pending()
    assert {b.note for b in BookmarkStore.open(db).list()} == {"saved", "unsaved"}


def test_folder_that_cannot_be_created(tmp_path: Path) -> None:
    parent = tmp_path / "readonly"
    parent.mkdir()
    db = parent / "lectern" / "bookmarks.json"
    undo = _refuse_writes_in(parent, errno.EROFS)
    try:
        store = BookmarkStore.open(db)
        assert any(
            "could not be created (the file system is read-only)" in p for p in store.problems
        )
        with pytest.raises(StoreError):
            add(store, "unsaved")
        assert [b.note for b in store.list()] == ["unsaved"]
    finally:
        undo()
    assert store.retry_pending() == 1
    assert [b.note for b in BookmarkStore.open(db).list()] == ["unsaved"]


def test_file_of_another_user_that_cannot_be_read(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add(BookmarkStore.open(db), "theirs")
    before = db.read_bytes()
    real_open = os.open

    def refuse(path, flags, *args, **kwargs):
        if Path(os.fsdecode(path)) == db:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    store = BookmarkStore.open(db)
    assert store.mode == MEMORY_ONLY
    assert any("could not be read (permission denied)" in p for p in store.problems)
    assert any("left untouched" in p for p in store.problems)
    with pytest.raises(StoreError):
        add(store, "mine")
    assert [b.note for b in store.pending] == ["mine"]
    monkeypatch.undo()
    assert db.read_bytes() == before  # never overwritten
    assert not list(db.parent.glob("bookmarks.json.corrupt-*"))


def test_file_replaced_by_a_folder_while_running(db: Path) -> None:
    store = BookmarkStore.open(db)
    first = add(store, "first")
    db.unlink()
    db.mkdir()
    (db / "keep-me").write_text("someone's folder")
    with pytest.raises(StoreError) as caught:
        add(store, "second")
    assert "kept in memory" in str(caught.value)
    assert {b.note for b in store.list()} >= {"second"}
    assert caught.value.bookmark in store.pending
    assert sorted(p.name for p in db.iterdir()) == ["keep-me"]  # the folder is untouched
    assert (db / "keep-me").read_text() == "someone's folder"
    assert first.id in store.export_json() and "second" in store.export_markdown()


@pytest.mark.parametrize(
    ("content", "words", "mode"),
    [
        (b"{not json", "damaged", READ_WRITE),
        (b'{"bookmarks": "a string"}', "not shaped like a Lectern bookmark file", READ_WRITE),
        (b'{"meta": {"1": {"schema_version": 99}}, "bookmarks": {}}', "newer Lectern", None),
        (b"\xff\xfe\x00garbage", "damaged", READ_WRITE),
    ],
    ids=["corrupt-json", "wrong-shape", "future-schema", "binary"],
)
def test_unreadable_content_is_never_overwritten(
    db: Path, content: bytes, words: str, mode: str | None
) -> None:
    db.parent.mkdir(parents=True)
    db.write_bytes(content)
    store = BookmarkStore.open(db)
    assert any(words in p for p in store.problems), store.problems
    kept = list(db.parent.glob("bookmarks.json.corrupt-*"))
    if mode is None:  # newer: read-only, left exactly where it is
        assert db.read_bytes() == content and kept == []
        with pytest.raises(StoreError, match="newer Lectern"):
            add(store, "unsaved")
        assert db.read_bytes() == content
    else:  # damaged: moved aside byte for byte, a fresh file takes its place
        assert [p.read_bytes() for p in kept] == [content]
        add(store, "new")
        assert [b.note for b in BookmarkStore.open(db).list()] == ["new"]


# -- owner-only files --------------------------------------------------------------------


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_bookmark_lock_position_and_corrupt_copies_are_owner_only(tmp_path: Path) -> None:
    db = tmp_path / "xdg" / "data" / "lectern" / "bookmarks.json"
    old = os.umask(0)  # the most permissive umask: modes must not depend on it
    try:
        store = BookmarkStore.open(db)
        add(store, "note")
        store.set_position("/doc.txt", 3, SHA)
        db.write_bytes(b"{damaged")
        os.chmod(db, 0o600)
        add(BookmarkStore.open(db), "after")  # damaged file moved aside, a fresh one written
    finally:
        os.umask(old)
    assert _mode(db) == 0o600
    assert _mode(store.lock_path) == 0o600
    (corrupt,) = db.parent.glob("bookmarks.json.corrupt-*")
    assert _mode(corrupt) == 0o600
    for folder in (db.parent, db.parent.parent, db.parent.parent.parent):
        assert _mode(folder) == 0o700, folder


def test_export_file_written_by_the_cli_is_owner_only(tmp_path: Path) -> None:
    from argparse import ArgumentParser

    from tui.headless import bookmarks as bookmarks_cli

    db = tmp_path / "bookmarks.json"
    add(BookmarkStore.open(db), "private note")
    parser = ArgumentParser()
    bookmarks_cli.register(parser.add_subparsers(dest="command", required=True))
    target = tmp_path / "export.md"
    old = os.umask(0)
    try:
        args = parser.parse_args(["bookmarks", "export", "--db", str(db), "-o", str(target)])
        assert bookmarks_cli.run(args) == 0
    finally:
        os.umask(old)
    assert _mode(target) == 0o600 and "private note" in target.read_text()
