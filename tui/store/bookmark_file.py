"""The bookmark file as a whole: opened safely, kept up to date, locked, and recovered.

:class:`BookmarkFile` keeps one TinyDB file usable whatever happens to it and calls ``on_load``
when the data was (re)loaded: lock-free reads, writes in a :meth:`BookmarkFile.session`, damaged
files moved aside, newer ones read-only. Details: docs/ARCHITECTURE.md."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import filelock

from tui.store.errors import StoreError, describe_os_error
from tui.store.layout import (
    META,
    SCHEMA_VERSION,
    LecternDatabase,
    RawTable,
    has_our_shape,
    put_schema_version,
    rename_no_clobber,
    schema_version,
)
from tui.store.paths import FILE_MODE, ensure_private_dir
from tui.store.storage import CorruptFileError, DurableJSONStorage

LOCK_TIMEOUT = 10.0
"""Seconds to wait for another Lectern to finish writing before giving up."""

READ_WRITE = "read-write"
READ_ONLY = "read-only"
"""The file is read but never written (it comes from a newer Lectern)."""
MEMORY_ONLY = "memory-only"
"""Nothing could be read from disk and nothing will be written there this session."""


class BookmarkFile:
    """One TinyDB file kept safe (see the module docstring)."""

    def __init__(self, path: Path, on_load: Callable[[Mapping[str, Any]], None]) -> None:
        self.path = path
        self.lock_path = path.with_name(path.name + ".lock")
        self.mode = READ_WRITE
        self.problems: list[str] = []
        """Plain-words messages about the file, oldest first."""
        self.mutex = threading.RLock()
        """Serialises every use of the file by this process's threads."""
        self._on_load = on_load
        self._lock = filelock.FileLock(self.lock_path, timeout=LOCK_TIMEOUT, mode=FILE_MODE)
        self._db: LecternDatabase | None = None
        self._storage: DurableJSONStorage | None = None
        self._seen_generation = -1
        self._not_writable = ""
        self._last_good: dict[str, Any] | None = None
        """The last data that passed validation: what a damaged file is rebuilt from."""

    @property
    def cached(self) -> Mapping[str, Any]:
        """The data as last read or written (no disk access)."""
        return (self._storage.cached if self._storage is not None else None) or {}

    def problem(self, message: str) -> None:
        """Record a message for the UI (once)."""
        if message not in self.problems:
            self.problems.append(message)

    # -- opening ---------------------------------------------------------------------------

    def open(self) -> None:
        """Read the file (creating its folder), cleaning up after killed writers."""
        path = self.path
        if path.is_dir():
            self.go_memory_only(f"The bookmark file {path} is a folder, not a file.")
            return
        if path.exists() and not path.is_file():
            self.go_memory_only(f"The bookmark file {path} is not a regular file.")
            return
        try:
            ensure_private_dir(path.parent)
        except OSError as exc:
            self.problem(
                f"The folder for bookmarks, {path.parent}, could not be created "
                f"({describe_os_error(exc)}). Bookmarks you add are kept in memory until it can."
            )
        self._db = LecternDatabase(str(path), storage=DurableJSONStorage)
        self._storage = self._db.storage  # type: ignore[assignment]
        try:
            self._lock.acquire()
        except (filelock.Timeout, OSError) as exc:
            reason = "it is locked" if isinstance(exc, filelock.Timeout) else describe_os_error(exc)
            self.problem(
                f"Bookmarks cannot be saved in {path.parent} right now ({reason}); "
                "bookmarks you add are kept in memory until they can."
            )
            self._first_read(locked=False)
            return
        try:
            assert self._storage is not None
            self._storage.remove_stale_temp_files()
            self._first_read(locked=True)
        finally:
            self._lock.release()

    def _first_read(self, *, locked: bool) -> None:
        assert self._storage is not None
        try:
            self._storage.read()
            self._after_load()
        except CorruptFileError as exc:
            if locked:
                self._move_aside(str(exc))
            else:  # renaming without the lock could race a writer: leave the file alone
                self.go_memory_only(
                    f"The bookmark file {self.path} is damaged ({exc}). It is left untouched."
                )
        except OSError as exc:
            self.go_memory_only(
                f"The bookmark file {self.path} could not be read ({describe_os_error(exc)}). "
                "It is left untouched."
            )

    def go_memory_only(self, message: str) -> None:
        """Stop using the disk for this session, saying why."""
        self.mode = MEMORY_ONLY
        self._not_writable = message
        if self._storage is not None:
            self._storage.read_only = True
            self._storage.forget()
        self._db = None
        self._storage = None
        self._on_load({})
        self.problem(message + " Bookmarks are kept in memory only.")

    def _go_read_only(self, version: int) -> None:
        message = (
            f"The bookmark file {self.path} was written by a newer Lectern (schema version "
            f"{version}; this one understands {SCHEMA_VERSION}). It is open read-only and will "
            "not be changed."
        )
        self.mode = READ_ONLY
        self._not_writable = message
        if self._storage is not None:
            self._storage.read_only = True
        self.problem(message)

    # -- keeping up with the file ----------------------------------------------------------

    def refresh(self, *, locked: bool = False) -> None:
        """Bring the data up to date with the file (a ``stat`` when unchanged). Never
        raises unless ``locked`` (inside a session), where a read error is a StoreError."""
        if self._storage is None:
            return
        try:
            self._storage.read()
            self._after_load()
        except CorruptFileError as exc:
            if self.mode != READ_WRITE:
                self.problem(
                    f"The bookmark file {self.path} is damaged ({exc}); showing the bookmarks "
                    "as they were when last read."
                )
            elif locked:
                self._move_aside(str(exc))
            else:
                try:  # confirm and move aside under the lock, so no writer is racing us
                    with self._file_lock():
                        self.refresh(locked=True)
                except StoreError as lock_error:
                    self.problem(str(lock_error))
        except OSError as exc:
            message = f"The bookmark file {self.path} could not be read ({describe_os_error(exc)})."
            if locked:
                raise StoreError(message) from exc
            self.problem(message + " Showing the bookmarks as they were when last read.")

    def _after_load(self) -> None:
        """Check freshly loaded data (schema version, shape) and hand it to the owner.

        Raises ``CorruptFileError`` for a file of our version that is not shaped like ours.
        """
        storage = self._storage
        if storage is None or storage.generation == self._seen_generation:
            return
        data = storage.cached or {}
        version = schema_version(data)
        if version is not None and version > SCHEMA_VERSION:
            self._go_read_only(version)
        elif not has_our_shape(data):
            raise CorruptFileError("valid JSON, but not shaped like a Lectern bookmark file")
        else:
            self._last_good = storage.cached
        self._on_load(data)
        self._seen_generation = storage.generation

    def _move_aside(self, reason: str) -> None:
        """Rename a damaged file out of the way (never delete it) and start afresh."""
        assert self._storage is not None
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        counter = 1
        while target.exists():
            target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{counter}")
            counter += 1
        try:
            rename_no_clobber(self.path, target)
        except OSError as exc:
            self.go_memory_only(
                f"The bookmark file {self.path} is damaged ({reason}) and could not be moved "
                f"aside ({describe_os_error(exc)}). It is left untouched."
            )
            return
        last_good = self._last_good
        self._last_good = None
        self._storage.forget()
        message = f"The bookmark file {self.path} was damaged ({reason}). It was kept as {target}"
        if last_good and self.mode == READ_WRITE:
            try:
                self._storage.write(last_good)
                message += "; the bookmarks Lectern had in memory were saved to a new file."
            except OSError as exc:
                message += f"; saving a new file failed ({describe_os_error(exc)})."
        else:
            message += " and a new, empty bookmark list was started."
        self.problem(message)
        self._seen_generation = -1
        self._on_load({})
        with contextlib.suppress(CorruptFileError, OSError):
            self._storage.read()
            self._after_load()

    # -- writing ---------------------------------------------------------------------------

    @contextlib.contextmanager
    def _file_lock(self) -> Iterator[None]:
        try:
            self._lock.acquire()
        except filelock.Timeout as exc:
            raise StoreError(
                f"Another program has kept the bookmark file locked for {LOCK_TIMEOUT:.0f} s "
                f"({self.lock_path})."
            ) from exc
        except OSError as exc:
            raise StoreError(
                f"Could not save to {self.path}: the lock file could not be created "
                f"({describe_os_error(exc)})."
            ) from exc
        try:
            yield
        finally:
            self._lock.release()

    @contextlib.contextmanager
    def session(self) -> Iterator[None]:
        """One read-modify-write: thread mutex, file lock, then a fresh look at the file
        (``on_load`` runs if it changed). Raises ``StoreError`` if the file is not writable."""
        with self.mutex:
            if self.mode != READ_WRITE or self._db is None:
                raise StoreError(self._not_writable or "The bookmark store is not writable.")
            with self._file_lock():
                self.refresh(locked=True)
                if self.mode != READ_WRITE or self._db is None:
                    raise StoreError(self._not_writable)
                yield

    def modify(self, table: str, change: Callable[[RawTable], None]) -> None:
        """Apply ``change`` to ``table``'s raw records and save, durably, in one write (the
        ``meta`` table is written first on the very first save). Only inside a session;
        ``StoreError`` if saving failed, the file then being as it was."""
        assert self._db is not None and self._storage is not None
        try:
            if schema_version(self._storage.cached or {}) is None:
                self._db.table(META).modify(put_schema_version)
            self._db.table(table).modify(change)
        except OSError as exc:
            raise StoreError(f"Could not save to {self.path}: {describe_os_error(exc)}.") from exc
        self._last_good = self._storage.cached

    def close(self) -> None:
        """Release the file handles (the next read opens the file again)."""
        with self.mutex:
            if self._storage is not None:
                self._storage.close()
