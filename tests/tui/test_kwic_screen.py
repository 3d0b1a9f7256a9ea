"""KwicScreen: title with counts, matches lined up in one column, Enter/click dismiss with
the hit, Escape with None, many hits, hostile contexts literal, narrow terminals."""

from __future__ import annotations

from textual.app import App

from analysis.model import KwicHit
from tui.screens.kwic import KwicScreen
from tui.screens.kwic_list import KwicList, tail


def hit(i: int, path: str = "/d/a.txt", match: str = "deport") -> KwicHit:
    return KwicHit(
        path=path,
        title=f"Title of {path}",
        start=i * 100,
        end=i * 100 + len(match),
        left=f"left context {'x' * (i % 7)} number {i} before",
        match=match,
        right=f"after the match, number {i}, more text follows here",
    )


HITS = [
    hit(0, "/d/a.txt"),
    hit(1, "/d/a.txt", "deportations"),
    hit(2, "/d/b.txt", "Deported"),
    hit(3, "/d/c.txt"),
]


def screen_lines(app: App) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


class KwicApp(App):
    def __init__(self, term: str, hits: list[KwicHit]) -> None:
        super().__init__()
        self.term = term
        self.hits = hits
        self.results: list[KwicHit | None] = []

    def on_mount(self) -> None:
        self.push_screen(KwicScreen(self.term, self.hits), self.results.append)


async def test_title_counts_hits_and_documents() -> None:
    app = KwicApp("deport", HITS)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert any("“deport” — 4 hits in 3 documents" in line for line in screen_lines(app))
    app = KwicApp("once", HITS[:1])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert any("“once” — 1 hit in 1 document" in line for line in screen_lines(app))


async def test_matches_line_up_in_one_column() -> None:
    app = KwicApp("deport", HITS)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        rows = [line for line in screen_lines(app) if "after the match" in line]
        assert len(rows) == 4
        starts = {row.lower().index("deport") for row in rows}
        assert len(starts) == 1
        # Left context is right-aligned against the match; the title comes last.
        assert all("before deport" in row.lower() for row in rows)
        assert all("Title of /d/" in row for row in rows)


async def test_enter_dismisses_with_the_highlighted_hit() -> None:
    app = KwicApp("deport", HITS)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("j", "down", "k", "enter")
        await pilot.pause()
        assert app.results == [HITS[1]]
        assert not isinstance(app.screen, KwicScreen)


async def test_escape_dismisses_with_none() -> None:
    app = KwicApp("deport", HITS)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.results == [None]


async def test_click_dismisses_with_the_clicked_hit() -> None:
    app = KwicApp("deport", HITS)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.click(KwicList, offset=(10, 2))
        await pilot.pause()
        assert app.results == [HITS[2]]


async def test_no_hits() -> None:
    app = KwicApp("zzz", [])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = "\n".join(screen_lines(app))
        assert "“zzz” — 0 hits" in text and "No matches." in text
        await pilot.press("enter", "j", "end")
        await pilot.pause()
        assert app.results == []
        await pilot.press("escape")
        await pilot.pause()
        assert app.results == [None]


async def test_thousands_of_hits_are_virtual() -> None:
    hits = [hit(i, f"/d/{i % 5}.txt") for i in range(20_000)]
    app = KwicApp("deport", hits)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        kwic = app.screen.query_one(KwicList)
        assert kwic.virtual_size.height == 20_000
        await pilot.press("end")
        await pilot.pause()
        assert kwic.cursor == 19_999
        assert any("number 19999 before" in line for line in screen_lines(app))
        await pilot.press("pageup", "home", "pagedown")
        await pilot.pause()
        assert 0 < kwic.cursor < 100
        await pilot.press("enter")
        await pilot.pause()
        assert app.results == [hits[kwic.cursor]]


async def test_hostile_contexts_are_literal() -> None:
    hostile = KwicHit(
        path="/d/[b]x.txt",
        title="[@click=app.quit]Title[/]",
        start=0,
        end=3,
        left="[@click=app.quit]left\nline",
        match="[red]m[/]",
        right="right \x1b]0;pwned\x07 end",
    )
    app = KwicApp("[bold]term[/]", [hostile])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = "\n".join(screen_lines(app))
        assert "“[bold]term[/]”" in text
        assert "[@click=app.quit]left line [red]m[/] right ␛]0;pwned␇ end" in text
        assert "[@click=app.quit]Titl" in text
        assert "\x1b" not in text and "\x07" not in text
        await pilot.click(KwicList, offset=(30, 0))
        await pilot.pause()
        assert app.is_running
        assert app.results == [hostile]


async def test_narrow_terminal_truncates_contexts() -> None:
    app = KwicApp("deport", HITS)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        rows = [line for line in screen_lines(app) if "…" in line and "eport" in line.lower()]
        assert len(rows) == 4
        starts = {row.lower().index("deport") for row in rows}
        assert len(starts) == 1
        await pilot.press("enter")
        await pilot.pause()
        assert app.results == [HITS[0]]


async def test_resize_relays_out_rows() -> None:
    app = KwicApp("deport", HITS)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert any("Title of /d/a.txt" in line for line in screen_lines(app))
        await pilot.resize_terminal(50, 20)
        await pilot.pause()
        lines = screen_lines(app)
        assert all(len(line) == 50 for line in lines)
        assert not any("Title of" in line for line in lines)  # title column dropped
        assert sum("before deport" in line.lower() for line in lines) == 4


def test_tail_keeps_the_end_nearest_the_match() -> None:
    assert tail("abcdef", 10) == "abcdef"
    assert tail("abcdef", 4) == "…def"
    assert tail("日本語です", 5) == "…です"  # wide characters count two cells
    assert tail("abc", 0) == ""


async def test_every_theme_renders() -> None:
    app = KwicApp("deport", HITS)
    async with app.run_test(size=(80, 24)) as pilot:
        for theme in app.available_themes:
            app.theme = theme
            await pilot.pause()
            assert any("before deport" in line.lower() for line in screen_lines(app)), theme
