"""A child process for the concurrency and crash tests (run as a script, not collected).

Usage: ``python store_worker.py DB TAG COUNT`` adds COUNT bookmarks (0 = until killed).
It prints ``ready`` once the store is open, waits for a line on stdin if ``--wait`` is given
(so several workers start together), then prints each bookmark id after ``add`` returned.
"""

from __future__ import annotations

import hashlib
import itertools
import sys

from tui.store import BookmarkStore

TEXT = "The quick brown fox jumps over the lazy dog. " * 20
SHA = hashlib.sha256(TEXT.encode()).hexdigest()


def main(argv: list[str]) -> int:
    wait = "--wait" in argv
    db, tag, count = (a for a in argv if a != "--wait")
    store = BookmarkStore.open(db)
    if store.problems:
        print("problem: " + " | ".join(store.problems), flush=True)
        return 1
    print("ready", flush=True)
    if wait:
        sys.stdin.readline()
    numbers = itertools.count() if int(count) == 0 else range(int(count))
    for i in numbers:
        start = (i * 7) % 800
        note = f"{tag}-{i} " + "a note of a realistic length, with a few words " * 2
        bookmark = store.add("/doc.txt", "Fox", TEXT, SHA, start, start + 60, note=note, tags=[tag])
        print(bookmark.id, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
