"""Where the bookmark file lives, and creating its folder privately.

The file holds people's notes, so folders Lectern creates are ``0o700`` and the file ``0o600``.
Precedence: an explicit path (the ``--db`` option) over the ``LECTERN_DB`` environment variable
over ``platformdirs.user_data_dir("lectern")/bookmarks.json``.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

DB_ENV = "LECTERN_DB"
DB_FILENAME = "bookmarks.json"
DIR_MODE = 0o700
FILE_MODE = 0o600


def default_db_path() -> Path:
    """The per-user bookmark file, e.g. ``~/.local/share/lectern/bookmarks.json``."""
    return Path(platformdirs.user_data_dir("lectern")) / DB_FILENAME


def resolve_db_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The bookmark file to use: ``explicit`` (``--db``), else ``$LECTERN_DB``, else default.

    ``~`` is expanded and the result made absolute; symlinks are resolved so that replacing
    the file atomically updates the link's target instead of the link itself.
    """
    if explicit is not None and str(explicit) != "":
        chosen = Path(explicit)
    elif os.environ.get(DB_ENV):
        chosen = Path(os.environ[DB_ENV])
    else:
        chosen = default_db_path()
    return Path(os.path.realpath(chosen.expanduser()))


def ensure_private_dir(folder: Path) -> None:
    """Create ``folder`` and any missing parents with mode ``0o700`` (as the XDG base
    directory spec asks for the folders it names); leave existing folders alone.

    Raises ``OSError`` when a folder cannot be created.
    """
    missing: list[Path] = []
    while not folder.is_dir():
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    # ``os.makedirs`` would give ``mode`` to the last folder only and the usual (umask)
    # permissions to missing parents such as ~/.local/share: create each one ourselves.
    for each in reversed(missing):
        try:
            os.mkdir(each, DIR_MODE)
        except FileExistsError:
            if not each.is_dir():
                raise
            continue
        os.chmod(each, DIR_MODE)  # exact, whatever the umask
