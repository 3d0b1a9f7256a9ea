"""The owner-only writer shared by table exports, the bookmarks CLI and the dashboard's
bookmark export."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from analysis.private_files import write_private_text


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_file_is_owner_only_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        target = tmp_path / "notes.md"
        write_private_text(target, "private note\n")
    finally:
        os.umask(old)
    assert _mode(target) == 0o600
    assert target.read_text(encoding="utf-8") == "private note\n"


def test_existing_file_is_truncated_and_made_private(tmp_path: Path) -> None:
    target = tmp_path / "export.json"
    target.write_text("a much longer old content", encoding="utf-8")
    target.chmod(0o644)
    write_private_text(target, "new")
    assert _mode(target) == 0o600
    assert target.read_text(encoding="utf-8") == "new"


def test_exclusive_never_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "table.csv"
    target.write_text("kept", encoding="utf-8")
    with pytest.raises(FileExistsError):
        write_private_text(target, "lost", exclusive=True)
    assert target.read_text(encoding="utf-8") == "kept"


def test_newline_is_passed_on(tmp_path: Path) -> None:
    target = tmp_path / "table.csv"
    write_private_text(target, "a\r\nb\n", exclusive=True, newline="")
    assert target.read_bytes() == b"a\r\nb\n"
    assert _mode(target) == 0o600
