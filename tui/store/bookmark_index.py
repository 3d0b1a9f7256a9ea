"""The bookmarks of the bookmark file by id, kept in step with the file: indexed when it is
(re)loaded, and changed by one durable write that also carries the bookmarks not saved yet.

Locking and what happens when a write fails are :class:`~tui.store.bookmarks.BookmarkStore`'s;
everything here runs under its mutex."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

from tui.store.bookmark_file import BookmarkFile
from tui.store.errors import BookmarkNotFound
from tui.store.layout import BOOKMARKS, POSITIONS, RawTable, next_doc_id, table_of
from tui.store.records import Bookmark, RecordError

__all__ = ["BookmarkIndex", "IndexEntry"]


class IndexEntry(NamedTuple):
    """A bookmark as indexed: its TinyDB document id and the record it was parsed from."""

    doc_id: str
    record: dict[str, Any]
    bookmark: Bookmark


class BookmarkIndex:
    """The bookmarks of one :class:`~tui.store.bookmark_file.BookmarkFile` (``file``) as last
    read or written (``entries``), and those added or edited but not saved (``pending``)."""

    def __init__(self, path: Path) -> None:
        self.file = BookmarkFile(path, on_load=self.load)
        self.entries: dict[str, IndexEntry] = {}
        """Bookmark id → entry, for the file as last read or written."""
        self.pending: dict[str, Bookmark] = {}
        """Bookmark id → bookmark not saved yet (oldest first)."""
        self._next_doc_id: tuple[RawTable, int] | None = None
        """(table, the id its next document gets): finding the largest of 10 k ids again
        cost ~2-4 ms an add. Only :meth:`write` adds to the table while it is the same
        object; the file read again is a new one."""

    def load(self, data: Mapping[str, Any]) -> None:
        """Index the bookmarks of freshly loaded data (``BookmarkFile``'s ``on_load``)."""
        # Parsing 10 k records costs ~10x more than comparing them: reuse what is unchanged.
        previous = self.entries
        index: dict[str, IndexEntry] = {}
        unreadable = 0
        for doc_id, record in table_of(data, BOOKMARKS).items():
            known = previous.get(record.get("id")) if isinstance(record, dict) else None
            if known is not None and known.record == record:
                if known.doc_id != doc_id:
                    known = IndexEntry(doc_id, record, known.bookmark)
                index[known.bookmark.id] = known
                continue
            try:
                bookmark = Bookmark.from_record(record)
            except RecordError:
                unreadable += 1
                continue
            index[bookmark.id] = IndexEntry(doc_id, record, bookmark)
        if unreadable:
            self.file.problem(
                f"{unreadable} record(s) in {self.file.path} are not bookmarks this version "
                "understands; they are left untouched in the file."
            )
        self.entries = index

    def write(self, changes: Mapping[str, Bookmark | None]) -> None:
        """Save ``changes`` (id → new bookmark, or ``None`` to delete) in one durable write.

        Must run inside the file's session. Unsaved (pending) bookmarks ride along with every
        write, so one that failed to save is saved by the next change that succeeds.
        """
        changes = {**self.pending, **changes}
        if not changes:
            return
        written: dict[str, IndexEntry] = {}

        def apply(table: RawTable) -> None:
            remembered = self._next_doc_id
            self._next_doc_id = None  # until this change is complete
            if remembered is not None and remembered[0] is table:
                new_id = remembered[1]
            else:
                new_id = next_doc_id(table)
            for bookmark_id, bookmark in changes.items():
                known = self.entries.get(bookmark_id)
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
                written[bookmark_id] = IndexEntry(doc_id, record, bookmark)
            self._next_doc_id = (table, new_id)

        self.file.modify(BOOKMARKS, apply)
        for bookmark_id, bookmark in changes.items():
            if bookmark is None:
                self.entries.pop(bookmark_id, None)
            else:
                self.entries[bookmark_id] = written[bookmark_id]
                self.pending.pop(bookmark_id, None)

    def known(self, bookmark_id: str) -> Bookmark:
        """The saved bookmark with this id; ``BookmarkNotFound`` if there is none."""
        known = self.entries.get(bookmark_id)
        if known is None:
            raise BookmarkNotFound(f"There is no bookmark with id {bookmark_id}.")
        return known.bookmark

    def indexed(self) -> list[Bookmark]:
        """The saved bookmarks."""
        return [entry.bookmark for entry in self.entries.values()]

    def merged(self) -> list[Bookmark]:
        """Saved and unsaved bookmarks, an unsaved edit in place of its saved bookmark."""
        merged = {bookmark_id: entry.bookmark for bookmark_id, entry in self.entries.items()}
        merged.update(self.pending)
        return list(merged.values())

    # -- reading positions -----------------------------------------------------------------

    def position(self, path: str) -> dict[str, Any] | None:
        """The reading position record of ``path`` (``offset``, ``sha256``...), if valid."""
        for record in table_of(self.file.cached, POSITIONS).values():
            if (
                isinstance(record, dict)
                and record.get("path") == path
                and isinstance(record.get("offset"), int)
                and isinstance(record.get("sha256"), str)
            ):
                return record
        return None

    def put_position(self, record: dict[str, Any]) -> None:
        """Save the reading position ``record`` in place of its path's (inside a session)."""
        path = record["path"]

        def put(table: RawTable) -> None:
            for doc_id, existing in table.items():
                if isinstance(existing, dict) and existing.get("path") == path:
                    table[doc_id] = record
                    return
            table[str(next_doc_id(table))] = record

        self.file.modify(POSITIONS, put)
