"""The bookmark file's bytes, encoding again only the documents that changed.

Each document's JSON row is kept with the object it came from; the rows of each table are
also kept in the order last written, joined in blocks, so a write that appends or replaces
documents reuses the unchanged leading run and its blocks without visiting or copying each
row. Numbers: docs/ARCHITECTURE.md."""

from __future__ import annotations

import json
from operator import is_not, ne
from typing import Any, NamedTuple

Data = dict[str, dict[str, Any]]

ROWS_PER_BLOCK = 256
"""Rows joined into one piece of the file (~170 KB of bookmarks): an add joins one block
again instead of the whole 6.6 MB table."""


class _Written(NamedTuple):
    """A table as last encoded: its ids, documents (the objects) and rows, in order, and
    the rows joined ``ROWS_PER_BLOCK`` at a time (each block after the first starting with
    the separator)."""

    ids: list[Any]
    docs: list[Any]
    rows: list[bytes]
    blocks: list[bytes]


class RowCache:
    """Encodes whole databases (``{table: {doc id: document}}``) reusing earlier rows."""

    def __init__(self) -> None:
        # table -> doc id -> (the document encoded, an independent copy of it, its
        # b'"id":{...}' JSON)
        self._fragments: dict[str, dict[Any, tuple[Any, Any, bytes]]] = {}
        self._written: dict[str, _Written] = {}

    def encode(self, data: Data, *, replaced_only: bool) -> list[bytes]:
        """The file's bytes as pieces (written one after the other, never joined).

        ``replaced_only``: no document was edited in place since it was last encoded, so the
        very same object needs no comparison (see ``DurableJSONStorage.write``)."""
        pieces: list[bytes] = [b"{"]
        for number, (table_name, table) in enumerate(data.items()):
            blocks = self._blocks(table_name, table, replaced_only)
            header = json.dumps(table_name) + ":{\n"
            pieces.append((",\n" if number else "").encode() + header.encode("ascii"))
            pieces.extend(blocks)
            pieces.append(b"\n}")
        for gone in set(self._fragments) - set(data):
            del self._fragments[gone]
        for gone in set(self._written) - set(data):
            del self._written[gone]
        pieces.append(b"}\n")
        return pieces

    def _blocks(self, table_name: str, table: dict[Any, Any], replaced_only: bool) -> list[bytes]:
        cache = self._fragments.get(table_name)
        if cache is None:
            cache = self._fragments[table_name] = {}
        ids, docs = list(table), list(table.values())
        start = 0
        written = self._written.get(table_name)
        if replaced_only and written is not None:
            start = _same_start(ids, docs, written)
        rows = written.rows[:start] if start else []
        append = rows.append
        for doc_id, doc in zip(ids[start:], docs[start:], strict=True):
            cached = cache.get(doc_id)
            if cached is None or not (
                (replaced_only and cached[0] is doc) or _same_json(cached[1], doc)
            ):
                text = json.dumps(doc, separators=(",", ":"), allow_nan=False)
                # The copy comes from the JSON text, so it equals exactly what is written.
                row = (json.dumps(str(doc_id)) + ":" + text).encode("ascii")
                cached = cache[doc_id] = (doc, json.loads(text), row)
            elif cached[0] is not doc:  # equal, e.g. read again: next time, by identity
                cached = cache[doc_id] = (doc, cached[1], cached[2])
            append(cached[2])
        if len(cache) > len(table):  # forget deleted documents
            self._fragments[table_name] = {doc_id: cache[doc_id] for doc_id in table}
        kept = start // ROWS_PER_BLOCK  # blocks made only of rows reused as they were
        blocks = written.blocks[:kept] if kept else []
        for first in range(kept * ROWS_PER_BLOCK, len(rows), ROWS_PER_BLOCK):
            block = b",\n".join(rows[first : first + ROWS_PER_BLOCK])
            blocks.append(b",\n" + block if first else block)
        self._written[table_name] = _Written(ids, docs, rows, blocks)
        return blocks


def _same_start(ids: list[Any], docs: list[Any], written: _Written) -> int:
    """How many leading documents are, under the same ids, the very objects last encoded
    (an equal copy may still be written differently: see :func:`_same_json`). Compared in
    C with ``map``: well under a millisecond for 10 k, against ~3 ms visiting each in
    Python."""
    n = min(len(ids), len(written.ids))
    if ids[:n] == written.ids[:n] and _first_difference(is_not, docs[:n], written.docs) == n:
        return n  # the usual case: nothing changed, or documents were added at the end
    same_ids = _first_difference(ne, ids, written.ids)
    return _first_difference(is_not, docs[:same_ids], written.docs)


def _first_difference(differ: Any, new: list[Any], old: list[Any]) -> int:
    """The first position where ``differ`` says the lists differ, else the shorter length."""
    differs = list(map(differ, new, old))
    return differs.index(True) if True in differs else len(differs)


def _same_json(a: Any, b: Any) -> bool:
    """Would ``a`` and ``b`` be written alike? Python's ``==`` says ``0 == False`` and
    ``1 == 1.0``, which JSON writes differently; ``==`` first, in C, rejects most others."""
    if a != b:
        return False
    kind = type(a)
    if kind is not type(b):
        return False
    if kind is dict:
        return all(_same_json(value, b[key]) for key, value in a.items())
    if kind is list:
        return all(map(_same_json, a, b))
    return True
