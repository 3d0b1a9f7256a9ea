"""Why a path cannot become a document: ``LoadError`` and one subclass per kind.

Kept apart from ``analysis.load.files`` so that ``analysis.load.decode`` can raise
``BinaryFile``/``UndecodableFile`` without importing the loader; the loader re-exports
every name here, so callers keep importing them from ``analysis.load.files``.
"""

from __future__ import annotations

import errno
import os
import stat
from typing import ClassVar

from analysis.model import LoadFailure
from analysis.sanitize import clean_line


def display_name(path: str) -> str:
    """How a message names a file: its base name, safe to print on one line."""
    if not path:
        return "This file"
    return clean_line(os.path.basename(path.rstrip(os.sep)) or path)


class LoadError(Exception):
    """A path that cannot become a document. ``message`` is a sentence naming the file.

    Built from ``path`` and ``reason`` (the sentence without its subject), so code that
    knows no path (``decode_bytes``) can raise and the caller fills it in: ``with_path``.
    """

    kind: ClassVar[str] = "io-error"

    def __init__(self, path: str, reason: str, subject: str | None = None) -> None:
        super().__init__(path, reason, subject)
        self.path = path
        self.reason = reason
        self.subject = subject
        self.message = f"{display_name(path) if subject is None else subject} {reason}"

    def __str__(self) -> str:
        return self.message

    def with_path(self, path: str) -> LoadError:
        """The same error about ``path``."""
        return type(self)(path, self.reason, self.subject)

    def to_failure(self) -> LoadFailure:
        return LoadFailure(self.path, self.kind, self.message)


class MissingPath(LoadError):
    """Nothing at the path, a dangling symlink, or a glob that matches no file."""

    kind = "missing"


class PermissionDenied(LoadError):
    """The file or folder may not be read by this user."""

    kind = "permission"


class BinaryFile(LoadError):
    """Not text: a known file signature, NUL bytes, or mostly control bytes."""

    kind = "binary"


class UndecodableFile(LoadError):
    """Not UTF-8/16/32, and no legacy encoding gives believable text."""

    kind = "undecodable"


class FileTooLarge(LoadError):
    """Larger than the size limit (``max_bytes``, ``LECTERN_MAX_BYTES``)."""

    kind = "too-large"


class DirectoryLoop(LoadError):
    """A symlinked folder that leads back to one of its ancestors."""

    kind = "loop"


class NotAFile(LoadError):
    """A folder, FIFO, socket or device: never opened, so never blocks."""

    kind = "not-a-file"


class ReadError(LoadError):
    """The read itself failed: the file vanished, shrank, or the disk erred."""

    kind = "io-error"


class NoText(LoadError):
    """A PDF without a text layer (a scan) or a book with no readable text in it."""

    kind = "no-text"


class EncryptedFile(LoadError):
    """A password-protected PDF or a DRM-encrypted EPUB."""

    kind = "encrypted"


class DamagedFile(LoadError):
    """An EPUB or PDF whose container is broken beyond reading."""

    kind = "damaged"


_SPECIAL_KINDS = (
    (stat.S_ISDIR, "a folder, not a file"),
    (stat.S_ISFIFO, "a named pipe (FIFO), not a regular file"),
    (stat.S_ISSOCK, "a socket, not a regular file"),
    (stat.S_ISCHR, "a character device, not a regular file"),
    (stat.S_ISBLK, "a block device, not a regular file"),
)


def not_a_file(path: str, mode: int) -> NotAFile:
    """The error for a path that is a folder, pipe, socket or device, not a file."""
    what = next((text for test, text in _SPECIAL_KINDS if test(mode)), "not a regular file")
    return NotAFile(path, f"is {what}, so it was not read.")


def os_error(path: str, exc: OSError | ValueError, *, listed: bool) -> LoadError:
    """The ``LoadError`` for an error from ``stat``/``open``/``read`` on ``path``.
    ``listed``: the path came from a folder listing, so if it is gone it vanished."""
    if isinstance(exc, ValueError):  # an embedded NUL
        return MissingPath(path, "is not a valid file name.")
    if isinstance(exc, PermissionError):
        return PermissionDenied(path, "cannot be read: permission denied.")
    if isinstance(exc, FileNotFoundError | NotADirectoryError):
        if listed:
            return ReadError(path, "was removed before it could be read.")
        if os.path.islink(path):
            return MissingPath(path, "is a symbolic link to something that does not exist.")
        return MissingPath(path, "does not exist.")
    if exc.errno == errno.ELOOP:
        return DirectoryLoop(path, "is a symbolic link that loops back on itself.")
    if isinstance(exc, IsADirectoryError):
        return ReadError(path, "could not be read: it is a folder.")
    return ReadError(path, f"could not be read ({exc.strerror or exc}).")
