"""CorpusView: rows shown, sorting by keys and header clicks, Enter/Escape dismiss values,
update_rows keeps sort and cursor, hostile titles literal, narrow terminals truncate."""

from __future__ import annotations

from textual.app import App

from tui.screens.corpus import CorpusRow, CorpusTable, CorpusView, sort_rows

ROWS = [
    CorpusRow("/c/tale.txt", "A Tale of Two Cities", 135_000, 6_000, 0.42, "positive",
              ("paris", "london", "guillotine", "defarge")),
    CorpusRow("/c/bleak.txt", "Bleak House", 1_200, 80, -0.63, "negative", ("fog", "chancery")),
    CorpusRow("/c/pending.txt", "Pending", 0, 12, 0.0, "…", ()),
    CorpusRow("/c/zeta.txt", "zeta notes", 5_000, 300, 0.01, "neutral", ("zeta",)),
]  # fmt: skip


def screen_text(app: App) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


class CorpusApp(App):
    def __init__(self, rows: list[CorpusRow]) -> None:
        super().__init__()
        self.rows = rows
        self.results: list[str | None] = []

    def on_mount(self) -> None:
        self.push_screen(CorpusView(self.rows), self.results.append)

    @property
    def view(self) -> CorpusView:
        assert isinstance(self.screen, CorpusView)
        return self.screen


def paths(app: CorpusApp) -> list[str]:
    """Row keys in the table's display order (what is on screen, not the model)."""
    table = app.view.query_one(CorpusTable)
    return [str(row.key.value) for row in table.ordered_rows]


async def test_rows_and_columns_are_shown() -> None:
    app = CorpusApp(ROWS)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "4 documents · 1 analysing" in text
        for header in ("Title", "Words", "Sent.", "Compound", "Label", "Keywords"):
            assert header in text
        line = next(line for line in text.splitlines() if "A Tale of Two Cities" in line)
        for cell in ("135,000", "6,000", "+0.42", "positive", "paris, london, guillotine"):
            assert cell in line
        line = next(line for line in text.splitlines() if "Pending" in line)
        assert "pending" in line and "…" in line
        assert paths(app) == [row.path for row in ROWS]


async def test_number_keys_sort_and_repeat_reverses() -> None:
    app = CorpusApp(ROWS)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("2")  # words, largest first; pending last
        await pilot.pause()
        assert paths(app) == ["/c/tale.txt", "/c/zeta.txt", "/c/bleak.txt", "/c/pending.txt"]
        assert "sorted by words ▼" in screen_text(app)
        await pilot.press("2")
        await pilot.pause()
        assert paths(app) == ["/c/bleak.txt", "/c/zeta.txt", "/c/tale.txt", "/c/pending.txt"]
        assert "Words ▲" in screen_text(app)
        await pilot.press("1")  # title A-Z, case-insensitive, pending included
        await pilot.pause()
        assert paths(app) == ["/c/tale.txt", "/c/bleak.txt", "/c/pending.txt", "/c/zeta.txt"]
        await pilot.press("4")  # compound, most positive first
        await pilot.pause()
        assert paths(app)[:3] == ["/c/tale.txt", "/c/zeta.txt", "/c/bleak.txt"]
        await pilot.press("r")
        await pilot.pause()
        assert paths(app) == ["/c/bleak.txt", "/c/zeta.txt", "/c/tale.txt", "/c/pending.txt"]


async def test_s_cycles_the_sort_column() -> None:
    app = CorpusApp(ROWS)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        seen = []
        for _ in range(7):
            await pilot.press("s")
            seen.append(app.view.sort_column)
        assert seen == [0, 1, 2, 3, 4, 5, 0]


async def test_header_click_sorts() -> None:
    app = CorpusApp(ROWS)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        lines = screen_text(app).splitlines()
        y = next(i for i, line in enumerate(lines) if "Compound" in line and "Title" in line)
        x = lines[y].index("Compound")
        await pilot.click(offset=(x + 2, y))
        await pilot.pause()
        assert app.view.sort_column == 3
        assert paths(app)[0] == "/c/tale.txt"
        await pilot.click(offset=(x + 2, y))
        await pilot.pause()
        assert paths(app)[0] == "/c/bleak.txt"


async def test_enter_dismisses_with_the_path_and_escape_with_none() -> None:
    app = CorpusApp(ROWS)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("j", "down", "k", "enter")
        await pilot.pause()
        assert app.results == ["/c/bleak.txt"]
    app = CorpusApp(ROWS)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.results == [None]


async def test_update_rows_keeps_sort_and_cursor() -> None:
    app = CorpusApp(ROWS)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("2", "j")  # words desc; cursor on zeta
        await pilot.pause()
        assert app.view.highlighted_path == "/c/zeta.txt"
        done = CorpusRow("/c/pending.txt", "Pending", 50_000, 12, -0.2, "negative", ("x",))
        app.view.update_rows([ROWS[0], ROWS[1], done, ROWS[3]])
        await pilot.pause()
        assert paths(app) == ["/c/tale.txt", "/c/pending.txt", "/c/zeta.txt", "/c/bleak.txt"]
        assert app.view.highlighted_path == "/c/zeta.txt"
        assert "analysing" not in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert app.results == ["/c/zeta.txt"]


async def test_hostile_titles_and_keywords_are_literal() -> None:
    rows = [
        CorpusRow("/c/x", "[@click=app.quit]Evil[/] \x1b[2J", 10, 1, 0.5, "positive",
                  ("[bold]kw[/]", "[/]")),
        CorpusRow("/c/y", "", 10, 1, -0.5, "negative", ()),
    ]  # fmt: skip
    app = CorpusApp(rows)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "[@click=app.quit]Evil[/] ␛[2J" in text
        assert "[bold]kw[/], [/]" in text
        assert "/c/y" in text  # an empty title falls back to the path
        assert "\x1b" not in text
        lines = text.splitlines()
        y = next(i for i, line in enumerate(lines) if "Evil" in line)
        await pilot.click(offset=(lines[y].index("Evil"), y))
        await pilot.pause()
        assert app.is_running


async def test_narrow_terminal_truncates_titles() -> None:
    rows = [CorpusRow("/c/l", "An extremely long title " * 5, 10, 1, 0.5, "positive", ())]
    app = CorpusApp(rows)
    async with app.run_test(size=(40, 16)) as pilot:
        await pilot.pause()
        line = next(s.text for s in app.screen._compositor.render_strips() if "An extr" in s.text)
        assert "…" in line
        await pilot.press("2", "enter")
        await pilot.pause()
        assert app.results == ["/c/l"]


async def test_every_theme_renders_coloured_cells() -> None:
    app = CorpusApp(ROWS)
    async with app.run_test(size=(80, 24)) as pilot:
        for theme in app.available_themes:
            app.theme = theme
            await pilot.pause()
            assert "Bleak House" in screen_text(app), theme


async def test_theme_change_recolours_compound_cells() -> None:
    app = CorpusApp(ROWS)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table = app.view.query_one(CorpusTable)

        def negative_colour() -> str:
            cell = table.get_cell("/c/bleak.txt", "compound")
            return str(cell.style.color.triplet.hex)

        app.theme = "textual-dark"
        await pilot.pause()
        dark = negative_colour()
        app.theme = "nord"
        await pilot.pause()
        assert negative_colour() != dark
        assert negative_colour().lower() == app.theme_variables["error"].lower()


def test_sort_rows_keeps_pending_last_and_given_order_by_default() -> None:
    assert sort_rows(ROWS, None, False) == ROWS
    assert sort_rows(ROWS, None, True) == ROWS[::-1]
    by_label = sort_rows(ROWS, 4, False)
    assert [r.label for r in by_label] == ["positive", "neutral", "negative", "…"]
    by_label_reversed = sort_rows(ROWS, 4, True)
    assert [r.label for r in by_label_reversed] == ["negative", "neutral", "positive", "…"]
