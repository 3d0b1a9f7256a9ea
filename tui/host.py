"""What the dashboard's controllers (bookmarks, chapters, exploring) may use of the dashboard
screen that hosts them; each is also given the app, for screens, threads and the browser."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any, Protocol

from analysis.model import Document, DocumentAnalysis
from analysis.sanitize import clean_line
from tui.readiness import KeyQueue

if TYPE_CHECKING:
    from textual.app import App
    from textual.widget import Widget

    from analysis.nlp.corpus import Corpus
    from tui.reader.pane import ReadingPane


class DashboardHost(Protocol):
    """What the controllers may use of the dashboard screen, and nothing more."""

    current: str | None
    keys: KeyQueue

    @property
    def documents(self) -> dict[str, Document]: ...

    @property
    def analyses(self) -> dict[str, DocumentAnalysis]: ...

    @property
    def order(self) -> list[str]: ...

    @property
    def corpus(self) -> Corpus: ...

    def corpus_slot(self, path: str) -> int | None: ...

    @property
    def reader(self) -> ReadingPane: ...

    def panel(self, pane_id: str) -> Widget | None: ...

    def mount_side(self) -> None: ...

    def open_document(self, path: str, *, offset: int | None = None) -> None: ...

    def jump_to(self, offset: int) -> None: ...


def offer_download(app: App[Any], text: str, name: str) -> None:
    """Served in a browser: hand ``text`` to it as the file ``name`` and say so."""
    app.deliver_text(io.StringIO(text), save_filename=name)
    app.notify(f"Sent {clean_line(name)} to the browser as a download", markup=False)
