"""The cyclic garbage collector, paused while the dashboard starts.

Importing Textual and the dashboard creates some 200,000 long-lived objects (modules,
classes, styles) and almost no garbage. The collector does not know that: on this machine
its full pass over that heap took ~19 ms and landed in the first frame about one start in
two (measured with ``gc.callbacks``), while the bare Textual app stays below the threshold
that triggers it. So the CLI pauses collection before importing anything, and the app
resumes it once its first frame is on screen, freezing what startup built first
(``gc.freeze``): later full passes, during a session, then skip those objects too.

Only a pause this module started is ended here; the app run by tests or embedded never
touches the collector.
"""

from __future__ import annotations

import gc

_paused = False


def pause() -> None:
    """Stop cyclic collection until :func:`resume` (no-op if it is already off)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    """End the pause :func:`pause` started, if any: freeze what exists now (startup's
    long-lived objects) and collect again from here on."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()


def paused() -> bool:
    """True while a pause started by :func:`pause` lasts."""
    return _paused
