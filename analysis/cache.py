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
import math
import os
import tempfile
from array import array
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from analysis.model import (
    Document,
    DocumentAnalysis,
    Phrase,
    Scores,
    ScoresArray,
    SentimentSummary,
    SpanArray,
    Stats,
)
from analysis.sanitize import is_clean

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


def _scores_out(items: Sequence[Scores]) -> list[list[float]]:
    return [list(s) for s in items]


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


def _int(value: Any, low: int = 0, high: float = math.inf) -> int:
    """``value`` if it is an int (not a bool) in ``[low, high]``, else ``ValueError``."""
    if type(value) is not int or not low <= value <= high:
        raise ValueError(f"cache entry holds {value!r} where a number in range belongs")
    return value


def _float(value: Any, low: float = -math.inf, high: float = math.inf) -> float:
    if type(value) not in (int, float) or not low <= value <= high:  # NaN fails too
        raise ValueError(f"cache entry holds {value!r} where a finite number belongs")
    return float(value)


def _clean(value: Any) -> str:
    """A string a genuine analysis could hold: surface forms and phrases come from the
    cleaned text, so a control character or line break means the entry was tampered with."""
    if type(value) is not str or not is_clean(value) or "\n" in value:
        raise ValueError("cache entry holds text a real analysis cannot produce")
    return value


def _scores(items: Any, count: int) -> ScoresArray:
    if type(items) is not list or len(items) != count:
        raise ValueError("cache entry has the wrong number of scores")
    out = []
    for item in items:
        if type(item) is not list or len(item) != 4:
            raise ValueError("cache entry holds a malformed score")
        neg, neu, pos = (_float(x, 0.0, 1.0) for x in item[:3])
        out.append(Scores(neg, neu, pos, _float(item[3], -1.0, 1.0)))
    return ScoresArray(out)


def _spans(flat: Any, limit: int) -> SpanArray:
    """Ordered, non-overlapping, non-empty spans inside ``[0, limit]``."""
    if type(flat) is not list or len(flat) % 2:
        raise ValueError("cache entry holds malformed spans")
    previous = 0
    for i in range(0, len(flat), 2):
        start = _int(flat[i], previous, limit)
        previous = _int(flat[i + 1], start + 1, limit)
    return SpanArray.from_flat(array("q", flat))


def decode(doc: Document, data: dict[str, Any]) -> DocumentAnalysis:
    """Rebuild an analysis for ``doc`` (whose text hash must match) from cached data.

    Nothing in the entry is trusted: every span, index, score and string is checked
    against ``doc`` and against what a real analysis can produce, and ``ValueError`` (or
    another exception from a wrong shape) means "recompute". The title and paragraphs are
    the loader's (the title may come from the file name, which the hash does not cover).
    """
    if data["sha256"] != doc.sha256:
        raise ValueError("cache entry is for another text")
    text_length = len(doc.text)
    paragraphs = doc.paragraphs
    if list(data["paragraphs"]) != [x for span in paragraphs for x in span]:
        raise ValueError("cache entry's paragraphs do not fit the text")
    sentences = _spans(data["sentences"], text_length)
    owners = data["sentence_paragraph"]
    if type(owners) is not list or len(owners) != len(sentences):
        raise ValueError("cache entry does not fit the text")
    previous_owner = 0
    for (start, end), owner in zip(sentences, owners, strict=True):
        previous_owner = _int(owner, previous_owner, len(paragraphs) - 1)
        p_start, p_end = paragraphs[owner]
        if not p_start <= start < end <= p_end:
            raise ValueError("cache entry has a sentence outside its paragraph")
    document = replace(
        doc, sentences=sentences, sentence_paragraph=array("q", owners), title=doc.title
    )
    n = len(sentences)
    s = data["sentiment"]
    sentence_scores = _scores(s["sentences"], n)
    smoothed = s["smoothed"]
    if type(smoothed) is not list or len(smoothed) != n:
        raise ValueError("cache entry has a sentiment arc of the wrong length")
    extremes = [s["most_positive"], s["most_negative"]]
    if any(type(x) is not list or len(set(x)) != len(x) for x in extremes):
        raise ValueError("cache entry holds malformed extremes")
    sentiment = SentimentSummary(
        sentences=sentence_scores,
        paragraphs=_scores(s["paragraphs"], len(paragraphs)),
        document=_scores([s["document"]], 1)[0],
        arc=sentence_scores.compounds(),
        smoothed=array("d", (_float(x, -1.0, 1.0) for x in smoothed)),
        most_positive=tuple(_int(i, 0, n - 1) for i in extremes[0]),
        most_negative=tuple(_int(i, 0, n - 1) for i in extremes[1]),
    )
    words, n_sent, n_para, unique, avg, minutes = data["stats"]
    stats = Stats(
        _int(words),
        _int(n_sent, n, n),
        _int(n_para, len(paragraphs), len(paragraphs)),
        _int(unique, 0, words),
        _float(avg, 0.0),
        _float(minutes, 0.0),
    )
    t = data["terms"]
    from analysis.terms import SegmentedTermProfile

    terms = SegmentedTermProfile(
        {_clean(k): _int(v, 1) for k, v in t["counts"].items()},
        {_clean(k): _clean(v) for k, v in t["surfaces"].items()},
        _int(t["total"]),
        spread={_clean(k): _int(v, 1) for k, v in t["spread"].items()},
        segments=_int(t["segments"]),
    )
    phrases = tuple(Phrase(_clean(a), _float(b), _int(c, 1)) for a, b, c in data["phrases"])
    return DocumentAnalysis(document, stats, sentiment, terms, phrases)


def _make_private_dirs(folder: Path) -> None:
    """Create ``folder`` and its missing parents owner-only (``0o700``), like the bookmark
    store: the cache holds words and phrases of the user's documents. (``mkdir(parents=
    True)`` would give the parents the default mode.) Existing folders are left alone."""
    missing: list[Path] = []
    while not folder.is_dir():
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    for each in reversed(missing):
        try:
            each.mkdir(mode=0o700)
        except FileExistsError:
            if not each.is_dir():
                raise
        else:
            os.chmod(each, 0o700)  # exact, whatever the umask


class AnalysisCache:
    """A folder of JSON entries; every method swallows I/O trouble (a cache is optional)."""

    def __init__(
        self, folder: Path | None = None, *, limit_bytes: int = DEFAULT_LIMIT_BYTES
    ) -> None:
        self.folder = folder or default_cache_dir()
        """The cache's base folder; entries live in a subfolder per analysis version."""
        self.limit_bytes = limit_bytes
        self._written = 0
        self._root: Path | None = None

    @property
    def root(self) -> Path:
        """The folder for this analysis version and these NLTK resources. Worked out on
        first use: fingerprinting the resources imports NLTK, which a caller that shows a
        document first should not wait for."""
        if self._root is None:
            self._root = self.folder / f"v{ANALYSIS_VERSION}-{_resources_fingerprint()}"
        return self._root

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
            _make_private_dirs(path.parent)
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
