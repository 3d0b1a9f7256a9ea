"""Sentence splitting: accuracy on abbreviation-heavy news, the seed document, the awkward
cases (quotes, ellipses, decimals, initials, lists, huge lines) and invariants."""

from __future__ import annotations

import itertools
import re
import threading
from array import array
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.model import Span, SpanArray
from analysis.nlp import sentences
from analysis.nlp.sentences import MAX_SENTENCE_CHARS, split_sentences

# Hand-marked: each item is exactly one sentence.
NEWS = [
    "Mr. Alan Reyes arrived at the U.S. Capitol at 9:30 a.m. on Jan. 14, according to aides.",
    "Dr. Priya Natarajan, who holds a Ph.D. in economics from St. Andrews, testified for "
    "three hours.",
    "She said the program had cost $3.5 million so far.",
    "\u201cWe are not finished,\u201d said Sen. Maria Olsen of Oregon.",
    "Gov. Tom Blake disagreed.",
    "He called the plan, e.g. the tariff schedule, \u201ca disaster.\u201d",
    "The vote is set for Feb. 3 in Room No. 5 of the Dirksen building.",
    "Critics, including Prof. Lena Ortiz, were unconvinced.",
    '"Is this really the best the U.S. can do?" she asked.',
    "The U.S. Senate adjourned at 6 p.m. without a vote.",
    "J. K. Rowling's publisher, Bloomsbury Publishing Inc., said sales rose 12.5 percent.",
    "Sales at Acme Corp. rose in the fourth quarter, while those at Widget Co. fell.",
    "Wait... is that all?",
    "The temperature fell to 2.5 degrees vs. 4.1 degrees a year earlier.",
    "Lt. Col. James Park of the 3rd Infantry declined to comment.",
    "It happened on Main St. in Springfield, near the courthouse.",
    "The report (see Fig. 2) shows a rise of approx. 40 percent.",
    "Officials met on Dec. 12.",
    "Nothing was decided.",
    "Rep. Dana Cho, a former Army Sgt. who served in Iraq, called it \u201cunacceptable.\u201d",
    "Her office said the bill would reach the U.K. Parliament by Mar. 1.",
    "The hearing resumed at 2 p.m. and ran until dusk.",
]


def _one_paragraph(parts: list[str]) -> tuple[str, list[Span]]:
    text = " ".join(parts)
    return text, [Span(0, len(text))]


def _split(text: str, paragraphs: list[Span] | None = None) -> list[str]:
    spans, _ = split_sentences(text, paragraphs or [Span(0, len(text))])
    return [text[s.start : s.end] for s in spans]


def _boundary_f1(text: str, gold: list[str], found: SpanArray) -> float:
    truth, pos = set(), 0
    for sentence in gold:
        pos = text.index(sentence, pos) + len(sentence)
        truth.add(pos)
    predicted = {span.end for span in found}
    hits = len(truth & predicted)
    if not hits:
        return 0.0
    precision, recall = hits / len(predicted), hits / len(truth)
    return 2 * precision * recall / (precision + recall)


def test_news_boundary_f1_meets_target() -> None:
    assert len(NEWS) >= 15
    text, paragraphs = _one_paragraph(NEWS)
    spans, owner = split_sentences(text, paragraphs)
    assert _boundary_f1(text, NEWS, spans) >= 0.93
    assert list(owner) == [0] * len(spans)


def test_news_sentences_come_out_exactly() -> None:
    text, _ = _one_paragraph(NEWS)
    assert _split(text) == NEWS


def test_seed_document_lines_are_sentences(seeds_dir: Path) -> None:
    (seed,) = sorted(seeds_dir.glob("*.txt"))
    text = seed.read_text(encoding="utf-8")
    lines = [m for m in re.finditer(r"[^\n]+", text)]
    assert len(lines) == 10
    paragraphs = [Span(m.start(), m.end()) for m in lines]
    spans, owner = split_sentences(text, paragraphs)
    found = [text[s.start : s.end] for s in spans]
    # Every line of the seed is a single sentence, "Mr Trump’s declaration ..." included.
    assert found == [m.group().strip() for m in lines]
    assert list(owner) == list(range(10))
    assert any(s.startswith("Mr Trump’s declaration") and s.endswith("second term.") for s in found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "He said \u201cIt is over.\u201d Then he left.",
            ["He said \u201cIt is over.\u201d", "Then he left."],
        ),
        ('"Really?" she asked. "Yes!" he said.', ['"Really?" she asked.', '"Yes!" he said.']),
        ("I waited... and waited. Nothing came.", ["I waited... and waited.", "Nothing came."]),
        (
            "Profits rose 3.5 percent to $1.25 billion. Shares fell.",
            ["Profits rose 3.5 percent to $1.25 billion.", "Shares fell."],
        ),
        (
            "The book is by J. K. Rowling. It sold well.",
            ["The book is by J. K. Rowling.", "It sold well."],
        ),
        (
            "Results were sent to the U.S. The reply came later.",
            ["Results were sent to the U.S.", "The reply came later."],
        ),
        ("It rose (see Fig. 3). Then it fell.", ["It rose (see Fig. 3).", "Then it fell."]),
        ("no punctuation at all here just words", ["no punctuation at all here just words"]),
        ("Really?! Yes. OK!!! Fine.", ["Really?!", "Yes.", "OK!!!", "Fine."]),
        (
            "She works at Johns Hopkins Hosp. and teaches. Her lab is small.",
            ["She works at Johns Hopkins Hosp. and teaches.", "Her lab is small."],
        ),
        ("all lower case. still split. fine", ["all lower case.", "still split.", "fine"]),
    ],
)
def test_awkward_cases(text: str, expected: list[str]) -> None:
    assert _split(text) == expected


def test_numbered_and_bulleted_lists() -> None:
    text = (
        "Steps:\n1. Buy milk.\n2. Walk the dog\n3. Call Dr. Smith at 5 p.m. He is waiting.\n"
        "- bullet one\n- bullet two"
    )
    assert _split(text) == [
        "Steps:",
        "1. Buy milk.",
        "2. Walk the dog",
        "3. Call Dr. Smith at 5 p.m.",
        "He is waiting.",
        "- bullet one",
        "- bullet two",
    ]


def test_each_entry_of_a_table_of_contents_is_a_sentence() -> None:
    roman = "Contents\n   I.     The Lighthouse\n   II.    A Storm at Sea\n   III.   Home Again"
    assert _split(roman) == [
        "Contents",
        "I.     The Lighthouse",
        "II.    A Storm at Sea",
        "III.   Home Again",
    ]
    chapters = " CHAPTER I.     The Harbour\n CHAPTER II.    The Keeper\n CHAPTER III.   Fog"
    assert _split(chapters) == [
        "CHAPTER I.     The Harbour",
        "CHAPTER II.    The Keeper",
        "CHAPTER III.   Fog",
    ]
    assert _split("Letter 1\n Letter 2\n Chapter 1\n Chapter 2") == [
        "Letter 1",
        "Letter 2",
        "Chapter 1",
        "Chapter 2",
    ]
    # A wrapped line that starts with the pronoun or a single initial stays prose.
    assert _split("He said that\nI. M. Pei drew it.") == ["He said that\nI. M. Pei drew it."]


def test_wrapped_prose_is_not_mistaken_for_a_list() -> None:
    text = (
        "The letter was signed by\nA. Lincoln and two witnesses. It was\n"
        "- to everyone's surprise - short."
    )
    assert _split(text) == [
        "The letter was signed by\nA. Lincoln and two witnesses.",
        "It was\n- to everyone's surprise - short.",
    ]


def test_sentences_never_cross_paragraphs_and_are_stripped() -> None:
    text = "  First para. Still first.\n\nSecond para has Mr. Jones\n\n\n   \n  Third.  "
    paragraphs = [Span(0, 26), Span(28, 53), Span(54, 58), Span(58, len(text))]
    spans, owner = split_sentences(text, paragraphs)
    assert [text[s.start : s.end] for s in spans] == [
        "First para.",
        "Still first.",
        "Second para has Mr. Jones",
        "Third.",
    ]
    assert list(owner) == [0, 0, 1, 3]
    assert isinstance(spans, SpanArray)
    assert isinstance(owner, array) and owner.typecode == "q"


def test_empty_inputs() -> None:
    spans, owner = split_sentences("", [])
    assert len(spans) == 0 and len(owner) == 0
    spans, owner = split_sentences("   \n  ", [Span(0, 6)])
    assert len(spans) == 0 and len(owner) == 0


def test_huge_line_without_punctuation_is_capped() -> None:
    text = "word " * 200_000  # 1,000,000 characters, no sentence punctuation
    spans, _ = split_sentences(text, [Span(0, len(text))])
    assert len(spans) >= len(text) // MAX_SENTENCE_CHARS
    assert all(0 < len(s) <= MAX_SENTENCE_CHARS for s in spans)
    assert all(text[s.start] != " " and text[s.end - 1] != " " for s in spans)
    assert sum(len(text[s.start : s.end].split()) for s in spans) == 200_000


def test_huge_run_without_whitespace_is_cut_hard() -> None:
    text = "x" * 1_000_000
    spans, _ = split_sentences(text, [Span(0, len(text))])
    assert [len(s) for s in spans] == [MAX_SENTENCE_CHARS] * (len(text) // MAX_SENTENCE_CHARS)


def test_long_sentence_is_cut_at_a_clause_mark() -> None:
    clause = "the committee heard from witnesses about the budget"
    text = "; ".join([clause] * 80) + "."
    parts = _split(text)
    assert len(parts) > 1
    assert all(len(p) <= MAX_SENTENCE_CHARS for p in parts)
    assert all(p.endswith(";") for p in parts[:-1])
    assert "".join(p.replace(";", "") for p in parts).replace(" ", "") == text.replace(
        ";", ""
    ).replace(" ", "")


def test_chunk_cuts_avoid_abbreviations(monkeypatch: pytest.MonkeyPatch) -> None:
    """Long paragraphs reach Punkt in pieces; the cuts fall on real sentence ends."""
    monkeypatch.setattr(sentences, "_PUNKT_CHUNK_CHARS", 400)
    text, _ = _one_paragraph(NEWS * 8)
    assert _split(text) == NEWS * 8


@pytest.mark.slow
def test_multi_megabyte_paragraph_is_split_completely() -> None:
    """NLTK times its boundary regex out after 5 s for a whole paragraph; a 3.6 MB paragraph
    used to raise TimeoutError. Chunking keeps every sentence."""
    base = ["Mr. Smith went to Washington.", "He said hello to everyone!", "Was it good?"]
    text = " ".join(base * 40_000)
    found = _split(text)
    assert found == base * 40_000


def test_timeout_in_punkt_falls_back_to_a_plain_split(monkeypatch: pytest.MonkeyPatch) -> None:
    def timeout(*args: object, **kwargs: object) -> object:
        raise TimeoutError("regex took too long")

    monkeypatch.setattr(sentences._tokenizer(), "span_tokenize", timeout)
    assert _split("One here. Two there! Three?") == ["One here.", "Two there!", "Three?"]


def test_tokenizer_is_shared_across_threads() -> None:
    text, paragraphs = _one_paragraph(NEWS * 20)
    expected = split_sentences(text, paragraphs)[0]
    results: list[SpanArray] = []
    built: list[object] = []

    def work() -> None:
        built.append(sentences._tokenizer())
        results.append(split_sentences(text, paragraphs)[0])

    threads = [threading.Thread(target=work) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r == expected for r in results) and len(results) == 6
    assert all(b is built[0] for b in built)


def test_splitting_does_not_grow_the_shared_model() -> None:
    tokenizer = sentences._tokenizer()
    before = len(tokenizer._params.ortho_context)
    _split("Zyx. Qwv. Mr. Plokt arrived. Dr. Vrumm left. " * 10)
    assert len(tokenizer._params.ortho_context) == before


def test_tokenizer_source_names_the_abbreviations() -> None:
    assert "untrained Punkt" in sentences.tokenizer_source()
    assert "abbreviations" in sentences.tokenizer_source()


_PIECES = st.sampled_from(
    [
        "Mr.",
        "Dr.",
        "U.S.",
        "word",
        "Word",
        "3.5",
        "a.m.",
        "e.g.",
        "?",
        "!",
        ".",
        "...",
        "\u201d",
        '"',
        "(",
        ")",
        " ",
        " ",
        " ",
        "\n",
        "\n\n",
        "1.",
        "- ",
        "\t",
        "x" * 50,
        "é",
        "\u2014",
    ]
)


@settings(max_examples=200, deadline=None)
@given(
    parts=st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=60),
    cuts=st.lists(st.integers(min_value=0, max_value=400), max_size=6),
)
def test_spans_are_stripped_ordered_and_cover_the_text(parts: list[str], cuts: list[int]) -> None:
    text = "".join(parts)
    bounds = sorted({0, len(text), *(min(c, len(text)) for c in cuts)})
    paragraphs = [Span(a, b) for a, b in itertools.pairwise(bounds)]
    spans, owner = split_sentences(text, paragraphs)
    assert len(spans) == len(owner)
    covered = [False] * len(text)
    last_end = 0
    for span, p in zip(spans, owner, strict=True):
        para = paragraphs[p]
        assert para.start <= span.start < span.end <= para.end
        assert span.start >= last_end
        assert not text[span.start].isspace() and not text[span.end - 1].isspace()
        assert len(span) <= MAX_SENTENCE_CHARS
        last_end = span.end
        for i in range(span.start, span.end):
            covered[i] = True
    # Nothing but whitespace is left out of the sentences.
    assert all(covered[i] or text[i].isspace() for i in range(len(text)))
