"""Chapters in the dashboard: ``}``/``{`` move between them, ``o`` lists them and Enter
jumps, the status line says where the reader is, the arc ticks chapter starts, and keys
typed before the document is ready wait."""

from __future__ import annotations

from pathlib import Path

from analysis.model import Document, OutlineEntry
from tests.tui.app_harness import make_app, ready, screen_text, wait_for
from tui.widgets.sentiment import chapter_ticks

PARA = (
    "The boats came home at dusk and the harbour lay calm under a red sky. "
    "Old men sat on the wall and talked about the weather and the price of fish.\n\n"
)
HEADINGS = ("CHAPTER I.", "CHAPTER II.", "CHAPTER III.", "CHAPTER IV.")


def write_book(folder: Path) -> Path:
    text = "The Harbour Book\n\nby A. Writer\n\n\n" + "".join(
        f"{heading}\n\n\n" + PARA * 12 for heading in HEADINGS
    )
    path = folder / "book.txt"
    path.write_text(text, encoding="utf-8")
    return path


def chapter_of(app) -> str:
    doc = app.dashboard.reader.document
    index = app.dashboard.chapters.current()
    return doc.outline[index].title if index is not None else ""


async def test_braces_move_between_chapters(tmp_path: Path) -> None:
    app = make_app([str(write_book(tmp_path))], tmp_path / "db.json")
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("right_curly_bracket")
        await wait_for(pilot, lambda: chapter_of(app) == "CHAPTER I.")
        await pilot.press("right_curly_bracket", "right_curly_bracket")
        await wait_for(pilot, lambda: chapter_of(app) == "CHAPTER III.")
        doc = app.dashboard.reader.document
        assert (
            app.dashboard.reader.cursor_span().start
            <= doc.outline[2].start
            < app.dashboard.reader.cursor_span().end
        )
        assert "ch 3/4 CHAPTER III." in screen_text(app)
        await pilot.press("j", "j", "left_curly_bracket")  # back to this chapter's start
        await wait_for(pilot, lambda: app.dashboard.reader.cursor_offset <= doc.outline[2].start)
        assert chapter_of(app) == "CHAPTER III."
        await pilot.press("left_curly_bracket")  # at its heading: the previous chapter
        await wait_for(pilot, lambda: chapter_of(app) == "CHAPTER II.")


async def test_the_outline_screen_lists_chapters_and_enter_jumps(tmp_path: Path) -> None:
    from tui.screens.outline import OutlineList, OutlineScreen

    app = make_app([str(write_book(tmp_path))], tmp_path / "db.json")
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("right_curly_bracket", "right_curly_bracket", "o")
        await wait_for(pilot, lambda: isinstance(app.screen, OutlineScreen))
        text = screen_text(app)
        for heading in HEADINGS:
            assert heading in text
        assert "▶ CHAPTER II." in text  # the current chapter is marked
        assert "words" in text and ("▲" in text or "●" in text or "▼" in text)
        options = app.screen.query_one(OutlineList)
        assert options.highlighted == 1
        await pilot.press("j", "j", "enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, OutlineScreen))
        await wait_for(pilot, lambda: chapter_of(app) == "CHAPTER IV.")


async def test_chapter_keys_typed_at_once_wait_for_the_document(tmp_path: Path) -> None:
    app = make_app([str(write_book(tmp_path))], tmp_path / "db.json")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("right_curly_bracket", "right_curly_bracket")  # before it is split
        await ready(pilot)
        await wait_for(pilot, lambda: chapter_of(app) == "CHAPTER II.")


async def test_a_document_without_chapters_says_so(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text("Just a note.\n\nNothing more to it.\n", encoding="utf-8")
    app = make_app([str(path)], tmp_path / "db.json")
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("right_curly_bracket")
        await wait_for(
            pilot, lambda: any("no chapters" in str(n.message) for n in app._notifications)
        )
        assert app.dashboard.reader.cursor == 0


def test_chapter_ticks_mark_where_chapters_start() -> None:
    text = "A. B. C. D."
    from analysis.model import SpanArray

    doc = Document(
        path="/x",
        title="x",
        text=text,
        sha256="0",
        paragraphs=SpanArray([(0, len(text))]),
        sentences=SpanArray([(0, 2), (3, 5), (6, 8), (9, 11)]),
        sentence_paragraph=[0, 0, 0, 0],
        outline=(OutlineEntry("one", 0), OutlineEntry("three", 6)),
    )
    assert chapter_ticks(doc, 4, 8) == "╵   ╵   "


def test_gutenberg_boilerplate_is_a_dimmed_layer_in_the_reading_pane() -> None:
    from analysis.load.files import build_document
    from tui.reader.marks import BOILERPLATE, TextMarks, boilerplate_spans
    from tui.reader.spans import SpanSet

    text = (
        "Title: Harbour\n\n*** START OF THE PROJECT GUTENBERG EBOOK HARBOUR ***\n\n"
        "The boats came home.\n\n*** END OF THE PROJECT GUTENBERG EBOOK HARBOUR ***\n\nLicence."
    )
    doc = build_document("/h.txt", text)
    spans = boilerplate_spans(doc)
    assert [doc.text[s.start : s.end].strip() for s in spans][1].endswith("Licence.")
    assert text[spans[0].end : spans[1].start] == "The boats came home."
    marks = TextMarks()
    marks.boilerplate = SpanSet(spans)
    layers = marks.layers(text, 0, len(text), selection=None, cursor=None, search=None)
    assert (BOILERPLATE, [(0, spans[0].end), (spans[1].start, len(text))]) in layers
    assert boilerplate_spans(build_document("/p.txt", "Plain text.")) == []


async def test_an_outline_opened_before_the_analysis_gets_its_sentiment_when_it_arrives(
    tmp_path: Path,
) -> None:
    from tests.tui.held_feed import HeldFeed, Stages
    from tui.app import LecternApp
    from tui.screens.outline import OutlineScreen

    book = Stages(write_book(tmp_path))
    feed = HeldFeed()
    feed.release(book.loaded, book.split)  # sentences, not yet the sentiment
    app = LecternApp([str(tmp_path)], db=str(tmp_path / "db.json"), workers=1, feed=feed)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("o")
        await wait_for(pilot, lambda: isinstance(app.screen, OutlineScreen))
        screen = app.screen
        assert all(summary.compound is None for summary in screen.chapters)
        feed.release(book.analysed)
        feed.finish()
        await wait_for(pilot, lambda: all(s.compound is not None for s in screen.chapters))
        text = screen_text(app)
        assert "▲" in text or "●" in text or "▼" in text


async def test_chapters_updated_before_the_outline_is_composed_are_drawn_with_their_sentiment(
    tmp_path: Path,
) -> None:
    """The analysis can arrive between push_screen and the screen's compose (a CI failure)."""
    from textual.app import App

    from analysis.model import OutlineEntry
    from analysis.nlp.chapters import ChapterSummary
    from tui.screens.outline import OutlineList, OutlineScreen

    entries = [OutlineEntry(title=f"CHAPTER {n}.", start=n * 100, level=1) for n in (1, 2)]
    bare = [ChapterSummary(entry=e, end=e.start + 90, words=20, compound=None) for e in entries]
    scored = [ChapterSummary(entry=e, end=e.start + 90, words=20, compound=0.6) for e in entries]
    screen = OutlineScreen("Book", bare, 0)
    screen.update_chapters(scored)  # before it is mounted: nothing to query yet
    app: App[None] = App()
    async with app.run_test(size=(80, 20)) as pilot:
        await app.push_screen(screen)
        await pilot.pause()
        assert screen.chapters == scored
        rows = screen.query_one(OutlineList)
        assert "▲" in str(rows.get_option_at_index(0).prompt)


def write_lighthouse_book(folder: Path) -> Path:
    """Four chapters; "lighthouse" three times in the second, once in the fourth."""
    beam = "The lighthouse beam swept the bay. "
    bodies = [PARA * 4, beam * 3 + PARA * 4, PARA * 4, PARA * 2 + beam + PARA * 2]
    text = "The Harbour Book\n\n\n" + "".join(
        f"{heading}\n\n\n{body}" for heading, body in zip(HEADINGS, bodies, strict=True)
    )
    path = folder / "book.txt"
    path.write_text(text, encoding="utf-8")
    return path


async def test_the_outline_shows_where_a_concordance_falls_until_escape(tmp_path: Path) -> None:
    from tui.screens.kwic import KwicScreen
    from tui.screens.outline import OutlineScreen

    app = make_app([str(write_lighthouse_book(tmp_path))], tmp_path / "db.json")
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        app.dashboard.show_kwic("lighthouse")
        await wait_for(pilot, lambda: isinstance(app.screen, KwicScreen))
        await wait_for(pilot, lambda: not app.screen.searching)
        await pilot.press("escape")  # back to the text, hits still marked
        await wait_for(pilot, lambda: not isinstance(app.screen, KwicScreen))
        assert app.dashboard.reader.highlighted
        await pilot.press("o")
        await wait_for(pilot, lambda: isinstance(app.screen, OutlineScreen))
        lines = screen_text(app).splitlines()
        assert any("“lighthouse”: 4 hits" in line for line in lines)
        counts = {}
        for line in lines:
            for heading in HEADINGS:
                if f"{heading} " in line and "words" in line:
                    counts[heading] = int(line.split("words")[0].split()[-2])
        assert counts == {"CHAPTER I.": 0, "CHAPTER II.": 3, "CHAPTER III.": 0, "CHAPTER IV.": 1}
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, OutlineScreen))
        await pilot.press("escape")  # clears the marks
        assert not app.dashboard.reader.highlighted
        await pilot.press("o")
        await wait_for(pilot, lambda: isinstance(app.screen, OutlineScreen))
        assert "hits" not in screen_text(app)
