"""Make the README's screenshots: the dashboard on ``seeds/`` once its analysis is done.

    .venv/bin/python docs/make_screenshots.py

writes ``docs/dashboard.svg`` (120x40) and ``docs/dashboard-80x24.svg``. The app runs
headless (``App.run_test``) with its bookmark file and analysis cache in a temporary
folder, so a reader's saved position or bookmarks never end up in the picture, the tint is
off and no toast is showing. Run it again after a visible change to the dashboard.
"""

from __future__ import annotations

import asyncio
import os
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SHOTS = {"dashboard.svg": (120, 40), "dashboard-80x24.svg": (80, 24)}
TIMEOUT = 120.0


async def screenshot(size: tuple[int, int], folder: Path) -> str:
    """The SVG of the dashboard at ``size`` once every seed document is analysed."""
    from tui.app import LecternApp

    app = LecternApp([str(ROOT / "seeds")], db=str(folder / "bookmarks.json"), workers=1)
    async with app.run_test(size=size) as pilot:
        deadline = time.monotonic() + TIMEOUT
        while not (
            app.loading_done
            and app.documents
            and len(app.analyses) == len(app.documents)
            and app.bookmarks.store is not None
        ):
            if time.monotonic() > deadline:
                raise TimeoutError("the seed documents were not analysed in time")
            await pilot.pause(0.05)
        assert not app.reader.tint
        app.clear_notifications()
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        svg = app.export_screenshot(title="Lectern")
    # Rich names the SVG's classes and clip paths with a random number: fix it, so running
    # the script again changes the files only where the screen changed.
    return re.sub(r"\bterminal-\d+-", "terminal-lectern-", svg)


def main() -> int:
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory(prefix="lectern-shots-") as tmp:
        for name, size in SHOTS.items():
            folder = Path(tmp) / name.removesuffix(".svg")  # nothing carried between shots
            os.environ["LECTERN_CACHE_DIR"] = str(folder / "cache")
            os.environ["LECTERN_DB"] = str(folder / "bookmarks.json")
            svg = asyncio.run(screenshot(size, folder))
            (DOCS / name).write_text(svg, encoding="utf-8")
            print(f"wrote docs/{name} ({size[0]}x{size[1]})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
