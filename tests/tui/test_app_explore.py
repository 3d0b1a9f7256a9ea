"""The explore features inside the dashboard: the concordance from the palette and from a
keyword, the corpus view's compare and n-grams, and exports from the palette to files
Python's csv module reads back."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.tui.app_harness import make_app, ready, screen_text, wait_for
from tui.reader.pane import ReadingPane
from tui.screens.compare import CompareScreen
from tui.screens.corpus import CorpusView
from tui.screens.kwic import KwicScreen
from tui.screens.ngrams import NgramScreen

SIZE = (120, 40)


async def palette(pilot, text: str) -> None:
    await pilot.press("ctrl+p")
    await pilot.press(*text)
    await pilot.pause(0.5)
    await pilot.press("enter")


async def test_palette_concordance_sorted_right_and_exported(
    corpus: Path, db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_app([str(corpus)], db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await palette(pilot, "concordance (kwic)")
        await wait_for(pilot, lambda: isinstance(app.screen, KwicScreen))
        await pilot.press(*"harbour", "enter", "r")
        await wait_for(pilot, lambda: not app.screen.searching)
        await pilot.pause()
        screen = app.screen
        assert screen.sort == "1R" and [h.right_words[0] for h in screen.hits] == ["boats", "was"]
        await pilot.press("slash", "ctrl+a", "ctrl+k", *"the", "enter")
        await wait_for(pilot, lambda: not app.screen.searching)
        firsts = [h.right_words[0] for h in screen.hits]
        in_text_order = sorted(
            screen.hits, key=lambda h: (app.dashboard.order.index(h.path), h.start)
        )
        assert screen.sort == "1R" and firsts == sorted(firsts) and screen.hits != in_text_order
        assert "where the hits fall" in screen_text(app)
        await palette(pilot, "export table as csv")
        await wait_for(pilot, lambda: any(tmp_path.glob("lectern-concordance-*.csv")))
        (path,) = tmp_path.glob("lectern-concordance-*.csv")
        rows = list(csv.DictReader(path.open(encoding="utf-8", newline="")))
        assert [r["match"] for r in rows] == [h.match for h in screen.hits]
        doc = app.dashboard.documents[rows[0]["path"]]
        assert doc.text[int(rows[0]["start"]) : int(rows[0]["end"])] == rows[0]["match"]
        await palette(pilot, "export table as markdown")
        await wait_for(pilot, lambda: any(tmp_path.glob("lectern-concordance-*.md")))


async def test_keyword_concordance_marks_the_hits_in_the_reader(corpus: Path, db: Path) -> None:
    app = make_app([str(corpus / "c_grim.txt")], db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        app.dashboard.show_kwic("harbour")
        await wait_for(pilot, lambda: isinstance(app.screen, KwicScreen))
        await wait_for(pilot, lambda: not app.screen.searching)
        await wait_for(pilot, lambda: bool(app.query_one(ReadingPane).highlighted))
        await pilot.press("escape")
        assert not isinstance(app.screen, KwicScreen)


async def test_corpus_view_compare_and_ngrams(corpus: Path, db: Path) -> None:
    app = make_app([str(corpus)], db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("c")
        assert isinstance(app.screen, CorpusView)
        assert "Distinguishing:" in screen_text(app)
        await pilot.press("down", "m")
        await pilot.pause()
        await pilot.press("down", "m")
        await wait_for(pilot, lambda: isinstance(app.screen, CompareScreen))
        await wait_for(pilot, lambda: app.screen.comparison is not None)
        await pilot.pause()
        text = screen_text(app)
        assert "A: A Wonderful Day" in text and "B: A Terrible Storm" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CorpusView)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, NgramScreen))
        await wait_for(pilot, lambda: app.screen.progress is None)
        assert app.screen.shown and "2-grams of the corpus" in screen_text(app)


async def test_palette_keyword_export_and_compare_picker(
    corpus: Path, db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_app([str(corpus)], db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await palette(pilot, "export table as csv")
        await wait_for(pilot, lambda: any(tmp_path.glob("lectern-keywords-*.csv")))
        (path,) = tmp_path.glob("lectern-keywords-*.csv")
        rows = list(csv.DictReader(path.open(encoding="utf-8", newline="")))
        assert rows and {r["kind"] for r in rows} <= {"keyword", "phrase"}
        await palette(pilot, "compare with another")
        await wait_for(pilot, lambda: isinstance(app.screen, CorpusView))
        assert app.screen.marked == app.dashboard.current
        await pilot.press("down", "down", "m")
        await wait_for(pilot, lambda: isinstance(app.screen, CompareScreen))


async def test_a_concordance_stays_marked_in_the_document_a_hit_opens(
    corpus: Path, db: Path
) -> None:
    app = make_app([str(corpus)], db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert Path(app.dashboard.current).name == "a_seed.txt"
        app.dashboard.show_kwic("harbour")  # only in c_grim.txt
        await wait_for(pilot, lambda: isinstance(app.screen, KwicScreen))
        await wait_for(pilot, lambda: not app.screen.searching)
        await pilot.press("enter")
        await wait_for(pilot, lambda: Path(app.dashboard.current).name == "c_grim.txt")
        assert app.query_one(ReadingPane).highlighted
        await pilot.press("left_square_bracket")  # a document without hits: nothing marked
        await wait_for(pilot, lambda: Path(app.dashboard.current).name != "c_grim.txt")
        assert not app.query_one(ReadingPane).highlighted
        await pilot.press("right_square_bracket", "escape")
        await wait_for(pilot, lambda: Path(app.dashboard.current).name == "c_grim.txt")
        await wait_for(pilot, lambda: not app.query_one(ReadingPane).highlighted)
