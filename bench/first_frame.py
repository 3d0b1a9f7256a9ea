"""First frame: ``lectern seeds/`` against a bare Textual app in tmux, alternated, each until
its text is on screen; also the terminal helpers the corpus and big-file cases share (an
isolated environment per run, waiting on the screen, a stop that leaves no process behind).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path

from bench.corpus_gen import data_dir
from bench.report import Row, Target, unavailable
from bench.stats import alternate, median
from bench.terminal import Terminal

ROOT = Path(__file__).resolve().parent.parent
LECTERN = str(ROOT / ".venv" / "bin" / "lectern")
PYTHON = sys.executable
SIZE = (120, 40)
SEED_TEXT = "UNITED STATES President"
SECOND_SENTENCE = "▸ The extraordinary move"
"""The seed's second sentence with the cursor mark in front of it."""
BARE_TEXT = "BARE TEXTUAL READY"
TARGET = Target("<=", 1.3)
TTI_TARGET = Target("<=", 1.5)


class AppGone(RuntimeError):
    """The program under test exited (or never started) before showing what we wait for."""


def isolated_env(folder: Path, cache_dir: Path | None = None) -> dict[str, str]:
    """Environment for one run: bookmarks, cache and XDG folders under ``folder``, so a run
    never reads a previous run's state (unless given the same ``cache_dir``) nor a user's."""
    env = {
        # Byte code as an installed program has it: written by the warm-up run, then used
        # (this machine's environment sets PYTHONDONTWRITEBYTECODE; an empty value unsets it).
        "PYTHONDONTWRITEBYTECODE": "",
        "PYTHONPYCACHEPREFIX": str(data_dir() / "pycache"),
        "LECTERN_DB": str(folder / "bookmarks.json"),
        "LECTERN_CACHE_DIR": str(cache_dir or folder / "cache"),
        "XDG_DATA_HOME": str(folder / "data"),
        "XDG_CACHE_HOME": str(folder / "xdg-cache"),
        "XDG_CONFIG_HOME": str(folder / "config"),
        "XDG_STATE_HOME": str(folder / "state"),
    }
    for name in ("NLTK_DATA", "PATH", "LANG", "LC_ALL"):
        if name in os.environ:
            env[name] = os.environ[name]
    return env


def wait_until(
    term: Terminal, predicate: Callable[[str], bool], timeout: float, poll: float = 0.005
) -> float:
    """Seconds from the program's start until ``predicate(screen)`` holds.

    Raises :class:`AppGone` when the program exits first and TimeoutError after ``timeout``.
    """
    deadline = time.perf_counter() + timeout
    next_check = 0.0
    while True:
        screen = term.screen()
        if screen and predicate(screen):
            return time.perf_counter() - term.started
        now = time.perf_counter()
        if not screen.strip() and now >= next_check:  # blank: starting, or already gone?
            next_check = now + 0.1
            if not term.alive():
                raise AppGone("the program exited before its first frame")
        if time.perf_counter() > deadline:
            tail = " | ".join(line.strip() for line in screen.splitlines() if line.strip())[-300:]
            raise TimeoutError(f"not on screen after {timeout:.0f} s; screen: {tail}")
        time.sleep(poll)


def _session_pids(session_id: int) -> list[int]:
    """Processes whose session is ``session_id`` (tmux makes the pane a session leader, and
    the analysis pool's fork server and workers inherit it)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[3]) == session_id:  # fields after "(comm)": state ppid pgrp session
            pids.append(int(entry.name))
    return pids


def stop(term: Terminal, grace: float = 3.0) -> None:
    """Close the terminal and wait until every process the run started has exited; those
    still running after ``grace`` seconds (a busy pool worker) are killed by pid."""
    try:
        leader = term.pid()
    except (subprocess.CalledProcessError, ValueError):
        leader = None
    term.close()
    if leader is None:
        return
    deadline = time.perf_counter() + grace
    while _session_pids(leader) and time.perf_counter() < deadline:
        time.sleep(0.02)
    for sig in (signal.SIGTERM, signal.SIGKILL):
        leftovers = _session_pids(leader)
        if not leftovers:
            return
        for pid in leftovers:
            with suppress(ProcessLookupError):
                os.kill(pid, sig)
        time.sleep(0.2)


@contextmanager
def terminal(argv: Sequence[str], env: Mapping[str, str]) -> Iterator[Terminal]:
    term = Terminal(list(argv), size=SIZE, env=env, cwd=ROOT)
    try:
        yield term
    finally:
        stop(term)


def time_until(
    argv: Sequence[str],
    predicate: Callable[[str], bool],
    *,
    env: Mapping[str, str] | None = None,
    timeout: float = 30.0,
) -> float:
    """Start ``argv`` in a fresh terminal, return seconds until ``predicate(screen)``."""
    with (
        tempfile.TemporaryDirectory(prefix="lectern-bench-") as folder,
        terminal(argv, env or isolated_env(Path(folder))) as term,
    ):
        return wait_until(term, predicate, timeout)


def shows(text: str) -> Callable[[str], bool]:
    return lambda screen: text in screen


def lectern_first_frame(paths: Sequence[str], text: str, timeout: float = 30.0) -> float:
    return time_until([LECTERN, *paths], shows(text), timeout=timeout)


def lectern_time_to_interactive(cache_dir: Path | None = None, timeout: float = 30.0) -> float:
    """Seconds from launch until a ``j`` sent the moment the seed's text shows has moved
    the cursor to the second sentence on screen. Without ``cache_dir`` a new cache each
    time (a new user's start); with it, the cache the runs share (a returning user's)."""
    with (
        tempfile.TemporaryDirectory(prefix="lectern-bench-") as folder,
        terminal([LECTERN, str(ROOT / "seeds")], isolated_env(Path(folder), cache_dir)) as term,
    ):
        wait_until(term, shows(SEED_TEXT), timeout)
        term.keys("j")
        return wait_until(term, shows(SECOND_SENTENCE), timeout)


def bare_first_frame(timeout: float = 30.0) -> float:
    return time_until([PYTHON, "-m", "bench.bare_app"], shows(BARE_TEXT), timeout=timeout)


def dashboard_problem() -> str | None:
    """Why the dashboard cannot start (an import error, say), or None if it imports."""
    done = subprocess.run(
        [PYTHON, "-c", "import tui.app"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if done.returncode == 0:
        return None
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    return lines[-1] if lines else f"exit status {done.returncode}"


def failure_reason(exc: BaseException) -> str:
    """A short reason for an n/a row; names the dashboard's import error when there is one."""
    problem = dashboard_problem()
    if problem:
        return f"dashboard does not start: {problem}"
    return f"{type(exc).__name__}: {exc}"


def run(runs: int = 5) -> list[Row]:
    """The first-frame case: one untimed warm-up of each program, then alternating runs."""
    measure = "first frame: lectern seeds/"
    problem = dashboard_problem()
    if problem:
        return [unavailable("first frame", measure, f"dashboard does not start: {problem}", TARGET)]
    seeds = [str(ROOT / "seeds")]
    warm = Path(tempfile.mkdtemp(prefix="lectern-bench-cache-"))
    try:
        lectern_first_frame(seeds, SEED_TEXT)
        bare_first_frame()
        lectern_time_to_interactive(warm)  # fills the shared cache
        times = alternate(
            {
                "lectern": lambda: lectern_first_frame(seeds, SEED_TEXT),
                "bare": bare_first_frame,
                "interactive": lectern_time_to_interactive,
                "interactive warm": lambda: lectern_time_to_interactive(warm),
            },
            runs,
        )
    except (AppGone, TimeoutError) as exc:
        return [unavailable("first frame", measure, failure_reason(exc), TARGET)]
    finally:
        shutil.rmtree(warm, ignore_errors=True)
    ours, bare = median(times["lectern"]), median(times["bare"])
    interactive, warm_interactive = median(times["interactive"]), median(times["interactive warm"])
    return [
        Row.against(
            "first frame", measure, ours, "bare Textual app", bare, target=TARGET, runs=runs
        ),
        Row.against(
            "first frame",
            "time to interactive: j at the first frame moves the cursor (new cache)",
            interactive,
            "bare Textual app",
            bare,
            target=TTI_TARGET,
            runs=runs,
        ),
        Row.against(
            "first frame",
            "time to interactive, cache of an earlier start",
            warm_interactive,
            "bare Textual app",
            bare,
            runs=runs,
        ),
    ]


if __name__ == "__main__":
    from bench.report import format_table

    print(format_table(run(int(sys.argv[1]) if len(sys.argv) > 1 else 5)))
