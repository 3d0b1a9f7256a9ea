"""``BookmarkStore``: bookmarks and reading positions in one TinyDB file that never loses them.

Guarantees, and how they are kept:

* **Durable adds.** :meth:`BookmarkStore.add` returns only after the file on disk holds the
  bookmark (:class:`~tui.store.storage.DurableJSONStorage` replaces the file atomically and
  fsyncs). If saving fails (read-only folder, full disk, I/O error) it raises
  :class:`StoreError` and keeps the bookmark in :attr:`BookmarkStore.pending`: it is listed,
  exported, and saved by :meth:`BookmarkStore.retry_pending` later.
* **Several instances.** Every read-modify-write holds a ``filelock`` lock (the db path plus
  ``.lock``) and starts by re-reading the file, so two dashboards and the CLI never lose each
  other's changes. Document ids are chosen inside the lock from the fresh table.
* **Bad files are never destroyed.** A file that is not JSON, or not shaped like ours, is
  renamed to ``bookmarks.json.corrupt-<UTC time>`` and a fresh store starts; a file from a
  newer Lectern (higher ``schema_version`` in the ``meta`` table) is opened read-only; an
  unreadable file or a path that is a folder gives a memory-only store. Each case appends a
  plain-words message to :attr:`BookmarkStore.problems` for the UI to show.
  ``BookmarkStore.open`` itself never raises.

Tables: ``bookmarks`` (records as described in ``tui.store.records``), ``positions``
(``{"path", "offset", "sha256", "updated"}``: where reading stopped in each document) and
``meta`` (``{"schema_version": 1}``).
"""

from __future__ import annotations

import contextlib
import os
import threading
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

import filelock

from analysis.anchoring import Anchor, make_anchor, reanchor
from tui.store import exchange
from tui.store.errors import BookmarkNotFound, StoreError, describe_os_error
from tui.store.layout import (
    BOOKMARKS,
    META,
    POSITIONS,
    SCHEMA_VERSION,
    LecternDatabase,
    RawTable,
    has_our_shape,
    next_doc_id,
    put_schema_version,
    rename_no_clobber,
    schema_version,
    table_of,
)
from tui.store.paths import FILE_MODE, ensure_private_dir, resolve_db_path
from tui.store.records import (
    ANCHORED,
    Bookmark,
    RecordError,
    filter_bookmarks,
    normalise_tags,
    utc_now,
)
from tui.store.storage import CorruptFileError, DurableJSONStorage

__all__ = [
    "MEMORY_ONLY",
    "READ_ONLY",
    "READ_WRITE",
    "SCHEMA_VERSION",
    "BookmarkNotFound",
    "BookmarkStore",
    "StoreError",
]

LOCK_TIMEOUT = 10.0
"""Seconds to wait for another Lectern to finish writing before giving up."""

READ_WRITE = "read-write"
READ_ONLY = "read-only"
"""The file is read but never written (it comes from a newer Lectern)."""
MEMORY_ONLY = "memory-only"
"""Nothing could be read from disk and nothing will be written there this session."""


class _Entry(NamedTuple):
    """A bookmark as indexed: its TinyDB document id and the record it was parsed from."""

    doc_id: str
    record: dict[str, Any]
    bookmark: Bookmark


class BookmarkStore:
    """Bookmarks and reading positions of one user, in one file (see the module docstring).

    Safe to use from several threads; use :meth:`open` to create one.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock_path = path.with_name(path.name + ".lock")
        self.mode = READ_WRITE
        self.problems: list[str] = []
        """Plain-words messages about the file (damaged, read-only, unsaved...), oldest first."""
        self._mutex = threading.RLock()
        self._lock = filelock.FileLock(self.lock_path, timeout=LOCK_TIMEOUT, mode=FILE_MODE)
        self._db: LecternDatabase | None = None
        self._storage: DurableJSONStorage | None = None
        self._seen_generation = -1
        self._index: dict[str, _Entry] = {}
        """Bookmark id → entry, for the file as last read or written."""
        self._pending: dict[str, Bookmark] = {}
        self._not_writable = ""
        self._last_good: dict[str, Any] | None = None
        """The last data that passed validation: what a damaged file is rebuilt from."""

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def open(cls, db_path: str | os.PathLike[str] | None = None) -> BookmarkStore:
        """Open (or start) the bookmark file: ``db_path``, else ``$LECTERN_DB``, else the
        per-user default. Never raises; see :attr:`problems` and :attr:`mode`."""
        try:
            path = resolve_db_path(db_path)
        except Exception as exc:  # noqa: BLE001 - e.g. an unusable HOME; open() never raises
            store = cls(Path(str(db_path or "bookmarks.json")))
            store._go_memory_only(f"The bookmark file location could not be worked out ({exc}).")
            return store
        store = cls(path)
        try:
            store._open()
        except Exception as exc:  # noqa: BLE001 - a bookmark file must not stop the app
            store._go_memory_only(f"The bookmark file {path} could not be opened ({exc}).")
        return store

    def _open(self) -> None:
        path = self.path
        if path.is_dir():
            self._go_memory_only(f"The bookmark file {path} is a folder, not a file.")
            return
        if path.exists() and not path.is_file():
            self._go_memory_only(f"The bookmark file {path} is not a regular file.")
            return
        try:
            ensure_private_dir(path.parent)
        except OSError as exc:
            self._problem(
                f"The folder for bookmarks, {path.parent}, could not be created "
                f"({describe_os_error(exc)}). Bookmarks you add are kept in memory until it can."
            )
        self._db = LecternDatabase(str(path), storage=DurableJSONStorage)
        self._storage = self._db.storage  # type: ignore[assignment]
        try:
            self._lock.acquire()
        except (filelock.Timeout, OSError) as exc:
            reason = "it is locked" if isinstance(exc, filelock.Timeout) else describe_os_error(exc)
            self._problem(
                f"Bookmarks cannot be saved in {path.parent} right now ({reason}); "
                "bookmarks you add are kept in memory until they can."
            )
            self._first_read(locked=False)
            return
        try:
            assert self._storage is not None
            self._storage.remove_stale_temp_files()
            self._first_read(locked=True)
        finally:
            self._lock.release()

    def _first_read(self, *, locked: bool) -> None:
        assert self._storage is not None
        try:
            self._storage.read()
            self._after_load()
        except CorruptFileError as exc:
            if locked:
                self._move_aside(str(exc))
            else:  # renaming without the lock could race a writer: leave the file alone
                self._go_memory_only(
                    f"The bookmark file {self.path} is damaged ({exc}). It is left untouched."
                )
        except OSError as exc:
            self._go_memory_only(
                f"The bookmark file {self.path} could not be read ({describe_os_error(exc)}). "
                "It is left untouched."
            )

    def _go_memory_only(self, message: str) -> None:
        self.mode = MEMORY_ONLY
        self._not_writable = message
        if self._storage is not None:
            self._storage.read_only = True
            self._storage.forget()
        self._db = None
        self._storage = None
        self._index = {}
        self._problem(message + " Bookmarks are kept in memory only.")

    def _problem(self, message: str) -> None:
        if message not in self.problems:
            self.problems.append(message)

    # -- keeping up with the file ----------------------------------------------------------

    def _refresh(self, *, locked: bool = False) -> None:
        """Bring the in-memory view up to date with the file (a stat when unchanged)."""
        if self._storage is None:
            return
        try:
            self._storage.read()
            self._after_load()
        except CorruptFileError as exc:
            if self.mode != READ_WRITE:
                self._problem(
                    f"The bookmark file {self.path} is damaged ({exc}); showing the bookmarks "
                    "as they were when last read."
                )
            elif locked:
                self._move_aside(str(exc))
            else:
                try:  # confirm and move aside under the lock, so no writer is racing us
                    with self._file_lock():
                        self._refresh(locked=True)
                except StoreError as lock_error:
                    self._problem(str(lock_error))
        except OSError as exc:
            message = f"The bookmark file {self.path} could not be read ({describe_os_error(exc)})."
            if locked:
                raise StoreError(message) from exc
            self._problem(message + " Showing the bookmarks as they were when last read.")

    def _after_load(self) -> None:
        """Check what was (re)loaded: schema version, shape, and index the bookmarks.

        Raises ``CorruptFileError`` for a file of our version that is not shaped like ours.
        """
        storage = self._storage
        if storage is None or storage.generation == self._seen_generation:
            return
        data = storage.cached or {}
        version = schema_version(data)
        if version is not None and version > SCHEMA_VERSION:
            self._go_read_only(version)
        elif not has_our_shape(data):
            raise CorruptFileError("valid JSON, but not shaped like a Lectern bookmark file")
        else:
            self._last_good = storage.cached
        # Parsing 10 k records costs ~10x more than comparing them: reuse what is unchanged.
        previous = self._index
        index: dict[str, _Entry] = {}
        unreadable = 0
        for doc_id, record in table_of(data, BOOKMARKS).items():
            known = previous.get(record.get("id")) if isinstance(record, dict) else None
            if known is not None and known.record == record:
                if known.doc_id != doc_id:
                    known = _Entry(doc_id, record, known.bookmark)
                index[known.bookmark.id] = known
                continue
            try:
                bookmark = Bookmark.from_record(record)
            except RecordError:
                unreadable += 1
                continue
            index[bookmark.id] = _Entry(doc_id, record, bookmark)
        if unreadable:
            self._problem(
                f"{unreadable} record(s) in {self.path} are not bookmarks this version "
                "understands; they are left untouched in the file."
            )
        self._index = index
        self._seen_generation = storage.generation

    def _go_read_only(self, version: int) -> None:
        message = (
            f"The bookmark file {self.path} was written by a newer Lectern (schema version "
            f"{version}; this one understands {SCHEMA_VERSION}). It is open read-only and will "
            "not be changed."
        )
        self.mode = READ_ONLY
        self._not_writable = message
        if self._storage is not None:
            self._storage.read_only = True
        self._problem(message)

    def _move_aside(self, reason: str) -> None:
        """Rename a damaged file out of the way (never delete it) and start afresh."""
        assert self._storage is not None
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        counter = 1
        while target.exists():
            target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{counter}")
            counter += 1
        try:
            rename_no_clobber(self.path, target)
        except OSError as exc:
            self._go_memory_only(
                f"The bookmark file {self.path} is damaged ({reason}) and could not be moved "
                f"aside ({describe_os_error(exc)}). It is left untouched."
            )
            return
        last_good = self._last_good
        self._last_good = None
        self._storage.forget()
        message = f"The bookmark file {self.path} was damaged ({reason}). It was kept as {target}"
        if last_good and self.mode == READ_WRITE:
            try:
                self._storage.write(last_good)
                message += "; the bookmarks Lectern had in memory were saved to a new file."
            except OSError as exc:
                message += f"; saving a new file failed ({describe_os_error(exc)})."
        else:
            message += " and a new, empty bookmark list was started."
        self._problem(message)
        self._seen_generation = -1
        self._index = {}
        with contextlib.suppress(CorruptFileError, OSError):
            self._storage.read()
            self._after_load()

    # -- locking ---------------------------------------------------------------------------

    @contextlib.contextmanager
    def _file_lock(self) -> Iterator[None]:
        try:
            self._lock.acquire()
        except filelock.Timeout as exc:
            raise StoreError(
                f"Another program has kept the bookmark file locked for {LOCK_TIMEOUT:.0f} s "
                f"({self.lock_path})."
            ) from exc
        except OSError as exc:
            raise StoreError(
                f"Could not save to {self.path}: the lock file could not be created "
                f"({describe_os_error(exc)})."
            ) from exc
        try:
            yield
        finally:
            self._lock.release()

    @contextlib.contextmanager
    def _session(self) -> Iterator[None]:
        """One read-modify-write: thread mutex, file lock, then a fresh look at the file."""
        with self._mutex:
            if self.mode != READ_WRITE or self._db is None:
                raise StoreError(self._not_writable or "The bookmark store is not writable.")
            with self._file_lock():
                self._refresh(locked=True)
                if self.mode != READ_WRITE or self._db is None:
                    raise StoreError(self._not_writable)
                yield

    def _write(self, changes: Mapping[str, Bookmark | None]) -> None:
        """Save ``changes`` (id → new bookmark, or ``None`` to delete) in one durable write.

        Must run inside :meth:`_session`.
        """
        assert self._db is not None and self._storage is not None
        if not changes:
            return
        try:
            if schema_version(self._storage.cached or {}) is None:
                self._db.table(META).modify(put_schema_version)  # first save ever
            written: dict[str, _Entry] = {}

            def apply(table: RawTable) -> None:
                new_id = next_doc_id(table)
                for bookmark_id, bookmark in changes.items():
                    known = self._index.get(bookmark_id)
                    if bookmark is None:
                        if known is not None:
                            table.pop(known.doc_id, None)
                        continue
                    if known is not None:
                        doc_id = known.doc_id
                    else:
                        doc_id, new_id = str(new_id), new_id + 1
                    record = bookmark.to_record()
                    table[doc_id] = record
                    written[bookmark_id] = _Entry(doc_id, record, bookmark)

            self._db.table(BOOKMARKS).modify(apply)
        except OSError as exc:
            raise StoreError(f"Could not save to {self.path}: {describe_os_error(exc)}.") from exc
        self._last_good = self._storage.cached
        for bookmark_id, bookmark in changes.items():
            if bookmark is None:
                self._index.pop(bookmark_id, None)
            else:
                self._index[bookmark_id] = written[bookmark_id]
                self._pending.pop(bookmark_id, None)

    # -- bookmarks -------------------------------------------------------------------------

    @property
    def writable(self) -> bool:
        return self.mode == READ_WRITE

    @property
    def pending(self) -> list[Bookmark]:
        """Bookmarks added or edited this session that are not saved yet (oldest first)."""
        with self._mutex:
            return list(self._pending.values())

    def add(
        self,
        path: str,
        title: str,
        text: str,
        sha256: str,
        start: int,
        end: int,
        note: str = "",
        tags: Sequence[str] = (),
    ) -> Bookmark:
        """Bookmark ``text[start:end]`` of the document at ``path``; saved before returning.

        ``ValueError`` for an empty or out-of-range passage. ``StoreError`` if it could not
        be saved: the bookmark is then in :attr:`pending` (and in ``exc.bookmark``).
        """
        now = utc_now()
        bookmark = Bookmark(
            id=uuid.uuid4().hex,
            path=path,
            title=title,
            sha256=sha256,
            anchor=make_anchor(text, start, end),
            note=note,
            tags=normalise_tags(tags),
            created=now,
            updated=now,
            state=ANCHORED,
        )
        with self._mutex:
            try:
                with self._session():
                    self._write({bookmark.id: bookmark})
            except StoreError as exc:
                self._pending[bookmark.id] = bookmark
                raise StoreError(
                    f"{exc} The bookmark is kept in memory and will be saved when possible.",
                    bookmark=bookmark,
                ) from exc
        return bookmark

    def update(
        self, bookmark_id: str, *, note: str | None = None, tags: Sequence[str] | None = None
    ) -> Bookmark:
        """Change a bookmark's note and/or tags. ``BookmarkNotFound`` if it does not exist;
        ``StoreError`` if saving failed (the edit is then kept in :attr:`pending`)."""

        def edited(old: Bookmark) -> Bookmark:
            return replace(
                old,
                note=old.note if note is None else note,
                tags=old.tags if tags is None else normalise_tags(tags),
                updated=utc_now(),
            )

        with self._mutex:
            try:
                with self._session():
                    old = self._pending.get(bookmark_id) or self._known(bookmark_id)
                    new = edited(old)
                    self._write({bookmark_id: new})
                    return new
            except BookmarkNotFound:
                raise
            except StoreError as exc:
                new = edited(self._pending.get(bookmark_id) or self._known(bookmark_id))
                self._pending[bookmark_id] = new
                raise StoreError(
                    f"{exc} The change is kept in memory and will be saved when possible.",
                    bookmark=new,
                ) from exc

    def delete(self, bookmark_id: str) -> Bookmark:
        """Remove a bookmark and return it (pass it to :meth:`restore` to undo)."""
        with self._mutex:
            self._refresh()
            pending = self._pending.get(bookmark_id)
            if pending is not None and bookmark_id not in self._index:
                return self._pending.pop(bookmark_id)
            with self._session():
                old = self._known(bookmark_id)
                self._write({bookmark_id: None})
            self._pending.pop(bookmark_id, None)
            return pending or old

    def restore(self, bookmark: Bookmark) -> None:
        """Put back a deleted bookmark with its id (undo); kept in :attr:`pending` on failure."""
        with self._mutex:
            try:
                with self._session():
                    self._write({bookmark.id: bookmark})
            except StoreError as exc:
                self._pending[bookmark.id] = bookmark
                raise StoreError(
                    f"{exc} The bookmark is kept in memory and will be saved when possible.",
                    bookmark=bookmark,
                ) from exc

    def retry_pending(self) -> int:
        """Save the bookmarks in :attr:`pending`; returns how many. ``StoreError`` if it
        still fails (they stay pending)."""
        with self._mutex:
            if not self._pending:
                return 0
            batch = dict(self._pending)
            with self._session():
                self._write(batch)
            return len(batch)

    def get(self, bookmark_id: str) -> Bookmark | None:
        """The bookmark with this id (unsaved edits included), or ``None``."""
        with self._mutex:
            self._refresh()
            if bookmark_id in self._pending:
                return self._pending[bookmark_id]
            known = self._index.get(bookmark_id)
            return known.bookmark if known is not None else None

    def list(
        self, path: str | None = None, *, query: str = "", sort: str = "position"
    ) -> list[Bookmark]:
        """Bookmarks of ``path`` (all documents if ``None``) matching ``query``, sorted.

        ``query``: words matched in the quote, note, title or tags; ``#tag`` matches tags
        only (see ``tui.store.records.matches_query``). ``sort``: ``position`` or ``date``.
        Unsaved (pending) bookmarks are included.
        """
        return filter_bookmarks(self._all(), path, query, sort)

    def _all(self) -> list[Bookmark]:
        with self._mutex:
            self._refresh()
            merged = {bookmark_id: entry.bookmark for bookmark_id, entry in self._index.items()}
            merged.update(self._pending)
            return list(merged.values())

    def _known(self, bookmark_id: str) -> Bookmark:
        known = self._index.get(bookmark_id)
        if known is None:
            raise BookmarkNotFound(f"There is no bookmark with id {bookmark_id}.")
        return known.bookmark

    def _indexed(self) -> list[Bookmark]:
        return [entry.bookmark for entry in self._index.values()]

    # -- documents that changed or moved ---------------------------------------------------

    def reanchor(self, path: str, text: str, sha256: str) -> list[Bookmark]:
        """Re-anchor the bookmarks of ``path`` made on another version of its text.

        Only bookmarks whose ``sha256`` differs are touched; their offsets, state and sha are
        saved (the quote is kept as bookmarked). Returns them as re-anchored. ``StoreError``
        if saving failed (the results are in ``exc.bookmarks``).
        """
        with self._mutex:
            self._refresh()
            for bookmark_id, bookmark in list(self._pending.items()):
                if bookmark.path == path and bookmark.sha256 != sha256:
                    self._pending[bookmark_id] = _reanchored(bookmark, text, sha256)
            stale = [b for b in self._indexed() if b.path == path and b.sha256 != sha256]
            if not stale:
                return []
            try:
                with self._session():
                    changes = {
                        b.id: _reanchored(b, text, sha256)
                        for b in self._indexed()
                        if b.path == path and b.sha256 != sha256 and b.id not in self._pending
                    }
                    self._write(changes)
            except StoreError as exc:
                results = [_reanchored(b, text, sha256) for b in stale]
                raise StoreError(str(exc), bookmarks=results) from exc
            return [b for b in changes.values() if b is not None]

    def relocate(self, documents: Sequence[tuple[str, str]]) -> list[Bookmark]:
        """Point bookmarks of files that no longer exist at an opened document with the same
        text (``documents``: ``(path, sha256)`` pairs; the first path for a sha wins).

        A bookmark whose file still exists is left alone even if a copy is open elsewhere.
        Returns the relocated bookmarks.
        """
        opened = {path for path, _ in documents}
        by_sha: dict[str, str] = {}
        for path, sha in documents:
            by_sha.setdefault(sha, path)
        exists: dict[str, bool] = {}

        def gone(path: str) -> bool:
            if path not in exists:
                exists[path] = os.path.exists(path)
            return not exists[path]

        def moved(b: Bookmark) -> bool:
            return b.path not in opened and b.sha256 in by_sha and gone(b.path)

        with self._mutex:
            for bookmark_id, bookmark in list(self._pending.items()):
                if moved(bookmark):
                    self._pending[bookmark_id] = replace(bookmark, path=by_sha[bookmark.sha256])
            self._refresh()
            if not any(moved(b) for b in self._indexed()):
                return []
            with self._session():
                changes: dict[str, Bookmark | None] = {
                    b.id: replace(b, path=by_sha[b.sha256])
                    for b in self._indexed()
                    if moved(b) and b.id not in self._pending
                }
                self._write(changes)
            return [b for b in changes.values() if b is not None]

    # -- reading positions -----------------------------------------------------------------

    def get_position(self, path: str) -> tuple[int, str] | None:
        """Where reading stopped in ``path``: (sentence offset, sha256 of that text)."""
        with self._mutex:
            self._refresh()
            found = self._position_record(path)
            return None if found is None else (found[1]["offset"], found[1]["sha256"])

    def set_position(self, path: str, offset: int, sha256: str) -> None:
        """Remember where reading stopped in ``path`` (durable; no write if unchanged)."""
        with self._mutex:
            self._refresh()
            found = self._position_record(path)
            if found is not None and (found[1]["offset"], found[1]["sha256"]) == (offset, sha256):
                return
            try:
                with self._session():
                    assert self._db is not None
                    record = {
                        "path": path,
                        "offset": offset,
                        "sha256": sha256,
                        "updated": utc_now(),
                    }

                    def put(table: RawTable) -> None:
                        for doc_id, existing in table.items():
                            if isinstance(existing, dict) and existing.get("path") == path:
                                table[doc_id] = record
                                return
                        table[str(next_doc_id(table))] = record

                    self._db.table(POSITIONS).modify(put)
                    self._last_good = self._storage.cached
            except OSError as exc:
                raise StoreError(
                    f"Could not save the reading position: {describe_os_error(exc)}."
                ) from exc

    def _position_record(self, path: str) -> tuple[str, dict[str, Any]] | None:
        if self._storage is None:
            return None
        for doc_id, record in table_of(self._storage.cached or {}, POSITIONS).items():
            if (
                isinstance(record, dict)
                and record.get("path") == path
                and isinstance(record.get("offset"), int)
                and isinstance(record.get("sha256"), str)
            ):
                return doc_id, record
        return None

    # -- export and import -----------------------------------------------------------------

    def export_json(self) -> str:
        """All bookmarks, unsaved ones included, in the JSON export format
        (``tui.store.exchange``); :meth:`import_json` reads it back exactly."""
        return exchange.export_json(self._all(), SCHEMA_VERSION)

    def export_markdown(self) -> str:
        """All bookmarks as a Markdown document grouped by document."""
        return exchange.export_markdown(self._all())

    def import_json(self, text: str) -> tuple[int, int]:
        """Add the bookmarks of a JSON export; returns (added, skipped).

        A bookmark whose id is already here is skipped, even if its content differs: the
        existing one is kept (export it first if in doubt). Invalid files raise
        ``StoreError`` and nothing is imported.
        """
        try:
            incoming = exchange.parse_export(text, SCHEMA_VERSION)
        except RecordError as exc:
            raise StoreError(f"Cannot import: {exc}.") from exc
        with self._mutex, self._session():
            changes: dict[str, Bookmark | None] = {}
            skipped = 0
            for bookmark in incoming:
                if (
                    bookmark.id in self._index
                    or bookmark.id in self._pending
                    or bookmark.id in changes
                ):
                    skipped += 1
                else:
                    changes[bookmark.id] = bookmark
            self._write(changes)
            return len(changes), skipped

    def close(self) -> None:
        """Release the file handles (the store can still be read from memory)."""
        with self._mutex:
            if self._storage is not None:
                self._storage.close()


# -- helpers -------------------------------------------------------------------------------


def _reanchored(bookmark: Bookmark, text: str, sha256: str) -> Bookmark:
    result = reanchor(text, bookmark.anchor)
    anchor = Anchor(
        start=result.start,
        end=result.end,
        exact=bookmark.anchor.exact,
        prefix=bookmark.anchor.prefix,
        suffix=bookmark.anchor.suffix,
    )
    return replace(bookmark, anchor=anchor, sha256=sha256, state=result.state)
