"""The search bar under the reading pane: a pattern, a regex toggle and a match count.

It only collects input and shows results; the app runs the search on the reading pane
(``ReadingPane.search``) when it hears :class:`SearchBar.Changed` / :class:`SearchBar.Submitted`
and reports back with :meth:`SearchBar.set_count` or :meth:`SearchBar.set_error`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Static

from analysis.sanitize import clean_line

__all__ = ["SearchBar"]

StatusKind = Literal["error", "none"]
"""How the count label is coloured (plain when ``None``)."""


@dataclass
class _BarMessage(Message):
    """A search bar message: ``control`` is the bar."""

    bar: SearchBar | None = field(default=None, repr=False, compare=False, kw_only=True)

    @property
    def control(self) -> SearchBar | None:
        return self.bar


class SearchBar(Widget):
    """``/`` pattern input, a regex checkbox (Ctrl+R) and "3/17" / "no matches" / errors."""

    DEFAULT_CSS = """
    SearchBar {
        dock: bottom;
        height: 1;
        background: $panel;
        & > Horizontal { height: 1; }
        & #search-prompt { width: 2; color: $accent; }
        & Input { width: 1fr; }
        & Checkbox { width: auto; }
        & #search-count { width: auto; min-width: 12; padding: 0 1; color: $text-muted; }
        & #search-count.-error { color: $error; }
        & #search-count.-none { color: $warning; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+r", "toggle_regex", "Regex", id="search.regex"),
        Binding("escape", "close", "Close search", id="search.close"),
    ]

    @dataclass
    class Changed(_BarMessage):
        """The pattern or the regex flag changed (search as you type)."""

        pattern: str
        regex: bool

    @dataclass
    class Submitted(_BarMessage):
        """Enter was pressed in the pattern input."""

        pattern: str
        regex: bool

    @dataclass
    class Closed(_BarMessage):
        """Escape was pressed: the app hides the bar."""

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Static("/", id="search-prompt", markup=False)
            # Selected on opening (focus_input), not on focus: the focus event can come after
            # keys typed at once behind the "/", and would select them to be overwritten.
            yield Input(
                placeholder="search", id="search-input", compact=True, select_on_focus=False
            )
            yield Checkbox("regex", id="search-regex", compact=True)
            yield Static("", id="search-count", markup=False)

    # ------------------------------------------------------------------ state
    @property
    def pattern(self) -> str:
        return self.query_one("#search-input", Input).value

    @pattern.setter
    def pattern(self, value: str) -> None:
        self.query_one("#search-input", Input).value = value

    @property
    def regex(self) -> bool:
        return self.query_one("#search-regex", Checkbox).value

    @regex.setter
    def regex(self, value: bool) -> None:
        self.query_one("#search-regex", Checkbox).value = value

    @property
    def status(self) -> str:
        """The text of the count/error label."""
        return str(self.query_one("#search-count", Static).content)

    def focus_input(self) -> None:
        input_ = self.query_one("#search-input", Input)
        input_.focus()
        input_.select_all()

    # ------------------------------------------------------------------ output
    def set_count(self, current: int, total: int, *, capped: bool = False) -> None:
        """Show "current/total" ("no matches" for none; "N matches" before the first jump)."""
        more = "+" if capped else ""
        if total <= 0:
            self.set_status("no matches", kind="none")
        elif current <= 0:
            self.set_status(f"{total:,}{more} match{'es' if total != 1 or more else ''}")
        else:
            self.set_status(f"{current:,}/{total:,}{more}")

    def set_error(self, message: str) -> None:
        """Show a problem with the pattern (e.g. the ``re.error`` message)."""
        self.set_status(message, kind="error")

    def set_status(self, text: str, *, kind: StatusKind | None = None) -> None:
        """Show ``text`` in the count label, coloured as an ``error`` or as ``none`` found."""
        label = self.query_one("#search-count", Static)
        label.update(Content(clean_line(text)))
        label.set_class(kind == "error", "-error")
        label.set_class(kind == "none", "-none")

    # ------------------------------------------------------------------ events
    @on(Input.Changed, "#search-input")
    def _input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(event.value, self.regex, bar=self))

    @on(Input.Submitted, "#search-input")
    def _input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Submitted(event.value, self.regex, bar=self))

    @on(Checkbox.Changed, "#search-regex")
    def _regex_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(self.pattern, event.value, bar=self))

    def action_toggle_regex(self) -> None:
        checkbox = self.query_one("#search-regex", Checkbox)
        checkbox.value = not checkbox.value

    def action_close(self) -> None:
        self.post_message(self.Closed(bar=self))
