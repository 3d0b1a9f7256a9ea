"""How far the loader is through the slow file it is reading now (a PDF's pages), for a
status line to show while a big book loads. Written by the loading thread, read by the UI;
a single reference assignment, so no lock is needed."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ReadProgress:
    path: str
    done: int
    total: int
    unit: str

    def describe(self) -> str:
        """``reading book.pdf: page 120/480``."""
        name = os.path.basename(self.path)
        return f"reading {name}: {self.unit} {self.done:,}/{self.total:,}"


_current: ReadProgress | None = None


def report(path: str, done: int, total: int, unit: str = "page") -> None:
    """The loader has read ``done`` of ``total`` units of ``path`` (all: it is finished)."""
    global _current
    _current = ReadProgress(path, done, total, unit) if done < total else None


def current() -> ReadProgress | None:
    """The file being read now, if a slow loader is in the middle of one."""
    return _current
