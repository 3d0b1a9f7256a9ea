"""``lectern serve`` without a browser: what it warns about, what it runs per tab, and
what it refuses (the browser tests are in tests/browser, run by ``make test-browser``)."""

from __future__ import annotations

import shlex
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tui import serve
from tui.cli import main


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.2"])
def test_loopback_needs_no_warning(host: str) -> None:
    assert serve.exposure_warning(host, 8000) is None


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "::", "lectern.example"])
def test_any_other_address_is_warned_about(host: str) -> None:
    warning = serve.exposure_warning(host, 8123)
    assert warning is not None
    assert f"{host}:8123" in warning and "no authentication" in warning


def test_each_tab_runs_this_lectern_with_its_own_workers(tmp_path: Path) -> None:
    odd = tmp_path / "a folder; rm -rf ~"
    command = serve.dashboard_command(
        [str(odd)], db=str(tmp_path / "b.json"), workers=1, max_mb=2.5
    )
    argv = shlex.split(command)
    assert argv[:3] == [sys.executable, "-m", "tui.cli"]
    assert argv[3] == str(odd)  # one argument, never shell syntax
    assert argv[argv.index("--workers") + 1] == "1"
    assert argv[argv.index("--db") + 1] == str(tmp_path / "b.json")
    assert argv[argv.index("--max-mb") + 1] == "2.5"


@pytest.mark.parametrize(
    "args", [["--workers", "0"], ["--max-connections", "0"], ["--port", "0"], ["--max-mb", "-1"]]
)
def test_bad_options_are_refused(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", *args]) == 2
    assert "lectern serve:" in capsys.readouterr().err


def test_nothing_to_serve_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", str(tmp_path / "missing.txt")]) == 2
    assert "missing.txt" in capsys.readouterr().err


def test_the_page_is_served_with_the_early_keys_script(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "tui.cli", "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                page = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).read()
                break
            except OSError:
                assert process.poll() is None and time.monotonic() < deadline
                time.sleep(0.2)
        html = page.decode()
        assert html.index("lecternHeld") < html.index("textual.js")
        assert f"ws://127.0.0.1:{port}/ws" in html
    finally:
        process.terminate()
        process.wait(timeout=20)
    assert b"WARNING" not in process.stderr.read()
