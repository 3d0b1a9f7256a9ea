"""Every trick that brings the first frame sooner, in one place (numbers: docs/ARCHITECTURE.md).

The collector paused (:func:`pause`, :func:`first_frame`), the first document read while
Textual imports (:func:`start_feed`), a first frame holding only the document
(:func:`mount_chrome` after it), the side panels and the store :data:`SIDE_PANELS_DELAY`
later. Tests get none unasked.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.widget import Widget

    from tui.feed import PipelineFeed

FIRST_DOCUMENT_WAIT = 0.15
"""How long mounting waits for the first document, so the first frame can show it (a
small file takes a few ms; a huge one is shown once read, after an empty first frame)."""

SIDE_PANELS_DELAY = 0.3
"""Seconds after the first document is on screen when the side panels and the bookmark
store open, unless loading ends sooner. Loading comes first: the panels have nothing to
show before an analysis arrives anyway."""

SIDE_PANELS_RETRY = 0.05
"""While typed keys wait or run, the side panels wait this long and ask again."""

PAUSE_LIMIT = 5.0
"""Seconds after the dashboard mounts when collection resumes even if loading goes on."""

_paused = False


def pause() -> None:
    """Stop cyclic collection until :func:`resume` (no-op if it is already off)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    """End the pause :func:`pause` started, if any: collect once, freeze what is left
    (the long-lived objects of startup and loading) and collect as usual from here on.

    The one collection frees what garbage the pause let pile up (Textual's render caches:
    ~12,000–44,000 objects, 1–4 MB, after loading 300–3,000 documents); frozen, it would
    stay for the session."""
    global _paused
    if _paused:
        _paused = False
        gc.collect()
        gc.freeze()
        gc.enable()


def first_frame() -> None:
    """During a pause, freeze what exists once the first frame is up (imports, the first
    document): the collection that ends the pause then scans only what loading added."""
    if _paused:
        gc.freeze()


def paused() -> bool:
    """True while a pause started by :func:`pause` lasts."""
    return _paused


def start_feed(
    inputs: Sequence[str], max_bytes: int | None, found: int, workers: int
) -> PipelineFeed:
    """Start reading the first document now, before Textual is imported, so the first
    frame can show it; with enough documents (``found``) also the pool that reads the
    rest, forked while this process has a single thread."""
    from analysis.pipeline import POOL_MIN_DOCUMENTS
    from tui.feed import PipelineFeed

    many = found >= POOL_MIN_DOCUMENTS
    return PipelineFeed(inputs, max_bytes=max_bytes, workers=workers, start_pool=many)


def mount_chrome(screen: Screen[object], slots: Sequence[Widget | None], library: Widget) -> None:
    """Header, footer and library into the places the first frame kept for them on
    ``screen`` (the ``slots`` for each; a None slot means the app is closing: nothing is
    mounted)."""
    if library.parent is not None or None in slots:
        return
    from textual.widgets import Footer

    from tui.widgets.title_bar import TitleBar

    header, footer, library_slot = cast("list[Widget]", list(slots))
    header.mount(TitleBar())
    footer.mount(Footer(compact=True))
    library_slot.mount(library)
    # A footer shows keys once told the bindings changed; one mounted late missed that.
    screen.call_after_refresh(screen.refresh_bindings)
