"""The search bar: what it posts, what it shows, and a minimal wiring with the reading pane."""

from __future__ import annotations

import re
from typing import ClassVar

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Checkbox, Input

from analysis.model import Document, SpanArray
from tui.reader.pane import ReadingPane
from tui.reader.search_bar import SearchBar


def small_document() -> Document:
    text = "\n\n".join(f"Paragraph {p} mentions topic{p % 3} once. Then it ends." for p in range(9))
    sentences = [m.span() for m in re.finditer(r"\S[^.]*\.", text)]
    return Document(
        path="/docs/small.txt",
        title="small",
        text=text,
        sha256="small",
        paragraphs=SpanArray(m.span() for m in re.finditer(r"\S.*", text)),
        sentences=SpanArray(sentences),
        sentence_paragraph=[i // 2 for i in range(len(sentences))],
    )


class BarApp(App):
    """The pane and the bar, wired the way the dashboard does it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "escaped", "Back")]

    def __init__(self) -> None:
        super().__init__()
        self.messages: list[object] = []
        self.escapes = 0

    def compose(self) -> ComposeResult:
        yield ReadingPane(id="pane")
        yield SearchBar(id="bar")

    def on_mount(self) -> None:
        self.query_one(ReadingPane).set_document(small_document())
        self.query_one(SearchBar).focus_input()

    def action_escaped(self) -> None:
        self.escapes += 1

    @on(SearchBar.Changed)
    def _changed(self, message: SearchBar.Changed) -> None:
        self.messages.append(message)
        bar, pane = self.query_one(SearchBar), self.query_one(ReadingPane)
        try:
            count = pane.search(message.pattern, regex=message.regex)
        except re.error as error:
            bar.set_error(f"bad pattern: {error}")
            return
        bar.set_count(pane.current_match, count)

    @on(SearchBar.Submitted)
    def _submitted(self, message: SearchBar.Submitted) -> None:
        self.messages.append(message)
        pane = self.query_one(ReadingPane)
        pane.next_match()
        self.query_one(SearchBar).set_count(pane.current_match, pane.match_count)

    @on(SearchBar.Closed)
    def _closed(self, message: SearchBar.Closed) -> None:
        self.messages.append(message)


def of_type(app: BarApp, kind: type) -> list:
    return [m for m in app.messages if isinstance(m, kind)]


async def test_typing_posts_changed_and_counts() -> None:
    app = BarApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*"topic1")
        await pilot.pause()
        changed = of_type(app, SearchBar.Changed)
        assert changed[-1].pattern == "topic1" and changed[-1].regex is False
        assert changed[-1].control is app.query_one(SearchBar)
        bar = app.query_one(SearchBar)
        assert bar.status == "3 matches"
        await pilot.press("enter")
        await pilot.pause()
        submitted = of_type(app, SearchBar.Submitted)
        assert submitted[-1].pattern == "topic1"
        assert bar.status == "1/3"
        pane = app.query_one(ReadingPane)
        assert pane.cursor == 2  # "Paragraph 1 mentions topic1 once." is sentence 2
        await pilot.press(*"zz")
        await pilot.pause()
        assert bar.status == "no matches"
        assert bar.query_one("#search-count").has_class("-none")


async def test_regex_toggle_and_error() -> None:
    app = BarApp()
    async with app.run_test(size=(100, 30)) as pilot:
        bar = app.query_one(SearchBar)
        await pilot.press(*"topic[12]")
        await pilot.pause()
        assert bar.status == "no matches"  # literal brackets
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert bar.regex and bar.query_one(Checkbox).value
        last = of_type(app, SearchBar.Changed)[-1]
        assert last.regex is True and last.pattern == "topic[12]"
        assert bar.status == "6 matches"
        await pilot.press("backspace", "backspace", "backspace", "backspace")
        await pilot.pause()
        assert bar.pattern == "topic"
        await pilot.press("(")
        await pilot.pause()
        assert bar.status.startswith("bad pattern:")
        assert bar.query_one("#search-count").has_class("-error")
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert not bar.regex
        assert bar.status == "no matches"
        assert not bar.query_one("#search-count").has_class("-error")


async def test_escape_posts_closed_and_stays_in_the_bar() -> None:
    app = BarApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("x", "escape")
        await pilot.pause()
        assert len(of_type(app, SearchBar.Closed)) == 1
        assert app.escapes == 0


async def test_labels_are_plain_text() -> None:
    app = BarApp()
    async with app.run_test(size=(100, 30)) as pilot:
        bar = app.query_one(SearchBar)
        bar.set_error("bad pattern: [bold]x[/] [@click=app.quit]q[/]\x1b[31m")
        await pilot.pause()
        assert bar.status == "bad pattern: [bold]x[/] [@click=app.quit]q[/]\u241b[31m"
        bar.set_count(2, 17)
        assert bar.status == "2/17"
        bar.set_count(0, 100_000, capped=True)
        assert bar.status == "100,000+ matches"
        bar.set_count(0, 1)
        assert bar.status == "1 match"
        bar.set_status("searching…")
        assert bar.status == "searching…"


async def test_focus_input_selects_previous_pattern() -> None:
    app = BarApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*"old")
        bar = app.query_one(SearchBar)
        app.query_one(ReadingPane).focus()
        await pilot.pause()
        bar.focus_input()
        await pilot.press(*"new")
        await pilot.pause()
        assert bar.query_one(Input).value == "new"
        assert bar.pattern == "new"
