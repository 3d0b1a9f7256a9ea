"""``lectern kwic``: a concordance for scripts — aligned lines, JSON or CSV.

JSON: ``{"query", "hits": [{"path", "start", "end", "left", "match", "right"}],
"documents": [{"path", "hits", "per_million", "dispersion"}]}``; offsets are into the
document text as ``lectern analyze`` reports it. Never imports Textual.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from analysis.model import Document, KwicHit, LoadFailure

SORT_CHOICES = ("position", "left", "right", "1L", "2L", "3L", "1R", "2R", "3R")


def run_kwic(
    query: str,
    paths: Sequence[str],
    *,
    regex: bool = False,
    case: bool = False,
    sort: str = "position",
    width: int = 40,
    fmt: str = "text",
    max_bytes: int | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Print the concordance of ``query`` in ``paths``. Exit status 0; 1 when no document
    could be loaded; 2 for a bad regular expression."""
    from analysis.load.files import DEFAULT_MAX_BYTES, load_paths
    from analysis.nlp.kwic import KwicQuery, QueryError, compile_regex, concordance, sort_hits
    from analysis.nlp.trends import dispersion_of
    from analysis.sanitize import clean_line

    out = out or sys.stdout
    err = err or sys.stderr
    kwic_query = KwicQuery(query, regex=regex, case=case)
    if regex:
        try:
            compile_regex(kwic_query)
        except QueryError as exc:
            err.write(f"lectern kwic: {clean_line(str(exc))}\n")
            return 2
    docs: list[Document] = []
    for item in load_paths(paths, max_bytes=max_bytes or DEFAULT_MAX_BYTES, split=False):
        if isinstance(item, LoadFailure):
            err.write(f"lectern: {clean_line(item.message)}\n")
        else:
            docs.append(item)
    if not docs:
        return 1
    hits = sort_hits(concordance(docs, kwic_query, width=width), sort)
    if fmt == "json":
        spreads = [dispersion_of(doc, hits) for doc in docs]
        obj: dict[str, Any] = {
            "query": query,
            "hits": [
                {
                    "path": h.path,
                    "start": h.start,
                    "end": h.end,
                    "left": h.left,
                    "match": h.match,
                    "right": h.right,
                }
                for h in hits
            ],
            "documents": [
                {
                    "path": d.path,
                    "hits": d.hits,
                    "per_million": round(d.per_million, 2),
                    "dispersion": None if d.dp is None else round(d.dp, 4),
                }
                for d in spreads
            ],
        }
        json.dump(obj, out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "csv":
        from analysis.tables import concordance_table, to_csv

        out.write(to_csv(concordance_table(query, hits)))
    else:
        _print_lines(hits, width, out)
    return 0


def _print_lines(hits: Sequence[KwicHit], width: int, out: TextIO) -> None:
    """One hit a line: left context right-aligned, the match, the right context."""
    from analysis.sanitize import clean_line

    for hit in hits:
        left = clean_line(hit.left)
        match = clean_line(" ".join(hit.match.split()))
        right = clean_line(hit.right)
        out.write(f"{left:>{width}} {match} {right}\n")


HELP = "concordance (keyword in context) without the dashboard"


def parser() -> argparse.ArgumentParser:
    """The ``lectern kwic`` parser (parse with ``parse_intermixed_args``, so options may
    come between the query and the paths)."""
    parser = argparse.ArgumentParser(
        prog="lectern kwic",
        description=(
            "Every hit of QUERY in context. QUERY is a word (its inflections match too), a "
            'phrase, a wildcard (whal*), an exact phrase in double quotes ("\\"my dear\\"") '
            "or, with --regex, a regular expression. Case is ignored unless --case."
        ),
    )
    parser.add_argument("query", metavar="QUERY")
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="files, folders or globs (default: seeds/)"
    )
    parser.add_argument("--regex", action="store_true", help="QUERY is a regular expression")
    parser.add_argument("--case", action="store_true", help="match case")
    parser.add_argument(
        "--sort",
        choices=SORT_CHOICES,
        default="position",
        help="text order, or by the words left/right of the match (1L..3R; left = 1L)",
    )
    parser.add_argument(
        "--width", type=int, default=40, metavar="N", help="context characters a side (40)"
    )
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print JSON")
    output.add_argument("--csv", action="store_true", help="print CSV")
    parser.add_argument(
        "--max-mb", type=float, metavar="MB", help="refuse files larger than this (default 256)"
    )
    return parser


def run(args: Any, max_bytes: int | None, default_paths: Sequence[str]) -> int:
    """``lectern kwic`` with parsed ``args`` (``default_paths`` when no PATH is given)."""
    if args.width < 0 or (args.max_mb is not None and args.max_mb <= 0):
        print(
            "lectern kwic: --width must not be negative, --max-mb must be positive",
            file=sys.stderr,
        )
        return 2
    return run_kwic(
        args.query,
        args.paths or list(default_paths),
        regex=args.regex,
        case=args.case,
        sort=args.sort,
        width=args.width,
        fmt="json" if args.json else "csv" if args.csv else "text",
        max_bytes=max_bytes,
    )
