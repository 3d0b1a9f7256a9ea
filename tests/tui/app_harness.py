"""Shared helpers for driving the whole dashboard in Pilot tests."""

from __future__ import annotations

import asyncio
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot

from tui.app import LecternApp

ROOT = Path(__file__).resolve().parents[2]
SEED = next((ROOT / "seeds").glob("*.txt"))

HAPPY = (
    "A Wonderful Day\n\n"
    "The garden party was a wonderful success. Everyone laughed and the music was lovely.\n\n"
    "The gardeners were proud of the roses. The roses were beautiful, and the gardeners smiled.\n"
)
GRIM = (
    "A Terrible Storm\n\n"
    "The storm destroyed the harbour. Boats sank and families lost everything they had.\n\n"
    "Rescuers worked through the awful night. The harbour was a ruin of broken boats.\n"
)


def make_corpus(folder: Path) -> Path:
    """Three documents (the seed, a happy and a grim one) and one binary file."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(SEED, folder / "a_seed.txt")
    (folder / "b_happy.md").write_text(HAPPY, encoding="utf-8")
    (folder / "c_grim.txt").write_text(GRIM, encoding="utf-8")
    (folder / "d_image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    return folder


def make_app(paths: list[str], db: Path) -> LecternApp:
    return LecternApp(paths, db=str(db), workers=1)


async def wait_for(pilot: Pilot, condition: Callable[[], bool], timeout: float = 20.0) -> None:
    """Let the app run until ``condition()`` holds (workers post results asynchronously)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        await pilot.pause(0.02)
        await asyncio.sleep(0)


async def ready(pilot: Pilot) -> LecternApp:
    """Wait until every document is loaded and analysed and the bookmark store is open."""
    app = pilot.app
    assert isinstance(app, LecternApp)
    await wait_for(
        pilot,
        lambda: (
            app.dashboard.loading_done
            and len(app.dashboard.analyses) == len(app.dashboard.documents)
            and app.dashboard.bookmarks.store is not None
        ),
    )
    await pilot.pause()
    return app


def screen_text(app: LecternApp) -> str:
    """What the terminal shows, as plain text (one line per terminal row)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())
