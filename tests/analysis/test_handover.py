"""A big document's analysis comes back from the worker compactly (``analysis.pipeline.handover``),
equal to the analysis made in-thread, and nothing is left behind in the temp folder."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest

import analysis.pipeline.dashboard as pipeline
import analysis.pipeline.handover as handover
from analysis.cache.store import AnalysisCache
from analysis.load.files import build_document
from analysis.model import Scores, ScoresArray
from analysis.nlp.corpus import analyze_document
from analysis.pipeline import Analysed, Loaded, run_pipeline
from analysis.pipeline.compact import (
    CompoundColumn,
    NarrowSpans,
    ParagraphOwners,
    RoundedScores,
    SmoothedArc,
)
from analysis.pipeline.handover import (
    discard_handover_file,
    new_handover_file,
    read_analysis,
    remove_stale_handover_files,
    write_analysis,
)
from analysis.pipeline.pool import WORKER_NICENESS

# ---------------------------------------------------------------- write and read

STORY = (
    "The Harbour\n\n"
    "The harbour was calm and the morning was lovely. Everyone smiled at the boats.\n\n"
    "Then the storm came! It was a terrible night, and the boats were wrecked.\n"
    "Nobody slept. By dawn the sea was grey and quiet.\n\n"
)


@pytest.fixture
def handover_file(tmp_path: Path) -> str:
    path = tmp_path / "handover.bin"
    path.touch()
    return str(path)


@pytest.mark.parametrize("lazy_smoothed", [False, True])
def test_analysis_round_trips_and_is_stored_small(
    handover_file: str, monkeypatch: pytest.MonkeyPatch, lazy_smoothed: bool
) -> None:
    monkeypatch.setattr(handover, "LAZY_SMOOTHED_MIN", 4 if lazy_smoothed else 1 << 40)
    text = STORY * 30
    analysis = analyze_document(build_document("/doc.txt", text))
    handed = write_analysis(analysis, handover_file)
    assert len(pickle.dumps(handed)) < 10_000  # the arrays went to the file
    assert handed.analysis.document.text == ""
    loaded = build_document("/doc.txt", text, split=False)  # what the dashboard holds
    got = read_analysis(loaded, handed, handover_file)
    assert got == analysis
    assert got.document.text is loaded.text and got.document.paragraphs is loaded.paragraphs
    assert isinstance(got.sentiment.sentences, RoundedScores)
    assert isinstance(got.sentiment.paragraphs, RoundedScores)
    assert isinstance(got.sentiment.arc, CompoundColumn)
    assert isinstance(got.document.sentences, NarrowSpans)
    assert isinstance(got.document.sentence_paragraph, ParagraphOwners)
    assert isinstance(got.sentiment.smoothed, SmoothedArc) is lazy_smoothed
    assert got.document.sentence_at(len(text) - 3) == analysis.document.sentence_at(len(text) - 3)


def test_scores_that_are_not_rounded_come_back_as_floats(handover_file: str) -> None:
    analysis = analyze_document(build_document("/doc.txt", STORY))
    odd = ScoresArray([Scores(0.1234567, 0.5, 0.4, 0.3)] * len(analysis.sentiment.sentences))
    analysis = replace(
        analysis, sentiment=replace(analysis.sentiment, sentences=odd, arc=odd.compounds())
    )
    got = read_analysis(
        build_document("/doc.txt", STORY, split=False),
        write_analysis(analysis, handover_file),
        handover_file,
    )
    assert got == analysis
    assert isinstance(got.sentiment.sentences, ScoresArray)


def test_a_handover_for_another_text_or_a_cut_file_is_refused(handover_file: str) -> None:
    analysis = analyze_document(build_document("/doc.txt", STORY))
    handed = write_analysis(analysis, handover_file)
    with pytest.raises(ValueError, match="another text"):
        read_analysis(
            build_document("/doc.txt", STORY + "More.", split=False), handed, handover_file
        )
    with open(handover_file, "r+b") as stream:
        stream.truncate(os.path.getsize(handover_file) - 1)
    with pytest.raises(ValueError, match="shorter"):
        read_analysis(build_document("/doc.txt", STORY, split=False), handed, handover_file)


def test_the_worker_writes_nothing_once_the_receiver_gave_up(tmp_path: Path) -> None:
    analysis = analyze_document(build_document("/doc.txt", STORY))
    with pytest.raises(FileNotFoundError):
        write_analysis(analysis, str(tmp_path / "removed.bin"))
    assert not list(tmp_path.iterdir())


# ---------------------------------------------------------------- through the pipeline


def test_big_documents_come_back_compact_and_equal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = tmp_path / "book.txt"
    book.write_text("“Quoted.” " + STORY * 40, encoding="utf-8")
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))

    def analysed() -> Analysed:
        events = list(run_pipeline([str(book)], workers=1, use_cache=False, texts=True))
        assert [type(e) for e in events] == [Loaded, Analysed]
        return events[1]

    monkeypatch.setattr(pipeline, "BIG_CHARS", 100)
    big = analysed().analysis
    monkeypatch.setattr(pipeline, "BIG_CHARS", 10**12)
    small = analysed().analysis
    assert big == small
    assert big.document.text == small.document.text
    assert isinstance(big.sentiment.sentences, RoundedScores)
    assert not list(temp.iterdir())  # the handover file is gone


def test_a_big_document_is_analysed_at_low_priority(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its worker takes a core for minutes: the dashboard's keys must come first."""
    book = tmp_path / "book.txt"
    book.write_text("“Quoted.” " + STORY * 40, encoding="utf-8")
    monkeypatch.setattr(pipeline, "BIG_CHARS", 100)
    real_new_pool = pipeline.new_pool
    pools: list[tuple[int, int]] = []

    def new_pool(workers: int, *, nice: int = 0):
        pools.append((workers, nice))
        return real_new_pool(workers, nice=nice)

    monkeypatch.setattr(pipeline, "new_pool", new_pool)
    events = list(run_pipeline([str(book)], workers=1, use_cache=False, texts=True))
    assert [type(e) for e in events] == [Loaded, Analysed]
    assert pools == [(1, WORKER_NICENESS)]


def test_a_big_documents_cache_entry_is_read_by_the_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A big entry (156 MB for a 100 MB book) read in the dashboard's process cost it
    several times the file's size; the worker reads it and hands the analysis over."""
    book = tmp_path / "book.txt"
    book.write_text("“Quoted.” " + STORY * 40, encoding="utf-8")
    cache_dir = tmp_path / "cache"
    monkeypatch.setattr(pipeline, "BIG_CHARS", 100)
    here = os.getpid()
    looked_up_here: list[str] = []
    real_get = AnalysisCache.get

    def get(self, doc, *args, **kwargs):
        if os.getpid() == here:
            looked_up_here.append(doc.path)
        return real_get(self, doc, *args, **kwargs)

    monkeypatch.setattr(AnalysisCache, "get", get)

    def events() -> list:
        return list(run_pipeline([str(book)], workers=1, cache_dir=cache_dir, texts=True))

    cold = events()
    warm = events()
    assert [(type(e), getattr(e, "cached", None)) for e in cold] == [
        (Loaded, None),
        (Analysed, False),
    ]
    assert [(type(e), getattr(e, "cached", None)) for e in warm] == [
        (Loaded, None),
        (Analysed, True),
    ]
    assert warm[1].analysis == cold[1].analysis
    assert isinstance(warm[1].analysis.sentiment.sentences, RoundedScores)
    assert looked_up_here == []


def test_files_of_dead_dashboards_are_swept(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    mine = new_handover_file()
    assert mine is not None and Path(mine).parent == tmp_path
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    stale = tmp_path / f"lectern-analysis-{gone.pid}-abc123.bin"
    stale.write_bytes(b"left by a killed dashboard")
    unrelated = tmp_path / f"lectern-notes-{gone.pid}-abc123.bin"
    unrelated.touch()
    assert remove_stale_handover_files(str(tmp_path)) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([Path(mine).name, unrelated.name])
    discard_handover_file(mine)
    discard_handover_file(mine)  # twice is fine
    assert not Path(mine).exists()
