"""The pipeline's two modes agree: ``texts=False`` (``lectern analyze``: files read and
analysed in the pool's processes, results in input order, no ``Loaded`` events) gives the
same analyses as ``texts=True`` (the dashboard), in-thread or with a pool."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from analysis.model import DocumentAnalysis
from analysis.pipeline import Analysed, Failed, Loaded, Split, run_pipeline
from analysis.pipeline.pool import chunk_size


def _key(event: Analysed | Failed) -> tuple:
    if isinstance(event, Failed):
        return ("failed", event.failure.path, event.failure.kind)
    analysis = event.analysis
    return ("analysed", _textless(analysis))


def _textless(analysis: DocumentAnalysis) -> DocumentAnalysis:
    return replace(analysis, document=replace(analysis.document, text=""))


def _reference(docs: Path, cache: Path) -> list[tuple]:
    events = list(run_pipeline([str(docs)], workers=1, cache_dir=cache, texts=True))
    by_path: dict[str, tuple] = {}
    order: list[str] = []
    for event in events:
        if isinstance(event, Loaded):
            order.append(event.document.path)
        elif isinstance(event, Analysed):
            by_path[event.analysis.document.path] = _key(event)
        else:
            order.append(event.failure.path)
            by_path[event.failure.path] = _key(event)
    return [by_path[path] for path in order]


@pytest.mark.parametrize("workers", [1, 2])
def test_headless_mode_matches_the_dashboard_mode(docs: Path, tmp_path: Path, workers: int):
    expected = _reference(docs, tmp_path / "reference-cache")
    events = list(
        run_pipeline([str(docs)], workers=workers, cache_dir=tmp_path / "cache", texts=False)
    )
    assert not any(isinstance(event, Loaded) for event in events)
    assert [_key(event) for event in events] == expected
    assert [event.cached for event in events if isinstance(event, Analysed)] == [False] * 7
    again = list(
        run_pipeline([str(docs)], workers=workers, cache_dir=tmp_path / "cache", texts=False)
    )
    assert [_key(event) for event in again] == expected
    assert all(event.cached for event in again if isinstance(event, Analysed))


def test_dashboard_mode_with_a_pool_gives_texts_back(docs: Path, tmp_path: Path) -> None:
    expected = _reference(docs, tmp_path / "reference-cache")
    events = list(run_pipeline([str(docs)], workers=2, cache_dir=tmp_path / "cache"))
    loaded = {e.document.path: e.document.text for e in events if isinstance(e, Loaded)}
    analysed = [e for e in events if isinstance(e, Analysed)]
    assert len(analysed) == 7 and not any(e.cached for e in analysed)
    for event in analysed:
        assert event.analysis.document.text == loaded[event.analysis.document.path] != ""
    got = [_key(e) for e in events if not isinstance(e, Loaded)]
    assert len(got) == len(expected) and all(key in expected for key in got)


def test_chunks_shrink_towards_the_end() -> None:
    assert chunk_size(1000, 2) == 16
    assert chunk_size(40, 2) == 5
    assert chunk_size(3, 2) == 1
    assert chunk_size(0, 2) == 1


def test_headless_mode_keeps_input_order_when_some_are_cached(docs: Path, tmp_path: Path):
    expected = _reference(docs, tmp_path / "reference-cache")
    cache = tmp_path / "cache"
    some = tmp_path / "some"
    some.mkdir()
    for name in ("00.txt", "02.txt", "05.txt"):
        (some / name).write_bytes((docs / name).read_bytes())
    list(run_pipeline([str(some)], workers=1, cache_dir=cache, texts=False))
    events = list(run_pipeline([str(docs)], workers=2, cache_dir=cache, texts=False))
    assert [_key(event) for event in events] == expected
    cached = [Path(e.analysis.document.path).name for e in events if getattr(e, "cached", False)]
    assert cached == ["00.txt", "02.txt", "05.txt"]


def test_the_first_document_comes_before_the_cache_is_opened(docs: Path, tmp_path: Path):
    """The dashboard shows the first document in its first frame and pauses the pipeline
    right after it: opening the cache (its modules, folder and sealing key) waits until
    then, so it never delays that frame."""
    cache = tmp_path / "cache"
    events = run_pipeline([str(docs / "00.txt"), str(docs / "01.txt")], cache_dir=cache)
    first = next(events)
    assert isinstance(first, Loaded) and first.document.path.endswith("00.txt")
    assert not cache.exists()
    rest = list(events)
    assert [type(e) for e in rest] == [Analysed, Loaded, Analysed]
    assert (cache / "sealing.key").exists()
    again = list(run_pipeline([str(docs / "00.txt"), str(docs / "01.txt")], cache_dir=cache))
    assert [e.cached for e in again if isinstance(e, Analysed)] == [True, True]


def test_early_sentences_come_before_the_analysis_and_agree_with_it(
    docs: Path, tmp_path: Path
) -> None:
    events = list(
        run_pipeline([str(docs)], workers=1, cache_dir=tmp_path / "cache", early_sentences=True)
    )
    splits = {e.document.path: e.document for e in events if isinstance(e, Split)}
    analysed = [e.analysis.document for e in events if isinstance(e, Analysed)]
    assert analysed and set(splits) == {d.path for d in analysed}
    for doc in analysed:
        split = splits[doc.path]
        assert list(split.sentences) == list(doc.sentences) and len(doc.sentences) > 1
        assert list(split.sentence_paragraph) == list(doc.sentence_paragraph)
    kinds = [(type(e), getattr(e, "document", None) and e.document.path) for e in events]
    for path in splits:
        assert kinds.index((Split, path)) < next(
            i
            for i, e in enumerate(events)
            if isinstance(e, Analysed) and e.analysis.document.path == path
        )
    # Cached analyses need no early split, and without the option none comes.
    again = run_pipeline([str(docs)], workers=1, cache_dir=tmp_path / "cache", early_sentences=True)
    assert not any(isinstance(e, Split) for e in again)
    plain = run_pipeline([str(docs)], workers=1, cache_dir=tmp_path / "other")
    assert not any(isinstance(e, Split) for e in plain)
