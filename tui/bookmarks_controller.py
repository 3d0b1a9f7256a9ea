"""Glue between the dashboard and the bookmark store.

Widgets never open files: the dashboard owns one :class:`BookmarkStore` and every call to it runs
here, in thread workers, serialised by one lock (the store's own file lock guards against
other processes). A bookmark is acknowledged only after the store says it is on disk.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.css.query import NoMatches

from analysis.model import Document, Span
from analysis.private_files import write_private_text
from analysis.sanitize import clean_line
from tui.host import DashboardHost, offer_download
from tui.readiness import Lack, Need

if TYPE_CHECKING:
    from textual.app import App

    from tui.store.bookmarks import Bookmark, BookmarkStore


class BookmarksController:
    """The bookmark store for one dashboard: opened, listed and changed in thread workers."""

    def __init__(self, dashboard: DashboardHost, app: App[Any], db_path: str | None) -> None:
        self.dashboard = dashboard
        self.app = app
        """For notices, the editor screen, threads and the browser's downloads."""
        self.db_path = db_path
        """The bookmarks file (None: the default place)."""
        self.store: BookmarkStore | None = None
        self._lock = threading.Lock()
        self._positions: dict[str, tuple[int, str]] = {}
        self._deleted: list[Bookmark] = []
        self._items: list[Bookmark] = []
        self.listed = False
        """True once the bookmarks have been read and shown (tests and snapshots wait for it)."""
        self._dirty_position = False
        self._waiting: list[Callable[[BookmarkStore], None]] = []
        """Actions asked for while the store was still opening, run once it is open."""
        self._open_failed = False
        self._unsaved = 0
        """Changes asked for and not yet on disk (nor failed)."""
        self._saved = 0
        """Changes finished so far; a listing shown after the last of them is current."""
        self._listed_after = -1
        self._restored: set[str] = set()
        """Documents whose remembered position arrived after they were shown, and was
        applied or (the reader had moved) left aside."""

    # ------------------------------------------------------------ plumbing
    def _in_thread(
        self,
        job: Callable[[], Any],
        done: Callable[[Any], None] | None = None,
        failed: Callable[[Exception], None] | None = None,
    ) -> None:
        """Run ``job`` on a worker thread under the store lock; report back on the UI thread."""

        def run() -> None:
            try:
                with self._lock:
                    result = job()
            except Exception as exc:  # noqa: BLE001 - shown to the person
                if failed is not None:
                    self.app.call_from_thread(failed, exc)
                else:
                    self.app.call_from_thread(self._error, exc)
                return
            if done is not None:
                self.app.call_from_thread(done, result)

        self.app.run_worker(run, thread=True, group="store", exit_on_error=False)

    def _error(self, exc: Exception) -> None:
        self.app.notify(
            clean_line(str(exc)), title="Bookmarks", severity="error", markup=False, timeout=8
        )

    # ------------------------------------------------------------ readiness
    def lacking(self, need: Need) -> Lack | None:
        """What the store lacks for ``need`` (BOOKMARKS or SAVED; see tui.readiness)."""
        if need is Need.SAVED:
            return Lack(need, "saving bookmarks") if self._unsaved else None
        if self._open_failed:
            return Lack(need, "the bookmarks file could not be opened", final=True)
        if self.store is None:
            return Lack(need, "opening the bookmarks")
        if self._unsaved or self._listed_after != self._saved:
            return Lack(need, "saving bookmarks")
        return None

    def _change(self, job: Callable[[], Any], done: Callable[[Any], None]) -> None:
        """Run a change to the store, counted in ``_unsaved`` by the caller when asked for;
        the listing is current again once re-read after it."""

        def finished(result: Any) -> None:
            self._unsaved -= 1
            self._saved += 1
            done(result)
            self.refresh()

        def failed(exc: Exception) -> None:
            self._unsaved -= 1
            self._saved += 1
            self._error(exc)  # StoreError says the bookmark is kept in memory for a retry
            self.refresh()

        self._in_thread(job, finished, failed)

    # ------------------------------------------------------------ opening
    def open_store(self) -> None:
        db = Path(self.db_path) if self.db_path else None

        def job() -> BookmarkStore:
            # Imported here, in the thread: TinyDB and the store's modules take ~70-90 ms
            # to import, which the UI thread would spend blocked soon after the first frame.
            from tui.store.bookmarks import BookmarkStore

            store = BookmarkStore.open(db)
            for path in list(self.dashboard.documents):
                pos = store.get_position(path)
                if pos is not None:
                    self._positions[path] = pos
            return store

        self._in_thread(job, self._store_ready, self._store_failed)

    def _store_ready(self, store: BookmarkStore) -> None:
        self.store = store
        for problem in store.problems:
            self.app.notify(
                clean_line(problem), title="Bookmarks", severity="warning", markup=False, timeout=12
            )
        self.documents_loaded(list(self.dashboard.documents.values()))
        waiting, self._waiting = self._waiting, []
        for action in waiting:
            action(store)
        if not waiting:  # someone who bookmarked already has started reading here
            self._restore_position()
        self.refresh()
        self.dashboard.keys.wake()

    def _store_failed(self, exc: Exception) -> None:
        self._open_failed = True
        self.dashboard.keys.wake()  # keys waiting for the store are refused from here on
        self._error(exc)
        if self._waiting:
            self._unsaved -= len(self._waiting)
            self._waiting.clear()
            self.app.notify(
                "The bookmark was not saved: the bookmarks file could not be opened.",
                title="Bookmarks",
                severity="error",
            )

    def _with_store(self, action: Callable[[BookmarkStore], None]) -> None:
        """Run the change ``action`` (counted in ``_unsaved``) with the store: now if it is
        open, else once it has opened (a moment after the first document, see
        ``DashboardScreen.mount_side``; a bookmark key opens it at once)."""
        if self.store is not None:
            action(self.store)
        elif self._open_failed:
            self._unsaved -= 1
            self.app.notify(
                "The bookmarks file could not be opened; bookmarks are unavailable.",
                title="Bookmarks",
                severity="error",
            )
        else:
            self._waiting.append(action)
            self.dashboard.mount_side()

    def _restore_position(self) -> None:
        """Put the cursor where the person left off, if their position arrived after the
        document was shown and they have not moved since (moves already made are kept)."""
        path = self.dashboard.current
        if not path or path in self._restored:
            return
        doc = self.dashboard.documents[path]
        offset = self.stored_position(doc)
        if not offset:
            return
        self._restored.add(path)
        dash = self.dashboard
        if not dash.reader.touched and not dash.keys.busy:  # typed keys count too
            self.dashboard.jump_to(offset)
            return
        where = doc.sentence_at(offset)
        at = f" (sentence {where + 1})" if where is not None else ""
        self.app.notify(
            f"Last time you stopped further on{at}; you had started reading, so you stay here.",
            title="Reading position",
            timeout=6,
        )

    def documents_loaded(self, docs: list[Document]) -> None:
        """Re-anchor these documents' bookmarks, find moved files by their text hash, and
        fetch their reading positions — one worker for a whole batch of documents."""
        store = self.store
        if store is None or not docs:
            return
        opened = [(d.path, d.sha256) for d in self.dashboard.documents.values()]

        def job() -> bool:
            changed = list(store.relocate(opened))
            for doc in docs:
                changed += store.reanchor(doc.path, doc.text, doc.sha256)
                pos = store.get_position(doc.path)
                if pos is not None:
                    self._positions[doc.path] = pos
            return bool(changed)

        def done(changed: bool) -> None:
            self._restore_position()
            if changed:  # redraw only when something moved: 1,000 documents load in batches
                self.refresh()

        self._in_thread(job, done)

    # ------------------------------------------------------------ positions
    def stored_position(self, doc: Document) -> int | None:
        pos = self._positions.get(doc.path)
        if pos is None:
            return None
        offset, _sha = pos
        return offset if 0 <= offset < len(doc.text) else None

    def cursor_moved(self) -> None:
        self._dirty_position = True

    def autosave_position(self) -> None:
        if self._dirty_position and self.dashboard.current:
            self._dirty_position = False
            self.save_position(self.dashboard.current)

    def save_position(self, path: str, *, wait: bool = False) -> None:
        store = self.store
        doc = self.dashboard.documents.get(path)
        if store is None or doc is None or path != self.dashboard.current:
            return
        try:
            offset = self.dashboard.reader.cursor_offset or 0
        except NoMatches:  # the app is closing (an autosave tick during shutdown)
            return
        self._positions[path] = (offset, doc.sha256)

        def job() -> None:
            store.set_position(path, offset, doc.sha256)

        if wait:
            try:
                with self._lock:
                    job()
            except Exception:  # noqa: BLE001 - quitting: a lost reading position is harmless
                pass
        else:
            self._in_thread(job)

    # ------------------------------------------------------------ listing
    def refresh(self) -> None:
        """Re-read the bookmarks (in a worker: another process may have changed the file)
        and show them in the panel and as marks in the reading pane."""
        store = self.store
        if store is None:
            return
        after = self._saved
        self._in_thread(store.list, lambda items: self._show(items, after))

    def _show(self, items: list[Bookmark], after: int) -> None:
        from tui.widgets.bookmarks import BookmarksPanel

        self._items = items
        self.listed = True
        if after == self._saved:
            self._listed_after = after
            self.dashboard.keys.wake()
        panel = self.dashboard.panel("bookmarks")
        if isinstance(panel, BookmarksPanel):
            panel.set_bookmarks(items, self.dashboard.current)
        if self.dashboard.current:
            marks = [
                Span(b.anchor.start, b.anchor.end)
                for b in items
                if b.path == self.dashboard.current and b.state != "orphaned"
            ]
            self.dashboard.reader.set_marks(marks)

    def _bookmark_under_cursor(self) -> Bookmark | None:
        """The bookmark whose passage holds the cursor (or overlaps its sentence)."""
        current = self.dashboard.current
        offset = self.dashboard.reader.cursor_offset
        if current is None or offset is None:
            return None
        mine = [b for b in self._items if b.path == current and b.state != "orphaned"]
        for b in mine:
            if b.anchor.start <= offset < max(b.anchor.end, b.anchor.start + 1):
                return b
        span = self.dashboard.reader.cursor_span()
        for b in mine:
            if span and b.anchor.start < span.end and span.start < b.anchor.end:
                return b
        return None

    # ------------------------------------------------------------ actions
    def add_from_reader(self) -> None:
        """Bookmark the reader's selection or sentence, as it is now (saved once the store
        is open, if it is still opening)."""
        path = self.dashboard.current
        if path is None:
            return
        doc = self.dashboard.documents[path]
        span = self.dashboard.reader.selection_span()
        if span is None or span.end <= span.start:
            self.app.notify("Nothing to bookmark here.", severity="warning")
            return
        self.dashboard.reader.clear_selection()
        self._unsaved += 1
        self._with_store(lambda store: self._add(store, doc, span))

    def _add(self, store: BookmarkStore, doc: Document, span: Span) -> None:
        def job() -> Bookmark:
            return store.add(doc.path, doc.title, doc.text, doc.sha256, span.start, span.end)

        def done(bookmark: Bookmark) -> None:
            words = len(bookmark.anchor.exact.split())
            self.app.notify(f"Bookmarked {words} words — e to add a note", title="Saved", timeout=3)

        self._change(job, done)

    def edit_under_cursor(self) -> None:
        bookmark = self._bookmark_under_cursor()
        if bookmark is None:
            self.app.notify(
                "No bookmark under the cursor (b adds one).", severity="information", timeout=3
            )
            return
        self.edit(bookmark)

    def edit(self, bookmark: Bookmark) -> None:
        from tui.screens.bookmark_editor import BookmarkEditor

        store = self.store
        if store is None:
            return

        def dismissed(result: tuple[str, tuple[str, ...]] | None) -> None:
            if result is None:
                return
            note, tags = result
            self._unsaved += 1
            self._change(
                lambda: store.update(bookmark.id, note=note, tags=tags),
                lambda _b: self.app.notify("Note saved", timeout=2),
            )

        self.app.push_screen(BookmarkEditor(bookmark), dismissed)

    def delete(self, bookmark: Bookmark) -> None:
        store = self.store
        if store is None:
            return

        def done(removed: Bookmark) -> None:
            self._deleted.append(removed)
            self.app.notify("Bookmark deleted — u to undo", timeout=4)

        self._unsaved += 1
        self._change(lambda: store.delete(bookmark.id), done)

    def undo_delete(self) -> None:
        store = self.store
        if store is None or not self._deleted:
            self.app.notify("Nothing to undo.", timeout=2)
            return
        bookmark = self._deleted.pop()
        self._unsaved += 1
        self._change(
            lambda: store.restore(bookmark),
            lambda _r: self.app.notify("Bookmark restored", timeout=2),
        )

    def jump(self, bookmark: Bookmark) -> None:
        if bookmark.path not in self.dashboard.documents:
            self.app.notify(
                f"{clean_line(bookmark.title)} is not open "
                f"(start lectern with {clean_line(bookmark.path)}).",
                severity="warning",
                markup=False,
            )
            return
        self.dashboard.open_document(bookmark.path, offset=bookmark.anchor.start)
        if bookmark.state == "orphaned":
            self.app.notify(
                "This passage was not found in the current text (orphaned).", severity="warning"
            )
        self.dashboard.reader.focus()

    def export_markdown(self) -> None:
        """Write the bookmarks as Markdown to a new private file in the working folder;
        served in a browser, offer it as a download instead."""
        store = self.store
        if store is None:
            return
        name = datetime.now(UTC).strftime("lectern-bookmarks-%Y%m%d-%H%M%S.md")
        if self.app.is_web:
            self._in_thread(
                store.export_markdown, lambda text: offer_download(self.app, text, name)
            )
            return
        target = Path.cwd() / name

        def job() -> Path:
            write_private_text(target, store.export_markdown(), exclusive=True)  # notes: private
            return target

        self._in_thread(
            job, lambda p: self.app.notify(f"Exported to {clean_line(str(p))}", markup=False)
        )
