"""What the dashboard must have before a key's action runs, and the queue that holds keys.

Every key goes through :class:`KeyQueue`: one at a time, each once the one before has been
handled and the dashboard has what its action needs (:data:`NEEDS`). Nothing is dropped or
turned into another action. See docs/ARCHITECTURE.md."""

from __future__ import annotations

import sys
from collections import deque
from dataclasses import dataclass
from enum import Flag, auto
from typing import TYPE_CHECKING, Protocol

from textual import events
from textual.message import Message

from analysis.pipeline import BIG_CHARS

if TYPE_CHECKING:
    from textual.app import App
    from textual.timer import Timer

    from analysis.model import Document


class Need(Flag):
    """Something a key's action needs that arrives after the first frame."""

    SENTENCES = auto()
    """The shown document's sentences: the cursor exists."""
    PANES = auto()
    """The library and the side panels are mounted: Tab has somewhere to go."""
    NEXT_DOCUMENT = auto()
    """The document after the shown one has loaded, or loading has ended (``]`` typed
    twice goes two documents on, even before the second one has loaded)."""
    PREVIOUS_DOCUMENT = auto()
    """The document before the shown one has loaded, or loading has ended (before the
    first, ``[`` goes round to the last, which is known only then)."""
    BOOKMARKS = auto()
    """The bookmark store is open and listed, with every bookmark asked for saved."""
    SAVED = auto()
    """Every bookmark asked for is saved, or has visibly failed."""


NEEDS: dict[str, Need] = {
    # The reading pane's cursor keys. (Paging and g/G work on the text alone: the cursor
    # follows the view, or lands where it was sent, once the sentences are there.)
    "next_sentence": Need.SENTENCES,
    "previous_sentence": Need.SENTENCES,
    "next_paragraph": Need.SENTENCES,
    "previous_paragraph": Need.SENTENCES,
    "toggle_selection": Need.SENTENCES,
    # The dashboard's own keys. ``b`` takes its passage at once; the save itself waits for
    # the store in order (BookmarksController), so ``q`` waits for it.
    "bookmark": Need.SENTENCES,
    "edit_bookmark": Need.SENTENCES | Need.BOOKMARKS,
    "cycle_pane": Need.PANES,
    "next_document": Need.NEXT_DOCUMENT,
    "previous_document": Need.PREVIOUS_DOCUMENT,
    # Chapters are found when the text is read; where the cursor is needs the sentences.
    "chapter": Need.SENTENCES,
    "outline": Need.SENTENCES,
    "quit": Need.SAVED,
}
"""Action name (as bound, without arguments) → what it needs. Actions not listed need
nothing that comes late."""

STAY_PUT = frozenset(
    {
        *("next_sentence", "previous_sentence", "next_paragraph", "previous_paragraph"),
        *("page_forward", "page_back", "go_start", "go_end", "toggle_selection"),
        *("bookmark", "toggle_tint", "search_next", "search_previous", "chapter"),
    }
)
"""The dashboard's actions that move no focus and open no screen: the key after one goes
as soon as it is handled, without waiting for a redraw."""


@dataclass(frozen=True, slots=True)
class Lack:
    """Why an action cannot run yet: ``final`` when waiting would not help."""

    need: Need
    reason: str
    final: bool = False


def sentences_lack(
    doc: Document | None, *, analysed: bool, unsplit: bool, loading_done: bool
) -> Lack | None:
    """What :data:`Need.SENTENCES` lacks with ``doc`` shown (``analysed``: its analysis
    is in; ``unsplit``: its analysis failed), and whether waiting can help."""
    need = Need.SENTENCES
    if doc is not None and (doc.sentences or analysed):
        return None
    if doc is None:
        if loading_done:
            return Lack(need, "no document is open", final=True)
        return Lack(need, "the document is loading")
    if unsplit or loading_done:
        return Lack(need, "this document could not be split into sentences", final=True)
    if len(doc.text) > BIG_CHARS:
        return Lack(need, "a big document is still being split: page with Space", final=True)
    return Lack(need, "splitting sentences")


class Dashboard(Protocol):
    """What the queue asks of the dashboard screen (its keys, and what they lack)."""

    @property
    def app(self) -> App[object]:
        """The app the keys arrive at."""

    def lacking(self, need: Need) -> Lack | None:
        """What of ``need`` is missing now (None: all there)."""

    def hurry(self, need: Need) -> None:
        """Start getting ``need`` now if it waits on something slower (a timer, say)."""

    def keys_held(self, count: int, lack: Lack | None) -> None:
        """``count`` keys wait for ``lack`` (0: none wait any more)."""

    def key_refused(self, key: str, lack: Lack) -> None:
        """The key ``key`` was dropped: what it needs cannot come."""


READER_ID = "reader"
"""The dashboard's reading pane, whose cursor keys :data:`NEEDS` lists."""

SETTLE_SECONDS = 1.0
"""Longest wait for a key to be handled before the next is let through anyway."""


class KeyQueue:
    """The keys typed, in order, handed to the app one at a time (see module docstring).
    The app hands every key it receives to :meth:`hold`; the dashboard screen owns the queue."""

    @dataclass
    class Settled(Message):
        """Posted behind a key to the widget it went to; it reaches the app (by bubbling)
        after the key has been handled there and by the screen's and the app's bindings."""

        serial: int

    def __init__(self, dashboard: Dashboard) -> None:
        self._dashboard = dashboard
        self._keys: deque[events.Key] = deque()
        self._passing: events.Key | None = None
        self._in_flight: int | None = None
        self._serial = 0
        self._timer: Timer | None = None
        self._held_for: Lack | None = None
        self._stays_put = False
        """Does the key in flight leave focus and screens alone (text typed into a field,
        or a :data:`STAY_PUT` action)?"""

    @property
    def _app(self) -> App[object]:
        return self._dashboard.app

    @property
    def waiting(self) -> int:
        """Keys typed and not yet handed over."""
        return len(self._keys)

    @property
    def busy(self) -> bool:
        """Are keys waiting, or is the last one handed over still being handled?"""
        return bool(self._keys) or self._in_flight is not None

    def hold(self, event: events.Key) -> bool:
        """Take a key the app received (False: it is the one being handed over, handle it)."""
        if event is self._passing:
            return False
        if event.key == "escape" and self._held_for is not None:
            dropped = len(self._keys)
            self._keys.clear()
            self._show_held(None)
            self._app.notify(f"Dropped {dropped} waiting key{'s' * (dropped != 1)}.", timeout=3)
            return True
        self._keys.append(event)
        self.wake()
        return True

    def wake(self) -> None:
        """Something the dashboard has changed: hand over what can go now."""
        if self._keys:
            self._app.call_later(self._pump)

    def settled(self, message: KeyQueue.Settled) -> None:
        """The key handed over last has been handled by its widget and the bindings.
        What it set going (a focus change, a screen opened, messages between widgets) is
        done once the app has processed its messages and redrawn: the next key goes then."""
        message.stop()
        if message.serial != self._in_flight:
            return
        if self._stays_put:  # only what its handlers queued comes first
            self._app.call_later(self._done, message.serial)
        else:
            self._app.call_after_refresh(self._done, message.serial)

    def _done(self, serial: int) -> None:
        if self._in_flight != serial:
            return
        self._in_flight = None
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.wake()

    def _action(self, event: events.Key) -> str | None:
        """The dashboard action ``event`` is bound to now (the dashboard screen's, the app's
        or the reading pane's, by name without arguments), or None (another widget's key,
        unbound)."""
        bound = self._app.screen.active_bindings.get(event.key)
        if bound is None:
            return None
        node = bound.node
        if node is not self._app and node is not self._dashboard and node.id != READER_ID:
            return None
        return bound.binding.action.rpartition(".")[2].partition("(")[0]

    def _lack(self, action: str | None) -> Lack | None:
        need = NEEDS.get(action or "")
        if need is None:
            return None
        for one in need:
            lack = self._dashboard.lacking(one)
            if lack is not None:
                return lack
        return None

    async def _pump(self) -> None:
        while self._keys and self._in_flight is None and self._app.is_running:
            head = self._keys[0]
            text = _is_text(head, self._app.focused)
            action = None if text else self._action(head)
            lack = self._lack(action)
            if lack is not None and lack.final:
                self._keys.popleft()
                self._dashboard.key_refused(head.character or head.key, lack)
                continue
            if lack is not None:
                self._show_held(lack)
                self._dashboard.hurry(lack.need)
                return
            self._show_held(None)
            self._keys.popleft()
            await self._hand_over(head, stays_put=text or action in STAY_PUT)

    async def _hand_over(self, event: events.Key, *, stays_put: bool) -> None:
        app = self._app
        target = app.focused or app.screen
        self._stays_put = stays_put
        self._serial += 1
        serial = self._in_flight = self._serial
        self._timer = app.set_timer(SETTLE_SECONDS, lambda: self._give_up(serial))
        self._passing = event
        try:
            await app.on_event(event)
        finally:
            self._passing = None
        target.post_message(self.Settled(serial))

    def _give_up(self, serial: int) -> None:
        self._done(serial)

    def _show_held(self, lack: Lack | None) -> None:
        if lack is None and self._held_for is None:
            return
        self._held_for = lack
        self._dashboard.keys_held(len(self._keys) if lack else 0, lack)


def _is_text(event: events.Key, focused: object) -> bool:
    """A printable key typed into a text field is text, whatever it is bound to elsewhere."""
    if not event.is_printable or focused is None:
        return False
    from textual.widgets import Input  # here: the app imports it only with its first field

    # TextArea takes ~0.3 s to import: while its module is not loaded there is none.
    text_area = sys.modules.get("textual.widgets._text_area")
    return isinstance(focused, Input) or (
        text_area is not None and isinstance(focused, text_area.TextArea)
    )
