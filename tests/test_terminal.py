"""The real program in a real terminal (tmux), as a person starts it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench.terminal import Terminal

ROOT = Path(__file__).resolve().parent.parent
LECTERN = str(Path(sys.executable).parent / "lectern")

pytestmark = pytest.mark.slow


def _env(tmp_path: Path) -> dict[str, str]:
    return {
        "LECTERN_DB": str(tmp_path / "bookmarks.json"),
        "LECTERN_CACHE_DIR": str(tmp_path / "cache"),
        "HOME": str(tmp_path),
    }


def test_seeds_dashboard_in_a_real_terminal(tmp_path: Path) -> None:
    with Terminal([LECTERN], env=_env(tmp_path), cwd=ROOT, report_exit=True) as term:
        term.wait_for("UNITED STATES President", timeout=30)
        term.wait_for("Most negative", timeout=60)  # the analysis reached the sentiment panel
        term.wait_for("Keywords", timeout=30)
        screen = term.screen()
        assert re.search(r"[-+]\d\.\d\d (negative|neutral|positive)", screen)  # compound + label
        assert "Los Angeles" in screen and "Keywords" in screen
        term.keys("q")
        term.wait_for("EXIT_STATUS=0", timeout=15)


def test_hostile_document_cannot_drive_the_terminal(tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.txt"
    hostile.write_text(
        "Hostile sample [@click=app.quit]click me[/] and [bold]not bold[/bold].\n"
        "Title \x1b]0;PWNED-TITLE\x07 clipboard \x1b]52;c;UFdORUQ=\x07 link "
        "\x1b]8;;http://x\x1b\\\\link\x1b]8;;\x1b\\\\ colour \x1b[31mred\x1b[0m bell \x07 end.\n"
        "Bidi \u202eevil\u202c and wide 漢字 and emoji 🎉 and C1 \x9b31m here.\n",
        encoding="utf-8",
    )
    with Terminal(
        [LECTERN, str(hostile)],
        env=_env(tmp_path),
        cwd=ROOT,
        report_exit=True,
        server_options={"set-clipboard": "on"},  # OSC 52 would land in a tmux buffer
    ) as term:
        before = term.tmux("list-buffers").stdout
        term.wait_for("Hostile sample", timeout=30)
        screen = term.screen()
        assert "[@click=app.quit]click me[/]" in screen
        assert "[bold]not bold[/bold]" in screen
        assert "PWNED-TITLE" in screen  # shown as text …
        assert "PWNED" not in term.title()  # … never applied as the terminal title
        after = term.tmux("list-buffers").stdout
        assert after == before  # no OSC 52 reached the clipboard
        term.keys("j")
        term.keys("j")
        term.keys("q")
        term.wait_for("EXIT_STATUS=0", timeout=15)


def test_the_terminal_checks_can_fail(tmp_path: Path) -> None:
    """The title and clipboard checks above detect a program that does emit the escapes;
    the clipboard they fill is on the terminal's own tmux server, gone once it closes."""
    script = "printf '\\033]0;PWNED-TITLE\\007\\033]52;c;UFdORUQ=\\007'; echo done"
    with Terminal(
        ["bash", "-c", script], report_exit=True, server_options={"set-clipboard": "on"}
    ) as term:
        term.wait_for("EXIT_STATUS=0", timeout=10)
        assert "PWNED" in term.title()
        assert term.tmux("list-buffers").stdout
    gone = subprocess.run(["tmux", "-S", term.socket, "list-sessions"], capture_output=True)
    assert gone.returncode != 0 and not os.path.exists(term.socket)
