"""``lectern analyze``: headless analysis for scripts, a readable table, CSV or stable JSON
(one object per input, in input order: path, title, sha256, encoding, format, stats,
sentiment, keywords, phrases, outline, and sentences with --sentences; or path and error).
The schema is in the README.
"""

from __future__ import annotations

import gc
import json
import math
import sys
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from analysis.model import Document, DocumentAnalysis, LoadFailure
from analysis.sanitize import clean_line

SCHEMA_VERSION = 1


def _round(value: float) -> float:
    return round(value, 4)


def document_json(
    analysis: DocumentAnalysis, keywords: Sequence[Any], *, sentences: bool
) -> dict[str, Any]:
    """The JSON object for one analysed document (the documented, stable schema)."""
    doc = analysis.document
    st = analysis.stats
    s = analysis.sentiment.document
    obj: dict[str, Any] = {
        "path": doc.path,
        "title": doc.title,
        "sha256": doc.sha256,
        "encoding": doc.encoding,
        "format": doc.format,
        "stats": {
            "words": st.words,
            "sentences": st.sentences,
            "paragraphs": st.paragraphs,
            "unique_words": st.unique_words,
            "avg_sentence_words": round(st.avg_sentence_words, 2),
            "reading_minutes": round(st.reading_minutes, 2),
        },
        "sentiment": {
            "compound": _round(s.compound),
            "pos": _round(s.pos),
            "neu": _round(s.neu),
            "neg": _round(s.neg),
            "label": s.label,
        },
        "keywords": [
            {"term": k.term, "score": _round(k.score), "count": k.count} for k in keywords
        ],
        "phrases": [
            {"text": p.text, "score": _round(p.score), "count": p.count} for p in analysis.phrases
        ],
        "outline": outline_json(doc),
    }
    if sentences:
        obj["sentences"] = [
            {
                "start": span.start,
                "end": span.end,
                "text": doc.text[span.start : span.end],
                "compound": sc.compound,
                "pos": sc.pos,
                "neu": sc.neu,
                "neg": sc.neg,
            }
            for span, sc in zip(doc.sentences, analysis.sentiment.sentences, strict=True)
        ]
    return obj


def outline_json(doc: Document) -> list[dict[str, Any]]:
    """The document's outline: chapter or section titles (sanitised like every
    document-derived string), their character offsets and levels."""
    return [
        {"title": clean_line(entry.title), "start": entry.start, "level": entry.level}
        for entry in doc.outline
    ]


def failure_json(failure: LoadFailure) -> dict[str, Any]:
    return {"path": failure.path, "error": {"kind": failure.kind, "message": failure.message}}


_ENCODE_STRING = json.encoder.encode_basestring  # the C encoder, ensure_ascii=False


def _float_json(value: float) -> str:
    if value != value:
        return "NaN"
    if value in (math.inf, -math.inf):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)


def _scalar_json(value: Any) -> str | None:
    """``value`` as JSON if it is a string, number, bool or None, else None."""
    kind = type(value)
    if kind is str:
        return _ENCODE_STRING(value)
    if kind is int:
        return int.__repr__(value)
    if kind is float:
        return _float_json(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    return None


def _json_chunks(value: Any, indent: str, out: list[str]) -> None:
    """Append ``value`` as ``json.dumps(value, ensure_ascii=False, indent=2)`` would write
    it at nesting ``indent``. The standard library's indenting encoder is pure Python
    with a generator per level (its C encoder cannot indent before Python 3.13): for
    1,000 documents it took longer than everything else of a warm run together."""
    text = _scalar_json(value)
    if text is not None:
        out.append(text)
        return
    kind = type(value)
    if kind is dict:
        if not value:
            out.append("{}")
            return
        inner = indent + "  "
        separator = "{\n" + inner
        for key, item in value.items():
            text = _scalar_json(item)
            if text is None:
                out.append(separator + _ENCODE_STRING(key) + ": ")
                _json_chunks(item, inner, out)
            else:  # the common case, without a call per value
                out.append(separator + _ENCODE_STRING(key) + ": " + text)
            separator = ",\n" + inner
        out.append("\n" + indent + "}")
    elif kind is list or kind is tuple:
        if not value:
            out.append("[]")
            return
        inner = indent + "  "
        separator = "[\n" + inner
        for item in value:
            out.append(separator)
            _json_chunks(item, inner, out)
            separator = ",\n" + inner
        out.append("\n" + indent + "]")
    else:  # anything else: exactly what json would do with it
        out.append(json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + indent))


def _scored_list(label: str, rows: Iterable[tuple[Any, Any, Any]]) -> str:
    """A member list of ``{label: ..., "score": ..., "count": ...}`` objects (keywords or
    phrases) as :func:`_json_chunks` writes it inside a document of the output list."""
    head = "{\n        " + _ENCODE_STRING(label) + ": "
    parts = [
        head
        + _json_text(text)
        + ',\n        "score": '
        + _json_text(score)
        + ',\n        "count": '
        + _json_text(count)
        + "\n      }"
        for text, score, count in rows
    ]
    return "[\n      " + ",\n      ".join(parts) + "\n    ]" if parts else "[]"


def _json_text_at(value: Any, indent: str) -> str:
    chunks: list[str] = []
    _json_chunks(value, indent, chunks)
    return "".join(chunks)


def _json_text(value: Any) -> str:
    text = _scalar_json(value)
    if text is None:
        chunks: list[str] = []
        _json_chunks(value, "        ", chunks)
        return "".join(chunks)
    return text


def document_text(analysis: DocumentAnalysis, keywords: Sequence[Any], phrases_top: int) -> str:
    """``document_json(analysis, keywords, sentences=False)`` with its phrases cut to
    ``phrases_top``, written as it appears in the output list — directly, without the
    dictionaries (a test checks the two agree byte for byte)."""
    doc = analysis.document
    st = analysis.stats
    s = analysis.sentiment.document
    j = _json_text
    return "".join(
        [
            '{\n    "path": ',
            j(doc.path),
            ',\n    "title": ',
            j(doc.title),
            ',\n    "sha256": ',
            j(doc.sha256),
            ',\n    "encoding": ',
            j(doc.encoding),
            ',\n    "format": ',
            j(doc.format),
            ',\n    "stats": {\n      "words": ',
            j(st.words),
            ',\n      "sentences": ',
            j(st.sentences),
            ',\n      "paragraphs": ',
            j(st.paragraphs),
            ',\n      "unique_words": ',
            j(st.unique_words),
            ',\n      "avg_sentence_words": ',
            j(round(st.avg_sentence_words, 2)),
            ',\n      "reading_minutes": ',
            j(round(st.reading_minutes, 2)),
            '\n    },\n    "sentiment": {\n      "compound": ',
            j(_round(s.compound)),
            ',\n      "pos": ',
            j(_round(s.pos)),
            ',\n      "neu": ',
            j(_round(s.neu)),
            ',\n      "neg": ',
            j(_round(s.neg)),
            ',\n      "label": ',
            j(s.label),
            '\n    },\n    "keywords": ',
            _scored_list("term", ((k.term, _round(k.score), k.count) for k in keywords)),
            ',\n    "phrases": ',
            _scored_list(
                "text",
                ((p.text, _round(p.score), p.count) for p in analysis.phrases[:phrases_top]),
            ),
            ',\n    "outline": ',
            _json_text_at(outline_json(doc), "    "),
            "\n  }",
        ]
    )


def write_json_list(items: Sequence[Any], out: TextIO) -> None:
    """Write ``items`` as ``json.dump(items, out, ensure_ascii=False, indent=2)`` does,
    byte for byte, one item at a time (a document with ``--sentences`` can be large)."""
    if not items:
        out.write("[]")
        return
    separator = "[\n  "
    for item in items:
        chunks = [separator]
        _json_chunks(item, "  ", chunks)
        out.write("".join(chunks))
        separator = ",\n  "
    out.write("\n]")


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def _print_table(
    results: list[DocumentAnalysis | LoadFailure],
    keywords: dict[int, Sequence[Any]],
    *,
    sentences: bool,
    out: TextIO,
) -> None:
    from analysis.sanitize import clean_line

    header = f"{'TITLE':<34} {'WORDS':>7} {'SENTS':>6} {'COMPOUND':>9}  {'LABEL':<8}  KEYWORDS"
    out.write(header + "\n")
    for i, item in enumerate(results):
        if isinstance(item, LoadFailure):
            continue
        doc = item.document
        s = item.sentiment.document
        kw = ", ".join(k.term for k in keywords.get(i, ()))
        out.write(
            f"{_fit(clean_line(doc.title), 34):<34} {item.stats.words:>7} "
            f"{item.stats.sentences:>6} {s.compound:>+9.3f}  {s.label:<8}  "
            f"{_fit(clean_line(kw), 60)}\n"
        )
        if sentences:
            for span, sc in zip(doc.sentences, item.sentiment.sentences, strict=True):
                text = clean_line(doc.text[span.start : span.end])
                out.write(f"    {sc.compound:>+7.3f}  {_fit(text, 100)}\n")


def _print_csv(
    results: list[DocumentAnalysis | LoadFailure],
    corpus: Any,
    in_corpus: dict[str, int],
    keywords: dict[int, Sequence[Any]],
    top: int,
    out: TextIO,
) -> None:
    """The corpus table as CSV, one row per analysed document in input order."""
    from analysis.tables import CorpusRecord, corpus_table, to_csv

    records = [
        CorpusRecord(
            item.document.path,
            item.document.title,
            item.stats.words,
            item.stats.sentences,
            item.sentiment.document.compound,
            item.sentiment.document.label,
            tuple(k.term for k in keywords[i]),
            tuple(k.term for k in corpus.distinguishing(in_corpus[item.document.path], top)),
        )
        for i, item in enumerate(results)
        if isinstance(item, DocumentAnalysis)
    ]
    out.write(to_csv(corpus_table(records)))


def run_analyze(
    paths: Sequence[str],
    *,
    as_json: bool = False,
    as_csv: bool = False,
    sentences: bool = False,
    top: int = 10,
    workers: int = 0,
    max_bytes: int | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Analyse ``paths``; exit status 0, or 1 when nothing at all could be loaded.
    ``as_csv`` prints the corpus table (as the corpus view exports it) instead."""
    from analysis.pipeline import default_workers

    # The run keeps every analysis until the end and makes no reference cycles worth
    # collecting: without the cyclic collector's passes over that growing heap, a fully
    # cached corpus is read ~5% faster. Restored on the way out (tests call this).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _run_analyze(
            paths,
            "json" if as_json else "csv" if as_csv else "table",
            sentences,
            top,
            workers or default_workers(),
            max_bytes,
            out,
            err,
        )
    finally:
        if collecting:
            gc.enable()


def _run_analyze(
    paths: Sequence[str],
    fmt: str,
    sentences: bool,
    top: int,
    n_workers: int,
    max_bytes: int | None,
    out: TextIO | None,
    err: TextIO | None,
) -> int:
    from analysis.nlp.corpus import Corpus
    from analysis.pipeline import Analysed, Failed, run_pipeline
    from analysis.sanitize import clean_line

    out = out or sys.stdout
    err = err or sys.stderr
    results: list[DocumentAnalysis | LoadFailure] = []
    slot: dict[str, int] = {}
    corpus = Corpus()
    in_corpus: dict[str, int] = {}
    # Without --sentences no text is needed here: the pool's processes read, look up and
    # analyse the files themselves and this process only gathers (texts=False).
    for event in run_pipeline(paths, max_bytes=max_bytes, workers=n_workers, texts=sentences):
        if isinstance(event, Failed):
            failure = event.failure
            err.write(f"lectern: {clean_line(failure.message)}\n")
            if failure.path in slot:  # analysis failed after the document loaded
                results[slot[failure.path]] = failure
            else:
                results.append(failure)
        elif isinstance(event, Analysed):
            analysis = event.analysis
            path = analysis.document.path
            if path in slot:  # announced by a Loaded event (texts=True)
                results[slot[path]] = analysis
            else:
                results.append(analysis)
            # Corpus statistics do not depend on the order documents are added in.
            in_corpus[path] = corpus.add(analysis)
        else:
            slot[event.document.path] = len(results)
            results.append(LoadFailure(event.document.path, "pending", ""))

    keywords = {
        i: corpus.keywords(in_corpus[item.document.path], top=top)
        for i, item in enumerate(results)
        if isinstance(item, DocumentAnalysis)
    }
    phrases_top = top

    if fmt == "csv":
        _print_csv(results, corpus, in_corpus, keywords, top, out)
    elif fmt == "json":
        separator = "[\n  "
        for i, item in enumerate(results):
            if isinstance(item, LoadFailure):
                chunks = [separator]
                _json_chunks(failure_json(item), "  ", chunks)
                out.write("".join(chunks))
            elif sentences:
                obj = document_json(item, keywords[i], sentences=True)
                obj["phrases"] = obj["phrases"][:phrases_top]
                chunks = [separator]
                _json_chunks(obj, "  ", chunks)
                out.write("".join(chunks))
            else:
                out.write(separator + document_text(item, keywords[i], phrases_top))
            separator = ",\n  "
        out.write("\n]\n" if results else "[]\n")
    else:
        _print_table(results, keywords, sentences=sentences, out=out)
    return 0 if keywords else 1
