"""Several processes on one bookmark file, and processes killed in the middle of a write."""

from __future__ import annotations

import json
import random
import select
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tui.store import BookmarkStore

WORKER = Path(__file__).with_name("store_worker.py")


def start_worker(db: Path, tag: str, count: int, *, wait: bool = False) -> subprocess.Popen:
    args = [sys.executable, str(WORKER), str(db), tag, str(count)]
    if wait:
        args.append("--wait")
    proc = subprocess.Popen(
        args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if line != "ready\n":
        proc.kill()
        raise AssertionError(f"worker failed to start: {line!r} {proc.stderr.read()}")
    return proc


def acknowledged_ids(output: str) -> list[str]:
    """Complete lines that are bookmark ids (a line cut by the kill does not count)."""
    lines = output.split("\n")[:-1]  # the part after the last newline is incomplete
    return [
        line for line in lines if len(line) == 32 and all(c in "0123456789abcdef" for c in line)
    ]


def run_together(db: Path, workers: int, each: int) -> list[str]:
    procs = [start_worker(db, f"w{n}", each, wait=True) for n in range(workers)]
    for proc in procs:  # release them at once
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    ids: list[str] = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        ids += acknowledged_ids(out)
    return ids


@pytest.mark.slow
@pytest.mark.parametrize(("workers", "each"), [(2, 200), (4, 100)])
def test_concurrent_writers_lose_nothing(tmp_path: Path, workers: int, each: int) -> None:
    db = tmp_path / "bookmarks.json"
    ids = run_together(db, workers, each)
    assert len(ids) == len(set(ids)) == workers * each
    store = BookmarkStore.open(db)
    assert store.problems == []
    stored = store.list()
    assert {b.id for b in stored} == set(ids)
    notes = {b.note.split()[0] for b in stored}
    assert notes == {f"w{n}-{i}" for n in range(workers) for i in range(each)}
    raw = json.loads(db.read_text())
    assert len(raw["bookmarks"]) == workers * each
    assert sorted(map(int, raw["bookmarks"])) == list(range(1, workers * each + 1))


@pytest.mark.slow
def test_dashboard_and_cli_edit_one_file_at_once(tmp_path: Path) -> None:
    """A store in this process edits and keeps positions while another process adds."""
    db = tmp_path / "bookmarks.json"
    mine = BookmarkStore.open(db)
    proc = start_worker(db, "other", 150, wait=True)
    text = "A sentence to bookmark. Another one here."
    first = mine.add("/mine.txt", "Mine", text, "sha", 0, 23)
    assert proc.stdin is not None
    proc.stdin.write("go\n")
    proc.stdin.flush()
    for i in range(60):
        mine.update(first.id, note=f"edit {i}")
        mine.set_position("/mine.txt", i, "sha")
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    theirs = set(acknowledged_ids(out))
    assert len(theirs) == 150
    final = BookmarkStore.open(db)
    assert {b.id for b in final.list()} == theirs | {first.id}
    assert final.get(first.id).note == "edit 59"
    assert final.get_position("/mine.txt") == (59, "sha")
    assert {b.id for b in mine.list()} == theirs | {first.id}  # and this store sees theirs


STALLED = 120.0
"""Seconds without a new bookmark from a running writer before we call it hung."""


def _next_id(proc: subprocess.Popen) -> str:
    """The next bookmark id the writer acknowledges (blocking; a hang guard only)."""
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout], [], [], STALLED)
    assert ready, f"the writer acknowledged nothing for {STALLED:.0f} s"
    line = proc.stdout.readline()
    assert acknowledged_ids(line), f"not a bookmark id: {line!r}"
    return line.strip()


def _crash_lane(db: Path, trials: int, seed: int) -> int:
    """Kill a writer at random moments; after each kill the file must load whole.

    The moment is counted in bookmarks, not seconds: after a random number of
    acknowledged adds, a few milliseconds into the next. A loaded machine makes the
    lane slower, never lets a kill land before the first write."""
    rng = random.Random(seed)
    acknowledged: set[str] = set()
    for trial in range(trials):
        proc = start_worker(db, f"t{trial}", 0)
        before_kill = [_next_id(proc) for _ in range(rng.randint(1, 6))]
        time.sleep(rng.uniform(0.0, 0.02))
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate(timeout=STALLED)
        acknowledged.update(before_kill, acknowledged_ids(out))
        json.loads(db.read_bytes())  # never half-written
        store = BookmarkStore.open(db)
        assert store.problems == [], store.problems
        stored = {b.id for b in store.list()}
        missing = acknowledged - stored
        assert not missing, f"trial {trial}: {len(missing)} acknowledged bookmarks lost"
        assert not list(db.parent.glob(".bookmarks.json.*.tmp"))  # cleaned on open
    return len(acknowledged)


@pytest.mark.slow
def test_sigkill_during_writes_never_corrupts_or_loses(tmp_path: Path) -> None:
    lanes = 2
    trials_per_lane = 55
    dbs = []
    for lane in range(lanes):
        folder = tmp_path / f"lane{lane}"
        folder.mkdir()
        db = folder / "bookmarks.json"
        # Start from a file of realistic size so kills land inside longer writes.
        seed_store = BookmarkStore.open(db)
        text = "Some words to anchor to. " * 40
        for i in range(20):
            seed_store.add("/seed.txt", "Seed", text, "sha", i, i + 50, note="seed " * 50)
        dbs.append(db)
    with ThreadPoolExecutor(lanes) as pool:
        acknowledged = list(pool.map(_crash_lane, dbs, [trials_per_lane] * lanes, range(lanes)))
    assert sum(acknowledged) >= lanes * trials_per_lane  # every kill hit a running add loop
