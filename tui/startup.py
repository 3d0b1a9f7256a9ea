"""The cyclic garbage collector, paused while the dashboard starts and loads.

The CLI pauses collection before importing anything; the app resumes it when the first load
ends or after :data:`PAUSE_LIMIT` seconds, collecting once and freezing what is left. Only a
pause started here is ended here. What it buys: docs/ARCHITECTURE.md."""

from __future__ import annotations

import gc

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


def paused() -> bool:
    """True while a pause started by :func:`pause` lasts."""
    return _paused
