"""SentimentPanel in isolation (score, mix, arc sized to the panel, cursor marker, extreme
sentences with Enter/click jumps), plus the pure sparkline helpers it draws with."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual.app import App, ComposeResult

from analysis.model import (
    Document,
    DocumentAnalysis,
    Scores,
    SentimentSummary,
    SpanArray,
    Stats,
    TermProfile,
)
from analysis.sanitize import prose_line
from tui.widgets.formatting import (
    EIGHTHS,
    area_rows,
    column_of,
    format_compound,
    format_count,
    polarity,
    resample,
    sparkline,
)
from tui.widgets.sentiment import SentenceList, SentimentOverview, SentimentPanel

HOSTILE = "[bold]x[/] [@click=app.quit]click me[/]"


def make_document(sentences: list[str]) -> Document:
    spans, position = [], 0
    for sentence in sentences:
        spans.append((position, position + len(sentence)))
        position += len(sentence) + 1
    text = " ".join(sentences)
    return Document(
        path="/docs/a.txt",
        title="A",
        text=text,
        sha256="0" * 64,
        paragraphs=SpanArray([(0, len(text))]),
        sentences=SpanArray(spans),
        sentence_paragraph=[0] * len(spans),
    )


def make_analysis(sentences: list[str], compounds: list[float]) -> DocumentAnalysis:
    doc = make_document(sentences)
    scores = tuple(Scores(max(0, -c), 1 - abs(c), max(0, c), c) for c in compounds)
    positive = sorted((i for i, c in enumerate(compounds) if c > 0), key=lambda i: -compounds[i])
    negative = sorted((i for i, c in enumerate(compounds) if c < 0), key=lambda i: compounds[i])
    document = Scores(0.1, 0.7, 0.2, 0.42)
    summary = SentimentSummary(
        sentences=scores,
        paragraphs=(document,),
        document=document,
        arc=tuple(compounds),
        smoothed=tuple(compounds),
        most_positive=tuple(positive),
        most_negative=tuple(negative),
    )
    stats = Stats(len(doc.text.split()), len(compounds), 1, 10, 5.0, 1.0)
    return DocumentAnalysis(doc, stats, summary, TermProfile({}, {}, 0))


def story(n: int = 200) -> DocumentAnalysis:
    compounds = [round(math.sin(i / 30) * 0.9, 3) for i in range(n)]
    sentences = [f"Sentence {i} says something." for i in range(n)]
    return make_analysis(sentences, compounds)


def screen_lines(app: App) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


class PanelApp(App):
    def __init__(self, width: int = 40, height: int = 20) -> None:
        super().__init__()
        self.CSS = f"SentimentPanel {{ width: {width}; height: {height}; }}"
        self.jumps: list[int] = []

    def compose(self) -> ComposeResult:
        yield SentimentPanel(id="sentiment")

    def on_sentiment_panel_jump_to(self, message: SentimentPanel.JumpTo) -> None:
        self.jumps.append(message.sentence_index)


def marker_column(app: App) -> int:
    line = next(line for line in screen_lines(app) if "▲" in line)
    return line.index("▲")


async def test_placeholder_until_analysis() -> None:
    app = PanelApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "analysing…" in "\n".join(screen_lines(app))
        assert not app.query_one(SentenceList).display


async def test_shows_compound_mix_arc_and_extremes() -> None:
    app = PanelApp(width=40, height=24)
    async with app.run_test(size=(80, 24)) as pilot:
        panel = app.query_one(SentimentPanel)
        panel.show(story())
        await pilot.pause()
        text = "\n".join(screen_lines(app))
        assert "+0.42 positive" in text
        assert "200 sentences" in text
        assert "pos 20%" in text and "neu 70%" in text and "neg 10%" in text
        assert "Most positive" in text and "Most negative" in text
        assert "+0.90 Sentence 47 says something." in text
        assert "-0.90" in text
        assert "▲" in text and "sentence 1/200" in text


async def test_arc_is_as_wide_as_the_panel() -> None:
    for width in (30, 60):
        app = PanelApp(width=width, height=24)
        async with app.run_test(size=(80, 24)) as pilot:
            app.query_one(SentimentPanel).show(story())
            await pilot.pause()
            overview = app.query_one(SentimentOverview)
            rows = overview.render().plain.split("\n")
            arc_rows = rows[3 : 3 + overview.arc_height]
            assert arc_rows and all(len(row) == width - 2 for row in arc_rows)  # padding 0 1
            assert all(set(row) <= set(EIGHTHS) for row in arc_rows)


async def test_set_cursor_moves_marker() -> None:
    app = PanelApp(width=40)
    async with app.run_test(size=(80, 24)) as pilot:
        panel = app.query_one(SentimentPanel)
        panel.show(story())
        await pilot.pause()
        start = marker_column(app)
        panel.set_cursor(199)
        await pilot.pause()
        end = marker_column(app)
        assert end > start + 30
        assert "sentence 200/200" in "\n".join(screen_lines(app))
        panel.set_cursor(100)
        await pilot.pause()
        assert start < marker_column(app) < end
        assert panel.cursor == 100


async def test_cursor_set_before_analysis_is_kept() -> None:
    app = PanelApp(width=40)
    async with app.run_test(size=(80, 24)) as pilot:
        panel = app.query_one(SentimentPanel)
        panel.set_cursor(150)
        panel.show(story())
        await pilot.pause()
        assert "sentence 151/200" in "\n".join(screen_lines(app))


async def test_enter_and_click_post_jump_to() -> None:
    app = PanelApp(width=40, height=24)
    async with app.run_test(size=(80, 24)) as pilot:
        panel = app.query_one(SentimentPanel)
        analysis = story()
        panel.show(analysis)
        panel.focus()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.jumps == [analysis.sentiment.most_positive[0]]
        await pilot.press("j", "enter")
        await pilot.pause()
        assert app.jumps[-1] == analysis.sentiment.most_positive[1]
        # j skips the "Most negative" heading.
        await pilot.press("j", "j", "enter")
        await pilot.pause()
        assert app.jumps[-1] == analysis.sentiment.most_negative[0]
        # Click the first sentence row (below the heading).
        extremes = app.query_one(SentenceList)
        await pilot.click(SentenceList, offset=(4, 1))
        await pilot.pause()
        assert app.jumps[-1] == analysis.sentiment.most_positive[0]
        # Clicking a heading does nothing.
        count = len(app.jumps)
        await pilot.click(SentenceList, offset=(4, 0))
        await pilot.pause()
        assert len(app.jumps) == count
        assert extremes.option_count == 8


async def test_hostile_sentences_are_literal_and_one_line() -> None:
    app = PanelApp(width=60, height=24)
    async with app.run_test(size=(80, 24)) as pilot:
        sentences = [HOSTILE + "\nsecond line\x1b[6n", "calm", "[/] bad [x"]
        app.query_one(SentimentPanel).show(make_analysis(sentences, [0.8, 0.0, -0.6]))
        await pilot.pause()
        text = "\n".join(screen_lines(app))
        assert "[bold]x[/] [@click=app.quit]click me[/] second line" in text
        assert "[/] bad [x" in text
        assert "\x1b" not in text
        await pilot.click(SentenceList, offset=(10, 1))
        await pilot.pause()
        assert app.is_running
        assert app.jumps == [0]


async def test_narrow_panel_truncates_without_wrapping() -> None:
    app = PanelApp(width=20, height=16)
    async with app.run_test(size=(40, 16)) as pilot:
        analysis = make_analysis(["word " * 80, "dire " * 80], [0.9, -0.9])
        app.query_one(SentimentPanel).show(analysis)
        await pilot.pause()
        lines = [line[:20] for line in screen_lines(app)]
        rows = [line for line in lines if "+0.90" in line or "-0.90" in line]
        assert len(rows) == 2
        assert all(row.rstrip().endswith("…") for row in rows)


async def test_document_without_sentences() -> None:
    app = PanelApp()
    async with app.run_test(size=(80, 24)) as pilot:
        panel = app.query_one(SentimentPanel)
        panel.show(make_analysis([], []))
        panel.set_cursor(3)
        await pilot.pause()
        text = "\n".join(screen_lines(app))
        assert "0 sentences" in text
        assert "none" in text


async def test_show_none_returns_to_placeholder() -> None:
    app = PanelApp()
    async with app.run_test(size=(80, 24)) as pilot:
        panel = app.query_one(SentimentPanel)
        panel.show(story())
        await pilot.pause()
        panel.show(None)
        await pilot.pause()
        assert "analysing…" in "\n".join(screen_lines(app))
        assert panel.analysis is None


async def test_every_theme_renders() -> None:
    app = PanelApp()
    async with app.run_test(size=(80, 24)) as pilot:
        app.query_one(SentimentPanel).show(story())
        for theme in app.available_themes:
            app.theme = theme
            await pilot.pause()
            assert "Most positive" in "\n".join(screen_lines(app)), theme


# ------------------------------------------------------------------ sparkline_text
def test_resample_means_buckets_and_stretches() -> None:
    assert resample([1, 2, 3, 4], 2) == [1.5, 3.5]
    assert resample([1, 2], 4) == [1, 1, 2, 2]
    assert resample([], 5) == []
    assert resample([1.0], 0) == []


@given(st.integers(1, 500), st.integers(1, 120))
def test_column_of_agrees_with_resample(count: int, width: int) -> None:
    values = list(range(count))
    points = resample(values, width)
    assert len(points) == width
    for index in range(count):
        column = column_of(index, count, width)
        assert 0 <= column < width
        if count >= width:  # the column's bucket mean lies around the index
            start = -(-column * count // width)
            end = -(-(column + 1) * count // width)
            assert start <= index < end
        else:  # the stretched column shows exactly this value
            assert points[column] == index


def test_sparkline_and_area_rows_shape() -> None:
    assert sparkline([-1, 0, 1], 3, scale=1.0) == "▁▄█"  # zero is half height
    rows = area_rows([-1.0, 0.0, 1.0], 3, 2, scale=1.0)
    assert rows == ["  █", "▁██"]  # top row first; zero fills exactly half
    assert all(len(row) == 3 for row in area_rows([0.3] * 500, 3, 4))


def test_number_formats() -> None:
    assert format_compound(0.4249) == "+0.42"
    assert format_compound(-0.001) == "+0.00"
    assert format_compound(-0.5) == "-0.50"
    assert [format_count(n) for n in (999, 1000, 12_345, 999_499, 999_500, 2_500_000)] == [
        "999",
        "1.0k",
        "12k",
        "999k",
        "1.0M",
        "2.5M",
    ]
    assert [polarity(x) for x in (0.05, 0.049, -0.05)] == ["positive", "neutral", "negative"]


@pytest.mark.parametrize(
    ("raw", "shown"),
    [("a\n  b\tc", "a b c"), ("x\x1b[31m", "x␛[31m"), ("rtl\u202eevil", "rtl\ufffdevil")],
)
def test_prose_line_is_one_safe_line(raw: str, shown: str) -> None:
    assert prose_line(raw) == shown
