"""The cyclic garbage collector, paused while the dashboard starts and loads.

Starting the dashboard creates objects that live as long as it does: importing Textual and
the dashboard some 200,000 (modules, classes, styles), then one analysis per document. It
creates little garbage that only the cyclic collector can free (1–4 MB of Textual's
render caches by the end of a large load). The collector does not know that, and kept
passing over the growing heap:

* before the first frame, a full pass of ~19 ms landed about one start in two (measured
  with ``gc.callbacks``; the bare Textual app stays below the threshold that triggers one);
* while a cached 1,000-document folder loads, its passes took ~75 ms of a ~0.7 s load.

So the CLI pauses collection before importing anything, and the app resumes it when the
first load ends, or after :data:`PAUSE_LIMIT` seconds, whichever comes first (a long load,
with the reader in use meanwhile, should not hold whatever garbage the screen makes).
Resuming collects once, then freezes what is left (``gc.freeze``): later full passes skip
those long-lived objects; they are still freed as usual when no longer referenced.

Only a pause this module started is ended here; the app run by tests or embedded never
touches the collector.
"""

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
