"""Keys typed the moment the dashboard appears, in a real terminal: none is lost.

Each run starts ``lectern`` on the seed with a new cache (a new user's start), waits for
the text, types ``j j b`` at once and quits; the bookmark must be on the third sentence.
The tmux server is this module's own (a socket in a temporary folder, no configuration
file), so a developer's tmux is never touched, and it is removed afterwards.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.tui.app_harness import SEED
from tui.store.bookmarks import BookmarkStore

LECTERN = str(Path(sys.executable).parent / "lectern")
SOCKET_DIR = tempfile.mkdtemp(prefix="lectern-startup-tmux-")
SOCKET = f"{SOCKET_DIR}/socket"
FIRST_WORDS = "UNITED STATES President"
THIRD_SENTENCE = "President Trump in a social media posting"

pytestmark = pytest.mark.slow


def tmux(*args: str) -> str:
    done = subprocess.run(
        ["tmux", "-S", SOCKET, "-f", "/dev/null", *args], capture_output=True, text=True
    )
    return done.stdout


@pytest.fixture(autouse=True, scope="module")
def private_server() -> Iterator[None]:
    yield
    tmux("kill-server")
    shutil.rmtree(SOCKET_DIR, ignore_errors=True)  # tmux leaves its socket file behind


def start(name: str, env: dict[str, str], document: Path = SEED) -> None:
    exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    command = f"unset COLUMNS LINES; export TERM=xterm-256color {exports}; {LECTERN}"
    command += f" {shlex.quote(str(document))}; echo EXIT_STATUS=$?; sleep 60"
    tmux("new-session", "-d", "-s", name, "-x", "120", "-y", "40", command)


def wait_for(name: str, text: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while text not in tmux("capture-pane", "-p", "-t", name):
        assert time.monotonic() < deadline, f"{text!r} not on screen:\n" + tmux(
            "capture-pane", "-p", "-t", name
        )
        time.sleep(0.01)


def type_keys(name: str, keys: list[str], *, apart: float) -> None:
    if not apart:  # one burst, as a paste or a fast typist sends it
        tmux("send-keys", "-t", name, *keys)
        return
    for key in keys:
        tmux("send-keys", "-t", name, key)
        time.sleep(apart)


def env_for(tmp_path: Path, run: int, db: Path) -> dict[str, str]:
    return {
        "LECTERN_DB": str(db),
        "LECTERN_CACHE_DIR": str(tmp_path / f"cache{run}"),
        "HOME": str(tmp_path),
        "NLTK_DATA": str(tmp_path / "no-nltk-data"),
    }


def bookmarked(db: Path) -> list[str]:
    return [b.anchor.exact for b in BookmarkStore.open(db).list()]


@pytest.mark.parametrize("apart", [0.05, 0.0], ids=["50ms-apart", "at-once"])
def test_j_j_b_at_the_first_frame_bookmarks_the_third_sentence(
    tmp_path: Path, apart: float
) -> None:
    for run in range(5):
        db = tmp_path / f"bookmarks{run}.json"
        name = f"run{run}"
        start(name, env_for(tmp_path, run, db))
        wait_for(name, FIRST_WORDS)
        type_keys(name, ["j", "j", "b", "q"], apart=apart)
        wait_for(name, "EXIT_STATUS=0")
        tmux("kill-session", "-t", name)
        saved = bookmarked(db)
        assert len(saved) == 1 and saved[0].startswith(THIRD_SENTENCE), (run, saved)


def test_two_dashboards_typed_into_at_once_keep_every_bookmark(tmp_path: Path) -> None:
    db = tmp_path / "shared.json"
    rounds = 8
    for run in range(rounds):
        # A copy per round: a reading position saved by an earlier round (at quit) would,
        # rightly, put the cursor elsewhere.
        document = tmp_path / f"round{run}" / SEED.name
        document.parent.mkdir()
        document.write_bytes(SEED.read_bytes())
        names = [f"left{run}", f"right{run}"]
        for side, name in enumerate(names):
            start(name, env_for(tmp_path, 2 * run + side, db), document)
        for name in names:
            wait_for(name, FIRST_WORDS)
        for key in ("j", "j", "b", "q"):
            for name in names:
                tmux("send-keys", "-t", name, key)
        for name in names:
            wait_for(name, "EXIT_STATUS=0")
            tmux("kill-session", "-t", name)
    saved = bookmarked(db)
    assert len(saved) == 2 * rounds
    assert all(quote.startswith(THIRD_SENTENCE) for quote in saved), [q[:40] for q in saved]
