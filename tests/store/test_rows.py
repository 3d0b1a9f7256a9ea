"""RowCache: rows reused from earlier writes must give the very bytes a fresh encoding gives."""

from __future__ import annotations

import json
from typing import Any
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tui.store.rows
from tui.store.rows import RowCache


class CountingDict(dict):
    """A document that counts how often it is compared."""

    comparisons = 0

    def __eq__(self, other: object) -> bool:
        CountingDict.comparisons += 1
        return dict.__eq__(self, other)

    __hash__ = None  # type: ignore[assignment]


def fresh_bytes(data: dict[str, Any]) -> bytes:
    return b"".join(RowCache().encode(data, replaced_only=False))


def test_documents_added_at_the_end_reuse_every_earlier_row_uncompared() -> None:
    rows = RowCache()
    table = {str(i): CountingDict(n=i) for i in range(1, 1001)}
    rows.encode({"t": table}, replaced_only=True)
    CountingDict.comparisons = 0
    table["1001"] = CountingDict(n=1001)
    encoded = b"".join(rows.encode({"t": table}, replaced_only=True))
    assert CountingDict.comparisons == 0
    assert encoded == fresh_bytes({"t": table})
    table["1002"] = CountingDict(n=1002)
    pieces = rows.encode({"t": table}, replaced_only=True)
    assert b"".join(pieces) == fresh_bytes({"t": table})
    assert max(map(len, pieces)) < len(encoded) // 3  # written in blocks, not one join
    assert json.loads(encoded)["t"]["1001"] == {"n": 1001}


def test_a_document_replaced_in_the_middle_is_encoded_again() -> None:
    rows = RowCache()
    table = {str(i): {"n": i} for i in range(1, 6)}
    rows.encode({"t": table, "u": {"1": {"x": 1}}}, replaced_only=True)
    table["3"] = {"n": 300}
    encoded = b"".join(rows.encode({"t": table, "u": {"1": {"x": 1}}}, replaced_only=True))
    assert encoded == fresh_bytes({"t": table, "u": {"1": {"x": 1}}})
    assert json.loads(encoded)["t"]["3"] == {"n": 300}


operations = st.lists(
    st.tuples(
        st.sampled_from(["put", "delete", "move-to-end", "copy-in", "plain-write"]),
        st.sampled_from(["a", "b"]),
        st.integers(1, 6).map(str),
        st.integers(0, 2) | st.booleans() | st.sampled_from([0.0, 1.0]) | st.text(max_size=2),
    ),
    min_size=1,
    max_size=25,
)


@settings(max_examples=150, deadline=None)
@given(steps=operations)
def test_property_reused_rows_equal_a_fresh_encoding(steps) -> None:
    rows = RowCache()
    data: dict[str, dict[str, Any]] = {}
    with mock.patch.object(tui.store.rows, "ROWS_PER_BLOCK", 2):  # blocks reused and redone
        replay(rows, data, steps)


def replay(rows: RowCache, data: dict[str, dict[str, Any]], steps) -> None:
    for operation, table_name, doc_id, value in steps:
        table = data.setdefault(table_name, {})
        replaced_only = True
        if operation == "put":
            table[doc_id] = {"v": value}
        elif operation == "delete":
            table.pop(doc_id, None)
        elif operation == "move-to-end" and doc_id in table:
            table[doc_id] = table.pop(doc_id)
        elif operation == "copy-in":  # the whole database read again: equal, new objects
            data = json.loads(json.dumps(data))
        elif operation == "plain-write" and table:  # edited in place, then a plain write
            next(iter(table.values()))["w"] = value
            replaced_only = False
        assert b"".join(rows.encode(data, replaced_only=replaced_only)) == fresh_bytes(data)


@pytest.mark.parametrize(("before", "after"), [(0, False), (1, 1.0), ([1], [True]), (True, 1)])
def test_a_new_document_equal_only_in_python_is_encoded_again(before: Any, after: Any) -> None:
    rows = RowCache()
    rows.encode({"t": {"1": {"v": before}}}, replaced_only=True)
    encoded = b"".join(rows.encode({"t": {"1": {"v": after}}}, replaced_only=True))
    assert encoded == fresh_bytes({"t": {"1": {"v": after}}})
