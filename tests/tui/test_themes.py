"""The dashboard in every built-in Textual theme, and with ``NO_COLOR`` set.

Textual reads ``NO_COLOR`` once, in ``App.__init__`` (``textual/app.py``): it sets
``app.no_color`` and adds a line filter to every widget's output, ``Monochrome`` (each
colour replaced by a grey of the same lightness) or, under an ANSI theme, ``NoColor``
(terminal default colours). The reading pane then cannot tint by colour, so it tints with
text styles instead (underline for negative, bold for positive).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.color import Color as RichColor
from rich.segment import Segment
from rich.style import Style

from tests.tui.app_harness import make_app, make_corpus, ready, screen_text
from tui.app import LecternApp
from tui.reader.pane import ReadingPane

SIZE = (120, 40)
NEGATIVE = "He added that to reach the goal"
"""The seed's most negative sentence (compound -0.82: the strongest tint)."""
POSITIVE = "The US president posted on his"
"""The seed's most positive sentence (compound +0.75)."""


@pytest.fixture
def seed(tmp_path: Path) -> list[str]:
    return [str(make_corpus(tmp_path / "docs") / "a_seed.txt")]


def screen_segments(app: LecternApp) -> list[list[Segment]]:
    """The segments of every terminal row, after Textual's line filters."""
    return [list(strip) for strip in app.screen._compositor.render_strips()]


def style_of(app: LecternApp, needle: str) -> Style:
    """The style of the first cell of ``needle`` on screen."""
    rows = screen_text(app).splitlines()
    y = next(i for i, row in enumerate(rows) if needle in row)
    x = rows[y].index(needle)
    for segment in screen_segments(app)[y]:
        if x < segment.cell_length:
            assert segment.style is not None
            return segment.style
        x -= segment.cell_length
    raise AssertionError(f"{needle!r} not found in the segments")


async def show_sentence(app: LecternApp, text: str) -> None:
    """Jump to ``text`` without putting the cursor on it (the cursor has its own colour)."""
    doc = app.dashboard.documents[app.dashboard.current or ""]
    app.dashboard.reader.jump_to_offset(doc.text.index(text))
    app.dashboard.reader.move_cursor(app.dashboard.reader.cursor - 1, scroll="none")


def is_grey(color: RichColor | None) -> bool:
    if color is None or color.is_default:
        return True
    r, g, b = color.get_truecolor()
    return r == g == b


async def test_every_builtin_theme_draws_the_dashboard_and_the_tint(
    seed: list[str], db: Path
) -> None:
    app = make_app(seed, db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("t")
        reader = app.query_one(ReadingPane)
        assert reader.tint
        await show_sentence(app, NEGATIVE)
        await pilot.pause()
        themes = sorted(app.available_themes)
        assert len(themes) >= 10
        tints: dict[str, tuple[Style, Style]] = {}
        for name in themes:
            app.theme = name
            await pilot.pause()
            text = screen_text(app)
            assert NEGATIVE in text and "Keywords" in text and "negative" in text, name
            assert "positive" in str(reader.border_subtitle)  # the legend redrawn
            await show_sentence(app, POSITIVE)
            await pilot.pause()
            positive = style_of(app, POSITIVE)
            await show_sentence(app, NEGATIVE)
            await pilot.pause()
            negative = style_of(app, NEGATIVE)
            tints[name] = (negative, positive)
            if app.native_ansi_color:  # ANSI themes: text styles, not blended colours
                assert negative.underline and positive.bold, name
            else:
                assert negative.bgcolor != positive.bgcolor, name
                assert reader.rich_style.bgcolor not in (negative.bgcolor, positive.bgcolor), name
        assert {"ansi-dark", "ansi-light"} <= set(tints)  # the text-style fallback was seen
        dark, light = tints["textual-dark"], tints["textual-light"]
        assert dark[0].bgcolor != light[0].bgcolor
        assert dark[1].bgcolor != light[1].bgcolor


async def test_no_color_renders_without_colour_and_tints_with_text_styles(
    seed: list[str], db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(seed, db)
    assert app.no_color
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("t")
        await show_sentence(app, NEGATIVE)
        await pilot.pause()
        text = screen_text(app)
        assert NEGATIVE in text and "Keywords" in text
        colours = [
            color
            for row in screen_segments(app)
            for segment in row
            if segment.style is not None
            for color in (segment.style.color, segment.style.bgcolor)
        ]
        assert colours and all(is_grey(c) for c in colours)
        negative = style_of(app, NEGATIVE)
        assert negative.underline and negative.italic  # strongly negative: underline italic
        await show_sentence(app, POSITIVE)
        await pilot.pause()
        assert style_of(app, POSITIVE).bold
        legend = app.dashboard.reader.tint_legend()
        assert "negative" in legend.plain and "positive" in legend.plain
        assert all(span.style.foreground is None for span in legend.spans)  # type: ignore[union-attr]
