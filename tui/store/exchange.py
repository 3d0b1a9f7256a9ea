"""Export and import formats for bookmarks (pure text in, text out).

The JSON export (``"format": "lectern-bookmarks"``, records as in ``tui.store.records``) imports
back to exactly the same bookmarks; the Markdown export is for people: per document, each quote
with its note, tags, range and state. Layout: docs/ARCHITECTURE.md."""

from __future__ import annotations

import json
from collections.abc import Sequence
from itertools import groupby

from analysis.sanitize import clean_text, prose_line
from tui.store.records import (
    MOVED,
    ORPHANED,
    Bookmark,
    RecordError,
    sort_bookmarks,
    utc_now,
)

EXPORT_FORMAT = "lectern-bookmarks"


def strip_controls(text: str) -> str:
    """``text`` with terminal control characters made visible and harmless (tab and newline
    kept): an export may well be printed to a terminal."""
    return clean_text(text)


def _one_line(text: str) -> str:
    return prose_line(text).strip()


def export_json(bookmarks: Sequence[Bookmark], schema_version: int) -> str:
    """The JSON export of ``bookmarks`` (ASCII, indented, one key order)."""
    payload = {
        "format": EXPORT_FORMAT,
        "schema_version": schema_version,
        "exported": utc_now(),
        "bookmarks": [b.to_record() for b in sort_bookmarks(bookmarks, "position")],
    }
    return json.dumps(payload, indent=2, ensure_ascii=True) + "\n"


def parse_export(text: str, schema_version: int) -> list[Bookmark]:
    """The bookmarks in a JSON export; raises ``RecordError`` with a plain-words reason."""
    try:
        payload = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise RecordError(f"not a JSON file ({exc})") from exc
    if not isinstance(payload, dict) or payload.get("format") != EXPORT_FORMAT:
        raise RecordError('not a Lectern bookmark export (no "format": "lectern-bookmarks")')
    version = payload.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise RecordError("the export has no valid schema_version")
    if version > schema_version:
        raise RecordError(
            f"the export was written by a newer Lectern (schema version {version}; "
            f"this one understands up to {schema_version})"
        )
    records = payload.get("bookmarks")
    if not isinstance(records, list):
        raise RecordError("the export has no list of bookmarks")
    out: list[Bookmark] = []
    for number, record in enumerate(records, start=1):
        try:
            out.append(Bookmark.from_record(record))
        except RecordError as exc:
            raise RecordError(f"bookmark {number}: {exc}") from exc
    return out


def export_markdown(bookmarks: Sequence[Bookmark]) -> str:
    """A readable Markdown document: documents in title order, passages in text order."""
    items = sort_bookmarks(bookmarks, "position")
    documents = len({b.path for b in items})
    lines = [
        "# Lectern bookmarks",
        "",
        f"Exported {utc_now()} · {len(items)} bookmark{'s' * (len(items) != 1)} "
        f"in {documents} document{'s' * (documents != 1)}",
    ]
    for (title, path), group in groupby(items, key=lambda b: (b.title, b.path)):
        lines += ["", f"## {_one_line(title) or _one_line(path)}", "", f"File: {_one_line(path)}"]
        for bookmark in group:
            lines += ["", *_markdown_entry(bookmark)]
    return "\n".join(lines) + "\n"


def _markdown_entry(bookmark: Bookmark) -> list[str]:
    where = f"chars {bookmark.start}–{bookmark.end}"
    if bookmark.state == ORPHANED:
        state = "⚠ orphaned: the passage was not found in the current text"
    elif bookmark.state == MOVED:
        state = "moved (found again after the text changed)"
    else:
        state = bookmark.state
    lines = [f"### {where} · {state}", ""]
    lines += [f"> {line}".rstrip() for line in strip_controls(bookmark.quote).split("\n")]
    note = strip_controls(bookmark.note).strip("\n")
    if note:
        lines += ["", note]
    if bookmark.tags:
        lines += ["", "Tags: " + " ".join(f"#{_one_line(tag)}" for tag in bookmark.tags)]
    lines += ["", f"Created {bookmark.created} · updated {bookmark.updated} · id {bookmark.id}"]
    return lines
