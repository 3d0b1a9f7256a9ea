"""The analysis cache never trusts what it reads: damaged, foreign or tampered entries are
recomputed (through the whole pipeline), an unusable cache folder costs only speed, and
what the cache writes is readable by its owner only.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from analysis.cache.pack import pack
from analysis.cache.store import SUFFIX, AnalysisCache
from analysis.load.files import build_document, load_document, with_sentences
from analysis.model import DocumentAnalysis
from analysis.nlp.corpus import analyze_document
from analysis.pipeline import Analysed, Failed, run_pipeline

TEXT = (
    "A Fine Morning\n\n"
    "The harbour was calm and the morning was lovely. Everyone smiled at the boats.\n\n"
    "Then the storm came. It was a terrible night and the boats were wrecked.\n"
)


def analyses(docs: Path, cache: Path) -> list[Analysed]:
    events = list(run_pipeline([str(docs)], workers=1, cache_dir=cache))
    assert not [e for e in events if isinstance(e, Failed)]
    return [e for e in events if isinstance(e, Analysed)]


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "story.txt").write_text(TEXT, encoding="utf-8")
    return folder


def entries(cache: Path) -> list[Path]:
    return sorted(cache.glob(f"*/*/*{SUFFIX}"))


def seal(blob: bytes) -> bytes:
    """An entry with a correct checksum but no key: what a tamperer leaves."""
    return hashlib.sha256(blob).hexdigest().encode() + b"\n" + blob


def _flip_middle(raw: bytes) -> bytes:
    middle = len(raw) // 2
    return raw[:middle] + bytes([raw[middle] ^ 0x20]) + raw[middle + 1 :]


BYTE_DAMAGE: dict[str, Callable[[bytes], bytes]] = {
    "truncated": lambda raw: raw[: len(raw) // 3],
    "flipped-byte": _flip_middle,
    "checksum-only": lambda raw: raw.split(b"\n", 1)[0] + b"\n",
    "not-an-entry": lambda raw: raw.split(b"\n", 1)[0] + b"\n{not an entry",
    "empty": lambda raw: b"",
    "binary": lambda raw: os.urandom(512),
}


def _terms(analysis: DocumentAnalysis, **changes: Any) -> DocumentAnalysis:
    return replace(analysis, terms=replace(analysis.terms, **changes))


RESEALED: dict[str, Callable[[DocumentAnalysis], DocumentAnalysis]] = {
    "same-analysis": lambda a: a,
    "escape-in-keyword": lambda a: _terms(
        a, surfaces={**a.terms.surfaces, "harbour": "\x1b]52;c;eA==\x07"}
    ),
    "negative-count": lambda a: _terms(a, counts={**a.terms.counts, "harbour": -3}),
    "stats-wrong-count": lambda a: replace(a, stats=replace(a.stats, sentences=999)),
    "escape-in-title": lambda a: replace(a, document=replace(a.document, title="\x1b]0;PWNED\x07")),
}
"""Entries rewritten by someone without the key, with a plain checksum: never read."""


@pytest.mark.parametrize("damage", list(BYTE_DAMAGE), ids=list(BYTE_DAMAGE))
def test_damaged_bytes_are_recomputed_by_the_pipeline(
    docs: Path, tmp_path: Path, damage: str
) -> None:
    cache = tmp_path / "cache"
    (fresh,) = analyses(docs, cache)
    (entry,) = entries(cache)
    good = entry.read_bytes()
    entry.write_bytes(BYTE_DAMAGE[damage](good))
    (again,) = analyses(docs, cache)
    assert not again.cached and again.analysis == fresh.analysis
    assert entry.read_bytes() == good  # rewritten whole
    (third,) = analyses(docs, cache)
    assert third.cached and third.analysis == fresh.analysis


@pytest.mark.parametrize("damage", list(RESEALED), ids=list(RESEALED))
def test_entries_resealed_without_the_key_are_recomputed(
    docs: Path, tmp_path: Path, damage: str
) -> None:
    cache = tmp_path / "cache"
    (fresh,) = analyses(docs, cache)
    (entry,) = entries(cache)
    # What the format cannot hold (a negative count) is resealed as a cut-short copy.
    blob = pack(RESEALED[damage](fresh.analysis)) or entry.read_bytes().split(b"\n", 1)[1][:-1]
    entry.write_bytes(seal(blob))
    (again,) = analyses(docs, cache)
    analysis = again.analysis
    assert not again.cached
    assert analysis == fresh.analysis
    assert "\x1b" not in analysis.document.title
    assert not any("\x1b" in surface for surface in analysis.terms.surfaces.values())


def test_another_texts_entry_renamed_into_place_is_refused(docs: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    other = docs / "other.txt"
    other.write_text("A completely different text. Nothing alike.\n", encoding="utf-8")
    first = {Path(a.analysis.document.path).name: a.analysis for a in analyses(docs, cache)}
    story_doc = load_document(docs / "story.txt", split=False)
    other_doc = load_document(other, split=False)
    root = AnalysisCache(cache).root
    story_entry = root / story_doc.sha256[:2] / f"{story_doc.sha256}{SUFFIX}"
    other_entry = root / other_doc.sha256[:2] / f"{other_doc.sha256}{SUFFIX}"
    os.replace(story_entry, other_entry)  # the story's analysis under the other's key
    second = {Path(a.analysis.document.path).name: a for a in analyses(docs, cache)}
    assert not second["other.txt"].cached and not second["story.txt"].cached
    assert second["other.txt"].analysis == first["other.txt"]
    assert second["story.txt"].analysis == first["story.txt"]


def test_identical_texts_keep_their_own_titles(tmp_path: Path) -> None:
    """The cache is keyed by the text; a title that comes from the file name must not
    travel with it to another file holding the same text."""
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("alpha.txt", "beta.txt"):
        (docs / name).write_bytes(b"")  # no text at all: titled by the file name
    results = analyses(docs, tmp_path / "cache")
    titles = {Path(a.analysis.document.path).name: a.analysis.document.title for a in results}
    assert titles == {"alpha.txt": "alpha.txt", "beta.txt": "beta.txt"}
    assert [a.cached for a in results] == [False, True]  # beta's analysis came from alpha's


def test_cache_files_and_folders_are_owner_only(tmp_path: Path) -> None:
    old = os.umask(0)  # the most permissive umask: the modes must not depend on it
    try:
        base = tmp_path / "xdg-cache" / "lectern"
        cache = AnalysisCache(base)
        cache.put(analyze_document(build_document("/d/doc.txt", TEXT)))
    finally:
        os.umask(old)
    created = [tmp_path / "xdg-cache", base, *sorted(base.rglob("*"))]
    modes = {p.relative_to(tmp_path).as_posix(): stat.S_IMODE(p.stat().st_mode) for p in created}
    assert len(modes) == 6, modes  # xdg-cache, lectern, sealing.key, v…-…, xx, entry
    for name, mode in modes.items():
        expected = 0o600 if name.endswith((SUFFIX, "sealing.key")) else 0o700
        assert mode == expected, f"{name}: {oct(mode)}"


def _deny_writes_under(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``folder`` behave as unwritable (the suite runs as root, so chmod would not)."""
    real_open, real_mkdir = os.open, os.mkdir

    def guarded_open(path, flags, *args, **kwargs):
        writing = flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT)
        if writing and str(os.fspath(path)).startswith(str(folder)):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    def guarded_mkdir(path, *args, **kwargs):
        if str(os.fspath(path)).startswith(str(folder)):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_mkdir(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", guarded_open)
    monkeypatch.setattr(os, "mkdir", guarded_mkdir)


@pytest.mark.parametrize("how", ["unwritable", "is-a-file", "full-disk"])
def test_unusable_cache_folder_only_costs_speed(
    docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    cache = tmp_path / "cache"
    if how == "unwritable":
        cache.mkdir()
        _deny_writes_under(cache, monkeypatch)
    elif how == "is-a-file":
        cache.write_text("not a folder")
    else:
        real_fdopen = os.fdopen

        class FullDisk:
            """A file whose every write fails as on a full disk."""

            def __init__(self, handle: Any) -> None:
                self.handle = handle

            def __enter__(self) -> FullDisk:
                return self

            def __exit__(self, *exc: object) -> None:
                self.handle.close()

            def write(self, data: bytes) -> int:
                raise OSError(errno.ENOSPC, "No space left on device")

        def full_fdopen(fd: int, *args: Any, **kwargs: Any) -> Any:
            handle = real_fdopen(fd, *args, **kwargs)
            if os.readlink(f"/proc/self/fd/{fd}").startswith(str(cache)):
                return FullDisk(handle)
            return handle

        monkeypatch.setattr(os, "fdopen", full_fdopen)
    expected = analyze_document(with_sentences(load_document(docs / "story.txt", split=False)))
    for _ in range(2):  # twice: nothing was cached, nothing breaks
        (result,) = analyses(docs, cache)
        assert not result.cached and result.analysis == expected
    if how != "is-a-file":
        assert not [p for p in cache.rglob("*") if p.is_file()]  # no half-written litter


async def test_dashboard_works_with_an_unwritable_cache(
    docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.tui.app_harness import make_app, ready, screen_text

    cache = Path(os.environ["LECTERN_CACHE_DIR"])
    cache.mkdir(parents=True, exist_ok=True)
    _deny_writes_under(cache, monkeypatch)
    app = make_app([str(docs)], tmp_path / "store" / "bookmarks.json")
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert len(app.dashboard.analyses) == 1 and not app.dashboard.failures
        assert "The harbour was calm" in screen_text(app)
        await pilot.press("j", "t")
        assert app.is_running
    assert not [p for p in cache.rglob("*") if p.is_file()]
