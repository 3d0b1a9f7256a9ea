"""Books and real formats on a folder of books (not part of make bench): per book the title,
the outline (and how many entries point at a chapter), licence words among the keywords, and
an EPUB's or PDF's word count against the plain-text edition.
``python -m bench.formats_check FOLDER``.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

from analysis.load.files import load_document
from analysis.model import Document
from analysis.nlp.corpus import Corpus, analyze_document

LICENCE_WORDS = frozenset(
    [
        "gutenberg",
        "gutenberg-tm",
        "project",
        "license",
        "licence",
        "trademark",
        "foundation",
        "electronic",
        "ebook",
        "ebooks",
        "donations",
        "donate",
        "refund",
        "royalty",
        "royalties",
        "agreement",
        "distribute",
        "distribution",
        "copyright",
        "warranty",
        "liability",
        "archive",
    ]
)
CHAPTER_WORDS = 100
WORD_TOLERANCE = 0.05
_WORD = re.compile(r"\w+")


def _stem(path: Path) -> str:
    """``pride_and_prejudice_pg1342.epub`` and ``.txt`` share ``pride_and_prejudice``."""
    return re.split(r"_pg\d+|_latex|_edition", path.stem)[0]


def pointing_at_chapters(doc: Document) -> int:
    """Outline entries followed by a chapter's worth of words before the next entry."""
    good = 0
    for i, entry in enumerate(doc.outline):
        end = doc.outline[i + 1].start if i + 1 < len(doc.outline) else len(doc.text)
        stop = min(end, entry.start + 5000)
        good += len(_WORD.findall(doc.text, entry.start, stop)) >= CHAPTER_WORDS
    return good


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not Path(argv[0]).is_dir():
        print(__doc__.strip().split("\n\n")[1].strip(), file=sys.stderr)
        return 2
    files = sorted(
        p for p in Path(argv[0]).rglob("*") if p.suffix.lower() in (".txt", ".epub", ".pdf")
    )
    words: dict[tuple[str, str], int] = {}
    failures = 0
    for path in files:
        started = time.perf_counter()
        doc = load_document(path)
        analysis = analyze_document(doc)
        seconds = time.perf_counter() - started
        corpus = Corpus()
        corpus.add(analysis)
        keywords = [k.term for k in corpus.keywords(0, top=50)]
        licence = sorted({k for k in keywords if set(k.casefold().split()) & LICENCE_WORDS})
        chapters = sum(1 for e in doc.outline if "chapter" in e.title.casefold())
        good = pointing_at_chapters(doc)
        words[(_stem(path), doc.format)] = analysis.stats.words
        boiler = len(doc.text) - len(doc.content_span) if doc.content else 0
        print(f"{path.name}  [{doc.format}, {seconds:.1f} s]")
        print(f"  title: {doc.title}")
        print(
            f"  outline: {len(doc.outline)} entries ({chapters} titled chapter), "
            f"{good}/{len(doc.outline)} point at their chapter"
        )
        last = doc.outline[-1].title if doc.outline else "-"
        print(f"  first: {[e.title for e in doc.outline[:3]]}  last: {last}")
        print(f"  boilerplate left out: {boiler:,} characters", end="; ")
        print(f"words analysed: {analysis.stats.words:,}")
        print(f"  licence words among the top 50 keywords: {licence or 'none'}")
        failures += bool(licence) + (good != len(doc.outline))
    print()
    for (stem, fmt), count in sorted(words.items()):
        plain = words.get((stem, "text"))
        if fmt in ("epub", "pdf") and plain:
            ratio = count / plain
            ok = abs(ratio - 1) <= WORD_TOLERANCE
            failures += not ok
            print(
                f"{stem}: {fmt} {count:,} words vs plain text {plain:,} "
                f"({(ratio - 1) * 100:+.1f}%, {'within' if ok else 'outside'} 5%)"
            )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
