"""How common each term key is in general English: the reference for a single book's keyness.

The table ships as ``data/reference_en.tsv`` (derived from wordfreq's English list, CC BY-SA
4.0, see its header), keyed like :mod:`analysis.nlp.terms`, so nothing is stemmed at run time.
``python -m analysis.nlp.reference`` rebuilds it (needs the ``wordfreq`` package).
"""

from __future__ import annotations

import math
import sys
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

__all__ = ["REFERENCE_FILE", "ReferenceTable", "build_reference", "read_table", "reference_table"]

REFERENCE_FILE = Path(__file__).resolve().with_name("data") / "reference_en.tsv"


@dataclass(frozen=True, slots=True)
class ReferenceTable:
    """Share of general English's content-word tokens taken by each key."""

    shares: Mapping[str, float]
    floor: float
    """Share assumed for a key missing from the table (rarer than every listed word)."""
    source: str

    def share(self, key: str) -> float:
        """A key's share. A two-word key gets its rarer word's: a phrase is never more
        common than its rarer word, and a name's parts rarely occur apart."""
        if " " in key:
            first, _, second = key.partition(" ")
            return min(self.share(first), self.share(second))
        return self.shares.get(key, self.floor)


_LOCK = threading.Lock()
_TABLE: list[ReferenceTable | None] = []


def reference_table() -> ReferenceTable | None:
    """The shipped table, read once per process; None if the file is missing or damaged."""
    if _TABLE:
        return _TABLE[0]
    with _LOCK:
        if not _TABLE:
            _TABLE.append(read_table(REFERENCE_FILE))
    return _TABLE[0]


def read_table(path: Path) -> ReferenceTable | None:
    """The table in ``path``; None if it cannot be read or a share is not a fraction."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    shares: dict[str, float] = {}
    source = ""
    try:
        for line in lines:
            if line.startswith("#"):
                if line.startswith("# source:"):
                    source = line[len("# source:") :].strip()
                continue
            key, _, value = line.partition("\t")
            shares[key] = float(value)
    except ValueError:
        return None
    if not shares or not all(0 < v < 1 and math.isfinite(v) for v in shares.values()):
        return None
    return ReferenceTable(shares, min(shares.values()) / 2, source)


# --------------------------------------------------------------------------- rebuilding


def build_reference(wordlist: str = "small") -> tuple[dict[str, float], str]:
    """Key -> share of content-word tokens, from wordfreq's English ``wordlist``, and a note
    naming the source. Words that are not content words (stopwords, numbers) are left out
    and the rest renormalised, as a document's profile counts only content words."""
    from importlib.metadata import version

    import wordfreq

    from analysis.nlp.resources import parse_word_list
    from analysis.nlp.terms import token_info

    # Lectern's own stopword list, so the table does not depend on the builder's nltk_data.
    own = parse_word_list((REFERENCE_FILE.parent / "stopwords_en.txt").read_text("utf-8"))
    totals: dict[str, float] = {}
    for word, freq in wordfreq.get_frequency_dict("en", wordlist=wordlist).items():
        key = token_info(word, own).key
        if key:
            totals[key] = totals.get(key, 0.0) + freq
    mass = sum(totals.values())
    shares = {key: freq / mass for key, freq in totals.items()}
    return shares, f"wordfreq {version('wordfreq')} English {wordlist!r} list"


def _write(path: Path, shares: Mapping[str, float], source: str) -> None:
    header = [
        f"# source: {source}, stemmed as Lectern keys (its own stopwords left out)",
        "# Derived from wordfreq's data (Robyn Speer et al.), licensed CC BY-SA 4.0:",
        "# https://creativecommons.org/licenses/by-sa/4.0/ - this file is under the same licence.",
        "# Each line: key<TAB>share of general English's content-word tokens.",
    ]
    ordered = sorted(shares.items(), key=lambda kv: (-kv[1], kv[0]))
    body = [f"{key}\t{share:.4g}" for key, share in ordered]
    path.write_text("\n".join(header + body) + "\n", encoding="utf-8")


if __name__ == "__main__":
    table, note = build_reference()
    _write(REFERENCE_FILE, table, note)
    print(f"{len(table)} keys written to {REFERENCE_FILE}", file=sys.stderr)
