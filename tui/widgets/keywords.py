"""The keyword panel: a document's top keywords and key phrases with scores and counts.

The app calls :meth:`KeywordPanel.show` (TF-IDF keywords, collocation phrases) or
:meth:`~KeywordPanel.clear`; Enter posts :class:`KeywordPanel.Chosen` for the KWIC view."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from analysis.model import Keyword, Phrase
from analysis.sanitize import clean_line, prose_line
from tui.widgets.fitted_row import FittedRow, fit_beside
from tui.widgets.formatting import format_count, format_score
from tui.widgets.list_keys import list_bindings

PLACEHOLDER = "analysing…"


def _row(text: str, score: str, count: str, style: str = "") -> FittedRow:
    """A row with ``text`` on the left and score and count right-aligned after it."""

    def layout(width: int) -> Content:
        numbers = Content.styled(f" {score:>6}{count:>6}", ".keyword-panel--numbers")
        # Too narrow for columns (under 6 cells of text): the text alone.
        return fit_beside(Content.styled(text, style), numbers, width, gap=0, min_label=6)

    return FittedRow(layout)


class KeywordList(OptionList):
    """The navigable list inside :class:`KeywordPanel`."""

    BINDINGS: ClassVar[list[BindingType]] = list_bindings("keyword", "In context")


class KeywordPanel(Widget):
    """Top keywords and key phrases of the open document."""

    DEFAULT_CSS = """
    KeywordPanel {
        height: 1fr;
    }
    KeywordPanel > KeywordList {
        height: 1fr;
        border: none;
        padding: 0;
        scrollbar-gutter: stable;
        scrollbar-size-vertical: 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    KeywordPanel > KeywordList:focus {
        border: none;
    }
    KeywordPanel > KeywordList > .option-list--option {
        padding: 0 0 0 1;
    }
    KeywordPanel > KeywordList > .option-list--option-disabled {
        color: $foreground-muted;
    }
    KeywordPanel > .keyword-panel--heading { text-style: bold; }
    KeywordPanel > .keyword-panel--numbers { color: $foreground-muted; }
    KeywordPanel > .keyword-panel--phrase { color: $accent; }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "keyword-panel--heading",
        "keyword-panel--numbers",
        "keyword-panel--phrase",
    }

    class Chosen(Message):
        """A keyword or a phrase was chosen: ``term`` as written."""

        def __init__(self, term: str) -> None:
            self.term = term
            super().__init__()

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._ready = False
        self._keywords: tuple[Keyword, ...] = ()
        self._phrases: tuple[Phrase, ...] = ()
        self._placeholder: str | None = PLACEHOLDER
        self._identities: list[tuple[str, str] | None] = []
        """What each listed option stands for (see :meth:`_identity`)."""

    def compose(self) -> ComposeResult:
        yield KeywordList(id="keyword-list", markup=False)

    def on_mount(self) -> None:
        self._ready = True  # children exist from here on (is_mounted is set only later)
        self._fill()

    def focus(self, scroll_visible: bool = True) -> KeywordPanel:
        """Focus the list (the panel itself takes no keys)."""
        self.query_one(KeywordList).focus(scroll_visible)
        return self

    @property
    def keywords(self) -> tuple[Keyword, ...]:
        return self._keywords

    @property
    def phrases(self) -> tuple[Phrase, ...]:
        return self._phrases

    def show(self, keywords: Sequence[Keyword], phrases: Sequence[Phrase]) -> None:
        """List ``keywords`` then ``phrases``, in the order given."""
        self._keywords = tuple(keywords)
        self._phrases = tuple(phrases)
        self._placeholder = None
        self._fill()

    def clear(self, message: str = PLACEHOLDER) -> None:
        """Empty the panel and show ``message`` (by default "analysing…")."""
        self._keywords = ()
        self._phrases = ()
        self._placeholder = message
        self._fill()

    def _fill(self) -> None:
        listing = self.query_one_optional(KeywordList) if self._ready else None
        if listing is None:  # not composed yet, or removed by a quit while mounting
            return
        # Keep the highlighted row only while the person works in the list; otherwise the
        # highlight follows the top, so it does not depend on the order analyses arrived in.
        previous_index = listing.highlighted if listing.has_focus else None
        previous = (
            self._identities[previous_index]
            if previous_index is not None and previous_index < len(self._identities)
            else None
        )
        self._identities = []
        listing.clear_options()
        if self._placeholder is not None:
            listing.add_option(Option(Content(clean_line(self._placeholder)), disabled=True))
            return
        options: list[Option] = [
            Option(_row("Keywords", "score", "count", ".keyword-panel--heading"), disabled=True)
        ]
        if not self._keywords:
            options.append(Option(Content("  none"), disabled=True))
        options.extend(
            Option(
                _row(prose_line(k.term), format_score(k.score), format_count(k.count)),
                id=f"k{i}",
            )
            for i, k in enumerate(self._keywords)
        )
        options.append(
            Option(_row("Phrases", "score", "count", ".keyword-panel--heading"), disabled=True)
        )
        if not self._phrases:
            options.append(Option(Content("  none"), disabled=True))
        options.extend(
            Option(
                _row(
                    prose_line(p.text),
                    format_score(p.score),
                    format_count(p.count),
                    ".keyword-panel--phrase",
                ),
                id=f"p{i}",
            )
            for i, p in enumerate(self._phrases)
        )
        listing.add_options(options)
        identities = self._identities = [self._identity(option) for option in options]
        if previous is not None and previous in identities:
            listing.highlighted = identities.index(previous)
        elif (
            previous_index is not None
            and not options[min(previous_index, len(options) - 1)].disabled
        ):
            listing.highlighted = min(previous_index, len(options) - 1)
        else:
            listing.action_first()

    def _identity(self, option: Option | None) -> tuple[str, str] | None:
        """What an option stands for, stable across refreshes: ("k", key) or ("p", text)."""
        option_id = option.id if option is not None else None
        if not option_id or not option_id[1:].isdigit():
            return None
        index = int(option_id[1:])
        if option_id[0] == "k" and index < len(self._keywords):
            return ("k", self._keywords[index].key)
        if option_id[0] == "p" and index < len(self._phrases):
            return ("p", self._phrases[index].text)
        return None

    @on(OptionList.OptionSelected, "#keyword-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id or ""
        kind, number = option_id[:1], option_id[1:]
        if not number.isdigit():
            return
        index = int(number)
        if kind == "k" and index < len(self._keywords):
            keyword = self._keywords[index]
            self.post_message(self.Chosen(keyword.term))
        elif kind == "p" and index < len(self._phrases):
            self.post_message(self.Chosen(self._phrases[index].text))

    @on(OptionList.OptionHighlighted, "#keyword-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()  # the panel's own list chatter is nobody else's business
