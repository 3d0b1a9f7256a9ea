"""Where the bookmark file lives, and creating its folder privately.

The file holds people's notes, so folders Lectern creates are ``0o700`` and the file ``0o600``.
Precedence: an explicit path (the ``--db`` option) over the ``LECTERN_DB`` environment variable
over ``platformdirs.user_data_dir("lectern")/bookmarks.json``.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from analysis.private_files import DIR_MODE, FILE_MODE, ensure_private_dir

__all__ = [
    "DB_ENV",
    "DB_FILENAME",
    "DIR_MODE",
    "FILE_MODE",
    "default_db_path",
    "ensure_private_dir",
    "resolve_db_path",
]

DB_ENV = "LECTERN_DB"
DB_FILENAME = "bookmarks.json"


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
