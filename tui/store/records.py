"""The ``Bookmark`` type, its JSON record, tags, and the query/sort rules the UI shares.

A record (schema 1) holds id, path, title, sha256, ``position`` and ``quote`` (W3C selectors),
note, tags, created/updated times and state; layout in docs/ARCHITECTURE.md. Pure: the store
does the I/O, the panel filters with :func:`matches_query` and :func:`sort_bookmarks`."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tui.store.anchoring import ANCHORED, MOVED, ORPHANED, STATES, Anchor

__all__ = [
    "ANCHORED",
    "MOVED",
    "ORPHANED",
    "SORTS",
    "STATES",
    "Bookmark",
    "RecordError",
    "matches_query",
    "normalise_tags",
    "sort_bookmarks",
    "utc_now",
]

SORTS = ("position", "date")
"""``position``: by document, then where the passage is; ``date``: newest first."""


class RecordError(ValueError):
    """A stored or imported record does not have the shape of a bookmark."""


def utc_now() -> str:
    """Now as ISO-8601 in UTC with milliseconds (sorts as text within one format)."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def normalise_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Tags stripped of white space and a leading ``#``, empties dropped, duplicates removed
    case-insensitively (the first spelling wins), order kept."""
    seen: set[str] = set()
    out: list[str] = []
    for tag in tags:
        clean = " ".join(str(tag).split()).lstrip("#").strip()
        key = clean.casefold()
        if clean and key not in seen:
            seen.add(key)
            out.append(clean)
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Bookmark:
    """A passage of one document with the reader's note and tags."""

    id: str
    path: str
    title: str
    sha256: str
    """sha256 of the document text ``anchor`` refers to."""
    anchor: Anchor
    note: str = ""
    tags: tuple[str, ...] = ()
    created: str = ""
    updated: str = ""
    state: str = ANCHORED
    """``anchored``, ``moved`` (found elsewhere after the text changed) or ``orphaned``."""

    @property
    def start(self) -> int:
        return self.anchor.start

    @property
    def end(self) -> int:
        return self.anchor.end

    @property
    def quote(self) -> str:
        """The passage as it was bookmarked."""
        return self.anchor.exact

    @property
    def orphaned(self) -> bool:
        return self.state == ORPHANED

    def to_record(self) -> dict[str, Any]:
        """The JSON record (layout: docs/ARCHITECTURE.md)."""
        return {
            "id": self.id,
            "path": self.path,
            "title": self.title,
            "sha256": self.sha256,
            "position": {"start": self.anchor.start, "end": self.anchor.end},
            "quote": {
                "exact": self.anchor.exact,
                "prefix": self.anchor.prefix,
                "suffix": self.anchor.suffix,
            },
            "note": self.note,
            "tags": list(self.tags),
            "created": self.created,
            "updated": self.updated,
            "state": self.state,
        }

    @classmethod
    def from_record(cls, record: Any) -> Bookmark:
        """Parse a record, checking every field's type; raises ``RecordError``.

        Written flat (no helper per field): a store opening 10 k bookmarks parses them all.
        """
        try:
            position = record["position"]
            quote = record["quote"]
            values = (
                record["id"],
                record["path"],
                record["title"],
                record["sha256"],
                quote["exact"],
                quote["prefix"],
                quote["suffix"],
                record["note"],
                record["created"],
                record["updated"],
                record["state"],
            )
            start = position["start"]
            end = position["end"]
            tags = record["tags"]
        except (KeyError, TypeError, IndexError) as exc:
            raise RecordError(f"not a bookmark record (missing or misplaced {exc})") from None
        if not all(type(value) is str for value in values):
            raise RecordError("a text field of the record is not a string")
        if type(start) is not int or type(end) is not int or not 0 <= start <= end:
            raise RecordError(f"invalid position {start!r}..{end!r}")
        if type(tags) is not list or not all(type(tag) is str for tag in tags):
            raise RecordError("tags must be a list of strings")
        ident, path, title, sha256, exact, prefix, suffix, note, created, updated, state = values
        if state not in STATES:
            raise RecordError(f"unknown state {state!r}")
        if not ident:
            raise RecordError("empty id")
        return cls(
            id=ident,
            path=path,
            title=title,
            sha256=sha256,
            anchor=Anchor(start, end, exact, prefix, suffix),
            note=note,
            tags=tuple(tags),
            created=created,
            updated=updated,
            state=state,
        )


# -- what the list shows ---------------------------------------------------------------------

_WORDS = re.compile(r"\S+")


def matches_query(bookmark: Bookmark, query: str) -> bool:
    """Whether ``bookmark`` matches every word of ``query`` (case-insensitive).

    A plain word matches as a substring of the quote, the note, the title or a tag; ``#word``
    matches tags only, by prefix (``#dick`` finds ``Dickens``); a lone ``#`` (someone is
    typing a tag) matches everything, like an empty query.
    """
    for word in _WORDS.findall(query):
        folded = word.casefold()
        if folded == "#":
            continue
        if folded.startswith("#"):
            wanted = folded[1:]
            if not any(tag.casefold().startswith(wanted) for tag in bookmark.tags):
                return False
        elif not (
            folded in bookmark.quote.casefold()
            or folded in bookmark.note.casefold()
            or folded in bookmark.title.casefold()
            or any(folded in tag.casefold() for tag in bookmark.tags)
        ):
            return False
    return True


def sort_bookmarks(items: Iterable[Bookmark], sort: str = "position") -> list[Bookmark]:
    """``position``: by document title and path, then offset; ``date``: newest first."""
    if sort == "date":
        return sorted(items, key=lambda b: (b.created, b.id), reverse=True)
    if sort == "position":
        return sorted(items, key=lambda b: (b.title.casefold(), b.path, b.start, b.end, b.id))
    raise ValueError(f"unknown sort {sort!r}; expected one of {SORTS}")


def filter_bookmarks(
    items: Sequence[Bookmark], path: str | None = None, query: str = "", sort: str = "position"
) -> list[Bookmark]:
    """The bookmarks of ``path`` (all if ``None``) matching ``query``, sorted."""
    chosen = [b for b in items if (path is None or b.path == path) and matches_query(b, query)]
    return sort_bookmarks(chosen, sort)
