"""Keyness against general English: the shipped reference table, a single book's keywords
(names over common words), its use in a corpus, and phrases shown as they are written."""

from __future__ import annotations

import pytest

from analysis.load.files import build_document
from analysis.nlp import keywords, reference
from analysis.nlp.keywords import keyness, rank_keywords, rank_single
from analysis.nlp.phrases import key_phrases
from analysis.nlp.reference import reference_table
from analysis.nlp.terms import content_key, term_profile

# A made-up story: the common words "said", "little", "time" and "thought" are used more
# often than any name, as in a real novel.
STORY = "\n\n".join(
    [
        "Marigold walked to the harbour. She said little at the time; he said nothing.",
        "Tobias thought a little. He said it was time to leave Quillon, and she said so.",
        "It was a little late, she thought. Marigold waited while he said goodbye to Quillon.",
        "They said little for a long time. She thought of Tobias and said so to Quillon.",
        "At that time he said he thought little of the harbour. Marigold laughed at Tobias.",
        "She said goodbye, goodbye. He thought for a little time and said nothing of Marigold.",
    ]
)


def test_table_ships_and_knows_common_from_rare_words() -> None:
    table = reference_table()
    assert table is not None and "wordfreq" in table.source
    assert len(table.shares) > 10_000
    said, harbour = table.share(content_key("said")), table.share(content_key("harbour"))
    assert said > 10 * harbour > 0
    assert table.share("zzqxv") == table.floor < min(table.shares.values())
    assert table.share(content_key("harbour") + " " + content_key("said")) == harbour


def test_keyness_is_kilgarriffs_ratio() -> None:
    assert keyness(10, 1000, 0.0) == pytest.approx((10_000 + 100) / 100)
    assert keyness(1, 1000, 0.001) == pytest.approx(1.0)
    assert keyness(3, 0, 0.5) == 1.0


def test_single_story_ranks_names_above_common_words() -> None:
    profile = term_profile(build_document("/s/story.txt", STORY))
    counts = profile.counts
    assert counts[content_key("said")] > counts[content_key("Marigold")]
    assert counts[content_key("little")] > counts[content_key("Tobias")]
    ranked = [k.term for k in rank_keywords(profile, [profile], top=30)]
    names = [ranked.index(name) for name in ("Marigold", "Tobias", "Quillon")]
    common = [ranked.index(word) for word in ("said", "little", "time", "thought")]
    assert max(names) < 4 and max(names) < min(common)


def test_without_a_reference_single_documents_rank_by_frequency(monkeypatch) -> None:
    monkeypatch.setattr(keywords, "reference_table", lambda: None)
    profile = term_profile(build_document("/s/story.txt", STORY))
    assert rank_single(profile, top=1)[0].term == "said"


def test_damaged_table_reads_as_missing(tmp_path) -> None:
    bad = tmp_path / "reference_en.tsv"
    bad.write_text("# source: test\nsaid\tlots\n", encoding="utf-8")
    assert reference.read_table(bad) is None
    assert reference.read_table(tmp_path / "missing.tsv") is None
    good = tmp_path / "good.tsv"
    good.write_text("# source: test\nsaid\t0.01\nharbour\t0.0001\n", encoding="utf-8")
    table = reference.read_table(good)
    assert table is not None and table.source == "test" and table.floor == 0.00005


def test_corpus_keywords_weigh_tf_idf_by_keyness(monkeypatch) -> None:
    story = term_profile(build_document("/s/story.txt", STORY))
    other = term_profile(build_document("/s/other.txt", "Bread and dough. The oven was hot."))
    # "Quillon" and "goodbye" occur equally often, in this document only: same TF-IDF.
    assert story.counts[content_key("Quillon")] == 3 == story.counts[content_key("goodbye")]

    def rank(profile) -> list[str]:
        return [k.term for k in rank_keywords(profile, [profile, other], top=30)]

    with_reference = rank(story)
    assert with_reference.index("Quillon") < with_reference.index("goodbye")
    names = [with_reference.index(name) for name in ("Marigold", "Tobias", "Quillon")]
    assert max(names) < min(with_reference.index(w) for w in ("little", "time", "thought"))
    monkeypatch.setattr(keywords, "reference_table", lambda: None)
    scores = {k.term: k.score for k in rank_keywords(story, [story, other], top=30)}
    assert scores["Quillon"] == scores["goodbye"]


def test_phrases_keep_their_written_capitals() -> None:
    text = (
        "Lady Catherine came to New Bedford. Everyone in New Bedford knew Lady Catherine.\n\n"
        "Lady Catherine spoke. The lady was tired. Ships left New Bedford for the sea.\n\n"
        "A new road led away. Lady Catherine wrote from New Bedford, and the new mayor read it."
    )
    doc = build_document("/s/casing.txt", text)
    profile = term_profile(doc)
    assert profile.surfaces[content_key("lady") + " " + content_key("catherine")] == (
        "Lady Catherine"
    )
    assert profile.surfaces[content_key("new") + " " + content_key("bedford")] == "New Bedford"
    phrases = {p.text for p in key_phrases(doc, top=10)}
    assert {"Lady Catherine", "New Bedford"} <= phrases
    assert not {"lady Catherine", "new Bedford"} & phrases
