"""VADER scores identical to NLTK's, and the sentence -> paragraph -> document aggregation."""

from __future__ import annotations

import math
import random
import re
import string
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.model import NEUTRAL, Document, Scores, Span, SpanArray
from analysis.nlp import resources, sentiment
from analysis.nlp.sentences import split_sentences
from analysis.nlp.sentiment import (
    DENSITY_WORDS,
    TOP_SENTENCES,
    score_sentences,
    score_text,
    smooth_arc,
    summarize_sentiment,
    word_weight,
)
from analysis.nlp.vader_fast import parse_lexicon

# --------------------------------------------------------------------------- the reference


@pytest.fixture(scope="module")
def lexicon_text() -> str:
    return resources.vader_lexicon_text()[0]


@pytest.fixture(scope="module")
def nltk_vader(lexicon_text: str, tmp_path_factory: pytest.TempPathFactory):
    """NLTK's own analyzer, built offline from the lexicon we use: NLTK 3.10 reads a ``file:``
    resource only inside ``nltk.data.path``, so the folder is added there first."""
    import nltk.data
    from nltk.sentiment.vader import SentimentIntensityAnalyzer

    folder = tmp_path_factory.mktemp("vader_reference")
    path = folder / "vader_lexicon.txt"
    path.write_text(lexicon_text, encoding="utf-8", newline="")
    nltk.data.path.append(str(folder))
    try:
        analyzer = SentimentIntensityAnalyzer(lexicon_file=f"file:{path}")
    finally:
        nltk.data.path.remove(str(folder))
    assert analyzer.lexicon == parse_lexicon(lexicon_text)
    return analyzer


def _nltk_scores(analyzer, text: str) -> Scores:
    d = analyzer.polarity_scores(text)
    return Scores(d["neg"], d["neu"], d["pos"], d["compound"])


def _assert_identical(analyzer, texts: list[str]) -> None:
    ours = score_sentences(texts)
    mismatches = [
        (t, o, r)
        for t, o, r in zip(texts, ours, [_nltk_scores(analyzer, t) for t in texts], strict=True)
        if tuple(o) != tuple(r)
    ]
    assert mismatches == []


# --------------------------------------------------------------------------- sentence corpus

SEED_SENTENCES = [
    "UNITED STATES President Donald Trump directed federal immigration officials on Sunday.",
    "Each city is Democratic Party controlled.",
    "Mr Trump’s declaration comes after weeks of increased enforcement.",
    "his “very aggressive policy on immigration is taking very good, long time workers away”",
]

HANDWRITTEN = [
    "",
    "   ",
    "!",
    "a",
    "good",
    "The movie was good.",
    "The movie was GOOD.",
    "The movie was not good.",
    "The movie wasn't good.",
    "The movie was never good.",
    "It was never so good.",
    "It was Never so good.",
    "It was never this bad.",
    "It was NEVER so good.",
    "I am very happy!!!",
    "I am extremely HAPPY!!!!!",
    "I am kind of happy.",
    "I am kind happy.",
    "A kind person, kind of sad.",
    "Without a doubt, it was excellent.",
    "without a doubt a great movie",
    "The food was good, but the service was terrible.",
    "The food was good but the service was terrible but cheap.",
    "BUT it was bad",
    "This is the least good option.",
    "At least it was good.",
    "very least good",
    "least good",
    "Is it good??",
    "Is it good???",
    "Is it good????",
    "What?!?! Terrible!",
    "I love it :)",
    "I hate it :(",
    "smile :-) :D lol",
    "That party was the bomb.",
    "Yeah right, great idea.",
    "He can't cut the mustard.",
    "It was the kiss of death for them.",
    "They live hand to mouth.",
    "That was bad ass.",
    "This is the shit.",
    'He said "good" and ,good and good, and (badly) and #bad.',
    "I don't like it, ,don't you?",
    "It's not just enough good, it's sort of bad.",
    "Nothing is good. Nobody is happy. None are sad.",
    "Good good good good good bad bad bad.",
    "GREAT GREAT GREAT",
    "great GREAT great",
    "The plot was uh-uh good and nope bad.",
    "I'd rather not say it was awful, despite the great cast.",
    "Hardly a great success, barely good.",
    "SLIGHTLY good but VERY bad",
    "Fucking brilliant, utterly awful.",
    "So so so good this this this bad",
    "Not so good, not this bad, never so bad",
    "rarely good seldom bad",
    "kind-of good, sort-of bad, sorta ok, kinda meh",
    "Hello... good? bad! ok.",
    "😀 happy 😢 sad",
    "naïve café résumé good",
    "ＧＯＯＤ fullwidth",
    "\u00a0good\u2003bad\u2028fine",
]

_LEX_WORDS = [
    "good",
    "bad",
    "great",
    "terrible",
    "love",
    "hate",
    "happy",
    "sad",
    "excellent",
    "awful",
    "nice",
    "boring",
    "funny",
    "ugly",
    "wonderful",
    "horrible",
    "fine",
    "ok",
    "kind",
    "like",
    "pretty",
    "bomb",
    "shit",
    "cut",
    "death",
    "yeah",
    "hand",
]
_MODIFIERS = [
    "very",
    "extremely",
    "not",
    "never",
    "n't",
    "isn't",
    "never so",
    "never this",
    "without a doubt",
    "kind of",
    "sort of",
    "just enough",
    "but",
    "least",
    "at least",
    "very least",
    "so",
    "this",
    "hardly",
    "barely",
    "no",
    "nor",
    "the",
    "a",
    "of",
    "to",
    "mouth",
    "mustard",
    "right",
    "ass",
    "kiss",
    "quite",
    "most",
    "more",
    "less",
]
_MARKS = ["", "", "", ",", ".", "!", "?", "!!", "!!!", "??", "...", ":", "-", "'", '"', "?!?"]
_EMOTICONS = [":)", ":(", ":-)", ":D", ":P", "<3", ";)", "):", "=)", ":'("]


def _generated(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    lexicon = list(parse_lexicon(resources.vader_lexicon_text()[0]))
    out = []
    for _ in range(count):
        words = []
        for _ in range(rng.randint(1, 18)):
            r = rng.random()
            if r < 0.3:
                w = rng.choice(_LEX_WORDS)
            elif r < 0.5:
                w = rng.choice(lexicon)
            elif r < 0.8:
                w = rng.choice(_MODIFIERS)
            elif r < 0.85:
                w = rng.choice(_EMOTICONS)
            else:
                w = rng.choice(["movie", "plot", "it", "was", "is", "he", "she", "I", "they"])
            if rng.random() < 0.12:
                w = w.upper()
            elif rng.random() < 0.05:
                w = w.capitalize()
            if rng.random() < 0.1:
                w = rng.choice(_MARKS) + w
            if rng.random() < 0.25:
                w += rng.choice(_MARKS)
            words.append(w)
        out.append(" ".join(words))
    return out


def _templated() -> list[str]:
    out = []
    for word in ["good", "bad", "happy", "awful"]:
        for modifier in _MODIFIERS:
            for upper in (False, True):
                m = modifier.upper() if upper else modifier
                out.append(f"The film was {m} {word}.")
                out.append(f"{m} {word}!!")
    return out


def test_identical_to_nltk_on_handwritten_and_seed_sentences(nltk_vader) -> None:
    _assert_identical(nltk_vader, HANDWRITTEN + SEED_SENTENCES)


def test_identical_to_nltk_on_templates(nltk_vader) -> None:
    texts = _templated()
    assert len(texts) >= 250
    _assert_identical(nltk_vader, texts)


def test_identical_to_nltk_on_random_sentences(nltk_vader) -> None:
    texts = _generated(3_000, seed=20240611)
    assert len(set(texts)) > 2_900
    _assert_identical(nltk_vader, texts)


def test_identical_to_nltk_on_the_seed_document(nltk_vader, seeds_dir: Path) -> None:
    (seed,) = sorted(seeds_dir.glob("*.txt"))
    text = seed.read_text(encoding="utf-8")
    lines = [Span(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    spans, _ = split_sentences(text, lines)
    sentences = [text[s.start : s.end] for s in spans]
    _assert_identical(nltk_vader, [*sentences, text])  # the whole text too


def test_punctuation_set_matches_nltk() -> None:
    """vader_fast strips exactly ``string.punctuation``, as NLTK's regex does."""
    from nltk.sentiment.vader import VaderConstants

    sample = "".join(chr(c) for c in range(0x3000)) + "“”‘’–—…«»"
    kept = VaderConstants.REGEX_REMOVE_PUNCTUATION.sub("", sample)
    assert set(sample) - set(kept) == set(string.punctuation)


def test_empty_text_scores_like_nltk() -> None:
    # NLTK reports neu = 0.0 (not 1.0) when there is nothing to score.
    assert score_text("") == Scores(0.0, 0.0, 0.0, 0.0)
    assert score_text("a ! ?") == Scores(0.0, 0.0, 0.0, 0.0)


def test_scores_have_the_expected_signs() -> None:
    assert score_text("What a wonderful, happy day!").label == "positive"
    assert score_text("This is a horrible, awful mess.").label == "negative"
    assert score_text("The meeting is on Tuesday.").label == "neutral"


_WORDS = [*_LEX_WORDS, *_MODIFIERS, *_EMOTICONS, "movie", "it", "I", "was", "BUT", "NOT"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["", "", "(", '"', ",", "!", "#", "'"]),
            st.sampled_from(_WORDS),
            st.sampled_from(["", "", "", ",", ".", "!", "?", "!!", "'", "...", '"']),
            st.booleans(),
        ),
        max_size=25,
    )
)
def test_property_identical_to_nltk(nltk_vader, words: list[tuple[str, str, str, bool]]) -> None:
    text = " ".join(f"{pre}{w.upper() if up else w}{post}" for pre, w, post, up in words)
    assert score_text(text) == _nltk_scores(nltk_vader, text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_property_never_raises_and_matches_nltk(nltk_vader, text: str) -> None:
    scores = score_text(text)
    assert all(isinstance(v, float) for v in scores)
    assert -1.0 <= scores.compound <= 1.0
    assert scores == _nltk_scores(nltk_vader, text)


def test_scoring_from_threads_matches_serial() -> None:
    texts = _generated(600, seed=7)
    expected = score_sentences(texts)
    results: list[list[Scores]] = []

    def work() -> None:
        results.append(score_sentences(texts))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [expected] * 4


def test_analyzer_is_built_once() -> None:
    assert sentiment.analyzer() is sentiment.analyzer()
    assert sentiment.lexicon_source() == resources.vader_lexicon_text()[1]


# --------------------------------------------------------------------------- aggregation


def _document(paragraphs: list[list[str]]) -> Document:
    """A Document whose paragraphs are lines and whose sentences are the given strings."""
    text_parts, para_spans, sent_spans, owner = [], [], [], []
    pos = 0
    for p, sents in enumerate(paragraphs):
        start = pos
        for k, s in enumerate(sents):
            if k:
                text_parts.append(" ")
                pos += 1
            sent_spans.append((pos, pos + len(s)))
            owner.append(p)
            text_parts.append(s)
            pos += len(s)
        para_spans.append((start, pos))
        text_parts.append("\n")
        pos += 1
    return Document(
        path="/tmp/doc.txt",
        title="doc",
        text="".join(text_parts),
        sha256="0" * 64,
        paragraphs=SpanArray(para_spans),
        sentences=SpanArray(sent_spans),
        sentence_paragraph=owner,
    )


def test_word_weight_counts_words_vader_reads() -> None:
    assert word_weight("Thanks!") == 1
    assert word_weight("I said a word - twice.") == 3
    assert word_weight("") == 0


def _valence(compound: float) -> float:
    return compound * math.sqrt(15 / (1 - compound * compound))


def _normalised(valence: float) -> float:
    return valence / math.sqrt(valence * valence + 15)


def test_shares_are_word_weighted_and_compound_combines_valences() -> None:
    long = "one two three four five six seven eight nine ten eleven twelve"  # 12 words
    doc = _document([["Thanks", long], ["Okay then"]])
    given_scores = [
        Scores(0.0, 0.0, 1.0, 0.8),  # weight 1 ("Thanks")
        Scores(0.5, 0.5, 0.0, -0.2),  # weight 12
        Scores(0.0, 1.0, 0.0, 0.0),  # weight 2
    ]
    summary = summarize_sentiment(doc, given_scores)
    assert summary.sentences == tuple(given_scores)
    # 13 words: at most DENSITY_WORDS, so the valences simply add up, as VADER's sum would.
    assert summary.paragraphs[0] == Scores(
        round(12 * 0.5 / 13, 3),
        round(6 / 13, 3),
        round(1 / 13, 3),
        round(_normalised(_valence(0.8) + _valence(-0.2)), 4),
    )
    assert summary.paragraphs[0].label == "positive"  # "Thanks" outweighs a mild negative
    assert summary.paragraphs[1] == Scores(0.0, 1.0, 0.0, 0.0)
    # 15 words in all: still a plain sum.
    assert summary.document == Scores(
        round(6 / 15, 3),
        round(8 / 15, 3),
        round(1 / 15, 3),
        round(_normalised(_valence(0.8) + _valence(-0.2)), 4),
    )


def test_one_short_sentence_keeps_its_own_compound() -> None:
    for compound in (-0.9999, -0.6, 0.0, 0.3182, 0.9):
        doc = _document([["A short sentence of six words"]])
        summary = summarize_sentiment(doc, [Scores(0.1, 0.5, 0.4, compound)])
        assert summary.document.compound == compound
        assert summary.paragraphs[0].compound == compound


def test_long_text_compound_is_a_density_and_does_not_saturate() -> None:
    sentence = "alpha beta gamma delta epsilon"  # 5 words
    compound = 0.6
    scores = {
        n: summarize_sentiment(
            _document([[sentence] * n]), [Scores(0.0, 0.4, 0.6, compound)] * n
        ).document.compound
        for n in (3, 30, 300)
    }
    # 3 sentences = 15 words: the plain sum, stronger than one sentence.
    assert scores[3] == round(_normalised(3 * _valence(compound)), 4) > compound
    # Longer: the valence per 15 words, the same however long the text grows.
    assert scores[30] == scores[300] == scores[3]
    # Whole-text VADER on such a text would be ~1.0; the density stays where one
    # 15-word stretch puts it.
    assert scores[300] < 0.95


def test_weightless_sentences_do_not_count() -> None:
    doc = _document([["-", "Great news"]])
    summary = summarize_sentiment(doc, [Scores(0.0, 0.0, 0.0, 0.0), Scores(0.0, 0.2, 0.8, 0.6)])
    assert summary.paragraphs[0] == Scores(0.0, 0.2, 0.8, 0.6)
    only_dash = summarize_sentiment(_document([["-"]]), [Scores(0.0, 0.0, 0.0, 0.0)])
    assert only_dash.paragraphs == (NEUTRAL,) and only_dash.document == NEUTRAL


def test_labels_use_vader_thresholds() -> None:
    assert Scores(0, 1, 0, 0.05).label == "positive"
    assert Scores(0, 1, 0, 0.0499).label == "neutral"
    assert Scores(0, 1, 0, -0.05).label == "negative"
    assert Scores(0, 1, 0, -0.0499).label == "neutral"


def test_most_positive_and_negative() -> None:
    compounds = [0.1, -0.5, 0.9, 0.0, -0.9, 0.3, 0.9, 0.2, -0.1, 0.5, 0.4]
    doc = _document([[f"sentence number {i}" for i in range(len(compounds))]])
    summary = summarize_sentiment(doc, [Scores(0.0, 1.0, 0.0, c) for c in compounds])
    assert summary.most_positive == (2, 6, 9, 10, 5)  # ties in document order
    assert summary.most_negative == (4, 1, 8)
    assert len(summary.most_positive) == TOP_SENTENCES
    assert tuple(summary.arc) == tuple(compounds)


def test_smoothing_window_scales_with_the_document() -> None:
    assert tuple(smooth_arc([])) == ()
    assert tuple(smooth_arc([0.5])) == (0.5,)
    assert tuple(smooth_arc([0.0, 1.0, 0.0])) == (0.5, 1 / 3, 0.5)  # half-width 1, shrinking edges
    arc = [1.0 if i == 50 else 0.0 for i in range(100)]  # n // 20 = 5 -> window of 11
    smoothed = smooth_arc(arc)
    assert len(smoothed) == 100
    assert [i for i, v in enumerate(smoothed) if v > 0] == list(range(45, 56))
    assert smoothed[50] == pytest.approx(1 / 11)
    assert smoothed[0] == 0.0 and sum(smoothed) == pytest.approx(1.0)


def test_empty_document_is_neutral() -> None:
    doc = Document("/tmp/e.txt", "e", "", "0" * 64, SpanArray(), SpanArray(), [])
    summary = summarize_sentiment(doc)
    assert summary.document == NEUTRAL
    assert [
        len(x) for x in (summary.sentences, summary.paragraphs, summary.arc, summary.smoothed)
    ] == [0] * 4
    assert summary.most_positive == summary.most_negative == ()


def test_summary_of_a_real_document(seeds_dir: Path) -> None:
    (seed,) = sorted(seeds_dir.glob("*.txt"))
    text = seed.read_text(encoding="utf-8")
    paragraphs = SpanArray((m.start(), m.end()) for m in re.finditer(r"[^\n]+", text))
    spans, owner = split_sentences(text, paragraphs)
    doc = Document(str(seed), "seed", text, "0" * 64, paragraphs, spans, owner)
    summary = summarize_sentiment(doc)
    assert summary.sentences == tuple(score_sentences(doc.sentence_text(i) for i in range(10)))
    assert len(summary.paragraphs) == 10 and len(summary.smoothed) == len(summary.arc) == 10
    # one sentence per paragraph: each paragraph has its sentence's shares, and its
    # sentence's compound taken as a density over its words
    for i, (paragraph, sentence) in enumerate(
        zip(summary.paragraphs, summary.sentences, strict=True)
    ):
        assert paragraph[:3] == sentence[:3]
        words = word_weight(doc.sentence_text(i))
        scale = min(1.0, DENSITY_WORDS / words)
        assert paragraph.compound == round(_normalised(_valence(sentence.compound) * scale), 4)
        assert abs(paragraph.compound) <= abs(sentence.compound)
    assert all(summary.arc[i] > 0 for i in summary.most_positive)
    assert all(summary.arc[i] < 0 for i in summary.most_negative)


def test_scores_must_match_the_sentences() -> None:
    with pytest.raises(ValueError):
        summarize_sentiment(_document([["a b", "c d"]]), [NEUTRAL])
