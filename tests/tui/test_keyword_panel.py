"""KeywordPanel in isolation: placeholder, keywords and phrases with score and count,
Enter/click post Chosen with the term as written, refreshes keep the highlighted keyword,
hostile terms stay literal, narrow widths truncate."""

from __future__ import annotations

from textual.app import App, ComposeResult

from analysis.model import Keyword, Phrase
from tui.widgets.keywords import KeywordList, KeywordPanel

KEYWORDS = [
    Keyword("deportation", "deport", 0.1234, 12),
    Keyword("minister", "minist", 12.5, 1234),
    Keyword("tribunal", "tribun", 0.01, 3),
]
PHRASES = [Phrase("home office", 250.3, 7), Phrase("asylum seekers", 31.2, 4)]


def screen_text(app: App) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


class PanelApp(App):
    def __init__(self, width: int = 40) -> None:
        super().__init__()
        self.CSS = f"KeywordPanel {{ width: {width}; height: 16; }}"
        self.chosen: list[str] = []

    def compose(self) -> ComposeResult:
        yield KeywordPanel(id="keywords")

    def on_keyword_panel_chosen(self, message: KeywordPanel.Chosen) -> None:
        self.chosen.append(message.term)


async def test_placeholder_then_keywords_then_clear() -> None:
    app = PanelApp()
    async with app.run_test(size=(80, 24)) as pilot:
        panel = app.query_one(KeywordPanel)
        await pilot.pause()
        assert "analysing…" in screen_text(app)
        panel.show(KEYWORDS, PHRASES)
        await pilot.pause()
        text = screen_text(app)
        assert "analysing…" not in text
        assert "Keywords" in text and "Phrases" in text
        line = next(line for line in text.splitlines() if "minister" in line)
        assert "12.5" in line and "1.2k" in line
        line = next(line for line in text.splitlines() if "home office" in line)
        assert "250" in line and " 7" in line
        panel.clear()
        await pilot.pause()
        assert "analysing…" in screen_text(app)
        assert "minister" not in screen_text(app)
        assert panel.keywords == () and panel.phrases == ()


async def test_enter_posts_chosen_with_the_term_as_written() -> None:
    app = PanelApp()
    async with app.run_test(size=(80, 24)) as pilot:
        panel = app.query_one(KeywordPanel)
        panel.show(KEYWORDS, PHRASES)
        panel.focus()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.chosen == ["deportation"]
        # j/down move past the "Phrases" heading onto the first phrase.
        await pilot.press("j", "down", "j", "enter")
        await pilot.pause()
        assert app.chosen[-1] == "home office"
        await pilot.press("k", "up", "enter")
        await pilot.pause()
        assert app.chosen[-1] == "minister"


async def test_click_posts_chosen_and_headings_do_nothing() -> None:
    app = PanelApp()
    async with app.run_test(size=(80, 24)) as pilot:
        app.query_one(KeywordPanel).show(KEYWORDS, PHRASES)
        await pilot.pause()
        await pilot.click(KeywordList, offset=(3, 3))  # heading, 3 keywords: row 3 = tribunal
        await pilot.pause()
        assert app.chosen == ["tribunal"]
        await pilot.click(KeywordList, offset=(3, 0))
        await pilot.click(KeywordList, offset=(3, 4))  # "Phrases" heading
        await pilot.pause()
        assert len(app.chosen) == 1


async def test_refresh_keeps_the_highlighted_keyword() -> None:
    app = PanelApp()
    async with app.run_test(size=(80, 24)) as pilot:
        panel = app.query_one(KeywordPanel)
        panel.show(KEYWORDS, PHRASES)
        panel.focus()
        await pilot.pause()
        await pilot.press("j", "j")  # tribunal
        new_order = [Keyword("tribunal", "tribun", 0.5, 3), *KEYWORDS[:2]]
        panel.show(new_order, PHRASES)
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.chosen == ["tribunal"]


async def test_empty_lists_say_none() -> None:
    app = PanelApp()
    async with app.run_test(size=(80, 24)) as pilot:
        app.query_one(KeywordPanel).show([], [])
        app.query_one(KeywordPanel).focus()
        await pilot.pause()
        assert screen_text(app).count("none") == 2
        await pilot.press("enter")
        await pilot.pause()
        assert app.chosen == []


async def test_hostile_terms_are_literal() -> None:
    app = PanelApp()
    async with app.run_test(size=(80, 24)) as pilot:
        hostile = Keyword("[@click=app.quit]x[/]", "x", 1.0, 1)
        app.query_one(KeywordPanel).show([hostile], [Phrase("[bold]y[/] \x1b[2J", 2.0, 2)])
        await pilot.pause()
        text = screen_text(app)
        assert "[@click=app.quit]x[/]" in text
        assert "[bold]y[/] ␛[2J" in text
        await pilot.click(KeywordList, offset=(3, 1))
        await pilot.pause()
        assert app.is_running
        assert app.chosen == ["[@click=app.quit]x[/]"]


async def test_narrow_panel_truncates_terms() -> None:
    for width in (24, 40):
        app = PanelApp(width=width)
        async with app.run_test(size=(40, 24)) as pilot:
            long = Keyword("internationalisation-of-everything", "intern", 0.5, 2)
            app.query_one(KeywordPanel).show([long], PHRASES)
            await pilot.pause()
            line = next(
                s.text[:width]
                for s in app.screen._compositor.render_strips()
                if "internat" in s.text
            )
            assert "…" in line
            assert "internationalisation-of-everything" not in line
            if width >= 40:  # room for the numbers after the cut term
                assert line.rstrip().endswith("2")


async def test_show_before_mount_is_kept() -> None:
    class EarlyApp(PanelApp):
        def compose(self) -> ComposeResult:
            panel = KeywordPanel(id="keywords")
            panel.show(KEYWORDS, [])
            yield panel

    app = EarlyApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "deportation" in screen_text(app)


async def test_every_theme_renders() -> None:
    app = PanelApp()
    async with app.run_test(size=(80, 24)) as pilot:
        app.query_one(KeywordPanel).show(KEYWORDS, PHRASES)
        for theme in app.available_themes:
            app.theme = theme
            await pilot.pause()
            assert "home office" in screen_text(app), theme


async def test_large_scores_read_as_numbers_not_exponents() -> None:
    app = PanelApp()
    keywords = [Keyword("Holmes", "holm", 3349.7, 460), Keyword("Watson", "watson", 45_210.0, 81)]
    async with app.run_test(size=(80, 24)) as pilot:
        app.query_one(KeywordPanel).show(keywords, [Phrase("Baker Street", 1.23e6, 29)])
        await pilot.pause()
        text = screen_text(app)
        assert "e+0" not in text
        assert "3,350" in next(line for line in text.splitlines() if "Holmes" in line)
        assert "45k" in next(line for line in text.splitlines() if "Watson" in line)
        assert "1.2M" in next(line for line in text.splitlines() if "Baker Street" in line)
