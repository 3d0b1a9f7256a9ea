"""The ``Bookmark`` type, its JSON record, tags, and the query/sort rules the UI shares.

A bookmark's JSON record (schema version 1), as stored and exported::

    {
      "id": "3f2a...",                      # uuid4 hex, never changes
      "path": "/home/ann/books/dickens.txt",
      "title": "A Tale of Two Cities",
      "sha256": "9b1c...",                  # sha256 of the text the anchor refers to
      "position": {"start": 120, "end": 245},          # W3C TextPositionSelector
      "quote": {"exact": "...", "prefix": "...",       # W3C TextQuoteSelector
                "suffix": "..."},                      #   (32 chars of context each)
      "note": "multi-line\\ntext",
      "tags": ["Dickens", "openings"],
      "created": "2025-11-27T21:30:00.123+00:00",     # ISO-8601, UTC
      "updated": "2025-11-27T21:31:10.500+00:00",
      "state": "anchored"                   # or "moved", "orphaned"
    }

Everything here is pure; the store (``tui.store.bookmarks``) does the I/O and the panel uses
:func:`matches_query` and :func:`sort_bookmarks` to filter what it was given.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from analysis.anchoring import ANCHORED, MOVED, ORPHANED, STATES, Anchor

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
        """The JSON record (see the module docstring)."""
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
        """Parse a record, checking every field's type; raises ``RecordError``."""
        if not isinstance(record, Mapping):
            raise RecordError("a bookmark record must be a JSON object")
        position = _field(record, "position", Mapping)
        quote = _field(record, "quote", Mapping)
        start = _int(position, "start")
        end = _int(position, "end")
        if not 0 <= start <= end:
            raise RecordError(f"invalid position {start}..{end}")
        tags = _field(record, "tags", list)
        if not all(isinstance(tag, str) for tag in tags):
            raise RecordError("tags must be strings")
        state = _field(record, "state", str)
        if state not in STATES:
            raise RecordError(f"unknown state {state!r}")
        ident = _field(record, "id", str)
        if not ident:
            raise RecordError("empty id")
        return cls(
            id=ident,
            path=_field(record, "path", str),
            title=_field(record, "title", str),
            sha256=_field(record, "sha256", str),
            anchor=Anchor(
                start=start,
                end=end,
                exact=_field(quote, "exact", str),
                prefix=_field(quote, "prefix", str),
                suffix=_field(quote, "suffix", str),
            ),
            note=_field(record, "note", str),
            tags=tuple(tags),
            created=_field(record, "created", str),
            updated=_field(record, "updated", str),
            state=state,
        )


def _field(record: Mapping[str, Any], name: str, kind: type) -> Any:
    try:
        value = record[name]
    except KeyError:
        raise RecordError(f"missing field {name!r}") from None
    if not isinstance(value, kind):
        raise RecordError(f"field {name!r} has the wrong type")
    return value


def _int(record: Mapping[str, Any], name: str) -> int:
    value = _field(record, name, int)
    if isinstance(value, bool):
        raise RecordError(f"field {name!r} has the wrong type")
    return value


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
