"""Keys pressed before the data they act on has arrived: each does what it says, in order.

The pipeline is a :class:`HeldFeed` the test releases step by step, and the bookmark
store's opening can be held too, so every key here is pressed while something is missing.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from textual.pilot import Pilot

from analysis.model import LoadFailure
from analysis.pipeline import Event, Failed
from tests.tui.app_harness import screen_text, wait_for
from tests.tui.held_feed import HeldFeed, Stages
from tui.app import LecternApp
from tui.readiness import Need
from tui.store.bookmarks import BookmarkStore

SIZE = (120, 40)
OPEN_STORE = BookmarkStore.open


@pytest.fixture
def stages(corpus: Path) -> list[Stages]:
    return [Stages(corpus / name) for name in ("a_seed.txt", "b_happy.md", "c_grim.txt")]


@pytest.fixture
def store_gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Opening the bookmark store waits until the test sets this event."""
    gate = threading.Event()
    real_open = BookmarkStore.open.__func__  # type: ignore[attr-defined]

    def held_open(cls: type[BookmarkStore], db_path: object = None) -> BookmarkStore:
        assert gate.wait(20), "the test never let the store open"
        return real_open(cls, db_path)

    monkeypatch.setattr(BookmarkStore, "open", classmethod(held_open))
    yield gate
    gate.set()


@asynccontextmanager
async def dashboard(
    corpus: Path, db: Path, *released: Event
) -> AsyncIterator[tuple[LecternApp, Pilot, HeldFeed]]:
    """The dashboard on ``corpus`` once it shows the first document, given only the events
    ``released`` so far (the first is that document's ``Loaded``)."""
    feed = HeldFeed()
    feed.release(*released)
    app = LecternApp([str(corpus)], db=str(db), workers=1, feed=feed)
    first = released[0].document.path  # type: ignore[union-attr]
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.dashboard.current == first)
        yield app, pilot, feed


async def settled_on(pilot: Pilot, app: LecternApp, path: str) -> None:
    """Wait until ``path`` is shown and no key is waiting or running."""
    await wait_for(pilot, lambda: app.dashboard.current == path and not app.dashboard.keys.busy)


def saved_spans(db: Path) -> list[tuple[int, int]]:
    store = BookmarkStore.open(db)
    return sorted((b.anchor.start, b.anchor.end) for b in store.list())


def notes(app: LecternApp) -> str:
    return " ".join(str(n.message) for n in app._notifications)


async def test_cursor_keys_wait_for_the_sentences_and_run_in_order(
    stages: list[Stages], corpus: Path, db: Path
) -> None:
    seed = stages[0]
    async with dashboard(corpus, db, seed.loaded) as (app, pilot, feed):
        await pilot.press("j", "j", "b")
        await pilot.pause(0.2)
        # Nothing ran yet, nothing was lost, and the person can see why.
        assert app.dashboard.keys.waiting == 3
        assert app.dashboard.reader.cursor == 0 and app.dashboard.reader.scroll_offset.y == 0
        assert "3 keys waiting: splitting sentences" in screen_text(app)
        feed.release(seed.split)
        await wait_for(
            pilot, lambda: app.dashboard.reader.cursor == 2 and not app.dashboard.keys.busy
        )
        await wait_for(pilot, lambda: app.dashboard.bookmarks.lacking(Need.SAVED) is None)
        assert "keys waiting" not in screen_text(app)
    assert saved_spans(db) == [seed.sentence(2)]


async def test_each_bookmark_before_the_store_opens_keeps_its_own_sentence(
    stages: list[Stages], corpus: Path, db: Path, store_gate: threading.Event
) -> None:
    seed = stages[0]
    async with dashboard(corpus, db, seed.loaded, seed.split) as (app, pilot, _feed):
        await pilot.press("b", "j", "b", "j", "j", "b")
        await wait_for(
            pilot, lambda: app.dashboard.reader.cursor == 3 and not app.dashboard.keys.busy
        )
        assert app.dashboard.bookmarks.store is None  # all three wait for the store, in order
        store_gate.set()
        await wait_for(pilot, lambda: len(app.dashboard.bookmarks._items) == 3)
    assert saved_spans(db) == [seed.sentence(0), seed.sentence(1), seed.sentence(3)]


async def test_quit_waits_until_the_bookmark_before_it_is_saved(
    stages: list[Stages], corpus: Path, db: Path, store_gate: threading.Event
) -> None:
    seed = stages[0]
    async with dashboard(corpus, db, seed.loaded) as (app, pilot, feed):
        await pilot.press("j", "b", "q")
        feed.release(seed.split)
        await wait_for(pilot, lambda: app.dashboard.keys.waiting == 1)  # q, behind the store
        await pilot.pause(0.2)
        assert app.is_running
        assert "saving bookmarks" in screen_text(app)
        store_gate.set()
        await wait_for(pilot, lambda: not app.is_running)
    assert app.return_code == 0
    assert saved_spans(db) == [seed.sentence(1)]


async def test_slash_then_text_types_it_all_into_the_search_bar(
    stages: list[Stages], corpus: Path, db: Path
) -> None:
    seed = stages[0]
    async with dashboard(corpus, db, seed.loaded) as (app, pilot, _feed):
        # One burst, as a fast typist or a terminal's paste of keys sends it.
        for key in ("slash", "t", "r", "u", "m", "p"):
            app.post_message(_key(key))
        await wait_for(
            pilot, lambda: app.dashboard.search.bar is not None and not app.dashboard.keys.busy
        )
        await pilot.pause(0.1)
        assert app.dashboard.search.bar.pattern == "trump"
        assert app.dashboard.reader.tint is False  # the "t" was text, not the tint key
        assert app.dashboard.reader.match_count > 0


def _key(name: str):
    from textual import events

    char = name if len(name) == 1 else {"slash": "/"}.get(name)
    return events.Key(name, char)


async def test_a_late_reading_position_keeps_the_moves_already_made(
    stages: list[Stages], corpus: Path, db: Path, store_gate: threading.Event
) -> None:
    seed = stages[0]
    OPEN_STORE(db).set_position(seed.document.path, seed.sentence(5)[0], seed.document.sha256)
    async with dashboard(corpus, db, seed.loaded, seed.split) as (app, pilot, _feed):
        await pilot.press("j", "j")
        await wait_for(pilot, lambda: app.dashboard.reader.cursor == 2)
        store_gate.set()
        await wait_for(pilot, lambda: app.dashboard.bookmarks.store is not None)
        await pilot.pause(0.2)
        assert app.dashboard.reader.cursor == 2
        assert "sentence 6" in notes(app)


async def test_a_late_reading_position_is_applied_when_nothing_moved(
    stages: list[Stages], corpus: Path, db: Path, store_gate: threading.Event
) -> None:
    seed = stages[0]
    OPEN_STORE(db).set_position(seed.document.path, seed.sentence(5)[0], seed.document.sha256)
    async with dashboard(corpus, db, seed.loaded, seed.split) as (app, pilot, _feed):
        store_gate.set()
        await wait_for(pilot, lambda: app.dashboard.reader.cursor == 5)


async def test_tab_before_the_panels_exist_goes_to_the_library_and_keys_follow(
    stages: list[Stages], corpus: Path, db: Path
) -> None:
    seed, happy = stages[0], stages[1]
    events = (seed.loaded, seed.split, happy.loaded, happy.split)
    async with dashboard(corpus, db, *events) as (app, pilot, _feed):
        assert app.dashboard.panel("bookmarks") is None
        # Enter in the library opens the document and sends focus back to the reader
        # (by a message from the list to the app): the last j must follow it there.
        for key in ("tab", "j", "enter", "j"):
            app.post_message(_key(key))
        await settled_on(pilot, app, happy.document.path)
        assert app.focused is app.dashboard.reader
        assert app.dashboard.reader.cursor == 1


async def test_next_document_waits_for_the_next_document(
    stages: list[Stages], corpus: Path, db: Path
) -> None:
    seed, happy = stages[0], stages[1]
    async with dashboard(corpus, db, seed.loaded, seed.split) as (app, pilot, feed):
        await pilot.press("right_square_bracket", "j")
        await pilot.pause(0.2)
        assert app.dashboard.current == seed.document.path and app.dashboard.keys.waiting == 2
        feed.release(happy.loaded)
        await wait_for(pilot, lambda: app.dashboard.current == happy.document.path)
        assert app.dashboard.keys.waiting == 1  # j waits for this document's sentences now
        feed.release(happy.analysed)
        await wait_for(
            pilot, lambda: app.dashboard.reader.cursor == 1 and not app.dashboard.keys.busy
        )


async def test_next_document_twice_goes_two_documents_on_as_they_load(
    stages: list[Stages], corpus: Path, db: Path
) -> None:
    seed, happy, grim = stages
    async with dashboard(corpus, db, seed.loaded, seed.split) as (app, pilot, feed):
        await pilot.press("right_square_bracket", "right_square_bracket")
        feed.release(happy.loaded)
        await wait_for(pilot, lambda: app.dashboard.current == happy.document.path)
        await pilot.pause(0.2)
        # Not round to the first again: the second ] waits for the third document.
        assert app.dashboard.current == happy.document.path
        assert app.dashboard.keys.waiting == 1
        feed.release(grim.loaded)
        await settled_on(pilot, app, grim.document.path)


async def test_previous_document_from_the_first_waits_for_the_last(
    stages: list[Stages], corpus: Path, db: Path
) -> None:
    seed, happy, grim = stages
    async with dashboard(corpus, db, seed.loaded, seed.split, happy.loaded) as (app, pilot, feed):
        await wait_for(pilot, lambda: len(app.dashboard.order) == 2)
        await pilot.press("left_square_bracket")
        await pilot.pause(0.2)
        assert app.dashboard.current == seed.document.path  # the last is not known yet
        feed.release(grim.loaded, seed.analysed, happy.analysed, grim.analysed)
        feed.finish()
        await settled_on(pilot, app, grim.document.path)


async def test_tint_selection_help_and_corpus_keys_during_startup(
    stages: list[Stages], corpus: Path, db: Path
) -> None:
    from tui.screens.corpus import CorpusView
    from tui.screens.help import HelpScreen

    seed, happy = stages[0], stages[1]
    async with dashboard(corpus, db, seed.loaded) as (app, pilot, feed):
        await pilot.press("t", "v", "j")
        feed.release(seed.split)
        await wait_for(pilot, lambda: not app.dashboard.keys.busy)
        assert app.dashboard.reader.tint is True
        assert app.dashboard.reader.selection_span() == (seed.sentence(0)[0], seed.sentence(1)[1])
        for key in ("question_mark",):
            app.post_message(_key(key))
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, HelpScreen))
        feed.release(happy.loaded)
        for key in ("c", "j", "enter"):
            app.post_message(_key(key))
        await wait_for(pilot, lambda: app.dashboard.current == happy.document.path)
        assert not isinstance(app.screen, CorpusView)


async def test_edit_right_after_bookmark_edits_that_bookmark(
    stages: list[Stages], corpus: Path, db: Path, store_gate: threading.Event
) -> None:
    from tui.screens.bookmark_editor import BookmarkEditor

    seed = stages[0]
    async with dashboard(corpus, db, seed.loaded) as (app, pilot, feed):
        await pilot.press("j", "b", "e")
        feed.release(seed.split)
        await pilot.pause(0.2)
        assert not isinstance(app.screen, BookmarkEditor)  # e waits for the saved bookmark
        store_gate.set()
        # Mounted too: leaving while it mounts would race its on_mount with the shutdown.
        await wait_for(
            pilot, lambda: isinstance(app.screen, BookmarkEditor) and app.screen.is_mounted
        )
        editor = app.screen
        assert isinstance(editor, BookmarkEditor)
        assert (editor.bookmark.anchor.start, editor.bookmark.anchor.end) == seed.sentence(1)


async def test_escape_drops_the_keys_that_wait(
    stages: list[Stages], corpus: Path, db: Path
) -> None:
    seed = stages[0]
    async with dashboard(corpus, db, seed.loaded) as (app, pilot, feed):
        await pilot.press("j", "j", "escape")
        assert app.dashboard.keys.waiting == 0
        assert "Dropped 2 waiting keys" in notes(app)
        feed.release(seed.split)
        await wait_for(pilot, lambda: bool(app.dashboard.reader.document.sentences))
        await pilot.pause(0.1)
        assert app.dashboard.reader.cursor == 0


async def test_a_key_whose_sentences_cannot_come_is_refused_visibly(
    stages: list[Stages], corpus: Path, db: Path
) -> None:
    seed = stages[0]
    async with dashboard(corpus, db, seed.loaded) as (app, pilot, feed):
        await pilot.press("j", "t")
        assert app.dashboard.keys.waiting == 2
        path = seed.document.path
        feed.release(Failed(LoadFailure(path, "analysis-error", "could not be analysed")))
        await wait_for(pilot, lambda: not app.dashboard.keys.busy)
        assert "could not be split into sentences" in notes(app)
        assert app.dashboard.reader.tint is True  # the key after the refused one still ran


async def test_a_position_arriving_while_keys_wait_does_not_move_under_them(
    stages: list[Stages], corpus: Path, db: Path, store_gate: threading.Event
) -> None:
    seed = stages[0]
    OPEN_STORE(db).set_position(seed.document.path, seed.sentence(5)[0], seed.document.sha256)
    async with dashboard(corpus, db, seed.loaded) as (app, pilot, feed):
        # The store starts opening with the side panels (no key waits yet); held there.
        await wait_for(pilot, lambda: app.dashboard.panel("sentiment") is not None)
        await pilot.press("j", "j")  # typed while the first sentence is on screen
        store_gate.set()
        await wait_for(pilot, lambda: app.dashboard.bookmarks.store is not None)
        await pilot.pause(0.2)
        feed.release(seed.split)
        await wait_for(
            pilot,
            lambda: not app.dashboard.keys.busy and bool(app.dashboard.reader.document.sentences),
        )
        await pilot.pause(0.1)
        assert app.dashboard.reader.cursor == 2


async def test_letters_typed_into_a_field_are_text_not_waiting_keys(
    stages: list[Stages], corpus: Path, db: Path, store_gate: threading.Event
) -> None:
    seed = stages[0]
    async with dashboard(corpus, db, seed.loaded) as (app, pilot, _feed):
        # No sentences and no store yet: as keys, e and q would wait; in a field they are text.
        for key in ("slash", "e", "b", "q"):
            app.post_message(_key(key))
        await wait_for(
            pilot, lambda: not app.dashboard.keys.busy and app.dashboard.search.bar is not None
        )
        assert app.dashboard.search.bar.pattern == "ebq"
        assert app.is_running and app.dashboard.bookmarks.store is None


async def test_side_panels_wait_while_typed_keys_wait_for_the_sentences(
    stages: list[Stages], corpus: Path, db: Path
) -> None:
    """Mounting the panels holds the UI thread (and the analysis thread's GIL): a key
    waiting for the first sentences goes first, the panels right after it."""
    from tui import startup

    seed = stages[0]
    async with dashboard(corpus, db, seed.loaded) as (app, pilot, feed):
        await pilot.press("j")
        await pilot.pause(startup.SIDE_PANELS_DELAY + 0.3)
        assert app.dashboard.keys.waiting == 1
        assert app.dashboard.panel("sentiment") is None
        assert app.dashboard.bookmarks.store is None  # its opening (imports) waits too
        feed.release(seed.split)
        await wait_for(pilot, lambda: app.dashboard.reader.cursor == 1)
        await wait_for(pilot, lambda: app.dashboard.panel("sentiment") is not None)


async def test_side_panels_come_unasked_when_no_key_waits(
    stages: list[Stages], corpus: Path, db: Path
) -> None:
    from tui import startup

    seed = stages[0]
    async with dashboard(corpus, db, seed.loaded) as (app, pilot, _feed):
        await pilot.pause(startup.SIDE_PANELS_DELAY)
        await wait_for(pilot, lambda: app.dashboard.panel("sentiment") is not None)
