"""Errors the bookmark store raises, and OS errors put in plain words."""

from __future__ import annotations

import errno
from collections.abc import Sequence

from tui.store.records import Bookmark


class StoreError(Exception):
    """A bookmark operation failed; the message says why in plain words.

    ``bookmark`` is the bookmark that could not be saved (it is kept in ``store.pending``);
    ``bookmarks`` holds results computed but not saved (e.g. by ``reanchor``).
    """

    def __init__(
        self,
        message: str,
        *,
        bookmark: Bookmark | None = None,
        bookmarks: Sequence[Bookmark] = (),
    ) -> None:
        super().__init__(message)
        self.bookmark = bookmark
        self.bookmarks = list(bookmarks)


class BookmarkNotFound(StoreError):
    """No bookmark has the given id (another window may have deleted it)."""


_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "the file system is read-only",
    errno.EIO: "an input/output error (the disk may be failing)",
    errno.EISDIR: "it is a folder",
    errno.ENOTDIR: "a part of the path is not a folder",
}


def describe_os_error(exc: OSError) -> str:
    """What went wrong, in words a reader understands."""
    return _REASONS.get(exc.errno or -1) or exc.strerror or str(exc) or type(exc).__name__
