"""Reading statistics of a document."""

from __future__ import annotations

from analysis.model import Document, Stats
from analysis.nlp.terms import WORD_RE, chunk_bounds

READING_WORDS_PER_MINUTE = 238
"""Average adult silent reading rate for non-fiction (Brysbaert 2019, "How many words do
we read per minute? A review and meta-analysis of reading rate")."""


def document_stats(doc: Document) -> Stats:
    """Words, sentences, paragraphs, distinct words, words per sentence, reading time.

    Words are those of :func:`analysis.nlp.terms.iter_words` (numbers included); distinct
    words are counted case-folded. The text is scanned in chunks with ``findall`` so a
    100 MB document never holds all its words in a list at once. Only the content span
    counts (Gutenberg boilerplate does not).
    """
    lo, hi = doc.content_span
    text = doc.text if (lo, hi) == (0, len(doc.text)) else doc.text[lo:hi]
    words = 0
    unique: set[str] = set()
    for start, end in chunk_bounds(text):
        found = WORD_RE.findall(text, start, end)
        words += len(found)
        unique.update(map(str.casefold, found))
    sentences = len(doc.sentences)
    return Stats(
        words=words,
        sentences=sentences,
        paragraphs=len(doc.paragraphs),
        unique_words=len(unique),
        avg_sentence_words=words / sentences if sentences else 0.0,
        reading_minutes=words / READING_WORDS_PER_MINUTE,
    )
