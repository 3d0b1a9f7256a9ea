"""The bookmark file's layout: TinyDB tables, the schema version, and shape checks.

Tables: ``bookmarks`` (records as in ``tui.store.records``), ``positions`` (``{"path",
"offset", "sha256", "updated"}``: where reading stopped in each document) and ``meta``
(``{"schema_version": 1}``). Document ids are TinyDB's: decimal strings in the file.
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.table import Table

from tui.store.storage import DurableJSONStorage

SCHEMA_VERSION = 1
"""The version of the file layout this code writes."""

BOOKMARKS, POSITIONS, META = "bookmarks", "positions", "meta"

RawTable = dict[str, Any]
"""A table as stored: document id (decimal string) → record."""


class LecternTable(Table):
    """A TinyDB table with one extra operation: change the raw records in one write."""

    def modify(self, change: Callable[[RawTable], None]) -> None:
        """Apply ``change`` to the raw table (id string → record) and save, in one durable
        write. Unlike TinyDB's own updates this skips converting every id to ``int`` and back
        (two passes over 10 k records per write). ``change`` must replace records, never
        edit them in place, and an exception from it leaves the file as it was."""
        storage = self.storage
        assert isinstance(storage, DurableJSONStorage)
        tables = storage.read()
        if tables is None:
            tables = {}
        table = tables.get(self.name)
        if not isinstance(table, dict):
            table = tables[self.name] = {}
        try:
            change(table)
        except BaseException:
            storage.forget()  # the change may have half-happened in the cached data
            raise
        storage.write(tables, replaced_only=True)
        self.clear_cache()


class LecternDatabase(TinyDB):
    table_class = LecternTable


def next_doc_id(table: Mapping[str, Any]) -> int:
    """The id for a new document: one more than the largest (TinyDB's rule)."""
    return max((int(doc_id) for doc_id in table), default=0) + 1


def table_of(data: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    """Table ``name`` of the loaded data, or an empty one."""
    table = data.get(name)
    return table if isinstance(table, Mapping) else {}


def schema_version(data: Mapping[str, Any]) -> int | None:
    """The highest ``schema_version`` in the ``meta`` table (``None`` if there is none)."""
    versions = [
        record["schema_version"]
        for record in table_of(data, META).values()
        if isinstance(record, Mapping) and type(record.get("schema_version")) is int  # not a bool
    ]
    return max(versions) if versions else None


def put_schema_version(table: RawTable) -> None:
    """The ``meta`` table's one record."""
    table.clear()
    table["1"] = {"schema_version": SCHEMA_VERSION}


def has_our_shape(data: Mapping[str, Any]) -> bool:
    """Every table maps decimal document ids to objects (what TinyDB needs to work)."""
    for table in data.values():
        if not isinstance(table, Mapping):
            return False
        for doc_id, record in table.items():
            if not (isinstance(doc_id, str) and doc_id.isdigit() and isinstance(record, dict)):
                return False
    return True


def rename_no_clobber(source: Path, target: Path) -> None:
    """Rename ``source`` to ``target`` without ever replacing an existing ``target``
    (a hard link then unlink where the file system allows, else check-and-rename)."""
    try:
        os.link(source, target)
    except FileExistsError:
        raise
    except OSError:
        if target.exists():
            raise FileExistsError(errno.EEXIST, "already exists", str(target)) from None
        os.rename(source, target)
        return
    with contextlib.suppress(FileNotFoundError):
        os.unlink(source)
