"""The sentiment panel: a document's compound and label, its pos/neu/neg mix, the sentence
arc with the reading cursor marked, and the most positive and negative sentences. Told by
``show`` and ``set_cursor`` (only the marker is redrawn); posts ``JumpTo`` on Enter.
"""

from __future__ import annotations

from itertools import islice
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.events import Resize
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from analysis.model import Document, DocumentAnalysis, Scores
from analysis.sanitize import prose_line
from tui.widgets.fitted_row import fit_beside
from tui.widgets.formatting import (
    area_rows,
    column_of,
    format_compound,
    polarity,
    resample,
    symmetric_scale,
)

EXTREMES = 3
"""How many of the most positive and of the most negative sentences are listed."""

SNIPPET_CHARS = 400
"""Sentences are cut to this many characters before cleaning; the row shows far fewer."""

LINES_ABOVE_ARC = 3
"""Overview lines above the arc: compound, mix bar, percentages (the marker comes below)."""


def _stacked_bar(scores: Scores, width: int) -> Content:
    """pos/neu/neg as one bar of ``width`` cells, split by largest remainder."""
    parts = [
        ("positive", max(0.0, scores.pos)),
        ("neutral", max(0.0, scores.neu)),
        ("negative", max(0.0, scores.neg)),
    ]
    total = sum(share for _, share in parts) or 1.0
    exact = [share / total * width for _, share in parts]
    cells = [int(x) for x in exact]
    by_remainder = sorted(range(3), key=lambda i: exact[i] - cells[i], reverse=True)
    for i in by_remainder[: width - sum(cells)]:
        cells[i] += 1
    return Content.assemble(
        *(
            ("█" * count, f".sentiment-panel--{label}")
            for (label, _), count in zip(parts, cells, strict=True)
            if count
        )
    )


def _runs(cells: str, styles: list[str]) -> Content:
    """``cells`` styled one style per cell, as few spans as possible (rendering cost grows
    with the number of spans; a smooth arc has long runs of one colour)."""
    parts: list[tuple[str, str]] = []
    start = 0
    for end in range(1, len(cells) + 1):
        if end == len(cells) or styles[end] != styles[start]:
            parts.append((cells[start:end], styles[start]))
            start = end
    return Content.assemble(*parts)


def chapter_ticks(doc: Document, count: int, width: int) -> str:
    """A line of ``width`` cells with ``╵`` where each chapter of ``doc`` begins on an arc
    of ``count`` sentences."""
    cells = [" "] * width
    for entry in doc.outline:
        index = doc.sentence_at(entry.start)
        if index is not None and width:
            cells[min(column_of(index, count, width), width - 1)] = "╵"
    return "".join(cells)


class SentimentOverview(Widget):
    """Compound, mix and arc of one document, drawn for the width it gets."""

    DEFAULT_CSS = """
    SentimentOverview {
        height: auto;
        padding: 0 1;
    }
    """

    cursor: reactive[int] = reactive(0, repaint=False)
    arc_height: reactive[int] = reactive(2, layout=True)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.analysis: DocumentAnalysis | None = None
        self._points: tuple[int, list[float], float] | None = None
        self._drawn_column: int | None = None

    def show(self, analysis: DocumentAnalysis | None) -> None:
        self.analysis = analysis
        self._points = None
        self.refresh(layout=True)

    def watch_cursor(self, cursor: int) -> None:
        # Redraw only when the highlighted arc column changes: most cursor moves do not.
        if self.analysis is not None and self._drawn_column != self._cursor_column():
            self.refresh()

    def _cursor_column(self) -> int:
        assert self.analysis is not None
        return column_of(self.cursor, len(self.analysis.sentiment.arc), self.content_region.width)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if self.analysis is None or not self.analysis.sentiment.arc:
            return 1
        return LINES_ABOVE_ARC + self.arc_height + bool(self.analysis.document.outline)

    def _chapter_line(self, width: int, count: int) -> list[Content]:
        """Under the arc, a tick at the column where each chapter starts (none without
        chapters)."""
        assert self.analysis is not None
        doc = self.analysis.document
        if not doc.outline:
            return []
        return [Content.styled(chapter_ticks(doc, count, width), ".sentiment-panel--muted")]

    def _resampled(self, width: int) -> tuple[list[float], float]:
        """The smoothed arc at ``width`` columns and its scale, cached per width."""
        assert self.analysis is not None
        if self._points is None or self._points[0] != width:
            points = resample(self.analysis.sentiment.smoothed, width)
            self._points = (width, points, symmetric_scale(points))
        return self._points[1], self._points[2]

    def render(self) -> Content:
        width = self.content_region.width
        analysis = self.analysis
        if analysis is None:
            return Content.styled("analysing…", ".sentiment-panel--muted")
        sentiment = analysis.sentiment
        count = len(sentiment.arc)
        document = sentiment.document
        label = document.label
        headline = Content.styled(
            f"{format_compound(document.compound)} {label}", f".sentiment-panel--{label}"
        ).stylize("bold")
        tail = Content.styled(f"{count:,} sentences", ".sentiment-panel--muted")
        if headline.cell_length + 2 + tail.cell_length <= width:
            headline = fit_beside(headline, tail, width, gap=2)
        if not count:
            return headline.truncate(width, ellipsis=True)
        total = max(document.pos + document.neu + document.neg, 1e-9)
        mix = Content("  ").join(
            Content.styled(f"{name} {round(share / total * 100)}%", f".sentiment-panel--{name}")
            for name, share in (("pos", document.pos), ("neu", document.neu), ("neg", document.neg))
        )
        lines = [
            headline.truncate(width, ellipsis=True),
            _stacked_bar(document, width),
            mix.truncate(width, ellipsis=True),
            *self._arc_lines(width, count),
            *self._chapter_line(width, count),
        ]
        return Content("\n").join(lines)

    def _arc_lines(self, width: int, count: int) -> list[Content]:
        points, scale = self._resampled(width)
        cursor_column = self._drawn_column = column_of(self.cursor, count, width)
        styles = [
            ".sentiment-panel--cursor"
            if column == cursor_column
            else f".sentiment-panel--{polarity(value)}"
            for column, value in enumerate(points)
        ]
        return [_runs(row, styles) for row in area_rows(points, width, self.arc_height, scale)]


class CursorMarker(Widget):
    """One line under the arc: ``▲`` at the cursor's column and "sentence i/n" beside it."""

    DEFAULT_CSS = """
    CursorMarker {
        height: 1;
        padding: 0 1;
    }
    """

    cursor: reactive[int] = reactive(0)
    count: reactive[int] = reactive(0)

    def render(self) -> Content:
        count = self.count
        width = self.content_region.width
        if not count:
            return Content()
        column = column_of(self.cursor, count, width)
        where = f"sentence {min(max(self.cursor, 0), count - 1) + 1:,}/{count:,}"
        marker = Content.styled("▲", ".sentiment-panel--cursor")
        label = Content.styled(where, ".sentiment-panel--muted")
        if column + 2 + label.cell_length <= width:
            line = Content.assemble(" " * column, marker, " ", label)
        elif column - 1 - label.cell_length >= 0:
            line = Content.assemble(" " * (column - 1 - label.cell_length), label, " ", marker)
        else:
            line = Content.assemble(" " * column, marker)
        return line.truncate(width)


class SentenceList(OptionList):
    """The most positive and most negative sentences; Enter jumps to one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor_down", "Next sentence", show=False),
        Binding("k,up", "cursor_up", "Previous sentence", show=False),
        Binding("enter", "select", "Jump to sentence"),
    ]


class SentimentPanel(Widget):
    """Sentiment of the open document: score, mix, arc with cursor, extreme sentences."""

    DEFAULT_CSS = """
    SentimentPanel {
        height: 1fr;
        layout: vertical;
    }
    SentimentPanel > SentenceList {
        height: 1fr;
        border: none;
        padding: 0;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        scrollbar-size-vertical: 1;
    }
    SentimentPanel > SentenceList:focus {
        border: none;
    }
    SentimentPanel > SentenceList > .option-list--option {
        padding: 0 0 0 1;
    }
    SentimentPanel > SentenceList > .option-list--option-disabled {
        color: $foreground-muted;
        text-style: bold;
    }
    SentimentPanel > .sentiment-panel--positive { color: $success; }
    SentimentPanel > .sentiment-panel--negative { color: $error; }
    SentimentPanel > .sentiment-panel--neutral { color: $foreground-muted; }
    SentimentPanel > .sentiment-panel--pos { color: $success; }
    SentimentPanel > .sentiment-panel--neu { color: $foreground-muted; }
    SentimentPanel > .sentiment-panel--neg { color: $error; }
    SentimentPanel > .sentiment-panel--cursor { color: $accent; }
    SentimentPanel > .sentiment-panel--muted { color: $foreground-muted; }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "sentiment-panel--positive",
        "sentiment-panel--negative",
        "sentiment-panel--neutral",
        "sentiment-panel--pos",
        "sentiment-panel--neu",
        "sentiment-panel--neg",
        "sentiment-panel--cursor",
        "sentiment-panel--muted",
    }

    class JumpTo(Message):
        """Move the reading cursor to sentence ``sentence_index``."""

        def __init__(self, sentence_index: int) -> None:
            self.sentence_index = sentence_index
            super().__init__()

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._ready = False
        self._analysis: DocumentAnalysis | None = None
        self._cursor = 0

    def compose(self) -> ComposeResult:
        yield SentimentOverview(id="sentiment-overview")
        yield CursorMarker(id="sentiment-marker")
        yield SentenceList(id="sentiment-extremes", markup=False)

    def on_mount(self) -> None:
        self._ready = True  # children exist from here on (is_mounted is set only later)
        self.show(self._analysis)
        self.set_cursor(self._cursor)
        self.call_after_refresh(self._fit_arc)

    def focus(self, scroll_visible: bool = True) -> SentimentPanel:
        """Focus the sentence list (the panel itself takes no keys)."""
        self.query_one(SentenceList).focus(scroll_visible)
        return self

    @property
    def analysis(self) -> DocumentAnalysis | None:
        """The analysis on show, or None while "analysing…"."""
        return self._analysis

    @property
    def cursor(self) -> int:
        """The sentence index last given to :meth:`set_cursor`."""
        return self._cursor

    def show(self, analysis: DocumentAnalysis | None) -> None:
        """Show ``analysis`` (None: the document is still being analysed)."""
        self._analysis = analysis
        overview = self._overview() if self._ready else None
        if overview is None:
            return
        overview.show(analysis)
        marker = self.query_one(CursorMarker)
        marker.count = len(analysis.sentiment.arc) if analysis is not None else 0
        marker.display = bool(marker.count)
        self._fill_extremes(analysis)

    def set_cursor(self, sentence_index: int) -> None:
        """Mark the reading cursor's sentence on the arc."""
        self._cursor = sentence_index
        overview = self._overview() if self._ready else None
        if overview is not None:
            overview.cursor = sentence_index
            self.query_one(CursorMarker).cursor = sentence_index

    def on_resize(self, event: Resize) -> None:
        self._fit_arc()

    def _fit_arc(self) -> None:
        """A taller panel gets a taller arc; the sentence list keeps about two thirds.
        Also run after the first layout: a resize delivered before the arc was composed
        would otherwise leave it at its default height."""
        spare = self.content_region.height - LINES_ABOVE_ARC - 1
        overview = self._overview()
        if overview is not None:
            overview.arc_height = max(1, min(6, spare // 3))

    def _overview(self) -> SentimentOverview | None:
        """The arc, or None before the panel composed it or once quitting removed it (a
        quit just as the panels mount, ~0.3 s after the start, delivered a resize then)."""
        return self.query_one_optional(SentimentOverview)

    def _fill_extremes(self, analysis: DocumentAnalysis | None) -> None:
        extremes = self.query_one(SentenceList)
        extremes.clear_options()
        if analysis is None:
            extremes.display = False
            return
        extremes.display = True
        sentiment = analysis.sentiment
        options: list[Option] = []
        for heading, indices in (
            ("Most positive", sentiment.most_positive),
            ("Most negative", sentiment.most_negative),
        ):
            options.append(Option(Content(heading), disabled=True))
            limit = min(len(sentiment.sentences), len(analysis.document.sentences))
            shown = list(islice((i for i in indices if 0 <= i < limit), EXTREMES))
            if not shown:
                options.append(Option(Content("  none"), disabled=True))
            for index in shown:
                options.append(Option(self._sentence_row(analysis, index), id=f"s{index}"))
        extremes.add_options(options)
        extremes.action_first()

    @staticmethod
    def _sentence_row(analysis: DocumentAnalysis, index: int) -> Content:
        compound = analysis.sentiment.sentences[index].compound
        document = analysis.document
        span = document.sentences[index]
        text = document.text[span.start : min(span.end, span.start + SNIPPET_CHARS)]
        return Content.assemble(
            (format_compound(compound), f".sentiment-panel--{polarity(compound)}"),
            " ",
            prose_line(text),
        )

    @on(OptionList.OptionSelected, "#sentiment-extremes")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id
        if option_id is not None and option_id.startswith("s"):
            self.post_message(self.JumpTo(int(option_id[1:])))

    @on(OptionList.OptionHighlighted, "#sentiment-extremes")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()  # the panel's own list chatter is nobody else's business
