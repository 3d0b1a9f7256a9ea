"""SVG snapshots of the dashboard's layout (pytest-textual-snapshot).

Each test drives the whole app on a fixed corpus, waits until every document is analysed
and no toast is showing, and compares the screen with the SVG stored under
``tests/tui/__snapshots__/``. After a deliberate layout change, look at the new pictures
and accept them with ``pytest tests/tui/test_snapshots.py --snapshot-update``.

The snapshot runs the app with ``App.run`` (its own event loop), so these tests are plain
functions, not coroutines. Nothing on screen may depend on the time or the temporary
folder: the app shows titles and file names, never the folder, and
:func:`test_nothing_on_screen_depends_on_the_folder` checks that.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot

from tests.tui.app_harness import make_app, make_corpus, ready, screen_text, wait_for
from tui.app import LecternApp
from tui.reader.pane import ReadingPane
from tui.screens.corpus import CorpusView
from tui.screens.help import HelpScreen
from tui.screens.kwic import KwicScreen
from tui.widgets.bookmarks import BookmarksPanel

WIDE = (120, 40)
SMALL = (80, 24)

Steps = Callable[[Pilot], Awaitable[None]]


async def settle(pilot: Pilot) -> None:
    """No toasts, no pending animation or refresh: the screen a person would look at."""
    app = pilot.app
    app.clear_notifications()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


def after(*steps: Steps) -> Steps:
    """``run_before`` for ``snap_compare``: wait for the analysis, run ``steps``, settle."""

    async def run_before(pilot: Pilot) -> None:
        await ready(pilot)
        # Toasts go first: one left on the dashboard stays half-drawn behind a dialog.
        await settle(pilot)
        for step in steps:
            await step(pilot)
        await settle(pilot)

    return run_before


async def tint_on(pilot: Pilot) -> None:
    await pilot.press("t")
    assert pilot.app.query_one(ReadingPane).tint


async def help_open(pilot: Pilot) -> None:
    await pilot.press("question_mark")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, HelpScreen))


async def corpus_open(pilot: Pilot) -> None:
    await pilot.press("c")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, CorpusView))


async def kwic_open(pilot: Pilot) -> None:
    app = pilot.app
    assert isinstance(app, LecternApp)
    app.dashboard.show_kwic("immigration")
    await wait_for(pilot, lambda: isinstance(app.screen, KwicScreen))
    await wait_for(pilot, lambda: not app.screen.searching)


async def one_bookmark(pilot: Pilot) -> None:
    app = pilot.app
    assert isinstance(app, LecternApp)
    await pilot.press("j", "j", "b")
    panel = app.query_one(BookmarksPanel)
    await wait_for(pilot, lambda: panel.highlighted_bookmark is not None)


def seed_only(corpus: Path) -> list[str]:
    return [str(corpus / "a_seed.txt")]


def test_dashboard_120x40(snap_compare, corpus: Path, db: Path) -> None:
    app = make_app([str(corpus)], db)
    assert snap_compare(app, terminal_size=WIDE, run_before=after())


def test_dashboard_80x24(snap_compare, corpus: Path, db: Path) -> None:
    app = make_app([str(corpus)], db)
    assert snap_compare(app, terminal_size=SMALL, run_before=after())


def test_tint_120x40(snap_compare, corpus: Path, db: Path) -> None:
    app = make_app(seed_only(corpus), db)
    assert snap_compare(app, terminal_size=WIDE, run_before=after(tint_on))


def test_tint_80x24(snap_compare, corpus: Path, db: Path) -> None:
    app = make_app(seed_only(corpus), db)
    assert snap_compare(app, terminal_size=SMALL, run_before=after(tint_on))


def test_help_screen_120x40(snap_compare, corpus: Path, db: Path) -> None:
    app = make_app(seed_only(corpus), db)
    assert snap_compare(app, terminal_size=WIDE, run_before=after(help_open))


def test_help_screen_80x24(snap_compare, corpus: Path, db: Path) -> None:
    app = make_app(seed_only(corpus), db)
    assert snap_compare(app, terminal_size=SMALL, run_before=after(help_open))


def test_corpus_view_120x40(snap_compare, corpus: Path, db: Path) -> None:
    app = make_app([str(corpus)], db)
    assert snap_compare(app, terminal_size=WIDE, run_before=after(corpus_open))


def test_corpus_view_80x24(snap_compare, corpus: Path, db: Path) -> None:
    app = make_app([str(corpus)], db)
    assert snap_compare(app, terminal_size=SMALL, run_before=after(corpus_open))


def test_kwic_screen_120x40(snap_compare, corpus: Path, db: Path) -> None:
    app = make_app([str(corpus)], db)
    assert snap_compare(app, terminal_size=WIDE, run_before=after(kwic_open))


def test_kwic_screen_80x24(snap_compare, corpus: Path, db: Path) -> None:
    app = make_app([str(corpus)], db)
    assert snap_compare(app, terminal_size=SMALL, run_before=after(kwic_open))


def test_one_bookmark_120x40(snap_compare, corpus: Path, db: Path) -> None:
    app = make_app(seed_only(corpus), db)
    assert snap_compare(app, terminal_size=WIDE, run_before=after(one_bookmark))


def test_one_bookmark_80x24(snap_compare, corpus: Path, db: Path) -> None:
    """At 80 columns the side slot shows one panel: Tab cycles to the bookmarks."""

    async def show_bookmarks(pilot: Pilot) -> None:
        await one_bookmark(pilot)
        await pilot.press("tab", "tab", "tab", "tab")  # library, sentiment, keywords, bookmarks
        assert pilot.app.screen.has_class("-slot-bookmarks")

    app = make_app(seed_only(corpus), db)
    assert snap_compare(app, terminal_size=SMALL, run_before=after(show_bookmarks))


async def test_nothing_on_screen_depends_on_the_folder_or_the_time(tmp_path: Path) -> None:
    """What the snapshots show must not change with the temporary folder or the clock."""
    marker = "folder-marker-7f3a"
    corpus = make_corpus(tmp_path / marker / "docs")
    app = make_app([str(corpus)], tmp_path / marker / "bookmarks.json")
    clock = re.compile(r"\b\d{1,2}:\d{2}\b|\b20\d\d-\d\d-\d\d\b")
    screens: list[str] = []
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        screens.append(screen_text(app))
        await settle(pilot)
        await one_bookmark(pilot)
        screens.append(screen_text(app))
        for open_step in (corpus_open, kwic_open, help_open):
            await settle(pilot)
            await open_step(pilot)
            screens.append(screen_text(app))
            await pilot.press("escape")
            await wait_for(pilot, lambda: app.screen is app.screen_stack[0])
    assert len(screens) == 5
    for text in screens:
        assert marker not in text and str(tmp_path) not in text
        assert clock.search(text) is None, clock.search(text)
