"""Folders and files that hold a person's words (bookmarks, cached analyses): owner-only."""

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
