"""The analysis cache: cached and fresh analyses are equal; damage means recompute."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.cache.pack import pack
from analysis.cache.store import SUFFIX, AnalysisCache
from analysis.load.files import load_document, with_sentences
from analysis.nlp.corpus import Corpus, analyze_document
from analysis.pipeline import Analysed, Loaded, run_pipeline

ROOT = Path(__file__).resolve().parents[2]
SEED = next((ROOT / "seeds").glob("*.txt"))


def _fresh(path: Path):
    return analyze_document(with_sentences(load_document(path, split=False)))


def test_round_trip_equals_fresh_analysis(tmp_path: Path) -> None:
    fresh = _fresh(SEED)
    cache = AnalysisCache(tmp_path)
    cache.put(fresh)
    cached = cache.get(load_document(SEED, split=False))
    assert cached is not None
    assert cached == fresh
    assert list(cached.document.sentences) == list(fresh.document.sentences)
    assert cached.sentiment == fresh.sentiment
    assert dict(cached.terms.counts) == dict(fresh.terms.counts)
    # Keyword ranking, which uses the per-paragraph spread, is the same too.
    one, two = Corpus(), Corpus()
    one.add(fresh)
    two.add(cached)
    assert one.keywords(0) == two.keywords(0)


def test_an_entry_is_the_sealed_packed_analysis_and_nothing_else(tmp_path: Path) -> None:
    """One format: a seal line, then the packed copy (no second copy of the data)."""
    fresh = _fresh(SEED)
    cache = AnalysisCache(tmp_path)
    cache.put(fresh)
    (entry,) = list(cache.root.glob(f"*/*{SUFFIX}"))
    seal, _, blob = entry.read_bytes().partition(b"\n")
    assert len(seal) == 64 and blob == pack(fresh)


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b[: len(b) // 2],  # truncated
        lambda b: b[:-10] + bytes([b[-10] ^ 1]) + b[-9:],  # one flipped bit
        lambda b: b"not an entry at all",
        lambda b: b"",
    ],
)
def test_damaged_entry_is_recomputed_not_trusted(tmp_path: Path, damage) -> None:
    cache = AnalysisCache(tmp_path)
    fresh = _fresh(SEED)
    cache.put(fresh)
    (entry,) = list(cache.root.glob(f"*/*{SUFFIX}"))
    entry.write_bytes(damage(entry.read_bytes()))
    assert cache.get(load_document(SEED, split=False)) is None
    assert not entry.exists()  # dropped, so the next put rewrites it


def test_entry_for_another_text_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.txt"
    other.write_text("A different text. It has two sentences.\n", encoding="utf-8")
    cache = AnalysisCache(tmp_path / "cache")
    cache.put(_fresh(SEED))
    seed_doc = load_document(SEED, split=False)
    other_doc = load_document(other, split=False)
    (entry,) = list(cache.root.glob(f"*/*{SUFFIX}"))
    target = cache.root / other_doc.sha256[:2] / f"{other_doc.sha256}{SUFFIX}"
    target.parent.mkdir(parents=True, exist_ok=True)
    entry.rename(target)  # the seed's analysis under the other text's key
    assert cache.get(other_doc) is None
    assert cache.get(seed_doc) is None


def test_an_entry_written_with_another_key_is_recomputed(tmp_path: Path) -> None:
    """A cache folder copied from elsewhere, or an entry forged without the key: dropped."""
    fresh = _fresh(SEED)
    cache = AnalysisCache(tmp_path)
    cache.put(fresh)
    (entry,) = list(cache.root.glob(f"*/*{SUFFIX}"))
    (tmp_path / "sealing.key").unlink()
    other = AnalysisCache(tmp_path)
    other.prepare()  # a new key
    assert other.get(load_document(SEED, split=False)) is None
    assert not entry.exists()


def test_pipeline_uses_the_cache_the_second_time(tmp_path: Path) -> None:
    def run() -> list[Analysed]:
        events = list(run_pipeline([str(SEED)], workers=1, cache_dir=tmp_path))
        assert isinstance(events[0], Loaded)
        return [e for e in events if isinstance(e, Analysed)]

    (first,) = run()
    (second,) = run()
    assert not first.cached and second.cached
    assert second.analysis == first.analysis


def test_eviction_keeps_the_folder_bounded(tmp_path: Path) -> None:
    cache = AnalysisCache(tmp_path, limit_bytes=1)
    cache.put(_fresh(SEED))
    cache.evict()
    assert list(cache.root.glob(f"*/*{SUFFIX}")) == []


def test_unwritable_cache_is_harmless(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    cache = AnalysisCache(blocker)  # its root lies under a regular file
    fresh = _fresh(SEED)
    cache.put(fresh)  # must not raise
    assert cache.get(load_document(SEED, split=False)) is None
