"""Bad files and failing disks: nothing is ever lost or overwritten, and the UI is told.

The suite runs as root, for whom chmod does not stop writes, so failures are simulated by
patching ``os.replace``/``os.open``/``os.fsync`` to raise what a real system would.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tui.store import MEMORY_ONLY, READ_ONLY, READ_WRITE, BookmarkStore, StoreError

TEXT = "It was a bright cold day in April, and the clocks were striking thirteen."
SHA = hashlib.sha256(TEXT.encode()).hexdigest()


def add(store: BookmarkStore, note: str = ""):
    return store.add("/doc.txt", "Nineteen", TEXT, SHA, 0, 34, note=note)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    folder = tmp_path / "lectern"
    folder.mkdir()
    return folder / "bookmarks.json"


def corrupt_copies(db: Path) -> list[Path]:
    return sorted(db.parent.glob("bookmarks.json.corrupt-*"))


def temp_files(db: Path) -> list[Path]:
    return sorted(db.parent.glob(".bookmarks.json.*.tmp"))


# -- damaged files -------------------------------------------------------------------------


def _valid_file(db: Path) -> bytes:
    store = BookmarkStore.open(db)
    for i in range(5):
        add(store, note=f"note {i}")
    return db.read_bytes()


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda db: os.urandom(3000) + b"\x00\xff", id="garbage"),
        pytest.param(lambda db: _valid_file(db)[:-40], id="truncated"),
        pytest.param(lambda db: _valid_file(db) + b'{"extra": 1}', id="extra-data"),
        pytest.param(lambda db: b"[1, 2, 3]", id="json-list"),
        pytest.param(lambda db: b'{"bookmarks": [1, 2]}', id="table-not-object"),
        pytest.param(lambda db: b'{"bookmarks": {"x": {"id": "a"}}}', id="non-numeric-id"),
        pytest.param(lambda db: b'{"bookmarks": {"1": "text"}}', id="record-not-object"),
        pytest.param(lambda db: '{"a": "\udcff"}'.encode("utf-8", "surrogatepass"), id="bad-utf8"),
    ],
)
def test_damaged_file_is_moved_aside_and_a_fresh_store_starts(
    db: Path, make: Callable[[Path], bytes]
) -> None:
    content = make(db)
    db.write_bytes(content)
    store = BookmarkStore.open(db)
    assert store.mode == READ_WRITE
    assert store.list() == []
    (kept,) = corrupt_copies(db)
    assert kept.read_bytes() == content  # never deleted or changed
    assert len(store.problems) == 1
    assert "damaged" in store.problems[0] and str(kept) in store.problems[0]
    bookmark = add(store)
    assert BookmarkStore.open(db).get(bookmark.id) == bookmark
    assert kept.read_bytes() == content


def test_two_damaged_files_in_the_same_second_both_kept(db: Path) -> None:
    db.write_bytes(b"first garbage")
    BookmarkStore.open(db)
    db.write_bytes(b"second garbage")
    BookmarkStore.open(db)
    assert sorted(p.read_bytes() for p in corrupt_copies(db)) == [
        b"first garbage",
        b"second garbage",
    ]


def test_empty_file_is_an_empty_store_not_damage(db: Path) -> None:
    db.write_bytes(b"")
    store = BookmarkStore.open(db)
    assert store.problems == [] and store.list() == []
    add(store)
    assert len(BookmarkStore.open(db).list()) == 1


def test_file_damaged_while_running_is_rebuilt_from_memory(db: Path) -> None:
    store = BookmarkStore.open(db)
    first = add(store, note="keep me")
    db.write_bytes(b"\x00" * 100)  # someone else scribbles over the file
    assert store.list() == [first]
    (kept,) = corrupt_copies(db)
    assert kept.read_bytes() == b"\x00" * 100
    assert any("damaged" in p for p in store.problems)
    assert BookmarkStore.open(db).list() == [first]


def test_unknown_records_are_left_untouched(db: Path) -> None:
    store = BookmarkStore.open(db)
    add(store)
    raw = json.loads(db.read_text())
    raw["bookmarks"]["77"] = {"id": "odd", "something": "else"}
    db.write_text(json.dumps(raw))
    other = BookmarkStore.open(db)
    assert len(other.list()) == 1
    assert any("not bookmarks" in p for p in other.problems)
    add(other)
    assert json.loads(db.read_text())["bookmarks"]["77"] == {"id": "odd", "something": "else"}


def test_future_schema_is_read_only_and_never_written(db: Path) -> None:
    store = BookmarkStore.open(db)
    existing = add(store)
    raw = json.loads(db.read_text())
    raw["meta"] = {"1": {"schema_version": 99}}
    raw["new_table_from_the_future"] = {"1": {"x": 1}}
    db.write_text(json.dumps(raw))
    before = db.read_bytes()
    before_stat = db.stat()

    newer = BookmarkStore.open(db)
    assert newer.mode == READ_ONLY
    assert any("newer Lectern" in p and "read-only" in p for p in newer.problems)
    assert newer.list() == [existing]  # still readable
    with pytest.raises(StoreError, match="newer Lectern"):
        add(newer)
    assert len(newer.pending) == 1
    with pytest.raises(StoreError):
        newer.update(existing.id, note="x")
    with pytest.raises(StoreError):
        newer.delete(existing.id)
    with pytest.raises(StoreError):
        newer.set_position("/doc.txt", 1, SHA)
    with pytest.raises(StoreError):
        newer.retry_pending()
    assert db.read_bytes() == before
    assert db.stat().st_ino == before_stat.st_ino
    assert corrupt_copies(db) == []


def test_future_schema_with_a_strange_shape_is_not_moved_aside(db: Path) -> None:
    content = b'{"meta": {"1": {"schema_version": 5}}, "bookmarks": ["a list now"]}'
    db.write_bytes(content)
    store = BookmarkStore.open(db)
    assert store.mode == READ_ONLY and store.list() == []
    assert db.read_bytes() == content and corrupt_copies(db) == []


# -- places that cannot hold a bookmark file ----------------------------------------------


def test_db_path_that_is_a_folder_gives_a_memory_only_store(db: Path) -> None:
    db.mkdir()
    store = BookmarkStore.open(db)
    assert store.mode == MEMORY_ONLY
    assert any("is a folder" in p for p in store.problems)
    with pytest.raises(StoreError) as caught:
        add(store, note="unsaved")
    assert caught.value.bookmark is not None
    assert [b.note for b in store.list()] == ["unsaved"]  # still shown
    assert [b.note for b in store.pending] == ["unsaved"]
    assert "unsaved" in store.export_markdown()  # and exportable
    assert db.is_dir() and list(db.iterdir()) == []


def test_unreadable_file_is_left_alone(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    add(BookmarkStore.open(db))
    before = db.read_bytes()
    real_open = os.open

    def refuse_reading(path, flags, *args, **kwargs):
        if Path(path) == db and flags & os.O_ACCMODE == os.O_RDONLY:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse_reading)
    store = BookmarkStore.open(db)
    assert store.mode == MEMORY_ONLY
    assert any("could not be read (permission denied)" in p for p in store.problems)
    with pytest.raises(StoreError):
        add(store)
    monkeypatch.undo()
    assert db.read_bytes() == before


def test_open_never_raises_even_on_unexpected_errors(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(self: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(BookmarkStore, "_open", explode)
    store = BookmarkStore.open(db)
    assert store.mode == MEMORY_ONLY
    assert any("boom" in p for p in store.problems)


# -- failing writes ------------------------------------------------------------------------


def _fail_replace(exc: OSError) -> Callable[..., None]:
    def replace(src, dst, *args, **kwargs):
        raise exc

    return replace


@pytest.mark.parametrize(
    ("exc", "words"),
    [
        (PermissionError(errno.EACCES, "Permission denied"), "permission denied"),
        (OSError(errno.EROFS, "Read-only file system"), "read-only"),
        (OSError(errno.ENOSPC, "No space left on device"), "disk is full"),
        (OSError(errno.EIO, "Input/output error"), "input/output error"),
    ],
)
def test_failed_add_keeps_the_bookmark_and_the_old_file(
    db: Path, monkeypatch: pytest.MonkeyPatch, exc: OSError, words: str
) -> None:
    store = BookmarkStore.open(db)
    saved = add(store, note="saved")
    before = db.read_bytes()

    monkeypatch.setattr(os, "replace", _fail_replace(exc))
    with pytest.raises(StoreError, match=words) as caught:
        add(store, note="unsaved")
    unsaved = caught.value.bookmark
    assert unsaved is not None and unsaved.note == "unsaved"
    assert "kept in memory" in str(caught.value)
    assert db.read_bytes() == before  # the previous file is intact
    assert temp_files(db) == []  # no litter
    assert store.pending == [unsaved]
    assert {b.id for b in store.list()} == {saved.id, unsaved.id}
    assert unsaved.id in store.export_json()
    with pytest.raises(StoreError):
        store.retry_pending()  # still failing: still pending
    assert store.pending == [unsaved]

    monkeypatch.undo()
    assert store.retry_pending() == 1
    assert store.pending == []
    assert {b.id for b in BookmarkStore.open(db).list()} == {saved.id, unsaved.id}


def test_failure_creating_the_temp_file(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = BookmarkStore.open(db)
    add(store)
    before = db.read_bytes()
    real_open = os.open

    def no_new_files(path, flags, *args, **kwargs):
        if str(path).endswith(".tmp"):
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", no_new_files)
    with pytest.raises(StoreError, match="disk is full"):
        add(store)
    assert db.read_bytes() == before and len(store.pending) == 1
    monkeypatch.undo()
    assert store.retry_pending() == 1
    assert len(BookmarkStore.open(db).list()) == 2


def test_fsync_failure_is_a_failure(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = BookmarkStore.open(db)
    add(store)
    before = db.read_bytes()

    def broken_fsync(fd: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(StoreError, match="input/output"):
        add(store)
    monkeypatch.undo()
    assert db.read_bytes() == before and temp_files(db) == []
    assert store.retry_pending() == 1


def test_failed_edit_and_restore_are_kept(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = BookmarkStore.open(db)
    bookmark = add(store, note="v1")
    deleted = store.delete(add(store, note="to restore").id)
    monkeypatch.setattr(os, "replace", _fail_replace(OSError(errno.ENOSPC, "full")))
    with pytest.raises(StoreError):
        store.update(bookmark.id, note="v2")
    with pytest.raises(StoreError):
        store.restore(deleted)
    assert store.get(bookmark.id).note == "v2"  # the edit is shown...
    assert BookmarkStore.open(db).get(bookmark.id).note == "v1"  # ...but not saved yet
    monkeypatch.undo()
    assert store.retry_pending() == 2
    other = BookmarkStore.open(db)
    assert other.get(bookmark.id).note == "v2"
    assert other.get(deleted.id) == deleted


def test_lock_file_that_cannot_be_created(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = BookmarkStore.open(db)
    real_open = os.open

    def no_lock(path, flags, *args, **kwargs):
        if str(path).endswith(".lock"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", no_lock)
    with pytest.raises(StoreError, match="lock file"):
        add(store)
    assert len(store.pending) == 1
    monkeypatch.undo()
    assert store.retry_pending() == 1


def test_stale_temp_files_are_removed_on_open(db: Path) -> None:
    add(BookmarkStore.open(db))
    leftover = db.parent / ".bookmarks.json.12345.deadbeef.tmp"
    leftover.write_text('{"half": ')
    unrelated = db.parent / "notes.tmp"
    unrelated.write_text("mine")
    store = BookmarkStore.open(db)
    assert not leftover.exists()
    assert unrelated.exists()
    assert len(store.list()) == 1 and store.problems == []


def test_bookmarks_added_by_two_stores_in_turn_all_get_their_own_record(db: Path) -> None:
    mine, theirs = BookmarkStore.open(db), BookmarkStore.open(db)
    added = [add(mine, "1"), add(theirs, "2"), add(mine, "3")]
    mine.delete(added[2].id)  # the largest document id
    added[2:] = [add(mine, "4"), add(theirs, "5"), add(mine, "6")]
    table = json.loads(db.read_text())["bookmarks"]
    assert sorted(record["note"] for record in table.values()) == ["1", "2", "4", "5", "6"]
    assert {b.note for b in BookmarkStore.open(db).list()} == {"1", "2", "4", "5", "6"}
