"""``lectern serve`` in a real Chromium (Playwright): keys typed in the page reach the
dashboard, bookmarks land in the TinyDB file, exports arrive as downloads. The terminal
is drawn on a canvas by xterm.js, so assertions look at effects outside the page."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.tui.app_harness import SEED
from tui.store.bookmarks import BookmarkStore

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
THIRD_SENTENCE = "President Trump in a social media posting"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for_port(port: int, process: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "lectern serve exited"
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError("lectern serve did not start listening")


def _serve(tmp_path: Path, *extra: str) -> tuple[subprocess.Popen[bytes], str, Path]:
    port = _free_port()
    db = tmp_path / "bookmarks.json"
    env = {**os.environ, "LECTERN_CACHE_DIR": str(tmp_path / "cache"), "HOME": str(tmp_path)}
    argv = [sys.executable, "-m", "tui.cli", "serve", str(SEED), "--port", str(port)]
    process = subprocess.Popen(
        [*argv, "--db", str(db), *extra],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _wait_for_port(port, process)
    return process, f"http://127.0.0.1:{port}/", db


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    process, url, db = _serve(tmp_path)
    try:
        yield url, db
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert CHROMIUM, "no chromium on PATH: run `make test-browser`, which installs it"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


def _open_dashboard(browser: Browser, url: str) -> Page:
    page = browser.new_page(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    page.goto(url)
    page.wait_for_selector("canvas", timeout=30_000)
    return page


def _bookmarks(db: Path) -> list[str]:
    """The passages bookmarked in ``db``, as the store reads them."""
    if not db.exists():
        return []
    store = BookmarkStore.open(db)
    try:
        return [b.anchor.exact for b in store.list()]
    finally:
        store.close()


def _until(check, timeout: float = 60.0):
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.25)


def _bookmark_third_sentence(page: Page) -> None:
    """Click the reading pane (it may still be starting), go to the first sentence, then
    j j b, all at once."""
    page.mouse.click(600, 300)
    page.keyboard.press("g")
    for key in "jjb":
        page.keyboard.press(key)


def test_keys_typed_in_the_browser_make_a_bookmark_in_the_file(
    server: tuple[str, Path], browser: Browser, tmp_path: Path
) -> None:
    url, db = server
    page = _open_dashboard(browser, url)
    _bookmark_third_sentence(page)  # at once: the dashboard is still starting
    marks = _until(lambda: _bookmarks(db))
    assert len(marks) == 1
    assert marks[0].startswith(THIRD_SENTENCE)
    shot = tmp_path / "dashboard.png"
    page.screenshot(path=str(shot))
    page.close()
    _looks_like_the_dashboard(shot)


def _looks_like_the_dashboard(shot: Path) -> None:
    """Loosely: a real frame (not a blank or error page) — many distinct colours, mostly
    the dashboard's dark background."""
    from collections import Counter

    pixels = _png_pixels(shot)
    counts = Counter(pixels)
    assert len(counts) > 50  # text, borders, sparkline colours
    background, share = counts.most_common(1)[0]
    assert share / len(pixels) > 0.3
    assert sum(background) < 200  # dark theme


def _png_pixels(path: Path) -> list[tuple[int, int, int]]:
    """RGB pixels of a PNG as Chromium writes it (8-bit RGB or RGBA, no interlace)."""
    import struct
    import zlib

    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks, header = 8, [], None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            chunks.append(body)
        pos += 12 + length
    assert header is not None
    width, height, depth, colour, _c, _f, interlace = header
    assert depth == 8 and colour in (2, 6) and not interlace
    step = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(chunks))
    stride = width * step
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - step] if i >= step else 0
            up = previous[i]
            corner = previous[i - step] if i >= step else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                near = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + near) & 0xFF
        rows.append(bytes(line))
        previous = line
    return [tuple(row[x : x + 3]) for row in rows[::8] for x in range(0, stride, step * 8)]


def test_an_export_from_the_palette_arrives_as_a_download(
    server: tuple[str, Path], browser: Browser, tmp_path: Path
) -> None:
    url, db = server
    page = _open_dashboard(browser, url)
    _bookmark_third_sentence(page)
    assert _until(lambda: _bookmarks(db))
    with page.expect_download(timeout=60_000) as caught:
        page.keyboard.press("Control+p")
        time.sleep(1)
        page.keyboard.type("Export bookmarks")
        time.sleep(1)
        page.keyboard.press("Enter")
    download = caught.value
    assert download.suggested_filename.startswith("lectern-bookmarks-")
    saved = tmp_path / "export.md"
    download.save_as(str(saved))
    assert THIRD_SENTENCE in saved.read_text(encoding="utf-8")
    assert not list(tmp_path.glob("lectern-bookmarks-*.md"))  # nothing written beside the server
    page.close()


def test_two_tabs_bookmark_into_one_file(server: tuple[str, Path], browser: Browser) -> None:
    url, db = server
    first, second = _open_dashboard(browser, url), _open_dashboard(browser, url)
    for page in (first, second):
        _bookmark_third_sentence(page)
        page.keyboard.press("j")
        page.keyboard.press("b")  # and the fourth sentence
    marks = _until(lambda: _bookmarks(db) if len(_bookmarks(db)) >= 4 else [])
    assert len(marks) == 4, marks
    quotes = sorted(mark[:20] for mark in marks)
    assert quotes[0] == quotes[1] and quotes[2] == quotes[3] and quotes[0] != quotes[2]
    first.close()
    second.close()


def test_tabs_over_the_limit_get_a_page_saying_why(tmp_path: Path, browser: Browser) -> None:
    process, url, _db = _serve(tmp_path, "--max-connections", "1")
    try:
        first = _open_dashboard(browser, url)
        time.sleep(2)
        second = browser.new_page()
        response = second.goto(url)
        assert response is not None and response.status == 503
        assert "Lectern is busy" in second.content()
        first.close()
        second.close()
    finally:
        process.terminate()
        process.wait(timeout=20)
