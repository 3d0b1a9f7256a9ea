"""Hostile file systems: missing paths, permissions, loops, FIFOs and devices, files that
change between listing and reading, and very large folders.

Everything that could block (a FIFO, a device) runs in a thread with a deadline, so a
regression fails the test instead of hanging the suite. The suite runs as root, for whom
permission bits do not apply, so "permission denied" is simulated by patching ``os.open``.
"""

from __future__ import annotations

import errno
import os
import random
import socket
import stat
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest

import analysis.load.files as loader
from analysis.load.files import expand_inputs, load_paths
from analysis.model import Document, LoadFailure
from analysis.pipeline import Analysed, Failed, Loaded, run_pipeline
from tests.reliability.hostile import UNSAFE_TEXT

DEADLINE = 20.0
"""Seconds a filesystem operation may take before we call it blocked."""


def within_deadline(work: Callable[[], Any]) -> Any:
    """Run ``work`` in a daemon thread; fail (instead of hanging) if it blocks."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = work()
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test thread
            box["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(DEADLINE)
    assert not thread.is_alive(), "blocked: the operation did not finish"
    if "error" in box:
        raise box["error"]
    return box["value"]


def without_stalling(items: Callable[[], Iterable[Any]]) -> list[Any]:
    """Collect ``items()`` in a daemon thread; fail if no new item comes for ``DEADLINE``
    seconds. For long runs: a loaded machine makes them slower, not failed."""
    collected: list[Any] = []
    box: dict[str, BaseException] = {}

    def run() -> None:
        try:
            for item in items():
                collected.append(item)
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test thread
            box["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    seen = 0
    while thread.is_alive():
        thread.join(DEADLINE)
        assert len(collected) > seen or not thread.is_alive(), (
            f"blocked: no progress for {DEADLINE:.0f} s after {len(collected)} items"
        )
        seen = len(collected)
    if "error" in box:
        raise box["error"]
    return collected


def outcomes(inputs: list[str]) -> dict[str, Document | LoadFailure]:
    results = within_deadline(lambda: list(load_paths(inputs)))
    by_path = {r.path: r for r in results}
    assert len(by_path) == len(results), "a path was reported twice"
    for result in results:
        if isinstance(result, LoadFailure):
            assert result.message and UNSAFE_TEXT.search(result.message) is None
            assert "\n" not in result.message
    return by_path


def good(folder: Path, name: str = "good.txt") -> Path:
    path = folder / name
    path.write_text("A readable document. It has two sentences.\n", encoding="utf-8")
    return path


def test_missing_paths_fail_one_by_one(tmp_path: Path) -> None:
    ok = good(tmp_path)
    missing = tmp_path / "nowhere" / "gone.txt"
    found = outcomes([str(missing), str(ok), str(tmp_path / "no-match-*.txt")])
    assert found[str(missing)].kind == "missing"
    assert "gone.txt does not exist." in found[str(missing)].message
    assert isinstance(found[str(ok)], Document)
    (glob_failure,) = [r for p, r in found.items() if "no-match" in p]
    assert glob_failure.kind == "missing" and "matches no files" in glob_failure.message


def test_permission_denied_file_and_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ok = good(tmp_path)
    secret = good(tmp_path, "secret.txt")
    private = tmp_path / "private"
    private.mkdir()
    good(private, "inside.txt")
    real_open, real_scandir = os.open, os.scandir

    def deny_open(path, flags, *args, **kwargs):
        if os.fspath(path) == str(secret):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    def deny_scandir(path="."):
        if os.fspath(path) == str(private):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "open", deny_open)
    monkeypatch.setattr(os, "scandir", deny_scandir)
    found = outcomes([str(tmp_path)])
    assert found[str(secret)].kind == "permission"
    assert found[str(secret)].message == "secret.txt cannot be read: permission denied."
    assert found[str(private)].kind == "permission"
    assert "its files were skipped" in found[str(private)].message
    assert isinstance(found[str(ok)], Document)


def test_symlink_loops_are_reported_and_never_followed_forever(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "sub").mkdir(parents=True)
    good(docs / "sub")
    (docs / "sub" / "back-to-top").symlink_to(docs, target_is_directory=True)
    (docs / "self").symlink_to(docs / "self")  # a link to itself
    (docs / "ping").symlink_to(docs / "pong")
    (docs / "pong").symlink_to(docs / "ping")
    found = outcomes([str(docs)])
    kinds = {Path(p).name: r.kind for p, r in found.items() if isinstance(r, LoadFailure)}
    assert kinds == {"back-to-top": "loop", "self": "loop", "ping": "loop", "pong": "loop"}
    assert [Path(p).name for p, r in found.items() if isinstance(r, Document)] == ["good.txt"]


def test_fifo_socket_and_devices_in_a_folder_never_block(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    good(docs, "a.txt")
    os.mkfifo(docs / "b-fifo.txt")  # no writer: opening it for reading would block
    (docs / "c-zero.txt").symlink_to("/dev/zero")  # endless: reading it would never end
    (docs / "d-urandom.txt").symlink_to("/dev/urandom")
    (docs / "e-null.txt").symlink_to("/dev/null")
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(docs / "f-socket.txt"))
        good(docs, "g.txt")
        found = outcomes([str(docs)])
        # Given explicitly, too (not only found by the walk).
        explicit = outcomes([str(docs / "b-fifo.txt"), "/dev/zero", str(docs / "c-zero.txt")])
        pipeline_events = within_deadline(
            lambda: list(run_pipeline([str(docs)], workers=1, use_cache=False))
        )
    finally:
        server.close()
    kinds = {Path(p).name: r.kind for p, r in found.items() if isinstance(r, LoadFailure)}
    assert kinds == dict.fromkeys(
        ["b-fifo.txt", "c-zero.txt", "d-urandom.txt", "e-null.txt", "f-socket.txt"],
        "not-a-file",
    )
    assert "a named pipe (FIFO)" in found[str(docs / "b-fifo.txt")].message
    assert "a character device" in found[str(docs / "c-zero.txt")].message
    assert "a socket" in found[str(docs / "f-socket.txt")].message
    assert {r.kind for r in explicit.values()} == {"not-a-file"}
    analysed = [e.analysis.document.path for e in pipeline_events if isinstance(e, Analysed)]
    assert [Path(p).name for p in analysed] == ["a.txt", "g.txt"]
    assert sum(isinstance(e, Failed) for e in pipeline_events) == 5


def _expand_then(action: Callable[[], None]):
    """An ``expand_inputs`` that runs ``action`` once the whole list was taken (the
    pipeline lists every input before loading the first)."""
    real = loader.expand_inputs
    done: list[bool] = []

    def expand(inputs):
        yield from real(inputs)
        if not done:  # load_paths expands each listed file again: act only once
            done.append(True)
            action()

    return expand


def test_files_deleted_truncated_or_replaced_between_listing_and_loading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    names = ["a-kept.txt", "b-deleted.txt", "c-emptied.txt", "d-folder.txt", "e-fifo.txt"]
    for name in names:
        good(docs, name)

    def change_files() -> None:
        (docs / "b-deleted.txt").unlink()
        os.truncate(docs / "c-emptied.txt", 0)
        (docs / "d-folder.txt").unlink()
        (docs / "d-folder.txt").mkdir()
        (docs / "e-fifo.txt").unlink()
        os.mkfifo(docs / "e-fifo.txt")

    monkeypatch.setattr(loader, "expand_inputs", _expand_then(change_files))
    events = within_deadline(lambda: list(run_pipeline([str(docs)], workers=1, use_cache=False)))
    failed = {Path(e.failure.path).name: e.failure for e in events if isinstance(e, Failed)}
    analysed = {Path(e.analysis.document.path).name: e for e in events if isinstance(e, Analysed)}
    assert set(analysed) == {"a-kept.txt", "c-emptied.txt"}
    assert analysed["c-emptied.txt"].analysis.document.text == ""
    assert failed["b-deleted.txt"].kind == "missing"
    # The pipeline hands each listed path back to load_paths, which walks it as a folder
    # now: an empty folder yields nothing there, and the pipeline reports the path.
    assert failed["d-folder.txt"].kind == "not-a-file"
    assert "changed into a folder" in failed["d-folder.txt"].message
    assert failed["e-fifo.txt"].kind == "not-a-file"


def test_file_truncated_while_open_is_a_read_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cut short after the loader checked its size (a real truncate, not a fake read)."""
    victim = tmp_path / "victim.txt"
    victim.write_text("Long enough text to be cut short. " * 1000, encoding="utf-8")
    real_fstat = os.fstat

    def fstat_then_truncate(fd: int) -> os.stat_result:
        info = real_fstat(fd)
        if stat.S_ISREG(info.st_mode) and info.st_size > 100:
            os.truncate(victim, 100)
        return info

    monkeypatch.setattr(os, "fstat", fstat_then_truncate)
    (failure,) = list(load_paths([str(victim)]))
    assert isinstance(failure, LoadFailure) and failure.kind == "io-error"
    assert failure.message == "victim.txt became shorter while it was being read; try again."
    monkeypatch.undo()
    (doc,) = list(load_paths([str(victim)]))  # trying again works
    assert isinstance(doc, Document) and len(doc.text) == 100


def test_file_replaced_after_open_is_read_as_opened(tmp_path: Path) -> None:
    """Replacing a file (atomic rename) while it is read gives the old or the new text,
    never a mix: the loader reads through one open descriptor."""
    path = good(tmp_path, "doc.txt")
    replacement = tmp_path / "new.txt"
    replacement.write_text("Brand new text. Entirely.\n", encoding="utf-8")
    real_fstat = os.fstat
    swapped = []

    def fstat_then_swap(fd: int) -> os.stat_result:
        info = real_fstat(fd)
        if not swapped and stat.S_ISREG(info.st_mode):
            os.replace(replacement, path)
            swapped.append(True)
        return info

    os.fstat = fstat_then_swap  # type: ignore[assignment]
    try:
        (doc,) = list(load_paths([str(path)]))
    finally:
        os.fstat = real_fstat
    assert swapped and isinstance(doc, Document)
    assert doc.text == "A readable document. It has two sentences.\n"


@pytest.mark.slow
def test_folder_of_ten_thousand_files_expands_and_loads_in_sorted_order(tmp_path: Path) -> None:
    docs = tmp_path / "many"
    docs.mkdir()
    rng = random.Random(10_000)
    names = [f"{rng.getrandbits(40):010x}-{i}.txt" for i in range(10_000)]
    for name in names:  # created in random order, so sorted output is the loader's doing
        (docs / name).write_bytes(b"Note %s. Short and plain.\n" % name.encode())
    expanded = without_stalling(lambda: expand_inputs([str(docs)]))
    assert [Path(p).name for p in expanded] == sorted(names)
    loaded = without_stalling(lambda: load_paths([str(docs)], split=False))
    assert len(loaded) == 10_000 and all(isinstance(d, Document) for d in loaded)
    assert [Path(d.path).name for d in loaded] == sorted(names)

    def first_loaded(count: int) -> list[str]:
        events = run_pipeline([str(docs)], workers=1, use_cache=False)
        try:
            paths = []
            for event in events:
                if isinstance(event, Loaded):
                    paths.append(Path(event.document.path).name)
                    if len(paths) == count:
                        return paths
            return paths
        finally:
            events.close()

    assert within_deadline(lambda: first_loaded(50)) == sorted(names)[:50]
