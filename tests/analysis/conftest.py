"""Fixtures the analysis tests share."""

from __future__ import annotations

from pathlib import Path

import pytest

STORY = (
    "Harbour News {n}\n\n"
    "The harbour was calm and the morning was lovely. Everyone smiled at boat {n}.\n\n"
    "Then the storm came. It was a terrible night and the boats were wrecked.\n"
)


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    """Seven short stories (``00.txt`` … ``06.txt``, enough for a process pool) and a
    binary file, ``03b.bin``, that fails to load in the middle of the list."""
    folder = tmp_path / "docs"
    folder.mkdir()
    for n in range(7):
        (folder / f"{n:02d}.txt").write_text(STORY.format(n=n), encoding="utf-8")
    (folder / "03b.bin").write_bytes(b"\x00\x01\x02binary" * 200)
    return folder
