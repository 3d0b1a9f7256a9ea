"""Reading documents in the pool (``analysis.pipeline.readahead``): what a worker hands back, and
the dashboard pipeline giving the same events with a pre-started pool as without."""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import pytest

from analysis.cache.store import AnalysisCache
from analysis.load.files import load_document
from analysis.model import DocumentAnalysis, LoadFailure
from analysis.pipeline import Analysed, Failed, Loaded, run_pipeline
from analysis.pipeline.pool import start_pool
from analysis.pipeline.readahead import (
    HAND_OVER_LIMIT,
    Fetched,
    ReadHere,
    discard_unread,
    fetch_files,
    fetched,
)
from analysis.pipeline.work import analyze_loaded


def _textless(analysis: DocumentAnalysis) -> DocumentAnalysis:
    return replace(analysis, document=replace(analysis.document, text=""))


def test_a_worker_hands_back_documents_and_cache_hits(docs: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    cache = AnalysisCache(cache_dir)
    cache.prepare()  # sealed entries carry the packed copy a worker hands over
    hit_path = str(docs / "00.txt")
    fresh = analyze_loaded(load_document(hit_path, split=False), str(cache_dir))
    big = docs / "05big.txt"
    big.write_text("word " * (HAND_OVER_LIMIT // 5 + 10), encoding="utf-8")
    paths = [hit_path, str(docs / "01.txt"), str(docs / "03b.bin"), str(big)]

    out = fetch_files(paths, 50 * 1024 * 1024, str(cache_dir))

    assert [len(items) for items in out] == [1, 1, 1, 1]
    hit, miss, failure, left = (items[0] for items in out)
    assert isinstance(hit, Fetched) and hit.packed is not None
    rebuilt = hit.rebuild()
    assert rebuilt is not None
    assert rebuilt.document.text == hit.document.text
    assert _textless(rebuilt) == _textless(fresh)
    assert isinstance(miss, Fetched) and miss.packed is None and miss.rebuild() is None
    assert miss.document == load_document(str(docs / "01.txt"), split=False)
    assert isinstance(failure, LoadFailure) and failure.kind == "binary"
    assert left == ReadHere(str(big))


def test_an_entry_stored_without_prepare_is_sealed_and_handed_over_packed(
    docs: Path, tmp_path: Path
) -> None:
    cache_dir = tmp_path / "cache"  # never prepared: storing makes the key itself
    path = str(docs / "02.txt")
    fresh = analyze_loaded(load_document(path, split=False), str(cache_dir))
    (item,) = fetch_files([path], 50 * 1024 * 1024, str(cache_dir))[0]
    assert isinstance(item, Fetched) and item.packed is not None and item.analysis is None
    rebuilt = item.rebuild()
    assert rebuilt is not None and rebuilt.document.text == item.document.text
    assert _textless(rebuilt) == _textless(fresh)


def _summary(events: list) -> list[tuple]:
    out = []
    for event in events:
        if isinstance(event, Loaded):
            out.append(("loaded", event.document.path, event.document.text))
        elif isinstance(event, Analysed):
            analysis = event.analysis
            out.append(
                ("analysed", analysis.document.path, analysis.document.text, _textless(analysis))
            )
        else:
            assert isinstance(event, Failed)
            out.append(("failed", event.failure.path, event.failure.kind))
    return out


@pytest.mark.parametrize("warm", [False, True])
def test_a_given_pool_gives_the_same_events(docs: Path, tmp_path: Path, warm: bool) -> None:
    paths = sorted(str(p) for p in docs.iterdir())
    reference = _summary(list(run_pipeline(paths, workers=1, cache_dir=tmp_path / "ref")))
    cache_dir = tmp_path / "cache"
    if warm:
        list(run_pipeline(paths, workers=1, cache_dir=cache_dir))
    pool = start_pool(2)
    try:
        events = list(run_pipeline(paths, workers=2, cache_dir=cache_dir, pool=pool))
    finally:
        pool.shutdown()
    got = _summary(events)
    assert sorted(got, key=repr) == sorted(reference, key=repr)
    loaded = [entry[1] for entry in got if entry[0] in ("loaded", "failed")]
    assert loaded == [entry[1] for entry in reference if entry[0] in ("loaded", "failed")]
    cached = [e.cached for e in events if isinstance(e, Analysed)]
    assert all(cached) if warm else not any(cached)


class _SpyPool:
    """A given pool that records what it is asked to run."""

    def __init__(self, pool: ProcessPoolExecutor) -> None:
        self.pool = pool
        self.submitted: list[str] = []

    def submit(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.submitted.append(fn.__name__)
        return self.pool.submit(fn, *args, **kwargs)


def test_a_given_pool_reads_ahead_before_the_cache_opens_and_never_analyses(
    docs: Path, tmp_path: Path
) -> None:
    """Right after the first ``Loaded``, reading ahead is handed to the given pool and
    ``before_cache`` is called (the dashboard waits there for its first frame) before the
    cache is opened; what is not cached is analysed by the pipeline's own pool."""
    paths = sorted(str(p) for p in docs.iterdir())
    cache_dir = tmp_path / "cache"
    spy = _SpyPool(start_pool(2))
    seen: list[tuple[list[str], bool]] = []

    def before_cache() -> None:
        seen.append((list(spy.submitted), cache_dir.exists()))

    try:
        events = run_pipeline(
            paths, workers=2, cache_dir=cache_dir, pool=spy, before_cache=before_cache
        )  # type: ignore[arg-type]
        first = next(events)
        assert isinstance(first, Loaded) and seen == []
        rest = list(events)
    finally:
        spy.pool.shutdown()
    assert len(seen) == 1
    submitted, cache_opened = seen[0]
    assert submitted and set(submitted) == {"fetch_files"} and not cache_opened
    assert set(spy.submitted) == {"fetch_files"}
    analysed = [e for e in rest if isinstance(e, Analysed)]
    assert len(analysed) == 7 and not any(e.cached for e in analysed)


def test_results_handed_over_by_file_read_back_the_same(docs: Path, tmp_path: Path) -> None:
    paths = [str(docs / "00.txt"), str(docs / "03b.bin")]
    direct = fetch_files(paths, 1 << 20, str(tmp_path / "cache"))
    name = fetch_files(paths, 1 << 20, str(tmp_path / "cache"), for_pid=os.getppid())
    assert isinstance(name, str) and Path(name).is_file()
    assert Path(name).stat().st_mode & 0o077 == 0  # private to its owner
    assert fetched(name) == direct
    assert not Path(name).exists()  # read once, then deleted
    assert fetched(direct) is direct


def test_an_unread_handover_file_is_deleted(docs: Path, tmp_path: Path) -> None:
    with ThreadPoolExecutor(1) as pool:
        future = pool.submit(
            fetch_files, [str(docs / "00.txt")], 1 << 20, None, for_pid=os.getppid()
        )
        name = future.result()
        assert isinstance(name, str) and Path(name).exists()
        discard_unread(future)
    assert not Path(name).exists()


def test_nothing_is_handed_over_to_a_dashboard_that_is_gone(docs: Path) -> None:
    """A worker still reading when the dashboard quit writes no file (its name would
    carry a pid that may be reused, and nobody would read it)."""
    gone = os.getppid() + 1 if os.getppid() + 1 != os.getpid() else os.getppid() + 2
    found = fetch_files([str(docs / "00.txt")], 1 << 20, None, for_pid=gone)
    assert isinstance(found, list) and isinstance(found[0][0], Fetched)


def test_read_ahead_keeps_a_bounded_number_of_chunks_in_flight(
    docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each chunk read ahead waits in a temp file with its texts: only FETCH_AHEAD chunks
    are out at a time, more as they are taken."""
    import analysis.pipeline.readahead as prefetch

    monkeypatch.setattr(prefetch, "FETCH_CHUNK", 1)
    monkeypatch.setattr(prefetch, "FETCH_AHEAD", 2)
    paths = sorted(str(p) for p in docs.iterdir())  # 7 stories and a binary file
    spy = _SpyPool(start_pool(2))
    submitted_at_pause: list[int] = []
    try:
        events = run_pipeline(
            paths,
            workers=2,
            cache_dir=tmp_path / "cache",
            pool=spy,  # type: ignore[arg-type]
            before_cache=lambda: submitted_at_pause.append(len(spy.submitted)),
        )
        all_events = list(events)
    finally:
        spy.pool.shutdown()
    assert submitted_at_pause == [2]
    assert len(spy.submitted) == len(paths) - 1  # every later file, one chunk each
    assert len([e for e in all_events if isinstance(e, Analysed)]) == 7
    assert len([e for e in all_events if isinstance(e, Failed)]) == 1
