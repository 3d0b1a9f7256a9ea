"""On-disk cache of document analyses, so reopening a corpus is near-instant.

Keyed by the text's sha256, :data:`ANALYSIS_VERSION` and the NLTK resources' fingerprint.
One entry format: the packed analysis (``pack.py``, never pickle), sealed with a secret
owner-only key, so an entry this installation did not write is recomputed, never read.
The folder is bounded in size, oldest out first."""

from __future__ import annotations

import contextlib
import hmac
import os
import stat
import tempfile
import time
from pathlib import Path

from analysis.cache.dirs import default_cache_dir
from analysis.cache.fingerprint import resources_fingerprint
from analysis.cache.pack import check_fit, pack, unpack
from analysis.model import Document, DocumentAnalysis
from analysis.private_files import ensure_private_dir

__all__ = ["ANALYSIS_VERSION", "AnalysisCache", "default_cache_dir"]

ANALYSIS_VERSION = 7
"""Bump when any analysis result for the same text, or the entry format, changes (2: new
sentence rules, document sentiment and keyness; 3: Gutenberg boilerplate left out of the
analysis; 4: one entry format, the sealed packed copy; 5: three-word phrases scored by
their weaker split; 6: the keyword ranking's own part stored; 7: Gutenberg's
``[Illustration`` marker word not counted)."""

DEFAULT_LIMIT_BYTES = 512 * 1024 * 1024


KEY_NAME = "sealing.key"
"""The secret HMAC key, in the cache's base folder, owner-only."""
KEY_BYTES = 32
SUFFIX = ".lpk"


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


class AnalysisCache:
    """A folder of sealed entries; every method swallows I/O trouble (a cache is optional).

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
            self._root = self.folder / f"v{ANALYSIS_VERSION}-{resources_fingerprint()}"
        return self._root

    def _path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / f"{sha256}{SUFFIX}"

    # ------------------------------------------------------------------ sealing key

    def prepare(self) -> None:
        """Make sure the folder has its sealing key (made once, by whichever process comes
        first). The pipeline calls it before workers store anything; :meth:`put` too.
        Without a key nothing is cached: failure only costs speed."""
        if self._key is not None:
            return
        self._key = _read_key(self._key_path())
        if self._key is not None:
            return
        with contextlib.suppress(OSError):
            # One others could read or write cannot vouch for anything: replaced.
            self._key_path().unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            ensure_private_dir(self.folder)
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(os.urandom(KEY_BYTES))
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
        blob = self.get_packed(doc)
        if blob is None:
            return None
        try:
            return unpack(doc, blob)
        except Exception:  # noqa: BLE001 - cannot happen for a checked entry; be safe
            self._drop(doc.sha256)
            return None

    def get_packed(self, doc: Document) -> bytes | None:
        """The entry of ``doc`` as its packed bytes, sealed by this installation and checked
        to fit ``doc``: a worker hands a cache hit over as these, and the caller rebuilds
        it once with ``pack.unpack``."""
        path = self._path(doc.sha256)
        try:
            raw, age = _read_entry(path)
            seal, _, blob = raw.partition(b"\n")
            key = self._sealing_key()
            if key is None or not hmac.compare_digest(seal, _mac(key, blob)):
                raise ValueError("not sealed by this installation")
            check_fit(doc, blob)
        except FileNotFoundError:
            return None
        except Exception:  # noqa: BLE001 - damaged or foreign entry: drop it, recompute
            self._drop(doc.sha256)
            return None
        if age > TOUCH_AFTER_SECONDS:
            with contextlib.suppress(OSError):
                os.utime(path)  # mark as recently used for eviction
        return blob

    def _drop(self, sha256: str) -> None:
        with contextlib.suppress(OSError):
            self._path(sha256).unlink()

    def put(self, analysis: DocumentAnalysis) -> None:
        path = self._path(analysis.document.sha256)
        try:
            if self._sealing_key() is None:
                self.prepare()
            key = self._key
            packed = pack(analysis)
            if key is None or packed is None:  # no key; a string the format cannot hold
                return
            entry = _mac(key, packed) + b"\n" + packed
            ensure_private_dir(path.parent)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(entry)
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError:
            return
        self._written += len(entry)
        if self._written > self.limit_bytes // 10:
            self._written = 0
            self.evict()

    def evict(self) -> None:
        """Delete least recently used entries until the folder is under the limit."""
        try:
            entries = [
                (p.stat().st_mtime, p.stat().st_size, p) for p in self.root.glob(f"*/*{SUFFIX}")
            ]
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
