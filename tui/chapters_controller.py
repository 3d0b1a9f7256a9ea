"""Chapters in the dashboard: ``{``/``}`` between them, the outline screen (``o``) and the
chapter and reading progress on the status line. The dashboard's actions delegate here; an
outline's sentiment that arrives later is summed up in a worker, off the UI thread."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.css.query import NoMatches

from analysis.nlp.chapters import ChapterSummary, chapter_index, chapter_summaries
from analysis.sanitize import clean_line

if TYPE_CHECKING:
    from textual.app import App

    from analysis.model import Document
    from tui.host import DashboardHost

_STATUS_TITLE_CHARS = 40


class ChaptersController:
    """Where the reader is among the shown document's chapters, and moves between them."""

    def __init__(self, dashboard: DashboardHost, app: App[Any]) -> None:
        self.dashboard = dashboard
        self.app = app
        """For notices, the outline screen and the worker."""

    @property
    def document(self) -> Document | None:
        try:
            return self.dashboard.reader.document
        except NoMatches:  # not mounted yet, or the app is closing
            return None

    def position(self) -> int | None:
        """The reader's place: the cursor sentence's start (else the top of the view)."""
        return self.dashboard.reader.cursor_offset

    def current(self) -> int | None:
        """Index of the chapter the cursor is in; a chapter whose heading is in the cursor
        sentence counts as the current one."""
        doc = self.document
        if doc is None or not doc.outline:
            return None
        span = self.dashboard.reader.cursor_span()
        probe = span.end - 1 if span is not None else self.position()
        return chapter_index(doc.outline, probe or 0)

    def step(self, step: int) -> None:
        """``}``: the next chapter's start; ``{``: the start of the current chapter, or of
        the previous one when the cursor is already at the current one's heading."""
        doc = self.document
        if doc is None:
            return
        if not doc.outline:
            self.app.notify("This document has no chapters.", timeout=3)
            return
        index = self.current()
        span = self.dashboard.reader.cursor_span()
        if step > 0:
            target = 0 if index is None else index + 1
        elif index is None:
            target = 0
        else:
            at_heading = span is not None and span.start <= doc.outline[index].start < span.end
            target = index - 1 if at_heading else index
        if not 0 <= target < len(doc.outline):
            self.app.notify("No next chapter." if step > 0 else "No earlier chapter.", timeout=2)
            return
        self.dashboard.jump_to(doc.outline[target].start)

    def status(self) -> str:
        """ "ch 3/12 Title · 23%" for the status line ("" without a document)."""
        doc = self.document
        if doc is None or not doc.text:
            return ""
        where = self.position()
        if where is None:
            return ""
        percent = f"{min(100, round(100 * where / max(1, len(doc.text))))}%"
        index = self.current()
        if index is None:
            return percent
        title = clean_line(doc.outline[index].title)
        if len(title) > _STATUS_TITLE_CHARS:
            title = title[: _STATUS_TITLE_CHARS - 1] + "…"
        return f"ch {index + 1}/{len(doc.outline)} {title} · {percent}"

    def open_outline(self, hits: tuple[str, list[int]] | None = None) -> None:
        """The outline screen of the shown document; Enter there jumps to a chapter.
        ``hits``: a concordance's query and its hits' starts, drawn per chapter."""
        doc = self.document
        if doc is None:
            return
        from tui.screens.outline import OutlineScreen

        analysis = self.dashboard.analyses.get(doc.path)
        arc = analysis.sentiment.arc if analysis is not None else None
        summaries = chapter_summaries(doc, arc)
        screen = OutlineScreen(clean_line(doc.title), summaries, self.current(), hits=hits)
        self.app.push_screen(screen, self._chosen)

    def analysis_arrived(self, path: str) -> None:
        """An outline opened before the analysis gets its chapters' sentiment now (summed
        up in a thread: a long book's chapters take a while; the document is immutable)."""
        from tui.screens.outline import OutlineScreen

        doc = self.document
        analysis = self.dashboard.analyses.get(path)
        if doc is None or doc.path != path or analysis is None:
            return
        if not any(isinstance(screen, OutlineScreen) for screen in self.app.screen_stack):
            return
        arc = analysis.sentiment.arc

        def job() -> None:
            self.app.call_from_thread(self._summaries_ready, path, chapter_summaries(doc, arc))

        self.app.run_worker(job, thread=True, group="outline", exit_on_error=False)

    def _summaries_ready(self, path: str, chapters: list[ChapterSummary]) -> None:
        from tui.screens.outline import OutlineScreen

        doc = self.document
        if doc is None or doc.path != path:
            return  # another document is shown now: its outline is not this one
        for screen in self.app.screen_stack:
            if isinstance(screen, OutlineScreen):
                screen.update_chapters(chapters)

    def _chosen(self, offset: int | None) -> None:
        if offset is not None:
            self.dashboard.jump_to(offset)
            self.dashboard.reader.focus()
