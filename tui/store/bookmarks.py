"""``BookmarkStore``: bookmarks and reading positions in one TinyDB file that never loses them.

:meth:`BookmarkStore.add` returns once the bookmark is on disk (else :class:`StoreError`, and it
stays in :attr:`BookmarkStore.pending`); changes run under a cross-process lock after a fresh
read, via :mod:`tui.store.bookmark_index`; bad files are never destroyed (docs/ARCHITECTURE.md)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import replace
from pathlib import Path

import tui.store.exchange as exchange
from tui.store.anchoring import Anchor, make_anchor, reanchor
from tui.store.bookmark_file import MEMORY_ONLY, READ_ONLY, READ_WRITE
from tui.store.bookmark_index import BookmarkIndex
from tui.store.errors import BookmarkNotFound, StoreError
from tui.store.layout import SCHEMA_VERSION
from tui.store.paths import resolve_db_path
from tui.store.records import (
    ANCHORED,
    Bookmark,
    RecordError,
    filter_bookmarks,
    normalise_tags,
    utc_now,
)

__all__ = [
    "MEMORY_ONLY",
    "READ_ONLY",
    "READ_WRITE",
    "SCHEMA_VERSION",
    "BookmarkNotFound",
    "BookmarkStore",
    "StoreError",
]


class BookmarkStore:
    """Bookmarks and reading positions of one user, in one file (see docs/ARCHITECTURE.md).

    Safe to use from several threads; use :meth:`open` to create one.
    """

    def __init__(self, path: Path) -> None:
        self._books = BookmarkIndex(path)
        self._file = self._books.file
        self._mutex = self._file.mutex
        self._pending = self._books.pending
        """Bookmarks not saved yet: the same dict as the index's, never replaced."""

    @classmethod
    def open(cls, db_path: str | os.PathLike[str] | None = None) -> BookmarkStore:
        """Open (or start) the bookmark file: ``db_path``, else ``$LECTERN_DB``, else the
        per-user default. Never raises; see :attr:`problems` and :attr:`mode`."""
        try:
            path = resolve_db_path(db_path)
        except Exception as exc:  # noqa: BLE001 - e.g. an unusable HOME; open() never raises
            store = cls(Path(str(db_path or "bookmarks.json")))
            store._file.go_memory_only(
                f"The bookmark file location could not be worked out ({exc})."
            )
            return store
        store = cls(path)
        try:
            store._open()
        except Exception as exc:  # noqa: BLE001 - a bookmark file must not stop the app
            store._file.go_memory_only(f"The bookmark file {path} could not be opened ({exc}).")
        return store

    def _open(self) -> None:
        self._file.open()

    @property
    def path(self) -> Path:
        return self._file.path

    @property
    def lock_path(self) -> Path:
        return self._file.lock_path

    @property
    def mode(self) -> str:
        """``read-write``, ``read-only`` (newer file) or ``memory-only`` (nothing on disk)."""
        return self._file.mode

    @property
    def problems(self) -> list[str]:
        """Plain-words messages about the file (damaged, read-only, unsaved...), oldest first."""
        return self._file.problems

    def _refresh(self) -> None:
        self._file.refresh()

    def _session(self) -> AbstractContextManager[None]:
        return self._file.session()

    def _write(self, changes: Mapping[str, Bookmark | None]) -> None:
        """Save ``changes`` with the pending bookmarks (see :meth:`BookmarkIndex.write`);
        must run inside :meth:`_session`."""
        self._books.write(changes)

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
        self._save_or_keep(bookmark)
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
            if pending is not None and bookmark_id not in self._books.entries:
                return self._pending.pop(bookmark_id)
            with self._session():
                old = self._known(bookmark_id)
                self._write({bookmark_id: None})
            self._pending.pop(bookmark_id, None)
            return pending or old

    def restore(self, bookmark: Bookmark) -> None:
        """Put back a deleted bookmark with its id (undo); kept in :attr:`pending` on failure."""
        self._save_or_keep(bookmark)

    def _save_or_keep(self, bookmark: Bookmark) -> None:
        """Save ``bookmark``; if that fails, keep it in :attr:`pending` and raise
        ``StoreError`` saying so (``exc.bookmark`` is it)."""
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
            known = self._books.entries.get(bookmark_id)
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
            return self._books.merged()

    def _known(self, bookmark_id: str) -> Bookmark:
        return self._books.known(bookmark_id)

    def _indexed(self) -> list[Bookmark]:
        return self._books.indexed()

    # -- documents that changed or moved ---------------------------------------------------

    def reanchor(self, path: str, text: str, sha256: str) -> list[Bookmark]:
        """Re-anchor the bookmarks of ``path`` made on another version of its text.

        Only bookmarks whose ``sha256`` differs are touched; their offsets, state and sha are
        saved (the quote is kept as bookmarked); unsaved (pending) ones are updated in memory.
        Returns them as re-anchored. ``StoreError`` if saving failed (the results are in
        ``exc.bookmarks``).
        """

        def stale(b: Bookmark) -> bool:
            return b.path == path and b.sha256 != sha256

        with self._mutex:
            self._refresh()
            in_memory: list[Bookmark] = []
            for bookmark_id, bookmark in list(self._pending.items()):
                if stale(bookmark):
                    self._pending[bookmark_id] = _reanchored(bookmark, text, sha256)
                    in_memory.append(self._pending[bookmark_id])
            if not any(stale(b) and b.id not in self._pending for b in self._indexed()):
                return in_memory
            changes: dict[str, Bookmark | None] = {}
            try:
                with self._session():
                    changes = {
                        b.id: _reanchored(b, text, sha256)
                        for b in self._indexed()
                        if stale(b) and b.id not in self._pending
                    }
                    self._write(changes)
            except StoreError as exc:
                unsaved = [
                    _reanchored(b, text, sha256)
                    for b in self._indexed()
                    if stale(b) and b.id not in self._pending
                ]
                raise StoreError(str(exc), bookmarks=in_memory + unsaved) from exc
            return in_memory + [b for b in changes.values() if b is not None]

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
            in_memory: list[Bookmark] = []
            for bookmark_id, bookmark in list(self._pending.items()):
                if moved(bookmark):
                    self._pending[bookmark_id] = replace(bookmark, path=by_sha[bookmark.sha256])
                    in_memory.append(self._pending[bookmark_id])
            self._refresh()
            if not any(moved(b) and b.id not in self._pending for b in self._indexed()):
                return in_memory
            with self._session():
                changes: dict[str, Bookmark | None] = {
                    b.id: replace(b, path=by_sha[b.sha256])
                    for b in self._indexed()
                    if moved(b) and b.id not in self._pending
                }
                self._write(changes)
            return in_memory + [b for b in changes.values() if b is not None]

    # -- reading positions -----------------------------------------------------------------

    def get_position(self, path: str) -> tuple[int, str] | None:
        """Where reading stopped in ``path``: (sentence offset, sha256 of that text)."""
        with self._mutex:
            self._refresh()
            found = self._books.position(path)
            return None if found is None else (found["offset"], found["sha256"])

    def set_position(self, path: str, offset: int, sha256: str) -> None:
        """Remember where reading stopped in ``path`` (durable; no write if unchanged).
        ``StoreError`` if it could not be saved."""
        with self._mutex:
            self._refresh()
            found = self._books.position(path)
            if found is not None and (found["offset"], found["sha256"]) == (offset, sha256):
                return
            record = {"path": path, "offset": offset, "sha256": sha256, "updated": utc_now()}
            with self._session():
                self._books.put_position(record)
                self._write({})  # also saves pending bookmarks (e.g. on quitting)

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
                    bookmark.id in self._books.entries
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
        self._file.close()


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
