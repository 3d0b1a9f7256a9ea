"""The 1,000-document corpus: first frame against seeds/, the dashboard until all is analysed
and ``lectern analyze --json`` (cold and warm cache, the cold one also against vaderSentiment
alone on the same sentences), and ``--workers 1`` against ``--workers 2``; all alternated.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench import corpus_gen
from bench.first_frame import (
    LECTERN,
    ROOT,
    SEED_TEXT,
    AppGone,
    dashboard_problem,
    failure_reason,
    isolated_env,
    lectern_first_frame,
    terminal,
    wait_until,
)
from bench.report import Row, Target, unavailable
from bench.stats import alternate, median

FIRST_FRAME_TARGET = Target("<=", 1.5)
WARM_TARGET = Target("<=", 0.10)
FULL_PASS_TARGET = Target("<=", 1.5)
SCALING_TARGET = Target(">=", 1.7)


def all_analysed(count: int) -> Callable[[str], bool]:
    """The dashboard is done: the status line reads "N documents" and nothing on screen
    says documents are still loading or being analysed (see ``DashboardScreen._update_progress``
    and the library header)."""
    wanted = (f"{count} documents", f"{count:,} documents")

    def predicate(screen: str) -> bool:
        return (
            any(w in screen for w in wanted)
            and "analysing" not in screen
            and " analysed" not in screen
            and "loading…" not in screen
        )

    return predicate


def _count_documents(corpus: Path) -> int:
    return sum(1 for p in corpus.iterdir() if p.is_file() and not p.name.startswith("."))


def _first_document_words(corpus: Path) -> str:
    first = min(p for p in corpus.iterdir() if p.is_file() and not p.name.startswith("."))
    return corpus_gen.first_words(first.read_text(encoding="utf-8"))


# ------------------------------------------------------------------------ lectern analyze
def analyze_seconds(
    corpus: Path, cache_dir: Path, *, workers: int | None = None, check_count: int | None = None
) -> float:
    """Wall-clock seconds of one ``lectern analyze --json`` run over ``corpus``.

    With ``check_count`` the output is parsed and must hold that many analysed documents
    (the untimed first run), otherwise it is discarded.
    """
    argv = [LECTERN, "analyze", "--json"]
    if workers is not None:
        argv += ["--workers", str(workers)]
    argv.append(str(corpus))
    with tempfile.TemporaryDirectory(prefix="lectern-bench-") as folder:
        env = {**os.environ, **isolated_env(Path(folder), cache_dir)}
        out = subprocess.PIPE if check_count is not None else subprocess.DEVNULL
        start = time.perf_counter()
        done = subprocess.run(argv, env=env, cwd=ROOT, stdout=out, stderr=subprocess.PIPE)
        elapsed = time.perf_counter() - start
    if done.returncode != 0:
        tail = done.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["no message"]
        raise RuntimeError(f"lectern analyze exited {done.returncode}: {tail[0]}")
    if check_count is not None:
        items = json.loads(done.stdout)
        ok = sum(1 for item in items if "error" not in item)
        if ok != check_count:
            raise RuntimeError(f"lectern analyze analysed {ok} of {check_count} documents")
    return elapsed


def _fresh_cache() -> Path:
    return Path(tempfile.mkdtemp(prefix="lectern-bench-cache-"))


def _cold(corpus: Path, workers: int | None = None) -> float:
    cache = _fresh_cache()
    try:
        return analyze_seconds(corpus, cache, workers=workers)
    finally:
        _remove(cache)


def _remove(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


_VADER_ONLY = """
import json, sys
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
analyzer = SentimentIntensityAnalyzer()
with open(sys.argv[1], encoding="utf-8") as f:
    for sentence in json.load(f):
        analyzer.polarity_scores(sentence)
"""


def write_sentences(corpus: Path, into: Path) -> int:
    """Every sentence of the corpus as Lectern splits it, as a JSON list in ``into``."""
    from analysis.load.files import load_document

    sentences = []
    for path in sorted(p for p in corpus.iterdir() if p.is_file() and not p.name.startswith(".")):
        doc = load_document(str(path))
        sentences += [doc.text[start:end] for start, end in doc.sentences]
    into.write_text(json.dumps(sentences), encoding="utf-8")
    return len(sentences)


def vader_only_seconds(sentences: Path) -> float:
    """Wall-clock seconds of a process that only scores ``sentences`` with vaderSentiment
    (start-up and lexicon included, as Lectern's time includes its own)."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", _VADER_ONLY, str(sentences)], check=True)
    return time.perf_counter() - start


def _cold_and_warm(what: str, times: dict[str, list[float]], runs: int) -> list[Row]:
    """The cold-cache row against vaderSentiment alone on the same sentences, and the
    warm-cache row against the cold one."""
    cold, warm = median(times["cold"]), median(times["warm"])
    if "vader" in times:
        cold_row = Row.against(
            "corpus",
            f"{what}, cold cache",
            cold,
            "vaderSentiment alone",
            median(times["vader"]),
            target=FULL_PASS_TARGET,
            runs=runs,
        )
    else:
        cold_row = Row("corpus", f"{what}, cold cache", cold, runs=runs)
    return [
        cold_row,
        Row.against(
            "corpus", f"{what}, warm cache", warm, "cold cache", cold, target=WARM_TARGET, runs=runs
        ),
    ]


def analyze_rows(corpus: Path, runs: int) -> list[Row]:
    """``lectern analyze --json`` with a cold and with a warm cache, and vaderSentiment
    scoring the same sentences in one process, alternating."""
    count = _count_documents(corpus)
    measure = f"lectern analyze --json, {count:,} docs, warm cache"
    warm_cache = _fresh_cache()
    sentences = warm_cache.with_name(warm_cache.name + "-sentences.json")
    try:
        write_sentences(corpus, sentences)
        analyze_seconds(corpus, warm_cache, check_count=count)  # checks output, fills cache
        times = alternate(
            {
                "vader": lambda: vader_only_seconds(sentences),
                "cold": lambda: _cold(corpus),
                "warm": lambda: analyze_seconds(corpus, warm_cache),
            },
            runs,
        )
    except (RuntimeError, ValueError, subprocess.CalledProcessError) as exc:
        return [unavailable("corpus", measure, str(exc), WARM_TARGET)]
    finally:
        _remove(warm_cache)
        sentences.unlink(missing_ok=True)
    return _cold_and_warm(f"lectern analyze --json, {count:,} docs", times, runs)


def process_scaling(corpus: Path, runs: int) -> list[Row]:
    """``--workers 2`` against ``--workers 1``, cold cache every time."""
    count = _count_documents(corpus)
    measure = f"lectern analyze --json --workers 2, {count:,} docs, cold"
    try:
        _cold(corpus, workers=2)  # warm-up: page cache, .pyc files
        times = alternate(
            {"one": lambda: _cold(corpus, workers=1), "two": lambda: _cold(corpus, workers=2)},
            runs,
        )
    except (RuntimeError, ValueError) as exc:
        return [unavailable("scaling", measure, str(exc), SCALING_TARGET)]
    one, two = median(times["one"]), median(times["two"])
    return [
        Row(
            "scaling",
            measure,
            two,
            baseline_label="--workers 1",
            baseline=one,
            ratio=one / two,
            ratio_label="speed-up",
            target=SCALING_TARGET,
            runs=runs,
        )
    ]


# ------------------------------------------------------------------------------- dashboard
def dashboard_seconds(corpus: Path, cache_dir: Path, count: int, timeout: float) -> float:
    """Seconds from start until the dashboard reports all ``count`` documents analysed."""
    with (
        tempfile.TemporaryDirectory(prefix="lectern-bench-") as folder,
        terminal([LECTERN, str(corpus)], isolated_env(Path(folder), cache_dir)) as term,
    ):
        return wait_until(term, all_analysed(count), timeout, poll=0.02)


def first_frame_rows(corpus: Path, runs: int) -> list[Row]:
    """First frame on the corpus against first frame on seeds/, alternating."""
    measure = "first frame: lectern <corpus>"
    words = _first_document_words(corpus)
    seeds = [str(ROOT / "seeds")]
    try:
        lectern_first_frame([str(corpus)], words)
        times = alternate(
            {
                "corpus": lambda: lectern_first_frame([str(corpus)], words),
                "seeds": lambda: lectern_first_frame(seeds, SEED_TEXT),
            },
            runs,
        )
    except (AppGone, TimeoutError) as exc:
        return [unavailable("corpus", measure, failure_reason(exc), FIRST_FRAME_TARGET)]
    ours, base = median(times["corpus"]), median(times["seeds"])
    return [
        Row.against(
            "corpus", measure, ours, "lectern seeds/", base, target=FIRST_FRAME_TARGET, runs=runs
        )
    ]


def _dashboard_cold(corpus: Path, count: int, timeout: float) -> float:
    cache = _fresh_cache()
    try:
        return dashboard_seconds(corpus, cache, count, timeout)
    finally:
        _remove(cache)


def dashboard_rows(corpus: Path, runs: int) -> list[Row]:
    """Dashboard until everything is analysed, cold cache against warm cache."""
    count = _count_documents(corpus)
    measure = f"dashboard: all {count:,} analysed, warm cache"
    warm_cache = _fresh_cache()
    try:
        first = dashboard_seconds(corpus, warm_cache, count, timeout=600)  # fills the cache
        timeout = max(60.0, 4 * first)
        times = alternate(
            {
                "cold": lambda: _dashboard_cold(corpus, count, timeout),
                "warm": lambda: dashboard_seconds(corpus, warm_cache, count, timeout),
            },
            runs,
        )
    except (AppGone, TimeoutError) as exc:
        return [unavailable("corpus", measure, failure_reason(exc), WARM_TARGET)]
    finally:
        _remove(warm_cache)
    return _cold_and_warm(f"dashboard: all {count:,} analysed", times, runs)


def run(runs: int = 5, corpus: Path | None = None) -> list[Row]:
    """The corpus case (the dashboard parts report n/a while the dashboard cannot start)."""
    corpus = corpus or corpus_gen.ensure_corpus()
    rows: list[Row] = []
    problem = dashboard_problem()
    if problem:
        reason = f"dashboard does not start: {problem}"
        rows.append(
            unavailable("corpus", "first frame: lectern <corpus>", reason, FIRST_FRAME_TARGET)
        )
        rows.append(
            unavailable("corpus", "dashboard: all analysed, warm cache", reason, WARM_TARGET)
        )
    else:
        rows += first_frame_rows(corpus, runs)
        rows += dashboard_rows(corpus, runs)
    rows += analyze_rows(corpus, runs)
    return rows


if __name__ == "__main__":
    from bench.report import format_table

    print(format_table(run(int(sys.argv[1]) if len(sys.argv) > 1 else 5)))
