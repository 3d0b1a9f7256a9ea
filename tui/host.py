"""What the dashboard's controllers (bookmarks, chapters, exploring) may use of the app."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from analysis.model import Document, DocumentAnalysis
from analysis.sanitize import clean_line
from tui.readiness import KeyQueue

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.widget import Widget
    from textual.worker import Worker

    from analysis.nlp.corpus import Corpus
    from tui.reader.pane import ReadingPane


class DashboardHost(Protocol):
    """What the controllers may use of the dashboard (the app), and nothing more."""

    db_path: str | None
    documents: dict[str, Document]
    analyses: dict[str, DocumentAnalysis]
    order: list[str]
    corpus_slots: dict[str, int]
    current: str | None
    keys: KeyQueue

    @property
    def corpus(self) -> Corpus: ...

    @property
    def screen_stack(self) -> list[Screen[Any]]: ...

    def pop_screen(self) -> Any: ...

    @property
    def reader(self) -> ReadingPane: ...

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: Any = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None: ...

    def call_from_thread(self, callback: Callable[..., Any], *args: Any) -> Any: ...

    def run_worker(
        self,
        work: Callable[[], Any],
        *,
        thread: bool = False,
        group: str = "default",
        exit_on_error: bool = True,
    ) -> Worker[Any]: ...

    def push_screen(
        self, screen: Screen[Any], callback: Callable[[Any], None] | None = None
    ) -> Any: ...

    def panel(self, pane_id: str) -> Widget | None: ...

    def mount_side(self) -> None: ...

    def open_document(self, path: str, *, offset: int | None = None) -> None: ...

    def jump_to(self, offset: int) -> None: ...

    @property
    def is_web(self) -> bool: ...

    def deliver_text(
        self, path_or_file: io.StringIO, *, save_filename: str | None = None
    ) -> Any: ...


def offer_download(app: DashboardHost, text: str, name: str) -> None:
    """Served in a browser: hand ``text`` to it as the file ``name`` and say so."""
    app.deliver_text(io.StringIO(text), save_filename=name)
    app.notify(f"Sent {clean_line(name)} to the browser as a download", markup=False)
