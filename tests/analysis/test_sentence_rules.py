"""Sentence boundaries rule by rule: the hand-written suite in ``bench/sentence_rules.py``
(one-line lists, ellipses, abbreviations and the pronoun "I" ending a sentence, page and
number marks) and the look-alikes that must stay whole."""

from __future__ import annotations

import pytest

from analysis.model import Span
from analysis.nlp.boundaries import inline_list_cuts, sentence_end_cuts
from analysis.nlp.sentences import split_sentences
from bench.sentence_rules import CASES, results


def _split(text: str) -> list[str]:
    spans, _ = split_sentences(text, [Span(0, len(text))])
    return [text[s.start : s.end] for s in spans]


def test_rule_suite_pass_rate_meets_target() -> None:
    found = results()
    by_kind: dict[str, list[bool]] = {}
    for case, got in found:
        by_kind.setdefault(case.kind, []).append(got == case.expected)
    assert {"list", "ellipsis", "abbreviation", "pronoun-initial", "number-mark"} <= set(by_kind)
    passed = sum(sum(p) for p in by_kind.values())
    assert passed / len(CASES) >= 0.9
    for kind, outcomes in by_kind.items():
        assert sum(outcomes) / len(outcomes) >= 0.8, kind


@pytest.mark.parametrize(
    "text",
    [
        "The U.S. Senate met late and the U.K. Parliament early.",
        "At 5 a.m. Dr. Reyes left the ward.",
        "The deed names Albert I. Jones as the owner.",
        "Works by I. M. Pei and T. S. Eliot were shown.",
        "She scored 7. points less than in 2019, and left at 3) sharp.",
        "Plan a. was dropped, and the team voted for plan c. instead.",
        "Prices fell 2.5 percent in 1990. and rose again.",
        "He paused... then smiled.",
    ],
)
def test_look_alikes_stay_one_sentence(text: str) -> None:
    assert _split(text) == [text]


def test_one_line_list_needs_markers_in_sequence() -> None:
    text = "Pick 1) red 2) green 3) blue"
    assert [text[c : c + 2] for c in inline_list_cuts(text, 0, len(text))] == ["1)", "2)", "3)"]
    assert inline_list_cuts("Pick 1) red 3) green 5) blue", 0, 28) == []
    assert inline_list_cuts("Pick b. red c. green", 0, 20) == []  # letters start at "a"
    text = "• 9. Sweep • 10. Mop"
    assert inline_list_cuts(text, 0, len(text)) == [text.index("• 10.")]


def test_sentence_ends_found_inside_punkt_sentences() -> None:
    text = "Sent to the U.S. What now? Me and I. Then the notes.... Later it rained."
    cuts = sentence_end_cuts(text, 0, len(text))
    assert [text[:c].rsplit(" ", 1)[-1] for c in cuts] == ["U.S.", "I.", "notes...."]
    assert _split(text) == [
        "Sent to the U.S.",
        "What now?",
        "Me and I.",
        "Then the notes....",
        "Later it rained.",
    ]


def test_multi_line_list_with_inline_markers_keeps_every_item() -> None:
    text = "Steps: 1) Boil water 2) Add tea\n\nThen wait. a. Sit b. Drink"
    paragraphs = [Span(0, 31), Span(33, len(text))]
    spans, owner = split_sentences(text, paragraphs)
    assert [text[s.start : s.end] for s in spans] == [
        "Steps:",
        "1) Boil water",
        "2) Add tea",
        "Then wait.",
        "a. Sit",
        "b. Drink",
    ]
    assert list(owner) == [0, 0, 0, 1, 1, 1]
