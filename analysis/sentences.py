"""PLACEHOLDER (owned by the NLP-core work): naive sentence splitter so other modules can
import the final signature. Replace wholesale."""

from __future__ import annotations

import re
from array import array
from collections.abc import Sequence

from analysis.model import Span, SpanArray


def split_sentences(text: str, paragraphs: Sequence[Span]) -> tuple[SpanArray, array]:
    """Sentence spans (never crossing a paragraph) and, per sentence, its paragraph index."""
    spans: list[tuple[int, int]] = []
    owner = array("q")
    for p_index, (p_start, p_end) in enumerate(paragraphs):
        for m in re.finditer(r"\S.*?(?:[.!?](?=\s|$)|$)", text[p_start:p_end], re.S):
            spans.append((p_start + m.start(), p_start + m.end()))
            owner.append(p_index)
    return SpanArray(spans), owner
