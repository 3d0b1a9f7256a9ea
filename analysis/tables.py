"""Tables for export: one shape (title, headers, rows) written as CSV or Markdown.

Every text cell passes through the one sanitizer; a CSV text cell that a spreadsheet would
run as a formula (starting with ``= + - @``, tab or carriage return) gets a leading ``'``
(OWASP's advice), and Markdown cells escape the characters that would change the table.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from analysis.model import Keyword, KwicHit, Phrase
from analysis.nlp.compare import Comparison
from analysis.nlp.dispersion import Dispersion
from analysis.nlp.ngrams import Ngram
from analysis.nlp.trends import TrendPoint
from analysis.private_files import write_private_text
from analysis.sanitize import clean_line

Cell = str | int | float | None

FORMATS = ("csv", "md")

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


@dataclass(frozen=True, slots=True)
class Table:
    """A table to export: ``name`` names the file, ``title`` heads the Markdown."""

    name: str
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "yes" if cell else "no"
    if isinstance(cell, float):
        return repr(cell)  # the shortest text that reads back as the same number
    return clean_line(str(cell))


def csv_cell(cell: Cell) -> str:
    """A cell as CSV text: numbers as they are, text sanitised and kept from running as a
    spreadsheet formula."""
    text = _text(cell)
    if isinstance(cell, str) and text.startswith(_FORMULA_START):
        return "'" + text
    return text


def markdown_cell(cell: Cell) -> str:
    """A cell as Markdown table text (sanitised, table and inline syntax escaped)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", _text(cell))


def to_csv(table: Table) -> str:
    """The table as CSV (a header row, then the rows), as Python's ``csv`` writes it."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([csv_cell(h) for h in table.headers])
    for row in table.rows:
        writer.writerow([csv_cell(c) for c in row])
    return out.getvalue()


def to_markdown(table: Table) -> str:
    """The table as a GitHub-flavoured Markdown table under a heading."""
    numeric = [
        bool(table.rows)
        and all(isinstance(row[i], int | float) for row in table.rows if row[i] is not None)
        for i in range(len(table.headers))
    ]
    lines = [f"## {markdown_cell(table.title)}", ""]
    lines.append("| " + " | ".join(markdown_cell(h) for h in table.headers) + " |")
    lines.append("| " + " | ".join("---:" if num else "---" for num in numeric) + " |")
    for row in table.rows:
        lines.append("| " + " | ".join(markdown_cell(c) for c in row) + " |")
    return "\n".join(lines) + "\n"


def render(table: Table, fmt: str) -> str:
    """``to_csv`` or ``to_markdown`` by ``fmt`` (``csv`` or ``md``)."""
    if fmt == "csv":
        return to_csv(table)
    if fmt == "md":
        return to_markdown(table)
    raise ValueError(f"unknown table format {fmt!r}; expected one of {', '.join(FORMATS)}")


def export_path(table: Table, fmt: str, folder: Path | None = None) -> Path:
    """A new file name for ``table`` in ``folder`` (the current directory by default)."""
    slug = re.sub(r"[^a-z0-9]+", "-", table.name.lower()).strip("-") or "table"
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    return (folder or Path.cwd()) / f"lectern-{slug}-{stamp}.{fmt}"


def write_table(table: Table, fmt: str, path: Path | None = None) -> Path:
    """Write ``table`` to ``path`` (a new file from :func:`export_path` when None; an
    existing file is never overwritten then) and return where it went."""
    text = render(table, fmt)
    if path is not None:
        path.write_text(text, encoding="utf-8", newline="")
        return path
    target = export_path(table, fmt)
    stem, suffix = target.stem, target.suffix
    for attempt in range(100):
        candidate = target if attempt == 0 else target.with_name(f"{stem}-{attempt}{suffix}")
        try:
            # Owner-only: a table quotes the documents.
            write_private_text(candidate, text, exclusive=True, newline="")
        except FileExistsError:
            continue
        return candidate
    raise FileExistsError(f"no free file name next to {target}")


# --------------------------------------------------------------------------- the tables


def concordance_table(query: str, hits: Sequence[KwicHit]) -> Table:
    """Every hit with its document, offsets and left / match / right columns."""
    return Table(
        "concordance",
        f"Concordance of “{query}”",
        ("title", "path", "start", "end", "left", "match", "right"),
        tuple((h.title, h.path, h.start, h.end, h.left, h.match, h.right) for h in hits),
    )


def keyword_table(title: str, keywords: Sequence[Keyword], phrases: Sequence[Phrase] = ()) -> Table:
    """A document's keywords (and key phrases) with score and count."""
    rows: list[tuple[Cell, ...]] = [
        ("keyword", k.term, round(k.score, 4), k.count) for k in keywords
    ]
    rows += [("phrase", p.text, round(p.score, 4), p.count) for p in phrases]
    return Table(
        "keywords", f"Keywords of {title}", ("kind", "term", "score", "count"), tuple(rows)
    )


def ngram_table(title: str, grams: Sequence[Ngram]) -> Table:
    return Table(
        "ngrams",
        title,
        ("ngram", "n", "frequency", "range"),
        tuple((g.text, g.n, g.frequency, g.range) for g in grams),
    )


@dataclass(frozen=True, slots=True)
class CorpusRecord:
    """One document as the corpus table exports it."""

    path: str
    title: str
    words: int
    sentences: int
    compound: float
    label: str
    keywords: tuple[str, ...]
    distinguishing: tuple[str, ...]


def corpus_table(records: Sequence[CorpusRecord]) -> Table:
    return Table(
        "corpus",
        "Corpus",
        ("title", "path", "words", "sentences", "compound", "label", "keywords", "distinguishing"),
        tuple(
            (
                r.title,
                r.path,
                r.words,
                r.sentences,
                round(r.compound, 4),
                r.label,
                "; ".join(r.keywords),
                "; ".join(r.distinguishing),
            )
            for r in records
        ),
    )


def comparison_table(comparison: Comparison) -> Table:
    """Statistics, then distinguishing and shared terms, one row each."""
    a, b = comparison.a, comparison.b
    rows: list[tuple[Cell, ...]] = []
    for name in ("words", "sentences", "paragraphs", "unique_words", "avg_sentence_words"):
        rows.append(("statistic", name, getattr(a.stats, name), getattr(b.stats, name)))
    rows.append(
        ("statistic", "compound", round(a.sentiment.compound, 4), round(b.sentiment.compound, 4))
    )
    rows += [("distinguishes A", k.term, round(k.score, 3), None) for k in a.distinct]
    rows += [("distinguishes B", k.term, None, round(k.score, 3)) for k in b.distinct]
    rows += [
        ("shared (per million)", t.term, round(t.per_million_a, 1), round(t.per_million_b, 1))
        for t in comparison.shared
    ]
    return Table(
        "comparison",
        f"Comparison: A = {a.title}, B = {b.title}",
        ("section", "item", "A", "B"),
        tuple(rows),
    )


def dispersion_table(query: str, spreads: Sequence[Dispersion]) -> Table:
    return Table(
        "dispersion",
        f"Dispersion of “{query}”",
        ("title", "path", "hits", "words", "per_million", "dp"),
        tuple(
            (
                d.title,
                d.path,
                d.hits,
                d.words,
                round(d.per_million, 2),
                None if d.dp is None else round(d.dp, 4),
            )
            for d in spreads
        ),
    )


def trend_table(title: str, points: Sequence[TrendPoint]) -> Table:
    return Table(
        "trend",
        title,
        ("part", "hits", "words", "per_million"),
        tuple((p.label, p.hits, p.words, round(p.per_million, 2)) for p in points),
    )
