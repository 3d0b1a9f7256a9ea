"""One durable ``BookmarkStore.add`` with 10,000 bookmarks stored: first add after opening,
median of the next adds (target ≤ 50 ms, fsync included), and an add after another store
wrote the file. ``python -m bench.bookmark_add [COUNT]``.
"""

from __future__ import annotations

import hashlib
import json
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from tui.store import SCHEMA_VERSION, BookmarkStore

TARGET_MS = 50.0


def _export_payload(count: int, rng: random.Random) -> str:
    vocabulary = (
        "the of and a to in is was he that it his her you as had with for she not at but be "
        "my on have him which by this all they from so said were me one their when there "
        "river harbour lantern orchard whale captain ocean storm letter garden evening"
    )
    words = vocabulary.split()
    records = []
    for i in range(count):
        quote = " ".join(rng.choice(words) for _ in range(rng.randint(15, 45)))
        start = i * 300
        records.append(
            {
                "id": uuid.uuid4().hex,
                "path": f"/home/reader/books/book-{i % 40:02d}.txt",
                "title": f"Book number {i % 40}",
                "sha256": hashlib.sha256(str(i % 40).encode()).hexdigest(),
                "position": {"start": start, "end": start + len(quote)},
                "quote": {
                    "exact": quote,
                    "prefix": " ".join(rng.choice(words) for _ in range(8))[:32],
                    "suffix": " ".join(rng.choice(words) for _ in range(8))[:32],
                },
                "note": " ".join(rng.choice(words) for _ in range(rng.randint(0, 20))),
                "tags": rng.sample(["sea", "whales", "quotes", "todo", "ch1", "ch2"], 2),
                "created": "2025-01-01T00:00:00.000+00:00",
                "updated": "2025-01-01T00:00:00.000+00:00",
                "state": "anchored",
            }
        )
    return json.dumps(
        {"format": "lectern-bookmarks", "schema_version": SCHEMA_VERSION, "bookmarks": records}
    )


def run(count: int = 10_000, adds: int = 15) -> dict[str, float]:
    """Build a store of ``count`` bookmarks and time single adds (see the module docstring)."""
    rng = random.Random(42)
    text = "It is a truth universally acknowledged, that a single man in possession. " * 50
    sha = hashlib.sha256(text.encode()).hexdigest()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bookmarks.json"
        added, _ = BookmarkStore.open(db).import_json(_export_payload(count, rng))
        assert added == count

        def timed_add(store: BookmarkStore, i: int) -> float:
            start = time.perf_counter()
            store.add("/bench.txt", "Bench", text, sha, i, i + 80, note="a new note", tags=["b"])
            return (time.perf_counter() - start) * 1000

        store = BookmarkStore.open(db)
        first = timed_add(store, 0)
        steady = [timed_add(store, i) for i in range(1, adds + 1)]

        other = BookmarkStore.open(db)
        contended = []
        for i in range(5):
            other.set_position("/bench.txt", i, sha)  # another writer changes the file
            contended.append(timed_add(store, 100 + i))

        return {
            "bookmarks": float(count),
            "file_mb": db.stat().st_size / 1e6,
            "first_add_ms": first,
            "median_add_ms": statistics.median(steady),
            "after_other_writer_ms": statistics.median(contended),
            "target_ms": TARGET_MS,
        }


def main(argv: list[str]) -> int:
    count = int(argv[0]) if argv else 10_000
    result = run(count)
    for key, value in result.items():
        print(f"{key:>22}: {value:,.1f}")
    verdict = "meets" if result["median_add_ms"] <= TARGET_MS else "misses"
    print(f"median add {verdict} the {TARGET_MS:.0f} ms target")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
