"""The real program in a real terminal (tmux), as a person starts it."""

from __future__ import annotations

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
        term.wait_for("1 document", timeout=30)  # analysis finished
        screen = term.screen()
        assert "negative" in screen and "-0.1" in screen  # the seed's compound score and label
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
    subprocess.run(["tmux", "start-server"], check=False)
    with Terminal([LECTERN, str(hostile)], env=_env(tmp_path), cwd=ROOT, report_exit=True) as term:
        subprocess.run(["tmux", "set-option", "-t", term.name, "set-clipboard", "on"], check=False)
        before = subprocess.run(["tmux", "list-buffers"], capture_output=True, text=True).stdout
        term.wait_for("Hostile sample", timeout=30)
        screen = term.screen()
        assert "[@click=app.quit]click me[/]" in screen
        assert "[bold]not bold[/bold]" in screen
        assert "PWNED-TITLE" in screen  # shown as text …
        assert "PWNED" not in term.title()  # … never applied as the terminal title
        after = subprocess.run(["tmux", "list-buffers"], capture_output=True, text=True).stdout
        assert after == before  # no OSC 52 reached the clipboard
        term.keys("j")
        term.keys("j")
        term.keys("q")
        term.wait_for("EXIT_STATUS=0", timeout=15)
