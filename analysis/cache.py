"""On-disk cache of document analyses, so reopening a corpus is near-instant.

Keyed by the text's sha256 and :data:`ANALYSIS_VERSION` plus a fingerprint of the NLTK
resources in use (a user's punkt_tab or stopword list changes the results). Entries are
JSON, never pickle: a cache file is data, and a damaged or tampered one must cost a
recomputation, never code execution. Each file starts with the sha256 of its payload; a
mismatch, a parse error or a wrong shape means "not cached". The folder is bounded in size:
oldest entries are evicted first.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import hmac
import importlib.util
import json
import math
import operator
import os
import secrets
import stat
import struct
import sys
import tempfile
import time
from array import array
from collections.abc import Sequence
from dataclasses import replace
from itertools import chain
from pathlib import Path
from typing import Any

from analysis.cache_pack import check_fit, pack, unpack
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
    report = _fallback_report()
    if report is None:
        try:
            from analysis.resources import resource_report

            full = resource_report()
            # Only what changes results: not the search path, which varies with NLTK_DATA.
            report = {k: full.get(k, "") for k in _FINGERPRINT_KEYS}
        except Exception:  # noqa: BLE001 - no report: fingerprint by version only
            report = {}
    return hashlib.sha256(json.dumps(report, sort_keys=True).encode()).hexdigest()[:12]


_FINGERPRINT_KEYS = ("punkt", "stopwords", "vader_lexicon")
_NLTK_DATA_TOPS = ("tokenizers", "corpora", "sentiment")
"""First components of the three resources' names (``analysis.resources``): NLTK's
``find`` looks for each as a folder or a ``.zip`` in every search root."""


def _nltk_roots() -> list[str]:
    """Every folder NLTK may search for data: ``nltk.data.path`` as NLTK builds it at import
    (``NLTK_DATA`` entries, ``~/nltk_data``, the Unix defaults) plus the raw ``NLTK_DATA``
    entries that ``resources.nltk_search_paths`` appends, worked out without NLTK. A
    superset errs on the safe side: it can only send a run down the exact path."""
    entries = [entry for entry in os.environ.get("NLTK_DATA", "").split(os.pathsep) if entry]
    roots = [*entries, *(os.path.expanduser(entry) for entry in entries)]
    roots.append(os.path.expanduser("~/nltk_data"))
    for prefix in (sys.prefix, "/usr", "/usr/local"):
        roots += [
            os.path.join(prefix, "share", "nltk_data"),
            os.path.join(prefix, "lib", "nltk_data"),
        ]
    roots.append(os.path.join(sys.prefix, "nltk_data"))
    return roots


def _fallback_report() -> dict[str, str] | None:
    """The fingerprinted part of ``resources.resource_report()`` when no NLTK data can be
    found anywhere, so every resource is the built-in fallback — found without importing
    NLTK, which costs about 0.2 s on a run whose analyses all come from the cache.

    None (the caller asks ``resource_report`` itself) when NLTK is loaded already, when
    any search root holds anything NLTK could take one of our resources from, or when
    NLTK could fetch one elsewhere (its Hugging Face cache fallback). The strings must
    match ``analysis.resources``; ``tests/analysis/test_cache_fingerprint.py`` checks it.
    """
    if "nltk" in sys.modules or os.name != "posix":
        return None
    if importlib.util.find_spec("huggingface_hub") is not None:
        return None
    for root in _nltk_roots():
        if os.path.isfile(root):  # a zip file as a search root
            return None
        for top in _NLTK_DATA_TOPS:
            if os.path.lexists(os.path.join(root, top)) or os.path.lexists(
                os.path.join(root, top + ".zip")
            ):
                return None
    from analysis import resources

    stopwords = Path(resources.__file__).resolve().with_name("data") / _OWN_STOPWORDS
    lexicon = resources._vadersentiment_lexicon()  # locates it without importing anything
    if lexicon is None or not stopwords.is_file():
        return None
    return {
        "punkt": "untrained Punkt",
        "stopwords": f"built-in: analysis/data/{_OWN_STOPWORDS}",
        "vader_lexicon": f"vaderSentiment: {lexicon}",
    }


_OWN_STOPWORDS = "stopwords_en.txt"


def _scores_out(items: Sequence[Scores]) -> list[list[float]]:
    return [list(s) for s in items]


def encode(analysis: DocumentAnalysis) -> dict[str, Any]:
    """Everything but the text itself (which the loader reads again anyway)."""
    doc = analysis.document
    st = analysis.stats
    se = analysis.sentiment
    spread = getattr(analysis.terms, "spread", {})
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
            # Aligned with "counts" (0: absent): the keys once, not twice, to read.
            "spread": [spread.get(key, 0) for key in analysis.terms.counts],
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


# The checks below run over whole lists at once (``map`` over C types, ``min``/``max``,
# one regex search over joined strings) rather than element by element in Python: an
# entry holds thousands of numbers and strings, and a warm run decodes every entry.

_WHOLE = frozenset({int})
_NUMBER = frozenset({int, float})


def _ints(values: Any, count: int | None = None) -> array:
    """``values`` as ``array('q')``: a list of ints (no bools, no floats) of ``count``
    items (any number when None), else ``ValueError``."""
    if type(values) is not list or (count is not None and len(values) != count):
        raise ValueError("cache entry holds a list of the wrong length")
    if not _WHOLE.issuperset(map(type, values)):
        raise ValueError("cache entry holds something other than whole numbers")
    return array("q", values)


def _in_range(values: array, low: float, high: float) -> array:
    """``values`` if every one lies in ``[low, high]`` (so none is NaN), else ``ValueError``."""
    if values and (
        (values.typecode == "d" and any(map(math.isnan, values)))
        or min(values) < low
        or max(values) > high
    ):
        raise ValueError("cache entry holds a number out of range")
    return values


def _floats(values: Any, count: int, low: float, high: float) -> array:
    """``values`` as ``array('d')``: a list of ``count`` numbers in ``[low, high]``."""
    if type(values) is not list or len(values) != count:
        raise ValueError("cache entry holds a list of the wrong length")
    if not _NUMBER.issuperset(map(type, values)):
        raise ValueError("cache entry holds something other than numbers")
    return _in_range(array("d", values), low, high)


def _scores(items: Any, count: int) -> ScoresArray:
    """``count`` scores, each ``[neg, neu, pos, compound]``: the first three in ``[0, 1]``,
    the compound in ``[-1, 1]``."""
    if type(items) is not list or len(items) != count:
        raise ValueError("cache entry has the wrong number of scores")
    if not _LIST.issuperset(map(type, items)) or not _FOUR.issuperset(map(len, items)):
        raise ValueError("cache entry holds a malformed score")
    flat = _floats(list(chain.from_iterable(items)), 4 * count, -1.0, 1.0)
    _in_range(flat[0::4] + flat[1::4] + flat[2::4], 0.0, 1.0)
    return ScoresArray.from_flat(flat)


_LIST = frozenset({list})
_FOUR = frozenset({4})


def _spans(flat: Any, limit: int) -> array:
    """Ordered, non-overlapping, non-empty spans inside ``[0, limit]``, as the flat
    ``array('q')`` a ``SpanArray`` wraps."""
    if type(flat) is not list or len(flat) % 2:
        raise ValueError("cache entry holds malformed spans")
    values = _ints(flat)
    if values:
        starts, ends = values[0::2], values[1::2]
        if (
            values[0] < 0
            or values[-1] > limit
            or not all(map(operator.lt, starts, ends))
            or not all(map(operator.le, ends, starts[1:]))
        ):
            raise ValueError("cache entry holds spans out of order or outside the text")
    return values


def _owners(owners: Any, sentences: array, paragraphs: array) -> array:
    """Per sentence, the index of the paragraph holding it: non-decreasing, in range, and
    the sentence must lie inside that paragraph."""
    values = _ints(owners, len(sentences) // 2)
    if not values:
        return values
    p_starts, p_ends = paragraphs[0::2], paragraphs[1::2]
    if (
        values[0] < 0
        or values[-1] >= len(p_starts)
        or not all(map(operator.le, values, values[1:]))
    ):
        raise ValueError("cache entry holds a paragraph index out of range")
    starts, ends = sentences[0::2], sentences[1::2]
    if not all(map(operator.le, map(p_starts.__getitem__, values), starts)) or not all(
        map(operator.le, ends, map(p_ends.__getitem__, values))
    ):
        raise ValueError("cache entry has a sentence outside its paragraph")
    return values


def _extremes(indices: Any, n: int) -> tuple[int, ...]:
    """Distinct sentence indices in ``[0, n)``."""
    values = _ints(indices)
    if len(set(values)) != len(values):
        raise ValueError("cache entry holds malformed extremes")
    return tuple(_in_range(values, 0, n - 1))


def _check_strings(strings: Any) -> None:
    """Every item of ``strings`` (a dict's keys, say) is a string a real analysis could
    hold (see :func:`_clean`), checked in one pass over them all. Printable text (the
    usual case) holds neither control characters nor line breaks; anything else gets the
    exact test."""
    joined = "".join(strings)  # TypeError for anything but strings
    if not joined.isprintable() and ("\n" in joined or not is_clean(joined)):
        raise ValueError("cache entry holds text a real analysis cannot produce")


def _whole_at_least(values: Any, low: int) -> None:
    if not _WHOLE.issuperset(map(type, values)) or (values and min(values) < low):
        raise ValueError("cache entry holds a count out of range")


def _counts(table: Any) -> dict[str, int]:
    """A term table: clean keys, whole counts of at least one."""
    if type(table) is not dict:
        raise ValueError("cache entry holds a malformed term table")
    _check_strings(table)
    _whole_at_least(table.values(), 1)
    return table


def _spread(values: Any, counts: dict[str, int]) -> dict[str, int]:
    """Segment counts aligned with ``counts`` (0 where a key has none); entries written
    before that layout hold a table like ``counts``."""
    if type(values) is dict:
        return _counts(values)
    if type(values) is not list or len(values) != len(counts):
        raise ValueError("cache entry holds a malformed term table")
    _whole_at_least(values, 0)
    if values and min(values) == 0:
        return {key: n for key, n in zip(counts, values, strict=True) if n}
    return dict(zip(counts, values, strict=True))


def _surfaces(table: Any) -> dict[str, str]:
    if type(table) is not dict:
        raise ValueError("cache entry holds a malformed term table")
    _check_strings(table)
    _check_strings(table.values())
    return table


def decode(doc: Document, data: dict[str, Any]) -> DocumentAnalysis:
    """Rebuild an analysis for ``doc`` (whose text hash must match) from cached data.

    Nothing in the entry is trusted: every span, index, score and string is checked
    against ``doc`` and against what a real analysis can produce, and ``ValueError`` (or
    another exception from a wrong shape) means "recompute". The title and paragraphs are
    the loader's (the title may come from the file name, which the hash does not cover).
    """
    if data["sha256"] != doc.sha256:
        raise ValueError("cache entry is for another text")
    paragraphs = array("q", chain.from_iterable(doc.paragraphs))
    n_para = len(paragraphs) // 2
    if data["paragraphs"] != paragraphs.tolist():
        raise ValueError("cache entry's paragraphs do not fit the text")
    flat_sentences = _spans(data["sentences"], len(doc.text))
    owners = _owners(data["sentence_paragraph"], flat_sentences, paragraphs)
    sentences = SpanArray.from_flat(flat_sentences)
    document = replace(doc, sentences=sentences, sentence_paragraph=owners, title=doc.title)
    n = len(sentences)
    s = data["sentiment"]
    sentence_scores = _scores(s["sentences"], n)
    sentiment = SentimentSummary(
        sentences=sentence_scores,
        paragraphs=_scores(s["paragraphs"], n_para),
        document=_scores([s["document"]], 1)[0],
        arc=sentence_scores.compounds(),
        smoothed=_floats(s["smoothed"], n, -1.0, 1.0),
        most_positive=_extremes(s["most_positive"], n),
        most_negative=_extremes(s["most_negative"], n),
    )
    words, n_sent, n_para_stat, unique, avg, minutes = data["stats"]
    stats = Stats(
        _int(words),
        _int(n_sent, n, n),
        _int(n_para_stat, n_para, n_para),
        _int(unique, 0, words),
        _float(avg, 0.0),
        _float(minutes, 0.0),
    )
    t = data["terms"]
    from analysis.terms import SegmentedTermProfile

    counts = _counts(t["counts"])
    terms = SegmentedTermProfile(
        counts,
        _surfaces(t["surfaces"]),
        _int(t["total"]),
        spread=_spread(t["spread"], counts),
        segments=_int(t["segments"]),
    )
    phrases = tuple(Phrase(_clean(a), _float(b), _int(c, 1)) for a, b, c in data["phrases"])
    return DocumentAnalysis(document, stats, sentiment, terms, phrases)


KEY_NAME = "sealing.key"
"""The secret HMAC key, in the cache's base folder, owner-only."""
KEY_BYTES = 32
PACKED = "packed"
"""JSON field holding the packed copy (base64), written first in the object."""
_PACKED_PREFIX = b'{"packed":"'


def _read_key(path: Path) -> bytes | None:
    """The sealing key, if it is a regular file of the right size that only this user
    can read or write (anything else could be known to someone else: ignored)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if (
            not stat.S_ISREG(info.st_mode)
            or info.st_mode & 0o077
            or info.st_uid != os.getuid()
            or info.st_size != KEY_BYTES
        ):
            return None
        key = os.read(fd, KEY_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    return key if len(key) == KEY_BYTES else None


TOUCH_AFTER_SECONDS = 3600.0
"""A cache hit marks its entry as used (for eviction) when it was last marked longer ago
than this; an hour is fine-grained enough for least-recently-used eviction and spares a
write to every entry of every warm run."""


def _read_entry(path: Path) -> tuple[bytes, float]:
    """The bytes of an entry and how many seconds ago it was last modified."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ValueError("cache entry is not a regular file")
        chunks = []
        while chunk := os.read(fd, max(info.st_size, 4096)):
            chunks.append(chunk)
    finally:
        os.close(fd)
    return b"".join(chunks), time.time() - info.st_mtime


def _mac(key: bytes, payload: bytes) -> bytes:
    return hmac.digest(key, payload, "sha256").hex().encode()


def _trusted(doc: Document, payload: bytes, packed: bool) -> DocumentAnalysis | bytes:
    """An entry this installation wrote (its MAC verified): from the packed copy when it
    has one that fits ``doc`` (the copy itself when ``packed``), else through the full
    checks all the same."""
    if payload.startswith(_PACKED_PREFIX):
        end = payload.find(b'"', len(_PACKED_PREFIX))
        with contextlib.suppress(ValueError, struct.error, binascii.Error):
            blob = base64.b64decode(payload[len(_PACKED_PREFIX) : end])
            if packed:
                check_fit(doc, blob)
                return blob
            return unpack(doc, blob)
    return decode(doc, json.loads(payload))


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
    """A folder of JSON entries; every method swallows I/O trouble (a cache is optional).

    Entries are sealed with a plain sha256, or, once :meth:`prepare` gave the folder its
    secret key, with an HMAC and a packed copy that is read back without re-checking."""

    def __init__(
        self, folder: Path | None = None, *, limit_bytes: int = DEFAULT_LIMIT_BYTES
    ) -> None:
        self.folder = folder or default_cache_dir()
        """The cache's base folder; entries live in a subfolder per analysis version."""
        self.limit_bytes = limit_bytes
        self._written = 0
        self._root: Path | None = None
        self._key: bytes | None = None
        self._key_looked_up = False

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

    # ------------------------------------------------------------------ sealing key

    def prepare(self) -> None:
        """Make sure the folder has its sealing key, so entries written from now on can be
        read back fast (see ``analysis.cache_pack``). Called by whoever runs analyses
        (the pipeline) before it starts; a cache that only ever has entries put into it
        directly seals them with a plain checksum. Failure only costs speed."""
        if self._key is not None:
            return
        self._key = _read_key(self._key_path())
        if self._key is not None:
            return
        with contextlib.suppress(OSError):
            _make_private_dirs(self.folder)
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(secrets.token_bytes(KEY_BYTES))
                with contextlib.suppress(FileExistsError):  # another process won the race
                    os.link(tmp, self._key_path())
            finally:
                Path(tmp).unlink(missing_ok=True)
        self._key = _read_key(self._key_path())

    def _key_path(self) -> Path:
        return self.folder / KEY_NAME

    def _sealing_key(self) -> bytes | None:
        if self._key is None and not self._key_looked_up:
            self._key_looked_up = True
            self._key = _read_key(self._key_path())
        return self._key

    # ------------------------------------------------------------------ entries

    def get(self, doc: Document) -> DocumentAnalysis | None:
        """The cached analysis of ``doc``, or None (not cached, or the entry was unusable:
        it is then dropped, to be rewritten)."""
        found = self._lookup(doc, packed=False)
        assert not isinstance(found, bytes)
        return found

    def get_packed(self, doc: Document) -> DocumentAnalysis | bytes | None:
        """Like :meth:`get`, except that an entry this installation sealed comes back as
        its packed copy, already checked to fit ``doc``: a worker process hands a cache
        hit over as these bytes, and the caller rebuilds it once with
        ``cache_pack.unpack`` instead of the worker rebuilding and pickling it."""
        return self._lookup(doc, packed=True)

    def _lookup(self, doc: Document, *, packed: bool) -> DocumentAnalysis | bytes | None:
        path = self._path(doc.sha256)
        try:
            raw, age = _read_entry(path)
            seal, _, payload = raw.partition(b"\n")
            key = self._sealing_key()
            if key is not None and hmac.compare_digest(seal, _mac(key, payload)):
                found = _trusted(doc, payload, packed)
            elif hashlib.sha256(payload).hexdigest().encode() == seal:
                found = decode(doc, json.loads(payload))
            else:
                raise ValueError("checksum mismatch")
        except FileNotFoundError:
            return None
        except Exception:  # noqa: BLE001 - damaged entry: drop it and recompute
            with contextlib.suppress(OSError):
                path.unlink()
            return None
        if age > TOUCH_AFTER_SECONDS:
            with contextlib.suppress(OSError):
                os.utime(path)  # mark as recently used for eviction
        return found

    def put(self, analysis: DocumentAnalysis) -> None:
        path = self._path(analysis.document.sha256)
        try:
            key = self._sealing_key()
            data = encode(analysis)
            packed = pack(analysis) if key is not None else None
            if packed is not None:  # first, so a reader finds it without parsing the rest
                data = {PACKED: base64.b64encode(packed).decode("ascii"), **data}
            payload = json.dumps(data, separators=(",", ":")).encode()
            if key is not None:
                seal = _mac(key, payload)
            else:
                seal = hashlib.sha256(payload).hexdigest().encode()
            blob = seal + b"\n" + payload
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
