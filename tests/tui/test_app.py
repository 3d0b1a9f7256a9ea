"""The whole dashboard driven by keys, as a person uses it (Textual Pilot)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tui.app_harness import make_app, ready, screen_text, wait_for
from tui.reader.pane import ReadingPane
from tui.reader.search_bar import SearchBar
from tui.screens.corpus import CorpusView
from tui.screens.help import HelpScreen
from tui.screens.kwic import KwicScreen
from tui.widgets.keywords import KeywordPanel
from tui.widgets.library import LibraryPane
from tui.widgets.sentiment import SentimentPanel
from tui.widgets.title_bar import TitleBar

SIZE = (120, 40)


async def test_dashboard_shows_documents_panels_and_failures(corpus: Path, db: Path) -> None:
    app = make_app([str(corpus)], db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert [Path(p).name for p in app.dashboard.order] == [
            "a_seed.txt",
            "b_happy.md",
            "c_grim.txt",
        ]
        assert [Path(f.path).name for f in app.dashboard.failures] == ["d_image.png"]
        assert app.dashboard.current == app.dashboard.order[0]
        text = screen_text(app)
        assert "UNITED STATES President Donald Trump" in text
        assert "Los Angeles" in text  # a keyword of the seed
        assert "negative" in text  # the seed's sentiment label
        assert "d_image.png" in text  # the failed file is listed
        assert "3 documents" in text and "1 failed" in text
        library = app.query_one(LibraryPane)
        assert library.highlighted_path == app.dashboard.current
        assert (
            app.query_one(SentimentPanel).analysis is app.dashboard.analyses[app.dashboard.current]
        )


async def test_sentence_and_paragraph_keys_move_the_cursor_and_panels_follow(
    corpus: Path, db: Path
) -> None:
    app = make_app([str(corpus / "a_seed.txt")], db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        reader = app.query_one(ReadingPane)
        sentiment = app.query_one(SentimentPanel)
        assert reader.cursor == 0
        await pilot.press("j", "j")
        assert reader.cursor == 2
        await pilot.pause()
        assert sentiment.cursor == 2
        await pilot.press("k")
        assert reader.cursor == 1
        await pilot.press("down")
        assert reader.cursor == 2
        await pilot.press("up")
        assert reader.cursor == 1
        doc = app.dashboard.documents[app.dashboard.current]
        await pilot.press("J")
        assert doc.sentence_paragraph[reader.cursor] == doc.sentence_paragraph[1] + 1
        await pilot.press("K")
        assert doc.sentence_paragraph[reader.cursor] == doc.sentence_paragraph[1]
        await pilot.press("G")
        assert reader.cursor == len(doc.sentences) - 1
        await pilot.press("g")
        assert reader.cursor == 0
        await pilot.press("space")
        after_page = reader.cursor
        assert after_page > 0
        await pilot.press("pageup")
        assert reader.cursor < after_page
        await pilot.press("pagedown")
        assert reader.cursor >= after_page


async def test_brackets_switch_documents(corpus: Path, db: Path) -> None:
    app = make_app([str(corpus)], db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("right_square_bracket")
        assert Path(app.dashboard.current).name == "b_happy.md"
        assert "garden party" in screen_text(app)
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert Path(app.dashboard.current).name == "a_seed.txt"  # wraps around
        await pilot.press("left_square_bracket")
        assert Path(app.dashboard.current).name == "c_grim.txt"
        assert app.query_one(SentimentPanel).analysis.document.path == app.dashboard.current


async def test_tint_toggles_with_a_legend(corpus: Path, db: Path) -> None:
    app = make_app([str(corpus / "a_seed.txt")], db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        reader = app.query_one(ReadingPane)
        assert reader.tint is False
        await pilot.press("t")
        assert reader.tint is True
        assert "negative" in str(reader.border_subtitle) and "positive" in str(
            reader.border_subtitle
        )
        await pilot.press("t")
        assert reader.tint is False


async def test_search_counts_matches_and_n_moves(corpus: Path, db: Path) -> None:
    app = make_app([str(corpus / "a_seed.txt")], db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        reader = app.query_one(ReadingPane)
        assert not app.query(SearchBar)  # mounted on first use
        await pilot.press("slash")
        bar = app.query_one(SearchBar)
        assert bar.display
        await pilot.press(*"trump")
        await wait_for(pilot, lambda: reader.match_count > 0)
        count = reader.match_count
        assert count == app.dashboard.documents[app.dashboard.current].text.lower().count("trump")
        await pilot.press("enter")
        first = reader.current_match
        await pilot.press("n")
        assert reader.current_match == first % count + 1
        await pilot.press("N")
        assert reader.current_match == first
        await pilot.press("slash", "escape")
        assert not bar.display


async def test_corpus_view_opens_a_document(corpus: Path, db: Path) -> None:
    app = make_app([str(corpus)], db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("c")
        assert isinstance(app.screen, CorpusView)
        await pilot.press("down", "down")  # the third row: c_grim.txt, in file order
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, CorpusView)
        assert Path(app.dashboard.current).name == "c_grim.txt"
        assert app.query_one(ReadingPane).document.path == app.dashboard.current
        assert "The storm destroyed the harbour." in screen_text(app)
        await pilot.press("c", "escape")
        assert not isinstance(app.screen, CorpusView)
        assert Path(app.dashboard.current).name == "c_grim.txt"  # Escape opens nothing


async def test_help_lists_every_key(corpus: Path, db: Path) -> None:
    app = make_app([str(corpus / "a_seed.txt")], db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for key in ("j / ↓", "[ / ]", "Tab / Shift+Tab", "space / PageDown", "Escape"):
            assert key in text
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_tab_cycles_panes(corpus: Path, db: Path) -> None:
    app = make_app([str(corpus)], db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        seen = [app.dashboard.panes.focused_pane()]
        for _ in range(5):
            await pilot.press("tab")
            seen.append(app.dashboard.panes.focused_pane())
        assert seen == ["reader", "library", "sentiment", "keywords", "bookmarks", "reader"]
        await pilot.press("shift+tab")
        assert app.dashboard.panes.focused_pane() == "bookmarks"
        await pilot.press("escape")
        assert app.dashboard.panes.focused_pane() == "reader"


async def test_keyword_opens_kwic_and_jumps(corpus: Path, db: Path) -> None:
    app = make_app([str(corpus)], db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        reader = app.query_one(ReadingPane)
        assert reader.cursor == 0
        app.dashboard.panes.focus_pane("keywords")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, KwicScreen))
        await wait_for(pilot, lambda: not app.screen.searching)
        await pilot.pause()
        keyword = app.query_one(KeywordPanel).keywords[0]
        assert app.screen.term == keyword.term  # titled as written, not by its stem
        hits = app.screen.hits
        assert len(hits) >= 2 and reader.highlighted
        await pilot.press("down", "enter")  # the second hit
        await wait_for(pilot, lambda: not isinstance(app.screen, KwicScreen))
        await pilot.pause()
        chosen = hits[1]
        doc = app.dashboard.documents[chosen.path]
        assert doc.text[chosen.start : chosen.end] == chosen.match
        wanted = next(i for i, (s, e) in enumerate(doc.sentences) if s <= chosen.start < e)
        assert wanted > 0  # somewhere to jump to: the cursor starts on sentence 0
        assert app.dashboard.current == chosen.path
        assert reader.cursor == wanted
        assert app.focused is reader


async def test_narrow_terminal_uses_one_side_slot(corpus: Path, db: Path) -> None:
    app = make_app([str(corpus)], db)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert app.screen.has_class("-narrow")
        assert not app.query_one(LibraryPane).display or not app.query_one(LibraryPane).region.width
        await pilot.press("tab")
        assert app.dashboard.panes.focused_pane() == "library"
        assert app.query_one(LibraryPane).region.width > 0
        await pilot.press("tab")
        assert app.query_one(SentimentPanel).region.width > 0
        await pilot.press("tab")
        assert app.query_one(KeywordPanel).region.width > 0
        assert "UNITED STATES" in screen_text(app)


async def test_tab_to_a_side_panel_before_it_mounted_lands_there(
    corpus: Path, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The side panels mount a moment after the first document; a Tab that asks for one
    before then mounts them and focuses it once composed, not leaving focus behind."""
    from tui import startup

    monkeypatch.setattr(startup, "SIDE_PANELS_DELAY", 60.0)
    app = make_app([str(corpus)], db)
    app.dashboard.load_documents = lambda: None  # loading never ends: nothing else mounts them
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(
            pilot, lambda: app.dashboard.current is not None and bool(app.query(LibraryPane))
        )
        assert app.dashboard.sentiment_panel is None
        await pilot.press("tab", "tab")
        await wait_for(pilot, lambda: app.dashboard.panes.focused_pane() == "sentiment", timeout=5)
        assert app.screen.has_class("-slot-sentiment")


async def test_command_palette_offers_app_actions(corpus: Path, db: Path) -> None:
    app = make_app([str(corpus / "a_seed.txt")], db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"sentiment tint")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.query_one(ReadingPane).tint)


async def test_q_quits_with_status_0(corpus: Path, db: Path) -> None:
    app = make_app([str(corpus / "a_seed.txt")], db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("q")
    assert app.return_value == 0


async def test_reading_position_is_restored_on_reopen(corpus: Path, db: Path) -> None:
    seed = str(corpus / "a_seed.txt")
    app = make_app([seed], db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("j", "j", "j", "j")
        offset = app.query_one(ReadingPane).cursor_offset
        await pilot.press("q")
    again = make_app([seed], db)
    async with again.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: again.query_one(ReadingPane).cursor_offset == offset)
        assert again.query_one(ReadingPane).cursor == 4


async def test_hostile_document_is_shown_literally(tmp_path: Path, db: Path) -> None:
    hostile = tmp_path / "hostile.txt"
    hostile.write_text(
        "Click [@click=app.quit]here[/] or [bold]bold[/bold] and see [/1] note.\n"
        "Escape \x1b]0;pwned\x07 and \x1b[31mred\x1b[0m and \x1b]52;c;Zm9v\x07 here.\n"
        "Bidi \u202eevil\u202c text and wide 漢字テキスト and emoji 🎉.\n" + "x" * 200_000 + "\n",
        encoding="utf-8",
    )
    app = make_app([str(hostile)], db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        text = screen_text(app)
        assert "[@click=app.quit]here[/]" in text
        assert "[bold]bold[/bold]" in text
        assert "\x1b" not in text and "\u202e" not in text
        assert "␛]0;pwned␇" in text
        await pilot.click(ReadingPane, offset=(10, 2))
        await pilot.press("j", "G", "g")
        assert app.is_running


async def test_late_mounts_while_closing_are_skipped(corpus: Path, db: Path) -> None:
    """A quick ``q`` can land before the header, library or side panels are mounted (they
    come right after the first frame, or when loading ends): mounting them then must be
    skipped, not fail on a closing screen."""
    from tui.widgets.library import LibraryPane

    app = make_app([str(corpus)], db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        side = app.query_one("#side")
        await pilot.press("q")
    assert app.return_code == 0
    app.dashboard.library = LibraryPane(id="library-pane")  # as if it had not been mounted yet
    app.dashboard._mount_chrome()  # what a callback queued before the "q" would run now
    await app.dashboard._mount_panels()
    assert app.dashboard.library.parent is None
    assert not side.is_attached


async def test_quit_right_after_the_header_mounts(corpus: Path, db: Path) -> None:
    """The header mounts after the first frame; quitting before it composed its title
    used to end the program with ``NoMatches`` (see ``tui.widgets.title_bar``)."""
    app = make_app([str(corpus)], db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: bool(app.screen.query(TitleBar)))
        header_mounted = app.screen.query_one(TitleBar).is_mounted
        await app.action_quit()  # what q does
    # run_test re-raises what ended the app (NoMatches, before the fix).
    assert not header_mounted  # the quit came inside the window the bug needed
    assert app.return_code == 0
