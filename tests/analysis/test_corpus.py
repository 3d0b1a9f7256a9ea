"""Per-document analysis and the open corpus (analysis/corpus.py)."""

from __future__ import annotations

import pickle
from concurrent.futures import ThreadPoolExecutor

from analysis.load.files import build_document
from analysis.model import DocumentAnalysis
from analysis.nlp.corpus import Corpus, analyze_document
from analysis.nlp.keywords import corpus_top_terms, distinguishing_terms, rank_keywords

VOLCANO = "The volcano erupted at dawn. Ash from the volcano covered the village. People fled."
HARBOUR = "The harbour froze. Boats stayed in the harbour all winter. People waited."
MIXED = "The volcano near the harbour slept. Fishermen watched the volcano. People watched."


def analysis_of(name: str, text: str) -> DocumentAnalysis:
    return analyze_document(build_document(f"/corpus/{name}.txt", text))


def test_analyze_document_fills_every_part_and_pickles(seeds_dir) -> None:
    path = sorted(seeds_dir.glob("*.txt"))[0]
    doc = build_document(str(path), path.read_text(encoding="utf-8"))
    analysis = analyze_document(doc)
    assert analysis.document is doc
    assert analysis.stats.sentences == len(doc.sentences)
    assert len(analysis.sentiment.sentences) == len(doc.sentences)
    assert analysis.terms.counts["trump"] >= 8
    assert analysis.phrases[0].text == "Los Angeles"
    assert pickle.loads(pickle.dumps(analysis)) == analysis


def test_analysis_in_threads_matches_serial_analysis() -> None:
    texts = [VOLCANO, HARBOUR, MIXED] * 3
    docs = [build_document(f"/corpus/t{i}.txt", t) for i, t in enumerate(texts)]
    serial = [analyze_document(d) for d in docs]
    with ThreadPoolExecutor(max_workers=4) as pool:
        threaded = list(pool.map(analyze_document, docs))
    assert threaded == serial


def test_add_returns_indices_and_replaces_same_path() -> None:
    corpus = Corpus()
    volcano, harbour = analysis_of("volcano", VOLCANO), analysis_of("harbour", HARBOUR)
    assert corpus.add(volcano) == 0
    assert corpus.add(harbour) == 1
    assert len(corpus) == 2 and corpus[1] is harbour
    assert corpus.analyses == (volcano, harbour)
    edited = analysis_of("volcano", VOLCANO + " The volcano rumbled.")
    assert corpus.add(edited) == 0
    assert len(corpus) == 2 and corpus[0] is edited
    assert corpus.keywords(0, top=1)[0].count == 3


def test_keywords_match_rank_keywords_and_memo_invalidates_on_add_and_remove() -> None:
    corpus = Corpus()
    corpus.add(analysis_of("volcano", VOLCANO))
    alone = corpus.keywords(0, top=5)
    assert alone == rank_keywords(corpus[0].terms, [corpus[0].terms], top=5)
    assert corpus.keywords(0, top=5) is alone  # memoised

    version = corpus.version
    corpus.add(analysis_of("harbour", HARBOUR))
    corpus.add(analysis_of("mixed", MIXED))
    assert corpus.version > version
    profiles = [a.terms for a in corpus.analyses]
    with_others = corpus.keywords(0, top=5)
    assert with_others == rank_keywords(profiles[0], profiles, top=5)
    assert with_others != alone  # "people" is now shared, so it no longer scores as high
    assert corpus.top_terms(5) == corpus_top_terms(profiles, 5)
    assert corpus.distinguishing(1, 5) == distinguishing_terms(1, profiles, 5)

    assert corpus.remove("/corpus/harbour.txt") is True
    assert corpus.remove("/corpus/harbour.txt") is False
    assert [a.document.path for a in corpus] == ["/corpus/volcano.txt", "/corpus/mixed.txt"]
    profiles = [a.terms for a in corpus.analyses]
    assert corpus.keywords(1, top=5) == rank_keywords(profiles[1], profiles, top=5)
    assert corpus.top_terms(5) == corpus_top_terms(profiles, 5)


def test_removing_every_document_leaves_empty_tables() -> None:
    corpus = Corpus()
    corpus.add(analysis_of("volcano", VOLCANO))
    corpus.add(analysis_of("harbour", HARBOUR))
    corpus.remove("/corpus/volcano.txt")
    corpus.remove("/corpus/harbour.txt")
    assert len(corpus) == 0 and corpus.top_terms(5) == ()
    corpus.add(analysis_of("mixed", MIXED))
    assert corpus.keywords(0, top=3) == rank_keywords(corpus[0].terms, [corpus[0].terms], top=3)


def test_kwic_searches_every_document_in_corpus_order() -> None:
    corpus = Corpus()
    corpus.add(analysis_of("volcano", VOLCANO))
    corpus.add(analysis_of("harbour", HARBOUR))
    corpus.add(analysis_of("mixed", MIXED))
    hits = corpus.kwic("volcanoes", width=10)
    assert [(h.path.rsplit("/", 1)[1], h.match) for h in hits] == [
        ("volcano.txt", "volcano"),
        ("volcano.txt", "volcano"),
        ("mixed.txt", "volcano"),
        ("mixed.txt", "volcano"),
    ]
    assert len(corpus.kwic("people", limit=2)) == 2
