"""Drive a program in a real terminal (tmux) and time what a person would see.

Used by the first-frame, corpus and big-file benchmarks. Times are wall-clock from the
moment tmux starts the program until the awaited text is on screen.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path


class Terminal:
    """One tmux session running one command (``exec``-ed, so the pane pid is the program).

    Each terminal has a tmux server of its own (``tmux -S``, a socket in a private temporary
    folder, no configuration file), killed by :meth:`close`, which also removes the folder:
    server options it sets and buffers it fills never reach the user's tmux, and the user's
    settings never change a run.
    """

    def __init__(
        self,
        argv: Sequence[str],
        *,
        size: tuple[int, int] = (120, 40),
        env: Mapping[str, str] | None = None,
        cwd: str | Path | None = None,
        report_exit: bool = False,
        server_options: Mapping[str, str] | None = None,
    ) -> None:
        self.name = f"lectern_bench_{uuid.uuid4().hex[:8]}"
        self.socket = os.path.join(tempfile.mkdtemp(prefix="lectern-tmux-"), "socket")
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in (env or {}).items())
        program = " ".join(shlex.quote(a) for a in argv)
        # Unset COLUMNS/LINES: pytest exports 80x24, and shutil (so Textual) believes them
        # over the real terminal size.
        prefix = (
            f"cd {shlex.quote(str(cwd or os.getcwd()))} && unset COLUMNS LINES"
            f" && export TERM=xterm-256color {exports}"
        )
        if report_exit:  # keep the pane open after the program ends and print its status
            command = f"{prefix}; {program}; echo EXIT_STATUS=$?; sleep 600"
        else:
            command = f"{prefix} && exec {program}"
        # Create the pane at its final size first, then start the program in it: a program
        # started by new-session itself can see tmux's default 80x24 for its first frame.
        new_session = ["-f", "/dev/null", "new-session", "-d", "-s", self.name]
        new_session += ["-x", str(size[0]), "-y", str(size[1]), "sleep 3600"]
        try:
            done = self.tmux(*new_session)
            if done.returncode != 0:
                raise RuntimeError(f"tmux new-session failed: {done.stderr.strip()}")
            for key, value in (server_options or {}).items():
                self.tmux("set-option", "-s", key, value, check=True)
            self.started = time.perf_counter()
            self.tmux("respawn-pane", "-k", "-t", self.name, command, check=True)
        except BaseException:
            self.close()
            raise

    def tmux(self, *args: str, check: bool = False) -> subprocess.CompletedProcess[str]:
        """Run a tmux command on this terminal's own server."""
        return subprocess.run(
            ["tmux", "-S", self.socket, *args], capture_output=True, text=True, check=check
        )

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.name).stdout

    def wait_for(self, text: str, timeout: float = 60.0, poll: float = 0.005) -> float:
        """Seconds since start until ``text`` is on screen; raises TimeoutError."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if text in self.screen():
                return time.perf_counter() - self.started
            time.sleep(poll)
        raise TimeoutError(f"{text!r} did not appear within {timeout} s:\n{self.screen()}")

    def title(self) -> str:
        """The terminal title the program set (OSC 0/2), as tmux records it."""
        return self.tmux("display", "-p", "-t", self.name, "#{pane_title}").stdout.rstrip("\n")

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", self.name, *keys, check=True)

    def wait_change(self, before: str, timeout: float = 10.0, poll: float = 0.002) -> float:
        """Seconds until the screen differs from ``before``."""
        start = time.perf_counter()
        while time.perf_counter() - start < timeout:
            if self.screen() != before:
                return time.perf_counter() - start
            time.sleep(poll)
        raise TimeoutError("the screen did not change")

    def pid(self) -> int:
        out = self.tmux("display", "-p", "-t", self.name, "#{pane_pid}", check=True)
        return int(out.stdout.strip())

    def peak_rss_bytes(self) -> int:
        """VmHWM of the program (its peak resident set so far)."""
        status = Path(f"/proc/{self.pid()}/status").read_text()
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
        raise RuntimeError("no VmHWM")

    def alive(self) -> bool:
        """Whether the session still runs (it ends when the program exits without
        ``report_exit``)."""
        return self.tmux("has-session", "-t", self.name).returncode == 0

    def close(self) -> None:
        """End the session and this terminal's tmux server (tmux leaves its socket behind)."""
        self.tmux("kill-server")
        shutil.rmtree(os.path.dirname(self.socket), ignore_errors=True)

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
