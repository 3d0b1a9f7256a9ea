"""On-disk cache of document analyses, so reopening a corpus is near-instant.

Keyed by the text's sha256 and :data:`ANALYSIS_VERSION` plus a fingerprint of the NLTK
resources in use (a user's punkt_tab or stopword list changes the results). Entries are
JSON, never pickle: a cache file is data, and a damaged or tampered one must cost a
recomputation, never code execution. Each file starts with the sha256 of its payload; a
mismatch, a parse error or a wrong shape means "not cached". The folder is bounded in size:
oldest entries are evicted first.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from array import array
from dataclasses import replace
from pathlib import Path
from typing import Any

from analysis.model import (
    Document,
    DocumentAnalysis,
    Phrase,
    Scores,
    SentimentSummary,
    SpanArray,
    Stats,
)

ANALYSIS_VERSION = 1
"""Bump when any analysis result for the same text would change."""

DEFAULT_LIMIT_BYTES = 512 * 1024 * 1024


def default_cache_dir() -> Path:
    env = os.environ.get("LECTERN_CACHE_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_cache_dir("lectern"))


def _resources_fingerprint() -> str:
    try:
        from analysis.resources import resource_report

        full = resource_report()
        # Only what changes results: not the search path, which varies with NLTK_DATA.
        report = {k: full.get(k, "") for k in ("punkt", "stopwords", "vader_lexicon")}
    except Exception:  # noqa: BLE001 - no report: fingerprint by version only
        report = {}
    return hashlib.sha256(json.dumps(report, sort_keys=True).encode()).hexdigest()[:12]


def _scores_out(items: list[Scores] | tuple[Scores, ...]) -> list[list[float]]:
    return [list(s) for s in items]


def _scores_in(items: list[list[float]]) -> tuple[Scores, ...]:
    return tuple(Scores(*(float(x) for x in s)) for s in items)


def encode(analysis: DocumentAnalysis) -> dict[str, Any]:
    """Everything but the text itself (which the loader reads again anyway)."""
    doc = analysis.document
    st = analysis.stats
    se = analysis.sentiment
    return {
        "sha256": doc.sha256,
        "title": doc.title,
        "paragraphs": [x for span in doc.paragraphs for x in span],
        "sentences": [x for span in doc.sentences for x in span],
        "sentence_paragraph": list(doc.sentence_paragraph),
        "stats": [
            st.words,
            st.sentences,
            st.paragraphs,
            st.unique_words,
            st.avg_sentence_words,
            st.reading_minutes,
        ],
        "sentiment": {
            "sentences": _scores_out(se.sentences),
            "paragraphs": _scores_out(se.paragraphs),
            "document": list(se.document),
            "smoothed": list(se.smoothed),
            "most_positive": list(se.most_positive),
            "most_negative": list(se.most_negative),
        },
        "terms": {
            "counts": dict(analysis.terms.counts),
            "surfaces": dict(analysis.terms.surfaces),
            "total": analysis.terms.total,
            "spread": dict(getattr(analysis.terms, "spread", {})),
            "segments": getattr(analysis.terms, "segments", 0),
        },
        "phrases": [[p.text, p.score, p.count] for p in analysis.phrases],
    }


def decode(doc: Document, data: dict[str, Any]) -> DocumentAnalysis:
    """Rebuild an analysis for ``doc`` (whose text hash must match) from cached data."""
    if data["sha256"] != doc.sha256:
        raise ValueError("cache entry is for another text")
    sentences = SpanArray.from_flat(array("q", data["sentences"]))
    paragraphs = SpanArray.from_flat(array("q", data["paragraphs"]))
    owner = array("q", data["sentence_paragraph"])
    if len(owner) != len(sentences) or any(e > len(doc.text) for _s, e in sentences):
        raise ValueError("cache entry does not fit the text")
    document = replace(
        doc,
        paragraphs=paragraphs,
        sentences=sentences,
        sentence_paragraph=owner,
        title=str(data["title"]),
    )
    s = data["sentiment"]
    sentence_scores = _scores_in(s["sentences"])
    if len(sentence_scores) != len(sentences):
        raise ValueError("cache entry has the wrong number of scores")
    sentiment = SentimentSummary(
        sentences=sentence_scores,
        paragraphs=_scores_in(s["paragraphs"]),
        document=Scores(*(float(x) for x in s["document"])),
        arc=tuple(sc.compound for sc in sentence_scores),
        smoothed=tuple(float(x) for x in s["smoothed"]),
        most_positive=tuple(int(i) for i in s["most_positive"]),
        most_negative=tuple(int(i) for i in s["most_negative"]),
    )
    words, n_sent, n_para, unique, avg, minutes = data["stats"]
    stats = Stats(int(words), int(n_sent), int(n_para), int(unique), float(avg), float(minutes))
    t = data["terms"]
    from analysis.terms import SegmentedTermProfile

    terms = SegmentedTermProfile(
        {str(k): int(v) for k, v in t["counts"].items()},
        {str(k): str(v) for k, v in t["surfaces"].items()},
        int(t["total"]),
        spread={str(k): int(v) for k, v in t["spread"].items()},
        segments=int(t["segments"]),
    )
    phrases = tuple(Phrase(str(a), float(b), int(c)) for a, b, c in data["phrases"])
    return DocumentAnalysis(document, stats, sentiment, terms, phrases)


class AnalysisCache:
    """A folder of JSON entries; every method swallows I/O trouble (a cache is optional)."""

    def __init__(
        self, folder: Path | None = None, *, limit_bytes: int = DEFAULT_LIMIT_BYTES
    ) -> None:
        self.root = (
            folder or default_cache_dir()
        ) / f"v{ANALYSIS_VERSION}-{_resources_fingerprint()}"
        self.limit_bytes = limit_bytes
        self._written = 0

    def _path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / f"{sha256}.json"

    def get(self, doc: Document) -> DocumentAnalysis | None:
        path = self._path(doc.sha256)
        try:
            raw = path.read_bytes()
            checksum, _, payload = raw.partition(b"\n")
            if hashlib.sha256(payload).hexdigest().encode() != checksum:
                raise ValueError("checksum mismatch")
            analysis = decode(doc, json.loads(payload))
        except FileNotFoundError:
            return None
        except Exception:  # noqa: BLE001 - damaged entry: drop it and recompute
            with contextlib.suppress(OSError):
                path.unlink()
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # mark as recently used for eviction
        return analysis

    def put(self, analysis: DocumentAnalysis) -> None:
        path = self._path(analysis.document.sha256)
        try:
            payload = json.dumps(encode(analysis), separators=(",", ":")).encode()
            blob = hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(blob)
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError:
            return
        self._written += len(blob)
        if self._written > self.limit_bytes // 10:
            self._written = 0
            self.evict()

    def evict(self) -> None:
        """Delete least recently used entries until the folder is under the limit."""
        try:
            entries = [(p.stat().st_mtime, p.stat().st_size, p) for p in self.root.glob("*/*.json")]
        except OSError:
            return
        total = sum(size for _m, size, _p in entries)
        for _mtime, size, path in sorted(entries):
            if total <= self.limit_bytes:
                break
            try:
                path.unlink()
                total -= size
            except OSError:
                pass
