"""Lectern's bookmark store: durable TinyDB file, re-anchoring, export/import.

The app owns one :class:`BookmarkStore`; widgets never open files. Names are exported lazily
(PEP 562), so importing ``tui.store.records`` for the ``Bookmark`` type does not pull TinyDB,
filelock and rapidfuzz into the dashboard's start-up."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "MEMORY_ONLY": "tui.store.bookmarks",
    "READ_ONLY": "tui.store.bookmarks",
    "READ_WRITE": "tui.store.bookmarks",
    "SCHEMA_VERSION": "tui.store.bookmarks",
    "BookmarkNotFound": "tui.store.bookmarks",
    "BookmarkStore": "tui.store.bookmarks",
    "StoreError": "tui.store.bookmarks",
    "default_db_path": "tui.store.paths",
    "resolve_db_path": "tui.store.paths",
    "ANCHORED": "tui.store.records",
    "MOVED": "tui.store.records",
    "ORPHANED": "tui.store.records",
    "Bookmark": "tui.store.records",
    "matches_query": "tui.store.records",
    "normalise_tags": "tui.store.records",
    "sort_bookmarks": "tui.store.records",
}

__all__ = [
    "ANCHORED",
    "MEMORY_ONLY",
    "MOVED",
    "ORPHANED",
    "READ_ONLY",
    "READ_WRITE",
    "SCHEMA_VERSION",
    "Bookmark",
    "BookmarkNotFound",
    "BookmarkStore",
    "StoreError",
    "default_db_path",
    "matches_query",
    "normalise_tags",
    "resolve_db_path",
    "sort_bookmarks",
]

if TYPE_CHECKING:
    from tui.store.bookmarks import (
        MEMORY_ONLY,
        READ_ONLY,
        READ_WRITE,
        SCHEMA_VERSION,
        BookmarkNotFound,
        BookmarkStore,
        StoreError,
    )
    from tui.store.paths import default_db_path, resolve_db_path
    from tui.store.records import (
        ANCHORED,
        MOVED,
        ORPHANED,
        Bookmark,
        matches_query,
        normalise_tags,
        sort_bookmarks,
    )


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'tui.store' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value
