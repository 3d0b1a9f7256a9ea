"""The whole dashboard on hostile documents, file names, titles, keywords, KWIC contexts and
bookmark notes (Textual Pilot): everything is shown literally, nothing a terminal could obey
reaches a rendered strip, and clicking on the hostile text interprets nothing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.pilot import Pilot

from analysis.load.files import load_document
from tests.reliability.hostile import C1_BYTES, CONTROLS, UNSAFE_RENDERED, hostile_text
from tests.tui.app_harness import make_app, ready, screen_text, wait_for
from tui.app import LecternApp
from tui.screens.kwic import KwicScreen
from tui.store import BookmarkStore
from tui.widgets.keywords import KeywordPanel

SIZE = (160, 50)

MARKUP_NAME = "[bold]x[@click=app.quit].txt"
BINARY_NAME = "[@click=app.quit]\x1b]0;PWNED\x07 :smile:.png"
TITLE = "[@click=app.quit]Heading[/] \x1b]0;PWNED\x07 :smile: [link=https://evil.example]x[/link]"
NOTE = "[@click=app.quit]note[/] \x1b]52;c;UFdORUQ=\x07 :smile: \u202eevil\u202c [bold]b[/bold]"
TAG = "[red]tag\x1b[31m"


def make_hostile_folder(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True)
    files = {
        "hostile": folder / "a-hostile.txt",
        "markup-name": folder / MARKUP_NAME,
        "title": folder / "c-title.md",
        "c1": folder / "d-c1-latin1.txt",
        "binary": folder / BINARY_NAME,
    }
    files["hostile"].write_text(hostile_text(), encoding="utf-8")
    files["markup-name"].write_text("   \n", encoding="utf-8")  # no words: titled by its name
    files["title"].write_text(
        f"# {TITLE}\n\nBody text here. The lantern glows in the harbour.\n", encoding="utf-8"
    )
    files["c1"].write_bytes(b"Raw C1 bytes " + C1_BYTES + b" in a Latin-1 file. Caf\xe9.\n" * 5)
    files["binary"].write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    # Names a file system allows and a terminal would obey.
    for name in (b"e-\x1b]0;PWNED\x07.txt", "f-\u202etxt.exe".encode(), b"g-\xff\xfe.txt"):
        with open(os.fsencode(folder) + b"/" + name, "wb") as handle:
            handle.write(b"A short note about the lantern.\n")
    return files


def rendered_segments(app: LecternApp) -> list[str]:
    return [segment.text for strip in app.screen._compositor.render_strips() for segment in strip]


def assert_screen_safe(app: LecternApp) -> None:
    """No control, C1 or bidi character in anything drawn, and everything encodable."""
    for text in rendered_segments(app):
        found = UNSAFE_RENDERED.search(text)
        assert found is None, f"{found.group()!r} reached the screen in {text!r}"
        text.encode("utf-8")  # no lone surrogate (from a non-UTF-8 file name) either


async def click_text(pilot: Pilot, app: LecternApp, needle: str) -> bool:
    """Click on the first cell where ``needle`` is shown; False if it is not on screen."""
    for y, line in enumerate(screen_text(app).split("\n")):
        x = line.find(needle)
        if x >= 0:
            await pilot.click(offset=(x + 1, y))
            await pilot.pause()
            return True
    return False


@pytest.fixture
def hostile_app(tmp_path: Path) -> tuple[LecternApp, dict[str, Path], Path]:
    files = make_hostile_folder(tmp_path / "docs")
    db = tmp_path / "store" / "bookmarks.json"
    doc = load_document(files["hostile"])
    start = doc.text.index("[@click=app.quit]press me[/]")
    store = BookmarkStore.open(db)
    store.add(doc.path, doc.title, doc.text, doc.sha256, start, start + 40, note=NOTE, tags=[TAG])
    return make_app([str(tmp_path / "docs")], db), files, db


@pytest.mark.slow
async def test_hostile_documents_render_literally_and_safely(hostile_app) -> None:
    app, _files, _db = hostile_app
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert [Path(f.path).name for f in app.dashboard.failures] == [BINARY_NAME]
        assert len(app.dashboard.documents) == 7
        seen: list[str] = []
        for _ in range(len(app.dashboard.order)):  # every document in turn
            await pilot.pause()
            assert_screen_safe(app)
            seen.append(screen_text(app))
            await pilot.press("right_square_bracket")
        shown = "\n".join(seen)
        # Markup is shown as typed, in text, file names, titles and notes.
        for literal in (
            "[@click=app.quit]press me[/]",
            "[bold]shouting[/bold]",
            "[link=https://evil.example/x]click here[/link]",
            ":smile: :thumbs_up:",
            "a closing tag [/] with no opening",
            MARKUP_NAME,
            "[@click=app.quit]Heading[/]",
            "[@click=app.quit]note[/]",
        ):
            assert literal in shown, literal
        # Controls are shown as visible placeholders, never obeyed.
        assert "␛]0;PWNED-TITLE␇" in shown and "␛[31mred␛[0m" in shown
        assert "PWNED" in shown  # the failed binary's name is listed, made harmless
        assert app.is_running


@pytest.mark.slow
async def test_clicking_hostile_text_everywhere_interprets_nothing(hostile_app) -> None:
    app, files, _db = hostile_app
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        hostile = str(files["hostile"])
        app.dashboard.open_document(hostile)
        await pilot.pause()
        clicked = 0
        for needle in ("[@click=app.quit]press me", "[link=https", "[@click=app.bell]", ":smile:"):
            clicked += await click_text(pilot, app, needle)
            assert app.is_running, f"clicking {needle!r} quit the app"
        assert clicked >= 2
        # The library row named like markup, and the note in the bookmarks panel.
        assert await click_text(pilot, app, MARKUP_NAME[:12])
        assert app.is_running
        app.dashboard.open_document(hostile)
        await wait_for(pilot, lambda: "[@click=app.quit]note[/]" in screen_text(app))
        assert await click_text(pilot, app, "[@click=app.quit]note[/]")
        assert app.is_running and app.dashboard.current == hostile
        assert_screen_safe(app)
        # Keywords -> KWIC: contexts full of markup and controls, clicked and chosen.
        app.dashboard.open_document(hostile)
        await wait_for(pilot, lambda: bool(app.query_one(KeywordPanel).keywords))
        app.dashboard.panes.focus_pane("keywords")
        app.dashboard.show_kwic("lantern")
        await wait_for(pilot, lambda: isinstance(app.screen, KwicScreen))
        await wait_for(pilot, lambda: not app.screen.searching)
        await pilot.pause()
        kwic = screen_text(app)
        assert "[@click=app.quit]" in kwic or "[bold]" in kwic
        assert_screen_safe(app)
        for needle in ("[@click", "[bold]", "␛"):
            await click_text(pilot, app, needle)
            assert app.is_running
        if isinstance(app.screen, KwicScreen):
            await pilot.press("escape")
        assert_screen_safe(app)
        await pilot.press("q")
    assert app.return_value == 0  # only the q key ever quit


@pytest.mark.slow
async def test_notifications_about_hostile_names_are_literal(hostile_app) -> None:
    app, _files, _db = hostile_app
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        messages = [str(n.message) for n in app._notifications]
        (failure,) = [m for m in messages if ".png" in m]
        assert "[@click=app.quit]␛]0;PWNED␇ :smile:.png looks like a binary file" in failure
        await pilot.pause()
        assert_screen_safe(app)
        # The toast may have timed out already; if it is shown, clicking dismisses it.
        await click_text(pilot, app, "looks like a binary")
        # The failure row in the library shows the name made harmless, and clicks safely.
        assert "⚠ [@click=app.quit]␛]" in screen_text(app)
        assert await click_text(pilot, app, "⚠ [@click=app.quit]")
        assert_screen_safe(app)
        assert app.is_running


@pytest.mark.slow
async def test_every_control_sample_is_drawn_harmlessly(tmp_path: Path) -> None:
    """One document per control sample, each shown in turn and checked strip by strip."""
    docs = tmp_path / "docs"
    docs.mkdir()
    for index, (label, sample) in enumerate(CONTROLS.items()):
        prose = "The harbour lantern burned all night and the sailors watched it. " * 3
        text = f"Sample {label}.\n\n{prose}{sample} {prose}\n\n{sample} {sample}{prose}\n"
        (docs / f"{index:02d}-{label}.txt").write_text(text, encoding="utf-8")
    app = make_app([str(docs)], tmp_path / "store" / "bookmarks.json")
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        assert len(app.dashboard.documents) == len(CONTROLS) - 1  # NUL makes its file binary
        for _ in range(len(app.dashboard.order)):
            await pilot.pause()
            assert_screen_safe(app)
            await pilot.press("j", "t", "right_square_bracket")
        assert app.is_running
