"""Lectern's bookmark store: durable TinyDB file, re-anchoring, export/import.

Widgets never import this to open files; the app owns one :class:`BookmarkStore`.
"""

from __future__ import annotations

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
