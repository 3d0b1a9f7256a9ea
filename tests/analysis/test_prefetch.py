"""Reading documents in the pool (``analysis.prefetch``): what a worker hands back, and
the dashboard pipeline giving the same events with a pre-started pool as without."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from analysis.cache import AnalysisCache
from analysis.loader import load_document
from analysis.model import DocumentAnalysis, LoadFailure
from analysis.pipeline import Analysed, Failed, Loaded, analyze_loaded, run_pipeline
from analysis.prefetch import HAND_OVER_LIMIT, Fetched, ReadHere, fetch_files, start_pool


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
    rebuilt = hit.cached()
    assert rebuilt is not None
    assert rebuilt.document.text == hit.document.text
    assert _textless(rebuilt) == _textless(fresh)
    assert isinstance(miss, Fetched) and miss.packed is None and miss.cached() is None
    assert miss.document == load_document(str(docs / "01.txt"), split=False)
    assert isinstance(failure, LoadFailure) and failure.kind == "binary"
    assert left == ReadHere(str(big))


def test_an_unsealed_entry_comes_back_as_an_analysis(docs: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"  # never prepared: entries sealed with a plain checksum
    path = str(docs / "02.txt")
    fresh = analyze_loaded(load_document(path, split=False), str(cache_dir))
    (item,) = fetch_files([path], 50 * 1024 * 1024, str(cache_dir))[0]
    assert isinstance(item, Fetched) and item.packed is None and item.analysis is not None
    rebuilt = item.cached()
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
