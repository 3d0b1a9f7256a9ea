"""LibraryPane in isolation: rows appear as documents load and analyses arrive, failures
are error rows, keys and clicks post Selected, hostile titles stay literal, narrow widths
truncate."""

from __future__ import annotations

import math

import pytest
from textual.app import App, ComposeResult

from analysis.model import (
    Document,
    DocumentAnalysis,
    LoadFailure,
    Scores,
    SentimentSummary,
    SpanArray,
    Stats,
    TermProfile,
)
from tui.widgets.library import LibraryList, LibraryPane

HOSTILE = "[bold]x[/] [@click=app.quit]click me[/]"
LONG_TITLE = "A Tale of Two Cities: A Story of the French Revolution, in Three Books"


def make_document(path: str, title: str, sentences: list[str]) -> Document:
    spans, position = [], 0
    for sentence in sentences:
        spans.append((position, position + len(sentence)))
        position += len(sentence) + 1
    text = " ".join(sentences)
    return Document(
        path=path,
        title=title,
        text=text,
        sha256="0" * 64,
        paragraphs=SpanArray([(0, len(text))]),
        sentences=SpanArray(spans),
        sentence_paragraph=[0] * len(spans),
    )


def make_analysis(doc: Document, compounds: list[float], words: int = 1234) -> DocumentAnalysis:
    scores = tuple(Scores(max(0, -c), 1 - abs(c), max(0, c), c) for c in compounds)
    mean = sum(compounds) / len(compounds) if compounds else 0.0
    document = Scores(0.1, 0.7, 0.2, mean)
    summary = SentimentSummary(
        sentences=scores,
        paragraphs=(document,),
        document=document,
        arc=tuple(compounds),
        smoothed=tuple(compounds),
        most_positive=(),
        most_negative=(),
    )
    stats = Stats(words, len(compounds), 1, 10, 5.0, 1.0)
    return DocumentAnalysis(doc, stats, summary, TermProfile({}, {}, 0))


def screen_text(app: App) -> str:
    """Everything on screen as plain text (what a person would read)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


class PaneApp(App):
    CSS = "LibraryPane { width: 40; }"

    def __init__(self, width_css: str | None = None) -> None:
        super().__init__()
        if width_css:
            self.CSS = width_css
        self.selected: list[str] = []

    def compose(self) -> ComposeResult:
        yield LibraryPane(id="library")

    def on_library_pane_selected(self, message: LibraryPane.Selected) -> None:
        self.selected.append(message.path)


def docs() -> tuple[Document, Document]:
    first = make_document("/lib/tale.txt", LONG_TITLE, ["It was the best of times.", "Worst."])
    second = make_document("/lib/second.txt", "Second", ["Fine.", "Bad.", "Good."])
    return first, second


async def test_document_row_appears_at_once_then_fills_in() -> None:
    app = PaneApp()
    async with app.run_test(size=(120, 30)) as pilot:
        pane = app.query_one(LibraryPane)
        first, _ = docs()
        pane.add_document(first)
        await pilot.pause()
        text = screen_text(app)
        assert "1 document · 1 analysing" in text
        assert "analysing…" in text
        assert "A Tale of Two" in text

        pane.set_analysis(first.path, make_analysis(first, [0.6, 0.4], words=12345))
        await pilot.pause()
        text = screen_text(app)
        assert "1 document" in text and "analysing" not in text
        assert "12k" in text and "positive" in text
        assert any(block in text for block in "▁▂▃▄▅▆▇█")


async def test_header_counts_documents_and_failures() -> None:
    app = PaneApp()
    async with app.run_test(size=(120, 30)) as pilot:
        pane = app.query_one(LibraryPane)
        for doc in docs():
            pane.add_document(doc)
            pane.set_analysis(doc.path, make_analysis(doc, [0.1, -0.2]))
        pane.add_failure(LoadFailure("/lib/x.bin", "binary", "x.bin looks like a binary file"))
        await pilot.pause()
        assert "2 documents · 1 failed" in screen_text(app)
        assert pane.paths == ["/lib/tale.txt", "/lib/second.txt", "/lib/x.bin"]
        assert pane.document_paths == ["/lib/tale.txt", "/lib/second.txt"]


async def test_keys_move_and_enter_posts_selected() -> None:
    app = PaneApp()
    async with app.run_test(size=(120, 30)) as pilot:
        pane = app.query_one(LibraryPane)
        for doc in docs():
            pane.add_document(doc)
        pane.focus()
        await pilot.pause()
        assert pane.highlighted_path == "/lib/tale.txt"
        await pilot.press("j")
        assert pane.highlighted_path == "/lib/second.txt"
        await pilot.press("enter")
        await pilot.pause()
        assert app.selected == ["/lib/second.txt"]
        await pilot.press("k", "enter")
        await pilot.pause()
        assert app.selected == ["/lib/second.txt", "/lib/tale.txt"]
        await pilot.press("down", "up", "down", "enter")
        await pilot.pause()
        assert app.selected[-1] == "/lib/second.txt"


async def test_click_posts_selected() -> None:
    app = PaneApp()
    async with app.run_test(size=(120, 30)) as pilot:
        pane = app.query_one(LibraryPane)
        first, second = docs()
        pane.add_document(first)
        pane.add_document(second)
        await pilot.pause()
        # 40 cells wide -> two-line rows: the second document starts on line 2.
        assert await pilot.click(LibraryList, offset=(3, 2))
        await pilot.pause()
        assert app.selected == ["/lib/second.txt"]


async def test_select_path_highlights_without_posting() -> None:
    app = PaneApp()
    async with app.run_test(size=(120, 30)) as pilot:
        pane = app.query_one(LibraryPane)
        for doc in docs():
            pane.add_document(doc)
        pane.select_path("/lib/second.txt")
        pane.select_path("/nowhere")
        await pilot.pause()
        assert pane.highlighted_path == "/lib/second.txt"
        assert app.selected == []


async def test_failure_row_shows_message_and_enter_does_not_select() -> None:
    app = PaneApp()
    async with app.run_test(size=(120, 30)) as pilot:
        pane = app.query_one(LibraryPane)
        pane.add_document(docs()[0])
        message = "report.pdf looks like a binary file (NUL bytes in the first 8 KiB)"
        pane.add_failure(LoadFailure("/lib/report.pdf", "binary", message))
        pane.focus()
        await pilot.pause()
        assert "⚠ report.pdf" in screen_text(app)
        await pilot.press("j")
        await pilot.pause()
        assert pane.highlighted_path == "/lib/report.pdf"
        detail = app.query_one("#library-detail")
        assert detail.display
        assert "NUL bytes in the first 8 KiB" in str(detail.render())
        await pilot.press("enter")
        await pilot.pause()
        assert app.selected == []
        assert any("NUL bytes" in n.message for n in app._notifications)
        await pilot.press("k")
        await pilot.pause()
        assert not app.query_one("#library-detail").display


async def test_hostile_titles_and_messages_are_literal() -> None:
    app = PaneApp()
    async with app.run_test(size=(120, 30)) as pilot:
        pane = app.query_one(LibraryPane)
        doc = make_document("/lib/[red]evil[/].txt", HOSTILE + "\x1b]52;c;aGk=\x07", ["Hi."])
        pane.add_document(doc)
        pane.set_analysis(doc.path, make_analysis(doc, [0.0]))
        pane.add_failure(LoadFailure("/lib/[bold]f", "missing", "[@click=app.quit]gone[/]"))
        await pilot.pause()
        text = screen_text(app)
        assert "[bold]x[/]" in text
        assert "[@click=app.quit]" in text
        assert "[bold]f" in text
        assert "\x1b" not in text and "\x07" not in text
        # Clicking the hostile title must not run the embedded action.
        await pilot.click(LibraryList, offset=(5, 0))
        await pilot.pause()
        assert app.is_running
        assert app.selected == [doc.path]


async def test_set_analysis_for_unknown_path_adds_the_row() -> None:
    app = PaneApp()
    async with app.run_test(size=(120, 30)) as pilot:
        pane = app.query_one(LibraryPane)
        doc = docs()[1]
        pane.set_analysis(doc.path, make_analysis(doc, [0.3]))
        await pilot.pause()
        assert pane.paths == [doc.path]
        assert "Second" in screen_text(app)


async def test_rows_added_before_mount_are_shown() -> None:
    class EarlyApp(PaneApp):
        def compose(self) -> ComposeResult:
            pane = LibraryPane(id="library")
            pane.add_document(docs()[0])
            pane.add_document(docs()[1])
            pane.select_path(docs()[1].path)
            yield pane

    app = EarlyApp()
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert "A Tale of Two" in screen_text(app)
        assert app.query_one(LibraryPane).highlighted_path == "/lib/second.txt"


@pytest.mark.parametrize("width", [20, 40, 120])
async def test_rows_fit_any_width_with_ellipsis(width: int) -> None:
    app = PaneApp(f"LibraryPane {{ width: {width}; }}")
    async with app.run_test(size=(max(width, 40), 20)) as pilot:
        pane = app.query_one(LibraryPane)
        first, second = docs()
        pane.add_document(first)
        pane.set_analysis(first.path, make_analysis(first, [math.sin(i / 5) for i in range(60)]))
        pane.add_document(second)
        pane.add_failure(LoadFailure("/lib/a.bin", "binary", "a.bin is binary " * 20))
        await pilot.pause()
        lines = [strip.text[:width] for strip in app.screen._compositor.render_strips()]
        title_lines = [line for line in lines if line.lstrip().startswith("A Tale")]
        assert title_lines, lines
        if width < 120:
            assert title_lines[0].rstrip().endswith("…")
        assert any("⚠ a.bin" in line for line in lines)
        assert app.is_running


async def test_one_line_rows_when_wide() -> None:
    app = PaneApp("LibraryPane { width: 100; }")
    async with app.run_test(size=(120, 20)) as pilot:
        pane = app.query_one(LibraryPane)
        first = docs()[0]
        pane.add_document(first)
        pane.set_analysis(first.path, make_analysis(first, [-0.5, -0.7], words=999))
        await pilot.pause()
        line = next(s.text for s in app.screen._compositor.render_strips() if "A Tale" in s.text)
        assert "999w" in line and "negative" in line


async def test_every_theme_renders() -> None:
    app = PaneApp()
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one(LibraryPane)
        first = docs()[0]
        pane.add_document(first)
        pane.set_analysis(first.path, make_analysis(first, [0.5, -0.5, 0.0]))
        pane.add_failure(LoadFailure("/lib/a.bin", "binary", "binary"))
        for theme in app.available_themes:
            app.theme = theme
            await pilot.pause()
            assert "A Tale" in screen_text(app), theme


@pytest.mark.parametrize("width", [1, 5, 20, 26, 47, 48, 49, 80, 200])
def test_row_heights_are_known_without_building_the_rows(width: int) -> None:
    """The list measures rows by their declared height; it must equal the laid-out one."""
    from textual.css.styles import RulesMap

    pane = LibraryPane()
    doc = make_document("/docs/a.txt", LONG_TITLE, ["Good news.", "Bad news."])
    analysed = make_document("/docs/b.txt", "Short", ["Fine."])
    pane.add_document(doc)
    pane.add_document(analysed)
    pane.set_analysis(analysed.path, make_analysis(analysed, [0.5]))
    pane.add_failure(LoadFailure("/docs/c.bin", "binary", "c.bin looks like a binary file."))
    rules: RulesMap = {}
    for row in pane._rows:
        prompt = pane._prompt(row)
        declared = prompt.get_height(rules, width)
        built = prompt.content(width).get_height(rules, width)
        assert declared == built
