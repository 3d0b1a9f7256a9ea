"""Files, folders and globs to the file paths they name, in order, with failures inline:
folders walked sorted (hidden entries skipped, loops reported), globs matched sorted, a
file reached twice listed once."""

from __future__ import annotations

import glob
import os
import re
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path

from analysis.load.errors import (
    DirectoryLoop,
    MissingPath,
    PermissionDenied,
    not_a_file,
    os_error,
)
from analysis.model import LoadFailure
from analysis.sanitize import clean_line

_GLOB_CHARS = re.compile(r"[*?\[]")


def _file_key(info: os.stat_result) -> tuple[int, int]:
    return info.st_dev, info.st_ino


def _list_folder(path: str) -> list[os.DirEntry[str]] | LoadFailure:
    """A folder's visible entries, sorted by name (code point order)."""
    try:
        with os.scandir(path) as entries:
            return sorted((e for e in entries if not e.name.startswith(".")), key=_entry_name)
    except PermissionError:
        reason = "cannot be opened: permission denied, so its files were skipped."
        return PermissionDenied(path, reason).to_failure()
    except OSError as exc:
        return os_error(path, exc, listed=True).to_failure()


def _entry_name(entry: os.DirEntry[str]) -> str:
    return entry.name


class _Expansion:
    """State shared across all inputs of one ``expand_inputs`` call: files already
    yielded and folders already walked, by (device, inode)."""

    def __init__(self) -> None:
        self.files: set[tuple[int, int]] = set()
        self.folders: set[tuple[int, int]] = set()

    def path(self, path: str, *, listed: bool) -> Iterator[Path | LoadFailure]:
        try:
            info = os.stat(path)
        except (OSError, ValueError) as exc:
            yield os_error(path, exc, listed=listed).to_failure()
            return
        if stat.S_ISDIR(info.st_mode):
            yield from self.walk(path, info)
        elif not stat.S_ISREG(info.st_mode):
            yield not_a_file(path, info.st_mode).to_failure()
        elif _file_key(info) not in self.files:
            self.files.add(_file_key(info))
            yield Path(path)

    def walk(self, root: str, info: os.stat_result) -> Iterator[Path | LoadFailure]:
        """Depth first, sorted, hidden entries skipped, symlinked folders followed; a
        folder that links back to one of its ancestors is reported as a loop."""
        root_key = _file_key(info)
        if root_key in self.folders:
            return
        entries = _list_folder(root)
        if isinstance(entries, LoadFailure):
            yield entries
            return
        self.folders.add(root_key)
        stack = [(root_key, iter(entries))]
        ancestors = {root_key}
        while stack:
            key, pending = stack[-1]
            entry = next(pending, None)
            if entry is None:
                stack.pop()
                ancestors.discard(key)
                continue
            try:
                child = entry.stat()
            except OSError as exc:
                broken = isinstance(exc, FileNotFoundError) and entry.is_symlink()
                yield os_error(entry.path, exc, listed=not broken).to_failure()
                continue
            if stat.S_ISREG(child.st_mode):
                if _file_key(child) not in self.files:
                    self.files.add(_file_key(child))
                    yield Path(entry.path)
                continue
            if not stat.S_ISDIR(child.st_mode):
                yield not_a_file(entry.path, child.st_mode).to_failure()
                continue
            child_key = _file_key(child)
            if child_key in ancestors:
                reason = "links back to a folder that contains it, so it was skipped."
                yield DirectoryLoop(entry.path, reason).to_failure()
            elif child_key not in self.folders:
                listing = _list_folder(entry.path)
                if isinstance(listing, LoadFailure):
                    yield listing
                    continue
                self.folders.add(child_key)
                ancestors.add(child_key)
                stack.append((child_key, iter(listing)))

    def glob(self, given: str, pattern: str) -> Iterator[Path | LoadFailure]:
        if os.path.isabs(pattern):
            matches = glob.glob(pattern, recursive=True)
        else:
            cwd = os.getcwd()
            found = glob.glob(pattern, root_dir=cwd, recursive=True)
            matches = [os.path.join(cwd, match) for match in found]
        if not matches:
            failure = MissingPath(os.path.abspath(pattern), "matches no files.", clean_line(given))
            yield failure.to_failure()
            return
        for match in sorted(os.path.abspath(m) for m in matches):
            yield from self.path(match, listed=True)


def expand_inputs(inputs: Sequence[str]) -> Iterator[Path | LoadFailure]:
    """Files, folders and globs -> absolute file paths in order, with failures inline.

    Folders are walked recursively in sorted order, skipping hidden files and folders;
    globs (``*.txt``, ``docs/**/*.md``) are matched sorted, and one matching nothing is a
    "missing" failure. Relative inputs are relative to the current directory. A file
    reached twice (two inputs, a symlink) is listed once.
    """
    state = _Expansion()
    for given in inputs:
        if not given:
            yield MissingPath(
                "", "was given, so there is nothing to load.", "An empty path"
            ).to_failure()
            continue
        expanded = os.path.expanduser(given)
        if _GLOB_CHARS.search(expanded) and not os.path.lexists(expanded):
            yield from state.glob(given, expanded)
        else:
            yield from state.path(os.path.abspath(expanded), listed=False)
