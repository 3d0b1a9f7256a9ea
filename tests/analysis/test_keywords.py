"""TF-IDF keywords, corpus terms, distinguishing terms and key phrases."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.load.files import build_document
from analysis.model import TermProfile
from analysis.nlp.keywords import (
    corpus_top_terms,
    distinguishing_terms,
    rank_keywords,
    rank_single,
)
from analysis.nlp.phrases import key_phrases, phrase_floor
from analysis.nlp.resources import stopwords
from analysis.nlp.terms import term_profile

COOKING = """Bake the bread slowly. The oven must be hot before the dough goes in.
Knead the dough for ten minutes, then let the dough rise. People say bread needs time.

A good oven and patient baking give bread a crisp crust. Flour, yeast and water make dough.
This year people baked more bread at home than ever."""

ASTRONOMY = """The telescope points at distant galaxies. Astronomers measure the light of
each galaxy. People watched the telescope images of the comet this year.

A galaxy holds billions of stars; the telescope resolves stars in nearby galaxies.
Astronomers found a comet near the orbit of Jupiter. The comet orbit is long."""

FOOTBALL = """The striker scored a goal in the final minute. The goalkeeper could not stop the goal.
People cheered the striker this year.

The referee showed the striker a card. Another goal came from a corner kick.
The goalkeeper blamed the referee for the goal."""

TOPICS = {
    "cooking": {"bread", "dough", "oven", "bake", "baking"},
    "astronomy": {"telescope", "galaxy", "galaxies", "comet", "astronomers", "orbit"},
    "football": {"striker", "goal", "goalkeeper", "referee"},
}
SHARED = {"people", "year"}


def profiles() -> dict[str, TermProfile]:
    texts = {"cooking": COOKING, "astronomy": ASTRONOMY, "football": FOOTBALL}
    return {name: term_profile(build_document(f"/c/{name}.txt", t)) for name, t in texts.items()}


def seed_profile(seeds_dir):
    path = sorted(seeds_dir.glob("*.txt"))[0]
    doc = build_document(str(path), path.read_text(encoding="utf-8"))
    return doc, term_profile(doc)


def test_each_document_tops_with_its_own_topic_words() -> None:
    found = profiles()
    corpus = list(found.values())
    for name, profile in found.items():
        top = rank_keywords(profile, corpus, top=3)
        assert len(top) == 3
        assert {k.term for k in top} <= TOPICS[name], (name, top)
        everything = rank_keywords(profile, corpus, top=50)
        ranks = {k.term: i for i, k in enumerate(everything)}
        # shared words come after every topic word the document has
        assert all(ranks[s] > ranks[t] for s in SHARED for t in TOPICS[name] if t in ranks)


def test_target_outside_corpus_is_counted_as_a_document() -> None:
    found = profiles()
    others = [found["astronomy"], found["football"]]
    assert rank_keywords(found["cooking"], others, top=5) == rank_keywords(
        found["cooking"], [*others, found["cooking"]], top=5
    )


def test_keywords_never_contain_stopwords_or_numbers(seeds_dir) -> None:
    sw = stopwords()
    _, seed = seed_profile(seeds_dir)
    for keyword in rank_keywords(seed, [seed, *profiles().values()], top=100):
        for word in keyword.term.split(" "):
            assert word.lower() not in sw
            assert any(c.isalpha() for c in word) and len(word) >= 3


def test_los_angeles_outranks_its_parts_on_the_seed(seeds_dir) -> None:
    _, seed = seed_profile(seeds_dir)
    for ranked in (
        rank_keywords(seed, [seed, *profiles().values()], top=100),
        rank_keywords(seed, [seed], top=100),
    ):
        terms = [k.term for k in ranked]
        assert "Los Angeles" in terms[:5]
        assert "Los" not in terms and "Angeles" not in terms  # only ever seen as the phrase
        la = ranked[terms.index("Los Angeles")]
        assert la.key == "lo angel" and la.count == 3
        assert terms.index("mass deportation") < terms.index("deportation")


def test_single_document_ranks_repeated_distinctive_word_above_one_off() -> None:
    text = (
        "The harbour was quiet. Fishermen mended nets in the harbour.\n\n"
        "A storm reached the harbour at night.\n\n"
        "By morning the harbour was calm again, and a lighthouse keeper waved.\n\n"
        "Gulls circled above the boats."
    )
    profile = term_profile(build_document("/d/harbour.txt", text))
    ranked = [k.term for k in rank_keywords(profile, [profile], top=20)]
    assert ranked[0] == "harbour"
    assert ranked.index("harbour") < ranked.index("lighthouse")
    # a bare TermProfile (e.g. rebuilt from a cache) still ranks by frequency
    bare = TermProfile(dict(profile.counts), dict(profile.surfaces), profile.total)
    assert rank_single(bare, top=1)[0].term == "harbour"


def test_single_document_prefers_concentrated_terms_over_evenly_spread_ones() -> None:
    paragraphs = [f"Reporters! Silence {i}." for i in range(6)]
    paragraphs[2] += " The volcano erupted. The volcano smoked. The volcano rumbled."
    paragraphs[3] += " Ash from the volcano fell. The volcano slept."
    profile = term_profile(build_document("/d/v.txt", "\n\n".join(paragraphs)))
    ranked = [k.term for k in rank_keywords(profile, [profile], top=10)]
    # "volcano" (5, in 2 paragraphs) beats "reporters" (6, in every paragraph)
    assert ranked[0] == "volcano"
    assert ranked.index("volcano") < ranked.index("reporters")


def test_corpus_top_terms_favour_terms_used_across_documents() -> None:
    found = profiles()
    top = corpus_top_terms(list(found.values()), top=40)
    terms = [k.term for k in top]
    assert "people" in terms[:10]
    people = top[terms.index("people")]
    assert people.count == sum(p.counts["peopl"] for p in found.values())
    assert corpus_top_terms([], top=5) == ()
    assert corpus_top_terms(list(found.values()), top=0) == ()


def test_distinguishing_terms_are_the_documents_own() -> None:
    found = profiles()
    corpus = list(found.values())
    for index, name in enumerate(found):
        top = distinguishing_terms(index, corpus, top=3)
        assert {k.term for k in top} <= TOPICS[name], (name, top)
        ranked = [k.term for k in distinguishing_terms(index, corpus, top=100)]
        for shared in SHARED & set(ranked):  # only if over-represented, and then last
            assert all(ranked.index(shared) > ranked.index(t) for t in TOPICS[name] if t in ranked)
    single = distinguishing_terms(0, corpus[:1], top=3)
    assert single == rank_keywords(corpus[0], corpus[:1], top=3)


def test_phrase_floor_grows_with_length() -> None:
    assert [phrase_floor(n) for n in (0, 300, 999, 1000, 9_999, 10_000, 100_000, 10**6)] == [
        1, 1, 1, 2, 2, 3, 4, 5,
    ]  # fmt: skip


def test_key_phrases_on_the_seed(seeds_dir) -> None:
    doc, _ = seed_profile(seeds_dir)
    phrases = key_phrases(doc, top=10)
    assert phrases[0].text == "Los Angeles" and phrases[0].count == 3
    texts = [p.text for p in phrases]
    assert "mass deportation" in texts
    assert len(phrases) == 10
    sw = stopwords()
    for p in phrases:
        words = p.text.lower().split(" ")
        assert words[0] not in sw and words[-1] not in sw
        assert 2 <= len(words) <= 3


def test_key_phrases_allow_an_inner_stopword_and_drop_covered_bigrams() -> None:
    filler = " ".join(f"Item {w} happened quietly." for w in ["alpha", "beta", "gamma"] * 3)
    text = (
        "The chief of staff spoke. Later the chief of staff resigned. "
        "A new chief of staff arrived. Budget cuts hurt. Budget cuts continued. "
        "Red tape grew. " + filler
    )
    phrases = key_phrases(build_document("/d/p.txt", text), top=10)
    texts = [p.text for p in phrases]
    assert "chief of staff" in texts
    assert "budget cuts" in texts
    for p in phrases:
        words = p.text.split(" ")
        assert words[0] not in {"the", "of", "a"} and words[-1] not in {"the", "of", "a"}


def test_key_phrases_frequency_floor_on_a_longer_text() -> None:
    sentences = [f"Clause {i} concerns topic {i % 7} of the agreement." for i in range(400)]
    sentences[5] += " Crimson lanterns glowed."  # once: below the floor of a long text
    sentences[9] += " Trade tariffs rose. Trade tariffs fell. Trade tariffs stayed."
    doc = build_document("/d/long.txt", " ".join(sentences))
    phrases = [p.text for p in key_phrases(doc, top=50)]
    assert "trade tariffs" in phrases
    assert "crimson lanterns" not in phrases and "Crimson lanterns" not in phrases


def test_key_phrases_of_empty_or_stopword_text() -> None:
    assert key_phrases(build_document("/d/e.txt", ""), top=5) == ()
    assert key_phrases(build_document("/d/s.txt", "and the of it is to be"), top=5) == ()
    assert key_phrases(build_document("/d/s.txt", "Los Angeles"), top=0) == ()


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=400))
def test_key_phrases_and_ranking_never_raise(text: str) -> None:
    doc = build_document("/d/h.txt", text)
    phrases = key_phrases(doc, top=5)
    assert len(phrases) <= 5 and all(p.count >= 1 for p in phrases)
    profile = term_profile(doc)
    for ranked in (rank_keywords(profile, [profile]), rank_keywords(profile, [profile, profile])):
        assert all(k.key in profile.counts for k in ranked)


def test_ngram_pruning_keeps_frequent_phrases(monkeypatch) -> None:
    import analysis.nlp.phrases as phrases_module

    monkeypatch.setattr(phrases_module, "PHRASE_PRUNE_AT", 10)
    text = "Trade tariffs rose. Trade tariffs fell. Trade tariffs stayed. Trade tariffs bit. "
    text += " ".join(f"Alpha{i} beta{i} gamma{i}." for i in range(200))
    phrases = key_phrases(build_document("/d/prune.txt", text), top=3)
    assert phrases[0].text == "trade tariffs" and phrases[0].count == 4


def test_a_name_outranks_the_name_followed_by_a_common_word() -> None:
    """NLTK's trigram ratio ranked "Lady Catherine seemed" (4 uses) above "Lady Catherine"
    (106) in a novel: a strong pair lent its strength to any word after it."""
    import random

    rng = random.Random(7)
    fillers = [
        "the",
        "boat",
        "went",
        "down",
        "to",
        "the",
        "harbour",
        "and",
        "the",
        "nets",
        "were",
        "mended",
        "by",
        "the",
        "light",
    ]
    verbs = ["smiled", "waited", "frowned", "laughed", "nodded", "listened", "seemed"]
    sentences = []
    for i in range(400):
        words = [rng.choice(verbs), *rng.sample(fillers, 6)]
        if i % 4 == 0:
            words = ["Captain", "Harrow", *words]
        sentences.append("Then " + " ".join(words) + ".")
    doc = build_document("/d/harbour.txt", " ".join(sentences))
    phrases = key_phrases(doc, top=5)
    assert phrases[0].text == "Captain Harrow"
    followed = [p for p in phrases if p.text.startswith("Captain Harrow ")]
    assert followed and all(p.score * 5 < phrases[0].score for p in followed)
