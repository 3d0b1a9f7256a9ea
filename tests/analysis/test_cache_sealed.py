"""Entries this installation writes are sealed with a keyed MAC and carry a packed copy
that is read back without re-checking; anything else still gets every check."""

from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import replace
from pathlib import Path

import pytest

from analysis.cache.pack import pack, unpack
from analysis.cache.store import KEY_NAME, SUFFIX, AnalysisCache
from analysis.load.files import build_document, load_document, with_sentences
from analysis.nlp.corpus import Corpus, analyze_document
from analysis.nlp.keywords import local_ranking
from analysis.pipeline import Analysed, run_pipeline

ROOT = Path(__file__).resolve().parents[2]
SEED = next((ROOT / "seeds").glob("*.txt"))

TEXTS = {
    "empty": "",
    "one-word": "Hello",
    "no-punctuation": "just some words without any end " * 40,
    "unicode": "Ünïcödé — “quotes” and emoji 😀. Zweiter Satz! Dritter?\n\nNeuer Absatz hier.",
    "lists": "Intro line.\n\n1. First item.\n2. Second item.\n\n- dash item\n- another one",
}


def _fresh(text: str, name: str = "/d/doc.txt"):
    return analyze_document(with_sentences(build_document(name, text)))


@pytest.mark.parametrize("name", list(TEXTS))
def test_packed_copy_round_trips(name: str) -> None:
    fresh = _fresh(TEXTS[name])
    blob = pack(fresh)
    assert blob is not None
    doc = build_document("/d/doc.txt", TEXTS[name], split=False)
    assert unpack(doc, blob) == fresh
    plain = unpack(doc, blob, lazy_counts=False)
    assert plain == fresh and type(plain.terms.counts) is dict


def test_a_seeds_entry_is_keyed_and_reads_back_equal(tmp_path: Path) -> None:
    fresh = analyze_document(with_sentences(load_document(SEED, split=False)))
    cache = AnalysisCache(tmp_path)
    cache.prepare()
    cache.put(fresh)
    (entry,) = cache.root.glob(f"*/*{SUFFIX}")
    seal, _, payload = entry.read_bytes().partition(b"\n")
    assert seal != hashlib.sha256(payload).hexdigest().encode()  # keyed, not a checksum
    assert payload == pack(fresh)
    doc = load_document(SEED, split=False)
    assert cache.get(doc) == fresh


def test_packed_copy_for_another_text_is_refused() -> None:
    blob = pack(_fresh(TEXTS["unicode"]))
    assert blob is not None
    other = build_document("/d/doc.txt", TEXTS["lists"], split=False)
    with pytest.raises(ValueError):
        unpack(other, blob)
    with pytest.raises(ValueError):
        unpack(other, blob[:-3])


def _run(docs: Path, cache: Path) -> list[Analysed]:
    return [
        e for e in run_pipeline([str(docs)], workers=1, cache_dir=cache) if isinstance(e, Analysed)
    ]


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXTS["unicode"], encoding="utf-8")
    return folder


def test_pipeline_gives_the_folder_an_owner_only_key(docs: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    (first,) = _run(docs, cache)
    key = cache / KEY_NAME
    assert key.stat().st_size == 32 and key.stat().st_mode & 0o777 == 0o600
    (second,) = _run(docs, cache)
    assert second.cached and second.analysis == first.analysis


def test_a_key_others_could_read_is_replaced(docs: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    known = os.urandom(32)
    (cache / KEY_NAME).write_bytes(known)
    (cache / KEY_NAME).chmod(0o644)
    (first,) = _run(docs, cache)
    key = cache / KEY_NAME
    assert key.read_bytes() != known and key.stat().st_mode & 0o777 == 0o600
    (entry,) = cache.glob(f"*/*/*{SUFFIX}")
    seal, _, payload = entry.read_bytes().partition(b"\n")
    assert seal != hmac.digest(known, payload, "sha256").hex().encode()
    (second,) = _run(docs, cache)
    assert second.cached and second.analysis == first.analysis


def test_entry_sealed_with_another_key_is_dropped(tmp_path: Path) -> None:
    fresh = _fresh(TEXTS["unicode"])
    doc = build_document("/d/doc.txt", TEXTS["unicode"], split=False)
    writer = AnalysisCache(tmp_path)
    writer.prepare()
    writer.put(fresh)
    (tmp_path / KEY_NAME).unlink()
    reader = AnalysisCache(tmp_path)
    reader.prepare()  # a new key: the old seal verifies neither as MAC nor as checksum
    assert reader.get(doc) is None
    assert not list(reader.root.glob(f"*/*{SUFFIX}"))  # dropped, to be rewritten
    reader.put(fresh)
    assert reader.get(doc) == fresh


def test_an_entry_resealed_without_the_key_is_recomputed(docs: Path, tmp_path: Path) -> None:
    """Whoever rewrites an entry without the key (here with another text's analysis, which
    claims a different word count, under a plain checksum) gets it recomputed."""
    cache = tmp_path / "cache"
    (first,) = _run(docs, cache)
    (entry,) = cache.glob(f"*/*/*{SUFFIX}")
    other = pack(_fresh(TEXTS["unicode"] + " Extra words here."))
    assert other is not None
    entry.write_bytes(hashlib.sha256(other).hexdigest().encode() + b"\n" + other)
    (again,) = _run(docs, cache)
    assert not again.cached and again.analysis == first.analysis


def test_unpacked_tables_behave_as_dicts() -> None:
    import pickle

    fresh = _fresh(TEXTS["unicode"])
    blob = pack(fresh)
    assert blob is not None
    doc = build_document("/d/doc.txt", TEXTS["unicode"], split=False)
    terms = unpack(doc, blob).terms
    surfaces, spread = terms.surfaces, terms.spread
    assert surfaces == dict(fresh.terms.surfaces) and dict(fresh.terms.surfaces) == surfaces
    assert len(surfaces) == len(fresh.terms.counts) and list(surfaces) == list(terms.counts)
    key = next(iter(fresh.terms.counts))
    assert surfaces[key] == surfaces.get(key) == fresh.terms.surfaces[key] and key in surfaces
    assert spread.get("no such key", -1) == -1
    assert pickle.loads(pickle.dumps(terms)) == fresh.terms
    assert type(pickle.loads(pickle.dumps(surfaces))) is dict


def test_packed_counts_behave_as_the_dict_they_stand_for() -> None:
    import pickle

    from analysis.cache.pack import PackedCounts
    from analysis.model import TermProfile
    from analysis.nlp.keywords import CorpusTables

    keys, counts = ["harbour", "storm", "harbour storm"], [3, 1, 2]
    packed, plain = PackedCounts(keys, counts), dict(zip(keys, counts, strict=True))
    assert list(packed) == list(packed.keys()) == keys and len(packed) == 3
    assert list(packed.values()) == counts and list(packed.items()) == list(plain.items())
    assert packed["storm"] == 1 and packed.get("rain", 0) == 0 and "harbour" in packed
    assert packed == plain and plain == packed and packed == PackedCounts(keys, counts)
    assert packed != {**plain, "storm": 2}
    assert pickle.loads(pickle.dumps(packed)) == plain
    assert type(pickle.loads(pickle.dumps(packed))) is dict
    with_packed = CorpusTables.of([TermProfile(packed, {}, 6)])
    with_plain = CorpusTables.of([TermProfile(plain, {}, 6)])
    assert (with_packed.df, with_packed.totals, with_packed.tokens) == (
        with_plain.df,
        with_plain.totals,
        with_plain.tokens,
    )
    with pytest.raises(ValueError):
        PackedCounts(keys, counts[:2])


def test_the_keyword_ranking_is_packed_with_the_analysis() -> None:
    """The document's own part of its keyword ranking is worked out with the analysis and
    read back from the entry, so ranking a cached corpus does not work it out again."""
    fresh = analyze_document(with_sentences(load_document(SEED, split=False)))
    assert fresh.ranking == local_ranking(fresh.terms)
    assert fresh.ranking is not None and fresh.ranking.boosts and fresh.ranking.dropped
    blob = pack(fresh)
    assert blob is not None
    read = unpack(load_document(SEED, split=False), blob)
    assert read.ranking == fresh.ranking


def test_an_entry_without_a_ranking_ranks_the_same() -> None:
    docs = [_fresh(text, f"/d/{name}.txt") for name, text in TEXTS.items()]
    docs.append(analyze_document(with_sentences(load_document(SEED, split=False))))
    with_ranking, without = Corpus(), Corpus()
    for analysis in docs:
        bare = replace(analysis, ranking=None)
        blob = pack(bare)
        assert blob is not None
        read = unpack(analysis.document, blob)
        assert read.ranking is None
        with_ranking.add(analysis)
        without.add(read)
    for i in range(len(docs)):
        assert without.keywords(i) == with_ranking.keywords(i)
    assert with_ranking.keywords(len(docs) - 1)  # the seed has keywords to compare


def test_a_ranking_not_made_from_the_counts_is_not_stored() -> None:
    fresh = _fresh(TEXTS["lists"])
    assert fresh.ranking is not None
    foreign = replace(fresh.ranking, weights={**fresh.ranking.weights, "zebra": 1.0})
    blob = pack(replace(fresh, ranking=foreign))
    assert blob is not None
    assert unpack(fresh.document, blob).ranking is None
