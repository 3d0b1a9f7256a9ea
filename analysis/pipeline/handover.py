"""Hand a big document's analysis from a worker process to the dashboard, compactly.

The worker writes the per-sentence arrays, in their smallest exact form, to a file the
dashboard made, and returns only the small rest; the dashboard reads them straight into
arrays and deletes the file. Memory before and after: docs/ARCHITECTURE.md."""

from __future__ import annotations

import contextlib
import os
import re
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import chain
from typing import Any

from analysis.model import Document, DocumentAnalysis, Scores, ScoresArray, SpanArray
from analysis.pipeline.compact import (
    NarrowSpans,
    ParagraphOwners,
    RoundedScores,
    SmoothedArc,
    narrowest,
)

__all__ = [
    "Handover",
    "discard_handover_file",
    "new_handover_file",
    "read_analysis",
    "remove_stale_handover_files",
    "write_analysis",
]

_PREFIX = "lectern-analysis-"
_NAME = re.compile(re.escape(_PREFIX) + r"(\d+)-[^/]*\.bin")


def new_handover_file(owner: int | None = None) -> str | None:
    """A new empty private file (in the temp folder, named after the dashboard's process:
    ``owner``, by default this one) for a worker to write a big analysis into; None if
    none can be made. The name lets :func:`remove_stale_handover_files` tell when the
    dashboard is gone."""
    import tempfile  # only once a big document shows up

    owner = os.getpid() if owner is None else owner
    try:
        fd, name = tempfile.mkstemp(prefix=f"{_PREFIX}{owner}-", suffix=".bin")
    except OSError:
        return None
    os.close(fd)
    return name


def discard_handover_file(path: str) -> None:
    """Delete a handover file (read, or no longer wanted); gone already is fine."""
    with contextlib.suppress(OSError):
        os.unlink(path)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, but someone else's
        return True
    return True


def remove_stale_handover_files(folder: str) -> int:
    """Delete this user's handover files in ``folder`` whose dashboard process is gone (one
    killed while a worker was busy): its files would otherwise stay. How many went."""
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    uid = os.getuid() if hasattr(os, "getuid") else None
    for entry in entries:
        match = _NAME.fullmatch(entry.name)
        if match is None or _alive(int(match.group(1))):
            continue
        with contextlib.suppress(OSError):
            if uid is None or entry.stat(follow_symlinks=False).st_uid == uid:
                os.unlink(entry.path)
                removed += 1
    return removed


@dataclass(frozen=True, slots=True)
class Handover:
    """What a worker returns for a big document: its analysis without the text, the
    paragraphs and the per-sentence sequences, and how those lie in the file, in order, as
    ``(name, typecode, length)``."""

    analysis: DocumentAnalysis
    sections: tuple[tuple[str, str, int], ...]
    cached: bool = False
    """The analysis came from the cache."""


LAZY_SMOOTHED_MIN = 1 << 18
"""From this many sentences on, the dashboard works the smoothed arc out from the arc when
it reads it (``SmoothedArc``) instead of holding it: 8 bytes a sentence saved, ~0.3 s per
million sentences to read it all."""


def _sections(analysis: DocumentAnalysis) -> Iterator[tuple[str, array]]:
    """The per-sentence sequences in their smallest exact form, as named arrays."""
    doc = analysis.document
    spans = NarrowSpans.encode(doc.sentences)
    if spans is not None:
        yield "span starts", spans.starts
        yield "span lengths", spans.lengths
    else:
        yield "spans", narrowest(chain.from_iterable(doc.sentences), max(len(doc.text), 1))
    owners = ParagraphOwners.encode(doc.sentence_paragraph, len(doc.paragraphs))
    if owners is not None:
        yield "owner starts", owners.starts
    else:
        yield "owners", array("q", doc.sentence_paragraph)
    rounded_arc = None
    for level in ("sentence", "paragraph"):
        scores = getattr(analysis.sentiment, f"{level}s")
        rounded = RoundedScores.encode(scores)
        if rounded is not None:
            yield f"{level} shares", rounded.shares
            yield f"{level} compounds", rounded.compound_values
            if level == "sentence":
                rounded_arc = rounded.compounds()
        else:
            yield f"{level} scores", array("d", chain.from_iterable(scores))
    smoothed = analysis.sentiment.smoothed
    if (
        rounded_arc is not None
        and len(smoothed) >= LAZY_SMOOTHED_MIN
        and SmoothedArc.encode(rounded_arc, smoothed) is not None
    ):
        yield "smoothed computed", array("d")
        return
    yield "smoothed", array("d", smoothed)


def write_analysis(analysis: DocumentAnalysis, path: str, *, cached: bool = False) -> Handover:
    """In the worker: write ``analysis``'s per-sentence sequences to the existing file at
    ``path`` (created by the receiver, which deletes it: if it is gone, the receiver no
    longer wants the result, and ``FileNotFoundError`` is raised) and return the rest."""
    sections = list(_sections(analysis))
    fd = os.open(path, os.O_WRONLY | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0))
    with open(fd, "wb") as out:
        for _name, values in sections:
            out.write(values)  # the array's own buffer, no copy
    doc = analysis.document
    small = replace(
        analysis,
        document=replace(
            doc, text="", paragraphs=SpanArray(), sentences=SpanArray(), sentence_paragraph=()
        ),
        sentiment=replace(
            analysis.sentiment,
            sentences=ScoresArray(),
            paragraphs=ScoresArray(),
            arc=array("d"),
            smoothed=array("d"),
        ),
    )
    return Handover(small, tuple((name, v.typecode, len(v)) for name, v in sections), cached)


def _read_section(stream: Any, typecode: str, count: int) -> array:
    """``count`` numbers of type ``typecode`` read from ``stream`` into a new array."""
    values = array(typecode, [0]) * count if count else array(typecode)
    view = memoryview(values).cast("B")
    done = 0
    while done < len(view):
        got = stream.readinto(view[done:])
        if not got:
            raise ValueError("handover file is shorter than announced")
        done += got
    view.release()
    return values


_KNOWN = {
    "span starts": "IQ",
    "span lengths": "H",
    "spans": "Iq",
    "owner starts": "Iq",
    "owners": "q",
    "sentence shares": "I",
    "sentence compounds": "h",
    "sentence scores": "d",
    "paragraph shares": "I",
    "paragraph compounds": "h",
    "paragraph scores": "d",
    "smoothed": "d",
    "smoothed computed": "d",
}


def _scores_read(level: str, found: dict[str, array]) -> Sequence[Scores]:
    if f"{level} scores" in found:
        return ScoresArray.from_flat(found[f"{level} scores"])
    return RoundedScores(found[f"{level} shares"], found[f"{level} compounds"])


def read_analysis(doc: Document, handover: Handover, path: str) -> DocumentAnalysis:
    """In the receiver: the full analysis of ``doc`` (the document it loaded, with its text
    and paragraphs) from what ``write_analysis`` returned and wrote to ``path``. Raises
    ``ValueError`` (or ``OSError``) for a handover that does not fit."""
    small = handover.analysis
    if small.document.sha256 != doc.sha256:
        raise ValueError("handover is for another text")
    for name, typecode, _count in handover.sections:
        if typecode not in _KNOWN.get(name, ""):
            raise ValueError(f"not a handover this version reads ({name!r})")
    found: dict[str, array] = {}
    with open(path, "rb", buffering=0) as stream:
        for name, typecode, count in handover.sections:
            found[name] = _read_section(stream, typecode, count)
        if stream.read(1):
            raise ValueError("handover file is longer than announced")
    try:
        if "spans" in found:
            spans: SpanArray = SpanArray.from_flat(found["spans"])
        else:
            spans = NarrowSpans(found["span starts"], found["span lengths"])
        n = len(spans)
        owners: Sequence[int] = (
            ParagraphOwners(found["owner starts"], n)
            if "owner starts" in found
            else found["owners"]
        )
        sentence_scores = _scores_read("sentence", found)
        paragraph_scores = _scores_read("paragraph", found)
        smoothed: Sequence[float]
        if "smoothed computed" in found:
            if not isinstance(sentence_scores, RoundedScores) or n < SmoothedArc.MIN_LENGTH:
                raise ValueError("a computed smoothed arc needs rounded scores")
            smoothed = SmoothedArc(sentence_scores.compounds())
        else:
            smoothed = found["smoothed"]
    except KeyError as exc:
        raise ValueError(f"handover lacks {exc}") from None
    if not n == len(owners) == len(sentence_scores) == len(smoothed):
        raise ValueError("handover sequences disagree in length")
    if len(paragraph_scores) != len(doc.paragraphs):
        raise ValueError("handover is for another paragraph split")
    if n and spans[-1].end > len(doc.text):  # sentences are in order: the last ends last
        raise ValueError("handover sentences run past the text")
    arc: Sequence[float]
    if isinstance(smoothed, SmoothedArc):
        arc = smoothed.arc  # the one view both read
    elif isinstance(sentence_scores, RoundedScores):
        arc = sentence_scores.compounds()
    else:
        arc = found["sentence scores"][3::4]
    document = replace(doc, sentences=spans, sentence_paragraph=owners)
    sentiment = replace(
        small.sentiment,
        sentences=sentence_scores,
        paragraphs=paragraph_scores,
        arc=arc,
        smoothed=smoothed,
    )
    return replace(small, document=document, sentiment=sentiment)
