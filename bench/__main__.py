"""``make bench``: every case, one table of medians and ratios (each ratio from two things
timed alternately in the same run); a full run rewrites BENCHMARKS.md's latest results.
``python -m bench [--only corpus,big_file] [--quick]``.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from filelock import FileLock, Timeout

from bench.report import (
    Row,
    Target,
    format_table,
    machine_facts,
    results_section,
    source_revision,
    unavailable,
    update_benchmarks_md,
)

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS_MD = ROOT / "BENCHMARKS.md"
SENTENCES = 6_000
BOOKMARKS = 10_000


def sentiment_rows(runs: int, notes: list[str]) -> list[Row]:
    """VADER throughput: ours (warm and cold cache) against vaderSentiment and NLTK."""
    from bench.sentiment_throughput import make_sentences
    from bench.sentiment_throughput import run as throughput

    result = throughput(make_sentences(SENTENCES), max(5, runs))
    n, repeats = result["sentences"], result["repeats"]
    target = Target(">=", 1.0)
    unit = "sentences/s"
    vs = result["vadersentiment_per_s"]
    notes.append(
        f"Sentiment: {n:,} generated sentences; Lectern's scores identical to NLTK's: "
        f"{result['identical_to_nltk']}; lexicon: {result['lexicon'].partition(':')[0]}."
    )
    return [
        Row(
            "sentiment",
            f"VADER, {n:,} sentences: lectern (warm cache)",
            result["ours_per_s"],
            unit,
            "vaderSentiment",
            vs,
            result["ours_vs_vadersentiment"],
            target=target,
            runs=repeats,
        ),
        Row(
            "sentiment",
            "VADER: lectern (cold cache, fresh analyzer)",
            result["ours_cold_per_s"],
            unit,
            "vaderSentiment",
            vs,
            result["ours_cold_vs_vadersentiment"],
            target=target,
            runs=repeats,
        ),
        Row(
            "sentiment",
            "VADER: lectern (warm cache) vs NLTK",
            result["ours_per_s"],
            unit,
            "NLTK polarity_scores",
            result["nltk_per_s"],
            result["ours_vs_nltk"],
            runs=repeats,
        ),
    ]


def scaling_rows(runs: int, notes: list[str]) -> list[Row]:
    from bench import corpus, corpus_gen

    return corpus.process_scaling(corpus_gen.ensure_corpus(), runs)


def bookmark_rows(runs: int, notes: list[str]) -> list[Row]:
    """One durable add with 10,000 bookmarks stored, against the same add on an empty store."""
    from bench.bookmark_add import run as bookmark_add
    from bench.stats import alternate, median

    results: dict[str, list[dict[str, float]]] = {"full": [], "empty": []}

    def case(name: str, count: int) -> Callable[[], float]:
        def go() -> float:
            result = bookmark_add(count)
            results[name].append(result)
            return result["median_add_ms"] / 1000

        return go

    times = alternate({"full": case("full", BOOKMARKS), "empty": case("empty", 0)}, runs)
    full, empty = median(times["full"]), median(times["empty"])
    first = median([r["first_add_ms"] / 1000 for r in results["full"]])
    contended = median([r["after_other_writer_ms"] / 1000 for r in results["full"]])
    size = results["full"][0].get("file_mb", 0.0)
    notes.append(
        f"Bookmarks: the store file holds {BOOKMARKS:,} bookmarks ({size:.1f} MB); each run times "
        "15 adds on a freshly opened store and reports their median."
    )
    return [
        Row(
            "bookmarks",
            f"add one bookmark, {BOOKMARKS:,} stored",
            full,
            "s",
            "empty store",
            empty,
            full / empty,
            target=Target("<=", 0.050, subject="value", unit="s"),
            runs=runs,
        ),
        Row(
            "bookmarks",
            "first add after opening the store",
            first,
            "s",
            "steady add",
            full,
            first / full,
            runs=runs,
        ),
        Row(
            "bookmarks",
            "add after another process wrote the file",
            contended,
            "s",
            "steady add",
            full,
            contended / full,
            runs=runs,
        ),
    ]


def first_frame_rows(runs: int, notes: list[str]) -> list[Row]:
    from bench import first_frame

    return first_frame.run(runs)


def corpus_rows(runs: int, notes: list[str]) -> list[Row]:
    from bench import corpus, corpus_gen

    folder = corpus_gen.ensure_corpus()
    files = [p for p in folder.iterdir() if p.is_file()]
    size = sum(p.stat().st_size for p in files)
    notes.append(
        f"Corpus: {len(files):,} generated documents, {size / 1e6:.1f} MB "
        f"(generator v{corpus_gen.GENERATOR_VERSION}, seed {corpus_gen.DEFAULT_SEED}),"
        f" in the temp folder {folder.name}."
    )
    return corpus.run(runs, folder)


def big_file_rows(runs: int, notes: list[str]) -> list[Row]:
    from bench import big_file, corpus_gen

    book = corpus_gen.ensure_big_file()
    return big_file.run(runs, book)


def concordance_rows(runs: int, notes: list[str]) -> list[Row]:
    from bench import concordance

    notes.append(
        "Concordance: a generated book of about 200,000 words; its most frequent word of five "
        "letters or more, found with context, sorted by 1R and dispersed over ten parts."
    )
    return concordance.run(runs)


CASES: dict[str, Callable[[int, list[str]], list[Row]]] = {
    "sentiment": sentiment_rows,
    "scaling": scaling_rows,
    "bookmarks": bookmark_rows,
    "first_frame": first_frame_rows,
    "corpus": corpus_rows,
    "big_file": big_file_rows,
    "concordance": concordance_rows,
}


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--only", metavar="CASES", help=f"comma-separated, from: {', '.join(CASES)}"
    )
    parser.add_argument("--quick", action="store_true", help="2 runs per measurement")
    parser.add_argument("--runs", type=int, help="runs per measurement (default 5)")
    write = parser.add_mutually_exclusive_group()
    write.add_argument(
        "--write",
        dest="write",
        action="store_true",
        default=None,
        help="update BENCHMARKS.md (default: only for a full, non-quick run)",
    )
    write.add_argument("--no-write", dest="write", action="store_false")
    args = parser.parse_args(argv)
    names = [n.strip().replace("-", "_") for n in (args.only or "").split(",") if n.strip()]
    unknown = [n for n in names if n not in CASES]
    if unknown:
        parser.error(f"unknown case(s): {', '.join(unknown)}; choose from {', '.join(CASES)}")
    args.cases = names or list(CASES)
    args.runs = args.runs or (2 if args.quick else 5)
    if args.write is None:
        args.write = not names and not args.quick
    return args


def _one_run_at_a_time() -> FileLock:
    """Two benchmark runs at once (two engineers, say) would skew each other's numbers:
    the second waits for the first."""
    from bench.corpus_gen import data_dir

    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(folder / "bench.lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        print("[bench] another benchmark run is in progress; waiting for it", file=sys.stderr)
        lock.acquire()
    return lock


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = _parse(argv)
    lock = _one_run_at_a_time()
    try:
        return _run(args, argv)
    finally:
        lock.release()


def _run(args: argparse.Namespace, argv: list[str]) -> int:
    rows: list[Row] = []
    notes: list[str] = []
    load = os.getloadavg()[0]
    if load > 0.5:
        print(
            f"[bench] warning: load average {load:.2f} before starting; other work on this "
            "machine skews every number",
            file=sys.stderr,
        )
    notes.append(f"Load average (1 min) when the run started: {load:.2f}.")
    revision = source_revision(ROOT)
    started = time.perf_counter()
    for name in args.cases:
        print(f"[bench] {name} ...", file=sys.stderr, flush=True)
        t0 = time.perf_counter()
        try:
            rows += CASES[name](args.runs, notes)
        except Exception as exc:  # noqa: BLE001 - one broken case must not hide the others
            traceback.print_exc(file=sys.stderr)
            rows.append(
                unavailable(name.replace("_", " "), "(whole case)", f"{type(exc).__name__}: {exc}")
            )
        print(
            f"[bench] {name} done in {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True
        )
    elapsed = time.perf_counter() - started
    print(format_table(rows), flush=True)
    print(
        f"\n{len(args.cases)} case(s) in {elapsed / 60:.1f} min, {args.runs} runs per measurement"
    )
    if args.write:
        command = "python -m bench " + " ".join(argv) if argv else "make bench"
        notes.append(
            f"Whole run: {elapsed / 60:.1f} min, {args.runs} alternating runs per measurement."
        )
        section = results_section(rows, machine_facts(start_revision=revision), command, notes)
        update_benchmarks_md(BENCHMARKS_MD, section)
        print(f"wrote {BENCHMARKS_MD}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
