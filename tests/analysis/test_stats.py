"""Reading statistics (analysis/stats.py)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.load.files import build_document
from analysis.nlp.stats import READING_WORDS_PER_MINUTE, document_stats


def test_stats_of_a_known_text() -> None:
    text = (
        "The cat sat. The dog didn't sit; it ran 3,000 metres!\n\n"
        "A well-known cat returned. THE END."
    )
    doc = build_document("/s/known.txt", text)
    stats = document_stats(doc)
    # The cat sat | The dog didn't sit it ran 3,000 metres | A well-known cat returned | THE END
    assert stats.words == 3 + 8 + 4 + 2
    assert stats.sentences == len(doc.sentences) == 4
    assert stats.paragraphs == 2
    # distinct, case-folded: the cat sat dog didn't sit it ran 3,000 metres a well-known
    # returned end
    assert stats.unique_words == 14
    assert stats.avg_sentence_words == pytest.approx(17 / 4)
    assert stats.reading_minutes == pytest.approx(17 / 238)
    assert READING_WORDS_PER_MINUTE == 238


def test_stats_of_an_empty_document() -> None:
    stats = document_stats(build_document("/s/empty.txt", ""))
    assert (stats.words, stats.sentences, stats.unique_words) == (0, 0, 0)
    assert stats.avg_sentence_words == 0.0 and stats.reading_minutes == 0.0


def test_stats_count_words_across_scan_chunks() -> None:
    text = "Alpha beta gamma delta. " * 60_000  # ~1.4 MB: more than one scan chunk
    stats = document_stats(build_document("/s/big.txt", text))
    assert stats.words == 240_000
    assert stats.unique_words == 4


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_stats_never_raise_and_stay_consistent(text: str) -> None:
    doc = build_document("/s/h.txt", text)
    stats = document_stats(doc)
    assert 0 <= stats.unique_words <= stats.words
    assert stats.sentences == len(doc.sentences) and stats.paragraphs == len(doc.paragraphs)
    assert stats.reading_minutes == pytest.approx(stats.words / READING_WORDS_PER_MINUTE)
