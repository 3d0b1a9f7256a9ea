"""Words, keys and term profiles (analysis/terms.py)."""

from __future__ import annotations

import pickle

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.load.files import build_document
from analysis.model import TermProfile
from analysis.nlp.resources import stopwords
from analysis.nlp.terms import content_key, iter_words, term_profile, word_key


def doc(text: str, path: str = "/docs/t.txt"):
    return build_document(path, text)


def test_iter_words_keeps_inner_apostrophes_hyphens_and_number_separators() -> None:
    text = "Don't stop: the well-known Trump’s 3,000 arrests (1.5 a day), rock_n_roll!"
    words = list(iter_words(text))
    assert [w for _, _, w in words] == [
        "Don't", "stop", "the", "well-known", "Trump’s", "3,000", "arrests", "1.5", "a",
        "day", "rock", "n", "roll",
    ]  # fmt: skip
    assert all(text[s:e] == w for s, e, w in words)


def test_iter_words_does_not_take_edge_punctuation() -> None:
    assert [w for *_, w in iter_words("'quoted' -dash- end. 2024. x-")] == [
        "quoted",
        "dash",
        "end",
        "2024",
        "x",
    ]


def test_content_key_drops_stopwords_short_words_and_numbers() -> None:
    for word in ("the", "The", "and", "it's", "us", "an", "ox", "3,000", "1.5", "20th", "1990s"):
        assert content_key(word) == "", word
    assert content_key("Deportations") == content_key("deported") == "deport"
    assert content_key("Trump’s") == content_key("Trump's") == content_key("trump") == "trump"
    assert content_key("COVID-19") != ""


def test_word_key_covers_stopwords_for_matching() -> None:
    assert word_key("The") == "the"
    assert word_key("deportations") == "deport"


def test_inflections_share_one_key_shown_as_most_common_surface() -> None:
    text = (
        "Officials planned deportations. The deportations began in May. "
        "Critics said one deportation was unlawful. Officials deport people daily, "
        "and many were deported."
    )
    profile = term_profile(doc(text))
    assert profile.counts["deport"] == 5
    assert profile.surfaces["deport"] == "deportations"
    assert not any(k.startswith("deportation") for k in profile.counts)


def test_names_keep_their_capitals_other_words_are_lower_case() -> None:
    text = (
        "Protests spread across Los Angeles on Friday. Police in Los Angeles said "
        "Trump had spoken. Later Trump spoke again. Protests grew. Several protests "
        "were calm, officials said."
    )
    profile = term_profile(doc(text))
    assert profile.surfaces["trump"] == "Trump"
    assert profile.surfaces["lo angel"] == "Los Angeles"
    assert profile.surfaces["protest"] == "protests"  # capitalised only at sentence starts
    assert profile.surfaces["offici"] == "officials"


def test_bigrams_need_adjacent_content_words_in_one_sentence() -> None:
    text = (
        "Los Angeles grew. Angeles, Chicago and Boston. Health of nations matters. "
        "Boston. Chicago stayed. Trump’s immigration plan met immigration policy."
    )
    counts = term_profile(doc(text)).counts
    assert counts["lo angel"] == 1
    assert "angel chicago" not in counts  # punctuation between
    assert "health nation" not in counts  # stopword between
    assert "boston chicago" not in counts  # sentence boundary between
    assert "trump immigr" not in counts  # possessive first word
    assert counts["immigr plan"] == 1 and counts["immigr polici"] == 1


def test_counts_and_total_exclude_stopwords_and_numbers() -> None:
    text = "The 3 cats and the 12 dogs sat on the mats. Cats are fine, it's true."
    profile = term_profile(doc(text))
    sw = stopwords()
    unigrams = {k: n for k, n in profile.counts.items() if " " not in k}
    assert unigrams == {"cat": 2, "dog": 1, "sat": 1, "mat": 1, "fine": 1, "true": 1}
    assert profile.total == sum(unigrams.values())
    for key in profile.counts:
        for part in key.split(" "):
            assert part not in sw and len(part) >= 3 and not part.isdigit()


def test_gutenberg_picture_marker_is_not_a_word_of_the_book() -> None:
    text = (
        "[Illustration: The garden gate]\n\nShe opened the gate.\n\n[Illustration]\n\n"
        "An Illustration of the garden hung there. [Illustration: A gate]"
    )
    counts = term_profile(doc(text)).counts
    assert counts["illustr"] == 1  # the word in the sentence, not the three markers
    assert counts["gate"] == 3 and counts["garden"] == 2  # captions are the book's words


def test_profile_on_seed_is_picklable_and_a_term_profile(seeds_dir) -> None:
    path = sorted(seeds_dir.glob("*.txt"))[0]
    profile = term_profile(build_document(str(path), path.read_text(encoding="utf-8")))
    assert isinstance(profile, TermProfile)
    assert profile.counts["trump"] >= 8
    assert profile.counts["lo angel"] == 3
    assert profile.segments > 1 and profile.spread["trump"] <= profile.segments
    assert pickle.loads(pickle.dumps(profile)) == profile


def test_empty_document_has_empty_profile() -> None:
    profile = term_profile(doc(""))
    assert profile.counts == {} and profile.total == 0


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_term_profile_never_raises(text: str) -> None:
    profile = term_profile(doc(text))
    assert all(n > 0 for n in profile.counts.values())
    assert profile.total == sum(n for k, n in profile.counts.items() if " " not in k)
    assert set(profile.surfaces) == set(profile.counts)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_iter_words_offsets_slice_the_text(text: str) -> None:
    last = 0
    for start, end, word in iter_words(text):
        assert last <= start < end <= len(text)
        assert text[start:end] == word
        last = end


def test_pair_pruning_keeps_repeated_pairs_exact(monkeypatch) -> None:
    import analysis.nlp.terms as terms

    monkeypatch.setattr(terms, "BIGRAM_PRUNE_AT", 8)
    repeated = "Los Angeles voted. " * 5
    one_offs = " ".join(f"Alpha{i} beta{i} gamma{i}." for i in range(100))
    profile = term_profile(doc(repeated + one_offs))
    assert profile.counts["lo angel"] == 5
    assert profile.counts["lo"] == 5 and profile.counts["alpha7"] == 1
    assert sum(1 for k in profile.counts if " " in k) < 60  # one-off pairs were dropped
