"""The first document's sentences, split in a child process while the dashboard starts.

Splitting needs NLTK, and importing it takes longer than the dashboard's whole first frame;
a child started before that frame has them ready about when it is drawn, so the sentence
cursor (and every key that moves it) works from the start. See docs/ARCHITECTURE.md.
"""

from __future__ import annotations

import json
import subprocess
import sys
from array import array
from dataclasses import dataclass

from analysis.model import SpanArray

MAX_CHARS = 2_000_000
"""Larger first documents are not split early: that would take seconds, not milliseconds."""


@dataclass(frozen=True, slots=True)
class Split:
    """The sentences of the document at ``path`` whose text hashes to ``sha256``."""

    path: str
    sha256: str
    sentences: SpanArray
    sentence_paragraph: array


class Presplit:
    """A child process splitting the first of ``paths`` into sentences."""

    def __init__(self, path: str, max_bytes: int | None) -> None:
        args = [sys.executable, "-m", "analysis.presplit", path]
        if max_bytes is not None:
            args.append(str(max_bytes))
        self._child = subprocess.Popen(
            args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )

    def result(self) -> Split | None:
        """Wait for the child; its split, or None if it had none to give."""
        out, _ = self._child.communicate()
        if self._child.returncode != 0 or not out:
            return None
        return decode(out)

    def close(self) -> None:
        """Stop the child if it is still running."""
        if self._child.poll() is None:
            self._child.kill()
            self._child.wait()


def encode(split: Split) -> bytes:
    """One JSON line (path, hash, sentence count), then the spans and owners as int64."""
    head = {"path": split.path, "sha256": split.sha256, "count": len(split.sentences)}
    flat = array("q", (n for span in split.sentences for n in span))
    owners = array("q", split.sentence_paragraph)
    return json.dumps(head).encode() + b"\n" + flat.tobytes() + owners.tobytes()


def decode(data: bytes) -> Split | None:
    """The inverse of :func:`encode`; None for anything malformed."""
    line, _, rest = data.partition(b"\n")
    try:
        head = json.loads(line)
        count = int(head["count"])
        flat, owners = array("q"), array("q")
        flat.frombytes(rest[: 16 * count])
        owners.frombytes(rest[16 * count :])
        if len(flat) != 2 * count or len(owners) != count:
            return None
        return Split(str(head["path"]), str(head["sha256"]), SpanArray.from_flat(flat), owners)
    except (ValueError, KeyError, TypeError):
        return None


def split_first(path: str, max_bytes: int | None) -> Split | None:
    """Load ``path`` as the pipeline does and split it (None: not loadable, or too big)."""
    from analysis.loader import DEFAULT_MAX_BYTES, load_paths
    from analysis.model import Document

    limit = DEFAULT_MAX_BYTES if max_bytes is None else max_bytes
    for doc in load_paths([path], max_bytes=min(limit, 4 * MAX_CHARS), split=False):
        if not isinstance(doc, Document) or len(doc.text) > MAX_CHARS:
            return None
        from analysis.sentences import split_sentences

        sentences, owners = split_sentences(doc.text, doc.paragraphs)
        return Split(doc.path, doc.sha256, sentences, owners)
    return None


def main(argv: list[str]) -> int:
    max_bytes = int(argv[1]) if len(argv) > 1 else None
    split = split_first(argv[0], max_bytes)
    if split is None:
        return 1
    sys.stdout.buffer.write(encode(split))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
