"""Folders and files that hold a person's words (bookmarks, cached analyses, exports):
owner-only."""

from __future__ import annotations

import os
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600


def ensure_private_dir(folder: Path) -> None:
    """Create ``folder`` and any missing parents with mode ``0o700``; leave existing
    folders alone. (``os.makedirs`` would give the umask's mode to missing parents such
    as ~/.local/share.) Raises ``OSError`` when a folder cannot be created."""
    missing: list[Path] = []
    while not folder.is_dir():
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    for each in reversed(missing):
        try:
            os.mkdir(each, DIR_MODE)
        except FileExistsError:
            if not each.is_dir():
                raise
            continue
        os.chmod(each, DIR_MODE)  # exact, whatever the umask


def write_private_text(
    path: Path, text: str, *, exclusive: bool = False, newline: str | None = None
) -> None:
    """Write ``text`` (UTF-8) to ``path`` readable by its owner only (mode ``0o600``).

    ``exclusive``: create a new file, raising ``FileExistsError`` if there is one already;
    otherwise an existing file is truncated and its mode set to ``0o600`` (the mode given to
    ``os.open`` applies only to a new file). ``newline`` as for :func:`open`. The folder
    must exist."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_EXCL if exclusive else os.O_TRUNC)
    fd = os.open(path, flags, FILE_MODE)
    try:
        if not exclusive:
            os.fchmod(fd, FILE_MODE)
        handle = open(fd, "w", encoding="utf-8", newline=newline)  # noqa: SIM115 - closes fd
    except BaseException:
        os.close(fd)
        raise
    with handle:
        handle.write(text)
