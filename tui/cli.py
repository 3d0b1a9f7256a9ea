"""The ``lectern`` command: the dashboard by default, plus headless subcommands.

``lectern [PATH ...]`` opens the dashboard; ``lectern analyze``, ``lectern kwic`` and
``lectern bookmarks`` serve scripts and never import Textual. The first argument selects
the subcommand, so a document literally named ``analyze`` must be given as ``./analyze``.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

SUBCOMMANDS = ("analyze", "bookmarks", "kwic", "serve")


def version() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version

    try:
        return dist_version("lectern")
    except PackageNotFoundError:  # running from a source tree without install
        return "0+unknown"


def seeds_dir() -> Path:
    """The bundled documents opened when no path is given: ``tui/seeds`` in an installed
    wheel (see pyproject.toml), the checkout's ``seeds/`` otherwise."""
    here = Path(__file__).resolve().parent
    installed = here / "seeds"
    return installed if installed.is_dir() else here.parent / "seeds"


class VersionAction(argparse.Action):
    """``--version``: the installed version is looked up (importlib.metadata, ~20 ms)
    only when the option is given, not every time a parser is built."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS, **_: object):
        super().__init__(
            option_strings,
            dest,
            nargs=0,
            default=argparse.SUPPRESS,
            help="show the version and exit",
        )

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        print(f"lectern {version()}")
        parser.exit()


def _dashboard_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lectern",
        description=(
            "Read documents in the terminal and see how they feel and what they are about. "
            "Opens files, folders (recursively) and globs; with no PATH opens the bundled seeds/."
        ),
        epilog=(
            "Subcommands: 'lectern analyze --help' (headless analysis), "
            "'lectern kwic --help' (concordance), "
            "'lectern bookmarks --help' (list, export, import bookmarks), "
            "'lectern serve --help' (the dashboard in a browser)."
        ),
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files, folders or globs")
    parser.add_argument(
        "--db", metavar="PATH", help="bookmarks file (default: $LECTERN_DB or the user data dir)"
    )
    parser.add_argument(
        "--max-mb", type=float, metavar="MB", help="refuse files larger than this (default 256)"
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=0,
        metavar="N",
        help="analysis processes (default: one per core)",
    )
    parser.add_argument("--version", action=VersionAction)
    return parser


def _serve_parser(sub: argparse._SubParsersAction) -> None:
    from tui import serve

    parser = sub.add_parser(
        "serve",
        help="serve the dashboard to a web browser",
        description=(
            "Serve the dashboard over HTTP: each browser tab runs its own dashboard. "
            "Listens on 127.0.0.1 unless --host says otherwise; there is no authentication."
        ),
    )
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="files, folders or globs (default: seeds/)"
    )
    parser.add_argument("--host", default=serve.DEFAULT_HOST, help="address to listen on")
    parser.add_argument("--port", type=int, default=serve.DEFAULT_PORT, help="port (default 8000)")
    parser.add_argument(
        "--db", metavar="PATH", help="bookmarks file (default: $LECTERN_DB or the user data dir)"
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=serve.SERVED_WORKERS,
        metavar="N",
        help="analysis processes per tab (default 1)",
    )
    parser.add_argument(
        "--max-connections",
        type=int,
        default=serve.DEFAULT_CONNECTIONS,
        metavar="N",
        help="tabs served at once (default 4)",
    )
    parser.add_argument(
        "--public-url", metavar="URL", help="the address browsers use, if not http://HOST:PORT"
    )
    parser.add_argument(
        "--max-mb", type=float, metavar="MB", help="refuse files larger than this (default 256)"
    )


def _subcommand_parser(*, with_bookmarks: bool) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lectern")
    parser.add_argument("--version", action=VersionAction)
    sub = parser.add_subparsers(dest="command", required=True)
    analyze = sub.add_parser(
        "analyze",
        help="analyse documents without the dashboard",
        description="Analyse documents headlessly: a table by default, a JSON list with --json.",
    )
    analyze.add_argument(
        "paths", nargs="*", metavar="PATH", help="files, folders or globs (default: seeds/)"
    )
    analyze_format = analyze.add_mutually_exclusive_group()
    analyze_format.add_argument(
        "--json", action="store_true", help="print a JSON list of documents"
    )
    analyze_format.add_argument("--csv", action="store_true", help="print the corpus table as CSV")
    analyze.add_argument(
        "--sentences", action="store_true", help="include every sentence (JSON) or list them"
    )
    analyze.add_argument(
        "--top",
        type=int,
        default=10,
        metavar="N",
        help="keywords and phrases per document (default 10)",
    )
    analyze.add_argument(
        "--workers",
        type=int,
        default=0,
        metavar="N",
        help="analysis processes (default: one per core)",
    )
    analyze.add_argument(
        "--max-mb", type=float, metavar="MB", help="refuse files larger than this (default 256)"
    )
    _serve_parser(sub)
    sub.add_parser("kwic", help="concordance (keyword in context); see 'lectern kwic --help'")
    if with_bookmarks:  # the store's imports cost ~35 ms that `analyze` does not need
        from tui.headless import bookmarks as bookmarks_cli

        bookmarks_cli.register(sub)
    else:
        sub.add_parser("bookmarks", help="list, export or import bookmarks")
    return parser


def _max_bytes(max_mb: float | None) -> int | None:
    """``--max-mb`` wins; else ``LECTERN_MAX_BYTES`` (e.g. ``512M``); else the default."""
    if max_mb is not None:
        return int(max_mb * 1024 * 1024)
    if not os.environ.get("LECTERN_MAX_BYTES"):
        return None
    from analysis.load.files import max_bytes_from_env

    return max_bytes_from_env()


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _main(argv)
    except BrokenPipeError:
        # Output piped into e.g. `head`, which stopped reading: not an error worth a traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except KeyboardInterrupt:
        return 130


def _main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list and args_list[0] == "kwic":
        from tui.headless import kwic

        kwic_args = kwic.parser().parse_intermixed_args(args_list[1:])
        return kwic.run(kwic_args, _max_bytes(kwic_args.max_mb), [str(seeds_dir())])
    if args_list and args_list[0] in SUBCOMMANDS:
        args = _subcommand_parser(with_bookmarks=args_list[0] == "bookmarks").parse_args(args_list)
        if args.command == "analyze":
            if args.top < 0 or args.workers < 0 or (args.max_mb is not None and args.max_mb <= 0):
                print(
                    "lectern analyze: --top and --workers must not be negative, "
                    "--max-mb must be positive",
                    file=sys.stderr,
                )
                return 2
            from tui.headless.analyze import run_analyze

            return run_analyze(
                args.paths or [str(seeds_dir())],
                as_json=args.json,
                as_csv=args.csv,
                sentences=args.sentences,
                top=args.top,
                workers=args.workers,
                max_bytes=_max_bytes(args.max_mb),
            )
        if args.command == "serve":
            return _serve(args)
        from tui.headless import bookmarks as bookmarks_cli

        return bookmarks_cli.run(args)

    from tui import startup

    startup.pause()  # until the first load ends (see tui.startup)
    try:
        return _dashboard(args_list)
    finally:
        startup.resume()


def _serve(args: argparse.Namespace) -> int:
    if args.workers < 1 or args.max_connections < 1 or not 0 < args.port < 65536:
        print(
            "lectern serve: --workers and --max-connections must be at least 1, "
            "--port between 1 and 65535",
            file=sys.stderr,
        )
        return 2
    if args.max_mb is not None and args.max_mb <= 0:
        print("lectern serve: --max-mb must be positive", file=sys.stderr)
        return 2
    inputs = [os.path.abspath(p) for p in args.paths] or [str(seeds_dir())]
    if not count_documents(inputs, up_to=1):
        return 2
    from tui.serve import run_serve

    return run_serve(
        inputs,
        host=args.host,
        port=args.port,
        db=os.path.abspath(args.db) if args.db else None,
        workers=args.workers,
        max_mb=args.max_mb,
        max_connections=args.max_connections,
        public_url=args.public_url,
    )


def _dashboard(args_list: list[str]) -> int:
    args = _dashboard_parser().parse_args(args_list)
    if args.max_mb is not None and args.max_mb <= 0:
        print("lectern: --max-mb must be positive", file=sys.stderr)
        return 2
    if args.workers < 0:
        print("lectern: --workers must not be negative", file=sys.stderr)
        return 2
    inputs = args.paths or [str(seeds_dir())]
    from analysis.pipeline import POOL_MIN_DOCUMENTS, default_workers

    workers = args.workers or default_workers()
    found = count_documents(inputs, up_to=POOL_MIN_DOCUMENTS)
    if not found:
        return 2
    from tui import startup

    max_bytes = _max_bytes(args.max_mb)
    feed = startup.start_feed(inputs, max_bytes, found, workers)
    from tui.app import run_dashboard  # imports Textual: only once we know there is work

    return run_dashboard(inputs, db=args.db, max_bytes=max_bytes, workers=workers, feed=feed)


def count_documents(paths: Sequence[str], *, up_to: int) -> int:
    """How many files ``paths`` name (files, folders, globs), counted up to ``up_to``;
    when there are none, also print why (each input that failed) to stderr.

    Listing stops early: the pipeline lists everything again, in its own thread, and a
    folder of a thousand documents took ~14 ms to list before the first frame. Inputs
    that fail are left to the dashboard, which lists them as error rows.
    """
    from analysis.load.files import expand_inputs
    from analysis.model import LoadFailure
    from analysis.sanitize import clean_line

    files = 0
    failures: list[LoadFailure] = []
    for item in expand_inputs(paths):
        if isinstance(item, LoadFailure):
            failures.append(item)
            continue
        files += 1
        if files >= up_to:
            break
    if files:
        return files
    for failure in failures:
        print(f"lectern: {clean_line(failure.message)}", file=sys.stderr)
    if not failures:
        print(
            "lectern: no documents found in " + ", ".join(clean_line(p) for p in paths),
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
