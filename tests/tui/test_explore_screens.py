"""The explore screens driven by keys: the concordance searching a snapshot (progress,
sorting, query editing, dispersion strip, cancelling), n-grams to concordance, trend and
comparison screens, and the corpus view's distinguishing terms and compare marks."""

from __future__ import annotations

from textual.app import App

from analysis.load.files import build_document
from analysis.model import KwicHit
from analysis.nlp.corpus import analyze_document
from tests.tui.app_harness import wait_for
from tui.screens.compare import CompareScreen
from tui.screens.corpus import CorpusRow, CorpusView
from tui.screens.kwic import KwicScreen
from tui.screens.kwic_list import KwicList
from tui.screens.ngrams import NgramScreen, NgramTable
from tui.screens.trends import TrendScreen

SEA = (
    "The whale swam past the ship. A whale sang. The old whale dived.\n\n"
    "Sailors watched the whale from the deck. The ship sailed on.\n"
)
LAND = "The hills were green. A whale of a time was had by all on the hills.\n"
DOCS = (build_document("/d/sea.txt", SEA), build_document("/d/land.txt", LAND))


def screen_text(app: App) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


class Host(App):
    def __init__(self, make) -> None:
        super().__init__()
        self.make = make
        self.results: list = []

    def on_mount(self) -> None:
        self.push_screen(self.make(), self.results.append)


async def searched(pilot, app: Host) -> KwicScreen:
    await wait_for(pilot, lambda: isinstance(app.screen, KwicScreen) and not app.screen.searching)
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, KwicScreen)
    return screen


async def test_kwic_searches_sorts_and_shows_dispersion() -> None:
    app = Host(lambda: KwicScreen("whale", documents=DOCS))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await searched(pilot, app)
        assert len(screen.hits) == 5
        text = screen_text(app)
        assert "“whale” — 5 hits in 2 documents" in text
        assert "where the hits fall" in text and "DP" in text
        sea_line = next(line for line in text.splitlines() if "│" in line and "      4 " in line)
        assert "·" in sea_line
        await pilot.press("r")  # 1R: a, dived, from, of, sang, swam
        await pilot.pause()
        assert [h.right_words[0] for h in screen.hits] == ["dived", "from", "of", "sang", "swam"]
        assert "sorted by 1R" in screen_text(app)
        await pilot.press("r")  # 2R
        assert screen.sort == "2R"
        await pilot.press("l")  # 1L: a, old, the, the, the
        await pilot.pause()
        assert [h.left_words[0] for h in screen.hits] == ["a", "a", "old", "the", "the"]
        await pilot.press("p")
        assert screen.hits == sorted(screen.hits, key=lambda h: (h.path != "/d/sea.txt", h.start))
        await pilot.press("d")
        assert not screen.query_one("#kwic-dispersion").display
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.results == [screen.hits[1]]


async def test_kwic_sort_keeps_the_highlighted_hit() -> None:
    app = Host(lambda: KwicScreen("whale", documents=DOCS))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await searched(pilot, app)
        await pilot.press("down", "down")
        chosen = screen.hits[2]
        await pilot.press("r")
        listing = screen.query_one(KwicList)
        assert screen.hits[listing.cursor] is chosen


async def test_kwic_query_editing_regex_and_case() -> None:
    app = Host(lambda: KwicScreen("whale", documents=DOCS))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await searched(pilot, app)
        await pilot.press("slash", "ctrl+a", "ctrl+k", *"hill*", "enter")
        screen = await searched(pilot, app)
        assert [h.match for h in screen.hits] == ["hills", "hills"]
        await pilot.press("slash", "ctrl+a", "ctrl+k", *"s[a-z]+", "enter")
        await searched(pilot, app)
        assert screen.hits == []  # not a regex yet: no word is "s[a-z]+"
        await pilot.press("x")
        await searched(pilot, app)
        assert {h.match for h in screen.hits} >= {"sang", "ship", "sailed"}
        assert "[regex]" in screen_text(app)
        await pilot.press("slash", "ctrl+a", "ctrl+k", *"(", "enter")
        await searched(pilot, app)
        assert "bad regular expression" in screen_text(app)
        await pilot.press("slash", "ctrl+a", "ctrl+k", *"The", "enter")
        await searched(pilot, app)
        await pilot.press("c")
        await searched(pilot, app)
        assert {h.match for h in screen.hits} == {"The"} and "[case]" in screen_text(app)


async def test_escape_cancels_a_long_search() -> None:
    big = build_document("/d/big.txt", "the whale and the sea. " * 300_000)
    app = Host(lambda: KwicScreen("the", documents=[big]))
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, KwicScreen))
        screen = app.screen
        await pilot.pause()
        assert screen.searching and "searching…" in screen_text(app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.results == [None])
        await wait_for(pilot, lambda: all(w.is_finished for w in screen.workers))
        assert screen.hits == []


async def test_ngrams_then_concordance_of_one() -> None:
    app = Host(lambda: NgramScreen(DOCS, "the corpus"))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(
            pilot, lambda: isinstance(app.screen, NgramScreen) and app.screen.progress is None
        )
        screen = app.screen
        first = screen.shown[0]
        assert (first.text, first.frequency, first.range) == ("a whale", 2, 2)
        assert "2-grams of the corpus" in screen_text(app) and "freq ≥ 2" in screen_text(app)
        await pilot.press("f", "f", "f", "f")  # 2 -> 3 -> 5 -> 10 -> 1
        assert screen.min_frequency == 1 and len(screen.shown) > 10
        await pilot.press("R")
        assert all(g.range >= 2 for g in screen.shown)
        await pilot.press("R", "R", "R", "R", "3")
        await wait_for(pilot, lambda: screen.progress is None and screen.n == 3)
        await pilot.press("slash", *"hills", "enter")
        await pilot.pause()
        assert [g.text for g in screen.shown] == [
            "hills were green",
            "on the hills",
            "the hills were",
        ]
        assert screen.focused is screen.query_one(NgramTable)
        await pilot.press("down", "enter")
        kwic = await searched(pilot, app)
        assert kwic.term == '"on the hills"' and [h.match for h in kwic.hits] == ["on the hills"]
        await pilot.press("enter")
        await wait_for(pilot, lambda: bool(app.results))
        assert isinstance(app.results[0], KwicHit) and app.results[0].path == "/d/land.txt"


async def test_trend_bars() -> None:
    from analysis.nlp.kwic import KwicQuery, concordance

    hits = concordance(DOCS, KwicQuery("whale"))
    app = Host(lambda: TrendScreen("whale", DOCS, hits))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, TrendScreen) and app.screen.ready)
        await pilot.pause()
        screen = app.screen
        assert [p.hits for p in screen.by_document] == [4, 1]
        assert len(screen.by_part) == 10 and sum(p.hits for p in screen.by_part) == 4
        text = screen_text(app)
        assert "“whale” per million words, across the documents" in text
        lines = text.splitlines()
        # The sea document (4 hits in 24 words) has the longest bar; land (1 in 16) less.
        sea = next(line for line in lines if "      4" in line and "/M" in line)
        land = next(line for line in lines if "      1" in line and "/M" in line)
        assert sea.count("█") > land.count("█") > 0
        assert f"{4 / 24 * 1e6:,.1f}/M" in sea and f"{1 / 16 * 1e6:,.1f}/M" in land
        await pilot.press("escape")
        assert app.results == [None]


async def test_compare_screen() -> None:
    sea = analyze_document(
        build_document("/d/a.txt", "Harbour boats. The harbour is calm. People walk.\n" * 4)
    )
    land = analyze_document(
        build_document("/d/b.txt", "Mountain trails. The mountain is steep. People walk.\n" * 4)
    )
    app = Host(lambda: CompareScreen(sea, land))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(
            pilot,
            lambda: isinstance(app.screen, CompareScreen) and app.screen.comparison is not None,
        )
        await pilot.pause()
        text = screen_text(app)
        assert "More in A than in the other" in text and "harbour" in text and "mountain" in text
        assert "Shared terms" in text and "people" in text
        assert app.screen.export_table() is not None


ROWS = [
    CorpusRow("/c/a.txt", "Alpha", 100, 10, 0.1, "positive", ("sea",), ("harbour", "boats")),
    CorpusRow("/c/b.txt", "Beta", 100, 10, -0.1, "negative", ("hill",), ("mountain",)),
]


async def test_corpus_view_distinguishing_and_compare_marks() -> None:
    messages: list = []

    class CorpusHost(Host):
        def on_corpus_view_compare(self, message: CorpusView.Compare) -> None:
            messages.append((message.a, message.b))

        def on_corpus_view_ngrams(self) -> None:
            messages.append("ngrams")

    app = CorpusHost(lambda: CorpusView(ROWS))
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert "Distinguishing: harbour, boats" in screen_text(app)
        await pilot.press("down")
        assert "Distinguishing: mountain" in screen_text(app)
        await pilot.press("m")
        assert "comparing “Beta”" in screen_text(app)
        await pilot.press("up", "m", "n")
        await pilot.pause()
        assert messages == [("/c/b.txt", "/c/a.txt"), "ngrams"]
        table = app.screen.export_table()
        assert table.rows[0][-1] == "harbour; boats"
