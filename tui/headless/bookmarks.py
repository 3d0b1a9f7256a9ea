"""``lectern bookmarks``: list, export and import bookmarks without the dashboard (no Textual).

``tui.cli`` calls :func:`register` and :func:`run`. Exit codes: 0 done, 1 failed, 2 usage error.
Output is plain text with control characters made harmless, never Rich markup; problems with
the bookmark file go to stderr and are not failures by themselves."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, TextIO

from analysis.private_files import write_private_text
from analysis.sanitize import clean_line
from tui.store import Bookmark, BookmarkStore, StoreError

PROG = "lectern bookmarks"
DB_HELP = "bookmark file (default: $LECTERN_DB, else the per-user data folder)"


def register(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``bookmarks`` subcommand (and its ``list``/``export``/``import``) to
    ``subparsers`` (what ``ArgumentParser.add_subparsers()`` returned)."""
    parser = subparsers.add_parser(
        "bookmarks",
        help="list, export or import bookmarks",
        description="List, export or import the bookmarks Lectern keeps.",
    )
    actions = parser.add_subparsers(dest="bookmarks_action", metavar="ACTION", required=True)

    listing = actions.add_parser("list", help="print every bookmark")
    listing.add_argument("--json", action="store_true", help="print the JSON export format")
    _add_db(listing)

    export = actions.add_parser("export", help="write all bookmarks as Markdown or JSON")
    export.add_argument(
        "--format", choices=("md", "json"), default="md", help="md (default) or json"
    )
    export.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE instead of standard output"
    )
    _add_db(export)

    importing = actions.add_parser("import", help="add the bookmarks of a JSON export")
    importing.add_argument("file", metavar="FILE", help="a JSON export ('-' reads stdin)")
    _add_db(importing)
    return parser


def _add_db(parser: argparse.ArgumentParser) -> None:
    # SUPPRESS: a --db given before the subcommand (if tui.cli adds one) is not overwritten.
    parser.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=DB_HELP)


def run(
    args: argparse.Namespace, *, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    """Carry out ``lectern bookmarks ...``; returns the exit code."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    action = getattr(args, "bookmarks_action", None)
    if action not in ("list", "export", "import"):
        print(f"{PROG}: choose one of list, export, import", file=err)
        return 2
    store = BookmarkStore.open(getattr(args, "db", None))
    for problem in store.problems:
        print(f"{PROG}: {clean_line(problem)}", file=err)
    try:
        if action == "list":
            return _list(store, as_json=args.json, out=out)
        if action == "export":
            return _export(store, fmt=args.format, output=args.output, out=out, err=err)
        return _import(store, source=args.file, out=out, err=err)
    except StoreError as exc:
        print(f"{PROG}: {clean_line(str(exc))}", file=err)
        return 1
    except OSError as exc:
        where = clean_line(str(exc.filename)) if exc.filename else "a file"
        print(f"{PROG}: could not use {where}: {clean_line(exc.strerror or str(exc))}", file=err)
        return 1
    finally:
        store.close()


def _list(store: BookmarkStore, *, as_json: bool, out: TextIO) -> int:
    if as_json:
        out.write(store.export_json())  # ASCII JSON: nothing a terminal could obey
        return 0
    items = store.list()
    if not items:
        print("No bookmarks.", file=out)
        return 0
    pending = {b.id for b in store.pending}
    for bookmark in items:
        print(_describe(bookmark, unsaved=bookmark.id in pending), file=out)
    return 0


def _describe(bookmark: Bookmark, *, unsaved: bool = False) -> str:
    """Two or three plain lines about one bookmark."""
    state = "⚠ orphaned" if bookmark.orphaned else bookmark.state
    flags = " · not saved yet" if unsaved else ""
    head = (
        f"{bookmark.id[:8]}  {clean_line(bookmark.title)} · chars {bookmark.start}–{bookmark.end}"
        f" · {state}{flags}"
    )
    lines = [head, f"    “{_snippet(bookmark.quote, 90)}”"]
    details = []
    note = bookmark.note.strip().split("\n", 1)[0]
    if note:
        details.append(_snippet(note, 70))
    if bookmark.tags:
        details.append(" ".join(f"#{clean_line(tag)}" for tag in bookmark.tags))
    if details:
        lines.append("    " + "  ".join(details))
    return "\n".join(lines)


def _snippet(text: str, width: int) -> str:
    flat = " ".join(clean_line(text).replace("\u2424", " ").split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _export(store: BookmarkStore, *, fmt: str, output: str | None, out: TextIO, err: TextIO) -> int:
    text = store.export_json() if fmt == "json" else store.export_markdown()
    if output is None or output == "-":
        out.write(text)
        return 0
    target = Path(output)
    write_private_text(target, text)  # it holds private notes
    count = len(store.list())
    print(f"Exported {count} bookmark{'s' * (count != 1)} to {clean_line(str(target))}", file=err)
    return 0


def _import(store: BookmarkStore, *, source: str, out: TextIO, err: TextIO) -> int:
    if source == "-":
        text = sys.stdin.read()
    else:
        try:
            text = Path(source).read_text(encoding="utf-8")
        except UnicodeDecodeError:
            print(f"{PROG}: {clean_line(source)} is not a UTF-8 text file", file=err)
            return 1
    added, skipped = store.import_json(text)
    message = f"Imported {added} bookmark{'s' * (added != 1)}"
    if skipped:
        message += f"; skipped {skipped} already present (same id)"
    print(message + ".", file=out)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run as ``python -m tui.headless.bookmarks ...`` (same as ``lectern bookmarks ...``)."""
    parser = argparse.ArgumentParser(prog="lectern")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["bookmarks", *(sys.argv[1:] if argv is None else argv)])
    return run(args)


if __name__ == "__main__":
    raise SystemExit(main())
