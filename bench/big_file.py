"""One 100 MB text file in the dashboard: first page (against the bare app's first frame),
page-down latency (tmux send-keys until the screen changed, tmux's round trip included) and
the lectern process's peak RSS over a session (pool workers not counted).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from bench import corpus_gen
from bench.first_frame import (
    LECTERN,
    AppGone,
    bare_first_frame,
    dashboard_problem,
    failure_reason,
    isolated_env,
    shows,
    terminal,
    wait_until,
)
from bench.report import Row, Target, unavailable
from bench.stats import median
from bench.terminal import Terminal

FIRST_PAGE_TARGET = Target("<=", 2.0, subject="value", unit="s")
PAGE_DOWN_TARGET = Target("<=", 0.050, subject="value", unit="s")
RSS_TARGET = Target("<=", 3.0)
PAGE_DOWNS = 10
CHANGED_LINES = 5
ANALYSIS_TIMEOUT = 600.0


def _changed_lines(before: str, after: str) -> int:
    a, b = before.splitlines(), after.splitlines()
    return sum(x != y for x, y in zip(a, b, strict=False)) + abs(len(a) - len(b))


def wait_still(term: Terminal, quiet: float = 0.15, timeout: float = 5.0) -> str:
    """The screen once it has not changed for ``quiet`` seconds (or after ``timeout``)."""
    deadline = time.perf_counter() + timeout
    screen = term.screen()
    since = time.perf_counter()
    while time.perf_counter() < deadline:
        time.sleep(0.02)
        now = term.screen()
        if now != screen:
            screen, since = now, time.perf_counter()
        elif time.perf_counter() - since >= quiet:
            break
    return screen


def page_down_latencies(
    term: Terminal, count: int = PAGE_DOWNS, timeout: float = 10.0
) -> list[float]:
    """Seconds from sending PageDown until the page on screen changed, ``count`` times."""
    out = []
    for _ in range(count):
        before = wait_still(term)
        start = time.perf_counter()
        term.keys("PageDown")
        while True:
            if _changed_lines(before, term.screen()) >= CHANGED_LINES:
                out.append(time.perf_counter() - start)
                break
            if time.perf_counter() - start > timeout:
                raise TimeoutError(f"PageDown did not change the page within {timeout:.0f} s")
            time.sleep(0.001)
    return out


def analysed(screen: str) -> bool:
    """The status line says the one document is analysed ("1 document")."""
    lines = [line.strip() for line in screen.splitlines() if line.strip()]
    return any(line == "1 document" or line.startswith("1 document ·") for line in lines[-3:])


def _session(
    book: Path, words: str, *, page_downs: int, wait_analysis: bool
) -> dict[str, float | list[float] | bool]:
    with (
        tempfile.TemporaryDirectory(prefix="lectern-bench-") as folder,
        terminal([LECTERN, str(book)], isolated_env(Path(folder))) as term,
    ):
        first = wait_until(term, shows(words), timeout=120)
        rss_first = term.peak_rss_bytes()
        latencies = page_down_latencies(term, page_downs) if page_downs else []
        done = False
        if wait_analysis:
            try:
                wait_until(term, analysed, ANALYSIS_TIMEOUT, poll=0.5)
                done = True
            except TimeoutError:
                done = False
        return {
            "first_page": first,
            "rss_first": float(rss_first),
            "latencies": latencies,
            "rss_end": float(term.peak_rss_bytes()),
            "analysed": done,
        }


def run(runs: int = 5, book: Path | None = None) -> list[Row]:
    """The big-file case (all rows n/a while the dashboard cannot start)."""
    book = book or corpus_gen.ensure_big_file()
    size = book.stat().st_size
    label = f"{size / 1e6:.0f} MB file"
    problem = dashboard_problem()
    if problem:
        reason = f"dashboard does not start: {problem}"
        return [
            unavailable("big file", f"first page, {label}", reason, FIRST_PAGE_TARGET),
            unavailable("big file", "page-down latency", reason, PAGE_DOWN_TARGET),
            unavailable("big file", "peak RSS / file size", reason, RSS_TARGET),
        ]
    with book.open(encoding="utf-8") as fh:
        words = corpus_gen.first_words(fh.read(20_000))
    first: list[float] = []
    bare: list[float] = []
    latencies: list[float] = []
    rss_first: list[float] = []
    rows: list[Row] = []
    try:
        bare_first_frame()  # untimed warm-ups
        _session(book, words, page_downs=0, wait_analysis=False)
        for _ in range(runs):
            result = _session(book, words, page_downs=PAGE_DOWNS, wait_analysis=False)
            first.append(result["first_page"])  # type: ignore[arg-type]
            latencies += result["latencies"]  # type: ignore[operator]
            rss_first.append(result["rss_first"])  # type: ignore[arg-type]
            bare.append(bare_first_frame())
    except (AppGone, TimeoutError) as exc:
        reason = failure_reason(exc)
        return [
            unavailable("big file", f"first page, {label}", reason, FIRST_PAGE_TARGET),
            unavailable("big file", "page-down latency", reason, PAGE_DOWN_TARGET),
            unavailable("big file", "peak RSS / file size", reason, RSS_TARGET),
        ]
    ours, base = median(first), median(bare)
    rows.append(
        Row.against(
            "big file",
            f"first page, {label}",
            ours,
            "bare Textual app",
            base,
            target=FIRST_PAGE_TARGET,
            runs=runs,
        )
    )
    rows.append(
        Row(
            "big file",
            f"page-down latency (median of {len(latencies)})",
            median(latencies),
            target=PAGE_DOWN_TARGET,
            runs=runs,
        )
    )
    at_first = median(rss_first)
    rows.append(
        Row(
            "big file",
            "VmHWM at first page / file size",
            at_first / 1e6,
            unit="MB",
            baseline_label="file",
            baseline=size / 1e6,
            ratio=at_first / size,
            runs=runs,
        )
    )
    try:
        session = _session(book, words, page_downs=PAGE_DOWNS, wait_analysis=True)
    except (AppGone, TimeoutError) as exc:
        rows.append(
            unavailable("big file", "peak RSS / file size", failure_reason(exc), RSS_TARGET)
        )
        return rows
    peak = float(session["rss_end"])  # type: ignore[arg-type]
    measure = "peak RSS (VmHWM) / file size, whole session"
    if not session["analysed"]:
        measure += f" (analysis unfinished after {ANALYSIS_TIMEOUT:.0f} s)"
    rows.append(
        Row(
            "big file",
            measure,
            peak / 1e6,
            unit="MB",
            baseline_label="file",
            baseline=size / 1e6,
            ratio=peak / size,
            target=RSS_TARGET,
            runs=1,
        )
    )
    return rows


if __name__ == "__main__":
    from bench.report import format_table

    print(format_table(run(int(sys.argv[1]) if len(sys.argv) > 1 else 5)))
