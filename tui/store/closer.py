"""Closing file handles off the caller's thread.

The storage's last handle on a replaced version of the bookmark file is often the last one
on that file, and closing it frees its blocks (~6 ms for 6.6 MB) after the new version is
already durable. One daemon thread does those closes, so an add does not wait for them."""

from __future__ import annotations

import contextlib
import os
import queue
import threading

_handles: queue.SimpleQueue[int] = queue.SimpleQueue()
_started = threading.Lock()
_thread: threading.Thread | None = None


def close_later(fd: int) -> None:
    """Close ``fd`` soon, on the closing thread (started on first use, or again after a
    fork). Never blocks on the close; errors are ignored, as a close's would be."""
    global _thread
    _handles.put(fd)
    with _started:
        if _thread is None or not _thread.is_alive():
            _thread = threading.Thread(target=_close_forever, name="lectern-close", daemon=True)
            _thread.start()


def _close_forever() -> None:
    while True:
        fd = _handles.get()
        with contextlib.suppress(OSError):
            os.close(fd)
